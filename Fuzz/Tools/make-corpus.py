#!/usr/bin/env python3
"""Builds the seed corpora Fuzz/corpus/<target>/ and is the record of where each seed came from.

Seeds are small cuts of the committed open data (Data/), the test fixtures, and the tiny data and task checkpoints
of Scripts/check-hostile.py (trained with the given `lstm`). Usage: Fuzz/Tools/make-corpus.py --lstm PATH/lstm
"""
import argparse, gzip, importlib.util, io, os, shutil, struct, subprocess, tarfile, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def head(path, lines):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(os.path.join(ROOT, path), "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


def wav(channels, rate, bits, frames, fmt=1):
    block = channels * bits // 8
    samples = bytes((k * 37) % 256 for k in range(frames * block))
    fmt_chunk = struct.pack("<HHIIHH", fmt, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk + b"data" + struct.pack("<I", len(samples)) + samples
    return b"RIFF" + struct.pack("<I", len(body)) + body


def midi():
    track = bytes([0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0x90, 60, 80, 0x83, 0x60, 0x80, 60, 0,
                   0x00, 0x90, 64, 80, 0x60, 64, 0, 0x00, 0xFF, 0x2F, 0x00])
    return b"MThd" + struct.pack(">IHHH", 6, 1, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lstm", required=True)
    args = parser.parse_args()
    shutil.rmtree(CORPUS, ignore_errors=True)
    fixtures = os.path.join(ROOT, "Tests/LSTMKitTests/Fixtures/pytorch-import")
    for name in sorted(os.listdir(fixtures)):
        with open(os.path.join(fixtures, name), "rb") as f:
            data = f.read()
        put("pytorch", name, data)
        put("safetensors", name, data)
    put("timeseries-csv", "airpassengers.csv", head("Data/airpassengers/AirPassengers.csv", 30))
    put("timeseries-csv", "co2.csv", head("Data/co2-mauna-loa/co2-monthly-R.csv", 30))
    put("timeseries-csv", "msft.csv", head("Data/msft-stock/msft.csv", 20))
    put("timeseries-csv", "sunspots.csv", head("Data/sunspots/sunspot.month.csv", 30))
    put("labeled-csv", "long.csv", "id,time,label,a,b\ns1,1,up,0.5,1\ns1,2,up,0.25,-2\ns2,1,down,1e-3,4\ns2,2,down,3,5\n")
    put("labeled-csv", "wide.csv", "label,x1,x2,x3\nup,1,2,3\ndown,-1,0.5,2e3\n")
    put("labeled-csv", "digits.csv", head("Data/digits-8x8/digits.csv.gz", 4))
    # The header and the first two utterances (5 KB): libFuzzer sizes its inputs by the largest seed, and 60
    # lines (90 KB) made the target 10x slower for no new coverage.
    ts = head("Data/japanese-vowels/JapaneseVowels_TRAIN.ts", 17).split(b"\n")
    put("ts", "japanese-vowels.ts", b"\n".join(line for line in ts if not line.startswith(b"#")))
    put("text", "shakespeare.txt", head("Data/tiny-shakespeare/input.txt", 40))
    put("text", "utf8.txt", "naïve café — 日本語 ✓\nzweite Zeile\n")
    put("gzip", "masc.gz", gzip.compress(head("Data/masc-pos/train.txt.gz", 40), mtime=0))
    put("gzip", "empty.gz", gzip.compress(b"", mtime=0))
    put("gzip", "zeros.gz", gzip.compress(bytes(200_000), mtime=0))
    put("wav", "pcm16-mono.wav", wav(1, 16000, 16, 64))
    put("wav", "pcm16-stereo.wav", wav(2, 8000, 16, 32))
    put("wav", "pcm8.wav", wav(1, 8000, 8, 64))
    put("wav", "float32.wav", wav(1, 16000, 32, 32, fmt=3))
    put("midi", "notes.mid", midi())
    put("conll", "masc.txt", head("Data/masc-pos/train.txt.gz", 40))
    put("conll", "ner.txt", "-DOCSTART- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\n")
    put("parallel", "de-en", b"eins zwei.\ndrei vier.\n\xffOne two.\nThree four.\n")
    put("treebank", "sst.txt", "(3 (2 It) (4 (4 (2 's) (4 (3 (2 a) (4 (3 lovely) (2 film))))) (2 .)))\n(1 (2 Not) (1 good))\n")
    members = io.BytesIO()
    with tarfile.open(fileobj=members, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in [("data/a.txt", b"hello\n"), ("data/b.csv", b"x,y\n1,2\n")]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 0
            tar.addfile(info, io.BytesIO(data))
    put("tar", "two-files.tar", members.getvalue())
    put("search-space", "mixed", "learningRate=loguniform(1e-4,1e-1);hiddenSize=choice(32,64,128);dropout=uniform(0,0.5);cell=choice(lstm,gru)")
    put("search-space", "int", "layers=int(1,3);batchSize=int(8,64,8)")
    put("vocabulary", "chars.json", '{"format":"lstmkit-vocabulary","specials":{"padding":"<pad>","unknown":"<unk>"},"tokens":["<pad>","<unk>","a","b"],"version":1}')

    spec = importlib.util.spec_from_file_location("hostile", os.path.join(ROOT, "Scripts/check-hostile.py"))
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    with tempfile.TemporaryDirectory() as tmp:
        d = hostile.make_data(tmp)
        for task in hostile.TASKS:
            out = os.path.join(tmp, "runs", task)
            subprocess.run([args.lstm] + hostile.train_args(task, d, out), check=True, capture_output=True)
            with open(os.path.join(out, "best.safetensors"), "rb") as f:
                data = f.read()
            put("checkpoint", task + ".safetensors", data)
            put("safetensors", task + ".safetensors", data)
        with open(d["csv"], "rb") as f:
            put("timeseries-csv", "hostile-sales.csv", f.read())
        with open(os.path.join(d["ts"], "Toy_TRAIN.ts"), "rb") as f:
            put("ts", "toy.ts", f.read())
        with open(os.path.join(d["tag"], "dev.txt"), "rb") as f:
            put("conll", "tag-dev.txt", f.read())
        with open(os.path.join(d["mt"], "val.de"), "rb") as f:
            de = f.read()
        with open(os.path.join(d["mt"], "val.en"), "rb") as f:
            put("parallel", "val", de + b"\xff" + f.read())
    print("corpora written to", CORPUS)


if __name__ == "__main__":
    main()
