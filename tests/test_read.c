/* Reader test: walks files made by tests/gen_read_fixtures.py through the
 * public API and compares every fact with what h5py read (the .expect files),
 * then checks error codes on bad input and walks mutated files.
 *
 * Usage: test_read LIST.txt        (LIST: one .expect path per line)
 */
#include "hdf5lite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0, checks = 0;

#define FAIL(...) do { failures++; fprintf(stderr, "FAIL %s: ", cur_file); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } while (0)

static const char *cur_file = "";

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decode hex ("." = empty) into a malloc'd buffer; *n = bytes. */
static unsigned char *unhex(const char *s, size_t *n)
{
    size_t l = strlen(s), i;
    unsigned char *b;
    if (strcmp(s, ".") == 0) l = 0;
    b = (unsigned char *)malloc(l / 2 + 1);
    if (!b) { perror("malloc"); exit(2); }
    for (i = 0; i + 1 < l + 1 && i / 2 < l / 2; i += 2) b[i / 2] = (unsigned char)(hexval(s[i]) * 16 + hexval(s[i + 1]));
    *n = l / 2;
    b[*n] = 0;
    return b;
}

static char *read_file(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *b;
    long len;
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    b = (char *)malloc((size_t)len + 1);
    if (!b || fread(b, 1, (size_t)len, fp) != (size_t)len) { fclose(fp); free(b); return NULL; }
    fclose(fp);
    b[len] = 0;
    *n = (size_t)len;
    return b;
}

static int split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        p = strchr(p, '\t');
        if (!p) break;
        *p++ = 0;
    }
    return n;
}

static const char *status_of(const char *name, h5l_status *out)
{
    int i;
    for (i = 0; i <= (int)H5L_ERANGE; i++)
        if (strcmp(h5l_status_name((h5l_status)i), name) == 0) { *out = (h5l_status)i; return name; }
    *out = (h5l_status)99;
    return name;
}

static void shape_str(const h5l_space *s, char *buf, size_t n)
{
    unsigned i;
    size_t k = 0;
    if (s->kind == H5L_SPACE_NULL) { snprintf(buf, n, "null"); return; }
    if (s->kind == H5L_SPACE_SCALAR) { snprintf(buf, n, "scalar"); return; }
    buf[0] = 0;
    for (i = 0; i < s->rank && k < n; i++) k += (size_t)snprintf(buf + k, n - k, i ? ",%llu" : "%llu", (unsigned long long)s->dims[i]);
}

/* ---- cached link lists -------------------------------------------------- */
typedef struct { char *name; int type; char *target; char *ext; } lk;
typedef struct { lk *v; size_t n, cap; } lklist;

static char *dupn(const char *s) { size_t n = s ? strlen(s) : 0; char *d = (char *)malloc(n + 1); if (!d) exit(2); if (n) memcpy(d, s, n); d[n] = 0; return d; }

static int collect(void *ctx, const h5l_link *l)
{
    lklist *L = (lklist *)ctx;
    if (strlen(l->name) != l->name_len) { failures++; fprintf(stderr, "FAIL name_len mismatch for %s\n", l->name); }
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 16;
        L->v = (lk *)realloc(L->v, L->cap * sizeof *L->v);
        if (!L->v) exit(2);
    }
    L->v[L->n].name = dupn(l->name);
    L->v[L->n].type = (int)l->type;
    L->v[L->n].target = dupn(l->target);
    L->v[L->n].ext = dupn(l->ext_file);
    L->n++;
    return 0;
}

static void lk_free(lklist *L)
{
    size_t i;
    for (i = 0; i < L->n; i++) { free(L->v[i].name); free(L->v[i].target); free(L->v[i].ext); }
    free(L->v);
    memset(L, 0, sizeof *L);
}

static const char *type_name(int t) { return t == H5L_LINK_HARD ? "hard" : t == H5L_LINK_SOFT ? "soft" : t == H5L_LINK_EXTERNAL ? "external" : "?"; }

/* ---- checks of one .expect file ------------------------------------------ */
static void check_expect(const char *exp_path)
{
    size_t n, dn;
    char *text = read_file(exp_path, &n), *line, *next;
    char h5path[4096];
    h5l_file *f = NULL;
    h5l_error err;
    h5l_status st;
    lklist cache;
    char cache_key[1024] = "";
    memset(&cache, 0, sizeof cache);
    if (!text) { fprintf(stderr, "FAIL cannot read %s\n", exp_path); failures++; return; }
    snprintf(h5path, sizeof h5path, "%s", exp_path);
    dn = strlen(h5path);
    if (dn > 7) h5path[dn - 7] = 0; /* strip ".expect" */
    if (strncmp(text, "P\t", 2) == 0) {
        char *e = strchr(text, '\n');
        if (e) { *e = 0; snprintf(h5path, sizeof h5path, "%s", text + 2); *e = '\n'; }
    }
    cur_file = h5path;
    st = h5l_open(h5path, NULL, &f, &err);
    if (st != H5L_OK) { FAIL("open: %s %s", h5l_status_name(st), err.msg); free(text); return; }
    for (line = text; line && *line; line = next) {
        char *fl[10];
        int nf;
        h5l_obj *o = NULL;
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (!*line) continue;
        nf = split(line, fl, 10);
        checks++;
        if (fl[0][0] == 'P') continue;
        if (fl[0][0] == 'E' && nf >= 3) {
            h5l_status want;
            status_of(fl[2], &want);
            st = h5l_obj_open(f, fl[1], &o, &err);
            if (st != want) FAIL("open %s gave %s (%s), want %s", fl[1], h5l_status_name(st), err.msg, fl[2]);
            if (st == H5L_OK) h5l_obj_close(o);
            else if (o) FAIL("open %s failed but *out not NULL", fl[1]);
            continue;
        }
        st = h5l_obj_open(f, fl[1], &o, &err);
        if (st != H5L_OK) { FAIL("open %s: %s %s", fl[1], h5l_status_name(st), err.msg); continue; }
        switch (fl[0][0]) {
        case 'K': {
            const char *k = h5l_obj_get_kind(o) == H5L_OBJ_GROUP ? "group" : h5l_obj_get_kind(o) == H5L_OBJ_DATASET ? "dataset"
                            : h5l_obj_get_kind(o) == H5L_OBJ_DATATYPE ? "datatype" : "?";
            if (strcmp(k, fl[2]) != 0) FAIL("%s kind %s want %s", fl[1], k, fl[2]);
            if (h5l_obj_get_kind(o) == H5L_OBJ_DATATYPE && !h5l_obj_datatype(o)) FAIL("%s: datatype object without type", fl[1]);
            break;
        }
        case 'N': {
            lklist L;
            memset(&L, 0, sizeof L);
            st = h5l_group_iterate(o, H5L_ITER_NAME, collect, &L, &err);
            if (st != H5L_OK) FAIL("iterate %s: %s %s", fl[1], h5l_status_name(st), err.msg);
            else if (L.n != (size_t)strtoull(fl[2], NULL, 10)) FAIL("%s: %zu links, want %s", fl[1], L.n, fl[2]);
            lk_free(&L);
            memset(&L, 0, sizeof L);
            st = h5l_group_iterate(o, H5L_ITER_NATIVE, collect, &L, &err);
            if (st != H5L_OK) FAIL("iterate native %s: %s %s", fl[1], h5l_status_name(st), err.msg);
            else if (L.n != (size_t)strtoull(fl[2], NULL, 10)) FAIL("%s: %zu native links, want %s", fl[1], L.n, fl[2]);
            lk_free(&L);
            break;
        }
        case 'L': {
            char key[1024];
            size_t idx = (size_t)strtoull(fl[3], NULL, 10), nl, tl, el;
            unsigned char *name = unhex(fl[4], &nl);
            snprintf(key, sizeof key, "%s\t%s", fl[1], fl[2]);
            if (strcmp(key, cache_key) != 0) {
                lk_free(&cache);
                snprintf(cache_key, sizeof cache_key, "%s", key);
                st = h5l_group_iterate(o, strcmp(fl[2], "corder") == 0 ? H5L_ITER_CORDER : H5L_ITER_NAME, collect, &cache, &err);
                if (st != H5L_OK) FAIL("iterate %s (%s): %s %s", fl[1], fl[2], h5l_status_name(st), err.msg);
            }
            if (idx >= cache.n) FAIL("%s: link %zu (%s) missing in %s order", fl[1], idx, name, fl[2]);
            else if (strcmp(cache.v[idx].name, (char *)name) != 0) FAIL("%s: %s link %zu is %s, want %s", fl[1], fl[2], idx, cache.v[idx].name, name);
            if (strcmp(fl[2], "name") == 0) {
                h5l_link l;
                unsigned char *tg = unhex(fl[6], &tl), *ef = unhex(fl[7], &el);
                st = h5l_group_find(o, (char *)name, &l, &err);
                if (st != H5L_OK) FAIL("find %s in %s: %s %s", name, fl[1], h5l_status_name(st), err.msg);
                else {
                    if (strcmp(type_name((int)l.type), fl[5]) != 0) FAIL("find %s in %s: type %s want %s", name, fl[1], type_name((int)l.type), fl[5]);
                    if (strcmp(l.name, (char *)name) != 0) FAIL("find %s: name %s", name, l.name);
                    if (l.type != H5L_LINK_HARD && (!l.target || strcmp(l.target, (char *)tg) != 0))
                        FAIL("find %s in %s: target %s want %s", name, fl[1], l.target ? l.target : "(null)", tg);
                    if (l.type == H5L_LINK_EXTERNAL && (!l.ext_file || strcmp(l.ext_file, (char *)ef) != 0))
                        FAIL("find %s in %s: file %s want %s", name, fl[1], l.ext_file ? l.ext_file : "(null)", ef);
                }
                free(tg);
                free(ef);
            }
            free(name);
            break;
        }
        case 'D': {
            const h5l_dataset_info *di = h5l_obj_dataset(o);
            char dt[64], shp[512];
            if (!di) { FAIL("%s: not a dataset", fl[1]); break; }
            h5l_dtype_numpy(di->type, dt, sizeof dt);
            if (strcmp(dt, fl[2]) != 0) FAIL("%s: dtype %s want %s", fl[1], dt, fl[2]);
            shape_str(&di->space, shp, sizeof shp);
            if (strcmp(shp, fl[3]) != 0) FAIL("%s: shape %s want %s", fl[1], shp, fl[3]);
            if ((int)di->layout != atoi(fl[4])) FAIL("%s: layout %d want %s", fl[1], (int)di->layout, fl[4]);
            if (strcmp(fl[5], "-") == 0) {
                if (di->offset != H5L_NO_OFFSET) FAIL("%s: offset %llu want none", fl[1], (unsigned long long)di->offset);
            } else if (di->offset != strtoull(fl[5], NULL, 10)) {
                FAIL("%s: offset %llu want %s", fl[1], (unsigned long long)di->offset, fl[5]);
            }
            if (strcmp(fl[6], "-") != 0) {
                size_t bn;
                unsigned char *want = unhex(fl[6], &bn);
                unsigned char *got = (unsigned char *)malloc(bn + 1), *nat = (unsigned char *)malloc(bn + 1);
                uint64_t rows = di->space.kind == H5L_SPACE_SCALAR ? 1 : di->space.rank ? di->space.dims[0] : 0;
                st = h5l_dataset_read_raw(o, 0, rows, got, bn, &err);
                if (st != H5L_OK) FAIL("%s: read_raw %s %s", fl[1], h5l_status_name(st), err.msg);
                else if (memcmp(got, want, bn) != 0) FAIL("%s: values differ", fl[1]);
                if (di->layout == H5L_LAYOUT_CONTIGUOUS && di->allocated && bn) {
                    if (!di->data || memcmp(di->data, want, bn) != 0) FAIL("%s: mapped data differ", fl[1]);
                    if (di->data && (di->data_align == 0 || ((uintptr_t)di->data % di->data_align) != 0)) FAIL("%s: bad data_align", fl[1]);
                }
                if (rows > 1) { /* a row range */
                    uint64_t rs = bn / rows;
                    st = h5l_dataset_read_raw(o, 1, rows - 1, got, bn, &err);
                    if (st != H5L_OK || memcmp(got, want + rs, bn - rs) != 0) FAIL("%s: row range 1.. differs", fl[1]);
                    st = h5l_dataset_read_raw(o, 1, rows, got, bn, &err);
                    if (st != H5L_EINVAL) FAIL("%s: row range beyond the end gave %s", fl[1], h5l_status_name(st));
                }
                if (bn) {
                    st = h5l_dataset_read_raw(o, 0, rows, got, bn - 1, &err);
                    if (st != H5L_EINVAL) FAIL("%s: small buffer gave %s", fl[1], h5l_status_name(st));
                }
                /* native conversion of simple numbers */
                if (bn && (di->type->cls == H5L_CLASS_INTEGER || di->type->cls == H5L_CLASS_FLOAT)) {
                    const uint16_t one = 1;
                    unsigned char hb;
                    size_t sz = (size_t)di->type->size, i, j;
                    memcpy(&hb, &one, 1);
                    st = h5l_dataset_read(o, 0, rows, nat, bn, &err);
                    if (st != H5L_OK) FAIL("%s: read %s", fl[1], h5l_status_name(st));
                    for (i = 0; st == H5L_OK && i < bn; i += sz)
                        for (j = 0; j < sz; j++) {
                            int swap = (di->type->order == H5L_BE) == (hb == 1);
                            if (nat[i + j] != want[i + (swap ? sz - 1 - j : j)]) { FAIL("%s: native value %zu differs", fl[1], i / sz); i = bn; break; }
                        }
                }
                free(want);
                free(got);
                free(nat);
            }
            break;
        }
        case 'O':
            if (fl[0][1] == 'O' || nf < 4) break;
            if (h5l_obj_get_addr(o) != strtoull(fl[2], NULL, 10)) FAIL("%s: address %llu want %s", fl[1], (unsigned long long)h5l_obj_get_addr(o), fl[2]);
            if (h5l_obj_get_refcount(o) != strtoul(fl[3], NULL, 10)) FAIL("%s: refcount %u want %s", fl[1], (unsigned)h5l_obj_get_refcount(o), fl[3]);
            {
                h5l_obj *o2 = NULL;
                st = h5l_obj_open_addr(h5l_obj_get_file(o), h5l_obj_get_addr(o), &o2, &err);
                if (st != H5L_OK || h5l_obj_get_kind(o2) != h5l_obj_get_kind(o)) FAIL("%s: open by address", fl[1]);
                h5l_obj_close(o2);
            }
            break;
        case 'T': {
            const h5l_dataset_info *di = h5l_obj_dataset(o);
            if (!di || di->type_addr != strtoull(fl[2], NULL, 10)) FAIL("%s: committed type address %llu want %s", fl[1],
                                                                      di ? (unsigned long long)di->type_addr : 0ull, fl[2]);
            break;
        }
        case 'R': {
            h5l_status want;
            unsigned char buf[16];
            status_of(fl[2], &want);
            st = h5l_dataset_read_raw(o, 0, 1, buf, sizeof buf, &err);
            if (st != want) FAIL("%s: read gave %s, want %s", fl[1], h5l_status_name(st), fl[2]);
            break;
        }
        case 'S': {
            const h5l_dataset_info *di = h5l_obj_dataset(o);
            size_t wn, len;
            unsigned char *want = unhex(fl[3], &wn);
            uint64_t i = strtoull(fl[2], NULL, 10);
            unsigned char elem[64];
            const char *s;
            if (!di || di->type->size > sizeof elem) { FAIL("%s: not a vlen dataset", fl[1]); free(want); break; }
            st = h5l_dataset_read_raw(o, i, 1, elem, sizeof elem, &err);
            if (st == H5L_OK) st = h5l_string_get(h5l_obj_get_file(o), di->type, elem, &s, &len, &err);
            if (st != H5L_OK) FAIL("%s[%llu]: %s %s", fl[1], (unsigned long long)i, h5l_status_name(st), err.msg);
            else if (len != wn || memcmp(s, want, wn) != 0) FAIL("%s[%llu]: string differs", fl[1], (unsigned long long)i);
            free(want);
            break;
        }
        case 'A':
            if (fl[0][1] == 'O') {
                h5l_attrs *as = NULL;
                size_t nn;
                unsigned char *name = unhex(fl[3], &nn);
                const h5l_attr *a;
                st = h5l_attrs_open(o, &as, &err);
                a = st == H5L_OK ? h5l_attrs_at(as, (size_t)strtoull(fl[2], NULL, 10)) : NULL;
                if (!a || strcmp(a->name, (char *)name) != 0) FAIL("%s: attribute %s is %s, want %s (creation order)", fl[1], fl[2], a ? a->name : "(none)", name);
                h5l_attrs_close(as);
                free(name);
                break;
            } else {
            h5l_attrs *as = NULL;
            size_t nn, vn;
            unsigned char *name = unhex(fl[2], &nn), *val = unhex(fl[6], &vn);
            const h5l_attr *a;
            char dt[64], shp[512];
            st = h5l_attrs_open(o, &as, &err);
            if (st != H5L_OK) { FAIL("%s: attrs %s %s", fl[1], h5l_status_name(st), err.msg); free(name); free(val); break; }
            a = h5l_attrs_find(as, (char *)name);
            if (!a) FAIL("%s: attribute %s missing", fl[1], name);
            else {
                h5l_dtype_numpy(a->type, dt, sizeof dt);
                if (strcmp(dt, fl[3]) != 0) FAIL("%s@%s: dtype %s want %s", fl[1], name, dt, fl[3]);
                shape_str(&a->space, shp, sizeof shp);
                if (strcmp(shp, fl[4]) != 0) FAIL("%s@%s: shape %s want %s", fl[1], name, shp, fl[4]);
                if (strcmp(fl[5], "raw") == 0) {
                    if (a->data_size != vn || (vn && memcmp(a->data, val, vn) != 0)) FAIL("%s@%s: value differs", fl[1], name);
                } else {
                    const char *s;
                    size_t len;
                    char buf[8192];
                    st = h5l_string_get(h5l_obj_get_file(o), a->type, a->data, &s, &len, &err);
                    if (st != H5L_OK) FAIL("%s@%s: string %s %s", fl[1], name, h5l_status_name(st), err.msg);
                    else if (len != vn || memcmp(s, val, vn) != 0) FAIL("%s@%s: string differs", fl[1], name);
                    st = h5l_attr_read_string(o, (char *)name, buf, sizeof buf, &err);
                    if (st != H5L_OK || strlen(buf) != (vn < sizeof buf ? vn : sizeof buf - 1)) FAIL("%s@%s: attr_read_string", fl[1], name);
                }
            }
            h5l_attrs_close(as);
            free(name);
            free(val);
            break;
        }
        default:
            FAIL("bad expect line %s", fl[0]);
        }
        h5l_obj_close(o);
    }
    lk_free(&cache);
    h5l_close(f);
    free(text);
}

/* ---- walking anything (for mutated files): must never crash or leak ---- */
typedef struct walk { h5l_file *f; uint64_t seen[256]; int nseen; int budget; } walk;

static void walk_obj(walk *w, uint64_t addr, int depth);

static int walk_cb(void *ctx, const h5l_link *l)
{
    walk *w = (walk *)ctx;
    if (l->type == H5L_LINK_HARD && w->budget > 0) walk_obj(w, l->addr, 1);
    return w->budget <= 0;
}

static void walk_obj(walk *w, uint64_t addr, int depth)
{
    h5l_obj *o;
    h5l_error err;
    h5l_attrs *as;
    int i;
    if (depth > 16 || --w->budget < 0) return;
    for (i = 0; i < w->nseen; i++) if (w->seen[i] == addr) return;
    if (w->nseen < 256) w->seen[w->nseen++] = addr;
    if (h5l_obj_open_addr(w->f, addr, &o, &err) != H5L_OK) return;
    if (h5l_attrs_open(o, &as, &err) == H5L_OK) {
        size_t k;
        for (k = 0; k < h5l_attrs_count(as); k++) {
            const h5l_attr *a = h5l_attrs_at(as, k);
            const char *s;
            size_t len;
            char buf[64];
            h5l_dtype_numpy(a->type, buf, sizeof buf);
            if (a->data_size >= a->type->size && a->type->size) (void)h5l_string_get(w->f, a->type, a->data, &s, &len, &err);
        }
        h5l_attrs_close(as);
    }
    if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP) {
        h5l_link l;
        (void)h5l_group_iterate(o, H5L_ITER_NAME, walk_cb, w, &err);
        (void)h5l_group_find(o, "d0100", &l, &err);
        (void)h5l_group_find(o, "grp", &l, &err);
    } else if (h5l_obj_get_kind(o) == H5L_OBJ_DATASET) {
        const h5l_dataset_info *di = h5l_obj_dataset(o);
        uint64_t rows = di->space.kind == H5L_SPACE_SIMPLE && di->space.rank ? di->space.dims[0] : 1;
        uint64_t total = di->space.npoints * di->type->size;
        if (total <= (1u << 20)) {
            void *buf = malloc((size_t)total + 1);
            if (buf && h5l_dataset_read(o, 0, rows, buf, (size_t)total, &err) == H5L_OK && di->type->cls == H5L_CLASS_VLEN && total >= di->type->size) {
                const void *d;
                uint64_t c;
                (void)h5l_vlen_get(w->f, di->type, buf, &d, &c, &err);
            }
            free(buf);
        }
    }
    h5l_obj_close(o);
}

static void walk_buffer(const unsigned char *b, size_t n)
{
    h5l_file *f;
    h5l_error err;
    walk w;
    if (h5l_open_memory(b, n, NULL, &f, &err) != H5L_OK) return;
    memset(&w, 0, sizeof w);
    w.f = f;
    w.budget = 400;
    {
        h5l_file_info fi;
        h5l_file_get_info(f, &fi);
        walk_obj(&w, fi.root_addr, 0);
    }
    h5l_close(f);
}

static void check_bad_input(const char *h5)
{
    size_t n, i;
    char *b = read_file(h5, &n);
    h5l_file *f;
    h5l_error err;
    h5l_status st;
    unsigned char junk[4096];
    cur_file = h5;
    if (!b) { FAIL("cannot read"); return; }
    for (i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 37 + 11);
    st = h5l_open_memory(junk, sizeof junk, NULL, &f, &err);
    if (st != H5L_ENOTHDF5 || f) FAIL("junk: %s", h5l_status_name(st));
    st = h5l_open_memory(junk, 0, NULL, &f, &err);
    if (st != H5L_ENOTHDF5) FAIL("empty: %s", h5l_status_name(st));
    st = h5l_open("/nonexistent/file.h5", NULL, &f, &err);
    if (st != H5L_EIO) FAIL("missing file: %s", h5l_status_name(st));
    /* truncated: open fails with ECORRUPT (stored EOF beyond the end) */
    st = h5l_open_memory(b, n / 2, NULL, &f, &err);
    if (st != H5L_ECORRUPT && st != H5L_ENOTHDF5) FAIL("truncated: %s", h5l_status_name(st));
    if (st == H5L_OK) h5l_close(f);
    st = h5l_open_memory(b, 40, NULL, &f, &err);
    if (st != H5L_ECORRUPT && st != H5L_ENOTHDF5) FAIL("truncated to 40: %s", h5l_status_name(st));
    if (st == H5L_OK) h5l_close(f);
    /* every truncation length walks without crashing */
    for (i = 0; i < n; i += 97) walk_buffer((unsigned char *)b, i);
    /* deterministic byte mutations */
    {
        unsigned char *m = (unsigned char *)malloc(n);
        unsigned s = 12345;
        int k;
        for (k = 0; k < 800; k++) {
            int j;
            memcpy(m, b, n);
            for (j = 0; j < 1 + k % 4; j++) {
                size_t pos;
                s = s * 1103515245u + 12345u;
                pos = (size_t)(s >> 8) % ((k & 2) && n > 4096 ? 4096 : n);
                s = s * 1103515245u + 12345u;
                m[pos] = (k & 1) ? (unsigned char)(s >> 16) : (unsigned char)(m[pos] ^ (1u << ((s >> 16) & 7)));
            }
            walk_buffer(m, n);
        }
        free(m);
    }
    free(b);
}

/* Exact codes for targeted corruptions of small_earliest.h5 (v0) and small_latest.h5 (v3). */
static h5l_status open_code(const unsigned char *b, size_t n, const char *path)
{
    h5l_file *f;
    h5l_error err;
    h5l_obj *o = NULL;
    h5l_status st = h5l_open_memory(b, n, NULL, &f, &err);
    if (st != H5L_OK) return st;
    if (path) {
        st = h5l_obj_open(f, path, &o, &err);
        if (st == H5L_OK && err.code != H5L_OK) { failures++; fprintf(stderr, "FAIL err.code set on success\n"); }
        if (st != H5L_OK && (err.code != st || err.msg[0] == 0)) { failures++; fprintf(stderr, "FAIL err not filled for %s\n", h5l_status_name(st)); }
        h5l_obj_close(o);
    }
    h5l_close(f);
    return st;
}

static void expect_code(const char *what, h5l_status got, h5l_status want)
{
    checks++;
    if (got != want) FAIL("%s: %s, want %s", what, h5l_status_name(got), h5l_status_name(want));
}

static void check_codes(const char *dir)
{
    char p[4096];
    size_t n;
    unsigned char *b, *m;
    h5l_file *f;
    h5l_error err;
    h5l_file_info fi;
    memset(&fi, 0, sizeof fi);
    snprintf(p, sizeof p, "%s/small_latest.h5", dir);
    cur_file = "small_latest.h5 (corrupted)";
    b = (unsigned char *)read_file(p, &n);
    if (!b) { FAIL("cannot read %s", p); return; }
    m = (unsigned char *)malloc(n);
    expect_code("intact", open_code(b, n, "/g/i4"), H5L_OK);
    memcpy(m, b, n); m[8] = 9;  expect_code("superblock version 9", open_code(m, n, NULL), H5L_EUNSUPPORTED);
    memcpy(m, b, n); m[9] = 16; expect_code("offsets of 16 bytes", open_code(m, n, NULL), H5L_EUNSUPPORTED);
    memcpy(m, b, n); m[9] = 3;  expect_code("offsets of 3 bytes", open_code(m, n, NULL), H5L_ECORRUPT);
    memcpy(m, b, n); m[14] ^= 1; expect_code("superblock checksum", open_code(m, n, NULL), H5L_ECORRUPT);
    memcpy(m, b, n); m[0] = 'X'; expect_code("no signature", open_code(m, n, NULL), H5L_ENOTHDF5);
    if (h5l_open_memory(b, n, NULL, &f, &err) == H5L_OK) {
        h5l_file_get_info(f, &fi);
        h5l_close(f);
        if (fi.superblock_version != 3 || fi.sizeof_offsets != 8) FAIL("small_latest: superblock v%u", fi.superblock_version);
        memcpy(m, b, n); m[fi.root_addr + 7] ^= 0x10;
        expect_code("root header checksum", open_code(m, n, "/"), H5L_ECORRUPT);
        memcpy(m, b, n); m[fi.root_addr] = 'X';
        expect_code("root header signature", open_code(m, n, "/"), H5L_ECORRUPT);
    }
    expect_code("missing path", open_code(b, n, "/g/none"), H5L_ENOTFOUND);
    expect_code("external link", open_code(b, n, "/g/ext"), H5L_EUNSUPPORTED);
    expect_code("through a dataset", open_code(b, n, "/g/i4/x"), H5L_ENOTFOUND);
    free(b);
    free(m);

    snprintf(p, sizeof p, "%s/small_earliest.h5", dir);
    cur_file = "small_earliest.h5 (corrupted)";
    b = (unsigned char *)read_file(p, &n);
    if (!b) { FAIL("cannot read %s", p); return; }
    m = (unsigned char *)malloc(n);
    expect_code("intact", open_code(b, n, "/g/i4"), H5L_OK);
    memcpy(m, b, n); m[13] = 32; expect_code("offsets of 32 bytes", open_code(m, n, NULL), H5L_EUNSUPPORTED);
    memcpy(m, b, n); m[16] = 0; m[17] = 0; expect_code("leaf K 0", open_code(m, n, NULL), H5L_ECORRUPT);
    expect_code("truncated to 100", open_code(b, 100, NULL), H5L_ECORRUPT);
    if (h5l_open_memory(b, n, NULL, &f, &err) == H5L_OK) {
        h5l_file_get_info(f, &fi);
        h5l_close(f);
        if (fi.superblock_version != 0) FAIL("small_earliest: superblock v%u", fi.superblock_version);
        memcpy(m, b, n); m[fi.root_addr] = 7;
        expect_code("root header version 7", open_code(m, n, "/"), H5L_ECORRUPT);
        memcpy(m, b, n); m[fi.root_addr + 8] = 0xff; m[fi.root_addr + 9] = 0xff;
        expect_code("root chunk size", open_code(m, n, "/"), H5L_ECORRUPT);
    }
    /* superblock version 1: rebuild the superblock (4 bytes longer) and move the
     * root object header to the end of the file */
    if (fi.superblock_version == 0 && fi.root_addr == 96) {
        size_t hsz = 16 + (size_t)(b[96 + 8] | b[96 + 9] << 8 | b[96 + 10] << 16), n8 = (n + 7) & ~(size_t)7, tot = n8 + hsz;
        unsigned char *v = (unsigned char *)calloc(1, tot);
        int i;
        h5l_obj *o = NULL;
        memcpy(v, b, n);
        memcpy(v + n8, b + 96, hsz);
        memset(v + 8, 0, 60);
        v[8] = 1; v[13] = 8; v[14] = 8; v[16] = 4; v[18] = 16; v[24] = 32;
        memset(v + 36, 0xff, 8);                                  /* extension: undefined */
        for (i = 0; i < 8; i++) v[44 + i] = (unsigned char)((uint64_t)tot >> (8 * i));
        memset(v + 52, 0xff, 8);                                  /* driver info: undefined */
        for (i = 0; i < 8; i++) v[60 + i] = 0;                    /* root entry: name offset */
        for (i = 0; i < 8; i++) v[68 + i] = (unsigned char)((uint64_t)n8 >> (8 * i));
        memcpy(v + 76, b + 72, 24);                               /* cache type, reserved, scratch */
        checks++;
        if (h5l_open_memory(v, tot, NULL, &f, &err) != H5L_OK) FAIL("superblock v1: %s", err.msg);
        else {
            h5l_file_get_info(f, &fi);
            if (fi.superblock_version != 1 || fi.root_addr != n8) FAIL("superblock v1: version %u root %llu", fi.superblock_version, (unsigned long long)fi.root_addr);
            if (h5l_obj_open(f, "/g/i4", &o, &err) != H5L_OK) FAIL("superblock v1: /g/i4: %s", err.msg);
            else {
                int32_t x[8];
                if (h5l_dataset_read(o, 0, 8, x, sizeof x, &err) != H5L_OK || x[0] != -3 || x[7] != 4) FAIL("superblock v1: values");
                h5l_obj_close(o);
            }
            h5l_close(f);
        }
        free(v);
    }
    /* a user block of 512: signature found there, addresses relative to it */
    m = (unsigned char *)realloc(m, n + 512);
    memset(m, 0, 512);
    memcpy(m + 512, b, n);
    /* base address field (v0: offset 24) and EOF (offset 40) */
    m[512 + 25] = 2;
    {
        uint64_t eof = 0;
        int i;
        for (i = 7; i >= 0; i--) eof = (eof << 8) | m[512 + 40 + i];
        eof += 512;
        for (i = 0; i < 8; i++) m[512 + 40 + i] = (unsigned char)(eof >> (8 * i));
    }
    expect_code("moved behind a user block", open_code(m, n + 512, "/g/i4"), H5L_OK);
    free(b);
    free(m);
}

/* Resident file pages of this process in KiB (Linux), or -1. */
static long rss_file_kb(void)
{
    char line[256];
    long v = -1;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "RssFile:", 8) == 0) v = strtol(line + 8, NULL, 10);
    fclose(fp);
    return v;
}

/* h5l_file_release_pages: the data pointer stays valid and reads the same
 * bytes; on Linux the 8 MB just read leave the resident set. */
static void check_release_pages(const char *dir)
{
    char p[4200];
    h5l_writer *w = NULL;
    h5l_write_options wo;
    h5l_file *f = NULL;
    h5l_obj *o = NULL;
    h5l_error err;
    h5l_dset d;
    uint64_t n = (uint64_t)1 << 20, i;
    double s1 = 0, s2 = 0;
    const double *v;
    long before, after;
    cur_file = "release_pages.h5";
    snprintf(p, sizeof p, "%s/release_pages.h5", dir);
    memset(&wo, 0, sizeof wo);
    wo.flags = H5L_WRITE_NO_SYNC;
    if (h5l_writer_open(p, &wo, &w, &err) || h5l_writer_dataset(w, "/big", H5L_T_F64, 1, &n, &d, &err) ||
        h5l_writer_layout(w, &err)) {
        FAIL("writer: %s", err.msg);
        h5l_writer_abort(w);
        return;
    }
    {
        double *q = (double *)h5l_writer_ptr(w, d);
        for (i = 0; q && i < n; i++) q[i] = (double)i * 0.25;
        if (!q) for (i = 0; i < n; i++) { double x = (double)i * 0.25; h5l_writer_write(w, d, i, 1, &x, &err); }
    }
    if (h5l_writer_finish(w, &err)) { FAIL("finish: %s", err.msg); return; }
    if (h5l_open(p, NULL, &f, &err) || h5l_obj_open(f, "/big", &o, &err)) { FAIL("open: %s", err.msg); h5l_close(f); return; }
    v = (const double *)h5l_obj_dataset(o)->data;
    checks++;
    if (!v) { FAIL("no data pointer"); goto done; }
    for (i = 0; i < n; i++) s1 += v[i];
    before = rss_file_kb();
    h5l_file_release_pages(f);
    h5l_file_release_pages(NULL);
    after = rss_file_kb();
    for (i = 0; i < n; i++) s2 += v[i];
    checks += 2;
    if (s1 != s2 || s1 != 0.25 * (double)n * (double)(n - 1) / 2) FAIL("sums %.17g / %.17g after release", s1, s2);
#if defined(__linux__)
    if (before >= 0 && !(before - after >= 6 * 1024)) FAIL("RssFile %ld KiB before release, %ld KiB after", before, after);
    else printf("test_read: h5l_file_release_pages: RssFile %ld -> %ld KiB, data read again intact\n", before, after);
#else
    (void)before;
    (void)after;
#endif
done:
    h5l_obj_close(o);
    h5l_close(f);
    remove(p);
}

int main(int argc, char **argv)
{
    FILE *fp;
    char line[4096];
    int nfiles = 0;
    if (argc < 2) { fprintf(stderr, "usage: %s LIST.txt [file-to-mutate...]\n", argv[0]); return 2; }
    fp = fopen(argv[1], "r");
    if (!fp) { perror(argv[1]); return 2; }
    while (fgets(line, sizeof line, fp)) {
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
        if (!l) continue;
        check_expect(line);
        nfiles++;
    }
    fclose(fp);
    {
        int i;
        char dir[4096];
        const char *sl;
        for (i = 2; i < argc; i++) check_bad_input(argv[i]);
        snprintf(dir, sizeof dir, "%s", argv[1]);
        sl = strrchr(dir, '/');
        if (sl) dir[sl - dir] = 0; else snprintf(dir, sizeof dir, ".");
        check_codes(dir);
        check_release_pages(dir);
    }
    if (nfiles == 0) { fprintf(stderr, "FAIL: no fixtures listed\n"); failures++; }
    printf("test_read: %d files, %d facts checked, %d failures\n", nfiles, checks, failures);
    return failures ? 1 : 0;
}
