/* bzip2_hook — read datasets compressed by a filter hdf5lite does not carry,
 * through a filter hook: here bzip2 (filter 307, PyTables' complib='bzip2'
 * and the hdf5_plugins BZIP2 plugin), decoded by the system's libbz2. The
 * library itself links nothing; the program that needs a codec brings it.
 *
 *   bzip2_hook FILE DATASET [OUT]
 *
 * Prints the dataset's shape, filters and the sum of its first column as
 * float64 (numeric datasets), and with OUT writes every value, in the host's
 * byte order, to OUT (the test compares those bytes with h5py's).
 * Build: cc -I. examples/bzip2_hook.c hdf5lite.c -lbz2 -lpthread */
#include "hdf5lite.h"
#include <bzlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hook: one bzip2 stream in, at most cap bytes out. Thread-safe (no
 * state); libbz2 allocates and frees its own work memory. */
static int bzip2_decode(void *user, const h5l_filter *fl, const void *src, size_t n, void *dst, size_t cap, size_t *out_n)
{
    unsigned int len = cap > 0xffffffffu ? 0xffffffffu : (unsigned int)cap;
    int rc;
    (void)user;
    (void)fl;  /* bzip2's client data is its block size, which decoding does not need */
    if (n > 0xffffffffu) return (int)H5L_EUNSUPPORTED;
    rc = BZ2_bzBuffToBuffDecompress((char *)dst, &len, (char *)(uintptr_t)src, (unsigned int)n, 0, 0);
    if (rc == BZ_MEM_ERROR) return (int)H5L_ENOMEM;
    if (rc != BZ_OK) return 100 - rc;  /* any non-zero value: the read reports ECORRUPT with it */
    *out_n = len;
    return 0;
}

int main(int argc, char **argv)
{
    h5l_filter_hook hook = {307, bzip2_decode, NULL};
    h5l_open_options opt;
    h5l_file *f;
    h5l_obj *d;
    const h5l_dataset_info *di;
    h5l_error e;
    uint64_t rows, bytes = 1;
    unsigned k;
    void *buf;

    if (argc < 3) {
        fprintf(stderr, "usage: bzip2_hook FILE DATASET [OUT]\n");
        return 2;
    }
    memset(&opt, 0, sizeof opt);
    opt.flags = H5L_OPEN_FILTER_HOOKS;
    opt.filter_hooks = &hook;
    opt.nfilter_hooks = 1;
    if (h5l_open(argv[1], &opt, &f, &e) != H5L_OK) {
        fprintf(stderr, "bzip2_hook: %s\n", e.msg);
        return 1;
    }
    if (h5l_obj_open(f, argv[2], &d, &e) != H5L_OK) {
        fprintf(stderr, "bzip2_hook: %s\n", e.msg);
        h5l_close(f);
        return 1;
    }
    if (!(di = h5l_obj_dataset(d))) {
        fprintf(stderr, "bzip2_hook: %s: not a dataset\n", argv[2]);
        h5l_obj_close(d);
        h5l_close(f);
        return 1;
    }
    rows = di->space.rank ? di->space.dims[0] : 1;
    printf("%s: ", argv[2]);
    for (k = 0; k < di->space.rank; k++) {
        printf("%s%llu", k ? " x " : "", (unsigned long long)di->space.dims[k]);
        bytes *= di->space.dims[k];
    }
    bytes *= di->type->size;
    printf(" of %llu-byte elements, filters:", (unsigned long long)di->type->size);
    for (k = 0; k < di->nfilters; k++) printf(" %u (%s)", (unsigned)di->filters[k].id, di->filters[k].name && *di->filters[k].name ? di->filters[k].name : "?");
    printf("\n");
    if (bytes > ((uint64_t)1 << 32) || !(buf = malloc(bytes ? (size_t)bytes : 1))) {
        fprintf(stderr, "bzip2_hook: %llu bytes do not fit in memory here\n", (unsigned long long)bytes);
        return 1;
    }
    if (h5l_dataset_read(d, 0, rows, buf, (size_t)bytes, &e) != H5L_OK) {
        fprintf(stderr, "bzip2_hook: %s\n", e.msg);
        return 1;
    }
    if (argc > 3) {
        FILE *o = fopen(argv[3], "wb");
        if (!o || fwrite(buf, 1, (size_t)bytes, o) != (size_t)bytes || fclose(o) != 0) {
            fprintf(stderr, "bzip2_hook: cannot write %s\n", argv[3]);
            return 1;
        }
    }
    if (di->type->cls == H5L_CLASS_FLOAT && di->type->size == 8) {
        double sum = 0, v;
        uint64_t i, step = bytes / 8 / (rows ? rows : 1);
        for (i = 0; i < rows; i++) {
            memcpy(&v, (const char *)buf + i * step * 8, 8);
            sum += v;
        }
        printf("sum of the first column: %.17g\n", sum);
    }
    free(buf);
    h5l_obj_close(d);
    h5l_close(f);
    return 0;
}
