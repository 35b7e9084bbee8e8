#!/usr/bin/env bash
# The test suites that exercise native code and threads, built and run under three sanitizers, each in its own
# scratch path (.build/sanitize-<name>), so the normal build is untouched:
#   address    AddressSanitizer on Swift and C (out-of-bounds, use-after-free, leaks at exit are not checked:
#              Swift's runtime keeps metadata alive on purpose)
#   thread     ThreadSanitizer: the C kernels' worker pool (Sources/CRecurrent/lk_parallel.c) and concurrent
#              callers (the Pool/Stream/parallel tests); OpenBLAS is not instrumented, so it runs one thread
#   undefined  UBSan on the C targets (swiftc has none on Linux), every check fatal (-fno-sanitize-recover)
# Any report fails the run (halt_on_error=1; the log is scanned for "Sanitizer" and "runtime error" too).
# First, in about a minute: the C kernels alone (Sources/CRecurrent with Tools/kernel-check/check.c, every ISA
# this CPU has, 198 shapes each, 1 and 2 threads) built by clang under UBSan and under ASan.
#
# Usage: Scripts/check-sanitizers.sh                   the kernel check, then all three, the native/threading suites
#        Scripts/check-sanitizers.sh thread            one sanitizer (after the kernel check)
#        Scripts/check-sanitizers.sh kernels           the kernel check only
#        FILTER=. Scripts/check-sanitizers.sh address  the whole suite
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
FILTER=${FILTER:-"Native|Fused|Kernel|Pool|Parallel|Stream|Checkpoint|SafeTensors|DurableFile|Data|Thread|Concurren"}
sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread undefined)
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=0:abort_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in undefined address; do
    extra=(-fsanitize=$s -g)
    [ "$s" = undefined ] && extra+=(-fno-sanitize-recover=undefined)
    clang -O1 -std=gnu11 "${extra[@]}" -I Sources/CRecurrent/include -I Sources/CRecurrent Sources/CRecurrent/*.c \
        Tools/kernel-check/check.c -lpthread -lm -o "$work/check-$s" 2>"$work/build-$s.log" \
        || { cat "$work/build-$s.log"; exit 1; }
    if ! "$work/check-$s" >"$work/$s.log" 2>&1 || grep -q -E "Sanitizer|runtime error:" "$work/$s.log"; then
        echo "== kernel-check under $s: FAILED"; cat "$work/$s.log"; status=1
    else
        echo "== kernel-check under $s: 0 reports; $(grep -c ': ok' "$work/$s.log") ISAs ok"
    fi
done
[ "${sanitizers[*]}" = kernels ] && exit $status
for s in "${sanitizers[@]}"; do
    scratch=".build/sanitize-$s"
    flags=(--sanitize="$s" --scratch-path "$scratch")
    if [ "$s" = undefined ]; then
        # swiftc has no -sanitize=undefined on Linux ("unsupported option"): UBSan instruments the C targets
        # only, and clang, which links, adds its runtime.
        flags=(--scratch-path "$scratch" -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
               -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined)
    fi
    log="$scratch/check-sanitizers.log"
    mkdir -p "$scratch"
    start=$(date +%s)
    echo "== $s: building the tests ($scratch)"
    swift build --build-tests "${flags[@]}" >"$scratch/build.log" 2>&1 || { tail -30 "$scratch/build.log"; exit 1; }
    built=$(date +%s)
    echo "== $s: built in $((built - start)) s; running --filter \"$FILTER\""
    threads=()
    [ "$s" = thread ] && threads=(env OPENBLAS_NUM_THREADS=1)
    if ! "${threads[@]}" swift test --skip-build "${flags[@]}" --filter "$FILTER" >"$log" 2>&1; then
        echo "== $s: FAILED (tests or a report); the end of $log:"
        tail -40 "$log"
        status=1
    fi
    reports=$(grep -c -E "(Address|Thread|UndefinedBehavior|Leak)Sanitizer|runtime error:" "$log" || true)
    passed=$(grep -E "Test run with [0-9]+ tests" "$log" | tail -1 || true)
    echo "== $s: $reports reports; ${passed:-no summary line}; tests ran in $(( $(date +%s) - built )) s"
    [ "$reports" -eq 0 ] || { grep -m5 -E -A12 "Sanitizer|runtime error:" "$log"; status=1; }
done
exit $status
