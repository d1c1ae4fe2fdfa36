#!/usr/bin/python3
"""Interoperability checks for files written by hdf5lite (tests/test_write_interop.c).

Usage: /usr/bin/python3 tests/check_write.py DIR [--h5wasm PATH_TO_hdf5_hl.js] [--only NAME]

For every DIR/<name>.h5 with a DIR/<name>.manifest.jsonl + .expect.bin (written by
the C generator from its deterministic generator, not from the file):
  h5py     every group/dataset/attribute present and nothing else; dataset dtype
           as h5py reports it, shape, every value bit-for-bit (raw bytes, so NaN
           payloads count), get_offset() not None (and 64-aligned) for every
           non-empty dataset and None for empty ones, numpy.frombuffer(mmap)
           at get_offset() equal to the data; attributes come back with the same
           Python type/dtype h5py gives for the same value written by h5py
           itself, bit-for-bit; link names in bytewise order; vaex table walk.
  h5dump   exit 0 (full dump for small files, -H for large ones), no stderr.
  h5ls -r  lists exactly the manifest's objects.
  h5diff   no difference between the hdf5lite file and an h5py twin written
           from the manifest the way vaex's writer does (require_group,
           require_dataset(track_times=False), str attributes).
  PyTables opens every file, walks every node and reads every array; values
           equal (in native byte order).
  h5wasm   (libhdf5 via wasm, run by node) reads every dataset; checksums of
           the values equal those computed here.
Prints one line per verified item group, then "N passed, M failed"; exit 1 on failure.
"""
import hashlib
import json
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import h5py

HERE = os.path.dirname(os.path.abspath(__file__))


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + msg, flush=True)
        return cond

    def info(self, msg):
        print("  ok: " + msg, flush=True)


R = Result()


def load(dirpath, name):
    with open(os.path.join(dirpath, name + ".manifest.jsonl"), "rb") as fp:
        entries = [json.loads(line) for line in fp.read().decode("utf-8").splitlines() if line.strip()]
    with open(os.path.join(dirpath, name + ".expect.bin"), "rb") as fp:
        blob = fp.read()
    return entries, blob


def expected_array(e, blob):
    dt = np.dtype(e["dtype"])
    raw = blob[e["off"]:e["off"] + e["len"]]
    return np.frombuffer(raw, dtype=dt).reshape(tuple(e["shape"])), raw


def native(a):
    """Same values in little-endian (native) order; bit patterns preserved."""
    a = np.asarray(a)
    if a.dtype.byteorder == ">":
        return a.byteswap().view(a.dtype.newbyteorder("<"))
    return a


def first_diff(a, b, itemsize):
    for i in range(0, min(len(a), len(b)), max(itemsize, 1)):
        if a[i:i + itemsize] != b[i:i + itemsize]:
            return i // max(itemsize, 1), a[i:i + itemsize].hex(), b[i:i + itemsize].hex()
    return None, len(a), len(b)


def join(parent, name):
    return "/" + name if parent == "/" else parent + "/" + name


def walk_h5py(f):
    """All objects: {path: 'group'|'dataset'}; and groups whose link order is not bytewise."""
    objs = {"/": "group"}
    bad_order = []
    stack = ["/"]
    while stack:
        p = stack.pop()
        g = f[p]
        names = list(g.keys())
        if names != sorted(names, key=lambda s: s.encode("utf-8")):
            bad_order.append(p)
        for n in names:
            cp = join(p, n)
            obj = g.get(n, getlink=False)
            if isinstance(obj, h5py.Group):
                objs[cp] = "group"
                stack.append(cp)
            elif isinstance(obj, h5py.Dataset):
                objs[cp] = "dataset"
            else:
                objs[cp] = "other"
    return objs, bad_order


def h5py_ref_attr(e, blob, tmpf):
    """What h5py returns for the same attribute value written by h5py itself."""
    k = e["akind"]
    name = "ref"
    if name in tmpf.attrs:
        del tmpf.attrs[name]
    if k == "vstr":
        tmpf.attrs[name] = e["value"]
    elif k == "vstrs":
        tmpf.attrs.create(name, data=np.array(e["value"], dtype=object), dtype=h5py.string_dtype(), shape=(len(e["value"]),))
    else:
        arr, _ = expected_array(e, blob)
        tmpf.attrs.create(name, data=arr, dtype=arr.dtype, shape=arr.shape)
    return tmpf.attrs[name]


def same_kind(ours, ref):
    if type(ours) is not type(ref):
        return False, "type %s, h5py writes/reads %s" % (type(ours).__name__, type(ref).__name__)
    if isinstance(ref, (np.ndarray, np.generic)) and np.asarray(ours).dtype != np.asarray(ref).dtype:
        return False, "dtype %s, h5py gives %s" % (np.asarray(ours).dtype.str, np.asarray(ref).dtype.str)
    return True, ""


# ---------------------------------------------------------------------- h5py

def check_h5py(path, entries, blob, tmpf):
    fname = os.path.basename(path)
    groups = {e["path"] for e in entries if e["kind"] == "group"}
    dsets = {e["path"]: e for e in entries if e["kind"] in ("dataset", "sparse")}
    attrs = {}
    for e in entries:
        if e["kind"] == "attr":
            attrs.setdefault(e["obj"], {})[e["name"]] = e
    nvalues = 0
    with h5py.File(path, "r") as f, open(path, "rb") as fp:
        mm = mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            objs, bad_order = walk_h5py(f)
            R.ok(not bad_order, "%s: link names not in bytewise order in %r" % (fname, bad_order[:5]))
            want = {p: "group" for p in groups}
            want.update({p: "dataset" for p in dsets})
            missing = sorted(set(want) - set(objs))
            extra = sorted(set(objs) - set(want))
            wrongkind = sorted(p for p in want if p in objs and objs[p] != want[p])
            R.ok(not missing and not extra and not wrongkind,
                 "%s: object tree differs: missing %r extra %r wrong kind %r" % (fname, missing[:5], extra[:5], wrongkind[:5]))
            # datasets
            for p, e in dsets.items():
                if p not in objs or objs[p] != "dataset":
                    continue
                ds = f[p]
                shape = tuple(e["shape"])
                dt = np.dtype(e["dtype"])
                if not R.ok(ds.dtype.str == dt.str, "%s:%s: h5py dtype %s, expected %s" % (fname, p, ds.dtype.str, dt.str)):
                    continue
                if not R.ok(ds.shape == shape, "%s:%s: shape %r, expected %r" % (fname, p, ds.shape, shape)):
                    continue
                n = int(np.prod(shape, dtype=np.uint64)) if shape else 1
                off = ds.id.get_offset()
                if n == 0:
                    R.ok(off is None, "%s:%s: empty dataset has offset %r (expected None, undefined address)" % (fname, p, off))
                    continue
                if not R.ok(off is not None, "%s:%s: get_offset() is None for a non-empty dataset" % (fname, p)):
                    continue
                R.ok(off % 64 == 0, "%s:%s: data offset %d not 64-byte aligned" % (fname, p, off))
                R.ok(off + n * dt.itemsize <= len(mm), "%s:%s: data [%d, +%d) beyond the file (%d bytes)" % (fname, p, off, n * dt.itemsize, len(mm)))
                if e["kind"] == "sparse":
                    for idx, hexv in e["points"]:
                        want_b = bytes.fromhex(hexv)
                        k = len(want_b) // dt.itemsize
                        got = ds[idx:idx + k]
                        R.ok(got.tobytes() == want_b, "%s:%s[%d:%d]: h5py read %s, expected %s" % (fname, p, idx, idx + k, got.tobytes().hex(), hexv))
                        got2 = np.frombuffer(mm, dtype=dt, count=k, offset=off + idx * dt.itemsize)
                        R.ok(got2.tobytes() == want_b, "%s:%s[%d]: mmap read %s, expected %s" % (fname, p, idx, got2.tobytes().hex(), hexv))
                    nvalues += 1
                    continue
                exp, raw = expected_array(e, blob)
                got = np.empty(shape, dtype=ds.dtype)
                ds.read_direct(got)
                gb = got.tobytes()
                if not R.ok(gb == raw, "%s:%s: values differ (first at element %r: got %s expected %s)" % ((fname, p) + first_diff(gb, raw, dt.itemsize))):
                    continue
                zc = np.frombuffer(mm, dtype=dt, count=n, offset=off).tobytes()
                R.ok(zc == raw, "%s:%s: numpy.frombuffer(mmap, offset=get_offset()) differs from the data (first at %r: %s vs %s)" % ((fname, p) + first_diff(zc, raw, dt.itemsize)))
                nvalues += n
            # attributes
            nattrs = 0
            for p in want:
                if p not in objs:
                    continue
                obj = f[p]
                have = set(obj.attrs.keys())
                exp_names = set(attrs.get(p, {}))
                R.ok(have == exp_names, "%s:%s: attributes %r, expected %r" % (fname, p, sorted(have - exp_names)[:5], sorted(exp_names - have)[:5]))
                for name, e in attrs.get(p, {}).items():
                    if name not in have:
                        continue
                    nattrs += 1
                    try:
                        v = obj.attrs[name]
                    except Exception as ex:  # noqa
                        R.ok(False, "%s:%s@%s: h5py cannot read the attribute: %s" % (fname, p, name, ex))
                        continue
                    ref = h5py_ref_attr(e, blob, tmpf)
                    good, why = same_kind(v, ref)
                    R.ok(good, "%s:%s@%s: %s" % (fname, p, name, why))
                    k = e["akind"]
                    if k == "vstr":
                        R.ok(isinstance(v, str) and v == e["value"], "%s:%s@%s: %r, expected str %r" % (fname, p, name, v, e["value"]))
                        a = h5py.h5a.open(obj.id, name.encode("utf-8"))
                        R.ok(a.shape == () and h5py.check_string_dtype(a.dtype) is not None and h5py.check_string_dtype(a.dtype).length is None
                             and h5py.check_string_dtype(a.dtype).encoding == "utf-8",
                             "%s:%s@%s: not a scalar vlen UTF-8 string (shape %r dtype %r)" % (fname, p, name, a.shape, a.dtype))
                    elif k == "vstrs":
                        vals = [x if isinstance(x, str) else x.decode("utf-8") for x in np.asarray(v).ravel()] if np.asarray(v).size else []
                        R.ok(np.asarray(v).shape == (len(e["value"]),) and vals == e["value"],
                             "%s:%s@%s: %r, expected %r" % (fname, p, name, v, e["value"]))
                    else:
                        a = h5py.h5a.open(obj.id, name.encode("utf-8"))
                        dt = np.dtype(e["dtype"])
                        R.ok(a.dtype.str == dt.str and a.shape == tuple(e["shape"]),
                             "%s:%s@%s: stored dtype %s shape %r, expected %s %r" % (fname, p, name, a.dtype.str, a.shape, dt.str, tuple(e["shape"])))
                        if a.dtype.str == dt.str and a.shape == tuple(e["shape"]):
                            raw = blob[e["off"]:e["off"] + e["len"]]
                            buf = np.empty(a.shape, dtype=a.dtype)
                            if buf.size:
                                a.read(buf)
                            R.ok(buf.tobytes() == raw, "%s:%s@%s: raw value %s, expected %s" % (fname, p, name, buf.tobytes().hex(), raw.hex()))
                            rb = np.asarray(ref)
                            R.ok(np.asarray(v).tobytes() == rb.tobytes(), "%s:%s@%s: h5py value %r, h5py-written twin gives %r" % (fname, p, name, v, ref))
            # vaex tables
            for e in entries:
                if e["kind"] == "table":
                    check_vaex_table(fname, f, mm, e)
        finally:
            try:
                mm.close()
            except BufferError:  # numpy views still alive; closed when collected
                pass
    R.info("h5py %s: %d objects, %d datasets (%d values bit-for-bit, get_offset + mmap), %d attributes"
           % (fname, len(groups) + len(dsets), len(dsets), nvalues, nattrs))


def check_vaex_table(fname, f, mm, e):
    """The structure vaex's hdf5 reader walks (vaex/hdf5/dataset.py)."""
    g = f[e["group"]]
    tag = "%s:%s" % (fname, e["group"])
    t = g.attrs.get("type")
    R.ok(isinstance(t, str) and t == "table", "%s: attrs['type'] is %r (vaex needs the str 'table')" % (tag, t))
    cols = g["columns"]
    order = cols.attrs.get("column_order")
    R.ok(isinstance(order, str), "%s: column_order is %r, not str" % (tag, type(order)))
    names = order.split(",") if isinstance(order, str) and order else []
    R.ok(names == e["columns"], "%s: column_order %r, expected %r" % (tag, names[:5], e["columns"][:5]))
    R.ok(sorted(cols.keys()) == sorted(e["columns"]), "%s: column groups differ from column_order" % tag)
    rows = None
    for name in names:
        if name not in cols:
            continue
        c = cols[name]
        ctag = "%s/columns/%s" % (tag, name)
        kind = c.attrs.get("type")
        if kind is not None:
            R.ok(isinstance(kind, str) and kind == "dictionary_encoded", "%s: type attribute %r" % (ctag, kind))
            R.ok(set(c.keys()) == {"indices", "dictionary"}, "%s: dictionary column children %r" % (ctag, sorted(c.keys())))
            codes = c["indices"]["data"]
            R.ok(codes.dtype.kind in "iu", "%s: codes dtype %s" % (ctag, codes.dtype))
            n = codes.shape[0]
            dic = c["dictionary"]
            R.ok("data" in dic, "%s: dictionary without data" % ctag)
            if "indices" in dic:
                nvals = dic["indices"].shape[0] - 1
            else:
                nvals = dic["data"].shape[0]
            vals = codes[()]
            R.ok(vals.size == 0 or (vals.min() >= 0 and vals.max() < nvals), "%s: codes out of range of %d values" % (ctag, nvals))
        elif "indices" in c:
            d, ix = c["data"], c["indices"]
            dt = d.attrs.get("dtype")
            R.ok(isinstance(dt, str) and dt == "str", "%s: data.attrs['dtype'] is %r (vaex needs the str 'str')" % (ctag, dt))
            R.ok(d.dtype.str == "|S1", "%s: string bytes dtype %s, expected |S1" % (ctag, d.dtype.str))
            want = "<i8" if d.shape[0] > 2**31 - 1 else "<i4"
            R.ok(ix.dtype.str == want, "%s: indices dtype %s, expected %s for %d bytes" % (ctag, ix.dtype.str, want, d.shape[0]))
            n = ix.shape[0] - 1
            ioff = ix.id.get_offset()
            if n + 1 and ioff is not None and d.shape[0] < 2**24:
                idx = np.frombuffer(mm, dtype=ix.dtype, count=n + 1, offset=ioff)
                doff = d.id.get_offset()
                data = np.frombuffer(mm, dtype="u1", count=d.shape[0], offset=doff) if doff is not None else np.zeros(0, "u1")
                okv = idx[0] == 0 and idx[-1] == d.shape[0] and bool(np.all(np.diff(idx) >= 0))
                R.ok(okv, "%s: string offsets not monotonic 0..%d" % (ctag, d.shape[0]))
                if okv:
                    try:
                        for i in range(n):
                            bytes(data[idx[i]:idx[i + 1]]).decode("utf-8")
                    except UnicodeDecodeError as ex:
                        R.ok(False, "%s: row %d not UTF-8: %s" % (ctag, i, ex))
        else:
            d = c["data"]
            n = d.shape[0]
            if "mask" in c:
                m = c["mask"]
                R.ok(m.dtype == np.bool_ and m.shape == d.shape, "%s: mask dtype %s shape %r (data %r)" % (ctag, m.dtype, m.shape, d.shape))
                R.ok("null_bitmap" not in c, "%s: both mask and null_bitmap" % ctag)
        if "null_bitmap" in c:
            nb = c["null_bitmap"]
            R.ok(nb.dtype.str == "|u1" and nb.shape == ((n + 7) // 8,), "%s: null_bitmap dtype %s shape %r for %d rows" % (ctag, nb.dtype.str, nb.shape, n))
        if rows is None:
            rows = n
        R.ok(n == rows, "%s: %d rows, first column has %d" % (ctag, n, rows))
    R.info("vaex walk %s: %d columns, %s rows" % (tag, len(names), rows))


# ---------------------------------------------------------------------- tools

def h5ls_unescape(s):
    out = bytearray()
    b = s.encode("utf-8", "surrogateescape")
    i = 0
    simple = {ord("t"): 9, ord("n"): 10, ord("r"): 13, ord("\\"): 92, ord('"'): 34, ord(" "): 32, ord("b"): 8, ord("f"): 12}
    while i < len(b):
        c = b[i]
        if c == 92 and i + 1 < len(b):
            d = b[i + 1]
            if 48 <= d <= 55 and i + 3 < len(b) + 1 and all(48 <= x <= 55 for x in b[i + 1:i + 4]) and len(b[i + 1:i + 4]) == 3:
                out.append(int(b[i + 1:i + 4], 8))
                i += 4
                continue
            out.append(simple.get(d, d))
            i += 2
            continue
        out.append(c)
        i += 1
    return out.decode("utf-8", "replace")


def h5ls_paths(out):
    """Parse `h5ls -r` output into {path: kind}; names are escaped, so split at the first unescaped blank run."""
    objs = {}
    for line in out.decode("utf-8", "surrogateescape").split("\n"):
        if not line.strip():
            continue
        i = 0
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == " ":
                break
            i += 1
        name, rest = line[:i], line[i:].strip()
        kind = "group" if rest.startswith("Group") else "dataset" if rest.startswith("Dataset") else rest
        objs[h5ls_unescape(name)] = kind
    return objs


def check_tools(path, entries, big):
    fname = os.path.basename(path)
    want = {e["path"]: "group" for e in entries if e["kind"] == "group"}
    want.update({e["path"]: "dataset" for e in entries if e["kind"] in ("dataset", "sparse")})
    small = os.path.getsize(path) < 8 << 20 and len(want) < 2000
    args = ["h5dump", path] if small else ["h5dump", "-H", path]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    R.ok(p.returncode == 0 and not p.stderr.strip(), "%s: `%s` exit %d: %s" % (fname, " ".join(args), p.returncode, p.stderr.decode("utf-8", "replace")[:500]))
    text = p.stdout.decode("utf-8", "replace")
    ng = text.count('GROUP "')
    nd = text.count('DATASET "')
    ngw = sum(1 for k in want.values() if k == "group")
    ndw = len(want) - ngw
    R.ok(ng == ngw and nd == ndw, "%s: h5dump shows %d groups / %d datasets, expected %d / %d" % (fname, ng, nd, ngw, ndw))
    p = subprocess.run(["h5ls", "-r", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    R.ok(p.returncode == 0, "%s: h5ls -r exit %d: %s" % (fname, p.returncode, p.stderr[:300]))
    got = h5ls_paths(p.stdout)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    R.ok(not missing and not extra, "%s: h5ls -r paths differ: missing %r extra %r" % (fname, missing[:5], extra[:5]))
    R.info("h5dump (%s) exit 0 with %d groups + %d datasets; h5ls -r lists all %d paths" % ("full" if small else "-H", ng, nd, len(got)))


def write_twin(entries, blob, out):
    """The same content written with h5py, the way vaex's writer does it."""
    with h5py.File(out, "w") as f:
        for e in sorted((e for e in entries if e["kind"] == "group"), key=lambda e: e["path"].count("/")):
            if e["path"] != "/":
                f.require_group(e["path"])
        for e in entries:
            if e["kind"] == "dataset":
                arr, _ = expected_array(e, blob)
                ds = f.require_dataset(e["path"], shape=arr.shape, dtype=arr.dtype, track_times=False)
                if arr.size:
                    ds[...] = arr
        for e in entries:
            if e["kind"] != "attr":
                continue
            obj = f[e["obj"]]
            if e["akind"] == "vstr":
                obj.attrs[e["name"]] = e["value"]
            elif e["akind"] == "vstrs":
                obj.attrs.create(e["name"], data=np.array(e["value"], dtype=object), dtype=h5py.string_dtype(), shape=(len(e["value"]),))
            else:
                arr, _ = expected_array(e, blob)
                obj.attrs.create(e["name"], data=arr, dtype=arr.dtype, shape=arr.shape)


def check_h5diff(path, entries, blob, tmpdir):
    fname = os.path.basename(path)
    twin = os.path.join(tmpdir, fname + ".h5py-twin.h5")
    write_twin(entries, blob, twin)
    p = subprocess.run(["h5diff", "-r", path, twin], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    lines = out.splitlines()
    shown = [l for i, l in enumerate(lines)
             if "0 differences found" != l.strip() and not (i + 1 < len(lines) and lines[i + 1].strip() == "0 differences found")]
    R.ok(p.returncode == 0, "%s: h5diff against the h5py twin exit %d:\n%s" % (fname, p.returncode, "\n".join(shown[:40])))
    if p.returncode != 0:
        q = subprocess.run(["h5diff", path, twin], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        print("  h5diff %s %s (without -r):\n    %s" % (fname, os.path.basename(twin), "\n    ".join(q.stdout.decode("utf-8", "replace").splitlines()[:20])))
    if p.returncode == 0:
        R.info("h5diff %s == h5py twin (%s)" % (fname, out.strip().splitlines()[-1] if out.strip() else "no differences"))


def check_pytables(path, entries, blob, big):
    import tables
    fname = os.path.basename(path)
    dsets = {e["path"]: e for e in entries if e["kind"] in ("dataset", "sparse")}
    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            f = tables.open_file(path, "r")
        except Exception as ex:  # noqa
            R.ok(False, "%s: PyTables cannot open: %s" % (fname, ex))
            return
        try:
            seen = 0
            for node in f.walk_nodes("/"):
                seen += 1
                for an in node._v_attrs._f_list("all"):
                    try:
                        node._v_attrs[an]
                    except Exception as ex:  # noqa
                        R.ok(False, "%s:%s@%s: PyTables cannot read attribute: %s" % (fname, node._v_pathname, an, ex))
                if not isinstance(node, tables.Leaf):
                    continue
                p = node._v_pathname
                R.ok(not isinstance(node, tables.UnImplemented), "%s:%s: PyTables sees an unimplemented node" % (fname, p))
                e = dsets.get(p)
                if e is None:
                    continue
                try:
                    if e["kind"] == "sparse":
                        for idx, hexv in e["points"]:
                            want = bytes.fromhex(hexv)
                            got = node.read(idx, idx + len(want) // np.dtype(e["dtype"]).itemsize)
                            R.ok(np.asarray(got).astype(np.dtype(e["dtype"])).tobytes() == want, "%s:%s[%d]: PyTables read %r" % (fname, p, idx, got))
                        n += 1
                        continue
                    got = np.asarray(node.read())
                except Exception as ex:  # noqa
                    R.ok(False, "%s:%s: PyTables read() failed: %s" % (fname, p, ex))
                    continue
                exp, raw = expected_array(e, blob)
                ok = got.shape == exp.shape and got.dtype.itemsize == exp.dtype.itemsize and \
                    native(got).tobytes() == native(exp).tobytes()
                R.ok(ok, "%s:%s: PyTables read %s %r, expected %s %r" % (fname, p, got.dtype, got.shape, exp.dtype, exp.shape))
                n += 1
            R.ok(seen == len({x["path"] for x in entries if x["kind"] in ("group", "dataset", "sparse")}),
                 "%s: PyTables walked %d nodes" % (fname, seen))
        finally:
            f.close()
    R.info("PyTables %s: walked every node, read %d arrays, values equal" % (fname, n))


def h5wasm_expect(entries, blob):
    out = {}
    for e in entries:
        if e["kind"] == "dataset":
            arr, raw = expected_array(e, blob)
            out[e["path"]] = {"shape": list(arr.shape), "sha": hashlib.sha256(native(arr).tobytes()).hexdigest()}
        elif e["kind"] == "sparse":
            dt = np.dtype(e["dtype"])
            last_idx, last_hex = e["points"][-1]
            out[e["path"]] = {"shape": e["shape"], "tail": last_hex, "tail_at": last_idx, "tail_n": len(bytes.fromhex(last_hex)) // dt.itemsize}
    return out


def check_h5wasm(path, entries, blob, h5wasm_js, tmpdir):
    fname = os.path.basename(path)
    exp = h5wasm_expect(entries, blob)
    req = os.path.join(tmpdir, fname + ".h5wasm-req.json")
    with open(req, "w") as fp:
        json.dump(exp, fp)
    p = subprocess.run(["node", os.path.join(HERE, "h5wasm_read.mjs"), h5wasm_js, path, req],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not R.ok(p.returncode == 0, "%s: h5wasm script exit %d: %s" % (fname, p.returncode, p.stderr.decode("utf-8", "replace")[-800:])):
        return
    got = json.loads(p.stdout.decode("utf-8"))
    R.ok(set(got["datasets"]) == set(exp), "%s: h5wasm sees datasets missing %r extra %r"
         % (fname, sorted(set(exp) - set(got["datasets"]))[:5], sorted(set(got["datasets"]) - set(exp))[:5]))
    bad = []
    for p_, v in exp.items():
        g = got["datasets"].get(p_)
        if g is None:
            continue
        if g.get("error"):
            bad.append((p_, g["error"]))
        elif g["shape"] != v["shape"]:
            bad.append((p_, "shape %r vs %r" % (g["shape"], v["shape"])))
        elif "sha" in v and g.get("sha") != v["sha"]:
            bad.append((p_, "values differ"))
        elif "tail" in v and g.get("tail") != v["tail"]:
            bad.append((p_, "tail %r vs %r" % (g.get("tail"), v["tail"])))
    R.ok(not bad, "%s: h5wasm disagrees on %d datasets: %r" % (fname, len(bad), bad[:5]))
    R.ok(not got.get("errors"), "%s: h5wasm errors: %r" % (fname, got.get("errors", [])[:5]))
    R.info("h5wasm (libhdf5 %s) %s: %d datasets, values equal; %d groups, %d attributes read" % (got.get("libversion"), fname, len(exp), got.get("ngroups", 0), got.get("nattrs", 0)))


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    d = args[0]
    h5wasm_js = None
    only = None
    skip = set()
    i = 1
    while i < len(args):
        if args[i] == "--h5wasm":
            h5wasm_js = args[i + 1]
            i += 2
        elif args[i] == "--only":
            only = args[i + 1]
            i += 2
        elif args[i] == "--skip":
            skip.update(args[i + 1].split(","))
            i += 2
        else:
            print("unknown argument %s" % args[i])
            return 2
    ci = os.environ.get("CI") == "true"
    if h5wasm_js and not os.path.exists(h5wasm_js):
        if ci:
            R.ok(False, "h5wasm not installed at %s (CI=true)" % h5wasm_js)
        else:
            print("WARNING: h5wasm not installed at %s: SKIPPING the h5wasm checks" % h5wasm_js)
        h5wasm_js = None
    names = sorted(f[:-len(".manifest.jsonl")] for f in os.listdir(d) if f.endswith(".manifest.jsonl"))
    if only:
        names = [n for n in names if n in only.split(",")]
    tmpdir = tempfile.mkdtemp(prefix="check_write_")
    tmpf = h5py.File(os.path.join(tmpdir, "ref_attrs.h5"), "w")
    try:
        for name in names:
            path = os.path.join(d, name + ".h5")
            print("== %s" % path, flush=True)
            if not R.ok(os.path.exists(path), "%s missing (the writer failed)" % path):
                continue
            entries, blob = load(d, name)
            big = any(e["kind"] == "sparse" for e in entries)
            if big:
                R.ok(os.path.getsize(path) > 2**32, "%s: %d bytes, expected a file over 4 GiB" % (path, os.path.getsize(path)))
            leftovers = [x for x in os.listdir(d) if x.startswith(name + ".h5.tmp")]
            R.ok(not leftovers, "%s: temporary files left: %r" % (name, leftovers))
            for step, fn in (("h5py", lambda: check_h5py(path, entries, blob, tmpf)),
                             ("tools", lambda: check_tools(path, entries, big)),
                             # h5diff: every file but the multi-GiB one and the two with tens of
                             # thousands of objects (too slow; table.h5 is the vaex table)
                             ("h5diff", lambda: None if big or name in ("names", "wide") else check_h5diff(path, entries, blob, tmpdir)),
                             ("pytables", lambda: check_pytables(path, entries, blob, big)),
                             ("h5wasm", lambda: h5wasm_js and name != "wide" and check_h5wasm(path, entries, blob, h5wasm_js, tmpdir))):
                if step in skip:
                    continue
                try:
                    t0 = time.time()
                    fn()
                    if time.time() - t0 > 5:
                        print("  (%s %s took %.1fs)" % (step, name, time.time() - t0))
                except Exception as ex:  # a reader blowing up is a failure, not a crash of the suite
                    import traceback
                    traceback.print_exc()
                    R.ok(False, "%s: %s check raised %s: %s" % (name, step, type(ex).__name__, ex))
    finally:
        tmpf.close()
        shutil.rmtree(tmpdir, ignore_errors=True)
    print("check_write: %d passed, %d failed" % (R.passed, R.failed))
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
