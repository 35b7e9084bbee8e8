#!/usr/bin/env python3
"""Writes tiny synthetic data sets, in the formats `lstm train` reads, for Scripts/check-reports.sh: the tasks
whose real data is not committed (Multi30k, FSDD, SST, HAPT, JSB chorales and PTB are downloaded, and some are
for education only, so CI never reads them). Deterministic (fixed seeds), standard library only, a few hundred
kilobytes in all.

Usage: report-data.py DIR   writes DIR/mr, DIR/chunks, DIR/translate, DIR/speech, DIR/sst, DIR/hapt.csv,
                            DIR/jsb.json and DIR/ptb"""
import json
import math
import os
import random
import struct
import sys
import wave


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def movie_reviews(root):
    """The MR layout (rt-polarity.pos and .neg, one sentence a line), 60 sentences each."""
    rng = random.Random(11)
    for name, words in [("pos", ["great", "warm", "moving", "funny"]), ("neg", ["dull", "boring", "flat", "tired"])]:
        lines = [f"a {rng.choice(words)} , {rng.choice(words)} film about {rng.choice(['love', 'war', 'a dog', 'the sea'])} ."
                 for _ in range(60)]
        write(f"{root}/rt-polarity.{name}", "\n".join(lines) + "\n")


def chunks(root):
    """CoNLL-2000's layout (train/dev/test.txt: word POS chunk, a blank line between sentences): a toy grammar
    "DT (JJ) NN VBZ DT (JJ) NN ." with IOB2 noun and verb chunks."""
    words = {"DT": ["the", "a", "every", "this"], "JJ": ["big", "small", "red", "old"],
             "NN": ["dog", "cat", "man", "house", "bird"], "VBZ": ["sees", "likes", "takes", "finds"]}

    def bank(count, seed):
        rng = random.Random(seed)
        sentences = []
        for _ in range(count):
            rows = []
            for part in ["NP", "VP", "NP"]:
                tags = ["VBZ"] if part == "VP" else ["DT"] + (["JJ"] if rng.random() < 0.5 else []) + ["NN"]
                rows += [f"{rng.choice(words[t])} {t} {'B' if k == 0 else 'I'}-{part}" for k, t in enumerate(tags)]
            sentences.append("\n".join(rows + [". . O"]))
        return "\n\n".join(sentences) + "\n"
    write(f"{root}/train.txt", bank(120, 1))
    write(f"{root}/dev.txt", bank(10, 2))
    write(f"{root}/test.txt", bank(20, 3))


def translate(root):
    """Multi30k's layout: train/val/test_2016_flickr .de and .en, German number words to English ones."""
    words = [("eins", "one"), ("zwei", "two"), ("drei", "three"), ("vier", "four"), ("fünf", "five"), ("sechs", "six")]
    for split, count, seed in [("train", 240, 1), ("val", 30, 2), ("test_2016_flickr", 30, 3)]:
        rng = random.Random(seed)
        de, en = [], []
        for _ in range(count):
            picks = [rng.choice(words) for _ in range(rng.randint(2, 4))]
            de.append(" ".join(w for w, _ in picks) + ".")
            english = " ".join(w for _, w in picks) + "."
            en.append(english[0].upper() + english[1:])
        write(f"{root}/{split}.de", "\n".join(de) + "\n")
        write(f"{root}/{split}.en", "\n".join(en) + "\n")


def speech(root):
    """FSDD's layout: LABEL_SPEAKER_TAKE.wav, 8 kHz 16-bit mono; 0.1 s tones, 3 classes, 2 speakers, 4 takes."""
    os.makedirs(root, exist_ok=True)
    for label, hertz in [("lo", 300.0), ("mid", 800.0), ("hi", 1500.0)]:
        for speaker in range(2):
            for take in range(4):
                rng = random.Random(100 * speaker + take)
                frames = bytearray()
                for t in range(800):
                    x = t / 8000
                    v = 0.5 * math.sin(2 * math.pi * hertz * x) + 0.1 * math.sin(2 * math.pi * (2 + speaker) * hertz * x)
                    v += 0.02 * rng.gauss(0, 1)
                    frames += struct.pack("<h", int(max(-1, min(1, v)) * 32767))
                with wave.open(f"{root}/{label}_s{speaker}_{take}.wav", "wb") as w:
                    w.setnchannels(1)
                    w.setsampwidth(2)
                    w.setframerate(8000)
                    w.writeframes(bytes(frames))


def sst(root):
    """SST's PTB-style trees (train/dev/test.txt): one sentiment word among neutral ones labels the sentence."""
    sentiment = [("awful", 0), ("bad", 1), ("good", 3), ("great", 4), ("plain", 2)]
    neutral = ["the", "film", "plot", "story"]

    def bank(count, offset):
        lines = []
        for k in range(count):
            word, label = sentiment[(k + offset) % len(sentiment)]
            a, b = neutral[k % 4], neutral[(k + 1) % 4]
            lines.append(f"({label} ({label} {word}) (2 (2 {a}) (2 {b})))" if k % 2 == 0
                         else f"({label} (2 (2 {a}) (2 {b})) ({label} {word}))")
        return "\n".join(lines) + "\n"
    write(f"{root}/train.txt", bank(40, 0))
    write(f"{root}/dev.txt", bank(10, 1))
    write(f"{root}/test.txt", bank(20, 2))


def hapt(path):
    """The HAPT CSV lstm reads (user,session,t,6 signals,label): users 1 and 3 train, 7 validation, 2 test;
    walking (1), sitting (4) and laying (6)."""
    lines = ["user,session,t,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z,label"]
    for user in [1, 3, 7, 2]:
        rng = random.Random(user)
        t = 0
        for label, count in [(1, 300), (4, 200), (6, 200)]:
            for i in range(count):
                phase = 2 * math.pi * i / 50
                values = []
                for k in range(6):
                    n = 0.01 * rng.gauss(0, 1)
                    if label == 1:
                        values.append((1 if k == 0 else 0) + 0.3 * math.sin(phase + k) + n)
                    elif label == 4:
                        values.append((0.9 if k == 0 else 0.1) + n)
                    else:
                        values.append((1 if k == 2 else 0) + n)
                lines.append(f"{user},0,{t}," + ",".join(f"{v:.5f}" for v in values) + f",{label}")
                t += 1
    write(path, "\n".join(lines) + "\n")


def chorales(path):
    """JSB chorales' JSON (train/valid/test: pieces of chords of MIDI pitches): arpeggiated triads."""
    rng = random.Random(5)

    def piece():
        chords = []
        for _ in range(24):
            root = rng.choice([48, 50, 53, 55, 57])
            chords.append([root, root + 4, root + 7, root + 12])
        return chords
    write(path, json.dumps({"train": [piece() for _ in range(6)], "valid": [piece()], "test": [piece()]}))


def ptb(root):
    """PTB's layout (ptb.train/valid/test.txt, one sentence a line, <unk> for rare words)."""
    rng = random.Random(7)
    nouns, verbs = ["cat", "dog", "bird", "man", "<unk>"], ["sat", "ran", "saw", "likes"]

    def sentences(count):
        return "\n".join(f"the {rng.choice(nouns)} {rng.choice(verbs)} on the {rng.choice(nouns)}"
                         for _ in range(count)) + "\n"
    write(f"{root}/ptb.train.txt", sentences(300))
    write(f"{root}/ptb.valid.txt", sentences(30))
    write(f"{root}/ptb.test.txt", sentences(30))


if __name__ == "__main__":
    out = sys.argv[1]
    movie_reviews(f"{out}/mr")
    chunks(f"{out}/chunks")
    translate(f"{out}/translate")
    speech(f"{out}/speech")
    sst(f"{out}/sst")
    hapt(f"{out}/hapt.csv")
    chorales(f"{out}/jsb.json")
    ptb(f"{out}/ptb")
