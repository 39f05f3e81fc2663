#!/usr/bin/python3
"""NumPy's answers (Debian's python3-numpy 1.24) for tests/core/test_unique.cpp. Run from this folder:
    /usr/bin/python3 make_unique.py
Writes numpy/uniq_<name>.npy:
  U: 9 x 4 float64, values from {-1.5, 0, 2, 7} (RandomState(3)) with NaN at [1, 2], [4, 0], [8, 3];
  values, index, inverse, counts: np.unique(U, return_index=True, return_inverse=True, return_counts=True)
    (inverse is NumPy 1.24's flat one; the test compares it reshaped to U's shape)
  K: 8 x 3 int64 rows drawn from four distinct rows (RandomState(4)), columns 0 and 2 equal;
  K_axis0 = np.unique(K, axis=0), K_axis1 = np.unique(K, axis=1)
  T: 3 x 4 x 2 int64 in [0, 2) (RandomState(5)); T_axis1 = np.unique(T, axis=1), T_axis2 = np.unique(T, axis=2)
"""
import os

import numpy as np

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/uniq_{name}.npy", np.ascontiguousarray(value))


rng = np.random.RandomState(3)
U = rng.choice([-1.5, 0.0, 2.0, 7.0], size=(9, 4))
U[1, 2] = U[4, 0] = U[8, 3] = np.nan
save("U", U)
values, index, inverse, counts = np.unique(U, return_index=True, return_inverse=True, return_counts=True)
for name, v in [("values", values), ("index", index), ("inverse", inverse), ("counts", counts)]:
    save(name, v)
rng = np.random.RandomState(4)
rows = np.array([[3, 1, 3], [0, 5, 0], [3, 0, 3], [-2, 1, -2]], dtype=np.int64)
K = rows[rng.randint(0, 4, 8)]
save("K", K)
save("K_axis0", np.unique(K, axis=0))
save("K_axis1", np.unique(K, axis=1))
T = np.random.RandomState(5).randint(0, 2, (3, 4, 2)).astype(np.int64)
save("T", T)
save("T_axis1", np.unique(T, axis=1))
save("T_axis2", np.unique(T, axis=2))
