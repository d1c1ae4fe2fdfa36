/*
 * test_threads.c — the thread-safety contract of hdf5lite.h, exercised:
 *   1. one h5l_file shared by many reader threads (open objects by path and by
 *      address, iterate groups, read datasets, load attributes, open tables);
 *   2. one writer, after h5l_writer_layout(), filled by many threads:
 *      distinct columns (each thread its own dataset) and disjoint row ranges
 *      of one dataset, through both h5l_writer_ptr() and h5l_writer_write();
 *   3. two writers driven from two threads at once.
 * Every value is verified afterwards. Built normally and with
 * -fsanitize=thread (make test-threads); TSan must report nothing.
 *
 *   test_threads DIR [THREADS]
 */
#include <pthread.h>
#include "test_port_common.h"

#define NCOLS 8u
#define ROWS 20000u
#define NTHREADS_MAX 16

static char g_dir[512];
static unsigned g_threads = 6;

static void pathof(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", g_dir, name); }

/* ---------------------------------------------------------------- writing */

typedef struct wjob {
    h5l_writer *w;
    h5l_dset d;
    uint64_t first, count;   /* row range (all of it for column jobs) */
    uint64_t salt;
    int use_ptr;
    int failed;
    char msg[300];
} wjob;

static const port_type *T64(void) { return port_type_by_code(H5L_T_I64); }
static const port_type *TF64(void) { return port_type_by_code(H5L_T_F64); }

static void *wjob_run(void *arg)
{
    wjob *j = (wjob *)arg;
    const port_type *t = j->salt & 1u ? TF64() : T64();
    h5l_error e;
    if (j->use_ptr) {
        unsigned char *p = (unsigned char *)h5l_writer_ptr(j->w, j->d);
        if (!p) { j->failed = 1; snprintf(j->msg, sizeof j->msg, "h5l_writer_ptr returned NULL"); return NULL; }
        port_fill(p + j->first * 8, t, j->first, j->count, j->salt, 0);
    } else {
        /* in slices, to interleave with the other threads */
        unsigned char buf[8 * 512];
        uint64_t done = 0;
        while (done < j->count) {
            uint64_t n = j->count - done > 512 ? 512 : j->count - done;
            port_fill(buf, t, j->first + done, n, j->salt, 0);
            if (h5l_writer_write(j->w, j->d, j->first + done, n, buf, &e) != H5L_OK) {
                j->failed = 1;
                snprintf(j->msg, sizeof j->msg, "h5l_writer_write: %s", e.msg);
                return NULL;
            }
            done += n;
        }
    }
    (void)h5l_writer_offset(j->w, j->d);
    (void)h5l_writer_size(j->w, j->d);
    return NULL;
}

/* One writer: NCOLS columns filled by one thread each, plus /range_w and
 * /range_p filled by g_threads threads in disjoint row ranges. */
static int write_parallel(const char *path, unsigned flags)
{
    h5l_writer *w = NULL;
    h5l_write_options wo;
    h5l_error e;
    h5l_dset cols[NCOLS], rw, rp;
    uint64_t dims[1] = {ROWS};
    pthread_t th[NCOLS + 2 * NTHREADS_MAX];
    wjob jobs[NCOLS + 2 * NTHREADS_MAX];
    unsigned i, nj = 0, ok = 1;
    char name[64];
    int mapped;

    memset(&wo, 0, sizeof wo);
    wo.flags = flags | H5L_WRITE_NO_SYNC;
    if (!PCALL(h5l_writer_open(path, &wo, &w, &e), &e)) return 0;
    for (i = 0; i < NCOLS; i++) {
        sprintf(name, "/cols/c%u", i);
        PCALL(h5l_writer_dataset(w, name, (i & 1u) ? H5L_T_F64 : H5L_T_I64, 1, dims, &cols[i], &e), &e);
    }
    PCALL(h5l_writer_dataset(w, "/range_w", H5L_T_I64, 1, dims, &rw, &e), &e);
    PCALL(h5l_writer_dataset(w, "/range_p", H5L_T_I64, 1, dims, &rp, &e), &e);
    if (!PCALL(h5l_writer_layout(w, &e), &e)) { h5l_writer_abort(w); return 0; }
    mapped = h5l_writer_ptr(w, cols[0]) != NULL;
    PCHECK(!(flags & H5L_WRITE_NO_MMAP) || !mapped, "h5l_writer_ptr not NULL with H5L_WRITE_NO_MMAP");
    memset(jobs, 0, sizeof jobs);
    for (i = 0; i < NCOLS; i++) {
        jobs[nj].w = w; jobs[nj].d = cols[i]; jobs[nj].first = 0; jobs[nj].count = ROWS;
        jobs[nj].salt = 10u + i;   /* odd salt <-> float column */
        jobs[nj].use_ptr = mapped && (i % 2 == 0);
        nj++;
    }
    for (i = 0; i < g_threads; i++) {
        uint64_t a = (uint64_t)ROWS * i / g_threads, b = (uint64_t)ROWS * (i + 1) / g_threads;
        jobs[nj].w = w; jobs[nj].d = rw; jobs[nj].first = a; jobs[nj].count = b - a; jobs[nj].salt = 40; jobs[nj].use_ptr = 0;
        nj++;
        jobs[nj].w = w; jobs[nj].d = rp; jobs[nj].first = a; jobs[nj].count = b - a; jobs[nj].salt = 42;
        jobs[nj].use_ptr = mapped;
        nj++;
    }
    for (i = 0; i < nj; i++)
        if (pthread_create(&th[i], NULL, wjob_run, &jobs[i]) != 0) { fprintf(stderr, "pthread_create\n"); exit(2); }
    for (i = 0; i < nj; i++) pthread_join(th[i], NULL);
    for (i = 0; i < nj; i++)
        if (jobs[i].failed) { ok = 0; PCHECK(!jobs[i].failed, "job %u: %s", i, jobs[i].msg); }
    if (!PCALL(h5l_writer_finish(w, &e), &e)) return 0;
    return (int)ok;
}

static void verify_ds(h5l_file *f, const char *path, const port_type *t, uint64_t salt)
{
    h5l_obj *o = NULL;
    h5l_error e;
    unsigned char *got = (unsigned char *)malloc(ROWS * 8), *want = (unsigned char *)malloc(ROWS * 8);
    if (!got || !want) exit(2);
    if (PCALL(h5l_obj_open(f, path, &o, &e), &e)) {
        port_fill(want, t, 0, ROWS, salt, -1);
        if (PCALL(h5l_dataset_read(o, 0, ROWS, got, ROWS * 8, &e), &e))
            PCHECK(memcmp(got, want, ROWS * 8) == 0, "%s: values differ", path);
        h5l_obj_close(o);
    }
    free(got);
    free(want);
}

static void verify_parallel(const char *path)
{
    h5l_file *f = NULL;
    h5l_error e;
    unsigned i;
    char name[64];
    if (!PCALL(h5l_open(path, NULL, &f, &e), &e)) return;
    for (i = 0; i < NCOLS; i++) {
        sprintf(name, "/cols/c%u", i);
        verify_ds(f, name, (i & 1u) ? TF64() : T64(), 10u + i);
    }
    verify_ds(f, "/range_w", T64(), 40);
    verify_ds(f, "/range_p", T64(), 42);
    h5l_close(f);
}

/* ---------------------------------------------------------------- two writers at once */

typedef struct twojob {
    char path[600];
    unsigned flags;
    int ok;
} twojob;

static void *two_run(void *arg)
{
    twojob *j = (twojob *)arg;
    j->ok = write_parallel(j->path, j->flags);
    return NULL;
}

/* ---------------------------------------------------------------- readers */

/* A file with a table, groups, attributes for the readers. */
static void write_read_fixture(const char *path)
{
    h5l_writer *w = NULL;
    h5l_error e;
    h5l_column_spec sp;
    h5l_column_dsets a, s;
    unsigned char buf[8 * 1000];
    char sdata[16 * 1000];
    uint64_t offs[1001], pos = 0, i, dims[1] = {1000};
    h5l_dset g[4];
    unsigned k;
    char name[64];

    if (!PCALL(h5l_writer_open(path, NULL, &w, &e), &e)) return;
    PCALL(h5l_table_create(w, NULL, &e), &e);
    memset(&sp, 0, sizeof sp);
    sp.name = "a";
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = H5L_T_F64 | H5L_T_BE;
    sp.rows = 1000;
    sp.validity = H5L_VALID_BITMAP;
    PCALL(h5l_table_add_column(w, NULL, &sp, &a, &e), &e);
    for (i = 0; i < 1000; i++) { offs[i] = pos; pos += port_var_string(sdata + pos, i, 77); }
    offs[1000] = pos;
    memset(&sp, 0, sizeof sp);
    sp.name = "s";
    sp.kind = H5L_COL_STRING;
    sp.type = H5L_T_I64;
    sp.rows = 1000;
    sp.str_bytes = pos;
    PCALL(h5l_table_add_column(w, NULL, &sp, &s, &e), &e);
    for (k = 0; k < 4; k++) {
        sprintf(name, "/g%u/sub/x%u", k, k);
        PCALL(h5l_writer_dataset(w, name, H5L_T_I32 | (k & 1u ? H5L_T_BE : 0u), 1, dims, &g[k], &e), &e);
        sprintf(name, "/g%u", k);
        PCALL(h5l_writer_attr_string(w, name, "label", "group attribute", &e), &e);
    }
    if (!PCALL(h5l_writer_layout(w, &e), &e)) { h5l_writer_abort(w); return; }
    port_fill(buf, TF64(), 0, 1000, 70, 1);
    PCALL(h5l_writer_write(w, a.data, 0, 1000, buf, &e), &e);
    memset(buf, 0, 125);
    for (i = 0; i < 1000; i++)
        if (port_valid(i, 71)) buf[i / 8] |= (unsigned char)(1u << (i % 8));
    PCALL(h5l_writer_write(w, a.null_bitmap, 0, 125, buf, &e), &e);
    PCALL(h5l_writer_write(w, s.data, 0, pos, sdata, &e), &e);
    {
        uint64_t esz = h5l_writer_size(w, s.indices) / 1001;
        for (i = 0; i <= 1000; i++) port_encode(buf + i * esz, offs[i], (unsigned)esz, 0);
        PCALL(h5l_writer_write(w, s.indices, 0, 1001, buf, &e), &e);
    }
    for (k = 0; k < 4; k++) {
        port_fill(buf, port_type_by_code(H5L_T_I32), 0, 1000, 80u + k, (int)(k & 1u));
        PCALL(h5l_writer_write(w, g[k], 0, 1000, buf, &e), &e);
    }
    PCALL(h5l_writer_finish(w, &e), &e);
}

typedef struct rjob {
    h5l_file *f;
    unsigned id;
    unsigned iters;
    int failures;
    char msg[600];
    uint64_t links_seen;
} rjob;

#define RFAIL(j, ...) do { if (!(j)->failures++) snprintf((j)->msg, sizeof (j)->msg, __VA_ARGS__); } while (0)

typedef struct walkctx {
    rjob *j;
    const h5l_obj *g;
    int depth;
} walkctx;

static int walk_cb(void *ctx, const h5l_link *l)
{
    walkctx *w = (walkctx *)ctx;
    h5l_obj *o = NULL;
    h5l_error e;
    w->j->links_seen++;
    if (l->type != H5L_LINK_HARD) return 0;
    if (h5l_obj_open_addr(h5l_obj_get_file(w->g), l->addr, &o, &e) != H5L_OK) {
        RFAIL(w->j, "open_addr %s: %s", l->name, e.msg);
        return 1;
    }
    if (h5l_obj_get_kind(o) == H5L_OBJ_GROUP && w->depth < 8) {
        walkctx sub;
        sub.j = w->j;
        sub.g = o;
        sub.depth = w->depth + 1;
        if (h5l_group_iterate(o, (w->j->id + (unsigned)w->depth) % 2 ? H5L_ITER_NATIVE : H5L_ITER_NAME, walk_cb, &sub, &e) != H5L_OK)
            RFAIL(w->j, "iterate %s: %s", l->name, e.msg);
    } else if (h5l_obj_get_kind(o) == H5L_OBJ_DATASET) {
        h5l_attrs *as = NULL;
        if (h5l_attrs_open(o, &as, &e) != H5L_OK) RFAIL(w->j, "attrs %s: %s", l->name, e.msg);
        h5l_attrs_close(as);
    }
    h5l_obj_close(o);
    return 0;
}

static void *rjob_run(void *arg)
{
    rjob *j = (rjob *)arg;
    h5l_error e;
    unsigned it, k;
    unsigned char *want = (unsigned char *)malloc(8000), *got = (unsigned char *)malloc(8000);
    if (!want || !got) exit(2);
    for (it = 0; it < j->iters; it++) {
        h5l_obj *root = NULL, *o = NULL;
        h5l_table *t = NULL;
        char name[64], lab[64];
        /* groups */
        if (h5l_obj_open(j->f, "/", &root, &e) != H5L_OK) { RFAIL(j, "open /: %s", e.msg); break; }
        {
            walkctx w;
            w.j = j;
            w.g = root;
            w.depth = 0;
            if (h5l_group_iterate(root, H5L_ITER_NAME, walk_cb, &w, &e) != H5L_OK) RFAIL(j, "iterate /: %s", e.msg);
        }
        h5l_obj_close(root);
        /* datasets by path, typed reads */
        k = (j->id + it) % 4u;
        sprintf(name, "/g%u/sub/x%u", k, k);
        if (h5l_obj_open(j->f, name, &o, &e) != H5L_OK) { RFAIL(j, "open %s: %s", name, e.msg); continue; }
        port_fill(want, port_type_by_code(H5L_T_I32), 0, 1000, 80u + k, -1);
        if (h5l_dataset_read(o, 0, 1000, got, 4000, &e) != H5L_OK) RFAIL(j, "read %s: %s", name, e.msg);
        else if (memcmp(got, want, 4000) != 0) RFAIL(j, "%s: values differ", name);
        h5l_obj_close(o);
        sprintf(name, "/g%u", k);
        if (h5l_obj_open(j->f, name, &o, &e) != H5L_OK) { RFAIL(j, "open %s: %s", name, e.msg); continue; }
        if (h5l_attr_read_string(o, "label", lab, sizeof lab, &e) != H5L_OK || strcmp(lab, "group attribute") != 0)
            RFAIL(j, "%s label: %s", name, e.msg);
        h5l_obj_close(o);
        /* a table per thread */
        if (h5l_table_open(j->f, NULL, &t, &e) != H5L_OK) { RFAIL(j, "table_open: %s", e.msg); continue; }
        {
            const h5l_column *a = h5l_table_find(t, "a"), *s = h5l_table_find(t, "s");
            uint64_t i, nulls = 0;
            if (!a || !s) { RFAIL(j, "columns missing"); h5l_table_close(t); continue; }
            for (i = 0; i < 1000; i++) {
                const char *sv;
                size_t sl;
                char ws[32];
                size_t wl = port_var_string(ws, i, 77);
                nulls += (uint64_t)!port_valid(i, 71);
                if (h5l_column_is_null(a, i) != !port_valid(i, 71)) RFAIL(j, "a[%llu] null", (unsigned long long)i);
                if (h5l_column_string(s, i, &sv, &sl, &e) != H5L_OK || sl != wl || memcmp(sv, ws, wl) != 0)
                    RFAIL(j, "s[%llu]", (unsigned long long)i);
            }
            if (a->null_count != nulls) RFAIL(j, "a null_count");
            if (a->data && a->data->data) {
                memcpy(got, a->data->data, 8000);
                h5l_to_native(a->data->type, got, 1000);
                port_fill(want, TF64(), 0, 1000, 70, -1);
                if (memcmp(got, want, 8000) != 0) RFAIL(j, "a values differ");
            } else RFAIL(j, "a has no data");
        }
        h5l_table_close(t);
    }
    free(want);
    free(got);
    return NULL;
}

int main(int argc, char **argv)
{
    char p1[600];
    unsigned i;
    if (argc < 2) { fprintf(stderr, "usage: %s DIR [THREADS]\n", argv[0]); return 2; }
    snprintf(g_dir, sizeof g_dir, "%s", argv[1]);
    if (argc > 2) g_threads = (unsigned)atoi(argv[2]);
    if (g_threads < 2) g_threads = 2;
    if (g_threads > NTHREADS_MAX) g_threads = NTHREADS_MAX;

    /* 1. concurrent readers of one file handle */
    pathof(p1, sizeof p1, "threads_read.h5");
    write_read_fixture(p1);
    {
        h5l_file *f = NULL;
        h5l_error e;
        pthread_t th[NTHREADS_MAX];
        rjob jobs[NTHREADS_MAX];
        if (PCALL(h5l_open(p1, NULL, &f, &e), &e)) {
            memset(jobs, 0, sizeof jobs);
            for (i = 0; i < g_threads; i++) {
                jobs[i].f = f;
                jobs[i].id = i;
                jobs[i].iters = 12;
                if (pthread_create(&th[i], NULL, rjob_run, &jobs[i]) != 0) return 2;
            }
            for (i = 0; i < g_threads; i++) pthread_join(th[i], NULL);
            for (i = 0; i < g_threads; i++) {
                PCHECK(jobs[i].failures == 0, "reader %u: %d failure(s), first: %s", i, jobs[i].failures, jobs[i].msg);
                PCHECK(jobs[i].links_seen > 12 * 10, "reader %u saw only %llu links", i, (unsigned long long)jobs[i].links_seen);
            }
            h5l_close(f);
        }
    }

    /* 2. one writer, many filling threads (mapped, then without mmap) */
    pathof(p1, sizeof p1, "threads_write.h5");
    if (write_parallel(p1, 0)) verify_parallel(p1);
    pathof(p1, sizeof p1, "threads_write_nommap.h5");
    if (write_parallel(p1, H5L_WRITE_NO_MMAP)) verify_parallel(p1);

    /* 3. two writers in two threads */
    {
        twojob a, b;
        pthread_t ta, tb;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        pathof(a.path, sizeof a.path, "threads_two_a.h5");
        pathof(b.path, sizeof b.path, "threads_two_b.h5");
        b.flags = H5L_WRITE_NO_MMAP;
        pthread_create(&ta, NULL, two_run, &a);
        pthread_create(&tb, NULL, two_run, &b);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        PCHECK(a.ok && b.ok, "two writers: %d %d", a.ok, b.ok);
        if (a.ok) verify_parallel(a.path);
        if (b.ok) verify_parallel(b.path);
    }
    if (port_failures) {
        fprintf(stderr, "test_threads: %d check(s) FAILED\n", port_failures);
        return 1;
    }
    printf("test_threads: ok (%u threads: shared readers, column and row-range writers, two writers)\n", g_threads);
    return 0;
}
