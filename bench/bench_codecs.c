/* make bench, codecs part (issue 17): hdf5lite's own decoders of the
 * hdf5plugin family against the reference libraries decoding the same bytes.
 *
 *   lz4        filter 32004 chunks (HDF5 lz4 framing, 1 MiB blocks made with
 *              LZ4_compress_default and LZ4_compress_HC 9): h5l__lz4_decode
 *              against liblz4's LZ4_decompress_safe over the same blocks
 *   zstd       filter 32015 chunks (ZSTD_compress levels 1, 3, 9, 19):
 *              h5l__zstd_decode against libzstd's ZSTD_decompressDCtx
 *   blosc      filter 32001 chunks (blosc_compress_ctx, clevel 5, codecs
 *              blosclz / lz4 / zlib / zstd, no / byte / bit shuffle, typesize
 *              8): h5l__blosc_decode against blosc_decompress_ctx on 1 thread
 *   bitshuffle filter 32008 chunks with LZ4 (8 KiB blocks): h5l__bshuf_decode
 *              against liblz4 + a straightforward bit-by-bit transposition
 *              (the reference of the tests), and the untransposition alone
 *              against blosc's (blosc_decompress with BITSHUFFLE minus
 *              blosc_decompress with byte SHUFFLE on the same data: an
 *              estimate that flatters blosc)
 * Data: 16 chunks of 1 MiB per kind -- float64 smooth series, int64
 * counters, text-like CSV bytes, random bytes. MB/s of decoded bytes (1 MB =
 * 10^6 B), best of --runs (default 5), one thread, one process, warm caches.
 * Usage: bench_codecs [--quick] [--runs N] */
#include "../hdf5lite.c"

#include <blosc.h>
#include <dlfcn.h>
#include <lz4.h>
#include <lz4hc.h>
#include <stdio.h>
#include <time.h>
#include <zstd.h>

#define CHUNK ((size_t)1 << 20)
static int runs = 5;
static size_t nchunks = 16;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

enum { K_F64, K_I64, K_TEXT, K_RAND, NKINDS };
static const char *kind_name[NKINDS] = {"f64-smooth", "i64-count", "text", "random"};

static void make_data(int kind, uint8_t *p, size_t n)
{
    size_t i;
    if (kind == K_F64) {
        double x = 0, v = 1000;
        for (i = 0; i + 8 <= n; i += 8) {
            x += 1e-3;
            v += (double)(int64_t)(rnd() % 2001 - 1000) * 1e-4 + x * 1e-6;
            memcpy(p + i, &v, 8);
        }
    } else if (kind == K_I64) {
        int64_t c = 0;
        for (i = 0; i + 8 <= n; i += 8) {
            c += (int64_t)(rnd() % 5);
            memcpy(p + i, &c, 8);
        }
    } else if (kind == K_TEXT) {
        static const char *words[] = {"1970-01-01", "42", "3.25", "\"some text, quoted\"", "true", "false", "NaN", "-17", "0.001", "alpha"};
        size_t o = 0;
        while (o < n) {
            const char *w = words[rnd() % 10];
            size_t l = strlen(w);
            if (l > n - o) l = n - o;
            memcpy(p + o, w, l);
            o += l;
            if (o < n) p[o++] = (rnd() % 6) ? ',' : '\n';
        }
    } else {
        for (i = 0; i < n; i++) p[i] = (uint8_t)(rnd() >> 32);
    }
}

typedef struct enc {
    uint8_t *z[64];
    size_t zn[64];
} enc;

/* Time `body` over every chunk: best of runs, MB/s of decoded bytes. */
#define RATE(var, ...)                                        \
    do {                                                      \
        int r_;                                               \
        double best_ = 1e30;                                  \
        for (r_ = 0; r_ < runs; r_++) {                       \
            double t0_ = now(), t_;                           \
            size_t c;                                         \
            for (c = 0; c < nchunks; c++) {                   \
                __VA_ARGS__;                                  \
            }                                                 \
            t_ = now() - t0_;                                 \
            if (t_ < best_) best_ = t_;                       \
        }                                                     \
        var = (double)(nchunks * CHUNK) / best_ / 1e6;        \
    } while (0)

static void die(const char *what)
{
    fprintf(stderr, "bench_codecs: %s\n", what);
    exit(1);
}

static uint8_t *data[NKINDS], *out, *tmp;
static size_t tmpcap;

static void check(int rc, size_t got, size_t c, int kind, const uint8_t *o, const char *what)
{
    if (rc != 0 || got != CHUNK || memcmp(o, data[kind] + c * CHUNK, CHUNK) != 0) {
        fprintf(stderr, "bench_codecs: %s %s chunk %zu decodes wrong (rc %d, %zu bytes)\n", what, kind_name[kind], c, rc, got);
        exit(1);
    }
}

static void put32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* ---- LZ4 ---------------------------------------------------------------- */
static void bench_lz4(void)
{
    int kind, hc;
    printf("\n== LZ4 (filter 32004): h5l__lz4_decode vs liblz4 %s LZ4_decompress_safe, 1 MiB chunks of one 1 MiB block ==\n", LZ4_versionString());
    printf("%-11s %-8s %6s %12s %12s %8s\n", "data", "encoder", "ratio", "liblz4 MB/s", "ours MB/s", "ours/ref");
    for (kind = 0; kind < NKINDS; kind++)
        for (hc = 0; hc < 2; hc++) {
            enc e;
            size_t c, zt = 0;
            double ref, ours;
            for (c = 0; c < nchunks; c++) {
                int bound = LZ4_compressBound((int)CHUNK), k;
                e.z[c] = (uint8_t *)malloc((size_t)bound + 16);
                k = hc ? LZ4_compress_HC((const char *)data[kind] + c * CHUNK, (char *)e.z[c] + 16, (int)CHUNK, bound, 9)
                       : LZ4_compress_default((const char *)data[kind] + c * CHUNK, (char *)e.z[c] + 16, (int)CHUNK, bound);
                if (k <= 0) die("LZ4 compress failed");
                if ((size_t)k >= CHUNK) {   /* stored raw, as the plugin does */
                    memcpy(e.z[c] + 16, data[kind] + c * CHUNK, CHUNK);
                    k = (int)CHUNK;
                }
                memset(e.z[c], 0, 4);
                put32be(e.z[c] + 4, (uint32_t)CHUNK);
                put32be(e.z[c] + 8, (uint32_t)CHUNK);
                put32be(e.z[c] + 12, (uint32_t)k);
                e.zn[c] = 16 + (size_t)k;
                zt += e.zn[c];
            }
            RATE(ref, {
                if ((size_t)e.zn[c] - 16 == CHUNK) memcpy(out, e.z[c] + 16, CHUNK);
                else if (LZ4_decompress_safe((const char *)e.z[c] + 16, (char *)out, (int)e.zn[c] - 16, (int)CHUNK) != (int)CHUNK) die("liblz4 failed");
            });
            RATE(ours, {
                size_t got = 0;
                int rc = h5l__lz4_decode(e.z[c], e.zn[c], out, CHUNK, NULL, 0, tmp, tmpcap, &got, NULL);
                if (r_ == 0) check(rc, got, c, kind, out, "lz4");
            });
            printf("%-11s %-8s %6.2f %12.0f %12.0f %8.2f\n", kind_name[kind], hc ? "HC 9" : "default", (double)(nchunks * CHUNK) / (double)zt, ref, ours,
                   ours / ref);
            for (c = 0; c < nchunks; c++) free(e.z[c]);
        }
}

/* ---- Zstandard ------------------------------------------------------------- */
static void bench_zstd(void)
{
    static const int levels[] = {1, 3, 9, 19};
    int kind;
    unsigned li;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    printf("\n== Zstandard (filter 32015): h5l__zstd_decode vs libzstd %s ZSTD_decompressDCtx, one frame per 1 MiB chunk ==\n", ZSTD_versionString());
    printf("%-11s %-8s %6s %12s %12s %8s\n", "data", "level", "ratio", "libzstd MB/s", "ours MB/s", "ours/ref");
    for (kind = 0; kind < NKINDS; kind++)
        for (li = 0; li < sizeof levels / sizeof *levels; li++) {
            enc e;
            size_t c, zt = 0;
            double ref, ours;
            if (runs == 1 && levels[li] == 19) continue;
            for (c = 0; c < nchunks; c++) {
                size_t b = ZSTD_compressBound(CHUNK);
                e.z[c] = (uint8_t *)malloc(b);
                e.zn[c] = ZSTD_compress(e.z[c], b, data[kind] + c * CHUNK, CHUNK, levels[li]);
                if (ZSTD_isError(e.zn[c])) die("ZSTD_compress failed");
                zt += e.zn[c];
            }
            RATE(ref, {
                if (ZSTD_decompressDCtx(dctx, out, CHUNK, e.z[c], e.zn[c]) != CHUNK) die("libzstd failed");
            });
            RATE(ours, {
                size_t got = 0;
                int rc = h5l__zstd_decode(e.z[c], e.zn[c], out, CHUNK, NULL, 0, tmp, tmpcap, &got, NULL);
                if (r_ == 0) check(rc, got, c, kind, out, "zstd");
            });
            printf("%-11s %-8d %6.2f %12.0f %12.0f %8.2f\n", kind_name[kind], levels[li], (double)(nchunks * CHUNK) / (double)zt, ref, ours, ours / ref);
            for (c = 0; c < nchunks; c++) free(e.z[c]);
        }
    ZSTD_freeDCtx(dctx);
}

/* ---- Blosc ------------------------------------------------------------------ */
static void bench_blosc(void)
{
    static const char *codecs[] = {"blosclz", "lz4", "zlib", "zstd"};
    static const char *shuf_name[] = {"none", "byte", "bit"};
    int kind, s;
    unsigned ci;
    printf("\n== Blosc (filter 32001): h5l__blosc_decode vs libblosc %s blosc_decompress_ctx (1 thread), clevel 5, typesize 8 ==\n", BLOSC_VERSION_STRING);
    printf("%-11s %-8s %-5s %6s %12s %12s %8s\n", "data", "codec", "shuf", "ratio", "blosc MB/s", "ours MB/s", "ours/ref");
    for (kind = 0; kind < NKINDS; kind++)
        for (ci = 0; ci < sizeof codecs / sizeof *codecs; ci++)
            for (s = 0; s < 3; s++) {
                enc e;
                size_t c, zt = 0;
                double ref, ours;
                if (runs == 1 && kind != K_F64) continue;
                for (c = 0; c < nchunks; c++) {
                    e.z[c] = (uint8_t *)malloc(CHUNK + BLOSC_MAX_OVERHEAD);
                    e.zn[c] = (size_t)blosc_compress_ctx(5, s, 8, CHUNK, data[kind] + c * CHUNK, e.z[c], CHUNK + BLOSC_MAX_OVERHEAD, codecs[ci], 0, 1);
                    if ((int)e.zn[c] <= 0) die("blosc_compress_ctx failed");
                    zt += e.zn[c];
                }
                RATE(ref, {
                    if (blosc_decompress_ctx(e.z[c], out, CHUNK, 1) != (int)CHUNK) die("libblosc failed");
                });
                RATE(ours, {
                    size_t got = 0;
                    int rc = h5l__blosc_decode(e.z[c], e.zn[c], out, CHUNK, NULL, 0, tmp, tmpcap, &got, NULL);
                    if (r_ == 0) check(rc, got, c, kind, out, "blosc");
                });
                printf("%-11s %-8s %-5s %6.2f %12.0f %12.0f %8.2f\n", kind_name[kind], codecs[ci], shuf_name[s], (double)(nchunks * CHUNK) / (double)zt, ref,
                       ours, ours / ref);
                for (c = 0; c < nchunks; c++) free(e.z[c]);
            }
}

/* ---- bitshuffle ---------------------------------------------------------------- */

/* The transposition the tests use: bit j of byte k of element i goes to bit
 * i%8 of byte i/8 of plane 8k+j. */
static void ref_bitshuffle(const uint8_t *in, uint8_t *o, size_t nelem, size_t es, int inverse)
{
    size_t i, k, j, nb = nelem / 8;
    memset(o, 0, nelem * es);
    for (i = 0; i < nelem; i++)
        for (k = 0; k < es; k++)
            for (j = 0; j < 8; j++) {
                size_t plane = 8 * k + j;
                if (!inverse) {
                    if (in[i * es + k] >> j & 1) o[plane * nb + i / 8] |= (uint8_t)(1u << (i % 8));
                } else {
                    if (in[plane * nb + i / 8] >> (i % 8) & 1) o[i * es + k] |= (uint8_t)(1u << j);
                }
            }
}

static void bench_bshuf(void)
{
    int kind;
    size_t es = 8, be = 1024;   /* 8 KiB blocks of float64 / int64: the filter's default */
    printf("\n== bitshuffle + LZ4 (filter 32008), element size 8, 8 KiB blocks: h5l__bshuf_decode vs liblz4 + the bit-by-bit reference ==\n");
    printf("%-11s %6s %12s %12s %8s\n", "data", "ratio", "ref MB/s", "ours MB/s", "ours/ref");
    for (kind = 0; kind < NKINDS; kind++) {
        enc e;
        size_t c, zt = 0;
        double ref, ours;
        uint8_t *t = (uint8_t *)malloc(be * es);
        for (c = 0; c < nchunks; c++) {
            size_t o = 12, i;
            e.z[c] = (uint8_t *)malloc(12 + (CHUNK / (be * es)) * (4 + (size_t)LZ4_compressBound((int)(be * es))));
            memset(e.z[c], 0, 4);
            put32be(e.z[c] + 4, (uint32_t)CHUNK);
            put32be(e.z[c] + 8, (uint32_t)(be * es));
            for (i = 0; i < CHUNK; i += be * es) {
                int k;
                ref_bitshuffle(data[kind] + c * CHUNK + i, t, be, es, 0);
                k = LZ4_compress_default((const char *)t, (char *)e.z[c] + o + 4, (int)(be * es), LZ4_compressBound((int)(be * es)));
                put32be(e.z[c] + o, (uint32_t)k);
                o += 4 + (size_t)k;
            }
            e.zn[c] = o;
            zt += o;
        }
        RATE(ref, {
            size_t o = 12, i;
            for (i = 0; i < CHUNK; i += be * es) {
                uint32_t k = h5l__ld32be(e.z[c] + o);
                if (LZ4_decompress_safe((const char *)e.z[c] + o + 4, (char *)t, (int)k, (int)(be * es)) != (int)(be * es)) die("liblz4 failed");
                ref_bitshuffle(t, out + i, be, es, 1);
                o += 4 + k;
            }
        });
        {
            uint32_t cd[5] = {0, 3, (uint32_t)es, (uint32_t)be, 2};
            RATE(ours, {
                size_t got = 0;
                int rc = h5l__bshuf_decode(e.z[c], e.zn[c], out, CHUNK, cd, 5, tmp, tmpcap, &got, NULL);
                if (r_ == 0) check(rc, got, c, kind, out, "bitshuffle");
            });
        }
        printf("%-11s %6.2f %12.0f %12.0f %8.2f\n", kind_name[kind], (double)(nchunks * CHUNK) / (double)zt, ref, ours, ours / ref);
        for (c = 0; c < nchunks; c++) free(e.z[c]);
        free(t);
    }
    /* the untransposition alone, against blosc's estimated from two decodes */
    printf("\n-- bit untransposition alone vs blosc's (blosc_decompress BITSHUFFLE minus byte SHUFFLE, codec lz4, clevel 1, 1 thread; an estimate; ours per block of blosc's block size) --\n");
    printf("%-8s %14s %12s %8s\n", "esize", "blosc MB/s", "ours MB/s", "ours/ref");
    for (es = 1; es <= 8; es *= 2) {
        double tb = 1e30, ts = 1e30, ours;
        int r;
        uint8_t *zb = (uint8_t *)malloc(CHUNK + BLOSC_MAX_OVERHEAD), *zs = (uint8_t *)malloc(CHUNK + BLOSC_MAX_OVERHEAD);
        int nb = blosc_compress_ctx(1, BLOSC_BITSHUFFLE, es, CHUNK, data[K_I64], zb, CHUNK + BLOSC_MAX_OVERHEAD, "lz4", 0, 1);
        int ns = blosc_compress_ctx(1, BLOSC_SHUFFLE, es, CHUNK, data[K_I64], zs, CHUNK + BLOSC_MAX_OVERHEAD, "lz4", 0, 1);
        if (nb <= 0 || ns <= 0) die("blosc_compress_ctx failed");
        for (r = 0; r < runs * 4; r++) {
            double t0 = now();
            blosc_decompress_ctx(zb, out, CHUNK, 1);
            t0 = now() - t0;
            if (t0 < tb) tb = t0;
            t0 = now();
            blosc_decompress_ctx(zs, out, CHUNK, 1);
            t0 = now() - t0;
            if (t0 < ts) ts = t0;
        }
        {
            size_t saved = nchunks;
            nchunks = 1;
            /* per block of blosc's own block size (header bytes 8..11), as in its decode */
            size_t bs = (size_t)zb[8] | (size_t)zb[9] << 8 | (size_t)zb[10] << 16 | (size_t)zb[11] << 24;
            if (bs == 0 || bs > CHUNK) bs = CHUNK;
            RATE(ours, {
                size_t o_;
                for (o_ = 0; o_ < CHUNK; o_ += bs)
                    h5l__bitunshuffle_block(data[K_I64] + o_, out + o_, CHUNK - o_ < bs ? CHUNK - o_ : bs, es);
            });
            nchunks = saved;
        }
        printf("%-8zu %14.0f %12.0f %8.2f%s\n", es, tb > ts ? (double)CHUNK / (tb - ts) / 1e6 : 0.0, ours,
               tb > ts ? ours / ((double)CHUNK / (tb - ts) / 1e6) : 0.0, tb > ts ? "" : "  (blosc's difference below the noise)");
        free(zb);
        free(zs);
    }
}

/* ---- bitshuffle against the bitshuffle library itself ------------------------
 * Debian's `bitshuffle` package ships the reference implementation as an HDF5
 * plugin (libh5bshuf.so, built for baseline x86-64: its SSE2 code paths);
 * loaded here with dlopen when present, never linked. */
typedef int64_t (*bshuf_codec_fn)(const void *, void *, size_t, size_t, size_t);
static void bench_bshuf_lib(void)
{
    static const char *paths[] = {"/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins/libh5bshuf.so",
                                  "/usr/lib/aarch64-linux-gnu/hdf5/serial/plugins/libh5bshuf.so", "libh5bshuf.so"};
    void *so = NULL;
    bshuf_codec_fn comp, decomp, unshuf;
    size_t i, es;
    int kind;
    for (i = 0; i < sizeof paths / sizeof paths[0] && !so; i++) so = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
    if (!so) {
        printf("\n(bitshuffle library not found -- apt-get install bitshuffle -- so no comparison with it)\n");
        return;
    }
    *(void **)&comp = dlsym(so, "bshuf_compress_lz4");
    *(void **)&decomp = dlsym(so, "bshuf_decompress_lz4");
    *(void **)&unshuf = dlsym(so, "bshuf_bitunshuffle");
    if (!comp || !decomp || !unshuf) die("libh5bshuf.so lacks bshuf_compress_lz4 / bshuf_decompress_lz4 / bshuf_bitunshuffle");
    printf("\n== bitshuffle (filter 32008) vs the bitshuffle library 0.3.5 (Debian's libh5bshuf.so: bshuf_decompress_lz4, bshuf_bitunshuffle), default blocks ==\n");
    printf("%-11s %5s %6s %12s %12s %8s\n", "data", "esize", "ratio", "bshuf MB/s", "ours MB/s", "ours/ref");
    for (kind = 0; kind < NKINDS; kind++) {
        for (es = 2; es <= 8; es *= 2) {
            enc e;
            size_t c, zt = 0, nel = CHUNK / es;
            double ref, ours;
            uint32_t cd[5] = {0, 3, 0, 0, 2};
            cd[2] = (uint32_t)es;
            for (c = 0; c < nchunks; c++) {
                int64_t k;
                e.z[c] = (uint8_t *)malloc(12 + CHUNK + CHUNK / 8 + 4096);
                memset(e.z[c], 0, 4);
                put32be(e.z[c] + 4, (uint32_t)CHUNK);
                put32be(e.z[c] + 8, (uint32_t)(8192 / es * es)); /* the library's default: 8 KiB / es elements */
                k = comp(data[kind] + c * CHUNK, e.z[c] + 12, nel, es, 0);
                if (k <= 0) die("bshuf_compress_lz4 failed");
                e.zn[c] = 12 + (size_t)k;
                zt += e.zn[c];
            }
            RATE(ref, {
                if (decomp(e.z[c] + 12, out, nel, es, 0) != (int64_t)(e.zn[c] - 12)) die("bshuf_decompress_lz4 failed");
            });
            RATE(ours, {
                size_t got = 0;
                int rc = h5l__bshuf_decode(e.z[c], e.zn[c], out, CHUNK, cd, 5, tmp, tmpcap, &got, NULL);
                if (r_ == 0) check(rc, got, c, kind, out, "bitshuffle (library-encoded)");
            });
            printf("%-11s %5zu %6.2f %12.0f %12.0f %8.2f\n", kind_name[kind], es, (double)(nchunks * CHUNK) / (double)zt, ref, ours, ours / ref);
            for (c = 0; c < nchunks; c++) free(e.z[c]);
        }
    }
    printf("-- untransposition alone (no LZ4): bshuf_bitunshuffle vs ours, same 8 KiB blocks --\n");
    printf("%-8s %14s %12s %8s\n", "esize", "bshuf MB/s", "ours MB/s", "ours/ref");
    for (es = 1; es <= 8; es *= 2) {
        double ref, ours;
        size_t saved = nchunks, nel = CHUNK / es, be = 8192 / es;
        nchunks = 4;
        RATE(ref, { if (unshuf(data[K_F64] + c * CHUNK, out, nel, es, 0) < 0) die("bshuf_bitunshuffle failed"); });
        RATE(ours, {
            size_t o_;
            for (o_ = 0; o_ < nel; o_ += be)
                h5l__bitunshuffle_block(data[K_F64] + c * CHUNK + o_ * es, out + o_ * es, (nel - o_ < be ? nel - o_ : be) * es, es);
        });
        nchunks = saved;
        printf("%-8zu %14.0f %12.0f %8.2f\n", es, ref, ours, ours / ref);
    }
    dlclose(so);
}

int main(int argc, char **argv)
{
    int i, kind;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            nchunks = 4;
            runs = 1;
        } else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_codecs [--quick] [--runs N]\n");
            return 2;
        }
    }
    if (runs < 1) runs = 1;
    blosc_init();
    for (kind = 0; kind < NKINDS; kind++) {
        if (!(data[kind] = (uint8_t *)malloc(nchunks * CHUNK))) die("out of memory");
        make_data(kind, data[kind], nchunks * CHUNK);
    }
    tmpcap = CHUNK + H5L__PLINE_SLACK + H5L__FILT_TMP_EXTRA;
    out = (uint8_t *)malloc(CHUNK + 64);
    tmp = (uint8_t *)malloc(tmpcap);
    if (!out || !tmp) die("out of memory");
    printf("bench_codecs: %zu chunks of 1 MiB per data kind, best of %d runs, one thread\n", nchunks, runs);
    bench_lz4();
    bench_zstd();
    bench_blosc();
    bench_bshuf();
    bench_bshuf_lib();
    blosc_destroy();
    return 0;
}
