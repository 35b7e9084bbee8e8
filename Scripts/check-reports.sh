#!/usr/bin/env bash
# Part of CI (.ci/run): `lstm train <task> --report` pages open in a real browser. Trains three tiny runs on
# committed data (textgen on the first 30,000 characters of tiny-shakespeare, forecast on AirPassengers,
# classify on Japanese vowels; seconds each), opens each report.html in headless Chromium (Debian's
# `chromium`, installed when missing) and fails unless: the page logs nothing on the console (the reports
# log nothing, so any console line is an error such as an uncaught exception), its script ran to the end,
# and every chart's <svg> has its marks and labelled axes (Scripts/check-report-dom.py), with the charts the
# task must have. Saves a screenshot of each page.
#
# Usage: Scripts/check-reports.sh [SCREENSHOT_DIR]   (default: a temporary folder; docs/images for the docs)
#        Scripts/check-reports.sh --page FILE.html [TITLE ...]   checks one page (to prove a broken page fails)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "check-reports: chromium is missing; install it with: sudo apt-get install chromium" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile")

# [height=PIXELS] check_page FILE.html SCREENSHOT.png|"" [REQUIRED_CHART_TITLE ...]
check_page() {
    local page=$1 shot=$2 name
    shift 2
    name=$(basename "$(dirname "$page")")-$(basename "$page" .html)
    timeout 60 "${browser[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$page")" \
        >"$work/$name.dom" 2>"$work/$name.log"
    if grep -q ':CONSOLE' "$work/$name.log"; then
        echo "check-reports: $page: console messages (the page must log nothing):" >&2
        grep ':CONSOLE' "$work/$name.log" | sed 's/^/  /' >&2
        return 1
    fi
    python3 Scripts/check-report-dom.py "$work/$name.dom" "$@"
    if [ -n "$shot" ]; then
        timeout 60 "${browser[@]}" --window-size="1040,${height:-1500}" --screenshot="$shot" "file://$(realpath "$page")" \
            >/dev/null 2>&1
        [ -s "$shot" ] || { echo "check-reports: no screenshot $shot" >&2; return 1; }
    fi
}

if [ "${1:-}" = "--page" ]; then
    page=$2
    shift 2
    check_page "$page" "" "$@"
    exit
fi

shots=${1:-$work/screenshots}
mkdir -p "$shots"
swift build --product lstm >/dev/null
lstm="$(swift build --show-bin-path)/lstm"
head -c 30000 Data/tiny-shakespeare/input.txt >"$work/tiny.txt"

# run NAME ARGS...: trains quietly; on failure shows what it printed.
run() {
    local name=$1
    shift
    "$lstm" "$@" >"$work/$name.out" 2>&1 || { cat "$work/$name.out" >&2; echo "check-reports: $name failed" >&2; exit 1; }
}
run textgen train textgen --data "$work/tiny.txt" --output "$work/textgen" --steps 60 --eval-every 15 \
    --hidden-size 32 --embedding-size 16 --layers 1 --seq-length 32 --batch-size 8 --sample-length 300 \
    --seed 1 --report
run forecast train forecast --preset airpassengers --output "$work/forecast" --epochs 20 --seed 1 --report
run classify train classify --dataset vowels --output "$work/classify" --epochs 4 --hidden-size 16 --seed 1 --report

check_page "$work/textgen/report.html" "$shots/report-textgen.png" "Loss" "Learning rate" "validation bitsPerCharacter"
check_page "$work/forecast/report.html" "$shots/report-forecast.png" "Loss" "Learning rate" "Forecast against the truth"
height=2250 check_page "$work/classify/report.html" "$shots/report-classify.png" "Loss" "validation accuracy" "Per-class F1"
grep -q 'class="confusion"' "$work/classify/report.html" || { echo "check-reports: no confusion matrix" >&2; exit 1; }
grep -q 'class="sample"' "$work/textgen/report.html" || { echo "check-reports: no samples" >&2; exit 1; }

# `lstm inspect` (heat maps and the coloured text) and `lstm explain --svg` (the cell diagram) in the browser too:
# no console line, and the marks are in the DOM Chromium built (one heat map per gate and state, each with its
# cells; the text coloured character by character; the diagram's gates, operations, wires and numbers).
# check_picture FILE NAME MINIMUM_COUNT PATTERN [MINIMUM_COUNT PATTERN ...]
check_picture() {
    local page=$1 name=$2
    shift 2
    timeout 60 "${browser[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$page")" \
        >"$work/$name.dom" 2>"$work/$name.log"
    if grep -q ':CONSOLE' "$work/$name.log"; then
        echo "check-reports: $page: console messages:" >&2
        grep ':CONSOLE' "$work/$name.log" | sed 's/^/  /' >&2
        exit 1
    fi
    while [ $# -gt 0 ]; do
        local found
        found=$(grep -o -- "$2" "$work/$name.dom" | wc -l)
        if [ "$found" -lt "$1" ]; then
            echo "check-reports: $page: $found of '$2' in the page, expected at least $1" >&2
            exit 1
        fi
        shift 2
    done
}
"$lstm" inspect "$work/textgen" --input "To be, or not to be: that is the question." --output "$work/inspect.html" \
    >"$work/inspect.out" 2>&1 || { cat "$work/inspect.out" >&2; echo "check-reports: lstm inspect failed" >&2; exit 1; }
check_picture "$work/inspect.html" inspect 5 '<svg' 200 'class="cell"' 5 'class="legend"' 42 '<span'
"$lstm" explain --svg "$work/step.svg" >/dev/null
check_picture "$work/step.svg" explain 4 'class="gate"' 5 'class="op"' 10 'class="wire"' 20 '<text'
# The vanishing-gradient page (a tiny run: T = 20, 5 iterations): two log-scale charts (before and after
# training), a line and a point per step for each of RNN, GRU and LSTM, titled and ticked axes.
"$lstm" demo vanishing-gradient --length 20 --iterations 5 --hidden-size 8 --batch-size 4 --seed 1 \
    --report "$work/vanishing.html" >/dev/null
check_picture "$work/vanishing.html" vanishing 2 '<svg' 6 'class="line"' 120 'class="point"' 4 'class="axis-label"' 20 'class="tick"'

# `lstm report` on a finished run writes the same page again (it reads only history.json).
run report report "$work/forecast" --output "$work/again.html"
cmp -s "$work/again.html" "$work/forecast/report.html" || { echo "check-reports: lstm report differs from --report" >&2; exit 1; }
echo "check-reports: 3 reports, an inspect page, a cell diagram and the vanishing-gradient page open in $(chromium --version | sed -n 1p) without console messages; screenshots in $shots"
