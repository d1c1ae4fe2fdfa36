/*
 * fuzz_read — libFuzzer/AFL++ target: open the input from memory and walk
 * everything (fuzz/walk.h): objects, links, datasets and their values, vlen
 * and string elements, attributes, tables, rows.
 *
 * Aborts (a finding) on: a breach of the API contract reported by the walk,
 * a leak (live allocations after h5l_close), a free of a foreign block, or
 * reader allocations beyond FUZZ_READ_MEM_FACTOR * input size + 1 MiB
 * (the header's "small multiple of the file's size").
 * With libFuzzer, a custom mutator (off with -DFUZZ_READ_NO_CSUM) keeps the
 * lookup3 checksums of v2 structures (up to 640 bytes) valid in 1 of 4
 * same-size mutations
 * (fuzz/csum.h), so that mutations reach the parsers behind the checksums.
 * Build: see fuzz/fuzz.mk (make fuzz, make fuzz-replay, make fuzz-afl).
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "hdf5lite.h"
#include "walk.h"
#include "countalloc.h"
#include "csum.h"

#ifndef FUZZ_READ_MEM_FACTOR
#define FUZZ_READ_MEM_FACTOR 16u
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Only in the libFuzzer build (fuzz/fuzz.mk defines FUZZ_LIBFUZZER); -DFUZZ_READ_NO_CSUM turns it off. */
#if defined(FUZZ_LIBFUZZER) && !defined(FUZZ_READ_NO_CSUM)
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    csum_region r[64];
    size_t n = (seed & 3) == 0 ? csum_find(data, size, r, 64, 12, 640) : 0, nsize;
    nsize = LLVMFuzzerMutate(data, size, max_size);
    if (n && nsize == size) csum_fix(data, nsize, r, n);
    return nsize;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    countalloc ca;
    h5l_allocator a;
    h5l_open_options opt;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    walk_stats ws;
    uint64_t bound;

    countalloc_init(&ca);
    a = countalloc_allocator(&ca);
    opt.alloc = &a;
    opt.flags = 0;
    bound = (uint64_t)FUZZ_READ_MEM_FACTOR * size + ((uint64_t)1 << 20);

    st = h5l_open_memory(data, size, &opt, &f, &e);
    if (st != H5L_OK) {
        if (f) { fprintf(stderr, "fuzz_read: open failed (%s) but set *out\n", h5l_status_name(st)); abort(); }
        if ((unsigned)st > (unsigned)H5L_ETYPE || e.code != st || e.msg[0] == 0) {
            fprintf(stderr, "fuzz_read: open returned %d, err.code %d, msg '%.80s'\n", (int)st, (int)e.code, e.msg);
            abort();
        }
    } else {
        int wr = walk_file(f, NULL, &ws);
        if (wr == 0 && ws.violations) {
            fprintf(stderr, "fuzz_read: %llu contract violation(s); first: %s\n",
                    (unsigned long long)ws.violations, ws.violation);
            abort();
        }
        h5l_close(f);
        /* the same walk through the metadata cache (H5L_OPEN_META_CACHE,
         * small blocks in this build): the same calls, results and errors */
        opt.flags = H5L_OPEN_META_CACHE;
        if (wr == 0 && h5l_open_memory(data, size, &opt, &f, &e) == H5L_OK) {
            walk_stats wc;
            if (walk_file(f, NULL, &wc) == 0 && !ws.truncated && !wc.truncated &&
                (wc.digest != ws.digest || wc.calls != ws.calls || wc.errors != ws.errors || wc.objects != ws.objects ||
                 strcmp(wc.first_error, ws.first_error) != 0)) {
                fprintf(stderr, "fuzz_read: the walk differs with the metadata cache: digest %llx/%llx calls %llu/%llu errors %llu/%llu\n"
                        "  first error '%s'\n  with cache  '%s'\n", (unsigned long long)ws.digest, (unsigned long long)wc.digest,
                        (unsigned long long)ws.calls, (unsigned long long)wc.calls, (unsigned long long)ws.errors,
                        (unsigned long long)wc.errors, ws.first_error, wc.first_error);
                abort();
            }
            h5l_close(f);
        }
    }
    if (ca.live_blocks != 0 || ca.live_bytes != 0) {
        fprintf(stderr, "fuzz_read: leak: %llu blocks, %llu bytes live after h5l_close\n",
                (unsigned long long)ca.live_blocks, (unsigned long long)ca.live_bytes);
        abort();
    }
    if (ca.bad_free) {
        fprintf(stderr, "fuzz_read: the library freed a block it did not allocate\n");
        abort();
    }
    if (ca.peak_bytes > bound) {
        fprintf(stderr, "fuzz_read: peak allocation %llu bytes for a %zu-byte input (bound %llu)\n",
                (unsigned long long)ca.peak_bytes, size, (unsigned long long)bound);
        abort();
    }
    return 0;
}
