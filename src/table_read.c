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
 * Built on the public reading API only; the h5l_obj handles of every
 * dataset a column uses stay open until h5l_table_close (their
 * h5l_dataset_info is what the columns point to).
 * ====================================================================== */

struct h5l_table {
    h5l_file *f;
    const h5l_allocator *a;
    h5l__arena ar;               /* names, metadata strings, h5l_column structs */
    h5l_obj **objs;              /* every object kept open */
    size_t nobjs, capobjs;
    h5l_column **cols;           /* in final order */
    size_t ncols, capcols;
};

#define H5L__TR_MAX_DEPTH 4      /* dictionary nesting */

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
static h5l_status h5l__tr_validity(h5l_table *t, const h5l_obj *g, h5l_column *c, h5l_error *err)
{
    h5l_obj *o;
    int has;
    uint64_t i, nulls = 0;
    has = h5l__tr_has(g, "mask", err);
    if (has < 0) return err ? err->code : H5L_ECORRUPT;
    if (has) {
        h5l_status st = h5l__tr_open(t, g, "mask", &o, err);
        if (st == H5L_OK) st = h5l__tr_check_ds(o, c->name, "mask", &c->mask, err);
        if (st != H5L_OK) return st;
        if (c->mask->type->size != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask elements are %llu bytes, not 1", c->name,
                             (unsigned long long)c->mask->type->size);
        if (c->mask->space.dims[0] != c->rows)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask has %llu rows, data %llu", c->name,
                             (unsigned long long)c->mask->space.dims[0], (unsigned long long)c->rows);
    }
    has = h5l__tr_has(g, "null_bitmap", err);
    if (has < 0) return err ? err->code : H5L_ECORRUPT;
    if (has) {
        uint64_t need = c->rows / 8 + (c->rows % 8 != 0);
        h5l_status st = h5l__tr_open(t, g, "null_bitmap", &o, err);
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
    for (i = 0; i < c->rows; i++) nulls += (uint64_t)h5l_column_is_null(c, i);
    c->null_count = nulls;
    return H5L_OK;
}

/* Metadata attributes (from the column group in v2, the dataset in v1). */
static h5l_status h5l__tr_meta(h5l_table *t, const h5l_obj *o, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    h5l_status st = h5l_attrs_open(o, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "unit", &c->unit, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "ucd", &c->ucd, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "description", &c->description, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "alias", &c->alias, err);
    h5l_attrs_close(as);
    return st;
}

/* `dtype` and `dlength` of a data dataset; sets the kind. */
static h5l_status h5l__tr_dtype(h5l_table *t, const h5l_obj *data, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    const h5l_attr *dl;
    h5l_status st = h5l_attrs_open(data, &as, err);
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
    h5l_attrs_close(as);
    return st;
}

/* Load a version-2 column group g (not dictionary-encoded). */
static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, h5l_error *err);

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
    st = h5l__tr_col_v2(t, ig, &codes, depth + 1, err);
    if (st != H5L_OK) return st;
    if (codes.kind != H5L_COL_PRIMITIVE || !h5l__tr_is_int(codes.data->type) || codes.data->space.rank != 1)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(ig), "dictionary column %s: codes are not 1-D integers", c->name);
    dict = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *dict);
    if (!dict) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    dict->name = c->name;
    st = h5l__tr_col_v2(t, dg, dict, depth + 1, err);
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

static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, h5l_error *err)
{
    h5l_obj *dobj, *iobj;
    const char *type = NULL;
    h5l_attrs *as = NULL;
    h5l_status st;

    st = h5l_attrs_open(g, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "type", &type, err);
    h5l_attrs_close(as);
    if (st != H5L_OK) return st;
    st = h5l__tr_meta(t, g, c, err);
    if (st != H5L_OK) return st;
    if (type && strcmp(type, "dictionary_encoded") == 0) return h5l__tr_col_dict(t, g, c, depth, err);
    if (type) return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(g), "column %s: column type \"%s\" is not supported", c->name, type);

    st = h5l__tr_open(t, g, "data", &dobj, err);
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
        st = h5l__tr_open(t, g, "indices", &iobj, err);
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
    return h5l__tr_validity(t, g, c, err);
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

/* 1 when column group g has no `type` attribute or type "dictionary_encoded". */
static h5l_status h5l__tr_known_type(h5l_table *t, const h5l_obj *g, int *known, h5l_error *err)
{
    h5l_attrs *as = NULL;
    const char *type = NULL;
    h5l_status st = h5l_attrs_open(g, &as, err);
    *known = 0;
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "type", &type, err);
    h5l_attrs_close(as);
    if (st == H5L_OK) *known = !type || strcmp(type, "dictionary_encoded") == 0;
    return st;
}

/* The name vaex gives a column: its alias when it has one. */
static const char *h5l__tr_vname(const h5l_column *c) { return c->alias ? c->alias : c->name; }

/* ---- collecting the links of the columns group ---- */

typedef struct h5l__tr_names {
    h5l_table *t;
    const char **names;
    unsigned char *hard;
    size_t n, cap, caph;
    int oom;
} h5l__tr_names;

static int h5l__tr_name_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_names *nm = (h5l__tr_names *)ctx;
    char *s;
    if (h5l__grow(nm->t->a, (void **)&nm->names, &nm->cap, nm->n + 1, sizeof *nm->names) != 0 ||
        h5l__grow(nm->t->a, (void **)&nm->hard, &nm->caph, nm->n + 1, 1) != 0 ||
        !(s = h5l__arena_strndup(&nm->t->ar, l->name, l->name_len))) {
        nm->oom = 1;
        return 1;
    }
    nm->names[nm->n] = s;
    nm->hard[nm->n] = l->type == H5L_LINK_HARD;
    nm->n++;
    return 0;
}

void h5l_table_close(h5l_table *t)
{
    size_t i;
    const h5l_allocator *a;
    if (!t) return;
    a = t->a;
    for (i = t->nobjs; i > 0; i--) h5l_obj_close(t->objs[i - 1]);
    h5l__free(a, t->objs);
    h5l__free(a, t->cols);
    h5l__arena_free(&t->ar);
    h5l__free(a, t);
}

/* Load every column of `cg` (version 2: groups; version 1: datasets). */
static h5l_status h5l__tr_load(h5l_table *t, const h5l_obj *cg, int v2, h5l_error *err)
{
    h5l__tr_names nm;
    h5l_attrs *as = NULL;
    const char *order = NULL;
    h5l_column **loaded = NULL;
    size_t nloaded = 0, i;
    h5l_status st;

    memset(&nm, 0, sizeof nm);
    nm.t = t;
    st = h5l_group_iterate(cg, H5L_ITER_NAME, h5l__tr_name_cb, &nm, err);
    if (st == H5L_OK && nm.oom) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    if (st != H5L_OK) goto done;
    st = h5l_attrs_open(cg, &as, err);
    if (st != H5L_OK) goto done;
    st = h5l__tr_attr_str(t, as, "column_order", &order, err);
    h5l_attrs_close(as);
    if (st != H5L_OK) goto done;

    if (nm.n) {
        if (nm.n <= SIZE_MAX / sizeof *loaded) loaded = (h5l_column **)h5l__calloc(t->a, nm.n * sizeof *loaded);
        if (!loaded) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
    }
    for (i = 0; i < nm.n; i++) {
        h5l_obj *o;
        h5l_column *c;
        st = h5l__tr_open(t, cg, nm.names[i], &o, err);
        if (st != H5L_OK && !nm.hard[i] && (st == H5L_ENOTFOUND || st == H5L_EUNSUPPORTED)) {
            h5l__clear(err);                    /* dangling soft link, external link: not a column */
            continue;
        }
        if (st != H5L_OK) goto done;
        if (!v2 && h5l_obj_get_kind(o) != H5L_OBJ_DATASET) continue;
        if (v2 && h5l_obj_get_kind(o) != H5L_OBJ_GROUP) continue;   /* not a column (vaex would fail; h5py-side views skip) */
        c = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *c);
        if (!c) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        c->name = nm.names[i];
        if (v2) {
            int known = 0;
            st = h5l__tr_known_type(t, o, &known, err);
            if (st != H5L_OK) goto done;
            if (!known) continue;                 /* e.g. csr_matrix groups: not a column */
        }
        st = v2 ? h5l__tr_col_v2(t, o, c, 0, err) : h5l__tr_col_v1(t, o, c, err);
        if (st != H5L_OK) goto done;
        loaded[nloaded++] = c;
    }
    if (nloaded) {
        t->cols = (h5l_column **)h5l__malloc(t->a, nloaded * sizeof *t->cols);
        if (!t->cols) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        t->capcols = nloaded;
    }
    /* column_order first (names that exist, once each), then the rest in name order */
    if (order) {
        const char *p = order;
        for (;;) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            for (i = 0; i < nloaded; i++)
                if (loaded[i] && strlen(h5l__tr_vname(loaded[i])) == len && memcmp(h5l__tr_vname(loaded[i]), p, len) == 0) {
                    t->cols[t->ncols++] = loaded[i];
                    loaded[i] = NULL;
                    break;
                }
            if (!e) break;
            p = e + 1;
        }
    }
    for (i = 0; i < nloaded; i++)
        if (loaded[i]) t->cols[t->ncols++] = loaded[i];
    st = H5L_OK;
done:
    h5l__free(t->a, loaded);
    h5l__free(t->a, (void *)nm.names);
    h5l__free(t->a, nm.hard);
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
