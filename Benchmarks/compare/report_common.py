"""What report.py and report_sections.py share: the streaming configs and the table cell formats."""

STREAMING = {"D"}   # configs streamed one call per step (inference only); peers.py and harness.py say the same


def _cell(entry):
    if not entry:
        return "-"
    steps = entry["steps_per_s"]
    rate = f"{steps / 1e6:.2f}M" if steps >= 1e6 else f"{steps / 1e3:.0f}k"
    return (f"{entry['median_ms']:.2f} ms (cpu {entry['cpu_median_ms']:.2f}), {rate} st/s, "
            f"{entry['gflops']:.1f} GF/s")


def _ratio(row, key):
    wall, cpu = row["ratios"].get(key), row["ratios"].get(key + " cpu")
    if wall is None:
        return "-"
    return f"{wall:.2f}" + (f" (cpu {cpu:.2f})" if cpu is not None else "")


def _rss(row, labels):
    return " / ".join(f"{row['peers'][p]['rss_peak_mb']:.0f}" if p in row["peers"] else "-" for p in labels)
