/* libFuzzer targets for h5l__zstd_decompress.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. fuzz_zstd.c -lzstd -o fuzz_diff
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DFUZZ_ROUNDTRIP -I. fuzz_zstd.c -lzstd -o fuzz_rt
 * Differential: data[0..2) picks the output cap, the rest goes to both decoders with that cap.
 *   libzstd accepts -> ours accepts with the same bytes, unless ours rejects for a rule of
 *   RFC 8878 that libzstd 1.5.4 does not enforce (listed in rfc_only());
 *   both accept -> same bytes; libzstd rejects -> ours may reject or accept (counted; with
 *   FUZZ_STRICT=1 in the environment an accept there aborts, for investigation).
 * Round trip: data[0] = level (-7..19), data[1] = flags (checksum, content size, small
 *   flushes, window log); libzstd compresses data[2..], ours must decode exactly with
 *   cap = size and fail cleanly with cap = size - 1. */
#define ZSTD_STATIC_LINKING_ONLY
#include "../hdf5lite.c"
#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

static uint8_t work[H5L__ZSTD_WORK_SIZE];

#ifndef FUZZ_ROUNDTRIP
static int rfc_only(const char *why)
{
    return why && (strstr(why, "maximum block size") || strstr(why, "larger than the window") ||
                   strstr(why, "not consumed exactly") || strstr(why, "legacy") ||
                   strstr(why, "reserved bits set in the sequence modes") || strstr(why, "without end marker") ||
                   strstr(why, "bytes after an empty sequences section") || strstr(why, "runs past the end of"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ZSTD_DCtx *dc;
    static int strict = -1;
    size_t cap, rn, on = 0;
    uint8_t *o1, *o2;
    const char *why = NULL;
    int rc;
    if (!dc) dc = ZSTD_createDCtx();
    if (strict < 0) strict = getenv("FUZZ_STRICT") != NULL;
    if (size < 2) return 0;
    cap = (size_t)data[0] | (size_t)(data[1] & 0x7F) << 8; /* 0..32767 */
    if (data[1] & 0x80) cap <<= 5;                         /* or up to ~1 MiB */
    data += 2;
    size -= 2;
    o1 = malloc(cap ? cap : 1);
    o2 = malloc(cap ? cap : 1);
    rc = h5l__zstd_decompress(data, size, o1, cap, work, sizeof work, &on, &why);
    rn = ZSTD_decompressDCtx(dc, o2, cap, data, size);
    if (rc != 0 && (on != 0 || !why)) abort();
    if (!ZSTD_isError(rn)) {
        if (rc == 0) {
            if (on != rn || memcmp(o1, o2, on)) abort();
        } else if (!rfc_only(why)) {
            fprintf(stderr, "libzstd accepts %zu bytes, ours rejects: %s\n", rn, why);
            abort();
        }
    } else if (rc == 0 && strict) {
        fprintf(stderr, "ours accepts %zu bytes, libzstd rejects: %s\n", on, ZSTD_getErrorName(rn));
        abort();
    }
    free(o1);
    free(o2);
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ZSTD_CCtx *cc;
    int level;
    unsigned flags;
    size_t n, bound, cn, on;
    uint8_t *c, *o;
    const char *why;
    int rc;
    if (!cc) cc = ZSTD_createCCtx();
    if (size < 2) return 0;
    level = (int)(data[0] % 27) - 7;
    if (level == 0) level = 1;
    flags = data[1];
    data += 2;
    n = size - 2;
    bound = ZSTD_compressBound(n) + 4 * n + 1024; /* 1-byte flushes: 4 bytes per byte */
    c = malloc(bound);
    ZSTD_CCtx_reset(cc, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, flags & 1);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, (flags >> 1) & 1);
    if (flags & 8) ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 10 + ((flags >> 4) & 7));
    if (flags & 4) { /* stream with flushes every 1..~2000 bytes: many small blocks */
        size_t step = 1 + (size_t)(flags >> 4) * 131, pos = 0, r;
        ZSTD_outBuffer ob = {c, bound, 0};
        while (pos < n) {
            size_t l = n - pos < step ? n - pos : step;
            ZSTD_inBuffer ib = {data + pos, l, 0};
            do r = ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_flush);
            while (!ZSTD_isError(r) && r && ob.pos < ob.size);
            if (ZSTD_isError(r) || r) abort();
            pos += l;
        }
        {
            ZSTD_inBuffer ib = {NULL, 0, 0};
            do r = ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end);
            while (!ZSTD_isError(r) && r && ob.pos < ob.size);
            if (ZSTD_isError(r) || r) abort();
        }
        cn = ob.pos;
    } else {
        cn = ZSTD_compress2(cc, c, bound, data, n);
        if (ZSTD_isError(cn)) abort();
    }
    o = malloc(n ? n : 1);
    rc = h5l__zstd_decompress(c, cn, o, n, work, sizeof work, &on, &why);
    if (rc != 0 || on != n || memcmp(o, data, n)) {
        fprintf(stderr, "round trip failed: rc %d (%s) level %d flags %u n %zu\n", rc, rc ? why : "", level, flags, n);
        abort();
    }
    if (n) {
        uint8_t *o2 = malloc(n - 1 ? n - 1 : 1);
        rc = h5l__zstd_decompress(c, cn, o2, n - 1, work, sizeof work, &on, &why);
        if (rc != (int)H5L_ECORRUPT || on != 0 || !why) abort();
        free(o2);
    }
    free(o);
    free(c);
    return 0;
}
#endif
