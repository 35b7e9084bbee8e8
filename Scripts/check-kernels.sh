#!/usr/bin/env bash
# The native kernels of every ISA against a plain scalar C reference in double (Tools/kernel-check/check.c):
# the sources of Sources/CRecurrent built natively for x86-64 (with gcc and with clang; it checks AVX-512
# and AVX2, whichever this CPU has) and cross-compiled for arm64 (NEON) with Debian's aarch64-linux-gnu-gcc
# (and with clang, linked by it), run under qemu-aarch64. Installs crossbuild-essential-arm64 and qemu-user
# when missing (as root; else says how). Takes about 10 s.
#
# Usage: Scripts/check-kernels.sh               check every ISA
#        Scripts/check-kernels.sh --self-test   proves the check fails on a broken kernel: a copy of the
#                                               sources with one sign flipped (LSTM backward dz_o) must fail
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-O2 -std=gnu11 -Wall -Wextra -Werror -Wno-implicit-fallthrough)

# build COMPILER SOURCE_DIR OUTPUT [FLAGS...]
build() {
    local cc=$1 src=$2 out=$3
    shift 3
    "$cc" "${flags[@]}" "$@" -I "$src/include" -I "$src" "$src"/*.c Tools/kernel-check/check.c \
        -lpthread -lm -o "$out"
}

if [ "${1:-}" = "--self-test" ]; then
    cp -r Sources/CRecurrent "$work/broken"
    sed -i 's/lk_vf dzo = dH \* tc \* o \* (one - o);/lk_vf dzo = -(dH * tc * o * (one - o));/' "$work/broken/lstm_backward.h"
    if cmp -s Sources/CRecurrent/lstm_backward.h "$work/broken/lstm_backward.h"; then
        echo "check-kernels --self-test: the line to break is gone from lstm_backward.h; update the sed" >&2
        exit 1
    fi
    build cc "$work/broken" "$work/broken-check"
    if "$work/broken-check" >"$work/broken.log" 2>&1; then
        cat "$work/broken.log"
        echo "check-kernels --self-test: a kernel with a flipped sign PASSED the check" >&2
        exit 1
    fi
    grep -m1 "LSTM backward dGates" "$work/broken.log"
    echo "check-kernels --self-test: ok (the broken kernel fails)"
    exit 0
fi

case "$(uname -m)" in
x86_64)
    build cc Sources/CRecurrent "$work/check-gcc"
    echo "kernel-check: x86-64, $(cc --version | head -1)"
    "$work/check-gcc"
    if command -v clang >/dev/null; then
        build clang Sources/CRecurrent "$work/check-clang"
        echo "kernel-check: x86-64, $(clang --version | head -1)"
        "$work/check-clang"
    fi
    if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq crossbuild-essential-arm64 qemu-user >/dev/null
        else
            echo "check-kernels: aarch64-linux-gnu-gcc or qemu-aarch64 is missing; install them with:" \
                "sudo apt-get install crossbuild-essential-arm64 qemu-user" >&2
            exit 1
        fi
    fi
    build aarch64-linux-gnu-gcc Sources/CRecurrent "$work/check-arm64" -static
    echo "kernel-check: arm64, $(aarch64-linux-gnu-gcc --version | head -1), under $(qemu-aarch64 --version | head -1)"
    qemu-aarch64 "$work/check-arm64"
    if command -v clang >/dev/null; then
        # clang too (SwiftPM's compiler on arm64), compiling for aarch64; the cross gcc links.
        mkdir "$work/clang-arm64"
        for source in Sources/CRecurrent/*.c Tools/kernel-check/check.c; do
            clang --target=aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include "${flags[@]}" \
                -I Sources/CRecurrent/include -I Sources/CRecurrent -c "$source" \
                -o "$work/clang-arm64/$(basename "$source").o"
        done
        aarch64-linux-gnu-gcc -static "$work"/clang-arm64/*.o -lpthread -lm -o "$work/check-arm64-clang"
        echo "kernel-check: arm64, $(clang --version | head -1), under qemu-aarch64"
        qemu-aarch64 "$work/check-arm64-clang"
    fi
    ;;
aarch64 | arm64)
    build cc Sources/CRecurrent "$work/check"
    "$work/check"
    ;;
*)
    echo "check-kernels: no native kernels for $(uname -m)" >&2
    exit 1
    ;;
esac
