#!/usr/bin/python3
"""MPI ranks writing one vaex table (issue 20): build/mpi_table and build/mpi_stats.

Usage: /usr/bin/python3 tests/check_mpi.py --mpi-table build/mpi_table
           --mpi-stats build/mpi_stats --mmapcol ./mmapcol --dir DIR [--np 4]

Checks:
  1. `mpirun -np N mpi_table OUT ROWS [--compress ...] [--chunk-rows C]` for
     several N and ROWS (1 row per rank,
     rows that cross the string offsets' digit boundaries, 4 x 250,000): exit
     0, no temporary file left, and the file read the way vaex reads it
     (attrs type == 'table', column_order, each column's data / indices found
     through h5py and mapped with numpy.frombuffer at its offset, as
     vaex/hdf5/dataset.py does; chunked datasets read through h5py, as vaex
     does): id == row, x == row * 0.5, s == 'r<row>'; chunked: every chunk
     there (h5py's count), deflate / lzf as asked, chunk rows that do not
     divide the ranks' rows (chunks made of several ranks' rows).
  2. `mpirun -np N mpi_stats FILE` prints exactly what `mmapcol stats FILE`
     prints: on those files, on a table with every column kind it computes
     (nulls through mask and null_bitmap, NaNs, float32, bools, unsigned,
     strings with nulls) for several N, and on the vaex corpus files.
  3. A rank that dies halfway (MPI_TABLE_DIE_RANK): mpirun fails, nothing at
     OUT (an older file there stays as it was); the next run of the same OUT
     succeeds and removes the temporary file the dead job left.
  4. A directory that is not shared between the ranks (MPI_TABLE_UNSHARED:
     ranks other than 0 write into files of their own): exit 1 with the
     message saying so, nothing at OUT.
"""
import argparse
import glob
import mmap
import os
import subprocess
import sys
import time

import h5py
import numpy as np

FAILS = []
CHECKS = [0]


def ok(cond, msg):
    CHECKS[0] += 1
    if not cond:
        FAILS.append(msg)
        print('FAIL: ' + msg)


def mpirun(n, args, env=None):
    cmd = ['mpirun', '--oversubscribe', '-np', str(n)] + args
    if os.geteuid() == 0:
        cmd.insert(1, '--allow-run-as-root')
    e = dict(os.environ)
    e.update(env or {})
    e.setdefault('OMPI_MCA_btl_vader_single_copy_mechanism', 'none')  # containers without CMA
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, timeout=600)


def vaex_read(path):
    """The columns as vaex reads them: through h5py for the structure, then
    numpy.frombuffer over a memory map at each dataset's offset."""
    out = {}
    with h5py.File(path, 'r') as f, open(path, 'rb') as fh:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        g = f['table']
        ok(g.attrs.get('type') == 'table', '%s: /table type attribute %r' % (path, g.attrs.get('type')))
        cols = g['columns']
        order = cols.attrs.get('column_order')
        ok(order == 'id,x,s', '%s: column_order %r' % (path, order))

        def mapped(ds):
            off = ds.id.get_offset()
            n = int(np.prod(ds.shape))
            if ds.chunks is not None:      # vaex reads what it cannot map through h5py
                return ds[()]
            if off is None:
                return np.zeros(0, ds.dtype)
            return np.frombuffer(mm, dtype=ds.dtype, count=n, offset=off)
        for name in ('id', 'x'):
            out[name] = mapped(cols[name]['data']).copy()
        s = cols['s']
        ok(s['data'].attrs.get('dtype') == 'str', '%s: s/data dtype attribute %r' % (path, s['data'].attrs.get('dtype')))
        idx = mapped(s['indices']).copy()
        data = bytes(mapped(s['data']))
        out['s'] = (idx, data)
        mm.close()
    return out


def check_table(path, rows):
    v = vaex_read(path)
    want = np.arange(rows, dtype=np.int64)
    ok(v['id'].dtype == np.dtype('<i8') and np.array_equal(v['id'], want), '%s: id is the row number' % path)
    ok(v['x'].dtype == np.dtype('<f8') and np.array_equal(v['x'], want * 0.5), '%s: x is row * 0.5' % path)
    idx, data = v['s']
    ok(len(idx) == rows + 1 and idx[0] == 0 and idx[-1] == len(data), '%s: string offsets frame the bytes' % path)
    if len(idx) == rows + 1:
        strs = [data[idx[i]:idx[i + 1]] for i in range(rows)] if rows <= 300000 else None
        if strs is not None:
            ok(strs == [b'r%d' % i for i in range(rows)], '%s: s is "r<row>"' % path)
        expect = b''.join(b'r%d' % i for i in range(rows))
        ok(data == expect, '%s: the string bytes' % path)


def leftovers(out):
    return [p for p in glob.glob(out + '.tmp*')]


def stats_same(a, path, np_):
    r1 = mpirun(np_, [a.mpi_stats, path])
    r2 = subprocess.run([a.mmapcol, 'stats', path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ok(r1.returncode == r2.returncode == 0 and r1.stdout == r2.stdout,
       'mpi_stats -np %d %s prints what mmapcol stats prints (rc %d/%d)\n%s\n---\n%s%s' %
       (np_, os.path.basename(path), r1.returncode, r2.returncode, r1.stdout.decode()[:800], r2.stdout.decode()[:800],
        r1.stderr.decode()[-400:]))


def make_kinds_table(path, rng):
    """A vaex table with every kind mpi_stats computes (written with h5py as vaex's writer lays it out)."""
    n = 100_003
    with h5py.File(path, 'w') as f:
        t = f.create_group('table')
        t.attrs['type'] = 'table'
        c = t.create_group('columns')
        names = []

        def col(name, data, mask=None, bitmap=None):
            g = c.create_group(name)
            g.create_dataset('data', data=data)
            if mask is not None:
                g.create_dataset('mask', data=mask)
            if bitmap is not None:
                g.create_dataset('null_bitmap', data=bitmap)
            names.append(name)
        f8 = rng.normal(1e3, 250.0, n)
        f8[rng.integers(0, n, 50)] = np.nan
        col('f8', f8)
        col('f8_small', rng.random(n) * 1e-7)
        col('f4', rng.normal(0, 1, n).astype(np.float32))
        col('i4_mask', rng.integers(-10**9, 10**9, n).astype(np.int32), mask=rng.random(n) < 0.1)
        col('u2', rng.integers(0, 65535, n).astype(np.uint16))
        col('i1', rng.integers(-128, 127, n).astype(np.int8))
        col('u8', rng.integers(0, 2**63, n, dtype=np.uint64))
        col('b', rng.random(n) < 0.3)
        valid = rng.random(n) < 0.8
        col('f8_bitmap', rng.normal(0, 1e6, n), bitmap=np.packbits(valid, bitorder='little'))
        words = [b'', b'a', b'bc', b'\xc3\xa9t\xc3\xa9', b'longer string %d']
        strs = [words[i % 5] % i if b'%' in words[i % 5] else words[i % 5] for i in range(n)]
        offs = np.zeros(n + 1, np.int64)
        offs[1:] = np.cumsum([len(s) for s in strs])
        g = c.create_group('s')
        d = g.create_dataset('data', data=np.frombuffer(b''.join(strs), 'S1'))
        d.attrs['dtype'] = 'str'
        g.create_dataset('indices', data=offs.astype(np.int32))
        sv = rng.random(n) < 0.9
        g.create_dataset('null_bitmap', data=np.packbits(sv, bitorder='little'))
        names.append('s')
        c.attrs['column_order'] = ','.join(names)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mpi-table', required=True)
    ap.add_argument('--mpi-stats', required=True)
    ap.add_argument('--mmapcol', required=True)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--np', type=int, default=4)
    a = ap.parse_args()
    a.mpi_table, a.mpi_stats, a.mmapcol = map(os.path.abspath, (a.mpi_table, a.mpi_stats, a.mmapcol))
    os.makedirs(a.dir, exist_ok=True)
    N = a.np
    # 1. the writer, several shapes
    for np_, rpr in ((N, 250_000), (N, 1), (3, 37), (1, 1000), (2, 100_001)):
        out = os.path.join(a.dir, 't_%d_%d.hdf5' % (np_, rpr))
        r = mpirun(np_, [a.mpi_table, out, str(rpr)])
        ok(r.returncode == 0 and os.path.exists(out), 'mpi_table -np %d %d: exit %d: %s' % (np_, rpr, r.returncode, r.stderr.decode()[-400:]))
        ok(not leftovers(out), 'mpi_table -np %d %d: no temporary file left: %r' % (np_, rpr, leftovers(out)))
        if os.path.exists(out):
            check_table(out, np_ * rpr)
            stats_same(a, out, N)
            c = subprocess.run([a.mmapcol, 'check', out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            ok(c.returncode == 0, 'mmapcol check %s: %s' % (out, c.stdout.decode()[-300:]))
    # 1b. chunked and compressed: every rank filters its own chunks
    for np_, rpr, opts, comp in ((N, 250_000, ['--compress', 'deflate'], 'gzip'),
                                 (3, 37, ['--compress', 'lzf', '--chunk-rows', '10', '--shuffle'], 'lzf'),
                                 (2, 100_001, ['--compress', 'deflate:1', '--chunk-rows', '33333'], 'gzip'),
                                 (N, 1, ['--chunk-rows', '3'], None),
                                 (1, 1000, ['--compress', 'deflate', '--chunk-rows', '64'], 'gzip')):
        out = os.path.join(a.dir, 'c_%d_%d_%s.hdf5' % (np_, rpr, opts[1].replace(':', '')))
        r = mpirun(np_, [a.mpi_table, out, str(rpr)] + opts)
        tag = 'mpi_table -np %d %d %s' % (np_, rpr, ' '.join(opts))
        ok(r.returncode == 0 and os.path.exists(out), '%s: exit %d: %s' % (tag, r.returncode, r.stderr.decode()[-400:]))
        ok(not leftovers(out), '%s: no temporary file left' % tag)
        if os.path.exists(out):
            with h5py.File(out, 'r') as f:
                for name in ('id/data', 'x/data', 's/data', 's/indices'):
                    ds = f['table/columns/' + name]
                    ok(ds.chunks is not None and ds.compression == comp, '%s: %s chunked, compression %r (want %r)' % (tag, name, ds.compression, comp))
                    nch = ds.id.get_num_chunks()
                    want = -(-ds.shape[0] // ds.chunks[0])
                    ok(nch == want, '%s: %s has %d chunks, %d expected' % (tag, name, nch, want))
            check_table(out, np_ * rpr)
            stats_same(a, out, N)
            c = subprocess.run([a.mmapcol, 'check', out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            ok(c.returncode == 0, 'mmapcol check %s: %s' % (out, c.stdout.decode()[-300:]))
    # 2. mpi_stats on every kind, with several rank counts, and on vaex's own files
    kinds = os.path.join(a.dir, 'kinds.hdf5')
    make_kinds_table(kinds, np.random.default_rng(20))
    for np_ in (1, 2, 3, N):
        stats_same(a, kinds, np_)
    corpus = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'corpus', 'vaex', '*.hdf5')))
    ok(len(corpus) >= 4, 'the vaex corpus (../shared/corpus/vaex) has files: %d' % len(corpus))
    for p in corpus:
        stats_same(a, p, N)
    # 3. a rank dies halfway: nothing at OUT; an older file stays; the next run cleans up
    out = os.path.join(a.dir, 'die.hdf5')
    with open(out, 'wb') as fh:
        fh.write(b'older contents')
    r = mpirun(N, [a.mpi_table, out, '300000'], env={'MPI_TABLE_DIE_RANK': str(N - 2)})
    ok(r.returncode != 0, 'a rank dying makes the job fail (rc %d)' % r.returncode)
    ok(open(out, 'rb').read() == b'older contents', 'a rank dying leaves the older file at OUT as it was')
    left = leftovers(out)
    ok(len(left) == 1, 'the dead job left its temporary file: %r' % left)
    time.sleep(3)   # a writer removes others' temporaries unlocked and unwritten for 2 s
    r = mpirun(N, [a.mpi_table, out, '1000'])
    ok(r.returncode == 0, 'the next run after a dead job succeeds: %s' % r.stderr.decode()[-300:])
    ok(not leftovers(out), 'the next run removed what the dead job left (%r before, %r after)' % (left, leftovers(out)))
    if r.returncode == 0:
        check_table(out, N * 1000)
    # 3b. the same in the chunked path (a rank aborts while building its chunks)
    out = os.path.join(a.dir, 'die_c.hdf5')
    r = mpirun(N, [a.mpi_table, out, '300000', '--compress', 'deflate'], env={'MPI_TABLE_DIE_RANK': '1'})
    ok(r.returncode != 0 and not os.path.exists(out), 'chunked: a rank dying: rc %d, nothing at OUT' % r.returncode)
    time.sleep(3)
    r = mpirun(N, [a.mpi_table, out, '1000', '--compress', 'deflate'])
    ok(r.returncode == 0 and not leftovers(out), 'chunked: the next run succeeds and cleans up: %s' % r.stderr.decode()[-300:])
    # 4. a directory the ranks do not share
    out = os.path.join(a.dir, 'unshared.hdf5')
    r = mpirun(N, [a.mpi_table, out, '5000'], env={'MPI_TABLE_UNSHARED': '1'})
    err = r.stderr.decode()
    ok(r.returncode != 0 and 'not shared' in err and not os.path.exists(out),
       'unshared directory: exit %d, nothing at OUT, message: %s' % (r.returncode, err.strip()[-300:]))
    for p in glob.glob(out + '*.rank*'):   # the ranks' private files (the test hook's)
        os.unlink(p)
    ok(not leftovers(out), 'unshared directory: the temporary file removed: %r' % leftovers(out))
    print('check_mpi: %d checks, %d failed' % (CHECKS[0], len(FAILS)))
    return 1 if FAILS else 0


if __name__ == '__main__':
    sys.exit(main())
