#!/usr/bin/python3
"""Reference results of scikit-learn's weighted KMeans (Debian's
python3-sklearn 1.2) for tests/ml/test_kmeans_options.cpp.
Run from this folder (after make_sklearn.py, whose blobs it reads):
    /usr/bin/python3 make_kmeans_weights.py
Writes sklearn/kmw_<name>.npy:
  weights: 1500 weights uniform in [0.2, 4) (RandomState(5)), for blobs
  {centres,labels,inertia,n_iter}: KMeans(n_clusters=6, init=blobs[:6],
      n_init=1, tol=0, algorithm="lloyd").fit(blobs, sample_weight=weights)
      (scikit-learn 1.2's initialisers ignore weights; a given init is
      used as is)
"""
import os

import numpy as np
from sklearn.cluster import KMeans

out = "sklearn"
blobs = np.load(f"{out}/blobs.npy")
w = np.random.RandomState(5).uniform(0.2, 4.0, size=len(blobs))
np.save(f"{out}/kmw_weights.npy", w)
km = KMeans(n_clusters=6, init=blobs[:6], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd")
km.fit(blobs, sample_weight=w)
np.save(f"{out}/kmw_centres.npy", km.cluster_centers_)
np.save(f"{out}/kmw_labels.npy", km.labels_.astype(np.int64))
np.save(f"{out}/kmw_inertia.npy", np.float64(km.inertia_))
np.save(f"{out}/kmw_n_iter.npy", np.int64(km.n_iter_))
# The weights matter: the unweighted fit from the same start differs.
plain = KMeans(n_clusters=6, init=blobs[:6], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(blobs)
assert not np.allclose(plain.cluster_centers_, km.cluster_centers_)
print(km.n_iter_, km.inertia_)
