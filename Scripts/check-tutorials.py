#!/usr/bin/env python3
"""Part of CI (.ci/run): the tutorials' commands print what their pages show (a doc test).

For every docs/tutorials/*.md, each fenced block opened with ```console is read as a terminal session: a line
`$ lstm ARGS...` is a command and the lines after it, up to the next `$ ` line or the end of the block, are its
expected output. Each command runs with the debug `lstm` (built first, like Scripts/check-reports.sh does) in a
temporary directory, one per page, so a file one command writes (for example `--svg step.svg`) is there for the
next command on the same page. The printed output (stdout, then stderr) must equal the page line for line,
except that:
  - a line that is exactly `...` in the page stands for any number of output lines (zero or more), for numbers
    that are rounding noise and differ between machines (AVX-512, AVX2, arm64), or for long output;
  - trailing spaces and trailing empty lines are ignored (editors strip them from pages).
A page may also hold the HTML comment `<!-- check-tutorials: same FILE PATH -->` (on a line of its own): after
its commands have run, FILE (written by them in the temporary directory) must be byte for byte the committed
PATH (relative to the page), so a picture the page embeds is what the command draws.
A command must exit with status 0. On a mismatch the script prints a unified diff naming the page and the line
of the command, and exits 1. Only `lstm` commands are allowed in ```console blocks (anything else fails, so no
command is skipped silently); other fences (```sh, ```text, ```swift) are not run.

Usage: Scripts/check-tutorials.py [PAGE.md ...]   (default: docs/tutorials/*.md)
Standard library only.
"""
import difflib
import glob
import os
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sessions(path):
    """Yields (line number of the command, argument list, expected output lines) for each command in the page."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_console = False
    current = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not in_console:
            if stripped.startswith("```console"):
                in_console = True
            continue
        if stripped.startswith("```"):
            in_console = False
            if current:
                yield current
            current = None
            continue
        if line.startswith("$ "):
            if current:
                yield current
            args = shlex.split(line[2:])
            if not args or args[0] != "lstm":
                raise SystemExit(f"check-tutorials: {path}:{number}: only `$ lstm ...` commands may appear in a "
                                 f"```console block, found: {line}")
            current = (number, args, [])
        elif current is None:
            if stripped:
                raise SystemExit(f"check-tutorials: {path}:{number}: output before any `$ lstm` command")
        else:
            current[2].append(line)
    if in_console:
        raise SystemExit(f"check-tutorials: {path}: a ```console block is not closed")


def same_file_checks(path):
    """Yields (line number, FILE, PATH relative to the repository) for each `same` comment in the page."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            words = line.split()
            if words[:3] == ["<!--", "check-tutorials:", "same"]:
                if len(words) != 6 or words[5] != "-->":
                    raise SystemExit(f"check-tutorials: {path}:{number}: expected "
                                     f"<!-- check-tutorials: same FILE PATH -->")
                yield number, words[3], os.path.normpath(os.path.join(os.path.dirname(path), words[4]))


def normalize(lines):
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected, actual):
    """True when actual equals expected, a `...` line in expected matching zero or more lines."""
    # memo[i][j]: does expected[i:] match actual[j:]
    memo = {}

    def match(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(expected):
            result = j == len(actual)
        elif expected[i] == "...":
            result = any(match(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            result = j < len(actual) and expected[i] == actual[j] and match(i + 1, j + 1)
        memo[(i, j)] = result
        return result

    return match(0, 0)


def main():
    os.chdir(ROOT)
    pages = sys.argv[1:] or sorted(glob.glob("docs/tutorials/*.md"))
    if not pages:
        raise SystemExit("check-tutorials: no pages in docs/tutorials")
    subprocess.run(["swift", "build", "--product", "lstm"], check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], check=True, capture_output=True,
                              text=True).stdout.strip()
    lstm = os.path.join(bin_path, "lstm")
    failures = 0
    commands = 0
    start = time.monotonic()
    for page in pages:
        with tempfile.TemporaryDirectory() as work:
            for number, args, expected in sessions(page):
                commands += 1
                where = f"{page}:{number}"
                try:
                    run = subprocess.run([lstm] + args[1:], cwd=work, capture_output=True, text=True, timeout=120)
                except subprocess.TimeoutExpired:
                    print(f"check-tutorials: {where}: `{shlex.join(args)}` took more than 120 s", file=sys.stderr)
                    failures += 1
                    continue
                actual = normalize((run.stdout + run.stderr).split("\n"))
                expected = normalize(expected)
                if run.returncode != 0:
                    print(f"check-tutorials: {where}: `{shlex.join(args)}` exited with status {run.returncode}",
                          file=sys.stderr)
                    failures += 1
                if not matches(expected, actual):
                    print(f"check-tutorials: {where}: `{shlex.join(args)}` printed something else than the page "
                          f"(a `...` line in the page matches any lines, so it shows as removed here; hunk line numbers "
                          f"count output lines from the one after the command):",
                          file=sys.stderr)
                    sys.stderr.writelines(difflib.unified_diff(
                        [line + "\n" for line in expected], [line + "\n" for line in actual],
                        fromfile=f"{where} (page)", tofile=f"{shlex.join(args)} (printed)"))
                    failures += 1
            for number, name, committed in same_file_checks(page):
                commands += 1
                written = os.path.join(work, name)
                if not os.path.exists(written) or not os.path.exists(committed):
                    print(f"check-tutorials: {page}:{number}: {name} or {committed} does not exist", file=sys.stderr)
                    failures += 1
                    continue
                with open(written, "rb") as a, open(committed, "rb") as b:
                    if a.read() != b.read():
                        print(f"check-tutorials: {page}:{number}: {name} written by the page's commands differs "
                              f"from the committed {committed}", file=sys.stderr)
                        failures += 1
    seconds = time.monotonic() - start
    if failures:
        print(f"check-tutorials: FAIL: {failures} of {commands} commands and file checks in {len(pages)} page(s)", file=sys.stderr)
        sys.exit(1)
    print(f"check-tutorials: {commands} commands and file checks in {len(pages)} page(s) print what their pages show "
          f"({seconds:.1f} s)")


if __name__ == "__main__":
    main()
