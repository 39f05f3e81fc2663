#!/usr/bin/python3
"""The benchmark driver: runs every benchmark executable (bench/*.cpp, built
in Release by `./build.sh bench`, which then calls this script) at each rank
count under mpiexec.mpich, and the peers on the same data in the same run:

- numpy: NumPy (with SciPy's cdist and h5py) for elementwise work,
  reductions, matmul, cdist, copy, sort, NPY and HDF5 I/O;
- scikit-learn: KMeans (Lloyd, and Elkan beside it) and Lasso;
- heat-python: the Python HeAT, under the mpiexec of its mpi4py's MPI at
  the same rank count, when `import heat` works; otherwise a line says it
  was skipped. At most 3 repeats and 15 minutes per workload and rank count
  (its Lasso takes a minute per fit at the default size); a failure or a
  timeout is that workload's error line, not a failed run.

A peer runs at rank count p with p threads (OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS in its process): the same cores as our p ranks.
Every figure is the median of `--repeats` timed runs in one process, with
the fastest and slowest beside it. Also runs weak scaling of K-Means and
Lasso (random:N:D inputs, a fixed number of rows per rank) and the demo
(K-Means on iris at 2 ranks, its labels kept for bench/plot.py's picture).

Writes OUT/results.json (every record), OUT/summary.md (the ratios: our
median time over the peer's, below 1 means faster) and, through
bench/plot.py, the PNG plots.

Our figures come from the benchmark binaries in --bench-dir: those of a
consumer project built as users build (./build.sh bench: bench/ configured
against the installed heat at default flags, the kernels' instruction set
chosen at run time, recorded as "simd"). With --march-dir, every case runs
once more from a -march=x86-64-v3 build (the extra column "-march").

    bench/run.py [--build build] [--bench-dir DIR] [--march-dir DIR] [--out DIR] [--ranks 1 2] [--repeats 5]
                 [--quick] [--only NAME ...]
"""
import argparse
import collections
import datetime
import importlib.util
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ESTIMATORS = ("dbscan", "pca", "batch", "spectral", "gnb", "scaler", "knn")

# The workloads: the executable's arguments and each peer's description of
# the same work; `sizes` holds the default and the --quick sizes.
SIZES = {
    "default": dict(elements=50_000_000, matmul=4000, cdist_rows=200_000, resplit=4000, sort=10_000_000, io_mb=1024,
                    kmeans=[(1_000_000, 3, 8), (200_000, 50, 16)], kmeans_iters=30, lasso=(100_000, 500),
                    weak_kmeans=(200_000, 50, 16), weak_lasso=(50_000, 500),
                    dbscan=(200_000, 3, 0.5, 10), pca=(1_000_000, 100, 10), batch=(1_000_000, 3, 8),
                    spectral=(20_000, 10, 5, 0.05), gnb=(1_000_000, 50, 10), scaler=(10_000_000, 10),
                    knn=(100_000, 50, 10_000, 5), statistics=(10_000_000, 1_000_000, 2000)),
    "quick": dict(elements=1_000_000, matmul=300, cdist_rows=2000, resplit=400, sort=100_000, io_mb=16,
                  kmeans=[(20_000, 3, 8), (5000, 50, 16)], kmeans_iters=10, lasso=(2000, 50),
                  weak_kmeans=(5000, 20, 8), weak_lasso=(2000, 50),
                  dbscan=(5000, 3, 0.5, 10), pca=(20_000, 20, 5), batch=(20_000, 3, 8), spectral=(1000, 10, 5, 0.05),
                  gnb=(20_000, 20, 5), scaler=(200_000, 5), knn=(5000, 20, 500, 5), statistics=(200_000, 20_000, 200)),
}
# The estimators of bench_estimators: at most this many repeats, and one of
# scikit-learn's spectral clustering (two and a half minutes at the default size).
ESTIMATOR_REPEATS = 3

PEER = r"""
import json, os, statistics, sys, time
import numpy as np
job = json.loads(sys.argv[1])
ESTIMATORS = ("dbscan", "pca", "batch", "spectral", "gnb", "scaler", "knn")
reps = job["repeats"]

def timed(f, per=1):
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append((time.perf_counter() - t0) / per)
    return {"median_s": statistics.median(t), "min_s": min(t), "max_s": max(t)}

w, out, version = job["what"], {}, None
if w == "expressions":
    n = job["elements"]
    a, b = np.linspace(1, 2, n), np.linspace(0.5, 1.5, n)
    r, m = np.empty_like(a), np.ones((n // 8, 8)) * 1.5
    out["r=a*b+2*sqrt(a)"] = timed(lambda: np.add(a * b, 2.0 * np.sqrt(a), out=r))
    out["sum(a*b)"] = timed(lambda: np.sum(a * b))
    out["mean(m,0)"] = timed(lambda: m.mean(axis=0))
    out["var(a)"] = timed(lambda: a.var())
    idx = [i * (n // 1000) for i in range(1000)]
    out["a[i]"] = timed(lambda: [a[i] for i in idx], per=1000)
elif w == "matmul":
    from scipy.spatial.distance import cdist
    rng = np.random.default_rng(0)
    n = job["n"]
    a, b = rng.random((n, n)), rng.random((n, n))
    out["matmul"] = timed(lambda: a @ b)
    del a, b
    x, y = rng.random((job["cdist_rows"], 50)), rng.random((1000, 50))
    out["cdist"] = timed(lambda: cdist(x, y))
elif w == "resplit":
    n = job["n"]
    a = np.arange(n * n, dtype=np.float64).reshape(n, n)
    out["copy"] = timed(lambda: np.copy(a))
elif w == "sort":
    x = np.random.default_rng(0).random(job["elements"])
    out["sort"] = timed(lambda: np.sort(x))
    out["argsort"] = timed(lambda: np.argsort(x))
elif w == "io":
    import h5py
    rows = int(job["mb"] * 1e6 / 8 / 16)
    x = np.random.default_rng(0).random((rows, 16))
    path = os.path.join(job["dir"], "heat-bench-peer-io")
    out["save_npy"] = timed(lambda: np.save(path + ".npy", x))
    out["load_npy"] = timed(lambda: np.load(path + ".npy"))
    os.remove(path + ".npy")
    def h5_write():
        with h5py.File(path + ".h5", "w") as f:
            f.create_dataset("data", data=x)
    def h5_read():
        with h5py.File(path + ".h5", "r") as f:
            f["data"][...]
    out["save_hdf5"] = timed(h5_write)
    out["load_hdf5"] = timed(h5_read)
    os.remove(path + ".h5")
    version = np.__version__ + ", h5py " + h5py.__version__
elif w == "statistics":
    rng = np.random.default_rng(0)
    x, X, q = rng.random(job["elements"]), rng.random((job["rows"], 10)), [5, 50, 95]
    out["median(x)"] = timed(lambda: np.median(x))
    out["percentile(x,[5,50,95])"] = timed(lambda: np.percentile(x, q))
    out["percentile(X,[5,50,95],0)"] = timed(lambda: np.percentile(X, q, axis=0))
    Y = rng.random((max(job["rows"] // 10, 50), 50))
    out["svd(Y)"] = timed(lambda: np.linalg.svd(Y, full_matrices=False))
    # NumPy has no truncated SVD: its thin SVD, truncated to rank 10.
    out["hsvd_rank(Y,10)"] = timed(lambda: np.linalg.svd(Y, full_matrices=False)[1][:10])
    m = job["cg_n"]
    i = np.arange(m, dtype=np.float64)
    A, b = 1.0 / (1.0 + np.abs(i[:, None] - i[None, :])) + 2.0 * np.eye(m), np.ones(m)
    def cg():  # HeAT's loop (heat/linalg/cg.hpp), in NumPy
        x = np.zeros(m)
        r = b - A @ x
        p, rs = r.copy(), r @ r
        for it in range(m):
            Ap = A @ p
            alpha = rs / (p @ Ap)
            x, r = x + alpha * p, r - alpha * Ap
            rs_new = r @ r
            if np.sqrt(rs_new) < 1e-10:
                return it + 1
            p, rs = r + (rs_new / rs) * p, rs_new
        return m
    out["cg"] = timed(cg)
    out["cg"]["iterations"] = cg()
elif w == "kmeans":
    from sklearn.cluster import KMeans
    X = np.load(job["X"]).astype(job["type"])
    k = job["k"]
    km = KMeans(n_clusters=k, init=X[:k], n_init=1, max_iter=job["iters"], tol=0.0, algorithm=job["algorithm"])
    out["fit"] = timed(lambda: km.fit(X))
    out["fit"].update(n_iter=int(km.n_iter_), inertia=float(km.inertia_))
elif w == "lasso":
    from sklearn.linear_model import Lasso
    X, y = np.load(job["X"]), np.load(job["y"])
    m = Lasso(alpha=job["lam"], tol=job["tol"], max_iter=10000)
    out["fit"] = timed(lambda: m.fit(X, y))
    res = y - m.predict(X)
    out["fit"]["objective"] = float(res @ res / (2 * len(y)) + job["lam"] * np.abs(m.coef_).sum())
elif w == "dbscan":
    from sklearn.cluster import DBSCAN
    X = np.load(job["X"])
    m = DBSCAN(eps=job["eps"], min_samples=job["min_samples"])
    out["fit"] = timed(lambda: m.fit(X))
    out["fit"].update(n_clusters=int(m.labels_.max() + 1), noise=int((m.labels_ == -1).sum()))
elif w == "pca":
    from sklearn.decomposition import PCA
    X = np.load(job["X"])
    import sklearn
    solver = job.get("solver", "full")
    if solver == "covariance_eigh" and tuple(int(v) for v in sklearn.__version__.split(".")[:2]) < (1, 5):
        solver = "full"  # scikit-learn before 1.5 has no covariance_eigh
    m = PCA(n_components=job["k"], svd_solver=solver)
    out["fit"] = timed(lambda: m.fit(X))
    out["fit"]["explained_variance_0"] = float(m.explained_variance_[0])
    out["fit"]["svd_solver"] = solver
elif w == "batch":
    from sklearn.cluster import KMeans
    X = np.load(job["X"])
    m = KMeans(n_clusters=job["k"], n_init=1, random_state=0)
    out["fit"] = timed(lambda: m.fit(X))
    out["fit"]["full_inertia"] = float(m.inertia_)
elif w == "spectral":
    from sklearn.cluster import SpectralClustering
    X = np.load(job["X"])
    m = SpectralClustering(n_clusters=job["k"], gamma=job["gamma"], random_state=0)
    out["fit"] = timed(lambda: m.fit(X))
    out["fit"]["labels"] = "".join(map(str, m.labels_))
elif w == "gnb":
    from sklearn.naive_bayes import GaussianNB
    X, y = np.load(job["X"]), np.load(job["y"])
    m = GaussianNB()
    out["fit"] = timed(lambda: m.fit(X, y))
    out["fit"].update(theta_00=float(m.theta_[0, 0]), accuracy=float((m.predict(X) == y).mean()))
elif w == "scaler":
    from sklearn import preprocessing
    X = np.load(job["X"])
    kind = job["scaler"]
    m = {"standard": preprocessing.StandardScaler, "minmax": preprocessing.MinMaxScaler,
         "robust": preprocessing.RobustScaler}[kind]()
    out["fit"] = timed(lambda: m.fit_transform(X))
    out["fit"]["attr0"] = float(m.data_range_[0] if kind == "minmax" else m.scale_[0])
elif w == "knn":
    from sklearn.neighbors import KNeighborsClassifier
    X, y, Q = np.load(job["X"]), np.load(job["y"]), np.load(job["Q"])
    m = KNeighborsClassifier(n_neighbors=job["k"])
    out["fit"] = timed(lambda: m.fit(X, y).predict(Q))
    p = m.predict(Q)
    out["fit"]["checksum"] = int((p * np.arange(1, len(p) + 1)).sum())
if version is None:
    import importlib
    version = importlib.import_module("sklearn" if w in ESTIMATORS + ("kmeans", "lasso") else "numpy").__version__
print(json.dumps({"cases": out, "version": version}))
"""

# The Python HeAT on the same work, under mpiexec (rank 0 prints). Each case
# is guarded: an API difference in the installed HeAT shows as that case's
# error in the results, not as a failed run.
HEAT_PEER = r"""
import json, statistics, sys, time
import numpy as np
import heat as ht
job = json.loads(sys.argv[1])
reps, comm, f64 = job["repeats"], ht.MPICommunication(), ht.float64
out, errors = {}, {}
if comm.size != job["ranks"]:  # a launcher of another MPI: one-rank copies
    errors["all"] = f"{comm.size} ranks, expected {job['ranks']}"
    job["what"] = None

def timed(name, f, per=1):
    try:
        t = []
        for _ in range(reps):
            comm.Barrier()
            t0 = time.perf_counter()
            f()
            comm.Barrier()
            t.append((time.perf_counter() - t0) / per)
        out[name] = {"median_s": statistics.median(t), "min_s": min(t), "max_s": max(t)}
    except Exception as e:
        errors[name] = repr(e)

def rows(a):
    lo = a.shape[0] * comm.rank // comm.size
    hi = a.shape[0] * (comm.rank + 1) // comm.size
    return ht.array(np.ascontiguousarray(a[lo:hi]), is_split=0)

def run(w):
    if w == "expressions":
        n = job["elements"]
        # HeAT's factories make float32 unless told.
        a, b = ht.linspace(1, 2, n, split=0, dtype=f64), ht.linspace(0.5, 1.5, n, split=0, dtype=f64)
        m = ht.ones((n // 8, 8), split=0, dtype=f64) * 1.5
        timed("r=a*b+2*sqrt(a)", lambda: a * b + 2.0 * ht.sqrt(a))
        timed("sum(a*b)", lambda: ht.sum(a * b).item())
        timed("mean(m,0)", lambda: ht.mean(m, axis=0))
        timed("var(a)", lambda: ht.var(a).item())
        # Ten elements: HeAT's a[i] takes 0.6 s at np 2 with n = 5e7 (15 us at np 1).
        timed("a[i]", lambda: [a[i * (n // 10)].item() for i in range(10)], per=10)
    elif w == "matmul":
        n = job["n"]
        for name, sa, sb in (("matmul(0,none)", 0, None), ("matmul(0,0)", 0, 0), ("matmul(0,1)", 0, 1)):
            a, b = ht.random.rand(n, n, split=sa, dtype=f64), ht.random.rand(n, n, split=sb, dtype=f64)
            timed(name, lambda: ht.matmul(a, b))
        x, y = ht.random.rand(job["cdist_rows"], 50, split=0, dtype=f64), ht.random.rand(1000, 50, dtype=f64)
        timed("cdist", lambda: ht.spatial.cdist(x, y))
    elif w == "resplit":
        n = job["n"]
        a = rows(np.arange(n * n, dtype=np.float64).reshape(n, n))
        timed("copy", lambda: a.copy())
        timed("resplit(0->1)", lambda: ht.resplit(a, 1))
        b = ht.resplit(a, 1)
        timed("resplit(1->0)", lambda: ht.resplit(b, 0))
        timed("resplit(0->none)", lambda: ht.resplit(a, None))
    elif w == "sort":
        x = ht.random.rand(job["elements"], split=0, dtype=f64)
        timed("sort", lambda: ht.sort(x))
    elif w == "statistics":
        x = ht.random.rand(job["elements"], split=0, dtype=f64)
        X = ht.random.rand(job["rows"], 10, split=0, dtype=f64)
        timed("median(x)", lambda: ht.median(x))
        timed("percentile(x,[5,50,95])", lambda: ht.percentile(x, [5, 50, 95]))
        timed("percentile(X,[5,50,95],0)", lambda: ht.percentile(X, [5, 50, 95], axis=0))
        Y = ht.random.rand(max(job["rows"] // 10, 50), 50, split=0, dtype=f64)
        timed("hsvd_rank(Y,10)", lambda: ht.linalg.hsvd_rank(Y, 10))
        m = job["cg_n"]
        i = np.arange(m, dtype=np.float64)
        A = rows(1.0 / (1.0 + np.abs(i[:, None] - i[None, :])) + 2.0 * np.eye(m))
        b = ht.ones(m, split=0, dtype=f64)
        timed("cg", lambda: ht.linalg.cg(A, b, ht.zeros(m, split=0, dtype=f64)))
    elif w == "kmeans":
        X = np.load(job["X"], mmap_mode="r")
        Xh = rows(X).astype(ht.float32 if job["type"] == "float32" else ht.float64)
        # Random starts: HeAT 1.4 compares init with strings, which raises for
        # a DNDarray of centres; the ratio is per iteration, which the start
        # barely changes.
        km = ht.cluster.KMeans(n_clusters=job["k"], init="random", max_iter=job["iters"], tol=0.0, random_state=0)
        timed("fit", lambda: km.fit(Xh))
        if "fit" in out:
            out["fit"]["n_iter"] = int(km.n_iter_)
    elif w == "lasso":
        X, y = rows(np.load(job["X"], mmap_mode="r")), rows(np.load(job["y"], mmap_mode="r").reshape(-1, 1))
        m = ht.regression.Lasso(lam=job["lam"], max_iter=10000, tol=job["tol"])
        timed("fit", lambda: m.fit(X, y))
        if "fit" in out:
            out["fit"]["n_iter"] = int(m.n_iter)
    elif w in ("dbscan", "pca", "batch", "spectral", "gnb", "scaler", "knn"):
        estimator(w)

# bench_estimators' fits in HeAT (1.5: PCA's svd_solver 'full' is its
# tall-skinny SVD; it has no DBSCAN and no covariance_eigh).
def estimator(w):
    if w == "dbscan" or (w == "pca" and job["solver"] != "full"):
        errors["fit"] = "HeAT has no DBSCAN" if w == "dbscan" else f"HeAT's PCA has no svd_solver {job['solver']}"
        return
    X = rows(np.load(job["X"], mmap_mode="r"))
    if w == "pca":
        import heat.decomposition  # 1.5 has it (not imported by heat); 1.4 has none: this case's error
        m = ht.decomposition.PCA(n_components=job["k"], svd_solver="full")
        timed("fit", lambda: m.fit(X))
    elif w == "batch":
        m = ht.cluster.BatchParallelKMeans(n_clusters=job["k"], random_state=0)
        timed("fit", lambda: m.fit(X))
    elif w == "spectral":
        m = ht.cluster.Spectral(n_clusters=job["k"], gamma=job["gamma"], metric="rbf",
                                laplacian="fully_connected", n_lanczos=300)
        timed("fit", lambda: m.fit(X))
    elif w == "gnb":
        y = rows(np.load(job["y"]))
        m = ht.naive_bayes.GaussianNB()
        timed("fit", lambda: m.fit(X, y))
    elif w == "scaler":
        pp = ht.preprocessing
        m = {"standard": pp.StandardScaler, "minmax": pp.MinMaxScaler, "robust": pp.RobustScaler}[job["scaler"]]()
        timed("fit", lambda: m.fit_transform(X))
    elif w == "knn":
        y, Q = rows(np.load(job["y"])), rows(np.load(job["Q"]))
        m = ht.classification.KNeighborsClassifier(n_neighbors=job["k"])
        timed("fit", lambda: (m.fit(X, y), m.predict(Q)))

try:
    run(job["what"])
except Exception as e:  # setting up the workload failed
    errors["setup"] = repr(e)
if comm.rank == 0:
    print(json.dumps({"cases": out, "errors": errors, "version": ht.__version__}))
"""


def ratio_text(r):
    """Two decimals, or two significant digits below 0.1 (the Python HeAT's ratios)."""
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"


def stats_text(s):
    """median [min-max] in the median's unit."""
    unit, scale = ("s", 1) if s["median_s"] >= 1 else ("ms", 1e3) if s["median_s"] >= 1e-3 else ("us", 1e6)
    num = lambda v: f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.3g}"
    return f"{num(s['median_s'] * scale)} [{num(s['min_s'] * scale)}-{num(s['max_s'] * scale)}] {unit}"


def core_speeds():
    """Each core's speed over the fastest one's: a pure-Python loop pinned to
    it, best of three. A shared VM's cores can differ (on the two-core
    machine of docs/perf/dbscan one ran a third slower than the other): the
    slowest rank sets the pace, so a speed-up over np = 1 that ran on the
    fast core is bounded by it. Empty where affinity cannot be set."""
    if not hasattr(os, "sched_setaffinity"):
        return {}
    cores, times = sorted(os.sched_getaffinity(0)), {}
    try:
        for c in cores:
            os.sched_setaffinity(0, {c})
            best = float("inf")
            for _ in range(3):
                t0, s = time.perf_counter(), 0
                for i in range(2_000_000):
                    s += i
                best = min(best, time.perf_counter() - t0)
            times[c] = best
    finally:
        os.sched_setaffinity(0, set(cores))
    fastest = min(times.values())
    return {c: fastest / t for c, t in times.items()}


class Driver:
    def __init__(self, args):
        self.args = args
        self.size = SIZES["quick" if args.quick else "default"]
        self.records = []
        self.versions = {}
        self.core_speeds = core_speeds()
        print("core speeds over the fastest: " + ", ".join(f"cpu{c} {v:.2f}" for c, v in self.core_speeds.items()),
              flush=True)
        self.heat_python = self.find_heat_python()

    def find_heat_python(self):
        """The launcher for the Python HeAT (that of the MPI its mpi4py was
        built with: mpiexec.mpich would start N one-rank copies of an Open MPI
        mpi4py), or None, with a line saying why it is skipped."""
        probe = subprocess.run([sys.executable, "-c", "import heat, mpi4py.MPI as m; print(m.Get_library_version())"],
                               capture_output=True, text=True)
        reason = (probe.stderr.strip().splitlines() or ["import heat failed"])[-1]
        launcher = None
        if probe.returncode == 0:
            mpi = probe.stdout.strip().splitlines()[0]
            launcher = (["mpiexec.openmpi", "--oversubscribe"] if "Open MPI" in mpi
                        else ["mpiexec.mpich"] if "MPICH" in mpi else ["mpiexec"])
            reason = f"{launcher[0]} (for {mpi}) not found"
        if launcher and shutil.which(launcher[0]):
            print(f"peer heat-python: found (import heat works; {launcher[0]})", flush=True)
            return launcher
        self.versions["heat-python"] = f"skipped: {reason}"
        print(f"peer heat-python: skipped ({reason})", flush=True)
        return None

    def ours(self, ranks, exe, *argv, folder=None):
        path = os.path.join(folder or self.args.bench_dir, exe)
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: build the benchmarks first (./build.sh bench)")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        out = subprocess.run(["mpiexec.mpich", "-n", str(ranks), path, *map(str, argv)], env=env, check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)

    def peer(self, name, job, ranks):
        heat = name == "heat-python"
        repeats = min(self.args.repeats, job.get("max_repeats", self.args.repeats))
        job = dict(job, repeats=min(repeats, 3) if heat else repeats, dir=self.args.data)
        env = dict(os.environ, OMP_NUM_THREADS=str(ranks), OPENBLAS_NUM_THREADS=str(ranks))
        if heat:
            cmd = [*self.heat_python, "-n", str(ranks), sys.executable, "-c", HEAT_PEER, json.dumps(dict(job, ranks=ranks))]
            env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", OMPI_ALLOW_RUN_AS_ROOT="1",
                       OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        else:
            cmd = [sys.executable, "-c", PEER, json.dumps(job)]
        # On a timeout, SIGTERM to the launcher ends its ranks (mpiexec.openmpi's
        # do not share its process group); then SIGKILL to the group.
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            run = subprocess.CompletedProcess(cmd, 0, *proc.communicate(timeout=900 if heat else None))
            run.returncode = proc.returncode
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
            run = subprocess.CompletedProcess(cmd, 1, "", "timed out after 900 s")
        line = next((t for t in run.stdout.splitlines() if t.startswith("{")), None)
        if run.returncode != 0 or line is None:
            if not heat:  # the required peers must run
                sys.exit(f"peer {name} failed on {job['what']}:\n{run.stderr}")
            out = {"cases": {}, "errors": {"run": (run.stderr.strip().splitlines() or [f"exit {run.returncode}"])[-1]}}
        else:
            out = json.loads(line)
        self.versions.setdefault(name, out.get("version"))
        for case, error in out.get("errors", {}).items():
            print(f"  {name} {job['what']} {case}: failed ({error})", flush=True)
        return out

    def strong(self, workload, ranks, exe, argv, peers, names=None, per_iter=False, label=None):
        """One benchmark at one rank count and its peers; a record per case.
        peers: {peer: job}; names: our case -> the case a peer names otherwise
        (NumPy has one matmul for our three layouts); label: the record's case
        name where the benchmark has one case (K-Means' and Lasso's sizes)."""
        me = self.ours(ranks, exe, *argv)
        march = self.ours(ranks, exe, *argv, folder=self.args.march_dir) if self.args.march_dir else None
        theirs = {p: self.peer(p, job, ranks) for p, job in peers.items()}
        for case, s in me["cases"].items():
            rec = {"kind": "strong", "workload": workload, "case": label or case, "ranks": ranks,
                   "heat": s, "params": {k: v for k, v in me.items() if k not in ("cases", "references")},
                   "references": me.get("references", {}), "peers": {}, "ratio": {}}
            if march and case in march["cases"]:
                ms = march["cases"][case]
                rec["march"] = dict(ms, arch=march["arch"], simd=march["simd"])
                rec["default_over_march"] = (s["median_s"] / ms["median_s"] * march["n_iter"] / me["n_iter"] if per_iter
                                             else s["median_s"] / ms["median_s"])
            for p, out in theirs.items():
                ps = out["cases"].get(case) or out["cases"].get((names or {}).get(case))
                if ps is None:
                    continue
                rec["peers"][p] = ps
                ours_t, theirs_t = s["median_s"], ps["median_s"]
                if per_iter:  # both stop early only if the labels stop changing
                    ours_t, theirs_t = ours_t / me["n_iter"], theirs_t / ps["n_iter"]
                rec["ratio"][p] = ours_t / theirs_t
            self.records.append(rec)
            ratios = ", ".join(f"{p} {r:.3g}" for p, r in rec["ratio"].items()) or "no peer"
            if "march" in rec:
                ratios += f"; default/-march {rec['default_over_march']:.3g}"
            print(f"{workload:>12} {rec['case']:>26} np={ranks}: {stats_text(s)}  ratio: {ratios}", flush=True)

    def verify(self):
        """Fails the run (exit 1) unless every case has a figure at every rank
        count, and K-Means and Lasso reached the peers' answers (the same
        start and iterations: inertia within 1e-4; Lasso's objective within
        1e-3, both solvers stopping at tol 1e-4)."""
        problems = []
        cases = {(r["kind"], r["workload"], r["case"]) for r in self.records}
        for kind, workload, case in sorted(cases):
            got = sorted(r["ranks"] for r in self.records if (r["kind"], r["workload"], r["case"]) == (kind, workload, case))
            if got != sorted(self.args.ranks):
                problems.append(f"{workload} {case}: figures at ranks {got}, expected {sorted(self.args.ranks)}")
        for r in self.records:
            if not r["heat"]["median_s"] > 0:
                problems.append(f"{r['workload']} {r['case']} np={r['ranks']}: time {r['heat']['median_s']}")
            for p, s in r["peers"].items():
                for key, tol in (("inertia", 1e-4), ("objective", 1e-3)):
                    if key in s and p != "heat-python" and abs(r["params"][key] - s[key]) > tol * abs(s[key]):
                        problems.append(f"{r['workload']} {r['case']} np={r['ranks']}: {key} {r['params'][key]} "
                                        f"against {p}'s {s[key]}")
            if r["workload"] in ESTIMATORS and "scikit-learn" in r["peers"]:
                problems += self.estimator_problems(r)
        for line in problems:
            print(f"FAILED: {line}", flush=True)
        return not problems

    @staticmethod
    def estimator_problems(r):
        """The estimators reached scikit-learn's answer: DBSCAN its clusters and
        noise rows, PCA its first explained variance (1e-8), spectral its
        labels up to renumbering (adjusted Rand index 1), GaussianNB its first
        mean (1e-8) and training accuracy, a scaler its first scale (1e-8), kNN
        its predictions (a checksum)."""
        ours, theirs, at = r["params"], r["peers"]["scikit-learn"], f"{r['workload']} {r['case']} np={r['ranks']}"
        if r["workload"] == "dbscan" and (ours["n_clusters"], ours["noise"]) != (theirs["n_clusters"], theirs["noise"]):
            return [f"{at}: {ours['n_clusters']} clusters, {ours['noise']} noise; scikit-learn "
                    f"{theirs['n_clusters']}, {theirs['noise']}"]
        if r["workload"] == "pca" and abs(ours["explained_variance_0"] - theirs["explained_variance_0"]) > \
                1e-8 * theirs["explained_variance_0"]:
            return [f"{at}: explained variance {ours['explained_variance_0']} against {theirs['explained_variance_0']}"]
        if r["workload"] == "spectral" and ours.get("ari") != 1.0:
            return [f"{at}: adjusted Rand index {ours.get('ari')} against scikit-learn's labels"]
        if r["workload"] == "gnb" and (abs(ours["theta_00"] - theirs["theta_00"]) > 1e-8 * abs(theirs["theta_00"]) or
                                       ours["accuracy"] != theirs["accuracy"]):
            return [f"{at}: theta[0, 0] {ours['theta_00']}, accuracy {ours['accuracy']}; scikit-learn "
                    f"{theirs['theta_00']}, {theirs['accuracy']}"]
        if r["workload"] == "knn" and ours["checksum"] != theirs["checksum"]:
            return [f"{at}: prediction checksum {ours['checksum']} against {theirs['checksum']}"]
        if r["workload"] == "scaler" and abs(ours["attr0"] - theirs["attr0"]) > 1e-8 * abs(theirs["attr0"]):
            return [f"{at}: first scale {ours['attr0']} against {theirs['attr0']}"]
        return []

    def with_heat(self, peers, job):
        return dict(peers, **({"heat-python": job} if self.heat_python else {}))

    def run(self):
        z, only = self.size, self.args.only
        want = lambda name: not only or name in only
        for p in self.args.ranks:
            if want("expressions"):
                job = {"what": "expressions", "elements": z["elements"]}
                self.strong("expressions", p, "bench_expressions", [z["elements"], self.args.repeats],
                            self.with_heat({"numpy": job}, job))
            if want("matmul"):
                job = {"what": "matmul", "n": z["matmul"], "cdist_rows": z["cdist_rows"]}
                names = {"matmul(0,none)": "matmul", "matmul(0,0)": "matmul", "matmul(0,1)": "matmul"}
                self.strong(f"matmul {z['matmul']}", p, "bench_matmul", [z["matmul"], self.args.repeats, z["cdist_rows"]],
                            self.with_heat({"numpy": job}, job), names)
            if want("resplit"):
                job = {"what": "resplit", "n": z["resplit"]}
                self.strong(f"resplit {z['resplit']}", p, "bench_resplit", [z["resplit"], self.args.repeats],
                            self.with_heat({"numpy": job}, job))
            if want("sort"):
                job = {"what": "sort", "elements": z["sort"]}
                self.strong("sort", p, "bench_sort", [z["sort"], self.args.repeats], self.with_heat({"numpy": job}, job))
            if want("statistics"):
                n, rows, m = z["statistics"]
                job = {"what": "statistics", "elements": n, "rows": rows, "cg_n": m}
                self.strong("statistics", p, "bench_statistics", [n, rows, m, self.args.repeats],
                            self.with_heat({"numpy": job}, job))
            if want("io"):
                self.strong(f"io {z['io_mb']} MB", p, "bench_io", [z["io_mb"], self.args.repeats, self.args.data],
                            {"numpy": {"what": "io", "mb": z["io_mb"]}})
        if want("kmeans") or want("lasso"):
            self.ml()
        if any(want(e) for e in ESTIMATORS):
            self.estimators()
        if want("weak"):
            self.weak()
        if want("demo"):
            self.demo()

    def ml(self):
        import numpy as np  # Debian's python3-numpy (./build.sh bench installs it)
        z, rng, only = self.size, np.random.default_rng(0), self.args.only
        files = []
        if not only or "kmeans" in only:
            for n, d, k in z["kmeans"]:
                path = os.path.join(self.args.data, f"heat-bench-kmeans-{n}x{d}.npy")
                np.save(path, rng.random((n, d)))
                files.append(path)
                for dtype in ("float32", "float64"):
                    for p in self.args.ranks:
                        job = {"what": "kmeans", "X": path, "k": k, "iters": z["kmeans_iters"], "type": dtype,
                               "algorithm": "lloyd"}
                        self.strong("kmeans", p, "bench_kmeans", [path, k, z["kmeans_iters"], dtype, self.args.repeats],
                                    self.with_heat({"scikit-learn": job, "scikit-learn-elkan": dict(job, algorithm="elkan")},
                                                   job), per_iter=True, label=f"{n}x{d} k{k} {dtype}")
        if not only or "lasso" in only:
            n, d = z["lasso"]
            X = rng.standard_normal((n, d))
            w = np.zeros(d)
            w[rng.choice(d, 20, replace=False)] = rng.standard_normal(20) * 3
            y = X @ w + 0.5 * rng.standard_normal(n)
            xp, yp = (os.path.join(self.args.data, f"heat-bench-lasso-{v}.npy") for v in ("X", "y"))
            np.save(xp, X)
            np.save(yp, y)
            files += [xp, yp]
            del X
            for p in self.args.ranks:
                job = {"what": "lasso", "X": xp, "y": yp, "lam": 0.01, "tol": 1e-4}
                self.strong("lasso", p, "bench_lasso", [xp, yp, 0.01, 1e-4, self.args.repeats],
                            self.with_heat({"scikit-learn": job}, job), label=f"{n}x{d}")
        for f in files:
            os.remove(f)

    def estimators(self):
        """DBSCAN (blobs in 3-D with 5 % uniform noise), PCA (uniform values
        with a few strong directions), batch-parallel K-Means and spectral
        clustering (blobs) against scikit-learn (no Python HeAT: its DBSCAN
        does not exist, and its others are skipped with it when missing)."""
        import numpy as np
        from sklearn.datasets import make_blobs
        from sklearn.metrics import adjusted_rand_score
        z, only, rng = self.size, self.args.only, np.random.default_rng(1)
        runs = []
        if not only or "dbscan" in only:
            n, d, eps, m = z["dbscan"]
            X, _ = make_blobs(n_samples=n - n // 20, n_features=d, centers=10, cluster_std=1.0, random_state=0)
            X = np.vstack([X, rng.uniform(X.min(0), X.max(0), size=(n // 20, d))])
            runs.append(("dbscan", f"{n}x{d} eps{eps} min{m}", X[rng.permutation(len(X))], [eps, m],
                         {"eps": eps, "min_samples": m}))
        if not only or "pca" in only:
            n, d, k = z["pca"]
            X = rng.random((n, d)) + rng.standard_normal((n, k)) @ rng.standard_normal((k, d))
            # The full solver, and scikit-learn 1.5's covariance_eigh (the peer runs it where it has it, else full).
            for solver in ("full", "covariance_eigh"):
                runs.append(("pca", f"{n}x{d} k{k} {solver}", X, [k, solver], {"k": k, "solver": solver}))
        if not only or "batch" in only:
            n, d, k = z["batch"]
            X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=0)
            runs.append(("batch", f"{n}x{d} k{k}", X, [k], {"k": k}))
        if not only or "spectral" in only:
            n, d, k, gamma = z["spectral"]
            X, _ = make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=1.0, random_state=0)
            runs.append(("spectral", f"{n}x{d} k{k}", X, [k, gamma, 300], {"k": k, "gamma": gamma}))
        if not only or "gnb" in only:
            n, d, c = z["gnb"]
            X, y = make_blobs(n_samples=n, n_features=d, centers=c, cluster_std=6.0, random_state=0)
            ypath = os.path.join(self.args.data, "heat-bench-gnb-y.npy")
            np.save(ypath, y.astype(np.int64))
            runs.append(("gnb", f"{n}x{d} classes{c}", X, [ypath], {"y": ypath}))
        if not only or "scaler" in only:
            n, d = z["scaler"]
            X = rng.standard_normal((n, d)) * rng.uniform(0.5, 20, d) + rng.uniform(-5, 5, d)
            for kind in ("standard", "minmax", "robust"):
                runs.append(("scaler", f"{n}x{d} {kind}", X, [kind], {"scaler": kind}))
        if not only or "knn" in only:
            n, d, m, k = z["knn"]
            X, y = make_blobs(n_samples=n + m, n_features=d, centers=10, cluster_std=10.0, random_state=0)
            ypath, qpath = (os.path.join(self.args.data, f"heat-bench-knn-{w}.npy") for w in ("y", "Q"))
            np.save(ypath, y[:n].astype(np.int64))
            np.save(qpath, X[n:])
            runs.append(("knn", f"{n}x{d} q{m} k{k}", X[:n], [ypath, qpath, k], {"y": ypath, "Q": qpath, "k": k}))
        for what, label, X, argv, job in runs:
            path = os.path.join(self.args.data, f"heat-bench-{what}.npy")
            np.save(path, X)
            del X
            repeats = min(self.args.repeats, ESTIMATOR_REPEATS)
            for p in self.args.ranks:
                peer_job = dict(job, what=what, X=path, max_repeats=1 if what == "spectral" else ESTIMATOR_REPEATS)
                self.strong(what, p, "bench_estimators", [what, path, *argv, repeats],
                            self.with_heat({"scikit-learn": peer_job}, peer_job), label=label)
                rec = self.records[-1]
                if what == "spectral":  # labels: kept as their agreement, not as 20 000 characters twice
                    ours, theirs = rec["params"].pop("labels"), rec["peers"]["scikit-learn"].pop("labels")
                    rec["params"]["ari"] = float(adjusted_rand_score(list(ours), list(theirs)))
                print(f"{'':>12} {'':>26} peak resident {rec['heat']['peak_rss_mib']:.0f} MiB per rank", flush=True)
            os.remove(path)
            for extra in ("y", "Q"):
                if extra in job and os.path.exists(job[extra]):
                    os.remove(job[extra])

    def weak(self):
        """Fixed rows per rank (random:N:D, each rank draws its own), no peers."""
        z = self.size
        rows, d, k = z["weak_kmeans"]
        for p in self.args.ranks:
            me = self.ours(p, "bench_kmeans", f"random:{rows * p}:{d}", k, z["kmeans_iters"], "float32",
                           self.args.repeats)
            self.weak_record(f"kmeans {rows}x{d} k{k} float32 per rank", p, me)
        rows, d = z["weak_lasso"]
        for p in self.args.ranks:
            me = self.ours(p, "bench_lasso", f"random:{rows * p}:{d}", "random", 0.001, 1e-4, self.args.repeats)
            self.weak_record(f"lasso {rows}x{d} per rank", p, me)

    def weak_record(self, workload, ranks, me):
        s = me["cases"]["fit"]
        self.records.append({"kind": "weak", "workload": workload, "case": "fit", "ranks": ranks, "heat": s,
                             "params": {k: v for k, v in me.items() if k != "cases"}, "peers": {}, "ratio": {}})
        print(f"{'weak':>12} {workload:>26} np={ranks}: {stats_text(s)}", flush=True)

    def demo(self):
        """The README's main job at 2 ranks; its labels feed bench/plot.py's picture."""
        labels = os.path.join(self.args.out, "iris_labels.csv")
        exe = os.path.join(self.args.build, "examples", "kmeans_iris")
        data = os.path.join(ROOT, "examples", "data", "iris.csv")
        out = subprocess.run(["mpiexec.mpich", "-n", "2", exe, data, labels], check=True, capture_output=True,
                             text=True).stdout
        self.demo_record = {"data": os.path.relpath(data, self.args.out), "labels": "iris_labels.csv",
                            "output": out.strip().splitlines()}
        print(out, end="", flush=True)

    def summary(self):
        ranks = sorted(self.args.ranks)
        lines = [f"# Benchmark summary ({self.meta['date']})", "",
                 f"Machine: {self.meta['cpu']}, {self.meta['cores']} cores; OpenBLAS kernel "
                 f"{self.meta['openblas_core']}; heat built with -march {self.meta['arch']}, kernels at "
                 f"{self.meta['simd']} (chosen at run time); {self.args.repeats} repeats; the cores' speeds over "
                 "the fastest (a pinned loop: the slowest rank sets the pace of a run at np > 1) "
                 + ", ".join(f"{v:.2f}" for v in self.meta["core_speeds"].values()) + ".", "",
                 "Peers: " + "; ".join(f"{p} {v}" for p, v in self.versions.items()) + ".", "",
                 "Times: median [min-max] of the repeats; a peer at np = p runs with p threads (the Python HeAT: p ranks). "
                 "Ratio: our median "
                 "over the peer's (K-Means: per iteration), below 1 is faster. Memory: our peak resident size less "
                 "the size before the input, over the input block, at each rank count.", ""]
        march = self.meta.get("march")
        if march:
            lines += [f"Column -march: our median over that of the same benchmark built with -march={march} "
                      "(1 = no loss at default flags).", ""]
        head = "| workload | case | peer | " + " | ".join(f"np={p} heat | np={p} peer | ratio" for p in ranks) + \
               " | memory |" + (" -march |" if march else "")
        lines += [head, "|" + "---|" * (head.count("|") - 1)]
        rows = collections.OrderedDict()
        for r in self.records:
            if r["kind"] == "strong":
                for p in list(r["peers"]) or ["-"]:
                    rows.setdefault((r["workload"], r["case"], p), {})[r["ranks"]] = r
        for (workload, case, peer), at in rows.items():
            cells = []
            for p in ranks:
                r = at.get(p)
                if r is None:
                    cells += ["-", "-", "-"]
                elif peer == "-":
                    cells += [stats_text(r["heat"]), "-", "-"]
                else:
                    cells += [stats_text(r["heat"]), stats_text(r["peers"][peer]), f"**{ratio_text(r['ratio'][peer])}**"]
            memory = " / ".join(f"{at[p]['heat']['memory_ratio']:.2f}" for p in ranks if p in at)
            extra = ""
            if march:
                extra = " " + " / ".join(f"{at[p]['default_over_march']:.2f}" for p in ranks
                                         if p in at and "default_over_march" in at[p]) + " |"
            lines.append(f"| {workload} | {case} | {peer} | " + " | ".join(cells) + f" | {memory} |" + extra)
        est = [r for r in self.records if r["kind"] == "strong" and r["workload"] in ESTIMATORS]
        if est:
            lines += ["", "Estimators: peak resident memory per rank (MiB), the speed-up over np=1, and what the fit "
                      "reached (DBSCAN: clusters / noise rows; PCA: first explained variance; batch-parallel: inertia "
                      "over scikit-learn's full K-Means; spectral: adjusted Rand index with scikit-learn's labels):", "",
                      "| workload | case | " + " | ".join(f"np={p} MiB | np={p} speed-up" for p in ranks) +
                      " | reached |", "|---|---|" + "---|---|" * len(ranks) + "---|"]
            for workload, case in dict.fromkeys((r["workload"], r["case"]) for r in est):
                at = {r["ranks"]: r for r in est if (r["workload"], r["case"]) == (workload, case)}
                one = at.get(min(ranks))
                cells = []
                for p in ranks:
                    r = at.get(p)
                    cells += ["-", "-"] if r is None else [
                        f"{r['heat']['peak_rss_mib']:.0f}",
                        f"{one['heat']['median_s'] / r['heat']['median_s']:.2f}" if one else "-"]
                r, reached = at[max(at)], ""
                if workload == "dbscan":
                    reached = f"{r['params']['n_clusters']} / {r['params']['noise']}"
                elif workload == "pca":
                    reached = f"{r['params']['explained_variance_0']:.6g}"
                elif workload == "batch" and "scikit-learn" in r["peers"]:
                    reached = f"{r['params']['inertia'] / r['peers']['scikit-learn']['full_inertia']:.3f}"
                elif workload == "spectral":
                    reached = f"{r['params'].get('ari')}"
                elif workload == "gnb":
                    reached = f"accuracy {r['params']['accuracy']:.4f}"
                elif workload == "scaler":
                    reached = f"{r['params']['attr0']:.6g}"
                elif workload == "knn":
                    reached = f"checksum {r['params']['checksum']}"
                lines.append(f"| {workload} | {case} | " + " | ".join(cells) + f" | {reached} |")
        weak = [r for r in self.records if r["kind"] == "weak"]
        if weak:
            lines += ["", "Weak scaling (the same rows per rank; ideal: the same time at every rank count):", "",
                      "| workload | " + " | ".join(f"np={p}" for p in ranks) + " | memory |",
                      "|---|" + "---|" * (len(ranks) + 1)]
            for workload in dict.fromkeys(r["workload"] for r in weak):
                at = {r["ranks"]: r for r in weak if r["workload"] == workload}
                lines.append(f"| {workload} | " + " | ".join(stats_text(at[p]["heat"]) if p in at else "-" for p in ranks)
                             + " | " + " / ".join(f"{at[p]['heat']['memory_ratio']:.2f}" for p in ranks if p in at) + " |")
        return "\n".join(lines) + "\n"

    def write(self):
        cores = os.cpu_count()
        cpu = platform.processor() or platform.machine()
        if os.path.exists("/proc/cpuinfo"):
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        first = next((r["params"] for r in self.records), {})
        self.meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "cpu": cpu, "cores": cores, "arch": first.get("arch"), "simd": first.get("simd"),
                     "march": next((r["march"]["arch"] for r in self.records if "march" in r), None),
                     "openblas_core": first.get("openblas_core"), "repeats": self.args.repeats,
                     "core_speeds": self.core_speeds,
                     "ranks": self.args.ranks, "quick": self.args.quick, "command": " ".join(sys.argv)}
        result = {"meta": self.meta, "peers": self.versions, "records": self.records,
                  "demo": getattr(self, "demo_record", None)}
        with open(os.path.join(self.args.out, "results.json"), "w") as f:
            json.dump(result, f, indent=1)
        with open(os.path.join(self.args.out, "summary.md"), "w") as f:
            f.write(self.summary())
        print(f"wrote {self.args.out}/results.json and summary.md", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="heat's build (the demo)")
    p.add_argument("--bench-dir", help="the benchmark binaries (default: BUILD/bench)")
    p.add_argument("--march-dir", help="the same built with -march=x86-64-v3: an extra column")
    p.add_argument("--out", help="results folder (default: BUILD/bench-results/<UTC time>)")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="small sizes: checks the driver, not the speed")
    p.add_argument("--only", nargs="+", choices=["expressions", "matmul", "resplit", "sort", "statistics", "io", "kmeans", "lasso",
                                                 *ESTIMATORS, "weak", "demo"])
    p.add_argument("--data", default=tempfile.gettempdir(), help="where the data files are written (removed after)")
    args = p.parse_args()
    args.bench_dir = args.bench_dir or os.path.join(args.build, "bench")
    missing = [m for m in ("numpy", "scipy", "sklearn", "h5py") if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"missing Python modules {missing}: install python3-numpy python3-scipy python3-sklearn "
                 "python3-h5py (./build.sh bench does as root)")
    if shutil.which("mpiexec.mpich") is None:
        sys.exit("mpiexec.mpich not found (Debian's mpich)")
    args.out = args.out or os.path.join(args.build, "bench-results",
                                        datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    os.makedirs(args.out, exist_ok=True)
    driver = Driver(args)
    driver.run()
    driver.write()
    ok = driver.verify()
    results = os.path.join(args.out, "results.json")
    if importlib.util.find_spec("matplotlib") is None:
        print(f"no plots: python3-matplotlib is missing (then: bench/plot.py {results})")
    else:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "plot.py"), results], check=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
