"""Config D of the comparison (streaming inference, one call per step, the state carried by the caller): the
PyTorch and ONNX Runtime sides, used by peers.py. See peers.py's docstring for the contract."""
import json
import os


def torch_streaming_body(torch, model, x, shape):
    """`y, state = model(x[t:t+1], state)` for every t under inference_mode; returns (body, checksum box)."""
    model.eval()
    frames = [x[t:t + 1].contiguous() for t in range(shape[1])]   # T x [1, B, D]
    checksum = [0.0]

    def body(_):
        with torch.inference_mode():
            state = None
            for frame in frames:
                _, state = model(frame, state)
            h = state[0] if isinstance(state, tuple) else state
            checksum[0] = float(h[-1].sum())
    return body, checksum


def ort_streaming_body(np, session, args, x, shape):
    """One `session.run(["hn"(, "cn")], ...)` per step, the outputs fed back; returns (body, checksum box)."""
    b, t, d, h_size, layers = shape
    # PyTorch's x (saved by export), so that the final-h checksum matches the torch peer's.
    saved = args.onnx + ".x.npy"
    if os.path.exists(saved):
        x = np.load(saved)
    frames = [np.ascontiguousarray(x[i:i + 1]) for i in range(t)]    # T x [1, B, D]
    lstm = args.cell == "lstm"
    outputs = ["hn", "cn"] if lstm else ["hn"]
    checksum = [0.0]

    def body(_):
        h = np.zeros((layers, b, h_size), dtype=np.float32)
        c = np.zeros((layers, b, h_size), dtype=np.float32)
        for frame in frames:
            feed = {"x": frame, "h0": h, "c0": c} if lstm else {"x": frame, "h0": h}
            state = session.run(outputs, feed)
            h = state[0]
            if lstm:
                c = state[1]
        checksum[0] = float(h[-1].sum())
    return body, checksum


def export_streaming(args, torch, onnx, ort, np, model, x, shape):
    """Config D: one step with the state as inputs and outputs, (x [1, B, D], h0 (, c0)) -> (y, hn (, cn));
    checked against torch by running the whole sequence one step at a time on both sides."""
    import warnings
    b, t, d, h, layers = shape
    lstm = args.cell == "lstm"

    class Step(torch.nn.Module):
        def __init__(self, rnn):
            super().__init__()
            self.rnn = rnn

        def forward(self, frame, h0, c0=None):
            if c0 is None:
                y, hn = self.rnn(frame, h0)
                return y, hn
            y, (hn, cn) = self.rnn(frame, (h0, c0))
            return y, hn, cn

    np.save(args.onnx + ".x.npy", x.numpy())   # the ORT peer streams the same x as the torch peer
    zeros = torch.zeros(layers, b, h)
    inputs = (x[:1], zeros, zeros) if lstm else (x[:1], zeros)
    names_in = ["x", "h0", "c0"] if lstm else ["x", "h0"]
    names_out = ["y", "hn", "cn"] if lstm else ["y", "hn"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Step(model), inputs, args.onnx, opset_version=17, dynamo=False,
                          input_names=names_in, output_names=names_out)
    graph = onnx.load(args.onnx).graph
    nodes = [n for n in graph.node if n.op_type in ("LSTM", "GRU")]
    attributes = [{a.name: onnx.helper.get_attribute_value(a) for a in n.attribute
                   if a.name in ("hidden_size", "linear_before_reset")} for n in nodes]
    if args.cell == "gru" and not all(a.get("linear_before_reset") == 1 for a in attributes):
        raise SystemExit(json.dumps({"error": "GRU exported without linear_before_reset=1", "nodes": attributes}))
    session = ort.InferenceSession(args.onnx, providers=["CPUExecutionProvider"])
    hs = np.zeros((layers, b, h), dtype=np.float32)
    cs = np.zeros((layers, b, h), dtype=np.float32)
    ys_ort = []
    for i in range(t):
        feed = {"x": x[i:i + 1].numpy(), "h0": hs}
        if lstm:
            feed["c0"] = cs
        out = session.run(None, feed)
        ys_ort.append(out[0])
        hs = out[1]
        if lstm:
            cs = out[2]
    with torch.inference_mode():
        y_torch = model(x)[0].numpy()
    return {"onnx": args.onnx, "opset": 17, "nodes": [n.op_type for n in nodes], "attributes": attributes,
            "streaming": True, "inputs": names_in, "outputs": names_out,
            "max_abs_diff_vs_torch": float(np.abs(np.concatenate(ys_ort, axis=0) - y_torch).max())}
