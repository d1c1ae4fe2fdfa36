/* Writes chunked datasets with hdf5lite's writer (h5l_writer_dataset_chunked)
 * into OUT; tests/check_chunked_write.py then reads them with h5py, PyTables,
 * h5dump and libhdf5 2.0 and compares every value with the formulas below.
 *   usage: gen_chunked_write OUT.h5 */
#include "hdf5lite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static h5l_error e;
#define CK(x) do { if ((x) != H5L_OK) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, e.msg); exit(1); } } while (0)

static uint64_t xs = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) { xs ^= xs << 13; xs ^= xs >> 7; xs ^= xs << 17; return xs; }

/* The value of flat element i of each case (the checker has the same). */
static double v_f64(uint64_t i) { return (double)i * 0.25 - 1000.0; }
static int32_t v_i32(uint64_t i) { return (int32_t)(uint32_t)(i * 2654435761u); }
static uint8_t v_u8(uint64_t i) { return (uint8_t)(i * 7 + 3); }
static float v_f32(uint64_t i) { return (float)(i % 1000) * 0.5f; }
static int16_t v_i16(uint64_t i) { return (int16_t)(i * 31 - 7000); }
static int64_t v_i64(uint64_t i) { return (int64_t)i * -1000003; }

int main(int argc, char **argv)
{
    h5l_writer *w;
    h5l_dset d[12];
    h5l_chunking c;
    uint64_t i, dims[3], ch[3];
    if (argc != 2) return 2;
    CK(h5l_writer_open(argv[1], NULL, &w, &e));
    /* 1: f64, shuffle + deflate, 100000 rows in chunks of 4096 (last partial) */
    memset(&c, 0, sizeof c);
    dims[0] = 100000; ch[0] = 4096;
    c.chunk = ch; c.flags = H5L_CHUNK_SHUFFLE; c.compress = H5L_COMPRESS_DEFLATE;
    CK(h5l_writer_dataset_chunked(w, "/f64_shuffle_deflate", H5L_T_F64, 1, dims, &c, &d[0], &e));
    /* 2: i32 (1000, 7) in (64, 3) chunks: three chunks a band, edges in both dims; LZF */
    dims[0] = 1000; dims[1] = 7; ch[0] = 64; ch[1] = 3;
    memset(&c, 0, sizeof c); c.chunk = ch; c.compress = H5L_COMPRESS_LZF;
    CK(h5l_writer_dataset_chunked(w, "/g/i32_2d_lzf", H5L_T_I32, 2, dims, &c, &d[1], &e));
    /* 3: u8 (10, 5, 9) in (3, 2, 4), fletcher32 only */
    dims[0] = 10; dims[1] = 5; dims[2] = 9; ch[0] = 3; ch[1] = 2; ch[2] = 4;
    memset(&c, 0, sizeof c); c.chunk = ch; c.flags = H5L_CHUNK_FLETCHER32;
    CK(h5l_writer_dataset_chunked(w, "/g/u8_3d_fletcher", H5L_T_U8, 3, dims, &c, &d[2], &e));
    /* 4: extendible f32, nothing declared, default chunk, deflate level 1 */
    dims[0] = 0;
    memset(&c, 0, sizeof c); c.flags = H5L_CHUNK_EXTENDIBLE; c.compress = H5L_COMPRESS_DEFLATE; c.level = 1;
    CK(h5l_writer_dataset_chunked(w, "/ext_f32", H5L_T_F32, 1, dims, &c, &d[3], &e));
    /* 5: extendible i16 (0, 4) in (100, 4), written back to front */
    dims[0] = 0; dims[1] = 4; ch[0] = 100; ch[1] = 4;
    memset(&c, 0, sizeof c); c.chunk = ch; c.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE; c.compress = H5L_COMPRESS_DEFLATE; c.level = 9;
    CK(h5l_writer_dataset_chunked(w, "/ext_i16_2d", H5L_T_I16, 2, dims, &c, &d[4], &e));
    /* 6: i64, 4688 chunks of 64 rows: a two-level B-tree; fletcher32 */
    dims[0] = 300000; ch[0] = 64;
    memset(&c, 0, sizeof c); c.chunk = ch; c.flags = H5L_CHUNK_FLETCHER32;
    CK(h5l_writer_dataset_chunked(w, "/i64_many", H5L_T_I64, 1, dims, &c, &d[5], &e));
    /* 7: u8, 300000 chunks of one row: a three-level B-tree */
    dims[0] = 300000; ch[0] = 1;
    memset(&c, 0, sizeof c); c.chunk = ch;
    CK(h5l_writer_dataset_chunked(w, "/u8_deep", H5L_T_U8, 1, dims, &c, &d[6], &e));
    /* 8: random bytes with deflate: chunks that do not shrink are stored raw (mask 1) */
    dims[0] = 50000; ch[0] = 10000;
    memset(&c, 0, sizeof c); c.chunk = ch; c.compress = H5L_COMPRESS_DEFLATE;
    CK(h5l_writer_dataset_chunked(w, "/random_deflate", H5L_T_U64, 1, dims, &c, &d[7], &e));
    /* 9: big-endian i32 with shuffle + LZF + fletcher32, default chunk of a fixed dim */
    dims[0] = 77777;
    memset(&c, 0, sizeof c); c.flags = H5L_CHUNK_SHUFFLE | H5L_CHUNK_FLETCHER32; c.compress = H5L_COMPRESS_LZF;
    CK(h5l_writer_dataset_chunked(w, "/be_i32", H5L_T_I32 | H5L_T_BE, 1, dims, &c, &d[8], &e));
    /* 10: fixed strings S5, (3000,) in 256 */
    dims[0] = 3000; ch[0] = 256;
    memset(&c, 0, sizeof c); c.chunk = ch; c.compress = H5L_COMPRESS_DEFLATE;
    CK(h5l_writer_dataset_chunked(w, "/str5", H5L_T_STR(5), 1, dims, &c, &d[9], &e));
    /* 11: a contiguous dataset beside them */
    dims[0] = 10;
    CK(h5l_writer_dataset(w, "/contig", H5L_T_I64, 1, dims, &d[10], &e));
    /* 12: extendible, declared 10 rows, only rows 0..4 written: dims stay 10, the rest fill (0) */
    dims[0] = 10; ch[0] = 4;
    memset(&c, 0, sizeof c); c.chunk = ch; c.flags = H5L_CHUNK_EXTENDIBLE;
    CK(h5l_writer_dataset_chunked(w, "/ext_partial", H5L_T_I64, 1, dims, &c, &d[11], &e));
    CK(h5l_writer_attr(w, "/ext_f32", "note", H5L_T_I32, 0, 1, (int32_t[]){42}, &e));
    CK(h5l_writer_layout(w, &e));

    {   /* 1 in uneven pieces */
        double *v = malloc(100000 * sizeof *v);
        uint64_t at = 0, k = 1;
        for (i = 0; i < 100000; i++) v[i] = v_f64(i);
        while (at < 100000) { uint64_t n = k * 997 % 9000 + 1; if (n > 100000 - at) n = 100000 - at; CK(h5l_writer_write(w, d[0], at, n, v + at, &e)); at += n; k++; }
        free(v);
    }
    {
        int32_t v[7000]; for (i = 0; i < 7000; i++) v[i] = v_i32(i);
        CK(h5l_writer_write(w, d[1], 0, 1000, v, &e));
    }
    {
        uint8_t v[450]; for (i = 0; i < 450; i++) v[i] = v_u8(i);
        for (i = 0; i < 10; i++) CK(h5l_writer_write(w, d[2], i, 1, v + i * 45, &e));
    }
    {
        float v[1000]; uint64_t b, k;
        for (b = 0; b < 250; b++) { for (k = 0; k < 1000; k++) v[k] = v_f32(b * 1000 + k); CK(h5l_writer_write(w, d[3], b * 1000, 1000, v, &e)); }
    }
    {
        int16_t v[4 * 50]; uint64_t b, k;
        for (b = 21; b-- > 0;) { for (k = 0; k < 200; k++) v[k] = v_i16(b * 200 + k); CK(h5l_writer_write(w, d[4], b * 50, 50, v, &e)); }
    }
    {
        int64_t *v = malloc(300000 * sizeof *v);
        for (i = 0; i < 300000; i++) v[i] = v_i64(i);
        CK(h5l_writer_write(w, d[5], 0, 300000, v, &e));
        free(v);
    }
    {
        uint8_t *v = malloc(300000);
        for (i = 0; i < 300000; i++) v[i] = v_u8(i);
        CK(h5l_writer_write(w, d[6], 0, 300000, v, &e));
        free(v);
    }
    {
        uint64_t *v = malloc(50000 * sizeof *v);
        for (i = 0; i < 50000; i++) v[i] = i < 20000 ? rnd() : i;   /* two random chunks, three compressible */
        CK(h5l_writer_write(w, d[7], 0, 50000, v, &e));
        free(v);
    }
    {
        uint8_t *v = malloc(77777 * 4);
        for (i = 0; i < 77777; i++) { uint32_t x = (uint32_t)v_i32(i); v[4*i] = (uint8_t)(x >> 24); v[4*i+1] = (uint8_t)(x >> 16); v[4*i+2] = (uint8_t)(x >> 8); v[4*i+3] = (uint8_t)x; }
        CK(h5l_writer_write(w, d[8], 0, 77777, v, &e));
        free(v);
    }
    {
        char *v = malloc(3000 * 5);
        for (i = 0; i < 3000; i++) { char t[16]; snprintf(t, sizeof t, "s%04u", (unsigned)(i % 10000)); memcpy(v + 5 * i, t, 5); }
        CK(h5l_writer_write(w, d[9], 0, 3000, v, &e));
        free(v);
    }
    {
        int64_t v[10]; for (i = 0; i < 10; i++) v[i] = (int64_t)i;
        CK(h5l_writer_write(w, d[10], 0, 10, v, &e));
        CK(h5l_writer_write(w, d[11], 0, 5, v, &e));
    }
    CK(h5l_writer_finish(w, &e));
    return 0;
}
