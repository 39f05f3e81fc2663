#!/usr/bin/python3
"""Reference results of scikit-learn's GaussianNB (Debian's python3-sklearn
1.2) for tests/ml/test_naive_bayes.cpp, on scikit-learn's bundled data sets.
Run from this folder:
    /usr/bin/python3 make_naive_bayes.py
Writes sklearn/nb_<data>_{X,y}.npy (X float64, y int64) for
  iris:   load_iris (150 x 4, classes 0, 1, 2)
  cancer: load_breast_cancer (569 x 30), labels relabelled to 10 y - 3 (-3, 7)
  digits: load_digits' first 600 rows (600 x 64, 10 classes, columns that
          are constant within a class: var_smoothing decides them)
and sklearn/nb_<case>_{theta,var,class_count,class_prior,epsilon,proba,
log_proba,predict}.npy, each model's predictions on its own X, for
  iris:         GaussianNB() on iris
  iris_priors:  GaussianNB(priors=[0.2, 0.3, 0.5]) on iris
  cancer:       GaussianNB(var_smoothing=1e-5) on cancer
  digits:       GaussianNB() on digits
  partial:      GaussianNB().partial_fit on iris' rows [0, 60) with
                classes=[0, 1, 2], then [60, 120), then [120, 150) (batches
                without some classes; each batch's epsilon)
"""
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.naive_bayes import GaussianNB

out = "sklearn"
os.makedirs(out, exist_ok=True)
iris = load_iris()
cancer = load_breast_cancer()
digits = load_digits()
data = {
    "iris": (iris.data, iris.target.astype(np.int64)),
    "cancer": (cancer.data, 10 * cancer.target.astype(np.int64) - 3),
    "digits": (digits.data[:600], digits.target[:600].astype(np.int64)),
}
for name, (X, y) in data.items():
    np.save(f"{out}/nb_{name}_X.npy", X.astype(np.float64))
    np.save(f"{out}/nb_{name}_y.npy", y)

partial = GaussianNB()
Xi, yi = data["iris"]
for lo, hi in [(0, 60), (60, 120), (120, 150)]:
    partial.partial_fit(Xi[lo:hi], yi[lo:hi], classes=[0, 1, 2] if lo == 0 else None)
cases = {
    "iris": ("iris", GaussianNB().fit(*data["iris"])),
    "iris_priors": ("iris", GaussianNB(priors=[0.2, 0.3, 0.5]).fit(*data["iris"])),
    "cancer": ("cancer", GaussianNB(var_smoothing=1e-5).fit(*data["cancer"])),
    "digits": ("digits", GaussianNB().fit(*data["digits"])),
    "partial": ("iris", partial),
}
for case, (name, nb) in cases.items():
    X = data[name][0]
    save = lambda what, value: np.save(f"{out}/nb_{case}_{what}.npy", value)
    save("theta", nb.theta_)
    save("var", nb.var_)
    save("class_count", nb.class_count_)
    save("class_prior", nb.class_prior_)
    save("epsilon", np.float64(nb.epsilon_))
    save("proba", nb.predict_proba(X))
    save("log_proba", nb.predict_log_proba(X))
    save("predict", nb.predict(X).astype(np.int64))
