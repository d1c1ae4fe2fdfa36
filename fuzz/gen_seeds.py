#!/usr/bin/python3
"""Seed corpus for the hdf5lite fuzz targets and the malformed-file test.

Usage: /usr/bin/python3 fuzz/gen_seeds.py OUTDIR

Writes small, deterministic HDF5 files made by h5py (libhdf5) covering the
structures the reader parses: superblocks v0/v2/v3 (libver earliest, v110,
latest), user block, symbol-table groups with several B-tree nodes, compact
and dense link storage, creation-order tracking, compact and dense
attributes, fixed and variable-length strings, compact / contiguous /
chunked (unsupported) layouts, committed types, compound / enum / array /
opaque / reference types, soft / external / hard links, big-endian data and
a vaex-style /table. Files made by hdf5lite itself are added by
`build/seed_writer OUTDIR` (fuzz/seed_writer.c).
Prints the files written. Needs h5py and numpy (use /usr/bin/python3).
"""
import os
import sys

import numpy as np
import h5py


def vaex_table(g, n=7, track=False):
    t = g.create_group("table", track_order=track)
    t.attrs["type"] = "table"
    cols = t.create_group("columns", track_order=track)
    cols.attrs["column_order"] = "x,y,s,m,b"
    x = cols.create_group("x")
    x.create_dataset("data", data=np.arange(n, dtype="<f8") * 0.5)
    x.attrs["unit"] = "km"
    y = cols.create_group("y")
    y.create_dataset("data", data=np.arange(n, dtype=">i4") - 3)
    s = cols.create_group("s")
    words = [b"", b"a", b"bc", b"def", "\u00e9t\u00e9".encode(), b"xyz", b"q"][:n]
    blob = b"".join(words)
    offs = np.cumsum([0] + [len(w) for w in words]).astype("<i8")
    d = s.create_dataset("data", data=np.frombuffer(blob, dtype="S1") if blob else np.zeros(0, "S1"))
    d.attrs["dtype"] = "str"
    s.create_dataset("indices", data=offs)
    bm = np.zeros((n + 7) // 8, dtype="u1")
    for i in range(n):
        if i % 3:
            bm[i // 8] |= 1 << (i % 8)
    s.create_dataset("null_bitmap", data=bm)
    m = cols.create_group("m")
    m.create_dataset("data", data=np.arange(n, dtype="<i2"))
    m.create_dataset("mask", data=(np.arange(n) % 2).astype(bool))
    b = cols.create_group("b")
    b.create_dataset("data", data=(np.arange(n) % 3 == 0))
    return t


def content(f, big=False):
    f.attrs["title"] = "seed file"
    f.attrs["version"] = np.int32(3)
    f.attrs["floats"] = np.array([1.5, -2.0], dtype=">f4")
    f.create_dataset("scalar", data=np.float64(2.5))
    f.create_dataset("empty", shape=(0,), dtype="<i4")
    f.create_dataset("null", data=h5py.Empty("f4"))
    f.create_dataset("compact", data=np.arange(6, dtype="<u2"),
                     **({} if big else {}))
    f.create_dataset("be64", data=np.arange(5, dtype=">i8"))
    f.create_dataset("matrix", data=np.arange(12, dtype="<f4").reshape(3, 4))
    f.create_dataset("fixed_str", data=np.array([b"one", b"two", b"three"], dtype="S5"))
    f.create_dataset("vlen_str", data=["alpha", "\u00df\u00e9", ""], dtype=h5py.string_dtype())
    f.create_dataset("vlen_int", data=np.array([np.arange(3), np.arange(1)], dtype=object),
                     dtype=h5py.vlen_dtype(np.int16))
    f.create_dataset("unalloc", shape=(4,), dtype="<i8", fillvalue=7)
    f.create_dataset("chunked", data=np.arange(20, dtype="<i4"), chunks=(5,))
    comp = np.dtype([("a", "<i4"), ("b", ">f8"), ("c", "S3")])
    f.create_dataset("compound", data=np.array([(1, 2.0, b"x"), (3, 4.0, b"yz")], dtype=comp))
    cv = np.dtype([("n", "<i2"), ("s", h5py.string_dtype()), ("v", h5py.vlen_dtype(np.int32))])
    arr = np.empty(2, dtype=cv)
    arr[0] = (1, "first", np.arange(2, dtype=np.int32))
    arr[1] = (2, "\u00e9", np.arange(0, dtype=np.int32))
    f.create_dataset("compound_vlen", data=arr)
    en = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 5}, basetype="u1")
    f.create_dataset("enum", data=np.array([0, 1, 5], dtype="u1"), dtype=en)
    f.create_dataset("bools", data=np.array([True, False, True]))
    f.create_dataset("array", data=np.zeros((2,), dtype=np.dtype(("<i2", (2, 3)))))
    f.create_dataset("opaque", data=np.void(b"\x01\x02\x03"))
    f["named_type"] = np.dtype("<u8")
    f.create_dataset("typed", data=np.arange(3, dtype="<u8"), dtype=f["named_type"])
    f.create_dataset("refs", data=[f["scalar"].ref, f.ref], dtype=h5py.ref_dtype)
    g = f.create_group("grp")
    g["hard_again"] = f["scalar"]
    g["soft"] = h5py.SoftLink("/scalar")
    g["dangling"] = h5py.SoftLink("/nowhere")
    g["loop"] = h5py.SoftLink("/grp/loop")
    g["ext"] = h5py.ExternalLink("other.h5", "/x")
    g.create_group("sub").create_group("deeper").attrs["k"] = 1
    vaex_table(f)


def many(f, nlinks, nattrs):
    g = f.create_group("many")
    for i in range(nlinks):
        g.create_dataset("d%03d" % i, data=np.int8(i))
    for i in range(nattrs):
        g.attrs["a%03d" % i] = np.int16(i)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    written = []

    def path(name):
        p = os.path.join(outdir, name)
        if os.path.exists(p):
            os.remove(p)
        written.append(p)
        return p

    for lv in ("earliest", "v110", "latest"):
        with h5py.File(path("h5py_%s.h5" % lv), "w", libver=(lv, "latest") if lv != "latest" else "latest") as f:
            content(f)
        with h5py.File(path("h5py_%s_table.h5" % lv), "w", libver=(lv, "latest") if lv != "latest" else "latest") as f:
            vaex_table(f, n=5)
    with h5py.File(path("h5py_track_order.h5"), "w", track_order=True) as f:
        content(f)
    with h5py.File(path("h5py_latest_track_order_table.h5"), "w", libver="latest", track_order=True) as f:
        vaex_table(f, n=5, track=True)
    with h5py.File(path("h5py_userblock.h5"), "w", userblock_size=512) as f:
        vaex_table(f, n=4)
    with h5py.File(path("h5py_userblock_latest.h5"), "w", userblock_size=1024, libver="latest") as f:
        f.create_dataset("x", data=np.arange(3, dtype="<i4"))
    # many links/attributes: B-tree splits (earliest), dense storage (latest)
    with h5py.File(path("h5py_many_earliest.h5"), "w") as f:
        many(f, 40, 12)
    with h5py.File(path("h5py_many_latest.h5"), "w", libver="latest") as f:
        many(f, 40, 30)
    with h5py.File(path("h5py_many_track_order.h5"), "w", libver="latest", track_order=True) as f:
        many(f, 20, 20)
    # dense attributes on a dataset with strings
    with h5py.File(path("h5py_dense_attrs.h5"), "w", libver="latest") as f:
        d = f.create_dataset("d", data=np.arange(4, dtype="<f4"))
        for i in range(20):
            d.attrs["s%02d" % i] = "value %d \u00e9" % i
        d.attrs["arr"] = np.arange(10, dtype=">i8")
        d.attrs["vlarr"] = np.array(["a", "bb", "ccc"], dtype=h5py.string_dtype())
    # smallest files
    with h5py.File(path("h5py_empty.h5"), "w") as f:
        pass
    with h5py.File(path("h5py_empty_latest.h5"), "w", libver="latest") as f:
        pass
    with h5py.File(path("h5py_one_dataset.h5"), "w") as f:
        f.create_dataset("x", data=np.arange(4, dtype="<i4"))
    # small latest-format file with creation order, for the malformed-file test
    with h5py.File(path("mal_track_order.h5"), "w", libver="latest", track_order=True) as f:
        g = f.create_group("g", track_order=True)
        g.create_dataset("b", data=np.arange(3, dtype="<i2"))
        g.create_dataset("a", data=np.float32(1.5))
        g.attrs["z"] = "zz"
        g.attrs["y"] = np.int8(2)
        f["s"] = h5py.SoftLink("/g/a")
    # compact layout made explicitly
    with h5py.File(path("h5py_compact.h5"), "w", libver="latest") as f:
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        sp = h5py.h5s.create_simple((8,))
        h5py.h5d.create(f.id, b"c", h5py.h5t.NATIVE_INT32, sp, dcpl=dcpl).write(
            h5py.h5s.ALL, h5py.h5s.ALL, np.arange(8, dtype=np.int32))
    # chunked storage: every chunk index and the built-in filters, small
    for lv in ("earliest", "latest"):
        with h5py.File(path("h5py_chunked_%s.h5" % lv), "w", libver=lv) as f:
            v = np.arange(300, dtype="<f8") * 0.25
            f.create_dataset("gzip_shuffle", data=v, chunks=(64,), compression="gzip", shuffle=True, fletcher32=True)
            f.create_dataset("fixed", data=np.arange(40, dtype="<i4"), chunks=(4,))
            f.create_dataset("single", data=np.arange(8, dtype="<i2"), chunks=(8,), compression="gzip")
            f.create_dataset("grow", data=np.arange(50, dtype="<u2"), maxshape=(None,), chunks=(8,), compression="gzip")
            f.create_dataset("grow2", data=np.arange(36, dtype="<i4").reshape(6, 6), maxshape=(None, None), chunks=(2, 3))
            f.create_dataset("scaleoffset", data=np.arange(100, dtype="<i4") % 7, chunks=(32,), scaleoffset=0)
            d = f.create_dataset("sparse", shape=(64,), dtype="<i4", chunks=(8,), fillvalue=3)
            d[8:16] = 1
            try:
                f.create_dataset("lzf", data=v, chunks=(64,), compression="lzf")
            except Exception:
                pass
    for p in written:
        print(p)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1])
