#!/usr/bin/python3
"""Turns bench/run.py's results.json into PNG plots beside it (Debian's
python3-matplotlib):

- strong_scaling.png: each workload's median time (min-max bars) against the
  rank count, log-log, with the ideal line (the time at the fewest ranks
  divided by the added ranks);
- weak_scaling.png: the weak-scaling runs (fixed rows per rank), with the
  ideal flat line;
- peers.png: per workload, our median time beside each peer's at every rank
  count (peers at as many threads), min-max bars;
- kmeans_iris.png: the demo's clustering (iris, points coloured by their
  K-Means label, the centres marked: the mean of each cluster's points,
  which is where a converged Lloyd fit leaves them).

    bench/plot.py RESULTS.json [--out DIR]
    bench/plot.py heat-kmeans-<job>.out [...] --kind strong|weak [--out DIR]

The second form reads the benchmarks' own JSON lines, as the sbatch
templates leave them (bench/slurm/), and draws their scaling plot.
"""
import argparse
import collections
import csv
import json
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"heat": "#1f77b4", "numpy": "#ff7f0e", "scikit-learn": "#2ca02c", "scikit-learn-elkan": "#98df8a",
           "heat-python": "#d62728"}


def grid(n, width=4.2, height=3.2):
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


def errbar(ax, x, stats, **kw):
    """Medians with min-max bars, in milliseconds."""
    med = [1e3 * s["median_s"] for s in stats]
    lo = [1e3 * (s["median_s"] - s["min_s"]) for s in stats]
    hi = [1e3 * (s["max_s"] - s["median_s"]) for s in stats]
    ax.errorbar(x, med, yerr=[lo, hi], marker="o", capsize=3, **kw)


def by_workload(records, kind):
    out = collections.OrderedDict()
    for r in records:
        if r["kind"] == kind:
            out.setdefault(r["workload"], collections.OrderedDict()).setdefault(r["case"], []).append(r)
    return out


def scaling(records, kind, title, path):
    workloads = by_workload(records, kind)
    if not workloads:
        return None
    fig, axes = grid(len(workloads))
    for ax, (workload, cases) in zip(axes, workloads.items()):
        for i, (case, recs) in enumerate(cases.items()):
            recs = sorted(recs, key=lambda r: r["ranks"])
            ranks = [r["ranks"] for r in recs]
            colour = f"C{i}"
            errbar(ax, ranks, [r["heat"] for r in recs], color=colour, label=case)
            t0, p0 = 1e3 * recs[0]["heat"]["median_s"], ranks[0]
            ideal = [t0 * p0 / p if kind == "strong" else t0 for p in ranks]
            ax.plot(ranks, ideal, "--", color=colour, alpha=0.5, linewidth=1)
        ax.set_xscale("log", base=2)
        ax.set_xticks(sorted({r["ranks"] for rs in cases.values() for r in rs}))
        ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        if kind == "strong":  # log-log: the ideal is a straight line
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
            # Minor ticks labelled only where the panel spans less than a decade or so.
            lo, hi = ax.get_ylim()
            minor = "%g" if hi / lo < 20 else ""
            ax.yaxis.set_minor_formatter(matplotlib.ticker.FormatStrFormatter(minor))
        else:  # linear from 0: the ideal is flat, departures read as fractions
            ax.set_ylim(bottom=0)
        ax.set_title(workload, fontsize=10)
        ax.set_xlabel("MPI ranks")
        ax.set_ylabel("time [ms]")
        ax.legend(fontsize=7)
    fig.suptitle(f"{title}\n(dashed: ideal)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def peers(records, path):
    workloads = collections.OrderedDict()
    for r in records:
        if r["kind"] == "strong" and r["peers"]:
            workloads.setdefault(r["workload"], []).append(r)
    if not workloads:
        return None
    fig, axes = grid(len(workloads), width=5.0, height=3.4)
    for ax, (workload, recs) in zip(axes, workloads.items()):
        cases = list(dict.fromkeys(r["case"] for r in recs))
        ranks = sorted({r["ranks"] for r in recs})
        names = ["heat"] + list(dict.fromkeys(p for r in recs for p in r["peers"]))
        series = [(who, p) for who in names for p in ranks]
        width = 0.8 / len(series)
        for j, (who, p) in enumerate(series):
            xs, stats = [], []
            for i, case in enumerate(cases):
                rec = next((r for r in recs if r["case"] == case and r["ranks"] == p), None)
                s = rec and (rec["heat"] if who == "heat" else rec["peers"].get(who))
                if s:
                    xs.append(i - 0.4 + width * (j + 0.5))
                    stats.append(s)
            if not xs:
                continue
            med = [s["median_s"] for s in stats]
            err = [[s["median_s"] - s["min_s"] for s in stats], [s["max_s"] - s["median_s"] for s in stats]]
            ax.bar(xs, med, width, yerr=err, capsize=2, color=COLOURS.get(who, "grey"), alpha=1.0 if p == ranks[0] else 0.55,
                   hatch=None if p == ranks[0] else "//", label=f"{who} np={p}" if who in ("heat", "heat-python") else f"{who} {p} thr.")
        ax.set_xticks(range(len(cases)))
        ax.set_xticklabels(cases, rotation=20, fontsize=7, ha="right")
        ax.set_yscale("log")
        ax.set_ylabel("time [s]")
        ax.set_title(workload, fontsize=10)
        ax.legend(fontsize=6)
    fig.suptitle("heat (C++) against its peers: median time, min-max bars (lower is faster)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def iris(results, base, path):
    demo = results.get("demo")
    if not demo:
        return None
    with open(os.path.join(base, demo["data"])) as f:
        rows = list(csv.reader(f))
    header, X = rows[0], [[float(v) for v in row] for row in rows[1:]]
    with open(os.path.join(base, demo["labels"])) as f:
        labels = [int(float(row[0])) for row in csv.reader(f) if row]
    if len(labels) != len(X):
        raise SystemExit(f"{len(labels)} labels for {len(X)} iris rows")
    k = max(labels) + 1
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, (a, b) in zip(axes, ((0, 1), (2, 3))):
        for c in range(k):
            pts = [x for x, lab in zip(X, labels) if lab == c]
            ax.scatter([p[a] for p in pts], [p[b] for p in pts], s=14, color=f"C{c}", label=f"cluster {c} ({len(pts)})")
            ax.scatter([sum(p[a] for p in pts) / len(pts)], [sum(p[b] for p in pts) / len(pts)], marker="X", s=160,
                       color=f"C{c}", edgecolor="black", linewidth=1.2)
        ax.set_xlabel(header[a].replace("_", " ") + " [cm]")
        ax.set_ylabel(header[b].replace("_", " ") + " [cm]")
    axes[0].legend(fontsize=8)
    fig.suptitle("K-Means (k = 3) on iris at 2 ranks: points by label, centres as crosses")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def from_lines(paths, kind):
    """Records from benchmark JSON lines (sbatch outputs); other lines skipped."""
    records = []
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("{"):
                    continue
                b = json.loads(line)
                size = f"{b['n']}x{b['d']}" if kind == "strong" else f"d={b['d']}"
                extra = f" k={b['k']} {b['type']}" if "k" in b else ""
                for case, s in b["cases"].items():
                    records.append({"kind": kind, "workload": f"{b['benchmark']} {size}{extra}", "case": case,
                                    "ranks": b["ranks"], "heat": s, "peers": {}})
    return {"records": records}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results", nargs="+", help="bench/run.py's results.json, or benchmark JSON-line files")
    p.add_argument("--kind", choices=["strong", "weak"], help="the scaling of JSON-line files")
    p.add_argument("--out", help="folder for the PNGs (default: beside the first file)")
    args = p.parse_args()
    base = os.path.dirname(os.path.abspath(args.results[0]))
    out = args.out or base
    os.makedirs(out, exist_ok=True)
    if args.kind:
        results = from_lines(args.results, args.kind)
    else:
        with open(args.results[0]) as f:
            results = json.load(f)
    records = results["records"]
    made = [scaling(records, "strong", "Strong scaling: the same problem on more ranks",
                    os.path.join(out, "strong_scaling.png")),
            scaling(records, "weak", "Weak scaling: the same rows per rank", os.path.join(out, "weak_scaling.png")),
            peers(records, os.path.join(out, "peers.png")),
            iris(results, base, os.path.join(out, "kmeans_iris.png"))]
    for m in made:
        if m:
            print(f"wrote {m}")


if __name__ == "__main__":
    main()
