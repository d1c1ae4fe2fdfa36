/* tests/test_deflate.c — hdf5lite's deflate encoder (h5l__deflate), differential
 * against zlib. Ends with "N passed, N failed".
 *   ./test_bin            everything
 *   ./test_bin quick      smaller matrices (for ASan)
 *   ./test_bin tiny       smaller still (for valgrind)
 *   ./test_bin record F   the quick matrix, also writing the replay corpus F for test_replay
 *                         (inputs, levels, output lengths and hashes: the s390x / armhf runs)
 * Every encoded stream is decoded by zlib's inflate AND by the project's
 * h5l__inflate and must give the input back; for every cap below the
 * stream's length the encoder must say H5L__FILT_NOFIT without writing
 * past cap (canary bytes after cap; exact-size buffers under ASan). */
#include "../hdf5lite.c"
#include <stdio.h>
#include <stdarg.h>
#include <zlib.h>

static unsigned long n_pass, n_fail;
static int quick;
static FILE *rec;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    n_fail++;
    if (n_fail > 50) {
        fprintf(stderr, "too many failures\n");
        exit(1);
    }
}
#define CHECK(cond, ...) do { if (cond) n_pass++; else fail(__VA_ARGS__); } while (0)

#include "deflate_gen.h"

static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    while (n--) h = (h ^ *p++) * 1099511628211ull;
    return h;
}

static void put64(uint64_t v)
{
    uint8_t b[8];
    g_st64(b, v);
    fwrite(b, 1, 8, rec);
}

/* A generous cap: stored blocks cost 5 bytes per 65535, plus header and trailer. */
static size_t bound(size_t n) { return n + 5 * (n / 65535 + 1) + 64; }

/* Encode with our encoder into a buffer of exactly cap bytes followed by 16
 * canary bytes; the work area is filled with junk first (its contents must
 * not matter). Returns rc; *out malloc'd copy of the output. */
static int enc(const uint8_t *d, size_t n, int level, size_t cap, uint8_t **out, size_t *on, const char **why)
{
    size_t ws = h5l__deflate_work_size(level, n), i;
    uint8_t *work = malloc(ws + 1), *buf = malloc(cap + 16);
    int rc;
    memset(work, (int)(g_rnd() & 255), ws);   /* junk; a different byte each call */
    for (i = 0; i < ws; i += 4093) work[i] = (uint8_t)g_rnd();
    memset(buf, 0xa5, cap + 16);
    *why = NULL;
    *on = 12345;
    rc = h5l__deflate(d, n, cap ? buf : NULL, cap, level, work + (n & 1), ws, on, why);   /* also misaligned work */
    for (i = 0; i < 16; i++)
        if (buf[cap + i] != 0xa5) {
            fail("level %d n %zu cap %zu: wrote past cap", level, n, cap);
            break;
        }
    if (rc != 0 && *on != 0) fail("level %d n %zu: *out_n %zu on failure", level, n, *on);
    if (rc != 0 && (!*why || !**why)) fail("level %d n %zu: failure without a reason", level, n);
    if (out) {
        *out = malloc(rc == 0 ? *on + 1 : 1);
        if (rc == 0) memcpy(*out, buf, *on);
    }
    free(work);
    free(buf);
    return rc;
}

/* Exact-size buffers (ASan, valgrind see any overrun); no canaries. */
static int enc_exact(const uint8_t *d, size_t n, int level, size_t cap, size_t *on)
{
    size_t ws = h5l__deflate_work_size(level, n);
    uint8_t *work = malloc(ws), *buf = malloc(cap ? cap : 1), *src = malloc(n ? n : 1);
    const char *why;
    int rc;
    memcpy(src, d, n);
    rc = h5l__deflate(src, n, cap ? buf : NULL, cap, level, work, ws, on, &why);
    free(work);
    free(buf);
    free(src);
    return rc;
}

/* Decoders: zlib's inflate with exactly n bytes of room, and h5l__inflate. */
static int check_decode(const char *what, const uint8_t *z, size_t zn, const uint8_t *d, size_t n)
{
    uint8_t *o = malloc(n + 1);
    z_stream st;
    size_t ol = 0;
    const char *why = NULL;
    int rc, ok = 1;
    memset(&st, 0, sizeof st);
    inflateInit(&st);
    st.next_in = (uint8_t *)z;
    st.avail_in = (uInt)zn;
    st.next_out = o;
    st.avail_out = (uInt)(n + 1);
    rc = inflate(&st, Z_FINISH);
    if (rc != Z_STREAM_END || st.total_out != n || st.avail_in != 0 || (n && memcmp(o, d, n))) {
        fail("%s: zlib inflate: rc %d (%s) out %lu of %zu, %u input bytes left", what, rc, st.msg ? st.msg : "",
             (unsigned long)st.total_out, n, st.avail_in);
        ok = 0;
    } else n_pass++;
    inflateEnd(&st);
    rc = h5l__inflate(z, zn, n ? o : NULL, n, &ol, &why);
    if (rc != 0 || ol != n || (n && memcmp(o, d, n))) {
        fail("%s: h5l__inflate: rc %d (%s) out %zu of %zu", what, rc, rc ? why : "", ol, n);
        ok = 0;
    } else n_pass++;
    free(o);
    return ok;
}

/* One input at one level: round trip, determinism, NOFIT at every cap
 * (or a sample) below the length. */
static void one(const char *name, const uint8_t *d, size_t n, int level, int all_caps)
{
    char what[160];
    uint8_t *z, *z2;
    size_t zn, zn2, c;
    const char *why;
    int rc;
    snprintf(what, sizeof what, "%s n=%zu level=%d", name, n, level);
    rc = enc(d, n, level, bound(n), &z, &zn, &why);
    if (rc != 0) {
        fail("%s: rc %d (%s)", what, rc, why);
        free(z);
        return;
    }
    n_pass++;
    CHECK(zn <= bound(n) - 64 + 11, "%s: %zu bytes, more than stored blocks would take", what, zn);
    check_decode(what, z, zn, d, n);
    /* same bytes with cap == zn, with junk in the work area */
    rc = enc(d, n, level, zn, &z2, &zn2, &why);
    CHECK(rc == 0 && zn2 == zn && !memcmp(z, z2, zn), "%s: not reproducible at cap = length", what);
    free(z2);
    if (rec && n <= (1u << 18)) {
        uint8_t b[4];
        h5l__st32(b, (uint32_t)level);
        fwrite(b, 1, 4, rec);
        put64(n);
        fwrite(d, 1, n, rec);
        put64(zn);
        put64(fnv(z, zn));
    }
    /* NOFIT below the length */
    for (c = 0; c < zn; c++) {
        size_t on;
        if (!all_caps && c > 16 && c + (quick == 2 ? 8 : 80) < zn && g_rnd() % (zn / (quick == 2 ? 4 : 40) + 1)) continue;
        rc = enc(d, n, level, c, NULL, &on, &why);
        if (rc != H5L__FILT_NOFIT) {
            fail("%s: cap %zu < %zu: rc %d", what, c, zn, rc);
            break;
        }
        n_pass++;
    }
    if (zn > 0) {   /* exact buffers for ASan / valgrind: just below and at the length */
        size_t on;
        CHECK(enc_exact(d, n, level, zn - 1, &on) == H5L__FILT_NOFIT, "%s: exact cap-1", what);
        CHECK(enc_exact(d, n, level, zn, &on) == 0 && on == zn, "%s: exact cap", what);
    }
    free(z);
}

/* ---- the Huffman length builder on its own ---------------------------- */
static void test_lens(void)
{
    uint32_t f[288];
    uint8_t l[288];
    unsigned t, i, ns, maxlen;
    for (t = 0; t < (quick ? 300u : 3000u); t++) {
        uint64_t kraft = 0;   /* in units of 2^-maxlen */
        unsigned used = 0, maxl = 0, shape = t % 5;
        ns = t % 3 == 0 ? 19 : t % 3 == 1 ? 30 : 286;
        maxlen = ns == 19 ? 7 : 15;
        for (i = 0; i < ns; i++) {
            switch (shape) {
            case 0: f[i] = g_rnd() % 3 ? g_rnd() % 1000 : 0; break;
            case 1: f[i] = i < 40 ? (i < 2 ? 1 : f[i - 1] + f[i - 2]) % 8000000u : 0; break;  /* Fibonacci: deep trees */
            case 2: f[i] = g_rnd() % 10 == 0; break;                                        /* 0 or 1 symbols used */
            case 3: f[i] = 1u << (g_rnd() % 22); break;                                      /* wide range */
            default: f[i] = (t / 5) % ns == i ? 5 : 0; break;                                /* exactly one symbol */
            }
        }
        h5l__defl_lens(f, ns, maxlen, l);
        for (i = 0; i < ns; i++) {
            if (l[i]) {
                used++;
                kraft += (uint64_t)1 << (maxlen - (l[i] > maxlen ? maxlen : l[i]));
                if (l[i] > maxl) maxl = l[i];
            }
            if (f[i] && !l[i]) break;
        }
        CHECK(i == ns, "lens: used symbol without a code (t %u)", t);
        CHECK(maxl <= maxlen, "lens: length %u > %u (t %u)", maxl, maxlen, t);
        CHECK(used >= 2 && kraft == (uint64_t)1 << maxlen, "lens: code not complete: %u used, kraft %llu/%llu (t %u)",
              used, (unsigned long long)kraft, (unsigned long long)1 << maxlen, t);
    }
}

/* ---- errors --------------------------------------------------------------- */
static void test_errors(void)
{
    uint8_t src[100], dst[200];
    size_t ws = h5l__deflate_work_size(6, 100), on = 7;
    uint8_t *work = malloc(ws);
    const char *why = NULL;
    int rc;
    memset(src, 'x', sizeof src);
    CHECK(h5l__deflate_work_size(0, 10) == 0 && h5l__deflate_work_size(10, 10) == 0, "work size of bad levels");
    CHECK(h5l__deflate_work_size(6, 1000) <= h5l__deflate_work_size(6, 100000), "work size grows with n");
    rc = h5l__deflate(src, 100, dst, 200, 0, work, ws, &on, &why);
    CHECK(rc == (int)H5L_EINVAL && why && on == 0, "level 0: rc %d", rc);
    rc = h5l__deflate(src, 100, dst, 200, 10, work, ws, &on, &why);
    CHECK(rc == (int)H5L_EINVAL && why, "level 10: rc %d", rc);
    rc = h5l__deflate(src, 100, dst, 200, 6, work, ws - 1, &on, &why);
    CHECK(rc == (int)H5L_EINVAL && why, "work too small: rc %d", rc);
    rc = h5l__deflate(src, 100, dst, 200, 6, NULL, ws, &on, &why);
    CHECK(rc == (int)H5L_EINVAL && why, "work NULL: rc %d", rc);
    rc = h5l__deflate(src, 100, dst, 200, 6, work, ws, &on, NULL);   /* why may be NULL */
    CHECK(rc == 0 && on > 8, "why NULL: rc %d", rc);
    rc = h5l__deflate(src, 100, dst, 5, 6, work, ws, &on, NULL);
    CHECK(rc == H5L__FILT_NOFIT && on == 0, "tiny cap, why NULL: rc %d", rc);
    if (sizeof(size_t) > 4) {   /* 4 GiB: rejected before anything is read */
        size_t big = (size_t)((uint64_t)1 << 32);
        rc = h5l__deflate(src, big, dst, 200, 6, work, ws, &on, &why);
        CHECK(rc == (int)H5L_EUNSUPPORTED && why, "4 GiB input: rc %d", rc);
    }
    {   /* level 6 work of a big n serves a smaller n; a level 2 area may be too small for level 1 */
        size_t w1 = h5l__deflate_work_size(1, 1u << 20), w6 = h5l__deflate_work_size(6, 1u << 20);
        CHECK(w1 > 0 && w6 > 0, "work sizes");
        printf("work sizes for 1 MiB: level 1 %zu, levels 2-9 %zu bytes\n", w1, w6);
    }
    free(work);
}

/* ---- the inflater on literal + short match streams --------------------- *
 * The inflater folds a literal, a 3..10-byte length and a distance of 1..32
 * (with their extra bits) into one table entry when all their codes fit in
 * the table's index bits. Streams made of exactly that -- a literal from a
 * small alphabet, then a match -- for every length and distance, fixed and
 * mixed, from zlib (levels 1, 6, 9, and the fixed code) and from our encoder:
 * decoded exactly at cap = n, refused at n - 1 and when cut short. */
static void short_match_data(uint8_t *d, size_t n, unsigned len, unsigned dist, unsigned alpha)
{
    size_t i = 0;
    while (i < n) {
        unsigned L = len ? len : 3u + g_rnd() % 8u, D = dist ? dist : 1u + g_rnd() % 32u, k;
        d[i] = (uint8_t)('a' + g_rnd() % alpha);
        i++;
        for (k = 0; k < L && i < n; k++, i++) d[i] = i >= D ? d[i - D] : (uint8_t)('a' + g_rnd() % alpha);
    }
}

static void test_short_matches(void)
{
    static const int levels[4] = {1, 6, 9, -1};   /* -1: the fixed code (Z_FIXED) */
    size_t n = quick ? 20000 : 200000, zcap = compressBound((uLong)n) + 64;
    uint8_t *d = malloc(n), *z = malloc(zcap), *o = malloc(n);
    unsigned len, dist, li, t;
    for (t = 0; t < (quick ? 40u : 8u * 32u + 40u); t++) {
        char what[120];
        /* every (length, distance) once in the full run, then mixes */
        len = t < 256 && !quick ? 3u + t / 32u : t % 3 ? 0u : 3u + g_rnd() % 8u;
        dist = t < 256 && !quick ? 1u + t % 32u : t % 2 ? 0u : 1u + g_rnd() % 32u;
        short_match_data(d, n, len, dist, 2u + t % 15u);
        for (li = 0; li < 4; li++) {
            z_stream st;
            size_t zn, ol, cut;
            const char *why;
            memset(&st, 0, sizeof st);
            deflateInit2(&st, levels[li] < 0 ? 6 : levels[li], Z_DEFLATED, 15, 8, levels[li] < 0 ? Z_FIXED : Z_DEFAULT_STRATEGY);
            st.next_in = d;
            st.avail_in = (uInt)n;
            st.next_out = z;
            st.avail_out = (uInt)zcap;
            CHECK(deflate(&st, Z_FINISH) == Z_STREAM_END, "short matches: zlib deflate");
            zn = st.total_out;
            deflateEnd(&st);
            snprintf(what, sizeof what, "short matches len %u dist %u level %d", len, dist, levels[li]);
            if (!check_decode(what, z, zn, d, n)) continue;
            CHECK(h5l__inflate(z, zn, o, n - 1, &ol, &why) != 0, "%s: decoded into n - 1 bytes", what);
            for (cut = 1; cut <= 9; cut += 4)
                CHECK(h5l__inflate(z, zn - cut, o, n, &ol, &why) != 0, "%s: cut by %zu bytes, accepted", what, cut);
        }
        if (t % 8 == 0) one("short matches", d, quick ? n / 4 : n, 1 + (int)(t % 9), 0);
    }
    free(d);
    free(z);
    free(o);
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 100, 257, 258, 259, 260, 261, 517, 1000, 4096,
                                   32767, 32768, 32769, 65535, 65536, 65537, 100000, 200003, 1u << 20};
    size_t si, nsz = sizeof sizes / sizeof *sizes;
    int k, level;
    if (argc > 1 && !strcmp(argv[1], "quick")) quick = 1;
    if (argc > 1 && !strcmp(argv[1], "tiny")) quick = 2;   /* for valgrind */
    if (argc > 2 && !strcmp(argv[1], "record")) {
        rec = fopen(argv[2], "wb");
        if (!rec) return 2;
        quick = 1;   /* the quick matrix: inputs up to 70000 bytes, every level */
    }
    test_lens();
    test_errors();
    test_short_matches();
    fprintf(stderr, "short matches done (%lu passed, %lu failed)\n", n_pass, n_fail);
    for (k = 0; k < G_NKIND; k++) {
        for (si = 0; si < nsz; si++) {
            size_t n = sizes[si];
            uint8_t *d;
            if ((quick && n > 70000) || (quick == 2 && n > 33000)) continue;
            d = malloc(n ? n : 1);
            g_make(k, d, n);
            for (level = 1; level <= 9; level++) {
                /* all caps for the small ones; a sample for the rest */
                if (quick == 2 && level % 2 == 0 && n > 300) continue;
                one(g_names[k], d, n, level, n <= (quick == 2 ? 40u : quick ? 300u : 1000u));
            }
            free(d);
        }
        fprintf(stderr, "%s done (%lu passed, %lu failed)\n", g_names[k], n_pass, n_fail);
    }
    if (!quick) {   /* a few 4 MiB chunks, and random sizes */
        static const int kinds[] = {G_F64SHUF, G_TEXT, G_RANDOM, G_MIXED};
        unsigned t;
        for (k = 0; k < 4; k++) {
            size_t n = 4u << 20;
            uint8_t *d = malloc(n);
            g_make(kinds[k], d, n);
            for (level = 1; level <= 9; level += 4) one(g_names[kinds[k]], d, n, level, 0);
            free(d);
        }
        for (t = 0; t < 200; t++) {
            size_t n = g_rnd() % 3000 + (t % 4 == 0 ? g_rnd() % 200000 : 0);
            uint8_t *d = malloc(n + 1);
            int kind = (int)(g_rnd() % G_NKIND);
            g_make(kind, d, n);
            one(g_names[kind], d, n, 1 + (int)(t % 9), 0);
            free(d);
        }
    }
    if (rec) fclose(rec);
    printf("%lu passed, %lu failed\n", n_pass, n_fail);
    return n_fail != 0;
}
