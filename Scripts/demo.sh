#!/usr/bin/env bash
# Builds LSTMKit in release mode and runs the main demo, `lstm demo textgen`: a small character-level LSTM
# learns to write like Shakespeare in about a minute, with samples as it learns and one of its steps taken
# apart. Extra arguments go to the demo (`Scripts/demo.sh --seed 3`, `--steps 400`, `--json`).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
swift build -c release --product lstm >&2   # build messages on stderr: with --json, stdout is one JSON object
.build/release/lstm demo textgen "$@"
