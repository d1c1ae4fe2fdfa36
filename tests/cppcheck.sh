#!/bin/sh
# tests/cppcheck.sh — cppcheck with zero findings over the library, mmapcol
# and the robustness harnesses, in every platform configuration the code
# has (POSIX, POSIX without mmap, stdio-only, Windows).
#   sh tests/cppcheck.sh            (from the repository root)
# Flags: --enable=warning,portability,performance (style is left out: it is
# taste, not defects); --inline-suppr so that a documented false positive can
# be silenced at its line with `// cppcheck-suppress id` and a reason.
# Fails (exit 1) on any finding, and when cppcheck is missing under CI=true.
set -u
if ! command -v cppcheck >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then echo "cppcheck.sh: FAIL: cppcheck not installed (CI=true)"; exit 1; fi
    echo "cppcheck.sh: SKIPPED — cppcheck not installed (apt-get install cppcheck)"; exit 0
fi
FLAGS="--std=c99 --enable=warning,portability,performance --error-exitcode=1 --inline-suppr -q \
  --suppress=missingIncludeSystem -D__GNUC__=12 -D__STDC_VERSION__=199901L -I."
rc=0
lib="hdf5lite.c"
[ -f mmapcol.c ] && lib="$lib mmapcol.c"
for cfg in "-U_WIN32" "-DH5L_NO_MMAP" "-DH5L_NO_POSIX" "-D_WIN32"; do
    echo "cppcheck.sh: $lib ($cfg)"
    # shellcheck disable=SC2086
    cppcheck $FLAGS $cfg $lib || rc=1
done
harness="fuzz/fuzz_read.c fuzz/fuzz_roundtrip.c fuzz/fuzz_write.c fuzz/replay.c fuzz/seed_writer.c fuzz/walkcli.c \
  fuzz/fuzz_append.c tests/test_malformed.c tests/test_anomaly.c tests/test_crash.c tests/test_append_fail.c tests/append_tool.c"
echo "cppcheck.sh: robustness harnesses"
# shellcheck disable=SC2086
cppcheck $FLAGS -Ifuzz $harness || rc=1
if [ $rc -ne 0 ]; then echo "cppcheck.sh: FAIL: findings above"; exit 1; fi
echo "cppcheck.sh: no findings"
