#!/usr/bin/env python3
"""Checks that LSTMKit's layers only use what is below them (see Scripts/layers.conf and check-layers.sh).

Three checks, each violation one line "path:line: what (the two layers or targets)":
1. Targets: every `import` in a target's Swift files, and every dependency Package.swift declares for it, is
   allowed by layers.conf (package targets only from lower in the list).
2. Folders of Sources/LSTMKit: a file does not use a type, free function or global declared only in a
   higher folder. Found by reading the source, not by the compiler: top-level declarations, names used as
   words (types) or called without a receiver (functions); a name declared anywhere in the using folder is
   taken as its own (local functions, members, overloads). A method of a higher layer called on a value
   (`x.someExtensionMethod()`) needs type information and is not seen.
3. docs/architecture.md lists the folders in the config's order (its block between the `layers:begin` and
   `layers:end` markers).
"""
import os
import re
import sys

SYSTEM_MODULES = {"Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Synchronization", "Accelerate",
                  "Testing", "XCTest"}
TYPE_KINDS = {"struct", "class", "enum", "protocol", "typealias", "actor"}
DECLARATION = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*"
    r"((?:(?:public|internal|package|private|fileprivate|open|final|static|class|override|mutating|"
    r"nonisolated|indirect|convenience|required|lazy|weak|unowned)(?:\(set\))?\s+)*)"
    r"(struct|class|enum|protocol|typealias|actor|func|var|let|extension|case)\s+([A-Za-z_][A-Za-z0-9_]*)")
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)?import\s+(?:\w+\s+)?([A-Za-z_][\w.]*)")
WORD = re.compile(r"(\.\s*)?\b([A-Za-z_][A-Za-z0-9_]*)\b(\s*\()?")


def read_config(path):
    targets, layers, stdlib_names = [], [], set()
    for n, raw in enumerate(open(path), 1):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if words[0] == "target" and len(words) >= 3:
            targets.append((words[1], words[2], words[3:]))
        elif words[0] == "layer" and len(words) == 2:
            layers.append(words[1])
        elif words[0] == "stdlib-name":
            stdlib_names.update(words[1:])
        else:
            sys.exit(f"{path}:{n}: cannot read '{raw.strip()}'")
    return targets, layers, stdlib_names


def code_lines(path, keep_strings=False):
    """The file's lines with comments (and string literals, unless kept) blanked, line numbers kept."""
    text = open(path, encoding="utf-8").read()
    if not keep_strings:
        text = re.sub(r'"""(?:.|\n)*?"""', lambda m: '""' + "\n" * m.group(0).count("\n"), text)
    text = re.sub(r"/\*(?:.|\n)*?\*/", lambda m: "\n" * m.group(0).count("\n"), text)
    lines = []
    for line in text.split("\n"):
        if not keep_strings:
            line = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', line)
        cut = line.find("//")
        lines.append(line if cut < 0 else line[:cut])
    return lines


def swift_files(directory):
    for folder, _, names in sorted(os.walk(directory)):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(folder, name)


def package_dependencies(root):
    """{target name: [dependency names]} from Package.swift's .target / .executableTarget / .testTarget."""
    text = "\n".join(code_lines(os.path.join(root, "Package.swift"), keep_strings=True))
    result = {}
    for match in re.finditer(r"\.(?:target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*\"([^\"]+)\"", text):
        start, depth, end = match.end(), 1, match.end()
        while depth and end < len(text):   # to the closing parenthesis of this target
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        block = text[start:end]
        deps = re.search(r"dependencies:\s*\[", block)
        names = []
        if deps:
            inner, depth, k = "", 1, deps.end()
            while depth and k < len(block):
                depth += {"[": 1, "]": -1}.get(block[k], 0)
                inner += block[k]
                k += 1
            names = re.findall(r"\"([^\"]+)\"", re.sub(r"package:\s*\"[^\"]+\"", "", inner))
            names = [n for n in names if n not in ("linux", "macOS")]
        result[match.group(1)] = names
    return result, text


def check_targets(root, targets, problems):
    order = {name: k for k, (name, _, _) in enumerate(targets)}
    declared, package_text = package_dependencies(root)
    for name in declared:
        if name not in order:
            problems.append(f"Package.swift: target {name} is not in Scripts/layers.conf")
    for k, (name, directory, allowed) in enumerate(targets):
        for module in allowed:
            if module in order and order[module] >= k:
                problems.append(f"Scripts/layers.conf: {name} may import {module}, which is not below it")
        if name not in declared:
            problems.append(f"Scripts/layers.conf: target {name} is not in Package.swift")
        for dependency in declared.get(name, []):
            if dependency not in allowed:
                problems.append(f"Package.swift: {name} depends on {dependency}, which Scripts/layers.conf does "
                                f"not allow for it")
        path = os.path.join(root, directory)
        if not os.path.isdir(path):
            problems.append(f"Scripts/layers.conf: {directory} (target {name}) does not exist")
            continue
        for file in swift_files(path):
            for n, line in enumerate(code_lines(file), 1):
                m = IMPORT.match(line)
                if not m:
                    continue
                module = m.group(1).split(".")[0]
                if module in SYSTEM_MODULES or module in allowed:
                    continue
                where = f"target {module}, above it" if module in order and order[module] > k else \
                    f"{'target' if module in order else 'module'} {module}, not allowed"
                problems.append(f"{os.path.relpath(file, root)}:{n}: import {module} in target {name} ({where})")


def check_layers(root, layers, stdlib_names, problems):
    base = os.path.join(root, "Sources", "LSTMKit")
    rank = {layer: k for k, layer in enumerate(layers)}
    for entry in sorted(os.listdir(base)):
        # A DocC catalog (LSTMKit.docc: articles, no Swift) is documentation, not a layer.
        if os.path.isdir(os.path.join(base, entry)) and entry not in rank and not entry.endswith(".docc"):
            problems.append(f"Sources/LSTMKit/{entry}: a folder not in Scripts/layers.conf")
    files = {}   # path -> (layer, code lines)
    for path in swift_files(base):
        folder = os.path.relpath(path, base).split(os.sep)[0]
        layer = "(root)" if folder.endswith(".swift") else folder
        if layer in rank:
            files[path] = (layer, code_lines(path))
    top = {}     # top-level name visible to other files -> {layer: declaring file}
    kinds = {}   # top-level name -> its kind (struct, func, ...)
    local = {layer: set() for layer in layers}   # every name a layer declares, at any depth
    for path, (layer, lines) in files.items():
        depth = 0
        for line in lines:
            m = DECLARATION.match(line)
            if m:
                modifiers, kind, name = m.groups()
                local[layer].add(name)
                hidden = "private" in modifiers.split()   # private or fileprivate: this file only
                if depth == 0 and kind not in ("extension", "case") and not hidden and "fileprivate" not in modifiers:
                    top.setdefault(name, {}).setdefault(layer, os.path.relpath(path, root))
                    kinds.setdefault(name, kind)
            depth += line.count("{") - line.count("}")
    for path, (layer, lines) in sorted(files.items()):
        for n, line in enumerate(lines, 1):
            if IMPORT.match(line):
                continue
            seen = set()
            for m in WORD.finditer(line):
                member, name, call = m.groups()
                if name in seen or name not in top or name in local[layer]:
                    continue
                is_type = kinds.get(name) in TYPE_KINDS
                if not is_type and (member or name in stdlib_names):
                    continue
                if not is_type and kinds.get(name) == "func" and not call:
                    continue
                owners = top[name]
                if all(rank[owner] > rank[layer] for owner in owners):
                    owner = min(owners, key=lambda o: rank[o])
                    seen.add(name)
                    problems.append(f"{os.path.relpath(path, root)}:{n}: {name} (declared in {owner}, "
                                    f"{owners[owner]}) used in {layer}, a lower layer")


def check_diagram(root, layers, problems):
    path = os.path.join(root, "docs", "architecture.md")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = re.search(r"<!-- layers:begin -->(.*?)<!-- layers:end -->", text, re.S)
    if not block:
        problems.append("docs/architecture.md: no <!-- layers:begin --> ... <!-- layers:end --> block")
        return
    shown = []
    for line in block.group(1).split("\n"):
        m = re.match(r"(\(root\)|[A-Z]\w*)\s", line + " ")   # a layer's name starts its line
        if m and m.group(1) in layers:
            shown.append(m.group(1))
    bottom_up = list(reversed(shown)) if shown and shown[0] == layers[-1] else shown
    if bottom_up != layers:
        problems.append(f"docs/architecture.md: the diagram shows {shown}, Scripts/layers.conf says "
                        f"(bottom to top) {layers}")


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    targets, layers, stdlib_names = read_config(os.path.join(root, "Scripts", "layers.conf"))
    problems = []
    check_targets(root, targets, problems)
    check_layers(root, layers, stdlib_names, problems)
    check_diagram(root, layers, problems)
    for p in problems:
        print(p)
    if problems:
        print(f"check-layers: {len(problems)} violation(s) of Scripts/layers.conf", file=sys.stderr)
        return 1
    print(f"check-layers: {len(targets)} targets and {len(layers)} LSTMKit layers in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
