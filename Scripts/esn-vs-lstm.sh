#!/usr/bin/env bash
# Mackey-Glass (tau = 17): the echo state network of `lstm demo esn` next to an LSTM of the forecasting
# application trained on the same series (docs/esn.md). Builds lstm in release mode, then:
#   1. `lstm demo esn --series-csv`: the ESN (teacher-forced on steps 0..<2000, 20 free runs of 84 steps from
#      the origins 2000, 2084, ...) and the series it used;
#   2. `lstm train forecast` on that CSV: an LSTM 32 x 1 reading 50 steps and emitting the next 84 at once
#      (direct, not fed back), trained on steps 0..<1700, validated on 1700..<2000 (best checkpoint, early
#      stopping), tested on 2000...3680;
#   3. the LSTM's NRMSE at step 84 and over all 84 steps, from its forecasts at the ESN's 20 origins and at
#      every test origin, normalized like the ESN's (the standard deviation of the whole series).
# The one argument is the seed of both (default 0): Scripts/esn-vs-lstm.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product lstm >&2
.build/release/lstm demo esn --seed "$seed" --series-csv "$work/mg.csv"
.build/release/lstm train forecast --data "$work/mg.csv" --target x --horizon 84 --window 50 --test-size 1681 \
    --validation-size 300 --epochs 1000 --patience 50 --minutes 8 --seed "$seed" --output "$work/lstm" \
    --forecasts "$work/forecasts.csv" 2>"$work/lstm.log" | grep -E "^(model|training|LSTM )"
echo "LSTM training ended at: $(grep '^evaluation' "$work/lstm.log" | tail -1)"
python3 - "$work/mg.csv" "$work/forecasts.csv" <<'PY'
import csv, math, sys
series = [float(r["x"]) for r in csv.DictReader(open(sys.argv[1]))]
mean = sum(series) / len(series)
sd = math.sqrt(sum((x - mean) ** 2 for x in series) / len(series))
rows = list(csv.DictReader(open(sys.argv[2])))
def nrmse(rs):
    return math.sqrt(sum((float(r["model"]) - float(r["actual"])) ** 2 for r in rs) / len(rs)) / sd
esn_origins = {str(1999 + 84 * k) for k in range(20)}
at_esn = [r for r in rows if r["origin"] in esn_origins]
print(f"LSTM at the ESN's 20 origins: NRMSE at step 84 {nrmse([r for r in at_esn if r['step'] == '84']):.2e}, "
      f"over all steps {nrmse(at_esn):.2e}")
print(f"LSTM at all {len({r['origin'] for r in rows})} test origins: NRMSE at step 84 "
      f"{nrmse([r for r in rows if r['step'] == '84']):.2e}, over all steps {nrmse(rows):.2e}")
PY
