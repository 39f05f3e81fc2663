#!/usr/bin/python3
"""Reference results of scikit-learn's ElasticNet, Lasso, enet_path and
lasso_path (Debian's python3-sklearn 1.2) for tests/ml/test_enet.cpp.
Run from this folder:
    /usr/bin/python3 make_enet.py
Writes sklearn/enet_<name>.npy:
  diabetes_{X,y}: load_diabetes (442 x 10)
  weights: 442 weights uniform in [0.1, 3), rows 5 and 17 zero
  <case>_{coef,intercept}, fitted to tol 1e-12 (converged answers), for
    enet:          ElasticNet(alpha=0.005, l1_ratio=0.3) on diabetes
    lasso_pos:     Lasso(alpha=0.1, positive=True) on diabetes
    enet_pos:      ElasticNet(alpha=0.002, l1_ratio=0.6, positive=True)
    enet_w:        ElasticNet(alpha=0.003, l1_ratio=0.7) with the weights
    lasso_w_noint: Lasso(alpha=0.2, fit_intercept=False) with the weights
  wide_{X,y}: scikit-learn's build_dataset() of its test_coordinate_descent.py
      (50 x 200, 10 informative features, RandomState(0))
  sweeps5_{coef,dual_gap}: ElasticNet(alpha=0.1, l1_ratio=0.5, max_iter=5,
      tol=0) on wide: five full cyclic sweeps (not converged)
  sweeps10_coef: the same with max_iter=10 (test_warm_start's answer)
  lpath_{alphas,coefs,gaps}: lasso_path(diabetes, n_alphas=12, eps=1e-2,
      tol=1e-12)
  epath_{alphas,coefs}: enet_path(diabetes, l1_ratio=0.5,
      alphas=[0.5, 0.01, 0.1], tol=1e-12)
"""
import os

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import ElasticNet, Lasso, enet_path, lasso_path

out = "sklearn"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/enet_{name}.npy", np.asarray(value, dtype=np.float64))


X, y = load_diabetes(return_X_y=True)
save("diabetes_X", X)
save("diabetes_y", y)
w = np.random.RandomState(7).uniform(0.1, 3.0, size=len(y))
w[[5, 17]] = 0
save("weights", w)

tight = dict(tol=1e-12, max_iter=1000000)
cases = {
    "enet": (ElasticNet(alpha=0.005, l1_ratio=0.3, **tight), None),
    "lasso_pos": (Lasso(alpha=0.1, positive=True, **tight), None),
    "enet_pos": (ElasticNet(alpha=0.002, l1_ratio=0.6, positive=True, **tight), None),
    "enet_w": (ElasticNet(alpha=0.003, l1_ratio=0.7, **tight), w),
    "lasso_w_noint": (Lasso(alpha=0.2, fit_intercept=False, **tight), w),
}
for case, (model, weights) in cases.items():
    model.fit(X, y, sample_weight=weights)
    save(f"{case}_coef", model.coef_)
    save(f"{case}_intercept", model.intercept_)
# positive changes the answer: the unconstrained fits have negative coefficients
assert (Lasso(alpha=0.1, **tight).fit(X, y).coef_ < 0).any()
assert (cases["lasso_pos"][0].coef_ >= 0).all() and (cases["enet_pos"][0].coef_ >= 0).all()

# scikit-learn's build_dataset (test_coordinate_descent.py)
rs = np.random.RandomState(0)
true_w = rs.randn(200)
true_w[10:] = 0.0
Xw = rs.randn(50, 200)
yw = Xw @ true_w
save("wide_X", Xw)
save("wide_y", yw)
five = ElasticNet(alpha=0.1, max_iter=5, tol=0).fit(Xw, yw)
assert five.n_iter_ == 5
save("sweeps5_coef", five.coef_)
save("sweeps5_dual_gap", five.dual_gap_)
save("sweeps10_coef", ElasticNet(alpha=0.1, max_iter=10, tol=0).fit(Xw, yw).coef_)

alphas, coefs, gaps = lasso_path(X, y, n_alphas=12, eps=1e-2, tol=1e-12, max_iter=1000000)
save("lpath_alphas", alphas)
save("lpath_coefs", coefs)
save("lpath_gaps", gaps)
alphas, coefs, _ = enet_path(X, y, l1_ratio=0.5, alphas=[0.5, 0.01, 0.1], tol=1e-12, max_iter=1000000)
save("epath_alphas", alphas)
save("epath_coefs", coefs)
