#!/usr/bin/env python3
"""Converts the MASC tagged corpus (NLTK's masc_tagged.zip) into Data/masc-pos: CoNLL files with a fixed
train/validation/test split by document.

Input: masc_tagged.zip (sha256 678a5141...2304, 1,602,143 bytes; NLTK's nltk_data repository, commit
5db857e6, packages/corpora/masc_tagged.zip; this project's copy is ../shared/data/masc-tagged/). It holds
392 documents (masc_tagged/{written,spoken}/*.txt) and categories.txt (document -> genre). Each non-blank line
of a document is one sentence of whitespace-separated `word_TAG` tokens (Penn Treebank tags).

The conversion, with the Python standard library only (deterministic: same input, same bytes):
1. Every token is split at its LAST underscore (`__NN` is the word `_` tagged NN).
2. A sentence is dropped, and counted, when a token has no underscore, an empty word, or a tag outside the 45
   Penn Treebank tags plus the four punctuation tags MASC adds (`-`, `...`, `"`, `'`): 0.4% of the sentences,
   mostly e-mail headers, URLs and a few typos in the tags (`VBG|NN`, `one-time`).
3. Documents are split whole, balanced by tokens: in the order of the sha256 of their paths (a fixed
   shuffle), each document goes to the split that is furthest below its share (train 80%, validation 10%,
   test 10%) of the tokens assigned so far, this document's included (ties: train, then validation).
   Genres (categories.txt; the 3 documents it does not list are `uncategorized`) end up in every split
   only by this shuffle; documents.tsv lists each document's genre and split.
4. Output: Data/masc-pos/{train,validation,test}.txt.gz in the CoNLL layout (`word TAG` per line, a blank line
   after each sentence, a `-DOCSTART- -X-` line before each document, documents in path order), gzip'd with
   mtime 0; and Data/masc-pos/documents.tsv (path, genre, split, sentences, tokens, dropped sentences).

    python3 Tools/masc_pos.py                                   # reads ../shared/data/masc-tagged/masc_tagged.zip
    python3 Tools/masc_pos.py --zip PATH --out DIR

LSTMKit reads the output with CoNLLFile.read(url, tagColumn: .last); Python is not needed at run time.
"""

import argparse
import gzip
import hashlib
import os
import sys
import zipfile

SHA256 = "678a5141cf3381bedb1839c58a330507337be07c7c71603279c0ef5337032304"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DEFAULT_ZIP = os.path.join(ROOT, "..", "shared", "data", "masc-tagged", "masc_tagged.zip")
DEFAULT_OUT = os.path.join(ROOT, "Data", "masc-pos")

PENN = ("CC CD DT EX FW IN JJ JJR JJS LS MD NN NNS NNP NNPS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH "
        "VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB # $ . , : ( ) `` ''").split()
TAGS = set(PENN) | {"-", "...", '"', "'"}
SPLITS = ("train", "validation", "test")
SHARE = {"train": 0.8, "validation": 0.1, "test": 0.1}


def parse(line):
    """The (word, tag) pairs of one sentence line, or None if a token is malformed or has an unknown tag."""
    pairs = []
    for token in line.split():
        word, underscore, tag = token.rpartition("_")
        if not underscore or not word or tag not in TAGS:
            return None
        pairs.append((word, tag))
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zip", default=DEFAULT_ZIP, help="masc_tagged.zip")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args()
    raw = open(args.zip, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        sys.exit(f"{args.zip}: sha256 {digest}, expected {SHA256} (another version of the corpus)")
    archive = zipfile.ZipFile(args.zip)
    genres = {}
    for line in archive.read("masc_tagged/categories.txt").decode("utf-8").splitlines():
        if line.strip():
            path, genre = line.split()
            genres[path] = genre
    paths = sorted(n[len("masc_tagged/"):] for n in archive.namelist()
                   if n.endswith(".txt") and n.count("/") == 2)
    documents = {}
    for path in paths:
        text = archive.read("masc_tagged/" + path).decode("utf-8")
        lines = [l for l in text.split("\n") if l.strip()]
        parsed = [parse(l) for l in lines]
        documents[path] = ([p for p in parsed if p is not None], sum(p is None for p in parsed))
    split = {}
    assigned = {name: 0 for name in SPLITS}
    for path in sorted(paths, key=lambda p: hashlib.sha256(p.encode("utf-8")).hexdigest()):
        size = sum(len(s) for s in documents[path][0])
        total = sum(assigned.values()) + size
        # The split furthest below its share of the tokens so far (ties: train, validation, test).
        name = max(SPLITS, key=lambda n: (SHARE[n] * total - assigned[n], -SPLITS.index(n)))
        split[path] = name
        assigned[name] += size

    os.makedirs(args.out, exist_ok=True)
    totals = {}
    for name in SPLITS:
        chunks = []
        sentences = tokens = docs = 0
        for path in paths:
            if split[path] != name:
                continue
            docs += 1
            chunks.append("-DOCSTART- -X-\n\n")
            for sentence in documents[path][0]:
                chunks.append("".join(f"{w} {t}\n" for w, t in sentence) + "\n")
                sentences += 1
                tokens += len(sentence)
        target = os.path.join(args.out, f"{name}.txt.gz")
        with open(target, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
                z.write("".join(chunks).encode("utf-8"))
        totals[name] = (docs, sentences, tokens)
    with open(os.path.join(args.out, "documents.tsv"), "w", encoding="utf-8") as f:
        f.write("document\tgenre\tsplit\tsentences\ttokens\tdropped_sentences\n")
        for path in paths:
            kept, dropped = documents[path]
            f.write(f"{path}\t{genres.get(path, 'uncategorized')}\t{split[path]}\t{len(kept)}\t"
                    f"{sum(len(s) for s in kept)}\t{dropped}\n")
    dropped = sum(d for _, d in documents.values())
    for name in SPLITS:
        docs, sentences, tokens = totals[name]
        print(f"{name}: {docs} documents, {sentences} sentences, {tokens} tokens")
    print(f"dropped: {dropped} sentences; tags: {len(TAGS)}")


if __name__ == "__main__":
    main()
