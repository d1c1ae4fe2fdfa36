#define _POSIX_C_SOURCE 200809L
/* fuzz_cidx — libFuzzer target for the chunk-index section (3b) of
 * hdf5lite.c: open the input from memory, then for every chunked dataset
 * reachable from the root: iterate all chunks (h5l__chunks_iterate), look
 * each up again (h5l__cx_find must agree), look up absent coordinates.
 * Aborts if a reported chunk lies outside the input (the section's
 * contract); ASan/UBSan, libFuzzer's -timeout and -rss_limit_mb catch the
 * rest (crashes, UB, hangs, allocation).
 *
 * A custom mutator keeps the index checksums valid in half of the same-size
 * mutations: it learns the regions the section verifies on the unmutated
 * input (H5L__CK_TRACE: FAHD, FADB and pages, EAHD, EAIB, EASB, EADB and
 * pages) and finds those of v2 B-trees and object headers by signature,
 * then recomputes them after LLVMFuzzerMutate.
 *
 * Build: clang -std=c99 -O1 -g -fsanitize=fuzzer,address,undefined fuzz_cidx.c -o fuzz_cidx
 * Run:   ./fuzz_cidx -max_len=65536 -timeout=10 -rss_limit_mb=2048 CORPUS seeds
 */
#include <stddef.h>
#include <stdint.h>

typedef struct freg { size_t off, len; } freg;
static freg fz_reg[4096];
static size_t fz_nreg;
static const unsigned char *fz_base;
static size_t fz_size;
static int fz_trace;
static void fz_trace_region(const unsigned char *p, unsigned long long len)
{
    if (!fz_trace || fz_nreg >= sizeof fz_reg / sizeof fz_reg[0]) return;
    if (p < fz_base || len < 4 || len > fz_size || p + len > fz_base + fz_size) return;
    fz_reg[fz_nreg].off = (size_t)(p - fz_base);
    fz_reg[fz_nreg].len = (size_t)len;
    fz_nreg++;
}
#define H5L__CK_TRACE(p, len) fz_trace_region((p), (len))
#include "../hdf5lite.c"
#include "cidx_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static void fz_walk(const uint8_t *data, size_t size)
{
    h5l_file *f = NULL;
    h5l_error err;
    if (h5l_open_memory(data, size, NULL, &f, &err) == H5L_OK) {
        h5l_obj *o;
        unsigned long long nds = 0;
        if (h5l_obj_open(f, "/", &o, &err) == H5L_OK) {
            all_visit(f, o, 0, &nds);
            h5l_obj_close(o);
        }
        h5l_close(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_walk(data, size);
    return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    size_t nsize, i, len;
    if (seed & 1) return LLVMFuzzerMutate(data, size, max_size);
    fz_base = data;
    fz_size = size;
    fz_nreg = 0;
    fz_trace = 1;
    fz_walk(data, size);
    fz_trace = 0;
    for (i = 0; i + 8 <= size && fz_nreg < sizeof fz_reg / sizeof fz_reg[0]; i++)
        if (!memcmp(data + i, "BTHD", 4) || !memcmp(data + i, "BTIN", 4) || !memcmp(data + i, "BTLF", 4) ||
            !memcmp(data + i, "OHDR", 4))
            for (len = 10; len <= 2048 && i + len + 4 <= size; len++)
                if (h5l__lookup3(data + i, len, 0) == h5l__ld32(data + i + len)) {
                    fz_reg[fz_nreg].off = i;
                    fz_reg[fz_nreg].len = len + 4;
                    fz_nreg++;
                    break;
                }
    nsize = LLVMFuzzerMutate(data, size, max_size);
    if (nsize == size)
        for (i = 0; i < fz_nreg; i++)
            h5l__st32(data + fz_reg[i].off + fz_reg[i].len - 4, h5l__lookup3(data + fz_reg[i].off, fz_reg[i].len - 4, 0));
    return nsize;
}
