#!/bin/sh
# make bench-cli: mmapcol as whole processes against its peers (issue 19).
#   CSV     import / export of a 1M-row, 7-column CSV (examples/gen_csv.c:
#           ints, floats, floats and ints with nulls, quoted UTF-8 strings,
#           bools, mostly-null strings) against pandas (bench/pandas_csv.py)
#   ls      `mmapcol ls` against a libhdf5 program doing the same walk
#           (bench/h5walk.c) on a 10,000-column vaex table written by h5py,
#           time and peak RSS above an idle process of each
#   durable 1 GiB (8 float64 columns) written with positional writes and
#           made durable (fsync, rename) against raw pwrite + fsync
# Medians of interleaved runs (RUNS, default 5; 9 for ls), each run a whole
# process, the durable ones each followed by `sync`.
set -eu
B=${B:-build}
D=$B/bench-data
PY=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-5}
MM=./mmapcol
mkdir -p "$D"
us() { s=$(date +%s%N); "$@" > /dev/null 2>&1 || { echo "bench_cli: failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
sec() { awk -v a="$1" 'BEGIN {printf "%.3f", a / 1e6}'; }

echo "== machine: $(nproc) CPUs, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(date -u +%Y-%m-%d)"

# ---- CSV -------------------------------------------------------------------------
"$B/gen_csv" 1000000 > "$D/cli.csv"
rm -f "$D"/ci_*
: > "$D/t_imp_mm"; : > "$D/t_imp_pd"; : > "$D/t_exp_mm"; : > "$D/t_exp_pd"
i=0
while [ $i -lt "$RUNS" ]; do
    rm -f "$D/cli_mm.h5" "$D/cli_pd.h5"
    us $MM import "$D/cli.csv" "$D/cli_mm.h5" >> "$D/t_imp_mm"
    us "$PY" bench/pandas_csv.py import "$D/cli.csv" "$D/cli_pd.h5" >> "$D/t_imp_pd"
    us sh -c "$MM export '$D/cli_mm.h5' > '$D/cli_mm.csv'" >> "$D/t_exp_mm"
    us "$PY" bench/pandas_csv.py export "$D/cli_mm.h5" "$D/cli_pd.csv" >> "$D/t_exp_pd"
    i=$((i + 1))
done
im=$(median < "$D/t_imp_mm"); ip=$(median < "$D/t_imp_pd"); em=$(median < "$D/t_exp_mm"); ep=$(median < "$D/t_exp_pd")
echo
echo "== CSV, 1M rows x 7 columns ($(du -m "$D/cli.csv" | cut -f1) MB), whole processes, median of $RUNS (seconds)"
printf '%-10s %10s %10s %10s\n' job mmapcol pandas "speed-up"
printf '%-10s %10s %10s %9sx   (goal >= 3x)\n' import "$(sec "$im")" "$(sec "$ip")" "$(ratio "$ip" "$im")"
printf '%-10s %10s %10s %9sx   (goal >= 5x)\n' export "$(sec "$em")" "$(sec "$ep")" "$(ratio "$ep" "$em")"

# ---- ls -----------------------------------------------------------------------------
if [ ! -f "$D/cols10k.h5" ]; then
    "$PY" -c "
import h5py, numpy as np, sys
with h5py.File(sys.argv[1], 'w') as f:
    t = f.create_group('table'); t.attrs['type'] = 'table'; c = t.create_group('columns')
    a = np.arange(10, dtype='f8')
    for i in range(10000):
        c.create_group('c%d' % i).create_dataset('data', data=a)
    c.attrs['column_order'] = ','.join('c%d' % i for i in range(10000))
" "$D/cols10k.h5"
fi
# timed by $B/wall (fork, exec, wait4: a 20 ms command is not measured
# through the `date` processes of the shell), runs interleaved; peak RSS is
# the child's ru_maxrss, the largest of the runs
"$PY" -c "import h5py; h5py.File('$D/empty.h5', 'w').close()"
: > "$D/t_ls_mm"; : > "$D/t_ls_h5"; : > "$D/t_ls_mi"; : > "$D/t_ls_hi"
i=0
while [ $i -lt $((RUNS + 4)) ]; do
    "$B/wall" 1 $MM ls "$D/cols10k.h5" >> "$D/t_ls_mm"
    "$B/wall" 1 "$B/h5walk" "$D/cols10k.h5" >> "$D/t_ls_h5"
    "$B/wall" 1 $MM --version >> "$D/t_ls_mi"
    "$B/wall" 1 "$B/h5walk" "$D/empty.h5" >> "$D/t_ls_hi"
    i=$((i + 1))
done
lm=$(cut -d' ' -f1 "$D/t_ls_mm" | median); lh=$(cut -d' ' -f1 "$D/t_ls_h5" | median)
maxrss() { cut -d' ' -f2 "$1" | sort -n | tail -1; }
rm_=$(maxrss "$D/t_ls_mm"); ri=$(maxrss "$D/t_ls_mi"); rh=$(maxrss "$D/t_ls_h5"); rhi=$(maxrss "$D/t_ls_hi")
echo
echo "== listing a 10,000-column table written by h5py (libhdf5), whole processes, median of $((RUNS + 4))"
printf '%-46s %9s %14s\n' "" seconds "peak RSS (KiB)"
printf '%-46s %9s %14s\n' "mmapcol ls" "$(sec "$lm")" "$rm_ ($((rm_ - ri)) above idle)"
printf '%-46s %9s %14s\n' "libhdf5: H5Lvisit + H5Oget_info + H5Dopen each" "$(sec "$lh")" "$rh ($((rh - rhi)) above idle)"
echo "speed-up $(ratio "$lh" "$lm")x (goal >= 20x); memory $(ratio $((rh - rhi)) $((rm_ - ri)))x less (goal >= 10x)"

# ---- durable bulk write ------------------------------------------------------------------
: > "$D/t_raw"; : > "$D/t_rawsize"; : > "$D/t_lite"; : > "$D/t_litenm"
modes="raw raw-size lite lite-nomap"
i=0
while [ $i -lt "$RUNS" ]; do
    set -- $modes; first=$1; shift; modes="$* $first"      # rotate the order each round
    for m in $modes; do
        rm -f "$D/durable.h5" "$D/durable.h5.tmp"; sync; sleep 0.2
        t=$(us sh -c "$B/bench_durable $m '$D/durable.h5' 16777216 && sync")
        case $m in raw) echo "$t" >> "$D/t_raw";; raw-size) echo "$t" >> "$D/t_rawsize";; lite) echo "$t" >> "$D/t_lite";; lite-nomap) echo "$t" >> "$D/t_litenm";; esac
    done
    i=$((i + 1))
done
rm -f "$D/durable.h5"
r=$(median < "$D/t_raw"); rs=$(median < "$D/t_rawsize"); l=$(median < "$D/t_lite"); ln=$(median < "$D/t_litenm")
best=$r; [ "$rs" -lt "$best" ] && best=$rs
echo
echo "== 1 GiB (8 float64 columns x 16M rows) written and made durable, on disk ($D), whole processes + sync, median of $RUNS"
printf '%-52s %8s %12s\n' "" seconds "vs limit"
printf '%-52s %8s %11sx\n' "raw: pwrite 4 MiB pieces + fsync" "$(sec "$r")" "$(ratio "$best" "$r")"
printf '%-52s %8s %11sx\n' "raw, file sized first (ftruncate) + fsync" "$(sec "$rs")" "$(ratio "$best" "$rs")"
printf '%-52s %8s %11sx   (goal >= 0.95x)\n' "hdf5lite: layout, h5l_writer_write, finish" "$(sec "$l")" "$(ratio "$best" "$l")"
printf '%-52s %8s %11sx\n' "hdf5lite, H5L_WRITE_NO_MMAP" "$(sec "$ln")" "$(ratio "$best" "$ln")"
