#!/usr/bin/python3
"""mmapcol over a vaex table whose columns are chunked (deflate, shuffle,
LZF, fletcher32, scale-offset; string data and offsets, masks, null
bitmaps, a dictionary column) against the same table written contiguous:
`table`, `stats` (one and four threads), `export` (whole, row ranges,
column subsets) and `check` must print the same. Then vaex's older layouts
(columns as datasets side by side in the root group, and in /data) chunked
against contiguous the same way.
Usage: check_chunked_table.py MMAPCOL OUTDIR"""
import os
import subprocess
import sys

import numpy as np
import h5py

mmapcol, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
n = 50021


def build(path, chunked):
    def ds(g, name, data, **kw):
        if not chunked:
            kw = {}
        return g.create_dataset(name, data=data, **kw)
    with h5py.File(path, 'w') as f:
        t = f.create_group('table')
        t.attrs['type'] = 'table'
        c = t.create_group('columns')
        c.attrs['column_order'] = 'x,i,s,m,b,d,so'
        ds(c, 'x/data', rng.normal(0, 1, n), chunks=(4096,), compression='gzip', shuffle=True, fletcher32=True)
        ds(c, 'i/data', np.arange(n, dtype='<i4'), chunks=(1000,), compression='lzf')
        words = [('w%d' % (i % 97)) * (i % 4) for i in range(n)]
        b = ''.join(words).encode()
        idx = np.zeros(n + 1, dtype='<i8')
        idx[1:] = np.cumsum([len(w) for w in words])
        ds(c, 's/data', np.frombuffer(b, dtype='S1'), chunks=(10000,), compression='gzip')
        c['s/data'].attrs['dtype'] = 'str'
        ds(c, 's/indices', idx, chunks=(5000,), compression='gzip')
        bm = np.packbits((np.arange(n) % 7 != 0).astype('u1'), bitorder='little')
        ds(c, 's/null_bitmap', bm, chunks=(333,))
        ds(c, 'm/data', np.arange(n, dtype='<f4'), chunks=(777,), compression='gzip')
        ds(c, 'm/mask', np.arange(n) % 5 == 0, chunks=(777,), compression='gzip')
        ds(c, 'b/data', np.arange(n, dtype='>i8'), chunks=(3000,))
        ds(c, 'b/null_bitmap', np.packbits((np.arange(n) % 3 != 0).astype('u1'), bitorder='little'), chunks=(1000,),
           compression='gzip')
        d = c.create_group('d')
        d.attrs['type'] = 'dictionary_encoded'
        ds(d, 'indices/data', (np.arange(n) % 3).astype('<i1'), chunks=(2048,), compression='gzip')
        ds(d, 'dictionary/data', np.frombuffer(b'redgreenblue', dtype='S1'))
        d['dictionary/data'].attrs['dtype'] = 'str'
        ds(d, 'dictionary/indices', np.array([0, 3, 8, 12], dtype='<i4'))
        ds(c, 'so/data', rng.integers(-1000, 1000, n).astype('<i4'), chunks=(2000,), scaleoffset=0)


a, b = os.path.join(out, 'table_chunked.h5'), os.path.join(out, 'table_contiguous.h5')
build(a, True)
rng = np.random.default_rng(7)
build(b, False)
passed = failed = 0


def same_output(a, b, argsets, label):
    """mmapcol prints the same for the chunked file a as for its contiguous twin b."""
    global passed, failed
    for args in argsets:
        ra = subprocess.run([mmapcol, args[0], a] + args[1:], capture_output=True)
        rb = subprocess.run([mmapcol, args[0], b] + args[1:], capture_output=True)
        if ra.returncode == 0 and ra.returncode == rb.returncode and ra.stdout == rb.stdout and ra.stdout:
            passed += 1
        else:
            failed += 1
            print('FAIL %smmapcol %s: chunked exit %d, contiguous exit %d; %s' % (label, ' '.join(args), ra.returncode, rb.returncode,
                                                                               ra.stderr.decode(errors='replace').strip()))


same_output(a, b, (['table'], ['stats'], ['stats', '--threads', '4'], ['export'], ['export', '--rows', '12345:40000'],
                   ['export', '--columns', 's,d,b', '--rows', '49990:50021'], ['cat', '/table/columns/s/indices', '--rows', '4990:5010']), '')


def build_legacy(path, chunked, where):
    def ds(g, name, data, **kw):
        return g.create_dataset(name, data=data, **(kw if chunked else {}))
    r2 = np.random.default_rng(11)
    with h5py.File(path, 'w') as f:
        g = f if where == '/' else f.create_group(where.strip('/'))
        ds(g, 'x', r2.normal(0, 1, n), chunks=(4096,), compression='gzip', shuffle=True)
        ds(g, 'i', np.arange(n, dtype='<i4'), chunks=(1000,), compression='lzf')
        ds(g, 'f', r2.normal(0, 1, n).astype('>f4'), chunks=(3000,), compression='gzip', fletcher32=True)
        ds(g, 'u', (np.arange(n) % 200).astype('u1'), chunks=(512,))


for where in ('/', '/data'):
    la, lb = os.path.join(out, 'legacy%s_chunked.h5' % where.replace('/', '_')), os.path.join(out, 'legacy%s_contiguous.h5' % where.replace('/', '_'))
    build_legacy(la, True, where)
    build_legacy(lb, False, where)
    same_output(la, lb, (['table'], ['stats'], ['stats', '--threads', '3'], ['export'], ['export', '--rows', '777:1999', '--columns', 'u,x']),
                'legacy %s: ' % where)

r = subprocess.run([mmapcol, 'check', a], capture_output=True, text=True)
if r.returncode == 0 and ', 0 problems, 0 notes' in r.stdout:
    passed += 1
else:
    failed += 1
    print('FAIL mmapcol check: %s' % r.stdout.strip().splitlines()[-1:])
print('check_chunked_table: %d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
