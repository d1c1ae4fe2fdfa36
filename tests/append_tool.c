/* append_tool — append rows from raw files to datasets with hdf5lite's
 * appender, committing after each batch (tests/check_append.py drives it,
 * kills it, and checks the results with h5py, PyTables and h5dump).
 *   append_tool FILE BATCH DSET RAW [DSET RAW]...
 * RAW holds the new rows in the file's byte order. Batch k appends rows
 * [k*BATCH, (k+1)*BATCH) of every RAW to its dataset, then commits; after
 * each commit the tool prints "committed K" (flushed). Exit 0, or 1 with
 * the error on stderr. With APPEND_TOOL_NO_SYNC set in the environment the
 * commits skip fsync (H5L_WRITE_NO_SYNC): still all or nothing for a killed
 * process. */
#include "hdf5lite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    h5l_appender *a = NULL;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_write_options o;
    h5l_dset d[16];
    unsigned char *raw[16];
    uint64_t rows[16], rowb[16], start[16], batch, k, maxb = 0;
    int nd = 0, i;
    if (argc < 5 || (argc - 3) % 2 || (argc - 3) / 2 > 16) {
        fprintf(stderr, "usage: append_tool FILE BATCH DSET RAW [DSET RAW]...\n");
        return 2;
    }
    batch = strtoull(argv[2], NULL, 10);
    if (!batch) return 2;
    if (h5l_open(argv[1], NULL, &f, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
    for (i = 3; i < argc; i += 2, nd++) {
        h5l_obj *o;
        const h5l_dataset_info *di;
        FILE *fp;
        long sz;
        unsigned r;
        if (h5l_obj_open(f, argv[i], &o, &e) != H5L_OK || !(di = h5l_obj_dataset(o))) { fprintf(stderr, "%s: %s\n", argv[i], e.msg); return 1; }
        rowb[nd] = di->type->size;
        for (r = 1; r < di->space.rank; r++) rowb[nd] *= di->space.dims[r];
        h5l_obj_close(o);
        fp = fopen(argv[i + 1], "rb");
        if (!fp || fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0) { perror(argv[i + 1]); return 1; }
        rewind(fp);
        raw[nd] = malloc((size_t)sz + 1);
        if (!raw[nd] || fread(raw[nd], 1, (size_t)sz, fp) != (size_t)sz) { perror(argv[i + 1]); return 1; }
        fclose(fp);
        rows[nd] = (uint64_t)sz / rowb[nd];
        if ((rows[nd] + batch - 1) / batch > maxb) maxb = (rows[nd] + batch - 1) / batch;
    }
    h5l_close(f);
    memset(&o, 0, sizeof o);
    if (getenv("APPEND_TOOL_NO_SYNC")) o.flags = H5L_WRITE_NO_SYNC;
    if (h5l_append_open(argv[1], &o, &a, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
    for (i = 0; i < nd; i++) {
        if (h5l_append_dataset(a, argv[3 + 2 * i], &d[i], &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        start[i] = h5l_append_rows(a, d[i]);
    }
    for (k = 0; k < maxb; k++) {
        for (i = 0; i < nd; i++) {
            uint64_t a0 = k * batch, n = rows[i] > a0 ? (rows[i] - a0 < batch ? rows[i] - a0 : batch) : 0;
            if (n && h5l_append_write(a, d[i], start[i] + a0, n, raw[i] + a0 * rowb[i], &e) != H5L_OK) {
                fprintf(stderr, "%s\n", e.msg);
                return 1;
            }
        }
        if (h5l_append_commit(a, &e) != H5L_OK) { fprintf(stderr, "commit: %s\n", e.msg); return 1; }
        printf("committed %llu\n", (unsigned long long)(k + 1));
        fflush(stdout);
    }
    h5l_append_close(a);
    for (i = 0; i < nd; i++) free(raw[i]);
    return 0;
}
