#!/usr/bin/env python3
"""Trains a small char-rnn in PyTorch and saves it for `lstm import` (docs/interop.md, "From PyTorch").

The model is the one `lstm train textgen` builds (nn.Embedding + nn.LSTM + nn.Linear); the vocabulary is
sorted(set(text)), the default of `lstm import --as textgen --data TEXT`. The script prints what LSTMKit must
reproduce after the import:
  - the validation loss in bits per character, computed the way `lstm evaluate` computes it (the last 10% of the
    text as min(64, n / 2) contiguous streams, the state carried, every next character scored);
  - a greedy continuation of the prime (what `lstm sample --top-k 1` prints).

    python Tools/interop/pytorch_charrnn.py --out /tmp/charrnn        # needs torch and safetensors
    lstm import /tmp/charrnn/charrnn.safetensors --as textgen --data Data/tiny-shakespeare/input.txt \\
        --output /tmp/charrnn/run
    lstm evaluate /tmp/charrnn/run
    lstm sample /tmp/charrnn/run --prime "ROMEO:" --length 200 --top-k 1
"""

import argparse
import json
import math
import os
import time

import torch
from safetensors.torch import save_file


class CharRNN(torch.nn.Module):
    def __init__(self, vocab, embed, hidden, layers):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, embed)
        self.lstm = torch.nn.LSTM(embed, hidden, num_layers=layers)
        self.fc = torch.nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):                 # ids [T, B]
        out, state = self.lstm(self.embedding(ids), state)
        return self.fc(out), state                      # [T, B, V]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="Data/tiny-shakespeare/input.txt")
    parser.add_argument("--out", required=True, help="folder for charrnn.safetensors and result.json")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--embedding", type=int, default=32)
    parser.add_argument("--prime", default="ROMEO:")
    parser.add_argument("--length", type=int, default=200)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)

    text = open(args.data, encoding="utf-8").read()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    ids = torch.tensor([index[c] for c in text])
    validation_count = round(len(ids) * 0.1)
    train, validation = ids[:-validation_count], ids[-validation_count:]

    model = CharRNN(len(vocab), args.embedding, args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    started = time.time()
    for step in range(args.steps):
        starts = torch.randint(0, len(train) - 101, (32,))
        batch = torch.stack([train[s:s + 101] for s in starts.tolist()], dim=1)   # [101, 32]
        logits, _ = model(batch[:-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(vocab)), batch[1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
        optimizer.step()
    seconds = time.time() - started
    model.eval()

    with torch.no_grad():
        streams = min(64, len(validation) // 2)
        length = len(validation) // streams
        x = validation[:streams * length].reshape(streams, length).T                # [L, B]
        logits, _ = model(x[:-1])
        nats = torch.nn.functional.cross_entropy(logits.reshape(-1, len(vocab)), x[1:].reshape(-1)).item()
        prime = torch.tensor([index[c] for c in args.prime]).unsqueeze(1)
        logits, state = model(prime)
        generated = []
        for _ in range(args.length):
            nxt = int(torch.argmax(logits[-1, 0]))
            generated.append(vocab[nxt])
            logits, state = model(torch.tensor([[nxt]]), state)

    path = os.path.join(args.out, "charrnn.safetensors")
    save_file(model.state_dict(), path)
    result = {"torch": torch.__version__, "steps": args.steps, "trainSeconds": round(seconds, 1),
              "parameters": sum(p.numel() for p in model.parameters()),
              "validationBitsPerCharacter": nats / math.log(2), "greedy": args.prime + "".join(generated)}
    with open(os.path.join(args.out, "result.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
