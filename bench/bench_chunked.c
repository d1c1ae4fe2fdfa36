/* make bench, chunked part (issue 15): reading chunked, compressed data.
 *
 *   inflate   hdf5lite's inflater on HDF5-like chunks (1 MiB of float64,
 *             byte-shuffled, zlib levels 1, 4 and 6; int32 counters; text)
 *             against zlib's uncompress() and libdeflate (the limit)
 *   table     a vaex table of 8 float64 columns x ROWS rows, chunked (64 Ki
 *             rows a chunk) with shuffle + deflate level 4 (h5py's gzip
 *             default) by libhdf5: read every column whole and sum it --
 *             libhdf5 H5Dread + sum against hdf5lite h5l_column_read + sum
 *             on 1 and 2 threads; the same table chunked without filters
 *             against a memcpy of the same bytes
 *   deflate   hdf5lite's deflate encoder at levels 1, 6 and 9 on the same
 *             kinds of chunks against zlib's compress2 and libdeflate: speed
 *             and compressed size
 *   processes the same two tables as whole processes: `mmapcol stats` on 1
 *             and 2 threads against a libhdf5 program that reads and sums
 *             every column
 * Times are the best of --runs runs (default 5), warm page cache, in one
 * process. Usage: bench_chunked [--quick] [--runs N] DIR */
#include "../hdf5lite.c"

#include <hdf5.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <zlib.h>

static int runs = 5;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- inflate ---------------------------------------------------------------- */

typedef struct zchunks {
    size_t n;                /* chunks */
    size_t raw;              /* bytes per decoded chunk */
    uint8_t **z;
    size_t *zn;
} zchunks;

static void make_chunks(zchunks *c, const uint8_t *data, size_t total, size_t chunk, int level)
{
    size_t i;
    c->n = total / chunk;
    c->raw = chunk;
    c->z = (uint8_t **)malloc(c->n * sizeof *c->z);
    c->zn = (size_t *)malloc(c->n * sizeof *c->zn);
    for (i = 0; i < c->n; i++) {
        uLongf zl = compressBound((uLong)chunk);
        c->z[i] = (uint8_t *)malloc(zl);
        compress2(c->z[i], &zl, data + i * chunk, (uLong)chunk, level);
        c->zn[i] = zl;
    }
}

static void free_chunks(zchunks *c)
{
    size_t i;
    for (i = 0; i < c->n; i++) free(c->z[i]);
    free(c->z);
    free(c->zn);
}

/* MB/s of decoded output of one decoder over all chunks, best of runs. */
static double rate(const zchunks *c, int which, uint8_t *out)
{
    double best = 1e30;
    int r;
    struct libdeflate_decompressor *ld = libdeflate_alloc_decompressor();
    for (r = 0; r < runs; r++) {
        double t0 = now();
        size_t i;
        for (i = 0; i < c->n; i++) {
            size_t got = 0;
            const char *why;
            if (which == 0) {
                if (h5l__inflate(c->z[i], c->zn[i], out, c->raw, &got, &why) != 0) { fprintf(stderr, "ours failed: %s\n", why); exit(1); }
            } else if (which == 1) {
                uLongf ol = (uLongf)c->raw;
                if (uncompress(out, &ol, c->z[i], (uLong)c->zn[i]) != Z_OK) { fprintf(stderr, "zlib failed\n"); exit(1); }
            } else {
                if (libdeflate_zlib_decompress(ld, c->z[i], c->zn[i], out, c->raw, &got) != LIBDEFLATE_SUCCESS) { fprintf(stderr, "libdeflate failed\n"); exit(1); }
            }
        }
        {
            double t = now() - t0;
            if (t < best) best = t;
        }
    }
    libdeflate_free_decompressor(ld);
    return (double)c->raw * (double)c->n / best / 1e6;
}

static void bench_inflate(size_t total)
{
    uint8_t *f64 = (uint8_t *)malloc(total), *sh = (uint8_t *)malloc(total), *i32 = (uint8_t *)malloc(total),
            *txt = (uint8_t *)malloc(total), *out = (uint8_t *)malloc(1 << 20);
    size_t i, n = total / 8, chunk = 1 << 20;
    uint32_t x = 12345;
    double lv[3] = {1, 4, 6};
    int k;
    for (i = 0; i < n; i++) {
        double v = sin((double)i * 0.001) * 1000.0 + (double)((x = x * 1664525u + 1013904223u) >> 20) * 1e-4;
        memcpy(f64 + 8 * i, &v, 8);
    }
    {
        /* the shuffle filter's layout: byte j of element e at j * nelem + e */
        size_t c, e, j, ne = chunk / 8;
        for (c = 0; c < total / chunk; c++)
            for (e = 0; e < ne; e++)
                for (j = 0; j < 8; j++) sh[c * chunk + j * ne + e] = f64[c * chunk + e * 8 + j];
    }
    for (i = 0; i < total / 4; i++) {
        uint32_t v = (uint32_t)i;
        memcpy(i32 + 4 * i, &v, 4);
    }
    for (i = 0; i < total; i++) txt[i] = "the quick brown fox jumps over the lazy dog, 0123456789\n"[(i * 7 + i / 97) % 56];
    printf("\n== inflate (hdf5lite's own) vs zlib %s and libdeflate, %zu chunks of 1 MiB, MB/s of output\n", zlibVersion(), total / chunk);
    printf("%-28s %10s %10s %10s %10s %12s\n", "data", "hdf5lite", "zlib", "libdeflate", "vs zlib", "vs libdeflate");
    for (k = 0; k < 6; k++) {
        zchunks c;
        const char *name;
        double a, b, d;
        if (k < 3) { make_chunks(&c, sh, total, chunk, (int)lv[k]); name = k == 0 ? "f64 shuffled, level 1" : k == 1 ? "f64 shuffled, level 4" : "f64 shuffled, level 6"; }
        else if (k == 3) { make_chunks(&c, f64, total, chunk, 4); name = "f64 unshuffled, level 4"; }
        else if (k == 4) { make_chunks(&c, i32, total, chunk, 4); name = "i32 counter, level 4"; }
        else { make_chunks(&c, txt, total, chunk, 6); name = "text, level 6"; }
        a = rate(&c, 0, out);
        b = rate(&c, 1, out);
        d = rate(&c, 2, out);
        printf("%-28s %10.0f %10.0f %10.0f %9.2fx %11.2fx\n", name, a, b, d, a / b, a / d);
        free_chunks(&c);
    }
    free(f64); free(sh); free(i32); free(txt); free(out);
}

/* ---- deflate, encoding (issue 16) ---------------------------------------------- */

/* Compress every 1 MiB chunk of data[0..total) at `level`: which 0 hdf5lite,
 * 1 zlib compress2, 2 libdeflate; best MB/s of input over the runs, and the
 * total compressed size in *bytes. */
static double enc_rate(const uint8_t *data, size_t total, int level, int which, size_t *bytes)
{
    size_t chunk = 1 << 20, cap = compressBound((uLong)chunk) + 64, ws = h5l__deflate_work_size(level, chunk);
    uint8_t *out = (uint8_t *)malloc(cap);
    void *work = malloc(ws);
    struct libdeflate_compressor *lc = libdeflate_alloc_compressor(level);
    double best = 1e30;
    int r;
    for (r = 0; r < runs; r++) {
        double t0 = now(), t;
        size_t i, sum = 0;
        for (i = 0; i + chunk <= total; i += chunk) {
            size_t got = 0;
            const char *why;
            if (which == 0) {
                if (h5l__deflate(data + i, chunk, out, cap, level, work, ws, &got, &why) != 0) { fprintf(stderr, "ours failed: %s\n", why); exit(1); }
            } else if (which == 1) {
                uLongf zl = (uLongf)cap;
                if (compress2(out, &zl, data + i, (uLong)chunk, level) != Z_OK) { fprintf(stderr, "zlib failed\n"); exit(1); }
                got = zl;
            } else {
                got = libdeflate_zlib_compress(lc, data + i, chunk, out, cap);
                if (!got) { fprintf(stderr, "libdeflate failed\n"); exit(1); }
            }
            sum += got;
        }
        t = now() - t0;
        if (t < best) best = t;
        *bytes = sum;
    }
    libdeflate_free_compressor(lc);
    free(work);
    free(out);
    return (double)(total / chunk * chunk) / best / 1e6;
}

static void bench_deflate(size_t total)
{
    uint8_t *f64 = (uint8_t *)malloc(total), *sh = (uint8_t *)malloc(total), *i32 = (uint8_t *)malloc(total), *txt = (uint8_t *)malloc(total);
    size_t i, n = total / 8, chunk = 1 << 20, c, e, j, ne = chunk / 8;
    uint32_t x = 12345;
    static const int levels[3] = {1, 6, 9};
    int k, l;
    for (i = 0; i < n; i++) {
        double v = sin((double)i * 0.001) * 1000.0 + (double)((x = x * 1664525u + 1013904223u) >> 20) * 1e-4;
        memcpy(f64 + 8 * i, &v, 8);
    }
    for (c = 0; c < total / chunk; c++)
        for (e = 0; e < ne; e++)
            for (j = 0; j < 8; j++) sh[c * chunk + j * ne + e] = f64[c * chunk + e * 8 + j];
    for (i = 0; i < total / 4; i++) {
        uint32_t v = (uint32_t)i * 3u;
        memcpy(i32 + 4 * i, &v, 4);
    }
    for (i = 0; i < total; i++) txt[i] = "1970-01-01,42,3.25,\"some text, quoted\",true\n"[(i * 7 + i / 89) % 44];
    printf("\n== deflate encoding (hdf5lite's own) vs zlib %s compress2 and libdeflate, %zu chunks of 1 MiB\n", zlibVersion(), total / chunk);
    printf("%-22s %5s %9s %9s %9s %8s %10s %10s %9s\n", "data", "level", "hdf5lite", "zlib", "libdefl.", "speed", "size", "size", "size vs");
    printf("%-22s %5s %9s %9s %9s %8s %10s %10s %9s\n", "", "", "MB/s", "MB/s", "MB/s", "vs zlib", "hdf5lite", "zlib", "zlib");
    for (k = 0; k < 4; k++) {
        const uint8_t *d = k == 0 ? sh : k == 1 ? f64 : k == 2 ? i32 : txt;
        const char *name = k == 0 ? "f64 shuffled" : k == 1 ? "f64 unshuffled" : k == 2 ? "i32 counter" : "CSV-like text";
        for (l = 0; l < 3; l++) {
            size_t bo = 0, bz = 0, bd = 0;
            double a = enc_rate(d, total, levels[l], 0, &bo), b = enc_rate(d, total, levels[l], 1, &bz), dd = enc_rate(d, total, levels[l], 2, &bd);
            printf("%-22s %5d %9.0f %9.0f %9.0f %7.2fx %10zu %10zu %8.3fx\n", name, levels[l], a, b, dd, a / b, bo, bz, (double)bo / (double)bz);
            (void)bd;
        }
    }
    printf("(goals: level 1 at least zlib -1's speed within 5%% of its size; level 6 within 3%% of zlib -6's size)\n");
    free(f64); free(sh); free(i32); free(txt);
}

/* ---- table -------------------------------------------------------------------- */

#define NCOLS 8

static void write_table(const char *path, hsize_t rows, int filtered)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), g, cols, sp, dcpl, d;
    hsize_t dims[1] = {rows}, chunk[1] = {65536};
    double *v = (double *)malloc(rows * 8);
    hsize_t i;
    int c;
    char name[64];
    g = H5Gcreate2(f, "table", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    cols = H5Gcreate2(g, "columns", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    sp = H5Screate_simple(1, dims, NULL);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, chunk);
    if (filtered) {
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 4);
    }
    for (c = 0; c < NCOLS; c++) {
        hid_t cg;
        for (i = 0; i < rows; i++) v[i] = sin((double)i * 1e-3 * (c + 1)) * 100.0 + (double)(i % 1000) * 1e-3;
        snprintf(name, sizeof name, "c%d", c);
        cg = H5Gcreate2(cols, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        d = H5Dcreate2(cg, "data", H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
        H5Dclose(d);
        H5Gclose(cg);
    }
    H5Pclose(dcpl);
    H5Sclose(sp);
    H5Gclose(cols);
    H5Gclose(g);
    H5Fclose(f);
    free(v);
}

/* The sum every case does over what it read (four accumulators: the loop
 * runs at memory speed rather than at one add's latency per element). */
static double sum_of(const double *v, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i;
    for (i = 0; i + 4 <= n; i += 4) {
        s0 += v[i];
        s1 += v[i + 1];
        s2 += v[i + 2];
        s3 += v[i + 3];
    }
    for (; i < n; i++) s0 += v[i];
    return (s0 + s1) + (s2 + s3);
}

static double time_libhdf5(const char *path, hsize_t rows, double *out, double *total)
{
    double best = 1e30;
    int r, c;
    for (r = 0; r < runs; r++) {
        double t0 = now(), s = 0;
        hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        for (c = 0; c < NCOLS; c++) {
            char name[64];
            hid_t d;
            snprintf(name, sizeof name, "/table/columns/c%d/data", c);
            d = H5Dopen2(f, name, H5P_DEFAULT);
            H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
            s += sum_of(out, (size_t)rows);
            H5Dclose(d);
        }
        H5Fclose(f);
        *total = s;
        {
            double t = now() - t0;
            if (t < best) best = t;
        }
    }
    return best;
}

static double time_hdf5lite(const char *path, double *out, unsigned threads, double *total)
{
    double best = 1e30;
    int r;
    for (r = 0; r < runs; r++) {
        double t0 = now(), s = 0;
        h5l_file *f;
        h5l_table *t;
        h5l_error e;
        h5l_read_options o;
        size_t c;
        memset(&o, 0, sizeof o);
        o.threads = threads;
        o.flags = H5L_READ_NATIVE;
        if (h5l_open(path, NULL, &f, &e) != H5L_OK || h5l_table_open(f, NULL, &t, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); exit(1); }
        for (c = 0; c < h5l_table_ncolumns(t); c++) {
            const h5l_column *col = h5l_table_column(t, c);
            if (h5l_column_read(col, H5L_PART_VALUES, 0, col->rows, out, (size_t)col->rows * 8, &o, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); exit(1); }
            s += sum_of(out, (size_t)col->rows);
        }
        h5l_table_close(t);
        h5l_close(f);
        *total = s;
        {
            double tt = now() - t0;
            if (tt < best) best = tt;
        }
    }
    return best;
}

/* The limit: the same bytes copied from memory (one source per column, so
 * that caches hold no more than they would for the file) and summed. */
static double time_memcpy(double *out, double *const *src, size_t n, double *total)
{
    double best = 1e30;
    int r, c;
    for (r = 0; r < runs; r++) {
        double t0 = now(), s = 0;
        for (c = 0; c < NCOLS; c++) {
            memcpy(out, src[c], n * 8);
            s += sum_of(out, n);
        }
        *total = s;
        {
            double t = now() - t0;
            if (t < best) best = t;
        }
    }
    return best;
}

/* The operating system's floor for copying a file's bytes out: pread of
 * every chunk of every column (offsets from libhdf5, found before the
 * clock starts) into the same output, summed. The page cache's copy into
 * user memory (and its dependence on how the output and the chunk line up
 * within 64 bytes) is a cost no reader of the file avoids; memcpy from
 * memory is the limit. */
static double time_pread(const char *path, hsize_t rows, double *out, double *total)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    haddr_t *off = NULL;
    hsize_t *size = NULL, nchunks = 0, k;
    double best = 1e30;
    int c, r, fd = open(path, O_RDONLY);
    if (fd < 0 || f < 0) { fprintf(stderr, "bench_chunked: cannot open %s\n", path); exit(1); }
    for (c = 0; c < NCOLS; c++) {
        char name[64];
        hid_t d, sp;
        hsize_t n, i;
        snprintf(name, sizeof name, "/table/columns/c%d/data", c);
        d = H5Dopen2(f, name, H5P_DEFAULT);
        sp = H5Dget_space(d);
        if (H5Dget_num_chunks(d, sp, &n) < 0) { fprintf(stderr, "bench_chunked: H5Dget_num_chunks\n"); exit(1); }
        off = (haddr_t *)realloc(off, (size_t)(nchunks + n) * sizeof *off);
        size = (hsize_t *)realloc(size, (size_t)(nchunks + n) * sizeof *size);
        for (i = 0; i < n; i++) {   /* in row order: chunk i of a 1-D dataset starts at row i * chunk */
            hsize_t coord[1];
            unsigned mask;
            haddr_t a;
            hsize_t sz;
            if (H5Dget_chunk_info(d, sp, i, coord, &mask, &a, &sz) < 0) { fprintf(stderr, "bench_chunked: H5Dget_chunk_info\n"); exit(1); }
            off[nchunks + coord[0] / 65536] = a;
            size[nchunks + coord[0] / 65536] = sz;
        }
        nchunks += n;
        H5Sclose(sp);
        H5Dclose(d);
    }
    H5Fclose(f);
    for (r = 0; r < runs; r++) {
        double t0 = now(), s = 0, t;
        hsize_t per = nchunks / NCOLS;
        for (c = 0; c < NCOLS; c++) {
            uint8_t *o = (uint8_t *)out;
            for (k = 0; k < per; k++) {
                size_t want = (size_t)size[c * per + k];
                if (pread(fd, o, want, (off_t)off[c * per + k]) != (ssize_t)want) { fprintf(stderr, "bench_chunked: pread\n"); exit(1); }
                o += want;
            }
            s += sum_of(out, (size_t)rows);
        }
        *total = s;
        if ((t = now() - t0) < best) best = t;
    }
    close(fd);
    free(off);
    free(size);
    return best;
}

static void bench_table(const char *dir, hsize_t rows)
{
    char pf[4096], pu[4096];
    double *out = (double *)malloc(rows * 8), *src[NCOLS];
    double th, t1, t2, tu, tu2, tl, tm, tp, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
    hsize_t i;
    int c;
    snprintf(pf, sizeof pf, "%s/chunked_deflate.h5", dir);
    snprintf(pu, sizeof pu, "%s/chunked_plain.h5", dir);
    write_table(pf, rows, 1);
    write_table(pu, rows, 0);
    for (c = 0; c < NCOLS; c++) {
        src[c] = (double *)malloc(rows * 8);
        for (i = 0; i < rows; i++) src[c][i] = sin((double)i * 1e-3 * (c + 1)) * 100.0 + (double)(i % 1000) * 1e-3;
    }
    th = time_libhdf5(pf, rows, out, &s1);
    t1 = time_hdf5lite(pf, out, 1, &s2);
    t2 = time_hdf5lite(pf, out, 2, &s3);
    tl = time_libhdf5(pu, rows, out, &s4);
    tu = time_hdf5lite(pu, out, 1, &s5);
    tu2 = time_hdf5lite(pu, out, 2, &s7);
    tm = time_memcpy(out, src, (size_t)rows, &s6);
    tp = time_pread(pu, rows, out, &s8);
    if (fabs(s1 - s2) > 1e-6 * fabs(s1) + 1e-6 || fabs(s1 - s3) > 1e-6 * fabs(s1) + 1e-6 || fabs(s4 - s5) > 1e-6 * fabs(s4) + 1e-6 ||
        fabs(s4 - s6) > 1e-6 * fabs(s4) + 1e-6 || fabs(s4 - s7) > 1e-6 * fabs(s4) + 1e-6 || fabs(s4 - s8) > 1e-6 * fabs(s4) + 1e-6) {
        fprintf(stderr, "bench_chunked: sums differ (%g %g %g / %g %g %g)\n", s1, s2, s3, s4, s5, s6);
        exit(1);
    }
    printf("\n== table: %d float64 columns x %llu rows, chunks of 65536 rows, read whole + sum (seconds, best of %d)\n", NCOLS,
           (unsigned long long)rows, runs);
    printf("%-44s %10s %10s\n", "case", "seconds", "ratio");
    printf("%-44s %10.3f %10s\n", "libhdf5 H5Dread, shuffle+deflate", th, "1.00x");
    printf("%-44s %10.3f %9.2fx   (goal >= 1.5x)\n", "hdf5lite 1 thread, shuffle+deflate", t1, th / t1);
    printf("%-44s %10.3f %9.2fx   (goal >= 2.8x)\n", "hdf5lite 2 threads, shuffle+deflate", t2, th / t2);
    printf("%-44s %10.3f %9.2fx   (libhdf5 unfiltered: %.3f s, %.2fx of the limit)\n", "hdf5lite 1 thread, chunked without filters", tu, tm / tu, tl, tm / tl);
    printf("%-44s %10.3f %9.2fx\n", "hdf5lite 2 threads, chunked without filters", tu2, tm / tu2);
    printf("%-44s %10.3f %10s   (the limit; goal >= 0.9x)\n", "memcpy of the same bytes + sum", tm, "1.00x");
    printf("%-44s %10.3f %9.2fx   (the file's floor: hdf5lite 1 thread at %.2fx of it)\n", "pread of the same chunks + sum", tp, tm / tp,
           tp / tu);
    free(out);
    for (c = 0; c < NCOLS; c++) free(src[c]);
}

/* Whole processes, as a user meets them: `mmapcol stats` (opens the table,
 * decodes every column, min/max/mean) against a program that reads and sums
 * every column with libhdf5 (this binary with --h5sum). Best of runs. */
static double time_cmd(const char *cmd)
{
    double best = 1e30;
    int r;
    for (r = 0; r < runs; r++) {
        double t0 = now(), t;
        if (system(cmd) != 0) { fprintf(stderr, "bench_chunked: '%s' failed\n", cmd); exit(1); }
        t = now() - t0;
        if (t < best) best = t;
    }
    return best;
}

static void bench_processes(const char *dir, const char *self, hsize_t rows)
{
    static const char *const names[2] = {"chunked_deflate.h5", "chunked_plain.h5"};
    int k;
    printf("\n== whole processes: the same tables, every column read and summed (seconds, best of %d)\n", runs);
    printf("%-44s %10s %10s %10s %9s %9s\n", "file", "libhdf5", "stats -t1", "stats -t2", "vs (1)", "vs (2)");
    for (k = 0; k < 2; k++) {
        char c1[8400], c2[8400], c3[8400];
        double th, t1, t2;
        snprintf(c1, sizeof c1, "%s --h5sum %s/%s %llu > /dev/null", self, dir, names[k], (unsigned long long)rows);
        snprintf(c2, sizeof c2, "./mmapcol stats %s/%s --threads 1 > /dev/null", dir, names[k]);
        snprintf(c3, sizeof c3, "./mmapcol stats %s/%s --threads 2 > /dev/null", dir, names[k]);
        th = time_cmd(c1);
        t1 = time_cmd(c2);
        t2 = time_cmd(c3);
        printf("%-44s %10.3f %10.3f %10.3f %8.2fx %8.2fx\n", names[k], th, t1, t2, th / t1, th / t2);
    }
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    if (argc == 4 && strcmp(argv[1], "--h5sum") == 0) {      /* the libhdf5 process of bench_processes */
        hsize_t rows = (hsize_t)strtoull(argv[3], NULL, 10);
        double *out = (double *)malloc(rows * 8), total = 0;
        runs = 1;
        time_libhdf5(argv[2], rows, out, &total);
        printf("%.17g\n", total);
        free(out);
        return 0;
    }
    int quick = 0, i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) quick = 1;
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
        else dir = argv[i];
    }
    if (!dir || runs < 1) { fprintf(stderr, "usage: bench_chunked [--quick] [--runs N] DIR\n"); return 2; }
    bench_inflate(quick ? ((size_t)8 << 20) : ((size_t)64 << 20));
    bench_deflate(quick ? ((size_t)4 << 20) : ((size_t)16 << 20));
    bench_table(dir, quick ? 1u << 20 : 4u << 20);
    bench_processes(dir, argv[0], quick ? 1u << 20 : 4u << 20);
    return 0;
}
