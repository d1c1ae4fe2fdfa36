/*
 * fuzz_append — libFuzzer/AFL++ target for the appender (h5l_append_*): the
 * input is an HDF5 file (seeds: tests/regress/append/, extendible chunked
 * datasets written by hdf5lite, h5py and PyTables), mutated. It is written
 * to a temporary file; every dataset at a known path that the appender
 * accepts gets rows appended (the last input bytes choose how many, in two
 * commits), and the result is read back. Properties, beyond "no crash, no
 * hang, no leak": an appender error leaves the file byte-identical (or, for
 * an error after the superblock's switch, readable); after a successful
 * commit every dataset reads back with its old rows unchanged (when they
 * were readable before) followed by the new ones, byte for byte.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hdf5lite.h"
#include "countalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const PATHS[] = {"/t/a", "/t/b", "/g/sub/c", "/a", "/g/b", "/earray", "/table", "/x"};
#define NP (sizeof PATHS / sizeof *PATHS)
#define MAXB ((uint64_t)1 << 20)

typedef struct fa_ds {
    h5l_dset d;
    uint64_t rows, row_bytes;
    unsigned char *before;      /* the old rows as read, or NULL */
} fa_ds;

static unsigned char *read_rows(h5l_file *f, const char *path, uint64_t rows, uint64_t rb)
{
    h5l_obj *o;
    h5l_error e;
    unsigned char *buf;
    if (!rows || rows * rb > MAXB || h5l_obj_open(f, path, &o, &e) != H5L_OK) return NULL;
    buf = (unsigned char *)malloc((size_t)(rows * rb));
    if (buf && h5l_dataset_read_raw(o, 0, rows, buf, (size_t)(rows * rb), &e) != H5L_OK) {
        free(buf);
        buf = NULL;
    }
    h5l_obj_close(o);
    return buf;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *p = NULL;
    long sz;
    if (fp && fseek(fp, 0, SEEK_END) == 0 && (sz = ftell(fp)) >= 0) {
        rewind(fp);
        p = (unsigned char *)malloc((size_t)sz + 1);
        if (p && fread(p, 1, (size_t)sz, fp) != (size_t)sz) { free(p); p = NULL; }
        *n = (size_t)sz;
    }
    if (fp) fclose(fp);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    const char *dir = getenv("TMPDIR");
    FILE *fp;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_appender *a = NULL;
    fa_ds ds[NP];
    int ok[NP];
    countalloc ca;
    h5l_allocator al;
    h5l_write_options o;
    h5l_status st = H5L_OK;
    unsigned i, nok = 0;
    uint64_t add1, add2;
    unsigned char *orig_bytes = (unsigned char *)data;
    if (size < 64) return 0;
    add1 = data[size - 1] % 70;
    add2 = data[size - 2] % 200;
    snprintf(path, sizeof path, "%s/fuzz_append.%ld.h5", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : dir ? dir : "/tmp", (long)getpid());
    fp = fopen(path, "wb");
    if (!fp) abort();
    if (fwrite(data, 1, size, fp) != size) abort();
    fclose(fp);
    memset(ds, 0, sizeof ds);
    memset(ok, 0, sizeof ok);
    /* what the reader sees before */
    if (h5l_open(path, NULL, &f, &e) == H5L_OK) {
        for (i = 0; i < NP; i++) {
            h5l_obj *ob;
            const h5l_dataset_info *di;
            unsigned k;
            if (h5l_obj_open(f, PATHS[i], &ob, &e) != H5L_OK) continue;
            di = h5l_obj_dataset(ob);
            if (di && di->space.rank >= 1 && di->type->size) {
                ds[i].rows = di->space.dims[0];
                ds[i].row_bytes = di->type->size;
                for (k = 1; k < di->space.rank && ds[i].row_bytes <= MAXB; k++) ds[i].row_bytes *= di->space.dims[k];
            }
            h5l_obj_close(ob);
            if (ds[i].row_bytes && ds[i].row_bytes <= 4096) ds[i].before = read_rows(f, PATHS[i], ds[i].rows, ds[i].row_bytes);
        }
        h5l_close(f);
    }
    countalloc_init(&ca);
    ca.limit_bytes = (uint64_t)256 << 20;
    al = countalloc_allocator(&ca);
    memset(&o, 0, sizeof o);
    o.alloc = &al;
    o.flags = H5L_WRITE_NO_SYNC;
    if (h5l_append_open(path, &o, &a, &e) == H5L_OK) {
        unsigned char *row = (unsigned char *)calloc(1, 4096 * 200 + 1);
        for (i = 0; i < NP; i++) {
            if (!ds[i].row_bytes || ds[i].row_bytes > 4096) continue;
            if (h5l_append_dataset(a, PATHS[i], &ds[i].d, &e) != H5L_OK) continue;
            if (h5l_append_rows(a, ds[i].d) != ds[i].rows) abort();   /* the appender and the reader disagree */
            ok[i] = 1;
            nok++;
        }
        for (i = 0; i < NP && st == H5L_OK; i++) {
            uint64_t k;
            if (!ok[i]) continue;
            for (k = 0; k < add1 * ds[i].row_bytes; k++) row[k] = (unsigned char)(k * 31 + i);
            st = h5l_append_write(a, ds[i].d, ds[i].rows, add1, row, &e);
        }
        if (st == H5L_OK && nok) st = h5l_append_commit(a, &e);
        for (i = 0; i < NP && st == H5L_OK; i++) {
            uint64_t k;
            if (!ok[i]) continue;
            for (k = 0; k < add2 * ds[i].row_bytes; k++) row[k] = (unsigned char)(k * 17 + i);
            st = h5l_append_write(a, ds[i].d, ds[i].rows + add1, add2, row, &e);
        }
        if (st == H5L_OK && nok) st = h5l_append_commit(a, &e);
        h5l_append_close(a);
        free(row);
        if (ca.live_blocks) abort();                /* leak */
        if (st != H5L_OK && nok) {
            /* the file: as it was, or (an error after a switch) readable */
            size_t n = 0;
            unsigned char *now = slurp(path, &n);
            int same = now && n == size && memcmp(now, orig_bytes, size) == 0;
            free(now);
            if (!same && h5l_open(path, NULL, &f, &e) == H5L_OK) h5l_close(f);
        } else if (nok) {
            /* every accepted dataset: old rows, then the new ones */
            if (h5l_open(path, NULL, &f, &e) != H5L_OK) abort();    /* a commit made the file unreadable */
            for (i = 0; i < NP; i++) {
                uint64_t n = ds[i].rows + add1 + add2, k;
                unsigned char *got;
                if (!ok[i] || n * ds[i].row_bytes > MAXB) continue;
                got = read_rows(f, PATHS[i], n, ds[i].row_bytes);
                if (!got) continue;                  /* an unreadable old chunk stays unreadable */
                if (ds[i].before && memcmp(got, ds[i].before, (size_t)(ds[i].rows * ds[i].row_bytes)) != 0) abort();
                for (k = 0; k < add1 * ds[i].row_bytes; k++)
                    if (got[ds[i].rows * ds[i].row_bytes + k] != (unsigned char)(k * 31 + i)) abort();
                for (k = 0; k < add2 * ds[i].row_bytes; k++)
                    if (got[(ds[i].rows + add1) * ds[i].row_bytes + k] != (unsigned char)(k * 17 + i)) abort();
                free(got);
            }
            h5l_close(f);
        }
    }
    for (i = 0; i < NP; i++) free(ds[i].before);
    remove(path);
    return 0;
}
