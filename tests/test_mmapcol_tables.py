#!/usr/bin/python3
"""Fixtures for tests/test_mmapcol_table.c (the table reader), written with
h5py in the layouts vaex reads (vaex/hdf5/dataset.py).

  test_mmapcol_tables.py OUTDIR
"""
import os
import sys

import numpy as np
import h5py

out = sys.argv[1]


def p(name):
    return os.path.join(out, name)


def strcol(g, name, values, index_dtype='<i8', nulls=None):
    c = g.create_group(name)
    raw = b''.join(v.encode('utf-8') for v in values)
    offs = np.cumsum([0] + [len(v.encode('utf-8')) for v in values]).astype(index_dtype)
    d = c.create_dataset('data', data=np.frombuffer(raw, dtype='S1') if raw else np.zeros(0, 'S1'))
    d.attrs['dtype'] = 'str'
    c.create_dataset('indices', data=offs)
    if nulls is not None:
        bits = np.packbits(np.array([not n for n in nulls], dtype=bool), bitorder='little')
        c.create_dataset('null_bitmap', data=bits)
    return c


# 1. every column kind vaex writes
with h5py.File(p('kinds.h5'), 'w') as f:
    t = f.create_group('table')
    t.attrs['type'] = 'table'
    cols = t.create_group('columns')
    cols.attrs['column_order'] = 'n,gone,d,s'
    n = cols.create_group('n')
    n.create_dataset('data', data=np.array([1.5, 2.5, -3.0, 4.0, 5.0]))
    n.create_dataset('mask', data=np.array([0, 1, 0, 0, 1], dtype=bool))
    n.attrs['unit'] = 'km/s'
    n.attrs['ucd'] = 'phys.veloc'
    n.attrs['description'] = 'a speed'
    d = cols.create_group('d')
    d.attrs['type'] = 'dictionary_encoded'
    ig = d.create_group('indices')
    ig.create_dataset('data', data=np.array([0, 1, 0, 2, 1], dtype='<i4'))
    strcol(d, 'dictionary', ['red', 'green', 'blue'])
    strcol(cols, 's', ['héllo', '', 'x', 'long string', 'z'], index_dtype='>i8', nulls=[False, True, False, False, True])
    dt = cols.create_group('dt')
    ds = dt.create_dataset('data', data=np.array([0, 10**18, -1, 5, 6], dtype='<i8'))
    ds.attrs['dtype'] = 'datetime64[ns]'
    u = cols.create_group('u')
    raw = ''.join(s.ljust(3, '\0') for s in ['ab', 'ñ', 'xyz', '', 'q']).encode('utf-32-le')
    ud = u.create_dataset('data', data=np.frombuffer(raw, dtype='S12'))
    ud.attrs['dtype'] = 'utf32'
    ud.attrs['dlength'] = 3
    a = cols.create_group('aliased')
    a.create_dataset('data', data=np.arange(5, dtype='>i2'))
    a.attrs['alias'] = 'A-1'
    s32 = strcol(cols, 's32', ['a', 'bb', 'ccc', 'dddd', ''], index_dtype='<i4')
    s32.create_dataset('dummy', data=np.zeros(1))

# 2. vaex's older layouts: /data and datasets in the root group
with h5py.File(p('v1_data.h5'), 'w') as f:
    f.create_dataset('data/y', data=np.array([3, 4], dtype='<u2'))
    x = f.create_dataset('data/x', data=np.array([1.0, 2.0], dtype='>f4'))
    x.attrs['ucd'] = 'pos.x'
    f['data'].attrs['column_order'] = 'x'
with h5py.File(p('v1_root.h5'), 'w') as f:
    f.create_dataset('b', data=np.arange(3))
    f.create_dataset('a', data=np.arange(3.0))
    f.create_group('not_a_column')

# 3. broken or unsupported tables
with h5py.File(p('mask_mismatch.h5'), 'w') as f:
    c = f.create_group('table/columns/x')
    c.create_dataset('data', data=np.arange(4.0))
    c.create_dataset('mask', data=np.zeros(3, dtype=bool))
with h5py.File(p('short_bitmap.h5'), 'w') as f:
    c = f.create_group('table/columns/x')
    c.create_dataset('data', data=np.arange(20))
    c.create_dataset('null_bitmap', data=np.zeros(2, dtype='u1'))
with h5py.File(p('bad_offsets.h5'), 'w') as f:
    cols = f.create_group('table/columns')
    c = strcol(cols, 's', ['abc', 'de', 'f'])
    del c['indices']
    c.create_dataset('indices', data=np.array([0, 3, 2, 99], dtype='<i8'))
with h5py.File(p('chunked.h5'), 'w') as f:
    c = f.create_group('table/columns/x')
    c.create_dataset('data', data=np.arange(100.0), chunks=(10,))
with h5py.File(p('no_table.h5'), 'w') as f:
    f.create_group('something/else')
with h5py.File(p('bad_code.h5'), 'w') as f:
    d = f.create_group('table/columns/d')
    d.attrs['type'] = 'dictionary_encoded'
    d.create_dataset('indices/data', data=np.array([0, 7], dtype='i1'))
    strcol(d, 'dictionary', ['p', 'q'])
print('table fixtures written to %s' % out)
