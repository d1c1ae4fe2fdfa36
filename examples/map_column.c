/*
 * map_column — sum a float64 column of a vaex table straight off the mapping.
 *
 *   cc -O2 map_column.c -lhdf5lite -o map_column      (or with hdf5lite.c)
 *   ./map_column FILE COLUMN
 */
#include <stdio.h>
#include <string.h>
#include "hdf5lite.h"

int main(int argc, char **argv)
{
    h5l_file *f;
    h5l_table *t;
    const h5l_column *c;
    h5l_error err;
    double sum = 0;
    uint64_t i;

    if (argc != 3) { fprintf(stderr, "usage: %s FILE COLUMN\n", argv[0]); return 1; }
    if (h5l_open(argv[1], NULL, &f, &err) != H5L_OK) { fprintf(stderr, "%s\n", err.msg); return 2; }
    if (h5l_table_open(f, NULL, &t, &err) != H5L_OK) { fprintf(stderr, "%s\n", err.msg); h5l_close(f); return 2; }
    c = h5l_table_find(t, argv[2]);
    if (!c || c->kind != H5L_COL_PRIMITIVE || c->data->type->cls != H5L_CLASS_FLOAT || c->data->type->size != 8) {
        fprintf(stderr, "%s: no float64 column named %s\n", argv[1], argv[2]);
        h5l_table_close(t);
        h5l_close(f);
        return 1;
    }
    if (c->data->data && c->data->data_align >= 8 && c->data->type->order == H5L_LE) {
        const double *x = (const double *)c->data->data;     /* zero-copy: points into the mapped file */
        if (c->null_count == 0)                              /* no nulls: a plain loop, no per-row check */
            for (i = 0; i < c->rows; i++) sum += x[i];
        else
            for (i = 0; i < c->rows; i++)
                if (!h5l_column_is_null(c, i)) sum += x[i];
    } else {
        for (i = 0; i < c->rows; i++) {                      /* misaligned or foreign byte order: copy */
            double v = 0;
            if (c->data->data) memcpy(&v, (const char *)c->data->data + 8 * i, 8);
            h5l_to_native(c->data->type, &v, 1);
            if (!h5l_column_is_null(c, i)) sum += v;
        }
    }
    printf("%s: sum of %s over %llu rows (%llu nulls) = %.17g\n", argv[1], argv[2], (unsigned long long)c->rows,
           (unsigned long long)c->null_count, sum);
    h5l_table_close(t);
    h5l_close(f);
    return 0;
}
