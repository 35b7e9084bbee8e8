"""Runs LSTMKit, PyTorch and ONNX Runtime side by side and writes Benchmarks/results/latest.{md,json}.

Called by Benchmarks/compare/run.sh (which builds lstmkit-bench and the virtualenv); see docs/benchmarks.md,
"LSTMKit vs PyTorch and ONNX Runtime".

Every measurement is one process (so peak RSS is that peer's alone): `lstmkit-bench compare ...` for LSTMKit,
`peers.py --peer torch|ort ...` for the others, all printing one JSON line. The runs are interleaved: for each
round, for each case, every peer runs once, in an order rotated every round, so load drifting on a shared
machine hits all peers alike. Per case and peer the timed iterations of all rounds are pooled: the table shows
their median (and min). The SGEMM limit (`lstmkit-bench compare --mode gemm`) runs in the same rounds.

Also: config D (streaming inference, one call per step; peers_streaming.py, CompareStreaming.swift); the
whole applications (`lstm train textgen` / `sentiment` through apps.py against app_textgen.py /
app_sentiment.py); and the truth about what ran: a probe of every LSTMKit implementation prints and records
the kernel it ran, beside the CPU flags (machine.py), the threads and the Linux kernel, and on an AVX-512 CPU
the native kernels forced to AVX2 (LSTMKIT_ISA=avx2) run as the implementation `native@avx2`.
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from machine import machine_description  # noqa: E402  (the CPU, its flags, the versions)
ROOT = os.path.dirname(os.path.dirname(HERE))
SHAPES = {"A": "B=32 T=100 D=64 H=256 L=1", "B": "B=64 T=50 D=512 H=512 L=2", "C": "B=16 T=30 D=32 H=64 L=1",
          "D": "B=1 T=200 D=40 H=128 L=1, streaming: one call per step"}
from report_common import STREAMING   # inference only, one call per step with the state carried by the caller
# The forced paths the harness adds on a CPU that has more (label suffix -> LSTMKIT_ISA value).
FORCED_ISAS = {"avx512f": ["avx2"]}


def log(text):
    print(text, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def isa_env(label):
    """The environment of an implementation label: "native@avx2" runs with LSTMKIT_ISA=avx2."""
    isa = label.partition("@")[2]
    return {"LSTMKIT_ISA": isa} if isa else {}


def run_process(command, threads, timeout, extra_env=None):
    """Runs one peer process; returns (last JSON line or error dict, child rusage peak RSS MB, wall seconds)."""
    env = dict(os.environ)
    env.update(extra_env or {})
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(threads)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.time()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        # os.wait4 (not Popen.wait) so the child's own rusage comes back: ru_maxrss is its peak RSS in KB.
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.time() - start
        out.seek(0)
        err.seek(0)
        lines = [line for line in out.read().decode(errors="replace").splitlines() if line.startswith("{")]
        stderr = err.read().decode(errors="replace").strip()
    result = None
    if lines:
        try:
            result = json.loads(lines[-1])
        except json.JSONDecodeError:
            result = None
    if result is None or process.returncode != 0:
        result = dict(result or {})
        result.setdefault("error", f"exit status {process.returncode}: {stderr[-400:]}")
    result["child_maxrss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["child_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)
    result["process_wall_s"] = round(elapsed, 3)
    return result


def main():
    parser = argparse.ArgumentParser(description="LSTMKit vs PyTorch vs ONNX Runtime (see docs/benchmarks.md)")
    parser.add_argument("--bench", required=True, help="the lstmkit-bench executable")
    parser.add_argument("--python", required=True, help="the virtualenv's python (torch, onnxruntime, onnx)")
    parser.add_argument("--quick", action="store_true", help="1 round, 3 iterations, 1 warm-up: checks the pipeline")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--iterations", type=int, default=None, help="timed iterations per process (default 10)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed iterations per process (default 3)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 2)")
    parser.add_argument("--cells", default="lstm,gru")
    parser.add_argument("--configs", default="A,B,C,D",
                        help="A, B, C (whole sequences) and D (streaming: one call per step, inference only)")
    parser.add_argument("--modes", default="infer,train")
    parser.add_argument("--implementations", default="native,onednn",
                        help="LSTMKit implementations (native, fused, reference, onednn); ones this build lacks "
                             "are skipped and listed; each result's 'ran' names the kernel that ran")
    parser.add_argument("--no-charlm", action="store_true")
    parser.add_argument("--no-seq2seq", action="store_true",
                        help="leave out the translate model (attentional encoder-decoder) cases")
    parser.add_argument("--forced-isa", default="auto",
                        help="extra LSTMKit runs with LSTMKIT_ISA forced (e.g. avx2): 'auto' = avx2 on an AVX-512 "
                             "CPU, 'none', or a comma list; a build without that path is reported and skipped")
    parser.add_argument("--apps", default="textgen,sentiment",
                        help="whole applications side by side (lstm train X vs Benchmarks/compare/app_X.py), "
                             "or 'none'")
    parser.add_argument("--lstm", default=None,
                        help="the lstm executable for --apps (default: lstm beside the --bench executable)")
    parser.add_argument("--textgen-steps", type=int, default=None, help="textgen training steps (default 200; "
                                                                         "--quick: 20)")
    parser.add_argument("--out", default=os.path.join(ROOT, "Benchmarks", "results"))
    parser.add_argument("--timeout", type=float, default=900, help="seconds per process")
    args = parser.parse_args()
    iterations = args.iterations or (3 if args.quick else 10)
    warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    rounds = args.rounds or (1 if args.quick else 2)
    threads_list = [int(t) for t in args.threads.split(",")]
    # --cells none: no LSTM / GRU stack cases (only the whole models: char LM, seq2seq).
    cells = [c for c in args.cells.split(",") if c and c != "none"]
    configs, modes = args.configs.upper().split(","), args.modes.split(",")
    apps = [a for a in args.apps.split(",") if a and a != "none"]
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = loadavg()
    log(f"compare: {rounds} round(s) x {iterations} iterations (+{warmup} warm-up), threads {threads_list}, "
        f"load {load_before}")
    machine, versions = machine_description(args.python)

    # Which LSTMKit implementations this build has (the bench's --implementation refuses the others), and
    # which kernel each one runs on this CPU (the probe's "ran"). "native@avx2" = native with LSTMKIT_ISA=avx2.
    implementations, skipped, kernels = [], {}, {}

    def probe(label):
        impl, _, isa = label.partition("@")
        result = run_process([args.bench, "compare", "--cell", "lstm", "--config", "C", "--iterations", "1",
                              "--warmup", "0", "--implementation", impl], 1, 120, isa_env(label))
        if "error" in result:
            return None, result["error"]
        ran = result.get("ran", "")
        if isa and ran != f"native-{isa}":
            return None, (f"this lstmkit-bench has no forced {isa} path (LSTMKIT_ISA={isa} ran {ran or 'nothing'}); "
                          f"rebuild from a tree that has it")
        return ran, None

    for impl in args.implementations.split(","):
        ran, error = probe(impl)
        if error:
            skipped[impl] = error
            log(f"  LSTMKit implementation {impl}: skipped ({error})")
        else:
            implementations.append(impl)
            kernels[impl] = ran
    forced = []
    if args.forced_isa == "auto":
        forced = [isa for flag, isas in FORCED_ISAS.items() if flag in machine["flags"] for isa in isas]
    elif args.forced_isa != "none":
        forced = [isa for isa in args.forced_isa.split(",") if isa]
    for isa in forced:
        label = f"native@{isa}"
        ran, error = probe(label)
        if error:
            skipped[label] = error
            log(f"  forced path {label}: skipped ({error})")
        else:
            implementations.append(label)
            kernels[label] = ran
    if args.forced_isa == "auto" and not forced:
        log("  forced paths: none (this CPU has no AVX-512: the native kernels already run its own path)")
    log(f"  CPU: {machine['cpu_model']}, {machine['cores']} cores; flags: {' '.join(machine['flags']) or 'none'}")
    log(f"  kernels: " + ", ".join(f"{impl} -> {ran}" for impl, ran in kernels.items()) +
        f"; threads {threads_list}; Linux {machine['kernel']}")

    # ONNX files for ORT, exported once per (cell, config) and checked against torch.
    onnx_dir = tempfile.mkdtemp(prefix="lstmkit-compare-onnx-")   # removed at the end
    exports = {}
    if "infer" in modes:
        for cell in cells:
            for config in configs:   # config D: seq len 1 with the state as inputs and outputs
                path = os.path.join(onnx_dir, f"{cell}-{config}.onnx")
                exports[(cell, config)] = run_process(
                    [args.python, os.path.join(HERE, "peers.py"), "export", "--cell", cell, "--config", config,
                     "--onnx", path], 1, 600)
                log(f"  export {cell} {config}: {json.dumps(exports[(cell, config)])[:200]}")

    common = ["--iterations", str(iterations), "--warmup", str(warmup)]

    app_steps = args.textgen_steps or (20 if args.quick else 200)
    lstm_binary = args.lstm or os.path.join(os.path.dirname(os.path.abspath(args.bench)), "lstm")

    def peer_commands(cell, config, mode, threads):
        """(peer label, command, extra environment) of every peer of one case."""
        if cell.startswith("app-"):
            app = cell[len("app-"):]
            options = ["--app", app, "--threads", str(threads), "--steps", str(app_steps)]
            return [("lstmkit-native", [args.python, os.path.join(HERE, "apps.py"), "--lstm", lstm_binary] + options,
                     {}),
                    ("torch", [args.python, os.path.join(HERE, f"app_{app}.py")] + options, {})]
        base = ["--cell", cell, "--config", config, "--mode", mode, "--threads", str(threads)] + common
        commands = [(f"lstmkit-{impl}", [args.bench, "compare"] + base + ["--implementation", impl.partition("@")[0]],
                     isa_env(impl)) for impl in implementations]
        commands.append(("torch", [args.python, os.path.join(HERE, "peers.py"), "--peer", "torch"] + base, {}))
        if mode == "infer" and cell not in ("charlm", "seq2seq") and "error" not in exports.get((cell, config), {"error": 1}):
            commands.append(("ort", [args.python, os.path.join(HERE, "peers.py"), "--peer", "ort"] + base +
                             ["--onnx", exports[(cell, config)]["onnx"]], {}))
        return commands

    def write_outputs(complete):
        """Writes latest.json and latest.md (also after every case, so an interrupted run leaves its part)."""
        finished = datetime.datetime.now(datetime.timezone.utc)
        from report import aggregate, write_markdown
        document = {
            "date_utc": started.strftime("%Y-%m-%d %H:%M"), "finished_utc": finished.strftime("%Y-%m-%d %H:%M"),
            "complete": complete, "machine": machine, "versions": versions,
            "load_before": load_before, "load_after": loadavg(),
            "settings": {"rounds": rounds, "iterations_per_process": iterations, "warmup": warmup,
                         "threads": threads_list, "quick": args.quick, "implementations": implementations,
                         "skipped_implementations": skipped, "kernels": kernels,
                         "forced_isa": {impl: impl.partition("@")[2] for impl in implementations if "@" in impl},
                         "textgen_steps": app_steps, "apps": apps,
                         "thread_control": "OMP_NUM_THREADS=MKL_NUM_THREADS=OPENBLAS_NUM_THREADS=n for every "
                                           "process; LSTMKit BLAS.threadCount=n (+ omp_set_num_threads when "
                                           "loaded); torch.set_num_threads(n), set_num_interop_threads(1); "
                                           "ORT intra_op_num_threads=n, inter_op_num_threads=1"},
            "shapes": SHAPES, "exports": {f"{c}-{k}": v for (c, k), v in exports.items()},
            "results": aggregate(runs, implementations), "runs": runs,
        }
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "latest.json"), "w") as f:
            json.dump(document, f, indent=1, sort_keys=True)
        with open(os.path.join(args.out, "latest.md"), "w") as f:
            f.write(write_markdown(document))
        return document

    # Thread counts outermost (all rounds of 1 thread, then of 2), so an interrupted run still holds complete
    # cases; within a thread count: rounds, then cases, then the peers of the case in a rotated order.
    cases = [(cell, config, mode) for cell in cells for config in configs for mode in modes
             if not (config in STREAMING and mode != "infer")]
    if not args.no_charlm:
        cases += [("charlm", "A", "train")]
    if not args.no_seq2seq:   # --config is ignored by the seq2seq case; "A" keeps the contract of the others
        cases += [("seq2seq", "A", mode) for mode in modes]
    cases += [(f"app-{app}", "app", "train") for app in apps]
    runs = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # so the finally below runs
    try:
        for threads in threads_list:
            for r in range(rounds):
                for (cell, config, mode) in cases:
                    jobs = peer_commands(cell, config, mode, threads)
                    # The SGEMM limit, once per (cell, config, threads); not for streaming (one [1, D] row a call).
                    if (mode == modes[0] and cell in ("lstm", "gru") and config not in STREAMING):
                        jobs.append(("sgemm", [args.bench, "compare", "--cell", cell, "--config", config,
                                               "--mode", "gemm", "--threads", str(threads)] + common, {}))
                    shift = r % len(jobs)
                    for peer, command, extra_env in jobs[shift:] + jobs[:shift]:
                        load = loadavg()
                        timeout = args.timeout * (4 if cell.startswith("app-") else 1)   # a whole epoch
                        result = run_process(command, threads, timeout, extra_env)
                        result.update({"round": r, "peer_label": peer, "case_cell": cell, "case_config": config,
                                       "case_mode": "gemm" if peer == "sgemm" else mode, "case_threads": threads,
                                       "load_at_start": load})
                        runs.append(result)
                        summary = result.get("error") or f"{result.get('median_ms', result.get('gemm_forward_ms'))} ms"
                        log(f"  t={threads} round {r + 1}/{rounds} {cell} {config} {mode} {peer}: {summary} "
                            f"(load {load})")
                    write_outputs(complete=False)
    finally:
        shutil.rmtree(onnx_dir, ignore_errors=True)

    document = write_outputs(complete=True)
    load_after = document["load_after"]
    log(f"compare: wrote {args.out}/latest.md and latest.json (load before {load_before}, after {load_after})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.exit(main())
