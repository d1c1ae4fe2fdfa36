#!/bin/sh
# `make bench-mpi` (issue 20): 4 MPI ranks write a 10M-row vaex table
# (int64 id, float64 x, string s), as whole `mpirun` runs each followed by
# `sync` (so every case ends with its data on disk), interleaved, median of
# RUNS: hdf5lite (build/mpi_table) against parallel HDF5 (bench_mpi phdf5:
# collective H5Dwrite of each rank's hyperslabs) and the limit (bench_mpi
# raw: each rank pwrite()s the same bytes into one raw file, then fsync), and
# an MPI program that only starts and stops (bench_mpi init): the part of a
# whole run that is mpirun's own, shown so that the work can be compared too.
set -eu
B=${B:-build}
NP=${NP:-4}
RPR=${RPR:-2500000}
RUNS=${RUNS:-5}
DIR=${DIR:-$B/bench-data}
mkdir -p "$DIR"
# One machine: Open MPI's ob1 messaging layer (shared memory) instead of the
# UCX layer it probes first, which costs ~0.2 s of start-up in a VM; the same
# for every case. MPI_OPTS overrides it.
MPI_OPTS=${MPI_OPTS:---mca pml ob1}
MPIRUN="mpirun --oversubscribe $MPI_OPTS -np $NP"
[ "$(id -u)" = 0 ] && MPIRUN="mpirun --allow-run-as-root --oversubscribe $MPI_OPTS -np $NP"
now() { date +%s.%N; }
run() { # case -> seconds for mpirun + sync
    rm -f "$DIR/mpi_$1.h5"; sync
    t0=$(now)
    case $1 in
    lite) $MPIRUN "$B/mpi_table" "$DIR/mpi_$1.h5" "$RPR" ;;
    init) $MPIRUN "$B/bench_mpi" init "$DIR/mpi_$1.h5" "$RPR" ;;
    *) $MPIRUN "$B/bench_mpi" "$1" "$DIR/mpi_$1.h5" "$RPR" ;;
    esac
    sync
    t1=$(now)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}
: > "$DIR/mpi_times"
i=0
while [ $i -lt "$RUNS" ]; do
    for c in lite phdf5 raw init; do echo "$c $(run $c)" >> "$DIR/mpi_times"; done
    i=$((i + 1))
done
size=$(stat -c %s "$DIR/mpi_lite.h5")
rm -f "$DIR"/mpi_*.h5
echo "MPI: $NP ranks x $RPR rows (int64 + float64 + string columns, $(( size / 1048576 )) MiB), whole mpirun $MPI_OPTS + sync, median of $RUNS interleaved runs, $DIR"
awk -v runs="$RUNS" '
{ t[$1, ++n[$1]] = $2 }
function med(c,   i, j, a, k, tmp) { k = n[c]; for (i = 1; i <= k; i++) a[i] = t[c, i];
  for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
  return a[int((k + 1) / 2)] }
END {
  l = med("lite"); p = med("phdf5"); r = med("raw"); z = med("init");
  printf "| case | whole run, s | vs hdf5lite | run minus start-up, s | vs hdf5lite |\n|---|---:|---:|---:|---:|\n";
  printf "| hdf5lite (mpi_table) | %.3f | 1.00x | %.3f | 1.00x |\n", l, l - z;
  printf "| parallel HDF5 1.10 (collective H5Dwrite) | %.3f | hdf5lite %.2fx faster | %.3f | hdf5lite %.2fx faster |\n", p, p / l, p - z, (p - z) / (l - z);
  printf "| limit: raw pwrite of the same bytes + fsync | %.3f | hdf5lite at %.2fx | %.3f | hdf5lite at %.2fx |\n", r, r / l, r - z, (r - z) / (l - z);
  printf "| start-up only (MPI_Init + MPI_Finalize) | %.3f | | | |\n", z;
  printf "goals: >= 1.3x faster than parallel HDF5, >= 0.9x of the limit\n";
}' "$DIR/mpi_times"
