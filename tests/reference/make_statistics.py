#!/usr/bin/python3
"""NumPy's and scipy's answers (Debian's python3-numpy 1.24, python3-scipy)
for tests/core/test_statistics.cpp. Run from this folder:
    /usr/bin/python3 make_statistics.py
Writes numpy/stat_<name>.npy:
  X: 7 x 5 float64 (RandomState(3), four values repeated); Xn: X with NaN at [2, 1], [5, 1] and [4, 3]
  I: 6 x 4 int64 in [-5, 6); W: 7 x 5 weights; w1: 5 weights; w0: 7 weights
  med_{none,0,1}, pct_{none,0,1} (q = 0, 12.5, 50, 99, 100), qua_0 (q = 0.3),
  medn_0, medn_1 (NaN columns/rows give NaN), imed_{none,0,1}, ipct_1 (q = 37),
  f32med_0, f32pct_1 (float32, q = 25)
  avg_{none,0,1} (weights W), avg1_1 (w1 along axis 1), avg0_0 (w0 along axis 0)
  skew_0 (bias=False), skewb_1 (bias=True), skew_none; kurt_1 (Fisher, bias=False),
  kurtb_0 (Pearson, bias=True), kurt_none
  B: 23 non-negative ints, Bw: 23 weights; bc (bincount), bc10 (minlength 10), bcw (weighted)
  hist7_{counts,edges} (X, 7 bins), histr_{counts,edges} (X, 5 bins, range (0.2, 0.8)),
  ihist_{counts,edges} (I, 4 bins), f32hist_{counts,edges} (float32 X, 6 bins)
  dig, dig_right (bins 0.1, 0.3, 0.5, 0.9), dig_dec, dig_dec_right (bins reversed), on Xn
"""
import os

import numpy as np
from scipy import stats

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/stat_{name}.npy", np.ascontiguousarray(value))


rng = np.random.RandomState(3)
X = rng.uniform(0, 1, (7, 5))
X[3, 2] = X[1, 2]
X[6, 4] = X[0, 4]
X[5, 0] = X[2, 0]
X[4, 4] = X[0, 4]
Xn = X.copy()
Xn[2, 1] = np.nan
Xn[5, 1] = np.nan
Xn[4, 3] = np.nan
I = rng.randint(-5, 6, (6, 4)).astype(np.int64)
W = rng.uniform(0.1, 2, (7, 5))
w1 = rng.uniform(0.1, 2, 5)
w0 = rng.uniform(0.1, 2, 7)
for name, v in [("X", X), ("Xn", Xn), ("I", I), ("W", W), ("w1", w1), ("w0", w0)]:
    save(name, v)

q = [0, 12.5, 50, 99, 100]
save("med_none", np.median(X))
save("med_0", np.median(X, axis=0))
save("med_1", np.median(X, axis=1))
save("pct_none", np.percentile(X, q))
save("pct_0", np.percentile(X, q, axis=0))
save("pct_1", np.percentile(X, q, axis=1))
save("qua_0", np.quantile(X, 0.3, axis=0))
save("medn_0", np.median(Xn, axis=0))
save("medn_1", np.median(Xn, axis=1))
save("imed_none", np.median(I))
save("imed_0", np.median(I, axis=0))
save("imed_1", np.median(I, axis=1))
save("ipct_1", np.percentile(I, 37, axis=1))
F = X.astype(np.float32)
save("f32med_0", np.median(F, axis=0))
save("f32pct_1", np.percentile(F, 25, axis=1))

save("avg_none", np.average(X, weights=W))
save("avg_0", np.average(X, weights=W, axis=0))
save("avg_1", np.average(X, weights=W, axis=1))
save("avg1_1", np.average(X, weights=w1, axis=1))
save("avg0_0", np.average(X, weights=w0, axis=0))

save("skew_0", stats.skew(X, axis=0, bias=False))
save("skewb_1", stats.skew(X, axis=1, bias=True))
save("skew_none", stats.skew(X, axis=None, bias=False))
save("kurt_1", stats.kurtosis(X, axis=1, fisher=True, bias=False))
save("kurtb_0", stats.kurtosis(X, axis=0, fisher=False, bias=True))
save("kurt_none", stats.kurtosis(X, axis=None, fisher=True, bias=False))

B = np.array([0, 1, 1, 3, 2, 1, 7, 0, 0, 4, 4, 4, 4, 2, 6, 1, 1, 0, 3, 3, 7, 5, 2], dtype=np.int64)
Bw = rng.uniform(-1, 1, B.size)
save("B", B)
save("Bw", Bw)
save("bc", np.bincount(B))
save("bc10", np.bincount(B, minlength=10))
save("bcw", np.bincount(B, weights=Bw))

for name, (data, kw) in {"hist7": (X, dict(bins=7)), "histr": (X, dict(bins=5, range=(0.2, 0.8))),
                         "ihist": (I, dict(bins=4)), "f32hist": (F, dict(bins=6))}.items():
    counts, edges = np.histogram(data, **kw)
    save(f"{name}_counts", counts.astype(np.int64))
    save(f"{name}_edges", edges)

bins = np.array([0.1, 0.3, 0.5, 0.9])
save("dig", np.digitize(Xn, bins).astype(np.int64))
save("dig_right", np.digitize(Xn, bins, right=True).astype(np.int64))
save("dig_dec", np.digitize(Xn, bins[::-1]).astype(np.int64))
save("dig_dec_right", np.digitize(Xn, bins[::-1], right=True).astype(np.int64))
