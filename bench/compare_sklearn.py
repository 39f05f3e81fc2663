#!/usr/bin/python3
"""K-Means and Lasso against scikit-learn (Debian's python3-sklearn) on the
same data in the same run: writes the data sets as .npy files, runs
bench_kmeans / bench_lasso under mpiexec.mpich at each rank count and
scikit-learn with as many threads (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS in
a child process), and prints one JSON line per case with the ratio.

K-Means: 1 000 000 x 3 (k = 8) and 200 000 x 50 (k = 16), float32 and
float64, the first k rows as starting centres, tol 0, 30 iterations (both
libraries stop early only if the labels stop changing); the figure is the
fit time per iteration, against scikit-learn's Lloyd (`ratio`, what the
target names) and its bounded Elkan variant (`ratio_elkan`; ours uses
Hamerly's bounds where they pay, docs/ml.md). Lasso: 100 000 x 500 float64, y from 20 non-zero
coefficients plus noise, lam 0.01, tol 1e-4; the figure is the fit time,
with both objective values.

    bench/compare_sklearn.py [--build build] [--ranks 1 2] [--repeats 3] [--only kmeans|lasso] [--dir /tmp]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

PEER = r"""
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import Lasso
import sklearn
case = json.loads(sys.argv[1])
best = float("inf")
if case["what"] == "kmeans":
    X = np.load(case["X"]).astype(case["type"])
    for _ in range(case["repeats"]):
        t0 = time.perf_counter()
        km = KMeans(n_clusters=case["k"], init=X[:case["k"]], n_init=1, max_iter=case["iters"], tol=0.0,
                    algorithm=case["algorithm"]).fit(X)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"fit_s": best, "n_iter": int(km.n_iter_), "inertia": float(km.inertia_),
                      "version": sklearn.__version__}))
else:
    X, y = np.load(case["X"]), np.load(case["y"])
    for _ in range(case["repeats"]):
        t0 = time.perf_counter()
        m = Lasso(alpha=case["lam"], tol=case["tol"], max_iter=10000).fit(X, y)
        best = min(best, time.perf_counter() - t0)
    r = y - m.predict(X)
    obj = r @ r / (2 * len(y)) + case["lam"] * np.abs(m.coef_).sum()
    print(json.dumps({"fit_s": best, "n_iter": int(m.n_iter_), "objective": float(obj),
                      "version": sklearn.__version__}))
"""


def peer(case, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", PEER, json.dumps(case)], env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def ours(build, ranks, args):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["mpiexec.mpich", "-n", str(ranks), *args], env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--only", choices=["kmeans", "lasso"])
    p.add_argument("--dir", default=tempfile.gettempdir())
    args = p.parse_args()
    rng = np.random.default_rng(0)
    files = []
    if args.only != "lasso":
        for n, d, k in ((1_000_000, 3, 8), (200_000, 50, 16)):
            path = os.path.join(args.dir, f"heat-bench-kmeans-{n}x{d}.npy")
            np.save(path, rng.random((n, d)))
            files.append(path)
            for dtype in ("float32", "float64"):
                for ranks in args.ranks:
                    case = {"what": "kmeans", "X": path, "k": k, "iters": 30, "type": dtype, "repeats": args.repeats,
                            "algorithm": "lloyd"}
                    sk = peer(case, ranks)
                    # scikit-learn's bounded variant, beside the plain Lloyd the target names.
                    elkan = peer(dict(case, algorithm="elkan"), ranks)
                    elkan_iter = 1e3 * elkan["fit_s"] / elkan["n_iter"]
                    me = ours(args.build, ranks, [f"{args.build}/bench/bench_kmeans", path, str(k), "30", dtype,
                                                   str(args.repeats)])
                    sk_iter = 1e3 * sk["fit_s"] / sk["n_iter"]
                    print(json.dumps({"case": f"kmeans {n}x{d} k={k} {dtype}", "ranks": ranks,
                                      "heat_ms_per_iter": me["per_iter_ms"], "sklearn_ms_per_iter": round(sk_iter, 4),
                                      "ratio": round(me["per_iter_ms"] / sk_iter, 3),
                                      "sklearn_elkan_ms_per_iter": round(elkan_iter, 4),
                                      "ratio_elkan": round(me["per_iter_ms"] / elkan_iter, 3), "heat_n_iter": me["n_iter"],
                                      "sklearn_n_iter": sk["n_iter"], "heat_inertia": me["inertia"],
                                      "sklearn_inertia": sk["inertia"], "heat_memory_ratio": me["memory_ratio"],
                                      "arch": me["arch"],
                                      "sklearn": sk["version"]}), flush=True)
    if args.only != "kmeans":
        n, d = 100_000, 500
        X = rng.standard_normal((n, d))
        w = np.zeros(d)
        w[rng.choice(d, 20, replace=False)] = rng.standard_normal(20) * 3
        y = X @ w + 0.5 * rng.standard_normal(n)
        xp, yp = os.path.join(args.dir, "heat-bench-lasso-X.npy"), os.path.join(args.dir, "heat-bench-lasso-y.npy")
        np.save(xp, X)
        np.save(yp, y)
        files += [xp, yp]
        del X
        for ranks in args.ranks:
            case = {"what": "lasso", "X": xp, "y": yp, "lam": 0.01, "tol": 1e-4, "repeats": args.repeats}
            sk = peer(case, ranks)
            me = ours(args.build, ranks, [f"{args.build}/bench/bench_lasso", xp, yp, "0.01", "1e-4",
                                          str(args.repeats)])
            print(json.dumps({"case": f"lasso {n}x{d}", "ranks": ranks, "heat_s": me["fit_s"],
                              "sklearn_s": round(sk["fit_s"], 4), "ratio": round(me["fit_s"] / sk["fit_s"], 3),
                              "heat_objective": me["objective"], "sklearn_objective": sk["objective"],
                              "heat_memory_ratio": me["memory_ratio"], "heat_solver": me["solver"], "heat_sweeps": me["n_iter"], "sklearn_n_iter": sk["n_iter"],
                              "openblas_core": me["openblas_core"], "sklearn": sk["version"]}), flush=True)
    for f in files:
        os.remove(f)


if __name__ == "__main__":
    main()
