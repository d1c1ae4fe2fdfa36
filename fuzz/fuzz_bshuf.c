/* libFuzzer target: bitshuffle (filter 32008).
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined fuzz_bshuf.c -o fuzz_bshuf -llz4 -lzstd
 * byte 0: bits 0-1 mode; byte 1: element size - 1 (1..32 by low 5 bits);
 * byte 2: block size choice; byte 3: level.
 *   mode 0/1: round trip.  The rest is data; a chunk is built here with a
 *     bit-by-bit reference transposition and liblz4 (mode 0) or libzstd
 *     (mode 1) in bitshuffle's layout; h5l__bshuf_decode must return the
 *     data exactly.  Also the uncompressed layout.
 *   mode 2/3: the rest is a hostile chunk given with cd[4] = 0/2/3; decode
 *     must not crash and, on success, produce at most cap bytes.  The
 *     bit-by-bit reference must also agree with h5l__bitunshuffle_block. */
#include "../hdf5lite.c"
#include <lz4.h>
#include <zstd.h>
#include <lz4hc.h>
#include <stdlib.h>

static void put32be(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static void ref_bitshuffle(const uint8_t *in, uint8_t *out, size_t nelem, size_t esize)
{
    size_t nr = nelem / 8, i, j, k;
    memset(out, 0, nelem * esize);
    for (i = 0; i < nelem; i++)
        for (j = 0; j < esize; j++)
            for (k = 0; k < 8; k++)
                if ((in[i * esize + j] >> k) & 1) out[(j * 8 + k) * nr + i / 8] |= (uint8_t)(1u << (i % 8));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t es, bs, got = 0, tcap;
    static const uint32_t bss[8] = {0, 8, 16, 64, 128, 1024, 4096, 0};
    uint8_t *tmp, *o;
    uint32_t cd[5];
    int mode;
    if (size < 4) return 0;
    mode = data[0] & 3;
    es = (size_t)(data[1] & 31) + 1;
    bs = bss[data[2] & 7];
    if ((data[2] & 7) == 7) bs = (size_t)(data[2] >> 3) * 8;
    data += 4; size -= 4;
    cd[0] = 0; cd[1] = 4; cd[2] = (uint32_t)es; cd[3] = (uint32_t)bs;
    if (mode < 2) {
        size_t ebs = bs ? bs : ((8192 / es) & ~(size_t)7) < 128 ? 128 : ((8192 / es) & ~(size_t)7);
        size_t nbytes = size - size % es, ne = nbytes / es, off = 0, pos = 12, bound;
        uint8_t *c, *t, *u;
        int comp = mode == 0 ? 2 : 3, lvl = data[-1];
        bound = 12 + (ne / ebs + 2) * (ZSTD_compressBound(ebs * es) + (size_t)LZ4_compressBound((int)(ebs * es)) + 8) + nbytes;
        c = malloc(bound); t = malloc(ebs * es); u = malloc(nbytes ? nbytes : 1);
        c[0] = c[1] = c[2] = c[3] = 0; put32be(c + 4, (uint32_t)nbytes); put32be(c + 8, (uint32_t)(ebs * es));
        while (ne - off >= 8) {
            size_t k = ne - off >= ebs ? ebs : (ne - off) & ~(size_t)7, cn;
            ref_bitshuffle(data + off * es, t, k, es);
            if (comp == 2)
                cn = (size_t)((lvl & 1) ? LZ4_compress_HC((const char *)t, (char *)c + pos + 4, (int)(k * es), LZ4_compressBound((int)(k * es)), lvl % 13)
                                        : LZ4_compress_default((const char *)t, (char *)c + pos + 4, (int)(k * es), LZ4_compressBound((int)(k * es))));
            else
                cn = ZSTD_compress(c + pos + 4, ZSTD_compressBound(k * es), t, k * es, lvl % 20 - 3);
            if (ZSTD_isError(cn) || cn == 0) abort();
            put32be(c + pos, (uint32_t)cn);
            pos += 4 + cn;
            /* uncompressed layout in u */
            memcpy(u + off * es, t, k * es);
            off += k;
        }
        memcpy(c + pos, data + off * es, nbytes - off * es);
        pos += nbytes - off * es;
        memcpy(u + off * es, data + off * es, nbytes - off * es);
        cd[4] = (uint32_t)comp;
        tcap = nbytes + 64 + 139264;
        tmp = malloc(tcap); o = malloc(nbytes ? nbytes : 1);
        if (h5l__bshuf_decode(c, pos, o, nbytes, cd, 5, tmp, tcap, &got, NULL) != 0 || got != nbytes || memcmp(o, data, nbytes)) abort();
        if (bs == 0 || bs % 8 == 0) { /* uncompressed layout with the same block size */
            cd[3] = (uint32_t)ebs; cd[4] = 0;
            if (h5l__bshuf_decode(u, nbytes, o, nbytes, cd, 5, tmp, tcap, &got, NULL) != 0 || got != nbytes || memcmp(o, data, nbytes)) abort();
        }
        free(c); free(t); free(u); free(tmp); free(o);
    } else {
        uint8_t *src = malloc(size ? size : 1), *ref;
        size_t cap = size * 2 + 64, n8;
        memcpy(src, data, size);
        tcap = cap + 64 + 139264;
        tmp = malloc(tcap); o = malloc(cap);
        for (cd[4] = 0; cd[4] <= 3; cd[4]++) {
            int rc = h5l__bshuf_decode(src, size, o, cap, cd, 5, tmp, tcap, &got, NULL);
            if (rc == 0 && got > cap) abort();
        }
        /* _block vs reference: untranspose src, re-transpose must give src */
        n8 = (size / es) & ~(size_t)7;
        ref = malloc(size ? size : 1);
        h5l__bitunshuffle_block(src, o, size, es);
        ref_bitshuffle(o, ref, n8, es);
        if (memcmp(ref, src, n8 * es) || memcmp(o + n8 * es, src + n8 * es, size - n8 * es)) abort();
        free(ref); free(src); free(tmp); free(o);
    }
    return 0;
}
