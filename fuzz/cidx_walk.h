/* cidx_walk.h — for fuzz_cidx: build the h5l__cidx of a dataset from its
 * layout message and walk every chunked dataset of a file. Include after
 * hdf5lite.c. */
#ifndef CIDX_WALK_H
#define CIDX_WALK_H

typedef struct dump_ds {
    h5l_file *f;
    h5l_obj *o;
    h5l__layout lay;
    h5l__cidx ix;
} dump_ds;

static h5l_status dump_setup(h5l_file *f, h5l_obj *o, dump_ds *d, h5l_error *err)
{
    const h5l_dataset_info *di = h5l_obj_dataset(o);
    size_t i;
    memset(d, 0, sizeof *d);
    d->f = f;
    d->o = o;
    if (!di) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "not a dataset");
    if (di->layout != H5L_LAYOUT_CHUNKED) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "not chunked");
    for (i = 0; i < o->oh.n; i++) {
        const h5l__msg *m = &o->oh.msgs[i];
        if (m->type == H5L__M_LAYOUT) {
            const uint8_t *p;
            size_t len;
            uint64_t off;
            h5l_status st = h5l__msg_body(f, m, &p, &len, &off, err);
            if (st == H5L_OK) st = h5l__layout_decode(p, len, off, f->so, f->sl, &d->lay, err);
            if (st != H5L_OK) return st;
            break;
        }
    }
    d->ix.f = f;
    d->ix.lay = &d->lay;
    d->ix.rank = di->space.rank;
    d->ix.dims = di->space.dims;
    d->ix.maxdims = di->space.maxdims;
    d->ix.elem_size = di->type ? di->type->size : 0;
    d->ix.filtered = di->nfilters > 0;
    d->ix.hdr_off = h5l__abs(f, o->addr);
    return H5L_OK;
}

static void print_chunk(const dump_ds *d, const h5l__dchunk *c)
{
    unsigned k;
    for (k = 0; k < d->ix.rank; k++) printf("%s%llu", k ? "," : "", (unsigned long long)c->coord[k]);
    printf(" %llu %llu %lu %u\n", (unsigned long long)h5l__abs(d->f, c->addr), (unsigned long long)c->size, (unsigned long)c->mask,
           c->flags);
}

typedef struct walk_ctx {
    dump_ds *d;
    h5l__cx cx;
    unsigned long long n;
    int bad;
    int quiet;
} walk_ctx;

static h5l_status walk_cb(void *ctx, const h5l__dchunk *c, int *stop, h5l_error *err)
{
    walk_ctx *w = (walk_ctx *)ctx;
    h5l__dchunk g;
    int found = 0;
    h5l_status st;
    (void)stop;
    w->n++;
    if (!h5l__at(w->d->f, c->addr, c->size) || c->size == 0) { /* the section's contract */
        fprintf(stderr, "cidx: chunk %llu+%llu outside the file\n", (unsigned long long)c->addr, (unsigned long long)c->size);
        abort();
    }
    if (!w->quiet) print_chunk(w->d, c);
    st = h5l__cx_find(&w->cx, c->coord, &g, &found, err);
    if (st != H5L_OK) return st;
    if (!found || g.addr != c->addr || g.size != c->size || g.mask != c->mask || g.flags != c->flags ||
        memcmp(g.coord, c->coord, sizeof g.coord) != 0) {
        if (!w->quiet) printf("MISMATCH find: found=%d addr %llu\n", found, (unsigned long long)g.addr);
        w->bad = 1;
    }
    return H5L_OK;
}

static unsigned long long g_walk_hist[16]; /* walks by final status (tools print it) */

static int do_walk(dump_ds *d, int quiet, h5l_error *err)
{
    walk_ctx w;
    h5l_status st;
    memset(&w, 0, sizeof w);
    w.d = d;
    w.quiet = quiet;
    st = h5l__cx_open(&w.cx, &d->ix, err);
    if (st == H5L_OK) st = h5l__chunks_iterate(&d->ix, walk_cb, &w, err);
    g_walk_hist[(unsigned)st < 16 ? (unsigned)st : 15]++;
    if (st != H5L_OK) {
        if (!quiet) printf("ERROR %s: %s\n", h5l_status_name(st), err->msg);
        return 2;
    }
    if (!quiet) printf("# %llu chunks%s\n", w.n, w.bad ? " MISMATCH" : "");
    return w.bad;
}

/* -all: every chunked dataset under a group, recursively (bounded). */
typedef struct all_ctx {
    h5l_file *f;
    const h5l_obj *g;
    int depth;
    unsigned long long nds;
} all_ctx;

static int all_visit(h5l_file *f, const h5l_obj *g, int depth, unsigned long long *nds);

static int all_link(void *ctx, const h5l_link *l)
{
    all_ctx *a = (all_ctx *)ctx;
    h5l_obj *o = NULL;
    h5l_error err;
    if (l->type != H5L_LINK_HARD || a->nds > 10000) return 0;
    if (h5l_obj_open_rel(a->g, l->name, &o, &err) != H5L_OK) return 0;
    if (h5l_obj_get_kind(o) == H5L_OBJ_DATASET) {
        dump_ds d;
        a->nds++;
        if (dump_setup(a->f, o, &d, &err) == H5L_OK) {
            (void)do_walk(&d, 1, &err);
            /* a few lookups of coordinates that may not exist */
            {
                h5l__dchunk c;
                uint64_t co[H5L_MAX_RANK];
                int found;
                unsigned k;
                for (k = 0; k < H5L_MAX_RANK; k++) co[k] = 0;
                (void)h5l__chunk_find(&d.ix, co, &c, &found, &err);
                for (k = 0; k < d.ix.rank && k < H5L_MAX_RANK; k++) co[k] = d.lay.cdims[k] * 3;
                (void)h5l__chunk_find(&d.ix, co, &c, &found, &err);
            }
        }
    } else if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP && a->depth < 4) {
        (void)all_visit(a->f, o, a->depth + 1, &a->nds);
    }
    h5l_obj_close(o);
    return 0;
}

static int all_visit(h5l_file *f, const h5l_obj *g, int depth, unsigned long long *nds)
{
    all_ctx a;
    h5l_error err;
    a.f = f;
    a.g = g;
    a.depth = depth;
    a.nds = *nds;
    (void)h5l_group_iterate(g, H5L_ITER_NATIVE, all_link, &a, &err);
    *nds = a.nds;
    return 0;
}


#endif
