/*
 * test_port_roundtrip.c — write -> read round trips through the public API,
 * run natively and on every cross target (armhf, s390x under qemu, win64
 * under wine).
 *
 *   test_port_roundtrip [run] DIR    write the files into DIR, then verify them
 *   test_port_roundtrip write DIR    only write (e.g. on s390x, checked on x86-64)
 *   test_port_roundtrip verify DIR   only verify files written elsewhere
 *
 * Files (names fixed, content deterministic — identical bytes on every host):
 *   DIR/port_types.h5      every element type in both byte orders, N-D,
 *                          scalar and empty datasets, attributes of every type
 *   DIR/port_table_le.h5   a vaex table with every column kind, little-endian
 *   DIR/port_table_be.h5   the same table stored big-endian
 * Expected values come from tests/test_port_common.h (mirrored independently
 * in tests/cross/check_h5py.py), never from the library.
 */
#include <float.h>
#include "test_port_common.h"

#define N_ROWS 37u
#define T_ROWS 41u

static char g_path[1024];
static const char *path_in(const char *dir, const char *name)
{
    snprintf(g_path, sizeof g_path, "%s/%s", dir, name);
    return g_path;
}

static unsigned code_for(const port_type *t, int be)
{
    /* bool is h5py's 1-byte enum; byte order is meaningless for it */
    return t->code | (be && t->code != H5L_T_BOOL ? H5L_T_BE : 0u);
}
static uint64_t ds_salt(const port_type *t, int be) { return t->code + 16u * (unsigned)be; }

/* Fill dataset d (rows x rowsize elements of t) using the mapping when there is
 * one (alternating), else h5l_writer_write in two pieces. */
static void fill_ds(h5l_writer *w, h5l_dset d, const unsigned char *bytes, uint64_t rows, uint64_t rowbytes,
                    int use_ptr)
{
    h5l_error e;
    void *p = use_ptr ? h5l_writer_ptr(w, d) : NULL;
    PCHECK(h5l_writer_size(w, d) == rows * rowbytes, "writer_size %llu != %llu", (unsigned long long)h5l_writer_size(w, d),
           (unsigned long long)(rows * rowbytes));
    if (rows * rowbytes == 0) return;
    if (p) {
        PCHECK(((uintptr_t)p & 63u) == 0, "h5l_writer_ptr not 64-byte aligned");
        memcpy(p, bytes, (size_t)(rows * rowbytes));
    } else {
        uint64_t half = rows / 2;
        PCALL(h5l_writer_write(w, d, 0, half, bytes, &e), &e);
        PCALL(h5l_writer_write(w, d, half, rows - half, bytes + half * rowbytes, &e), &e);
    }
}

/* ------------------------------------------------------------------ types file */

static void write_types(const char *dir)
{
    h5l_writer *w = NULL;
    h5l_error e;
    h5l_write_options wo;
    h5l_dset ds[2][PORT_NTYPES], d2a, d2b, d3, dsc1, dsc2, de1, de2, dstr, dutf;
    uint64_t dims[3];
    unsigned char buf[4096];
    char name[128];
    size_t k;
    int be;

    memset(&wo, 0, sizeof wo);
    if (!PCALL(h5l_writer_open(path_in(dir, "port_types.h5"), &wo, &w, &e), &e)) return;
    dims[0] = N_ROWS;
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            sprintf(name, "/%s/%s", be ? "be" : "le", port_types[k].name);
            PCALL(h5l_writer_dataset(w, name, code_for(&port_types[k], be), 1, dims, &ds[be][k], &e), &e);
        }
    dims[0] = 7; dims[1] = 3;
    PCALL(h5l_writer_dataset(w, "/nd/i32be", H5L_T_I32 | H5L_T_BE, 2, dims, &d2a, &e), &e);
    dims[0] = 4; dims[1] = 5;
    PCALL(h5l_writer_dataset(w, "/nd/f64le", H5L_T_F64, 2, dims, &d2b, &e), &e);
    dims[0] = 2; dims[1] = 3; dims[2] = 4;
    PCALL(h5l_writer_dataset(w, "/nd/u16be", H5L_T_U16 | H5L_T_BE, 3, dims, &d3, &e), &e);
    PCALL(h5l_writer_dataset(w, "/scalar/f64be", H5L_T_F64 | H5L_T_BE, 0, NULL, &dsc1, &e), &e);
    PCALL(h5l_writer_dataset(w, "/scalar/i16le", H5L_T_I16, 0, NULL, &dsc2, &e), &e);
    dims[0] = 0;
    PCALL(h5l_writer_dataset(w, "/empty/f32be", H5L_T_F32 | H5L_T_BE, 1, dims, &de1, &e), &e);
    dims[0] = 0; dims[1] = 4;
    PCALL(h5l_writer_dataset(w, "/empty/u8_2d", H5L_T_U8, 2, dims, &de2, &e), &e);
    dims[0] = N_ROWS;
    PCALL(h5l_writer_dataset(w, "/str/s5", H5L_T_STR(5), 1, dims, &dstr, &e), &e);
    PCALL(h5l_writer_dataset(w, "/str/u7", H5L_T_STR(7) | H5L_T_UTF8, 1, dims, &dutf, &e), &e);

    /* attributes: every type, both orders, scalar and 1-D, on a group and a dataset */
    PCALL(h5l_writer_group(w, "/attrs", &e), &e);
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            const port_type *t = &port_types[k];
            sprintf(name, "v_%s_%s", t->name, be ? "be" : "le");
            port_fill(buf, t, 0, 3, 1000u + ds_salt(t, be), be);
            PCALL(h5l_writer_attr(w, "/attrs", name, code_for(t, be), 1, 3, buf, &e), &e);
            sprintf(name, "s_%s_%s", t->name, be ? "be" : "le");
            port_fill(buf, t, 5, 1, 2000u + ds_salt(t, be), be);
            PCALL(h5l_writer_attr(w, "/le/f64", name, code_for(t, be), 0, 1, buf, &e), &e);
        }
    PCALL(h5l_writer_attr_string(w, "/attrs", "title", "hdf5lite \xe2\x9c\x93 port", &e), &e);
    {
        const char *names[3] = {"a", "b\xc3\xa9", ""};
        PCALL(h5l_writer_attr_strings(w, "/attrs", "names", names, 3, &e), &e);
        PCALL(h5l_writer_attr(w, "/", "fixed", H5L_T_STR(6), 1, 2, "abc\0\0\0xyzuvw", &e), &e);
        PCALL(h5l_writer_attr(w, "/attrs", "empty", H5L_T_I32, 1, 0, NULL, &e), &e);
    }

    if (!PCALL(h5l_writer_layout(w, &e), &e)) { h5l_writer_abort(w); return; }

    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            const port_type *t = &port_types[k];
            port_fill(buf, t, 0, N_ROWS, ds_salt(t, be), be);
            fill_ds(w, ds[be][k], buf, N_ROWS, t->size, (int)(k & 1));
        }
    port_fill(buf, port_type_by_code(H5L_T_I32), 0, 21, 500, 1);
    fill_ds(w, d2a, buf, 7, 3 * 4, 1);
    port_fill(buf, port_type_by_code(H5L_T_F64), 0, 20, 501, 0);
    fill_ds(w, d2b, buf, 4, 5 * 8, 0);
    port_fill(buf, port_type_by_code(H5L_T_U16), 0, 24, 502, 1);
    fill_ds(w, d3, buf, 2, 12 * 2, 0);
    port_fill(buf, port_type_by_code(H5L_T_F64), 0, 1, 503, 1);
    fill_ds(w, dsc1, buf, 1, 8, 0);
    port_fill(buf, port_type_by_code(H5L_T_I16), 3, 1, 504, 0);
    fill_ds(w, dsc2, buf, 1, 2, 1);
    fill_ds(w, de1, buf, 0, 4, 0);
    fill_ds(w, de2, buf, 0, 4, 1);
    for (k = 0; k < N_ROWS; k++) port_fixed_string((char *)buf + k * 5, 5, k, 600);
    fill_ds(w, dstr, buf, N_ROWS, 5, 0);
    for (k = 0; k < N_ROWS; k++) port_fixed_string((char *)buf + k * 7, 7, k, 601);
    fill_ds(w, dutf, buf, N_ROWS, 7, 1);
    PCALL(h5l_writer_finish(w, &e), &e);
}

/* Typed checks on a native buffer (independent of the byte-level comparison). */
static void typed_check(const port_type *t, const unsigned char *nat, uint64_t first, uint64_t n, uint64_t salt,
                        const char *what)
{
    uint64_t i;
    for (i = 0; i < n; i++) {
        uint64_t v = port_value(t, first + i, salt);
        const unsigned char *p = nat + i * t->size;
        if (t->cls == H5L_CLASS_INTEGER && t->is_signed) {
            uint64_t mask = t->size == 8 ? UINT64_MAX : ((UINT64_C(1) << (8 * t->size)) - 1u);
            int64_t want, got;
            if ((v >> (8 * t->size - 1)) & 1u) want = -(int64_t)(~v & mask) - 1;
            else want = (int64_t)v;
            switch (t->size) {
            case 1: { int8_t x; memcpy(&x, p, 1); got = x; break; }
            case 2: { int16_t x; memcpy(&x, p, 2); got = x; break; }
            case 4: { int32_t x; memcpy(&x, p, 4); got = x; break; }
            default: { int64_t x; memcpy(&x, p, 8); got = x; break; }
            }
            PCHECK(got == want, "%s[%llu]: %lld != %lld", what, (unsigned long long)(first + i), (long long)got, (long long)want);
        } else if (t->cls == H5L_CLASS_INTEGER || t->code == H5L_T_BOOL) {
            uint64_t got;
            switch (t->size) {
            case 1: { uint8_t x; memcpy(&x, p, 1); got = x; break; }
            case 2: { uint16_t x; memcpy(&x, p, 2); got = x; break; }
            case 4: { uint32_t x; memcpy(&x, p, 4); got = x; break; }
            default: { uint64_t x; memcpy(&x, p, 8); got = x; break; }
            }
            PCHECK(got == v, "%s[%llu]: %llu != %llu", what, (unsigned long long)(first + i), (unsigned long long)got, (unsigned long long)v);
        } else if (t->code == H5L_T_F64 && first + i < 8) {
            double x;
            memcpy(&x, p, 8);
            switch (first + i) {
            case 0: PCHECK(x == 1.5, "%s: %g != 1.5", what, x); break;
            case 1: PCHECK(x == 0.0 && 1.0 / x < 0, "%s: not -0.0", what); break;
            case 2: PCHECK(x > DBL_MAX, "%s: not +inf", what); break;
            case 3: PCHECK(x < -DBL_MAX, "%s: not -inf", what); break;
            case 4: PCHECK(x != x, "%s: not NaN", what); break;
            case 5: PCHECK(x > 0 && x < DBL_MIN, "%s: not the smallest subnormal", what); break;
            case 6: PCHECK(x == DBL_MAX, "%s: not DBL_MAX", what); break;
            default: PCHECK(x == 0.1, "%s: %.17g != 0.1", what, x); break;
            }
        } else if (t->code == H5L_T_F32 && first + i < 8) {
            float x;
            memcpy(&x, p, 4);
            switch (first + i) {
            case 0: PCHECK(x == 1.5f, "%s: %g != 1.5", what, (double)x); break;
            case 2: PCHECK(x > FLT_MAX, "%s: not +inf", what); break;
            case 4: PCHECK(x != x, "%s: not NaN", what); break;
            case 6: PCHECK(x == FLT_MAX, "%s: not FLT_MAX", what); break;
            case 7: PCHECK(x == (float)0.1, "%s: %.9g != 0.1f", what, (double)x); break;
            default: break;
            }
        }
    }
}

/* Verify one dataset of type t with `rows` rows of `per_row` elements, order be. */
static void check_ds(h5l_file *f, const char *path, const port_type *t, int be, unsigned rank, const uint64_t *dims,
                     uint64_t salt, uint64_t first_value, int mapped)
{
    h5l_obj *o = NULL;
    h5l_error e;
    const h5l_dataset_info *di;
    uint64_t n = 1, rows, per_row = 1, nbytes;
    unsigned char *want_raw, *want_nat, *got, *tmp;
    char np[16], want_np[16];
    unsigned i;

    for (i = 0; i < rank; i++) n *= dims[i];
    rows = rank ? dims[0] : 1;
    per_row = rows ? n / rows : 0;
    nbytes = n * t->size;
    if (!PCALL(h5l_obj_open(f, path, &o, &e), &e)) { fprintf(stderr, "  (%s)\n", path); return; }
    PCHECK(h5l_obj_get_kind(o) == H5L_OBJ_DATASET, "%s: kind %d", path, (int)h5l_obj_get_kind(o));
    di = h5l_obj_dataset(o);
    if (!di) { PCHECK(di != NULL, "%s: no dataset info", path); h5l_obj_close(o); return; }
    PCHECK(di->type->cls == t->cls, "%s: class %d != %d", path, (int)di->type->cls, (int)t->cls);
    PCHECK(di->type->size == t->size, "%s: size %llu", path, (unsigned long long)di->type->size);
    if (t->cls != H5L_CLASS_ENUM) {
        PCHECK((int)di->type->order == (be ? H5L_BE : H5L_LE), "%s: order %d", path, (int)di->type->order);
    } else {
        PCHECK(di->type->is_bool, "%s: bool not flagged is_bool", path);
    }
    if (t->cls == H5L_CLASS_INTEGER) PCHECK(di->type->is_signed == t->is_signed, "%s: signedness", path);
    port_numpy_str(want_np, t, be);
    h5l_dtype_numpy(di->type, np, sizeof np);
    PCHECK(strcmp(np, want_np) == 0, "%s: numpy %s != %s", path, np, want_np);
    PCHECK(di->space.kind == (rank ? H5L_SPACE_SIMPLE : H5L_SPACE_SCALAR), "%s: space kind %d", path, (int)di->space.kind);
    PCHECK(di->space.rank == rank, "%s: rank %u", path, di->space.rank);
    for (i = 0; i < rank && i < di->space.rank; i++) PCHECK(di->space.dims[i] == dims[i], "%s: dim %u", path, i);
    PCHECK(di->space.npoints == n, "%s: npoints %llu", path, (unsigned long long)di->space.npoints);

    want_raw = (unsigned char *)malloc((size_t)nbytes + 1);
    want_nat = (unsigned char *)malloc((size_t)nbytes + 1);
    got = (unsigned char *)malloc((size_t)nbytes + 16);
    tmp = (unsigned char *)malloc((size_t)nbytes + 1);
    if (!want_raw || !want_nat || !got || !tmp) { fprintf(stderr, "malloc\n"); exit(2); }
    port_fill(want_raw, t, first_value, n, salt, be);
    port_fill(want_nat, t, first_value, n, salt, -1);

    if (n) {
        PCHECK(di->layout == H5L_LAYOUT_CONTIGUOUS, "%s: layout %d", path, (int)di->layout);
        PCHECK(di->data != NULL, "%s: data NULL", path);
        PCHECK(di->offset % 64 == 0, "%s: offset %llu not 64-aligned", path, (unsigned long long)di->offset);
        if (mapped) PCHECK(di->data_align >= 64, "%s: data_align %u", path, di->data_align);
        if (di->data) PCHECK(memcmp(di->data, want_raw, (size_t)nbytes) == 0, "%s: stored bytes differ", path);
        PCHECK(di->storage_size == nbytes, "%s: storage_size %llu", path, (unsigned long long)di->storage_size);
    }
    memset(got, 0xAB, (size_t)nbytes + 16);
    if (PCALL(h5l_dataset_read_raw(o, 0, rows, got, (size_t)nbytes + 16, &e), &e))
        PCHECK(memcmp(got, want_raw, (size_t)nbytes) == 0 && got[nbytes] == 0xAB, "%s: read_raw differs", path);
    memset(got, 0xAB, (size_t)nbytes + 16);
    if (PCALL(h5l_dataset_read(o, 0, rows, got, (size_t)nbytes, &e), &e)) {
        PCHECK(memcmp(got, want_nat, (size_t)nbytes) == 0 && got[nbytes] == 0xAB, "%s: typed read differs", path);
        typed_check(t, got, first_value, n, salt, path);
    }
    if (di->data && n) {
        memcpy(tmp, di->data, (size_t)nbytes);
        h5l_to_native(di->type, tmp, n);
        PCHECK(memcmp(tmp, want_nat, (size_t)nbytes) == 0, "%s: h5l_to_native differs", path);
    }
    if (rows > 6) {
        /* a partial range */
        uint64_t first = 3, cnt = rows - 5, off = first * per_row * t->size, len = cnt * per_row * t->size;
        if (PCALL(h5l_dataset_read(o, first, cnt, got, (size_t)len, &e), &e))
            PCHECK(memcmp(got, want_nat + off, (size_t)len) == 0, "%s: partial typed read differs", path);
        if (PCALL(h5l_dataset_read_raw(o, first, cnt, got, (size_t)len, &e), &e))
            PCHECK(memcmp(got, want_raw + off, (size_t)len) == 0, "%s: partial raw read differs", path);
        /* error contract */
        PCHECK(h5l_dataset_read(o, rows - 1, 2, got, (size_t)nbytes, &e) == H5L_EINVAL && e.code == H5L_EINVAL,
               "%s: out-of-range read not EINVAL", path);
        PCHECK(h5l_dataset_read(o, 0, rows, got, (size_t)nbytes - 1, &e) == H5L_EINVAL && e.code == H5L_EINVAL,
               "%s: short buffer not EINVAL", path);
        PCHECK(h5l_dataset_read(o, UINT64_MAX, 2, got, (size_t)nbytes, &e) == H5L_EINVAL, "%s: overflowing range not EINVAL", path);
    }
    free(want_raw); free(want_nat); free(got); free(tmp);
    h5l_obj_close(o);
}

static void check_attr_numeric(const h5l_attrs *as, const char *name, const port_type *t, int be, unsigned rank,
                               uint64_t first, uint64_t n, uint64_t salt)
{
    const h5l_attr *a = h5l_attrs_find(as, name);
    unsigned char want[64], nat[64], got[64];
    if (!a) { PCHECK(a != NULL, "attribute %s missing", name); return; }
    PCHECK(a->type->cls == t->cls && a->type->size == t->size, "attr %s: type", name);
    if (t->cls != H5L_CLASS_ENUM) PCHECK((int)a->type->order == (be ? H5L_BE : H5L_LE), "attr %s: order", name);
    PCHECK(a->space.kind == (rank ? H5L_SPACE_SIMPLE : H5L_SPACE_SCALAR) && a->space.npoints == n, "attr %s: space", name);
    port_fill(want, t, first, n, salt, be);
    port_fill(nat, t, first, n, salt, -1);
    PCHECK(a->data_size == n * t->size, "attr %s: data_size %llu", name, (unsigned long long)a->data_size);
    if (a->data_size == n * t->size) {
        PCHECK(memcmp(a->data, want, (size_t)(n * t->size)) == 0, "attr %s: bytes differ", name);
        memcpy(got, a->data, (size_t)(n * t->size));
        h5l_to_native(a->type, got, n);
        PCHECK(memcmp(got, nat, (size_t)(n * t->size)) == 0, "attr %s: to_native differs", name);
    }
}

static void verify_types(const char *dir, unsigned flags)
{
    h5l_file *f = NULL;
    h5l_open_options oo;
    h5l_error e;
    char name[128];
    size_t k;
    int be;
    uint64_t dims[3];
    const port_type *ti32 = port_type_by_code(H5L_T_I32), *tf64 = port_type_by_code(H5L_T_F64),
                    *tu16 = port_type_by_code(H5L_T_U16), *ti16 = port_type_by_code(H5L_T_I16),
                    *tf32 = port_type_by_code(H5L_T_F32), *tu8 = port_type_by_code(H5L_T_U8);

    memset(&oo, 0, sizeof oo);
    oo.flags = flags;
    if (!PCALL(h5l_open(path_in(dir, "port_types.h5"), &oo, &f, &e), &e)) return;
    dims[0] = N_ROWS;
    for (be = 0; be < 2; be++)
        for (k = 0; k < PORT_NTYPES; k++) {
            sprintf(name, "/%s/%s", be ? "be" : "le", port_types[k].name);
            check_ds(f, name, &port_types[k], be && port_types[k].code != H5L_T_BOOL, 1, dims,
                     ds_salt(&port_types[k], be), 0, !(flags & H5L_OPEN_NO_MMAP));
        }
    dims[0] = 7; dims[1] = 3;
    check_ds(f, "/nd/i32be", ti32, 1, 2, dims, 500, 0, !(flags & H5L_OPEN_NO_MMAP));
    dims[0] = 4; dims[1] = 5;
    check_ds(f, "/nd/f64le", tf64, 0, 2, dims, 501, 0, !(flags & H5L_OPEN_NO_MMAP));
    dims[0] = 2; dims[1] = 3; dims[2] = 4;
    check_ds(f, "/nd/u16be", tu16, 1, 3, dims, 502, 0, !(flags & H5L_OPEN_NO_MMAP));
    check_ds(f, "/scalar/f64be", tf64, 1, 0, NULL, 503, 0, !(flags & H5L_OPEN_NO_MMAP));
    check_ds(f, "/scalar/i16le", ti16, 0, 0, NULL, 504, 3, !(flags & H5L_OPEN_NO_MMAP));
    dims[0] = 0;
    check_ds(f, "/empty/f32be", tf32, 1, 1, dims, 0, 0, 0);
    dims[0] = 0; dims[1] = 4;
    check_ds(f, "/empty/u8_2d", tu8, 0, 2, dims, 0, 0, 0);

    /* fixed strings */
    {
        static const char *const sp[2] = {"/str/s5", "/str/u7"};
        int s;
        for (s = 0; s < 2; s++) {
            h5l_obj *o = NULL;
            unsigned len = s ? 7u : 5u;
            if (PCALL(h5l_obj_open(f, sp[s], &o, &e), &e)) {
                const h5l_dataset_info *di = h5l_obj_dataset(o);
                char buf[N_ROWS * 7], want[8], np[16];
                uint64_t i;
                PCHECK(di && di->type->cls == H5L_CLASS_STRING && di->type->size == len, "%s: type", sp[s]);
                PCHECK(di && di->type->pad == H5L_PAD_NULLPAD, "%s: pad %d", sp[s], di ? (int)di->type->pad : -1);
                PCHECK(di && (int)di->type->cset == (s ? H5L_CSET_UTF8 : H5L_CSET_ASCII), "%s: cset", sp[s]);
                if (di) {
                    h5l_dtype_numpy(di->type, np, sizeof np);
                    PCHECK(strcmp(np, s ? "|S7" : "|S5") == 0, "%s: numpy %s", sp[s], np);
                }
                if (PCALL(h5l_dataset_read(o, 0, N_ROWS, buf, sizeof buf, &e), &e))
                    for (i = 0; i < N_ROWS; i++) {
                        const char *sv;
                        size_t sl;
                        memset(want, 0, sizeof want);
                        port_fixed_string(want, len, i, 600u + (unsigned)s);
                        PCHECK(memcmp(buf + i * len, want, len) == 0, "%s[%llu] bytes", sp[s], (unsigned long long)i);
                        if (PCALL(h5l_string_get(f, di->type, buf + i * len, &sv, &sl, &e), &e))
                            PCHECK(sl == strlen(want) && memcmp(sv, want, sl) == 0, "%s[%llu] string", sp[s], (unsigned long long)i);
                    }
                h5l_obj_close(o);
            }
        }
    }

    /* attributes */
    {
        h5l_obj *g = NULL, *d = NULL;
        h5l_attrs *as = NULL, *ds = NULL;
        char sbuf[64];
        if (PCALL(h5l_obj_open(f, "/attrs", &g, &e), &e) && PCALL(h5l_attrs_open(g, &as, &e), &e)) {
            const h5l_attr *a;
            for (be = 0; be < 2; be++)
                for (k = 0; k < PORT_NTYPES; k++) {
                    const port_type *t = &port_types[k];
                    sprintf(name, "v_%s_%s", t->name, be ? "be" : "le");
                    check_attr_numeric(as, name, t, be && t->code != H5L_T_BOOL, 1, 0, 3, 1000u + ds_salt(t, be));
                }
            a = h5l_attrs_find(as, "empty");
            PCHECK(a && a->space.npoints == 0 && a->data_size == 0, "attr empty");
            PCHECK(h5l_attrs_count(as) == 2 * PORT_NTYPES + 3, "attrs count %lu", (unsigned long)h5l_attrs_count(as));
            PCHECK(h5l_attrs_at(as, h5l_attrs_count(as)) == NULL, "attrs_at out of range");
            if (PCALL(h5l_attr_read_string(g, "title", sbuf, sizeof sbuf, &e), &e))
                PCHECK(strcmp(sbuf, "hdf5lite \xe2\x9c\x93 port") == 0, "title = %s", sbuf);
            if (PCALL(h5l_attr_read_string(g, "names", sbuf, sizeof sbuf, &e), &e)) PCHECK(strcmp(sbuf, "a") == 0, "names[0] = %s", sbuf);
            a = h5l_attrs_find(as, "names");
            if (a) {
                uint64_t i;
                static const char *const want[3] = {"a", "b\xc3\xa9", ""};
                PCHECK(a->type->cls == H5L_CLASS_VLEN && a->type->is_vlen_string && a->space.npoints == 3, "names type");
                for (i = 0; i < 3 && i < a->space.npoints; i++) {
                    const char *sv;
                    size_t sl;
                    if (PCALL(h5l_string_get(f, a->type, (const unsigned char *)a->data + i * a->type->size, &sv, &sl, &e), &e))
                        PCHECK(sl == strlen(want[i]) && memcmp(sv, want[i], sl) == 0, "names[%llu]", (unsigned long long)i);
                }
            } else PCHECK(a != NULL, "attr names missing");
            PCHECK(h5l_attr_read_string(g, "nope", sbuf, sizeof sbuf, &e) == H5L_ENOTFOUND, "missing attr not ENOTFOUND");
            PCHECK(h5l_attr_read_string(g, "v_i32_le", sbuf, sizeof sbuf, &e) == H5L_ETYPE, "numeric attr as string not ETYPE");
        }
        h5l_attrs_close(as);
        h5l_obj_close(g);
        if (PCALL(h5l_obj_open(f, "/le/f64", &d, &e), &e) && PCALL(h5l_attrs_open(d, &ds, &e), &e)) {
            for (be = 0; be < 2; be++)
                for (k = 0; k < PORT_NTYPES; k++) {
                    const port_type *t = &port_types[k];
                    sprintf(name, "s_%s_%s", t->name, be ? "be" : "le");
                    check_attr_numeric(ds, name, t, be && t->code != H5L_T_BOOL, 0, 5, 1, 2000u + ds_salt(t, be));
                }
        }
        h5l_attrs_close(ds);
        h5l_obj_close(d);
        if (PCALL(h5l_obj_open(f, "/", &g, &e), &e)) {
            if (PCALL(h5l_attrs_open(g, &as, &e), &e)) {
                const h5l_attr *a = h5l_attrs_find(as, "fixed");
                PCHECK(a && a->type->cls == H5L_CLASS_STRING && a->type->size == 6 && a->data_size == 12 &&
                           memcmp(a->data, "abc\0\0\0xyzuvw", 12) == 0, "attr fixed");
                h5l_attrs_close(as);
            }
            h5l_obj_close(g);
        }
    }
    {
        h5l_obj *o = NULL;
        PCHECK(h5l_obj_open(f, "/le/nope", &o, &e) == H5L_ENOTFOUND && o == NULL, "missing object not ENOTFOUND");
    }
    h5l_close(f);
}

/* ------------------------------------------------------------------ table files */

typedef struct tcol {
    const char *name;
    h5l_col_kind kind;
    unsigned code;        /* base code (BE added per file) */
    h5l_validity validity;
    uint64_t salt;
} tcol;

static const char *const dict_words[4] = {"red", "gr\xc3\xbcn", "", "blue"};
static const uint64_t dict_nums[3] = {UINT64_C(0x3FE0000000000000), UINT64_C(0xC000000000000000),
                                      UINT64_C(0x7E37E43C8800759C)}; /* 0.5, -2.0, 1e300 */

#define NPRIM PORT_NTYPES
static char prim_names[NPRIM][16];

static void table_bytes_for_strings(uint64_t salt, int with_nulls, uint64_t rows, char *data, uint64_t *offs,
                                    uint64_t *total)
{
    uint64_t i, pos = 0;
    for (i = 0; i < rows; i++) {
        offs[i] = pos;
        if (!with_nulls || port_valid(i, salt)) pos += port_var_string(data + pos, i, salt);
    }
    offs[rows] = pos;
    *total = pos;
}

static void bitmap_for(unsigned char *bm, uint64_t rows, uint64_t salt)
{
    uint64_t i;
    memset(bm, 0, (size_t)((rows + 7) / 8));
    for (i = 0; i < rows; i++)
        if (port_valid(i, salt)) bm[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* Write an indices dataset of rows+1 offsets whatever integer type the writer chose. */
static void fill_offsets(h5l_writer *w, h5l_dset d, const uint64_t *offs, uint64_t n, int be)
{
    unsigned char buf[8 * 64];
    uint64_t esz = n ? h5l_writer_size(w, d) / n : 0, i;
    PCHECK(esz == 4 || esz == 8, "indices element size %llu", (unsigned long long)esz);
    if (esz != 4 && esz != 8) return;
    for (i = 0; i < n; i++) port_encode(buf + i * esz, offs[i], (unsigned)esz, be);
    fill_ds(w, d, buf, n, esz, 0);
}

static void write_table(const char *path, int be)
{
    h5l_writer *w = NULL;
    h5l_error e;
    h5l_column_spec sp;
    unsigned char buf[8 * 3 * T_ROWS + 64], bm[64];
    char sdata[16 * T_ROWS];
    uint64_t offs[T_ROWS + 1], total, inner = 3;
    size_t k;
    h5l_column_dsets prim[NPRIM], sc, sc2, dstr, dnum, vec, when;
    uint64_t dtotal = 0, doffs[5];
    char ddata[32];

    if (!PCALL(h5l_writer_open(path, NULL, &w, &e), &e)) return;
    PCALL(h5l_table_create(w, NULL, &e), &e);
    for (k = 0; k < NPRIM; k++) {
        memset(&sp, 0, sizeof sp);
        sp.name = prim_names[k];
        sp.kind = H5L_COL_PRIMITIVE;
        sp.type = code_for(&port_types[k], be);
        sp.rows = T_ROWS;
        sp.validity = (h5l_validity)(k % 3);
        PCALL(h5l_table_add_column(w, NULL, &sp, &prim[k], &e), &e);
    }
    memset(&sp, 0, sizeof sp);
    sp.name = "s";
    sp.kind = H5L_COL_STRING;
    sp.type = H5L_T_I64;
    sp.rows = T_ROWS;
    sp.validity = H5L_VALID_BITMAP;
    table_bytes_for_strings(200, 1, T_ROWS, sdata, offs, &total);
    sp.str_bytes = total;
    sp.description = "strings with nulls";
    PCALL(h5l_table_add_column(w, NULL, &sp, &sc, &e), &e);
    sp.name = "s_plain";
    sp.validity = H5L_VALID_NONE;
    table_bytes_for_strings(201, 0, T_ROWS, sdata, offs, &total);
    sp.str_bytes = total;
    sp.description = NULL;
    PCALL(h5l_table_add_column(w, NULL, &sp, &sc2, &e), &e);
    {
        h5l_column_spec dict;
        memset(&dict, 0, sizeof dict);
        dict.kind = H5L_COL_STRING;
        dict.type = H5L_T_I64;
        dict.rows = 4;
        for (k = 0; k < 4; k++) dtotal += strlen(dict_words[k]);
        dict.str_bytes = dtotal;
        memset(&sp, 0, sizeof sp);
        sp.name = "d_str";
        sp.kind = H5L_COL_DICT;
        sp.type = H5L_T_I32 | (be ? H5L_T_BE : 0u);
        sp.rows = T_ROWS;
        sp.dictionary = &dict;
        PCALL(h5l_table_add_column(w, NULL, &sp, &dstr, &e), &e);
        memset(&dict, 0, sizeof dict);
        dict.kind = H5L_COL_PRIMITIVE;
        dict.type = H5L_T_F64 | (be ? H5L_T_BE : 0u);
        dict.rows = 3;
        sp.name = "d_num";
        sp.type = H5L_T_U8;
        PCALL(h5l_table_add_column(w, NULL, &sp, &dnum, &e), &e);
    }
    memset(&sp, 0, sizeof sp);
    sp.name = "vec";
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = H5L_T_F32 | (be ? H5L_T_BE : 0u);
    sp.rows = T_ROWS;
    sp.inner_rank = 1;
    sp.inner_dims = &inner;
    PCALL(h5l_table_add_column(w, NULL, &sp, &vec, &e), &e);
    memset(&sp, 0, sizeof sp);
    sp.name = "when";
    sp.kind = H5L_COL_PRIMITIVE;
    sp.type = H5L_T_I64 | (be ? H5L_T_BE : 0u);
    sp.rows = T_ROWS;
    sp.dtype_attr = "datetime64[ns]";
    sp.unit = "ns";
    sp.ucd = "time.epoch";
    sp.description = "timestamps";
    sp.alias = "t";
    PCALL(h5l_table_add_column(w, NULL, &sp, &when, &e), &e);

    if (!PCALL(h5l_writer_layout(w, &e), &e)) { h5l_writer_abort(w); return; }

    for (k = 0; k < NPRIM; k++) {
        const port_type *t = &port_types[k];
        int obe = be && t->code != H5L_T_BOOL;
        port_fill(buf, t, 0, T_ROWS, 100u + k + 16u * (unsigned)be, obe);
        fill_ds(w, prim[k].data, buf, T_ROWS, t->size, (int)(k & 1));
        if (k % 3 == 1) {
            uint64_t i;
            for (i = 0; i < T_ROWS; i++) buf[i] = (unsigned char)!port_valid(i, 100u + k);
            fill_ds(w, prim[k].mask, buf, T_ROWS, 1, 0);
        } else if (k % 3 == 2) {
            bitmap_for(bm, T_ROWS, 100u + k);
            fill_ds(w, prim[k].null_bitmap, bm, (T_ROWS + 7) / 8, 1, 1);
        }
    }
    table_bytes_for_strings(200, 1, T_ROWS, sdata, offs, &total);
    fill_ds(w, sc.data, (const unsigned char *)sdata, total, 1, 1);
    fill_offsets(w, sc.indices, offs, T_ROWS + 1, 0);
    bitmap_for(bm, T_ROWS, 200);
    fill_ds(w, sc.null_bitmap, bm, (T_ROWS + 7) / 8, 1, 0);
    table_bytes_for_strings(201, 0, T_ROWS, sdata, offs, &total);
    fill_ds(w, sc2.data, (const unsigned char *)sdata, total, 1, 0);
    fill_offsets(w, sc2.indices, offs, T_ROWS + 1, 0);
    {
        uint64_t i, pos = 0;
        for (i = 0; i < 4; i++) {
            doffs[i] = pos;
            memcpy(ddata + pos, dict_words[i], strlen(dict_words[i]));
            pos += strlen(dict_words[i]);
        }
        doffs[4] = pos;
        fill_ds(w, dstr.dict_data, (const unsigned char *)ddata, pos, 1, 0);
        fill_offsets(w, dstr.dict_indices, doffs, 5, 0);
        for (i = 0; i < T_ROWS; i++) port_encode(buf + 4 * i, port_mix(i, 210) % 4u, 4, be);
        fill_ds(w, dstr.data, buf, T_ROWS, 4, 1);
        for (i = 0; i < 3; i++) port_encode(buf + 8 * i, dict_nums[i], 8, be);
        fill_ds(w, dnum.dict_data, buf, 3, 8, 0);
        for (i = 0; i < T_ROWS; i++) buf[i] = (unsigned char)(port_mix(i, 211) % 3u);
        fill_ds(w, dnum.data, buf, T_ROWS, 1, 0);
    }
    port_fill(buf, port_type_by_code(H5L_T_F32), 0, 3 * T_ROWS, 300, be);
    fill_ds(w, vec.data, buf, T_ROWS, 12, 1);
    port_fill(buf, port_type_by_code(H5L_T_I64), 0, T_ROWS, 301, be);
    fill_ds(w, when.data, buf, T_ROWS, 8, 0);
    PCALL(h5l_writer_finish(w, &e), &e);
}

/* Values of a column's data read through an object handle with conversion. */
static void check_col_data(h5l_file *f, const char *col, const port_type *t, uint64_t n_elems, uint64_t salt,
                           int be)
{
    char path[128];
    uint64_t dims[2];
    unsigned rank = 1;
    sprintf(path, "/table/columns/%s/data", col);
    dims[0] = T_ROWS;
    if (n_elems != T_ROWS) { dims[1] = n_elems / T_ROWS; rank = 2; }
    check_ds(f, path, t, be, rank, dims, salt, 0, 0);
}

static void check_strings(const h5l_column *c, uint64_t salt, int with_nulls)
{
    uint64_t i;
    h5l_error e;
    char want[32];
    if (!c) return;
    PCHECK(c->kind == H5L_COL_STRING, "%s: kind %d", c->name, (int)c->kind);
    PCHECK(c->indices != NULL && c->data != NULL, "%s: datasets", c->name);
    for (i = 0; i < T_ROWS; i++) {
        const char *s;
        size_t len, wl = 0;
        int valid = !with_nulls || port_valid(i, salt);
        if (valid) wl = port_var_string(want, i, salt);
        PCHECK(h5l_column_is_null(c, i) == !valid, "%s[%llu]: is_null", c->name, (unsigned long long)i);
        if (PCALL(h5l_column_string(c, i, &s, &len, &e), &e))
            PCHECK(len == wl && memcmp(s, want, wl) == 0, "%s[%llu]: string", c->name, (unsigned long long)i);
    }
    {
        const char *s;
        size_t len;
        PCHECK(h5l_column_string(c, T_ROWS, &s, &len, &e) == H5L_EINVAL && e.code == H5L_EINVAL, "%s: row out of range not EINVAL", c->name);
    }
}

static void verify_table(const char *path, int be, unsigned flags)
{
    h5l_file *f = NULL;
    h5l_table *t = NULL;
    h5l_open_options oo;
    h5l_error e;
    size_t k;
    static const char *const extra[6] = {"s", "s_plain", "d_str", "d_num", "vec", "when"};

    memset(&oo, 0, sizeof oo);
    oo.flags = flags;
    if (!PCALL(h5l_open(path, &oo, &f, &e), &e)) return;
    if (!PCALL(h5l_table_open(f, NULL, &t, &e), &e)) { h5l_close(f); return; }
    PCHECK(h5l_table_ncolumns(t) == NPRIM + 6, "%s: %lu columns", path, (unsigned long)h5l_table_ncolumns(t));
    PCHECK(h5l_table_rows(t) == T_ROWS, "%s: rows %llu", path, (unsigned long long)h5l_table_rows(t));
    for (k = 0; k < h5l_table_ncolumns(t) && k < NPRIM + 6; k++) {
        const h5l_column *c = h5l_table_column(t, k);
        const char *want = k < NPRIM ? prim_names[k] : extra[k - NPRIM];
        PCHECK(c && strcmp(c->name, want) == 0, "%s: column %lu is %s, want %s", path, (unsigned long)k, c ? c->name : "NULL", want);
    }
    PCHECK(h5l_table_column(t, NPRIM + 6) == NULL, "column out of range");
    PCHECK(h5l_table_find(t, "nope") == NULL, "find nope");
    for (k = 0; k < NPRIM; k++) {
        const h5l_column *c = h5l_table_find(t, prim_names[k]);
        const port_type *pt = &port_types[k];
        uint64_t salt = 100u + k, i, nulls = 0;
        if (!c) { PCHECK(c != NULL, "column %s missing", prim_names[k]); continue; }
        PCHECK(c->kind == H5L_COL_PRIMITIVE && c->rows == T_ROWS, "%s: kind/rows", c->name);
        PCHECK((c->mask != NULL) == (k % 3 == 1) && (c->null_bitmap != NULL) == (k % 3 == 2), "%s: validity", c->name);
        for (i = 0; i < T_ROWS; i++) {
            int null = k % 3 != 0 && !port_valid(i, salt);
            nulls += (uint64_t)null;
            PCHECK(h5l_column_is_null(c, i) == null, "%s[%llu]: is_null", c->name, (unsigned long long)i);
        }
        PCHECK(h5l_column_is_null(c, T_ROWS) == 0, "%s: is_null out of range", c->name);
        PCHECK(c->null_count == nulls, "%s: null_count %llu != %llu", c->name, (unsigned long long)c->null_count, (unsigned long long)nulls);
        if (c->data && c->data->data) {
            unsigned char want[8 * T_ROWS];
            port_fill(want, pt, 0, T_ROWS, 100u + k + 16u * (unsigned)be, be && pt->code != H5L_T_BOOL);
            PCHECK(memcmp(c->data->data, want, T_ROWS * pt->size) == 0, "%s: stored bytes", c->name);
        }
        check_col_data(f, c->name, pt, T_ROWS, 100u + k + 16u * (unsigned)be, be && pt->code != H5L_T_BOOL);
    }
    check_strings(h5l_table_find(t, "s"), 200, 1);
    check_strings(h5l_table_find(t, "s_plain"), 201, 0);
    {
        const h5l_column *c = h5l_table_find(t, "s");
        uint64_t i, nulls = 0;
        for (i = 0; i < T_ROWS; i++) nulls += (uint64_t)!port_valid(i, 200);
        PCHECK(c && c->null_count == nulls && c->null_bitmap, "s: nulls");
        PCHECK(c && c->description && strcmp(c->description, "strings with nulls") == 0, "s: description");
    }
    {
        const h5l_column *c = h5l_table_find(t, "d_str");
        uint64_t i;
        h5l_error e2;
        if (c) {
            PCHECK(c->kind == H5L_COL_DICT && c->dictionary && c->dictionary->kind == H5L_COL_STRING &&
                       c->dictionary->rows == 4, "d_str: dictionary");
            for (i = 0; i < T_ROWS; i++) {
                const char *s;
                size_t len;
                const char *w = dict_words[port_mix(i, 210) % 4u];
                if (PCALL(h5l_column_string(c, i, &s, &len, &e2), &e2))
                    PCHECK(len == strlen(w) && memcmp(s, w, len) == 0, "d_str[%llu]", (unsigned long long)i);
            }
        } else PCHECK(c != NULL, "d_str missing");
        c = h5l_table_find(t, "d_num");
        if (c) {
            unsigned char codes[T_ROWS];
            double dv[3], want;
            PCHECK(c->kind == H5L_COL_DICT && c->dictionary && c->dictionary->kind == H5L_COL_PRIMITIVE, "d_num: dictionary");
            if (c->data && c->data->data && c->dictionary && c->dictionary->data && c->dictionary->data->data) {
                memcpy(codes, c->data->data, T_ROWS);
                memcpy(dv, c->dictionary->data->data, 24);
                h5l_to_native(c->dictionary->data->type, dv, 3);
                for (i = 0; i < T_ROWS; i++) {
                    PCHECK(codes[i] == port_mix(i, 211) % 3u, "d_num code[%llu]", (unsigned long long)i);
                    want = codes[i] == 0 ? 0.5 : codes[i] == 1 ? -2.0 : 1e300;
                    PCHECK(codes[i] < 3 && dv[codes[i] % 3] == want, "d_num[%llu]", (unsigned long long)i);
                }
            }
        } else PCHECK(c != NULL, "d_num missing");
        c = h5l_table_find(t, "vec");
        PCHECK(c && c->kind == H5L_COL_PRIMITIVE && c->data && c->data->space.rank == 2 && c->data->space.dims[1] == 3, "vec shape");
        check_col_data(f, "vec", port_type_by_code(H5L_T_F32), 3 * T_ROWS, 300, be);
        c = h5l_table_find(t, "when");
        PCHECK(c && c->dtype_attr && strcmp(c->dtype_attr, "datetime64[ns]") == 0, "when: dtype attr");
        PCHECK(c && c->unit && strcmp(c->unit, "ns") == 0, "when: unit");
        PCHECK(c && c->ucd && strcmp(c->ucd, "time.epoch") == 0, "when: ucd");
        PCHECK(c && c->alias && strcmp(c->alias, "t") == 0, "when: alias");
        PCHECK(c && c->description && strcmp(c->description, "timestamps") == 0, "when: description");
        check_col_data(f, "when", port_type_by_code(H5L_T_I64), T_ROWS, 301, be);
    }
    h5l_table_close(t);
    {
        h5l_obj *cols = NULL;
        char order[512];
        if (PCALL(h5l_obj_open(f, "/table/columns", &cols, &e), &e)) {
            if (PCALL(h5l_attr_read_string(cols, "column_order", order, sizeof order, &e), &e))
                PCHECK(strncmp(order, "c_i8,c_i16,", 11) == 0 && strstr(order, ",vec,when") != NULL, "column_order %s", order);
            h5l_obj_close(cols);
        }
    }
    h5l_close(f);
}

int main(int argc, char **argv)
{
    const char *mode = "run", *dir = ".";
    size_t k;
    int do_write, do_verify;
    char p2[1100];
    if (argc == 2) dir = argv[1];
    else if (argc == 3) { mode = argv[1]; dir = argv[2]; }
    else { fprintf(stderr, "usage: %s [run|write|verify] DIR\n", argv[0]); return 2; }
    do_write = strcmp(mode, "run") == 0 || strcmp(mode, "write") == 0;
    do_verify = strcmp(mode, "run") == 0 || strcmp(mode, "verify") == 0;
    if (!do_write && !do_verify) { fprintf(stderr, "bad mode %s\n", mode); return 2; }
    for (k = 0; k < NPRIM; k++) sprintf(prim_names[k], "c_%s", port_types[k].name);

    if (do_write) {
        write_types(dir);
        write_table(path_in(dir, "port_table_le.h5"), 0);
        write_table(path_in(dir, "port_table_be.h5"), 1);
    }
    if (do_verify) {
        verify_types(dir, 0);
        verify_types(dir, H5L_OPEN_NO_MMAP);
        snprintf(p2, sizeof p2, "%s/port_table_le.h5", dir);
        verify_table(p2, 0, 0);
        snprintf(p2, sizeof p2, "%s/port_table_be.h5", dir);
        verify_table(p2, 1, 0);
        verify_table(p2, 1, H5L_OPEN_NO_MMAP);
    }
    if (port_failures) {
        fprintf(stderr, "test_port_roundtrip %s %s: %d check(s) FAILED\n", mode, dir, port_failures);
        return 1;
    }
    {
        uint16_t one = 1;
        unsigned char c0;
        memcpy(&c0, &one, 1);
        printf("test_port_roundtrip %s %s: ok (%u-bit, %s-endian)\n", mode, dir, (unsigned)(sizeof(void *) * 8),
               c0 ? "little" : "big");
    }
    return 0;
}
