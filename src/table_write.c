/* ======================================================================
 * SECTION 6 — Writing tables (vaex layout)
 *
 * What vaex 4.x's hdf5 writer (vaex/hdf5/writer.py) creates:
 *   <group>                       attr type = "table"
 *   <group>/columns               attr column_order = "a,b,c"
 *   <group>/columns/<name>        one group per column; metadata attributes
 *                                 alias, ucd, unit, description on this group
 *     primitive: data (rows first), optional mask (bool) or null_bitmap (u8)
 *                datetime/timedelta: int64 data with attr dtype
 *     string:    data (S1, attr dtype = "str"), indices (rows+1, i4 or i8),
 *                optional null_bitmap
 *     dictionary: attr type = "dictionary_encoded", indices/data (codes),
 *                dictionary/ (a primitive or string column)
 * All string attributes are scalar vlen UTF-8, as h5py writes a Python str.
 * ====================================================================== */

typedef struct h5l__wtable {
    struct h5l__wtable *next;
    h5l__wnode *group, *columns;
    h5l__wattr *order_attr;     /* column_order; its string points at `order` */
    char *order;                /* allocator-owned, NUL-terminated */
    size_t len, cap;
} h5l__wtable;

static void h5l__wtables_free(h5l_writer *w)
{
    h5l__wtable *t;
    for (t = w->tables; t; t = t->next) {
        h5l__free(&w->alloc, t->order);
        t->order = NULL;
    }
    w->tables = NULL;
}

static h5l__wtable *h5l__wt_find(h5l_writer *w, const h5l__wnode *g)
{
    h5l__wtable *t;
    for (t = w->tables; t; t = t->next)
        if (t->group == g) return t;
    return NULL;
}

static h5l_status h5l__wt_attr_str(h5l_writer *w, h5l__wnode *o, const char *name, const char *value,
                                   h5l__wattr **out, h5l_error *err)
{
    const char *one[1];
    one[0] = value;
    return h5l__w_attr_add(w, o, name, H5L__W_VLEN_T, 0, 1, NULL, one, out, err);
}

h5l_status h5l_table_create(h5l_writer *w, const char *group, h5l_error *err)
{
    h5l__wnode *g, *cols;
    h5l__wtable *t;
    h5l_status st;
    char where[200];
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_table_create", err)) != H5L_OK) return st;
    if (!group) group = "/table";
    st = h5l__w_walk(w, group, 0, 0, &g, NULL, NULL, err);
    if (st == H5L_OK) {
        if (!g->is_group || h5l__wt_find(w, g)) {
            h5l__w_path(g, where, sizeof where);
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: %s", where,
                             g->is_group ? "a table already exists there" : "a dataset has that name");
        }
    } else if (st != H5L_ENOTFOUND) {
        return st;
    }
    st = h5l__w_walk(w, group, 1, 0, &g, NULL, NULL, err);
    if (st != H5L_OK) return st;
    cols = h5l__w_lookup(w, g, "columns", 7);
    if (cols && !cols->is_group) {
        h5l__w_path(cols, where, sizeof where);
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: a dataset has that name", where);
    }
    t = (h5l__wtable *)h5l__arena_alloc(&w->ar, sizeof *t);
    if (!t) return h5l__w_nomem(err, group);
    if (!cols && (st = h5l__w_new_child(w, g, "columns", 7, 1, &cols, err)) != H5L_OK) return st;
    if ((st = h5l__wt_attr_str(w, g, "type", "table", NULL, err)) != H5L_OK) return st;
    if ((st = h5l__wt_attr_str(w, cols, "column_order", "", &t->order_attr, err)) != H5L_OK) return st;
    t->group = g;
    t->columns = cols;
    t->next = w->tables;
    w->tables = t;
    return H5L_OK;
}

static int h5l__wt_is_int(h5l_type_code t)
{
    unsigned b = H5L_T_BASE(t);
    return h5l_type_code_size(t) && b >= H5L_T_I8 && b <= H5L_T_U64;
}

/* Check a PRIMITIVE or STRING spec (the values of a dictionary too). */
static h5l_status h5l__wt_check_plain(const h5l_column_spec *s, const char *where, h5l_error *err)
{
    if (s->kind == H5L_COL_PRIMITIVE) {
        unsigned i;
        if (!h5l_type_code_size(s->type))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid type code 0x%llx", where, (unsigned long long)s->type);
        if (s->inner_rank > H5L_MAX_RANK - 1)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: inner rank %u > %d", where, s->inner_rank, H5L_MAX_RANK - 1);
        if (s->inner_rank && !s->inner_dims)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: inner_dims is NULL", where);
        if (s->validity != H5L_VALID_NONE && s->validity != H5L_VALID_MASK && s->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid validity kind %d", where, (int)s->validity);
        if (s->dtype_attr && H5L_T_BASE(s->type) != H5L_T_I64)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a dtype attribute (%s) needs an int64 column", where, s->dtype_attr);
        {
            uint64_t nel = s->rows, total;
            for (i = 0; i < s->inner_rank; i++)
                if (h5l__mul_ovf(nel, s->inner_dims[i], &nel))
                    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many elements", where);
            if (h5l__mul_ovf(nel, h5l_type_code_size(s->type), &total) || total > (uint64_t)INT64_MAX)
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many elements", where);
        }
        return H5L_OK;
    }
    if (s->kind == H5L_COL_STRING) {
        if (s->validity != H5L_VALID_NONE && s->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a string column takes no validity or a null_bitmap", where);
        if (s->rows >= (uint64_t)INT64_MAX / 8 || s->str_bytes > (uint64_t)INT64_MAX)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many rows or bytes", where);
        return H5L_OK;
    }
    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid column kind %d", where, (int)s->kind);
}

/* Create the datasets of a PRIMITIVE or STRING column in group c. */
static h5l_status h5l__wt_fill(h5l_writer *w, h5l__wnode *c, const h5l_column_spec *s, h5l_dset *data,
                               h5l_dset *indices, h5l_dset *bitmap, h5l_dset *mask, h5l_error *err)
{
    h5l_status st;
    uint64_t dims[H5L_MAX_RANK], nb = s->rows / 8 + (s->rows % 8 ? 1 : 0);
    h5l__wnode *dn;
    if (s->kind == H5L_COL_STRING) {
        uint64_t n1 = s->rows + 1;
        h5l_type_code it = s->str_bytes > 2147483647u ? H5L_T_I64 : H5L_T_I32;
        dims[0] = s->str_bytes;
        if ((st = h5l__w_dataset_in(w, c, "data", 4, H5L_T_STR(1), 1, dims, data, err)) != H5L_OK) return st;
        dn = c->last;
        if ((st = h5l__wt_attr_str(w, dn, "dtype", "str", NULL, err)) != H5L_OK) return st;
        if ((st = h5l__w_dataset_in(w, c, "indices", 7, it, 1, &n1, indices, err)) != H5L_OK) return st;
    } else {
        unsigned i;
        dims[0] = s->rows;
        for (i = 0; i < s->inner_rank; i++) dims[1 + i] = s->inner_dims[i];
        if ((st = h5l__w_dataset_in(w, c, "data", 4, s->type, 1 + s->inner_rank, dims, data, err)) != H5L_OK) return st;
        dn = c->last;
        if (s->dtype_attr && (st = h5l__wt_attr_str(w, dn, "dtype", s->dtype_attr, NULL, err)) != H5L_OK) return st;
        if (s->validity == H5L_VALID_MASK &&
            (st = h5l__w_dataset_in(w, c, "mask", 4, H5L_T_BOOL, 1 + s->inner_rank, dims, mask, err)) != H5L_OK)
            return st;
    }
    if (s->validity == H5L_VALID_BITMAP &&
        (st = h5l__w_dataset_in(w, c, "null_bitmap", 11, H5L_T_U8, 1, &nb, bitmap, err)) != H5L_OK)
        return st;
    return H5L_OK;
}

h5l_status h5l_table_add_column(h5l_writer *w, const char *group, const h5l_column_spec *spec,
                                h5l_column_dsets *out, h5l_error *err)
{
    h5l__wnode *g, *c;
    h5l__wtable *t;
    h5l_status st;
    h5l_column_dsets ds;
    char where[240];
    size_t nl;
    h5l__clear(err);
    ds.data = ds.indices = ds.null_bitmap = ds.mask = H5L_NO_DSET;
    ds.dict_data = ds.dict_indices = ds.dict_null_bitmap = ds.dict_mask = H5L_NO_DSET;
    if (out) *out = ds;
    if ((st = h5l__w_check_open(w, "h5l_table_add_column", err)) != H5L_OK) return st;
    if (!spec) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_add_column: spec is NULL");
    if (!group) group = "/table";
    st = h5l__w_walk(w, group, 0, 0, &g, NULL, NULL, err);
    if (st == H5L_ENOTFOUND || (st == H5L_OK && !(t = h5l__wt_find(w, g))))
        return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: no table (call h5l_table_create first)", group);
    if (st != H5L_OK) return st;

    /* validate everything before creating anything */
    if (!spec->name || !*spec->name)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: empty column name", group);
    nl = strlen(spec->name);
    h5l__w_path(t->columns, where, sizeof where - 1);
    {   /* append "/<name>", truncated to fit (no snprintf: this runs once per column) */
        size_t wl = strlen(where), k = nl < sizeof where - 1 - wl - 1 ? nl : sizeof where - 1 - wl - 1;
        where[wl] = '/';
        memcpy(where + wl + 1, spec->name, k);
        where[wl + 1 + k] = 0;
    }
    if (strchr(spec->name, '/') || strchr(spec->name, ',') || h5l__w_bad_component(spec->name, nl))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid column name (no '/' or ',' allowed)", where);
    if (h5l__w_lookup(w, t->columns, spec->name, nl))
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: column already exists", where);
    if (spec->kind == H5L_COL_DICT) {
        const h5l_column_spec *v = spec->dictionary;
        if (!h5l__wt_is_int(spec->type))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dictionary codes need an integer type", where);
        if (spec->validity != H5L_VALID_NONE && spec->validity != H5L_VALID_MASK && spec->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid validity kind %d", where, (int)spec->validity);
        if (!v) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dictionary spec is NULL", where);
        if (v->kind == H5L_COL_DICT)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the dictionary must be a primitive or string column", where);
        if ((st = h5l__wt_check_plain(v, where, err)) != H5L_OK) return st;
        {
            h5l_column_spec codes = *spec;
            codes.kind = H5L_COL_PRIMITIVE;
            codes.inner_rank = 0;
            codes.dtype_attr = NULL;
            if ((st = h5l__wt_check_plain(&codes, where, err)) != H5L_OK) return st;
        }
    } else if ((st = h5l__wt_check_plain(spec, where, err)) != H5L_OK) {
        return st;
    }

    /* the column_order string grows first: nothing to undo if it fails */
    {
        size_t need = t->len + (t->len ? 1 : 0) + nl + 1;
        if (need < nl || h5l__grow(&w->alloc, (void **)&t->order, &t->cap, need, 1) != 0)
            return h5l__w_nomem(err, where);
    }

    if ((st = h5l__w_new_child(w, t->columns, spec->name, nl, 1, &c, err)) != H5L_OK) return st;
    if (spec->kind == H5L_COL_DICT) {
        h5l__wnode *ig, *dg;
        h5l_column_spec codes = *spec;
        codes.kind = H5L_COL_PRIMITIVE;
        codes.inner_rank = 0;
        codes.inner_dims = NULL;
        codes.dtype_attr = NULL;
        if ((st = h5l__wt_attr_str(w, c, "type", "dictionary_encoded", NULL, err)) != H5L_OK) return st;
        if ((st = h5l__w_new_child(w, c, "indices", 7, 1, &ig, err)) != H5L_OK) return st;
        if ((st = h5l__wt_fill(w, ig, &codes, &ds.data, &ds.indices, &ds.null_bitmap, &ds.mask, err)) != H5L_OK) return st;
        if ((st = h5l__w_new_child(w, c, "dictionary", 10, 1, &dg, err)) != H5L_OK) return st;
        if ((st = h5l__wt_fill(w, dg, spec->dictionary, &ds.dict_data, &ds.dict_indices, &ds.dict_null_bitmap,
                               &ds.dict_mask, err)) != H5L_OK)
            return st;
    } else if ((st = h5l__wt_fill(w, c, spec, &ds.data, &ds.indices, &ds.null_bitmap, &ds.mask, err)) != H5L_OK) {
        return st;
    }
    /* metadata on the column group, in the order vaex writes it */
    if (spec->alias && (st = h5l__wt_attr_str(w, c, "alias", spec->alias, NULL, err)) != H5L_OK) return st;
    if (spec->ucd && (st = h5l__wt_attr_str(w, c, "ucd", spec->ucd, NULL, err)) != H5L_OK) return st;
    if (spec->unit && (st = h5l__wt_attr_str(w, c, "unit", spec->unit, NULL, err)) != H5L_OK) return st;
    if (spec->description && (st = h5l__wt_attr_str(w, c, "description", spec->description, NULL, err)) != H5L_OK)
        return st;

    if (t->len) t->order[t->len++] = ',';
    memcpy(t->order + t->len, spec->name, nl);
    t->len += nl;
    t->order[t->len] = 0;
    t->order_attr->strs[0] = t->order;
    t->order_attr->lens[0] = t->len;
    if (out) *out = ds;
    return H5L_OK;
}
