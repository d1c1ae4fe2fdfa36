/* libFuzzer: fletcher32 against the definition (one word at a time, folds
 * after every 360 words, after an odd byte and at the end), and the
 * verify/strip verdict. */
#include "../hdf5lite.c"

static uint32_t ref(const uint8_t *p, size_t n)
{
    uint32_t a = 0, b = 0;
    size_t w, nw = n / 2;
    for (w = 0; w < nw; w++) {
        a += (uint32_t)p[2 * w] * 256u + p[2 * w + 1];
        b += a;
        if ((w + 1) % 360 == 0 || w + 1 == nw) {
            a = (a & 0xffffu) + (a >> 16);
            b = (b & 0xffffu) + (b >> 16);
        }
    }
    if (n % 2) {
        a += (uint32_t)p[n - 1] * 256u;
        b += a;
        a = (a & 0xffffu) + (a >> 16);
        b = (b & 0xffffu) + (b >> 16);
    }
    a = (a & 0xffffu) + (a >> 16);
    b = (b & 0xffffu) + (b >> 16);
    return (b << 16) | a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t out_n;
    const char *why;
    int rc;
    if (h5l__fletcher32(data, size) != ref(data, size)) abort();
    rc = h5l__fletcher32_check(data, size, &out_n, &why);
    if (size < 4) {
        if (rc == 0) abort();
    } else {
        uint32_t s = ref(data, size - 4), st = h5l__ld32(data + size - 4);
        int ok = st == s || st == (((s & 0x00ff00ffu) << 8) | ((s >> 8) & 0x00ff00ffu));
        if ((rc == 0) != ok || (rc == 0 && out_n != size - 4)) abort();
    }
    return 0;
}
