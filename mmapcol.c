/*
 * mmapcol — inspect HDF5 files, move vaex tables to and from CSV, and compute
 * straight off the memory map. Built on the public hdf5lite API only.
 *
 *   mmapcol ls FILE
 *   mmapcol cat FILE DATASET [--rows START:STOP]
 *   mmapcol attrs FILE PATH
 *   mmapcol table FILE [--group G]
 *   mmapcol export FILE [--group G] [--columns a,b] [--rows START:STOP]
 *   mmapcol import CSV OUT [--group G] [--chunk-rows N] [--compress deflate[:L]|lzf|none] [--shuffle]
 *   mmapcol append CSV FILE [--group G]
 *   mmapcol stats FILE [--group G] [--threads N]
 *   mmapcol check FILE
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

/* Shortest text that parses back to the same value at the width (2, 4 or
 * 8 bytes), laid out as Python's repr(float): fixed notation with at least
 * one decimal for exponents -4..15 ("1.0", "0.0001", "123.5"), else
 * scientific ("1e+16", "1.5e-07"). force_point is kept for the callers: the
 * repr form always marks a float. */
static void fmt_float(char *buf, size_t n, double v, int width, int json, int force_point)
{
    char tmp[64], digits[32];
    int prec, exp10, nd = 0, neg, i;
    size_t o = 0;
    char *ep;
    (void)force_point;
    if (isnan(v)) { snprintf(buf, n, "%s", json ? "NaN" : "nan"); return; }
    if (isinf(v)) { snprintf(buf, n, "%s", v < 0 ? (json ? "-Infinity" : "-inf") : (json ? "Infinity" : "inf")); return; }
    for (prec = 1; prec <= 17; prec++) {
        double back;
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        back = strtod(tmp, NULL);
        if (width == 2 ? double_to_half(back) == double_to_half(v)
            : width == 4 ? (float)back == (float)v
            : back == v)
            break;
    }
    neg = tmp[0] == '-';
    for (i = neg; tmp[i] && tmp[i] != 'e'; i++)
        if (tmp[i] >= '0' && tmp[i] <= '9' && nd < (int)sizeof digits - 1) digits[nd++] = tmp[i];
    ep = strchr(tmp, 'e');
    exp10 = ep ? atoi(ep + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    if (n < 40) { if (n) buf[0] = 0; return; }   /* callers pass 64 bytes */
    if (neg) buf[o++] = '-';
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 >= 0) {
            for (i = 0; i <= exp10; i++) buf[o++] = i < nd ? digits[i] : '0';
            buf[o++] = '.';
            if (nd > exp10 + 1) for (i = exp10 + 1; i < nd; i++) buf[o++] = digits[i];
            else buf[o++] = '0';
        } else {
            buf[o++] = '0';
            buf[o++] = '.';
            for (i = 0; i < -exp10 - 1; i++) buf[o++] = '0';
            for (i = 0; i < nd; i++) buf[o++] = digits[i];
        }
        buf[o] = 0;
    } else {
        buf[o++] = digits[0];
        if (nd > 1) {
            buf[o++] = '.';
            for (i = 1; i < nd; i++) buf[o++] = digits[i];
        }
        snprintf(buf + o, n - o, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    }
}

/* Shortest round-trip text at each width (Python repr layout); at most 32
 * bytes, NUL-terminated; the length is returned. */
static size_t fmt_f64(char *b, double v) { fmt_float(b, 64, v, 8, 0, 1); return strlen(b); }
static size_t fmt_f32(char *b, float v) { fmt_float(b, 64, (double)v, 4, 0, 1); return strlen(b); }
static double half_to_double(uint16_t h)
{
    unsigned e = (h >> 10) & 0x1f, m = h & 0x3ff;
    double v = e == 0 ? ldexp((double)m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp((double)(m | 0x400), (int)e - 25);
    return (h & 0x8000) ? -v : v;
}
static size_t fmt_f16(char *b, uint16_t bits) { fmt_float(b, 64, half_to_double(bits), 2, 0, 1); return strlen(b); }
static size_t fmt_i64(char *b, int64_t v) { return (size_t)snprintf(b, 24, "%lld", (long long)v); }
static size_t fmt_u64(char *b, uint64_t v) { return (size_t)snprintf(b, 24, "%llu", (unsigned long long)v); }

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
typedef struct ls_child {
    char *name;
    size_t name_len;
    h5l_link_type type;
    uint64_t addr;
} ls_child;

struct ls_state;
typedef struct ls_frame {
    char *prefix;
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

static char *arena_copy(str_arena *a, const char *str, size_t len)
{
    char *d;
    if (!a->n || a->size - a->used < len + 1) {
        size_t sz = len + 1 > 65536 ? len + 1 : 65536;
        if (grow((void **)&a->blocks, &a->cap, a->n + 1, sizeof *a->blocks) != 0) return NULL;
        if (!(a->blocks[a->n] = (char *)xmalloc(sz))) return NULL;
        a->n++;
        a->used = 0;
        a->size = sz;
    }
    d = a->blocks[a->n - 1] + a->used;
    memcpy(d, str, len);
    d[len] = 0;
    a->used += len + 1;
    return d;
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

static int vis_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Visited set: a sorted array (binary search, insertion). 1 if newly added,
 * 0 if present, -1 out of memory. */
static int visit(ls_state *s, uint64_t addr)
{
    size_t lo = 0, hi = s->nvis;
    if (s->nvis && bsearch(&addr, s->visited, s->nvis, sizeof *s->visited, vis_cmp)) return 0;
    if (grow((void **)&s->visited, &s->capvis, s->nvis + 1, sizeof *s->visited) != 0) return -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->visited[mid] < addr) lo = mid + 1;
        else hi = mid;
    }
    memmove(s->visited + lo + 1, s->visited + lo, (s->nvis - lo) * sizeof *s->visited);
    s->visited[lo] = addr;
    s->nvis++;
    return 1;
}

static int kid_cb(void *ctx, const h5l_link *l)
{
    ls_frame *fr = (ls_frame *)ctx;
    ls_child *k;
    if (grow((void **)&fr->kids, &fr->cap, fr->n + 1, sizeof *fr->kids) != 0) { fr->oom = 1; return 1; }
    k = &fr->kids[fr->n];
    k->name = arena_copy(&fr->s->strs, l->name, l->name_len);
    if (!k->name) { fr->oom = 1; return 1; }
    k->name_len = l->name_len;
    k->type = l->type;
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
            if (b->name_len > a->name_len && memcmp(a->name, b->name, a->name_len) == 0 && (unsigned char)b->name[a->name_len] < '/') {
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

static h5l_status walk_tree(h5l_file *f, ls_state *s, int stream, int json, h5l_error *e)
{
    h5l_obj *root = NULL;
    h5l_status st;
    memset(s, 0, sizeof *s);
    s->f = f;
    s->stream = stream;
    s->json = json;
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
        if (++s->walked % 1024 == 0) h5l_file_release_pages(f);
        {
            size_t pl = strlen(fr->prefix);
            if (grow((void **)&s->pbuf, &s->pcap, pl + k->name_len + 2, 1) != 0) { snprintf(e->msg, sizeof e->msg, "out of memory"); return H5L_ENOMEM; }
            path = s->pbuf;
            memcpy(path, fr->prefix, pl);
            path[pl] = '/';
            memcpy(path + pl + 1, k->name, k->name_len);
            path[pl + 1 + k->name_len] = 0;
        }
        if (k->type == H5L_LINK_SOFT) snprintf(rest, sizeof rest, "softlink\t-\t-\t-\t-");
        else if (k->type == H5L_LINK_EXTERNAL) snprintf(rest, sizeof rest, "extlink\t-\t-\t-\t-");
        else if (k->type != H5L_LINK_HARD) snprintf(rest, sizeof rest, "unknown\t-\t-\t-\t-");
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
            else if (h5l_obj_get_kind(o) == H5L_OBJ_DATATYPE) snprintf(rest, sizeof rest, "datatype\t-\t-\t-\t-");
            else if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP) snprintf(rest, sizeof rest, "group\t-\t-\t-\t-");
            else snprintf(rest, sizeof rest, "unknown\t-\t-\t-\t-");
        }
        if (add_entry(s, path, rest) != 0) {
            h5l_obj_close(o);
            snprintf(e->msg, sizeof e->msg, "out of memory");
            return H5L_ENOMEM;
        }
        if (o && h5l_obj_get_kind(o) == H5L_OBJ_GROUP) {
            int v = visit(s, k->addr);
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
    st = open_file(argv[0], &f, &e);
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

/* Emit the selected rows of dataset o (nested arrays), or its one element
 * (as_scalar). Rows are read a block at a time: consecutive rows in blocks
 * of about 1 MiB (whole chunks), strided ones through a block that holds
 * the row (one chunk, or the one row of contiguous data). */
static h5l_status cat_rows(h5l_file *f, h5l_obj *o, const h5l_dataset_info *d, const row_sel *rs, int as_scalar, h5l_error *e)
{
    uint64_t rowbytes = d->type->size, rows_per_block, done = 0, nrows = as_scalar ? 1 : d->space.dims[0];
    uint64_t count = as_scalar ? 1 : rs->count, b0 = 0, bn = 0;
    int contiguous = as_scalar || rs->step == 1;
    unsigned k;
    unsigned char *buf;
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
    rows_per_block = rowbytes >= (1u << 20) ? 1 : (1u << 20) / rowbytes;
    if (d->layout == H5L_LAYOUT_CHUNKED && d->chunk_rank > 1 && d->chunk_dims[0] > 0) {
        /* whole chunks per block: no chunk is decoded twice */
        uint64_t c = d->chunk_dims[0];
        rows_per_block = rows_per_block < c ? c : rows_per_block / c * c;
        if (rows_per_block > SIZE_MAX / rowbytes) rows_per_block = 1;
    }
    if (rowbytes > SIZE_MAX) {
        snprintf(e->msg, sizeof e->msg, "row too large for memory");
        return H5L_ENOMEM;
    }
    buf = (unsigned char *)xmalloc((size_t)(rows_per_block * rowbytes));
    if (!buf) {
        snprintf(e->msg, sizeof e->msg, "out of memory for a %llu-byte row", (unsigned long long)rowbytes);
        return H5L_ENOMEM;
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
            st = h5l_dataset_read_raw(o, (as_scalar ? 0 : rs->start) + done, n, buf, (size_t)(n * rowbytes), e);
            for (i = 0; i < n && st == H5L_OK; i++) {
                if (as_scalar) {
                    st = emit_elem(f, d->type, buf, 0, e);
                } else {
                    if (done + i) out_s(", ");
                    st = emit_array(f, d->type, buf + i * rowbytes, d->space.dims + 1, d->space.rank - 1, 0, e);
                }
            }
            done += n;
            continue;
        }
        {
            uint64_t row = sel_row(rs, done);
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
                r->why = unreadable_why(h5l_obj_dataset(ix));
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
    if (!r->why) r->why = unreadable_why(h5l_obj_dataset(data));
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

/* Add the rows of c (a mapped column, or a block of one) to s. */
static void stats_num(col_stats *s, const h5l_column *c)
{
    const h5l_dataset_info *d = c->data;
    const h5l_dtype *t = d->type;
    uint64_t i, rows = c->rows;
    int nullable = c->mask || c->null_bitmap;
    int native = t->order == (host_be() ? H5L_BE : H5L_LE);
    double sum = s->sum, comp = s->comp;
    if (t->cls == H5L_CLASS_FLOAT) {
        for (i = 0; i < rows; i++) {
            double v;
            if (nullable && h5l_column_is_null(c, i)) continue;
            /* typed pointer when aligned and native, else decode */
            if (d->data && native && t->size == 8 && t->mant_size == 52 && d->data_align >= 8) v = ((const double *)d->data)[i];
            else if (d->data && native && t->size == 4 && t->mant_size == 23 && d->data_align >= 4) v = ((const float *)d->data)[i];
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
    if (rowbytes > ((uint64_t)1 << 30)) { snprintf(e->msg, sizeof e->msg, "rows of %llu bytes not checked", (unsigned long long)rowbytes); return H5L_EUNSUPPORTED; }
    per = rowbytes >= (1u << 20) ? 1 : (1u << 20) / rowbytes;
    if (d->layout == H5L_LAYOUT_CHUNKED && d->chunk_rank > 1 && d->chunk_dims[0] > 0) {
        /* every chunk decoded once: checksums, streams, sizes */
        uint64_t c = d->chunk_dims[0];
        per = per < c ? c : per / c * c;
        if (per > rows) per = rows;
        if (per > ((uint64_t)1 << 31) / rowbytes) per = ((uint64_t)1 << 31) / rowbytes ? ((uint64_t)1 << 31) / rowbytes : 1;
    }
    buf = (unsigned char *)xmalloc((size_t)(per * rowbytes));
    if (!buf) { snprintf(e->msg, sizeof e->msg, "out of memory"); return H5L_ENOMEM; }
    refs = type_has_refs(d->type, 0) || d->type->cls == H5L_CLASS_STRING;
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
                if (!z || z + 1 == end) {
                    if (!r->eof) return 2;
                    if (!z) return -2;
                }
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

static int is_int_text(const char *s, size_t n, int64_t *v)
{
    char tmp[32];
    size_t i = 0;
    char *end;
    long long x;
    if (n == 0 || n >= sizeof tmp) return 0;
    if (s[0] == '+' || s[0] == '-') i = 1;
    if (i == n) return 0;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    errno = 0;
    x = strtoll(tmp, &end, 10);
    if (errno == ERANGE || *end) return 0;
    *v = (int64_t)x;
    return 1;
}

static int ieq(const char *a, size_t n, const char *b)
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

static int is_float_text(const char *s, size_t n, double *v)
{
    char tmp[512];
    size_t i = 0;
    char *end;
    const char *w;
    size_t wn;
    int neg = 0, digits = 0;
    if (n == 0 || n >= sizeof tmp) return 0;
    if (s[0] == '+' || s[0] == '-') { neg = s[0] == '-'; i = 1; }
    w = s + i;
    wn = n - i;
    if (ieq(w, wn, "nan")) { *v = NAN; return 1; }
    if (ieq(w, wn, "inf") || ieq(w, wn, "infinity")) { *v = neg ? -INFINITY : INFINITY; return 1; }
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') digits = 1;
        else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') return 0;
    }
    if (!digits) return 0;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    *v = strtod(tmp, &end);
    return *end == 0;
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
    if (r == -2) { msg("import: %s: line %llu: unterminated quoted field", path, (unsigned long long)rd->line); return EXIT_CORRUPT; }
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
    "  ls FILE                             every link: path kind dtype shape layout offset\n"
    "  cat FILE DATASET [--rows A:B:S]     the values as JSON\n"
    "  attrs FILE PATH                     the attributes of an object as a JSON object\n"
    "  table FILE [--group G]              the columns of a vaex table\n"
    "  export FILE [--group G] [--columns a,b] [--rows A:B:S] [--crlf]   a table as CSV\n"
    "  import CSV OUT [--group G] [--chunk-rows N] [--compress C] [--shuffle]\n"
    "                                      a CSV file as a new vaex table file\n"
    "  append CSV FILE [--group G]         the CSV's rows added to FILE's table, all or nothing\n"
    "  stats FILE [--group G] [--threads N]   per-column statistics\n"
    "  check FILE                          validate every structure of the file\n"
    "  info FILE DATASET                   one dataset's storage: layout, chunks, filters\n"
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
     "usage: mmapcol ls FILE\n\n"
     "Every link reachable from the root group, sorted bytewise by path, one per line,\n"
     "TAB-separated: path, kind (group, dataset, datatype, softlink, extlink), numpy\n"
     "dtype (e.g. <f8, |S5, |O), shape as a Python tuple (None for a null dataspace;\n"
     "array element types add their dimensions), layout (contiguous, compact, chunked,\n"
     "virtual) and the absolute file offset of contiguous data. Groups, datatypes and\n"
     "links show '-' in the last four fields. The root is '/'. A group reached again\n"
     "through another hard link is listed but not descended into. An object that\n"
     "cannot be described (outside the supported subset, or corrupt) is listed with\n"
     "'-' in every field and the listing goes on; then the exit status is 3 (2 if any\n"
     "object is corrupt) and one stderr line names the first such object.\n"},
    {"cat", cmd_cat,
     "usage: mmapcol cat FILE DATASET [--rows START:STOP]\n\n"
     "The dataset's values as one JSON document: nested arrays following the shape, a\n"
     "bare value for a scalar, null for a null dataspace. Integers exact; floats in\n"
     "shortest round-trip form (NaN, Infinity, -Infinity bare); bools true/false;\n"
     "strings with their padding removed; compounds as objects; enums as integers;\n"
     "opaque data as lowercase hex. --rows START:STOP[:STEP] selects rows of the\n"
     "first dimension as a Python slice does (bounds may be omitted or negative,\n"
     "the step negative). Virtual and external storage and filters hdf5lite does\n"
     "not decode exit with status 3.\n"},
    {"attrs", cmd_attrs,
     "usage: mmapcol attrs FILE PATH\n\n"
     "All attributes of the object at PATH as one JSON object (values as in cat).\n"},
    {"table", cmd_table,
     "usage: mmapcol table FILE [--group G]\n\n"
     "The columns of the vaex table in G (default /table, else vaex's older layouts:\n"
     "/data, datasets in the root group, /columns), in column_order, TAB-separated:\n"
     "name (the column group's name, as vaex), kind (primitive, string, dictionary),\n"
     "type (numpy dtype, 'str', the dtype attribute e.g. datetime64[ns], dict:<type>),\n"
     "rows, nulls. A column that cannot be opened is an error (never left out);\n"
     "dangling soft links and external links are not columns.\n"},
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
     "usage: mmapcol import CSV OUT [--group G] [--chunk-rows N]\n"
     "                      [--compress deflate[:LEVEL]|lzf|none] [--shuffle]\n\n"
     "Read CSV (RFC 4180: a header row; quoted fields may hold commas, quotes and\n"
     "newlines; UTF-8) and write OUT as a vaex table in G (default /table). Each\n"
     "column becomes int64, float64 (also when ints and floats mix, or when an\n"
     "integer does not fit int64), bool (true/false, True/False, TRUE/FALSE) or\n"
     "string. An empty unquoted field is a null (stored in null_bitmap); a quoted\n"
     "empty field \"\" is an empty string. A column with only nulls is float64.\n"
     "Column names: '/' and ',' become '_', an empty name becomes column_N, a\n"
     "name of dots only becomes underscores, a repeated name gets _2, _3, ...\n"
     "(each rewrite is reported on stderr). The CSV is read twice (it must be a\n"
     "regular file); memory use does not grow with the number of rows. A progress\n"
     "line is shown when stderr is a terminal and the input is large.\n"
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
     "usage: mmapcol stats FILE [--group G] [--threads N]\n\n"
     "Per column, computed straight off the file mapping, columns in parallel\n"
     "(N threads, default: the number of CPUs): TAB-separated name, type, rows,\n"
     "nulls, min, max, mean. Nulls and NaNs are left out of min/max/mean; string\n"
     "columns show the minimum, maximum and mean length in bytes ('len N').\n"},
    {"info", cmd_info,
     "usage: mmapcol info FILE DATASET\n\n"
     "One dataset's storage, one TAB-separated 'field value' line each: dataset,\n"
     "dtype, shape, maxshape (None = unlimited), layout; contiguous and compact: offset,\n"
     "stored_bytes, logical_bytes; chunked: chunk_shape, chunk_bytes, chunk_index (v1\n"
     "B-tree, single chunk, implicit, fixed array, extensible array, v2 B-tree), a filter\n"
     "line per pipeline filter (id, name, 'optional', client data), chunks allocated,\n"
     "chunks_skipping_a_filter, stored_bytes, logical_bytes and ratio (logical/stored).\n"},
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
     "usage: mmapcol check FILE\n\n"
     "Walk every object reachable from the root, read every dataset and attribute\n"
     "(resolving variable-length data) and open every table. Prints one line per\n"
     "problem (error) or unreadable-but-valid structure (note), then a summary.\n"
     "An object that cannot be read does not end the walk: its siblings and the rest\n"
     "of the file are still checked. Exit 0 when sound (notes allowed), 2 when a\n"
     "problem was found.\n"},
};

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
