#!/usr/bin/env python3
"""Make HDF5 files whose root group keeps its links, or its attributes, in
dense storage (fractal heap + v2 B-tree), and write what h5py reads back.

usage: gen_dense_fixtures.py OUTDIR

Every file has exactly one dense structure (the root group's links or the
root group's attributes), so a test can find the heap and its B-trees by
their signatures. OUTDIR/expected.txt has one line per file:
    F <file> <kind: links|attrs> <count>
followed by one line per link or attribute:
    N <hex of the UTF-8 name> <hex of the value bytes (attrs) or ->
"""
import os
import sys

import h5py
import numpy as np


def hexs(b):
    return b.hex() if b else "-"


def link_file(path, n, track_order, libver):
    names = []
    with h5py.File(path, "w", libver=libver, track_order=track_order) as f:
        # one target object, reached by many hard links; the rest soft links
        f.attrs.create("x", 1)  # compact attribute: not dense
        tgt = "t" * 3
        f.create_group(tgt)
        names.append(tgt)
        for i in range(n - 1):
            if i % 7 == 3:
                name = "grp_%05d_" % i + "long" * (i % 13)
                f[name] = f[tgt]
            elif i % 11 == 5:
                name = "ünï_%d_名" % i
                f[name] = h5py.SoftLink("/" + tgt)
            else:
                name = "l%d" % i
                f[name] = h5py.SoftLink("/nowhere/%d" % i)
            names.append(name)
    with h5py.File(path, "r") as f:
        got = list(f.keys())
    assert sorted(got) == sorted(names), (len(got), len(names))
    # creation order (what a creation-order index must give)
    return [(nm.encode("utf-8"), b"") for nm in names]


def attr_file(path, n, track_order, libver, big=()):
    names = []
    with h5py.File(path, "w", libver=libver, track_order=track_order) as f:
        for i in range(n):
            if i % 3 == 0:
                name = "a%04d" % i
                f.attrs.create(name, np.arange(i % 17 + 1, dtype="<i8") * (i + 1))
            elif i % 3 == 1:
                name = "float_attr_%d" % i
                f.attrs.create(name, np.float32(i) / 7, dtype="<f4")
            else:
                name = "s%d" % i
                f.attrs.create(name, np.array([("v%d" % i).encode()] * 3, dtype="S6"))
            names.append(name)
        for j, size in enumerate(big):
            name = "big%d" % j
            f.attrs.create(name, (np.arange(size // 8, dtype="<u8") * 2654435761) & 0xFFFFFFFFFFFF)
            names.append(name)
    out = []
    with h5py.File(path, "r") as f:
        assert sorted(f.attrs.keys()) == sorted(names)
        for nm in names:  # creation order
            v = f.attrs[nm]
            v = np.asarray(v)
            out.append((nm.encode("utf-8"), v.tobytes()))
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    specs = [
        ("links9.h5", "links", lambda p: link_file(p, 9, False, "latest")),
        ("links100.h5", "links", lambda p: link_file(p, 100, False, "latest")),
        ("links5000.h5", "links", lambda p: link_file(p, 5000, False, "latest")),
        ("links100_order.h5", "links", lambda p: link_file(p, 100, True, "earliest")),
        ("links5000_order.h5", "links", lambda p: link_file(p, 5000, True, "latest")),
        ("attrs20.h5", "attrs", lambda p: attr_file(p, 20, False, "latest")),
        ("attrs500.h5", "attrs", lambda p: attr_file(p, 500, False, "latest")),
        ("attrs500_order.h5", "attrs", lambda p: attr_file(p, 500, True, "earliest")),
        ("attrs_huge.h5", "attrs", lambda p: attr_file(p, 12, False, "latest", big=(100 * 1024, 1024 * 1024))),
        ("attrs_huge_order.h5", "attrs", lambda p: attr_file(p, 12, True, "latest", big=(100 * 1024,))),
    ]
    lines = []
    for fname, kind, make in specs:
        path = os.path.join(outdir, fname)
        if os.path.exists(path):
            os.remove(path)
        items = make(path)
        lines.append("F %s %s %d" % (fname, kind, len(items)))
        for nm, val in items:
            lines.append("N %s %s" % (hexs(nm), hexs(val)))
    with open(os.path.join(outdir, "expected.txt"), "w") as fo:
        fo.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
