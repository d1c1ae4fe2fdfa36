/*
 * mmapcol — inspect HDF5 files, move vaex tables to and from CSV, and compute
 * straight off the memory map. Built on the public hdf5lite API only.
 *
 *   mmapcol ls FILE [--json]
 *   mmapcol cat FILE PATH [--rows START:STOP:STEP]
 *   mmapcol attrs FILE PATH
 *   mmapcol table FILE [--group G] [--json]
 *   mmapcol export FILE [--group G] [--columns a,b] [--rows START:STOP:STEP] [--crlf] [--threads N]
 *   mmapcol import CSV|- OUT [--group G] [--chunk-rows N] [--compress deflate[:L]|lzf|none] [--shuffle]
 *                 [--sample-rows N] [--verbose]
 *   mmapcol append CSV FILE [--group G]
 *   mmapcol stats FILE [--group G] [--columns a,b] [--threads N] [--json]
 *   mmapcol check FILE [--json]
 *   mmapcol info FILE DATASET [--json]
 *   mmapcol repack IN OUT [...]
 *
 * Exit codes: 0 success; 1 usage error (also: no such object/column/table);
 * 2 not HDF5 or corrupt (also: malformed CSV input); 3 valid HDF5 outside the
 * supported subset; 4 I/O or other OS error (missing file included).
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include "hdf5lite.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(_WIN32)
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define MC_HAVE_PTHREADS 1
#else
#include <fcntl.h>
#include <io.h>
#endif

#define EXIT_USAGE 1
#define EXIT_CORRUPT 2
#define EXIT_UNSUPPORTED 3
#define EXIT_OS 4

/* ====================================================================== */
/* errors and exit codes                                                    */
/* ====================================================================== */

/* The one place where a library status becomes an exit code. */
static int exit_code(h5l_status st)
{
    switch (st) {
    case H5L_OK: return 0;
    case H5L_EINVAL: return EXIT_USAGE;
    case H5L_ENOTFOUND: return EXIT_USAGE;
    case H5L_EEXISTS: return EXIT_USAGE;
    case H5L_ENOTHDF5: return EXIT_CORRUPT;
    case H5L_ECORRUPT: return EXIT_CORRUPT;
    case H5L_ETYPE: return EXIT_CORRUPT;
    case H5L_ERANGE: return EXIT_CORRUPT;
    case H5L_EUNSUPPORTED: return EXIT_UNSUPPORTED;
    case H5L_EIO: case H5L_ENOMEM: case H5L_ENOSPC: case H5L_EFBIG: return EXIT_OS;
    }
    return EXIT_OS;
}

static void msg(const char *fmt, ...)
{
    va_list ap;
    fputs("mmapcol: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Print one line for a failed library call and return its exit code. */
static int fail(h5l_status st, const h5l_error *e, const char *what)
{
    const char *m = (e && e->msg[0]) ? e->msg : h5l_status_text(st);
    size_t wl = what ? strlen(what) : 0;
    if (wl && strncmp(m, what, wl) == 0 && m[wl] == ':') what = NULL;   /* the message names it already */
    if (what && *what) msg("%s: %s (%s)", what, m, h5l_status_name(st));
    else msg("%s (%s)", m, h5l_status_name(st));
    return exit_code(st);
}

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("mmapcol: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try 'mmapcol --help')\n", stderr);
    return EXIT_USAGE;
}

/* stdout must have been written completely. */
static int finish_output(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (rc == 0) {
            msg("cannot write the output: %s", strerror(errno));
            return EXIT_OS;
        }
    }
    return rc;
}

static h5l_status open_file(const char *path, h5l_file **f, h5l_error *e)
{
    return h5l_open(path, NULL, f, e);
}

/* ====================================================================== */
/* small helpers                                                            */
/* ====================================================================== */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    return p;
}

static int host_be(void)
{
    const uint16_t one = 1;
    unsigned char c;
    memcpy(&c, &one, 1);
    return c == 0;
}

/* Unsigned little/big endian load of n <= 8 bytes. */
static uint64_t load_u(const unsigned char *p, unsigned n, int be)
{
    uint64_t v = 0;
    unsigned i;
    if (be)
        for (i = 0; i < n; i++) v = (v << 8) | p[i];
    else
        while (n--) v = (v << 8) | p[n];
    return v;
}

static void store_le(unsigned char *p, uint64_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) { p[i] = (unsigned char)v; v >>= 8; }
}

/* A selection of rows: start, start + step, ... (count rows; step may be
 * negative, never 0). */
typedef struct row_sel {
    uint64_t start, count;
    int64_t step;
} row_sel;

static uint64_t sel_row(const row_sel *s, uint64_t i)
{
    return s->step >= 0 ? s->start + i * (uint64_t)s->step : s->start - i * (uint64_t)(-s->step);
}

/* One bound of a slice: optional sign and digits; saturates at +-2^62
 * (beyond any row count), as Python accepts any integer. 0 on a bad one. */
static int slice_int(const char *s, size_t n, int64_t *v)
{
    size_t i = 0;
    int neg = 0;
    int64_t x = 0;
    if (n && (s[0] == '-' || s[0] == '+')) { neg = s[0] == '-'; i = 1; }
    if (i == n) return 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        if (x < ((int64_t)1 << 62)) x = x * 10 + (s[i] - '0');
    }
    if (x > ((int64_t)1 << 62)) x = (int64_t)1 << 62;
    *v = neg ? -x : x;
    return 1;
}

/* Parse "START:STOP[:STEP]" (any part may be empty; negative START and
 * STOP count from the end; STEP may be negative, not 0) and resolve it
 * against n rows exactly as Python's slice(START, STOP, STEP).indices(n).
 * Returns 0, or -1 on a malformed spec. */
static int parse_rows(const char *spec, uint64_t n, row_sel *out)
{
    const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL, *end = spec + strlen(spec);
    int64_t a, b, step = 1, len = n > ((uint64_t)1 << 62) ? (int64_t)1 << 62 : (int64_t)n;
    int has_a, has_b;
    if (!c1 || (c2 && strchr(c2 + 1, ':'))) return -1;
    has_a = c1 > spec;
    has_b = (c2 ? c2 : end) > c1 + 1;
    if (has_a && !slice_int(spec, (size_t)(c1 - spec), &a)) return -1;
    if (has_b && !slice_int(c1 + 1, (size_t)((c2 ? c2 : end) - c1 - 1), &b)) return -1;
    if (c2 && c2 + 1 < end && !slice_int(c2 + 1, (size_t)(end - c2 - 1), &step)) return -1;
    if (step == 0) return -1;
    if (step > 0) {
        if (!has_a) a = 0;
        if (!has_b) b = len;
        if (a < 0) { a += len; if (a < 0) a = 0; } else if (a > len) a = len;
        if (b < 0) { b += len; if (b < 0) b = 0; } else if (b > len) b = len;
        out->count = b > a ? (uint64_t)((b - a - 1) / step + 1) : 0;
    } else {
        if (!has_a) a = len - 1;
        if (!has_b) b = -1;
        else if (b < 0) { b += len; if (b < 0) b = -1; } else if (b >= len) b = len - 1;
        if (has_a) { if (a < 0) { a += len; if (a < 0) a = -1; } else if (a >= len) a = len - 1; }
        out->count = a > b ? (uint64_t)((a - b - 1) / -step + 1) : 0;
    }
    out->start = out->count ? (uint64_t)a : 0;
    out->step = step;
    return 0;
}

static long ncpus(void)
{
    long n = 1;
#if defined(MC_HAVE_PTHREADS) && defined(_SC_NPROCESSORS_ONLN)
    n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    return n < 1 ? 1 : n;
}

/* ====================================================================== */
/* numbers: decoding and shortest round-trip formatting                     */
/* ====================================================================== */

/* Bits [pos, pos+len) of a little-endian byte string of n bytes, len <= 64. */
static uint64_t get_bits(const unsigned char *le, unsigned n, unsigned pos, unsigned len)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 0; i < len; i++) {
        unsigned b = pos + i;
        if (b / 8 < n && ((le[b / 8] >> (b % 8)) & 1u)) v |= (uint64_t)1 << i;
    }
    return v;
}

/* Any stored IEEE-like float (every size and bit layout the type message
 * describes) to double; exact for f16, f32 and f64. */
static double decode_float(const h5l_dtype *t, const unsigned char *p)
{
    unsigned char le[32];
    unsigned n = t->size > sizeof le ? (unsigned)sizeof le : (unsigned)t->size, i;
    unsigned msize = t->mant_size, mpos = t->mant_pos;
    uint64_t e, m, emax;
    int sign;
    double v;
    if (t->size == 8 && t->order == (host_be() ? H5L_BE : H5L_LE) && t->mant_size == 52 && t->exp_size == 11 &&
        t->exp_bias == 1023 && t->mant_norm == 2) {
        double d;
        memcpy(&d, p, 8);
        return d;
    }
    memset(le, 0, sizeof le);
    for (i = 0; i < n; i++) le[i] = t->order == H5L_BE ? p[n - 1 - i] : p[i];
    if (msize > 64) { mpos += msize - 64; msize = 64; }
    sign = (int)get_bits(le, n, t->sign_pos, 1);
    e = t->exp_size <= 63 ? get_bits(le, n, t->exp_pos, t->exp_size) : 0;
    m = get_bits(le, n, mpos, msize);
    emax = t->exp_size >= 1 && t->exp_size <= 63 ? (((uint64_t)1 << t->exp_size) - 1) : 0;
    if (t->mant_norm == 2) {
        if (emax && e == emax) {
            v = m ? NAN : INFINITY;
        } else if (e == 0) {
            v = ldexp((double)m, 1 - (int)t->exp_bias - (int)msize);
        } else {
            v = ldexp(ldexp((double)m, -(int)msize) + 1.0, (int)((int64_t)e - (int64_t)t->exp_bias));
        }
    } else {
        if (emax && e == emax && t->mant_norm == 1 && (m << 1) != 0) v = NAN;
        else if (emax && e == emax && t->mant_norm == 1) v = INFINITY;
        else v = ldexp((double)m, (int)((int64_t)e - (int64_t)t->exp_bias - (int64_t)msize + 1));
    }
    return sign ? -v : v;
}

/* Round-to-nearest-even double -> IEEE half bits. */
static uint16_t double_to_half(double d)
{
    uint16_t sign = signbit(d) ? 0x8000u : 0;
    double a = fabs(d);
    int ex;
    double fr;
    if (isnan(d)) return (uint16_t)(sign | 0x7e00u);
    if (a >= 65520.0) return (uint16_t)(sign | 0x7c00u);
    if (a < ldexp(1.0, -14)) {            /* subnormal: units of 2^-24 */
        double q = a * ldexp(1.0, 24);
        double r = nearbyint(q);
        return (uint16_t)(sign | (uint16_t)r);
    }
    fr = frexp(a, &ex);                    /* a = fr * 2^ex, fr in [0.5, 1) */
    {
        double mant = nearbyint(ldexp(fr, 11));   /* 1024..2048 */
        if (mant >= 2048.0) { mant /= 2; ex++; }
        return (uint16_t)(sign | (uint16_t)((ex + 14) << 10) | ((uint16_t)mant & 0x3ffu));
    }
}

/* Kinds of float printing: 2, 4 or 8 byte round trip. */
static int float_width(const h5l_dtype *t)
{
    if (t->size == 2 && t->mant_size == 10 && t->exp_size == 5) return 2;
    if (t->size == 4 && t->mant_size == 23 && t->exp_size == 8) return 4;
    return 8;
}

/* ---- shortest float text and exact float parsing, our own ------------------
 * Formatting is Giulietti's Schubfach: the rounding interval of the binary
 * value c * 2^q is scaled by a 126-bit power of ten (mc_g) and the shortest
 * decimal inside it (the closest when several) is read off; the same code
 * serves float64, float32 and float16 by giving it their c, q and interval.
 * Parsing is Clinger's exact fast path, then Lemire's 128-bit product with
 * mc_p5 (Eisel-Lemire); the rare inputs neither decides (more than 19
 * significant digits, a product too close to a halfway point) go to strtod.
 * The tables come from exact integer arithmetic (tests/gen_num_tables.py,
 * which `make test` checks against this file). */

/* floor(x / 2^s) for any sign (>> of a negative value is implementation-defined) */
static int64_t mc_fshr(int64_t x, unsigned s)
{
    return x >= 0 ? (int64_t)((uint64_t)x >> s) : -(int64_t)(((uint64_t)(-x) + ((uint64_t)1 << s) - 1) >> s);
}

static int mc_flog10pow2(int q) { return (int)mc_fshr((int64_t)q * INT64_C(661971961083), 41); }
static int mc_flog10threequarterspow2(int q) { return (int)mc_fshr((int64_t)q * INT64_C(661971961083) - INT64_C(274743187321), 41); }
static int mc_flog2pow10(int e) { return (int)mc_fshr((int64_t)e * INT64_C(913124641741), 38); }

/* The high 64 bits of a * b; the low ones in *lo when given. */
static uint64_t mc_mulhi(uint64_t a, uint64_t b, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__) && !defined(MC_NO_INT128)
    __extension__ typedef unsigned __int128 mc_u128;
    mc_u128 p = (mc_u128)a * b;
    if (lo) *lo = (uint64_t)p;
    return (uint64_t)(p >> 64);
#else
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    if (lo) *lo = (mid << 32) | (uint32_t)p00;
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/* generated by tests/gen_num_tables.py: 10^e scaled to 126 bits, e = -292..324 */
static const uint64_t mc_g[617][2] = {
    {0x7fbbd8fe5f5e6e27u, 0x497a3a2704eec3dfu}, {0x4fd5679efb9b04d8u, 0x5dec645863153a6cu},
    {0x63cac186ba81c60eu, 0x75677d6e7bda8906u}, {0x7cbd71e869223792u, 0x52c15cca1ad12b48u},
    {0x4df6673141b562bbu, 0x53b8d9fe50c2bb0du}, {0x617400fd9222bb6au, 0x48a7107de4f369d0u},
    {0x79d1013cf6ab6a45u, 0x1ad0d49d5e304444u}, {0x4c22a0c61a2b226bu, 0x20c284e25ade2aabu},
    {0x5f2b48f7a0b5eb06u, 0x08f3261af195b555u}, {0x76f61b3588e365c7u, 0x4b2fefa1adfb22abu},
    {0x4a59d101758e1f9cu, 0x5efdf5c50cbcf5abu}, {0x5cf04541d2f1a783u, 0x76bd73364fec3315u},
    {0x742c569247ae1164u, 0x746cd003e3e73fdbu}, {0x489bb61b6ccccadfu, 0x08c402026e7087e9u},
    {0x5ac2a3a247fffd96u, 0x6af502830a0ca9e3u}, {0x71734c8ad9fffcfcu, 0x45b24323cc8fd45cu},
    {0x46e80fd6c83ffe1du, 0x6b8f69f65fd9e4b9u}, {0x58a213cc7a4ffda5u, 0x26734473f7d05de8u},
    {0x6eca98bf98e3fd0eu, 0x50101590f5c47561u}, {0x453e9f77bf8e7e29u, 0x120a0d7a999ac95du},
    {0x568e4755af721db3u, 0x368c90d940017bb4u}, {0x6c31d92b1b4ea520u, 0x242fb50f9001daa1u},
    {0x439f27baf1112734u, 0x169dd129ba0128a5u}, {0x5486f1a9ad557101u, 0x1c454574288172ceu},
    {0x69a8ae1418aacd41u, 0x435696d132a1cf81u}, {0x42096ccc8f6ac048u, 0x7a161e42bfa521b1u},
    {0x528bc7ffb345705bu, 0x189ba5d36f8e6a1du}, {0x672eb9ffa016cc71u, 0x7ec28f484b7204a4u},
    {0x407d343fc40e3fc7u, 0x1f39998d2f2742e7u}, {0x509c814fb511cfb9u, 0x0707fff07af113a1u},
    {0x64c3a1a3a25643a7u, 0x28c9ffec99ad5889u}, {0x7df48a0c8aebd491u, 0x12fc7fe7c018aeabu},
    {0x4eb8d647d6d364dau, 0x5bddcff0d80f6d2bu}, {0x62670bd9cc883e11u, 0x32d543ed0e134875u},
    {0x7b00ced03faa4d95u, 0x5f8a94e851981a93u}, {0x4ce0814227ca707du, 0x4bb69d1132ff109cu},
    {0x6018a192b1bd0c9cu, 0x7ea444557fbed4c3u}, {0x781ec9f75e2c4fc4u, 0x1e4d556adfae89f3u},
    {0x4b133e3a9adbb1dau, 0x52f05562cbcd1638u}, {0x5dd80dc941929e51u, 0x27ac6abb7ec05bc6u},
    {0x754e113b91f745e5u, 0x5197856a5e7072b8u}, {0x4950cac53b3a8bafu, 0x42feb3627b0647b3u},
    {0x5ba4fd768a092e9bu, 0x33be603b19c7d99fu}, {0x728e3cd42c8b7a42u, 0x20adf849e039d007u},
    {0x4798e6049bd72c69u, 0x346cbb2e2c242205u}, {0x597f1f85c2ccf783u, 0x6187e9f9b72d2a86u},
    {0x6fdee76733803564u, 0x59e9e47824f87527u}, {0x45eb50a08030215eu, 0x78322ecb171b4939u},
    {0x576624c8a03c29b6u, 0x563eba7ddce21b87u}, {0x6d3fadfac84b3424u, 0x2bce691d541aa268u},
    {0x4447ccbcbd2f0096u, 0x5b6101b25490a581u}, {0x5559bfebec7ac0bcu, 0x3239421ee9b4cee1u},
    {0x6ab02fe6e79970ebu, 0x3ec792a6a422029au}, {0x42ae1df050bfe693u, 0x173cbba8269541a0u},
    {0x5359a56c64efe037u, 0x7d0bea92303a9208u}, {0x68300ec77e2bd845u, 0x7c4ee536bc49368au},
    {0x411e093caedb672bu, 0x5db14f4235adc217u}, {0x51658b8bda9240f6u, 0x551da312c319329cu},
    {0x65beee6ed136d134u, 0x2a650bd773df7f43u}, {0x7f2eaa0a85848581u, 0x34fe4ecd50d75f14u},
    {0x4f7d2a469372d370u, 0x711ef14052869b6cu}, {0x635c74d8384f884du, 0x0d66ad9067284247u},
    {0x7c33920e46636a60u, 0x30c058f480f252d9u}, {0x4da03b48ebfe227cu, 0x1e783798d09773c8u},
    {0x61084a1b26fdab1bu, 0x2616457f04bd50bau}, {0x794a5ca1f0bd15e2u, 0x0f9bd6dec5eca4e8u},
    {0x4bce79e536762dadu, 0x29c1664b3bb3e711u}, {0x5ec2185e8413b918u, 0x5431bfde0aa0e0d5u},
    {0x76729e762518a75eu, 0x693e2fd58d49190bu}, {0x4a07a309d72f689bu, 0x21c6dde5784dafa7u},
    {0x5c898bcc4cfb42c2u, 0x0a38955ed6611b90u}, {0x73abeebf603a1372u, 0x4cc6bab68bf96274u},
    {0x484b75379c244c27u, 0x4ffc34b2177bdd89u}, {0x5a5e5285832d5f31u, 0x43fb41de9d5ad4ebu},
    {0x70f5e726e3f8b6fdu, 0x74fa125644b18a26u}, {0x4699b0784e7b725eu, 0x591c4b75eaeef658u},
    {0x58401c96621a4ef6u, 0x2f635e5365aab3edu}, {0x6e5023bbfaa0e2b3u, 0x7b3c35e83f1560e9u},
    {0x44f216557ca48db0u, 0x3d05a1b1276d5c92u}, {0x562e9beadbcdb11cu, 0x4c470a1d7148b3b6u},
    {0x6bba42e592c11d63u, 0x5f58cca4cd9ae0a3u}, {0x435469cf7bb8b25eu, 0x2b977fe70080cc66u},
    {0x542984435aa6def5u, 0x767d5fe0c0a0ff80u}, {0x6933e554315096b3u, 0x341cb7d8f0c93f5fu},
    {0x41c06f549ed25e30u, 0x1091f2e7967dc79cu}, {0x52308b29c686f5bcu, 0x14b66fa17c1d3983u},
    {0x66bcadf43828b32bu, 0x19e40b89db2487e3u}, {0x4035ecb8a3196ffbu, 0x002e873628f6d4eeu},
    {0x504367e6cbdfcbf9u, 0x603a2903b3348a2au}, {0x645441e07ed7bef8u, 0x1848b344a001acb4u},
    {0x7d6952589e8daeb6u, 0x1e5ae015c80217e1u}, {0x4e61d37763188d31u, 0x72f8cc0d9d014eedu},
    {0x61fa48553bdeb07eu, 0x2fb6ff110441a2a8u}, {0x7a78da6a8ad65c9du, 0x7ba4bed545520b52u},
    {0x4c8b888296c5f9e2u, 0x5d46f7454b534713u}, {0x5fae6aa33c77785bu, 0x3498b5169e2818d8u},
    {0x779a054c0b955672u, 0x21bee25c45b21f0eu}, {0x4ac0434f873d5607u, 0x35174d79ab8f5369u},
    {0x5d705423690cab89u, 0x225d20d816732843u}, {0x74cc692c434fd66bu, 0x4af4690e1c0ff253u},
    {0x48ffc1bbaa11e603u, 0x1ed8c1a8d189f774u}, {0x5b3fb22a94965f84u, 0x068ef21305ec7551u},
    {0x720f9eb539bbf765u, 0x0832ae97c76792a5u}, {0x4749c33144157a9fu, 0x151fad1edca0bba8u},
    {0x591c33fd951ad946u, 0x7a67986693c8ea91u}, {0x6f6340fcfa618f98u, 0x59017e8038bb2536u},
    {0x459e089e1c7cf9bfu, 0x37a0ef102374f742u}, {0x57058ac5a39c382fu, 0x25892ad42c523512u},
    {0x6cc6ed770c83463bu, 0x0eeb75893766c256u}, {0x43fc546a67d20be4u, 0x79532975c2a03976u},
    {0x54fb698501c68edeu, 0x17a7f3d3334847d4u}, {0x6a3a43e642383295u, 0x5d91f0c8001a59c8u},
    {0x42646a6fe9631f9du, 0x4a7b367d0010781du}, {0x52fd850be3bbe784u, 0x7d1a041c40149625u},
    {0x67bce64edcaae166u, 0x1c6085235019bbaeu}, {0x40d60ff149eaccdfu, 0x71bc53361210154du},
    {0x510b93ed9c658017u, 0x6e2b680396941aa0u}, {0x654e78e9037ee01du, 0x69b642047c392148u},
    {0x7ea21723445e9825u, 0x2423d2859b476999u}, {0x4f254e760abb1f17u, 0x26966393810ca200u},
    {0x62eea2138d69e6ddu, 0x103bfc78614fca80u}, {0x7baa4a9870c46094u, 0x344afb9679a3bd20u},
    {0x4d4a6e9f467abc5cu, 0x60aedd3e0c065634u}, {0x609d0a4718196b73u, 0x78da948d8f07ebc1u},
    {0x78c44cd8de1fc650u, 0x771139b0f2c9e6b1u}, {0x4b7ab0078ad3dbf2u, 0x4a6ac40e97be302fu},
    {0x5e595c096d88d2efu, 0x1d0575123dadbc3au}, {0x75efb30bc8eb07abu, 0x0446d256cd192b49u},
    {0x49b5cfe75d92e4cau, 0x72ac4376402fbb0eu}, {0x5c2343e134f79dfdu, 0x4f575453d03ba9d1u},
    {0x732c14d98235857du, 0x032d2968c44a9445u}, {0x47fb8d07f161736eu, 0x11fc39e17aae9cabu},
    {0x59fa7049edb9d049u, 0x567b4859d95a43d6u}, {0x70790c5c6928445cu, 0x0c1a1a704fb0d4ccu},
    {0x464ba7b9c1b92ab9u, 0x4790508631ce84ffu}, {0x57de91a832277567u, 0x797464a7be42263fu},
    {0x6dd636123eb152c1u, 0x77d17dd1add2afcfu}, {0x44a5e1cb672ed3b9u, 0x1ae2eea30ca3ade1u},
    {0x55cf5a3e40fa88a7u, 0x419baa4bcfcc995au}, {0x6b4330cdd1392ad1u, 0x320294dec3bfbfb0u},
    {0x4309fe80a2c3bac2u, 0x6f419d0b3a57d7ceu}, {0x53cc7e20cb74a973u, 0x4b12044e08edcdc2u},
    {0x68bf9da8fe51d3d0u, 0x3dd685618b294132u}, {0x4177c2899ef32462u, 0x26a6135cf6f9c8bfu},
    {0x51d5b32c06afed7au, 0x704f983434b83aefu}, {0x664b1ff7085be8d9u, 0x4c637e4141e649abu},
    {0x7fdde7f4ca72e30fu, 0x7f7c5dd1925fdc15u}, {0x4feab0f8fe87cde9u, 0x7fadbaa2fb7be98du},
    {0x63e55d373e29c164u, 0x3f99294bba5ae3f1u}, {0x7cdeb4850db431bdu, 0x4f7f739ea8f19cedu},
    {0x4e0b30d328909f16u, 0x41afa84329970214u}, {0x618dfd07f2b4c6dcu, 0x121b9253f3fcc299u},
    {0x79f17c49ef61f893u, 0x16a276e8f0fbf33fu}, {0x4c36edae359d3b5bu, 0x7e258a51969d7808u},
    {0x5f44a919c3048a32u, 0x7daeece5fc44d609u}, {0x7715d36033c5acbfu, 0x5d1aa81f7b560b8cu},
    {0x4a6da41c205b8bf7u, 0x6a30a913ad15c738u}, {0x5d090d2328726ef5u, 0x64bcd358985b3905u},
    {0x744b506bf28f0ab3u, 0x1dec082ebe720746u}, {0x48af1243779966b0u, 0x02b3851d3707448cu},
    {0x5adad6d4557fc05cu, 0x0360666484c915afu}, {0x71918c896adfb073u, 0x04387ffda5fb5b1bu},
    {0x46faf7d5e2cbce47u, 0x72a34ffe87bd18f1u}, {0x58b9b5cb5b7ec1d9u, 0x6f4c23fe29ac5f2du},
    {0x6ee8233e325e7250u, 0x2b1f2cfdb41776f8u}, {0x45511606df7b0772u, 0x1af37c1e908eaa5bu},
    {0x56a55b889759c94eu, 0x61b05b2634b254f2u}, {0x6c4eb26abd303ba2u, 0x3a1c71efc1deea2eu},
    {0x43b12f82b63e2545u, 0x4451c735d92b525du}, {0x549d7b6363cdae96u, 0x756639034f7626f4u},
    {0x69c4da3c3cc11a3cu, 0x52bfc7442353b0b1u}, {0x421b0865a5f8b065u, 0x73b7dc8a96144e6fu},
    {0x52a1ca7f0f76dc7fu, 0x30a5d3ad3b99620bu}, {0x674a3d1ed354939fu, 0x1ccf48988a7fba8du},
    {0x408e66334414dc43u, 0x42018d5f568fd498u}, {0x50b1ffc0151a1354u, 0x3281f0b72c33c9beu},
    {0x64de7fb01a609829u, 0x3f226ce4f740bc2eu}, {0x7e161f9c20f8be33u, 0x6eeb081e3510eb39u},
    {0x4ecdd3c1949b76e0u, 0x3552e512e12a9304u}, {0x628148b1f9c25498u, 0x42a79e57997537c5u},
    {0x7b219ade7832e9beu, 0x535185ed7fd285b6u}, {0x4cf500cb0b1fd217u, 0x1412f3b46fe39392u},
    {0x603240fdcde7c69cu, 0x7917b0a18bdc7876u}, {0x783ed13d4161b844u, 0x175d9cc9eed39694u},
    {0x4b2742c648dd132au, 0x4e9a81fe35443e1cu}, {0x5df11377db1457f5u, 0x2241227dc2954da3u},
    {0x756d5855d1d96df2u, 0x4ad16b1d333aa10cu}, {0x49645735a327e4b7u, 0x4ec2e2f24004a4a8u},
    {0x5bbd6d030bf1dde5u, 0x42739baed005cdd2u}, {0x72acc843ceee555eu, 0x7310829a84074146u},
    {0x47abfd2a6154f55bu, 0x27ea51a0928488ccu}, {0x5996fc74f9aa32b2u, 0x11e4e608b725aaffu},
    {0x6ffcbb923814bf5eu, 0x565e1f8ae4ef15beu}, {0x45fdf53b630cf79bu, 0x15fad3b6cf156d97u},
    {0x577d728a3bd03581u, 0x7b7988a482dac8fdu}, {0x6d5ccf2ccac442e2u, 0x3a57eacda3917b3cu},
    {0x445a017bfebaa9cdu, 0x4476f2c0863aed06u}, {0x557081dafe695440u, 0x7594af70a7c9a847u},
    {0x6acca251be03a951u, 0x12f9db4cd1bc1258u}, {0x42bfe57316c249d2u, 0x5bdc291003158b77u},
    {0x536fdecfdc72dc47u, 0x32d3335403daee55u}, {0x684bd683d38f9359u, 0x1f88002904d1a9eau},
    {0x412f66126439bc17u, 0x63b50019a3030a33u}, {0x517b3f96fd482b1du, 0x5ca240200bc3ccbfu},
    {0x65da0f7cbc9a35e5u, 0x13cad0280eb4bfefu}, {0x7f50935bebc0c35eu, 0x38bd84321261efebu},
    {0x4f925c1973587a1bu, 0x0376729f4b7d35f3u}, {0x6376f31fd02e98a1u, 0x64540f471e5c836fu},
    {0x7c54afe7c43a3ecau, 0x1d691318e5f3a44bu}, {0x4db4edf0daa4673eu, 0x3261abef8fb846afu},
    {0x6122296d114d810du, 0x7efa16eb73a6585bu}, {0x796ab3c855a0e151u, 0x3eb89ca6508fee71u},
    {0x4be2b05d35848cd2u, 0x773361e7f259f507u}, {0x5edb5c7482e5b007u, 0x55003a61eef07249u},
    {0x76923391a39f1c09u, 0x4a4048fa6aac8edbu}, {0x4a1b603b06437185u, 0x7e682d9c82abd949u},
    {0x5ca23849c7d44de7u, 0x3e023903a356cf9bu}, {0x73cac65c39c96161u, 0x2d82c7448c2c8382u},
    {0x485ebbf9a41ddcdcu, 0x6c71bc8ad79bd231u}, {0x5a766af80d255414u, 0x078e2bad8d82c6bdu},
    {0x711405b6106ea919u, 0x0971b698f0e3786du}, {0x46ac8391ca4529afu, 0x55e7121f968e2b44u},
    {0x5857a4763cd6741bu, 0x4b60d6a77c31b615u}, {0x6e6d8d93cc0c1122u, 0x3e390c515b3e239au},
    {0x4504787c5f878ab5u, 0x46e3a7b2d906d640u}, {0x5645969b77696d62u, 0x789c919f8f488bd0u},
    {0x6bd6fc425543c8bbu, 0x56c3b607731aaec4u}, {0x43665da9754a5d75u, 0x263a51c4a7f0ad3bu},
    {0x543ff513d29cf4d2u, 0x4fc8e635d1ecd88au}, {0x694ff258c7443207u, 0x23bb1fc346680eacu},
    {0x41d1f7777c8a9f44u, 0x4654f3da0c01092cu}, {0x524675555bad4715u, 0x57ea30d08f014b76u},
    {0x66d812aab29898dbu, 0x0de4bd04b2c19e54u}, {0x40470baaaf9f5f88u, 0x78aef622efb902f5u},
    {0x5058ce955b87376bu, 0x16dab3ababa743b2u}, {0x646f023ab2690545u, 0x7c9160969691149eu},
    {0x7d8ac2c95f034697u, 0x3bb5b8bc3c3559c5u}, {0x4e76b9bddb620c1eu, 0x55519375a5a1581bu},
    {0x6214682d523a8f26u, 0x2aa5f8530f09ae22u}, {0x7a998238a6c932efu, 0x754f7667d2cc19abu},
    {0x4c9ff163683dbfd5u, 0x7951aa00e3bf900bu}, {0x5fc7edbc424d2fcbu, 0x37a614811caf740du},
    {0x77b9e92b52e07bbeu, 0x258f99a163db5111u}, {0x4ad431bb13cc4d56u, 0x7779c004de6912abu},
    {0x5d893e29d8bf60acu, 0x5558300616035755u}, {0x74eb8db44eef38d7u, 0x6aae3c079b842d2au},
    {0x49133890b1558386u, 0x72ace584c1329c3bu}, {0x5b5806b4ddaae468u, 0x4f581ee5f17f4349u},
    {0x722e086215159d82u, 0x632e269f6ddf141bu}, {0x475cc53d4d2d8271u, 0x5dfcd823a4ab6c91u},
    {0x5933f68ca078e30eu, 0x157c0e2c8dd647b5u}, {0x6f80f42fc8971bd1u, 0x5adb11b7b14bd9a3u},
    {0x45b0989ddd5e7163u, 0x08c8eb12cecf6806u}, {0x571cbec554b60dbbu, 0x6afb25d782834207u},
    {0x6ce3ee76a9e3912au, 0x65b9ef4d63241289u}, {0x440e750a2a2e3abau, 0x5f9435905df68b96u},
    {0x5512124cb4b9c969u, 0x377942f475742e7bu}, {0x6a5696dfe1e83bc3u, 0x655793b192d13a1au},
    {0x42761e4bed31255au, 0x2f56bc4efbc2c450u}, {0x5313a5dee87d6eb0u, 0x7b2c6b62bab37564u},
    {0x67d88f56a29cca5du, 0x19f7863b696052bdu}, {0x40e7599625a1fe7au, 0x203ab3e521dc33b6u},
    {0x51212ffbaf0a7e18u, 0x684960de6a5340a4u}, {0x65697bfa9acd1d9fu, 0x025bb91604e810cdu},
    {0x7ec3daf941806506u, 0x62f2a75b86221500u}, {0x4f3a68dbc8f03f24u, 0x1dd7a89933d54d20u},
    {0x63090312bb2c4eedu, 0x254d92bf80caa068u}, {0x7bcb43d769f762a8u, 0x4ea0f76f60fd4882u},
    {0x4d5f0a66a23a9da9u, 0x31249aa59c9e4d51u}, {0x60b6cd004ac94513u, 0x5d6dc14f03c5e0a5u},
    {0x78e480405d7b9658u, 0x54c931a2c4b758cfu}, {0x4b8ed0283a6d3df7u, 0x34fdbf05baf29781u},
    {0x5e72843249088d75u, 0x223d2ec729af3d62u}, {0x760f253edb4ab0d2u, 0x4acc7a78f41b0cbau},
    {0x49c97747490eae83u, 0x4ebfcc8b9890e7f4u}, {0x5c3bd5191b525a24u, 0x426fbfae7eb521f1u},
    {0x734aca5f6226f0adu, 0x530baf9a1e626a6du}, {0x480ebe7b9d58566cu, 0x43e74dc052fd8285u},
    {0x5a126e1a84ae6c07u, 0x54e1213067bce326u}, {0x709709a125da0709u, 0x4a19697c81ac1befu},
    {0x465e6604b7a84465u, 0x7e4fe1edd10b9175u}, {0x57f5ff85e592557fu, 0x3de3da69454e75d3u},
    {0x6df37f675ef6eadfu, 0x2d5cd10396a21347u}, {0x44b82fa09b5a52cbu, 0x4c5a02a23e254c0du},
    {0x55e63b88c230e77eu, 0x3f70834acdae9f10u}, {0x6b5fca6af2bd215eu, 0x0f4ca41d811a46d4u},
    {0x431bde82d7b634dau, 0x698fe69270b06c44u}, {0x53e2d6238da3c211u, 0x43f3e0370cdc8755u},
    {0x68db8bac710cb295u, 0x74f0d844d013a92bu}, {0x4189374bc6a7ef9du, 0x5916872b020c49bbu},
    {0x51eb851eb851eb85u, 0x0f5c28f5c28f5c29u}, {0x6666666666666666u, 0x3333333333333334u},
    {0x4000000000000000u, 0x0000000000000001u}, {0x5000000000000000u, 0x0000000000000001u},
    {0x6400000000000000u, 0x0000000000000001u}, {0x7d00000000000000u, 0x0000000000000001u},
    {0x4e20000000000000u, 0x0000000000000001u}, {0x61a8000000000000u, 0x0000000000000001u},
    {0x7a12000000000000u, 0x0000000000000001u}, {0x4c4b400000000000u, 0x0000000000000001u},
    {0x5f5e100000000000u, 0x0000000000000001u}, {0x7735940000000000u, 0x0000000000000001u},
    {0x4a817c8000000000u, 0x0000000000000001u}, {0x5d21dba000000000u, 0x0000000000000001u},
    {0x746a528800000000u, 0x0000000000000001u}, {0x48c2739500000000u, 0x0000000000000001u},
    {0x5af3107a40000000u, 0x0000000000000001u}, {0x71afd498d0000000u, 0x0000000000000001u},
    {0x470de4df82000000u, 0x0000000000000001u}, {0x58d15e1762800000u, 0x0000000000000001u},
    {0x6f05b59d3b200000u, 0x0000000000000001u}, {0x4563918244f40000u, 0x0000000000000001u},
    {0x56bc75e2d6310000u, 0x0000000000000001u}, {0x6c6b935b8bbd4000u, 0x0000000000000001u},
    {0x43c33c1937564800u, 0x0000000000000001u}, {0x54b40b1f852bda00u, 0x0000000000000001u},
    {0x69e10de76676d080u, 0x0000000000000001u}, {0x422ca8b0a00a4250u, 0x0000000000000001u},
    {0x52b7d2dcc80cd2e4u, 0x0000000000000001u}, {0x6765c793fa10079du, 0x0000000000000001u},
    {0x409f9cbc7c4a04c2u, 0x1000000000000001u}, {0x50c783eb9b5c85f2u, 0x5400000000000001u},
    {0x64f964e68233a76fu, 0x2900000000000001u}, {0x7e37be2022c0914bu, 0x1340000000000001u},
    {0x4ee2d6d415b85aceu, 0x7c08000000000001u}, {0x629b8c891b267182u, 0x5b0a000000000001u},
    {0x7b426fab61f00de3u, 0x31cc800000000001u}, {0x4d0985cb1d3608aeu, 0x0f1fd00000000001u},
    {0x604be73de4838ad9u, 0x52e7c40000000001u}, {0x785ee10d5da46d90u, 0x07a1b50000000001u},
    {0x4b3b4ca85a86c47au, 0x04c5112000000001u}, {0x5e0a1fd271287598u, 0x45f6556800000001u},
    {0x758ca7c70d7292feu, 0x5773eac200000001u}, {0x4977e8dc68679bdfu, 0x16a872b940000001u},
    {0x5bd5e313828182d6u, 0x7c528f6790000001u}, {0x72cb5bd86321e38cu, 0x5b67334174000001u},
    {0x47bf19673df52e37u, 0x79208008e8800001u}, {0x59aedfc10d7279c5u, 0x7768a00b22a00001u},
    {0x701a97b150cf1837u, 0x3542c80deb480001u}, {0x46109eced2816f22u, 0x5149bd08b30d0001u},
    {0x5794c6828721caebu, 0x259c2c4adfd04001u}, {0x6d79f82328ea3da6u, 0x0f03375d97c45001u},
    {0x446c3b15f9926687u, 0x6962029a7edab201u}, {0x558749db77f70029u, 0x63ba83411e915e81u},
    {0x6ae91c5255f4c034u, 0x1ca924116635b621u}, {0x42d1b1b375b8f820u, 0x51e9b68adfe191d5u},
    {0x53861e2053273628u, 0x6664242d97d9f64au}, {0x6867a5a867f103b2u, 0x7ffd2d38fdd073dcu},
    {0x4140c78940f6a24fu, 0x6ffe3c439ea2486au}, {0x5190f96b91344ae3u, 0x6bfdcb54864ada84u},
    {0x65f537c675815d9cu, 0x66fd3e29a7dd9125u}, {0x7f7285b812e1b504u, 0x00bc8db411d4f56eu},
    {0x4fa793930bcd1122u, 0x4075d8908b251965u}, {0x63917877cec0556bu, 0x10934eb4adee5fbeu},
    {0x7c75d695c2706ac5u, 0x74b82261d969f7adu}, {0x4dc9a61d998642bbu, 0x58f3157d27e23accu},
    {0x613c0fa4ffe7d36au, 0x4f2fdadc71dac97fu}, {0x798b138e3fe1c845u, 0x22fbd1938e517bdfu},
    {0x4bf6ec38e7ed1d2bu, 0x25dd62fc38f2ed6cu}, {0x5ef4a74721e86476u, 0x0f54bbbb472fa8c6u},
    {0x76b1d118ea627d93u, 0x5329eaaa18fb92f8u}, {0x4a2f22af927d8e7cu, 0x23fa32aa4f9d3bdbu},
    {0x5cbaeb5b771cf21bu, 0x2cf8bf54e3848ad2u}, {0x73e9a63254e42ea2u, 0x1836ef2a1c65ad86u},
    {0x487207df750e9d25u, 0x2f22557a51bf8c74u}, {0x5a8e89d75252446eu, 0x5aeaead8e62f6f91u},
    {0x71322c4d26e6d58au, 0x31a5a58f1fbb4b75u}, {0x46bf5bb038504576u, 0x3f07877973d50f29u},
    {0x586f329c466456d4u, 0x0ec96957d0ca52f3u}, {0x6e8aff4357fd6c89u, 0x127bc3adc4fce7b0u},
    {0x4516df8a16fe63d5u, 0x5b8d5a4c9b1e10ceu}, {0x565c976c9cbdfccbu, 0x1270b0dfc1e59502u},
    {0x6bf3bd47c3ed7bfdu, 0x770cdd17b25efa42u}, {0x4378564cda746d7eu, 0x5a680a2ecf7b5c69u},
    {0x54566be0111188deu, 0x31020cba835a3384u}, {0x696c06d81555eb15u, 0x7d428fe92430c065u},
    {0x41e384470d55b2edu, 0x5e4999f1b69e783fu}, {0x525c6558d0ab1fa9u, 0x15dc006e2446164fu},
    {0x66f37eaf04d5e793u, 0x3b530089ad579be2u}, {0x40582f2d6305b0bcu, 0x1513e0560c56c16eu},
    {0x506e3af8bbc71cebu, 0x1a58d86b8f6c71c9u}, {0x6489c9b6eab8e426u, 0x00ef0e8673478e3bu},
    {0x7dac3c24a5671d2fu, 0x412ad228101971c9u}, {0x4e8ba596e760723du, 0x58bac3590a0fe71eu},
    {0x622e8efca1388ecdu, 0x0ee9742f4c93e0e6u}, {0x7aba32bbc986b280u, 0x32a3d13b1fb8d91fu},
    {0x4cb45fb55df42f90u, 0x1fa662c4f3d387b3u}, {0x5fe177a2b5713b74u, 0x278ffb7630c869a0u},
    {0x77d9d58b62cd8a51u, 0x3173fa53bcfa8408u}, {0x4ae825771dc07672u, 0x6ee87c74561c9285u},
    {0x5da22ed4e530940fu, 0x4aa29b916ba3b726u}, {0x750aba8a1e7cb913u, 0x3d4b4275c68ca4f0u},
    {0x4926b496530df3acu, 0x164f09899c17e716u}, {0x5b7061bbe7d17097u, 0x1be2cbec031de0dcu},
    {0x724c7a2ae1c5ccbdu, 0x02db7ee703e55912u}, {0x476fcc5acd1b9ff6u, 0x11c92f50626f57acu},
    {0x594bbf71806287f3u, 0x563b7b247b0b2d96u}, {0x6f9eaf4de07b29f0u, 0x4bca59ed99cdf8fcu},
    {0x45c32d90ac4cfa36u, 0x2f5e78348020bb9eu}, {0x5733f8f4d76038c3u, 0x7b361641a028ea85u},
    {0x6d00f7320d3846f4u, 0x7a039bd208332526u}, {0x44209a7f48432c59u, 0x0c424163451ff738u},
    {0x5528c11f1a53f76fu, 0x2f52d1bc1667f506u}, {0x6a72f166e0e8f54bu, 0x1b27862b1c01f247u},
    {0x4287d6e04c91994fu, 0x00f8b3daf181376du}, {0x5329cc985fb5ffa2u, 0x6136e0d1ade18548u},
    {0x67f43fbe77a37f8bu, 0x398499061959e699u}, {0x40f8a7d70ac62fb7u, 0x13f2dfa3cfd83020u},
    {0x5136d1cccd77bba4u, 0x78ef978cc3ce3c28u}, {0x6584864000d5aa8eu, 0x172b7d6ff4c1cb32u},
    {0x7ee5a7d0010b1531u, 0x5cf65ccbf1f23dfeu}, {0x4f4f88e200a6ed3fu, 0x0a19f9ff773766bfu},
    {0x63236b1a80d0a88eu, 0x6ca0787f5505406fu}, {0x7bec45e12104d2b2u, 0x47c8969f2a46908au},
    {0x4d73abacb4a303afu, 0x4cdd5e237a6c1a57u}, {0x60d09697e1cbc49bu, 0x4014b5ac590720ecu},
    {0x7904bc3dda3eb5c2u, 0x3019e3176f48e927u}, {0x4ba2f5a6a8673199u, 0x3e102deea58d91b9u},
    {0x5e8bb3105280fdffu, 0x6d94396a4ef0f627u}, {0x762e9fd467213d7fu, 0x68f947c4e2ad33b0u},
    {0x49dd23e4c074c66fu, 0x719bccdb0dac404eu}, {0x5c546cddf091f80bu, 0x6e02c011d1175062u},
    {0x736988156cb6760eu, 0x69837016455d247au}, {0x4821f50d63f209c9u, 0x21f2260deb5a36ccu},
    {0x5a2a7250bcee8c3bu, 0x4a6eaf916630c47fu}, {0x70b50ee4ec2a2f4au, 0x3d0a5b75bfbcf59fu},
    {0x4671294f139a5d8eu, 0x4626792997d61984u}, {0x580d73a2d880f4f2u, 0x17b01773fdcb9fe4u},
    {0x6e10d08b8ea1322eu, 0x5d9c1d50fd3e87ddu}, {0x44ca82573924bf5du, 0x1a8192529e4714ebu},
    {0x55fd22ed076def34u, 0x4121f6e745d8da25u}, {0x6b7c6ba849496b01u, 0x516a74a1174f10aeu},
    {0x432dc3492dcde2e1u, 0x02e288e4ae916a6du}, {0x53f9341b79415b99u, 0x239b2b1dda35c508u},
    {0x68f781225791b27fu, 0x4c81f5e550c3364au}, {0x419ab0b576bb0f8fu, 0x5fd139af527a01efu},
    {0x52015ce2d469d373u, 0x57c5881b2718826au}, {0x6681b41b89844850u, 0x4db6ea21f0dea304u},
    {0x4011109135f2ad32u, 0x30925255368b25e3u}, {0x501554b5836f587eu, 0x7cb6e6ea842def5cu},
    {0x641aa9e2e44b2e9eu, 0x5be4a0a525396b32u}, {0x7d21545b9d5dfa46u, 0x32ddc8ce6e87c5ffu},
    {0x4e34d4b9425abc6bu, 0x7fca9d810514dbbfu}, {0x61c209e792f16b86u, 0x7fbd44e1465a12afu},
    {0x7a328c6177adc668u, 0x5fac961997f0975bu}, {0x4c5f97bceacc9c01u, 0x3bcbddcffef65e99u},
    {0x5f777dac257fc301u, 0x6abed543feb3f63fu}, {0x77555d172edfb3c2u, 0x256e8a94fe60f3cfu},
    {0x4a955a2e7d4bd059u, 0x3765169d1efc9861u}, {0x5d3ab0ba1c9ec46fu, 0x653e5c4466bbbe7au},
    {0x74895ce8a3c6758bu, 0x5e8df355806aae18u}, {0x48d5da11665c0977u, 0x2b18b8157042accfu},
    {0x5b0b5095bff30bd5u, 0x15dee61acc535803u}, {0x71ce24bb2fefcecau, 0x3b569fa17f682e03u},
    {0x4720d6f4fdf5e13eu, 0x451623c4efa11cc2u}, {0x58e90cb23d73598eu, 0x165bacb62b8963f3u},
    {0x6f234fdeccd02ff1u, 0x5bf297e3b66bbcefu}, {0x457611eb40021df7u, 0x09779eee52035616u},
    {0x56d396661002a574u, 0x6bd586a9e6842b9bu}, {0x6c887bff94034ed2u, 0x06cae85460253682u},
    {0x43d54d7fbc821143u, 0x243ed134bc174211u}, {0x54caa0dfaba29594u, 0x0d4e8581eb1d1295u},
    {0x69fd4917968b3af9u, 0x10a226e265e4573bu}, {0x423e4daebe1704dbu, 0x5a65584d7faeb685u},
    {0x52cde11a6d9cc612u, 0x50feae60df9a6426u}, {0x678159610903f797u, 0x253e59f91780fd2fu},
    {0x40b0d7dca5a27abeu, 0x4746f83baeb09e3eu}, {0x50dd0dd3cf0b196eu, 0x1918b64a9a5cc5cdu},
    {0x65145148c2cddfc9u, 0x5f5ee3dd40f3f740u}, {0x7e59659af38157bcu, 0x17369cd49130f510u},
    {0x4ef7df80d830d6d5u, 0x4e822204dabe992au}, {0x62b5d7610e3d0c8bu, 0x0222aa86116e3f75u},
    {0x7b634d3951cc4fadu, 0x62ab552795c9cf52u}, {0x4d1e1043d31fb1ccu, 0x4dab1538bd9e2193u},
    {0x60659454c7e79e3fu, 0x6115da86ed05a9f8u}, {0x787ef969f9e185cfu, 0x595b5128a8471476u},
    {0x4b4f5be23c2cf3a1u, 0x67d912b9692c6ccau}, {0x5e2332dacb38308au, 0x21cf5767c37787fcu},
    {0x75abff917e063cacu, 0x6a432d41b45569fbu}, {0x498b7fbaeec3e5ecu, 0x0269fc4910b5623du},
    {0x5bee5fa9aa74df67u, 0x03047b5b54e2baccu}, {0x72e9f79415121740u, 0x63c59a322a1b697fu},
    {0x47d23abc8d2b4e88u, 0x3e5b805f5a5121f0u}, {0x59c6c96bb076222au, 0x4df2607730e56a6cu},
    {0x70387bc69c93aab5u, 0x216ef894fd1ec506u}, {0x46234d5c21dc4ab1u, 0x24e55b5d1e333b24u},
    {0x57ac20b32a535d5du, 0x4e1eb23465c009edu}, {0x6d9728dff4e834b5u, 0x01a65ec17f300c68u},
    {0x447e798bf91120f1u, 0x1107fb38ef7e07c1u}, {0x559e17eef755692du, 0x3549fa072b5d89b1u},
    {0x6b059deab52ac378u, 0x629c7888f634ec1eu}, {0x42e382b2b13aba2bu, 0x3da1cb5599e11393u},
    {0x539c635f5d8968b6u, 0x2d0a3e2b00595877u}, {0x68837c3734ebc2e3u, 0x784ccdb5c06fae95u},
    {0x41522da2811359ceu, 0x3b3000919845cd1du}, {0x51a6b90b21583042u, 0x09fc00b5fe574065u},
    {0x6610674de9ae3c52u, 0x4c7b00e37ded107eu}, {0x7f9481216419cb67u, 0x1f99c11c5d68549du},
    {0x4fbcd0b4de901f20u, 0x43c018b1ba6134e2u}, {0x63ac04e2163426e8u, 0x54b01ede28f9821bu},
    {0x7c97061a9bc130a2u, 0x69dc2695b337e2a1u}, {0x4dde63d0a158be65u, 0x6229981d9002eda5u},
    {0x6155fcc4c9aeedffu, 0x1ab3fe24f403a90eu}, {0x79ab7bf5fc1aa97fu, 0x0160fdae31049351u},
    {0x4c0b2d79bd90a9efu, 0x30dc9e8cdea2dc13u}, {0x5f0df8d82cf4d46bu, 0x1d13c630164b9318u},
    {0x76d1770e38320986u, 0x0458b7bc1bde77ddu}, {0x4a42ea68e31f45f3u, 0x62b772d5916b0aebu},
    {0x5cd3a5031be71770u, 0x5b654f8af5c5cda5u}, {0x74088e43e2e0dd4cu, 0x723ea36db337410eu},
    {0x488558ea6dcc8a50u, 0x07672624900288a9u}, {0x5aa6af25093face4u, 0x0940efadb4032ad3u},
    {0x71505aee4b8f981du, 0x0b912b992103f588u}, {0x46d238d4ef39bf12u, 0x173abb3fb4a27975u},
    {0x5886c70a2b082ed6u, 0x5d096a0fa1cb17d2u}, {0x6ea878ccb5ca3a8cu, 0x344bc4938a3dddc7u},
    {0x45294b7ff19e6497u, 0x60af5adc3666aa9cu}, {0x56739e5fee05fdbdu, 0x58db319344005543u},
    {0x6c1085f7e9877d2du, 0x0f11fdf815006a94u}, {0x438a53baf1f4ae3cu, 0x196b3ebb0d20429du},
    {0x546ce8a9ae71d9cbu, 0x1fc60e69d0685344u}, {0x698822d41a0e503eu, 0x07b7920444826815u},
    {0x41f515c49048f226u, 0x64d2bb42aad1810du}, {0x52725b35b45b2eb0u, 0x3e076a135585e150u},
    {0x670ef2032171fa5cu, 0x4d8944982ae759a4u}, {0x40695741f4e73c79u, 0x7075cadf1ad09807u},
    {0x5083ad1272210b98u, 0x2c933d96e184be08u}, {0x64a498570ea94e7eu, 0x37b80cfc99e5ed8au},
    {0x7dcdbe6cd253a21eu, 0x05a6103bc05f68edu}, {0x4ea0970403744552u, 0x6387ca25583ba194u},
    {0x6248bcc5045156a7u, 0x3c69bcaeae4a89f9u}, {0x7adaebf64565ac51u, 0x2b842bda59dd2c77u},
    {0x4cc8d379eb5f8bb2u, 0x6b329b68782a3bcbu}, {0x5ffb085866376e9fu, 0x45ff42429634cabdu},
    {0x77f9ca6e7fc54a47u, 0x377f12d33bc1fd6du}, {0x4afc1e850fdb4e6cu, 0x52af6bc405593e64u},
    {0x5dbb262653d22207u, 0x675b46b506af8dfdu}, {0x7529efafe8c6aa89u, 0x61321862485b717cu},
    {0x493a35cdf17c2a96u, 0x0cbf4f3d6d3926eeu}, {0x5b88c3416ddb353bu, 0x4fef230cc88770a9u},
    {0x726af411c952028au, 0x43eaebcffaa94cd3u}, {0x4782d88b1dd34196u, 0x4a72d361fca9d004u},
    {0x59638eade54811fcu, 0x1d0f883a7bd44405u}, {0x6fbc72595e9a167bu, 0x24536a491ac95506u},
    {0x45d5c777db204e0du, 0x06b4226db0bdd524u}, {0x574b3955d1e86190u, 0x28612b091ced4a6du},
    {0x6d1e07ab466279f4u, 0x327975cb64289d08u}, {0x4432c4cb0bfd8c38u, 0x5f8be99f1e996225u},
    {0x553f75fdcefcef46u, 0x776ee406e63fbaaeu}, {0x6a8f537d42bc2b18u, 0x554a9d089fcfa95au},
    {0x4299942e49b59aefu, 0x354ea22563e1c9d8u}, {0x533ff939dc2301abu, 0x22a24aaebcda3c4eu},
    {0x680ff788532bc216u, 0x0b4add5a6c10cb62u}, {0x4109fab533fb594du, 0x670eca58838a7f1du},
    {0x514c796280fa2fa1u, 0x20d27ceea46d1ee4u}, {0x659f97bb2138bb89u, 0x49071c2a4d88669du},
    {0x7f077da9e986ea6bu, 0x7b48e334e0ea8045u}, {0x4f64ae8a31f45283u, 0x3d0d8e010c92902bu},
    {0x633dda2cbe716724u, 0x2c50f1814fb73436u}, {0x7c0d50b7ee0dc0edu, 0x37652de1a3a50143u},
    {0x4d885272f4c89894u, 0x329f3cad064720cau}, {0x60ea670fb1fabeb9u, 0x3f470bd847d8e8fdu},
    {0x792500d39e796e67u, 0x6f18cece59cf233cu}, {0x4bb72084430be500u, 0x756f8140f8217605u},
    {0x5ea4e8a553cede41u, 0x12cb61913629d387u}, {0x764e22cea8c295d1u, 0x377e39f583b44868u},
    {0x49f0d5c129799da2u, 0x72aee4397250ad41u}, {0x5c6d0b3173d8050bu, 0x4f5a9d47cee4d891u},
    {0x73884dfdd0ce064eu, 0x43314499c29e0eb6u}, {0x483530bea280c3f1u, 0x09fecae019a2c932u},
    {0x5a427cee4b20f4edu, 0x2c7e7d98200b7b7eu}, {0x70d31c29dde93228u, 0x579e1cfe280e5a5du},
    {0x4683f19a2ab1bf59u, 0x36c2d21ed908f87bu}, {0x5824ee00b55e2f2fu, 0x647386a68f4b3699u},
    {0x6e2e2980e2b5bafbu, 0x5d906850331e043fu}, {0x44dcd9f08db194ddu, 0x2a7a41321ff2c2a8u},
    {0x5614106cb11dfa14u, 0x5518d17ea7ef7352u}, {0x6b991487dd657899u, 0x6a5f05de51eb5026u},
    {0x433facd4ea5f6b60u, 0x127b63aaf3331218u}, {0x540f980a24f74638u, 0x171a3c95afffd69eu},
    {0x69137e0cae3517c6u, 0x1ce0cbbb1bffcc45u}, {0x41ac2ec7ece12edbu, 0x720c7f54f17fdfabu},
    {0x52173a79e8197a92u, 0x6e8f9f2a2ddfd796u}, {0x669d0918621fd937u, 0x4a3386f4b957cd7bu},
    {0x402225af3d53e7c2u, 0x5e603458f3d6e06du}, {0x502aaf1b0ca8e1b3u, 0x35f8416f30cc9888u},
    {0x64355ae1cfd31a20u, 0x237651cafcffbeaau}, {0x7d42b19a43c7e0a8u, 0x2c53e63dbc3fae55u},
    {0x4e49af006a5cec69u, 0x1bb46fe695a7ccf5u}, {0x61dc1ac084f42783u, 0x42a18be03b11c033u},
    {0x7a532170a6313164u, 0x3349eed849d6303fu}, {0x4c73f4e667debedeu, 0x600e35472e25de28u},
    {0x5f90f22001d66e96u, 0x3811c298f9af55b1u}, {0x77752ea8024c0a3cu, 0x0616333f381b2b1eu},
    {0x4aa93d29016f8665u, 0x43cde0078310faf3u}, {0x5d538c7341cb67feu, 0x74c1580963d539afu},
    {0x74a86f90123e41feu, 0x51f1ae0bbcca881bu}, {0x48e945ba0b66e93fu, 0x13370cc755fe9511u},
    {0x5b2397288e40a38eu, 0x7804cff92b7e3a55u}, {0x71ec7cf2b1d0cc72u, 0x560603f7765dc8eau},
    {0x4733ce17af227fc7u, 0x55c3c27aa9fa9d93u}, {0x5900c19d9aeb1fb9u, 0x4b34b319547944f7u},
    {0x6f40f20501a5e7a7u, 0x7e01dfdfa9979635u}, {0x458897432107b0c8u, 0x7ec12bebc9febde1u},
    {0x56eabd13e9499cfbu, 0x1e7176e6bc7e6d59u}, {0x6ca56c58e39c043au, 0x060dd4a06b9e08b0u},
    {0x43e763b78e4182a4u, 0x23c8a4e44342c56eu}, {0x54e13ca571d1e34du, 0x2cbace1d541376c9u},
    {0x6a198bcece465c20u, 0x57e981a4a918547bu}, {0x424ff76140ebf994u, 0x36f1f106e9af34cdu},
    {0x52e3f5399126f7f9u, 0x44ae6d48a41b0201u}, {0x679cf287f570b5f7u, 0x75da089acd21c281u},
    {0x40c21794f96671bau, 0x79a84560c0351991u}, {0x50f29d7a37c00e29u, 0x581256b8f0425ff5u},
    {0x652f44d8c5b011b4u, 0x0e16ec672c52f7f2u}, {0x7e7b160ef71c1621u, 0x119ca780f767b5eeu},
    {0x4f0cedc95a718dd4u, 0x5b01e8b09aa0d1b5u},
};
/* generated by tests/gen_num_tables.py: 5^q in 128 bits, q = -342..308 */
static const uint64_t mc_p5[651][2] = {
    {0xeef453d6923bd65au, 0x113faa2906a13b3fu}, {0x9558b4661b6565f8u, 0x4ac7ca59a424c507u},
    {0xbaaee17fa23ebf76u, 0x5d79bcf00d2df649u}, {0xe95a99df8ace6f53u, 0xf4d82c2c107973dcu},
    {0x91d8a02bb6c10594u, 0x79071b9b8a4be869u}, {0xb64ec836a47146f9u, 0x9748e2826cdee284u},
    {0xe3e27a444d8d98b7u, 0xfd1b1b2308169b25u}, {0x8e6d8c6ab0787f72u, 0xfe30f0f5e50e20f7u},
    {0xb208ef855c969f4fu, 0xbdbd2d335e51a935u}, {0xde8b2b66b3bc4723u, 0xad2c788035e61382u},
    {0x8b16fb203055ac76u, 0x4c3bcb5021afcc31u}, {0xaddcb9e83c6b1793u, 0xdf4abe242a1bbf3du},
    {0xd953e8624b85dd78u, 0xd71d6dad34a2af0du}, {0x87d4713d6f33aa6bu, 0x8672648c40e5ad68u},
    {0xa9c98d8ccb009506u, 0x680efdaf511f18c2u}, {0xd43bf0effdc0ba48u, 0x0212bd1b2566def2u},
    {0x84a57695fe98746du, 0x014bb630f7604b57u}, {0xa5ced43b7e3e9188u, 0x419ea3bd35385e2du},
    {0xcf42894a5dce35eau, 0x52064cac828675b9u}, {0x818995ce7aa0e1b2u, 0x7343efebd1940993u},
    {0xa1ebfb4219491a1fu, 0x1014ebe6c5f90bf8u}, {0xca66fa129f9b60a6u, 0xd41a26e077774ef6u},
    {0xfd00b897478238d0u, 0x8920b098955522b4u}, {0x9e20735e8cb16382u, 0x55b46e5f5d5535b0u},
    {0xc5a890362fddbc62u, 0xeb2189f734aa831du}, {0xf712b443bbd52b7bu, 0xa5e9ec7501d523e4u},
    {0x9a6bb0aa55653b2du, 0x47b233c92125366eu}, {0xc1069cd4eabe89f8u, 0x999ec0bb696e840au},
    {0xf148440a256e2c76u, 0xc00670ea43ca250du}, {0x96cd2a865764dbcau, 0x380406926a5e5728u},
    {0xbc807527ed3e12bcu, 0xc605083704f5ecf2u}, {0xeba09271e88d976bu, 0xf7864a44c633682eu},
    {0x93445b8731587ea3u, 0x7ab3ee6afbe0211du}, {0xb8157268fdae9e4cu, 0x5960ea05bad82964u},
    {0xe61acf033d1a45dfu, 0x6fb92487298e33bdu}, {0x8fd0c16206306babu, 0xa5d3b6d479f8e056u},
    {0xb3c4f1ba87bc8696u, 0x8f48a4899877186cu}, {0xe0b62e2929aba83cu, 0x331acdabfe94de87u},
    {0x8c71dcd9ba0b4925u, 0x9ff0c08b7f1d0b14u}, {0xaf8e5410288e1b6fu, 0x07ecf0ae5ee44dd9u},
    {0xdb71e91432b1a24au, 0xc9e82cd9f69d6150u}, {0x892731ac9faf056eu, 0xbe311c083a225cd2u},
    {0xab70fe17c79ac6cau, 0x6dbd630a48aaf406u}, {0xd64d3d9db981787du, 0x092cbbccdad5b108u},
    {0x85f0468293f0eb4eu, 0x25bbf56008c58ea5u}, {0xa76c582338ed2621u, 0xaf2af2b80af6f24eu},
    {0xd1476e2c07286faau, 0x1af5af660db4aee1u}, {0x82cca4db847945cau, 0x50d98d9fc890ed4du},
    {0xa37fce126597973cu, 0xe50ff107bab528a0u}, {0xcc5fc196fefd7d0cu, 0x1e53ed49a96272c8u},
    {0xff77b1fcbebcdc4fu, 0x25e8e89c13bb0f7au}, {0x9faacf3df73609b1u, 0x77b191618c54e9acu},
    {0xc795830d75038c1du, 0xd59df5b9ef6a2417u}, {0xf97ae3d0d2446f25u, 0x4b0573286b44ad1du},
    {0x9becce62836ac577u, 0x4ee367f9430aec32u}, {0xc2e801fb244576d5u, 0x229c41f793cda73fu},
    {0xf3a20279ed56d48au, 0x6b43527578c1110fu}, {0x9845418c345644d6u, 0x830a13896b78aaa9u},
    {0xbe5691ef416bd60cu, 0x23cc986bc656d553u}, {0xedec366b11c6cb8fu, 0x2cbfbe86b7ec8aa8u},
    {0x94b3a202eb1c3f39u, 0x7bf7d71432f3d6a9u}, {0xb9e08a83a5e34f07u, 0xdaf5ccd93fb0cc53u},
    {0xe858ad248f5c22c9u, 0xd1b3400f8f9cff68u}, {0x91376c36d99995beu, 0x23100809b9c21fa1u},
    {0xb58547448ffffb2du, 0xabd40a0c2832a78au}, {0xe2e69915b3fff9f9u, 0x16c90c8f323f516cu},
    {0x8dd01fad907ffc3bu, 0xae3da7d97f6792e3u}, {0xb1442798f49ffb4au, 0x99cd11cfdf41779cu},
    {0xdd95317f31c7fa1du, 0x40405643d711d583u}, {0x8a7d3eef7f1cfc52u, 0x482835ea666b2572u},
    {0xad1c8eab5ee43b66u, 0xda3243650005eecfu}, {0xd863b256369d4a40u, 0x90bed43e40076a82u},
    {0x873e4f75e2224e68u, 0x5a7744a6e804a291u}, {0xa90de3535aaae202u, 0x711515d0a205cb36u},
    {0xd3515c2831559a83u, 0x0d5a5b44ca873e03u}, {0x8412d9991ed58091u, 0xe858790afe9486c2u},
    {0xa5178fff668ae0b6u, 0x626e974dbe39a872u}, {0xce5d73ff402d98e3u, 0xfb0a3d212dc8128fu},
    {0x80fa687f881c7f8eu, 0x7ce66634bc9d0b99u}, {0xa139029f6a239f72u, 0x1c1fffc1ebc44e80u},
    {0xc987434744ac874eu, 0xa327ffb266b56220u}, {0xfbe9141915d7a922u, 0x4bf1ff9f0062baa8u},
    {0x9d71ac8fada6c9b5u, 0x6f773fc3603db4a9u}, {0xc4ce17b399107c22u, 0xcb550fb4384d21d3u},
    {0xf6019da07f549b2bu, 0x7e2a53a146606a48u}, {0x99c102844f94e0fbu, 0x2eda7444cbfc426du},
    {0xc0314325637a1939u, 0xfa911155fefb5308u}, {0xf03d93eebc589f88u, 0x793555ab7eba27cau},
    {0x96267c7535b763b5u, 0x4bc1558b2f3458deu}, {0xbbb01b9283253ca2u, 0x9eb1aaedfb016f16u},
    {0xea9c227723ee8bcbu, 0x465e15a979c1cadcu}, {0x92a1958a7675175fu, 0x0bfacd89ec191ec9u},
    {0xb749faed14125d36u, 0xcef980ec671f667bu}, {0xe51c79a85916f484u, 0x82b7e12780e7401au},
    {0x8f31cc0937ae58d2u, 0xd1b2ecb8b0908810u}, {0xb2fe3f0b8599ef07u, 0x861fa7e6dcb4aa15u},
    {0xdfbdcece67006ac9u, 0x67a791e093e1d49au}, {0x8bd6a141006042bdu, 0xe0c8bb2c5c6d24e0u},
    {0xaecc49914078536du, 0x58fae9f773886e18u}, {0xda7f5bf590966848u, 0xaf39a475506a899eu},
    {0x888f99797a5e012du, 0x6d8406c952429603u}, {0xaab37fd7d8f58178u, 0xc8e5087ba6d33b83u},
    {0xd5605fcdcf32e1d6u, 0xfb1e4a9a90880a64u}, {0x855c3be0a17fcd26u, 0x5cf2eea09a55067fu},
    {0xa6b34ad8c9dfc06fu, 0xf42faa48c0ea481eu}, {0xd0601d8efc57b08bu, 0xf13b94daf124da26u},
    {0x823c12795db6ce57u, 0x76c53d08d6b70858u}, {0xa2cb1717b52481edu, 0x54768c4b0c64ca6eu},
    {0xcb7ddcdda26da268u, 0xa9942f5dcf7dfd09u}, {0xfe5d54150b090b02u, 0xd3f93b35435d7c4cu},
    {0x9efa548d26e5a6e1u, 0xc47bc5014a1a6dafu}, {0xc6b8e9b0709f109au, 0x359ab6419ca1091bu},
    {0xf867241c8cc6d4c0u, 0xc30163d203c94b62u}, {0x9b407691d7fc44f8u, 0x79e0de63425dcf1du},
    {0xc21094364dfb5636u, 0x985915fc12f542e4u}, {0xf294b943e17a2bc4u, 0x3e6f5b7b17b2939du},
    {0x979cf3ca6cec5b5au, 0xa705992ceecf9c42u}, {0xbd8430bd08277231u, 0x50c6ff782a838353u},
    {0xece53cec4a314ebdu, 0xa4f8bf5635246428u}, {0x940f4613ae5ed136u, 0x871b7795e136be99u},
    {0xb913179899f68584u, 0x28e2557b59846e3fu}, {0xe757dd7ec07426e5u, 0x331aeada2fe589cfu},
    {0x9096ea6f3848984fu, 0x3ff0d2c85def7621u}, {0xb4bca50b065abe63u, 0x0fed077a756b53a9u},
    {0xe1ebce4dc7f16dfbu, 0xd3e8495912c62894u}, {0x8d3360f09cf6e4bdu, 0x64712dd7abbbd95cu},
    {0xb080392cc4349decu, 0xbd8d794d96aacfb3u}, {0xdca04777f541c567u, 0xecf0d7a0fc5583a0u},
    {0x89e42caaf9491b60u, 0xf41686c49db57244u}, {0xac5d37d5b79b6239u, 0x311c2875c522ced5u},
    {0xd77485cb25823ac7u, 0x7d633293366b828bu}, {0x86a8d39ef77164bcu, 0xae5dff9c02033197u},
    {0xa8530886b54dbdebu, 0xd9f57f830283fdfcu}, {0xd267caa862a12d66u, 0xd072df63c324fd7bu},
    {0x8380dea93da4bc60u, 0x4247cb9e59f71e6du}, {0xa46116538d0deb78u, 0x52d9be85f074e608u},
    {0xcd795be870516656u, 0x67902e276c921f8bu}, {0x806bd9714632dff6u, 0x00ba1cd8a3db53b6u},
    {0xa086cfcd97bf97f3u, 0x80e8a40eccd228a4u}, {0xc8a883c0fdaf7df0u, 0x6122cd128006b2cdu},
    {0xfad2a4b13d1b5d6cu, 0x796b805720085f81u}, {0x9cc3a6eec6311a63u, 0xcbe3303674053bb0u},
    {0xc3f490aa77bd60fcu, 0xbedbfc4411068a9cu}, {0xf4f1b4d515acb93bu, 0xee92fb5515482d44u},
    {0x991711052d8bf3c5u, 0x751bdd152d4d1c4au}, {0xbf5cd54678eef0b6u, 0xd262d45a78a0635du},
    {0xef340a98172aace4u, 0x86fb897116c87c34u}, {0x9580869f0e7aac0eu, 0xd45d35e6ae3d4da0u},
    {0xbae0a846d2195712u, 0x8974836059cca109u}, {0xe998d258869facd7u, 0x2bd1a438703fc94bu},
    {0x91ff83775423cc06u, 0x7b6306a34627ddcfu}, {0xb67f6455292cbf08u, 0x1a3bc84c17b1d542u},
    {0xe41f3d6a7377eecau, 0x20caba5f1d9e4a93u}, {0x8e938662882af53eu, 0x547eb47b7282ee9cu},
    {0xb23867fb2a35b28du, 0xe99e619a4f23aa43u}, {0xdec681f9f4c31f31u, 0x6405fa00e2ec94d4u},
    {0x8b3c113c38f9f37eu, 0xde83bc408dd3dd04u}, {0xae0b158b4738705eu, 0x9624ab50b148d445u},
    {0xd98ddaee19068c76u, 0x3badd624dd9b0957u}, {0x87f8a8d4cfa417c9u, 0xe54ca5d70a80e5d6u},
    {0xa9f6d30a038d1dbcu, 0x5e9fcf4ccd211f4cu}, {0xd47487cc8470652bu, 0x7647c3200069671fu},
    {0x84c8d4dfd2c63f3bu, 0x29ecd9f40041e073u}, {0xa5fb0a17c777cf09u, 0xf468107100525890u},
    {0xcf79cc9db955c2ccu, 0x7182148d4066eeb4u}, {0x81ac1fe293d599bfu, 0xc6f14cd848405530u},
    {0xa21727db38cb002fu, 0xb8ada00e5a506a7cu}, {0xca9cf1d206fdc03bu, 0xa6d90811f0e4851cu},
    {0xfd442e4688bd304au, 0x908f4a166d1da663u}, {0x9e4a9cec15763e2eu, 0x9a598e4e043287feu},
    {0xc5dd44271ad3cdbau, 0x40eff1e1853f29fdu}, {0xf7549530e188c128u, 0xd12bee59e68ef47cu},
    {0x9a94dd3e8cf578b9u, 0x82bb74f8301958ceu}, {0xc13a148e3032d6e7u, 0xe36a52363c1faf01u},
    {0xf18899b1bc3f8ca1u, 0xdc44e6c3cb279ac1u}, {0x96f5600f15a7b7e5u, 0x29ab103a5ef8c0b9u},
    {0xbcb2b812db11a5deu, 0x7415d448f6b6f0e7u}, {0xebdf661791d60f56u, 0x111b495b3464ad21u},
    {0x936b9fcebb25c995u, 0xcab10dd900beec34u}, {0xb84687c269ef3bfbu, 0x3d5d514f40eea742u},
    {0xe65829b3046b0afau, 0x0cb4a5a3112a5112u}, {0x8ff71a0fe2c2e6dcu, 0x47f0e785eaba72abu},
    {0xb3f4e093db73a093u, 0x59ed216765690f56u}, {0xe0f218b8d25088b8u, 0x306869c13ec3532cu},
    {0x8c974f7383725573u, 0x1e414218c73a13fbu}, {0xafbd2350644eeacfu, 0xe5d1929ef90898fau},
    {0xdbac6c247d62a583u, 0xdf45f746b74abf39u}, {0x894bc396ce5da772u, 0x6b8bba8c328eb783u},
    {0xab9eb47c81f5114fu, 0x066ea92f3f326564u}, {0xd686619ba27255a2u, 0xc80a537b0efefebdu},
    {0x8613fd0145877585u, 0xbd06742ce95f5f36u}, {0xa798fc4196e952e7u, 0x2c48113823b73704u},
    {0xd17f3b51fca3a7a0u, 0xf75a15862ca504c5u}, {0x82ef85133de648c4u, 0x9a984d73dbe722fbu},
    {0xa3ab66580d5fdaf5u, 0xc13e60d0d2e0ebbau}, {0xcc963fee10b7d1b3u, 0x318df905079926a8u},
    {0xffbbcfe994e5c61fu, 0xfdf17746497f7052u}, {0x9fd561f1fd0f9bd3u, 0xfeb6ea8bedefa633u},
    {0xc7caba6e7c5382c8u, 0xfe64a52ee96b8fc0u}, {0xf9bd690a1b68637bu, 0x3dfdce7aa3c673b0u},
    {0x9c1661a651213e2du, 0x06bea10ca65c084eu}, {0xc31bfa0fe5698db8u, 0x486e494fcff30a62u},
    {0xf3e2f893dec3f126u, 0x5a89dba3c3efccfau}, {0x986ddb5c6b3a76b7u, 0xf89629465a75e01cu},
    {0xbe89523386091465u, 0xf6bbb397f1135823u}, {0xee2ba6c0678b597fu, 0x746aa07ded582e2cu},
    {0x94db483840b717efu, 0xa8c2a44eb4571cdcu}, {0xba121a4650e4ddebu, 0x92f34d62616ce413u},
    {0xe896a0d7e51e1566u, 0x77b020baf9c81d17u}, {0x915e2486ef32cd60u, 0x0ace1474dc1d122eu},
    {0xb5b5ada8aaff80b8u, 0x0d819992132456bau}, {0xe3231912d5bf60e6u, 0x10e1fff697ed6c69u},
    {0x8df5efabc5979c8fu, 0xca8d3ffa1ef463c1u}, {0xb1736b96b6fd83b3u, 0xbd308ff8a6b17cb2u},
    {0xddd0467c64bce4a0u, 0xac7cb3f6d05ddbdeu}, {0x8aa22c0dbef60ee4u, 0x6bcdf07a423aa96bu},
    {0xad4ab7112eb3929du, 0x86c16c98d2c953c6u}, {0xd89d64d57a607744u, 0xe871c7bf077ba8b7u},
    {0x87625f056c7c4a8bu, 0x11471cd764ad4972u}, {0xa93af6c6c79b5d2du, 0xd598e40d3dd89bcfu},
    {0xd389b47879823479u, 0x4aff1d108d4ec2c3u}, {0x843610cb4bf160cbu, 0xcedf722a585139bau},
    {0xa54394fe1eedb8feu, 0xc2974eb4ee658828u}, {0xce947a3da6a9273eu, 0x733d226229feea32u},
    {0x811ccc668829b887u, 0x0806357d5a3f525fu}, {0xa163ff802a3426a8u, 0xca07c2dcb0cf26f7u},
    {0xc9bcff6034c13052u, 0xfc89b393dd02f0b5u}, {0xfc2c3f3841f17c67u, 0xbbac2078d443ace2u},
    {0x9d9ba7832936edc0u, 0xd54b944b84aa4c0du}, {0xc5029163f384a931u, 0x0a9e795e65d4df11u},
    {0xf64335bcf065d37du, 0x4d4617b5ff4a16d5u}, {0x99ea0196163fa42eu, 0x504bced1bf8e4e45u},
    {0xc06481fb9bcf8d39u, 0xe45ec2862f71e1d6u}, {0xf07da27a82c37088u, 0x5d767327bb4e5a4cu},
    {0x964e858c91ba2655u, 0x3a6a07f8d510f86fu}, {0xbbe226efb628afeau, 0x890489f70a55368bu},
    {0xeadab0aba3b2dbe5u, 0x2b45ac74ccea842eu}, {0x92c8ae6b464fc96fu, 0x3b0b8bc90012929du},
    {0xb77ada0617e3bbcbu, 0x09ce6ebb40173744u}, {0xe55990879ddcaabdu, 0xcc420a6a101d0515u},
    {0x8f57fa54c2a9eab6u, 0x9fa946824a12232du}, {0xb32df8e9f3546564u, 0x47939822dc96abf9u},
    {0xdff9772470297ebdu, 0x59787e2b93bc56f7u}, {0x8bfbea76c619ef36u, 0x57eb4edb3c55b65au},
    {0xaefae51477a06b03u, 0xede622920b6b23f1u}, {0xdab99e59958885c4u, 0xe95fab368e45ecedu},
    {0x88b402f7fd75539bu, 0x11dbcb0218ebb414u}, {0xaae103b5fcd2a881u, 0xd652bdc29f26a119u},
    {0xd59944a37c0752a2u, 0x4be76d3346f0495fu}, {0x857fcae62d8493a5u, 0x6f70a4400c562ddbu},
    {0xa6dfbd9fb8e5b88eu, 0xcb4ccd500f6bb952u}, {0xd097ad07a71f26b2u, 0x7e2000a41346a7a7u},
    {0x825ecc24c873782fu, 0x8ed400668c0c28c8u}, {0xa2f67f2dfa90563bu, 0x728900802f0f32fau},
    {0xcbb41ef979346bcau, 0x4f2b40a03ad2ffb9u}, {0xfea126b7d78186bcu, 0xe2f610c84987bfa8u},
    {0x9f24b832e6b0f436u, 0x0dd9ca7d2df4d7c9u}, {0xc6ede63fa05d3143u, 0x91503d1c79720dbbu},
    {0xf8a95fcf88747d94u, 0x75a44c6397ce912au}, {0x9b69dbe1b548ce7cu, 0xc986afbe3ee11abau},
    {0xc24452da229b021bu, 0xfbe85badce996168u}, {0xf2d56790ab41c2a2u, 0xfae27299423fb9c3u},
    {0x97c560ba6b0919a5u, 0xdccd879fc967d41au}, {0xbdb6b8e905cb600fu, 0x5400e987bbc1c920u},
    {0xed246723473e3813u, 0x290123e9aab23b68u}, {0x9436c0760c86e30bu, 0xf9a0b6720aaf6521u},
    {0xb94470938fa89bceu, 0xf808e40e8d5b3e69u}, {0xe7958cb87392c2c2u, 0xb60b1d1230b20e04u},
    {0x90bd77f3483bb9b9u, 0xb1c6f22b5e6f48c2u}, {0xb4ecd5f01a4aa828u, 0x1e38aeb6360b1af3u},
    {0xe2280b6c20dd5232u, 0x25c6da63c38de1b0u}, {0x8d590723948a535fu, 0x579c487e5a38ad0eu},
    {0xb0af48ec79ace837u, 0x2d835a9df0c6d851u}, {0xdcdb1b2798182244u, 0xf8e431456cf88e65u},
    {0x8a08f0f8bf0f156bu, 0x1b8e9ecb641b58ffu}, {0xac8b2d36eed2dac5u, 0xe272467e3d222f3fu},
    {0xd7adf884aa879177u, 0x5b0ed81dcc6abb0fu}, {0x86ccbb52ea94baeau, 0x98e947129fc2b4e9u},
    {0xa87fea27a539e9a5u, 0x3f2398d747b36224u}, {0xd29fe4b18e88640eu, 0x8eec7f0d19a03aadu},
    {0x83a3eeeef9153e89u, 0x1953cf68300424acu}, {0xa48ceaaab75a8e2bu, 0x5fa8c3423c052dd7u},
    {0xcdb02555653131b6u, 0x3792f412cb06794du}, {0x808e17555f3ebf11u, 0xe2bbd88bbee40bd0u},
    {0xa0b19d2ab70e6ed6u, 0x5b6aceaeae9d0ec4u}, {0xc8de047564d20a8bu, 0xf245825a5a445275u},
    {0xfb158592be068d2eu, 0xeed6e2f0f0d56712u}, {0x9ced737bb6c4183du, 0x55464dd69685606bu},
    {0xc428d05aa4751e4cu, 0xaa97e14c3c26b886u}, {0xf53304714d9265dfu, 0xd53dd99f4b3066a8u},
    {0x993fe2c6d07b7fabu, 0xe546a8038efe4029u}, {0xbf8fdb78849a5f96u, 0xde98520472bdd033u},
    {0xef73d256a5c0f77cu, 0x963e66858f6d4440u}, {0x95a8637627989aadu, 0xdde7001379a44aa8u},
    {0xbb127c53b17ec159u, 0x5560c018580d5d52u}, {0xe9d71b689dde71afu, 0xaab8f01e6e10b4a6u},
    {0x9226712162ab070du, 0xcab3961304ca70e8u}, {0xb6b00d69bb55c8d1u, 0x3d607b97c5fd0d22u},
    {0xe45c10c42a2b3b05u, 0x8cb89a7db77c506au}, {0x8eb98a7a9a5b04e3u, 0x77f3608e92adb242u},
    {0xb267ed1940f1c61cu, 0x55f038b237591ed3u}, {0xdf01e85f912e37a3u, 0x6b6c46dec52f6688u},
    {0x8b61313bbabce2c6u, 0x2323ac4b3b3da015u}, {0xae397d8aa96c1b77u, 0xabec975e0a0d081au},
    {0xd9c7dced53c72255u, 0x96e7bd358c904a21u}, {0x881cea14545c7575u, 0x7e50d64177da2e54u},
    {0xaa242499697392d2u, 0xdde50bd1d5d0b9e9u}, {0xd4ad2dbfc3d07787u, 0x955e4ec64b44e864u},
    {0x84ec3c97da624ab4u, 0xbd5af13bef0b113eu}, {0xa6274bbdd0fadd61u, 0xecb1ad8aeacdd58eu},
    {0xcfb11ead453994bau, 0x67de18eda5814af2u}, {0x81ceb32c4b43fcf4u, 0x80eacf948770ced7u},
    {0xa2425ff75e14fc31u, 0xa1258379a94d028du}, {0xcad2f7f5359a3b3eu, 0x096ee45813a04330u},
    {0xfd87b5f28300ca0du, 0x8bca9d6e188853fcu}, {0x9e74d1b791e07e48u, 0x775ea264cf55347eu},
    {0xc612062576589ddau, 0x95364afe032a819eu}, {0xf79687aed3eec551u, 0x3a83ddbd83f52205u},
    {0x9abe14cd44753b52u, 0xc4926a9672793543u}, {0xc16d9a0095928a27u, 0x75b7053c0f178294u},
    {0xf1c90080baf72cb1u, 0x5324c68b12dd6339u}, {0x971da05074da7beeu, 0xd3f6fc16ebca5e04u},
    {0xbce5086492111aeau, 0x88f4bb1ca6bcf585u}, {0xec1e4a7db69561a5u, 0x2b31e9e3d06c32e6u},
    {0x9392ee8e921d5d07u, 0x3aff322e62439fd0u}, {0xb877aa3236a4b449u, 0x09befeb9fad487c3u},
    {0xe69594bec44de15bu, 0x4c2ebe687989a9b4u}, {0x901d7cf73ab0acd9u, 0x0f9d37014bf60a11u},
    {0xb424dc35095cd80fu, 0x538484c19ef38c95u}, {0xe12e13424bb40e13u, 0x2865a5f206b06fbau},
    {0x8cbccc096f5088cbu, 0xf93f87b7442e45d4u}, {0xafebff0bcb24aafeu, 0xf78f69a51539d749u},
    {0xdbe6fecebdedd5beu, 0xb573440e5a884d1cu}, {0x89705f4136b4a597u, 0x31680a88f8953031u},
    {0xabcc77118461cefcu, 0xfdc20d2b36ba7c3eu}, {0xd6bf94d5e57a42bcu, 0x3d32907604691b4du},
    {0x8637bd05af6c69b5u, 0xa63f9a49c2c1b110u}, {0xa7c5ac471b478423u, 0x0fcf80dc33721d54u},
    {0xd1b71758e219652bu, 0xd3c36113404ea4a9u}, {0x83126e978d4fdf3bu, 0x645a1cac083126eau},
    {0xa3d70a3d70a3d70au, 0x3d70a3d70a3d70a4u}, {0xccccccccccccccccu, 0xcccccccccccccccdu},
    {0x8000000000000000u, 0x0000000000000000u}, {0xa000000000000000u, 0x0000000000000000u},
    {0xc800000000000000u, 0x0000000000000000u}, {0xfa00000000000000u, 0x0000000000000000u},
    {0x9c40000000000000u, 0x0000000000000000u}, {0xc350000000000000u, 0x0000000000000000u},
    {0xf424000000000000u, 0x0000000000000000u}, {0x9896800000000000u, 0x0000000000000000u},
    {0xbebc200000000000u, 0x0000000000000000u}, {0xee6b280000000000u, 0x0000000000000000u},
    {0x9502f90000000000u, 0x0000000000000000u}, {0xba43b74000000000u, 0x0000000000000000u},
    {0xe8d4a51000000000u, 0x0000000000000000u}, {0x9184e72a00000000u, 0x0000000000000000u},
    {0xb5e620f480000000u, 0x0000000000000000u}, {0xe35fa931a0000000u, 0x0000000000000000u},
    {0x8e1bc9bf04000000u, 0x0000000000000000u}, {0xb1a2bc2ec5000000u, 0x0000000000000000u},
    {0xde0b6b3a76400000u, 0x0000000000000000u}, {0x8ac7230489e80000u, 0x0000000000000000u},
    {0xad78ebc5ac620000u, 0x0000000000000000u}, {0xd8d726b7177a8000u, 0x0000000000000000u},
    {0x878678326eac9000u, 0x0000000000000000u}, {0xa968163f0a57b400u, 0x0000000000000000u},
    {0xd3c21bcecceda100u, 0x0000000000000000u}, {0x84595161401484a0u, 0x0000000000000000u},
    {0xa56fa5b99019a5c8u, 0x0000000000000000u}, {0xcecb8f27f4200f3au, 0x0000000000000000u},
    {0x813f3978f8940984u, 0x4000000000000000u}, {0xa18f07d736b90be5u, 0x5000000000000000u},
    {0xc9f2c9cd04674edeu, 0xa400000000000000u}, {0xfc6f7c4045812296u, 0x4d00000000000000u},
    {0x9dc5ada82b70b59du, 0xf020000000000000u}, {0xc5371912364ce305u, 0x6c28000000000000u},
    {0xf684df56c3e01bc6u, 0xc732000000000000u}, {0x9a130b963a6c115cu, 0x3c7f400000000000u},
    {0xc097ce7bc90715b3u, 0x4b9f100000000000u}, {0xf0bdc21abb48db20u, 0x1e86d40000000000u},
    {0x96769950b50d88f4u, 0x1314448000000000u}, {0xbc143fa4e250eb31u, 0x17d955a000000000u},
    {0xeb194f8e1ae525fdu, 0x5dcfab0800000000u}, {0x92efd1b8d0cf37beu, 0x5aa1cae500000000u},
    {0xb7abc627050305adu, 0xf14a3d9e40000000u}, {0xe596b7b0c643c719u, 0x6d9ccd05d0000000u},
    {0x8f7e32ce7bea5c6fu, 0xe4820023a2000000u}, {0xb35dbf821ae4f38bu, 0xdda2802c8a800000u},
    {0xe0352f62a19e306eu, 0xd50b2037ad200000u}, {0x8c213d9da502de45u, 0x4526f422cc340000u},
    {0xaf298d050e4395d6u, 0x9670b12b7f410000u}, {0xdaf3f04651d47b4cu, 0x3c0cdd765f114000u},
    {0x88d8762bf324cd0fu, 0xa5880a69fb6ac800u}, {0xab0e93b6efee0053u, 0x8eea0d047a457a00u},
    {0xd5d238a4abe98068u, 0x72a4904598d6d880u}, {0x85a36366eb71f041u, 0x47a6da2b7f864750u},
    {0xa70c3c40a64e6c51u, 0x999090b65f67d924u}, {0xd0cf4b50cfe20765u, 0xfff4b4e3f741cf6du},
    {0x82818f1281ed449fu, 0xbff8f10e7a8921a4u}, {0xa321f2d7226895c7u, 0xaff72d52192b6a0du},
    {0xcbea6f8ceb02bb39u, 0x9bf4f8a69f764490u}, {0xfee50b7025c36a08u, 0x02f236d04753d5b4u},
    {0x9f4f2726179a2245u, 0x01d762422c946590u}, {0xc722f0ef9d80aad6u, 0x424d3ad2b7b97ef5u},
    {0xf8ebad2b84e0d58bu, 0xd2e0898765a7deb2u}, {0x9b934c3b330c8577u, 0x63cc55f49f88eb2fu},
    {0xc2781f49ffcfa6d5u, 0x3cbf6b71c76b25fbu}, {0xf316271c7fc3908au, 0x8bef464e3945ef7au},
    {0x97edd871cfda3a56u, 0x97758bf0e3cbb5acu}, {0xbde94e8e43d0c8ecu, 0x3d52eeed1cbea317u},
    {0xed63a231d4c4fb27u, 0x4ca7aaa863ee4bddu}, {0x945e455f24fb1cf8u, 0x8fe8caa93e74ef6au},
    {0xb975d6b6ee39e436u, 0xb3e2fd538e122b44u}, {0xe7d34c64a9c85d44u, 0x60dbbca87196b616u},
    {0x90e40fbeea1d3a4au, 0xbc8955e946fe31cdu}, {0xb51d13aea4a488ddu, 0x6babab6398bdbe41u},
    {0xe264589a4dcdab14u, 0xc696963c7eed2dd1u}, {0x8d7eb76070a08aecu, 0xfc1e1de5cf543ca2u},
    {0xb0de65388cc8ada8u, 0x3b25a55f43294bcbu}, {0xdd15fe86affad912u, 0x49ef0eb713f39ebeu},
    {0x8a2dbf142dfcc7abu, 0x6e3569326c784337u}, {0xacb92ed9397bf996u, 0x49c2c37f07965404u},
    {0xd7e77a8f87daf7fbu, 0xdc33745ec97be906u}, {0x86f0ac99b4e8dafdu, 0x69a028bb3ded71a3u},
    {0xa8acd7c0222311bcu, 0xc40832ea0d68ce0cu}, {0xd2d80db02aabd62bu, 0xf50a3fa490c30190u},
    {0x83c7088e1aab65dbu, 0x792667c6da79e0fau}, {0xa4b8cab1a1563f52u, 0x577001b891185938u},
    {0xcde6fd5e09abcf26u, 0xed4c0226b55e6f86u}, {0x80b05e5ac60b6178u, 0x544f8158315b05b4u},
    {0xa0dc75f1778e39d6u, 0x696361ae3db1c721u}, {0xc913936dd571c84cu, 0x03bc3a19cd1e38e9u},
    {0xfb5878494ace3a5fu, 0x04ab48a04065c723u}, {0x9d174b2dcec0e47bu, 0x62eb0d64283f9c76u},
    {0xc45d1df942711d9au, 0x3ba5d0bd324f8394u}, {0xf5746577930d6500u, 0xca8f44ec7ee36479u},
    {0x9968bf6abbe85f20u, 0x7e998b13cf4e1ecbu}, {0xbfc2ef456ae276e8u, 0x9e3fedd8c321a67eu},
    {0xefb3ab16c59b14a2u, 0xc5cfe94ef3ea101eu}, {0x95d04aee3b80ece5u, 0xbba1f1d158724a12u},
    {0xbb445da9ca61281fu, 0x2a8a6e45ae8edc97u}, {0xea1575143cf97226u, 0xf52d09d71a3293bdu},
    {0x924d692ca61be758u, 0x593c2626705f9c56u}, {0xb6e0c377cfa2e12eu, 0x6f8b2fb00c77836cu},
    {0xe498f455c38b997au, 0x0b6dfb9c0f956447u}, {0x8edf98b59a373fecu, 0x4724bd4189bd5eacu},
    {0xb2977ee300c50fe7u, 0x58edec91ec2cb657u}, {0xdf3d5e9bc0f653e1u, 0x2f2967b66737e3edu},
    {0x8b865b215899f46cu, 0xbd79e0d20082ee74u}, {0xae67f1e9aec07187u, 0xecd8590680a3aa11u},
    {0xda01ee641a708de9u, 0xe80e6f4820cc9495u}, {0x884134fe908658b2u, 0x3109058d147fdcddu},
    {0xaa51823e34a7eedeu, 0xbd4b46f0599fd415u}, {0xd4e5e2cdc1d1ea96u, 0x6c9e18ac7007c91au},
    {0x850fadc09923329eu, 0x03e2cf6bc604ddb0u}, {0xa6539930bf6bff45u, 0x84db8346b786151cu},
    {0xcfe87f7cef46ff16u, 0xe612641865679a63u}, {0x81f14fae158c5f6eu, 0x4fcb7e8f3f60c07eu},
    {0xa26da3999aef7749u, 0xe3be5e330f38f09du}, {0xcb090c8001ab551cu, 0x5cadf5bfd3072cc5u},
    {0xfdcb4fa002162a63u, 0x73d9732fc7c8f7f6u}, {0x9e9f11c4014dda7eu, 0x2867e7fddcdd9afau},
    {0xc646d63501a1511du, 0xb281e1fd541501b8u}, {0xf7d88bc24209a565u, 0x1f225a7ca91a4226u},
    {0x9ae757596946075fu, 0x3375788de9b06958u}, {0xc1a12d2fc3978937u, 0x0052d6b1641c83aeu},
    {0xf209787bb47d6b84u, 0xc0678c5dbd23a49au}, {0x9745eb4d50ce6332u, 0xf840b7ba963646e0u},
    {0xbd176620a501fbffu, 0xb650e5a93bc3d898u}, {0xec5d3fa8ce427affu, 0xa3e51f138ab4cebeu},
    {0x93ba47c980e98cdfu, 0xc66f336c36b10137u}, {0xb8a8d9bbe123f017u, 0xb80b0047445d4184u},
    {0xe6d3102ad96cec1du, 0xa60dc059157491e5u}, {0x9043ea1ac7e41392u, 0x87c89837ad68db2fu},
    {0xb454e4a179dd1877u, 0x29babe4598c311fbu}, {0xe16a1dc9d8545e94u, 0xf4296dd6fef3d67au},
    {0x8ce2529e2734bb1du, 0x1899e4a65f58660cu}, {0xb01ae745b101e9e4u, 0x5ec05dcff72e7f8fu},
    {0xdc21a1171d42645du, 0x76707543f4fa1f73u}, {0x899504ae72497ebau, 0x6a06494a791c53a8u},
    {0xabfa45da0edbde69u, 0x0487db9d17636892u}, {0xd6f8d7509292d603u, 0x45a9d2845d3c42b6u},
    {0x865b86925b9bc5c2u, 0x0b8a2392ba45a9b2u}, {0xa7f26836f282b732u, 0x8e6cac7768d7141eu},
    {0xd1ef0244af2364ffu, 0x3207d795430cd926u}, {0x8335616aed761f1fu, 0x7f44e6bd49e807b8u},
    {0xa402b9c5a8d3a6e7u, 0x5f16206c9c6209a6u}, {0xcd036837130890a1u, 0x36dba887c37a8c0fu},
    {0x802221226be55a64u, 0xc2494954da2c9789u}, {0xa02aa96b06deb0fdu, 0xf2db9baa10b7bd6cu},
    {0xc83553c5c8965d3du, 0x6f92829494e5acc7u}, {0xfa42a8b73abbf48cu, 0xcb772339ba1f17f9u},
    {0x9c69a97284b578d7u, 0xff2a760414536efbu}, {0xc38413cf25e2d70du, 0xfef5138519684abau},
    {0xf46518c2ef5b8cd1u, 0x7eb258665fc25d69u}, {0x98bf2f79d5993802u, 0xef2f773ffbd97a61u},
    {0xbeeefb584aff8603u, 0xaafb550ffacfd8fau}, {0xeeaaba2e5dbf6784u, 0x95ba2a53f983cf38u},
    {0x952ab45cfa97a0b2u, 0xdd945a747bf26183u}, {0xba756174393d88dfu, 0x94f971119aeef9e4u},
    {0xe912b9d1478ceb17u, 0x7a37cd5601aab85du}, {0x91abb422ccb812eeu, 0xac62e055c10ab33au},
    {0xb616a12b7fe617aau, 0x577b986b314d6009u}, {0xe39c49765fdf9d94u, 0xed5a7e85fda0b80bu},
    {0x8e41ade9fbebc27du, 0x14588f13be847307u}, {0xb1d219647ae6b31cu, 0x596eb2d8ae258fc8u},
    {0xde469fbd99a05fe3u, 0x6fca5f8ed9aef3bbu}, {0x8aec23d680043beeu, 0x25de7bb9480d5854u},
    {0xada72ccc20054ae9u, 0xaf561aa79a10ae6au}, {0xd910f7ff28069da4u, 0x1b2ba1518094da04u},
    {0x87aa9aff79042286u, 0x90fb44d2f05d0842u}, {0xa99541bf57452b28u, 0x353a1607ac744a53u},
    {0xd3fa922f2d1675f2u, 0x42889b8997915ce8u}, {0x847c9b5d7c2e09b7u, 0x69956135febada11u},
    {0xa59bc234db398c25u, 0x43fab9837e699095u}, {0xcf02b2c21207ef2eu, 0x94f967e45e03f4bbu},
    {0x8161afb94b44f57du, 0x1d1be0eebac278f5u}, {0xa1ba1ba79e1632dcu, 0x6462d92a69731732u},
    {0xca28a291859bbf93u, 0x7d7b8f7503cfdcfeu}, {0xfcb2cb35e702af78u, 0x5cda735244c3d43eu},
    {0x9defbf01b061adabu, 0x3a0888136afa64a7u}, {0xc56baec21c7a1916u, 0x088aaa1845b8fdd0u},
    {0xf6c69a72a3989f5bu, 0x8aad549e57273d45u}, {0x9a3c2087a63f6399u, 0x36ac54e2f678864bu},
    {0xc0cb28a98fcf3c7fu, 0x84576a1bb416a7ddu}, {0xf0fdf2d3f3c30b9fu, 0x656d44a2a11c51d5u},
    {0x969eb7c47859e743u, 0x9f644ae5a4b1b325u}, {0xbc4665b596706114u, 0x873d5d9f0dde1feeu},
    {0xeb57ff22fc0c7959u, 0xa90cb506d155a7eau}, {0x9316ff75dd87cbd8u, 0x09a7f12442d588f2u},
    {0xb7dcbf5354e9beceu, 0x0c11ed6d538aeb2fu}, {0xe5d3ef282a242e81u, 0x8f1668c8a86da5fau},
    {0x8fa475791a569d10u, 0xf96e017d694487bcu}, {0xb38d92d760ec4455u, 0x37c981dcc395a9acu},
    {0xe070f78d3927556au, 0x85bbe253f47b1417u}, {0x8c469ab843b89562u, 0x93956d7478ccec8eu},
    {0xaf58416654a6babbu, 0x387ac8d1970027b2u}, {0xdb2e51bfe9d0696au, 0x06997b05fcc0319eu},
    {0x88fcf317f22241e2u, 0x441fece3bdf81f03u}, {0xab3c2fddeeaad25au, 0xd527e81cad7626c3u},
    {0xd60b3bd56a5586f1u, 0x8a71e223d8d3b074u}, {0x85c7056562757456u, 0xf6872d5667844e49u},
    {0xa738c6bebb12d16cu, 0xb428f8ac016561dbu}, {0xd106f86e69d785c7u, 0xe13336d701beba52u},
    {0x82a45b450226b39cu, 0xecc0024661173473u}, {0xa34d721642b06084u, 0x27f002d7f95d0190u},
    {0xcc20ce9bd35c78a5u, 0x31ec038df7b441f4u}, {0xff290242c83396ceu, 0x7e67047175a15271u},
    {0x9f79a169bd203e41u, 0x0f0062c6e984d386u}, {0xc75809c42c684dd1u, 0x52c07b78a3e60868u},
    {0xf92e0c3537826145u, 0xa7709a56ccdf8a82u}, {0x9bbcc7a142b17ccbu, 0x88a66076400bb691u},
    {0xc2abf989935ddbfeu, 0x6acff893d00ea435u}, {0xf356f7ebf83552feu, 0x0583f6b8c4124d43u},
    {0x98165af37b2153deu, 0xc3727a337a8b704au}, {0xbe1bf1b059e9a8d6u, 0x744f18c0592e4c5cu},
    {0xeda2ee1c7064130cu, 0x1162def06f79df73u}, {0x9485d4d1c63e8be7u, 0x8addcb5645ac2ba8u},
    {0xb9a74a0637ce2ee1u, 0x6d953e2bd7173692u}, {0xe8111c87c5c1ba99u, 0xc8fa8db6ccdd0437u},
    {0x910ab1d4db9914a0u, 0x1d9c9892400a22a2u}, {0xb54d5e4a127f59c8u, 0x2503beb6d00cab4bu},
    {0xe2a0b5dc971f303au, 0x2e44ae64840fd61du}, {0x8da471a9de737e24u, 0x5ceaecfed289e5d2u},
    {0xb10d8e1456105dadu, 0x7425a83e872c5f47u}, {0xdd50f1996b947518u, 0xd12f124e28f77719u},
    {0x8a5296ffe33cc92fu, 0x82bd6b70d99aaa6fu}, {0xace73cbfdc0bfb7bu, 0x636cc64d1001550bu},
    {0xd8210befd30efa5au, 0x3c47f7e05401aa4eu}, {0x8714a775e3e95c78u, 0x65acfaec34810a71u},
    {0xa8d9d1535ce3b396u, 0x7f1839a741a14d0du}, {0xd31045a8341ca07cu, 0x1ede48111209a050u},
    {0x83ea2b892091e44du, 0x934aed0aab460432u}, {0xa4e4b66b68b65d60u, 0xf81da84d5617853fu},
    {0xce1de40642e3f4b9u, 0x36251260ab9d668eu}, {0x80d2ae83e9ce78f3u, 0xc1d72b7c6b426019u},
    {0xa1075a24e4421730u, 0xb24cf65b8612f81fu}, {0xc94930ae1d529cfcu, 0xdee033f26797b627u},
    {0xfb9b7cd9a4a7443cu, 0x169840ef017da3b1u}, {0x9d412e0806e88aa5u, 0x8e1f289560ee864eu},
    {0xc491798a08a2ad4eu, 0xf1a6f2bab92a27e2u}, {0xf5b5d7ec8acb58a2u, 0xae10af696774b1dbu},
    {0x9991a6f3d6bf1765u, 0xacca6da1e0a8ef29u}, {0xbff610b0cc6edd3fu, 0x17fd090a58d32af3u},
    {0xeff394dcff8a948eu, 0xddfc4b4cef07f5b0u}, {0x95f83d0a1fb69cd9u, 0x4abdaf101564f98eu},
    {0xbb764c4ca7a4440fu, 0x9d6d1ad41abe37f1u}, {0xea53df5fd18d5513u, 0x84c86189216dc5edu},
    {0x92746b9be2f8552cu, 0x32fd3cf5b4e49bb4u}, {0xb7118682dbb66a77u, 0x3fbc8c33221dc2a1u},
    {0xe4d5e82392a40515u, 0x0fabaf3feaa5334au}, {0x8f05b1163ba6832du, 0x29cb4d87f2a7400eu},
    {0xb2c71d5bca9023f8u, 0x743e20e9ef511012u}, {0xdf78e4b2bd342cf6u, 0x914da9246b255416u},
    {0x8bab8eefb6409c1au, 0x1ad089b6c2f7548eu}, {0xae9672aba3d0c320u, 0xa184ac2473b529b1u},
    {0xda3c0f568cc4f3e8u, 0xc9e5d72d90a2741eu}, {0x8865899617fb1871u, 0x7e2fa67c7a658892u},
    {0xaa7eebfb9df9de8du, 0xddbb901b98feeab7u}, {0xd51ea6fa85785631u, 0x552a74227f3ea565u},
    {0x8533285c936b35deu, 0xd53a88958f87275fu}, {0xa67ff273b8460356u, 0x8a892abaf368f137u},
    {0xd01fef10a657842cu, 0x2d2b7569b0432d85u}, {0x8213f56a67f6b29bu, 0x9c3b29620e29fc73u},
    {0xa298f2c501f45f42u, 0x8349f3ba91b47b8fu}, {0xcb3f2f7642717713u, 0x241c70a936219a73u},
    {0xfe0efb53d30dd4d7u, 0xed238cd383aa0110u}, {0x9ec95d1463e8a506u, 0xf4363804324a40aau},
    {0xc67bb4597ce2ce48u, 0xb143c6053edcd0d5u}, {0xf81aa16fdc1b81dau, 0xdd94b7868e94050au},
    {0x9b10a4e5e9913128u, 0xca7cf2b4191c8326u}, {0xc1d4ce1f63f57d72u, 0xfd1c2f611f63a3f0u},
    {0xf24a01a73cf2dccfu, 0xbc633b39673c8cecu}, {0x976e41088617ca01u, 0xd5be0503e085d813u},
    {0xbd49d14aa79dbc82u, 0x4b2d8644d8a74e18u}, {0xec9c459d51852ba2u, 0xddf8e7d60ed1219eu},
    {0x93e1ab8252f33b45u, 0xcabb90e5c942b503u}, {0xb8da1662e7b00a17u, 0x3d6a751f3b936243u},
    {0xe7109bfba19c0c9du, 0x0cc512670a783ad4u}, {0x906a617d450187e2u, 0x27fb2b80668b24c5u},
    {0xb484f9dc9641e9dau, 0xb1f9f660802dedf6u}, {0xe1a63853bbd26451u, 0x5e7873f8a0396973u},
    {0x8d07e33455637eb2u, 0xdb0b487b6423e1e8u}, {0xb049dc016abc5e5fu, 0x91ce1a9a3d2cda62u},
    {0xdc5c5301c56b75f7u, 0x7641a140cc7810fbu}, {0x89b9b3e11b6329bau, 0xa9e904c87fcb0a9du},
    {0xac2820d9623bf429u, 0x546345fa9fbdcd44u}, {0xd732290fbacaf133u, 0xa97c177947ad4095u},
    {0x867f59a9d4bed6c0u, 0x49ed8eabcccc485du}, {0xa81f301449ee8c70u, 0x5c68f256bfff5a74u},
    {0xd226fc195c6a2f8cu, 0x73832eec6fff3111u}, {0x83585d8fd9c25db7u, 0xc831fd53c5ff7eabu},
    {0xa42e74f3d032f525u, 0xba3e7ca8b77f5e55u}, {0xcd3a1230c43fb26fu, 0x28ce1bd2e55f35ebu},
    {0x80444b5e7aa7cf85u, 0x7980d163cf5b81b3u}, {0xa0555e361951c366u, 0xd7e105bcc332621fu},
    {0xc86ab5c39fa63440u, 0x8dd9472bf3fefaa7u}, {0xfa856334878fc150u, 0xb14f98f6f0feb951u},
    {0x9c935e00d4b9d8d2u, 0x6ed1bf9a569f33d3u}, {0xc3b8358109e84f07u, 0x0a862f80ec4700c8u},
    {0xf4a642e14c6262c8u, 0xcd27bb612758c0fau}, {0x98e7e9cccfbd7dbdu, 0x8038d51cb897789cu},
    {0xbf21e44003acdd2cu, 0xe0470a63e6bd56c3u}, {0xeeea5d5004981478u, 0x1858ccfce06cac74u},
    {0x95527a5202df0ccbu, 0x0f37801e0c43ebc8u}, {0xbaa718e68396cffdu, 0xd30560258f54e6bau},
    {0xe950df20247c83fdu, 0x47c6b82ef32a2069u}, {0x91d28b7416cdd27eu, 0x4cdc331d57fa5441u},
    {0xb6472e511c81471du, 0xe0133fe4adf8e952u}, {0xe3d8f9e563a198e5u, 0x58180fddd97723a6u},
    {0x8e679c2f5e44ff8fu, 0x570f09eaa7ea7648u},
};
#define MC_MASK63 ((uint64_t)0x7fffffffffffffffu)

/* floor(g * cp / 2^127), rounded to odd (g = g1 * 2^63 + g0) */
static uint64_t mc_rop(uint64_t g1, uint64_t g0, uint64_t cp)
{
    uint64_t y0, x1 = mc_mulhi(g0, cp, NULL), y1 = mc_mulhi(g1, cp, &y0);
    uint64_t z = (y0 >> 1) + x1, vbp = y1 + (z >> 63);
    return vbp | (((z & MC_MASK63) + MC_MASK63) >> 63);
}

/* The shortest decimal f * 10^e that rounds to c * 2^q in a binary format
 * whose normal significands start at cmin and exponents at qmin (the
 * closest of them when there are several; ties to an even last digit). */
static void mc_shortest(uint64_t c, int q, uint64_t cmin, int qmin, int prec, uint64_t *f, int *e)
{
    uint64_t cb = c << 2, cbr = cb + 2, cbl, vb, vbl, vbr, s, t, out = c & 1;
    const uint64_t *g;
    int k, h, uin, win;
    if (q < 0 && -q < prec && (c & (((uint64_t)1 << -q) - 1)) == 0) {   /* an integer */
        *f = c >> -q;
        *e = 0;
        return;
    }
    if (c != cmin || q == qmin) {
        cbl = cb - 2;
        k = mc_flog10pow2(q);
    } else {
        cbl = cb - 1;
        k = mc_flog10threequarterspow2(q);
    }
    h = q + mc_flog2pow10(-k) + 2;
    g = mc_g[-k + 292];
    vb = mc_rop(g[0], g[1], cb << h);
    vbl = mc_rop(g[0], g[1], cbl << h);
    vbr = mc_rop(g[0], g[1], cbr << h);
    s = vb >> 2;
    *e = k;
    if (s >= 10) {               /* one digit fewer (Java's >= 100 keeps two digits; Python's repr does not) */
        uint64_t sp10 = s / 10 * 10, tp10 = sp10 + 10;
        int upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
        if (upin != wpin) { *f = upin ? sp10 : tp10; return; }
    }
    t = s + 1;
    uin = vbl + out <= s << 2;
    win = (t << 2) + out <= vbr;
    if (uin != win) { *f = uin ? s : t; return; }
    {
        int64_t cmp = (int64_t)(vb - ((s + t) << 1));
        *f = cmp < 0 || (cmp == 0 && !(s & 1)) ? s : t;
    }
}

/* f * 10^e laid out as Python's repr(float): fixed for decimal exponents
 * -4..15 with at least one decimal ("1.0", "0.0001"), else scientific with
 * two or more exponent digits ("1e+16", "1.5e-07"). At most 26 bytes + NUL. */
static size_t mc_layout(char *b, int neg, uint64_t f, int e)
{
    char d[24];
    int nd = 0, x, i;
    size_t o = 0;
    while (f >= 10 && f % 10 == 0) { f /= 10; e++; }
    do { d[nd++] = (char)('0' + f % 10); f /= 10; } while (f);
    for (i = 0; i < nd / 2; i++) { char tmp = d[i]; d[i] = d[nd - 1 - i]; d[nd - 1 - i] = tmp; }
    x = e + nd - 1;
    if (neg) b[o++] = '-';
    if (x >= -4 && x < 16) {
        if (x >= 0) {
            for (i = 0; i <= x; i++) b[o++] = i < nd ? d[i] : '0';
            b[o++] = '.';
            if (nd > x + 1) for (i = x + 1; i < nd; i++) b[o++] = d[i];
            else b[o++] = '0';
        } else {
            b[o++] = '0';
            b[o++] = '.';
            for (i = 0; i < -x - 1; i++) b[o++] = '0';
            for (i = 0; i < nd; i++) b[o++] = d[i];
        }
    } else {
        b[o++] = d[0];
        if (nd > 1) {
            b[o++] = '.';
            for (i = 1; i < nd; i++) b[o++] = d[i];
        }
        b[o++] = 'e';
        b[o++] = x < 0 ? '-' : '+';
        if (x < 0) x = -x;
        if (x >= 100) b[o++] = (char)('0' + x / 100);
        b[o++] = (char)('0' + x / 10 % 10);
        b[o++] = (char)('0' + x % 10);
    }
    b[o] = 0;
    return o;
}

/* One IEEE binary format: total bits, significand bits (without the hidden one). */
static size_t mc_fmt_bits(char *b, uint64_t bits, unsigned width, unsigned mbits, int json)
{
    unsigned ebits = width - 1 - mbits;
    uint64_t t = bits & (((uint64_t)1 << mbits) - 1), emax = ((uint64_t)1 << ebits) - 1, bq = (bits >> mbits) & emax, f, c;
    int neg = (int)((bits >> (width - 1)) & 1u), bias = (int)(emax >> 1), q, qmin = 1 - bias - (int)mbits, e;
    const char *sp;
    if (bq == emax) {
        sp = t ? (json ? "NaN" : "nan") : neg ? (json ? "-Infinity" : "-inf") : (json ? "Infinity" : "inf");
        memcpy(b, sp, strlen(sp) + 1);
        return strlen(sp);
    }
    if (bq == 0 && t == 0) {
        memcpy(b, neg ? "-0.0" : "0.0", neg ? 5 : 4);
        return neg ? 4 : 3;
    }
    if (bq) { c = t | ((uint64_t)1 << mbits); q = (int)bq - bias - (int)mbits; }
    else { c = t; q = qmin; }
    mc_shortest(c, q, (uint64_t)1 << mbits, qmin, (int)mbits + 1, &f, &e);
    return mc_layout(b, neg, f, e);
}

static size_t fmt_f64(char *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, 8);
    return mc_fmt_bits(b, bits, 64, 52, 0);
}
static size_t fmt_f32(char *b, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, 4);
    return mc_fmt_bits(b, bits, 32, 23, 0);
}
static size_t fmt_f16(char *b, uint16_t bits) { return mc_fmt_bits(b, bits, 16, 10, 0); }

static size_t fmt_u64(char *b, uint64_t v)
{
    char t[24];
    size_t n = 0, o = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) b[o++] = t[--n];
    b[o] = 0;
    return o;
}
static size_t fmt_i64(char *b, int64_t v)
{
    if (v >= 0) return fmt_u64(b, (uint64_t)v);
    b[0] = '-';
    return 1 + fmt_u64(b + 1, (uint64_t)0 - (uint64_t)v);
}

/* Eisel-Lemire: w * 10^q (w != 0, exact) correctly rounded to binary64
 * bits; 0 when the product cannot decide (the caller falls back). */
static int mc_eisel_lemire(uint64_t w, int64_t q, uint64_t *bits)
{
    uint64_t hi, lo, m, upper;
    int lz = 0;
    int64_t p2;
    if (q < -342) { *bits = 0; return 1; }
    if (q > 308) { *bits = (uint64_t)0x7ff << 52; return 1; }
    while (!(w >> 63)) { w <<= 1; lz++; }
    hi = mc_mulhi(w, mc_p5[q + 342][0], &lo);
    if ((hi & 0x1ff) == 0x1ff) {
        uint64_t lo2, hi2 = mc_mulhi(w, mc_p5[q + 342][1], &lo2);
        lo += hi2;
        if (lo < hi2) hi++;
        if (lo == UINT64_MAX && (q < -27 || q > 55)) return 0;
    }
    upper = hi >> 63;
    m = hi >> (upper + 9);
    p2 = mc_fshr((152170 + 65536) * q, 16) + 63 + (int64_t)upper - lz + 1023;
    if (p2 <= 0) {                      /* subnormal (or zero) */
        if (-p2 + 1 >= 64) { *bits = 0; return 1; }
        m >>= -p2 + 1;
        m += m & 1;
        m >>= 1;
        *bits = m;                       /* m == 2^52 is the smallest normal */
        return 1;
    }
    if (lo <= 1 && q >= -4 && q <= 23 && (m & 3) == 1 && (m << (upper + 9)) == hi) m &= ~(uint64_t)1;   /* a tie: to even */
    m += m & 1;
    m >>= 1;
    if (m >= ((uint64_t)2 << 52)) { m = (uint64_t)1 << 52; p2++; }
    m &= ~((uint64_t)1 << 52);
    if (p2 >= 0x7ff) { *bits = (uint64_t)0x7ff << 52; return 1; }
    *bits = m | ((uint64_t)p2 << 52);
    return 1;
}

static int mc_ieq(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n) return 0;
    for (i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != b[i]) return 0;
    }
    return 1;
}

/* A whole CSV field as a decimal float: [+-] digits [. digits] [(e|E) [+-]
 * digits] with a digit somewhere before the exponent, or nan / inf /
 * infinity (any case); correctly rounded (round half to even). s need not
 * be NUL-terminated. 1 and *v, or 0. */
static int is_float_text(const char *s, size_t n, double *v)
{
    static const double p10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int neg = 0, digits = 0, nsig = 0, many = 0;
    uint64_t w = 0, bits;
    int64_t q = 0, ex = 0;
    if (n && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; i = 1; }
    if (i < n && (s[i] < '0' || s[i] > '9') && s[i] != '.') {
        if (mc_ieq(s + i, n - i, "nan")) { *v = neg ? -NAN : NAN; return 1; }
        if (mc_ieq(s + i, n - i, "inf") || mc_ieq(s + i, n - i, "infinity")) { *v = neg ? -INFINITY : INFINITY; return 1; }
        return 0;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        digits = 1;
        if (nsig < 19) { w = w * 10 + (uint64_t)(s[i] - '0'); if (w) nsig++; }
        else { q++; if (s[i] != '0') many = 1; }
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            digits = 1;
            if (nsig < 19) { w = w * 10 + (uint64_t)(s[i] - '0'); q--; if (w) nsig++; }
            else if (s[i] != '0') many = 1;
        }
    }
    if (!digits) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0, ed = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) { eneg = s[i] == '-'; i++; }
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            ed = 1;
            if (ex < 100000) ex = ex * 10 + (s[i] - '0');
        }
        if (!ed) return 0;
        q += eneg ? -ex : ex;
    }
    if (i != n) return 0;
    if (w == 0) { *v = neg ? -0.0 : 0.0; return 1; }
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    if (!many && w <= ((uint64_t)1 << 53) && q >= -22 && q <= 22) {   /* both exact: one rounding */
        double d = (double)w;
        d = q < 0 ? d / p10[-q] : d * p10[q];
        *v = neg ? -d : d;
        return 1;
    }
#else
    (void)p10;
#endif
    if (!many && mc_eisel_lemire(w, q, &bits)) {
        double d;
        memcpy(&d, &bits, 8);
        *v = neg ? -d : d;
        return 1;
    }
    {
        char tmp[512], *buf = n < sizeof tmp ? tmp : (char *)malloc(n + 1), *end;
        int ok;
        if (!buf) return 0;
        memcpy(buf, s, n);
        buf[n] = 0;
        *v = strtod(buf, &end);
        ok = end == buf + n;
        if (buf != tmp) free(buf);
        return ok;
    }
}

/* A whole field as an int64: [+-] digits, no overflow. */
static int is_int_text(const char *s, size_t n, int64_t *v)
{
    size_t i = 0;
    uint64_t x = 0, lim;
    int neg = 0;
    if (n && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; i = 1; }
    if (i == n) return 0;
    lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        unsigned dg = (unsigned)(unsigned char)s[i] - '0';
        if (dg > 9) return 0;
        if (x > (lim - dg) / 10) return 0;
        x = x * 10 + dg;
    }
    *v = neg ? (x == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)x) : (int64_t)x;
    return 1;
}

/* Shortest text that reads back to the same value at the width (2, 4 or 8
 * bytes), in Python's repr layout; json: NaN / Infinity as JSON readers
 * (Python's json) take them. force_point is kept for the callers: the repr
 * form always marks a float. buf holds at least 32 bytes. */
static void fmt_float(char *buf, size_t n, double v, int width, int json, int force_point)
{
    char b[40];
    size_t len;
    (void)force_point;
    if (width == 4) {
        float f = (float)v;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        len = mc_fmt_bits(b, bits, 32, 23, json);
    } else if (width == 2) {
        len = mc_fmt_bits(b, double_to_half(v), 16, 10, json);
    } else {
        uint64_t bits;
        memcpy(&bits, &v, 8);
        len = mc_fmt_bits(b, bits, 64, 52, json);
    }
    if (n == 0) return;
    if (len >= n) len = n - 1;
    memcpy(buf, b, len);
    buf[len] = 0;
}

/* Integer (or time/bitfield/enum base) element as signed or unsigned. */
static int int_value(const h5l_dtype *t, const unsigned char *p, int64_t *sv, uint64_t *uv, int *is_signed)
{
    unsigned n, prec;
    uint64_t v;
    if (t->size < 1) return -1;
    n = t->size > 8 ? 8 : (unsigned)t->size;
    v = load_u(t->order == H5L_BE ? p + (t->size - n) : p, n, t->order == H5L_BE);
    prec = 8 * n;
    if ((t->cls == H5L_CLASS_INTEGER || t->cls == H5L_CLASS_BITFIELD) && t->precision && (unsigned)t->precision + t->bit_offset <= prec) {
        /* the value's bits only (n-bit data keeps fewer bits than the size) */
        v >>= t->bit_offset;
        prec = t->precision;
        if (prec < 64) v &= ((uint64_t)1 << prec) - 1;
    }
    if (t->cls == H5L_CLASS_INTEGER && t->is_signed) {
        if (prec < 64 && ((v >> (prec - 1)) & 1u)) v |= ~(uint64_t)0 << prec;
        *sv = v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
        *is_signed = 1;
    } else {
        *uv = v;
        *is_signed = 0;
    }
    return 0;
}

/* ====================================================================== */
/* output buffer                                                            */
/* ====================================================================== */

static void out_s(const char *s) { fputs(s, stdout); }
static void out_c(int c) { putchar(c); }

/* JSON string from bytes; invalid UTF-8 becomes U+FFFD (as Python's
 * 'replace'), control characters are escaped. */
static void out_json_str(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    out_c('"');
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {
            switch (c) {
            case '"': out_s("\\\""); break;
            case '\\': out_s("\\\\"); break;
            case '\n': out_s("\\n"); break;
            case '\r': out_s("\\r"); break;
            case '\t': out_s("\\t"); break;
            case '\b': out_s("\\b"); break;
            case '\f': out_s("\\f"); break;
            default:
                if (c < 0x20) printf("\\u%04x", c);
                else out_c((int)c);
            }
            p++;
            continue;
        }
        {
            /* validate one UTF-8 sequence (maximal subpart on error) */
            unsigned need, i;
            unsigned char lo = 0x80, hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) need = 1;
            else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c == 0xe0) lo = 0xa0; if (c == 0xed) hi = 0x9f; }
            else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c == 0xf0) lo = 0x90; if (c == 0xf4) hi = 0x8f; }
            else { out_s("\xef\xbf\xbd"); p++; continue; }
            for (i = 1; i <= need; i++) {
                if (p + i >= e) break;
                if (p[i] < lo || p[i] > hi) break;
                lo = 0x80; hi = 0xbf;
            }
            if (i <= need) {
                out_s("\xef\xbf\xbd");
                p += i;
                continue;
            }
            fwrite(p, 1, need + 1, stdout);
            p += need + 1;
        }
    }
    out_c('"');
}

/* A Python tuple's text ("(3, 4)", "(5,)", "()") as a JSON array; "None"
 * (a null dataspace) as null. */
static void out_json_shape(const char *t, size_t n)
{
    size_t i;
    int any = 0;
    if (n == 4 && memcmp(t, "None", 4) == 0) { out_s("null"); return; }
    out_c('[');
    for (i = 0; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9') {
            if (any && (i == 0 || !(t[i - 1] >= '0' && t[i - 1] <= '9'))) out_s(", ");
            out_c(t[i]);
            any = 1;
        } else if (t[i] == 'N') {        /* None: unlimited (maxshape) */
            if (any) out_s(", ");
            out_s("null");
            any = 1;
            i += 3;
        }
    }
    out_c(']');
}

/* TAB-separated fields as members of a JSON object: "-" is null, digits a
 * number, keys named "shape"/"maxshape"/"chunk_shape" an array, else a string. */
static void out_json_fields(const char *const *keys, size_t nkeys, const char *tsv)
{
    size_t k;
    const char *p = tsv;
    for (k = 0; k < nkeys; k++) {
        const char *q = strchr(p, '\t');
        size_t n = q ? (size_t)(q - p) : strlen(p), i;
        int digits = n > 0;
        for (i = 0; i < n; i++)
            if (p[i] < '0' || p[i] > '9') digits = 0;
        printf("%s\"%s\": ", k ? ", " : "", keys[k]);
        if (n == 1 && p[0] == '-') out_s("null");
        else if (strstr(keys[k], "shape")) out_json_shape(p, n);
        else if (digits) fwrite(p, 1, n, stdout);
        else out_json_str(p, n);
        if (!q) { for (k++; k < nkeys; k++) printf(", \"%s\": null", keys[k]); break; }
        p = q + 1;
    }
}

/* ====================================================================== */
/* JSON values (cat, attrs)                                                  */
/* ====================================================================== */

#define MAX_TYPE_DEPTH 64

static h5l_status emit_elem(const h5l_file *f, const h5l_dtype *t, const unsigned char *p, int depth, h5l_error *e);

static h5l_status emit_array(const h5l_file *f, const h5l_dtype *t, const unsigned char *p, const uint64_t *dims,
                             unsigned rank, int depth, h5l_error *e)
{
    uint64_t i, stride = t->size;
    unsigned k;
    h5l_status st;
    if (rank == 0) return emit_elem(f, t, p, depth, e);
    for (k = 1; k < rank; k++) stride *= dims[k];     /* caller checked the total size */
    out_c('[');
    for (i = 0; i < dims[0]; i++) {
        if (i) out_s(", ");
        st = emit_array(f, t, p + i * stride, dims + 1, rank - 1, depth, e);
        if (st != H5L_OK) return st;
    }
    out_c(']');
    return H5L_OK;
}

static h5l_status emit_elem(const h5l_file *f, const h5l_dtype *t, const unsigned char *p, int depth, h5l_error *e)
{
    char buf[64];
    if (depth > MAX_TYPE_DEPTH) {
        if (e) snprintf(e->msg, sizeof e->msg, "datatype nested too deeply");
        return H5L_EUNSUPPORTED;
    }
    switch (t->cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
    case H5L_CLASS_TIME: {
        int64_t s = 0;
        uint64_t u = 0;
        int sg = 0;
        if (int_value(t, p, &s, &u, &sg) != 0) { out_s("null"); return H5L_OK; }
        if (sg) printf("%lld", (long long)s);
        else printf("%llu", (unsigned long long)u);
        return H5L_OK;
    }
    case H5L_CLASS_FLOAT:
        fmt_float(buf, sizeof buf, decode_float(t, p), float_width(t), 1, 1);
        out_s(buf);
        return H5L_OK;
    case H5L_CLASS_ENUM: {
        int64_t s = 0;
        uint64_t u = 0;
        int sg = 0;
        if (!t->base) { out_s("null"); return H5L_OK; }
        if (int_value(t->base, p, &s, &u, &sg) != 0) { out_s("null"); return H5L_OK; }
        if (t->is_bool) out_s((sg ? s != 0 : u != 0) ? "true" : "false");
        else if (sg) printf("%lld", (long long)s);
        else printf("%llu", (unsigned long long)u);
        return H5L_OK;
    }
    case H5L_CLASS_STRING: {
        /* as h5py shows them: NULLTERM up to the first NUL (libhdf5's
         * conversion); SPACEPAD without its trailing spaces (libhdf5); then
         * without trailing NULs (numpy 'S') */
        size_t len = t->size > SIZE_MAX ? SIZE_MAX : (size_t)t->size;
        if (t->pad == H5L_PAD_NULLTERM) {
            const unsigned char *z = (const unsigned char *)memchr(p, 0, len);
            if (z) len = (size_t)(z - p);
        }
        if (t->pad == H5L_PAD_SPACEPAD)
            while (len && p[len - 1] == ' ') len--;
        while (len && p[len - 1] == 0) len--;
        out_json_str((const char *)p, len);
        return H5L_OK;
    }
    case H5L_CLASS_VLEN: {
        if (t->is_vlen_string) {
            const char *s;
            size_t len;
            h5l_status st = h5l_string_get(f, t, p, &s, &len, e);
            if (st != H5L_OK) return st;
            out_json_str(s ? s : "", s ? len : 0);
            return H5L_OK;
        } else {
            const void *data;
            uint64_t count, i, total;
            h5l_status st = h5l_vlen_get(f, t, p, &data, &count, e);
            if (st != H5L_OK) return st;
            if (!t->base) return H5L_EUNSUPPORTED;
            if (count && (!data || t->base->size == 0 || count > UINT64_MAX / t->base->size)) {
                if (e) snprintf(e->msg, sizeof e->msg, "variable-length element of impossible size");
                return H5L_ECORRUPT;
            }
            total = count * t->base->size;
            (void)total;
            out_c('[');
            for (i = 0; i < count; i++) {
                if (i) out_s(", ");
                st = emit_elem(f, t->base, (const unsigned char *)data + i * t->base->size, depth + 1, e);
                if (st != H5L_OK) return st;
            }
            out_c(']');
            return H5L_OK;
        }
    }
    case H5L_CLASS_COMPOUND: {
        uint32_t i;
        out_c('{');
        for (i = 0; i < t->nmembers; i++) {
            const h5l_member *m = &t->members[i];
            h5l_status st;
            if (!m->type || m->offset > t->size || m->type->size > t->size - m->offset) {
                if (e) snprintf(e->msg, sizeof e->msg, "compound member %s outside its element", m->name ? m->name : "?");
                return H5L_ECORRUPT;
            }
            if (i) out_s(", ");
            out_json_str(m->name ? m->name : "", m->name ? strlen(m->name) : 0);
            out_s(": ");
            st = emit_elem(f, m->type, p + m->offset, depth + 1, e);
            if (st != H5L_OK) return st;
        }
        out_c('}');
        return H5L_OK;
    }
    case H5L_CLASS_ARRAY: {
        uint64_t total = 1;
        unsigned k;
        if (!t->base || t->array_rank == 0 || t->array_rank > H5L_MAX_RANK) return emit_elem(f, t->base ? t->base : t, p, depth + 1, e);
        for (k = 0; k < t->array_rank; k++) total *= t->array_dims[k];
        if (t->base->size && total > t->size / t->base->size) {
            if (e) snprintf(e->msg, sizeof e->msg, "array type larger than its element");
            return H5L_ECORRUPT;
        }
        return emit_array(f, t->base, p, t->array_dims, t->array_rank, depth + 1, e);
    }
    case H5L_CLASS_OPAQUE:
    case H5L_CLASS_REFERENCE:
    default: {
        uint64_t i;
        out_c('"');
        for (i = 0; i < t->size; i++) printf("%02x", p[i]);
        out_c('"');
        return H5L_OK;
    }
    }
}

/* ====================================================================== */
/* ls                                                                       */
/* ====================================================================== */

typedef struct ls_entry {
    char *path;
    char *rest;        /* kind \t dtype \t shape \t layout \t offset */
    h5l_status st;     /* H5L_OK, or why the object (or its links) could not be read */
    char *why;         /* the library's message when st != H5L_OK */
} ls_entry;

static int grow(void **p, size_t *cap, size_t need, size_t esz)
{
    size_t nc;
    void *np;
    if (need <= *cap) return 0;
    nc = *cap ? *cap * 2 : 64;
    while (nc < need) nc *= 2;
    if (nc > SIZE_MAX / esz) return -1;
    np = realloc(*p, nc * esz);
    if (!np) return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static int mul_ovf(uint64_t a, uint64_t b, uint64_t *r)
{
    if (a && b > UINT64_MAX / a) { *r = 0; return 1; }
    *r = a * b;
    return 0;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = (char *)xmalloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* numpy dtype str and shape text of a dataset, array types expanded. */
static void dtype_shape(const h5l_dataset_info *d, char *dt, size_t dtn, char *sh, size_t shn)
{
    const h5l_dtype *t = d->type;
    uint64_t dims[2 * H5L_MAX_RANK + 2];
    unsigned rank = 0, k, guard = 0;
    size_t used;
    if (d->space.kind == H5L_SPACE_SIMPLE)
        for (k = 0; k < d->space.rank && rank < H5L_MAX_RANK; k++) dims[rank++] = d->space.dims[k];
    while (t && t->cls == H5L_CLASS_ARRAY && t->base && guard++ < 8) {
        for (k = 0; k < t->array_rank && rank < 2 * H5L_MAX_RANK; k++) dims[rank++] = t->array_dims[k];
        t = t->base;
    }
    if (t) h5l_dtype_numpy(t, dt, dtn);
    else snprintf(dt, dtn, "?");
    if (d->space.kind == H5L_SPACE_NULL) { snprintf(sh, shn, "None"); return; }
    if (shn < 4) { if (shn) sh[0] = 0; return; }
    sh[0] = '(';
    used = 1;
    for (k = 0; k < rank && used + 26 < shn; k++) {      /* ", " and 20 digits */
        char num[24];
        size_t nl = 0;
        uint64_t v = dims[k];
        if (k) { sh[used++] = ','; sh[used++] = ' '; }
        do { num[nl++] = (char)('0' + v % 10); v /= 10; } while (v);
        while (nl) sh[used++] = num[--nl];
    }
    if (rank == 1) sh[used++] = ',';
    sh[used++] = ')';
    sh[used] = 0;
}

static const char *layout_name(h5l_layout l)
{
    switch (l) {
    case H5L_LAYOUT_COMPACT: return "compact";
    case H5L_LAYOUT_CONTIGUOUS: return "contiguous";
    case H5L_LAYOUT_CHUNKED: return "chunked";
    case H5L_LAYOUT_VIRTUAL: return "virtual";
    }
    return "unknown";
}

static void describe_dataset(const h5l_dataset_info *d, char *rest, size_t n)
{
    char dt[64], sh[1200], off[32];
    const char *parts[5];
    size_t k, o = 0;
    dtype_shape(d, dt, sizeof dt, sh, sizeof sh);
    if (d->layout == H5L_LAYOUT_CONTIGUOUS && !d->external && d->offset != H5L_NO_OFFSET) {
        char num[24];
        size_t nl = 0, j = 0;
        uint64_t v = d->offset;
        do { num[nl++] = (char)('0' + v % 10); v /= 10; } while (v);
        while (nl) off[j++] = num[--nl];
        off[j] = 0;
    } else {
        off[0] = '-';
        off[1] = 0;
    }
    parts[0] = "dataset";
    parts[1] = dt;
    parts[2] = sh;
    parts[3] = layout_name(d->layout);
    parts[4] = off;
    for (k = 0; k < 5; k++) {                /* "dataset\tDT\tSHAPE\tLAYOUT\tOFFSET", cut at n */
        size_t l = strlen(parts[k]);
        if (k && o + 1 < n) rest[o++] = '\t';
        if (o + l >= n) l = o < n ? n - 1 - o : 0;
        memcpy(rest + o, parts[k], l);
        o += l;
    }
    rest[o < n ? o : n - 1] = 0;
}

/* A depth-first walk in bytewise name order (what h5py's visit order
 * gives): a group is descended the first time its header address is met.
 * Iterative: the depth is bounded by memory, not the stack. */
/* A link of the group being listed: 16 bytes, for groups of millions of
 * links. The name is NUL-terminated in the walk's arena, its link type
 * (h5l_link_type) in the byte before it. */
typedef struct ls_child {
    char *name;
    uint64_t addr;
} ls_child;
#define LS_KID_TYPE(k) ((h5l_link_type)(unsigned char)(k)->name[-1])

struct ls_state;
typedef struct ls_frame {
    char *prefix;
    uint64_t addr;     /* the group's header */
    ls_child *kids;
    size_t n, cap, i;
    int oom;
    struct ls_state *s;
} ls_frame;

/* Strings of a walk: blocks that never move, freed together. */
typedef struct str_arena {
    char **blocks;
    size_t n, cap, used, size;
} str_arena;

/* n bytes of the arena, or NULL. */
static char *arena_alloc(str_arena *a, size_t n)
{
    char *d;
    if (!a->n || a->size - a->used < n) {
        size_t sz = n > 65536 ? n : 65536;
        if (grow((void **)&a->blocks, &a->cap, a->n + 1, sizeof *a->blocks) != 0) return NULL;
        if (!(a->blocks[a->n] = (char *)xmalloc(sz))) return NULL;
        a->n++;
        a->used = 0;
        a->size = sz;
    }
    d = a->blocks[a->n - 1] + a->used;
    a->used += n;
    return d;
}

static char *arena_copy(str_arena *a, const char *str, size_t len)
{
    char *d = len < SIZE_MAX ? arena_alloc(a, len + 1) : NULL;
    if (!d) return NULL;
    memcpy(d, str, len);
    d[len] = 0;
    return d;
}

/* The same, with one byte `tag` stored before the copy (at its [-1]). */
static char *arena_copy_tagged(str_arena *a, unsigned char tag, const char *str, size_t len)
{
    char *d = len < SIZE_MAX - 1 ? arena_alloc(a, len + 2) : NULL;
    if (!d) return NULL;
    d[0] = (char)tag;
    memcpy(d + 1, str, len);
    d[len + 1] = 0;
    return d + 1;
}

static void arena_free(str_arena *a)
{
    size_t i;
    for (i = 0; i < a->n; i++) free(a->blocks[i]);
    free(a->blocks);
    memset(a, 0, sizeof *a);
}

typedef struct ls_state {
    h5l_file *f;
    ls_entry *ents;
    size_t n, cap;
    uint64_t *visited;
    size_t nvis, capvis;
    ls_frame *stack;
    size_t depth, capdepth;
    size_t nbad;       /* entries with st != H5L_OK */
    size_t walked;     /* links met */
    uint64_t budget;   /* at most this many (first_visit) */
    str_arena strs;    /* link names and frame prefixes */
    str_arena estrs;   /* paths and descriptions of the entries kept */
    char *pbuf;        /* the path being built */
    size_t pcap;
    /* streaming (ls): entries are printed as the walk makes them, the last
     * one held back (mark_bad may still change it); a group whose link
     * names would sort differently from the walk (a sibling "a.b" of "a")
     * has its whole subtree kept and sorted before it is printed */
    int stream, json;
    size_t buf_depth;  /* depth of the frame being kept, 0: none */
    ls_entry pending;
    int have_pending;
    char *ppath, *prest;
    size_t cpath, crest;
    size_t printed;
    ls_entry first_bad;    /* the first corrupt entry printed, else the first unsupported one */
    char *fb_path;
} ls_state;

static const char *const ls_keys[] = {"kind", "dtype", "shape", "layout", "offset"};

static void ls_print(ls_state *s, const ls_entry *en)
{
    if (s->json) {
        out_s(s->printed ? ",\n  {\"path\": " : "\n  {\"path\": ");
        out_json_str(en->path, strlen(en->path));
        out_s(", ");
        out_json_fields(ls_keys, 5, en->rest);
        if (en->st != H5L_OK) {
            printf(", \"status\": \"%s\", \"error\": ", h5l_status_name(en->st));
            out_json_str(en->why ? en->why : "", en->why ? strlen(en->why) : 0);
        }
        out_c('}');
    } else {
        fputs(en->path, stdout);
        out_c('\t');
        fputs(en->rest, stdout);
        out_c('\n');
    }
    s->printed++;
    if (en->st != H5L_OK && (!s->fb_path || (s->first_bad.st == H5L_EUNSUPPORTED && en->st != H5L_EUNSUPPORTED))) {
        free(s->fb_path);
        free(s->first_bad.why);
        s->first_bad = *en;
        s->fb_path = xstrdup(en->path);
        s->first_bad.why = en->why ? xstrdup(en->why) : NULL;
    }
}

static void ls_flush_pending(ls_state *s)
{
    if (!s->have_pending) return;
    ls_print(s, &s->pending);
    free(s->pending.why);
    s->pending.why = NULL;
    s->have_pending = 0;
}

static int add_entry(ls_state *s, const char *path, const char *rest)
{
    if (s->stream && !s->buf_depth) {
        size_t pl = strlen(path) + 1, rl = strlen(rest) + 1;
        ls_flush_pending(s);
        if (grow((void **)&s->ppath, &s->cpath, pl, 1) != 0 || grow((void **)&s->prest, &s->crest, rl, 1) != 0) return -1;
        memcpy(s->ppath, path, pl);
        memcpy(s->prest, rest, rl);
        s->pending.path = s->ppath;
        s->pending.rest = s->prest;
        s->pending.st = H5L_OK;
        s->pending.why = NULL;
        s->have_pending = 1;
        return 0;
    }
    if (grow((void **)&s->ents, &s->cap, s->n + 1, sizeof *s->ents) != 0) return -1;
    s->ents[s->n].path = arena_copy(&s->estrs, path, strlen(path));
    s->ents[s->n].rest = arena_copy(&s->estrs, rest, strlen(rest));
    s->ents[s->n].st = H5L_OK;
    s->ents[s->n].why = NULL;
    if (!s->ents[s->n].path || !s->ents[s->n].rest) return -1;
    s->n++;
    return 0;
}

/* Record that the last entry (or the links of that group) could not be
 * read: the walk goes on with the other objects. -1 out of memory. */
static int mark_bad(ls_state *s, h5l_status st, const h5l_error *e)
{
    ls_entry *en = s->have_pending ? &s->pending : &s->ents[s->n - 1];
    if (en->st != H5L_OK) return 0;   /* keep the first reason */
    en->why = xstrdup(e->msg[0] ? e->msg : h5l_status_text(st));
    if (!en->why) return -1;
    en->st = st;
    s->nbad++;
    return 0;
}

/* Failures the walk records and goes past; anything else ends it. */
static int walk_can_continue(h5l_status st)
{
    return st == H5L_EUNSUPPORTED || st == H5L_ECORRUPT || st == H5L_ETYPE || st == H5L_ENOTHDF5;
}

/* Visited set: groups already listed, by address (open addressing, linear
 * probing, at most 3/4 full; address + 1 stored so that 0 marks a free
 * slot). 1 if newly added, 0 if present, -1 out of memory. */
static size_t vis_slot(uint64_t addr, size_t mask)
{
    uint64_t h = (addr + 1) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & mask;
}

static int visit(ls_state *s, uint64_t addr)
{
    size_t i, mask;
    if (s->nvis + 1 > s->capvis / 4 * 3) {
        size_t nc = s->capvis ? s->capvis * 2 : 1024, j;
        uint64_t *nv;
        if (nc > SIZE_MAX / sizeof *nv || !(nv = (uint64_t *)calloc(nc, sizeof *nv))) return -1;
        for (j = 0; j < s->capvis; j++)
            if (s->visited[j]) {
                for (i = vis_slot(s->visited[j] - 1, nc - 1); nv[i]; i = (i + 1) & (nc - 1)) {}
                nv[i] = s->visited[j];
            }
        free(s->visited);
        s->visited = nv;
        s->capvis = nc;
    }
    mask = s->capvis - 1;
    for (i = vis_slot(addr, mask); s->visited[i]; i = (i + 1) & mask)
        if (s->visited[i] == addr + 1) return 0;
    s->visited[i] = addr + 1;
    s->nvis++;
    return 1;
}

/* Whether a group is descended: the first time its header is met. A group
 * with one hard link (its header's reference count) can be met only once,
 * unless the file lies -- a link back to a group on the path (a cycle:
 * the frames are checked) or to one elsewhere (the walk's link budget,
 * the most links the file's size can hold, ends that). Those with more
 * links go into the visited set. 1: descend, 0: listed already, -1: out
 * of memory. */
static int first_visit(ls_state *s, const h5l_obj *g, uint64_t addr)
{
    size_t i;
    if (h5l_obj_get_refcount(g) != 1) return visit(s, addr);
    for (i = 0; i < s->depth; i++)
        if (s->stack[i].addr == addr) return 0;
    return 1;
}

static int kid_cb(void *ctx, const h5l_link *l)
{
    ls_frame *fr = (ls_frame *)ctx;
    ls_child *k;
    if (grow((void **)&fr->kids, &fr->cap, fr->n + 1, sizeof *fr->kids) != 0) { fr->oom = 1; return 1; }
    k = &fr->kids[fr->n];
    k->name = arena_copy_tagged(&fr->s->strs, (unsigned char)l->type, l->name, l->name_len);
    if (!k->name) { fr->oom = 1; return 1; }
    k->addr = l->addr;
    fr->n++;
    return 0;
}

static void frame_free(ls_frame *fr)
{
    free(fr->kids);
    memset(fr, 0, sizeof *fr);
}

/* Push a frame for group g (its links listed now). */
static h5l_status push_group(ls_state *s, const h5l_obj *g, const char *prefix, h5l_error *e)
{
    ls_frame *fr;
    h5l_status st;
    if (grow((void **)&s->stack, &s->capdepth, s->depth + 1, sizeof *s->stack) != 0) goto oom;
    fr = &s->stack[s->depth];
    memset(fr, 0, sizeof *fr);
    fr->s = s;
    fr->addr = h5l_obj_get_addr(g);
    fr->prefix = arena_copy(&s->strs, prefix, strlen(prefix));
    if (!fr->prefix) goto oom;
    st = h5l_group_iterate(g, H5L_ITER_NAME, kid_cb, fr, e);
    if (st == H5L_OK && fr->oom) {
        snprintf(e->msg, sizeof e->msg, "out of memory");
        st = H5L_ENOMEM;
    }
    if (st != H5L_OK) {
        frame_free(fr);
        return st;
    }
    s->depth++;
    if (s->stream && !s->buf_depth) {
        /* a name followed by a sibling that extends it with a byte below '/'
         * ("a", "a.b"): the walk's order is not the sorted order here */
        size_t i;
        for (i = 0; i + 1 < fr->n; i++) {
            const ls_child *a = &fr->kids[i], *b = &fr->kids[i + 1];
            size_t al = strlen(a->name);
            if (strncmp(a->name, b->name, al) == 0 && b->name[al] != 0 && (unsigned char)b->name[al] < '/') {
                ls_flush_pending(s);
                s->buf_depth = s->depth;
                break;
            }
        }
    }
    return H5L_OK;
oom:
    snprintf(e->msg, sizeof e->msg, "out of memory");
    return H5L_ENOMEM;
}

static void ls_free(ls_state *s)
{
    size_t i;
    for (i = 0; i < s->n; i++) free(s->ents[i].why);
    for (i = 0; i < s->depth; i++) frame_free(&s->stack[i]);
    free(s->ents);
    free(s->visited);
    free(s->stack);
    free(s->pbuf);
    free(s->ppath);
    free(s->prest);
    free(s->pending.why);
    free(s->fb_path);
    free(s->first_bad.why);
    arena_free(&s->strs);
    arena_free(&s->estrs);
    memset(s, 0, sizeof *s);
}

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const ls_entry *)a)->path, ((const ls_entry *)b)->path);
}

/* Entries kept: sorted unless the walk already made them in order. */
static void ls_sort(ls_state *s)
{
    size_t i;
    for (i = 1; i < s->n && strcmp(s->ents[i - 1].path, s->ents[i].path) < 0; i++) {}
    if (i < s->n) qsort(s->ents, s->n, sizeof *s->ents, ent_cmp);
}

/* The kept subtree, sorted, printed; its memory reused. */
static void ls_flush_kept(ls_state *s)
{
    size_t i;
    ls_sort(s);
    for (i = 0; i < s->n; i++) {
        ls_print(s, &s->ents[i]);
        free(s->ents[i].why);
    }
    s->n = 0;
    arena_free(&s->estrs);
    s->buf_depth = 0;
}

static void prefix_msg(h5l_error *e, const char *path)
{
    size_t pl = strlen(path), ml = strlen(e->msg);
    if (pl > 120) pl = 120;
    if (ml > sizeof e->msg - pl - 3) ml = sizeof e->msg - pl - 3;
    memmove(e->msg + pl + 2, e->msg, ml);
    memcpy(e->msg, path, pl);
    e->msg[pl] = ':';
    e->msg[pl + 1] = ' ';
    e->msg[pl + 2 + ml] = 0;
}

/* Links between two h5l_file_release_pages calls: nothing the library
 * gave is held then (the names are copied, the object closed). With
 * H5L_OPEN_META_CACHE a call costs no system call (the pages of the
 * mapping go back on every 16th), so it is made often. */
#ifndef LS_RELEASE_EVERY
#define LS_RELEASE_EVERY 64
#endif

/* A constant description (kind and four '-' fields) into walk_tree's rest. */
#define LS_REST(lit) memcpy(rest, lit, sizeof lit)

static h5l_status walk_tree(h5l_file *f, ls_state *s, int stream, int json, h5l_error *e)
{
    h5l_obj *root = NULL;
    h5l_status st;
    h5l_file_info fi;
    memset(s, 0, sizeof *s);
    s->f = f;
    s->stream = stream;
    s->json = json;
    /* each link takes at least 8 bytes of the file (a v1 symbol table
     * entry and its heap name, a link message, a dense record) */
    h5l_file_get_info(f, &fi);
    s->budget = fi.file_size / 8 + 16;
    if (json) out_c('[');
    st = h5l_obj_open(f, "/", &root, e);
    if (st != H5L_OK) return st;
    if (add_entry(s, "/", "group\t-\t-\t-\t-") != 0 || visit(s, h5l_obj_get_addr(root)) < 0) {
        h5l_obj_close(root);
        snprintf(e->msg, sizeof e->msg, "out of memory");
        return H5L_ENOMEM;
    }
    st = push_group(s, root, "", e);
    h5l_obj_close(root);
    if (st != H5L_OK && walk_can_continue(st)) {
        st = mark_bad(s, st, e) == 0 ? H5L_OK : H5L_ENOMEM;
        if (st != H5L_OK) snprintf(e->msg, sizeof e->msg, "out of memory");
    }
    if (st != H5L_OK) {
        if (st != H5L_ENOMEM) prefix_msg(e, "/");
        return st;
    }
    while (s->depth) {
        ls_frame *fr = &s->stack[s->depth - 1];
        ls_child *k;
        char rest[1400];
        char *path;
        h5l_obj *o = NULL;
        if (fr->i == fr->n) {
            if (s->buf_depth == s->depth) ls_flush_kept(s);
            frame_free(fr);
            s->depth--;
            continue;
        }
        k = &fr->kids[fr->i++];
        /* keep the resident set to what the walk is reading now, not the
         * whole file it has read (the pages stay in the page cache) */
        if (++s->walked % LS_RELEASE_EVERY == 0) h5l_file_release_pages(f);
        if (s->walked > s->budget) {
            snprintf(e->msg, sizeof e->msg, "more than %llu links, what a file of this size can hold: groups are reached by more hard links than their headers count",
                     (unsigned long long)s->budget);
            return H5L_ECORRUPT;
        }
        {
            size_t pl = strlen(fr->prefix), nl = strlen(k->name);
            if (grow((void **)&s->pbuf, &s->pcap, pl + nl + 2, 1) != 0) { snprintf(e->msg, sizeof e->msg, "out of memory"); return H5L_ENOMEM; }
            path = s->pbuf;
            memcpy(path, fr->prefix, pl);
            path[pl] = '/';
            memcpy(path + pl + 1, k->name, nl + 1);
        }
        if (LS_KID_TYPE(k) == H5L_LINK_SOFT) LS_REST("softlink\t-\t-\t-\t-");
        else if (LS_KID_TYPE(k) == H5L_LINK_EXTERNAL) LS_REST("extlink\t-\t-\t-\t-");
        else if (LS_KID_TYPE(k) != H5L_LINK_HARD) LS_REST("unknown\t-\t-\t-\t-");
        else {
            st = h5l_obj_open_addr(f, k->addr, &o, e);
            if (st != H5L_OK) {
                /* listed with '-' for what cannot be known; the walk goes on */
                if (!walk_can_continue(st) || add_entry(s, path, "-\t-\t-\t-\t-") != 0 || mark_bad(s, st, e) != 0) {
                    if (walk_can_continue(st) || st == H5L_ENOMEM) {
                        snprintf(e->msg, sizeof e->msg, "out of memory");
                        st = H5L_ENOMEM;
                    } else {
                        prefix_msg(e, path);
                    }
                    return st;
                }
                continue;
            }
            if (h5l_obj_get_kind(o) == H5L_OBJ_DATASET && h5l_obj_dataset(o)) describe_dataset(h5l_obj_dataset(o), rest, sizeof rest);
            else if (h5l_obj_get_kind(o) == H5L_OBJ_DATATYPE) LS_REST("datatype\t-\t-\t-\t-");
            else if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP) LS_REST("group\t-\t-\t-\t-");
            else LS_REST("unknown\t-\t-\t-\t-");
        }
        if (add_entry(s, path, rest) != 0) {
            h5l_obj_close(o);
            snprintf(e->msg, sizeof e->msg, "out of memory");
            return H5L_ENOMEM;
        }
        if (o && h5l_obj_get_kind(o) == H5L_OBJ_GROUP) {
            int v = first_visit(s, o, k->addr);
            if (v < 0) st = H5L_ENOMEM;
            else if (v > 0) st = push_group(s, o, path, e);
            if (st != H5L_OK && walk_can_continue(st)) {
                /* the group is listed; its links could not be read */
                st = mark_bad(s, st, e) != 0 ? H5L_ENOMEM : H5L_OK;
                if (st != H5L_OK) snprintf(e->msg, sizeof e->msg, "out of memory");
            }
            if (st != H5L_OK) {
                if (st != H5L_ENOMEM) prefix_msg(e, path);
                h5l_obj_close(o);
                return st;
            }
        }
        h5l_obj_close(o);
    }
    if (s->stream) ls_flush_pending(s);
    else ls_sort(s);
    return H5L_OK;
}

static int cmd_ls(int argc, char **argv)
{
    h5l_file *f = NULL;
    h5l_error e;
    ls_state s;
    h5l_status st;
    int json = 0, rc = 0;
    if (argc == 2 && strcmp(argv[1], "--json") == 0) { json = 1; argc = 1; }
    else if (argc == 2 && strcmp(argv[0], "--json") == 0) { json = 1; argc = 1; argv++; }
    if (argc != 1) return usage_error("ls takes exactly one FILE (and --json)");
    memset(&e, 0, sizeof e);
    /* metadata through the library's block cache: no page fault per
     * header, memory that stays at the cache (released every 64 links) */
    {
        h5l_open_options oo;
        memset(&oo, 0, sizeof oo);
        oo.flags = H5L_OPEN_META_CACHE;
        st = h5l_open(argv[0], &oo, &f, &e);
    }
    if (st != H5L_OK) return fail(st, &e, argv[0]);
    /* printed as the walk goes (sorted bytewise by path) */
    st = walk_tree(f, &s, 1, json, &e);
    if (st != H5L_OK) {
        if (json) out_s("]\n");
        fflush(stdout);
        rc = fail(st, &e, argv[0]);
        goto done;
    }
    if (json) out_s(s.printed ? "\n]\n" : "]\n");
    /* Every row is printed; the exit status and one stderr line tell that
     * some objects could not be described: the first corrupt one (exit 2),
     * else the first one outside the supported subset (exit 3). */
    if (s.fb_path) {
        rc = finish_output(exit_code(s.first_bad.st));
        msg("%s: %s: %s (%s)%s", argv[0], s.fb_path, s.first_bad.why ? s.first_bad.why : "", h5l_status_name(s.first_bad.st),
            s.nbad > 1 ? "; other objects could not be described either" : "");
        ls_free(&s);
        h5l_close(f);
        return rc;
    }
done:
    ls_free(&s);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* cat                                                                      */
/* ====================================================================== */

/* The largest block of rows cat and check read into memory at once. A
 * block of whole chunks is larger than this only when a chunk is: then
 * blocks of about 1 MiB are read instead (a chunk may be decoded more than
 * once), because a chunk that was never written (fill values) is justified
 * by nothing in the file -- a file of 2 KiB may declare 800 MB chunks for
 * 10 rows. Rows wider than this are read only from contiguous data mapped
 * from the file (no buffer at all); elsewhere they are refused.
 * (tests/alloc_audit.sh checks every command against what the file can
 * justify.) */
#define READ_BLOCK_MAX ((uint64_t)32 << 20)

/* Emit the selected rows of dataset o (nested arrays), or its one element
 * (as_scalar). Rows are read a block at a time: consecutive rows in blocks
 * of about 1 MiB (whole chunks up to READ_BLOCK_MAX; never more rows than
 * the selection spans), strided ones through a block that holds the row
 * (one chunk, or the one row of contiguous data). Contiguous data in the
 * file is emitted straight from the mapping. */
static h5l_status cat_rows(h5l_file *f, h5l_obj *o, const h5l_dataset_info *d, const row_sel *rs, int as_scalar, h5l_error *e)
{
    uint64_t rowbytes = d->type->size, rows_per_block, done = 0, nrows = as_scalar ? 1 : d->space.dims[0];
    uint64_t count = as_scalar ? 1 : rs->count, b0 = 0, bn = 0;
    int contiguous = as_scalar || rs->step == 1;
    unsigned k;
    unsigned char *buf = NULL;
    const unsigned char *mapped = NULL, *rowp;
    h5l_status st = H5L_OK;
    for (k = 1; k < d->space.rank; k++) {
        if (d->space.dims[k] && rowbytes > UINT64_MAX / d->space.dims[k]) {
            snprintf(e->msg, sizeof e->msg, "dataset too large");
            return H5L_EUNSUPPORTED;
        }
        rowbytes *= d->space.dims[k];
    }
    if (rowbytes == 0) rowbytes = 1;
    /* nothing is allocated for storage the file cannot hold */
    if (d->layout == H5L_LAYOUT_CONTIGUOUS && d->allocated && !d->external &&
        (d->space.npoints > UINT64_MAX / d->type->size || d->storage_size != d->space.npoints * d->type->size)) {
        snprintf(e->msg, sizeof e->msg, "storage of %llu bytes where %llu elements need more or less", (unsigned long long)d->storage_size,
                 (unsigned long long)d->space.npoints);
        return H5L_ECORRUPT;
    }
    if (d->layout == H5L_LAYOUT_CONTIGUOUS && d->allocated && !d->external && !d->data) {
        snprintf(e->msg, sizeof e->msg, "data at %llu+%llu outside the file", (unsigned long long)d->offset, (unsigned long long)d->storage_size);
        return H5L_ECORRUPT;
    }
    if (rowbytes > ((uint64_t)256 << 20)) {
        snprintf(e->msg, sizeof e->msg, "rows of %llu bytes are not printed (at most 256 MiB)", (unsigned long long)rowbytes);
        return H5L_EUNSUPPORTED;
    }
    if (d->layout == H5L_LAYOUT_CONTIGUOUS && d->allocated && !d->external && d->data && rowbytes <= SIZE_MAX)
        mapped = (const unsigned char *)d->data;   /* npoints * size bytes in the file, checked above */
    if (!mapped && rowbytes > READ_BLOCK_MAX) {
        snprintf(e->msg, sizeof e->msg, "rows of %llu bytes are printed only from contiguous data in the file (elsewhere at most %llu)",
                 (unsigned long long)rowbytes, (unsigned long long)READ_BLOCK_MAX);
        return H5L_EUNSUPPORTED;
    }
    rows_per_block = rowbytes >= (1u << 20) ? 1 : (1u << 20) / rowbytes;
    if (d->layout == H5L_LAYOUT_CHUNKED && d->chunk_rank > 1 && d->chunk_dims[0] > 0 && d->chunk_dims[0] <= READ_BLOCK_MAX / rowbytes) {
        /* whole chunks per block: no chunk is decoded twice */
        uint64_t c = d->chunk_dims[0];
        rows_per_block = rows_per_block < c ? c : rows_per_block / c * c;
        if (rows_per_block > READ_BLOCK_MAX / rowbytes) rows_per_block = READ_BLOCK_MAX / rowbytes / c * c;
    }
    /* never more rows than the selection spans */
    if (contiguous && rows_per_block > count) rows_per_block = count ? count : 1;
    if (!contiguous && rows_per_block > nrows) rows_per_block = nrows ? nrows : 1;
    if (!mapped) {
        buf = (unsigned char *)xmalloc((size_t)(rows_per_block * rowbytes));
        if (!buf) {
            snprintf(e->msg, sizeof e->msg, "out of memory for %llu rows of %llu bytes", (unsigned long long)rows_per_block,
                     (unsigned long long)rowbytes);
            return H5L_ENOMEM;
        }
    }
    if (!as_scalar) out_c('[');
    if (!contiguous && (uint64_t)(rs->step < 0 ? -rs->step : rs->step) >= rows_per_block)   /* far apart: one chunk or row */
        rows_per_block = d->layout == H5L_LAYOUT_CHUNKED && d->chunk_rank > 1 && d->chunk_dims[0] > 0 ? d->chunk_dims[0] : 1;
    while (st == H5L_OK && done < count) {
        uint64_t n, i;
        if (contiguous) {
            /* rows [start + done, start + done + n) */
            n = count - done;
            if (n > rows_per_block) n = rows_per_block;
            if (mapped) rowp = mapped + (size_t)(((as_scalar ? 0 : rs->start) + done) * rowbytes);
            else {
                rowp = buf;
                st = h5l_dataset_read_raw(o, (as_scalar ? 0 : rs->start) + done, n, buf, (size_t)(n * rowbytes), e);
            }
            for (i = 0; i < n && st == H5L_OK; i++) {
                if (as_scalar) {
                    st = emit_elem(f, d->type, rowp, 0, e);
                } else {
                    if (done + i) out_s(", ");
                    st = emit_array(f, d->type, rowp + i * rowbytes, d->space.dims + 1, d->space.rank - 1, 0, e);
                }
            }
            done += n;
            continue;
        }
        {
            uint64_t row = sel_row(rs, done);
            if (mapped) {
                if (done) out_s(", ");
                st = emit_array(f, d->type, mapped + (size_t)(row * rowbytes), d->space.dims + 1, d->space.rank - 1, 0, e);
                done++;
                continue;
            }
            if (row < b0 || row >= b0 + bn) {
                b0 = row / rows_per_block * rows_per_block;
                bn = nrows - b0 < rows_per_block ? nrows - b0 : rows_per_block;
                st = h5l_dataset_read_raw(o, b0, bn, buf, (size_t)(bn * rowbytes), e);
                if (st != H5L_OK) break;
            }
            if (done) out_s(", ");
            st = emit_array(f, d->type, buf + (row - b0) * rowbytes, d->space.dims + 1, d->space.rank - 1, 0, e);
            done++;
        }
    }
    if (!as_scalar && st == H5L_OK) out_c(']');
    free(buf);
    return st;
}

static int cat_column(h5l_file *f, const char *path, const char *rows);

static int cmd_cat(int argc, char **argv)
{
    const char *rows = NULL;
    h5l_file *f = NULL;
    h5l_obj *o = NULL;
    h5l_error e;
    h5l_status st;
    const h5l_dataset_info *d;
    int i, rc = 0;
    const char *pos[2];
    int npos = 0;
    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc) rows = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] == '-') return usage_error("cat: unknown option %s", argv[i]);
        else if (npos < 2) pos[npos++] = argv[i];
        else return usage_error("cat: too many arguments");
    }
    if (npos != 2) return usage_error("cat needs FILE and DATASET");
    memset(&e, 0, sizeof e);
    st = open_file(pos[0], &f, &e);
    if (st != H5L_OK) return fail(st, &e, pos[0]);
    st = h5l_obj_open(f, pos[1], &o, &e);
    if (st != H5L_OK) { rc = fail(st, &e, pos[1]); goto done; }
    d = h5l_obj_dataset(o);
    if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP) { rc = cat_column(f, pos[1], rows); goto done; }
    if (!d || h5l_obj_get_kind(o) != H5L_OBJ_DATASET) { msg("%s: not a dataset", pos[1]); rc = EXIT_USAGE; goto done; }
    if (d->layout == H5L_LAYOUT_VIRTUAL || d->external) {
        msg("%s: %s storage is outside the supported subset (contiguous, compact and chunked data can be read)", pos[1],
            d->external ? "external" : layout_name(d->layout));
        rc = EXIT_UNSUPPORTED;
        goto done;
    }
    if (d->layout == H5L_LAYOUT_CHUNKED) {
        unsigned k;
        for (k = 0; k < d->nfilters; k++) {
            int dec = 0;
            const char *name = h5l_filter_name(d->filters[k].id, &dec);
            if (!dec) {
                msg("%s: filter %u (%s) is not supported%s", pos[1], (unsigned)d->filters[k].id,
                    name ? name : d->filters[k].name && d->filters[k].name[0] ? d->filters[k].name : "unknown",
#if defined(H5L_NO_EXTRA_CODECS)
                    name && (!strcmp(name, "lz4") || !strcmp(name, "bitshuffle") || !strcmp(name, "blosc") || !strcmp(name, "zstd"))
                        ? " (this build leaves the extra codecs out: H5L_NO_EXTRA_CODECS)" : "");
#else
                    "");
#endif
                rc = EXIT_UNSUPPORTED;
                goto done;
            }
        }
    }
    if (d->space.kind == H5L_SPACE_NULL) {
        if (rows) { msg("%s: --rows on a null dataspace", pos[1]); rc = EXIT_USAGE; goto done; }
        out_s("null\n");
        goto done;
    }
    if (d->space.kind == H5L_SPACE_SCALAR || d->space.rank == 0) {
        if (rows) { msg("%s: --rows on a scalar dataspace", pos[1]); rc = EXIT_USAGE; goto done; }
        st = cat_rows(f, o, d, NULL, 1, &e);
    } else {
        row_sel rs;
        rs.start = 0;
        rs.count = d->space.dims[0];
        rs.step = 1;
        if (rows && parse_rows(rows, d->space.dims[0], &rs) != 0) {
            rc = usage_error("cat: bad --rows '%s' (expected START:STOP[:STEP], Python slice semantics)", rows);
            goto done;
        }
        st = cat_rows(f, o, d, &rs, 0, &e);
    }
    if (st != H5L_OK) {
        fflush(stdout);
        out_c('\n');
        rc = fail(st, &e, pos[1]);
        goto done;
    }
    out_c('\n');
done:
    h5l_obj_close(o);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* attrs                                                                    */
/* ====================================================================== */

static h5l_status emit_attr(h5l_file *f, const h5l_attr *a, h5l_error *e)
{
    uint64_t need;
    if (a->space.kind == H5L_SPACE_NULL) { out_s("null"); return H5L_OK; }
    if (!a->type || a->type->size == 0 || mul_ovf(a->space.npoints, a->type->size, &need) || !a->data ||
        a->data_size < need) {
        snprintf(e->msg, sizeof e->msg, "attribute %s: value smaller than its dataspace", a->name);
        return H5L_ECORRUPT;
    }
    if (a->space.kind == H5L_SPACE_SCALAR || a->space.rank == 0) return emit_elem(f, a->type, (const unsigned char *)a->data, 0, e);
    return emit_array(f, a->type, (const unsigned char *)a->data, a->space.dims, a->space.rank, 0, e);
}

static int cmd_attrs(int argc, char **argv)
{
    h5l_file *f = NULL;
    h5l_obj *o = NULL;
    h5l_attrs *as = NULL;
    h5l_error e;
    h5l_status st;
    size_t i, n;
    int rc = 0;
    if (argc != 2) return usage_error("attrs needs FILE and PATH");
    memset(&e, 0, sizeof e);
    st = open_file(argv[0], &f, &e);
    if (st != H5L_OK) return fail(st, &e, argv[0]);
    st = h5l_obj_open(f, argv[1], &o, &e);
    if (st == H5L_OK) st = h5l_attrs_open(o, &as, &e);
    if (st != H5L_OK) { rc = fail(st, &e, argv[1]); goto done; }
    n = h5l_attrs_count(as);
    out_c('{');
    for (i = 0; i < n; i++) {
        const h5l_attr *a = h5l_attrs_at(as, i);
        if (!a) continue;
        if (i) out_s(", ");
        out_json_str(a->name, strlen(a->name));
        out_s(": ");
        st = emit_attr(f, a, &e);
        if (st != H5L_OK) {
            out_c('\n');
            rc = fail(st, &e, argv[1]);
            goto done;
        }
    }
    out_s("}\n");
done:
    h5l_attrs_close(as);
    h5l_obj_close(o);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* table columns: element access straight off the mapping                   */
/* ====================================================================== */

static const unsigned char zero_elem[64];

/* Element i of a column dataset: in the mapping, or the fill value / zeros
 * when the storage was never allocated. NULL if the element is too large. */
static const unsigned char *elem_ptr(const h5l_dataset_info *d, uint64_t i)
{
    if (d->data) return (const unsigned char *)d->data + i * d->type->size;
    if (d->fill_value && d->fill_size >= d->type->size) return (const unsigned char *)d->fill_value;
    return d->type->size <= sizeof zero_elem ? zero_elem : NULL;
}

/* Is a primitive type one we can print as one CSV cell / compute on? */
static int scalar_type(const h5l_dtype *t)
{
    switch (t->cls) {
    case H5L_CLASS_INTEGER: case H5L_CLASS_BITFIELD: case H5L_CLASS_TIME:
        return t->size >= 1 && t->size <= 8;
    case H5L_CLASS_FLOAT: return t->size >= 2 && t->size <= 16;
    case H5L_CLASS_ENUM: return t->base && t->base->size >= 1 && t->base->size <= 8;
    case H5L_CLASS_STRING: return 1;
    case H5L_CLASS_VLEN: return t->is_vlen_string;
    default: return 0;
    }
}

static int column_exportable(const h5l_column *c, char *why, size_t n)
{
    switch (c->kind) {
    case H5L_COL_STRING: return 1;
    case H5L_COL_DICT:
        if (!c->dictionary) { snprintf(why, n, "dictionary column without values"); return 0; }
        return column_exportable(c->dictionary, why, n);
    case H5L_COL_STRING_UTF32: return 1;
    case H5L_COL_PRIMITIVE:
        if (!c->data || c->data->space.rank != 1) { snprintf(why, n, "multi-dimensional column"); return 0; }
        if (!scalar_type(c->data->type)) { snprintf(why, n, "column of a non-scalar element type"); return 0; }
        return 1;
    }
    snprintf(why, n, "unknown column kind");
    return 0;
}

static void col_type_text(const h5l_column *c, char *buf, size_t n)
{
    switch (c->kind) {
    case H5L_COL_STRING: snprintf(buf, n, "str"); return;
    case H5L_COL_DICT: {
        char sub[96];
        if (c->dictionary) col_type_text(c->dictionary, sub, sizeof sub);
        else snprintf(sub, sizeof sub, "?");
        snprintf(buf, n, "dict:%s", sub);
        return;
    }
    case H5L_COL_STRING_UTF32:
        snprintf(buf, n, "%cU%llu", host_be() ? '>' : '<', (unsigned long long)c->dlength);
        return;
    case H5L_COL_PRIMITIVE:
        if (c->dtype_attr) snprintf(buf, n, "%s", c->dtype_attr);
        else if (c->data && c->data->type) h5l_dtype_numpy(c->data->type, buf, n);
        else snprintf(buf, n, "?");
        return;
    }
    snprintf(buf, n, "?");
}

static const char *col_kind_text(const h5l_column *c)
{
    switch (c->kind) {
    case H5L_COL_STRING: return "string";
    case H5L_COL_DICT: return "dictionary";
    default: return "primitive";
    }
}

/* vaex names a column by its group (an alias is metadata mapped to that name). */
static const char *col_name(const h5l_column *c) { return c->name; }

/* Dictionary code of row (as an index into the dictionary), -1 if bad. */
static int64_t dict_code(const h5l_column *c, uint64_t row)
{
    const unsigned char *p = elem_ptr(c->data, row);
    int64_t s = 0;
    uint64_t u = 0;
    int sg = 0;
    if (!p || int_value(c->data->type, p, &s, &u, &sg) != 0) return -1;
    if (sg) return s;
    return u > (uint64_t)INT64_MAX ? -1 : (int64_t)u;
}

/* Text of one UTF32 row as UTF-8 into a growing buffer. */
static int utf32_row(const h5l_column *c, uint64_t row, char **buf, size_t *cap, size_t *len)
{
    uint64_t k, off, need;
    const unsigned char *base = (const unsigned char *)c->data->data;
    size_t o = 0;
    *len = 0;
    if (mul_ovf(row, c->dlength, &off) || mul_ovf(off, 4, &off) || mul_ovf(c->dlength, 4, &need) || !base ||
        off + need < off || off + need > c->data->storage_size)
        return -1;
    if (grow((void **)buf, cap, (size_t)c->dlength * 4 + 1, 1) != 0) return -1;
    for (k = 0; k < c->dlength; k++) {
        uint32_t cp = (uint32_t)load_u(base + off + 4 * k, 4, 0);
        if (cp == 0) break;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
        if (cp < 0x80) (*buf)[o++] = (char)cp;
        else if (cp < 0x800) { (*buf)[o++] = (char)(0xc0 | (cp >> 6)); (*buf)[o++] = (char)(0x80 | (cp & 0x3f)); }
        else if (cp < 0x10000) {
            (*buf)[o++] = (char)(0xe0 | (cp >> 12)); (*buf)[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            (*buf)[o++] = (char)(0x80 | (cp & 0x3f));
        } else {
            (*buf)[o++] = (char)(0xf0 | (cp >> 18)); (*buf)[o++] = (char)(0x80 | ((cp >> 12) & 0x3f));
            (*buf)[o++] = (char)(0x80 | ((cp >> 6) & 0x3f)); (*buf)[o++] = (char)(0x80 | (cp & 0x3f));
        }
    }
    *len = o;
    return 0;
}

/* ====================================================================== */
/* table                                                                    */
/* ====================================================================== */

static int parse_group_opt(int argc, char **argv, int *i, const char **group)
{
    if (strcmp(argv[*i], "--group") == 0 && *i + 1 < argc) {
        *group = argv[++*i];
        return 1;
    }
    return 0;
}

static int open_table(const char *path, const char *group, h5l_file **f, h5l_table **t)
{
    h5l_error e;
    h5l_status st;
    memset(&e, 0, sizeof e);
    *f = NULL;
    *t = NULL;
    st = open_file(path, f, &e);
    if (st != H5L_OK) return fail(st, &e, path);
    st = h5l_table_open(*f, group, t, &e);
    if (st != H5L_OK) {
        h5l_close(*f);
        *f = NULL;
        return fail(st, &e, group ? group : path);
    }
    return 0;
}

/* ---- describe-only listing, for tables the library refuses to map (chunked
 * or scalar columns in vaex's legacy layouts...): the same rules, read
 * through the object API, nothing mapped. */

typedef struct tl_row { char *name, *kind, *type, *why; uint64_t rows, nulls; } tl_row;   /* why: unreadable, or NULL */
typedef struct tl_list { tl_row *r; size_t n, cap; } tl_list;
typedef struct name_list { char **v; size_t n, cap; int oom; } name_list;

static int names_cb(void *ctx, const h5l_link *l)
{
    name_list *nl = (name_list *)ctx;
    char *p;
    if (grow((void **)&nl->v, &nl->cap, nl->n + 1, sizeof *nl->v) != 0 || !(p = (char *)xmalloc(l->name_len + 1))) {
        nl->oom = 1;
        return 1;
    }
    memcpy(p, l->name, l->name_len);
    p[l->name_len] = 0;
    nl->v[nl->n++] = p;
    return 0;
}

static void names_free(name_list *nl)
{
    size_t i;
    for (i = 0; i < nl->n; i++) free(nl->v[i]);
    free(nl->v);
}

static char *attr_str(const h5l_obj *o, const char *name)
{
    char buf[4096];
    h5l_error e;
    if (h5l_attr_read_string(o, name, buf, sizeof buf, &e) != H5L_OK) return NULL;
    return xstrdup(buf);
}

static int has_link(const h5l_obj *g, const char *name)
{
    h5l_link l;
    h5l_error e;
    return h5l_group_find(g, name, &l, &e) == H5L_OK;
}

static uint64_t ds_rows(const h5l_dataset_info *d)
{
    if (d->space.kind == H5L_SPACE_NULL) return 0;
    if (d->space.kind == H5L_SPACE_SCALAR || d->space.rank == 0) return 1;
    return d->space.dims[0];
}

static void prim_type(const h5l_obj *o, char *buf, size_t n)
{
    char *dt = attr_str(o, "dtype");
    const h5l_dataset_info *d = h5l_obj_dataset(o);
    if (dt && strcmp(dt, "utf32") == 0) {
        h5l_attrs *as = NULL;
        h5l_error e;
        long long len = 0;
        if (h5l_attrs_open(o, &as, &e) == H5L_OK) {
            const h5l_attr *a = h5l_attrs_find(as, "dlength");
            int64_t sv = 0;
            uint64_t uv = 0;
            int sg = 0;
            if (a && a->data && a->type && a->type->cls == H5L_CLASS_INTEGER && a->data_size >= a->type->size &&
                int_value(a->type, (const unsigned char *)a->data, &sv, &uv, &sg) == 0)
                len = sg ? (long long)sv : (long long)uv;
            h5l_attrs_close(as);
        }
        snprintf(buf, n, "%cU%lld", host_be() ? '>' : '<', len);
    } else if (dt) {
        snprintf(buf, n, "%s", dt);
    } else if (d && d->type) {
        h5l_dtype_numpy(d->type, buf, n);
    } else {
        snprintf(buf, n, "?");
    }
    free(dt);
}

/* Why the values of dataset d cannot be read here (virtual or external
 * storage, a filter hdf5lite does not decode): a malloc'ed phrase, or NULL. */
static char *unreadable_why(const h5l_dataset_info *d)
{
    char buf[160];
    unsigned k;
    if (!d) return NULL;
    if (d->layout == H5L_LAYOUT_VIRTUAL) return xstrdup("virtual storage");
    if (d->external) return xstrdup("external storage");
    for (k = 0; d->layout == H5L_LAYOUT_CHUNKED && k < d->nfilters; k++) {
        int dec = 0;
        const char *name = h5l_filter_name(d->filters[k].id, &dec);
        if (dec) continue;
        snprintf(buf, sizeof buf, "filter %u (%s) not decoded", (unsigned)d->filters[k].id,
                 name ? name : d->filters[k].name && d->filters[k].name[0] ? d->filters[k].name : "unknown");
        return xstrdup(buf);
    }
    return NULL;
}

/* Null count of a v2 column group: mask wins over null_bitmap. */
static h5l_status count_nulls(const h5l_obj *g, uint64_t rows, uint64_t *nulls, h5l_error *e)
{
    const char *which = has_link(g, "mask") ? "mask" : has_link(g, "null_bitmap") ? "null_bitmap" : NULL;
    h5l_obj *o = NULL;
    const h5l_dataset_info *d;
    unsigned char *buf = NULL;
    uint64_t n, i, cnt = 0;
    h5l_status st;
    *nulls = 0;
    if (!which) return H5L_OK;
    st = h5l_obj_open_rel(g, which, &o, e);
    if (st != H5L_OK) return st;
    d = h5l_obj_dataset(o);
    if (!d || !d->type || d->type->size != 1 || d->space.kind == H5L_SPACE_NULL) { h5l_obj_close(o); return H5L_OK; }
    n = d->space.npoints;
    if (n > ((uint64_t)1 << 32)) { h5l_obj_close(o); snprintf(e->msg, sizeof e->msg, "%s too large", which); return H5L_EUNSUPPORTED; }
    buf = (unsigned char *)xmalloc((size_t)n);
    if (!buf) { h5l_obj_close(o); snprintf(e->msg, sizeof e->msg, "out of memory"); return H5L_ENOMEM; }
    st = h5l_dataset_read_raw(o, 0, d->space.kind == H5L_SPACE_SCALAR ? 1 : d->space.dims[0], buf, (size_t)n, e);
    if (st == H5L_OK) {
        if (strcmp(which, "mask") == 0) {
            for (i = 0; i < n && i < rows; i++) cnt += buf[i] != 0;
        } else {
            uint64_t bits = n * 8 < rows ? n * 8 : rows;
            for (i = 0; i < bits; i++) cnt += !((buf[i / 8] >> (i % 8)) & 1u);
            cnt = bits - (bits - cnt);
        }
        *nulls = cnt;
    }
    free(buf);
    h5l_obj_close(o);
    return st;
}

/* v2 column group -> row; *skip when it is not a column. */
static h5l_status describe_col(const h5l_obj *g, tl_row *r, int *skip, int depth, h5l_error *e)
{
    char *type;
    h5l_obj *data = NULL;
    h5l_status st;
    char buf[128];
    *skip = 0;
    if (h5l_obj_get_kind(g) != H5L_OBJ_GROUP || depth > 4) { *skip = 1; return H5L_OK; }
    type = attr_str(g, "type");
    if (type) {
        h5l_obj *ig = NULL, *dg = NULL;
        tl_row ir, dr;
        int s1 = 1, s2 = 1;
        int dict = strcmp(type, "dictionary_encoded") == 0;
        free(type);
        if (!dict) { *skip = 1; return H5L_OK; }
        memset(&ir, 0, sizeof ir);
        memset(&dr, 0, sizeof dr);
        st = h5l_obj_open_rel(g, "indices", &ig, e);
        if (st == H5L_OK) st = h5l_obj_open_rel(g, "dictionary", &dg, e);
        if (st == H5L_OK) st = describe_col(ig, &ir, &s1, depth + 1, e);
        if (st == H5L_OK) st = describe_col(dg, &dr, &s2, depth + 1, e);
        if (st == H5L_OK && (s1 || s2)) { snprintf(e->msg, sizeof e->msg, "bad dictionary_encoded column"); st = H5L_ECORRUPT; }
        if (st == H5L_OK) {
            snprintf(buf, sizeof buf, "dict:%s", dr.type);
            r->kind = xstrdup("dictionary");
            r->type = xstrdup(buf);
            r->rows = ir.rows;
            r->nulls = ir.nulls;
            r->why = ir.why ? ir.why : dr.why;
            if (r->why == ir.why) ir.why = NULL;
            else dr.why = NULL;
        }
        free(ir.kind); free(ir.type); free(dr.kind); free(dr.type); free(ir.why); free(dr.why);
        h5l_obj_close(ig);
        h5l_obj_close(dg);
        return st;
    }
    st = h5l_obj_open_rel(g, "data", &data, e);
    if (st != H5L_OK) return st;
    if (h5l_obj_get_kind(data) != H5L_OBJ_DATASET || !h5l_obj_dataset(data)) {
        h5l_obj_close(data);
        snprintf(e->msg, sizeof e->msg, "column data is not a dataset");
        return H5L_ECORRUPT;
    }
    {
        char *dt = attr_str(data, "dtype");
        if (dt && strcmp(dt, "str") == 0) {
            h5l_obj *ix = NULL;
            st = h5l_obj_open_rel(g, "indices", &ix, e);
            if (st == H5L_OK && h5l_obj_dataset(ix)) {
                uint64_t n = ds_rows(h5l_obj_dataset(ix));
                r->rows = n ? n - 1 : 0;
                r->why = unreadable_why(h5l_obj_dataset(ix));   /* the data's reason wins, below */
            }
            h5l_obj_close(ix);
            r->kind = xstrdup("string");
            r->type = xstrdup("str");
        } else {
            prim_type(data, buf, sizeof buf);
            r->kind = xstrdup("primitive");
            r->type = xstrdup(buf);
            r->rows = ds_rows(h5l_obj_dataset(data));
        }
        free(dt);
    }
    {
        char *dw = unreadable_why(h5l_obj_dataset(data));   /* data first, then the offsets, as the table path */
        if (dw) { free(r->why); r->why = dw; }
    }
    h5l_obj_close(data);
    if (st == H5L_OK) st = count_nulls(g, r->rows, &r->nulls, e);
    return st;
}

static h5l_status describe_table(h5l_file *f, const char *group, tl_list *out, h5l_error *e)
{
    h5l_obj *g = NULL, *cols = NULL;
    name_list nl;
    h5l_status st;
    int v2 = 0;
    size_t i, j;
    const char *order_src;
    char *order;
    memset(&nl, 0, sizeof nl);
    if (group) {
        st = h5l_obj_open(f, group, &g, e);
        if (st != H5L_OK) return st;
        if (h5l_obj_get_kind(g) == H5L_OBJ_GROUP && has_link(g, "columns")) v2 = 1;
    } else {
        static const char *const cands[] = {"/table", "/data", "/", "/columns"};
        for (i = 0; i < 4 && !g; i++) {
            if (h5l_obj_open(f, cands[i], &g, e) != H5L_OK) { g = NULL; continue; }
            if (h5l_obj_get_kind(g) != H5L_OBJ_GROUP) { h5l_obj_close(g); g = NULL; continue; }
            if (i == 0) {
                if (has_link(g, "columns")) v2 = 1;
                else { h5l_obj_close(g); g = NULL; }
            } else if (i == 2) {
                name_list tmp;
                int any = 0;
                memset(&tmp, 0, sizeof tmp);
                h5l_group_iterate(g, H5L_ITER_NAME, names_cb, &tmp, e);
                for (j = 0; j < tmp.n && !any; j++) {
                    h5l_obj *o = NULL;
                    if (h5l_obj_open_rel(g, tmp.v[j], &o, e) == H5L_OK) {
                        any = h5l_obj_get_kind(o) == H5L_OBJ_DATASET;
                        h5l_obj_close(o);
                    }
                }
                names_free(&tmp);
                if (!any) { h5l_obj_close(g); g = NULL; }
            }
        }
        if (!g) { snprintf(e->msg, sizeof e->msg, "no vaex table found"); return H5L_ENOTFOUND; }
    }
    if (v2) {
        st = h5l_obj_open_rel(g, "columns", &cols, e);
        h5l_obj_close(g);
        if (st != H5L_OK) return st;
    } else {
        cols = g;
    }
    st = h5l_group_iterate(cols, H5L_ITER_NAME, names_cb, &nl, e);
    if (st == H5L_OK && nl.oom) { snprintf(e->msg, sizeof e->msg, "out of memory"); st = H5L_ENOMEM; }
    for (i = 0; st == H5L_OK && i < nl.n; i++) {
        h5l_obj *o = NULL;
        tl_row r;
        int skip = 0;
        memset(&r, 0, sizeof r);
        st = h5l_obj_open_rel(cols, nl.v[i], &o, e);
        if (st != H5L_OK) {
            /* a dangling soft link or an external link is not a column (as
             * in vaex, which reads one file); any other error is an error,
             * never a silently dropped column */
            h5l_link l;
            h5l_error e2;
            if (st == H5L_ENOTFOUND ||
                (st == H5L_EUNSUPPORTED && h5l_group_find(cols, nl.v[i], &l, &e2) == H5L_OK && l.type == H5L_LINK_EXTERNAL)) {
                st = H5L_OK;
                continue;
            }
            if (st != H5L_ENOMEM) prefix_msg(e, nl.v[i]);
            break;
        }
        if (!v2) {
            char buf[128];
            if (h5l_obj_get_kind(o) != H5L_OBJ_DATASET || !h5l_obj_dataset(o)) { h5l_obj_close(o); continue; }
            prim_type(o, buf, sizeof buf);
            r.kind = xstrdup("primitive");
            r.type = xstrdup(buf);
            r.rows = ds_rows(h5l_obj_dataset(o));
            r.why = unreadable_why(h5l_obj_dataset(o));
        } else {
            st = describe_col(o, &r, &skip, 0, e);
            if (st != H5L_OK && st != H5L_ENOMEM) prefix_msg(e, nl.v[i]);
            if (st != H5L_OK || skip) { h5l_obj_close(o); free(r.kind); free(r.type); free(r.why); continue; }
        }
        r.name = xstrdup(nl.v[i]);   /* the group's name, as vaex (alias is metadata) */
        h5l_obj_close(o);
        /* python dict semantics: a later column of the same name replaces the value in place */
        for (j = 0; j < out->n; j++)
            if (strcmp(out->r[j].name, r.name) == 0) break;
        if (j < out->n) {
            free(out->r[j].kind); free(out->r[j].type); free(out->r[j].why); free(r.name);
            out->r[j].kind = r.kind; out->r[j].type = r.type; out->r[j].rows = r.rows; out->r[j].nulls = r.nulls;
            out->r[j].why = r.why;
            continue;
        }
        if (grow((void **)&out->r, &out->cap, out->n + 1, sizeof *out->r) != 0) { st = H5L_ENOMEM; break; }
        out->r[out->n++] = r;
    }
    /* column_order first */
    order_src = NULL;
    order = st == H5L_OK ? attr_str(cols, "column_order") : NULL;
    (void)order_src;
    if (order) {
        size_t placed = 0;
        char *p = order;
        for (;;) {
            char *q = strchr(p, ',');
            if (q) *q = 0;
            for (j = placed; j < out->n; j++)
                if (strcmp(out->r[j].name, p) == 0) {
                    tl_row tmp = out->r[j];
                    memmove(out->r + placed + 1, out->r + placed, (j - placed) * sizeof *out->r);
                    out->r[placed++] = tmp;
                    break;
                }
            if (!q) break;
            p = q + 1;
        }
        free(order);
    }
    names_free(&nl);
    h5l_obj_close(cols);
    return st;
}

/* One column of `table`: TSV (a sixth field "unreadable: WHY" for a column
 * whose values cannot be read here) or a JSON object. */
static void table_line(int json, int first, const char *name, const char *kind, const char *type, uint64_t rows, uint64_t nulls,
                       const char *why)
{
    if (!json) {
        printf("%s\t%s\t%s\t%llu\t%llu", name, kind, type, (unsigned long long)rows, (unsigned long long)nulls);
        if (why) printf("\tunreadable: %s", why);
        out_c('\n');
        return;
    }
    out_s(first ? "\n  {\"name\": " : ",\n  {\"name\": ");
    out_json_str(name, strlen(name));
    out_s(", \"kind\": ");
    out_json_str(kind, strlen(kind));
    out_s(", \"type\": ");
    out_json_str(type, strlen(type));
    printf(", \"rows\": %llu, \"nulls\": %llu, \"readable\": %s", (unsigned long long)rows, (unsigned long long)nulls,
           why ? "false" : "true");
    if (why) {
        out_s(", \"why\": ");
        out_json_str(why, strlen(why));
    }
    out_c('}');
}

static int table_fallback(const char *file, const char *group, int json)
{
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    tl_list l;
    size_t i;
    memset(&e, 0, sizeof e);
    memset(&l, 0, sizeof l);
    st = open_file(file, &f, &e);
    if (st == H5L_OK) st = describe_table(f, group, &l, &e);
    if (st == H5L_OK && l.n == 0) { /* as h5l_table_open: no columns, no table */
        st = e.code = H5L_ENOTFOUND;
        snprintf(e.msg, sizeof e.msg, "%s holds no columns: not a table", group ? group : "/");
    }
    for (i = 1; st == H5L_OK && i < l.n; i++)
        if (l.r[i].rows != l.r[0].rows) {
            st = e.code = H5L_ENOTFOUND;
            snprintf(e.msg, sizeof e.msg, "column %.60s has %llu rows, column %.60s %llu: columns of unequal length are not a table",
                     l.r[i].name, (unsigned long long)l.r[i].rows, l.r[0].name, (unsigned long long)l.r[0].rows);
        }
    if (st == H5L_OK) {
        if (json) out_c('[');
        for (i = 0; i < l.n; i++)
            table_line(json, i == 0, l.r[i].name, l.r[i].kind ? l.r[i].kind : "?", l.r[i].type ? l.r[i].type : "?", l.r[i].rows,
                       l.r[i].nulls, l.r[i].why);
        if (json) out_s(l.n ? "\n]\n" : "]\n");
    }
    for (i = 0; i < l.n; i++) { free(l.r[i].name); free(l.r[i].kind); free(l.r[i].type); free(l.r[i].why); }
    free(l.r);
    h5l_close(f);
    if (st != H5L_OK) return fail(st, &e, group ? group : file);
    return finish_output(0);
}

static int cmd_table(int argc, char **argv)
{
    const char *group = NULL, *file = NULL;
    h5l_file *f;
    h5l_table *t;
    size_t i;
    int k, json = 0;
    for (k = 0; k < argc; k++) {
        if (parse_group_opt(argc, argv, &k, &group)) continue;
        if (strcmp(argv[k], "--json") == 0) { json = 1; continue; }
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("table: unknown option %s", argv[k]);
        if (file) return usage_error("table: too many arguments");
        file = argv[k];
    }
    if (!file) return usage_error("table needs FILE");
    {
        /* the library maps tables; columns it cannot map (chunked, scalar...)
         * are still described, through the object API */
        h5l_error e;
        h5l_status st;
        memset(&e, 0, sizeof e);
        st = open_file(file, &f, &e);
        if (st != H5L_OK) return fail(st, &e, file);
        st = h5l_table_open(f, group, &t, &e);
        if (st != H5L_OK) {
            h5l_close(f);
            if (st == H5L_EUNSUPPORTED) return table_fallback(file, group, json);
            return fail(st, &e, group ? group : file);
        }
    }
    if (json) out_c('[');
    for (i = 0; i < h5l_table_ncolumns(t); i++) {
        const h5l_column *c = h5l_table_column(t, i);
        char ty[128];
        char *why = unreadable_why(c->data);
        if (!why) why = unreadable_why(c->indices);
        if (!why && c->dictionary) why = unreadable_why(c->dictionary->data);
        if (!why && c->dictionary) why = unreadable_why(c->dictionary->indices);
        col_type_text(c, ty, sizeof ty);
        table_line(json, i == 0, col_name(c), col_kind_text(c), ty, c->rows, c->null_count, why);
        free(why);
    }
    if (json) out_s(h5l_table_ncolumns(t) ? "\n]\n" : "]\n");
    h5l_table_close(t);
    h5l_close(f);
    return finish_output(0);
}

/* Resolve "a,b,c" (names or aliases) against t into out (room for
 * strlen(list) + 1 entries). Returns 0 or an exit code after one message. */
static int select_columns(const h5l_table *t, const char *list, const char *cmd, const h5l_column **out, size_t *n)
{
    const char *p = list;
    *n = 0;
    for (;;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        char *name = (char *)xmalloc(len + 1);
        const h5l_column *c;
        if (!name) { msg("out of memory"); return EXIT_OS; }
        memcpy(name, p, len);
        name[len] = 0;
        c = h5l_table_find(t, name);
        if (!c) {
            msg("%s: no column named '%s'", cmd, name);
            free(name);
            return EXIT_USAGE;
        }
        free(name);
        out[(*n)++] = c;
        if (!q) break;
        p = q + 1;
    }
    return 0;
}

/* ---- blocks of unmapped (chunked) columns ------------------------------------
 * A column whose storage is chunked has no pointers into the mapping; the
 * commands read it a block of rows at a time (whole chunks, decoded by the
 * library) into buffers and present the block as a mapped column of its own
 * (rows 0 .. count-1): values as stored, string offsets rebased to the
 * block's bytes as native int64, validity as a mask. */

#define BLOCK_ROWS 65536u

typedef struct col_block {
    h5l_column c;                    /* the view */
    h5l_dataset_info data, indices, mask;
    uint64_t dims1[1], idims[1];
    unsigned char *dbuf, *vbuf;
    int64_t *ibuf;
    size_t dcap, vcap, icap;
} col_block;

static const uint64_t dims_none[1] = {0};
static h5l_dtype native_i64;         /* offsets of a block's strings (set by col_block_load) */

/* Rows per block for column c: whole chunks of its data, about BLOCK_ROWS. */
static uint64_t block_rows(const h5l_column *c)
{
    uint64_t k = c->data && c->data->layout == H5L_LAYOUT_CHUNKED && c->data->chunk_rank > 1 ? c->data->chunk_dims[0] : 1;
    if (c->kind == H5L_COL_STRING) k = 1;       /* rows and bytes are not aligned anyway */
    if (k == 0 || k > BLOCK_ROWS) return k ? k : BLOCK_ROWS;
    return BLOCK_ROWS / k * k;
}

static int block_grow(unsigned char **p, size_t *cap, uint64_t need)
{
    void *q;
    if (need <= *cap) return 0;
    if (need > SIZE_MAX / 2) return -1;
    q = realloc(*p, (size_t)need);
    if (!q) return -1;
    *p = (unsigned char *)q;
    *cap = (size_t)need;
    return 0;
}

static void col_block_free(col_block *b)
{
    free(b->dbuf);
    free(b->vbuf);
    free(b->ibuf);
    memset(b, 0, sizeof *b);
}

/* Load rows [first, first + count) of c into b and make b->c the view. */
static h5l_status col_block_load(col_block *b, const h5l_column *c, uint64_t first, uint64_t count, const h5l_read_options *opt,
                                 h5l_error *e)
{
    h5l_status st = H5L_OK;
    uint64_t i;
    if (native_i64.size == 0) {
        native_i64.cls = H5L_CLASS_INTEGER;
        native_i64.is_signed = 1;
        native_i64.precision = 64;
        native_i64.order = host_be() ? H5L_BE : H5L_LE;
        native_i64.array_dims = dims_none;
        native_i64.tag = "";
        native_i64.size = 8;
    }
    b->c = *c;
    b->c.rows = count;
    b->c.null_bitmap = NULL;
    b->c.mask = NULL;
    if (c->kind == H5L_COL_STRING) {
        const h5l_dtype *it = c->indices->type;
        uint64_t base;
        if (block_grow((unsigned char **)&b->ibuf, &b->icap, (count + 1) * 8) != 0) goto nomem;
        st = h5l_column_read(c, H5L_PART_OFFSETS, first, count, b->ibuf, b->icap, opt, e);
        if (st != H5L_OK) return st;
        /* stored offsets (int32 or int64, file order) to native int64, rebased */
        for (i = count + 1; i-- > 0;) {
            int64_t sv = 0;
            uint64_t uv = 0;
            int sg = 0;
            int_value(it, (const unsigned char *)b->ibuf + i * it->size, &sv, &uv, &sg);
            b->ibuf[i] = sg ? sv : (int64_t)uv;
        }
        base = (uint64_t)b->ibuf[0];
        for (i = 0; i <= count; i++) b->ibuf[i] -= (int64_t)base;
        if (b->ibuf[count] < 0 || block_grow(&b->dbuf, &b->dcap, (uint64_t)b->ibuf[count] + 1) != 0) goto nomem;
        st = h5l_column_read(c, H5L_PART_BYTES, first, count, b->dbuf, b->dcap, opt, e);
        if (st != H5L_OK) return st;
        b->indices = *c->indices;
        b->indices.type = &native_i64;
        b->idims[0] = count + 1;
        b->indices.space.dims = b->indices.space.maxdims = b->idims;
        b->indices.space.npoints = count + 1;
        b->indices.data = b->ibuf;
        b->indices.data_align = 8;
        b->indices.layout = H5L_LAYOUT_CONTIGUOUS;
        b->indices.allocated = 1;
        b->indices.storage_size = (count + 1) * 8;
        b->c.indices = &b->indices;
        b->data = *c->data;
        b->dims1[0] = (uint64_t)b->ibuf[count];
    } else {
        uint64_t esz = c->data->type->size;
        if (block_grow(&b->dbuf, &b->dcap, count * esz + 1) != 0) goto nomem;
        st = h5l_column_read(c, H5L_PART_VALUES, first, count, b->dbuf, b->dcap, opt, e);
        if (st != H5L_OK) return st;
        b->data = *c->data;
        b->dims1[0] = count;
    }
    b->data.space.dims = b->data.space.maxdims = b->dims1;
    b->data.space.npoints = b->dims1[0];
    b->data.data = b->dbuf;
    b->data.data_align = 16;
    b->data.layout = H5L_LAYOUT_CONTIGUOUS;
    b->data.allocated = 1;
    b->data.storage_size = b->dims1[0] * b->data.type->size;
    b->c.data = &b->data;
    if (c->mask || c->null_bitmap) {
        if (block_grow(&b->vbuf, &b->vcap, count + 1) != 0) goto nomem;
        st = h5l_column_read(c, H5L_PART_VALID, first, count, b->vbuf, b->vcap, NULL, e);
        if (st != H5L_OK) return st;
        for (i = 0; i < count; i++) b->vbuf[i] = !b->vbuf[i];     /* a mask: 1 = null */
        b->mask = *(c->mask ? c->mask : c->null_bitmap);
        b->mask.space.dims = b->mask.space.maxdims = b->dims1;
        b->mask.space.npoints = count;
        b->mask.data = b->vbuf;
        b->mask.layout = H5L_LAYOUT_CONTIGUOUS;
        b->mask.allocated = 1;
        b->c.mask = &b->mask;
    }
    b->c.mapped = 1;
    return H5L_OK;
nomem:
    snprintf(e->msg, sizeof e->msg, "column %s: out of memory for a block of %llu rows", c->name, (unsigned long long)count);
    e->code = H5L_ENOMEM;
    return H5L_ENOMEM;
}

/* ====================================================================== */
/* export                                                                   */
/* ====================================================================== */

/* A growing output buffer (a block of CSV text made by one thread). */
typedef struct obuf {
    char *p;
    size_t n, cap;
    int oom;
} obuf;

static char *ob_room(obuf *o, size_t need)
{
    if (o->cap - o->n < need) {
        size_t cap = o->cap ? o->cap : 4096;
        char *q;
        while (cap - o->n < need) {
            if (cap > SIZE_MAX / 2) { o->oom = 1; return NULL; }
            cap *= 2;
        }
        q = (char *)realloc(o->p, cap);
        if (!q) { o->oom = 1; return NULL; }
        o->p = q;
        o->cap = cap;
    }
    return o->p + o->n;
}

static void ob_put(obuf *o, const void *s, size_t n)
{
    char *d = ob_room(o, n);
    if (d) { memcpy(d, s, n); o->n += n; }
}

static void ob_c(obuf *o, char c)
{
    char *d = ob_room(o, 1);
    if (d) { *d = c; o->n++; }
}

/* One CSV field: quoted when it holds a comma, quote, CR or LF (or when
 * force_quotes: an empty string, told apart from a null). */
static void csv_field(obuf *o, const char *s, size_t n, int force_quotes)
{
    size_t i, q = force_quotes;
    char *d;
    for (i = 0; i < n && !q; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') q = 1;
    if (!q) { ob_put(o, s, n); return; }
    d = ob_room(o, 2 * n + 2);
    if (!d) return;
    *d++ = '"';
    for (i = 0; i < n; i++) {
        if (s[i] == '"') *d++ = '"';
        *d++ = s[i];
    }
    *d++ = '"';
    o->n = (size_t)(d - o->p);
}

/* ---- datetime64 / timedelta64 as ISO 8601 --------------------------------
 * vaex marks them with a `dtype` attribute ("datetime64[ns]") on int64
 * data. Timestamps print as numpy prints them (the unit sets the
 * precision: "2021-03-04", "2021-03-04T05:06:07.123456789"); durations as
 * pandas' Timedelta.isoformat ("P1DT2H3M4.5S"), a '-' before a negative
 * one; NaT (INT64_MIN) is a null. */

enum { TU_Y, TU_M, TU_W, TU_D, TU_h, TU_m, TU_s, TU_ms, TU_us, TU_ns, TU_ps, TU_fs, TU_as, TU_N };
static const char *const tu_name[TU_N] = {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"};

/* *delta = 1 for timedelta64; the unit index; -1 if the attribute is not a
 * time type with a plain unit. */
static int time_unit(const char *dtype_attr, int *delta)
{
    const char *u;
    size_t n;
    int k;
    if (!dtype_attr) return -1;
    if (strncmp(dtype_attr, "datetime64[", 11) == 0) { *delta = 0; u = dtype_attr + 11; }
    else if (strncmp(dtype_attr, "timedelta64[", 12) == 0) { *delta = 1; u = dtype_attr + 12; }
    else return -1;
    n = strlen(u);
    if (n < 2 || u[n - 1] != ']') return -1;
    for (k = 0; k < TU_N; k++)
        if (strlen(tu_name[k]) == n - 1 && memcmp(u, tu_name[k], n - 1) == 0) return k;
    return -1;
}

/* floor division and its remainder (d > 0) */
static int64_t fdiv(int64_t a, int64_t d, int64_t *rem)
{
    int64_t q = a / d, r = a % d;
    if (r < 0) { r += d; q--; }
    *rem = r;
    return q;
}

/* Civil date of a day count since 1970-01-01 (proleptic Gregorian). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t r, era = fdiv(days, 146097, &r);   /* 400-year eras from 0000-03-01 */
    unsigned doe;
    r += 719468;
    era += r / 146097;
    doe = (unsigned)(r % 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Day count since 1970-01-01 of a civil date (m 1-12, d 1-31). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, r;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = fdiv(y, 400, &r);
    yoe = (unsigned)r;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static const int64_t tu_per_sec[TU_N] = {0, 0, 0, 0, 0, 0, 1, 1000, 1000000, 1000000000, INT64_C(1000000000000),
                                         INT64_C(1000000000000000), INT64_C(1000000000000000000)};
static const int tu_frac_digits[TU_N] = {0, 0, 0, 0, 0, 0, 0, 3, 6, 9, 12, 15, 18};

static size_t put_uint(char *b, uint64_t v, int width)
{
    char t[24];
    int n = 0;
    size_t o = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n < width) t[n++] = '0';
    while (n) b[o++] = t[--n];
    return o;
}

/* A timestamp: at most 40 bytes. */
static size_t fmt_datetime(char *b, int64_t v, int unit)
{
    int64_t days = 0, secs = 0, frac = 0, y, r;
    unsigned mo, d;
    size_t o = 0;
    if (unit == TU_Y || unit == TU_M) {
        int64_t yy = unit == TU_Y ? v : fdiv(v, 12, &r);
        y = 1970 + yy;
        mo = unit == TU_Y ? 1 : (unsigned)r + 1;
        if (y < 0) { b[o++] = '-'; o += put_uint(b + o, (uint64_t)(-y), 4); }
        else o += put_uint(b + o, (uint64_t)y, 4);
        if (unit == TU_M) { b[o++] = '-'; o += put_uint(b + o, mo, 2); }
        return o;
    }
    switch (unit) {
    case TU_W: days = v > INT64_MAX / 7 || v < INT64_MIN / 7 ? 0 : v * 7; break;
    case TU_D: days = v; break;
    case TU_h: days = fdiv(v, 24, &secs); secs *= 3600; break;
    case TU_m: days = fdiv(v, 1440, &secs); secs *= 60; break;
    default: {
        int64_t s = fdiv(v, tu_per_sec[unit], &frac);
        days = fdiv(s, 86400, &secs);
    }
    }
    civil(days, &y, &mo, &d);
    if (y < 0) { b[o++] = '-'; o += put_uint(b + o, (uint64_t)(-y), 4); }
    else o += put_uint(b + o, (uint64_t)y, 4);
    b[o++] = '-';
    o += put_uint(b + o, mo, 2);
    b[o++] = '-';
    o += put_uint(b + o, d, 2);
    if (unit <= TU_D) return o;
    b[o++] = 'T';
    o += put_uint(b + o, (uint64_t)(secs / 3600), 2);
    if (unit == TU_h) return o;
    b[o++] = ':';
    o += put_uint(b + o, (uint64_t)(secs / 60 % 60), 2);
    if (unit == TU_m) return o;
    b[o++] = ':';
    o += put_uint(b + o, (uint64_t)(secs % 60), 2);
    if (tu_frac_digits[unit]) {
        b[o++] = '.';
        o += put_uint(b + o, (uint64_t)frac, tu_frac_digits[unit]);
    }
    return o;
}

/* A duration: at most 64 bytes. */
static size_t fmt_timedelta(char *b, int64_t v, int unit)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, days, secs, frac = 0, per;
    size_t o = 0;
    int fd = 0;
    if (v < 0) b[o++] = '-';
    b[o++] = 'P';
    if (unit == TU_Y || unit == TU_M) {   /* calendar units: years or months, as they are */
        o += put_uint(b + o, a, 1);
        b[o++] = unit == TU_Y ? 'Y' : 'M';
        return o;
    }
    switch (unit) {
    case TU_W: days = a * 7; secs = 0; break;
    case TU_D: days = a; secs = 0; break;
    case TU_h: days = a / 24; secs = a % 24 * 3600; break;
    case TU_m: days = a / 1440; secs = a % 1440 * 60; break;
    default:
        per = (uint64_t)tu_per_sec[unit];
        frac = a % per;
        days = a / per / 86400;
        secs = a / per % 86400;
        fd = tu_frac_digits[unit];
    }
    o += put_uint(b + o, days, 1);
    b[o++] = 'D';
    b[o++] = 'T';
    o += put_uint(b + o, secs / 3600, 1);
    b[o++] = 'H';
    o += put_uint(b + o, secs / 60 % 60, 1);
    b[o++] = 'M';
    o += put_uint(b + o, secs % 60, 1);
    if (frac) {
        size_t k = o + 1;
        b[o++] = '.';
        o += put_uint(b + o, frac, fd);
        while (o > k && b[o - 1] == '0') o--;
    }
    b[o++] = 'S';
    return o;
}

/* An ISO 8601 timestamp as pandas and numpy write them -- YYYY-MM-DD, then
 * optionally 'T' or ' ' and HH:MM, :SS, .fraction (1-9 digits), then
 * optionally 'Z' -- as nanoseconds since 1970-01-01T00:00:00 (UTC when
 * marked Z; no other offsets). 0 when it is not one or falls outside the
 * range of datetime64[ns] (1677-09-21 .. 2262-04-11). */
static int is_time_text(const char *s, size_t n, int64_t *ns)
{
    static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned v[6] = {0, 0, 0, 0, 0, 0}, k;
    static const unsigned char at[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
    size_t i, fl = 0;
    int64_t days, secs, frac = 0;
    unsigned fields = 3;
    if (n && s[n - 1] == 'Z') n--;
    if (n < 10 || s[4] != '-' || s[7] != '-') return 0;
    if (n > 10) {
        if ((s[10] != 'T' && s[10] != ' ') || n < 16 || s[13] != ':') return 0;
        fields = 5;
        if (n > 16) {
            if (s[16] != ':' || n < 19) return 0;
            fields = 6;
            if (n > 19) {
                if (s[19] != '.' || n == 20 || n > 29) return 0;
                for (i = 20; i < n; i++) {
                    if (s[i] < '0' || s[i] > '9') return 0;
                    frac = frac * 10 + (s[i] - '0');
                    fl++;
                }
                for (; fl < 9; fl++) frac *= 10;
            }
        }
    }
    for (k = 0; k < fields; k++)
        for (i = at[k]; i < (size_t)at[k] + len[k]; i++) {
            if (s[i] < '0' || s[i] > '9') return 0;
            v[k] = v[k] * 10 + (unsigned)(s[i] - '0');
        }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1] || v[3] > 23 || v[4] > 59 || v[5] > 59) return 0;
    if (v[1] == 2 && v[2] == 29 && !(v[0] % 4 == 0 && (v[0] % 100 != 0 || v[0] % 400 == 0))) return 0;
    days = days_from_civil((int64_t)v[0], v[1], v[2]);
    secs = days * 86400 + (int64_t)v[3] * 3600 + (int64_t)v[4] * 60 + (int64_t)v[5];
    /* datetime64[ns] holds INT64_MIN+1 .. INT64_MAX ns (INT64_MIN is NaT) */
    if (secs < -INT64_C(9223372037) || secs > INT64_C(9223372036) ||
        (secs == -INT64_C(9223372037) && frac < INT64_C(145224193)) || (secs == INT64_C(9223372036) && frac > INT64_C(854775807)))
        return 0;
    *ns = secs < 0 ? (secs + 1) * 1000000000 + (frac - 1000000000) : secs * 1000000000 + frac;
    return 1;
}

/* ---- cells ---------------------------------------------------------------- */

/* How a column's cells are written, decided once per column. */
enum { CK_F64, CK_F32, CK_F16, CK_FLOAT, CK_INT, CK_BOOL, CK_TSTR, CK_STRING, CK_DICT, CK_UTF32, CK_TIME, CK_DELTA };

typedef struct exp_col {
    const h5l_column *c;
    int kind, unit;
} exp_col;

static int cell_kind(const h5l_column *c, int *unit)
{
    const h5l_dtype *t;
    int delta = 0;
    *unit = -1;
    if (c->kind == H5L_COL_STRING) return CK_STRING;
    if (c->kind == H5L_COL_DICT) return CK_DICT;
    if (c->kind == H5L_COL_STRING_UTF32) return CK_UTF32;
    t = c->data->type;
    if (t->cls == H5L_CLASS_FLOAT) {
        if (t->size == 8 && t->mant_size == 52 && t->exp_size == 11 && t->exp_bias == 1023 && t->mant_norm == 2 &&
            t->order == (host_be() ? H5L_BE : H5L_LE))
            return CK_F64;
        return float_width(t) == 4 ? CK_F32 : float_width(t) == 2 ? CK_F16 : CK_FLOAT;
    }
    if (t->cls == H5L_CLASS_STRING || t->cls == H5L_CLASS_VLEN) return CK_TSTR;
    if (t->cls == H5L_CLASS_ENUM && t->is_bool) return CK_BOOL;
    if (t->cls == H5L_CLASS_INTEGER && t->size == 8 && (*unit = time_unit(c->dtype_attr, &delta)) >= 0) return delta ? CK_DELTA : CK_TIME;
    return CK_INT;
}

/* The CSV text of one non-null cell of a mapped column (or block view). */
static h5l_status csv_cell(obuf *o, h5l_file *f, const exp_col *x, const h5l_column *c, uint64_t row, obuf *scratch, h5l_error *e)
{
    char num[64];
    const unsigned char *p;
    switch (x->kind) {
    case CK_STRING: {
        const char *s;
        size_t len;
        h5l_status st = h5l_column_string(c, row, &s, &len, e);
        if (st != H5L_OK) return st;
        csv_field(o, s, len, len == 0);
        return H5L_OK;
    }
    case CK_DICT: {
        int64_t code = dict_code(c, row);
        exp_col dx;
        if (code < 0 || !c->dictionary || (uint64_t)code >= c->dictionary->rows) {
            snprintf(e->msg, sizeof e->msg, "column %s: row %llu has a code outside the dictionary", c->name,
                     (unsigned long long)row);
            return H5L_ECORRUPT;
        }
        dx.c = c->dictionary;
        dx.kind = cell_kind(c->dictionary, &dx.unit);
        return csv_cell(o, f, &dx, c->dictionary, (uint64_t)code, scratch, e);
    }
    case CK_UTF32: {
        size_t len;
        if (utf32_row(c, row, &scratch->p, &scratch->cap, &len) != 0) {
            snprintf(e->msg, sizeof e->msg, "column %s: utf32 row %llu outside its storage", c->name, (unsigned long long)row);
            return H5L_ECORRUPT;
        }
        csv_field(o, scratch->p, len, len == 0);
        return H5L_OK;
    }
    default: break;
    }
    p = elem_ptr(c->data, row);
    if (!p) { snprintf(e->msg, sizeof e->msg, "column %s: element too large", c->name); return H5L_EUNSUPPORTED; }
    switch (x->kind) {
    case CK_F64: {
        double d;
        memcpy(&d, p, 8);
        ob_put(o, num, fmt_f64(num, d));
        break;
    }
    case CK_F32: ob_put(o, num, fmt_f32(num, (float)decode_float(c->data->type, p))); break;
    case CK_F16: ob_put(o, num, fmt_f16(num, double_to_half(decode_float(c->data->type, p)))); break;
    case CK_FLOAT: ob_put(o, num, fmt_f64(num, decode_float(c->data->type, p))); break;
    case CK_TSTR: {
        const char *s;
        size_t len;
        h5l_status st = h5l_string_get(f, c->data->type, p, &s, &len, e);
        if (st != H5L_OK) return st;
        csv_field(o, s ? s : "", s ? len : 0, !s || len == 0);
        break;
    }
    default: {
        const h5l_dtype *t = c->data->type, *it = t->cls == H5L_CLASS_ENUM ? t->base : t;
        int64_t s = 0;
        uint64_t u = 0;
        int sg = 0;
        int_value(it, p, &s, &u, &sg);
        if (x->kind == CK_BOOL) ob_put(o, (sg ? s != 0 : u != 0) ? "true" : "false", (sg ? s != 0 : u != 0) ? 4 : 5);
        else if (x->kind == CK_TIME || x->kind == CK_DELTA) {
            if (!sg) s = (int64_t)u;
            if (s != INT64_MIN)   /* NaT: left empty, a null */
                ob_put(o, num, x->kind == CK_TIME ? fmt_datetime(num, s, x->unit) : fmt_timedelta(num, s, x->unit));
        } else if (sg) ob_put(o, num, fmt_i64(num, s));
        else ob_put(o, num, fmt_u64(num, u));
    }
    }
    return H5L_OK;
}

/* ---- cat of a table column's group ----------------------------------------- */

/* One non-null value of column c (mapped, or a block view) as JSON. */
static h5l_status json_cell(h5l_file *f, const h5l_column *c, uint64_t row, obuf *scratch, h5l_error *e)
{
    int unit, kind = cell_kind(c, &unit);
    switch (c->kind) {
    case H5L_COL_STRING: {
        const char *s;
        size_t len;
        h5l_status st = h5l_column_string(c, row, &s, &len, e);
        if (st == H5L_OK) out_json_str(s, len);
        return st;
    }
    case H5L_COL_DICT: {
        int64_t code = dict_code(c, row);
        if (code < 0 || !c->dictionary || (uint64_t)code >= c->dictionary->rows) {
            snprintf(e->msg, sizeof e->msg, "column %s: row %llu has a code outside the dictionary", c->name, (unsigned long long)row);
            return H5L_ECORRUPT;
        }
        if (h5l_column_is_null(c->dictionary, (uint64_t)code)) { out_s("null"); return H5L_OK; }
        return json_cell(f, c->dictionary, (uint64_t)code, scratch, e);
    }
    case H5L_COL_STRING_UTF32: {
        size_t len;
        if (utf32_row(c, row, &scratch->p, &scratch->cap, &len) != 0) {
            snprintf(e->msg, sizeof e->msg, "column %s: utf32 row %llu outside its storage", c->name, (unsigned long long)row);
            return H5L_ECORRUPT;
        }
        out_json_str(scratch->p, len);
        return H5L_OK;
    }
    default: {
        const h5l_dataset_info *d = c->data;
        uint64_t inner = 1;
        unsigned k;
        const unsigned char *p;
        for (k = 1; k < d->space.rank; k++) inner *= d->space.dims[k];     /* the table checked the sizes */
        p = elem_ptr(d, row * inner);
        if (!p) { snprintf(e->msg, sizeof e->msg, "column %s: element too large", c->name); return H5L_EUNSUPPORTED; }
        if (kind == CK_TIME || kind == CK_DELTA) {
            char b[80];
            int64_t sv = 0;
            uint64_t uv = 0;
            int sg = 0;
            int_value(d->type, p, &sv, &uv, &sg);
            if (!sg) sv = (int64_t)uv;
            if (sv == INT64_MIN) { out_s("null"); return H5L_OK; }
            b[kind == CK_TIME ? fmt_datetime(b, sv, unit) : fmt_timedelta(b, sv, unit)] = 0;
            printf("\"%s\"", b);
            return H5L_OK;
        }
        if (d->space.rank > 1) return emit_array(f, d->type, p, d->space.dims + 1, d->space.rank - 1, 0, e);
        return emit_elem(f, d->type, p, 0, e);
    }
    }
}

/* `cat FILE /table/columns/NAME`: the column's values as a JSON array
 * (strings as strings, nulls as null, timestamps as ISO 8601). */
static int cat_column(h5l_file *f, const char *path, const char *rows)
{
    char *tg = xstrdup(path), *name, *cols;
    size_t n;
    h5l_table *t = NULL;
    const h5l_column *c = NULL;
    h5l_error e;
    h5l_status st = H5L_OK;
    row_sel rs;
    col_block b;
    obuf scratch = {NULL, 0, 0, 0};
    uint64_t i, b0 = 0, bn = 0;
    int rc = 0;
    size_t k;
    memset(&e, 0, sizeof e);
    memset(&b, 0, sizeof b);
    if (!tg) { msg("out of memory"); return EXIT_OS; }
    n = strlen(tg);
    while (n > 1 && tg[n - 1] == '/') tg[--n] = 0;
    name = strrchr(tg, '/');
    if (name) *name++ = 0;
    cols = name ? strrchr(tg, '/') : NULL;
    if (!name || !cols || strcmp(cols + 1, "columns") != 0) {
        msg("%s: a group, neither a dataset nor a table column (<table>/columns/<name>)", path);
        free(tg);
        return EXIT_USAGE;
    }
    *cols = 0;
    st = h5l_table_open(f, tg[0] ? tg : "/", &t, &e);
    if (st != H5L_OK) { rc = fail(st, &e, path); goto done; }
    for (k = 0; k < h5l_table_ncolumns(t) && !c; k++)
        if (strcmp(h5l_table_column(t, k)->name, name) == 0) c = h5l_table_column(t, k);
    if (!c) { msg("%s: not a column of the table in %s", path, tg[0] ? tg : "/"); rc = EXIT_USAGE; goto done; }
    {
        char *why = unreadable_why(c->data);
        if (!why) why = unreadable_why(c->indices);
        if (why) { msg("%s: %s, so its values cannot be read", path, why); free(why); rc = EXIT_UNSUPPORTED; goto done; }
    }
    rs.start = 0;
    rs.count = c->rows;
    rs.step = 1;
    if (rows && parse_rows(rows, c->rows, &rs) != 0) {
        rc = usage_error("cat: bad --rows '%s' (expected START:STOP[:STEP], Python slice semantics)", rows);
        goto done;
    }
    out_c('[');
    for (i = 0; i < rs.count && st == H5L_OK; i++) {
        uint64_t row = sel_row(&rs, i), r = row;
        const h5l_column *v = c;
        if (!c->mapped) {
            if (row < b0 || row >= b0 + bn) {
                uint64_t br = block_rows(c), s0 = row / br * br;
                bn = c->rows - s0 < br ? c->rows - s0 : br;
                st = col_block_load(&b, c, s0, bn, NULL, &e);
                if (st != H5L_OK) { bn = 0; break; }
                b0 = s0;
            }
            v = &b.c;
            r = row - b0;
        }
        if (i) out_s(", ");
        if (h5l_column_is_null(v, r)) out_s("null");
        else st = json_cell(f, v, r, &scratch, &e);
    }
    if (st != H5L_OK) {
        out_c('\n');
        fflush(stdout);
        rc = fail(st, &e, path);
        goto done;
    }
    out_s("]\n");
done:
    col_block_free(&b);
    free(scratch.p);
    h5l_table_close(t);
    free(tg);
    return rc;
}

/* ---- the export job: row blocks formatted on threads, written in order ---- */

typedef struct exp_job {
    h5l_file *f;
    const exp_col *cols;
    size_t ncols;
    row_sel rs;
    const char *eol;
    size_t eol_n;
} exp_job;

/* One thread's part: output rows [i0, i1) of the selection into ob. Its
 * blocks of unmapped columns stay loaded from one part to the next. */
typedef struct exp_part {
    const exp_job *j;
    uint64_t i0, i1;
    obuf ob, scratch;
    col_block *blocks;
    uint64_t *b0, *bn;
    h5l_status st;
    size_t bad;              /* column of the failure */
    h5l_error e;
} exp_part;

static void exp_part_run(exp_part *p)
{
    const exp_job *j = p->j;
    uint64_t i;
    size_t k;
    p->ob.n = 0;
    p->st = H5L_OK;
    for (i = p->i0; i < p->i1; i++) {
        uint64_t row = sel_row(&j->rs, i);
        for (k = 0; k < j->ncols; k++) {
            const h5l_column *c = j->cols[k].c, *v = c;
            uint64_t r = row;
            if (k) ob_c(&p->ob, ',');
            if (!c->mapped) {
                if (row < p->b0[k] || row >= p->b0[k] + p->bn[k]) {
                    uint64_t br = block_rows(c), s = row / br * br, n = c->rows - s < br ? c->rows - s : br;
                    p->st = col_block_load(&p->blocks[k], c, s, n, NULL, &p->e);
                    if (p->st != H5L_OK) { p->bn[k] = 0; p->bad = k; return; }
                    p->b0[k] = s;
                    p->bn[k] = n;
                }
                v = &p->blocks[k].c;
                r = row - p->b0[k];
            }
            if ((v->mask || v->null_bitmap) && h5l_column_is_null(v, r)) continue;
            p->st = csv_cell(&p->ob, j->f, &j->cols[k], v, r, &p->scratch, &p->e);
            if (p->st != H5L_OK) { p->bad = k; return; }
        }
        ob_put(&p->ob, j->eol, j->eol_n);
        if (p->ob.oom) break;
    }
    if (p->ob.oom) {
        p->st = H5L_ENOMEM;
        p->bad = 0;
        snprintf(p->e.msg, sizeof p->e.msg, "out of memory for the CSV text of rows %llu..%llu", (unsigned long long)p->i0,
                 (unsigned long long)p->i1);
    }
}

#if defined(MC_HAVE_PTHREADS)
static void *exp_part_thread(void *arg)
{
    exp_part_run((exp_part *)arg);
    return NULL;
}
#endif

#define EXPORT_PART_ROWS 32768u

static int cmd_export(int argc, char **argv)
{
    const char *group = NULL, *file = NULL, *cols = NULL, *rows = NULL;
    h5l_file *f;
    h5l_table *t;
    exp_col *sel = NULL;
    exp_part *parts = NULL;
    exp_job job;
    size_t nsel = 0, i;
    uint64_t count, done;
    long nthreads = 0;
    int k, rc = 0, crlf = 0, show = 0;
    for (k = 0; k < argc; k++) {
        if (parse_group_opt(argc, argv, &k, &group)) continue;
        if (strcmp(argv[k], "--columns") == 0 && k + 1 < argc) { cols = argv[++k]; continue; }
        if (strcmp(argv[k], "--rows") == 0 && k + 1 < argc) { rows = argv[++k]; continue; }
        if (strcmp(argv[k], "--crlf") == 0) { crlf = 1; continue; }
        if (strcmp(argv[k], "--threads") == 0 && k + 1 < argc) {
            char *end;
            nthreads = strtol(argv[++k], &end, 10);
            if (*end || nthreads < 1 || nthreads > 256) return usage_error("export: --threads takes 1 to 256, not '%s'", argv[k]);
            continue;
        }
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("export: unknown option %s", argv[k]);
        if (file) return usage_error("export: too many arguments");
        file = argv[k];
    }
    if (!file) return usage_error("export needs FILE");
    rc = open_table(file, group, &f, &t);
    if (rc) return rc;
    memset(&job, 0, sizeof job);
    sel = (exp_col *)calloc(h5l_table_ncolumns(t) + (cols ? strlen(cols) + 1 : 0) + 1, sizeof *sel);
    if (!sel) { msg("out of memory"); rc = EXIT_OS; goto done; }
    if (cols) {
        const h5l_column **pick = (const h5l_column **)calloc(strlen(cols) + 1, sizeof *pick);
        if (!pick) { msg("out of memory"); rc = EXIT_OS; goto done; }
        rc = select_columns(t, cols, "export", pick, &nsel);
        for (i = 0; i < nsel; i++) sel[i].c = pick[i];
        free((void *)pick);
        if (rc) goto done;
    } else {
        for (i = 0; i < h5l_table_ncolumns(t); i++) sel[nsel++].c = h5l_table_column(t, i);
    }
    count = h5l_table_rows(t);
    for (i = 0; i < nsel; i++) {
        char why[128];
        if (!column_exportable(sel[i].c, why, sizeof why)) {
            msg("export: column %s: %s cannot be written as CSV", col_name(sel[i].c), why);
            rc = EXIT_UNSUPPORTED;
            goto done;
        }
        {
            char *why = unreadable_why(sel[i].c->data);
            if (!why) why = unreadable_why(sel[i].c->indices);
            if (!why && sel[i].c->dictionary) why = unreadable_why(sel[i].c->dictionary->data);
            if (why) {
                msg("export: column %s: %s, so its values cannot be read (nothing written)", col_name(sel[i].c), why);
                free(why);
                rc = EXIT_UNSUPPORTED;
                goto done;
            }
        }
        if (sel[i].c->rows != count) {
            msg("export: column %s has %llu rows, the table %llu", col_name(sel[i].c), (unsigned long long)sel[i].c->rows,
                (unsigned long long)count);
            rc = EXIT_CORRUPT;
            goto done;
        }
        sel[i].kind = cell_kind(sel[i].c, &sel[i].unit);
    }
    job.f = f;
    job.cols = sel;
    job.ncols = nsel;
    job.eol = crlf ? "\r\n" : "\n";
    job.eol_n = crlf ? 2 : 1;
    job.rs.start = 0;
    job.rs.count = count;
    job.rs.step = 1;
    if (rows && parse_rows(rows, count, &job.rs) != 0) {
        rc = usage_error("export: bad --rows '%s' (expected START:STOP[:STEP], Python slice semantics)", rows);
        goto done;
    }
    for (i = 0; i < nsel; i++) {
        const char *n = col_name(sel[i].c);
        obuf h = {NULL, 0, 0, 0};
        if (i) out_c(',');
        csv_field(&h, n, strlen(n), 0);
        if (h.oom) { msg("out of memory"); rc = EXIT_OS; goto done; }
        fwrite(h.p, 1, h.n, stdout);
        free(h.p);
    }
    out_s(job.eol);
    if (nthreads == 0) nthreads = ncpus();
#if !defined(MC_HAVE_PTHREADS)
    nthreads = 1;
#endif
    if ((uint64_t)nthreads > job.rs.count / EXPORT_PART_ROWS + 1) nthreads = (long)(job.rs.count / EXPORT_PART_ROWS + 1);
    parts = (exp_part *)calloc((size_t)nthreads, sizeof *parts);
    if (!parts) { msg("out of memory"); rc = EXIT_OS; goto done; }
    for (k = 0; k < nthreads; k++) {
        parts[k].j = &job;
        parts[k].blocks = (col_block *)calloc(nsel + 1, sizeof *parts[k].blocks);
        parts[k].b0 = (uint64_t *)calloc(nsel + 1, sizeof *parts[k].b0);
        parts[k].bn = (uint64_t *)calloc(nsel + 1, sizeof *parts[k].bn);
        if (!parts[k].blocks || !parts[k].b0 || !parts[k].bn) { msg("out of memory"); rc = EXIT_OS; goto done; }
    }
#ifndef _WIN32
    show = isatty(2) && job.rs.count >= 4000000;
#endif
    fflush(stdout);
    for (done = 0; done < job.rs.count;) {
        long n = 0;
        for (k = 0; k < nthreads && done < job.rs.count; k++, n++) {
            parts[k].i0 = done;
            parts[k].i1 = job.rs.count - done < EXPORT_PART_ROWS ? job.rs.count : done + EXPORT_PART_ROWS;
            done = parts[k].i1;
        }
#if defined(MC_HAVE_PTHREADS)
        {
            pthread_t th[256];
            int started[256];
            for (k = 1; k < n; k++) started[k] = pthread_create(&th[k], NULL, exp_part_thread, &parts[k]) == 0;
            exp_part_run(&parts[0]);
            for (k = 1; k < n; k++) {
                if (started[k]) pthread_join(th[k], NULL);
                else exp_part_run(&parts[k]);
            }
        }
#else
        for (k = 0; k < n; k++) exp_part_run(&parts[k]);
#endif
        for (k = 0; k < n; k++) {
            if (parts[k].st != H5L_OK) {
                fwrite(parts[k].ob.p, 1, parts[k].ob.n, stdout);
                fflush(stdout);
                rc = fail(parts[k].st, &parts[k].e, col_name(sel[parts[k].bad].c));
                goto done;
            }
            if (fwrite(parts[k].ob.p, 1, parts[k].ob.n, stdout) != parts[k].ob.n) goto done;
        }
        if (show) fprintf(stderr, "\rmmapcol: export: %3u%%", (unsigned)(done * 100 / job.rs.count));
    }
    if (show) fputc('\n', stderr);
done:
    if (parts)
        for (k = 0; k < nthreads; k++) {
            if (parts[k].blocks)
                for (i = 0; i < nsel; i++) col_block_free(&parts[k].blocks[i]);
            free(parts[k].blocks);
            free(parts[k].b0);
            free(parts[k].bn);
            free(parts[k].ob.p);
            free(parts[k].scratch.p);
        }
    free(parts);
    free(sel);
    h5l_table_close(t);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* stats                                                                    */
/* ====================================================================== */

typedef struct col_stats {
    const h5l_column *c;
    int kind;                /* 0 numeric float, 1 signed int, 2 unsigned int, 3 string lengths, 4 bool, -1 none */
    uint64_t n;              /* values counted (non-null, not NaN) */
    double dmin, dmax, sum, comp;   /* the sum as sum + comp: TwoSum accumulation (dd_add), across blocks */
    int64_t imin, imax;
    uint64_t umin, umax;
    h5l_status st;
    h5l_error err;
    h5l_read_options opt;    /* threads for decoding an unmapped column */
    int tunit, tdelta;       /* datetime64/timedelta64 column: unit (else -1); NaT left out */
    uint64_t acc_lo;         /* time columns: the exact sum, 128-bit two's complement */
    int64_t acc_hi;
} col_stats;

/* acc += v (128-bit) */
static void acc_add(col_stats *s, int64_t v)
{
    uint64_t lo = s->acc_lo + (uint64_t)v;
    s->acc_hi += (v < 0 ? -1 : 0) + (lo < s->acc_lo);
    s->acc_lo = lo;
}

/* The exact mean of a time column, rounded to the nearest unit (ties away
 * from zero). */
static int64_t acc_mean(const col_stats *s)
{
    uint64_t hi = (uint64_t)s->acc_hi, lo = s->acc_lo, q = 0, r = 0;
    int neg = s->acc_hi < 0, i;
    if (neg) { lo = ~lo + 1; hi = ~hi + (lo == 0); }
    for (i = 127; i >= 0; i--) {      /* |sum| / n, bit by bit; |sum| < n * 2^63 */
        uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1u : (lo >> i) & 1u;
        int carry = (r >> 63) != 0;
        r = (r << 1) | bit;
        q <<= 1;
        if (carry || r >= s->n) { r -= s->n; q |= 1; }
    }
    if (r >= s->n - r) q++;
    return neg ? (int64_t)(0 - q) : (int64_t)q;
}

/* sum += v, keeping the rounding error of every addition in *comp (Knuth's
 * TwoSum): sum + comp is then the exact sum to within ~n * 2^-106 of it,
 * so any split of the rows into parts added in any order gives the same mean
 * once rounded (examples/mpi_stats.c, summing per MPI rank, relies on it). */
static void dd_add(double *sum, double *comp, double v)
{
    double t = *sum + v, bp = t - *sum;
    *comp += (*sum - (t - bp)) + (v - bp);
    *sum = t;
}

/* Start the statistics of a numeric column of type t. */
static void stats_num_init(col_stats *s, const h5l_dtype *t)
{
    const h5l_dtype *it = t->cls == H5L_CLASS_ENUM ? t->base : t;
    int sgn = it->cls == H5L_CLASS_INTEGER && it->is_signed;
    s->dmin = INFINITY;
    s->dmax = -INFINITY;
    s->imin = INT64_MAX;
    s->imax = INT64_MIN;
    s->umin = UINT64_MAX;
    s->umax = 0;
    s->sum = s->comp = 0;
    s->kind = t->cls == H5L_CLASS_FLOAT ? 0 : (t->cls == H5L_CLASS_ENUM && t->is_bool) ? 4 : sgn ? 1 : 2;
}

/* t is IEEE binary64 (size 8) or binary32 (size 4) in the host's byte order:
 * its values can be loaded as double or float. */
static int native_ieee(const h5l_dtype *t, size_t size)
{
    if (t->cls != H5L_CLASS_FLOAT || t->size != size || t->order != (host_be() ? H5L_BE : H5L_LE) || t->mant_norm != 2) return 0;
    if (size == 8) return t->mant_size == 52 && t->exp_size == 11 && t->exp_bias == 1023 && t->mant_pos == 0 && t->exp_pos == 52 && t->sign_pos == 63;
    return size == 4 && t->mant_size == 23 && t->exp_size == 8 && t->exp_bias == 127 && t->mant_pos == 0 && t->exp_pos == 23 && t->sign_pos == 31;
}

/* The float statistics of n native values without nulls (the common case,
 * and the hot loop of `stats`): STATS_LANES independent minima, maxima,
 * counts and TwoSum accumulators, merged into s at the end. One chain runs
 * at an addition's latency per value; eight run at memory speed once the
 * compiler turns them into vectors. NaN adds -0.0 (which changes no sum)
 * and counts nothing. Minimum and maximum keep the first of equal values,
 * as the one-value loop does: only +0 and -0 tell that apart, so a zero
 * result is replaced by the first zero of the block. */
#define STATS_LANES 8
/* Value i of native data at any alignment (memcpy: one plain load). */
static inline double ld_f64(const unsigned char *b, uint64_t i) { double v; memcpy(&v, b + 8 * i, 8); return v; }
static inline double ld_f32(const unsigned char *b, uint64_t i) { float v; memcpy(&v, b + 4 * i, 4); return (double)v; }
static inline int16_t ld_i16(const unsigned char *b, uint64_t i) { int16_t v; memcpy(&v, b + 2 * i, 2); return v; }
static inline uint16_t ld_u16(const unsigned char *b, uint64_t i) { uint16_t v; memcpy(&v, b + 2 * i, 2); return v; }
static inline int32_t ld_i32(const unsigned char *b, uint64_t i) { int32_t v; memcpy(&v, b + 4 * i, 4); return v; }
static inline uint32_t ld_u32(const unsigned char *b, uint64_t i) { uint32_t v; memcpy(&v, b + 4 * i, 4); return v; }
static inline int64_t ld_i64(const unsigned char *b, uint64_t i) { int64_t v; memcpy(&v, b + 8 * i, 8); return v; }
static inline uint64_t ld_u64(const unsigned char *b, uint64_t i) { uint64_t v; memcpy(&v, b + 8 * i, 8); return v; }
#if defined(__GNUC__)
#  define STATS_BODY static inline __attribute__((always_inline))
#else
#  define STATS_BODY static
#endif
/* The lanes' sums into s (TwoSum of the sums, their errors added). */
static void stats_lanes_sum(col_stats *s, const double *sm, const double *cp)
{
    int k;
    for (k = 0; k < STATS_LANES; k++) {
        dd_add(&s->sum, &s->comp, sm[k]);
        s->comp += cp[k];
    }
}

STATS_BODY void stats_float_body(col_stats *s, const void *data, uint64_t n, int f32)
{
    const unsigned char *b = (const unsigned char *)data;
    double mn[STATS_LANES], mx[STATS_LANES], sm[STATS_LANES], cp[STATS_LANES], cnt[STATS_LANES], bmin = INFINITY, bmax = -INFINITY;
    uint64_t i = 0;
    int k;
    for (k = 0; k < STATS_LANES; k++) {
        mn[k] = INFINITY;
        mx[k] = -INFINITY;
        sm[k] = cp[k] = cnt[k] = 0;
    }
    /* value i into lane k (written out, not a function: through pointers
     * the compiler no longer keeps the lanes in vector registers) */
#define STATS_FLOAT_STEP(i, k)                                                                                          \
    do {                                                                                                                \
        double v_ = f32 ? ld_f32(b, i) : ld_f64(b, i), w_ = v_ == v_ ? v_ : -0.0, t_ = sm[k] + w_, bp_ = t_ - sm[k];      \
        mn[k] = v_ < mn[k] ? v_ : mn[k];                                                                                \
        mx[k] = v_ > mx[k] ? v_ : mx[k];                                                                                \
        cp[k] += (sm[k] - (t_ - bp_)) + (w_ - bp_);                                                                     \
        sm[k] = t_;                                                                                                     \
        cnt[k] += v_ == v_ ? 1.0 : 0.0;                                                                                 \
    } while (0)
    for (; i + STATS_LANES <= n; i += STATS_LANES)
        for (k = 0; k < STATS_LANES; k++) STATS_FLOAT_STEP(i + k, k);
    for (k = 0; i < n; i++, k++) STATS_FLOAT_STEP(i, k);   /* the tail (< STATS_LANES values), in lanes too */
#undef STATS_FLOAT_STEP
    for (k = 0; k < STATS_LANES; k++) {
        if (mn[k] < bmin) bmin = mn[k];
        if (mx[k] > bmax) bmax = mx[k];
        s->n += (uint64_t)cnt[k];
    }
    stats_lanes_sum(s, sm, cp);
    if (bmin == 0 || bmax == 0) {
        for (i = 0; i < n; i++) {
            double v = f32 ? ld_f32(b, i) : ld_f64(b, i);
            if (v == 0) {
                if (bmin == 0) bmin = v;
                if (bmax == 0) bmax = v;
                break;
            }
        }
    }
    if (bmin < s->dmin) s->dmin = bmin;
    if (bmax > s->dmax) s->dmax = bmax;
}

/* The integer statistics of n native values without nulls, in lanes as
 * stats_float_body (equal integers are equal: no first-of-equals rule).
 * size is 1, 2, 4 or 8 bytes; sgn says signed. */
STATS_BODY void stats_int_body(col_stats *s, const void *data, uint64_t n, unsigned size, int sgn)
{
    const unsigned char *b = (const unsigned char *)data;
    int64_t mn[STATS_LANES], mx[STATS_LANES];
    uint64_t umn[STATS_LANES], umx[STATS_LANES];
    double sm[STATS_LANES], cp[STATS_LANES];
    uint64_t i;
    int k;
    for (k = 0; k < STATS_LANES; k++) {
        mn[k] = INT64_MAX;
        mx[k] = INT64_MIN;
        umn[k] = UINT64_MAX;
        umx[k] = 0;
        sm[k] = cp[k] = 0;
    }
#define STATS_INT_STEP(i, k)                                                                                                    \
    do {                                                                                                                        \
        int64_t sv_ = 0;                                                                                                        \
        uint64_t uv_ = 0;                                                                                                       \
        double w_, t_, bp_;                                                                                                     \
        switch (size) {                                                                                                         \
        case 1: if (sgn) sv_ = (int8_t)b[i]; else uv_ = b[i]; break;                                                            \
        case 2: if (sgn) sv_ = ld_i16(b, i); else uv_ = ld_u16(b, i); break;                                                    \
        case 4: if (sgn) sv_ = ld_i32(b, i); else uv_ = ld_u32(b, i); break;                                                    \
        default: if (sgn) sv_ = ld_i64(b, i); else uv_ = ld_u64(b, i); break;                                                  \
        }                                                                                                                       \
        if (sgn) {                                                                                                              \
            mn[k] = sv_ < mn[k] ? sv_ : mn[k];                                                                                  \
            mx[k] = sv_ > mx[k] ? sv_ : mx[k];                                                                                  \
            w_ = (double)sv_;                                                                                                   \
        } else {                                                                                                                \
            umn[k] = uv_ < umn[k] ? uv_ : umn[k];                                                                               \
            umx[k] = uv_ > umx[k] ? uv_ : umx[k];                                                                               \
            w_ = (double)uv_;                                                                                                   \
        }                                                                                                                       \
        t_ = sm[k] + w_;                                                                                                        \
        bp_ = t_ - sm[k];                                                                                                       \
        cp[k] += (sm[k] - (t_ - bp_)) + (w_ - bp_);                                                                             \
        sm[k] = t_;                                                                                                             \
    } while (0)
    for (i = 0; i + STATS_LANES <= n; i += STATS_LANES)
        for (k = 0; k < STATS_LANES; k++) STATS_INT_STEP(i + k, k);
    for (k = 0; i < n; i++, k++) STATS_INT_STEP(i, k);
#undef STATS_INT_STEP
    for (k = 0; k < STATS_LANES; k++) {
        if (sgn) {
            if (mn[k] < s->imin) s->imin = mn[k];
            if (mx[k] > s->imax) s->imax = mx[k];
        } else {
            if (umn[k] < s->umin) s->umin = umn[k];
            if (umx[k] > s->umax) s->umax = umx[k];
        }
    }
    stats_lanes_sum(s, sm, cp);
    s->n += n;
}

/* The element types with a fast loop, and the loops with their types fixed
 * (one copy of each per type). */
enum { FAST_NONE = -1, FAST_F64, FAST_F32, FAST_I8, FAST_U8, FAST_I16, FAST_U16, FAST_I32, FAST_U32, FAST_I64, FAST_U64 };

STATS_BODY void stats_fast_body(col_stats *s, const void *data, uint64_t n, int kind)
{
    switch (kind) {
    case FAST_F64: stats_float_body(s, data, n, 0); break;
    case FAST_F32: stats_float_body(s, data, n, 1); break;
    case FAST_I8: stats_int_body(s, data, n, 1, 1); break;
    case FAST_U8: stats_int_body(s, data, n, 1, 0); break;
    case FAST_I16: stats_int_body(s, data, n, 2, 1); break;
    case FAST_U16: stats_int_body(s, data, n, 2, 0); break;
    case FAST_I32: stats_int_body(s, data, n, 4, 1); break;
    case FAST_U32: stats_int_body(s, data, n, 4, 0); break;
    case FAST_I64: stats_int_body(s, data, n, 8, 1); break;
    default: stats_int_body(s, data, n, 8, 0); break;
    }
}

/* The fast loop for the values of c, or FAST_NONE: native IEEE floats and
 * native full-width integers without nulls, at any alignment (time columns
 * have their own exact sum). */
static int fast_kind(const col_stats *s, const h5l_column *c)
{
    const h5l_dataset_info *d = c->data;
    const h5l_dtype *t = d->type;
    int native = t->order == (host_be() ? H5L_BE : H5L_LE);
    if (c->mask || c->null_bitmap || !d->data) return FAST_NONE;
    if (t->cls == H5L_CLASS_FLOAT) return native_ieee(t, 8) ? FAST_F64 : native_ieee(t, 4) ? FAST_F32 : FAST_NONE;
    if (t->cls != H5L_CLASS_INTEGER || !native || s->tunit >= 0 || t->bit_offset != 0 || (t->precision && t->precision != 8 * t->size))
        return FAST_NONE;
    switch (t->size) {
    case 1: return t->is_signed ? FAST_I8 : FAST_U8;
    case 2: return t->is_signed ? FAST_I16 : FAST_U16;
    case 4: return t->is_signed ? FAST_I32 : FAST_U32;
    case 8: return t->is_signed ? FAST_I64 : FAST_U64;
    default: return FAST_NONE;
    }
}

/* x86-64 under GCC or Clang: a second copy for AVX2 (four doubles a vector,
 * twice SSE2's two), taken when the CPU has it. */
#if defined(__x86_64__) && defined(__GNUC__) && (defined(__linux__) || defined(__FreeBSD__))
__attribute__((target("avx2"))) static void stats_fast_avx2(col_stats *s, const void *data, uint64_t n, int kind)
{
    stats_fast_body(s, data, n, kind);
}
#  define STATS_HAVE_AVX2 1
#endif

static void stats_fast(col_stats *s, const void *data, uint64_t n, int kind)
{
#if defined(STATS_HAVE_AVX2)
    if (__builtin_cpu_supports("avx2")) {
        stats_fast_avx2(s, data, n, kind);
        return;
    }
#endif
    stats_fast_body(s, data, n, kind);
}

/* Add the rows of c (a mapped column, or a block of one) to s. */
static void stats_num(col_stats *s, const h5l_column *c)
{
    const h5l_dataset_info *d = c->data;
    const h5l_dtype *t = d->type;
    uint64_t i, rows = c->rows;
    int nullable = c->mask || c->null_bitmap;
    int native = t->order == (host_be() ? H5L_BE : H5L_LE);
    double sum = s->sum, comp = s->comp;
    int fast = fast_kind(s, c);
    if (fast != FAST_NONE) {
        stats_fast(s, d->data, rows, fast);
        return;
    }
    if (t->cls == H5L_CLASS_FLOAT) {
        for (i = 0; i < rows; i++) {
            double v;
            if (nullable && h5l_column_is_null(c, i)) continue;
            /* typed pointer when aligned and native, else decode */
            if (d->data && native_ieee(t, 8) && d->data_align >= 8) v = ((const double *)d->data)[i];
            else if (d->data && native_ieee(t, 4) && d->data_align >= 4) v = ((const float *)d->data)[i];
            else v = decode_float(t, elem_ptr(d, i));
            if (isnan(v)) continue;
            if (v < s->dmin) s->dmin = v;
            if (v > s->dmax) s->dmax = v;
            dd_add(&sum, &comp, v);
            s->n++;
        }
        s->sum = sum;
        s->comp = comp;
        return;
    }
    {
        const h5l_dtype *it = t->cls == H5L_CLASS_ENUM ? t->base : t;
        int sgn = it->cls == H5L_CLASS_INTEGER && it->is_signed;
        for (i = 0; i < rows; i++) {
            int64_t sv = 0;
            uint64_t uv = 0;
            int sg = 0;
            if (nullable && h5l_column_is_null(c, i)) continue;
            if (d->data && native && sgn && it->size == 8 && d->data_align >= 8) { sv = ((const int64_t *)d->data)[i]; sg = 1; }
            else if (d->data && native && sgn && it->size == 4 && d->data_align >= 4) { sv = ((const int32_t *)d->data)[i]; sg = 1; }
            else int_value(it, elem_ptr(d, i), &sv, &uv, &sg);
            if (s->tunit >= 0) {       /* int64 time: NaT is a missing value */
                if (!sg) { sv = (int64_t)uv; sg = 1; }
                if (sv == INT64_MIN) continue;
                acc_add(s, sv);
            }
            if (sg) {
                if (sv < s->imin) s->imin = sv;
                if (sv > s->imax) s->imax = sv;
                dd_add(&sum, &comp, (double)sv);
            } else {
                if (uv < s->umin) s->umin = uv;
                if (uv > s->umax) s->umax = uv;
                dd_add(&sum, &comp, (double)uv);
            }
            s->n++;
        }
        s->sum = sum;
        s->comp = comp;
    }
}

static void stats_str_init(col_stats *s)
{
    s->kind = 3;
    s->umin = UINT64_MAX;
    s->umax = 0;
}

/* Add the string lengths of the rows of c (a mapped column, or a block of one) to s. */
static void stats_str(col_stats *s, const h5l_column *c)
{
    uint64_t i;
    char *buf = NULL;
    size_t cap = 0;
    for (i = 0; i < c->rows; i++) {
        size_t len = 0;
        if (h5l_column_is_null(c, i)) continue;
        if (c->kind == H5L_COL_STRING_UTF32) {
            if (utf32_row(c, i, &buf, &cap, &len) != 0) {
                s->st = H5L_ECORRUPT;
                snprintf(s->err.msg, sizeof s->err.msg, "column %s: utf32 row %llu outside its storage", c->name, (unsigned long long)i);
                break;
            }
        } else {
            const char *p;
            s->st = h5l_column_string(c, i, &p, &len, &s->err);
            if (s->st != H5L_OK) break;
        }
        if (len < s->umin) s->umin = len;
        if (len > s->umax) s->umax = len;
        dd_add(&s->sum, &s->comp, (double)len);
        s->n++;
    }
    free(buf);
}

/* Statistics of the rows of column c: in place when mapped, else a block
 * at a time. */
static void stats_rows(col_stats *s, const h5l_column *c, void (*add)(col_stats *, const h5l_column *))
{
    col_block b;
    uint64_t r, step;
    if (c->mapped) {
        add(s, c);
        return;
    }
    memset(&b, 0, sizeof b);
    step = block_rows(c);
    for (r = 0; r < c->rows && s->st == H5L_OK; r += step) {
        uint64_t n = c->rows - r < step ? c->rows - r : step;
        s->st = col_block_load(&b, c, r, n, &s->opt, &s->err);
        if (s->st == H5L_OK) add(s, &b.c);
    }
    col_block_free(&b);
}

static void stats_column(col_stats *s)
{
    const h5l_column *c = s->c;
    s->kind = -1;
    s->st = H5L_OK;
    s->tunit = c->kind == H5L_COL_PRIMITIVE && c->data && c->data->type->cls == H5L_CLASS_INTEGER && c->data->type->size == 8
                   ? time_unit(c->dtype_attr, &s->tdelta) : -1;
    if (c->kind == H5L_COL_STRING || c->kind == H5L_COL_STRING_UTF32 ||
        (c->kind == H5L_COL_DICT && c->dictionary && c->dictionary->kind == H5L_COL_STRING)) {
        stats_str_init(s);
        if (c->kind == H5L_COL_STRING_UTF32) stats_str(s, c);
        else stats_rows(s, c, stats_str);
    } else if (c->kind == H5L_COL_PRIMITIVE && c->data && c->data->space.rank == 1 && scalar_type(c->data->type) &&
               c->data->type->cls != H5L_CLASS_STRING && c->data->type->cls != H5L_CLASS_VLEN &&
               (!c->mapped || c->data->data || c->rows == 0 || elem_ptr(c->data, 0))) {
        stats_num_init(s, c->data->type);
        stats_rows(s, c, stats_num);
    }
}

#ifdef MC_HAVE_PTHREADS
typedef struct stats_pool {
    col_stats *cs;
    size_t n, next;
    pthread_mutex_t mu;
} stats_pool;

static void *stats_worker(void *arg)
{
    stats_pool *p = (stats_pool *)arg;
    for (;;) {
        size_t i;
        pthread_mutex_lock(&p->mu);
        i = p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n) break;
        stats_column(&p->cs[i]);
    }
    return NULL;
}
#endif

/* min (which 0), max (1) or mean (2) of a column as text: JSON (a number,
 * a quoted timestamp, true/false) or TSV; "-" / null when there are no values. */
static void stats_cell(const col_stats *s, int which, int json)
{
    char b[80];
    size_t n;
    if (s->n == 0) { out_s(json ? "null" : "-"); return; }
    if (s->tunit >= 0 && s->kind == 1) {
        int64_t v = which == 2 ? acc_mean(s) : which ? s->imax : s->imin;
        n = s->tdelta ? fmt_timedelta(b, v, s->tunit) : fmt_datetime(b, v, s->tunit);
        b[n] = 0;
        if (json) printf("\"%s\"", b);
        else out_s(b);
        return;
    }
    if (which == 2) {
        fmt_float(b, sizeof b, (s->sum + s->comp) / (double)s->n, 8, json, 1);
        if (s->kind == 3 && !json) out_s("len ");
        out_s(b);
        return;
    }
    switch (s->kind) {
    case 0: fmt_float(b, sizeof b, which ? s->dmax : s->dmin, 8, json, 1); out_s(b); break;
    case 1: printf("%lld", (long long)(which ? s->imax : s->imin)); break;
    case 3: if (!json) out_s("len ");  /* fall through */
    case 2: printf("%llu", (unsigned long long)(which ? s->umax : s->umin)); break;
    case 4: {
        int64_t v = which ? s->imax : s->imin;
        uint64_t u = which ? s->umax : s->umin;
        out_s((s->imax != INT64_MIN ? v : (int64_t)u) ? "true" : "false");
        break;
    }
    default: out_s(json ? "null" : "-");
    }
}

/* One column's line (TSV) or object (JSON). */
static void stats_print(const col_stats *s, int json, int first)
{
    char ty[128];
    static const char *const key[3] = {"min", "max", "mean"};
    int w;
    col_type_text(s->c, ty, sizeof ty);
    if (json) {
        out_s(first ? "\n  {\"column\": " : ",\n  {\"column\": ");
        out_json_str(col_name(s->c), strlen(col_name(s->c)));
        out_s(", \"type\": ");
        out_json_str(ty, strlen(ty));
        printf(", \"rows\": %llu, \"nulls\": %llu", (unsigned long long)s->c->rows, (unsigned long long)s->c->null_count);
        for (w = 0; w < 3; w++) {
            printf(", \"%s%s\": ", key[w], s->kind == 3 ? "_len" : "");
            if (s->kind < 0) out_s("null");
            else stats_cell(s, w, 1);
        }
        out_c('}');
        return;
    }
    printf("%s\t%s\t%llu\t%llu", col_name(s->c), ty, (unsigned long long)s->c->rows, (unsigned long long)s->c->null_count);
    for (w = 0; w < 3; w++) {
        out_c('\t');
        if (s->kind < 0) out_s("-");
        else stats_cell(s, w, 0);
    }
    out_c('\n');
}

/* Online CPUs (1 where unknown or without threads). */
static int cmd_stats(int argc, char **argv)
{
    const char *group = NULL, *file = NULL, *cols = NULL;
    long nthreads = 0;
    h5l_file *f;
    h5l_table *t;
    col_stats *cs;
    size_t n, i;
    int k, rc = 0, json = 0;
    for (k = 0; k < argc; k++) {
        if (parse_group_opt(argc, argv, &k, &group)) continue;
        if (strcmp(argv[k], "--threads") == 0 && k + 1 < argc) {
            char *end;
            errno = 0;
            nthreads = strtol(argv[++k], &end, 10);
            if (errno || *end || nthreads < 1 || nthreads > 1024) return usage_error("stats: --threads needs a number from 1 to 1024");
            continue;
        }
        if (strcmp(argv[k], "--columns") == 0 && k + 1 < argc) { cols = argv[++k]; continue; }
        if (strcmp(argv[k], "--json") == 0) { json = 1; continue; }
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("stats: unknown option %s", argv[k]);
        if (file) return usage_error("stats: too many arguments");
        file = argv[k];
    }
    if (!file) return usage_error("stats needs FILE");
    rc = open_table(file, group, &f, &t);
    if (rc) return rc;
    n = h5l_table_ncolumns(t);
    cs = (col_stats *)calloc((n ? n : 1) + (cols ? strlen(cols) + 1 : 0), sizeof *cs);
    if (!cs) { msg("out of memory"); h5l_table_close(t); h5l_close(f); return EXIT_OS; }
    if (cols) {
        const h5l_column **pick = (const h5l_column **)calloc(strlen(cols) + 1, sizeof *pick);
        if (!pick) rc = EXIT_OS, msg("out of memory");
        else rc = select_columns(t, cols, "stats", pick, &n);
        for (i = 0; !rc && i < n; i++) cs[i].c = pick[i];
        free((void *)pick);
        if (rc) { free(cs); h5l_table_close(t); h5l_close(f); return rc; }
    } else {
        for (i = 0; i < n; i++) cs[i].c = h5l_table_column(t, i);
    }
    if (nthreads == 0) nthreads = ncpus();
    /* threads beyond one per column decode the chunks of each column */
    for (i = 0; i < n; i++) cs[i].opt.threads = (unsigned)((size_t)nthreads > n ? (size_t)nthreads / n : 1);
    if ((size_t)nthreads > n) nthreads = (long)(n ? n : 1);
#ifdef MC_HAVE_PTHREADS
    if (nthreads > 1) {
        stats_pool pool;
        pthread_t *th = (pthread_t *)calloc((size_t)nthreads, sizeof *th);
        long started = 0, j;
        pool.cs = cs;
        pool.n = n;
        pool.next = 0;
        pthread_mutex_init(&pool.mu, NULL);
        if (th) {
            for (j = 0; j < nthreads - 1; j++) {
                if (pthread_create(&th[j], NULL, stats_worker, &pool) != 0) break;
                started++;
            }
        }
        stats_worker(&pool);          /* the main thread works too */
        for (j = 0; j < started; j++) pthread_join(th[j], NULL);
        pthread_mutex_destroy(&pool.mu);
        free(th);
    } else
#endif
    {
        for (i = 0; i < n; i++) stats_column(&cs[i]);
    }
    for (i = 0; i < n; i++)
        if (cs[i].st != H5L_OK) {
            rc = fail(cs[i].st, &cs[i].err, col_name(cs[i].c));
            break;
        }
    if (rc == 0) {
        if (!json) out_s("column\ttype\trows\tnulls\tmin\tmax\tmean\n");
        else out_c('[');
        for (i = 0; i < n; i++) stats_print(&cs[i], json, i == 0);
        if (json) out_s(n ? "\n]\n" : "]\n");
    }
    free(cs);
    h5l_table_close(t);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* check                                                                    */
/* ====================================================================== */

typedef struct check_state {
    unsigned long problems, notes, objects;
    int json;
} check_state;

static void check_report(check_state *cs, const char *path, h5l_status st, const h5l_error *e)
{
    const char *m = st == H5L_EUNSUPPORTED || e->msg[0] ? e->msg : h5l_status_text(st);
    if (cs->json) {
        out_s(cs->notes + cs->problems ? ",\n    {\"severity\": " : "\n    {\"severity\": ");
        out_s(st == H5L_EUNSUPPORTED ? "\"note\", \"path\": " : "\"error\", \"path\": ");
        out_json_str(path, strlen(path));
        printf(", \"status\": \"%s\", \"message\": ", h5l_status_name(st));
        out_json_str(m, strlen(m));
        out_c('}');
    } else if (st == H5L_EUNSUPPORTED) {
        printf("note\t%s\t%s (values not checked: outside the supported subset)\n", path, m);
    } else {
        printf("error\t%s\t%s (%s)\n", path, m, h5l_status_name(st));
    }
    if (st == H5L_EUNSUPPORTED) cs->notes++;
    else cs->problems++;
}

/* Resolve every string / variable-length reference inside one element. */
static h5l_status check_elem(const h5l_file *f, const h5l_dtype *t, const unsigned char *p, int depth, h5l_error *e)
{
    h5l_status st = H5L_OK;
    if (depth > MAX_TYPE_DEPTH) { snprintf(e->msg, sizeof e->msg, "datatype nested too deeply"); return H5L_EUNSUPPORTED; }
    switch (t->cls) {
    case H5L_CLASS_STRING: {
        const char *s;
        size_t len;
        return h5l_string_get(f, t, p, &s, &len, e);
    }
    case H5L_CLASS_VLEN:
        if (t->is_vlen_string) {
            const char *s;
            size_t len;
            return h5l_string_get(f, t, p, &s, &len, e);
        } else {
            const void *data;
            uint64_t count, i;
            st = h5l_vlen_get(f, t, p, &data, &count, e);
            if (st != H5L_OK || !t->base || !data) return st;
            for (i = 0; i < count && st == H5L_OK; i++)
                st = check_elem(f, t->base, (const unsigned char *)data + i * t->base->size, depth + 1, e);
            return st;
        }
    case H5L_CLASS_COMPOUND: {
        uint32_t i;
        for (i = 0; i < t->nmembers && st == H5L_OK; i++) {
            const h5l_member *m = &t->members[i];
            if (!m->type || m->offset > t->size || m->type->size > t->size - m->offset) {
                snprintf(e->msg, sizeof e->msg, "compound member outside its element");
                return H5L_ECORRUPT;
            }
            st = check_elem(f, m->type, p + m->offset, depth + 1, e);
        }
        return st;
    }
    case H5L_CLASS_ARRAY: {
        uint64_t total = 1, i;
        unsigned k;
        if (!t->base || !t->base->size) return H5L_OK;
        for (k = 0; k < t->array_rank; k++) total *= t->array_dims[k];
        if (total > t->size / t->base->size) { snprintf(e->msg, sizeof e->msg, "array type larger than its element"); return H5L_ECORRUPT; }
        for (i = 0; i < total && st == H5L_OK; i++) st = check_elem(f, t->base, p + i * t->base->size, depth + 1, e);
        return st;
    }
    default:
        return H5L_OK;
    }
}

static int type_has_refs(const h5l_dtype *t, int depth)
{
    uint32_t i;
    if (!t || depth > MAX_TYPE_DEPTH) return 0;
    if (t->cls == H5L_CLASS_VLEN) return 1;
    if (t->cls == H5L_CLASS_ARRAY) return type_has_refs(t->base, depth + 1);
    if (t->cls == H5L_CLASS_COMPOUND)
        for (i = 0; i < t->nmembers; i++)
            if (type_has_refs(t->members[i].type, depth + 1)) return 1;
    return 0;
}

static h5l_status check_dataset(h5l_file *f, h5l_obj *o, const h5l_dataset_info *d, h5l_error *e)
{
    uint64_t rowbytes, rows, per, done = 0, k;
    unsigned char *buf;
    h5l_status st = H5L_OK;
    int refs;
    if (d->space.kind == H5L_SPACE_NULL) return H5L_OK;
    if (d->layout == H5L_LAYOUT_VIRTUAL || d->external) {
        snprintf(e->msg, sizeof e->msg, "%s storage", d->external ? "external" : layout_name(d->layout));
        return H5L_EUNSUPPORTED;
    }
    rowbytes = d->type->size;
    rows = d->space.kind == H5L_SPACE_SCALAR || d->space.rank == 0 ? 1 : d->space.dims[0];
    for (k = 1; k < d->space.rank; k++)
        if (mul_ovf(rowbytes, d->space.dims[k], &rowbytes)) { snprintf(e->msg, sizeof e->msg, "dataset size overflows"); return H5L_ECORRUPT; }
    if (rowbytes == 0 || rows == 0) return H5L_OK;
    refs = type_has_refs(d->type, 0) || d->type->cls == H5L_CLASS_STRING;
    if (d->layout == H5L_LAYOUT_CONTIGUOUS && d->allocated && d->data) {
        /* in the file: checked where it is mapped, no buffer (rows of any width) */
        uint64_t elems, i;
        if (mul_ovf(rows, rowbytes, &elems) || d->storage_size < elems) {
            snprintf(e->msg, sizeof e->msg, "storage of %llu bytes for %llu rows of %llu bytes", (unsigned long long)d->storage_size,
                     (unsigned long long)rows, (unsigned long long)rowbytes);
            return H5L_ECORRUPT;
        }
        elems /= d->type->size;
        for (i = 0; refs && st == H5L_OK && i < elems; i++) st = check_elem(f, d->type, (const unsigned char *)d->data + i * d->type->size, 0, e);
        return st;
    }
    /* elsewhere read in blocks of at most READ_BLOCK_MAX (see cat_rows) */
    if (rowbytes > READ_BLOCK_MAX) { snprintf(e->msg, sizeof e->msg, "rows of %llu bytes not checked", (unsigned long long)rowbytes); return H5L_EUNSUPPORTED; }
    per = rowbytes >= (1u << 20) ? 1 : (1u << 20) / rowbytes;
    if (d->layout == H5L_LAYOUT_CHUNKED && d->chunk_rank > 1 && d->chunk_dims[0] > 0) {
        /* every chunk decoded once (chunks up to READ_BLOCK_MAX): checksums, streams, sizes */
        uint64_t c = d->chunk_dims[0];
        per = per < c ? c : per / c * c;
        if (per > READ_BLOCK_MAX / rowbytes) per = READ_BLOCK_MAX / rowbytes;
    }
    if (per > rows) per = rows;
    buf = (unsigned char *)xmalloc((size_t)(per * rowbytes));
    if (!buf) { snprintf(e->msg, sizeof e->msg, "out of memory"); return H5L_ENOMEM; }
    while (done < rows && st == H5L_OK) {
        uint64_t n = rows - done > per ? per : rows - done, i, elems = n * (rowbytes / d->type->size);
        st = h5l_dataset_read_raw(o, done, n, buf, (size_t)(n * rowbytes), e);
        for (i = 0; refs && st == H5L_OK && i < elems; i++) st = check_elem(f, d->type, buf + i * d->type->size, 0, e);
        done += n;
    }
    free(buf);
    return st;
}

static void check_attrs(check_state *cs, h5l_file *f, h5l_obj *o, const char *path)
{
    h5l_attrs *as = NULL;
    h5l_error e;
    size_t i;
    h5l_status st;
    memset(&e, 0, sizeof e);
    st = h5l_attrs_open(o, &as, &e);
    if (st != H5L_OK) { check_report(cs, path, st, &e); return; }
    for (i = 0; i < h5l_attrs_count(as); i++) {
        const h5l_attr *a = h5l_attrs_at(as, i);
        uint64_t need, j;
        if (!a || a->space.kind == H5L_SPACE_NULL) continue;
        if (!a->type || a->type->size == 0 || mul_ovf(a->space.npoints, a->type->size, &need) || !a->data || a->data_size < need) {
            snprintf(e.msg, sizeof e.msg, "attribute %s: value smaller than its dataspace", a ? a->name : "?");
            check_report(cs, path, H5L_ECORRUPT, &e);
            continue;
        }
        for (j = 0, st = H5L_OK; j < a->space.npoints && st == H5L_OK; j++)
            st = check_elem(f, a->type, (const unsigned char *)a->data + j * a->type->size, 0, &e);
        if (st != H5L_OK) {
            char where[1200];
            snprintf(where, sizeof where, "%s@%s", path, a->name);
            check_report(cs, where, st, &e);
        }
    }
    h5l_attrs_close(as);
}

static void check_table(check_state *cs, h5l_file *f, const char *group)
{
    h5l_table *t = NULL;
    h5l_error e;
    h5l_status st;
    size_t i;
    memset(&e, 0, sizeof e);
    st = h5l_table_open(f, group, &t, &e);
    if (st == H5L_ENOTFOUND && !group) return;       /* no table: fine */
    if (st != H5L_OK) { check_report(cs, group ? group : "(table)", st, &e); return; }
    for (i = 0; i < h5l_table_ncolumns(t); i++) {
        col_stats s;
        memset(&s, 0, sizeof s);
        s.c = h5l_table_column(t, i);
        if (s.c->kind == H5L_COL_DICT && s.c->dictionary) {
            uint64_t r;
            for (r = 0; r < s.c->rows; r++) {
                int64_t code = dict_code(s.c, r);
                if (code < 0 || (uint64_t)code >= s.c->dictionary->rows) {
                    s.st = H5L_ECORRUPT;
                    snprintf(s.err.msg, sizeof s.err.msg, "column %s: row %llu has a code outside the dictionary", s.c->name, (unsigned long long)r);
                    break;
                }
            }
        }
        if (s.st == H5L_OK) stats_column(&s);
        if (s.st != H5L_OK) {
            char where[600];
            snprintf(where, sizeof where, "%s:%s", group ? group : "(table)", s.c->name);
            check_report(cs, where, s.st, &s.err);
        }
    }
    h5l_table_close(t);
}

static int cmd_check(int argc, char **argv)
{
    h5l_file *f = NULL;
    h5l_error e;
    ls_state s;
    h5l_status st;
    check_state cs;
    size_t i;
    memset(&e, 0, sizeof e);
    memset(&cs, 0, sizeof cs);
    if (argc == 2 && strcmp(argv[1], "--json") == 0) { cs.json = 1; argc = 1; }
    else if (argc == 2 && strcmp(argv[0], "--json") == 0) { cs.json = 1; argc = 1; argv++; }
    if (argc != 1) return usage_error("check takes exactly one FILE (and --json)");
    st = open_file(argv[0], &f, &e);
    if (st != H5L_OK) return fail(st, &e, argv[0]);
    if (cs.json) {
        out_s("{\"file\": ");
        out_json_str(argv[0], strlen(argv[0]));
        out_s(", \"findings\": [");
    }
    st = walk_tree(f, &s, 0, 0, &e);
    if (st != H5L_OK) check_report(&cs, "(tree)", st, &e);
    for (i = 0; i < s.n; i++) {
        h5l_obj *o = NULL;
        const char *path = s.ents[i].path;
        if (s.ents[i].st != H5L_OK) {
            /* the walk went past it: a note when unsupported, else a problem */
            memset(&e, 0, sizeof e);
            snprintf(e.msg, sizeof e.msg, "%s", s.ents[i].why);
            check_report(&cs, path, s.ents[i].st, &e);
            if (s.ents[i].rest[0] == '-') { cs.objects++; continue; }
        }
        if (strncmp(s.ents[i].rest, "group", 5) && strncmp(s.ents[i].rest, "dataset", 7) && strncmp(s.ents[i].rest, "datatype", 8))
            continue;
        cs.objects++;
        memset(&e, 0, sizeof e);
        st = h5l_obj_open(f, path, &o, &e);
        if (st != H5L_OK) { check_report(&cs, path, st, &e); continue; }
        check_attrs(&cs, f, o, path);
        if (h5l_obj_get_kind(o) == H5L_OBJ_DATASET) {
            const h5l_dataset_info *d = h5l_obj_dataset(o);
            memset(&e, 0, sizeof e);
            st = d ? check_dataset(f, o, d, &e) : H5L_ECORRUPT;
            if (st != H5L_OK) check_report(&cs, path, st, &e);
        } else if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP) {
            char type[32];
            h5l_error e2;
            if (h5l_attr_read_string(o, "type", type, sizeof type, &e2) == H5L_OK && strcmp(type, "table") == 0)
                check_table(&cs, f, path);
        }
        h5l_obj_close(o);
    }
    check_table(&cs, f, NULL);
    ls_free(&s);
    h5l_close(f);
    if (cs.json)
        printf("%s], \"objects\": %lu, \"problems\": %lu, \"notes\": %lu, \"ok\": %s}\n", cs.problems + cs.notes ? "\n  " : "",
               cs.objects, cs.problems, cs.notes, cs.problems ? "false" : "true");
    else
        printf("%s: %lu objects, %lu problems, %lu notes\n", argv[0], cs.objects, cs.problems, cs.notes);
    if (cs.problems) {
        fflush(stdout);
        msg("%s: %lu problem%s found", argv[0], cs.problems, cs.problems == 1 ? "" : "s");
        return finish_output(EXIT_CORRUPT);
    }
    return finish_output(0);
}

/* ====================================================================== */
/* import: CSV -> vaex table                                                */
/* ====================================================================== */

/* A streaming RFC 4180 reader. A regular file is mapped (POSIX) and read in
 * place; anything else (a pipe, standard input, a platform without mmap) is
 * read through a buffer that holds at least one whole record. Fields point
 * into the input, or into `esc` when a quoted field held "" or text after
 * its closing quote; they stay valid until the next csv_record(). */
typedef struct csv_reader {
    FILE *fp;
    const unsigned char *base, *p, *end;   /* input window; p = next unread byte */
    unsigned char *buf;                    /* stream buffer (NULL when mapped) */
    size_t cap;
    void *map;
    size_t maplen;
    int eof;
    uint64_t consumed, line;
    /* the current record */
    const char **fptr;
    size_t *flen, *fesc;     /* fesc: offset into esc + 1, or 0 */
    unsigned char *quoted;
    size_t nf, capf, capl, capq, cape;
    char *esc;
    size_t nesc, capesc;
} csv_reader;

#define CSV_BUF (1u << 20)

static unsigned char csv_special[256];   /* ',' '\n' '\r' (set once, before any thread) */

static void csv_init_tables(void)
{
    csv_special[','] = csv_special['\n'] = csv_special['\r'] = 1;
}

/* Set the reader on fp: mapped when it is a regular file (and maps), else
 * buffered. 0, or -1 out of memory. */
static int csv_reader_open(csv_reader *r, FILE *fp)
{
    memset(r, 0, sizeof *r);
    csv_init_tables();
    r->fp = fp;
#if defined(MC_HAVE_PTHREADS)
    {
        struct stat sb;
        int fd = fileno(fp);
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && (uint64_t)sb.st_size <= SIZE_MAX) {
            void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m != MAP_FAILED) {
#if defined(POSIX_MADV_SEQUENTIAL)
                posix_madvise(m, (size_t)sb.st_size, POSIX_MADV_SEQUENTIAL);
#endif
                r->map = m;
                r->maplen = (size_t)sb.st_size;
                r->base = r->p = (const unsigned char *)m;
                r->end = r->base + r->maplen;
                r->eof = 1;
                return 0;
            }
        }
    }
#endif
    r->cap = CSV_BUF;
    r->buf = (unsigned char *)xmalloc(r->cap);
    if (!r->buf) return -1;
    r->base = r->p = r->end = r->buf;
    return 0;
}

/* Back to the start of the input (a second pass). -1 when it cannot be read again. */
static int csv_reader_rewind(csv_reader *r)
{
    r->consumed = 0;
    r->line = 0;
    if (r->map) { r->p = r->base; return 0; }
    if (fseek(r->fp, 0, SEEK_SET) != 0) return -1;
    r->p = r->end = r->buf;
    r->eof = 0;
    return 0;
}

static void csv_reader_free(csv_reader *r)
{
#if defined(MC_HAVE_PTHREADS)
    if (r->map) munmap(r->map, r->maplen);
#endif
    free(r->buf);
    free((void *)r->fptr);
    free(r->flen);
    free(r->fesc);
    free(r->quoted);
    free(r->esc);
    memset(r, 0, sizeof *r);
}

/* Read more of a streamed input, keeping the bytes from `keep` on. Returns
 * the shift applied to pointers at or after keep; -1 on error (ferror). */
static int csv_fill(csv_reader *r, const unsigned char **keep)
{
    size_t kept = (size_t)(r->end - *keep), got;
    if (kept == r->cap) {                     /* one record fills the buffer: grow it */
        unsigned char *q;
        if (r->cap > SIZE_MAX / 2) return -1;
        q = (unsigned char *)malloc(r->cap * 2);
        if (!q) return -1;
        memcpy(q, *keep, kept);
        free(r->buf);
        r->buf = q;
        r->cap *= 2;
    } else if (*keep != r->buf) {
        memmove(r->buf, *keep, kept);
    }
    *keep = r->buf;
    got = fread(r->buf + kept, 1, r->cap - kept, r->fp);
    r->end = r->buf + kept + got;
    if (got == 0) {
        if (ferror(r->fp)) return -1;
        r->eof = 1;
    }
    return 0;
}

static int csv_new_field(csv_reader *r, const unsigned char *s, int quoted)
{
    if (r->nf == r->capf || r->nf == r->capl || r->nf == r->capq || r->nf == r->cape) {
        if (grow((void **)&r->fptr, &r->capf, r->nf + 1, sizeof *r->fptr) != 0 ||
            grow((void **)&r->flen, &r->capl, r->nf + 1, sizeof *r->flen) != 0 ||
            grow((void **)&r->quoted, &r->capq, r->nf + 1, 1) != 0 || grow((void **)&r->fesc, &r->cape, r->nf + 1, sizeof *r->fesc) != 0)
            return -1;
    }
    r->fptr[r->nf] = (const char *)s;
    r->flen[r->nf] = 0;
    r->fesc[r->nf] = 0;
    r->quoted[r->nf] = (unsigned char)quoted;
    r->nf++;
    return 0;
}

static int csv_esc_put(csv_reader *r, const unsigned char *s, size_t n)
{
    if (r->capesc - r->nesc < n && grow((void **)&r->esc, &r->capesc, r->nesc + n, 1) != 0) return -1;
    memcpy(r->esc + r->nesc, s, n);
    r->nesc += n;
    return 0;
}

/* Parse one record from r->p. 1 done, 2 needs more input (nothing
 * consumed), -1 out of memory, -2 unterminated quoted field. */
static int csv_parse(csv_reader *r)
{
    const unsigned char *p = r->p, *end = r->end, *start = p;
    uint64_t lines = 1;
    r->nf = 0;
    r->nesc = 0;
    for (;;) {
        const unsigned char *f = p;
        if (p < end && *p == '"') {
            /* quoted: up to the closing quote; "" is a quote */
            const unsigned char *q = p + 1, *seg = q;
            int copying = 0;
            size_t eoff = 0;
            if (csv_new_field(r, q, 1)) return -1;
            for (;;) {
                const unsigned char *z = (const unsigned char *)memchr(q, '"', (size_t)(end - q));
                const unsigned char *nl;
                for (nl = q; nl < (z ? z : end); nl++) lines += *nl == '\n';
                if (!z) return r->eof ? -2 : 2;              /* unterminated, or more to read */
                if (z + 1 == end && !r->eof) return 2;       /* "" may continue in the next read */
                if (z + 1 < end && z[1] == '"') {            /* an escaped quote */
                    if (!copying) { copying = 1; eoff = r->nesc; }
                    if (csv_esc_put(r, seg, (size_t)(z + 1 - seg))) return -1;
                    q = seg = z + 2;
                    continue;
                }
                /* closing quote: text up to the delimiter is kept, as Python's csv does */
                p = z + 1;
                while (p < end && !csv_special[*p]) p++;
                if (p == end && !r->eof) return 2;
                if (p > z + 1 && !copying) { copying = 1; eoff = r->nesc; }
                if (copying) {
                    if (csv_esc_put(r, seg, (size_t)(z - seg)) || csv_esc_put(r, z + 1, (size_t)(p - z - 1))) return -1;
                    r->flen[r->nf - 1] = r->nesc - eoff;
                    r->fesc[r->nf - 1] = eoff + 1;
                } else {
                    r->flen[r->nf - 1] = (size_t)(z - seg);
                }
                break;
            }
        } else {
            while (p < end && !csv_special[*p]) p++;
            if (p == end && !r->eof) return 2;
            if (csv_new_field(r, f, 0)) return -1;
            r->flen[r->nf - 1] = (size_t)(p - f);
        }
        if (p < end && *p == ',') { p++; continue; }
        if (p < end && *p == '\r') {
            if (p + 1 == end && !r->eof) return 2;
            p += 1 + (p + 1 < end && p[1] == '\n');
        } else if (p < end) {
            p++;                 /* '\n' */
        }
        break;
    }
    {
        size_t i;
        for (i = 0; i < r->nf; i++)
            if (r->fesc[i]) r->fptr[i] = r->esc + r->fesc[i] - 1;
    }
    r->consumed += (uint64_t)(p - start);
    r->line += lines;
    r->p = p;
    return 1;
}

/* Read one record. 1 = got one, 0 = end of input, -1 = out of memory,
 * -2 = unterminated quoted field, -3 = read error. */
static int csv_record(csv_reader *r)
{
    for (;;) {
        int k;
        if (r->p == r->end) {
            if (r->eof) return 0;
            if (csv_fill(r, &r->p) != 0) return ferror(r->fp) ? -3 : -1;
            continue;
        }
        k = csv_parse(r);
        if (k != 2) return k;
        if (csv_fill(r, &r->p) != 0) return ferror(r->fp) ? -3 : -1;
    }
}

static const char *csv_field_ptr(const csv_reader *r, size_t i) { return r->nf > i && r->fptr[i] ? r->fptr[i] : ""; }

/* Field classification */
static int is_bool_text(const char *s, size_t n, int *v)
{
    static const char *const t[] = {"true", "True", "TRUE"}, *const f[] = {"false", "False", "FALSE"};
    unsigned i;
    for (i = 0; i < 3; i++) {
        if (n == 4 && memcmp(s, t[i], 4) == 0) { *v = 1; return 1; }
        if (n == 5 && memcmp(s, f[i], 5) == 0) { *v = 0; return 1; }
    }
    return 0;
}

enum { CT_BOOL = 1, CT_INT = 2, CT_FLOAT = 4, CT_TIME = 8 };

typedef struct imp_col {
    char *name;
    unsigned may;            /* CT_* still possible */
    uint64_t nonnull, nulls, str_bytes;
    int type;                /* final: 0 string, CT_BOOL, CT_INT, CT_FLOAT, CT_TIME */
    h5l_column_dsets ds;
    /* fill state */
    uint64_t str_off;
    unsigned char bits;
    unsigned nbits;
} imp_col;

/* Sequential writer into one dataset: the mapping, or buffered writes. */
typedef struct sink {
    h5l_writer *w;
    h5l_dset d;
    unsigned char *ptr;
    uint64_t esize, pos;     /* elements written */
    unsigned char *buf;      /* SINK_BUF bytes, allocated only when there is no mapping */
    size_t blen;
} sink;

#define SINK_BUF 8192u

static h5l_status sink_flush(sink *s, h5l_error *e)
{
    h5l_status st = H5L_OK;
    if (s->blen) {
        uint64_t n = s->blen / s->esize;
        st = h5l_writer_write(s->w, s->d, s->pos - n, n, s->buf, e);
        s->blen = 0;
    }
    return st;
}

static h5l_status sink_put(sink *s, const void *src, uint64_t nel, h5l_error *e)
{
    const unsigned char *p = (const unsigned char *)src;
    if (s->d == H5L_NO_DSET) return H5L_OK;
    if (s->ptr) {
        memcpy(s->ptr + s->pos * s->esize, p, (size_t)(nel * s->esize));
        s->pos += nel;
        return H5L_OK;
    }
    while (nel) {
        size_t room;
        if (!s->buf && !(s->buf = (unsigned char *)xmalloc(SINK_BUF))) {
            snprintf(e->msg, sizeof e->msg, "out of memory");
            return H5L_ENOMEM;
        }
        room = (SINK_BUF - s->blen) / (size_t)s->esize;
        size_t k = nel < room ? (size_t)nel : room;
        if (k == 0) {
            h5l_status st = sink_flush(s, e);
            if (st != H5L_OK) return st;
            continue;
        }
        memcpy(s->buf + s->blen, p, k * (size_t)s->esize);
        s->blen += k * (size_t)s->esize;
        s->pos += k;
        p += k * (size_t)s->esize;
        nel -= k;
    }
    return H5L_OK;
}

static void sink_init(sink *s, h5l_writer *w, h5l_dset d, uint64_t esize)
{
    s->w = w;
    s->d = d;
    s->esize = esize ? esize : 1;
    s->pos = 0;
    s->blen = 0;
    s->buf = NULL;
    s->ptr = d == H5L_NO_DSET ? NULL : (unsigned char *)h5l_writer_ptr(w, d);
}

/* --chunk-rows N: 1..2^32-1; 0 if s is not such a number. */
static int parse_chunk_rows(const char *s, uint64_t *rows)
{
    char *end;
    errno = 0;
    *rows = strtoull(s, &end, 10);
    return !(errno || *end || end == s || *rows == 0 || *rows > 0xffffffffu || s[0] == '-');
}

/* --compress deflate[:1-9] | gzip[:1-9] | lzf | none; 0 if c is none of them. */
static int parse_compress(const char *c, unsigned *compress, int *level)
{
    if (strcmp(c, "none") == 0) *compress = H5L_COMPRESS_NONE;
    else if (strcmp(c, "lzf") == 0) *compress = H5L_COMPRESS_LZF;
    else if (strcmp(c, "deflate") == 0 || strcmp(c, "gzip") == 0) *compress = H5L_COMPRESS_DEFLATE;
    else if ((strncmp(c, "deflate:", 8) == 0 || strncmp(c, "gzip:", 5) == 0) && strchr(c, ':')[1] >= '1' &&
             strchr(c, ':')[1] <= '9' && strchr(c, ':')[2] == 0) {
        *compress = H5L_COMPRESS_DEFLATE;
        *level = strchr(c, ':')[1] - '0';
    } else return 0;
    return 1;
}

static void progress(int on, int pass, uint64_t done, uint64_t total)
{
    if (on && total) fprintf(stderr, "\rmmapcol: import: pass %d/2 %3u%%", pass, (unsigned)(done * 100 / total));
}

static char *rewrite_name(const char *s, size_t n, size_t idx, imp_col *cols, size_t ncols, int *changed)
{
    char *p = (char *)xmalloc(n + 32);
    size_t i, k;
    int dots = 1;
    unsigned suffix = 1;
    if (!p) return NULL;
    *changed = 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '/' || c == ',' || c == 0) { c = '_'; *changed = 1; }
        if (c != '.') dots = 0;
        p[i] = c;
    }
    p[n] = 0;
    if (n == 0) { snprintf(p, n + 32, "column_%lu", (unsigned long)(idx + 1)); *changed = 1; }
    else if (dots) { for (i = 0; i < n; i++) p[i] = '_'; *changed = 1; }
    /* unique among the earlier columns */
    for (;;) {
        int clash = 0;
        for (k = 0; k < ncols; k++)
            if (cols[k].name && strcmp(cols[k].name, p) == 0) clash = 1;
        if (!clash) break;
        suffix++;
        if (n == 0) snprintf(p, n + 32, "column_%lu_%u", (unsigned long)(idx + 1), suffix);
        else { memcpy(p, s, n); for (i = 0; i < n; i++) if (p[i] == '/' || p[i] == ',' || p[i] == 0 || dots) p[i] = '_'; snprintf(p + n, 32, "_%u", suffix); }
        *changed = 1;
    }
    return p;
}

static int csv_error(int r, const char *path, const csv_reader *rd)
{
    if (r == -1) { msg("import: out of memory"); return EXIT_OS; }
    if (r == -2) { msg("import: %s: line %llu: unterminated quoted field", path, (unsigned long long)rd->line + 1);   /* the record that starts after the last one read */ return EXIT_CORRUPT; }
    msg("import: %s: read error: %s", path, strerror(errno));
    return EXIT_OS;
}

/* One record's fields, from the reader or from the sample kept by a
 * one-pass import. */
typedef struct csv_rec {
    const char *const *fptr;
    const size_t *flen;
    const unsigned char *quoted;
    size_t nf;
    uint64_t line;
} csv_rec;

static csv_rec rec_of(const csv_reader *rd)
{
    csv_rec r;
    r.fptr = rd->fptr;
    r.flen = rd->flen;
    r.quoted = rd->quoted;
    r.nf = rd->nf;
    r.line = rd->line;
    return r;
}

/* The first records of a one-pass import, kept to be written once their
 * types are known. */
typedef struct csv_sample {
    char *bytes;
    size_t nbytes, capbytes;
    size_t *foff, *flen;
    unsigned char *quoted;
    size_t nfields, capo, capl, capq;
    size_t *first;           /* per record: index of its first field */
    uint64_t *line;
    size_t nrec, capr, capline;
    const char **fptr;       /* made when the sample is complete */
} csv_sample;

static int sample_add(csv_sample *s, const csv_reader *rd)
{
    size_t i, need = s->nfields + rd->nf;
    if (grow((void **)&s->foff, &s->capo, need, sizeof *s->foff) || grow((void **)&s->flen, &s->capl, need, sizeof *s->flen) ||
        grow((void **)&s->quoted, &s->capq, need, 1) || grow((void **)&s->first, &s->capr, s->nrec + 1, sizeof *s->first) ||
        grow((void **)&s->line, &s->capline, s->nrec + 1, sizeof *s->line))
        return -1;
    s->first[s->nrec] = s->nfields;
    s->line[s->nrec++] = rd->line;
    for (i = 0; i < rd->nf; i++) {
        if (s->capbytes - s->nbytes < rd->flen[i] && grow((void **)&s->bytes, &s->capbytes, s->nbytes + rd->flen[i], 1)) return -1;
        if (rd->flen[i]) memcpy(s->bytes + s->nbytes, rd->fptr[i], rd->flen[i]);
        s->foff[s->nfields] = s->nbytes;
        s->flen[s->nfields] = rd->flen[i];
        s->quoted[s->nfields++] = rd->quoted[i];
        s->nbytes += rd->flen[i];
    }
    return 0;
}

static int sample_finish(csv_sample *s)
{
    size_t i;
    s->fptr = (const char **)calloc(s->nfields + 1, sizeof *s->fptr);
    if (!s->fptr) return -1;
    for (i = 0; i < s->nfields; i++) s->fptr[i] = s->bytes ? s->bytes + s->foff[i] : "";
    return 0;
}

static csv_rec sample_rec(const csv_sample *s, size_t k)
{
    csv_rec r;
    size_t f0 = s->first[k], f1 = k + 1 < s->nrec ? s->first[k + 1] : s->nfields;
    r.fptr = s->fptr + f0;
    r.flen = s->flen + f0;
    r.quoted = s->quoted + f0;
    r.nf = f1 - f0;
    r.line = s->line[k];
    return r;
}

static void sample_free(csv_sample *s)
{
    free(s->bytes);
    free(s->foff);
    free(s->flen);
    free(s->quoted);
    free(s->first);
    free(s->line);
    free((void *)s->fptr);
    memset(s, 0, sizeof *s);
}

/* One import. From a file: the CSV read twice (types and sizes, then
 * values), the table declared and laid out between the two passes. From
 * standard input ("-"): one pass; the types come from the first
 * sample_rows records, which are kept in memory, and every dataset is
 * chunked and extendible, as the number of rows is not known. */
typedef struct import_job {
    const char *csv, *out, *group;
    FILE *fp;
    uint64_t fsize;
    int show;                /* progress on stderr */
    int verbose;             /* column renames reported */
    int stream;              /* one pass from standard input */
    uint64_t sample_rows;
    csv_reader rd;
    csv_sample sample;
    imp_col *cols;
    size_t ncols;
    uint64_t nrows;
    h5l_writer *w;
    sink *sinks;             /* 3 per column: data, indices, bitmap */
    h5l_chunking ck;         /* --chunk-rows / --compress / --shuffle */
    uint64_t chunk_rows;
    int chunked;
    h5l_error e;
} import_job;

/* Skip a UTF-8 byte order mark at the start of the CSV. */
static void import_skip_bom(csv_reader *rd)
{
    if (!rd->map && rd->p == rd->end && !rd->eof && csv_fill(rd, &rd->p) != 0) return;
    if (rd->end - rd->p >= 3 && rd->p[0] == 0xef && rd->p[1] == 0xbb && rd->p[2] == 0xbf) rd->p += 3;
}

/* The header row: one column per field, names made storable. */
static int import_header(import_job *j)
{
    csv_reader *rd = &j->rd;
    size_t i;
    int r;
    import_skip_bom(rd);
    r = csv_record(rd);
    if (r <= 0) {
        if (r == 0) { msg("import: %s: empty CSV (no header row)", j->csv); return EXIT_CORRUPT; }
        return csv_error(r, j->csv, rd);
    }
    j->ncols = rd->nf;
    j->cols = (imp_col *)calloc(j->ncols, sizeof *j->cols);
    if (!j->cols) { msg("import: out of memory"); return EXIT_OS; }
    for (i = 0; i < j->ncols; i++) {
        int changed = 0;
        j->cols[i].name = rewrite_name(csv_field_ptr(rd, i), rd->flen[i], i, j->cols, i, &changed);
        if (!j->cols[i].name) { msg("import: out of memory"); return EXIT_OS; }
        if (changed && j->verbose)
            fprintf(stderr, "mmapcol: import: column %lu '%.*s' stored as '%s' (names cannot contain '/' or ',', be empty, dots only or repeat)\n",
                    (unsigned long)(i + 1), (int)rd->flen[i], csv_field_ptr(rd, i), j->cols[i].name);
        j->cols[i].may = CT_BOOL | CT_INT | CT_FLOAT | CT_TIME;
    }
    return 0;
}

/* Narrow the types each column can still have by one record; count nulls
 * and string bytes. */
static int import_classify(import_job *j, const csv_rec *rc)
{
    size_t i;
    if (rc->nf > j->ncols) {
        msg("import: %s: line %llu has %lu fields, the header %lu", j->csv, (unsigned long long)rc->line, (unsigned long)rc->nf,
            (unsigned long)j->ncols);
        return EXIT_CORRUPT;
    }
    for (i = 0; i < j->ncols; i++) {
        imp_col *c = &j->cols[i];
        const char *s;
        size_t n;
        int64_t iv;
        double dv;
        int bv;
        if (i >= rc->nf || (rc->flen[i] == 0 && !rc->quoted[i])) { c->nulls++; continue; }
        s = rc->fptr[i];
        n = rc->flen[i];
        c->nonnull++;
        c->str_bytes += n;
        if (!c->may) continue;
        if (c->may & CT_BOOL && !is_bool_text(s, n, &bv)) c->may &= ~(unsigned)CT_BOOL;
        if (c->may & CT_INT && !is_int_text(s, n, &iv)) c->may &= ~(unsigned)CT_INT;
        if (c->may & CT_FLOAT && !(c->may & CT_INT) && !is_float_text(s, n, &dv)) c->may &= ~(unsigned)CT_FLOAT;
        if (c->may & CT_TIME && !is_time_text(s, n, &iv)) c->may &= ~(unsigned)CT_TIME;
    }
    return 0;
}

/* The final type of each column: bool, then int, then float, then a
 * timestamp, else string; a column of nulls only is float64. */
static void import_decide(import_job *j)
{
    size_t i;
    for (i = 0; i < j->ncols; i++) {
        imp_col *c = &j->cols[i];
        if (c->nonnull == 0) c->type = CT_FLOAT;
        else if (c->may & CT_BOOL) c->type = CT_BOOL;
        else if (c->may & CT_INT) c->type = CT_INT;
        else if (c->may & CT_FLOAT) c->type = CT_FLOAT;
        else if (c->may & CT_TIME) c->type = CT_TIME;
        else c->type = 0;
    }
}

/* Pass 1 of a file import: every record classified. */
static int import_infer(import_job *j)
{
    csv_reader *rd = &j->rd;
    int r, rc;
    while ((r = csv_record(rd)) == 1) {
        csv_rec rec = rec_of(rd);
        if ((rc = import_classify(j, &rec)) != 0) return rc;
        j->nrows++;
        if (j->show && (j->nrows & 0xffff) == 0) progress(j->show, 1, rd->consumed, j->fsize);
    }
    if (r < 0) return csv_error(r, j->csv, rd);
    import_decide(j);
    return 0;
}

/* One-pass import: the first sample_rows records (or 64 MiB of them) are
 * classified and kept. */
static int import_sample(import_job *j)
{
    csv_reader *rd = &j->rd;
    int r = 1, rc;
    while (j->sample.nrec < j->sample_rows && j->sample.nbytes < ((size_t)64 << 20) && (r = csv_record(rd)) == 1) {
        csv_rec rec = rec_of(rd);
        if ((rc = import_classify(j, &rec)) != 0) return rc;
        if (sample_add(&j->sample, rd) != 0) { msg("import: out of memory"); return EXIT_OS; }
    }
    if (r < 0) return csv_error(r, j->csv, rd);
    if (sample_finish(&j->sample) != 0) { msg("import: out of memory"); return EXIT_OS; }
    import_decide(j);
    return 0;
}

/* Declare the table and its columns, lay the file out, and open a sink on
 * every dataset (a string column's offsets start with a 0). */
static int import_declare(import_job *j)
{
    h5l_status st;
    size_t i;
    st = h5l_writer_open(j->out, NULL, &j->w, &j->e);
    if (st == H5L_OK) st = h5l_table_create(j->w, j->group, &j->e);
    for (i = 0; st == H5L_OK && i < j->ncols; i++) {
        h5l_column_spec spec;
        memset(&spec, 0, sizeof spec);
        spec.name = j->cols[i].name;
        spec.rows = j->stream ? 0 : j->nrows;
        /* streamed: a null may come after the sample, so every column has a bitmap */
        spec.validity = j->cols[i].nulls || j->stream ? H5L_VALID_BITMAP : H5L_VALID_NONE;
        if (j->chunked) spec.chunking = &j->ck;
        if (j->cols[i].type == 0) {
            spec.kind = H5L_COL_STRING;
            /* streamed: the total is unknown; int64 offsets */
            spec.str_bytes = j->stream ? (uint64_t)1 << 40 : j->cols[i].str_bytes;
        } else {
            spec.kind = H5L_COL_PRIMITIVE;
            spec.type = j->cols[i].type == CT_BOOL ? H5L_T_BOOL : j->cols[i].type == CT_INT || j->cols[i].type == CT_TIME ? H5L_T_I64 : H5L_T_F64;
            if (j->cols[i].type == CT_TIME) spec.dtype_attr = "datetime64[ns]";
        }
        j->cols[i].nulls += j->stream;     /* the bitmap is written */
        st = h5l_table_add_column(j->w, j->group, &spec, &j->cols[i].ds, &j->e);
    }
    if (st == H5L_OK) st = h5l_writer_layout(j->w, &j->e);
    if (st != H5L_OK) return fail(st, &j->e, j->out);
    j->sinks = (sink *)calloc(j->ncols * 3 + 1, sizeof *j->sinks);
    if (!j->sinks) { msg("import: out of memory"); return EXIT_OS; }
    for (i = 0; i < j->ncols; i++) {
        imp_col *c = &j->cols[i];
        uint64_t isz = 8;
        if (!j->stream && c->ds.indices != H5L_NO_DSET && j->nrows + 1 > 0) isz = h5l_writer_size(j->w, c->ds.indices) / (j->nrows + 1);
        if (isz != 4 && isz != 8) isz = 8;
        sink_init(&j->sinks[3 * i], j->w, c->ds.data, c->type == 0 || c->type == CT_BOOL ? 1 : 8);
        sink_init(&j->sinks[3 * i + 1], j->w, c->type == 0 ? c->ds.indices : H5L_NO_DSET, isz);
        sink_init(&j->sinks[3 * i + 2], j->w, c->ds.null_bitmap, 1);
        if (c->type == 0) {
            unsigned char z[8] = {0};
            st = sink_put(&j->sinks[3 * i + 1], z, 1, &j->e);
            if (st != H5L_OK) return fail(st, &j->e, j->out);
        }
    }
    return 0;
}

static const char *ct_name(int type)
{
    switch (type) {
    case CT_BOOL: return "bool";
    case CT_INT: return "int64";
    case CT_FLOAT: return "float64";
    case CT_TIME: return "a datetime64[ns] timestamp";
    default: return "string";
    }
}

/* One field of column i into its sinks: the value (a null stores 0, NaT or
 * nothing for strings) and its validity bit. *misfit is set when the text
 * is not of the column's type (only possible after a sample). */
static h5l_status import_put(import_job *j, size_t i, const char *s, size_t n, int isnull, int *misfit)
{
    imp_col *c = &j->cols[i];
    sink *k = &j->sinks[3 * i];
    unsigned char v8[8];
    h5l_status st;
    if (c->type == 0) {
        st = sink_put(&k[0], s, n, &j->e);
        c->str_off += n;
        store_le(v8, c->str_off, 8);
        if (st == H5L_OK) st = sink_put(&k[1], v8, 1, &j->e);
    } else if (c->type == CT_BOOL) {
        int bv = 0;
        if (!isnull && !is_bool_text(s, n, &bv)) *misfit = 1;
        v8[0] = (unsigned char)bv;
        st = sink_put(&k[0], v8, 1, &j->e);
    } else if (c->type == CT_INT || c->type == CT_TIME) {
        int64_t iv = c->type == CT_TIME ? INT64_MIN : 0;     /* a null time is NaT, as numpy and vaex store it */
        if (!isnull && !(c->type == CT_INT ? is_int_text(s, n, &iv) : is_time_text(s, n, &iv))) *misfit = 1;
        store_le(v8, (uint64_t)iv, 8);
        st = sink_put(&k[0], v8, 1, &j->e);
    } else {
        double dv = 0;
        uint64_t bits;
        if (!isnull && !is_float_text(s, n, &dv)) { dv = 0; *misfit = 1; }
        memcpy(&bits, &dv, 8);
        store_le(v8, bits, 8);
        st = sink_put(&k[0], v8, 1, &j->e);
    }
    if (st == H5L_OK && c->nulls) {
        if (!isnull) c->bits |= (unsigned char)(1u << c->nbits);
        if (++c->nbits == 8) {
            st = sink_put(&k[2], &c->bits, 1, &j->e);
            c->bits = 0;
            c->nbits = 0;
        }
    }
    return st;
}

/* One record into every column. 0, or an exit code after one message. */
static int import_row(import_job *j, const csv_rec *rc)
{
    size_t i;
    h5l_status st = H5L_OK;
    if (rc->nf > j->ncols) {
        msg("import: %s: line %llu has %lu fields, the header %lu", j->csv, (unsigned long long)rc->line, (unsigned long)rc->nf,
            (unsigned long)j->ncols);
        return EXIT_CORRUPT;
    }
    for (i = 0; i < j->ncols && st == H5L_OK; i++) {
        int isnull = i >= rc->nf || (rc->flen[i] == 0 && !rc->quoted[i]), misfit = 0;
        st = import_put(j, i, isnull ? "" : rc->fptr[i], isnull ? 0 : rc->flen[i], isnull, &misfit);
        if (misfit && j->stream) {
            msg("import: %s: line %llu: column '%s': '%.*s' is not %s, the type its first %llu rows gave it (a larger "
                "--sample-rows, or a file instead of a pipe, reads every row first); nothing written",
                j->csv, (unsigned long long)rc->line, j->cols[i].name, (int)(rc->flen[i] > 60 ? 60 : rc->flen[i]), rc->fptr[i],
                ct_name(j->cols[i].type), (unsigned long long)j->sample.nrec);
            return EXIT_CORRUPT;
        }
    }
    return st == H5L_OK ? 0 : fail(st, &j->e, j->out);
}

/* Flush the sinks and finish the file (sync, rename into place). */
static int import_finish(import_job *j)
{
    h5l_status st = H5L_OK;
    size_t i;
    for (i = 0; st == H5L_OK && i < j->ncols; i++) {
        if (j->cols[i].nulls && j->cols[i].nbits) st = sink_put(&j->sinks[3 * i + 2], &j->cols[i].bits, 1, &j->e);
        if (st == H5L_OK) st = sink_flush(&j->sinks[3 * i], &j->e);
        if (st == H5L_OK) st = sink_flush(&j->sinks[3 * i + 1], &j->e);
        if (st == H5L_OK) st = sink_flush(&j->sinks[3 * i + 2], &j->e);
    }
    if (st != H5L_OK) return fail(st, &j->e, j->out);
    st = h5l_writer_finish(j->w, &j->e);
    j->w = NULL;
    return st != H5L_OK ? fail(st, &j->e, j->out) : 0;
}

/* Pass 2 of a file import: read the CSV again and fill every column. */
static int import_fill(import_job *j)
{
    csv_reader *rd = &j->rd;
    uint64_t row = 0;
    int r = 0, rc = 0;
    if (j->show) fputc('\n', stderr);
    if (csv_reader_rewind(rd) != 0) {
        msg("import: %s: cannot read the CSV twice (not a regular file?): %s", j->csv, strerror(errno));
        return EXIT_OS;
    }
    import_skip_bom(rd);
    r = csv_record(rd);           /* header */
    while (rc == 0 && row < j->nrows && (r = csv_record(rd)) == 1) {
        csv_rec rec = rec_of(rd);
        rc = import_row(j, &rec);
        row++;
        if (j->show && (row & 0xffff) == 0) progress(j->show, 2, rd->consumed, j->fsize);
    }
    if (rc) return rc;
    if (r < 0) return csv_error(r, j->csv, rd);
    if (row != j->nrows) { msg("import: %s changed while it was read", j->csv); return EXIT_OS; }
    if (j->show) { progress(j->show, 2, j->fsize, j->fsize); fputc('\n', stderr); }
    return import_finish(j);
}

/* One-pass import: the sample, then the rest of the input as it comes. */
static int import_stream(import_job *j)
{
    csv_reader *rd = &j->rd;
    size_t k;
    int r, rc = 0;
    for (k = 0; rc == 0 && k < j->sample.nrec; k++) {
        csv_rec rec = sample_rec(&j->sample, k);
        rc = import_row(j, &rec);
        j->nrows++;
    }
    while (rc == 0 && (r = csv_record(rd)) == 1) {
        csv_rec rec = rec_of(rd);
        rc = import_row(j, &rec);
        j->nrows++;
    }
    if (rc) return rc;
    if (r < 0) return csv_error(r, j->csv, rd);
    return import_finish(j);
}

static void import_free(import_job *j)
{
    size_t i;
    if (j->w) h5l_writer_abort(j->w);
    if (j->sinks)
        for (i = 0; i < j->ncols * 3; i++) free(j->sinks[i].buf);
    free(j->sinks);
    if (j->cols)
        for (i = 0; i < j->ncols; i++) free(j->cols[i].name);
    free(j->cols);
    csv_reader_free(&j->rd);
    sample_free(&j->sample);
    if (j->fp && j->fp != stdin) fclose(j->fp);
}

static int cmd_import(int argc, char **argv)
{
    const char *pos[2];
    int npos = 0, k, rc;
    import_job j;
    memset(&j, 0, sizeof j);
    j.sample_rows = 100000;
    for (k = 0; k < argc; k++) {
        if (parse_group_opt(argc, argv, &k, &j.group)) continue;
        if (strcmp(argv[k], "--chunk-rows") == 0 && k + 1 < argc) {
            if (!parse_chunk_rows(argv[++k], &j.chunk_rows))
                return usage_error("import: --chunk-rows takes a number of rows from 1 to 4294967295, not '%s'", argv[k]);
            j.chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--sample-rows") == 0 && k + 1 < argc) {
            if (!parse_chunk_rows(argv[++k], &j.sample_rows))
                return usage_error("import: --sample-rows takes a number of rows from 1 to 4294967295, not '%s'", argv[k]);
            continue;
        }
        if (strcmp(argv[k], "--compress") == 0 && k + 1 < argc) {
            if (!parse_compress(argv[++k], &j.ck.compress, &j.ck.level))
                return usage_error("import: --compress takes deflate[:1-9], lzf or none, not '%s'", argv[k]);
            j.chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--shuffle") == 0) {
            j.ck.flags |= H5L_CHUNK_SHUFFLE;
            j.chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--verbose") == 0) { j.verbose = 1; continue; }
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("import: unknown option %s", argv[k]);
        if (npos == 2) return usage_error("import: too many arguments");
        pos[npos++] = argv[k];
    }
    if (npos != 2) return usage_error("import needs CSV and OUT");
    j.csv = pos[0];
    j.out = pos[1];
    j.ck.flags |= H5L_CHUNK_EXTENDIBLE;
    if (j.chunk_rows) j.ck.chunk = &j.chunk_rows;
    if (strcmp(j.csv, "-") == 0) {
        j.stream = 1;
        j.chunked = 1;
        j.fp = stdin;
#if defined(_WIN32)
        _setmode(_fileno(stdin), _O_BINARY);
#endif
    } else {
        j.fp = fopen(j.csv, "rb");
        if (!j.fp) { msg("import: %s: %s", j.csv, strerror(errno)); return EXIT_OS; }
        if (fseek(j.fp, 0, SEEK_END) == 0) {
            long sz = ftell(j.fp);
            if (sz > 0) j.fsize = (uint64_t)sz;
            rewind(j.fp);
        }
    }
#ifndef _WIN32
    j.show = !j.stream && isatty(2) && j.fsize >= ((uint64_t)64 << 20);
#endif
    if (csv_reader_open(&j.rd, j.fp) != 0) { msg("import: out of memory"); rc = EXIT_OS; }
    else if ((rc = import_header(&j)) != 0) {}
    else if (j.stream) {
        if ((rc = import_sample(&j)) == 0 && (rc = import_declare(&j)) == 0) rc = import_stream(&j);
    } else if ((rc = import_infer(&j)) == 0 && (rc = import_declare(&j)) == 0) {
        rc = import_fill(&j);
    }
    import_free(&j);
    return rc;
}

/* ====================================================================== */
/* append                                                                   */
/* ====================================================================== */

/* Rows buffered for one dataset of the appender, written in 8 KiB pieces. */
typedef struct app_sink {
    h5l_appender *a;
    h5l_dset d;
    uint64_t at;             /* row of buf[0] */
    unsigned esize;
    size_t blen;
    unsigned char buf[8192];
} app_sink;

static h5l_status app_flush(app_sink *s, h5l_error *e)
{
    h5l_status st = H5L_OK;
    if (s->blen) {
        uint64_t n = s->blen / s->esize;
        st = h5l_append_write(s->a, s->d, s->at, n, s->buf, e);
        s->at += n;
        s->blen = 0;
    }
    return st;
}

static h5l_status app_put(app_sink *s, const void *p, size_t nbytes, h5l_error *e)
{
    const unsigned char *q = (const unsigned char *)p;
    while (nbytes) {
        size_t room = (sizeof s->buf / s->esize) * s->esize - s->blen, k = nbytes < room ? nbytes : room;
        if (k == 0) {
            h5l_status st = app_flush(s, e);
            if (st != H5L_OK) return st;
            continue;
        }
        memcpy(s->buf + s->blen, q, k);
        s->blen += k;
        q += k;
        nbytes -= k;
    }
    return H5L_OK;
}

typedef struct app_col {
    char name[256];
    int kind;                /* 0 number/bool, 1 string */
    char tkind;              /* numpy kind: i u f b S */
    int time_ns;             /* int64 datetime64[ns]: ISO 8601 text accepted too */
    unsigned size;
    int be;
    app_sink *data, *idx, *bm, *mask;
    uint64_t off;            /* string: bytes so far */
    unsigned char bits;      /* bitmap: the byte being filled */
    unsigned nbits;
} app_col;

static void store_order(unsigned char *p, uint64_t v, unsigned n, int be)
{
    unsigned i;
    for (i = 0; i < n; i++) p[be ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* Open a sink on `path` (its rows so far in *rows); NULL when absent. */
static app_sink *app_open(h5l_appender *a, const char *path, unsigned esize, h5l_status *st, h5l_error *e)
{
    app_sink *s;
    if (*st != H5L_OK) return NULL;
    s = (app_sink *)calloc(1, sizeof *s);
    if (!s) { *st = H5L_ENOMEM; snprintf(e->msg, sizeof e->msg, "out of memory"); return NULL; }
    *st = h5l_append_dataset(a, path, &s->d, e);
    if (*st != H5L_OK) { free(s); return NULL; }
    s->a = a;
    s->esize = esize ? esize : 1;
    s->at = h5l_append_rows(a, s->d);
    return s;
}

/* <group>/columns/<name>/<what> in buf. */
static const char *app_path(char *buf, size_t n, const char *group, const char *name, const char *what)
{
    snprintf(buf, n, "%s/columns/%s/%s", group, name, what);
    return buf;
}

/* One CSV field into column c: 0, or an exit code after a message. */
static int app_value(app_col *c, const char *s, size_t n, int isnull, uint64_t line, const char *csv, h5l_error *e)
{
    unsigned char v[8];
    h5l_status st = H5L_OK;
    if (isnull && !c->bm && !c->mask) {
        msg("append: %s: line %llu: column '%s' is empty (a null) but has no null_bitmap or mask", csv, (unsigned long long)line, c->name);
        return EXIT_CORRUPT;
    }
    memset(v, 0, sizeof v);
    if (c->kind == 1) {
        if (!isnull) st = app_put(c->data, s, n, e);
        c->off += isnull ? 0 : n;
        if (c->size == 4 && c->off > 2147483647u) {
            msg("append: %s: line %llu: column '%s' outgrows its int32 string offsets (2 GiB of text)", csv, (unsigned long long)line, c->name);
            return EXIT_CORRUPT;
        }
        store_order(v, c->off, c->size, c->be);
        if (st == H5L_OK) st = app_put(c->idx, v, c->size, e);
    } else if (!isnull) {
        int64_t iv;
        double dv;
        int bv, ok = 1;
        if (c->tkind == 'b') {
            ok = is_bool_text(s, n, &bv);
            v[0] = (unsigned char)bv;
        } else if (c->tkind == 'i' || c->tkind == 'u') {
            ok = is_int_text(s, n, &iv) || (c->time_ns && is_time_text(s, n, &iv));
            if (ok && c->tkind == 'u' && iv < 0) ok = 0;
            if (ok && c->size < 8) {
                int64_t lo = c->tkind == 'u' ? 0 : -((int64_t)1 << (8 * c->size - 1));
                int64_t hi = c->tkind == 'u' ? ((int64_t)1 << (8 * c->size)) - 1 : ((int64_t)1 << (8 * c->size - 1)) - 1;
                ok = iv >= lo && iv <= hi;
            }
            if (ok) store_order(v, (uint64_t)iv, c->size, c->be);
        } else if (c->tkind == 'f') {
            ok = is_float_text(s, n, &dv);
            if (ok && c->size == 4) {
                float fv = (float)dv;
                uint32_t b32;
                if (dv == dv && (dv > 3.4028234663852886e38 || dv < -3.4028234663852886e38) && !isinf(dv)) ok = 0;
                memcpy(&b32, &fv, 4);
                store_order(v, b32, 4, c->be);
            } else if (ok) {
                uint64_t b64;
                memcpy(&b64, &dv, 8);
                store_order(v, b64, 8, c->be);
            }
        }
        if (!ok) {
            msg("append: %s: line %llu: column '%s': '%.*s' is not a %s%u value", csv, (unsigned long long)line, c->name,
                (int)(n > 60 ? 60 : n), s, c->tkind == 'b' ? "bool" : c->tkind == 'f' ? "float" : c->tkind == 'u' ? "uint" : "int", 8 * c->size);
            return EXIT_CORRUPT;
        }
        st = app_put(c->data, v, c->size, e);
    } else {
        st = app_put(c->data, v, c->size, e);
    }
    if (st == H5L_OK && c->mask) {
        v[0] = (unsigned char)(isnull != 0);
        st = app_put(c->mask, v, 1, e);
    }
    if (st == H5L_OK && c->bm) {
        if (!isnull) c->bits |= (unsigned char)(1u << c->nbits);
        if (++c->nbits == 8) {
            st = app_put(c->bm, &c->bits, 1, e);
            c->bits = 0;
            c->nbits = 0;
        }
    }
    return st == H5L_OK ? 0 : fail(st, e, csv);
}

static int cmd_append(int argc, char **argv)
{
    const char *pos[2], *group = NULL, *csv, *path;
    char gbuf[1024];
    int npos = 0, k, rc = 0, r;
    h5l_file *f = NULL;
    h5l_table *t = NULL;
    h5l_appender *a = NULL;
    h5l_error e;
    h5l_status st;
    app_col *cols = NULL;
    size_t ncols = 0, i;
    csv_reader rd;
    FILE *fp = NULL;
    uint64_t rows0 = 0, line = 1, added = 0;
    memset(&e, 0, sizeof e);
    memset(&rd, 0, sizeof rd);
    for (k = 0; k < argc; k++) {
        if (parse_group_opt(argc, argv, &k, &group)) continue;
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("append: unknown option %s", argv[k]);
        if (npos == 2) return usage_error("append: too many arguments");
        pos[npos++] = argv[k];
    }
    if (npos != 2) return usage_error("append needs CSV and FILE");
    csv = pos[0];
    path = pos[1];
    snprintf(gbuf, sizeof gbuf, "%s", group ? group : "/table");
    /* the table as it is: columns, kinds, types, where strings and bitmaps end */
    if ((st = h5l_open(path, NULL, &f, &e)) != H5L_OK) return fail(st, &e, path);
    if ((st = h5l_table_open(f, gbuf, &t, &e)) != H5L_OK) { rc = fail(st, &e, path); goto done; }
    ncols = h5l_table_ncolumns(t);
    rows0 = h5l_table_rows(t);
    cols = (app_col *)calloc(ncols ? ncols : 1, sizeof *cols);
    if (!cols) { msg("append: out of memory"); rc = EXIT_OS; goto done; }
    st = h5l_append_open(path, NULL, &a, &e);
    if (st != H5L_OK) { rc = fail(st, &e, path); goto done; }
    for (i = 0; i < ncols && st == H5L_OK && !rc; i++) {
        const h5l_column *c = h5l_table_column(t, i);
        app_col *ac = &cols[i];
        char dt[32], p[1400];
        snprintf(ac->name, sizeof ac->name, "%s", c->name);
        if (c->kind == H5L_COL_DICT || c->data->space.rank != 1 || c->rows != rows0) {
            msg("append: %s: column '%s' is %s: appending supports 1-D number, bool and string columns of equal length", path, c->name,
                c->kind == H5L_COL_DICT ? "dictionary-encoded" : c->rows != rows0 ? "of another length" : "N-D");
            rc = EXIT_UNSUPPORTED;
            break;
        }
        h5l_dtype_numpy(c->data->type, dt, sizeof dt);
        ac->be = dt[0] == '>';
        ac->tkind = dt[1];
        ac->size = (unsigned)atoi(dt + 2);
        ac->time_ns = ac->tkind == 'i' && ac->size == 8 && c->dtype_attr && strcmp(c->dtype_attr, "datetime64[ns]") == 0;
        if (c->kind == H5L_COL_STRING) {
            char ix[32];
            ac->kind = 1;
            h5l_dtype_numpy(c->indices->type, ix, sizeof ix);
            if (ix[1] != 'i' && ix[1] != 'u') { msg("append: %s: column '%s': offsets of type %s", path, c->name, ix); rc = EXIT_UNSUPPORTED; break; }
            ac->be = ix[0] == '>';
            ac->size = (unsigned)atoi(ix + 2);
            ac->data = app_open(a, app_path(p, sizeof p, gbuf, c->name, "data"), 1, &st, &e);
            ac->idx = app_open(a, app_path(p, sizeof p, gbuf, c->name, "indices"), ac->size, &st, &e);
            if (st != H5L_OK) break;
            ac->off = ac->data->at;       /* new strings go after the bytes there */
        } else {
            if (!strchr("iufb", ac->tkind) || (ac->tkind == 'f' && ac->size != 4 && ac->size != 8) || ac->size > 8 || !ac->size) {
                msg("append: %s: column '%s' has type %s: not appendable from CSV", path, c->name, dt);
                rc = EXIT_UNSUPPORTED;
                break;
            }
            ac->data = app_open(a, app_path(p, sizeof p, gbuf, c->name, "data"), ac->size, &st, &e);
        }
        if (st == H5L_OK && c->mask) ac->mask = app_open(a, app_path(p, sizeof p, gbuf, c->name, "mask"), 1, &st, &e);
        if (st == H5L_OK && c->null_bitmap) {
            ac->bm = app_open(a, app_path(p, sizeof p, gbuf, c->name, "null_bitmap"), 1, &st, &e);
            if (st == H5L_OK) {
                ac->bm->at = rows0 / 8;     /* a partial last byte is rewritten with the new bits */
                ac->nbits = (unsigned)(rows0 % 8);
                if (ac->nbits) st = h5l_dataset_info_read(c->null_bitmap, rows0 / 8, 1, &ac->bits, 1, NULL, &e);
                ac->bits &= (unsigned char)((1u << ac->nbits) - 1);
            }
        }
    }
    if (st != H5L_OK && !rc) rc = fail(st, &e, path);
    if (rc) goto done;
    /* the CSV: its header must name the table's columns in order */
    fp = fopen(csv, "rb");
    if (!fp) { msg("append: %s: %s", csv, strerror(errno)); rc = EXIT_OS; goto done; }
    if (csv_reader_open(&rd, fp) != 0) { msg("append: out of memory"); rc = EXIT_OS; goto done; }
    import_skip_bom(&rd);
    r = csv_record(&rd);
    if (r <= 0) { rc = r == 0 ? (msg("append: %s: empty CSV (no header row)", csv), EXIT_CORRUPT) : csv_error(r, csv, &rd); goto done; }
    {
        int same = rd.nf == ncols;
        for (i = 0; same && i < ncols; i++) {
            int changed = 0;
            char *nm = rewrite_name(csv_field_ptr(&rd, i), rd.flen[i], i, NULL, 0, &changed);
            same = nm && strcmp(nm, cols[i].name) == 0;
            free(nm);
        }
        if (!same) {
            msg("append: %s: the header does not match the columns of %s%s (%lu, in table order: the first is '%s')", csv, path,
                group ? "" : " /table", (unsigned long)ncols, ncols ? cols[0].name : "");
            rc = EXIT_CORRUPT;
            goto done;
        }
    }
    while (!rc && (r = csv_record(&rd)) == 1) {
        line = rd.line;
        if (rd.nf > ncols) {
            msg("append: %s: line %llu has %lu fields, the table %lu columns", csv, (unsigned long long)line, (unsigned long)rd.nf, (unsigned long)ncols);
            rc = EXIT_CORRUPT;
            break;
        }
        for (i = 0; i < ncols && !rc; i++) {
            int isnull = i >= rd.nf || (rd.flen[i] == 0 && !rd.quoted[i]);
            rc = app_value(&cols[i], isnull ? "" : csv_field_ptr(&rd, i), isnull ? 0 : rd.flen[i], isnull, line, csv, &e);
        }
        added++;
    }
    if (!rc && r < 0) rc = csv_error(r, csv, &rd);
    for (i = 0; !rc && i < ncols; i++) {
        app_col *c = &cols[i];
        st = H5L_OK;
        if (c->bm && c->nbits && added) st = app_put(c->bm, &c->bits, 1, &e);
        if (st == H5L_OK && c->data) st = app_flush(c->data, &e);
        if (st == H5L_OK && c->idx) st = app_flush(c->idx, &e);
        if (st == H5L_OK && c->bm) st = app_flush(c->bm, &e);
        if (st == H5L_OK && c->mask) st = app_flush(c->mask, &e);
        if (st != H5L_OK) rc = fail(st, &e, path);
    }
    if (!rc && (st = h5l_append_commit(a, &e)) != H5L_OK) rc = fail(st, &e, path);
done:
    h5l_append_close(a);           /* without a commit: the file as it was */
    for (i = 0; cols && i < ncols; i++) {
        free(cols[i].data);
        free(cols[i].idx);
        free(cols[i].bm);
        free(cols[i].mask);
    }
    free(cols);
    if (t) h5l_table_close(t);
    if (f) h5l_close(f);
    if (fp) fclose(fp);
    csv_reader_free(&rd);
    return rc;
}

/* ====================================================================== */
/* info                                                                     */
/* ====================================================================== */

static const char *chunk_index_name(unsigned k)
{
    static const char *const names[] = {"v1 B-tree", "single chunk", "implicit", "fixed array", "extensible array", "v2 B-tree"};
    return k < sizeof names / sizeof *names ? names[k] : "unknown";
}

/* One dataset's storage: layout, chunking, filters, stored against logical bytes. */
static void repack_progress(void *ctx, uint64_t done, uint64_t total)
{
    (void)ctx;
    if (total) fprintf(stderr, "\rmmapcol: repack %3u%%", (unsigned)(done * 100 / total));
}

static int cmd_repack(int argc, char **argv)
{
    h5l_repack_options o;
    h5l_error e;
    h5l_status st;
    const char *pos[2];
    int npos = 0, k, chunked = 0, contiguous = 0;
    h5l_file *f;
    memset(&o, 0, sizeof o);
    memset(&e, 0, sizeof e);
    for (k = 0; k < argc; k++) {
        if (strcmp(argv[k], "--layout") == 0 && k + 1 < argc) {
            k++;
            if (strcmp(argv[k], "contiguous") == 0) contiguous = 1;
            else if (strcmp(argv[k], "chunked") == 0) chunked = 1;
            else return usage_error("repack: --layout takes contiguous or chunked, not '%s'", argv[k]);
            continue;
        }
        if (strcmp(argv[k], "--chunk-rows") == 0 && k + 1 < argc) {
            if (!parse_chunk_rows(argv[++k], &o.chunk_rows))
                return usage_error("repack: --chunk-rows takes a number of rows from 1 to 4294967295, not '%s'", argv[k]);
            chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--compress") == 0 && k + 1 < argc) {
            if (!parse_compress(argv[++k], &o.compress, &o.level))
                return usage_error("repack: --compress takes deflate[:1-9], lzf or none, not '%s'", argv[k]);
            chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--shuffle") == 0) {
            o.chunk_flags |= H5L_CHUNK_SHUFFLE;
            chunked = 1;
            continue;
        }
        if (strcmp(argv[k], "--threads") == 0 && k + 1 < argc) {
            char *end;
            unsigned long t = strtoul(argv[++k], &end, 10);
            if (*end || end == argv[k] || t < 1 || t > 256) return usage_error("repack: --threads takes 1 to 256, not '%s'", argv[k]);
            o.threads = (unsigned)t;
            continue;
        }
        if (argv[k][0] == '-' && argv[k][1] == '-') return usage_error("repack: unknown option %s", argv[k]);
        if (npos == 2) return usage_error("repack: too many arguments");
        pos[npos++] = argv[k];
    }
    if (npos != 2) return usage_error("repack needs IN and OUT");
    if (chunked && contiguous) return usage_error("repack: --layout contiguous with chunking options");
    o.layout = chunked ? H5L_REPACK_CHUNKED : H5L_REPACK_CONTIGUOUS;
    if (!o.threads) o.threads = (unsigned)ncpus();
    /* progress for large inputs when stderr is a terminal */
    if (isatty(2) && h5l_open(pos[0], NULL, &f, &e) == H5L_OK) {
        h5l_file_info fi;
        h5l_file_get_info(f, &fi);
        if (fi.file_size >= ((uint64_t)256 << 20)) o.progress = repack_progress;
        h5l_close(f);
    }
    st = h5l_repack(pos[0], pos[1], &o, &e);
    if (o.progress) fputc('\n', stderr);
    if (st != H5L_OK) return fail(st, &e, pos[0]);
    return finish_output(0);
}

/* One "field value" line of info, or a JSON member: numbers (all digits,
 * or a ratio) bare, shapes as arrays, the rest as strings. */
static void info_kv(int json, int *first, const char *key, const char *fmt, ...)
{
    char v[600];
    va_list ap;
    size_t n, i;
    int num;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    if (!json) { printf("%s\t%s\n", key, v); return; }
    n = strlen(v);
    num = n > 0;
    for (i = 0; i < n; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] == '.' && strcmp(key, "ratio") == 0))) num = 0;
    printf("%s\"%s\": ", *first ? "{" : ", ", key);
    *first = 0;
    if (strstr(key, "shape")) out_json_shape(v, n);
    else if (num) out_s(v);
    else out_json_str(v, n);
}

static int cmd_info(int argc, char **argv)
{
    h5l_file *f = NULL;
    h5l_obj *o = NULL;
    h5l_error e;
    h5l_status st;
    const h5l_dataset_info *d;
    char dt[64], sh[512], buf[512];
    uint64_t logical, k;
    unsigned i;
    int rc = 0, json = 0, first = 1, a, npos = 0;
    const char *pos[2];
    for (a = 0; a < argc; a++) {
        if (strcmp(argv[a], "--json") == 0) json = 1;
        else if (argv[a][0] == '-' && argv[a][1] == '-') return usage_error("info: unknown option %s", argv[a]);
        else if (npos < 2) pos[npos++] = argv[a];
        else return usage_error("info: too many arguments");
    }
    if (npos != 2) return usage_error("info needs FILE and DATASET");
    memset(&e, 0, sizeof e);
    st = open_file(pos[0], &f, &e);
    if (st != H5L_OK) return fail(st, &e, pos[0]);
    st = h5l_obj_open(f, pos[1], &o, &e);
    if (st != H5L_OK) { rc = fail(st, &e, pos[1]); goto done; }
    d = h5l_obj_dataset(o);
    if (!d) { msg("%s: not a dataset", pos[1]); rc = EXIT_USAGE; goto done; }
    dtype_shape(d, dt, sizeof dt, sh, sizeof sh);
    logical = mul_ovf(d->space.npoints, d->type->size, &logical) ? UINT64_MAX : d->space.npoints * d->type->size;
    info_kv(json, &first, "dataset", "%s", pos[1]);
    info_kv(json, &first, "dtype", "%s", dt);
    info_kv(json, &first, "shape", "%s", sh);
    if (d->space.kind == H5L_SPACE_SIMPLE) {
        size_t o2 = 0;
        o2 += (size_t)snprintf(buf + o2, sizeof buf - o2, "(");
        for (i = 0; i < d->space.rank && o2 < sizeof buf - 40; i++) {
            if (d->space.maxdims[i] == UINT64_MAX) o2 += (size_t)snprintf(buf + o2, sizeof buf - o2, "%sNone", i ? ", " : "");
            else o2 += (size_t)snprintf(buf + o2, sizeof buf - o2, "%s%llu", i ? ", " : "", (unsigned long long)d->space.maxdims[i]);
        }
        snprintf(buf + o2, sizeof buf - o2, d->space.rank == 1 ? ",)" : ")");
        info_kv(json, &first, "maxshape", "%s", buf);
    }
    info_kv(json, &first, "layout", "%s%s", d->external ? "external " : "", layout_name(d->layout));
    if (d->layout == H5L_LAYOUT_CONTIGUOUS || d->layout == H5L_LAYOUT_COMPACT) {
        if (d->offset != H5L_NO_OFFSET) info_kv(json, &first, "offset", "%llu", (unsigned long long)d->offset);
        info_kv(json, &first, "stored_bytes", "%llu", (unsigned long long)(d->allocated ? d->storage_size : 0));
        info_kv(json, &first, "logical_bytes", "%llu", (unsigned long long)logical);
    }
    if (d->layout == H5L_LAYOUT_CHUNKED) {
        h5l_chunk_iter *it = NULL;
        h5l_chunk_info c;
        uint64_t n = 0, stored = 0, masked = 0;
        int fin = 0;
        size_t o2 = 0;
        o2 += (size_t)snprintf(buf, sizeof buf, "(");
        for (i = 0; i + 1 < d->chunk_rank && o2 < sizeof buf - 40; i++)
            o2 += (size_t)snprintf(buf + o2, sizeof buf - o2, "%s%llu", i ? ", " : "", (unsigned long long)d->chunk_dims[i]);
        snprintf(buf + o2, sizeof buf - o2, d->chunk_rank == 2 ? ",)" : ")");
        info_kv(json, &first, "chunk_shape", "%s", buf);
        info_kv(json, &first, "chunk_bytes", "%llu", (unsigned long long)h5l_chunk_bytes(d));
        info_kv(json, &first, "chunk_index", "%s", chunk_index_name(d->chunk_index));
        if (json) out_s(", \"filters\": [");
        for (i = 0; i < d->nfilters; i++) {
            const h5l_filter *fl = &d->filters[i];
            const char *known = h5l_filter_name(fl->id, NULL);
            const char *name = fl->name && fl->name[0] ? fl->name : known ? known : "-";
            if (json) {
                printf("%s{\"id\": %u, \"name\": ", i ? ", " : "", (unsigned)fl->id);
                out_json_str(name, strlen(name));
                printf(", \"optional\": %s, \"client_data\": [", (fl->flags & 1) ? "true" : "false");
                for (k = 0; k < fl->ncd; k++) printf("%s%lu", k ? ", " : "", (unsigned long)fl->cd[k]);
                out_s("]}");
                continue;
            }
            printf("filter\t%u %s%s", (unsigned)fl->id, name, (fl->flags & 1) ? " optional" : "");
            for (k = 0; k < fl->ncd; k++) printf("%s%lu", k ? "," : " (", (unsigned long)fl->cd[k]);
            printf(fl->ncd ? ")\n" : "\n");
        }
        if (json) out_c(']');
        st = h5l_chunk_iter_open(d, &it, &e);
        while (st == H5L_OK && (st = h5l_chunk_iter_next(it, &c, &fin, &e)) == H5L_OK && !fin) {
            n++;
            stored += c.stored_size;
            if (c.filter_mask) masked++;
        }
        h5l_chunk_iter_close(it);
        if (st != H5L_OK) {
            if (json) out_s("}\n");
            fflush(stdout);
            rc = fail(st, &e, pos[1]);
            goto done;
        }
        info_kv(json, &first, "chunks", "%llu", (unsigned long long)n);
        info_kv(json, &first, "chunks_skipping_a_filter", "%llu", (unsigned long long)masked);
        info_kv(json, &first, "stored_bytes", "%llu", (unsigned long long)stored);
        info_kv(json, &first, "logical_bytes", "%llu", (unsigned long long)logical);
        if (stored) info_kv(json, &first, "ratio", "%.3f", (double)logical / (double)stored);
    }
    if (json) out_s("}\n");
done:
    h5l_obj_close(o);
    h5l_close(f);
    return finish_output(rc);
}

/* ====================================================================== */
/* main                                                                     */
/* ====================================================================== */

static const char usage_text[] =
    "usage: mmapcol COMMAND [ARGS]   (mmapcol COMMAND --help for details)\n"
    "\n"
    "Inspect HDF5 files and move vaex tables to and from CSV, without libhdf5.\n"
    "\n"
    "  ls FILE [--json]                    every link: path kind dtype shape layout offset\n"
    "  cat FILE DATASET [--rows A:B:S]     the values as JSON\n"
    "  attrs FILE PATH                     the attributes of an object as a JSON object\n"
    "  table FILE [--group G] [--json]     the columns of a vaex table\n"
    "  export FILE [--group G] [--columns a,b] [--rows A:B:S] [--crlf]   a table as CSV\n"
    "  import CSV|- OUT [--group G] [--chunk-rows N] [--compress C] [--shuffle]\n"
    "                [--sample-rows N] [--verbose]   a CSV file (or stdin) as a new vaex table file\n"
    "  append CSV FILE [--group G]         the CSV's rows added to FILE's table, all or nothing\n"
    "  stats FILE [--group G] [--columns a,b] [--threads N] [--json]   per-column statistics\n"
    "  check FILE [--json]                 validate every structure of the file\n"
    "  info FILE DATASET [--json]          one dataset's storage: layout, chunks, filters\n"
    "  repack IN OUT [--layout contiguous|chunked] [--chunk-rows N] [--compress C]\n"
    "                [--shuffle] [--threads N]   copy the whole file, storage changed\n"
    "\n"
    "Exit codes: 0 success; 1 usage error or no such object/column/table;\n"
    "2 not an HDF5 file, corrupt file or malformed CSV; 3 valid HDF5 outside the\n"
    "supported subset (e.g. a filter hdf5lite does not decode); 4 I/O or other\n"
    "operating-system error.\n";

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} command;

static const command commands[] = {
    {"ls", cmd_ls,
     "usage: mmapcol ls FILE [--json]\n\n"
     "Every link reachable from the root group, sorted bytewise by path, one per line,\n"
     "TAB-separated: path, kind (group, dataset, datatype, softlink, extlink), numpy\n"
     "dtype (e.g. <f8, |S5, |O), shape as a Python tuple (None for a null dataspace;\n"
     "array element types add their dimensions), layout (contiguous, compact, chunked,\n"
     "virtual) and the absolute file offset of contiguous data. Groups, datatypes and\n"
     "links show '-' in the last four fields. The root is '/'. A group reached again\n"
     "through another hard link is listed but not descended into. An object that\n"
     "cannot be described (outside the supported subset, or corrupt) is listed with\n"
     "'-' in every field and the listing goes on; then the exit status is 3 (2 if any\n"
     "object is corrupt) and one stderr line names the first such object. --json: one\n"
     "JSON array of objects (path, kind, dtype, shape as an array, layout, offset; null\n"
     "for '-'; status and error for an object that could not be described).\n"},
    {"cat", cmd_cat,
     "usage: mmapcol cat FILE PATH [--rows START:STOP[:STEP]]\n\n"
     "The dataset's values as one JSON document: nested arrays following the shape, a\n"
     "bare value for a scalar, null for a null dataspace. Integers exact; floats in\n"
     "shortest round-trip form (NaN, Infinity, -Infinity bare); bools true/false;\n"
     "strings with their padding removed; compounds as objects; enums as integers;\n"
     "opaque data as lowercase hex. --rows START:STOP[:STEP] selects rows of the\n"
     "first dimension as a Python slice does (bounds may be omitted or negative,\n"
     "the step negative). Virtual and external storage and filters hdf5lite does\n"
     "not decode exit with status 3. PATH may also be a table column's group\n"
     "(<table>/columns/<name>): its values as one JSON array, strings as strings,\n"
     "nulls as null, datetime64/timedelta64 as ISO 8601 strings.\n"},
    {"attrs", cmd_attrs,
     "usage: mmapcol attrs FILE PATH\n\n"
     "All attributes of the object at PATH as one JSON object (values as in cat).\n"},
    {"table", cmd_table,
     "usage: mmapcol table FILE [--group G] [--json]\n\n"
     "The columns of the vaex table in G (default /table, else vaex's older layouts:\n"
     "/data, datasets in the root group, /columns), in column_order, TAB-separated:\n"
     "name (the column group's name, as vaex), kind (primitive, string, dictionary),\n"
     "type (numpy dtype, 'str', the dtype attribute e.g. datetime64[ns], dict:<type>),\n"
     "rows, nulls; a sixth field 'unreadable: WHY' marks a column whose values\n"
     "hdf5lite cannot read (a filter it does not decode, virtual or external\n"
     "storage). A column that cannot be opened is an error (never left out);\n"
     "dangling soft links and external links are not columns; a G that is not a\n"
     "table, or datasets side by side of unequal length, is an error (exit 1).\n"
     "--json: one JSON array of objects (readable: false and why where marked).\n"},
    {"export", cmd_export,
     "usage: mmapcol export FILE [--group G] [--columns a,b] [--rows START:STOP[:STEP]]\n"
     "                      [--crlf] [--threads N]\n\n"
     "The table as CSV on stdout: a header row, then one row per selected table\n"
     "row, LF line ends (--crlf: CRLF, as RFC 4180 writes). Nulls are empty fields;\n"
     "an empty (non-null) string is written as \"\". Floats in the shortest text\n"
     "that reads back to the same value at their own width (float16/32/64; nan,\n"
     "inf, -inf), bools as true/false, datetime64 columns as ISO 8601 timestamps\n"
     "with the unit's precision (2021-03-04T05:06:07.123456789), timedelta64 as\n"
     "ISO 8601 durations (P1DT2H3M4.5S); NaT is a null. --rows takes a Python\n"
     "slice (negative bounds count from the end; a STEP, also negative). Rows\n"
     "are formatted in blocks on N threads (default: the number of CPUs) and\n"
     "written in order. A progress line is shown when stderr is a terminal and\n"
     "the export is large.\n"},
    {"import", cmd_import,
     "usage: mmapcol import CSV|- OUT [--group G] [--chunk-rows N]\n"
     "                      [--compress deflate[:LEVEL]|lzf|none] [--shuffle]\n"
     "                      [--sample-rows N] [--verbose]\n\n"
     "Read CSV (RFC 4180: a header row; quoted fields may hold commas, quotes and\n"
     "newlines; UTF-8) and write OUT as a vaex table in G (default /table). Each\n"
     "column becomes int64, float64 (also when ints and floats mix, or when an\n"
     "integer does not fit int64), bool (true/false, True/False, TRUE/FALSE),\n"
     "datetime64[ns] (ISO 8601: 2021-03-04, 2021-03-04T05:06:07.5, a space for the\n"
     "T, a trailing Z) or string. An empty unquoted field is a null (stored in\n"
     "null_bitmap; NaT in a time column); a quoted empty field \"\" is an empty\n"
     "string. A column with only nulls is float64. Column names: '/' and ','\n"
     "become '_', an empty name becomes column_N, a name of dots only becomes\n"
     "underscores, a repeated name gets _2, _3, ... (--verbose reports each). A\n"
     "CSV file is read twice; memory use does not grow with the number of rows.\n"
     "CSV '-' reads standard input once: the first --sample-rows records\n"
     "(default 100000) are kept and give the types; every dataset is chunked and\n"
     "extendible, with a null_bitmap and int64 string offsets; a later value that\n"
     "does not fit its column's type ends the import (exit 2, nothing written).\n"
     "A progress line is shown when stderr is a terminal and the input is large.\n"
     "Any of --chunk-rows, --compress, --shuffle makes every dataset chunked and\n"
     "extendible (h5py's maxshape=(None,)): N rows a chunk (default: about\n"
     "512 KiB of rows; a string's bytes in chunks of 8 x N), compressed with\n"
     "deflate (h5py's gzip; LEVEL 1-9, default 6) or LZF, the bytes shuffled\n"
     "first with --shuffle. Chunks are compressed as the rows arrive: memory\n"
     "stays at one chunk per dataset.\n"},
    {"append", cmd_append,
     "usage: mmapcol append CSV FILE [--group G]\n\n"
     "Append the rows of CSV to the vaex table in G (default /table) of FILE,\n"
     "all or nothing: the file holds either none of them or all of them, even\n"
     "if the process is killed or the power fails (hdf5lite's commit: new\n"
     "chunks and copies of the changed metadata past the end of the file, then\n"
     "one switch of the superblock). The header must name the table's columns\n"
     "in its order (with import's name rewrites); values must fit the column\n"
     "types (int ranges, bool words, float32 range); an empty unquoted field is\n"
     "a null and needs the column's null_bitmap or mask. Every dataset of the\n"
     "table must be chunked with an unlimited first dimension (mmapcol import\n"
     "--chunk-rows/--compress/--shuffle, h5py maxshape=(None,)). On any error\n"
     "FILE is left as it was. Memory: one chunk row band per dataset.\n"},
    {"stats", cmd_stats,
     "usage: mmapcol stats FILE [--group G] [--columns a,b] [--threads N] [--json]\n\n"
     "Per column, computed straight off the file mapping, columns in parallel\n"
     "(N threads, default: the number of CPUs): TAB-separated name, type, rows,\n"
     "nulls, min, max, mean. Nulls and NaNs are left out of min/max/mean; string\n"
     "columns show the minimum, maximum and mean length in bytes ('len N');\n"
     "datetime64/timedelta64 columns ISO 8601 values (NaT left out; the mean exact).\n"
     "--columns: only those; --json: one JSON array of objects.\n"},
    {"info", cmd_info,
     "usage: mmapcol info FILE DATASET [--json]\n\n"
     "One dataset's storage, one TAB-separated 'field value' line each: dataset,\n"
     "dtype, shape, maxshape (None = unlimited), layout; contiguous and compact: offset,\n"
     "stored_bytes, logical_bytes; chunked: chunk_shape, chunk_bytes, chunk_index (v1\n"
     "B-tree, single chunk, implicit, fixed array, extensible array, v2 B-tree), a filter\n"
     "line per pipeline filter (id, name, 'optional', client data), chunks allocated,\n"
     "chunks_skipping_a_filter, stored_bytes, logical_bytes and ratio (logical/stored).\n"
     "--json: one JSON object (filters as an array of objects).\n"},
    {"repack", cmd_repack,
     "usage: mmapcol repack IN OUT [--layout contiguous|chunked] [--chunk-rows N]\n"
     "                      [--compress deflate[:LEVEL]|lzf|none] [--shuffle] [--threads N]\n\n"
     "Copy the whole tree of IN to OUT -- groups, datasets, attributes, committed\n"
     "datatypes, soft and external links; objects with several hard links stay\n"
     "shared -- changing only how datasets are stored. Default: contiguous, so that\n"
     "every dataset maps (vaex reads the result without copying). Any of\n"
     "--chunk-rows, --compress, --shuffle (or --layout chunked) stores datasets in\n"
     "chunks as import does (scalars and empty dataspaces stay contiguous). Types,\n"
     "shapes and values are kept. Chunks are decoded on N threads (default: the\n"
     "number of CPUs). OUT appears only when complete: on any failure nothing is\n"
     "left at OUT. An object that cannot be copied (a filter hdf5lite does not\n"
     "decode, virtual or external storage, region references in an attribute,\n"
     "object references inside a compound attribute) is named on stderr with exit\n"
     "status 3. A progress line is\n"
     "shown when stderr is a terminal and IN is large.\n"},
    {"check", cmd_check,
     "usage: mmapcol check FILE [--json]\n\n"
     "Walk every object reachable from the root, read every dataset and attribute\n"
     "(resolving variable-length data) and open every table. Prints one line per\n"
     "problem (error) or unreadable-but-valid structure (note), then a summary.\n"
     "An object that cannot be read does not end the walk: its siblings and the rest\n"
     "of the file are still checked. Exit 0 when sound (notes allowed), 2 when a\n"
     "problem was found. --json: one object (file, findings, objects, problems,\n"
     "notes, ok).\n"},
};

#if !defined(MMAPCOL_NO_MAIN)   /* tests and fuzz targets include this file for its parts */
int main(int argc, char **argv)
{
    size_t i;
    static char outbuf[1 << 16];
#if defined(_WIN32)
    _setmode(_fileno(stdout), _O_BINARY); /* the same bytes as on POSIX: no CR added */
#endif
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (argc < 2) return usage_error("no command given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return finish_output(0);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("mmapcol (hdf5lite %s)\n", h5l_version());
        return finish_output(0);
    }
    for (i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int k;
            for (k = 2; k < argc; k++)
                if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
                    fputs(commands[i].help, stdout);
                    return finish_output(0);
                }
            return commands[i].fn(argc - 2, argv + 2);
        }
    }
    return usage_error("unknown command '%s'", argv[1]);
}
#endif
