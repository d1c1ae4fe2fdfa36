/* libFuzzer target: LZ4 (filter 32004) differential + round trip.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined fuzz_lz4.c -o fuzz_lz4 -llz4 -lzstd
 * byte 0 picks the mode:
 *   even: rest = a raw LZ4 block, cap from bytes 1..2; liblz4's
 *         LZ4_decompress_safe with the same cap is the oracle (accepts ->
 *         same bytes, except blocks with a zero offset, which we reject;
 *         rejects -> ours may reject or accept).  The same bytes also go
 *         through h5l__lz4_decode (must not crash).
 *   odd:  rest = data; compressed with LZ4_compress_fast/HC at a level and
 *         block size from bytes 1..2, HDF5 framing built here;
 *         h5l__lz4_decode must return the data exactly. */
#include "../hdf5lite.c"
#include <lz4.h>
#include <lz4hc.h>
#include <stdlib.h>

static void put32be(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }

static int has_zero_offset(const uint8_t *s, size_t n)
{
    size_t p = 0;
    while (p < n) {
        unsigned t = s[p++];
        size_t l = t >> 4;
        if (l == 15) { unsigned b; do { if (p >= n) return 0; b = s[p++]; l += b; } while (b == 255); }
        if (l > n - p) return 0;
        p += l;
        if (p == n || n - p < 2) return 0;
        if (s[p] == 0 && s[p + 1] == 0) return 1;
        p += 2;
        if ((t & 15) == 15) { unsigned b; do { if (p >= n) return 0; b = s[p++]; } while (b == 255); }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    if ((data[0] & 1) == 0) {
        const uint8_t *b = data + 3;
        size_t n = size - 3, cap = ((size_t)data[1] << 8 | data[2]) * ((data[0] & 2) ? 16 : 1), got = 0;
        uint8_t *r = malloc(cap ? cap : 1), *o = malloc(cap ? cap : 1), *src = malloc(n ? n : 1);
        uint8_t *tmp;
        int rr, rc;
        memcpy(src, b, n); /* exact-size copy so ASan sees over-reads */
        memset(r, 0x33, cap); memset(o, 0x33, cap);
        rr = LZ4_decompress_safe((const char *)src, (char *)r, (int)n, (int)cap);
        rc = h5l__lz4_block(src, n, o, cap, &got);
        if (rr >= 0) {
            if (rc == 0) { if (got != (size_t)rr || memcmp(r, o, got) != 0) abort(); }
            else if (!has_zero_offset(src, n)) abort();
        } else if (rc == 0 && got > cap) abort();
        tmp = malloc(cap + 64 + 139264);
        rc = h5l__lz4_decode(src, n, o, cap, NULL, 0, tmp, cap + 64 + 139264, &got, NULL);
        if (rc == 0 && got > cap) abort();
        free(tmp); free(r); free(o); free(src);
    } else {
        const uint8_t *d = data + 3;
        size_t n = size - 3, bs = (size_t)data[2] * 64 + (data[1] & 0x3F), pos = 12, done = 0, got = 0, fb;
        int lvl = data[1] >> 6 == 3 ? 12 : (data[1] >> 6) * 4 - 3; /* -3 fast accel, 1 default, 5 HC */
        uint8_t *f, *o, *tmp;
        const char *why = NULL;
        if (bs == 0) bs = (size_t)1 << 30;
        if (bs > n) bs = n ? n : 1;
        fb = 12 + (n / bs + 1) * ((size_t)LZ4_compressBound((int)bs) + 4);
        f = malloc(fb);
        f[0] = f[1] = f[2] = f[3] = 0; put32be(f + 4, (uint32_t)n); put32be(f + 8, (uint32_t)bs);
        while (done < n) {
            size_t t = n - done < bs ? n - done : bs;
            int c = lvl > 1 ? LZ4_compress_HC((const char *)d + done, (char *)f + pos + 4, (int)t, LZ4_compressBound((int)t), lvl)
                            : LZ4_compress_fast((const char *)d + done, (char *)f + pos + 4, (int)t, LZ4_compressBound((int)t), lvl < 0 ? -lvl : 1);
            if (c <= 0 || (size_t)c >= t) { c = (int)t; memcpy(f + pos + 4, d + done, t); }
            put32be(f + pos, (uint32_t)c);
            pos += 4 + (size_t)c; done += t;
        }
        o = malloc(n ? n : 1);
        tmp = malloc(n + 64 + 139264);
        if (h5l__lz4_decode(f, pos, o, n, NULL, 0, tmp, n + 64 + 139264, &got, &why) != 0 || got != n || memcmp(o, d, n) != 0) abort();
        free(f); free(o); free(tmp);
    }
    return 0;
}
