#!/usr/bin/python3
"""Reference results of scikit-learn's scalers (Debian's python3-sklearn 1.2)
for tests/ml/test_preprocessing.cpp, on the data the examples ship
(examples/data) and on a matrix with constant and near-constant columns.
Run from this folder:
    /usr/bin/python3 make_preprocessing.py
Writes sklearn/pre_<case>_<what>.npy:
  std_iris:      StandardScaler() on iris: mean, var, scale, transform
  std_diab_nomean: StandardScaler(with_mean=False) on diabetes' 10 features
  std_const:     StandardScaler() on `const` (columns: constant 3.0, 7.0 and
                 its next double, ordinary): scale 1 for the constant ones
  mm_iris:       MinMaxScaler(feature_range=(-2, 3)) on iris: data_min, data_max,
                 data_range, scale, min, transform
  mm_clip:       MinMaxScaler(clip=True) fitted on iris, transform of 1.5 * iris - 1
  mm_const:      MinMaxScaler() on `const`
  ma_diab:       MaxAbsScaler() on diabetes' features: max_abs, scale, transform
  nrm_<l1|l2|max>: Normalizer(norm) on diabetes' features with row 7 set to 0
  rob_iris:      RobustScaler() on iris: center, scale, transform
  rob_odd:       RobustScaler(quantile_range=(10, 90), unit_variance=True) on
                 iris' first 149 rows (an odd count)
  rob_diab:      RobustScaler(quantile_range=(33.3, 66.7)) on diabetes' features
  rob_const:     RobustScaler() on `const`
The `const` matrix itself is written as pre_const_X.npy.
"""
import os

import numpy as np
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, RobustScaler, StandardScaler

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/data")
out = "sklearn"
os.makedirs(out, exist_ok=True)
iris = np.loadtxt(f"{data}/iris.csv", delimiter=",", skiprows=1)
diabetes = np.loadtxt(f"{data}/diabetes.csv", delimiter=",", skiprows=1)[:, :-1]
rng = np.random.default_rng(7)
const = np.column_stack([np.full(37, 3.0), 7.0 + rng.integers(0, 2, 37) * 8.9e-16, rng.normal(size=37)])


def save(case, what, value):
    np.save(f"{out}/pre_{case}_{what}.npy", np.asarray(value, dtype=np.float64))


save("const", "X", const)
for case, X, s in [("std_iris", iris, StandardScaler()), ("std_diab_nomean", diabetes, StandardScaler(with_mean=False)),
                   ("std_const", const, StandardScaler())]:
    s.fit(X)
    for what in ["mean", "var", "scale"]:
        save(case, what, getattr(s, what + "_"))
    save(case, "transform", s.transform(X))
for case, X, Z, s in [("mm_iris", iris, iris, MinMaxScaler(feature_range=(-2, 3))),
                      ("mm_clip", iris, 1.5 * iris - 1, MinMaxScaler(clip=True)),
                      ("mm_const", const, const, MinMaxScaler())]:
    s.fit(X)
    for what in ["data_min", "data_max", "data_range", "scale", "min"]:
        save(case, what, getattr(s, what + "_"))
    save(case, "transform", s.transform(Z))
s = MaxAbsScaler().fit(diabetes)
save("ma_diab", "max_abs", s.max_abs_)
save("ma_diab", "scale", s.scale_)
save("ma_diab", "transform", s.transform(diabetes))
zero_row = diabetes.copy()
zero_row[7] = 0
save("nrm", "X", zero_row)
for norm in ["l1", "l2", "max"]:
    save(f"nrm_{norm}", "transform", Normalizer(norm=norm).fit_transform(zero_row))
for case, X, s in [("rob_iris", iris, RobustScaler()),
                   ("rob_odd", iris[:149], RobustScaler(quantile_range=(10, 90), unit_variance=True)),
                   ("rob_diab", diabetes, RobustScaler(quantile_range=(33.3, 66.7))),
                   ("rob_const", const, RobustScaler())]:
    s.fit(X)
    save(case, "center", s.center_)
    save(case, "scale", s.scale_)
    save(case, "transform", s.transform(X))
