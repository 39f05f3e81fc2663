#!/usr/bin/python3
"""NumPy's answers (Debian's python3-numpy 1.24) for tests/expr/test_reduction_options.cpp:
the where=, initial= and dtype= options of the reductions. Run from this folder:
    /usr/bin/python3 make_reduction_options.py
Writes numpy/ro_<name>.npy:
  A: 7 x 5 float64 (RandomState(11)) with NaN at [2, 3] (A > 0 is False there);
  I: 7 x 5 int32 in [-50, 50)
  M = A > 0; R = [True, False, True, True, False] (a row mask, broadcast)
  sum_M_none, sum_M_0, sum_M_1: np.sum(A, axis, where=M)
  sum_init_0: np.sum(A, 0, initial=2.5, keepdims=True)
  prod_M_1_init: np.prod(A, 1, where=M, initial=2)
  max_M_0, max_M_1, max_M_none: np.max(A, axis, where=M, initial=-10)
  min_R_1: np.min(A, 1, where=R, initial=10); max_init_1: np.max(A, 1, initial=0.5) (the NaN row stays NaN)
  mean_M_0, mean_M_1, mean_M_none, mean_R_1: np.mean(A, axis, where=mask)
  all_M_1: np.all(A > -1, 1, where=M); any_R_0: np.any(A > 1, 0, where=R)
  sum_I_f8: np.sum(I, dtype=float64); sum_I_f4_0: np.sum(I, 0, dtype=float32); mean_I_f4_1: np.mean(I, 1, dtype=float32)
  sum_I_M_init: np.sum(I, 1, where=I > 0, initial=100)
"""
import os
import warnings

import numpy as np

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/ro_{name}.npy", np.ascontiguousarray(value))


rng = np.random.RandomState(11)
A = rng.normal(size=(7, 5))
A[2, 3] = np.nan
I = rng.randint(-50, 50, (7, 5)).astype(np.int32)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    M = A > 0
R = np.array([True, False, True, True, False])
save("A", A)
save("I", I)
for axis, tag in [(None, "none"), (0, "0"), (1, "1")]:
    save(f"sum_M_{tag}", np.sum(A, axis, where=M))
    save(f"max_M_{tag}", np.max(A, axis, where=M, initial=-10))
    save(f"mean_M_{tag}", np.mean(A, axis, where=M))
save("sum_init_0", np.sum(A, 0, initial=2.5, keepdims=True))
save("prod_M_1_init", np.prod(A, 1, where=M, initial=2))
save("min_R_1", np.min(A, 1, where=R, initial=10))
save("max_init_1", np.max(A, 1, initial=0.5))
save("mean_R_1", np.mean(A, 1, where=R))
save("all_M_1", np.all(A > -1, 1, where=M).astype(np.uint8))
save("any_R_0", np.any(A > 1, 0, where=R).astype(np.uint8))
save("sum_I_f8", np.sum(I, dtype=np.float64))
save("sum_I_f4_0", np.sum(I, 0, dtype=np.float32))
save("mean_I_f4_1", np.mean(I, 1, dtype=np.float32))
save("sum_I_M_init", np.sum(I, 1, where=I > 0, initial=100))
