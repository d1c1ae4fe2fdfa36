/*
 * Typed reads (h5l_dataset_read_as, h5l_column_read_as, h5l_attr_read_as,
 * h5l_attr_read_double/int64) against libhdf5's own conversions, which
 * tests/gen_typed.py stored through h5py: every numeric source type x every
 * memory type, contiguous and chunked, clamped bit-for-bit equal to libhdf5;
 * unclamped H5L_ERANGE exactly where the value does not fit.
 *
 *   test_typed FIXTURE.h5
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

static int failures, checks;
#define CHECK(c, ...) do { checks++; if (!(c)) { failures++; fprintf(stderr, "FAILED: "); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static const char *const mems[] = {"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"};
static const h5l_type_code codes[] = {H5L_T_I8, H5L_T_U8, H5L_T_I16, H5L_T_U16, H5L_T_I32, H5L_T_U32, H5L_T_I64, H5L_T_U64, H5L_T_F32, H5L_T_F64};
static const char *const srcs[] = {"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "bei4", "beu8", "f2", "f4", "f8", "bef8", "bef4", "bool"};

static h5l_obj *open_obj(h5l_file *f, const char *path)
{
    h5l_obj *o = NULL;
    h5l_error e;
    if (h5l_obj_open(f, path, &o, &e) != H5L_OK) { fprintf(stderr, "%s: %s\n", path, e.msg); exit(1); }
    return o;
}

int main(int argc, char **argv)
{
    h5l_file *f;
    h5l_error e;
    size_t s, m, k;
    if (argc < 2 || h5l_open(argv[1], NULL, &f, &e) != H5L_OK) { fprintf(stderr, "usage: test_typed FIXTURE.h5 [WRITTEN.h5]\n"); return 2; }
    for (s = 0; s < sizeof srcs / sizeof *srcs; s++) {
        for (m = 0; m < sizeof mems / sizeof *mems; m++) {
            char p[128];
            h5l_obj *want, *exact, *src, *srcck;
            unsigned char w[4096], got[4096], ex[512];
            uint64_t n, sz = h5l_type_code_size(codes[m]), nbad = 0, firstbad = UINT64_MAX;
            h5l_conv_report rep;
            h5l_status st;
            int layout;
            snprintf(p, sizeof p, "/want/%s/%s", srcs[s], mems[m]);
            want = open_obj(f, p);
            snprintf(p, sizeof p, "/exact/%s/%s", srcs[s], mems[m]);
            exact = open_obj(f, p);
            n = h5l_obj_dataset(want)->space.dims[0];
            if (h5l_dataset_read(want, 0, n, w, sizeof w, &e) != H5L_OK || h5l_dataset_read(exact, 0, n, ex, sizeof ex, &e) != H5L_OK) {
                fprintf(stderr, "%s\n", e.msg);
                return 1;
            }
            for (k = 0; k < n; k++)
                if (!ex[k]) { nbad++; if (firstbad == UINT64_MAX) firstbad = k; }
            for (layout = 0; layout < 2; layout++) {
                snprintf(p, sizeof p, "/%s/%s", layout ? "src_ck" : "src", srcs[s]);
                src = open_obj(f, p);
                srcck = src;
                memset(got, 0xa5, sizeof got);
                st = h5l_dataset_read_as(srcck, 0, n, codes[m], got, sizeof got, H5L_CONV_CLAMP, NULL, &rep, &e);
                CHECK(st == H5L_OK, "%s -> %s: %s", p, mems[m], e.msg);
                for (k = 0; k < n && st == H5L_OK; k++) {
                    int same = memcmp(got + k * sz, w + k * sz, sz) == 0;
                    if (!same && (codes[m] == H5L_T_F32 || codes[m] == H5L_T_F64)) {
                        /* NaN payloads may differ; any NaN is the value */
                        double a, b;
                        if (codes[m] == H5L_T_F32) { float x, y; memcpy(&x, got + k * sz, 4); memcpy(&y, w + k * sz, 4); a = x; b = y; }
                        else { memcpy(&a, got + k * sz, 8); memcpy(&b, w + k * sz, 8); }
                        same = a != a && b != b;
                    }
                    CHECK(same, "%s[%zu] -> %s: hdf5lite and libhdf5 differ", p, k, mems[m]);
                }
                CHECK(st != H5L_OK || rep.clamped + rep.nan_to_int == nbad, "%s -> %s: %llu clamped + %llu NaN, expected %llu", p, mems[m],
                      (unsigned long long)rep.clamped, (unsigned long long)rep.nan_to_int, (unsigned long long)nbad);
                CHECK(st != H5L_OK || rep.first_bad == firstbad, "%s -> %s: first_bad %llu, expected %llu", p, mems[m],
                      (unsigned long long)rep.first_bad, (unsigned long long)firstbad);
                st = h5l_dataset_read_as(srcck, 0, n, codes[m], got, sizeof got, 0, NULL, NULL, &e);
                CHECK(nbad ? st == H5L_ERANGE : st == H5L_OK, "%s -> %s without clamping: %s (%s), %llu values do not fit", p, mems[m],
                      h5l_status_name(st), e.msg, (unsigned long long)nbad);
                if (n > 2) {     /* a row range, and the bufsize check */
                    st = h5l_dataset_read_as(srcck, 1, n - 2, codes[m], got, sizeof got, H5L_CONV_CLAMP, NULL, NULL, &e);
                    CHECK(st == H5L_OK && memcmp(got, w + sz, (size_t)((n - 2) * sz)) == 0 ? 1 : (codes[m] >= H5L_T_F32), "%s rows 1..: %s", p, e.msg);
                    CHECK(h5l_dataset_read_as(srcck, 0, n, codes[m], got, (size_t)(n * sz - 1), H5L_CONV_CLAMP, NULL, NULL, &e) == H5L_EINVAL,
                          "%s: small buffer", p);
                }
                h5l_obj_close(src);
            }
            /* the same values as an attribute */
            {
                h5l_obj *g = open_obj(f, "/src");
                uint64_t ne = 0;
                st = h5l_attr_read_as(g, srcs[s], codes[m], got, sizeof got, &ne, H5L_CONV_CLAMP, NULL, &e);
                CHECK(st == H5L_OK && ne == n, "attribute %s -> %s: %s", srcs[s], mems[m], e.msg);
                for (k = 0; k < n && st == H5L_OK && codes[m] < H5L_T_F32; k++)
                    CHECK(memcmp(got + k * sz, w + k * sz, sz) == 0, "attribute %s[%zu] -> %s", srcs[s], k, mems[m]);
                h5l_obj_close(g);
            }
            h5l_obj_close(want);
            h5l_obj_close(exact);
        }
    }
    {
        h5l_obj *root = open_obj(f, "/"), *str = open_obj(f, "/str"), *m2 = open_obj(f, "/m2");
        double d = 0;
        int64_t iv = 0;
        int32_t i32[12];
        unsigned char b[64];
        CHECK(h5l_attr_read_double(root, "scalar_f", &d, &e) == H5L_OK && d == 2.5, "scalar float attribute: %s", e.msg);
        CHECK(h5l_attr_read_int64(root, "scalar_i", &iv, &e) == H5L_OK && iv == -7, "scalar int attribute: %s", e.msg);
        CHECK(h5l_attr_read_int64(root, "scalar_f", &iv, &e) == H5L_OK && iv == 2, "2.5 as int64 truncates");
        CHECK(h5l_attr_read_int64(root, "big", &iv, &e) == H5L_ERANGE, "1e300 as int64: ERANGE");
        CHECK(h5l_attr_read_double(root, "text", &d, &e) == H5L_ETYPE, "string attribute: ETYPE");
        CHECK(h5l_attr_read_double(root, "nope", &d, &e) == H5L_ENOTFOUND, "missing attribute: ENOTFOUND");
        CHECK(h5l_dataset_read_as(str, 0, 2, H5L_T_I32, b, sizeof b, 0, NULL, NULL, &e) == H5L_ETYPE, "strings: ETYPE");
        CHECK(h5l_dataset_read_as(m2, 1, 3, H5L_T_I32, i32, sizeof i32, 0, NULL, NULL, &e) == H5L_OK && i32[0] == 3 && i32[8] == 11,
              "2-D rows: every inner element");
        CHECK(h5l_dataset_read_as(m2, 0, 1, H5L_T_STR(4), b, sizeof b, 0, NULL, NULL, &e) == H5L_EINVAL, "string memory type: EINVAL");
        CHECK(h5l_dataset_read_as(m2, 0, 1, H5L_T_I32, b, sizeof b, 0x80, NULL, NULL, &e) == H5L_EINVAL, "unknown flags: EINVAL");
        CHECK(h5l_dataset_read_as(m2, 3, 2, H5L_T_I32, b, sizeof b, 0, NULL, NULL, &e) == H5L_EINVAL, "rows past the end: EINVAL");
        CHECK(h5l_dataset_read_as(m2, 0, 1, H5L_T_I32 | H5L_T_BE, i32, sizeof i32, 0, NULL, NULL, &e) == H5L_OK &&
                  ((unsigned char *)i32)[3] == 0 && ((unsigned char *)i32)[7] == 1, "big-endian memory type");
        CHECK(!strcmp(h5l_status_name(H5L_ERANGE), "H5L_ERANGE"), "status name");
        {
            h5l_table *t = NULL;
            int8_t c8[4];
            h5l_conv_report rep;
            CHECK(h5l_table_open(f, "/table", &t, &e) == H5L_OK, "table: %s", e.msg);
            if (t) {
                CHECK(h5l_column_read_as(h5l_table_find(t, "x"), 0, 4, H5L_T_I8, c8, sizeof c8, H5L_CONV_CLAMP, NULL, &rep, &e) == H5L_OK &&
                          c8[0] == 1 && c8[1] == -2 && c8[2] == 127 && c8[3] == 7 && rep.clamped == 1 && rep.first_bad == 2,
                      "column x as int8 (chunked): %s", e.msg);
                CHECK(h5l_column_read_as(h5l_table_find(t, "x"), 0, 4, H5L_T_I8, c8, sizeof c8, 0, NULL, NULL, &e) == H5L_ERANGE &&
                          strstr(e.msg, "element 2"), "column x as int8 unclamped: ERANGE naming element 2 (%s)", e.msg);
                CHECK(h5l_column_read_as(h5l_table_find(t, "x"), 3, 2, H5L_T_I8, c8, sizeof c8, 0, NULL, NULL, &e) == H5L_EINVAL, "column rows");
                CHECK(h5l_column_read_as(h5l_table_find(t, "s"), 0, 1, H5L_T_I8, c8, sizeof c8, 0, NULL, NULL, &e) == H5L_ETYPE, "string column: ETYPE");
                h5l_table_close(t);
            }
        }
        h5l_obj_close(root);
        h5l_obj_close(str);
        h5l_obj_close(m2);
    }
    h5l_close(f);
    /* the string offsets' width: visible after declaring, forceable to int64 */
    if (argc > 2) {
        h5l_writer *w = NULL;
        h5l_column_spec sp;
        h5l_column_dsets a, b;
        int wide;
        memset(&sp, 0, sizeof sp);
        sp.kind = H5L_COL_STRING;
        sp.rows = 3;
        sp.str_bytes = 6;
        CHECK(h5l_writer_open(argv[2], NULL, &w, &e) == H5L_OK && h5l_table_create(w, NULL, &e) == H5L_OK, "writer: %s", e.msg);
        sp.name = "narrow";
        CHECK(h5l_table_add_column(w, NULL, &sp, &a, &e) == H5L_OK, "narrow: %s", e.msg);
        sp.name = "wide";
        sp.flags = H5L_COL_OFFSETS64;
        CHECK(h5l_table_add_column(w, NULL, &sp, &b, &e) == H5L_OK, "wide: %s", e.msg);
        CHECK(h5l_writer_dset_type(w, a.indices) == H5L_T_I32 && h5l_writer_dset_type(w, b.indices) == H5L_T_I64 &&
                  h5l_writer_dset_type(w, a.data) == H5L_T_STR(1) && h5l_writer_dset_type(w, H5L_NO_DSET) == 0,
              "offset widths: %llu %llu", (unsigned long long)h5l_writer_dset_type(w, a.indices), (unsigned long long)h5l_writer_dset_type(w, b.indices));
        CHECK(h5l_writer_layout(w, &e) == H5L_OK, "layout: %s", e.msg);
        for (wide = 0; wide < 2; wide++) {
            h5l_column_dsets *c = wide ? &b : &a;
            int32_t o32[4] = {0, 2, 4, 6};
            int64_t o64[4] = {0, 2, 4, 6};
            CHECK(h5l_writer_write(w, c->data, 0, 6, "abcdef", &e) == H5L_OK, "bytes: %s", e.msg);
            CHECK(h5l_writer_write(w, c->indices, 0, 4, wide ? (const void *)o64 : (const void *)o32, &e) == H5L_OK, "offsets: %s", e.msg);
        }
        CHECK(h5l_writer_finish(w, &e) == H5L_OK, "finish: %s", e.msg);
    }
    printf("test_typed: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
