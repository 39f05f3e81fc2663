#!/usr/bin/python3
"""Reference results of scikit-learn's KNeighborsClassifier (Debian's
python3-sklearn 1.2, algorithm "auto") for tests/ml/test_kneighbors.cpp.
Run from this folder:
    /usr/bin/python3 make_kneighbors.py
Data: iris (load_iris) plus normal noise of deviation 1e-4 (iris' values
have one decimal: its distances tie, and a tie at the k-th neighbour leaves
the set to the algorithm), its even rows as training set and its odd rows
as queries; `blobs`: 300 x 5 training rows in 3 classes with labels
(-1, 4, 9) and 40 queries (make_blobs, continuous: no ties). Cases:
  iris_k5_uniform:    n_neighbors=5 (the default euclidean metric)
  iris_k7_distance:   n_neighbors=7, weights="distance"
  iris_self_distance: n_neighbors=5, weights="distance", queried with the
                      training rows themselves (distance 0: only those count)
  blobs_k6_manhattan: n_neighbors=6, metric="manhattan", weights="distance"
  blobs_k4_chebyshev: n_neighbors=4, metric="chebyshev"
  blobs_k6_euclidean: n_neighbors=6
each with its predict, predict_proba, and kneighbors' distances and indices.
Every case is checked here to have no tie at the k-th neighbour (a tie would
leave the neighbour set to the algorithm's order), and its indices equal
to an exact search's ordered by (distance, index).
Writes sklearn/knn_<data>_{X,y,Q}.npy and sklearn/knn_<case>_{predict,proba,
dist,ind}.npy.
"""
import os

import numpy as np
from sklearn.datasets import load_iris, make_blobs
from sklearn.neighbors import KNeighborsClassifier

out = "sklearn"
os.makedirs(out, exist_ok=True)
iris = load_iris()
jittered = iris.data + np.random.default_rng(11).normal(scale=1e-4, size=iris.data.shape)
data = {"iris": (jittered[0::2], iris.target[0::2].astype(np.int64), jittered[1::2])}
Xb, yb = make_blobs(n_samples=340, n_features=5, centers=3, cluster_std=3.0, random_state=3)
data["blobs"] = (Xb[:300], np.array([-1, 4, 9])[yb[:300]].astype(np.int64), Xb[300:])
data["iris_self"] = (data["iris"][0], data["iris"][1], data["iris"][0])
for name in ("iris", "blobs"):
    X, y, Q = data[name]
    np.save(f"{out}/knn_{name}_X.npy", X)
    np.save(f"{out}/knn_{name}_y.npy", y)
    np.save(f"{out}/knn_{name}_Q.npy", Q)

terms = {"euclidean": lambda t: t * t, "manhattan": np.abs, "chebyshev": np.abs}
cases = {
    "iris_k5_uniform": ("iris", dict(n_neighbors=5), "euclidean"),
    "iris_k7_distance": ("iris", dict(n_neighbors=7, weights="distance"), "euclidean"),
    "iris_self_distance": ("iris_self", dict(n_neighbors=5, weights="distance"), "euclidean"),
    "blobs_k6_manhattan": ("blobs", dict(n_neighbors=6, metric="manhattan", weights="distance"), "manhattan"),
    "blobs_k4_chebyshev": ("blobs", dict(n_neighbors=4, metric="chebyshev"), "chebyshev"),
    "blobs_k6_euclidean": ("blobs", dict(n_neighbors=6), "euclidean"),
}
for case, (name, options, metric) in cases.items():
    X, y, Q = data[name]
    m = KNeighborsClassifier(**options).fit(X, y)
    dist, ind = m.kneighbors(Q)
    k = options["n_neighbors"]
    # The exact search: terms summed feature by feature (max for chebyshev), ordered by (distance, index).
    t = terms[metric](Q[:, None, :] - X[None, :, :])
    raw = t.max(axis=2) if metric == "chebyshev" else t.sum(axis=2)
    order = np.lexsort((np.broadcast_to(np.arange(len(X)), raw.shape), raw), axis=1)
    ranked = np.take_along_axis(raw, order, axis=1)
    assert (ranked[:, k - 1] < ranked[:, k]).all(), f"{case}: a tie at the k-th neighbour"
    exact = order[:, :k]
    same = (exact == ind) | (np.take_along_axis(raw, exact, 1) == np.take_along_axis(raw, ind, 1))
    assert same.all(), f"{case}: scikit-learn's neighbours differ from the exact search's"
    save = lambda what, value: np.save(f"{out}/knn_{case}_{what}.npy", value)
    save("predict", m.predict(Q).astype(np.int64))
    save("proba", m.predict_proba(Q))
    save("dist", dist)
    save("ind", exact.astype(np.int64))
