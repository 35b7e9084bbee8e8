#!/usr/bin/env python3
"""Witness of `lstm train ... --tensorboard DIR`: TensorBoard's own reader loads what LSTMKit writes.

Runs a tiny `lstm train textgen` (20 steps, evaluations at steps 10 and 20) with `--tensorboard` and `--log`, then
loads the event file with tensorboard's EventAccumulator and checks, against what the run logged and saved:
  - scalars: train/loss, train/gradient_norm, train/learning_rate at steps 10 and 20 equal the JSON-lines log's
    step lines; validation/loss, validation/bitsPerCharacter and evaluation/train_loss equal its evaluation lines;
  - histograms: weights/<path> at step 20 has the count, min, max and sum of that parameter in last.safetensors,
    and its bucket counts add up to the count; gradients/<path> exist for every parameter;
  - text: "config" (the run's configuration, with the text plugin's metadata) and "samples" at steps 10 and 20,
    the one at step 20 equal to what `lstm sample` prints from last.safetensors with the same seed;
  - the TensorBoard server's own accumulator (plugin_event_accumulator) files every tag under the scalars,
    histograms and text plugins and migrates every histogram to [k, 3] buckets whose counts add up.
Prints 'N passed, 0 failed'; exits 1 at the first failure.

The first run creates a virtualenv (Tools/fixtures/.venv, or $LSTMKIT_VENV) with the pinned tensorboard from
PyPI. Needs a built `lstm` (it runs `swift build --product lstm` first). Usage: Scripts/check-tensorboard.py
"""

import json
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "Tools", "fixtures"))
import pinned_venv  # noqa: E402

TENSORBOARD_PIN = "2.21.0"
pinned_venv.ensure("tensorboard", TENSORBOARD_PIN, __file__)

import numpy as np  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator, plugin_event_accumulator  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402

passed = 0


def check(condition, message):
    global passed
    if not condition:
        print(f"check-tensorboard: FAILED: {message}", file=sys.stderr)
        print(f"{passed} passed, 1 failed")
        sys.exit(1)
    passed += 1


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": np.float32, "F64": np.float64}.get(info["dtype"])
        if dtype is None:
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype=dtype)
    return out


def main():
    subprocess.run(["swift", "build", "--product", "lstm"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    lstm = os.path.join(bin_path, "lstm")
    with tempfile.TemporaryDirectory(prefix="check-tensorboard-") as tmp:
        text = ("ROMEO:\nBut soft, what light through yonder window breaks?\n\n"
                "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n") * 3
        data = os.path.join(tmp, "tiny.txt")
        with open(data, "w") as f:
            f.write(text)
        tb, run, log = (os.path.join(tmp, n) for n in ("tb", "run", "run.jsonl"))
        train = [lstm, "train", "textgen", "--data", data, "--output", run, "--steps", "20", "--batch-size", "2",
                 "--seq-length", "8", "--hidden-size", "8", "--embedding-size", "4", "--layers", "1",
                 "--eval-every", "10", "--sample-length", "30", "--seed", "3", "--tensorboard", tb, "--log", log,
                 "--json"]
        subprocess.run(train, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = [json.loads(line) for line in open(log)]
        steps = {e["step"]: e for e in lines if e["kind"] == "step"}
        evaluations = {e["step"]: e for e in lines if e["kind"] == "evaluation"}

        files = os.listdir(tb)
        check(len(files) == 1 and files[0].startswith("events.out.tfevents."), f"one event file in {tb}: {files}")
        acc = event_accumulator.EventAccumulator(tb, size_guidance={"scalars": 0, "histograms": 0, "tensors": 0})
        acc.Reload()
        tags = acc.Tags()

        # Scalars.
        for tag, key in [("train/loss", "loss"), ("train/gradient_norm", "gradientNorm"),
                         ("train/learning_rate", "learningRate")]:
            events = acc.Scalars(tag)
            check([e.step for e in events] == [10, 20], f"{tag} steps {[e.step for e in events]}")
            for e in events:
                check(close(e.value, steps[e.step][key]), f"{tag} at {e.step}: {e.value} vs log {steps[e.step][key]}")
        for tag, value in [("validation/loss", lambda e: e["validationLoss"]),
                           ("validation/bitsPerCharacter", lambda e: e["metrics"]["bitsPerCharacter"]),
                           ("evaluation/train_loss", lambda e: e["loss"])]:
            events = acc.Scalars(tag)
            check([e.step for e in events] == [10, 20], f"{tag} steps {[e.step for e in events]}")
            for e in events:
                check(close(e.value, value(evaluations[e.step])), f"{tag} at {e.step}: {e.value}")

        # Histograms against the last checkpoint (written at step 20).
        weights = safetensors(os.path.join(run, "last.safetensors"))
        weight_tags = [t for t in tags["histograms"] if t.startswith("weights/")]
        gradient_tags = [t for t in tags["histograms"] if t.startswith("gradients/")]
        check(len(weight_tags) > 0 and len(weight_tags) == len(gradient_tags),
              f"weights and gradients histograms: {tags['histograms']}")
        for tag in weight_tags:
            name = tag[len("weights/"):]
            check(name in weights, f"{tag}: no tensor {name} in last.safetensors")
            events = acc.Histograms(tag)
            check([e.step for e in events] == [10, 20], f"{tag} steps")
            h, w = events[-1].histogram_value, weights[name].astype(np.float64)
            check(h.num == w.size and close(h.min, w.min()) and close(h.max, w.max()) and close(h.sum, w.sum()),
                  f"{tag}: histogram (num {h.num}, min {h.min}, max {h.max}, sum {h.sum}) vs checkpoint")
            check(sum(h.bucket) == h.num and len(h.bucket) == len(h.bucket_limit), f"{tag}: bucket counts")
            check("gradients/" + name in gradient_tags, f"no gradients/{name}")

        # Text, as the text plugin finds it.
        check(set(acc.PluginTagToContent("text")) == {"config", "samples"},
              f"text plugin tags: {acc.PluginTagToContent('text')}")
        config = acc.Tensors("config")
        check([e.step for e in config] == [0], "config at step 0")
        config_text = tensor_util.make_ndarray(config[0].tensor_proto).item().decode()
        check('"sampleLength" : 30' in config_text, "the config text names the sample length")
        samples = acc.Tensors("samples")
        check([e.step for e in samples] == [10, 20], f"samples steps {[e.step for e in samples]}")
        sample = tensor_util.make_ndarray(samples[-1].tensor_proto).item().decode()
        printed = subprocess.run([lstm, "sample", os.path.join(run, "last.safetensors"), "--length", "30",
                                  "--seed", "3", "--json"], check=True, capture_output=True, text=True).stdout
        expected = json.loads(printed)
        expected = expected.get("text", expected.get("sample"))
        check(sample == expected, f"sample at step 20 {sample!r} vs lstm sample {expected!r}")

        # What the TensorBoard server's plugins see (its accumulator migrates every value to a tensor).
        served = plugin_event_accumulator.EventAccumulator(tb, size_guidance={"tensors": 0})
        served.Reload()
        check(set(served.PluginTagToContent("scalars")) == set(tags["scalars"]), "scalars plugin tags")
        check(set(served.PluginTagToContent("histograms")) == set(tags["histograms"]), "histograms plugin tags")
        check(set(served.PluginTagToContent("text")) == {"config", "samples"}, "text plugin tags")
        for tag in weight_tags:
            buckets = tensor_util.make_ndarray(served.Tensors(tag)[-1].tensor_proto)   # [k, 3]: left, right, count
            check(buckets.ndim == 2 and buckets.shape[1] == 3 and buckets[:, 2].sum() == weights[tag[8:]].size
                  and np.all(buckets[:, 0] <= buckets[:, 1]), f"{tag}: served histogram {buckets.shape}")
    print(f"check-tensorboard: tensorboard {TENSORBOARD_PIN} read the event file")
    print(f"{passed} passed, 0 failed")


if __name__ == "__main__":
    main()
