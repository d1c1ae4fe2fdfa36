#!/bin/sh
# make bench-repack (issue 18): a vaex table of 8 float64 columns, chunked
# (64 Ki rows) with shuffle + deflate level 4 by h5py/libhdf5, repacked to
# contiguous storage by `h5repack -l CONTI` and by `mmapcol repack` on 1 and
# 2 threads. Whole processes, each followed by `sync` (mmapcol syncs its
# output before the rename; h5repack does not: the sync makes both durable),
# warm page cache for the input, best of RUNS. h5diff checks one output.
#   ROWS (default 16777216 = 1 GiB of values), RUNS (default 3), DIR
set -e
ROWS=${ROWS:-16777216}
RUNS=${RUNS:-3}
DIR=${DIR:-build/bench-data}
PY=${PYTHON:-/usr/bin/python3}
MMAPCOL=${MMAPCOL:-./mmapcol}
mkdir -p "$DIR"
IN="$DIR/repack_in_$ROWS.h5"
if [ ! -s "$IN" ]; then
  echo "generating $IN ($ROWS rows x 8 float64 columns, shuffle + deflate 4) ..."
  "$PY" - "$IN" "$ROWS" <<'PYEOF'
import sys, numpy as np, h5py
path, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
with h5py.File(path + '.tmp', 'w') as f:
    cols = f.create_group('table/columns')
    f['table'].attrs['type'] = 'table'
    block = 1 << 20
    for c in range(8):
        d = cols.create_dataset('c%d/data' % c, (rows,), dtype='<f8', chunks=(65536,), compression='gzip',
                                compression_opts=4, shuffle=True)
        for s in range(0, rows, block):
            n = min(block, rows - s)
            x = np.arange(s, s + n) * 1e-3 + c
            d[s:s + n] = np.round(np.sin(x) * 1000 + rng.standard_normal(n), 2)
import os
os.rename(path + '.tmp', path)
PYEOF
fi
cat "$IN" > /dev/null
best() {  # best of RUNS wall seconds of "$@" followed by sync
  b=""
  i=0
  while [ $i -lt "$RUNS" ]; do
    rm -f "$DIR/repack_out.h5"; sync
    s=$(date +%s.%N)
    "$@" > /dev/null
    sync
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    i=$((i + 1))
  done
  printf '%.3f' "$b"
}
SZ=$(stat -c %s "$IN")
echo "== repack: $ROWS rows x 8 float64 columns ($(echo "$ROWS * 64 / 1048576" | bc) MiB of values, $(echo "$SZ / 1048576" | bc) MiB stored), to contiguous (seconds, best of $RUNS, each + sync)"
H=$(best h5repack -l CONTI "$IN" "$DIR/repack_out.h5")
M1=$(best "$MMAPCOL" repack "$IN" "$DIR/repack_out.h5" --threads 1)
M2=$(best "$MMAPCOL" repack "$IN" "$DIR/repack_out.h5" --threads 2)
h5diff "$IN" "$DIR/repack_out.h5" > /dev/null && echo "h5diff: the output holds the input's values"
printf '%-44s %8s %9s\n' case seconds "vs h5repack"
printf '%-44s %8s %9s\n' "h5repack -l CONTI (libhdf5 $(h5repack --version 2>/dev/null | awk '{print $NF}'))" "$H" "1.00x"
printf '%-44s %8s %8.2fx   (goal >= 1.5x)\n' "mmapcol repack, 1 thread" "$M1" "$(echo "$H / $M1" | bc -l)"
printf '%-44s %8s %8.2fx   (goal >= 2.5x)\n' "mmapcol repack, 2 threads" "$M2" "$(echo "$H / $M2" | bc -l)"
rm -f "$DIR/repack_out.h5"
