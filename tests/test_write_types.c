/* tests/test_write_types.c -- the writer's any-type calls (issue 18): h5l_writer_dataset_t,
 * h5l_writer_attr_t, h5l_writer_datatype, h5l_writer_link, h5l_writer_write_vlen; the file is
 * then read by tests/check_write_types.py (h5py) and repacked by tests/check_repack.py. */
#include "hdf5lite.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#define CK(x) do { h5l_status s_ = (x); if (s_) { fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #x, e.msg); return 1; } } while (0)
int main(int argc, char **argv)
{
    h5l_writer *w; h5l_error e; h5l_dset d1, d2, d3, d4, dvc;
    h5l_dtype uchar = {0};
    static uint8_t vcrows[3][40];
    h5l_dtype i32 = {0}, f64 = {0}, cmp = {0}, en = {0}, arr = {0}, op = {0}, vs = {0}, vi = {0}, ref = {0}, s5 = {0};
    h5l_member cm[3], em[2];
    uint64_t adims[2] = {2, 3};
    const h5l_dtype *named;
    int32_t ev0 = 0, ev1 = 7;
    i32.cls = H5L_CLASS_INTEGER; i32.size = 4; i32.is_signed = 1; i32.precision = 32; i32.array_dims = adims; i32.tag = "";
    f64.cls = H5L_CLASS_FLOAT; f64.size = 8; f64.precision = 64; f64.sign_pos = 63; f64.exp_pos = 52; f64.exp_size = 11; f64.mant_size = 52; f64.exp_bias = 1023; f64.mant_norm = 2; f64.tag = ""; f64.array_dims = adims;
    s5.cls = H5L_CLASS_STRING; s5.size = 5; s5.pad = H5L_PAD_NULLPAD; s5.tag = ""; s5.array_dims = adims;
    arr.cls = H5L_CLASS_ARRAY; arr.size = 24; arr.base = &i32; arr.array_rank = 2; arr.array_dims = adims; arr.tag = "";
    cm[0].name = "a"; cm[0].offset = 0; cm[0].type = &i32;
    cm[1].name = "b"; cm[1].offset = 8; cm[1].type = &f64;
    cm[2].name = "c"; cm[2].offset = 16; cm[2].type = &arr;
    cmp.cls = H5L_CLASS_COMPOUND; cmp.size = 40; cmp.nmembers = 3; cmp.members = cm; cmp.tag = ""; cmp.array_dims = adims;
    em[0].name = "RED"; em[0].value = &ev0; em[1].name = "GREEN"; em[1].value = &ev1;
    en.cls = H5L_CLASS_ENUM; en.size = 4; en.base = &i32; en.nmembers = 2; en.members = em; en.tag = ""; en.array_dims = adims;
    op.cls = H5L_CLASS_OPAQUE; op.size = 3; op.tag = "mytag"; op.array_dims = adims;
    vs.cls = H5L_CLASS_VLEN; vs.size = 16; vs.is_vlen_string = 1; vs.cset = H5L_CSET_UTF8; vs.tag = ""; vs.array_dims = adims;
    vi.cls = H5L_CLASS_VLEN; vi.size = 16; vi.base = &i32; vi.tag = ""; vi.array_dims = adims;
    uchar.cls = H5L_CLASS_INTEGER; uchar.size = 1; uchar.precision = 8; uchar.tag = ""; uchar.array_dims = adims;
    ref.cls = H5L_CLASS_REFERENCE; ref.size = 8; ref.tag = ""; ref.array_dims = adims;
    if (argc != 2) {
        fprintf(stderr, "usage: test_write_types OUT.h5\n");
        return 2;
    }
    CK(h5l_writer_open(argv[1], NULL, &w, &e));
    {
        h5l_space sp = {H5L_SPACE_SIMPLE, 1, NULL, NULL, 4}; uint64_t n4 = 4; sp.dims = sp.maxdims = &n4;
        CK(h5l_writer_dataset_t(w, "/cmp", &cmp, &sp, NULL, &d1, &e));
        CK(h5l_writer_dataset_t(w, "/g/vs", &vs, &sp, NULL, &d2, &e));
        CK(h5l_writer_dataset_t(w, "/g/vi", &vi, &sp, NULL, &d3, &e));
        CK(h5l_writer_datatype(w, "/types/en", &en, &named, &e));
        CK(h5l_writer_dataset_t(w, "/g/named", named, &sp, NULL, &d4, &e));
    }
    {
        h5l_space sn = {H5L_SPACE_NULL, 0, NULL, NULL, 0};
        h5l_space s2 = {H5L_SPACE_SIMPLE, 2, NULL, NULL, 6}; s2.dims = s2.maxdims = adims;
        h5l_space s1 = {H5L_SPACE_SCALAR, 0, NULL, NULL, 1};
        int32_t v6[6] = {1, 2, 3, 4, 5, 6};
        h5l_vlen vv[2] = {{3, "abc"}, {0, ""}};
        const char *paths[2] = {"/cmp", "/g/vs"};
        uint8_t opv[3] = {1, 2, 3};
        h5l_dset dn;
        CK(h5l_writer_attr_t(w, "/", "empty", &f64, &sn, NULL, &e));
        CK(h5l_writer_attr_t(w, "/", "two_d", &i32, &s2, v6, &e));
        CK(h5l_writer_attr_t(w, "/g", "strs", &vs, &((h5l_space){H5L_SPACE_SIMPLE, 1, (uint64_t[]){2}, (uint64_t[]){2}, 2}), vv, &e));
        CK(h5l_writer_attr_t(w, "/g", "refs", &ref, &((h5l_space){H5L_SPACE_SIMPLE, 1, (uint64_t[]){2}, (uint64_t[]){2}, 2}), paths, &e));
        CK(h5l_writer_attr_t(w, "/g", "opq", &op, &s1, opv, &e));
        CK(h5l_writer_attr_t(w, "/g", "col", named, &s1, &ev1, &e));
        CK(h5l_writer_attr_t(w, "/types/en", "note", &s5, &s1, "hello", &e));
        CK(h5l_writer_dataset_t(w, "/nulld", &f64, &sn, NULL, &dn, &e));
        CK(h5l_writer_link(w, "/g/soft", H5L_LINK_SOFT, "/cmp", NULL, &e));
        CK(h5l_writer_link(w, "/ext", H5L_LINK_EXTERNAL, "/x", "other.h5", &e));
        CK(h5l_writer_link(w, "/g/hard", H5L_LINK_HARD, "/cmp", NULL, &e));
    }
    {   /* refused: a vlen inside a vlen, region references, a bad enum, a duplicate name */
        h5l_dtype vv2 = vi, rref = ref, badenum = en;
        h5l_space s1 = {H5L_SPACE_SCALAR, 0, NULL, NULL, 1};
        h5l_dset x;
        vv2.base = &vi;
        if (h5l_writer_dataset_t(w, "/bad", &vv2, &s1, NULL, &x, &e) != H5L_EUNSUPPORTED) { fprintf(stderr, "vlen of vlen accepted\n"); return 1; }
        rref.ref_type = 1; rref.size = 12;
        if (h5l_writer_dataset_t(w, "/bad", &rref, &s1, NULL, &x, &e) != H5L_EUNSUPPORTED) { fprintf(stderr, "region ref accepted\n"); return 1; }
        badenum.base = &f64;
        if (h5l_writer_dataset_t(w, "/bad", &badenum, &s1, NULL, &x, &e) != H5L_EINVAL) { fprintf(stderr, "enum over float accepted\n"); return 1; }
        if (h5l_writer_dataset_t(w, "/cmp", &i32, &s1, NULL, &x, &e) != H5L_EEXISTS) { fprintf(stderr, "duplicate accepted\n"); return 1; }
        if (h5l_writer_link(w, "/g/soft", H5L_LINK_SOFT, "/x", NULL, &e) != H5L_EEXISTS) { fprintf(stderr, "duplicate link accepted\n"); return 1; }
    }
    {   /* vlen fields inside a compound (memory form): a dataset and an attribute */
        h5l_member vm[3];
        h5l_dtype vc = cmp, vs8 = vs;
        h5l_space s3 = {H5L_SPACE_SIMPLE, 1, NULL, NULL, 3};
        uint64_t n3 = 3;
        uint8_t el[3][40];
        h5l_vlen v;
        int32_t ids[3] = {1, 2, 3};
        const char *names[3] = {"one", "", "three"};
        int k;
        static int32_t seq[4] = {9, 8, 7, 6};
        vs8.base = &uchar;
        vm[0].name = "id"; vm[0].offset = 0; vm[0].type = &i32;
        vm[1].name = "name"; vm[1].offset = 8; vm[1].type = &vs8;
        vm[2].name = "seq"; vm[2].offset = 24; vm[2].type = &vi;
        vc.nmembers = 3; vc.members = vm; vc.size = 40;
        s3.dims = s3.maxdims = &n3;
        memset(el, 0, sizeof el);
        for (k = 0; k < 3; k++) {
            memcpy(el[k], &ids[k], 4);
            v.len = strlen(names[k]); v.p = names[k]; memcpy(el[k] + 8, &v, sizeof v);
            v.len = (uint64_t)k + 1; v.p = seq; memcpy(el[k] + 24, &v, sizeof v);
        }
        CK(h5l_writer_dataset_t(w, "/vcmp", &vc, &s3, NULL, &dvc, &e));
        CK(h5l_writer_attr_t(w, "/vcmp", "rows", &vc, &s3, el, &e));
        memcpy(vcrows, el, sizeof el);
    }
    CK(h5l_writer_layout(w, &e));
    if (h5l_writer_object_addr(w, "/g/hard") != h5l_writer_object_addr(w, "/cmp") || !h5l_writer_object_addr(w, "/cmp") ||
        h5l_writer_object_addr(w, "/nowhere") != 0) {
        fprintf(stderr, "h5l_writer_object_addr\n");
        return 1;
    }
    {
        uint8_t rows[4 * 40]; int k;
        memset(rows, 0, sizeof rows);
        for (k = 0; k < 4; k++) { int32_t a = k * 10; double b = k + 0.5; int32_t c[6] = {k, k, k, k, k, k};
            memcpy(rows + k * 40, &a, 4); memcpy(rows + k * 40 + 8, &b, 8); memcpy(rows + k * 40 + 16, c, 24); }
        CK(h5l_writer_write(w, d1, 0, 4, rows, &e));
    }
    {
        h5l_vlen v[4] = {{5, "hello"}, {0, NULL}, {3, "abc"}, {3, "\xc3\xa9t"}};
        int32_t xs[6] = {1, 2, 3, 4, 5, 6};
        h5l_vlen vi4[4] = {{1, xs}, {2, xs + 1}, {0, NULL}, {6, xs}};
        int32_t ens[4] = {0, 7, 7, 0};
        CK(h5l_writer_write_vlen(w, d2, 0, 4, v, &e));
        CK(h5l_writer_write_vlen(w, d3, 0, 4, vi4, &e));
        CK(h5l_writer_write(w, d4, 0, 4, ens, &e));
    }
    CK(h5l_writer_write(w, dvc, 0, 3, vcrows, &e));
    CK(h5l_writer_finish(w, &e));
    return 0;
}
