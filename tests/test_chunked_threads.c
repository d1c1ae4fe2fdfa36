/* test_chunked_threads — h5l_writer_write into chunked datasets from several
 * threads at once (disjoint row ranges, interleaved so that threads share
 * row bands; two datasets), then every value read back. Built plain and
 * with ThreadSanitizer (tests/chunked_write.mk).
 *   usage: test_chunked_threads FILE */
#include "hdf5lite.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NT 4
#define ROWS 200000u
#define PIECE 333u          /* rows per write: pieces of one band go to different threads */

typedef struct job { h5l_writer *w; h5l_dset d[2]; unsigned t; int failed; } job;

static double va(uint64_t i) { return (double)i * 0.25; }
static int32_t vb(uint64_t r, unsigned c) { return (int32_t)(r * 3 + c); }

static void *run(void *arg)
{
    job *j = (job *)arg;
    double a[PIECE];
    int32_t b[PIECE * 3];
    uint64_t at, i;
    h5l_error e;
    for (at = (uint64_t)j->t * PIECE; at < ROWS; at += (uint64_t)NT * PIECE) {
        uint64_t n = ROWS - at < PIECE ? ROWS - at : PIECE;
        for (i = 0; i < n; i++) {
            a[i] = va(at + i);
            b[3 * i] = vb(at + i, 0), b[3 * i + 1] = vb(at + i, 1), b[3 * i + 2] = vb(at + i, 2);
        }
        if (h5l_writer_write(j->w, j->d[0], at, n, a, &e) != H5L_OK || h5l_writer_write(j->w, j->d[1], at, n, b, &e) != H5L_OK) {
            fprintf(stderr, "thread %u: %s\n", j->t, e.msg);
            j->failed = 1;
            return NULL;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    h5l_writer *w;
    h5l_error e;
    h5l_chunking c;
    h5l_dset d[2];
    uint64_t dims[2] = {ROWS, 3}, ch[2] = {4096, 3}, i;
    pthread_t th[NT];
    job jobs[NT];
    unsigned t;
    int bad = 0;
    h5l_file *f;
    h5l_obj *o;
    double *a = malloc(ROWS * sizeof *a);
    int32_t *b = malloc(ROWS * 3 * sizeof *b);
    if (argc != 2 || !a || !b) return 2;
    memset(&c, 0, sizeof c);
    c.chunk = ch;
    c.flags = H5L_CHUNK_SHUFFLE;
    c.compress = H5L_COMPRESS_DEFLATE;
    c.level = 1;
    if (h5l_writer_open(argv[1], NULL, &w, &e) || h5l_writer_dataset_chunked(w, "/a", H5L_T_F64, 1, dims, &c, &d[0], &e)) goto fail;
    c.flags = H5L_CHUNK_EXTENDIBLE;
    c.compress = H5L_COMPRESS_LZF;
    dims[0] = 0;
    if (h5l_writer_dataset_chunked(w, "/b", H5L_T_I32, 2, dims, &c, &d[1], &e) || h5l_writer_layout(w, &e)) goto fail;
    for (t = 0; t < NT; t++) {
        jobs[t].w = w, jobs[t].d[0] = d[0], jobs[t].d[1] = d[1], jobs[t].t = t, jobs[t].failed = 0;
        pthread_create(&th[t], NULL, run, &jobs[t]);
    }
    for (t = 0; t < NT; t++) {
        pthread_join(th[t], NULL);
        bad |= jobs[t].failed;
    }
    if (bad || h5l_writer_finish(w, &e)) goto fail;
    if (h5l_open(argv[1], NULL, &f, &e) || h5l_obj_open(f, "/a", &o, &e) || h5l_dataset_read(o, 0, ROWS, a, ROWS * sizeof *a, &e)) goto fail;
    h5l_obj_close(o);
    if (h5l_obj_open(f, "/b", &o, &e) || h5l_obj_dataset(o)->space.dims[0] != ROWS || h5l_dataset_read(o, 0, ROWS, b, ROWS * 3 * sizeof *b, &e)) goto fail;
    h5l_obj_close(o);
    h5l_close(f);
    for (i = 0; i < ROWS; i++)
        if (a[i] != va(i) || b[3 * i] != vb(i, 0) || b[3 * i + 2] != vb(i, 2)) {
            fprintf(stderr, "test_chunked_threads: row %llu differs\n", (unsigned long long)i);
            return 1;
        }
    printf("test_chunked_threads: %u threads wrote %u rows into two chunked datasets; every value read back\n", NT, ROWS);
    free(a);
    free(b);
    return 0;
fail:
    fprintf(stderr, "test_chunked_threads: %s\n", e.msg);
    return 1;
}
