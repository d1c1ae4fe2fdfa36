#!/usr/bin/env bash
# tests/alloc_audit.sh MMAPCOL SHIM WORKDIR -- the command-by-command
# allocation audit (issue 15, point 7): every mmapcol read command (ls,
# table, stats, export, check, attrs /, and info + cat + cat --rows of the
# first 40 datasets ls lists) over every file of tests/regress's HDF5
# directories, valid files made here (mmapcol import; with h5py also
# tests/gen_corpus.py and tests/gen_chunked.py) and mutants of some of them,
# each under the LD_PRELOAD shim tests/alloc_audit.c (SHIM, a .so).
#
# Fails when a command asks for one block over the cap (the shim refuses it
# and logs it), dies of a signal, exits outside mmapcol's documented 0..4,
# or runs out of time. Prints the largest request and peak seen.
#
# The cap: what a file can justify. A single request may be at most
#     AUDIT_CAP_FIXED (64 MiB) + AUDIT_CAP_FACTOR (1100) x the file's size.
# - 64 MiB: mmapcol's working set does not depend on the file -- cat's row
#   blocks of ~1 MiB, export's per-thread blocks of 32,768 rows (a 64-byte
#   cell x 32,768 = 2 MiB a column), the 256 KiB CSV sinks, check's 1 MiB
#   blocks -- so 64 MiB leaves a wide margin without letting a tiny file
#   buy a big buffer.
# - 1100 x size: the most any byte of the file can become: deflate's largest
#   expansion is 1032:1, and 1100 is the bound the library's own
#   decompression-bomb check uses for deflate, LZF, n-bit and scale-offset
#   (h5l__filter_defs). A buffer above that would hold data the file cannot
#   contain: fill values of an unallocated dataset, or sizes a mutant lies
#   about -- those must be streamed in blocks or refused, never allocated.
#   (Zstandard / Blosc / bitshuffle chunks may expand 40,000:1 in the
#   library; none of the files here needs more than 1100:1, and a file that
#   did would show up here as a finding to look at, not pass silently.)
#
# Commands that print every value (cat, export) write into a file limited
# to 4 MiB (ulimit -f): a dataset of 2^40 unallocated rows is legitimately
# streamed forever, and being stopped by SIGXFSZ at 4 MiB of output is fine. stats and check print
# little but read every value: on a file that declares more than 1 GiB of
# data they get 3 s and may run out of it (their requests are logged as
# they are made, so an over-cap one is still caught).
set -u
MC=$1 SHIM=$2 W=$3
AUDIT_CAP_FIXED=${AUDIT_CAP_FIXED:-67108864}
AUDIT_CAP_FACTOR=${AUDIT_CAP_FACTOR:-1100}
PY=${PYTHON:-/usr/bin/python3}
T=10                  # seconds a command may take
OUTCAP=4194304        # bytes of output read from cat / export
MAXDS=40              # datasets per file given to info / cat
NMUT=${AUDIT_MUTANTS:-12}   # mutants a source file
MAXDS_MUT=12          # datasets per mutant given to info / cat
HUGE=1073741824       # declared bytes above which stats / check may time out
case $MC in /*) ;; *) MC=$PWD/$MC ;; esac
case $SHIM in /*) ;; *) SHIM=$PWD/$SHIM ;; esac

# --- LD_PRELOAD interposition works only with glibc on Linux --------------
skip() {
    if [ "${CI:-}" = "true" ]; then echo "test-alloc-audit: FAIL: $1 (CI=true)"; exit 1; fi
    echo "*** test-alloc-audit: SKIPPED: $1 ***"; exit 0
}
[ "$(uname -s)" = Linux ] || skip "not Linux: no LD_PRELOAD audit"
getconf GNU_LIBC_VERSION >/dev/null 2>&1 || skip "not glibc: no LD_PRELOAD audit"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
rm -rf "$W" && mkdir -p "$W/gen" "$W/mut" || exit 1
LOG=$W/alloc.log ERR=$W/stderr OUT=$W/stdout
: > "$LOG"
ALLOC_AUDIT_LOG=$LOG LD_PRELOAD=$SHIM "$MC" --help >/dev/null 2>&1
grep -q '^max_request=' "$LOG" || skip "the shim $SHIM is not interposed (LD_PRELOAD ignored?)"

# --- the files ---------------------------------------------------------------
# the directories with a file that has the HDF5 signature at 0, 512, 1024,
# 2048, ... (one grep for all: a process per file costs seconds here; grep
# matches within a line, so the pattern ends at the \r before the \n)
HDF5_DIRS=$(LC_ALL=C grep -obUaP '\x89HDF\r$' tests/regress/*/* 2>/dev/null |
    awk -F: '{ o = $2 + 0; ok = o == 0; for (p = 512; !ok && p <= o; p *= 2) ok = o == p; if (ok) { d = $1; sub(/\/[^\/]*$/, "", d); print d } }' | sort -u)
FILES=()
for d in tests/regress/*/; do
    d=${d%/}
    case ${d##*/} in
    read|repack|roundtrip|write) ;;
    *) printf '%s\n' "$HDF5_DIRS" | grep -qxF "$d" || continue ;;
    esac
    for f in "$d"/*; do [ -f "$f" ] && FILES+=("$f"); done
done
nregress=${#FILES[@]}

# valid tables from mmapcol import: contiguous, chunked, deflate, LZF, shuffle
awk 'BEGIN { print "i,x,s,b,t"; for (r = 0; r < 3000; r++)
      printf "%d,%s,%s,%s,2021-03-%02dT05:06:07\n", r * 7 - 5000, (r % 11 ? r / 3.0 : ""), (r % 5 ? "s" r : ""), (r % 2 ? "true" : "false"), r % 28 + 1 }' > "$W/gen/t.csv"
n=0
for opt in "" "--chunk-rows 100" "--compress deflate:9 --shuffle" "--compress lzf" "--chunk-rows 7 --compress none"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$MC" import "$W/gen/t.csv" "$W/gen/import$n.h5" $opt >/dev/null 2>&1 || { echo "test-alloc-audit: FAIL: mmapcol import $opt"; exit 1; }
    FILES+=("$W/gen/import$n.h5")
done
(cd "$W/gen" && "$MC" import - stdin.h5 < t.csv >/dev/null 2>&1) && FILES+=("$W/gen/stdin.h5")

# with h5py: tests/gen_alloc_audit.py (files of a few KiB that declare
# hundreds of MB: unallocated data, chunks far larger than the data, wide
# rows, strings and cells), tests/gen_corpus.py (every link, type, layout,
# dataspace, vaex table shape) and tests/gen_chunked.py (every chunk index
# and filter)
MUTSRC=("$W/gen/import2.h5")
if "$PY" -c 'import h5py, numpy' >/dev/null 2>&1; then
    "$PY" tests/gen_corpus.py "$W/gen/corpus" >/dev/null 2>"$W/gen/corpus.err" || { cat "$W/gen/corpus.err"; exit 1; }
    "$PY" tests/gen_chunked.py "$W/gen/chunked" >/dev/null 2>"$W/gen/chunked.err" || { cat "$W/gen/chunked.err"; exit 1; }
    "$PY" tests/gen_alloc_audit.py "$W/gen/declared" || exit 1
    for f in "$W"/gen/declared/*.h5 "$W"/gen/corpus/*.h5 "$W"/gen/chunked/*.h5; do FILES+=("$f"); done
    MUTSRC+=("$W/gen/corpus/dataspaces.h5" "$W/gen/corpus/mixed_earliest.h5" "$W/gen/corpus/vaex_table_big_endian.h5"
             "$W/gen/corpus/layouts_latest.h5" "$W/gen/chunked/chunked_pytables.h5")
elif [ "${CI:-}" = "true" ]; then
    echo "test-alloc-audit: FAIL: $PY lacks h5py/numpy (CI=true)"; exit 1
else
    echo "*** test-alloc-audit: $PY lacks h5py/numpy: no corpus files, fewer mutants ***"
fi
nvalid=$((${#FILES[@]} - nregress))

# mutants: 4 bytes of 0xff at evenly spread offsets of small valid files
# (test_malformed does every byte to the library; here each costs a dozen
# processes, so NMUT a file)
nmut=0
for f in "${MUTSRC[@]}"; do
    [ -f "$f" ] || continue
    size=$(wc -c < "$f"); step=$((size / NMUT)); [ $step -ge 1 ] || step=1
    b=$(basename "$f" .h5)
    for ((o = 3; o + 4 <= size; o += step)); do
        m=$W/mut/$b.$o.h5
        cp "$f" "$m" && printf '\377\377\377\377' | dd of="$m" bs=1 seek=$o conv=notrunc 2>/dev/null
        FILES+=("$m"); nmut=$((nmut + 1))
    done
done

# --- running ------------------------------------------------------------------
ncmd=0 nfail=0 ncut=0 nslow=0
max_req=0 max_req_at="" max_ratio_x1000=0 max_ratio_at="" max_peak=0 max_peak_at=""
STDERR_NOTES=$W/stderr-notes
: > "$STDERR_NOTES"
failure() { nfail=$((nfail + 1)); [ $nfail -le 40 ] && echo "test-alloc-audit: FAIL: $*"; }

# run MODE FILE ARGS...: MODE plain | stream (cat / export: may be stopped
# by the output limit) | slow (stats / check: may time out when the file
# declares more than HUGE bytes). FSIZE, CAP and DECLARED describe FILE.
# One timeout(1) and one mmapcol a call: this runs thousands of times, and
# a process costs ~10 ms here. timeout is under the shim too (its own
# "max_request" line is tiny and harmless).
run() {
    local mode=$1 rc lim=$T req=0 peak=0 what key a b over=""
    shift 2
    [ "$mode" = slow ] && [ "$DECLARED" -gt $HUGE ] && lim=3
    : > "$LOG"
    ncmd=$((ncmd + 1))
    what="mmapcol $* (file $FSIZE bytes)"
    { ALLOC_AUDIT_CAP=$CAP ALLOC_AUDIT_LOG=$LOG LD_PRELOAD=$SHIM timeout $lim "$MC" "$@" </dev/null >"$OUT" 2>"$ERR"; } 2>/dev/null
    rc=$?
    while read -r key a b; do
        case $key in
        over_cap) [ -n "$over" ] || over=${a#request=} ;;
        max_request=*) [ "${key#max_request=}" -gt $req ] && req=${key#max_request=}; [ "${a#peak=}" -gt $peak ] && peak=${a#peak=} ;;
        esac
    done < "$LOG"
    [ -n "$over" ] && failure "$what: asked for $over bytes, over the cap of $CAP; exit $rc: $(head -c 300 "$ERR")"
    if [ $rc -eq 124 ]; then
        if [ $lim -lt $T ]; then nslow=$((nslow + 1)); else failure "$what: no answer within $T s"; fi
    elif [ $rc -eq $((128 + XFSZ)) ] && [ "$mode" = stream ]; then
        ncut=$((ncut + 1))      # stopped by the output limit: streamed, as it should
    elif [ $rc -ge 128 ]; then
        failure "$what: killed by signal $((rc - 128))"
    elif [ $rc -gt 4 ]; then
        failure "$what: exit $rc, outside mmapcol's 0..4"
    elif [ $rc -ne 0 ]; then
        mapfile -t lines < "$ERR"
        [ ${#lines[@]} -eq 1 ] || echo "$what: exit $rc with ${#lines[@]} stderr lines" >> "$STDERR_NOTES"
    fi
    if [ "$req" -gt $max_req ]; then max_req=$req max_req_at=$what; fi
    if [ "$FSIZE" -gt 0 ] && [ "$req" -gt 1048576 ] && [ $((req * 1000 / FSIZE)) -gt $max_ratio_x1000 ]; then
        max_ratio_x1000=$((req * 1000 / FSIZE)) max_ratio_at="$req bytes: $what"
    fi
    if [ "$peak" -gt $max_peak ]; then max_peak=$peak max_peak_at=$what; fi
}

# the output limit: mmapcol's stdout is a file of at most OUTCAP bytes
# (ulimit -f, 512-byte blocks): past it the write raises SIGXFSZ
XFSZ=$(kill -l XFSZ)
ulimit -f $((OUTCAP / 512)) || exit 1
t0=$(date +%s)
for f in "${FILES[@]}"; do
    # shellcheck disable=SC2254
    case $f in ${AUDIT_ONLY:-*}) ;; *) continue ;; esac
    # the datasets ls lists, and the bytes they declare (shape x item size)
    timeout $T "$MC" ls "$f" > "$W/ls" 2>/dev/null
    awk -F'\t' '$2 == "dataset" { n = 1; s = $4; gsub(/[(), ]+/, " ", s); k = split(s, a, " ");
        for (i = 1; i <= k; i++) n *= a[i]; it = $3; sub(/^[^0-9]*/, "", it); it += 0; if ($3 ~ /O$/) it = 16; if (it < 1) it = 1;
        print n * it "\t" (k > 0 ? 1 : 0) "\t" $1 }' "$W/ls" > "$W/ds"
    DECLARED=$(awk -F'\t' '{ s += $1 } END { if (s > 1e18) s = 1e18; printf "%.0f\n", s + 0 }' "$W/ds")
    FSIZE=$(wc -c < "$f"); CAP=$((AUDIT_CAP_FIXED + AUDIT_CAP_FACTOR * FSIZE))
    run plain "$f" ls "$f"
    run plain "$f" table "$f"
    run slow "$f" stats "$f" --threads 2
    run stream "$f" export "$f" --threads 2
    run slow "$f" check "$f"
    run plain "$f" attrs "$f" /
    m=$MAXDS; case $f in "$W"/mut/*) m=$MAXDS_MUT ;; esac
    awk -F'\t' -v m=$m 'NR <= m { print $2 "\t" $3 }' "$W/ds" > "$W/ds40"
    while IFS=$'\t' read -r ranked p; do
        run plain "$f" info "$f" "$p"
        run stream "$f" cat "$f" "$p"
        [ "$ranked" = 1 ] && run stream "$f" cat "$f" "$p" --rows -5::-2
    done < "$W/ds40"
done

echo "test-alloc-audit: ${#FILES[@]} files ($nregress from tests/regress, $nvalid valid made here, $nmut mutants), $ncmd commands in $(( $(date +%s) - t0 )) s"
echo "test-alloc-audit: cap = $AUDIT_CAP_FIXED + $AUDIT_CAP_FACTOR x file size; $ncut streams cut at $OUTCAP bytes of output, $nslow stats/check stopped at 3 s on files declaring > $HUGE bytes"
echo "test-alloc-audit: largest request $max_req bytes: $max_req_at"
[ -n "$max_ratio_at" ] && echo "test-alloc-audit: largest request over 1 MiB relative to its file: $((max_ratio_x1000 / 1000)).$(printf '%03d' $((max_ratio_x1000 % 1000))) x the file: $max_ratio_at"
echo "test-alloc-audit: largest peak of live heap $max_peak bytes: $max_peak_at"
if [ -s "$STDERR_NOTES" ]; then
    echo "test-alloc-audit: note: $(wc -l < "$STDERR_NOTES") non-zero exits without exactly one stderr line (not a failure here), e.g.:"
    head -5 "$STDERR_NOTES" | sed 's/^/  /'
fi
if [ $nfail -gt 0 ]; then echo "test-alloc-audit: FAILED: $nfail commands"; exit 1; fi
echo "test-alloc-audit: passed"
