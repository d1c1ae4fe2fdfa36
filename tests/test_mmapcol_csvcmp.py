#!/usr/bin/env python3
"""Compare two CSV files by value (used by tests/test_mmapcol.sh; plain Python,
no h5py needed).

  test_mmapcol_csvcmp.py ORIGINAL.csv EXPORTED.csv TYPES

TYPES is one letter per column, the type the import must have inferred
(i int64, f float64, b bool, s string).  ORIGINAL is the CSV given to
`mmapcol import`; EXPORTED is what `mmapcol export` printed.  Empty unquoted
cells are nulls on both sides; ints compare exactly (no float conversion),
floats bit-exactly as doubles, bools by truth value, strings exactly.
"""
import csv
import io
import math
import sys


def read(path):
    with open(path, 'rb') as fh:
        data = fh.read()
    text = data.decode('utf-8')
    if text.startswith('\ufeff'):
        text = text[1:]
    # csv loses the quoted/unquoted distinction of empty cells: null_cells()
    # recovers it from the text
    return list(csv.reader(io.StringIO(text, newline=''))), None


def null_cells(path):
    """Set of (row, col) of empty *unquoted* cells, by scanning the text."""
    with open(path, 'rb') as fh:
        t = fh.read().decode('utf-8')
    if t.startswith('\ufeff'):
        t = t[1:]
    cells = set()
    r = c = 0
    i = 0
    n = len(t)
    start = True
    while i < n:
        ch = t[i]
        if start and ch == '"':
            i += 1
            while i < n:
                if t[i] == '"':
                    if i + 1 < n and t[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
            start = False
            continue
        if ch == ',':
            if start:
                cells.add((r, c))
            c += 1
            start = True
            i += 1
            continue
        if ch in '\r\n':
            if start:
                cells.add((r, c))
            if ch == '\r' and i + 1 < n and t[i + 1] == '\n':
                i += 1
            i += 1
            r += 1
            c = 0
            start = True
            continue
        start = False
        i += 1
    if not start or c:
        if start:
            cells.add((r, c))
    return cells


def main():
    a_path, b_path, types = sys.argv[1], sys.argv[2], sys.argv[3]
    a, _ = read(a_path)
    b, _ = read(b_path)
    na, nb = null_cells(a_path), null_cells(b_path)
    bad = 0
    if len(a) != len(b):
        print('row count differs: %d vs %d' % (len(a), len(b)))
        return 1
    for r, (ra, rb) in enumerate(zip(a, b)):
        if r == 0:
            continue            # header: compared by the caller (names may be rewritten)
        for c, t in enumerate(types):
            va = ra[c] if c < len(ra) else ''
            vb = rb[c] if c < len(rb) else ''
            null_a = (r, c) in na or c >= len(ra)
            null_b = (r, c) in nb
            if null_a != null_b:
                print('row %d col %d: null %s vs %s (%r, %r)' % (r, c, null_a, null_b, va, vb))
                bad += 1
                continue
            if null_a:
                continue
            ok = True
            if t == 'i':
                ok = int(va) == int(vb) and vb.lstrip('-').isdigit()
            elif t == 'f':
                fa, fb = float(va), float(vb)
                ok = (math.isnan(fa) and math.isnan(fb)) or (fa == fb and math.copysign(1, fa) == math.copysign(1, fb))
            elif t == 'b':
                ok = (va.lower() == 'true') == (vb.lower() == 'true') and vb in ('true', 'false')
            else:
                ok = va == vb
            if not ok:
                print('row %d col %d (%s): %r vs %r' % (r, c, t, va, vb))
                bad += 1
    print('%s: %d rows compared, %d differences' % (b_path, len(a) - 1, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
