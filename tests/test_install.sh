#!/bin/sh
# test_install.sh — `make install` / `make uninstall` (issue 4):
#   1. make install PREFIX=$tmp installs the header, libhdf5lite.a,
#      libhdf5lite.so (+ soname links), hdf5lite.pc and mmapcol;
#   2. pkg-config (PKG_CONFIG_PATH=$tmp/lib/pkgconfig) reports that prefix;
#      a program built with `pkg-config --cflags --libs hdf5lite` runs against
#      the installed shared library, and a static build of it runs without it;
#   3. a staged install (DESTDIR=$stage PREFIX=/usr) lands under $stage only;
#   4. make uninstall (same PREFIX / DESTDIR) leaves no file behind.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
MAKE=${MAKE:-make}
if ! command -v pkg-config >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then echo "test-install: FAIL: pkg-config not installed" >&2; exit 1; fi
    echo "********** test-install: SKIPPED: pkg-config not installed **********"
    exit 0
fi
tmp=$(pwd)/$B/install-test
stage=$(pwd)/$B/install-stage
rm -rf "$tmp" "$stage"
mkdir -p "$tmp" "$stage"
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }

echo "== make install PREFIX=$tmp"
$MAKE --no-print-directory install PREFIX="$tmp" > "$tmp.log" 2>&1 || { cat "$tmp.log"; fail "make install"; }
for f in include/hdf5lite.h lib/libhdf5lite.a lib/libhdf5lite.so lib/libhdf5lite.so.0 lib/pkgconfig/hdf5lite.pc bin/mmapcol; do
    [ -e "$tmp/$f" ] || fail "$f not installed"
done
"$tmp/bin/mmapcol" --help > /dev/null 2>&1 || fail "installed mmapcol --help"

export PKG_CONFIG_PATH="$tmp/lib/pkgconfig"
prefix=$(pkg-config --variable=prefix hdf5lite)
[ "$prefix" = "$tmp" ] || fail "hdf5lite.pc says prefix=$prefix, installed with PREFIX=$tmp"
[ "$(pkg-config --modversion hdf5lite)" = "$(sed -n 's/^#define H5L_VERSION_STRING "\(.*\)"/\1/p' hdf5lite.h)" ] || fail "pkg-config version differs from the header"

prog=$tmp/prog.c
cat > "$prog" <<'EOC'
#include <stdio.h>
#include <string.h>
#include <hdf5lite.h>
int main(int argc, char **argv)
{
    h5l_writer *w;
    h5l_file *f;
    h5l_table *t;
    h5l_error e;
    h5l_column_spec sp;
    h5l_column_dsets cd;
    const h5l_column *c;
    int32_t v[4] = {7, -1, 2147483647, 0}, r[4];
    h5l_obj *o;
    if (argc < 2) return 2;
    memset(&sp, 0, sizeof sp);
    sp.name = "n"; sp.kind = H5L_COL_PRIMITIVE; sp.type = H5L_T_I32 | H5L_T_BE; sp.rows = 4;
    if (h5l_writer_open(argv[1], NULL, &w, &e) || h5l_table_create(w, NULL, &e) || h5l_table_add_column(w, NULL, &sp, &cd, &e) ||
        h5l_writer_layout(w, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    {   /* big-endian storage: encode explicitly */
        unsigned char b[16]; int i;
        for (i = 0; i < 4; i++) { uint32_t u = (uint32_t)v[i]; b[4*i] = (unsigned char)(u >> 24); b[4*i+1] = (unsigned char)(u >> 16); b[4*i+2] = (unsigned char)(u >> 8); b[4*i+3] = (unsigned char)u; }
        if (h5l_writer_write(w, cd.data, 0, 4, b, &e) || h5l_writer_finish(w, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    }
    if (h5l_open(argv[1], NULL, &f, &e) || h5l_table_open(f, NULL, &t, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    c = h5l_table_find(t, "n");
    if (!c || c->rows != 4) { fprintf(stderr, "column n missing\n"); return 1; }
    h5l_table_close(t);
    if (h5l_obj_open(f, "/table/columns/n/data", &o, &e) || h5l_dataset_read(o, 0, 4, r, sizeof r, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    h5l_obj_close(o);
    h5l_close(f);
    if (memcmp(r, v, sizeof v) != 0) { fprintf(stderr, "values differ\n"); return 1; }
    printf("pkg-config program ok (hdf5lite %s)\n", h5l_version());
    return 0;
}
EOC
cc=${CC:-cc}
echo "== shared: $cc prog.c \$(pkg-config --cflags --libs hdf5lite)"
# shellcheck disable=SC2046
$cc -std=c99 -Wall -Wextra -Wpedantic -o "$tmp/prog_shared" "$prog" $(pkg-config --cflags --libs hdf5lite) || fail "build with pkg-config"
LD_LIBRARY_PATH="$tmp/lib" "$tmp/prog_shared" "$tmp/shared.h5" || fail "shared program"
if command -v ldd >/dev/null 2>&1; then
    LD_LIBRARY_PATH="$tmp/lib" ldd "$tmp/prog_shared" | grep -q "libhdf5lite.so.0 => $tmp/lib/" || fail "prog_shared does not use $tmp/lib/libhdf5lite.so.0"
fi
echo "== static: $cc prog.c \$(pkg-config --cflags --libs --static hdf5lite) -static"
# shellcheck disable=SC2046
$cc -std=c99 -Wall -Wextra -Wpedantic -static -o "$tmp/prog_static" "$prog" $(pkg-config --cflags --libs --static hdf5lite) || fail "static build with pkg-config"
"$tmp/prog_static" "$tmp/static.h5" || fail "static program"
if readelf -d "$tmp/prog_static" 2>/dev/null | grep -q NEEDED; then fail "prog_static is not static"; fi

echo "== make install DESTDIR=$stage PREFIX=/usr"
$MAKE --no-print-directory install DESTDIR="$stage" PREFIX=/usr > "$stage.log" 2>&1 || { cat "$stage.log"; fail "staged install"; }
[ -f "$stage/usr/include/hdf5lite.h" ] && [ -f "$stage/usr/lib/pkgconfig/hdf5lite.pc" ] || fail "staged install incomplete"
grep -q '^prefix=/usr$' "$stage/usr/lib/pkgconfig/hdf5lite.pc" || fail "staged hdf5lite.pc: $(grep '^prefix' "$stage/usr/lib/pkgconfig/hdf5lite.pc")"

echo "== make uninstall"
rm -f "$tmp"/prog* "$tmp"/*.h5
$MAKE --no-print-directory uninstall PREFIX="$tmp" > /dev/null 2>&1 || fail "make uninstall"
$MAKE --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr > /dev/null 2>&1 || fail "make uninstall (DESTDIR)"
left=$(find "$tmp" "$stage" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
dirs=$(find "$tmp" "$stage" -mindepth 1 -type d | wc -l)
[ "$dirs" -eq 0 ] || echo "test-install: note: $dirs empty director(y/ies) remain (created by install -d)"
rm -rf "$tmp" "$stage" "$tmp.log" "$stage.log"
echo "test-install: passed"
