#!/usr/bin/python3
"""Chunked datasets written by h5py (libhdf5 1.10) for test_chunked.

Usage: gen_chunked.py OUTDIR

Writes OUTDIR/<file>.h5 files holding chunked datasets of every chunk index
libhdf5 writes (v1 B-tree under libver earliest; single chunk, implicit,
fixed array (paged and not), extensible array, v2 B-tree under libver
latest), every built-in filter (deflate levels, shuffle, fletcher32,
scale-offset integer and float, n-bit, LZF through the plugin when
installed), ranks 1 to 3, edge chunks, chunks never written, fill values,
compound / enum / fixed and vlen string element types. For each dataset
it writes OUTDIR/<file>.<n>.bin: the values as h5py reads them, in the
dataset's own byte order; and a line in OUTDIR/list.txt:
    <file.h5> <dataset path> <n>.bin
"""
import os
import sys

import numpy as np
import h5py

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261204)
lines = []
count = 0


def expect(fname, f, path):
    """Record the dataset's values as h5py reads them."""
    global count
    ds = f[path]
    a = ds[()]
    if ds.dtype.kind == 'O':
        return   # vlen: compared through mmapcol cat instead
    t = ds.id.get_type()
    if isinstance(t, h5py.h5t.TypeIntegerID) and t.get_precision() < 8 * t.get_size():
        # n-bit: the file keeps the precision bits at their offset, the rest 0
        p, o = t.get_precision(), t.get_offset()
        a = ((a.astype('<i8') & ((1 << p) - 1)) << o).astype(a.dtype)
    count += 1
    name = '%s.%d.bin' % (fname, count)
    with open(os.path.join(out, name), 'wb') as fh:
        fh.write(np.ascontiguousarray(a).tobytes())
    lines.append('%s %s %s' % (fname, path, name))


def smooth(n, dtype='<f8'):
    x = np.linspace(0, 40, n)
    return (np.sin(x) * 1000 + rng.normal(0, 1, n)).astype(dtype)


def lowlevel(f, name, data, chunks, setup):
    """A dataset made through the low-level API (n-bit, early allocation)."""
    tid = h5py.h5t.py_create(data.dtype)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    tid = setup(dcpl, tid) or tid
    sp = h5py.h5s.create_simple(data.shape)
    d = h5py.h5d.create(f.id, name.encode(), tid, sp, dcpl=dcpl)
    d.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data))


def fill_file(f, latest):
    # deflate at several levels, with and without shuffle, 1-D with an edge chunk
    v = smooth(10007)
    for lv in (1, 4, 9):
        f.create_dataset('gzip%d' % lv, data=v, chunks=(1000,), compression='gzip', compression_opts=lv)
        f.create_dataset('gzip%d_shuffle' % lv, data=v, chunks=(1000,), compression='gzip', compression_opts=lv, shuffle=True)
    f.create_dataset('shuffle_fletcher', data=v.astype('<f4'), chunks=(333,), shuffle=True, fletcher32=True, compression='gzip')
    f.create_dataset('fletcher_only', data=np.arange(5000, dtype='>i4'), chunks=(700,), fletcher32=True)
    f.create_dataset('plain', data=np.arange(12345, dtype='<i8'), chunks=(1000,))
    f.create_dataset('one_chunk', data=np.arange(64, dtype='<u2'), chunks=(64,), compression='gzip')
    f.create_dataset('random_bytes', data=rng.integers(0, 256, 50000, dtype='u1'), chunks=(4096,), compression='gzip')
    # scale-offset: integers (auto minbits), floats with D-scaling
    f.create_dataset('so_int', data=rng.integers(-500, 500, 9000).astype('<i4'), chunks=(1000,), scaleoffset=0)
    f.create_dataset('so_int_be', data=rng.integers(0, 50, 3000).astype('>u2'), chunks=(512,), scaleoffset=0)
    f.create_dataset('so_int_fill', data=rng.integers(0, 9, 3000).astype('<i8'), chunks=(512,), scaleoffset=0, fillvalue=-7)
    f.create_dataset('so_float', data=smooth(4000, '<f8'), chunks=(1000,), scaleoffset=3)
    f.create_dataset('so_float4', data=smooth(4000, '<f4'), chunks=(999,), scaleoffset=2)
    # n-bit: 12-bit integers at offset 3
    def nbit_int(dcpl, tid):
        t = h5py.h5t.STD_I32LE.copy()
        t.set_precision(12)
        t.set_offset(3)
        dcpl.set_filter(h5py.h5z.FILTER_NBIT, h5py.h5z.FLAG_OPTIONAL)
        return t
    lowlevel(f, 'nbit_int', rng.integers(-2000, 2000, 5000).astype('<i4'), (1000,), nbit_int)
    # 2-D and 3-D, edge chunks in every dimension
    m = rng.normal(0, 1, (301, 77)).astype('<f8')
    f.create_dataset('m2', data=m, chunks=(64, 20), compression='gzip', shuffle=True)
    f.create_dataset('m2_rowchunks', data=m, chunks=(50, 77), compression='gzip')
    f.create_dataset('m3', data=np.arange(23 * 9 * 7, dtype='>i2').reshape(23, 9, 7), chunks=(5, 4, 3), compression='gzip')
    # chunks never written: fill value, and zeros
    d = f.create_dataset('sparse_fill', shape=(10000,), dtype='<i4', chunks=(500,), fillvalue=-1, compression='gzip')
    d[1000:1500] = 7
    d[9990:] = 3
    d = f.create_dataset('sparse_zero', shape=(40, 40), dtype='<f4', chunks=(8, 8))
    d[10:12, 30:33] = 1.5
    f.create_dataset('empty_alloc_never', shape=(100,), dtype='<f8', chunks=(10,), fillvalue=2.5)
    # element types
    ct = np.dtype([('a', '<i4'), ('b', '<f8'), ('s', 'S3')])
    c = np.zeros(777, ct)
    c['a'] = np.arange(777)
    c['b'] = np.arange(777) * 0.5
    c['s'] = [b'x%d' % (i % 100) for i in range(777)]
    f.create_dataset('compound', data=c, chunks=(100,), compression='gzip', shuffle=True)
    f.create_dataset('fixed_strings', data=np.array([b'abc%d' % i for i in range(1000)], dtype='S8'), chunks=(128,), compression='gzip')
    f.create_dataset('bools', data=(np.arange(999) % 3 == 0), chunks=(100,), compression='gzip')
    et = h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 2}, basetype='u1')
    f.create_dataset('enum', data=(np.arange(300) % 3).astype('u1'), dtype=et, chunks=(64,))
    f.create_dataset('vlen_str', data=['s%d' % i for i in range(500)], dtype=h5py.string_dtype(), chunks=(64,), compression='gzip')
    # resizable (unlimited): v1 B-tree in earliest, extensible array / v2 B-tree in latest
    d = f.create_dataset('grow1', shape=(0,), maxshape=(None,), dtype='<f8', chunks=(256,), compression='gzip')
    for k in range(7):
        d.resize((d.shape[0] + 1000,))
        d[-1000:] = np.arange(1000) + k * 1000
    d = f.create_dataset('grow1_small_chunks', data=np.arange(20000, dtype='<i4'), maxshape=(None,), chunks=(16,))
    d = f.create_dataset('grow2', data=np.arange(60 * 50, dtype='<i4').reshape(60, 50), maxshape=(None, None), chunks=(8, 8))
    d = f.create_dataset('grow2_gzip', data=np.arange(60 * 50, dtype='<i4').reshape(60, 50), maxshape=(None, None), chunks=(7, 9),
                         compression='gzip')
    d = f.create_dataset('grow_second', data=np.arange(20 * 300, dtype='<i2').reshape(20, 300), maxshape=(20, None), chunks=(4, 16))
    # fixed array with more than 1,024 chunks (paged) and one page only
    f.create_dataset('many_chunks', data=np.arange(5000, dtype='<u4'), chunks=(4,))
    f.create_dataset('many_chunks_gzip', data=np.arange(5000, dtype='<u4'), chunks=(4,), compression='gzip')
    # early allocation, no filters: implicit index under latest
    def early(dcpl, tid):
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    lowlevel(f, 'implicit', np.arange(3000, dtype='<f8'), (128,), early)
    try:
        import hdf5plugin  # noqa: F401  (registers LZF and others)
    except ImportError:
        pass
    try:
        f.create_dataset('lzf', data=v, chunks=(1000,), compression='lzf', shuffle=True)
        f.create_dataset('lzf_random', data=rng.integers(0, 256, 20000, dtype='u1'), chunks=(2048,), compression='lzf')
    except Exception as e:      # h5py without LZF
        sys.stderr.write('NOTE: no LZF datasets: %s\n' % e)


for libver in ('earliest', 'latest'):
    fname = 'chunked_%s.h5' % libver
    with h5py.File(os.path.join(out, fname), 'w', libver=libver) as f:
        fill_file(f, libver == 'latest')
    with h5py.File(os.path.join(out, fname), 'r') as f:
        f.visit(lambda p: expect(fname, f, p) if isinstance(f[p], h5py.Dataset) else None)

# PyTables: CArray, EArray (extended after creation, as its tutorial does),
# Table (compound rows) and VLArray, compressed with zlib + shuffle,
# fletcher32, and (when its LZO/bzip2 are missing) plain
try:
    import tables
    fname = 'chunked_pytables.h5'
    with tables.open_file(os.path.join(out, fname), 'w') as t:
        flt = tables.Filters(complevel=5, complib='zlib', shuffle=True, fletcher32=True)
        ca = t.create_carray('/', 'carray', tables.Float64Atom(), shape=(1000, 7), filters=flt, chunkshape=(64, 7))
        ca[:] = np.arange(7000.0).reshape(1000, 7) / 3
        ea = t.create_earray('/', 'earray', tables.Int32Atom(), shape=(0, 3), filters=tables.Filters(complevel=1), expectedrows=5000)
        for k in range(5):
            ea.append(np.arange(k * 3000, (k + 1) * 3000, dtype='<i4').reshape(1000, 3))
        class Row(tables.IsDescription):
            name = tables.StringCol(8)
            idnum = tables.Int64Col()
            value = tables.Float32Col()
        tb = t.create_table('/', 'table', Row, filters=tables.Filters(complevel=4, complib='zlib'), expectedrows=3000)
        r = tb.row
        for i in range(3000):
            r['name'] = 'n%d' % i
            r['idnum'] = i * i
            r['value'] = i / 7.0
            r.append()
        tb.flush()
        t.create_carray('/', 'plain_carray', tables.UInt8Atom(), shape=(5000,), chunkshape=(512,))[:] = np.arange(5000) % 251
    with h5py.File(os.path.join(out, fname), 'r') as f:
        f.visit(lambda p: expect(fname, f, p) if isinstance(f[p], h5py.Dataset) else None)
except ImportError:
    sys.stderr.write('NOTE: no PyTables: no PyTables datasets\n')

with open(os.path.join(out, 'list.txt'), 'w') as fh:
    fh.write('\n'.join(lines) + '\n')
print('%d datasets in %s' % (count, out))
