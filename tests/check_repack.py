#!/usr/bin/python3
"""mmapcol repack against h5py: the same tree, types, shapes, values and
attributes after repacking, storage changed as asked.

Usage:
  /usr/bin/python3 tests/check_repack.py MMAPCOL WORKDIR [--h5wasm HDF5_HL_JS] FILE...

For each FILE: `MMAPCOL repack FILE OUT` (contiguous) and `MMAPCOL repack FILE
OUT --compress deflate --shuffle --chunk-rows 100` (chunked). Where repack
exits 3 the file must hold something repack does not copy (a filter hdf5lite
does not decode, virtual or external storage, region references in an
attribute or a compound, object references inside a compound attribute) and
OUT must not exist. Otherwise h5py must see in OUT what it sees in FILE:
  - every path (depth first, name order): kind; a hard link's object shared
    with the same other paths as in FILE; soft link paths, external link
    file and path;
  - datasets: dtype (numpy descr, committed or not), shape (None for a null
    dataspace), values (vlen strings and sequences, object references as the
    path they point to, opaque as bytes);
  - attributes of every object: names, dtypes, shapes, values;
  - storage: contiguous output has every non-empty dataset contiguous (h5py
    get_offset() not None: vaex maps it); chunked output has every dataset of
    rank >= 1 chunked with the pipeline asked for (but for datasets with no
    rows and a fixed first dimension, or an empty inner one: contiguous).
Then h5dump -H must read OUT (exit 0), PyTables must open it and read
every leaf (where it reads FILE), and with --h5wasm libhdf5 2.0 (h5wasm)
must read every group, attribute and dataset of OUT that it reads in FILE,
datasets of fixed-size types to the same bytes. Prints failures, then `N passed, M failed`.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
import h5py
from h5py import h5o, h5l, h5t, h5s, h5d

PASSED = 0
FAILED = 0


def check(cond, what):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print('FAIL %s' % what)
    return cond


SEEN = {}   # object address -> the first path view() reached it by (references name objects so)


def ref_name(f, x):
    if not x:
        return None
    return SEEN.get(h5o.get_info(f[x].id).addr, '?')


def norm(x, f):
    """Plain Python values: references by the first path (in view()'s walk)
    of the object they lead to."""
    if isinstance(x, h5py.Empty):
        return ['<empty>', str(x.dtype)]
    if isinstance(x, h5py.Reference):
        return ['<ref>', ref_name(f, x)]
    if isinstance(x, h5py.RegionReference):
        if not x:
            return ['<region>', None]
        sp = h5py.h5r.get_region(x, f.id)
        sel = sp.get_select_type()
        pts = sp.get_select_elem_pointlist().tolist() if sel == h5s.SEL_POINTS else None
        return ['<region>', ref_name(f, x), sel, sp.get_select_npoints(), [list(b) for b in sp.get_select_bounds()] if sp.get_select_npoints() else None, pts]
    if isinstance(x, np.ndarray):
        if x.dtype.kind == 'O' or x.dtype.names is not None or x.ndim != 1 or x.dtype.kind == 'V':
            return [norm(e, f) for e in x] if x.ndim else norm(x[()], f)
        return ['<arr>', str(x.dtype), x.tobytes().hex()]
    if isinstance(x, np.void):
        if x.dtype.names is not None:
            return {n: norm(x[n], f) for n in x.dtype.names}
        return x.tobytes().hex()
    if isinstance(x, (bytes, np.bytes_)):
        return ['<b>', bytes(x).hex()]
    if isinstance(x, (np.generic,)):
        return ['<s>', str(x.dtype), x.tobytes().hex()]
    if isinstance(x, (list, tuple)):
        return [norm(e, f) for e in x]
    return x


def read_dataset(d, f):
    if d.shape is None:
        return None
    t = d.id.get_type()
    if t.get_class() == h5t.OPAQUE:
        data = np.empty(d.shape, dtype='V%d' % t.get_size())
        d.id.read(h5s.ALL, h5s.ALL, data, mtype=t)
        return data.tobytes().hex()
    return norm(d[()], f)


def read_attr(obj, name, f):
    aid = obj.attrs.get_id(name)
    t = aid.get_type()
    if t.get_class() == h5t.OPAQUE:
        shp = aid.shape
        data = np.empty(shp if shp is not None else (), dtype='V%d' % t.get_size())
        if aid.get_space().get_simple_extent_type() != h5s.NULL:
            aid.read(data, mtype=t)
        return ['<opaque>', t.get_tag(), shp, data.tobytes().hex()]
    return [str(aid.dtype.descr if aid.dtype.names else aid.dtype), aid.shape, norm(obj.attrs[name], f)]


def view(path):
    """{path: description} of every link, plus the sharing of objects."""
    out = {}
    with h5py.File(path, 'r') as f:
        SEEN.clear()

        def names(gid, prefix):
            for bname in sorted(list(gid)):
                p = prefix + '/' + bname.decode('utf-8', 'surrogateescape')
                if gid.links.get_info(bname).type != h5l.TYPE_HARD:
                    continue
                oid = h5o.open(gid, bname)
                oi = h5o.get_info(oid)
                if oi.addr in SEEN:
                    continue
                SEEN[oi.addr] = p
                if oi.type == h5o.TYPE_GROUP:
                    names(oid, p)
        SEEN[h5o.get_info(f['/'].id).addr] = '/'
        names(f['/'].id, '')
        seen = {}

        def walk(gid, prefix):
            for bname in sorted(list(gid)):
                p = prefix + '/' + bname.decode('utf-8', 'surrogateescape')
                info = gid.links.get_info(bname)
                if info.type == h5l.TYPE_SOFT:
                    out[p] = ['soft', gid.links.get_val(bname).decode('utf-8', 'replace')]
                    continue
                if info.type == h5l.TYPE_EXTERNAL:
                    v = gid.links.get_val(bname)
                    out[p] = ['ext', v[0].decode('utf-8', 'replace'), v[1].decode('utf-8', 'replace')]
                    continue
                oid = h5o.open(gid, bname)
                oi = h5o.get_info(oid)
                if oi.addr in seen:
                    out[p] = ['same-as', seen[oi.addr]]
                    continue
                seen[oi.addr] = p
                obj = f[p]
                attrs = {n: read_attr(obj, n, f) for n in sorted(obj.attrs.keys())}
                if oi.type == h5o.TYPE_GROUP:
                    out[p] = ['group', attrs]
                    walk(oid, p)
                elif oi.type == h5o.TYPE_DATASET:
                    dt = obj.dtype
                    out[p] = ['dataset', str(dt.descr) if dt.names else str(dt), h5py.check_dtype(vlen=dt) and str(h5py.check_dtype(vlen=dt)),
                              obj.shape, obj.id.get_type().committed(), read_dataset(obj, f), attrs]
                else:
                    out[p] = ['datatype', str(obj.dtype), attrs]

        root = f['/']
        seen[h5o.get_info(root.id).addr] = '/'
        out['/'] = ['group', {n: read_attr(root, n, f) for n in sorted(root.attrs.keys())}]
        walk(root.id, '')
    return out


def storage(path, chunked):
    """Problems with the storage of OUT."""
    bad = []
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset) or obj.shape is None:
                return
            lay = obj.id.get_create_plist().get_layout()
            if chunked and len(obj.shape) >= 1 and all(obj.shape[1:]) and (obj.shape[0] or obj.maxshape[0] is None):
                if lay != h5d.CHUNKED:
                    bad.append('%s: not chunked' % name)
                elif obj.compression != 'gzip' or not obj.shuffle and obj.dtype.itemsize > 1:
                    bad.append('%s: filters %s shuffle %s' % (name, obj.compression, obj.shuffle))
            elif not chunked:
                if lay != h5d.CONTIGUOUS:
                    bad.append('%s: layout %d, not contiguous' % (name, lay))
                elif obj.size and obj.id.get_offset() is None:
                    bad.append('%s: contiguous but no offset' % name)
        f.visititems(visit)
    return bad


def subtypes(t):
    """t and every type inside it (compound fields, array bases)."""
    out = [t]
    if t.names:
        for fn in t.names:
            out += subtypes(t.fields[fn][0])
    if t.subdtype:
        out += subtypes(t.subdtype[0])
    return out


def refusable(path):
    """Why repack may refuse this file (None: it must not)."""
    why = []
    decodable = {1, 2, 3, 5, 6, 32000, 32001, 32004, 32008, 32015}
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                dcpl = obj.id.get_create_plist()
                lay = dcpl.get_layout()
                if lay == h5d.VIRTUAL or dcpl.get_external_count():
                    why.append('%s: virtual/external' % name)
                if lay == h5d.CHUNKED:
                    for i in range(dcpl.get_nfilters()):
                        if dcpl.get_filter(i)[0] not in decodable:
                            why.append('%s: filter %d' % (name, dcpl.get_filter(i)[0]))
                types = [obj.dtype]
            else:
                types = []
            for n in obj.attrs.keys():
                try:
                    aid = obj.attrs.get_id(n)
                    types.append(aid.dtype)
                except Exception as ex:
                    why.append('%s: attribute %s: %s' % (name, n, ex))
            for k, t in enumerate(types):
                is_attr = isinstance(obj, h5py.Dataset) and k > 0 or not isinstance(obj, h5py.Dataset)
                for ft in subtypes(t):
                    if h5py.check_dtype(ref=ft) is h5py.RegionReference and (is_attr or ft is not t):
                        why.append('%s: region references in an attribute or a compound' % name)
                    if ft is not t and h5py.check_dtype(ref=ft) is h5py.Reference and is_attr:
                        why.append('%s: object references inside a compound attribute' % name)
        f.visititems(visit)
        visit('/', f['/'])
    return why


PT_SCRIPT = """
import sys, warnings
warnings.simplefilter('ignore')
import tables
with tables.open_file(sys.argv[1], 'r') as t:
    for node in t.walk_nodes('/', 'Leaf'):
        if not isinstance(node, tables.UnImplemented):
            node.read()
"""


def pytables_reads(path):
    """None if PyTables opens the file and reads every leaf (in a child
    process: PyTables itself crashes on some attribute types)."""
    try:
        r = subprocess.run([sys.executable, '-c', PT_SCRIPT, path], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return 'timed out'
    if r.returncode == 0:
        return None
    return 'exit %d: %s' % (r.returncode, r.stderr.strip().split('\n')[-1][:200] if r.stderr.strip() else '')


def h5wasm_view(js, path):
    """libhdf5 2.0's reading of path (tests/h5wasm_read.mjs), or None."""
    import tempfile
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as t:
        t.write('{}')
    try:
        r = subprocess.run(['node', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'h5wasm_read.mjs'), js, path, t.name],
                           capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return {'exit': 'timeout', 'stderr': ''}
    finally:
        os.unlink(t.name)
    if r.returncode != 0:
        return {'exit': r.returncode, 'stderr': r.stderr[-200:]}
    return json.loads(r.stdout)


def builtin_filtered(path):
    """Datasets whose filters libhdf5 has built in (h5wasm carries no plugins)."""
    out = set()
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                dcpl = obj.id.get_create_plist()
                if dcpl.get_layout() != h5d.CHUNKED or all(dcpl.get_filter(i)[0] in (1, 2, 3, 5, 6) for i in range(dcpl.get_nfilters())):
                    out.add('/' + name)
        f.visititems(visit)
    return out


def fixed_size_paths(v):
    """Datasets of a view() whose values are bytes libhdf5 returns as such (no vlen, no references)."""
    out = set()
    for p, d in v.items():
        if d[0] == 'dataset' and 'object' not in d[1] and "'O'" not in d[1] and not d[2] and '|O' not in d[1]:
            out.add(p)
    return out


def main():
    args = sys.argv[1:]
    js = None
    if '--h5wasm' in args:
        k = args.index('--h5wasm')
        js = args[k + 1]
        del args[k:k + 2]
    mmapcol, work = args[0], args[1]
    files = args[2:]
    os.makedirs(work, exist_ok=True)
    refused = copied = 0
    for src in files:
        base = os.path.basename(src)
        try:
            ref = view(src)
        except Exception as ex:  # noqa: BLE001 (h5py cannot read it: not a repack case)
            print('skip %s: h5py: %s' % (base, str(ex)[:120]))
            continue
        why = refusable(src)
        src_pt = pytables_reads(src)        # PyTables hangs or crashes on some files h5py writes
        for label, extra in (('contiguous', []), ('chunked', ['--compress', 'deflate', '--shuffle', '--chunk-rows', '100'])):
            out = os.path.join(work, base + '.' + label + '.h5')
            if os.path.exists(out):
                os.unlink(out)
            r = subprocess.run([mmapcol, 'repack', src, out] + extra, capture_output=True, text=True, timeout=600)
            what = '%s (%s)' % (base, label)
            if r.returncode == 3 and why:
                refused += 1
                check(not os.path.exists(out), '%s: refused but %s exists' % (what, out))
                check(len(r.stderr.strip().split('\n')) == 1, '%s: one stderr line: %r' % (what, r.stderr))
                continue
            if not check(r.returncode == 0, '%s: exit %d: %s (file: %s)' % (what, r.returncode, r.stderr.strip(), '; '.join(why) or 'nothing to refuse')):
                continue
            copied += 1
            try:
                got = view(out)
            except Exception as ex:  # noqa: BLE001
                check(False, '%s: h5py cannot read the output: %s' % (what, ex))
                continue
            for p in sorted(set(ref) | set(got)):
                a, b = ref.get(p), got.get(p)
                if not check(json.dumps(a, default=str) == json.dumps(b, default=str), '%s %s' % (what, p)):
                    print('     in : %s' % json.dumps(a, default=str)[:300])
                    print('     out: %s' % json.dumps(b, default=str)[:300])
            for b in storage(out, label == 'chunked'):
                check(False, '%s: %s' % (what, b))
            d = subprocess.run(['h5dump', '-H', out], capture_output=True)
            check(d.returncode == 0, '%s: h5dump -H exit %d: %s' % (what, d.returncode, d.stderr[-200:]))
            if src_pt is None:
                e = pytables_reads(out)
                check(e is None, '%s: PyTables: %s' % (what, e))
            # h5wasm_read.mjs descends into every group it meets: a group holding a hard link to an
            # ancestor would never end (links.h5 has one)
            cycle = any(d[0] == 'same-as' and (p + '/').startswith(d[1].rstrip('/') + '/') and ref.get(d[1], ['?'])[0] == 'group'
                        for p, d in ref.items())
            if js and not cycle and label == 'contiguous':   # (libhdf5 reads chunked output in every other check)
                a, b = h5wasm_view(js, src), h5wasm_view(js, out)
                if 'exit' in a:
                    continue                # libhdf5 2.0 cannot read the input: nothing to compare
                if not check('exit' not in b, '%s: h5wasm: %s' % (what, b)):
                    continue
                check(a['ngroups'] == b['ngroups'] and a['nattrs'] <= b['nattrs'],
                      '%s: h5wasm groups %d/%d, attributes %d/%d' % (what, a['ngroups'], b['ngroups'], a['nattrs'], b['nattrs']))
                fixed = fixed_size_paths(ref) & builtin_filtered(src)
                for p, da in a['datasets'].items():
                    db = b['datasets'].get(p)
                    if 'error' in da or p not in fixed:
                        continue
                    check(db is not None and db.get('sha') == da.get('sha') and db.get('shape') == da.get('shape'),
                          '%s: h5wasm %s: %s vs %s' % (what, p, da, db))
    print('repacked %d, refused %d (each with a reason h5py confirms)' % (copied, refused))
    print('%d passed, %d failed' % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
