/*
 * seed_writer OUTDIR — hdf5lite-written seed files for the fuzz corpora and
 * the malformed-file test: the representative table of the anomaly test
 * (every column kind), and a few tables chosen by fixed seeds.
 * Exit status 0 when every file was written and reads back identical.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"
#include "tablegen.h"

static int one(const char *dir, const char *name, tg_table *t)
{
    char path[1024], why[400];
    tg_result res;
    h5l_write_options wo;
    int rc;
    memset(&wo, 0, sizeof wo);
    wo.flags = H5L_WRITE_NO_SYNC;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rc = tg_write(path, t, &wo, &res);
    if (rc != 0) {
        fprintf(stderr, "seed_writer: %s: %s %s\n", path, rc == -1 ? h5l_status_name(res.st) : "", rc == -1 ? res.err.msg : res.why);
        tg_free(t);
        return 1;
    }
    if (tg_verify_path(path, t, why, sizeof why) != 0) {
        fprintf(stderr, "seed_writer: %s reads back differently: %s\n", path, why);
        tg_free(t);
        return 1;
    }
    printf("%s\n", path);
    tg_free(t);
    return 0;
}

int main(int argc, char **argv)
{
    tg_table t;
    int bad = 0;
    unsigned i;
    if (argc != 2) {
        fprintf(stderr, "usage: seed_writer OUTDIR\n");
        return 2;
    }
    if (tg_representative(&t, 7, 1) == 0) bad |= one(argv[1], "h5l_representative.h5", &t);
    else bad = 1;
    if (tg_representative(&t, 0, 2) == 0) bad |= one(argv[1], "h5l_representative_empty.h5", &t);
    else bad = 1;
    /* a small table (a numeric column with a mask, a string column with a
     * bitmap) for the malformed-file test, which changes every metadata byte */
    if (tg_representative(&t, 3, 3) == 0) {
        tg_col keep0 = t.cols[1], keep1 = t.cols[6];
        size_t k;
        for (k = 0; k < t.ncols; k++)
            if (k != 1 && k != 6) tg_col_free(&t.cols[k]);
        t.cols[0] = keep0;
        t.cols[1] = keep1;
        t.ncols = 2;
        bad |= one(argv[1], "h5l_small.h5", &t);
    } else {
        bad = 1;
    }
    for (i = 1; i <= 4; i++) {
        tg_src s = tg_src_seed(1000 + i);
        char name[64];
        if (tg_generate(&t, &s, 40) != 0) { bad = 1; continue; }
        snprintf(name, sizeof name, "h5l_generated_%u.h5", i);
        bad |= one(argv[1], name, &t);
    }
    return bad;
}
