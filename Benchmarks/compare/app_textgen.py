"""PyTorch equivalent of `lstm train textgen --steps N --sample-length 0` (LSTMKit's defaults), for the
whole-application rows of the comparison harness (harness.py --apps; the LSTMKit side is apps.py).

Equivalence with Sources/LSTMKitApps/TextGeneration (TextgenConfig defaults, TextgenTask, TruncatedTextBatches):
- data: Data/tiny-shakespeare/input.txt read as characters (65), the last 10% (by position, rounded) validation;
- model: Embedding(V, 64) -> nn.LSTM(64, 256, num_layers=2) -> Linear(256, V), no dropout (the defaults);
  PyTorch's default initialization (LSTMKit uses the same distributions, not the same numbers);
- batches: stateful truncated BPTT with k1 = k2 = 100: the training text cut into B = 64 equal streams, update k
  reads steps k*100 ..< min((k+1)*100, L-1) of every stream ([T, B] time-major), the LSTM state carried from
  update to update, detached, and reset to zero at each epoch;
- loss: mean cross-entropy over the T * B next characters; Adam(lr 2e-3, betas (0.9, 0.999), eps 1e-8), the
  global gradient norm clipped to 5 (clip_grad_norm_), cosine decay to 0.1 x the rate over the N steps
  (lr * (0.1 + 0.9 * (1 + cos(pi * step / N)) / 2));
- evaluation at step N (textgen evaluates every 200 steps): the validation text as 64 streams of 100-step
  chunks, state carried, no graph, mean loss; then best and last checkpoints written (torch.save of the
  state dict, as LSTMKit writes best.safetensors and last.safetensors).
Timed: from the first step to the end of the evaluation and checkpoint writes (what LSTMKit's
`training.seconds` covers); reported per step. Peak RSS: this process's VmHWM. CPU: the whole process's (user + system) per
step or epoch, as apps.py counts the lstm process. One JSON line out.

    app_textgen.py [--threads N] [--steps N] [--data PATH] [--seed N]
"""
import argparse
import json
import math
import os
import resource
import sys
import tempfile
import time

from app_common import peak_rss_mb, start_torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--data", default="Data/tiny-shakespeare/input.txt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--app", default="textgen", help="ignored (the harness passes it to every app script)")
    args = parser.parse_args()
    torch = start_torch(args.threads, args.seed)
    import numpy as np

    with open(args.data, encoding="utf-8") as f:
        text = f.read()
    alphabet = sorted(set(text))
    index = {c: i for i, c in enumerate(alphabet)}
    ids = np.array([index[c] for c in text], dtype=np.int64)
    validation_count = int(round(len(ids) * 0.1))
    train, validation = ids[:-validation_count], ids[-validation_count:]
    batch, k, vocabulary = 64, 100, len(alphabet)

    def stream_updates(tokens, streams):
        """[T, B] inputs and targets of each update (the last update of the epoch may be shorter)."""
        length = len(tokens) // streams
        layout = tokens[:length * streams].reshape(streams, length)
        updates = []
        for start in range(0, length - 1, k):
            end = min(start + k, length - 1)
            updates.append((torch.from_numpy(layout[:, start:end].T.copy()),
                            torch.from_numpy(layout[:, start + 1:end + 1].T.copy())))
        return updates

    train_updates = stream_updates(train, batch)
    validation_updates = stream_updates(validation, min(batch, len(validation) // 2))

    embed = torch.nn.Embedding(vocabulary, 64)
    lstm = torch.nn.LSTM(64, 256, num_layers=2)
    head = torch.nn.Linear(256, vocabulary)
    modules = torch.nn.ModuleList([embed, lstm, head])
    optimizer = torch.optim.Adam(modules.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: 0.1 + 0.9 * (1 + math.cos(math.pi * min(step, args.steps) / args.steps)) / 2)

    def forward(inputs, state):
        y, state = lstm(embed(inputs), state)                        # [T, B, 256]
        return head(y), state                                         # [T, B, V]

    losses = []
    directory = tempfile.mkdtemp(prefix="torch-app-textgen-")
    start = time.perf_counter()
    step, state = 0, None
    while step < args.steps:
        state = None                                                  # each epoch starts from zero
        for inputs, targets in train_updates:
            if step == args.steps:
                break
            logits, state = forward(inputs, state)
            state = tuple(s.detach() for s in state)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocabulary), targets.reshape(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(modules.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            losses.append(loss.item())
            step += 1
    modules.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for inputs, targets in validation_updates:
            logits, state = forward(inputs, state)
            total += torch.nn.functional.cross_entropy(logits.reshape(-1, vocabulary), targets.reshape(-1),
                                                       reduction="sum").item()
            count += targets.numel()
    modules.train()
    for name in ("best.pt", "last.pt"):
        torch.save(modules.state_dict(), os.path.join(directory, name))
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime   # the whole process, as apps.py counts the lstm process
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    os.rmdir(directory)
    per_step = seconds / args.steps
    print(json.dumps({
        "app": "textgen", "unit": "step", "steps": args.steps, "train_seconds": round(seconds, 3),
        "times_ms": [round(per_step * 1e3, 3)], "median_ms": round(per_step * 1e3, 3), "min_ms": round(per_step * 1e3, 3),
        "cpu_times_ms": [round(cpu / args.steps * 1e3, 3)], "cpu_median_ms": round(cpu / args.steps * 1e3, 3),
        "steps_per_s": round(1 / per_step, 3), "flop_per_iteration": 0, "iterations": 1,
        "loss_first": round(losses[0], 4), "loss_last": round(losses[-1], 4),
        "validation_loss": round(total / count, 4), "vocabulary": vocabulary,
        "updates_per_epoch": len(train_updates), "rss_peak_mb": round(peak_rss_mb(), 1), "rss_base_mb": 0.0,
        "peer": "torch", "threads": args.threads, "torch": torch.__version__,
    }, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
