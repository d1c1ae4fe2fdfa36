/* Chunked datasets written by h5py (tests/gen_chunked.py) read by hdf5lite:
 * every dataset whole, on one and on three threads and through a caller's
 * "pool"; row ranges that start and end inside chunks; chunk by chunk
 * through the iterator (each chunk decoded and compared with the values
 * h5py read). Values are compared byte for byte with h5py's.
 * Usage: test_chunked DIR [MAX]   (DIR/list.txt lines: file dataset expected.bin) */
#include "hdf5lite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0, checks = 0;
static unsigned seen_index[6];          /* datasets read per chunk index type */
#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static unsigned char *load(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b;
    long sz;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    rewind(f);
    b = (unsigned char *)malloc(sz > 0 ? (size_t)sz : 1);
    *n = fread(b, 1, (size_t)sz, f);
    fclose(f);
    return b;
}

/* A caller's "pool": runs the tasks in reverse order on this thread. */
static unsigned pool_calls = 0;
static void my_pool(void *ctx, void (*task)(void *arg, unsigned w), void *arg, unsigned n)
{
    unsigned w;
    (void)ctx;
    pool_calls++;
    for (w = n; w-- > 0;) task(arg, w);
}

static void check_dataset(const char *dir, const char *file, const char *path, const char *bin)
{
    char p[4096];
    h5l_file *f;
    h5l_obj *o;
    h5l_error e;
    const h5l_dataset_info *di;
    unsigned char *want, *got;
    size_t wn, rowsz;
    uint64_t rows, i;
    h5l_read_options opt;
    h5l_chunk_iter *it;
    snprintf(p, sizeof p, "%s/%s", dir, bin);
    want = load(p, &wn);
    if (!want) { CHECK(0, "%s: cannot read", p); return; }
    snprintf(p, sizeof p, "%s/%s", dir, file);
    if (h5l_open(p, NULL, &f, &e) != H5L_OK) { CHECK(0, "%s: %s", p, e.msg); free(want); return; }
    if (h5l_obj_open(f, path, &o, &e) != H5L_OK) { CHECK(0, "%s %s: %s", file, path, e.msg); h5l_close(f); free(want); return; }
    di = h5l_obj_dataset(o);
    CHECK(di && di->layout == H5L_LAYOUT_CHUNKED, "%s %s: not chunked", file, path);
    if (di && di->chunk_index < 6) seen_index[di->chunk_index]++;
    rows = di->space.rank ? di->space.dims[0] : 1;
    rowsz = rows ? wn / rows : 0;
    got = (unsigned char *)malloc(wn + 1);
    /* whole, one thread */
    memset(got, 0xA5, wn + 1);
    if (h5l_dataset_read_raw(o, 0, rows, got, wn, &e) != H5L_OK) CHECK(0, "%s %s: %s", file, path, e.msg);
    else CHECK(memcmp(got, want, wn) == 0 && got[wn] == 0xA5, "%s %s: values differ from h5py's", file, path);
    /* whole, three threads; then through the caller's pool */
    memset(&opt, 0, sizeof opt);
    opt.threads = 3;
    memset(got, 0x5A, wn);
    if (h5l_dataset_info_read(di, 0, rows, got, wn, &opt, &e) != H5L_OK) CHECK(0, "%s %s (3 threads): %s", file, path, e.msg);
    else CHECK(memcmp(got, want, wn) == 0, "%s %s: values differ on 3 threads", file, path);
    opt.parallel = my_pool;
    memset(got, 0x5A, wn);
    if (h5l_dataset_info_read(di, 0, rows, got, wn, &opt, &e) != H5L_OK) CHECK(0, "%s %s (pool): %s", file, path, e.msg);
    else CHECK(memcmp(got, want, wn) == 0, "%s %s: values differ through a pool", file, path);
    /* row ranges starting and ending anywhere */
    for (i = 0; i < 12 && rows > 0; i++) {
        uint64_t a = (i * 7919u) % rows, b = a + (i * 104729u) % (rows - a + 1);
        memset(got, 0x11, wn);
        if (h5l_dataset_read_raw(o, a, b - a, got, (size_t)((b - a) * rowsz), &e) != H5L_OK) CHECK(0, "%s %s rows %llu..%llu: %s", file, path, (unsigned long long)a, (unsigned long long)b, e.msg);
        else CHECK(memcmp(got, want + a * rowsz, (size_t)((b - a) * rowsz)) == 0, "%s %s rows %llu..%llu differ", file, path,
                   (unsigned long long)a, (unsigned long long)b);
    }
    /* chunk by chunk */
    if (h5l_chunk_iter_open(di, &it, &e) != H5L_OK) {
        CHECK(0, "%s %s: iterator: %s", file, path, e.msg);
    } else {
        uint64_t cb = h5l_chunk_bytes(di), n = 0;
        unsigned char *cbuf = NULL;             /* made for the first chunk: never-written datasets may claim huge chunks */
        unsigned rank = di->space.rank, d;
        h5l_chunk_info c;
        int done = 0;
        while (h5l_chunk_iter_next(it, &c, &done, &e) == H5L_OK && !done) {
            uint64_t idx[32] = {0}, k, esz = di->type->size;
            int ok = 1;
            n++;
            if (!cbuf && !(cbuf = (unsigned char *)malloc((size_t)cb))) { CHECK(0, "%s %s: no memory for a chunk", file, path); break; }
            if (h5l_chunk_read(di, &c, cbuf, (size_t)cb, &e) != H5L_OK) { CHECK(0, "%s %s: chunk at %llu: %s", file, path, (unsigned long long)c.offset, e.msg); break; }
            /* every element of the chunk inside the dataset equals h5py's */
            for (k = 0; k < cb / esz && ok; k++) {
                uint64_t rem = k, off = 0;
                int inside = 1;
                for (d = rank; d-- > 0;) {
                    idx[d] = rem % di->chunk_dims[d];
                    rem /= di->chunk_dims[d];
                }
                for (d = 0; d < rank; d++) {
                    uint64_t pos = c.coord[d] + idx[d];
                    if (pos >= di->space.dims[d]) inside = 0;
                    off = off * di->space.dims[d] + pos;
                }
                if (inside && memcmp(cbuf + k * esz, want + off * esz, (size_t)esz) != 0) ok = 0;
            }
            CHECK(ok, "%s %s: chunk at %llu differs", file, path, (unsigned long long)c.offset);
        }
        CHECK(!e.code || done, "%s %s: iteration: %s", file, path, e.msg);
        free(cbuf);
        h5l_chunk_iter_close(it);
    }
    free(got);
    free(want);
    h5l_obj_close(o);
    h5l_close(f);
}

int main(int argc, char **argv)
{
    char p[4096], line[8192];
    FILE *lf;
    int n = 0;
    long max = argc > 2 ? atol(argv[2]) : -1;   /* at most this many datasets (the TSan run) */
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: test_chunked DIR [MAX-DATASETS]\n"); return 2; }
    snprintf(p, sizeof p, "%s/list.txt", argv[1]);
    lf = fopen(p, "r");
    if (!lf) { fprintf(stderr, "test_chunked: %s: cannot open\n", p); return 2; }
    while (fgets(line, sizeof line, lf)) {
        char file[1024], path[2048], bin[1024];
        if (sscanf(line, "%1023s %2047s %1023s", file, path, bin) != 3) continue;
        if (max >= 0 && n >= max) break;
        check_dataset(argv[1], file, path, bin);
        n++;
    }
    fclose(lf);
    CHECK(pool_calls > 0 || n == 0, "the caller's pool was never called");
    {
        static const char *names[6] = {"v1 B-tree", "single chunk", "implicit", "fixed array", "extensible array", "v2 B-tree"};
        unsigned k;
        printf("test_chunked: datasets by chunk index:");
        for (k = 0; k < 6; k++) {
            printf(" %s %u%s", names[k], seen_index[k], k < 5 ? "," : "\n");
            CHECK(seen_index[k] > 0 || n == 0 || max >= 0, "no dataset with a %s index", names[k]);
        }
    }
    printf("test_chunked: %d datasets, %d checks, %d failures\n", n, checks, failures);
    return failures ? 1 : 0;
}
