/* test_dense.c — dense storage (fractal heap + v2 B-tree) against h5py.
 *
 * usage: test_dense FIXTURE_DIR   (made by tests/gen_dense_fixtures.py)
 *
 * Each fixture file keeps exactly one group's links or one object's
 * attributes in dense storage. The test finds the fractal heap and the
 * B-trees by their signatures (test-only: no object-header code needed),
 * then checks h5l__dense_iterate / h5l__dense_find against what h5py read,
 * and finally corrupts and truncates the dense structures: every call must
 * return H5L_OK or an error with a message, never crash (run under ASan). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "../hdf5lite.c"   /* the whole library: the test calls section 3's internal functions */

static int failures;
#define CHECK(c, ...)                                                                                                 \
    do {                                                                                                              \
        if (!(c)) {                                                                                                   \
            failures++;                                                                                               \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                      \
            fprintf(stderr, __VA_ARGS__);                                                                             \
            fprintf(stderr, "\n");                                                                                    \
            if (failures > 50) exit(1);                                                                               \
        }                                                                                                             \
    } while (0)

/* ---- expected values ---------------------------------------------------- */

typedef struct item {
    uint8_t *name;
    size_t name_len;
    uint8_t *val;
    size_t val_len;
    int seen;
} item;

typedef struct fixture {
    char file[256];
    int attrs; /* 1 attributes, 0 links */
    size_t n;
    item *items;
} fixture;

static int hexval(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; }

static uint8_t *unhex(const char *s, size_t *n)
{
    size_t len = strlen(s), i;
    uint8_t *p;
    if (strcmp(s, "-") == 0) len = 0;
    p = (uint8_t *)malloc(len / 2 + 1);
    if (!p) { perror("malloc"); exit(2); }
    for (i = 0; i + 1 < len; i += 2) p[i / 2] = (uint8_t)(hexval(s[i]) * 16 + hexval(s[i + 1]));
    *n = len / 2;
    return p;
}

static char *read_text(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *b;
    long sz;
    if (!fp) { perror(path); exit(2); }
    fseek(fp, 0, SEEK_END);
    sz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    b = (char *)malloc((size_t)sz + 1);
    if (!b || fread(b, 1, (size_t)sz, fp) != (size_t)sz) { perror(path); exit(2); }
    fclose(fp);
    b[sz] = 0;
    *n = (size_t)sz;
    return b;
}

static fixture *load_expected(const char *dir, size_t *nfix)
{
    char path[1024], *text, *line, *save = NULL;
    size_t n, cap = 16, k = 0;
    fixture *fx = (fixture *)calloc(cap, sizeof *fx);
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    text = read_text(path, &n);
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == 'F') {
            char kind[16];
            unsigned long cnt;
            if (k == cap) { cap *= 2; fx = (fixture *)realloc(fx, cap * sizeof *fx); }
            memset(&fx[k], 0, sizeof fx[k]);
            if (sscanf(line, "F %255s %15s %lu", fx[k].file, kind, &cnt) != 3) { fprintf(stderr, "bad line %s\n", line); exit(2); }
            fx[k].attrs = strcmp(kind, "attrs") == 0;
            fx[k].items = (item *)calloc(cnt ? cnt : 1, sizeof(item));
            k++;
        } else if (line[0] == 'N' && k) {
            fixture *x = &fx[k - 1];
            char *a = line + 2, *b = strchr(a, ' ');
            if (!b) { fprintf(stderr, "bad line\n"); exit(2); }
            *b++ = 0;
            x->items[x->n].name = unhex(a, &x->items[x->n].name_len);
            x->items[x->n].val = unhex(b, &x->items[x->n].val_len);
            x->n++;
        }
    }
    free(text);
    *nfix = k;
    return fx;
}

/* ---- decoding the message bodies (test-only, minimal) -------------------- */

/* Name of a link message body. */
static int link_name(const uint8_t *m, size_t len, const uint8_t **name, size_t *nl)
{
    size_t pos = 2, w;
    unsigned flags;
    if (len < 3 || m[0] != 1) return -1;
    flags = m[1];
    if (flags & 8) pos += 1;
    if (flags & 4) pos += 8;
    if (flags & 16) pos += 1;
    w = (size_t)1 << (flags & 3);
    if (pos + w > len) return -1;
    *nl = (size_t)h5l__ldn(m + pos, (unsigned)w);
    pos += w;
    if (*nl > len - pos) return -1;
    *name = m + pos;
    return 0;
}

static size_t pad8(size_t v) { return (v + 7) & ~(size_t)7; }

/* Name (without its NUL) and data of an attribute message body. */
static int attr_parts(const uint8_t *m, size_t len, const uint8_t **name, size_t *nl, const uint8_t **data, size_t *dl)
{
    size_t ns, ts, ss, pos;
    if (len < 8) return -1;
    ns = h5l__ld16(m + 2);
    ts = h5l__ld16(m + 4);
    ss = h5l__ld16(m + 6);
    if (ns == 0) return -1;
    if (m[0] == 1) {
        pos = 8;
        if (pos + pad8(ns) + pad8(ts) + pad8(ss) > len) return -1;
        *name = m + pos;
        pos += pad8(ns) + pad8(ts) + pad8(ss);
    } else if (m[0] == 2 || m[0] == 3) {
        pos = m[0] == 3 ? 9 : 8;
        if (pos + ns + ts + ss > len) return -1;
        *name = m + pos;
        pos += ns + ts + ss;
    } else {
        return -1;
    }
    *nl = ns - 1;
    *data = m + pos;
    *dl = len - pos;
    return 0;
}

/* ---- iterate / find callbacks -------------------------------------------- */

typedef struct vctx {
    fixture *fx;
    const h5l_file *f;
    size_t count;       /* records visited */
    size_t order_pos;   /* creation-order walk: position in the expected list */
    int check_order;
    const uint8_t *want; /* find: the name looked for */
    size_t want_len;
    int matched;
} vctx;

static item *lookup_item(fixture *fx, const uint8_t *name, size_t nl)
{
    size_t i;
    for (i = 0; i < fx->n; i++)
        if (fx->items[i].name_len == nl && memcmp(fx->items[i].name, name, nl) == 0) return &fx->items[i];
    return NULL;
}

static int body_name(vctx *v, const uint8_t *m, size_t len, const uint8_t **name, size_t *nl, const uint8_t **data,
                     size_t *dl)
{
    *data = NULL;
    *dl = 0;
    return v->fx->attrs ? attr_parts(m, len, name, nl, data, dl) : link_name(m, len, name, nl);
}

static void check_body(vctx *v, item *it, const uint8_t *data, size_t dl)
{
    if (!v->fx->attrs) return;
    CHECK(dl == it->val_len && memcmp(data, it->val, dl) == 0, "%s: attribute %.*s: value bytes differ (%zu vs %zu bytes)",
          v->fx->file, (int)it->name_len, (const char *)it->name, dl, it->val_len);
}

static h5l_status visit_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    vctx *v = (vctx *)ctx;
    const uint8_t *name, *data;
    size_t nl, dl;
    item *it;
    (void)stop;
    (void)err;
    CHECK(off != H5L_NO_OFFSET && off < v->f->size && msg >= v->f->map && msg + len <= v->f->map + v->f->size &&
              (uint64_t)(msg - v->f->map) == off,
          "%s: body offset %llu does not match its pointer", v->fx->file, (unsigned long long)off);
    if (body_name(v, msg, len, &name, &nl, &data, &dl) != 0) {
        CHECK(0, "%s: undecodable message body at %llu", v->fx->file, (unsigned long long)off);
        return H5L_OK;
    }
    it = lookup_item(v->fx, name, nl);
    CHECK(it != NULL, "%s: unexpected name %.*s", v->fx->file, (int)nl, (const char *)name);
    if (!it) return H5L_OK;
    it->seen++;
    if (v->check_order) {
        CHECK(v->order_pos < v->fx->n && it == &v->fx->items[v->order_pos], "%s: creation order: %.*s at position %zu",
              v->fx->file, (int)nl, (const char *)name, v->order_pos);
        v->order_pos++;
    }
    check_body(v, it, data, dl);
    v->count++;
    return H5L_OK;
}

static h5l_status find_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    vctx *v = (vctx *)ctx;
    const uint8_t *name, *data;
    size_t nl, dl;
    (void)off;
    (void)err;
    v->count++;
    if (body_name(v, msg, len, &name, &nl, &data, &dl) != 0) return H5L_OK;
    if (nl == v->want_len && memcmp(name, v->want, nl) == 0) {
        item *it = lookup_item(v->fx, name, nl);
        v->matched++;
        if (it) check_body(v, it, data, dl);
        *stop = 1;
    }
    return H5L_OK;
}

/* A callback that accepts anything (corruption runs). */
static h5l_status any_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    size_t i;
    unsigned sum = 0;
    (void)ctx; (void)off; (void)stop; (void)err;
    for (i = 0; i < len; i++) sum += msg[i]; /* touch every byte: ASan checks the bounds */
    *(volatile unsigned *)ctx += sum;
    return H5L_OK;
}

/* ---- structure discovery (test-only) -------------------------------------- */

typedef struct found {
    uint64_t fheap;         /* relative */
    uint64_t bt[12];        /* by type, H5L_UNDEF when absent */
} found;

static int locate(const h5l_file *f, found *fd)
{
    uint64_t i;
    int nheap = 0;
    fd->fheap = H5L_UNDEF;
    for (i = 0; i < 12; i++) fd->bt[i] = H5L_UNDEF;
    for (i = f->base; i + 6 <= f->size; i++) {
        const uint8_t *p = f->map + i;
        if (memcmp(p, "FRHP", 4) == 0) {
            fd->fheap = i - f->base;
            nheap++;
        } else if (memcmp(p, "BTHD", 4) == 0 && p[5] < 12) {
            if (fd->bt[p[5]] != H5L_UNDEF) return -1;
            fd->bt[p[5]] = i - f->base;
        }
    }
    return nheap == 1 ? 0 : -1;
}

/* ---- the checks ----------------------------------------------------------- */

static void reset_seen(fixture *fx)
{
    size_t i;
    for (i = 0; i < fx->n; i++) fx->items[i].seen = 0;
}

static void check_all_seen_once(fixture *fx, const char *what)
{
    size_t i;
    for (i = 0; i < fx->n; i++)
        CHECK(fx->items[i].seen == 1, "%s (%s): %.*s seen %d times", fx->file, what, (int)fx->items[i].name_len,
              (const char *)fx->items[i].name, fx->items[i].seen);
}

static void check_iterate(fixture *fx, const h5l_file *f, const found *fd, unsigned type, int order)
{
    vctx v;
    h5l_error err;
    h5l_status st;
    memset(&v, 0, sizeof v);
    v.fx = fx;
    v.f = f;
    v.check_order = order;
    reset_seen(fx);
    st = h5l__dense_iterate(f, fd->fheap, fd->bt[type], visit_cb, &v, &err);
    CHECK(st == H5L_OK, "%s: iterate type %u: %s: %s", fx->file, type, h5l_status_name(st), err.msg);
    CHECK(v.count == fx->n, "%s: iterate type %u: %zu records, h5py has %zu", fx->file, type, v.count, fx->n);
    check_all_seen_once(fx, type == 5 || type == 8 ? "name index" : "creation-order index");
}

static void check_find(fixture *fx, const h5l_file *f, const found *fd, unsigned type)
{
    size_t i;
    static const char *absent[] = {"", "nope", "l", "l-1", "a0001x", "big9", "ttt "};
    for (i = 0; i < fx->n; i++) {
        vctx v;
        h5l_error err;
        h5l_status st;
        memset(&v, 0, sizeof v);
        v.fx = fx;
        v.f = f;
        v.want = fx->items[i].name;
        v.want_len = fx->items[i].name_len;
        st = h5l__dense_find(f, fd->fheap, fd->bt[type], (const char *)v.want, v.want_len, find_cb, &v, &err);
        CHECK(st == H5L_OK && v.matched == 1, "%s: find %.*s: %s (%s), matched %d", fx->file, (int)v.want_len,
              (const char *)v.want, h5l_status_name(st), err.msg, v.matched);
        /* the index is used: a find looks at records with that hash only */
        CHECK(v.count <= 3, "%s: find %.*s visited %zu records", fx->file, (int)v.want_len, (const char *)v.want, v.count);
    }
    for (i = 0; i < sizeof absent / sizeof *absent; i++) {
        vctx v;
        h5l_error err;
        h5l_status st;
        memset(&v, 0, sizeof v);
        v.fx = fx;
        v.f = f;
        v.want = (const uint8_t *)absent[i];
        v.want_len = strlen(absent[i]);
        st = h5l__dense_find(f, fd->fheap, fd->bt[type], absent[i], v.want_len, find_cb, &v, &err);
        CHECK(st == H5L_ENOTFOUND && err.code == H5L_ENOTFOUND, "%s: find absent \"%s\": %s", fx->file, absent[i],
              h5l_status_name(st));
    }
    /* the creation-order index is not a name index */
    {
        unsigned other = type == 5 ? 6 : 9;
        if (fd->bt[other] != H5L_UNDEF) {
            vctx v;
            h5l_error err;
            h5l_status st;
            memset(&v, 0, sizeof v);
            v.fx = fx;
            v.f = f;
            st = h5l__dense_find(f, fd->fheap, fd->bt[other], "x", 1, find_cb, &v, &err);
            CHECK(st == H5L_ECORRUPT, "%s: find through the creation-order index: %s", fx->file, h5l_status_name(st));
        }
    }
}

/* Structure coverage: the fixtures really exercise what they are meant to. */
static void check_shape(fixture *fx, const h5l_file *f, const found *fd, unsigned name_type)
{
    h5l__fheap h;
    h5l__bt2 bt;
    h5l_error err;
    CHECK(h5l__fh_open(f, fd->fheap, &h, &err) == H5L_OK, "%s: heap: %s", fx->file, err.msg);
    CHECK(h5l__bt2_open(f, fd->bt[name_type], &bt, &err) == H5L_OK, "%s: B-tree: %s", fx->file, err.msg);
    if (strstr(fx->file, "5000")) {
        CHECK(bt.depth >= 1, "%s: name index depth %u, expected a multi-level tree", fx->file, bt.depth);
        CHECK(h.cur_rows > 0, "%s: heap root is a direct block, expected an indirect block", fx->file);
    }
    if (strstr(fx->file, "huge")) {
        CHECK(fd->bt[1] != H5L_UNDEF && h.huge_bt2 == fd->bt[1], "%s: no huge-object B-tree", fx->file);
        CHECK(!h.huge_direct, "%s: expected indirectly accessed huge objects", fx->file);
    }
    CHECK(h.flags & 2, "%s: direct blocks not checksummed", fx->file);
}

/* ---- corruption --------------------------------------------------------------- */

static unsigned long corrupt_runs;

static void run_all(const h5l_file *f, const found *fd, fixture *fx)
{
    unsigned t;
    volatile unsigned sink = 0;
    for (t = 0; t < 12; t++) {
        h5l_error err;
        h5l_status st;
        if (fd->bt[t] == H5L_UNDEF || t == 1) continue;
        memset(&err, 0, sizeof err);
        st = h5l__dense_iterate(f, fd->fheap, fd->bt[t], any_cb, (void *)&sink, &err);
        CHECK(st == H5L_OK || (err.code == st && err.msg[0]), "%s: iterate: status %d without a message", fx->file, (int)st);
        if (t == 5 || t == 8) {
            size_t i;
            for (i = 0; i < fx->n && i < 4; i++) {
                memset(&err, 0, sizeof err);
                st = h5l__dense_find(f, fd->fheap, fd->bt[t], (const char *)fx->items[i].name, fx->items[i].name_len, any_cb,
                                     (void *)&sink, &err);
                CHECK(st == H5L_OK || st == H5L_ENOTFOUND || (err.code == st && err.msg[0]),
                      "%s: find: status %d without a message", fx->file, (int)st);
            }
        }
        corrupt_runs++;
    }
}

/* Position of the trailing checksum of a structure at p (bytes before it), or 0. */
static size_t trailing_ck(const uint8_t *p, size_t avail)
{
    size_t l;
    for (l = 6; l + 4 <= avail && l < 4096; l++)
        if (h5l__ld32(p + l) == h5l__lookup3(p, l, 0)) return l;
    return 0;
}

static void corrupt_file(fixture *fx, h5l_file *f, uint8_t *buf, const found *fd)
{
    static const char *sigs[] = {"FRHP", "BTHD", "BTIN", "BTLF", "FHDB", "FHIB"};
    uint64_t pos, size = f->size;
    unsigned long budget = strstr(fx->file, "5000") || strstr(fx->file, "500.") ? 0 : 24; /* structures per file */
    for (pos = f->base; pos + 4 <= size && budget; pos++) {
        unsigned s;
        for (s = 0; s < 6; s++) {
            size_t ck, span, j;
            if (memcmp(buf + pos, sigs[s], 4) != 0) continue;
            budget--;
            ck = s == 4 ? 0 : trailing_ck(buf + pos, (size_t)(size - pos));
            span = ck ? ck + 4 : 48;
            if (span > 96) span = 96;
            for (j = 0; j < span && pos + j < size; j++) {
                static const int modes[] = {0, 1, 2};
                unsigned m;
                for (m = 0; m < 3; m++) {
                    uint8_t old = buf[pos + j], oldck[4];
                    buf[pos + j] = modes[m] == 0 ? 0x00 : modes[m] == 1 ? 0xff : (uint8_t)(old ^ 0x5a);
                    if (buf[pos + j] == old) continue;
                    run_all(f, fd, fx);               /* checksum usually catches it */
                    if (ck && j < ck) {               /* and with a repaired checksum: deeper checks */
                        memcpy(oldck, buf + pos + ck, 4);
                        h5l__st32(buf + pos + ck, h5l__lookup3(buf + pos, ck, 0));
                        run_all(f, fd, fx);
                        memcpy(buf + pos + ck, oldck, 4);
                    }
                    buf[pos + j] = old;
                }
            }
            break;
        }
    }
    /* truncation: the file seen as shorter */
    {
        uint64_t cut, step = size / (strstr(fx->file, "5000") ? 7 : 61) + 1;
        for (cut = 0; cut < size; cut += step) {
            f->size = cut;
            run_all(f, fd, fx);
        }
        f->size = size;
    }
}

static int run_fixture(const char *dir, fixture *fx, int do_corrupt)
{
    char path[1024];
    size_t n;
    uint8_t *buf;
    h5l_file *f = NULL;
    h5l_error err;
    h5l_status st;
    found fd;
    unsigned name_t, order_t;
    snprintf(path, sizeof path, "%s/%s", dir, fx->file);
    buf = (uint8_t *)read_text(path, &n);
    st = h5l_open_memory(buf, n, NULL, &f, &err);
    CHECK(st == H5L_OK, "%s: open: %s", fx->file, err.msg);
    if (st != H5L_OK) { free(buf); return 0; }
    CHECK(locate(f, &fd) == 0, "%s: cannot locate exactly one heap", fx->file);
    name_t = fx->attrs ? 8 : 5;
    order_t = fx->attrs ? 9 : 6;
    CHECK(fd.bt[name_t] != H5L_UNDEF, "%s: no name index", fx->file);
    if (strstr(fx->file, "order")) CHECK(fd.bt[order_t] != H5L_UNDEF, "%s: no creation-order index", fx->file);
    if (fd.fheap != H5L_UNDEF && fd.bt[name_t] != H5L_UNDEF) {
        check_shape(fx, f, &fd, name_t);
        check_iterate(fx, f, &fd, name_t, 0);
        if (fd.bt[order_t] != H5L_UNDEF) check_iterate(fx, f, &fd, order_t, 1);
        check_find(fx, f, &fd, name_t);
        if (do_corrupt) corrupt_file(fx, f, buf, &fd);
    }
    printf("  %-22s %5zu %s: ok so far (%d failures)\n", fx->file, fx->n, fx->attrs ? "attributes" : "links", failures);
    h5l_close(f);
    free(buf);
    return 0;
}

/* Tiny objects never occur in h5py's link/attribute heaps (the messages are
 * longer than the IDs): check the two tiny encodings on hand-made IDs. */
static void check_tiny(void)
{
    h5l_file f;
    h5l__fheap h;
    h5l_error err;
    const uint8_t *obj;
    size_t len;
    uint64_t off;
    uint8_t id[24];
    h5l_status st;
    memset(&f, 0, sizeof f);
    memset(&h, 0, sizeof h);
    f.so = 8;
    f.sl = 8;
    h.f = &f;
    h.id_len = 8;
    memset(id, 0xab, sizeof id);
    id[0] = 0x20 | 4; /* tiny, 5 bytes */
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_OK && obj == id + 1 && len == 5 && off == H5L_NO_OFFSET, "tiny normal: %s", h5l_status_name(st));
    id[0] = 0x20 | 7; /* 8 bytes do not fit a 8-byte ID */
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_ECORRUPT, "tiny normal too long: %s", h5l_status_name(st));
    h.id_len = 20;
    h.tiny_ext = 1;
    id[0] = 0x20 | 0;
    id[1] = 17; /* 18 bytes */
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_OK && obj == id + 2 && len == 18, "tiny extended: %s", h5l_status_name(st));
    id[1] = 18;
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_ECORRUPT, "tiny extended too long: %s", h5l_status_name(st));
    id[0] = 0x30; /* type 3 */
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_ECORRUPT, "heap ID type 3: %s", h5l_status_name(st));
    id[0] = 0x40; /* version 1 */
    st = h5l__fh_object(&h, id, &obj, &len, &off, &err);
    CHECK(st == H5L_EUNSUPPORTED, "heap ID version 1: %s", h5l_status_name(st));
}

int main(int argc, char **argv)
{
    size_t nfix, i, j;
    fixture *fx;
    int do_corrupt = 1;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURE_DIR [--no-corrupt]\n", argv[0]);
        return 2;
    }
    if (argc > 2 && strcmp(argv[2], "--no-corrupt") == 0) do_corrupt = 0;
    check_tiny();
    fx = load_expected(argv[1], &nfix);
    CHECK(nfix >= 10, "only %zu fixtures", nfix);
    for (i = 0; i < nfix; i++) run_fixture(argv[1], &fx[i], do_corrupt);
    if (do_corrupt) printf("  corruption/truncation: %lu runs without a crash\n", corrupt_runs);
    for (i = 0; i < nfix; i++) {
        for (j = 0; j < fx[i].n; j++) {
            free(fx[i].items[j].name);
            free(fx[i].items[j].val);
        }
        free(fx[i].items);
    }
    free(fx);
    if (failures) {
        printf("test_dense: %d FAILURES\n", failures);
        return 1;
    }
    printf("test_dense: all checks passed\n");
    return 0;
}
