/* gen_capi_corpus.c — writes HDF5 files with libhdf5's C API that h5py's
 * high-level API does not produce, for the reader interop test
 * (tests/interop_corpus.mk, issue 3 "files no test here has seen").
 *
 * usage: gen_capi_corpus OUTDIR
 * build: cc gen_capi_corpus.c $(pkg-config --cflags --libs hdf5-serial)
 *
 * Writes OUTDIR/capi_*.h5: files h5py 3.x can view completely (compared with
 * mmapcol by tests/compare_views.py), and OUTDIR/extra/capi_*.h5: files with
 * types h5py cannot turn into values (time, references, undefined fill) — mmapcol must still
 * list and check them without crashing (see tests/interop_corpus.mk).
 * Exit 0 when every file was written, 1 on any libhdf5 error.
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *g_outdir;
static int g_fail;

#define CK(x) do { if ((x) < 0) { fprintf(stderr, "gen_capi_corpus: %s:%d: %s failed\n", \
                                          __FILE__, __LINE__, #x); g_fail = 1; return; } } while (0)

static char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", g_outdir, name);
    return buf;
}

/* helpers -------------------------------------------------------------------------------- */

static hid_t mk_fapl(H5F_libver_t lo, H5F_libver_t hi)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_libver_bounds(fapl, lo, hi) < 0) { H5Pclose(fapl); return -1; }
    return fapl;
}

/* 1-D dataset of N values of a native type written in file type ftype */
static herr_t put_1d(hid_t loc, const char *name, hid_t ftype, hid_t mtype, hsize_t n,
                     const void *buf, hid_t dcpl)
{
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    herr_t r = d < 0 ? -1 : (n ? H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : 0);
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    return r;
}

static herr_t put_attr(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank,
                       const hsize_t *dims, const void *buf)
{
    hid_t sp = rank < 0 ? H5Screate(H5S_NULL) : rank == 0 ? H5Screate(H5S_SCALAR)
                                                          : H5Screate_simple(rank, dims, NULL);
    hid_t a = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t r = a < 0 ? -1 : (rank >= 0 ? H5Awrite(a, mtype, buf) : 0);
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    return r;
}

static herr_t put_str_attr(hid_t loc, const char *name, const char *s, int vlen, int utf8)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    herr_t r;
    if (vlen) H5Tset_size(t, H5T_VARIABLE);
    else H5Tset_size(t, strlen(s) ? strlen(s) : 1);
    H5Tset_cset(t, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
    r = vlen ? put_attr(loc, name, t, t, 0, NULL, &s) : put_attr(loc, name, t, t, 0, NULL, s);
    H5Tclose(t);
    return r;
}

/* a small tree used by several files: groups, datasets, attributes */
static void small_tree(hid_t f, hid_t gcpl)
{
    int i;
    double dv[7];
    int iv[5] = { -2, -1, 0, 1, 2147483647 };
    hsize_t two = 2;
    double a2[2] = { 1.5, -0.25 };
    hid_t g = H5Gcreate2(f, "grp", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    hid_t h;
    CK(g);
    h = H5Gcreate2(g, "sub", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(h);
    for (i = 0; i < 7; i++) dv[i] = i * 0.1;
    CK(put_1d(g, "zeta", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 7, dv, H5P_DEFAULT));
    CK(put_1d(g, "alpha", H5T_STD_I32BE, H5T_NATIVE_INT, 5, iv, H5P_DEFAULT));
    CK(put_1d(h, "m", H5T_STD_I32LE, H5T_NATIVE_INT, 5, iv, H5P_DEFAULT));
    CK(put_attr(g, "z_attr", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, 1, &two, a2));
    CK(put_attr(g, "a_attr", H5T_STD_I32LE, H5T_NATIVE_INT, 0, NULL, iv));
    CK(put_str_attr(g, "m_attr", "hello", 0, 0));
    CK(put_str_attr(h, "vstr", "h\xc3\xa9llo", 1, 1));
    H5Gclose(h);
    H5Gclose(g);
}

/* 1. libver bounds with creation order tracked + indexed ------------------------------------- */
static void gen_order(const char *name, H5F_libver_t lo, H5F_libver_t hi, int nlinks)
{
    hid_t fapl = mk_fapl(lo, hi), gcpl, fcpl, f, g, ocpl;
    int i, v;
    char nm[64];
    CK(fapl);
    fcpl = H5Pcreate(H5P_FILE_CREATE);
    CK(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
    CK(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
    f = H5Fcreate(path_of(name), H5F_ACC_TRUNC, fcpl, fapl);
    CK(f);
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    CK(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
    CK(H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED));
    small_tree(f, gcpl);
    g = H5Gcreate2(f, "many", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    /* names created in reverse alphabetical order */
    for (i = nlinks - 1; i >= 0; i--) {
        hsize_t one = 1;
        snprintf(nm, sizeof nm, "d%04d", i);
        v = i * 3;
        CK(put_1d(g, nm, H5T_STD_I32LE, H5T_NATIVE_INT, one, &v, H5P_DEFAULT));
    }
    ocpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_attr_creation_order(ocpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
    v = 7;
    CK(put_1d(f, "tracked_ds", H5T_STD_U8LE, H5T_NATIVE_INT, 1, &v, ocpl));
    {
        hid_t d = H5Dopen2(f, "tracked_ds", H5P_DEFAULT);
        for (i = 12; i > 0; i--) {
            snprintf(nm, sizeof nm, "attr%02d", i);
            CK(put_attr(d, nm, H5T_STD_I16LE, H5T_NATIVE_INT, 0, NULL, &i));
        }
        H5Dclose(d);
    }
    H5Pclose(ocpl);
    H5Gclose(g);
    H5Pclose(gcpl);
    H5Pclose(fcpl);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 2. dense from the first link / attribute; est_link_info ------------------------------------ */
static void gen_dense0(void)
{
    hid_t fapl = mk_fapl(H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), f, gcpl, ocpl, g, d;
    int i;
    char nm[64];
    CK(fapl);
    f = H5Fcreate(path_of("capi_dense0.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    CK(H5Pset_link_phase_change(gcpl, 0, 0));
    CK(H5Pset_attr_phase_change(gcpl, 0, 0));
    small_tree(f, gcpl);
    g = H5Gcreate2(f, "dense_one", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    i = 42;
    CK(put_1d(g, "only", H5T_STD_I64LE, H5T_NATIVE_INT, 1, &i, H5P_DEFAULT));
    CK(put_attr(g, "only_attr", H5T_STD_U32LE, H5T_NATIVE_INT, 0, NULL, &i));
    H5Gclose(g);
    g = H5Gcreate2(f, "dense_empty", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    H5Gclose(g);
    /* creation-order-indexed dense group */
    CK(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
    g = H5Gcreate2(f, "dense_ordered", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    for (i = 0; i < 40; i++) {
        hid_t s;
        snprintf(nm, sizeof nm, "%s_%d", (i % 2) ? "odd" : "even", 40 - i);
        s = H5Gcreate2(g, nm, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CK(s);
        H5Gclose(s);
    }
    H5Gclose(g);
    ocpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_attr_phase_change(ocpl, 0, 0));
    i = 5;
    CK(put_1d(f, "ds_dense_attrs", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &i, ocpl));
    d = H5Dopen2(f, "ds_dense_attrs", H5P_DEFAULT);
    CK(d);
    for (i = 0; i < 3; i++) {
        snprintf(nm, sizeof nm, "da%d", i);
        CK(put_attr(d, nm, H5T_IEEE_F32LE, H5T_NATIVE_INT, 0, NULL, &i));
    }
    CK(put_str_attr(d, "dstr", "dense string", 1, 1));
    H5Dclose(d);
    H5Pclose(ocpl);
    H5Pclose(gcpl);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

static void gen_est_link_info(void)
{
    hid_t fapl = mk_fapl(H5F_LIBVER_V18, H5F_LIBVER_LATEST), f, gcpl, g;
    int i;
    char nm[64];
    CK(fapl);
    f = H5Fcreate(path_of("capi_est_link_info.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    CK(H5Pset_est_link_info(gcpl, 30, 40));
    CK(H5Pset_link_phase_change(gcpl, 64, 48));
    g = H5Gcreate2(f, "est", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    for (i = 0; i < 25; i++) {
        hid_t s;
        snprintf(nm, sizeof nm, "link_with_a_long_name_number_%02d", i);
        s = H5Gcreate2(g, nm, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CK(s);
        H5Gclose(s);
    }
    H5Gclose(g);
    small_tree(f, gcpl);
    H5Pclose(gcpl);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 3. superblock v1 (istore_k), non-default sym_k / btree_k, user block, 4-byte sizes ------- */
static void gen_fcpl_variant(const char *name, int istore_k, unsigned sym_ik, unsigned sym_lk,
                             hsize_t userblock, size_t sz_addr, size_t sz_len, int nlinks, int latest)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), f, g;
    hid_t fapl = latest ? mk_fapl(H5F_LIBVER_LATEST, H5F_LIBVER_LATEST) : H5Pcreate(H5P_FILE_ACCESS);
    int i;
    char nm[64];
    double x;
    if (istore_k) CK(H5Pset_istore_k(fcpl, (unsigned)istore_k));
    if (sym_ik) CK(H5Pset_sym_k(fcpl, sym_ik, sym_lk));
    if (userblock) CK(H5Pset_userblock(fcpl, userblock));
    if (sz_addr) CK(H5Pset_sizes(fcpl, sz_addr, sz_len));
    f = H5Fcreate(path_of(name), H5F_ACC_TRUNC, fcpl, fapl);
    CK(f);
    H5Pclose(fapl);
    small_tree(f, H5P_DEFAULT);
    g = H5Gcreate2(f, "links", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    for (i = 0; i < nlinks; i++) {
        snprintf(nm, sizeof nm, "n%03d", (i * 37) % nlinks);
        x = i + 0.5;
        CK(put_1d(g, nm, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &x, H5P_DEFAULT));
    }
    H5Gclose(g);
    H5Pclose(fcpl);
    CK(H5Fclose(f));
}

/* 4. committed datatypes shared by datasets and attributes ---------------------------------- */
typedef struct { int a; double b; char s[6]; } rec_t;

static hid_t rec_mtype(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(rec_t)), st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, 6);
    H5Tinsert(t, "a", HOFFSET(rec_t, a), H5T_NATIVE_INT);
    H5Tinsert(t, "b", HOFFSET(rec_t, b), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "s", HOFFSET(rec_t, s), st);
    H5Tclose(st);
    return t;
}

static hid_t rec_ftype(void)
{
    /* packed, big-endian int, little-endian double */
    hid_t t = H5Tcreate(H5T_COMPOUND, 4 + 8 + 6), st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, 6);
    H5Tinsert(t, "a", 0, H5T_STD_I32BE);
    H5Tinsert(t, "b", 4, H5T_IEEE_F64LE);
    H5Tinsert(t, "s", 12, st);
    H5Tclose(st);
    return t;
}

static void gen_committed(H5F_libver_t lo, const char *name)
{
    hid_t fapl = mk_fapl(lo, H5F_LIBVER_LATEST), f, t, ti, mt, g;
    rec_t r[3] = { { 1, 1.25, "one" }, { -2, -2.5, "two" }, { 3, 1e300, "three" } };
    int iv[4] = { 10, 20, 30, 40 };
    hsize_t n3 = 3, n2 = 2;
    CK(fapl);
    f = H5Fcreate(path_of(name), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    t = rec_ftype();
    CK(H5Tcommit2(f, "rec_t", t, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    ti = H5Tcopy(H5T_STD_I16BE);
    g = H5Gcreate2(f, "types", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    CK(H5Tcommit2(g, "short_be", ti, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    CK(put_str_attr(ti, "doc", "a committed type with an attribute", 0, 0));
    mt = rec_mtype();
    CK(put_1d(f, "recs1", t, mt, 3, r, H5P_DEFAULT));
    CK(put_1d(f, "recs2", t, mt, 3, r, H5P_DEFAULT));
    CK(put_1d(g, "shorts", ti, H5T_NATIVE_INT, 4, iv, H5P_DEFAULT));
    CK(put_1d(g, "shorts2", ti, H5T_NATIVE_INT, 4, iv, H5P_DEFAULT));
    CK(put_attr(f, "rec_attr", t, mt, 1, &n3, r));
    {
        hid_t d = H5Dopen2(f, "recs1", H5P_DEFAULT);
        CK(put_attr(d, "short_attr", ti, H5T_NATIVE_INT, 1, &n2, iv));
        CK(put_attr(d, "rec_scalar", t, mt, 0, NULL, r));
        H5Dclose(d);
    }
    /* a second hard link to a committed type */
    CK(H5Lcreate_hard(f, "rec_t", g, "rec_t_alias", H5P_DEFAULT, H5P_DEFAULT));
    H5Tclose(mt);
    H5Tclose(ti);
    H5Tclose(t);
    H5Gclose(g);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 5. element types ------------------------------------------------------------------------------ */
typedef enum { RED = 0, GREEN = 7, BLUE = -3 } color_t;

static void gen_types(void)
{
    hid_t f = H5Fcreate(path_of("capi_types.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t et, et8, at, atm, ot, bt, ct, cmt, vt, vs, sp;
    int ev[4] = { RED, GREEN, BLUE, GREEN };
    int arr[3][2][3];
    unsigned char op[3][5];
    unsigned bits[4] = { 0x1u, 0x80u, 0xffffu, 0xdeadbeefu };
    unsigned short bits16[3] = { 0x0102, 0xfffe, 0 };
    int i, j, k;
    int v;
    hsize_t n, d2[2];
    CK(f);
    /* enums: int32 LE with negative member, uint8 BE-irrelevant, int16 BE */
    et = H5Tenum_create(H5T_STD_I32LE);
    v = RED; H5Tenum_insert(et, "RED", &v);
    v = GREEN; H5Tenum_insert(et, "GREEN", &v);
    v = BLUE; H5Tenum_insert(et, "BLUE", &v);
    {
        hid_t em = H5Tenum_create(H5T_NATIVE_INT);
        v = RED; H5Tenum_insert(em, "RED", &v);
        v = GREEN; H5Tenum_insert(em, "GREEN", &v);
        v = BLUE; H5Tenum_insert(em, "BLUE", &v);
        CK(put_1d(f, "enum_i32", et, em, 4, ev, H5P_DEFAULT));
        n = 2;
        CK(put_attr(f, "enum_attr", et, em, 1, &n, ev));
        H5Tclose(em);
    }
    et8 = H5Tenum_create(H5T_STD_I16BE);
    {
        short sv;
        hid_t em = H5Tenum_create(H5T_NATIVE_SHORT);
        short data[3] = { 1, 300, 1 };
        sv = 1; H5Tenum_insert(et8, "one", &sv); H5Tenum_insert(em, "one", &sv);
        sv = 300; H5Tenum_insert(et8, "three_hundred", &sv); H5Tenum_insert(em, "three_hundred", &sv);
        CK(put_1d(f, "enum_i16be", et8, em, 3, data, H5P_DEFAULT));
        H5Tclose(em);
    }
    /* array of int32 BE [2][3] */
    d2[0] = 2; d2[1] = 3;
    at = H5Tarray_create2(H5T_STD_I32BE, 2, d2);
    atm = H5Tarray_create2(H5T_NATIVE_INT, 2, d2);
    for (i = 0; i < 3; i++)
        for (j = 0; j < 2; j++)
            for (k = 0; k < 3; k++) arr[i][j][k] = i * 100 + j * 10 + k - 50;
    CK(put_1d(f, "array_2x3", at, atm, 3, arr, H5P_DEFAULT));
    n = 1;
    CK(put_attr(f, "array_attr", at, atm, 0, NULL, arr));
    /* opaque 5 bytes with a tag */
    ot = H5Tcreate(H5T_OPAQUE, 5);
    H5Tset_tag(ot, "raw five bytes");
    for (i = 0; i < 3; i++)
        for (j = 0; j < 5; j++) op[i][j] = (unsigned char)(i * 16 + j * 51);
    CK(put_1d(f, "opaque5", ot, ot, 3, op, H5P_DEFAULT));
    /* bitfields */
    bt = H5Tcopy(H5T_STD_B32LE);
    CK(put_1d(f, "bitfield32", bt, H5T_NATIVE_B32, 4, bits, H5P_DEFAULT));
    CK(put_1d(f, "bitfield16be", H5T_STD_B16BE, H5T_NATIVE_B16, 3, bits16, H5P_DEFAULT));
    n = 4;
    CK(put_attr(f, "bitfield_attr", bt, H5T_NATIVE_B32, 1, &n, bits));
    /* nested compound: {int8 x; {float32 re, im} z; int16[2] arr} with padding */
    {
        struct cpx { float re, im; };
        struct nest { signed char x; struct cpx z; short arr[2]; } nv[2] = {
            { -1, { 1.5f, -2.0f }, { 7, -7 } }, { 100, { 0.0f, 3.25f }, { 0, 32767 } } };
        hid_t cx = H5Tcreate(H5T_COMPOUND, 16), cxm = H5Tcreate(H5T_COMPOUND, sizeof(struct cpx));
        hsize_t two = 2;
        hid_t sa = H5Tarray_create2(H5T_STD_I16LE, 1, &two), sam = H5Tarray_create2(H5T_NATIVE_SHORT, 1, &two);
        H5Tinsert(cx, "re", 0, H5T_IEEE_F32LE);
        H5Tinsert(cx, "im", 8, H5T_IEEE_F32BE);  /* gap in the file type */
        H5Tinsert(cxm, "re", HOFFSET(struct cpx, re), H5T_NATIVE_FLOAT);
        H5Tinsert(cxm, "im", HOFFSET(struct cpx, im), H5T_NATIVE_FLOAT);
        ct = H5Tcreate(H5T_COMPOUND, 32);
        H5Tinsert(ct, "x", 0, H5T_STD_I8LE);
        H5Tinsert(ct, "z", 4, cx);
        H5Tinsert(ct, "arr", 24, sa);
        cmt = H5Tcreate(H5T_COMPOUND, sizeof(struct nest));
        H5Tinsert(cmt, "x", HOFFSET(struct nest, x), H5T_NATIVE_SCHAR);
        H5Tinsert(cmt, "z", HOFFSET(struct nest, z), cxm);
        H5Tinsert(cmt, "arr", HOFFSET(struct nest, arr), sam);
        CK(put_1d(f, "compound_nested", ct, cmt, 2, nv, H5P_DEFAULT));
        CK(put_attr(f, "compound_attr", ct, cmt, 0, NULL, nv));
        H5Tclose(cx); H5Tclose(cxm); H5Tclose(sa); H5Tclose(sam);
    }
    /* variable-length sequences of int32 */
    {
        int s0[1] = { 5 }, s1[4] = { 1, 2, 3, 4 }, s2[2] = { -9, 9 };
        hvl_t vl[4];
        vl[0].len = 1; vl[0].p = s0;
        vl[1].len = 4; vl[1].p = s1;
        vl[2].len = 0; vl[2].p = NULL;
        vl[3].len = 2; vl[3].p = s2;
        vt = H5Tvlen_create(H5T_STD_I32LE);
        {
            hid_t vm = H5Tvlen_create(H5T_NATIVE_INT);
            CK(put_1d(f, "vlen_int", vt, vm, 4, vl, H5P_DEFAULT));
            n = 2;
            CK(put_attr(f, "vlen_attr", vt, vm, 1, &n, vl));
            H5Tclose(vm);
        }
    }
    /* strings: fixed null-padded / space-padded / null-terminated, vlen ASCII + UTF-8 */
    {
        const char fixed[3][8] = { "abc", "defghijk", "" };
        const char *vstr[3] = { "first", "", "\xe2\x82\xac uro" };
        hid_t s = H5Tcopy(H5T_C_S1);
        H5Tset_size(s, 8);
        H5Tset_strpad(s, H5T_STR_NULLPAD);
        CK(put_1d(f, "str_nullpad", s, s, 3, fixed, H5P_DEFAULT));
        H5Tset_strpad(s, H5T_STR_NULLTERM);
        {
            const char nt8[2][8] = { "abcdefg", "x" };
            CK(put_1d(f, "str_nullterm", s, s, 2, nt8, H5P_DEFAULT));
        }
        H5Tclose(s);
        s = H5Tcopy(H5T_FORTRAN_S1);
        H5Tset_size(s, 8);
        {
            const char sp8[2][8] = { { 'a', 'b', ' ', ' ', ' ', ' ', ' ', ' ' },
                                     { ' ', 'x', ' ', 'y', ' ', ' ', ' ', ' ' } };
            CK(put_1d(f, "str_spacepad", s, s, 2, sp8, H5P_DEFAULT));
        }
        H5Tclose(s);
        vs = H5Tcopy(H5T_C_S1);
        H5Tset_size(vs, H5T_VARIABLE);
        H5Tset_cset(vs, H5T_CSET_UTF8);
        CK(put_1d(f, "vstr_utf8", vs, vs, 3, vstr, H5P_DEFAULT));
        CK(put_attr(f, "vstr_attr", vs, vs, 1, &n, vstr));
        H5Tclose(vs);
    }
    /* integers of all sizes, both orders; float16-like custom float is not h5py-compatible: skip */
    {
        long long ll[3] = { -9223372036854775807LL - 1, 0, 9223372036854775807LL };
        unsigned long long ull[2] = { 0, 18446744073709551615ULL };
        double fd[4] = { 1.0 / 3.0, -0.0, 1e-310, 1e308 };
        CK(put_1d(f, "i64be", H5T_STD_I64BE, H5T_NATIVE_LLONG, 3, ll, H5P_DEFAULT));
        CK(put_1d(f, "u64be", H5T_STD_U64BE, H5T_NATIVE_ULLONG, 2, ull, H5P_DEFAULT));
        CK(put_1d(f, "f32be", H5T_IEEE_F32BE, H5T_NATIVE_DOUBLE, 4, fd, H5P_DEFAULT));
        CK(put_1d(f, "f64be", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, 4, fd, H5P_DEFAULT));
        CK(put_1d(f, "u8", H5T_STD_U8LE, H5T_NATIVE_ULLONG, 2, ull, H5P_DEFAULT));
    }
    /* 2-D and rank-5 datasets */
    {
        hsize_t dd[5] = { 2, 1, 3, 1, 2 };
        short buf[12];
        for (i = 0; i < 12; i++) buf[i] = (short)(i * i - 20);
        sp = H5Screate_simple(5, dd, NULL);
        {
            hid_t d = H5Dcreate2(f, "rank5", H5T_STD_I16BE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            CK(d);
            CK(H5Dwrite(d, H5T_NATIVE_SHORT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
            H5Dclose(d);
        }
        H5Sclose(sp);
    }
    H5Tclose(et); H5Tclose(et8); H5Tclose(at); H5Tclose(atm); H5Tclose(ot); H5Tclose(bt);
    H5Tclose(ct); H5Tclose(cmt); H5Tclose(vt);
    CK(H5Fclose(f));
}

/* types h5py cannot convert to values: time, object/region references (extra/) */
static void gen_refs_time(void)
{
    hid_t f = H5Fcreate(path_of("extra/capi_refs_time.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    int iv[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    hobj_ref_t oref[3];
    hdset_reg_ref_t rref[1];
    hid_t d, sp;
    hsize_t start = 2, count = 3, n;
    unsigned tv[2] = { 1700000000u, 0u };
    CK(f);
    CK(put_1d(f, "target", H5T_STD_I32LE, H5T_NATIVE_INT, 10, iv, H5P_DEFAULT));
    { hid_t g = H5Gcreate2(f, "grp", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT); CK(g); H5Gclose(g); }
    CK(H5Rcreate(&oref[0], f, "target", H5R_OBJECT, -1));
    CK(H5Rcreate(&oref[1], f, "grp", H5R_OBJECT, -1));
    CK(H5Rcreate(&oref[2], f, "/", H5R_OBJECT, -1));
    CK(put_1d(f, "objrefs", H5T_STD_REF_OBJ, H5T_STD_REF_OBJ, 3, oref, H5P_DEFAULT));
    n = 1;
    CK(put_attr(f, "objref_attr", H5T_STD_REF_OBJ, H5T_STD_REF_OBJ, 1, &n, oref));
    d = H5Dopen2(f, "target", H5P_DEFAULT);
    sp = H5Dget_space(d);
    CK(H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &count, NULL));
    CK(H5Rcreate(&rref[0], f, "target", H5R_DATASET_REGION, sp));
    H5Sclose(sp);
    H5Dclose(d);
    CK(put_1d(f, "regrefs", H5T_STD_REF_DSETREG, H5T_STD_REF_DSETREG, 1, rref, H5P_DEFAULT));
    CK(put_attr(f, "regref_attr", H5T_STD_REF_DSETREG, H5T_STD_REF_DSETREG, 0, NULL, rref));
    CK(put_1d(f, "time32", H5T_UNIX_D32LE, H5T_UNIX_D32LE, 2, tv, H5P_DEFAULT));
    CK(put_attr(f, "time_attr", H5T_UNIX_D32LE, H5T_UNIX_D32LE, 0, NULL, tv));
    /* an opaque attribute (h5py 3.7 cannot convert opaque attributes) */
    {
        unsigned char ob[2][3] = { { 0, 1, 0xfe }, { 0xab, 0xcd, 0xef } };
        hid_t ot = H5Tcreate(H5T_OPAQUE, 3);
        H5Tset_tag(ot, "tagged");
        n = 2;
        CK(put_attr(f, "opaque_attr", ot, ot, 1, &n, ob));
        H5Tclose(ot);
    }
    /* fill value explicitly undefined, never written: libhdf5 refuses to read it */
    {
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        n = 6;
        sp = H5Screate_simple(1, &n, NULL);
        CK(H5Pset_fill_value(dcpl, H5T_NATIVE_INT, NULL));
        d = H5Dcreate2(f, "fill_undefined_unwritten", H5T_STD_I8LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        CK(d);
        H5Dclose(d);
        H5Sclose(sp);
        H5Pclose(dcpl);
    }
    CK(H5Fclose(f));
}

/* 6. allocation time, fill values, compact, external, empty, null ---------------------------- */
static void gen_layouts(void)
{
    hid_t f = H5Fcreate(path_of("capi_layouts.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t dcpl, sp, d;
    hsize_t n = 6, z = 0, d2[2] = { 0, 5 }, d3[2] = { 3, 0 };
    int fill = -77, i;
    double fd = 2.5;
    int buf[6] = { 1, 2, 3, 4, 5, 6 };
    CK(f);
    /* early allocation with fill value, never written */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY));
    CK(H5Pset_fill_value(dcpl, H5T_NATIVE_INT, &fill));
    CK(H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC));
    sp = H5Screate_simple(1, &n, NULL);
    d = H5Dcreate2(f, "early_fill", H5T_STD_I32BE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    H5Dclose(d);
    /* early allocation with fill value, partly overwritten */
    d = H5Dcreate2(f, "early_written", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
    H5Dclose(d);
    H5Pclose(dcpl);
    /* late allocation, fill value, never written: reads as fill value, no offset */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fd));
    d = H5Dcreate2(f, "late_fill_unwritten", H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    H5Dclose(d);
    H5Pclose(dcpl);
    /* no fill value defined, never written: zeros */
    d = H5Dcreate2(f, "unwritten_nofill", H5T_STD_U16LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(d);
    H5Dclose(d);
    H5Sclose(sp);
    /* compact datasets */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_layout(dcpl, H5D_COMPACT));
    CK(put_1d(f, "compact_i32", H5T_STD_I32LE, H5T_NATIVE_INT, 6, buf, dcpl));
    CK(put_1d(f, "compact_f64be", H5T_IEEE_F64BE, H5T_NATIVE_INT, 6, buf, dcpl));
    sp = H5Screate(H5S_SCALAR);
    d = H5Dcreate2(f, "compact_scalar", H5T_STD_I64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &fill));
    H5Dclose(d);
    H5Sclose(sp);
    /* compact, fill value, never written */
    CK(H5Pset_fill_value(dcpl, H5T_NATIVE_INT, &fill));
    sp = H5Screate_simple(1, &n, NULL);
    d = H5Dcreate2(f, "compact_fill_unwritten", H5T_STD_I16LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(dcpl);
    /* external storage (file relative to the HDF5 file's directory) */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_external(dcpl, "capi_layouts.ext.bin", 0, 6 * 4));
    {
        hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
        H5Pset_efile_prefix(dapl, g_outdir);
        sp = H5Screate_simple(1, &n, NULL);
        d = H5Dcreate2(f, "external", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, dapl);
        CK(d);
        CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
        H5Dclose(d);
        H5Sclose(sp);
        H5Pclose(dapl);
    }
    H5Pclose(dcpl);
    /* zero-size datasets */
    CK(put_1d(f, "empty_1d", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, z, NULL, H5P_DEFAULT));
    sp = H5Screate_simple(2, d2, NULL);
    d = H5Dcreate2(f, "empty_0x5", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(d); H5Dclose(d); H5Sclose(sp);
    sp = H5Screate_simple(2, d3, NULL);
    d = H5Dcreate2(f, "empty_3x0", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(d); H5Dclose(d); H5Sclose(sp);
    /* null-dataspace dataset and attributes, scalar attrs, empty 1-D attr */
    sp = H5Screate(H5S_NULL);
    d = H5Dcreate2(f, "null_ds", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(d);
    CK(put_attr(d, "null_attr", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, -1, NULL, NULL));
    {
        hid_t s = H5Tcopy(H5T_C_S1);
        H5Tset_size(s, H5T_VARIABLE);
        CK(put_attr(d, "null_vstr_attr", s, s, -1, NULL, NULL));
        H5Tclose(s);
    }
    CK(put_attr(d, "empty_attr", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &z, buf));
    H5Dclose(d);
    H5Sclose(sp);
    CK(put_attr(f, "root_null", H5T_STD_U8LE, H5T_NATIVE_INT, -1, NULL, NULL));
    i = 3;
    CK(put_attr(f, "root_scalar", H5T_STD_U8LE, H5T_NATIVE_INT, 0, NULL, &i));
    CK(H5Fclose(f));
}

/* 7. chunked: each v4 chunk index, filters; v1 B-tree index ------------------------------------ */
static void gen_chunked(void)
{
    hid_t fapl = mk_fapl(H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), f, dcpl, sp, d;
    hsize_t dims[2] = { 20, 6 }, maxd[2], ch[2] = { 5, 3 }, n = 100, c1 = 100, c10 = 10;
    int buf[120], i;
    CK(fapl);
    for (i = 0; i < 120; i++) buf[i] = i * 7 - 300;
    f = H5Fcreate(path_of("capi_chunked.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    /* single chunk */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 1, &c1));
    CK(put_1d(f, "single_chunk", H5T_STD_I32LE, H5T_NATIVE_INT, n, buf, dcpl));
    CK(H5Pset_deflate(dcpl, 4));
    CK(put_1d(f, "single_chunk_deflate", H5T_STD_I32LE, H5T_NATIVE_INT, n, buf, dcpl));
    H5Pclose(dcpl);
    /* implicit: fixed dims, early allocation, no filters */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 2, ch));
    CK(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY));
    sp = H5Screate_simple(2, dims, NULL);
    d = H5Dcreate2(f, "implicit", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Pclose(dcpl);
    /* fixed array: fixed max dims, filters shuffle+deflate, fletcher32 */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 2, ch));
    CK(H5Pset_shuffle(dcpl));
    CK(H5Pset_deflate(dcpl, 6));
    d = H5Dcreate2(f, "fixed_array_shuffle_deflate", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Pclose(dcpl);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 2, ch));
    CK(H5Pset_fletcher32(dcpl));
    d = H5Dcreate2(f, "fixed_array_fletcher32", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    /* chunked, never written */
    d = H5Dcreate2(f, "fixed_array_unwritten", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(sp);
    /* extensible array: one unlimited dim */
    maxd[0] = H5S_UNLIMITED; maxd[1] = 6;
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 2, ch));
    sp = H5Screate_simple(2, dims, maxd);
    d = H5Dcreate2(f, "extensible_array", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Sclose(sp);
    /* v2 B-tree: two unlimited dims */
    maxd[1] = H5S_UNLIMITED;
    sp = H5Screate_simple(2, dims, maxd);
    d = H5Dcreate2(f, "btree_v2", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(dcpl);
    /* 1-D unlimited, small chunks */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 1, &c10));
    maxd[0] = H5S_UNLIMITED;
    sp = H5Screate_simple(1, &n, maxd);
    d = H5Dcreate2(f, "ea_1d", H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(dcpl);
    small_tree(f, H5P_DEFAULT);
    H5Pclose(fapl);
    CK(H5Fclose(f));

    /* earliest format: v1 B-tree chunk index (layout message v3) */
    f = H5Fcreate(path_of("capi_chunked_v1btree.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CK(f);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_chunk(dcpl, 2, ch));
    CK(H5Pset_shuffle(dcpl));
    CK(H5Pset_deflate(dcpl, 1));
    maxd[0] = H5S_UNLIMITED; maxd[1] = 6;
    sp = H5Screate_simple(2, dims, maxd);
    d = H5Dcreate2(f, "btree_v1", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d); CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)); H5Dclose(d);
    H5Sclose(sp);
    H5Pclose(dcpl);
    CK(put_1d(f, "contiguous_neighbour", H5T_STD_I32LE, H5T_NATIVE_INT, 6, buf, H5P_DEFAULT));
    CK(H5Fclose(f));
}

/* 8. links: dangling soft links, external links, hard-link cycles ------------------------------ */
static void gen_links(H5F_libver_t lo, const char *name)
{
    hid_t fapl = mk_fapl(lo, H5F_LIBVER_LATEST), f, a, b;
    int v = 1;
    CK(fapl);
    f = H5Fcreate(path_of(name), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    a = H5Gcreate2(f, "a", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(a);
    b = H5Gcreate2(a, "b", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(b);
    CK(put_1d(b, "data", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &v, H5P_DEFAULT));
    CK(H5Lcreate_hard(f, "/", b, "to_root", H5P_DEFAULT, H5P_DEFAULT));     /* cycle via root */
    CK(H5Lcreate_hard(f, "/a", b, "to_a", H5P_DEFAULT, H5P_DEFAULT));       /* cycle via parent */
    CK(H5Lcreate_hard(b, "data", f, "data_alias", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_hard(a, "b", f, "b_alias", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_soft("/does/not/exist", f, "dangling", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_soft("a/b/data", a, "relative_soft", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_soft("/a/b", f, "soft_to_group", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_external("other_file.h5", "/some/path", f, "ext_link", H5P_DEFAULT, H5P_DEFAULT));
    CK(H5Lcreate_external("missing.h5", "/", b, "ext_root", H5P_DEFAULT, H5P_DEFAULT));
    H5Gclose(b);
    H5Gclose(a);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 9. a 200 KB attribute in dense storage; continuation chunks --------------------------------- */
static void gen_bigattr(void)
{
    hid_t fapl = mk_fapl(H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), f, g, d;
    static double big[25600];   /* 200 KiB */
    hsize_t n = 25600, n2 = 40000;
    static unsigned char bytes[40000];
    int i, v = 3;
    char nm[64];
    CK(fapl);
    for (i = 0; i < 25600; i++) big[i] = i * 0.5 - 1000.0;
    for (i = 0; i < 40000; i++) bytes[i] = (unsigned char)(i * 13);
    f = H5Fcreate(path_of("capi_bigattr.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    g = H5Gcreate2(f, "holder", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    CK(put_attr(g, "small_before", H5T_STD_I32LE, H5T_NATIVE_INT, 0, NULL, &v));
    CK(put_attr(g, "big_200k", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, big));
    CK(put_attr(g, "big_40k_u8", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 1, &n2, bytes));
    CK(put_attr(g, "small_after", H5T_STD_I32LE, H5T_NATIVE_INT, 0, NULL, &v));
    CK(put_1d(g, "ds", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &v, H5P_DEFAULT));
    d = H5Dopen2(g, "ds", H5P_DEFAULT);
    CK(d);
    CK(put_attr(d, "big_on_dataset", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, 1, &n, big));
    H5Dclose(d);
    H5Gclose(g);
    /* continuation chunks, latest format (OHDR v2 / OCHK) */
    for (i = 0; i < 2; i++) {
        hid_t obj;
        int k;
        const char *on = i ? "cont_group" : "cont_ds";
        if (i) obj = H5Gcreate2(f, on, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        else { CK(put_1d(f, on, H5T_STD_I32LE, H5T_NATIVE_INT, 1, &v, H5P_DEFAULT)); obj = H5Oopen(f, on, H5P_DEFAULT); }
        CK(obj);
        CK(put_attr(obj, "first", H5T_STD_I32LE, H5T_NATIVE_INT, 0, NULL, &v));
        for (k = 0; k < 4; k++) {
            snprintf(nm, sizeof nm, "%s_neighbour%d", on, k);
            CK(put_1d(f, nm, H5T_STD_I32LE, H5T_NATIVE_INT, 1, &k, H5P_DEFAULT));
            snprintf(nm, sizeof nm, "later_%d", k);
            CK(put_str_attr(obj, nm, "added after other objects were created", 0, 0));
        }
        H5Oclose(obj);
    }
    H5Pclose(fapl);
    CK(H5Fclose(f));

    /* continuation chunks, earliest format (OHDR v1): attributes below the dense threshold */
    f = H5Fcreate(path_of("capi_continuation_v1.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CK(f);
    CK(put_1d(f, "ds", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &v, H5P_DEFAULT));
    g = H5Gcreate2(f, "grp", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    d = H5Dopen2(f, "ds", H5P_DEFAULT);
    for (i = 0; i < 30; i++) {
        double x = i * 1.25;
        snprintf(nm, sizeof nm, "neighbour%02d", i);
        CK(put_1d(f, nm, H5T_STD_I32LE, H5T_NATIVE_INT, 1, &i, H5P_DEFAULT));
        snprintf(nm, sizeof nm, "attr%02d", i);
        CK(put_attr(d, nm, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, NULL, &x));
        CK(put_attr(g, nm, H5T_STD_I64BE, H5T_NATIVE_INT, 0, NULL, &i));
    }
    CK(put_str_attr(g, "empty_vstr", "", 1, 0));
    /* a 30 KB attribute in an earliest-format header (fits in 64 KiB) */
    {
        hsize_t m = 3800;
        CK(put_attr(d, "medium_30k", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &m, big));
    }
    H5Dclose(d);
    H5Gclose(g);
    CK(H5Fclose(f));
}


/* 11. modified files: deleted/moved links and attributes, reopened and appended ------------------ */
static void gen_modified(H5F_libver_t lo, const char *name, unsigned phase)
{
    hid_t fapl = mk_fapl(lo, H5F_LIBVER_LATEST), f, g, gcpl, d;
    int i, v;
    char nm[64], nm2[64];
    CK(fapl);
    f = H5Fcreate(path_of(name), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (phase) CK(H5Pset_link_phase_change(gcpl, phase, phase > 1 ? phase - 1 : 0));
    if (phase) CK(H5Pset_attr_phase_change(gcpl, phase, phase > 1 ? phase - 1 : 0));
    g = H5Gcreate2(f, "g", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(g);
    for (i = 0; i < 60; i++) {
        snprintf(nm, sizeof nm, "item%02d", i);
        v = i;
        CK(put_1d(g, nm, H5T_STD_I32LE, H5T_NATIVE_INT, 1, &v, H5P_DEFAULT));
        snprintf(nm, sizeof nm, "attr%02d", i);
        CK(put_attr(g, nm, H5T_STD_I32LE, H5T_NATIVE_INT, 0, NULL, &v));
    }
    for (i = 0; i < 60; i += 3) {
        snprintf(nm, sizeof nm, "item%02d", i);
        CK(H5Ldelete(g, nm, H5P_DEFAULT));
        snprintf(nm, sizeof nm, "attr%02d", i);
        CK(H5Adelete(g, nm));
    }
    for (i = 1; i < 60; i += 9) {
        snprintf(nm, sizeof nm, "item%02d", i);
        snprintf(nm2, sizeof nm2, "renamed_%02d", i);
        CK(H5Lmove(g, nm, f, nm2, H5P_DEFAULT, H5P_DEFAULT));
        snprintf(nm, sizeof nm, "attr%02d", i);
        snprintf(nm2, sizeof nm2, "renamed_attr%02d", i);
        CK(H5Arename(g, nm, nm2));
    }
    /* shrink below the dense->compact threshold again in a second group */
    d = H5Gcreate2(f, "shrunk", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    CK(d);
    for (i = 0; i < 20; i++) {
        hid_t s;
        snprintf(nm, sizeof nm, "s%02d", i);
        s = H5Gcreate2(d, nm, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CK(s);
        H5Gclose(s);
    }
    for (i = 0; i < 19; i++) {
        snprintf(nm, sizeof nm, "s%02d", i);
        CK(H5Ldelete(d, nm, H5P_DEFAULT));
    }
    H5Gclose(d);
    H5Gclose(g);
    H5Pclose(gcpl);
    CK(H5Fclose(f));
    /* reopen, append more objects and attributes */
    f = H5Fopen(path_of(name), H5F_ACC_RDWR, fapl);
    CK(f);
    g = H5Gopen2(f, "g", H5P_DEFAULT);
    CK(g);
    for (i = 0; i < 10; i++) {
        double x = i * 0.25;
        snprintf(nm, sizeof nm, "appended%02d", i);
        CK(put_1d(g, nm, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &x, H5P_DEFAULT));
        snprintf(nm, sizeof nm, "appended_attr%02d", i);
        CK(put_str_attr(g, nm, "appended after reopening", 1, 0));
    }
    /* overwrite an attribute with a bigger one of another type */
    CK(H5Adelete(g, "attr02"));
    {
        hsize_t n = 100;
        double big[100];
        for (i = 0; i < 100; i++) big[i] = i;
        CK(put_attr(g, "attr02", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, 1, &n, big));
    }
    H5Gclose(g);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 12. file-creation features: shared object header messages, paged file space, alignment, no times */
static void gen_sohm(void)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), f, t;
    int i, v[3] = { 1, 2, 3 };
    char nm[64];
    hsize_t n = 3;
    CK(H5Pset_shared_mesg_nindexes(fcpl, 2));
    CK(H5Pset_shared_mesg_index(fcpl, 0, H5O_SHMESG_DTYPE_FLAG | H5O_SHMESG_SDSPACE_FLAG, 1));
    CK(H5Pset_shared_mesg_index(fcpl, 1, H5O_SHMESG_ATTR_FLAG | H5O_SHMESG_FILL_FLAG, 1));
    CK(H5Pset_shared_mesg_phase_change(fcpl, 2, 1));
    f = H5Fcreate(path_of("capi_sohm.h5"), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    CK(f);
    t = rec_ftype();
    for (i = 0; i < 6; i++) {
        rec_t r[3] = { { 1, 1.25, "one" }, { -2, -2.5, "two" }, { 3, 1e300, "three" } };
        hid_t mt = rec_mtype(), d;
        snprintf(nm, sizeof nm, "recs%d", i);
        CK(put_1d(f, nm, t, mt, 3, r, H5P_DEFAULT));
        d = H5Dopen2(f, nm, H5P_DEFAULT);
        CK(d);
        CK(put_attr(d, "same_attr", H5T_STD_I32LE, H5T_NATIVE_INT, 1, &n, v));
        CK(put_str_attr(d, "note", "shared message", 0, 0));
        H5Dclose(d);
        H5Tclose(mt);
        snprintf(nm, sizeof nm, "ints%d", i);
        CK(put_1d(f, nm, H5T_STD_I64BE, H5T_NATIVE_INT, 3, v, H5P_DEFAULT));
    }
    H5Tclose(t);
    H5Pclose(fcpl);
    CK(H5Fclose(f));
}

static void gen_fspace(void)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = mk_fapl(H5F_LIBVER_V110, H5F_LIBVER_LATEST), f, dcpl;
    int buf[300], i;
    CK(fapl);
    for (i = 0; i < 300; i++) buf[i] = i;
    CK(H5Pset_file_space_strategy(fcpl, H5F_FSPACE_STRATEGY_PAGE, 1, 1));
    CK(H5Pset_file_space_page_size(fcpl, 4096));
    f = H5Fcreate(path_of("capi_fspace_page.h5"), H5F_ACC_TRUNC, fcpl, fapl);
    CK(f);
    small_tree(f, H5P_DEFAULT);
    CK(put_1d(f, "ints300", H5T_STD_I32LE, H5T_NATIVE_INT, 300, buf, H5P_DEFAULT));
    CK(H5Ldelete(f, "grp/zeta", H5P_DEFAULT));
    CK(H5Fclose(f));
    H5Pclose(fcpl);
    H5Pclose(fapl);
    /* alignment of every object >= 64 bytes to 4096, metadata block size, no time tracking */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    CK(H5Pset_alignment(fapl, 64, 4096));
    CK(H5Pset_meta_block_size(fapl, 512));
    f = H5Fcreate(path_of("capi_aligned.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_obj_track_times(dcpl, 0));
    CK(put_1d(f, "aligned_notimes", H5T_STD_I32LE, H5T_NATIVE_INT, 300, buf, dcpl));
    CK(H5Pset_obj_track_times(dcpl, 1));
    CK(put_1d(f, "aligned_times", H5T_STD_I32BE, H5T_NATIVE_INT, 300, buf, dcpl));
    CK(put_1d(f, "small", H5T_STD_I32BE, H5T_NATIVE_INT, 3, buf, dcpl));
    H5Pclose(dcpl);
    small_tree(f, H5P_DEFAULT);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}

/* 13. virtual dataset; UTF-8 link and attribute names; a 60 KB compact dataset ------------------ */
static void gen_misc(void)
{
    hid_t fapl = mk_fapl(H5F_LIBVER_V110, H5F_LIBVER_LATEST), f, dcpl, sp, src, lcpl, g;
    hsize_t n = 10, vn = 20, start = 0, cnt = 10, big = 7500;
    int buf[10], i;
    static double cbig[7500];
    CK(fapl);
    for (i = 0; i < 10; i++) buf[i] = i * i;
    for (i = 0; i < 7500; i++) cbig[i] = -i * 0.125;
    f = H5Fcreate(path_of("capi_misc.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CK(f);
    CK(put_1d(f, "vsrc", H5T_STD_I32LE, H5T_NATIVE_INT, 10, buf, H5P_DEFAULT));
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    sp = H5Screate_simple(1, &vn, NULL);
    src = H5Screate_simple(1, &n, NULL);
    CK(H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &cnt, NULL));
    CK(H5Pset_virtual(dcpl, sp, ".", "/vsrc", src));
    start = 10;
    CK(H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &cnt, NULL));
    CK(H5Pset_virtual(dcpl, sp, ".", "/vsrc", src));
    H5Sselect_all(sp);
    {
        hid_t d = H5Dcreate2(f, "virtual", H5T_STD_I32LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        CK(d);
        H5Dclose(d);
    }
    H5Sclose(sp); H5Sclose(src); H5Pclose(dcpl);
    lcpl = H5Pcreate(H5P_LINK_CREATE);
    CK(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8));
    g = H5Gcreate2(f, "gr\xc3\xbc\xc3\x9f \xe6\x97\xa5\xe6\x9c\xac", lcpl, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    {
        hid_t acpl = H5Pcreate(H5P_ATTRIBUTE_CREATE), asp = H5Screate(H5S_SCALAR), a;
        H5Pset_char_encoding(acpl, H5T_CSET_UTF8);
        a = H5Acreate2(g, "\xce\xbb \xe2\x86\x92 attr", H5T_STD_I32LE, asp, acpl, H5P_DEFAULT);
        CK(a);
        CK(H5Awrite(a, H5T_NATIVE_INT, buf + 3));
        H5Aclose(a); H5Sclose(asp); H5Pclose(acpl);
    }
    sp = H5Screate_simple(1, &n, NULL);
    {
        hid_t d = H5Dcreate2(g, "\xe2\x82\xac", H5T_STD_U16LE, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT);
        CK(d);
        CK(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
        H5Dclose(d);
    }
    H5Sclose(sp);
    H5Gclose(g);
    H5Pclose(lcpl);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_layout(dcpl, H5D_COMPACT));
    CK(put_1d(f, "compact_60k", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, big, cbig, dcpl));
    H5Pclose(dcpl);
    H5Pclose(fapl);
    CK(H5Fclose(f));
}


int main(int argc, char **argv)
{
    char sub[4096];
    if (argc != 2) {
        fprintf(stderr, "usage: gen_capi_corpus OUTDIR\n");
        return 1;
    }
    g_outdir = argv[1];
    snprintf(sub, sizeof sub, "%s/extra", g_outdir);
    {
        /* mkdir without <sys/stat.h> portability concerns: the Makefile creates it too */
        FILE *probe;
        char pp[4200];
        snprintf(pp, sizeof pp, "%s/.probe", sub);
        probe = fopen(pp, "w");
        if (!probe) { fprintf(stderr, "gen_capi_corpus: %s must exist\n", sub); return 1; }
        fclose(probe);
        remove(pp);
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    gen_order("capi_v18_order.h5", H5F_LIBVER_V18, H5F_LIBVER_V18, 20);
    gen_order("capi_v110_order.h5", H5F_LIBVER_V110, H5F_LIBVER_V110, 20);
    gen_order("capi_latest_order_dense.h5", H5F_LIBVER_LATEST, H5F_LIBVER_LATEST, 300);
    gen_dense0();
    gen_est_link_info();
    gen_fcpl_variant("capi_sb1_istore_k.h5", 64, 0, 0, 0, 0, 0, 50, 0);
    gen_fcpl_variant("capi_sym_k.h5", 0, 4, 2, 0, 0, 0, 60, 0);
    gen_fcpl_variant("capi_sym_k_big.h5", 0, 40, 20, 0, 0, 0, 120, 0);
    gen_fcpl_variant("capi_userblock1024.h5", 0, 0, 0, 1024, 0, 0, 10, 0);
    gen_fcpl_variant("capi_userblock4096_sb1.h5", 64, 0, 0, 4096, 0, 0, 10, 0);
    gen_fcpl_variant("capi_userblock2048_latest.h5", 0, 0, 0, 2048, 0, 0, 30, 1);
    gen_fcpl_variant("capi_sizes_4_4_latest.h5", 0, 0, 0, 0, 4, 4, 30, 1);
    gen_fcpl_variant("capi_sizes_4_4.h5", 0, 0, 0, 0, 4, 4, 20, 0);
    gen_fcpl_variant("capi_sizes_4_8.h5", 0, 0, 0, 0, 4, 8, 20, 0);
    gen_fcpl_variant("capi_sizes_8_4.h5", 0, 0, 0, 0, 8, 4, 20, 0);
    gen_fcpl_variant("capi_sizes_2_2.h5", 0, 0, 0, 0, 2, 2, 5, 0);
    gen_committed(H5F_LIBVER_EARLIEST, "capi_committed.h5");
    gen_committed(H5F_LIBVER_LATEST, "capi_committed_latest.h5");
    gen_types();
    gen_refs_time();
    gen_layouts();
    gen_chunked();
    gen_links(H5F_LIBVER_EARLIEST, "capi_links.h5");
    gen_links(H5F_LIBVER_LATEST, "capi_links_latest.h5");
    gen_bigattr();
    gen_modified(H5F_LIBVER_EARLIEST, "capi_modified.h5", 0);
    gen_modified(H5F_LIBVER_LATEST, "capi_modified_latest.h5", 0);
    gen_modified(H5F_LIBVER_LATEST, "capi_modified_dense.h5", 4);
    gen_sohm();
    gen_fspace();
    gen_misc();
    if (g_fail) fprintf(stderr, "gen_capi_corpus: some files were not written\n");
    return g_fail;
}
