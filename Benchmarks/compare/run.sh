#!/usr/bin/env bash
# LSTMKit vs PyTorch 2.13 (CPU) vs ONNX Runtime, side by side: one command, run from anywhere.
#
#   Benchmarks/compare/run.sh [--quick] [--threads 1,2] [--iterations N] [--rounds N] [--warmup N]
#                             [--cells lstm,gru] [--configs A,B,C,D] [--modes infer,train]
#                             [--implementations native,onednn] [--forced-isa auto|none|avx2]
#                             [--apps textgen,sentiment|none] [--textgen-steps N] [--no-charlm] [--no-seq2seq]
#
# 1. System libraries only through Scripts/install-dependencies.sh (OpenBLAS, zlib, oneDNN; no-op if present).
# 2. `swift build -c release --product lstmkit-bench --product lstm` (scratch path .build, or $LSTMKIT_SCRATCH;
#    or LSTMKIT_BENCH=/path/to/lstmkit-bench to use binaries built elsewhere: the whole-application cases run
#    the `lstm` beside it, or LSTMKIT_LSTM=/path/to/lstm).
# 3. A private virtualenv, Benchmarks/compare/.venv (or $LSTMKIT_COMPARE_VENV), with the CPU-only
#    torch==2.13.0+cpu and numpy pinned as in Tools/fixtures/generate.sh, plus onnx and onnxruntime from PyPI.
# 4. harness.py: every peer and case in its own process, interleaved over rounds; writes
#    Benchmarks/results/latest.md and latest.json. --quick: 1 round of 3 iterations (and 20 textgen steps),
#    to check the pipeline. It prints the CPU, its flags, the threads and the kernel each LSTMKit
#    implementation runs; on an AVX-512 CPU it adds LSTMKit with LSTMKIT_ISA=avx2 (`native@avx2`) when the
#    build has that path. Config D is streaming inference (one call per step); --apps runs `lstm train
#    textgen` (200 steps) and `lstm train sentiment` (1 epoch) against app_textgen.py / app_sentiment.py.
# --cells none runs only the whole-model cases (char LM, and the translate model: seq2seq train and infer).
# Full run: roughly 30 minutes on an idle 2-core machine, about 2 hours under heavy load (config B training
# and 2-thread OpenMP peers dominate); --quick: a few minutes idle.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCRATCH="${LSTMKIT_SCRATCH:-$ROOT/.build}"
VENV="${LSTMKIT_COMPARE_VENV:-$HERE/.venv}"
TORCH_PIN="torch==2.13.0+cpu"   # CPU-only wheel (plain "torch" pulls GBs of CUDA libraries)
NUMPY_PIN="numpy==2.4.6"
ORT_PINS=("onnx==1.23.2" "onnxruntime==1.32.0")

"$ROOT/Scripts/install-dependencies.sh"

if [ -n "${LSTMKIT_BENCH:-}" ]; then
    BENCH="$LSTMKIT_BENCH"   # an lstmkit-bench built elsewhere (e.g. from a clean checkout)
else
    echo "Building lstmkit-bench (release)..." >&2
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product lstmkit-bench >&2)
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product lstm >&2)
    BENCH="$SCRATCH/release/lstmkit-bench"
fi

if ! "$VENV/bin/python" -c 'import torch, numpy, onnx, onnxruntime; assert torch.__version__ == "2.13.0+cpu"' \
    2>/dev/null; then
    echo "Creating $VENV with $TORCH_PIN, $NUMPY_PIN, ${ORT_PINS[*]} (one time, a few minutes)..." >&2
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "$TORCH_PIN" "$NUMPY_PIN" "${ORT_PINS[@]}"
fi

cd "$ROOT"
LSTM_ARGS=()
if [ -n "${LSTMKIT_LSTM:-}" ]; then LSTM_ARGS=(--lstm "$LSTMKIT_LSTM"); fi
exec "$VENV/bin/python" "$HERE/harness.py" --bench "$BENCH" --python "$VENV/bin/python" ${LSTM_ARGS[@]+"${LSTM_ARGS[@]}"} "$@"
