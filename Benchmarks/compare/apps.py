"""The LSTMKit side of the whole-application cases: runs `lstm train textgen|sentiment` at its defaults as one
process and prints one JSON line in the harness's format (harness.py, `--apps`).

    apps.py --lstm PATH --app textgen|sentiment [--threads N] [--steps N]

- textgen: `lstm train textgen --steps N --sample-length 0` (default N = 200; everything else default:
  tiny-shakespeare, Embedding 64, LSTM 256 x 2, 64 streams x 100 characters, Adam 2e-3, cosine to 0.1,
  clip 5). The sample is switched off so the timed part is training only; the run evaluates once, at step N.
- sentiment: `lstm train sentiment --epochs 1` (everything default: MR, BiLSTM 150, batch 32, Adam 1e-3,
  clip 5; validation once at the end of the epoch).

Time: the command's own training seconds (`training.seconds` of its --json report: the steps, the one
validation pass and the checkpoint writes; not the data loading before, nor the test evaluation after), per
step (textgen) or per epoch (sentiment). Memory: the peak RSS of the lstm process (ru_maxrss from wait4).
`cpu_median_ms`: the whole process's CPU time (user + system) per step or epoch. The PyTorch scripts
app_textgen.py and app_sentiment.py time and measure the same parts the same way. Threads: the harness sets
OPENBLAS_NUM_THREADS, which LSTMKit's thread count starts from (BLAS.threadCount).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lstm", required=True)
    parser.add_argument("--app", choices=["textgen", "sentiment"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=200, help="textgen training steps")
    args = parser.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    directory = tempfile.mkdtemp(prefix=f"lstmkit-app-{args.app}-")
    log_path = os.path.join(directory, "log.jsonl")
    command = [args.lstm, "train", args.app, "--output", os.path.join(directory, "run"), "--log", log_path, "--json"]
    command += ["--steps", str(args.steps), "--sample-length", "0"] if args.app == "textgen" else ["--epochs", "1"]
    try:
        start = time.time()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen(command, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.time() - start
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            print(json.dumps({"error": f"{' '.join(command)}: exit {code}: {stderr.strip()[-400:]}"}), flush=True)
            return 1
        report = json.loads(stdout[stdout.index("{"):])
        training = report["training"]
        losses = []
        with open(log_path) as f:
            for line in f:
                entry = json.loads(line)
                if entry.get("kind") == "step":
                    losses.append(entry["loss"])
        evaluations = [json.loads(line) for line in open(log_path) if '"evaluation"' in line]
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    units = training["steps"] if args.app == "textgen" else max(1, training["epochs"])
    per_unit = training["seconds"] / units
    cpu = usage.ru_utime + usage.ru_stime
    result = {
        "app": args.app, "unit": "step" if args.app == "textgen" else "epoch", "steps": training["steps"],
        "epochs": training["epochs"], "train_seconds": round(training["seconds"], 3),
        "times_ms": [round(per_unit * 1e3, 3)], "median_ms": round(per_unit * 1e3, 3),
        "min_ms": round(per_unit * 1e3, 3), "cpu_times_ms": [round(cpu / units * 1e3, 3)],
        "cpu_median_ms": round(cpu / units * 1e3, 3), "steps_per_s": round(1 / per_unit, 3),
        "flop_per_iteration": 0, "iterations": 1, "ran": training.get("implementation", ""),
        "loss_first": round(losses[0], 4) if losses else None, "loss_last": round(losses[-1], 4) if losses else None,
        "rss_peak_mb": round(usage.ru_maxrss / 1024, 1), "rss_base_mb": 0.0, "lstm_process_wall_s": round(wall, 3),
        "lstm_process_cpu_s": round(cpu, 3), "peer": "lstmkit", "threads": args.threads, "command": " ".join(command),
    }
    if evaluations:
        last = evaluations[-1]
        result["validation_loss"] = last.get("validationLoss")
        if "accuracy" in last.get("metrics", {}):
            result["validation_accuracy"] = last["metrics"]["accuracy"]
    print(json.dumps(result, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
