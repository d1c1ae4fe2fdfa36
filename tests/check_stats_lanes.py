#!/usr/bin/env python3
"""`mmapcol stats` over the values its fast loops take (native floats and
integers without nulls, summed in eight lanes), checked against Python's own
rules on the same values read by h5py:

  min / max  the first of equal values, as Python's min() and max() pick it
             (only +0.0 and -0.0 tell that apart: a zero of either sign at
             any lane position, before and after the other); NaN skipped
  mean       math.fsum / count (the exact sum, rounded once): within 2 ulp
             (integers: plus the rounding of each value to a double)
  rows       every row; NaN counts no value but is not a null

Columns are contiguous (the mapped path) and chunked with and without gzip
(read in blocks), little- and big-endian (the slow path, for comparison),
with lengths around the lane width. Columns of odd byte counts (1-byte types,
odd row counts) place over 20 contiguous columns of each file at addresses
that are not a multiple of their element size: the loops load through
memcpy, and the ASan/UBSan run checks that.
Usage: check_stats_lanes.py MMAPCOL DIR"""
import math, os, subprocess, sys
import h5py, numpy as np

mm, out_dir = sys.argv[1], sys.argv[2]
os.makedirs(out_dir, exist_ok=True)
fails = checks = 0


def fail(msg):
    global fails
    fails += 1
    print('FAIL: ' + msg)


def columns(rng, n):
    """(name, array, h5py keywords) for one file: columns of n rows."""
    if True:
        for dt in ('<f8', '<f4', '>f8', '<i1', '<u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '>i8'):
            if dt[1] == 'f':
                kinds = ('normal', 'zeros', 'zlane', 'nan', 'allnan', 'inf')
            else:
                kinds = ('random', 'extremes')
            for kind in kinds:
                if dt[1] == 'f':
                    a = rng.normal(size=n).astype(dt)
                    if kind == 'zeros':       # zeros of both signs; the first zero decides
                        a = np.abs(a)
                        a[rng.integers(0, n, size=max(1, n // 3))] = -0.0 if rng.integers(0, 2) else 0.0
                        a[rng.integers(0, n, size=max(1, n // 3))] = 0.0 if rng.integers(0, 2) else -0.0
                        if rng.integers(0, 2): a = -a
                        if rng.integers(0, 2): a[:] = np.where(a == 0, a, 0.0)
                    elif kind == 'zlane' and n > 8:
                        # the first zero in a later lane, the other zero in
                        # lane 0 after it: a merge of lanes in lane order
                        # alone would pick the wrong sign
                        a = np.abs(a) + 1
                        if rng.integers(0, 2): a = -a
                        first = int(rng.integers(1, 8))
                        z = -0.0 if rng.integers(0, 2) else 0.0
                        a[first] = z
                        a[8 * int(rng.integers(1, (n - 1) // 8 + 1))] = -z if z == 0 and math.copysign(1, z) > 0 else 0.0
                    elif kind == 'nan':
                        a[rng.integers(0, n, size=max(1, n // 4))] = np.nan
                    elif kind == 'allnan':
                        a[:] = np.nan
                    elif kind == 'inf':
                        a[rng.integers(0, n)] = np.inf
                        a[rng.integers(0, n)] = -np.inf if rng.integers(0, 2) else np.inf
                else:
                    info = np.iinfo(np.dtype(dt))
                    if kind == 'random':
                        a = rng.integers(info.min, info.max, size=n, endpoint=True, dtype=np.dtype(dt).newbyteorder('=')).astype(dt)
                    else:
                        a = rng.choice(np.array([info.min, info.max], dtype=dt), size=n)
                for layout in ('contiguous', 'chunked', 'gzip'):
                    kw = {}
                    if layout != 'contiguous':
                        kw['chunks'] = (int(rng.integers(1, n + 1)),)
                    if layout == 'gzip':
                        kw['compression'] = 'gzip'
                    yield '%s_%s_%s' % (dt.replace('<', 'le').replace('>', 'be'), kind, layout), a, kw


def expected(a):
    vals = [v for v in a.tolist() if not (isinstance(v, float) and math.isnan(v))]
    if not vals:
        return None
    if isinstance(vals[0], float):
        return min(vals), max(vals), math.fsum(vals) / len(vals) if all(math.isfinite(v) for v in vals) else None
    return min(vals), max(vals), float(sum(vals)) / len(vals)    # exact integer sum, rounded once


rng = np.random.default_rng(20261205)
for n in (1, 7, 8, 9, 15, 16, 17, 1000, 4099):
    path = os.path.join(out_dir, 'stats_lanes_%d.h5' % n)
    with h5py.File(path, 'w') as f:
        cols = f.create_group('table/columns')
        arrays = {}
        for name, a, kw in columns(rng, n):
            cols.create_group(name).create_dataset('data', data=a, **kw)
            arrays[name] = a

    for threads in ('1', '3'):
        r = subprocess.run([mm, 'stats', path, '--threads', threads], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        if r.returncode != 0:
            fail('%d rows: stats --threads %s: exit %d: %s' % (n, threads, r.returncode, r.stderr))
            continue
        got = {l.split('\t')[0]: l.split('\t') for l in r.stdout.rstrip('\n').split('\n')[1:]}
        for name, a in arrays.items():
            checks += 1
            row = got.get(name)
            if row is None:
                fail('%d rows, %s: no line' % name)
                continue
            if int(row[2]) != len(a) or row[3] != '0':
                fail('%d rows, %s: rows/nulls %s/%s, want %d/0' % (n, name, row[2], row[3], len(a)))
            exp = expected(a)
            if exp is None:
                if a.dtype.kind == 'f' and np.isnan(a).all() and row[4:7] != ['-', '-', '-']:
                    fail('%d rows, %s: all NaN gives %r, want - - -' % (n, name, row[4:7]))
                continue
            if a.dtype.kind == 'f':
                mn, mx = float(row[4]), float(row[5])
                if mn != exp[0] or math.copysign(1, mn) != math.copysign(1, exp[0]) or mx != exp[1] or math.copysign(1, mx) != math.copysign(1, exp[1]):
                    fail('%d rows, %s: min/max %s %s, want %r %r (first of equals)' % (n, name, row[4], row[5], exp[0], exp[1]))
                if exp[2] is not None:
                    m = float(row[6])
                    if not (m == exp[2] or abs(m - exp[2]) <= 2 * math.ulp(exp[2])):
                        fail('%d rows, %s: mean %s, want %r' % (n, name, row[6], exp[2]))
            else:
                if int(row[4]) != exp[0] or int(row[5]) != exp[1]:
                    fail('%d rows, %s: min/max %s %s, want %d %d' % (n, name, row[4], row[5], exp[0], exp[1]))
                # each value becomes a double before it is summed: beyond 2^53
                # that rounds it by up to |v| * 2^-53, and the mean with it
                m, big = float(row[6]), max(abs(int(v)) for v in a.tolist())
                if not (m == exp[2] or abs(m - exp[2]) <= 2 * math.ulp(exp[2]) + big * 2.0 ** -53):
                    fail('%d rows, %s: mean %s, want %r' % (n, name, row[6], exp[2]))

print('check_stats_lanes: %d checks, %d failed' % (checks, fails))
sys.exit(1 if fails else 0)
