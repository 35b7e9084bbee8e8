#!/usr/bin/env bash
# Installs what the package needs on Debian/Ubuntu besides Swift itself: OpenBLAS (BLAS for matmul),
# pkg-config (which SwiftPM uses to find it), zlib (gzip-compressed datasets), kissfft (the FFT of the audio
# features; BSD-3-Clause, Debian's libkissfft-dev) and oneDNN 2.6. LSTMKit and
# `lstm` do not link oneDNN; the LSTMKitOneDNN backend, its tests and lstmkit-bench do, and they build with
# the package (`swift build --build-tests`), so it is installed too. Open MPI (libopenmpi-dev, openmpi-bin:
# mpirun) for LSTMKitMPI, which `lstm` links for `--distributed`. Does nothing when all are present.
set -euo pipefail
if [ "$(uname -s)" != "Linux" ]; then
    exit 0   # Apple platforms use Accelerate
fi
if pkg-config --exists openblas 2>/dev/null && pkg-config --exists zlib 2>/dev/null \
    && pkg-config --exists kissfft-float 2>/dev/null && [ -f /usr/include/oneapi/dnnl/dnnl.h ] \
    && pkg-config --exists ompi-c 2>/dev/null && command -v mpirun >/dev/null; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing libopenblas-dev, pkg-config, zlib1g-dev, libkissfft-dev, libdnnl-dev, libopenmpi-dev and openmpi-bin (apt-get)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas-dev pkg-config zlib1g-dev libkissfft-dev libdnnl-dev libopenmpi-dev openmpi-bin >/dev/null
