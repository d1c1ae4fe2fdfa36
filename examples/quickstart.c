/* The quick start of hdf5lite.h, whole: write a one-column vaex table, then
 * read it back through the mapping. Build: cc -I. examples/quickstart.c hdf5lite.c */
#include "hdf5lite.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "quickstart.hdf5";
    double values[5] = {1.5, 2.5, 3.5, 4.5, 5.5};
    uint64_t n = 5, i;
    double sum = 0;
    h5l_error e;

    /* write: declare everything, lay out, fill in place, finish */
    h5l_writer *w;
    h5l_column_dsets d;
    h5l_column_spec s;
    memset(&s, 0, sizeof s);
    if (h5l_writer_open(path, NULL, &w, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
    s.name = "x";
    s.kind = H5L_COL_PRIMITIVE;
    s.type = H5L_T_F64;
    s.rows = n;
    if (h5l_table_create(w, NULL, &e) != H5L_OK || h5l_table_add_column(w, NULL, &s, &d, &e) != H5L_OK ||
        h5l_writer_layout(w, &e) != H5L_OK) {
        fprintf(stderr, "%s\n", e.msg);
        h5l_writer_abort(w);
        return 1;
    }
    if (h5l_writer_ptr(w, d.data)) memcpy(h5l_writer_ptr(w, d.data), values, sizeof values);
    else if (h5l_writer_write(w, d.data, 0, n, values, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); h5l_writer_abort(w); return 1; }
    if (h5l_writer_finish(w, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }

    /* read: the column is a pointer into the mapped file */
    {
        h5l_file *f;
        h5l_table *t;
        const h5l_column *c;
        if (h5l_open(path, NULL, &f, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); return 1; }
        if (h5l_table_open(f, NULL, &t, &e) != H5L_OK) { fprintf(stderr, "%s\n", e.msg); h5l_close(f); return 1; }
        c = h5l_table_find(t, "x");
        if (!c || c->data->type->cls != H5L_CLASS_FLOAT || c->data->type->size != 8) { fprintf(stderr, "no float64 column x\n"); return 1; }
        for (i = 0; i < c->rows; i++) {
            double v;
            memcpy(&v, (const unsigned char *)c->data->data + 8 * i, 8);   /* data_align tells when a cast is safe */
            sum += v;
        }
        h5l_table_close(t);
        h5l_close(f);
    }
    printf("x: %llu rows, sum %g\n", (unsigned long long)n, sum);
    return sum == 17.5 ? 0 : 1;
}
