#!/bin/sh
# test_cmake.sh — the CMake build (CMakeLists.txt, cmake/):
#   1. configure + build in build/cmake (library static + shared, mmapcol),
#      install into build/cmake-inst;
#   2. a consumer project using find_package(hdf5lite CONFIG REQUIRED) links
#      hdf5lite::hdf5lite (shared) and hdf5lite::static; both programs run;
#   3. a consumer project using add_subdirectory() on the source tree;
#   4. the installed hdf5lite.pc works with pkg-config.
# The test program writes a table and reads it back (values checked).
# Without cmake: skipped loudly, or FAIL when CI=true.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
B=${B:-build}
if ! command -v cmake >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then echo "test-cmake: FAIL: cmake not installed" >&2; exit 1; fi
    echo "********** test-cmake: SKIPPED: cmake not installed **********"
    exit 0
fi
bld=$root/$B/cmake
inst=$root/$B/cmake-inst
cons=$root/$B/cmake-consumer
rm -rf "$bld" "$inst" "$cons"
mkdir -p "$cons/src"

echo "== test-cmake: configure + build + install"
cmake -S "$root" -B "$bld" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$inst" > "$bld.log" 2>&1 || { cat "$bld.log"; exit 1; }
cmake --build "$bld" >> "$bld.log" 2>&1 || { cat "$bld.log"; exit 1; }
cmake --install "$bld" >> "$bld.log" 2>&1 || { cat "$bld.log"; exit 1; }
for f in include/hdf5lite.h lib/libhdf5lite.a lib/libhdf5lite.so lib/pkgconfig/hdf5lite.pc \
         lib/cmake/hdf5lite/hdf5liteConfig.cmake lib/cmake/hdf5lite/hdf5liteConfigVersion.cmake bin/mmapcol; do
    # GNUInstallDirs may choose lib64 or lib/<multiarch>; look for the file name anywhere
    name=$(basename "$f")
    found=$(find "$inst" -name "$name" | head -n 1)
    [ -n "$found" ] || { echo "test-cmake: FAIL: $f not installed" >&2; exit 1; }
done
"$inst/bin/mmapcol" --help > /dev/null 2>&1 || { echo "test-cmake: FAIL: installed mmapcol --help" >&2; exit 1; }

cat > "$cons/src/main.c" <<'EOC'
#include <stdio.h>
#include <string.h>
#include "hdf5lite.h"
int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "consumer.h5";
    h5l_writer *w;
    h5l_file *f;
    h5l_obj *o;
    h5l_error e;
    h5l_column_spec sp;
    h5l_column_dsets cd;
    double v[3] = {1.5, -2.25, 1e300}, r[3];
    memset(&sp, 0, sizeof sp);
    sp.name = "x"; sp.kind = H5L_COL_PRIMITIVE; sp.type = H5L_T_F64; sp.rows = 3;
    if (h5l_writer_open(path, NULL, &w, &e) || h5l_table_create(w, NULL, &e) || h5l_table_add_column(w, NULL, &sp, &cd, &e) ||
        h5l_writer_layout(w, &e) || h5l_writer_write(w, cd.data, 0, 3, v, &e) || h5l_writer_finish(w, &e)) {
        fprintf(stderr, "write: %s\n", e.msg);
        return 1;
    }
    if (h5l_open(path, NULL, &f, &e) || h5l_obj_open(f, "/table/columns/x/data", &o, &e) ||
        h5l_dataset_read(o, 0, 3, r, sizeof r, &e)) {
        fprintf(stderr, "read: %s\n", e.msg);
        return 1;
    }
    h5l_obj_close(o);
    h5l_close(f);
    if (memcmp(r, v, sizeof v) != 0) { fprintf(stderr, "values differ\n"); return 1; }
    printf("consumer ok (hdf5lite %s)\n", h5l_version());
    return 0;
}
EOC

echo "== test-cmake: find_package consumer"
mkdir -p "$cons/fp"
cat > "$cons/fp/CMakeLists.txt" <<EOC
cmake_minimum_required(VERSION 3.13)
project(consumer_fp C)
find_package(hdf5lite 0.1 CONFIG REQUIRED)
add_executable(use_shared ../src/main.c)
target_link_libraries(use_shared PRIVATE hdf5lite::hdf5lite)
add_executable(use_static ../src/main.c)
target_link_libraries(use_static PRIVATE hdf5lite::static)
EOC
cmake -S "$cons/fp" -B "$cons/fp/b" -DCMAKE_PREFIX_PATH="$inst" > "$cons/fp.log" 2>&1 &&
    cmake --build "$cons/fp/b" >> "$cons/fp.log" 2>&1 || { cat "$cons/fp.log"; echo "test-cmake: FAIL: find_package consumer" >&2; exit 1; }
"$cons/fp/b/use_shared" "$cons/fp/shared.h5"
"$cons/fp/b/use_static" "$cons/fp/static.h5"
if command -v ldd >/dev/null 2>&1; then
    ldd "$cons/fp/b/use_shared" | grep -q "libhdf5lite.so.0 => $inst" || { echo "test-cmake: FAIL: use_shared does not load the installed libhdf5lite.so.0" >&2; ldd "$cons/fp/b/use_shared"; exit 1; }
    if ldd "$cons/fp/b/use_static" | grep -q libhdf5lite; then echo "test-cmake: FAIL: use_static depends on libhdf5lite.so" >&2; exit 1; fi
fi

echo "== test-cmake: add_subdirectory consumer"
mkdir -p "$cons/sub"
cat > "$cons/sub/CMakeLists.txt" <<EOC
cmake_minimum_required(VERSION 3.13)
project(consumer_sub C)
add_subdirectory("$root" hdf5lite-build)
add_executable(use_sub ../src/main.c)
target_link_libraries(use_sub PRIVATE hdf5lite::static)
if(TARGET mmapcol)
  message(FATAL_ERROR "mmapcol should not be built when hdf5lite is a subproject")
endif()
EOC
cmake -S "$cons/sub" -B "$cons/sub/b" > "$cons/sub.log" 2>&1 &&
    cmake --build "$cons/sub/b" >> "$cons/sub.log" 2>&1 || { cat "$cons/sub.log"; echo "test-cmake: FAIL: add_subdirectory consumer" >&2; exit 1; }
"$cons/sub/b/use_sub" "$cons/sub/sub.h5"

echo "== test-cmake: pkg-config on the CMake install"
if command -v pkg-config >/dev/null 2>&1; then
    pc=$(dirname "$(find "$inst" -name hdf5lite.pc | head -n 1)")
    flags=$(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs hdf5lite)
    # shellcheck disable=SC2086
    ${CC:-cc} -std=c99 -o "$cons/pc_prog" "$cons/src/main.c" $flags
    LD_LIBRARY_PATH=$(PKG_CONFIG_PATH="$pc" pkg-config --variable=libdir hdf5lite) "$cons/pc_prog" "$cons/pc.h5"
elif [ "${CI:-}" = true ]; then
    echo "test-cmake: FAIL: pkg-config missing" >&2; exit 1
fi
echo "test-cmake: passed"
