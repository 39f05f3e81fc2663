#!/usr/bin/python3
"""Writes the HDF5 files the I/O tests read (Debian's python3-h5py and
python3-numpy), values as ht::testing::global_pattern
(tests/support/testing.hpp). Run from this folder: /usr/bin/python3 make_hdf5.py
"""
import os

import h5py
import numpy as np
from pattern import pattern

out = "hdf5"
os.makedirs(out, exist_ok=True)


with h5py.File(f"{out}/mixed.h5", "w") as f:
    f["data"] = pattern((37, 5), np.float64)
    f.create_group("grp")["ints"] = pattern((6, 4, 3), np.int32)
    f["flags"] = pattern((4, 3), np.bool_)
    f["small"] = pattern((9,), np.float32)
    f["bytes"] = pattern((5, 2), np.uint8)
    f["text"] = np.array([b"a", b"b"])
