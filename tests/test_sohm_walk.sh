#!/bin/sh
# Shared messages (SOHM), layout/datatype v5 and unsupported layouts: mmapcol ls/check/table (SOHM, layout/datatype v5, ls/check/table going past unreadable objects).
# usage: sh tests/test_sohm_walk.sh MMAPCOL WORKDIR   (needs libhdf5 C API, h5py at /usr/bin/python3)
MM=$1; W=$2; R=$(cd "$(dirname "$0")" && pwd); PY=${PYTHON:-/usr/bin/python3}; fail=0; pass=0
mkdir -p "$W"
ok() { pass=$((pass+1)); }; bad() { echo "FAIL: $*"; fail=$((fail+1)); }
gcc -o "$W/gen_sohm" "$R/gen_sohm.c" $(pkg-config --cflags --libs hdf5-serial) && (cd "$W" && ./gen_sohm) || bad "gen_sohm"
$PY "$R/make_lay6.py" "$W" || bad "make_lay6"
$PY "$R/compare_views.py" --mmapcol "$MM" --all-paths "$W"/sohm_*.h5 && ok || bad "SOHM files vs h5py"
# SMTB checksum corrupted: every row still listed, exit 2, one stderr line
$PY -c "
d=bytearray(open('$W/sohm_five.h5','rb').read()); s=d.find(b'SMTB'); d[s+10]^=1; open('$W/smtb_bad.h5','wb').write(d)"
"$MM" ls "$W/smtb_bad.h5" > "$W/out" 2> "$W/err"; r=$?
[ $r -eq 2 ] && [ $(wc -l < "$W/out") -eq 8 ] && [ $(wc -l < "$W/err") -eq 1 ] && grep -q "^/f1	-	-	-	-	-$" "$W/out" && grep -q "checksum mismatch" "$W/err" && ok || bad "ls of corrupt SMTB: exit $r"
"$MM" check "$W/smtb_bad.h5" > "$W/out" 2>/dev/null; r=$?
[ $r -eq 2 ] && grep -q "8 objects, 8 problems" "$W/out" && ok || bad "check of corrupt SMTB: exit $r"
# unsupported layout version on /b: the rest is listed, exit 3, stderr names /b
"$MM" ls "$W/lay6.h5" > "$W/out" 2> "$W/err"; r=$?
printf '/\tgroup\t-\t-\t-\t-\n/b\t-\t-\t-\t-\t-\n' > "$W/exp_part"
[ $r -eq 3 ] && [ $(wc -l < "$W/out") -eq 6 ] && grep -q "^/b	-	-	-	-	-$" "$W/out" && grep -q "^/g/d	dataset	<i2	(2,)	contiguous	" "$W/out" \
  && [ $(wc -l < "$W/err") -eq 1 ] && grep -q ": /b: layout message at [0-9]*: version 6 not supported (H5L_EUNSUPPORTED)" "$W/err" && ok || bad "ls lay6: exit $r"
"$MM" ls "$W/lay.h5" > /dev/null && ok || bad "ls lay.h5"
"$MM" check "$W/lay6.h5" > "$W/out" 2>&1; r=$?
[ $r -eq 0 ] && grep -q "6 objects, 0 problems, 2 notes" "$W/out" && grep -q "^note	/b	layout message" "$W/out" && ok || bad "check lay6: exit $r"
"$MM" table "$W/lay6.h5" > "$W/out" 2> "$W/err"; r=$?
[ $r -eq 3 ] && grep -q "b: layout message" "$W/err" && ok || bad "table lay6 must fail (exit 3), got $r"
# lay.h5's root datasets differ in length (3 and 4 rows): no table (issue 19), one stderr line
"$MM" table "$W/lay.h5" > "$W/out" 2> "$W/err"; r=$?
[ $r -eq 1 ] && [ ! -s "$W/out" ] && [ $(wc -l < "$W/err") -eq 1 ] && grep -q "unequal length are not a table" "$W/err" && ok || bad "table lay.h5 must be refused (exit 1), got $r"
echo "test_sohm_walk: $pass passed, $fail failed"; [ $fail -eq 0 ]
