#!/usr/bin/env python3
"""Thread scaling: the same cores as ranks or as threads.

Runs bench_expressions, bench_kmeans and bench_lasso (built as a consumer
against a heat configured with Kokkos' OpenMP backend: ./build.sh kokkos
openmp, cmake --install, cmake -S bench) as
  1 rank  x T threads  (OMP_NUM_THREADS=T, OPENBLAS_NUM_THREADS=T, threads bound to cores)
  T ranks x 1 thread   (OMP_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1, ranks bound to cores)
  1 rank  x 1 thread   (the base)
the configurations in turns (the order rotating round by round), and writes the JSON lines
and a Markdown table: per case the median time of each configuration and
speed(1 x T) / speed(T x 1) = time(T x 1) / time(1 x T) (goal >= 0.9).

Usage: bench/threads.py BENCH_DIR OUT_DIR [--threads 2] [--rounds 3] [--quick]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

p = argparse.ArgumentParser()
p.add_argument("bench_dir")
p.add_argument("out")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--quick", action="store_true")
args = p.parse_args()
T = args.threads

if args.quick:
    jobs = [("expressions", ["bench_expressions", "2e6", "3"]),
            ("kmeans 20000x3 f64 k8", ["bench_kmeans", "random:20000:3", "8", "10", "float64", "3"]),
            ("lasso 5000x100", ["bench_lasso", "random:5000:100", "random", "0.01", "1e-4", "3"])]
else:
    jobs = [("expressions", ["bench_expressions", "50e6", "5"]),
            ("kmeans 1000000x3 f64 k8", ["bench_kmeans", "random:1000000:3", "8", "30", "float64", "3"]),
            ("kmeans 200000x50 f32 k16", ["bench_kmeans", "random:200000:50", "16", "30", "float32", "3"]),
            ("lasso 100000x500 (residual)", ["bench_lasso", "random:100000:500", "random", "0.01", "1e-4", "3"]),
            ("lasso 200000x100 (gram)", ["bench_lasso", "random:200000:100", "random", "0.01", "1e-4", "3"])]

configs = {
    f"1x{T}": (1, dict(OMP_NUM_THREADS=str(T), OPENBLAS_NUM_THREADS=str(T), OMP_PROC_BIND="spread",
                       OMP_PLACES="cores"), []),
    f"{T}x1": (T, dict(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1"), ["-bind-to", "core"]),
    "1x1": (1, dict(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1"), []),
}


def run(ranks, env, launcher, argv):
    cmd = ["mpiexec.mpich", *launcher, "-n", str(ranks), os.path.join(args.bench_dir, argv[0]), *argv[1:]]
    out = subprocess.run(cmd, env=dict(os.environ, **env), check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def times(record):
    """case name -> median seconds, from one benchmark's JSON line. a[i] (one
    element, a broadcast at T ranks) says nothing about threads."""
    return {c: v["median_s"] for c, v in record["cases"].items() if c != "a[i]"}


os.makedirs(args.out, exist_ok=True)
raw, medians = [], {}
for name, argv in jobs:
    per = {c: {} for c in configs}
    names = list(configs)
    for r in range(args.rounds):
        # The order turns round by round: whichever runs first after another
        # job meets that job's freed memory being reclaimed.
        for c in names[r % len(names):] + names[:r % len(names)]:
            ranks, env, launcher = configs[c]
            rec = run(ranks, env, launcher, argv)
            raw.append({"job": name, "config": c, "round": r, "record": rec})
            for case, t in times(rec).items():
                per[c].setdefault(case, []).append(t)
        print(f"{name}: round {r + 1} of {args.rounds}", flush=True)
    medians[name] = {c: {case: statistics.median(v) for case, v in cases.items()} for c, cases in per.items()}

with open(os.path.join(args.out, "threads.json"), "w") as f:
    json.dump({"threads": T, "rounds": args.rounds, "runs": raw}, f, indent=1)
meta = raw[0]["record"].get("simd", "?"), raw[0]["record"].get("openblas_core", "?")
lines = [f"Same {T} cores as {T} ranks x 1 thread or 1 rank x {T} threads (Kokkos OpenMP); "
         f"median of {args.rounds} rounds (configurations in turn, order rotating), each a median of the benchmark's repeats. "
         f"SIMD level {meta[0]}, OpenBLAS kernel {meta[1]}.", "",
         f"| benchmark | case | 1x1 | {T}x1 | 1x{T} | time({T}x1) / time(1x{T}) |", "|---|---|---|---|---|---|"]
for name, per in medians.items():
    for case in per[f"1x{T}"]:
        a, b, base = per[f"{T}x1"][case], per[f"1x{T}"][case], per["1x1"][case]
        lines.append(f"| {name} | {case or '-'} | {base * 1e3:.2f} ms | {a * 1e3:.2f} ms | {b * 1e3:.2f} ms | "
                     f"**{a / b:.2f}** |")
with open(os.path.join(args.out, "threads.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
