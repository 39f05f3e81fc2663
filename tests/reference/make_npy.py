#!/usr/bin/python3
"""Writes the .npy files the I/O tests read (Debian's python3-numpy):
values follow ht::testing::global_pattern (tests/support/testing.hpp), so a
test builds the expected array itself. Run from this folder:
    /usr/bin/python3 make_npy.py
"""
import os

import numpy as np
from pattern import pattern

out = "npy"
os.makedirs(out, exist_ok=True)


# Files NumPy writes (C order unless named otherwise).
np.save(f"{out}/f8_5x4.npy", pattern((5, 4), np.float64))
np.save(f"{out}/f4_3x4x2.npy", pattern((3, 4, 2), np.float32))
np.save(f"{out}/i8_7.npy", pattern((7,), np.int64))
np.save(f"{out}/i4_6x3.npy", pattern((6, 3), np.int32))
np.save(f"{out}/u1_9x2.npy", pattern((9, 2), np.uint8))
np.save(f"{out}/b1_4x3.npy", pattern((4, 3), np.bool_))
np.save(f"{out}/f8_scalar.npy", pattern((), np.float64))
np.save(f"{out}/f8_0x3.npy", pattern((0, 3), np.float64))
np.save(f"{out}/f8_fortran_5x4.npy", np.asfortranarray(pattern((5, 4), np.float64)))
np.save(f"{out}/i2_big_endian_8x2.npy", pattern((8, 2), np.int16).astype(">i2"))
np.save(f"{out}/u4_6.npy", pattern((6,), np.uint32))
with open(f"{out}/f8_v2_5x4.npy", "wb") as f:
    np.lib.format.write_array(f, pattern((5, 4), np.float64), version=(2, 0))

# Bad files.
good = open(f"{out}/f8_5x4.npy", "rb").read()
open(f"{out}/bad_truncated.npy", "wb").write(good[:-8])
open(f"{out}/bad_magic.npy", "wb").write(b"XNUMPY" + good[6:])
open(f"{out}/bad_empty.npy", "wb").write(b"")
lie = good.replace(b"(5, 4)", b"(9, 4)")
open(f"{out}/bad_shape_lies.npy", "wb").write(lie)
open(f"{out}/bad_complex.npy", "wb").write(good.replace(b"'<f8'", b"'<c8'"))
open(f"{out}/bad_header.npy", "wb").write(good.replace(b"'shape'", b"'shapf'"))
