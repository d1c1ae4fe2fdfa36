"""pandas doing what mmapcol import/export do (bench/bench_cli.sh): read_csv + h5py writing
the vaex layout (strings as bytes + int64 offsets + null_bitmap); h5py reading it + DataFrame.to_csv.

  pandas_csv.py import CSV OUT.h5  |  pandas_csv.py export IN.h5 OUT.csv
"""
import sys, numpy as np, pandas as pd, h5py
def imp(csv, out):
    df = pd.read_csv(csv, keep_default_na=False, na_values=[''])
    with h5py.File(out, 'w') as f:
        t = f.create_group('table'); t.attrs['type'] = 'table'
        cols = t.create_group('columns')
        for name in df.columns:
            s = df[name]; g = cols.create_group(name)
            if s.dtype == object:
                valid = s.notna().to_numpy()
                b = [x.encode() if isinstance(x, str) else b'' for x in s]
                lens = np.fromiter((len(x) for x in b), dtype=np.int64, count=len(b))
                idx = np.zeros(len(b) + 1, np.int64); np.cumsum(lens, out=idx[1:])
                g['data'] = np.frombuffer(b''.join(b), dtype='S1'); g['data'].attrs['dtype'] = 'str'
                g['indices'] = idx
                if not valid.all(): g['null_bitmap'] = np.packbits(valid, bitorder='little')
            else:
                a = s.to_numpy()
                g['data'] = a
                if s.isna().any() and a.dtype.kind == 'f': pass
        cols.attrs['column_order'] = ','.join(df.columns)
def exp(h5, out):
    with h5py.File(h5, 'r') as f:
        cols = f['table/columns']; d = {}
        for name in cols.attrs['column_order'].split(','):
            g = cols[name]
            if 'indices' in g:
                data = g['data'][:].tobytes(); idx = g['indices'][:]
                v = [data[idx[i]:idx[i+1]].decode() for i in range(len(idx) - 1)]
                if 'null_bitmap' in g:
                    bm = np.unpackbits(g['null_bitmap'][:], bitorder='little')[:len(v)]
                    v = [x if ok else None for x, ok in zip(v, bm)]
                d[name] = v
            else:
                a = g['data'][:]
                if 'null_bitmap' in g:
                    bm = np.unpackbits(g['null_bitmap'][:], bitorder='little')[:len(a)].astype(bool)
                    a = pd.array(a, dtype=pd.Int64Dtype() if a.dtype.kind == 'i' else None) if a.dtype.kind == 'i' else a.astype(float)
                    a = pd.Series(a); a[~bm] = None
                d[name] = a
        pd.DataFrame(d).to_csv(out, index=False)
(imp if sys.argv[1] == 'import' else exp)(sys.argv[2], sys.argv[3])
