#!/usr/bin/python3
"""Reference views of an HDF5 file computed with h5py: exactly what `mmapcol` must print.

Usage (same contract as mmapcol):
  h5py_view.py ls FILE
  h5py_view.py cat FILE DATASET [--rows START:STOP]
  h5py_view.py attrs FILE PATH
  h5py_view.py table FILE [--group G]

Exit codes: 0 ok; 1 error (object not found, not a dataset, no table, h5py
failure); 2 usage; 3 `cat` refused: virtual or external-storage dataset, or a filter
hdf5lite does not decode.

Also importable as a module (tests/compare_views.py does): ls_entries(),
ls_lines(), cat_value(), attrs_value(), table_lines(), dumps().
Run with /usr/bin/python3 (needs h5py + numpy).
"""
import json
import math
import sys

import numpy as np
import h5py
from h5py import h5d, h5l, h5o, h5s, h5t


class ViewError(Exception):
    pass


class Refused(Exception):
    """mmapcol refuses to read this dataset (exit 3)."""


# ------------------------------------------------------------------ value -> JSON

def to_py(x):
    """Convert what h5py returns into plain Python values for JSON."""
    if isinstance(x, h5py.Empty):
        return None
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return to_py(x[()])
        return [to_py(e) for e in x]
    if isinstance(x, np.void):
        if x.dtype.names is not None:
            return {name: to_py(x[name]) for name in x.dtype.names}
        return x.tobytes().hex()
    if isinstance(x, (bytes, np.bytes_)):
        return bytes(x).decode('utf-8', 'replace')
    if isinstance(x, str):
        return str(x)
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, (list, tuple)):
        return [to_py(e) for e in x]
    raise ViewError('cannot convert value of type %s' % type(x).__name__)


def dumps(value):
    """One JSON document. Floats use Python repr (shortest round-trip of the
    double); NaN/Infinity/-Infinity are bare tokens."""
    return json.dumps(value, allow_nan=True, ensure_ascii=False)


# ------------------------------------------------------------------ helpers

def enc(name):
    """h5py link names (bytes) -> str, keeping undecodable bytes."""
    if isinstance(name, bytes):
        return name.decode('utf-8', 'surrogateescape')
    return name


def out_bytes(s):
    return s.encode('utf-8', 'surrogateescape')


LAYOUTS = {h5d.CONTIGUOUS: 'contiguous', h5d.COMPACT: 'compact', h5d.CHUNKED: 'chunked'}
if hasattr(h5d, 'VIRTUAL'):
    LAYOUTS[h5d.VIRTUAL] = 'virtual'


def dset_layout(dset):
    dcpl = dset.id.get_create_plist()
    lay = LAYOUTS.get(dcpl.get_layout(), 'unknown')
    return lay, dcpl.get_external_count()


def dset_type_shape(dset):
    """(dtype str, shape) with array element types expanded as numpy does."""
    dt = dset.dtype
    shape = dset.shape
    if dt.subdtype is not None:
        base, sub = dt.subdtype
        dt = base
        if shape is not None:
            shape = tuple(shape) + tuple(sub)
    return dt.str, shape


def open_file(path):
    return h5py.File(path, 'r')


# ------------------------------------------------------------------ ls

def ls_entries(f):
    """List of dicts: path, kind, dtype, shape, layout, offset, addr (None
    for links).  Depth-first walk, children in bytewise order of their link
    name; a group is descended only the first time its object address is met
    in that order (root counts as met)."""
    root = f['/']
    entries = [dict(path='/', kind='group', dtype='-', shape='-', layout='-', offset='-',
                    addr=h5o.get_info(root.id).addr)]
    visited = {entries[0]['addr']}

    def walk(gid, prefix):
        names = sorted(list(gid))       # bytes names from h5g.GroupID iteration
        for bname in names:
            path = prefix + '/' + enc(bname)
            info = gid.links.get_info(bname)
            e = dict(path=path, kind=None, dtype='-', shape='-', layout='-', offset='-', addr=None)
            if info.type == h5l.TYPE_SOFT:
                e['kind'] = 'softlink'
            elif info.type == h5l.TYPE_EXTERNAL:
                e['kind'] = 'extlink'
            elif info.type == h5l.TYPE_HARD:
                oid = h5o.open(gid, bname)
                oinfo = h5o.get_info(oid)
                e['addr'] = oinfo.addr
                if oinfo.type == h5o.TYPE_GROUP:
                    e['kind'] = 'group'
                    entries.append(e)
                    if oinfo.addr not in visited:
                        visited.add(oinfo.addr)
                        walk(oid, path)
                    continue
                elif oinfo.type == h5o.TYPE_DATASET:
                    e['kind'] = 'dataset'
                    d = h5py.Dataset(oid)
                    dts, shape = dset_type_shape(d)
                    e['dtype'] = dts
                    e['shape'] = str(shape)
                    e['layout'] = dset_layout(d)[0]
                    off = d.id.get_offset()
                    e['offset'] = '-' if off is None else str(off)
                elif oinfo.type == h5o.TYPE_NAMED_DATATYPE:
                    e['kind'] = 'datatype'
                else:
                    e['kind'] = 'unknown'
            else:
                e['kind'] = 'unknown'
            entries.append(e)

    walk(root.id, '')
    entries.sort(key=lambda e: out_bytes(e['path']))
    return entries


def ls_lines(path):
    with open_file(path) as f:
        return ['\t'.join([e['path'], e['kind'], e['dtype'], e['shape'], e['layout'], e['offset']])
                for e in ls_entries(f)]


# ------------------------------------------------------------------ cat

def parse_rows(spec):
    """'START:STOP' with non-negative integers, either may be empty (Python
    slice semantics, clamped to the extent)."""
    if spec is None:
        return None
    if spec.count(':') != 1:
        raise ValueError('bad --rows %r' % spec)
    a, b = spec.split(':')
    start = int(a) if a != '' else None
    stop = int(b) if b != '' else None
    if (start is not None and start < 0) or (stop is not None and stop < 0):
        raise ValueError('bad --rows %r' % spec)
    return slice(start, stop)


# Filters hdf5lite decodes: deflate, shuffle, fletcher32, n-bit, scale-offset, LZF.
HDF5LITE_FILTERS = (1, 2, 3, 5, 6, 32000, 32001, 32004, 32008, 32015)


def cat_dataset(dset, rows=None):
    """Returns (value, dtype) or raises Refused."""
    lay, n_external = dset_layout(dset)
    if lay in ('virtual', 'unknown') or n_external > 0:
        raise Refused('%s layout%s' % (lay, ' with external storage' if n_external else ''))
    if lay == 'chunked':
        # hdf5lite decodes the built-in filters and LZF; others are refused
        dcpl = dset.id.get_create_plist()
        for i in range(dcpl.get_nfilters()):
            fid = dcpl.get_filter(i)[0]
            if fid not in HDF5LITE_FILTERS:
                raise Refused('filter %d' % fid)
    if dset.shape is None:           # null dataspace
        if rows is not None:
            raise ViewError('--rows on a null dataspace')
        return None, dset.dtype
    if rows is not None and len(dset.shape) == 0:
        raise ViewError('--rows on a scalar dataspace')
    ftype = dset.id.get_type()
    if ftype.get_class() == h5t.OPAQUE:
        # h5py cannot convert tagged opaque types: read the raw bytes
        data = np.empty(dset.shape, dtype='V%d' % ftype.get_size())
        dset.id.read(h5s.ALL, h5s.ALL, data, mtype=ftype)
        if rows is not None:
            data = data[rows]
    elif rows is not None:
        data = dset[rows]
    else:
        data = dset[()]
    return to_py(data), dset.dtype


def cat_value(path, dsetpath, rows=None):
    """(value, dtype); raises Refused / ViewError / KeyError."""
    with open_file(path) as f:
        obj = f[dsetpath]
        if not isinstance(obj, h5py.Dataset):
            raise ViewError('%s is not a dataset' % dsetpath)
        return cat_dataset(obj, rows)


# ------------------------------------------------------------------ attrs

def attrs_of(obj):
    """(dict name -> value, dict name -> dtype)."""
    values, dtypes = {}, {}
    names = sorted(obj.attrs.keys(), key=out_bytes)
    for name in names:
        aid = obj.attrs.get_id(name)
        dtypes[name] = aid.dtype
        values[name] = to_py(obj.attrs[name])
    return values, dtypes


def attrs_value(path, objpath):
    with open_file(path) as f:
        return attrs_of(f[objpath])


# ------------------------------------------------------------------ vaex table

def astr(v):
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).decode('utf-8', 'replace')
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return astr(v[()])
    return str(v)


def count_nulls(group, rows):
    """vaex v2 columns: 'mask' (bool, True = null) wins over 'null_bitmap'
    (arrow validity bitmap, LSB first, 1 = valid)."""
    if 'mask' in group and isinstance(group['mask'], h5py.Dataset):
        m = np.asarray(group['mask'][()]).reshape(-1)[:rows]
        return int(np.count_nonzero(m))
    if 'null_bitmap' in group and isinstance(group['null_bitmap'], h5py.Dataset):
        bm = np.asarray(group['null_bitmap'][()], dtype='u1').reshape(-1)
        bits = np.unpackbits(bm, bitorder='little')[:rows]
        return int(len(bits) - np.count_nonzero(bits))
    return 0


def primitive_type(data):
    if 'dtype' in data.attrs:
        t = astr(data.attrs['dtype'])
        if t == 'utf32':
            return np.dtype('U' + astr(data.attrs['dlength'])).str
        return t
    return data.dtype.str


def rows_of(data):
    shape = data.shape
    if shape is None:
        return 0
    if len(shape) == 0:
        return 1
    return shape[0]


FILTER_NAMES = {1: 'deflate', 2: 'shuffle', 3: 'fletcher32', 4: 'szip', 5: 'nbit', 6: 'scaleoffset', 32000: 'lzf', 305: 'lzo',
                307: 'bzip2', 32001: 'blosc', 32004: 'lz4', 32008: 'bitshuffle', 32013: 'zfp', 32015: 'zstd', 32017: 'sz',
                32026: 'blosc2'}


def unreadable(dset):
    """why mmapcol cannot read the values of dset (its `table` marks the column), or None"""
    if not isinstance(dset, h5py.Dataset):
        return None
    lay, n_external = dset_layout(dset)
    if lay == 'virtual':
        return 'virtual storage'
    if n_external > 0:
        return 'external storage'
    if lay == 'chunked':
        dcpl = dset.id.get_create_plist()
        for i in range(dcpl.get_nfilters()):
            fid, _flags, _cd, fname = dcpl.get_filter(i)
            if fid not in HDF5LITE_FILTERS:
                name = FILTER_NAMES.get(fid) or (fname.decode('utf-8', 'replace') if fname else '') or 'unknown'
                return 'filter %d (%s) not decoded' % (fid, name)
    return None


def column_why(g):
    """table's sixth field for a v2 column group: data, then offsets, then the dictionary's"""
    if not isinstance(g, h5py.Group):
        return None
    if 'type' in g.attrs:
        return column_why(g['indices']) or column_why(g['dictionary'])
    return unreadable(get_local(g, 'data')) or unreadable(get_local(g, 'indices'))


def column_info(g):
    """v2 column group -> (kind, type, rows, nulls) or None if not a column."""
    if not isinstance(g, h5py.Group):
        return None
    if 'type' in g.attrs:
        if astr(g.attrs['type']) != 'dictionary_encoded':
            return None
        idx = column_info(g['indices'])
        dic = column_info(g['dictionary'])
        if idx is None or dic is None:
            raise ViewError('bad dictionary_encoded column')
        return ('dictionary', 'dict:' + dic[1], idx[2], idx[3])
    data = g['data']
    if not isinstance(data, h5py.Dataset):
        raise ViewError('column data is not a dataset')
    if 'dtype' in data.attrs and astr(data.attrs['dtype']) == 'str':
        rows = max(rows_of(g['indices']) - 1, 0)
        return ('string', 'str', rows, count_nulls(g, rows))
    rows = rows_of(data)
    return ('primitive', primitive_type(data), rows, count_nulls(g, rows))


def get_local(group, name):
    """group[name] following hard and soft links but not external links
    (mmapcol reads one file); None if missing/dangling/external."""
    try:
        link = group.get(name, getlink=True)
        if link is None or isinstance(link, h5py.ExternalLink):
            return None
        return group.get(name)
    except (KeyError, OSError, ValueError):
        return None


def find_table(f, group=None):
    """-> (version, h5columns group) or None.
    --group G: version 2, columns in G/columns.  Default: /table (v2) if
    present, else vaex's older layouts, first match of: /data (v1, datasets
    directly in /data), datasets in the root group (v1), /columns (v1)."""
    if group is not None:
        g = get_local(f, group)
        if not isinstance(g, h5py.Group) or not isinstance(get_local(g, 'columns'), h5py.Group):
            return None
        return 2, g['columns']
    t = get_local(f, 'table')
    if isinstance(t, h5py.Group) and isinstance(get_local(t, 'columns'), h5py.Group):
        return 2, t['columns']
    d = get_local(f, 'data')
    if isinstance(d, h5py.Group):
        return 1, d
    if any(isinstance(get_local(f, enc(n)), h5py.Dataset) for n in f.id):
        return 1, f['/']
    c = get_local(f, 'columns')
    if isinstance(c, h5py.Group):
        return 1, c
    return None


def table_rows(f, group=None):
    found = find_table(f, group)
    if found is None:
        return None
    version, cols = found
    columns = {}          # python dict semantics as in vaex: insertion order, later name wins
    for bname in sorted(list(cols.id)):
        gname = enc(bname)
        obj = get_local(cols, gname)
        if version == 1:
            if not isinstance(obj, h5py.Dataset):
                continue
            info = ('primitive', primitive_type(obj), rows_of(obj), 0, unreadable(obj))
        else:
            info = column_info(obj)
            if info is None:
                continue
            info = info + (column_why(obj),)
        name = gname   # vaex names a column by its group; `alias` is metadata
        columns[name] = info
    order = []
    if 'column_order' in cols.attrs:
        order = astr(cols.attrs['column_order']).split(',')
    result = []
    for name in order:
        if name in columns:
            result.append((name,) + columns.pop(name))
    for name, info in columns.items():
        result.append((name,) + info)
    # no columns in an older layout, or columns of unequal length: no table
    # (hdf5lite: ENOTFOUND, or ECORRUPT in <group>/columns)
    if (version == 1 and not result) or len(set(r[3] for r in result)) > 1:
        return None
    return result


def table_lines(path, group=None):
    with open_file(path) as f:
        rows = table_rows(f, group)
    if rows is None:
        return None
    return ['%s\t%s\t%s\t%d\t%d' % r[:5] + ('\tunreadable: %s' % r[5] if r[5] else '') for r in rows]


# ------------------------------------------------------------------ CLI

USAGE = __doc__


def main(argv):
    out = sys.stdout.buffer
    if len(argv) < 2:
        sys.stderr.write(USAGE)
        return 2
    cmd, args = argv[0], argv[1:]
    try:
        if cmd == 'ls' and len(args) == 1:
            for line in ls_lines(args[0]):
                out.write(out_bytes(line) + b'\n')
            return 0
        if cmd == 'cat' and len(args) in (2, 4):
            rows = None
            if len(args) == 4:
                if args[2] != '--rows':
                    sys.stderr.write(USAGE)
                    return 2
                try:
                    rows = parse_rows(args[3])
                except ValueError as e:
                    sys.stderr.write('%s\n' % e)
                    return 2
            try:
                value, _ = cat_value(args[0], args[1], rows)
            except Refused as e:
                sys.stderr.write('refused: %s\n' % e)
                return 3
            out.write(dumps(value).encode('utf-8') + b'\n')
            return 0
        if cmd == 'attrs' and len(args) == 2:
            values, _ = attrs_value(args[0], args[1])
            out.write(dumps(values).encode('utf-8', 'surrogateescape') + b'\n')
            return 0
        if cmd == 'table' and len(args) in (1, 3):
            group = None
            if len(args) == 3:
                if args[1] != '--group':
                    sys.stderr.write(USAGE)
                    return 2
                group = args[2]
            lines = table_lines(args[0], group)
            if lines is None:
                sys.stderr.write('no vaex table found\n')
                return 1
            for line in lines:
                out.write(out_bytes(line) + b'\n')
            return 0
    except (ViewError, KeyError, OSError, ValueError, TypeError) as e:
        sys.stderr.write('error: %s\n' % e)
        return 1
    sys.stderr.write(USAGE)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
