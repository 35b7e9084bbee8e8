#!/usr/bin/env bash
# Data-parallel training over MPI (docs/distributed.md): a tiny seeded `lstm train textgen` of 50 steps with
# batch size 4 (2 layers, no dropout) as one process and under `mpirun -np 2` and `-np 4 --distributed`:
#   - the weights and the final validation loss of 2 and 4 ranks match the single process within 1e-5
#     (Float: each rank's loss is the mean over its B/W streams and the ranks' gradients are summed by
#     MPI_Allreduce, another summation order than the single process's; ~1e-7 is what it measures);
#   - two runs at the same world size are bit-identical (every tensor of last.safetensors: weights,
#     optimizer state, carried state);
#   - a 2-rank run that dies after step 30 (its last checkpoint at step 25) and is resumed with
#     `--resume DIR --distributed` ends bit-identical to the uninterrupted 2-rank run;
#   - a batch size the ranks cannot share is one `Error:` line (rank 0's) and exit status 1.
# Runs as root need OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM); 4 ranks on 2 cores need --oversubscribe.
#
#     Scripts/check-mpi.sh                    # .build/debug/lstm (built first)
#     LSTM=.build/release/lstm Scripts/check-mpi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LSTM:-}" ]; then swift build --product lstm >/dev/null; LSTM=.build/debug/lstm; fi
LSTM=$(cd "$(dirname "$LSTM")" && pwd)/$(basename "$LSTM")
command -v mpirun >/dev/null || { echo "check-mpi: mpirun not found (Scripts/install-dependencies.sh installs openmpi-bin)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1   # 4 ranks on 2 cores
export OPENBLAS_NUM_THREADS=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
python3 -c "
import random
r = random.Random(1)
words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'far', 'away']
open('tiny.txt', 'w').write(' '.join(r.choice(words) for _ in range(3000)) + '\n')"
ARGS=(--data tiny.txt --embedding-size 8 --hidden-size 16 --layers 2 --seq-length 16 --batch-size 4 --steps 50
      --eval-every 25 --sample-length 0 --seed 7 --json)

run() {   # run NAME [mpirun args...] -- prints nothing; the JSON report goes to NAME.json
    local name=$1; shift
    "$@" "$LSTM" train textgen "${ARGS[@]}" --output "$name" ${DIST:+--distributed} > "$name.json" 2> "$name.err" \
        || { echo "check-mpi: $name failed:" >&2; cat "$name.err" >&2; exit 1; }
}
start=$(date +%s)
run single
DIST=1 run np2a mpirun -np 2
DIST=1 run np2b mpirun -np 2
DIST=1 run np4a mpirun -np 4
DIST=1 run np4b mpirun -np 4

# Interrupted after step 30 (checkpoint at 25), then resumed on 2 ranks.
if mpirun -np 2 "$LSTM" train textgen "${ARGS[@]}" --output resumed --distributed --stop-after-step 30 \
        > /dev/null 2> stop.err; then
    echo "check-mpi: --stop-after-step 30 did not stop the run" >&2; exit 1
fi
mpirun -np 2 "$LSTM" train textgen --resume resumed --distributed --json > resumed.json 2> resumed.err \
    || { echo "check-mpi: resuming failed:" >&2; cat resumed.err >&2; exit 1; }

# A batch size 4 ranks cannot share: one line, exit status 1.
if mpirun -np 4 "$LSTM" train textgen "${ARGS[@]}" --batch-size 6 --output bad --distributed > /dev/null 2> bad.err; then
    echo "check-mpi: --batch-size 6 on 4 ranks was accepted" >&2; exit 1
fi
python3 - <<'PY'
import json, struct, sys, array

def tensors(path):
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    return {k: (v['dtype'], body[v['data_offsets'][0]:v['data_offsets'][1]])
            for k, v in header.items() if k != '__metadata__'}

def last(name): return tensors(f'{name}/last.safetensors')
def loss(name): return json.load(open(f'{name}.json'))['last']['loss']

failures = []
single = last('single')
for w in (2, 4):
    a, b = last(f'np{w}a'), last(f'np{w}b')
    if a != b:
        failures.append(f'{w} ranks: two runs differ in ' + ', '.join(k for k in a if a[k] != b.get(k)))
    worst, where = 0.0, ''
    for k, (dtype, raw) in single.items():
        if dtype != 'F32' or k.startswith('optimizer.') or k.startswith('state.'):
            continue
        x, y = array.array('f', raw), array.array('f', a[k][1])
        d = max(abs(p - q) for p, q in zip(x, y))
        if d > worst: worst, where = d, k
    dl = abs(loss(f'np{w}a') - loss('single'))
    print(f'{w} ranks vs 1 process: max |weight difference| {worst:.3g} ({where}), '
          f'|validation loss difference| {dl:.3g}; two {w}-rank runs bit-identical: {a == b}')
    if worst > 1e-5 or dl > 1e-5:
        failures.append(f'{w} ranks: weights differ by {worst:.3g} ({where}), loss by {dl:.3g} (tolerance 1e-5)')
if last('resumed') != last('np2a'):
    failures.append('2 ranks: the resumed run differs from the uninterrupted one')
else:
    print('2 ranks: stopped after step 30, resumed from step 25: bit-identical to the uninterrupted run')
# (mpirun adds its own box saying a rank exited with status 1; the ranks print one line: rank 0's.)
text = open('bad.err').read()
err = [line for line in text.splitlines() if line.startswith('Error:')]
if len(err) != 1 or '--batch-size' not in err[0] or 'Fatal error' in text or 'Backtrace' in text:
    failures.append(f'--batch-size 6 on 4 ranks: expected one Error: line naming --batch-size, got {text}')
else:
    print(f'--batch-size 6 on 4 ranks: {err[0]}')
if failures:
    print('check-mpi FAILED:\n  ' + '\n  '.join(failures), file=sys.stderr)
    sys.exit(1)
PY
echo "check-mpi: passed in $(( $(date +%s) - start )) s"
