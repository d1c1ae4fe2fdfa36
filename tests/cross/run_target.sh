#!/bin/sh
# run_target.sh NAME BINDIR EXE RUNNER...
#   Runs the cross-built tests of one target (built by tests/cross.mk into
#   BINDIR, file suffix EXE: "" or ".exe") under RUNNER (qemu-arm, qemu-s390x,
#   wine) and compares with the native build:
#     1. test_endian, test_port_big, test_nommap, test_threads, test_write_unit, test_read,
#        test_dense (when their fixtures exist) on the target;
#     2. test_port_roundtrip on the target: its files must be byte-identical to
#        the ones the native build writes; the target verifies the native
#        files; the native build and h5py (tests/cross/check_h5py.py) verify
#        the target's files (on s390x: big-endian host, both byte orders);
#     3. mmapcol transcripts (tests/cross/transcript.sh) over $CROSS_FILES
#        must equal the native transcript byte for byte.
# Environment: B (build dir), PYTHON, CROSS_FILES (files for the transcript),
#   NATIVE_RT (native test_port_roundtrip), NATIVE_MMAPCOL, CI.
# Exit status: number of failed steps (0 = all passed).
set -u
name=$1 bindir=$2 exe=$3
shift 3
runner="$*"
B=${B:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
work=$B/cross-$name/work
rm -rf "$work"
mkdir -p "$work"
fails=0
nstep=0
pass() { echo "cross-$name: PASS $*"; }
fail() { echo "cross-$name: FAIL $*" >&2; fails=$((fails + 1)); }
step() { # step DESCRIPTION CMD...: run, report
    d=$1
    shift
    nstep=$((nstep + 1))
    "$@" > "$work/step$nstep.log" 2>&1
    rc=$?
    # wine now and then fails to start a process (non-zero, and no output but
    # wine's own "wine client error" lines; every test program prints
    # something): retry that, at most four times.
    tries=0
    while [ $rc -ne 0 ] && [ "$1" = wine ] && ! grep -qv '^wine client error' "$work/step$nstep.log" && [ $tries -lt 4 ]; do
        tries=$((tries + 1))
        "$@" > "$work/step$nstep.log" 2>&1
        rc=$?
    done
    if [ $rc -eq 0 ]; then pass "$d"; else fail "$d ($work/step$nstep.log)"; sed 's/^/    /' "$work/step$nstep.log" | tail -30 >&2; fi
}

step "test_endian" $runner "$bindir/test_endian$exe"
mkdir -p "$work/nommap" "$work/threads" "$work/write_unit" "$work/big"
step "test_port_big (offsets past 4 GiB; EFBIG on 32-bit)" $runner "$bindir/test_port_big$exe" "$work/big"
step "test_nommap (caller allocator, allocation-failure sweep)" $runner "$bindir/test_nommap$exe" "$work/nommap"
step "test_threads" $runner "$bindir/test_threads$exe" "$work/threads" 4
if [ -x "$bindir/test_write_unit$exe" ]; then
    step "test_write_unit" $runner "$bindir/test_write_unit$exe" "$work/write_unit"
fi
if [ -x "$bindir/test_read$exe" ] && [ -s "$B/read_fixtures/list.txt" ]; then
    step "test_read (h5py/PyTables fixtures)" $runner "$bindir/test_read$exe" "$B/read_fixtures/list.txt"
elif [ -x "$bindir/test_read$exe" ]; then
    echo "*** cross-$name: test_read skipped: no $B/read_fixtures/list.txt (make read-fixtures needs h5py) ***"
fi
if [ -x "$bindir/test_dense$exe" ] && [ -f "$B/dense_fixtures/expected.txt" ]; then
    step "test_dense (h5py fixtures)" $runner "$bindir/test_dense$exe" "$B/dense_fixtures" --no-corrupt
fi

# round trips
mkdir -p "$work/rt"
step "test_port_roundtrip run (write + verify on $name)" $runner "$bindir/test_port_roundtrip$exe" run "$work/rt"
for f in port_types.h5 port_table_le.h5 port_table_be.h5; do
    step "$f written on $name is byte-identical to the x86-64 one" cmp "$B/cross/native-rt/$f" "$work/rt/$f"
done
step "x86-64 files verified on $name (typed reads convert)" $runner "$bindir/test_port_roundtrip$exe" verify "$B/cross/native-rt"
step "$name files verified by the x86-64 build" "$NATIVE_RT" verify "$work/rt"
if "$PYTHON" -c 'import h5py' 2>/dev/null; then
    step "$name files read by h5py on x86-64" "$PYTHON" tests/cross/check_h5py.py "$work/rt" "$name"
elif [ "${CI:-}" = true ]; then
    fail "h5py missing in CI"
else
    echo "*** cross-$name: h5py not available: files not checked with h5py ***"
fi

# mmapcol import on the target: the same HDF5 bytes as on x86-64, read back by h5py
printf 'id,x,flag,name,empty\r\n1,1.5,true,plain,\r\n-9223372036854775808,-0.0,false,"with ""quotes"", commas",\r\n,1e300,,"multi\nline",\r\n42,,TRUE,caf\303\251 \342\202\254,\r\n7,0.1,False,,\r\n' > "$work/import.csv"
step "mmapcol import on $name" $runner "$bindir/mmapcol$exe" import "$work/import.csv" "$work/import.$name.h5"
step "mmapcol import on x86-64" "$NATIVE_MMAPCOL" import "$work/import.csv" "$work/import.native.h5"
step "import on $name writes the same bytes as on x86-64" cmp "$work/import.native.h5" "$work/import.$name.h5"
step "x86-64 exports the $name import as on x86-64" sh -c '"$1" export "$2" > "$2.csv" && "$1" export "$3" > "$3.csv" && cmp "$2.csv" "$3.csv"' \
    sh "$NATIVE_MMAPCOL" "$work/import.native.h5" "$work/import.$name.h5"
if "$PYTHON" -c 'import h5py' 2>/dev/null; then
    step "h5py reads the $name import (vaex layout, values)" "$PYTHON" -c '
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r"); c = f["/table/columns"]
assert c.attrs["column_order"] in ("id,x,flag,name,empty", b"id,x,flag,name,empty"), c.attrs["column_order"]
ids = c["id/data"][()]; assert ids.dtype == np.int64 and list(ids[:2]) == [1, -9223372036854775808] and ids[3] == 42, ids
assert list(np.unpackbits(c["id/null_bitmap"][()], bitorder="little")[:5]) == [1, 1, 0, 1, 1]
x = c["x/data"][()]; assert x.dtype == np.float64 and x[0] == 1.5 and x[2] == 1e300 and x[4] == 0.1, x
d = c["name/data"][()].tobytes(); o = c["name/indices"][()]
assert d[o[2]:o[3]] == b"multi\nline" and d[o[1]:o[2]] == b"with \"quotes\", commas" and d[o[3]:o[4]] == "caf\u00e9 \u20ac".encode(), (d, o)
print("ok")' "$work/import.$name.h5"
fi

# mmapcol transcripts
if [ -n "${CROSS_FILES:-}" ]; then
    # private copies: other tests may regenerate fixtures while this runs
    mkdir -p "$work/files"
    list=""
    for f in $CROSS_FILES; do
        c="$work/files/$(echo "$f" | tr '/' '_')"
        cp "$f" "$c" && list="$list $c"
    done
    CROSS_FILES=$list
    # shellcheck disable=SC2086
    sh tests/cross/transcript.sh "" "$NATIVE_MMAPCOL" $CROSS_FILES > "$work/transcript.native" 2>&1
    # shellcheck disable=SC2086
    TRANSCRIPT_ERRLOG="$work/transcript.$name.stderr" \
        sh tests/cross/transcript.sh "$runner" "$bindir/mmapcol$exe" $CROSS_FILES > "$work/transcript.$name" 2>&1
    n=$(grep -c '^\$ mmapcol' "$work/transcript.native")
    if cmp -s "$work/transcript.native" "$work/transcript.$name"; then
        pass "mmapcol output identical to x86-64 ($n commands over $(echo $CROSS_FILES | wc -w) files)"
    else
        fail "mmapcol output differs from x86-64 (diff $work/transcript.native $work/transcript.$name)"
        diff "$work/transcript.native" "$work/transcript.$name" | head -20 | cat -A | cut -c1-200 >&2
    fi
fi
[ "$fails" -eq 0 ] && echo "cross-$name: all steps passed" || echo "cross-$name: $fails step(s) FAILED" >&2
exit "$fails"
