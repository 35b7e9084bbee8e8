#!/usr/bin/env python3
"""Hostile input through the `lstm` CLI: every bad input must be one clean line, never a trap.

Builds the bad inputs itself in a temporary directory (tiny training runs of six tasks, then edited
checkpoints, broken data files and absurd option values) and runs the built `lstm` on each. A case passes when:
  - the exit status is 1 (not a trap's signal, not ArgumentParser's usage status 64),
  - stderr is exactly one line, starting `Error: `, containing the case's fragment (the option, file or line
    it names), with no backtrace,
  - nothing was written: the temporary tree (files, sizes, modification times) is the same afterwards.
A few cases check more than that (diverging training keeps the last good checkpoint; stale `*.tmp-*` files are
cleaned up). Python 3 standard library only; deterministic (fixed data, fixed seeds).

    Scripts/check-hostile.py                   # .build/debug/lstm (swift build first)
    Scripts/check-hostile.py --lstm .build/release/lstm -v
    Scripts/check-hostile.py -k forecast       # only the cases whose name contains "forecast"
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------------------------------------------
# Tiny data in every layout the tasks read (the same shapes as Tests/lstmTests/CLITestSupport.swift).

TEXT = ("ROMEO:\nBut soft, what light through yonder window breaks?\n\n"
        "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n") * 3


def forecast_csv(cell=None, row=20):
    """60 monthly rows month,sales,price; `cell` replaces the sales value of data row `row` (line row + 2)."""
    lines = ["month,sales,price"]
    for t in range(60):
        sales = 50 + t + 10 * [0, 1, 3, 1][t % 4]
        value = cell if (cell is not None and t == row) else "%.1f" % sales
        lines.append("%04d-%02d,%s,%.2f" % (2000 + t // 12, t % 12 + 1, value, 1 + 0.01 * t))
    return "\n".join(lines) + "\n"


def ts_file(cases, first=0, dimensions_header=6, value=None):
    """A UCR/UEA .ts file of 6 dimensions; `value` replaces the first value of the first case."""
    lines = ["# check-hostile", "@problemName Toy", "@univariate false", "@dimensions %d" % dimensions_header,
             "@equalLength false", "@classLabel true up down", "@data"]
    for i in range(first, first + cases):
        label = i % 2
        sign, offset = (0.5 if label == 0 else -0.5), (i % 5) * 0.01
        dims = []
        for d in range(6):
            vals = ["%g" % (sign * t + 0.1 * d + offset) for t in range(4 + i % 4)]
            if value is not None and i == first and d == 0:
                vals[0] = value
            dims.append(",".join(vals))
        lines.append(":".join(dims) + ":" + ["up", "down"][label])
    return "\n".join(lines) + "\n"


def sentences(positive):
    return [("a great , warm film number %d ." if positive else "a dull , boring mess number %d .") % k
            for k in range(10)]


def tag_sentences(count, seed):
    """Deterministic toy CoNLL sentences (word POS chunk)."""
    dets, adjs = ["the", "a", "every", "this"], ["big", "small", "red", "old", "happy"]
    nouns, verbs = ["dog", "cat", "man", "house", "idea", "bird", "car"], ["sees", "likes", "takes", "finds"]
    state = seed * 2654435761 % 2**32 or 1

    def rnd(n):
        nonlocal state
        state = (1103515245 * state + 12345) % 2**31
        return state % n

    out = []
    for _ in range(count):
        def np_():
            p = [(dets[rnd(4)], "DT", "B-NP")]
            if rnd(2) == 0:
                p.append((adjs[rnd(5)], "JJ", "I-NP"))
            p.append((nouns[rnd(7)], "NN", "I-NP"))
            return p
        out.append(np_() + [(verbs[rnd(4)], "VBZ", "B-VP")] + np_() + [(".", ".", "O")])
    return "\n\n".join("\n".join(" ".join(r) for r in s) for s in out) + "\n"


def write(path, content, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(content)
    return path


# ---------------------------------------------------------------------------------------------------------------
# safetensors editing: 8-byte little-endian header length, JSON header, raw data.

def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    return json.loads(blob[8:8 + n]), bytearray(blob[8 + n:])


def write_safetensors(path, header, data):
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    write(path, struct.pack("<Q", len(text)) + text + bytes(data), "wb")
    return path


def edited_checkpoint(source, target, config=None, attachment=None, tensor=None, header=None):
    """A copy of `source` with the config edited (`config(dict)` changes it in place), an attachment edited
    (`attachment = (name, function)`), a tensor's bytes edited (`tensor(header, data)`), or the header edited."""
    head, data = read_safetensors(source)
    meta = head["__metadata__"]
    if config:
        c = json.loads(meta["lstmkit.config"])
        config(c)
        meta["lstmkit.config"] = json.dumps(c)
    if attachment:
        name, change = attachment
        key = "lstmkit.attachment." + name
        value = json.loads(meta[key])
        value = change(value) or value
        meta[key] = json.dumps(value)
    if tensor:
        tensor(head, data)
    if header:
        header(head)
    return write_safetensors(target, head, data)


def set_path(config, path, value):
    """Sets config["a"]["b"] for path "a.b" (the key must exist)."""
    keys = path.split(".")
    node = config
    for k in keys[:-1]:
        node = node[k]
    if keys[-1] not in node:
        raise KeyError("config has no field %s (keys: %s)" % (path, sorted(node)))
    node[keys[-1]] = value


# ---------------------------------------------------------------------------------------------------------------
# Running the CLI.

def snapshot(root):
    """Every path under root with its size and modification time."""
    state = {}
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(base, name)
            try:
                st = os.lstat(p)
            except FileNotFoundError:
                continue
            state[p] = (st.st_size, st.st_mtime_ns, os.path.isdir(p))
    return state


class Runner:
    def __init__(self, lstm, root, verbose):
        self.lstm, self.root, self.verbose = lstm, root, verbose
        self.results = []

    def run(self, args, timeout=60, cwd=None):
        start = time.time()
        try:
            p = subprocess.run([self.lstm] + args, capture_output=True, timeout=timeout, cwd=cwd or self.root,
                               stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), time.time() - start
        except subprocess.TimeoutExpired:
            return None, "", "", time.time() - start

    def setup(self, args):
        """A run that must succeed (building the tiny checkpoints)."""
        code, out, err, _ = self.run(args, timeout=300)
        if code != 0:
            sys.exit("check-hostile: setup failed (%s): lstm %s\n%s" % (code, " ".join(args), err[-2000:]))

    def expect_error(self, klass, name, args, fragment, timeout=60):
        """The case passes when lstm exits 1 with one line `Error: ...` containing every string of `fragment`
        (the file, line or option it must name), writing nothing."""
        before = snapshot(self.root)
        code, out, err, seconds = self.run(args, timeout=timeout)
        after = snapshot(self.root)
        problems = []
        lines = err.splitlines()
        if code is None:
            problems.append("hang (no exit within %d s)" % timeout)
        elif code < 0 or code >= 128:
            problems.append("trap (signal %d)" % (-code if code < 0 else code - 128))
        elif code != 1:
            problems.append("exit status %d" % code)
        if code is not None:
            if len(lines) != 1:
                problems.append("%d lines on stderr" % len(lines))
            if not lines or not lines[0].startswith("Error: "):
                problems.append("stderr does not start with 'Error: '")
            else:
                for f in fragment:   # a string, or a tuple of alternatives
                    alternatives = f if isinstance(f, tuple) else (f,)
                    if not any(a in lines[0] for a in alternatives):
                        problems.append("message does not name %s" % " or ".join(map(repr, alternatives)))
            if "Fatal error" in err or "Stack dump" in err or "backtrace" in err.lower():
                problems.append("backtrace")
        written = sorted(set(after) - set(before)) + sorted(p for p in before if p in after and before[p] != after[p]
                                                            and not before[p][2])
        removed = sorted(set(before) - set(after))
        if written:
            problems.append("wrote %s" % ", ".join(os.path.relpath(p, self.root) for p in written[:3]))
        if removed:
            problems.append("removed %s" % ", ".join(os.path.relpath(p, self.root) for p in removed[:3]))
        self.record(klass, name, args, problems, err, seconds)

    def record(self, klass, name, args, problems, err, seconds):
        self.results.append((klass, name, problems))
        if problems or self.verbose:
            status = "FAIL" if problems else "ok  "
            first = err.strip().splitlines()[0][:220] if err.strip() else ""
            print("%s [%s] %s (%.1f s): %s" % (status, klass, name, seconds, "; ".join(problems) or first))
            if problems and self.verbose:
                print("      lstm " + " ".join(a if len(a) < 80 else a[:77] + "..." for a in args))
                for line in err.strip().splitlines()[:4]:
                    print("      | " + line[:200])


# ---------------------------------------------------------------------------------------------------------------
# The tiny runs every checkpoint case starts from.

def make_data(root):
    d = {}
    d["text"] = write(os.path.join(root, "data/tiny.txt"), TEXT)
    d["csv"] = write(os.path.join(root, "data/sales.csv"), forecast_csv())
    write(os.path.join(root, "data/ts/Toy_TRAIN.ts"), ts_file(24))
    write(os.path.join(root, "data/ts/Toy_TEST.ts"), ts_file(8, 24))
    d["ts"] = os.path.join(root, "data/ts")
    d["ts_test"] = os.path.join(root, "data/ts/Toy_TEST.ts")
    write(os.path.join(root, "data/mr/rt-polarity.pos"), "\n".join(sentences(True)) + "\n")
    write(os.path.join(root, "data/mr/rt-polarity.neg"), "\n".join(sentences(False)) + "\n")
    d["mr"] = os.path.join(root, "data/mr")
    for name, count, seed in [("train", 160, 1), ("dev", 10, 2), ("test", 20, 3)]:
        write(os.path.join(root, "data/tag/%s.txt" % name), tag_sentences(count, seed))
    d["tag"] = os.path.join(root, "data/tag")
    words = [("eins", "one"), ("zwei", "two"), ("drei", "three"), ("vier", "four")]
    for split, count in [("train", 60), ("val", 10), ("test_2016_flickr", 10)]:
        de, en = [], []
        for k in range(count):
            picks = [words[(k * 7 + j * 3) % 4] for j in range(2 + k % 3)]
            de.append(" ".join(p[0] for p in picks) + ".")
            en.append(" ".join(p[1] for p in picks).capitalize() + ".")
        write(os.path.join(root, "data/mt/%s.de" % split), "\n".join(de) + "\n")
        write(os.path.join(root, "data/mt/%s.en" % split), "\n".join(en) + "\n")
    d["mt"] = os.path.join(root, "data/mt")
    return d


def train_args(task, d, output):
    """`lstm train <task>` on the tiny data: well under a second each in a debug build."""
    return {
        "textgen": ["train", "textgen", "--data", d["text"], "--steps", "2", "--batch-size", "2", "--seq-length", "8",
                    "--hidden-size", "8", "--embedding-size", "4", "--layers", "1", "--eval-every", "1",
                    "--sample-length", "0"],
        "forecast": ["train", "forecast", "--data", d["csv"], "--target", "sales", "--date", "month", "--season", "4",
                     "--window", "8", "--horizon", "3", "--test-size", "9", "--validation-size", "6",
                     "--hidden-size", "4", "--epochs", "2"],
        "classify": ["train", "classify", "--data", d["ts"], "--hidden-size", "4", "--epochs", "2", "--batch-size", "8"],
        "sentiment": ["train", "sentiment", "--data", d["mr"], "--embedding-size", "4", "--hidden-size", "4",
                      "--epochs", "1", "--batch-size", "8"],
        "tag": ["train", "tag", "--data", d["tag"], "--embedding-size", "4", "--feature-size", "4",
                "--char-embedding-size", "4", "--char-hidden-size", "4", "--hidden-size", "4", "--epochs", "1",
                "--batch-size", "16"],
        "translate": ["train", "translate", "--data", d["mt"], "--embedding-size", "4", "--encoder-hidden-size", "4",
                      "--decoder-hidden-size", "8", "--batch-size", "16", "--epochs", "1", "--min-frequency", "1"],
    }[task] + ["--output", output]


# What uses a checkpoint of each task (besides `lstm evaluate`).
def inference_args(task, checkpoint, d):
    return {
        "textgen": ["sample", checkpoint, "--length", "5"],
        "forecast": ["predict", checkpoint],
        "classify": ["predict", checkpoint, "--file", d["ts_test"]],
        "sentiment": ["predict", checkpoint, "a great film"],
        "tag": ["tag", checkpoint, "the dog sees a cat ."],
        "translate": ["translate", checkpoint, "eins zwei."],
    }[task]


TASKS = ["textgen", "forecast", "classify", "sentiment", "tag", "translate"]

# Config edits every task's checkpoint is refused with: (name, config path, value, fragment the error names).
COMMON_CONFIG_EDITS = [
    ("hiddenSize 0", "model.hiddenSize", 0, "hiddenSize"),
    ("hiddenSize -1", "model.hiddenSize", -1, "hiddenSize"),
    ("hiddenSize 2^62", "model.hiddenSize", 2**62, "hiddenSize"),
    ("hiddenSize 1000000", "model.hiddenSize", 1000000, "hiddenSize"),
    ("layerCount 0", "model.layerCount", 0, "layerCount"),
    ("layerCount 2^40", "model.layerCount", 2**40, "layerCount"),
    ("model dropout 2.0", "model.dropout", 2.0, "dropout"),
    ("batchSize 0", "training.batchSize", 0, "batchSize"),
    ("learningRate -1", "training.learningRate", -1, "learningRate"),
    ("cell bogus", "model.cell", "bogus", "config"),
]

TASK_CONFIG_EDITS = {
    "textgen": [("embeddingSize 0", "embeddingSize", 0, "embeddingSize"),
                ("embeddingSize 2^62", "embeddingSize", 2**62, "embeddingSize"),
                ("seqLength 0", "seqLength", 0, "seqLength"),
                ("dropout 2.0", "dropout", 2.0, "dropout")],
    "forecast": [("window 0", "window", 0, "window"),
                 ("window 2^62", "window", 2**62, "window"),
                 ("window -3", "window", -3, "window"),
                 ("horizon 0", "horizon", 0, "horizon"),
                 ("horizon 2^62", "horizon", 2**62, "horizon"),
                 ("season -12 (lags [-12])", "season", -12, "season"),
                 ("testSize 0", "testSize", 0, "testSize")],
    "classify": [("pooling bogus", "pooling", "bogus", "config"),
                 ("testFraction 2", "testFraction", 2.0, "testFraction"),
                 ("dropout 2.0", "dropout", 2.0, "dropout")],
    "sentiment": [("embeddingSize 0", "embeddingSize", 0, "embeddingSize"),
                  ("embeddingSize 2^62", "embeddingSize", 2**62, "embeddingSize"),
                  ("attentionSize 0", "attentionSize", 0, "attentionSize"),
                  ("dropout 2.0", "dropout", 2.0, "dropout")],
    "tag": [("wordEmbeddingSize 0", "wordEmbeddingSize", 0, "wordEmbeddingSize"),
            ("characterHiddenSize -1", "characterHiddenSize", -1, "characterHiddenSize"),
            ("characterEmbeddingSize 2^62", "characterEmbeddingSize", 2**62, "characterEmbeddingSize"),
            ("dropout 2.0", "dropout", 2.0, "dropout")],
    "translate": [("embeddingSize 0", "embeddingSize", 0, "embeddingSize"),
                  ("decoderHiddenSize 2^62", "decoderHiddenSize", 2**62, "decoderHiddenSize"),
                  ("dropout 2.0", "dropout", 2.0, "dropout")],
}

# Attachment edits: (name, attachment, function editing the decoded value (returns the new one or None)).
ATTACHMENT_EDITS = {
    "forecast": [("scaler of width 3", "scaler", lambda s: s.update(mean=s["mean"] * 3, scale=s["scale"] * 3)),
                 ("scaler of width 0", "scaler", lambda s: s.update(mean=[], scale=[])),
                 ("scaler scale 0", "scaler", lambda s: s.update(scale=[0.0] * len(s["scale"]))),
                 ("scaler scale -1", "scaler", lambda s: s.update(scale=[-1.0] * len(s["scale"]))),
                 ("scaler mean 1e39", "scaler", lambda s: s.update(mean=[1e39] * len(s["mean"])))],
    "classify": [("scaler of width 2", "scaler", lambda s: s.update(mean=s["mean"][:2], scale=s["scale"][:2])),
                 ("scaler scale 0", "scaler", lambda s: s.update(scale=[0.0] * len(s["scale"]))),
                 ("one class name", "classNames", lambda c: c[:1]),
                 ("a repeated class name", "classNames", lambda c: [c[0], c[0]]),
                 ("three class names (the head has 2 rows)", "", lambda c: c + ["sideways"])],
    "textgen": [("vocabulary without tokens", "vocabulary", lambda v: v.update(tokens=[])),
                ("vocabulary one token short", "vocabulary", lambda v: v.update(tokens=v["tokens"][:-1])),
                ("vocabulary with a repeated token", "vocabulary", lambda v: v.update(tokens=v["tokens"] + [v["tokens"][0]]))],
    "sentiment": [("vocabulary one token short", "vocabulary", lambda v: v.update(tokens=v["tokens"][:-1])),
                  ("three class names (the head has 2 rows)", "", lambda c: c + ["neutral"])],
    "tag": [("scheme bogus", "scheme", lambda s: "bogus")],
}


def parameter_tensor(head):
    return sorted(k for k in head if k != "__metadata__" and not k.startswith("optimizer.")
                  and head[k]["dtype"] == "F32")[0]


def poke(value):
    def edit(head, data):
        start = head[parameter_tensor(head)]["data_offsets"][0]
        data[start:start + 4] = struct.pack("<f", value)
    return edit


def reshape(head, data):
    name = parameter_tensor(head)
    shape = head[name]["shape"]
    head[name]["shape"] = [shape[0] * 2] + shape[1:]


def offsets_past_end(head, data):
    name = parameter_tensor(head)
    head[name]["data_offsets"][1] = len(data) + 4096


def overflowing_shape(head, data):
    head[parameter_tensor(head)]["shape"] = [2**62, 2**62]


def drop_tensor(head, data):
    del head[parameter_tensor(head)]


def as_f64(head, data):
    head[parameter_tensor(head)]["dtype"] = "F64"


TENSOR_EDITS = [
    ("NaN weight", poke(float("nan")), "NaN"),
    ("infinite weight", poke(float("inf")), "infinite"),
    ("tensor with twice the rows", reshape, ""),
    ("tensor offsets past the end", offsets_past_end, ""),
    ("tensor shape overflowing Int", overflowing_shape, ""),
    ("missing tensor", drop_tensor, ""),
    ("tensor declared F64", as_f64, ""),
]


def raw_files(root, source):
    """Damaged files: truncated, empty, garbage, a header length beyond the file, a header that is not JSON."""
    blob = open(source, "rb").read()
    n = struct.unpack("<Q", blob[:8])[0]
    files = {
        "truncated in the data": blob[:len(blob) - 100],
        "truncated in the header": blob[:8 + n // 2],
        "empty file": b"",
        "7 bytes": blob[:7],
        "garbage": bytes(range(256)) * 4,
        "header length 2^63": struct.pack("<Q", 2**63) + blob[8:],
        "header length beyond the file": struct.pack("<Q", len(blob)) + blob[8:],
        "header not JSON": struct.pack("<Q", 16) + b"{not json at all" + blob[24:],
        "header a JSON array": struct.pack("<Q", 8) + b"[1,2,3] " + blob[16:],
    }
    out = []
    for name, content in files.items():
        path = os.path.join(root, "ckpt", name.replace(" ", "-") + ".safetensors")
        write(path, content, "wb")
        out.append((name, path))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The cases.

BIG = str(2**63 - 1)


def checkpoint_cases(r, root, d, runs):
    edits = os.path.join(root, "ckpt")
    for task in TASKS:
        best = os.path.join(runs[task], "best.safetensors")
        variants = []
        for name, path, value, field in COMMON_CONFIG_EDITS + TASK_CONFIG_EDITS[task]:
            if task == "translate":  # an encoder and a decoder instead of one `model`
                path = {"model.hiddenSize": "encoderHiddenSize", "model.layerCount": "encoderLayers",
                        "model.dropout": "dropout", "model.cell": "encoderCell"}.get(path, path)
                field = {"hiddenSize": "encoderHiddenSize", "layerCount": "encoderLayers"}.get(field, field)
            variants.append((name, dict(config=lambda c, p=path, v=value: set_path(c, p, v)), field))
        if task == "forecast":
            def lags(c):
                c["season"], c["seasonalDifference"] = -12, True
            variants.append(("seasonal difference of lag -12", dict(config=lags), "season"))
        def wider(c):
            if "model" in c:
                c["model"]["hiddenSize"] += 1
            else:
                c["encoderHiddenSize"] += 1
        variants.append(("hidden size against tensors of another size", dict(config=wider), ""))
        for name, attachment, change in ATTACHMENT_EDITS.get(task, []):
            key = attachment or "classNames"
            variants.append((name, dict(attachment=(key, change)), attachment))
        for name, edit, fragment in TENSOR_EDITS:
            variants.append((name, dict(tensor=edit), fragment))
        for name, edit_args, fragment in variants:
            target = os.path.join(edits, "%s-%s.safetensors" % (task, name.replace(" ", "-").replace("/", "")))
            edited_checkpoint(best, target, **edit_args)
            for args in (["evaluate", target], inference_args(task, target, d)):
                r.expect_error("checkpoint", "%s %s: %s" % (task, args[0], name), args,
                               [os.path.basename(target), fragment])
    for name, path in raw_files(root, os.path.join(runs["textgen"], "best.safetensors")):
        for args in (["evaluate", path], ["sample", path]):
            r.expect_error("checkpoint", "%s: %s" % (args[0], name), args, [os.path.basename(path)])
    r.expect_error("checkpoint", "evaluate: a directory without best.safetensors", ["evaluate", d["mr"]], [d["mr"]])
    r.expect_error("checkpoint", "evaluate: no such file", ["evaluate", os.path.join(root, "none")], ["none"])
    r.expect_error("checkpoint", "sample: a forecast checkpoint", ["sample", runs["forecast"]], ["forecast"])
    r.expect_error("checkpoint", "tag: a textgen checkpoint", ["tag", runs["textgen"], "a b"], ["textgen"])
    r.expect_error("checkpoint", "translate: a tag checkpoint", ["translate", runs["tag"], "a b"], [""])
    r.expect_error("checkpoint", "predict: a textgen checkpoint", ["predict", runs["textgen"]], ["textgen"])


def data_cases(r, root, d, runs):
    bad = os.path.join(root, "bad")
    out = os.path.join(root, "out")
    # CSV cells (data row 20 is line 22): the file and the line named.
    cells = [("1e308", "1e308"), ("1e39", "1e39"), ("-1e39", "-1e39"), ("NUL inside a number", "1\x0099"),
             ("hexadecimal", "0x1p3"), ("inf", "inf"), ("-infinity", "-infinity"), ("1e999", "1e999"),
             ("letters", "abc"), ("empty cell", ""), ("two dots", "1.2.3"), ("nan", "nan")]
    for name, cell in cells:
        path = write(os.path.join(bad, "csv-%s.csv" % name.replace(" ", "-")), forecast_csv(cell))
        base = train_args("forecast", dict(d, csv=path), out)
        r.expect_error("data", "train forecast: CSV cell %s" % name, base, [os.path.basename(path), "22"])
        r.expect_error("data", "evaluate forecast --data: CSV cell %s" % name,
                       ["evaluate", runs["forecast"], "--data", path], [os.path.basename(path), "22"])
    raw = [("non-UTF-8 bytes", forecast_csv().encode().replace(b"2000-03", b"2000-\xff3")),
           ("empty file", b""), ("header only", b"month,sales,price\n"),
           ("ragged row", forecast_csv().replace("2000-05,", "2000-05,1,2,3,").encode()),
           ("NUL bytes only", b"\x00" * 512), ("duplicate dates", forecast_csv().replace("2000-02", "2000-01").encode())]
    for name, content in raw:
        path = write(os.path.join(bad, "csv-%s.csv" % name.replace(" ", "-")), content, "wb")
        r.expect_error("data", "train forecast: %s" % name, train_args("forecast", dict(d, csv=path), out),
                       [os.path.basename(path)])
    # .ts files: values beyond Float, NULs, a wrong @dimensions header.
    ts_cases = [("1e39", dict(value="1e39"), ":8"), ("-1e39", dict(value="-1e39"), ":8"),
                ("1e308", dict(value="1e308"), ":8"), ("NUL inside a number", dict(value="1\x002"), ":8"),
                ("inf", dict(value="inf"), ":8"), ("letters", dict(value="x"), ":8"),
                ("@dimensions 5", dict(dimensions_header=5), "dimensions"),
                ("@dimensions 7", dict(dimensions_header=7), "dimensions"),
                ("@dimensions 0", dict(dimensions_header=0), "dimensions"),
                ("@dimensions 2^62", dict(dimensions_header=2**62), "dimensions")]
    for name, kwargs, fragment in ts_cases:
        folder = os.path.join(bad, "ts-" + name.replace(" ", "-").replace("@", "").replace("^", ""))
        train = write(os.path.join(folder, "Toy_TRAIN.ts"), ts_file(24, **kwargs))
        write(os.path.join(folder, "Toy_TEST.ts"), ts_file(8, 24))
        r.expect_error("data", "train classify: .ts %s" % name, train_args("classify", dict(d, ts=folder), out),
                       ["Toy_TRAIN.ts", fragment])
        r.expect_error("data", "predict classify --file: .ts %s" % name,
                       ["predict", runs["classify"], "--file", train], ["Toy_TRAIN.ts", fragment])
    # Text.
    for name, content in [("empty", b""), ("non-UTF-8", b"abc\ndef\xc3\x28ghi\n"), ("a lone continuation byte", b"\x80")]:
        path = write(os.path.join(bad, "text-%s.txt" % name.replace(" ", "-")), content, "wb")
        r.expect_error("data", "train textgen: %s text" % name, train_args("textgen", dict(d, text=path), out),
                       [os.path.basename(path)])
        r.expect_error("data", "evaluate textgen --data: %s text" % name,
                       ["evaluate", runs["textgen"], "--data", path], [os.path.basename(path)])
    r.expect_error("data", "train textgen: a directory as text", train_args("textgen", dict(d, text=d["mr"]), out),
                   [d["mr"]])
    # Sentiment and tagging folders.
    empty_mr = os.path.join(bad, "mr-empty")
    write(os.path.join(empty_mr, "rt-polarity.pos"), "")
    write(os.path.join(empty_mr, "rt-polarity.neg"), "")
    r.expect_error("data", "train sentiment: empty MR files", train_args("sentiment", dict(d, mr=empty_mr), out),
                   ["rt-polarity"])
    ragged_tag = os.path.join(bad, "tag-ragged")
    rows = tag_sentences(20, 1).split("\n")
    rows[3] = " ".join(rows[3].split()[:2])   # line 4: the chunk column missing
    write(os.path.join(ragged_tag, "train.txt"), "\n".join(rows))
    write(os.path.join(ragged_tag, "test.txt"), tag_sentences(5, 3))
    r.expect_error("data", "train tag: a row with a missing column", train_args("tag", dict(d, tag=ragged_tag), out),
                   ["train.txt:4"])
    r.expect_error("data", "predict sentiment --file: non-UTF-8", ["predict", runs["sentiment"], "--file",
                   write(os.path.join(bad, "reviews-latin1.txt"), b"caf\xe9\n", "wb")], ["--file"])
    r.expect_error("data", "tag: unknown feature columns", ["tag", runs["tag"], "the|DT|X|Y dog"], [""])


SHARED_OPTIONS = [  # (option values, fragment)
    (["--hidden-size", "-4"], "--hidden-size"), (["--hidden-size", "1000000"], "--hidden-size"),
    (["--hidden-size", BIG], "--hidden-size"), (["--hidden-size", "99999999999999999999"], "--hidden-size"),
    (["--hidden-size", "0x10"], "--hidden-size"), (["--layers", "-1"], "--layers"), (["--layers", BIG], "--layers"),
    (["--batch-size", "-1"], "--batch-size"), (["--batch-size", BIG], "--batch-size"),
    (["--epochs", BIG], "--epochs"), (["--steps", str(2**62)], "--steps"), (["--eval-every", BIG], "--eval-every"),
    (["--learning-rate", "inf"], "--learning-rate"), (["--learning-rate", "nan"], "--learning-rate"),
    (["--learning-rate", "-1"], "--learning-rate"), (["--learning-rate", "1e999"], "--learning-rate"),
    (["--clip-norm", "inf"], "--clip-norm"), (["--dropout", "nan"], "--dropout"), (["--dropout", "-0.5"], "--dropout"),
    (["--minutes", "inf"], "--minutes"), (["--minutes", "-1"], "--minutes"), (["--seed", "-1"], "--seed"),
    (["--seed", "18446744073709551616"], "--seed"), (["--weight-decay", "inf"], "--weight-decay"),
    (["--warmup-steps", BIG], "--warmup-steps"), (["--patience", "-3"], "--patience"),
    (["--projection-size", BIG], "--projection-size"), (["--frobnicate"], "--frobnicate"), (["-x"], "-x"),
    (["extra-positional"], "extra-positional"), (["--epochs"], "--epochs"), (["--epochs", "--steps", "2"], "--epochs"),
]

TASK_OPTIONS = {
    "textgen": [(["--seq-length", BIG], "--seq-length"), (["--seq-length", "-8"], "--seq-length"),
                (["--embedding-size", str(2**62)], "--embedding-size"), (["--sample-length", BIG], "--sample-length"),
                (["--tbptt", "%s,%s" % (BIG, BIG)], "--tbptt"), (["--validation-fraction", "nan"], "--validation-fraction")],
    "forecast": [(["--window", BIG], "--window"), (["--window", "-24"], "--window"), (["--horizon", BIG], "--horizon"),
                 (["--horizon", "-1"], "--horizon"), (["--season", str(2**62)], "--season"),
                 (["--season", "-12", "--seasonal-difference"], "--season"), (["--test-size", BIG], "--test-size"),
                 (["--validation-size", "-6"], "--validation-size"), (["--features", "nope"], "nope"),
                 (["--target", "nope"], "nope")],
    "classify": [(["--validation-fraction", "inf"], "--validation-fraction"), (["--test-fraction", "-0.1"], "--test-fraction")],
    "sentiment": [(["--max-tokens", BIG], "--max-tokens"), (["--embedding-size", "-300"], "--embedding-size"),
                  (["--min-count", BIG], "--min-count"), (["--attention-size", BIG], "--attention-size")],
    "tag": [(["--char-hidden-size", BIG], "--char-hidden-size"), (["--feature-size", "-4"], "--feature-size"),
            (["--embedding-size", str(2**40)], "--embedding-size")],
    "translate": [(["--beam-width", BIG], "--beam-width"), (["--encoder-hidden-size", BIG], "--encoder-hidden-size"),
                  (["--decoder-hidden-size", "-1"], "--decoder-hidden-size"), (["--max-length", BIG], "--max-length")],
}


def option_cases(r, root, d, runs):
    out = os.path.join(root, "out")
    for task in TASKS:
        base = train_args(task, d, out)
        for values, fragment in SHARED_OPTIONS + TASK_OPTIONS[task]:
            r.expect_error("option", "train %s %s" % (task, " ".join(values)), base + values, [fragment])
    # Every train command (also those without a tiny run here): refused while parsing or validating, before
    # any data is read or anything is written.
    for task in ["textgen", "sentiment", "forecast", "classify", "tag", "translate", "speech", "nextframe", "sst",
                 "anomaly", "music", "rl", "wordlm"]:
        for values, fragment in [(["--frobnicate"], "--frobnicate"), (["--hidden-size", "-4"], "--hidden-size"),
                                 (["--hidden-size", BIG], "--hidden-size"), (["--learning-rate", "inf"], "--learning-rate"),
                                 (["--batch-size", BIG], "--batch-size"), (["--epochs", "-1"], "--epochs"),
                                 (["--seed", "-1"], "--seed"), (["--output"], "--output")]:
            # Tasks without a default dataset may first say that --data is required: also a clean refusal.
            r.expect_error("option", "train %s %s (no data)" % (task, " ".join(values)),
                           ["train", task, "--output", out] + values, [(fragment, "--data", "is required")])
    tg = runs["textgen"]
    sample = [(["--length", BIG], "--length"), (["--length", str(2**40)], "--length"), (["--length", "-1"], "--length"),
              (["--temperature", "0"], "--temperature"), (["--temperature", "-1"], "--temperature"),
              (["--temperature", "nan"], "--temperature"), (["--temperature", "inf"], "--temperature"),
              (["--top-k", "-1"], "--top-k"), (["--prime", "\u00e9\u00e9"], "--prime"), (["--frobnicate"], "--frobnicate"),
              (["--output", os.path.join(out, "x.mid")], "--output"), (["--seed", "-5"], "--seed"), (["--length"], "--length")]
    for values, fragment in sample:
        r.expect_error("option", "sample %s" % " ".join(values), ["sample", tg] + values, [fragment])
    tr = runs["translate"]
    for values, fragment in [(["--beam", "0"], "--beam"), (["--beam", "-3"], "--beam"), (["--beam", BIG], "--beam"),
                             (["--frobnicate"], "--frobnicate")]:
        r.expect_error("option", "translate %s" % " ".join(values), ["translate", tr, "eins."] + values, [fragment])
    r.expect_error("option", "translate: no sentences", ["translate", tr], ["sentence"])
    for command, extra in [("evaluate", []), ("predict", []), ("tag", ["a"]), ("sample", [])]:
        r.expect_error("option", "%s --frobnicate" % command, [command, runs["forecast"]] + extra + ["--frobnicate"],
                       ["--frobnicate"])
    r.expect_error("option", "evaluate --forecasts on a textgen checkpoint",
                   ["evaluate", tg, "--forecasts", os.path.join(out, "f.csv")], ["--forecasts"])
    r.expect_error("option", "unknown command", ["frobnicate"], ["frobnicate"])
    r.expect_error("option", "train: unknown task", ["train", "frobnicate"], ["frobnicate"])


def run_cases(r, root, d, runs):
    """Failed runs: diverging training keeps the last good checkpoint and creates no empty directory; stale
    temporary files of a killed write are removed by the next run writing to that directory."""
    # Diverging from the first step: an error, and no output directory left behind.
    out = os.path.join(root, "diverge")
    r.expect_error("run", "train forecast --learning-rate 1e30 (diverges at once)",
                   train_args("forecast", d, out) + ["--learning-rate", "1e30"], ["learning rate"])
    # Diverging after good checkpoints: the last good best/last stay loadable.
    good = os.path.join(root, "runs", "diverge-later")
    r.setup(train_args("forecast", d, good))
    before = {n: open(os.path.join(good, n), "rb").read() for n in ("best.safetensors", "last.safetensors")}
    code, _, err, seconds = r.run(train_args("forecast", d, good) + ["--resume", good, "--epochs", "4",
                                                                      "--learning-rate", "1e30"])
    problems = []
    lines = err.splitlines()
    if code != 1 or len(lines) != 1 or not lines[0].startswith("Error: "):
        problems.append("status %s, stderr %r" % (code, err[-300:]))
    for n, blob in before.items():
        path = os.path.join(good, n)
        if not os.path.exists(path):
            problems.append("%s removed" % n)
    for n in ("best.safetensors",):
        c, _, e, _ = r.run(["evaluate", os.path.join(good, n)])
        if c != 0:
            problems.append("%s not loadable: %s" % (n, e.strip()[:200]))
    r.record("run", "resumed forecast diverging (lr 1e30): last good checkpoints kept", [], problems, err, seconds)
    # Stale temporary files of a killed write (ours only, older than the run) are removed; others are kept.
    run = os.path.join(root, "runs", "stale")
    r.setup(train_args("textgen", d, run))
    stale = [os.path.join(run, ".last.safetensors.tmp-99999-12345"), os.path.join(run, ".best.safetensors.tmp-1-2")]
    keep = [os.path.join(run, "notes.tmp-1"), os.path.join(run, ".best.safetensors.tmp-notours"),
            os.path.join(run, ".best.safetensors.tmp-1-2-3")]
    for p in stale + keep:
        write(p, "partial")
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    code, _, err, seconds = r.run(train_args("textgen", d, run))
    problems = ["exit status %s: %s" % (code, err.strip()[:200])] if code != 0 else []
    problems += ["%s left behind" % os.path.basename(p) for p in stale if os.path.exists(p)]
    problems += ["%s removed (not ours)" % os.path.basename(p) for p in keep if not os.path.exists(p)]
    r.record("run", "stale *.tmp-* files of a killed write cleaned up by the next run", [], problems, err, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lstm", default=os.path.join(ROOT, ".build/debug/lstm"), help="the lstm executable")
    parser.add_argument("-k", default="", help="only cases whose class or name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = parser.parse_args()
    if not os.access(a.lstm, os.X_OK):
        sys.exit("check-hostile: %s is not an executable (run `swift build` first)" % a.lstm)
    start = time.time()
    root = tempfile.mkdtemp(prefix="lstm-hostile-")
    try:
        r = Runner(os.path.abspath(a.lstm), root, a.verbose)
        if a.k:   # run (and record) only the selected cases; the tiny runs are always made
            expect_error, record = r.expect_error, r.record
            r.expect_error = lambda klass, name, *rest: (a.k in klass or a.k in name) and expect_error(klass, name, *rest)
            r.record = lambda klass, name, *rest: (a.k in klass or a.k in name) and record(klass, name, *rest)
        d = make_data(root)
        runs = {}
        for task in TASKS:
            runs[task] = os.path.join(root, "runs", task)
            r.setup(train_args(task, d, runs[task]))
        checkpoint_cases(r, root, d, runs)
        data_cases(r, root, d, runs)
        option_cases(r, root, d, runs)
        run_cases(r, root, d, runs)
    finally:
        if a.keep:
            print("kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    classes = {}
    for klass, _, problems in r.results:
        total, failed = classes.get(klass, (0, 0))
        classes[klass] = (total + 1, failed + (1 if problems else 0))
    failed = sum(f for _, f in classes.values())
    summary = ", ".join("%s %d/%d" % (k, t - f, t) for k, (t, f) in classes.items())
    print("check-hostile: %d of %d cases clean (%s) in %.0f s" % (len(r.results) - failed, len(r.results), summary,
                                                                  time.time() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
