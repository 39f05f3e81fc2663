#!/usr/bin/python3
"""NumPy's answers (Debian's python3-numpy 1.24) for tests/expr/test_math.cpp:
the elementwise functions of heat/expr/math.hpp on operands with the edge
cases NumPy's loops treat specially (signed zeros, NaN, infinities, zero
divisors, negative and oversized shift counts). Run from this folder:
    /usr/bin/python3 make_math.py
Writes numpy/math_<name>.npy:
  fa, fb: float64 6 x 7 operands; ia, ib: int64 6 x 7; sc: int64 shift counts
  f_<fn>: fn(fa, fb) or fn(fa) in float64; i_<fn>: fn(ia, ib) or fn(ia)
  s_<fn>: the shifts of ia by sc; g_<fn>: float32 results of float32(fa), float32(fb)
"""
import os

import numpy as np

out = "numpy"
os.makedirs(out, exist_ok=True)


def save(name, value):
    np.save(f"{out}/math_{name}.npy", np.ascontiguousarray(value))


fa = np.array([-3.5, -2.0, -0.5, -0.0, 0.0, 0.3, 1.0,
               2.5, 7.0, 1e300, np.nan, np.inf, -np.inf, 0.75,
               -7.25, 5.0, 3.0, -1.0, 1e-300, 0.999, -0.999,
               10.0, -10.0, 4.5, 1.0, np.inf, np.nan, 2.0,
               1.5, -1.5, 100.0, -0.1, 0.1, 3.0, np.inf,
               1.0, 2.0, -3.0, 1e-8, 5.5, -6.5, 0.5]).reshape(6, 7)
fb = np.array([2.0, -2.0, 0.0, 1.0, -0.0, 0.1, 0.0,
               -1.5, 2.0, 1e300, 1.0, 2.0, 3.0, np.nan,
               2.5, -5.0, 3.0, 0.25, 1e-300, 1.0, 1.0,
               -3.0, 3.0, 4.5 + 1e-6, 1.0 + 1e-9, np.inf, np.nan, -np.inf,
               -0.5, 0.5, 100.0001, 0.1, -0.1, -3.0, -np.inf,
               1.0 + 2e-5, 2.0 + 1e-4, -3.0, 2e-8, 0.0, 6.5, np.inf]).reshape(6, 7)
ia = np.array([(k * 37) % 41 - 20 for k in range(42)], dtype=np.int64).reshape(6, 7)
ia[0, 0] = 0
ia[5, 6] = np.iinfo(np.int64).min
ib = np.array([(k * 11) % 13 - 6 for k in range(42)], dtype=np.int64).reshape(6, 7)
sc = np.array([(k * 5) % 70 - 3 for k in range(42)], dtype=np.int64).reshape(6, 7)
for name, v in [("fa", fa), ("fb", fb), ("ia", ia), ("ib", ib), ("sc", sc)]:
    save(name, v)

with np.errstate(all="ignore"):
    for fn in ["floor_divide", "fmod", "hypot", "copysign", "logaddexp", "logaddexp2", "arctan2", "remainder"]:
        save(f"f_{fn}", getattr(np, fn)(fa, fb))
    save("f_isclose", np.isclose(fa, fb))
    save("f_isclose_nan", np.isclose(fa, fb, equal_nan=True))
    save("f_isclose_tol", np.isclose(fa, fb, rtol=1e-3, atol=0.2))
    for fn in ["fabs", "deg2rad", "rad2deg", "arcsinh", "arccosh", "arctanh", "signbit", "isposinf", "isneginf",
               "sign"]:
        save(f"f_{fn}", getattr(np, fn)(fa))
    frac, whole = np.modf(fa)
    save("f_modf_frac", frac)
    save("f_modf_whole", whole)
    save("f_nan_to_num", np.nan_to_num(fa))
    save("f_nan_to_num_given", np.nan_to_num(fa, nan=-1.0, posinf=1e10, neginf=-2e10))
    for fn in ["floor_divide", "fmod", "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "remainder"]:
        save(f"i_{fn}", getattr(np, fn)(ia, ib))
    save("i_invert", np.invert(ia))
    save("i_isclose", np.isclose(ia, ib, atol=1))
    save("s_left_shift", np.left_shift(ia, sc))
    save("s_right_shift", np.right_shift(ia, sc))
    ga, gb = fa.astype(np.float32), fb.astype(np.float32)
    for fn in ["deg2rad", "rad2deg", "arcsinh"]:
        save(f"g_{fn}", getattr(np, fn)(ga))
    for fn in ["logaddexp", "hypot", "floor_divide"]:
        save(f"g_{fn}", getattr(np, fn)(ga, gb))
    save("g_isclose", np.isclose(ga, gb))
