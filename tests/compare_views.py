#!/usr/bin/python3
"""Compare `mmapcol` against the h5py reference views (tests/h5py_view.py).

Usage:
  /usr/bin/python3 tests/compare_views.py --mmapcol PATH [--timeout S] [--all-paths] [-v] FILE...

PATH may be a command with arguments (split with shlex), e.g.
  --mmapcol "/usr/bin/python3 tests/h5py_view.py"   (self-test: must give 0 failed)

Per FILE:
  ls     : `PATH ls FILE` must equal the h5py listing line for line.
  cat    : every dataset: `PATH cat FILE DSET` parsed as JSON and compared
           semantically (ints exact, floats bit-exact at the dataset's float
           width, strings exact, same structure); also `--rows 1:3` when the
           first dimension has >= 3 rows.  Where h5py_view refuses (chunked,
           virtual, external storage) mmapcol must exit 3.
  attrs  : every group/dataset/named datatype (and /): `PATH attrs FILE OBJ`.
  table  : when h5py_view finds a vaex table (default rules), `PATH table FILE`
           must match exactly; every other group with attribute type="table"
           is compared with `--group G`.
Objects reachable through several hard links are cat/attrs-checked once (at
their first path) unless --all-paths is given.  The h5py side runs in-process.
Prints failures, then `N passed, M failed`; exit status 1 if anything failed.
"""
import argparse
import difflib
import json
import math
import os
import shlex
import subprocess
import sys

import numpy as np
import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5py_view as V  # noqa: E402


class Result:
    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.verbose = verbose

    def ok(self, what):
        self.passed += 1
        if self.verbose:
            print('ok   %s' % what)

    def fail(self, what, detail=''):
        self.failed += 1
        print('FAIL %s' % what)
        if detail:
            for line in detail.rstrip('\n').split('\n')[:40]:
                print('     ' + line)


def run(cmd, args, timeout):
    """-> (rc, stdout bytes, stderr bytes); rc None on timeout."""
    try:
        p = subprocess.run(cmd + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b'', b'timeout'


def rc_text(rc, err):
    if rc is None:
        return 'TIMEOUT'
    if rc < 0:
        return 'killed by signal %d (crash)' % -rc
    return 'exit %d: %s' % (rc, err.decode('utf-8', 'replace').strip()[:300])


# ------------------------------------------------------------------ semantic JSON comparison

def parse_json(b):
    return json.loads(b.decode('utf-8'))     # accepts NaN / Infinity / -Infinity


def leaf_kind(dt):
    """Classify a numpy dtype: ('float', width) / ('int',) / ('bool',) / ('str',)
    / ('compound', dt) / ('vlen', base) / ('opaque',) / (None,)."""
    if dt is None:
        return (None,)
    if dt.subdtype is not None:
        return leaf_kind(dt.subdtype[0])
    if dt.names is not None:
        return ('compound', dt)
    if dt.kind == 'O':
        if h5py.check_string_dtype(dt) is not None:
            return ('str',)
        base = h5py.check_vlen_dtype(dt)
        if base is not None:
            return ('vlen', base)
        return (None,)
    if dt.kind == 'f':
        return ('float', dt.itemsize)
    if dt.kind in 'iu':
        return ('int',)
    if dt.kind == 'b':
        return ('bool',)
    if dt.kind == 'S':
        return ('str',)
    if dt.kind == 'V':
        return ('opaque',)
    return (None,)


FLOAT_BITS = {2: (np.float16, np.uint16), 4: (np.float32, np.uint32), 8: (np.float64, np.uint64)}


def float_bits(x, width):
    ft, ut = FLOAT_BITS[width]
    with np.errstate(all='ignore'):
        v = np.array([x], dtype=np.float64).astype(ft)
    if np.isnan(v[0]):
        return 'nan'      # JSON cannot carry NaN payload/sign
    return int(v.view(ut)[0])


def jtype(x):
    if isinstance(x, bool):
        return 'bool'
    if isinstance(x, int):
        return 'int'
    if isinstance(x, float):
        return 'float'
    if isinstance(x, str):
        return 'str'
    if isinstance(x, list):
        return 'list'
    if isinstance(x, dict):
        return 'object'
    if x is None:
        return 'null'
    return type(x).__name__


def diff_value(ref, got, dt, where='$'):
    """Return None if equal, else a description of the first difference."""
    kind = leaf_kind(dt)
    if isinstance(ref, list):
        if not isinstance(got, list):
            return '%s: expected array, got %s' % (where, jtype(got))
        if len(ref) != len(got):
            return '%s: expected %d elements, got %d' % (where, len(ref), len(got))
        sub = dt
        if kind[0] == 'vlen' and (not ref or not isinstance(ref[0], list)):
            sub = kind[1]
        for i, (a, b) in enumerate(zip(ref, got)):
            d = diff_value(a, b, sub, '%s[%d]' % (where, i))
            if d:
                return d
        return None
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            return '%s: expected object, got %s' % (where, jtype(got))
        if list(ref.keys()) != list(got.keys()):
            if dt is None and set(ref.keys()) == set(got.keys()):
                pass    # attribute objects: key order is not significant
            else:
                return '%s: keys differ: expected %r, got %r' % (where, list(ref.keys()), list(got.keys()))
        for k in ref:
            sub = dt.fields[k][0] if (kind[0] == 'compound' and k in dt.fields) else None
            d = diff_value(ref[k], got[k], sub, '%s.%s' % (where, k))
            if d:
                return d
        return None
    if ref is None:
        return None if got is None else '%s: expected null, got %r' % (where, got)
    if isinstance(ref, bool):
        if isinstance(got, bool) and got == ref:
            return None
        return '%s: expected %s, got %r' % (where, json.dumps(ref), got)
    if isinstance(ref, int):
        if isinstance(got, int) and not isinstance(got, bool) and got == ref:
            return None
        return '%s: expected %d, got %r' % (where, ref, got)
    if isinstance(ref, float):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return '%s: expected float %r, got %s %r' % (where, ref, jtype(got), got)
        if kind[0] == 'vlen':
            kind = leaf_kind(kind[1])
        width = kind[1] if kind[0] == 'float' else 8
        try:
            g = float(got)
        except OverflowError:
            return '%s: expected %r, got out-of-range %r' % (where, ref, got)
        if float_bits(ref, width) == float_bits(g, width):
            return None
        return '%s: expected %r, got %r (float%d)' % (where, ref, got, width * 8)
    if isinstance(ref, str):
        if isinstance(got, str) and got == ref:
            return None
        return '%s: expected %r, got %r' % (where, ref, got)
    return '%s: unexpected reference value %r' % (where, ref)


# ------------------------------------------------------------------ per-file checks

def check_file(fn, cmd, timeout, res, all_paths):
    name = os.path.basename(fn)
    # ---- ls
    try:
        with V.open_file(fn) as f:
            entries = V.ls_entries(f)
    except Exception as e:
        res.fail('%s: h5py cannot list the file: %r' % (name, e))
        return
    ref_lines = ['\t'.join([e['path'], e['kind'], e['dtype'], e['shape'], e['layout'], e['offset']])
                 for e in entries]
    rc, out, err = run(cmd, ['ls', fn], timeout)
    if rc != 0:
        res.fail('%s: ls' % name, rc_text(rc, err))
    else:
        got_lines = out.decode('utf-8', 'surrogateescape').split('\n')
        if got_lines and got_lines[-1] == '':
            got_lines.pop()
        if got_lines == ref_lines:
            res.ok('%s: ls' % name)
        else:
            diff = '\n'.join(difflib.unified_diff(ref_lines, got_lines, 'h5py', 'mmapcol', lineterm='', n=1))
            res.fail('%s: ls differs' % name, diff)

    seen = set()
    for e in entries:
        if e['kind'] not in ('group', 'dataset', 'datatype'):
            continue
        if not all_paths:
            if e['addr'] in seen:
                continue
            seen.add(e['addr'])
        path = e['path']
        if e['kind'] == 'dataset':
            check_cat(fn, name, path, None, cmd, timeout, res)
            shape = eval(e['shape']) if e['shape'] not in ('None', '-') else None
            if shape and shape[0] >= 3:
                check_cat(fn, name, path, '1:3', cmd, timeout, res)
        check_attrs(fn, name, path, cmd, timeout, res)

    # ---- table
    try:
        ref_table = V.table_lines(fn)
    except Exception as e:
        res.fail('%s: h5py_view table failed: %r' % (name, e))
        ref_table = None
    if ref_table is not None:
        check_table(fn, name, None, ref_table, cmd, timeout, res)
    else:
        rc, out, err = run(cmd, ['table', fn], timeout)
        if rc in (1, 2) and out == b'':
            res.ok('%s: table refused (no table)' % name)
        else:
            res.fail('%s: table' % name, 'h5py_view sees no table; mmapcol printed %d bytes, exit %d' % (len(out), rc))
    groups = [e['path'] for e in entries if e['kind'] == 'group' and e['path'] != '/']
    with V.open_file(fn) as f:
        table_groups = []
        for g in groups:
            try:
                t = f[g].attrs.get('type')
            except Exception:
                continue
            if t is not None and V.astr(t) == 'table' and g != '/table':
                table_groups.append(g)
    for g in table_groups:
        try:
            lines = V.table_lines(fn, g)
        except Exception as e:
            res.fail('%s: h5py_view table --group %s failed: %r' % (name, g, e))
            continue
        if lines is not None:
            check_table(fn, name, g, lines, cmd, timeout, res)


def check_cat(fn, name, path, rows, cmd, timeout, res):
    what = '%s: cat %s%s' % (name, path, ' --rows ' + rows if rows else '')
    refused = False
    try:
        ref, dt = V.cat_value(fn, path, V.parse_rows(rows))
    except V.Refused:
        refused = True
    except Exception as e:
        res.fail(what, 'h5py cannot read it: %r' % e)
        return
    args = ['cat', fn, path] + (['--rows', rows] if rows else [])
    rc, out, err = run(cmd, args, timeout)
    if refused:
        if rc == 3:
            res.ok(what)
        else:
            res.fail(what, 'h5py_view refuses (exit 3) but mmapcol gave %s' % rc_text(rc, err))
        return
    if rc != 0:
        res.fail(what, rc_text(rc, err))
        return
    try:
        got = parse_json(out)
    except Exception as e:
        res.fail(what, 'output is not one JSON document: %s\n%s' % (e, out[:500].decode('utf-8', 'replace')))
        return
    d = diff_value(ref, got, dt)
    if d:
        res.fail(what, d)
    else:
        res.ok(what)


def check_attrs(fn, name, path, cmd, timeout, res):
    what = '%s: attrs %s' % (name, path)
    try:
        ref, dtypes = V.attrs_value(fn, path)
    except Exception as e:
        res.fail(what, 'h5py cannot read them: %r' % e)
        return
    rc, out, err = run(cmd, ['attrs', fn, path], timeout)
    if rc != 0:
        res.fail(what, rc_text(rc, err))
        return
    try:
        got = parse_json(out)
    except Exception as e:
        res.fail(what, 'output is not one JSON document: %s\n%s' % (e, out[:500].decode('utf-8', 'replace')))
        return
    if not isinstance(got, dict):
        res.fail(what, 'expected a JSON object, got %s' % jtype(got))
        return
    if set(ref) != set(got):
        res.fail(what, 'attribute names differ: missing %r, unexpected %r'
                 % (sorted(set(ref) - set(got)), sorted(set(got) - set(ref))))
        return
    for k in sorted(ref):
        d = diff_value(ref[k], got[k], dtypes[k], '$.%s' % k)
        if d:
            res.fail(what, d)
            return
    res.ok(what)


def check_table(fn, name, group, ref_lines, cmd, timeout, res):
    what = '%s: table%s' % (name, ' --group ' + group if group else '')
    args = ['table', fn] + (['--group', group] if group else [])
    rc, out, err = run(cmd, args, timeout)
    if rc != 0:
        res.fail(what, rc_text(rc, err))
        return
    got_lines = out.decode('utf-8', 'surrogateescape').split('\n')
    if got_lines and got_lines[-1] == '':
        got_lines.pop()
    if got_lines == ref_lines:
        res.ok(what)
    else:
        res.fail(what, '\n'.join(difflib.unified_diff(ref_lines, got_lines, 'h5py', 'mmapcol', lineterm='', n=1)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mmapcol', required=True, help='mmapcol binary (or command line)')
    ap.add_argument('--timeout', type=float, default=10.0, help='seconds per mmapcol call')
    ap.add_argument('--all-paths', action='store_true',
                    help='cat/attrs every path, not once per object')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    cmd = shlex.split(a.mmapcol)
    res = Result(a.verbose)
    for fn in a.files:
        check_file(fn, cmd, a.timeout, res, a.all_paths)
    print('%d passed, %d failed' % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == '__main__':
    sys.exit(main())
