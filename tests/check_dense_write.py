#!/usr/bin/env python3
"""Check the files tests/test_dense_write.c wrote (dense attribute storage)
with h5py (libhdf5 1.10), h5dump and libhdf5 2.0 (h5wasm, through node).

usage: check_dense_write.py OUTDIR [--h5wasm PATH_TO_hdf5_hl.js]

For every object of OUTDIR/manifest.txt:
  h5py    attribute names in the order h5py reports them (creation order
          for objects with dense storage, which track it; name order for the
          others) and in name-index order (H5Aiterate, H5_INDEX_NAME); each
          value's dtype, shape and bytes equal to what was declared (every
          value read by name: a name-index lookup); vlen strings equal as str
  h5dump  exits 0 on every file (values printed, thrown away)
  h5wasm  names (as a set and in order) and SHA-256 of each value
Then libhdf5 modifies a copy (adds and deletes attributes of dense objects,
through h5py) and the result is read again: what the writer wrote is a
heap libhdf5 can go on using.
"""
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
failures = 0
nchecks = 0


def ok(cond, msg):
    global failures, nchecks
    nchecks += 1
    if not cond:
        failures += 1
        print("FAIL " + msg)
    return cond


def load(outdir):
    files = []
    for line in open(os.path.join(outdir, "manifest.txt"), encoding="ascii"):
        p = line.split()
        if p[0] == "F":
            files.append((p[1], []))
        elif p[0] == "O":
            files[-1][1].append({"path": p[1], "dense": p[2] == "1", "attrs": []})
        elif p[0] == "A":
            name = "" if p[1] == "-" else bytes.fromhex(p[1]).decode("utf-8")
            raw = open(os.path.join(outdir, p[5]), "rb").read()
            a = {"name": name, "dtype": p[2], "rank": int(p[3]), "n": int(p[4])}
            if p[2] == "vlen":
                strs, at = [], 0
                while at < len(raw):
                    (ln,) = struct.unpack_from("<I", raw, at)
                    strs.append(raw[at + 4:at + 4 + ln].decode("utf-8"))
                    at += 4 + ln
                a["strs"] = strs
                a["sha"] = hashlib.sha256("\n".join(strs).encode("utf-8")).hexdigest()
            else:
                dt = np.dtype(p[2])
                a["value"] = np.frombuffer(raw, dtype=dt)
                a["raw"] = raw
                native = a["value"].astype(dt.newbyteorder("=")).tobytes() if dt.kind in "iuf" else raw
                a["sha"] = hashlib.sha256(raw).hexdigest()
                a["sha_native"] = hashlib.sha256(native).hexdigest()
            files[-1][1][-1]["attrs"].append(a)
    return files


def expected_order(o):
    names = [a["name"] for a in o["attrs"]]
    return names if o["dense"] else sorted(names, key=lambda s: s.encode("utf-8"))


def check_h5py(path, objs, skip=()):
    fname = os.path.basename(path)
    nattr = 0
    with h5py.File(path, "r") as f:
        for o in objs:
            obj = f[o["path"]]
            want = [a["name"] for a in o["attrs"] if a["name"] not in skip]
            got = list(obj.attrs)
            exp = [n for n in expected_order(o) if n not in skip]
            ok(got == exp, "%s %s: h5py names %r..., expected %r..." % (fname, o["path"], got[:5], exp[:5]))
            ok(sorted(got) == sorted(want), "%s %s: h5py names differ" % (fname, o["path"]))
            by_name = []
            h5py.h5a.iterate(obj.id, lambda n, *rest: by_name.append(n.decode("utf-8")), index_type=h5py.h5.INDEX_NAME)
            ok(by_name == sorted(want, key=lambda s: s.encode("utf-8")), "%s %s: name-index iteration %r..." % (fname, o["path"], by_name[:5]))
            for a in o["attrs"]:
                if a["name"] in skip:
                    continue
                v = obj.attrs[a["name"]]
                nattr += 1
                where = "%s %s@%s" % (fname, o["path"], a["name"])
                if a["dtype"] == "vlen":
                    got_s = [v] if a["rank"] == 0 else list(v)
                    got_s = [s.decode("utf-8") if isinstance(s, bytes) else s for s in got_s]
                    ok(got_s == a["strs"], "%s: strings differ" % where)
                    continue
                arr = np.asarray(v)
                if a["rank"] == 0:   # h5py gives scalars in native byte order
                    arr = arr.astype(np.dtype(a["dtype"]))
                ok(arr.dtype == np.dtype(a["dtype"]), "%s: dtype %s, wrote %s" % (where, arr.dtype, a["dtype"]))
                ok(arr.shape == (() if a["rank"] == 0 else (a["n"],)), "%s: shape %r" % (where, arr.shape))
                ok(arr.tobytes() == a["raw"], "%s: values differ" % where)
    return nattr


def check_datasets(path):
    """dense.h5's datasets: values (the chunked one's header is patched at finish)."""
    rows = ((np.arange(3000, dtype=np.uint64) * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)).astype(np.uint32).view("<i4").reshape(1000, 3)
    with h5py.File(path, "r") as f:
        ok(np.array_equal(f["/d"][...], rows), "dense.h5 /d: values differ")
        ck = f["/ck"]
        ok(ck.shape == (1500, 3) and ck.maxshape == (None, 3), "dense.h5 /ck: shape %r max %r" % (ck.shape, ck.maxshape))
        ok(np.array_equal(ck[:1000], rows) and np.array_equal(ck[1000:], rows[:500]), "dense.h5 /ck: values differ")
        ok(f["/s"][()] == 2.5, "dense.h5 /s: value")


def check_h5dump(path):
    p = subprocess.run(["h5dump", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok(p.returncode == 0, "h5dump %s: exit %d: %s" % (path, p.returncode, p.stderr.decode("utf-8", "replace")[-500:]))


def check_h5wasm(path, objs, js, tmp):
    fname = os.path.basename(path)
    req = os.path.join(tmp, fname + ".req.json")
    with open(req, "w") as fh:
        json.dump([o["path"] for o in objs], fh)
    p = subprocess.run(["node", os.path.join(HERE, "h5wasm_attrs.mjs"), js, path, req], capture_output=True)
    if not ok(p.returncode == 0, "%s: h5wasm exit %d: %s" % (fname, p.returncode, p.stderr.decode("utf-8", "replace")[-800:])):
        return 0
    got = json.loads(p.stdout)
    ok(not got["errors"], "%s: h5wasm errors %r" % (fname, got["errors"][:5]))
    n = 0
    for o in objs:
        r = got["objects"].get(o["path"], {"names": [], "sha": {}})
        ok(sorted(r["names"]) == sorted(a["name"] for a in o["attrs"]), "%s %s: h5wasm names differ" % (fname, o["path"]))
        ok(r["names"] == expected_order(o), "%s %s: h5wasm order %r..." % (fname, o["path"], r["names"][:5]))
        for a in o["attrs"]:
            s = r["sha"].get(a["name"])
            n += 1
            ok(s in (a["sha"], a.get("sha_native")), "%s %s@%s: h5wasm value differs" % (fname, o["path"], a["name"]))
    return n


def check_modified(path, objs, tmp):
    """libhdf5 adds to and deletes from the dense storage the writer made."""
    fname = os.path.basename(path)
    mod = os.path.join(tmp, "mod_" + fname)
    shutil.copyfile(path, mod)
    dense = [o for o in objs if o["dense"]]
    removed = set()
    with h5py.File(mod, "r+") as f:
        for i, o in enumerate(dense[:40]):
            obj = f[o["path"]]
            obj.attrs["added_by_libhdf5"] = np.arange(i + 3, dtype="<i8")
            obj.attrs["added_big"] = np.full(20000, i, dtype="<u4")
            if len(o["attrs"]) > 1:
                victim = o["attrs"][0]["name"]
                del obj.attrs[victim]
                removed.add((o["path"], victim))
    with h5py.File(mod, "r") as f:
        for i, o in enumerate(dense[:40]):
            obj = f[o["path"]]
            ok(np.array_equal(obj.attrs["added_by_libhdf5"], np.arange(i + 3)), "%s %s: added attribute" % (fname, o["path"]))
            ok(np.array_equal(obj.attrs["added_big"], np.full(20000, i)), "%s %s: added big attribute" % (fname, o["path"]))
            for a in o["attrs"]:
                if (o["path"], a["name"]) in removed:
                    ok(a["name"] not in obj.attrs, "%s %s@%s: still there" % (fname, o["path"], a["name"]))
                elif a["dtype"] != "vlen":
                    ok(np.asarray(obj.attrs[a["name"]]).astype(np.dtype(a["dtype"])).tobytes() == a["raw"], "%s %s@%s: changed by libhdf5's edit" % (fname, o["path"], a["name"]))
    check_h5dump(mod)


def main():
    args = sys.argv[1:]
    outdir = args[0]
    js = None
    if "--h5wasm" in args:
        js = args[args.index("--h5wasm") + 1]
        if not os.path.exists(js):
            if os.environ.get("CI") == "true":
                ok(False, "h5wasm not installed at %s (CI=true)" % js)
            else:
                print("WARNING: h5wasm not installed at %s: SKIPPING the h5wasm checks" % js)
            js = None
    files = load(outdir)
    tmp = tempfile.mkdtemp(prefix="dense_write_")
    try:
        for fname, objs in files:
            path = os.path.join(outdir, fname)
            na = check_h5py(path, objs)
            if fname == "dense.h5":
                check_datasets(path)
            check_h5dump(path)
            nw = check_h5wasm(path, objs, js, tmp) if js else 0
            check_modified(path, objs, tmp)
            print("check_dense_write: %s: %d objects (%d dense), %d attributes equal in h5py, h5dump ok, %s"
                  % (fname, len(objs), sum(o["dense"] for o in objs), na,
                     "%d in h5wasm" % nw if js else "h5wasm skipped"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("check_dense_write: %d checks, %d failures" % (nchecks, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
