"""Files whose object headers lie about their reference counts (tests/test_mmapcol.sh).

  gen_lying_refcounts.py OUT cycle    /a/b/up links back to /a, whose header says one link
  gen_lying_refcounts.py OUT ladder   l1..l39, each linked twice from the one before (2^39
                                      paths), every header saying one link

mmapcol ls records in its visited set only groups with more than one hard link; a
cycle through a group that says one is caught on the walk's path, the ladder by the
walk's link budget (what the file's size can hold).
"""
import sys, h5py, numpy as np, struct
path, kind = sys.argv[1], sys.argv[2]
with h5py.File(path, 'w') as f:
    if kind == 'cycle':
        a = f.create_group('a'); b = a.create_group('b')
        b.create_dataset('d', data=np.arange(3))
        b['up'] = a
        groups = ['a']
    else:                                   # a ladder: every group links twice to the next
        gs = [f.create_group('g0')]
        for i in range(1, 40):
            g = f.create_group('l%d' % i)
            gs[-1]['x'] = g; gs[-1]['y'] = g
            gs.append(g)
        groups = ['l%d' % i for i in range(1, 40)]
    addrs = [h5py.h5o.get_info(f[g].id).addr for g in groups]
with open(path, 'r+b') as fh:
    for a in addrs:
        fh.seek(a); hdr = fh.read(8)
        assert hdr[0] == 1, 'a version-1 object header'
        fh.seek(a + 4); fh.write(struct.pack('<I', 1))   # the reference count says one link
