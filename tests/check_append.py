#!/usr/bin/python3
"""Appending with hdf5lite (tests/append_tool.c) to files hdf5lite, h5py and
PyTables wrote, checked with h5py, PyTables and h5dump; then SIGKILL at
random instants of a run of many small commits: each time the file must
open in h5py with every dataset at the same commit boundary and every value
right.
  usage: check_append.py APPEND_TOOL WORKDIR HDF5LITE_FILE [MMAPCOL GEN_CSV]
HDF5LITE_FILE: a file of tests/gen_chunked_write.c (copied, not changed).
With H5WASM_JS set (h5wasm's hdf5_hl.js), libhdf5 2.0 reads the results too.
With MMAPCOL and GEN_CSV (examples/gen_csv): `mmapcol append` of a 60,000-row
CSV killed at random instants: the table keeps all its columns at the old
length or all at the new one.
Prints failures, then `N passed, M failed`; exit 1 if anything failed."""
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import h5py

tool, work, ours = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
fails = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        fails.append(what)
        print("FAIL:", what)


def new_rows(d, n, seed):
    """n new rows for dataset d (numpy, the file's dtype), deterministic."""
    rng = np.random.default_rng(seed)
    shape = (n,) + d.shape[1:]
    dt = d.dtype
    if dt.names:
        a = np.zeros(shape, dtype=dt)
        for name in dt.names:
            a[name] = rng.integers(0, 1000, size=shape).astype(dt[name])
        return a
    if dt.kind == "f":
        return (rng.standard_normal(size=shape) * 1000).astype(dt)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        return rng.integers(max(info.min, -10**6), min(info.max, 10**6), size=shape, endpoint=True).astype(dt)
    if dt.kind == "S":
        return np.array([b"r%d" % (seed * 7 + i) for i in range(int(np.prod(shape)))], dtype=dt).reshape(shape)
    return rng.integers(0, 2, size=shape).astype(dt)


def run_append(path, dsets, n, batch, seed):
    """Append n rows (batches of `batch`, a commit each) to each of dsets; return {dset: (before, added)}."""
    with h5py.File(path, "r") as f:
        before = {k: f[k][()] for k in dsets}
        add = {k: new_rows(f[k], n, seed + i) for i, k in enumerate(dsets)}
    args = [tool, path, str(batch)]
    for k in dsets:
        raw = os.path.join(work, "rows%d.raw" % dsets.index(k))
        add[k].tofile(raw)
        args += [k, raw]
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(r.returncode == 0, "%s: append_tool exit %d: %s" % (path, r.returncode, r.stderr.decode()[-300:]))
    return before, add


def verify(path, before, add, label):
    with h5py.File(path, "r") as f:
        for k in before:
            got = f[k][()]
            want = np.concatenate([before[k], add[k]]).astype(before[k].dtype)   # concatenate drops the byte order
            check(got.shape == want.shape and got.tobytes() == want.tobytes(), "%s %s: %s rows, want %s" % (label, k, got.shape, want.shape))
            if got.shape[0] > 10:
                check(f[k][-7:-2].tobytes() == want[-7:-2].tobytes(), "%s %s: slice" % (label, k))
    h5dump_all(path, label)
    h5wasm_check(path, before, add, label)


def h5wasm_check(path, before, add, label):
    """libhdf5 2.0 (h5wasm, node; H5WASM_JS) reads the datasets it has the filters for."""
    js = os.environ.get("H5WASM_JS")
    if not js:
        return
    want = {}
    with h5py.File(path, "r") as f:
        for k in before:
            if f[k].compression == "lzf":
                continue
            v = np.concatenate([before[k], add[k]]).astype(before[k].dtype)
            le = v.astype(v.dtype.newbyteorder("<")) if v.dtype.names is None else v
            want[k] = {"shape": list(v.shape), "sha": hashlib.sha256(le.tobytes()).hexdigest()}
    req = os.path.join(work, "h5wasm_req.json")
    with open(req, "w") as fh:
        json.dump({k: {"shape": v["shape"]} for k, v in want.items()}, fh)
    r = subprocess.run(["node", os.path.join(os.path.dirname(os.path.abspath(__file__)), "h5wasm_read.mjs"), js, path, req],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(r.returncode == 0, "%s: h5wasm exit %d %s" % (label, r.returncode, r.stderr[-300:]))
    if r.returncode == 0:
        out = json.loads(r.stdout)
        for k, v in want.items():
            got = out["datasets"].get(k, {})
            check(got.get("sha") == v["sha"] and got.get("shape") == v["shape"],
                  "%s %s: libhdf5 2.0 (h5wasm) reads %s" % (label, k, got.get("error") or got.get("shape")))


def h5dump_all(path, label):
    """h5dump every dataset but LZF ones (Debian's LZF plugin fails in h5dump even on h5py's own files)."""
    names = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) and o.compression != "lzf" else None)
    for n in names:
        r = subprocess.run(["h5dump", "-d", "/" + n, "-o", os.devnull, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check(r.returncode == 0, "%s: h5dump /%s exit %d %s" % (label, n, r.returncode, r.stderr[-200:]))


# ---- 1. hdf5lite's own file ----
p = os.path.join(work, "ours.h5")
shutil.copy(ours, p)
ds = ["/ext_f32", "/ext_i16_2d", "/ext_partial"]
b, a = run_append(p, ds, 1000, 333, 1)
verify(p, b, a, "ours")
b2, a2 = run_append(p, ds, 70, 1000, 2)      # a second appender on the result: one commit, partial chunks again
verify(p, b2, a2, "ours, again")
with h5py.File(p, "r") as f:
    check(f["/ext_f32"].attrs["note"] == 42, "ours: attribute kept")
    check(f["/contig"][()].tolist() == list(range(10)), "ours: other datasets kept")

# ---- 2. h5py: every chunk shape kind, filters h5py uses ----
p = os.path.join(work, "h5py.h5")
with h5py.File(p, "w") as f:
    f.create_dataset("g/gzip", data=np.arange(1234, dtype="<f8"), maxshape=(None,), chunks=(100,), compression="gzip", shuffle=True)
    f.create_dataset("g/lzf2d", data=np.arange(303 * 5, dtype="<i4").reshape(303, 5), maxshape=(None, 5), chunks=(32, 2), compression="lzf")
    f.create_dataset("plain", data=np.arange(10, dtype=">u2"), maxshape=(None,), chunks=(4,), fletcher32=True)
    f.create_dataset("empty", shape=(0, 3), dtype="i1", maxshape=(None, 3), chunks=(16, 3))
    f.create_dataset("deep", data=np.arange(4000, dtype="<i4"), maxshape=(None,), chunks=(1,))   # a B-tree of libhdf5's splits
    for i in range(40):                       # a root group whose symbol table has several nodes
        f.create_group("pad%02d" % i)
    f["g"].attrs["x"] = 1
ds = ["/g/gzip", "/g/lzf2d", "/plain", "/empty", "/deep"]
b, a = run_append(p, ds, 5000, 1234, 3)        # deep: 9,000 one-row chunks, the right edge split at every level
verify(p, b, a, "h5py")
with h5py.File(p, "r+") as f:                 # libhdf5 appends after hdf5lite
    d = f["g/gzip"]
    d.resize((d.shape[0] + 10,))
    d[-10:] = -1
with h5py.File(p, "r") as f:
    got = f["g/gzip"][()]
    check(got.shape[0] == 1234 + 5000 + 10 and (got[-10:] == -1).all() and got[:1234].tolist() == list(range(1234)),
          "h5py: libhdf5 appended after hdf5lite")
    check(len(f.keys()) == 44 and f["g"].attrs["x"] == 1, "h5py: groups and attributes kept")
    check(f["deep"].id.get_num_chunks() == 9000, "h5py: deep has %d chunks" % f["deep"].id.get_num_chunks())

# ---- 3. PyTables: EArray (the tutorial's open_file(mode='a') + append) and Table (NROWS) ----
try:
    import tables
    p = os.path.join(work, "pytables.h5")
    with tables.open_file(p, "w") as t:
        e = t.create_earray("/", "earray", tables.Float64Atom(), (0, 2), filters=tables.Filters(5, "zlib", shuffle=True),
                            chunkshape=(64, 2), expectedrows=1000)
        e.append(np.arange(200, dtype="f8").reshape(100, 2))
        tb = t.create_table("/", "table", {"a": tables.Int64Col(pos=0), "b": tables.Float64Col(pos=1)}, chunkshape=(50,))
        tb.append([(i, i * 0.5) for i in range(77)])
    b, a = run_append(p, ["/earray", "/table"], 500, 150, 4)
    verify(p, b, a, "PyTables")
    with tables.open_file(p, "r") as t:
        check(t.root.earray.nrows == 600 and np.array_equal(t.root.earray.read(), np.concatenate([b["/earray"], a["/earray"]])),
              "PyTables: EArray read back by PyTables (%d rows)" % t.root.earray.nrows)
        check(t.root.table.nrows == 577, "PyTables: Table.nrows %d (NROWS attribute kept right)" % t.root.table.nrows)
        check(t.root.table.read()["a"][-500:].tolist() == a["/table"]["a"].tolist(), "PyTables: Table rows")
    with tables.open_file(p, "a") as t:       # PyTables appends after hdf5lite
        t.root.earray.append(np.full((3, 2), 7.0))
    with tables.open_file(p, "r") as t:
        check(t.root.earray.nrows == 603 and (t.root.earray[-3:] == 7).all(), "PyTables: appended after hdf5lite")
except ImportError:
    check(False, "PyTables is not installed")

# ---- 4. refusals: the file unchanged ----
p = os.path.join(work, "refuse.h5")
with h5py.File(p, "w") as f:
    f.create_dataset("fixed", data=np.arange(10), chunks=(5,))
    f.create_dataset("contig", data=np.arange(10))
    f.create_dataset("latest", data=np.arange(10), maxshape=(None,), chunks=(5,))
with open(p, "rb") as fh:
    orig = fh.read()
for name in ("/fixed", "/contig", "/nothere"):
    np.arange(3, dtype="<i8").tofile(os.path.join(work, "r.raw"))
    r = subprocess.run([tool, p, "10", name, os.path.join(work, "r.raw")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(r.returncode == 1 and r.stderr, "refuse %s: exit %d" % (name, r.returncode))
with open(p, "rb") as fh:
    check(fh.read() == orig, "refused appends left the file unchanged")

# ---- 5. SIGKILL at random instants ----
p = os.path.join(work, "kill.h5")
with h5py.File(p, "w") as f:
    f.create_dataset("t/a", data=np.arange(10, dtype="<f8"), maxshape=(None,), chunks=(64,), compression="gzip")
    f.create_dataset("t/b", data=np.arange(10, dtype="<i4"), maxshape=(None,), chunks=(100,))
    f.create_dataset("t/c", data=np.zeros((10, 3), dtype="<i2"), maxshape=(None, 3), chunks=(7, 3), shuffle=True, compression="lzf")
rng = random.Random(5)
kills = 0
mid = 0
nosync_kills = 0
for trial in range(35):
    nosync = trial >= 25   # commits without fsync: all or nothing for a killed process all the same
    with h5py.File(p, "r") as f:
        n0 = f["t/a"].shape[0]
    batch = rng.choice([1, 3, 50, 120])
    total = batch * (2000 if nosync else 200)   # without fsync 200 commits take ~20 ms
    a_new = np.arange(n0, n0 + total, dtype="<f8")
    np.arange(n0, n0 + total, dtype="<f8").tofile(os.path.join(work, "ka.raw"))
    np.arange(n0, n0 + total, dtype="<i4").tofile(os.path.join(work, "kb.raw"))
    np.repeat((np.arange(n0, n0 + total) % 30000).astype("<i2")[:, None], 3, axis=1).tofile(os.path.join(work, "kc.raw"))
    proc = subprocess.Popen([tool, p, str(batch), "/t/a", os.path.join(work, "ka.raw"), "/t/b", os.path.join(work, "kb.raw"),
                             "/t/c", os.path.join(work, "kc.raw")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, APPEND_TOOL_NO_SYNC="1") if nosync else None)
    time.sleep(rng.uniform(0.005, 0.06) if nosync else rng.uniform(0.0, 0.25))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    kills += proc.returncode == -signal.SIGKILL
    nosync_kills += nosync and proc.returncode == -signal.SIGKILL
    done = out.decode().count("committed")
    try:
        with h5py.File(p, "r") as f:
            na, nb, nc = f["t/a"].shape[0], f["t/b"].shape[0], f["t/c"].shape[0]
            ok = na == nb == nc and (na - n0) % batch == 0 and done * batch <= na - n0 <= (done + 1) * batch
            va = f["t/a"][()]
            vb = f["t/b"][()]
            vc = f["t/c"][()]
            want = np.concatenate([np.arange(10), np.arange(10, na)]) if na > 10 else np.arange(na)
            ok = ok and np.array_equal(va, want) and np.array_equal(vb, want.astype("<i4"))
            wc = np.concatenate([np.zeros((10, 3)), np.repeat((np.arange(10, na) % 30000)[:, None], 3, axis=1)]) if na > 10 else np.zeros((na, 3))
            ok = ok and np.array_equal(vc, wc.astype("<i2"))
            check(ok, "kill %d: rows %d %d %d from %d, %d commits printed (batch %d)" % (trial, na, nb, nc, n0, done, batch))
            mid += (na - n0) // batch > done     # killed after the superblock switch, before the print
    except Exception as ex:  # noqa: BLE001
        check(False, "kill %d: h5py cannot read the file: %s" % (trial, ex))
print("check_append: %d SIGKILLs (%d of appenders without fsync; %d between a commit's switch and its return); the file was whole every time"
      % (kills, nosync_kills, mid))
check(nosync_kills >= 5, "only %d of the appenders without fsync were killed while running" % nosync_kills)
h5dump_all(p, "after the kills")

# ---- 6. mmapcol append killed: one CSV is one commit ----
if len(sys.argv) > 5:
    mm, gen = sys.argv[4], sys.argv[5]
    csv0, csv1, p = os.path.join(work, "base.csv"), os.path.join(work, "more.csv"), os.path.join(work, "table.h5")
    with open(csv0, "w") as fh:
        subprocess.run([gen, "3000"], stdout=fh, check=True)
    with open(csv1, "w") as fh:
        subprocess.run([gen, "60000"], stdout=fh, check=True)
    r = subprocess.run([mm, "import", csv0, p, "--chunk-rows", "1000", "--compress", "deflate:1", "--shuffle"], stderr=subprocess.PIPE)
    check(r.returncode == 0, "mmapcol import: %s" % r.stderr[-200:])
    rng = random.Random(9)
    lens = set()
    for trial in range(10):
        with h5py.File(p, "r") as f:
            n0 = f["table/columns"][list(f["table/columns"].keys())[0]]["data"].shape[0]
        proc = subprocess.Popen([mm, "append", csv1, p], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        try:
            with h5py.File(p, "r") as f:
                cols = f["table/columns"]
                ns = set()
                for name in cols:
                    g = cols[name]
                    ns.add(g["data"].shape[0] if "indices" not in g else g["indices"].shape[0] - 1)
                rows = ns
                ok = len(rows) == 1 and next(iter(rows)) in (n0, n0 + 60000)
                check(ok, "mmapcol append killed (trial %d): column lengths %s from %d" % (trial, sorted(rows), n0))
                if ok:
                    n = next(iter(rows))
                    lens.add(n - n0)
                    for name in cols:
                        g = cols[name]
                        if "null_bitmap" in g:
                            check(g["null_bitmap"].shape[0] == (n + 7) // 8, "trial %d: %s bitmap bytes" % (trial, name))
        except Exception as ex:  # noqa: BLE001
            check(False, "mmapcol append killed (trial %d): h5py cannot read: %s" % (trial, ex))
        r = subprocess.run([mm, "check", p], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check(r.returncode == 0, "trial %d: mmapcol check: %s" % (trial, r.stderr[-200:]))
    print("check_append: mmapcol append killed 10 times: rows added per run %s" % sorted(lens))
    # the values: the export is the base CSV's rows, then the appended CSV's once per run that committed
    def export_rows(csv):
        q = os.path.join(work, "fresh.h5")
        subprocess.run([mm, "import", csv, q], check=True, stderr=subprocess.DEVNULL)
        out = subprocess.run([mm, "export", q], stdout=subprocess.PIPE, check=True).stdout.split(b"\n")
        return out[0], out[1:-1]
    hdr, e0 = export_rows(csv0)
    _h, e1 = export_rows(csv1)
    got = subprocess.run([mm, "export", p], stdout=subprocess.PIPE).stdout.split(b"\n")
    k = (len(got) - 2 - len(e0)) // len(e1)
    check(got[0] == hdr and got[1:-1] == e0 + e1 * k, "export after the kills: %d rows, not the base CSV + %d appended CSVs" % (len(got) - 2, k))

print("%d passed, %d failed" % (passed, len(fails)))
sys.exit(1 if fails else 0)
