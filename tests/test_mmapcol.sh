#!/bin/sh
# mmapcol command-line tests: exit codes, --help, import -> export round trips
# on awkward CSV, table/stats/export on the vaex corpus against h5py.
#
#   tests/test_mmapcol.sh MMAPCOL WORKDIR
#
# Environment: PYTHON (default /usr/bin/python3; needs h5py for the h5py
# checks), CI=true makes a missing h5py a failure instead of a skip.
# Run from the repository root.
MM=$1
W=$2
PYTHON=${PYTHON:-/usr/bin/python3}
CORPUS=${VAEX_CORPUS:-../shared/corpus/vaex}
[ -n "$MM" ] && [ -n "$W" ] || { echo "usage: $0 MMAPCOL WORKDIR" >&2; exit 2; }
rm -rf "$W"
mkdir -p "$W"
FAILS=0
PASSES=0
ok() { PASSES=$((PASSES + 1)); }
bad() { FAILS=$((FAILS + 1)); echo "FAIL: $*"; }

HAVE_PY=0
if "$PYTHON" -c 'import sys' 2>/dev/null; then HAVE_PY=1
elif [ "$CI" = "true" ]; then bad "$PYTHON is required in CI"; fi
HAVE_H5PY=0
if "$PYTHON" -c 'import h5py' 2>/dev/null; then HAVE_H5PY=1
elif [ "$CI" = "true" ]; then bad "h5py is required in CI ($PYTHON -c 'import h5py' failed)"
else echo "*** test_mmapcol: h5py not found: the h5py cross-checks are SKIPPED ***"; fi

# expect CODE DESCRIPTION -- command...: exit code CODE; non-zero exits must
# print exactly one line on stderr, starting with "mmapcol: ".
expect() {
    code=$1; shift; what=$1; shift
    "$@" > "$W/out" 2> "$W/err"
    rc=$?
    if [ "$rc" != "$code" ]; then bad "$what: exit $rc, expected $code ($(head -c 300 "$W/err"))"; return; fi
    if [ "$code" != 0 ]; then
        n=$(wc -l < "$W/err")
        if [ "$n" != 1 ] || ! grep -q '^mmapcol: ' "$W/err"; then bad "$what: stderr is not one 'mmapcol:' line:"; cat "$W/err"; return; fi
    fi
    ok
}

# ---------------------------------------------------------------- usage, help
expect 0 "--help" "$MM" --help
grep -q 'Exit codes' "$W/out" || bad "--help does not document the exit codes"
for c in ls cat attrs table export import stats check; do
    expect 0 "$c --help" "$MM" $c --help
    grep -q "usage: mmapcol $c" "$W/out" || bad "$c --help prints no usage line"
done
expect 1 "no command" "$MM"
expect 1 "unknown command" "$MM" frobnicate
expect 1 "ls without FILE" "$MM" ls
expect 1 "cat with one argument" "$MM" cat x.h5
expect 1 "unknown option" "$MM" table x.h5 --bogus
expect 1 "stats --threads 0" "$MM" stats x.h5 --threads 0

# ---------------------------------------------------------------- broken, missing input
expect 4 "missing file (ls)" "$MM" ls "$W/does-not-exist.h5"
expect 4 "missing file (table)" "$MM" table "$W/does-not-exist.h5"
expect 4 "missing CSV (import)" "$MM" import "$W/does-not-exist.csv" "$W/x.h5"
expect 4 "directory as file" "$MM" ls "$W"
printf 'this is not an HDF5 file, just some text that is long enough to be read\n' > "$W/garbage.h5"
expect 2 "garbage (ls)" "$MM" ls "$W/garbage.h5"
expect 2 "garbage (check)" "$MM" check "$W/garbage.h5"
: > "$W/empty.h5"
expect 2 "empty file" "$MM" ls "$W/empty.h5"
# a real table, then truncated and corrupted copies of it
printf 'a,b,s\n1,2.5,x\n2,,yy\n3,4.25,\n' > "$W/small.csv"
expect 0 "import small" "$MM" import "$W/small.csv" "$W/small.h5"
expect 0 "check small" "$MM" check "$W/small.h5"
size=$(wc -c < "$W/small.h5")
head -c 1500 "$W/small.h5" > "$W/trunc.h5"
expect 2 "truncated (ls)" "$MM" ls "$W/trunc.h5"
expect 2 "truncated (table)" "$MM" table "$W/trunc.h5"
head -c 90 "$W/small.h5" > "$W/trunc_sb.h5"
expect 2 "truncated superblock" "$MM" ls "$W/trunc_sb.h5"
# overwrite the root object header with garbage (superblock intact)
cp "$W/small.h5" "$W/corrupt.h5"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of="$W/corrupt.h5" bs=1 seek=96 conv=notrunc 2>/dev/null
expect 2 "corrupt root header (ls)" "$MM" ls "$W/corrupt.h5"
expect 2 "corrupt root header (check)" "$MM" check "$W/corrupt.h5"
# no crash (signal) on every truncation length of the small file, every command
i=64
while [ "$i" -lt "$size" ]; do
    head -c "$i" "$W/small.h5" > "$W/t.h5"
    for c in ls table stats check export; do
        "$MM" $c "$W/t.h5" > /dev/null 2>&1
        rc=$?
        if [ "$rc" -gt 4 ]; then bad "$c on a file truncated to $i bytes: exit $rc"; fi
    done
    i=$((i + 97))
done
ok
expect 1 "cat of a group" "$MM" cat "$W/small.h5" /table
expect 1 "cat of a missing path" "$MM" cat "$W/small.h5" /nope
expect 1 "table in a missing group" "$MM" table "$W/small.h5" --group /nope
expect 1 "export of a missing column" "$MM" export "$W/small.h5" --columns a,nope
expect 1 "bad --rows" "$MM" cat "$W/small.h5" /table/columns/a/data --rows 1-2

# ---------------------------------------------------------------- cat / attrs basics
expect 0 "cat --rows" "$MM" cat "$W/small.h5" /table/columns/a/data --rows 1:
[ "$(cat "$W/out")" = "[2, 3]" ] || bad "cat --rows 1: printed $(cat "$W/out")"
expect 0 "cat floats" "$MM" cat "$W/small.h5" /table/columns/b/data
[ "$(cat "$W/out")" = "[2.5, 0.0, 4.25]" ] || bad "cat of b printed $(cat "$W/out")"
expect 0 "attrs" "$MM" attrs "$W/small.h5" /table
[ "$(cat "$W/out")" = '{"type": "table"}' ] || bad "attrs /table printed $(cat "$W/out")"

# ---------------------------------------------------------------- import -> export round trips
# Awkward CSV. Column types expected (the import's inference rules):
# int i, float f (ints and floats mixed), bool b, string s, all-null (float) n,
# big ints beyond 2^53 i, floats needing 17 digits f, UTF-8 strings s.
{
printf 'int,mixed,flag,text,allnull,big,exact,utf8,a/b,c,d,empty\n'
printf '1,1,true,plain,,9007199254740993,0.30000000000000004,Zürich,1,x,1,\n'
printf -- '-2,2.5,false,"with, comma",,-9223372036854775808,1e-310,東京,2,y,2,""\n'
printf ',,,"with ""quotes""",,9223372036854775807,-0.0,"ünïcødé, ok",3,z,3,\n'
printf '4,-3e+20,True,"multi\nline",,,1.7976931348623157e+308,é,,,,""\n'
printf '5,nan,False,,,12345678901234567,2.2250738585072014e-308,"",5,w,5,\n'
printf '6,inf,,"  spaces  ",,0,123456789.12345679,x,6,v,6,\n'
} > "$W/awk.csv"
expect 0 "import awkward CSV" "$MM" import "$W/awk.csv" "$W/awk.h5"
[ ! -s "$W/err" ] || bad "a successful import printed on stderr without --verbose: $(cat "$W/err")"
expect 0 "import awkward CSV --verbose" "$MM" import "$W/awk.csv" "$W/awk.h5" --verbose
grep -q "a/b" "$W/err" || bad "the rewrite of the column name a/b was not reported on stderr with --verbose"
expect 0 "table of the awkward import" "$MM" table "$W/awk.h5"
cat > "$W/awk.table" <<'T'
int	primitive	<i8	6	1
mixed	primitive	<f8	6	1
flag	primitive	|b1	6	2
text	string	str	6	1
allnull	primitive	<f8	6	6
big	primitive	<i8	6	1
exact	primitive	<f8	6	0
utf8	string	str	6	0
a_b	primitive	<i8	6	1
c	string	str	6	1
d	primitive	<i8	6	1
empty	string	str	6	4
T
if ! diff "$W/awk.table" "$W/out" > "$W/diff"; then bad "table of the awkward import:"; cat "$W/diff"; fi
expect 0 "export awkward" "$MM" export "$W/awk.h5"
cp "$W/out" "$W/awk.out.csv"
head -1 "$W/awk.out.csv" | tr -d '\r' > "$W/hdr"
[ "$(cat "$W/hdr")" = "int,mixed,flag,text,allnull,big,exact,utf8,a_b,c,d,empty" ] || bad "export header: $(cat "$W/hdr")"
if [ "$HAVE_PY" = 0 ]; then echo "*** test_mmapcol: no $PYTHON: the CSV round-trip comparison is SKIPPED ***"
elif "$PYTHON" tests/test_mmapcol_csvcmp.py "$W/awk.csv" "$W/awk.out.csv" ifbsfifsisis > "$W/cmp" 2>&1; then ok; else bad "awkward round trip:"; cat "$W/cmp"; fi
# export --columns / --rows
expect 0 "export --columns --rows" "$MM" export "$W/awk.h5" --columns big,int --rows 1:3
printf 'big,int\n-9223372036854775808,-2\n9223372036854775807,\n' > "$W/want"
cmp -s "$W/want" "$W/out" || { bad "export --columns big,int --rows 1:3:"; cat "$W/out"; }
expect 0 "export --crlf" "$MM" export "$W/awk.h5" --columns big,int --rows 1:3 --crlf
printf 'big,int\r\n-9223372036854775808,-2\r\n9223372036854775807,\r\n' > "$W/want"
cmp -s "$W/want" "$W/out" || { bad "export --crlf:"; cat "$W/out"; }
expect 1 "export --rows with step 0" "$MM" export "$W/awk.h5" --rows ::0
# export of the export re-imports to the same values (a second generation)
expect 0 "re-import the export" "$MM" import "$W/awk.out.csv" "$W/awk2.h5"
expect 0 "export again" "$MM" export "$W/awk2.h5"
cmp -s "$W/out" "$W/awk.out.csv" || bad "export(import(export)) differs from export"
# chunked, compressed, extendible imports give the same table and export
for opts in "--chunk-rows 2 --compress deflate --shuffle" "--compress lzf" "--chunk-rows 1 --compress deflate:1" "--shuffle" "--chunk-rows 4 --compress none"; do
    # shellcheck disable=SC2086
    expect 0 "import $opts" "$MM" import "$W/awk.csv" "$W/awk_ck.h5" $opts
    expect 0 "table ($opts)" "$MM" table "$W/awk_ck.h5"
    diff "$W/awk.table" "$W/out" > "$W/diff" || { bad "table of the import $opts:"; cat "$W/diff"; }
    expect 0 "export ($opts)" "$MM" export "$W/awk_ck.h5"
    cmp -s "$W/out" "$W/awk.out.csv" || bad "export of the import $opts differs from the contiguous one"
    expect 0 "check ($opts)" "$MM" check "$W/awk_ck.h5"
done
if "$PYTHON" -c 'import h5py' 2>/dev/null; then
    "$MM" import "$W/awk.csv" "$W/awk_ck.h5" --chunk-rows 2 --compress deflate:4 --shuffle 2> /dev/null
    if "$PYTHON" - "$W/awk.h5" "$W/awk_ck.h5" > "$W/cmp" 2>&1 <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
bad = []
def visit(name, o):
    if not isinstance(o, h5py.Dataset):
        return
    x, y = a[name], o
    if y.chunks is None or y.maxshape[0] is not None or y.compression != "gzip" or y.compression_opts != 4:
        bad.append("%s: chunks %s maxshape %s compression %s %s" % (name, y.chunks, y.maxshape, y.compression, y.compression_opts))
    if y.dtype.itemsize > 1 and not y.shuffle:
        bad.append("%s: no shuffle" % name)
    want = 2 if name.endswith("/data") and y.dtype.kind != "S" or name.endswith("/indices") else (16 if y.dtype.kind == "S" else 1)
    if y.chunks[0] != want:
        bad.append("%s: %s rows a chunk, want %d" % (name, y.chunks, want))
    if x[()].tobytes() != y[()].tobytes() or x.shape != y.shape or x.dtype != y.dtype:
        bad.append("%s: values differ from the contiguous import" % name)
    if x.shape[0] > 3 and x[1:4].tobytes() != y[1:4].tobytes():
        bad.append("%s: slice differs" % name)
b.visititems(visit)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
    then ok; else bad "chunked import vs contiguous (h5py):"; cat "$W/cmp"; fi
fi
expect 1 "--chunk-rows 0" "$MM" import "$W/awk.csv" "$W/x.h5" --chunk-rows 0
expect 1 "--compress zip" "$MM" import "$W/awk.csv" "$W/x.h5" --compress zip
expect 1 "--compress deflate:0" "$MM" import "$W/awk.csv" "$W/x.h5" --compress deflate:0
[ -e "$W/x.h5" ] && bad "a refused import left its output file"
# a header-only CSV, names that collide after the rewrite, a quoted field left open
printf 'x,y\n' > "$W/hdr.csv"
expect 0 "header-only CSV" "$MM" import "$W/hdr.csv" "$W/hdr.h5"
expect 0 "table of a 0-row table" "$MM" table "$W/hdr.h5"
printf 'a,b,,a\n1,2,3,4\n' > "$W/dup.csv"
expect 0 "duplicate / empty names" "$MM" import "$W/dup.csv" "$W/dup.h5"
expect 0 "export dup" "$MM" export "$W/dup.h5"
[ "$(head -1 "$W/out" | tr -d '\r')" = "a,b,column_3,a_2" ] || bad "rewritten names: $(head -1 "$W/out")"
printf 'a\n"open\n' > "$W/open.csv"
expect 2 "unterminated quote" "$MM" import "$W/open.csv" "$W/open.h5"
[ -e "$W/open.h5" ] && bad "a failed import left its output file"
printf 'a,b\n1,2,3\n' > "$W/wide.csv"
expect 2 "too many fields" "$MM" import "$W/wide.csv" "$W/wide.h5"
: > "$W/nothing.csv"
expect 2 "empty CSV" "$MM" import "$W/nothing.csv" "$W/nothing.h5"
expect 4 "unwritable output" "$MM" import "$W/small.csv" "$W/no/such/dir/x.h5"

# a larger generated CSV (quoting, nulls, UTF-8): round trip and stats threads
if [ -n "$GEN_CSV" ] && [ -x "$GEN_CSV" ]; then
    "$GEN_CSV" 20000 > "$W/gen.csv"
    expect 0 "import generated" "$MM" import "$W/gen.csv" "$W/gen.h5"
    expect 0 "export generated" "$MM" export "$W/gen.h5"
    cp "$W/out" "$W/gen.out.csv"
    if [ "$HAVE_PY" = 0 ]; then :
    elif "$PYTHON" tests/test_mmapcol_csvcmp.py "$W/gen.csv" "$W/gen.out.csv" iffisbs > "$W/cmp" 2>&1; then ok; else bad "generated round trip:"; head -20 "$W/cmp"; fi
    "$MM" stats "$W/gen.h5" --threads 1 > "$W/s1"; "$MM" stats "$W/gen.h5" --threads 4 > "$W/s4"
    cmp -s "$W/s1" "$W/s4" || bad "stats differ between 1 and 4 threads"
    expect 0 "check generated" "$MM" check "$W/gen.h5"
    expect 0 "import generated, chunked" "$MM" import "$W/gen.csv" "$W/gen_ck.h5" --chunk-rows 1000 --compress deflate --shuffle
    expect 0 "export generated, chunked" "$MM" export "$W/gen_ck.h5"
    cmp -s "$W/out" "$W/gen.out.csv" || bad "export of the chunked import of the generated CSV differs"
    "$MM" stats "$W/gen_ck.h5" --threads 1 > "$W/s1c"
    cmp -s "$W/s1" "$W/s1c" || bad "stats of the chunked import differ from the contiguous one"
fi

# ---------------------------------------------------------------- append (all or nothing)
expect 0 "import awkward, extendible" "$MM" import "$W/awk.csv" "$W/app.h5" --chunk-rows 4 --compress deflate --shuffle
expect 0 "append the same CSV" "$MM" append "$W/awk.csv" "$W/app.h5"
expect 0 "append it again" "$MM" append "$W/awk.csv" "$W/app.h5"
expect 0 "export after two appends" "$MM" export "$W/app.h5"
{ cat "$W/awk.out.csv"; tail -n +2 "$W/awk.out.csv"; tail -n +2 "$W/awk.out.csv"; } > "$W/want3"
cmp -s "$W/out" "$W/want3" || bad "export after appending the CSV twice is not the rows three times"
expect 0 "check after appends" "$MM" check "$W/app.h5"
expect 0 "table after appends" "$MM" table "$W/app.h5"
awk -F'\t' '{ if ($4 != 18) bad = 1 } END { exit bad }' "$W/out" || bad "columns after appends: $(cat "$W/out")"
cp "$W/app.h5" "$W/app.keep"
printf 'int,mixed\n1,2\n' > "$W/badhdr.csv"
expect 2 "append: header does not match" "$MM" append "$W/badhdr.csv" "$W/app.h5"
cmp -s "$W/app.h5" "$W/app.keep" || bad "a refused append (header) changed the file"
{ head -1 "$W/awk.csv"; tail -n +2 "$W/awk.csv"; printf 'x,1,true,t,,1,1.0,u,1,c,1,\n'; } > "$W/badval.csv"
expect 2 "append: a value that is not an int" "$MM" append "$W/badval.csv" "$W/app.h5"
grep -q "line 9" "$W/err" || bad "append: the bad value's line is not named: $(cat "$W/err")"
cmp -s "$W/app.h5" "$W/app.keep" || bad "a refused append (bad value after 7 good rows) changed the file"
{ head -1 "$W/awk.csv"; printf '1,1,true,t,,1,,u,1,c,1,\n'; } > "$W/badnull.csv"
expect 2 "append: a null where the column has no bitmap" "$MM" append "$W/badnull.csv" "$W/app.h5"
cmp -s "$W/app.h5" "$W/app.keep" || bad "a refused append (null) changed the file"
{ head -1 "$W/awk.csv"; printf '99999999999999999999,1,true,t,,1,1,u,1,c,1,\n'; } > "$W/badbig.csv"
expect 2 "append: an int beyond int64" "$MM" append "$W/badbig.csv" "$W/app.h5"
cmp -s "$W/app.h5" "$W/app.keep" || bad "a refused append (int range) changed the file"
expect 3 "append to a contiguous table" "$MM" append "$W/awk.csv" "$W/awk.h5"
expect 1 "append: missing FILE" "$MM" append "$W/awk.csv"
{ head -1 "$W/awk.csv"; } > "$W/hdronly.csv"
expect 0 "append a header-only CSV" "$MM" append "$W/hdronly.csv" "$W/app.h5"
cmp -s "$W/app.h5" "$W/app.keep" || bad "appending no rows changed the file"

# ---------------------------------------------------------------- h5py cross-checks
if [ "$HAVE_H5PY" = 1 ]; then
    # the awkward import read back by h5py: exact values
    if "$PYTHON" - "$W/awk.h5" > "$W/py" 2>&1 <<'PY'
import sys, h5py, numpy as np, math
f = h5py.File(sys.argv[1], 'r')
c = f['table/columns']
assert f['table'].attrs['type'] == 'table'
assert c.attrs['column_order'] == 'int,mixed,flag,text,allnull,big,exact,utf8,a_b,c,d,empty', c.attrs['column_order']
assert c['big/data'].dtype == np.int64
assert list(c['big/data'][:3]) == [9007199254740993, -9223372036854775808, 9223372036854775807]
assert c['exact/data'][0] == 0.1 + 0.2 and c['exact/data'][1] == 1e-310
assert math.copysign(1, c['exact/data'][2]) == -1.0
assert c['flag/data'].dtype == np.bool_ and list(c['flag/data'][:2]) == [True, False]
idx = c['text/indices'][()]
raw = c['text/data'][()].tobytes()
assert raw[idx[3]:idx[4]] == b'multi\nline' and raw[idx[2]:idx[3]] == b'with "quotes"', raw
idx = c['utf8/indices'][()]
raw = c['utf8/data'][()].tobytes()
assert raw[idx[1]:idx[2]].decode('utf-8') == '東京'
assert c['int/null_bitmap'][0] == 0b111011, bin(c['int/null_bitmap'][0])
assert 'null_bitmap' not in c['exact']
print('h5py reads the awkward import exactly')
PY
    then ok; else bad "h5py check of the awkward import:"; cat "$W/py"; fi
    # chunked datasets and columns are read; a filter hdf5lite does not decode -> exit 3
    "$PYTHON" -c "
import h5py, numpy as np
with h5py.File('$W/chunked.h5', 'w') as f:
    f.create_dataset('c', data=np.arange(100), chunks=(10,))
    f.create_dataset('z', data=np.arange(100), compression='gzip')
    g = f.create_group('table'); g.attrs['type'] = 'table'
    cg = g.create_group('columns'); cg.attrs['column_order'] = 'x'
    cg.create_dataset('x/data', data=np.arange(10.0), chunks=(5,))
"
    expect 0 "cat of a chunked dataset" "$MM" cat "$W/chunked.h5" /c
    grep -q "^\[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, " "$W/out" || bad "cat of a chunked dataset: $(head -c 80 "$W/out")"
    expect 0 "cat of a compressed dataset" "$MM" cat "$W/chunked.h5" /z --rows 97:100
    grep -q "^\[97, 98, 99\]$" "$W/out" || bad "cat of a compressed dataset: $(cat "$W/out")"
    expect 0 "ls of chunked" "$MM" ls "$W/chunked.h5"
    grep -q "^/c	dataset	<i8	(100,)	chunked	-$" "$W/out" || bad "ls of a chunked dataset: $(grep '^/c' "$W/out")"
    expect 0 "export of a chunked column" "$MM" export "$W/chunked.h5"
    [ "$(tail -n 1 "$W/out" | tr -d '\r')" = "9.0" ] || bad "export of a chunked column: $(tail -n 1 "$W/out")"
    expect 0 "stats of a chunked column" "$MM" stats "$W/chunked.h5"
    grep -q "^x	<f8	10	0	0.0	9.0	4.5$" "$W/out" || bad "stats of a chunked column: $(cat "$W/out")"
    expect 0 "table describes a chunked column" "$MM" table "$W/chunked.h5"
    expect 0 "check decodes chunked data" "$MM" check "$W/chunked.h5"
    grep -q ", 0 problems, 0 notes" "$W/out" || bad "check of chunked data: $(tail -n 1 "$W/out")"
    if "$PYTHON" -c "
import tables, numpy as np
with tables.open_file('$W/bzip2.h5', 'w') as f:
    f.create_carray('/', 'b', obj=np.arange(100), chunkshape=(10,), filters=tables.Filters(5, complib='bzip2'))
" 2>/dev/null; then
        expect 3 "cat of a bzip2 dataset (filter not decoded)" "$MM" cat "$W/bzip2.h5" /b
        [ ! -s "$W/out" ] || bad "cat of a bzip2 dataset printed output before refusing"
        grep -q "filter 307 (bzip2) is not supported" "$W/err" || bad "cat of a bzip2 dataset: the refusal names the filter: $(cat "$W/err")"
    elif [ "$CI" = "true" ]; then bad "PyTables missing in CI"
    else echo "*** test_mmapcol: no PyTables: the unsupported-filter case SKIPPED ***"; fi
    # ls walks through the library's metadata cache (H5L_OPEN_META_CACHE),
    # released every 64 links: many groups old and new style, nested groups,
    # a soft link and a second hard link -- line for line h5py's listing
    "$PYTHON" -c "
import h5py, numpy as np
with h5py.File('$W/many.h5', 'w') as f:
    o = f.create_group('old')
    for i in range(700):
        g = o.create_group('g%03d' % i)
        d = g.create_dataset('d', data=np.arange(3, dtype='i4') + i)
        d.attrs['unit'] = 'm'
        if i % 100 == 0: g.create_group('sub').create_dataset('x', data=np.zeros(2))
    n = f.create_group('new', track_order=True)
    for i in range(300):
        n.create_dataset('v%03d' % i, data=np.arange(i % 7 + 1, dtype='f4'))
    n['soft'] = h5py.SoftLink('/old/g001/d')
    f['old/g002/hard'] = f['old/g003']
"
    "$PYTHON" tests/h5py_view.py ls "$W/many.h5" > "$W/many.ref"
    expect 0 "ls of 1,700 objects" "$MM" ls "$W/many.h5"
    if cmp -s "$W/out" "$W/many.ref" && [ "$(wc -l < "$W/out")" -ge 1700 ]; then ok
    else bad "ls of 1,700 objects differs from h5py's listing: $(diff "$W/many.ref" "$W/out" | head -5)"; fi
    # headers that lie about their reference counts: a cycle through a
    # group that says one link is listed once; 2^39 paths end at the budget
    "$PYTHON" tests/gen_lying_refcounts.py "$W/cyc.h5" cycle && "$PYTHON" tests/gen_lying_refcounts.py "$W/lad.h5" ladder
    expect 0 "ls of a cycle the reference counts hide" "$MM" ls "$W/cyc.h5"
    [ "$(wc -l < "$W/out")" = 5 ] && grep -q "^/a/b/up	group	" "$W/out" || bad "ls of a hidden cycle: $(cat "$W/out")"
    expect 2 "ls of 2^39 paths the reference counts hide" "$MM" ls "$W/lad.h5"
    grep -q "more than [0-9]* links, what a file of this size can hold" "$W/err" || bad "ls of a lying ladder: $(cat "$W/err")"
    # issue 19: slices, line ends, ISO times, float widths, import -, --json, cat of a column, unreadable columns, ls order
    if "$PYTHON" tests/test_mmapcol_cli.py "$MM" "$W/cli" > "$W/cli.log" 2>&1; then ok; tail -n 1 "$W/cli.log"
    else bad "tests/test_mmapcol_cli.py:"; cat "$W/cli.log"; fi
    # the vaex corpus: table, stats and export against h5py
    if [ -d "$CORPUS" ]; then
        if "$PYTHON" tests/test_mmapcol_vaex.py "$MM" "$CORPUS"/*.hdf5 > "$W/vx" 2>&1; then ok; cat "$W/vx"
        else bad "vaex corpus:"; cat "$W/vx"; fi
    elif [ "$CI" = "true" ]; then bad "vaex corpus $CORPUS missing"
    else echo "*** test_mmapcol: $CORPUS missing: vaex corpus checks SKIPPED ***"; fi
fi

echo "test_mmapcol: $PASSES passed, $FAILS failed"
[ "$FAILS" = 0 ]
