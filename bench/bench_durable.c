/*
 * bench_durable — one durable bulk write as a whole process, for
 * bench/bench_cli.sh: a table of 8 float64 columns (ROWS rows each, 1 GiB
 * at 16M rows) written to OUT and made durable.
 *
 *   bench_durable MODE OUT ROWS
 *     raw        open, pwrite every column in 4 MiB pieces, fsync, close:
 *                the limit (the bytes and one sync)
 *     raw-size   as raw, the file first set to its final size (ftruncate):
 *                the fastest raw variant on ext4 here
 *     raw-rename the same as raw into OUT.tmp, then rename to OUT and fsync the
 *                directory (what "durable and atomic" costs without HDF5)
 *     lite       hdf5lite writer: declare, layout, h5l_writer_write of the
 *                same 4 MiB pieces, h5l_writer_finish (fsync, rename)
 *     lite-sparse, lite-nomap, lite-sparse-nomap: with H5L_WRITE_SPARSE /
 *                H5L_WRITE_NO_MMAP
 */
#define _GNU_SOURCE
#include "hdf5lite.h"
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PIECE (4u << 20)

static void fill(double *b, size_t n, uint64_t seed)
{
    size_t i;
    for (i = 0; i < n; i++) b[i] = (double)(seed + i) * 0.5;
}

int main(int argc, char **argv)
{
    const char *mode, *out;
    uint64_t rows, per = PIECE / 8, r;
    double *buf;
    unsigned c;
    if (argc != 4) { fprintf(stderr, "usage: bench_durable MODE OUT ROWS\n"); return 2; }
    mode = argv[1];
    out = argv[2];
    rows = strtoull(argv[3], NULL, 10);
    buf = (double *)malloc(PIECE);
    if (!buf) return 1;
    fill(buf, per, 1);
    if (strncmp(mode, "raw", 3) == 0) {
        char tmp[4096];
        int fd;
        snprintf(tmp, sizeof tmp, "%s%s", out, strcmp(mode, "raw-rename") == 0 ? ".tmp" : "");
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) { perror(tmp); return 1; }
        if (strcmp(mode, "raw-size") == 0 && ftruncate(fd, (off_t)(8 * rows * 8)) != 0) { perror("ftruncate"); return 1; }
        for (c = 0; c < 8; c++)
            for (r = 0; r < rows; r += per) {
                uint64_t n = rows - r < per ? rows - r : per;
                if (pwrite(fd, buf, (size_t)(n * 8), (off_t)((c * rows + r) * 8)) != (ssize_t)(n * 8)) { perror("pwrite"); return 1; }
            }
        if (fsync(fd) != 0 || close(fd) != 0) { perror("fsync"); return 1; }
        if (strcmp(mode, "raw-rename") == 0) {
            char d[4096];
            int dfd;
            if (rename(tmp, out) != 0) { perror("rename"); return 1; }
            snprintf(d, sizeof d, "%s", out);
            dfd = open(dirname(d), O_RDONLY);
            if (dfd < 0 || fsync(dfd) != 0) { perror("fsync dir"); return 1; }
            close(dfd);
        }
    } else {
        h5l_write_options o;
        h5l_writer *w;
        h5l_error e;
        h5l_dset d[8];
        memset(&o, 0, sizeof o);
        if (strstr(mode, "sparse")) o.flags |= H5L_WRITE_SPARSE;
        if (strstr(mode, "nomap")) o.flags |= H5L_WRITE_NO_MMAP;
        if (h5l_writer_open(out, &o, &w, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        for (c = 0; c < 8; c++) {
            char name[32];
            snprintf(name, sizeof name, "/c%u", c);
            if (h5l_writer_dataset(w, name, H5L_T_F64, 1, &rows, &d[c], &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        }
        if (h5l_writer_layout(w, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        for (c = 0; c < 8; c++)
            for (r = 0; r < rows; r += per) {
                uint64_t n = rows - r < per ? rows - r : per;
                if (h5l_writer_write(w, d[c], r, n, buf, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
            }
        if (h5l_writer_finish(w, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
    }
    free(buf);
    return 0;
}
