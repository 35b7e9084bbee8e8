#!/usr/bin/env python3
"""Crash-safe training: `kill -9` at random moments, then `--resume`, must end bit-identical to a run never killed.

For each task (a tiny seeded textgen and forecast run with a checkpoint at every step or epoch) the script
  1. trains once without interruption: the reference (final best/last checkpoints, `lstm evaluate` output);
  2. runs trials: starts the training, sends SIGKILL at a random moment (seeded), up to 3 times a trial, each
     time continuing with `lstm train --resume DIR` (or the original command when no last.safetensors exists
     yet), and finally lets it finish. The killed runs write slowly (LSTMKIT_DEBUG_SLOW_WRITES: a pause halfway
     through each file and before its rename), so many kills land inside a checkpoint write.
After every kill: best/last are absent or load (`lstm evaluate` exits 0). After the finishing run: no temporary
file (`.*.tmp-*`) is left, and best/last equal the reference's: the same tensor bytes (weights, optimizer state,
carried state) and the same metadata except wall-clock seconds, and `lstm evaluate` prints the same.
Python 3 standard library only (and a C compiler for --self-test). Exits 1 on any problem.

--self-test proves the check catches a non-atomic writer: an LD_PRELOAD shim (compiled with cc) replaces the
writer's rename() by a plain, slow copy over the target and fsync() by nothing, as a writer that opens
`last.safetensors` and writes into it would behave; the check must then find a checkpoint that does not load.
(A missing fsync alone cannot be shown with kill -9: the page cache survives the process; it protects
against power loss and kernel crashes.)

    Scripts/check-kill.py                      # .build/debug/lstm (swift build first)
    Scripts/check-kill.py --self-test          # the check fails when the rename is a plain write
    Scripts/check-kill.py --lstm .build/release/lstm --trials 20 --seed 7 -v
"""

import argparse
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TEXT = ("ROMEO:\nBut soft, what light through yonder window breaks?\n\n"
        "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n") * 3


def forecast_csv():
    lines = ["month,sales,price"]
    for t in range(60):
        lines.append("%04d-%02d,%.1f,%.2f" % (2000 + t // 12, t % 12 + 1, 50 + t + 10 * [0, 1, 3, 1][t % 4], 1 + 0.01 * t))
    return "\n".join(lines) + "\n"


def train_args(task, data, output):
    """Tiny runs that checkpoint often: textgen every step (dropout and a shuffled, stateful stream), forecast every
    epoch (shuffled windows, a plateau schedule)."""
    return {
        "textgen": ["train", "textgen", "--data", data["text"], "--steps", "24", "--batch-size", "2", "--seq-length", "8",
                    "--hidden-size", "8", "--embedding-size", "4", "--layers", "2", "--dropout", "0.2",
                    "--eval-every", "1", "--sample-length", "0", "--seed", "3"],
        "forecast": ["train", "forecast", "--data", data["csv"], "--target", "sales", "--date", "month", "--season", "4",
                     "--window", "8", "--horizon", "3", "--test-size", "9", "--validation-size", "6",
                     "--hidden-size", "4", "--epochs", "12", "--batch-size", "4", "--schedule", "plateau", "--seed", "5"],
    }[task] + ["--output", output]


# The self-test's shim: rename(from, to) becomes a plain write of `to` in place (truncate, then copy in 256-byte
# chunks, pausing 150 ms after the first, a slow disk), fsync() does nothing.
PLAIN_WRITE_SHIM = r"""
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
int fsync(int fd) { (void)fd; return 0; }
int rename(const char *from, const char *to) {
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) return -1;
    int ms = 150, first = 1;
    char buffer[256];
    ssize_t n;
    while ((n = read(in, buffer, sizeof buffer)) > 0) {
        if (write(out, buffer, (size_t)n) != n) return -1;
        if (first && ms > 0) usleep((useconds_t)ms * 1000);
        first = 0;
    }
    close(in); close(out); unlink(from);
    return 0;
}
"""


def temporaries(directory):
    return sorted(n for n in os.listdir(directory) if ".tmp-" in n) if os.path.isdir(directory) else []


def checkpoint_content(path):
    """(tensor bytes by name, metadata with wall-clock seconds removed and the run directory written RUN) of a
    safetensors file."""
    run = os.path.dirname(os.path.abspath(path))
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    tensors = {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]])
               for k, v in header.items() if k != "__metadata__"}

    def scrub(value):
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items() if k != "seconds"}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value.replace(run, "RUN") if isinstance(value, str) else value

    metadata = {}
    for k, v in header.get("__metadata__", {}).items():
        try:
            metadata[k] = scrub(json.loads(v))
        except ValueError:
            metadata[k] = v
    return tensors, metadata


def differences(path, reference):
    """What differs between the checkpoint at `path` and `reference` (empty when the same)."""
    try:
        (t1, m1), (t2, m2) = checkpoint_content(path), checkpoint_content(reference)
    except (ValueError, KeyError, struct.error) as e:
        return ["not a checkpoint (%s)" % e]
    out = ["tensor %s" % k for k in sorted(set(t1) | set(t2)) if t1.get(k) != t2.get(k)]
    out += ["metadata %s" % k for k in sorted(set(m1) | set(m2)) if m1.get(k) != m2.get(k)]
    return out


class Checker:
    def __init__(self, lstm, verbose):
        self.lstm, self.verbose = lstm, verbose
        self.problems = []
        self.kills = []   # (task, trial, moment, outcome)
        self.extra_env = {}   # for the killed runs (the self-test's shim)

    def run(self, args, env=None):
        p = subprocess.run([self.lstm] + args, capture_output=True, text=True, env=env)
        return p.returncode, p.stdout, p.stderr

    def evaluate(self, path):
        code, out, err = self.run(["evaluate", path])
        return code, (out if code == 0 else err.strip()[-300:]).replace(os.path.dirname(path), "RUN")

    def loadable(self, directory):
        """The problems of best/last after a kill: each must be absent or evaluate with status 0."""
        found = []
        for name in ("best.safetensors", "last.safetensors"):
            path = os.path.join(directory, name)
            if os.path.exists(path):
                code, text = self.evaluate(path)
                if code != 0:
                    found.append("%s does not load: %s" % (name, text))
        return found

    def kill_at(self, args, delay, env):
        """Runs `lstm args`, SIGKILLs it after `delay` seconds; returns whether it was killed (False: it ended)."""
        p = subprocess.Popen([self.lstm] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return True
        if p.returncode != 0:
            self.problems.append("%s exited %d before the kill: %s" % (" ".join(args[:2]), p.returncode,
                                                                       p.stderr.read().decode()[-300:]))
        return False


def check_task(c, task, data, root, trials, rng):
    reference = os.path.join(root, task, "reference")
    start = time.time()
    code, _, err = c.run(train_args(task, data, reference))
    duration = time.time() - start
    if code != 0:
        c.problems.append("%s: the reference run failed: %s" % (task, err.strip()[-300:]))
        return
    expected = {n: c.evaluate(os.path.join(reference, n)) for n in ("best.safetensors", "last.safetensors")}
    env = dict(os.environ, LSTMKIT_DEBUG_SLOW_WRITES="15", **c.extra_env)
    slow = duration * 2   # the killed runs write slowly: kill anywhere in about that span
    print("%s: reference run %.1f s; %d trials, kills at uniform moments in [0, %.1f s)" % (task, duration, trials, slow))
    for trial in range(trials):
        run = os.path.join(root, task, "trial-%d" % trial)
        kills_left = rng.randint(1, 3)
        while True:
            resume = os.path.exists(os.path.join(run, "last.safetensors"))
            args = ["train", task, "--resume", run] if resume else train_args(task, data, run)
            if kills_left == 0:
                code, _, err = c.run(args)
                if code != 0:
                    c.problems.append("%s trial %d: the finishing run failed: %s" % (task, trial, err.strip()[-300:]))
                break
            kills_left -= 1
            moment = rng.uniform(0, slow)
            if not c.kill_at(args, moment, env):
                kills_left = 0   # it finished before the kill: the next run resumes a finished run
                continue
            writing = [n for n in temporaries(run)]
            found = c.loadable(run)
            kind = "resume" if resume else "start"
            outcome = ("during a write of %s" % ", ".join(w.split(".tmp-")[0].lstrip(".") for w in writing)
                       if writing else "between writes")
            present = [n.split(".")[0] for n in ("best.safetensors", "last.safetensors")
                       if os.path.exists(os.path.join(run, n))]
            outcome += "; " + ("no checkpoint yet" if not present else "+".join(present) + (" load" if not found else " BROKEN"))
            c.kills.append((task, trial, kind, moment, outcome))
            if c.verbose:
                print("  trial %d: kill %s at %.3f s, %s" % (trial, kind, moment, outcome))
            c.problems += ["%s trial %d, kill at %.3f s: %s" % (task, trial, moment, f) for f in found]
        left = temporaries(run)
        if left:
            c.problems.append("%s trial %d: temporary files left after the finishing run: %s" % (task, trial, left))
        for name in ("best.safetensors", "last.safetensors"):
            path = os.path.join(run, name)
            if not os.path.exists(path):
                c.problems.append("%s trial %d: no %s" % (task, trial, name))
                continue
            diff = differences(path, os.path.join(reference, name))
            if diff:
                c.problems.append("%s trial %d: %s differs from the uninterrupted run: %s"
                                  % (task, trial, name, ", ".join(diff)))
            if c.evaluate(path) != expected[name]:
                c.problems.append("%s trial %d: lstm evaluate %s prints other numbers than the uninterrupted run"
                                  % (task, trial, name))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lstm", default=os.path.join(ROOT, ".build/debug/lstm"), help="the lstm executable")
    parser.add_argument("--trials", type=int, default=6, help="trials per task (1 to 3 kills each)")
    parser.add_argument("--seed", type=int, default=17, help="seeds the kill moments")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every kill")
    parser.add_argument("--self-test", action="store_true", help="prove the check fails when the rename is a plain write")
    a = parser.parse_args()
    if not os.access(a.lstm, os.X_OK):
        sys.exit("check-kill: %s is not an executable (swift build first, or pass --lstm)" % a.lstm)
    root = tempfile.mkdtemp(prefix="lstmkit-kill-")
    start = time.time()
    try:
        data = {"text": os.path.join(root, "tiny.txt"), "csv": os.path.join(root, "sales.csv")}
        with open(data["text"], "w") as f:
            f.write(TEXT)
        with open(data["csv"], "w") as f:
            f.write(forecast_csv())
        c = Checker(a.lstm, a.verbose)
        if a.self_test:
            source, shim = os.path.join(root, "plain-write.c"), os.path.join(root, "plain-write.so")
            with open(source, "w") as f:
                f.write(PLAIN_WRITE_SHIM)
            subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-o", shim, source], check=True)
            c.extra_env = {"LD_PRELOAD": shim}
        rng = random.Random(a.seed)
        for task in ("textgen", "forecast"):
            check_task(c, task, data, root, a.trials, rng)
    finally:
        if a.keep:
            print("kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    during = sum(1 for k in c.kills if k[4].startswith("during"))
    print("%d kills (%d during a checkpoint or history write, %d between writes) in %d trials; %.0f s"
          % (len(c.kills), during, len(c.kills) - during, 2 * a.trials, time.time() - start))
    outcomes = {}
    for k in c.kills:
        key = (k[0], k[4])
        outcomes[key] = outcomes.get(key, 0) + 1
    for (task, outcome), n in sorted(outcomes.items()):
        print("  %-8s %3d x  %s" % (task, n, outcome))
    if a.self_test:
        broken = [p for p in c.problems if "does not load" in p]
        for p in broken[:5]:
            print("  " + p)
        if not broken:
            sys.exit("check-kill --self-test: with rename() a plain write, no kill left a broken checkpoint")
        print("check-kill --self-test: ok (with rename() a plain write, %d of %d kills left a checkpoint that does "
              "not load)" % (len(broken), len(c.kills)))
        return
    if c.problems:
        print("%d problems:" % len(c.problems))
        for p in c.problems:
            print("  " + p)
        sys.exit(1)
    print("every kill left best/last absent or loadable; every resumed run ended bit-identical to the uninterrupted one")


if __name__ == "__main__":
    main()
