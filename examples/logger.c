/* logger — a data logger on hdf5lite: rows arrive in batches with no total
 * known in advance, and each batch is committed, durably and all or
 * nothing, to a vaex table that h5py, vaex and PyTables read at any moment.
 *
 *   logger FILE [BATCHES [ROWS]]     (default 10 batches of 1000 rows)
 *
 * The first run creates FILE: a table with extendible, compressed columns
 * t (float64), level (int32) and msg (string: bytes + int64 offsets), all
 * empty. Every run then appends BATCHES batches, a commit after each; kill
 * it at any instant and FILE holds the last committed batch, every column
 * the same length. Build: cc -I. examples/logger.c hdf5lite.c -lpthread */
#include "hdf5lite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIE(what) do { fprintf(stderr, "logger: %s: %s\n", what, e.msg); return 1; } while (0)

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "log.h5";
    unsigned batches = argc > 2 ? (unsigned)atoi(argv[2]) : 10, rows = argc > 3 ? (unsigned)atoi(argv[3]) : 1000, b, i;
    h5l_error e;
    h5l_appender *a;
    h5l_dset t, level, msg, off;
    FILE *probe = fopen(path, "rb");

    if (!probe) {   /* create the empty table: columns chunked, deflate, extendible */
        h5l_writer *w;
        h5l_column_spec s;
        h5l_column_dsets d;
        h5l_chunking ck;
        memset(&ck, 0, sizeof ck);
        ck.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE;
        ck.compress = H5L_COMPRESS_DEFLATE;
        if (h5l_writer_open(path, NULL, &w, &e) || h5l_table_create(w, NULL, &e)) DIE(path);
        memset(&s, 0, sizeof s);
        s.chunking = &ck;
        s.kind = H5L_COL_PRIMITIVE;
        s.name = "t", s.type = H5L_T_F64;
        if (h5l_table_add_column(w, NULL, &s, &d, &e)) DIE("t");
        s.name = "level", s.type = H5L_T_I32;
        if (h5l_table_add_column(w, NULL, &s, &d, &e)) DIE("level");
        s.name = "msg", s.kind = H5L_COL_STRING, s.str_bytes = (uint64_t)1 << 32;   /* ask for int64 offsets */
        if (h5l_table_add_column(w, NULL, &s, &d, &e)) DIE("msg");
        if (h5l_writer_finish(w, &e)) DIE(path);
    } else {
        fclose(probe);
    }

    if (h5l_append_open(path, NULL, &a, &e) ||
        h5l_append_dataset(a, "/table/columns/t/data", &t, &e) ||
        h5l_append_dataset(a, "/table/columns/level/data", &level, &e) ||
        h5l_append_dataset(a, "/table/columns/msg/data", &msg, &e) ||
        h5l_append_dataset(a, "/table/columns/msg/indices", &off, &e)) DIE(path);
    if (h5l_append_rows(a, off) == 0) {            /* a string column's offsets start with a 0 */
        int64_t z = 0;
        if (h5l_append_write(a, off, 0, 1, &z, &e) || h5l_append_commit(a, &e)) DIE("offsets");
    }
    for (b = 0; b < batches; b++) {
        uint64_t n0 = h5l_append_rows(a, t), bytes = h5l_append_rows(a, msg);
        for (i = 0; i < rows; i++) {
            uint64_t r = n0 + i;
            double tv = (double)r * 0.001;         /* the file's byte order: little-endian */
            int32_t lv = (int32_t)(r % 5);
            int64_t end;
            char text[64];
            int len = snprintf(text, sizeof text, "event %llu at level %d", (unsigned long long)r, (int)lv);
            end = (int64_t)(bytes += (uint64_t)len);
            if (h5l_append_write(a, t, r, 1, &tv, &e) || h5l_append_write(a, level, r, 1, &lv, &e) ||
                h5l_append_write(a, msg, bytes - (uint64_t)len, (uint64_t)len, text, &e) ||
                h5l_append_write(a, off, r + 1, 1, &end, &e)) DIE("append");
        }
        if (h5l_append_commit(a, &e)) DIE("commit");   /* durable, all columns at once */
    }
    printf("logger: %s holds %llu rows\n", path, (unsigned long long)h5l_append_rows(a, t));
    h5l_append_close(a);
    return 0;
}
