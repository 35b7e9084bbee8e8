#!/usr/bin/env bash
# Part of CI (.ci/run): the `lstm train <task> --report` page of every train command (rl has no report) opens in
# a real browser. Trains a tiny run of each (seconds each in debug): textgen on the first 30,000 characters of
# tiny-shakespeare, forecast on AirPassengers, classify on Japanese vowels (committed data), and sentiment, tag,
# translate, speech, nextframe (its built-in moving digits), sst, anomaly, music and wordlm on tiny synthetic data
# in their formats (Scripts/report-data.py; their real data sets are never read in CI). Opens each report.html in
# headless Chromium (Debian's `chromium`, installed when missing) and fails unless: the page logs nothing on the
# console (the reports log nothing, so any console line is an error such as an uncaught exception), its script
# ran to the end, and every chart's <svg> has its marks and labelled axes (Scripts/check-report-dom.py), with
# the charts the task must have (and the confusion matrix, the samples where the task has them). Saves a
# screenshot of some pages (one per kind of report).
#
# That the check fails on a broken page was shown by hand (docs/reports.md lists the cases): e.g. the marks of
# one chart removed with sed from the anomaly report, then `Scripts/check-reports.sh --page FILE "ROC curve"`
# exits 1 with "chart 'ROC curve' has no marks (paths, circles, rects)".
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

# dump_dom FILE NAME: the DOM Chromium built from FILE into $work/NAME.dom; fails if the page logged anything
# on the console (the pages log nothing, so any line is an error such as an uncaught exception).
dump_dom() {
    local page=$1 name=$2
    timeout 60 "${browser[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$page")" \
        >"$work/$name.dom" 2>"$work/$name.log"
    if grep -q ':CONSOLE' "$work/$name.log"; then
        echo "check-reports: $page: console messages (the page must log nothing):" >&2
        grep ':CONSOLE' "$work/$name.log" | sed 's/^/  /' >&2
        return 1
    fi
}

# [height=PIXELS] check_page FILE.html SCREENSHOT.png|"" [REQUIRED_CHART_TITLE ...]
check_page() {
    local page=$1 shot=$2 name
    shift 2
    name=$(basename "$(dirname "$page")")-$(basename "$page" .html)
    dump_dom "$page" "$name"
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

# The other train commands (all but rl, which has no report) on tiny data Scripts/report-data.py writes in the
# formats they read (their real data sets are downloaded, some for education only: never read here).
python3 Scripts/report-data.py "$work/data"
d=$work/data
run sentiment train sentiment --data "$d/mr" --output "$work/sentiment" --embedding-size 8 --hidden-size 8 \
    --epochs 3 --batch-size 16 --seed 1 --report
run tag train tag --data "$d/chunks" --output "$work/tag" --embedding-size 8 --feature-size 4 --char-embedding-size 4 \
    --char-hidden-size 4 --hidden-size 12 --learning-rate 0.02 --epochs 3 --batch-size 16 --seed 1 --report
run translate train translate --data "$d/translate" --output "$work/translate" --embedding-size 16 \
    --encoder-hidden-size 16 --decoder-hidden-size 32 --batch-size 16 --epochs 3 --learning-rate 0.01 \
    --min-frequency 1 --beam-width 2 --seed 1 --report
run speech train speech --data "$d/speech" --output "$work/speech" --test-takes 1 --validation-fraction 0.25 \
    --hidden-size 8 --epochs 3 --batch-size 4 --seed 1 --report
run nextframe train nextframe --output "$work/nextframe" --hidden-channels 3 --input-frames 3 --output-frames 2 \
    --train-sequences 4 --validation-sequences 2 --test-sequences 3 --strips 1 --batch-size 2 --epochs 3 --seed 1 --report
run sst train sst --data "$d/sst" --output "$work/sst" --embedding-size 6 --hidden-size 5 --batch-size 4 --epochs 3 \
    --seed 1 --report
run anomaly train anomaly --data "$d/hapt.csv" --output "$work/anomaly" --hidden-size 4 --epochs 2 --batch-size 4 \
    --seed 1 --report
run music train music --data "$d/jsb.json" --output "$work/music" --hidden-size 8 --epochs 3 --batch-size 2 --seed 1 --report
run wordlm train wordlm --data "$d/ptb" --output "$work/wordlm" --steps 30 --batch-size 4 --seq-length 8 \
    --hidden-size 16 --eval-every 10 --sample-length 20 --seed 1 --report

# Each page with the charts its task must have (screenshot heights: the charts, not the config table).
# has NAME PATTERN WHAT: the report of run NAME contains PATTERN (a confusion matrix, samples).
has() { grep -q "$2" "$work/$1/report.html" || { echo "check-reports: $1/report.html: no $3" >&2; exit 1; }; }
curves=("Loss" "Learning rate" "Gradient norm")
check_page "$work/textgen/report.html" "$shots/report-textgen.png" "${curves[@]}" "validation bitsPerCharacter"
check_page "$work/forecast/report.html" "$shots/report-forecast.png" "${curves[@]}" "Forecast against the truth"
height=2250 check_page "$work/classify/report.html" "$shots/report-classify.png" "${curves[@]}" "validation accuracy" \
    "Per-class F1"
has classify 'class="confusion"' "confusion matrix"
has textgen 'class="sample"' samples
scores_table='<th>precision</th><th>recall</th><th>F1</th><th>support</th>'
for name in classify sentiment sst speech; do has $name "$scores_table" "precision/recall/F1/support table"; done
check_page "$work/sentiment/report.html" "" "${curves[@]}" "validation accuracy" "Per-class F1"
has sentiment 'class="confusion"' "confusion matrix"
height=1990 check_page "$work/tag/report.html" "$shots/report-tag.png" "${curves[@]}" "validation f1" "F1 by chunk type"
height=2300 check_page "$work/translate/report.html" "$shots/report-translate.png" "${curves[@]}" "validation bleu"
has translate 'class="sample"' "validation translations"
has translate 'class="cell"' "attention map"
check_page "$work/speech/report.html" "" "${curves[@]}" "validation accuracy" "Per-class F1"
has speech 'class="confusion"' "confusion matrix"
height=1750 check_page "$work/nextframe/report.html" "$shots/report-nextframe.png" "${curves[@]}" "validation mse"
has nextframe 'class="frames" src="data:image/png;base64,' "predicted frames"
# Python's own zlib and CRC-32 decode the page's PNG (LSTMKit writes it): every chunk's checksum holds, and the
# pixels are those of the run's PGM strip.
python3 - "$work/nextframe/report.html" "$work/nextframe/strip-1.pgm" <<'PY'
import base64, binascii, re, struct, sys, zlib
page, pgm = open(sys.argv[1]).read(), open(sys.argv[2], "rb").read()
png = base64.b64decode(re.search(r'data:image/png;base64,([A-Za-z0-9+/=]+)', page).group(1))
assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
at, chunks = 8, []
while at < len(png):
    length, kind = struct.unpack(">I4s", png[at:at + 8])
    data, crc = png[at + 8:at + 8 + length], struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0]
    assert binascii.crc32(kind + data) == crc, f"bad CRC in {kind}"
    chunks.append((kind, data))
    at += 12 + length
width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
rows = zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT"))
assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND" and (depth, colour) == (8, 0)
assert all(rows[y * (width + 1)] == 0 for y in range(height)), "a row filter is not 0"
pixels = b"".join(rows[y * (width + 1) + 1:(y + 1) * (width + 1)] for y in range(height))
header = f"P5\n{width} {height}\n255\n".encode()
assert pgm == header + pixels, "the report's frames differ from strip-1.pgm"
PY
check_page "$work/sst/report.html" "" "${curves[@]}" "validation accuracy" "Per-class F1"
has sst 'class="confusion"' "confusion matrix"
height=2100 check_page "$work/anomaly/report.html" "$shots/report-anomaly.png" "${curves[@]}" "validation auroc" "ROC curve" \
    "Flagged at the threshold"
check_page "$work/music/report.html" "" "${curves[@]}"
height=1950 check_page "$work/wordlm/report.html" "$shots/report-wordlm.png" "${curves[@]}" "validation perplexity"
has wordlm 'class="sample"' samples

# `lstm inspect` (heat maps and the coloured text) and `lstm explain --svg` (the cell diagram) in the browser too:
# no console line, and the marks are in the DOM Chromium built (one heat map per gate and state, each with its
# cells; the text coloured character by character; the diagram's gates, operations, wires and numbers).
# check_picture FILE NAME MINIMUM_COUNT PATTERN [MINIMUM_COUNT PATTERN ...]
check_picture() {
    local page=$1 name=$2
    shift 2
    dump_dom "$page" "$name" || exit 1
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
# The attention page `lstm inspect` writes for a translation checkpoint (the translate run above): the heat map
# of target x source tokens, each cell a mark.
"$lstm" inspect "$work/translate" --input "eins zwei drei." --output "$work/attention.html" \
    >"$work/attention.out" 2>&1 || { cat "$work/attention.out" >&2; echo "check-reports: lstm inspect (translate) failed" >&2; exit 1; }
check_picture "$work/attention.html" attention 1 '<svg' 8 'class="cell"' 1 'Source: eins zwei drei.'
"$lstm" explain --svg "$work/step.svg" >/dev/null
check_picture "$work/step.svg" explain 4 'class="gate"' 5 'class="op"' 10 'class="wire"' 20 '<text'
# The vanishing-gradient page (a tiny run: T = 20, 5 iterations): two log-scale charts of the report's kind
# (LineChart with a logarithmic y axis; the same DOM check), a line and a point per step for each of RNN, GRU
# and LSTM, titled and ticked axes.
"$lstm" demo vanishing-gradient --length 20 --iterations 5 --hidden-size 8 --batch-size 4 --seed 1 \
    --report "$work/vanishing.html" >/dev/null
check_page "$work/vanishing.html" "" "|dLoss/dx[t]| at initialization (log scale)" "|dLoss/dx[t]| after training (log scale)"
check_picture "$work/vanishing.html" vanishing 2 '<svg class="chart"' 6 'class="line"' 120 'class="point"' \
    4 'class="axis-title' 20 'class="tick [xy]'

# `lstm report` on a finished run writes the same page again (it reads only history.json).
run report report "$work/forecast" --output "$work/again.html"
cmp -s "$work/again.html" "$work/forecast/report.html" || { echo "check-reports: lstm report differs from --report" >&2; exit 1; }
echo "check-reports: 12 reports (every train command but rl), the inspect pages of a character model and a translation, a cell diagram and the vanishing-gradient page open in $(chromium --version | sed -n 1p) without console messages; screenshots in $shots"
