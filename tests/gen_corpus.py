#!/usr/bin/python3
"""Generate a corpus of small HDF5 files for testing hdf5lite/mmapcol against h5py.

Usage: /usr/bin/python3 tests/gen_corpus.py OUTDIR

Content is deterministic (fixed seeds, no timestamps: track_times=False where
h5py allows it).  Prints the list of files written, one per line.
Run with /usr/bin/python3 (needs h5py, numpy, tables).
"""
import os
import sys

import numpy as np
import h5py
from h5py import h5t, h5s, h5d, h5p, h5f

WRITTEN = []
SKIPPED = []   # (file, feature, reason) for things h5py could not create


def out(outdir, name):
    p = os.path.join(outdir, name)
    if os.path.exists(p):
        os.remove(p)
    WRITTEN.append(p)
    return p


def skip(fname, feature, exc):
    SKIPPED.append((fname, feature, "%s: %s" % (type(exc).__name__, exc)))


# ---------------------------------------------------------------- values

def special_floats(dt):
    """Array of 'interesting' floats for float dtype dt (any byte order)."""
    base = np.dtype(dt).newbyteorder('=')
    fi = np.finfo(base)
    vals = [0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, np.inf, -np.inf, np.nan,
            fi.max, -fi.max, fi.tiny, fi.tiny / 2, fi.smallest_subnormal
            if hasattr(fi, 'smallest_subnormal') else fi.tiny / 4,
            -fi.smallest_subnormal if hasattr(fi, 'smallest_subnormal') else -fi.tiny / 4,
            fi.eps, 12345.678, -2.5e-3]
    with np.errstate(all='ignore'):
        a = np.array(vals, dtype=base)
    # NaN with payload and negative NaN
    u = {2: np.uint16, 4: np.uint32, 8: np.uint64}[base.itemsize]
    bits = a.view(u)
    if base.itemsize == 2:
        extra = np.array([0x7e01, 0xfc01, 0x7c01, 0xfe00], dtype=np.uint16)
    elif base.itemsize == 4:
        extra = np.array([0x7fc12345, 0xffc00001, 0x7f800001, 0xffc00000], dtype=np.uint32)
    else:
        extra = np.array([0x7ff8000000012345, 0xfff8000000000001, 0x7ff0000000000001,
                          0xfff8000000000000], dtype=np.uint64)
    allbits = np.concatenate([bits, extra])
    return allbits.view(base).astype(dt)


def int_values(dt):
    dt = np.dtype(dt)
    ii = np.iinfo(dt)
    vals = sorted(set([ii.min, ii.min + 1, -1 if ii.min < 0 else 0, 0, 1, 2, 100,
                       ii.max - 1, ii.max, ii.max // 3]))
    return np.array(vals, dtype=dt)


def fixed_str_type(size, pad, cset):
    t = h5t.C_S1.copy()
    t.set_size(size)
    t.set_strpad(pad)
    t.set_cset(cset)
    return t


def write_fixed_str(parent, name, size, pad, cset, raw_values, shape=None, attr=False):
    """Create a fixed-length string dataset (or attribute) with explicit
    padding/charset; raw_values are raw bytes stored as-is."""
    t = fixed_str_type(size, pad, cset)
    arr = np.array(raw_values, dtype='S%d' % size)
    if shape is not None:
        arr = arr.reshape(shape)
    if arr.ndim == 0:
        sp = h5s.create(h5s.SCALAR)
    else:
        sp = h5s.create_simple(arr.shape)
    if attr:
        a = h5py.h5a.create(parent.id, name.encode(), t, sp)
        a.write(arr, mtype=t)
    else:
        d = h5d.create(parent.id, name.encode(), t, sp)
        d.write(h5s.ALL, h5s.ALL, arr, mtype=t)


def lowlevel_dataset(parent, name, htype, shape, data=None, dcpl=None):
    sp = h5s.create(h5s.SCALAR) if shape == () else h5s.create_simple(shape)
    d = h5d.create(parent.id, name.encode(), htype, sp, dcpl=dcpl)
    if data is not None:
        d.write(h5s.ALL, h5s.ALL, np.ascontiguousarray(data), mtype=htype)
    return d


VLEN_STR = h5py.string_dtype('utf-8')
VLEN_ASCII = h5py.string_dtype('ascii')
UTF8_WORDS = ['héllo', 'wörld', '日本語', '', 'emoji 😀', 'a\tb', 'quote"back\\slash', 'ÿ']
ASCII_WORDS = ['alpha', '', 'gamma', 'x' * 40, 'tab\there', 'nl\nline']

NESTED_DT = np.dtype([('id', '<i4'),
                      ('pos', '<f8', (3,)),
                      ('inner', [('a', '>u2'), ('b', 'S4'), ('m', '<f4', (2, 2))]),
                      ('flag', '?'),
                      ('k', 'i1')])


def nested_values(n=4):
    a = np.zeros(n, NESTED_DT)
    for i in range(n):
        a[i] = (i - 1, [i, i + 0.5, -i], (i * 1000, b'ab%d' % i, [[i, -i], [0.25, 1e30]]),
                bool(i % 2), -i)
    return a


# ---------------------------------------------------------------- attributes of every type

def add_all_attrs(obj, prefix=''):
    """Attributes of (nearly) every type; used on groups, datasets, datatypes, root."""
    a = obj.attrs
    a[prefix + 'i8_scalar'] = np.int8(-5)
    a[prefix + 'u64_scalar'] = np.uint64(2**64 - 1)
    a[prefix + 'i64_be'] = np.array([-(2**63), 2**63 - 1], dtype='>i8')
    a[prefix + 'f32_nd'] = np.arange(6, dtype='<f4').reshape(2, 3) / 10
    a[prefix + 'f64_special'] = special_floats('>f8')
    a[prefix + 'f16'] = special_floats('<f2')
    a[prefix + 'bool_scalar'] = np.bool_(True)
    a[prefix + 'bool_arr'] = np.array([True, False, True])
    a[prefix + 'vstr_scalar'] = 'héllo wörld'
    a.create(prefix + 'vstr_ascii', 'ascii text', dtype=VLEN_ASCII)
    a.create(prefix + 'vstr_arr', np.array(UTF8_WORDS, dtype=object), dtype=VLEN_STR)
    a[prefix + 'vstr_empty'] = ''
    a[prefix + 'fstr_scalar'] = np.bytes_(b'fixed')
    a[prefix + 'fstr_arr'] = np.array([[b'ab', b'cde'], [b'', b'f']], dtype='S3')
    a[prefix + 'empty_f8'] = h5py.Empty('<f8')
    a[prefix + 'empty_str'] = h5py.Empty('S5')
    a[prefix + 'compound'] = nested_values(2)
    a[prefix + 'array_type'] = np.ones(2, dtype=np.dtype(('<i2', (2, 3))))
    a.create(prefix + 'enum', np.array([0, 1, 2, 1], dtype='u1'),
             dtype=h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 2}, basetype='u1'))
    a[prefix + 'opaque'] = np.array([b'\x00\x01\x02\xff'], dtype='V4')
    a.create(prefix + 'vlen_seq', np.array([np.arange(3, dtype='i4'), np.arange(0, dtype='i4')],
                                            dtype=object), dtype=h5py.vlen_dtype('i4'))
    write_fixed_str(obj, prefix + 'fstr_spacepad', 6, h5t.STR_SPACEPAD, h5t.CSET_ASCII,
                    [b'ab    ', b'a b   '], attr=True)
    write_fixed_str(obj, prefix + 'fstr_utf8_nullterm', 8, h5t.STR_NULLTERM, h5t.CSET_UTF8,
                    'é\0x'.encode('utf-8'), attr=True)


# ---------------------------------------------------------------- the mixed file

def fill_mixed(f, tag):
    f.attrs['title'] = 'mixed file ' + tag
    f.attrs['version'] = np.int32(3)
    g = f.create_group('data')
    g.attrs['n'] = np.int64(150)
    rng = np.random.RandomState(42)
    g.create_dataset('x', data=rng.standard_normal(150), track_times=False)
    g.create_dataset('y', data=np.arange(150, dtype='>i4'), track_times=False)
    g.create_dataset('m2', data=np.arange(24, dtype='<f4').reshape(4, 6), track_times=False)
    g.create_dataset('names', data=np.array(ASCII_WORDS, dtype=object), dtype=VLEN_ASCII,
                     track_times=False)
    g.create_dataset('fixed', data=np.array([b'one', b'two', b'three'], dtype='S5'),
                     track_times=False)
    g.create_dataset('chunked', data=np.arange(100, dtype='<u2'), chunks=(10,), track_times=False)
    g.create_dataset('gzip', data=np.arange(100, dtype='<f8'), chunks=(25,), compression='gzip',
                     track_times=False)
    g.create_dataset('scalar', data=np.float64(2.5), track_times=False)
    g.create_dataset('cmp', data=nested_values(3), track_times=False)
    sub = f.create_group('data/sub/deeper')
    sub.create_dataset('b', data=np.array([True, False]), track_times=False)
    f['link_to_x'] = h5py.SoftLink('/data/x')
    f['datatype'] = np.dtype('<i8')
    add_all_attrs(g['x'])


def gen_mixed(outdir):
    for lv in ('earliest', 'v110', 'latest'):
        p = out(outdir, 'mixed_%s.h5' % lv)
        with h5py.File(p, 'w', libver=(lv, 'latest') if lv != 'latest' else 'latest') as f:
            fill_mixed(f, lv)
    # mixed file with track_order on file and groups
    p = out(outdir, 'track_order.h5')
    with h5py.File(p, 'w', track_order=True) as f:
        fill_mixed(f, 'track_order')
        g = f.create_group('ordered', track_order=True)
        for name in ['zeta', 'alpha', 'Mid', 'beta', '10', '9']:
            g.create_dataset(name, data=np.array([len(name)], dtype='i2'), track_times=False)
            g.attrs[name] = np.int16(len(name))
        for i in range(20):   # > 8 links and > 8 attrs -> dense storage with creation order index
            g.create_group('g%02d' % (19 - i), track_order=True)
            g.attrs['a%02d' % (19 - i)] = np.float32(i)
    # user blocks
    for ub in (512, 4096):
        p = out(outdir, 'userblock_%d.h5' % ub)
        with h5py.File(p, 'w', userblock_size=ub) as f:
            fill_mixed(f, 'userblock %d' % ub)
        with open(p, 'r+b') as fh:   # put some recognisable junk in the user block
            fh.write(b'USERBLOCK-JUNK\n' * (ub // 32))


# ---------------------------------------------------------------- big groups

def fill_big_groups(f, distinct_every):
    shared = f.create_dataset('shared', data=np.arange(3, dtype='i4'), track_times=False)
    shared_group = f.create_group('shared_group')
    shared_group.create_dataset('leaf', data=np.int32(7), track_times=False)
    for n in (9, 300, 3000):
        g = f.create_group('links_%d' % n)
        for i in range(n):
            name = 'n%05d' % ((i * 7919) % n)   # insertion order != name order
            r = i % distinct_every
            if r == 0:
                g.create_dataset(name, data=np.array([i, -i], dtype='<i8'), track_times=False)
            elif r == 1:
                g[name] = h5py.SoftLink('/shared')
            elif r == 2:
                g[name] = shared_group
            else:
                g[name] = shared
    # many attributes
    d = f['shared']
    for i in range(40):
        d.attrs['attr_%03d' % i] = np.int32(i)


def gen_big_groups(outdir):
    for lv in ('earliest', 'latest'):
        p = out(outdir, 'groups_%s.h5' % lv)
        with h5py.File(p, 'w', libver=(lv, 'latest') if lv != 'latest' else 'latest') as f:
            fill_big_groups(f, 50)
    # small symbol-table B-tree K values -> deep v1 B-trees with few links
    p = out(outdir, 'groups_small_k.h5')
    fcpl = h5p.create(h5p.FILE_CREATE)
    try:
        # h5py has no set_sym_k/set_istore_k: call libhdf5 directly through ctypes
        # group B-tree: 2K=4 children/node, symbol nodes of 2L=4 entries; chunk B-tree K=2
        import ctypes
        lib = ctypes.CDLL('libhdf5_serial.so.103')
        if lib.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(2), ctypes.c_uint(2)) < 0:
            raise RuntimeError('H5Pset_sym_k failed')
        if lib.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(2)) < 0:
            raise RuntimeError('H5Pset_istore_k failed')
    except Exception as e:
        skip(p, 'small B-tree K values (file written with default K)', e)
    fid = h5f.create(p.encode(), h5f.ACC_TRUNC, fcpl=fcpl)
    with h5py.File(fid) as f:
        fill_big_groups(f, 25)
        f.create_dataset('many_chunks', data=np.arange(400, dtype='i2'), chunks=(4,),
                         track_times=False)
    # group with compact-then-dense links, tracked creation order (libver latest)
    p = out(outdir, 'groups_dense_track.h5')
    with h5py.File(p, 'w', libver='latest', track_order=True) as f:
        g = f.create_group('g', track_order=True)
        for i in range(100):
            g.create_dataset('d%03d' % (99 - i), data=np.int16(i), track_times=False)
        g2 = f.create_group('g_compact', track_order=True)
        for i in range(5):
            g2['s%d' % i] = h5py.SoftLink('/g/d%03d' % i)


# ---------------------------------------------------------------- attributes storage

def gen_attrs(outdir):
    p = out(outdir, 'attrs_dense_latest.h5')
    with h5py.File(p, 'w', libver='latest') as f:
        g = f.create_group('many')
        for i in range(30):
            g.attrs['attr%02d' % i] = np.arange(i + 1, dtype='<f8')
        d = f.create_dataset('d', data=np.arange(4, dtype='u1'), track_times=False)
        for i in range(12):
            d.attrs['s%02d' % i] = 'value %d' % i
        big = f.create_group('big')
        big.attrs['huge'] = np.arange(100 * 1024 // 8, dtype='<f8')  # 100 KB -> fractal heap huge obj
        big.attrs['small'] = np.int32(1)
        f.attrs['huge_root'] = np.arange(70000, dtype='u1')
        add_all_attrs(f, 'root_')
    p = out(outdir, 'attrs_track_order.h5')
    with h5py.File(p, 'w', track_order=True) as f:
        g = f.create_group('g', track_order=True)
        for i in range(20):
            g.attrs['z%02d' % (19 - i)] = np.int64(i)
        add_all_attrs(g)
        d = f.create_dataset('d', data=np.arange(3, dtype='i4'), track_times=False)
        d.attrs['only'] = 1
    p = out(outdir, 'attrs_earliest.h5')
    with h5py.File(p, 'w', libver='earliest') as f:
        g = f.create_group('g')
        add_all_attrs(g)
        for i in range(20):
            g.attrs['extra%02d' % i] = np.arange(i, dtype='<i2')
        # as large as the v1 object header allows (< 64 KB)
        try:
            g.attrs['big'] = np.arange(60000 // 8, dtype='<f8')
        except Exception as e:
            skip(p, 'attribute of 60000 bytes in earliest', e)
        try:
            g.attrs['too_big'] = np.arange(100 * 1024 // 8, dtype='<f8')
        except Exception as e:
            skip(p, '100 KB attribute under libver earliest (expected to fail)', e)


# ---------------------------------------------------------------- every element type

def gen_types(outdir):
    for lv in ('earliest', 'latest'):
        p = out(outdir, 'types_%s.h5' % lv)
        with h5py.File(p, 'w', libver=(lv, 'latest') if lv != 'latest' else 'latest') as f:
            fill_types(f)


def fill_types(f):
    kw = dict(track_times=False)
    ints = f.create_group('int')
    for bo, bon in (('<', 'le'), ('>', 'be')):
        for k in ('i', 'u'):
            for size in (1, 2, 4, 8):
                dt = np.dtype(bo + k + str(size))
                ints.create_dataset('%s%d_%s' % (k, size * 8, bon), data=int_values(dt), **kw)
    fl = f.create_group('float')
    for bo, bon in (('<', 'le'), ('>', 'be')):
        for size in (2, 4, 8):
            dt = np.dtype(bo + 'f' + str(size))
            fl.create_dataset('f%d_%s' % (size * 8, bon), data=special_floats(dt), **kw)
    fl.create_dataset('f64_2d', data=(np.arange(12, dtype='<f8') / 7).reshape(3, 4), **kw)
    fl.create_dataset('f32_tenth', data=np.array([0.1, 0.2, 0.3, 1e-45, 3.4028235e38], '<f4'), **kw)
    f.create_dataset('bool', data=np.array([True, False, False, True, True]), **kw)
    f.create_dataset('bool_scalar', data=np.bool_(False), **kw)
    en = f.create_group('enum')
    en.create_dataset('u8', data=np.array([0, 1, 2, 2, 0], 'u1'),
                      dtype=h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 2}, basetype='u1'), **kw)
    en.create_dataset('i32_neg', data=np.array([-1, 0, 1000000], '<i4'),
                      dtype=h5py.enum_dtype({'NEG': -1, 'ZERO': 0, 'BIG': 1000000}, basetype='<i4'),
                      **kw)
    en.create_dataset('i16_be', data=np.array([5, 7], '>i2'),
                      dtype=h5py.enum_dtype({'FIVE': 5, 'SEVEN': 7}, basetype='>i2'), **kw)
    # ---- strings
    st = f.create_group('str')
    pads = ((h5t.STR_NULLTERM, 'nullterm'), (h5t.STR_NULLPAD, 'nullpad'), (h5t.STR_SPACEPAD, 'spacepad'))
    for pad, padn in pads:
        write_fixed_str(st, 'ascii_' + padn, 8, pad, h5t.CSET_ASCII,
                        [b'abc', b'abc     ', b'a\0b', b'12345678', b'', b' x  \0 ', b'  ', b'tab\t'])
        write_fixed_str(st, 'utf8_' + padn, 12, pad, h5t.CSET_UTF8,
                        [w.encode('utf-8')[:12] for w in ['héllo', 'wörld', '日本語', '', 'ÿ ', 'éé']])
    write_fixed_str(st, 'ascii_scalar', 5, h5t.STR_NULLPAD, h5t.CSET_ASCII, b'hi')
    write_fixed_str(st, 'utf8_2d', 4, h5t.STR_NULLTERM, h5t.CSET_UTF8,
                    [b'a', b'bb', b'ccc', b'dddd', b'\xc3\xa9', b''], shape=(2, 3))
    write_fixed_str(st, 'invalid_utf8', 4, h5t.STR_NULLPAD, h5t.CSET_UTF8,
                    [b'\xff\xfe', b'a\xc3', b'\xe6\x97\xa5x', b'\xc3\xa9'])
    st.create_dataset('vlen_utf8', data=np.array(UTF8_WORDS, dtype=object), dtype=VLEN_STR, **kw)
    st.create_dataset('vlen_ascii', data=np.array(ASCII_WORDS, dtype=object), dtype=VLEN_ASCII, **kw)
    st.create_dataset('vlen_empty_all', data=np.array(['', '', ''], dtype=object), dtype=VLEN_STR, **kw)
    st.create_dataset('vlen_scalar', data='just one', dtype=VLEN_STR, **kw)
    st.create_dataset('vlen_2d', data=np.array([['a', 'bb'], ['', 'dddd'], ['é', 'f']], dtype=object),
                      dtype=VLEN_STR, **kw)
    st.create_dataset('vlen_long', data=np.array(['L' * 5000, 'short', 'M' * 70000], dtype=object),
                      dtype=VLEN_STR, **kw)
    st.create_dataset('S1_bytes', data=np.frombuffer(b'hello world', dtype='S1'), **kw)
    # ---- opaque, bitfield
    f.create_dataset('opaque', data=np.array([b'abcdefg', b'\x00\x01\x02\x03\x04\x05\xff', b''],
                                              dtype='V7'), **kw)
    try:
        tid = h5t.OPAQUE.copy() if hasattr(h5t, 'OPAQUE') else h5t.create(h5t.OPAQUE, 3)
    except Exception:
        tid = None
    try:
        t = h5t.create(h5t.OPAQUE, 3)
        t.set_tag(b'my tag')
        lowlevel_dataset(f, 'opaque_tagged', t, (2,), np.array([b'xyz', b'\x01\x02\x03'], 'V3'))
    except Exception as e:
        skip(f.filename, 'tagged opaque', e)
    bf = f.create_group('bitfield')
    for name, t, dt in (('b8le', h5t.STD_B8LE, 'u1'), ('b16le', h5t.STD_B16LE, '<u2'),
                        ('b32be', h5t.STD_B32BE, '>u4'), ('b64le', h5t.STD_B64LE, '<u8')):
        try:
            lowlevel_dataset(bf, name, t, (4,), np.array([0, 1, 0xff, 0x5a], dtype=dt))
        except Exception as e:
            skip(f.filename, 'bitfield ' + name, e)
    # ---- compound
    cp = f.create_group('compound')
    cp.create_dataset('nested', data=nested_values(4), **kw)
    cp.create_dataset('simple_be', data=np.array([(1, 2.5), (-3, 1e300)], dtype=[('a', '>i2'), ('b', '>f8')]),
                      **kw)
    cp.create_dataset('scalar', data=nested_values(1)[0], **kw)
    cp.create_dataset('with_vlen', data=np.array([(1, 'a'), (2, 'héllo')],
                                                dtype=[('n', 'i4'), ('s', VLEN_STR)]), **kw)
    # compound with explicit gaps/offsets (h5py packs by numpy offsets)
    dt_gap = np.dtype({'names': ['x', 'y'], 'formats': ['<i2', '<f8'], 'offsets': [0, 8], 'itemsize': 24})
    a = np.zeros(2, dt_gap)
    a['x'] = [1, 2]
    a['y'] = [0.5, -0.5]
    cp.create_dataset('gaps', data=a, **kw)
    # ---- array types
    ar = f.create_group('array')
    for name, base, dims, shape, data in (
            ('f8_2x3', h5t.IEEE_F64LE, (2, 3), (4,), np.arange(24, dtype='<f8').reshape(4, 2, 3) / 4),
            ('i16be_3', h5t.STD_I16BE, (3,), (2,), np.arange(6, dtype='>i2').reshape(2, 3) - 3),
            ('scalar_of_array', h5t.STD_I32LE, (2, 2), (), np.arange(4, dtype='<i4').reshape(2, 2)),
            ('u8_2d_of_array', h5t.STD_U8LE, (2,), (2, 3), np.arange(12, dtype='u1').reshape(2, 3, 2))):
        try:
            lowlevel_dataset(ar, name, h5t.array_create(base, dims), shape, data)
        except Exception as e:
            skip(f.filename, 'array type dataset ' + name, e)
    # ---- vlen sequences
    vl = f.create_group('vlen')
    seqs = np.empty(4, dtype=object)
    seqs[0] = np.arange(5, dtype='<i4')
    seqs[1] = np.array([], dtype='<i4')
    seqs[2] = np.array([-1], dtype='<i4')
    seqs[3] = np.arange(100, dtype='<i4')
    vl.create_dataset('i4', data=seqs, dtype=h5py.vlen_dtype('<i4'), **kw)
    fs = np.empty(2, dtype=object)
    fs[0] = np.array([0.5, np.nan, -np.inf], '<f8')
    fs[1] = np.array([1e-310], '<f8')
    vl.create_dataset('f8', data=fs, dtype=h5py.vlen_dtype('<f8'), **kw)
    # ---- named datatype used by a dataset
    f['named_type'] = np.dtype([('a', '<i4'), ('b', '<f4')])
    f.create_dataset('uses_named_type', data=np.array([(1, 1.5), (2, 2.5)], dtype=f['named_type'].dtype),
                     dtype=f['named_type'], **kw)


# ---------------------------------------------------------------- dataspaces

def gen_spaces(outdir):
    p = out(outdir, 'dataspaces.h5')
    kw = dict(track_times=False)
    with h5py.File(p, 'w') as f:
        f.create_dataset('scalar_i4', data=np.int32(-7), **kw)
        f.create_dataset('scalar_f4', data=np.float32(0.1), **kw)
        f.create_dataset('scalar_str', data=np.bytes_(b'abc'), **kw)
        f.create_dataset('null_f8', data=h5py.Empty('<f8'), **kw)
        f.create_dataset('null_str', data=h5py.Empty('S3'), **kw)
        f.create_dataset('rank1', data=np.arange(5, dtype='i2'), **kw)
        f.create_dataset('rank2', data=np.arange(6, dtype='i2').reshape(2, 3), **kw)
        f.create_dataset('rank3', data=np.arange(24, dtype='u1').reshape(2, 3, 4), **kw)
        f.create_dataset('rank4', data=np.arange(120, dtype='>f4').reshape(2, 3, 4, 5), **kw)
        f.create_dataset('rank32', data=np.full((1,) * 32, 42, dtype='<i8'), **kw)
        f.create_dataset('zero_len', shape=(0,), dtype='<f8', **kw)
        f.create_dataset('zero_len_2d_a', shape=(0, 3), dtype='<i4', **kw)
        f.create_dataset('zero_len_2d_b', shape=(3, 0), dtype='<i4', **kw)
        f.create_dataset('zero_len_str', shape=(0,), dtype=VLEN_STR, **kw)
        f.create_dataset('zero_len_chunked', shape=(0,), maxshape=(None,), dtype='<i4', **kw)
        f.create_dataset('one_elem', data=np.array([3.5]), **kw)
    p = out(outdir, 'dataspaces_latest.h5')
    with h5py.File(p, 'w', libver='latest') as f:
        f.create_dataset('scalar', data=np.int64(1), **kw)
        f.create_dataset('null', data=h5py.Empty('<i4'), **kw)
        f.create_dataset('rank4', data=np.arange(16, dtype='<u2').reshape(2, 2, 2, 2), **kw)
        f.create_dataset('rank32', data=np.full((1,) * 32, 1.5, dtype='<f8'), **kw)
        f.create_dataset('zero_len', shape=(0, 2), dtype='<f8', **kw)
        f.create_dataset('maxshape_contig_like', data=np.arange(4), maxshape=(10,), **kw)


# ---------------------------------------------------------------- layouts

def gen_layouts(outdir):
    kw = dict(track_times=False)
    src = out(outdir, 'vds_source.h5')
    with h5py.File(src, 'w') as f:
        for i in range(3):
            f.create_dataset('s%d' % i, data=np.arange(10, dtype='<i4') + 100 * i, **kw)
    p = out(outdir, 'layouts.h5')
    ext_path = out(outdir, 'layouts_external.raw')
    with h5py.File(p, 'w') as f:
        f.create_dataset('contiguous', data=np.arange(50, dtype='<f8'), **kw)
        # compact via low-level dcpl
        for name, data in (('compact_i4', np.arange(10, dtype='<i4')),
                           ('compact_2d', np.arange(12, dtype='>f4').reshape(3, 4)),
                           ('compact_vstr', None),
                           ('compact_scalar', np.int16(9))):
            dcpl = h5p.create(h5p.DATASET_CREATE)
            dcpl.set_layout(h5d.COMPACT)
            if name == 'compact_vstr':
                d = f.create_dataset(name, shape=(3,), dtype=VLEN_STR, dcpl=dcpl, **kw)
                d[...] = np.array(['x', '', 'héllo'], dtype=object)
            else:
                # low level: h5py's create_dataset silently drops the COMPACT layout for scalars
                data = np.asarray(data)
                lowlevel_dataset(f, name, h5py.h5t.py_create(data.dtype), data.shape, data, dcpl=dcpl)
        f.create_dataset('chunked', data=np.arange(100, dtype='<i8'), chunks=(16,), **kw)
        f.create_dataset('chunked_2d', data=np.arange(100, dtype='<f4').reshape(10, 10), chunks=(3, 4), **kw)
        f.create_dataset('gzip', data=np.arange(1000, dtype='<i4'), chunks=(100,), compression='gzip',
                         compression_opts=6, shuffle=True, **kw)
        f.create_dataset('maxshape', data=np.arange(20, dtype='<u4'), maxshape=(None,), **kw)
        f.create_dataset('fletcher', data=np.arange(20, dtype='<u4'), chunks=(5,), fletcher32=True, **kw)
        # external storage
        f.create_dataset('external', data=np.arange(16, dtype='<i4'),
                         external=[(os.path.basename(ext_path), 0, 64)], **kw)
        # never written -> unallocated storage
        f.create_dataset('unalloc_nofill', shape=(6,), dtype='<i4', **kw)
        f.create_dataset('unalloc_fill', shape=(2, 3), dtype='<f8', fillvalue=-1.5, **kw)
        f.create_dataset('unalloc_fill_i2', shape=(4,), dtype='>i2', fillvalue=-2, **kw)
        f.create_dataset('unalloc_fill_cmp', shape=(2,), dtype=[('a', '<i4'), ('b', 'S2')],
                         fillvalue=np.array((7, b'zz'), dtype=[('a', '<i4'), ('b', 'S2')]), **kw)
        f.create_dataset('unalloc_vstr', shape=(3,), dtype=VLEN_STR, **kw)
        # virtual
        try:
            lay = h5py.VirtualLayout(shape=(3, 10), dtype='<i4')
            for i in range(3):
                lay[i] = h5py.VirtualSource(os.path.basename(src), 's%d' % i, shape=(10,))
            f.create_virtual_dataset('virtual', lay, fillvalue=-1)
            lay2 = h5py.VirtualLayout(shape=(50,), dtype='<f8')
            lay2[:] = h5py.VirtualSource('.', '/contiguous', shape=(50,))
            f.create_virtual_dataset('virtual_self', lay2, fillvalue=0)
        except Exception as e:
            skip(p, 'virtual dataset', e)
        f['contiguous'].attrs['units'] = 'm'
    p = out(outdir, 'layouts_latest.h5')
    with h5py.File(p, 'w', libver='latest') as f:
        # libver latest gives v4 layout messages / new chunk indexes
        f.create_dataset('contiguous', data=np.arange(30, dtype='>i8'), **kw)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_layout(h5d.COMPACT)
        f.create_dataset('compact', data=np.arange(7, dtype='<u1'), dcpl=dcpl, **kw)
        f.create_dataset('chunk_single', data=np.arange(10, dtype='<i4'), chunks=(10,), **kw)
        f.create_dataset('chunk_fixed_array', data=np.arange(100, dtype='<i4'), chunks=(10,), **kw)
        f.create_dataset('chunk_ext_array', data=np.arange(100, dtype='<i4'), chunks=(10,),
                         maxshape=(None,), **kw)
        f.create_dataset('chunk_btree2', data=np.arange(100, dtype='<i4').reshape(10, 10), chunks=(3, 3),
                         maxshape=(None, None), **kw)
        f.create_dataset('unalloc_fill', shape=(5,), dtype='<f4', fillvalue=np.float32(0.1), **kw)
        f.create_dataset('unalloc_nofill', shape=(5,), dtype='<f4', **kw)


# ---------------------------------------------------------------- links

def gen_links(outdir):
    kw = dict(track_times=False)
    target = out(outdir, 'ext_target.h5')
    with h5py.File(target, 'w') as f:
        f.create_dataset('remote', data=np.arange(3, dtype='i4'), **kw)
        f.create_group('rg')
    p = out(outdir, 'links.h5')
    with h5py.File(p, 'w') as f:
        a = f.create_group('a')
        b = a.create_group('b')
        b['up'] = a                                 # cycle
        b['root'] = f['/']                          # cycle to root
        d = b.create_dataset('data', data=np.arange(4, dtype='<i2'), **kw)
        f['alias_of_data'] = d                      # second hard link to a dataset
        f['alias_of_b'] = b                         # second hard link to a group
        f['soft'] = h5py.SoftLink('/a/b/data')
        f['soft_rel'] = h5py.SoftLink('b/data')     # relative: resolves against '/'
        a['soft_rel'] = h5py.SoftLink('b/data')
        f['dangling'] = h5py.SoftLink('/does/not/exist')
        f['ext'] = h5py.ExternalLink(os.path.basename(target), '/remote')
        f['ext_group'] = h5py.ExternalLink(os.path.basename(target), '/rg')
        f['ext_missing'] = h5py.ExternalLink('no_such_file.h5', '/x')
        f['mytype'] = np.dtype([('x', '<f8'), ('y', '<i2')])
        f['mytype_alias'] = f['mytype']             # hard link to a named datatype
        f['enum_type'] = h5py.enum_dtype({'A': 1, 'B': 2}, basetype='i1')
        f.create_dataset('typed', data=np.array([(1.5, 2), (-1, 3)], dtype=[('x', '<f8'), ('y', '<i2')]),
                         dtype=f['mytype'], **kw)
        f['str_type'] = np.dtype('S7')
        f.create_dataset('typed_str', data=np.array([b'abc', b'defghij'], 'S7'), dtype=f['str_type'], **kw)
        f.create_group('empty_group')
        f.create_group('weird names').create_dataset('sp ace,comma=eq', data=np.int8(1), **kw)
        f['weird names'].create_dataset('ünïcödé', data=np.int8(2), **kw)
        f['weird names'].create_dataset('Z_upper', data=np.int8(3), **kw)
        f['weird names'].create_dataset('a.b-c', data=np.int8(4), **kw)
        # attributes on every kind of object
        add_all_attrs(f)
        add_all_attrs(a)
        add_all_attrs(d)
        add_all_attrs(f['mytype'])
        f['empty_group'].attrs['n'] = 0


# ---------------------------------------------------------------- PyTables

def gen_pytables(outdir):
    import tables
    p = out(outdir, 'pytables.h5')

    class Particle(tables.IsDescription):
        name = tables.StringCol(16, pos=0)
        idnumber = tables.Int64Col(pos=1)
        energy = tables.Float64Col(pos=2)
        pressure = tables.Float32Col(shape=(2,), pos=3)
        flag = tables.BoolCol(pos=4)

    with tables.open_file(p, mode='w', title='pytables test file') as h:
        grp = h.create_group('/', 'detector', 'Detector information')
        grp._v_attrs.setting = 42
        grp._v_attrs.label = 'det-1'
        grp._v_attrs.arr = np.arange(3, dtype='f4')
        h.create_array(grp, 'array', np.arange(12, dtype='<i4').reshape(3, 4), 'plain array')
        h.create_array('/', 'strings', np.array([b'a', b'bc', b'def']), 'string array')
        ca = h.create_carray('/', 'carray', tables.Float64Atom(), shape=(20, 3),
                             filters=tables.Filters(complevel=1, complib='zlib'))
        ca[:] = np.arange(60, dtype='f8').reshape(20, 3)
        ea = h.create_earray('/', 'earray', tables.Int16Atom(), shape=(0, 2))
        ea.append(np.arange(10, dtype='i2').reshape(5, 2))
        t = h.create_table(grp, 'readout', Particle, 'Readout example')
        row = t.row
        for i in range(10):
            row['name'] = 'particle %d' % i
            row['idnumber'] = i * (2 ** 40)
            row['energy'] = i ** 2 / 3
            row['pressure'] = [i, -i]
            row['flag'] = i % 3 == 0
            row.append()
        t.flush()
        t.attrs.extra = 'table attr'


# ---------------------------------------------------------------- vaex-style tables

def vaex_string_column(parent, name, values, index_dtype='<i4', with_null=False):
    """Write a string column as vaex's ColumnWriterString does."""
    g = parent.require_group(name)
    encoded = [b'' if v is None else v.encode('utf-8') for v in values]
    blob = b''.join(encoded)
    offsets = np.zeros(len(values) + 1, dtype=index_dtype)
    offsets[1:] = np.cumsum([len(e) for e in encoded])
    d = g.create_dataset('data', data=np.frombuffer(blob, dtype='S1') if blob else None,
                         shape=(len(blob),), dtype='S1', track_times=False)
    d.attrs['dtype'] = 'str'
    g.create_dataset('indices', data=offsets, track_times=False)
    if with_null:
        g.create_dataset('null_bitmap', data=validity_bitmap([v is not None for v in values]),
                         track_times=False)
    return g


def validity_bitmap(valid):
    n = len(valid)
    bm = np.zeros((n + 7) // 8, dtype='u1')
    for i, v in enumerate(valid):
        if v:
            bm[i // 8] |= 1 << (i % 8)
    return bm


def vaex_primitive_column(parent, name, data, mask=None, valid=None, dtype_attr=None):
    g = parent.require_group(name)
    d = g.create_dataset('data', data=data, track_times=False)
    if dtype_attr is not None:
        d.attrs['dtype'] = dtype_attr
    if mask is not None:
        g.create_dataset('mask', data=np.asarray(mask, dtype=bool), track_times=False)
    if valid is not None:
        g.create_dataset('null_bitmap', data=validity_bitmap(valid), track_times=False)
    return g


def vaex_table(f, group='/table', n=13, order=None):
    t = f.require_group(group)
    t.attrs['type'] = 'table'
    cols = f.require_group(group + '/columns')
    rng = np.random.RandomState(7)
    vaex_primitive_column(cols, 'x', rng.standard_normal(n))
    vaex_primitive_column(cols, 'i64_be', (np.arange(n) - 5).astype('>i8'))
    vaex_primitive_column(cols, 'f32', (np.arange(n, dtype='<f4') / 10))
    vaex_primitive_column(cols, 'u8', np.arange(n, dtype='u1'))
    vaex_primitive_column(cols, 'flag', np.arange(n) % 3 == 0)
    vaex_primitive_column(cols, 'when', (np.arange(n, dtype='<i8') * 86400 * 10**9 + 10**18),
                          dtype_attr='datetime64[ns]')
    vaex_primitive_column(cols, 'dur', np.arange(n, dtype='<i8') * 1000, dtype_attr='timedelta64[us]')
    vaex_primitive_column(cols, 'masked_f', np.where(np.arange(n) % 4 == 1, np.nan, np.arange(n) * 1.5),
                          mask=np.arange(n) % 4 == 1)
    vaex_primitive_column(cols, 'nullable_i', np.arange(n, dtype='<i4'),
                          valid=[i % 5 != 2 for i in range(n)])
    vaex_primitive_column(cols, 'vec', np.arange(n * 3, dtype='<f8').reshape(n, 3))
    words = [UTF8_WORDS[i % len(UTF8_WORDS)] for i in range(n)]
    vaex_string_column(cols, 'name', words)
    vaex_string_column(cols, 'name64', ['s%d' % i for i in range(n)], index_dtype='<i8')
    vaex_string_column(cols, 'name_null', [None if i % 3 == 2 else 'v%d' % i for i in range(n)],
                       with_null=True)
    vaex_string_column(cols, 'all_empty', [''] * n)
    # dictionary encoded, string dictionary
    g = cols.require_group('cat')
    g.attrs['type'] = 'dictionary_encoded'
    vaex_primitive_column(g, 'indices', np.array([i % 3 for i in range(n)], dtype='<i1'))
    vaex_string_column(g, 'dictionary', ['red', 'green', 'blue'])
    # dictionary encoded, numeric dictionary
    g = cols.require_group('cat_num')
    g.attrs['type'] = 'dictionary_encoded'
    vaex_primitive_column(g, 'indices', np.array([(i * 7) % 4 for i in range(n)], dtype='<i4'))
    vaex_primitive_column(g, 'dictionary', np.array([1.5, -2.0, 1e10, 0.0], dtype='<f8'))
    # a column that is not mentioned in column_order (appended by name)
    vaex_primitive_column(cols, 'zz_unlisted', np.arange(n, dtype='<i2'))
    vaex_primitive_column(cols, 'aa_unlisted', np.arange(n, dtype='<u2'))
    if order is None:
        order = ['x', 'name', 'i64_be', 'f32', 'u8', 'flag', 'when', 'dur', 'masked_f', 'nullable_i',
                 'vec', 'name64', 'name_null', 'all_empty', 'cat', 'cat_num', 'missing_column']
    cols.attrs['column_order'] = ','.join(order)
    cols['x'].attrs['ucd'] = 'pos.x'
    cols['x'].attrs['unit'] = 'km'
    cols['x'].attrs['description'] = 'the x coordinate'
    t.attrs['description'] = 'written by gen_corpus.py the way vaex writes'


def gen_vaex(outdir):
    p = out(outdir, 'vaex_table.h5')
    with h5py.File(p, 'w') as f:
        vaex_table(f)
    p = out(outdir, 'vaex_table_big_endian.h5')
    with h5py.File(p, 'w') as f:
        t = f.require_group('/table')
        t.attrs['type'] = 'table'
        cols = f.require_group('/table/columns')
        for name, dt in (('a', '>f8'), ('b', '>i4'), ('c', '>u2'), ('d', '>f4')):
            vaex_primitive_column(cols, name, (np.arange(20) * 3 - 7).astype(dt))
        cols.attrs['column_order'] = 'd,c,b,a'
    p = out(outdir, 'vaex_alias.h5')
    with h5py.File(p, 'w') as f:
        t = f.require_group('/table')
        t.attrs['type'] = 'table'
        cols = f.require_group('/table/columns')
        vaex_primitive_column(cols, 'X_1', np.arange(3, dtype='<f8')).attrs['alias'] = 'X-1'
        vaex_primitive_column(cols, 'col_', np.arange(3, dtype='<i8')).attrs['alias'] = '#'
        vaex_primitive_column(cols, 'plain', np.arange(3, dtype='<i8'))
        cols.attrs['column_order'] = 'X_1,col_,plain'
    p = out(outdir, 'vaex_other_group.h5')
    with h5py.File(p, 'w') as f:
        vaex_table(f, group='/mytable', n=9)
        f.create_dataset('not_a_column', data=np.arange(3), track_times=False)
    p = out(outdir, 'vaex_v1_data.h5')
    with h5py.File(p, 'w') as f:
        g = f.create_group('data')
        g.create_dataset('x', data=np.arange(10, dtype='<f8'), track_times=False)
        g.create_dataset('y', data=np.arange(10, dtype='>i4'), track_times=False)
        t = g.create_dataset('t', data=np.arange(10, dtype='<i8'), track_times=False)
        t.attrs['dtype'] = 'datetime64[s]'
        g.attrs['column_order'] = 'y,x'
    p = out(outdir, 'vaex_v1_root.h5')
    with h5py.File(p, 'w') as f:
        f.create_dataset('b', data=np.arange(5, dtype='<f4'), track_times=False)
        f.create_dataset('a', data=np.arange(5, dtype='<u8'), track_times=False)
        f.create_group('some_group')
    p = out(outdir, 'vaex_table_latest.h5')
    with h5py.File(p, 'w', libver='latest') as f:
        vaex_table(f, n=40)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    # external raw-data files and VDS sources are named relative to the current
    # directory by libhdf5, so generate inside OUTDIR
    os.chdir(outdir)
    np.random.seed(0)
    for gen in (gen_mixed, gen_big_groups, gen_attrs, gen_types, gen_spaces, gen_layouts, gen_links,
                gen_pytables, gen_vaex):
        gen(outdir)
    for p in WRITTEN:
        print(p)
    for fname, feat, why in SKIPPED:
        sys.stderr.write('NOTE: not created: %s in %s (%s)\n' % (feat, fname, why))
    return 0


if __name__ == '__main__':
    sys.exit(main())
