#!/usr/bin/env bash
# Builds LSTMKit in release mode and runs the main demo. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
swift build -c release --product lstm
.build/release/lstm demo xor "$@"
