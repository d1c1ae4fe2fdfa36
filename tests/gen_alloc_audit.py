"""tests/gen_alloc_audit.py OUTDIR -- small valid files that declare far more
data than they hold (unallocated datasets: their values are fill values),
for tests/alloc_audit.sh: a reader may stream such data in blocks, but no
single buffer may grow with what a file declares rather than what it holds.
Each file is a few KiB; none of them writes its data.
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def vaex_table(f, cols):
    g = f.create_group("table")
    g.attrs["type"] = "table"
    c = g.create_group("columns")
    for name, kw in cols:
        c.create_group(name).create_dataset("data", **kw)


with h5py.File(os.path.join(out, "wide_row.h5"), "w") as f:
    # one row of 240 MB (under cat's 256 MiB limit for a row) of fill
    f.create_dataset("row", shape=(1, 30_000_000), dtype="<f8")
    f.create_dataset("rows", shape=(4, 3_000_000), dtype="<f8", fillvalue=1.5)

with h5py.File(os.path.join(out, "big_chunk.h5"), "w") as f:
    # chunks far larger than the data (maxshape unlimited): 800 MB chunks for 10 rows
    f.create_dataset("one_d", shape=(10,), maxshape=(None,), chunks=(100_000_000,), dtype="<f8")
    f.create_dataset("two_d", shape=(3, 1000), maxshape=(None, 1000), chunks=(100_000, 1000), dtype="<f8")
    f.create_dataset("gzip", shape=(10,), maxshape=(None,), chunks=(100_000_000,), dtype="<f8", compression="gzip")

with h5py.File(os.path.join(out, "table_wide_strings.h5"), "w") as f:
    # 2,000 fixed strings of 100 KB (200 MB of fill) next to a small column
    vaex_table(f, [("s", dict(shape=(2000,), dtype="S100000")), ("x", dict(shape=(2000,), dtype="<i8"))])

with h5py.File(os.path.join(out, "table_big_chunks.h5"), "w") as f:
    # columns in 400 MB chunks, 10 rows each
    vaex_table(f, [("x", dict(shape=(10,), maxshape=(None,), chunks=(50_000_000,), dtype="<f8")),
                   ("y", dict(shape=(10,), maxshape=(None,), chunks=(50_000_000,), dtype="<f8", compression="gzip"))])

with h5py.File(os.path.join(out, "table_wide_cells.h5"), "w") as f:
    # a column of 2-D cells: 100 rows of 1,000,000 float64 (800 MB of fill)
    vaex_table(f, [("m", dict(shape=(100, 1_000_000), dtype="<f8")), ("x", dict(shape=(100,), dtype="<i8"))])
