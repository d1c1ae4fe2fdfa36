#!/usr/bin/python3
"""Read what tests/gen_chunked_write.c wrote, with h5py (values, chunk shape,
filters, max shape, per-chunk filter masks and storage) and PyTables, and
compare every value with the generator's formulas.
  usage: check_chunked_write.py FILE.h5 [--h5wasm HDF5_HL_JS]
With --h5wasm, libhdf5 2.0 (h5wasm, node) reads every dataset it has the
filters for (not LZF) and its values' SHA-256 must match; h5dump must dump
the whole file (HDF5_PLUGIN_PATH for LZF). Last, h5py appends to the file.
Prints each failure, then `N passed, M failed`; exit 1 if anything failed."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import numpy as np
import h5py

fails = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        fails.append(what)
        print("FAIL:", what)


def xorshift(n):
    x = 0x9E3779B97F4A7C15
    out = []
    m = (1 << 64) - 1
    for _ in range(n):
        x ^= (x << 13) & m
        x ^= x >> 7
        x ^= (x << 17) & m
        out.append(x)
    return np.array(out, dtype=np.uint64)


def u32(i):
    return (i.astype(np.uint64) * np.uint64(2654435761)) & np.uint64(0xffffffff)


i = np.arange
expect = {
    "f64_shuffle_deflate": (i(100000, dtype=np.float64) * 0.25 - 1000.0, (4096,), "gzip", True, False, (100000,)),
    "g/i32_2d_lzf": (u32(i(7000)).astype(np.uint32).view(np.int32).reshape(1000, 7), (64, 3), "lzf", False, False, (1000, 7)),
    "g/u8_3d_fletcher": (((i(450) * 7 + 3) % 256).astype(np.uint8).reshape(10, 5, 9), (3, 2, 4), None, False, True, (10, 5, 9)),
    "ext_f32": (((i(250000) % 1000) * 0.5).astype(np.float32), (131072,), "gzip", False, False, (None,)),
    "ext_i16_2d": (((i(4200, dtype=np.int64) * 31 - 7000) & 0xffff).astype(np.uint16).view(np.int16).reshape(1050, 4),
                   (100, 4), "gzip", True, False, (None, 4)),
    "i64_many": (i(300000, dtype=np.int64) * -1000003, (64,), None, False, True, (300000,)),
    "u8_deep": (((i(300000) * 7 + 3) % 256).astype(np.uint8), (1,), None, False, False, (300000,)),
    "random_deflate": (np.concatenate([xorshift(20000), i(20000, 50000, dtype=np.uint64)]), (10000,), "gzip", False, False, (50000,)),
    "be_i32": (u32(i(77777)).astype(np.uint32).view(np.int32).astype(">i4"), (77777,), "lzf", True, True, (77777,)),
    "str5": (np.array([("s%04d" % (k % 10000)).encode() for k in range(3000)], dtype="S5"), (256,), "gzip", False, False, (3000,)),
    "ext_partial": (np.array([0, 1, 2, 3, 4, 0, 0, 0, 0, 0], dtype=np.int64), (4,), None, False, False, (None,)),
}

path = sys.argv[1]
with h5py.File(path, "r") as f:
    for name, (want, chunks, comp, shuffle, fl32, maxshape) in expect.items():
        d = f[name]
        got = d[()]
        check(got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes(),
              "%s: values (h5py) %s %s vs %s %s" % (name, got.dtype, got.shape, want.dtype, want.shape))
        check(d.chunks == chunks, "%s: chunks %s, want %s" % (name, d.chunks, chunks))
        check(d.compression == comp, "%s: compression %s, want %s" % (name, d.compression, comp))
        check(bool(d.shuffle) == shuffle, "%s: shuffle %s" % (name, d.shuffle))
        check(bool(d.fletcher32) == fl32, "%s: fletcher32 %s" % (name, d.fletcher32))
        check(d.maxshape == maxshape, "%s: maxshape %s, want %s" % (name, d.maxshape, maxshape))
        # a slice in the middle, read through the B-tree lookups
        n0 = want.shape[0]
        a, b = n0 // 3, n0 // 3 + max(1, n0 // 7)
        check(d[a:b].tobytes() == want[a:b].tobytes(), "%s: slice [%d:%d]" % (name, a, b))
    # per-chunk facts: random chunks stored raw with the deflate bit set, the others compressed
    d = f["random_deflate"]
    masks = [d.id.get_chunk_info(k).filter_mask for k in range(d.id.get_num_chunks())]
    check(masks == [1, 1, 0, 0, 0], "random_deflate: filter masks %s" % masks)
    d = f["u8_deep"]
    check(d.id.get_num_chunks() == 300000, "u8_deep: %d chunks" % d.id.get_num_chunks())
    d = f["ext_partial"]
    check(d.id.get_num_chunks() == 2, "ext_partial: %d chunks (rows 0..4 written)" % d.id.get_num_chunks())
    check(f["ext_f32"].attrs["note"] == 42, "ext_f32: attribute")
    check(f["contig"][()].tolist() == list(range(10)), "contig: values")

# h5dump: every dataset but the LZF ones (Debian's liblzf_filter.so fails in
# h5dump even on h5py's own LZF files: "unable to print data")
for name, (_v, _c, comp, *_r) in expect.items():
    if comp == "lzf":
        continue
    r = subprocess.run(["h5dump", "-d", "/" + name, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    check(r.returncode == 0, "h5dump %s: exit %d: %s" % (name, r.returncode, r.stderr[-300:]))
if "--h5wasm" in sys.argv:
    js = sys.argv[sys.argv.index("--h5wasm") + 1]
    want = {}
    for name, (v, _c, comp, *_r) in expect.items():
        if comp != "lzf":
            want["/" + name] = {"shape": list(v.shape),
                                "sha": hashlib.sha256(v.astype(v.dtype.newbyteorder("<")).tobytes()).hexdigest()}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as t:
        json.dump({k: {"shape": v["shape"]} for k, v in want.items()}, t)
    r = subprocess.run(["node", os.path.join(os.path.dirname(os.path.abspath(__file__)), "h5wasm_read.mjs"), js, path, t.name],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.unlink(t.name)
    check(r.returncode == 0, "h5wasm: exit %d %s" % (r.returncode, r.stderr[-300:]))
    if r.returncode == 0:
        out = json.loads(r.stdout)
        for k, v in want.items():
            got = out["datasets"].get(k, {})
            check(got.get("sha") == v["sha"] and got.get("shape") == v["shape"],
                  "h5wasm %s: %s" % (k, got.get("error") or "%s %s" % (got.get("shape"), got.get("sha"))))

# h5py appends to a file hdf5lite wrote: libhdf5 extends hdf5lite's B-tree
with h5py.File(path, "r+") as f:
    d = f["ext_i16_2d"]
    d.resize((1050 + 333, 4))
    d[1050:] = np.full((333, 4), -5, dtype=np.int16)
    d = f["u8_deep"]
    d[299990:] = 9
with h5py.File(path, "r") as f:
    want = np.concatenate([expect["ext_i16_2d"][0], np.full((333, 4), -5, dtype=np.int16)])
    check(f["ext_i16_2d"][()].tobytes() == want.tobytes(), "ext_i16_2d: after libhdf5 appended 333 rows")
    want = expect["u8_deep"][0].copy()
    want[299990:] = 9
    check(f["u8_deep"][()].tobytes() == want.tobytes(), "u8_deep: after libhdf5 rewrote 10 chunks")

try:
    import tables
    with tables.open_file(path, "r") as t:
        for name, (want, *_rest) in expect.items():
            if name in ("ext_i16_2d", "u8_deep"):
                continue
            got = t.get_node("/" + name).read()
            got = np.asarray(got)
            check(got.shape == want.shape and np.array_equal(got, want), "%s: values (PyTables)" % name)
except ImportError:
    check(False, "PyTables is not installed")

print("%d passed, %d failed" % (passed, len(fails)))
sys.exit(1 if fails else 0)
