#!/usr/bin/env bash
# Part of CI (.ci/run): the DocC API reference of LSTMKit builds with no warning, and the rendered pages hold
# what they promise. Runs
#
#     swift package --disable-sandbox generate-documentation --target LSTMKit --warnings-as-errors
#
# (a broken ``symbol link``, an undocumented or misnamed parameter of a documented function, a missing
# article: each is a warning, so each fails the check), then reads the archive's render JSON
# (data/documentation/lstmkit/...) and fails unless
#   - every cell and layer page listed below shows an equation block (a code listing with '=') and cites a
#     year (its paper), and the key pages contain their key equations verbatim (the LSTM's forget gate and
#     cell update, the GRU's candidate with r * (h @ W_hn^T + b_hn), the peephole's p_f * c, ...);
#   - the landing page has its topic groups (Tensors ... Audio), each with entries, and the articles exist.
# It also builds LSTMKitApps' reference with --warnings-as-errors and checks its landing page's topic groups.
#
# Usage: Scripts/check-docs.sh                   builds the archive into .build/docs and checks it
#        Scripts/check-docs.sh --archive DIR     checks an existing .doccarchive (to show a bad one fails)
# Open the result: see docs/api-reference.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--archive" ]; then
    archive=${2:?"check-docs: --archive needs a .doccarchive folder"}
else
    archive=.build/docs/LSTMKit.doccarchive
    rm -rf "$archive"
    mkdir -p .build/docs
    swift package --disable-sandbox generate-documentation --target LSTMKit --warnings-as-errors \
        --output-path "$archive"
    # The applications' reference too (its own catalog, Sources/LSTMKitApps/LSTMKitApps.docc): no warning,
    # and its landing page has its topic groups.
    rm -rf .build/docs/LSTMKitApps.doccarchive
    swift package --disable-sandbox generate-documentation --target LSTMKitApps --warnings-as-errors \
        --output-path .build/docs/LSTMKitApps.doccarchive
    python3 - .build/docs/LSTMKitApps.doccarchive <<'PYEOF'
import json, sys
with open(sys.argv[1] + "/data/documentation/lstmkitapps.json") as f:
    found = {s.get("title"): len(s.get("identifiers", [])) for s in json.load(f).get("topicSections", [])}
missing = [g for g in ["The task pattern", "Text generation", "Word language models", "Sentiment",
                       "Sequence classification and speech", "Forecasting and anomalies", "Tagging", "Translation",
                       "Music, video frames, reinforcement learning, GANs", "Reports, inspection and pictures",
                       "Examples and demos"] if found.get(g, 0) == 0]
if missing:
    sys.exit(f"check-docs: LSTMKitApps landing page: topic groups missing or empty: {missing}")
print(f"check-docs: LSTMKitApps builds with no warning; its landing page has {len(found)} topic groups")
PYEOF
fi

python3 - "$archive" <<'PYEOF'
import json, os, re, sys

archive = sys.argv[1]
root = os.path.join(archive, "data", "documentation", "lstmkit")
errors = []

def page(name):
    path = os.path.join(root, name + ".json") if name else os.path.join(archive, "data/documentation/lstmkit.json")
    if not os.path.exists(path):
        errors.append(f"{path}: missing")
        return None
    with open(path) as f:
        return json.load(f)

def walk(node, out):
    """Collects (kind, text) of every code listing and every text run in a render node tree."""
    if isinstance(node, dict):
        if node.get("type") == "codeListing":
            out.append(("code", "\n".join(node.get("code", []))))
        elif node.get("type") in ("text", "codeVoice"):
            out.append(("text", node.get("text") or node.get("code") or ""))
        for value in node.values():
            walk(value, out)
    elif isinstance(node, list):
        for value in node:
            walk(value, out)
    return out

def content(doc):
    runs = walk(doc.get("abstract", []), []) + walk(doc.get("primaryContentSections", []), [])
    code = "\n".join(t for k, t in runs if k == "code")
    text = "".join(t for k, t in runs if k == "text")
    return code, text

# Every cell and layer page: an equation block and a cited year.
cells = ["rnncell", "lstmcell", "grucell", "peepholelstmcell", "cifglstmcell", "layernormlstmcell",
         "hyperlstmcell", "childsumtreelstmcell", "binarytreelstmcell", "convlstmcell", "gridlstmblock",
         "depthgridlstm", "gridlstm2d", "attention", "attentiondecoder", "seq2seq", "bidirectional",
         "echostatenetwork", "linearchaincrf", "classbasedsoftmax", "hierarchicalsoftmax", "layernorm",
         "linear", "dropout", "embedding", "recurrentregularization", "variationaldropout"]
uncited = {"linear", "embedding"}   # plain PyTorch layers: no paper to cite
for name in cells:
    doc = page(name)
    if doc is None:
        continue
    code, text = content(doc)
    if not any("=" in line for line in code.splitlines()):
        errors.append(f"{name}: no equation block (a code listing with '=') on the page")
    if name not in uncited and not re.search(r"\b(19|20)\d\d\b", text + code):
        errors.append(f"{name}: cites no paper (no year on the page)")

# Key equations, verbatim as the doc comments write them.
key = {
    "lstmcell": ["i = sigmoid(x @ W_ii^T + b_ii + h @ W_hi^T + b_hi)",
                 "f = sigmoid(x @ W_if^T + b_if + h @ W_hf^T + b_hf)",
                 "c' = f * c + i * g", "h' = o * tanh(c')", "Hochreiter & Schmidhuber 1997"],
    "grucell": ["r  = sigmoid(x @ W_ir^T + b_ir + h @ W_hr^T + b_hr)",
                "n  = tanh(x @ W_in^T + b_in + r * (h @ W_hn^T + b_hn))", "h' = (1 - z) * n + z * h", "Cho et al. 2014"],
    "peepholelstmcell": ["p_f * c)", "p_o * c')", "Gers & Schmidhuber 2000"],
    "cifglstmcell": ["c' = f * c + (1 - f) * g"],
    "convlstmcell": ["C' = f * C + i * g"],
    "childsumtreelstmcell": ["c   = i * g + sum_k f_k * c_k"],
    "attention": ["a[b, i, :] = softmax(e[b, i, :])"],
}
for name, needles in key.items():
    doc = page(name)
    if doc is None:
        continue
    code, text = content(doc)
    for needle in needles:
        if needle not in code and needle not in text:
            errors.append(f"{name}: the page does not contain {needle!r}")

# No equation or code example swallowed into a paragraph: an indented block right under a list item or a
# paragraph without a blank line (or a sentence) between them renders as running text, its alignment
# collapsed; a run of 3+ spaces inside a paragraph is the sign.
for dirpath, _, files in os.walk(root):
    for file in files:
        if not file.endswith(".json"):
            continue
        with open(os.path.join(dirpath, file)) as f:
            doc = json.load(f)
        stack = [doc.get("abstract", []), doc.get("primaryContentSections", [])]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if node.get("type") == "paragraph":
                    runs = node.get("inlineContent", [])
                    para = "".join((r.get("text") or r.get("code") or "") for r in runs if isinstance(r, dict))
                    if re.search(r"\S {3,}\S", para):
                        where = os.path.relpath(os.path.join(dirpath, file), root)
                        errors.append(f"{where}: an indented block rendered as a paragraph: {para[:80]!r}")
                stack.extend(node.values())

# The landing page's topic groups, each with entries; the articles.
groups = ["Essentials", "Tensors", "Autodiff and differentiable operations", "Modules and layers",
          "Recurrent cells", "Recurrent layers", "Kernels: reference, fused and native",
          "Grid, convolutional and tree LSTMs, reservoirs", "Attention and sequence to sequence",
          "Losses and output layers", "Optimizers and schedules", "Training", "Checkpoints", "Logging",
          "Metrics", "Hyperparameter search", "Reinforcement learning", "Data", "Datasets", "Audio"]
landing = page("")
if landing is not None:
    found = {s.get("title"): len(s.get("identifiers", [])) for s in landing.get("topicSections", [])}
    for g in groups:
        if found.get(g, 0) == 0:
            errors.append(f"landing page: topic group {g!r} is missing or empty")
    code, _ = content(landing)
    if "c' = f * c + i * g" not in code:
        errors.append("landing page: the LSTM equations are missing")
for article, needle in [("notation", "i, f, g, o"), ("thelstmcell", "c' = f * c + i * g"),
                        ("referenceandfusedkernels", "dz_f = dc' * c[t-1] * f * (1 - f)")]:
    doc = page(article)
    if doc is not None:
        code, text = content(doc)
        if needle not in code + text:
            errors.append(f"{article}: the article does not contain {needle!r}")

if errors:
    print(f"check-docs: {len(errors)} problem(s) in {archive}:", file=sys.stderr)
    for e in errors:
        print("  " + e, file=sys.stderr)
    sys.exit(1)
print(f"check-docs: {len(cells)} cell and layer pages show their equations, {len(key)} key equation sets, "
      f"{len(groups)} topic groups and 3 articles present")
PYEOF
