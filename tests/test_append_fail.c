/*
 * test_append_fail — failure injection into appends (h5l_append_*), after
 * SQLite's anomaly tests. A base file of four extendible chunked datasets
 * (deflate + shuffle, LZF, fletcher32, none; 1-D and 2-D; in a nested group)
 * gets 300 rows appended to each and committed (70 rows a write: the
 * unfiltered one takes whole chunks straight from the caller's rows), while:
 *   1. the N-th allocation fails (once, or from N on), N = 1, 2, ... until a
 *      run reaches its end: every failure is H5L_ENOMEM, leaves the file
 *      byte-identical after h5l_append_close, and leaks nothing;
 *   2. the N-th OS call (open, pwrite, ftruncate, fsync, close) fails with
 *      EIO or ENOSPC, N = 1, 2, ... until a run succeeds: the status is the
 *      errno's, and the file is then either byte-identical or -- when the
 *      failing call came after the superblock's switch (the last fsync) --
 *      holds every appended row of every dataset.
 * (An allocation that fails after the switch, re-reading the file, is the
 * same case: the commit stands, the status says the appender failed.)
 *   3. a second appender is refused while one has the file open (EIO); another
 *      program rewriting the file under an appender makes its commit fail
 *      (EIO, "changed under the appender") and its close leave the file alone.
 * Each outcome is read back with hdf5lite's reader and checked value by value.
 *   4. whole chunks written straight from the caller's rows, then rows of
 *      them written again before and after a commit, at two chunk sizes (in
 *      and past the appender's write cache): every value read back.
 *   usage: test_append_fail DIR
 */
#if !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "hdf5lite.h"
#include "../fuzz/countalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned npass, nfail;
#define CHECK(c, ...) do { if (c) npass++; else { nfail++; printf("FAIL: "); printf(__VA_ARGS__); printf("\n"); } } while (0)

#define NDS 4
static const char *const DS[NDS] = {"/t/a", "/t/b", "/g/sub/c", "/t/d"};
#define BASE 250u
#define MORE 300u

static double va(uint64_t i) { return (double)i * 0.5; }
static int32_t vb(uint64_t r, unsigned c) { return (int32_t)(r * 3 + c); }
static uint8_t vc(uint64_t i) { return (uint8_t)(i % 251); }
static double vd(uint64_t i) { return (double)i * -0.25 + 7.0; }

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p;
    long sz;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0) { if (f) fclose(f); return NULL; }
    rewind(f);
    p = malloc((size_t)sz + 1);
    if (p && fread(p, 1, (size_t)sz, f) != (size_t)sz) { free(p); p = NULL; }
    fclose(f);
    *n = (size_t)sz;
    return p;
}

static void put(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n) { perror(path); exit(2); }
    fclose(f);
}

static void make_base(const char *path)
{
    h5l_writer *w;
    h5l_error e;
    h5l_dset d[NDS];
    h5l_chunking c;
    uint64_t dims[2], ch[2], i;
    double a[BASE], dd[BASE];
    int32_t b[BASE * 3];
    uint8_t cc[BASE];
    if (h5l_writer_open(path, NULL, &w, &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    memset(&c, 0, sizeof c);
    dims[0] = BASE; ch[0] = 100;
    c.chunk = ch; c.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE; c.compress = H5L_COMPRESS_DEFLATE;
    if (h5l_writer_dataset_chunked(w, DS[0], H5L_T_F64, 1, dims, &c, &d[0], &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    dims[1] = 3; ch[0] = 64; ch[1] = 3;
    c.flags = H5L_CHUNK_EXTENDIBLE; c.compress = H5L_COMPRESS_LZF;
    if (h5l_writer_dataset_chunked(w, DS[1], H5L_T_I32, 2, dims, &c, &d[1], &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    ch[0] = 16; c.compress = H5L_COMPRESS_NONE; c.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_FLETCHER32;
    if (h5l_writer_dataset_chunked(w, DS[2], H5L_T_U8, 1, dims, &c, &d[2], &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    ch[0] = 32; c.flags = H5L_CHUNK_EXTENDIBLE;
    if (h5l_writer_dataset_chunked(w, DS[3], H5L_T_F64, 1, dims, &c, &d[3], &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    if (h5l_writer_layout(w, &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
    for (i = 0; i < BASE; i++) { a[i] = va(i); b[3 * i] = vb(i, 0); b[3 * i + 1] = vb(i, 1); b[3 * i + 2] = vb(i, 2); cc[i] = vc(i); dd[i] = vd(i); }
    if (h5l_writer_write(w, d[0], 0, BASE, a, &e) != H5L_OK || h5l_writer_write(w, d[1], 0, BASE, b, &e) != H5L_OK ||
        h5l_writer_write(w, d[2], 0, BASE, cc, &e) != H5L_OK || h5l_writer_write(w, d[3], 0, BASE, dd, &e) != H5L_OK ||
        h5l_writer_finish(w, &e) != H5L_OK) { printf("%s\n", e.msg); exit(2); }
}

/* The file's rows: BASE or BASE+MORE in every dataset with the right values; else 0. */
static unsigned file_rows(const char *path)
{
    h5l_file *f;
    h5l_error e;
    unsigned k, rows = 0;
    static double a[BASE + MORE];
    static int32_t b[(BASE + MORE) * 3];
    static uint8_t c[BASE + MORE];
    static double dd[BASE + MORE];
    if (h5l_open(path, NULL, &f, &e) != H5L_OK) return 0;
    for (k = 0; k < NDS; k++) {
        h5l_obj *o;
        const h5l_dataset_info *di;
        uint64_t n, i;
        void *buf = k == 0 ? (void *)a : k == 1 ? (void *)b : k == 2 ? (void *)c : (void *)dd;
        if (h5l_obj_open(f, DS[k], &o, &e) != H5L_OK) { rows = 0; break; }
        di = h5l_obj_dataset(o);
        n = di ? di->space.dims[0] : 0;
        if ((n != BASE && n != BASE + MORE) || (k && n != rows) ||
            h5l_dataset_read(o, 0, n, buf, k == 0 ? sizeof a : k == 1 ? sizeof b : k == 2 ? sizeof c : sizeof dd, &e) != H5L_OK) {
            h5l_obj_close(o);
            rows = 0;
            break;
        }
        h5l_obj_close(o);
        for (i = 0; i < n; i++)
            if ((k == 0 && a[i] != va(i)) || (k == 1 && (b[3 * i] != vb(i, 0) || b[3 * i + 2] != vb(i, 2))) || (k == 2 && c[i] != vc(i)) ||
                (k == 3 && dd[i] != vd(i))) {
                n = 0;
                break;
            }
        if (!n) { rows = 0; break; }
        rows = (unsigned)n;
    }
    h5l_close(f);
    return rows;
}

typedef struct iohook { unsigned calls, fail_at, writebacks, fail_writebacks; int err; } iohook;
static int hook(void *ctx, const char *op)
{
    iohook *h = (iohook *)ctx;
    if (strcmp(op, "writeback") == 0) {
        h->writebacks++;
        if (h->fail_writebacks) return EIO;   /* only a hint: nothing may change */
    }
    if (++h->calls == h->fail_at) return h->err;
    return 0;
}

/* Open, append MORE rows to each dataset in pieces, commit, close. */
static h5l_status do_append(const char *path, const h5l_write_options *o)
{
    h5l_appender *ap = NULL;
    h5l_error e;
    h5l_dset d[NDS];
    h5l_status st;
    uint64_t i, at;
    unsigned k;
    static double a[MORE], dd[MORE];
    static int32_t b[MORE * 3];
    static uint8_t c[MORE];
    for (i = 0; i < MORE; i++) {
        a[i] = va(BASE + i); b[3 * i] = vb(BASE + i, 0); b[3 * i + 1] = vb(BASE + i, 1); b[3 * i + 2] = vb(BASE + i, 2); c[i] = vc(BASE + i);
        dd[i] = vd(BASE + i);
    }
    st = h5l_append_open(path, o, &ap, &e);
    for (k = 0; k < NDS && st == H5L_OK; k++) st = h5l_append_dataset(ap, DS[k], &d[k], &e);
    for (at = 0; at < MORE && st == H5L_OK; at += 70) {
        uint64_t n = MORE - at < 70 ? MORE - at : 70;
        st = h5l_append_write(ap, d[0], BASE + at, n, a + at, &e);
        if (st == H5L_OK) st = h5l_append_write(ap, d[1], BASE + at, n, b + 3 * at, &e);
        if (st == H5L_OK) st = h5l_append_write(ap, d[2], BASE + at, n, c + at, &e);
        if (st == H5L_OK) st = h5l_append_write(ap, d[3], BASE + at, n, dd + at, &e);
    }
    if (st == H5L_OK) st = h5l_append_commit(ap, &e);
    if (st != H5L_OK && !e.msg[0]) { printf("FAIL: status %s with no message\n", h5l_status_name(st)); nfail++; }
    h5l_append_close(ap);
    return st;
}

/* 4. Whole chunks straight from the caller's rows. An unfiltered f64
 * dataset with chunks of `ch` rows gets, between commits, writes that are
 * whole chunks, whole chunks written again, rows of the last (whole) chunk
 * written again, and partial chunks; a model array follows every write and
 * the file must read back equal to it after each commit. Returns how many
 * disk writes were started early ("writeback" in the io_hook). */
static unsigned direct_chunks(const char *dir, uint64_t ch, unsigned flags, int fail_writebacks)
{
    /* in chunks; count 0: a quarter of the chunk's rows from its middle, in the last chunk */
    static const struct { uint64_t first, count; int commit; } W[] = {
        {0, 1, 0},   /* chunk 0 whole: straight from the caller                         */
        {0, 3, 1},   /* chunk 0 whole again (its first copy dropped), 1 and 2; commit    */
        {3, 1, 0},   /* chunk 3                                                          */
        {4, 2, 0},   /* chunks 4 and 5                                                   */
        {5, 1, 0},   /* chunk 5 whole again before a commit ...                          */
        {5, 1, 0},   /* ... and again                                                    */
        {6, 0, 0},   /* rows inside chunk 5, not committed: read back, then merged        */
        {6, 2, 1},   /* chunks 6 and 7 (chunk 5 goes from the band); commit              */
        {7, 1, 1},   /* committed chunk 7 whole again: read back, replaced; commit       */
        {8, 0, 1},   /* rows inside committed chunk 7; commit                            */
        {8, 3, 1},   /* chunks 8, 9, 10; commit                                          */
    };
    char path[1100];
    h5l_writer *w;
    h5l_appender *ap = NULL;
    h5l_error e;
    h5l_dset d;
    h5l_chunking c;
    uint64_t dims[1] = {0}, chunk[1] = {ch}, rows = 0, i, total = 11 * ch;
    double *model = (double *)calloc((size_t)total, sizeof *model), *src = (double *)malloc((size_t)total * sizeof *src),
           *back = (double *)malloc((size_t)total * sizeof *back);
    unsigned k, version = 0;
    iohook h;
    h5l_write_options o;
    memset(&h, 0, sizeof h);
    memset(&o, 0, sizeof o);
    o.flags = flags;
    o.io_hook = hook;
    o.io_ctx = &h;
    h.fail_writebacks = (unsigned)fail_writebacks;
    snprintf(path, sizeof path, "%s/direct_%llu.h5", dir, (unsigned long long)ch);
    memset(&c, 0, sizeof c);
    c.chunk = chunk;
    c.flags = H5L_CHUNK_EXTENDIBLE;
    if (h5l_writer_open(path, NULL, &w, &e) != H5L_OK || h5l_writer_dataset_chunked(w, "/x", H5L_T_F64, 1, dims, &c, &d, &e) != H5L_OK ||
        h5l_writer_finish(w, &e) != H5L_OK || h5l_append_open(path, &o, &ap, &e) != H5L_OK || h5l_append_dataset(ap, "/x", &d, &e) != H5L_OK) {
        printf("FAIL: direct %llu: %s\n", (unsigned long long)ch, e.msg);
        nfail++;
        h5l_append_close(ap);
        free(model); free(src); free(back);
        return 0;
    }
    for (k = 0; k < sizeof W / sizeof *W; k++) {
        uint64_t first = W[k].first * ch, count = W[k].count * ch;
        if (W[k].count == 0) {   /* some rows in the middle of the last chunk */
            first = rows - ch + ch / 3;
            count = ch / 4 + 1;
        }
        version++;
        for (i = 0; i < count; i++) src[i] = model[first + i] = (double)(first + i) + (double)version * 1e6;
        CHECK(h5l_append_write(ap, d, first, count, src, &e) == H5L_OK, "direct %llu: write %u: %s", (unsigned long long)ch, k, e.msg);
        memset(src, 0xee, (size_t)count * sizeof *src);   /* the caller reuses its buffer: nothing of it may be kept */
        if (first + count > rows) rows = first + count;
        CHECK(h5l_append_rows(ap, d) == rows, "direct %llu: write %u: %llu rows", (unsigned long long)ch, k, (unsigned long long)h5l_append_rows(ap, d));
        if (W[k].commit) {
            h5l_file *f;
            h5l_obj *o;
            CHECK(h5l_append_commit(ap, &e) == H5L_OK, "direct %llu: commit after %u: %s", (unsigned long long)ch, k, e.msg);
            if (h5l_open(path, NULL, &f, &e) == H5L_OK) {
                if (h5l_obj_open(f, "/x", &o, &e) == H5L_OK) {
                    const h5l_dataset_info *di = h5l_obj_dataset(o);
                    CHECK(di && di->space.dims[0] == rows && h5l_dataset_read(o, 0, rows, back, (size_t)total * sizeof *back, &e) == H5L_OK &&
                              memcmp(back, model, (size_t)rows * sizeof *back) == 0,
                          "direct %llu: after write %u the file holds other values", (unsigned long long)ch, k);
                    h5l_obj_close(o);
                }
                h5l_close(f);
            } else CHECK(0, "direct %llu: reopen: %s", (unsigned long long)ch, e.msg);
        }
    }
    h5l_append_close(ap);
    free(model);
    free(src);
    free(back);
    return h.writebacks;
}

int main(int argc, char **argv)
{
    char path[1024], base[1024];
    unsigned char *orig, *now;
    size_t on, nn;
    uint64_t n;
    int persist;
    unsigned ok_runs = 0, io_runs = 0, switched = 0;
    if (argc != 2) { fprintf(stderr, "usage: test_append_fail DIR\n"); return 2; }
    snprintf(base, sizeof base, "%s/base.h5", argv[1]);
    snprintf(path, sizeof path, "%s/append.h5", argv[1]);
    make_base(base);
    orig = slurp(base, &on);
    CHECK(orig && file_rows(base) == BASE, "the base file reads back");
    put(path, orig, on);
    CHECK(do_append(path, NULL) == H5L_OK && file_rows(path) == BASE + MORE, "a clean append");
    /* 1. allocation failures */
    for (persist = 0; persist < 2; persist++)
        for (n = 1;; n++) {
            countalloc ca;
            h5l_allocator al;
            h5l_write_options o;
            h5l_status st;
            countalloc_init(&ca);
            ca.fail_at = n;
            ca.fail_persist = persist;
            al = countalloc_allocator(&ca);
            memset(&o, 0, sizeof o);
            o.alloc = &al;
            put(path, orig, on);
            st = do_append(path, &o);
            CHECK(ca.live_blocks == 0, "alloc %llu%s: %llu blocks leaked", (unsigned long long)n, persist ? "+" : "", (unsigned long long)ca.live_blocks);
            if (ca.failures == 0) {
                CHECK(st == H5L_OK && file_rows(path) == BASE + MORE, "alloc %llu: no failure injected but %s", (unsigned long long)n, h5l_status_name(st));
                break;
            }
            now = slurp(path, &nn);
            if (st == H5L_OK) {
                ok_runs++;         /* a failed allocation the library could do without */
                CHECK(file_rows(path) == BASE + MORE, "alloc %llu%s: success but the rows are wrong", (unsigned long long)n, persist ? "+" : "");
            } else if (file_rows(path) == BASE + MORE) {
                switched++;        /* failed after the superblock's switch (re-reading the file): the commit stands */
                CHECK(st == H5L_ENOMEM, "alloc %llu%s: status %s", (unsigned long long)n, persist ? "+" : "", h5l_status_name(st));
            } else {
                CHECK(st == H5L_ENOMEM, "alloc %llu%s: status %s", (unsigned long long)n, persist ? "+" : "", h5l_status_name(st));
                CHECK(now && nn == on && memcmp(now, orig, on) == 0, "alloc %llu%s: the file changed (%zu bytes, was %zu)",
                      (unsigned long long)n, persist ? "+" : "", nn, on);
            }
            free(now);
        }
    /* 2. OS call failures */
    for (persist = 0; persist < 2; persist++)
        for (n = 1;; n++) {
            iohook h;
            h5l_write_options o;
            h5l_status st;
            unsigned rows;
            memset(&h, 0, sizeof h);
            h.fail_at = (unsigned)n;
            h.err = persist ? ENOSPC : EIO;
            memset(&o, 0, sizeof o);
            o.io_hook = hook;
            o.io_ctx = &h;
            put(path, orig, on);
            st = do_append(path, &o);
            if (h.calls < n) {
                CHECK(st == H5L_OK && file_rows(path) == BASE + MORE, "io %llu: no failure injected but %s", (unsigned long long)n, h5l_status_name(st));
                break;
            }
            io_runs++;
            rows = file_rows(path);
            now = slurp(path, &nn);
            if (rows == BASE + MORE) switched++;
            else {
                CHECK(st == (persist ? H5L_ENOSPC : H5L_EIO), "io %llu: status %s", (unsigned long long)n, h5l_status_name(st));
                CHECK(now && nn == on && memcmp(now, orig, on) == 0, "io call %llu fails: the file is neither as it was nor complete (%u rows)",
                      (unsigned long long)n, rows);
            }
            free(now);
        }
    /* 3. a second appender is refused while one has the file; another program
     *    changing the file under an appender makes its commit fail and its
     *    close leave the file alone */
    {
        h5l_appender *a1 = NULL, *a2 = NULL;
        h5l_error e;
        h5l_dset d1 = H5L_NO_DSET;
        double v[5] = {va(BASE), va(BASE + 1), va(BASE + 2), va(BASE + 3), va(BASE + 4)};
        h5l_status s1;
        unsigned char *other;
        size_t othern;
        put(path, orig, on);
        CHECK(do_append(path, NULL) == H5L_OK, "the other program's file");
        other = slurp(path, &othern);
        put(path, orig, on);
        CHECK(h5l_append_open(path, NULL, &a1, &e) == H5L_OK && h5l_append_dataset(a1, DS[0], &d1, &e) == H5L_OK, "appender 1 opens");
        s1 = h5l_append_open(path, NULL, &a2, &e);
        CHECK(s1 == H5L_EIO && strstr(e.msg, "another appender"), "a second appender: %s (%s)", h5l_status_name(s1), e.msg);
        h5l_append_close(a2);
        CHECK(h5l_append_write(a1, d1, BASE, 5, v, &e) == H5L_OK, "appender 1 writes");
        {   /* another program rewrites the file in place */
            FILE *fp = fopen(path, "r+b");
            if (!fp || fwrite(other, 1, othern, fp) != othern) { perror(path); exit(2); }
            fclose(fp);
        }
        s1 = h5l_append_commit(a1, &e);
        CHECK(s1 == H5L_EIO && strstr(e.msg, "changed under"), "the file changed under the appender: commit %s (%s)", h5l_status_name(s1), e.msg);
        h5l_append_close(a1);
        now = slurp(path, &nn);
        CHECK(now && nn == othern && memcmp(now, other, othern) == 0, "the other program's file was left as it wrote it");
        CHECK(file_rows(path) == BASE + MORE, "the other program's rows read back");
        free(now);
        free(other);
    }
    /* 5. Malformed files fuzz_append found where an append changed rows
     *    that were there before, now refused by the reader and the appender
     *    with the file left as it was:
     *    - a chunk B-tree key past the maximum dims: the appender, rebuilding
     *      the tree's right edge, took it for the end and dropped every chunk
     *      from it on (rows 64..16633 of /t/b read as zeros after);
     *    - a chunk at address 0, over the superblock, which a commit rewrites
     *      in place. The appender does not read that chunk (an append costs
     *      what it appends, not the file), so the append goes through and
     *      the chunk reads as corrupt before and after. */
    {
        static const struct { const char *file, *msg; uint64_t row; int append_ok; } BAD[] = {
            {"tests/regress/append/btree-key-past-max-dims.h5", "maximum dim", 100, 0},
            {"tests/regress/append/chunk-over-superblock.h5", "overlaps the superblock", 130, 1},
        };
        unsigned bi;
        for (bi = 0; bi < sizeof BAD / sizeof *BAD; bi++) {
            unsigned char *was = NULL, *after = NULL;
            size_t wn = 0, an = 0;
            h5l_appender *ap = NULL;
            h5l_file *f = NULL;
            h5l_obj *ob = NULL;
            h5l_error e;
            h5l_dset d = H5L_NO_DSET;
            h5l_status s1 = H5L_OK;
            int32_t v[23 * 3], r[3];
            char cp[1100];
            memset(v, 0, sizeof v);
            memset(&e, 0, sizeof e);
            snprintf(cp, sizeof cp, "%s/bad%u.h5", argv[1], bi);
            was = slurp(BAD[bi].file, &wn);
            CHECK(was != NULL, "%s is there", BAD[bi].file);
            if (!was) continue;
            put(cp, was, wn);
            if (h5l_open(cp, NULL, &f, &e) == H5L_OK && h5l_obj_open(f, "/t/b", &ob, &e) == H5L_OK)
                s1 = h5l_dataset_read(ob, BAD[bi].row, 1, r, sizeof r, &e);
            CHECK(s1 == H5L_ECORRUPT && strstr(e.msg, BAD[bi].msg), "%s: read: %s (%s)", BAD[bi].file, h5l_status_name(s1), e.msg);
            h5l_obj_close(ob);
            h5l_close(f);
            s1 = h5l_append_open(cp, NULL, &ap, &e);
            if (s1 == H5L_OK) s1 = h5l_append_dataset(ap, "/t/b", &d, &e);
            if (s1 == H5L_OK) s1 = h5l_append_write(ap, d, h5l_append_rows(ap, d), 23, v, &e);
            if (s1 == H5L_OK) s1 = h5l_append_commit(ap, &e);
            h5l_append_close(ap);
            if (BAD[bi].append_ok) {
                int32_t last[3] = {1, 1, 1};
                uint64_t rows = 0;
                h5l_status s2 = H5L_EINVAL, s3 = H5L_EINVAL;
                CHECK(s1 == H5L_OK, "%s: append: %s (%s)", BAD[bi].file, h5l_status_name(s1), e.msg);
                if (h5l_open(cp, NULL, &f, &e) == H5L_OK && h5l_obj_open(f, "/t/b", &ob, &e) == H5L_OK) {
                    rows = h5l_obj_dataset(ob)->space.dims[0];
                    s2 = h5l_dataset_read(ob, BAD[bi].row, 1, r, sizeof r, &e);
                    s3 = h5l_dataset_read(ob, rows - 1, 1, last, sizeof last, &e);
                }
                CHECK(s2 == H5L_ECORRUPT && s3 == H5L_OK && last[0] == 0 && last[2] == 0, "%s: after the append: %s, %s (%s)", BAD[bi].file,
                      h5l_status_name(s2), h5l_status_name(s3), e.msg);
                h5l_obj_close(ob);
                h5l_close(f);
            } else {
                CHECK(s1 == H5L_ECORRUPT, "%s: append: %s (%s)", BAD[bi].file, h5l_status_name(s1), e.msg);
                after = slurp(cp, &an);
                CHECK(after && an == wn && memcmp(after, was, wn) == 0, "%s: the file was left as it was", BAD[bi].file);
                free(after);
            }
            free(was);
        }
    }
    direct_chunks(argv[1], 16, 0, 0);      /* 128-byte chunks: they wait in the write cache */
    direct_chunks(argv[1], 4096, 0, 0);    /* 32 KiB: written at once */
    {
        /* 512 KiB chunks (about 8 MiB go to the file between the commits):
         * durable commits start their disk writes a MiB at a time; commits
         * without sync do not; failing hints change nothing */
        unsigned wb = direct_chunks(argv[1], 65536, 0, 0);
        unsigned wbn = direct_chunks(argv[1], 65536, H5L_WRITE_NO_SYNC, 0);
        unsigned wbf = direct_chunks(argv[1], 65536, 0, 1);
#if defined(__linux__)
        CHECK(wb >= 5 && wbf == wb, "512 KiB chunks written straight: %u writebacks started (%u when they fail)", wb, wbf);
#else
        CHECK(wb == 0 && wbf == 0, "%u writebacks where there is no sync_file_range", wb);
#endif
        CHECK(wbn == 0, "commits without sync: %u writebacks started", wbn);
    }
    printf("test_append_fail: %u allocation failures survived, %u OS-call failures, %u failures after the switch, %u passed, %u failed\n",
           ok_runs, io_runs, switched, npass, nfail);
    free(orig);
    return nfail ? 1 : 0;
}
