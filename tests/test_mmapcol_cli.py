#!/usr/bin/python3
"""mmapcol as users meet it (issue 19), every output checked against h5py,
numpy, pandas or Python itself:

  --rows       Python slice semantics (negative bounds, steps) for cat and
               export, on contiguous, chunked and string data;
  export       LF by default, --crlf; datetime64/timedelta64 as ISO 8601;
               float32/float16 in their own shortest form (numpy's repr);
  import       ISO 8601 timestamps -> datetime64[ns]; `import -` from a
               pipe equals the file import; a value that does not fit the
               sampled type is refused and nothing is written;
  stats        --columns, --json, time columns (exact mean);
  --json       ls, table, stats, check, info parse and agree with the TSV;
  cat          of a table column's group: strings, nulls, timestamps;
  table        marks a column it cannot read; export refuses it (exit 3);
  ls           sorted bytewise where the walk's order is not ("a", "a.b").

Usage: test_mmapcol_cli.py MMAPCOL WORKDIR      (run with /usr/bin/python3)
"""
import json
import os
import subprocess
import sys

import h5py
import numpy as np

MM, W = sys.argv[1], sys.argv[2]
if os.path.isdir(W):
    for fn in os.listdir(W):
        os.unlink(os.path.join(W, fn))
os.makedirs(W, exist_ok=True)
fails = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what)
        print("FAIL:", what)


def run(*args, code=0, stdin=None):
    p = subprocess.run([MM] + list(args), input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode(errors="replace")
    check(p.returncode == code, "%s: exit %d, expected %d (%s)" % (" ".join(args), p.returncode, code, err.strip()))
    if p.returncode != 0:
        check(err.count("\n") == 1 and err.startswith("mmapcol: "), "%s: stderr is not one line: %r" % (" ".join(args), err))
    return p.stdout


def path(name):
    return os.path.join(W, name)


def vaex_table(fn, cols):
    """cols: name -> (numpy array, dtype attr or None, validity array or None)"""
    with h5py.File(fn, "w") as f:
        t = f.create_group("table")
        t.attrs["type"] = "table"
        c = t.create_group("columns")
        for name, (arr, dattr, valid) in cols.items():
            g = c.create_group(name)
            if arr.dtype.kind == "U":
                b = [s.encode() for s in arr]
                idx = np.zeros(len(b) + 1, np.int64)
                np.cumsum([len(x) for x in b], out=idx[1:])
                d = g.create_dataset("data", data=np.frombuffer(b"".join(b) or b"\0", dtype="S1")[: idx[-1]])
                d.attrs["dtype"] = "str"
                g["indices"] = idx
            else:
                d = g.create_dataset("data", data=arr)
                if dattr:
                    d.attrs["dtype"] = dattr
            if valid is not None:
                g["null_bitmap"] = np.packbits(valid.astype(bool), bitorder="little")
        c.attrs["column_order"] = ",".join(cols)


# ---- slices ------------------------------------------------------------------
n = 23
ints = np.arange(n, dtype=np.int64) * 3 - 7
with h5py.File(path("sl.h5"), "w") as f:
    f["c"] = ints
    f.create_dataset("k", data=ints, chunks=(5,), compression="gzip")
    f.create_dataset("m", data=ints.reshape(n, 1) * np.ones((1, 2), np.int64), chunks=(4, 2))
specs = [":", "3:", ":7", "-3:", ":-3", "-5:-1", "::2", "::-1", "::-4", "5::3", "20:2:-3", "-1:-30:-7", "100:", "-100:2",
         "7:3", "3:7:-1", "::22", "::23", "::100", "1:2", "-1:", "0:0", "22:", "+3:", "::-100", ":-100:-1"]
for s in specs:
    sl = slice(*[int(x) if x else None for x in s.split(":")])
    want = ints[sl].tolist()
    for ds in ("c", "k"):
        got = json.loads(run("cat", path("sl.h5"), ds, "--rows", s))
        check(got == want, "cat %s --rows %s: %s, Python %s" % (ds, s, got, want))
    got = json.loads(run("cat", path("sl.h5"), "m", "--rows", s))
    check(got == [[v, v] for v in want], "cat m (2-D, chunked) --rows %s" % s)
for bad in ("::0", "a:b", "1:2:3:4", "1", "--3:", "1.5:"):
    run("cat", path("sl.h5"), "c", "--rows", bad, code=1)

# a table with strings, nulls and a chunked column
names = np.array([("s%d" % i, "γάμμα", "d,e", 'q"q', "line\nbreak")[i % 5] if i % 6 else "" for i in range(40)])
valid = np.array([i % 7 != 3 for i in range(40)])
x = np.linspace(-2.5, 7.25, 40)
vaex_table(path("tab.h5"), {"x": (x, None, None), "s": (names, None, valid), "i": (np.arange(40, dtype=np.int32), None, None)})
with h5py.File(path("tab_ck.h5"), "w") as f:
    t = f.create_group("table")
    t.attrs["type"] = "table"
    c = t.create_group("columns")
    c.create_dataset("x/data", data=x, chunks=(6,), compression="gzip")
    c.create_dataset("i/data", data=np.arange(40, dtype=np.int32), chunks=(7,))
    c.attrs["column_order"] = "x,i"


def py_float(v):
    return repr(float(v))


def csv_text(t):
    """a string cell as export writes it: quoted when needed, "" when empty"""
    if t == "" or any(ch in t for ch in ',"\r\n'):
        return '"' + t.replace('"', '""') + '"'
    return t


for s in specs + ["::-3", "10:30:4"]:
    sl = slice(*[int(v) if v else None for v in s.split(":")])
    rows = list(range(40))[sl]
    out = run("export", path("tab.h5"), "--rows", s).decode()
    want = "x,s,i\n"
    for r in rows:
        sv = "" if not valid[r] else csv_text(str(names[r]))
        want += "%s,%s,%d\n" % (py_float(x[r]), sv, r)
    check(out == want, "export --rows %s:\n%r\n%r" % (s, out, want))
    out = run("export", path("tab_ck.h5"), "--rows", s, "--threads", "3").decode().split("\n")
    check(out == ["x,i"] + ["%s,%d" % (py_float(x[r]), r) for r in rows] + [""], "export of chunked columns --rows %s" % s)
    got = json.loads(run("cat", path("tab.h5"), "/table/columns/s", "--rows", s))
    check(got == [str(names[r]) if valid[r] else None for r in rows], "cat of a string column group --rows %s: %r" % (s, got))
    got = json.loads(run("cat", path("tab_ck.h5"), "/table/columns/x/", "--rows", s))
    check(got == [float(x[r]) for r in rows], "cat of a chunked column group --rows %s" % s)
run("cat", path("tab.h5"), "/table", code=1)
run("cat", path("tab.h5"), "/table/columns/nope", code=1)

# ---- line ends -----------------------------------------------------------------
lf = run("export", path("tab.h5"))
crlf = run("export", path("tab.h5"), "--crlf")
check(b"\r" not in lf.replace(b"line\r", b""), "export writes LF by default")
check(crlf.count(b"\r\n") == 41 and crlf.replace(b"\r\n", b"\n") == lf, "--crlf ends every record with CRLF, nothing else changes")

# ---- many threads, large table: the same bytes as one thread -------------------
big = np.random.default_rng(5).standard_normal(200003)
vaex_table(path("big.h5"), {"v": (big, None, None), "w": (np.arange(200003) % 977, None, None)})
one = run("export", path("big.h5"), "--threads", "1")
three = run("export", path("big.h5"), "--threads", "3")
check(one == three, "export on 1 and 3 threads gives the same bytes")
vals = [float(l.split(b",")[0]) for l in one.split(b"\n")[1:-1]]
check(np.array_equal(np.array(vals), big), "every float64 reads back bit-for-bit")

# ---- float widths: numpy's own repr ---------------------------------------------
f32 = np.array([29.9, 0.1, 1e-5, 3.4028235e38, 16777216.0, -0.0, 1.0, 123456.79, 1e16, 2.5e-45, np.nan, np.inf], np.float32)
f16 = np.array([0.1, 65504, 6e-8, -2.5, 1.0, 1000.0, 0.3333], np.float16)
vaex_table(path("fw.h5"), {"a": (f32, None, None)})
vaex_table(path("fw16.h5"), {"h": (f16, None, None)})
out = run("export", path("fw.h5")).decode().split("\n")[1:-1]
check(out == [str(v) for v in f32], "float32 export in its own shortest form: %r vs %r" % (out, [str(v) for v in f32]))
out = run("export", path("fw16.h5")).decode().split("\n")[1:-1]
check(out == [str(v) for v in f16], "float16 export: %r vs %r" % (out, [str(v) for v in f16]))

# ---- datetime64 / timedelta64 ------------------------------------------------------
ns = np.array(["2021-03-04T05:06:07.123456789", "NaT", "1970-01-01", "1677-09-21T00:12:43.145224193", "2262-04-11T23:47:16.854775807",
               "1969-12-31T23:59:59.999999999"], dtype="M8[ns]")
secs = np.array(["2021-03-04T05:06:07", "1900-02-28T00:00:01", "NaT"], dtype="M8[s]")
days = np.array(["2021-03-04", "0001-01-01", "9999-12-31"], dtype="M8[D]")
td = np.array([1, -1, 86400 * 10**9 * 3 + 5, -(86400 * 3 + 1) * 10**9, 0, 1500 * 10**6], dtype="m8[ns]")
vaex_table(path("dt.h5"), {"t": (ns.view(np.int64), "datetime64[ns]", None)})
vaex_table(path("dt_s.h5"), {"t": (secs.view(np.int64), "datetime64[s]", None)})
vaex_table(path("dt_d.h5"), {"t": (days.view(np.int64), "datetime64[D]", None)})
vaex_table(path("td.h5"), {"d": (td.view(np.int64), "timedelta64[ns]", None)})
for fn, arr in (("dt.h5", ns), ("dt_s.h5", secs), ("dt_d.h5", days)):
    out = run("export", path(fn)).decode().split("\n")[1:-1]
    check(out == ["" if np.isnat(v) else str(v) for v in arr], "%s export: %r" % (fn, out))
    got = json.loads(run("cat", path(fn), "/table/columns/t"))
    check(got == [None if np.isnat(v) else str(v) for v in arr], "%s cat of the column: %r" % (fn, got))


def iso_duration(v):
    v = int(v)
    a = abs(v)
    d, r = divmod(a, 86400 * 10**9)
    s, frac = divmod(r, 10**9)
    txt = "P%dDT%dH%dM%d" % (d, s // 3600, s // 60 % 60, s % 60)
    if frac:
        txt += ("." + "%09d" % frac).rstrip("0")
    return ("-" if v < 0 else "") + txt + "S"


out = run("export", path("td.h5")).decode().split("\n")[1:-1]
check(out == [iso_duration(v) for v in td.view(np.int64)], "timedelta export: %r" % out)
import pandas as pd  # noqa: E402
check(iso_duration(td.view(np.int64)[2]) == pd.Timedelta(int(td.view(np.int64)[2]), "ns").isoformat(),
      "durations are pandas' isoformat for positive values")
st = json.loads(run("stats", path("dt.h5"), "--json"))[0]
valid_ns = ns[~np.isnat(ns)]
exact_mean = sum(int(v) for v in valid_ns.view(np.int64))
mean = (2 * exact_mean + len(valid_ns)) // (2 * len(valid_ns))   # round half up
check(st["min"] == str(valid_ns.min()) and st["max"] == str(valid_ns.max()), "stats min/max of datetime64: %r" % st)
check(st["mean"] == str(np.int64(mean).view("M8[ns]")), "stats mean of datetime64 exact: %r vs %s" % (st["mean"], np.int64(mean).view("M8[ns]")))
check(st["nulls"] == 0 and st["rows"] == 6, "stats rows/nulls %r" % st)

# import recognises ISO timestamps
csvp = path("t.csv")
with open(csvp, "w") as f:
    f.write("a,b,c\n2021-03-04,2021-03-04T05:06:07.5,x\n1999-12-31 23:59:59,,y\n2000-02-29T00:00Z,1970-01-01T00:00:00.000000001,z\n")
run("import", csvp, path("t.h5"))
with h5py.File(path("t.h5"), "r") as f:
    for col, want in (("a", ["2021-03-04", "1999-12-31T23:59:59", "2000-02-29T00:00"]), ("b", ["2021-03-04T05:06:07.5", "NaT", "1970-01-01T00:00:00.000000001"])):
        d = f["table/columns/%s/data" % col]
        check(d.attrs["dtype"] == "datetime64[ns]", "import: %s stored as datetime64[ns]" % col)
        check(d[:].view("M8[ns]").tolist() == np.array(want, dtype="M8[ns]").tolist(), "import: %s values %r" % (col, d[:].view("M8[ns]")))
for bad in ("2021-02-29", "2021-13-01", "2021-01-01T24:00", "2021-1-01", "2021-01-01T00:00:00.1234567891", "3000-01-01", "2021-01-01+01:00"):
    with open(csvp, "w") as f:
        f.write("a\n2021-01-01\n%s\n" % bad)
    run("import", csvp, path("t2.h5"))
    with h5py.File(path("t2.h5"), "r") as f:
        check(f["table/columns/a/data"].attrs.get("dtype") == "str", "import: '%s' is not a timestamp: the column stays text" % bad)

# ---- import - (one pass from a pipe) ----------------------------------------------
rows = ["id,x,name,when,flag"] + ["%d,%s,%s,%s,%s" % (i, repr(i / 7), "n%d" % i if i % 3 else "", "2020-01-%02dT00:00" % (i % 28 + 1),
                                                        "true" if i % 2 else "false") for i in range(3000)]
text = ("\n".join(rows) + "\n").encode()
with open(path("p.csv"), "wb") as f:
    f.write(text)
run("import", path("p.csv"), path("p_file.h5"))
run("import", "-", path("p_pipe.h5"), stdin=text)
check(run("export", path("p_file.h5")) == run("export", path("p_pipe.h5")), "import - equals the file import, cell for cell")
with h5py.File(path("p_pipe.h5"), "r") as f:
    check(f["table/columns/id/data"].maxshape == (None,), "import -: extendible datasets")
    check(f["table/columns/name/indices"].dtype == np.int64, "import -: int64 string offsets")
late = ("a,b\n" + "1,x\n" * 50 + "2.5,y\n").encode()
run("import", "-", path("late.h5"), "--sample-rows", "10", stdin=late, code=2)
check(not os.path.exists(path("late.h5")), "a value outside the sampled type leaves no file")
run("import", "-", path("late.h5"), stdin=late)
with h5py.File(path("late.h5"), "r") as f:
    check(f["table/columns/a/data"].dtype == np.float64, "a sample that sees the float infers float64")

# ---- JSON ---------------------------------------------------------------------------
for args in (("ls", path("tab.h5")), ("table", path("tab.h5")), ("stats", path("tab.h5")), ("check", path("tab.h5")),
             ("info", path("tab_ck.h5"), "/table/columns/x/data"), ("info", path("tab.h5"), "/table/columns/x/data")):
    txt = run(*(args + ("--json",)))
    try:
        json.loads(txt)
        ok = True
    except ValueError:
        ok = False
    check(ok, "%s --json is JSON: %r" % (args[0], txt[:200]))
lsj = json.loads(run("ls", path("tab.h5"), "--json"))
lst = run("ls", path("tab.h5")).decode().split("\n")[:-1]
check([e["path"] for e in lsj] == [l.split("\t")[0] for l in lst], "ls --json lists what ls lists")
ds = [e for e in lsj if e["path"] == "/table/columns/x/data"][0]
with h5py.File(path("tab.h5"), "r") as f:
    check(ds["offset"] == f["table/columns/x/data"].id.get_offset() and ds["shape"] == [40] and ds["dtype"] == "<f8",
          "ls --json describes a dataset: %r" % ds)
tj = json.loads(run("table", path("tab.h5"), "--json"))
check([c["name"] for c in tj] == ["x", "s", "i"] and tj[1]["nulls"] == int((~valid).sum()) and all(c["readable"] for c in tj),
      "table --json: %r" % tj)
sj = json.loads(run("stats", path("tab.h5"), "--json", "--columns", "i,x"))
check([c["column"] for c in sj] == ["i", "x"] and sj[0]["min"] == 0 and sj[0]["max"] == 39 and sj[1]["max"] == 7.25,
      "stats --columns --json: %r" % sj)
st_tsv = run("stats", path("tab.h5"), "--columns", "x").decode().split("\n")
check(len(st_tsv) == 3 and st_tsv[1].startswith("x\t"), "stats --columns picks columns: %r" % st_tsv)
run("stats", path("tab.h5"), "--columns", "nope", code=1)
info = json.loads(run("info", path("tab_ck.h5"), "/table/columns/x/data", "--json"))
check(info["chunk_shape"] == [6] and info["filters"][0]["name"] == "deflate" and info["chunks"] == 7, "info --json: %r" % info)
cj = json.loads(run("check", path("tab.h5"), "--json"))
check(cj["ok"] is True and cj["problems"] == 0 and cj["objects"] > 5, "check --json: %r" % cj)

# ---- a column hdf5lite cannot read ---------------------------------------------------
try:
    import tables
    with h5py.File(path("bz.h5"), "w") as f:
        t = f.create_group("table")
        t.attrs["type"] = "table"
        f["table/columns/a/data"] = np.arange(100.0)
    with tables.open_file(path("bz.h5"), "a") as f:
        g = f.create_group("/table/columns", "b")
        f.create_carray(g, "data", obj=np.arange(100), chunkshape=(10,), filters=tables.Filters(5, complib="bzip2"))
    lines = run("table", path("bz.h5")).decode().split("\n")
    check(lines[1].endswith("\tunreadable: filter 307 (bzip2) not decoded") and lines[0].count("\t") == 4, "table marks it: %r" % lines)
    tj = json.loads(run("table", path("bz.h5"), "--json"))
    check(tj[1]["readable"] is False and "bzip2" in tj[1]["why"], "table --json marks it: %r" % tj)
    check(run("export", path("bz.h5"), code=3) == b"", "export refuses before writing anything")
    run("export", path("bz.h5"), "--columns", "a")
except ImportError:
    if os.environ.get("CI") == "true":
        check(False, "PyTables missing in CI")
    else:
        print("*** test_mmapcol_cli: no PyTables: the unreadable-column case SKIPPED ***")

# ---- ls order where the walk is not bytewise --------------------------------------------
with h5py.File(path("order.h5"), "w") as f:
    for g in ("a", "a.b", "a-c", "a b", "b", "b/c", "b/c.d", "b/c/e", "b/c!", "z"):
        f.require_group(g)
    f["a/x"] = 1
    f["a.b/y"] = 2
    f["b/c/e/f"] = 3
    names = ["/"]
    f.visit(lambda n: names.append("/" + n))
got = [l.split("\t")[0] for l in run("ls", path("order.h5")).decode().split("\n")[:-1]]
check(got == sorted(names, key=lambda s: s.encode()), "ls sorts bytewise: %r" % got)
got = [e["path"] for e in json.loads(run("ls", path("order.h5"), "--json"))]
check(got == sorted(names, key=lambda s: s.encode()), "ls --json sorts bytewise")

print("test_mmapcol_cli: %d checks, %d failed" % (checks, len(fails)))
sys.exit(1 if fails else 0)
