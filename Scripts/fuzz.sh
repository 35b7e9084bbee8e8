#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (one per file reader) and runs each for N seconds or R executions, niced.
#
#   Scripts/fuzz.sh [--seconds N] [--runs R] [--target NAME]... [--no-build] [--keep DIR]
#
# Each target first replays its committed crashers (Fuzz/regressions/<target>/), then fuzzes a scratch copy of its
# seed corpus (Fuzz/corpus/<target>/) with its dictionary (Fuzz/dict/<target>.dict) for N seconds (default 60), or
# with --runs until R executions (then --seconds, default unlimited, is a time limit as well).
# Prints executions, exec/s, seconds and findings per target; exits 1 on any crash, trap, leak, timeout or
# out-of-memory (the reproducer is left under the scratch directory, printed). Find new crashers, minimise them with
# `fuzz-<target> -minimize_crash=1 FILE`, fix the reader, and commit the file under Fuzz/regressions/<target>/ plus
# a test in Tests/LSTMKitTests/Fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="" runs=0 targets=() build=1 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --target) targets+=("$2"); shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "Error: fuzz.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
done
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "Error: fuzz.sh: --runs $runs: give a whole number of executions" >&2; exit 1; }
[ -z "$seconds" ] && { [ "$runs" -gt 0 ] && seconds=0 || seconds=60; }
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "Error: fuzz.sh: --seconds $seconds: give a whole number" >&2; exit 1; }
all=$(ls Fuzz/Sources | grep -v FuzzSupport)
if [ ${#targets[@]} -eq 0 ]; then targets=($all); fi
for t in "${targets[@]}"; do
    grep -qx "$t" <<<"$all" || { echo "Error: fuzz.sh: --target $t: no such target (known: $(echo $all))" >&2; exit 1; }
done
if [ $build = 1 ]; then
    # -parse-as-library: the files have no top-level code; each `<module>_main` calls libFuzzer's driver.
    (cd Fuzz && nice -n 10 swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        2>&1 | grep -v "Cannot export local symbol '__asan_extra_spill_area'")
fi
bin=Fuzz/.build/release
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
printf "%-16s %12s %10s %8s %8s  %s\n" target executions exec/s seconds findings result
failed=0 total=0 elapsed=0
for t in "${targets[@]}"; do
    log="$work/$t.log" corpus="$work/corpus/$t" artifacts="$work/artifacts/$t/"
    mkdir -p "$corpus" "$artifacts"
    cp -r Fuzz/corpus/"$t"/. "$corpus"/ 2>/dev/null || true
    dict=() regressions=()
    [ -f Fuzz/dict/"$t".dict ] && dict=(-dict=Fuzz/dict/"$t".dict)
    [ -d Fuzz/regressions/"$t" ] && regressions=(Fuzz/regressions/"$t"/*)
    result=ok
    if [ ${#regressions[@]} -gt 0 ] && ! ASAN_OPTIONS=detect_leaks=1 nice -n 10 "$bin/fuzz-$t" \
        "${regressions[@]}" >"$work/$t.regressions.log" 2>&1; then
        result="a committed crasher fails again: $work/$t.regressions.log"
    fi
    status=0 began=$(date +%s)
    # malloc_context_size=0: no allocation stack kept per malloc (a third faster: the readers allocate per
    # input); a crasher's full stacks come from rerunning it with the default options.
    ASAN_OPTIONS=malloc_context_size=0 nice -n 10 "$bin/fuzz-$t" -max_total_time="$seconds" \
        -runs="$((runs > 0 ? runs : -1))" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1 || status=$?
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    if [ -z "$executed" ]; then executed=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#'); fi
    took=$(( $(date +%s) - began )); elapsed=$((elapsed + took))
    findings=$(ls "$artifacts" | wc -l)
    if [ $status -ne 0 ] || [ "$findings" -gt 0 ]; then
        result="FAILED (exit $status): $(grep -m1 -E 'ERROR: |Fatal error|deadly signal|Timeout|out-of-memory' "$log" || true) $artifacts $log"
    fi
    [ "$result" = ok ] || failed=1
    total=$((total + ${executed:-0}))
    printf "%-16s %12s %10s %8s %8s  %s\n" "$t" "${executed:-?}" "${rate:-?}" "$took" "$findings" "$result"
done
echo "total executions: $total in $elapsed s of fuzzing; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$keep" ] || [ $failed = 1 ] || rm -rf "$work"
exit $failed
