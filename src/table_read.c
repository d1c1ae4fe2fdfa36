/* ======================================================================
 * SECTION — Reading tables (vaex layout), header section 4
 *
 * Layouts, as vaex's hdf5 reader (vaex/hdf5/dataset.py) accepts them:
 *   version 2  <group>/columns/<name>/{data, indices, mask, null_bitmap}
 *              column_order on <group>/columns; metadata (unit, ucd,
 *              description, alias) on the column group; `dtype` (and
 *              `dlength`) on the `data` dataset; a column group with
 *              type = "dictionary_encoded" holds two column groups,
 *              `indices` (the codes) and `dictionary` (the values).
 *   version 1  <group>/<name> is the dataset itself (vaex's "/data" and
 *              datasets directly in the root group); its attributes carry
 *              the metadata and `dtype`.
 * Datasets reached by hard links (all of them in files vaex, h5py and
 * hdf5lite write) are loaded one after another into one reused object whose
 * dataset descriptions are made in the table's arena: a column costs its
 * h5l_column, its h5l_dataset_info (dims sized by rank) and its name, and
 * loading it allocates nothing else. Objects reached through soft links stay
 * open until h5l_table_close (their h5l_dataset_info is what the columns
 * point to).
 * ====================================================================== */

struct h5l_table {
    h5l_file *f;
    const h5l_allocator *a;
    h5l__arena ar;               /* names, metadata strings, h5l_column structs, dataset descriptions */
    h5l_obj *gscr;               /* reused: the column group being loaded */
    h5l_obj *dscr;               /* reused: the dataset being loaded (description made in ar) */
    h5l__tcache tc;              /* types decoded into ar, shared by the columns */
    h5l_attrs *ascr;             /* reused: the attributes being read */
    h5l_obj **objs;              /* every object kept open */
    size_t nobjs, capobjs;
    h5l_column **cols;           /* in final order */
    size_t ncols, capcols;
};

#define H5L__TR_MAX_DEPTH 4      /* dictionary nesting */

/* The attributes of o, loaded into the table's reused h5l_attrs (valid until
 * the next call; not closed by the caller). */
static h5l_status h5l__tr_attrs(h5l_table *t, const h5l_obj *o, h5l_attrs **out, h5l_error *err)
{
    *out = NULL;
    if (!t->ascr && !(t->ascr = h5l__attrs_new(t->f))) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    *out = t->ascr;
    return h5l__attrs_load(t->ascr, o, err);
}

static h5l_status h5l__tr_keep(h5l_table *t, h5l_obj *o, h5l_error *err)
{
    if (h5l__grow(t->a, (void **)&t->objs, &t->capobjs, t->nobjs + 1, sizeof *t->objs) != 0) {
        h5l_obj_close(o);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    }
    t->objs[t->nobjs++] = o;
    return H5L_OK;
}

/* Open `name` under group g and keep it. ENOTFOUND passes through. */
static h5l_status h5l__tr_open(h5l_table *t, const h5l_obj *g, const char *name, h5l_obj **out, h5l_error *err)
{
    h5l_obj *o = NULL;
    h5l_status st = h5l_obj_open_rel(g, name, &o, err);
    *out = NULL;
    if (st != H5L_OK) return st;
    st = h5l__tr_keep(t, o, err);
    if (st != H5L_OK) return st;
    *out = o;
    return H5L_OK;
}

/* Does group g have a link `name`? 1 yes, 0 no, -1 error (err set). */
static int h5l__tr_has(const h5l_obj *g, const char *name, h5l_error *err)
{
    h5l_link l;
    h5l_error e2;
    h5l_status st = h5l_group_find(g, name, &l, &e2);
    if (st == H5L_OK) return 1;
    if (st == H5L_ENOTFOUND) return 0;
    if (err) *err = e2;
    return -1;
}

/* Does group g hold at least one dataset (hard or soft link)? 1, 0, -1 on error. */
typedef struct h5l__tr_hd { const h5l_obj *g; int found; h5l_status st; h5l_error *err; } h5l__tr_hd;
static int h5l__tr_hd_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_hd *h = (h5l__tr_hd *)ctx;
    h5l_obj *o = NULL;
    if (l->type == H5L_LINK_EXTERNAL) return 0;
    if (l->type == H5L_LINK_SOFT) {
        char name[256];
        if (l->name_len >= sizeof name) return 0;
        memcpy(name, l->name, l->name_len);
        name[l->name_len] = 0;
        {
            h5l_error e2;
            h5l_status s2 = h5l_obj_open_rel(h->g, name, &o, &e2);
            if (s2 == H5L_ENOTFOUND || s2 == H5L_EUNSUPPORTED) return 0;   /* dangling, or through an external link */
            if (s2 != H5L_OK) {                                            /* out of memory, corrupt: report it */
                h->st = s2;
                if (h->err) *h->err = e2;
                return 1;
            }
        }
    } else {
        h->st = h5l_obj_open_addr(h5l_obj_get_file(h->g), l->addr, &o, h->err);
        if (h->st != H5L_OK) return 1;
    }
    h->found = h5l_obj_get_kind(o) == H5L_OBJ_DATASET;
    h5l_obj_close(o);
    return h->found;
}
static int h5l__tr_has_dataset(const h5l_obj *g, h5l_error *err)
{
    h5l__tr_hd h;
    h5l_status st;
    h.g = g; h.found = 0; h.st = H5L_OK; h.err = err;
    st = h5l_group_iterate(g, H5L_ITER_NATIVE, h5l__tr_hd_cb, &h, err);
    if (st != H5L_OK || h.st != H5L_OK) return -1;
    return h.found;
}

/* The links of a column group that a column uses, found in one pass over
 * the group (no lookups by name, no error messages made for absent ones). */
enum { H5L__TRM_DATA, H5L__TRM_INDICES, H5L__TRM_MASK, H5L__TRM_BITMAP, H5L__TRM_N };
static const char *const h5l__trm_names[H5L__TRM_N] = {"data", "indices", "mask", "null_bitmap"};
typedef struct h5l__tr_members {
    int state[H5L__TRM_N];          /* 0 absent, 1 hard link (addr), 2 another kind of link (open by name) */
    uint64_t addr[H5L__TRM_N];
} h5l__tr_members;

static int h5l__tr_members_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_members *m = (h5l__tr_members *)ctx;
    unsigned k;
    for (k = 0; k < H5L__TRM_N; k++)
        if (l->name_len == strlen(h5l__trm_names[k]) && memcmp(l->name, h5l__trm_names[k], l->name_len) == 0 && !m->state[k]) {
            m->state[k] = l->type == H5L_LINK_HARD ? 1 : 2;
            m->addr[k] = l->addr;
        }
    return 0;
}

static h5l_status h5l__tr_members_get(const h5l_obj *g, h5l__tr_members *m, h5l_error *err)
{
    memset(m, 0, sizeof *m);
    return h5l_group_iterate(g, H5L_ITER_NATIVE, h5l__tr_members_cb, m, err);
}

/* Load the object at addr into the reused dataset object t->dscr (its
 * dataset description lands in t->ar and outlives the next load). *out is
 * valid until the next call. */
static h5l_status h5l__tr_load_addr(h5l_table *t, uint64_t addr, h5l_obj **out, h5l_error *err)
{
    h5l_status st;
    *out = NULL;
    if (!t->dscr) {
        t->dscr = h5l__obj_new(t->f, addr);
        if (!t->dscr) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
        t->dscr->dar = &t->ar;
        t->dscr->tcache = &t->tc;
    }
    st = h5l__obj_reload(t->dscr, addr, err);
    if (st != H5L_OK) return st;
    *out = t->dscr;
    return H5L_OK;
}

/* Open member k (known to exist): a hard link loads into t->dscr (valid
 * until the next load), another kind of link opens an object kept open. */
static h5l_status h5l__tr_open_member(h5l_table *t, const h5l_obj *g, const h5l__tr_members *m, unsigned k, h5l_obj **out,
                                      h5l_error *err)
{
    if (m->state[k] != 1) return h5l__tr_open(t, g, h5l__trm_names[k], out, err);
    return h5l__tr_load_addr(t, m->addr[k], out, err);
}

/* Signed/unsigned integer of a stored element, as int64 (unsigned values
 * above INT64_MAX saturate). t must be INTEGER (or ENUM over one). */
static int h5l__tr_int_elem(const h5l_dtype *t, const uint8_t *p, int64_t *out)
{
    uint8_t tmp[8];
    uint64_t v;
    unsigned i, n;
    if (t->cls == H5L_CLASS_ENUM && t->base) t = t->base;
    if (t->cls != H5L_CLASS_INTEGER || t->size < 1 || t->size > 8) return -1;
    n = (unsigned)t->size;
    for (i = 0; i < n; i++) tmp[i] = t->order == H5L_BE ? p[n - 1 - i] : p[i];
    v = h5l__ldn(tmp, n);
    if (t->is_signed && n < 8 && (v >> (8 * n - 1)) & 1u) v |= ~(uint64_t)0 << (8 * n);
    if (t->is_signed) {
        *out = v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
    } else {
        *out = v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
    }
    return 0;
}

/* Byte i of a 1-byte-element dataset (fill value when never allocated). */
static uint8_t h5l__tr_byte(const h5l_dataset_info *d, uint64_t i)
{
    if (d->data) return ((const uint8_t *)d->data)[i];
    if (d->fill_value && d->fill_size >= 1) return ((const uint8_t *)d->fill_value)[0];
    return 0;
}

/* Integer element i of a dataset (fill value when never allocated). */
static int h5l__tr_int_at(const h5l_dataset_info *d, uint64_t i, int64_t *out)
{
    static const uint8_t zeros[8] = {0};
    const uint8_t *p;
    if (d->data) p = (const uint8_t *)d->data + i * d->type->size;
    else if (d->fill_value && d->fill_size >= d->type->size) p = (const uint8_t *)d->fill_value;
    else p = zeros;
    return h5l__tr_int_elem(d->type, p, out);
}

/* A string attribute of o as an arena string; *out NULL when absent or not
 * a string. */
static h5l_status h5l__tr_attr_str(h5l_table *t, const h5l_attrs *as, const char *name, const char **out, h5l_error *err)
{
    const h5l_attr *at = h5l_attrs_find(as, name);
    const char *s;
    size_t len;
    h5l_status st;
    *out = NULL;
    if (!at || !at->type) return H5L_OK;
    if (at->type->cls != H5L_CLASS_STRING && !(at->type->cls == H5L_CLASS_VLEN && at->type->is_vlen_string)) return H5L_OK;
    if (at->space.npoints < 1 || !at->data || at->data_size < at->type->size) return H5L_OK;
    st = h5l_string_get(t->f, at->type, at->data, &s, &len, err);
    if (st != H5L_OK) return st;
    if (!s) len = 0;
    *out = h5l__arena_strndup(&t->ar, s ? s : "", len);
    if (!*out) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    return H5L_OK;
}

/* Check a dataset a column uses: contiguous or compact, rank >= 1, storage
 * covering its elements. */
static h5l_status h5l__tr_check_ds(const h5l_obj *o, const char *col, const char *what, const h5l_dataset_info **out,
                                   h5l_error *err)
{
    const h5l_dataset_info *d = h5l_obj_dataset(o);
    uint64_t need;
    *out = NULL;
    if (!d || !d->type) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s is not a dataset", col, what);
    if (d->layout == H5L_LAYOUT_CHUNKED || d->layout == H5L_LAYOUT_VIRTUAL || d->external)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(o), "column %s: %s is stored %s (only contiguous or compact columns can be mapped)",
                         col, what, d->external ? "in an external file" : d->layout == H5L_LAYOUT_CHUNKED ? "chunked" : "virtual");
    if (d->space.kind != H5L_SPACE_SIMPLE || d->space.rank < 1)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(o), "column %s: %s is not an array (rank 0 or null dataspace)", col, what);
    if (d->type->size == 0 || h5l__mul_ovf(d->space.npoints, d->type->size, &need))
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s has an impossible size", col, what);
    if (d->data && d->storage_size < need)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s storage (%llu bytes) smaller than its %llu elements",
                         col, what, (unsigned long long)d->storage_size, (unsigned long long)d->space.npoints);
    *out = d;
    return H5L_OK;
}

static int h5l__tr_is_int(const h5l_dtype *t)
{
    return t && t->cls == H5L_CLASS_INTEGER && t->size >= 1 && t->size <= 8;
}

/* Validity datasets of a column group (v2) and the null count. */
static unsigned h5l__tr_popcount8(unsigned v)
{
    unsigned n = 0;
    for (; v; v &= v - 1) n++;
    return n;
}

/* Null rows of a column, from its validity bytes as stored: work bounded by
 * the stored bytes, not by the row count the file claims (storage never
 * written is all fill value, counted at once). Mask first, as vaex. */
static uint64_t h5l__tr_count_nulls(const h5l_column *c)
{
    const h5l_dataset_info *d = c->mask ? c->mask : c->null_bitmap;
    const uint8_t *p;
    uint64_t i, full, nulls = 0, valid = 0;
    unsigned rem;
    if (!d) return 0;
    p = (const uint8_t *)d->data;
    if (c->mask) {
        uint64_t n = c->rows < d->space.npoints ? c->rows : d->space.npoints;   /* as h5l_column_is_null */
        if (!p) return (d->fill_value && d->fill_size && *(const uint8_t *)d->fill_value) ? n : 0;
        for (i = 0; i < n; i++) nulls += p[i] != 0;
        return nulls;
    }
    full = c->rows / 8;
    rem = (unsigned)(c->rows % 8);
    if (!p) {
        unsigned fv = (d->fill_value && d->fill_size) ? *(const uint8_t *)d->fill_value : 0u;
        valid = (uint64_t)h5l__tr_popcount8(fv) * full + h5l__tr_popcount8(fv & ((1u << rem) - 1u));
    } else {
        for (i = 0; i < full; i++) valid += h5l__tr_popcount8(p[i]);
        if (rem) valid += h5l__tr_popcount8(p[full] & ((1u << rem) - 1u));
    }
    return c->rows - valid;
}

static h5l_status h5l__tr_validity(h5l_table *t, const h5l_obj *g, const h5l__tr_members *m, h5l_column *c, h5l_error *err)
{
    h5l_obj *o;
    int has;
    has = m->state[H5L__TRM_MASK] != 0;
    if (has) {
        h5l_status st = h5l__tr_open_member(t, g, m, H5L__TRM_MASK, &o, err);
        if (st == H5L_OK) st = h5l__tr_check_ds(o, c->name, "mask", &c->mask, err);
        if (st != H5L_OK) return st;
        if (c->mask->type->size != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask elements are %llu bytes, not 1", c->name,
                             (unsigned long long)c->mask->type->size);
        if (c->mask->space.dims[0] != c->rows)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask has %llu rows, data %llu", c->name,
                             (unsigned long long)c->mask->space.dims[0], (unsigned long long)c->rows);
    }
    has = m->state[H5L__TRM_BITMAP] != 0;
    if (has) {
        uint64_t need = c->rows / 8 + (c->rows % 8 != 0);
        h5l_status st = h5l__tr_open_member(t, g, m, H5L__TRM_BITMAP, &o, err);
        if (st == H5L_OK) st = h5l__tr_check_ds(o, c->name, "null_bitmap", &c->null_bitmap, err);
        if (st != H5L_OK) return st;
        if (c->null_bitmap->type->size != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: null_bitmap elements are %llu bytes, not 1", c->name,
                             (unsigned long long)c->null_bitmap->type->size);
        if (c->null_bitmap->space.npoints < need)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: null_bitmap has %llu bytes, %llu rows need %llu",
                             c->name, (unsigned long long)c->null_bitmap->space.npoints, (unsigned long long)c->rows,
                             (unsigned long long)need);
    }
    c->null_count = h5l__tr_count_nulls(c);
    return H5L_OK;
}

/* Metadata attributes (from the column group in v2, the dataset in v1). */
static h5l_status h5l__tr_meta_from(h5l_table *t, const h5l_attrs *as, h5l_column *c, h5l_error *err)
{
    h5l_status st = h5l__tr_attr_str(t, as, "unit", &c->unit, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "ucd", &c->ucd, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "description", &c->description, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "alias", &c->alias, err);
    return st;
}

static h5l_status h5l__tr_meta(h5l_table *t, const h5l_obj *o, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    h5l_status st = h5l__tr_attrs(t, o, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_meta_from(t, as, c, err);
    return st;
}

/* `dtype` and `dlength` of a data dataset; sets the kind. */
static h5l_status h5l__tr_dtype(h5l_table *t, const h5l_obj *data, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    const h5l_attr *dl;
    h5l_status st = h5l__tr_attrs(t, data, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "dtype", &c->dtype_attr, err);
    if (st == H5L_OK && c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) {
        int64_t v = 0;
        dl = h5l_attrs_find(as, "dlength");
        if (!dl || !dl->data || dl->space.npoints < 1 || !h5l__tr_is_int(dl->type) || dl->data_size < dl->type->size ||
            h5l__tr_int_elem(dl->type, (const uint8_t *)dl->data, &v) != 0 || v <= 0)
            st = h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(data), "column %s: dtype utf32 without a positive integer dlength", c->name);
        else
            c->dlength = (uint64_t)v;
    }
    return st;
}

/* Load a version-2 column group g (not dictionary-encoded). */
static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, int *skip, h5l_error *err);

static h5l_status h5l__tr_col_dict(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, h5l_error *err)
{
    h5l_obj *ig, *dg;
    h5l_column *dict;
    h5l_column codes;
    h5l_status st;
    if (depth >= H5L__TR_MAX_DEPTH)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s: dictionaries nested too deeply", c->name);
    st = h5l__tr_open(t, g, "indices", &ig, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s has no indices", c->name);
    if (st != H5L_OK) return st;
    st = h5l__tr_open(t, g, "dictionary", &dg, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s has no dictionary", c->name);
    if (st != H5L_OK) return st;
    if (h5l_obj_get_kind(ig) != H5L_OBJ_GROUP || h5l_obj_get_kind(dg) != H5L_OBJ_GROUP)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s: indices and dictionary must be groups", c->name);
    memset(&codes, 0, sizeof codes);
    codes.name = c->name;
    st = h5l__tr_col_v2(t, ig, &codes, depth + 1, NULL, err);
    if (st != H5L_OK) return st;
    if (codes.kind != H5L_COL_PRIMITIVE || !h5l__tr_is_int(codes.data->type) || codes.data->space.rank != 1)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(ig), "dictionary column %s: codes are not 1-D integers", c->name);
    dict = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *dict);
    if (!dict) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    dict->name = c->name;
    st = h5l__tr_col_v2(t, dg, dict, depth + 1, NULL, err);
    if (st != H5L_OK) return st;
    if (dict->kind != H5L_COL_PRIMITIVE && dict->kind != H5L_COL_STRING)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(dg), "dictionary column %s: dictionary of an unsupported kind", c->name);
    c->kind = H5L_COL_DICT;
    c->rows = codes.rows;
    c->data = codes.data;
    c->mask = codes.mask;
    c->null_bitmap = codes.null_bitmap;
    c->null_count = codes.null_count;
    c->dtype_attr = codes.dtype_attr;
    c->dictionary = dict;
    return H5L_OK;
}

/* With skip (top-level column groups): a group whose `type` attribute is
 * neither absent nor "dictionary_encoded" is not a column: *skip = 1. */
static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, int *skip, h5l_error *err)
{
    h5l_obj *dobj, *iobj;
    const char *type = NULL;
    h5l_attrs *as = NULL;
    h5l__tr_members m;
    h5l_status st;

    st = h5l__tr_attrs(t, g, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "type", &type, err);
    if (st == H5L_OK && skip) *skip = type && strcmp(type, "dictionary_encoded") != 0;
    if (st == H5L_OK && !(skip && *skip)) st = h5l__tr_meta_from(t, as, c, err);
    if (st != H5L_OK || (skip && *skip)) return st;
    if (type && strcmp(type, "dictionary_encoded") == 0) return h5l__tr_col_dict(t, g, c, depth, err);
    if (type) return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(g), "column %s: column type \"%s\" is not supported", c->name, type);

    st = h5l__tr_members_get(g, &m, err);
    if (st != H5L_OK) return st;
    if (!m.state[H5L__TRM_DATA]) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s has no data dataset", c->name);
    st = h5l__tr_open_member(t, g, &m, H5L__TRM_DATA, &dobj, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s has no data dataset", c->name);
    if (st != H5L_OK) return st;
    st = h5l__tr_check_ds(dobj, c->name, "data", &c->data, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_dtype(t, dobj, c, err);
    if (st != H5L_OK) return st;
    if (c->dtype_attr && strcmp(c->dtype_attr, "str") == 0) {
        const h5l_dataset_info *ix;
        c->kind = H5L_COL_STRING;
        if (c->data->type->size != 1 || c->data->space.rank != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(dobj), "string column %s: data is not 1-D bytes", c->name);
        if (!m.state[H5L__TRM_INDICES]) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "string column %s has no indices", c->name);
        st = h5l__tr_open_member(t, g, &m, H5L__TRM_INDICES, &iobj, err);
        if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "string column %s has no indices", c->name);
        if (st != H5L_OK) return st;
        st = h5l__tr_check_ds(iobj, c->name, "indices", &ix, err);
        if (st != H5L_OK) return st;
        if (!h5l__tr_is_int(ix->type) || (ix->type->size != 4 && ix->type->size != 8) || ix->space.rank != 1 || ix->space.dims[0] < 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(iobj), "string column %s: indices must be 1-D int32/int64 with rows+1 entries", c->name);
        c->indices = ix;
        c->rows = ix->space.dims[0] - 1;
    } else if (c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) {
        c->kind = H5L_COL_STRING_UTF32;
        c->rows = c->data->space.dims[0];
    } else {
        c->kind = H5L_COL_PRIMITIVE;
        c->rows = c->data->space.dims[0];
    }
    return h5l__tr_validity(t, g, &m, c, err);
}

/* A version-1 column: the dataset itself. */
static h5l_status h5l__tr_col_v1(h5l_table *t, const h5l_obj *d, h5l_column *c, h5l_error *err)
{
    h5l_status st = h5l__tr_check_ds(d, c->name, "data", &c->data, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_meta(t, d, c, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_dtype(t, d, c, err);
    if (st != H5L_OK) return st;
    c->kind = (c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) ? H5L_COL_STRING_UTF32 : H5L_COL_PRIMITIVE;
    c->rows = c->data->space.dims[0];
    c->null_count = 0;
    return H5L_OK;
}

/* The name vaex gives a column, and column_order lists: the group's name
 * (an `alias` attribute is metadata: vaex maps it to that name). */
static const char *h5l__tr_vname(const h5l_column *c) { return c->name; }

/* ---- collecting the links of the columns group ---- */

#define H5L__TR_DROP_EVERY 512   /* links or columns between two h5l__drop_pages */

typedef struct h5l__tr_names {
    h5l_table *t;
    const char **names;
    unsigned char *hard;
    uint64_t *addr;                /* of hard links: opened by address, not looked up again by name */
    size_t n, cap, caph, capa;
    int oom;
} h5l__tr_names;

static int h5l__tr_name_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_names *nm = (h5l__tr_names *)ctx;
    char *s;
    if (h5l__grow(nm->t->a, (void **)&nm->names, &nm->cap, nm->n + 1, sizeof *nm->names) != 0 ||
        h5l__grow(nm->t->a, (void **)&nm->hard, &nm->caph, nm->n + 1, 1) != 0 ||
        h5l__grow(nm->t->a, (void **)&nm->addr, &nm->capa, nm->n + 1, sizeof *nm->addr) != 0 ||
        !(s = h5l__arena_strndup(&nm->t->ar, l->name, l->name_len))) {
        nm->oom = 1;
        return 1;
    }
    nm->names[nm->n] = s;
    nm->hard[nm->n] = l->type == H5L_LINK_HARD;
    nm->addr[nm->n] = l->addr;
    nm->n++;
    if (nm->n % H5L__TR_DROP_EVERY == 0) h5l__drop_pages(nm->t->f);   /* the group's nodes are all over the file */
    return 0;
}

void h5l_table_close(h5l_table *t)
{
    size_t i;
    const h5l_allocator *a;
    if (!t) return;
    a = t->a;
    h5l_obj_close(t->gscr);
    h5l_obj_close(t->dscr);
    h5l_attrs_close(t->ascr);
    for (i = t->nobjs; i > 0; i--) h5l_obj_close(t->objs[i - 1]);
    h5l__free(a, t->objs);
    h5l__free(a, t->cols);
    h5l__arena_free(&t->ar);
    h5l__free(a, t);
}

/* ---- column_order: match names through a hash table (linear time) ---- */

/* Move the columns named in `order` (comma-separated vaex names, each taken
 * once: the first not yet taken column of that name) to t->cols, in that
 * order; taken entries of loaded[] become NULL. Equal names are chained in
 * index order; a slot holds the first index of its name. */
static h5l_status h5l__tr_apply_order(h5l_table *t, const char *order, h5l_column **loaded, size_t nloaded, h5l_error *err)
{
    size_t cap = 16, mask, i, *slot, *nxt, *cur, *last, *lens;
    const char **names;
    const char *p = order;
    while (cap < nloaded * 2) {
        if (cap > SIZE_MAX / 8) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
        cap *= 2;
    }
    if (nloaded > SIZE_MAX / 8 / sizeof *slot || cap > SIZE_MAX / 8 / sizeof *slot)
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    slot = (size_t *)h5l__malloc(t->a, (cap + 4 * nloaded) * sizeof *slot);
    names = (const char **)h5l__malloc(t->a, (nloaded ? nloaded : 1) * sizeof *names);
    if (!slot || !names) {
        h5l__free(t->a, slot);
        h5l__free(t->a, (void *)names);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    }
    nxt = slot + cap;             /* next index with the same name, SIZE_MAX at the end */
    cur = nxt + nloaded;          /* at a name's first index: its first index not yet taken */
    last = cur + nloaded;         /* at a name's first index: its last index so far */
    lens = last + nloaded;
    mask = cap - 1;
    for (i = 0; i < cap; i++) slot[i] = SIZE_MAX;
    for (i = 0; i < nloaded; i++) {
        size_t h;
        names[i] = h5l__tr_vname(loaded[i]);
        lens[i] = strlen(names[i]);
        nxt[i] = SIZE_MAX;
        h = (size_t)h5l__lookup3(names[i], lens[i], 0) & mask;
        while (slot[h] != SIZE_MAX && !(lens[slot[h]] == lens[i] && memcmp(names[slot[h]], names[i], lens[i]) == 0)) h = (h + 1) & mask;
        if (slot[h] == SIZE_MAX) {
            slot[h] = i;
            cur[i] = last[i] = i;
        } else {
            nxt[last[slot[h]]] = i;
            last[slot[h]] = i;
        }
    }
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p), h = (size_t)h5l__lookup3(p, len, 0) & mask;
        while (slot[h] != SIZE_MAX && !(lens[slot[h]] == len && memcmp(names[slot[h]], p, len) == 0)) h = (h + 1) & mask;
        if (slot[h] != SIZE_MAX) {
            size_t first = slot[h], j = cur[first];
            if (j != SIZE_MAX) {
                cur[first] = nxt[j];
                t->cols[t->ncols++] = loaded[j];
                loaded[j] = NULL;
            }
        }
        if (!e) break;
        p = e + 1;
    }
    h5l__free(t->a, slot);
    h5l__free(t->a, (void *)names);
    return H5L_OK;
}

typedef struct h5l__tr_ord { uint64_t addr; size_t idx; } h5l__tr_ord;
static int h5l__tr_ord_cmp(const void *a, const void *b)
{
    const h5l__tr_ord *x = (const h5l__tr_ord *)a, *y = (const h5l__tr_ord *)b;
    if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}


/* Load every column of `cg` (version 2: groups; version 1: datasets). */
static h5l_status h5l__tr_load(h5l_table *t, const h5l_obj *cg, int v2, h5l_error *err)
{
    h5l__tr_names nm;
    h5l_attrs *as = NULL;
    const char *order = NULL;
    h5l_column **loaded = NULL;
    h5l__tr_ord *perm = NULL;
    size_t nloaded = 0, i, k;
    h5l_status st;

    memset(&nm, 0, sizeof nm);
    nm.t = t;
    st = h5l_group_iterate(cg, H5L_ITER_NAME, h5l__tr_name_cb, &nm, err);
    if (st == H5L_OK && nm.oom) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    if (st != H5L_OK) goto done;
    st = h5l__tr_attrs(t, cg, &as, err);
    if (st != H5L_OK) goto done;
    st = h5l__tr_attr_str(t, as, "column_order", &order, err);
    if (st != H5L_OK) goto done;

    if (nm.n) {
        if (nm.n <= SIZE_MAX / sizeof *loaded) loaded = (h5l_column **)h5l__calloc(t->a, nm.n * sizeof *loaded);
        if (!loaded) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
    }
    /* load in file order (hard links by address, then the others): headers
     * are read front to back, not all over the file in name order, so the
     * mapped pages can be given back every H5L__TR_DROP_EVERY columns;
     * loaded[] stays indexed by name */
    if (nm.n) {
        if (nm.n <= SIZE_MAX / sizeof *perm) perm = (h5l__tr_ord *)h5l__malloc(t->a, nm.n * sizeof *perm);
        if (!perm) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        for (i = 0; i < nm.n; i++) {
            perm[i].addr = nm.hard[i] ? nm.addr[i] : UINT64_MAX;
            perm[i].idx = i;
        }
        qsort(perm, nm.n, sizeof *perm, h5l__tr_ord_cmp);
    }
    for (k = 0; k < nm.n; k++) {
        h5l_obj *o;
        h5l_column *c;
        i = perm[k].idx;
        if (k % H5L__TR_DROP_EVERY == H5L__TR_DROP_EVERY - 1) h5l__drop_pages(t->f);
        /* v1: the dataset is the column and stays open (kept); v2: the
         * column group is only needed while its column is loaded */
        o = NULL;
        if (nm.hard[i] && !v2) {
            st = h5l__tr_load_addr(t, nm.addr[i], &o, err);
        } else if (nm.hard[i]) {
            if (!t->gscr && !(t->gscr = h5l__obj_new(t->f, nm.addr[i])))
                st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
            else
                st = h5l__obj_reload(t->gscr, nm.addr[i], err);
            if (st == H5L_OK) o = t->gscr;
        } else {
            st = v2 ? h5l_obj_open_rel(cg, nm.names[i], &o, err) : h5l__tr_open(t, cg, nm.names[i], &o, err);
        }
        if (st != H5L_OK && !nm.hard[i] && (st == H5L_ENOTFOUND || st == H5L_EUNSUPPORTED)) {
            h5l__clear(err);                    /* dangling soft link, external link: not a column */
            continue;
        }
        if (st != H5L_OK) goto done;
        if (!v2 && h5l_obj_get_kind(o) != H5L_OBJ_DATASET) continue;
        if (v2 && h5l_obj_get_kind(o) != H5L_OBJ_GROUP) { if (o != t->gscr) h5l_obj_close(o); continue; }   /* not a column (vaex would fail; h5py-side views skip) */
        c = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *c);
        if (!c) {
            if (v2 && o != t->gscr) h5l_obj_close(o);
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
            goto done;
        }
        c->name = nm.names[i];
        if (v2) {
            int skip = 0;
            st = h5l__tr_col_v2(t, o, c, 0, &skip, err);
            if (o != t->gscr) h5l_obj_close(o);
            if (st != H5L_OK) goto done;
            if (skip) continue;                   /* e.g. csr_matrix groups: not a column */
        } else {
            st = h5l__tr_col_v1(t, o, c, err);
            if (st != H5L_OK) goto done;
        }
        loaded[i] = c;
    }
    if (nm.n >= H5L__TR_DROP_EVERY) h5l__drop_pages(t->f);
    for (i = 0; i < nm.n; i++)
        if (loaded[i]) loaded[nloaded++] = loaded[i];
    if (nloaded) {
        t->cols = (h5l_column **)h5l__malloc(t->a, nloaded * sizeof *t->cols);
        if (!t->cols) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        t->capcols = nloaded;
    }
    /* column_order first (names that exist, once each), then the rest in name order */
    if (order && nloaded) {
        st = h5l__tr_apply_order(t, order, loaded, nloaded, err);
        if (st != H5L_OK) goto done;
    }
    for (i = 0; i < nloaded; i++)
        if (loaded[i]) t->cols[t->ncols++] = loaded[i];
    st = H5L_OK;
done:
    h5l__free(t->a, perm);
    h5l__free(t->a, loaded);
    h5l__free(t->a, (void *)nm.names);
    h5l__free(t->a, nm.hard);
    h5l__free(t->a, nm.addr);
    return st;
}

h5l_status h5l_table_open(h5l_file *f, const char *group, h5l_table **out, h5l_error *err)
{
    h5l_table *t;
    h5l_obj *g = NULL, *cg = NULL;
    h5l_status st;
    int v2 = 0;

    h5l_error local;
    if (!err) err = &local;   /* the fallbacks below inspect err->code */
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_open: out is NULL");
    *out = NULL;
    if (!f) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_open: file is NULL");
    t = (h5l_table *)h5l__calloc(&f->alloc, sizeof *t);
    if (!t) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    t->f = f;
    t->a = &f->alloc;
    h5l__arena_init(&t->ar, t->a);

    if (group) {
        st = h5l_obj_open(f, group, &g, err);
    } else {
        /* vaex's order: /table (with columns), /data, datasets in the root, /columns */
        static const char *const cands[] = {"/table", "/data", "/", "/columns"};
        unsigned k;
        st = H5L_ENOTFOUND;
        for (k = 0; k < 4 && st == H5L_ENOTFOUND; k++) {
            int ok = 0;
            st = h5l_obj_open(f, cands[k], &g, err);
            if (st != H5L_OK) continue;
            if (h5l_obj_get_kind(g) == H5L_OBJ_GROUP) {
                if (k == 0) ok = h5l__tr_has(g, "columns", err);
                else if (k == 2) ok = h5l__tr_has_dataset(g, err);
                else ok = 1;
            }
            if (ok < 0) { h5l_obj_close(g); g = NULL; st = err ? err->code : H5L_ECORRUPT; break; }
            if (!ok) { h5l_obj_close(g); g = NULL; st = H5L_ENOTFOUND; }
        }
        if (st == H5L_ENOTFOUND) {
            st = h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "no vaex table: no /table/columns, /data, datasets in the root or /columns");
            goto fail;
        }
    }
    if (st != H5L_OK) goto fail;
    st = h5l__tr_keep(t, g, err);
    if (st != H5L_OK) goto fail;
    if (h5l_obj_get_kind(g) != H5L_OBJ_GROUP) {
        st = h5l__fail(err, H5L_ENOTFOUND, h5l_obj_get_addr(g), "%s is not a group, so not a table", group ? group : "/table");
        goto fail;
    }
    {
        int has = h5l__tr_has(g, "columns", err);
        if (has < 0) { st = err ? err->code : H5L_ECORRUPT; goto fail; }
        if (has) {
            st = h5l__tr_open(t, g, "columns", &cg, err);
            if (st != H5L_OK) goto fail;
            v2 = h5l_obj_get_kind(cg) == H5L_OBJ_GROUP;
        }
    }
    st = h5l__tr_load(t, v2 ? cg : g, v2, err);
    if (st != H5L_OK) goto fail;
    *out = t;
    return H5L_OK;
fail:
    h5l_table_close(t);
    return st;
}

size_t h5l_table_ncolumns(const h5l_table *t) { return t ? t->ncols : 0; }

const h5l_column *h5l_table_column(const h5l_table *t, size_t i)
{
    return (t && i < t->ncols) ? t->cols[i] : NULL;
}

const h5l_column *h5l_table_find(const h5l_table *t, const char *name)
{
    size_t i;
    if (!t || !name) return NULL;
    for (i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i]->name, name) == 0) return t->cols[i];
    for (i = 0; i < t->ncols; i++)
        if (t->cols[i]->alias && strcmp(t->cols[i]->alias, name) == 0) return t->cols[i];
    return NULL;
}

uint64_t h5l_table_rows(const h5l_table *t)
{
    return (t && t->ncols) ? t->cols[0]->rows : 0;
}

int h5l_column_is_null(const h5l_column *c, uint64_t row)
{
    if (!c || row >= c->rows) return 0;
    if (c->mask) return row < c->mask->space.npoints && h5l__tr_byte(c->mask, row) != 0;   /* mask wins, as in vaex */
    if (c->null_bitmap && row / 8 < c->null_bitmap->space.npoints &&
        !((h5l__tr_byte(c->null_bitmap, row / 8) >> (row % 8)) & 1u))
        return 1;
    return 0;
}

h5l_status h5l_column_string(const h5l_column *c, uint64_t row, const char **s, size_t *len, h5l_error *err)
{
    int64_t a, b;
    uint64_t nbytes;
    h5l__clear(err);
    if (!c || !s || !len) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_column_string: NULL argument");
    *s = NULL;
    *len = 0;
    if (row >= c->rows)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "column %s: row %llu out of range (%llu rows)", c->name,
                         (unsigned long long)row, (unsigned long long)c->rows);
    if (c->kind == H5L_COL_DICT) {
        int64_t code;
        if (!c->dictionary || c->dictionary->kind != H5L_COL_STRING)
            return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s: dictionary values are not strings", c->name);
        if (h5l__tr_int_at(c->data, row, &code) != 0)
            return h5l__fail(err, H5L_ECORRUPT, c->data->offset, "column %s: codes are not integers", c->name);
        if (code < 0 || (uint64_t)code >= c->dictionary->rows)
            return h5l__fail(err, H5L_ECORRUPT, c->data->offset, "column %s: row %llu has code %lld outside the dictionary (%llu values)",
                             c->name, (unsigned long long)row, (long long)code, (unsigned long long)c->dictionary->rows);
        return h5l_column_string(c->dictionary, (uint64_t)code, s, len, err);
    }
    if (c->kind != H5L_COL_STRING || !c->indices)
        return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s is not a string column", c->name);
    if (h5l__tr_int_at(c->indices, row, &a) != 0 || h5l__tr_int_at(c->indices, row + 1, &b) != 0)
        return h5l__fail(err, H5L_ECORRUPT, c->indices->offset, "column %s: indices are not integers", c->name);
    nbytes = c->data->space.npoints;
    if (a < 0 || b < a || (uint64_t)b > nbytes)
        return h5l__fail(err, H5L_ECORRUPT, c->indices->offset, "column %s: row %llu has offsets [%lld, %lld) outside the %llu string bytes",
                         c->name, (unsigned long long)row, (long long)a, (long long)b, (unsigned long long)nbytes);
    if (!c->data->data) {
        /* never allocated: fill bytes; only empty strings can be returned as pointers */
        if (b != a)
            return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "column %s: string bytes never written", c->name);
        *s = "";
        return H5L_OK;
    }
    *s = (const char *)c->data->data + a;
    *len = (size_t)(b - a);
    return H5L_OK;
}
