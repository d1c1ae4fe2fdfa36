/* libFuzzer target for h5l__deflate.
 *   clang -fsanitize=fuzzer,address,undefined -I/work/main -I. fuzz_deflate.c -lz
 * Byte 0: level = 1 + byte0 % 9; bit 0x80 of byte 0: repeat the body 1..4
 * times (byte 1 low bits) to reach match-rich and multi-block inputs. The
 * rest is the input.
 *  (a) encode with a roomy cap into an exact-size buffer: must succeed,
 *      zlib's inflate and h5l__inflate must give the input back.
 *  (b) encode again with cap = length - 1 - k (k from byte 1) in an
 *      exact-size buffer: must be H5L__FILT_NOFIT (ASan sees any overrun).
 *  (c) the work area's junk must not matter: a second encode (different
 *      junk) gives the same bytes. */
#include "../hdf5lite.c"
#include <stdio.h>
#include <zlib.h>

static size_t enc(const uint8_t *s, size_t n, int level, size_t cap, int junk, uint8_t **out, int *rc)
{
    size_t ws = h5l__deflate_work_size(level, n), on = 0;
    uint8_t *w = malloc(ws), *d = malloc(cap ? cap : 1);
    const char *why = NULL;
    memset(w, junk, ws);
    *rc = h5l__deflate(s, n, cap ? d : NULL, cap, level, w, ws, &on, &why);
    if (*rc != 0 && (!why || !*why || on != 0)) abort();
    free(w);
    *out = d;
    return on;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int level, rc, reps;
    size_t n, zn, zn2, cap, i, bl;
    uint8_t *src, *z, *z2, *back;
    const char *why;
    if (size < 2) return 0;
    level = 1 + data[0] % 9;
    reps = (data[0] & 0x80) ? 1 + (data[1] & 3) : 1;
    n = (size - 2) * (size_t)reps;
    src = malloc(n ? n : 1);   /* exact size: reads past n are caught */
    for (i = 0; i < (size_t)reps; i++) memcpy(src + i * (size - 2), data + 2, size - 2);
    cap = n + 5 * (n / 65535 + 1) + 16;
    zn = enc(src, n, level, cap, 0x5a, &z, &rc);
    if (rc != 0) {
        fprintf(stderr, "encode failed: rc %d\n", rc);
        abort();
    }
    {   /* zlib */
        z_stream st;
        uint8_t *o = malloc(n + 1);
        memset(&st, 0, sizeof st);
        if (inflateInit(&st) != Z_OK) abort();
        st.next_in = z;
        st.avail_in = (uInt)zn;
        st.next_out = o;
        st.avail_out = (uInt)(n + 1);
        if (inflate(&st, Z_FINISH) != Z_STREAM_END || st.total_out != n || st.avail_in || (n && memcmp(o, src, n))) {
            fprintf(stderr, "zlib round trip failed: level %d n %zu\n", level, n);
            abort();
        }
        inflateEnd(&st);
        free(o);
    }
    back = malloc(n ? n : 1);   /* ours */
    if (h5l__inflate(z, zn, n ? back : NULL, n, &bl, &why) != 0 || bl != n || (n && memcmp(back, src, n))) abort();
    free(back);
    zn2 = enc(src, n, level, zn, 0xc3, &z2, &rc);   /* junk in work, cap = length exactly */
    if (rc != 0 || zn2 != zn || memcmp(z, z2, zn)) abort();
    free(z2);
    {   /* too small */
        size_t k = data[1] >> 2, c = zn - 1 - (k < zn - 1 ? k : zn - 1);
        enc(src, n, level, c, 0x11, &z2, &rc);
        if (rc != H5L__FILT_NOFIT) {
            fprintf(stderr, "cap %zu < %zu: rc %d\n", c, zn, rc);
            abort();
        }
        free(z2);
    }
    free(z);
    free(src);
    return 0;
}
