/* libFuzzer: shuffle/unshuffle against the definition, and round trip.
 *   input: byte 0 = element size selector (1..40), rest = the chunk. */
#include "../hdf5lite.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t esz, n, i, j, ne, out_n;
    const uint8_t *s;
    uint8_t *a, *b, *r;
    uint32_t cd;
    const char *why;
    if (size < 1) return 0;
    esz = (size_t)(data[0] % 40) + 1;
    if (data[0] >= 200) esz = data[0] & 1 ? 8 : 4;             /* weight the fast paths */
    s = data + 1;
    n = size - 1;
    ne = n / esz;
    a = (uint8_t *)malloc(n + 1);
    b = (uint8_t *)malloc(n + 1);
    r = (uint8_t *)malloc(n + 1);
    cd = (uint32_t)esz;
    for (i = 0; i < ne; i++)
        for (j = 0; j < esz; j++) r[i * esz + j] = s[j * ne + i];
    for (i = ne * esz; i < n; i++) r[i] = s[i];
    if (h5l__unshuffle(s, n, a, n, &cd, 1, &out_n, &why) != 0 || out_n != n) abort();
    if (n && memcmp(a, r, n) != 0) abort();
    if (h5l__shuffle(a, n, b, n, &cd, 1, &out_n, &why) != 0 || out_n != n) abort();
    if (n && memcmp(b, s, n) != 0) abort();
    if (n && h5l__unshuffle(s, n, a, n - 1, &cd, 1, &out_n, &why) == 0) abort();
    free(a);
    free(b);
    free(r);
    return 0;
}
