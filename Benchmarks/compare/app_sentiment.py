"""PyTorch equivalent of `lstm train sentiment --epochs 1` (LSTMKit's defaults), for the whole-application rows
of the comparison harness (harness.py --apps; the LSTMKit side is apps.py).

Equivalence with Sources/LSTMKitApps/Sentiment (SentimentConfig defaults, SentimentTask, SentimentClassifier):
- data: MR, Data/mr-sentence-polarity/rt-polarity.{neg,pos} (CC BY 4.0, committed), classes negative = 0,
  positive = 1; a stratified 80 / 10 / 10 split (per class: 4265 train, 533 validation; numpy's generator, so
  not the same sentences as LSTMKit's split, the same sizes);
- tokens: curly quotes straightened, lower-cased, words (keeping inner apostrophes) and single punctuation
  marks (a regex close to WordTokenizer); vocabulary of the training part, min count 1, <pad> = 0, <unk> = 1
  (its size is reported: LSTMKit's is 17,163);
- model: Embedding(V, 300, padding_idx 0) initialized U(-0.25, 0.25) with the pad row 0 -> Dropout(0.5) ->
  bidirectional nn.LSTM(300, 150) over packed sequences (padded steps skipped, as LSTMKit's lengths do) ->
  max pooling over each sentence's real steps -> Dropout(0.5) -> Linear(300, 2);
- batches: 32, shuffled, bucketed as DataLoader(bucketByLength: true) does (shuffle, sort each chunk of
  50 x 32 examples by length, cut into batches, shuffle the batches); mean cross-entropy; Adam(lr 1e-3),
  the global gradient norm clipped to 5;
- one epoch, then validation (batches of 256, no graph; LSTMKit evaluates 64 sentences at a time, which
  changes its memory peak, not its numbers) and best and last checkpoints written (torch.save).
Timed: from the first batch to the end of the validation and checkpoint writes (what LSTMKit's
`training.seconds` covers); reported per epoch. Peak RSS: this process's VmHWM. CPU: the whole process's (user + system) per
step or epoch, as apps.py counts the lstm process. One JSON line out.

    app_sentiment.py [--threads N] [--data DIR] [--seed N]
"""
import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time

from app_common import peak_rss_mb, start_torch

TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")


def tokenize(sentence):
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        sentence = sentence.replace(curly, straight)
    return TOKEN.findall(sentence.lower())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default="Data/mr-sentence-polarity")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", default=None, help="ignored (one epoch)")
    parser.add_argument("--app", default="sentiment", help="ignored (the harness passes it to every app script)")
    args = parser.parse_args()
    torch = start_torch(args.threads, args.seed)
    import numpy as np
    rng = np.random.default_rng(args.seed)

    texts, labels = [], []
    for label, name in enumerate(("rt-polarity.neg", "rt-polarity.pos")):
        with open(os.path.join(args.data, name), encoding="utf-8", errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
        texts += lines
        labels += [label] * len(lines)
    labels = np.array(labels)
    train_index, validation_index = [], []
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(labels == label))
        n_train, n_validation = round(len(members) * 0.8), round(len(members) * 0.1)
        train_index += list(members[:n_train])
        validation_index += list(members[n_train:n_train + n_validation])
    counts = {}
    for i in train_index:
        for token in tokenize(texts[i]):
            counts[token] = counts.get(token, 0) + 1
    vocabulary = {"<pad>": 0, "<unk>": 1}
    for token, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        vocabulary[token] = len(vocabulary)

    def encode(i):
        ids = [vocabulary.get(token, 1) for token in tokenize(texts[i])]
        return ids or [0]

    train = [(encode(i), int(labels[i])) for i in train_index]
    validation = [(encode(i), int(labels[i])) for i in validation_index]

    def collate(examples):
        lengths = torch.tensor([len(ids) for ids, _ in examples])
        padded = torch.zeros(int(lengths.max()), len(examples), dtype=torch.long)        # [T, B]
        for b, (ids, _) in enumerate(examples):
            padded[:len(ids), b] = torch.tensor(ids)
        return padded, lengths, torch.tensor([y for _, y in examples])

    def epoch_batches(batch_size=32, chunk_batches=50):
        order = list(rng.permutation(len(train)))
        chunk = batch_size * chunk_batches
        ordered = []
        for c in range(0, len(order), chunk):
            ordered += sorted(order[c:c + chunk], key=lambda i: len(train[i][0]))   # stable: ties keep order
        batches = [ordered[b:b + batch_size] for b in range(0, len(ordered), batch_size)]
        return [collate([train[i] for i in batches[j]]) for j in rng.permutation(len(batches))]

    class Classifier(torch.nn.Module):
        def __init__(self, v):
            super().__init__()
            self.embedding = torch.nn.Embedding(v, 300, padding_idx=0)
            with torch.no_grad():
                self.embedding.weight.uniform_(-0.25, 0.25)
                self.embedding.weight[0].zero_()
            self.embedding_dropout = torch.nn.Dropout(0.5)
            self.lstm = torch.nn.LSTM(300, 150, bidirectional=True)
            self.dropout = torch.nn.Dropout(0.5)
            self.output = torch.nn.Linear(300, 2)

        def forward(self, ids, lengths):
            x = self.embedding_dropout(self.embedding(ids))                                  # [T, B, 300]
            packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
            h, _ = torch.nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], total_length=ids.shape[0])
            keep = (torch.arange(ids.shape[0])[:, None] < lengths[None, :]).unsqueeze(2)     # [T, B, 1]
            pooled = (h + (keep.float() - 1) * 1e9).max(dim=0).values                         # [B, 300]
            return self.output(self.dropout(pooled))                                          # [B, 2]

    model = Classifier(len(vocabulary))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = epoch_batches()
    directory = tempfile.mkdtemp(prefix="torch-app-sentiment-")
    losses = []
    start = time.perf_counter()
    model.train()
    for ids, lengths, targets in batches:
        loss = torch.nn.functional.cross_entropy(model(ids, lengths), targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    correct, total_loss = 0, 0.0
    with torch.no_grad():
        for b in range(0, len(validation), 256):
            ids, lengths, targets = collate(validation[b:b + 256])
            logits = model(ids, lengths)
            total_loss += torch.nn.functional.cross_entropy(logits, targets, reduction="sum").item()
            correct += int((logits.argmax(1) == targets).sum())
    model.train()
    for name in ("best.pt", "last.pt"):
        torch.save(model.state_dict(), os.path.join(directory, name))
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime   # the whole process, as apps.py counts the lstm process
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    os.rmdir(directory)
    print(json.dumps({
        "app": "sentiment", "unit": "epoch", "steps": len(batches), "batches": len(batches), "epochs": 1,
        "train_seconds": round(seconds, 3), "times_ms": [round(seconds * 1e3, 3)], "median_ms": round(seconds * 1e3, 3),
        "min_ms": round(seconds * 1e3, 3), "cpu_times_ms": [round(cpu * 1e3, 3)], "cpu_median_ms": round(cpu * 1e3, 3),
        "steps_per_s": round(1 / seconds, 5), "batches_per_s": round(len(batches) / seconds, 3), "flop_per_iteration": 0, "iterations": 1,
        "loss_first": round(losses[0], 4), "loss_last": round(losses[-1], 4),
        "validation_loss": round(total_loss / len(validation), 4),
        "validation_accuracy": round(correct / len(validation), 4), "vocabulary": len(vocabulary),
        "train_examples": len(train), "validation_examples": len(validation),
        "rss_peak_mb": round(peak_rss_mb(), 1), "rss_base_mb": 0.0,
        "peer": "torch", "threads": args.threads, "torch": torch.__version__,
    }, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
