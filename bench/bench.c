/*
 * bench.c — hdf5lite side by side with libhdf5 (the peer) and the raw limit.
 *
 *   bench [--quick] [--runs N] [--disk DIR] [--tmpfs DIR] [--cases LIST]
 *
 * Every case runs each contender --runs times (default 7; 11 for the 1 GiB
 * cases, whose page allocation varies a lot on virtual machines), interleaved, and
 * reports the median; ratios come from the same run. Opening files (meta,
 * scaling, lookup): each timed run follows an untimed run of the same
 * contender, so that neither pays for what the other evicted from the caches
 * and gave back of the heap; the meta case also shows the two table opens
 * timed right after each other. Cases (issue 6):
 *   write     8 float64 columns x 16M rows (1 GiB) to tmpfs and disk:
 *             hdf5lite mapped pointer, hdf5lite pwrite path, libhdf5 H5Dwrite,
 *             raw pwrite of the same bytes
 *   parallel  the same table filled by 1, 2, 4 threads and by 4 processes
 *   meta      10,000 columns x 10 rows: create, and open + locate every column
 *   scaling   open + locate for 10 .. 100,000 columns, files by both libraries
 *   scan      sum a 1 GiB float64 column: mapped pointer, H5Dread, in-memory sum (cold: raw pread)
 *   lookup    open a 100,000-column file and read one column by path
 *   footprint object size and peak RSS of a full walk
 * Timing results never gate tests; this program only reports.
 */
#define _GNU_SOURCE 1
#include "hdf5lite.h"
#include <hdf5.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int g_runs = 7;          /* metadata cases */
static int g_big_runs = 11;     /* the 1 GiB cases (write, parallel, scan): page allocation in this kind of VM varies 2x run to run */
static int g_cur_runs = 5;      /* runs of the case being measured */
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

/* First line of `file` that starts with `key`, value part copied to out. */
static void file_field(const char *file, const char *key, char *out, size_t n)
{
    char line[512];
    size_t kl = strlen(key);
    FILE *fp = fopen(file, "r");
    snprintf(out, n, "?");
    if (!fp) return;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, key, kl) == 0) {
            char *v = line + kl, *e;
            while (*v == ' ' || *v == '\t' || *v == ':') v++;
            e = v + strlen(v);
            while (e > v && (e[-1] == '\n' || e[-1] == ' ')) *--e = 0;
            snprintf(out, n, "%s", v);
            break;
        }
    fclose(fp);
}

static void print_load(const char *when)
{
    char l[128] = "?";
    FILE *fp = fopen("/proc/loadavg", "r");
    if (fp) {
        if (fgets(l, sizeof l, fp)) l[strcspn(l, "\n")] = 0;
        fclose(fp);
    }
    printf("Load average (1, 5, 15 min) %s: %s\n", when, l);
}

/* ---------------------------------------------------------------- output -- */

static void fmt_val(char *b, size_t n, double v)
{
    if (v > 0) snprintf(b, n, "%.3f", v);
    else snprintf(b, n, "n/a");
}

static void fmt_ratio(char *b, size_t n, double num, double den)
{
    if (num > 0 && den > 0) snprintf(b, n, "%.2fx", num / den);
    else snprintf(b, n, "n/a");
}

/* One table row: medians, then limit/lite (>= 1 would beat the limit) and libhdf5/lite (> 1: hdf5lite faster). */
static void row3(const char *name, const char *unit, double lite, double peer, double limit)
{
    char a[32], b[32], c[32], r1[32], r2[32];
    fmt_val(a, sizeof a, lite);
    fmt_val(b, sizeof b, peer);
    fmt_val(c, sizeof c, limit);
    fmt_ratio(r1, sizeof r1, limit, lite);
    fmt_ratio(r2, sizeof r2, peer, lite);
    printf("| %-44s | %10s | %10s | %10s | %8s | %8s |\n", name, a, b, c, r1, r2);
    fflush(stdout);
    (void)unit;
}

static void header(const char *title, const char *unit)
{
    printf("\n### %s (median of %d interleaved runs, %s; lower is better)\n\n", title, g_cur_runs, unit);
    printf("| %-44s | %10s | %10s | %10s | %8s | %8s |\n", "case", "hdf5lite", "libhdf5", "limit", "lim/lite",
           "h5/lite");
    printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "-----------:",
           "-----------:", "-----------:", "---------:", "---------:");
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

/* Raw pwrite of the same bytes at the same offsets; with `reserve`, after
 * reserving the blocks first (what hdf5lite's layout does). */
static double raw_pwrite(const char *path, int reserve)
{
    double t0 = now();
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), c;
    uint64_t off = 4096, col = g_rows * sizeof(double);
    if (fd < 0) die("open", NULL);
    if (reserve && posix_fallocate(fd, 4096, (off_t)(NCOL * col)) != 0) die("posix_fallocate", NULL);
    for (c = 0; c < NCOL; c++) {
        const char *p = (const char *)g_src[c];
        size_t n = (size_t)col;
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
static double t_raw_pwrite(const char *path) { return raw_pwrite(path, 0); }
static double t_raw_falloc(const char *path) { return raw_pwrite(path, 1); }

/* The raw limit of the mapped path: map a file of the same size, memcpy. */
static double t_raw_mmap(const char *path)
{
    double t0 = now();
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644), c;
    size_t col = (size_t)(g_rows * sizeof(double)), total = 4096 + NCOL * col;
    char *m;
    if (fd < 0) die("open", NULL);
    if (ftruncate(fd, (off_t)total) != 0) die("ftruncate", NULL);
    m = (char *)mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) die("mmap", NULL);
    for (c = 0; c < NCOL; c++) memcpy(m + 4096 + (size_t)c * col, g_src[c], col);
    munmap(m, total);
    close(fd);
    return now() - t0;
}

typedef double (*timed_fn)(const char *path);

/* Run n contenders g_runs times each, interleaved in rotating order (a b c,
 * b c a, c a b, ...) so that the load other processes put on the machine,
 * and whatever the previous contender left behind, hits all of them alike;
 * out[j] = median time of contender j. With unlink_it, path[j] is removed
 * before and after every run (outside the timing). */
#define MAXSET 8
/* Write out dirty pages of the file system holding `path` (outside the
 * timing), so that every run starts with the same amount of pending writeback. */
static void settle(const char *path)
{
    char dir[512];
    char *slash;
    int fd;
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (slash && slash != dir) *slash = 0;
    else snprintf(dir, sizeof dir, ".");
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        syncfs(fd);
        close(fd);
    }
}

/* With g_warmup, each timed run directly follows an untimed run of the same
 * contender: it measures that contender in its own steady state (its code,
 * heap and metadata in the caches), not how much the other one evicted. */
static int g_warmup;

/* After the 1 GiB cases: write back what they left dirty and give the file
 * system a moment for its deferred work (the disk here is mounted with
 * `discard`: unlinking gigabytes queues discards), so that the metadata
 * case, which writes 13 MB at a time, does not measure it. */
static void quiesce(void)
{
    settle(g_disk);
    sleep(3);
    settle(g_disk);
}

static void run_set(int n, const timed_fn *fn, const char *const *path, int unlink_it, double *out)
{
    double v[MAXSET][32];
    int i, j, r, runs = g_cur_runs < 32 ? g_cur_runs : 32;
    for (i = 0; i < runs; i++)
        for (r = 0; r < n; r++) {
            j = (r + i) % n;   /* rotate: each contender takes each place in the round (what runs before
                                  it — e.g. 1 GiB just freed — must not favour one of them) */
            if (unlink_it) {
                unlink(path[j]);
                settle(path[j]);
            }
            if (g_warmup && !unlink_it) (void)fn[j](path[j]);
            v[j][i] = fn[j](path[j]);
            if (unlink_it) unlink(path[j]);
        }
    for (j = 0; j < n; j++) out[j] = median(v[j], runs);
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
        double lm, lp, h5, raw, rmap, rfal, m[6];
        const timed_fn fns[6] = {t_lite_mmap, t_lite_pwrite, t_h5_write, t_raw_pwrite, t_raw_mmap, t_raw_falloc};
        const char *paths[6];
        snprintf(path, sizeof path, "%s/bench_write.h5", dirs[d]);
        paths[0] = paths[1] = paths[2] = paths[3] = paths[4] = paths[5] = path;
        run_set(6, fns, paths, 1, m);
        lm = m[0];
        lp = m[1];
        h5 = m[2];
        raw = m[3];
        rmap = m[4];
        rfal = m[5];
        snprintf(name, sizeof name, "%s, mapped pointer (%llu MiB)", d ? "disk" : "tmpfs",
                 (unsigned long long)(g_rows * 8 * NCOL >> 20));
        row3(name, "s", lm, h5, raw);
        snprintf(name, sizeof name, "%s, positional writes", d ? "disk" : "tmpfs");
        row3(name, "s", lp, h5, raw);
        snprintf(name, sizeof name, "%s, mapped vs limit raw mmap+memcpy", d ? "disk" : "tmpfs");
        row3(name, "s", lm, 0, rmap);
        snprintf(name, sizeof name, "%s, positional vs limit raw fallocate+pwrite", d ? "disk" : "tmpfs");
        row3(name, "s", lp, 0, rfal);
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
static double t_threads(const char *path);
static double t_thr1(const char *path) { g_threads = 1; return t_threads(path); }
static double t_thr2(const char *path) { g_threads = 2; return t_threads(path); }
static double t_thr4(const char *path) { g_threads = 4; return t_threads(path); }
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

/* Fork nproc processes; process i opens `file` and pwrites columns i,
 * i+nproc, ... at off[c]; wait for all of them. */
static void fork_column_writers(const char *file, int nproc, const uint64_t *off)
{
    int i;
    for (i = 0; i < nproc; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(file, O_WRONLY), c;
            if (fd < 0) _exit(1);
            for (c = i; c < NCOL; c += nproc) {
                uint64_t at = off[c];
                const char *p = (const char *)g_src[c];
                size_t n = (size_t)(g_rows * sizeof(double));
                while (n) {
                    ssize_t r = pwrite(fd, p, n, (off_t)at);
                    if (r <= 0) _exit(1);
                    p += r;
                    n -= (size_t)r;
                    at += (uint64_t)r;
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
}

static double t_procs(const char *path)
{
    h5l_column_dsets ids[NCOL];
    uint64_t off[NCOL];
    h5l_error e;
    int c;
    double t0 = now();
    h5l_writer *w = lite_layout(path, H5L_WRITE_NO_MMAP, ids, g_rows, NCOL);
    for (c = 0; c < NCOL; c++) off[c] = h5l_writer_offset(w, ids[c].data);
    fork_column_writers(h5l_writer_temp_path(w), 4, off);
    if (h5l_writer_finish(w, &e)) die("finish", &e);
    return now() - t0;
}

/* The limit of the processes row: the same 4 processes pwrite the same
 * bytes at the same offsets into a plain file of the same size. */
static double t_raw_procs(const char *path)
{
    uint64_t col = g_rows * sizeof(double), off[NCOL];
    int c, fd;
    double t0 = now();
    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0 || ftruncate(fd, (off_t)(4096 + NCOL * col)) != 0) die("open/ftruncate", NULL);
    close(fd);
    for (c = 0; c < NCOL; c++) off[c] = 4096 + (uint64_t)c * col;
    fork_column_writers(path, 4, off);
    return now() - t0;
}

static void case_parallel(void)
{
    char path[512];
    double m[6];
    const timed_fn fns[6] = {t_raw_pwrite, t_thr1, t_thr2, t_thr4, t_procs, t_raw_procs};
    const char *paths[6];
    int t;
    snprintf(path, sizeof path, "%s/bench_par.h5", g_tmpfs);
    for (t = 0; t < 6; t++) paths[t] = path;
    header("Parallel fill on tmpfs (same table; limit = one raw pwrite stream)", "seconds");
    run_set(6, fns, paths, 1, m);
    for (t = 1; t <= 4; t *= 2) {
        char name[64];
        snprintf(name, sizeof name, "%d thread%s, mapped pointers", t, t > 1 ? "s" : "");
        row3(name, "s", m[t == 1 ? 1 : t == 2 ? 2 : 3], 0, m[0]);
    }
    row3("4 processes, pwrite after one layout", "s", m[4], 0, m[0]);
    row3("4 processes vs limit: 4 raw pwrite processes", "s", m[4], 0, m[5]);
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

/* Open the file and locate every column: name, type, data offset.
 * g_before_close (when set) runs with everything still open: the child
 * processes that measure memory take their snapshot there. */
static uint64_t g_sink;
static void (*g_before_close)(void);
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
    if (g_before_close) g_before_close();
    h5l_table_close(t);
    h5l_close(f);
}

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
    g_sink += (uint64_t)H5Dget_offset(d) + (uint64_t)H5Tget_size(t) + (uint64_t)name[0];
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
    if (g_before_close) g_before_close();
    H5Gclose(g);
    H5Fclose(f);
}

/* Open every column's data dataset by its path (/table/columns/c<i>/data). */
static uint64_t g_obj_cols;
static void lite_objs(const char *path)
{
    h5l_file *f;
    h5l_error e;
    uint64_t i;
    if (h5l_open(path, NULL, &f, &e)) die("h5l_open", &e);
    for (i = 0; i < g_obj_cols; i++) {
        char p[64];
        h5l_obj *o;
        const h5l_dataset_info *d;
        snprintf(p, sizeof p, "/table/columns/c%llu/data", (unsigned long long)i);
        if (h5l_obj_open(f, p, &o, &e)) die("h5l_obj_open", &e);
        d = h5l_obj_dataset(o);
        if (!d) die("not a dataset", NULL);
        g_sink += d->offset + d->type->size;
        h5l_obj_close(o);
    }
    if (g_before_close) g_before_close();
    h5l_close(f);
}

static void h5_objs(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    uint64_t i;
    if (f < 0) h5_fail("H5Fopen");
    for (i = 0; i < g_obj_cols; i++) {
        char p[64];
        hid_t d, t;
        snprintf(p, sizeof p, "/table/columns/c%llu/data", (unsigned long long)i);
        d = H5Dopen2(f, p, H5P_DEFAULT);
        if (d < 0) h5_fail("H5Dopen2");
        t = H5Dget_type(d);
        g_sink += (uint64_t)H5Dget_offset(d) + (uint64_t)H5Tget_size(t);
        H5Tclose(t);
        H5Dclose(d);
    }
    if (g_before_close) g_before_close();
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
static double t_lite_objs(const char *unused)
{
    double t0 = now();
    (void)unused;
    lite_objs(g_locate_path);
    return now() - t0;
}
static double t_h5_objs(const char *unused)
{
    double t0 = now();
    (void)unused;
    h5_objs(g_locate_path);
    return now() - t0;
}

/* Two contenders on the same file, interleaved; each timed run after an
 * untimed one of its own (warm). See pair_after_other for the cold case. */
static void pair_nounlink(timed_fn a, timed_fn b, double *ma, double *mb)
{
    const timed_fn fns[2] = {a, b};
    const char *paths[2] = {NULL, NULL};
    double m[2];
    g_warmup = 1;
    run_set(2, fns, paths, 0, m);
    g_warmup = 0;
    *ma = m[0];
    *mb = m[1];
}

/* ---- memory, measured in a freshly exec'd copy of this program ------------
 * (a forked child would carry the parent's pages in its RSS). The child runs
 * `bench --child WHAT PATH NCOLS` and prints its peak RSS (VmHWM) and, taken
 * with everything still open, its anonymous (heap) and file-backed RSS. */
typedef struct { long hwm, anon, file; } memuse;
static long g_snap_anon, g_snap_file;

static long status_kb(const char *key)
{
    char line[256];
    long v = -1;
    size_t kl = strlen(key);
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, key, kl) == 0) {
            v = strtol(line + kl, NULL, 10);
            break;
        }
    fclose(fp);
    return v;
}

static void snap(void)
{
    g_snap_anon = status_kb("RssAnon:");
    g_snap_file = status_kb("RssFile:");
}

static void h5_walk(const char *path);
static int child_main(const char *what, const char *path, const char *ncols)
{
    g_obj_cols = strtoull(ncols, NULL, 10);
    g_before_close = snap;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (!strcmp(what, "noop")) snap();
    else if (!strcmp(what, "h5-noop")) { H5open(); snap(); }
    else if (!strcmp(what, "lite-locate")) lite_locate(path);
    else if (!strcmp(what, "h5-locate")) h5_locate(path);
    else if (!strcmp(what, "lite-objs")) lite_objs(path);
    else if (!strcmp(what, "h5-objs")) h5_objs(path);
    else if (!strcmp(what, "h5-walk")) h5_walk(path);
    else if (!strcmp(what, "t-lite-locate") || !strcmp(what, "t-h5-locate")) {
        /* a fresh process times one open + locate (libhdf5 initialised first:
         * a per-process cost, not a per-open one) */
        double t0;
        g_before_close = NULL;
        if (what[2] == 'h') H5open();
        t0 = now();
        if (what[2] == 'h') h5_locate(path);
        else lite_locate(path);
        printf("%.9f 0 0 %llu\n", now() - t0, (unsigned long long)g_sink);
        return 0;
    }
    else if (!strcmp(what, "mmapcol-ls") || !strcmp(what, "mmapcol-version")) {
        /* run mmapcol from this small fresh process: its ru_maxrss starts
         * from this process's size, not from the benchmark parent's */
        struct rusage ru;
        int st;
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            dup2(fd, 1);
            if (what[8] == 'l') execl("./mmapcol", "mmapcol", "ls", path, (char *)NULL);
            else execl("./mmapcol", "mmapcol", "--version", (char *)NULL);
            _exit(127);
        }
        if (pid < 0 || wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) return 3;
        printf("%ld 0 0 0\n", ru.ru_maxrss);
        return 0;
    } else return 2;
    printf("%ld %ld %ld %llu\n", status_kb("VmHWM:"), g_snap_anon, g_snap_file, (unsigned long long)g_sink);
    return 0;
}

/* Run `bench --child WHAT PATH NCOLS` and return its first output line in buf. */
static void child_line(const char *what, const char *path, uint64_t ncols, char *buf, size_t bufsize)
{
    int fds[2], st;
    char n[32];
    pid_t pid;
    FILE *fp;
    buf[0] = 0;
    snprintf(n, sizeof n, "%llu", (unsigned long long)ncols);
    fflush(stdout);
    if (pipe(fds) != 0) die("pipe", NULL);
    pid = fork();
    if (pid < 0) die("fork", NULL);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl("/proc/self/exe", "bench", "--child", what, path, n, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    fp = fdopen(fds[0], "r");
    if (fp && !fgets(buf, (int)bufsize, fp)) buf[0] = 0;
    if (fp) fclose(fp);
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) die("child process failed", NULL);
}

static memuse child_mem(const char *what, const char *path, uint64_t ncols)
{
    memuse m = {-1, -1, -1};
    char buf[256];
    child_line(what, path, ncols, buf, sizeof buf);
    sscanf(buf, "%ld %ld %ld", &m.hwm, &m.anon, &m.file);
    return m;
}

/* The cold case: each timed open + locate runs in a fresh process right
 * after the other library opened and walked the same file in another one
 * (as another program would: CPU caches and page cache as it leaves them).
 * Separate processes, so neither pays for the other's heap (in one process,
 * the first large malloc after libhdf5 consolidates the ~100,000 chunks
 * libhdf5 freed: 3-5 ms charged to whoever allocates next). */
static void pair_after_other(const char *path, uint64_t ncols, double *ml, double *mh)
{
    double v[2][32];
    int i, r, runs = g_cur_runs < 32 ? g_cur_runs : 32;
    static const char *const other[2] = {"h5-locate", "lite-locate"}, *const timed[2] = {"t-lite-locate", "t-h5-locate"};
    for (i = 0; i < runs; i++)
        for (r = 0; r < 2; r++) {
            int j = (r + i) % 2;
            char buf[256];
            child_line(other[j], path, ncols, buf, sizeof buf);
            child_line(timed[j], path, ncols, buf, sizeof buf);
            v[j][i] = strtod(buf, NULL);
            if (!(v[j][i] > 0)) die("timing child printed no time", NULL);
        }
    *ml = median(v[0], runs);
    *mh = median(v[1], runs);
}

static void mem_row(const char *name, memuse l, memuse h, memuse bl, memuse bh)
{
    long la = l.hwm - bl.hwm, ha = h.hwm - bh.hwm;
    printf("| %-44s | %9ld | %9ld | %8.1fx | %9ld | %9ld | %8.1fx | %9ld | %9ld |\n", name, la, ha,
           la > 0 ? (double)ha / (double)la : 0.0, l.anon - bl.anon, h.anon - bh.anon,
           l.anon - bl.anon > 0 ? (double)(h.anon - bh.anon) / (double)(l.anon - bl.anon) : 0.0, l.file - bl.file,
           h.file - bh.file);
}

static void case_meta(void)
{
    char lp[512], hp[512], name[128];
    double m[2];
    g_meta_cols = g_quick ? 1000 : 10000;
    snprintf(lp, sizeof lp, "%s/meta_lite.h5", g_disk);
    snprintf(hp, sizeof hp, "%s/meta_h5.h5", g_disk);
    header("Metadata: table of N columns x 10 rows (page cache warm)", "seconds");
    {
        const timed_fn fns[2] = {t_lite_create, t_h5_create};
        const char *paths[2];
        paths[0] = lp;
        paths[1] = hp;
        run_set(2, fns, paths, 1, m);
        snprintf(name, sizeof name, "create %llu columns", (unsigned long long)g_meta_cols);
        row3(name, "s", m[0], m[1], 0);
    }
    lite_write_meta(lp, g_meta_cols);
    h5_write_table(hp, 10, (int)g_meta_cols, NULL);
    settle(lp);
    g_obj_cols = g_meta_cols;
    g_locate_path = lp;
    pair_nounlink(t_lite_locate, t_h5_locate, &m[0], &m[1]);
    row3("open + locate all (table), hdf5lite's file", "s", m[0], m[1], 0);
    pair_nounlink(t_lite_objs, t_h5_objs, &m[0], &m[1]);
    row3("open + each column by path, hdf5lite's file", "s", m[0], m[1], 0);
    g_locate_path = hp;
    pair_nounlink(t_lite_locate, t_h5_locate, &m[0], &m[1]);
    row3("open + locate all (table), libhdf5's file", "s", m[0], m[1], 0);
    pair_nounlink(t_lite_objs, t_h5_objs, &m[0], &m[1]);
    row3("open + each column by path, libhdf5's file", "s", m[0], m[1], 0);
    pair_after_other(hp, g_meta_cols, &m[0], &m[1]);
    row3("new process after the other, libhdf5's file", "s", m[0], m[1], 0);
    g_locate_path = lp;
    pair_after_other(lp, g_meta_cols, &m[0], &m[1]);
    row3("new process after the other, hdf5lite's file", "s", m[0], m[1], 0);
    {
        memuse bl = child_mem("noop", lp, 0), bh = child_mem("h5-noop", lp, 0);
        printf("\nMemory of open + locate, %llu columns, KiB above an idle process (hdf5lite: %ld KiB; with libhdf5 "
               "initialised: %ld KiB). Peak = VmHWM; heap and file = RssAnon and RssFile with everything open "
               "(hdf5lite maps the file: touched metadata pages count as file RSS; libhdf5 reads into its heap).\n\n",
               (unsigned long long)g_meta_cols, bl.hwm, bh.hwm);
        printf("| %-44s | %9s | %9s | %9s | %9s | %9s | %9s | %9s | %9s |\n", "case", "lite peak", "h5 peak", "h5/lite",
               "lite heap", "h5 heap", "h5/lite", "lite file", "h5 file");
        printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "----------:",
               "----------:", "----------:", "----------:", "----------:", "----------:", "----------:", "----------:");
        mem_row("table open + locate all, hdf5lite's file", child_mem("lite-locate", lp, g_meta_cols),
                child_mem("h5-locate", lp, g_meta_cols), bl, bh);
        mem_row("table open + locate all, libhdf5's file", child_mem("lite-locate", hp, g_meta_cols),
                child_mem("h5-locate", hp, g_meta_cols), bl, bh);
        mem_row("each column by path, hdf5lite's file", child_mem("lite-objs", lp, g_meta_cols),
                child_mem("h5-objs", lp, g_meta_cols), bl, bh);
        mem_row("each column by path, libhdf5's file", child_mem("lite-objs", hp, g_meta_cols),
                child_mem("h5-objs", hp, g_meta_cols), bl, bh);
    }
    {
        struct stat a, b;
        if (stat(lp, &a) == 0 && stat(hp, &b) == 0)
            printf("\nFile sizes: hdf5lite %lld bytes, libhdf5 %lld bytes\n", (long long)a.st_size, (long long)b.st_size);
    }
}

/* The scaling curve as text: time against columns on log-log axes, 8
 * characters per decade of time, one row per decade of columns. Linear
 * scaling is a diagonal (one decade right per row). */
static void plot_scaling(const uint64_t *ns, double (*ms)[4], size_t n)
{
    static const char mark[4] = {'l', 'L', 'h', 'H'};
    size_t i;
    int j, k;
    if (n == 0) return;
    printf("\nThe same on log-log axes (l/L: hdf5lite on hdf5lite's/libhdf5's file; h/H: libhdf5 on them; "
           "+: two at one place):\n\n```\n");
    printf("columns  0.01 ms 0.1 ms  1 ms    10 ms   100 ms  1 s     10 s\n");
    for (i = 0; i < n; i++) {
        char line[57];
        memset(line, ' ', sizeof line - 1);
        line[sizeof line - 1] = 0;
        for (k = 0; k < 56; k += 8) line[k] = '|';
        for (j = 0; j < 4; j++) {
            double x = ms[i][j] > 0 ? (log10(ms[i][j]) + 2.0) * 8.0 : -1.0;
            int pos = (int)floor(x + 0.5);
            if (pos < 0) pos = 0;
            if (pos > 55) pos = 55;
            line[pos] = (line[pos] == ' ' || line[pos] == '|') ? mark[j] : '+';
        }
        for (k = 55; k > 0 && line[k] == ' '; k--) line[k] = 0;
        printf("%7llu  %s\n", (unsigned long long)ns[i], line);
    }
    printf("```\n");
}

static void case_scaling(void)
{
    static const uint64_t ns[] = {10, 100, 1000, 10000, 100000};
    double ms[5][4];
    size_t i, done = 0;
    printf("\n### Scaling: h5l_open + h5l_table_open + locate every column vs H5Fopen + H5Literate + H5Dopen "
           "(median of %d interleaved runs, milliseconds)\n\n", g_cur_runs);
    printf("| columns | lite, lite file | libhdf5, lite file | h5/lite | lite, libhdf5 file | libhdf5, libhdf5 file | h5/lite | lite us/col (lite file) | lite us/col (libhdf5 file) |\n");
    printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (i = 0; i < sizeof ns / sizeof *ns; i++) {
        char lp[512], hp[512];
        double a, b, c, d;
        if (g_quick && ns[i] > 1000) break;
        snprintf(lp, sizeof lp, "%s/scale_lite.h5", g_disk);
        snprintf(hp, sizeof hp, "%s/scale_h5.h5", g_disk);
        lite_write_meta(lp, ns[i]);
        h5_write_table(hp, 10, (int)ns[i], NULL);
        settle(lp);
        g_locate_path = lp;
        pair_nounlink(t_lite_locate, t_h5_locate, &a, &b);
        g_locate_path = hp;
        pair_nounlink(t_lite_locate, t_h5_locate, &c, &d);
        printf("| %llu | %.3f | %.3f | %.1fx | %.3f | %.3f | %.1fx | %.3f | %.3f |\n", (unsigned long long)ns[i], a * 1e3,
               b * 1e3, b / a, c * 1e3, d * 1e3, d / c, a * 1e6 / (double)ns[i], c * 1e6 / (double)ns[i]);
        fflush(stdout);
        unlink(lp);
        unlink(hp);
        ms[i][0] = a * 1e3;
        ms[i][1] = c * 1e3;
        ms[i][2] = b * 1e3;
        ms[i][3] = d * 1e3;
        done = i + 1;
    }
    plot_scaling(ns, ms, done);
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

static double t_scan_lite_cold(const char *unused)
{
    drop_cache(g_scan_path);
    return t_scan_lite(unused);
}
static double t_scan_h5_cold(const char *unused)
{
    drop_cache(g_scan_path);
    return t_scan_h5(unused);
}

/* The limit of a cold scan: pread the column's bytes (its offset found
 * outside the timing) into a buffer touched beforehand, and sum them. */
static uint64_t g_scan_off;
static double *g_scan_buf;
static double t_scan_raw_cold(const char *unused)
{
    double t0;
    int fd;
    size_t n = (size_t)(g_scan_rows * sizeof(double)), got = 0;
    (void)unused;
    drop_cache(g_scan_path);
    t0 = now();
    fd = open(g_scan_path, O_RDONLY);
    if (fd < 0) die("open", NULL);
    while (got < n) {
        ssize_t r = pread(fd, (char *)g_scan_buf + got, n - got, (off_t)(g_scan_off + got));
        if (r <= 0) die("pread", NULL);
        got += (size_t)r;
    }
    close(fd);
    g_sum += sum_array(g_scan_buf, g_scan_rows);
    return now() - t0;
}

/* Mapped pointer, pages mapped up front with MADV_POPULATE_READ (Linux 5.14+)
 * instead of one fault per 64 KiB on first touch. */
static double t_scan_lite_pop(const char *unused)
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
#ifdef MADV_POPULATE_READ
    {
        uintptr_t a = (uintptr_t)d->data & ~(uintptr_t)4095, end = (uintptr_t)d->data + (uintptr_t)d->storage_size;
        (void)madvise((void *)a, (size_t)(end - a), MADV_POPULATE_READ);
    }
#endif
    g_sum += sum_array((const double *)d->data, d->space.npoints);
    h5l_obj_close(o);
    h5l_close(f);
    return now() - t0;
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
    header("Scan: sum one float64 column, open to close (limit: the same sum over an array in memory)", "seconds");
    t_scan_lite(NULL); /* warm the page cache */
    {
        const timed_fn fns[4] = {t_scan_lite, t_scan_h5, t_scan_mem, t_scan_lite_pop};
        const char *paths[4] = {NULL, NULL, NULL, NULL};
        double m[4];
        char name[128];
        run_set(4, fns, paths, 0, m);
        snprintf(name, sizeof name, "warm, %llu MiB: mapped pointer / H5Dread", (unsigned long long)(g_scan_rows * 8 >> 20));
        row3(name, "s", m[0], m[1], m[2]);
        row3("warm cache: mapped + MADV_POPULATE_READ", "s", m[3], m[1], m[2]);
    }
    {
        const timed_fn fns[3] = {t_scan_lite_cold, t_scan_h5_cold, t_scan_raw_cold};
        const char *paths[3] = {NULL, NULL, NULL};
        double m[3];
        h5l_file *f;
        h5l_obj *o;
        h5l_error e;
        if (h5l_open(path, NULL, &f, &e)) die("h5l_open", &e);
        if (h5l_obj_open(f, "/table/columns/c0/data", &o, &e)) die("h5l_obj_open", &e);
        g_scan_off = h5l_obj_dataset(o)->offset;
        h5l_obj_close(o);
        h5l_close(f);
        g_scan_buf = g_mem;   /* touched above; its values are not needed any more */
        run_set(3, fns, paths, 0, m);
        row3("cold cache (fadvise DONTNEED; limit: pread)", "s", m[0], m[1], m[2]);
    }
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
    settle(lp);                 /* measure lookups, not the writeback of the files just written */
    header("Lookup: open a 100,000-column file, read one column by path", "milliseconds");
    g_locate_path = lp;
    {
        double a, b;
        pair_nounlink(t_lookup_lite, t_lookup_h5, &a, &b);
        row3("hdf5lite's file", "ms", a * 1e3, b * 1e3, 0);
    }
    g_locate_path = hp;
    {
        double a, b;
        pair_nounlink(t_lookup_lite, t_lookup_h5, &a, &b);
        row3("libhdf5's file", "ms", a * 1e3, b * 1e3, 0);
    }
    unlink(lp);
    unlink(hp);
}

/* ------------------------------------------------------------ footprint -- */

static herr_t h5_visit_cb(hid_t o, const char *name, const H5O_info_t *info, void *ud)
{
    (void)ud;
    if (info->type == H5O_TYPE_DATASET && g_before_close) g_obj_cols++;
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
    if (g_before_close) g_before_close();
    H5Fclose(f);
}

static void case_footprint(void)
{
    char lp[512];
    long r_lite, r_idle;
    memuse h5w, bh;
    snprintf(lp, sizeof lp, "%s/foot.h5", g_disk);
    lite_write_meta(lp, 10000);
    printf("\n### Footprint\n\n");
    fflush(stdout);
    if (system("for o in -O2 -Os; do cc $o -std=c99 -c hdf5lite.c -o build/bench-data/fp.o && "
               "size build/bench-data/fp.o | awk -v o=$o 'NR==2{printf(\"hdf5lite.o %s: text %d + data %d = %d bytes\\n\", o, $1, $2, $1+$2)}'; done; "
               "f=$(readlink -f /usr/lib/x86_64-linux-gnu/libhdf5_serial.so); size $f | awk 'NR==2{printf(\"libhdf5 shared library: text %d + data %d = %d bytes\\n\", $1, $2, $1+$2)}'") != 0)
        fprintf(stderr, "bench: size measurement failed\n");
    r_lite = child_mem("mmapcol-ls", lp, 0).hwm;
    r_idle = child_mem("mmapcol-version", lp, 0).hwm;
    h5w = child_mem("h5-walk", lp, 10000);
    bh = child_mem("h5-noop", lp, 0);
    printf("peak RSS (VmHWM) walking the 10,000-column file: `mmapcol ls` %ld KiB (%ld above `mmapcol --version`), "
           "libhdf5 H5Ovisit + H5Dopen of every dataset %ld KiB (%ld above an idle process with libhdf5 initialised); "
           "ratio of the increments %.1fx\n",
           r_lite, r_lite - r_idle, h5w.hwm, h5w.hwm - bh.hwm,
           r_lite - r_idle > 0 ? (double)(h5w.hwm - bh.hwm) / (double)(r_lite - r_idle) : 0.0);
    unlink(lp);
}

int main(int argc, char **argv)
{
    int i;
    time_t t = time(NULL);
    char host[256] = "?", date[64];
    if (argc == 5 && !strcmp(argv[1], "--child")) return child_main(argv[2], argv[3], argv[4]);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) g_quick = 1;
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) g_runs = g_big_runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--disk") && i + 1 < argc) g_disk = argv[++i];
        else if (!strcmp(argv[i], "--tmpfs") && i + 1 < argc) g_tmpfs = argv[++i];
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc) g_cases = argv[++i];
        else {
            fprintf(stderr, "usage: bench [--quick] [--runs N] [--disk DIR] [--tmpfs DIR] [--cases write,parallel,meta,scaling,scan,lookup,footprint]\n");
            return 1;
        }
    }
    if (g_runs < 1) g_runs = 1;
    if (g_big_runs < 1) g_big_runs = 1;
    mkdir(g_disk, 0755);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    gethostname(host, sizeof host);
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&t));
    printf("## hdf5lite %s vs libhdf5 %d.%d.%d — %s%s\n\n", h5l_version(), H5_VERS_MAJOR, H5_VERS_MINOR,
           H5_VERS_RELEASE, date, g_quick ? " (quick sizes)" : "");
    {
        char model[256], mem[64];
        struct utsname u;
        file_field("/proc/cpuinfo", "model name", model, sizeof model);
        file_field("/proc/meminfo", "MemTotal", mem, sizeof mem);
        if (uname(&u) != 0) memset(&u, 0, sizeof u);
        printf("Machine: %s, %ld cores online, RAM %s, %s %s %s (host %s); tmpfs %s, disk %s. "
               "Compiled with %s -O2.\n", model, sysconf(_SC_NPROCESSORS_ONLN), mem, u.sysname, u.release, u.machine,
               host, g_tmpfs, g_disk,
#if defined(__clang__)
               "clang " __clang_version__
#elif defined(__GNUC__)
               "gcc " __VERSION__
#else
               "cc"
#endif
        );
    }
    print_load("at start");
    g_rows = g_quick ? (1u << 20) : (1u << 24);
    if (want("write") || want("parallel")) make_source();
    g_cur_runs = g_big_runs;
    if (want("write")) case_write();
    if (want("parallel")) case_parallel();
    g_cur_runs = g_runs;
    if (want("write") || want("parallel")) quiesce();
    if (want("meta")) case_meta();
    if (want("scaling")) case_scaling();
    g_cur_runs = g_big_runs;
    if (want("scan")) case_scan();
    g_cur_runs = g_runs;
    if (want("lookup")) case_lookup();
    if (want("footprint")) case_footprint();
    printf("\n");
    print_load("at end");
    printf("(checksum %g %llu)\n", g_sum, (unsigned long long)g_sink);
    return 0;
}
