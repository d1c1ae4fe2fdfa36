#!/usr/bin/python3
"""`mmapcol table`, `stats` and `export` on vaex-written files, checked
against h5py (run by tests/test_mmapcol.sh; needs h5py + numpy).

  test_mmapcol_vaex.py MMAPCOL FILE...

table : must equal tests/h5py_view.py's table view line for line.
stats : rows, nulls, min, max (bit-exact), mean (relative 1e-12), string
        min/max length, computed here with numpy from what h5py reads.
export: every cell equals the value h5py reads (floats bit-exact).
"""
import csv
import io
import math
import os
import subprocess
import sys

import numpy as np
import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5py_view as V  # noqa: E402

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print('FAIL ' + msg)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail('%s: exit %d: %s' % (' '.join(cmd), p.returncode, p.stderr.decode('utf-8', 'replace').strip()))
        return None
    return p.stdout.decode('utf-8')


def column_values(cols, gname):
    """list of Python values (None for null) of a v2 column group, via h5py."""
    g = cols[gname]
    data = g['data']
    if 'dtype' in data.attrs and V.astr(data.attrs['dtype']) == 'str':
        idx = g['indices'][()]
        raw = data[()].tobytes()
        vals = [raw[idx[i]:idx[i + 1]].decode('utf-8') for i in range(len(idx) - 1)]
    else:
        vals = list(data[()])
    n = len(vals)
    valid = [True] * n
    if 'mask' in g:
        m = g['mask'][()]
        valid = [not bool(m[i]) for i in range(n)]
    elif 'null_bitmap' in g:
        bm = g['null_bitmap'][()]
        valid = [bool((bm[i // 8] >> (i % 8)) & 1) for i in range(n)]
    return [v if ok else None for v, ok in zip(vals, valid)]


def fmt_ref(v):
    return v


def check_file(mm, path):
    name = os.path.basename(path)
    ref_table = V.table_lines(path)
    out = run([mm, 'table', path])
    if out is not None:
        got = out.rstrip('\n').split('\n') if out else []
        if got != ref_table:
            fail('%s: table differs:\n  h5py:    %r\n  mmapcol: %r' % (name, ref_table, got))
    f = h5py.File(path, 'r')
    cols = f['table/columns']
    order = V.astr(cols.attrs['column_order']).split(',')
    names = [n for n in order if n in cols] + sorted(n for n in cols if n not in order)
    values = {n: column_values(cols, n) for n in names}
    display = {n: n for n in names}   # vaex names columns by their group
    # stats
    out = run([mm, 'stats', path, '--threads', '3'])
    if out is not None:
        lines = out.rstrip('\n').split('\n')
        if lines[0].split('\t') != ['column', 'type', 'rows', 'nulls', 'min', 'max', 'mean']:
            fail('%s: stats header %r' % (name, lines[0]))
        got = {l.split('\t')[0]: l.split('\t') for l in lines[1:]}
        for n in names:
            row = got.get(display[n])
            vals = values[n]
            nn = [v for v in vals if v is not None]
            if row is None:
                fail('%s: stats: no line for %s' % (name, display[n]))
                continue
            if int(row[2]) != len(vals) or int(row[3]) != len(vals) - len(nn):
                fail('%s: stats %s rows/nulls %s/%s, h5py %d/%d' % (name, n, row[2], row[3], len(vals), len(vals) - len(nn)))
            if nn and isinstance(nn[0], str):
                lens = [len(s.encode('utf-8')) for s in nn]
                if row[4] != 'len %d' % min(lens) or row[5] != 'len %d' % max(lens):
                    fail('%s: stats %s lengths %s %s, h5py %d %d' % (name, n, row[4], row[5], min(lens), max(lens)))
            elif nn:
                arr = np.array(nn)
                if arr.dtype.kind == 'f':
                    ok = float(row[4]) == float(arr.min()) and float(row[5]) == float(arr.max())
                else:
                    ok = int(row[4]) == int(arr.min()) and int(row[5]) == int(arr.max())
                mean = float(np.mean(arr.astype(np.float64)))
                if not ok or not math.isclose(float(row[6]), mean, rel_tol=1e-12, abs_tol=1e-300):
                    fail('%s: stats %s: %r, h5py min %r max %r mean %r' % (name, n, row[4:], arr.min(), arr.max(), mean))
    # export
    out = run([mm, 'export', path])
    if out is not None:
        rows = list(csv.reader(io.StringIO(out, newline='')))
        if rows[0] != [display[n] for n in names]:
            fail('%s: export header %r' % (name, rows[0]))
        if len(rows) - 1 != len(values[names[0]]):
            fail('%s: export has %d rows, h5py %d' % (name, len(rows) - 1, len(values[names[0]])))
        for r, row in enumerate(rows[1:]):
            for c, n in enumerate(names):
                ref = values[n][r]
                cell = row[c]
                if ref is None:
                    ok = cell == ''
                elif isinstance(ref, str):
                    ok = cell == ref
                elif isinstance(ref, (float, np.floating)):
                    ok = float(cell) == float(ref) or (math.isnan(float(cell)) and math.isnan(ref))
                elif isinstance(ref, (bool, np.bool_)):
                    ok = cell == ('true' if ref else 'false')
                else:
                    ok = int(cell) == int(ref)
                if not ok:
                    fail('%s: export row %d column %s: %r, h5py %r' % (name, r, n, cell, ref))
                    break
    print('%s: table, stats and export checked against h5py' % name)


def main():
    mm = sys.argv[1]
    for path in sys.argv[2:]:
        check_file(mm, path)
    if FAILS:
        print('%d failures' % len(FAILS))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
