/* libFuzzer target: Zstandard round trip (libzstd compresses the input at a
 * level and with flags from the first bytes; h5l__zstd_decompress must give
 * it back exactly, and fail cleanly with one byte less room). */
#define FUZZ_ROUNDTRIP 1
#include "fuzz_zstd.c"
