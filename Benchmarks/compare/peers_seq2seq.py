"""The PyTorch side of `--cell seq2seq` (peers.py): the translate app's attentional encoder-decoder, written
the way a PyTorch user would, computing what LSTMKit's Seq2Seq computes (Sources/LSTMKit/Attention/Seq2Seq.swift,
AttentionDecoder.swift, Attention.swift), at the sizes of Benchmarks/lstmkit-bench/CompareSeq2Seq.swift:

    e = dropout(src_emb(x))                                   [S, B, E]   E = 256, Vs = 7900
    o, (h_n, _) = nn.LSTM(E, 256, bidirectional)(packed e)    o [S, B, K] K = 512 (pack_padded_sequence)
    h[0] = tanh(bridge([h_n fwd; h_n bwd])), c[0] = 0, h~[0] = 0                           [B, H]  H = 256
    per step t: y = dropout(tgt_emb(z[t]))                    [B, E]      Vt = 5950
                h, c = nn.LSTMCell(E + H, H)([y; h~], (h, c))  (input feeding)
                e = (o W^T) . h, padded source positions -inf; a = softmax(e); ctx = a . o  (Luong "general")
                h~ = tanh(W_c [ctx; h])                         (no bias)
    logits = Linear(H, Vt)(dropout(stack(h~)))                [T, B, Vt]
    loss = cross_entropy(logits, targets, ignore padding, label_smoothing=0.1)

train: loss.backward(); clip_grad_norm_(params, 1); Adam(2e-3).step(); zero_grad()  (the app's step; dropout 0.3)
infer: greedy decoding of the 64 sources, at most 30 tokens, stopping when every sentence has produced <eos>.

Data and weights: the same splitmix64 hash as the Swift side (numpy uint64 wraps like Swift's &*), mapped onto
PyTorch's parameters by LSTMKit's parameter paths (SWIFT_NAMES), so `check_loss` (eval mode, before any step)
and the greedy tokens can be compared with LSTMKit's.
"""
import time

import numpy as np

SOURCE_VOCABULARY, TARGET_VOCABULARY, BATCH = 7900, 5950, 64
EMBEDDING, ENCODER_HIDDEN, DECODER_HIDDEN = 256, 256, 256
PAD, START, END = 0, 2, 3
MASK64 = (1 << 64) - 1


def mix(z):
    """splitmix64's finalizer on numpy uint64 (wrapping)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def hashes(stream, indices):
    """seq2seqHash(stream:index:) of CompareSeq2Seq.swift for an array of indices."""
    with np.errstate(over="ignore"):
        z = (np.uint64((stream << 40) & MASK64) | indices.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
        return mix(z)


def problem(seed):
    """(sources, targets): the same 64 sentence pairs as Seq2SeqCompareProblem."""
    counter = [0]

    def draw(n):
        counter[0] += 1
        return int(hashes(1000 + seed, np.array([counter[0]]))[0] % np.uint64(n))

    sources, targets = [], []
    for _ in range(BATCH):
        sources.append([4 + draw(SOURCE_VOCABULARY - 4) for _ in range(8 + draw(18))])
        targets.append([4 + draw(TARGET_VOCABULARY - 4) for _ in range(8 + draw(18))])
    return sources, targets


def weights(path, shape, all_paths):
    """seq2seqWeights of CompareSeq2Seq.swift: float32 values of LSTMKit parameter `path`."""
    stream = sorted(all_paths).index(path) + 1
    wide = "Embedding" in path or path == "output.weight"
    amplitude = 1.0 if wide else (1 / np.sqrt(float(shape[1])) if len(shape) == 2 else 1.0 / 16)
    u = (hashes(stream, np.arange(int(np.prod(shape)), dtype=np.uint64)) >> np.uint64(40)).astype(np.float64)
    u /= 16777216.0
    return (amplitude * (2 * u - 1)).astype(np.float32).reshape(shape)


def build(torch, dropout):
    nn = torch.nn

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            k = 2 * ENCODER_HIDDEN
            self.src_emb = nn.Embedding(SOURCE_VOCABULARY, EMBEDDING, padding_idx=PAD)
            self.encoder = nn.LSTM(EMBEDDING, ENCODER_HIDDEN, bidirectional=True)
            self.bridge = nn.Linear(k, DECODER_HIDDEN)
            self.tgt_emb = nn.Embedding(TARGET_VOCABULARY, EMBEDDING, padding_idx=PAD)
            self.cell = nn.LSTMCell(EMBEDDING + DECODER_HIDDEN, DECODER_HIDDEN)
            self.key = nn.Linear(k, DECODER_HIDDEN, bias=False)      # general score: W [Dq, Dk] on the keys
            self.combine = nn.Linear(k + DECODER_HIDDEN, DECODER_HIDDEN, bias=False)
            self.out = nn.Linear(DECODER_HIDDEN, TARGET_VOCABULARY)
            self.drop = nn.Dropout(dropout)

        def encode(self, src, lengths):
            """src [S, B], lengths (CPU int64 tensor) -> keys [B, S, K], projected keys [B, S, H], mask, h0."""
            e = self.drop(self.src_emb(src))                                            # [S, B, E]
            packed = nn.utils.rnn.pack_padded_sequence(e, lengths, enforce_sorted=False)
            o, (h_n, _) = self.encoder(packed)
            o, _ = nn.utils.rnn.pad_packed_sequence(o, total_length=src.shape[0])      # [S, B, K]
            keys = o.transpose(0, 1)                                                    # [B, S, K]
            h0 = torch.tanh(self.bridge(torch.cat([h_n[0], h_n[1]], dim=1)))            # [B, H]
            mask = torch.arange(src.shape[0])[None, :] >= lengths[:, None]              # [B, S] true = padding
            return keys, self.key(keys), mask, h0

        def step(self, y, h, c, feed, keys, score_keys, mask):
            h, c = self.cell(torch.cat([y, feed], dim=1), (h, c))                       # [B, H]
            e = torch.bmm(score_keys, h.unsqueeze(2)).squeeze(2).masked_fill(mask, float("-inf"))  # [B, S]
            a = torch.softmax(e, dim=1)
            context = torch.bmm(a.unsqueeze(1), keys).squeeze(1)                        # [B, K]
            attentional = torch.tanh(self.combine(torch.cat([context, h], dim=1)))      # [B, H]
            return h, c, attentional, a

        def loss(self, src, lengths, target_inputs, target_outputs):
            keys, score_keys, mask, h = self.encode(src, lengths)
            b = src.shape[1]
            c = torch.zeros(b, DECODER_HIDDEN)
            feed = torch.zeros(b, DECODER_HIDDEN)
            y = self.drop(self.tgt_emb(target_inputs))                                  # [T, B, E]
            outs = []
            for t in range(target_inputs.shape[0]):
                h, c, feed, _ = self.step(y[t], h, c, feed, keys, score_keys, mask)
                outs.append(feed)
            logits = self.out(self.drop(torch.stack(outs)))                             # [T, B, Vt]
            return torch.nn.functional.cross_entropy(logits.reshape(-1, TARGET_VOCABULARY), target_outputs.reshape(-1),
                                                     ignore_index=-100, label_smoothing=0.1)

        def greedy(self, src, lengths, max_length):
            keys, score_keys, mask, h = self.encode(src, lengths)
            b = src.shape[1]
            c = torch.zeros(b, DECODER_HIDDEN)
            feed = torch.zeros(b, DECODER_HIDDEN)
            tokens = torch.full((b,), START, dtype=torch.long)
            done = torch.zeros(b, dtype=torch.bool)
            chosen, scores, attention = [], torch.zeros(b, dtype=torch.float64), []
            for _ in range(max_length):
                if bool(done.all()):
                    break
                h, c, feed, a = self.step(self.tgt_emb(tokens), h, c, feed, keys, score_keys, mask)
                logp = torch.log_softmax(self.out(feed), dim=-1)                        # [B, Vt]
                tokens = logp.argmax(dim=1)
                scores += torch.where(done, 0.0, logp.gather(1, tokens[:, None])[:, 0].double())
                attention.append(a)
                chosen.append(torch.where(done, -1, tokens))
                done = done | (tokens == END)
            return torch.stack(chosen, dim=1) if chosen else torch.zeros(b, 0, dtype=torch.long), scores, attention

    return Seq2Seq()


def swift_names(model):
    """LSTMKit path -> this model's tensor (the Swift names of Seq2Seq.namedParameters())."""
    names = {"sourceEmbedding.weight": model.src_emb.weight, "bridge.weight": model.bridge.weight,
             "bridge.bias": model.bridge.bias, "targetEmbedding.weight": model.tgt_emb.weight,
             "decoder.attention.keyProjection.weight": model.key.weight, "decoder.combine.weight": model.combine.weight,
             "output.weight": model.out.weight, "output.bias": model.out.bias}
    for swift, torch_name in (("weightIH", "weight_ih"), ("weightHH", "weight_hh"), ("biasIH", "bias_ih"),
                              ("biasHH", "bias_hh")):
        names[f"encoder.layers.0.cell.{swift}"] = getattr(model.encoder, f"{torch_name}_l0")
        names[f"encoder.reverseLayers.0.cell.{swift}"] = getattr(model.encoder, f"{torch_name}_l0_reverse")
        names[f"decoder.cells.0.{swift}"] = getattr(model.cell, torch_name)
    return names


def checksum(rows):
    total = 0
    for b, tokens in enumerate(rows):
        for j, token in enumerate(tokens):
            total = (total + token * (j + 1) * (b + 1)) % 1_000_000_007
    return total


def flops(b, s, steps):
    """seq2seqFlops of CompareSeq2Seq.swift (the forward's GEMM-like work)."""
    e, kd, h, v = 256.0, 256.0, 256.0, float(TARGET_VOCABULARY)
    k = 2 * kd
    encoder = 2 * 2 * s * b * 4 * kd * (e + kd)
    keys, bridge = 2 * b * s * k * h, 2 * b * k * h
    step = 2 * b * (4 * h * (e + 2 * h) + s * h + s * k + h * (k + h) + h * v)
    return encoder + keys + bridge + steps * step


def greedy_parts(torch, model, src, lengths, steps, iterations):
    """Where greedy decoding's time goes (as greedyParts in CompareSeq2Seq.swift): the encoder (+ bridge and key
    projection), `steps` decoder steps (embedding, cell, attention, combine, output layer, log-softmax) and the
    argmax over [B, Vt] of each step."""
    model.eval()
    parts = {}
    with torch.inference_mode():
        for i in range(iterations + 1):
            start = time.perf_counter()
            keys, score_keys, mask, h = model.encode(src, lengths)
            encode_ms = (time.perf_counter() - start) * 1e3
            b = src.shape[1]
            c, feed = torch.zeros(b, DECODER_HIDDEN), torch.zeros(b, DECODER_HIDDEN)
            tokens = torch.full((b,), START, dtype=torch.long)
            step_ms = argmax_ms = 0.0
            for _ in range(steps):
                start = time.perf_counter()
                h, c, feed, _ = model.step(model.tgt_emb(tokens), h, c, feed, keys, score_keys, mask)
                logp = torch.log_softmax(model.out(feed), dim=-1)
                middle = time.perf_counter()
                tokens = logp.argmax(dim=1)
                argmax_ms += (time.perf_counter() - middle) * 1e3
                step_ms += (middle - start) * 1e3
            if i > 0:
                for part, value in (("encode", encode_ms), (f"{steps} x step", step_ms), (f"{steps} x argmax", argmax_ms)):
                    parts.setdefault(part, []).append(value)
    model.train()
    return {k: round(float(np.median(v)), 3) for k, v in parts.items()}


def run_torch_seq2seq(torch, args, sample_seconds, timing_fields):
    torch.manual_seed(args.seed + 2)
    model = build(torch, dropout=0.3)
    names = swift_names(model)
    if len({id(p) for p in names.values()}) != len(list(model.parameters())):
        raise SystemExit("peers_seq2seq: the name map misses parameters")
    with torch.no_grad():
        for path, tensor in names.items():
            tensor.copy_(torch.from_numpy(weights(path, tuple(tensor.shape), list(names))))
    sources, targets = problem(args.seed)
    b, s, t = BATCH, max(map(len, sources)), max(len(x) + 1 for x in targets)
    src = torch.full((s, b), PAD, dtype=torch.long)
    target_inputs = torch.full((t, b), PAD, dtype=torch.long)
    target_outputs = torch.full((t, b), -100, dtype=torch.long)                        # -100: not counted
    for i in range(b):
        src[:len(sources[i]), i] = torch.tensor(sources[i])
        target_inputs[:len(targets[i]) + 1, i] = torch.tensor([START] + targets[i])
        target_outputs[:len(targets[i]) + 1, i] = torch.tensor(targets[i] + [END])
    lengths = torch.tensor([len(x) for x in sources], dtype=torch.long)
    model.eval()
    with torch.no_grad():
        check_loss = model.loss(src, lengths, target_inputs, target_outputs).item()
    model.train()
    result = {}
    if args.mode == "train":
        params = list(model.parameters())
        opt = torch.optim.Adam(params, lr=2e-3)
        losses, parts = [], {}

        def timed(i, part, start):
            if i >= args.warmup:
                parts.setdefault(part, []).append((time.perf_counter() - start) * 1e3)
            return time.perf_counter()

        def body(i):
            start = time.perf_counter()
            loss = model.loss(src, lengths, target_inputs, target_outputs)
            start = timed(i, "forward", start)
            loss.backward()
            start = timed(i, "backward", start)
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            timed(i, "clip+adam", start)
            losses.append(loss.item())

        times = sample_seconds(args.warmup, args.iterations, body)
        result = timing_fields(times, b * t, 3 * flops(b, s, t))
        result["parts_ms"] = {k: round(float(np.median(v)), 3) for k, v in parts.items()}
        result.update({"loss_first": round(losses[0], 4), "loss_last": round(losses[-1], 4)})
    else:
        model.eval()
        out = {}

        def body(_):
            with torch.inference_mode():
                out["chosen"], out["scores"], _ = model.greedy(src, lengths, 30)

        times = sample_seconds(args.warmup, args.iterations, body)
        chosen = out["chosen"].tolist()
        rows = [[x for x in row if x >= 0] for row in chosen]
        finished = [END in row for row in rows]
        rows = [row[:row.index(END)] if END in row else row for row in rows]
        steps = len(chosen[0])
        result = timing_fields(times, b * steps, flops(b, s, steps))
        result["parts_ms"] = greedy_parts(torch, model, src, lengths, 30, args.iterations)
        result.update({"decode_steps": steps, "greedy_checksum": checksum(rows), "greedy_finished": sum(finished)})
    result.update({"config": "seq2seq", "mode": args.mode, "implementation": "torch", "check_loss": round(check_loss, 5),
                   "source_steps": s, "target_steps": t, "parameters": sum(p.numel() for p in model.parameters())})
    return result
