#!/usr/bin/python3
"""NumPy's answers (Debian's python3-numpy 1.24) for tests/core/test_options.cpp:
the options and small functions of issue 23's second part. Run from this folder:
    /usr/bin/python3 make_options.py
Writes numpy/opt_<name>.npy:
  X: 5 x 6 float64 (RandomState(5)) with NaN at [1, 2], [3, 2], [3, 4] and the whole column 5 NaN;
  V: 7 float64; I: 4 x 5 int64
  eye_4_6_k2, eye_5_3_km1 (float64); linspace_noend (0, 1, 7, endpoint=False), logspace_noend (1, 3, 5, False)
  tril_V_k1, triu_V_km1 (NumPy's 1-D tril/triu); diff_pre_app (V, prepend 0, append [10, 11]),
  diff2_X0_pre (I along 0, n=2, prepend a row of I)
  ptp_X0, nanmean_0, nanmean_1, nanmax_0, nanmin_1, nanvar_0_ddof1, nanstd_none (of X, NaN columns -> NaN)
  cumsum_I, cumprod_I (flattened); round_V_2, round_V_m1, round_I_m1; sort_desc_V
  trace_T_1_0_2 (T = arange(60).reshape(3, 4, 5), offset 1, axes 0 and 2)
  pad_<mode>: I as float64 padded ((2, 3), (1, 4)) in NumPy's modes edge, wrap, reflect, symmetric;
  padwide_<mode>: ((2, 3), (1, 7)), wider than the axis, for edge, reflect, symmetric
  P: 5 x 5 symmetric; eigh_w
"""
import os
import warnings

import numpy as np

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/opt_{name}.npy", np.ascontiguousarray(value))


rng = np.random.RandomState(5)
X = rng.normal(size=(5, 6))
X[1, 2] = X[3, 2] = X[3, 4] = np.nan
X[:, 5] = np.nan
V = np.array([1.25, -0.35, 2.5, 3.155, -1.45, 0.5, 12.5])
I = rng.randint(-9, 10, (4, 5)).astype(np.int64)
for name, v in [("X", X), ("V", V), ("I", I)]:
    save(name, v)
save("eye_4_6_k2", np.eye(4, 6, 2))
save("eye_5_3_km1", np.eye(5, 3, -1))
save("linspace_noend", np.linspace(0, 1, 7, endpoint=False))
save("logspace_noend", np.logspace(1, 3, 5, endpoint=False))
save("tril_V_k1", np.tril(V, 1))
save("triu_V_km1", np.triu(V, -1))
save("diff_pre_app", np.diff(V, prepend=0, append=[10, 11]))
save("diff2_I0_pre", np.diff(I, n=2, axis=0, prepend=I[:1]))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    save("ptp_X0", np.ptp(np.nan_to_num(X), axis=0))
    save("nanmean_0", np.nanmean(X, axis=0))
    save("nanmean_1", np.nanmean(X, axis=1))
    save("nanmax_0", np.nanmax(X, axis=0))
    save("nanmin_1", np.nanmin(X, axis=1))
    save("nanvar_0_ddof1", np.nanvar(X, axis=0, ddof=1))
    save("nanstd_none", np.nanstd(X))
save("cumsum_I", np.cumsum(I))
save("cumprod_I", np.cumprod(I % 3 + 1))
save("round_V_2", np.round(V, 2))
save("round_V_m1", np.round(V, -1))
save("round_I_m1", np.round(I * 5, -1))
save("sort_desc_V", -np.sort(-V))
T = np.arange(60, dtype=np.float64).reshape(3, 4, 5)
save("trace_T_1_0_2", np.trace(T, 1, 0, 2))
for mode in ["edge", "wrap", "reflect", "symmetric"]:
    save(f"pad_{mode}", np.pad(I.astype(np.float64), ((2, 3), (1, 4)), mode))
for mode in ["edge", "reflect", "symmetric"]:  # NumPy 1.24's wrap repeats an edge when a pad exceeds the axis
    save(f"padwide_{mode}", np.pad(I.astype(np.float64), ((2, 3), (1, 7)), mode))
A = rng.normal(size=(5, 5))
P = A + A.T
save("P", P)
save("eigh_w", np.linalg.eigh(P)[0])
