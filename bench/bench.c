/*
 * bench.c — hdf5lite side by side with libhdf5 (the peer) and the raw limit.
 *
 *   bench [--quick] [--runs N] [--disk DIR] [--tmpfs DIR] [--cases LIST]
 *
 * Every case runs each contender --runs times (default 3) and reports the
 * median; ratios come from the same run. Cases (issue 6):
 *   write     8 float64 columns x 16M rows (1 GiB) to tmpfs and disk:
 *             hdf5lite mapped pointer, hdf5lite pwrite path, libhdf5 H5Dwrite,
 *             raw pwrite of the same bytes
 *   parallel  the same table filled by 1, 2, 4 threads and by 4 processes
 *   meta      10,000 columns x 10 rows: create, and open + locate every column
 *   scaling   open + locate for 10 .. 100,000 columns, files by both libraries
 *   scan      sum a 1 GiB float64 column: mapped pointer, H5Dread, in-memory sum
 *   lookup    open a 100,000-column file and read one column by path
 *   footprint object size and peak RSS of a full walk
 * Timing results never gate tests; this program only reports.
 */
#define _GNU_SOURCE 1
#include "hdf5lite.h"
#include <hdf5.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int g_runs = 3;
static int g_quick = 0;
static const char *g_disk = "build/bench-data";
static const char *g_tmpfs = "/dev/shm";
static const char *g_cases = "write,parallel,meta,scaling,scan,lookup,footprint";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const h5l_error *e)
{
    fprintf(stderr, "bench: %s: %s\n", what, e ? e->msg : strerror(errno));
    exit(1);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int want(const char *c) { return strstr(g_cases, c) != NULL; }

/* ---------------------------------------------------------------- output -- */

static void row3(const char *name, const char *unit, double lite, double peer, double limit)
{
    printf("| %-44s | %10.3f | %10.3f | %10.3f | %6.2fx | %7.2fx |\n", name, lite, peer, limit,
           limit > 0 && lite > 0 ? limit / lite : 0.0, peer > 0 && lite > 0 ? peer / lite : 0.0);
    (void)unit;
}

static void header(const char *title, const char *unit)
{
    printf("\n### %s (median of %d runs, %s; lower is better)\n\n", title, g_runs, unit);
    printf("| %-44s | %10s | %10s | %10s | %7s | %8s |\n", "case", "hdf5lite", "libhdf5", "limit", "lim/lite",
           "h5/lite");
    printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "------------",
           "------------", "------------", "---------", "----------");
}

/* ----------------------------------------------------------- data source -- */

#define NCOL 8
static uint64_t g_rows;
static double *g_src[NCOL];

static void make_source(void)
{
    int c;
    uint64_t i;
    for (c = 0; c < NCOL; c++) {
        g_src[c] = (double *)malloc(g_rows * sizeof(double));
        if (!g_src[c]) die("malloc source", NULL);
        for (i = 0; i < g_rows; i++) g_src[c][i] = (double)i * 0.5 + c;
    }
}

/* ----------------------------------------------------------- contenders -- */

static h5l_writer *lite_layout(const char *path, unsigned flags, h5l_column_dsets *ids, uint64_t rows, int ncol)
{
    h5l_writer *w;
    h5l_error e;
    h5l_write_options o;
    int c;
    memset(&o, 0, sizeof o);
    o.flags = flags | H5L_WRITE_NO_SYNC;
    if (h5l_writer_open(path, &o, &w, &e)) die("h5l_writer_open", &e);
    if (h5l_table_create(w, "/table", &e)) die("h5l_table_create", &e);
    for (c = 0; c < ncol; c++) {
        h5l_column_spec s;
        char name[32];
        memset(&s, 0, sizeof s);
        snprintf(name, sizeof name, "c%d", c);
        s.name = name;
        s.kind = H5L_COL_PRIMITIVE;
        s.type = H5L_T_F64;
        s.rows = rows;
        if (h5l_table_add_column(w, "/table", &s, &ids[c], &e)) die("h5l_table_add_column", &e);
    }
    if (h5l_writer_layout(w, &e)) die("h5l_writer_layout", &e);
    return w;
}

static double t_lite_mmap(const char *path)
{
    h5l_column_dsets ids[NCOL];
    h5l_error e;
    double t0 = now();
    h5l_writer *w = lite_layout(path, 0, ids, g_rows, NCOL);
    int c;
    for (c = 0; c < NCOL; c++) {
        void *p = h5l_writer_ptr(w, ids[c].data);
        if (!p) die("h5l_writer_ptr returned NULL", NULL);
        memcpy(p, g_src[c], g_rows * sizeof(double));
    }
    if (h5l_writer_finish(w, &e)) die("h5l_writer_finish", &e);
    return now() - t0;
}

static double t_lite_pwrite(const char *path)
{
    h5l_column_dsets ids[NCOL];
    h5l_error e;
    double t0 = now();
    h5l_writer *w = lite_layout(path, H5L_WRITE_NO_MMAP, ids, g_rows, NCOL);
    int c;
    for (c = 0; c < NCOL; c++)
        if (h5l_writer_write(w, ids[c].data, 0, g_rows, g_src[c], &e)) die("h5l_writer_write", &e);
    if (h5l_writer_finish(w, &e)) die("h5l_writer_finish", &e);
    return now() - t0;
}

static void h5_fail(const char *what)
{
    fprintf(stderr, "bench: libhdf5 %s failed\n", what);
    exit(1);
}

/* libhdf5 writing the same vaex structure, contiguous datasets. */
static void h5_write_table(const char *path, uint64_t rows, int ncol, double **src)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), g, cols;
    int c;
    if (f < 0) h5_fail("H5Fcreate");
    g = H5Gcreate2(f, "/table", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    cols = H5Gcreate2(g, "columns", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (c = 0; c < ncol; c++) {
        char name[32];
        hsize_t dims[1];
        hid_t cg, sp, ds;
        snprintf(name, sizeof name, "c%d", c);
        dims[0] = rows;
        cg = H5Gcreate2(cols, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        sp = H5Screate_simple(1, dims, NULL);
        ds = H5Dcreate2(cg, "data", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (ds < 0) h5_fail("H5Dcreate2");
        if (src && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, src[c]) < 0) h5_fail("H5Dwrite");
        else if (!src) {
            double z[16] = {0};
            if (rows <= 16 && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, z) < 0) h5_fail("H5Dwrite");
        }
        H5Dclose(ds);
        H5Sclose(sp);
        H5Gclose(cg);
    }
    H5Gclose(cols);
    H5Gclose(g);
    H5Fclose(f);
}

static double t_h5_write(const char *path)
{
    double t0 = now();
    h5_write_table(path, g_rows, NCOL, g_src);
    return now() - t0;
}

static double t_raw_pwrite(const char *path)
{
    double t0 = now();
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), c;
    uint64_t off = 4096;
    if (fd < 0) die("open", NULL);
    for (c = 0; c < NCOL; c++) {
        const char *p = (const char *)g_src[c];
        size_t n = (size_t)(g_rows * sizeof(double));
        while (n) {
            ssize_t r = pwrite(fd, p, n > (1u << 30) ? (1u << 30) : n, (off_t)off);
            if (r <= 0) die("pwrite", NULL);
            p += r;
            n -= (size_t)r;
            off += (uint64_t)r;
        }
    }
    close(fd);
    return now() - t0;
}

typedef double (*timed_fn)(const char *path);

static double run_median(timed_fn fn, const char *path)
{
    double v[32];
    int i;
    for (i = 0; i < g_runs && i < 32; i++) {
        unlink(path);
        v[i] = fn(path);
    }
    unlink(path);
    return median(v, i);
}

static void case_write(void)
{
    const char *dirs[2];
    int d;
    dirs[0] = g_tmpfs;
    dirs[1] = g_disk;
    header("Bulk write: 8 float64 columns x rows, no fsync", "seconds");
    for (d = 0; d < 2; d++) {
        char path[512], name[128];
        double lm, lp, h5, raw;
        snprintf(path, sizeof path, "%s/bench_write.h5", dirs[d]);
        lm = run_median(t_lite_mmap, path);
        lp = run_median(t_lite_pwrite, path);
        h5 = run_median(t_h5_write, path);
        raw = run_median(t_raw_pwrite, path);
        snprintf(name, sizeof name, "%s, mapped pointer (%llu MiB)", d ? "disk" : "tmpfs",
                 (unsigned long long)(g_rows * 8 * NCOL >> 20));
        row3(name, "s", lm, h5, raw);
        snprintf(name, sizeof name, "%s, positional writes", d ? "disk" : "tmpfs");
        row3(name, "s", lp, h5, raw);
    }
}

/* ------------------------------------------------------------- parallel -- */

typedef struct {
    h5l_writer *w;
    h5l_column_dsets *ids;
    int first, step;
} fill_arg;

static void *fill_thread(void *p)
{
    fill_arg *a = (fill_arg *)p;
    int c;
    for (c = a->first; c < NCOL; c += a->step) {
        void *dst = h5l_writer_ptr(a->w, a->ids[c].data);
        memcpy(dst, g_src[c], g_rows * sizeof(double));
    }
    return NULL;
}

static int g_threads = 1;
static double t_threads(const char *path)
{
    h5l_column_dsets ids[NCOL];
    pthread_t th[8];
    fill_arg args[8];
    h5l_error e;
    int i;
    double t0 = now();
    h5l_writer *w = lite_layout(path, 0, ids, g_rows, NCOL);
    for (i = 0; i < g_threads; i++) {
        args[i].w = w;
        args[i].ids = ids;
        args[i].first = i;
        args[i].step = g_threads;
        pthread_create(&th[i], NULL, fill_thread, &args[i]);
    }
    for (i = 0; i < g_threads; i++) pthread_join(th[i], NULL);
    if (h5l_writer_finish(w, &e)) die("finish", &e);
    return now() - t0;
}

static double t_procs(const char *path)
{
    h5l_column_dsets ids[NCOL];
    h5l_error e;
    int i, nproc = 4;
    double t0 = now();
    h5l_writer *w = lite_layout(path, H5L_WRITE_NO_MMAP, ids, g_rows, NCOL);
    const char *tmp = h5l_writer_temp_path(w);
    for (i = 0; i < nproc; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(tmp, O_WRONLY), c;
            for (c = i; c < NCOL; c += nproc) {
                uint64_t off = h5l_writer_offset(w, ids[c].data);
                const char *p = (const char *)g_src[c];
                size_t n = (size_t)(g_rows * sizeof(double));
                while (n) {
                    ssize_t r = pwrite(fd, p, n, (off_t)off);
                    if (r <= 0) _exit(1);
                    p += r;
                    n -= (size_t)r;
                    off += (uint64_t)r;
                }
            }
            close(fd);
            _exit(0);
        }
    }
    for (i = 0; i < nproc; i++) {
        int st;
        wait(&st);
        if (!WIFEXITED(st) || WEXITSTATUS(st)) die("child writer failed", NULL);
    }
    if (h5l_writer_finish(w, &e)) die("finish", &e);
    return now() - t0;
}

static void case_parallel(void)
{
    char path[512];
    double raw;
    int t;
    snprintf(path, sizeof path, "%s/bench_par.h5", g_tmpfs);
    header("Parallel fill on tmpfs (same table)", "seconds");
    raw = run_median(t_raw_pwrite, path);
    for (t = 1; t <= 4; t *= 2) {
        char name[64];
        g_threads = t;
        snprintf(name, sizeof name, "%d thread%s, mapped pointers", t, t > 1 ? "s" : "");
        row3(name, "s", run_median(t_threads, path), 0, raw);
    }
    row3("4 processes, pwrite after one layout", "s", run_median(t_procs, path), 0, raw);
}

/* ------------------------------------------------------------- metadata -- */

static uint64_t g_meta_cols;

static void lite_write_meta(const char *path, uint64_t ncol)
{
    h5l_writer *w;
    h5l_error e;
    h5l_write_options o;
    uint64_t c;
    memset(&o, 0, sizeof o);
    o.flags = H5L_WRITE_NO_SYNC;
    if (h5l_writer_open(path, &o, &w, &e)) die("open", &e);
    if (h5l_table_create(w, "/table", &e)) die("table", &e);
    for (c = 0; c < ncol; c++) {
        h5l_column_spec s;
        h5l_column_dsets ids;
        char name[32];
        memset(&s, 0, sizeof s);
        snprintf(name, sizeof name, "c%llu", (unsigned long long)c);
        s.name = name;
        s.kind = H5L_COL_PRIMITIVE;
        s.type = H5L_T_F64;
        s.rows = 10;
        if (h5l_table_add_column(w, "/table", &s, &ids, &e)) die("add_column", &e);
    }
    if (h5l_writer_finish(w, &e)) die("finish", &e);
}

static double t_lite_create(const char *path)
{
    double t0 = now();
    lite_write_meta(path, g_meta_cols);
    return now() - t0;
}

static double t_h5_create(const char *path)
{
    double t0 = now();
    h5_write_table(path, 10, (int)g_meta_cols, NULL);
    return now() - t0;
}

/* Open the file and locate every column: name, type, data offset. */
static uint64_t g_sink;
static void lite_locate(const char *path)
{
    h5l_file *f;
    h5l_table *t;
    h5l_error e;
    size_t i, n;
    if (h5l_open(path, NULL, &f, &e)) die("h5l_open", &e);
    if (h5l_table_open(f, "/table", &t, &e)) die("h5l_table_open", &e);
    n = h5l_table_ncolumns(t);
    for (i = 0; i < n; i++) {
        const h5l_column *c = h5l_table_column(t, i);
        g_sink += c->data->offset + c->data->type->size + (uint64_t)c->name[0];
    }
    h5l_table_close(t);
    h5l_close(f);
}

typedef struct {
    hid_t cols;
} h5_it;

static herr_t h5_locate_cb(hid_t g, const char *name, const H5L_info_t *info, void *ud)
{
    char p[300];
    hid_t d, t;
    (void)info;
    (void)ud;
    snprintf(p, sizeof p, "%s/data", name);
    d = H5Dopen2(g, p, H5P_DEFAULT);
    if (d < 0) return -1;
    t = H5Dget_type(d);
    g_sink += (uint64_t)H5Dget_offset(d) + (uint64_t)H5Tget_size(t);
    H5Tclose(t);
    H5Dclose(d);
    return 0;
}

static void h5_locate(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), g;
    if (f < 0) h5_fail("H5Fopen");
    g = H5Gopen2(f, "/table/columns", H5P_DEFAULT);
    if (H5Literate(g, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, h5_locate_cb, NULL) < 0) h5_fail("H5Literate");
    H5Gclose(g);
    H5Fclose(f);
}

static const char *g_locate_path;
static double t_lite_locate(const char *unused)
{
    double t0 = now();
    (void)unused;
    lite_locate(g_locate_path);
    return now() - t0;
}
static double t_h5_locate(const char *unused)
{
    double t0 = now();
    (void)unused;
    h5_locate(g_locate_path);
    return now() - t0;
}

static double median_nounlink(timed_fn fn)
{
    double v[32];
    int i;
    for (i = 0; i < g_runs && i < 32; i++) v[i] = fn(NULL);
    return median(v, i);
}

/* Peak RSS (KiB) of running fn(path) in a fresh child process. */
static long peak_rss(void (*fn)(const char *), const char *path)
{
    pid_t pid = fork();
    struct rusage ru;
    int st;
    if (pid == 0) {
        fn(path);
        _exit(0);
    }
    if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) die("child failed", NULL);
    return ru.ru_maxrss;
}

static void noop(const char *p) { (void)p; }

static void case_meta(void)
{
    char lp[512], hp[512], name[128];
    long base, rl, rh;
    g_meta_cols = g_quick ? 1000 : 10000;
    snprintf(lp, sizeof lp, "%s/meta_lite.h5", g_disk);
    snprintf(hp, sizeof hp, "%s/meta_h5.h5", g_disk);
    header("Metadata: table of N columns x 10 rows", "seconds");
    snprintf(name, sizeof name, "create %llu columns", (unsigned long long)g_meta_cols);
    row3(name, "s", run_median(t_lite_create, lp), run_median(t_h5_create, hp), 0);
    lite_write_meta(lp, g_meta_cols);
    h5_write_table(hp, 10, (int)g_meta_cols, NULL);
    g_locate_path = lp;
    {
        double l = median_nounlink(t_lite_locate), h = median_nounlink(t_h5_locate);
        snprintf(name, sizeof name, "open + locate all, hdf5lite's file");
        row3(name, "s", l, h, 0);
    }
    g_locate_path = hp;
    {
        double l = median_nounlink(t_lite_locate), h = median_nounlink(t_h5_locate);
        snprintf(name, sizeof name, "open + locate all, libhdf5's file");
        row3(name, "s", l, h, 0);
    }
    base = peak_rss(noop, lp);
    rl = peak_rss(lite_locate, lp);
    rh = peak_rss(h5_locate, lp);
    printf("\nPeak RSS of open + locate (%llu columns): hdf5lite %ld KiB, libhdf5 %ld KiB, empty child %ld KiB; "
           "above the empty child: hdf5lite %ld KiB, libhdf5 %ld KiB (ratio %.1fx)\n",
           (unsigned long long)g_meta_cols, rl, rh, base, rl - base, rh - base,
           rl - base > 0 ? (double)(rh - base) / (double)(rl - base) : 0.0);
}

static void case_scaling(void)
{
    static const uint64_t ns[] = {10, 100, 1000, 10000, 100000};
    size_t i;
    printf("\n### Scaling: open + locate every column (median of %d runs, milliseconds)\n\n", g_runs);
    printf("| columns | lite on lite file | libhdf5 on lite file | lite on libhdf5 file | libhdf5 on libhdf5 file | lite us/col |\n");
    printf("|---|---|---|---|---|---|\n");
    for (i = 0; i < sizeof ns / sizeof *ns; i++) {
        char lp[512], hp[512];
        double a, b, c, d;
        if (g_quick && ns[i] > 1000) break;
        snprintf(lp, sizeof lp, "%s/scale_lite.h5", g_disk);
        snprintf(hp, sizeof hp, "%s/scale_h5.h5", g_disk);
        lite_write_meta(lp, ns[i]);
        h5_write_table(hp, 10, (int)ns[i], NULL);
        g_locate_path = lp;
        a = median_nounlink(t_lite_locate);
        b = median_nounlink(t_h5_locate);
        g_locate_path = hp;
        c = median_nounlink(t_lite_locate);
        d = median_nounlink(t_h5_locate);
        printf("| %llu | %.3f | %.3f | %.3f | %.3f | %.3f |\n", (unsigned long long)ns[i], a * 1e3, b * 1e3, c * 1e3,
               d * 1e3, a * 1e6 / (double)ns[i]);
        fflush(stdout);
        unlink(lp);
        unlink(hp);
    }
}

/* ----------------------------------------------------------------- scan -- */

static uint64_t g_scan_rows;
static const char *g_scan_path;
static double g_sum;

static void scan_write(const char *path)
{
    h5l_column_dsets ids[1];
    h5l_error e;
    h5l_writer *w = lite_layout(path, 0, ids, g_scan_rows, 1);
    double *p = (double *)h5l_writer_ptr(w, ids[0].data);
    uint64_t i;
    for (i = 0; i < g_scan_rows; i++) p[i] = (double)(i & 1023) * 0.25;
    if (h5l_writer_finish(w, &e)) die("finish", &e);
}

static double sum_array(const double *p, uint64_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    uint64_t i;
    for (i = 0; i + 4 <= n; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    for (; i < n; i++) s0 += p[i];
    return (s0 + s1) + (s2 + s3);
}

static double t_scan_lite(const char *unused)
{
    h5l_file *f;
    h5l_obj *o;
    h5l_error e;
    double t0 = now();
    const h5l_dataset_info *d;
    (void)unused;
    if (h5l_open(g_scan_path, NULL, &f, &e)) die("h5l_open", &e);
    if (h5l_obj_open(f, "/table/columns/c0/data", &o, &e)) die("h5l_obj_open", &e);
    d = h5l_obj_dataset(o);
    g_sum += sum_array((const double *)d->data, d->space.npoints);
    h5l_obj_close(o);
    h5l_close(f);
    return now() - t0;
}

static double t_scan_h5(const char *unused)
{
    double t0 = now();
    hid_t f = H5Fopen(g_scan_path, H5F_ACC_RDONLY, H5P_DEFAULT), d;
    double *buf = (double *)malloc(g_scan_rows * sizeof(double));
    (void)unused;
    if (f < 0 || !buf) h5_fail("H5Fopen");
    d = H5Dopen2(f, "/table/columns/c0/data", H5P_DEFAULT);
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) h5_fail("H5Dread");
    g_sum += sum_array(buf, g_scan_rows);
    free(buf);
    H5Dclose(d);
    H5Fclose(f);
    return now() - t0;
}

static double *g_mem;
static double t_scan_mem(const char *unused)
{
    double t0 = now();
    (void)unused;
    g_sum += sum_array(g_mem, g_scan_rows);
    return now() - t0;
}

static void drop_cache(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        fdatasync(fd);
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        close(fd);
    }
}

static double cold(timed_fn fn)
{
    double v[32];
    int i;
    for (i = 0; i < g_runs && i < 32; i++) {
        drop_cache(g_scan_path);
        v[i] = fn(NULL);
    }
    return median(v, i);
}

static void case_scan(void)
{
    char path[512];
    uint64_t i;
    g_scan_rows = g_quick ? (1u << 22) : (1u << 27);
    snprintf(path, sizeof path, "%s/scan.h5", g_disk);
    g_scan_path = path;
    scan_write(path);
    g_mem = (double *)malloc(g_scan_rows * sizeof(double));
    for (i = 0; i < g_scan_rows; i++) g_mem[i] = (double)(i & 1023) * 0.25;
    header("Scan: sum one float64 column", "seconds");
    t_scan_lite(NULL); /* warm the page cache */
    row3("warm cache: mapped pointer / H5Dread / array", "s", median_nounlink(t_scan_lite), median_nounlink(t_scan_h5),
         median_nounlink(t_scan_mem));
    row3("cold cache (fadvise DONTNEED) / array", "s", cold(t_scan_lite), cold(t_scan_h5), median_nounlink(t_scan_mem));
    free(g_mem);
    unlink(path);
}

/* --------------------------------------------------------------- lookup -- */

static double t_lookup_lite(const char *unused)
{
    h5l_file *f;
    h5l_obj *o;
    h5l_error e;
    double t0 = now(), buf[10];
    (void)unused;
    if (h5l_open(g_locate_path, NULL, &f, &e)) die("h5l_open", &e);
    if (h5l_obj_open(f, "/table/columns/c77777/data", &o, &e)) die("h5l_obj_open", &e);
    if (h5l_dataset_read(o, 0, 10, buf, sizeof buf, &e)) die("read", &e);
    g_sum += buf[0];
    h5l_obj_close(o);
    h5l_close(f);
    return now() - t0;
}

static double t_lookup_h5(const char *unused)
{
    double t0 = now(), buf[10];
    hid_t f = H5Fopen(g_locate_path, H5F_ACC_RDONLY, H5P_DEFAULT), d;
    (void)unused;
    d = H5Dopen2(f, "/table/columns/c77777/data", H5P_DEFAULT);
    if (d < 0 || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) h5_fail("H5Dread");
    g_sum += buf[0];
    H5Dclose(d);
    H5Fclose(f);
    return now() - t0;
}

static void case_lookup(void)
{
    char lp[512], hp[512];
    uint64_t n = g_quick ? 80000 : 100000;
    snprintf(lp, sizeof lp, "%s/lookup_lite.h5", g_disk);
    snprintf(hp, sizeof hp, "%s/lookup_h5.h5", g_disk);
    lite_write_meta(lp, n);
    h5_write_table(hp, 10, (int)n, NULL);
    header("Lookup: open a 100,000-column file, read one column by path", "milliseconds");
    g_locate_path = lp;
    {
        double a = median_nounlink(t_lookup_lite) * 1e3, b = median_nounlink(t_lookup_h5) * 1e3;
        row3("hdf5lite's file", "ms", a, b, 0);
    }
    g_locate_path = hp;
    {
        double a = median_nounlink(t_lookup_lite) * 1e3, b = median_nounlink(t_lookup_h5) * 1e3;
        row3("libhdf5's file", "ms", a, b, 0);
    }
    unlink(lp);
    unlink(hp);
}

/* ------------------------------------------------------------ footprint -- */

static herr_t h5_visit_cb(hid_t o, const char *name, const H5O_info_t *info, void *ud)
{
    (void)ud;
    if (info->type == H5O_TYPE_DATASET) {
        hid_t d = H5Dopen2(o, name, H5P_DEFAULT), t = H5Dget_type(d), s = H5Dget_space(d);
        hsize_t dims[32];
        int r = H5Sget_simple_extent_dims(s, dims, NULL);
        g_sink += (uint64_t)H5Dget_offset(d) + (uint64_t)r + (uint64_t)H5Tget_size(t);
        H5Sclose(s);
        H5Tclose(t);
        H5Dclose(d);
    }
    return 0;
}

static void h5_walk(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) h5_fail("H5Fopen");
    H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, h5_visit_cb, NULL);
    H5Fclose(f);
}

static long rss_of_command(const char *cmd)
{
    pid_t pid = fork();
    struct rusage ru;
    int st;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    if (wait4(pid, &st, 0, &ru) < 0) return -1;
    return ru.ru_maxrss;
}

static void case_footprint(void)
{
    char lp[512], cmd[1024];
    long r_lite, r_h5;
    snprintf(lp, sizeof lp, "%s/foot.h5", g_disk);
    lite_write_meta(lp, 10000);
    printf("\n### Footprint\n\n");
    fflush(stdout);
    if (system("for o in -O2 -Os; do cc $o -std=c99 -c hdf5lite.c -o build/bench-data/fp.o && "
               "size build/bench-data/fp.o | awk -v o=$o 'NR==2{printf(\"hdf5lite.o %s: text %d + data %d = %d bytes\\n\", o, $1, $2, $1+$2)}'; done; "
               "f=$(readlink -f /usr/lib/x86_64-linux-gnu/libhdf5_serial.so); size $f | awk 'NR==2{printf(\"libhdf5 shared library: text %d + data %d = %d bytes\\n\", $1, $2, $1+$2)}'") != 0)
        fprintf(stderr, "bench: size measurement failed\n");
    snprintf(cmd, sizeof cmd, "./mmapcol ls %s", lp);
    r_lite = rss_of_command(cmd);
    r_h5 = peak_rss(h5_walk, lp);
    printf("peak RSS walking the 10,000-column file: mmapcol ls %ld KiB, libhdf5 H5Ovisit+H5Dopen %ld KiB (process totals)\n",
           r_lite, r_h5);
    unlink(lp);
}

int main(int argc, char **argv)
{
    int i;
    time_t t = time(NULL);
    char host[256] = "?", date[64];
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) g_quick = 1;
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) g_runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--disk") && i + 1 < argc) g_disk = argv[++i];
        else if (!strcmp(argv[i], "--tmpfs") && i + 1 < argc) g_tmpfs = argv[++i];
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc) g_cases = argv[++i];
        else {
            fprintf(stderr, "usage: bench [--quick] [--runs N] [--disk DIR] [--tmpfs DIR] [--cases write,parallel,meta,scaling,scan,lookup,footprint]\n");
            return 1;
        }
    }
    if (g_runs < 1) g_runs = 1;
    mkdir(g_disk, 0755);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    gethostname(host, sizeof host);
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
    printf("## hdf5lite %s vs libhdf5 %d.%d.%d — %s, %s, %ld cores%s\n", h5l_version(), H5_VERS_MAJOR, H5_VERS_MINOR,
           H5_VERS_RELEASE, date, host, sysconf(_SC_NPROCESSORS_ONLN), g_quick ? " (quick sizes)" : "");
    g_rows = g_quick ? (1u << 20) : (1u << 24);
    if (want("write") || want("parallel")) make_source();
    if (want("write")) case_write();
    if (want("parallel")) case_parallel();
    if (want("meta")) case_meta();
    if (want("scaling")) case_scaling();
    if (want("scan")) case_scan();
    if (want("lookup")) case_lookup();
    if (want("footprint")) case_footprint();
    printf("\n(checksum %g %llu)\n", g_sum, (unsigned long long)g_sink);
    return 0;
}
