#!/usr/bin/python3
"""Make small HDF5 files with h5py (and PyTables) and write what h5py reads
from them, for tests/test_read.c.

Usage: /usr/bin/python3 tests/gen_read_fixtures.py OUTDIR [CORPUS_DIR]

For every file X.h5 it writes X.h5.expect, one fact per line, fields separated
by TABs (strings that may hold odd bytes are hex):
  K  path kind                           kind: group | dataset | datatype
  L  group order index name_hex type target_hex ext_file_hex
                                          order: name | corder; type: hard | soft | external
  N  group count                         number of links
  D  path dtype shape layout offset hex  shape "scalar" | "null" | d0,d1,...; layout 0..3;
                                          offset "-" when h5py's get_offset() is None;
                                          hex of the raw bytes ("-" when not compared)
  R  path code                           h5l_dataset_read_raw must fail with this code
  A  path name dtype shape kind hex      kind raw: hex = stored bytes; str: hex = the string
  S  path vlen_index hex                 element i of a vlen-string dataset
  E  path code                           h5l_obj_open(path) must fail with this code
  O  path addr refcount                  header address (relative) and hard link count
  AO path index name_hex                 attribute order when creation order is tracked
  T  path addr                           address of the committed datatype of a dataset
"""
import os
import sys

import numpy as np
import h5py
from h5py import h5d, h5p, h5s, h5t

OUT = []


def hx(b):
    if isinstance(b, str):
        b = b.encode('utf-8')
    return b.hex() if b else '.'


def shape_str(shape):
    if shape is None:
        return 'null'
    if shape == ():
        return 'scalar'
    return ','.join(str(d) for d in shape)


def record(path, exp):
    """Walk the file with h5py and write what it reads."""
    lines = []
    with h5py.File(path, 'r') as f:
        objs = [('/', f['/'])]

        def visit(name, obj):
            objs.append(('/' + name, obj))
        f.visititems(visit)
        for p, obj in objs:
            if isinstance(obj, h5py.Group):
                lines.append('K\t%s\tgroup' % p)
                names = list(obj.keys())
                bynames = sorted(names, key=lambda s: s.encode('utf-8'))
                lines.append('N\t%s\t%d' % (p, len(names)))
                for i, n in enumerate(bynames):
                    lk = obj.get(n, getlink=True)
                    if isinstance(lk, h5py.SoftLink):
                        t, tg, ef = 'soft', lk.path, ''
                    elif isinstance(lk, h5py.ExternalLink):
                        t, tg, ef = 'external', lk.path, lk.filename
                    else:
                        t, tg, ef = 'hard', '', ''
                    lines.append('L\t%s\tname\t%d\t%s\t%s\t%s\t%s' % (p, i, hx(n), t, hx(tg), hx(ef)))
                tracked = obj.id.get_create_plist().get_link_creation_order()
                if tracked:
                    for i, n in enumerate(names):   # h5py lists tracked groups in creation order
                        lines.append('L\t%s\tcorder\t%d\t%s\t-\t-\t-' % (p, i, hx(n)))
            elif isinstance(obj, h5py.Dataset):
                lines.append('K\t%s\tdataset' % p)
                dt = obj.dtype
                layout = obj.id.get_create_plist().get_layout()
                off = obj.id.get_offset()
                if off is not None and obj.id.get_storage_size() == 0 and layout == h5d.CONTIGUOUS:
                    # libhdf5 1.10 returns UNDEF + base (e.g. 511 with a user block)
                    # for storage never allocated; hdf5lite reports no offset.
                    off = None
                space = obj.id.get_space()
                if space.get_simple_extent_type() == h5s.NULL:
                    shp = 'null'
                else:
                    shp = shape_str(obj.shape)
                data = '-'
                if layout in (h5d.CONTIGUOUS, h5d.COMPACT, h5d.CHUNKED) and dt.kind != 'O' and shp != 'null' \
                        and obj.size * dt.itemsize <= 65536:
                    data = hx(np.ascontiguousarray(obj[()]).tobytes())
                lines.append('D\t%s\t%s\t%s\t%d\t%s\t%s' % (p, dt.str, shp, layout, '-' if off is None else off, data))
                if layout == h5d.VIRTUAL or obj.external:
                    lines.append('R\t%s\tH5L_EUNSUPPORTED' % p)
                if h5py.check_string_dtype(dt) is not None and dt.kind == 'O' and obj.ndim == 1:
                    for i, v in enumerate(obj[()]):
                        lines.append('S\t%s\t%d\t%s' % (p, i, hx(v)))
            else:
                lines.append('K\t%s\tdatatype' % p)
            info = h5py.h5o.get_info(obj.id)
            lines.append('O\t%s\t%d\t%d' % (p, info.addr, info.rc))
            if not isinstance(obj, h5py.Datatype):
                try:
                    aco = obj.id.get_create_plist().get_attr_creation_order()
                except Exception:
                    aco = 0
                if aco & h5py.h5p.CRT_ORDER_TRACKED:
                    for i, an in enumerate(obj.attrs):   # h5py lists them in creation order then
                        lines.append('AO\t%s\t%d\t%s' % (p, i, hx(an)))
            if isinstance(obj, h5py.Dataset) and obj.id.get_type().committed():
                lines.append('T\t%s\t%d' % (p, h5py.h5o.get_info(obj.id.get_type()).addr))
            for an in obj.attrs:
                aid = obj.attrs.get_id(an)
                adt = aid.dtype
                sp = aid.get_space()
                ashp = 'null' if sp.get_simple_extent_type() == h5s.NULL else shape_str(aid.shape)
                v = obj.attrs[an]
                if ashp == 'null':
                    kind, val = 'raw', b''
                elif h5py.check_string_dtype(adt) is not None and adt.kind == 'O':
                    vv = v if ashp == 'scalar' else v[0]
                    kind, val = 'str', vv
                elif adt.kind == 'O':
                    continue
                else:
                    kind, val = 'raw', np.ascontiguousarray(np.asarray(v, dtype=adt)).tobytes()
                lines.append('A\t%s\t%s\t%s\t%s\t%s\t%s' % (p, hx(an), adt.str, ashp, kind, hx(val)))
    with open(exp, 'a') as fo:
        fo.write('\n'.join(lines) + '\n')


def extra(exp, line):
    with open(exp, 'a') as fo:
        fo.write(line + '\n')


def content(f, big=False):
    """The same tree for every libver."""
    g = f.create_group('grp')
    sub = g.create_group('sub')
    ints = {'i1': '|i1', 'u1': '|u1', 'i2': '<i2', 'i2be': '>i2', 'u2': '<u2', 'i4': '<i4', 'u4be': '>u4',
            'i8': '<i8', 'u8': '<u8', 'i8be': '>i8'}
    for n, t in ints.items():
        a = np.arange(-3, 7) if t[1] == 'i' else np.arange(0, 10)
        g.create_dataset(n, data=a.astype(t))
    for n, t in {'f2': '<f2', 'f4': '<f4', 'f8': '<f8', 'f4be': '>f4', 'f8be': '>f8'}.items():
        g.create_dataset(n, data=np.array([0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, 1e-3], dtype=t))
    g.create_dataset('bool', data=np.array([True, False, True, True]))
    et = h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 42}, basetype='i2')
    g.create_dataset('enum', data=np.array([0, 1, 42, 1], dtype='i2'), dtype=et)
    g.create_dataset('fixstr', data=np.array([b'abc', b'hello', b''], dtype='S5'))
    g.create_dataset('vstr', data=['alpha', 'b\u00e9ta', ''], dtype=h5py.string_dtype('utf-8'))
    g.create_dataset('vbytes', data=[b'x', b'yz'], dtype=h5py.string_dtype('ascii'))
    ct = np.dtype([('a', '<i4'), ('b', '<f8'), ('c', 'S3')])
    g.create_dataset('compound', data=np.array([(1, 2.5, b'ab'), (-7, 1e10, b'xyz')], dtype=ct))
    atid = h5t.array_create(h5t.STD_I32LE, (3,))
    arr = h5d.create(g.id, b'array', atid, h5s.create_simple((4,)))
    arr.write(h5s.ALL, h5s.ALL, np.arange(12, dtype='<i4').reshape(4, 3), mtype=atid)
    g.create_dataset('cmparr', data=np.zeros(2, dtype=[('v', '<i4', (3,)), ('w', '<u1')]))
    g.create_dataset('opaque', data=np.array([b'\x01\x02\x03\x04', b'abcd'], dtype='V4'))
    sub.create_dataset('twod', data=np.arange(24, dtype='<f8').reshape(4, 6))
    sub.create_dataset('threed', data=np.arange(24, dtype='>i4').reshape(2, 3, 4))
    sub.create_dataset('scalar', data=np.float64(3.25))
    sub.create_dataset('empty0', shape=(0,), dtype='<i8')
    sub.create_dataset('nullspace', data=h5py.Empty('<f4'))
    sub.create_dataset('vlenseq', shape=(2,), dtype=h5py.vlen_dtype(np.dtype('<i4')))
    sub['vlenseq'][0] = np.array([1, 2, 3], dtype='<i4')
    # unallocated, with and without a fill value
    f.create_dataset('unalloc_fill', shape=(5,), dtype='<i4', fillvalue=7)
    f.create_dataset('unalloc', shape=(3, 2), dtype='<f8')
    # chunked, compressed
    f.create_dataset('chunked', data=np.arange(100, dtype='<i4'), chunks=(10,))
    f.create_dataset('gzip', data=np.arange(100, dtype='<i4'), compression='gzip', shuffle=True)
    # compact layout via the low-level API
    dcpl = h5p.create(h5p.DATASET_CREATE)
    dcpl.set_layout(h5d.COMPACT)
    sp = h5s.create_simple((6,))
    dsid = h5d.create(f.id, b'compact', h5t.STD_I16LE, sp, dcpl=dcpl)
    dsid.write(h5s.ALL, h5s.ALL, np.arange(6, dtype='<i2'))
    # links
    f['grp/soft'] = h5py.SoftLink('/grp/i4')
    f['grp/relsoft'] = h5py.SoftLink('sub/scalar')
    f['dangling'] = h5py.SoftLink('/nowhere')
    f['ext'] = h5py.ExternalLink('other.h5', '/x')
    f['hard2'] = f['grp/f8']
    f['grp/sub/up'] = f['grp']              # a cycle of hard links
    f['sl1'] = h5py.SoftLink('/sl2')
    f['sl2'] = h5py.SoftLink('/sl1')        # a cycle of soft links
    # committed datatype
    f['mytype'] = np.dtype('<i4')
    f.create_dataset('typed', data=np.arange(4, dtype='<i4'), dtype=f['mytype'])
    # attributes
    d = g['i4']
    d.attrs['vstr'] = 'hello w\u00f6rld'
    d.attrs['int'] = np.int32(-5)
    d.attrs['f8arr'] = np.array([1.5, 2.5, -3.0])
    d.attrs['bytes'] = np.bytes_(b'fixed')
    d.attrs['bool'] = np.bool_(True)
    d.attrs['empty'] = h5py.Empty('<i4')
    d.attrs['strarr'] = np.array(['a', 'bc'], dtype=h5py.string_dtype())
    d.attrs['twod'] = np.arange(6, dtype='>i2').reshape(2, 3)
    d.attrs['cmp'] = np.array((1, 2.0), dtype=[('x', '<i2'), ('y', '<f4')])
    m = f['grp/sub']
    for i in range(12):
        m.attrs['attr%02d' % i] = np.int64(i * 1000)
    if big:
        f['grp/f4'].attrs['huge'] = np.arange(20000, dtype='<i4')
    tg = f.create_group('tracked', track_order=True)
    for i, n in enumerate(['zeta', 'alpha', 'mid', 'beta', 'omega', 'a1', 'q', 'c', 'b', 'x9', 'k', 'e']):
        tg.attrs[n] = np.int16(i)
        tg.create_group('L' + n)
    td = f.create_dataset('tracked_ds', data=np.arange(3, dtype='<i4'), track_order=True)
    for i, n in enumerate(['zz', 'aa', 'mm']):
        td.attrs[n] = np.int8(i)
    mg = f.create_group('many')
    for i in range(20):
        mg.create_group('g%03d' % i)


def content_small(f):
    """Groups of at most 8 links and objects of at most 8 attributes: compact
    link and attribute messages in version-2 headers (no dense storage)."""
    g = f.create_group('g')
    g.create_dataset('i4', data=np.arange(-3, 5, dtype='<i4'))
    g.create_dataset('f8be', data=np.array([1.5, -2.0], dtype='>f8'))
    g.create_dataset('vstr', data=['x', 'yy\u00e9'], dtype=h5py.string_dtype('utf-8'))
    g.create_dataset('cmp', data=np.array([(1, 2.5)], dtype=[('a', '<i2'), ('b', '<f4')]))
    g.create_dataset('enum', data=np.array([True, False]))
    g.create_dataset('fixstr', data=np.array([b'ab', b'c'], dtype='S3'))
    g['soft'] = h5py.SoftLink('/g/i4')
    g['ext'] = h5py.ExternalLink('o.h5', '/p')
    h = f.create_group('chunks')
    h.create_dataset('single', data=np.arange(10, dtype='<i4'), chunks=(10,))
    h.create_dataset('fixed', data=np.arange(10, dtype='<i4'), chunks=(2,))
    h.create_dataset('earray', data=np.arange(10, dtype='<i4'), chunks=(2,), maxshape=(None,))
    h.create_dataset('bt2', data=np.arange(16, dtype='<i4').reshape(4, 4), chunks=(2, 2), maxshape=(None, None))
    h.create_dataset('filtered', data=np.arange(10, dtype='<i4'), chunks=(5,), compression='gzip')
    f.create_dataset('unalloc_fill', shape=(3,), dtype='<i2', fillvalue=-2)
    d = g['i4']
    d.attrs['s'] = 'str\u00e9'
    d.attrs['n'] = np.arange(3, dtype='>i8')
    d.attrs['b'] = np.bool_(False)
    d.attrs['e'] = h5py.Empty('<f8')
    f.attrs['root'] = np.float32(1.25)
    tg = f.create_group('tracked', track_order=True)
    for i, n in enumerate(['zeta', 'alpha', 'mid']):
        tg.attrs[n] = np.int16(i)
        tg.create_group('L' + n)
    for n, t, v in (('b8', h5t.STD_B8LE, np.array([1, 2, 255], dtype='u1')),
                    ('b16', h5t.STD_B16BE, np.array([1, 2, 255], dtype='>u2'))):
        bd = h5d.create(f.id, n.encode(), t, h5s.create_simple((3,)))
        bd.write(h5s.ALL, h5s.ALL, v, mtype=t)
    f.create_dataset('oref', data=[g['i4'].ref, f.ref], dtype=h5py.ref_dtype)
    f.create_dataset('rref', data=[g['i4'].regionref[0:2]], dtype=h5py.regionref_dtype)
    f['t'] = np.dtype('>u2')
    f.create_dataset('typed', data=np.arange(3, dtype='>u2'), dtype=f['t'])


def gen_small(outdir, name, **kw):
    p = os.path.join(outdir, name)
    if os.path.exists(p):
        os.remove(p)
    with h5py.File(p, 'w', **kw) as f:
        content_small(f)
    return p


def gen_libver(outdir, name, **kw):
    p = os.path.join(outdir, name)
    if os.path.exists(p):
        os.remove(p)
    with h5py.File(p, 'w', **kw) as f:
        content(f, big=kw.get('libver') == 'latest')
    return p


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for fn in os.listdir(outdir):
        if fn.endswith('.expect'):
            os.remove(os.path.join(outdir, fn))
    files = []
    files.append(gen_libver(outdir, 'earliest.h5'))
    files.append(gen_libver(outdir, 'v110.h5', libver=('v110', 'v110')))
    files.append(gen_libver(outdir, 'latest.h5', libver='latest'))
    files.append(gen_libver(outdir, 'track.h5', track_order=True))
    files.append(gen_libver(outdir, 'userblock.h5', userblock_size=1024))
    files.append(gen_small(outdir, 'small_latest.h5', libver='latest'))
    files.append(gen_small(outdir, 'small_track.h5', track_order=True))
    files.append(gen_small(outdir, 'small_earliest.h5'))
    files.append(gen_small(outdir, 'small_userblock.h5', libver='latest', userblock_size=512))
    files.append(gen_small(outdir, 'small_v108.h5', libver=('v108', 'v108')))
    # superblock extension (free-space info message)
    files.append(gen_small(outdir, 'small_fsm.h5', libver='latest', fs_strategy='page', fs_persist=True))
    # superblock version 1 (non-default indexed-storage K), 4-byte offsets and
    # lengths, non-default symbol table K
    for name, sizes in (('odd_sizes.h5', (4, 4)), ('odd_sizes84.h5', (8, 4)), ('odd_sizes48.h5', (4, 8))):
        p = os.path.join(outdir, name)
        if os.path.exists(p):
            os.remove(p)
        fcpl = h5p.create(h5p.FILE_CREATE)
        fcpl.set_sizes(*sizes)
        fid = h5py.h5f.create(p.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
        with h5py.File(fid) as f:
            content_small(f)
            big = f.create_group('big')
            for i in range(60):
                big.create_dataset('d%02d' % ((i * 7) % 60), data=np.int16(i))
        files.append(p)
    # many links: multi-level symbol-table B-tree, dense link storage
    p = os.path.join(outdir, 'many_earliest.h5')
    with h5py.File(p, 'w') as f:
        g = f.create_group('big')
        for i in range(1500):
            g.create_dataset('d%04d' % ((i * 7919) % 1500), data=np.int32(i))
    files.append(p)
    p = os.path.join(outdir, 'many_latest.h5')
    with h5py.File(p, 'w', libver='latest') as f:
        g = f.create_group('big')
        for i in range(300):
            g.create_dataset('d%04d' % ((i * 7919) % 300), data=np.int32(i))
    files.append(p)
    p = os.path.join(outdir, 'many_track.h5')
    with h5py.File(p, 'w', track_order=True) as f:
        g = f.create_group('big', track_order=True)
        for i in range(40):
            g.create_group('n%02d' % ((i * 17) % 40))
    files.append(p)
    # PyTables
    try:
        import tables
        p = os.path.join(outdir, 'pytables.h5')
        with tables.open_file(p, 'w') as t:
            t.create_array('/', 'arr', np.arange(10, dtype='<f8'))
            grp = t.create_group('/', 'g')
            t.create_array(grp, 'ints', np.arange(6, dtype='>i4').reshape(2, 3))

            class Row(tables.IsDescription):
                a = tables.Int32Col()
                b = tables.Float64Col()
            tb = t.create_table('/', 'table', Row)
            r = tb.row
            for i in range(5):
                r['a'] = i
                r['b'] = i / 2
                r.append()
            tb.flush()
        files.append(p)
    except ImportError:
        print('gen_read_fixtures: PyTables not available, skipped', file=sys.stderr)
    for p in files:
        exp = p + '.expect'
        if os.path.exists(exp):
            os.remove(exp)
        record(p, exp)
        for e in ('/nowhere', '/grp/nothere', '/grp/i4/below'):
            extra(exp, 'E\t%s\tH5L_ENOTFOUND' % e)
    for p in files[:5]:
        exp = p + '.expect'
        extra(exp, 'E\t/ext\tH5L_EUNSUPPORTED')
        extra(exp, 'E\t/sl1\tH5L_ENOTFOUND')
        extra(exp, 'E\t/dangling\tH5L_ENOTFOUND')
    # the vaex corpus, read by h5py
    if len(sys.argv) > 2 and os.path.isdir(sys.argv[2]):
        for fn in sorted(os.listdir(sys.argv[2])):
            if fn.endswith('.hdf5') or fn.endswith('.h5'):
                src = os.path.join(sys.argv[2], fn)
                exp = os.path.join(outdir, 'vaex_' + fn + '.expect')
                with open(exp, 'w') as fo:
                    fo.write('P\t%s\n' % os.path.abspath(src))
                record(src, exp)
                files.append(src)
    with open(os.path.join(outdir, 'list.txt'), 'w') as fo:
        for fn in sorted(os.listdir(outdir)):
            if fn.endswith('.expect'):
                fo.write(os.path.join(outdir, fn) + '\n')
    print('\n'.join(files))


if __name__ == '__main__':
    main()
