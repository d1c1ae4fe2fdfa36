#!/usr/bin/python3
"""The codecs of issue 17 -- LZ4 (32004), bitshuffle (32008), Blosc (32001),
Zstandard (32015) -- and the filter hook, read by mmapcol / hdf5lite.

Usage:
  /usr/bin/python3 tests/check_extra_codecs.py --mmapcol ./mmapcol --dir DIR
        [--bzip2 build/bzip2_hook] [--minimal build/mmapcol_minimal] [-v]

Files made in DIR (nothing here is written by hdf5lite):
  hp_lz4.h5, hp_blosc.h5  h5py + hdf5plugin through Debian's plugins (libh5lz4,
                          libH5Zblosc): every Blosc codec x no/byte/bit shuffle,
                          element sizes 1..16, clevel 0 and 9, edge chunks, 2-D.
  pt_blosc.h5             PyTables: CArray / EArray / Table with every blosc:*
                          complib it offers, shuffle and bitshuffle.
  hp_bshuf.h5             h5py through the bitshuffle library's own plugin
                          (Debian package bitshuffle: libh5bshuf.so), blocks
                          default and 256 elements, LZ4 and none.
  zstd.h5, bshuf.h5       Debian has no HDF5 plugin for zstd: the chunks are
                          made here with the reference libraries (libzstd,
                          liblz4 through ctypes; bitshuffle's transposition in
                          numpy) and stored with h5py's write_direct_chunk under
                          the pipeline the plugins write.
  pt_bzip2.h5             PyTables bzip2 (307): decoded through a filter hook
                          (examples/bzip2_hook.c, libbz2).
Every compressed dataset F:/X/NAME has an uncompressed twin plain.h5:/F/NAME
with the same values.

Checks:
  1. files h5py reads (hp_*, pt_blosc): tests/compare_views.py -- ls, cat of
     every dataset (whole and a middle range), attrs -- mmapcol against h5py.
  2. every file: `mmapcol cat` of each compressed dataset prints exactly what
     `mmapcol cat` of its twin prints (values bit for bit: floats print with
     round-trip precision), and h5py's chunk count equals mmapcol info's.
  3. the hook: bzip2_hook's output bytes equal h5py's values; without the hook
     mmapcol exits 3 naming filter 307 (bzip2).
  4. --minimal (a build with -DH5L_NO_EXTRA_CODECS): exit 3 naming the filter
     and the build option for one dataset of each codec; deflate still read.
  5. broken chunks: a zstd / lz4 / blosc chunk with one byte changed or cut
     short gives exit 2 (corrupt) with one stderr line naming the chunk, or
     the twin's values; other values with exit 0 only where the codec has no
     checksum over the changed bytes (never for a checksummed zstd frame),
     and never a crash or a sanitizer report.
Exit status 1 if anything failed.
"""
import argparse
import ctypes
import ctypes.util
import os
import subprocess
import sys

# h5py reads LZ4 and Blosc through Debian's plugins (hdf5-filter-plugin*)
os.environ.setdefault('HDF5_PLUGIN_PATH', '/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins')
import h5py  # noqa: E402
import numpy as np

BSHUF_PLUGIN = os.path.join(os.environ['HDF5_PLUGIN_PATH'].split(':')[0], 'libh5bshuf.so')

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

FAILS = []
CHECKS = [0]
VERBOSE = [False]


def ok(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)
    elif VERBOSE[0]:
        print("ok:", what)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


# ------------------------------------------------------------------ data
def datasets(rng):
    """name -> (array, chunks): smooth floats, counters, text-like bytes, random."""
    n = 60_003
    t = np.arange(n)
    rec = np.zeros(9_000, [('a', '<f8'), ('b', '<i4'), ('c', '<u2'), ('d', 'S2')])
    rec['a'] = np.arange(9_000) * 0.5
    rec['b'] = np.arange(9_000) * -3
    rec['c'] = np.arange(9_000) % 700
    rec['d'] = [b'x%d' % (i % 10) for i in range(9_000)]
    return {
        'f8_smooth': (np.sin(t / 300.0) * 1000 + t * 1e-3, (7000,)),
        'i8_count': (np.cumsum(rng.integers(0, 5, n)).astype('<i8'), (8192,)),
        'i4_2d': (rng.integers(-1000, 1000, (300, 37)).astype('<i4'), (64, 16)),
        'u1_text': (np.frombuffer((b'1970-01-01,42,3.25,"some text, quoted",true\n' * 2400)[:40_000], 'u1').copy(), (16384,)),
        'f4_rand': (rng.standard_normal(20_001).astype('<f4'), (8000,)),
        'i2_small': (rng.integers(0, 300, 30_000).astype('<i2'), (10000,)),
        'rec16': (rec, (1000,)),
        'zeros': (np.zeros(131_072, '<f8'), (65536,)),
        'i8_be': (np.arange(20_000, dtype='>i8') * 7, (5000,)),
    }


PLAIN = {}


def twin(f, name, arr):
    """The uncompressed twin of f's dataset NAME: plain.h5:/STEM/NAME (apart,
    so that comparing f with h5py costs no more than its compressed data)."""
    stem = os.path.splitext(os.path.basename(f.filename))[0]
    if 'f' not in PLAIN:
        PLAIN['f'] = h5py.File(os.path.join(os.path.dirname(f.filename), 'plain.h5'), 'w')
    PLAIN['f'].require_group(stem).create_dataset(name, data=arr)


def make_hdf5plugin_files(d, data):
    import hdf5plugin
    with h5py.File(os.path.join(d, 'hp_lz4.h5'), 'w') as f:
        g = f.create_group('lz4')
        for name, (arr, ch) in data.items():
            for nb in (0, 1024):
                dn = '%s_nb%d' % (name, nb)
                g.create_dataset(dn, data=arr, chunks=ch, **hdf5plugin.LZ4(nbytes=nb))
                twin(f, dn, arr)
    with h5py.File(os.path.join(d, 'hp_blosc.h5'), 'w') as f:
        g = f.create_group('blosc')
        for cname in ('blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd'):
            for sh, shn in ((hdf5plugin.Blosc.NOSHUFFLE, 'no'), (hdf5plugin.Blosc.SHUFFLE, 'byte'),
                            (hdf5plugin.Blosc.BITSHUFFLE, 'bit')):
                for name in ('f8_smooth', 'i2_small', 'rec16'):
                    arr, ch = data[name]
                    dn = '%s_%s_%s' % (cname, shn, name)
                    g.create_dataset(dn, data=arr, chunks=ch, **hdf5plugin.Blosc(cname=cname, clevel=5, shuffle=sh))
                    twin(f, dn, arr)
        for cl in (0, 9):
            for name in ('f8_smooth', 'f4_rand', 'zeros'):
                arr, ch = data[name]
                dn = 'lz4_byte_%s_clevel%d' % (name, cl)
                g.create_dataset(dn, data=arr, chunks=ch, **hdf5plugin.Blosc(cname='lz4', clevel=cl, shuffle=1))
                twin(f, dn, arr)


def make_pytables_file(d, data):
    import tables
    path = os.path.join(d, 'pt_blosc.h5')
    with tables.open_file(path, 'w') as f:
        g = f.create_group('/', 'pt')
        for lib in tables.filters.blosc_compressor_list():
            for sh, shn in ((dict(shuffle=True), 'byte'), (dict(shuffle=False, bitshuffle=True), 'bit')):
                filt = tables.Filters(complevel=5, complib='blosc:' + lib, **sh)
                arr = data['f8_smooth'][0]
                f.create_carray(g, 'carray_%s_%s' % (lib, shn), obj=arr, filters=filt, chunkshape=(25000,))
                f.create_carray(g, 'i2_%s_%s' % (lib, shn), obj=data['i2_small'][0], filters=filt, chunkshape=(7000,))
        ea = f.create_earray(g, 'earray_zstd', atom=tables.Int64Atom(), shape=(0,),
                             filters=tables.Filters(complevel=5, complib='blosc:zstd', shuffle=True), chunkshape=(4000,))
        ea.append(data['i8_count'][0][:30_001])

        class Row(tables.IsDescription):
            x = tables.Float64Col(pos=0)
            n = tables.Int32Col(pos=1)
            s = tables.StringCol(6, pos=2)
        tb = f.create_table(g, 'table_lz4', Row, filters=tables.Filters(complevel=5, complib='blosc:lz4', shuffle=True),
                            chunkshape=(1000,))
        r = tb.row
        for i in range(3_456):
            r['x'] = i * 0.25
            r['n'] = i * 3 - 7
            r['s'] = b'r%d' % (i % 1000)
            r.append()
        tb.flush()
    with h5py.File(path, 'r') as f:
        for k in f['pt']:
            twin(f, 'pt_' + k, f['pt'][k][...])
    return path


# ------------------------------------------------------------------ reference codecs via ctypes
def lib(name):
    p = ctypes.util.find_library(name)
    if not p:
        raise SystemExit('check_extra_codecs: lib%s not found (install lib%s-dev)' % (name, name))
    return ctypes.CDLL(p)


class Zstd:
    def __init__(self):
        z = self.z = lib('zstd')
        z.ZSTD_compressBound.restype = ctypes.c_size_t
        z.ZSTD_compressBound.argtypes = [ctypes.c_size_t]
        z.ZSTD_createCCtx.restype = ctypes.c_void_p
        z.ZSTD_CCtx_setParameter.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        z.ZSTD_CCtx_setParameter.restype = ctypes.c_size_t
        z.ZSTD_compress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
        z.ZSTD_compress2.restype = ctypes.c_size_t
        z.ZSTD_isError.argtypes = [ctypes.c_size_t]
        z.ZSTD_CCtx_reset.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.cctx = z.ZSTD_createCCtx()

    def compress(self, b, level=3, checksum=False, block=0, content_size=True):
        z = self.z
        z.ZSTD_CCtx_reset(self.cctx, 3)           # session and parameters
        z.ZSTD_CCtx_setParameter(self.cctx, 100, level)   # ZSTD_c_compressionLevel
        z.ZSTD_CCtx_setParameter(self.cctx, 201, 1 if checksum else 0)   # ZSTD_c_checksumFlag
        z.ZSTD_CCtx_setParameter(self.cctx, 200, 1 if content_size else 0)   # ZSTD_c_contentSizeFlag
        if block:
            z.ZSTD_CCtx_setParameter(self.cctx, 1004, block)   # ZSTD_c_targetCBlockSize (experimental: ignored if absent)
        cap = z.ZSTD_compressBound(len(b))
        out = ctypes.create_string_buffer(cap)
        r = z.ZSTD_compress2(self.cctx, out, cap, b, len(b))
        if z.ZSTD_isError(r):
            raise RuntimeError('ZSTD_compress2 failed')
        return out.raw[:r]


class Lz4:
    def __init__(self):
        z = self.z = lib('lz4')
        z.LZ4_compressBound.argtypes = [ctypes.c_int]
        z.LZ4_compress_default.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]

    def block(self, b):
        cap = self.z.LZ4_compressBound(len(b))
        out = ctypes.create_string_buffer(cap)
        r = self.z.LZ4_compress_default(b, out, len(b), cap)
        if r <= 0:
            raise RuntimeError('LZ4_compress_default failed')
        return out.raw[:r]


def bitshuffle(block, esize):
    """bitshuffle's transposition of len(block)/esize elements (a multiple of
    8): bit j of byte k of every element, for k, then j, packed 8 elements a
    byte, least significant bit first."""
    a = np.frombuffer(block, 'u1').reshape(-1, esize)               # (N, E)
    bits = np.unpackbits(a, axis=1, bitorder='little')              # (N, 8E): byte k bit j at 8k+j
    return np.packbits(bits.T, axis=1, bitorder='little').tobytes()  # (8E, N/8)


def bshuf_chunk(raw, esize, block_elems, lz4):
    """A chunk as bitshuffle's HDF5 filter stores it with LZ4 (cd[4] = 2):
    8-byte big-endian byte count, 4-byte big-endian block size (bytes), then
    per block a 4-byte big-endian compressed size and the LZ4 block of the
    bit-transposed elements; the last block holds the elements left
    (rounded down to a multiple of 8) and the final n % 8 elements follow as
    they are."""
    n = len(raw) // esize
    out = [len(raw).to_bytes(8, 'big'), (block_elems * esize).to_bytes(4, 'big')]
    i = 0
    while n - i >= 8:
        m = min(block_elems, (n - i) // 8 * 8)
        t = bitshuffle(raw[i * esize:(i + m) * esize], esize)
        if lz4 is not None:
            c = lz4.block(t)
            out += [len(c).to_bytes(4, 'big'), c]
        else:
            out.append(t)
        i += m
    out.append(raw[i * esize:])
    return b''.join(out)


def chunk_slices(shape, chunks):
    idx = [range(0, s, c) for s, c in zip(shape, chunks)]
    import itertools
    for corner in itertools.product(*idx):
        yield corner, tuple(slice(o, min(o + c, s)) for o, c, s in zip(corner, chunks, shape))


def write_chunks(dset, arr, encode):
    """Fill dset chunk by chunk with encode(raw chunk bytes, chunk index)."""
    chunks = dset.chunks
    for k, (corner, sl) in enumerate(chunk_slices(arr.shape, chunks)):
        full = np.zeros(chunks, arr.dtype)
        part = arr[sl]
        full[tuple(slice(0, e) for e in part.shape)] = part
        dset.id.write_direct_chunk(corner, encode(full.tobytes(), k))


def make_zstd_file(d, data, zstd):
    path = os.path.join(d, 'zstd.h5')
    with h5py.File(path, 'w') as f:
        g = f.create_group('zstd')
        for name, (arr, ch) in data.items():
            for lvl in (1, 3, 19, -5):
                dn = '%s_l%d' % (name, lvl)
                ds = g.create_dataset(dn, shape=arr.shape, dtype=arr.dtype, chunks=ch, compression=32015,
                                      compression_opts=(lvl & 0xffffffff,), allow_unknown_filter=True)
                write_chunks(ds, arr, lambda b, k, lvl=lvl: zstd.compress(b, lvl, checksum=(k % 2 == 1), content_size=(k % 3 != 2)))
                twin(f, dn, arr)
        # shuffle then zstd; two frames in one chunk; a skippable frame first
        arr, ch = data['f8_smooth']
        ds = g.create_dataset('f8_shuffle_zstd', shape=arr.shape, dtype=arr.dtype, chunks=ch, shuffle=True, compression=32015,
                              compression_opts=(3,), allow_unknown_filter=True)

        def shuf(b):
            return np.frombuffer(b, 'u1').reshape(-1, 8).T.tobytes()
        write_chunks(ds, arr, lambda b, k: zstd.compress(shuf(b), 3))
        twin(f, 'f8_shuffle_zstd', arr)
        arr, ch = data['i8_count']
        ds = g.create_dataset('i8_frames', shape=arr.shape, dtype=arr.dtype, chunks=ch, compression=32015, allow_unknown_filter=True)

        def frames(b, k):
            h = len(b) // 2
            skip = (0x184D2A50 + k % 16).to_bytes(4, 'little') + (5).to_bytes(4, 'little') + b'hello'
            return skip + zstd.compress(b[:h], 5, checksum=True) + zstd.compress(b[h:], 1)
        write_chunks(ds, arr, frames)
        twin(f, 'i8_frames', arr)
    return path


def make_bshuf_file(d, data, lz4):
    path = os.path.join(d, 'bshuf.h5')
    with h5py.File(path, 'w') as f:
        g = f.create_group('bshuf')
        for name, (arr, ch) in data.items():
            es = arr.dtype.itemsize
            for comp, block in ((2, 0), (2, 1024), (0, 0)):
                be = block or max(128, (8192 // es) // 8 * 8)   # the library's default: ~8 KiB blocks
                dn = '%s_c%d_b%d' % (name, comp, block)
                # the parameters the plugin stores: with the plugin present its
                # set_local prepends (version, version, element size) itself
                opts = (block, comp) if os.path.exists(BSHUF_PLUGIN) else (0, 3, es, block, comp)
                ds = g.create_dataset(dn, shape=arr.shape, dtype=arr.dtype, chunks=ch, compression=32008,
                                      compression_opts=opts, allow_unknown_filter=True)
                if comp == 2:
                    write_chunks(ds, arr, lambda b, k, es=es, be=be: bshuf_chunk(b, es, be, lz4))
                else:
                    write_chunks(ds, arr, lambda b, k, es=es, be=be: bshuf_chunk(b, es, be, None)[12:])
                twin(f, dn, arr)
    return path


def make_bshuf_plugin_file(d, data):
    """h5py writing through the bitshuffle library's own HDF5 plugin (Debian's
    `bitshuffle` package: libh5bshuf.so): the reference encoder, default and
    small blocks, with LZ4 and without. None when the plugin is missing."""
    if not os.path.exists(BSHUF_PLUGIN):
        return None
    path = os.path.join(d, 'hp_bshuf.h5')
    with h5py.File(path, 'w') as f:
        g = f.create_group('bslib')
        for name, (arr, ch) in data.items():
            for block, comp in ((0, 2), (256, 2), (0, 0)):
                dn = '%s_b%d_c%d' % (name, block, comp)
                g.create_dataset(dn, data=arr, chunks=ch, compression=32008, compression_opts=(block, comp))
                twin(f, dn, arr)
    return path


def make_bzip2_file(d, data):
    import tables
    path = os.path.join(d, 'pt_bzip2.h5')
    with tables.open_file(path, 'w') as f:
        f.create_carray('/', 'x', obj=data['f8_smooth'][0], filters=tables.Filters(complevel=5, complib='bzip2', shuffle=True),
                        chunkshape=(8192,))
        f.create_carray('/', 'm', obj=data['i4_2d'][0], filters=tables.Filters(complevel=9, complib='bzip2', shuffle=False))
    return path


# ------------------------------------------------------------------ checks
def walk(path):
    out = []
    with h5py.File(path, 'r') as f:
        def vis(name, o):
            if isinstance(o, h5py.Dataset):
                out.append((name, o.id.get_num_chunks() if o.chunks else None))
        f.visititems(vis)
    return out


def twin_of(path, name):
    """(file, dataset) of the twin."""
    top, rest = name.split('/', 1)
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(os.path.dirname(path), 'plain.h5'), '/%s/%s' % (stem, 'pt_' + rest if top == 'pt' else rest)


def check_twins(mm, path, asan=None):
    for name, nchunks in walk(path):
        a = run([mm, 'cat', path, '/' + name])
        b = run([mm, 'cat'] + list(twin_of(path, name)))
        ok(a.returncode == 0 and a.stdout == b.stdout and b.returncode == 0,
           '%s /%s: mmapcol cat = cat of its twin (rc %d: %s)' % (os.path.basename(path), name, a.returncode, a.stderr.decode().strip()[:200]))
        if asan:
            c = run([asan, 'cat', path, '/' + name])
            ok(c.returncode == 0 and c.stdout == b.stdout and not c.stderr,
               '%s /%s: the ASan build prints the same (rc %d: %s)' % (os.path.basename(path), name, c.returncode, c.stderr.decode()[:300]))
        if nchunks is not None:
            i = run([mm, 'info', path, '/' + name])
            txt = i.stdout.decode()
            ok(i.returncode == 0 and ('\nchunks\t%d\n' % nchunks) in txt,
               '%s /%s: mmapcol info reports %d chunks' % (os.path.basename(path), name, nchunks))


def check_compare_views(mm, path):
    r = run([sys.executable, os.path.join(HERE, 'compare_views.py'), '--mmapcol', mm, path])
    ok(r.returncode == 0, 'compare_views %s against h5py: %s' % (os.path.basename(path), (r.stdout + r.stderr).decode()[-800:]))


# datasets whose chunk 1 is a zstd frame with a content checksum (see make_zstd_file)
CHECKSUMMED = ('zstd/f8_smooth_l3',)


def check_broken(mm, path, names, d, asan=None):
    """Flip or cut one chunk of each named dataset in a copy of the file."""
    with h5py.File(path, 'r') as f:
        targets = []
        for name in names:
            ds = f[name]
            info = ds.id.get_chunk_info(min(1, ds.id.get_num_chunks() - 1))
            targets.append((name, info.byte_offset, info.size))
    blob = open(path, 'rb').read()
    for name, off, size in targets:
        for how, pos in (('flip', off + size // 2), ('flip', off + 3), ('flip', off + size - 2), ('zero-tail', off + size - 16)):
            b = bytearray(blob)
            if how == 'flip':
                b[pos] ^= 0x5A
            else:
                b[pos:off + size] = bytes(off + size - pos)
            p = os.path.join(d, 'broken.h5')
            open(p, 'wb').write(bytes(b))
            a = run([mm, 'cat', p, '/' + name])
            t = run([mm, 'cat'] + list(twin_of(path, name)))
            if asan:
                c = run([asan, 'cat', p, '/' + name])
                ok(c.returncode == a.returncode and c.stdout == a.stdout and c.stderr == a.stderr,
                   'broken %s (%s at %d): the ASan build agrees: %s' % (name, how, pos - off, c.stderr.decode()[-300:]))
            # exit 2 (corrupt) with one line naming the chunk, or the twin's
            # values; other values only where the codec has no checksum over
            # the bytes changed (LZ4, Blosc, bitshuffle; zstd frames without one)
            good = (a.returncode == 2 and a.stderr.count(b'\n') == 1 and b'chunk at' in a.stderr) or \
                   (a.returncode == 0 and a.stdout == t.stdout) or \
                   (a.returncode == 0 and name not in CHECKSUMMED)
            ok(good and a.returncode >= 0,
               'broken %s (%s at %d): rc %d, %s' % (name, how, pos - off, a.returncode, a.stderr.decode().strip()[:160]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mmapcol', required=True)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--asan', help='mmapcol built with ASan + UBSan: every cat again under it')
    ap.add_argument('--bzip2')
    ap.add_argument('--minimal')
    ap.add_argument('-v', action='store_true')
    a = ap.parse_args()
    VERBOSE[0] = a.v
    mm = os.path.abspath(a.mmapcol)
    os.makedirs(a.dir, exist_ok=True)
    rng = np.random.default_rng(17)
    data = datasets(rng)
    make_hdf5plugin_files(a.dir, data)
    pt = make_pytables_file(a.dir, data)
    zs = make_zstd_file(a.dir, data, Zstd())
    bs = make_bshuf_file(a.dir, data, Lz4())
    bsl = make_bshuf_plugin_file(a.dir, data)
    PLAIN.pop('f').close()
    files = [os.path.join(a.dir, x) for x in ('hp_lz4.h5', 'hp_blosc.h5')] + [pt]
    if bsl:
        files.append(bsl)
    elif os.environ.get('CI') == 'true':
        ok(False, 'the bitshuffle library\'s HDF5 plugin (%s, Debian package bitshuffle) is missing in CI' % BSHUF_PLUGIN)
    else:
        print('check_extra_codecs: skipped the bitshuffle library\'s own files: no %s (apt-get install bitshuffle)' % BSHUF_PLUGIN)
    asan = a.asan and os.path.abspath(a.asan)
    for p in files:
        check_compare_views(mm, p)
    for p in files + [zs, bs]:
        check_twins(mm, p, asan)
    check_broken(mm, zs, ['zstd/f8_smooth_l3', 'zstd/i8_frames'], a.dir, asan)
    check_broken(mm, os.path.join(a.dir, 'hp_lz4.h5'), ['lz4/f8_smooth_nb1024', 'lz4/u1_text_nb0'], a.dir, asan)
    check_broken(mm, os.path.join(a.dir, 'hp_blosc.h5'), ['blosc/zstd_bit_f8_smooth', 'blosc/blosclz_byte_rec16'], a.dir, asan)
    check_broken(mm, bs, ['bshuf/f8_smooth_c2_b0'], a.dir, asan)
    # the hook
    bz = make_bzip2_file(a.dir, data)
    r = run([mm, 'cat', bz, '/x'])
    ok(r.returncode == 3 and b'307' in r.stderr and b'bzip2' in r.stderr, 'bzip2 without a hook: exit 3 naming filter 307 (bzip2): %r' % r.stderr)
    if a.bzip2:
        with h5py.File(bz, 'r') as f:
            for name in ('x', 'm'):
                out = os.path.join(a.dir, 'bz_%s.bin' % name)
                r = run([os.path.abspath(a.bzip2), bz, '/' + name, out])
                ok(r.returncode == 0 and open(out, 'rb').read() == f[name][...].astype(f[name].dtype.newbyteorder('=')).tobytes(),
                   'bzip2_hook %s: bytes = h5py (%s)' % (name, r.stderr.decode().strip()))
    elif os.environ.get('CI') == 'true':
        ok(False, 'the bzip2 example was not given (--bzip2) in CI')
    # the build without the codecs
    if a.minimal:
        mn = os.path.abspath(a.minimal)
        for path, name, fid in ((zs, 'zstd/f8_smooth_l3', '32015'), (bs, 'bshuf/f8_smooth_c2_b0', '32008'),
                                (os.path.join(a.dir, 'hp_lz4.h5'), 'lz4/f8_smooth_nb0', '32004'),
                                (os.path.join(a.dir, 'hp_blosc.h5'), 'blosc/lz4_byte_f8_smooth', '32001')):
            r = run([mn, 'cat', path, '/' + name])
            ok(r.returncode == 3 and fid.encode() in r.stderr and b'H5L_NO_EXTRA_CODECS' in r.stderr,
               'minimal build refuses %s naming %s and the option: %r' % (name, fid, r.stderr))
        r1 = run([mn, 'cat'] + list(twin_of(zs, 'zstd/f8_smooth_l3')))
        r2 = run([mm, 'cat'] + list(twin_of(zs, 'zstd/f8_smooth_l3')))
        ok(r1.returncode == 0 and r1.stdout == r2.stdout, 'minimal build still reads plain data')
    print('check_extra_codecs: %d checks, %d failed' % (CHECKS[0], len(FAILS)))
    return 1 if FAILS else 0


if __name__ == '__main__':
    sys.exit(main())
