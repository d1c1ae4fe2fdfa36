# Writes lay.h5 with h5py (v1 object headers) and lay6.h5 = the same with
# dataset /b's layout message version set to 6 (unsupported, no checksum to fix).
import h5py, numpy as np, struct, sys
out = sys.argv[1] if len(sys.argv) > 1 else '.'
with h5py.File(out + '/lay.h5', 'w') as f:
    f['a'] = np.arange(3, dtype='<i8'); f['b'] = np.arange(4, dtype='<f8'); f['c'] = np.arange(5, dtype='<i4')
    g = f.create_group('g'); g['d'] = np.arange(2, dtype='<i2')
    ba = f['b'].id.get_offset()
d = bytearray(open(out + '/lay.h5', 'rb').read())
i = d.find(b'\x03\x01' + struct.pack('<Q', ba))
assert i > 0 and d[i-8:i-6] == b'\x08\x00'
d[i] = 6
open(out + '/lay6.h5', 'wb').write(d)
