"""Scores a predictions file of `lstm evaluate CHECKPOINT --predictions FILE` with conlleval (outside witness).

`lstm evaluate --predictions` writes every test word as "word gold predicted", a blank line after each
sentence: the input of the CoNLL-2000 script conlleval.pl. Neither Debian nor PyPI ships the Perl script;
`conlleval` 0.2 on PyPI is its Python port (the witness of Tests/LSTMKitTests/Metrics/ChunkMetricsTests.swift).
This prints the port's report, to compare with the F1 `lstm` printed:

    lstm evaluate runs/chunk --predictions /tmp/chunk-pred.txt
    python3 Tools/tagging/score_predictions.py /tmp/chunk-pred.txt

Run it with any Python 3: it installs the pinned conlleval into Tools/fixtures/.venv (git-ignored;
LSTMKIT_VENV=/path overrides) the first time and re-runs itself there.
"""

import os
import subprocess
import sys

PIN = "conlleval==0.2"
HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_venv():
    venv = os.environ.get("LSTMKIT_VENV", os.path.join(HERE, "..", "fixtures", ".venv"))
    python = os.path.join(venv, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(venv):
        return
    probe = subprocess.run([python, "-c", "import conlleval"], capture_output=True) if os.path.exists(python) else None
    if probe is None or probe.returncode != 0:
        print(f"Installing {PIN} into {venv} (one time)...", file=sys.stderr)
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PIN], check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: score_predictions.py PREDICTIONS (a file of `lstm evaluate --predictions`)")
    ensure_venv()
    import conlleval
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    print(conlleval.report(conlleval.evaluate(lines)), end="")


if __name__ == "__main__":
    main()
