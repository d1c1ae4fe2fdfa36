#!/usr/bin/python3
"""mmapcol over jHDF's test files (tests/jhdf/, see tests/jhdf/README.md),
against h5py.

Usage:
  make mmapcol build/mmapcol_asan
  /usr/bin/python3 tests/check_jhdf.py --mmapcol ./mmapcol [--asan build/mmapcol_asan] [-v] [FILE...]

Steps, per file (default: every tests/jhdf/*.hdf5 and *.hdf5bad):
  1. compare_views (ls; cat of every dataset, chunked ones included, whole and
     --rows 1:3; attrs of every object; table), plus `cat --rows 1:N-1` of
     every chunked dataset with N >= 4 rows (a range that starts and ends
     inside chunks).
  2. refusals: `mmapcol cat` of every dataset; every exit 3 must be listed in
     EXPECTED_REFUSALS with the filter named on stderr, and every dataset
     listed there must still exit 3 (a refusal that starts passing must be
     taken off the list, so the list stays honest).
  3. `mmapcol info` of every chunked dataset: exit 0, and chunks (allocated),
     stored_bytes, chunk_shape and the filter ids equal h5py's
     (get_num_chunks / get_chunk_info / the DCPL).
  4. with --asan: ls, check, table, attrs of every object, cat (whole and
     --rows 1:3) and info of every dataset under the ASan+UBSan build: no
     sanitizer report, no signal, the exit status and stdout of the plain
     build.
Failures that are the comparer's (h5py's) and not mmapcol's are listed in
COMPARER_LIMITS with what is checked instead; one that stops failing is
itself a failure.  Exit status 1 if anything unexpected happened.
"""
import argparse
import fnmatch
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

# h5py reads LZ4 and Blosc through Debian's plugins (hdf5-filter-plugin*)
os.environ.setdefault('HDF5_PLUGIN_PATH', '/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins')
import h5py  # noqa: E402
from h5py import h5o

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_views as C  # noqa: E402
import h5py_view as V  # noqa: E402

# ------------------------------------------------------------------ expected refusals
# (file, dataset glob) -> (number of datasets, text that must be on stderr, reason).
# mmapcol must exit 3 ("valid HDF5 outside the supported subset") for exactly these.
EXPECTED_REFUSALS = {
    # SZIP (filter 4, written with libaec): hdf5lite does not decode szip.
    # jHDF names the file .hdf5bad because jHDF has no szip either; h5py reads it.
    ('test_missing_filter.hdf5bad', '/float32'): (1, 'filter 4 (szip)', 'SZIP filter (4) not decoded'),
}

# ------------------------------------------------------------------ values h5py cannot give
# bitshuffle (filter 32008; comp0 = bitshuffle alone, comp2 = with its LZ4): h5py
# reads these through the bitshuffle library's plugin (Debian package bitshuffle,
# which CI installs). Without it, jHDF's generator (bitshuffle_datasets.py) tells
# the values: numpy.arange(20) in each dataset's type; mmapcol must print exactly
# that, whole and for --rows 1:19. A dataset here that h5py starts reading is a
# failure (take it off the list).
BSHUF_PLUGIN = os.path.join(os.environ['HDF5_PLUGIN_PATH'].split(':')[0], 'libh5bshuf.so')
KNOWN_VALUES = {} if os.path.exists(BSHUF_PLUGIN) else {
    ('bitshuffle_datasets.hdf5', '/*'): (40, list(range(20))),
}

# ------------------------------------------------------------------ comparer limitations
# h5py_view.to_py cannot convert h5py.Reference values, so compare_views' attrs
# check fails on these objects.  Instead, check_ref_attrs() compares them with
# object references as mmapcol prints them (README: "values as bytes"): the
# stored 8-byte object address in hex, checked against h5py's dereferenced
# object's address (h5o.get_info(...).addr).
COMPARER_LIMITS = {
    ('test_attribute_earliest.hdf5', 'attrs /hard_link_data'): 'object-reference attributes',
    ('test_attribute_earliest.hdf5', 'attrs /test_group'): 'object-reference attributes',
    ('test_attribute_latest.hdf5', 'attrs /hard_link_data'): 'object-reference attributes',
    ('test_attribute_latest.hdf5', 'attrs /test_group'): 'object-reference attributes',
}

# The superblock's file-consistency flags are set (jHDF's writer left the file
# "open for write", flags=0x01): libhdf5 1.10 refuses to open it, mmapcol reads
# it.  h5py reads a copy with the flags cleared (and the superblock checksum
# recomputed); mmapcol's output on the original must equal its output on the copy.
FLAGGED_SUPERBLOCK = {'test_byteshuffle_compressed_datasets_latest.hdf5'}

# check_chunk_info.py also compares logical_bytes with numpy's itemsize, which
# differs from the file type's size when a compound holds a vlen member
# (16 bytes in the file, 8 in numpy): not compared here.


# ------------------------------------------------------------------ helpers

M32 = 0xffffffff


def _rot(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def lookup3(data):
    """Bob Jenkins' hashlittle, initval 0: HDF5's metadata checksum."""
    n = len(data)
    a = b = c = (0xdeadbeef + n) & M32
    i = 0

    def w(j):
        return int.from_bytes(data[j:j + 4].ljust(4, b'\0'), 'little')
    while n > 12:
        a = (a + w(i)) & M32
        b = (b + w(i + 4)) & M32
        c = (c + w(i + 8)) & M32
        a = (a - c) & M32; a ^= _rot(c, 4); c = (c + b) & M32
        b = (b - a) & M32; b ^= _rot(a, 6); a = (a + c) & M32
        c = (c - b) & M32; c ^= _rot(b, 8); b = (b + a) & M32
        a = (a - c) & M32; a ^= _rot(c, 16); c = (c + b) & M32
        b = (b - a) & M32; b ^= _rot(a, 19); a = (a + c) & M32
        c = (c - b) & M32; c ^= _rot(b, 4); b = (b + a) & M32
        n -= 12
        i += 12
    if n == 0:
        return c
    tail = data[i:i + n].ljust(12, b'\0')
    a = (a + int.from_bytes(tail[0:4], 'little')) & M32
    b = (b + int.from_bytes(tail[4:8], 'little')) & M32
    c = (c + int.from_bytes(tail[8:12], 'little')) & M32
    c ^= b; c = (c - _rot(b, 14)) & M32
    a ^= c; a = (a - _rot(c, 11)) & M32
    b ^= a; b = (b - _rot(a, 25)) & M32
    c ^= b; c = (c - _rot(b, 16)) & M32
    a ^= c; a = (a - _rot(c, 4)) & M32
    b ^= a; b = (b - _rot(a, 14)) & M32
    c ^= b; c = (c - _rot(b, 24)) & M32
    return c


def clear_superblock_flags(src, dst):
    """Copy src to dst with the v2/v3 superblock's status flags cleared (what
    `h5clear -s` does).  Superblock at offset 0 only (no user block)."""
    data = bytearray(open(src, 'rb').read())
    assert data[:8] == b'\x89HDF\r\n\x1a\n' and data[8] in (2, 3), 'not a v2/v3 superblock at 0'
    so = data[9]
    end = 12 + 4 * so               # base, extension, EOF, root object header
    data[11] = 0
    data[end:end + 4] = lookup3(bytes(data[:end])).to_bytes(4, 'little')
    open(dst, 'wb').write(bytes(data))


class Rec(C.Result):
    """compare_views' Result, recording failures instead of printing them."""
    def __init__(self):
        super().__init__(False)
        self.failures = []

    def fail(self, what, detail=''):
        self.failed += 1
        self.failures.append((what, detail))


def run(cmd, args, timeout=60, env=None):
    try:
        p = subprocess.run(cmd + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b'', b'timeout'


def ref_to_py(f, x):
    """Like h5py_view.to_py, with object references as mmapcol prints them."""
    import numpy as np
    if isinstance(x, h5py.Reference):
        if not x:
            return '00' * 8
        return h5o.get_info(f[x].id).addr.to_bytes(8, 'little').hex()
    if isinstance(x, np.ndarray) and x.dtype.kind == 'O' and h5py.check_ref_dtype(x.dtype):
        if x.ndim == 0:
            return ref_to_py(f, x[()])
        return [ref_to_py(f, e) for e in x]
    return V.to_py(x)


# ------------------------------------------------------------------ the checks

class Checker:
    def __init__(self, mmapcol, asan, verbose):
        self.cmd = shlex.split(mmapcol)
        self.asan = shlex.split(asan) if asan else None
        self.verbose = verbose
        self.problems = []
        self.counts = dict(checks=0, datasets=0, chunked=0, compared=0, refused={},
                           info=0, asan_calls=0, limits=0)
        self.refusal_hits = {k: [] for k in EXPECTED_REFUSALS}
        self.limit_hits = set()

    def bad(self, msg, detail=''):
        self.problems.append(msg)
        print('FAIL ' + msg)
        for line in detail.rstrip('\n').split('\n')[:30]:
            if line:
                print('     ' + line)

    def note(self, msg):
        if self.verbose:
            print('ok   ' + msg)

    # -- 1. compare_views
    def compare(self, name, ref_path, entries):
        rec = Rec()
        C.check_file(ref_path, self.cmd, 20, rec, False)
        for e in entries:
            if e['kind'] == 'dataset' and e['layout'] == 'chunked' and e['shape'] not in ('None', '-'):
                shape = eval(e['shape'])
                if shape and shape[0] >= 4:
                    C.check_cat(ref_path, name, e['path'], '1:%d' % (shape[0] - 1), self.cmd, 20, rec)
        self.counts['checks'] += rec.passed + rec.failed
        for what, detail in rec.failures:
            short = what.split(': ', 1)[1] if ': ' in what else what
            key = (name, short)
            kv = [k for k in KNOWN_VALUES if k[0] == name and short.startswith('cat ')
                  and fnmatch.fnmatchcase(short.split(' ')[1], k[1])]
            if kv and 'h5py cannot read' in detail:
                continue       # checked against the known values in known()
            if key in COMPARER_LIMITS and 'cannot convert value of type Reference' in detail:
                self.limit_hits.add(key)
                self.counts['limits'] += 1
                continue
            self.bad(what, detail)
        failed_cats = {w.split(': cat ', 1)[1].split(' --rows')[0] for w, _ in rec.failures if ': cat ' in w}
        for e in entries:
            if e['kind'] == 'dataset':
                self.counts['datasets'] += 1
                if e['layout'] == 'chunked':
                    self.counts['chunked'] += 1
        return failed_cats

    def check_ref_attrs(self, name, ref_path, run_path, objpath):
        with h5py.File(ref_path, 'r') as f:
            obj = f[objpath]
            ref, dts = {}, {}
            for k in obj.attrs.keys():
                ref[k] = ref_to_py(f, obj.attrs[k])
                dts[k] = obj.attrs.get_id(k).dtype
        rc, out, err = run(self.cmd, ['attrs', run_path, objpath])
        what = '%s: attrs %s (object references as addresses)' % (name, objpath)
        if rc != 0:
            return self.bad(what, C.rc_text(rc, err))
        got = C.parse_json(out)
        if set(got) != set(ref):
            return self.bad(what, 'names differ: %r vs %r' % (sorted(ref), sorted(got)))
        for k in sorted(ref):
            dt = None if h5py.check_ref_dtype(dts[k]) else dts[k]
            d = C.diff_value(ref[k], got[k], dt, '$.' + k)
            if d:
                return self.bad(what, d)
        self.counts['checks'] += 1
        self.note(what)

    # -- 1b. datasets h5py cannot read, against the values their writer wrote
    def known(self, name, run_path, entries):
        for k, (count, values) in KNOWN_VALUES.items():
            if k[0] != name:
                continue
            hits = [e['path'] for e in entries if e['kind'] == 'dataset' and fnmatch.fnmatchcase(e['path'], k[1])]
            if len(hits) != count:
                self.bad('KNOWN_VALUES %r: %d datasets, %d expected' % (k, len(hits), count))
            with h5py.File(run_path, 'r') as f:
                for p in hits:
                    try:
                        f[p][...]
                        self.bad('%s: %s is in KNOWN_VALUES but h5py reads it: take it off the list' % (name, p))
                    except OSError:
                        pass
            for p in hits:
                for rows, want in ((None, values), ('1:%d' % (len(values) - 1), values[1:-1])):
                    rc, out, err = run(self.cmd, ['cat', run_path, p] + (['--rows', rows] if rows else []))
                    got = C.parse_json(out) if rc == 0 else None
                    what = '%s: cat %s%s = the known values' % (name, p, ' --rows ' + rows if rows else '')
                    if rc != 0 or got != want:
                        self.bad(what, C.rc_text(rc, err) + ' got %r' % (got,))
                    else:
                        self.counts['checks'] += 1
                        self.counts['compared'] += rows is None
                        self.note(what)

    # -- 2. refusals
    def refusals(self, name, run_path, entries, failed_cats):
        for e in entries:
            if e['kind'] != 'dataset':
                continue
            rc, out, err = run(self.cmd, ['cat', run_path, e['path']])
            keys = [k for k in EXPECTED_REFUSALS if k[0] == name and fnmatch.fnmatchcase(e['path'], k[1])]
            if rc == 3:
                if not keys:
                    self.bad('%s: cat %s: unexpected refusal' % (name, e['path']), C.rc_text(rc, err))
                    continue
                k = keys[0]
                if EXPECTED_REFUSALS[k][1].encode() not in err:
                    self.bad('%s: cat %s: refused for another reason than %r' % (name, e['path'], EXPECTED_REFUSALS[k][1]),
                             C.rc_text(rc, err))
                    continue
                self.refusal_hits[k].append(e['path'])
                reason = EXPECTED_REFUSALS[k][2]
                self.counts['refused'][reason] = self.counts['refused'].get(reason, 0) + 1
            else:
                if keys:
                    self.bad('%s: cat %s: listed in EXPECTED_REFUSALS but %s: take it off the list'
                             % (name, e['path'], C.rc_text(rc, err)))
                elif rc == 0 and e['path'] not in failed_cats:
                    self.counts['compared'] += 1

    # -- 3. info
    def info(self, name, ref_path, run_path):
        with h5py.File(ref_path, 'r') as f:
            dsets = []
            f.visititems(lambda n, o: dsets.append('/' + n)
                         if isinstance(o, h5py.Dataset) and o.chunks is not None else None)
            for p in sorted(set(dsets)):
                ds = f[p]
                what = '%s: info %s' % (name, p)
                rc, out, err = run(self.cmd, ['info', run_path, p])
                if rc != 0:
                    self.bad(what, C.rc_text(rc, err))
                    continue
                info, filters = {}, []
                for line in out.decode().splitlines():
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
                if info.get('chunks') != str(n):
                    wrong.append('chunks %s, h5py get_num_chunks %d' % (info.get('chunks'), n))
                if info.get('stored_bytes') != str(stored):
                    wrong.append('stored_bytes %s, h5py %d' % (info.get('stored_bytes'), stored))
                if info.get('chunk_shape') != want_shape:
                    wrong.append('chunk_shape %s, h5py %s' % (info.get('chunk_shape'), want_shape))
                if filters != want_filters:
                    wrong.append('filters %s, h5py %s' % (filters, want_filters))
                if wrong:
                    self.bad(what, '; '.join(wrong))
                else:
                    self.counts['info'] += 1
                    self.note(what)

    # -- 4. sanitizers
    def sanitized(self, name, run_path, entries):
        env = dict(os.environ)
        env['ASAN_OPTIONS'] = 'detect_leaks=1:abort_on_error=1'
        env['UBSAN_OPTIONS'] = 'halt_on_error=1:print_stacktrace=1'
        calls = [['ls', run_path], ['check', run_path], ['table', run_path]]
        for e in entries:
            if e['kind'] in ('group', 'dataset', 'datatype'):
                calls.append(['attrs', run_path, e['path']])
            if e['kind'] == 'dataset':
                calls.append(['cat', run_path, e['path']])
                calls.append(['cat', run_path, e['path'], '--rows', '1:3'])
                calls.append(['info', run_path, e['path']])
        for args in calls:
            what = '%s: asan %s' % (name, ' '.join(a if a != run_path else name for a in args))
            rc, out, err = run(self.asan, args, 120, env)
            self.counts['asan_calls'] += 1
            if rc is None or rc < 0 or b'Sanitizer' in err or b'runtime error' in err:
                self.bad(what, C.rc_text(rc, err) + '\n' + err.decode('utf-8', 'replace')[-3000:])
                continue
            rc2, out2, _ = run(self.cmd, args)
            if (rc, out) != (rc2, out2):
                self.bad(what, 'sanitized build differs from the plain one: exit %s vs %s' % (rc, rc2))

    def file(self, path, tmp):
        name = os.path.basename(path)
        ref_path = path
        if name in FLAGGED_SUPERBLOCK:
            try:
                h5py.File(path, 'r').close()
                self.bad('%s: listed in FLAGGED_SUPERBLOCK but h5py opens it: take it off the list' % name)
            except OSError:
                pass
            ref_path = os.path.join(tmp, name)
            clear_superblock_flags(path, ref_path)
        with h5py.File(ref_path, 'r') as f:
            entries = V.ls_entries(f)
        failed_cats = self.compare(name, ref_path, entries)
        if name in FLAGGED_SUPERBLOCK:
            for e in entries:
                args = [['ls'], ['attrs', e['path']]] + ([['cat', e['path']]] if e['kind'] == 'dataset' else [])
                for a in args:
                    r1 = run(self.cmd, a[:1] + [path] + a[1:])
                    r2 = run(self.cmd, a[:1] + [ref_path] + a[1:])
                    if r1[:2] != r2[:2]:
                        self.bad('%s: %s differs between the flagged original and the cleared copy' % (name, ' '.join(a)))
        for key in COMPARER_LIMITS:
            if key[0] == name:
                self.check_ref_attrs(name, ref_path, path, key[1].split(' ', 1)[1])
        self.known(name, path, entries)
        self.refusals(name, path, entries, failed_cats)
        self.info(name, ref_path, path)
        if self.asan:
            self.sanitized(name, path, entries)

    def finish(self, names):
        for k, hits in self.refusal_hits.items():
            if k[0] in names and len(hits) != EXPECTED_REFUSALS[k][0]:
                self.bad('EXPECTED_REFUSALS %r: %d datasets refused, %d expected'
                         % (k, len(hits), EXPECTED_REFUSALS[k][0]))
        for k in COMPARER_LIMITS:
            if k[0] in names and k not in self.limit_hits:
                self.bad('COMPARER_LIMITS %r no longer fails in compare_views: take it off the list' % (k,))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mmapcol', required=True)
    ap.add_argument('--asan', help='the ASan+UBSan build of mmapcol (make build/mmapcol_asan)')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('files', nargs='*')
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(HERE, 'jhdf', '*.hdf5')) +
                              glob.glob(os.path.join(HERE, 'jhdf', '*.hdf5bad')))
    if not files:
        print('check_jhdf: no files')
        return 1
    ch = Checker(a.mmapcol, a.asan, a.verbose)
    tmp = tempfile.mkdtemp(prefix='check_jhdf.')
    try:
        for path in files:
            ch.file(path, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ch.finish({os.path.basename(p) for p in files})
    c = ch.counts
    refused = ', '.join('%d %s' % (v, k) for k, v in sorted(c['refused'].items()))
    print('check_jhdf: %d files, %d datasets (%d chunked): %d read and equal to h5py, %d refused (%s); '
          '%d compare_views checks, %d comparer limits checked otherwise; %d chunked info; %d sanitized calls; '
          '%d problems'
          % (len(files), c['datasets'], c['chunked'], c['compared'], sum(c['refused'].values()), refused,
             c['checks'], c['limits'], c['info'], c['asan_calls'], len(ch.problems)))
    return 1 if ch.problems else 0


if __name__ == '__main__':
    sys.exit(main())
