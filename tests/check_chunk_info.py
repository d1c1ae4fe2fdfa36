#!/usr/bin/python3
"""mmapcol info against h5py for every chunked dataset of the given files:
chunk shape, allocated chunks, stored bytes, filters (ids in order) and the
chunk index libhdf5 chose. Usage: check_chunk_info.py MMAPCOL FILE.h5 ..."""
import subprocess
import sys

import h5py

INDEX = {0: 'v1 B-tree', 1: 'single chunk', 2: 'implicit', 3: 'fixed array', 4: 'extensible array', 5: 'v2 B-tree'}
mmapcol = sys.argv[1]
passed = failed = 0


def check(path, name, ds):
    global passed, failed
    out = subprocess.run([mmapcol, 'info', path, name], capture_output=True, text=True)
    if out.returncode != 0:
        print('FAIL %s %s: exit %d %s' % (path, name, out.returncode, out.stderr.strip()))
        failed += 1
        return
    info = {}
    filters = []
    for line in out.stdout.splitlines():
        k, _, v = line.partition('\t')
        if k == 'filter':
            filters.append(int(v.split()[0]))
        else:
            info[k] = v
    n = ds.id.get_num_chunks()
    stored = sum(ds.id.get_chunk_info(i).size for i in range(n))
    dcpl = ds.id.get_create_plist()
    want_filters = [dcpl.get_filter(i)[0] for i in range(dcpl.get_nfilters())]
    want_shape = '(' + ', '.join(str(c) for c in ds.chunks) + (',)' if len(ds.chunks) == 1 else ')')
    wrong = []
    if info.get('chunk_shape') != want_shape:
        wrong.append('chunk_shape %s, h5py %s' % (info.get('chunk_shape'), want_shape))
    if int(info.get('chunks', -1)) != n:
        wrong.append('chunks %s, h5py %d' % (info.get('chunks'), n))
    if int(info.get('stored_bytes', -1)) != stored:
        wrong.append('stored_bytes %s, h5py %d' % (info.get('stored_bytes'), stored))
    if filters != want_filters:
        wrong.append('filters %s, h5py %s' % (filters, want_filters))
    if int(info.get('logical_bytes', -1)) != ds.size * ds.dtype.itemsize and ds.dtype.kind != 'O':
        wrong.append('logical_bytes %s' % info.get('logical_bytes'))
    if info.get('chunk_index') not in INDEX.values():
        wrong.append('chunk_index %s' % info.get('chunk_index'))
    if wrong:
        print('FAIL %s %s: %s' % (path, name, '; '.join(wrong)))
        failed += 1
    else:
        passed += 1


for path in sys.argv[2:]:
    with h5py.File(path, 'r') as f:
        f.visititems(lambda name, obj: check(path, name, obj)
                     if isinstance(obj, h5py.Dataset) and obj.chunks is not None else None)
print('check_chunk_info: %d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
