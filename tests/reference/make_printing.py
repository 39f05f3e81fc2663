#!/usr/bin/python3
"""Writes printing.txt: what NumPy prints for the arrays test_printing.cpp
builds (the last two under other print options), with NumPy's "array(" replaced by HeAT's "DNDarray(" and HeAT's dtype,
device and split after the data. Run with Debian's python3-numpy:
    /usr/bin/python3 tests/reference/make_printing.py > tests/reference/printing.txt
"""
import numpy as np

NAMES = {np.float64: "float64", np.float32: "float32", np.int64: "int64", np.int32: "int32",
         np.int16: "int16", np.int8: "int8", np.uint8: "uint8", np.bool_: "bool"}


def pattern(shape, dtype):
    """The values tests/support/testing.hpp's global_pattern gives."""
    k = np.arange(int(np.prod(shape)), dtype=np.int64)
    if dtype == np.bool_:
        v = k % 3 == 1
    elif np.issubdtype(dtype, np.floating):
        v = 0.5 * k - 3.25
    elif np.issubdtype(dtype, np.signedinteger):
        v = k % 101 - 50
    else:
        v = k % 251
    return v.astype(dtype).reshape(shape)


def show(name, a, split):
    body = np.array2string(a, separator=", ", prefix="DNDarray(", suffix=",")
    shape = f", shape={a.shape}" if a.size == 0 and a.ndim > 1 else ""
    print(f"=== {name}")
    print(f"DNDarray({body}{shape}, dtype=ht.{NAMES[a.dtype.type]}, device=cpu:0, split={split})")


show("float64_2x3_split0", pattern((2, 3), np.float64), 0)
show("float32_7_split0", pattern((7,), np.float32), 0)
show("int64_3x4_split1", pattern((3, 4), np.int64), 1)
show("bool_2x2x3_split2", pattern((2, 2, 3), np.bool_), 2)
show("uint8_2x5_none", pattern((2, 5), np.uint8), None)
show("float64_scalar", np.array(2.5), None)
show("float64_empty_0x3_split0", np.zeros((0, 3)), 0)
show("int32_40x30_split0", pattern((40, 30), np.int32), 0)
show("float64_arange2000_split0", np.arange(2000, dtype=np.float64), 0)
show("int16_12x10x10_split1", pattern((12, 10, 10), np.int16), 1)
show("float64_1x30_split1", pattern((1, 30), np.float64), 1)
show("float64_logspace_split0", np.logspace(-5, 5, 3), 0)
show("float64_special_none", np.array([np.nan, np.inf, -np.inf, 1.5, -0.25]), None)
show("float32_mixed_split0", np.array([0.5, 1.25, 100.0, -3.0], dtype=np.float32), 0)

# With print options (test_printing.cpp sets the same through ht::set_printoptions).
np.set_printoptions(precision=3, threshold=20, edgeitems=2, linewidth=40)
show("opts_float64_6x8_split0", pattern((6, 8), np.float64) / 3, 0)
np.set_printoptions(precision=2, threshold=1000, edgeitems=2, linewidth=75)
show("short_float64_arange2000_split0", np.arange(2000, dtype=np.float64) / 7, 0)
np.set_printoptions(precision=8, threshold=1000, edgeitems=3, linewidth=75)
