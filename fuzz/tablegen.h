/*
 * tablegen.h — a model of a vaex-layout table (columns with their values),
 * generated from bytes (a fuzz input) or from a seed; written with hdf5lite's
 * table writer and verified after reading back. Header-only, no global state.
 *
 * Used by fuzz_roundtrip.c, fuzz/seed_writer.c, tests/test_anomaly.c and
 * tests/test_crash.c.
 *
 *   tg_table t; tg_src s = tg_src_bytes(data, size);   (or tg_src_seed(42))
 *   tg_generate(&t, &s, 0);                             (or tg_representative)
 *   tg_write(path, &t, &wopt, &res);                    0 / -1 library / -2 mismatch
 *   tg_verify(f, &t, why, sizeof why);                  0 when identical
 *   tg_free(&t);
 */
#ifndef HDF5LITE_FUZZ_TABLEGEN_H
#define HDF5LITE_FUZZ_TABLEGEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

#if defined(__GNUC__)
#  define TG_FN static __attribute__((unused))
#else
#  define TG_FN static
#endif

#define TG_MAXCOLS 12

typedef struct tg_col {
    char name[64];
    h5l_col_kind kind;            /* PRIMITIVE, STRING, DICT */
    h5l_type_code type;           /* PRIMITIVE: element type; DICT: code type */
    uint64_t rows;
    unsigned inner_rank;
    uint64_t inner_dims[2];
    h5l_validity validity;
    unsigned char *data;          /* PRIMITIVE: values; STRING: the bytes; DICT: codes */
    uint64_t data_bytes;
    uint64_t *offsets;            /* STRING: rows + 1 */
    unsigned char *valid;         /* rows entries, 1 = valid; NULL when validity NONE */
    const char *dtype_attr, *unit, *ucd, *description, *alias;
    struct tg_col *dict;          /* DICT: the values */
} tg_col;

typedef struct tg_table {
    const char *group;            /* NULL: /table */
    size_t ncols;
    tg_col cols[TG_MAXCOLS];
    int use_ptr;                  /* fill through h5l_writer_ptr where it is not NULL */
} tg_table;

typedef struct tg_result {
    h5l_status st;                /* the failing library call's status */
    h5l_error err;
    char why[300];                /* harness-level mismatch */
} tg_result;

/* ---- byte source --------------------------------------------------------------- */
typedef struct tg_src {
    const uint8_t *p;
    size_t n, i;
    uint64_t rng;
    int use_rng;
} tg_src;

TG_FN tg_src tg_src_bytes(const uint8_t *p, size_t n)
{
    tg_src s;
    s.p = p; s.n = n; s.i = 0; s.rng = 0; s.use_rng = 0;
    return s;
}
TG_FN tg_src tg_src_seed(uint64_t seed)
{
    tg_src s;
    s.p = NULL; s.n = 0; s.i = 0; s.rng = seed * 0x9e3779b97f4a7c15ull + 1; s.use_rng = 1;
    return s;
}
static uint8_t tg_u8(tg_src *s)
{
    if (s->use_rng) {
        s->rng ^= s->rng << 13;
        s->rng ^= s->rng >> 7;
        s->rng ^= s->rng << 17;
        return (uint8_t)(s->rng >> 24);
    }
    return s->i < s->n ? s->p[s->i++] : 0;
}
static unsigned tg_pick(tg_src *s, unsigned n) { return n ? tg_u8(s) % n : 0; }
static uint64_t tg_u16(tg_src *s) { uint64_t a = tg_u8(s); return a | ((uint64_t)tg_u8(s) << 8); }

/* ---- types -------------------------------------------------------------------- */
static const h5l_type_code tg_prim_types[] = {H5L_T_I8, H5L_T_I16, H5L_T_I32, H5L_T_I64, H5L_T_U8, H5L_T_U16,
                                              H5L_T_U32, H5L_T_U64, H5L_T_F16, H5L_T_F32, H5L_T_F64, H5L_T_BOOL};
static const h5l_type_code tg_code_types[] = {H5L_T_I8, H5L_T_I16, H5L_T_I32, H5L_T_I64, H5L_T_U8, H5L_T_U16, H5L_T_U32, H5L_T_U64};
static const char *const tg_meta[] = {"m", "km/s", "deg", "\xc3\xa9t\xc3\xa9", "pos.eq.ra", "a column", "x", "\xe5\xad\x97"};

static uint64_t tg_tsize(h5l_type_code t)
{
    switch (H5L_T_BASE(t)) {
    case H5L_T_I8: case H5L_T_U8: case H5L_T_BOOL: return 1;
    case H5L_T_I16: case H5L_T_U16: case H5L_T_F16: return 2;
    case H5L_T_I32: case H5L_T_U32: case H5L_T_F32: return 4;
    case H5L_T_I64: case H5L_T_U64: case H5L_T_F64: return 8;
    case H5L_T_STRBASE: return H5L_T_STRLEN(t);
    default: return 0;
    }
}

static void tg_col_free(tg_col *c)
{
    free(c->data);
    free(c->offsets);
    free(c->valid);
    if (c->dict) {
        tg_col_free(c->dict);
        free(c->dict);
    }
    memset(c, 0, sizeof *c);
}

TG_FN void tg_free(tg_table *t)
{
    size_t i;
    for (i = 0; i < t->ncols; i++) tg_col_free(&t->cols[i]);
    t->ncols = 0;
}

static int tg_fill_valid(tg_col *c, tg_src *s)
{
    uint64_t r;
    if (c->validity == H5L_VALID_NONE) return 0;
    c->valid = (unsigned char *)malloc(c->rows ? c->rows : 1);
    if (!c->valid) return -1;
    for (r = 0; r < c->rows; r++) c->valid[r] = (tg_u8(s) & 3) != 0;
    return 0;
}

/* Fill a STRING column's bytes and offsets. */
static int tg_fill_strings(tg_col *c, tg_src *s)
{
    uint64_t r, total = 0;
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789_-.,";
    c->offsets = (uint64_t *)malloc((c->rows + 1) * sizeof *c->offsets);
    c->data = (unsigned char *)malloc(c->rows * 12 + 1);
    if (!c->offsets || !c->data) return -1;
    c->offsets[0] = 0;
    for (r = 0; r < c->rows; r++) {
        unsigned len = tg_pick(s, 10), k;
        if (tg_pick(s, 8) == 0) { /* a multi-byte character */
            c->data[total++] = 0xc3;
            c->data[total++] = 0xa9;
        }
        for (k = 0; k < len; k++) c->data[total++] = (unsigned char)alpha[tg_pick(s, sizeof alpha - 1)];
        c->offsets[r + 1] = total;
    }
    c->data_bytes = total;
    return 0;
}

static int tg_fill_prim(tg_col *c, tg_src *s, uint64_t limit_code)
{
    uint64_t per = tg_tsize(c->type), i, n;
    unsigned k;
    for (k = 0; k < c->inner_rank; k++) per *= c->inner_dims[k];
    n = c->rows * per;
    c->data_bytes = n;
    c->data = (unsigned char *)malloc(n ? n : 1);
    if (!c->data) return -1;
    if (c->kind == H5L_COL_DICT) {
        /* codes in [0, limit_code), in the declared byte order */
        uint64_t es = tg_tsize(c->type), r;
        int be = (c->type & H5L_T_BE) != 0;
        for (r = 0; r < c->rows; r++) {
            uint64_t v = limit_code ? tg_u8(s) % limit_code : 0, b;
            for (b = 0; b < es; b++) c->data[r * es + b] = (unsigned char)(v >> (8 * (be ? es - 1 - b : b)));
        }
        return 0;
    }
    for (i = 0; i < n; i++) c->data[i] = tg_u8(s);
    if (H5L_T_BASE(c->type) == H5L_T_BOOL)
        for (i = 0; i < n; i++) c->data[i] &= 1;
    return 0;
}

static void tg_name(tg_src *s, char *out, size_t n, size_t idx)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_- ";
    unsigned len = 1 + tg_pick(s, 10), k, o = 0;
    if (tg_pick(s, 6) == 0) { out[o++] = (char)0xc3; out[o++] = (char)0xa9; }
    for (k = 0; k < len && o + 8 < n; k++) out[o++] = alpha[tg_pick(s, sizeof alpha - 1)];
    /* unique, never "." or "..": a suffix with the index */
    snprintf(out + o, n - o, "_%u", (unsigned)idx);
}

/* A value column (PRIMITIVE or STRING) for a dictionary. */
static int tg_gen_dict_values(tg_col *d, tg_src *s)
{
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "dictionary");
    d->rows = 1 + tg_pick(s, 12);
    if (tg_pick(s, 2)) {
        d->kind = H5L_COL_STRING;
        return tg_fill_strings(d, s);
    }
    d->kind = H5L_COL_PRIMITIVE;
    d->type = tg_prim_types[tg_pick(s, 11)]; /* numbers, no bool */
    return tg_fill_prim(d, s, 0);
}

/* Generate one column of `rows` rows. */
static int tg_gen_column(tg_col *c, tg_src *s, uint64_t rows, size_t idx)
{
    unsigned what = tg_pick(s, 10);
    memset(c, 0, sizeof *c);
    tg_name(s, c->name, sizeof c->name, idx);
    c->rows = rows;
    if (tg_pick(s, 5) == 0) c->unit = tg_meta[tg_pick(s, 8)];
    if (tg_pick(s, 7) == 0) c->ucd = tg_meta[tg_pick(s, 8)];
    if (tg_pick(s, 7) == 0) c->description = tg_meta[tg_pick(s, 8)];
    if (tg_pick(s, 9) == 0) c->alias = tg_meta[tg_pick(s, 8)];
#ifdef TG_NO_ALIAS /* to fuzz on past an open alias bug: -DTG_NO_ALIAS */
    c->alias = NULL;
#endif
    if (what < 6) {
        c->kind = H5L_COL_PRIMITIVE;
        if (tg_pick(s, 6) == 0) c->type = H5L_T_STR(1 + tg_pick(s, 12)) | (tg_pick(s, 2) ? H5L_T_UTF8 : 0);
        else {
            c->type = tg_prim_types[tg_pick(s, 12)];
            if (c->type != H5L_T_BOOL && c->type != H5L_T_I8 && c->type != H5L_T_U8 && tg_pick(s, 4) == 0) c->type |= H5L_T_BE;
        }
        if (c->type == H5L_T_I64 && tg_pick(s, 4) == 0) c->dtype_attr = "datetime64[ns]";
        if (tg_pick(s, 6) == 0) {
            unsigned k;
            c->inner_rank = 1 + tg_pick(s, 2);
            for (k = 0; k < c->inner_rank; k++) c->inner_dims[k] = 1 + tg_pick(s, 3);
        } else {
            c->validity = (h5l_validity)tg_pick(s, 3);
        }
        if (tg_fill_prim(c, s, 0) || tg_fill_valid(c, s)) return -1;
    } else if (what < 8) {
        c->kind = H5L_COL_STRING;
        c->validity = tg_pick(s, 2) ? H5L_VALID_BITMAP : H5L_VALID_NONE;
        if (tg_fill_strings(c, s) || tg_fill_valid(c, s)) return -1;
    } else {
        c->kind = H5L_COL_DICT;
        c->type = tg_code_types[tg_pick(s, 8)];
        c->validity = tg_pick(s, 2) ? H5L_VALID_BITMAP : H5L_VALID_NONE;
        c->dict = (tg_col *)calloc(1, sizeof *c->dict);
        if (!c->dict || tg_gen_dict_values(c->dict, s)) return -1;
        if (tg_fill_prim(c, s, c->dict->rows) || tg_fill_valid(c, s)) return -1;
    }
    return 0;
}

/* A table chosen by the bytes of s. max_rows bounds the row count. */
TG_FN int tg_generate(tg_table *t, tg_src *s, uint64_t max_rows)
{
    size_t n, i;
    uint64_t rows;
    memset(t, 0, sizeof *t);
    if (!max_rows) max_rows = 300;
    n = 1 + tg_pick(s, 6);
    rows = tg_pick(s, 8) == 0 ? 0 : tg_u16(s) % (max_rows + 1);
    t->group = tg_pick(s, 5) == 0 ? "/t" : NULL;
    t->use_ptr = tg_pick(s, 2);
    for (i = 0; i < n; i++) {
        if (tg_gen_column(&t->cols[i], s, rows, i) != 0) {
            t->ncols = i + 1;
            tg_free(t);
            return -1;
        }
        t->ncols = i + 1;
    }
    return 0;
}

/* The representative table of the anomaly and crash tests: every column kind,
 * validity and type family, `rows` rows, values from `seed`. */
TG_FN int tg_representative(tg_table *t, uint64_t rows, uint64_t seed)
{
    tg_src s = tg_src_seed(seed);
    static const struct { const char *name; h5l_col_kind kind; h5l_type_code type; h5l_validity v; unsigned inner; } spec[] = {
        {"id", H5L_COL_PRIMITIVE, H5L_T_I64, H5L_VALID_NONE, 0},
        {"x", H5L_COL_PRIMITIVE, H5L_T_F64, H5L_VALID_MASK, 0},
        {"y", H5L_COL_PRIMITIVE, H5L_T_F32 | H5L_T_BE, H5L_VALID_BITMAP, 0},
        {"flag", H5L_COL_PRIMITIVE, H5L_T_BOOL, H5L_VALID_NONE, 0},
        {"code", H5L_COL_PRIMITIVE, H5L_T_STR(5), H5L_VALID_NONE, 0},
        {"vec", H5L_COL_PRIMITIVE, H5L_T_I16, H5L_VALID_NONE, 3},
        {"name", H5L_COL_STRING, 0, H5L_VALID_BITMAP, 0},
        {"time", H5L_COL_PRIMITIVE, H5L_T_I64, H5L_VALID_NONE, 0},
        {"cat", H5L_COL_DICT, H5L_T_U8, H5L_VALID_NONE, 0},
    };
    size_t i;
    memset(t, 0, sizeof *t);
    for (i = 0; i < sizeof spec / sizeof spec[0]; i++) {
        tg_col *c = &t->cols[i];
        t->ncols = i + 1;
        snprintf(c->name, sizeof c->name, "%s", spec[i].name);
        c->kind = spec[i].kind;
        c->type = spec[i].type;
        c->rows = rows;
        c->validity = spec[i].v;
        if (spec[i].inner) { c->inner_rank = 1; c->inner_dims[0] = spec[i].inner; }
        if (i == 7) { c->dtype_attr = "datetime64[ns]"; c->unit = "ns"; }
        if (i == 1) { c->unit = "km/s"; c->ucd = "phys.veloc"; c->description = "speed"; }
        if (c->kind == H5L_COL_STRING) {
            if (tg_fill_strings(c, &s)) goto fail;
        } else if (c->kind == H5L_COL_DICT) {
            c->dict = (tg_col *)calloc(1, sizeof *c->dict);
            if (!c->dict) goto fail;
            snprintf(c->dict->name, sizeof c->dict->name, "dictionary");
            c->dict->kind = H5L_COL_STRING;
            c->dict->rows = 5;
            if (tg_fill_strings(c->dict, &s) || tg_fill_prim(c, &s, 5)) goto fail;
        } else if (tg_fill_prim(c, &s, 0)) {
            goto fail;
        }
        if (tg_fill_valid(c, &s)) goto fail;
    }
    return 0;
fail:
    tg_free(t);
    return -1;
}

/* ---- writing -------------------------------------------------------------------- */
static void tg_spec(const tg_col *c, h5l_column_spec *sp, h5l_column_spec *dsp)
{
    memset(sp, 0, sizeof *sp);
    sp->name = c->name;
    sp->kind = c->kind;
    sp->type = c->type;
    sp->rows = c->rows;
    sp->inner_rank = c->inner_rank;
    sp->inner_dims = c->inner_rank ? c->inner_dims : NULL;
    sp->validity = c->validity;
    sp->str_bytes = c->kind == H5L_COL_STRING ? c->data_bytes : 0;
    sp->dtype_attr = c->dtype_attr;
    sp->unit = c->unit;
    sp->ucd = c->ucd;
    sp->description = c->description;
    sp->alias = c->alias;
    if (c->kind == H5L_COL_DICT && c->dict && dsp) {
        tg_spec(c->dict, dsp, NULL);
        sp->dictionary = dsp;
    }
}

/* Write `bytes` bytes (count rows of the first dimension) into dataset d. */
static int tg_put(h5l_writer *w, h5l_dset d, const void *buf, uint64_t count, uint64_t bytes, int use_ptr,
                  tg_result *res, const char *what)
{
    h5l_status st;
    if (d == H5L_NO_DSET) {
        snprintf(res->why, sizeof res->why, "%s: dataset missing from h5l_column_dsets", what);
        return -2;
    }
    if (h5l_writer_size(w, d) != bytes) {
        snprintf(res->why, sizeof res->why, "%s: h5l_writer_size %llu, expected %llu", what,
                 (unsigned long long)h5l_writer_size(w, d), (unsigned long long)bytes);
        return -2;
    }
    if (bytes == 0) return 0;
    if (use_ptr) {
        void *p = h5l_writer_ptr(w, d);
        if (p) {
            memcpy(p, buf, (size_t)bytes);
            return 0;
        }
    }
    st = h5l_writer_write(w, d, 0, count, buf, &res->err);
    if (st != H5L_OK) {
        res->st = st;
        return -1;
    }
    return 0;
}

static int tg_put_validity(h5l_writer *w, const tg_col *c, h5l_dset nb, h5l_dset mk, int use_ptr, tg_result *res)
{
    uint64_t r, nbytes = (c->rows + 7) / 8;
    unsigned char *b;
    int rc;
    if (c->validity == H5L_VALID_NONE) {
        if (nb != H5L_NO_DSET || mk != H5L_NO_DSET) {
            snprintf(res->why, sizeof res->why, "%s: validity datasets for a column without validity", c->name);
            return -2;
        }
        return 0;
    }
    b = (unsigned char *)calloc(c->rows ? c->rows : 1, 1);
    if (!b) {
        snprintf(res->why, sizeof res->why, "harness out of memory");
        return -2;
    }
    if (c->validity == H5L_VALID_MASK) {
        for (r = 0; r < c->rows; r++) b[r] = (unsigned char)!c->valid[r];
        rc = tg_put(w, mk, b, c->rows, c->rows, use_ptr, res, "mask");
    } else {
        for (r = 0; r < c->rows; r++)
            if (c->valid[r]) b[r / 8] |= (unsigned char)(1u << (r % 8));
        rc = tg_put(w, nb, b, nbytes, nbytes, use_ptr, res, "null_bitmap");
    }
    free(b);
    return rc;
}

static int tg_put_values(h5l_writer *w, const tg_col *c, h5l_dset data, h5l_dset indices, int use_ptr, tg_result *res)
{
    if (c->kind == H5L_COL_STRING) {
        uint64_t width, r;
        unsigned char *ib;
        int rc;
        if (indices == H5L_NO_DSET) {
            snprintf(res->why, sizeof res->why, "%s: no indices dataset", c->name);
            return -2;
        }
        width = h5l_writer_size(w, indices) / (c->rows + 1);
        if ((width != 4 && width != 8) || h5l_writer_size(w, indices) != width * (c->rows + 1)) {
            snprintf(res->why, sizeof res->why, "%s: indices dataset of %llu bytes for %llu rows", c->name,
                     (unsigned long long)h5l_writer_size(w, indices), (unsigned long long)c->rows);
            return -2;
        }
        ib = (unsigned char *)malloc((size_t)(width * (c->rows + 1)));
        if (!ib) {
            snprintf(res->why, sizeof res->why, "harness out of memory");
            return -2;
        }
        for (r = 0; r <= c->rows; r++) {
            unsigned b;
            for (b = 0; b < width; b++) ib[r * width + b] = (unsigned char)(c->offsets[r] >> (8 * b));
        }
        rc = tg_put(w, data, c->data, c->data_bytes, c->data_bytes, use_ptr, res, "string data");
        if (rc == 0) rc = tg_put(w, indices, ib, c->rows + 1, width * (c->rows + 1), use_ptr, res, "indices");
        free(ib);
        return rc;
    }
    return tg_put(w, data, c->data, c->rows, c->data_bytes, use_ptr, res, c->kind == H5L_COL_DICT ? "codes" : "data");
}

/* Write t to path. Returns 0 (written, renamed into place), -1 (a library call
 * failed: res->st, res->err; the writer was aborted or finish cleaned up), -2
 * (the library broke the harness's expectations: res->why). */
TG_FN int tg_write(const char *path, const tg_table *t, const h5l_write_options *wo, tg_result *res)
{
    h5l_writer *w = NULL;
    h5l_column_dsets ds[TG_MAXCOLS];
    h5l_status st;
    size_t i;
    int rc = 0;
    memset(res, 0, sizeof *res);
    st = h5l_writer_open(path, wo, &w, &res->err);
    if (st != H5L_OK) {
        res->st = st;
        if (w) snprintf(res->why, sizeof res->why, "h5l_writer_open failed but set *out");
        return w ? -2 : -1;
    }
    st = h5l_table_create(w, t->group, &res->err);
    for (i = 0; st == H5L_OK && i < t->ncols; i++) {
        h5l_column_spec sp, dsp;
        tg_spec(&t->cols[i], &sp, &dsp);
        st = h5l_table_add_column(w, t->group, &sp, &ds[i], &res->err);
    }
    if (st == H5L_OK) st = h5l_writer_layout(w, &res->err);
    if (st != H5L_OK) {
        res->st = st;
        h5l_writer_abort(w);
        return -1;
    }
    for (i = 0; rc == 0 && i < t->ncols; i++) {
        const tg_col *c = &t->cols[i];
        rc = tg_put_values(w, c, ds[i].data, ds[i].indices, t->use_ptr, res);
        if (rc == 0) rc = tg_put_validity(w, c, ds[i].null_bitmap, ds[i].mask, t->use_ptr, res);
        if (rc == 0 && c->kind == H5L_COL_DICT)
            rc = tg_put_values(w, c->dict, ds[i].dict_data, ds[i].dict_indices, t->use_ptr, res);
    }
    if (rc != 0) {
        h5l_writer_abort(w);
        return rc;
    }
    st = h5l_writer_finish(w, &res->err);
    if (st != H5L_OK) {
        res->st = st;
        return -1;
    }
    return 0;
}

/* ---- verifying ------------------------------------------------------------------ */
static int tg_streq(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

static int tg_check_type(const h5l_dtype *t, h5l_type_code code, char *why, size_t n, const char *name)
{
    unsigned base = H5L_T_BASE(code);
    int be = (code & H5L_T_BE) != 0;
    h5l_class want;
    if (!t) { snprintf(why, n, "%s: no type", name); return -1; }
    if (t->size != tg_tsize(code)) {
        snprintf(why, n, "%s: element size %llu, wrote %llu", name, (unsigned long long)t->size, (unsigned long long)tg_tsize(code));
        return -1;
    }
    if (base == H5L_T_BOOL) want = H5L_CLASS_ENUM;
    else if (base == H5L_T_STRBASE) want = H5L_CLASS_STRING;
    else if (base >= H5L_T_F16 && base <= H5L_T_F64) want = H5L_CLASS_FLOAT;
    else want = H5L_CLASS_INTEGER;
    if (t->cls != want) { snprintf(why, n, "%s: class %d, expected %d", name, (int)t->cls, (int)want); return -1; }
    if (want == H5L_CLASS_INTEGER) {
        int sgn = base <= H5L_T_I64;
        if (!t->is_signed != !sgn) { snprintf(why, n, "%s: signedness differs", name); return -1; }
    }
    if (want == H5L_CLASS_INTEGER || want == H5L_CLASS_FLOAT) {
        if ((t->order == H5L_BE) != be) { snprintf(why, n, "%s: byte order differs", name); return -1; }
    }
    if (want == H5L_CLASS_ENUM && !t->is_bool) { snprintf(why, n, "%s: bool not marked is_bool", name); return -1; }
    if (want == H5L_CLASS_STRING && (t->cset == H5L_CSET_UTF8) != ((code & H5L_T_UTF8) != 0)) {
        snprintf(why, n, "%s: string cset differs", name);
        return -1;
    }
    return 0;
}

static int tg_verify_col(const h5l_column *hc, const tg_col *c, int is_dict, char *why, size_t n)
{
    uint64_t r, nulls = 0;
    h5l_error e;
    if (!is_dict && (!hc->name || strcmp(hc->name, c->name) != 0)) {
        snprintf(why, n, "column name '%s', wrote '%s'", hc->name ? hc->name : "(null)", c->name);
        return -1;
    }
    if (hc->kind != c->kind) { snprintf(why, n, "%s: kind %d, wrote %d", c->name, (int)hc->kind, (int)c->kind); return -1; }
    if (hc->rows != c->rows) {
        snprintf(why, n, "%s: %llu rows, wrote %llu", c->name, (unsigned long long)hc->rows, (unsigned long long)c->rows);
        return -1;
    }
    if (!is_dict && (!tg_streq(hc->unit, c->unit) || !tg_streq(hc->ucd, c->ucd) || !tg_streq(hc->description, c->description) ||
                     !tg_streq(hc->alias, c->alias))) {
        snprintf(why, n, "%s: unit/ucd/description/alias differ", c->name);
        return -1;
    }
    if (!is_dict && c->dtype_attr && !tg_streq(hc->dtype_attr, c->dtype_attr)) {
        snprintf(why, n, "%s: dtype attribute '%s', wrote '%s'", c->name, hc->dtype_attr ? hc->dtype_attr : "(null)", c->dtype_attr);
        return -1;
    }
    if (!hc->data) { snprintf(why, n, "%s: no data dataset", c->name); return -1; }
    if (c->kind == H5L_COL_PRIMITIVE || c->kind == H5L_COL_DICT) {
        unsigned k;
        if (tg_check_type(hc->data->type, c->type, why, n, c->name)) return -1;
        if (hc->data->space.rank != 1 + c->inner_rank || hc->data->space.dims[0] != c->rows) {
            snprintf(why, n, "%s: data rank/shape differs", c->name);
            return -1;
        }
        for (k = 0; k < c->inner_rank; k++)
            if (hc->data->space.dims[1 + k] != c->inner_dims[k]) { snprintf(why, n, "%s: inner dims differ", c->name); return -1; }
        if (c->data_bytes) {
            if (!hc->data->data || hc->data->storage_size < c->data_bytes || memcmp(hc->data->data, c->data, (size_t)c->data_bytes) != 0) {
                snprintf(why, n, "%s: values differ (storage %llu bytes, wrote %llu)", c->name,
                         (unsigned long long)hc->data->storage_size, (unsigned long long)c->data_bytes);
                return -1;
            }
        }
    }
    if (c->kind == H5L_COL_STRING) {
        if (!hc->indices) { snprintf(why, n, "%s: no indices", c->name); return -1; }
        for (r = 0; r < c->rows; r++) {
            const char *s = NULL;
            size_t len = 0;
            uint64_t want = c->offsets[r + 1] - c->offsets[r];
            h5l_status st = h5l_column_string(hc, r, &s, &len, &e);
            if (st != H5L_OK) { snprintf(why, n, "%s row %llu: %s: %s", c->name, (unsigned long long)r, h5l_status_name(st), e.msg); return -1; }
            if (len != want || (len && memcmp(s, c->data + c->offsets[r], len) != 0)) {
                snprintf(why, n, "%s row %llu: string differs (%zu bytes, wrote %llu)", c->name, (unsigned long long)r, len, (unsigned long long)want);
                return -1;
            }
        }
    }
    if (c->kind == H5L_COL_DICT) {
        if (!hc->dictionary) { snprintf(why, n, "%s: no dictionary", c->name); return -1; }
        if (tg_verify_col(hc->dictionary, c->dict, 1, why, n)) return -1;
        if (c->dict->kind == H5L_COL_STRING) {
            uint64_t es = tg_tsize(c->type);
            int be = (c->type & H5L_T_BE) != 0;
            for (r = 0; r < c->rows; r++) {
                const char *s = NULL;
                size_t len = 0;
                uint64_t code = 0, b;
                h5l_status st;
                if (c->valid && !c->valid[r]) continue;
                for (b = 0; b < es; b++) code |= (uint64_t)c->data[r * es + b] << (8 * (be ? es - 1 - b : b));
                st = h5l_column_string(hc, r, &s, &len, &e);
                if (st != H5L_OK) { snprintf(why, n, "%s row %llu: %s: %s", c->name, (unsigned long long)r, h5l_status_name(st), e.msg); return -1; }
                if (len != c->dict->offsets[code + 1] - c->dict->offsets[code] || (len && memcmp(s, c->dict->data + c->dict->offsets[code], len))) {
                    snprintf(why, n, "%s row %llu: dictionary string differs", c->name, (unsigned long long)r);
                    return -1;
                }
            }
        }
    }
    /* validity */
    if ((c->validity == H5L_VALID_MASK) != (hc->mask != NULL) || (c->validity == H5L_VALID_BITMAP) != (hc->null_bitmap != NULL)) {
        snprintf(why, n, "%s: validity datasets differ (mask %p, bitmap %p, wrote %d)", c->name, (const void *)hc->mask,
                 (const void *)hc->null_bitmap, (int)c->validity);
        return -1;
    }
    for (r = 0; r < c->rows; r++) {
        int want = c->valid ? !c->valid[r] : 0;
        nulls += (uint64_t)want;
        if (h5l_column_is_null(hc, r) != want) {
            snprintf(why, n, "%s row %llu: is_null %d, wrote %d", c->name, (unsigned long long)r, h5l_column_is_null(hc, r), want);
            return -1;
        }
    }
    if (hc->null_count != nulls) {
        snprintf(why, n, "%s: null_count %llu, wrote %llu nulls", c->name, (unsigned long long)hc->null_count, (unsigned long long)nulls);
        return -1;
    }
    return 0;
}

/* 0 when the table in f is exactly t. */
TG_FN int tg_verify(h5l_file *f, const tg_table *t, char *why, size_t n)
{
    h5l_table *ht = NULL;
    h5l_error e;
    h5l_status st = h5l_table_open(f, t->group, &ht, &e);
    size_t i;
    int rc = 0;
    if (st != H5L_OK) {
        snprintf(why, n, "h5l_table_open(%s): %s: %s", t->group ? t->group : "NULL", h5l_status_name(st), e.msg);
        return -1;
    }
    if (h5l_table_ncolumns(ht) != t->ncols) {
        snprintf(why, n, "%zu columns, wrote %zu", h5l_table_ncolumns(ht), t->ncols);
        rc = -1;
    }
    if (rc == 0 && t->ncols && h5l_table_rows(ht) != t->cols[0].rows) {
        snprintf(why, n, "h5l_table_rows %llu, wrote %llu", (unsigned long long)h5l_table_rows(ht), (unsigned long long)t->cols[0].rows);
        rc = -1;
    }
    for (i = 0; rc == 0 && i < t->ncols; i++) {
        const h5l_column *hc = h5l_table_column(ht, i);
        if (!hc) { snprintf(why, n, "column %zu missing", i); rc = -1; break; }
        rc = tg_verify_col(hc, &t->cols[i], 0, why, n);
        if (rc == 0 && h5l_table_find(ht, t->cols[i].name) != hc) {
            snprintf(why, n, "h5l_table_find(%s) does not give column %zu", t->cols[i].name, i);
            rc = -1;
        }
    }
    h5l_table_close(ht);
    return rc;
}

/* Open path and verify. */
TG_FN int tg_verify_path(const char *path, const tg_table *t, char *why, size_t n)
{
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st = h5l_open(path, NULL, &f, &e);
    int rc;
    if (st != H5L_OK) {
        snprintf(why, n, "h5l_open(%.100s): %s: %.200s", path, h5l_status_name(st), e.msg);
        return -1;
    }
    rc = tg_verify(f, t, why, n);
    h5l_close(f);
    return rc;
}

#endif
