/*
 * walk.h — visit everything an h5l_file contains through the public API,
 * with bounded work. Header-only; used by the fuzz targets, the malformed-file
 * and anomaly tests (and usable by `mmapcol check`).
 *
 *   walk_stats st;
 *   walk_file(f, NULL, &st);          every object, dataset value, vlen,
 *                                     attribute and table, bounded
 *
 * Every library call's result is checked against the API contract: a failing
 * call must return a status in 1..11 equal to err.code with a non-empty
 * message; deliberate out-of-range probes must fail with H5L_EINVAL. Breaches
 * are counted in st->violations (st->violation holds the first one) — the
 * fuzz targets abort on them. Errors that the file's content explains
 * (ECORRUPT, EUNSUPPORTED, ...) are counted in st->errors, not breaches.
 *
 * An optional log callback receives one record per library call: a key that
 * names the call (object path + operation + index), its status, and a digest
 * of what it returned — the anomaly test compares runs with injected
 * allocation failures against a clean run with it.
 *
 * The walk's own memory comes from malloc (not the file's allocator).
 * No global state.
 */
#ifndef HDF5LITE_FUZZ_WALK_H
#define HDF5LITE_FUZZ_WALK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

#if defined(__GNUC__)
#  define WALK_MAYBE_UNUSED __attribute__((unused))
#else
#  define WALK_MAYBE_UNUSED
#endif

typedef struct walk_limits {
    uint32_t max_objects;          /* objects visited (hard links followed once) */
    uint32_t max_depth;            /* group nesting followed */
    uint32_t max_links;            /* links taken from one group */
    uint32_t max_finds;            /* h5l_group_find calls per group */
    uint32_t max_attrs;            /* attributes examined per object */
    uint64_t max_read_bytes;       /* bytes read per dataset */
    uint64_t max_total_bytes;      /* bytes read over the whole walk */
    uint64_t max_elems;            /* vlen/string elements resolved per dataset or attribute */
    uint64_t max_rows;             /* rows touched per table column */
    uint32_t max_tables;           /* h5l_table_open calls */
    uint64_t max_calls;            /* library calls over the whole walk */
} walk_limits;

typedef struct walk_stats {
    uint64_t calls, errors, violations;
    uint64_t objects, groups, datasets, datatypes, links, soft_links, attrs, tables, columns;
    uint64_t bytes_read, elems, rows;
    uint64_t digest;                 /* hash of every value seen */
    int truncated;                   /* a limit was reached */
    char violation[512];             /* the first breach of the contract */
    char first_error[300];           /* the first error message */
} walk_stats;

/* key: which call; st: its status; digest: hash of its results (0 if failed). */
typedef void (*walk_log_fn)(void *ctx, uint64_t key, const char *where, const char *op, uint64_t idx, h5l_status st,
                            uint64_t digest);

typedef struct walk_opts {
    const walk_limits *limits;     /* NULL: walk_default_limits() */
    walk_log_fn log;
    void *log_ctx;
    int verbose;                   /* print every error to stderr */
    /* called for every dataset opened (e.g. to find raw-data regions) */
    void (*on_dataset)(void *ctx, const h5l_dataset_info *di);
    void *on_dataset_ctx;
} walk_opts;

/* Read a whole file into malloc'd memory (*n = its size); NULL on failure.
 * Shared by the test programs that feed files to the walk. */
static WALK_MAYBE_UNUSED unsigned char *walk_load_file(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *b;
    long len;
    if (!fp) return NULL;
    if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return NULL;
    }
    b = (unsigned char *)malloc((size_t)len ? (size_t)len : 1);
    if (b && fread(b, 1, (size_t)len, fp) != (size_t)len) {
        free(b);
        b = NULL;
    }
    fclose(fp);
    *n = (size_t)len;
    return b;
}

static WALK_MAYBE_UNUSED walk_limits walk_default_limits(void)
{
    walk_limits l;
    l.max_objects = 2000;
    l.max_depth = 64;
    l.max_links = 1000;
    l.max_finds = 64;
    l.max_attrs = 200;
    l.max_read_bytes = (uint64_t)1 << 18;
    l.max_total_bytes = (uint64_t)1 << 23;
    l.max_elems = 2000;
    l.max_rows = 4000;
    l.max_tables = 64;
    l.max_calls = 200000;
    return l;
}

/* ---- hashing ---------------------------------------------------------------- */
#define WALK_FNV0 0xcbf29ce484222325ull
static uint64_t walk__fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
static uint64_t walk__fnv_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];
    int i;
    for (i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    return walk__fnv(h, b, 8);
}
static uint64_t walk__fnv_str(uint64_t h, const char *s) { return walk__fnv(h, s, strlen(s) + 1); }

/* ---- the walk's state --------------------------------------------------------- */
typedef struct walk__link {
    char name[128];
    h5l_link_type type;
    uint64_t addr;
} walk__link;

typedef struct walk__pending {
    uint64_t addr;
    uint32_t depth;
    char path[160];
} walk__pending;

typedef struct walk__ctx {
    h5l_file *f;
    walk_limits lim;
    const walk_opts *opt;
    walk_stats *st;
    uint64_t *visited;             /* open addressing, 0 = empty (addr + 1 stored) */
    size_t vis_cap, vis_n;
    walk__pending *queue;
    size_t q_head, q_tail, q_cap, q_max;
    walk__link *links;
    size_t nlinks, links_cap, links_max;
    int links_full;
    unsigned char *buf;            /* read buffer */
    size_t buf_size;
    char gnames[16][136];          /* root groups: table candidates */
    unsigned ngnames;
} walk__ctx;

static int walk__budget(walk__ctx *c)
{
    if (c->st->calls >= c->lim.max_calls) {
        c->st->truncated = 1;
        return 0;
    }
    return 1;
}

static void walk__violation(walk__ctx *c, const char *what, const char *where, const char *detail)
{
    c->st->violations++;
    if (c->st->violations == 1)
        snprintf(c->st->violation, sizeof c->st->violation, "%s (%s): %s", what, where, detail ? detail : "");
    if (c->opt->verbose) fprintf(stderr, "walk: VIOLATION %s (%s): %s\n", what, where, detail ? detail : "");
}

/* Check and record the result of one library call. Returns st. */
static h5l_status walk__check(walk__ctx *c, const char *where, const char *op, uint64_t idx, h5l_status st,
                              const h5l_error *e, uint64_t digest)
{
    uint64_t key = walk__fnv_u64(walk__fnv_str(walk__fnv_str(WALK_FNV0, where), op), idx);
    c->st->calls++;
    if (st != H5L_OK) {
        char d[400];
        c->st->errors++;
        if ((unsigned)st > (unsigned)H5L_ETYPE) {
            snprintf(d, sizeof d, "%s returned status %d outside h5l_status", op, (int)st);
            walk__violation(c, "bad status", where, d);
        } else if (e->code != st) {
            snprintf(d, sizeof d, "%s returned %s but err.code is %d", op, h5l_status_name(st), (int)e->code);
            walk__violation(c, "err.code mismatch", where, d);
        } else if (memchr(e->msg, 0, sizeof e->msg) == NULL || e->msg[0] == 0) {
            snprintf(d, sizeof d, "%s returned %s with an empty or unterminated message", op, h5l_status_name(st));
            walk__violation(c, "bad message", where, d);
        }
        if (c->st->errors == 1 && memchr(e->msg, 0, sizeof e->msg))
            snprintf(c->st->first_error, sizeof c->st->first_error, "%s %s: %s", op, h5l_status_name(st), e->msg);
        if (c->opt->verbose && memchr(e->msg, 0, sizeof e->msg))
            fprintf(stderr, "walk: %s %s: %s: %s\n", where, op, h5l_status_name(st), e->msg);
        digest = 0;
    }
    c->st->digest = walk__fnv_u64(walk__fnv_u64(c->st->digest, key), walk__fnv_u64(digest, (uint64_t)st));
    if (c->opt->log) c->opt->log(c->opt->log_ctx, key, where, op, idx, st, digest);
    return st;
}

/* Touch n bytes (ASan checks them) and fold them into a digest. */
static uint64_t walk__touch(uint64_t h, const void *p, uint64_t n)
{
    if (!p || !n) return walk__fnv_u64(h, n);
    return walk__fnv((walk__fnv_u64(h, n)), p, (size_t)n);
}

static int walk__vis_insert(uint64_t *tab, size_t cap, uint64_t addr)
{
    uint64_t k = addr + 1, h = walk__fnv_u64(WALK_FNV0, addr);
    size_t i, mask = cap - 1;
    if (k == 0) k = 1; /* UINT64_MAX shares a slot value with 0: harmless */
    for (i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (tab[i] == k) return 0;
        if (tab[i] == 0) {
            tab[i] = k;
            return 1;
        }
    }
}

/* 1 if addr was not yet visited (and marks it). 0 if seen or out of memory. */
static int walk__visit(walk__ctx *c, uint64_t addr)
{
    if (2 * (c->vis_n + 1) > c->vis_cap) {
        size_t ncap = c->vis_cap ? c->vis_cap * 2 : 64, i;
        uint64_t *nt = (uint64_t *)calloc(ncap, sizeof *nt);
        if (!nt) return 0;
        for (i = 0; i < c->vis_cap; i++)
            if (c->visited[i]) (void)walk__vis_insert(nt, ncap, c->visited[i] - 1);
        free(c->visited);
        c->visited = nt;
        c->vis_cap = ncap;
    }
    if (!walk__vis_insert(c->visited, c->vis_cap, addr)) return 0;
    c->vis_n++;
    return 1;
}

static int walk__enqueue(walk__ctx *c, uint64_t addr, uint32_t depth, const char *parent, const char *name)
{
    walk__pending *p;
    if (depth > c->lim.max_depth || c->q_tail >= c->q_max) {
        c->st->truncated = 1;
        return 0;
    }
    if (c->q_tail >= c->q_cap) {
        size_t ncap = c->q_cap * 2 < c->q_max ? c->q_cap * 2 : c->q_max;
        walk__pending *nq = (walk__pending *)realloc(c->queue, ncap * sizeof *nq);
        if (!nq) return 0;
        c->queue = nq;
        c->q_cap = ncap;
    }
    if (!walk__visit(c, addr)) return 0;
    p = &c->queue[c->q_tail++];
    p->addr = addr;
    p->depth = depth;
    if (!parent) snprintf(p->path, sizeof p->path, "/");
    else snprintf(p->path, sizeof p->path, "%s%s%s", parent, strcmp(parent, "/") ? "/" : "", name);
    return 1;
}

static int walk__link_cb(void *ctx, const h5l_link *l)
{
    walk__ctx *c = (walk__ctx *)ctx;
    walk__link *k;
    size_t n;
    if (c->nlinks >= c->links_max) {
        c->links_full = 1;
        return 1;
    }
    if (c->nlinks >= c->links_cap) {
        size_t ncap = c->links_cap * 2 < c->links_max ? c->links_cap * 2 : c->links_max;
        walk__link *nl = (walk__link *)realloc(c->links, ncap * sizeof *nl);
        if (!nl) {
            c->links_full = 1;
            return 1;
        }
        c->links = nl;
        c->links_cap = ncap;
    }
    k = &c->links[c->nlinks++];
    n = l->name ? strlen(l->name) : 0;
    if (n != l->name_len) n = n < l->name_len ? n : l->name_len; /* name must be NUL-terminated at name_len */
    if (n >= sizeof k->name) n = sizeof k->name - 1;
    if (n) memcpy(k->name, l->name, n);
    k->name[n] = 0;
    k->type = l->type;
    k->addr = l->addr;
    /* touch the strings the link carries */
    if (l->name) (void)walk__touch(0, l->name, (uint64_t)l->name_len + 1);
    if (l->type == H5L_LINK_SOFT && l->target) (void)walk__touch(0, l->target, strlen(l->target) + 1);
    if (l->type == H5L_LINK_EXTERNAL) {
        if (l->target) (void)walk__touch(0, l->target, strlen(l->target) + 1);
        if (l->ext_file) (void)walk__touch(0, l->ext_file, strlen(l->ext_file) + 1);
    }
    return 0;
}

/* ---- types ------------------------------------------------------------------ */
static uint64_t walk__type_digest(const h5l_dtype *t, int depth)
{
    char np[64];
    uint64_t h = WALK_FNV0;
    uint32_t i;
    size_t need;
    if (!t) return 1;
    if (depth > 40) return 2;
    need = h5l_dtype_numpy(t, np, sizeof np);
    np[sizeof np - 1] = 0;
    h = walk__fnv_str(h, np);
    h = walk__fnv_u64(h, need);
    h = walk__fnv_u64(h, ((uint64_t)t->cls << 32) ^ t->size);
    if (t->base) h = walk__fnv_u64(h, walk__type_digest(t->base, depth + 1));
    if (t->members)
        for (i = 0; i < t->nmembers && i < 4096; i++) {
            const h5l_member *m = &t->members[i];
            if (m->name) h = walk__fnv_str(h, m->name);
            h = walk__fnv_u64(h, m->offset);
            if (m->type) h = walk__fnv_u64(h, walk__type_digest(m->type, depth + 1));
            if (m->value && t->base && t->base->size <= 64) h = walk__touch(h, m->value, t->base->size);
        }
    if (t->tag) h = walk__fnv_str(h, t->tag);
    return h;
}

static uint64_t walk__elems(walk__ctx *c, const char *where, const h5l_dtype *t, const unsigned char *p, uint64_t n,
                            uint64_t idx0);

/* Strings and vlen members inside one compound or array element. */
static uint64_t walk__nested(walk__ctx *c, const char *where, const h5l_dtype *t, const unsigned char *el, uint64_t idx,
                             int depth)
{
    uint64_t h = WALK_FNV0;
    char w2[300];
    if (!t || depth > 4) return h;
    if (t->cls == H5L_CLASS_COMPOUND && t->members) {
        uint32_t m;
        for (m = 0; m < t->nmembers && m < 64; m++) {
            const h5l_dtype *mt = t->members[m].type;
            uint64_t off = t->members[m].offset;
            if (!mt || !mt->size || off > t->size || mt->size > t->size - off) continue;
            snprintf(w2, sizeof w2, "%.280s.%u", where, (unsigned)m);
            if (mt->cls == H5L_CLASS_STRING || mt->cls == H5L_CLASS_VLEN) h = walk__fnv_u64(h, walk__elems(c, w2, mt, el + off, 1, idx));
            else if (mt->cls == H5L_CLASS_COMPOUND || mt->cls == H5L_CLASS_ARRAY) h = walk__fnv_u64(h, walk__nested(c, w2, mt, el + off, idx, depth + 1));
        }
    } else if (t->cls == H5L_CLASS_ARRAY && t->base && t->base->size && t->base->size <= t->size) {
        const h5l_dtype *bt = t->base;
        uint64_t k, n = t->size / bt->size;
        for (k = 0; k < n && k < 64; k++) {
            snprintf(w2, sizeof w2, "%.280s[%u]", where, (unsigned)k);
            if (bt->cls == H5L_CLASS_STRING || bt->cls == H5L_CLASS_VLEN) h = walk__fnv_u64(h, walk__elems(c, w2, bt, el + k * bt->size, 1, idx));
            else if (bt->cls == H5L_CLASS_COMPOUND || bt->cls == H5L_CLASS_ARRAY) h = walk__fnv_u64(h, walk__nested(c, w2, bt, el + k * bt->size, idx, depth + 1));
        }
    }
    return h;
}

/* Resolve string/vlen elements of a top-level type. */
static uint64_t walk__elems(walk__ctx *c, const char *where, const h5l_dtype *t, const unsigned char *p, uint64_t n,
                            uint64_t idx0)
{
    uint64_t h = WALK_FNV0, i;
    h5l_error e;
    if (!t || !p || !t->size) return h;
    for (i = 0; i < n; i++) {
        const unsigned char *el = p + i * t->size;
        if (c->st->elems >= c->lim.max_elems * 64 || !walk__budget(c)) {
            c->st->truncated = 1;
            break;
        }
        if (t->cls == H5L_CLASS_STRING || (t->cls == H5L_CLASS_VLEN && t->is_vlen_string)) {
            const char *s = NULL;
            size_t len = 0;
            h5l_status st = h5l_string_get(c->f, t, el, &s, &len, &e);
            uint64_t d = st == H5L_OK ? walk__touch(WALK_FNV0, s, len) : 0;
            walk__check(c, where, "string_get", idx0 + i, st, &e, d);
            h = walk__fnv_u64(h, d);
            c->st->elems++;
        }
        if (t->cls == H5L_CLASS_VLEN) {
            const void *d = NULL;
            uint64_t cnt = 0, dg = 0, bytes;
            h5l_status st = h5l_vlen_get(c->f, t, el, &d, &cnt, &e);
            if (st == H5L_OK) {
                uint64_t bsz = t->is_vlen_string || !t->base ? 1 : t->base->size;
                if (cnt && !d) walk__violation(c, "vlen_get", where, "count > 0 with NULL data");
                bytes = cnt * bsz;
                if (bsz && bytes / bsz != cnt) walk__violation(c, "vlen_get", where, "count * base size overflows");
                else dg = walk__touch(WALK_FNV0, d, bytes > ((uint64_t)1 << 20) ? ((uint64_t)1 << 20) : bytes);
            }
            walk__check(c, where, "vlen_get", idx0 + i, st, &e, dg);
            h = walk__fnv_u64(h, dg);
            c->st->elems++;
        }
        if (t->cls != H5L_CLASS_STRING && t->cls != H5L_CLASS_VLEN) {
            if (i == 0) {
                /* strings of another type must be refused with ETYPE */
                const char *s = NULL;
                size_t len = 0;
                h5l_status st = h5l_string_get(c->f, t, el, &s, &len, &e);
                c->st->calls++;
                if (st != H5L_ETYPE) walk__violation(c, "string_get", where, "a non-string type was not refused with H5L_ETYPE");
            }
            if (t->cls != H5L_CLASS_COMPOUND && t->cls != H5L_CLASS_ARRAY) break;
            h = walk__fnv_u64(h, walk__nested(c, where, t, el, idx0 + i, 0));
        }
    }
    return h;
}

/* ---- attributes ----------------------------------------------------------- */
static void walk__attrs(walk__ctx *c, const h5l_obj *o, const char *where)
{
    h5l_attrs *a = NULL;
    h5l_error e;
    h5l_status st;
    size_t n, i;
    uint64_t h = WALK_FNV0;
    if (!walk__budget(c)) return;
    st = h5l_attrs_open(o, &a, &e);
    if (st != H5L_OK) {
        if (a) walk__violation(c, "attrs_open", where, "failed but set *out");
        walk__check(c, where, "attrs_open", 0, st, &e, 0);
        return;
    }
    n = h5l_attrs_count(a);
    for (i = 0; i < n && i < c->lim.max_attrs; i++) {
        const h5l_attr *at = h5l_attrs_at(a, i);
        uint64_t need, ah = WALK_FNV0;
        char key[200];
        if (!at) {
            walk__violation(c, "attrs_at", where, "NULL for an index < count");
            break;
        }
        if (!at->name || !at->type) {
            walk__violation(c, "attrs_at", where, "attribute without name or type");
            continue;
        }
        ah = walk__fnv_str(ah, at->name);
        ah = walk__fnv_u64(ah, walk__type_digest(at->type, 0));
        ah = walk__fnv_u64(ah, at->space.npoints);
        if (at->space.rank > H5L_MAX_RANK) walk__violation(c, "attr", where, "rank > H5L_MAX_RANK");
        if (at->space.npoints && at->type->size && at->space.npoints > UINT64_MAX / at->type->size)
            walk__violation(c, "attr", where, "npoints * size overflows");
        else {
            need = at->space.npoints * at->type->size;
            if (at->data_size < need) walk__violation(c, "attr", where, "data_size < npoints * type size");
            else {
                ah = walk__touch(ah, at->data, at->data_size > ((uint64_t)1 << 22) ? ((uint64_t)1 << 22) : at->data_size);
                snprintf(key, sizeof key, "%s@%s", where, at->name);
                ah = walk__fnv_u64(ah, walk__elems(c, key, at->type, (const unsigned char *)at->data,
                                                   at->space.npoints < c->lim.max_elems ? at->space.npoints : c->lim.max_elems, 0));
            }
        }
        if (h5l_attrs_find(a, at->name) == NULL) walk__violation(c, "attrs_find", where, "cannot find an attribute it listed");
        if (i < 16 && (at->type->cls == H5L_CLASS_STRING || at->type->cls == H5L_CLASS_VLEN)) {
            char sbuf[64];
            h5l_status s2 = h5l_attr_read_string(o, at->name, sbuf, sizeof sbuf, &e);
            if (s2 == H5L_OK && memchr(sbuf, 0, sizeof sbuf) == NULL)
                walk__violation(c, "attr_read_string", where, "result not NUL-terminated");
            snprintf(key, sizeof key, "%s@%s", where, at->name);
            walk__check(c, key, "attr_read_string", i, s2, &e, s2 == H5L_OK ? walk__fnv_str(WALK_FNV0, sbuf) : 0);
        }
        h = walk__fnv_u64(h, ah);
        c->st->attrs++;
    }
    if (h5l_attrs_at(a, n) != NULL) walk__violation(c, "attrs_at", where, "non-NULL for index == count");
    walk__check(c, where, "attrs_open", 0, H5L_OK, &e, walk__fnv_u64(h, n));
    h5l_attrs_close(a);
}

/* ---- datasets ------------------------------------------------------------------ */
static void walk__dataset(walk__ctx *c, const h5l_obj *o, const char *where)
{
    const h5l_dataset_info *di = h5l_obj_dataset(o);
    uint64_t rows, row_size = 1, first, budget, h = WALK_FNV0;
    unsigned r;
    h5l_error e;
    h5l_status st;
    if (!di) {
        walk__violation(c, "obj_dataset", where, "NULL for a dataset object");
        return;
    }
    c->st->datasets++;
    if (c->opt->on_dataset) c->opt->on_dataset(c->opt->on_dataset_ctx, di);
    if (!di->type) {
        walk__violation(c, "dataset", where, "no type");
        return;
    }
    h = walk__fnv_u64(h, walk__type_digest(di->type, 0));
    if (di->space.rank > H5L_MAX_RANK) {
        walk__violation(c, "dataset", where, "rank > H5L_MAX_RANK");
        return;
    }
    h = walk__fnv_u64(h, ((uint64_t)di->layout << 8) | (uint64_t)di->space.rank);
    for (r = 0; r < di->space.rank; r++) h = walk__fnv_u64(h, di->space.dims[r]);
    /* the info's own data pointer must cover storage_size bytes */
    if (di->data && (di->layout == H5L_LAYOUT_CONTIGUOUS || di->layout == H5L_LAYOUT_COMPACT))
        h = walk__touch(h, di->data, di->storage_size > ((uint64_t)1 << 20) ? ((uint64_t)1 << 20) : di->storage_size);
    if (di->fill_value && di->fill_size) h = walk__touch(h, di->fill_value, di->fill_size > 4096 ? 4096 : di->fill_size);
    if (di->filters) {
        unsigned i;
        for (i = 0; i < di->nfilters && i < 64; i++) {
            const h5l_filter *fl = &di->filters[i];
            h = walk__fnv_u64(h, fl->id);
            if (fl->name) h = walk__fnv_str(h, fl->name);
            if (fl->cd && fl->ncd) h = walk__touch(h, fl->cd, (uint64_t)(fl->ncd > 64 ? 64 : fl->ncd) * 4);
        }
    }
    walk__check(c, where, "dataset_info", 0, H5L_OK, &e, h);

    /* rows of the first dimension, bytes per row */
    if (di->space.kind == H5L_SPACE_NULL) rows = 0;
    else if (di->space.rank == 0) rows = 1;
    else rows = di->space.dims[0];
    for (r = 1; r < di->space.rank; r++) {
        if (di->space.dims[r] && row_size > UINT64_MAX / di->space.dims[r]) { row_size = 0; break; }
        row_size *= di->space.dims[r];
    }
    if (row_size && di->type->size && row_size > UINT64_MAX / di->type->size) row_size = 0;
    else row_size *= di->type->size;

    /* probes that must fail: reading past the end, and into too small a buffer */
    if (walk__budget(c)) {
        st = h5l_dataset_read(o, rows, 1, c->buf, c->buf_size, &e);
        c->st->calls++;
        if (st == H5L_OK) walk__violation(c, "dataset_read", where, "reading row `rows` succeeded");
        if (rows > 0 && row_size > 1) {
            st = h5l_dataset_read_raw(o, 0, 1, c->buf, (size_t)(row_size - 1 < c->buf_size ? row_size - 1 : c->buf_size - 1), &e);
            c->st->calls++;
            if (st == H5L_OK && row_size - 1 < c->buf_size)
                walk__violation(c, "dataset_read_raw", where, "a buffer one byte too small was accepted");
        }
    }
    if (rows == 0 || row_size == 0) {
        if (rows && walk__budget(c)) { /* zero-size elements or overflowing rows: one read, any outcome */
            st = h5l_dataset_read(o, 0, 1, c->buf, c->buf_size, &e);
            walk__check(c, where, "read0", 0, st, &e, 0);
        }
        return;
    }
    /* read in row chunks, bounded */
    budget = c->lim.max_read_bytes;
    for (first = 0; first < rows;) {
        uint64_t count = c->buf_size / row_size, bytes;
        if (count == 0) {
            /* a row larger than the buffer: must be refused (bufsize < needed) */
            st = h5l_dataset_read(o, first, 1, c->buf, c->buf_size, &e);
            c->st->calls++;
            if (st == H5L_OK) walk__violation(c, "dataset_read", where, "a row larger than the buffer was read");
            break;
        }
        if (count > rows - first) count = rows - first;
        bytes = count * row_size;
        if (bytes > budget || c->st->bytes_read + bytes > c->lim.max_total_bytes || !walk__budget(c)) {
            c->st->truncated = 1;
            break;
        }
        st = first & 1 ? h5l_dataset_read_raw(o, first, count, c->buf, c->buf_size, &e)
                       : h5l_dataset_read(o, first, count, c->buf, c->buf_size, &e);
        if (st != H5L_OK) {
            walk__check(c, where, "read", first, st, &e, 0);
            break;
        }
        c->st->bytes_read += bytes;
        budget -= bytes;
        h = walk__touch(WALK_FNV0, c->buf, bytes);
        if (di->type->cls == H5L_CLASS_STRING || di->type->cls == H5L_CLASS_VLEN || di->type->cls == H5L_CLASS_COMPOUND ||
            di->type->cls == H5L_CLASS_ARRAY) {
            uint64_t ne = count * (row_size / di->type->size);
            h = walk__fnv_u64(h, walk__elems(c, where, di->type, c->buf, ne < c->lim.max_elems ? ne : c->lim.max_elems,
                                             first * (row_size / di->type->size)));
        } else if (first == 0) {
            (void)walk__elems(c, where, di->type, c->buf, 1, 0); /* ETYPE probe */
        }
        walk__check(c, where, "read", first, H5L_OK, &e, h);
        first += count;
    }
    /* the last row, wherever the budget stopped */
    if (first < rows && rows > 1 && row_size <= c->buf_size && walk__budget(c)) {
        st = h5l_dataset_read(o, rows - 1, 1, c->buf, c->buf_size, &e);
        walk__check(c, where, "read_last", 0, st, &e, st == H5L_OK ? walk__touch(WALK_FNV0, c->buf, row_size) : 0);
    }
}

/* ---- tables --------------------------------------------------------------------- */
static uint64_t walk__column(walk__ctx *c, const h5l_column *col, const char *where, int depth)
{
    uint64_t h = WALK_FNV0, row, nrows;
    h5l_error e;
    const h5l_dataset_info *ds[4];
    int i;
    if (!col->name) walk__violation(c, "column", where, "no name");
    else h = walk__fnv_str(h, col->name);
    h = walk__fnv_u64(h, ((uint64_t)col->kind << 56) ^ col->rows);
    if (col->dtype_attr) h = walk__fnv_str(h, col->dtype_attr);
    if (col->unit) h = walk__fnv_str(h, col->unit);
    if (col->ucd) h = walk__fnv_str(h, col->ucd);
    if (col->description) h = walk__fnv_str(h, col->description);
    if (col->alias) h = walk__fnv_str(h, col->alias);
    ds[0] = col->data; ds[1] = col->indices; ds[2] = col->null_bitmap; ds[3] = col->mask;
    for (i = 0; i < 4; i++)
        if (ds[i] && ds[i]->data)
            h = walk__touch(h, ds[i]->data, ds[i]->storage_size > ((uint64_t)1 << 22) ? ((uint64_t)1 << 22) : ds[i]->storage_size);
    if (col->kind == H5L_COL_DICT) {
        if (!col->dictionary) walk__violation(c, "column", where, "DICT column without dictionary");
        else if (depth < 4) {
            char dw[320];
            snprintf(dw, sizeof dw, "%.300s:dictionary", where);
            h = walk__fnv_u64(h, walk__column(c, col->dictionary, dw, depth + 1));
        }
    }
    if (col->null_count > col->rows) walk__violation(c, "column", where, "null_count > rows");
    nrows = col->rows < c->lim.max_rows ? col->rows : c->lim.max_rows;
    for (row = 0; row < nrows && walk__budget(c); row++) {
        int isnull = h5l_column_is_null(col, row);
        h = walk__fnv_u64(h, (uint64_t)isnull);
        if (col->kind == H5L_COL_STRING ||
            (col->kind == H5L_COL_DICT && col->dictionary && col->dictionary->kind == H5L_COL_STRING)) {
            const char *s = NULL;
            size_t len = 0;
            h5l_status st = h5l_column_string(col, row, &s, &len, &e);
            walk__check(c, where, "column_string", row, st, &e, st == H5L_OK ? walk__touch(WALK_FNV0, s, len) : 0);
            if (st == H5L_OK) h = walk__touch(h, s, len);
        }
        c->st->rows++;
    }
    if (h5l_column_is_null(col, col->rows) != 0) walk__violation(c, "column_is_null", where, "row out of range reported null");
    if (col->kind == H5L_COL_STRING) {
        const char *s = NULL;
        size_t len = 0;
        h5l_status st = h5l_column_string(col, col->rows, &s, &len, &e);
        c->st->calls++;
        if (st != H5L_EINVAL) walk__violation(c, "column_string", where, "row == rows not refused with H5L_EINVAL");
    }
    return h;
}

static void walk__table(walk__ctx *c, const char *group)
{
    h5l_table *t = NULL;
    h5l_error e;
    h5l_status st;
    size_t i, n;
    uint64_t h = WALK_FNV0;
    char where[200];
    if (c->st->tables >= c->lim.max_tables || !walk__budget(c)) return;
    snprintf(where, sizeof where, "table:%s", group ? group : "(default)");
    st = h5l_table_open(c->f, group, &t, &e);
    c->st->tables++;
    if (st != H5L_ENOMEM && walk__budget(c)) {
        /* err may be NULL: the status must not depend on it */
        h5l_table *t2 = NULL;
        h5l_status s2 = h5l_table_open(c->f, group, &t2, NULL);
        c->st->calls++;
        if (s2 != st && s2 != H5L_ENOMEM) {
            char d[160];
            snprintf(d, sizeof d, "%s with an h5l_error, %s with err == NULL", h5l_status_name(st), h5l_status_name(s2));
            walk__violation(c, "table_open", where, d);
        }
        if (s2 == H5L_OK) h5l_table_close(t2);
    }
    if (st != H5L_OK) {
        if (t) walk__violation(c, "table_open", where, "failed but set *out");
        walk__check(c, where, "table_open", 0, st, &e, 0);
        return;
    }
    n = h5l_table_ncolumns(t);
    h = walk__fnv_u64(h, n);
    h = walk__fnv_u64(h, h5l_table_rows(t));
    for (i = 0; i < n; i++) {
        const h5l_column *col = h5l_table_column(t, i);
        char cw[300];
        if (!col) {
            walk__violation(c, "table_column", where, "NULL for an index < ncolumns");
            break;
        }
        snprintf(cw, sizeof cw, "%s:%s", where, col->name ? col->name : "?");
        if (col->name && h5l_table_find(t, col->name) == NULL) walk__violation(c, "table_find", where, "cannot find a listed column");
        h = walk__fnv_u64(h, walk__column(c, col, cw, 0));
        c->st->columns++;
    }
    if (h5l_table_column(t, n) != NULL) walk__violation(c, "table_column", where, "non-NULL for index == ncolumns");
    walk__check(c, where, "table_open", 0, H5L_OK, &e, h);
    h5l_table_close(t);
}

/* ---- objects -------------------------------------------------------------------- */
static void walk__object(walk__ctx *c, const walk__pending *p)
{
    h5l_obj *o = NULL;
    h5l_error e;
    h5l_status st;
    h5l_obj_kind kind;
    uint64_t h;
    size_t i;
    unsigned order;
    if (!walk__budget(c)) return;
    st = h5l_obj_open_addr(c->f, p->addr, &o, &e);
    if (st != H5L_OK && st != H5L_ENOMEM && walk__budget(c)) {
        h5l_obj *o2 = NULL;
        h5l_status s2 = h5l_obj_open_addr(c->f, p->addr, &o2, NULL);
        c->st->calls++;
        if (s2 != st && s2 != H5L_ENOMEM) walk__violation(c, "obj_open_addr", p->path, "status differs with err == NULL");
        if (s2 == H5L_OK) h5l_obj_close(o2);
    }
    if (st != H5L_OK) {
        if (o) walk__violation(c, "obj_open_addr", p->path, "failed but set *out");
        walk__check(c, p->path, "open_addr", 0, st, &e, 0);
        return;
    }
    c->st->objects++;
    kind = h5l_obj_get_kind(o);
    h = walk__fnv_u64(WALK_FNV0, (uint64_t)kind);
    h = walk__fnv_u64(h, h5l_obj_get_refcount(o));
    if (h5l_obj_get_addr(o) != p->addr) walk__violation(c, "obj_get_addr", p->path, "differs from the address opened");
    if (h5l_obj_get_file(o) != c->f) walk__violation(c, "obj_get_file", p->path, "differs from the file");
    walk__check(c, p->path, "open_addr", 0, H5L_OK, &e, h);

    /* by path too (the path resolver), for the first objects */
    if (c->st->objects < 200 && walk__budget(c)) {
        h5l_obj *o2 = NULL;
        st = h5l_obj_open(c->f, p->path, &o2, &e);
        walk__check(c, p->path, "open_path", 0, st, &e, st == H5L_OK ? h5l_obj_get_addr(o2) : 0);
        if (st != H5L_OK && o2) walk__violation(c, "obj_open", p->path, "failed but set *out");
        if (st == H5L_OK) h5l_obj_close(o2);
    }

    walk__attrs(c, o, p->path);

    if (kind == H5L_OBJ_DATASET) {
        walk__dataset(c, o, p->path);
    } else if (kind == H5L_OBJ_DATATYPE) {
        const h5l_dtype *t = h5l_obj_datatype(o);
        c->st->datatypes++;
        if (!t) walk__violation(c, "obj_datatype", p->path, "NULL for a datatype object");
        else walk__check(c, p->path, "datatype", 0, H5L_OK, &e, walk__type_digest(t, 0));
    } else if (kind == H5L_OBJ_GROUP) {
        c->st->groups++;
        if (h5l_obj_dataset(o) != NULL) walk__violation(c, "obj_dataset", p->path, "non-NULL for a group");
        for (order = 0; order < 3 && walk__budget(c); order++) {
            uint64_t lh = WALK_FNV0;
            c->nlinks = 0;
            c->links_full = 0;
            st = h5l_group_iterate(o, order, walk__link_cb, c, &e);
            for (i = 0; i < c->nlinks; i++)
                lh = walk__fnv_u64(walk__fnv_str(lh, c->links[i].name), ((uint64_t)c->links[i].type << 56) ^ c->links[i].addr);
            walk__check(c, p->path, order == 0 ? "iterate_name" : order == 1 ? "iterate_corder" : "iterate_native", 0, st, &e,
                        lh);
            if (order == 0 && st == H5L_OK) break; /* the name-order list is the one walked */
        }
        if (c->links_full) c->st->truncated = 1;
        /* when name order failed, walk what native order gave (links hold the last attempt) */
        for (i = 0; i < c->nlinks && i < c->lim.max_links; i++) {
            walk__link *k = &c->links[i];
            c->st->links++;
            if (i < c->lim.max_finds && walk__budget(c)) {
                h5l_link fl;
                st = h5l_group_find(o, k->name, &fl, &e);
                /* keyed by name, not position: the list may come from another iteration order */
                walk__check(c, p->path, k->name, 1, st, &e, st == H5L_OK ? walk__fnv_u64(WALK_FNV0, ((uint64_t)fl.type << 56) ^ fl.addr) : 0);
                if (st == H5L_OK && fl.name) (void)walk__touch(0, fl.name, (uint64_t)fl.name_len + 1);
            }
            if (k->type == H5L_LINK_HARD) {
                if (p->depth == 0 && c->ngnames < 16) {
                    snprintf(c->gnames[c->ngnames], sizeof c->gnames[0], "/%s", k->name);
                    c->ngnames++;
                }
                walk__enqueue(c, k->addr, p->depth + 1, p->path, k->name);
            } else if (k->type == H5L_LINK_SOFT && i < c->lim.max_finds && walk__budget(c)) {
                /* resolve, do not follow */
                h5l_obj *so = NULL;
                c->st->soft_links++;
                st = h5l_obj_open_rel(o, k->name, &so, &e);
                walk__check(c, p->path, k->name, 2, st, &e, st == H5L_OK ? h5l_obj_get_addr(so) : 0);
                if (st == H5L_OK) h5l_obj_close(so);
            }
        }
        /* a name that is not there */
        if (walk__budget(c)) {
            h5l_link fl;
            st = h5l_group_find(o, "\x01no such name\x02", &fl, &e);
            c->st->calls++;
            if (st == H5L_OK) walk__violation(c, "group_find", p->path, "found a name no group has");
        }
    }
    h5l_obj_close(o);
}

/* Walk everything. Returns 0 when the walk could be set up, -1 on the walk's
 * own out-of-memory (not a finding). Library errors are in st. */
static WALK_MAYBE_UNUSED int walk_file_ex(h5l_file *f, const walk_opts *opt_in, walk_stats *st)
{
    walk__ctx c;
    walk_opts defopt;
    h5l_file_info fi;
    h5l_obj *root = NULL;
    h5l_error e;
    h5l_status s;
    unsigned i;
    memset(st, 0, sizeof *st);
    st->digest = WALK_FNV0;
    if (!opt_in) {
        memset(&defopt, 0, sizeof defopt);
        opt_in = &defopt;
    }
    memset(&c, 0, sizeof c);
    c.f = f;
    c.opt = opt_in;
    c.st = st;
    c.lim = opt_in->limits ? *opt_in->limits : walk_default_limits();
    c.q_max = c.lim.max_objects ? c.lim.max_objects : 1;
    c.links_max = c.lim.max_links ? c.lim.max_links : 1;
    c.q_cap = c.q_max < 16 ? c.q_max : 16;
    c.links_cap = c.links_max < 16 ? c.links_max : 16;
    c.buf_size = 1u << 16;
    c.queue = (walk__pending *)malloc(c.q_cap * sizeof *c.queue);
    c.links = (walk__link *)malloc(c.links_cap * sizeof *c.links);
    c.buf = (unsigned char *)malloc(c.buf_size);
    if (!c.queue || !c.links || !c.buf) {
        free(c.visited); free(c.queue); free(c.links); free(c.buf);
        return -1;
    }
    h5l_file_get_info(f, &fi);
    st->digest = walk__fnv_u64(walk__fnv_u64(st->digest, fi.root_addr), fi.superblock_version);
    if (fi.file_size && !fi.map) walk__violation(&c, "file_get_info", "/", "no map");

    /* the root, by path */
    s = h5l_obj_open(f, "/", &root, &e);
    walk__check(&c, "/", "open_root", 0, s, &e, s == H5L_OK ? h5l_obj_get_addr(root) : 0);
    if (s == H5L_OK) {
        if (h5l_obj_get_addr(root) != fi.root_addr) walk__violation(&c, "obj_open(/)", "/", "address differs from root_addr");
        h5l_obj_close(root);
    }
    walk__enqueue(&c, fi.root_addr, 0, NULL, "");
    while (c.q_head < c.q_tail && walk__budget(&c)) {
        walk__pending p = c.queue[c.q_head++];
        walk__object(&c, &p);
    }
    if (c.q_head < c.q_tail) st->truncated = 1;

    /* tables: the default, /table explicitly, and every root group */
    walk__table(&c, NULL);
    walk__table(&c, "/table");
    for (i = 0; i < c.ngnames; i++)
        if (strcmp(c.gnames[i], "/table") != 0) walk__table(&c, c.gnames[i]);

    free(c.visited);
    free(c.queue);
    free(c.links);
    free(c.buf);
    return 0;
}

static WALK_MAYBE_UNUSED int walk_file(h5l_file *f, const walk_limits *lim, walk_stats *st)
{
    walk_opts o;
    memset(&o, 0, sizeof o);
    o.limits = lim;
    return walk_file_ex(f, &o, st);
}

#endif /* HDF5LITE_FUZZ_WALK_H */
