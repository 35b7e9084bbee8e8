"""Aggregation and the Markdown table of the comparison harness (harness.py)."""
import statistics

from report_common import STREAMING, _cell, _ratio, _rss
from report_sections import apps_table, streaming_table

FLOP_NOTE = ("GFLOP/s counts GEMM work only: forward = sum over layers of 2 * T * B * G * H * (D_l + H), "
             "G = 4 (LSTM) or 3 (GRU), D_l = D for layer 0 and H above; a training step counts 3x the forward "
             "(backward ~ 2x forward); the char LM adds the output layer's 2 * T * B * H * V; the seq2seq case counts "
             "encoder, attention, decoder cell, combine and output layer over the padded S and T (CompareSeq2Seq.swift). "
             "Sequence steps/s = B * T / median time.")




def _stack_tables(doc, impls, config_filter, suffix):
    """The LSTM / GRU stack tables (inference, training) of `impls` for the configs `config_filter` accepts."""
    lines, shapes = [], doc["shapes"]
    for mode, title in (("infer", "Inference (forward only)"), ("train", "Training step (forward, backward of "
                                                                          "sum(y^2), Adam)")):
        rows = [r for r in doc["results"] if r["mode"] == mode and r["cell"] in ("lstm", "gru")
                and config_filter(r["config"])]
        if not rows or not impls:
            continue
        peers = [f"lstmkit-{i}" for i in impls] + ["torch"] + (["ort"] if mode == "infer" else [])
        head = ["cell", "config", "thr"] + [f"LSTMKit {i}" for i in impls] + ["PyTorch"]
        head += ["ORT"] if mode == "infer" else []
        head += [f"{i}/PyTorch" for i in impls] + ([f"{i}/ORT" for i in impls] if mode == "infer" else [])
        head += ["SGEMM in / step", "GEMM-only ms", "RSS MB " + " / ".join(p.replace("lstmkit-", "") for p in peers)]
        lines += [f"## {title}{suffix}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in rows:
            g = r.get("sgemm", {})
            cells = [r["cell"].upper(), f"{r['config']} ({shapes.get(r['config'], '')})", str(r["threads"])]
            cells += [_cell(r["peers"].get(p)) for p in peers]
            cells += [_ratio(r, f"{i}/torch") for i in impls]
            if mode == "infer":
                cells += [_ratio(r, f"{i}/ort") for i in impls]
            if g:
                kind = "forward" if mode == "infer" else "train"
                cells += [f"{g['sgemm_input_projection_gflops']:.0f} / {g['sgemm_recurrent_step_gflops']:.0f} "
                          f"(cpu {g['sgemm_input_projection_cpu_gflops']:.0f} / "
                          f"{g['sgemm_recurrent_step_cpu_gflops']:.0f})",
                          f"{g[f'gemm_{kind}_ms']:.2f} (cpu {g[f'gemm_{kind}_cpu_ms']:.2f})"]
            else:
                cells += ["-", "-"]
            cells.append(_rss(r, peers))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def aggregate(runs, implementations):
    """Pools the timed iterations of every round per (cell, config, mode, threads, peer)."""
    groups = {}
    for run in runs:
        if "error" in run:
            continue
        key = (run["case_cell"], run["case_config"], run["case_mode"], run["case_threads"])
        groups.setdefault(key, {}).setdefault(run["peer_label"], []).append(run)
    table = []
    for (cell, config, mode, threads), peers in sorted(groups.items()):
        if mode == "gemm":
            continue
        row = {"cell": cell, "config": config, "mode": mode, "threads": threads, "peers": {}, "ratios": {}}
        for peer, items in peers.items():
            times = [t for item in items for t in item["times_ms"]]
            med = statistics.median(times)
            flops = items[0]["flop_per_iteration"]
            steps = items[0]["steps_per_s"] * items[0]["median_ms"] / 1e3   # B * T
            entry = {
                "median_ms": round(med, 3), "min_ms": round(min(times), 3), "timed_iterations": len(times),
                "round_medians_ms": [item["median_ms"] for item in items],
                # Pooled like the wall times (older JSON without per-iteration CPU times: median of medians).
                "cpu_median_ms": round(statistics.median(
                    [c for item in items for c in item.get("cpu_times_ms", [])]
                    or [item["cpu_median_ms"] for item in items]), 3),
                "steps_per_s": round(steps / (med / 1e3), 1), "gflops": round(flops / (med / 1e3) / 1e9, 2),
                "rss_peak_mb": max(item["rss_peak_mb"] for item in items),
                "rss_base_mb": min(item["rss_base_mb"] for item in items),
                "child_maxrss_mb": max(item["child_maxrss_mb"] for item in items),
            }
            for field in ("ran", "loss_first", "loss_last", "check_loss", "decode_steps", "greedy_checksum",
                          "source_steps", "target_steps", "final_h_sum", "unit", "steps", "batches",
                          "train_seconds", "process_wall_s", "validation_accuracy", "validation_loss"):
                if field in items[0]:
                    entry[field] = items[0][field]
            if "parts_ms" in items[0]:   # median over the runs of each run's per-part median
                entry["parts_ms"] = {k: round(statistics.median(item["parts_ms"][k] for item in items), 1)
                                     for k in items[0]["parts_ms"]}
            row["peers"][peer] = entry
        gemm = groups.get((cell, config, "gemm", threads), {}).get("sgemm")
        if gemm:
            fields = ("sgemm_input_projection_gflops", "sgemm_recurrent_step_gflops", "gemm_forward_ms",
                      "gemm_forward_gflops", "gemm_train_ms", "gemm_train_gflops",
                      "sgemm_input_projection_cpu_gflops", "sgemm_recurrent_step_cpu_gflops",
                      "gemm_forward_cpu_ms", "gemm_train_cpu_ms")
            row["sgemm"] = {f: round(statistics.median(g[f] for g in gemm), 3) for f in fields}
            row["sgemm"]["blas"] = gemm[0].get("blas", "")
        for impl in implementations:
            mine = row["peers"].get(f"lstmkit-{impl}")
            for other in ("torch", "ort"):
                if mine and other in row["peers"]:
                    row["ratios"][f"{impl}/{other}"] = round(mine["median_ms"] / row["peers"][other]["median_ms"], 3)
                    if row["peers"][other]["cpu_median_ms"] > 0:
                        row["ratios"][f"{impl}/{other} cpu"] = round(
                            mine["cpu_median_ms"] / row["peers"][other]["cpu_median_ms"], 3)
        table.append(row)
    return table


def _asked_and_ran(doc, impl):
    """`native (ran native-avx512)`: an implementation with the kernels its runs reported (`ran`)."""
    ran = sorted({k for r in doc.get("runs", []) if r.get("peer_label") == f"lstmkit-{impl}"
                  for k in str(r.get("ran", "")).split(",") if k})
    return f"{impl} (ran {', '.join(ran)})" if ran else impl


def write_markdown(doc):
    m, v, s = doc["machine"], doc["versions"], doc["settings"]
    impls = s["implementations"]
    lines = [
        "# LSTMKit vs PyTorch vs ONNX Runtime (latest run)", "",
        *([] if doc.get("complete", True) else ["**Partial results: the run was interrupted or is in progress.**", ""]),
        f"Date (UTC): {doc['date_utc']} to {doc['finished_utc']}. Load average (1/5/15 min) before: "
        f"{doc['load_before']}, after: {doc['load_after']} on {m['cores']} cores"
        + (" -- the machine was shared and loaded: treat the times as upper bounds and compare ratios."
           if float(doc["load_before"].split()[0]) > 0.5 * m["cores"] else "."),
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores ({', '.join(m['flags'])}), {m['ram_gib']} GiB RAM, "
        f"{m['os']}, Linux {m['kernel']}.",
        f"Versions: {v.get('swift', '')}; {'; '.join(v.get('debian_packages', []))}; Python {v.get('python')}, "
        f"torch {v.get('torch')} ({v.get('torch_onednn')}), onnxruntime {v.get('onnxruntime')}, "
        f"onnx {v.get('onnx')}, numpy {v.get('numpy')}.",
        f"Settings: {s['rounds']} interleaved round(s) x {s['iterations_per_process']} timed iterations "
        f"(after {s['warmup']} warm-up) per peer and case, each peer in its own process; times are the median "
        f"of the pooled iterations. Threads: {s['thread_control']}."
        + (" Quick run (pipeline check, not a measurement)." if s["quick"] else ""),
        f"Kernels that ran: {', '.join(_asked_and_ran(doc, i) for i in impls)}"
        + (f" (skipped: {', '.join(f'{k}: {e}' for k, e in s['skipped_implementations'].items())})"
           if s["skipped_implementations"] else "") + ".",
        "", FLOP_NOTE, "",
        "Each peer cell: median wall time (median CPU time of the process, user + system over all its threads, "
        "per iteration), sequence steps/s and GFLOP/s from the wall time. On a loaded machine the wall time of "
        "a run is inflated by time-sharing (and 2-thread runs whose threads wait on each other suffer most), "
        "while the CPU time of a 1-thread run stays close to its unloaded time; spin-waiting threads "
        "(OpenMP, ORT) add CPU time. "
        "Ratio = LSTMKit time / peer time (< 1: LSTMKit faster), by wall time (and by CPU time). SGEMM = OpenBLAS throughput of the same "
        "shapes in GFLOP/s, input projection [T*B, D] x [D, G*H] / per-step [B, H] x [H, G*H] (layer 0); "
        "GEMM-only = the summed time of all the products a fused layer calls (the practical limit with "
        "OpenBLAS). RSS = peak resident MB of each process (VmHWM).", "",
    ]
    main_impls = [i for i in impls if "@" not in i]
    forced = [i for i in impls if "@" in i]
    lines += _stack_tables(doc, main_impls, lambda c: c not in STREAMING, "")
    lines += streaming_table(doc, impls)
    if forced:
        lines += [f"## Forced paths on this CPU: {', '.join(f'{i} (LSTMKIT_ISA={i.partition(chr(64))[2]})' for i in forced)}",
                  "", "The same cases with the native kernels forced to a smaller instruction set, as they run on a "
                  "CPU that has only that one; the PyTorch and ORT columns are the same runs as above.", ""]
        lines += _stack_tables(doc, forced, lambda c: c not in STREAMING, " -- forced " + ", ".join(forced))
    elif s.get("forced_isa") is not None:
        missing = {k: e for k, e in s["skipped_implementations"].items() if "@" in k}
        if missing:
            lines += ["## Forced paths", "", *[f"- {k}: {e}" for k, e in missing.items()], ""]
    lines += apps_table(doc)
    rows = [r for r in doc["results"] if r["cell"] == "charlm"]
    if rows:
        peers = [f"lstmkit-{i}" for i in impls] + ["torch"]
        head = ["thr"] + [f"LSTMKit {i} per batch" for i in impls] + ["PyTorch per batch"]
        head += [f"{i}/PyTorch" for i in impls] + ["loss first -> last (" + ", ".join(
            p.replace("lstmkit-", "") for p in peers) + ")", "RSS MB"]
        lines += ["## Character LM training (tiny-shakespeare, V=65, Embedding 64, 2-layer LSTM 256, Linear, "
                  "cross-entropy, Adam; B=32, T=100)", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in rows:
            cells = [str(r["threads"])] + [_cell(r["peers"].get(p)) for p in peers]
            cells += [_ratio(r, f"{i}/torch") for i in impls]
            cells.append(", ".join(f"{r['peers'][p].get('loss_first', '-')} -> {r['peers'][p].get('loss_last', '-')}"
                                   for p in peers if p in r["peers"]))
            cells.append(_rss(r, peers))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    rows = [r for r in doc["results"] if r["cell"] == "seq2seq"]
    if rows:
        peers = [f"lstmkit-{i}" for i in impls] + ["torch"]
        head = ["mode", "thr"] + [f"LSTMKit {i}" for i in impls] + ["PyTorch"] + [f"{i}/PyTorch" for i in impls]
        head += ["check loss (" + ", ".join(p.replace("lstmkit-", "") for p in peers) + ")",
                 "train loss first -> last / greedy steps, checksum",
                 "parts ms (" + ", ".join(p.replace("lstmkit-", "") for p in peers) + ")", "RSS MB"]
        lines += ["## Translation model (attentional encoder-decoder at the translate app's defaults: Vs=7900, "
                  "Vt=5950, E=256, BiLSTM 2x256, LSTMCell decoder 256, general attention, input feeding, "
                  "dropout 0.3; B=64, lengths 8-25; train = loss with label smoothing 0.1, backward, clip 1, "
                  "Adam; infer = greedy decoding, at most 30 tokens; same data and weights on both sides)", "",
                  "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in sorted(rows, key=lambda r: (r["mode"] != "train", r["threads"])):
            cells = [r["mode"], str(r["threads"])] + [_cell(r["peers"].get(p)) for p in peers]
            cells += [_ratio(r, f"{i}/torch") for i in impls]
            cells.append(", ".join(str(r["peers"][p].get("check_loss", "-")) for p in peers if p in r["peers"]))
            if r["mode"] == "train":
                cells.append(", ".join(f"{r['peers'][p].get('loss_first', '-')} -> {r['peers'][p].get('loss_last', '-')}"
                                       for p in peers if p in r["peers"]))
            else:
                cells.append(", ".join(f"{r['peers'][p].get('decode_steps', '-')}, {r['peers'][p].get('greedy_checksum', '-')}"
                                       for p in peers if p in r["peers"]))
            cells.append("; ".join(", ".join(f"{k} {v}" for k, v in sorted(r["peers"][p].get("parts_ms", {}).items()))
                                   for p in peers if p in r["peers"]))
            cells.append(_rss(r, peers))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    errors = [run for run in doc["runs"] if "error" in run]
    if errors:
        lines += ["## Failed runs", ""]
        lines += [f"- round {e['round'] + 1} {e['case_cell']} {e['case_config']} {e['case_mode']} "
                  f"t={e['case_threads']} {e['peer_label']}: {e['error'][:200]}" for e in errors]
        lines.append("")
    return "\n".join(lines)


def _ms(x):
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}" if x >= 1 else f"{x:.3f}"


def summary_markdown(doc):
    """A compact table (one row per case: wall ms (CPU ms) per peer, and the ratios), for docs/benchmarks.md."""
    impls = doc["settings"]["implementations"]
    peers = [f"lstmkit-{i}" for i in impls] + ["torch", "ort"]
    head = ["case", "thr"] + [f"LSTMKit {i}" for i in impls] + ["PyTorch", "ORT"]
    head += [f"{i}/PyTorch" for i in impls] + [f"{i}/ORT" for i in impls] + ["SGEMM-only", "RSS MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    order = {"infer": 0, "train": 1}
    rows = sorted(doc["results"], key=lambda r: (r["cell"] in ("charlm", "seq2seq"), order.get(r["mode"], 2), r["cell"],
                                                   r["config"], r["threads"]))
    for r in rows:
        name = ("char LM" if r["cell"] == "charlm" else f"seq2seq {r['mode']}" if r["cell"] == "seq2seq"
                else f"{r['cell'][4:]} (whole app)" if r["cell"].startswith("app-")
                else f"{r['cell'].upper()} {r['config']} {r['mode']}")
        cells = [name, str(r["threads"])]
        for p in peers:
            e = r["peers"].get(p)
            cells.append(f"{_ms(e['median_ms'])} ({_ms(e['cpu_median_ms'])})" if e else "-")
        cells += [_ratio(r, f"{i}/torch") for i in impls] + [_ratio(r, f"{i}/ort") for i in impls]
        g = r.get("sgemm")
        kind = "forward" if r["mode"] == "infer" else "train"
        cells.append(f"{_ms(g[f'gemm_{kind}_ms'])} ({_ms(g[f'gemm_{kind}_cpu_ms'])})" if g else "-")
        cells.append(" / ".join(f"{r['peers'][p]['rss_peak_mb']:.0f}" if p in r["peers"] else "-" for p in peers))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import json
    import sys
    with open(sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/results/latest.json") as f:
        print(summary_markdown(json.load(f)))
