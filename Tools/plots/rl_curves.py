#!/usr/bin/env python3
"""Draws docs/apps/rl-curves.svg from the curve.csv files that `lstm train rl` writes (no dependencies).

    python3 Tools/plots/rl_curves.py CARTPOLE_POMDP_DIR TMAZE_LSTM_DIR TMAZE_FEEDFORWARD_DIR [--out FILE]

Left: CartPole-POMDP, mean return against environment steps (training episodes with sampled actions, and the
greedy policy on the validation episodes). Right: T-maze, the fraction of episodes reaching the goal for the LSTM
and the feed-forward policy.
"""

import argparse
import csv
import os

W, H, PAD, GAP = 360, 240, 48, 40


def read(directory):
    with open(os.path.join(directory, "curve.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def panel(x0, title, xmax, ymax, yticks, ylabel, series):
    out = [f'<g transform="translate({x0},0)">',
           f'<text x="{PAD + W / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<rect x="{PAD}" y="{PAD}" width="{W}" height="{H}" fill="none" stroke="#888"/>']
    for v in yticks:
        y = PAD + H - H * v / ymax
        out.append(f'<line x1="{PAD}" x2="{PAD + W}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{PAD - 6}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
    for k in range(0, 6):
        v = xmax * k / 5
        x = PAD + W * k / 5
        out.append(f'<text x="{x:.1f}" y="{PAD + H + 16}" text-anchor="middle">{v / 1000:.0f}k</text>')
    out.append(f'<text x="{PAD + W / 2}" y="{PAD + H + 34}" text-anchor="middle">environment steps</text>')
    out.append(f'<text transform="translate(12,{PAD + H / 2}) rotate(-90)" text-anchor="middle">{ylabel}</text>')
    for i, (name, color, dash, points) in enumerate(series):
        path = " ".join(f"{PAD + W * x / xmax:.1f},{PAD + H - H * min(y, ymax) / ymax:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1.6"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        ly = PAD + 14 + 16 * i
        out.append(f'<line x1="{PAD + 8}" x2="{PAD + 28}" y1="{ly - 4}" y2="{ly - 4}" stroke="{color}" stroke-width="1.6"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        out.append(f'<text x="{PAD + 32}" y="{ly}">{name}</text>')
    out.append("</g>")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cartpole")
    parser.add_argument("tmaze_lstm")
    parser.add_argument("tmaze_ff")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "docs", "apps", "rl-curves.svg"))
    args = parser.parse_args()
    cp, tl, tf = read(args.cartpole), read(args.tmaze_lstm), read(args.tmaze_ff)
    steps = lambda rows: [int(r["environment_steps"]) for r in rows]
    col = lambda rows, key: [float(r[key]) for r in rows]
    left = panel(0, "CartPole-POMDP, LSTM policy", max(steps(cp)), 500, [0, 100, 195, 300, 400, 500], "mean return", [
        ("validation (greedy, 20 episodes)", "#1f77b4", None, list(zip(steps(cp), col(cp, "validation_mean_return")))),
        ("training episodes (sampled)", "#ff7f0e", "5,3", list(zip(steps(cp), col(cp, "train_mean_return")))),
    ])
    right = panel(W + PAD + GAP, "T-maze, length 50", max(steps(tl)), 1, [0, 0.25, 0.5, 0.75, 1], "goal rate", [
        ("LSTM, validation (greedy)", "#1f77b4", None, list(zip(steps(tl), col(tl, "validation_success")))),
        ("LSTM, training episodes", "#1f77b4", "5,3", list(zip(steps(tl), col(tl, "train_success")))),
        ("feed-forward, validation", "#d62728", None, list(zip(steps(tf), col(tf, "validation_success")))),
        ("feed-forward, training", "#d62728", "5,3", list(zip(steps(tf), col(tf, "train_success")))),
    ])
    width, height = 2 * (W + PAD) + GAP + 20, H + PAD + 50
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>'] + left + right + ["</svg>"]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
