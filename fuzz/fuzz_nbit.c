/* libFuzzer: n-bit decoder differential against libhdf5 1.10.
 *
 * Input: a datatype description, then the chunk (or data):
 *   0  mode: bit 0 = 0: the rest is the stored chunk, raw (hostile);
 *            bit 0 = 1: the rest is data (raw bytes of the file type),
 *            encoded by libhdf5 (H5Dwrite), read back (H5Dread_chunk), then
 *            mutated by the bytes after the data (bit flips)
 *   1  elements: 1 + b % 32
 *   2  top type: %6: 0 atomic, 1 compound, 2 array of atomic, 3 array of
 *      compound, 4 string (n-bit does nothing), 5 compound whose last member
 *      is an array of compounds (libhdf5's walk quirk, harmless there)
 *   then per type: atomic = 3 bytes (size 1..8 and byte order; precision;
 *   offset), compound = 1 byte (1..4 members) + members (kind byte: atomic,
 *   string, array of atomic, nested compound up to depth 2, full-precision
 *   IEEE float), array = 1 byte (1..3 items) + base.
 *
 * The cd_values are libhdf5's (set_local). libhdf5 decodes a chunk only when
 * ours accepted it with exactly the chunk's size (libhdf5 1.10 does not
 * bound its reads); where both decode, the bytes must be equal; a chunk
 * written by libhdf5 must be accepted by us. Member types that would make
 * libhdf5's own walk read garbage parameters (an array of compounds followed
 * by anything, at any depth) are not generated: libhdf5 itself may write
 * out of bounds on them. */
#include "../hdf5lite.c"
#include "h5ref.h"

typedef struct tin {
    const uint8_t *p;
    size_t n;
} tin;

static unsigned take(tin *t)
{
    if (!t->n) return 0;
    t->n--;
    return *t->p++;
}

static hid_t mk_atomic(tin *t)
{
    unsigned a = take(t), b = take(t), c = take(t);
    unsigned size = 1 + a % 8, bits, prec, off;
    hid_t ty = H5Tcopy((a >> 3) & 1 ? H5T_STD_U8BE : H5T_STD_U8LE);
    H5Tset_size(ty, size);
    bits = 8 * size;
    prec = 1 + b % bits;
    off = c % (bits - prec + 1);
    H5Tset_precision(ty, prec);
    H5Tset_offset(ty, off);
    return ty;
}

static hid_t mk_compound(tin *t, unsigned depth, int quirk_last);

static hid_t mk_array(tin *t, hid_t base)
{
    hsize_t dim = 1 + take(t) % 3;
    hid_t a = H5Tarray_create2(base, 1, &dim);
    H5Tclose(base);
    return a;
}

static hid_t mk_member(tin *t, unsigned depth)
{
    unsigned k = take(t) % 6;
    hid_t ty;
    switch (k) {
    case 1:
        ty = H5Tcopy(H5T_C_S1);
        H5Tset_size(ty, 1 + take(t) % 5);
        return ty;
    case 2:
        return mk_array(t, mk_atomic(t));
    case 3:
        if (depth < 2) return mk_compound(t, depth + 1, 0);
        return mk_atomic(t);
    case 4:
        return H5Tcopy(take(t) & 1 ? H5T_IEEE_F64BE : H5T_IEEE_F32LE);
    default:
        return mk_atomic(t);
    }
}

/* Members packed in order; with quirk_last, the last member is an array of
 * compounds (the only place where libhdf5's walk quirk is harmless). */
static hid_t mk_compound(tin *t, unsigned depth, int quirk_last)
{
    unsigned nm = 1 + take(t) % 4, i;
    hid_t mem[5];
    size_t size = 0, off = 0;
    hid_t c;
    for (i = 0; i < nm; i++) {
        mem[i] = mk_member(t, depth);
        size += H5Tget_size(mem[i]);
    }
    if (quirk_last) {
        mem[nm] = mk_array(t, mk_compound(t, depth + 1, 0));
        size += H5Tget_size(mem[nm]);
        nm++;
    }
    c = H5Tcreate(H5T_COMPOUND, size);
    for (i = 0; i < nm; i++) {
        char name[8];
        snprintf(name, sizeof name, "m%u", i);
        H5Tinsert(c, name, off, mem[i]);
        off += H5Tget_size(mem[i]);
        H5Tclose(mem[i]);
    }
    return c;
}

static void mismatch(const char *what, const uint8_t *chunk, size_t n, const uint32_t *cd, size_t ncd,
                     const uint8_t *a, const uint8_t *b, size_t m)
{
    size_t i;
    fprintf(stderr, "n-bit: %s\ncd (%zu):", what, ncd);
    for (i = 0; i < ncd; i++) fprintf(stderr, " %u", cd[i]);
    fprintf(stderr, "\n");
    ref_dump("chunk", chunk, n);
    if (a) ref_dump("ours", a, m);
    if (b) ref_dump("libhdf5", b, m);
    abort();
}

static int compare(ref_ds *r, const uint8_t *chunk, size_t n, const uint32_t *cd, size_t ncd, int must_accept)
{
    uint8_t *ours = (uint8_t *)malloc(r->nbytes + 64), *theirs = (uint8_t *)malloc(r->nbytes + 1);
    size_t on = 0;
    const char *why = NULL;
    int rc = h5l__nbit_decode(chunk, n, ours, r->nbytes + 64, cd, ncd, &on, &why);
    if (rc != 0 || on != r->nbytes) {
        if (must_accept) mismatch(rc ? why : "wrong length from a chunk libhdf5 wrote", chunk, n, cd, ncd, NULL, NULL, 0);
        free(ours);
        free(theirs);
        ref_stat[1]++;
        return 1;
    }
    ref_stat[2]++;
    if (ref_decode(r, chunk, n, theirs) != 0) mismatch("libhdf5 refuses a chunk we decode", chunk, n, cd, ncd, ours, NULL, on);
    if (memcmp(ours, theirs, on) != 0) mismatch("bytes differ", chunk, n, cd, ncd, ours, theirs, on);
    free(ours);
    free(theirs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned mode, nelmts, top;
    hid_t type, dcpl;
    uint32_t cd[256];
    size_t ncd;
    ref_ds r;
    tin t;
    ref_stats_init();
    if (size < 3) return 0;
    mode = data[0] & 1;
    nelmts = 1 + data[1] % 32;
    top = data[2] % 6;
    t.p = data + 3;
    t.n = size - 3;
    switch (top) {
    case 0: type = mk_atomic(&t); break;
    case 1: type = mk_compound(&t, 0, 0); break;
    case 2: type = mk_array(&t, mk_atomic(&t)); break;
    case 3: type = mk_array(&t, mk_compound(&t, 1, 0)); break;
    case 4:
        type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, 1 + take(&t) % 7);
        break;
    default: type = mk_compound(&t, 0, 1); break;
    }
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_nbit(dcpl);
    if (ref_create(&r, type, dcpl, nelmts) != 0 || ref_cd(&r, H5Z_FILTER_NBIT, cd, &ncd) != 0) {
        ref_close(&r);
        H5Pclose(dcpl);
        H5Tclose(type);
        return 0;
    }
    ref_stat[0]++;
    if (mode == 0) {
        compare(&r, t.p, t.n, cd, ncd, 0);
    } else {
        uint8_t *v = (uint8_t *)calloc(r.nbytes + 1, 1), *chunk;
        size_t n = 0, k;
        uint32_t mask = 0;
        memcpy(v, t.p, t.n < r.nbytes ? t.n : r.nbytes);
        chunk = H5Dwrite(r.dset, r.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0 ? ref_read_chunk(&r, &n, &mask) : NULL;
        if (chunk && mask == 0) {
            ref_stat[3]++;
            compare(&r, chunk, n, cd, ncd, 1);
            if (t.n > r.nbytes + 1 && n > 0) {
                const uint8_t *m = t.p + r.nbytes;
                size_t nm = t.n - r.nbytes;
                for (k = 0; k + 1 < nm; k += 2) chunk[m[k] % n] ^= m[k + 1];
                ref_stat[4] += compare(&r, chunk, n, cd, ncd, 0) == 0;
            }
        }
        free(chunk);
        free(v);
    }
    ref_close(&r);
    H5Pclose(dcpl);
    H5Tclose(type);
    return 0;
}
