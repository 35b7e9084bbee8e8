#!/usr/bin/env bash
# Runs LSTMKit's test suite (Swift Testing). Extra arguments go to `swift test` (e.g. --filter LSTM).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
swift test "$@"
