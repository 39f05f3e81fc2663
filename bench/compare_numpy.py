#!/usr/bin/python3
"""Runs bench_expressions at the given rank counts and NumPy on the same
expressions and sizes in the same run; prints one JSON line per rank count
with both times and our speed-up over NumPy (one process, Debian's numpy).

    bench/compare_numpy.py [--build build] [--elements 50e6] [--ranks 1 2] [--repeats 5]
"""
import argparse
import json
import subprocess
import time

import numpy as np


def best(f, repeats):
    t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t


def numpy_times(n, repeats, cols=8):
    a = np.linspace(1, 2, n)
    b = np.linspace(0.5, 1.5, n)
    r = np.empty_like(a)
    m = np.ones((n // cols, cols)) * 1.5
    return {
        "r=a*b+2*sqrt(a)": best(lambda: np.add(a * b, 2.0 * np.sqrt(a), out=r), repeats),
        "sum(a*b)": best(lambda: np.sum(a * b), repeats),
        "mean(m,0)": best(lambda: m.mean(axis=0), repeats),
        "var(a)": best(lambda: a.var(), repeats),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--elements", type=float, default=50e6)
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    n = int(args.elements)
    peer = numpy_times(n, args.repeats)
    for ranks in args.ranks:
        out = subprocess.run(["mpiexec.mpich", "-n", str(ranks), f"{args.build}/bench/bench_expressions", str(n),
                              str(args.repeats)], check=True, capture_output=True, text=True).stdout
        ours = json.loads(out)
        report = {"ranks": ranks, "elements": n, "arch": ours["arch"], "numpy": np.__version__}
        for name, t_numpy in peer.items():
            t_ours = ours[name]["seconds"]
            report[name] = {"heat_s": t_ours, "numpy_s": round(t_numpy, 6), "speedup": round(t_numpy / t_ours, 2),
                            "ratio_to_triad": ours[name]["ratio"]}
        print(json.dumps(report))


if __name__ == "__main__":
    main()
