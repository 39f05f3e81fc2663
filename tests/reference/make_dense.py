#!/usr/bin/python3
"""NumPy's answers (Debian's python3-numpy 1.24) for tests/linalg/test_dense.cpp.
Run from this folder:
    /usr/bin/python3 make_dense.py
Writes numpy/dense_<name>.npy:
  A: 6 x 6 float64 (RandomState(7)), S: a 3 x 4 x 4 stack, B: 6 x 2 right-hand sides, b: 6,
  P: 6 x 6 symmetric positive definite (A A^T + 6 I), Sing: a singular 4 x 4
  det_A, det_S, inv_A, inv_S, solve_B, solve_b, cg_P (np.linalg.solve(P, b))
  vn2_0, vn1_1, vninf_0, vnneginf_1, vn0_none, vn3_0 (np.linalg.norm of vectors; vn0 counts non-zeros)
  mnfro, mn1, mnm1, mninf, mnminf (np.linalg.norm(A, ord)); mnfro_S (the stack, axes (1, 2))
  U, V: 4 x 3 vectors; cross_UV (np.cross), U2: 4 x 2; cross_U2V2 (U2 and V's first two columns with a 0 third component: HeAT's 2-vectors)
  cov_A, cov_A_cols (rowvar=False), cov_A_bias, cov_AB (with y = B.T), cov_b (0-d)
"""
import os

import numpy as np

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/dense_{name}.npy", np.ascontiguousarray(value))


rng = np.random.RandomState(7)
A = rng.normal(size=(6, 6))
A[2, 3] = 0.0
A[4, 1] = 0.0
S = rng.normal(size=(3, 4, 4))
B = rng.normal(size=(6, 2))
b = rng.normal(size=6)
P = A @ A.T + 6 * np.eye(6)
Sing = np.array([[1.0, 2, 3, 4], [2, 4, 6, 8], [0, 1, 0, 1], [1, 0, 1, 0]])
for name, v in [("A", A), ("S", S), ("B", B), ("b", b), ("P", P), ("Sing", Sing)]:
    save(name, v)
save("det_A", np.linalg.det(A))
save("det_S", np.linalg.det(S))
save("inv_A", np.linalg.inv(A))
save("inv_S", np.linalg.inv(S))
save("solve_B", np.linalg.solve(A, B))
save("solve_b", np.linalg.solve(A, b))
save("cg_P", np.linalg.solve(P, b))
save("vn2_0", np.linalg.norm(A, axis=0))
save("vn1_1", np.linalg.norm(A, ord=1, axis=1))
save("vninf_0", np.linalg.norm(A, ord=np.inf, axis=0))
save("vnneginf_1", np.linalg.norm(A, ord=-np.inf, axis=1))
save("vn0_none", np.linalg.norm(A.ravel(), ord=0))
save("vn3_0", np.linalg.norm(A, ord=3, axis=0))
save("mnfro", np.linalg.norm(A, "fro"))
save("mn1", np.linalg.norm(A, 1))
save("mnm1", np.linalg.norm(A, -1))
save("mninf", np.linalg.norm(A, np.inf))
save("mnminf", np.linalg.norm(A, -np.inf))
save("mnfro_S", np.linalg.norm(S, "fro", axis=(1, 2)))
U = rng.normal(size=(4, 3))
V = rng.normal(size=(4, 3))
U2 = rng.normal(size=(4, 2))
for name, v in [("U", U), ("V", V), ("U2", U2)]:
    save(name, v)
save("cross_UV", np.cross(U, V))
save("cross_UV0", np.cross(U.T, V.T, axis=0))
save("cross_U2V2", np.cross(np.c_[U2, np.zeros(4)], np.c_[V[:, :2], np.zeros(4)]))
save("cov_A", np.cov(A))
save("cov_A_cols", np.cov(A, rowvar=False))
save("cov_A_bias", np.cov(A, bias=True))
save("cov_AB", np.cov(A, B.T))
save("cov_b", np.cov(b))
