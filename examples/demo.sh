#!/bin/sh
# make demo: generate a ~1M-row CSV, import it with mmapcol, show the table
# and its statistics, and check the file with h5py when it is installed.
# Everything is written under demo/ (ignored by git).
set -e
cd "$(dirname "$0")/.."
CC=${CC:-cc}
PYTHON=${PYTHON:-/usr/bin/python3}
ROWS=${DEMO_ROWS:-1000000}
[ -x ./mmapcol ] || { echo "demo: ./mmapcol is missing: run 'make' first" >&2; exit 1; }
mkdir -p demo
echo "== building the CSV generator (examples/gen_csv.c)"
$CC -O2 -o demo/gen_csv examples/gen_csv.c
echo "== generating demo/sample.csv ($ROWS rows)"
./demo/gen_csv "$ROWS" > demo/sample.csv
ls -l demo/sample.csv
echo "== mmapcol import demo/sample.csv demo/sample.hdf5"
./mmapcol import demo/sample.csv demo/sample.hdf5
ls -l demo/sample.hdf5
echo "== mmapcol table demo/sample.hdf5"
./mmapcol table demo/sample.hdf5
echo "== mmapcol stats demo/sample.hdf5"
./mmapcol stats demo/sample.hdf5
echo "== mmapcol export demo/sample.hdf5 --rows 0:3"
./mmapcol export demo/sample.hdf5 --rows 0:3
echo "== sum of column x straight off the mapping (examples/map_column.c)"
$CC -O2 -I. -o demo/map_column examples/map_column.c libhdf5lite.a -lm
./demo/map_column demo/sample.hdf5 x
if "$PYTHON" -c 'import h5py' 2>/dev/null; then
  echo "== verifying with h5py"
  "$PYTHON" - demo/sample.hdf5 demo/sample.csv "$ROWS" <<'PY'
import csv, sys
import h5py, numpy as np
path, csvpath, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
f = h5py.File(path, 'r')
cols = f['table/columns']
assert f['table'].attrs['type'] == 'table'
order = cols.attrs['column_order'].split(',')
assert order == ['id', 'x', 'y', 'count', 'name', 'flag', 'note'], order
assert cols['id/data'].dtype == np.int64 and cols['x/data'].dtype == np.float64
assert cols['flag/data'].dtype == np.bool_
assert cols['name/data'].attrs['dtype'] == 'str'
assert len(cols['id/data']) == rows
with open(csvpath, newline='', encoding='utf-8') as fh:
    r = csv.reader(fh)
    next(r)
    for i, row in zip(range(rows), r):
        if i % 99991 and i > 5:
            continue
        assert cols['id/data'][i] == int(row[0])
        assert cols['x/data'][i] == float(row[1])
        idx = cols['name/indices']
        s = bytes(cols['name/data'][idx[i]:idx[i + 1]].tobytes()).decode('utf-8')
        assert s == row[4], (s, row[4])
        assert bool(cols['flag/data'][i]) == (row[5] == 'true')
        bm = cols['y/null_bitmap']
        valid = (bm[i // 8] >> (i % 8)) & 1
        assert valid == (row[2] != ''), (i, row[2])
print('h5py: structure and sampled values match the CSV')
PY
else
  echo "== h5py not installed: skipped the h5py check"
fi
echo "== demo done (files in demo/)"
