/* libFuzzer target for the blosc block, differential against libblosc 1.x.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined fuzz_blosc.c -lblosc -llz4 -lz -lzstd -o fuzz_blosc
 * data[0] & 1 == 0: differential. The rest of the input is a Blosc buffer whose
 *   header is made valid-looking (version 2, codec version 1, reserved bit 0,
 *   sizes bounded, cbytes <= the buffer), steered by data[1]. libblosc decodes
 *   into the same cap: if it returns nbytes, ours must give the same bytes;
 *   if it rejects, ours must reject or (rarely) agree.
 * data[0] & 1 == 1: round trip. data[1..5] pick codec, shuffle, clevel,
 *   typesize, blocksize, split mode; libblosc compresses the rest; ours must
 *   decode it exactly (or, for c-blosc's ALWAYS_SPLIT writer mode, agree with
 *   libblosc's own reading). */
#include "../hdf5lite.c"
#include <stdlib.h>
#include <stdio.h>
#include <blosc.h>

#define MAXCAP (1u << 20)

static uint8_t *g_dst1, *g_dst2, *g_tmp, *g_buf;
static size_t g_tmpcap = MAXCAP + 64 + 139264;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void setup(void)
{
    if (g_dst1) return;
    g_dst1 = malloc(MAXCAP + 1);
    g_dst2 = malloc(MAXCAP + 1);
    g_tmp = malloc(g_tmpcap);
    g_buf = malloc(MAXCAP + 4096);
}

static void fail(const char *what)
{
    fprintf(stderr, "MISMATCH: %s\n", what);
    abort();
}

static void differential(const uint8_t *data, size_t size)
{
    uint8_t knob;
    size_t n, cap, got = 0;
    uint32_t nbytes, bs;
    const char *why = NULL;
    int rc, r;
    if (size < 2 + 16) return;
    knob = data[1];
    n = size - 2;
    if (n > MAXCAP) n = MAXCAP;
    memcpy(g_buf, data + 2, n);
    if (!(knob & 1)) g_buf[0] = 2;
    if (!(knob & 2)) g_buf[1] = 1;
    if (!(knob & 4)) g_buf[2] &= (uint8_t)~0x08u;
    if (!(knob & 8) && (g_buf[2] >> 5) > 4) g_buf[2] = (uint8_t)((g_buf[2] & 0x1f) | (((g_buf[2] >> 5) % 5) << 5));
    nbytes = h5l__ld32(g_buf + 4);
    bs = h5l__ld32(g_buf + 8);
    if (!(knob & 16)) {
        nbytes %= (knob & 32) ? (1u << 18) : 4096u;
        bs = bs % (nbytes + 1);
        if (bs == 0) bs = nbytes;
        put32(g_buf + 4, nbytes);
        put32(g_buf + 8, bs);
    }
    /* libblosc trusts cbytes for how much it may read: keep it <= n */
    if (h5l__ld32(g_buf + 12) > n || !(knob & 64)) put32(g_buf + 12, (uint32_t)n);
    if (g_buf[2] & 0x02) {
        if (!(knob & 128) && nbytes + 16u <= n) put32(g_buf + 12, nbytes + 16u);
    }
    nbytes = h5l__ld32(g_buf + 4);
    cap = nbytes <= MAXCAP ? nbytes : MAXCAP;
    if (knob & 128) cap = cap + (data[0] >> 1) <= MAXCAP ? cap + (data[0] >> 1) : cap;
    rc = h5l__blosc_decode(g_buf, n, g_dst1, cap, NULL, 0, g_tmp, cap + 64 + 139264, &got, &why);
    if (rc != 0 && (why == NULL || got != 0)) fail("failure without reason or with output");
    if (rc == 0 && got > cap) fail("output past cap");
    r = blosc_decompress_ctx(g_buf, g_dst2, cap, 1);
    if (nbytes == 0) {
        if (rc != 0 || got != 0) fail("empty buffer");
        return;
    }
    if (r > 0 && (uint32_t)r == nbytes) {
        if (rc != 0) {
            fprintf(stderr, "ours: %s\n", why);
            fail("libblosc decodes, ours rejects");
        }
        if (got != (size_t)r || memcmp(g_dst1, g_dst2, got) != 0) fail("different bytes");
    }
}

static void roundtrip(const uint8_t *data, size_t size)
{
    static const char *const codecs[] = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};
    static const int modes[] = {BLOSC_FORWARD_COMPAT_SPLIT, BLOSC_AUTO_SPLIT, BLOSC_NEVER_SPLIT, BLOSC_ALWAYS_SPLIT};
    const uint8_t *payload;
    size_t n, got = 0, typesize, blocksize;
    int codec, shuffle, clevel, mode, csz, rc, r;
    const char *why = NULL;
    if (size < 6) return;
    codec = data[1] % 6;
    shuffle = (data[1] / 6) % 3;
    clevel = data[2] % 10;
    mode = (data[2] / 10) % 4;
    typesize = data[3] < 128 ? (size_t)(1u << (data[3] % 5)) : (size_t)data[3] - 127u; /* 1..128 */
    blocksize = data[4] < 128 ? 0 : (size_t)(data[4] - 127) * 97u;
    payload = data + 5;
    n = size - 5;
    if (data[0] & 2) { /* stretch small inputs into bigger, repetitive buffers */
        size_t reps = (size_t)(data[0] >> 2) + 1, i, m = n * reps;
        if (m > MAXCAP) m = MAXCAP;
        for (i = 0; i < m; i++) g_dst2[i] = (uint8_t)(payload[i % n] + (uint8_t)((i / n) * (data[0] & 8 ? 1 : 0)));
        memcpy(g_dst1, g_dst2, m);
        payload = g_dst1;
        n = m;
    }
    if (n > MAXCAP) n = MAXCAP;
    blosc_set_splitmode(modes[mode]);
    csz = blosc_compress_ctx(clevel, shuffle, typesize, n, payload, g_buf, n + 16, codecs[codec], blocksize, 1);
    blosc_set_splitmode(BLOSC_FORWARD_COMPAT_SPLIT);
    if (csz <= 0) return;
    {
        uint8_t *orig = malloc(n + 1), *out = malloc(n + 1);
        memcpy(orig, payload, n);
        rc = h5l__blosc_decode(g_buf, (size_t)csz, out, n, NULL, 0, g_tmp, n + 64 + 139264, &got, &why);
        if (modes[mode] != BLOSC_ALWAYS_SPLIT) {
            if (rc != 0) {
                fprintf(stderr, "ours: %s (codec %s shuffle %d ts %zu bs %zu cl %d)\n", why, codecs[codec], shuffle,
                        typesize, blocksize, clevel);
                fail("round trip rejected");
            }
            if (got != n || memcmp(out, orig, n) != 0) fail("round trip differs");
        } else {
            r = blosc_decompress_ctx(g_buf, g_dst2, n, 1);
            if (r > 0 && (size_t)r == n) {
                if (rc != 0 || got != n || memcmp(out, g_dst2, n) != 0) fail("always-split: differs from libblosc");
            }
        }
        free(orig);
        free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    if (size < 1) return 0;
    if (data[0] & 1) roundtrip(data, size);
    else differential(data, size);
    return 0;
}
