/* libFuzzer: scale-offset decoder differential against libhdf5 1.10.
 *
 * Input:
 *   0  mode: bit 0 = 0: the rest is the stored chunk, raw (hostile);
 *            bit 0 = 1: the rest is data, encoded by libhdf5 (H5Dwrite), the
 *            stored chunk read back (H5Dread_chunk), then mutated by the
 *            bytes after the data (flips in the minimum and the packed bits,
 *            minbits lowered)
 *   1  type: (b % 12): 0-7 integers (size 1, 2, 4, 8 x unsigned, signed),
 *            8-11 floats (4, 8, 4, 8); bit 4: big-endian
 *   2  scale factor: integers -1 .. 8*size (negative given through
 *      H5Pset_filter); floats D = (int8)b % 12
 *   3  fill: %3: 0 default (defined, 0), 1 undefined, 2 a value from the data
 *   4  elements: 1 + b % 64
 *
 * The cd_values are libhdf5's (set_local). Our decoder runs first; libhdf5
 * decodes the same chunk only when ours accepted it and produced exactly the
 * chunk's size: libhdf5 1.10 does not bound its reads (a hostile minbits or
 * a short chunk makes it read past the buffer), so a chunk we refuse is not
 * given to it. Where both decode, the bytes must be equal. A chunk written
 * by libhdf5 itself must be accepted by us. */
#include "../hdf5lite.c"
#include "h5ref.h"

static void mismatch(const char *what, const uint8_t *chunk, size_t n, const uint32_t *cd, const uint8_t *a,
                     const uint8_t *b, size_t m)
{
    size_t i;
    fprintf(stderr, "scale-offset: %s\ncd:", what);
    for (i = 0; i < 20; i++) fprintf(stderr, " %u", cd[i]);
    fprintf(stderr, "\n");
    ref_dump("chunk", chunk, n);
    if (a) ref_dump("ours", a, m);
    if (b) ref_dump("libhdf5", b, m);
    abort();
}

/* Decode with both; 1 if ours refused (libhdf5 not asked). */
static int compare(ref_ds *r, const uint8_t *chunk, size_t n, const uint32_t *cd, int must_accept)
{
    uint8_t *ours = (uint8_t *)malloc(r->nbytes + 64), *theirs = (uint8_t *)malloc(r->nbytes + 1);
    size_t on = 0;
    const char *why = NULL;
    int rc = h5l__scaleoffset_decode(chunk, n, ours, r->nbytes + 64, cd, 20, &on, &why);
    if (rc != 0 || on != r->nbytes) {
        if (must_accept) mismatch(rc ? why : "wrong length from a chunk libhdf5 wrote", chunk, n, cd, NULL, NULL, 0);
        free(ours);
        free(theirs);
        ref_stat[1]++;
        return 1;
    }
    ref_stat[2]++;
    if (ref_decode(r, chunk, n, theirs) != 0) mismatch("libhdf5 refuses a chunk we decode", chunk, n, cd, ours, NULL, on);
    if (memcmp(ours, theirs, on) != 0) mismatch("bytes differ", chunk, n, cd, ours, theirs, on);
    free(ours);
    free(theirs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hid_t base, type, dcpl;
    unsigned mode, tsel, be, fillsel, nelmts, esize, is_float;
    int factor;
    uint32_t cd[256];
    size_t ncd, i;
    ref_ds r;
    const uint8_t *rest;
    size_t nrest;
    ref_stats_init();
    if (size < 5) return 0;
    mode = data[0] & 1;
    tsel = data[1] % 12;
    be = (data[1] >> 4) & 1;
    fillsel = data[3] % 3;
    nelmts = 1 + data[4] % 64;
    rest = data + 5;
    nrest = size - 5;
    is_float = tsel >= 8;
    if (!is_float) {
        static const unsigned sz[4] = {1, 2, 4, 8};
        esize = sz[tsel % 4];
        if (tsel < 4) base = be ? (esize == 1 ? H5T_STD_U8BE : esize == 2 ? H5T_STD_U16BE : esize == 4 ? H5T_STD_U32BE : H5T_STD_U64BE)
                                : (esize == 1 ? H5T_STD_U8LE : esize == 2 ? H5T_STD_U16LE : esize == 4 ? H5T_STD_U32LE : H5T_STD_U64LE);
        else base = be ? (esize == 1 ? H5T_STD_I8BE : esize == 2 ? H5T_STD_I16BE : esize == 4 ? H5T_STD_I32BE : H5T_STD_I64BE)
                       : (esize == 1 ? H5T_STD_I8LE : esize == 2 ? H5T_STD_I16LE : esize == 4 ? H5T_STD_I32LE : H5T_STD_I64LE);
        factor = (int)(data[2] % (esize * 8 + 2)) - 1;
    } else {
        esize = tsel % 2 ? 8 : 4;
        base = esize == 4 ? (be ? H5T_IEEE_F32BE : H5T_IEEE_F32LE) : (be ? H5T_IEEE_F64BE : H5T_IEEE_F64LE);
        factor = (int)(int8_t)data[2] % 12;
    }
    type = H5Tcopy(base);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (factor < 0) {
        unsigned v[2];
        v[0] = is_float ? 0u : 2u;
        v[1] = (unsigned)factor;
        H5Pset_filter(dcpl, H5Z_FILTER_SCALEOFFSET, H5Z_FLAG_OPTIONAL, 2, v);
    } else {
        H5Pset_scaleoffset(dcpl, is_float ? H5Z_SO_FLOAT_DSCALE : H5Z_SO_INT, factor);
    }
    if (fillsel == 1) {
        H5Pset_fill_value(dcpl, type, NULL);
    } else if (fillsel == 2) {
        uint8_t fv[8] = {0};
        if (is_float) {
            double d = nrest >= 2 ? (double)(int16_t)(rest[0] | (rest[1] << 8)) / 4.0 : 1.5;
            H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &d);
        } else {
            memcpy(fv, rest, nrest < esize ? nrest : esize);
            H5Pset_fill_value(dcpl, type, fv);
        }
    }
    if (ref_create(&r, type, dcpl, nelmts) != 0 || ref_cd(&r, H5Z_FILTER_SCALEOFFSET, cd, &ncd) != 0 || ncd != 20) {
        /* e.g. a scale factor libhdf5 refuses at creation */
        ref_close(&r);
        H5Pclose(dcpl);
        H5Tclose(type);
        return 0;
    }
    ref_stat[0]++;

    if (mode == 0) {
        compare(&r, rest, nrest, cd, 0);
    } else {
        /* data from the input: integers as raw bytes in the file's order,
         * floats as bounded finite values (libhdf5's encoder misbehaves on
         * NaN / inf / values whose scaled span passes 2^63) */
        size_t need = (size_t)nelmts * esize, n = 0, k;
        uint8_t *chunk;
        uint32_t mask = 0;
        int ok;
        if (is_float) {
            double *v = (double *)malloc(nelmts * sizeof *v);
            unsigned shift = (data[0] >> 1) & 15;
            for (i = 0; i < nelmts; i++) {
                int32_t x = 0;
                for (k = 0; k < 3; k++) x |= (int32_t)(i * 3 + k < nrest ? rest[i * 3 + k] : 0) << (8 * k);
                if (x & 0x800000) x -= 0x1000000;
                v[i] = (double)x / (double)(1u << shift);
            }
            ok = H5Dwrite(r.dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0;
            free(v);
            need = (size_t)nelmts * 3;
        } else {
            uint8_t *v = (uint8_t *)calloc(need, 1);
            memcpy(v, rest, nrest < need ? nrest : need);
            ok = H5Dwrite(r.dset, r.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0;
            free(v);
        }
        chunk = ok ? ref_read_chunk(&r, &n, &mask) : NULL;
        if (chunk && mask == 0) {
            ref_stat[3]++;
            compare(&r, chunk, n, cd, 1);
            /* mutations: (position, xor) pairs from the bytes after the data,
             * kept to the minimum and the packed bits (a larger minbits would
             * make libhdf5 read past the chunk); minbits may go down */
            if (nrest > need && n > 21) {
                const uint8_t *m = rest + need;
                size_t nm = nrest - need;
                if (nm & 1) {
                    uint32_t mb = h5l__ld32(chunk);
                    h5l__st32(chunk, mb * m[0] / 256);
                }
                for (k = 0; k + 1 < nm; k += 2) chunk[5 + m[k] % (n - 5)] ^= m[k + 1];
                ref_stat[4] += compare(&r, chunk, n, cd, 0) == 0;
            }
        }
        free(chunk);
    }
    ref_close(&r);
    H5Pclose(dcpl);
    H5Tclose(type);
    return 0;
}
