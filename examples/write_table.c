/* Write a vaex table with three columns: an int64, a float64 with nulls
 * (an Arrow-style null_bitmap) and a string column.
 *
 *   cc -O2 -o write_table write_table.c hdf5lite.c && ./write_table out.hdf5
 *   python3 -c 'import vaex; print(vaex.open("out.hdf5"))'
 */
#include "hdf5lite.h"
#include <stdio.h>
#include <string.h>

#define ROWS 4

static int fail(const char *what, const h5l_error *e)
{
    fprintf(stderr, "%s failed: %s (%s)\n", what, e->msg, h5l_status_name(e->code));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "table.hdf5";
    const char *names[ROWS] = {"apple", "pear", NULL, "fig"};    /* NULL = missing */
    int64_t ids[ROWS] = {1, 2, 3, 4};
    double prices[ROWS] = {0.5, 1.25, 0.0, 3.0};
    uint8_t price_valid = 0x0b;          /* bits 0,1,3 set: row 2 is null (LSB first, 1 = valid) */
    h5l_writer *w;
    h5l_error err;
    h5l_column_spec spec;
    h5l_column_dsets id_col, price_col, name_col;
    uint64_t str_bytes = 0;
    int i;

    for (i = 0; i < ROWS; i++) str_bytes += names[i] ? strlen(names[i]) : 0;

    /* 1. declare: the file appears at `path` only when finish succeeds */
    if (h5l_writer_open(path, NULL, &w, &err)) return fail("open", &err);
    if (h5l_table_create(w, NULL, &err)) goto bad;               /* "/table" */

    memset(&spec, 0, sizeof spec);
    spec.name = "id";
    spec.kind = H5L_COL_PRIMITIVE;
    spec.type = H5L_T_I64;
    spec.rows = ROWS;
    if (h5l_table_add_column(w, NULL, &spec, &id_col, &err)) goto bad;

    spec.name = "price";
    spec.type = H5L_T_F64;
    spec.validity = H5L_VALID_BITMAP;
    spec.unit = "EUR";
    if (h5l_table_add_column(w, NULL, &spec, &price_col, &err)) goto bad;

    memset(&spec, 0, sizeof spec);
    spec.name = "name";
    spec.kind = H5L_COL_STRING;
    spec.rows = ROWS;
    spec.str_bytes = str_bytes;
    spec.validity = H5L_VALID_BITMAP;
    if (h5l_table_add_column(w, NULL, &spec, &name_col, &err)) goto bad;

    /* 2. lay out: metadata written, data regions reserved */
    if (h5l_writer_layout(w, &err)) goto bad;

    /* 3. fill: positional writes (h5l_writer_ptr() gives a mapped pointer instead) */
    if (h5l_writer_write(w, id_col.data, 0, ROWS, ids, &err)) goto bad;
    if (h5l_writer_write(w, price_col.data, 0, ROWS, prices, &err)) goto bad;
    if (h5l_writer_write(w, price_col.null_bitmap, 0, 1, &price_valid, &err)) goto bad;
    {
        /* the offsets' width was chosen from str_bytes (int32 while the bytes
         * fit, as vaex; spec.flags = H5L_COL_OFFSETS64 forces int64) */
        int wide = h5l_writer_dset_type(w, name_col.indices) == H5L_T_I64;
        int32_t off32[ROWS + 1];
        int64_t off64[ROWS + 1];
        uint8_t valid = 0;
        uint64_t pos = 0;
        off32[0] = 0;
        off64[0] = 0;
        for (i = 0; i < ROWS; i++) {
            size_t n = names[i] ? strlen(names[i]) : 0;
            if (n && h5l_writer_write(w, name_col.data, pos, n, names[i], &err)) goto bad;
            pos += n;
            off32[i + 1] = (int32_t)pos;
            off64[i + 1] = (int64_t)pos;
            if (names[i]) valid |= (uint8_t)(1u << i);
        }
        if (h5l_writer_write(w, name_col.indices, 0, ROWS + 1, wide ? (const void *)off64 : (const void *)off32, &err)) goto bad;
        if (h5l_writer_write(w, name_col.null_bitmap, 0, 1, &valid, &err)) goto bad;
    }

    /* 4. finish: sync and rename into place (frees the writer) */
    if (h5l_writer_finish(w, &err)) return fail("finish", &err);
    printf("wrote %s\n", path);
    return 0;

bad:
    h5l_writer_abort(w);
    return fail("writing the table", &err);
}
