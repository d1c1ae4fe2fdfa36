#!/usr/bin/python3
"""What h5py reads from the file tests/test_write_types.c wrote (issue 18):
every value, type and link asserted. Usage: check_write_types.py FILE.h5"""
import sys

import numpy as np
import h5py
from h5py import h5o

n = [0, 0]


def check(cond, what):
    n[0 if cond else 1] += 1
    if not cond:
        print('FAIL', what)


f = h5py.File(sys.argv[1], 'r')
c = f['cmp']
check(c.dtype.names == ('a', 'b', 'c') and c.dtype.itemsize == 40 and c.dtype.fields['c'][0] == np.dtype(('<i4', (2, 3))), 'compound type %s' % c.dtype)
check(list(c['a']) == [0, 10, 20, 30] and list(c['b']) == [0.5, 1.5, 2.5, 3.5], 'compound values')
check(all((c['c'][k] == k).all() for k in range(4)), 'array member values')
vs = f['g/vs']
check(h5py.check_string_dtype(vs.dtype).encoding == 'utf-8', 'vlen string is utf-8')
check(list(vs.asstr()[:]) == ['hello', '', 'abc', 'ét'], 'vlen strings %r' % list(vs.asstr()[:]))
vi = f['g/vi'][:]
check([list(x) for x in vi] == [[1], [2, 3], [], [1, 2, 3, 4, 5, 6]], 'vlen int sequences')
nd = f['g/named']
check(nd.id.get_type().committed() and h5py.check_enum_dtype(nd.dtype) == {'RED': 0, 'GREEN': 7}, 'named enum type')
check(list(nd[:]) == [0, 7, 7, 0], 'enum values')
check(f['types/en'].attrs['note'] == b'hello', 'attribute on a named type')
check(f['g'].attrs['col'] == 7 and f['g'].attrs.get_id('col').get_type().committed(), 'attribute of a named type')
check(isinstance(f.attrs['empty'], h5py.Empty) and f.attrs['empty'].dtype == np.float64, 'null attribute stays null')
check(f.attrs['two_d'].shape == (2, 3) and f.attrs['two_d'].tolist() == [[1, 2, 3], [4, 5, 6]], '2-D attribute')
check(list(f['g'].attrs['strs']) == ['abc', ''], 'vlen string attribute')
r = f['g'].attrs['refs']
check(f[r[0]] == f['cmp'] and f[r[1]] == f['g/vs'], 'object reference attribute')
check(f['g'].attrs.get_id('opq').get_type().get_tag() == b'mytag', 'opaque tag')
check(f['nulld'].shape is None and f['nulld'].dtype == np.float64, 'null dataset')
check(f['g'].get('soft', getlink=True).path == '/cmp' and f['g/soft'] == f['cmp'], 'soft link')
el = f.get('ext', getlink=True)
check(el.filename == 'other.h5' and el.path == '/x', 'external link')
check(f['g/hard'] == f['cmp'] and h5o.get_info(f['cmp'].id).rc == 2, 'hard link shares one object, refcount 2')
check(h5o.get_info(f['types/en'].id).rc == 3, 'named type refcount: link + dataset + attribute')
vc = f['vcmp']
check(h5py.check_string_dtype(vc.dtype.fields['name'][0]) is not None and h5py.check_vlen_dtype(vc.dtype.fields['seq'][0]) == np.int32,
      'compound with vlen members: %s' % (vc.dtype,))
rows = vc[:]
check([int(x) for x in rows['id']] == [1, 2, 3], 'vlen compound ids')
check([x.decode() if isinstance(x, bytes) else x for x in rows['name']] == ['one', '', 'three'], 'vlen compound names %r' % (rows['name'],))
check([list(x) for x in rows['seq']] == [[9], [9, 8], [9, 8, 7]], 'vlen compound sequences')
ra = vc.attrs['rows']
check([list(x) for x in ra['seq']] == [[9], [9, 8], [9, 8, 7]] and [int(x) for x in ra['id']] == [1, 2, 3], 'vlen compound attribute')
print('%d passed, %d failed' % tuple(n))
sys.exit(1 if n[1] else 0)
