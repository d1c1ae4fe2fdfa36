/*
 * test_nommap.c — the library built without mmap (-DH5L_NO_MMAP) or without
 * any POSIX/Windows API (-DH5L_NO_POSIX: stdio only), with a caller-supplied
 * allocator. Linked against a library object built with those flags (see
 * tests/portability.mk); also works against the default build.
 *
 *   test_nommap DIR
 *
 * Checks: a write -> read round trip (every numeric type, both byte orders,
 * a table with string and validity columns) with every allocation going
 * through a counting allocator that must end with nothing outstanding;
 * h5l_writer_ptr() is NULL when the build has no mmap; h5l_open() and
 * h5l_open_memory() give the same values; allocation failures at every step
 * of opening give H5L_ENOMEM and leak nothing.
 */
#include "test_port_common.h"

#define ROWS 333u

typedef struct counting {
    long live;          /* blocks outstanding */
    long calls;         /* malloc + realloc calls */
    long fail_at;       /* fail the call with this index (-1 never) */
    long failed;
} counting;

static void *c_malloc(void *ctx, size_t n)
{
    counting *c = (counting *)ctx;
    void *p;
    if (c->fail_at >= 0 && c->calls++ == c->fail_at) { c->failed++; return NULL; }
    if (c->fail_at < 0) c->calls++;
    p = malloc(n ? n : 1);
    if (p) c->live++;
    return p;
}
static void *c_realloc(void *ctx, void *old, size_t n)
{
    counting *c = (counting *)ctx;
    void *p;
    if (c->fail_at >= 0 && c->calls++ == c->fail_at) { c->failed++; return NULL; }
    if (c->fail_at < 0) c->calls++;
    p = realloc(old, n ? n : 1);
    if (p && !old) c->live++;
    return p;
}
static void c_free(void *ctx, void *p)
{
    counting *c = (counting *)ctx;
    if (p) { c->live--; free(p); }
}

static char g_path[1024];

static void write_file(const char *path, const h5l_allocator *al, int *mapped)
{
    h5l_writer *w = NULL;
    h5l_write_options wo;
    h5l_error e;
    h5l_dset ds[2][PORT_NTYPES];
    h5l_column_spec sp;
    h5l_column_dsets sc, nc;
    uint64_t dims[1] = {ROWS}, i, pos = 0, offs[ROWS + 1];
    unsigned char buf[8 * ROWS];
    char sdata[16 * ROWS], name[64];
    size_t k;
    int be;

    memset(&wo, 0, sizeof wo);
    wo.alloc = al;
    if (!PCALL(h5l_writer_open(path, &wo, &w, &e), &e)) return;
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            unsigned code = port_types[k].code | (be && port_types[k].code != H5L_T_BOOL ? H5L_T_BE : 0u);
            sprintf(name, "/%s/%s", be ? "be" : "le", port_types[k].name);
            PCALL(h5l_writer_dataset(w, name, code, 1, dims, &ds[be][k], &e), &e);
        }
    PCALL(h5l_writer_attr_string(w, "/", "note", "written without mmap", &e), &e);
    PCALL(h5l_table_create(w, NULL, &e), &e);
    for (i = 0; i < ROWS; i++) { offs[i] = pos; if (port_valid(i, 9)) pos += port_var_string(sdata + pos, i, 9); }
    offs[ROWS] = pos;
    memset(&sp, 0, sizeof sp);
    sp.name = "name";
    sp.kind = H5L_COL_STRING;
    sp.type = H5L_T_I64;
    sp.rows = ROWS;
    sp.validity = H5L_VALID_BITMAP;
    sp.str_bytes = pos;
    PCALL(h5l_table_add_column(w, NULL, &sp, &sc, &e), &e);
    memset(&sp, 0, sizeof sp);
    sp.name = "x";
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = H5L_T_F32 | H5L_T_BE;
    sp.rows = ROWS;
    sp.validity = H5L_VALID_MASK;
    PCALL(h5l_table_add_column(w, NULL, &sp, &nc, &e), &e);
    if (!PCALL(h5l_writer_layout(w, &e), &e)) { h5l_writer_abort(w); return; }
    *mapped = h5l_writer_ptr(w, ds[0][0]) != NULL;
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            const port_type *t = &port_types[k];
            port_fill(buf, t, 0, ROWS, t->code + 16u * (unsigned)be, be && t->code != H5L_T_BOOL);
            /* three pieces, out of order */
            PCALL(h5l_writer_write(w, ds[be][k], 200, ROWS - 200, buf + 200 * t->size, &e), &e);
            PCALL(h5l_writer_write(w, ds[be][k], 0, 100, buf, &e), &e);
            PCALL(h5l_writer_write(w, ds[be][k], 100, 100, buf + 100 * t->size, &e), &e);
        }
    PCALL(h5l_writer_write(w, sc.data, 0, pos, sdata, &e), &e);
    {
        uint64_t esz = h5l_writer_size(w, sc.indices) / (ROWS + 1);
        for (i = 0; i <= ROWS; i++) port_encode(buf + i * esz, offs[i], (unsigned)esz, 0);
        PCALL(h5l_writer_write(w, sc.indices, 0, ROWS + 1, buf, &e), &e);
    }
    memset(buf, 0, sizeof buf);
    for (i = 0; i < ROWS; i++)
        if (port_valid(i, 9)) buf[i / 8] |= (unsigned char)(1u << (i % 8));
    PCALL(h5l_writer_write(w, sc.null_bitmap, 0, (ROWS + 7) / 8, buf, &e), &e);
    port_fill(buf, port_type_by_code(H5L_T_F32), 0, ROWS, 5, 1);
    PCALL(h5l_writer_write(w, nc.data, 0, ROWS, buf, &e), &e);
    for (i = 0; i < ROWS; i++) buf[i] = (unsigned char)!port_valid(i, 6);
    PCALL(h5l_writer_write(w, nc.mask, 0, ROWS, buf, &e), &e);
    /* out of range and before/after contract */
    PCHECK(h5l_writer_write(w, nc.mask, ROWS, 1, buf, &e) == H5L_EINVAL, "write past the end not EINVAL");
    PCALL(h5l_writer_finish(w, &e), &e);
}

/* Verify through an open file; returns the number of failures added. */
static void verify_file(h5l_file *f)
{
    h5l_error e;
    size_t k;
    int be;
    char name[64], note[64];
    unsigned char got[8 * ROWS], want[8 * ROWS];
    h5l_table *t = NULL;
    h5l_obj *root = NULL;
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            const port_type *pt = &port_types[k];
            h5l_obj *o = NULL;
            sprintf(name, "/%s/%s", be ? "be" : "le", pt->name);
            if (!PCALL(h5l_obj_open(f, name, &o, &e), &e)) continue;
            port_fill(want, pt, 0, ROWS, pt->code + 16u * (unsigned)be, -1);
            if (PCALL(h5l_dataset_read(o, 0, ROWS, got, sizeof got, &e), &e))
                PCHECK(memcmp(got, want, ROWS * pt->size) == 0, "%s: typed values differ", name);
            port_fill(want, pt, 10, 50, pt->code + 16u * (unsigned)be, be && pt->code != H5L_T_BOOL);
            if (PCALL(h5l_dataset_read_raw(o, 10, 50, got, sizeof got, &e), &e))
                PCHECK(memcmp(got, want, 50 * pt->size) == 0, "%s: raw values differ", name);
            h5l_obj_close(o);
        }
    if (PCALL(h5l_obj_open(f, "/", &root, &e), &e)) {
        if (PCALL(h5l_attr_read_string(root, "note", note, sizeof note, &e), &e))
            PCHECK(strcmp(note, "written without mmap") == 0, "note = %s", note);
        h5l_obj_close(root);
    }
    if (PCALL(h5l_table_open(f, NULL, &t, &e), &e)) {
        const h5l_column *s = h5l_table_find(t, "name"), *x = h5l_table_find(t, "x");
        uint64_t i;
        PCHECK(s && x && h5l_table_ncolumns(t) == 2, "table columns");
        if (s && x) {
            for (i = 0; i < ROWS; i++) {
                const char *sv;
                size_t sl, wl = 0;
                char ws[32];
                if (port_valid(i, 9)) wl = port_var_string(ws, i, 9);
                PCHECK(h5l_column_is_null(s, i) == !port_valid(i, 9), "name[%llu] null", (unsigned long long)i);
                PCHECK(h5l_column_is_null(x, i) == !port_valid(i, 6), "x[%llu] null", (unsigned long long)i);
                if (PCALL(h5l_column_string(s, i, &sv, &sl, &e), &e))
                    PCHECK(sl == wl && memcmp(sv, ws, wl) == 0, "name[%llu]", (unsigned long long)i);
            }
            if (x->data && x->data->data) {
                memcpy(got, x->data->data, 4 * ROWS);
                h5l_to_native(x->data->type, got, ROWS);
                port_fill(want, port_type_by_code(H5L_T_F32), 0, ROWS, 5, -1);
                PCHECK(memcmp(got, want, 4 * ROWS) == 0, "x values");
            } else PCHECK(0, "x has no data");
        }
        h5l_table_close(t);
    }
}

/* Open, table_open and read with allocation failure at call k, for every k
 * until a run succeeds: each failing run must give ENOMEM and leak nothing. */
static void alloc_failure_sweep(const char *path)
{
    long k;
    int done = 0;
    for (k = 0; k < 400 && !done; k++) {
        counting c;
        h5l_allocator al;
        h5l_open_options oo;
        h5l_file *f = NULL;
        h5l_table *t = NULL;
        h5l_error e;
        h5l_status st;
        memset(&c, 0, sizeof c);
        c.fail_at = k;
        al.malloc_fn = c_malloc; al.realloc_fn = c_realloc; al.free_fn = c_free; al.ctx = &c;
        memset(&oo, 0, sizeof oo);
        oo.alloc = &al;
        st = h5l_open(path, &oo, &f, &e);
        if (st == H5L_OK) {
            st = h5l_table_open(f, NULL, &t, &e);
            h5l_table_close(t);
            h5l_close(f);
        }
        if (c.failed == 0) {
            PCHECK(st == H5L_OK, "sweep %ld: %s without an allocation failure: %s", k, h5l_status_name(st), e.msg);
            done = 1;
        } else {
            PCHECK(st == H5L_ENOMEM && e.code == H5L_ENOMEM, "sweep %ld: %s instead of H5L_ENOMEM (%s)", k, h5l_status_name(st), e.msg);
        }
        PCHECK(c.live == 0, "sweep %ld: %ld block(s) leaked", k, c.live);
    }
    PCHECK(done, "allocation sweep did not finish within 400 allocations");
}

int main(int argc, char **argv)
{
    counting wc, rc;
    h5l_allocator wal, ral;
    h5l_open_options oo;
    h5l_file *f = NULL;
    h5l_file_info fi;
    h5l_error e;
    int mapped = -1;
    FILE *fp;
    unsigned char *mem = NULL;
    long len = 0;

    if (argc != 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
    snprintf(g_path, sizeof g_path, "%s/nommap.h5", argv[1]);
    memset(&wc, 0, sizeof wc);
    memset(&rc, 0, sizeof rc);
    wc.fail_at = rc.fail_at = -1;
    wal.malloc_fn = c_malloc; wal.realloc_fn = c_realloc; wal.free_fn = c_free; wal.ctx = &wc;
    ral = wal;
    ral.ctx = &rc;

    write_file(g_path, &wal, &mapped);
    PCHECK(wc.calls > 0, "the writer never used the caller's allocator");
    PCHECK(wc.live == 0, "writer leaked %ld block(s)", wc.live);
#if defined(H5L_TEST_EXPECT_NO_MMAP)
    PCHECK(mapped == 0, "h5l_writer_ptr() returned a mapping in a build without mmap");
#endif

    memset(&oo, 0, sizeof oo);
    oo.alloc = &ral;
    if (PCALL(h5l_open(g_path, &oo, &f, &e), &e)) {
        h5l_file_get_info(f, &fi);
        PCHECK(fi.map != NULL && fi.file_size > 0, "file info");
        verify_file(f);
        h5l_close(f);
    }
    PCHECK(rc.calls > 0 && rc.live == 0, "reader allocator: %ld calls, %ld live", rc.calls, rc.live);

    /* the same through a caller's buffer (no OS at all) */
    fp = fopen(g_path, "rb");
    if (fp && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
        mem = (unsigned char *)malloc((size_t)len);
        if (mem && fread(mem, 1, (size_t)len, fp) != (size_t)len) { free(mem); mem = NULL; }
    }
    if (fp) fclose(fp);
    PCHECK(mem != NULL, "cannot read %s back", g_path);
    if (mem) {
        rc.calls = 0;
        if (PCALL(h5l_open_memory(mem, (size_t)len, &oo, &f, &e), &e)) {
            h5l_file_get_info(f, &fi);
            PCHECK(fi.map == mem && fi.file_size == (uint64_t)len, "open_memory maps the caller's buffer");
            verify_file(f);
            h5l_close(f);
        }
        PCHECK(rc.live == 0, "open_memory leaked %ld block(s)", rc.live);
        free(mem);
    }
    alloc_failure_sweep(g_path);
    if (port_failures) {
        fprintf(stderr, "test_nommap: %d check(s) FAILED\n", port_failures);
        return 1;
    }
    printf("test_nommap: ok (writer mapping: %s; %ld writer allocations)\n", mapped ? "yes" : "no", wc.calls);
    return 0;
}
