#!/bin/sh
# tests/valgrind.sh — the suite's C test programs under valgrind memcheck:
# no invalid access, no use of uninitialised values, no leak
# (--error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible).
#   sh tests/valgrind.sh         (from the repository root; `make test-valgrind`)
# Builds plain (unsanitised) binaries of the robustness tests into
# $B/valgrind and runs them on reduced inputs (valgrind is ~30x slower):
# the fuzz replay over the seed corpus and tests/regress, the malformed-file
# test on small files (sampled), the anomaly test (allocation and OS-call
# failure injection), the crash test (a few runs).
# Other C tests join with VALGRIND_TESTS="cmd args; cmd args; ..." (each
# command is run as `valgrind OPTIONS cmd args`).
# Fails under CI=true when valgrind is missing; else skips loudly.
set -u
B=${B:-build}
CC=${CC:-cc}
SEEDS=${SEEDS:-$B/seeds}
VG_DIR=$B/valgrind
if ! command -v valgrind >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then echo "valgrind.sh: FAIL: valgrind not installed (CI=true)"; exit 1; fi
    echo "valgrind.sh: SKIPPED — valgrind not installed"; exit 0
fi
mkdir -p "$VG_DIR" || exit 1
CFLAGS="-std=c99 -O1 -g -I. -Ifuzz"
build() { # out sources...
    out=$1; shift
    $CC $CFLAGS -o "$VG_DIR/$out" "$@" hdf5lite.c || { echo "valgrind.sh: FAIL: cannot build $out"; exit 1; }
}
build replay_read fuzz/fuzz_read.c fuzz/replay.c
build replay_roundtrip fuzz/fuzz_roundtrip.c fuzz/replay.c
build replay_write fuzz/fuzz_write.c fuzz/replay.c
build test_malformed tests/test_malformed.c
build test_anomaly tests/test_anomaly.c
build test_crash tests/test_crash.c

VG="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible --track-fds=no"
fails=0
run() {
    echo "valgrind.sh: $*"
    # shellcheck disable=SC2086
    if ! $VG "$@" >"$VG_DIR/last.log" 2>&1; then
        cat "$VG_DIR/last.log"
        echo "valgrind.sh: FAIL: $*"
        fails=$((fails + 1))
    else
        tail -n 2 "$VG_DIR/last.log"
    fi
}
have() { [ -f "$1" ]; }

inputs=""
[ -d tests/regress/read ] && inputs="$inputs tests/regress/read"
[ -d "$SEEDS" ] && inputs="$inputs $SEEDS"
if [ -n "$inputs" ]; then
    # shellcheck disable=SC2086
    run "$VG_DIR/replay_read" -q $inputs
fi
[ -d tests/regress/roundtrip ] && run "$VG_DIR/replay_roundtrip" -q tests/regress/roundtrip
[ -d tests/regress/write ] && run "$VG_DIR/replay_write" -q tests/regress/write

small=""
for f in h5py_one_dataset.h5 h5l_small.h5 mal_track_order.h5; do have "$SEEDS/$f" && small="$small $SEEDS/$f"; done
if [ -n "$small" ]; then
    # shellcheck disable=SC2086
    run "$VG_DIR/test_malformed" -c 120 -t 1200 -o "$VG_DIR/malformed-failure.h5" -s 23 $small
    rargs=""
    for f in $small; do rargs="$rargs -r $f"; done
    rm -rf "$VG_DIR/anomaly"
    # shellcheck disable=SC2086
    run "$VG_DIR/test_anomaly" -d "$VG_DIR/anomaly" -w 20 $rargs
elif [ "${CI:-}" = "true" ]; then
    echo "valgrind.sh: FAIL: no seed files in $SEEDS (make seeds)"; fails=$((fails + 1))
else
    echo "valgrind.sh: WARNING — no seed files in $SEEDS: malformed and read-anomaly runs skipped"
fi
rm -rf "$VG_DIR/crash"
run "$VG_DIR/test_crash" -d "$VG_DIR/crash" -n 4 -r 20000

# other C tests of the suite
if [ -n "${VALGRIND_TESTS:-}" ]; then
    old_ifs=$IFS
    IFS=';'
    for cmd in $VALGRIND_TESTS; do
        IFS=$old_ifs
        # shellcheck disable=SC2086
        [ -n "$(echo $cmd)" ] && run $cmd
        IFS=';'
    done
    IFS=$old_ifs
fi

if [ $fails -ne 0 ]; then echo "valgrind.sh: FAIL: $fails program(s) with errors"; exit 1; fi
echo "valgrind.sh: no errors, no leaks"
