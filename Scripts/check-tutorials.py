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
The temporary directory holds a link `Data` to the repository's Data/ (the committed open datasets), so a page
can write `--data Data/tiny-shakespeare/input.txt`; where a command prints the temporary directory's path (a
checkpoint's location), the page shows `$WORK` instead.
Swift snippets: `<!-- check-tutorials: snippet Snippets/NAME.swift -->` on a line of its own, followed (blank
lines aside) by a ```swift block and then an ```output block, says that the ```swift block IS the file
Snippets/NAME.swift (a SwiftPM snippet: an executable linking the package's libraries, `swift run NAME`) and that
the ```output block is what it prints. The check builds it (`swift build --product NAME`; a compile error fails),
runs it in the page's temporary directory (a non-zero exit fails), and compares:
  - the ```swift block with the file without its hidden lines: those from a `// snippet.hide` line to the next
    `// snippet.show` line (or the end of the file), and the two marker lines themselves, as SwiftPM and DocC
    hide them; leading and trailing empty lines and trailing spaces are ignored, every other line must be equal;
  - the ```output block with the printed output (stdout, then stderr) under the same rules as a command (`...`).
Every Snippets/*.swift must be shown on some page when all pages are checked, so none goes stale unseen.
A command must exit with status 0. On a mismatch the script prints a unified diff naming the page and the line
of the command, and exits 1. Only `lstm` commands are allowed in ```console blocks (anything else fails, so no
command is skipped silently); other fences (```sh, ```text, a ```swift or ```output block without the snippet
comment) are not run.

Usage: Scripts/check-tutorials.py [PAGE.md ...]   (default: docs/tutorials/*.md, and every snippet must be used)
Standard library only.
"""
import difflib
import glob
import os
import re
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


def snippet_checks(path):
    """Yields (line number, snippet file relative to the repository, swift block lines, output block lines)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")

    def block(start, language, number):
        """The lines of the fenced block opened at or after index `start` (blank lines before it allowed)."""
        i = start
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i == len(lines) or lines[i].strip() != "```" + language:
            raise SystemExit(f"check-tutorials: {path}:{number}: the snippet comment must be followed by a "
                             f"```swift block and then an ```output block; expected ```{language} at line {i + 1}")
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        if j == len(lines):
            raise SystemExit(f"check-tutorials: {path}:{i + 1}: a ```{language} block is not closed")
        return lines[i + 1:j], j + 1

    for index, line in enumerate(lines):
        words = line.split()
        if words[:3] == ["<!--", "check-tutorials:", "snippet"]:
            number = index + 1
            if len(words) != 5 or words[4] != "-->" or not re.fullmatch(r"Snippets/[A-Za-z0-9_]+\.swift", words[3]):
                raise SystemExit(f"check-tutorials: {path}:{number}: expected "
                                 f"<!-- check-tutorials: snippet Snippets/NAME.swift -->")
            code, after = block(index + 1, "swift", number)
            output, _ = block(after, "output", number)
            yield number, words[3], code, output


def visible_snippet_lines(path):
    """The lines of a snippet file as the page shows them: without `// snippet.hide` ... `// snippet.show`."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    shown, hidden = [], False
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == "// snippet.hide":
            hidden = True
        elif marker == "// snippet.show":
            hidden = False
        elif marker.startswith("// snippet."):
            raise SystemExit(f"check-tutorials: {path}:{number}: only the markers // snippet.hide and "
                             f"// snippet.show are supported, found: {marker}")
        elif not hidden:
            shown.append(line)
    shown = normalize(shown)
    while shown and not shown[0]:
        shown.pop(0)
    return shown


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


def report_mismatch(where, what, expected, actual):
    print(f"check-tutorials: {where}: {what} printed something else than the page (a `...` line in the page "
          f"matches any lines, so it shows as removed here; hunk line numbers count output lines from the first "
          f"one shown):", file=sys.stderr)
    sys.stderr.writelines(difflib.unified_diff(
        [line + "\n" for line in expected], [line + "\n" for line in actual],
        fromfile=f"{where} (page)", tofile=f"{what} (printed)"))


def run_and_compare(where, what, argv, work, expected):
    """Runs argv in work; the number of failures (0, 1 or 2: a non-zero exit, a different output)."""
    try:
        run = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        print(f"check-tutorials: {where}: {what} took more than 120 s", file=sys.stderr)
        return 1
    failures = 0
    printed = (run.stdout + run.stderr).replace(os.path.realpath(work), "$WORK").replace(work, "$WORK")
    actual = normalize(printed.split("\n"))
    expected = normalize(expected)
    if run.returncode != 0:
        print(f"check-tutorials: {where}: {what} exited with status {run.returncode}", file=sys.stderr)
        failures += 1
    if not matches(expected, actual):
        report_mismatch(where, what, expected, actual)
        failures += 1
    return failures


def build_snippet(name):
    """Builds Snippets/NAME.swift; None when it compiled, else the compiler's output."""
    build = subprocess.run(["swift", "build", "--product", name], capture_output=True, text=True)
    return None if build.returncode == 0 else build.stdout + build.stderr


def main():
    os.chdir(ROOT)
    pages = sys.argv[1:] or sorted(glob.glob("docs/tutorials/*.md"))
    if not pages:
        raise SystemExit("check-tutorials: no pages in docs/tutorials")
    start = time.monotonic()
    subprocess.run(["swift", "build", "--product", "lstm"], check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], check=True, capture_output=True,
                              text=True).stdout.strip()
    lstm = os.path.join(bin_path, "lstm")
    failures = 0
    commands = 0
    snippets_used = set()
    built = {}     # snippet name -> None (built) or the compiler's output
    build_seconds = time.monotonic() - start
    for page in pages:
        items = [(number, "command", (args, expected)) for number, args, expected in sessions(page)]
        items += [(number, "snippet", rest) for number, *rest in snippet_checks(page)]
        with tempfile.TemporaryDirectory() as work:
            os.symlink(os.path.join(ROOT, "Data"), os.path.join(work, "Data"))
            for number, kind, item in sorted(items, key=lambda entry: entry[0]):
                commands += 1
                where = f"{page}:{number}"
                if kind == "command":
                    args, expected = item
                    failures += run_and_compare(where, f"`{shlex.join(args)}`", [lstm] + args[1:], work, expected)
                    continue
                file, code, expected = item
                snippets_used.add(file)
                name = os.path.splitext(os.path.basename(file))[0]
                if not os.path.exists(file):
                    print(f"check-tutorials: {where}: {file} does not exist", file=sys.stderr)
                    failures += 1
                    continue
                shown = visible_snippet_lines(file)
                page_code = normalize(code)
                while page_code and not page_code[0]:
                    page_code.pop(0)
                if page_code != shown:
                    print(f"check-tutorials: {where}: the ```swift block is not the code of {file} (its lines "
                          f"outside // snippet.hide ... // snippet.show):", file=sys.stderr)
                    sys.stderr.writelines(difflib.unified_diff(
                        [line + "\n" for line in page_code], [line + "\n" for line in shown],
                        fromfile=f"{where} (page)", tofile=file))
                    failures += 1
                if name not in built:
                    building = time.monotonic()
                    built[name] = build_snippet(name)
                    build_seconds += time.monotonic() - building
                if built[name] is not None:
                    print(f"check-tutorials: {where}: `swift build --product {name}` failed:\n{built[name]}",
                          file=sys.stderr)
                    failures += 1
                    continue
                failures += run_and_compare(where, f"snippet {file} (swift run {name})",
                                            [os.path.join(bin_path, name)], work, expected)
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
    if not sys.argv[1:]:
        for file in sorted(glob.glob("Snippets/*.swift")):
            if file not in snippets_used:
                print(f"check-tutorials: {file} is shown on no page (add it to a lesson or remove it)", file=sys.stderr)
                failures += 1
    seconds = time.monotonic() - start
    if failures:
        print(f"check-tutorials: FAIL: {failures} failures in {commands} commands, snippets and file checks in "
              f"{len(pages)} page(s)", file=sys.stderr)
        sys.exit(1)
    print(f"check-tutorials: {commands} commands, snippets and file checks in {len(pages)} page(s) print what their "
          f"pages show ({seconds:.1f} s, of which {build_seconds:.1f} s building lstm and {len(built)} snippets)")


if __name__ == "__main__":
    main()
