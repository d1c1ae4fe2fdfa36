/*
 * test_write_interop.c — writes, through the public writer API only, a set of
 * HDF5 files that cover every element type, rank, attribute kind, name shape
 * and vaex column kind, and beside each file the values it is expected to
 * hold, produced by the same deterministic generator that produced the data
 * (never by reading the file back):
 *
 *   DIR/<name>.h5              the file written by hdf5lite
 *   DIR/<name>.manifest.jsonl  one JSON object per line: every group,
 *                              dataset (dtype h5py should report, shape,
 *                              where its expected bytes are) and attribute
 *   DIR/<name>.expect.bin      the expected raw bytes of every dataset and
 *                              numeric/fixed-string attribute
 *
 * tests/check_write.py then reads every file with h5py, h5dump, h5ls, h5diff,
 * PyTables and h5wasm and compares.  This program also checks what the API
 * itself promises (alignment, sizes, offsets, NULL pointers for empty or
 * unmapped datasets, error codes for clashes).
 *
 * Usage: test_write_interop DIR [--big] [--only NAME]
 *   --big   also write big.h5 (> 4 GiB sparse, a column over 2^31 rows)
 * Exit status: 0 when every check passed.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "hdf5lite.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- checks */

typedef struct counters {
    unsigned pass, fail;
    pthread_mutex_t mu;
} counters;

static counters C = {0, 0, PTHREAD_MUTEX_INITIALIZER};

static void check(int ok, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&C.mu);
    if (ok) {
        C.pass++;
    } else {
        C.fail++;
        fputs("FAIL: ", stdout);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        fflush(stdout);
    }
    pthread_mutex_unlock(&C.mu);
}

/* check a status: prints the error when not OK */
static int ok_st(h5l_status st, const h5l_error *e, const char *what, const char *obj)
{
    check(st == H5L_OK, "%s(%s): %s: %s", what, obj, h5l_status_name(st), st == H5L_OK ? "" : e->msg);
    return st == H5L_OK;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* ------------------------------------------------------------ generator */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t seed_of(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ull;
    }
    return h;
}

typedef enum tkind { K_INT, K_UINT, K_FLOAT, K_BOOL, K_STR, K_USTR } tkind;

typedef struct tinfo {
    h5l_type_code code;
    const char *name;     /* used in object names */
    const char *np;       /* numpy dtype.str h5py reports */
    unsigned size;
    tkind kind;
    int be;
} tinfo;

static const tinfo TYPES[] = {
    {H5L_T_I8, "i8", "|i1", 1, K_INT, 0},
    {H5L_T_I8 | H5L_T_BE, "i8be", "|i1", 1, K_INT, 1},
    {H5L_T_I16, "i16", "<i2", 2, K_INT, 0},
    {H5L_T_I16 | H5L_T_BE, "i16be", ">i2", 2, K_INT, 1},
    {H5L_T_I32, "i32", "<i4", 4, K_INT, 0},
    {H5L_T_I32 | H5L_T_BE, "i32be", ">i4", 4, K_INT, 1},
    {H5L_T_I64, "i64", "<i8", 8, K_INT, 0},
    {H5L_T_I64 | H5L_T_BE, "i64be", ">i8", 8, K_INT, 1},
    {H5L_T_U8, "u8", "|u1", 1, K_UINT, 0},
    {H5L_T_U8 | H5L_T_BE, "u8be", "|u1", 1, K_UINT, 1},
    {H5L_T_U16, "u16", "<u2", 2, K_UINT, 0},
    {H5L_T_U16 | H5L_T_BE, "u16be", ">u2", 2, K_UINT, 1},
    {H5L_T_U32, "u32", "<u4", 4, K_UINT, 0},
    {H5L_T_U32 | H5L_T_BE, "u32be", ">u4", 4, K_UINT, 1},
    {H5L_T_U64, "u64", "<u8", 8, K_UINT, 0},
    {H5L_T_U64 | H5L_T_BE, "u64be", ">u8", 8, K_UINT, 1},
    {H5L_T_F16, "f16", "<f2", 2, K_FLOAT, 0},
    {H5L_T_F16 | H5L_T_BE, "f16be", ">f2", 2, K_FLOAT, 1},
    {H5L_T_F32, "f32", "<f4", 4, K_FLOAT, 0},
    {H5L_T_F32 | H5L_T_BE, "f32be", ">f4", 4, K_FLOAT, 1},
    {H5L_T_F64, "f64", "<f8", 8, K_FLOAT, 0},
    {H5L_T_F64 | H5L_T_BE, "f64be", ">f8", 8, K_FLOAT, 1},
    {H5L_T_BOOL, "bool", "|b1", 1, K_BOOL, 0},
    {H5L_T_STR(1), "S1", "|S1", 1, K_STR, 0},
    {H5L_T_STR(7), "S7", "|S7", 7, K_STR, 0},
    {H5L_T_STR(16) | H5L_T_UTF8, "S16u", "|S16", 16, K_USTR, 0},
    {H5L_T_STR(5) | H5L_T_UTF8, "S5u", "|S5", 5, K_USTR, 0},
};
#define NTYPES (sizeof TYPES / sizeof TYPES[0])

static const tinfo *type_by_name(const char *n)
{
    size_t i;
    for (i = 0; i < NTYPES; i++)
        if (!strcmp(TYPES[i].name, n)) return &TYPES[i];
    return NULL;
}

static const uint64_t SPECIAL_F16[] = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7e01, 0x7d55, 0xfe03,
                                       0x0001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x3c00, 0x8001};
static const uint64_t SPECIAL_F32[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                       0x7fc12345, 0x7f800001, 0xffc00001, 0x00000001, 0x007fffff,
                                       0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0x80000001};
static const uint64_t SPECIAL_F64[] = {0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
                                       0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff8000000000123ull,
                                       0x7ff0000000000001ull, 0xfff8000000000001ull, 0x0000000000000001ull,
                                       0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
                                       0xffefffffffffffffull, 0x3ff0000000000000ull, 0x8000000000000001ull};
#define NSPECIAL 15

/* Store the low `size` bytes of v in the given byte order (explicit, no host dependence). */
static void store(unsigned char *p, uint64_t v, unsigned size, int be)
{
    unsigned i;
    for (i = 0; i < size; i++) {
        unsigned char b = (unsigned char)(v >> (8 * i));
        p[be ? size - 1 - i : i] = b;
    }
}

static uint64_t int_special(const tinfo *t, size_t i, int *have)
{
    unsigned bits = t->size * 8;
    uint64_t mask = bits == 64 ? UINT64_MAX : ((1ull << bits) - 1);
    *have = 1;
    if (t->kind == K_INT) {
        uint64_t minv = 1ull << (bits - 1), maxv = minv - 1;
        switch (i) {
        case 0: return minv;
        case 1: return maxv;
        case 2: return 0;
        case 3: return mask; /* -1 */
        case 4: return 1;
        case 5: return minv + 1;
        case 6: return maxv - 1;
        default: break;
        }
    } else {
        switch (i) {
        case 0: return 0;
        case 1: return mask;
        case 2: return 1;
        case 3: return mask - 1;
        case 4: return 1ull << (bits - 1);
        default: break;
        }
    }
    *have = 0;
    return 0;
}

/* UTF-8 sequences to build strings from */
static const char *const UPIECES[] = {"a", "Z", "\xc3\xa9", "\xe2\x88\x91", "\xf0\x9f\x98\x80", "\xe6\x97\xa5", " ", "~", "\xc3\x9f"};

/* Fill one fixed string element of n bytes: valid UTF-8 (or ASCII), NUL padded, no embedded NUL. */
static void gen_str(unsigned char *p, unsigned n, int utf8, uint64_t *s)
{
    unsigned len = 0, want = (unsigned)(splitmix(s) % (n + 1));
    memset(p, 0, n);
    while (len < want) {
        if (utf8) {
            const char *piece = UPIECES[splitmix(s) % (sizeof UPIECES / sizeof UPIECES[0])];
            size_t pl = strlen(piece);
            if (len + pl > want) {
                if (len + 1 > want) break;
                piece = "x";
                pl = 1;
            }
            memcpy(p + len, piece, pl);
            len += (unsigned)pl;
        } else {
            p[len++] = (unsigned char)(0x20 + splitmix(s) % 95);
        }
    }
}

/* n elements of type t, in the declared byte order. */
static void gen_values(const tinfo *t, uint64_t n, const char *seedname, unsigned char *out)
{
    uint64_t s = seed_of(seedname), i;
    for (i = 0; i < n; i++) {
        unsigned char *p = out + i * t->size;
        uint64_t v = splitmix(&s);
        int have;
        switch (t->kind) {
        case K_INT:
        case K_UINT: {
            uint64_t sp = int_special(t, (size_t)i, &have);
            store(p, have ? sp : v, t->size, t->be);
            break;
        }
        case K_FLOAT:
            if (i < NSPECIAL)
                v = t->size == 2 ? SPECIAL_F16[i] : t->size == 4 ? SPECIAL_F32[i] : SPECIAL_F64[i];
            store(p, v, t->size, t->be);
            break;
        case K_BOOL:
            p[0] = (unsigned char)(v & 1);
            break;
        case K_STR:
        case K_USTR:
            gen_str(p, t->size, t->kind == K_USTR, &s);
            break;
        }
    }
}

/* ------------------------------------------------------------ manifest */

typedef struct pending {
    h5l_dset d;
    unsigned char *buf;   /* owned */
    uint64_t nbytes, rows;
    int mode;             /* 0 ptr, 1 write (chunks, reverse order), 2 ptr+write halves */
    char path[64];
} pending;

typedef struct fw {
    h5l_writer *w;
    FILE *js, *bin;
    uint64_t binoff;
    pending *p;
    size_t np, cap;
    char name[64];
    int nommap;
} fw;

static void js_str(FILE *f, const char *s, size_t n)
{
    size_t i;
    fputc('"', f);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void js_cstr(FILE *f, const char *s) { js_str(f, s, strlen(s)); }

static void js_dims(FILE *f, unsigned rank, const uint64_t *dims)
{
    unsigned i;
    fputc('[', f);
    for (i = 0; i < rank; i++) fprintf(f, "%s%llu", i ? "," : "", (unsigned long long)dims[i]);
    fputc(']', f);
}

/* Append expected bytes to the blob; returns their offset. */
static uint64_t blob(fw *F, const void *p, uint64_t n)
{
    uint64_t off = F->binoff;
    if (n && fwrite(p, 1, (size_t)n, F->bin) != n) {
        fprintf(stderr, "cannot write expect blob\n");
        exit(2);
    }
    F->binoff += n;
    return off;
}

static void mf_group(fw *F, const char *path)
{
    fputs("{\"kind\":\"group\",\"path\":", F->js);
    js_cstr(F->js, path);
    fputs("}\n", F->js);
}

static int fw_open(fw *F, const char *dir, const char *name, unsigned flags)
{
    char path[1024];
    h5l_write_options o;
    h5l_error e;
    h5l_status st;
    memset(F, 0, sizeof *F);
    snprintf(F->name, sizeof F->name, "%s", name);
    F->nommap = (flags & H5L_WRITE_NO_MMAP) != 0;
    snprintf(path, sizeof path, "%s/%s.manifest.jsonl", dir, name);
    F->js = fopen(path, "wb");
    snprintf(path, sizeof path, "%s/%s.expect.bin", dir, name);
    F->bin = fopen(path, "wb");
    if (!F->js || !F->bin) {
        fprintf(stderr, "cannot create %s\n", path);
        exit(2);
    }
    fprintf(F->js, "{\"kind\":\"file\",\"file\":\"%s.h5\",\"nommap\":%d}\n", name, F->nommap);
    mf_group(F, "/");
    memset(&o, 0, sizeof o);
    o.flags = flags;
    snprintf(path, sizeof path, "%s/%s.h5", dir, name);
    remove(path);
    st = h5l_writer_open(path, &o, &F->w, &e);
    return ok_st(st, &e, "h5l_writer_open", path);
}

static void fw_push(fw *F, h5l_dset d, unsigned char *buf, uint64_t nbytes, uint64_t rows, int mode, const char *path)
{
    pending *q;
    if (F->np == F->cap) {
        F->cap = F->cap ? 2 * F->cap : 64;
        F->p = (pending *)realloc(F->p, F->cap * sizeof *F->p);
        if (!F->p) exit(2);
    }
    q = &F->p[F->np++];
    q->d = d;
    q->buf = buf;
    q->nbytes = nbytes;
    q->rows = rows;
    q->mode = mode;
    snprintf(q->path, sizeof q->path, "%s", path);
}

/* Manifest line for a dataset whose expected bytes are `buf`. */
static void mf_dataset(fw *F, const char *path, const char *np, unsigned rank, const uint64_t *dims, const void *buf,
                       uint64_t nbytes, const char *how)
{
    uint64_t off = blob(F, buf, nbytes);
    fputs("{\"kind\":\"dataset\",\"path\":", F->js);
    js_cstr(F->js, path);
    fprintf(F->js, ",\"dtype\":\"%s\",\"shape\":", np);
    js_dims(F->js, rank, dims);
    fprintf(F->js, ",\"off\":%llu,\"len\":%llu,\"fill\":\"%s\"}\n", (unsigned long long)off,
            (unsigned long long)nbytes, how);
}

static const char *mode_name(int m) { return m == 0 ? "ptr" : m == 1 ? "write" : "ptr+write"; }

/* Declare a dataset of type t with generated values; returns the handle. */
static h5l_dset decl(fw *F, const char *path, const tinfo *t, unsigned rank, const uint64_t *dims, int mode)
{
    h5l_error e;
    h5l_dset d = H5L_NO_DSET;
    uint64_t n = 1, i, nbytes;
    unsigned char *buf;
    h5l_status st;
    for (i = 0; i < rank; i++) n *= dims[i];
    nbytes = n * t->size;
    buf = (unsigned char *)xmalloc((size_t)nbytes);
    gen_values(t, n, path, buf);
    st = h5l_writer_dataset(F->w, path, t->code, rank, dims, &d, &e);
    if (!ok_st(st, &e, "h5l_writer_dataset", path)) {
        free(buf);
        return H5L_NO_DSET;
    }
    if (F->nommap && mode != 1) mode = 1;
    mf_dataset(F, path, t->np, rank, dims, buf, nbytes, mode_name(mode));
    fw_push(F, d, buf, nbytes, rank ? dims[0] : 1, mode, path);
    return d;
}

/* Attributes ------------------------------------------------------------ */

static void attr_num(fw *F, const char *obj, const char *name, const tinfo *t, unsigned rank, uint64_t n)
{
    h5l_error e;
    unsigned char *buf = (unsigned char *)xmalloc((size_t)(n * t->size));
    char seed[512];
    h5l_status st;
    uint64_t off;
    snprintf(seed, sizeof seed, "%s@%s", obj, name);
    gen_values(t, n, seed, buf);
    st = h5l_writer_attr(F->w, obj, name, t->code, rank, n, buf, &e);
    if (ok_st(st, &e, "h5l_writer_attr", name)) {
        off = blob(F, buf, n * t->size);
        fputs("{\"kind\":\"attr\",\"obj\":", F->js);
        js_cstr(F->js, obj);
        fputs(",\"name\":", F->js);
        js_cstr(F->js, name);
        fprintf(F->js, ",\"akind\":\"%s\",\"dtype\":\"%s\",\"shape\":",
                (t->kind == K_STR || t->kind == K_USTR) ? "fixed" : "num", t->np);
        if (rank) fprintf(F->js, "[%llu]", (unsigned long long)n);
        else fputs("[]", F->js);
        fprintf(F->js, ",\"off\":%llu,\"len\":%llu}\n", (unsigned long long)off, (unsigned long long)(n * t->size));
    }
    free(buf);
}

static void attr_str(fw *F, const char *obj, const char *name, const char *value)
{
    h5l_error e;
    h5l_status st = h5l_writer_attr_string(F->w, obj, name, value, &e);
    if (ok_st(st, &e, "h5l_writer_attr_string", name)) {
        fputs("{\"kind\":\"attr\",\"obj\":", F->js);
        js_cstr(F->js, obj);
        fputs(",\"name\":", F->js);
        js_cstr(F->js, name);
        fputs(",\"akind\":\"vstr\",\"value\":", F->js);
        js_cstr(F->js, value);
        fputs("}\n", F->js);
    }
}

static void attr_strs(fw *F, const char *obj, const char *name, const char *const *v, size_t n)
{
    h5l_error e;
    size_t i;
    h5l_status st = h5l_writer_attr_strings(F->w, obj, name, v, n, &e);
    if (ok_st(st, &e, "h5l_writer_attr_strings", name)) {
        fputs("{\"kind\":\"attr\",\"obj\":", F->js);
        js_cstr(F->js, obj);
        fputs(",\"name\":", F->js);
        js_cstr(F->js, name);
        fputs(",\"akind\":\"vstrs\",\"value\":[", F->js);
        for (i = 0; i < n; i++) {
            if (i) fputc(',', F->js);
            js_cstr(F->js, v[i]);
        }
        fputs("]}\n", F->js);
    }
}

/* Fill ------------------------------------------------------------------- */

static void fill_one(fw *F, const pending *q, int mode, uint64_t first, uint64_t count)
{
    h5l_error e;
    uint64_t rowb = q->rows ? q->nbytes / q->rows : 0;
    if (count == 0 || rowb == 0) return;
    if (mode == 0) {
        unsigned char *p = (unsigned char *)h5l_writer_ptr(F->w, q->d);
        check(p != NULL, "%s: %s: h5l_writer_ptr returned NULL for a non-empty dataset", F->name, q->path);
        if (!p) return;
        memcpy(p + first * rowb, q->buf + first * rowb, (size_t)(count * rowb));
    } else {
        /* rows in chunks of 7, last chunk first: any order must work */
        uint64_t chunk = 7, nchunks = (count + chunk - 1) / chunk, k;
        for (k = nchunks; k-- > 0;) {
            uint64_t a = first + k * chunk, c = (k + 1 == nchunks) ? count - k * chunk : chunk;
            h5l_status st = h5l_writer_write(F->w, q->d, a, c, q->buf + a * rowb, &e);
            if (!ok_st(st, &e, "h5l_writer_write", q->path)) return;
        }
    }
}

static void fw_fill(fw *F)
{
    size_t i;
    for (i = 0; i < F->np; i++) {
        pending *q = &F->p[i];
        uint64_t off = h5l_writer_offset(F->w, q->d), size = h5l_writer_size(F->w, q->d);
        void *ptr = h5l_writer_ptr(F->w, q->d);
        check(size == q->nbytes, "%s: %s: h5l_writer_size %llu, expected %llu", F->name, q->path,
              (unsigned long long)size, (unsigned long long)q->nbytes);
        if (q->nbytes == 0) {
            check(off == H5L_NO_OFFSET, "%s: %s: empty dataset has offset %llu, expected H5L_NO_OFFSET", F->name,
                  q->path, (unsigned long long)off);
            check(ptr == NULL, "%s: %s: empty dataset has a non-NULL pointer", F->name, q->path);
            continue;
        }
        check(off != H5L_NO_OFFSET && off % 64 == 0, "%s: %s: data offset %llu not 64-byte aligned", F->name, q->path,
              (unsigned long long)off);
        if (F->nommap) check(ptr == NULL, "%s: %s: NO_MMAP writer returned a pointer", F->name, q->path);
        else check(ptr != NULL && ((uintptr_t)ptr % 64) == 0, "%s: %s: pointer %p NULL or not 64-byte aligned",
                   F->name, q->path, ptr);
        if (q->mode == 2 && q->rows > 1) {
            fill_one(F, q, 0, 0, q->rows / 2);
            fill_one(F, q, 1, q->rows / 2, q->rows - q->rows / 2);
        } else {
            fill_one(F, q, q->mode == 2 ? 0 : q->mode, 0, q->rows);
        }
    }
}

static int fw_finish(fw *F)
{
    h5l_error e;
    h5l_status st;
    size_t i;
    int ok;
    st = h5l_writer_layout(F->w, &e);
    ok = ok_st(st, &e, "h5l_writer_layout", F->name);
    if (ok) {
        h5l_status st2 = h5l_writer_layout(F->w, &e);
        check(st2 == H5L_EINVAL, "%s: second h5l_writer_layout gave %s, expected H5L_EINVAL", F->name,
              h5l_status_name(st2));
        fw_fill(F);
        st = h5l_writer_finish(F->w, &e);
        ok = ok_st(st, &e, "h5l_writer_finish", F->name);
    } else {
        h5l_writer_abort(F->w);
    }
    F->w = NULL;
    for (i = 0; i < F->np; i++) free(F->p[i].buf);
    free(F->p);
    fclose(F->js);
    fclose(F->bin);
    printf("wrote %s.h5: %s (%zu datasets)\n", F->name, ok ? "ok" : "FAILED", F->np);
    return ok;
}

/* ------------------------------------------------------------- files */

/* types.h5: every element type, 1-D with special values, 2-D, filled by ptr and by write */
static void write_types(const char *dir)
{
    fw F;
    size_t i;
    if (!fw_open(&F, dir, "types", 0)) return;
    mf_group(&F, "/types");
    mf_group(&F, "/types2d");
    for (i = 0; i < NTYPES; i++) {
        char path[128];
        uint64_t n = 41, d2[2] = {3, 5};
        snprintf(path, sizeof path, "/types/%s", TYPES[i].name);
        decl(&F, path, &TYPES[i], 1, &n, (int)(i % 3));
        snprintf(path, sizeof path, "/types2d/%s", TYPES[i].name);
        decl(&F, path, &TYPES[i], 2, d2, (int)((i + 1) % 3));
    }
    fw_finish(&F);
}

/* ranks.h5: ranks 0..32, zero-length dims, scalars of every type */
static void write_ranks(const char *dir)
{
    fw F;
    unsigned r, i;
    if (!fw_open(&F, dir, "ranks", 0)) return;
    mf_group(&F, "/rank");
    mf_group(&F, "/empty");
    mf_group(&F, "/scalar");
    for (r = 0; r <= 32; r++) {
        uint64_t dims[32];
        char path[64];
        for (i = 0; i < r; i++) dims[i] = (i % 5 == 0) ? 2 : 1;
        if (r) dims[r - 1] = 3;
        snprintf(path, sizeof path, "/rank/r%02u", r);
        decl(&F, path, &TYPES[r % NTYPES], r, dims, (int)(r % 3));
    }
    {
        static const uint64_t e1[1] = {0}, e2[2] = {3, 0}, e3[3] = {0, 2, 2};
        uint64_t e32[32];
        for (i = 0; i < 32; i++) e32[i] = i == 17 ? 0 : 1;
        decl(&F, "/empty/e1_f64", type_by_name("f64"), 1, e1, 0);
        decl(&F, "/empty/e2_i32be", type_by_name("i32be"), 2, e2, 1);
        decl(&F, "/empty/e3_S7", type_by_name("S7"), 3, e3, 0);
        decl(&F, "/empty/e32_bool", type_by_name("bool"), 32, e32, 1);
    }
    for (i = 0; i < NTYPES; i++) {
        char path[64];
        snprintf(path, sizeof path, "/scalar/%s", TYPES[i].name);
        decl(&F, path, &TYPES[i], 0, NULL, (int)(i % 2));
    }
    fw_finish(&F);
}

/* attrs.h5: attributes of every kind on the root, groups and datasets */
static void attrs_on(fw *F, const char *obj)
{
    size_t i;
    static const char *const strs[] = {"alpha", "", "\xce\xb2\xc3\xa9ta \xf0\x9f\x98\x80", "with,comma"};
    for (i = 0; i < NTYPES; i++) {
        char name[64];
        if (TYPES[i].kind == K_STR || TYPES[i].kind == K_USTR) {
            snprintf(name, sizeof name, "fixed_%s", TYPES[i].name);
            attr_num(F, obj, name, &TYPES[i], 0, 1);
            snprintf(name, sizeof name, "fixed1d_%s", TYPES[i].name);
            attr_num(F, obj, name, &TYPES[i], 1, 4);
            continue;
        }
        snprintf(name, sizeof name, "s_%s", TYPES[i].name);
        attr_num(F, obj, name, &TYPES[i], 0, 1);
        snprintf(name, sizeof name, "a_%s", TYPES[i].name);
        attr_num(F, obj, name, &TYPES[i], 1, 17);
    }
    attr_num(F, obj, "empty_1d_i32", type_by_name("i32"), 1, 0);
    attr_num(F, obj, "one_1d_f64", type_by_name("f64"), 1, 1);
    attr_str(F, obj, "str", "table");
    attr_str(F, obj, "str_utf8", "h\xc3\xa9llo \xe2\x88\x91 \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac");
    attr_str(F, obj, "str_empty", "");
    attr_str(F, obj, "\xc3\xbcnicode attr name \xf0\x9f\x98\x80", "v");
    attr_str(F, obj, "long", "0123456789012345678901234567890123456789012345678901234567890123456789"
                             "0123456789012345678901234567890123456789012345678901234567890123456789");
    attr_strs(F, obj, "strs", strs, 4);
    attr_strs(F, obj, "strs_empty", strs, 0);
    attr_strs(F, obj, "strs_one", strs + 2, 1);
}

static void write_attrs(const char *dir)
{
    fw F;
    uint64_t n = 10;
    h5l_error e;
    h5l_status st;
    if (!fw_open(&F, dir, "attrs", 0)) return;
    mf_group(&F, "/g");
    mf_group(&F, "/g/sub");
    st = h5l_writer_group(F.w, "/g/sub", &e);
    ok_st(st, &e, "h5l_writer_group", "/g/sub");
    decl(&F, "/g/d", type_by_name("f64"), 1, &n, 0);
    decl(&F, "/g/scalar", type_by_name("i16be"), 0, NULL, 1);
    decl(&F, "/g/empty", type_by_name("u8"), 1, (const uint64_t[]){0}, 0);
    attrs_on(&F, "/");
    attrs_on(&F, "/g");
    attrs_on(&F, "/g/sub");
    attrs_on(&F, "/g/d");
    attrs_on(&F, "/g/scalar");
    attrs_on(&F, "/g/empty");
    /* attribute clashes and bad targets */
    st = h5l_writer_attr_string(F.w, "/g", "str", "again", &e);
    check(st == H5L_EEXISTS, "attrs: duplicate attribute gave %s, expected H5L_EEXISTS", h5l_status_name(st));
    st = h5l_writer_attr_string(F.w, "/nowhere", "x", "y", &e);
    check(st == H5L_ENOTFOUND, "attrs: attribute on a missing object gave %s, expected H5L_ENOTFOUND",
          h5l_status_name(st));
    {
        int32_t two[2] = {1, 2};
        st = h5l_writer_attr(F.w, "/g", "scalar_with_n2", H5L_T_I32, 0, 2, two, &e);
        check(st == H5L_EINVAL, "attrs: scalar attribute with n=2 gave %s, expected H5L_EINVAL", h5l_status_name(st));
    }
    fw_finish(&F);
}

/* names.h5: odd UTF-8 names, deep nesting, a group with tens of thousands of children */
static void write_names(const char *dir)
{
    static const char *const odd[] = {
        "with space", "dot.name", "..", "\xc3\xbcnicode", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
        "emoji\xf0\x9f\x98\x80", "tab\tname", "quote\"name", "back\\slash", "ctl\x01x", "comma,name",
        "percent%d%s", "nl\nname", "  lead", "trail  ", "Z", "a", "_", "\xc3\x89", "#", "@attr", "del\x7f",
        "x", "xx", "x\xc3\xa9", "\xef\xbf\xbd", "very long name "
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"};
    fw F;
    size_t i;
    char path[4096];
    h5l_error e;
    h5l_status st;
    const unsigned nmany = 20000, depth = 120;
    uint64_t s = 12345;
    if (!fw_open(&F, dir, "names", 0)) return;
    mf_group(&F, "/odd");
    for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        uint64_t n = 3;
        snprintf(path, sizeof path, "/odd/%s", odd[i]);
        if (i % 2) {
            decl(&F, path, &TYPES[i % NTYPES], 1, &n, 0);
        } else {
            st = h5l_writer_group(F.w, path, &e);
            if (ok_st(st, &e, "h5l_writer_group", path)) mf_group(&F, path);
            snprintf(path, sizeof path, "/odd/%s/%s", odd[i], odd[(i + 5) % (sizeof odd / sizeof odd[0])]);
            decl(&F, path, type_by_name("i32"), 1, &n, 1);
        }
    }
    /* deep nesting: missing parents created by the dataset call */
    {
        size_t len = 0;
        path[0] = 0;
        for (i = 0; i < depth; i++) {
            len += (size_t)snprintf(path + len, sizeof path - len, "/lvl%u", (unsigned)i);
            mf_group(&F, path);
        }
        snprintf(path + len, sizeof path - len, "/leaf");
        decl(&F, path, type_by_name("f32be"), 0, NULL, 0);
    }
    /* many children, declared in a shuffled order: groups and scalar datasets */
    {
        unsigned *order = (unsigned *)xmalloc(nmany * sizeof *order);
        mf_group(&F, "/many");
        for (i = 0; i < nmany; i++) order[i] = (unsigned)i;
        for (i = nmany - 1; i > 0; i--) {
            size_t j = (size_t)(splitmix(&s) % (i + 1));
            unsigned t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (i = 0; i < nmany; i++) {
            unsigned k = order[i];
            if (k % 4 == 0) {
                snprintf(path, sizeof path, "/many/d%05u", k);
                decl(&F, path, type_by_name("i32"), 0, NULL, (int)(k % 8 == 0));
            } else {
                /* names alike in their first 8 bytes or more (the writer sorts by
                 * 8-byte keys first), some with non-ASCII bytes */
                if (k % 8 == 2) snprintf(path, sizeof path, "/many/long_common_prefix_%u", k);
                else if (k % 8 == 6) snprintf(path, sizeof path, "/many/\xc3\xa9t\xc3\xa9%u", k);
                else snprintf(path, sizeof path, "/many/g%05u", k);
                st = h5l_writer_group(F.w, path, &e);
                if (ok_st(st, &e, "h5l_writer_group", path)) mf_group(&F, path);
            }
        }
        free(order);
    }
    /* clashes and bad names: errors, not corrupt files */
    {
        h5l_dset d;
        uint64_t n = 2;
        st = h5l_writer_dataset(F.w, "/many/d00000", H5L_T_I32, 0, NULL, &d, &e);
        check(st == H5L_EEXISTS, "names: duplicate dataset gave %s, expected H5L_EEXISTS", h5l_status_name(st));
        st = h5l_writer_dataset(F.w, "/many/g00001", H5L_T_I32, 1, &n, &d, &e);
        check(st == H5L_EEXISTS, "names: dataset over a group gave %s, expected H5L_EEXISTS", h5l_status_name(st));
        st = h5l_writer_group(F.w, "/many/d00000", &e);
        check(st == H5L_EEXISTS, "names: group over a dataset gave %s, expected H5L_EEXISTS", h5l_status_name(st));
        st = h5l_writer_group(F.w, "/many/d00000/below", &e);
        check(st == H5L_EEXISTS || st == H5L_EINVAL, "names: group below a dataset gave %s", h5l_status_name(st));
        st = h5l_writer_group(F.w, "/many/g00001", &e);
        check(st == H5L_OK, "names: re-creating a group gave %s, expected H5L_OK", h5l_status_name(st));
        st = h5l_writer_group(F.w, "/a//b", &e);
        check(st == H5L_EINVAL, "names: empty path component gave %s, expected H5L_EINVAL", h5l_status_name(st));
        st = h5l_writer_dataset(F.w, "/many/r33", H5L_T_I32, 33, (const uint64_t[33]){0}, &d, &e);
        check(st == H5L_EINVAL, "names: rank 33 gave %s, expected H5L_EINVAL", h5l_status_name(st));
        st = h5l_writer_dataset(F.w, "/many/badtype", (h5l_type_code)99, 1, &n, &d, &e);
        check(st == H5L_EINVAL, "names: bad type code gave %s, expected H5L_EINVAL", h5l_status_name(st));
        st = h5l_writer_dataset(F.w, "/many/s0", H5L_T_STR(0), 1, &n, &d, &e);
        check(st == H5L_EINVAL, "names: S0 gave %s, expected H5L_EINVAL", h5l_status_name(st));
    }
    fw_finish(&F);
}

/* Tables ------------------------------------------------------------------ */

static void set_bitmap(unsigned char *bm, uint64_t rows, const char *seed)
{
    uint64_t s = seed_of(seed), i;
    memset(bm, 0, (size_t)((rows + 7) / 8));
    for (i = 0; i < rows; i++)
        if (splitmix(&s) % 4 != 0) bm[i / 8] |= (unsigned char)(1u << (i % 8));
}

static void mf_table(fw *F, const char *group, const char *const *cols, size_t n)
{
    size_t i;
    fputs("{\"kind\":\"table\",\"group\":", F->js);
    js_cstr(F->js, group);
    fputs(",\"columns\":[", F->js);
    for (i = 0; i < n; i++) {
        if (i) fputc(',', F->js);
        js_cstr(F->js, cols[i]);
    }
    fputs("]}\n", F->js);
}

/* Add a column; record its groups and the string-valued attributes the table layer must write. */
static int add_col(fw *F, const char *group, const h5l_column_spec *sp, h5l_column_dsets *out)
{
    h5l_error e;
    char cg[512];
    h5l_status st = h5l_table_add_column(F->w, group, sp, out, &e);
    if (!ok_st(st, &e, "h5l_table_add_column", sp->name)) return 0;
    snprintf(cg, sizeof cg, "%s/columns/%s", group, sp->name);
    mf_group(F, cg);
    if (sp->unit) { fputs("{\"kind\":\"attr\",\"obj\":", F->js); js_cstr(F->js, cg); fputs(",\"name\":\"unit\",\"akind\":\"vstr\",\"value\":", F->js); js_cstr(F->js, sp->unit); fputs("}\n", F->js); }
    if (sp->ucd) { fputs("{\"kind\":\"attr\",\"obj\":", F->js); js_cstr(F->js, cg); fputs(",\"name\":\"ucd\",\"akind\":\"vstr\",\"value\":", F->js); js_cstr(F->js, sp->ucd); fputs("}\n", F->js); }
    if (sp->description) { fputs("{\"kind\":\"attr\",\"obj\":", F->js); js_cstr(F->js, cg); fputs(",\"name\":\"description\",\"akind\":\"vstr\",\"value\":", F->js); js_cstr(F->js, sp->description); fputs("}\n", F->js); }
    if (sp->alias) { fputs("{\"kind\":\"attr\",\"obj\":", F->js); js_cstr(F->js, cg); fputs(",\"name\":\"alias\",\"akind\":\"vstr\",\"value\":", F->js); js_cstr(F->js, sp->alias); fputs("}\n", F->js); }
    return 1;
}

static void mf_attr_vstr(fw *F, const char *obj, const char *name, const char *value)
{
    fputs("{\"kind\":\"attr\",\"obj\":", F->js);
    js_cstr(F->js, obj);
    fputs(",\"name\":", F->js);
    js_cstr(F->js, name);
    fputs(",\"akind\":\"vstr\",\"value\":", F->js);
    js_cstr(F->js, value);
    fputs("}\n", F->js);
}

/* Primitive column: data (+mask/bitmap), expected values from the generator. */
static void col_prim(fw *F, const char *group, const char *name, const char *tname, uint64_t rows, unsigned irank,
                     const uint64_t *idims, h5l_validity val, const char *dtype_attr, int mode)
{
    const tinfo *t = type_by_name(tname);
    h5l_column_spec sp;
    h5l_column_dsets ds;
    char p[600], cg[512];
    uint64_t dims[H5L_MAX_RANK], n = rows, i;
    unsigned char *buf;
    memset(&sp, 0, sizeof sp);
    sp.name = name;
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = t->code;
    sp.rows = rows;
    sp.inner_rank = irank;
    sp.inner_dims = idims;
    sp.validity = val;
    sp.dtype_attr = dtype_attr;
    if (!strcmp(name, "i32")) {
        sp.unit = "km/s";
        sp.ucd = "phys.veloc;pos.eq.ra";
        sp.description = "velocit\xc3\xa9 \xe2\x88\x91";
        sp.alias = "i-32 alias";
    }
    if (!add_col(F, group, &sp, &ds)) return;
    snprintf(cg, sizeof cg, "%s/columns/%s", group, name);
    dims[0] = rows;
    for (i = 0; i < irank; i++) {
        dims[i + 1] = idims[i];
        n *= idims[i];
    }
    snprintf(p, sizeof p, "%s/data", cg);
    buf = (unsigned char *)xmalloc((size_t)(n * t->size));
    gen_values(t, n, p, buf);
    if (F->nommap) mode = 1;
    mf_dataset(F, p, t->np, 1 + irank, dims, buf, n * t->size, mode_name(mode));
    fw_push(F, ds.data, buf, n * t->size, rows, mode, p);
    if (dtype_attr) mf_attr_vstr(F, p, "dtype", dtype_attr);
    check(ds.indices == H5L_NO_DSET && ds.dict_data == H5L_NO_DSET, "%s: primitive column has extra datasets", name);
    if (val == H5L_VALID_MASK) {
        unsigned char *m = (unsigned char *)xmalloc((size_t)n);
        uint64_t s = seed_of(name);
        for (i = 0; i < n; i++) m[i] = (unsigned char)(splitmix(&s) % 3 == 0);
        snprintf(p, sizeof p, "%s/mask", cg);
        mf_dataset(F, p, "|b1", 1 + irank, dims, m, n, mode_name(mode));
        fw_push(F, ds.mask, m, n, rows, mode, p);
        check(ds.null_bitmap == H5L_NO_DSET, "%s: mask column also has a null_bitmap", name);
    } else if (val == H5L_VALID_BITMAP) {
        uint64_t nb = (rows + 7) / 8;
        unsigned char *bm = (unsigned char *)xmalloc((size_t)nb);
        set_bitmap(bm, rows, name);
        snprintf(p, sizeof p, "%s/null_bitmap", cg);
        mf_dataset(F, p, "|u1", 1, &nb, bm, nb, mode_name(mode));
        fw_push(F, ds.null_bitmap, bm, nb, nb, mode, p);
        check(ds.mask == H5L_NO_DSET, "%s: bitmap column also has a mask", name);
    } else {
        check(ds.mask == H5L_NO_DSET && ds.null_bitmap == H5L_NO_DSET, "%s: column without validity has some", name);
    }
}

/* Strings for a string column: row i of n, deterministic. */
static size_t row_string(char *out, size_t cap, const char *seed, uint64_t i)
{
    char s2[600];
    uint64_t s;
    size_t len = 0, want;
    snprintf(s2, sizeof s2, "%s#%llu", seed, (unsigned long long)i);
    s = seed_of(s2);
    want = (size_t)(splitmix(&s) % 12);
    if (i % 17 == 3) want = 0; /* some empty strings */
    while (len < want && len + 4 < cap) {
        const char *piece = UPIECES[splitmix(&s) % (sizeof UPIECES / sizeof UPIECES[0])];
        size_t pl = strlen(piece);
        memcpy(out + len, piece, pl);
        len += pl;
    }
    return len;
}

/* Fill a STRING column spec's expected data/indices; returns total bytes. */
static uint64_t strings_of(const char *seed, uint64_t rows, unsigned char **data, int64_t **offs)
{
    uint64_t i, total = 0;
    char tmp[64];
    for (i = 0; i < rows; i++) total += row_string(tmp, sizeof tmp, seed, i);
    *data = (unsigned char *)xmalloc((size_t)total);
    *offs = (int64_t *)xmalloc((size_t)((rows + 1) * 8));
    total = 0;
    for (i = 0; i < rows; i++) {
        size_t l = row_string(tmp, sizeof tmp, seed, i);
        (*offs)[i] = (int64_t)total;
        memcpy(*data + total, tmp, l);
        total += l;
    }
    (*offs)[rows] = (int64_t)total;
    return total;
}

/* Record the string datasets of a column (data, indices, bitmap) at prefix cg. */
static void mf_strcol(fw *F, const char *cg, h5l_dset dd, h5l_dset di, h5l_dset db, unsigned char *data,
                      uint64_t total, const int64_t *offs, uint64_t rows, unsigned char *bm, int mode)
{
    char p[600];
    uint64_t n1 = rows + 1, nb = (rows + 7) / 8, i;
    int wide = total > 2147483647ull;
    unsigned char *ib = (unsigned char *)xmalloc((size_t)(n1 * (wide ? 8 : 4)));
    if (F->nommap) mode = 1;
    for (i = 0; i < n1; i++) store(ib + i * (wide ? 8 : 4), (uint64_t)offs[i], wide ? 8 : 4, 0);
    snprintf(p, sizeof p, "%s/data", cg);
    mf_dataset(F, p, "|S1", 1, &total, data, total, mode_name(mode));
    mf_attr_vstr(F, p, "dtype", "str");
    fw_push(F, dd, data, total, total, mode, p);
    snprintf(p, sizeof p, "%s/indices", cg);
    mf_dataset(F, p, wide ? "<i8" : "<i4", 1, &n1, ib, n1 * (wide ? 8 : 4), mode_name(mode));
    fw_push(F, di, ib, n1 * (wide ? 8 : 4), n1, mode, p);
    if (bm) {
        snprintf(p, sizeof p, "%s/null_bitmap", cg);
        mf_dataset(F, p, "|u1", 1, &nb, bm, nb, mode_name(mode));
        fw_push(F, db, bm, nb, nb, mode, p);
    } else {
        check(db == H5L_NO_DSET, "%s: string column without validity has a null_bitmap", cg);
    }
}

static void col_str(fw *F, const char *group, const char *name, uint64_t rows, h5l_validity val, int mode)
{
    h5l_column_spec sp;
    h5l_column_dsets ds;
    char cg[512];
    unsigned char *data, *bm = NULL;
    int64_t *offs;
    uint64_t total;
    snprintf(cg, sizeof cg, "%s/columns/%s", group, name);
    total = strings_of(cg, rows, &data, &offs);
    memset(&sp, 0, sizeof sp);
    sp.name = name;
    sp.kind = H5L_COL_STRING;
    sp.rows = rows;
    sp.validity = val;
    sp.str_bytes = total;
    if (!add_col(F, group, &sp, &ds)) {
        free(data);
        free(offs);
        return;
    }
    if (val == H5L_VALID_BITMAP) {
        bm = (unsigned char *)xmalloc((size_t)((rows + 7) / 8 + 1));
        set_bitmap(bm, rows, name);
    }
    mf_strcol(F, cg, ds.data, ds.indices, ds.null_bitmap, data, total, offs, rows, bm, mode);
    free(offs);
}

static void col_dict(fw *F, const char *group, const char *name, const char *code_t, uint64_t rows, int str_values,
                     uint64_t nvalues, int mode)
{
    h5l_column_spec sp, dsp;
    h5l_column_dsets ds;
    char cg[512], p[600];
    const tinfo *ct = type_by_name(code_t);
    unsigned char *codes, *vdata = NULL, *vbuf = NULL;
    int64_t *voffs = NULL;
    uint64_t total = 0, i, s;
    const tinfo *vt = type_by_name("i64");
    snprintf(cg, sizeof cg, "%s/columns/%s", group, name);
    memset(&sp, 0, sizeof sp);
    memset(&dsp, 0, sizeof dsp);
    dsp.name = "ignored";
    dsp.rows = nvalues;
    if (str_values) {
        snprintf(p, sizeof p, "%s/dictionary", cg);
        total = strings_of(p, nvalues, &vdata, &voffs);
        dsp.kind = H5L_COL_STRING;
        dsp.str_bytes = total;
    } else {
        dsp.kind = H5L_COL_PRIMITIVE;
        dsp.type = vt->code;
    }
    sp.name = name;
    sp.kind = H5L_COL_DICT;
    sp.type = ct->code;
    sp.rows = rows;
    sp.dictionary = &dsp;
    if (!add_col(F, group, &sp, &ds)) {
        free(vdata);
        free(voffs);
        return;
    }
    if (F->nommap) mode = 1;
    mf_attr_vstr(F, cg, "type", "dictionary_encoded");
    snprintf(p, sizeof p, "%s/indices", cg);
    mf_group(F, p);
    snprintf(p, sizeof p, "%s/dictionary", cg);
    mf_group(F, p);
    codes = (unsigned char *)xmalloc((size_t)(rows * ct->size));
    s = seed_of(cg);
    for (i = 0; i < rows; i++) store(codes + i * ct->size, splitmix(&s) % nvalues, ct->size, ct->be);
    snprintf(p, sizeof p, "%s/indices/data", cg);
    mf_dataset(F, p, ct->np, 1, &rows, codes, rows * ct->size, mode_name(mode));
    fw_push(F, ds.data, codes, rows * ct->size, rows, mode, p);
    snprintf(p, sizeof p, "%s/dictionary", cg);
    if (str_values) {
        mf_strcol(F, p, ds.dict_data, ds.dict_indices, ds.dict_null_bitmap, vdata, total, voffs, nvalues, NULL, mode);
        free(voffs);
    } else {
        snprintf(p, sizeof p, "%s/dictionary/data", cg);
        vbuf = (unsigned char *)xmalloc((size_t)(nvalues * 8));
        gen_values(vt, nvalues, p, vbuf);
        mf_dataset(F, p, vt->np, 1, &nvalues, vbuf, nvalues * 8, mode_name(mode));
        fw_push(F, ds.dict_data, vbuf, nvalues * 8, nvalues, mode, p);
        check(ds.dict_indices == H5L_NO_DSET, "%s: primitive dictionary has indices", name);
    }
}

static void table_create(fw *F, const char *group, int null_group)
{
    h5l_error e;
    char p[512];
    h5l_status st = h5l_table_create(F->w, null_group ? NULL : group, &e);
    ok_st(st, &e, "h5l_table_create", group);
    mf_group(F, group);
    mf_attr_vstr(F, group, "type", "table");
    snprintf(p, sizeof p, "%s/columns", group);
    mf_group(F, p);
}

static void table_done(fw *F, const char *group, const char *const *cols, size_t n)
{
    char p[512], *order;
    size_t i, len = 0, cap = 1;
    for (i = 0; i < n; i++) cap += strlen(cols[i]) + 1;
    order = (char *)xmalloc(cap);
    order[0] = 0;
    for (i = 0; i < n; i++) {
        if (i) order[len++] = ',';
        memcpy(order + len, cols[i], strlen(cols[i]) + 1);
        len += strlen(cols[i]);
    }
    snprintf(p, sizeof p, "%s/columns", group);
    mf_attr_vstr(F, p, "column_order", order);
    mf_table(F, group, cols, n);
    free(order);
}

#define TBL2 "/other/t\xc3\xa4" "ble"
static void write_table(const char *dir, const char *fname, unsigned flags)
{
    static const uint64_t in2[2] = {3, 4}, in3[3] = {2, 2, 2};
    static const char *const cols[] = {"i32", "f64be", "u8_2d", "f32_3d_mask", "i64_mask", "f64_bitmap", "bools",
                                       "f16", "i8be_bitmap", "s_plain", "s_bitmap", "dt", "td", "dict_int",
                                       "dict_str", "na\xc3\xafve \xc3\xa9\xf0\x9f\x98\x80"};
    static const char *const cols2[] = {"x", "s"};
    static const char *const cols3[] = {"e", "es", "ed"};
    fw F;
    const uint64_t R = 1000;
    h5l_error e;
    h5l_status st;
    if (!fw_open(&F, dir, fname, flags)) return;
    table_create(&F, "/table", 1);
    col_prim(&F, "/table", "i32", "i32", R, 0, NULL, H5L_VALID_NONE, NULL, 0);
    col_prim(&F, "/table", "f64be", "f64be", R, 0, NULL, H5L_VALID_NONE, NULL, 1);
    col_prim(&F, "/table", "u8_2d", "u8", R, 2, in2, H5L_VALID_NONE, NULL, 2);
    col_prim(&F, "/table", "f32_3d_mask", "f32", R, 3, in3, H5L_VALID_MASK, NULL, 0);
    col_prim(&F, "/table", "i64_mask", "i64", R, 0, NULL, H5L_VALID_MASK, NULL, 1);
    col_prim(&F, "/table", "f64_bitmap", "f64", R, 0, NULL, H5L_VALID_BITMAP, NULL, 2);
    col_prim(&F, "/table", "bools", "bool", R, 0, NULL, H5L_VALID_NONE, NULL, 0);
    col_prim(&F, "/table", "f16", "f16", R, 0, NULL, H5L_VALID_NONE, NULL, 1);
    col_prim(&F, "/table", "i8be_bitmap", "i8be", R, 0, NULL, H5L_VALID_BITMAP, NULL, 0);
    col_str(&F, "/table", "s_plain", R, H5L_VALID_NONE, 0);
    col_str(&F, "/table", "s_bitmap", R, H5L_VALID_BITMAP, 1);
    col_prim(&F, "/table", "dt", "i64", R, 0, NULL, H5L_VALID_NONE, "datetime64[ns]", 0);
    col_prim(&F, "/table", "td", "i64", R, 0, NULL, H5L_VALID_NONE, "timedelta64[us]", 1);
    col_dict(&F, "/table", "dict_int", "i32", R, 0, 7, 0);
    col_dict(&F, "/table", "dict_str", "u16", R, 1, 5, 1);
    col_prim(&F, "/table", cols[15], "u64be", R, 0, NULL, H5L_VALID_NONE, NULL, 2);
    table_done(&F, "/table", cols, sizeof cols / sizeof cols[0]);
    /* a second table at another group path */
    table_create(&F, TBL2, 0);
    mf_group(&F, "/other");
    col_prim(&F, TBL2, "x", "f32be", 9, 0, NULL, H5L_VALID_NONE, NULL, 1);
    col_str(&F, TBL2, "s", 9, H5L_VALID_NONE, 0);
    table_done(&F, TBL2, cols2, 2);
    /* a table with zero rows (empty datasets) */
    table_create(&F, "/empty_table", 0);
    col_prim(&F, "/empty_table", "e", "f64", 0, 0, NULL, H5L_VALID_NONE, NULL, 0);
    col_str(&F, "/empty_table", "es", 0, H5L_VALID_NONE, 0);
    col_prim(&F, "/empty_table", "ed", "i64", 0, 0, NULL, H5L_VALID_BITMAP, "datetime64[ms]", 0);
    table_done(&F, "/empty_table", cols3, 3);
    /* bad specs */
    {
        h5l_column_spec sp;
        h5l_column_dsets ds;
        memset(&sp, 0, sizeof sp);
        sp.name = "i32";
        sp.kind = H5L_COL_PRIMITIVE;
        sp.type = H5L_T_I32;
        sp.rows = R;
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EEXISTS, "table: duplicate column gave %s, expected H5L_EEXISTS", h5l_status_name(st));
        sp.name = "a,b";
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EINVAL, "table: column name with ',' gave %s, expected H5L_EINVAL", h5l_status_name(st));
        sp.name = "a/b";
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EINVAL, "table: column name with '/' gave %s, expected H5L_EINVAL", h5l_status_name(st));
        sp.name = "";
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EINVAL, "table: empty column name gave %s, expected H5L_EINVAL", h5l_status_name(st));
        sp.name = "nosuch";
        st = h5l_table_add_column(F.w, "/no_table_here", &sp, &ds, &e);
        check(st == H5L_ENOTFOUND, "table: column of a missing table gave %s, expected H5L_ENOTFOUND",
              h5l_status_name(st));
        sp.name = "dt_bad";
        sp.type = H5L_T_F64;
        sp.dtype_attr = "datetime64[ns]";
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EINVAL, "table: datetime column of f64 gave %s, expected H5L_EINVAL", h5l_status_name(st));
        sp.dtype_attr = NULL;
        sp.name = "str_mask";
        sp.kind = H5L_COL_STRING;
        sp.validity = H5L_VALID_MASK;
        st = h5l_table_add_column(F.w, NULL, &sp, &ds, &e);
        check(st == H5L_EINVAL, "table: string column with a mask gave %s, expected H5L_EINVAL", h5l_status_name(st));
    }
    fw_finish(&F);
}

/* wide.h5: a 10,000-column table */
static void write_wide(const char *dir)
{
    fw F;
    unsigned i;
    const unsigned N = 10000;
    char **names = (char **)xmalloc(N * sizeof *names);
    if (!fw_open(&F, dir, "wide", 0)) {
        free(names);
        return;
    }
    table_create(&F, "/table", 1);
    for (i = 0; i < N; i++) {
        names[i] = (char *)xmalloc(16);
        snprintf(names[i], 16, "c%05u", i);
        col_prim(&F, "/table", names[i], i % 2 ? "f64" : "i32", 16, 0, NULL, H5L_VALID_NONE, NULL, (int)(i % 2));
    }
    table_done(&F, "/table", (const char *const *)names, N);
    fw_finish(&F);
    for (i = 0; i < N; i++) free(names[i]);
    free(names);
}

/* threads.h5: one dataset filled from several threads (disjoint rows, ptr and write), per-thread datasets */
typedef struct tjob {
    h5l_writer *w;
    h5l_dset d;
    const unsigned char *src;
    uint64_t first, count, rowb;
    int mode;
    const char *path;
} tjob;

static void *tjob_run(void *arg)
{
    tjob *j = (tjob *)arg;
    h5l_error e;
    if (j->mode == 0) {
        unsigned char *p = (unsigned char *)h5l_writer_ptr(j->w, j->d);
        check(p != NULL, "threads: %s: no pointer", j->path);
        if (p) memcpy(p + j->first * j->rowb, j->src + j->first * j->rowb, (size_t)(j->count * j->rowb));
    } else {
        uint64_t r, step = 1000;
        for (r = 0; r < j->count; r += step) {
            uint64_t c = j->count - r < step ? j->count - r : step;
            h5l_status st = h5l_writer_write(j->w, j->d, j->first + r, c, j->src + (j->first + r) * j->rowb, &e);
            if (!ok_st(st, &e, "h5l_writer_write(thread)", j->path)) break;
        }
    }
    return NULL;
}

static void write_threads(const char *dir)
{
    fw F;
    h5l_error e;
    h5l_status st;
    tjob jobs[12];
    pthread_t th[12];
    const uint64_t R = 1u << 18;
    unsigned i, nj = 0;
    h5l_dset big, per[8];
    unsigned char *bigbuf, *perbuf[8];
    char names[8][32];
    if (!fw_open(&F, dir, "threads", 0)) return;
    mf_group(&F, "/per_thread");
    {
        const tinfo *t = type_by_name("f64be");
        bigbuf = (unsigned char *)xmalloc((size_t)(R * 8));
        gen_values(t, R, "/shared_f64be", bigbuf);
        st = h5l_writer_dataset(F.w, "/shared_f64be", t->code, 1, &R, &big, &e);
        ok_st(st, &e, "h5l_writer_dataset", "/shared_f64be");
        mf_dataset(&F, "/shared_f64be", t->np, 1, &R, bigbuf, R * 8, "threads");
    }
    for (i = 0; i < 8; i++) {
        const tinfo *t = &TYPES[(i * 3) % 22];
        uint64_t n = 5000 + i;
        snprintf(names[i], sizeof names[i], "/per_thread/t%u_%s", i, t->name);
        perbuf[i] = (unsigned char *)xmalloc((size_t)(n * t->size));
        gen_values(t, n, names[i], perbuf[i]);
        st = h5l_writer_dataset(F.w, names[i], t->code, 1, &n, &per[i], &e);
        ok_st(st, &e, "h5l_writer_dataset", names[i]);
        mf_dataset(&F, names[i], t->np, 1, &n, perbuf[i], n * t->size, "threads");
        jobs[nj].w = NULL;
        jobs[nj].d = per[i];
        jobs[nj].src = perbuf[i];
        jobs[nj].first = 0;
        jobs[nj].count = n;
        jobs[nj].rowb = t->size;
        jobs[nj].mode = (int)(i % 2);
        jobs[nj].path = names[i];
        nj++;
    }
    for (i = 0; i < 4; i++) {
        jobs[nj].d = big;
        jobs[nj].src = bigbuf;
        jobs[nj].first = i * (R / 4);
        jobs[nj].count = R / 4;
        jobs[nj].rowb = 8;
        jobs[nj].mode = (int)(i % 2);
        jobs[nj].path = "/shared_f64be";
        nj++;
    }
    st = h5l_writer_layout(F.w, &e);
    if (ok_st(st, &e, "h5l_writer_layout", "threads")) {
        for (i = 0; i < nj; i++) {
            jobs[i].w = F.w;
            pthread_create(&th[i], NULL, tjob_run, &jobs[i]);
        }
        for (i = 0; i < nj; i++) pthread_join(th[i], NULL);
        st = h5l_writer_finish(F.w, &e);
        ok_st(st, &e, "h5l_writer_finish", "threads");
    } else {
        h5l_writer_abort(F.w);
    }
    printf("wrote threads.h5 from %u threads\n", nj);
    free(bigbuf);
    for (i = 0; i < 8; i++) free(perbuf[i]);
    free(F.p);
    fclose(F.js);
    fclose(F.bin);
}

/* Two writers in two threads at once: each writes a whole file. */
typedef struct wjob {
    const char *dir;
    const char *name;
    unsigned flags;
} wjob;

static void *wjob_run(void *arg)
{
    wjob *j = (wjob *)arg;
    write_table(j->dir, j->name, j->flags);
    return NULL;
}

/* big.h5: > 4 GiB sparse file, columns over 2^31 rows, a string column with int64 offsets */
static void write_big(const char *dir)
{
    fw F;
    h5l_error e;
    h5l_status st;
    h5l_column_spec sp;
    h5l_column_dsets du8, dbool, dstr;
    const uint64_t R8 = (1ull << 31) + 17, RB = (1ull << 31) + 5, SB = (1ull << 31) + 100;
    static const char *const cols[] = {"u8"}, *const colsb[] = {"flag"}, *const colss[] = {"s"};
    uint64_t i;
    unsigned char ends8[16], endsb[16];
    int64_t offs[5];
    if (!fw_open(&F, dir, "big", H5L_WRITE_NO_SYNC | H5L_WRITE_SPARSE)) return;   /* 6 GiB, mostly holes */
    table_create(&F, "/table", 1);
    memset(&sp, 0, sizeof sp);
    sp.name = "u8";
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = H5L_T_U8;
    sp.rows = R8;
    if (!add_col(&F, "/table", &sp, &du8)) goto out;
    sp.name = "flag";
    sp.type = H5L_T_BOOL;
    sp.rows = RB;
    table_create(&F, "/flags", 0);
    if (!add_col(&F, "/flags", &sp, &dbool)) goto out;
    sp.name = "s";
    sp.kind = H5L_COL_STRING;
    sp.rows = 4;
    sp.str_bytes = SB;
    table_create(&F, "/strings", 0);
    if (!add_col(&F, "/strings", &sp, &dstr)) goto out;
    table_done(&F, "/table", cols, 1);
    table_done(&F, "/flags", colsb, 1);
    table_done(&F, "/strings", colss, 1);
    for (i = 0; i < 8; i++) {
        ends8[i] = (unsigned char)(i + 1);
        ends8[8 + i] = (unsigned char)(0xf0 + i);
        endsb[i] = (unsigned char)(i % 2);
        endsb[8 + i] = (unsigned char)((i + 1) % 2);
    }
    offs[0] = 0;
    offs[1] = 3;
    offs[2] = 6;
    offs[3] = 9;
    offs[4] = (int64_t)SB;
    /* sparse manifest lines: points [index, byte values hex] */
    fprintf(F.js, "{\"kind\":\"sparse\",\"path\":\"/table/columns/u8/data\",\"dtype\":\"|u1\",\"shape\":[%llu],"
                  "\"points\":[[0,\"0102030405060708\"],[%llu,\"f0f1f2f3f4f5f6f7\"]]}\n",
            (unsigned long long)R8, (unsigned long long)(R8 - 8));
    fprintf(F.js, "{\"kind\":\"sparse\",\"path\":\"/flags/columns/flag/data\",\"dtype\":\"|b1\",\"shape\":[%llu],"
                  "\"points\":[[0,\"0001000100010001\"],[%llu,\"0100010001000100\"]]}\n",
            (unsigned long long)RB, (unsigned long long)(RB - 8));
    fprintf(F.js, "{\"kind\":\"sparse\",\"path\":\"/strings/columns/s/data\",\"dtype\":\"|S1\",\"shape\":[%llu],"
                  "\"points\":[[0,\"616263646566676869\"],[%llu,\"30313233343536373839\"]]}\n",
            (unsigned long long)SB, (unsigned long long)(SB - 10));
    fprintf(F.js, "{\"kind\":\"dataset\",\"path\":\"/strings/columns/s/indices\",\"dtype\":\"<i8\",\"shape\":[5],"
                  "\"off\":0,\"len\":40,\"fill\":\"write\"}\n");
    mf_attr_vstr(&F, "/strings/columns/s/data", "dtype", "str");
    {
        unsigned char ib[40];
        for (i = 0; i < 5; i++) store(ib + 8 * i, (uint64_t)offs[i], 8, 0);
        blob(&F, ib, 40);
    }
    st = h5l_writer_layout(F.w, &e);
    if (!ok_st(st, &e, "h5l_writer_layout", "big")) {
        h5l_writer_abort(F.w);
        goto out;
    }
    check(h5l_writer_size(F.w, du8.data) == R8, "big: u8 size %llu", (unsigned long long)h5l_writer_size(F.w, du8.data));
    check(h5l_writer_size(F.w, dstr.indices) == 40, "big: string indices size %llu (int64 offsets expected)",
          (unsigned long long)h5l_writer_size(F.w, dstr.indices));
    check(h5l_writer_offset(F.w, dstr.indices) > (1ull << 32) || h5l_writer_offset(F.w, dstr.data) > (1ull << 32) ||
              h5l_writer_offset(F.w, dbool.data) > (1ull << 32),
          "big: no dataset lies above 4 GiB");
    {
        unsigned char *p = (unsigned char *)h5l_writer_ptr(F.w, du8.data);
        check(p != NULL, "big: no pointer for the u8 column");
        if (p) {
            memcpy(p, ends8, 8);
            memcpy(p + R8 - 8, ends8 + 8, 8);
        }
        st = h5l_writer_write(F.w, dbool.data, 0, 8, endsb, &e);
        ok_st(st, &e, "h5l_writer_write", "flag");
        st = h5l_writer_write(F.w, dbool.data, RB - 8, 8, endsb + 8, &e);
        ok_st(st, &e, "h5l_writer_write", "flag end");
        st = h5l_writer_write(F.w, dstr.data, 0, 9, "abcdefghi", &e);
        ok_st(st, &e, "h5l_writer_write", "s data");
        st = h5l_writer_write(F.w, dstr.data, SB - 10, 10, "0123456789", &e);
        ok_st(st, &e, "h5l_writer_write", "s data end");
        {
            unsigned char ib[40];
            for (i = 0; i < 5; i++) store(ib + 8 * i, (uint64_t)offs[i], 8, 0);
            st = h5l_writer_write(F.w, dstr.indices, 0, 5, ib, &e);
            ok_st(st, &e, "h5l_writer_write", "s indices");
        }
    }
    st = h5l_writer_finish(F.w, &e);
    ok_st(st, &e, "h5l_writer_finish", "big");
    printf("wrote big.h5\n");
out:
    free(F.p);
    fclose(F.js);
    fclose(F.bin);
}

int main(int argc, char **argv)
{
    const char *dir;
    int big = 0, i;
    const char *only = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [--big] [--only NAME]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    dir = argv[1];
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--big")) big = 1;
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    }
    mkdir(dir, 0777);
#define RUN(n, call) if (!only || !strcmp(only, n)) { call; }
    RUN("types", write_types(dir));
    RUN("ranks", write_ranks(dir));
    RUN("attrs", write_attrs(dir));
    RUN("names", write_names(dir));
    RUN("table", write_table(dir, "table", 0));
    RUN("table_nommap", write_table(dir, "table_nommap", H5L_WRITE_NO_MMAP));
    RUN("wide", write_wide(dir));
    RUN("threads", write_threads(dir));
    if (!only || !strcmp(only, "twowriters")) {
        wjob a = {dir, "twin_a", 0}, b = {dir, "twin_b", H5L_WRITE_NO_MMAP};
        pthread_t ta, tb;
        pthread_create(&ta, NULL, wjob_run, &a);
        pthread_create(&tb, NULL, wjob_run, &b);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
    }
    if (big || (only && !strcmp(only, "big"))) write_big(dir);
    printf("test_write_interop: %u passed, %u failed\n", C.pass, C.fail);
    return C.fail ? 1 : 0;
}
