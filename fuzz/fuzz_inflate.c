/* libFuzzer target for h5l__inflate, differential against zlib.
 *   clang -fsanitize=fuzzer,address,undefined -I/work/main -I. fuzz_inflate.c -lz
 *
 * Input: bytes 0-1 give cap (little-endian, < 64 KiB; times 16 when byte 2
 * has 0x40: < 1 MiB). Byte 2: 0x10 put a zlib header before the body, 0x20
 * also give it the right Adler-32 (zlib's raw inflate learns what the body
 * decodes to), so the fuzzer reaches valid streams without computing
 * checksums. The rest is the body.
 *  (a) ours vs zlib's inflate() on that stream with capacity cap: zlib
 *      accepts -> ours accepts with the same bytes; zlib rejects -> ours
 *      rejects. No exceptions were needed (see NOTES.md).
 *  (b) the body compressed by zlib (level, strategy, window from bytes 0-1)
 *      must decode exactly, with cap = its length; cap - 1 must fail. */
#include "../hdf5lite.c"
#include <stdio.h>
#include <zlib.h>

static int ours(const uint8_t *s, size_t n, size_t cap, uint8_t **out, size_t *len)
{
    uint8_t *src = malloc(n ? n : 1), *dst = malloc(cap ? cap : 1);   /* exact sizes: ASan sees any overrun */
    const char *why = NULL;
    int rc;
    memcpy(src, s, n);
    rc = h5l__inflate(src, n, cap ? dst : NULL, cap, len, &why);
    if (rc != 0 && (!why || !*why)) abort();
    free(src);
    *out = dst;
    return rc;
}

static void part_a(const uint8_t *body, size_t n, size_t cap, unsigned flags)
{
    uint8_t *s = malloc(n + 8), *zo = malloc(cap ? cap : 1), *oo;
    size_t sn = 0, ol = 0;
    uLongf zl = cap;
    uint8_t one;
    int zr, rc;
    if (flags & 0x10) {
        s[sn++] = 0x78;
        s[sn++] = 0x9c;
    }
    if ((flags & 0x30) == 0x30) {
        /* body as raw deflate: what does it decode to, where does it end? */
        z_stream z;
        size_t tcap = cap + 4096;   /* output beyond that fails on cap anyway */
        uint8_t *tmp = malloc(tcap);
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -15) == Z_OK) {
            z.next_in = (uint8_t *)body;
            z.avail_in = (uInt)n;
            z.next_out = tmp;
            z.avail_out = (uInt)tcap;
            if (inflate(&z, Z_FINISH) == Z_STREAM_END) {
                size_t used = n - z.avail_in;
                uint32_t a = (uint32_t)adler32(1, tmp, (uInt)z.total_out);
                memcpy(s + sn, body, used);
                sn += used;
                s[sn++] = (uint8_t)(a >> 24);
                s[sn++] = (uint8_t)(a >> 16);
                s[sn++] = (uint8_t)(a >> 8);
                s[sn++] = (uint8_t)a;
                n = 0;   /* done: the body is in s */
            }
            inflateEnd(&z);
        }
        free(tmp);
    }
    if (n) {
        memcpy(s + sn, body, n);
        sn += n;
    }
    {
        /* zlib's verdict with exactly cap bytes of room. Not uncompress(): with
         * *destLen == 0 it decodes into a private 1-byte buffer and says Z_OK
         * (length 0) for a stream of one byte (found by this fuzzer). */
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit(&z) != Z_OK) abort();
        z.next_in = s;
        z.avail_in = (uInt)sn;
        z.next_out = cap ? zo : &one;
        z.avail_out = (uInt)cap;
        zr = inflate(&z, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_DATA_ERROR;
        zl = z.total_out;
        inflateEnd(&z);
    }
    rc = ours(s, sn, cap, &oo, &ol);
    if (zr == Z_OK) {
        if (rc != 0 || ol != zl || memcmp(oo, zo, ol)) {
            fprintf(stderr, "zlib accepts (%lu bytes), ours rc %d len %zu\n", (unsigned long)zl, rc, ol);
            abort();
        }
    } else if (rc == 0) {
        fprintf(stderr, "zlib rejects (%d), ours accepts %zu bytes\n", zr, ol);
        abort();
    }
    free(s);
    free(zo);
    free(oo);
}

static void part_b(const uint8_t *body, size_t n, unsigned b0, unsigned b1)
{
    static const int strategies[5] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
    z_stream z;
    size_t zcap = n + n / 8 + 1024, zn, ol;
    uint8_t *zb = malloc(zcap), *oo;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, (int)(b0 % 10), Z_DEFLATED, 9 + (int)(b1 % 7), 1 + (int)(b1 / 7 % 9),
                     strategies[b0 / 10 % 5]) != Z_OK)
        abort();
    z.next_in = (uint8_t *)body;
    z.avail_in = (uInt)n;
    z.next_out = zb;
    z.avail_out = (uInt)zcap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
    zn = z.total_out;
    deflateEnd(&z);
    if (ours(zb, zn, n, &oo, &ol) != 0 || ol != n || memcmp(oo, body, n)) {
        fprintf(stderr, "round trip failed: %zu bytes\n", n);
        abort();
    }
    free(oo);
    if (n > 0) {
        if (ours(zb, zn, n - 1, &oo, &ol) == 0) {
            fprintf(stderr, "cap - 1 accepted\n");
            abort();
        }
        free(oo);
    }
    free(zb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap;
    if (size < 3) return 0;
    cap = (size_t)data[0] | ((size_t)data[1] << 8);
    if (data[2] & 0x40) cap <<= 4;
    part_a(data + 3, size - 3, cap, data[2]);
    part_b(data + 3, size - 3, data[0], data[1]);
    return 0;
}
