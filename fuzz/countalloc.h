/*
 * countalloc.h — an h5l_allocator that counts, measures and fails on demand.
 * Header-only, no global state (everything lives in a countalloc struct).
 *
 *   countalloc ca; countalloc_init(&ca);
 *   ca.fail_at = 5;          the 5th allocation (1-based) returns NULL
 *   ca.fail_persist = 1;     ... and every one after it
 *   h5l_allocator a = countalloc_allocator(&ca);
 *
 * Tracks live blocks and bytes (so a leak is `ca.live_blocks != 0` once the
 * library has released everything) and the peak of live bytes.
 */
#ifndef HDF5LITE_FUZZ_COUNTALLOC_H
#define HDF5LITE_FUZZ_COUNTALLOC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

#if defined(__GNUC__)
#  define COUNTALLOC_FN static __attribute__((unused))
#else
#  define COUNTALLOC_FN static
#endif

typedef struct countalloc {
    uint64_t calls;          /* malloc + realloc calls so far (frees not counted) */
    uint64_t fail_at;        /* 0: never fail; else the fail_at-th call fails */
    int fail_persist;        /* fail every call from fail_at on */
    uint64_t failures;       /* calls that returned NULL */
    uint64_t live_blocks;
    uint64_t live_bytes, peak_bytes;
    uint64_t max_request;    /* largest single request */
    uint64_t limit_bytes;    /* 0: none; else refuse to exceed this many live bytes (NULL) */
    int bad_free;            /* free/realloc of a block this allocator does not own (by magic) */
} countalloc;

#define COUNTALLOC_HDR 16u
#define COUNTALLOC_MAGIC 0x5a17c0de5a17c0deull

COUNTALLOC_FN void countalloc_init(countalloc *ca) { memset(ca, 0, sizeof *ca); }

static int countalloc__should_fail(countalloc *ca, size_t n)
{
    ca->calls++;
    if ((uint64_t)n > ca->max_request) ca->max_request = n;
    if (ca->fail_at && (ca->calls == ca->fail_at || (ca->fail_persist && ca->calls > ca->fail_at))) return 1;
    if (ca->limit_bytes && ca->live_bytes + n > ca->limit_bytes) return 1;
    if (n > SIZE_MAX - COUNTALLOC_HDR - 64) return 1;
    return 0;
}

static void *countalloc__malloc(void *ctx, size_t n)
{
    countalloc *ca = (countalloc *)ctx;
    unsigned char *p;
    uint64_t hdr[2];
    if (countalloc__should_fail(ca, n)) {
        ca->failures++;
        return NULL;
    }
    p = (unsigned char *)malloc(COUNTALLOC_HDR + (n ? n : 1));
    if (!p) {
        ca->failures++;
        return NULL;
    }
    hdr[0] = COUNTALLOC_MAGIC;
    hdr[1] = (uint64_t)n;
    memcpy(p, hdr, sizeof hdr);
    ca->live_blocks++;
    ca->live_bytes += n;
    if (ca->live_bytes > ca->peak_bytes) ca->peak_bytes = ca->live_bytes;
    return p + COUNTALLOC_HDR;
}

static void countalloc__free(void *ctx, void *ptr)
{
    countalloc *ca = (countalloc *)ctx;
    unsigned char *p;
    uint64_t hdr[2];
    if (!ptr) return;
    p = (unsigned char *)ptr - COUNTALLOC_HDR;
    memcpy(hdr, p, sizeof hdr);
    if (hdr[0] != COUNTALLOC_MAGIC) {
        ca->bad_free = 1;
        return;
    }
    hdr[0] = 0;
    memcpy(p, hdr, sizeof hdr);
    ca->live_blocks--;
    ca->live_bytes -= hdr[1];
    free(p);
}

static void *countalloc__realloc(void *ctx, void *ptr, size_t n)
{
    countalloc *ca = (countalloc *)ctx;
    unsigned char *p, *np;
    uint64_t hdr[2];
    if (!ptr) return countalloc__malloc(ctx, n);
    p = (unsigned char *)ptr - COUNTALLOC_HDR;
    memcpy(hdr, p, sizeof hdr);
    if (hdr[0] != COUNTALLOC_MAGIC) {
        ca->bad_free = 1;
        return NULL;
    }
    if (countalloc__should_fail(ca, n > hdr[1] ? n - (size_t)hdr[1] : 0) ) {
        ca->failures++;
        return NULL;
    }
    np = (unsigned char *)realloc(p, COUNTALLOC_HDR + (n ? n : 1));
    if (!np) {
        ca->failures++;
        return NULL;
    }
    ca->live_bytes = ca->live_bytes - hdr[1] + n;
    if (ca->live_bytes > ca->peak_bytes) ca->peak_bytes = ca->live_bytes;
    hdr[1] = (uint64_t)n;
    memcpy(np, hdr, sizeof hdr);
    if ((uint64_t)n > ca->max_request) ca->max_request = n;
    return np + COUNTALLOC_HDR;
}

COUNTALLOC_FN h5l_allocator countalloc_allocator(countalloc *ca)
{
    h5l_allocator a;
    a.malloc_fn = countalloc__malloc;
    a.realloc_fn = countalloc__realloc;
    a.free_fn = countalloc__free;
    a.ctx = ca;
    return a;
}

#endif
