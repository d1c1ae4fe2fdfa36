#!/usr/bin/python3
"""Files for `mmapcol repack` that nobody here wrote: h5py and PyTables
with the types and layouts repack must carry over (tests/check_repack.py).

Usage: /usr/bin/python3 tests/gen_repack.py OUTDIR
"""
import os
import sys
import warnings

import numpy as np
import h5py

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)


def p(name):
    return os.path.join(out, name)


# h5py: every storage kind, vlen data, references, named types, links
for libver in ('earliest', 'latest'):
    with h5py.File(p('h5py_%s.h5' % libver), 'w', libver=libver) as f:
        f['plain'] = np.arange(1000, dtype='<i8')
        f.create_dataset('gzip2d', data=rng.standard_normal((300, 7)), chunks=(64, 7), compression='gzip', shuffle=True)
        f.create_dataset('lzf', data=np.arange(5000, dtype='>u2'), chunks=(700,), compression='lzf')
        f.create_dataset('fletch', data=np.arange(999, dtype='<f4'), chunks=(100,), fletcher32=True, maxshape=(None,))
        f.create_dataset('resizable', data=np.arange(10, dtype='i4'), maxshape=(None,), chunks=(4,))
        f.create_dataset('empty0', shape=(0, 3), dtype='f8', maxshape=(None, 3), chunks=(10, 3))
        f.create_dataset('scalar', data=np.float64(3.25))
        f['nullds'] = h5py.Empty('f4')
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        sp = h5py.h5s.create_simple((12,))
        h5py.h5d.create(f.id, b'compact', h5py.h5t.STD_I16LE, sp, dcpl=dcpl).write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(12, dtype='<i2'))
        s = h5py.string_dtype('utf-8')
        f.create_dataset('vstr', data=np.array(['', 'a', 'héllo wörld', 'x' * 3000] * 50, dtype=object), dtype=s)
        f.create_dataset('vstr_ascii', data=np.array([b'abc', b'', b'defg'], dtype=object), dtype=h5py.string_dtype('ascii'))
        f.create_dataset('vstr_chunked', data=np.array(['r%d' % i for i in range(2000)], dtype=object), dtype=s,
                         chunks=(128,), compression='gzip')
        vi = h5py.vlen_dtype(np.dtype('int32'))
        d = f.create_dataset('vint', (5,), dtype=vi)
        for i in range(5):
            d[i] = np.arange(i * 3, dtype='int32')
        d2 = f.create_dataset('vstr2d', (3, 2), dtype=s)
        d2[...] = np.array([['a', 'bb'], ['', 'ccc'], ['dd', 'e']], dtype=object)
        cmp = np.dtype([('id', '<i4'), ('x', '<f8'), ('name', 'S6'), ('v', '<i2', (2, 3))])
        a = np.zeros(40, dtype=cmp)
        a['id'] = np.arange(40)
        a['x'] = np.arange(40) * 0.5
        a['name'] = [b'n%d' % i for i in range(40)]
        a['v'] = np.arange(40 * 6).reshape(40, 2, 3)
        f['compound'] = a
        f.create_dataset('compound_chunked', data=a, chunks=(8,), compression='gzip')
        f['enum'] = np.array([0, 1, 2, 1], dtype=h5py.enum_dtype({'R': 0, 'G': 1, 'B': 2}, basetype='u1'))
        f['bools'] = np.array([True, False, True])
        f['arr'] = np.zeros(4, dtype=np.dtype(('<f4', (3,))))
        f['c16'] = np.array([1 + 2j, 3 - 4j], dtype='c16')
        f['f2'] = np.array([1.5, -2.0, 65504.0], dtype='<f2')
        f['opaque'] = np.void(b'\x01\x02\x03\x04')
        f['t_named'] = np.dtype([('a', '<i4'), ('b', '<f4')])
        f.create_dataset('uses_named', (3,), dtype=f['t_named'])
        f['t_named'].attrs['doc'] = 'a named type'
        f['t_vstr'] = h5py.string_dtype('utf-8')           # a committed vlen string type
        dv = f.create_dataset('uses_vstr', (3,), dtype=f['t_vstr'])
        dv[...] = np.array(['x', '', 'zz'], dtype=object)
        f['plain'].attrs.create('named_vstr', 'hello', dtype=f['t_vstr'])
        g = f.create_group('grp/sub')
        g['data'] = np.arange(6, dtype='u1').reshape(2, 3)
        f['hardlink'] = f['plain']
        f['grp/hard_to_group'] = f['grp/sub']
        f['soft'] = h5py.SoftLink('/plain')
        f['dangling'] = h5py.SoftLink('/nowhere')
        f['ext'] = h5py.ExternalLink('other.h5', '/x')
        refs = f.create_dataset('refs', (3,), dtype=h5py.ref_dtype)
        refs[0] = f['plain'].ref
        refs[1] = f['grp/sub'].ref
        rr = f.create_dataset('regionrefs', (3,), dtype=h5py.regionref_dtype)
        rr[0] = f['gzip2d'].regionref[10:20, 1:3]
        rr[1] = f['plain'].regionref[::100]
        f.attrs['ref_attr'] = f['compound'].ref
        f.attrs['refs_attr'] = np.array([f['plain'].ref, f['grp'].ref], dtype=h5py.ref_dtype)
        f.attrs['str'] = 'hello'
        f.attrs['strs'] = ['a', 'bc', '']
        f.attrs['fixed'] = np.bytes_(b'fixed')
        f.attrs['empty'] = h5py.Empty('i8')
        f.attrs['twod'] = np.arange(6, dtype='f8').reshape(2, 3)
        f.attrs['cmp'] = a[:2]
        f.attrs['enum_attr'] = np.array(2, dtype=h5py.enum_dtype({'R': 0, 'G': 1, 'B': 2}, basetype='u1'))
        f.attrs.create('vint_attr', [np.arange(3, dtype='i4'), np.arange(0, dtype='i4')], dtype=vi)
        f['plain'].attrs['unit'] = 'm'
        f['plain'].attrs['scale'] = np.float32(0.5)

# PyTables: Table (compound rows), EArray, CArray, VLArray, Array; its attributes
try:
    import tables
    warnings.simplefilter('ignore')

    class Row(tables.IsDescription):
        name = tables.StringCol(8)
        idnumber = tables.Int64Col()
        energy = tables.Float64Col()
        pressure = tables.Float32Col(shape=(2,))

    with tables.open_file(p('pytables.h5'), 'w', title='repack test') as t:
        grp = t.create_group('/', 'detector', 'Detector information')
        tab = t.create_table(grp, 'readout', Row, 'Readout example', filters=tables.Filters(5, 'zlib', shuffle=True))
        r = tab.row
        for i in range(500):
            r['name'] = 'P%d' % i
            r['idnumber'] = i * (2 ** 34)
            r['energy'] = float(i * i)
            r['pressure'] = (i * 0.5, -i)
            r.append()
        tab.flush()
        ea = t.create_earray('/', 'earray', tables.Float64Atom(), (0, 4), filters=tables.Filters(1, 'zlib'))
        ea.append(rng.standard_normal((1000, 4)))
        ca = t.create_carray('/', 'carray', tables.Int32Atom(), (200, 30), filters=tables.Filters(3, 'blosc'))
        ca[:] = np.arange(6000, dtype='i4').reshape(200, 30)
        ca2 = t.create_carray('/', 'carray_zlib', tables.Int16Atom(), (100, 10), filters=tables.Filters(9, 'zlib', fletcher32=True))
        ca2[:] = np.arange(1000, dtype='i2').reshape(100, 10)
        vl = t.create_vlarray('/', 'vlarray', tables.Int32Atom(), 'ragged')
        for i in range(20):
            vl.append(np.arange(i, dtype='i4'))
        vs = t.create_vlarray('/', 'vlstrings', tables.VLStringAtom(), 'strings')
        for s in ('alpha', '', 'gamma delta'):
            vs.append(s)
        t.create_array('/', 'array', np.arange(100, dtype='u8'), 'plain array')
        t.root._v_attrs.pickled = {'a': 1}
        t.root._v_attrs.number = 42
except ImportError:
    if os.environ.get('CI') == 'true':
        raise

# a filter hdf5lite does not decode: repack must refuse with exit 3 and no output
try:
    import hdf5plugin  # noqa: F401
    with h5py.File(p('bzip2_unsupported.h5'), 'w') as f:
        f.create_dataset('x', data=np.arange(1000), chunks=(100,), **hdf5plugin.BZip2())
except (ImportError, ValueError, AttributeError):
    if os.environ.get('CI') == 'true':
        raise
