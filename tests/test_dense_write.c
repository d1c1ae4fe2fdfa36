/* Dense attribute storage written by the writer (issue 18): attributes past
 * the 64 KiB of a version-1 header message go to a fractal heap indexed by
 * v2 B-trees, in a version-2 object header.
 *
 * usage: test_dense_write OUTDIR
 *
 * Writes OUTDIR/{edge,dense,many}.h5, reads every attribute back through
 * hdf5lite's reader (names, order, types, values byte for byte), and leaves
 * for tests/check_dense_write.py (h5py, h5dump, libhdf5 2.0 via h5wasm):
 *   OUTDIR/manifest.txt   F <file> | O <object path> <1 dense, 0 compact> |
 *                         A <name hex> <numpy dtype | vlen> <rank> <n> <value file>
 *   OUTDIR/v<k>.bin       the values as stored (vlen: u32 length + bytes each)
 * Every value is made from the attribute's number by a small PRNG, so the
 * check needs nothing else. */
#if !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "hdf5lite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static unsigned long checks = 0;
static const char *outdir;
static FILE *manifest;
static unsigned nvals = 0;

#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* ---- what is declared ---- */

typedef struct spec {
    const char *obj;
    char name[96];
    h5l_type_code type;          /* 0: vlen strings */
    unsigned rank;
    uint64_t n;
    unsigned char *data;         /* fixed: n * size bytes */
    char **strs;                 /* vlen */
} spec;

#define MAX_SPECS 8000
static spec specs[MAX_SPECS];
static size_t nspecs;

typedef struct objdesc {
    const char *path;
    int dense;                   /* expected: 1 dense storage, 0 compact */
    int is_dataset;
} objdesc;

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *np_dtype(h5l_type_code t)
{
    static char buf[32];
    const char *bo = (t & H5L_T_BE) ? ">" : "<";
    const char *k;
    switch (H5L_T_BASE(t)) {
    case H5L_T_I8: return "|i1";
    case H5L_T_U8: return "|u1";
    case H5L_T_BOOL: return "|b1";
    case H5L_T_I16: k = "i2"; break;
    case H5L_T_I32: k = "i4"; break;
    case H5L_T_I64: k = "i8"; break;
    case H5L_T_U16: k = "u2"; break;
    case H5L_T_U32: k = "u4"; break;
    case H5L_T_U64: k = "u8"; break;
    case H5L_T_F16: k = "f2"; break;
    case H5L_T_F32: k = "f4"; break;
    case H5L_T_F64: k = "f8"; break;
    case H5L_T_STRBASE:
        snprintf(buf, sizeof buf, "|S%llu", (unsigned long long)H5L_T_STRLEN(t));
        return buf;
    default: return "?";
    }
    snprintf(buf, sizeof buf, "%s%s", bo, k);
    return buf;
}

/* Values that survive every reader's conversions: floats are finite. */
static void fill_values(spec *s)
{
    uint64_t i, esz = s->type ? h5l_type_code_size(s->type) : 0;
    rng_state = 0x9E3779B97F4A7C15ull ^ (nspecs * 0x100000001B3ull) ^ s->n;
    if (s->type) {
        s->data = (unsigned char *)malloc((size_t)(s->n * esz) + 1);
        for (i = 0; i < s->n * esz; i++) s->data[i] = (unsigned char)rng();
        switch (H5L_T_BASE(s->type)) {
        case H5L_T_BOOL:
            for (i = 0; i < s->n; i++) s->data[i] &= 1;
            break;
        case H5L_T_F16: case H5L_T_F32: case H5L_T_F64:
            /* clear the exponent's top bit: no inf / NaN */
            for (i = 0; i < s->n; i++) {
                size_t hi = (s->type & H5L_T_BE) ? (size_t)(i * esz) : (size_t)(i * esz + esz - 1);
                s->data[hi] &= 0xBF;
            }
            break;
        case H5L_T_STRBASE:
            for (i = 0; i < s->n * esz; i++) {
                unsigned c = (unsigned)(rng() % 40);
                s->data[i] = (unsigned char)(c < 36 ? "abcdefghijklmnopqrstuvwxyz0123456789"[c] : 0);
            }
            break;
        default: break;
        }
    } else {
        s->strs = (char **)malloc((size_t)(s->n ? s->n : 1) * sizeof *s->strs);
        for (i = 0; i < s->n; i++) {
            size_t len = (size_t)(rng() % 24), k;
            static const char *pieces[] = {"a", "Z", "0", " ", "\xc3\xa9", "\xe5\x90\x8d", "\xf0\x9f\x98\x80", "-"};
            char *str = (char *)malloc(len * 4 + 1), *q = str;
            for (k = 0; k < len; k++) {
                const char *pc = pieces[rng() % 8];
                memcpy(q, pc, strlen(pc));
                q += strlen(pc);
            }
            *q = 0;
            s->strs[i] = str;
        }
    }
}

static spec *declare(h5l_writer *w, const char *obj, const char *name, h5l_type_code type, unsigned rank, uint64_t n)
{
    spec *s = &specs[nspecs];
    h5l_error e;
    h5l_status st;
    if (nspecs >= MAX_SPECS) { printf("too many specs\n"); exit(2); }
    memset(s, 0, sizeof *s);
    s->obj = obj;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->type = type;
    s->rank = rank;
    s->n = n;
    fill_values(s);
    if (type) {
        st = h5l_writer_attr(w, obj, name, type, rank, n, s->data, &e);
    } else if (rank == 0) {
        st = h5l_writer_attr_string(w, obj, name, s->strs[0], &e);
    } else {
        st = h5l_writer_attr_strings(w, obj, name, (const char *const *)s->strs, (size_t)n, &e);
    }
    CHECK(st == H5L_OK, "declare %s@%s: %s", obj, name, e.msg);
    nspecs++;
    return s;
}

static void free_specs(void)
{
    size_t i;
    uint64_t k;
    for (i = 0; i < nspecs; i++) {
        free(specs[i].data);
        if (specs[i].strs) {
            for (k = 0; k < specs[i].n; k++) free(specs[i].strs[k]);
            free(specs[i].strs);
        }
    }
    nspecs = 0;
}

/* ---- the manifest ---- */

static void put_hex(FILE *f, const char *s)
{
    if (!*s) fputc('-', f);
    for (; *s; s++) fprintf(f, "%02x", (unsigned char)*s);
}

static void manifest_object(const objdesc *o)
{
    size_t i;
    fprintf(manifest, "O %s %d\n", o->path, o->dense);
    for (i = 0; i < nspecs; i++) {
        const spec *s = &specs[i];
        char fn[64];
        char path[1200];
        FILE *f;
        if (strcmp(s->obj, o->path) != 0) continue;
        snprintf(fn, sizeof fn, "v%u.bin", nvals++);
        snprintf(path, sizeof path, "%s/%s", outdir, fn);
        f = fopen(path, "wb");
        if (!f) { printf("cannot write %s\n", path); exit(2); }
        if (s->type) {
            fwrite(s->data, 1, (size_t)(s->n * h5l_type_code_size(s->type)), f);
        } else {
            uint64_t k;
            for (k = 0; k < s->n; k++) {
                uint32_t len = (uint32_t)strlen(s->strs[k]);
                unsigned char lb[4];
                lb[0] = (unsigned char)len; lb[1] = (unsigned char)(len >> 8); lb[2] = (unsigned char)(len >> 16); lb[3] = (unsigned char)(len >> 24);
                fwrite(lb, 1, 4, f);
                fwrite(s->strs[k], 1, len, f);
            }
        }
        fclose(f);
        fprintf(manifest, "A ");
        put_hex(manifest, s->name);
        fprintf(manifest, " %s %u %llu %s\n", s->type ? np_dtype(s->type) : "vlen", s->rank, (unsigned long long)s->n, fn);
    }
}

/* ---- reading back through hdf5lite ---- */

static void check_object(h5l_file *f, const objdesc *o)
{
    h5l_obj *ob = NULL;
    h5l_attrs *as = NULL;
    h5l_error e;
    size_t i, k = 0;
    if (h5l_obj_open(f, o->path, &ob, &e) != H5L_OK) {
        CHECK(0, "%s: open: %s", o->path, e.msg);
        return;
    }
    if (h5l_attrs_open(ob, &as, &e) != H5L_OK) {
        CHECK(0, "%s: attrs: %s", o->path, e.msg);
        h5l_obj_close(ob);
        return;
    }
    for (i = 0; i < nspecs; i++) {
        const spec *s = &specs[i];
        const h5l_attr *a;
        if (strcmp(s->obj, o->path) != 0) continue;
        a = h5l_attrs_at(as, k++);
        CHECK(a && strcmp(a->name, s->name) == 0, "%s: attribute %lu is %s, declared %s", o->path, (unsigned long)(k - 1),
              a ? a->name : "(none)", s->name);
        a = h5l_attrs_find(as, s->name);
        CHECK(a != NULL, "%s@%s: not found", o->path, s->name);
        if (!a) continue;
        CHECK(a->space.npoints == s->n && a->space.rank == s->rank, "%s@%s: %llu points rank %u", o->path, s->name,
              (unsigned long long)a->space.npoints, a->space.rank);
        if (s->type) {
            uint64_t esz = h5l_type_code_size(s->type);
            CHECK(a->type->size == esz, "%s@%s: element size %llu", o->path, s->name, (unsigned long long)a->type->size);
            CHECK(a->data_size == s->n * esz && (s->n == 0 || memcmp(a->data, s->data, (size_t)(s->n * esz)) == 0),
                  "%s@%s: values differ", o->path, s->name);
        } else {
            uint64_t j, bad = 0;
            for (j = 0; j < s->n && j < a->space.npoints; j++) {
                const char *sv;
                size_t sl;
                if (h5l_string_get(f, a->type, (const unsigned char *)a->data + j * a->type->size, &sv, &sl, &e) != H5L_OK ||
                    sl != strlen(s->strs[j]) || memcmp(sv, s->strs[j], sl) != 0)
                    bad++;
            }
            CHECK(bad == 0, "%s@%s: %llu strings differ", o->path, s->name, (unsigned long long)bad);
        }
    }
    CHECK(h5l_attrs_count(as) == k, "%s: %lu attributes, declared %lu", o->path, (unsigned long)h5l_attrs_count(as), (unsigned long)k);
    h5l_attrs_close(as);
    h5l_obj_close(ob);
}

/* Is the object's header version 2 (dense) or 1? From the bytes at its address. */
static int header_version(const char *file, h5l_file *f, const char *path)
{
    h5l_obj *ob = NULL;
    h5l_error e;
    uint64_t addr;
    unsigned char b[5] = {0};
    FILE *fp;
    if (h5l_obj_open(f, path, &ob, &e) != H5L_OK) return -1;
    addr = h5l_obj_get_addr(ob);
    h5l_obj_close(ob);
    fp = fopen(file, "rb");
    if (!fp) return -1;
    if (fseek(fp, (long)addr, SEEK_SET) != 0 || fread(b, 1, 5, fp) != 5) b[0] = 0;
    fclose(fp);
    return memcmp(b, "OHDR", 4) == 0 ? b[4] : b[0];
}

static void finish_file(h5l_writer *w, const char *fname, const objdesc *objs, size_t nobj)
{
    h5l_error e;
    h5l_file *f = NULL;
    char path[1100];
    size_t i;
    snprintf(path, sizeof path, "%s/%s", outdir, fname);
    if (h5l_writer_finish(w, &e) != H5L_OK) {
        CHECK(0, "%s: finish: %s", fname, e.msg);
        free_specs();
        return;
    }
    fprintf(manifest, "F %s\n", fname);
    for (i = 0; i < nobj; i++) manifest_object(&objs[i]);
    if (h5l_open(path, NULL, &f, &e) != H5L_OK) {
        CHECK(0, "%s: open: %s", fname, e.msg);
    } else {
        for (i = 0; i < nobj; i++) {
            int v = header_version(path, f, objs[i].path);
            CHECK(v == (objs[i].dense ? 2 : 1), "%s %s: object header version %d, expected %d", fname, objs[i].path, v, objs[i].dense ? 2 : 1);
            check_object(f, &objs[i]);
        }
        h5l_close(f);
    }
    free_specs();
}

static h5l_writer *open_writer(const char *fname)
{
    h5l_writer *w = NULL;
    h5l_error e;
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", outdir, fname);
    if (h5l_writer_open(path, NULL, &w, &e) != H5L_OK) {
        printf("FAIL open %s: %s\n", path, e.msg);
        exit(1);
    }
    return w;
}

#define OK(call) do { h5l_error e_; h5l_status s_ = (call); CHECK(s_ == H5L_OK, "%s: %s", #call, e_.msg); } while (0)

/* Attribute message body of a 1-D u8 attribute named `name` (1 char) with n
 * values: 8 + pad8(name+NUL) + pad8(datatype 8 + 4) + pad8(dataspace 8 + 16) + n. */
#define U8_BODY_OVERHEAD (8u + 8u + 16u + 24u)

/* edge.h5: the message size at which attributes stop fitting a v1 header. */
static void write_edge(void)
{
    static const objdesc objs[] = {
        {"/fit", 0, 0}, {"/over1", 1, 0}, {"/k64m1", 1, 0}, {"/k64", 1, 0}, {"/k100", 1, 0},
    };
    h5l_writer *w = open_writer("edge.h5");
    size_t i;
    for (i = 0; i < sizeof objs / sizeof *objs; i++) OK(h5l_writer_group(w, objs[i].path, &e_));
    declare(w, "/fit", "x", H5L_T_U8, 1, 65528 - U8_BODY_OVERHEAD);       /* body 65528: the largest v1 message */
    declare(w, "/over1", "x", H5L_T_U8, 1, 65528 - U8_BODY_OVERHEAD + 1); /* 65529: dense */
    declare(w, "/k64m1", "x", H5L_T_U8, 1, 65535);                        /* 64 KiB - 1 of values */
    declare(w, "/k64", "x", H5L_T_U8, 1, 65536);
    declare(w, "/k100", "a", H5L_T_F64, 1, 100 * 1024 / 8);
    declare(w, "/k100", "b", H5L_T_I32 | H5L_T_BE, 0, 1);
    OK(h5l_writer_layout(w, &e_));
    finish_file(w, "edge.h5", objs, sizeof objs / sizeof *objs);
}

/* dense.h5: the root, groups (compact and symbol-table), datasets
 * (contiguous, scalar, chunked), small and huge attributes together. */
static void write_dense(void)
{
    static const objdesc objs[] = {
        {"/", 1, 0},            /* the root group (symbol table) */
        {"/g", 1, 0},           /* a compact group */
        {"/stab", 1, 0},        /* a symbol-table group (20 children) */
        {"/d", 1, 1},           /* a contiguous dataset: 10 MiB attribute */
        {"/s", 1, 1},           /* a scalar dataset: 100,000 vlen strings */
        {"/mixed", 1, 1},       /* small, medium and huge attributes */
        {"/lots", 1, 0},        /* 2,000 attributes (deep name index) and one huge */
        {"/overflow", 1, 0},    /* managed space past the root's 512 KiB: the rest huge */
        {"/ck", 1, 1},          /* a chunked, extendible dataset (header patched at finish) */
        {"/g/plain", 0, 0},     /* compact attributes stay in a v1 header */
    };
    h5l_writer *w = open_writer("dense.h5");
    uint64_t dims[2] = {1000, 3}, one = 1, k;
    int32_t *rows;
    h5l_dset d, s, ck;
    h5l_chunking chk;
    uint64_t cdims[2] = {64, 3};
    char nm[96];
    OK(h5l_writer_group(w, "/g/plain", &e_));
    for (k = 0; k < 20; k++) {
        snprintf(nm, sizeof nm, "/stab/c%02llu", (unsigned long long)k);
        OK(h5l_writer_group(w, nm, &e_));
    }
    OK(h5l_writer_dataset(w, "/d", H5L_T_I32, 2, dims, &d, &e_));
    OK(h5l_writer_dataset(w, "/s", H5L_T_F64, 0, &one, &s, &e_));
    OK(h5l_writer_dataset(w, "/mixed", H5L_T_U8, 1, &one, NULL, &e_));
    OK(h5l_writer_group(w, "/lots", &e_));
    OK(h5l_writer_group(w, "/overflow", &e_));
    memset(&chk, 0, sizeof chk);
    chk.chunk = cdims;
    chk.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE;
    chk.compress = H5L_COMPRESS_DEFLATE;
    OK(h5l_writer_dataset_chunked(w, "/ck", H5L_T_I32, 2, dims, &chk, &ck, &e_));

    declare(w, "/", "root_small", H5L_T_I64, 0, 1);
    declare(w, "/", "root_big", H5L_T_U16, 1, 50000);
    declare(w, "/", "root_str", 0, 0, 1);
    declare(w, "/g", "big", H5L_T_F32 | H5L_T_BE, 1, 30000);
    declare(w, "/g", "name \xc3\xa9\xe5\x90\x8d", H5L_T_STR(7), 1, 5);
    /* two pairs of names with equal lookup3 hashes (0131e069, 038619f4),
     * declared against their bytewise order: the name index puts each pair
     * in strcmp order, as libhdf5's lookups by name expect */
    declare(w, "/g", "tie171478", H5L_T_U8, 0, 1);
    declare(w, "/g", "tie11126", H5L_T_U16, 0, 1);
    declare(w, "/g", "tie212643", H5L_T_I8, 1, 2);
    declare(w, "/g", "tie110233", H5L_T_U8, 1, 3);
    declare(w, "/g/plain", "zeta", H5L_T_I8, 1, 3);
    declare(w, "/g/plain", "alpha", H5L_T_F16, 0, 1);
    declare(w, "/g/plain", "Mid", H5L_T_BOOL, 1, 9);
    declare(w, "/stab", "big", H5L_T_I16, 1, 40000);
    declare(w, "/stab", "small", H5L_T_U32, 1, 2);
    declare(w, "/d", "ten_mib", H5L_T_U32, 1, 10u * 1024 * 1024 / 4);
    declare(w, "/d", "after", H5L_T_U8, 0, 1);
    declare(w, "/s", "strings", 0, 1, 100000);
    declare(w, "/s", "empty", H5L_T_F64, 1, 0);
    for (k = 0; k < 40; k++) {
        /* 1-byte to 9 KiB messages: managed ones fill blocks of several rows, huge ones interleave */
        uint64_t n = k % 5 == 4 ? 5000 + 97 * k : k % 5 == 3 ? 900 + 10 * k : k + 1;
        snprintf(nm, sizeof nm, "m%02llu_%s", (unsigned long long)k, k % 2 ? "odd" : "even");
        declare(w, "/mixed", nm, k % 3 ? H5L_T_U8 : H5L_T_F64, 1, n);
    }
    for (k = 0; k < 2000; k++) {
        snprintf(nm, sizeof nm, "attr_%05llu", (unsigned long long)((k * 7919) % 2000));
        declare(w, "/lots", nm, H5L_T_I32, k % 4 ? 1 : 0, k % 4 ? k % 13 : 1);
    }
    declare(w, "/lots", "huge", H5L_T_U8, 1, 70000);
    for (k = 0; k < 300; k++) {
        snprintf(nm, sizeof nm, "o%03llu", (unsigned long long)k);
        declare(w, "/overflow", nm, H5L_T_U8, 1, 3000);   /* 300 x 3 KiB: 512 KiB managed, then huge */
    }
    declare(w, "/overflow", "zbig", H5L_T_U8, 1, 70000);  /* what makes it dense */
    declare(w, "/ck", "units", 0, 0, 1);
    declare(w, "/ck", "calibration", H5L_T_F64, 1, 20000);
    OK(h5l_writer_layout(w, &e_));
    rows = (int32_t *)malloc(1000 * 3 * sizeof *rows);
    for (k = 0; k < 3000; k++) rows[k] = (int32_t)(k * 2654435761u);
    OK(h5l_writer_write(w, d, 0, 1000, rows, &e_));
    OK(h5l_writer_write(w, ck, 0, 1000, rows, &e_));
    OK(h5l_writer_write(w, ck, 1000, 500, rows, &e_));   /* grows to 1500 rows */
    free(rows);
    {
        double v = 2.5;
        OK(h5l_writer_write(w, s, 0, 1, &v, &e_));
    }
    finish_file(w, "dense.h5", objs, sizeof objs / sizeof *objs);
}

/* many.h5: 300 objects with dense attributes, and as many without. */
static void write_many(void)
{
    static objdesc objs[601];
    static char paths[601][32];
    h5l_writer *w = open_writer("many.h5");
    size_t i;
    for (i = 0; i < 600; i++) {
        snprintf(paths[i], sizeof paths[i], "/many/o%03u", (unsigned)i);
        objs[i].path = paths[i];
        objs[i].dense = i % 2 == 0;
        objs[i].is_dataset = i % 3 == 0;
        if (objs[i].is_dataset) {
            uint64_t n = 4;
            OK(h5l_writer_dataset(w, paths[i], H5L_T_F32, 1, &n, NULL, &e_));
        } else {
            OK(h5l_writer_group(w, paths[i], &e_));
        }
    }
    objs[600].path = "/many";
    objs[600].dense = 0;
    for (i = 0; i < 600; i++) {
        declare(w, paths[i], "s", H5L_T_U8, 0, 1);
        if (objs[i].dense) declare(w, paths[i], "big", H5L_T_U64, 1, 9000 + i);
        declare(w, paths[i], "t", H5L_T_I16, 1, 4);
    }
    declare(w, "/many", "note", 0, 1, 3);
    OK(h5l_writer_layout(w, &e_));
    finish_file(w, "many.h5", objs, 601);
}

/* ---- allocation failures: each allocation of a writer with dense storage
 * fails in turn; every run ends in ENOMEM (or a success when only an arena
 * block larger than needed failed), with nothing leaked. */
typedef struct alloc_ctx {
    long count, fail_at, live;
} alloc_ctx;

static void *a_malloc(void *ctx, size_t n)
{
    alloc_ctx *a = (alloc_ctx *)ctx;
    void *p;
    if (a->count++ == a->fail_at) return NULL;
    p = malloc(n ? n : 1);
    if (p) a->live++;
    return p;
}
static void *a_realloc(void *ctx, void *old, size_t n)
{
    alloc_ctx *a = (alloc_ctx *)ctx;
    void *p;
    if (a->count++ == a->fail_at) return NULL;
    p = realloc(old, n ? n : 1);
    if (p && !old) a->live++;
    return p;
}
static void a_free(void *ctx, void *p)
{
    alloc_ctx *a = (alloc_ctx *)ctx;
    if (p) a->live--;
    free(p);
}

static h5l_status alloc_scenario(const h5l_allocator *al, const char *path, h5l_error *e)
{
    h5l_write_options o;
    h5l_writer *w;
    h5l_status st;
    h5l_chunking chk;
    uint64_t dims[1] = {10}, cdims[1] = {4};
    static unsigned char big[70000];
    double v[3] = {1, 2, 3};
    char nm[32];
    int i;
    memset(&o, 0, sizeof o);
    o.alloc = al;
    o.flags = H5L_WRITE_NO_SYNC;
    memset(&chk, 0, sizeof chk);
    chk.chunk = cdims;
    st = h5l_writer_open(path, &o, &w, e);
    if (st) return st;
#define T(x) do { st = (x); if (st) { h5l_writer_abort(w); return st; } } while (0)
    T(h5l_writer_group(w, "/g", e));
    T(h5l_writer_dataset_chunked(w, "/ck", H5L_T_F64, 1, dims, &chk, NULL, e));
    T(h5l_writer_attr(w, "/g", "big", H5L_T_U8, 1, sizeof big, big, e));
    for (i = 0; i < 40; i++) {
        snprintf(nm, sizeof nm, "a%d", i);
        T(h5l_writer_attr(w, "/g", nm, H5L_T_F64, 1, 3, v, e));
    }
    T(h5l_writer_attr(w, "/ck", "big", H5L_T_U8, 1, sizeof big, big, e));
    T(h5l_writer_attr(w, "/", "big", H5L_T_U8, 1, sizeof big, big, e));
    T(h5l_writer_layout(w, e));
#undef T
    return h5l_writer_finish(w, e);
}

static void test_alloc_failures(void)
{
    long n, recovered = 0, enomem = 0;
    char path[1100];
    snprintf(path, sizeof path, "%s/alloc.h5", outdir);
    for (n = 0; n < 100000; n++) {
        alloc_ctx a = {0, 0, 0};
        h5l_allocator al;
        h5l_error e;
        h5l_status st;
        a.fail_at = n;
        al.malloc_fn = a_malloc;
        al.realloc_fn = a_realloc;
        al.free_fn = a_free;
        al.ctx = &a;
        st = alloc_scenario(&al, path, &e);
        CHECK(a.live == 0, "fail at allocation %ld: %ld allocations leaked", n, a.live);
        if (st == H5L_OK && a.count > n) { recovered++; continue; }
        if (st == H5L_OK) break;
        CHECK(st == H5L_ENOMEM, "fail at allocation %ld: %s (%s)", n, h5l_status_name(st), e.msg);
        if (st != H5L_ENOMEM) break;
        enomem++;
    }
    CHECK(enomem > 0 && recovered < enomem, "%ld ENOMEM, %ld recovered", enomem, recovered);
    printf("test_dense_write: allocation failure injected at each of %ld allocations: %ld ENOMEM, %ld recovered, no leak\n", n,
           enomem, recovered);
    remove(path);
}

int main(int argc, char **argv)
{
    char path[1100];
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    outdir = argv[1];
    snprintf(path, sizeof path, "%s/manifest.txt", outdir);
    manifest = fopen(path, "w");
    if (!manifest) {
        fprintf(stderr, "cannot write %s\n", path);
        return 2;
    }
    write_edge();
    write_dense();
    write_many();
    fclose(manifest);
    test_alloc_failures();
    printf("test_dense_write: %lu checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
