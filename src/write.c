/* ======================================================================
 * SECTION 5 — Writing: the general tree
 *
 * Declarations build an in-memory tree (arena: memory proportional to the
 * metadata). h5l_writer_layout() then:
 *   1. sorts every group's children bytewise and packs the vlen strings of
 *      all attributes into global heap collections;
 *   2. assigns addresses: superblock, then for every object (depth first)
 *      its object header, and for groups the B-tree nodes, the local heap
 *      and the symbol nodes; then the global heap collections; then every
 *      dataset's data region on a 64-byte boundary (declaration order);
 *   3. encodes all metadata into one buffer, writes it, sizes the file
 *      (sparse) and maps it.
 *
 * The format is what h5py writes by default: superblock v0 (sizes 8/8, leaf
 * K 4, internal K 16), version-1 object headers, symbol-table groups (local
 * heap, v1 B-tree type 0, symbol nodes of at most 8 entries), dataspace v1,
 * datatype v1, fill value v2, layout v3 contiguous, attribute v1, vlen
 * strings in global heap collections.
 * ====================================================================== */

#define H5L__W_LEAFK 4u                 /* group leaf node K: SNODs hold 2K = 8 entries */
#define H5L__W_NODEK 16u                /* group internal node K: B-tree nodes hold 2K = 32 children */
#define H5L__W_SNOD_ENTRIES (2u * H5L__W_LEAFK)
#define H5L__W_BT_CHILDREN (2u * H5L__W_NODEK)
#define H5L__W_SNOD_SIZE (8u + H5L__W_SNOD_ENTRIES * 40u)                      /* 328 */
#define H5L__W_BT_SIZE (24u + H5L__W_BT_CHILDREN * 8u + (H5L__W_BT_CHILDREN + 1u) * 8u) /* 544 */
#define H5L__W_SB_SIZE 96u
#define H5L__W_GCOL_MIN 4096u
#define H5L__W_GCOL_TARGET 65536u       /* start a new collection beyond this size */
#define H5L__W_ALIGN 64u
#define H5L__W_VLEN_T 0u                /* attribute type code meaning "vlen UTF-8 string" */

static uint64_t h5l__pad8(uint64_t n) { return (n + 7u) & ~(uint64_t)7u; }

typedef struct h5l__wattr {
    struct h5l__wattr *next;
    const char *name;
    size_t name_len;
    h5l_type_code type;          /* H5L__W_VLEN_T: vlen UTF-8 strings */
    unsigned rank;               /* 0 scalar, 1 */
    uint64_t n;                  /* elements */
    uint8_t *data;               /* fixed types: n * size bytes (arena) */
    uint64_t data_size;
    const char **strs;           /* vlen: n strings (arena, or owned by a table) */
    size_t *lens;
    uint32_t *gcol;              /* vlen: collection number of each string (set at layout) */
    uint32_t *gidx;              /* vlen: object index inside it */
} h5l__wattr;

typedef struct h5l__wnode {
    struct h5l__wnode *parent, *first, *last, *next;   /* children (declaration order) */
    const char *name;
    size_t name_len;
    uint32_t serial;             /* hash seed for children lookups */
    int is_group;
    uint64_t nchildren;
    h5l__wattr *attrs, *attrs_last;
    uint64_t nattrs;
    /* dataset */
    h5l_type_code type;
    unsigned rank;
    uint64_t *dims;
    uint64_t data_size;          /* nelmts * element size */
    uint64_t row_bytes;          /* bytes per row of the first dimension (scalar: data_size) */
    uint64_t rows;
    /* layout */
    struct h5l__wnode **sorted;  /* groups: children in bytewise name order */
    uint64_t sidx;               /* position in the parent's sorted array */
    uint64_t oh_addr, oh_size;
    uint64_t name_off;           /* in the parent's local heap */
    uint64_t bt_addr, bt_count, bt_levels;
    uint64_t heap_addr, heap_seg;
    uint64_t snod_addr, snod_count;
    uint64_t data_addr;          /* H5L_UNDEF for empty datasets */
} h5l__wnode;

typedef struct h5l__wgcol {
    uint64_t size;               /* collection size including the header */
    uint64_t used;               /* bytes used by objects after the 16-byte header */
    uint32_t nobj;
    uint64_t addr;
} h5l__wgcol;

struct h5l__wtable;

struct h5l_writer {
    h5l_allocator alloc;
    h5l__arena ar;
    unsigned flags;
    h5l__wfile wf;
    int file_open;
    char *target;
    char *tmp;
    int state;                   /* 0 declaring, 1 laid out, 2 failed */
    h5l_status fail_code;
    h5l__wnode *root;
    uint32_t next_serial;
    h5l__wnode **hash;           /* open addressing over (parent, name) */
    size_t hcap, hcount;
    h5l__wnode **dsets;
    size_t ndsets, dcap;
    uint64_t nnodes;
    h5l__wnode **sorted_all;     /* storage of every group's sorted array */
    uint8_t *map;
    uint64_t file_size;
    struct h5l__wtable *tables;  /* section 6 */
};

/* Section 6 frees what it allocated with the allocator. */
static void h5l__wtables_free(h5l_writer *w);

/* ---- type codes ---------------------------------------------------------- */

uint64_t h5l_type_code_size(h5l_type_code t)
{
    unsigned base = H5L_T_BASE(t);
    uint64_t low = t & 0xffffffffu;
    if (low & ~(uint64_t)(0xffu | H5L_T_BE | H5L_T_UTF8)) return 0;
    if (base == H5L_T_STRBASE) {
        uint64_t n = H5L_T_STRLEN(t);
        if (n == 0 || n > 0xffffffffu) return 0;
        return n;
    }
    if (t >> 32) return 0;
    if (t & H5L_T_UTF8) return 0;
    switch (base) {
    case H5L_T_I8: case H5L_T_U8: case H5L_T_BOOL: return 1;
    case H5L_T_I16: case H5L_T_U16: case H5L_T_F16: return 2;
    case H5L_T_I32: case H5L_T_U32: case H5L_T_F32: return 4;
    case H5L_T_I64: case H5L_T_U64: case H5L_T_F64: return 8;
    default: return 0;
    }
}

/* Encoded datatype message body for a type code (p may be NULL: size only).
 * H5L__W_VLEN_T is h5py's vlen UTF-8 string. */
static uint64_t h5l__w_dtype(uint8_t *p, h5l_type_code t)
{
    unsigned base = H5L_T_BASE(t);
    unsigned be = (t & H5L_T_BE) ? 1u : 0u;
    uint64_t size = h5l_type_code_size(t);
    if (t == H5L__W_VLEN_T) {
        if (p) {
            memset(p, 0, 20);
            p[0] = 0x19; p[1] = 0x01; p[2] = 0x01;        /* class 9 v1, string, NULLTERM, UTF-8 */
            h5l__st32(p + 4, 16);
            p[8] = 0x10;                                   /* base: unsigned char */
            h5l__st32(p + 12, 1);
            h5l__st16(p + 18, 8);
        }
        return 20;
    }
    switch (base) {
    case H5L_T_BOOL:
        if (p) {
            memset(p, 0, 38);
            p[0] = 0x18; p[1] = 2;                         /* enum, 2 members */
            h5l__st32(p + 4, 1);
            p[8] = 0x10; p[9] = 0x08;                      /* base: signed int8 LE */
            h5l__st32(p + 12, 1);
            h5l__st16(p + 18, 8);
            memcpy(p + 20, "FALSE", 5);
            memcpy(p + 28, "TRUE", 4);
            p[36] = 0; p[37] = 1;
        }
        return 38;
    case H5L_T_F16: case H5L_T_F32: case H5L_T_F64:
        if (p) {
            memset(p, 0, 20);
            p[0] = 0x11;
            p[1] = (uint8_t)(0x20u | be);
            h5l__st32(p + 4, (uint32_t)size);
            h5l__st16(p + 8, 0);
            h5l__st16(p + 10, (uint16_t)(size * 8));
            if (base == H5L_T_F16) { p[2] = 15; p[12] = 10; p[13] = 5; p[14] = 0; p[15] = 10; h5l__st32(p + 16, 15); }
            else if (base == H5L_T_F32) { p[2] = 31; p[12] = 23; p[13] = 8; p[14] = 0; p[15] = 23; h5l__st32(p + 16, 127); }
            else { p[2] = 63; p[12] = 52; p[13] = 11; p[14] = 0; p[15] = 52; h5l__st32(p + 16, 1023); }
        }
        return 20;
    case H5L_T_STRBASE:
        if (p) {
            memset(p, 0, 8);
            p[0] = 0x13;
            p[1] = (uint8_t)(H5L_PAD_NULLPAD | ((t & H5L_T_UTF8) ? 0x10u : 0u));
            h5l__st32(p + 4, (uint32_t)size);
        }
        return 8;
    default: {
        int sgn = base == H5L_T_I8 || base == H5L_T_I16 || base == H5L_T_I32 || base == H5L_T_I64;
        if (p) {
            memset(p, 0, 12);
            p[0] = 0x10;
            p[1] = (uint8_t)(be | (sgn ? 0x08u : 0u));
            h5l__st32(p + 4, (uint32_t)size);
            h5l__st16(p + 10, (uint16_t)(size * 8));
        }
        return 12;
    }
    }
}

/* Dataspace v1 body: scalar (rank 0) or simple with max dims = dims. */
static uint64_t h5l__w_space(uint8_t *p, unsigned rank, const uint64_t *dims)
{
    unsigned i;
    if (p) {
        memset(p, 0, 8);
        p[0] = 1;
        p[1] = (uint8_t)rank;
        p[2] = rank ? 1 : 0;
        for (i = 0; i < rank; i++) {
            h5l__st64(p + 8 + 8 * i, dims[i]);
            h5l__st64(p + 8 + 8 * (rank + i), dims[i]);
        }
    }
    return 8u + 16u * rank;
}

/* ---- names, paths, errors ------------------------------------------------- */

/* "/a/b/c" of a node, truncated to fit. */
static void h5l__w_path(const h5l__wnode *n, char *buf, size_t cap)
{
    const h5l__wnode *chain[64];
    size_t depth = 0, len = 0, i;
    int trunc = 0;
    buf[0] = 0;
    if (!n || !n->parent) {
        snprintf(buf, cap, "/");
        return;
    }
    while (n && n->parent) {
        if (depth == 64) { trunc = 1; break; }
        chain[depth++] = n;
        n = n->parent;
    }
    if (trunc && cap > 4) { memcpy(buf, "...", 3); len = 3; buf[3] = 0; }
    for (i = depth; i-- > 0;) {
        size_t k = chain[i]->name_len;
        if (len + 1 + k + 1 > cap) {
            if (len + 4 < cap) memcpy(buf + len, "...", 4);
            return;
        }
        buf[len++] = '/';
        memcpy(buf + len, chain[i]->name, k);
        len += k;
        buf[len] = 0;
    }
}

/* Put "<prefix>: " in front of err->msg (truncating the end). */
static void h5l__w_prefix(h5l_error *err, const char *prefix)
{
    char tmp[sizeof err->msg];
    size_t pl, ml;
    if (!err || !prefix) return;
    pl = strlen(prefix);
    if (pl > sizeof tmp - 3) pl = sizeof tmp - 3;
    memcpy(tmp, prefix, pl);
    tmp[pl] = ':';
    tmp[pl + 1] = ' ';
    ml = strlen(err->msg);
    if (ml > sizeof tmp - pl - 3) ml = sizeof tmp - pl - 3;
    memcpy(tmp + pl + 2, err->msg, ml);
    tmp[pl + 2 + ml] = 0;
    memcpy(err->msg, tmp, sizeof tmp);
}

static h5l_status h5l__w_nomem(h5l_error *err, const char *what)
{
    return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", what);
}

/* ---- children lookup: a hash over (parent, name) --------------------------- */

static size_t h5l__w_hash_of(const h5l__wnode *parent, const char *name, size_t len)
{
    return (size_t)h5l__lookup3(name, len, parent->serial);
}

static h5l__wnode *h5l__w_lookup(const h5l_writer *w, const h5l__wnode *parent, const char *name, size_t len)
{
    size_t i, mask;
    if (!w->hcap) return NULL;
    mask = w->hcap - 1;
    for (i = h5l__w_hash_of(parent, name, len) & mask;; i = (i + 1) & mask) {
        h5l__wnode *c = w->hash[i];
        if (!c) return NULL;
        if (c->parent == parent && c->name_len == len && memcmp(c->name, name, len) == 0) return c;
    }
}

static void h5l__w_hash_put(h5l__wnode **tab, size_t cap, h5l__wnode *n)
{
    size_t mask = cap - 1, i;
    for (i = h5l__w_hash_of(n->parent, n->name, n->name_len) & mask; tab[i]; i = (i + 1) & mask) {
    }
    tab[i] = n;
}

/* Make room for one more entry (load factor <= 1/2). */
static int h5l__w_hash_reserve(h5l_writer *w)
{
    size_t ncap, i;
    h5l__wnode **nt;
    if ((w->hcount + 1) * 2 <= w->hcap) return 0;
    ncap = w->hcap ? w->hcap * 2 : 64;
    if (ncap > SIZE_MAX / sizeof *nt || ncap < w->hcap) return -1;
    nt = (h5l__wnode **)h5l__calloc(&w->alloc, ncap * sizeof *nt);
    if (!nt) return -1;
    for (i = 0; i < w->hcap; i++)
        if (w->hash[i]) h5l__w_hash_put(nt, ncap, w->hash[i]);
    h5l__free(&w->alloc, w->hash);
    w->hash = nt;
    w->hcap = ncap;
    return 0;
}

/* A new child node of parent (name copied). */
static h5l_status h5l__w_new_child(h5l_writer *w, h5l__wnode *parent, const char *name, size_t len, int is_group,
                                   h5l__wnode **out, h5l_error *err)
{
    h5l__wnode *n;
    char *nm;
    if (w->next_serial == UINT32_MAX) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "too many objects");
    if (h5l__w_hash_reserve(w) != 0) return h5l__w_nomem(err, "creating an object");
    n = (h5l__wnode *)h5l__arena_alloc(&w->ar, sizeof *n);
    nm = n ? h5l__arena_strndup(&w->ar, name, len) : NULL;
    if (!n || !nm) return h5l__w_nomem(err, "creating an object");
    n->name = nm;
    n->name_len = len;
    n->parent = parent;
    n->is_group = is_group;
    n->serial = w->next_serial++;
    n->data_addr = H5L_UNDEF;
    if (parent->last) parent->last->next = n;
    else parent->first = n;
    parent->last = n;
    parent->nchildren++;
    h5l__w_hash_put(w->hash, w->hcap, n);
    w->hcount++;
    w->nnodes++;
    *out = n;
    return H5L_OK;
}

/* Check one path component; 0 if valid. */
static int h5l__w_bad_component(const char *s, size_t len)
{
    if (len == 0) return 1;
    if (len == 1 && s[0] == '.') return 1;
    if (len > 0x7fffffffu) return 1;
    return 0;
}

static h5l_status h5l__w_check_open(h5l_writer *w, const char *what, h5l_error *err)
{
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: writer is NULL", what);
    if (w->state == 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the writer is already laid out", what);
    if (w->state == 2) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the writer failed earlier", what);
    return H5L_OK;
}

/* Walk `path`; create missing groups when `create` (then the last component
 * is a group too, unless want_parent: then *out is the parent and
 * the final component is returned in last/last_len). */
static h5l_status h5l__w_walk(h5l_writer *w, const char *path, int create, int want_parent, h5l__wnode **out,
                              const char **last, size_t *last_len, h5l_error *err)
{
    h5l__wnode *cur = w->root;
    const char *p = path;
    char where[200];
    if (!path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "path is NULL");
    if (*p == '/') p++;
    if (*p && create) {
        /* check every component before creating any group */
        const char *q = p;
        for (;;) {
            const char *slash = strchr(q, '/');
            size_t len = slash ? (size_t)(slash - q) : strlen(q);
            if (h5l__w_bad_component(q, len))
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": invalid name (empty component or '.')", path);
            if (!slash) break;
            q = slash + 1;
        }
    }
    if (*p == 0) {
        if (want_parent) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": empty name", path);
        *out = cur;
        return H5L_OK;
    }
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        h5l__wnode *c;
        if (h5l__w_bad_component(p, len))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": invalid name (empty component or '.')", path);
        if (!slash && want_parent) {
            *out = cur;
            *last = p;
            *last_len = len;
            return H5L_OK;
        }
        c = h5l__w_lookup(w, cur, p, len);
        if (!c) {
            h5l_status st;
            if (!create) return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "\"%s\": no such object", path);
            st = h5l__w_new_child(w, cur, p, len, 1, &c, err);
            if (st != H5L_OK) return st;
        } else if (!c->is_group && (slash || create)) {
            h5l__w_path(c, where, sizeof where);
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: a dataset has that name (in \"%s\")", where, path);
        }
        cur = c;
        if (!slash) break;
        p = slash + 1;
    }
    *out = cur;
    return H5L_OK;
}

/* ---- open / declare ------------------------------------------------------ */

h5l_status h5l_writer_open(const char *path, const h5l_write_options *opt, h5l_writer **out, h5l_error *err)
{
    const h5l_allocator *a = h5l__alloc_or_default(opt ? opt->alloc : NULL);
    h5l_writer *w;
    h5l_status st;
    size_t n;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_open: out is NULL");
    *out = NULL;
    if (!path || !*path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_open: empty path");
    if (opt && (opt->flags & ~(H5L_WRITE_NO_MMAP | H5L_WRITE_NO_SYNC)))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: unknown flags 0x%x", path, opt->flags);
    w = (h5l_writer *)h5l__calloc(a, sizeof *w);
    if (!w) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    w->alloc = *a;
    h5l__arena_init(&w->ar, &w->alloc);
    w->flags = opt ? opt->flags : 0;
    w->wf.hook = opt ? opt->io_hook : NULL;
    w->wf.hook_ctx = opt ? opt->io_ctx : NULL;
    n = strlen(path);
    w->target = (char *)h5l__malloc(&w->alloc, n + 1);
    w->root = (h5l__wnode *)h5l__arena_alloc(&w->ar, sizeof *w->root);
    if (!w->target || !w->root) {
        h5l__free(&w->alloc, w->target);
        h5l__arena_free(&w->ar);
        h5l__free(&w->alloc, w);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    }
    memcpy(w->target, path, n + 1);
    w->root->is_group = 1;
    w->root->name = "";
    w->root->serial = w->next_serial++;
    w->nnodes = 1;
    st = h5l__wf_create_temp(&w->wf, &w->alloc, path, &w->tmp, err);
    if (st != H5L_OK) {
        h5l__free(&w->alloc, w->target);
        h5l__arena_free(&w->ar);
        h5l__free(&w->alloc, w);
        return st;
    }
    w->file_open = 1;
    *out = w;
    return H5L_OK;
}

h5l_status h5l_writer_group(h5l_writer *w, const char *path, h5l_error *err)
{
    h5l__wnode *n;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_group", err)) != H5L_OK) return st;
    return h5l__w_walk(w, path, 1, 0, &n, NULL, NULL, err);
}

/* Declare a dataset `name` in group `parent`. */
static h5l_status h5l__w_dataset_in(h5l_writer *w, h5l__wnode *parent, const char *name, size_t len,
                                    h5l_type_code type, unsigned rank, const uint64_t *dims, h5l_dset *out,
                                    h5l_error *err)
{
    uint64_t esz = h5l_type_code_size(type), nel = 1, total, row = 1;
    unsigned i;
    h5l__wnode *n;
    h5l_status st;
    char where[200];
    h5l__w_path(parent, where, sizeof where);
    if (h5l__w_bad_component(name, len) || memchr(name, '/', len))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid dataset name", where);
    if (!esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: invalid type code 0x%llx", where, (int)len, name, (unsigned long long)type);
    if (rank > H5L_MAX_RANK) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: rank %u > %d", where, (int)len, name, rank, H5L_MAX_RANK);
    if (rank && !dims) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: dims is NULL", where, (int)len, name);
    for (i = 0; i < rank; i++) {
        if (h5l__mul_ovf(nel, dims[i], &nel))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: too many elements", where, (int)len, name);
        if (i > 0 && h5l__mul_ovf(row, dims[i], &row))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: too many elements", where, (int)len, name);
    }
    if (h5l__mul_ovf(nel, esz, &total) || total > (uint64_t)INT64_MAX)
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s/%.*s: data size overflows", where, (int)len, name);
    if (h5l__w_lookup(w, parent, name, len))
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s%s%.*s: name already exists", where,
                         parent->parent ? "/" : "", (int)len, name);
    if (w->ndsets >= (size_t)H5L_NO_DSET - 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "too many datasets");
    if (h5l__grow(&w->alloc, (void **)&w->dsets, &w->dcap, w->ndsets + 1, sizeof *w->dsets) != 0)
        return h5l__w_nomem(err, where);
    if (rank) {
        uint64_t *d = (uint64_t *)h5l__arena_alloc(&w->ar, rank * sizeof *d);
        if (!d) return h5l__w_nomem(err, where);
        memcpy(d, dims, rank * sizeof *d);
        st = h5l__w_new_child(w, parent, name, len, 0, &n, err);
        if (st != H5L_OK) return st;
        n->dims = d;
        n->rows = dims[0];
        n->row_bytes = row * esz;
    } else {
        st = h5l__w_new_child(w, parent, name, len, 0, &n, err);
        if (st != H5L_OK) return st;
        n->rows = 1;
        n->row_bytes = esz;
    }
    n->type = type;
    n->rank = rank;
    n->data_size = total;
    w->dsets[w->ndsets] = n;
    if (out) *out = (h5l_dset)w->ndsets;
    w->ndsets++;
    return H5L_OK;
}

h5l_status h5l_writer_dataset(h5l_writer *w, const char *path, h5l_type_code type, unsigned rank,
                              const uint64_t *dims, h5l_dset *out, h5l_error *err)
{
    h5l__wnode *parent;
    const char *name = NULL;
    size_t len = 0;
    h5l_status st;
    h5l__clear(err);
    if (out) *out = H5L_NO_DSET;
    if ((st = h5l__w_check_open(w, "h5l_writer_dataset", err)) != H5L_OK) return st;
    if (!path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_dataset: path is NULL");
    /* validate the arguments before creating parents */
    if (!h5l_type_code_size(type)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid type code 0x%llx", path, (unsigned long long)type);
    if (rank > H5L_MAX_RANK) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rank %u > %d", path, rank, H5L_MAX_RANK);
    if (rank && !dims) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dims is NULL", path);
    st = h5l__w_walk(w, path, 0, 1, &parent, &name, &len, err);   /* syntax check only */
    if (st != H5L_OK && st != H5L_ENOTFOUND) return st;
    st = h5l__w_walk(w, path, 1, 1, &parent, &name, &len, err);
    if (st != H5L_OK) return st;
    return h5l__w_dataset_in(w, parent, name, len, type, rank, dims, out, err);
}

/* Attach an attribute to node n. type H5L__W_VLEN_T: strs/lens (n strings,
 * copied unless `borrow`); otherwise values (copied). */
static h5l_status h5l__w_attr_add(h5l_writer *w, h5l__wnode *o, const char *name, h5l_type_code type, unsigned rank,
                                  uint64_t n, const void *values, const char *const *strs, h5l__wattr **out,
                                  h5l_error *err)
{
    h5l__wattr *a, *it;
    size_t nl;
    uint64_t esz, body;
    char where[200];
    h5l__w_path(o, where, sizeof where);
    if (!name || !*name) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: empty attribute name", where);
    nl = strlen(name);
    if (o->nattrs >= 65000) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many attributes", where);
    if (nl > 65000) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute name too long", where);
    if (rank > 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: rank %u (0 or 1 allowed)", where, name, rank);
    if (rank == 0 && n != 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: scalar needs n = 1", where, name);
    esz = type == H5L__W_VLEN_T ? 16 : h5l_type_code_size(type);
    if (!esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: invalid type code 0x%llx", where, name, (unsigned long long)type);
    if (n && ((type != H5L__W_VLEN_T && !values) || (type == H5L__W_VLEN_T && !strs)))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: values is NULL", where, name);
    if (n > 65536 / esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: too large for an object header message", where, name);
    body = 8 + h5l__pad8(nl + 1) + h5l__pad8(h5l__w_dtype(NULL, type)) + h5l__pad8(h5l__w_space(NULL, rank, &n)) + n * esz;
    if (h5l__pad8(body) > 65528)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: too large for an object header message", where, name);
    for (it = o->attrs; it; it = it->next)
        if (it->name_len == nl && memcmp(it->name, name, nl) == 0)
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: attribute %s already exists", where, name);
    a = (h5l__wattr *)h5l__arena_alloc(&w->ar, sizeof *a);
    if (!a || !(a->name = h5l__arena_strndup(&w->ar, name, nl))) return h5l__w_nomem(err, where);
    a->name_len = nl;
    a->type = type;
    a->rank = rank;
    a->n = n;
    if (type == H5L__W_VLEN_T) {
        uint64_t i;
        a->strs = (const char **)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->strs);
        a->lens = (size_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->lens);
        a->gcol = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gcol);
        a->gidx = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gidx);
        if (!a->strs || !a->lens || !a->gcol || !a->gidx) return h5l__w_nomem(err, where);
        for (i = 0; i < n; i++) {
            const char *s = strs[i] ? strs[i] : "";
            size_t sl = strlen(s);
            if (sl > 0xffffffffu) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: string too long", where, name);
            if (!(a->strs[i] = h5l__arena_strndup(&w->ar, s, sl))) return h5l__w_nomem(err, where);
            a->lens[i] = sl;
        }
    } else {
        a->data_size = n * esz;
        a->data = (uint8_t *)h5l__arena_alloc(&w->ar, (size_t)(a->data_size ? a->data_size : 1));
        if (!a->data) return h5l__w_nomem(err, where);
        if (a->data_size) memcpy(a->data, values, (size_t)a->data_size);
    }
    if (o->attrs_last) o->attrs_last->next = a;
    else o->attrs = a;
    o->attrs_last = a;
    o->nattrs++;
    if (out) *out = a;
    return H5L_OK;
}

static h5l_status h5l__w_attr_path(h5l_writer *w, const char *objpath, const char *name, h5l_type_code type,
                                   unsigned rank, uint64_t n, const void *values, const char *const *strs,
                                   h5l_error *err)
{
    h5l__wnode *o;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_attr", err)) != H5L_OK) return st;
    st = h5l__w_walk(w, objpath, 0, 0, &o, NULL, NULL, err);
    if (st != H5L_OK) return st;
    return h5l__w_attr_add(w, o, name, type, rank, n, values, strs, NULL, err);
}

h5l_status h5l_writer_attr(h5l_writer *w, const char *objpath, const char *name, h5l_type_code type, unsigned rank,
                           uint64_t n, const void *values, h5l_error *err)
{
    if (type == H5L__W_VLEN_T) {
        h5l__clear(err);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: invalid type code 0", name ? name : "?");
    }
    return h5l__w_attr_path(w, objpath, name, type, rank, n, values, NULL, err);
}

h5l_status h5l_writer_attr_string(h5l_writer *w, const char *objpath, const char *name, const char *utf8,
                                  h5l_error *err)
{
    const char *one[1];
    if (!utf8) {
        h5l__clear(err);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: string is NULL", name ? name : "?");
    }
    one[0] = utf8;
    return h5l__w_attr_path(w, objpath, name, H5L__W_VLEN_T, 0, 1, NULL, one, err);
}

h5l_status h5l_writer_attr_strings(h5l_writer *w, const char *objpath, const char *name, const char *const *utf8,
                                   size_t n, h5l_error *err)
{
    return h5l__w_attr_path(w, objpath, name, H5L__W_VLEN_T, 1, (uint64_t)n, NULL, utf8, err);
}

/* ---- layout: sizes --------------------------------------------------------- */

static uint64_t h5l__w_attr_msg_size(const h5l__wattr *a)
{
    uint64_t esz = a->type == H5L__W_VLEN_T ? 16 : h5l_type_code_size(a->type);
    return h5l__pad8(8 + h5l__pad8(a->name_len + 1) + h5l__pad8(h5l__w_dtype(NULL, a->type)) +
                     h5l__pad8(h5l__w_space(NULL, a->rank, &a->n)) + a->n * esz);
}

/* Object header size (prefix + messages, no padding needed: all messages are
 * multiples of 8). */
static uint64_t h5l__w_oh_size(const h5l__wnode *n, uint64_t *nmsgs)
{
    uint64_t s = 16, m = 0;
    const h5l__wattr *a;
    if (n->is_group) {
        s += 8 + 16;
        m = 1;
    } else {
        s += 8 + h5l__pad8(h5l__w_space(NULL, n->rank, n->dims));
        s += 8 + h5l__pad8(h5l__w_dtype(NULL, n->type));
        s += 8 + 8;    /* fill value v2 */
        s += 8 + 24;   /* layout v3 */
        m = 4;
    }
    for (a = n->attrs; a; a = a->next) {
        s += 8 + h5l__w_attr_msg_size(a);
        m++;
    }
    if (nmsgs) *nmsgs = m;
    return s;
}

static int h5l__w_name_cmp(const void *x, const void *y)
{
    const h5l__wnode *a = *(const h5l__wnode *const *)x, *b = *(const h5l__wnode *const *)y;
    size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    int c = memcmp(a->name, b->name, n);
    if (c) return c;
    return a->name_len < b->name_len ? -1 : a->name_len > b->name_len ? 1 : 0;
}

/* Number of B-tree nodes and levels for nsnod symbol nodes. */
static void h5l__w_btree_shape(uint64_t nsnod, uint64_t *count, uint64_t *levels)
{
    uint64_t c = nsnod ? (nsnod + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN : 1, total = c, lv = 1;
    while (c > 1) {
        c = (c + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN;
        total += c;
        lv++;
    }
    *count = total;
    *levels = lv;
}

typedef struct h5l__wlay {
    uint64_t pos;                /* next free metadata address */
    int ovf;
} h5l__wlay;

static uint64_t h5l__w_take(h5l__wlay *L, uint64_t size)
{
    uint64_t at = L->pos;
    if (h5l__add_ovf(L->pos, h5l__pad8(size), &L->pos)) L->ovf = 1;
    return at;
}

/* Pre-order walk over the declaration-order child lists. */
static h5l__wnode *h5l__w_next_decl(h5l__wnode *n)
{
    if (n->first) return n->first;
    while (n && !n->next) n = n->parent;
    return n ? n->next : NULL;
}

/* Pre-order walk in bytewise name order (after sorting). */
static h5l__wnode *h5l__w_next_sorted(h5l__wnode *n)
{
    if (n->is_group && n->nchildren) return n->sorted[0];
    while (n->parent) {
        h5l__wnode *p = n->parent;
        if (n->sidx + 1 < p->nchildren) return p->sorted[n->sidx + 1];
        n = p;
    }
    return NULL;
}

/* 32^(l+1), saturating: the number of symbol nodes under a level-l B-tree node. */
static uint64_t h5l__w_span(uint64_t level)
{
    uint64_t s = H5L__W_BT_CHILDREN, i;
    for (i = 0; i < level; i++) {
        if (s > UINT64_MAX / H5L__W_BT_CHILDREN) return UINT64_MAX;
        s *= H5L__W_BT_CHILDREN;
    }
    return s;
}

/* Heap offset of the largest name in symbol node s. */
static uint64_t h5l__w_key_after_snod(const h5l__wnode *g, uint64_t s)
{
    uint64_t last = (s + 1) * H5L__W_SNOD_ENTRIES;
    if (last > g->nchildren) last = g->nchildren;
    return g->sorted[last - 1]->name_off;
}

static void h5l__w_msg_hdr(uint8_t *p, unsigned type, uint64_t size, unsigned flags)
{
    h5l__st16(p, (uint16_t)type);
    h5l__st16(p + 2, (uint16_t)size);
    p[4] = (uint8_t)flags;
    p[5] = p[6] = p[7] = 0;
}

typedef struct h5l__wgcols {
    h5l__wgcol *v;
    size_t n, cap;
} h5l__wgcols;

static uint64_t h5l__w_root_bt(const h5l__wnode *g) { return g->bt_addr + (g->bt_count - 1) * H5L__W_BT_SIZE; }

static void h5l__w_encode_attr(uint8_t *p, const h5l__wattr *a, const h5l__wgcols *gc)
{
    uint64_t dts = h5l__w_dtype(NULL, a->type), sps = h5l__w_space(NULL, a->rank, &a->n), i;
    uint8_t *q;
    p[0] = 1;
    p[1] = 0;
    h5l__st16(p + 2, (uint16_t)(a->name_len + 1));
    h5l__st16(p + 4, (uint16_t)dts);
    h5l__st16(p + 6, (uint16_t)sps);
    q = p + 8;
    memcpy(q, a->name, a->name_len);
    q += h5l__pad8(a->name_len + 1);
    h5l__w_dtype(q, a->type);
    q += h5l__pad8(dts);
    h5l__w_space(q, a->rank, &a->n);
    q += h5l__pad8(sps);
    if (a->type == H5L__W_VLEN_T) {
        for (i = 0; i < a->n; i++, q += 16) {
            h5l__st32(q, (uint32_t)a->lens[i]);
            h5l__st64(q + 4, gc->v[a->gcol[i]].addr);
            h5l__st32(q + 12, a->gidx[i]);
        }
    } else if (a->data_size) {
        memcpy(q, a->data, (size_t)a->data_size);
    }
}

/* Encode node n's object header, and for a group its B-tree, heap and
 * symbol nodes, into buf (the file image from address 0). */
static void h5l__w_encode_node(uint8_t *buf, const h5l__wnode *n, const h5l__wgcols *gc)
{
    uint64_t nmsgs, ohs = h5l__w_oh_size(n, &nmsgs);
    uint8_t *p = buf + n->oh_addr;
    const h5l__wattr *a;
    p[0] = 1;
    h5l__st16(p + 2, (uint16_t)nmsgs);
    h5l__st32(p + 4, 1);
    h5l__st32(p + 8, (uint32_t)(ohs - 16));
    p += 16;
    if (n->is_group) {
        h5l__w_msg_hdr(p, 0x11, 16, 0);
        h5l__st64(p + 8, h5l__w_root_bt(n));
        h5l__st64(p + 16, n->heap_addr);
        p += 24;
    } else {
        uint64_t s = h5l__pad8(h5l__w_space(NULL, n->rank, n->dims));
        h5l__w_msg_hdr(p, 0x01, s, 0);
        h5l__w_space(p + 8, n->rank, n->dims);
        p += 8 + s;
        s = h5l__pad8(h5l__w_dtype(NULL, n->type));
        h5l__w_msg_hdr(p, 0x03, s, 1);
        h5l__w_dtype(p + 8, n->type);
        p += 8 + s;
        h5l__w_msg_hdr(p, 0x05, 8, 1);
        p[8] = 2; p[9] = 2; p[10] = 2; p[11] = 1;     /* v2, alloc late, fill if set, defined (size 0) */
        p += 16;
        h5l__w_msg_hdr(p, 0x08, 24, 0);
        p[8] = 3; p[9] = 1;                            /* v3, contiguous */
        h5l__st64(p + 10, n->data_size ? n->data_addr : H5L_UNDEF);
        h5l__st64(p + 18, n->data_size);
        p += 32;
    }
    for (a = n->attrs; a; a = a->next) {
        uint64_t s = h5l__w_attr_msg_size(a);
        h5l__w_msg_hdr(p, 0x0C, s, 0);
        h5l__w_encode_attr(p + 8, a, gc);
        p += 8 + s;
    }
    if (!n->is_group) return;

    /* local heap */
    {
        uint64_t i;
        p = buf + n->heap_addr;
        memcpy(p, "HEAP", 4);
        h5l__st64(p + 8, n->heap_seg);
        h5l__st64(p + 16, 1);                          /* free list: none */
        h5l__st64(p + 24, n->heap_addr + 32);
        for (i = 0; i < n->nchildren; i++) {
            const h5l__wnode *c = n->sorted[i];
            memcpy(p + 32 + c->name_off, c->name, c->name_len);
        }
    }
    /* symbol nodes */
    {
        uint64_t s;
        for (s = 0; s < n->snod_count; s++) {
            uint64_t k, first = s * H5L__W_SNOD_ENTRIES, last = first + H5L__W_SNOD_ENTRIES;
            if (last > n->nchildren) last = n->nchildren;
            p = buf + n->snod_addr + s * H5L__W_SNOD_SIZE;
            memcpy(p, "SNOD", 4);
            p[4] = 1;
            h5l__st16(p + 6, (uint16_t)(last - first));
            for (k = first; k < last; k++) {
                const h5l__wnode *c = n->sorted[k];
                uint8_t *e = p + 8 + (k - first) * 40;
                h5l__st64(e, c->name_off);
                h5l__st64(e + 8, c->oh_addr);
                if (c->is_group) {
                    h5l__st32(e + 16, 1);
                    h5l__st64(e + 24, h5l__w_root_bt(c));
                    h5l__st64(e + 32, c->heap_addr);
                }
            }
        }
    }
    /* B-tree nodes, level 0 first */
    {
        uint64_t level, base = 0, cnt, prev_base = 0, prev_cnt = n->snod_count;
        cnt = n->snod_count ? (n->snod_count + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN : 1;
        for (level = 0; level < n->bt_levels; level++) {
            uint64_t j, span_child = level ? h5l__w_span(level - 1) : 1;
            for (j = 0; j < cnt; j++) {
                uint64_t c0 = j * H5L__W_BT_CHILDREN, c1 = c0 + H5L__W_BT_CHILDREN, c;
                uint64_t addr = n->bt_addr + (base + j) * H5L__W_BT_SIZE;
                if (c1 > prev_cnt) c1 = prev_cnt;
                if (c0 > prev_cnt) c0 = prev_cnt;
                p = buf + addr;
                memcpy(p, "TREE", 4);
                p[4] = 0;
                p[5] = (uint8_t)level;
                h5l__st16(p + 6, (uint16_t)(c1 - c0));
                h5l__st64(p + 8, j ? addr - H5L__W_BT_SIZE : H5L_UNDEF);
                h5l__st64(p + 16, j + 1 < cnt ? addr + H5L__W_BT_SIZE : H5L_UNDEF);
                /* key 0: the largest name before this node's range */
                {
                    uint64_t first_snod = c0 * span_child;
                    h5l__st64(p + 24, first_snod ? h5l__w_key_after_snod(n, first_snod - 1) : 0);
                }
                for (c = c0; c < c1; c++) {
                    uint8_t *e = p + 32 + (c - c0) * 16;
                    uint64_t child_addr, last_snod;
                    if (level == 0) {
                        child_addr = n->snod_addr + c * H5L__W_SNOD_SIZE;
                        last_snod = c;
                    } else {
                        child_addr = n->bt_addr + (prev_base + c) * H5L__W_BT_SIZE;
                        last_snod = (span_child != UINT64_MAX && (c + 1) * span_child < n->snod_count)
                                        ? (c + 1) * span_child - 1 : n->snod_count - 1;
                    }
                    h5l__st64(e, child_addr);
                    h5l__st64(e + 8, h5l__w_key_after_snod(n, last_snod));
                }
            }
            prev_base = base;
            prev_cnt = cnt;
            base += cnt;
            cnt = (cnt + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN;
        }
    }
}

static void h5l__w_free_all(h5l_writer *w)
{
    h5l_allocator a = w->alloc;
    h5l__wtables_free(w);
    h5l__arena_free(&w->ar);
    h5l__free(&a, w->hash);
    h5l__free(&a, w->dsets);
    h5l__free(&a, w->sorted_all);
    h5l__free(&a, w->target);
    h5l__free(&a, w->tmp);
    h5l__free(&a, w);
}

/* Release the file after a failure: unmap, close, remove the temporary. */
static void h5l__w_discard(h5l_writer *w)
{
    if (w->map) {
        (void)h5l__wf_unmap(&w->wf, w->map, w->file_size, 0, NULL);
        w->map = NULL;
    }
    if (w->file_open) {
        (void)h5l__wf_close(&w->wf, NULL);
        w->file_open = 0;
    }
    if (w->tmp) h5l__wf_remove(w->tmp);
}

static h5l_status h5l__w_layout_fail(h5l_writer *w, h5l_status st)
{
    w->state = 2;
    w->fail_code = st;
    return st;
}

h5l_status h5l_writer_layout(h5l_writer *w, h5l_error *err)
{
    h5l__wnode *n;
    h5l__wgcols gc = {NULL, 0, 0};
    h5l__wlay L;
    uint64_t meta_end, pos, i;
    size_t fill = 0;
    uint8_t *buf;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_layout", err)) != H5L_OK) return st;

    /* 1. sort every group's children */
    if (w->nnodes > SIZE_MAX / sizeof(h5l__wnode *)) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: too many objects", w->target);
    h5l__free(&w->alloc, w->sorted_all);
    w->sorted_all = (h5l__wnode **)h5l__malloc(&w->alloc, (size_t)w->nnodes * sizeof(h5l__wnode *));
    if (!w->sorted_all) return h5l__w_nomem(err, w->target);
    for (n = w->root; n; n = h5l__w_next_decl(n)) {
        h5l__wnode *c;
        uint64_t k = 0;
        if (!n->is_group) continue;
        n->sorted = w->sorted_all + fill;
        for (c = n->first; c; c = c->next) n->sorted[k++] = c;
        fill += (size_t)k;
        if (k > 1) qsort(n->sorted, (size_t)k, sizeof *n->sorted, h5l__w_name_cmp);
        for (k = 0; k < n->nchildren; k++) n->sorted[k]->sidx = k;
    }

    /* 2. pack vlen strings into global heap collections */
    for (n = w->root; n; n = h5l__w_next_sorted(n)) {
        h5l__wattr *a;
        for (a = n->attrs; a; a = a->next) {
            if (a->type != H5L__W_VLEN_T) continue;
            for (i = 0; i < a->n; i++) {
                uint64_t os = 16 + h5l__pad8(a->lens[i]);
                h5l__wgcol *g = gc.n ? &gc.v[gc.n - 1] : NULL;
                if (!g || g->nobj >= 65535 || (g->nobj && g->used + os > H5L__W_GCOL_TARGET)) {
                    if (h5l__grow(&w->alloc, (void **)&gc.v, &gc.cap, gc.n + 1, sizeof *gc.v) != 0) {
                        h5l__free(&w->alloc, gc.v);
                        return h5l__w_nomem(err, w->target);
                    }
                    g = &gc.v[gc.n++];
                    memset(g, 0, sizeof *g);
                }
                g->nobj++;
                g->used += os;
                a->gcol[i] = (uint32_t)(gc.n - 1);
                a->gidx[i] = g->nobj;
            }
        }
    }
    for (i = 0; i < gc.n; i++) {
        uint64_t s = h5l__pad8(16 + gc.v[i].used + 16);
        gc.v[i].size = s < H5L__W_GCOL_MIN ? H5L__W_GCOL_MIN : s;
    }

    /* 3. addresses: superblock, objects, collections, data */
    L.pos = H5L__W_SB_SIZE;
    L.ovf = 0;
    for (n = w->root; n; n = h5l__w_next_sorted(n)) {
        uint64_t nm, ohs = h5l__w_oh_size(n, &nm);
        if (ohs - 16 > 0xffffffffu || nm > 65535) {
            char where[200];
            h5l__free(&w->alloc, gc.v);
            h5l__w_path(n, where, sizeof where);
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: object header too large", where);
        }
        n->oh_addr = h5l__w_take(&L, ohs);
        if (n->is_group) {
            uint64_t off = 8, k;
            n->snod_count = (n->nchildren + H5L__W_SNOD_ENTRIES - 1) / H5L__W_SNOD_ENTRIES;
            h5l__w_btree_shape(n->snod_count, &n->bt_count, &n->bt_levels);
            if (n->bt_levels > 255) L.ovf = 1;
            n->bt_addr = h5l__w_take(&L, n->bt_count * H5L__W_BT_SIZE);
            for (k = 0; k < n->nchildren; k++) {
                n->sorted[k]->name_off = off;
                off += h5l__pad8(n->sorted[k]->name_len + 1);
            }
            n->heap_seg = off;
            n->heap_addr = h5l__w_take(&L, 32 + off);
            n->snod_addr = h5l__w_take(&L, n->snod_count * H5L__W_SNOD_SIZE);
        }
    }
    for (i = 0; i < gc.n; i++) gc.v[i].addr = h5l__w_take(&L, gc.v[i].size);
    meta_end = L.pos;
    pos = meta_end;
    for (i = 0; i < w->ndsets && !L.ovf; i++) {
        h5l__wnode *d = w->dsets[i];
        if (!d->data_size) {
            d->data_addr = H5L_UNDEF;
            continue;
        }
        if (h5l__add_ovf(pos, H5L__W_ALIGN - 1, &pos)) { L.ovf = 1; break; }
        pos &= ~(uint64_t)(H5L__W_ALIGN - 1);
        d->data_addr = pos;
        if (h5l__add_ovf(pos, d->data_size, &pos)) L.ovf = 1;
    }
    if (L.ovf || pos > (uint64_t)INT64_MAX) {
        h5l__free(&w->alloc, gc.v);
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: the file would be larger than 2^63 bytes", w->target);
    }
    if (meta_end > (uint64_t)SIZE_MAX) {
        h5l__free(&w->alloc, gc.v);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: metadata larger than the address space", w->target);
    }

    /* 4. encode the metadata */
    buf = (uint8_t *)h5l__calloc(&w->alloc, (size_t)meta_end);
    if (!buf) {
        h5l__free(&w->alloc, gc.v);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory for %llu bytes of metadata", w->target,
                         (unsigned long long)meta_end);
    }
    memcpy(buf, "\x89HDF\r\n\x1a\n", 8);
    buf[13] = 8;
    buf[14] = 8;
    h5l__st16(buf + 16, H5L__W_LEAFK);
    h5l__st16(buf + 18, H5L__W_NODEK);
    h5l__st64(buf + 32, H5L_UNDEF);
    h5l__st64(buf + 40, pos);
    h5l__st64(buf + 48, H5L_UNDEF);
    h5l__st64(buf + 56, 0);
    h5l__st64(buf + 64, w->root->oh_addr);
    h5l__st32(buf + 72, 1);
    h5l__st64(buf + 80, h5l__w_root_bt(w->root));
    h5l__st64(buf + 88, w->root->heap_addr);
    for (n = w->root; n; n = h5l__w_next_sorted(n)) h5l__w_encode_node(buf, n, &gc);
    for (i = 0; i < gc.n; i++) {
        uint8_t *p = buf + gc.v[i].addr;
        memcpy(p, "GCOL", 4);
        p[4] = 1;
        h5l__st64(p + 8, gc.v[i].size);
    }
    /* objects, in index order (`used` becomes the fill cursor) */
    for (i = 0; i < gc.n; i++) gc.v[i].used = 0;
    for (n = w->root; n; n = h5l__w_next_sorted(n)) {
        h5l__wattr *a;
        for (a = n->attrs; a; a = a->next) {
            if (a->type != H5L__W_VLEN_T) continue;
            for (i = 0; i < a->n; i++) {
                h5l__wgcol *g = &gc.v[a->gcol[i]];
                uint8_t *p = buf + g->addr + 16 + g->used;
                h5l__st16(p, (uint16_t)a->gidx[i]);
                h5l__st64(p + 8, a->lens[i]);
                if (a->lens[i]) memcpy(p + 16, a->strs[i], a->lens[i]);
                g->used += 16 + h5l__pad8(a->lens[i]);
            }
        }
    }
    for (i = 0; i < gc.n; i++) {
        uint8_t *p = buf + gc.v[i].addr + 16 + gc.v[i].used;
        h5l__st64(p + 8, gc.v[i].size - 16 - gc.v[i].used);   /* free space object, index 0 */
    }
    h5l__free(&w->alloc, gc.v);

    /* 5. write, size, map */
    st = h5l__wf_pwrite(&w->wf, buf, (size_t)meta_end, 0, err);
    h5l__free(&w->alloc, buf);
    if (st == H5L_OK) st = h5l__wf_set_size(&w->wf, pos, err);
    w->file_size = pos;
    if (st == H5L_OK && !(w->flags & H5L_WRITE_NO_MMAP)) {
        void *m = NULL;
        st = h5l__wf_space_check(&w->wf, pos - meta_end, err);
        if (st == H5L_OK) st = h5l__wf_map(&w->wf, pos, &m, err);
        w->map = (uint8_t *)m;
    }
    if (st != H5L_OK) {
        h5l__w_prefix(err, w->tmp);
        return h5l__w_layout_fail(w, st);
    }
    w->state = 1;
    return H5L_OK;
}

/* ---- after layout ------------------------------------------------------------ */

static h5l__wnode *h5l__w_dset(const h5l_writer *w, h5l_dset d)
{
    if (!w || w->state != 1 || (size_t)d >= w->ndsets) return NULL;
    return w->dsets[d];
}

void *h5l_writer_ptr(h5l_writer *w, h5l_dset d)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    if (!n || !w->map || !n->data_size) return NULL;
    return w->map + n->data_addr;
}

uint64_t h5l_writer_offset(const h5l_writer *w, h5l_dset d)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    if (!n || !n->data_size) return H5L_NO_OFFSET;
    return n->data_addr;
}

uint64_t h5l_writer_size(const h5l_writer *w, h5l_dset d)
{
    if (!w || (size_t)d >= w->ndsets) return 0;
    return w->dsets[d]->data_size;
}

const char *h5l_writer_temp_path(const h5l_writer *w) { return w ? w->tmp : NULL; }

h5l_status h5l_writer_write(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const void *buf,
                            h5l_error *err)
{
    h5l__wnode *n;
    uint64_t end, off, bytes;
    char where[200];
    h5l_status st;
    h5l__clear(err);
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: writer is NULL");
    if (w->state != 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: call h5l_writer_layout first");
    if ((size_t)d >= w->ndsets) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: no dataset %u", (unsigned)d);
    n = w->dsets[d];
    if (h5l__add_ovf(first, count, &end) || end > n->rows) {
        h5l__w_path(n, where, sizeof where);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rows [%llu, +%llu) outside [0, %llu)", where,
                         (unsigned long long)first, (unsigned long long)count, (unsigned long long)n->rows);
    }
    if (count == 0 || n->data_size == 0) return H5L_OK;
    if (!buf) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: buf is NULL");
    bytes = count * n->row_bytes;        /* <= data_size: no overflow */
    off = n->data_addr + first * n->row_bytes;
    if (bytes > (uint64_t)SIZE_MAX) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: too many bytes at once");
    st = h5l__wf_pwrite(&w->wf, buf, (size_t)bytes, off, err);
    if (st != H5L_OK && err) {
        h5l__w_path(n, where, sizeof where);
        h5l__w_prefix(err, where);
    }
    return st;
}

h5l_status h5l_writer_finish(h5l_writer *w, h5l_error *err)
{
    h5l_status st = H5L_OK;
    int sync;
    h5l__clear(err);
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_finish: writer is NULL");
    sync = !(w->flags & H5L_WRITE_NO_SYNC);
    if (w->state == 0) st = h5l_writer_layout(w, err);
    else if (w->state == 2)
        st = h5l__fail(err, w->fail_code ? w->fail_code : H5L_EIO, H5L_NO_OFFSET, "%s: the writer failed earlier", w->target);
    if (st == H5L_OK && w->map) {
        st = h5l__wf_unmap(&w->wf, w->map, w->file_size, sync, err);
        w->map = NULL;
    }
    if (st == H5L_OK && sync) st = h5l__wf_sync(&w->wf, err);
    if (st == H5L_OK) {
        w->file_open = 0;
        st = h5l__wf_close(&w->wf, err);
    }
    if (st == H5L_OK) st = h5l__wf_rename(&w->wf, w->tmp, w->target, err);
    if (st != H5L_OK) {
        if (err && !strstr(err->msg, w->target)) h5l__w_prefix(err, w->target);
        h5l__w_discard(w);
    }
    h5l__w_free_all(w);
    return st;
}

void h5l_writer_abort(h5l_writer *w)
{
    if (!w) return;
    h5l__w_discard(w);
    h5l__w_free_all(w);
}
