#!/usr/bin/python3
"""Reference results of scikit-learn (Debian's python3-sklearn 1.2) for the
estimator tests, on the data the examples ship (examples/data, read back as
the tests read it). Run from this folder:
    /usr/bin/python3 make_sklearn.py
Writes sklearn/*.npy:
  iris_centres, iris_labels, iris_inertia, iris_n_iter: KMeans(k=3) from rows
      0, 50 and 100, run to convergence (tol=0).
  blobs: 1500 x 4 float64 points (make_blobs, 6 centres, seed 3);
      blobs_best_inertia: the best inertia of 10 k-means++ inits.
  blobs20: 1200 x 20 float64 points (make_blobs, 8 centres, std 3, seed 11),
      wide enough for K-Means' bounds; blobs20_{centres,labels,inertia,n_iter}:
      KMeans(k=8) from its first 8 rows to convergence (tol=0), and
      blobs20_kmedians_*: the NumPy K-Medians loop below on its first 8
      features, from the same rows (fewer collectives: K-Medians makes 16
      of 2 k d 16 counts per iteration).
  lasso_{0.1,1.0}_{coef,intercept}: Lasso(alpha) on diabetes, tol 1e-12;
  lasso_alpha_max: the smallest alpha whose coefficients are all zero.
  lasso_wide_{X,y,coef,intercept}: 300 x 60 normal data (column means 0 to
      5, seed 5), 35 non-zero true coefficients plus noise, and
      Lasso(alpha=0.02, tol 1e-12) on it: more features end non-zero than
      a working set starts with.
  iris_{kmedians,kmedoids}_{centres,labels,inertia,n_iter}: NumPy loops of
      HeAT's K-Medians and K-Medoids (Manhattan distances; median, or the
      member nearest to the median) from rows 0, 50 and 100, tol 0.
"""
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.linear_model import Lasso

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/data")
out = "sklearn"
os.makedirs(out, exist_ok=True)

iris = np.loadtxt(f"{data}/iris.csv", delimiter=",", skiprows=1)
km = KMeans(n_clusters=3, init=iris[[0, 50, 100]], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(iris)
np.save(f"{out}/iris_centres.npy", km.cluster_centers_)
np.save(f"{out}/iris_labels.npy", km.labels_.astype(np.int64))
np.save(f"{out}/iris_inertia.npy", np.float64(km.inertia_))
np.save(f"{out}/iris_n_iter.npy", np.int64(km.n_iter_))



def lloyd_l1(X, C, medoid, max_iter=300):
    """Manhattan Lloyd iterations; first minimum wins ties (as argmin)."""
    for it in range(1, max_iter + 1):
        labels = np.abs(X[:, None, :] - C[None, :, :]).sum(2).argmin(1)
        new = C.copy()
        for c in range(len(C)):
            members = X[labels == c]
            if len(members) == 0:
                continue
            med = np.median(members, axis=0)
            new[c] = members[np.abs(members - med).sum(1).argmin()] if medoid else med
        shift = ((new - C) ** 2).sum()
        C = new
        if shift <= 0:
            break
    dist = np.abs(X[:, None, :] - C[None, :, :]).sum(2)
    return C, dist.argmin(1), dist.min(1).sum(), it


for name, medoid in (("kmedians", False), ("kmedoids", True)):
    C, labels, inertia, n_iter = lloyd_l1(iris, iris[[0, 50, 100]].copy(), medoid)
    np.save(f"{out}/iris_{name}_centres.npy", C)
    np.save(f"{out}/iris_{name}_labels.npy", labels.astype(np.int64))
    np.save(f"{out}/iris_{name}_inertia.npy", np.float64(inertia))
    np.save(f"{out}/iris_{name}_n_iter.npy", np.int64(n_iter))

blobs, _ = make_blobs(n_samples=1500, n_features=4, centers=6, cluster_std=1.5, random_state=3)
np.save(f"{out}/blobs.npy", blobs)
best = KMeans(n_clusters=6, init="k-means++", n_init=10, random_state=0).fit(blobs)
np.save(f"{out}/blobs_best_inertia.npy", np.float64(best.inertia_))

blobs20, _ = make_blobs(n_samples=1200, n_features=20, centers=8, cluster_std=3.0, random_state=11)
np.save(f"{out}/blobs20.npy", blobs20)
km = KMeans(n_clusters=8, init=blobs20[:8], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(blobs20)
np.save(f"{out}/blobs20_centres.npy", km.cluster_centers_)
np.save(f"{out}/blobs20_labels.npy", km.labels_.astype(np.int64))
np.save(f"{out}/blobs20_inertia.npy", np.float64(km.inertia_))
np.save(f"{out}/blobs20_n_iter.npy", np.int64(km.n_iter_))
C, labels, inertia, n_iter = lloyd_l1(blobs20[:, :8], blobs20[:8, :8].copy(), False)
np.save(f"{out}/blobs20_kmedians_centres.npy", C)
np.save(f"{out}/blobs20_kmedians_labels.npy", labels.astype(np.int64))
np.save(f"{out}/blobs20_kmedians_inertia.npy", np.float64(inertia))
np.save(f"{out}/blobs20_kmedians_n_iter.npy", np.int64(n_iter))

table = np.loadtxt(f"{data}/diabetes.csv", delimiter=",", skiprows=1)
X, y = table[:, :-1], table[:, -1]
for alpha in (0.1, 1.0):
    lasso = Lasso(alpha=alpha, tol=1e-12, max_iter=1000000).fit(X, y)
    np.save(f"{out}/lasso_{alpha}_coef.npy", lasso.coef_)
    np.save(f"{out}/lasso_{alpha}_intercept.npy", np.float64(lasso.intercept_))
alpha_max = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean()))) / len(y)
assert not np.any(Lasso(alpha=alpha_max * 1.0001).fit(X, y).coef_)
np.save(f"{out}/lasso_alpha_max.npy", np.float64(alpha_max))

rng = np.random.default_rng(5)
X = rng.standard_normal((300, 60)) + np.linspace(0, 5, 60)
w = np.zeros(60)
w[rng.choice(60, 35, replace=False)] = rng.standard_normal(35)
y = X @ w + 3 + 0.1 * rng.standard_normal(300)
lasso = Lasso(alpha=0.02, tol=1e-12, max_iter=1000000).fit(X, y)
assert np.count_nonzero(lasso.coef_) > 32
np.save(f"{out}/lasso_wide_X.npy", X)
np.save(f"{out}/lasso_wide_y.npy", y)
np.save(f"{out}/lasso_wide_coef.npy", lasso.coef_)
np.save(f"{out}/lasso_wide_intercept.npy", np.float64(lasso.intercept_))
