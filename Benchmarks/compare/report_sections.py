"""The config D (streaming) and whole-application sections of the comparison's latest.md (report.py)."""
from report_common import STREAMING, _cell, _ratio, _rss


def streaming_table(doc, impls):
    """Config D: one call per step, the state carried by the caller; time per whole sequence."""
    rows = [r for r in doc["results"] if r["cell"] in ("lstm", "gru") and r["config"] in STREAMING]
    if not rows:
        return []
    peers = [f"lstmkit-{i}" for i in impls] + ["torch", "ort"]
    head = ["cell", "thr"] + [f"LSTMKit {i}" for i in impls] + ["PyTorch", "ORT"]
    head += [f"{i}/PyTorch" for i in impls] + [f"{i}/ORT" for i in impls]
    head += ["us per step (" + ", ".join(p.replace("lstmkit-", "") for p in peers) + ")",
             "final h sum (" + ", ".join(p.replace("lstmkit-", "") for p in peers) + ")",
             "RSS MB " + " / ".join(p.replace("lstmkit-", "") for p in peers)]
    calls = rows[0]["peers"].get("torch", next(iter(rows[0]["peers"].values()))).get("calls_per_iteration", 200)
    lines = [f"## Streaming inference, config D ({doc['shapes'].get('D', '')}): time per sequence of {calls} calls",
             "", "LSTMKit: a `RecurrentStream` over the stack (`isTraining = false`), one `step(x[t])` per frame "
             "[1, D], the state and the packed weights kept inside (a stack without a native kernel runs through "
             "the stack itself, one step per call); PyTorch: `nn.LSTM` / `nn.GRU` on x[t:t+1] with the state, under "
             "`torch.inference_mode()`; ORT: a model exported with seq len 1 and the state as inputs and outputs, "
             "one session reused, the outputs fed back. Final h sum: a checksum of the last state; PyTorch and ORT "
             "stream the same weights and inputs, so theirs agree; LSTMKit draws its own from its generator "
             "(same distributions), so its sum differs from theirs but agrees across its implementations.",
             "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["cell"].upper(), str(r["threads"])] + [_cell(r["peers"].get(p)) for p in peers]
        cells += [_ratio(r, f"{i}/torch") for i in impls] + [_ratio(r, f"{i}/ort") for i in impls]
        cells.append(" / ".join(f"{r['peers'][p]['median_ms'] * 1e3 / r['peers'][p].get('calls_per_iteration', calls):.1f}"
                                if p in r["peers"] else "-"
                                for p in peers))
        cells.append(" / ".join(str(r["peers"][p].get("final_h_sum", "-")) if p in r["peers"] else "-"
                                for p in peers))
        cells.append(_rss(r, peers))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def apps_table(doc):
    """Whole applications: `lstm train X` against Benchmarks/compare/app_X.py, one process each."""
    rows = [r for r in doc["results"] if r["cell"].startswith("app-")]
    if not rows:
        return []
    lines = ["## Whole applications (default settings; each run one process: time per training step or epoch "
             "(cpu: the whole process's user + system time, on both sides), "
             "peak RSS of the process)", "",
             "| app | thr | LSTMKit | PyTorch | LSTMKit/PyTorch | RSS MB LSTMKit / PyTorch (ratio) | "
             "loss first -> last (LSTMKit; PyTorch) | kernel | process wall s (LSTMKit / PyTorch) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mine, theirs = r["peers"].get("lstmkit-native"), r["peers"].get("torch")
        unit = (mine or theirs or {}).get("unit", "step")

        def t(e):
            return f"{e['median_ms']:.0f} ms per {unit} (cpu {e['cpu_median_ms']:.0f})" if e else "-"
        rss = "-"
        if mine and theirs:
            rss = (f"{mine['rss_peak_mb']:.0f} / {theirs['rss_peak_mb']:.0f} "
                   f"({mine['rss_peak_mb'] / theirs['rss_peak_mb']:.2f})")
        losses = "; ".join(f"{e.get('loss_first', '-')} -> {e.get('loss_last', '-')}" for e in (mine, theirs) if e)
        walls = " / ".join(f"{e['process_wall_s']:.0f}" if e and "process_wall_s" in e else "-" for e in (mine, theirs))
        name = r["cell"][len("app-"):] + (f" ({(mine or theirs).get('steps', '')} steps)" if unit == "step" else " (1 epoch)")
        lines.append(f"| {name} | {r['threads']} | {t(mine)} | {t(theirs)} | {_ratio(r, 'native/torch')} | {rss} | "
                     f"{losses} | {(mine or {}).get('ran', '-')} | {walls} |")
    return lines + [""]
