#!/usr/bin/env python3
"""Witness of `lstm export CHECKPOINT --onnx FILE`: ONNX's checker accepts what LSTMKit writes and ONNX Runtime
computes LSTMKit's outputs from it.

Trains tiny seeded models with the built `lstm` on committed open data (Data/: tiny-shakespeare, the MR sentence
polarity files, Japanese Vowels, AirPassengers), covering LSTM, GRU and RNN cells, stacked, bidirectional and
residual layers, Embedding, every pooling and the classifiers' Softmax. For each it runs
`lstm export --onnx model.onnx --sample-io io.json`, then
  - onnx.checker.check_model(full_check=True) (with shape inference),
  - ONNX Runtime (CPU) on io.json's seeded input, every output compared with LSTMKit's: max abs diff <= 1e-5,
printing one line per model. Then it proves the comparison can fail: the LSTM and GRU weights rewritten in
PyTorch's gate order (i,f,g,o and r,z,n instead of ONNX's i,o,f,c and z,r,h) must differ by more than 1e-3, and
an unsupported model (a peephole LSTM) must stop `lstm export` with a one-line error and exit status 1.
Exits 1 at the first failure.

The first run creates a virtualenv (Tools/fixtures/.venv-onnx, or $LSTMKIT_ONNX_VENV) with the pinned onnx and
onnxruntime from PyPI. Needs a built `lstm` (it runs `swift build --product lstm` first).
Usage: Scripts/check-onnx.py
"""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PINS = {"onnx": "1.23.2", "onnxruntime": "1.31.1"}
TOLERANCE = 1e-5


def ensure_venv():
    """Re-runs this script inside a virtualenv holding the pinned packages (created the first time)."""
    venv = os.environ.get("LSTMKIT_ONNX_VENV", os.path.join(ROOT, "Tools", "fixtures", ".venv-onnx"))
    python = os.path.join(venv, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(venv):
        return
    check = "import importlib.metadata as m, sys; sys.exit(any(m.version(p) != v for p, v in %r.items()))" % PINS
    if not os.path.exists(python) or subprocess.run([python, "-c", check], capture_output=True).returncode != 0:
        print(f"Installing {', '.join(f'{p}=={v}' for p, v in PINS.items())} into {venv} (one time)...",
              file=sys.stderr)
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
                       + [f"{p}=={v}" for p, v in PINS.items()], check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


ensure_venv()

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
from onnx import numpy_helper  # noqa: E402


def fail(message):
    print(f"check-onnx: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run_onnx(model, io):
    """ONNX Runtime's outputs for io's inputs, by name."""
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feeds = {k: np.array(v["data"], dtype=v["dtype"]).reshape(v["shape"]) for k, v in io["inputs"].items()}
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, feeds)))


def max_diff(model, io):
    """The largest |ONNX Runtime - LSTMKit| over every output (shapes must agree)."""
    got = run_onnx(model, io)
    if set(got) != set(io["outputs"]):
        fail(f"outputs {sorted(got)} vs LSTMKit's {sorted(io['outputs'])}")
    worst = 0.0
    for name, v in io["outputs"].items():
        expected = np.array(v["data"], dtype=np.float32).reshape(v["shape"])
        if got[name].shape != expected.shape:
            fail(f"output {name}: ONNX Runtime shape {got[name].shape}, LSTMKit {expected.shape}")
        worst = max(worst, float(np.abs(got[name].astype(np.float64) - expected).max()))
    return worst


def pytorch_gate_order(model):
    """A copy of `model` whose LSTM/GRU weights are in PyTorch's gate order (what a missing reordering writes)."""
    wrong = onnx.ModelProto()
    wrong.CopyFrom(model)
    inits = {t.name: t for t in wrong.graph.initializer}
    for node in wrong.graph.node:
        if node.op_type not in ("LSTM", "GRU"):
            continue
        # ONNX block k came from PyTorch block order[k]; put block order[k] back at position order[k].
        order = [0, 3, 1, 2] if node.op_type == "LSTM" else [1, 0, 2]
        for name in node.input[1:4]:
            t = inits[name]
            a = numpy_helper.to_array(t)
            halves = 2 if name.endswith(".B") else 1                       # B is [Wb, Rb]
            blocks = np.split(a, len(order) * halves, axis=1)
            undone = []
            for h in range(halves):
                part = blocks[h * len(order):(h + 1) * len(order)]
                restored = [None] * len(order)
                for k, source in enumerate(order):
                    restored[source] = part[k]
                undone += restored
            t.CopyFrom(numpy_helper.from_array(np.concatenate(undone, axis=1), name))
    return wrong


def main():
    subprocess.run(["swift", "build", "--product", "lstm"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    lstm = os.path.join(bin_path, "lstm")
    with tempfile.TemporaryDirectory(prefix="check-onnx-") as tmp:
        with open(os.path.join(ROOT, "Data", "tiny-shakespeare", "input.txt"), encoding="utf-8") as f:
            text = f.read(4000)
        with open(os.path.join(tmp, "tiny.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        os.makedirs(os.path.join(tmp, "mr"))
        for side in ("pos", "neg"):                                          # the first 80 sentences of each
            with open(os.path.join(ROOT, "Data", "mr-sentence-polarity", f"rt-polarity.{side}"), "rb") as f:
                lines = f.read().split(b"\n")[:80]
            with open(os.path.join(tmp, "mr", f"rt-polarity.{side}"), "wb") as f:
                f.write(b"\n".join(lines) + b"\n")

        textgen = ["train", "textgen", "--data", f"{tmp}/tiny.txt", "--steps", "8", "--eval-every", "8",
                   "--seq-length", "8", "--batch-size", "4", "--embedding-size", "6", "--sample-length", "10"]
        sentiment = ["train", "sentiment", "--data", f"{tmp}/mr", "--epochs", "1", "--batch-size", "16",
                     "--embedding-size", "6"]
        classify = ["train", "classify", "--dataset", "vowels", "--epochs", "1", "--batch-size", "32"]
        forecast = ["train", "forecast", "--preset", "airpassengers", "--epochs", "2"]
        models = [
            ("textgen-lstm-2layers", textgen + ["--hidden-size", "12", "--layers", "2"]),
            ("textgen-gru-residual", textgen + ["--cell", "gru", "--hidden-size", "10", "--layers", "2", "--residual"]),
            ("sentiment-bilstm-max", sentiment + ["--hidden-size", "8", "--bidirectional", "--pooling", "max"]),
            ("sentiment-bigru-attention", sentiment + ["--cell", "gru", "--hidden-size", "6", "--layers", "2",
                                                       "--bidirectional", "--pooling", "attention"]),
            ("sentiment-lstm-mean", sentiment + ["--hidden-size", "7", "--no-bidirectional", "--pooling", "mean"]),
            ("classify-bigru-last", classify + ["--cell", "gru", "--hidden-size", "9", "--layers", "2",
                                                "--bidirectional", "--pooling", "last"]),
            ("classify-bilstm-last", classify + ["--hidden-size", "8", "--bidirectional", "--pooling", "last"]),
            ("classify-rnn-mean", classify + ["--cell", "rnn", "--hidden-size", "8", "--pooling", "mean"]),
            ("forecast-lstm", forecast + ["--hidden-size", "8", "--layers", "2"]),
        ]
        exported = {}
        for name, args in models:
            run = os.path.join(tmp, name)
            done = subprocess.run([lstm] + args + ["--output", run, "--seed", "1"], capture_output=True, text=True)
            if done.returncode != 0:
                fail(f"{name}: training failed:\n{done.stdout}{done.stderr}")
            path, io_path = os.path.join(tmp, name + ".onnx"), os.path.join(tmp, name + ".json")
            done = subprocess.run([lstm, "export", run, "--onnx", path, "--sample-io", io_path, "--seed", "2",
                                   "--json"], capture_output=True, text=True)
            if done.returncode != 0:
                fail(f"{name}: lstm export failed: {done.stderr.strip()}")
            report = json.loads(done.stdout)
            model = onnx.load(path)
            try:
                onnx.checker.check_model(model, full_check=True)
            except Exception as error:  # the checker's own exception types vary between versions
                fail(f"{name}: onnx.checker: {error}")
            with open(io_path) as f:
                io = json.load(f)
            diff = max_diff(model, io)
            ops = ", ".join(report["operators"])
            if not diff <= TOLERANCE:
                fail(f"{name}: max abs diff {diff:.3g} > {TOLERANCE} (operators {ops})")
            print(f"check-onnx: {name:27s} opset {model.opset_import[0].version}, max abs diff {diff:.2e} "
                  f"({ops})")
            exported[name] = (model, io)

        # The comparison can fail: the gates in PyTorch's order give other numbers.
        for name in ("textgen-lstm-2layers", "classify-bigru-last"):
            model, io = exported[name]
            diff = max_diff(pytorch_gate_order(model), io)
            if not diff > 1e-3:
                fail(f"{name} with PyTorch's gate order: max abs diff {diff:.3g}; the check cannot see a wrong order")
            print(f"check-onnx: {name} with PyTorch's gate order: max abs diff {diff:.3g} > 1e-3, caught")

        # An unsupported model: one line, exit 1, nothing written.
        run = os.path.join(tmp, "peephole")
        subprocess.run([lstm] + classify + ["--cell", "peephole", "--hidden-size", "4", "--output", run,
                                            "--seed", "1"], check=True, capture_output=True)
        target = os.path.join(tmp, "peephole.onnx")
        done = subprocess.run([lstm, "export", run, "--onnx", target], capture_output=True, text=True)
        lines = done.stderr.strip().split("\n")
        if done.returncode != 1 or len(lines) != 1 or "peephole" not in lines[0] or os.path.exists(target):
            fail(f"a peephole model: exit {done.returncode}, stderr {done.stderr!r}")
        print(f"check-onnx: unsupported model refused: {lines[0]}")
    print(f"check-onnx: {len(models)} models exported, checked by onnx {onnx.__version__} and run by ONNX Runtime "
          f"{ort.__version__} within {TOLERANCE}")


if __name__ == "__main__":
    main()
