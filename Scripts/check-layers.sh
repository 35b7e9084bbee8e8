#!/usr/bin/env bash
# Checks that no layer of LSTMKit uses one above it: the targets' imports and Package.swift dependencies, the
# folders of Sources/LSTMKit, and the diagram in docs/architecture.md, against Scripts/layers.conf (the one
# list of targets and layers). See Scripts/check-layers.py for what is checked and what cannot be seen.
#
#   Scripts/check-layers.sh              this checkout: exit 1 with one line per violation (file:line, the
#                                        symbol or import, the two layers)
#   Scripts/check-layers.sh --self-test  plants each kind of violation in a copy of the tree and expects it
#                                        to be caught (and the unchanged copy to pass)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--self-test" ]; then
    exec python3 Scripts/check-layers.py .
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A fresh copy of what the check reads, in $work/tree.
copy_tree() {
    rm -rf "$work/tree"
    mkdir -p "$work/tree"
    tar -cf - Package.swift Scripts docs/architecture.md Sources Benchmarks/lstmkit-bench \
        $(find Tests -name '*.swift') | tar -xf - -C "$work/tree"
}

# rewrite FILE: runs the Python read from stdin with `text` holding FILE's content (and `re` imported), then
# writes `text` back to FILE.
rewrite() {
    python3 -c 'import re, sys
path = sys.argv[1]
text = open(path).read()
exec(sys.stdin.read())
open(path, "w").write(text)' "$1"
}

# expect_caught NAME PATTERN: the check of $work/tree must fail and print a line matching PATTERN.
caught=0
expect_caught() {
    if python3 Scripts/check-layers.py "$work/tree" > "$work/out" 2>&1; then
        echo "check-layers self-test: planted '$1' was not caught (the check passed)" >&2
        exit 1
    fi
    if ! grep -Eq "$2" "$work/out"; then
        echo "check-layers self-test: planted '$1' failed the check, but no line matches /$2/:" >&2
        cat "$work/out" >&2
        exit 1
    fi
    caught=$((caught + 1))
}

copy_tree
if ! python3 Scripts/check-layers.py "$work/tree" > "$work/out" 2>&1; then
    echo "check-layers self-test: the unchanged copy does not pass:" >&2
    cat "$work/out" >&2
    exit 1
fi

copy_tree
echo 'func planted(_ p: Parameter<Float>) {}' > "$work/tree/Sources/LSTMKit/Kernels/Planted.swift"
expect_caught "a Layers type in Kernels" \
    '^Sources/LSTMKit/Kernels/Planted.swift:1: Parameter \(declared in Layers, .*\) used in Kernels, a lower layer$'

copy_tree
printf 'func plantedCheck() {\n    _ = gradientNorm([Parameter<Float>]())\n}\n' \
    > "$work/tree/Sources/LSTMKit/Tensor/Planted.swift"
expect_caught "an Optimizers function in Tensor" \
    '^Sources/LSTMKit/Tensor/Planted.swift:2: gradientNorm \(declared in Optimizers, .*\) used in Tensor'

copy_tree
mkdir "$work/tree/Sources/LSTMKit/Planted"
echo 'struct Planted {}' > "$work/tree/Sources/LSTMKit/Planted/Planted.swift"
expect_caught "a folder without a layer" '^Sources/LSTMKit/Planted: a folder not in Scripts/layers.conf$'

copy_tree
echo 'import LSTMKitApps' >> "$work/tree/Sources/LSTMKit/Failure.swift"
expect_caught "LSTMKit importing LSTMKitApps" \
    '^Sources/LSTMKit/Failure.swift:[0-9]+: import LSTMKitApps in target LSTMKit \(target LSTMKitApps, above it\)$'

copy_tree
apps_file="$(find "$work/tree/Sources/LSTMKitApps" -name '*.swift' | sort | sed -n 1p)"   # sed reads everything: no SIGPIPE under pipefail
{ echo 'import ArgumentParser'; cat "$apps_file"; } > "$work/planted.swift" && mv "$work/planted.swift" "$apps_file"
expect_caught "LSTMKitApps importing ArgumentParser" \
    ':1: import ArgumentParser in target LSTMKitApps \(module ArgumentParser, not allowed\)$'

copy_tree
rewrite "$work/tree/Package.swift" <<'PY'
anchor = 'name: "LSTMKit",\n            dependencies: ['
assert anchor in text, "Package.swift: the LSTMKit target's dependencies were not found"
text = text.replace(anchor, anchor + '"CDNNL", ', 1)
PY
expect_caught "LSTMKit depending on CDNNL in Package.swift" \
    '^Package.swift: LSTMKit depends on CDNNL, which Scripts/layers.conf does not allow for it$'

copy_tree
rewrite "$work/tree/docs/architecture.md" <<'PY'
block = re.search(r"<!-- layers:begin -->(.*?)<!-- layers:end -->", text, re.S)
assert block, "docs/architecture.md: no layers block"
swapped = re.sub(r"\bOptimizers\b", "@@", block.group(1))
swapped = re.sub(r"\bRecurrent\b", "Optimizers", swapped).replace("@@", "Recurrent")
text = text.replace(block.group(1), swapped)
PY
expect_caught "the diagram in another order" '^docs/architecture.md: the diagram shows'

echo "check-layers self-test: the unchanged tree passes and all $caught planted violations are caught"
