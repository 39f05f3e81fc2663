#!/usr/bin/python3
"""Reference results for tests/ml/test_spectral.cpp: scikit-learn's
SpectralClustering (Debian's python3-sklearn 1.2) and the graph Laplacian as
HeAT defines it (heat.graph.Laplacian, definition "norm_sym": the
similarity's diagonal set to 0, a degree of 0 taken as 1,
L = I - D^-1/2 S D^-1/2), transcribed in NumPy. Run from this folder:
    /usr/bin/python3 make_spectral.py
Writes sklearn/spectral_<case>_{X,y,labels,eigenvalues}.npy:
  precomputed: scikit-learn's test_spectral_clustering affinity (7 x 7);
               labels: scikit-learn's (affinity="precomputed", random_state 0)
  two:    scikit-learn's test_affinities data: make_blobs(20, centres
          (1, 1) and (-1, -1), std 0.01, seed 0); gamma 2
  blobs:  make_blobs(600, 4 centres, std 0.5, seed 2) in 2-D; gamma 0.5
  circles: make_circles(400, factor 0.4, noise 0.04, seed 1); gamma 30
y: the true clusters; labels: scikit-learn's (random_state 0); eigenvalues:
the 8 smallest of HeAT's rbf Laplacian (exp(-gamma |x - y|^2)) by
numpy.linalg.eigvalsh. The script checks that scikit-learn's labels agree
with y exactly up to renumbering (adjusted Rand index 1).
"""
import os

import numpy as np
from sklearn.cluster import SpectralClustering
from sklearn.datasets import make_blobs, make_circles
from sklearn.metrics import adjusted_rand_score
from scipy.spatial.distance import cdist

out = "sklearn"
os.makedirs(out, exist_ok=True)


def heat_laplacian(S):
    S = S.copy()
    np.fill_diagonal(S, 0.0)
    degree = S.sum(axis=1)
    degree[degree == 0] = 1.0
    L = -S / np.sqrt(degree)[:, None] / np.sqrt(degree)[None, :]
    np.fill_diagonal(L, 1.0)
    return L


S = np.array([[1.0, 1.0, 1.0, 0.2, 0.0, 0.0, 0.0],
              [1.0, 1.0, 1.0, 0.2, 0.0, 0.0, 0.0],
              [1.0, 1.0, 1.0, 0.2, 0.0, 0.0, 0.0],
              [0.2, 0.2, 0.2, 1.0, 1.0, 1.0, 1.0],
              [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0],
              [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0],
              [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]])
labels = SpectralClustering(random_state=0, n_clusters=2, affinity="precomputed").fit(S).labels_
y = np.array([1, 1, 1, 0, 0, 0, 0])
assert adjusted_rand_score(labels, y) == 1
np.save(f"{out}/spectral_precomputed_X.npy", S)
np.save(f"{out}/spectral_precomputed_y.npy", y.astype(np.int64))
np.save(f"{out}/spectral_precomputed_labels.npy", labels.astype(np.int64))
np.save(f"{out}/spectral_precomputed_eigenvalues.npy", np.linalg.eigvalsh(heat_laplacian(S))[:7])

cases = {
    "two": (make_blobs(n_samples=20, random_state=0, centers=[[1, 1], [-1, -1]], cluster_std=0.01), 2, 2.0),
    "blobs": (make_blobs(n_samples=600, centers=4, cluster_std=0.5, random_state=2), 4, 0.5),
    "circles": (make_circles(n_samples=400, factor=0.4, noise=0.04, random_state=1), 2, 30.0),
}
for name, ((X, y), k, gamma) in cases.items():
    labels = SpectralClustering(n_clusters=k, gamma=gamma, random_state=0).fit(X).labels_
    assert adjusted_rand_score(labels, y) == 1, name
    L = heat_laplacian(np.exp(-gamma * cdist(X, X, "sqeuclidean")))
    np.save(f"{out}/spectral_{name}_X.npy", X)
    np.save(f"{out}/spectral_{name}_y.npy", y.astype(np.int64))
    np.save(f"{out}/spectral_{name}_labels.npy", labels.astype(np.int64))
    np.save(f"{out}/spectral_{name}_eigenvalues.npy", np.linalg.eigvalsh(L)[:8])
    print(name, "smallest eigenvalues", np.linalg.eigvalsh(L)[:k + 2])
