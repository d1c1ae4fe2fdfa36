/* libFuzzer: LZF decoder differential against liblzf, and encoder round trip.
 *   input: byte 0..1 = output capacity selector, rest = an LZF stream; the
 *   whole input is also encoded with h5l__lzf_encode and decoded back (by us
 *   and by liblzf).
 * Build: clang -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -I/work/main
 *        -Wno-unused-function fuzz_lzf.c -llzf */
#include "../hdf5lite.c"
#include <liblzf/lzf.h>

static uint32_t htab[H5L__LZF_HTAB_LEN];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t o1[1 << 17], o2[1 << 17];
    size_t cap, on = 0, n;
    const uint8_t *s;
    const char *why = NULL;
    int rc;
    unsigned r;
    if (size < 2) return 0;
    cap = ((size_t)data[0] | ((size_t)data[1] << 8)) * 2;     /* 0 .. 131070 */
    s = data + 2;
    n = size - 2;
    if (n > 0) {                                               /* liblzf reads past an empty input */
        rc = h5l__lzf_decode(s, n, o1, cap, NULL, 0, &on, &why);
        r = lzf_decompress(s, (unsigned)n, o2, (unsigned)cap);
        if ((rc == 0) != (r != 0)) {
            fprintf(stderr, "verdicts differ: ours %d (%s), liblzf %u\n", rc, rc ? why : "ok", r);
            abort();
        }
        if (rc == 0 && (on != r || memcmp(o1, o2, on) != 0)) abort();
    }
    /* round trip of the whole input */
    {
        size_t ecap = size + size / 16 + 64, en = 0, dn = 0;
        uint8_t *enc = (uint8_t *)malloc(ecap), *dec = (uint8_t *)malloc(size + 1);
        rc = h5l__lzf_encode(data, size, enc, ecap, htab, &en, &why);
        if (rc != 0) abort();
        if (size > 0) {
            rc = h5l__lzf_decode(enc, en, dec, size, NULL, 0, &dn, &why);
            if (rc != 0 || dn != size || memcmp(dec, data, size) != 0) abort();
            if (lzf_decompress(enc, (unsigned)en, dec, (unsigned)size) != size || memcmp(dec, data, size) != 0) abort();
            /* one byte short of the output: both refuse */
            if (h5l__lzf_decode(enc, en, dec, size - 1, NULL, 0, &dn, &why) == 0) abort();
        }
        free(enc);
        free(dec);
    }
    return 0;
}
