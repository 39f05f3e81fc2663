#!/usr/bin/python3
"""Reference results of scikit-learn's DBSCAN (Debian's python3-sklearn 1.2)
for tests/ml/test_dbscan.cpp. Run from this folder:
    /usr/bin/python3 make_dbscan.py
Writes sklearn/dbscan_<case>_{X,labels,core}.npy (X float64, labels and the
core sample indices int64) for the cases
  toy<m>:   scikit-learn's test_dbscan_core_samples_toy: the 1-D points
            0 2 3 4 6 8 10, eps=1, min_samples=m for m = 1..4
  blobs_<metric>: 4 blobs (make_blobs, 600 points, std 0.6, seed 3) and 60
            uniform noise points in 2-D; euclidean eps 0.49, manhattan eps
            0.66, chebyshev eps 0.4; min_samples 8
  moons:    make_moons(500, noise 0.05, seed 0), eps 0.16, min_samples 5
            (long chains: components that cross every rank boundary)
  nocore:   scikit-learn's test_dbscan_no_core_samples: rand(40, 10) of
            seed 0 with values < 0.8 set to 0, min_samples 6: all noise
  bridge:   one border point (2) within eps of a core point of each of two
            clusters (0 .. 1 and 3 .. 4 in steps of 0.25), the second
            cluster's rows first; eps 1, min_samples 4: scikit-learn gives it
            the cluster whose first core row comes first
  blobs3d:  3-D blobs (make_blobs, 3000 points, 5 centres, std 0.5, seed 7)
            and 300 noise points, eps 0.31, min_samples 10
  far:      blobs3d with 12 rows 1e13 away (a dense group of its own: a
            cluster) and 2 lone rows at -1e15 put among its rows: the cells'
            box exceeds 2^32 cells (heat's grid sorts records, not packed
            keys); eps 0.31, min_samples 10
No pair of points lies within 1e-5 (relative) of eps (checked here), so
float32 data gives the same neighbourhoods.
"""
import os

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_moons

out = "sklearn"
os.makedirs(out, exist_ok=True)

rng = np.random.RandomState(5)
blobs, _ = make_blobs(n_samples=600, centers=4, cluster_std=0.6, random_state=3)
blobs = np.vstack([blobs, rng.uniform(blobs.min(0), blobs.max(0), size=(60, 2))])
moons, _ = make_moons(n_samples=500, noise=0.05, random_state=0)
nocore = np.random.RandomState(0).rand(40, 10)
nocore[nocore < 0.8] = 0
b3, _ = make_blobs(n_samples=3000, n_features=3, centers=5, cluster_std=0.5, random_state=7)
b3 = np.vstack([b3, rng.uniform(b3.min(0), b3.max(0), size=(300, 3))])
toy = np.array([[0], [2], [3], [4], [6], [8], [10]], dtype=float)
bridge = np.array([[3], [3.25], [3.5], [3.75], [4], [2], [0], [0.25], [0.5], [0.75], [1]])

far = np.insert(b3, [400] * 12, np.array([1e13, -1e13, 5e12]) + rng.uniform(0, 0.1, size=(12, 3)), axis=0)
far = np.insert(far, [2000, 2900], np.array([[-1e15, 0, 0], [0, -1e15, 3]]), axis=0)

cases = {f"toy{m}": (toy, dict(eps=1, min_samples=m)) for m in range(1, 5)}
cases.update({
    "blobs_euclidean": (blobs, dict(eps=0.49, min_samples=8)),
    "blobs_manhattan": (blobs, dict(eps=0.66, min_samples=8, metric="manhattan")),
    "blobs_chebyshev": (blobs, dict(eps=0.4, min_samples=8, metric="chebyshev")),
    "moons": (moons, dict(eps=0.16, min_samples=5)),
    "nocore": (nocore, dict(min_samples=6)),
    "bridge": (bridge, dict(eps=1, min_samples=4)),
    "blobs3d": (b3, dict(eps=0.31, min_samples=10)),
    "far": (far, dict(eps=0.31, min_samples=10)),
})
scipy_name = {"euclidean": "euclidean", "manhattan": "cityblock", "chebyshev": "chebyshev"}
for name, (X, options) in cases.items():
    eps = options.get("eps", 0.5)
    D = cdist(X, X, scipy_name[options.get("metric", "euclidean")])
    if name not in ("bridge",) and not name.startswith("toy"):  # distances of eps exactly, as scikit-learn's test has them
        assert np.abs(D - eps).min() > 1e-5 * eps, name
    db = DBSCAN(**options).fit(X)
    np.save(f"{out}/dbscan_{name}_X.npy", X)
    np.save(f"{out}/dbscan_{name}_labels.npy", db.labels_.astype(np.int64))
    np.save(f"{out}/dbscan_{name}_core.npy", db.core_sample_indices_.astype(np.int64))
    print(name, "clusters", db.labels_.max() + 1, "noise", (db.labels_ == -1).sum(), "core", len(db.core_sample_indices_))
