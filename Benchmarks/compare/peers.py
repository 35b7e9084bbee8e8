"""The PyTorch and ONNX Runtime side of the LSTMKit comparison: one case per process, one JSON line out.

Same command-line contract as `lstmkit-bench compare` (Benchmarks/lstmkit-bench/CompareCommand.swift):

    peers.py --peer torch|ort --cell lstm|gru|charlm|seq2seq --config A|B|C|D --mode infer|train
             [--threads N] [--iterations N] [--warmup N] [--seed N] [--data PATH] [--onnx PATH]
    peers.py export --cell lstm|gru --config A|B|C|D --onnx PATH   (torch -> ONNX file, checked with ORT)

- torch, infer: `torch.inference_mode()`, `model.eval()`, `y, _ = model(x)` on x [T, B, D] (time-major).
- torch, train: `y, _ = model(x); (y * y).sum().backward(); opt.step(); opt.zero_grad()` (torch.optim.Adam).
- ort, infer: an `InferenceSession` on the ONNX file written by `export` (torch.onnx.export with the
  TorchScript exporter, opset 17: one ONNX LSTM / GRU node per layer; GRU with linear_before_reset=1, which is
  PyTorch's GRU). The ORT process imports onnxruntime and numpy only, so its memory is its own.
- config D (infer only), streaming: B = 1, T = 200, D = 40, H = 128, called one step at a time with the state
  carried by the caller; one timed iteration is the whole sequence of 200 calls. torch: `y, state =
  model(x[t:t+1], state)` under `torch.inference_mode()`; ort: a model exported with seq len 1 and the
  state as inputs and outputs (x [1, 1, D], h0 [1, 1, H] (, c0) -> y, hn (, cn)), one session reused,
  `session.run(["hn"(, "cn")], {...})` per step, the outputs fed back as the next inputs.
- charlm (torch only): the character language model of CompareCharLM.swift, one training batch per iteration.
- seq2seq (torch only): the translate app's attentional encoder-decoder of CompareSeq2Seq.swift, with the same
  data and the same weights (bit for bit, from the same integer hash); train: one training step, infer: greedy
  decoding of the batch (peers_seq2seq.py).

Threads: OMP_NUM_THREADS / MKL_NUM_THREADS are set from --threads before torch is imported (the harness
sets them too); torch.set_num_threads(n), torch.set_num_interop_threads(1); ORT intra_op_num_threads=n,
inter_op_num_threads=1, sequential execution.
"""
import argparse
import json
import os
import sys
import time

# name: (batch B, steps T, input D, hidden H, layers L) -- the same table as CompareShape in Swift.
SHAPES = {
    "A": (32, 100, 64, 256, 1),
    "B": (64, 50, 512, 512, 2),
    "C": (16, 30, 32, 64, 1),
    "D": (1, 200, 40, 128, 1),   # streaming: one call per step, the state carried by the caller
}
from report_common import STREAMING   # noqa: E402 (configs streamed one call per step)


def forward_flops(shape, gates):
    """GEMM work of one forward pass: per layer 2 * T * B * G * H * (D_l + H) (D_l = D, then H)."""
    b, t, d, h, layers = shape
    return sum(2.0 * t * b * gates * h * ((d if l == 0 else h) + h) for l in range(layers))


def memory_mb():
    """(VmRSS, VmHWM) of this process in MB, from /proc/self/status (ru_maxrss for the peak elsewhere)."""
    current = peak = 0.0
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    current = float(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = float(line.split()[1]) / 1024
    except OSError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def sample_seconds(warmup, iterations, body):
    for i in range(warmup):
        body(i)
    times, cpu = [], []
    for i in range(iterations):
        start, cpu_start = time.perf_counter(), time.process_time()
        body(warmup + i)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return times, cpu


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def timing_fields(samples, sequence_steps, flops):
    times, cpu = samples
    s = sorted(times)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {
        "iterations": n,
        "times_ms": [round(t * 1e3, 3) for t in times],
        "median_ms": round(med * 1e3, 3),
        "min_ms": round(s[0] * 1e3, 3),
        "cpu_median_ms": round(median(cpu) * 1e3, 3),
        "cpu_times_ms": [round(t * 1e3, 3) for t in cpu],
        "steps_per_s": round(sequence_steps / med, 1),
        "flop_per_iteration": flops,
        "gflops": round(flops / med / 1e9, 2),
    }


def build_torch_model(torch, cell, shape, seed):
    b, t, d, h, layers = shape
    torch.manual_seed(seed + 2)
    cls = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
    model = cls(d, h, num_layers=layers)
    x = torch.randn(t, b, d, generator=torch.Generator().manual_seed(seed + 1))
    return model, x


def run_torch(args, baseline):
    import torch
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    if args.cell == "charlm":
        return run_torch_charlm(torch, args, baseline)
    if args.cell == "seq2seq":
        from peers_seq2seq import run_torch_seq2seq
        return run_torch_seq2seq(torch, args, sample_seconds, timing_fields)
    shape = SHAPES[args.config]
    model, x = build_torch_model(torch, args.cell, shape, args.seed)
    if args.mode == "train":
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def body(_):
            y, _ = model(x)                     # [T, B, H]
            (y * y).sum().backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
    elif args.config in STREAMING:
        from peers_streaming import torch_streaming_body
        body, checksum = torch_streaming_body(torch, model, x, shape)
    else:
        model.eval()

        def body(_):
            with torch.inference_mode():
                model(x)
    times = sample_seconds(args.warmup, args.iterations, body)
    gates = 4 if args.cell == "lstm" else 3
    flops = forward_flops(shape, gates) * (3 if args.mode == "train" else 1)
    result = timing_fields(times, shape[0] * shape[1], flops)
    result.update({"config": args.config, "mode": args.mode, "implementation": "torch",
                   "mkldnn_enabled": bool(torch.backends.mkldnn.enabled)})
    if args.config in STREAMING and args.mode == "infer":
        result.update({"streaming": True, "calls_per_iteration": shape[1], "final_h_sum": round(checksum[0], 5)})
    return result


def run_torch_charlm(torch, args, baseline):
    """One training batch of Embedding(V, 64) -> LSTM(64, 256, 2 layers) -> Linear(256, V), cross-entropy, Adam."""
    import numpy as np
    with open(args.data, encoding="utf-8") as f:
        text = f.read()
    alphabet = sorted(set(text))
    index = {c: i for i, c in enumerate(alphabet)}
    tokens = np.array([index[c] for c in text], dtype=np.int64)
    batch, steps, embedding, hidden, vocabulary = 32, 100, 64, 256, len(alphabet)
    rng = np.random.default_rng(args.seed + 11)
    batches = []
    for _ in range(args.warmup + args.iterations):
        starts = rng.integers(0, len(tokens) - steps - 1, size=batch)
        window = np.stack([tokens[s:s + steps + 1] for s in starts], axis=1)   # [T+1, B]
        batches.append((torch.from_numpy(window[:-1].copy()), torch.from_numpy(window[1:].copy())))
    torch.manual_seed(args.seed + 2)
    embed = torch.nn.Embedding(vocabulary, embedding)
    lstm = torch.nn.LSTM(embedding, hidden, num_layers=2)
    head = torch.nn.Linear(hidden, vocabulary)
    params = list(embed.parameters()) + list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    losses = []

    def body(i):
        inputs, targets = batches[i]
        y, _ = lstm(embed(inputs))               # [T, B, 256]
        logits = head(y)                          # [T, B, V]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocabulary), targets.reshape(-1))
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())

    times = sample_seconds(args.warmup, args.iterations, body)
    flops = 3 * (forward_flops((batch, steps, embedding, hidden, 2), 4) + 2.0 * steps * batch * hidden * vocabulary)
    result = timing_fields(times, batch * steps, flops)
    result.update({"config": "charlm", "mode": "train", "implementation": "torch", "vocabulary": vocabulary,
                   "loss_first": round(losses[0], 4), "loss_last": round(losses[-1], 4)})
    return result


def run_ort(args, baseline):
    import numpy as np
    import onnxruntime as ort
    if args.mode != "infer" or args.cell in ("charlm", "seq2seq"):
        raise SystemExit(json.dumps({"error": "ort runs inference of lstm/gru only", "peer": "ort"}))
    shape = SHAPES[args.config]
    b, t, d, h, layers = shape
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(args.onnx, options, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(args.seed + 1).standard_normal((t, b, d)).astype(np.float32)
    name = session.get_inputs()[0].name
    checksum = [0.0]
    if args.config in STREAMING:
        from peers_streaming import ort_streaming_body
        body, checksum = ort_streaming_body(np, session, args, x, shape)
    else:
        def body(_):
            session.run(None, {name: x})

    times = sample_seconds(args.warmup, args.iterations, body)
    gates = 4 if args.cell == "lstm" else 3
    result = timing_fields(times, b * t, forward_flops(shape, gates))
    result.update({"config": args.config, "mode": "infer", "implementation": "onnxruntime",
                   "providers": session.get_providers()})
    if args.config in STREAMING:
        result.update({"streaming": True, "calls_per_iteration": t, "final_h_sum": round(checksum[0], 5)})
    return result


def export(args):
    """Writes the torch module as ONNX (x [T, B, D] -> y [T, B, H]) and checks it against torch with ORT."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    import torch
    shape = SHAPES[args.config]
    model, x = build_torch_model(torch, args.cell, shape, args.seed)
    model.eval()

    class OutputsOnly(torch.nn.Module):
        def __init__(self, rnn):
            super().__init__()
            self.rnn = rnn

        def forward(self, inputs):
            return self.rnn(inputs)[0]

    import warnings
    if args.config in STREAMING:
        from peers_streaming import export_streaming
        return export_streaming(args, torch, onnx, ort, np, model, x, shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(OutputsOnly(model), (x,), args.onnx, opset_version=17, dynamo=False,
                          input_names=["x"], output_names=["y"])
    graph = onnx.load(args.onnx).graph
    nodes = [n for n in graph.node if n.op_type in ("LSTM", "GRU")]
    attributes = [{a.name: onnx.helper.get_attribute_value(a) for a in n.attribute
                   if a.name in ("hidden_size", "linear_before_reset")} for n in nodes]
    if args.cell == "gru" and not all(a.get("linear_before_reset") == 1 for a in attributes):
        raise SystemExit(json.dumps({"error": "GRU exported without linear_before_reset=1", "nodes": attributes}))
    session = ort.InferenceSession(args.onnx, providers=["CPUExecutionProvider"])
    y_ort = session.run(None, {"x": x.numpy()})[0]
    with torch.inference_mode():
        y_torch = model(x)[0].numpy()
    return {"onnx": args.onnx, "opset": 17, "nodes": [n.op_type for n in nodes], "attributes": attributes,
            "max_abs_diff_vs_torch": float(np.abs(y_ort - y_torch).max())}


def main(argv):
    exporting = bool(argv) and argv[0] == "export"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    if not exporting:
        parser.add_argument("--peer", choices=["torch", "ort"], required=True)
    parser.add_argument("--cell", choices=["lstm", "gru", "charlm", "seq2seq"], default="lstm")
    parser.add_argument("--config", choices=sorted(SHAPES), default="A")
    parser.add_argument("--mode", choices=["infer", "train"], default="infer")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default="Data/tiny-shakespeare/input.txt")
    parser.add_argument("--onnx", default=None, help="the ONNX file (written by export, read by --peer ort)")
    args = parser.parse_args(argv[1:] if exporting else argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if exporting:
        print(json.dumps(export(args)), flush=True)
        return 0
    if args.config in STREAMING and args.mode != "infer" and args.cell in ("lstm", "gru"):
        print(json.dumps({"error": f"--config {args.config} is streaming inference: --mode infer only"}), flush=True)
        return 2
    if args.peer == "ort" and not args.onnx:
        print(json.dumps({"error": "--peer ort needs --onnx PATH (write it with: peers.py export)"}), flush=True)
        return 2
    # The baseline is taken with the framework loaded (as LSTMKit's is, in a process linked against it).
    if args.peer == "torch":
        import torch  # noqa: F401
    else:
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
    baseline = memory_mb()
    result = run_torch(args, baseline) if args.peer == "torch" else run_ort(args, baseline)
    _, peak = memory_mb()
    result.update({"peer": args.peer, "cell": args.cell, "threads": args.threads, "warmup": args.warmup,
                   "rss_base_mb": round(baseline[0], 1), "rss_peak_mb": round(peak, 1)})
    print(json.dumps(result, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
