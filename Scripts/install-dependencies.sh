#!/usr/bin/env bash
# Installs what LSTMKit needs on Debian/Ubuntu besides Swift itself: OpenBLAS (BLAS for matmul) and
# pkg-config (which SwiftPM uses to find it). Does nothing when both are present.
set -euo pipefail
if pkg-config --exists openblas 2>/dev/null; then
    exit 0
fi
if [ "$(uname -s)" != "Linux" ]; then
    exit 0   # Apple platforms use Accelerate
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing libopenblas-dev and pkg-config (apt-get)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas-dev pkg-config >/dev/null
