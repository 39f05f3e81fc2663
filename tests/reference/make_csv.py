#!/usr/bin/python3
"""Writes the CSV files the I/O tests read (Debian's python3-numpy), values
as ht::testing::global_pattern (tests/support/testing.hpp). Run from this
folder: /usr/bin/python3 make_csv.py
"""
import os

import numpy as np

out = "csv"
os.makedirs(out, exist_ok=True)
k = np.arange(37 * 5).reshape(37, 5)
np.savetxt(f"{out}/f8_37x5_header.csv", 0.5 * k - 3.25, delimiter=",", header="a,b,c,d,e")
np.savetxt(f"{out}/i8_37x5_semicolon.csv", k % 101 - 50, delimiter=";", fmt="%d")
with open(f"{out}/bad_short_row.csv", "w") as f:
    f.write("1,2,3\n4,5,6\n7,8\n9,10,11\n")
with open(f"{out}/bad_cell.csv", "w") as f:
    f.write("1,2,3\n4,5,6\n7,x8,9\n")
open(f"{out}/bad_empty.csv", "w").close()
