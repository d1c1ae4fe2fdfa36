#!/bin/sh
# tests/needs.sh TOKEN... : print the tokens this machine lacks (nothing when
# it has them all). `make test` skips a group whose needs are missing,
# saying which -- unless CI=true, where every group runs and a missing tool
# fails it. PYTHON (default /usr/bin/python3) is the Python the tests use.
PY=${PYTHON:-/usr/bin/python3}
hdr() { for d in /usr/include /usr/include/x86_64-linux-gnu /usr/local/include; do [ -f "$d/$1" ] && return 0; done; return 1; }
miss=""
for t in "$@"; do
    case $t in
    py)        "$PY" -c 'import h5py, numpy' >/dev/null 2>&1 ;;
    clang)     command -v clang >/dev/null 2>&1 ;;
    asan)      printf 'int main(void){return 0;}\n' | "${ASAN_CC:-clang}" -fsanitize=address,undefined -x c - -o /dev/null >/dev/null 2>&1 ;;
    cxx)       command -v "${CXX:-c++}" >/dev/null 2>&1 ;;
    zlib)      hdr zlib.h ;;
    bz2)       hdr bzlib.h ;;
    codecs)    hdr zlib.h && hdr libdeflate.h && hdr lz4.h && hdr zstd.h && hdr blosc.h && hdr liblzf/lzf.h ;;
    libhdf5)   hdr hdf5/serial/hdf5.h ;;
    cmake)     command -v cmake >/dev/null 2>&1 ;;
    cppcheck)  command -v cppcheck >/dev/null 2>&1 ;;
    valgrind)  command -v valgrind >/dev/null 2>&1 ;;
    pkgconfig) command -v pkg-config >/dev/null 2>&1 ;;
    cross)     command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 && command -v s390x-linux-gnu-gcc >/dev/null 2>&1 && command -v qemu-arm >/dev/null 2>&1 ;;
    *)         false ;;
    esac || miss="$miss $t"
done
echo $miss
