#!/bin/sh
# `make bench-mpi` (issue 20): 4 MPI ranks write a 10M-row vaex table
# (int64 id, float64 x, string s), as whole `mpirun` runs each followed by
# `sync` (so every case ends with its data on disk), interleaved, median of
# RUNS: hdf5lite (build/mpi_table) against parallel HDF5 (bench_mpi phdf5:
# collective H5Dwrite of each rank's hyperslabs) and the limit (bench_mpi
# raw: each rank pwrite()s the same bytes into one raw file, then fsync).
set -eu
B=${B:-build}
NP=${NP:-4}
RPR=${RPR:-2500000}
RUNS=${RUNS:-5}
DIR=${DIR:-$B/bench-data}
mkdir -p "$DIR"
MPIRUN="mpirun --oversubscribe -np $NP"
[ "$(id -u)" = 0 ] && MPIRUN="mpirun --allow-run-as-root --oversubscribe -np $NP"
now() { date +%s.%N; }
run() { # case -> seconds for mpirun + sync
    rm -f "$DIR/mpi_$1.h5"; sync
    t0=$(now)
    case $1 in
    lite) $MPIRUN "$B/mpi_table" "$DIR/mpi_$1.h5" "$RPR" ;;
    *) $MPIRUN "$B/bench_mpi" "$1" "$DIR/mpi_$1.h5" "$RPR" ;;
    esac
    sync
    t1=$(now)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}
: > "$DIR/mpi_times"
i=0
while [ $i -lt "$RUNS" ]; do
    for c in lite phdf5 raw; do echo "$c $(run $c)" >> "$DIR/mpi_times"; done
    i=$((i + 1))
done
size=$(stat -c %s "$DIR/mpi_lite.h5")
echo "MPI: $NP ranks x $RPR rows (int64 + float64 + string columns, $(( size / 1048576 )) MiB), whole mpirun + sync, median of $RUNS interleaved runs, $DIR"
awk -v runs="$RUNS" '
{ t[$1, ++n[$1]] = $2 }
function med(c,   i, j, a, k, tmp) { k = n[c]; for (i = 1; i <= k; i++) a[i] = t[c, i];
  for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
  return a[int((k + 1) / 2)] }
END {
  l = med("lite"); p = med("phdf5"); r = med("raw");
  printf "| case | seconds | vs hdf5lite |\n|---|---:|---:|\n";
  printf "| hdf5lite (mpi_table) | %.3f | 1.00x |\n", l;
  printf "| parallel HDF5 1.10 (collective H5Dwrite) | %.3f | hdf5lite %.2fx faster (goal >= 1.3x) |\n", p, p / l;
  printf "| limit: raw pwrite of the same bytes + fsync | %.3f | hdf5lite at %.2fx of the limit (goal >= 0.9x) |\n", r, r / l;
}' "$DIR/mpi_times"
