/*
 * hdf5lite.c — write and read the columnar subset of HDF5 without libhdf5.
 * The manual is hdf5lite.h. Plain C99, one translation unit; everything
 * internal is static and prefixed h5l__.
 *
 * The sections follow the bytes, from the file up to the table layer; each
 * names the section of hdf5lite.h whose functions it implements:
 *
 *   SECTION A   status codes, errors, allocator (h 1); portability, arena,
 *               byte loads, checked arithmetic, the bounded cursor, lookup3
 *   SECTION B   file access: B.1 reading (mmap / heap copy / caller
 *               buffer; h 3), B.2 writing (temporary file, pwrite,
 *               ftruncate, mmap, fsync, rename, the io_hook; h 5)
 *   SECTION C   on-disk structures, each with its decoder and encoder side
 *               by side: C.0 names and the output cursor, C.1 superblock,
 *               C.2 object headers (and shared messages), C.3 messages
 *               (dataspace, datatype, fill value, layout, filter pipeline,
 *               link; h 2), C.4 objects and groups (local heap, v1 B-tree,
 *               symbol node, compact and dense links, paths; h 3), C.5
 *               global heap, C.6 dense storage (v2 B-trees, fractal heaps)
 *   SECTION D   datasets and attributes: values, attribute messages (h 3)
 *   SECTION E   writing the general tree: declare, lay out, fill, finish (h 5)
 *   SECTION F   reading vaex tables (/table/columns) (h 4)
 *   SECTION G   writing vaex tables (h 6)
 *
 * Every section opens with a drawing of the on-disk layout it handles.
 */
#if defined(__MINGW32__) && !defined(__USE_MINGW_ANSI_STDIO)
#define __USE_MINGW_ANSI_STDIO 1   /* C99 printf formats (%zu, %llu) */
#endif
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include "hdf5lite.h"

/* ======================================================================
 * SECTION A — Status codes, errors, allocator (hdf5lite.h section 1);
 * portability, bytes and checks
 *
 * Everything that depends on the platform lives here:
 *   H5L_OS_POSIX  open/mmap/pwrite/ftruncate/fsync/rename (Linux, BSD, macOS)
 *   H5L_OS_WIN32  CreateFile/CreateFileMapping/MapViewOfFile/MoveFileEx
 *   H5L_OS_STDIO  only fopen/fread/fwrite/fseek/rename/remove (-DH5L_NO_POSIX)
 * The rest of the library sees bytes in memory and the os_* functions.
 * ====================================================================== */

/* hdf5lite.h is included by hdf5lite.c */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>

#if defined(H5L_NO_POSIX)
#  define H5L_OS_STDIO 1
#elif defined(_WIN32)
#  define H5L_OS_WIN32 1
#  ifndef WIN32_LEAN_AND_MEAN
#    define WIN32_LEAN_AND_MEAN
#  endif
#  include <windows.h>
#  include <io.h>
#else
#  define H5L_OS_POSIX 1
#  include <sys/types.h>
#  include <sys/stat.h>
#  include <fcntl.h>
#  include <unistd.h>
#  ifndef H5L_NO_MMAP
#    include <sys/mman.h>
#    include <sys/statvfs.h>
#  endif
#  if defined(__linux__)
#    include <sys/vfs.h>   /* fstatfs: is the file in memory (tmpfs)? */
#  endif
#  include <dirent.h>      /* the writer's stale temporaries */
#endif

#if defined(H5L_OS_STDIO) && !defined(H5L_NO_MMAP)
#  define H5L_NO_MMAP 1
#endif

#define H5L_UNDEF UINT64_MAX   /* the undefined address, after decoding */

/* A mutex (the writer's chunk bookkeeping, shared by the threads that write
 * rows); without threads (H5L_NO_THREADS, H5L_NO_POSIX) it does nothing. */
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_THREADS)
#  include <pthread.h>
typedef pthread_mutex_t h5l__mutex;
static int h5l__mutex_init(h5l__mutex *m) { return pthread_mutex_init(m, NULL) == 0 ? 0 : -1; }
static void h5l__mutex_lock(h5l__mutex *m) { (void)pthread_mutex_lock(m); }
static void h5l__mutex_unlock(h5l__mutex *m) { (void)pthread_mutex_unlock(m); }
static void h5l__mutex_free(h5l__mutex *m) { (void)pthread_mutex_destroy(m); }
#elif defined(H5L_OS_WIN32) && !defined(H5L_NO_THREADS)
typedef CRITICAL_SECTION h5l__mutex;
static int h5l__mutex_init(h5l__mutex *m) { InitializeCriticalSection(m); return 0; }
static void h5l__mutex_lock(h5l__mutex *m) { EnterCriticalSection(m); }
static void h5l__mutex_unlock(h5l__mutex *m) { LeaveCriticalSection(m); }
static void h5l__mutex_free(h5l__mutex *m) { DeleteCriticalSection(m); }
#else
typedef int h5l__mutex;
static int h5l__mutex_init(h5l__mutex *m) { *m = 0; return 0; }
static void h5l__mutex_lock(h5l__mutex *m) { (void)m; }
static void h5l__mutex_unlock(h5l__mutex *m) { (void)m; }
static void h5l__mutex_free(h5l__mutex *m) { (void)m; }
#endif

/* ---- errors ------------------------------------------------------------ */

static const char *const h5l__status_names[] = {
    "H5L_OK", "H5L_EINVAL", "H5L_ENOTHDF5", "H5L_ECORRUPT", "H5L_EUNSUPPORTED", "H5L_ENOTFOUND",
    "H5L_EEXISTS", "H5L_EIO", "H5L_ENOMEM", "H5L_ENOSPC", "H5L_EFBIG", "H5L_ETYPE", "H5L_ERANGE"};
static const char *const h5l__status_texts[] = {
    "success", "invalid argument", "not an HDF5 file", "file is corrupt",
    "unsupported HDF5 feature", "not found", "name already exists", "I/O error",
    "out of memory", "no space left on device", "file too large", "wrong type", "value out of range"};

const char *h5l_version(void) { return H5L_VERSION_STRING; }

const char *h5l_status_name(h5l_status s)
{
    unsigned i = (unsigned)s;
    return i < sizeof h5l__status_names / sizeof *h5l__status_names ? h5l__status_names[i] : "H5L_E?";
}

const char *h5l_status_text(h5l_status s)
{
    unsigned i = (unsigned)s;
    return i < sizeof h5l__status_texts / sizeof *h5l__status_texts ? h5l__status_texts[i] : "unknown error";
}

/* A hint to start loading the cache line at p (a no-op where unknown; never
 * faults, so it may point at pages of a mapping not yet read in). */
#if defined(__GNUC__) || defined(__clang__)
#  define H5L__PREFETCH(p) __builtin_prefetch(p)
#else
#  define H5L__PREFETCH(p) ((void)(p))
#endif

#if defined(__MINGW32__) && defined(__MINGW_PRINTF_FORMAT)
#  define H5L_PRINTF(a, b) __attribute__((format(__MINGW_PRINTF_FORMAT, a, b)))
#elif defined(__GNUC__)
#  define H5L_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define H5L_PRINTF(a, b)
#endif

/* Record an error and return its code: `return h5l__fail(err, H5L_EINVAL,
 * H5L_NO_OFFSET, "h5l_foo: %s is NULL", ...)`. err may be NULL. A structure
 * in the file at fault is reported with h5l__fail_at / h5l__fail_in below. */
static h5l_status h5l__failv(h5l_error *err, h5l_status code, int sys_errno, uint64_t off, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        err->sys_errno = sys_errno;
        err->offset = off;
        if (fmt) {
            vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        } else {
            snprintf(err->msg, sizeof err->msg, "%s", h5l_status_text(code));
        }
    }
    return code;
}

H5L_PRINTF(4, 5)
static h5l_status h5l__fail(h5l_error *err, h5l_status code, uint64_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    h5l__failv(err, code, 0, off, fmt, ap);
    va_end(ap);
    return code;
}

/* The one error-location helper: "<what> at <where>: <cause>", where is
 * the absolute file offset of the structure named (H5L_NO_OFFSET: just
 * "<what>: <cause>"); err->offset gets `off`, the offset of the bytes at
 * fault, which h5l__fail_at takes to be `where` too and h5l__fail_in lets
 * point inside the structure (a message in an object header, a block of a
 * heap). */
static h5l_status h5l__fail_inv(h5l_error *err, h5l_status code, uint64_t off, const char *what, uint64_t where, const char *fmt,
                                va_list ap)
{
    if (err) {
        int k = where == H5L_NO_OFFSET ? snprintf(err->msg, sizeof err->msg, "%s: ", what)
                                       : snprintf(err->msg, sizeof err->msg, "%s at %llu: ", what, (unsigned long long)where);
        size_t n = k < 0 ? 0 : (size_t)k < sizeof err->msg ? (size_t)k : sizeof err->msg - 1;
        err->code = code;
        err->sys_errno = 0;
        err->offset = off;
        vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
    }
    return code;
}

H5L_PRINTF(5, 6)
static h5l_status h5l__fail_at(h5l_error *err, h5l_status code, uint64_t off, const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    h5l__fail_inv(err, code, off, what, off, fmt, ap);
    va_end(ap);
    return code;
}

H5L_PRINTF(6, 7)
static h5l_status h5l__fail_in(h5l_error *err, h5l_status code, uint64_t off, const char *what, uint64_t where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    h5l__fail_inv(err, code, off, what, where, fmt, ap);
    va_end(ap);
    return code;
}

/* Map an errno to a status: ENOSPC/EDQUOT -> ENOSPC, EFBIG -> EFBIG, ENOMEM -> ENOMEM, else EIO. */
static h5l_status h5l__errno_status(int e)
{
    if (e == ENOSPC) return H5L_ENOSPC;
#ifdef EDQUOT
    if (e == EDQUOT) return H5L_ENOSPC;
#endif
#ifdef EFBIG
    if (e == EFBIG) return H5L_EFBIG;
#endif
#ifdef EOVERFLOW
    if (e == EOVERFLOW) return H5L_EFBIG;
#endif
    if (e == ENOMEM) return H5L_ENOMEM;
    return H5L_EIO;
}

/* An OS call failed with errno e: message "<fmt>: strerror(e)". */
H5L_PRINTF(3, 4)
static h5l_status h5l__fail_os(h5l_error *err, int e, const char *fmt, ...)
{
    h5l_status code = h5l__errno_status(e);
    if (err) {
        va_list ap;
        size_t n;
        va_start(ap, fmt);
        h5l__failv(err, code, e, H5L_NO_OFFSET, fmt, ap);
        va_end(ap);
        n = strlen(err->msg);
        if (n < sizeof err->msg - 3) snprintf(err->msg + n, sizeof err->msg - n, ": %s", strerror(e));
    }
    return code;
}

static void h5l__clear(h5l_error *err)
{
    if (err) {
        err->code = H5L_OK;
        err->sys_errno = 0;
        err->offset = H5L_NO_OFFSET;
        err->msg[0] = 0;
    }
}

/* ---- allocation ------------------------------------------------------------ */

static void *h5l__std_malloc(void *ctx, size_t n) { (void)ctx; return malloc(n ? n : 1); }
static void *h5l__std_realloc(void *ctx, void *p, size_t n) { (void)ctx; return realloc(p, n ? n : 1); }
static void h5l__std_free(void *ctx, void *p) { (void)ctx; free(p); }
static const h5l_allocator h5l__std_alloc = {h5l__std_malloc, h5l__std_realloc, h5l__std_free, NULL};

static const h5l_allocator *h5l__alloc_or_default(const h5l_allocator *a)
{
    return (a && a->malloc_fn && a->realloc_fn && a->free_fn) ? a : &h5l__std_alloc;
}

static void *h5l__malloc(const h5l_allocator *a, size_t n) { return a->malloc_fn(a->ctx, n); }
static void *h5l__calloc(const h5l_allocator *a, size_t n)
{
    void *p = a->malloc_fn(a->ctx, n);
    if (p) memset(p, 0, n);
    return p;
}
static void *h5l__realloc(const h5l_allocator *a, void *p, size_t n) { return a->realloc_fn(a->ctx, p, n); }
static void h5l__free(const h5l_allocator *a, void *p)
{
    if (p) a->free_fn(a->ctx, p);
}

/* Grow an array *pp of *cap elements of size esz to hold at least `need`.
 * Returns 0 on success, -1 on overflow or allocation failure (array kept). */
static int h5l__grow(const h5l_allocator *a, void **pp, size_t *cap, size_t need, size_t esz)
{
    size_t ncap;
    void *np;
    if (need <= *cap) return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return -1;
        ncap *= 2;
    }
    if (esz && ncap > SIZE_MAX / esz) return -1;
    np = h5l__realloc(a, *pp, ncap * esz);
    if (!np) return -1;
    *pp = np;
    *cap = ncap;
    return 0;
}

/* An arena: many small allocations freed at once (object descriptions,
 * type trees, names). Blocks come from the allocator. */
typedef struct h5l__arena_block {
    struct h5l__arena_block *next;
    size_t used, size;
    int borrowed;              /* the caller's memory (h5l__arena_init_buf): never freed */
    /* data follows, 16-aligned */
} h5l__arena_block;

typedef struct h5l__arena {
    const h5l_allocator *a;
    h5l__arena_block *head;
    size_t hint;               /* size of the next block when larger than the default (h5l__arena_expect) */
    int geometric;             /* each block twice the previous one (h5l__arena_geometric) */
} h5l__arena;

#define H5L__ARENA_HDR ((sizeof(h5l__arena_block) + 15u) & ~(size_t)15u)

static void h5l__arena_init(h5l__arena *ar, const h5l_allocator *a)
{
    ar->a = a;
    ar->head = NULL;
    ar->hint = 0;
    ar->geometric = 0;
}

/* Start with the caller's memory buf[0..size) (a stack buffer) as the first
 * block: what fits there costs no allocation. Reset and free leave it. */
static void h5l__arena_init_buf(h5l__arena *ar, const h5l_allocator *a, void *buf, size_t size)
{
    uintptr_t p = ((uintptr_t)buf + 15u) & ~(uintptr_t)15u;
    size_t skip = (size_t)(p - (uintptr_t)buf);
    h5l__arena_init(ar, a);
    if (size > skip + H5L__ARENA_HDR + 64u) {
        h5l__arena_block *b = (h5l__arena_block *)p;
        b->next = NULL;
        b->used = 0;
        b->size = size - skip - H5L__ARENA_HDR;
        b->borrowed = 1;
        ar->head = b;
    }
}

/* Blocks double in size (up to H5L__ARENA_GEOM_MAX): for an arena that
 * grows with its user's input (the writer's tree), O(log n) calls to the
 * allocator, at most half of the last block unused (and never touched, so
 * never resident), and blocks large enough that a C library keeps them for
 * the next writer instead of trimming and faulting them in again. */
#define H5L__ARENA_GEOM_MAX ((size_t)8 << 20)
static void h5l__arena_geometric(h5l__arena *ar)
{
    ar->geometric = 1;
}

/* About `bytes` more will be allocated: take them as one block when the
 * current one runs out, not as many 4 KiB ones (one call to the allocator,
 * and memory a C library keeps for the next time rather than trimming it
 * block by block). */
static void h5l__arena_expect(h5l__arena *ar, size_t bytes)
{
    ar->hint = bytes;
}

/* Zeroed memory of n bytes at an `align`-byte boundary (1 or 16); NULL on
 * failure. */
static void *h5l__arena_get(h5l__arena *ar, size_t n, size_t align)
{
    h5l__arena_block *b = ar->head;
    size_t off = b ? (b->used + (align - 1)) & ~(align - 1) : 0;
    void *p;
    if (!b || off > b->size || b->size - off < n) {
        /* the first block is 1.5 KiB, the next ones 4 KiB: most arenas (one per open
         * object) hold a single dataset description (~1.3 KiB) */
        size_t want = (b ? 4096 : 1536) - H5L__ARENA_HDR;
        size_t sz;
        if (ar->geometric && b && b->size < H5L__ARENA_GEOM_MAX / 2) want = 2 * (b->size + H5L__ARENA_HDR) - H5L__ARENA_HDR;
        else if (ar->geometric && b) want = H5L__ARENA_GEOM_MAX - H5L__ARENA_HDR;
        if (ar->hint > want) want = ar->hint;
        ar->hint = 0;
        sz = n > want ? n : want;
        if (sz > SIZE_MAX - H5L__ARENA_HDR) return NULL;
        b = (h5l__arena_block *)h5l__malloc(ar->a, H5L__ARENA_HDR + sz);
        if (!b && sz > n && sz > 4096 - H5L__ARENA_HDR) {   /* the expected block was too much: just this one */
            sz = n > 4096 - H5L__ARENA_HDR ? n : 4096 - H5L__ARENA_HDR;
            b = (h5l__arena_block *)h5l__malloc(ar->a, H5L__ARENA_HDR + sz);
        }
        if (!b) return NULL;
        b->size = sz;
        b->used = 0;
        b->borrowed = 0;
        b->next = ar->head;
        ar->head = b;
        off = 0;
    }
    p = (unsigned char *)b + H5L__ARENA_HDR + off;
    b->used = off + n;
    memset(p, 0, n);
    return p;
}

/* Zeroed memory of n bytes, 16-aligned; NULL on failure. */
static void *h5l__arena_alloc(h5l__arena *ar, size_t n)
{
    if (n > SIZE_MAX - 15u) return NULL;
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0) n = 16;
    return h5l__arena_get(ar, n, 16);
}

/* What empty dims/array_dims/chunk_dims point to (never NULL). */
static const uint64_t h5l__zero_dims[H5L_MAX_RANK + 1] = {0};

/* Copy of s[0..n) plus a NUL, in the arena (packed: no alignment). */
static char *h5l__arena_strndup(h5l__arena *ar, const char *s, size_t n)
{
    char *p;
    if (n == SIZE_MAX) return NULL;
    p = (char *)h5l__arena_get(ar, n + 1, 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Empty the arena but keep its first (oldest) block for reuse. */
static void h5l__arena_reset(h5l__arena *ar)
{
    h5l__arena_block *b = ar->head;
    while (b && b->next) {
        h5l__arena_block *n = b->next;
        if (!b->borrowed) h5l__free(ar->a, b);
        b = n;
    }
    ar->head = b;
    if (b) b->used = 0;
}

static void h5l__arena_free(h5l__arena *ar)
{
    h5l__arena_block *b = ar->head;
    while (b) {
        h5l__arena_block *n = b->next;
        if (!b->borrowed) h5l__free(ar->a, b);
        b = n;
    }
    ar->head = NULL;
}

/* ---- bytes: explicit little-endian loads/stores, no alignment assumed ---- */

static uint16_t h5l__ld16(const uint8_t *p) { return (uint16_t)((unsigned)p[0] | ((unsigned)p[1] << 8)); }
static uint32_t h5l__ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
/* Little-endian unsigned of n bytes, 0 <= n <= 8. */
static uint64_t h5l__ldn(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    /* the common widths as straight loads (compilers make them one load) */
    if (n == 8) return (uint64_t)h5l__ld32(p) | ((uint64_t)h5l__ld32(p + 4) << 32);
    if (n == 4) return h5l__ld32(p);
    while (n--) v = (v << 8) | p[n];
    return v;
}
/* 8 bytes at p as a little-endian number: one load where the compiler knows
 * the byte order (the codecs' bit readers and wide copies depend on it). */
static uint64_t h5l__ld64(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
#elif defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ && \
    (defined(__GNUC__) || defined(__clang__))
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
#else
    return (uint64_t)h5l__ld32(p) | ((uint64_t)h5l__ld32(p + 4) << 32);
#endif
}
#if !defined(H5L_NO_EXTRA_CODECS)   /* big-endian numbers: the LZ4 and bitshuffle framings */
static uint32_t h5l__ld32be(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
static uint64_t h5l__ld64be(const uint8_t *p) { return ((uint64_t)h5l__ld32be(p) << 32) | (uint64_t)h5l__ld32be(p + 4); }
#endif
static void h5l__st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void h5l__st32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Store v as 8 little-endian bytes at p (one store where the byte order is known). */
static void h5l__st64(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, 8);
#elif defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ && \
    (defined(__GNUC__) || defined(__clang__))
    v = __builtin_bswap64(v);
    memcpy(p, &v, 8);
#else
    h5l__st32(p, (uint32_t)v);
    h5l__st32(p + 4, (uint32_t)(v >> 32));
#endif
}

#if defined(__GNUC__)
#define H5L__LIKELY(x) __builtin_expect(!!(x), 1)
#define H5L__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define H5L__LIKELY(x) (x)
#define H5L__UNLIKELY(x) (x)
#endif

/* 1 on a big-endian host, 0 on little-endian (decided at run time, no UB). */
static int h5l__host_be(void)
{
    const uint16_t one = 1;
    unsigned char c;
    memcpy(&c, &one, 1);
    return c == 0;
}

/* Reverse `size`-byte elements in place. */
static void h5l__swap(void *buf, uint64_t count, size_t size)
{
    unsigned char *p = (unsigned char *)buf;
    uint64_t i;
    size_t j;
    if (size < 2) return;
    for (i = 0; i < count; i++, p += size)
        for (j = 0; j < size / 2; j++) {
            unsigned char t = p[j];
            p[j] = p[size - 1 - j];
            p[size - 1 - j] = t;
        }
}

/* ---- checked arithmetic ----------------------------------------------------- */

/* *r = a + b; returns 1 on overflow. */
static int h5l__add_ovf(uint64_t a, uint64_t b, uint64_t *r)
{
    *r = a + b;
    return *r < a;
}
/* *r = a * b; returns 1 on overflow. */
static int h5l__mul_ovf(uint64_t a, uint64_t b, uint64_t *r)
{
    if (a && b > UINT64_MAX / a) { *r = 0; return 1; }
    *r = a * b;
    return 0;
}

/* ---- a bounded cursor for decoding ------------------------------------------
 * Reads past `end` never happen: they set `bad` and yield zeros, so a decoder
 * can read a whole structure and check `bad` once. */
typedef struct h5l__cur {
    const uint8_t *p, *end;
    int bad;
} h5l__cur;

static void h5l__cur_init(h5l__cur *c, const uint8_t *p, size_t n) { c->p = p; c->end = p + n; c->bad = 0; }
static size_t h5l__cur_left(const h5l__cur *c) { return (size_t)(c->end - c->p); }
static const uint8_t *h5l__cur_take(h5l__cur *c, size_t n)
{
    const uint8_t *p = c->p;
    if (c->bad || (size_t)(c->end - c->p) < n) { c->bad = 1; c->p = c->end; return NULL; }
    c->p += n;
    return p;
}
static int h5l__cur_skip(h5l__cur *c, size_t n) { return h5l__cur_take(c, n) != NULL; }
static uint64_t h5l__cur_un(h5l__cur *c, unsigned n)
{
    const uint8_t *p = h5l__cur_take(c, n);
    return p ? h5l__ldn(p, n) : 0;
}
static uint8_t h5l__cur_u8(h5l__cur *c) { return (uint8_t)h5l__cur_un(c, 1); }
static uint16_t h5l__cur_u16(h5l__cur *c) { return (uint16_t)h5l__cur_un(c, 2); }
static uint32_t h5l__cur_u32(h5l__cur *c) { return (uint32_t)h5l__cur_un(c, 4); }
static uint64_t h5l__cur_u64(h5l__cur *c) { return h5l__cur_un(c, 8); }
/* A file address of w bytes; all ones (UNDEF) becomes H5L_UNDEF. */
static uint64_t h5l__ld_addrw(const uint8_t *p, unsigned w)
{
    uint64_t v = h5l__ldn(p, w);
    uint64_t ones = w >= 8 ? UINT64_MAX : (((uint64_t)1 << (8 * w)) - 1);
    return v == ones ? H5L_UNDEF : v;
}
static uint64_t h5l__cur_addrw(h5l__cur *c, unsigned w)
{
    const uint8_t *p = h5l__cur_take(c, w);
    return p ? h5l__ld_addrw(p, w) : H5L_UNDEF;
}

/* ---- Jenkins lookup3 (hashlittle), the checksum of every v2+ structure ---- */

#define H5L__ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

/* One 12-byte (or shorter, final) block of the key at pos: the key itself,
 * or a copy with the 4 bytes at `hole` read as zeros. */
static const uint8_t *h5l__l3_block(const uint8_t *p, size_t pos, size_t n, size_t hole, uint8_t *blk)
{
    size_t i;
    if (hole == SIZE_MAX || hole >= pos + n || hole + 4 <= pos) return p + pos;
    memcpy(blk, p + pos, n);
    for (i = 0; i < 4; i++)
        if (hole + i >= pos && hole + i < pos + n) blk[hole + i - pos] = 0;
    return blk;
}

/* lookup3 of key[0..length) where the 4 bytes at offset `hole` read as
 * zeros (a checksum computed over a structure that holds it, as fractal
 * heap direct blocks are); hole = SIZE_MAX for none. */
static uint32_t h5l__lookup3_hole(const void *key, size_t length, uint32_t initval, size_t hole)
{
    const uint8_t *p = (const uint8_t *)key, *k;
    uint8_t blk[12];
    size_t pos = 0, n;
    uint32_t a, b, c;
    a = b = c = 0xdeadbeefu + (uint32_t)length + initval;
    while (length - pos > 12) {
        k = h5l__l3_block(p, pos, 12, hole, blk);
        a += h5l__ld32(k);
        b += h5l__ld32(k + 4);
        c += h5l__ld32(k + 8);
        a -= c; a ^= H5L__ROT(c, 4);  c += b;
        b -= a; b ^= H5L__ROT(a, 6);  a += c;
        c -= b; c ^= H5L__ROT(b, 8);  b += a;
        a -= c; a ^= H5L__ROT(c, 16); c += b;
        b -= a; b ^= H5L__ROT(a, 19); a += c;
        c -= b; c ^= H5L__ROT(b, 4);  b += a;
        pos += 12;
    }
    n = length - pos;
    k = h5l__l3_block(p, pos, n, hole, blk);
    switch (n) {
    case 12: c += (uint32_t)k[11] << 24; /* fall through */
    case 11: c += (uint32_t)k[10] << 16; /* fall through */
    case 10: c += (uint32_t)k[9] << 8;   /* fall through */
    case 9:  c += k[8];                  /* fall through */
    case 8:  b += (uint32_t)k[7] << 24;  /* fall through */
    case 7:  b += (uint32_t)k[6] << 16;  /* fall through */
    case 6:  b += (uint32_t)k[5] << 8;   /* fall through */
    case 5:  b += k[4];                  /* fall through */
    case 4:  a += (uint32_t)k[3] << 24;  /* fall through */
    case 3:  a += (uint32_t)k[2] << 16;  /* fall through */
    case 2:  a += (uint32_t)k[1] << 8;   /* fall through */
    case 1:  a += k[0]; break;
    default: return c;
    }
    c ^= b; c -= H5L__ROT(b, 14);
    a ^= c; a -= H5L__ROT(c, 11);
    b ^= a; b -= H5L__ROT(a, 25);
    c ^= b; c -= H5L__ROT(b, 16);
    a ^= c; a -= H5L__ROT(c, 4);
    b ^= a; b -= H5L__ROT(a, 14);
    c ^= b; c -= H5L__ROT(b, 24);
    return c;
}

static uint32_t h5l__lookup3(const void *key, size_t length, uint32_t initval)
{
    return h5l__lookup3_hole(key, length, initval, SIZE_MAX);
}

/* ======================================================================
 * SECTION B — File access
 *
 * B.1 Reading (h5l_open, hdf5lite.h section 3)
 *
 * A reader always sees the whole file as one span of bytes:
 *
 *   map[0] ......................................... map[size-1]
 *   | user block | superblock | ... objects ... | raw data ... |
 *                ^ base address: every file address is relative to it
 *
 * The span is an mmap (POSIX, Windows), a heap copy (H5L_OPEN_NO_MMAP or
 * stdio builds) or the caller's buffer (h5l_open_memory).
 * ====================================================================== */

enum { H5L__MAP_USER = 0, H5L__MAP_MMAP = 1, H5L__MAP_HEAP = 2 };

struct h5l_file {
    h5l_allocator alloc;
    const uint8_t *map;        /* the whole file */
    uint64_t size;             /* bytes in map */
    void *heap_block;          /* H5L__MAP_HEAP: the allocation map sits in (64-aligned inside it) */
    int map_kind;              /* H5L__MAP_* */
    int fd;                    /* mapped on POSIX: the descriptor, kept for h5l__read_at; else -1 */
#if defined(H5L_OS_WIN32)
    HANDLE win_mapping;
#endif
    /* superblock (filled by h5l__superblock_read) */
    unsigned sb_version;
    unsigned so, sl;           /* size of offsets, size of lengths */
    uint64_t sb_offset;        /* absolute offset of the signature */
    uint64_t base;             /* absolute offset addresses are relative to */
    uint64_t sb_size;          /* bytes of the superblock at base: no object or chunk lies in [0, sb_size) */
    uint64_t eof;              /* end-of-file address (relative) */
    uint64_t root_addr;        /* root group object header (relative) */
    uint64_t ext_addr;         /* superblock extension (v2+), or H5L_UNDEF */
    unsigned sym_leaf_k;       /* group leaf node K (v0/1; 4 by default) */
    unsigned btree_k;          /* group internal node K (16 by default) */
    unsigned chunk_btree_k;    /* indexed storage internal node K (32 by default) */
    uint64_t root_stab_btree;  /* root entry's cached symbol table (v0/1), or H5L_UNDEF */
    uint64_t root_stab_heap;
    h5l_filter_hook *hooks;    /* the caller's filter decoders (h5l_open_options), copied */
    unsigned nhooks;
    struct h5l__mcache *mc;    /* H5L_OPEN_META_CACHE: the metadata cache (B.1b), else NULL */
};

/* Pointer to `len` bytes at file address `addr` (relative to the base), or
 * NULL when the range is undefined or not inside the file. */
static const uint8_t *h5l__at(const h5l_file *f, uint64_t addr, uint64_t len)
{
    uint64_t abs, end;
    if (addr == H5L_UNDEF) return NULL;
    if (h5l__add_ovf(f->base, addr, &abs) || h5l__add_ovf(abs, len, &end) || end > f->size) return NULL;
    return f->map + abs;
}

/* Does [addr, addr+len) reach past the end-of-file address? Nothing there
 * is the file's: libhdf5 refuses to read there, and an appender writes its
 * new data there. (h5l__at checks the bytes exist; this, that they count.) */
static int h5l__past_eoa(const h5l_file *f, uint64_t addr, uint64_t len)
{
    return f->eof != H5L_UNDEF && (addr >= f->eof || len > f->eof - addr);
}

/* Does something that starts at addr (relative) overlap the superblock,
 * which starts at 0? Chunks and index nodes never do in a valid file; one
 * that does would change under an appender, whose commit rewrites the
 * superblock in place. */
static int h5l__in_sb(const h5l_file *f, uint64_t addr) { return addr < f->sb_size; }

/* Decode a file address of f->so bytes; all-ones becomes H5L_UNDEF. */
static uint64_t h5l__ld_addr(const h5l_file *f, const uint8_t *p) { return h5l__ld_addrw(p, f->so); }
static uint64_t h5l__cur_addr(h5l__cur *c, const h5l_file *f) { return h5l__cur_addrw(c, f->so); }
static uint64_t h5l__cur_len(h5l__cur *c, const h5l_file *f) { return h5l__cur_un(c, f->sl); }

/* Implemented in the superblock section. */
static h5l_status h5l__superblock_read(h5l_file *f, h5l_error *err);

/* Give back the resident pages of a file that h5l_open mapped: they stay in
 * the page cache (the mapping is read-only and shared, nothing is lost) and
 * are mapped again by the next access, so every pointer into the file stays
 * valid. A pass over thousands of headers (h5l_table_open) calls this now and
 * then so that its resident memory follows what it is reading, not the whole
 * file. Only where madvise(MADV_DONTNEED) is known (Linux); elsewhere, and
 * for files read into memory or given by the caller, a no-op. */
#if defined(__linux__) && defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP) && !defined(__alpha__)
#  define H5L__HAVE_DROP_PAGES 1
extern int madvise(void *addr, size_t len, int advice);   /* hidden by _POSIX_C_SOURCE; in every Linux libc */
#endif
static void h5l__drop_pages(const h5l_file *f)
{
#if defined(H5L__HAVE_DROP_PAGES)
    if (f->map_kind == H5L__MAP_MMAP && f->size > 0)
        (void)madvise((void *)(uintptr_t)f->map, (size_t)f->size, 4 /* MADV_DONTNEED */);
#else
    (void)f;
#endif
}

/* Copy `len` bytes at absolute offset `abs` of a mapped file into buf with
 * pread instead of touching the mapping. For walks over many small
 * structures scattered over the file (the nodes of a large symbol-table
 * group, which libhdf5 allocates as the group grows, between everything
 * else): a first touch of the mapping maps up to 64 KiB of page cache around
 * a few hundred bytes, and the pass that gives those pages back
 * (h5l__drop_pages) pays again to unmap them. Returns 0 when it cannot (not
 * mapped, no descriptor, error or short read): read through the mapping. */
#if defined(H5L_OS_POSIX)
/* Read all `len` bytes at offset off (pieces of at most 1 GiB, EINTR
 * retried): 0, or the errno (EIO for a file that ends before). */
static int h5l__pread_full(int fd, void *buf, size_t len, uint64_t off)
{
    uint8_t *b = (uint8_t *)buf;
    while (len) {
        ssize_t r;
        if (off > (uint64_t)INT64_MAX) return EFBIG;
        r = pread(fd, b, len > (size_t)1 << 30 ? (size_t)1 << 30 : len, (off_t)off);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return r < 0 ? errno : EIO;
        b += r;
        len -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}
#endif

static int h5l__read_at(const h5l_file *f, uint64_t abs, void *buf, size_t len)
{
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    if (f->fd < 0 || abs > f->size || len > f->size - abs) return 0;
    return h5l__pread_full(f->fd, buf, len, abs) == 0;
#else
    (void)f;
    (void)abs;
    (void)buf;
    (void)len;
    return 0;
#endif
}

/* ----------------------------------------------------------------------
 * B.1b The metadata cache (H5L_OPEN_META_CACHE)
 *
 * A walk over thousands of objects (mmapcol ls) reads a few hundred bytes
 * here and there all over the file: object headers, local heaps, group
 * B-tree nodes, symbol nodes. Through the mapping each first touch of a
 * page is a page fault and each structure a chain of cache misses. With the
 * flag these four structures are read instead as aligned blocks, copied
 * with pread (or from the caller's buffer), and decoded from the copy:
 *
 *   file   |....|#hdr.heap.node|.........|#hdr.snod...|....
 *           ^ block k * H5L__MC_BLOCK     ^ block j
 *   cache  [ block k ][ block j ][ ... at most H5L__MC_MAX_BLOCKS ]
 *          + span copies of structures that cross a block boundary
 *
 * Lifetime: a pointer into a block stays valid until the caller says that
 * none is held any more (h5l_file_release_pages, which starts a new epoch);
 * blocks of older epochs are then reused, least recently used first.
 * Whatever does not fit (a structure larger than a block, more blocks or
 * span bytes than the limits in one epoch, a failed read) is read through
 * the mapping as without the flag, so the cache changes speed and memory,
 * never results. Not thread-safe: the flag's contract says one thread at
 * a time (chunk decoding threads read no metadata through it).
 * ---------------------------------------------------------------------- */
#ifndef H5L__MC_BLOCK                  /* the fuzz build makes them small: every path taken */
#define H5L__MC_BLOCK 32768u
#define H5L__MC_KEEP 8u                /* blocks kept across epochs */
#define H5L__MC_MAX_BLOCKS 64u         /* blocks in one epoch, at most */
#define H5L__MC_SPAN_MAX (1u << 20)    /* span bytes in one epoch, at most */
#endif

typedef struct h5l__mcblock {
    uint64_t at;               /* absolute offset of the block (a multiple of H5L__MC_BLOCK) */
    uint64_t epoch, stamp;     /* last use */
    uint8_t *buf;              /* H5L__MC_BLOCK bytes, or NULL (slot free) */
    int full;                  /* buf holds the block */
} h5l__mcblock;

typedef struct h5l__mcspan { struct h5l__mcspan *next; } h5l__mcspan;   /* followed by the bytes */

typedef struct h5l__mcache {
    h5l__mcblock b[H5L__MC_MAX_BLOCKS];
    unsigned n;                /* slots in use, b[0..n) */
    unsigned last;             /* the last block hit */
    uint64_t epoch, clock;
    h5l__mcspan *spans;        /* this epoch's span copies */
    uint64_t span_bytes;
    unsigned releases;         /* h5l_file_release_pages calls (the mapping's pages: every 16th) */
} h5l__mcache;

/* Copy [abs, abs + len) of the file to dst: pread when mapped with a
 * descriptor, else from the span in memory. */
static int h5l__mc_copy(const h5l_file *f, uint64_t abs, uint8_t *dst, size_t len)
{
    if (f->fd >= 0) return h5l__read_at(f, abs, dst, len);
    if (abs > f->size || len > f->size - abs) return 0;
    memcpy(dst, f->map + abs, len);
    return 1;
}

/* The block at absolute offset `at`, loaded, or NULL (then the mapping). */
static h5l__mcblock *h5l__mc_block(const h5l_file *f, uint64_t at)
{
    h5l__mcache *mc = f->mc;
    h5l__mcblock *b = NULL;
    unsigned i;
    uint64_t len = f->size - at < H5L__MC_BLOCK ? f->size - at : H5L__MC_BLOCK;
    if (mc->last < mc->n && mc->b[mc->last].at == at && mc->b[mc->last].full) {
        b = &mc->b[mc->last];
    } else {
        for (i = 0; i < mc->n; i++)
            if (mc->b[i].full && mc->b[i].at == at) {
                b = &mc->b[i];
                mc->last = i;
                break;
            }
    }
    if (b) {
        b->epoch = mc->epoch;
        b->stamp = ++mc->clock;
        return b;
    }
    /* a slot: a new one while few are kept, else the least recently used
     * of an older epoch, else a new one up to the limit */
    if (mc->n >= H5L__MC_KEEP)
        for (i = 0; i < mc->n; i++)
            if (mc->b[i].epoch != mc->epoch && (!b || mc->b[i].stamp < b->stamp)) b = &mc->b[i];
    if (!b) {
        if (mc->n >= H5L__MC_MAX_BLOCKS) return NULL;
        b = &mc->b[mc->n];
        memset(b, 0, sizeof *b);
        if (!(b->buf = (uint8_t *)h5l__malloc(&f->alloc, H5L__MC_BLOCK))) return NULL;
        mc->n++;
    }
    b->full = 0;
    if (!h5l__mc_copy(f, at, b->buf, (size_t)len)) return NULL;
    b->at = at;
    b->full = 1;
    b->epoch = mc->epoch;
    b->stamp = ++mc->clock;
    mc->last = (unsigned)(b - mc->b);
    return b;
}

/* h5l__at for the metadata the cache serves: a pointer to `len` bytes at
 * file address addr (NULL when not inside the file), from the cache when
 * the file has one. */
static const uint8_t *h5l__meta_at(const h5l_file *f, uint64_t addr, uint64_t len)
{
    const uint8_t *p = h5l__at(f, addr, len);
    h5l__mcache *mc = f->mc;
    uint64_t abs, at;
    if (!p || !mc || len == 0 || len > H5L__MC_BLOCK) return p;
    abs = (uint64_t)(p - f->map);
    at = abs / H5L__MC_BLOCK * H5L__MC_BLOCK;
    if (abs + len <= at + H5L__MC_BLOCK) {
        h5l__mcblock *b = h5l__mc_block(f, at);
        return b ? b->buf + (abs - at) : p;
    }
    if (mc->span_bytes + len <= H5L__MC_SPAN_MAX) {
        h5l__mcspan *s = (h5l__mcspan *)h5l__malloc(&f->alloc, sizeof *s + (size_t)len);
        if (s && h5l__mc_copy(f, abs, (uint8_t *)(s + 1), (size_t)len)) {
            s->next = mc->spans;
            mc->spans = s;
            mc->span_bytes += len;
            return (const uint8_t *)(s + 1);
        }
        h5l__free(&f->alloc, s);
    }
    return p;
}

/* Every pointer the cache gave is given up: a new epoch. */
static void h5l__mc_release(const h5l_file *f)
{
    h5l__mcache *mc = f->mc;
    while (mc->spans) {
        h5l__mcspan *s = mc->spans;
        mc->spans = s->next;
        h5l__free(&f->alloc, s);
    }
    mc->span_bytes = 0;
    mc->epoch++;
    /* beyond the blocks kept, the buffers of a busy epoch go back */
    while (mc->n > H5L__MC_KEEP) {
        unsigned i, old = 0;
        for (i = 1; i < mc->n; i++)
            if (mc->b[i].stamp < mc->b[old].stamp) old = i;
        h5l__free(&f->alloc, mc->b[old].buf);
        mc->b[old] = mc->b[--mc->n];
    }
    mc->last = 0;
}

static void h5l__mc_free(h5l_file *f)
{
    unsigned i;
    if (!f->mc) return;
    h5l__mc_release(f);
    for (i = 0; i < f->mc->n; i++) h5l__free(&f->alloc, f->mc->b[i].buf);
    h5l__free(&f->alloc, f->mc);
    f->mc = NULL;
}

static void h5l__unmap(h5l_file *f)
{
    if (!f->map) return;
    if (f->map_kind == H5L__MAP_HEAP) {
        h5l__free(&f->alloc, f->heap_block);
        f->heap_block = NULL;
    }
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    else if (f->map_kind == H5L__MAP_MMAP) {
        munmap((void *)(uintptr_t)f->map, (size_t)f->size);
        if (f->fd >= 0) close(f->fd);
        f->fd = -1;
    }
#endif
#if defined(H5L_OS_WIN32) && !defined(H5L_NO_MMAP)
    else if (f->map_kind == H5L__MAP_MMAP) {
        UnmapViewOfFile(f->map);
        CloseHandle(f->win_mapping);
    }
#endif
    f->map = NULL;
}

static h5l_status h5l__file_new(const h5l_open_options *opt, h5l_file **out, h5l_error *err)
{
    const h5l_allocator *a = h5l__alloc_or_default(opt ? opt->alloc : NULL);
    h5l_file *f = (h5l_file *)h5l__calloc(a, sizeof *f);
    if (!f) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "open: out of memory for the file handle");
    f->alloc = *a;
    f->fd = -1;
    f->ext_addr = H5L_UNDEF;
    f->root_stab_btree = f->root_stab_heap = H5L_UNDEF;
    if (opt && (opt->flags & H5L_OPEN_FILTER_HOOKS) && opt->nfilter_hooks) {
        unsigned i;
        if (!opt->filter_hooks || opt->nfilter_hooks > 4096) {
            h5l__free(a, f);
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "open: %u filter hooks without an array (or more than 4096)", opt->nfilter_hooks);
        }
        for (i = 0; i < opt->nfilter_hooks; i++)
            if (!opt->filter_hooks[i].decode || opt->filter_hooks[i].id > 65535) {
                h5l__free(a, f);
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "open: filter hook %u has no decode function or an id above 65535", i);
            }
        f->hooks = (h5l_filter_hook *)h5l__malloc(a, opt->nfilter_hooks * sizeof *f->hooks);
        if (!f->hooks) {
            h5l__free(a, f);
            return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "open: out of memory for the filter hooks");
        }
        memcpy(f->hooks, opt->filter_hooks, opt->nfilter_hooks * sizeof *f->hooks);
        f->nhooks = opt->nfilter_hooks;
    }
    if (opt && (opt->flags & H5L_OPEN_META_CACHE) && !(f->mc = (h5l__mcache *)h5l__calloc(a, sizeof *f->mc))) {
        h5l__free(a, f->hooks);
        h5l__free(a, f);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "open: out of memory for the metadata cache");
    }
    *out = f;
    return H5L_OK;
}

static h5l_status h5l__file_finish_open(h5l_file *f, h5l_file **out, h5l_error *err)
{
    h5l_status st = h5l__superblock_read(f, err);
    if (st != H5L_OK) {
        h5l_close(f);
        return st;
    }
    *out = f;
    return H5L_OK;
}

h5l_status h5l_open_memory(const void *data, size_t size, const h5l_open_options *opt, h5l_file **out,
                           h5l_error *err)
{
    h5l_file *f = NULL;
    h5l_status st;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_open_memory: out is NULL");
    *out = NULL;
    if (!data && size) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_open_memory: data is NULL");
    st = h5l__file_new(opt, &f, err);
    if (st != H5L_OK) return st;
    f->map = (const uint8_t *)data;
    f->size = size;
    f->map_kind = H5L__MAP_USER;
    return h5l__file_finish_open(f, out, err);
}

/* Memory for a file read into the heap, 64-byte aligned as a mapping is
 * page aligned, so data pointers have the alignment they have when mapped. */
static uint8_t *h5l__heap_map_alloc(h5l_file *f, size_t len)
{
    uint8_t *raw;
    if (len > SIZE_MAX - 64) return NULL;
    raw = (uint8_t *)h5l__malloc(&f->alloc, len + 64);
    if (!raw) return NULL;
    f->heap_block = raw;
    return raw + (64 - (size_t)((uintptr_t)raw % 64)) % 64;
}

/* Read a whole file into the heap through stdio (portable fallback). */
static h5l_status h5l__read_whole(h5l_file *f, const char *path, h5l_error *err)
{
    FILE *fp = fopen(path, "rb");
    long len;
    uint8_t *buf;
    size_t got;
    if (!fp) return h5l__fail_os(err, errno, "%s: cannot open", path);
    if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        int e = errno;
        fclose(fp);
        return h5l__fail_os(err, e ? e : EIO, "%s: cannot determine the size", path);
    }
    if ((unsigned long)len > (unsigned long)(SIZE_MAX - 1)) {
        fclose(fp);
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: too large to read into memory", path);
    }
    buf = h5l__heap_map_alloc(f, (size_t)len);
    if (!buf) {
        fclose(fp);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory reading %ld bytes", path, len);
    }
    got = fread(buf, 1, (size_t)len, fp);
    if (got != (size_t)len) {
        int e = ferror(fp) ? errno : EIO;
        fclose(fp);
        h5l__free(&f->alloc, f->heap_block);
        f->heap_block = NULL;
        return h5l__fail_os(err, e ? e : EIO, "%s: short read", path);
    }
    fclose(fp);
    f->map = buf;
    f->size = (uint64_t)len;
    f->map_kind = H5L__MAP_HEAP;
    return H5L_OK;
}

#if defined(H5L_OS_POSIX)
static h5l_status h5l__map_path(h5l_file *f, const char *path, unsigned flags, h5l_error *err)
{
    int fd;
    struct stat stt;
#if defined(O_CLOEXEC)
    fd = open(path, O_RDONLY | O_CLOEXEC);   /* kept while mapped: not for exec'd children */
#else
    fd = open(path, O_RDONLY);
#endif
    if (fd < 0) return h5l__fail_os(err, errno, "%s: cannot open", path);
    if (fstat(fd, &stt) != 0) {
        int e = errno;
        close(fd);
        return h5l__fail_os(err, e, "%s: cannot stat", path);
    }
    if (!S_ISREG(stt.st_mode)) {
        close(fd);
        return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: not a regular file", path);
    }
    if ((uint64_t)stt.st_size > (uint64_t)SIZE_MAX) {
        close(fd);
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: larger than this platform's address space", path);
    }
#if !defined(H5L_NO_MMAP)
    if (!(flags & H5L_OPEN_NO_MMAP) && stt.st_size > 0) {
        void *p = mmap(NULL, (size_t)stt.st_size, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            if (e == ENOMEM) return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: cannot map %llu bytes", path, (unsigned long long)stt.st_size);
            return h5l__fail_os(err, e, "%s: mmap", path);
        }
        f->fd = fd;
        f->map = (const uint8_t *)p;
        f->size = (uint64_t)stt.st_size;
        f->map_kind = H5L__MAP_MMAP;
        return H5L_OK;
    }
#endif
    {
        size_t len = (size_t)stt.st_size;
        uint8_t *buf = h5l__heap_map_alloc(f, len);
        int e;
        (void)flags;
        if (!buf) {
            close(fd);
            return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory reading %zu bytes", path, len);
        }
        if ((e = h5l__pread_full(fd, buf, len, 0)) != 0) {
            close(fd);
            h5l__free(&f->alloc, f->heap_block);
            f->heap_block = NULL;
            return h5l__fail_os(err, e, "%s: read", path);
        }
        close(fd);
        f->map = buf;
        f->size = len;
        f->map_kind = H5L__MAP_HEAP;
        return H5L_OK;
    }
}
#elif defined(H5L_OS_WIN32)
static h5l_status h5l__map_path(h5l_file *f, const char *path, unsigned flags, h5l_error *err)
{
#if !defined(H5L_NO_MMAP)
    if (!(flags & H5L_OPEN_NO_MMAP)) {
        HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                               OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        LARGE_INTEGER sz;
        HANDLE m;
        const void *p;
        if (h == INVALID_HANDLE_VALUE) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: cannot open (error %lu)", path, (unsigned long)GetLastError());
        if (!GetFileSizeEx(h, &sz)) {
            CloseHandle(h);
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: cannot get size", path);
        }
        if ((uint64_t)sz.QuadPart > (uint64_t)SIZE_MAX) {
            CloseHandle(h);
            return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: larger than the address space", path);
        }
        if (sz.QuadPart == 0) {
            CloseHandle(h);
            f->map = (const uint8_t *)"";
            f->size = 0;
            f->map_kind = H5L__MAP_USER;
            return H5L_OK;
        }
        m = CreateFileMappingA(h, NULL, PAGE_READONLY, 0, 0, NULL);
        CloseHandle(h);
        if (!m) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: CreateFileMapping failed (error %lu)", path, (unsigned long)GetLastError());
        p = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
        if (!p) {
            CloseHandle(m);
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: MapViewOfFile failed (error %lu)", path, (unsigned long)GetLastError());
        }
        f->map = (const uint8_t *)p;
        f->size = (uint64_t)sz.QuadPart;
        f->map_kind = H5L__MAP_MMAP;
        f->win_mapping = m;
        return H5L_OK;
    }
#endif
    (void)flags;
    return h5l__read_whole(f, path, err);
}
#else
static h5l_status h5l__map_path(h5l_file *f, const char *path, unsigned flags, h5l_error *err)
{
    (void)flags;
    return h5l__read_whole(f, path, err);
}
#endif

h5l_status h5l_open(const char *path, const h5l_open_options *opt, h5l_file **out, h5l_error *err)
{
    h5l_file *f = NULL;
    h5l_status st;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_open: out is NULL");
    *out = NULL;
    if (!path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_open: path is NULL");
    st = h5l__file_new(opt, &f, err);
    if (st != H5L_OK) return st;
    st = h5l__map_path(f, path, opt ? opt->flags : 0, err);
    if (st != H5L_OK) {
        h5l__mc_free(f);
        h5l__free(&f->alloc, f->hooks);
        h5l__free(&f->alloc, f);
        return st;
    }
    (void)h5l__read_whole; /* used by some platform configurations only */
    return h5l__file_finish_open(f, out, err);
}

void h5l_close(h5l_file *f)
{
    h5l_allocator a;
    if (!f) return;
    h5l__mc_free(f);
    h5l__unmap(f);
    a = f->alloc;
    h5l__free(&a, f->hooks);
    h5l__free(&a, f);
}

void h5l_file_release_pages(const h5l_file *f)
{
    if (!f) return;
    if (f->mc) {
        h5l__mc_release(f);
        if (++f->mc->releases % 16 != 0) return;
    }
    h5l__drop_pages(f);
}

void h5l_file_get_info(const h5l_file *f, h5l_file_info *out)
{
    if (!f || !out) return;
    memset(out, 0, sizeof *out);
    out->superblock_version = f->sb_version;
    out->sizeof_offsets = f->so;
    out->sizeof_lengths = f->sl;
    out->superblock_offset = f->sb_offset;
    out->base_address = f->base;
    out->eof_address = f->eof;
    out->file_size = f->size;
    out->root_addr = f->root_addr;
    out->map = f->map;
}

/* ======================================================================
 * B.2 File access for writing (hdf5lite.h section 5)
 *
 * The writer's only OS needs: create a unique temporary file beside the
 * target, positional writes, set the size (sparse), map read-write, sync,
 * close, rename over the target, remove. Each call first asks the testing
 * hook (h5l_write_options.io_hook), which can make it fail.
 * ====================================================================== */

typedef struct h5l__wfile {
#if defined(H5L_OS_POSIX)
    int fd;
    int unnamed;               /* an O_TMPFILE file: no name until h5l__wf_publish */
#elif defined(H5L_OS_WIN32)
    HANDLE h;
    HANDLE mapping;
#else
    FILE *fp;
#endif
    int (*hook)(void *ctx, const char *op);
    void *hook_ctx;
} h5l__wfile;

static int h5l__hook(const h5l__wfile *w, const char *op)
{
    return w->hook ? w->hook(w->hook_ctx, op) : 0;
}

/* ---- temporaries that leave nothing behind ----------------------------------
 * Linux: an unnamed file (O_TMPFILE) in the target's directory; other
 * processes open it as /proc/<pid>/fd/<fd> (h5l_writer_temp_path); killed,
 * it simply vanishes. Once synced, h5l__wf_name_unnamed links it to a fresh
 * "<target>.tmpXXXXXX", closed and renamed over the target as any named
 * temporary (a crash in those microseconds leaves the name, cleaned as below). Elsewhere, with
 * H5L_WRITE_NAMED_TEMP, or where the file system refuses O_TMPFILE: a named
 * "<target>.tmpXXXXXX" that its writer holds a lock on (an open-file-
 * description lock on Linux, else a POSIX record lock) for its whole life.
 * Every writer of a target first removes the "<target>.tmp??????" files
 * that nobody holds and that were last written over 2 seconds ago: their
 * writers died (the 2 seconds cover a new writer between creating its file
 * and locking it). */
#if defined(H5L_OS_POSIX)
#  if defined(__linux__) && !defined(O_TMPFILE) && defined(O_DIRECTORY) && \
      (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || defined(__arm__) || defined(__s390__) || \
       defined(__riscv) || defined(__powerpc__) || defined(__mips__) || defined(__loongarch__))
#    define O_TMPFILE (020000000 | O_DIRECTORY)   /* <fcntl.h> hides it without _GNU_SOURCE; Linux >= 3.11 */
#  endif
#  if defined(__linux__) && !defined(F_OFD_SETLK)
#    define F_OFD_SETLK 37                         /* likewise; Linux >= 3.15 */
#  endif

/* A whole-file write lock on fd (not waiting): 0, or -1 if someone holds it. */
static int h5l__wf_trylock(int fd, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
#  if defined(F_OFD_SETLK)
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return 0;
    if (errno != EINVAL) return -1;
#  endif
    return fcntl(fd, F_SETLK, &fl) == 0 ? 0 : -1;
}

/* A named temporary's writer holds it locked for its life. */
static void h5l__wf_hold(int fd) { (void)h5l__wf_trylock(fd, 0, 0); }

/* An unnamed file in target's directory, or -1 (no O_TMPFILE here, or no /proc). */
static int h5l__wf_open_unnamed(const char *target)
{
#  if defined(O_TMPFILE)
    char dir[4096];
    const char *slash = strrchr(target, '/');
    size_t n = slash ? (size_t)(slash - target) : 0;
    int fd;
    if (n + 2 > sizeof dir || access("/proc/self/fd", X_OK) != 0) return -1;
    if (slash) {
        memcpy(dir, target, n ? n : 1);
        dir[n ? n : 1] = 0;
    } else {
        dir[0] = '.';
        dir[1] = 0;
    }
    do fd = open(dir, O_TMPFILE | O_RDWR, 0666);
    while (fd < 0 && errno == EINTR);
    return fd;
#  else
    (void)target;
    return -1;
#  endif
}

/* Remove "<target>.tmp??????" files whose writers are gone (see above). */
static void h5l__wf_clean_stale(const char *target)
{
    char dir[4096], path[4096 + 300];
    const char *slash = strrchr(target, '/'), *base = slash ? slash + 1 : target;
    size_t dn = slash ? (size_t)(slash - target) : 0, bn = strlen(base);
    DIR *d;
    struct dirent *de;
    if (dn + 2 > sizeof dir || bn == 0 || bn > 250) return;
    if (slash) {
        memcpy(dir, target, dn ? dn : 1);
        dir[dn ? dn : 1] = 0;
    } else {
        dir[0] = '.';
        dir[1] = 0;
    }
    if (!(d = opendir(dir))) return;
    while ((de = readdir(d)) != NULL) {
        struct stat sb;
        int fd;
        if (strlen(de->d_name) != bn + 10 || strncmp(de->d_name, base, bn) != 0 || strncmp(de->d_name + bn, ".tmp", 4) != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if ((fd = open(path, O_RDWR)) < 0) continue;
        if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && time(NULL) - sb.st_mtime > 2 && h5l__wf_trylock(fd, 0, 0) == 0) (void)unlink(path);
        close(fd);
    }
    closedir(d);
}
#endif

/* Create the temporary file for target (see above): unnamed where possible
 * unless `named`. *tmp_out (allocated with `a`, owned by the caller) is the
 * name other processes open it by. */
static h5l_status h5l__wf_create_temp(h5l__wfile *w, const h5l_allocator *a, const char *target, int named, char **tmp_out,
                                      h5l_error *err)
{
    size_t n = strlen(target);
    char *tmp;
    int e;
    *tmp_out = NULL;
    if (n > SIZE_MAX - 16) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: path too long", target);
    tmp = (char *)h5l__malloc(a, n + 16);
    if (!tmp) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", target);
    memcpy(tmp, target, n);
    memcpy(tmp + n, ".tmpXXXXXX", 11);
    if ((e = h5l__hook(w, "open")) != 0) {
        h5l__free(a, tmp);
        return h5l__fail_os(err, e, "%s: cannot create a temporary file", target);
    }
#if defined(H5L_OS_POSIX)
    {
        mode_t um;
        h5l__wf_clean_stale(target);
        w->unnamed = 0;
        w->fd = named ? -1 : h5l__wf_open_unnamed(target);
        if (w->fd >= 0) {
            /* the name other processes open it by, while it has none */
            char *pn = (char *)h5l__malloc(a, 64);
            if (!pn) {
                close(w->fd);
                h5l__free(a, tmp);
                return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", target);
            }
            snprintf(pn, 64, "/proc/%ld/fd/%d", (long)getpid(), w->fd);
            h5l__free(a, tmp);
            tmp = pn;
            w->unnamed = 1;
        } else {
            w->fd = mkstemp(tmp);
            if (w->fd < 0) {
                e = errno;
                h5l__free(a, tmp);
                return h5l__fail_os(err, e, "%s: cannot create a temporary file", target);
            }
            h5l__wf_hold(w->fd);       /* alive: the next writer leaves it alone */
            /* mkstemp makes 0600; give the file the mode open(O_CREAT, 0666) would. */
            um = umask(022);
            umask(um);
            (void)fchmod(w->fd, (mode_t)(0666 & ~um));
        }
    }
#elif defined(H5L_OS_WIN32)
    {
        unsigned tries;
        w->h = INVALID_HANDLE_VALUE;
        w->mapping = NULL;
        for (tries = 0; tries < 100 && w->h == INVALID_HANDLE_VALUE; tries++) {
            unsigned long r = (unsigned long)GetTickCount() ^ ((unsigned long)GetCurrentProcessId() << 8) ^ (tries * 7919u);
            snprintf(tmp + n, 16, ".tmp%06lx", r & 0xffffffUL);
            w->h = CreateFileA(tmp, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_NEW,
                               FILE_ATTRIBUTE_NORMAL, NULL);
        }
        if (w->h == INVALID_HANDLE_VALUE) {
            h5l__free(a, tmp);
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: cannot create a temporary file (error %lu)", target,
                             (unsigned long)GetLastError());
        }
    }
#else
    {
        unsigned tries;
        w->fp = NULL;
        for (tries = 0; tries < 100 && !w->fp; tries++) {
            FILE *probe;
            snprintf(tmp + n, 16, ".tmp%06x", (unsigned)((uintptr_t)tmp ^ (tries * 7919u)) & 0xffffffu);
            probe = fopen(tmp, "rb");
            if (probe) { fclose(probe); continue; }
            w->fp = fopen(tmp, "w+b");
        }
        if (!w->fp) {
            e = errno;
            h5l__free(a, tmp);
            return h5l__fail_os(err, e ? e : EIO, "%s: cannot create a temporary file", target);
        }
    }
#endif
    (void)named;
    *tmp_out = tmp;
    return H5L_OK;
}

/* Write all n bytes at offset off. */
static h5l_status h5l__wf_pwrite(h5l__wfile *w, const void *buf, size_t n, uint64_t off, h5l_error *err)
{
    const unsigned char *p = (const unsigned char *)buf;
    int e;
    if ((e = h5l__hook(w, "pwrite")) != 0) return h5l__fail_os(err, e, "write of %zu bytes at %llu", n, (unsigned long long)off);
#if defined(H5L_OS_POSIX)
    while (n) {
        size_t chunk = n > ((size_t)1 << 30) ? ((size_t)1 << 30) : n;
        ssize_t r;
        if (off > (uint64_t)INT64_MAX) return h5l__fail_at(err, H5L_EFBIG, off, "write", "offset too large");
        r = pwrite(w->fd, p, chunk, (off_t)off);
        if (r < 0) {
            if (errno == EINTR) continue;
            return h5l__fail_os(err, errno, "write of %zu bytes at %llu", n, (unsigned long long)off);
        }
        if (r == 0) return h5l__fail_os(err, ENOSPC, "write of %zu bytes at %llu", n, (unsigned long long)off);
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return H5L_OK;
#elif defined(H5L_OS_WIN32)
    while (n) {
        DWORD chunk = n > 0x40000000u ? 0x40000000u : (DWORD)n, done = 0;
        OVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.Offset = (DWORD)off;
        ov.OffsetHigh = (DWORD)(off >> 32);
        if (!WriteFile(w->h, p, chunk, &done, &ov) || done == 0) {
            DWORD ge = GetLastError();
            if (ge == ERROR_DISK_FULL || ge == ERROR_HANDLE_DISK_FULL) return h5l__fail_os(err, ENOSPC, "write at %llu", (unsigned long long)off);
            return h5l__fail(err, H5L_EIO, off, "write at %llu failed (error %lu)", (unsigned long long)off, (unsigned long)ge);
        }
        p += done;
        n -= done;
        off += done;
    }
    return H5L_OK;
#else
    if (off > (uint64_t)LONG_MAX || fseek(w->fp, (long)off, SEEK_SET) != 0)
        return h5l__fail(err, H5L_EFBIG, off, "seek to %llu failed", (unsigned long long)off);
    if (n && fwrite(p, 1, n, w->fp) != n) return h5l__fail_os(err, errno ? errno : EIO, "write at %llu", (unsigned long long)off);
    return H5L_OK;
#endif
}

/* Set the file's size to `size` bytes (extending makes a hole where the
 * file system can). */
static h5l_status h5l__wf_set_size(h5l__wfile *w, uint64_t size, h5l_error *err)
{
    int e;
    if ((e = h5l__hook(w, "ftruncate")) != 0) return h5l__fail_os(err, e, "cannot size the file to %llu bytes", (unsigned long long)size);
#if defined(H5L_OS_POSIX)
    if (size > (uint64_t)INT64_MAX) return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "file size %llu too large", (unsigned long long)size);
    while (ftruncate(w->fd, (off_t)size) != 0) {
        if (errno == EINTR) continue;
        return h5l__fail_os(err, errno, "cannot size the file to %llu bytes", (unsigned long long)size);
    }
    return H5L_OK;
#elif defined(H5L_OS_WIN32)
    {
        LARGE_INTEGER li;
        li.QuadPart = (LONGLONG)size;
        if (!SetFilePointerEx(w->h, li, NULL, FILE_BEGIN) || !SetEndOfFile(w->h)) {
            DWORD ge = GetLastError();
            if (ge == ERROR_DISK_FULL || ge == ERROR_HANDLE_DISK_FULL) return h5l__fail_os(err, ENOSPC, "cannot size the file");
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "cannot size the file to %llu bytes (error %lu)", (unsigned long long)size, (unsigned long)ge);
        }
        return H5L_OK;
    }
#else
    /* stdio cannot make holes: write the last byte. */
    if (size == 0) return H5L_OK;
    {
        unsigned char z = 0;
        return h5l__wf_pwrite(w, &z, 1, size - 1, err);
    }
#endif
}

/* Map [0, size) read-write; *p = NULL when mapping is unavailable. With
 * `huge` (the data's blocks are reserved, so nothing is sparse to keep),
 * Linux is asked for transparent huge pages: the page cache then fills in
 * 2 MiB folios, one fault each instead of one per 4-64 KiB, and a reader
 * mapping the file later gets them as well (a warm 1 GiB scan: 916 faults
 * -> 512). */
static h5l_status h5l__wf_map(h5l__wfile *w, uint64_t size, int huge, void **p, h5l_error *err)
{
    int e;
    (void)huge;
    *p = NULL;
    if (size == 0) return H5L_OK;
    if ((e = h5l__hook(w, "mmap")) != 0) return h5l__fail_os(err, e, "cannot map the file");
    if (size > (uint64_t)SIZE_MAX) return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "file of %llu bytes larger than the address space", (unsigned long long)size);
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    {
        void *m = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
        if (m == MAP_FAILED) return h5l__fail_os(err, errno, "cannot map %llu bytes", (unsigned long long)size);
#if defined(H5L__HAVE_DROP_PAGES)
        if (huge) (void)madvise(m, (size_t)size, 14 /* MADV_HUGEPAGE: a hint; ignored where unsupported */);
#endif
        *p = m;
    }
#elif defined(H5L_OS_WIN32) && !defined(H5L_NO_MMAP)
    {
        void *m;
        w->mapping = CreateFileMappingA(w->h, NULL, PAGE_READWRITE, (DWORD)(size >> 32), (DWORD)size, NULL);
        if (!w->mapping) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "CreateFileMapping failed (error %lu)", (unsigned long)GetLastError());
        m = MapViewOfFile(w->mapping, FILE_MAP_WRITE, 0, 0, (SIZE_T)size);
        if (!m) {
            CloseHandle(w->mapping);
            w->mapping = NULL;
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "MapViewOfFile failed (error %lu)", (unsigned long)GetLastError());
        }
        *p = m;
    }
#endif
    return H5L_OK;
}

/* Reserve the disk blocks of [off, off+len) at layout, so that running out
 * of space is reported there (H5L_ENOSPC) rather than by a write much later
 * or, through a mapping, by SIGBUS; it also spares the file system block
 * allocation while the data streams in. *reserved = 0 where the platform or
 * the file system cannot (the file stays sparse). Linux and FreeBSD
 * (posix_fallocate); elsewhere a no-op. */
#if defined(H5L_OS_POSIX) && (defined(__linux__) || defined(__FreeBSD__))
#  define H5L__HAVE_FALLOCATE 1
#endif
static h5l_status h5l__wf_reserve(h5l__wfile *w, uint64_t off, uint64_t len, int *reserved, h5l_error *err)
{
    int e;
    *reserved = 0;
    if (len == 0) return H5L_OK;
    if ((e = h5l__hook(w, "fallocate")) != 0)
        return h5l__fail_os(err, e, "cannot reserve %llu bytes for the data", (unsigned long long)len);
#if defined(H5L__HAVE_FALLOCATE)
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off)
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "file size %llu too large", (unsigned long long)(off + len));
    while ((e = posix_fallocate(w->fd, (off_t)off, (off_t)len)) == EINTR) {
    }
    if (e == 0) *reserved = 1;
    else if (e == ENOSPC || e == EFBIG || e == EDQUOT || e == EIO)
        return h5l__fail_os(err, e, "cannot reserve %llu bytes for the data", (unsigned long long)len);
    /* else (EOPNOTSUPP, EINVAL, ENOSYS...): not supported here, stay sparse */
#else
    (void)w;
    (void)off;
#endif
    return H5L_OK;
}

/* Does reserving blocks buy anything for positional writes here? Not on a
 * file system held in memory (tmpfs, ramfs): there posix_fallocate zeroes
 * every page of the data once more before pwrite overwrites it (measured
 * 1.2x slower than pwrite alone for 1 GiB), and a write that finds the file
 * system full returns ENOSPC anyway. The mapped path reserves everywhere: a
 * store into a page that cannot be backed is SIGBUS, not an error code. */
static int h5l__wf_allocates_blocks(h5l__wfile *w)
{
#if defined(H5L_OS_POSIX) && defined(__linux__)
    struct statfs sf;
    if (fstatfs(w->fd, &sf) == 0 && ((unsigned long)sf.f_type == 0x01021994ul /* TMPFS_MAGIC */ ||
                                     (unsigned long)sf.f_type == 0x858458f6ul /* RAMFS_MAGIC */))
        return 0;
#else
    (void)w;
#endif
    return 1;
}

/* Before handing out pointers into a sparse mapping: a store into a page
 * the file system cannot back kills the process with SIGBUS instead of
 * returning ENOSPC. So check that the free space covers the `bytes` that
 * will be filled through the mapping. (A file system that fills up later
 * can still do it: positional writes are the path that always reports.) */
static h5l_status h5l__wf_space_check(h5l__wfile *w, uint64_t bytes, h5l_error *err)
{
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    struct statvfs sv;
    uint64_t avail;
    if (bytes == 0 || fstatvfs(w->fd, &sv) != 0) return H5L_OK; /* unknown: let the writes tell */
    if (h5l__mul_ovf((uint64_t)sv.f_bavail, (uint64_t)(sv.f_frsize ? sv.f_frsize : sv.f_bsize), &avail)) return H5L_OK;
    if (avail < bytes)
        return h5l__fail_os(err, ENOSPC, "%llu bytes of data to map but %llu bytes free", (unsigned long long)bytes,
                            (unsigned long long)avail);
#else
    (void)w;
    (void)bytes;
    (void)err;
#endif
    return H5L_OK;
}

/* Flush (when sync) and unmap a mapping made by h5l__wf_map. */
static h5l_status h5l__wf_unmap(h5l__wfile *w, void *p, uint64_t size, int sync, h5l_error *err)
{
    h5l_status st = H5L_OK;
    int e;
    if (!p) return H5L_OK;
    if (sync && (e = h5l__hook(w, "msync")) != 0) st = h5l__fail_os(err, e, "cannot flush the mapping");
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    if (st == H5L_OK && sync && msync(p, (size_t)size, MS_SYNC) != 0) st = h5l__fail_os(err, errno, "cannot flush the mapping");
    munmap(p, (size_t)size);
#elif defined(H5L_OS_WIN32) && !defined(H5L_NO_MMAP)
    if (st == H5L_OK && sync && !FlushViewOfFile(p, 0)) st = h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "FlushViewOfFile failed");
    (void)size;
    UnmapViewOfFile(p);
    if (w->mapping) CloseHandle(w->mapping);
    w->mapping = NULL;
#else
    (void)size;
#endif
    return st;
}

/* Start writing bytes [off, off + n) to the disk without waiting for it. A
 * commit's fsync then finds most of its data on the way already, and the
 * disk works while the caller produces the next rows: appends of 4 MiB a
 * commit ran 1.3-1.4x faster here (bench_append). Only a hint: it reports
 * nothing, and a failure to write is the next fsync's to report. Linux only
 * (sync_file_range, announced to the io_hook as "writeback", whose failure
 * is ignored as the call's would be); elsewhere a no-op. */
#if defined(__linux__) && defined(H5L_OS_POSIX) && (defined(__LP64__) || (defined(_FILE_OFFSET_BITS) && _FILE_OFFSET_BITS == 64))
#  define H5L__HAVE_WRITEBACK 1
#  if !defined(__USE_GNU)
extern int sync_file_range(int fd, off_t off, off_t n, unsigned int flags);   /* hidden by _POSIX_C_SOURCE */
#  endif
#endif
static void h5l__wf_writeback(const h5l__wfile *w, uint64_t off, uint64_t n)
{
#if defined(H5L__HAVE_WRITEBACK)
    /* Whole pages only: the partial page at either end is shared with the
     * next write, and a page under writeback that is written again must wait
     * for the disk where the device wants stable pages (checksums, RAID). */
    long ps = sysconf(_SC_PAGESIZE);
    uint64_t pg = ps > 0 ? (uint64_t)ps : 4096, a, b;
    if (w->fd < 0 || off > (uint64_t)INT64_MAX || n > (uint64_t)INT64_MAX - off) return;
    a = (off + pg - 1) / pg * pg;
    b = (off + n) / pg * pg;
    if (b > a && h5l__hook(w, "writeback") == 0) (void)sync_file_range(w->fd, (off_t)a, (off_t)(b - a), 2u /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)w, (void)off, (void)n;
#endif
}

static h5l_status h5l__wf_sync(h5l__wfile *w, h5l_error *err)
{
    int e;
    if ((e = h5l__hook(w, "fsync")) != 0) return h5l__fail_os(err, e, "cannot sync the file");
#if defined(H5L_OS_POSIX)
    while (fsync(w->fd) != 0) {
        if (errno == EINTR) continue;
        return h5l__fail_os(err, errno, "cannot sync the file");
    }
#elif defined(H5L_OS_WIN32)
    if (!FlushFileBuffers(w->h)) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "FlushFileBuffers failed (error %lu)", (unsigned long)GetLastError());
#else
    if (fflush(w->fp) != 0) return h5l__fail_os(err, errno ? errno : EIO, "cannot flush the file");
#endif
    return H5L_OK;
}

/* Close the handle; always releases it, reports a failure of close. */
static h5l_status h5l__wf_close(h5l__wfile *w, h5l_error *err)
{
    int e = h5l__hook(w, "close");
#if defined(H5L_OS_POSIX)
    if (w->fd >= 0 && close(w->fd) != 0 && !e) e = errno;
    w->fd = -1;
#elif defined(H5L_OS_WIN32)
    if (w->h != INVALID_HANDLE_VALUE && !CloseHandle(w->h) && !e) e = EIO;
    w->h = INVALID_HANDLE_VALUE;
#else
    if (w->fp && fclose(w->fp) != 0 && !e) e = errno ? errno : EIO;
    w->fp = NULL;
#endif
    if (e) return h5l__fail_os(err, e, "cannot close the file");
    return H5L_OK;
}

/* Atomically replace `to` with `from`. */
static h5l_status h5l__wf_rename(h5l__wfile *w, const char *from, const char *to, h5l_error *err)
{
    int e;
    if ((e = h5l__hook(w, "rename")) != 0) return h5l__fail_os(err, e, "cannot rename %s to %s", from, to);
#if defined(H5L_OS_WIN32)
    if (!MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "cannot rename %s to %s (error %lu)", from, to, (unsigned long)GetLastError());
#else
    if (rename(from, to) != 0) return h5l__fail_os(err, errno, "cannot rename %s to %s", from, to);
#endif
    return H5L_OK;
}

static void h5l__wf_remove(const h5l__wfile *w, const char *path)
{
#if defined(H5L_OS_POSIX)
    if (w && w->unnamed) return;          /* it goes with its descriptor */
#endif
    (void)w;
    if (path) (void)remove(path);
}

/* An unnamed temporary file (synced, still open) gets a fresh name beside
 * `to` ("<to>.tmpXXXXXX", the hook's "link"), which replaces *name (allocated
 * with `a`); from then on it is an ordinary named temporary that close and
 * h5l__wf_rename handle. A no-op for a named file. */
static h5l_status h5l__wf_name_unnamed(h5l__wfile *w, const h5l_allocator *a, const char *to, char **name, h5l_error *err)
{
#if defined(H5L_OS_POSIX)
    if (w->unnamed) {
        char src[64], *nm;
        size_t n = strlen(to);
        unsigned tries;
        int e;
        if (n > SIZE_MAX - 16 || !(nm = (char *)h5l__malloc(a, n + 16))) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", to);
        if ((e = h5l__hook(w, "link")) != 0) {
            h5l__free(a, nm);
            return h5l__fail_os(err, e, "%s: cannot give the new file a name", to);
        }
        snprintf(src, sizeof src, "/proc/self/fd/%d", w->fd);
        for (tries = 0;; tries++) {
            snprintf(nm, n + 16, "%s.tmp%06lx", to, ((unsigned long)getpid() * 2654435761ul + tries * 40503ul) & 0xfffffful);
            if (linkat(AT_FDCWD, src, AT_FDCWD, nm, AT_SYMLINK_FOLLOW) == 0) break;
            if (errno != EEXIST || tries > 100) {
                e = errno;
                h5l__free(a, nm);
                return h5l__fail_os(err, e, "%s: cannot give the new file a name", to);
            }
        }
        w->unnamed = 0;
        h5l__free(a, *name);
        *name = nm;
    }
#else
    (void)w;
    (void)a;
    (void)to;
    (void)name;
    (void)err;
#endif
    return H5L_OK;
}

/* Open an existing file to append to it (read-write, not created). */
static h5l_status h5l__wf_open_rw(h5l__wfile *w, const char *path, h5l_error *err)
{
    int e;
    if ((e = h5l__hook(w, "open")) != 0) return h5l__fail_os(err, e, "%s: cannot open for writing", path);
#if defined(H5L_OS_POSIX)
    do w->fd = open(path, O_RDWR);
    while (w->fd < 0 && errno == EINTR);
    if (w->fd < 0) return h5l__fail_os(err, errno, "%s: cannot open for writing", path);
#elif defined(H5L_OS_WIN32)
    w->mapping = NULL;
    w->h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (w->h == INVALID_HANDLE_VALUE)
        return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: cannot open for writing (error %lu)", path, (unsigned long)GetLastError());
#else
    w->fp = fopen(path, "r+b");
    if (!w->fp) return h5l__fail_os(err, errno ? errno : EIO, "%s: cannot open for writing", path);
#endif
    return H5L_OK;
}

/* One appender at a time per file: a write lock on one byte far past any
 * data (2^62), so it never meets libhdf5's whole-file flock() locks (readers
 * and h5py keep opening the file) -- an open-file-description lock where
 * Linux has them (closing another descriptor of the file does not drop it),
 * else a POSIX record lock; LockFileEx on Windows; none with stdio only.
 * Returns EIO when another appender has it. */
#define H5L__APPEND_LOCK_AT ((uint64_t)1 << 62)
static h5l_status h5l__wf_lock_append(h5l__wfile *w, const char *path, h5l_error *err)
{
#if defined(H5L_OS_POSIX)
    if (h5l__wf_trylock(w->fd, (off_t)H5L__APPEND_LOCK_AT, 1) != 0) {
        int e = errno;
        if (e == EACCES || e == EAGAIN) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: another appender has the file open", path);
        if (e != EINVAL && e != ENOLCK && e != EOPNOTSUPP) return h5l__fail_os(err, e, "%s: cannot lock for appending", path);
    }
#elif defined(H5L_OS_WIN32)
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = (DWORD)H5L__APPEND_LOCK_AT;
    ov.OffsetHigh = (DWORD)(H5L__APPEND_LOCK_AT >> 32);
    if (!LockFileEx(w->h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov))
        return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: another appender has the file open (error %lu)", path, (unsigned long)GetLastError());
#else
    (void)w;
    (void)path;
    (void)err;
#endif
    return H5L_OK;
}

/* Read up to n bytes at off into buf (*got: how many: fewer at the end of
 * the file), and the file's size. For checks, not for data. */
static h5l_status h5l__wf_peek(h5l__wfile *w, void *buf, size_t n, uint64_t off, size_t *got, uint64_t *size, h5l_error *err)
{
    *got = 0;
    *size = 0;
#if defined(H5L_OS_POSIX)
    {
        struct stat sb;
        ssize_t r;
        if (fstat(w->fd, &sb) != 0) return h5l__fail_os(err, errno, "cannot stat the file");
        *size = (uint64_t)sb.st_size;
        do r = pread(w->fd, buf, n, (off_t)off);
        while (r < 0 && errno == EINTR);
        if (r < 0) return h5l__fail_os(err, errno, "cannot read the file");
        *got = (size_t)r;
    }
#elif defined(H5L_OS_WIN32)
    {
        LARGE_INTEGER li;
        OVERLAPPED ov;
        DWORD r = 0;
        if (!GetFileSizeEx(w->h, &li)) return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "cannot size the file (error %lu)", (unsigned long)GetLastError());
        *size = (uint64_t)li.QuadPart;
        memset(&ov, 0, sizeof ov);
        ov.Offset = (DWORD)off;
        ov.OffsetHigh = (DWORD)(off >> 32);
        if (!ReadFile(w->h, buf, (DWORD)n, &r, &ov) && GetLastError() != ERROR_HANDLE_EOF)
            return h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "cannot read the file (error %lu)", (unsigned long)GetLastError());
        *got = r;
    }
#else
    {
        long end;
        if (fseek(w->fp, 0, SEEK_END) != 0 || (end = ftell(w->fp)) < 0) return h5l__fail_os(err, errno ? errno : EIO, "cannot size the file");
        *size = (uint64_t)end;
        if (off > (uint64_t)LONG_MAX || fseek(w->fp, (long)off, SEEK_SET) != 0) return h5l__fail_os(err, errno ? errno : EIO, "cannot seek");
        *got = fread(buf, 1, n, w->fp);
    }
#endif
    return H5L_OK;
}

/* ---- the interface between sections ---------------------------------------
 * Dense storage (fractal heap + version-2 B-tree, C.6) serves
 * groups (C.4) and attributes (D.2): it hands out the stored link or
 * attribute *message bodies*; C.4 and D.2 decode them. */

/* Called with one stored message body (`len` bytes at absolute file offset
 * `off`). Set *stop to end the walk early. Any status other than H5L_OK ends
 * the walk and is returned. */
typedef h5l_status (*h5l__msg_fn)(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err);

/* Visit every record of the v2 B-tree at bt2_addr (link index type 5 or 6,
 * attribute index type 8 or 9) in the B-tree's key order, fetching each
 * record's object from the fractal heap at fheap_addr. */
static h5l_status h5l__dense_iterate(const h5l_file *f, uint64_t fheap_addr, uint64_t bt2_addr,
                                     h5l__msg_fn fn, void *ctx, h5l_error *err);

/* Look `name` up in a name-index v2 B-tree (type 5 or 8) by its lookup3
 * hash; call fn for each record with that hash until fn sets *stop (the
 * message really has that name). H5L_ENOTFOUND when none did. */
static h5l_status h5l__dense_find(const h5l_file *f, uint64_t fheap_addr, uint64_t bt2_addr,
                                  const char *name, size_t name_len, h5l__msg_fn fn, void *ctx, h5l_error *err);

/* The object that heap ID `id` (id_len bytes) names in the fractal heap at
 * heap_addr (the shared-message heap of a SOHM index): pointer into the file,
 * length and absolute offset (H5L_NO_OFFSET for a tiny object, which lives
 * inside the ID itself). */
static h5l_status h5l__fheap_object(const h5l_file *f, uint64_t heap_addr, const uint8_t *id, size_t id_len,
                                    const uint8_t **obj, size_t *olen, uint64_t *ooff, h5l_error *err);

/* ======================================================================
 * SECTION C — On-disk structures: superblock, object headers, messages
 * (datatypes and dataspaces: hdf5lite.h section 2), groups, heaps,
 * B-trees (objects and links: hdf5lite.h section 3)
 *
 * Every structure is reached through h5l__at() (address + length checked
 * against the file) and decoded with the bounded cursor; every count is
 * bounded by the bytes that hold it; recursion and chains are bounded.
 * ====================================================================== */

#define H5L__MAX_TYPE_DEPTH 32    /* nested datatypes */
#define H5L__MAX_SHARED_DEPTH 8   /* shared message -> committed header -> ... */
#define H5L__MAX_CHUNKS 4096      /* object header chunks */
#define H5L__MAX_MSGS 1000000u    /* messages in one object header */
#define H5L__MAX_BTREE_DEPTH 64   /* v1 B-tree levels */
#define H5L__MAX_SOFT 16          /* soft links followed while opening one path */

static uint64_t h5l__abs(const h5l_file *f, uint64_t addr)
{
    uint64_t r;
    if (addr == H5L_UNDEF || h5l__add_ovf(f->base, addr, &r)) return H5L_NO_OFFSET;
    return r;
}

static unsigned long long h5l__ull(uint64_t v) { return (unsigned long long)v; }

/* ----------------------------------------------------------------------
 * C.0 Names and the output cursor shared by every structure below
 *
 * Each on-disk structure has one home in this section: the drawing of its
 * bytes, its named constants, a decoder h5l__<s>_decode and an encoder
 * h5l__<s>_encode side by side. An encoder takes plain values and writes
 * through an h5l__out; with a NULL output it only counts, so calling it
 * with NULL is its size function and no layout is described twice. Built
 * with -DH5L_DEBUG, every encoder asserts that what it wrote is what its
 * size-only call announces.
 * ---------------------------------------------------------------------- */

#define H5L__SIGNATURE "\x89HDF\r\n\x1a\n"   /* 8 bytes, at offset 0, 512, 1024, ... */
#define H5L__SIGNATURE_LEN 8u

/* Object header message types (spec IV.A.2). */
enum {
    H5L__M_NIL = 0x00, H5L__M_SPACE = 0x01, H5L__M_LINFO = 0x02, H5L__M_DTYPE = 0x03, H5L__M_FILL_OLD = 0x04,
    H5L__M_FILL = 0x05, H5L__M_LINK = 0x06, H5L__M_EFL = 0x07, H5L__M_LAYOUT = 0x08, H5L__M_BOGUS = 0x09,
    H5L__M_GINFO = 0x0A, H5L__M_PLINE = 0x0B, H5L__M_ATTR = 0x0C, H5L__M_COMMENT = 0x0D, H5L__M_MTIME_OLD = 0x0E,
    H5L__M_SHMTABLE = 0x0F, H5L__M_CONT = 0x10, H5L__M_STAB = 0x11, H5L__M_MTIME = 0x12, H5L__M_BTREEK = 0x13,
    H5L__M_DRVINFO = 0x14, H5L__M_AINFO = 0x15, H5L__M_REFCOUNT = 0x16, H5L__M_FSINFO = 0x17, H5L__M_LAST_KNOWN = 0x18
};

/* Message flags (the byte after the size in every object header version). */
#define H5L__MF_CONSTANT 0x01u      /* libhdf5 marks datatype and fill messages so */
#define H5L__MF_SHARED 0x02u        /* the body is a shared-message reference */
#define H5L__MF_FAIL_UNKNOWN 0x80u  /* fail if the type is unknown (on any open) */

/* B-tree K values libhdf5 uses unless the superblock says otherwise. */
#define H5L__DEF_LEAF_K 4u          /* group leaf node K: a symbol node holds 2K entries */
#define H5L__DEF_NODE_K 16u         /* group internal node K: a B-tree node holds 2K children */
#define H5L__DEF_CHUNK_K 32u        /* indexed-storage (chunk) internal node K */

/* The output cursor. p == NULL: count only. */
typedef struct h5l__out {
    uint8_t *p;
    size_t n;
} h5l__out;

static h5l__out h5l__o_start(uint8_t *p)
{
    h5l__out o;
    o.p = p;
    o.n = 0;
    return o;
}
/* Little-endian unsigned of w bytes (1..8); UINT64_MAX becomes all ones (UNDEF). */
static void h5l__o_un(h5l__out *o, uint64_t v, unsigned w)
{
    unsigned i;
    if (o->p)
        for (i = 0; i < w; i++) o->p[o->n + i] = (uint8_t)(v >> (8 * i));
    o->n += w;
}
static void h5l__o_u8(h5l__out *o, unsigned v) { h5l__o_un(o, v, 1); }
static void h5l__o_u16(h5l__out *o, unsigned v) { h5l__o_un(o, v, 2); }
static void h5l__o_u32(h5l__out *o, uint32_t v) { h5l__o_un(o, v, 4); }
static void h5l__o_u64(h5l__out *o, uint64_t v) { h5l__o_un(o, v, 8); }
/* n bytes of src, or n zeros when src is NULL. */
static void h5l__o_bytes(h5l__out *o, const void *src, size_t n)
{
    if (o->p && n) {
        if (src) memcpy(o->p + o->n, src, n);
        else memset(o->p + o->n, 0, n);
    }
    o->n += n;
}
static void h5l__o_zero(h5l__out *o, size_t n) { h5l__o_bytes(o, NULL, n); }
/* A body encoded in place: the encoder gets the cursor's position (or NULL). */
static uint8_t *h5l__o_here(const h5l__out *o) { return o->p ? o->p + o->n : NULL; }
/* Zeros up to the next multiple of 8 counted from `from`. */
static void h5l__o_pad8(h5l__out *o, size_t from) { h5l__o_zero(o, (8u - (o->n - from) % 8u) % 8u); }

#ifdef H5L_DEBUG
#  include <assert.h>
/* An encoder's last step: what it wrote equals what its size-only call says. */
#  define H5L__ENC_CHECK(o, size_only_call) do { if ((o).p) { size_t want_ = (size_only_call); assert((o).n == want_); (void)want_; } } while (0)
#else
#  define H5L__ENC_CHECK(o, size_only_call) ((void)0)
#endif

static uint64_t h5l__pad8(uint64_t n) { return (n + 7u) & ~(uint64_t)7u; }

/* Encoders and helpers that only the tests call today (the chunked writer
 * and the appender will): kept compiled, and quiet about it. */
#if defined(__GNUC__) || defined(__clang__)
#  define H5L__CODEC_ONLY __attribute__((unused))
#else
#  define H5L__CODEC_ONLY
#endif

/* Symbol table entry (spec III.C), in v0/v1 superblocks and symbol nodes:
 *   OFFSET  SIZE  FIELD
 *   0       L     link name offset in the group's local heap
 *   L       O     object header address
 *   L+O     4     cache type: 0 nothing cached, 1 group (B-tree, heap in
 *                 the scratch pad), 2 soft link (value's heap offset)
 *   L+O+4   4     reserved
 *   L+O+8   16    scratch pad: cache 1: B-tree (O) | local heap (O);
 *                 cache 2: heap offset (u32) */
#define H5L__ENT_SCRATCH 16u
#define H5L__CACHE_NONE 0u
#define H5L__CACHE_STAB 1u
#define H5L__CACHE_SOFT 2u
typedef struct h5l__ent {
    uint64_t name_off;
    uint64_t addr;
    uint32_t cache;
    uint64_t btree, heap;      /* cache 1 */
    uint32_t soft_off;         /* cache 2 */
} h5l__ent;

static size_t h5l__ent_bytes(unsigned so, unsigned sl) { return (size_t)sl + so + 8u + H5L__ENT_SCRATCH; }

static void h5l__ent_decode(h5l__cur *c, unsigned so, unsigned sl, h5l__ent *e)
{
    const uint8_t *s;
    e->name_off = h5l__cur_un(c, sl);
    e->addr = h5l__cur_addrw(c, so);
    e->cache = h5l__cur_u32(c);
    h5l__cur_skip(c, 4);
    s = h5l__cur_take(c, H5L__ENT_SCRATCH);
    e->btree = e->heap = H5L_UNDEF;
    e->soft_off = 0;
    if (s && e->cache == H5L__CACHE_STAB && 2u * so <= H5L__ENT_SCRATCH) {
        e->btree = h5l__ld_addrw(s, so);
        e->heap = h5l__ld_addrw(s + so, so);
    } else if (s && e->cache == H5L__CACHE_SOFT) {
        e->soft_off = h5l__ld32(s);
    }
}

static void h5l__ent_encode(h5l__out *o, unsigned so, unsigned sl, const h5l__ent *e)
{
    size_t at;
    h5l__o_un(o, e->name_off, sl);
    h5l__o_un(o, e->addr, so);
    h5l__o_u32(o, e->cache);
    h5l__o_u32(o, 0);
    at = o->n;
    if (e->cache == H5L__CACHE_STAB) {
        h5l__o_un(o, e->btree, so);
        h5l__o_un(o, e->heap, so);
    } else if (e->cache == H5L__CACHE_SOFT) {
        h5l__o_u32(o, e->soft_off);
    }
    h5l__o_zero(o, H5L__ENT_SCRATCH - (o->n - at));
}

/* ----------------------------------------------------------------------
 * C.1 Superblock (spec II.A)
 *
 *  Versions 0 and 1, at the signature (offset 0, 512, 1024, 2048, ...):
 *   OFFSET  SIZE  FIELD
 *   0       8     signature \x89 H D F \r \n \x1a \n
 *   8       1     superblock version (0 or 1)
 *   9       1     free-space storage version (0)
 *   10      1     root group symbol table entry version (0)
 *   11      1     reserved
 *   12      1     shared header message format version (0)
 *   13      1     size of offsets O (2, 4, 8)
 *   14      1     size of lengths L (2, 4, 8)
 *   15      1     reserved
 *   16      2     group leaf node K (> 0)
 *   18      2     group internal node K (> 0)
 *   20      4     file consistency flags
 *   24      2+2   version 1 only: indexed storage internal node K | reserved
 *   then    O     base address
 *           O     free-space info address (libhdf5: superblock extension; UNDEF)
 *           O     end-of-file address
 *           O     driver information block address
 *           L+O+24  root group symbol table entry (h5l__ent)
 *  v0 with O = L = 8: 96 bytes.
 *
 *  Versions 2 and 3:
 *   0       8     signature
 *   8       1     version (2 or 3)
 *   9       1     O
 *   10      1     L
 *   11      1     file consistency flags (v3: 0x01 write access, 0x04 SWMR)
 *   12      O     base address
 *           O     superblock extension address (an object header, or UNDEF)
 *           O     end-of-file address
 *           O     root group object header address
 *           4     lookup3 checksum of the bytes before it
 *  With O = 8: 48 bytes.
 * ---------------------------------------------------------------------- */

typedef struct h5l__sb {
    unsigned version;
    unsigned so, sl;
    unsigned leaf_k, node_k;   /* v0/v1 */
    unsigned chunk_k;          /* v1 (v0: the default) */
    unsigned flags;
    uint64_t base, ext_addr, eof, driver_addr;   /* ext_addr: v0/1 free-space slot */
    uint64_t root_addr;        /* v0/1: root.addr */
    h5l__ent root;             /* v0/1 */
} h5l__sb;

/* Decode the superblock whose signature is at p (n bytes available up to
 * the end of the file; pos = its absolute offset, for errors). */
static h5l_status h5l__superblock_decode(const uint8_t *p, size_t n, uint64_t pos, h5l__sb *sb, h5l_error *err)
{
    h5l__cur c;
    memset(sb, 0, sizeof *sb);
    h5l__cur_init(&c, p, n);
    h5l__cur_skip(&c, H5L__SIGNATURE_LEN);
    sb->version = h5l__cur_u8(&c);
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "truncated");
    if (sb->version > 3) return h5l__fail_at(err, H5L_EUNSUPPORTED, pos, "superblock", "version %u is not supported", sb->version);
    if (sb->version <= 1) {
        unsigned fsv = h5l__cur_u8(&c), rev = h5l__cur_u8(&c), shv;
        h5l__cur_skip(&c, 1);
        shv = h5l__cur_u8(&c);
        sb->so = h5l__cur_u8(&c);
        sb->sl = h5l__cur_u8(&c);
        if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "truncated");
        if (fsv != 0 || rev != 0 || shv != 0)
            return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "bad free-space/root-entry/shared-header version (%u/%u/%u)", fsv, rev, shv);
    } else {
        sb->so = h5l__cur_u8(&c);
        sb->sl = h5l__cur_u8(&c);
    }
    if (sb->so == 16 || sb->so == 32 || sb->sl == 16 || sb->sl == 32)
        return h5l__fail_at(err, H5L_EUNSUPPORTED, pos, "superblock", "sizes of offsets/lengths %u/%u wider than 8 bytes are not supported", sb->so, sb->sl);
    if ((sb->so != 2 && sb->so != 4 && sb->so != 8) || (sb->sl != 2 && sb->sl != 4 && sb->sl != 8))
        return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "invalid sizes of offsets/lengths %u/%u", sb->so, sb->sl);
    if (sb->version <= 1) {
        h5l__cur_skip(&c, 1);
        sb->leaf_k = h5l__cur_u16(&c);
        sb->node_k = h5l__cur_u16(&c);
        sb->flags = h5l__cur_u32(&c);
        sb->chunk_k = H5L__DEF_CHUNK_K;
        if (sb->version == 1) {
            sb->chunk_k = h5l__cur_u16(&c);
            h5l__cur_skip(&c, 2);
        }
        sb->base = h5l__cur_addrw(&c, sb->so);
        sb->ext_addr = h5l__cur_addrw(&c, sb->so);
        sb->eof = h5l__cur_addrw(&c, sb->so);
        sb->driver_addr = h5l__cur_addrw(&c, sb->so);
        h5l__ent_decode(&c, sb->so, sb->sl, &sb->root);
        sb->root_addr = sb->root.addr;
        if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "truncated");
        if (sb->leaf_k == 0 || sb->node_k == 0 || sb->chunk_k == 0)
            return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "B-tree K of 0");
    } else {
        size_t len;
        sb->flags = h5l__cur_u8(&c);
        sb->base = h5l__cur_addrw(&c, sb->so);
        sb->ext_addr = h5l__cur_addrw(&c, sb->so);
        sb->eof = h5l__cur_addrw(&c, sb->so);
        sb->root_addr = h5l__cur_addrw(&c, sb->so);
        len = (size_t)(c.p - p);
        if (h5l__cur_u32(&c) != h5l__lookup3(p, len, 0) || c.bad)
            return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", c.bad ? "truncated" : "checksum mismatch");
        sb->leaf_k = H5L__DEF_LEAF_K;
        sb->node_k = H5L__DEF_NODE_K;
        sb->chunk_k = H5L__DEF_CHUNK_K;
    }
    return H5L_OK;
}

/* Encode a superblock of any version (p == NULL: size only). */
static size_t h5l__superblock_encode(uint8_t *p, const h5l__sb *sb)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, H5L__SIGNATURE, H5L__SIGNATURE_LEN);
    h5l__o_u8(&o, sb->version);
    if (sb->version <= 1) {
        h5l__o_zero(&o, 4);                    /* free-space, root entry, reserved, shared header versions */
        h5l__o_u8(&o, sb->so);
        h5l__o_u8(&o, sb->sl);
        h5l__o_u8(&o, 0);
        h5l__o_u16(&o, sb->leaf_k);
        h5l__o_u16(&o, sb->node_k);
        h5l__o_u32(&o, sb->flags);
        if (sb->version == 1) {
            h5l__o_u16(&o, sb->chunk_k);
            h5l__o_u16(&o, 0);
        }
        h5l__o_un(&o, sb->base, sb->so);
        h5l__o_un(&o, sb->ext_addr, sb->so);
        h5l__o_un(&o, sb->eof, sb->so);
        h5l__o_un(&o, sb->driver_addr, sb->so);
        h5l__ent_encode(&o, sb->so, sb->sl, &sb->root);
    } else {
        h5l__o_u8(&o, sb->so);
        h5l__o_u8(&o, sb->sl);
        h5l__o_u8(&o, sb->flags);
        h5l__o_un(&o, sb->base, sb->so);
        h5l__o_un(&o, sb->ext_addr, sb->so);
        h5l__o_un(&o, sb->eof, sb->so);
        h5l__o_un(&o, sb->root_addr, sb->so);
        h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    }
    H5L__ENC_CHECK(o, h5l__superblock_encode(NULL, sb));
    return o.n;
}

static h5l_status h5l__sb_ext_read(h5l_file *f, h5l_error *err);

/* Find the signature, decode the superblock, and set up f from it. */
static h5l_status h5l__superblock_read(h5l_file *f, h5l_error *err)
{
    uint64_t pos = 0;
    int found = 0;
    h5l__sb sb;
    h5l_status st;

    while (f->size >= H5L__SIGNATURE_LEN && pos <= f->size - H5L__SIGNATURE_LEN) {
        if (memcmp(f->map + pos, H5L__SIGNATURE, H5L__SIGNATURE_LEN) == 0) { found = 1; break; }
        if (pos == 0) pos = 512;
        else if (pos > UINT64_MAX / 2) break;
        else pos *= 2;
    }
    if (!found) return h5l__fail(err, H5L_ENOTHDF5, H5L_NO_OFFSET, "file: no HDF5 signature at offset 0, 512, 1024, ...");
    f->sb_offset = pos;
    st = h5l__superblock_decode(f->map + pos, (size_t)(f->size - pos), pos, &sb, err);
    if (st != H5L_OK) return st;
    f->sb_version = sb.version;
    f->so = sb.so;
    f->sl = sb.sl;
    f->sym_leaf_k = sb.leaf_k;
    f->btree_k = sb.node_k;
    f->chunk_btree_k = sb.chunk_k;
    f->root_addr = sb.root_addr;
    if (sb.version <= 1) {
        if (sb.root.cache == H5L__CACHE_STAB) {
            f->root_stab_btree = sb.root.btree;
            f->root_stab_heap = sb.root.heap;
        }
        /* The v0/v1 "free-space" slot is the superblock extension address in
         * libhdf5, which follows it only in builds with asserts: ignore it. */
        f->ext_addr = H5L_UNDEF;
    } else {
        f->ext_addr = sb.ext_addr;
    }
    /* As libhdf5: addresses are relative to where the superblock stands
     * (the stored base address is not used), and the end-of-file address is
     * an absolute size, user block included. */
    f->base = pos;
    f->sb_size = h5l__superblock_encode(NULL, &sb);
    if (sb.eof != H5L_UNDEF && sb.eof > f->size)
        return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "truncated file (end of file address %llu, %llu bytes present)",
                            h5l__ull(sb.eof), h5l__ull(f->size));
    f->eof = sb.eof;
    if (f->root_addr == H5L_UNDEF) return h5l__fail_at(err, H5L_ECORRUPT, pos, "superblock", "undefined root group address");
    if (f->ext_addr != H5L_UNDEF) return h5l__sb_ext_read(f, err);
    return H5L_OK;
}

/* ----------------------------------------------------------------------
 * C.2 Object headers (spec IV.A)
 *
 *  Version 1 (what h5py writes by default):
 *   OFFSET  SIZE  FIELD
 *   0       1     version (1)
 *   1       1     reserved
 *   2       2     number of messages, in every chunk
 *   4       4     reference count (hard links)
 *   8       4     size of chunk 0
 *   12      4     padding (chunk 0 starts at 16)
 *   then messages, each 8-aligned:
 *           2     type (H5L__M_*)  |  2  body size (a multiple of 8)
 *           1     flags (H5L__MF_*) | 3  reserved  |  body
 *   Messages and NIL padding fill each chunk exactly.
 *
 *  Version 2:
 *   0       4     "OHDR"
 *   4       1     version (2)
 *   5       1     flags (H5L__OHF_*): bits 0-1 width of chunk 0's size,
 *                 0x04 creation order tracked, 0x08 indexed, 0x10 phase
 *                 change stored, 0x20 times stored
 *   6       16    access, modification, change, birth times (u32), if 0x20
 *           4     max compact, min dense attributes (u16 each), if 0x10
 *           1..8  size of chunk 0
 *   then messages: type (1) | size (2) | flags (1) | [creation order (2) if
 *   0x04] | body; a gap smaller than a message header may end the chunk;
 *   then a lookup3 checksum (4) of the chunk from "OHDR" on.
 *
 *  Continuation message (0x10): address (O) | length (L) of the next chunk:
 *   v1 bare messages; v2 "OCHK" | messages | checksum.
 * ---------------------------------------------------------------------- */

typedef struct h5l__msg {
    unsigned type, flags;
    const uint8_t *p;          /* body, inside the file */
    size_t size;
    uint64_t off;              /* absolute offset of the body */
    int has_corder;
    uint16_t corder;
} h5l__msg;

typedef struct h5l__ohchunk { uint64_t addr, len; } h5l__ohchunk;

/* A decoded object header. msgs and chunks are kept (capacity) across
 * h5l__oh_decode calls on the same h5l__oh: reloading headers one after
 * another allocates nothing. */
typedef struct h5l__oh {
    unsigned version, flags;   /* flags: v2 only (H5L__OHF_*) */
    uint32_t refcount;
    uint32_t times[4];         /* v2 with H5L__OHF_TIMES: access, modification, change, birth */
    unsigned max_compact, min_dense;   /* v2 with H5L__OHF_PHASE */
    h5l__msg *msgs;            /* every message but NIL, continuation and (v2) reference count */
    size_t n, cap;
    h5l__ohchunk *chunks;
    size_t chunkcap;
} h5l__oh;

#define H5L__OH_V1_PREFIX 16u       /* v1 prefix, padded */
#define H5L__OH_V1_MSGHDR 8u
#define H5L__OHF_SIZE_MASK 0x03u    /* v2: width of chunk 0's size: 1 << (flags & 3) bytes */
#define H5L__OHF_CORDER 0x04u       /* v2: messages carry a creation order */
#define H5L__OHF_CORDER_IDX 0x08u
#define H5L__OHF_PHASE 0x10u        /* v2: max compact / min dense attribute counts stored */
#define H5L__OHF_TIMES 0x20u        /* v2: four times stored */

static void h5l__oh_free(const h5l_file *f, h5l__oh *oh)
{
    h5l__free(&f->alloc, oh->msgs);
    h5l__free(&f->alloc, oh->chunks);
    oh->msgs = NULL;
    oh->chunks = NULL;
    oh->n = oh->cap = oh->chunkcap = 0;
}

static h5l_status h5l__oh_add(const h5l_file *f, h5l__oh *oh, const h5l__msg *m, h5l_error *err)
{
    if (oh->n >= H5L__MAX_MSGS) return h5l__fail(err, H5L_ECORRUPT, m->off, "object header: more than %u messages", H5L__MAX_MSGS);
    if (oh->n >= oh->cap && h5l__grow(&f->alloc, (void **)&oh->msgs, &oh->cap, oh->n + 1, sizeof *oh->msgs) != 0)
        return h5l__fail(err, H5L_ENOMEM, m->off, "object header: out of memory");
    oh->msgs[oh->n++] = *m;
    return H5L_OK;
}

/* Decode the messages of one chunk region [p, p+len) (absolute offset off). */
static h5l_status h5l__oh_chunk(const h5l_file *f, h5l__oh *oh, uint64_t hdr_off, const uint8_t *p, size_t len,
                                uint64_t off, h5l__ohchunk **chunksp, size_t *nchunks, size_t *chunkcap, h5l_error *err)
{
    size_t pos = 0;
    unsigned hsz = oh->version == 1 ? H5L__OH_V1_MSGHDR : ((oh->flags & H5L__OHF_CORDER) ? 6u : 4u);
    while (len - pos >= hsz) {
        h5l__msg m;
        const uint8_t *h = p + pos;
        h5l_status st;
        memset(&m, 0, sizeof m);
        if (oh->version == 1) {
            m.type = h5l__ld16(h);
            m.size = h5l__ld16(h + 2);
            m.flags = h[4];
        } else {
            m.type = h[0];
            m.size = h5l__ld16(h + 1);
            m.flags = h[3];
            if (oh->flags & H5L__OHF_CORDER) { m.has_corder = 1; m.corder = h5l__ld16(h + 4); }
        }
        pos += hsz;
        if (m.size > len - pos)
            return h5l__fail_in(err, H5L_ECORRUPT, off + pos, "object header", hdr_off, "message of %zu bytes at %llu overruns its chunk", m.size, h5l__ull(off + pos));
        m.p = p + pos;
        m.off = off + pos;
        pos += m.size;
        if (m.type == H5L__M_CONT) {
            h5l__cur c;
            uint64_t ca, cl;
            size_t i;
            h5l__ohchunk *chunks = *chunksp;
            h5l__cur_init(&c, m.p, m.size);
            ca = h5l__cur_addr(&c, f);
            cl = h5l__cur_len(&c, f);
            if (c.bad || ca == H5L_UNDEF || cl == 0)
                return h5l__fail_in(err, H5L_ECORRUPT, m.off, "object header", hdr_off, "bad continuation message at %llu", h5l__ull(m.off));
            if (!h5l__at(f, ca, cl))
                return h5l__fail_in(err, H5L_ECORRUPT, m.off, "object header", hdr_off, "continuation chunk %llu+%llu outside the file", h5l__ull(ca), h5l__ull(cl));
            for (i = 0; i < *nchunks; i++)
                if (chunks[i].addr == ca)
                    return h5l__fail_in(err, H5L_ECORRUPT, m.off, "object header", hdr_off, "continuation cycle to %llu", h5l__ull(ca));
            if (*nchunks >= H5L__MAX_CHUNKS)
                return h5l__fail_in(err, H5L_ECORRUPT, m.off, "object header", hdr_off, "more than %d chunks", H5L__MAX_CHUNKS);
            if (h5l__grow(&f->alloc, (void **)chunksp, chunkcap, *nchunks + 1, sizeof **chunksp) != 0)
                return h5l__fail(err, H5L_ENOMEM, m.off, "object header: out of memory");
            chunks = *chunksp;
            chunks[*nchunks].addr = ca;
            chunks[*nchunks].len = cl;
            (*nchunks)++;
            continue;
        }
        if (m.type == H5L__M_NIL) continue;
        if (m.type > H5L__M_LAST_KNOWN && (m.flags & H5L__MF_FAIL_UNKNOWN))
            return h5l__fail_in(err, H5L_EUNSUPPORTED, m.off, "object header", hdr_off, "unknown message type %u marked fail-if-unknown", m.type);
        if (m.type == H5L__M_REFCOUNT) {
            if (m.size >= 5 && m.p[0] == 0) oh->refcount = h5l__ld32(m.p + 1);
            continue;
        }
        st = h5l__oh_add(f, oh, &m, err);
        if (st != H5L_OK) return st;
    }
    if (oh->version == 1 && pos != len)
        return h5l__fail_in(err, H5L_ECORRUPT, off + pos, "object header", hdr_off, "gap of %zu bytes at the end of a chunk", len - pos);
    return H5L_OK;
}

/* Read the header at addr into oh, reusing oh's buffers (oh zeroed or
 * loaded before). On error oh is freed. */
static h5l_status h5l__oh_decode(const h5l_file *f, uint64_t addr, h5l__oh *oh, h5l_error *err)
{
    const uint8_t *p;
    uint64_t hoff = h5l__abs(f, addr);
    h5l__ohchunk *chunks = oh->chunks;
    size_t nchunks = 1, ci, chunkcap = oh->chunkcap;
    h5l_status st = H5L_OK;

    oh->chunks = NULL;
    oh->chunkcap = 0;
    oh->n = 0;
    oh->version = oh->flags = 0;
    oh->refcount = 0;
    p = h5l__meta_at(f, addr, 16);
    if (!p) {
        st = h5l__fail_in(err, H5L_ECORRUPT, hoff, "object header", addr, "outside the file");
        goto done;
    }
    if (h5l__grow(&f->alloc, (void **)&chunks, &chunkcap, 4, sizeof *chunks) != 0) {
        st = h5l__fail(err, H5L_ENOMEM, hoff, "object header: out of memory");
        goto done;
    }
    chunks[0].addr = addr;
    if (p[0] == 1) {
        uint64_t c0;
        oh->version = 1;
        oh->refcount = h5l__ld32(p + 4);
        c0 = h5l__ld32(p + 8);
        if (!(p = h5l__meta_at(f, addr, 16 + c0))) {
            st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "chunk of %llu bytes outside the file", h5l__ull(c0));
            goto done;
        }
        st = h5l__oh_chunk(f, oh, hoff, p + 16, (size_t)c0, hoff + 16, &chunks, &nchunks, &chunkcap, err);
    } else if (memcmp(p, "OHDR", 4) == 0) {
        h5l__cur c;
        unsigned szw;
        uint64_t c0, have = f->size - hoff;
        size_t pre;
        oh->version = p[4];
        oh->flags = p[5];
        oh->refcount = 1;
        if (oh->version != 2 || (oh->flags & 0xC0u)) {   /* bits 6-7 unused */
            st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "bad version %u or flags 0x%x", oh->version, oh->flags);
            goto done;
        }
        /* the prefix is at most 34 bytes; the rest once its size is known */
        if (f->mc) {
            have = have < 64 ? have : 64;
            p = h5l__meta_at(f, addr, have);
        }
        h5l__cur_init(&c, p, (size_t)(have > SIZE_MAX ? SIZE_MAX : have));
        h5l__cur_skip(&c, 6);
        if (oh->flags & H5L__OHF_TIMES) {
            unsigned k;
            for (k = 0; k < 4; k++) oh->times[k] = h5l__cur_u32(&c);
        }
        if (oh->flags & H5L__OHF_PHASE) {
            oh->max_compact = h5l__cur_u16(&c);
            oh->min_dense = h5l__cur_u16(&c);
        }
        szw = 1u << (oh->flags & H5L__OHF_SIZE_MASK);
        c0 = h5l__cur_un(&c, szw);
        pre = (size_t)(c.p - p);
        if (f->mc && !c.bad) {
            have = f->size - hoff;
            if (c0 <= have && (uint64_t)pre + c0 + 4 <= have) p = h5l__meta_at(f, addr, pre + c0 + 4);
        }
        if (c.bad || c0 > have || (uint64_t)pre + c0 + 4 > have) {
            st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "truncated");
            goto done;
        }
        if (h5l__lookup3(p, pre + (size_t)c0, 0) != h5l__ld32(p + pre + (size_t)c0)) {
            st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "checksum mismatch");
            goto done;
        }
        st = h5l__oh_chunk(f, oh, hoff, p + pre, (size_t)c0, hoff + pre, &chunks, &nchunks, &chunkcap, err);
    } else {
        st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "unknown version %u", p[0]);
        goto done;
    }
    for (ci = 1; st == H5L_OK && ci < nchunks; ci++) {
        uint64_t ca = chunks[ci].addr, cl = chunks[ci].len, coff = h5l__abs(f, ca);
        const uint8_t *q = h5l__meta_at(f, ca, cl);
        if (!q || cl > SIZE_MAX) {
            st = h5l__fail_in(err, H5L_ECORRUPT, coff, "object header", hoff, "continuation chunk outside the file");
            break;
        }
        if (oh->version == 1) {
            st = h5l__oh_chunk(f, oh, hoff, q, (size_t)cl, coff, &chunks, &nchunks, &chunkcap, err);
        } else {
            if (cl < 8 || memcmp(q, "OCHK", 4) != 0) {
                st = h5l__fail_in(err, H5L_ECORRUPT, coff, "object header", hoff, "continuation chunk at %llu lacks OCHK", h5l__ull(coff));
                break;
            }
            if (h5l__lookup3(q, (size_t)cl - 4, 0) != h5l__ld32(q + cl - 4)) {
                st = h5l__fail_at(err, H5L_ECORRUPT, coff, "object header continuation", "checksum mismatch");
                break;
            }
            st = h5l__oh_chunk(f, oh, hoff, q + 4, (size_t)cl - 8, coff + 4, &chunks, &nchunks, &chunkcap, err);
        }
    }
done:
    oh->chunks = chunks;
    oh->chunkcap = chunkcap;
    if (st != H5L_OK) h5l__oh_free(f, oh);
    return st;
}

static h5l_status h5l__oh_read(const h5l_file *f, uint64_t addr, h5l__oh *oh, h5l_error *err)
{
    memset(oh, 0, sizeof *oh);
    return h5l__oh_decode(f, addr, oh, err);
}

/* Writing a v1 header message by message, each body encoded in place:
 * h5l__oh_msg_begin puts the 8-byte message header with a size of 0,
 * h5l__oh_msg_end pads the body to 8 bytes and stores its size. */
static size_t h5l__oh_msg_begin(h5l__out *o, unsigned type, unsigned flags)
{
    size_t at = o->n;
    h5l__o_u16(o, type);
    h5l__o_u16(o, 0);
    h5l__o_u8(o, flags);
    h5l__o_zero(o, 3);
    return at;
}
static void h5l__oh_msg_end(h5l__out *o, size_t at)
{
    h5l__o_pad8(o, at + H5L__OH_V1_MSGHDR);
    if (o->p) h5l__st16(o->p + at + 2, (uint16_t)(o->n - at - H5L__OH_V1_MSGHDR));
}
/* The v1 prefix: version 1 | reserved | messages (u16) | reference count
 * (u32) | chunk 0 size (u32) | padding (4). */
static void h5l__oh_prefix_v1(h5l__out *o, uint32_t nmsgs, uint32_t refcount, uint64_t chunk0)
{
    h5l__o_u8(o, 1);
    h5l__o_u8(o, 0);
    h5l__o_u16(o, nmsgs);
    h5l__o_u32(o, refcount);
    h5l__o_u32(o, (uint32_t)chunk0);
    h5l__o_zero(o, 4);
}

/* Encode the decoded header oh as one chunk (no continuation), version 1 or
 * 2 as oh->version says, with the bodies of oh->msgs (p == NULL: size
 * only). Version 2 writes the reference count as a message when it is not
 * 1, and widens the chunk-0 size field when its flags' width is too small. */
static size_t h5l__oh_encode(uint8_t *p, const h5l__oh *oh)
{
    h5l__out o = h5l__o_start(p);
    size_t i, body = 0;
    int refmsg = oh->version == 2 && oh->refcount != 1;
    if (oh->version == 1) {
        for (i = 0; i < oh->n; i++) body += H5L__OH_V1_MSGHDR + (size_t)h5l__pad8(oh->msgs[i].size);
        h5l__oh_prefix_v1(&o, (uint32_t)oh->n, oh->refcount, body);
        for (i = 0; i < oh->n; i++) {
            size_t at = h5l__oh_msg_begin(&o, oh->msgs[i].type, oh->msgs[i].flags);
            h5l__o_bytes(&o, oh->msgs[i].p, oh->msgs[i].size);
            h5l__oh_msg_end(&o, at);
        }
    } else {
        unsigned fl = oh->flags, k, w;
        size_t hsz = (fl & H5L__OHF_CORDER) ? 6u : 4u;
        for (i = 0; i < oh->n; i++) body += hsz + oh->msgs[i].size;
        if (refmsg) body += hsz + 5;
        for (w = 1u << (fl & H5L__OHF_SIZE_MASK); w < 8 && (body >> (8 * w)) != 0; w *= 2) fl = (fl & ~H5L__OHF_SIZE_MASK) + ((fl & H5L__OHF_SIZE_MASK) + 1);
        h5l__o_bytes(&o, "OHDR", 4);
        h5l__o_u8(&o, 2);
        h5l__o_u8(&o, fl);
        if (fl & H5L__OHF_TIMES)
            for (k = 0; k < 4; k++) h5l__o_u32(&o, oh->times[k]);
        if (fl & H5L__OHF_PHASE) {
            h5l__o_u16(&o, oh->max_compact);
            h5l__o_u16(&o, oh->min_dense);
        }
        h5l__o_un(&o, body, 1u << (fl & H5L__OHF_SIZE_MASK));
        if (refmsg) {
            h5l__o_u8(&o, H5L__M_REFCOUNT);
            h5l__o_u16(&o, 5);
            h5l__o_u8(&o, 0);
            if (fl & H5L__OHF_CORDER) h5l__o_u16(&o, 0);
            h5l__o_u8(&o, 0);
            h5l__o_u32(&o, oh->refcount);
        }
        for (i = 0; i < oh->n; i++) {
            h5l__o_u8(&o, oh->msgs[i].type);
            h5l__o_u16(&o, (unsigned)oh->msgs[i].size);
            h5l__o_u8(&o, oh->msgs[i].flags);
            if (fl & H5L__OHF_CORDER) h5l__o_u16(&o, oh->msgs[i].corder);
            h5l__o_bytes(&o, oh->msgs[i].p, oh->msgs[i].size);
        }
        h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    }
    H5L__ENC_CHECK(o, h5l__oh_encode(NULL, oh));
    return o.n;
}

/* Superblock extension (v2/v3): an object header; its B-tree 'K' message
 * (0x13: version 0 | indexed storage K (u16) | group internal K (u16) |
 * group leaf K (u16)) overrides the defaults. Other messages are ignored. */
static h5l_status h5l__sb_ext_read(h5l_file *f, h5l_error *err)
{
    h5l__oh oh;
    size_t i;
    h5l_status st = h5l__oh_read(f, f->ext_addr, &oh, err);
    if (st != H5L_OK) return st;
    for (i = 0; i < oh.n; i++) {
        const h5l__msg *m = &oh.msgs[i];
        if (m->type == H5L__M_BTREEK) {
            if (m->size < 7 || m->p[0] != 0) {
                st = h5l__fail(err, H5L_ECORRUPT, m->off, "superblock extension: bad B-tree K message at %llu", h5l__ull(m->off));
                break;
            }
            f->chunk_btree_k = h5l__ld16(m->p + 1);
            f->btree_k = h5l__ld16(m->p + 3);
            f->sym_leaf_k = h5l__ld16(m->p + 5);
            if (!f->chunk_btree_k || !f->btree_k || !f->sym_leaf_k) {
                st = h5l__fail(err, H5L_ECORRUPT, m->off, "superblock extension: B-tree K of 0 at %llu", h5l__ull(m->off));
                break;
            }
        }
    }
    h5l__oh_free(f, &oh);
    return st;
}

/* ---- shared object header messages (SOHM) -------------------------------
 *  Shared message table message (0x0F, in the superblock extension):
 *      version=0 | master table address (O) | number of indexes (u8, 1..8)
 *  Master table: "SMTB" | per index: version=0 | index type (0 list, 1 B-tree)
 *      | message type flags (u16, bit 1 << message type) | min message size (u32)
 *      | list cutoff (u16) | B-tree cutoff (u16) | number of messages (u16)
 *      | index address (O) | fractal heap address (O) | lookup3 checksum (u32)
 *  A message shared in the SOHM heap carries the 8-byte fractal heap ID of its
 *  body in the heap of the index covering its message type. */
#define H5L__SOHM_MAX_INDEXES 8   /* libhdf5 H5O_SHMESG_MAX_NINDEXES */
#define H5L__SOHM_ID_LEN 8        /* heap ID in a shared message (version 3, type 1) */

static h5l_status h5l__sohm_get(const h5l_file *f, unsigned type, const uint8_t *id, uint64_t id_off, const uint8_t **pp,
                                size_t *plen, uint64_t *poff, h5l_error *err)
{
    h5l__oh oh;
    size_t i;
    h5l_status st;
    uint64_t tab = H5L_UNDEF, tlen, heap = H5L_UNDEF, toff;
    unsigned nidx = 0, u, found = 0;
    const uint8_t *t;
    h5l__cur c;
    if (f->ext_addr == H5L_UNDEF)
        return h5l__fail_at(err, H5L_ECORRUPT, id_off, "shared message", "in the shared-message heap, but the file has no superblock extension");
    st = h5l__oh_read(f, f->ext_addr, &oh, err);
    if (st != H5L_OK) return st;
    for (i = 0; i < oh.n; i++) {
        const h5l__msg *m = &oh.msgs[i];
        if (m->type != H5L__M_SHMTABLE) continue;
        h5l__cur_init(&c, m->p, m->size);
        if (h5l__cur_u8(&c) != 0) {
            st = h5l__fail_at(err, H5L_ECORRUPT, m->off, "shared message table message", "bad version");
            break;
        }
        tab = h5l__cur_addr(&c, f);
        nidx = h5l__cur_u8(&c);
        if (c.bad || tab == H5L_UNDEF || nidx == 0 || nidx > H5L__SOHM_MAX_INDEXES)
            st = h5l__fail_at(err, H5L_ECORRUPT, m->off, "shared message table message", "truncated, undefined address or %u indexes", nidx);
        break;
    }
    h5l__oh_free(f, &oh);
    if (st != H5L_OK) return st;
    if (tab == H5L_UNDEF)
        return h5l__fail_at(err, H5L_ECORRUPT, id_off, "shared message", "in the shared-message heap, but the file has no shared message table");
    toff = h5l__abs(f, tab);
    tlen = 4 + (uint64_t)nidx * (14u + 2u * f->so) + 4;
    t = h5l__at(f, tab, tlen);
    if (!t) return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "outside the file");
    if (memcmp(t, "SMTB", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "bad signature");
    if (h5l__lookup3(t, (size_t)tlen - 4, 0) != h5l__ld32(t + tlen - 4))
        return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "checksum mismatch");
    h5l__cur_init(&c, t + 4, (size_t)tlen - 8);
    for (u = 0; u < nidx; u++) {
        unsigned ver = h5l__cur_u8(&c), itype = h5l__cur_u8(&c), flags = h5l__cur_u16(&c);
        uint64_t haddr;
        h5l__cur_skip(&c, 4 + 2 + 2 + 2);
        (void)h5l__cur_addr(&c, f); /* list or B-tree index: not needed to fetch a message by its heap ID */
        haddr = h5l__cur_addr(&c, f);
        if (c.bad || ver != 0 || itype > 1)
            return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "index %u has bad version %u or type %u", u, ver, itype);
        if (type < 16 && (flags & (1u << type))) {
            if (found)
                return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "message type %u in two indexes", type);
            found = 1;
            heap = haddr;
        }
    }
    if (!found)
        return h5l__fail_at(err, H5L_ECORRUPT, id_off, "shared message", "no shared-message index holds message type %u", type);
    if (heap == H5L_UNDEF)
        return h5l__fail_at(err, H5L_ECORRUPT, toff, "shared message table", "undefined heap for message type %u", type);
    st = h5l__fheap_object(f, heap, id, H5L__SOHM_ID_LEN, pp, plen, poff, err);
    if (st != H5L_OK) return st;
    if (*poff == H5L_NO_OFFSET) *poff = id_off + (uint64_t)(*pp - id);
    return H5L_OK;
}

/* ---- shared messages ----------------------------------------------------
 *  v1: version=1 | type | res 6 | address (O)
 *  v2: version=2 | type | address (O)
 *  v3: version=3 | type (1 SOHM heap id 8 bytes, 2 committed address (O))
 * A committed message lives in another object header: fetch the message of
 * the same type there (bounded depth); a SOHM one in the shared-message heap. */
static h5l_status h5l__msg_unshare(const h5l_file *f, unsigned type, const uint8_t **pp, size_t *plen, uint64_t *poff,
                                   unsigned depth, h5l_error *err)
{
    while (1) {
        h5l__cur c;
        unsigned ver, kind;
        uint64_t a;
        h5l__oh oh;
        h5l_status st;
        size_t i;
        int found = 0;
        h5l__cur_init(&c, *pp, *plen);
        ver = h5l__cur_u8(&c);
        kind = h5l__cur_u8(&c);
        if (ver == 1) h5l__cur_skip(&c, 6);
        else if (ver == 3 && kind == 1) {
            const uint8_t *id = h5l__cur_take(&c, H5L__SOHM_ID_LEN);
            if (!id)
                return h5l__fail_at(err, H5L_ECORRUPT, *poff, "shared message", "truncated heap ID");
            /* the heap holds the message body itself, never shared again */
            return h5l__sohm_get(f, type, id, *poff + 2, pp, plen, poff, err);
        } else if (ver != 2 && !(ver == 3 && kind == 2))
            return h5l__fail_at(err, H5L_ECORRUPT, *poff, "shared message", "bad version %u / type %u", ver, kind);
        a = h5l__cur_addr(&c, f);
        if (c.bad || a == H5L_UNDEF)
            return h5l__fail_at(err, H5L_ECORRUPT, *poff, "shared message", "truncated or undefined address");
        if (++depth > H5L__MAX_SHARED_DEPTH)
            return h5l__fail_at(err, H5L_ECORRUPT, *poff, "shared message", "too many levels of sharing");
        st = h5l__oh_read(f, a, &oh, err);
        if (st != H5L_OK) return st;
        for (i = 0; i < oh.n; i++)
            if (oh.msgs[i].type == type) {
                *pp = oh.msgs[i].p;
                *plen = oh.msgs[i].size;
                *poff = oh.msgs[i].off;
                found = !(oh.msgs[i].flags & H5L__MF_SHARED) ? 1 : 2;
                break;
            }
        h5l__oh_free(f, &oh);
        if (!found)
            return h5l__fail(err, H5L_ECORRUPT, h5l__abs(f, a), "shared message: object header at %llu has no message of type %u",
                             h5l__ull(h5l__abs(f, a)), type);
        if (found == 1) return H5L_OK;
    }
}

/* ----------------------------------------------------------------------
 * C.3 Messages
 * ---------------------------------------------------------------------- */

/* Dataspace (0x01)
 *   OFFSET  SIZE    FIELD
 *   0       1       version (1 or 2)
 *   1       1       rank (<= 32)
 *   2       1       flags: 0x01 maximum dims present, 0x02 permutation (v1, never used)
 *   3       1       v1: reserved; v2: type (0 scalar, 1 simple, 2 null)
 *   4       4       v1 only: reserved
 *   then    L x rank  dims
 *           L x rank  maximum dims (all ones = unlimited) when flags & 0x01
 *  v1 has no null space; a scalar is rank 0. */
#define H5L__SPACE_MAX 0x01u
enum { H5L__SPACE_T_SCALAR = 0, H5L__SPACE_T_SIMPLE = 1, H5L__SPACE_T_NULL = 2 };

static h5l_status h5l__space_decode(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, h5l_space *s,
                                    h5l_error *err)
{
    h5l__cur c;
    unsigned ver, rank, flags, type = 1, i;
    uint64_t *dims = NULL, *maxdims = NULL;
    memset(s, 0, sizeof *s);
    s->dims = s->maxdims = h5l__zero_dims;
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    rank = h5l__cur_u8(&c);
    flags = h5l__cur_u8(&c);
    if (ver == 1) {
        h5l__cur_skip(&c, 5);
        type = rank ? 1 : 0;
    } else if (ver == 2) {
        type = h5l__cur_u8(&c);
    } else {
        return h5l__fail_at(err, H5L_ECORRUPT, off, "dataspace", "bad version %u", ver);
    }
    if (rank > H5L_MAX_RANK) return h5l__fail_at(err, H5L_ECORRUPT, off, "dataspace", "rank %u > 32", rank);
    if (type > 2 || (type != 1 && rank != 0))
        return h5l__fail_at(err, H5L_ECORRUPT, off, "dataspace", "bad type %u for rank %u", type, rank);
    s->kind = type == 0 ? H5L_SPACE_SCALAR : type == 1 ? H5L_SPACE_SIMPLE : H5L_SPACE_NULL;
    s->rank = rank;
    s->npoints = type == 0 ? 1 : type == 2 ? 0 : 1;
    if (rank) {
        /* dims and maxdims sized by rank; maxdims shares dims when not stored */
        dims = (uint64_t *)h5l__arena_alloc(ar, (flags & H5L__SPACE_MAX ? 2u : 1u) * rank * sizeof *dims);
        if (!dims) return h5l__fail(err, H5L_ENOMEM, off, "dataspace: out of memory");
        maxdims = flags & H5L__SPACE_MAX ? dims + rank : dims;
        s->dims = dims;
        s->maxdims = maxdims;
    }
    for (i = 0; i < rank; i++) {
        dims[i] = h5l__cur_len(&c, f);
        if (h5l__mul_ovf(s->npoints, dims[i], &s->npoints))
            return h5l__fail_at(err, H5L_ECORRUPT, off, "dataspace", "number of elements overflows");
    }
    for (i = 0; (flags & H5L__SPACE_MAX) && i < rank; i++) {
        const uint8_t *q = h5l__cur_take(&c, f->sl);
        unsigned k, ones = 1;
        uint64_t v = q ? h5l__ldn(q, f->sl) : 0;
        for (k = 0; q && k < f->sl; k++) if (q[k] != 0xff) ones = 0;
        maxdims[i] = ones ? UINT64_MAX : v;
    }
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, off, "dataspace", "truncated");
    return H5L_OK;
}

/* Encode s as a version-1 (scalar, simple) or version-2 (any) dataspace;
 * maximum dims are written when with_max (libhdf5 always writes them for
 * simple spaces). p == NULL: size only. */
static size_t h5l__space_encode(uint8_t *p, const h5l_space *s, unsigned version, int with_max, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    unsigned i, rank = s->kind == H5L_SPACE_SIMPLE ? s->rank : 0;
    with_max = with_max && rank > 0;
    h5l__o_u8(&o, version);
    h5l__o_u8(&o, rank);
    h5l__o_u8(&o, with_max ? H5L__SPACE_MAX : 0);
    if (version == 1) {
        h5l__o_zero(&o, 5);
    } else {
        h5l__o_u8(&o, s->kind == H5L_SPACE_SCALAR ? H5L__SPACE_T_SCALAR : s->kind == H5L_SPACE_NULL ? H5L__SPACE_T_NULL : H5L__SPACE_T_SIMPLE);
    }
    for (i = 0; i < rank; i++) h5l__o_un(&o, s->dims[i], sl);
    for (i = 0; with_max && i < rank; i++) h5l__o_un(&o, s->maxdims[i], sl);
    H5L__ENC_CHECK(o, h5l__space_encode(NULL, s, version, with_max, sl));
    return o.n;
}

/* Datatype (0x03)
 *   OFFSET  SIZE  FIELD
 *   0       1     class (low 4 bits) | version << 4 (1..5)
 *   1       3     class bits, little-endian (below)
 *   4       4     element size in bytes (> 0)
 *   8       ...   properties of the class:
 *     integer, bitfield: bit offset (u16) | precision (u16)
 *     float:   bit offset (u16) | precision (u16) | exponent position (u8)
 *              | exponent size (u8) | mantissa position (u8) | mantissa size (u8)
 *              | exponent bias (u32)
 *     time:    precision (u16)
 *     string:  none
 *     opaque:  tag, NUL-padded to a multiple of 8 (its length in the class bits)
 *     compound: per member: name NUL-terminated (v1/v2: padded to 8)
 *              | offset (v1/v2: u32; v3: as many bytes as the size needs)
 *              | v1 only: rank (u8) | res 3 | permutation (u32) | res (u32) | 4 dims (u32)
 *              | member type
 *     reference: none
 *     enum:    base type | names (v1/v2 padded to 8) | values (n x base size)
 *     vlen:    base type
 *     array (v2+): rank (u8) | v2: res 3 | dims (u32 x rank) | v2: permutation (u32 x rank) | base
 *  Class bits:
 *     integer/bitfield: 0x01 big-endian, 0x02/0x04 padding, 0x08 signed
 *     float:   0x01 big-endian, 0x40 VAX order, bits 4-5 mantissa normalisation,
 *              bits 8-15 sign position
 *     time:    0x01 big-endian
 *     string:  bits 0-3 padding, bits 4-7 character set
 *     opaque:  bits 0-7 tag length;  compound, enum: bits 0-15 member count
 *     reference: bits 0-3 type (0 object, 1 region)
 *     vlen:    bits 0-3 type (0 sequence, 1 string), bits 4-7 padding, bits 8-11 character set
 * libhdf5 gives a type and all the types inside it one version: 1 unless it
 * holds an array (2) or the file asks for the latest format (3). */
#define H5L__DT_BE 0x01u
#define H5L__DT_SIGNED 0x08u
#define H5L__DT_VAX 0x40u
#define H5L__DT_NORM_SHIFT 4
#define H5L__DT_SIGN_SHIFT 8
#define H5L__DT_CSET_SHIFT 4          /* string */
#define H5L__DT_VLEN_STRING 1u
#define H5L__DT_VLEN_PAD_SHIFT 4
#define H5L__DT_VLEN_CSET_SHIFT 8
#define H5L__DT_V1_MEMBER_DIMS 4u     /* compound v1: array members of rank <= 4 inline */

typedef struct h5l__dctx {
    const h5l_file *f;
    h5l__arena *ar;
    h5l_error *err;
    uint64_t off;              /* absolute offset of the message, for errors */
} h5l__dctx;

static h5l_status h5l__dtype_corrupt(h5l__dctx *d, const char *why)
{
    return h5l__fail_at(d->err, H5L_ECORRUPT, d->off, "datatype", "%s", why);
}

static h5l_status h5l__dtype_nomem(h5l__dctx *d)
{
    return h5l__fail_at(d->err, H5L_ENOMEM, d->off, "datatype", "out of memory");
}

/* A NUL-terminated name at the cursor; v<3 pads (len+1) to 8. */
static const char *h5l__dtype_name(h5l__dctx *d, h5l__cur *c, unsigned ver)
{
    size_t left = h5l__cur_left(c), n, take;
    const uint8_t *z;
    if (c->bad) return NULL;
    z = (const uint8_t *)memchr(c->p, 0, left);
    if (!z) { c->bad = 1; return NULL; }
    n = (size_t)(z - c->p);
    take = n + 1;
    if (ver < 3) take = (take + 7) & ~(size_t)7;
    if (take > left) take = left; /* final padding may be short at the very end */
    {
        const char *s = h5l__arena_strndup(d->ar, (const char *)c->p, n);
        h5l__cur_skip(c, take);
        return s;
    }
}

/* Bytes of a v3 compound member offset: enough for the element size. */
static unsigned h5l__dtype_offset_width(uint64_t size)
{
    unsigned w = 1;
    while (w < 8 && (size >> (8 * w)) != 0) w++;
    return w;
}

static h5l_status h5l__dtype_decode_at(h5l__dctx *d, h5l__cur *c, unsigned depth, h5l_dtype **out);

static h5l_status h5l__dtype_array_of(h5l__dctx *d, const h5l_dtype *base, unsigned rank, const uint64_t *dims, h5l_dtype **out)
{
    h5l_dtype *t = (h5l_dtype *)h5l__arena_alloc(d->ar, sizeof *t);
    uint64_t n = base->size, *ad;
    unsigned i;
    if (!t) return h5l__dtype_nomem(d);
    ad = rank ? (uint64_t *)h5l__arena_alloc(d->ar, rank * sizeof *ad) : NULL;
    if (rank && !ad) return h5l__dtype_nomem(d);
    t->cls = H5L_CLASS_ARRAY;
    t->base = base;
    t->array_rank = rank;
    t->array_dims = ad ? ad : h5l__zero_dims;
    t->tag = "";
    for (i = 0; i < rank; i++) {
        ad[i] = dims[i];
        if (h5l__mul_ovf(n, dims[i], &n)) return h5l__dtype_corrupt(d, "array size overflows");
    }
    t->size = n;
    *out = t;
    return H5L_OK;
}

/* Compound members (class bits hold their count). */
static h5l_status h5l__dtype_decode_compound(h5l__dctx *d, h5l__cur *c, unsigned ver, unsigned n, unsigned depth, h5l_dtype *t)
{
    h5l_member *m;
    unsigned i;
    h5l_status st;
    if (n == 0) return h5l__dtype_corrupt(d, "compound without members");
    if ((size_t)n > h5l__cur_left(c) / 8) return h5l__dtype_corrupt(d, "more compound members than bytes");
    m = (h5l_member *)h5l__arena_alloc(d->ar, n * sizeof *m);
    if (!m) return h5l__dtype_nomem(d);
    for (i = 0; i < n; i++) {
        h5l_dtype *mt;
        unsigned nd = 0, k;
        uint64_t dims[H5L__DT_V1_MEMBER_DIMS];
        m[i].name = h5l__dtype_name(d, c, ver);
        if (!m[i].name) return c->bad ? h5l__dtype_corrupt(d, "bad member name") : h5l__dtype_nomem(d);
        m[i].offset = ver >= 3 ? h5l__cur_un(c, h5l__dtype_offset_width(t->size)) : h5l__cur_u32(c);
        if (ver == 1) {
            nd = h5l__cur_u8(c);
            h5l__cur_skip(c, 3 + 4 + 4);
            for (k = 0; k < H5L__DT_V1_MEMBER_DIMS; k++) dims[k] = h5l__cur_u32(c);
            if (nd > H5L__DT_V1_MEMBER_DIMS) return h5l__dtype_corrupt(d, "compound member rank > 4");
        }
        if (c->bad) return h5l__dtype_corrupt(d, "truncated compound member");
        st = h5l__dtype_decode_at(d, c, depth + 1, &mt);
        if (st != H5L_OK) return st;
        if (nd > 0) {
            st = h5l__dtype_array_of(d, mt, nd, dims, &mt);
            if (st != H5L_OK) return st;
        }
        if (m[i].offset > t->size || mt->size > t->size - m[i].offset)
            return h5l__dtype_corrupt(d, "compound member outside the element");
        m[i].type = mt;
    }
    t->nmembers = n;
    t->members = m;
    return H5L_OK;
}

/* Enum base, names and values; marks h5py's bool ({FALSE: 0, TRUE: 1}). */
static h5l_status h5l__dtype_decode_enum(h5l__dctx *d, h5l__cur *c, unsigned ver, unsigned n, unsigned depth, h5l_dtype *t)
{
    h5l_dtype *base;
    h5l_member *m;
    int has_f = 0, has_t = 0;
    unsigned i;
    h5l_status st = h5l__dtype_decode_at(d, c, depth + 1, &base);
    if (st != H5L_OK) return st;
    if (base->cls != H5L_CLASS_INTEGER) return h5l__dtype_corrupt(d, "enum base is not an integer");
    if (base->size != t->size) return h5l__dtype_corrupt(d, "enum size differs from its base");
    if ((size_t)n > h5l__cur_left(c) / (1 + base->size)) return h5l__dtype_corrupt(d, "more enum members than bytes");
    m = (h5l_member *)h5l__arena_alloc(d->ar, (n ? n : 1) * sizeof *m);
    if (!m) return h5l__dtype_nomem(d);
    for (i = 0; i < n; i++) {
        m[i].name = h5l__dtype_name(d, c, ver);
        if (!m[i].name) return c->bad ? h5l__dtype_corrupt(d, "bad enum name") : h5l__dtype_nomem(d);
    }
    for (i = 0; i < n; i++) {
        const uint8_t *v = h5l__cur_take(c, (size_t)base->size);
        uint64_t k, val = 0, nz = 0;
        if (!v) return h5l__dtype_corrupt(d, "truncated enum values");
        m[i].value = v;
        for (k = 0; k < base->size; k++) {
            uint8_t b = v[base->order == H5L_BE ? base->size - 1 - k : k];
            if (k == 0) val = b;
            else if (b) nz = 1;
        }
        if (!nz && val == 0 && strcmp(m[i].name, "FALSE") == 0) has_f++;
        if (!nz && val == 1 && strcmp(m[i].name, "TRUE") == 0) has_t++;
    }
    t->base = base;
    t->order = base->order;
    t->nmembers = n;
    t->members = m;
    t->is_bool = n == 2 && has_f == 1 && has_t == 1;
    return H5L_OK;
}

/* Array properties and base (returns the array type itself in *out). */
static h5l_status h5l__dtype_decode_array(h5l__dctx *d, h5l__cur *c, unsigned ver, unsigned depth, const h5l_dtype *t, h5l_dtype **out)
{
    unsigned rank, i;
    uint64_t dims[H5L_MAX_RANK];
    h5l_dtype *base, *arr;
    h5l_status st;
    if (ver < 2) return h5l__dtype_corrupt(d, "array type of version 1");
    rank = h5l__cur_u8(c);
    if (rank == 0 || rank > H5L_MAX_RANK) return h5l__dtype_corrupt(d, "bad array rank");
    if (ver == 2) h5l__cur_skip(c, 3);
    for (i = 0; i < rank; i++) dims[i] = h5l__cur_u32(c);
    if (ver == 2) h5l__cur_skip(c, 4 * (size_t)rank);
    if (c->bad) return h5l__dtype_corrupt(d, "truncated array properties");
    st = h5l__dtype_decode_at(d, c, depth + 1, &base);
    if (st != H5L_OK) return st;
    st = h5l__dtype_array_of(d, base, rank, dims, &arr);
    if (st != H5L_OK) return st;
    if (arr->size != t->size) return h5l__dtype_corrupt(d, "array size differs from base size x dims");
    *out = arr;
    return H5L_OK;
}

static h5l_status h5l__dtype_decode_at(h5l__dctx *d, h5l__cur *c, unsigned depth, h5l_dtype **out)
{
    unsigned b0, ver, cls;
    uint32_t bits;
    h5l_dtype *t;
    h5l_status st = H5L_OK;
    if (depth > H5L__MAX_TYPE_DEPTH) return h5l__dtype_corrupt(d, "nested too deeply");
    b0 = h5l__cur_u8(c);
    bits = (uint32_t)h5l__cur_un(c, 3);
    t = (h5l_dtype *)h5l__arena_alloc(d->ar, sizeof *t);
    if (!t) return h5l__dtype_nomem(d);
    t->array_dims = h5l__zero_dims;
    t->size = h5l__cur_u32(c);
    if (c->bad) return h5l__dtype_corrupt(d, "truncated");
    ver = b0 >> 4;
    cls = b0 & 15;
    /* version 5 (libhdf5 2.0, libver v200) encodes the classes below as version 4 */
    if (ver < 1 || ver > 5) return h5l__dtype_corrupt(d, "bad version");
    if (t->size == 0) return h5l__dtype_corrupt(d, "size 0");
    t->cls = (h5l_class)cls;
    t->tag = "";
    switch (cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
        t->order = (bits & H5L__DT_BE) ? H5L_BE : H5L_LE;
        t->is_signed = cls == H5L_CLASS_INTEGER && (bits & H5L__DT_SIGNED) ? 1 : 0;
        t->bit_offset = h5l__cur_u16(c);
        t->precision = h5l__cur_u16(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated integer properties");
        if (t->size > 4096 || (uint64_t)t->bit_offset + t->precision > t->size * 8)
            return h5l__dtype_corrupt(d, "integer precision/offset exceed its size");
        break;
    case H5L_CLASS_FLOAT:
        if (bits & H5L__DT_VAX) return h5l__fail_at(d->err, H5L_EUNSUPPORTED, d->off, "datatype", "VAX float order");
        t->order = (bits & H5L__DT_BE) ? H5L_BE : H5L_LE;
        t->mant_norm = (uint8_t)((bits >> H5L__DT_NORM_SHIFT) & 3);
        t->sign_pos = (uint8_t)((bits >> H5L__DT_SIGN_SHIFT) & 0xff);
        t->bit_offset = h5l__cur_u16(c);
        t->precision = h5l__cur_u16(c);
        t->exp_pos = h5l__cur_u8(c);
        t->exp_size = h5l__cur_u8(c);
        t->mant_pos = h5l__cur_u8(c);
        t->mant_size = h5l__cur_u8(c);
        t->exp_bias = h5l__cur_u32(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated float properties");
        if (t->size > 64 || t->exp_size == 0 || t->mant_size == 0 || (uint64_t)t->bit_offset + t->precision > t->size * 8)
            return h5l__dtype_corrupt(d, "bad float properties");
        break;
    case H5L_CLASS_TIME:
        t->order = (bits & H5L__DT_BE) ? H5L_BE : H5L_LE;
        t->precision = h5l__cur_u16(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated time properties");
        break;
    case H5L_CLASS_STRING:
        t->pad = (h5l_strpad)((bits & 15) <= 2 ? (bits & 15) : 0);
        t->cset = ((bits >> H5L__DT_CSET_SHIFT) & 15) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
        break;
    case H5L_CLASS_OPAQUE: {
        unsigned tl = bits & 0xff;
        const uint8_t *q = h5l__cur_take(c, tl);
        size_t n = 0;
        if (!q) return h5l__dtype_corrupt(d, "truncated opaque tag");
        while (n < tl && q[n]) n++;
        t->tag = h5l__arena_strndup(d->ar, (const char *)q, n);
        if (!t->tag) return h5l__dtype_nomem(d);
        break;
    }
    case H5L_CLASS_COMPOUND:
        st = h5l__dtype_decode_compound(d, c, ver, bits & 0xffff, depth, t);
        break;
    case H5L_CLASS_REFERENCE:
        t->ref_type = bits & 15;
        break;
    case H5L_CLASS_ENUM:
        st = h5l__dtype_decode_enum(d, c, ver, bits & 0xffff, depth, t);
        break;
    case H5L_CLASS_VLEN: {
        h5l_dtype *base;
        t->is_vlen_string = (bits & 15) == H5L__DT_VLEN_STRING;
        t->pad = (h5l_strpad)(((bits >> H5L__DT_VLEN_PAD_SHIFT) & 15) <= 2 ? ((bits >> H5L__DT_VLEN_PAD_SHIFT) & 15) : 0);
        t->cset = ((bits >> H5L__DT_VLEN_CSET_SHIFT) & 15) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
        st = h5l__dtype_decode_at(d, c, depth + 1, &base);
        if (st != H5L_OK) return st;
        t->base = base;
        if (t->size < 4u + d->f->so + 4u) return h5l__dtype_corrupt(d, "vlen element too small");
        break;
    }
    case H5L_CLASS_ARRAY:
        return h5l__dtype_decode_array(d, c, ver, depth, t, out);
    default:
        if (cls == 11 && ver >= 5) return h5l__fail_at(d->err, H5L_EUNSUPPORTED, d->off, "datatype", "complex number class is not supported");
        return h5l__fail_at(d->err, H5L_ECORRUPT, d->off, "datatype", "unknown class %u", cls);
    }
    if (st != H5L_OK) return st;
    *out = t;
    return H5L_OK;
}

/* Decode the datatype of a message body [p, p+len) at absolute offset off
 * into the arena (the type's strings and members live there too). */
static h5l_status h5l__dtype_decode(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, h5l_dtype **out,
                                    h5l_error *err)
{
    h5l__dctx d;
    h5l__cur c;
    d.f = f;
    d.ar = ar;
    d.err = err;
    d.off = off;
    h5l__cur_init(&c, p, len);
    return h5l__dtype_decode_at(&d, &c, 0, out);
}

/* The version libhdf5 gives one node of a type in a file whose format asks
 * for at least `floor` (1 for the earliest format, 3 for libver latest):
 * atomic types 1; a compound, enum or array the floor, or more when a type
 * inside it has more (an array needs 2: H5T__insert upgrades the compound
 * an array is inserted into); a vlen its base's version. Types inside keep
 * their own versions (libhdf5 does not lower or raise members already in
 * place). */
static unsigned h5l__dtype_node_version(const h5l_dtype *t, unsigned floor, unsigned depth)
{
    unsigned v = floor, w;
    uint32_t i;
    if (depth > H5L__MAX_TYPE_DEPTH) return v;
    switch (t->cls) {
    case H5L_CLASS_COMPOUND:
        for (i = 0; i < t->nmembers; i++)
            if ((w = h5l__dtype_node_version(t->members[i].type, floor, depth + 1)) > v) v = w;
        return v;
    case H5L_CLASS_ARRAY:
        if (v < 2) v = 2;
        /* fall through */
    case H5L_CLASS_ENUM:
        if (t->base && (w = h5l__dtype_node_version(t->base, floor, depth + 1)) > v) v = w;
        return v;
    case H5L_CLASS_VLEN: return t->base ? h5l__dtype_node_version(t->base, floor, depth + 1) : 1u;
    default: return 1u;
    }
}

static void h5l__dtype_put(h5l__out *o, const h5l_dtype *t, unsigned floor, unsigned so);

/* A name NUL-terminated, padded to 8 in versions 1 and 2. */
static void h5l__dtype_put_name(h5l__out *o, const char *name, unsigned ver)
{
    size_t at = o->n;
    h5l__o_bytes(o, name, strlen(name) + 1);
    if (ver < 3) h5l__o_pad8(o, at);
}

static void h5l__dtype_put(h5l__out *o, const h5l_dtype *t, unsigned floor, unsigned so)
{
    uint32_t bits = 0, i;
    unsigned k, ver = h5l__dtype_node_version(t, floor, 0);
    switch (t->cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
        bits = (t->order == H5L_BE ? H5L__DT_BE : 0u) | (t->cls == H5L_CLASS_INTEGER && t->is_signed ? H5L__DT_SIGNED : 0u);
        break;
    case H5L_CLASS_FLOAT:
        bits = (t->order == H5L_BE ? H5L__DT_BE : 0u) | ((uint32_t)t->mant_norm << H5L__DT_NORM_SHIFT) | ((uint32_t)t->sign_pos << H5L__DT_SIGN_SHIFT);
        break;
    case H5L_CLASS_TIME: bits = t->order == H5L_BE ? H5L__DT_BE : 0u; break;
    case H5L_CLASS_STRING: bits = (uint32_t)t->pad | ((uint32_t)t->cset << H5L__DT_CSET_SHIFT); break;
    case H5L_CLASS_OPAQUE: bits = (uint32_t)h5l__pad8(strlen(t->tag)); break;
    case H5L_CLASS_COMPOUND:
    case H5L_CLASS_ENUM: bits = t->nmembers; break;
    case H5L_CLASS_REFERENCE: bits = t->ref_type; break;
    case H5L_CLASS_VLEN:
        bits = (t->is_vlen_string ? H5L__DT_VLEN_STRING : 0u) | ((uint32_t)t->pad << H5L__DT_VLEN_PAD_SHIFT) |
               ((uint32_t)t->cset << H5L__DT_VLEN_CSET_SHIFT);
        break;
    default: break;
    }
    h5l__o_u8(o, (ver << 4) | (unsigned)t->cls);
    h5l__o_un(o, bits, 3);
    h5l__o_u32(o, (uint32_t)t->size);
    switch (t->cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
        h5l__o_u16(o, t->bit_offset);
        h5l__o_u16(o, t->precision);
        break;
    case H5L_CLASS_FLOAT:
        h5l__o_u16(o, t->bit_offset);
        h5l__o_u16(o, t->precision);
        h5l__o_u8(o, t->exp_pos);
        h5l__o_u8(o, t->exp_size);
        h5l__o_u8(o, t->mant_pos);
        h5l__o_u8(o, t->mant_size);
        h5l__o_u32(o, t->exp_bias);
        break;
    case H5L_CLASS_TIME: h5l__o_u16(o, t->precision); break;
    case H5L_CLASS_OPAQUE: {
        size_t at = o->n;
        h5l__o_bytes(o, t->tag, strlen(t->tag));
        h5l__o_pad8(o, at);
        break;
    }
    case H5L_CLASS_COMPOUND:
        for (i = 0; i < t->nmembers; i++) {
            const h5l_member *m = &t->members[i];
            h5l__dtype_put_name(o, m->name, ver);
            if (ver >= 3) h5l__o_un(o, m->offset, h5l__dtype_offset_width(t->size));
            else h5l__o_u32(o, (uint32_t)m->offset);
            if (ver == 1) h5l__o_zero(o, 1 + 3 + 4 + 4 + 4 * H5L__DT_V1_MEMBER_DIMS);   /* no inline dims: arrays need v2 */
            h5l__dtype_put(o, m->type, floor, so);
        }
        break;
    case H5L_CLASS_ENUM:
        h5l__dtype_put(o, t->base, floor, so);
        for (i = 0; i < t->nmembers; i++) h5l__dtype_put_name(o, t->members[i].name, ver);
        for (i = 0; i < t->nmembers; i++) h5l__o_bytes(o, t->members[i].value, (size_t)t->base->size);
        break;
    case H5L_CLASS_VLEN: h5l__dtype_put(o, t->base, floor, so); break;
    case H5L_CLASS_ARRAY:
        h5l__o_u8(o, t->array_rank);
        if (ver == 2) h5l__o_zero(o, 3);
        for (k = 0; k < t->array_rank; k++) h5l__o_u32(o, (uint32_t)t->array_dims[k]);
        if (ver == 2)
            for (k = 0; k < t->array_rank; k++) h5l__o_u32(o, k);
        h5l__dtype_put(o, t->base, floor, so);
        break;
    default: break;
    }
}

/* Encode t with the versions libhdf5 gives its nodes in a file whose
 * format asks for at least `floor` (0 or 1: the earliest format, as h5py
 * writes by default; 3: libver latest), see h5l__dtype_node_version. so is
 * the file's size of offsets. p == NULL: size only. */
static size_t h5l__dtype_encode(uint8_t *p, const h5l_dtype *t, unsigned floor, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    h5l__dtype_put(&o, t, floor ? floor : 1u, so);
    H5L__ENC_CHECK(o, h5l__dtype_encode(NULL, t, floor, so));
    return o.n;
}

/* Decode a datatype message body (resolving a committed/shared type). */
static h5l_status h5l__dtype_msg(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, int shared,
                                 h5l_dtype **out, h5l_error *err)
{
    if (shared) {
        h5l_status st = h5l__msg_unshare(f, H5L__M_DTYPE, &p, &len, &off, 0, err);
        if (st != H5L_OK) return st;
    }
    return h5l__dtype_decode(f, ar, p, len, off, out, err);
}

static size_t h5l__put(char *buf, size_t n, const char *s)
{
    size_t l = strlen(s);
    if (n) {
        size_t k = l < n - 1 ? l : n - 1;
        memcpy(buf, s, k);
        buf[k] = 0;
    }
    return l;
}

/* The element size libhdf5 gives a type in memory (H5Dget_type), which is
 * what h5py's dtypes are sized by: a variable-length string becomes a
 * pointer (8 bytes), a sequence an hvl_t (16), and a compound or array
 * grows or shrinks with the members that change. Fixed at the 64-bit
 * sizes h5py runs with, so the answer is the same on every host. */
static uint64_t h5l__dtype_mem_size(const h5l_dtype *t, unsigned depth)
{
    uint64_t sz, k;
    if (!t || depth > 32) return t ? t->size : 0;
    switch (t->cls) {
    case H5L_CLASS_VLEN:
        return t->is_vlen_string ? 8 : 16;
    case H5L_CLASS_ARRAY:
        if (!t->base || !t->base->size) return t->size;
        return (t->size / t->base->size) * h5l__dtype_mem_size(t->base, depth + 1);
    case H5L_CLASS_COMPOUND:
        sz = t->size;
        for (k = 0; k < t->nmembers; k++) {
            const h5l_dtype *m = t->members[k].type;
            if (m) sz = sz - m->size + h5l__dtype_mem_size(m, depth + 1);
        }
        return sz;
    default:
        return t->size;
    }
}

size_t h5l_dtype_numpy(const h5l_dtype *t, char *buf, size_t n)
{
    char tmp[64];
    const h5l_dtype *b = t;
    if (!t) return h5l__put(buf, n, "");
    switch (t->cls) {
    case H5L_CLASS_ENUM:
        if (t->is_bool) return h5l__put(buf, n, "|b1");
        b = t->base ? t->base : t;
        /* fall through */
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
        if (b->size == 1) snprintf(tmp, sizeof tmp, "|%c1", (b->cls == H5L_CLASS_INTEGER && b->is_signed) ? 'i' : 'u');
        else snprintf(tmp, sizeof tmp, "%c%c%llu", b->order == H5L_BE ? '>' : '<',
                      (b->cls == H5L_CLASS_INTEGER && b->is_signed) ? 'i' : 'u', h5l__ull(b->size));
        break;
    case H5L_CLASS_FLOAT:
        snprintf(tmp, sizeof tmp, "%cf%llu", t->order == H5L_BE ? '>' : '<', h5l__ull(t->size));
        break;
    case H5L_CLASS_STRING:
        snprintf(tmp, sizeof tmp, "|S%llu", h5l__ull(t->size));
        break;
    case H5L_CLASS_VLEN:
    case H5L_CLASS_REFERENCE:
        snprintf(tmp, sizeof tmp, "|O");
        break;
    case H5L_CLASS_OPAQUE:
        if (strncmp(t->tag, "NUMPY:", 6) == 0 && strlen(t->tag) < sizeof tmp) {
            snprintf(tmp, sizeof tmp, "%s", t->tag + 6);
            break;
        }
        /* fall through */
    default:
        snprintf(tmp, sizeof tmp, "|V%llu", h5l__ull(h5l__dtype_mem_size(t, 0)));
        break;
    }
    return h5l__put(buf, n, tmp);
}

/* Integers that keep fewer bits than their size (n-bit data; host order
 * already): the value's `precision` bits from `bit_offset`, sign-extended
 * when signed, as libhdf5 converts them to a native integer. */
static void h5l__native_bits(const h5l_dtype *t, uint8_t *p, uint64_t count, int host_be)
{
    size_t n = (size_t)t->size, k;
    unsigned prec = t->precision;
    uint64_t i;
    for (i = 0; i < count; i++, p += n) {
        uint64_t v = 0;
        for (k = 0; k < n; k++) v |= (uint64_t)p[host_be ? n - 1 - k : k] << (8 * k);
        v >>= t->bit_offset;
        if (prec < 64) {
            v &= ((uint64_t)1 << prec) - 1;
            if (t->cls == H5L_CLASS_INTEGER && t->is_signed && ((v >> (prec - 1)) & 1u)) v |= ~(uint64_t)0 << prec;
        }
        for (k = 0; k < n; k++) p[host_be ? n - 1 - k : k] = (uint8_t)(v >> (8 * k));
    }
}

/* Convert count elements of t at p to host order (recursive, bounded by the type tree's depth). */
static void h5l__native(const h5l_dtype *t, uint8_t *p, uint64_t count, int host_be)
{
    uint64_t i;
    switch (t->cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_BITFIELD:
        if ((t->order == H5L_BE) != (host_be != 0)) h5l__swap(p, count, (size_t)t->size);
        if (t->size <= 8 && t->precision && ((uint64_t)t->precision < 8 * t->size || t->bit_offset))
            h5l__native_bits(t, p, count, host_be);
        break;
    case H5L_CLASS_FLOAT:
    case H5L_CLASS_TIME:
        if ((t->order == H5L_BE) != (host_be != 0)) h5l__swap(p, count, (size_t)t->size);
        break;
    case H5L_CLASS_ENUM: /* the values are stored in the base integer's order */
        if (((t->base ? t->base->order : t->order) == H5L_BE) != (host_be != 0)) h5l__swap(p, count, (size_t)t->size);
        break;
    case H5L_CLASS_COMPOUND:
        for (i = 0; i < count; i++) {
            uint32_t k;
            for (k = 0; k < t->nmembers; k++) h5l__native(t->members[k].type, p + i * t->size + t->members[k].offset, 1, host_be);
        }
        break;
    case H5L_CLASS_ARRAY:
        if (t->base && t->base->size) h5l__native(t->base, p, count * (t->size / t->base->size), host_be);
        break;
    default:
        break;
    }
}

void h5l_to_native(const h5l_dtype *t, void *buf, uint64_t count)
{
    if (!t || !buf) return;
    h5l__native(t, (uint8_t *)buf, count, h5l__host_be());
}

/* Fill value (0x05, and the old 0x04)
 *   OFFSET  SIZE  FIELD
 *   0       1     version (1, 2 or 3)
 *  versions 1 and 2:
 *   1       1     space allocation time (1 early, 2 late, 3 incremental)
 *   2       1     fill value write time (0 on allocation, 1 never, 2 if set)
 *   3       1     fill value defined
 *   4       4     size, then the value (v1: always present; v2: when defined)
 *  version 3:
 *   1       1     flags: bits 0-1 allocation time, bits 2-3 write time,
 *                 0x10 undefined, 0x20 a value follows
 *   2       4     size, then the value (when 0x20)
 *  old message (0x04): size (u32) | value. */
#define H5L__FILL_V3_UNDEFINED 0x10u
#define H5L__FILL_V3_HAVE_VALUE 0x20u
enum { H5L__ALLOC_EARLY = 1, H5L__ALLOC_LATE = 2, H5L__ALLOC_INCR = 3 };
enum { H5L__FILL_ON_ALLOC = 0, H5L__FILL_NEVER = 1, H5L__FILL_IFSET = 2 };

typedef struct h5l__fill {
    int old;                   /* the old message (0x04): only size and value */
    unsigned version, alloc_time, fill_time;
    int defined;
    int has_value;             /* size and value present (v1: always) */
    uint32_t size;
    const uint8_t *value;      /* size bytes, or NULL */
} h5l__fill;

static h5l_status h5l__fill_decode(const uint8_t *p, size_t len, uint64_t off, int old, h5l__fill *fv, h5l_error *err)
{
    h5l__cur c;
    h5l__cur_init(&c, p, len);
    memset(fv, 0, sizeof *fv);
    fv->old = old;
    if (old) {
        fv->has_value = fv->defined = 1;
    } else {
        fv->version = h5l__cur_u8(&c);
        if (fv->version == 1 || fv->version == 2) {
            fv->alloc_time = h5l__cur_u8(&c);
            fv->fill_time = h5l__cur_u8(&c);
            fv->defined = h5l__cur_u8(&c) != 0;
            fv->has_value = fv->version == 1 || fv->defined;
        } else if (fv->version == 3) {
            unsigned fl = h5l__cur_u8(&c);
            fv->alloc_time = fl & 3;
            fv->fill_time = (fl >> 2) & 3;
            fv->has_value = (fl & H5L__FILL_V3_HAVE_VALUE) != 0;
            fv->defined = !(fl & H5L__FILL_V3_UNDEFINED);
        } else {
            return h5l__fail_at(err, H5L_ECORRUPT, off, "fill value message", "bad version %u", fv->version);
        }
    }
    if (fv->has_value) {
        fv->size = h5l__cur_u32(&c);
        if (fv->size) {
            fv->value = h5l__cur_take(&c, fv->size);
            if (!fv->value) return h5l__fail_at(err, H5L_ECORRUPT, off, "fill value message", "value overruns the message");
        }
    }
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, off, "fill value message", "truncated");
    return H5L_OK;
}

static size_t h5l__fill_encode(uint8_t *p, const h5l__fill *fv)
{
    h5l__out o = h5l__o_start(p);
    int value = fv->old || fv->has_value;
    if (!fv->old) {
        h5l__o_u8(&o, fv->version);
        if (fv->version == 3) {
            h5l__o_u8(&o, (fv->alloc_time & 3) | ((fv->fill_time & 3) << 2) | (fv->defined ? 0u : H5L__FILL_V3_UNDEFINED) |
                              (fv->has_value ? H5L__FILL_V3_HAVE_VALUE : 0u));
        } else {
            h5l__o_u8(&o, fv->alloc_time);
            h5l__o_u8(&o, fv->fill_time);
            h5l__o_u8(&o, fv->defined ? 1 : 0);
            value = fv->version == 1 || fv->defined;
        }
    }
    if (value) {
        h5l__o_u32(&o, fv->size);
        h5l__o_bytes(&o, fv->value, fv->size);
    }
    H5L__ENC_CHECK(o, h5l__fill_encode(NULL, fv));
    return o.n;
}

/* Data layout (0x08)
 *  versions 1 and 2:
 *   OFFSET  SIZE  FIELD
 *   0       1     version
 *   1       1     dimensionality
 *   2       1     class (0 compact, 1 contiguous, 2 chunked)
 *   3       5     reserved
 *   8       O     address (not for compact)
 *           4 x dimensionality  dims (chunked: chunk dims, the last the element size)
 *           compact: size (u32) | data
 *  version 3:
 *   0       1     version 3
 *   1       1     class
 *   2       ...   compact:    size (u16) | data
 *                 contiguous: address (O) | size (L)
 *                 chunked:    dimensionality (u8) | B-tree address (O) | dims (u32 each)
 *  versions 4 and 5 (libhdf5 1.10+; 5 from 2.0): compact and contiguous as v3;
 *                 chunked:    flags (u8: 0x01 partial edge chunks not filtered,
 *                             0x02 single chunk with filters) | dimensionality
 *                             | width of a dim (u8, 1..8) | dims (width each)
 *                             | index type (u8) | index parameters | address (O)
 *                   index 1 single chunk: [filtered size (L) | filter mask (u32)] if flags & 0x02
 *                         2 implicit:     none
 *                         3 fixed array:  page bits (u8)
 *                         4 extensible array: max bits | index elements | min pointers
 *                                         | min elements | page bits (u8 each)
 *                         5 v2 B-tree:    node size (u32) | split % (u8) | merge % (u8)
 *                 virtual:    global heap address (O) | index (u32) */
enum { H5L__LAYOUT_COMPACT = 0, H5L__LAYOUT_CONTIGUOUS = 1, H5L__LAYOUT_CHUNKED = 2, H5L__LAYOUT_VIRTUAL = 3 };
enum { H5L__CIDX_BTREE1 = 0, H5L__CIDX_SINGLE = 1, H5L__CIDX_IMPLICIT = 2, H5L__CIDX_FARRAY = 3, H5L__CIDX_EARRAY = 4, H5L__CIDX_BTREE2 = 5 };
#define H5L__LAYOUT_NO_EDGE_FILTER 0x01u
#define H5L__LAYOUT_SINGLE_FILTERED 0x02u

typedef struct h5l__layout {
    unsigned version;          /* 1..5 */
    unsigned cls;              /* H5L__LAYOUT_* */
    uint64_t addr;             /* contiguous data / chunk index / virtual heap; H5L_UNDEF if none */
    uint64_t size;             /* contiguous and compact bytes (v1/v2 contiguous: UINT64_MAX, not stored) */
    const uint8_t *compact;    /* compact data (in the message) */
    /* chunked */
    unsigned ndims;            /* dataset rank + 1: the last "dimension" is the element size */
    uint64_t cdims[H5L_MAX_RANK + 1];
    unsigned flags;            /* v4+: H5L__LAYOUT_NO_EDGE_FILTER, H5L__LAYOUT_SINGLE_FILTERED */
    unsigned enc_width;        /* v4+: bytes per encoded chunk dimension */
    unsigned index;            /* H5L__CIDX_*: v1..3 always the v1 B-tree */
    uint64_t single_size;      /* single chunk, filtered */
    uint32_t single_mask;
    unsigned fa_page_bits;
    unsigned ea_max_nelmts_bits, ea_idx_blk_elmts, ea_sup_blk_min_data_ptrs, ea_data_blk_min_elmts, ea_max_dblk_page_nelmts_bits;
    uint32_t bt2_node_size;
    unsigned bt2_split, bt2_merge;
    uint32_t vds_index;        /* virtual */
} h5l__layout;

static h5l_status h5l__layout_decode(const uint8_t *p, size_t len, uint64_t off, unsigned so, unsigned sl, h5l__layout *ly, h5l_error *err)
{
    h5l__cur c;
    unsigned i;
    memset(ly, 0, sizeof *ly);
    ly->addr = H5L_UNDEF;
    h5l__cur_init(&c, p, len);
    ly->version = h5l__cur_u8(&c);
    if (ly->version == 1 || ly->version == 2) {
        ly->ndims = h5l__cur_u8(&c);
        ly->cls = h5l__cur_u8(&c);
        h5l__cur_skip(&c, 5);
        if (ly->cls > H5L__LAYOUT_CHUNKED || ly->ndims == 0 || ly->ndims > H5L_MAX_RANK + 1)
            return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "bad class %u or rank %u", ly->cls, ly->ndims);
        if (ly->cls != H5L__LAYOUT_COMPACT) ly->addr = h5l__cur_addrw(&c, so);
        for (i = 0; i < ly->ndims; i++) ly->cdims[i] = h5l__cur_u32(&c);
        if (ly->cls == H5L__LAYOUT_CONTIGUOUS) ly->size = UINT64_MAX;
        if (ly->cls == H5L__LAYOUT_COMPACT) {
            ly->size = h5l__cur_u32(&c);
            ly->compact = h5l__cur_take(&c, (size_t)ly->size);
            if (!ly->compact && ly->size) return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "compact data overruns");
        }
    } else if (ly->version >= 3 && ly->version <= 5) {
        ly->cls = h5l__cur_u8(&c);
        if (ly->cls > H5L__LAYOUT_VIRTUAL || (ly->cls == H5L__LAYOUT_VIRTUAL && ly->version < 4))
            return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "bad class %u", ly->cls);
        if (ly->cls == H5L__LAYOUT_COMPACT) {
            ly->size = h5l__cur_u16(&c);
            ly->compact = h5l__cur_take(&c, (size_t)ly->size);
            if (!ly->compact && ly->size) return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "compact data overruns");
        } else if (ly->cls == H5L__LAYOUT_CONTIGUOUS) {
            ly->addr = h5l__cur_addrw(&c, so);
            ly->size = h5l__cur_un(&c, sl);
        } else if (ly->cls == H5L__LAYOUT_CHUNKED && ly->version == 3) {
            ly->ndims = h5l__cur_u8(&c);
            if (ly->ndims == 0 || ly->ndims > H5L_MAX_RANK + 1)
                return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "bad chunk rank %u", ly->ndims);
            ly->addr = h5l__cur_addrw(&c, so);
            for (i = 0; i < ly->ndims; i++) ly->cdims[i] = h5l__cur_u32(&c);
            ly->index = H5L__CIDX_BTREE1;
        } else if (ly->cls == H5L__LAYOUT_CHUNKED) {
            ly->flags = h5l__cur_u8(&c);
            ly->ndims = h5l__cur_u8(&c);
            ly->enc_width = h5l__cur_u8(&c);
            if (ly->ndims == 0 || ly->ndims > H5L_MAX_RANK + 1 || ly->enc_width == 0 || ly->enc_width > 8)
                return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "bad chunk rank %u / width %u", ly->ndims, ly->enc_width);
            for (i = 0; i < ly->ndims; i++) ly->cdims[i] = h5l__cur_un(&c, ly->enc_width);
            ly->index = h5l__cur_u8(&c);
            switch (ly->index) {
            case H5L__CIDX_SINGLE:
                if (ly->flags & H5L__LAYOUT_SINGLE_FILTERED) {
                    ly->single_size = h5l__cur_un(&c, sl);
                    ly->single_mask = h5l__cur_u32(&c);
                }
                break;
            case H5L__CIDX_IMPLICIT: break;
            case H5L__CIDX_FARRAY: ly->fa_page_bits = h5l__cur_u8(&c); break;
            case H5L__CIDX_EARRAY:
                ly->ea_max_nelmts_bits = h5l__cur_u8(&c);
                ly->ea_idx_blk_elmts = h5l__cur_u8(&c);
                ly->ea_sup_blk_min_data_ptrs = h5l__cur_u8(&c);
                ly->ea_data_blk_min_elmts = h5l__cur_u8(&c);
                ly->ea_max_dblk_page_nelmts_bits = h5l__cur_u8(&c);
                break;
            case H5L__CIDX_BTREE2:
                ly->bt2_node_size = h5l__cur_u32(&c);
                ly->bt2_split = h5l__cur_u8(&c);
                ly->bt2_merge = h5l__cur_u8(&c);
                break;
            default:
                return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "unknown chunk index type %u", ly->index);
            }
            ly->addr = h5l__cur_addrw(&c, so);
        } else {
            ly->addr = h5l__cur_addrw(&c, so);
            ly->vds_index = h5l__cur_u32(&c);
        }
    } else {
        return h5l__fail_at(err, H5L_EUNSUPPORTED, off, "layout message", "version %u not supported", ly->version);
    }
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, off, "layout message", "truncated");
    return H5L_OK;
}

static size_t h5l__layout_encode(uint8_t *p, const h5l__layout *ly, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    unsigned i;
    h5l__o_u8(&o, ly->version);
    if (ly->version <= 2) {
        h5l__o_u8(&o, ly->ndims);
        h5l__o_u8(&o, ly->cls);
        h5l__o_zero(&o, 5);
        if (ly->cls != H5L__LAYOUT_COMPACT) h5l__o_un(&o, ly->addr, so);
        for (i = 0; i < ly->ndims; i++) h5l__o_u32(&o, (uint32_t)ly->cdims[i]);
        if (ly->cls == H5L__LAYOUT_COMPACT) {
            h5l__o_u32(&o, (uint32_t)ly->size);
            h5l__o_bytes(&o, ly->compact, (size_t)ly->size);
        }
    } else {
        h5l__o_u8(&o, ly->cls);
        switch (ly->cls) {
        case H5L__LAYOUT_COMPACT:
            h5l__o_u16(&o, (unsigned)ly->size);
            h5l__o_bytes(&o, ly->compact, (size_t)ly->size);
            break;
        case H5L__LAYOUT_CONTIGUOUS:
            h5l__o_un(&o, ly->addr, so);
            h5l__o_un(&o, ly->size, sl);
            break;
        case H5L__LAYOUT_CHUNKED:
            if (ly->version == 3) {
                h5l__o_u8(&o, ly->ndims);
                h5l__o_un(&o, ly->addr, so);
                for (i = 0; i < ly->ndims; i++) h5l__o_u32(&o, (uint32_t)ly->cdims[i]);
                break;
            }
            h5l__o_u8(&o, ly->flags);
            h5l__o_u8(&o, ly->ndims);
            h5l__o_u8(&o, ly->enc_width);
            for (i = 0; i < ly->ndims; i++) h5l__o_un(&o, ly->cdims[i], ly->enc_width);
            h5l__o_u8(&o, ly->index);
            switch (ly->index) {
            case H5L__CIDX_SINGLE:
                if (ly->flags & H5L__LAYOUT_SINGLE_FILTERED) {
                    h5l__o_un(&o, ly->single_size, sl);
                    h5l__o_u32(&o, ly->single_mask);
                }
                break;
            case H5L__CIDX_FARRAY: h5l__o_u8(&o, ly->fa_page_bits); break;
            case H5L__CIDX_EARRAY:
                h5l__o_u8(&o, ly->ea_max_nelmts_bits);
                h5l__o_u8(&o, ly->ea_idx_blk_elmts);
                h5l__o_u8(&o, ly->ea_sup_blk_min_data_ptrs);
                h5l__o_u8(&o, ly->ea_data_blk_min_elmts);
                h5l__o_u8(&o, ly->ea_max_dblk_page_nelmts_bits);
                break;
            case H5L__CIDX_BTREE2:
                h5l__o_u32(&o, ly->bt2_node_size);
                h5l__o_u8(&o, ly->bt2_split);
                h5l__o_u8(&o, ly->bt2_merge);
                break;
            default: break;
            }
            h5l__o_un(&o, ly->addr, so);
            break;
        default:
            h5l__o_un(&o, ly->addr, so);
            h5l__o_u32(&o, ly->vds_index);
            break;
        }
    }
    H5L__ENC_CHECK(o, h5l__layout_encode(NULL, ly, so, sl));
    return o.n;
}

/* Filter pipeline (0x0B)
 *   OFFSET  SIZE  FIELD
 *   0       1     version (1 or 2)
 *   1       1     number of filters (<= 32)
 *   2       6     version 1 only: reserved
 *   then per filter:
 *           2     filter id (1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 5 nbit,
 *                 6 scale-offset, 256+ third party)
 *           2     name length (v1: always, padded to 8 and counting the NUL;
 *                 v2: only for ids >= 256, unpadded)
 *           2     flags (0x01 optional: a chunk may skip it)
 *           2     number of client data values
 *           ...   name (v1: padded to 8)
 *           4 x n client data
 *           4     version 1 with an odd count: padding */
#define H5L__FILTER_OPTIONAL 0x01u
#define H5L__FILTER_FIRST_NAMED 256u   /* v2 stores names of third-party filters only */
#define H5L__PLINE_MAX 32u

static h5l_status h5l__pline_decode(h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, h5l_filter **out, unsigned *nout,
                                    unsigned *version, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, n, i, k;
    h5l_filter *fl;
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    n = h5l__cur_u8(&c);
    if (ver == 1) h5l__cur_skip(&c, 6);
    else if (ver != 2) return h5l__fail_at(err, H5L_ECORRUPT, off, "filter pipeline", "bad version %u", ver);
    if (n > H5L__PLINE_MAX) return h5l__fail_at(err, H5L_ECORRUPT, off, "filter pipeline", "%u filters", n);
    fl = (h5l_filter *)h5l__arena_alloc(ar, (n ? n : 1) * sizeof *fl);
    if (!fl) return h5l__fail_at(err, H5L_ENOMEM, off, "filter pipeline", "out of memory");
    for (i = 0; i < n; i++) {
        unsigned nl = 0, ncd;
        uint32_t *cd;
        fl[i].id = h5l__cur_u16(&c);
        if (ver == 1 || fl[i].id >= H5L__FILTER_FIRST_NAMED) nl = h5l__cur_u16(&c);
        fl[i].flags = h5l__cur_u16(&c);
        ncd = h5l__cur_u16(&c);
        fl[i].name = "";
        if (nl) {
            size_t take = ver == 1 ? ((size_t)nl + 7) & ~(size_t)7 : nl;
            const uint8_t *q = h5l__cur_take(&c, take);
            size_t m = 0;
            if (!q) break;
            while (m < nl && q[m]) m++;
            fl[i].name = h5l__arena_strndup(ar, (const char *)q, m);
            if (!fl[i].name) return h5l__fail_at(err, H5L_ENOMEM, off, "filter pipeline", "out of memory");
        }
        if ((size_t)ncd > h5l__cur_left(&c) / 4) { c.bad = 1; break; }
        cd = (uint32_t *)h5l__arena_alloc(ar, (ncd ? ncd : 1) * sizeof *cd);
        if (!cd) return h5l__fail_at(err, H5L_ENOMEM, off, "filter pipeline", "out of memory");
        for (k = 0; k < ncd; k++) cd[k] = h5l__cur_u32(&c);
        if (ver == 1 && (ncd & 1)) h5l__cur_skip(&c, 4);
        fl[i].ncd = ncd;
        fl[i].cd = cd;
    }
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, off, "filter pipeline", "truncated");
    *out = fl;
    *nout = n;
    if (version) *version = ver;
    return H5L_OK;
}

H5L__CODEC_ONLY static size_t h5l__pline_encode(uint8_t *p, unsigned version, const h5l_filter *fl, unsigned n)
{
    h5l__out o = h5l__o_start(p);
    unsigned i, k;
    h5l__o_u8(&o, version);
    h5l__o_u8(&o, n);
    if (version == 1) h5l__o_zero(&o, 6);
    for (i = 0; i < n; i++) {
        size_t nl = fl[i].name && fl[i].name[0] ? strlen(fl[i].name) + 1 : 0;
        int named = version == 1 || fl[i].id >= H5L__FILTER_FIRST_NAMED;
        h5l__o_u16(&o, fl[i].id);
        if (named) h5l__o_u16(&o, (unsigned)(version == 1 ? h5l__pad8(nl) : nl));
        h5l__o_u16(&o, fl[i].flags);
        h5l__o_u16(&o, fl[i].ncd);
        if (named && nl) {
            size_t at = o.n;
            h5l__o_bytes(&o, fl[i].name, nl);
            if (version == 1) h5l__o_pad8(&o, at);
        }
        for (k = 0; k < fl[i].ncd; k++) h5l__o_u32(&o, fl[i].cd[k]);
        if (version == 1 && (fl[i].ncd & 1)) h5l__o_u32(&o, 0);
    }
    H5L__ENC_CHECK(o, h5l__pline_encode(NULL, version, fl, n));
    return o.n;
}

/* Link (0x06)
 *   OFFSET  SIZE  FIELD
 *   0       1     version (1)
 *   1       1     flags: bits 0-1 width of the name length (1 << bits bytes),
 *                 0x04 creation order present, 0x08 link type present,
 *                 0x10 name character set present
 *           1     link type, when 0x08 (0 hard, 1 soft, 64 external)
 *           8     creation order, when 0x04
 *           1     character set, when 0x10 (0 ASCII, 1 UTF-8)
 *           1..8  name length
 *           ...   name (no NUL)
 *           hard: object header address (O)
 *           soft: length (u16) | path;  external and user-defined: length (u16) | data
 *  (external data: version/flags (u8) | file name NUL | object path NUL) */
#define H5L__LINK_WIDTH_MASK 0x03u
#define H5L__LINK_CORDER 0x04u
#define H5L__LINK_TYPE 0x08u
#define H5L__LINK_CSET 0x10u
typedef struct h5l__rawlink {
    const uint8_t *name;
    size_t name_len;
    unsigned type;
    h5l_cset cset;
    uint64_t addr;
    const uint8_t *target;
    size_t target_len;
    const uint8_t *file;
    size_t file_len;
    int has_corder;
    int64_t corder;
} h5l__rawlink;

static h5l_status h5l__link_decode(const h5l_file *f, const uint8_t *p, size_t len, uint64_t off, h5l__rawlink *l, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, fl;
    uint64_t nl;
    memset(l, 0, sizeof *l);
    l->addr = H5L_UNDEF;
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    fl = h5l__cur_u8(&c);
    if (ver != 1 || (fl & ~(H5L__LINK_WIDTH_MASK | H5L__LINK_CORDER | H5L__LINK_TYPE | H5L__LINK_CSET)))
        return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "bad version %u or flags 0x%x", ver, fl);
    if (fl & H5L__LINK_TYPE) l->type = h5l__cur_u8(&c);
    if (fl & H5L__LINK_CORDER) { l->has_corder = 1; l->corder = (int64_t)h5l__cur_u64(&c); }
    if (fl & H5L__LINK_CSET) l->cset = h5l__cur_u8(&c) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
    nl = h5l__cur_un(&c, 1u << (fl & H5L__LINK_WIDTH_MASK));
    if (nl == 0 || nl > h5l__cur_left(&c)) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "bad name length");
    l->name = h5l__cur_take(&c, (size_t)nl);
    l->name_len = (size_t)nl;
    if (memchr(l->name, 0, l->name_len)) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "NUL in the name");
    if (l->type == 0) {
        l->addr = h5l__cur_addr(&c, f);
    } else {
        unsigned vl = h5l__cur_u16(&c);
        const uint8_t *v = h5l__cur_take(&c, vl);
        if (!v) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "truncated link value");
        if (l->type == 1) {
            l->target = v;
            l->target_len = vl;
        } else if (l->type == 64) {
            const uint8_t *z;
            if (vl < 1) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "empty external link");
            z = (const uint8_t *)memchr(v + 1, 0, vl - 1u);
            if (!z) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "external link without file name end");
            l->file = v + 1;
            l->file_len = (size_t)(z - (v + 1));
            l->target = z + 1;
            l->target_len = (size_t)(v + vl - (z + 1));
            {
                const uint8_t *z2 = (const uint8_t *)memchr(l->target, 0, l->target_len);
                if (z2) l->target_len = (size_t)(z2 - l->target);
            }
        } else {
            l->target = v;
            l->target_len = vl;
        }
    }
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, off, "link message", "truncated");
    return H5L_OK;
}

/* Encode a link as libhdf5 does: the narrowest name-length width, and the
 * type, creation order and character set only when they are not the
 * defaults (hard, none, ASCII). An external link's target is file name and
 * object path (l->file, l->target). p == NULL: size only. */
static size_t h5l__link_encode(uint8_t *p, const h5l__rawlink *l, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    unsigned code = l->name_len <= 0xffu ? 0u : l->name_len <= 0xffffu ? 1u : l->name_len <= 0xffffffffu ? 2u : 3u;
    unsigned fl = code | (l->has_corder ? H5L__LINK_CORDER : 0u) | (l->type != H5L_LINK_HARD ? H5L__LINK_TYPE : 0u) |
                  (l->cset != H5L_CSET_ASCII ? H5L__LINK_CSET : 0u);
    h5l__o_u8(&o, 1);
    h5l__o_u8(&o, fl);
    if (fl & H5L__LINK_TYPE) h5l__o_u8(&o, l->type);
    if (fl & H5L__LINK_CORDER) h5l__o_u64(&o, (uint64_t)l->corder);
    if (fl & H5L__LINK_CSET) h5l__o_u8(&o, l->cset);
    h5l__o_un(&o, l->name_len, 1u << code);
    h5l__o_bytes(&o, l->name, l->name_len);
    if (l->type == H5L_LINK_HARD) {
        h5l__o_un(&o, l->addr, so);
    } else if (l->type == H5L_LINK_EXTERNAL) {
        h5l__o_u16(&o, (unsigned)(1 + l->file_len + 1 + l->target_len + 1));
        h5l__o_u8(&o, 0);
        h5l__o_bytes(&o, l->file, l->file_len);
        h5l__o_u8(&o, 0);
        h5l__o_bytes(&o, l->target, l->target_len);
        h5l__o_u8(&o, 0);
    } else {
        h5l__o_u16(&o, (unsigned)l->target_len);
        h5l__o_bytes(&o, l->target, l->target_len);
    }
    H5L__ENC_CHECK(o, h5l__link_encode(NULL, l, so));
    return o.n;
}

/* Copy a raw link into *out with NUL-terminated strings from the arena. */
static h5l_status h5l__link_make(h5l__arena *ar, const h5l__rawlink *r, h5l_link *out, uint64_t off, h5l_error *err)
{
    memset(out, 0, sizeof *out);
    out->name = h5l__arena_strndup(ar, (const char *)r->name, r->name_len);
    out->name_len = r->name_len;
    out->type = (h5l_link_type)r->type;
    out->cset = r->cset;
    out->addr = r->addr;
    out->has_corder = r->has_corder;
    out->corder = r->corder;
    if (r->target) out->target = h5l__arena_strndup(ar, (const char *)r->target, r->target_len);
    if (r->file) out->ext_file = h5l__arena_strndup(ar, (const char *)r->file, r->file_len);
    if (!out->name || (r->target && !out->target) || (r->file && !out->ext_file))
        return h5l__fail(err, H5L_ENOMEM, off, "link: out of memory");
    return H5L_OK;
}

/* ----------------------------------------------------------------------
 * C.4 Objects and groups
 *
 *  symbol-table group: stab message -> v1 B-tree (type 0) + local heap
 *   local heap: "HEAP" | version 0 | res 3 | data size (L) | free list (L) | data address (O)
 *   B-tree node: "TREE" | type (0) | level | entries (u16) | left (O) | right (O)
 *                | key0 (L) child0 (O) key1 ... child(n-1) key(n)   keys = heap offsets
 *   SNOD: "SNOD" | version 1 | res | count (u16) | entries (2 x leaf K):
 *         name offset (L) | header (O) | cache type (u32) | res (u32) | scratch 16
 *  new-style group: link info (0x02) + group info (0x0A) + link messages (0x06),
 *   or dense links (fractal heap + v2 B-tree, see the dense section)
 * ---------------------------------------------------------------------- */

typedef struct h5l__scratch {
    h5l__arena ar;             /* strings of the last h5l_group_find result */
} h5l__scratch;

/* Datatypes already decoded into an arena, by their message bytes (the same
 * bytes in one file always decode to the same type): a table's columns
 * mostly share a handful of types. */
#define H5L__TCACHE_N 16
#define H5L__TCACHE_KEY 1024     /* longer type messages are decoded every time */
typedef struct h5l__tcache {
    struct { const uint8_t *p; size_t len; unsigned flags; const h5l_dtype *t; } e[H5L__TCACHE_N];
    size_t n, next;
} h5l__tcache;

/* A dataset description with what reading it needs; h5l_dataset_info is
 * its first member, so the descriptions the API hands out (h5l_obj_dataset,
 * table columns) lead back to it. */
typedef struct h5l__dset {
    h5l_dataset_info info;
    const h5l_file *f;
    uint64_t addr;             /* object header (relative) */
    uint64_t data_addr;        /* contiguous data / chunk index (relative), H5L_UNDEF if none */
    h5l__layout *layout;       /* chunked: the layout message as decoded */
} h5l__dset;

static const h5l__dset *h5l__dset_of(const h5l_dataset_info *di) { return (const h5l__dset *)(const void *)di; }

struct h5l_obj {
    h5l_file *f;
    h5l__arena ar;
    uint64_t addr;
    h5l__oh oh;
    h5l_obj_kind kind;
    /* group */
    int has_stab;
    uint64_t stab_btree, stab_heap;
    int has_linfo, link_corder;
    uint64_t link_fheap, link_name_bt2, link_corder_bt2;
    size_t nlinkmsgs;
    /* attributes */
    int has_ainfo, attr_corder;
    uint64_t attr_fheap, attr_name_bt2, attr_corder_bt2;
    /* dataset */
    h5l__arena *dar;           /* where the dataset description is made: &ar, or a table's arena */
    h5l__tcache *tcache;       /* with dar != &ar: types already decoded into dar, or NULL */
    h5l_dataset_info *dset;    /* the info of an h5l__dset in dar */
    /* committed datatype */
    const h5l_dtype *dtype;
    h5l__scratch *scratch;
};

/* Local heap (spec III.D): a group's link names.
 *   OFFSET  SIZE  FIELD
 *   0       4     "HEAP"
 *   4       1     version (0)
 *   5       3     reserved
 *   8       L     data segment size
 *   8+L     L     offset of the first free block, or 1 (H5L__LHEAP_NO_FREE)
 *   8+2L    O     data segment address (normally right after the header)
 *  The data segment: NUL-terminated names, each padded to 8; offset 0 holds
 *  "" (the B-tree's first key). 32 bytes of header with O = L = 8. */
#define H5L__LHEAP_SIG "HEAP"
#define H5L__LHEAP_NO_FREE 1u

typedef struct h5l__lheap {
    const uint8_t *data;       /* decode: the data segment in the file */
    uint64_t size;             /* data segment size */
    uint64_t free_head;
    uint64_t data_addr;
    uint64_t off;              /* absolute offset of the heap header */
} h5l__lheap;

static size_t h5l__lheap_hdr_size(unsigned so, unsigned sl) { return 8u + 2u * sl + so; }

static h5l_status h5l__lheap_decode(const h5l_file *f, uint64_t addr, h5l__lheap *h, h5l_error *err)
{
    const uint8_t *p = h5l__meta_at(f, addr, h5l__lheap_hdr_size(f->so, f->sl));
    h5l__cur c;
    h->off = h5l__abs(f, addr);
    if (!p) return h5l__fail_at(err, H5L_ECORRUPT, h->off, "local heap", "outside the file");
    if (memcmp(p, H5L__LHEAP_SIG, 4) != 0 || p[4] != 0) return h5l__fail_at(err, H5L_ECORRUPT, h->off, "local heap", "bad signature or version");
    h5l__cur_init(&c, p + 8, 2 * (size_t)f->sl + f->so);
    h->size = h5l__cur_len(&c, f);
    h->free_head = h5l__cur_len(&c, f);
    h->data_addr = h5l__cur_addr(&c, f);
    h->data = h5l__meta_at(f, h->data_addr, h->size);
    if (!h->data || h->size == 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h->off, "local heap", "data segment %llu+%llu outside the file", h5l__ull(h->data_addr),
                            h5l__ull(h->size));
    return H5L_OK;
}

/* The header only; the caller writes the names into the data segment. */
static size_t h5l__lheap_encode(uint8_t *p, const h5l__lheap *h, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, H5L__LHEAP_SIG, 4);
    h5l__o_zero(&o, 4);
    h5l__o_un(&o, h->size, sl);
    h5l__o_un(&o, h->free_head, sl);
    h5l__o_un(&o, h->data_addr, so);
    H5L__ENC_CHECK(o, h5l__lheap_encode(NULL, h, so, sl));
    return o.n;
}

/* NUL-terminated string at heap offset o, or NULL. */
static const char *h5l__lheap_str(const h5l__lheap *h, uint64_t o, size_t *len)
{
    const uint8_t *z;
    if (o >= h->size) return NULL;
    z = (const uint8_t *)memchr(h->data + o, 0, (size_t)(h->size - o));
    if (!z) return NULL;
    if (len) *len = (size_t)(z - (h->data + o));
    return (const char *)(h->data + o);
}

/* Version-1 B-tree node (spec III.A.1): group nodes (type 0) and chunk
 * index nodes (type 1).
 *   OFFSET  SIZE  FIELD
 *   0       4     "TREE"
 *   4       1     node type (0 group, 1 raw data chunks)
 *   5       1     level (0 = leaf)
 *   6       2     entries used (children)
 *   8       O     left sibling (UNDEF at the left end)
 *   8+O     O     right sibling
 *   8+2O    ...   key 0 | child 0 | key 1 | ... | child n-1 | key n
 *  Keys of type 0: heap offset of a name (L); child i holds the names in
 *  (key i, key i+1]. Keys of type 1: chunk size (u32) | filter mask (u32) |
 *  one u64 element offset per chunk dimension (dataset rank + 1, the last
 *  0). Leaf children are symbol nodes / chunks, others B-tree nodes. The
 *  node is read and written at its full size, 2K entries (K from the
 *  superblock). */
#define H5L__BTREE_SIG "TREE"
enum { H5L__BTREE_GROUP = 0, H5L__BTREE_CHUNK = 1 };

typedef struct h5l__btnode {
    unsigned type, level, n;   /* n: entries (children) used */
    uint64_t left, right;
    unsigned ndims;            /* type 1: offsets per key */
    /* decoded: */
    const uint8_t *ents;       /* key 0 | child 0 | ... in the node's bytes */
    size_t ksz;                /* bytes per key */
    uint64_t off;              /* absolute offset of the node */
    /* to encode: */
    unsigned k;                /* the node holds 2K entries */
    const uint64_t *kv;        /* n + 1 keys: type 0 one value each, type 1 size, mask, ndims offsets */
    const uint64_t *cv;        /* n children */
} h5l__btnode;

static size_t h5l__btnode_key_size(unsigned type, unsigned ndims, unsigned sl) { return type == H5L__BTREE_GROUP ? sl : 8u + 8u * (size_t)ndims; }
/* Bytes of a node holding 2K entries. */
static uint64_t h5l__btnode_size(unsigned type, unsigned ndims, unsigned k, unsigned so, unsigned sl)
{
    return 8u + 2u * (uint64_t)so + 2u * (uint64_t)k * so + (2u * (uint64_t)k + 1u) * h5l__btnode_key_size(type, ndims, sl);
}

/* A node of the given type from the `avail` bytes at p (p == NULL: outside
 * the file), read from file address addr: in place (h5l__btnode_load) or
 * copied (h5l__btnode_read). Checks the signature, type and that the used
 * entries fit. */
static h5l_status h5l__btnode_decode(const h5l_file *f, const uint8_t *p, uint64_t avail, uint64_t addr, unsigned type, unsigned ndims,
                                     h5l__btnode *b, h5l_error *err)
{
    uint64_t hdr = 8 + 2 * (uint64_t)f->so, need;
    memset(b, 0, sizeof *b);
    b->off = h5l__abs(f, addr);
    if (!p || avail < hdr) return h5l__fail_at(err, H5L_ECORRUPT, b->off, "B-tree node", "outside the file");
    if (memcmp(p, H5L__BTREE_SIG, 4) != 0 || p[4] != type)
        return h5l__fail_at(err, H5L_ECORRUPT, b->off, "B-tree node", "bad signature or node type (%s B-tree expected)",
                            type == H5L__BTREE_GROUP ? "group" : "chunk");
    b->type = type;
    b->ndims = ndims;
    b->level = p[5];
    b->n = h5l__ld16(p + 6);
    b->left = h5l__ld_addr(f, p + 8);
    b->right = h5l__ld_addr(f, p + 8 + f->so);
    b->ksz = h5l__btnode_key_size(type, ndims, f->sl);
    need = hdr + (uint64_t)b->n * (b->ksz + f->so) + b->ksz;
    if (need > avail) return h5l__fail_at(err, H5L_ECORRUPT, b->off, "B-tree node", "%u entries overrun the file", b->n);
    b->ents = p + hdr;
    return H5L_OK;
}

static size_t h5l__btnode_encode(uint8_t *p, const h5l__btnode *b, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    size_t kw = b->type == H5L__BTREE_GROUP ? 1u : 2u + b->ndims, i, j;
    h5l__o_bytes(&o, H5L__BTREE_SIG, 4);
    h5l__o_u8(&o, b->type);
    h5l__o_u8(&o, b->level);
    h5l__o_u16(&o, b->n);
    h5l__o_un(&o, b->left, so);
    h5l__o_un(&o, b->right, so);
    for (i = 0; i <= b->n; i++) {
        const uint64_t *key = b->kv + i * kw;
        if (b->type == H5L__BTREE_GROUP) {
            h5l__o_un(&o, key[0], sl);
        } else {
            h5l__o_u32(&o, (uint32_t)key[0]);
            h5l__o_u32(&o, (uint32_t)key[1]);
            for (j = 0; j < b->ndims; j++) h5l__o_u64(&o, key[2 + j]);
        }
        if (i < b->n) h5l__o_un(&o, b->cv[i], so);
    }
    h5l__o_zero(&o, (size_t)(h5l__btnode_size(b->type, b->ndims, b->k, so, sl) - o.n));
    H5L__ENC_CHECK(o, h5l__btnode_encode(NULL, b, so, sl));
    return o.n;
}

static h5l_status h5l__btnode_load(const h5l_file *f, uint64_t addr, h5l__btnode *b, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 0);
    uint64_t avail = p ? f->size - h5l__abs(f, addr) : 0, hdr = 8 + 2 * (uint64_t)f->so, need;
    if (p && f->mc && avail >= hdr && (p = h5l__meta_at(f, addr, hdr)) != NULL) {
        /* from the cache: the bytes its entries need (the decoder checks
         * them against what is there) */
        need = hdr + (uint64_t)h5l__ld16(p + 6) * (f->sl + f->so) + f->sl;
        if (need < avail) avail = need;
        p = h5l__meta_at(f, addr, avail);
    }
    return h5l__btnode_decode(f, p, p ? avail : 0, addr, H5L__BTREE_GROUP, 0, b, err);
}

/* The same, copied with one h5l__read_at of the largest node the file's K
 * allows into *buf (allocated here, freed by the caller; NULL when the node
 * was read in place instead: no copy to be had, or more entries than K
 * allows, which the in-place decode judges against the whole file). */
static h5l_status h5l__btnode_read(const h5l_file *f, uint64_t addr, h5l__btnode *b, uint8_t **buf, h5l_error *err)
{
    uint64_t hdr = 8 + 2 * (uint64_t)f->so, most = hdr + 2 * (uint64_t)f->btree_k * (f->sl + f->so) + f->sl, abs, got;
    *buf = NULL;
    if (h5l__at(f, addr, hdr) && most <= ((uint64_t)1 << 20)) {
        abs = h5l__abs(f, addr);
        got = f->size - abs < most ? f->size - abs : most;
        if ((*buf = (uint8_t *)h5l__malloc(&f->alloc, (size_t)got)) != NULL && h5l__read_at(f, abs, *buf, (size_t)got) &&
            hdr + (uint64_t)h5l__ld16(*buf + 6) * (f->sl + f->so) + f->sl <= got)
            return h5l__btnode_decode(f, *buf, got, addr, H5L__BTREE_GROUP, 0, b, err);
        h5l__free(&f->alloc, *buf);
        *buf = NULL;
    }
    return h5l__btnode_load(f, addr, b, err);
}

/* Key i (type 0: a heap offset) and child i of a decoded node. */
static uint64_t h5l__bt_key(const h5l_file *f, const h5l__btnode *b, unsigned i)
{
    return h5l__ldn(b->ents + (size_t)i * (b->ksz + f->so), f->sl);
}
static uint64_t h5l__bt_child(const h5l_file *f, const h5l__btnode *b, unsigned i)
{
    return h5l__ld_addr(f, b->ents + (size_t)i * (b->ksz + f->so) + b->ksz);
}

/* Symbol node (spec III.B): up to 2 x (group leaf K) entries of a group.
 *   OFFSET  SIZE  FIELD
 *   0       4     "SNOD"
 *   4       1     version (1)
 *   5       1     reserved
 *   6       2     number of symbols
 *   8       ...   symbol table entries (h5l__ent), sorted by name; the
 *                 unused tail up to 2K entries is zeros
 *  328 bytes with K = 4 and O = L = 8. */
#define H5L__SNOD_SIG "SNOD"
#define H5L__SNOD_VERSION 1u

typedef struct h5l__snod {
    const uint8_t *ents;       /* decoded: the entries in the node's bytes */
    unsigned n;
    uint64_t off;
    const h5l__ent *ev;        /* to encode: n entries */
    unsigned leaf_k;           /* to encode: the node holds 2K entries */
} h5l__snod;

static size_t h5l__ent_size(const h5l_file *f) { return h5l__ent_bytes(f->so, f->sl); }
/* Bytes of a full symbol node (2 x leaf K entries). */
static uint64_t h5l__snod_size(unsigned leaf_k, unsigned so, unsigned sl) { return 8 + 2 * (uint64_t)leaf_k * h5l__ent_bytes(so, sl); }
static uint64_t h5l__snod_most(const h5l_file *f) { return h5l__snod_size(f->sym_leaf_k, f->so, f->sl); }

/* A symbol node from the `avail` bytes at p (p == NULL: outside the file),
 * read from file address addr: in place (h5l__snod_load) or from a copy
 * (h5l__stab_visit in copy mode). */
static h5l_status h5l__snod_decode(const h5l_file *f, const uint8_t *p, uint64_t avail, uint64_t addr, h5l__snod *s,
                                   h5l_error *err)
{
    memset(s, 0, sizeof *s);
    s->off = h5l__abs(f, addr);
    if (!p || avail < 8 || memcmp(p, H5L__SNOD_SIG, 4) != 0 || p[4] != H5L__SNOD_VERSION)
        return h5l__fail_at(err, H5L_ECORRUPT, s->off, "symbol node", "bad signature, version or outside the file");
    s->n = h5l__ld16(p + 6);
    if (s->n > 2u * f->sym_leaf_k) return h5l__fail_at(err, H5L_ECORRUPT, s->off, "symbol node", "%u entries > %u", s->n, 2u * f->sym_leaf_k);
    if (8 + (uint64_t)s->n * h5l__ent_size(f) > avail) return h5l__fail_at(err, H5L_ECORRUPT, s->off, "symbol node", "entries overrun the file");
    s->ents = p + 8;
    return H5L_OK;
}

static size_t h5l__snod_encode(uint8_t *p, const h5l__snod *s, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    unsigned i;
    h5l__o_bytes(&o, H5L__SNOD_SIG, 4);
    h5l__o_u8(&o, H5L__SNOD_VERSION);
    h5l__o_u8(&o, 0);
    h5l__o_u16(&o, s->n);
    for (i = 0; i < s->n; i++) h5l__ent_encode(&o, so, sl, &s->ev[i]);
    h5l__o_zero(&o, (size_t)(h5l__snod_size(s->leaf_k, so, sl) - o.n));
    H5L__ENC_CHECK(o, h5l__snod_encode(NULL, s, so, sl));
    return o.n;
}

static h5l_status h5l__snod_load(const h5l_file *f, uint64_t addr, h5l__snod *s, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 0);
    uint64_t avail = p ? f->size - h5l__abs(f, addr) : 0, need;
    if (p && f->mc && avail >= 8 && (p = h5l__meta_at(f, addr, 8)) != NULL) {
        need = 8 + (uint64_t)h5l__ld16(p + 6) * h5l__ent_size(f);
        if (need < avail) avail = need;
        p = h5l__meta_at(f, addr, avail);
    }
    return h5l__snod_decode(f, p, p ? avail : 0, addr, s, err);
}

/* A link from a symbol table entry (cache type 2 = soft link whose value is in the heap). */
static h5l_status h5l__ent_link(const h5l_file *f, const h5l__lheap *h, const uint8_t *e, uint64_t eoff, h5l_link *l, h5l_error *err)
{
    h5l__ent ent;
    h5l__cur c;
    h5l__cur_init(&c, e, h5l__ent_size(f));
    h5l__ent_decode(&c, f->so, f->sl, &ent);
    memset(l, 0, sizeof *l);
    l->name = h5l__lheap_str(h, ent.name_off, &l->name_len);
    if (!l->name || l->name_len == 0)
        return h5l__fail_at(err, H5L_ECORRUPT, eoff, "symbol table entry", "name offset %llu outside the local heap at %llu",
                            h5l__ull(ent.name_off), h5l__ull(h->off));
    l->addr = ent.addr;
    if (ent.cache == H5L__CACHE_SOFT) {
        l->type = H5L_LINK_SOFT;
        l->target = h5l__lheap_str(h, ent.soft_off, NULL);
        l->addr = H5L_UNDEF;
        if (!l->target) return h5l__fail_at(err, H5L_ECORRUPT, eoff, "symbol table entry", "soft link value outside the local heap");
    } else {
        l->type = H5L_LINK_HARD;
    }
    return H5L_OK;
}

typedef h5l_status (*h5l__link_cb)(void *ctx, const h5l_link *l, int *stop, h5l_error *err);

typedef struct h5l__stab_walk {
    const h5l_file *f;
    h5l__lheap heap;
    h5l__link_cb fn;
    void *ctx;
    int stop;
    uint64_t budget;           /* nodes that may still be visited */
    /* copy mode (a group of more than one symbol node in a mapped file):
     * nodes below the root are read with h5l__read_at, the symbol nodes of
     * one leaf as one run where they lie together (hdf5lite's layout) */
    int copy;
    uint8_t *run;              /* H5L__STAB_RUN bytes */
    uint64_t run_at, run_len;  /* absolute offset and length of what run holds */
} h5l__stab_walk;

#define H5L__STAB_RUN 65536u
#ifndef H5L__STAB_WIN
#define H5L__STAB_WIN 16384u   /* <= H5L__STAB_RUN */
#endif

/* In copy mode, before the symbol nodes of leaf b: read them as one run
 * when their span fits the buffer. */
static void h5l__stab_read_run(h5l__stab_walk *w, const h5l__btnode *b)
{
    const h5l_file *f = w->f;
    uint64_t lo = UINT64_MAX, hi = 0, most = h5l__snod_most(f);
    unsigned i;
    w->run_len = 0;
    for (i = 0; i < b->n; i++) {
        uint64_t ch = h5l__bt_child(f, b, i), abs;
        if (!h5l__at(f, ch, 8)) return;     /* a bad child: its own load reports it */
        abs = h5l__abs(f, ch);
        if (abs < lo) lo = abs;
        if (abs > hi) hi = abs;
    }
    if (lo == UINT64_MAX || hi - lo > H5L__STAB_RUN || most > H5L__STAB_RUN - (hi - lo)) return;
    hi += most;                            /* no overflow: hi < f->size, most <= 64 KiB */
    if (hi > f->size) hi = f->size;
    if (h5l__read_at(f, lo, w->run, (size_t)(hi - lo))) {
        w->run_at = lo;
        w->run_len = hi - lo;
    }
}

/* Symbol node ch of a leaf: from the run, else read alone, else in place. */
static h5l_status h5l__stab_snod(h5l__stab_walk *w, uint64_t ch, h5l__snod *s, h5l_error *err)
{
    const h5l_file *f = w->f;
    uint64_t abs, most = h5l__snod_most(f), avail;
    if (w->copy && h5l__at(f, ch, 8)) {
        abs = h5l__abs(f, ch);
        if (w->run_len && abs >= w->run_at && abs - w->run_at < w->run_len &&
            (w->run_len - (abs - w->run_at) >= most || w->run_at + w->run_len == f->size))
            return h5l__snod_decode(f, w->run + (abs - w->run_at), w->run_len - (abs - w->run_at), ch, s, err);
        /* a window from this node on: the next nodes of a leaf usually
         * follow within it (libhdf5 allocates them as the group grows) */
        avail = f->size - abs < H5L__STAB_WIN ? f->size - abs : H5L__STAB_WIN;
        if (avail >= most || avail == f->size - abs) {
            if (h5l__read_at(f, abs, w->run, (size_t)avail)) {
                w->run_at = abs;
                w->run_len = avail;
                return h5l__snod_decode(f, w->run, avail, ch, s, err);
            }
            w->run_len = 0;
        }
    }
    return h5l__snod_load(f, ch, s, err);
}

static h5l_status h5l__stab_visit(h5l__stab_walk *w, uint64_t addr, int expect_level, unsigned depth, h5l_error *err)
{
    const h5l_file *f = w->f;
    h5l__btnode b;
    h5l_status st;
    uint8_t *copy = NULL;          /* the node, when read with h5l__read_at */
    unsigned i;
    if (depth > H5L__MAX_BTREE_DEPTH || w->budget == 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "group B-tree", "too deep or too many nodes (cycle?)");
    w->budget--;
    st = w->copy ? h5l__btnode_read(f, addr, &b, &copy, err) : h5l__btnode_load(f, addr, &b, err);
    if (st == H5L_OK && expect_level >= 0 && b.level != (unsigned)expect_level)
        st = h5l__fail_at(err, H5L_ECORRUPT, b.off, "B-tree node", "level %u where %d expected", b.level, expect_level);
    /* a root above the leaves: the group has symbol nodes all over the
     * file; copy them in rather than map (and later unmap) 64 KiB for each */
    if (st == H5L_OK && depth == 0 && b.level > 0 && f->fd >= 0 && (w->run = (uint8_t *)h5l__malloc(&f->alloc, H5L__STAB_RUN)) != NULL)
        w->copy = 1;
    if (st == H5L_OK && w->copy && b.level == 0) h5l__stab_read_run(w, &b);
    for (i = 0; st == H5L_OK && i < b.n && !w->stop; i++) {
        uint64_t ch = h5l__bt_child(f, &b, i);
        if (b.level > 0) {
            st = h5l__stab_visit(w, ch, (int)b.level - 1, depth + 1, err);
        } else {
            h5l__snod s;
            memset(&s, 0, sizeof s);
            unsigned k;
            if (w->budget == 0) {
                st = h5l__fail_at(err, H5L_ECORRUPT, b.off, "group B-tree", "too many nodes");
                break;
            }
            w->budget--;
            st = h5l__stab_snod(w, ch, &s, err);
            for (k = 0; st == H5L_OK && k < s.n && !w->stop; k++) {
                h5l_link l;
                const uint8_t *e = s.ents + (size_t)k * h5l__ent_size(f);
                st = h5l__ent_link(f, &w->heap, e, s.off + 8 + (uint64_t)k * h5l__ent_size(f), &l, err);
                if (st == H5L_OK) st = w->fn(w->ctx, &l, &w->stop, err);
            }
        }
    }
    h5l__free(&f->alloc, copy);
    if (depth == 0 && w->run) {
        h5l__free(&f->alloc, w->run);
        w->run = NULL;
        w->copy = 0;
    }
    return st;
}

static h5l_status h5l__stab_iterate(const h5l_file *f, uint64_t btree, uint64_t heap, h5l__link_cb fn, void *ctx, h5l_error *err)
{
    h5l__stab_walk w;
    h5l_status st;
    memset(&w, 0, sizeof w);
    w.f = f;
    w.fn = fn;
    w.ctx = ctx;
    w.budget = f->size / 8 + 16;
    st = h5l__lheap_decode(f, heap, &w.heap, err);
    if (st != H5L_OK) return st;
    return h5l__stab_visit(&w, btree, -1, 0, err);
}

/* Binary search of the B-tree by its keys, then of the symbol node. */
static h5l_status h5l__stab_find(const h5l_file *f, uint64_t btree, uint64_t heap, const char *name, h5l_link *out, h5l_error *err)
{
    h5l__lheap h;
    h5l__btnode b;
    h5l_status st;
    uint64_t addr = btree;
    int expect = -1;
    unsigned depth = 0;
    st = h5l__lheap_decode(f, heap, &h, err);
    if (st != H5L_OK) return st;
    for (;;) {
        unsigned lo = 0, hi, found = UINT_MAX;
        if (++depth > H5L__MAX_BTREE_DEPTH)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "group B-tree", "too deep");
        st = h5l__btnode_load(f, addr, &b, err);
        if (st != H5L_OK) return st;
        if (expect >= 0 && b.level != (unsigned)expect)
            return h5l__fail_at(err, H5L_ECORRUPT, b.off, "B-tree node", "level %u where %d expected", b.level, expect);
        hi = b.n;
        /* child i holds names in (key i, key i+1] */
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            const char *kl = h5l__lheap_str(&h, h5l__bt_key(f, &b, mid), NULL);
            const char *kr = h5l__lheap_str(&h, h5l__bt_key(f, &b, mid + 1), NULL);
            if (!kl || !kr) return h5l__fail_at(err, H5L_ECORRUPT, b.off, "B-tree node", "key outside the local heap");
            if (strcmp(name, kl) <= 0 && !(mid == 0 && kl[0] == 0 && name[0] != 0)) hi = mid;
            else if (strcmp(name, kr) > 0) lo = mid + 1;
            else { found = mid; break; }
        }
        if (found == UINT_MAX) return H5L_ENOTFOUND;
        addr = h5l__bt_child(f, &b, found);
        if (b.level == 0) break;
        expect = (int)b.level - 1;
    }
    {
        h5l__snod s;
        unsigned lo = 0, hi;
        st = h5l__snod_load(f, addr, &s, err);
        if (st != H5L_OK) return st;
        hi = s.n;
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            const uint8_t *e = s.ents + (size_t)mid * h5l__ent_size(f);
            int cmp;
            st = h5l__ent_link(f, &h, e, s.off + 8 + (uint64_t)mid * h5l__ent_size(f), out, err);
            if (st != H5L_OK) return st;
            cmp = strcmp(name, out->name);
            if (cmp == 0) return H5L_OK;
            if (cmp < 0) hi = mid;
            else lo = mid + 1;
        }
    }
    return H5L_ENOTFOUND;
}

/* Link info (0x02): version 0 | flags (1 corder tracked, 2 indexed) | [max corder i64]
 *  | fractal heap (O) | name index v2 B-tree (O) | [corder index v2 B-tree (O)]
 * Attribute info (0x15): version 0 | flags | [max corder u16] | heap (O) | name bt2 (O) | [corder bt2 (O)] */
static h5l_status h5l__info_decode(const h5l_file *f, const h5l__msg *m, int is_attr, int *corder, uint64_t *heap,
                                   uint64_t *name_bt2, uint64_t *corder_bt2, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, fl;
    h5l__cur_init(&c, m->p, m->size);
    ver = h5l__cur_u8(&c);
    fl = h5l__cur_u8(&c);
    if (ver != 0 || (fl & ~3u))
        return h5l__fail_at(err, H5L_ECORRUPT, m->off, is_attr ? "attribute info message" : "link info message", "bad version %u or flags 0x%x", ver, fl);
    *corder = fl & 1;
    if (fl & 1) h5l__cur_skip(&c, is_attr ? 2 : 8);
    *heap = h5l__cur_addr(&c, f);
    *name_bt2 = h5l__cur_addr(&c, f);
    *corder_bt2 = (fl & 2) ? h5l__cur_addr(&c, f) : H5L_UNDEF;
    if (c.bad) return h5l__fail_at(err, H5L_ECORRUPT, m->off, is_attr ? "attribute info message" : "link info message", "truncated");
    return H5L_OK;
}

/* The same message from plain values (p == NULL: size only); is_attr picks
 * the width of the max creation order (u16 attributes, i64 links). */
static size_t h5l__info_encode(uint8_t *p, int is_attr, unsigned flags, uint64_t max_corder, uint64_t heap, uint64_t name_bt2,
                               uint64_t corder_bt2, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_u8(&o, 0);
    h5l__o_u8(&o, flags);
    if (flags & 1) h5l__o_un(&o, max_corder, is_attr ? 2 : 8);
    h5l__o_un(&o, heap, so);
    h5l__o_un(&o, name_bt2, so);
    if (flags & 2) h5l__o_un(&o, corder_bt2, so);
    H5L__ENC_CHECK(o, h5l__info_encode(NULL, is_attr, flags, max_corder, heap, name_bt2, corder_bt2, so));
    return o.n;
}

/* Message body, unshared when flagged (committed message in another header). */
static h5l_status h5l__msg_body(const h5l_file *f, const h5l__msg *m, const uint8_t **p, size_t *len, uint64_t *off, h5l_error *err)
{
    *p = m->p;
    *len = m->size;
    *off = m->off;
    if (m->flags & H5L__MF_SHARED) return h5l__msg_unshare(f, m->type, p, len, off, 0, err);
    return H5L_OK;
}

/* The layout message into the dataset description (a chunked dataset keeps
 * the whole decoded message for its chunk index). */
static h5l_status h5l__dataset_layout(h5l_obj *o, h5l__dset *ds, const uint8_t *p, size_t len, uint64_t off, h5l_error *err)
{
    h5l_dataset_info *di = &ds->info;
    h5l__layout ly;
    h5l_status st = h5l__layout_decode(p, len, off, o->f->so, o->f->sl, &ly, err);
    if (st != H5L_OK) return st;
    di->layout = (h5l_layout)ly.cls;
    di->chunk_dims = h5l__zero_dims;
    di->offset = H5L_NO_OFFSET;
    ds->data_addr = ly.addr;
    switch (ly.cls) {
    case H5L__LAYOUT_COMPACT:
        di->data = ly.compact;
        di->storage_size = ly.size;
        break;
    case H5L__LAYOUT_CONTIGUOUS:
        di->storage_size = ly.size;
        break;
    case H5L__LAYOUT_CHUNKED: {
        uint64_t *cd = (uint64_t *)h5l__arena_alloc(o->dar, ly.ndims * sizeof *cd);
        if (!cd || !(ds->layout = (h5l__layout *)h5l__arena_alloc(o->dar, sizeof *ds->layout)))
            return h5l__fail_at(err, H5L_ENOMEM, off, "layout message", "out of memory");
        memcpy(cd, ly.cdims, ly.ndims * sizeof *cd);
        *ds->layout = ly;
        di->chunk_rank = ly.ndims;
        di->chunk_dims = cd;
        di->chunk_index = ly.index;
        break;
    }
    default:
        break;
    }
    return H5L_OK;
}

/* The datatype message into the dataset description: a committed type's
 * header address is remembered; a table's datasets share the types already
 * decoded into its arena (o->tcache), keyed by the message bytes. */
static h5l_status h5l__dataset_type(h5l_obj *o, const h5l__msg *mt, h5l_dataset_info *di, h5l_error *err)
{
    const h5l_file *f = o->f;
    h5l__tcache *tc = o->tcache;
    size_t k;
    const h5l_dtype *ct = NULL;
    h5l_dtype *t;
    h5l_status st;
    if (mt->flags & H5L__MF_SHARED) {
        /* committed datatype: remember its header address */
        h5l__cur c;
        unsigned ver, kind;
        h5l__cur_init(&c, mt->p, mt->size);
        ver = h5l__cur_u8(&c);
        kind = h5l__cur_u8(&c);
        if (ver == 1) h5l__cur_skip(&c, 6);
        if (ver == 1 || ver == 2 || (ver == 3 && kind == 2)) {
            uint64_t a = h5l__cur_addr(&c, f);
            if (!c.bad && a != H5L_UNDEF) di->type_addr = a;
        }
    }
    for (k = 0; tc && k < tc->n; k++)
        if (tc->e[k].len == mt->size && tc->e[k].flags == (mt->flags & H5L__MF_SHARED) && memcmp(tc->e[k].p, mt->p, mt->size) == 0) {
            ct = tc->e[k].t;
            break;
        }
    if (ct) {
        di->type = ct;
    } else {
        st = h5l__dtype_msg(f, o->dar, mt->p, mt->size, mt->off, (mt->flags & H5L__MF_SHARED) != 0, &t, err);
        if (st != H5L_OK) return st;
        di->type = t;
        /* the key is a copy: comparing against the file would keep the
         * first column's page mapped for the whole table */
        uint8_t *key = (tc && mt->size <= H5L__TCACHE_KEY) ? (uint8_t *)h5l__arena_alloc(o->dar, mt->size ? mt->size : 1) : NULL;
        if (key) {
            memcpy(key, mt->p, mt->size);
            k = tc->n < H5L__TCACHE_N ? tc->n++ : (tc->next++ % H5L__TCACHE_N);
            tc->e[k].p = key;
            tc->e[k].len = mt->size;
            tc->e[k].flags = mt->flags & H5L__MF_SHARED;
            tc->e[k].t = t;
        }
    }
    return H5L_OK;
}

static h5l_status h5l__dataset_setup(h5l_obj *o, h5l_error *err)
{
    const h5l_file *f = o->f;
    h5l__dset *ds;
    h5l_dataset_info *di;
    const h5l__msg *ms = NULL, *mt = NULL, *ml = NULL, *mf = NULL, *mfo = NULL, *mp = NULL;
    const uint8_t *p;
    size_t len, i;
    uint64_t off, hoff = h5l__abs(f, o->addr);
    h5l_status st;
    for (i = 0; i < o->oh.n; i++) {
        const h5l__msg *m = &o->oh.msgs[i];
        switch (m->type) {
        case H5L__M_SPACE: if (!ms) ms = m; break;
        case H5L__M_DTYPE: if (!mt) mt = m; break;
        case H5L__M_LAYOUT: if (!ml) ml = m; break;
        case H5L__M_FILL: if (!mf) mf = m; break;
        case H5L__M_FILL_OLD: if (!mfo) mfo = m; break;
        case H5L__M_PLINE: if (!mp) mp = m; break;
        default: break;
        }
    }
    if (!ms || !mt)
        return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "no %s message", ms ? "datatype" : "dataspace");
    ds = (h5l__dset *)h5l__arena_alloc(o->dar, sizeof *ds);
    if (!ds) return h5l__fail(err, H5L_ENOMEM, hoff, "dataset: out of memory");
    ds->f = f;
    ds->addr = o->addr;
    ds->data_addr = H5L_UNDEF;
    di = &ds->info;
    di->offset = H5L_NO_OFFSET;
    di->type_addr = H5L_NO_OFFSET;
    st = h5l__msg_body(f, ms, &p, &len, &off, err);
    if (st == H5L_OK) st = h5l__space_decode(f, o->dar, p, len, off, &di->space, err);
    if (st != H5L_OK) return st;
    st = h5l__dataset_type(o, mt, di, err);
    if (st != H5L_OK) return st;
    st = h5l__msg_body(f, ml, &p, &len, &off, err);
    if (st == H5L_OK) st = h5l__dataset_layout(o, ds, p, len, off, err);
    if (st != H5L_OK) return st;
    if (mf || mfo) {
        h5l__fill fv;
        st = h5l__msg_body(f, mf ? mf : mfo, &p, &len, &off, err);
        if (st == H5L_OK) st = h5l__fill_decode(p, len, off, !mf, &fv, err);
        if (st != H5L_OK) return st;
        di->fill_defined = fv.defined;
        di->fill_value = fv.size ? fv.value : NULL;
        di->fill_size = fv.size;
    }
    if (mp) {
        h5l_filter *fl = NULL;
        unsigned nfl = 0;
        st = h5l__msg_body(f, mp, &p, &len, &off, err);
        if (st == H5L_OK) st = h5l__pline_decode(o->dar, p, len, off, &fl, &nfl, NULL, err);
        if (st != H5L_OK) return st;
        di->filters = fl;
        di->nfilters = nfl;
    }
    for (i = 0; i < o->oh.n; i++)
        if (o->oh.msgs[i].type == H5L__M_EFL) di->external = 1;
    switch (di->layout) {
    case H5L_LAYOUT_COMPACT:
        di->allocated = 1;
        break;
    case H5L_LAYOUT_CONTIGUOUS: {
        uint64_t need;
        if (di->storage_size == UINT64_MAX) { /* layout v1/v2: size not stored */
            if (h5l__mul_ovf(di->space.npoints, di->type->size, &need))
                return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "size overflows");
            di->storage_size = need;
        }
        di->allocated = ds->data_addr != H5L_UNDEF;
        if (di->allocated && !di->external) {
            di->offset = h5l__abs(f, ds->data_addr);
            di->data = h5l__at(f, ds->data_addr, di->storage_size);
        }
        break;
    }
    default:
        di->allocated = ds->data_addr != H5L_UNDEF;
        break;
    }
    if (di->data) {
        uintptr_t a = (uintptr_t)di->data;
        unsigned al = 1;
        while (al < 4096 && (a & ((uintptr_t)al * 2 - 1)) == 0) al *= 2;
        di->data_align = al;
    }
    o->dset = di;
    return H5L_OK;
}

/* Set what the header fills in to "absent" (o->f, ar, dar, oh, scratch kept). */
static void h5l__obj_fields_reset(h5l_obj *o, uint64_t addr)
{
    o->addr = addr;
    o->kind = (h5l_obj_kind)0;
    o->has_stab = 0;
    o->has_linfo = o->link_corder = 0;
    o->nlinkmsgs = 0;
    o->has_ainfo = o->attr_corder = 0;
    o->stab_btree = o->stab_heap = H5L_UNDEF;
    o->link_fheap = o->link_name_bt2 = o->link_corder_bt2 = H5L_UNDEF;
    o->attr_fheap = o->attr_name_bt2 = o->attr_corder_bt2 = H5L_UNDEF;
    o->dset = NULL;
    o->dtype = NULL;
}

static h5l_status h5l__obj_parse(h5l_obj *o, h5l_error *err);

/* An object that describes nothing yet (kind 0): for h5l__obj_reload. */
static h5l_obj *h5l__obj_new(h5l_file *f, uint64_t addr)
{
    h5l_obj *o = (h5l_obj *)h5l__calloc(&f->alloc, sizeof *o);
    if (!o) return NULL;
    o->f = f;
    h5l__arena_init(&o->ar, &f->alloc);
    o->dar = &o->ar;
    o->scratch = NULL;                 /* made by the first h5l_group_find */
    h5l__obj_fields_reset(o, addr);
    return o;
}

static h5l_status h5l__obj_load(h5l_file *f, uint64_t addr, h5l_obj **out, h5l_error *err)
{
    h5l_obj *o;
    h5l_status st;
    *out = NULL;
    o = h5l__obj_new(f, addr);
    if (!o) return h5l__fail(err, H5L_ENOMEM, h5l__abs(f, addr), "object: out of memory");
    st = h5l__obj_parse(o, err);
    if (st != H5L_OK) {
        h5l_obj_close(o);
        return st;
    }
    *out = o;
    return H5L_OK;
}

/* Load another object into o (made by h5l__obj_load), reusing its memory:
 * what o described before is gone (a dataset description made in another
 * arena, o->dar, stays there). On error o is left empty but can be
 * reloaded or closed. */
static h5l_status h5l__obj_reload(h5l_obj *o, uint64_t addr, h5l_error *err)
{
    h5l_status st;
    h5l__arena_reset(&o->ar);
    if (o->scratch) h5l__arena_reset(&o->scratch->ar);
    h5l__obj_fields_reset(o, addr);
    st = h5l__obj_parse(o, err);
    if (st != H5L_OK) h5l__obj_fields_reset(o, addr);
    return st;
}

static h5l_status h5l__obj_parse(h5l_obj *o, h5l_error *err)
{
    h5l_file *f = o->f;
    uint64_t addr = o->addr;
    h5l_status st;
    size_t i;
    int has_layout = 0, has_dtype = 0;
    const h5l__msg *mt = NULL;
    uint64_t hoff = h5l__abs(f, addr);
    st = h5l__oh_decode(f, addr, &o->oh, err);
    for (i = 0; st == H5L_OK && i < o->oh.n; i++) {
        const h5l__msg *m = &o->oh.msgs[i];
        switch (m->type) {
        case H5L__M_STAB: {
            h5l__cur c;
            h5l__cur_init(&c, m->p, m->size);
            o->stab_btree = h5l__cur_addr(&c, f);
            o->stab_heap = h5l__cur_addr(&c, f);
            if (c.bad) st = h5l__fail_at(err, H5L_ECORRUPT, m->off, "symbol table message", "truncated");
            o->has_stab = 1;
            break;
        }
        case H5L__M_LINFO:
            o->has_linfo = 1;
            st = h5l__info_decode(f, m, 0, &o->link_corder, &o->link_fheap, &o->link_name_bt2, &o->link_corder_bt2, err);
            break;
        case H5L__M_AINFO:
            o->has_ainfo = 1;
            st = h5l__info_decode(f, m, 1, &o->attr_corder, &o->attr_fheap, &o->attr_name_bt2, &o->attr_corder_bt2, err);
            break;
        case H5L__M_LINK: o->nlinkmsgs++; break;
        case H5L__M_LAYOUT: has_layout = 1; break;
        case H5L__M_DTYPE: has_dtype = 1; mt = m; break;
        default: break;
        }
    }
    if (st == H5L_OK) {
        if (o->has_stab || o->has_linfo || o->nlinkmsgs) {
            o->kind = H5L_OBJ_GROUP;
            if (addr == f->root_addr && o->has_stab && !h5l__at(f, o->stab_btree, 8) && f->root_stab_btree != H5L_UNDEF) {
                o->stab_btree = f->root_stab_btree;
                o->stab_heap = f->root_stab_heap;
            }
        } else if (has_layout) {
            o->kind = H5L_OBJ_DATASET;
            st = h5l__dataset_setup(o, err);
        } else if (has_dtype) {
            h5l_dtype *t = NULL;
            o->kind = H5L_OBJ_DATATYPE;
            st = h5l__dtype_msg(f, &o->ar, mt->p, mt->size, mt->off, (mt->flags & H5L__MF_SHARED) != 0, &t, err);
            o->dtype = t;
        } else if (addr == f->root_addr && f->root_stab_btree != H5L_UNDEF) {
            o->kind = H5L_OBJ_GROUP;
            o->has_stab = 1;
            o->stab_btree = f->root_stab_btree;
            o->stab_heap = f->root_stab_heap;
        } else {
            st = h5l__fail_at(err, H5L_ECORRUPT, hoff, "object header", "neither a group, a dataset nor a datatype");
        }
    }
    return st;
}

void h5l_obj_close(h5l_obj *o)
{
    h5l_allocator a;
    if (!o) return;
    a = o->f->alloc;
    h5l__oh_free(o->f, &o->oh);
    h5l__arena_free(&o->ar);
    if (o->scratch) {
        h5l__arena_free(&o->scratch->ar);
        h5l__free(&a, o->scratch);
    }
    h5l__free(&a, o);
}

h5l_obj_kind h5l_obj_get_kind(const h5l_obj *o) { return o ? o->kind : (h5l_obj_kind)0; }
uint64_t h5l_obj_get_addr(const h5l_obj *o) { return o ? o->addr : H5L_UNDEF; }
h5l_file *h5l_obj_get_file(const h5l_obj *o) { return o ? o->f : NULL; }
uint32_t h5l_obj_get_refcount(const h5l_obj *o) { return o ? o->oh.refcount : 0; }
const h5l_dataset_info *h5l_obj_dataset(const h5l_obj *o) { return o && o->kind == H5L_OBJ_DATASET ? o->dset : NULL; }
const h5l_dtype *h5l_obj_datatype(const h5l_obj *o) { return o && o->kind == H5L_OBJ_DATATYPE ? o->dtype : NULL; }

/* ---- links: find and iterate ----------------------------------------------- */

typedef struct h5l__dfind {
    const h5l_file *f;
    const char *name;
    size_t name_len;
    h5l__arena *ar;
    h5l_link *out;
} h5l__dfind;

static h5l_status h5l__dfind_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    h5l__dfind *d = (h5l__dfind *)ctx;
    h5l__rawlink r;
    h5l_status st = h5l__link_decode(d->f, msg, len, off, &r, err);
    if (st != H5L_OK) return st;
    if (r.name_len == d->name_len && memcmp(r.name, d->name, r.name_len) == 0) {
        *stop = 1;
        return h5l__link_make(d->ar, &r, d->out, off, err);
    }
    return H5L_OK;
}

/* Find `name` in group g; strings of *out live in ar (or in the file). */
static h5l_status h5l__find(const h5l_obj *g, const char *name, h5l__arena *ar, h5l_link *out, h5l_error *err)
{
    const h5l_file *f = g->f;
    size_t nl = strlen(name), i;
    h5l_status st;
    if (g->kind != H5L_OBJ_GROUP) return h5l__fail(err, H5L_EINVAL, h5l__abs(f, g->addr), "object at %llu is not a group", h5l__ull(h5l__abs(f, g->addr)));
    if (g->has_stab) {
        st = h5l__stab_find(f, g->stab_btree, g->stab_heap, name, out, err);
        if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: no such link", name);
        return st;
    }
    for (i = 0; i < g->oh.n; i++) {
        const h5l__msg *m = &g->oh.msgs[i];
        h5l__rawlink r;
        if (m->type != H5L__M_LINK) continue;
        st = h5l__link_decode(f, m->p, m->size, m->off, &r, err);
        if (st != H5L_OK) return st;
        if (r.name_len == nl && memcmp(r.name, name, nl) == 0) return h5l__link_make(ar, &r, out, m->off, err);
    }
    if (g->has_linfo && g->link_fheap != H5L_UNDEF && g->link_name_bt2 != H5L_UNDEF) {
        h5l__dfind d;
        d.f = f;
        d.name = name;
        d.name_len = nl;
        d.ar = ar;
        d.out = out;
        st = h5l__dense_find(f, g->link_fheap, g->link_name_bt2, name, nl, h5l__dfind_cb, &d, err);
        if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: no such link", name);
        return st;
    }
    return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: no such link", name);
}

h5l_status h5l_group_find(const h5l_obj *g, const char *name, h5l_link *out, h5l_error *err)
{
    h5l__clear(err);
    if (!g || !name || !out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_group_find: NULL argument");
    if (!g->scratch) {
        /* the handle is used by one thread at a time (hdf5lite.h), so the
         * lazily made scratch space may be attached to a const handle */
        h5l__scratch *sc = (h5l__scratch *)h5l__calloc(&g->f->alloc, sizeof *sc);
        if (!sc) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "h5l_group_find: out of memory");
        h5l__arena_init(&sc->ar, &g->f->alloc);
        ((h5l_obj *)g)->scratch = sc;
    }
    h5l__arena_free(&g->scratch->ar);
    h5l__arena_init(&g->scratch->ar, &g->f->alloc);
    return h5l__find(g, name, &g->scratch->ar, out, err);
}

/* Collected links (for sorted iteration). */
typedef struct h5l__linkvec {
    const h5l_file *f;
    h5l__arena ar;
    h5l_link *v;
    size_t n, cap;
} h5l__linkvec;

static h5l_status h5l__linkvec_add_raw(h5l__linkvec *lv, const h5l__rawlink *r, uint64_t off, h5l_error *err)
{
    if (h5l__grow(&lv->f->alloc, (void **)&lv->v, &lv->cap, lv->n + 1, sizeof *lv->v) != 0)
        return h5l__fail(err, H5L_ENOMEM, off, "group: out of memory collecting links");
    if (h5l__link_make(&lv->ar, r, &lv->v[lv->n], off, err) != H5L_OK) return H5L_ENOMEM;
    lv->n++;
    return H5L_OK;
}

static h5l_status h5l__linkvec_dense_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    h5l__linkvec *lv = (h5l__linkvec *)ctx;
    h5l__rawlink r;
    h5l_status st = h5l__link_decode(lv->f, msg, len, off, &r, err);
    (void)stop;
    if (st != H5L_OK) return st;
    return h5l__linkvec_add_raw(lv, &r, off, err);
}

static int h5l__cmp_name(const void *a, const void *b)
{
    return strcmp(((const h5l_link *)a)->name, ((const h5l_link *)b)->name);
}
static int h5l__cmp_corder(const void *a, const void *b)
{
    int64_t x = ((const h5l_link *)a)->corder, y = ((const h5l_link *)b)->corder;
    return x < y ? -1 : x > y;
}

typedef struct h5l__user_iter {
    h5l_link_fn fn;
    void *ctx;
} h5l__user_iter;

static h5l_status h5l__user_iter_cb(void *ctx, const h5l_link *l, int *stop, h5l_error *err)
{
    h5l__user_iter *u = (h5l__user_iter *)ctx;
    (void)err;
    if (u->fn(u->ctx, l)) *stop = 1;
    return H5L_OK;
}

/* Streams native-order dense links to the user. */
typedef struct h5l__dense_stream {
    const h5l_file *f;
    h5l_link_fn fn;
    void *ctx;
    h5l__arena ar;
} h5l__dense_stream;

static h5l_status h5l__dense_stream_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    h5l__dense_stream *s = (h5l__dense_stream *)ctx;
    h5l__rawlink r;
    h5l_link l;
    h5l_status st = h5l__link_decode(s->f, msg, len, off, &r, err);
    if (st != H5L_OK) return st;
    h5l__arena_reset(&s->ar);
    st = h5l__link_make(&s->ar, &r, &l, off, err);
    if (st != H5L_OK) return st;
    if (s->fn(s->ctx, &l)) *stop = 1;
    return H5L_OK;
}

h5l_status h5l_group_iterate(const h5l_obj *g, unsigned order, h5l_link_fn fn, void *ctx, h5l_error *err)
{
    const h5l_file *f;
    h5l__linkvec lv;
    h5l_status st = H5L_OK;
    size_t i;
    h5l__clear(err);
    if (!g || !fn) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_group_iterate: NULL argument");
    f = g->f;
    if (g->kind != H5L_OBJ_GROUP) return h5l__fail(err, H5L_EINVAL, h5l__abs(f, g->addr), "object at %llu is not a group", h5l__ull(h5l__abs(f, g->addr)));
    if (order > H5L_ITER_NATIVE) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_group_iterate: bad order %u", order);
    if (g->has_stab) {
        h5l__user_iter u;
        if (order == H5L_ITER_CORDER)
            return h5l__fail(err, H5L_EUNSUPPORTED, h5l__abs(f, g->addr), "group at %llu does not track creation order", h5l__ull(h5l__abs(f, g->addr)));
        u.fn = fn;
        u.ctx = ctx;
        return h5l__stab_iterate(f, g->stab_btree, g->stab_heap, h5l__user_iter_cb, &u, err);
    }
    if (order == H5L_ITER_CORDER && !g->link_corder)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l__abs(f, g->addr), "group at %llu does not track creation order", h5l__ull(h5l__abs(f, g->addr)));
    if (order == H5L_ITER_NATIVE) {
        h5l__dense_stream s;
        union { uint8_t b[768]; uint64_t u; void *p; double d; } buf;   /* one link at a time: usually fits */
        s.f = f;
        s.fn = fn;
        s.ctx = ctx;
        h5l__arena_init_buf(&s.ar, &f->alloc, buf.b, sizeof buf.b);
        for (i = 0; i < g->oh.n; i++) {
            const h5l__msg *m = &g->oh.msgs[i];
            int stop = 0;
            if (m->type != H5L__M_LINK) continue;
            st = h5l__dense_stream_cb(&s, m->p, m->size, m->off, &stop, err);
            if (st != H5L_OK || stop) break;
            if (stop) break;
        }
        if (st == H5L_OK && i == g->oh.n && g->has_linfo && g->link_fheap != H5L_UNDEF && g->link_name_bt2 != H5L_UNDEF)
            st = h5l__dense_iterate(f, g->link_fheap, g->link_name_bt2, h5l__dense_stream_cb, &s, err);
        h5l__arena_free(&s.ar);
        return st;
    }
    memset(&lv, 0, sizeof lv);
    lv.f = f;
    h5l__arena_init(&lv.ar, &f->alloc);
    for (i = 0; st == H5L_OK && i < g->oh.n; i++) {
        const h5l__msg *m = &g->oh.msgs[i];
        int stop = 0;
        if (m->type != H5L__M_LINK) continue;
        st = h5l__linkvec_dense_cb(&lv, m->p, m->size, m->off, &stop, err);
    }
    if (st == H5L_OK && g->has_linfo && g->link_fheap != H5L_UNDEF && g->link_name_bt2 != H5L_UNDEF)
        st = h5l__dense_iterate(f, g->link_fheap, g->link_name_bt2, h5l__linkvec_dense_cb, &lv, err);
    if (st == H5L_OK) {
        if (lv.n > 1) qsort(lv.v, lv.n, sizeof *lv.v, order == H5L_ITER_CORDER ? h5l__cmp_corder : h5l__cmp_name);
        for (i = 0; i < lv.n; i++)
            if (fn(ctx, &lv.v[i])) break;
    }
    h5l__free(&f->alloc, lv.v);
    h5l__arena_free(&lv.ar);
    return st;
}

/* ---- paths ----------------------------------------------------------------- */

/* Open `path` from the object at `start`, or from the already open group
 * `from` (borrowed, not reloaded: h5l_obj_open_rel) when it is not NULL. */
static h5l_status h5l__open_path(h5l_file *f, uint64_t start, const h5l_obj *from, const char *path, unsigned *soft_left,
                                 h5l_obj **out, h5l_error *err)
{
    h5l_obj *cur = NULL;
    const h5l_obj *g;
    h5l_status st;
    const char *p = path;
    *out = NULL;
    if (*p == '/') {
        start = f->root_addr;
        from = NULL;
    }
    if (!from) {
        st = h5l__obj_load(f, start, &cur, err);
        if (st != H5L_OK) return st;
    }
    g = cur ? cur : from;
    while (*p) {
        const char *e;
        size_t n;
        char comp[1024];
        h5l__arena tmp;
        h5l_link l;
        h5l_obj *next = NULL;
        while (*p == '/') p++;
        if (!*p) break;
        e = p;
        while (*e && *e != '/') e++;
        n = (size_t)(e - p);
        if (n == 1 && p[0] == '.') { p = e; continue; }
        if (n >= sizeof comp) {
            h5l_obj_close(cur);
            return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: path component too long", path);
        }
        memcpy(comp, p, n);
        comp[n] = 0;
        if (g->kind != H5L_OBJ_GROUP) {
            h5l_obj_close(cur);
            return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: %s is inside an object that is not a group", path, comp);
        }
        h5l__arena_init(&tmp, &f->alloc);
        st = h5l__find(g, comp, &tmp, &l, err);
        if (st == H5L_OK) {
            if (l.type == H5L_LINK_HARD) {
                st = h5l__obj_load(f, l.addr, &next, err);
            } else if (l.type == H5L_LINK_SOFT) {
                if (*soft_left == 0)
                    st = h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: more than %d soft links", path, H5L__MAX_SOFT);
                else {
                    (*soft_left)--;
                    st = h5l__open_path(f, g->addr, g, l.target, soft_left, &next, err);
                }
            } else if (l.type == H5L_LINK_EXTERNAL) {
                st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s is an external link to %s:%s", path, comp,
                               l.ext_file ? l.ext_file : "", l.target ? l.target : "");
            } else {
                st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s is a user-defined link (type %u)", path, comp, (unsigned)l.type);
            }
        }
        h5l__arena_free(&tmp);
        h5l_obj_close(cur);
        cur = NULL;
        if (st != H5L_OK) return st;
        cur = next;
        g = cur;
        p = e;
    }
    if (!cur) return h5l__obj_load(f, from->addr, out, err);   /* the path named `from` itself */
    *out = cur;
    return H5L_OK;
}

h5l_status h5l_obj_open(h5l_file *f, const char *path, h5l_obj **out, h5l_error *err)
{
    unsigned soft = H5L__MAX_SOFT;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open: out is NULL");
    *out = NULL;
    if (!f || !path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open: NULL argument");
    return h5l__open_path(f, f->root_addr, NULL, path, &soft, out, err);
}

h5l_status h5l_obj_open_addr(h5l_file *f, uint64_t addr, h5l_obj **out, h5l_error *err)
{
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open_addr: out is NULL");
    *out = NULL;
    if (!f) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open_addr: NULL file");
    return h5l__obj_load(f, addr, out, err);
}

h5l_status h5l_obj_open_rel(const h5l_obj *g, const char *path, h5l_obj **out, h5l_error *err)
{
    unsigned soft = H5L__MAX_SOFT;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open_rel: out is NULL");
    *out = NULL;
    if (!g || !path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_obj_open_rel: NULL argument");
    return h5l__open_path(g->f, g->addr, g, path, &soft, out, err);
}

/* ----------------------------------------------------------------------
 * C.5 Global heap collection (spec III.E): variable-length data
 *   OFFSET  SIZE  FIELD
 *   0       4     "GCOL"
 *   4       1     version (1)
 *   5       3     reserved
 *   8       L     collection size, this header included (libhdf5: >= 4096)
 *   then, from offset align8(8 + L), objects:
 *           2     heap object index (1, 2, ...; 0 = the free space, last)
 *           2     reference count
 *           4     reserved
 *           L     object size
 *           ...   data, padded to 8 (the free-space object is not padded:
 *                 its size covers the rest of the collection, header
 *                 included; with fewer than 16 bytes left it is omitted)
 *  A vlen element refers to an object: count (u32) | collection address (O)
 *  | object index (u32).
 * ---------------------------------------------------------------------- */
#define H5L__GCOL_SIG "GCOL"
#define H5L__GCOL_VERSION 1u
#define H5L__GCOL_MIN 4096u

static size_t h5l__gcol_hdr_size(unsigned sl) { return (size_t)h5l__pad8(8u + sl); }
static size_t h5l__gcol_obj_hdr_size(unsigned sl) { return (size_t)h5l__pad8(8u + sl); }

/* Find object `index` in the collection at addr. */
static h5l_status h5l__gcol_decode(const h5l_file *f, uint64_t addr, uint32_t index, const uint8_t **data, uint64_t *size, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 8 + (uint64_t)f->sl);
    uint64_t csize, pos, hoff = h5l__abs(f, addr), ohs = h5l__gcol_obj_hdr_size(f->sl);
    if (!p || memcmp(p, H5L__GCOL_SIG, 4) != 0 || p[4] != H5L__GCOL_VERSION)
        return h5l__fail_at(err, H5L_ECORRUPT, hoff, "global heap", "bad signature/version or outside the file");
    csize = h5l__ldn(p + 8, f->sl);
    if (csize < 8 + (uint64_t)f->sl || !h5l__at(f, addr, csize)) {
        /* be lenient like libhdf5 with a collection cut by the end of the file */
        uint64_t have = f->size - hoff;
        if (csize < 8 + (uint64_t)f->sl || have < 8 + (uint64_t)f->sl)
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "global heap", "size %llu outside the file", h5l__ull(csize));
        csize = have;
    }
    pos = h5l__gcol_hdr_size(f->sl);
    while (pos + ohs <= csize) {
        const uint8_t *o = p + pos;
        uint32_t idx = h5l__ld16(o);
        uint64_t osz = h5l__ldn(o + 8, f->sl), dstart = pos + ohs;
        if (idx == 0) break;
        if (osz > csize - dstart)
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "global heap", "object %u of %llu bytes overruns the collection", idx, h5l__ull(osz));
        if (idx == index) {
            *data = p + dstart;
            *size = osz;
            return H5L_OK;
        }
        pos = dstart + h5l__pad8(osz);
    }
    return h5l__fail_at(err, H5L_ECORRUPT, hoff, "global heap", "no object %u", index);
}

/* The collection header. */
static size_t h5l__gcol_encode(uint8_t *p, uint64_t size, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    size_t at = o.n;
    h5l__o_bytes(&o, H5L__GCOL_SIG, 4);
    h5l__o_u8(&o, H5L__GCOL_VERSION);
    h5l__o_zero(&o, 3);
    h5l__o_un(&o, size, sl);
    h5l__o_pad8(&o, at);
    H5L__ENC_CHECK(o, h5l__gcol_encode(NULL, size, sl));
    return o.n;
}

/* One object (index > 0: header, data padded to 8) or the free space
 * (index 0: header only, size = the bytes left including it). */
static size_t h5l__gcol_obj_encode(uint8_t *p, unsigned index, uint64_t size, const void *data, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    size_t at = o.n;
    h5l__o_u16(&o, index);
    h5l__o_u16(&o, 0);
    h5l__o_u32(&o, 0);
    h5l__o_un(&o, size, sl);
    h5l__o_pad8(&o, at);
    if (index) {
        at = o.n;
        h5l__o_bytes(&o, data, (size_t)size);
        h5l__o_pad8(&o, at);
    }
    H5L__ENC_CHECK(o, h5l__gcol_obj_encode(NULL, index, size, data, sl));
    return o.n;
}

h5l_status h5l_vlen_get(const h5l_file *f, const h5l_dtype *t, const void *elem, const void **data, uint64_t *count, h5l_error *err)
{
    const uint8_t *e = (const uint8_t *)elem, *obj = NULL;
    uint32_t n, idx;
    uint64_t addr, osz = 0, bsz, need;
    h5l_status st;
    h5l__clear(err);
    if (!f || !t || !elem || !data || !count) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_vlen_get: NULL argument");
    *data = NULL;
    *count = 0;
    if (t->cls != H5L_CLASS_VLEN) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_vlen_get: not a variable-length type");
    n = h5l__ld32(e);
    addr = h5l__ld_addr(f, e + 4);
    idx = h5l__ld32(e + 4 + f->so);
    if (addr == 0 || addr == H5L_UNDEF) return H5L_OK;     /* NULL */
    if (n == 0) {                                          /* empty, not NULL (h5py's "") */
        *data = "";
        return H5L_OK;
    }
    st = h5l__gcol_decode(f, addr, idx, &obj, &osz, err);
    if (st != H5L_OK) return st;
    bsz = t->is_vlen_string ? 1 : (t->base ? t->base->size : 1);
    if (h5l__mul_ovf(n, bsz, &need) || need > osz)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "global heap", "object %u has %llu bytes, %u elements need more", idx, h5l__ull(osz), n);
    *data = obj;
    *count = n;
    return H5L_OK;
}

h5l_status h5l_string_get(const h5l_file *f, const h5l_dtype *t, const void *elem, const char **s, size_t *len, h5l_error *err)
{
    h5l__clear(err);
    if (!t || !elem || !s || !len) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_string_get: NULL argument");
    *s = NULL;
    *len = 0;
    if (t->cls == H5L_CLASS_STRING) {
        const char *p = (const char *)elem;
        size_t n = (size_t)t->size;
        if (t->pad == H5L_PAD_NULLTERM) {
            const char *z = (const char *)memchr(p, 0, n);   /* libhdf5 stops at the first NUL */
            if (z) n = (size_t)(z - p);
        } else if (t->pad == H5L_PAD_SPACEPAD) {
            while (n && p[n - 1] == ' ') n--;                /* libhdf5 drops the space padding, */
        }
        while (n && p[n - 1] == 0) n--;                      /* numpy the trailing NULs */
        *s = p;
        *len = n;
        return H5L_OK;
    }
    if (t->cls == H5L_CLASS_VLEN && t->is_vlen_string) {
        const void *d;
        uint64_t n;
        h5l_status st;
        if (!f) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_string_get: NULL file");
        st = h5l_vlen_get(f, t, elem, &d, &n, err);
        if (st != H5L_OK) return st;
        if (d) {
            const char *z = (const char *)memchr(d, 0, (size_t)n);
            if (z) n = (uint64_t)(z - (const char *)d);
            *s = (const char *)d;
        } else {
            *s = "";
        }
        *len = (size_t)n;
        return H5L_OK;
    }
    return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "h5l_string_get: not a string type");
}

/* ======================================================================
 * C.6 Dense storage: fractal heap + version-2 B-tree
 *
 * Groups with many links and objects with many attributes keep their link /
 * attribute messages in a fractal heap, indexed by one or two v2 B-trees.
 * The reading part hands the stored message bodies to C.4 and D.2; it never
 * allocates: every object is a pointer into the mapped file. The encoders
 * (and plain decoders for them) follow each part: the writer's dense
 * attribute storage (section E) is made of them.
 *
 * Fractal heap header (all integers little-endian; O = f->so, L = f->sl):
 *
 *   "FRHP" ver(1)=0 heap_id_len(2) filter_len(2) flags(1) max_managed_obj(4)
 *   next_huge_id(L) huge_btree_addr(O) free_space(L) free_space_mgr(O)
 *   managed_space(L) allocated_managed(L) dblock_iter_off(L) n_managed(L)
 *   huge_size(L) n_huge(L) tiny_size(L) n_tiny(L)
 *   table_width(2) start_block_size(L) max_dblock_size(L) max_heap_bits(2)
 *   start_root_rows(2) root_block_addr(O) cur_root_rows(2)
 *   [filter_len > 0: filtered_root_size(L) filter_mask(4) filter_info(filter_len)]
 *   checksum(4) = lookup3 of everything before it
 *
 * Doubling table (width W, start size S, max direct size M, heap bits B):
 *
 *   row 0:  W blocks of S          heap offsets [0, S*W)
 *   row 1:  W blocks of S          [S*W, 2*S*W)
 *   row r:  W blocks of S*2^(r-1)  [S*W*2^(r-1), S*W*2^r)
 *   rows with block size <= M hold direct blocks; bigger rows hold indirect
 *   blocks, each a sub-table of log2(block size) - log2(S*W) + 1 rows.
 *   The root block is a direct block of size S when cur_root_rows == 0,
 *   else an indirect block of cur_root_rows rows.
 *
 *   Direct block   "FHDB" ver(1) heap_hdr_addr(O) block_off(ceil(B/8))
 *                  [checksum(4) when flags bit 1: lookup3 of the whole block
 *                  with the checksum field zeroed] object data ...
 *                  An object at heap offset h lives at block + (h - block_off).
 *   Indirect block "FHIB" ver(1) heap_hdr_addr(O) block_off(ceil(B/8))
 *                  min(nrows, direct rows)*W direct entries: addr(O)
 *                    [filtered: size(L) mask(4)]
 *                  remaining rows*W indirect entries: addr(O)
 *                  checksum(4) of everything before it
 *
 * Heap IDs (first byte: version in bits 6-7 = 0, type in bits 4-5):
 *   0 managed: offset (ceil(B/8) bytes), length (bytes to encode min(M, max obj))
 *   1 huge:    direct (address O + length L) when they fit in the ID and the
 *              heap has no filters; otherwise a key looked up in the huge
 *              object v2 B-tree (type 1: addr(O) len(L) id(L)); filtered → unsupported
 *   2 tiny:    data in the ID; length-1 in the low 4 bits (ID <= 18 bytes) or
 *              in 12 bits (low 4 bits + next byte) for longer IDs
 *
 * Version-2 B-tree header:
 *   "BTHD" ver(1)=0 type(1) node_size(4) record_size(2) depth(2) split%(1)
 *   merge%(1) root_addr(O) root_nrec(2) total_records(L) checksum(4)
 *   Internal node "BTIN" ver type records[nrec] then nrec+1 child pointers
 *     addr(O) nrec(n bytes) [total(t bytes), only at depth > 1]  checksum(4)
 *   Leaf node "BTLF" ver type records[nrec] checksum(4)
 *   n = bytes to encode the leaf max record count; t at depth d = bytes to
 *   encode the max records of a subtree of depth d-1 (computed level by level).
 *
 * Records used here:
 *   1  huge object:         addr(O) len(L) id(L)
 *   5  link name:           hash(4) heap_id(7)
 *   6  link creation order: corder(8) heap_id(7)
 *   8  attribute name:      heap_id(8) msg_flags(1) corder(4) hash(4)
 *   9  attribute corder:    heap_id(8) msg_flags(1) corder(4)
 * ====================================================================== */

#define H5L__BT2_MAX_DEPTH 32
#define H5L__FH_MAX_ROWS 64
#define H5L__FH_CACHE 128

/* Absolute file offset of a relative address, for messages. */
/* log2 of a value rounded down; 0 for 0. */
static unsigned h5l__dn_log2(uint64_t v)
{
    unsigned r = 0;
    while (v >>= 1) r++;
    return r;
}

/* Bytes needed to encode values up to `limit` (libhdf5 H5VM_limit_enc_size). */
static unsigned h5l__dn_enc_size(uint64_t limit) { return h5l__dn_log2(limit) / 8 + 1; }

static int h5l__dn_pow2(uint64_t v) { return v && !(v & (v - 1)); }

/* ---- version-2 B-tree ------------------------------------------------------ */

typedef struct h5l__bt2 {
    const h5l_file *f;
    uint64_t addr;              /* header (relative) */
    unsigned type, rec_size, depth, root_nrec;
    uint32_t node_size;
    uint64_t root_addr, total;
    unsigned nrec_size;         /* bytes of "number of records" in child pointers */
    uint64_t max_nrec[H5L__BT2_MAX_DEPTH + 1];
    uint64_t cum_max[H5L__BT2_MAX_DEPTH + 1];
    unsigned cum_size[H5L__BT2_MAX_DEPTH + 1];
    uint64_t node_budget;       /* nodes a valid tree in this file can have */
} h5l__bt2;

/* Called for each record (rec_size bytes at absolute offset off). */
typedef h5l_status (*h5l__bt2_rec_fn)(void *ctx, const uint8_t *rec, uint64_t off, int *stop, h5l_error *err);
/* Order of a record against a search key: <0 record before, 0 match, >0 after. */
typedef int (*h5l__bt2_cmp_fn)(const void *key, const uint8_t *rec);

static unsigned h5l__bt2_expected_rec_size(const h5l_file *f, unsigned type)
{
    switch (type) {
    case 1: return f->so + 2 * f->sl;
    case 5: return 4 + 7;
    case 6: return 8 + 7;
    case 8: return 8 + 1 + 4 + 4;
    case 9: return 8 + 1 + 4;
    default: return 0;
    }
}

/* Open the v2 B-tree whose header is at addr. rec_size 0: a tree of a type
 * h5l__bt2_expected_rec_size knows; otherwise the record size the caller
 * computed (chunk index records, types 10 and 11, depend on the dataset). */
static h5l_status h5l__bt2_open_rec(const h5l_file *f, uint64_t addr, unsigned rec_size, h5l__bt2 *bt, h5l_error *err)
{
    const uint8_t *p;
    h5l__cur c;
    uint64_t hdr_len = 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + (uint64_t)f->so + 2 + f->sl + 4;
    unsigned u, want;
    memset(bt, 0, sizeof *bt);
    bt->f = f;
    bt->addr = addr;
    p = h5l__at(f, addr, hdr_len);
    if (!p)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "outside the file");
    if (memcmp(p, "BTHD", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "bad signature");
    if (h5l__ld32(p + hdr_len - 4) != h5l__lookup3(p, (size_t)hdr_len - 4, 0))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "checksum mismatch");
    h5l__cur_init(&c, p + 4, (size_t)hdr_len - 4);
    if (h5l__cur_u8(&c) != 0)
        return h5l__fail_at(err, H5L_EUNSUPPORTED, h5l__abs(f, addr), "v2 B-tree header", "version %u", (unsigned)p[4]);
    bt->type = h5l__cur_u8(&c);
    bt->node_size = h5l__cur_u32(&c);
    bt->rec_size = h5l__cur_u16(&c);
    bt->depth = h5l__cur_u16(&c);
    (void)h5l__cur_u8(&c); /* split percent */
    (void)h5l__cur_u8(&c); /* merge percent */
    bt->root_addr = h5l__cur_addr(&c, f);
    bt->root_nrec = h5l__cur_u16(&c);
    bt->total = h5l__cur_len(&c, f);
    want = rec_size ? rec_size : h5l__bt2_expected_rec_size(f, bt->type);
    if (!want)
        return h5l__fail_at(err, H5L_EUNSUPPORTED, h5l__abs(f, addr), "v2 B-tree header", "tree type %u not supported here", bt->type);
    if (bt->rec_size != want)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "record size %u, type %u needs %u", bt->rec_size, bt->type, want);
    if (bt->depth > H5L__BT2_MAX_DEPTH)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "depth %u > %u", bt->depth, (unsigned)H5L__BT2_MAX_DEPTH);
    if (bt->node_size <= 10u + bt->rec_size)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "node size %lu too small", (unsigned long)bt->node_size);
    /* Node capacities per level (libhdf5 H5B2__hdr_init). The fixed overhead
     * of a node is signature, version, type and checksum: 10 bytes. */
    bt->max_nrec[0] = (bt->node_size - 10u) / bt->rec_size;
    bt->cum_max[0] = bt->max_nrec[0];
    bt->cum_size[0] = 0;
    bt->nrec_size = h5l__dn_enc_size(bt->max_nrec[0]);
    for (u = 1; u <= bt->depth; u++) {
        uint64_t ptr = (uint64_t)f->so + bt->nrec_size + bt->cum_size[u - 1], m, t;
        if (bt->node_size < 10u + ptr + 1) {
            bt->max_nrec[u] = 0;
        } else {
            bt->max_nrec[u] = (bt->node_size - (10u + ptr)) / (bt->rec_size + ptr);
        }
        if (bt->max_nrec[u] == 0)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "node size %lu holds no record at depth %u", (unsigned long)bt->node_size, u);
        if (h5l__mul_ovf(bt->max_nrec[u] + 1, bt->cum_max[u - 1], &m) || h5l__add_ovf(m, bt->max_nrec[u], &t))
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "depth %u too large", bt->depth);
        bt->cum_max[u] = t;
        bt->cum_size[u] = h5l__dn_enc_size(t);
    }
    if (bt->root_addr == H5L_UNDEF) {
        if (bt->total != 0 || bt->root_nrec != 0)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "%llu records but no root", (unsigned long long)bt->total);
    } else {
        if (bt->root_nrec > bt->max_nrec[bt->depth] || bt->total > bt->cum_max[bt->depth] || bt->total < bt->root_nrec)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "record counts (root %u, total %llu) impossible", bt->root_nrec, (unsigned long long)bt->total);
        if (bt->depth == 0 && bt->total != bt->root_nrec)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "v2 B-tree header", "total %llu != root records %u at depth 0", (unsigned long long)bt->total, bt->root_nrec);
    }
    /* Nodes of a valid tree do not overlap: the file bounds their number. */
    bt->node_budget = f->size / bt->node_size + 1;
    return H5L_OK;
}

static h5l_status h5l__bt2_open(const h5l_file *f, uint64_t addr, h5l__bt2 *bt, h5l_error *err)
{
    return h5l__bt2_open_rec(f, addr, 0, bt, err);
}

typedef struct h5l__bt2_walk {
    h5l__bt2 *bt;
    h5l__bt2_cmp_fn cmp;   /* NULL: visit every record */
    const void *key;
    h5l__bt2_rec_fn fn;
    void *ctx;
    int stop;
} h5l__bt2_walk;

/* Visit node at addr holding nrec records at `depth`, whose subtree holds
 * `all` records. */
/* Load the node at addr holding nrec records at `depth`, whose subtree
 * holds `all` records, and check it: node budget, bounds, signature,
 * version, type, checksum, and for an internal node its children's record
 * counts. *out = the node. (The chunk index walks nodes one at a time with
 * it; h5l__bt2_node below walks a tree.) */
static h5l_status h5l__bt2_node_get(h5l__bt2 *bt, uint64_t addr, uint64_t nrec, unsigned depth, uint64_t all, const uint8_t **out,
                                    h5l_error *err)
{
    const h5l_file *f = bt->f;
    const char *what = depth ? "v2 B-tree internal node" : "v2 B-tree leaf node";
    uint64_t ptr_size = depth ? (uint64_t)f->so + bt->nrec_size + (depth > 1 ? bt->cum_size[depth - 1] : 0) : 0;
    uint64_t used, i, sum;
    const uint8_t *p, *ptrs;

    if (bt->node_budget == 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, bt->addr), "v2 B-tree", "more nodes than the file can hold (cycle?)");
    bt->node_budget--;
    if (nrec > bt->max_nrec[depth])
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "%llu records > %llu", (unsigned long long)nrec, (unsigned long long)bt->max_nrec[depth]);
    used = 6 + nrec * bt->rec_size + (depth ? (nrec + 1) * ptr_size : 0) + 4;
    if (used > bt->node_size)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "%llu records overflow the node", (unsigned long long)nrec);
    p = h5l__at(f, addr, used);
    if (!p)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "outside the file");
    if (memcmp(p, depth ? "BTIN" : "BTLF", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "bad signature");
    if (p[4] != 0)
        return h5l__fail_at(err, H5L_EUNSUPPORTED, h5l__abs(f, addr), what, "version %u", p[4]);
    if (p[5] != bt->type)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "type %u in a type %u tree", p[5], bt->type);
    if (h5l__ld32(p + used - 4) != h5l__lookup3(p, (size_t)used - 4, 0))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "checksum mismatch");
    if (depth == 0) {
        if (all != nrec)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "%llu records, parent says %llu", (unsigned long long)nrec, (unsigned long long)all);
    } else {
        ptrs = p + 6 + nrec * bt->rec_size;
        sum = nrec;
        for (i = 0; i <= nrec; i++) {
            const uint8_t *q = ptrs + i * ptr_size;
            uint64_t cn = h5l__ldn(q + f->so, bt->nrec_size);
            uint64_t ca = depth > 1 ? h5l__ldn(q + f->so + bt->nrec_size, bt->cum_size[depth - 1]) : cn;
            if (cn > bt->max_nrec[depth - 1] || ca > bt->cum_max[depth - 1] || ca < cn || h5l__add_ovf(sum, ca, &sum))
                return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "child %llu record counts impossible", (unsigned long long)i);
        }
        if (sum != all)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), what, "subtree holds %llu records, parent says %llu", (unsigned long long)sum, (unsigned long long)all);
    }
    *out = p;
    return H5L_OK;
}

/* Child i of the internal node p (checked by h5l__bt2_node_get): address,
 * records in the child, records in its subtree. */
static void h5l__bt2_child(const h5l__bt2 *bt, const uint8_t *p, uint64_t nrec, unsigned depth, uint64_t i, uint64_t *addr,
                           uint64_t *cn, uint64_t *ca)
{
    const h5l_file *f = bt->f;
    uint64_t ptr_size = (uint64_t)f->so + bt->nrec_size + (depth > 1 ? bt->cum_size[depth - 1] : 0);
    const uint8_t *q = p + 6 + nrec * bt->rec_size + i * ptr_size;
    *addr = h5l__ld_addr(f, q);
    *cn = h5l__ldn(q + f->so, bt->nrec_size);
    *ca = depth > 1 ? h5l__ldn(q + f->so + bt->nrec_size, bt->cum_size[depth - 1]) : *cn;
}

/* Visit node at addr holding nrec records at `depth`, whose subtree holds
 * `all` records. */
static h5l_status h5l__bt2_node(h5l__bt2_walk *w, uint64_t addr, uint64_t nrec, unsigned depth, uint64_t all,
                                h5l_error *err)
{
    h5l__bt2 *bt = w->bt;
    const h5l_file *f = bt->f;
    uint64_t i;
    const uint8_t *p = NULL;
    h5l_status st = h5l__bt2_node_get(bt, addr, nrec, depth, all, &p, err);
    if (st != H5L_OK) return st;
    if (depth == 0) {
        for (i = 0; i < nrec; i++) {
            const uint8_t *r = p + 6 + i * bt->rec_size;
            int c = w->cmp ? w->cmp(w->key, r) : 0;
            if (c > 0) break;          /* past the key: done */
            if (c < 0) continue;
            st = w->fn(w->ctx, r, f->base + addr + 6 + i * bt->rec_size, &w->stop, err);
            if (st != H5L_OK || w->stop) return st;
        }
        return H5L_OK;
    }
    /* internal: the counts were checked; walk in order */
    for (i = 0; i <= nrec; i++) {
        uint64_t caddr, cn, ca;
        int go = 1, here = 0;
        const uint8_t *r = i < nrec ? p + 6 + i * bt->rec_size : NULL;
        h5l__bt2_child(bt, p, nrec, depth, i, &caddr, &cn, &ca);
        if (w->cmp) {
            /* child i holds keys between record i-1 and record i */
            if (i > 0 && w->cmp(w->key, p + 6 + (i - 1) * bt->rec_size) > 0) go = 0;
            if (r) {
                int c = w->cmp(w->key, r);
                if (c < 0) go = 0; /* record i is before the key: so is all of child i */
                here = c == 0;
                if (c > 0 && !go) return H5L_OK;
            }
        } else {
            here = r != NULL;
        }
        if (go && ca > 0) {
            st = h5l__bt2_node(w, caddr, cn, depth - 1, ca, err);
            if (st != H5L_OK || w->stop) return st;
        }
        if (here) {
            st = w->fn(w->ctx, r, f->base + addr + 6 + i * bt->rec_size, &w->stop, err);
            if (st != H5L_OK || w->stop) return st;
        }
        if (w->cmp && r && w->cmp(w->key, r) > 0) return H5L_OK;
    }
    return H5L_OK;
}

/* Walk the tree in key order; with cmp, only records comparing equal. */
static h5l_status h5l__bt2_walk_tree(h5l__bt2 *bt, h5l__bt2_cmp_fn cmp, const void *key, h5l__bt2_rec_fn fn, void *ctx,
                                     h5l_error *err)
{
    h5l__bt2_walk w;
    if (bt->root_addr == H5L_UNDEF) return H5L_OK;
    w.bt = bt;
    w.cmp = cmp;
    w.key = key;
    w.fn = fn;
    w.ctx = ctx;
    w.stop = 0;
    return h5l__bt2_node(&w, bt->root_addr, bt->root_nrec, bt->depth, bt->total, err);
}

/* ---- version-2 B-tree: encoders (and plain decoders) for the drawing above ---
 * The reader opens trees in the file (h5l__bt2_open_rec, h5l__bt2_node_get);
 * these encode and decode the same bytes as plain values: a header, one node,
 * and a whole tree built from sorted records (what the writer's dense
 * attribute storage uses). A node occupies node_size bytes on disk: its
 * records, child pointers and checksum, then zeros. */

typedef struct h5l__bt2hdr {
    unsigned type, rec_size, depth, split, merge, root_nrec;
    uint32_t node_size;
    uint64_t root_addr, total;
} h5l__bt2hdr;

static size_t h5l__bt2hdr_size(unsigned so, unsigned sl) { return 4u + 1 + 1 + 4 + 2 + 2 + 1 + 1 + so + 2 + sl + 4; }

/* Decode a header (signature, version 0, checksum checked); -1 if not one. */
H5L__CODEC_ONLY static int h5l__bt2hdr_decode(const uint8_t *p, size_t n, unsigned so, unsigned sl, h5l__bt2hdr *h)
{
    h5l__cur c;
    size_t len = h5l__bt2hdr_size(so, sl);
    memset(h, 0, sizeof *h);
    if (n < len || memcmp(p, "BTHD", 4) != 0 || p[4] != 0 || h5l__ld32(p + len - 4) != h5l__lookup3(p, len - 4, 0)) return -1;
    h5l__cur_init(&c, p + 5, len - 5);
    h->type = h5l__cur_u8(&c);
    h->node_size = h5l__cur_u32(&c);
    h->rec_size = h5l__cur_u16(&c);
    h->depth = h5l__cur_u16(&c);
    h->split = h5l__cur_u8(&c);
    h->merge = h5l__cur_u8(&c);
    h->root_addr = h5l__cur_addrw(&c, so);
    h->root_nrec = h5l__cur_u16(&c);
    h->total = h5l__cur_un(&c, sl);
    return c.bad ? -1 : 0;
}

static size_t h5l__bt2hdr_encode(uint8_t *p, const h5l__bt2hdr *h, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, "BTHD", 4);
    h5l__o_u8(&o, 0);
    h5l__o_u8(&o, h->type);
    h5l__o_u32(&o, h->node_size);
    h5l__o_u16(&o, h->rec_size);
    h5l__o_u16(&o, h->depth);
    h5l__o_u8(&o, h->split);
    h5l__o_u8(&o, h->merge);
    h5l__o_un(&o, h->root_addr, so);
    h5l__o_u16(&o, h->root_nrec);
    h5l__o_un(&o, h->total, sl);
    h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    H5L__ENC_CHECK(o, h5l__bt2hdr_encode(NULL, h, so, sl));
    return o.n;
}

/* Node capacities of a tree (libhdf5 H5B2__hdr_init; as h5l__bt2_open_rec
 * computes them): records a node holds at each depth, records a subtree of
 * that depth holds, and the widths of the counts in child pointers. Depths
 * past the last one whose node holds a record have max_nrec 0. */
typedef struct h5l__bt2shape {
    uint64_t max_nrec[H5L__BT2_MAX_DEPTH + 1], cum_max[H5L__BT2_MAX_DEPTH + 1];
    unsigned nrec_size, cum_size[H5L__BT2_MAX_DEPTH + 1];
} h5l__bt2shape;

static void h5l__bt2_shape(uint32_t node_size, unsigned rec_size, unsigned so, h5l__bt2shape *s)
{
    unsigned u;
    memset(s, 0, sizeof *s);
    if (node_size <= 10u + rec_size) return;
    s->max_nrec[0] = s->cum_max[0] = (node_size - 10u) / rec_size;
    s->nrec_size = h5l__dn_enc_size(s->max_nrec[0]);
    for (u = 1; u <= H5L__BT2_MAX_DEPTH; u++) {
        uint64_t ptr = (uint64_t)so + s->nrec_size + s->cum_size[u - 1], m, t;
        if (node_size < 10u + ptr + rec_size) break;
        s->max_nrec[u] = (node_size - (10u + ptr)) / (rec_size + ptr);
        if (h5l__mul_ovf(s->max_nrec[u] + 1, s->cum_max[u - 1], &m) || h5l__add_ovf(m, s->max_nrec[u], &t)) {
            s->max_nrec[u] = 0;
            break;
        }
        s->cum_max[u] = t;
        s->cum_size[u] = h5l__dn_enc_size(t);
    }
}

/* One node as plain values. Internal nodes (depth > 0) have nrec + 1
 * children: address, records in the child, and (depth > 1) records in its
 * subtree, in fields of nrec_size and total_size bytes (h5l__bt2shape:
 * nrec_size, cum_size[depth - 1]). */
typedef struct h5l__bt2node {
    unsigned type, depth, rec_size, nrec;
    uint32_t node_size;
    const uint8_t *recs;                /* nrec * rec_size bytes */
    const uint64_t *rec_idx;            /* encoding: record i is recs + rec_idx[i] * rec_size (NULL: recs in a row) */
    const uint64_t *caddr, *cnrec, *ctotal;
    unsigned nrec_size, total_size;
} h5l__bt2node;

/* Bytes of a node that hold something (then zeros up to node_size). */
static size_t h5l__bt2node_used(const h5l__bt2node *nd, unsigned so)
{
    size_t ptr = nd->depth ? (size_t)so + nd->nrec_size + (nd->depth > 1 ? nd->total_size : 0) : 0;
    return 6u + (size_t)nd->nrec * nd->rec_size + (nd->depth ? (size_t)(nd->nrec + 1) * ptr : 0) + 4u;
}

/* Decode a node whose type, depth, record size, count and widths the caller
 * set in *nd (from the header and the parent, as libhdf5 reads it); the
 * children go to caddr/cnrec/ctotal (cap entries each). -1: not that node. */
H5L__CODEC_ONLY static int h5l__bt2node_decode(const uint8_t *p, size_t n, unsigned so, h5l__bt2node *nd, uint64_t *caddr, uint64_t *cnrec,
                               uint64_t *ctotal, size_t cap)
{
    size_t used = h5l__bt2node_used(nd, so), i;
    h5l__cur c;
    if (used > n || used > nd->node_size || memcmp(p, nd->depth ? "BTIN" : "BTLF", 4) != 0 || p[4] != 0 || p[5] != nd->type ||
        h5l__ld32(p + used - 4) != h5l__lookup3(p, used - 4, 0))
        return -1;
    nd->recs = p + 6;
    nd->rec_idx = NULL;
    nd->caddr = nd->cnrec = nd->ctotal = NULL;
    if (!nd->depth) return 0;
    if ((size_t)nd->nrec + 1 > cap) return -1;
    h5l__cur_init(&c, p + 6 + (size_t)nd->nrec * nd->rec_size, used - 10 - (size_t)nd->nrec * nd->rec_size);
    for (i = 0; i <= nd->nrec; i++) {
        caddr[i] = h5l__cur_addrw(&c, so);
        cnrec[i] = h5l__cur_un(&c, nd->nrec_size);
        ctotal[i] = nd->depth > 1 ? h5l__cur_un(&c, nd->total_size) : cnrec[i];
    }
    nd->caddr = caddr;
    nd->cnrec = cnrec;
    nd->ctotal = ctotal;
    return c.bad ? -1 : 0;
}

/* node_size bytes: signature, version 0, type, records, child pointers,
 * checksum of what precedes it, zeros. */
static size_t h5l__bt2node_encode(uint8_t *p, const h5l__bt2node *nd, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    unsigned i;
    h5l__o_bytes(&o, nd->depth ? "BTIN" : "BTLF", 4);
    h5l__o_u8(&o, 0);
    h5l__o_u8(&o, nd->type);
    if (nd->rec_idx)
        for (i = 0; i < nd->nrec; i++) h5l__o_bytes(&o, nd->recs + nd->rec_idx[i] * nd->rec_size, nd->rec_size);
    else
        h5l__o_bytes(&o, nd->recs, (size_t)nd->nrec * nd->rec_size);
    for (i = 0; nd->depth && i <= nd->nrec; i++) {
        h5l__o_un(&o, nd->caddr[i], so);
        h5l__o_un(&o, nd->cnrec[i], nd->nrec_size);
        if (nd->depth > 1) h5l__o_un(&o, nd->ctotal[i], nd->total_size);
    }
    h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    if (o.n < nd->node_size) h5l__o_zero(&o, nd->node_size - o.n);
    H5L__ENC_CHECK(o, h5l__bt2node_encode(NULL, nd, so));
    return o.n;
}

/* ---- a whole tree from sorted records ----
 * The header at addr, then its nodes at addr + pad8(header), node_size bytes
 * each, in depth-first order. The depth is the least that holds the records;
 * each internal node has at least two children and the records are spread
 * evenly, so every node holds at least one record. Internal nodes are kept to
 * H5L__BT2_BUILD_KIDS children (node sizes up to about 2 KiB use them fully). */
#define H5L__BT2_BUILD_KIDS 128u

typedef struct h5l__bt2build {
    uint8_t *p;                  /* the tree's bytes (header first); NULL: count */
    uint64_t addr, nodes_at;     /* header address, first node's offset from it */
    uint64_t next;               /* nodes placed */
    const h5l__bt2shape *s;
    const uint8_t *recs;
    unsigned type, rec_size, so;
    uint32_t node_size;
} h5l__bt2build;

/* Records a subtree of depth d holds in a tree this builder makes. */
static uint64_t h5l__bt2_cum(const h5l__bt2shape *s, unsigned d)
{
    uint64_t c = s->max_nrec[0], u, m;
    for (u = 1; u <= d; u++) {
        m = s->max_nrec[u] > H5L__BT2_BUILD_KIDS - 1 ? H5L__BT2_BUILD_KIDS - 1 : s->max_nrec[u];
        if (c > (UINT64_MAX - m) / (m + 1)) return UINT64_MAX;
        c = (m + 1) * c + m;
    }
    return c;
}

/* Subtree of `depth` over records [lo, lo + cnt); its address, and in
 * *nrec the records of its root node. */
static uint64_t h5l__bt2_build_node(h5l__bt2build *b, unsigned depth, uint64_t lo, uint64_t cnt, uint64_t *nrec)
{
    uint64_t off = b->nodes_at + b->next * b->node_size;
    h5l__bt2node nd;
    b->next++;
    memset(&nd, 0, sizeof nd);
    nd.type = b->type;
    nd.depth = depth;
    nd.rec_size = b->rec_size;
    nd.node_size = b->node_size;
    nd.recs = b->recs;
    if (depth == 0) {
        nd.nrec = (unsigned)cnt;
        if (b->recs) nd.recs = b->recs + lo * b->rec_size;
    } else {
        uint64_t caddr[H5L__BT2_BUILD_KIDS], cnrec[H5L__BT2_BUILD_KIDS], ctot[H5L__BT2_BUILD_KIDS], idx[H5L__BT2_BUILD_KIDS];
        uint64_t sub = h5l__bt2_cum(b->s, depth - 1), k = (cnt + 1 + sub) / (sub + 1), left, i, pos = lo;
        if (k < 2) k = 2;
        left = cnt - (k - 1);
        for (i = 0; i < k; i++) {
            ctot[i] = left / k + (i < left % k ? 1 : 0);
            caddr[i] = h5l__bt2_build_node(b, depth - 1, pos, ctot[i], &cnrec[i]);
            pos += ctot[i];
            if (i + 1 < k) idx[i] = pos++;
        }
        nd.nrec = (unsigned)(k - 1);
        nd.rec_idx = idx;
        nd.nrec_size = b->s->nrec_size;
        nd.total_size = b->s->cum_size[depth - 1];
        nd.caddr = caddr;
        nd.cnrec = cnrec;
        nd.ctotal = ctot;
        if (b->p) h5l__bt2node_encode(b->p + off, &nd, b->so);
        *nrec = nd.nrec;
        return b->addr + off;
    }
    if (b->p) h5l__bt2node_encode(b->p + off, &nd, b->so);
    *nrec = nd.nrec;
    return b->addr + off;
}

/* A whole tree of type `type` over nrec records (rec_size bytes each, in
 * key order) at file address addr, into p (NULL: size only); the bytes it
 * takes. The caller sizes node_size so that a node holds at least two
 * records. */
static uint64_t h5l__bt2_tree_encode(uint8_t *p, uint64_t addr, unsigned type, uint32_t node_size, unsigned rec_size,
                                     const uint8_t *recs, uint64_t nrec, unsigned so, unsigned sl)
{
    h5l__bt2shape s;
    h5l__bt2build b;
    h5l__bt2hdr h;
    unsigned d = 0;
    uint64_t root_nrec = 0;
    h5l__bt2_shape(node_size, rec_size, so, &s);
    while (d < H5L__BT2_MAX_DEPTH && s.max_nrec[d + 1] && nrec > h5l__bt2_cum(&s, d)) d++;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.addr = addr;
    b.nodes_at = h5l__pad8(h5l__bt2hdr_size(so, sl));
    b.s = &s;
    b.recs = recs;
    b.type = type;
    b.rec_size = rec_size;
    b.so = so;
    b.node_size = node_size;
    memset(&h, 0, sizeof h);
    h.type = type;
    h.rec_size = rec_size;
    h.node_size = node_size;
    h.depth = d;
    h.split = 100;
    h.merge = 40;
    h.total = nrec;
    h.root_addr = nrec ? h5l__bt2_build_node(&b, d, 0, nrec, &root_nrec) : H5L_UNDEF;
    h.root_nrec = (unsigned)root_nrec;
    if (p) h5l__bt2hdr_encode(p, &h, so, sl);
    return b.nodes_at + b.next * node_size;
}

/* ---- fractal heap ----------------------------------------------------------- */

typedef struct h5l__fheap {
    const h5l_file *f;
    uint64_t addr;               /* header (relative) */
    unsigned id_len, filter_len, flags;
    uint32_t max_man;
    uint64_t huge_bt2;
    unsigned width;
    uint64_t start_block, max_dblock;
    unsigned heap_bits, cur_rows;
    uint64_t root_addr;
    unsigned off_size, len_size;  /* managed heap ID field sizes; off_size is also the block offset size */
    unsigned start_bits, first_row_bits, max_direct_rows, max_root_rows;
    uint64_t row_size[H5L__FH_MAX_ROWS], row_off[H5L__FH_MAX_ROWS];
    int huge_direct;
    unsigned huge_id_size;
    int tiny_ext;
    /* blocks whose signature and checksum were verified during this call */
    struct { uint64_t addr, off, size; } seen[H5L__FH_CACHE];
    unsigned nseen, seen_next;
    /* Bytes of block checksums this call may still compute. Checksums guard
     * against corruption, bounds checks against bad memory access; past the
     * budget (a walk re-reading more blocks than the cache holds, or a
     * hostile file sharing blocks) only the bounds checks remain, so time
     * stays linear in the file size. */
    uint64_t hash_budget;
} h5l__fheap;

static h5l_status h5l__fh_open(const h5l_file *f, uint64_t addr, h5l__fheap *h, h5l_error *err)
{
    const uint8_t *p;
    h5l__cur c;
    uint64_t base_len = 4 + 1 + 2 + 2 + 1 + 4 + 12ull * f->sl + 3ull * f->so + 2 + 2 + 2 + 2, len;
    uint64_t acc, bsz;
    unsigned u, ver, start_rows;
    memset(h, 0, sizeof *h);
    h->f = f;
    h->addr = addr;
    p = h5l__at(f, addr, base_len + 4);
    if (!p)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "outside the file");
    if (memcmp(p, "FRHP", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "bad signature");
    h5l__cur_init(&c, p + 4, (size_t)base_len - 4);
    ver = h5l__cur_u8(&c);
    if (ver != 0)
        return h5l__fail_at(err, H5L_EUNSUPPORTED, h5l__abs(f, addr), "fractal heap", "version %u", ver);
    h->id_len = h5l__cur_u16(&c);
    h->filter_len = h5l__cur_u16(&c);
    h->flags = h5l__cur_u8(&c);
    h->max_man = h5l__cur_u32(&c);
    (void)h5l__cur_len(&c, f);          /* next huge ID */
    h->huge_bt2 = h5l__cur_addr(&c, f);
    (void)h5l__cur_len(&c, f);          /* free space */
    (void)h5l__cur_addr(&c, f);         /* free-space manager */
    for (u = 0; u < 8; u++) (void)h5l__cur_len(&c, f); /* space and object statistics */
    h->width = h5l__cur_u16(&c);
    h->start_block = h5l__cur_len(&c, f);
    h->max_dblock = h5l__cur_len(&c, f);
    h->heap_bits = h5l__cur_u16(&c);
    start_rows = h5l__cur_u16(&c);
    h->root_addr = h5l__cur_addr(&c, f);
    h->cur_rows = h5l__cur_u16(&c);
    (void)start_rows;
    len = base_len;
    if (h->filter_len) len += (uint64_t)f->sl + 4 + h->filter_len;
    p = h5l__at(f, addr, len + 4);
    if (!p)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "header runs past the end of the file");
    if (h5l__ld32(p + len) != h5l__lookup3(p, (size_t)len, 0))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "checksum mismatch");
    if (h->id_len < 2 || h->id_len > 4096)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "heap ID length %u", h->id_len);
    if (!h5l__dn_pow2(h->width) || !h5l__dn_pow2(h->start_block) || !h5l__dn_pow2(h->max_dblock) ||
        h->max_dblock < h->start_block || h->heap_bits == 0 || h->heap_bits > 64)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "bad doubling table (width %u, start %llu, max direct %llu, heap bits %u)", h->width, (unsigned long long)h->start_block, (unsigned long long)h->max_dblock, h->heap_bits);
    h->start_bits = h5l__dn_log2(h->start_block);
    h->first_row_bits = h->start_bits + h5l__dn_log2(h->width);
    if (h5l__dn_log2(h->max_dblock) >= h->heap_bits || h->first_row_bits > h->heap_bits)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "blocks larger than the heap (start %llu x %u, max direct %llu, heap bits %u)", (unsigned long long)h->start_block, h->width, (unsigned long long)h->max_dblock, h->heap_bits);
    h->max_direct_rows = h5l__dn_log2(h->max_dblock) - h->start_bits + 2;
    h->max_root_rows = h->heap_bits - h->start_bits + 1;
    if (h->max_root_rows > H5L__FH_MAX_ROWS) h->max_root_rows = H5L__FH_MAX_ROWS;
    /* row sizes and offsets; stop at rows whose offsets leave 64 bits */
    acc = 0;
    bsz = h->start_block;
    for (u = 0; u < h->max_root_rows; u++) {
        uint64_t span;
        h->row_size[u] = bsz;
        h->row_off[u] = acc;
        if (h5l__mul_ovf(bsz, h->width, &span) || h5l__add_ovf(acc, span, &acc)) {
            h->max_root_rows = u + 1;
            break;
        }
        if (u > 0) {
            if (bsz > UINT64_MAX / 2) { h->max_root_rows = u + 1; break; }
            bsz *= 2;
        }
    }
    if (h->cur_rows > h->max_root_rows)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", "root indirect block has %u rows > %u", h->cur_rows, h->max_root_rows);
    h->off_size = (h->heap_bits + 7) / 8;
    h->len_size = h5l__dn_enc_size(h->max_dblock < h->max_man ? h->max_dblock : h->max_man);
    /* huge IDs (libhdf5 H5HF__huge_init) */
    if (h->filter_len == 0 && (unsigned)(f->so + f->sl) <= h->id_len - 1) {
        h->huge_direct = 1;
        h->huge_id_size = f->so + f->sl;
    } else if (h->filter_len && (unsigned)(f->so + 2 * f->sl + 4) <= h->id_len - 1) {
        h->huge_direct = 1;
        h->huge_id_size = f->so + 2 * f->sl + 4;
    } else {
        h->huge_direct = 0;
        h->huge_id_size = h->id_len - 1 < 8 ? h->id_len - 1 : 8;
    }
    h->tiny_ext = h->id_len > 18;
    h->hash_budget = f->size > UINT64_MAX / 8 ? UINT64_MAX : 4 * f->size + ((uint64_t)1 << 20);
    return H5L_OK;
}

/* Has this block (address, heap offset, size on disk) already been verified
 * during this call? Callers set bit 63 of the size of indirect blocks, so a
 * block checked as one kind is never taken for the other. */
static int h5l__fh_seen(const h5l__fheap *h, uint64_t addr, uint64_t off, uint64_t size)
{
    unsigned i;
    for (i = 0; i < h->nseen; i++)
        if (h->seen[i].addr == addr && h->seen[i].off == off && h->seen[i].size == size) return 1;
    return 0;
}
static void h5l__fh_mark(h5l__fheap *h, uint64_t addr, uint64_t off, uint64_t size)
{
    unsigned i;
    if (h->nseen < H5L__FH_CACHE) {
        i = h->nseen++;
    } else {
        i = h->seen_next;
        h->seen_next = (i + 1) % H5L__FH_CACHE;
    }
    h->seen[i].addr = addr;
    h->seen[i].off = off;
    h->seen[i].size = size;
}

/* Check the common prefix of FHDB/FHIB: signature, version, heap address,
 * block offset. */
static h5l_status h5l__fh_block_prefix(const h5l__fheap *h, const uint8_t *p, uint64_t addr, const char *sig,
                                       const char *what, uint64_t block_off, h5l_error *err)
{
    const h5l_file *f = h->f;
    uint64_t hdr, off;
    if (memcmp(p, sig, 4) != 0)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", h5l__abs(h->f, h->addr), "%s at %llu: bad signature", what, h5l__ull(h5l__abs(f, addr)));
    if (p[4] != 0)
        return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, addr), "fractal heap", h5l__abs(h->f, h->addr), "%s at %llu: version %u", what, h5l__ull(h5l__abs(f, addr)), p[4]);
    hdr = h5l__ld_addr(f, p + 5);
    if (hdr != h->addr)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", h5l__abs(h->f, h->addr), "%s at %llu belongs to heap %llu", what, h5l__ull(h5l__abs(f, addr)), h5l__ull(h5l__abs(f, hdr)));
    off = h5l__ldn(p + 5 + f->so, h->off_size);
    if (off != block_off)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, addr), "fractal heap", h5l__abs(h->f, h->addr), "%s at %llu: block offset %llu, expected %llu", what, h5l__ull(h5l__abs(f, addr)), (unsigned long long)off, (unsigned long long)block_off);
    return H5L_OK;
}

/* Heap row and column holding heap offset `off` inside a (sub)table; row is
 * H5L__FH_MAX_ROWS when no row of the table can hold it. */
static void h5l__fh_lookup(const h5l__fheap *h, uint64_t off, unsigned *row, uint64_t *col)
{
    *col = 0;
    if (h->first_row_bits >= 64 || off < ((uint64_t)1 << h->first_row_bits)) {
        *row = 0;
        *col = off / h->start_block;
    } else {
        unsigned hb = h5l__dn_log2(off);
        *row = hb - h->first_row_bits + 1;
        if (*row < h->max_root_rows)
            *col = (off - ((uint64_t)1 << hb)) / h->row_size[*row];
        else
            *row = H5L__FH_MAX_ROWS;
    }
}

/* Locate the managed object at heap offset `off`, `len` bytes. */
static h5l_status h5l__fh_managed(h5l__fheap *h, uint64_t off, uint64_t len, const uint8_t **out, uint64_t *out_off,
                                  h5l_error *err)
{
    const h5l_file *f = h->f;
    uint64_t blk_addr = h->root_addr, blk_off = 0, blk_size, hdr_size, end;
    unsigned nrows = h->cur_rows, level;
    const uint8_t *p;
    h5l_status st;

    if (h->filter_len)
        return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "filtered direct blocks are not supported");
    if (len == 0 || h5l__add_ovf(off, len, &end) || (h->heap_bits < 64 && end > ((uint64_t)1 << h->heap_bits)))
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "object at heap offset %llu, %llu bytes, outside the heap", (unsigned long long)off, (unsigned long long)len);
    if (blk_addr == H5L_UNDEF)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "object in an empty heap");
    blk_size = h->start_block;
    /* Walk indirect blocks down to the direct block holding `off`. */
    for (level = 0; nrows > 0; level++) {
        unsigned row, ndrows;
        uint64_t col, entry, ent_size, ib_size, rel, eaddr;
        if (level > H5L__FH_MAX_ROWS)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "indirect blocks nested too deep");
        ndrows = nrows < h->max_direct_rows ? nrows : h->max_direct_rows;
        ent_size = (uint64_t)f->so + (h->filter_len ? f->sl + 4u : 0u);
        ib_size = 5 + (uint64_t)f->so + h->off_size + (uint64_t)ndrows * h->width * ent_size +
                  (uint64_t)(nrows - ndrows) * h->width * f->so + 4;
        p = h5l__at(f, blk_addr, ib_size);
        if (!p)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "indirect block at %llu outside the file", h5l__ull(h5l__abs(f, blk_addr)));
        if (!h5l__fh_seen(h, blk_addr, blk_off, ib_size | ((uint64_t)1 << 63))) {
            st = h5l__fh_block_prefix(h, p, blk_addr, "FHIB", "indirect block", blk_off, err);
            if (st != H5L_OK) return st;
            if (ib_size <= h->hash_budget) {
                h->hash_budget -= ib_size;
                if (h5l__ld32(p + ib_size - 4) != h5l__lookup3(p, (size_t)ib_size - 4, 0))
                    return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "indirect block at %llu: checksum mismatch", h5l__ull(h5l__abs(f, blk_addr)));
            }
            h5l__fh_mark(h, blk_addr, blk_off, ib_size | ((uint64_t)1 << 63));
        }
        rel = off - blk_off;
        h5l__fh_lookup(h, rel, &row, &col);
        if (row >= nrows || col >= h->width)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "heap offset %llu beyond indirect block at %llu (%u rows)", (unsigned long long)off, h5l__ull(h5l__abs(f, blk_addr)), nrows);
        entry = (uint64_t)row * h->width + col;
        if (row < h->max_direct_rows) {
            eaddr = h5l__ld_addr(f, p + 5 + f->so + h->off_size + entry * ent_size);
        } else {
            eaddr = h5l__ld_addr(f, p + 5 + f->so + h->off_size + (uint64_t)ndrows * h->width * ent_size +
                                        (entry - (uint64_t)ndrows * h->width) * f->so);
        }
        if (eaddr == H5L_UNDEF)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "heap offset %llu lies in an unallocated block (indirect block at %llu)", (unsigned long long)off, h5l__ull(h5l__abs(f, blk_addr)));
        blk_off += h->row_off[row] + col * h->row_size[row];
        blk_addr = eaddr;
        blk_size = h->row_size[row];
        if (row < h->max_direct_rows) {
            nrows = 0;
        } else {
            unsigned lb = h5l__dn_log2(h->row_size[row]), n;
            if (lb < h->first_row_bits || (n = lb - h->first_row_bits + 1) >= nrows)
                return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "indirect block rows do not shrink");
            nrows = n;
        }
    }
    /* direct block */
    hdr_size = 5 + (uint64_t)f->so + h->off_size + ((h->flags & 2) ? 4 : 0);
    p = h5l__at(f, blk_addr, blk_size);
    if (!p || blk_size > SIZE_MAX)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "direct block at %llu (%llu bytes) outside the file", h5l__ull(h5l__abs(f, blk_addr)), (unsigned long long)blk_size);
    if (blk_size < hdr_size)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "direct block at %llu smaller than its header", h5l__ull(h5l__abs(f, blk_addr)));
    if (!h5l__fh_seen(h, blk_addr, blk_off, blk_size)) {
        st = h5l__fh_block_prefix(h, p, blk_addr, "FHDB", "direct block", blk_off, err);
        if (st != H5L_OK) return st;
        if ((h->flags & 2) && blk_size <= h->hash_budget) {
            size_t ck = (size_t)(hdr_size - 4);
            h->hash_budget -= blk_size;
            if (h5l__ld32(p + ck) != h5l__lookup3_hole(p, (size_t)blk_size, 0, ck))
                return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "direct block at %llu: checksum mismatch", h5l__ull(h5l__abs(f, blk_addr)));
        }
        h5l__fh_mark(h, blk_addr, blk_off, blk_size);
    }
    if (off - blk_off < hdr_size || off - blk_off > blk_size || len > blk_size - (off - blk_off))
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, blk_addr), "fractal heap", h5l__abs(h->f, h->addr), "object at heap offset %llu, %llu bytes, outside its direct block at %llu", (unsigned long long)off, (unsigned long long)len, h5l__ull(h5l__abs(f, blk_addr)));
    *out = p + (off - blk_off);
    *out_off = f->base + blk_addr + (off - blk_off);
    return H5L_OK;
}

typedef struct h5l__huge_key {
    uint64_t id;
    int found;
    uint64_t addr, len;
} h5l__huge_key;

static int h5l__huge_cmp(const void *key, const uint8_t *rec);
static h5l_status h5l__huge_rec(void *ctx, const uint8_t *rec, uint64_t off, int *stop, h5l_error *err);

/* Shared context for huge-object record callbacks: needs the file sizes. */
typedef struct h5l__huge_ctx {
    const h5l_file *f;
    h5l__huge_key k;
} h5l__huge_ctx;

static int h5l__huge_cmp(const void *key, const uint8_t *rec)
{
    const h5l__huge_ctx *hc = (const h5l__huge_ctx *)key;
    uint64_t id = h5l__ldn(rec + hc->f->so + hc->f->sl, hc->f->sl > 8 ? 8 : hc->f->sl);
    return id < hc->k.id ? -1 : id > hc->k.id ? 1 : 0;
}

static h5l_status h5l__huge_rec(void *ctx, const uint8_t *rec, uint64_t off, int *stop, h5l_error *err)
{
    h5l__huge_ctx *hc = (h5l__huge_ctx *)ctx;
    (void)off;
    (void)err;
    hc->k.addr = h5l__ld_addr(hc->f, rec);
    hc->k.len = h5l__ldn(rec + hc->f->so, hc->f->sl);
    hc->k.found = 1;
    *stop = 1;
    return H5L_OK;
}

/* The object a heap ID names: pointer into the file, length, absolute offset. */
static h5l_status h5l__fh_object(h5l__fheap *h, const uint8_t *id, const uint8_t **obj, size_t *olen, uint64_t *ooff,
                                 h5l_error *err)
{
    const h5l_file *f = h->f;
    unsigned kind = (id[0] >> 4) & 3;
    if ((id[0] >> 6) != 0)
        return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "heap ID version %u", (unsigned)(id[0] >> 6));
    if (kind == 0) {
        uint64_t off, len;
        if (1u + h->off_size + h->len_size > h->id_len)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "heap ID of %u bytes too short", h->id_len);
        off = h5l__ldn(id + 1, h->off_size > 8 ? 8 : h->off_size);
        len = h5l__ldn(id + 1 + h->off_size, h->len_size > 8 ? 8 : h->len_size);
        if (len > h->max_man || len > SIZE_MAX)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "managed object of %llu bytes > maximum %lu", (unsigned long long)len, (unsigned long)h->max_man);
        *olen = (size_t)len;
        return h5l__fh_managed(h, off, len, obj, ooff, err);
    }
    if (kind == 2) {
        size_t n, start;
        if (h->tiny_ext) {
            n = (((size_t)id[0] & 0x0f) << 8 | id[1]) + 1;
            start = 2;
        } else {
            n = ((size_t)id[0] & 0x0f) + 1;
            start = 1;
        }
        if (n > h->id_len - start)
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "tiny object of %zu bytes in a %u-byte heap ID", n, h->id_len);
        *obj = id + start;
        *olen = n;
        *ooff = H5L_NO_OFFSET; /* caller fixes: the ID lives in a B-tree record */
        return H5L_OK;
    }
    if (kind == 1) {
        uint64_t addr, len;
        const uint8_t *p;
        if (h->filter_len)
            return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "filtered huge objects are not supported");
        if (h->huge_direct) {
            addr = h5l__ld_addr(f, id + 1);
            len = h5l__ldn(id + 1 + f->so, f->sl);
        } else {
            h5l__bt2 bt;
            h5l__huge_ctx hc;
            h5l_status st;
            if (h->huge_bt2 == H5L_UNDEF)
                return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "huge object but no huge-object B-tree");
            st = h5l__bt2_open(f, h->huge_bt2, &bt, err);
            if (st != H5L_OK) return st;
            if (bt.type != 1)
                return bt.type == 2 ? h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, h->huge_bt2), "fractal heap", h5l__abs(h->f, h->addr), "filtered huge objects are not supported")
                                    : h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->huge_bt2), "fractal heap", h5l__abs(h->f, h->addr), "huge-object B-tree at %llu has type %u", h5l__ull(h5l__abs(f, h->huge_bt2)), bt.type);
            memset(&hc, 0, sizeof hc);
            hc.f = f;
            hc.k.id = h5l__ldn(id + 1, h->huge_id_size);
            st = h5l__bt2_walk_tree(&bt, h5l__huge_cmp, &hc, h5l__huge_rec, &hc, err);
            if (st != H5L_OK) return st;
            if (!hc.k.found)
                return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->huge_bt2), "fractal heap", h5l__abs(h->f, h->addr), "huge object %llu missing from its B-tree", (unsigned long long)hc.k.id);
            addr = hc.k.addr;
            len = hc.k.len;
        }
        if (len == 0 || len > SIZE_MAX || !(p = h5l__at(f, addr, len)))
            return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "huge object at %llu, %llu bytes, outside the file", h5l__ull(h5l__abs(f, addr)), (unsigned long long)len);
        *obj = p;
        *olen = (size_t)len;
        *ooff = f->base + addr;
        return H5L_OK;
    }
    return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, h->addr), "fractal heap", h5l__abs(h->f, h->addr), "heap ID of unknown type 3");
}

static h5l_status h5l__fheap_object(const h5l_file *f, uint64_t heap_addr, const uint8_t *id, size_t id_len,
                                    const uint8_t **obj, size_t *olen, uint64_t *ooff, h5l_error *err)
{
    h5l__fheap heap;
    h5l_status st;
    if (!f || !id || !obj || !olen || !ooff) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "fractal heap: bad arguments");
    st = h5l__fh_open(f, heap_addr, &heap, err);
    if (st != H5L_OK) return st;
    if (heap.id_len > id_len)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, heap_addr), "fractal heap", "heap ID length %u, but the reference holds %zu bytes",
                            heap.id_len, id_len);
    return h5l__fh_object(&heap, id, obj, olen, ooff, err);
}

/* ---- fractal heap: encoders (and a plain header decoder) for the drawing above
 * The reader opens heaps in the file (h5l__fh_open, h5l__fh_managed); these
 * encode the header, a direct block, an indirect block (direct rows only:
 * no filters) and heap IDs from plain values. */

typedef struct h5l__fhdr {
    unsigned id_len, filter_len, flags;
    uint32_t max_man;
    uint64_t next_huge, huge_bt2, free_space, fs_addr;
    uint64_t man_size, man_alloc, iter_off, n_man, huge_size, n_huge, tiny_size, n_tiny;
    unsigned width;
    uint64_t start_block, max_dblock;
    unsigned heap_bits, start_rows;
    uint64_t root_addr;
    unsigned cur_rows;
    uint64_t filt_root_size;     /* filter_len > 0 */
    uint32_t filt_mask;
    const uint8_t *filt_info;    /* filter_len bytes (a pipeline message body) */
} h5l__fhdr;

/* Decode a header (signature, version 0, checksum checked); -1 if not one. */
H5L__CODEC_ONLY static int h5l__fhdr_decode(const uint8_t *p, size_t n, unsigned so, unsigned sl, h5l__fhdr *h)
{
    h5l__cur c;
    size_t len;
    memset(h, 0, sizeof *h);
    h5l__cur_init(&c, p, n);
    if (!h5l__cur_take(&c, 4) || memcmp(p, "FRHP", 4) != 0 || h5l__cur_u8(&c) != 0) return -1;
    h->id_len = h5l__cur_u16(&c);
    h->filter_len = h5l__cur_u16(&c);
    h->flags = h5l__cur_u8(&c);
    h->max_man = h5l__cur_u32(&c);
    h->next_huge = h5l__cur_un(&c, sl);
    h->huge_bt2 = h5l__cur_addrw(&c, so);
    h->free_space = h5l__cur_un(&c, sl);
    h->fs_addr = h5l__cur_addrw(&c, so);
    h->man_size = h5l__cur_un(&c, sl);
    h->man_alloc = h5l__cur_un(&c, sl);
    h->iter_off = h5l__cur_un(&c, sl);
    h->n_man = h5l__cur_un(&c, sl);
    h->huge_size = h5l__cur_un(&c, sl);
    h->n_huge = h5l__cur_un(&c, sl);
    h->tiny_size = h5l__cur_un(&c, sl);
    h->n_tiny = h5l__cur_un(&c, sl);
    h->width = h5l__cur_u16(&c);
    h->start_block = h5l__cur_un(&c, sl);
    h->max_dblock = h5l__cur_un(&c, sl);
    h->heap_bits = h5l__cur_u16(&c);
    h->start_rows = h5l__cur_u16(&c);
    h->root_addr = h5l__cur_addrw(&c, so);
    h->cur_rows = h5l__cur_u16(&c);
    if (h->filter_len) {
        h->filt_root_size = h5l__cur_un(&c, sl);
        h->filt_mask = h5l__cur_u32(&c);
        h->filt_info = h5l__cur_take(&c, h->filter_len);
    }
    if (c.bad) return -1;
    len = (size_t)(c.p - p);
    if (h5l__cur_u32(&c) != h5l__lookup3(p, len, 0) || c.bad) return -1;
    return 0;
}

static size_t h5l__fhdr_encode(uint8_t *p, const h5l__fhdr *h, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, "FRHP", 4);
    h5l__o_u8(&o, 0);
    h5l__o_u16(&o, h->id_len);
    h5l__o_u16(&o, h->filter_len);
    h5l__o_u8(&o, h->flags);
    h5l__o_u32(&o, h->max_man);
    h5l__o_un(&o, h->next_huge, sl);
    h5l__o_un(&o, h->huge_bt2, so);
    h5l__o_un(&o, h->free_space, sl);
    h5l__o_un(&o, h->fs_addr, so);
    h5l__o_un(&o, h->man_size, sl);
    h5l__o_un(&o, h->man_alloc, sl);
    h5l__o_un(&o, h->iter_off, sl);
    h5l__o_un(&o, h->n_man, sl);
    h5l__o_un(&o, h->huge_size, sl);
    h5l__o_un(&o, h->n_huge, sl);
    h5l__o_un(&o, h->tiny_size, sl);
    h5l__o_un(&o, h->n_tiny, sl);
    h5l__o_u16(&o, h->width);
    h5l__o_un(&o, h->start_block, sl);
    h5l__o_un(&o, h->max_dblock, sl);
    h5l__o_u16(&o, h->heap_bits);
    h5l__o_u16(&o, h->start_rows);
    h5l__o_un(&o, h->root_addr, so);
    h5l__o_u16(&o, h->cur_rows);
    if (h->filter_len) {
        h5l__o_un(&o, h->filt_root_size, sl);
        h5l__o_u32(&o, h->filt_mask);
        h5l__o_bytes(&o, h->filt_info, h->filter_len);
    }
    h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    H5L__ENC_CHECK(o, h5l__fhdr_encode(NULL, h, so, sl));
    return o.n;
}

/* A direct block: size bytes on disk, the prefix then objects. */
typedef struct h5l__fhdb {
    uint64_t heap_addr, block_off, size;
    unsigned off_size;           /* (heap bits + 7) / 8 */
    int checksum;                /* the heap's flags bit 1 */
    const uint8_t *body;         /* size - prefix bytes; NULL: already in place after the prefix */
} h5l__fhdb;

static size_t h5l__fhdb_prefix(unsigned so, unsigned off_size, int checksum) { return 5u + so + off_size + (checksum ? 4u : 0u); }

/* The block's prefix and body; the checksum covers the whole block with its
 * own 4 bytes read as zeros. */
static size_t h5l__fhdb_encode(uint8_t *p, const h5l__fhdb *b, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    size_t pre = h5l__fhdb_prefix(so, b->off_size, b->checksum), ck;
    h5l__o_bytes(&o, "FHDB", 4);
    h5l__o_u8(&o, 0);
    h5l__o_un(&o, b->heap_addr, so);
    h5l__o_un(&o, b->block_off, b->off_size);
    ck = o.n;
    if (b->checksum) h5l__o_u32(&o, 0);
    if (b->body) h5l__o_bytes(&o, b->body, (size_t)b->size - pre);
    else o.n += (size_t)b->size - pre;
    if (p && b->checksum) h5l__st32(p + ck, h5l__lookup3_hole(p, o.n, 0, ck));
    H5L__ENC_CHECK(o, h5l__fhdb_encode(NULL, b, so));
    return o.n;
}

/* An indirect block of nrows rows, all of them direct rows (nrows <= the
 * heap's max direct rows) of an unfiltered heap. */
typedef struct h5l__fhib {
    uint64_t heap_addr, block_off;
    unsigned off_size, nrows, width;
    const uint64_t *child;       /* nrows * width block addresses, row by row (H5L_UNDEF: none) */
} h5l__fhib;

static size_t h5l__fhib_encode(uint8_t *p, const h5l__fhib *b, unsigned so)
{
    h5l__out o = h5l__o_start(p);
    size_t i;
    h5l__o_bytes(&o, "FHIB", 4);
    h5l__o_u8(&o, 0);
    h5l__o_un(&o, b->heap_addr, so);
    h5l__o_un(&o, b->block_off, b->off_size);
    for (i = 0; i < (size_t)b->nrows * b->width; i++) h5l__o_un(&o, b->child ? b->child[i] : H5L_UNDEF, so);
    h5l__o_u32(&o, p ? h5l__lookup3(p, o.n, 0) : 0);
    H5L__ENC_CHECK(o, h5l__fhib_encode(NULL, b, so));
    return o.n;
}

/* Heap IDs (id_len bytes, zero-padded): a managed object at heap offset off
 * of len bytes (field widths as h5l__fh_open computes them), and a huge
 * object named by its key in the huge-object B-tree (id_len - 1 bytes, at
 * most 8). */
static void h5l__fhid_managed(uint8_t *id, unsigned id_len, uint64_t off, unsigned off_size, uint64_t len, unsigned len_size)
{
    h5l__out o = h5l__o_start(id);
    h5l__o_u8(&o, 0x00);
    h5l__o_un(&o, off, off_size);
    h5l__o_un(&o, len, len_size);
    if (o.n < id_len) h5l__o_zero(&o, id_len - o.n);
}
static void h5l__fhid_huge(uint8_t *id, unsigned id_len, uint64_t key)
{
    h5l__out o = h5l__o_start(id);
    h5l__o_u8(&o, 0x10);
    h5l__o_un(&o, key, id_len - 1 < 8 ? id_len - 1 : 8);
    if (o.n < id_len) h5l__o_zero(&o, id_len - o.n);
}

/* ---- dense links and attributes ------------------------------------------------ */

typedef struct h5l__dense_ctx {
    h5l__fheap *heap;
    unsigned type;            /* B-tree type: 5, 6, 8 or 9 */
    uint32_t hash;            /* find: the name's hash */
    h5l__msg_fn fn;
    void *ctx;
    int found;
} h5l__dense_ctx;

static h5l_status h5l__dense_rec(void *vctx, const uint8_t *rec, uint64_t off, int *stop, h5l_error *err)
{
    h5l__dense_ctx *d = (h5l__dense_ctx *)vctx;
    const h5l_file *f = d->heap->f;
    const uint8_t *id, *obj;
    unsigned id_field;
    size_t olen;
    uint64_t ooff;
    h5l_status st;
    switch (d->type) {
    case 5: id = rec + 4; id_field = 7; break;
    case 6: id = rec + 8; id_field = 7; break;
    default: /* 8, 9 */
        id = rec;
        id_field = 8;
        if (rec[8] & 0x02) {
            /* the attribute message is shared: the ID names it in the
             * shared-message (SOHM) heap, not in this object's heap */
            st = h5l__sohm_get(f, 0x0C, id, off, &obj, &olen, &ooff, err);
            if (st != H5L_OK) return st;
            st = d->fn(d->ctx, obj, olen, ooff, stop, err);
            if (st == H5L_OK && *stop) d->found = 1;
            return st;
        }
        break;
    }
    if (d->heap->id_len > id_field)
        return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, d->heap->addr), "fractal heap", h5l__abs(d->heap->f, d->heap->addr), "heap ID length %u does not fit the %u-byte index records", d->heap->id_len, id_field);
    st = h5l__fh_object(d->heap, id, &obj, &olen, &ooff, err);
    if (st != H5L_OK) return st;
    if (ooff == H5L_NO_OFFSET) ooff = off + (uint64_t)(obj - rec);
    st = d->fn(d->ctx, obj, olen, ooff, stop, err);
    if (st == H5L_OK && *stop) d->found = 1;
    return st;
}

static int h5l__dense_hash_cmp(const void *key, const uint8_t *rec)
{
    const h5l__dense_ctx *d = (const h5l__dense_ctx *)key;
    uint32_t h = d->type == 5 ? h5l__ld32(rec) : h5l__ld32(rec + 13);
    return h < d->hash ? -1 : h > d->hash ? 1 : 0;
}

static h5l_status h5l__dense_setup(const h5l_file *f, uint64_t fheap_addr, uint64_t bt2_addr, h5l__fheap *heap,
                                   h5l__bt2 *bt, h5l_error *err)
{
    h5l_status st = h5l__fh_open(f, fheap_addr, heap, err);
    if (st != H5L_OK) return st;
    st = h5l__bt2_open(f, bt2_addr, bt, err);
    if (st != H5L_OK) return st;
    if (bt->type != 5 && bt->type != 6 && bt->type != 8 && bt->type != 9)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, bt2_addr), "v2 B-tree header", "type %u is not a link or attribute index", bt->type);
    return H5L_OK;
}

static h5l_status h5l__dense_iterate(const h5l_file *f, uint64_t fheap_addr, uint64_t bt2_addr,
                                     h5l__msg_fn fn, void *ctx, h5l_error *err)
{
    h5l__fheap heap;
    h5l__bt2 bt;
    h5l__dense_ctx d;
    h5l_status st;
    if (!f || !fn) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "dense storage: bad arguments");
    st = h5l__dense_setup(f, fheap_addr, bt2_addr, &heap, &bt, err);
    if (st != H5L_OK) return st;
    memset(&d, 0, sizeof d);
    d.heap = &heap;
    d.type = bt.type;
    d.fn = fn;
    d.ctx = ctx;
    return h5l__bt2_walk_tree(&bt, NULL, NULL, h5l__dense_rec, &d, err);
}

static h5l_status h5l__dense_find(const h5l_file *f, uint64_t fheap_addr, uint64_t bt2_addr,
                                  const char *name, size_t name_len, h5l__msg_fn fn, void *ctx, h5l_error *err)
{
    h5l__fheap heap;
    h5l__bt2 bt;
    h5l__dense_ctx d;
    h5l_status st;
    if (!f || !fn || (!name && name_len)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "dense storage: bad arguments");
    st = h5l__dense_setup(f, fheap_addr, bt2_addr, &heap, &bt, err);
    if (st != H5L_OK) return st;
    if (bt.type != 5 && bt.type != 8)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, bt2_addr), "v2 B-tree header", "type %u is not a name index", bt.type);
    memset(&d, 0, sizeof d);
    d.heap = &heap;
    d.type = bt.type;
    d.hash = h5l__lookup3(name ? (const void *)name : (const void *)"", name_len, 0);
    d.fn = fn;
    d.ctx = ctx;
    st = h5l__bt2_walk_tree(&bt, h5l__dense_hash_cmp, &d, h5l__dense_rec, &d, err);
    if (st != H5L_OK) return st;
    if (!d.found)
        return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "\"%.*s\": not found", name_len > 200 ? 200 : (int)name_len,
                         name ? name : "");
    return H5L_OK;
}

/* Records of the attribute indexes (types 8 and 9) and of the huge-object
 * tree (type 1), as drawn above: encoders and plain decoders. */
static size_t h5l__bt2rec_aname_encode(uint8_t *p, const uint8_t *heap_id, unsigned flags, uint32_t corder, uint32_t hash)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, heap_id, 8);
    h5l__o_u8(&o, flags);
    h5l__o_u32(&o, corder);
    h5l__o_u32(&o, hash);
    H5L__ENC_CHECK(o, h5l__bt2rec_aname_encode(NULL, heap_id, flags, corder, hash));
    return o.n;
}
H5L__CODEC_ONLY static void h5l__bt2rec_aname_decode(const uint8_t *p, uint8_t *heap_id, unsigned *flags, uint32_t *corder, uint32_t *hash)
{
    memcpy(heap_id, p, 8);
    *flags = p[8];
    *corder = h5l__ld32(p + 9);
    *hash = h5l__ld32(p + 13);
}
static size_t h5l__bt2rec_acorder_encode(uint8_t *p, const uint8_t *heap_id, unsigned flags, uint32_t corder)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_bytes(&o, heap_id, 8);
    h5l__o_u8(&o, flags);
    h5l__o_u32(&o, corder);
    H5L__ENC_CHECK(o, h5l__bt2rec_acorder_encode(NULL, heap_id, flags, corder));
    return o.n;
}
H5L__CODEC_ONLY static void h5l__bt2rec_acorder_decode(const uint8_t *p, uint8_t *heap_id, unsigned *flags, uint32_t *corder)
{
    memcpy(heap_id, p, 8);
    *flags = p[8];
    *corder = h5l__ld32(p + 9);
}
static size_t h5l__bt2rec_huge_encode(uint8_t *p, uint64_t addr, uint64_t len, uint64_t key, unsigned so, unsigned sl)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_un(&o, addr, so);
    h5l__o_un(&o, len, sl);
    h5l__o_un(&o, key, sl);
    H5L__ENC_CHECK(o, h5l__bt2rec_huge_encode(NULL, addr, len, key, so, sl));
    return o.n;
}
H5L__CODEC_ONLY static void h5l__bt2rec_huge_decode(const uint8_t *p, unsigned so, unsigned sl, uint64_t *addr, uint64_t *len, uint64_t *key)
{
    *addr = h5l__ld_addrw(p, so);
    *len = h5l__ldn(p + so, sl);
    *key = h5l__ldn(p + so + sl, sl);
}

/* ======================================================================
 * C.7 Chunk indexes
 *
 * A chunked dataset's layout message names one of six indexes that map a
 * chunk's coordinates to its file address (and, for filtered datasets, its
 * stored size and filter mask):
 *
 *   index  layout  structure                       libhdf5 writes it for
 *   0      v1-v3   version-1 B-tree, node type 1   libver earliest/v18 (the default)
 *   1      v4/v5   single chunk (no structure)     dims == max dims == chunk dims
 *   2      v4/v5   implicit (no structure)         fixed max dims, no filters, early allocation
 *   3      v4/v5   fixed array: FAHD, FADB, pages  fixed max dims
 *   4      v4/v5   extensible array: EAHD, EAIB,   exactly one unlimited dim
 *                  EASB, EADB, pages
 *   5      v4/v5   version-2 B-tree, records 10/11 more than one unlimited dim
 *
 * Terms. R = dataset rank; the layout stores R+1 chunk dims, the last being
 * the element size. A chunk's scaled coordinates s[d] = its element offset /
 * chunk dim d. The three arrays (implicit, fixed, extensible) number chunks
 * over the grid that covers the dataset's MAXIMUM dims, m[d] =
 * ceil(maxdims[d] / cdim[d]) chunks along d:
 *
 *   implicit, fixed array:  idx = sum_d s[d] * down[d]
 *                           down[R-1] = 1, down[d] = down[d+1] * m[d+1]
 *   extensible array:       the same after moving the unlimited dim u to the
 *                           front ("swizzle": (s[u], s[0] .. s[u-1], s[u+1]
 *                           .. s[R-1])); m[u] never enters a stride, so the
 *                           array grows at its end as the dataset grows.
 *
 * Filtered array elements and v2 B-tree records store the chunk's size in W
 * bytes: layout v4: W = 1 + (floor(log2(chunk bytes)) + 8) / 8, at most 8
 * (chunk bytes = product of all R+1 chunk dims); layout v5 (libhdf5 2.0,
 * libver v200): W = the superblock's size of lengths. The single-chunk index
 * keeps the filtered size in the layout message (size of lengths); the v1
 * B-tree in 4 bytes.
 *
 * Reading. h5l__cx_open verifies an index's headers once; h5l__cx_find
 * looks one chunk up; h5l__citer_init/h5l__citer_next enumerate the
 * allocated chunks with a bounded state (no allocation, every node or block
 * verified once) in the index's order: B-trees ascending coordinates;
 * implicit and fixed array ascending linear index (row-major); extensible
 * array ascending linear index (row-major with the unlimited dim slowest).
 * Everything is a pointer into the mapped file; walks are bounded by depth,
 * by node and element budgets derived from the file size, and B-tree walks
 * by strictly increasing keys (which also catches cycles and shared nodes).
 * ====================================================================== */

#define H5L__CK_NOFILTER 1u         /* h5l__dchunk.flags: partial edge chunk stored unfiltered (layout flag bit 0) */

/* One stored chunk. (h5l__chunk already names an object-header chunk.) */
typedef struct h5l__dchunk {
    uint64_t coord[H5L_MAX_RANK];   /* element offset of the chunk's first element in each dataset dimension */
    uint64_t addr;                  /* relative file address */
    uint64_t size;                  /* stored bytes (after filters) */
    uint32_t mask;                  /* filter mask: bit i set = filter i skipped */
    unsigned flags;                 /* H5L__CK_* */
} h5l__dchunk;

/* The dataset facts an index needs. dims, maxdims: rank entries (maxdims
 * UINT64_MAX = unlimited). elem_size: the datatype's size, checked against
 * the layout's element-size dim (0: not checked). filtered: the dataset has
 * a filter pipeline. */
typedef struct h5l__cidx {
    const h5l_file *f;
    const h5l__layout *lay;
    unsigned rank;
    const uint64_t *dims, *maxdims;
    uint64_t elem_size;
    int filtered;
    uint64_t hdr_off;               /* absolute offset of the dataset's object header, for messages */
} h5l__cidx;

typedef h5l_status (*h5l__chunk_fn)(void *ctx, const h5l__dchunk *c, int *stop, h5l_error *err);

/* An index with its headers verified (h5l__cx_open). Plain data: may be
 * copied; h5l__cx_find updates only its one-block caches. */
typedef struct h5l__cx {
    const h5l_file *f;
    const h5l__cidx *ix;
    unsigned kind;                  /* layout index type 0..5 */
    unsigned rank;
    uint64_t cdim[H5L_MAX_RANK];    /* chunk dims in elements */
    uint64_t nch[H5L_MAX_RANK];     /* chunks covering the current dims */
    uint64_t mch[H5L_MAX_RANK];     /* chunks covering the max dims (UINT64_MAX: unlimited) */
    unsigned perm[H5L_MAX_RANK];    /* arrays: dims from slowest to fastest (identity or the EA swizzle) */
    uint64_t down[H5L_MAX_RANK];    /* arrays: stride of dim perm[k] */
    uint64_t nidx;                  /* arrays: linear indexes in use (UINT64_MAX: not bounded by the dims) */
    int empty;                      /* a zero current or max dim: no chunk can exist */
    uint64_t chunk_bytes;           /* unfiltered chunk size */
    int filtered;                   /* records carry a size and a mask */
    unsigned size_len;              /* bytes of a stored chunk size in records */
    unsigned esize;                 /* bytes of an array element */
    uint64_t addr;                  /* index address (relative) or H5L_UNDEF */
    /* v1 B-tree */
    unsigned two_k, key_size;
    uint64_t bt1_budget;            /* nodes a valid tree in this file can have */
    /* fixed array */
    uint64_t fa_nelmts, fa_dblk, fa_page_n, fa_npages, fa_prefix, fa_page_size;
    const uint8_t *fa_db;           /* FADB, checked (whole block, or its prefix when paged); NULL: none */
    uint64_t fa_cpage;              /* find cache: page at fa_cp, or UINT64_MAX */
    const uint8_t *fa_cp;
    /* extensible array */
    unsigned ea_bits, ea_ibe, ea_min_ptrs, ea_min_elmts, ea_off_size, ea_nsblks, ea_ib_nsblks;
    uint64_t ea_ndblk_addrs, ea_nsblk_addrs, ea_cap, ea_max_idx, ea_page_n;
    uint64_t ea_ib_addr;
    const uint8_t *ea_ib;           /* EAIB, checked; NULL: none */
    uint64_t ea_caddr, ea_cn;       /* find cache: address and elements of the data block or page at ea_cp */
    const uint8_t *ea_cp;
    /* v2 B-tree */
    h5l__bt2 bt;
} h5l__cx;

/* ---- helpers ------------------------------------------------------------------ */

/* Tests may define H5L__CK_TRACE(p, len) to learn every checksummed region
 * the section verifies (fuzz/mutation tools fix checksums after mutating). */
#ifndef H5L__CK_TRACE
#define H5L__CK_TRACE(p, len) ((void)0)
#endif

/* The lookup3 checksum stored in the last 4 of the len bytes at p matches. */
static int h5l__ck_sum_ok(const uint8_t *p, uint64_t len)
{
    H5L__CK_TRACE(p, len);
    return h5l__ld32(p + len - 4) == h5l__lookup3(p, (size_t)len - 4, 0);
}

/* Lexicographic order of two coordinate vectors. */
static int h5l__ck_cmp(const uint64_t *a, const uint64_t *b, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* ceil(a / b), b > 0. */
static uint64_t h5l__ck_ceil(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

/* Bit i of an MSB-first bitmap (libhdf5's page-initialised flags). */
static int h5l__ck_bit(const uint8_t *map, uint64_t i) { return (map[i / 8] >> (7 - (unsigned)(i % 8))) & 1; }

/* Decode one array element / the size and mask of a record: address (O),
 * then, when filtered, size (size_len) and mask (4). */
static void h5l__ck_elem(const h5l__cx *x, const uint8_t *p, uint64_t *addr, uint64_t *size, uint32_t *mask)
{
    *addr = h5l__ld_addr(x->f, p);
    if (x->filtered) {
        *size = h5l__ldn(p + x->f->so, x->size_len);
        *mask = h5l__ld32(p + x->f->so + x->size_len);
    } else {
        *size = x->chunk_bytes;
        *mask = 0;
    }
}

/* Fill *out for the chunk at scaled coordinates s, stored at addr (size
 * bytes, mask): coordinates, bounds against the file, the edge flag.
 * where = absolute offset of the index entry, for messages. */
static h5l_status h5l__ck_make(const h5l__cx *x, const uint64_t *s, uint64_t addr, uint64_t size, uint32_t mask,
                               uint64_t where, h5l__dchunk *out, h5l_error *err)
{
    const h5l__cidx *ix = x->ix;
    unsigned d;
    int edge = 0;
    if (size == 0 || !h5l__at(x->f, addr, size))
        return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index entry", "chunk at %llu (%llu bytes) outside the file", h5l__ull(h5l__abs(x->f, addr)), h5l__ull(size));
    if (h5l__past_eoa(x->f, addr, size))
        return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index entry", "chunk at %llu (%llu bytes) past the end-of-file address %llu",
                            h5l__ull(h5l__abs(x->f, addr)), h5l__ull(size), h5l__ull(x->f->eof));
    if (h5l__in_sb(x->f, addr))
        return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index entry", "chunk at %llu (%llu bytes) overlaps the superblock",
                            h5l__ull(h5l__abs(x->f, addr)), h5l__ull(size));
    for (d = 0; d < x->rank; d++) {
        if (h5l__mul_ovf(s[d], x->cdim[d], &out->coord[d]))
            return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index entry", "coordinate overflows");
        if (out->coord[d] + x->cdim[d] > ix->dims[d] || out->coord[d] + x->cdim[d] < out->coord[d]) edge = 1;
    }
    for (; d < H5L_MAX_RANK; d++) out->coord[d] = 0;
    out->addr = addr;
    out->size = size;
    out->mask = mask;
    out->flags = (edge && x->filtered && ix->lay->version >= 4 && (ix->lay->flags & 1)) ? H5L__CK_NOFILTER : 0;
    return H5L_OK;
}

/* Arrays: scaled coordinates s of linear index idx (idx < nidx). */
static void h5l__ck_unlinear(const h5l__cx *x, uint64_t idx, uint64_t *s)
{
    unsigned k;
    for (k = 0; k < x->rank; k++) {
        s[x->perm[k]] = idx / x->down[k];
        idx %= x->down[k];
    }
}

/* Arrays: linear index of scaled coordinates s; 0 when s lies outside the
 * max-dims grid (no chunk there). */
static int h5l__ck_linear(const h5l__cx *x, const uint64_t *s, uint64_t *idx)
{
    unsigned k;
    uint64_t v = 0, t;
    for (k = 0; k < x->rank; k++) {
        unsigned d = x->perm[k];
        if (x->mch[d] != UINT64_MAX && s[d] >= x->mch[d]) return 0;
        if (h5l__mul_ovf(s[d], x->down[k], &t) || h5l__add_ovf(v, t, &v)) return 0;
    }
    if (v >= x->nidx) return 0;
    *idx = v;
    return 1;
}

/* Chunk-aligned coordinates to scaled ones; 0 (EINVAL set) if not aligned. */
static int h5l__ck_scale(const h5l__cx *x, const uint64_t *coord, uint64_t *s, h5l_error *err)
{
    unsigned d;
    for (d = 0; d < x->rank; d++) {
        if (coord[d] % x->cdim[d]) {
            h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "chunk lookup: coordinate %llu of dim %u is not a multiple of the chunk dim %llu",
                      h5l__ull(coord[d]), d, h5l__ull(x->cdim[d]));
            return 0;
        }
        s[d] = coord[d] / x->cdim[d];
    }
    return 1;
}

/* ---- version-1 B-tree (layout v1..v3) ------------------------------------------
 *
 * Node (libhdf5 allocates 2K entries; K = superblock indexed-storage K, 32
 * by default; n <= 2K are used):
 *
 *   OFFSET          SIZE     DESCRIPTION
 *   0               4        "TREE"
 *   4               1        node type: 1 = chunked raw data
 *   5               1        level: 0 = leaf (children are chunks)
 *   6               2        n: entries used
 *   8               O        left sibling (ignored)
 *   8+O             O        right sibling (ignored)
 *   8+2O            K_s      key 0
 *   8+2O+K_s        O        child 0   (leaf: chunk address; else node address)
 *   ...                      key i, child i ... key n (the right bound)
 *
 * Key (K_s = 8 + 8 * (R+1) bytes):
 *   0               4        chunk size in the file (leaf: stored bytes)
 *   4               4        filter mask
 *   8               8*(R+1)  element offset of the chunk in each dim; the
 *                            last (element-size dim) is 0
 *
 * Key i is the least chunk offset in child i; keys increase strictly
 * (compared lexicographically over all R+1 offsets).
 * ------------------------------------------------------------------------------- */

typedef struct h5l__bt1n {
    const uint8_t *p;               /* the node */
    uint64_t addr;                  /* relative */
    unsigned level, n;
} h5l__bt1n;

static uint64_t h5l__bt1_off(const uint8_t *key, unsigned d) { return h5l__ldn(key + 8 + 8 * (size_t)d, 8); }
static const uint8_t *h5l__bt1_key(const h5l__cx *x, const h5l__bt1n *b, unsigned i)
{
    return b->p + 8 + 2 * (size_t)x->f->so + (size_t)i * (x->key_size + x->f->so);
}
static uint64_t h5l__bt1_child(const h5l__cx *x, const h5l__bt1n *b, unsigned i)
{
    return h5l__ld_addr(x->f, h5l__bt1_key(x, b, i) + x->key_size);
}

/* Lexicographic order of key a's offsets against key b's (all R+1). */
static int h5l__bt1_keycmp(const h5l__cx *x, const uint8_t *a, const uint8_t *b)
{
    unsigned d;
    for (d = 0; d <= x->rank; d++) {
        uint64_t u = h5l__bt1_off(a, d), v = h5l__bt1_off(b, d);
        if (u != v) return u < v ? -1 : 1;
    }
    return 0;
}

/* Load the node at addr (level `expect`, or any when < 0) into *b. */
static h5l_status h5l__bt1_load(h5l__cx *x, uint64_t addr, int expect, uint64_t *budget, h5l__bt1n *b, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t hdr = 8 + 2 * (uint64_t)f->so, need;
    const uint8_t *p = h5l__at(f, addr, hdr);
    unsigned i;
    if (*budget == 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree", "more nodes than the file can hold (cycle?)");
    (*budget)--;
    if (!p) return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "outside the file");
    if (memcmp(p, "TREE", 4) != 0 || p[4] != 1)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "bad signature or node type %u (1 expected)", (unsigned)p[4]);
    b->addr = addr;
    b->level = p[5];
    b->n = h5l__ld16(p + 6);
    if (expect >= 0 && b->level != (unsigned)expect)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "level %u where %d expected", b->level, expect);
    if (b->n > x->two_k)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "%u entries > 2K = %u", b->n, x->two_k);
    need = hdr + (uint64_t)b->n * (x->key_size + f->so) + x->key_size;
    if (!(b->p = h5l__at(f, addr, need)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "%u entries overrun the file", b->n);
    if (h5l__past_eoa(f, addr, need))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "past the end-of-file address %llu", h5l__ull(f->eof));
    if (h5l__in_sb(f, addr)) return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "overlaps the superblock");
    for (i = 1; i < b->n; i++)
        if (h5l__bt1_keycmp(x, h5l__bt1_key(x, b, i - 1), h5l__bt1_key(x, b, i)) >= 0)
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree node", "keys %u and %u out of order", i - 1, i);
    /* A child's key starts a chunk: offsets on the chunk grid and inside the
     * maximum dims, the element offset (the extra last dimension) 0. Lookups
     * compare whole keys, so a key off the grid would send them past real
     * chunks, which would read as never written; an appender rebuilding the
     * tree's right edge would take a key past the maximum dims for the end. */
    for (i = 0; i < b->n; i++) {
        const uint8_t *k = h5l__bt1_key(x, b, i);
        uint64_t where = h5l__abs(f, addr) + (uint64_t)(k - b->p);
        unsigned d;
        for (d = 0; d < x->rank; d++) {
            if (h5l__bt1_off(k, d) % x->cdim[d])
                return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk B-tree key", "offset %llu not a multiple of the chunk dim %llu",
                                    h5l__ull(h5l__bt1_off(k, d)), h5l__ull(x->cdim[d]));
            if (x->mch[d] != UINT64_MAX && h5l__bt1_off(k, d) / x->cdim[d] >= x->mch[d])
                return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk B-tree key", "offset %llu past the maximum dim %u",
                                    h5l__ull(h5l__bt1_off(k, d)), d);
        }
        if (h5l__bt1_off(k, x->rank) != 0) return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk B-tree key", "element offset not 0");
    }
    return H5L_OK;
}

/* Leaf entry i of b as a chunk (its key was checked when the node was
 * loaded: offsets on the chunk grid, element offset 0). */
static h5l_status h5l__bt1_entry(const h5l__cx *x, const h5l__bt1n *b, unsigned i, uint64_t *s, h5l__dchunk *out, h5l_error *err)
{
    const uint8_t *k = h5l__bt1_key(x, b, i);
    uint64_t where = h5l__abs(x->f, b->addr) + (uint64_t)(k - b->p);
    unsigned d;
    for (d = 0; d < x->rank; d++) s[d] = h5l__bt1_off(k, d) / x->cdim[d];
    return h5l__ck_make(x, s, h5l__bt1_child(x, b, i), h5l__ld32(k), h5l__ld32(k + 4), where, out, err);
}

/* ---- fixed array (layout v4/v5, index 3) -----------------------------------------
 *
 * Header "FAHD" (at the layout's index address):
 *   OFFSET          SIZE     DESCRIPTION
 *   0               4        "FAHD"
 *   4               1        version 0
 *   5               1        client: 0 chunks, 1 filtered chunks
 *   6               1        E: element size (O, or O + W + 4 filtered)
 *   7               1        P: log2 of the elements in a data block page
 *   8               L        N: elements (= chunks covering the max dims)
 *   8+L             O        data block address (undefined: none yet)
 *   8+L+O           4        checksum (lookup3 of the bytes before it)
 *
 * Data block "FADB"; paged when N > 2^P, into ceil(N / 2^P) pages:
 *   0               4        "FADB"
 *   4               1        version 0
 *   5               1        client (as the header)
 *   6               O        header address
 *   6+O             B        paged only: page-initialised bitmap, B =
 *                            ceil(pages / 8) bytes, MSB-first (bit 0 is
 *                            0x80 of byte 0)
 *   6+O+B           N*E      unpaged only: the elements
 *   ...             4        checksum of the bytes above
 *   then, paged: page k at 10+O+B + k*(2^P*E + 4): 2^P elements (the last
 *   page: the rest) and their checksum; a page whose bit is clear was
 *   never written (all its chunks unallocated).
 *
 * Element: address (O, undefined = not allocated) [filtered: size (W),
 * filter mask (4)].
 * --------------------------------------------------------------------------------- */

static h5l_status h5l__fa_open(h5l__cx *x, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t hlen = 8 + (uint64_t)f->sl + f->so + 4, len;
    const uint8_t *p = h5l__at(f, x->addr, hlen), *q;
    unsigned bits;
    if (!p) return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "outside the file");
    if (memcmp(p, "FAHD", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "bad signature");
    if (!h5l__ck_sum_ok(p, hlen))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "checksum mismatch");
    if (p[4] != 0)
        return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, x->addr), "fixed array header", h5l__abs(f, x->addr), "version %u", (unsigned)p[4]);
    if (p[5] != (x->filtered ? 1 : 0) || p[6] != x->esize)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "client %u / element size %u, dataset needs %u / %u", (unsigned)p[5], (unsigned)p[6], x->filtered ? 1u : 0u, x->esize);
    bits = p[7];
    x->fa_nelmts = h5l__ldn(p + 8, f->sl);
    x->fa_dblk = h5l__ld_addr(f, p + 8 + f->sl);
    if (bits == 0 || bits > 63 || x->fa_nelmts != x->nidx)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "page bits %u / %llu elements (dataset needs %llu)", bits, h5l__ull(x->fa_nelmts), h5l__ull(x->nidx));
    x->fa_page_n = (uint64_t)1 << bits;
    x->fa_cpage = UINT64_MAX;
    x->fa_db = NULL;
    if (x->fa_dblk == H5L_UNDEF) return H5L_OK;
    x->fa_npages = x->fa_nelmts > x->fa_page_n ? h5l__ck_ceil(x->fa_nelmts, x->fa_page_n) : 0;
    x->fa_prefix = 6 + (uint64_t)f->so + (x->fa_npages + 7) / 8;
    if (x->fa_npages) {
        len = x->fa_prefix + 4;
        if (h5l__mul_ovf(x->fa_page_n, x->esize, &x->fa_page_size) || h5l__add_ovf(x->fa_page_size, 4, &x->fa_page_size))
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "page size overflows");
    } else if (h5l__mul_ovf(x->fa_nelmts, x->esize, &len) || h5l__add_ovf(len, x->fa_prefix + 4, &len)) {
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "fixed array header", "data block size overflows");
    }
    if (!(q = h5l__at(f, x->fa_dblk, len)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->fa_dblk), "fixed array data block", "%llu bytes outside the file", h5l__ull(len));
    if (memcmp(q, "FADB", 4) != 0 || q[4] != 0 || q[5] != p[5] || h5l__ld_addr(f, q + 6) != x->addr)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->fa_dblk), "fixed array data block", "bad signature, version, client or header address");
    if (!h5l__ck_sum_ok(q, len))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->fa_dblk), "fixed array data block", "checksum mismatch");
    x->fa_db = q;
    return H5L_OK;
}

/* Page k of the (paged) data block, checked: *p = its elements, *n = their
 * count; *p = NULL when the page was never written. */
static h5l_status h5l__fa_page(h5l__cx *x, uint64_t k, const uint8_t **p, uint64_t *n, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t a, t, len;
    const uint8_t *q;
    *p = NULL;
    *n = k + 1 == x->fa_npages ? x->fa_nelmts - k * x->fa_page_n : x->fa_page_n;
    if (!h5l__ck_bit(x->fa_db + 6 + f->so, k)) return H5L_OK;
    if (k == x->fa_cpage) {
        *p = x->fa_cp;
        return H5L_OK;
    }
    len = *n * x->esize + 4;
    if (h5l__mul_ovf(k, x->fa_page_size, &t) || h5l__add_ovf(x->fa_dblk, x->fa_prefix + 4, &a) || h5l__add_ovf(a, t, &a) ||
        !(q = h5l__at(f, a, len)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->fa_dblk), "fixed array data block", "page %llu outside the file", h5l__ull(k));
    if (!h5l__ck_sum_ok(q, len))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "fixed array data block page", "checksum mismatch");
    x->fa_cpage = k;
    x->fa_cp = q;
    *p = q;
    return H5L_OK;
}

/* ---- extensible array (layout v4/v5, index 4) ------------------------------------
 *
 * Header "EAHD":
 *   OFFSET          SIZE     DESCRIPTION
 *   0               4        "EAHD"
 *   4               1        version 0
 *   5               1        client: 0 chunks, 1 filtered chunks
 *   6               1        E: element size (O, or O + W + 4 filtered)
 *   7               1        B: log2 of the maximum number of elements
 *   8               1        I: elements in the index block
 *   9               1        D: minimum elements in a data block (power of 2)
 *   10              1        S: minimum data block pointers in a super block (power of 2)
 *   11              1        P: log2 of the elements in a data block page
 *   12              6*L      super blocks, their bytes, data blocks, their
 *                            bytes, max index set (one past the highest
 *                            element ever set), elements realised
 *   12+6L           O        index block address (undefined: none yet)
 *   12+6L+O         4        checksum
 *
 * Super block u (u = 0 .. B - log2 D) holds 2^(u/2) data blocks of
 * 2^((u+1)/2) * D elements; its first element is I + D * (2^u - 1). The
 * data blocks of super blocks u < 2 log2 S are listed in the index block,
 * the rest in super blocks the index block points to. A data block of more
 * than 2^P elements (only in super blocks) is paged, 2^P elements a page.
 *
 * Index block "EAIB":
 *   0               4        "EAIB"
 *   4               1        version 0
 *   5               1        client
 *   6               O        header address
 *   6+O             I*E      elements 0 .. I-1
 *   ...             2(S-1)*O data block addresses (super blocks 0 .. 2log2S-1)
 *   ...             n*O      super block addresses, super blocks 2log2S ..
 *   ...             4        checksum
 *
 * Super block "EASB" (u):
 *   0               4        "EASB"
 *   4               1        version 0
 *   5               1        client
 *   6               O        header address
 *   6+O             J        array offset of its first data element, minus I
 *                            (J = ceil(B / 8) bytes)
 *   6+O+J           nd*G     paged data blocks only: per data block a page
 *                            bitmap of G = ceil(pages / 8) bytes; bit
 *                            (j * pages + k), MSB-first over the whole run,
 *                            says page k of data block j was written
 *   ...             nd*O     data block addresses
 *   ...             4        checksum
 *
 * Data block "EADB" (j-th of super block u, n elements):
 *   0               4        "EADB"
 *   4               1        version 0
 *   5               1        client
 *   6               O        header address
 *   6+O             J        array offset of its first element, minus I:
 *                            start(u) - I + j*n; for the data blocks listed
 *                            in the index block libhdf5 writes start(u) - I +
 *                            (first data block of u + j) * n (both accepted)
 *   6+O+J           n*E      unpaged only: the elements
 *
 * Enumeration stops at the header's max index set (as libhdf5's
 * H5EA_iterate); lookups ignore it (as H5EA_get).
 *   ...             4        checksum
 *   then, paged: page k at 10+O+J + k*(2^P*E + 4): 2^P elements, checksum.
 * --------------------------------------------------------------------------------- */

static uint64_t h5l__ea_ndblks(unsigned u) { return (uint64_t)1 << (u / 2); }
static uint64_t h5l__ea_nelmts(const h5l__cx *x, unsigned u) { return ((uint64_t)1 << ((u + 1) / 2)) * x->ea_min_elmts; }
/* Array index of super block u's first element (I + D * (2^u - 1)); u < ea_nsblks keeps it in range. */
static uint64_t h5l__ea_start(const h5l__cx *x, unsigned u) { return x->ea_ibe + (uint64_t)x->ea_min_elmts * (((uint64_t)1 << u) - 1); }
/* Index of super block u's first data block among all data blocks. */
static uint64_t h5l__ea_start_dblk(unsigned u)
{
    uint64_t s = 0;
    unsigned v;
    for (v = 0; v < u; v++) s += h5l__ea_ndblks(v);
    return s;
}

static h5l_status h5l__ea_open(h5l__cx *x, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t hlen = 12 + 6 * (uint64_t)f->sl + f->so + 4, blen;
    const uint8_t *p = h5l__at(f, x->addr, hlen), *q;
    unsigned lmin;
    if (!p) return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "outside the file");
    if (memcmp(p, "EAHD", 4) != 0)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "bad signature");
    if (!h5l__ck_sum_ok(p, hlen))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "checksum mismatch");
    if (p[4] != 0)
        return h5l__fail_in(err, H5L_EUNSUPPORTED, h5l__abs(f, x->addr), "extensible array header", h5l__abs(f, x->addr), "version %u", (unsigned)p[4]);
    if (p[5] != (x->filtered ? 1 : 0) || p[6] != x->esize)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "client %u / element size %u, dataset needs %u / %u", (unsigned)p[5], (unsigned)p[6], x->filtered ? 1u : 0u, x->esize);
    x->ea_bits = p[7];
    x->ea_ibe = p[8];
    x->ea_min_elmts = p[9];
    x->ea_min_ptrs = p[10];
    lmin = h5l__dn_log2(x->ea_min_elmts);
    if (x->ea_bits == 0 || x->ea_bits > 64 || !h5l__dn_pow2(x->ea_min_elmts) || lmin > x->ea_bits || !h5l__dn_pow2(x->ea_min_ptrs) ||
        x->ea_min_ptrs < 2 || p[11] == 0 || p[11] > 63)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "bad parameters (bits %u, data block %u, pointers %u, page bits %u)", x->ea_bits, x->ea_min_elmts, x->ea_min_ptrs, (unsigned)p[11]);
    x->ea_page_n = (uint64_t)1 << p[11];
    x->ea_off_size = (x->ea_bits + 7) / 8;
    x->ea_nsblks = 1 + x->ea_bits - lmin;
    x->ea_ib_nsblks = 2 * h5l__dn_log2(x->ea_min_ptrs);
    x->ea_ndblk_addrs = 2 * ((uint64_t)x->ea_min_ptrs - 1);
    /* the top super block's first element must be representable; libhdf5
     * writes B = 32, far below this */
    if (x->ea_ib_nsblks > x->ea_nsblks || x->ea_nsblks > 62 - lmin)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "extensible array header", "%u super blocks not supported", x->ea_nsblks);
    x->ea_nsblk_addrs = x->ea_nsblks - x->ea_ib_nsblks;
    x->ea_cap = h5l__ea_start(x, x->ea_nsblks);
    x->ea_max_idx = h5l__ldn(p + 12 + 4 * (uint64_t)f->sl, f->sl);
    if (x->ea_max_idx > x->ea_cap) x->ea_max_idx = x->ea_cap;
    x->ea_ib_addr = h5l__ld_addr(f, p + 12 + 6 * (uint64_t)f->sl);
    x->ea_caddr = H5L_UNDEF;
    x->ea_ib = NULL;
    if (x->ea_ib_addr == H5L_UNDEF) return H5L_OK;
    blen = 6 + (uint64_t)f->so + (uint64_t)x->ea_ibe * x->esize + (x->ea_ndblk_addrs + x->ea_nsblk_addrs) * f->so + 4;
    if (!(q = h5l__at(f, x->ea_ib_addr, blen)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->ea_ib_addr), "extensible array index block", "outside the file");
    if (memcmp(q, "EAIB", 4) != 0 || q[4] != 0 || q[5] != p[5] || h5l__ld_addr(f, q + 6) != x->addr)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->ea_ib_addr), "extensible array index block", "bad signature, version, client or header address");
    if (!h5l__ck_sum_ok(q, blen))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->ea_ib_addr), "extensible array index block", "checksum mismatch");
    x->ea_ib = q;
    return H5L_OK;
}

/* Address of data block j of super block u, from the index block (u below
 * ea_ib_nsblks) or from the super block at *sb (checked by h5l__ea_sblock). */
static uint64_t h5l__ea_dblk_addr(const h5l__cx *x, unsigned u, uint64_t j, const uint8_t *sb)
{
    const h5l_file *f = x->f;
    if (u < x->ea_ib_nsblks)
        return h5l__ld_addr(f, x->ea_ib + 6 + f->so + (size_t)x->ea_ibe * x->esize + (size_t)(h5l__ea_start_dblk(u) + j) * f->so);
    {
        uint64_t g = h5l__ea_nelmts(x, u) > x->ea_page_n ? (h5l__ea_nelmts(x, u) / x->ea_page_n + 7) / 8 : 0;
        return h5l__ld_addr(f, sb + 6 + f->so + x->ea_off_size + h5l__ea_ndblks(u) * g + j * f->so);
    }
}

/* Super block u (u >= ea_ib_nsblks), checked: *sb, or NULL if none. */
static h5l_status h5l__ea_sblock(const h5l__cx *x, unsigned u, const uint8_t **sb, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t a = h5l__ld_addr(f, x->ea_ib + 6 + f->so + (size_t)x->ea_ibe * x->esize +
                                     (size_t)(x->ea_ndblk_addrs + (u - x->ea_ib_nsblks)) * f->so);
    uint64_t nd = h5l__ea_ndblks(u), n = h5l__ea_nelmts(x, u), g = n > x->ea_page_n ? (n / x->ea_page_n + 7) / 8 : 0, len, t;
    const uint8_t *q;
    *sb = NULL;
    if (a == H5L_UNDEF) return H5L_OK;
    len = 6 + (uint64_t)f->so + x->ea_off_size + 4;
    if (h5l__mul_ovf(nd, g + f->so, &t) || h5l__add_ovf(len, t, &len) || !(q = h5l__at(f, a, len)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array super block", "outside the file");
    if (memcmp(q, "EASB", 4) != 0 || q[4] != 0 || q[5] != (x->filtered ? 1 : 0) || h5l__ld_addr(f, q + 6) != x->addr)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array super block", "bad signature, version, client or header address");
    if (!h5l__ck_sum_ok(q, len))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array super block", "checksum mismatch");
    if (h5l__ldn(q + 6 + f->so, x->ea_off_size) != h5l__ea_start(x, u) - x->ea_ibe)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array super block", "array offset %llu, super block %u starts at %llu", h5l__ull(h5l__ldn(q + 6 + f->so, x->ea_off_size)), u, h5l__ull(h5l__ea_start(x, u) - x->ea_ibe));
    *sb = q;
    return H5L_OK;
}

/* Data block j of super block u at a: checked; unpaged: *p = its elements;
 * paged: *p = NULL (pages are read by h5l__ea_page). */
static h5l_status h5l__ea_dblock(const h5l__cx *x, unsigned u, uint64_t j, uint64_t a, const uint8_t **p, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t n = h5l__ea_nelmts(x, u), pre = 6 + (uint64_t)f->so + x->ea_off_size, len, o;
    int paged = n > x->ea_page_n;
    const uint8_t *q;
    *p = NULL;
    if (paged && u < x->ea_ib_nsblks)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "paged but listed in the index block");
    len = pre + (paged ? 0 : n * x->esize) + 4;
    if (!(q = h5l__at(f, a, len)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "outside the file");
    if (memcmp(q, "EADB", 4) != 0 || q[4] != 0 || q[5] != (x->filtered ? 1 : 0) || h5l__ld_addr(f, q + 6) != x->addr)
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "bad signature, version, client or header address");
    if (!h5l__ck_sum_ok(q, len))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "checksum mismatch");
    /* libhdf5 writes (start - I) + (start_dblk(u) + j) * n for the data
     * blocks of the index block: accept that too */
    o = h5l__ldn(q + 6 + f->so, x->ea_off_size);
    if (o != h5l__ea_start(x, u) - x->ea_ibe + j * n &&
        !(u < x->ea_ib_nsblks && o == h5l__ea_start(x, u) - x->ea_ibe + (h5l__ea_start_dblk(u) + j) * n))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "array offset %llu, expected %llu", h5l__ull(o), h5l__ull(h5l__ea_start(x, u) - x->ea_ibe + j * n));
    if (!paged) *p = q + pre;
    return H5L_OK;
}

/* Page k of the paged data block j (at a) of super block u (super block at
 * sb): checked elements, or NULL when never written. */
static h5l_status h5l__ea_page(const h5l__cx *x, unsigned u, const uint8_t *sb, uint64_t j, uint64_t a, uint64_t k, const uint8_t **p,
                               h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t npages = h5l__ea_nelmts(x, u) / x->ea_page_n;
    uint64_t psize = x->ea_page_n * x->esize + 4, pa;
    const uint8_t *q;
    *p = NULL;
    if (!h5l__ck_bit(sb + 6 + f->so + x->ea_off_size, j * npages + k)) return H5L_OK;
    pa = a + 6 + f->so + x->ea_off_size + 4 + k * psize;
    if (pa < a || !(q = h5l__at(f, pa, psize)))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, a), "extensible array data block", "page %llu outside the file", h5l__ull(k));
    if (!h5l__ck_sum_ok(q, psize))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, pa), "extensible array data block page", "checksum mismatch");
    *p = q;
    return H5L_OK;
}

/* ---- version-2 B-tree (layout v4/v5, index 5) -------------------------------------
 *
 * Header, nodes: section 3 (h5l__bt2_open_rec, h5l__bt2_node_get). Records
 * are ordered by their scaled coordinates, compared from dim 0:
 *
 * Type 10 (no filters), O + 8R bytes:
 *   OFFSET          SIZE     DESCRIPTION
 *   0               O        chunk address
 *   O               8*R      scaled coordinates s[0] .. s[R-1]
 *
 * Type 11 (filtered), O + W + 4 + 8R bytes:
 *   0               O        chunk address
 *   O               W        stored chunk size
 *   O+W             4        filter mask
 *   O+W+4           8*R      scaled coordinates
 * --------------------------------------------------------------------------------- */

static const uint8_t *h5l__bt2c_scaled(const h5l__cx *x, const uint8_t *rec)
{
    return rec + x->f->so + (x->filtered ? x->size_len + 4 : 0);
}

/* A record as a chunk. */
static h5l_status h5l__bt2c_entry(const h5l__cx *x, const uint8_t *rec, uint64_t where, uint64_t *s, h5l__dchunk *out, h5l_error *err)
{
    const uint8_t *q = h5l__bt2c_scaled(x, rec);
    uint64_t a, size;
    uint32_t mask;
    unsigned d;
    for (d = 0; d < x->rank; d++) s[d] = h5l__ldn(q + 8 * (size_t)d, 8);
    h5l__ck_elem(x, rec, &a, &size, &mask);
    if (a == H5L_UNDEF)
        return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk B-tree record", "undefined address");
    return h5l__ck_make(x, s, a, size, mask, where, out, err);
}

typedef struct h5l__bt2c_key {
    const h5l__cx *x;
    const uint64_t *s;
} h5l__bt2c_key;

/* Order of a record against the searched scaled coordinates. */
static int h5l__bt2c_cmp(const void *key, const uint8_t *rec)
{
    const h5l__bt2c_key *k = (const h5l__bt2c_key *)key;
    const uint8_t *q = h5l__bt2c_scaled(k->x, rec);
    unsigned d;
    for (d = 0; d < k->x->rank; d++) {
        uint64_t v = h5l__ldn(q + 8 * (size_t)d, 8);
        if (v != k->s[d]) return v < k->s[d] ? -1 : 1;
    }
    return 0;
}

typedef struct h5l__bt2c_found {
    const h5l__cx *x;
    h5l__dchunk *out;
    int found;
} h5l__bt2c_found;

static h5l_status h5l__bt2c_found_cb(void *ctx, const uint8_t *rec, uint64_t off, int *stop, h5l_error *err)
{
    h5l__bt2c_found *fd = (h5l__bt2c_found *)ctx;
    uint64_t s[H5L_MAX_RANK];
    h5l_status st = h5l__bt2c_entry(fd->x, rec, off, s, fd->out, err);
    if (st == H5L_OK) fd->found = 1;
    *stop = 1;
    return st;
}

/* ---- opening an index ---------------------------------------------------------- */

/* Verify the layout against the dataset and open the index (headers of the
 * array indexes and the v2 B-tree checked). */
static h5l_status h5l__cx_open(h5l__cx *x, const h5l__cidx *ix, h5l_error *err)
{
    const h5l__layout *lay = ix->lay;
    const h5l_file *f = ix->f;
    uint64_t hoff = ix->hdr_off, esz;
    unsigned d, k;

    memset(x, 0, sizeof *x);
    x->f = f;
    x->ix = ix;
    x->rank = ix->rank;
    x->kind = lay->index;
    x->addr = lay->addr;
    if (lay->cls != 2 || ix->rank == 0 || ix->rank > H5L_MAX_RANK || lay->ndims != ix->rank + 1)
        return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunked layout of rank %u for a dataspace of rank %u", lay->ndims ? lay->ndims - 1 : 0, ix->rank);
    if ((lay->version <= 3) != (lay->index == 0) || lay->index > 5 || lay->version < 1 || lay->version > 5)
        return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunk index type %u in a version %u layout", lay->index, lay->version);
    x->chunk_bytes = 1;
    for (d = 0; d <= x->rank; d++) {
        if (lay->cdims[d] == 0 || h5l__mul_ovf(x->chunk_bytes, lay->cdims[d], &x->chunk_bytes))
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunk dim %u is 0 or the chunk size overflows", d);
        if (d < x->rank) x->cdim[d] = lay->cdims[d];
    }
    if (ix->elem_size && lay->cdims[x->rank] != ix->elem_size)
        return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunk element size %llu, datatype size %llu", h5l__ull(lay->cdims[x->rank]), h5l__ull(ix->elem_size));
    for (d = 0; d < x->rank; d++) {
        x->nch[d] = h5l__ck_ceil(ix->dims[d], x->cdim[d]);
        x->mch[d] = ix->maxdims[d] == UINT64_MAX ? UINT64_MAX : h5l__ck_ceil(ix->maxdims[d], x->cdim[d]);
        if (x->mch[d] == 0 || x->nch[d] == 0) x->empty = 1;
    }
    x->filtered = x->kind == 1 ? (lay->flags & 2) != 0 : ix->filtered != 0;
    if (lay->version >= 5) {
        x->size_len = f->sl;
    } else {
        x->size_len = 1 + (h5l__dn_log2(x->chunk_bytes) + 8) / 8;
        if (x->size_len > 8) x->size_len = 8;
    }
    x->esize = f->so + (x->filtered ? x->size_len + 4 : 0);

    /* the arrays: strides over the max-dims grid */
    if (x->kind >= 2 && x->kind <= 4) {
        unsigned u = 0, nunlim = 0;
        for (d = 0; d < x->rank; d++)
            if (x->mch[d] == UINT64_MAX) {
                nunlim++;
                u = d;
            } else if (ix->maxdims[d] < ix->dims[d]) {
                return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "dim %u exceeds its maximum", d);
            }
        if (x->kind == 4 ? nunlim != 1 : nunlim != 0)
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "%u unlimited dims with chunk index type %u", nunlim, x->kind);
        /* perm: the EA moves the unlimited dim u first, the others keep their order */
        k = 0;
        if (x->kind == 4) x->perm[k++] = u;
        for (d = 0; d < x->rank; d++)
            if (!(x->kind == 4 && d == u)) x->perm[k++] = d;
        x->down[x->rank - 1] = 1;
        x->nidx = UINT64_MAX;
        if (!x->empty) {
            for (k = x->rank - 1; k > 0; k--)
                if (h5l__mul_ovf(x->down[k], x->mch[x->perm[k]], &x->down[k - 1]))
                    return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunk count overflows");
            if (x->kind != 4 && h5l__mul_ovf(x->down[0], x->mch[x->perm[0]], &x->nidx))
                return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "chunk count overflows");
        } else {
            x->nidx = 0;
        }
    }

    switch (x->kind) {
    case 0: /* v1 B-tree */
        x->two_k = 2 * (f->chunk_btree_k ? f->chunk_btree_k : 32);
        x->key_size = 8 + 8 * (x->rank + 1);
        x->bt1_budget = f->size / (8 + 2 * (uint64_t)f->so + x->key_size) + 1;
        return H5L_OK;
    case 1: /* single chunk */
        return H5L_OK;
    case 2: /* implicit: all chunks of the max dims, one after the other */
        if (x->filtered)
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "implicit chunk index with filters");
        if (x->addr != H5L_UNDEF && !x->empty &&
            (h5l__mul_ovf(x->nidx, x->chunk_bytes, &esz) || !h5l__at(f, x->addr, esz)))
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "implicit chunk index", "%llu chunks of %llu bytes outside the file", h5l__ull(x->nidx), h5l__ull(x->chunk_bytes));
        return H5L_OK;
    case 3:
        if (x->addr == H5L_UNDEF || x->empty) return H5L_OK;
        return h5l__fa_open(x, err);
    case 4:
        if (x->addr == H5L_UNDEF || x->empty) return H5L_OK;
        return h5l__ea_open(x, err);
    default: { /* 5: v2 B-tree */
        unsigned rs = f->so + 8 * x->rank + (x->filtered ? x->size_len + 4 : 0);
        h5l_status st;
        if (x->addr == H5L_UNDEF) return H5L_OK;
        st = h5l__bt2_open_rec(f, x->addr, rs, &x->bt, err);
        if (st != H5L_OK) return st;
        if (x->bt.type != (x->filtered ? 11u : 10u))
            return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, x->addr), "v2 B-tree header", "type %u for a %s dataset", x->bt.type, x->filtered ? "filtered" : "unfiltered");
        return H5L_OK;
    }
    }
}

/* ---- finding one chunk ------------------------------------------------------------- */

/* Look up the chunk whose first element is at coord (element offsets,
 * multiples of the chunk dims): *found = 1 and *out filled, or *found = 0
 * when that chunk is not allocated (or lies outside the max dims). */
static h5l_status h5l__cx_find(h5l__cx *x, const uint64_t *coord, h5l__dchunk *out, int *found, h5l_error *err)
{
    const h5l_file *f = x->f;
    uint64_t s[H5L_MAX_RANK], idx, a, size;
    uint32_t mask;
    unsigned d;
    *found = 0;
    if (!h5l__ck_scale(x, coord, s, err)) return H5L_EINVAL;
    switch (x->kind) {
    case 0: { /* v1 B-tree: in each node the last child whose key is <= the target */
        uint64_t budget = x->bt1_budget, addr = x->addr;
        int expect = -1;
        unsigned depth = 0;
        h5l__bt1n b;
        while (addr != H5L_UNDEF) {
            unsigned lo = 0, hi;
            h5l_status st;
            if (++depth > H5L__MAX_BTREE_DEPTH)
                return h5l__fail_in(err, H5L_ECORRUPT, h5l__abs(f, addr), "chunk B-tree", h5l__abs(f, x->addr), "too deep");
            st = h5l__bt1_load(x, addr, expect, &budget, &b, err);
            if (st != H5L_OK) return st;
            hi = b.n;
            while (lo < hi) { /* first key > target */
                unsigned mid = lo + (hi - lo) / 2, dd;
                const uint8_t *kp = h5l__bt1_key(x, &b, mid);
                int c = 0;
                for (dd = 0; dd <= x->rank && !c; dd++) {
                    uint64_t v = h5l__bt1_off(kp, dd), t = dd < x->rank ? coord[dd] : 0;
                    c = v < t ? -1 : v > t;
                }
                if (c <= 0) lo = mid + 1;
                else hi = mid;
            }
            if (lo == 0) return H5L_OK; /* before the first key */
            if (b.level == 0) {
                const uint8_t *kp = h5l__bt1_key(x, &b, lo - 1);
                for (d = 0; d < x->rank; d++)
                    if (h5l__bt1_off(kp, d) != coord[d]) return H5L_OK;
                st = h5l__bt1_entry(x, &b, lo - 1, s, out, err);
                if (st == H5L_OK) *found = 1;
                return st;
            }
            expect = (int)b.level - 1;
            addr = h5l__bt1_child(x, &b, lo - 1);
        }
        return H5L_OK;
    }
    case 1: /* single chunk: coordinates 0 */
        for (d = 0; d < x->rank; d++)
            if (s[d]) return H5L_OK;
        if (x->addr == H5L_UNDEF) return H5L_OK;
        *found = 1;
        return h5l__ck_make(x, s, x->addr, x->filtered ? x->ix->lay->single_size : x->chunk_bytes,
                            x->filtered ? x->ix->lay->single_mask : 0, x->ix->hdr_off, out, err);
    case 2: /* implicit: only the chunks inside the current dims exist */
        if (x->addr == H5L_UNDEF || x->empty) return H5L_OK;
        for (d = 0; d < x->rank; d++)
            if (s[d] >= x->nch[d]) return H5L_OK;
        if (!h5l__ck_linear(x, s, &idx)) return H5L_OK;
        *found = 1;
        return h5l__ck_make(x, s, x->addr + idx * x->chunk_bytes, x->chunk_bytes, 0, h5l__abs(f, x->addr), out, err);
    case 3: { /* fixed array */
        const uint8_t *p;
        uint64_t where;
        if (!x->fa_db || !h5l__ck_linear(x, s, &idx)) return H5L_OK;
        if (x->fa_npages) {
            uint64_t n;
            h5l_status st = h5l__fa_page(x, idx / x->fa_page_n, &p, &n, err);
            if (st != H5L_OK || !p) return st;
            p += (idx % x->fa_page_n) * x->esize;
        } else {
            p = x->fa_db + x->fa_prefix + idx * x->esize;
        }
        where = (uint64_t)(p - f->map);
        h5l__ck_elem(x, p, &a, &size, &mask);
        if (a == H5L_UNDEF) return H5L_OK;
        *found = 1;
        return h5l__ck_make(x, s, a, size, mask, where, out, err);
    }
    case 4: { /* extensible array */
        const uint8_t *p = NULL, *sb = NULL;
        uint64_t where;
        h5l_status st;
        if (!x->ea_ib || !h5l__ck_linear(x, s, &idx) || idx >= x->ea_cap) return H5L_OK;
        if (idx < x->ea_ibe) {
            p = x->ea_ib + 6 + f->so + idx * x->esize;
        } else {
            unsigned u = h5l__dn_log2((idx - x->ea_ibe) / x->ea_min_elmts + 1);
            uint64_t n = h5l__ea_nelmts(x, u), e = idx - h5l__ea_start(x, u), j = e / n, da;
            e %= n;
            if (u >= x->ea_ib_nsblks) {
                st = h5l__ea_sblock(x, u, &sb, err);
                if (st != H5L_OK || !sb) return st;
            }
            da = h5l__ea_dblk_addr(x, u, j, sb);
            if (da == H5L_UNDEF) return H5L_OK;
            if (n > x->ea_page_n) {
                uint64_t k = e / x->ea_page_n, pa;
                e %= x->ea_page_n;
                pa = da + 6 + f->so + x->ea_off_size + 4 + k * (x->ea_page_n * x->esize + 4);
                if (pa == x->ea_caddr && x->ea_cn == x->ea_page_n) {
                    p = x->ea_cp;
                } else {
                    const uint8_t *dummy;
                    st = h5l__ea_dblock(x, u, j, da, &dummy, err);
                    if (st == H5L_OK) st = h5l__ea_page(x, u, sb, j, da, k, &p, err);
                    if (st != H5L_OK || !p) return st;
                    x->ea_caddr = pa;
                    x->ea_cn = x->ea_page_n;
                    x->ea_cp = p;
                }
            } else if (da == x->ea_caddr && x->ea_cn == n) {
                p = x->ea_cp;
            } else {
                st = h5l__ea_dblock(x, u, j, da, &p, err);
                if (st != H5L_OK) return st;
                x->ea_caddr = da;
                x->ea_cn = n;
                x->ea_cp = p;
            }
            p += e * x->esize;
        }
        where = (uint64_t)(p - f->map);
        h5l__ck_elem(x, p, &a, &size, &mask);
        if (a == H5L_UNDEF) return H5L_OK;
        *found = 1;
        return h5l__ck_make(x, s, a, size, mask, where, out, err);
    }
    default: { /* v2 B-tree */
        h5l__bt2 bt = x->bt; /* a fresh node budget per lookup */
        h5l__bt2c_key key;
        h5l__bt2c_found fd;
        h5l_status st;
        if (x->addr == H5L_UNDEF) return H5L_OK;
        key.x = x;
        key.s = s;
        fd.x = x;
        fd.out = out;
        fd.found = 0;
        st = h5l__bt2_walk_tree(&bt, h5l__bt2c_cmp, &key, h5l__bt2c_found_cb, &fd, err);
        *found = st == H5L_OK && fd.found;
        return st;
    }
    }
}

/* ---- enumerating the chunks ----------------------------------------------------------- */

typedef struct h5l__ckframe {
    const uint8_t *p;               /* the node */
    uint64_t addr;                  /* relative */
    uint64_t n, i;                  /* entries (v1: children; v2: records), next one */
    unsigned level;                 /* v1 level / v2 depth */
    int desc;                       /* v2 internal: child i already visited */
} h5l__ckframe;

/* A chunk iterator: h5l__citer_init, then h5l__citer_next until *done.
 * About 3 KiB; no allocation. */
typedef struct h5l__citer {
    h5l__cx x;
    int done;
    /* B-trees */
    unsigned sp;
    h5l__ckframe stk[H5L__MAX_BTREE_DEPTH + 1];
    uint64_t budget;                /* v1: nodes left; arrays: elements left */
    int have_prev;
    uint64_t prev[H5L_MAX_RANK];    /* scaled coordinates of the last chunk (strictly increasing) */
    /* arrays: a run of elements */
    const uint8_t *run;
    uint64_t run_n, run_i, run_base;
    uint64_t s[H5L_MAX_RANK];       /* implicit: next chunk */
    uint64_t pos;                   /* FA: next page; EA: next data block j */
    unsigned ea_u;                  /* EA: super block of data block pos */
    const uint8_t *ea_sb;           /* EA: super block ea_u (u >= index-block super blocks), or NULL */
    uint64_t ea_da, ea_dj, ea_k, ea_np; /* EA: paged data block being read: address, index, next page, pages */
} h5l__citer;

static h5l_status h5l__citer_init(h5l__citer *it, const h5l__cidx *ix, h5l_error *err)
{
    h5l_status st;
    memset(it, 0, sizeof *it);
    st = h5l__cx_open(&it->x, ix, err);
    if (st != H5L_OK) return st;
    it->x.fa_cpage = UINT64_MAX;
    switch (it->x.kind) {
    case 0:
        it->budget = it->x.bt1_budget;
        if (it->x.addr != H5L_UNDEF) {
            h5l__bt1n b;
            st = h5l__bt1_load(&it->x, it->x.addr, -1, &it->budget, &b, err);
            if (st != H5L_OK) return st;
            if (b.level >= H5L__MAX_BTREE_DEPTH)
                return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(ix->f, it->x.addr), "chunk B-tree", "%u levels", b.level);
            it->stk[0].p = b.p;
            it->stk[0].addr = b.addr;
            it->stk[0].n = b.n;
            it->stk[0].level = b.level;
            it->sp = 1;
        }
        break;
    case 3:
        it->budget = ix->f->size / it->x.esize + 1;
        if (it->x.fa_db && !it->x.fa_npages) {
            it->run = it->x.fa_db + it->x.fa_prefix;
            it->run_n = it->x.fa_nelmts;
        }
        break;
    case 4:
        it->budget = ix->f->size / it->x.esize + 1;
        if (it->x.ea_ib) {
            it->run = it->x.ea_ib + 6 + ix->f->so;
            it->run_n = it->x.ea_ibe < it->x.ea_max_idx ? it->x.ea_ibe : it->x.ea_max_idx;
        }
        it->ea_da = H5L_UNDEF;
        break;
    case 5:
        if (it->x.addr != H5L_UNDEF && it->x.bt.root_addr != H5L_UNDEF) {
            const uint8_t *p;
            st = h5l__bt2_node_get(&it->x.bt, it->x.bt.root_addr, it->x.bt.root_nrec, it->x.bt.depth, it->x.bt.total, &p, err);
            if (st != H5L_OK) return st;
            it->stk[0].p = p;
            it->stk[0].addr = it->x.bt.root_addr;
            it->stk[0].n = it->x.bt.root_nrec;
            it->stk[0].level = it->x.bt.depth;
            it->sp = 1;
        }
        break;
    default:
        break;
    }
    return H5L_OK;
}

/* The B-trees: chunks must come in strictly increasing order. */
static h5l_status h5l__citer_order(h5l__citer *it, const uint64_t *s, uint64_t where, h5l_error *err)
{
    if (it->have_prev && h5l__ck_cmp(it->prev, s, it->x.rank) >= 0)
        return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index entry", "chunks out of order (cycle or shared node?)");
    memcpy(it->prev, s, it->x.rank * sizeof *s);
    it->have_prev = 1;
    return H5L_OK;
}

/* Arrays: the next defined element of the current run, as a chunk; *got = 0
 * when the run is exhausted. */
static h5l_status h5l__citer_run(h5l__citer *it, h5l__dchunk *out, int *got, h5l_error *err)
{
    const h5l__cx *x = &it->x;
    *got = 0;
    while (it->run_i < it->run_n) {
        const uint8_t *p = it->run + it->run_i * x->esize;
        uint64_t idx = it->run_base + it->run_i, a, size, s[H5L_MAX_RANK];
        uint32_t mask;
        it->run_i++;
        h5l__ck_elem(x, p, &a, &size, &mask);
        if (a == H5L_UNDEF) continue;
        if (idx >= x->nidx) { /* beyond the max dims: cannot be a chunk of this dataset */
            uint64_t where = (uint64_t)(p - x->f->map);
            return h5l__fail_at(err, H5L_ECORRUPT, where, "chunk index element", "index %llu outside the dataset's %llu chunks", h5l__ull(idx), h5l__ull(x->nidx));
        }
        h5l__ck_unlinear(x, idx, s);
        *got = 1;
        return h5l__ck_make(x, s, a, size, mask, (uint64_t)(p - x->f->map), out, err);
    }
    return H5L_OK;
}

/* Start a run of n elements at p (array index base), within the budget. */
static h5l_status h5l__citer_setrun(h5l__citer *it, const uint8_t *p, uint64_t n, uint64_t base, h5l_error *err)
{
    if (n > it->budget)
        return h5l__fail_in(err, H5L_ECORRUPT, (uint64_t)(p - it->x.f->map), "chunk index", h5l__abs(it->x.f, it->x.addr), "more elements than the file can hold (shared blocks?)");
    it->budget -= n;
    it->run = p;
    it->run_n = n;
    it->run_i = 0;
    it->run_base = base;
    return H5L_OK;
}

/* The next chunk: *done = 1 when there is none left (out untouched). */
static h5l_status h5l__citer_next(h5l__citer *it, h5l__dchunk *out, int *done, h5l_error *err)
{
    h5l__cx *x = &it->x;
    const h5l_file *f = x->f;
    h5l_status st;
    uint64_t s[H5L_MAX_RANK];
    unsigned d;
    int got;
    *done = 0;
    if (it->done) {
        *done = 1;
        return H5L_OK;
    }
    switch (x->kind) {
    case 0: /* v1 B-tree: depth-first, in key order */
        while (it->sp) {
            h5l__ckframe *fr = &it->stk[it->sp - 1];
            h5l__bt1n b;
            unsigned i;
            if (fr->i >= fr->n) {
                it->sp--;
                continue;
            }
            i = (unsigned)fr->i++;
            b.p = fr->p;
            b.addr = fr->addr;
            b.level = fr->level;
            b.n = (unsigned)fr->n;
            if (b.level > 0) {
                h5l__bt1n c;
                st = h5l__bt1_load(x, h5l__bt1_child(x, &b, i), (int)b.level - 1, &it->budget, &c, err);
                if (st != H5L_OK) return st;
                fr = &it->stk[it->sp++];
                fr->p = c.p;
                fr->addr = c.addr;
                fr->n = c.n;
                fr->i = 0;
                fr->level = c.level;
                continue;
            }
            st = h5l__bt1_entry(x, &b, i, s, out, err);
            if (st == H5L_OK)
                st = h5l__citer_order(it, s, h5l__abs(f, b.addr) + (uint64_t)(h5l__bt1_key(x, &b, i) - b.p), err);
            return st;
        }
        break;
    case 1: /* single */
        it->done = 1;
        if (x->addr != H5L_UNDEF) {
            for (d = 0; d < x->rank; d++) s[d] = 0;
            return h5l__ck_make(x, s, x->addr, x->filtered ? x->ix->lay->single_size : x->chunk_bytes,
                                x->filtered ? x->ix->lay->single_mask : 0, x->ix->hdr_off, out, err);
        }
        break;
    case 2: /* implicit: every chunk inside the current dims */
        if (x->addr == H5L_UNDEF || x->empty) break;
        {
            uint64_t idx = 0;
            (void)h5l__ck_linear(x, it->s, &idx); /* inside the current dims: always in range */
            st = h5l__ck_make(x, it->s, x->addr + idx * x->chunk_bytes, x->chunk_bytes, 0, h5l__abs(f, x->addr), out, err);
            for (d = x->rank; d-- > 0;) {
                if (++it->s[d] < x->nch[d]) break;
                it->s[d] = 0;
            }
            if (d == (unsigned)-1) it->done = 1;
            return st;
        }
    case 3: /* fixed array: the data block's elements, or page after page */
        for (;;) {
            st = h5l__citer_run(it, out, &got, err);
            if (st != H5L_OK || got) return st;
            if (!x->fa_db || !x->fa_npages || it->pos >= x->fa_npages) break;
            {
                const uint8_t *p;
                uint64_t n, k = it->pos++;
                st = h5l__fa_page(x, k, &p, &n, err);
                if (st != H5L_OK) return st;
                if (p) {
                    st = h5l__citer_setrun(it, p, n, k * x->fa_page_n, err);
                    if (st != H5L_OK) return st;
                }
            }
        }
        break;
    case 4: /* extensible array: index block elements, then data block after data block */
        for (;;) {
            uint64_t nd, n, base, da, j;
            unsigned u;
            const uint8_t *p;
            st = h5l__citer_run(it, out, &got, err);
            if (st != H5L_OK || got) return st;
            if (!x->ea_ib) break;
            if (it->ea_da != H5L_UNDEF) { /* pages of a paged data block */
                u = it->ea_u;
                if (it->ea_k >= it->ea_np) {
                    it->ea_da = H5L_UNDEF;
                    continue;
                }
                base = h5l__ea_start(x, u) + it->ea_dj * h5l__ea_nelmts(x, u) + it->ea_k * x->ea_page_n;
                if (base >= x->ea_max_idx) break;
                st = h5l__ea_page(x, u, it->ea_sb, it->ea_dj, it->ea_da, it->ea_k++, &p, err);
                if (st != H5L_OK) return st;
                if (p) {
                    n = x->ea_max_idx - base < x->ea_page_n ? x->ea_max_idx - base : x->ea_page_n;
                    st = h5l__citer_setrun(it, p, n, base, err);
                    if (st != H5L_OK) return st;
                }
                continue;
            }
            u = it->ea_u;
            if (u >= x->ea_nsblks || h5l__ea_start(x, u) >= x->ea_max_idx) break;
            nd = h5l__ea_ndblks(u);
            if (it->pos >= nd) { /* next super block */
                it->ea_u++;
                it->pos = 0;
                it->ea_sb = NULL;
                continue;
            }
            if (u >= x->ea_ib_nsblks && it->pos == 0) {
                st = h5l__ea_sblock(x, u, &it->ea_sb, err);
                if (st != H5L_OK) return st;
                if (!it->ea_sb) { /* super block never written: skip it */
                    it->ea_u++;
                    continue;
                }
            }
            j = it->pos++;
            n = h5l__ea_nelmts(x, u);
            base = h5l__ea_start(x, u) + j * n;
            if (base >= x->ea_max_idx) break;
            da = h5l__ea_dblk_addr(x, u, j, it->ea_sb);
            if (da == H5L_UNDEF) continue;
            st = h5l__ea_dblock(x, u, j, da, &p, err);
            if (st != H5L_OK) return st;
            if (p) {
                st = h5l__citer_setrun(it, p, x->ea_max_idx - base < n ? x->ea_max_idx - base : n, base, err);
                if (st != H5L_OK) return st;
            } else {
                it->ea_da = da;
                it->ea_dj = j;
                it->ea_k = 0;
                it->ea_np = n / x->ea_page_n;
            }
        }
        break;
    default: /* v2 B-tree: in order, child i before record i */
        while (it->sp) {
            h5l__ckframe *fr = &it->stk[it->sp - 1];
            if (fr->level == 0) {
                const uint8_t *r;
                uint64_t where;
                if (fr->i >= fr->n) {
                    it->sp--;
                    continue;
                }
                r = fr->p + 6 + fr->i++ * x->bt.rec_size;
                where = (uint64_t)(r - f->map);
                st = h5l__bt2c_entry(x, r, where, s, out, err);
                if (st == H5L_OK) st = h5l__citer_order(it, s, where, err);
                return st;
            }
            if (!fr->desc) {
                uint64_t ca, cn, caddr;
                const uint8_t *p;
                fr->desc = 1;
                h5l__bt2_child(&x->bt, fr->p, fr->n, fr->level, fr->i, &caddr, &cn, &ca);
                if (ca == 0) continue;
                if (it->sp > H5L__MAX_BTREE_DEPTH) /* depth <= H5L__BT2_MAX_DEPTH: cannot happen */
                    return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(f, fr->addr), "v2 B-tree node", "too deep");
                st = h5l__bt2_node_get(&x->bt, caddr, cn, fr->level - 1, ca, &p, err);
                if (st != H5L_OK) return st;
                fr = &it->stk[it->sp++];
                fr->p = p;
                fr->addr = caddr;
                fr->n = cn;
                fr->i = 0;
                fr->level = it->stk[it->sp - 2].level - 1;
                fr->desc = 0;
                continue;
            }
            if (fr->i >= fr->n) {
                it->sp--;
                continue;
            }
            {
                const uint8_t *r = fr->p + 6 + fr->i++ * x->bt.rec_size;
                uint64_t where = (uint64_t)(r - f->map);
                fr->desc = 0;
                st = h5l__bt2c_entry(x, r, where, s, out, err);
                if (st == H5L_OK) st = h5l__citer_order(it, s, where, err);
                return st;
            }
        }
        break;
    }
    it->done = 1;
    *done = 1;
    return H5L_OK;
}

/* ---- convenience ------------------------------------------------------------------------ */

/* Call fn for every allocated chunk, in the index's order (see the top of
 * this section); fn may set *stop. */
H5L__CODEC_ONLY static h5l_status h5l__chunks_iterate(const h5l__cidx *ix, h5l__chunk_fn fn, void *ctx, h5l_error *err)
{
    h5l__citer it;
    h5l__dchunk c;
    h5l_status st = h5l__citer_init(&it, ix, err);
    int done = 0, stop = 0;
    while (st == H5L_OK && !stop) {
        st = h5l__citer_next(&it, &c, &done, err);
        if (st != H5L_OK || done) break;
        st = fn(ctx, &c, &stop, err);
    }
    return st;
}

/* One lookup (opens the index each time: for many, h5l__cx_open once and
 * h5l__cx_find). */
H5L__CODEC_ONLY static h5l_status h5l__chunk_find(const h5l__cidx *ix, const uint64_t *coord, h5l__dchunk *out, int *found, h5l_error *err)
{
    h5l__cx x;
    h5l_status st = h5l__cx_open(&x, ix, err);
    *found = 0;
    if (st != H5L_OK) return st;
    return h5l__cx_find(&x, coord, out, found, err);
}

/* ---- writing: a version-1 B-tree over a dataset's chunks ---------------------
 * The writer keeps one record per stored chunk: its linear number in the
 * row-major chunk grid (dimension 0 slowest; the grid's dimension 0 is never
 * needed, so a first dimension that grows keeps every number), address,
 * stored size and filter mask. h5l__cbt_write builds the tree bottom-up over
 * records sorted by number, as libhdf5 would read and extend it:
 *
 *   leaves (level 0)  up to 2K chunks; key i = (size, mask, element offsets of
 *                     chunk i, 0); key n = the bound past the last chunk: each
 *                     scaled coordinate + 1 times the chunk dim, and the
 *                     element-size "dimension" 1 x element size (libhdf5's
 *                     right key, which its lookups compare against)
 *   internal nodes    up to 2K children; key i = the first key of child i,
 *                     key n = the bound of the last child
 *
 * Nodes are full-size (2K entries) as libhdf5 reads them; each level's
 * nodes lie side by side with their sibling addresses set. */
typedef struct h5l__crec {
    uint64_t lin;                   /* chunk number in the row-major grid */
    uint64_t addr;                  /* absolute file address */
    uint32_t size, mask;
} h5l__crec;

/* Where the tree's nodes go: take `n` bytes at the end of the file (their
 * address in *addr), then write them. */
typedef struct h5l__cbt_sink {
    void *ctx;
    h5l_status (*take)(void *ctx, uint64_t n, uint64_t *addr, h5l_error *err);
    h5l_status (*write)(void *ctx, const void *p, size_t n, uint64_t addr, h5l_error *err);
} h5l__cbt_sink;

/* The chunk grid of a dataset: chunk dims and, for d > 0, chunks along d. */
typedef struct h5l__cgeom {
    unsigned rank;
    uint64_t cdim[H5L_MAX_RANK];
    uint64_t nch[H5L_MAX_RANK];     /* nch[0] unused */
    uint64_t esize;
} h5l__cgeom;

/* Key (size, mask, offsets...) of chunk number lin; bound = 1: the right
 * key past it. kw = rank + 3 values. */
static void h5l__cbt_key(const h5l__cgeom *g, uint64_t lin, uint32_t size, uint32_t mask, int bound, uint64_t *key)
{
    unsigned d;
    key[0] = bound ? 0 : size;
    key[1] = bound ? 0 : mask;
    for (d = g->rank; d-- > 0;) {
        uint64_t s = d ? lin % g->nch[d] : lin;
        if (d) lin /= g->nch[d];
        key[2 + d] = (s + (bound ? 1u : 0u)) * g->cdim[d];
    }
    key[2 + g->rank] = bound ? g->esize : 0;
}

/* Build the tree over recs[0..n) (sorted by lin, n >= 1); *root receives
 * its address. Uses one node's worth of memory plus two arrays of n / 2K. */
static h5l_status h5l__cbt_write(const h5l__cgeom *g, const h5l__crec *recs, size_t n, const h5l__cbt_sink *sink,
                                 const h5l_allocator *a, uint64_t *root, h5l_error *err)
{
    const unsigned K = H5L__DEF_CHUNK_K, fan = 2 * H5L__DEF_CHUNK_K, kw = g->rank + 3;
    uint64_t nsize = h5l__btnode_size(H5L__BTREE_CHUNK, g->rank + 1, K, 8, 8), base = 0;
    size_t cnt = n, level = 0, i, j;
    /* per node of the level below: its address and the index of its first record; first[cnt] = n */
    uint64_t *addr = NULL;
    size_t *first = NULL, nodes = (n + fan - 1) / fan + 1;
    uint64_t *keys = (uint64_t *)h5l__malloc(a, (size_t)(fan + 1) * kw * sizeof *keys), kids[2 * H5L__DEF_CHUNK_K];
    uint8_t *buf = (uint8_t *)h5l__malloc(a, (size_t)nsize);
    h5l_status st = H5L_OK;
    addr = (uint64_t *)h5l__malloc(a, nodes * sizeof *addr);
    first = (size_t *)h5l__malloc(a, (nodes + 1) * sizeof *first);
    if (!keys || !buf || !addr || !first) {
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for the chunk index of %zu chunks", n);
        goto done;
    }
    for (;;) {
        size_t m = (cnt + fan - 1) / fan;          /* nodes at this level */
        uint64_t total;
        if (h5l__mul_ovf((uint64_t)m, nsize, &total)) {
            st = h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "chunk index too large");
            break;
        }
        if ((st = sink->take(sink->ctx, total, &base, err)) != H5L_OK) break;
        for (j = 0; j < m && st == H5L_OK; j++) {
            size_t c0 = j * fan, c1 = c0 + fan < cnt ? c0 + fan : cnt;
            h5l__btnode b;
            for (i = c0; i < c1; i++) {
                size_t r = level ? first[i] : i;
                h5l__cbt_key(g, recs[r].lin, recs[r].size, recs[r].mask, 0, keys + (i - c0) * kw);
                kids[i - c0] = level ? addr[i] : recs[i].addr;
            }
            /* the bound past the last chunk under this node */
            {
                size_t last = level ? (c1 < cnt ? first[c1] : n) - 1 : c1 - 1;
                h5l__cbt_key(g, recs[last].lin, 0, 0, 1, keys + (c1 - c0) * kw);
            }
            memset(&b, 0, sizeof b);
            b.type = H5L__BTREE_CHUNK;
            b.level = (unsigned)level;
            b.n = (unsigned)(c1 - c0);
            b.left = j ? base + (j - 1) * nsize : H5L_UNDEF;
            b.right = j + 1 < m ? base + (j + 1) * nsize : H5L_UNDEF;
            b.ndims = g->rank + 1;
            b.k = K;
            b.kv = keys;
            b.cv = kids;
            h5l__btnode_encode(buf, &b, 8, 8);
            st = sink->write(sink->ctx, buf, (size_t)nsize, base + j * nsize, err);
        }
        if (st != H5L_OK) break;
        /* the level's nodes become the children of the next */
        for (j = 0; j < m; j++) {
            size_t f0 = level ? first[j * fan] : j * fan;
            addr[j] = base + j * nsize;
            first[j] = f0;
        }
        if (m == 1) {
            *root = base;
            break;
        }
        cnt = m;
        level++;
        if (level > 255) {
            st = h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "chunk index too deep");
            break;
        }
    }
done:
    h5l__free(a, keys);
    h5l__free(a, buf);
    h5l__free(a, addr);
    h5l__free(a, first);
    return st;
}

/* ======================================================================
 * C.8 Filters
 *
 * The filters of a chunked dataset's pipeline (message C.3), hdf5lite's own:
 * deflate (the inflater below), shuffle, fletcher32, n-bit, scale-offset,
 * LZF; the hdf5plugin family (LZ4, bitshuffle, Blosc 1.x, Zstandard;
 * left out by H5L_NO_EXTRA_CODECS); then the pipeline that runs them
 * backwards over a chunk (and the caller's filter hooks), and forwards for
 * the writer.
 * ====================================================================== */

/* ======================================================================
 * FILTER 1 — DEFLATE: decoding zlib streams (inflate)
 *
 * An HDF5 chunk written through the deflate filter (id 1) is one zlib stream
 * (RFC 1950) around raw deflate data (RFC 1951):
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       1     CMF  bits 0-3 CM: 8 = deflate (anything else: rejected)
 *                      bits 4-7 CINFO: log2(window size) - 8, at most 7 (32 KiB)
 *   1       1     FLG  bits 0-4 FCHECK: makes (CMF * 256 + FLG) a multiple of 31
 *                      bit 5    FDICT: a preset dictionary follows (rejected: HDF5 never sets it)
 *                      bits 6-7 FLEVEL: the compressor's effort (ignored)
 *   2       ...   deflate blocks, bit-packed (below)
 *   ...     4     Adler-32 of the decoded bytes, BIG-endian, at the first byte
 *                 boundary after the last block. Bytes after it are ignored.
 *
 * Deflate is a bit stream read from bit 0 (least significant) of each byte
 * up. Fields are stored low bit first; Huffman codes are stored starting
 * with their FIRST (most significant) bit, which is why the decode tables
 * below are indexed by bit-reversed codes. Every block starts with:
 *
 *   BITS  DESCRIPTION
 *   1     BFINAL  1: this is the last block
 *   2     BTYPE   0 stored, 1 fixed Huffman codes, 2 dynamic Huffman codes, 3 invalid
 *
 * A stored block (BTYPE 0) skips to the next byte boundary, then:
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       2     LEN   little-endian count of bytes, 0..65535
 *   2       2     NLEN  ~LEN (one's complement; a mismatch is corrupt)
 *   4       LEN   the bytes themselves
 *
 * A dynamic block (BTYPE 2) sends its two codes before its symbols:
 *
 *   BITS        DESCRIPTION
 *   5           HLIT   literal/length codes - 257     (257..286; more is corrupt)
 *   5           HDIST  distance codes - 1             (1..30; more is corrupt)
 *   4           HCLEN  code-length codes - 4          (4..19)
 *   3 * HCLEN   the code-length code's lengths, for its symbols in the order
 *               16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1 15 (absent: 0)
 *   ...         HLIT+257 literal/length then HDIST+1 distance code lengths,
 *               one sequence coded with the code-length code:
 *                 0-15  a code length
 *                 16    + 2 bits: the previous length 3-6 more times
 *                 17    + 3 bits: 3-10 zeros
 *                 18    + 7 bits: 11-138 zeros
 *
 * Symbols of a fixed or dynamic block: literal/length code, then
 *   0-255    a literal byte
 *   256      end of block
 *   257-285  a match length 3..258 (+ 0-5 extra bits), followed by a distance
 *            code 0-29 (+ 0-13 extra bits): distance 1..32768, never before
 *            the first byte of the chunk (there is no preset dictionary)
 * The fixed code (BTYPE 1): literal/lengths 0-143 in 8 bits, 144-255 in 9,
 * 256-279 in 7, 280-287 in 8 (286, 287 invalid); distances 0-31 in 5 bits
 * (30, 31 invalid).
 *
 * Design (speed with bounded, allocation-free work):
 *  - The bit buffer is 64 bits. Far from the end of the input it is refilled
 *    by one 8-byte little-endian load to hold 56..63 bits, enough for a whole
 *    length/distance pair (15+5+15+13 = 48 bits) without another refill.
 *  - Decode tables have 32-bit entries that carry the symbol's value, its
 *    code length and its extra-bit count, so a length or distance is decoded
 *    by one lookup and one shift. Literal/length: 11 index bits (2048 slots)
 *    plus subtables for longer codes; distance: 8 bits plus subtables.
 *  - A literal/length slot whose bits hold a literal's code and the whole
 *    next code holds both symbols: two literals, or a literal and a length
 *    (built when at least 1/16 of the slots would pair). On literal-heavy
 *    data one lookup then often yields two bytes, and a literal + short
 *    match costs two lookups instead of three. When the length's extra
 *    bits, the distance code and its extra bits fit too, and the match is
 *    3..10 bytes at distance 1..32, the slot holds all of it (a triple; the
 *    distance table is built first): one lookup per literal + match. On
 *    int32 counters (a literal and a 3-byte match 4 back, every 4 bytes)
 *    that took the inflater from 1.43x to 2.0x zlib.
 *  - The fast loop runs while >= 16 input bytes and >= 278 output bytes are
 *    left: no per-symbol bounds checks; up to three literal entries per
 *    refill; the next symbol's entry is looked up before a match is copied
 *    (the lookups form the critical dependency chain, the copy does not) and,
 *    when the buffer still holds its index bits, before the refill; matches
 *    are copied 16 bytes at a time (up to 15 bytes written past the match
 *    end, overwritten later), a distance of 1 as a repeated byte, 2-7 as
 *    8-byte moves a period apart (the first load made before the literal
 *    ahead of the match is stored, which then goes in by register: a load
 *    spanning a just-stored byte waits for the store to retire).
 *  - Near either end the careful loop checks every symbol: input past the
 *    end reads as zero bytes that are counted (virt), and consuming any of
 *    them is "truncated stream"; output is checked byte-exactly against cap.
 *  - Tables are rebuilt per dynamic block (the first level is filled by
 *    doubling, see h5l__infl_build); the fixed code's only when the previous
 *    block was not fixed.
 *  - Adler-32 is summed per block, while the block's output is in cache.
 *  Stack: about 12.2 KiB at the deepest (-fstack-usage, gcc and clang -O2,
 *  x86-64), of which h5l__infl_tabs is 11,856 bytes.
 *  No allocation, no mutable static state: thread-safe.
 *  Bytes of dst past the decoded length may be overwritten (scratch).
 * ====================================================================== */

#define H5L__INFL_ECORRUPT ((int)H5L_ECORRUPT)

#define H5L__INFL_LL_BITS 11u   /* first-level index bits, literal/length table */
#define H5L__INFL_D_BITS 8u     /* first-level index bits, distance table */
#define H5L__INFL_CL_BITS 7u    /* code-length codes are at most 7 bits: one level */
/* First level plus the most subtable entries any complete code can need
 * (286 codes of <= 15 bits: 2048 + 292; 30 codes: 256 + 144). These are
 * the exact worst cases (a search over canonical code shapes); the builder
 * still refuses to pass them. */
#define H5L__INFL_LL_SIZE 2340u
#define H5L__INFL_D_SIZE 400u
/* Fast loop margins: two 8-byte refills (each advances <= 7 bytes); two
 * literal entries of up to two literals each + the literal before a length
 * + a 258-byte match + 15 bytes of copy overrun. */
#define H5L__INFL_FAST_IN 16u
#define H5L__INFL_FAST_OUT (4u + 1u + 258u + 15u)

/* Decode table entry, 32 bits:
 *   bits 0-5    bits to drop: the code's length plus its extra bits (<= 28,
 *               so bit 5 is 0); a subtable link: the first-level index bits
 *   bit 6       not a literal, length or distance: a link, end of block or invalid
 *   bit 7       literal (one, or two: bit 13)
 *   bits 8-12   the code's length alone, where its extra bits start
 *               (a subtable link: the subtable's index bits; two literals:
 *               the first one's code length)
 *   bit 13      link to a subtable                (with bit 6)
 *               two literals                      (with bit 7)
 *   bit 14      end of block                      (with bit 6)
 *   bit 15      a triple: literal + length + distance (with bit 6;
 *               bits 8-12 then hold the literal's code length)
 *   bits 13-15  a length after a literal: the length code's own length
 *               (1-7; 0: no literal before it)
 *   bits 16-31  literal byte(s) (the first in 16-23, a second in 24-31) |
 *               literal/length table lengths: bits 16-23 the literal before
 *               it (or 0), bits 24-31 the length base - 3 |
 *               distance base | code-length symbol | subtable offset |
 *               a triple: bits 16-23 the literal, 24-26 the length - 3,
 *               27-31 the distance - 1 (extra bits already applied)
 * Literal/length first-level slots hold two symbols when both codes fit in
 * the index bits: two literals, or a literal and a length code (the
 * length's extra bits follow, counted in bits 0-5 and 8-12 as usual), or
 * three: a literal, a length and a distance (see h5l__infl_triple).
 * Subtable entries hold one symbol. Nothing sits in bit 5 of any entry:
 * shifting by (e & 63) then needs no masking on x86. */
#define H5L__IE_EXC 0x40u
#define H5L__IE_LIT 0x80u
#define H5L__IE_SUB 0x2000u
#define H5L__IE_TWO 0x2000u
#define H5L__IE_EOB 0x4000u
#define H5L__IE_L2MASK 0xe000u
#define H5L__IE_TRI 0x8000u
#define H5L__IE_NBITS(e) ((e) & 63u)
#define H5L__IE_CLEN(e) (((e) >> 8) & 31u)
#define H5L__IE_SUBBITS(e) (((e) >> 8) & 15u)
#define H5L__IE_L2(e) (((e) >> 13) & 7u)
#define H5L__IE_LEN(e) (((e) >> 24) + 3u)

#define H5L__IK_CL 0   /* table kinds: code-length code, literal/length, distance */
#define H5L__IK_LL 1
#define H5L__IK_D 2

typedef struct h5l__infl_tabs {
    uint32_t ll[H5L__INFL_LL_SIZE];   /* literal/length; holds the code-length code while a header is read */
    uint32_t d[H5L__INFL_D_SIZE];
    uint16_t sorted[288];             /* symbols in canonical code order (table building) */
    uint8_t lens[288 + 32];           /* literal/length then distance code lengths */
} h5l__infl_tabs;

/* Adler-32 (RFC 1950) of p[0..n) continuing from a (1 to start). Sums run
 * 5552 bytes between reductions (the most that cannot overflow 32 bits).
 * 64 bytes b_0..b_63 (eight 8-byte words) at a time: s1 gains sum(b), s2 gains
 *   64*s1 + sum((64-i) * b_i) = 64*s1 + 8*sum_j((7-j) * S_j) + sum_r((8-r) * B_r)
 * with S_j the sum of word j and B_r the sum of byte r of the eight words;
 * sum_j((7-j) * S_j) is the sum of the running sums C_0..C_6 (C_j = S_0+..+S_j).
 * Bytes go in 16-bit lanes (even bytes, odd bytes); lane-wise adds give
 * the B_r and the C_j, and a multiply by packed weights sums lanes times
 * weights into the top lane. No lane or top lane passes 16 bits (at most
 * 57120, for the C_j), so nothing carries: 4 multiplies per 64 bytes. */
#define H5L__ADLER_TOP(x, k) ((uint32_t)(((x) * (k)) >> 48))
static uint32_t h5l__adler32(uint32_t a, const uint8_t *p, size_t n)
{
    const uint64_t m = 0x00ff00ff00ff00ffull, ones = 0x0001000100010001ull;
    uint32_t s1 = a & 0xffffu, s2 = a >> 16;
    while (n) {
        size_t k = n < 5552u ? n : 5552u;
        n -= k;
        for (; k >= 64; k -= 64, p += 64) {
            uint64_t e, o, c, csum, w, ej, oj;
            /* word j: its even and odd bytes into e and o, C_j = c (C_7 is not summed) */
#define H5L__ADLER_WORD(j) (w = h5l__ld64(p + 8 * (j)), ej = w & m, oj = (w >> 8) & m, e += ej, o += oj, c += ej + oj)
            e = o = c = csum = 0;
            H5L__ADLER_WORD(0), csum = c;
            H5L__ADLER_WORD(1), csum += c;
            H5L__ADLER_WORD(2), csum += c;
            H5L__ADLER_WORD(3), csum += c;
            H5L__ADLER_WORD(4), csum += c;
            H5L__ADLER_WORD(5), csum += c;
            H5L__ADLER_WORD(6), csum += c;
            H5L__ADLER_WORD(7);
#undef H5L__ADLER_WORD
            s2 += 64u * s1 + 8u * H5L__ADLER_TOP(csum, ones) + H5L__ADLER_TOP(e, 0x0008000600040002ull) +
                  H5L__ADLER_TOP(o, 0x0007000500030001ull);
            s1 += H5L__ADLER_TOP(c, ones);
        }
        for (; k; k--) {
            s1 += *p++;
            s2 += s1;
        }
        s1 %= 65521u;
        s2 %= 65521u;
    }
    return (s2 << 16) | s1;
}
#undef H5L__ADLER_TOP

/* Copy 8 bytes; the order of the loads and stores is the program's (overlap-safe step by step). */
static void h5l__infl_mov8(uint8_t *d, const uint8_t *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    memcpy(d, &v, 8);
}

/* What the table says about symbol `sym` of a code of kind `kind`, before
 * its code length is added: value << 16 | flags | extra-bit count. */
static uint32_t h5l__infl_sym(unsigned kind, unsigned sym)
{
    /* RFC 1951 3.2.5: length codes 257..285 and distance codes 0..29 */
    static const uint16_t lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static const uint16_t dbase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                       193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    if (kind == H5L__IK_LL) {
        if (sym < 256) return H5L__IE_LIT | ((uint32_t)sym << 16);
        if (sym == 256) return H5L__IE_EXC | H5L__IE_EOB;
        if (sym < 286) return ((uint32_t)(lbase[sym - 257] - 3u) << 24) | lextra[sym - 257];
        return H5L__IE_EXC;                          /* 286, 287: part of the fixed code, never valid */
    }
    if (kind == H5L__IK_D) {
        if (sym < 30) return ((uint32_t)dbase[sym] << 16) | (sym < 4 ? 0u : sym / 2u - 1u);
        return H5L__IE_EXC;                          /* 30, 31 */
    }
    return (uint32_t)sym << 16;
}

/* The canonical code after `rev`, a code of `len` bits in bit-reversed
 * form (as the stream presents it): add one at the code's last bit, which
 * is bit len-1 of rev, carrying toward bit 0. Going on to a longer length
 * appends zeros to the code, which leaves the reversed form unchanged. */
static uint32_t h5l__infl_next_code(uint32_t rev, unsigned len)
{
    uint32_t bit = (uint32_t)1 << (len - 1);
    while (rev & bit) {
        rev ^= bit;
        bit >>= 1;
    }
    return rev | bit;
}

/* Build the decode table of the code whose code lengths are lens[0..nsym)
 * into tbl: 2^root first-level slots, then subtables, `limit` entries in
 * all. Returns 0, or -1 for lengths that do not make a usable code:
 * over-subscribed, or incomplete — except (as zlib does) a literal/length or
 * distance code with no codes or a single 1-bit code, whose missing codes
 * decode as invalid. */
/* The entry of first-level literal/length slot i that starts with literal
 * entry e1 (l1 bits) followed by length entry e2 (whose code fits): a
 * literal and a short match (a triple) when the length's extra bits, the
 * distance code that follows and its extra bits all fit in the slot's
 * index bits too and the match is 3..10 bytes at distance 1..32; otherwise
 * the literal and the length (a pair). dtab: the block's distance table,
 * already built (NULL: pairs only). */
static uint32_t h5l__infl_triple(const uint32_t *dtab, unsigned root, uint32_t i, uint32_t l1, uint32_t e1, uint32_t e2)
{
    uint32_t l2 = H5L__IE_CLEN(e2), n = l1 + H5L__IE_NBITS(e2), len, d, nd, dist, rest;
    uint32_t pair = e2 + l1 + (l1 << 8) + (l2 << 13) + (e1 & 0x00ff0000u);
    if (!dtab || n >= root) return pair;
    rest = i >> n;   /* the slot's index bits after the length's code and extra bits */
    len = H5L__IE_LEN(e2) + (((i >> l1) & ~(0xffffffffu << H5L__IE_NBITS(e2))) >> l2);
    d = dtab[rest & ((1u << H5L__INFL_D_BITS) - 1u)];
    if (len > 10u || (d & H5L__IE_EXC) || (nd = H5L__IE_NBITS(d)) > root - n) return pair;
    dist = (d >> 16) + ((rest & ~(0xffffffffu << nd)) >> H5L__IE_CLEN(d));
    if (dist > 32u) return pair;
    return H5L__IE_EXC | H5L__IE_TRI | (n + nd) | (l1 << 8) | (e1 & 0x00ff0000u) | ((len - 3u) << 24) | ((dist - 1u) << 27);
}

static int h5l__infl_build(uint32_t *tbl, unsigned root, unsigned limit, const uint8_t *lens, unsigned nsym,
                           unsigned kind, uint16_t *sorted, const uint32_t *dtab)
{
    unsigned count[16], offs[16], litcount[16], len, sym, i, k, maxlen = 0, minlen = 0, sub_bits = 0;
    uint32_t size = (uint32_t)1 << root, next = size, sub_off = 0, prefix = UINT32_MAX, rev = 0, filled = 0;
    int left = 1;

    memset(litcount, 0, sizeof litcount);
    for (sym = 0; sym < nsym && sym < 256; sym++) litcount[lens[sym]]++;
    memcpy(count, litcount, sizeof count);
    for (; sym < nsym; sym++) count[lens[sym]]++;
    for (len = 1; len <= 15; len++) {
        left = 2 * left - (int)count[len];   /* codes of this length still free */
        if (left < 0) return -1;             /* over-subscribed */
        if (count[len]) maxlen = len;
        if (count[len] && !minlen) minlen = len;
    }
    if (left > 0) {
        /* incomplete: only no code, or one 1-bit code (its code is 0) */
        if (kind == H5L__IK_CL || maxlen > 1) return -1;
        for (i = 0; i < size; i++) tbl[i] = H5L__IE_EXC | 1u;
        for (sym = 0; sym < nsym; sym++)
            if (lens[sym])
                for (i = 0; i < size; i += 2) tbl[i] = h5l__infl_sym(kind, sym) + 1u + (1u << 8);
        return 0;
    }
    offs[1] = 0;
    for (len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
    for (sym = 0; sym < nsym; sym++)
        if (lens[sym]) sorted[offs[lens[sym]]++] = (uint16_t)sym;

    /* Codes in canonical order: shorter first, then by symbol. A code of
     * `len` <= root bits owns the first-level slots whose low len bits are
     * its reversed code. While the codes of length len are placed, only
     * tbl[0..2^len) is kept: each code is written once, and going to a
     * longer length doubles the filled part (slot j and j + 2^len agree in
     * their low len bits). Slots left for longer codes are overwritten. */
    for (len = 1, i = 0; len <= maxlen && len <= root; len++) {
        if (!count[len]) continue;
        if (!filled) filled = (uint32_t)1 << len;
        for (; filled < ((uint32_t)1 << len); filled *= 2) memcpy(tbl + filled, tbl, filled * sizeof *tbl);
        for (k = 0; k < count[len]; k++, i++) {
            tbl[rev] = h5l__infl_sym(kind, sorted[i]) + len + (len << 8);
            rev = h5l__infl_next_code(rev, len);
        }
    }
    for (; filled && filled < size; filled *= 2) memcpy(tbl + filled, tbl, filled * sizeof *tbl);

    /* Longer codes: a first-level slot links to a subtable indexed by the
     * code's next bits. */
    for (len = root + 1; len <= maxlen; len++) {
        unsigned sub_len = len - root;
        for (k = 0; k < count[len]; k++, i++) {
            uint32_t e = h5l__infl_sym(kind, sorted[i]) + sub_len + (sub_len << 8), j;
            if ((rev & (size - 1)) != prefix) {
                /* A new subtable: as deep as the codes from here on need
                 * to fill this first-level slot (canonical order puts all
                 * codes under one slot next to each other). */
                int room = 1 << sub_len;
                unsigned l = len;
                for (;;) {
                    room -= (int)(count[l] - (l == len ? k : 0u));
                    if (room <= 0 || l == 15) break;
                    l++;
                    room *= 2;
                }
                sub_bits = l - root;
                if (next + ((uint32_t)1 << sub_bits) > limit) return -1;   /* cannot happen, see H5L__INFL_LL_SIZE */
                prefix = rev & (size - 1);
                sub_off = next;
                next += (uint32_t)1 << sub_bits;
                tbl[prefix] = H5L__IE_EXC | H5L__IE_SUB | root | ((uint32_t)sub_bits << 8) | (sub_off << 16);
            }
            for (j = rev >> root; j < ((uint32_t)1 << sub_bits); j += (uint32_t)1 << sub_len) tbl[sub_off + j] = e;
            rev = h5l__infl_next_code(rev, len);
        }
    }

    /* Literal/length pairs (see the entry layout): a first-level slot i
     * that starts with a literal of l1 bits is followed by the code that
     * slot i >> l1 decodes (its low root - l1 bits are i's next bits); if
     * that code is a literal or a length and fits in them, slot i holds
     * both. Slots go downward, so slot i >> l1 (below i, or i itself when
     * i is 0) still holds one symbol when it is read. */
    if (kind == H5L__IK_LL && 2u * minlen <= root) {
        /* Worth it? Count the slots that would hold pairs (a literal code
         * of l1 bits and any code of l2 <= root - l1 bits: 2^(root-l1-l2)
         * slots each); at under 1/16 of the table the pass costs more than
         * it saves (a code's slots are about as likely as they are many). */
        uint32_t pairs = 0;
        for (len = minlen; len + minlen <= root; len++) {
            uint32_t fits = 0;
            for (k = minlen; len + k <= root; k++) fits += count[k] << (root - len - k);
            pairs += litcount[len] * fits;
        }
        if (pairs < size / 16u) return 0;
        for (i = size; i-- > 0;) {
            uint32_t e1 = tbl[i], e2, l1, l2;
            if (!(e1 & H5L__IE_LIT)) continue;
            l1 = H5L__IE_NBITS(e1);
            e2 = tbl[i >> l1];
            if (e2 & H5L__IE_LIT) {
                l2 = H5L__IE_NBITS(e2);
                if (l1 + l2 <= root) tbl[i] = e1 + l2 + H5L__IE_TWO + ((e2 << 8) & 0xff000000u);
            } else if (!(e2 & H5L__IE_EXC)) {
                l2 = H5L__IE_CLEN(e2);
                if (l1 + l2 <= root && l2 <= 7u) tbl[i] = h5l__infl_triple(dtab, root, i, l1, e1, e2);
            }
        }
    }
    return 0;
}

/* Bit buffer helpers for h5l__inflate_raw (locals in, iend, bb, bc, virt).
 * FILL: make 56 <= bc <= 63 (bc never reaches 64, so every shift by bc is
 * defined). Far from the end one 8-byte load does it (the bits
 * above bc that it also sets are the stream's next bits, so OR-ing them in
 * again later changes nothing); near the end, byte by byte, and past the end
 * zero bytes, counted in virt. Consuming them is detected by bc < 8 * virt. */
#define H5L__INFL_FILL()                                                      \
    do {                                                                      \
        if ((size_t)(iend - in) >= 8) {                                       \
            bb |= h5l__ld64(in) << bc;                                   \
            in += (63u - bc) >> 3;                                            \
            bc |= 56u;                                                        \
        } else {                                                              \
            while (bc < 56u) {                                                \
                if (in != iend) bb |= (uint64_t)*in++ << bc;                  \
                else virt++;                                                  \
                bc += 8u;                                                     \
            }                                                                 \
        }                                                                     \
    } while (0)
#define H5L__INFL_DROP(nb) do { unsigned n_ = (nb); bb >>= n_; bc -= n_; } while (0)
#define H5L__INFL_OVERRUN() (bc < 8u * virt)
/* the extra bits of entry e: bits CLEN..NBITS of the buffer */
#define H5L__INFL_EXTRA(e) \
    (((uint32_t)bb & ~(0xffffffffu << ((e) & 31u))) >> H5L__IE_CLEN(e))
#define H5L__INFL_FAIL(text) do { msg = (text); goto fail; } while (0)
/* a bad code in the careful loop, where the input may have run out */
#define H5L__INFL_FAIL_NEAR_END(text) \
    H5L__INFL_FAIL(virt && bc < 8u * virt + 15u ? "truncated stream" : (text))

/* Decode raw deflate data src[0..n) into dst[0..cap). On success returns 0,
 * *out_len = bytes decoded and *used = input bytes up to the end of the
 * last block, rounded up to a byte. adler, when not NULL, is updated with
 * the decoded bytes. On failure returns H5L__INFL_ECORRUPT with *why set. */
/* x86-64 under GCC or Clang: the inflater is compiled twice, the second
 * copy for BMI2 (shifts by a register count without the CL register: the
 * bit buffer's shift is on the decoding chain, ~4% on literal-heavy
 * chunks), and each call takes the one the CPU runs. -DH5L_NO_BMI2: one. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(H5L_NO_BMI2) && (defined(__linux__) || defined(__FreeBSD__))
#  define H5L__INFL_BMI2 1
#  define H5L__INFL_BODY static inline __attribute__((always_inline))
#else
#  define H5L__INFL_BODY static
#  define h5l__inflate_raw_body h5l__inflate_raw
#endif
H5L__INFL_BODY int h5l__inflate_raw_body(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *used, size_t *out_len,
                                         uint32_t *adler, const char **why)
{
    h5l__infl_tabs t;
    const uint8_t *in = src, *const iend = src + n;
    uint8_t dummy[1];
    uint8_t *out, *oend, *blk;
    uint64_t bb = 0;          /* bit buffer: the stream's next bc bits, from bit 0 up */
    unsigned bc = 0;
    size_t virt = 0;          /* zero bytes counted into bb past the end of the input */
    unsigned final, type, fixed = 0;
    const uint8_t *ilim;      /* in < ilim: at least H5L__INFL_FAST_IN bytes left */
    uint8_t *olim;            /* out < olim: at least H5L__INFL_FAST_OUT bytes of room */
    const char *msg;

    if (!dst) {               /* no output buffer: nothing may be decoded (and no NULL arithmetic) */
        dst = dummy;
        cap = 0;
    }
    out = dst;
    oend = dst + cap;
    /* (pointers formed only inside the buffers; else the fast loop never runs) */
    ilim = n >= H5L__INFL_FAST_IN ? iend - (H5L__INFL_FAST_IN - 1u) : src;
    olim = cap >= H5L__INFL_FAST_OUT ? oend - (H5L__INFL_FAST_OUT - 1u) : dst;
    do {
        H5L__INFL_FILL();
        final = (unsigned)bb & 1u;
        type = ((unsigned)bb >> 1) & 3u;
        H5L__INFL_DROP(3);
        if (H5L__INFL_OVERRUN()) goto truncated;
        blk = out;
        if (type == 0) {
            /* stored: to the byte boundary, then give the whole bytes still
             * in the bit buffer back to the input */
            size_t len;
            H5L__INFL_DROP(bc & 7u);
            in -= (bc >> 3) - virt;
            bb = 0;
            bc = 0;
            virt = 0;
            if ((size_t)(iend - in) < 4) goto truncated;
            len = h5l__ld16(in);
            if ((len ^ 0xffffu) != h5l__ld16(in + 2)) H5L__INFL_FAIL("stored block length mismatch (NLEN != ~LEN)");
            in += 4;
            if ((size_t)(iend - in) < len) goto truncated;
            if ((size_t)(oend - out) < len) goto exceeds;
            if (len) memcpy(out, in, len);
            out += len;
            in += len;
        } else {
            if (type == 3) H5L__INFL_FAIL("invalid block type 3");
            if (type == 1) {
                if (!fixed) {
                    memset(t.lens, 8, 144);
                    memset(t.lens + 144, 9, 112);
                    memset(t.lens + 256, 7, 24);
                    memset(t.lens + 280, 8, 8);
                    memset(t.lens + 288, 5, 32);
                    if (h5l__infl_build(t.d, H5L__INFL_D_BITS, H5L__INFL_D_SIZE, t.lens + 288, 32, H5L__IK_D, t.sorted, NULL) ||
                        h5l__infl_build(t.ll, H5L__INFL_LL_BITS, H5L__INFL_LL_SIZE, t.lens, 288, H5L__IK_LL, t.sorted, t.d))
                        H5L__INFL_FAIL("internal error: fixed code");   /* cannot happen */
                    fixed = 1;
                }
            } else {
                static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
                uint8_t clens[19];
                unsigned nlit, ndist, nclen, i;
                fixed = 0;
                H5L__INFL_FILL();
                nlit = ((unsigned)bb & 31u) + 257u;
                ndist = (((unsigned)bb >> 5) & 31u) + 1u;
                nclen = (((unsigned)bb >> 10) & 15u) + 4u;
                H5L__INFL_DROP(14);
                if (nlit > 286 || ndist > 30) H5L__INFL_FAIL("too many length or distance codes");
                memset(clens, 0, sizeof clens);
                for (i = 0; i < nclen; i++) {
                    if (bc < 3) H5L__INFL_FILL();
                    clens[order[i]] = (uint8_t)(bb & 7u);
                    H5L__INFL_DROP(3);
                }
                if (H5L__INFL_OVERRUN()) goto truncated;
                if (h5l__infl_build(t.ll, H5L__INFL_CL_BITS, 1u << H5L__INFL_CL_BITS, clens, 19, H5L__IK_CL, t.sorted, NULL))
                    H5L__INFL_FAIL("bad Huffman code lengths (code-length code)");
                for (i = 0; i < nlit + ndist;) {
                    uint32_t e;
                    unsigned sym, rep;
                    uint8_t v;
                    H5L__INFL_FILL();   /* 7-bit code + 7 extra bits at most */
                    e = t.ll[bb & ((1u << H5L__INFL_CL_BITS) - 1u)];
                    H5L__INFL_DROP(H5L__IE_NBITS(e));
                    sym = e >> 16;
                    if (sym < 16) {
                        t.lens[i++] = (uint8_t)sym;
                        continue;
                    }
                    if (sym == 16) {
                        if (i == 0) H5L__INFL_FAIL("code length repeat with no previous length");
                        v = t.lens[i - 1];
                        rep = 3u + ((unsigned)bb & 3u);
                        H5L__INFL_DROP(2);
                    } else if (sym == 17) {
                        v = 0;
                        rep = 3u + ((unsigned)bb & 7u);
                        H5L__INFL_DROP(3);
                    } else {
                        v = 0;
                        rep = 11u + ((unsigned)bb & 127u);
                        H5L__INFL_DROP(7);
                    }
                    if (rep > nlit + ndist - i) H5L__INFL_FAIL("code length repeat past the last code");
                    memset(t.lens + i, v, rep);
                    i += rep;
                }
                if (H5L__INFL_OVERRUN()) goto truncated;
                if (t.lens[256] == 0) H5L__INFL_FAIL("no end-of-block code");
                if (h5l__infl_build(t.d, H5L__INFL_D_BITS, H5L__INFL_D_SIZE, t.lens + nlit, ndist, H5L__IK_D, t.sorted, NULL))
                    H5L__INFL_FAIL("bad Huffman code lengths (distance code)");
                if (h5l__infl_build(t.ll, H5L__INFL_LL_BITS, H5L__INFL_LL_SIZE, t.lens, nlit, H5L__IK_LL, t.sorted, t.d))
                    H5L__INFL_FAIL("bad Huffman code lengths (literal/length code)");
            }

            /* ---- fast loop: no bounds checks inside (see the margins) ----
             * At the top of each round the buffer holds >= 56 bits and e is
             * the literal/length entry they start with: the next entry is
             * looked up before a match is copied, so the decoding chain
             * does not wait behind the copy. Only the low 6 bits of bc
             * count here: dropping subtracts a whole entry (its low 6 bits
             * are the count, and borrows only move upward), shifts use
             * bc & 63, which x86 does for free. */
#define H5L__INFL_REFILL_FAST() \
    (bb |= h5l__ld64(in) << (bc & 63u), in += ((bc & 63u) ^ 63u) >> 3, bc |= 56u)
#define H5L__INFL_DROP_FAST(e) (bb >>= (e) & 63u, bc -= (e))
#define H5L__INFL_LOOKUP() (t.ll[bb & ((1u << H5L__INFL_LL_BITS) - 1u)])
/* a literal entry: its literal, and the second one when it holds two (a
 * branch: cheaper on literal-heavy data than two stores and a computed step) */
#define H5L__INFL_PUT_LITS(e) (*out++ = (uint8_t)((e) >> 16), ((e) & H5L__IE_TWO) ? (void)(*out++ = (uint8_t)((e) >> 24)) : (void)0)
            if (in < ilim && out < olim) {
                uint32_t e;
                H5L__INFL_REFILL_FAST();
                e = H5L__INFL_LOOKUP();
                while (in < ilim && out < olim) {
                    uint32_t de, dist, len;
                    const uint8_t *s;
                    uint8_t *mend, lit;
                    unsigned haslit;
                    if (e & H5L__IE_LIT) {
                        /* up to three first-level literal entries per refill
                         * (3 x 11 bits), one or two literals each */
                        H5L__INFL_DROP_FAST(e);
                        H5L__INFL_PUT_LITS(e);
                        e = H5L__INFL_LOOKUP();
                        if (e & H5L__IE_LIT) {
                            H5L__INFL_DROP_FAST(e);
                            H5L__INFL_PUT_LITS(e);
                            e = H5L__INFL_LOOKUP();
                            if (e & H5L__IE_LIT) {
                                H5L__INFL_DROP_FAST(e);
                                H5L__INFL_PUT_LITS(e);
                                e = H5L__INFL_LOOKUP();   /* >= 23 bits left: before the refill */
                                H5L__INFL_REFILL_FAST();
                                continue;
                            }
                        }
                        H5L__INFL_REFILL_FAST();   /* back to >= 56 bits for a match */
                    }
                    if (e & H5L__IE_EXC) {
                        if (e & H5L__IE_TRI) {
                            /* a literal and a short match, all in the entry:
                             * no distance lookup on the decoding chain */
                            lit = (uint8_t)(e >> 16);
                            haslit = 1;
                            out += 1;
                            len = ((e >> 24) & 7u) + 3u;
                            dist = (e >> 27) + 1u;
                            H5L__INFL_DROP_FAST(e);
                            goto match;
                        }
                        if (e & H5L__IE_SUB) {
                            H5L__INFL_DROP_FAST(e);
                            e = t.ll[(e >> 16) + ((uint32_t)bb & (((uint32_t)1 << H5L__IE_SUBBITS(e)) - 1u))];
                            if (e & H5L__IE_LIT) {
                                H5L__INFL_DROP_FAST(e);
                                *out++ = (uint8_t)(e >> 16);
                                e = H5L__INFL_LOOKUP();   /* >= 41 bits left */
                                H5L__INFL_REFILL_FAST();
                                continue;
                            }
                        }
                        if (e & H5L__IE_EXC) {
                            if (e & H5L__IE_EOB) {
                                H5L__INFL_DROP_FAST(e);
                                bc &= 63u;
                                goto block_done;
                            }
                            H5L__INFL_FAIL("invalid literal/length code");
                        }
                    }
                    /* a length, maybe after a literal: the literal is
                     * stored below, with the match (see the period copy) */
                    lit = (uint8_t)(e >> 16);
                    haslit = (e & H5L__IE_L2MASK) != 0;
                    out += haslit;
                    len = H5L__IE_LEN(e) + H5L__INFL_EXTRA(e);
                    H5L__INFL_DROP_FAST(e);
                    de = t.d[bb & ((1u << H5L__INFL_D_BITS) - 1u)];
                    if (de & H5L__IE_EXC) {
                        if (!(de & H5L__IE_SUB)) H5L__INFL_FAIL("invalid distance code");
                        H5L__INFL_DROP_FAST(de);
                        de = t.d[(de >> 16) + ((uint32_t)bb & (((uint32_t)1 << H5L__IE_SUBBITS(de)) - 1u))];
                        if (de & H5L__IE_EXC) H5L__INFL_FAIL("invalid distance code");
                    }
                    dist = (de >> 16) + H5L__INFL_EXTRA(de);
                    H5L__INFL_DROP_FAST(de);
                match:
                    {
                        /* The next entry, looked up before the refill (the
                         * second of a round at most) when the buffer still
                         * holds its index bits (nearly always): the lookup
                         * does not wait for the refill's shift and OR. */
                        unsigned have = bc & 63u;
                        e = H5L__INFL_LOOKUP();
                        H5L__INFL_REFILL_FAST();
                        if (have < H5L__INFL_LL_BITS) e = H5L__INFL_LOOKUP();
                    }
                    if (dist > (size_t)(out - dst)) H5L__INFL_FAIL("distance too far back");
                    /* copy with overrun: writes up to 15 bytes past mend */
                    s = out - dist;
                    mend = out + len;
                    if (dist - 2u < 6u) {
                        /* period 2..7: 8 bytes at a time, a period apart;
                         * each load's first `dist` bytes are final. The
                         * first load is made before the literal is stored
                         * and the literal put into it in a register: a load
                         * that spans a just-stored byte cannot be forwarded
                         * from the store and waits for it to reach the
                         * cache (~60% of the time on int32 counters, where
                         * every 4 bytes are a literal and a match 4 back).
                         * Later loads read exactly the last 8-byte store. */
                        uint64_t v = h5l__ld64(s), m = ((uint64_t)0 - haslit) & ((uint64_t)0xffu << (8u * (dist - 1u)));
                        v = (v & ~m) | (((uint64_t)lit << (8u * (dist - 1u))) & m);
                        *(out - haslit) = lit;
                        h5l__st64(out, v);
                        for (out += dist; out < mend; out += dist) h5l__infl_mov8(out, out - dist);
                    } else if (dist >= 8) {
                        *(out - haslit) = lit;   /* no literal: overwritten by the match */
                        do {
                            h5l__infl_mov8(out, s);
                            h5l__infl_mov8(out + 8, s + 8);
                            out += 16;
                            s += 16;
                        } while (out < mend);
                    } else {   /* dist == 1: the literal, if any, is the byte repeated */
                        uint64_t v;
                        *(out - haslit) = lit;
                        v = (uint64_t)s[0] * 0x0101010101010101ull;
                        do {
                            memcpy(out, &v, 8);
                            memcpy(out + 8, &v, 8);
                            out += 16;
                        } while (out < mend);
                    }
                    out = mend;
                }
            }
            bc &= 63u;
#undef H5L__INFL_REFILL_FAST
#undef H5L__INFL_DROP_FAST
#undef H5L__INFL_LOOKUP
#undef H5L__INFL_PUT_LITS

            /* ---- careful loop: every symbol checked against both ends ---- */
            for (;;) {
                uint32_t e, de, dist, len;
                const uint8_t *s;
                H5L__INFL_FILL();
                e = t.ll[bb & ((1u << H5L__INFL_LL_BITS) - 1u)];
                if ((e & (H5L__IE_EXC | H5L__IE_SUB)) == (H5L__IE_EXC | H5L__IE_SUB)) {
                    H5L__INFL_DROP(H5L__IE_NBITS(e));
                    e = t.ll[(e >> 16) + ((uint32_t)bb & (((uint32_t)1 << H5L__IE_SUBBITS(e)) - 1u))];
                }
                if ((!(e & H5L__IE_EXC) && (e & (H5L__IE_LIT | H5L__IE_L2MASK))) ||
                    (e & (H5L__IE_EXC | H5L__IE_TRI)) == (H5L__IE_EXC | H5L__IE_TRI)) {
                    /* one symbol at a time: a pair's or a triple's first literal only */
                    H5L__INFL_DROP((e & (H5L__IE_LIT | H5L__IE_EXC)) ? H5L__IE_CLEN(e) : H5L__IE_CLEN(e) - H5L__IE_L2(e));
                    if (H5L__INFL_OVERRUN()) goto truncated;
                    if (out == oend) goto exceeds;
                    *out++ = (uint8_t)(e >> 16);
                    continue;
                }
                if (e & H5L__IE_EXC) {
                    if (e & H5L__IE_EOB) {
                        H5L__INFL_DROP(H5L__IE_NBITS(e));
                        if (H5L__INFL_OVERRUN()) goto truncated;
                        break;
                    }
                    H5L__INFL_FAIL_NEAR_END("invalid literal/length code");
                }
                len = H5L__IE_LEN(e) + H5L__INFL_EXTRA(e);
                H5L__INFL_DROP(H5L__IE_NBITS(e));
                de = t.d[bb & ((1u << H5L__INFL_D_BITS) - 1u)];
                if (de & H5L__IE_SUB) {
                    H5L__INFL_DROP(H5L__IE_NBITS(de));
                    de = t.d[(de >> 16) + ((uint32_t)bb & (((uint32_t)1 << H5L__IE_SUBBITS(de)) - 1u))];
                }
                if (de & H5L__IE_EXC) H5L__INFL_FAIL_NEAR_END("invalid distance code");
                dist = (de >> 16) + H5L__INFL_EXTRA(de);
                H5L__INFL_DROP(H5L__IE_NBITS(de));
                if (H5L__INFL_OVERRUN()) goto truncated;
                if (dist > (size_t)(out - dst)) H5L__INFL_FAIL("distance too far back");
                if (len > (size_t)(oend - out)) goto exceeds;
                s = out - dist;
                while (len--) *out++ = *s++;
            }
        }
    block_done:
        if (adler) *adler = h5l__adler32(*adler, blk, (size_t)(out - blk));
    } while (!final);

    /* to the byte boundary; whole bytes left in the bit buffer go back to the input */
    if (H5L__INFL_OVERRUN()) goto truncated;
    H5L__INFL_DROP(bc & 7u);
    in -= (bc >> 3) - virt;
    *used = (size_t)(in - src);
    *out_len = (size_t)(out - dst);
    return 0;

truncated:
    msg = "truncated stream";
    goto fail;
exceeds:
    msg = "output exceeds the chunk size";
fail:
    *why = msg;
    return H5L__INFL_ECORRUPT;
}

#undef H5L__INFL_FILL
#undef H5L__INFL_DROP
#undef H5L__INFL_OVERRUN
#undef H5L__INFL_EXTRA
#undef H5L__INFL_FAIL
#undef H5L__INFL_FAIL_NEAR_END

#if defined(H5L__INFL_BMI2)
__attribute__((target("bmi2"))) static int h5l__inflate_raw_bmi2(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *used,
                                                                 size_t *out_len, uint32_t *adler, const char **why)
{
    return h5l__inflate_raw_body(src, n, dst, cap, used, out_len, adler, why);
}
static int h5l__inflate_raw_plain(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *used, size_t *out_len,
                                  uint32_t *adler, const char **why)
{
    return h5l__inflate_raw_body(src, n, dst, cap, used, out_len, adler, why);
}
static int h5l__inflate_raw(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *used, size_t *out_len, uint32_t *adler,
                            const char **why)
{
    return __builtin_cpu_supports("bmi2") ? h5l__inflate_raw_bmi2(src, n, dst, cap, used, out_len, adler, why)
                                          : h5l__inflate_raw_plain(src, n, dst, cap, used, out_len, adler, why);
}
#endif

/* Decode one zlib stream (RFC 1950 header, RFC 1951 data, Adler-32 checked)
 * from src[0..n) into dst[0..cap). Returns 0 and *out_len on success; on
 * failure returns H5L__INFL_ECORRUPT (bad stream, checksum mismatch,
 * truncated input, output would exceed cap), sets *out_len to 0 and *why to
 * a static English phrase. Bytes after the Adler-32 trailer are ignored
 * (libhdf5 ignores them too). Never reads src past n, never writes dst past
 * cap (but dst[*out_len..cap) may be overwritten). */
static int h5l__inflate(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *out_len, const char **why)
{
    unsigned cmf, flg;
    size_t used = 0, len = 0;
    uint32_t a = 1;
    int rc;

    *out_len = 0;
    if (n < 2) {
        *why = "truncated stream";
        return H5L__INFL_ECORRUPT;
    }
    cmf = src[0];
    flg = src[1];
    if ((cmf * 256u + flg) % 31u) *why = "bad zlib header check (FCHECK)";
    else if ((cmf & 15u) != 8u) *why = "zlib header: not deflate (CM != 8)";
    else if ((cmf >> 4) > 7u) *why = "zlib header: window over 32 KiB (CINFO > 7)";
    else if (flg & 0x20u) *why = "zlib header: preset dictionary (FDICT) not supported";
    else {
        rc = h5l__inflate_raw(src + 2, n - 2, dst, cap, &used, &len, &a, why);
        if (rc) return rc;
        if (n - 2 - used < 4) *why = "truncated stream";
        else if (((uint32_t)src[2 + used] << 24 | (uint32_t)src[3 + used] << 16 | (uint32_t)src[4 + used] << 8 |
                  (uint32_t)src[5 + used]) != a)
            *why = "Adler-32 mismatch";
        else {
            *out_len = len;
            return 0;
        }
    }
    return H5L__INFL_ECORRUPT;
}

/* ======================================================================
 * FILTERS 2, 3, 5, 6, 32000 — shuffle, fletcher32, n-bit, scale-offset, LZF
 *
 * Reading a filtered chunk runs its pipeline backwards: the stored bytes go
 * through the LAST filter of the pipeline message first. A filter whose bit
 * is set in the chunk's filter mask (bit i = filter i of the message) was
 * skipped when the chunk was written (an optional filter that failed, e.g.
 * LZF on incompressible data) and is skipped again when reading.
 *
 * Shared conventions of this section:
 *   - src[0..n) is read and dst[0..cap) written, never beyond; src and dst
 *     never overlap. *out_n receives the number of bytes produced (0 on
 *     failure). The LZF decoder may also write dst[*out_n..cap) (it copies
 *     in 8- and 32-byte blocks): scratch, not preserved.
 *   - cd[0..ncd) are the filter's client data values exactly as in the
 *     pipeline message. They are hostile input: every count and range is
 *     checked before use.
 *   - Return 0 on success; otherwise (int)H5L_ECORRUPT (bad bytes or bad
 *     parameters), (int)H5L_EUNSUPPORTED (valid but not implemented), or
 *     H5L__FILT_NOFIT (an encoder's output would not fit in cap: store the
 *     chunk unfiltered and set its filter-mask bit), with *why set to a
 *     static English phrase. why may be NULL.
 *   - No allocation, no libm, no mutable static state (thread-safe), no
 *     assumption on the host's byte order: every multi-byte value is
 *     assembled from bytes in an explicit order. Floats are handled through
 *     their bits (IEEE 754, same byte order as integers of their size).
 * ====================================================================== */

#define H5L__FILT_NOFIT (-1)

#define H5L__FILT_FAIL(code, text) \
    do { if (why) *why = (text); *out_n = 0; return (int)(code); } while (0)
#define H5L__FILT_CORRUPT(text) H5L__FILT_FAIL(H5L_ECORRUPT, text)

/* ======================================================================
 * FILTER 1 — DEFLATE: encoding zlib streams (deflate)
 *
 * What h5l__deflate writes (RFC 1950 around RFC 1951):
 *
 *   byte 0      CMF  = 0x78           CM = 8 (deflate), CINFO = 7 (32 KiB window)
 *   byte 1      FLG  = 0x01 | 0x5e | 0x9c | 0xda
 *                      FLEVEL (bits 6-7) = 0 for level 1, 1 for 2-5, 2 for 6,
 *                      3 for 7-9; FDICT = 0; FCHECK makes (CMF*256+FLG) % 31 == 0
 *   bytes 2..   deflate blocks, a bit stream read from the least significant
 *               bit of each byte up
 *   last 4      Adler-32 of the input, most significant byte first
 *
 * Every block opens with 3 bits: BFINAL (1 on the last block), then BTYPE
 * (2 bits, low bit first): 00 stored, 01 fixed Huffman, 10 dynamic Huffman.
 * Numbers that are not Huffman codes (extra bits, counts) go in low bit
 * first; Huffman codes go in from their first (most significant) bit, so
 * this encoder keeps each code bit-reversed and shifts it in whole.
 *
 *   stored    BFINAL 00 | zero bits up to the byte boundary |
 *             LEN (2 bytes LE, <= 65535) | NLEN = ~LEN (2 bytes LE) | LEN raw bytes
 *   fixed     BFINAL 10 (bits: 1 then 0) | symbols | end-of-block (256)
 *             literal/length code lengths: 0-143: 8, 144-255: 9, 256-279: 7,
 *             280-287: 8; distance codes: 5 bits each
 *   dynamic   BFINAL 01 (bits: 0 then 1) |
 *             HLIT  5 bits = (literal/length codes sent) - 257     (257..286)
 *             HDIST 5 bits = (distance codes sent) - 1             (1..30)
 *             HCLEN 4 bits = (code-length code lengths sent) - 4   (4..19)
 *             HCLEN+4 x 3 bits: code-length code lengths, in the order
 *                16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1 15
 *             HLIT+257 + HDIST+1 code lengths as one run-length coded
 *             sequence of code-length symbols (a run may cross from the
 *             literal/length lengths into the distance lengths):
 *                0..15  that length
 *                16     previous length again 3..6 times   (2 extra bits)
 *                17     zero 3..10 times                   (3 extra bits)
 *                18     zero 11..138 times                 (7 extra bits)
 *             symbols | end-of-block (256)
 *
 *   symbol    literal byte:  its literal/length code (0..255)
 *             match:         length code (257..285) + its extra bits,
 *                            distance code (0..29) + its extra bits
 *
 * How it gets there:
 *   - Parsing (LZ77). Level 1: greedy, one table of the last position per
 *     4-byte hash and one of the last position per 3-byte hash (for near
 *     3-byte matches, which matter on unshuffled floats); the first 8
 *     positions of each match are entered too. Besides the newest position
 *     it tries the last match start with the same 4-byte hash and the last
 *     match's distance, and takes the longest (regular text: see
 *     h5l__defl_fast). Levels 2-9: hash chains
 *     keyed by 4 bytes (head table + a 32 Ki ring of 16-bit backward steps,
 *     so positions are absolute and nothing ever slides) searched up to a
 *     per-level depth, plus the last match's distance, plus the 3-byte
 *     table when the chains find nothing;
 *     levels 2-3 take the first good match (greedy), 4-9 hold each match
 *     for one byte to see if the next position starts a longer one (lazy).
 *     A 3-byte match more than 4 KiB back is never used: it costs more bits
 *     than three literals. After 256 positions in a row without a match
 *     the scan steps over 2 bytes at a time, after 512 three, ... up to 32
 *     (skipped bytes go out as literals; the first match resets it), which
 *     makes incompressible stretches (random mantissa bytes) cheap.
 *   - Symbols go into a block buffer (one 32-bit word each, with their
 *     Huffman symbols and extra bits already worked out) while their
 *     frequencies are counted. A block closes when the buffer is full or
 *     when the statistics of the latest symbols drift away from those of
 *     the block so far (see h5l__defl_drift).
 *   - Each block is costed in bits exactly three ways: dynamic Huffman
 *     (length-limited codes: Moffat-Katajainen in-place code lengths, then
 *     over-long codes pulled up to 15 bits, 7 for the code-length code, by
 *     moving pairs of leaves while keeping the code complete), the fixed
 *     code, and stored; the cheapest is written. Stored blocks are held
 *     back and merged with following stored blocks, so incompressible data
 *     costs 5 bytes per 64 KiB.
 *   - Output: a 64-bit bit buffer emptied in whole bytes by one 8-byte
 *     store while at least 8 bytes of room are left, byte by byte after
 *     that. A block is written only after its exact size is checked
 *     against the room left, so nothing is written past cap; when it does
 *     not fit the encoder stops with H5L__FILT_NOFIT.
 *
 * Decisions depend only on the input bytes, n and the level (never on cap,
 * the work area's contents or the host): the output is identical everywhere.
 * No allocation, no mutable static state: thread-safe.
 * ====================================================================== */

#define H5L__DEFL_WIN 32768u        /* farthest distance */
#define H5L__DEFL_WMASK 32767u
#define H5L__DEFL_MAXLEN 258u       /* longest match */
#define H5L__DEFL_TOOFAR 4096u      /* 3-byte matches farther than this are dropped */
#define H5L__DEFL_ITEMS 32768u      /* most symbols in one block */
#define H5L__DEFL_SLACK 64u         /* room past H5L__DEFL_ITEMS for a run of literals */
#define H5L__DEFL_STORED_MAX 65535u /* most bytes in one stored block */

/* A block symbol, 32 bits:
 *   bits 0-8    literal/length symbol (0..255 literal, 257..285 length)
 *   bits 9-13   distance symbol (matches)
 *   bits 14-18  length extra bits (their value)
 *   bits 19-31  distance extra bits (their value) */
#define H5L__DEFL_LIT(c) ((uint32_t)(c))

/* len - 3 (0..255) -> length symbol - 257 */
static const uint8_t h5l__defl_lsym[256] = {
    0,1,2,3,4,5,6,7,8,8,9,9,10,10,11,11,12,12,12,12,13,13,13,13,14,14,14,14,15,15,15,15,
    16,16,16,16,16,16,16,16,17,17,17,17,17,17,17,17,18,18,18,18,18,18,18,18,19,19,19,19,19,19,19,19,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    22,22,22,22,22,22,22,22,22,22,22,22,22,22,22,22,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,23,
    24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,
    25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,28,
};
/* distance - 1 = x -> distance symbol: [x] for x < 256, [256 + (x >> 7)] above
 * (every distance code from 16 up starts at a multiple of 128) */
static const uint8_t h5l__defl_dsym[512] = {
    0,1,2,3,4,4,5,5,6,6,6,6,7,7,7,7,8,8,8,8,8,8,8,8,9,9,9,9,9,9,9,9,
    10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,11,11,11,11,11,11,11,11,11,11,11,11,11,11,11,11,
    12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,
    13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,
    14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,
    14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,
    15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,
    15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,15,
    0,0,16,17,18,18,19,19,20,20,20,20,21,21,21,21,22,22,22,22,22,22,22,22,23,23,23,23,23,23,23,23,
    24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,24,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,
    28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,
    28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,
    29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
};
/* first len - 3 of each length symbol, and its extra bits (RFC 1951 3.2.5) */
static const uint8_t h5l__defl_lbase[29] = {0,  1,  2,  3,  4,  5,  6,   7,   8,   10,  12,  14,  16,  20, 24,
                                            28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255};
static const uint8_t h5l__defl_lbits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                            2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
/* first distance - 1 of each distance symbol, and its extra bits */
static const uint16_t h5l__defl_dbase[30] = {0,   1,   2,   3,   4,    6,    8,    12,   16,   24,
                                             32,  48,  64,  96,  128,  192,  256,  384,  512,  768,
                                             1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576};
static const uint8_t h5l__defl_dbits[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                            6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* the order code-length code lengths are sent in */
static const uint8_t h5l__defl_clorder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/* Parser settings of one level (levels 2..9; level 1 has its own parser).
 *   chain   most hash-chain entries looked at per search
 *   good    when the pending match is at least this long, search a quarter as deep
 *   nice    stop searching at a match this long
 *   lazy    0: greedy; else take a match at once when at least this long, otherwise
 *           hold it for one byte in case the next position starts a longer one
 *   ins     0: every position inside a match is entered in the chains; else only
 *           those of matches shorter than this (the others' starts and ends only)
 * Why nice is 258 from level 6 up and ins is set at the greedy levels: on
 * regular text (a line shifted by one byte every so often) the nearest
 * candidates give matches of up to a line, a candidate a period of the
 * shifts back gives 258 bytes. A search that stops at the first match of
 * 64 never gets there (level 6 was 1.39x zlib -6's size on such text), and
 * 4-12 chain entries full of positions from inside the last matches never
 * reach it (levels 2-3 were 2.4-3.1x zlib's); with ins they hold the
 * starts of earlier matches, which are where the long ones are. */
typedef struct h5l__defl_lv {
    uint16_t chain, good, nice, lazy, ins;
} h5l__defl_lv;
static const h5l__defl_lv h5l__defl_levels[10] = {
    {0, 0, 0, 0, 0},        {0, 0, 0, 0, 0},           /* 0, 1: unused */
    {4, 0, 16, 0, 17},      {12, 0, 32, 0, 17},        /* 2, 3: greedy */
    {24, 4, 24, 12, 0},     {32, 8, 32, 16, 0},        /* 4, 5: lazy */
    {64, 8, 258, 16, 0},    {128, 8, 258, 32, 0},      /* 6, 7 */
    {512, 32, 258, 128, 0}, {4096, 32, 258, 258, 0},   /* 8, 9 */
};

/* Encoder state for one call (on h5l__deflate's stack). */
typedef struct h5l__defl {
    const uint8_t *src;
    size_t n;
    uint8_t *dst;
    size_t cap, op;        /* output buffer, bytes written */
    uint64_t bb;           /* bit buffer: bc bits, next bit out is bit 0 */
    unsigned bc;
    uint32_t *item;        /* the open block's symbols */
    size_t ni;
    size_t bstart, cov;    /* the open block covers src[bstart..cov) */
    size_t pstart, plen;   /* stored blocks held back: src[pstart..pstart+plen) */
    size_t nobs, obs_at;   /* drift statistic: symbols observed so far, next check */
    uint32_t obs[16];   /* classes of the block's symbols up to obs_at */
    uint32_t adler;
    uint32_t llf[288], df[32];   /* the open block's symbol frequencies */
} h5l__defl;

/* ---- bytes ------------------------------------------------------------ */

/* Number of equal leading bytes of a[0..max) and b[0..max) (a before b). */
static unsigned h5l__defl_mlen(const uint8_t *a, const uint8_t *b, unsigned max)
{
    unsigned len = 0;
    while (max - len >= 8) {
        uint64_t x = h5l__ld64(a + len) ^ h5l__ld64(b + len);
        if (x) {
#if defined(__GNUC__) || defined(__clang__)
            return len + ((unsigned)__builtin_ctzll(x) >> 3);
#else
            while (!(x & 0xff)) x >>= 8, len++;
            return len;
#endif
        }
        len += 8;
    }
    while (len < max && a[len] == b[len]) len++;
    return len;
}

/* ---- bit output ----------------------------------------------------- */

/* Move the whole bytes of the bit buffer to dst (bc < 8 after). The
 * caller has checked that they fit in cap; the 8-byte store is used only
 * while 8 bytes of room remain. */
static void h5l__defl_flush(h5l__defl *s)
{
    if (s->cap - s->op >= 8) {
        unsigned k = s->bc >> 3;
        h5l__st64(s->dst + s->op, s->bb);
        s->op += k;
        s->bb = k ? s->bb >> (8 * k - 1) >> 1 : s->bb;   /* k <= 7: no shift by 64 */
        s->bc &= 7;
    } else {
        while (s->bc >= 8 && s->op < s->cap) {
            s->dst[s->op++] = (uint8_t)s->bb;
            s->bb >>= 8;
            s->bc -= 8;
        }
    }
}

/* Append the low nb bits of v (nb <= 32; the buffer holds <= 31 bits before). */
static void h5l__defl_put(h5l__defl *s, uint32_t v, unsigned nb)
{
    s->bb |= (uint64_t)v << s->bc;
    s->bc += nb;
    if (s->bc >= 32) h5l__defl_flush(s);
}

/* Pad the bit buffer with zeros to a byte boundary and write it out. */
static void h5l__defl_align(h5l__defl *s)
{
    s->bc = (s->bc + 7u) & ~7u;
    h5l__defl_flush(s);
}

/* ---- Huffman codes -------------------------------------------------- */

/* Sort k[0..m) ascending (heapsort; the keys are distinct, so the order is unique). */
static void h5l__defl_sort(uint32_t *k, unsigned m)
{
    unsigned i, end;
    for (end = m; end > 1;) {
        if (end == m) {   /* build the heap, once */
            for (i = m / 2; i-- > 0;) {
                unsigned r = i, c;
                uint32_t v = k[r];
                while ((c = 2 * r + 1) < m) {
                    if (c + 1 < m && k[c + 1] > k[c]) c++;
                    if (k[c] <= v) break;
                    k[r] = k[c];
                    r = c;
                }
                k[r] = v;
            }
        }
        {   /* move the largest to the end, sift the new root down */
            uint32_t v = k[--end];
            unsigned r = 0, c;
            k[end] = k[0];
            while ((c = 2 * r + 1) < end) {
                if (c + 1 < end && k[c + 1] > k[c]) c++;
                if (k[c] <= v) break;
                k[r] = k[c];
                r = c;
            }
            k[r] = v;
        }
    }
}

/* Code lengths for symbols 0..ns-1 (ns <= 288) with frequencies freq[],
 * none longer than maxlen, written to lens[] (0 for an unused symbol).
 * The code is always complete: with fewer than two used symbols, symbols
 * 0 and/or 1 get length 1. Frequencies must sum below 2^23.
 *
 * 1. Used symbols sorted by (frequency, symbol) as keys freq << 9 | sym.
 * 2. Optimal lengths in place (Moffat & Katajainen, "In-place calculation
 *    of minimum-redundancy codes", 1995): the array of sorted weights
 *    turns into parent links of the internal nodes, then internal depths,
 *    then leaf depths.
 * 3. Leaves deeper than maxlen: take two sibling leaves at the deepest
 *    level d; one takes their parent's place at d-1, the other goes one
 *    level below a leaf at the deepest level j < d-1 that has one, which
 *    becomes internal at j (Kraft sum unchanged, so the code stays complete).
 * 4. Lengths go back to the symbols: the longest to the least frequent. */
static void h5l__defl_lens(const uint32_t *freq, unsigned ns, unsigned maxlen, uint8_t *lens)
{
    uint32_t k[288], a[288];
    unsigned cnt[64], m = 0, i, d, maxd;
    int root, next, leaf, avail, used, depth;
    for (i = 0; i < ns; i++) {
        lens[i] = 0;
        if (freq[i]) k[m++] = (freq[i] << 9) | i;
    }
    if (m < 2) {
        unsigned other = (m == 1 && (k[0] & 511u) == 0) ? 1u : 0u;
        lens[other] = 1;
        lens[m == 1 ? (k[0] & 511u) : 1u] = 1;
        return;
    }
    h5l__defl_sort(k, m);
    for (i = 0; i < m; i++) a[i] = k[i] >> 9;
    /* phase 1: pair the two lightest of (unused leaves, unused internal nodes);
     * a[next] = the new node's weight; a consumed internal node's slot = its parent */
    a[0] += a[1];
    root = 0;
    leaf = 2;
    for (next = 1; next < (int)m - 1; next++) {
        if (leaf >= (int)m || a[root] < a[leaf]) {
            a[next] = a[root];
            a[root++] = (uint32_t)next;
        } else {
            a[next] = a[leaf++];
        }
        if (leaf >= (int)m || (root < next && a[root] < a[leaf])) {
            a[next] += a[root];
            a[root++] = (uint32_t)next;
        } else {
            a[next] += a[leaf++];
        }
    }
    /* phase 2: depth of every internal node (the root, m-2, has depth 0) */
    a[m - 2] = 0;
    for (next = (int)m - 3; next >= 0; next--) a[next] = a[a[next]] + 1;
    /* phase 3: leaf depths, shallowest into the highest slots */
    avail = 1;
    used = 0;
    depth = 0;
    root = (int)m - 2;
    next = (int)m - 1;
    while (avail > 0) {
        while (root >= 0 && a[root] == (uint32_t)depth) {
            used++;
            root--;
        }
        while (avail > used) {
            a[next--] = (uint32_t)depth;
            avail--;
        }
        avail = 2 * used;
        depth++;
        used = 0;
    }
    /* lengths per level; limit */
    memset(cnt, 0, sizeof cnt);
    maxd = 0;
    for (i = 0; i < m; i++) {
        d = a[i] < 63 ? a[i] : 63;   /* cannot pass ~33 with frequencies below 2^23 */
        cnt[d]++;
        if (d > maxd) maxd = d;
    }
    for (d = maxd; d > maxlen; d--) {
        while (cnt[d] > 0) {
            unsigned j = d - 2;
            while (cnt[j] == 0) j--;
            cnt[d] -= 2;
            cnt[d - 1] += 1;
            cnt[j + 1] += 2;
            cnt[j] -= 1;
        }
    }
    /* a[] is ascending by frequency: hand out the longest lengths first */
    i = 0;
    for (d = maxlen < maxd ? maxlen : maxd; d >= 1; d--) {
        unsigned c;
        for (c = cnt[d]; c > 0; c--) lens[k[i++] & 511u] = (uint8_t)d;
    }
}

/* Canonical codes (RFC 1951 3.2.2) for lens[0..ns), bit-reversed so they
 * can be shifted into the LSB-first bit buffer whole. */
static void h5l__defl_codes(const uint8_t *lens, unsigned ns, uint16_t *codes)
{
    unsigned cnt[16], next[16], i, code = 0;
    memset(cnt, 0, sizeof cnt);
    for (i = 0; i < ns; i++) cnt[lens[i]]++;
    cnt[0] = 0;
    for (i = 1; i < 16; i++) {
        code = (code + cnt[i - 1]) << 1;
        next[i] = code;
    }
    for (i = 0; i < ns; i++) {
        unsigned l = lens[i], c, r = 0, b;
        if (!l) {
            codes[i] = 0;
            continue;
        }
        c = next[l]++;
        for (b = 0; b < l; b++, c >>= 1) r = (r << 1) | (c & 1u);
        codes[i] = (uint16_t)r;
    }
}

/* ---- blocks --------------------------------------------------------- */

/* A dynamic block's header, worked out before it is costed and written. */
typedef struct h5l__defl_hdr {
    unsigned hlit, hdist, hclen, nrle;
    uint8_t rle[288 + 32];      /* code-length symbols (0..18) */
    uint8_t rlx[288 + 32];      /* their extra-bit values */
    uint8_t cll[19];            /* code-length code lengths */
    uint16_t clc[19];
    uint64_t bits;              /* header size in bits, after the 3-bit block header */
} h5l__defl_hdr;

/* Run-length code lens[0..hlit) ++ dlens[0..hdist) into h->rle/rlx, build
 * the code-length code and the header's size. */
static void h5l__defl_header(h5l__defl_hdr *h, const uint8_t *ll, const uint8_t *dl)
{
    uint8_t all[288 + 32];
    uint32_t f[19];
    unsigned tot = h->hlit + h->hdist, i = 0, j, r = 0;
    memcpy(all, ll, h->hlit);
    memcpy(all + h->hlit, dl, h->hdist);
    memset(f, 0, sizeof f);
    while (i < tot) {
        unsigned v = all[i], run = 1;
        while (i + run < tot && all[i + run] == v) run++;
        i += run;
        if (v == 0) {
            while (run >= 11) {
                unsigned k = run < 138 ? run : 138;
                h->rle[r] = 18, h->rlx[r++] = (uint8_t)(k - 11), run -= k;
            }
            if (run >= 3) h->rle[r] = 17, h->rlx[r++] = (uint8_t)(run - 3), run = 0;
        } else {
            h->rle[r] = (uint8_t)v, h->rlx[r++] = 0, run--;
            while (run >= 3) {
                unsigned k = run < 6 ? run : 6;
                h->rle[r] = 16, h->rlx[r++] = (uint8_t)(k - 3), run -= k;
            }
        }
        while (run--) h->rle[r] = (uint8_t)v, h->rlx[r++] = 0;
    }
    h->nrle = r;
    for (j = 0; j < r; j++) f[h->rle[j]]++;
    h5l__defl_lens(f, 19, 7, h->cll);
    h5l__defl_codes(h->cll, 19, h->clc);
    h->hclen = 19;
    while (h->hclen > 4 && h->cll[h5l__defl_clorder[h->hclen - 1]] == 0) h->hclen--;
    h->bits = 5 + 5 + 4 + 3 * (uint64_t)h->hclen + 2 * (uint64_t)f[16] + 3 * (uint64_t)f[17] + 7 * (uint64_t)f[18];
    for (j = 0; j < 19; j++) h->bits += (uint64_t)f[j] * h->cll[j];
}

/* Bits of the block's symbols (with end-of-block) under code lengths ll/dl. */
static uint64_t h5l__defl_cost(const h5l__defl *s, const uint8_t *ll, const uint8_t *dl)
{
    uint64_t b = 0;
    unsigned i;
    for (i = 0; i < 286; i++) b += (uint64_t)s->llf[i] * (ll[i] + (i >= 257 ? h5l__defl_lbits[i - 257] : 0u));
    for (i = 0; i < 30; i++) b += (uint64_t)s->df[i] * (dl[i] + (unsigned)h5l__defl_dbits[i]);
    return b;
}

/* Stored blocks needed for len bytes (one even for none). */
static size_t h5l__defl_nstored(size_t len)
{
    return len ? (len - 1) / H5L__DEFL_STORED_MAX + 1 : 1;
}

/* Write the held-back stored range as stored blocks, BFINAL on the last
 * one if final. H5L__FILT_NOFIT when it does not fit. */
static int h5l__defl_put_stored(h5l__defl *s, int final)
{
    size_t left = s->plen, at = s->pstart;
    if (!s->plen && !final) return 0;
    do {
        size_t k = left < H5L__DEFL_STORED_MAX ? left : H5L__DEFL_STORED_MAX;
        int last = final && k == left;
        if (s->cap - s->op < ((s->bc + 3 + 7) >> 3) + 4 + k) return H5L__FILT_NOFIT;
        h5l__defl_put(s, (uint32_t)last, 3);
        h5l__defl_align(s);
        s->dst[s->op++] = (uint8_t)k;
        s->dst[s->op++] = (uint8_t)(k >> 8);
        s->dst[s->op++] = (uint8_t)~k;
        s->dst[s->op++] = (uint8_t)(~k >> 8);
        memcpy(s->dst + s->op, s->src + at, k);
        s->op += k;
        at += k;
        left -= k;
    } while (left);
    s->plen = 0;
    return 0;
}

/* Write the open block's symbols under codes (lc, ll) / (dc, dl) and end-of-block. */
static void h5l__defl_put_syms(h5l__defl *s, const uint16_t *lc, const uint8_t *ll, const uint16_t *dc,
                               const uint8_t *dl)
{
    const uint32_t *it = s->item, *end = s->item + s->ni;
    uint64_t bb;
    unsigned bc;
    uint8_t *dst = s->dst;
    size_t op, fast_end = s->cap >= 8 ? s->cap - 8 : 0;
    h5l__defl_flush(s);   /* bc < 8 */
    bb = s->bb;
    bc = s->bc;
    op = s->op;
    for (; it < end; it++) {
        uint32_t v = *it, sym = v & 511u;
        bb |= (uint64_t)lc[sym] << bc;
        bc += ll[sym];
        if (sym > 256) {
            unsigned ds = (v >> 9) & 31u;
            bb |= (uint64_t)((v >> 14) & 31u) << bc;
            bc += h5l__defl_lbits[sym - 257];
            bb |= (uint64_t)dc[ds] << bc;
            bc += dl[ds];
            bb |= (uint64_t)(v >> 19) << bc;
            bc += h5l__defl_dbits[ds];
        }
        if (bc >= 16) {   /* <= 15 bits stay: room for a whole match (48 bits) */
            if (op <= fast_end) {
                unsigned k = bc >> 3;
                h5l__st64(dst + op, bb);
                op += k;
                bb = bb >> (8 * k - 1) >> 1;
                bc &= 7;
            } else {
                while (bc >= 8 && op < s->cap) {
                    dst[op++] = (uint8_t)bb;
                    bb >>= 8;
                    bc -= 8;
                }
            }
        }
    }
    s->bb = bb;
    s->bc = bc;
    s->op = op;
    h5l__defl_put(s, lc[256], ll[256]);
}

/* Close the open block at s->cov: choose dynamic, fixed or stored by exact
 * size and write it (a stored choice is held back to merge with the next).
 * final: it is the last block. Returns 0 or H5L__FILT_NOFIT. */
static int h5l__defl_block(h5l__defl *s, int final)
{
    h5l__defl_hdr h;
    uint8_t ll[288], dl[32], fl[288], fd[32];
    uint16_t lc[288], dc[32];
    uint64_t dyn, fix, sto;
    size_t blen = s->cov - s->bstart, i;
    int rc;
    s->llf[256] = 1;   /* end-of-block */
    /* dynamic */
    h5l__defl_lens(s->llf, 286, 15, ll);
    h5l__defl_lens(s->df, 30, 15, dl);
    memset(&h, 0, sizeof h);   /* (all of it set below; cppcheck cannot see that) */
    for (h.hlit = 286; h.hlit > 257 && ll[h.hlit - 1] == 0; h.hlit--) {}
    for (h.hdist = 30; h.hdist > 1 && dl[h.hdist - 1] == 0; h.hdist--) {}
    h5l__defl_header(&h, ll, dl);
    dyn = 3 + h.bits + h5l__defl_cost(s, ll, dl);
    /* fixed */
    for (i = 0; i < 288; i++) fl[i] = (uint8_t)(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
    for (i = 0; i < 32; i++) fd[i] = 5;
    fix = 3 + h5l__defl_cost(s, fl, fd);
    /* stored: the added cost when merged with the held-back range */
    sto = 8 * (uint64_t)blen;
    if (s->plen) sto += 40 * (uint64_t)(h5l__defl_nstored(s->plen + blen) - h5l__defl_nstored(s->plen));
    else sto += 40 * (uint64_t)h5l__defl_nstored(blen) + 3 + 7;
    s->adler = h5l__adler32(s->adler, s->src + s->bstart, blen);
    if (sto <= dyn && sto <= fix) {
        if (!s->plen) s->pstart = s->bstart;
        s->plen += blen;
        /* a lower bound of what is coming: stop early when it cannot fit */
        if (s->cap - s->op < s->plen) rc = H5L__FILT_NOFIT;
        else rc = final ? h5l__defl_put_stored(s, 1) : 0;
    } else {
        uint64_t bits = dyn < fix ? dyn : fix;
        rc = h5l__defl_put_stored(s, 0);
        if (!rc && (uint64_t)(s->cap - s->op) < (s->bc + bits + 7) >> 3) rc = H5L__FILT_NOFIT;
        if (!rc) {
            if (dyn < fix) {
                h5l__defl_put(s, (uint32_t)final | 4u, 3);
                h5l__defl_put(s, (h.hlit - 257) | (h.hdist - 1) << 5 | (h.hclen - 4) << 10, 14);
                for (i = 0; i < h.hclen; i++) h5l__defl_put(s, h.cll[h5l__defl_clorder[i]], 3);
                for (i = 0; i < h.nrle; i++) {
                    unsigned c = h.rle[i];
                    h5l__defl_put(s, h.clc[c], h.cll[c]);
                    if (c >= 16) h5l__defl_put(s, h.rlx[i], c == 16 ? 2u : c == 17 ? 3u : 7u);
                }
                h5l__defl_codes(ll, 286, lc);
                h5l__defl_codes(dl, 30, dc);
                h5l__defl_put_syms(s, lc, ll, dc, dl);
            } else {
                h5l__defl_put(s, (uint32_t)final | 2u, 3);
                h5l__defl_codes(fl, 288, lc);
                h5l__defl_codes(fd, 32, dc);
                h5l__defl_put_syms(s, lc, fl, dc, fd);
            }
        }
    }
    memset(s->llf, 0, sizeof s->llf);
    memset(s->df, 0, sizeof s->df);
    s->ni = 0;
    s->bstart = s->cov;
    s->nobs = 0;
    s->obs_at = 0;
    memset(s->obs, 0, sizeof s->obs);
    return rc;
}

/* ---- when to end a block ----------------------------------------------
 * Symbols are sorted into 16 coarse classes (literals by their top 3 bits,
 * matches by length and distance range). Every 4096 symbols the counts of
 * the latest 4096 are compared with those of the block so far; when they
 * differ by more than a third of the symbols (a cheap stand-in for "a new
 * Huffman code would pay"), the block ends. Block ends depend only on the
 * symbols, so they are the same everywhere. */
#define H5L__DEFL_OBS_STEP 4096u

/* The class (0..15) of a block symbol. */
static unsigned h5l__defl_class(uint32_t v)
{
    unsigned sym = v & 511u;
    if (sym < 256) return sym >> 5;
    return 8u + (sym >= 265u) * 2u + (sym >= 273u) * 1u + (((v >> 9) & 31u) >= 16u) * 4u;
}

/* Count the classes of the symbols since the last check into w[16]. When
 * at least H5L__DEFL_OBS_STEP symbols were seen before them and the two
 * distributions differ by more than the threshold (sum over classes of
 * |share before - share now| > 2/3), return 1: the new symbols should open
 * a new block. Otherwise add them to the block's counts and return 0. */
static int h5l__defl_drift(h5l__defl *s, uint32_t *w)
{
    const uint32_t *it = s->item + s->obs_at;
    size_t k, cnt = s->ni - s->obs_at;
    uint64_t diff = 0;
    memset(w, 0, 16 * sizeof *w);
    for (k = 0; k < cnt; k++) w[h5l__defl_class(it[k])]++;
    s->obs_at = s->ni;
    if (s->nobs >= H5L__DEFL_OBS_STEP) {
        for (k = 0; k < 16; k++) {
            uint64_t a = (uint64_t)s->obs[k] * cnt, b = (uint64_t)w[k] * s->nobs;
            diff += a > b ? a - b : b - a;
        }
        if (diff * 3 > (uint64_t)s->nobs * cnt * 2) return 1;
    }
    for (k = 0; k < 16; k++) s->obs[k] += w[k];
    s->nobs += cnt;
    return 0;
}

/* ---- parsers ------------------------------------------------------------ */

/* Literal src[p] / a match of len at distance dist into the open block. */
#define H5L__DEFL_EMIT_LIT(s, c) ((s)->llf[(c)]++, (s)->item[(s)->ni++] = (uint32_t)(c), (s)->cov++)
static void h5l__defl_emit_match(h5l__defl *s, unsigned len, unsigned dist)
{
    unsigned l = len - 3, x = dist - 1;
    unsigned ls = h5l__defl_lsym[l], ds = x < 256 ? h5l__defl_dsym[x] : h5l__defl_dsym[256 + (x >> 7)];
    s->llf[257 + ls]++;
    s->df[ds]++;
    s->item[s->ni++] = (257u + ls) | ds << 9 | (uint32_t)(l - h5l__defl_lbase[ls]) << 14 |
                       (uint32_t)(x - h5l__defl_dbase[ds]) << 19;
    s->cov += len;
}

/* Close the open block before its symbols item[m..ni) (whose classes are
 * w[16]); those then open the next block. Returns 0 or H5L__FILT_NOFIT. */
static int h5l__defl_split(h5l__defl *s, size_t m, const uint32_t *w)
{
    uint32_t tl[288], td[32];
    size_t cnt = s->ni - m, raw = 0, k, cov = s->cov;
    int rc;
    memset(tl, 0, sizeof tl);
    memset(td, 0, sizeof td);
    for (k = m; k < s->ni; k++) {
        uint32_t v = s->item[k], sym = v & 511u;
        tl[sym]++;
        if (sym > 256) {
            td[(v >> 9) & 31u]++;
            raw += 3u + h5l__defl_lbase[sym - 257] + ((v >> 14) & 31u);
        } else {
            raw++;
        }
    }
    for (k = 0; k < 288; k++) s->llf[k] -= tl[k];
    for (k = 0; k < 32; k++) s->df[k] -= td[k];
    s->ni = m;
    s->cov = cov - raw;
    rc = h5l__defl_block(s, 0);   /* resets the counts; bstart = the tail's start */
    memmove(s->item, s->item + m, cnt * sizeof *s->item);
    s->ni = cnt;
    s->cov = cov;
    memcpy(s->llf, tl, sizeof tl);
    memcpy(s->df, td, sizeof td);
    memcpy(s->obs, w, sizeof s->obs);
    s->nobs = cnt;
    s->obs_at = cnt;
    return rc;
}

/* Called after each step of a parser: closes the block when it is full or
 * its statistics drift. Returns 0 or H5L__FILT_NOFIT. */
static int h5l__defl_check_slow(h5l__defl *s)
{
    uint32_t w[16];
    size_t m = s->obs_at;
    if (h5l__defl_drift(s, w)) return h5l__defl_split(s, m, w);
    /* the next check comes within H5L__DEFL_OBS_STEP + 31 symbols: close now if they might not fit */
    if (s->ni + H5L__DEFL_OBS_STEP > H5L__DEFL_ITEMS) return h5l__defl_block(s, 0);
    return 0;
}

/* The common case inline: nothing to do until H5L__DEFL_OBS_STEP new symbols. */
#define H5L__DEFL_CHECK(s, rc) \
    do { if ((s)->ni - (s)->obs_at >= H5L__DEFL_OBS_STEP && ((rc) = h5l__defl_check_slow(s)) != 0) return (rc); } while (0)

/* Multiplicative hashes to hb bits of 4 bytes / the low 3 bytes of x (x
 * from h5l__ld32: the same value on every host). */
static uint32_t h5l__defl_hash4(uint32_t x, unsigned hb) { return (x * 0x9e3779b1u) >> (32u - hb); }
static uint32_t h5l__defl_hash3(uint32_t x, unsigned hb) { return ((x & 0xffffffu) * 0x9e3779b1u) >> (32u - hb); }

/* Level 1: greedy. ht holds the last position per 4-byte hash (1 << hb
 * entries), ht3 the last position per 3-byte hash (1 << (hb - 2)), hs the
 * last position per 4-byte hash (1 << (hb - 2)) at which a match started.
 * A candidate counts when its bytes and distance check out: 4 bytes within
 * the window, else 3 bytes within H5L__DEFL_TOOFAR. When ht's candidate
 * matches, hs's is tried too and the longer match wins (ties: ht's, the
 * nearer). Why two: ht also gets positions inside and at the end of
 * matches, so on regular text its candidate is nearly always the nearest
 * occurrence, which there gives the shortest match (a line shifted by one
 * byte every so often matches only up to the next shift at a short
 * distance, but for a full 258 bytes at the period of the shifts); hs
 * only gets match starts, positions at the same place in the text's
 * structure, and its candidate is often the long match (3-4x smaller output
 * on such text, 1-5 % on text/JSON/logs). Then, right after a match, that
 * match's distance (rep): once a long match is found, the next one usually
 * goes on at the same distance, which neither table remembers (another
 * 2.4x on such text). Both extra candidates are first checked on the 4
 * bytes ending where the match so far ends, so one that cannot be longer
 * costs two loads. After 256 misses in a row the
 * scan advances 2 bytes at a time, after 512 three, ... up to 32 (skipped
 * bytes go out as literals). Returns 0 or H5L__FILT_NOFIT. */
static int h5l__defl_fast(h5l__defl *s, uint32_t *ht, uint32_t *ht3, uint32_t *hs, unsigned hb)
{
    const uint8_t *src = s->src;
    size_t n = s->n, p = 0, lim = n > 3 ? n - 3 : 0, miss = 0, rep = 0;   /* rep: the last match's distance */
    int rc;
    while (p < lim) {
        uint32_t x = h5l__ld32(src + p), h = h5l__defl_hash4(x, hb), h3 = h5l__defl_hash3(x, hb - 2);
        size_t c = ht[h], c3 = ht3[h3], max;
        unsigned len;
        ht[h] = (uint32_t)p;
        ht3[h3] = (uint32_t)p;
        max = n - p < H5L__DEFL_MAXLEN ? n - p : H5L__DEFL_MAXLEN;
        if (p - c - 1 < H5L__DEFL_WIN && h5l__ld32(src + c) == x) {
            uint32_t hh = h >> 2;   /* = h5l__defl_hash4(x, hb - 2) */
            size_t cs = hs[hh];
            hs[hh] = (uint32_t)p;
            len = 4 + h5l__defl_mlen(src + c + 4, src + p + 4, (unsigned)max - 4);
            /* first the 4 bytes ending where ht's match ends (p + len < n as len < max), then the first 4 */
            if (len < max && cs != c && p - cs - 1 < H5L__DEFL_WIN &&
                h5l__ld32(src + cs + len - 3) == h5l__ld32(src + p + len - 3) && h5l__ld32(src + cs) == x) {
                unsigned ls = 4 + h5l__defl_mlen(src + cs + 4, src + p + 4, (unsigned)max - 4);
                if (ls > len) len = ls, c = cs;
            }
            /* the last match's distance, right after that match (miss == 0) */
            if (len < max && rep && !miss && p - c != rep &&
                h5l__ld32(src + p + len - 3) == h5l__ld32(src + p - rep + len - 3) && h5l__ld32(src + p - rep) == x) {
                unsigned lr = 4 + h5l__defl_mlen(src + p - rep + 4, src + p + 4, (unsigned)max - 4);
                if (lr > len) len = lr, c = p - rep;
            }
        } else if (p - c3 - 1 < H5L__DEFL_TOOFAR && ((h5l__ld32(src + c3) ^ x) & 0xffffffu) == 0) {
            c = c3;   /* a near 3-byte match (not entered in hs: rarely worth a second look) */
            len = 3 + h5l__defl_mlen(src + c + 3, src + p + 3, (unsigned)max - 3);
        } else {
            size_t step = 1 + (miss++ >> 8), e;   /* 1 until 256 misses in a row, at most 32 */
            if (step > 32) step = 32;
            if (step > lim - p) step = lim - p;
            for (e = p + step; p < e; p++) H5L__DEFL_EMIT_LIT(s, src[p]);
            H5L__DEFL_CHECK(s, rc);
            continue;
        }
        h5l__defl_emit_match(s, len, (unsigned)(p - c));
        rep = p - c;
        if (p + len < lim) {   /* the match's first positions (the rest would cost more than they find) */
            size_t q, qe = p + (len < 8 ? len : 8);
            for (q = p + 1; q < qe; q++) ht[h5l__defl_hash4(h5l__ld32(src + q), hb)] = (uint32_t)q;
        }
        p += len;
        if (p < lim) {   /* the match's last position, for the next ones */
            x = h5l__ld32(src + p - 1);
            ht[h5l__defl_hash4(x, hb)] = (uint32_t)(p - 1);
            ht3[h5l__defl_hash3(x, hb - 2)] = (uint32_t)(p - 1);
        }
        miss = 0;
        H5L__DEFL_CHECK(s, rc);
    }
    for (; p < n; p++) {
        H5L__DEFL_EMIT_LIT(s, src[p]);
        H5L__DEFL_CHECK(s, rc);
    }
    return 0;
}

/* Enter position p into the hash chains (keyed by 4 bytes) and the table of
 * the last position per 3-byte hash; returns the previous head of its chain. */
static size_t h5l__defl_insert(const uint8_t *src, size_t p, uint32_t *head, uint16_t *prev, uint32_t *head3,
                               unsigned hb)
{
    uint32_t x = h5l__ld32(src + p), h = h5l__defl_hash4(x, hb);
    size_t old = head[h], d = p - old;
    head[h] = (uint32_t)p;
    head3[h5l__defl_hash3(x, hb - 1)] = (uint32_t)p;
    prev[p & H5L__DEFL_WMASK] = (uint16_t)(d <= H5L__DEFL_WIN ? d : 0);
    return old;
}

/* Longest match for position p (p + 4 <= n) longer than best (>= 2), at
 * most max (<= 258) bytes, following the chain from cand for at most
 * chain entries; stops at nice. Returns its length and *dist, or 0. */
static unsigned h5l__defl_find(const uint8_t *src, size_t p, size_t cand, const uint16_t *prev, unsigned max,
                               unsigned chain, unsigned best, unsigned nice, unsigned *dist)
{
    const unsigned start = best;
    const uint8_t *b = src + p;
    size_t lo = p > H5L__DEFL_WIN ? p - H5L__DEFL_WIN : 0;
    uint16_t first = h5l__ld16(b);
    if (best >= max) return 0;
    while (cand >= lo && cand < p) {
        const uint8_t *a = src + cand;
        /* cheap rejections: the two bytes that would make it longer, then the first two */
        if (h5l__ld16(a + best - 1) == h5l__ld16(b + best - 1) && h5l__ld16(a) == first) {
            unsigned len = h5l__defl_mlen(a, b, max);
            if (len > best) {
                best = len;
                *dist = (unsigned)(p - cand);
                if (len >= nice || len >= max) break;
            }
        }
        if (--chain == 0) break;
        {
            size_t d = prev[cand & H5L__DEFL_WMASK];
            if (d == 0 || d > cand) break;
            cand -= d;
        }
    }
    return best > start && best >= 3 ? best : 0;
}

/* Levels 2-9: hash chains (head: 1 << hb, prev: the ring, head3: the 3-byte
 * table, 1 << (hb - 1)), greedy (lv->lazy == 0) or lazy. Every position
 * passed is entered (including those inside matches, at levels 2-3 only
 * inside matches shorter than lv->ins), except where the miss counter
 * steps over bytes. Returns 0 or H5L__FILT_NOFIT. */
static int h5l__defl_chain(h5l__defl *s, uint32_t *head, uint16_t *prev, uint32_t *head3, unsigned hb,
                           const h5l__defl_lv *lv)
{
    const uint8_t *src = s->src;
    size_t n = s->n, p = 0, lim = n > 3 ? n - 3 : 0;
    unsigned plen = 0, pdist = 0;   /* the held match, at p - 1 (plen 0: a literal is held) */
    unsigned rep = 0;               /* the distance of the last match written (0: none yet) */
    size_t miss = 0;                /* positions in a row without a match */
    int have = 0, rc;
    while (p < n) {
        unsigned len = 0, dist = 0;
        if (p < lim) {
            uint32_t x = h5l__ld32(src + p);
            size_t c3 = head3[h5l__defl_hash3(x, hb - 1)];
            size_t cand = h5l__defl_insert(src, p, head, prev, head3, hb);
            unsigned max = n - p < H5L__DEFL_MAXLEN ? (unsigned)(n - p) : H5L__DEFL_MAXLEN;
            unsigned chain = have && plen >= lv->good ? (lv->chain >> 2) + 1u : lv->chain;
            unsigned base = have && plen > 2 ? plen : 3, rl = 0;
            /* the last match's distance again (p >= rep: it was a distance at a smaller p): a match
             * cut at 258 bytes or by a small change often goes on there, farther back than the
             * chain search reaches. Only when longer than the search's (a nearer equal one is
             * cheaper, and a constant near distance costs next to nothing on runs). */
            len = h5l__defl_find(src, p, cand, prev, max, chain, base, lv->nice, &dist);
            if (rep && (len ? len : base) < max && h5l__ld32(src + p - rep) == x &&
                (rl = 4 + h5l__defl_mlen(src + p - rep + 4, src + p + 4, max - 4)) > base && rl > len)
                len = rl, dist = rep;
            if (!len && (!have || plen < 3) && p - c3 - 1 < H5L__DEFL_TOOFAR &&
                (h5l__ld32(src + c3) & 0xffffffu) == (h5l__ld32(src + p) & 0xffffffu)) {
                /* no 4-byte match: a near 3-byte one (the chains are keyed by 4 bytes) */
                len = 3 + h5l__defl_mlen(src + c3 + 3, src + p + 3, max - 3);
                dist = (unsigned)(p - c3);
            }
        }
        if (have && plen >= 3 && len <= plen) {   /* the held match wins */
            size_t end = p - 1 + plen, q;
            h5l__defl_emit_match(s, plen, pdist);
            rep = pdist;
            if (!lv->ins || plen < lv->ins)
                for (q = p + 1; q < end && q < lim; q++) h5l__defl_insert(src, q, head, prev, head3, hb);
            p = end;
            have = 0;
        } else {
            if (have) H5L__DEFL_EMIT_LIT(s, src[p - 1]);
            have = 0;
            if (len >= 3 && (!lv->lazy || len >= lv->lazy)) {   /* take it now */
                size_t end = p + len, q;
                h5l__defl_emit_match(s, len, dist);
                rep = dist;
                if (!lv->ins || len < lv->ins)
                    for (q = p + 1; q < end && q < lim; q++) h5l__defl_insert(src, q, head, prev, head3, hb);
                p = end;
            } else if (len < 3 && ++miss > 256) {   /* a long stretch without matches: step over bytes */
                size_t step = miss >> 8, e;
                if (step > 32) step = 32;
                if (step > n - p) step = n - p;
                for (e = p + step; p < e; p++) H5L__DEFL_EMIT_LIT(s, src[p]);
            } else if (lv->lazy) {   /* hold it (or the literal) for one byte */
                have = 1;
                plen = len;
                pdist = dist;
                p++;
            } else {
                H5L__DEFL_EMIT_LIT(s, src[p]);
                p++;
            }
            if (len >= 3) miss = 0;
        }
        H5L__DEFL_CHECK(s, rc);
    }
    if (have) H5L__DEFL_EMIT_LIT(s, src[n - 1]);
    return 0;
}

/* ---- the interface -------------------------------------------------- */

/* Hash bits for n input bytes at level: enough for the input, at most 15
 * (16 at level 1), at least 8. Depends on n only (so the output does too). */
static unsigned h5l__defl_hbits(int level, size_t n)
{
    unsigned hb = 8, top = level == 1 ? 16u : 15u;
    while (hb < top && ((size_t)1 << hb) < n) hb++;
    return hb;
}

/* Ring size for the chains: 32 Ki entries, less for inputs shorter than that. */
static size_t h5l__defl_wsize(size_t n)
{
    return n < H5L__DEFL_WIN ? n : H5L__DEFL_WIN;
}

/* Workspace bytes the encoder needs at level (1..9) for inputs of up to
 * n bytes (0 for a level outside 1..9). The caller allocates it and may
 * reuse it across calls of the same level with inputs up to n bytes; its
 * contents on entry do not matter. */
static size_t h5l__deflate_work_size(int level, size_t n)
{
    size_t z;
    if (level < 1 || level > 9) return 0;
    z = 8 + (H5L__DEFL_ITEMS + H5L__DEFL_SLACK) * sizeof(uint32_t) +
        ((size_t)1 << h5l__defl_hbits(level, n)) * sizeof(uint32_t);
    if (level > 1) z += ((size_t)1 << (h5l__defl_hbits(level, n) - 1)) * sizeof(uint32_t) + h5l__defl_wsize(n) * sizeof(uint16_t);
    else z += ((size_t)2 << (h5l__defl_hbits(level, n) - 2)) * sizeof(uint32_t);   /* ht3 and hs */
    return z;
}

/* Encode src[0..n) as one zlib stream into dst[0..cap) at level 1..9.
 * Returns 0 with *out_n = the stream's length; H5L__FILT_NOFIT when the
 * stream would be longer than cap (nothing is written past cap; the
 * caller stores the chunk raw); (int)H5L_EINVAL for a level outside 1..9,
 * a work area smaller than h5l__deflate_work_size(level, n) or NULL
 * pointers where bytes are needed; (int)H5L_EUNSUPPORTED for n >= 4 GiB.
 * *why (why may be NULL) gets a static phrase on failure; *out_n is 0 on
 * failure. The output depends only on src, n and level. src may be NULL
 * when n is 0; dst may be NULL when cap is 0. */
static int h5l__deflate(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, int level, void *work,
                        size_t work_size, size_t *out_n, const char **why)
{
    h5l__defl s;
    unsigned hb;
    size_t pad;
    uint32_t *head;
    uint8_t *w = (uint8_t *)work;
    int rc;
    *out_n = 0;
    if (level < 1 || level > 9) H5L__FILT_FAIL(H5L_EINVAL, "deflate level outside 1..9");
    /* n >> 32 in two steps: no shift by the width of a 32-bit size_t */
    if ((n >> 31 >> 1) != 0) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "deflate input of 4 GiB or more");
    if (!work || work_size < h5l__deflate_work_size(level, n)) H5L__FILT_FAIL(H5L_EINVAL, "deflate work area too small");
    if ((n && !src) || (cap && !dst)) H5L__FILT_FAIL(H5L_EINVAL, "deflate: NULL buffer");
    if (cap < 2 + 2 + 4) H5L__FILT_FAIL(H5L__FILT_NOFIT, "deflate output does not fit");   /* shortest stream: 8 bytes */
    pad = (size_t)((8u - (unsigned)((uintptr_t)w & 7u)) & 7u);   /* align the tables to 8 bytes */
    memset(&s, 0, sizeof s);
    s.src = src;
    s.n = n;
    s.dst = dst;
    s.cap = cap;
    s.adler = 1;
    s.item = (uint32_t *)(void *)(w + pad);
    head = s.item + H5L__DEFL_ITEMS + H5L__DEFL_SLACK;
    hb = h5l__defl_hbits(level, n);
    memset(head, 0, ((size_t)1 << hb) * sizeof *head);
    dst[0] = 0x78;
    dst[1] = level == 1 ? 0x01 : level < 6 ? 0x5e : level == 6 ? 0x9c : 0xda;
    s.op = 2;
    if (level == 1) {
        uint32_t *ht3 = head + ((size_t)1 << hb);   /* the 3-byte table: a quarter of the size */
        uint32_t *hs = ht3 + ((size_t)1 << (hb - 2));   /* match starts: a quarter too */
        memset(ht3, 0, ((size_t)2 << (hb - 2)) * sizeof *ht3);
        rc = h5l__defl_fast(&s, head, ht3, hs, hb);
    } else {
        uint32_t *prev3 = head + ((size_t)1 << hb);   /* the 3-byte table: half the size */
        uint16_t *prev = (uint16_t *)(void *)(prev3 + ((size_t)1 << (hb - 1)));
        memset(prev3, 0, ((size_t)1 << (hb - 1)) * sizeof *prev3);
        memset(prev, 0, h5l__defl_wsize(n) * sizeof *prev);
        rc = h5l__defl_chain(&s, head, prev, prev3, hb, &h5l__defl_levels[level]);
    }
    if (!rc) rc = h5l__defl_block(&s, 1);
    if (!rc) {
        h5l__defl_align(&s);
        if (s.bc || s.cap - s.op < 4) rc = H5L__FILT_NOFIT;
    }
    if (rc) H5L__FILT_FAIL(H5L__FILT_NOFIT, "deflate output does not fit");
    dst[s.op++] = (uint8_t)(s.adler >> 24);
    dst[s.op++] = (uint8_t)(s.adler >> 16);
    dst[s.op++] = (uint8_t)(s.adler >> 8);
    dst[s.op++] = (uint8_t)s.adler;
    *out_n = s.op;
    return 0;
}

/* Store the low 8*size bits of v as a size-byte integer (size 1..8),
 * little-endian (be = 0) or big-endian (be = 1). */
static void h5l__f_stn(uint8_t *p, uint64_t v, unsigned size, int be)
{
    unsigned k;
    if (be)
        for (k = size; k-- > 0; v >>= 8) p[k] = (uint8_t)v;
    else
        for (k = 0; k < size; k++, v >>= 8) p[k] = (uint8_t)v;
}

/* ---- a most-significant-bit-first bit reader (n-bit, scale-offset) ---- */

typedef struct h5l__bitin {
    const uint8_t *p, *end;
    uint64_t acc;       /* the low `have` bits are the next ones, first at the top */
    unsigned have;
} h5l__bitin;

static void h5l__bitin_init(h5l__bitin *b, const uint8_t *p, size_t n)
{
    b->p = p;
    b->end = p + n;
    b->acc = 0;
    b->have = 0;
}

/* Take the next k bits (0 <= k <= 32) as an unsigned number whose most
 * significant bit is the first bit read. Returns 1 if the input ends first. */
static int h5l__bitin_get(h5l__bitin *b, unsigned k, uint32_t *v)
{
    while (b->have < k) {
        if (b->p == b->end) return 1;
        b->acc = (b->acc << 8) | *b->p++;
        b->have += 8;
    }
    b->have -= k;
    *v = (uint32_t)((b->acc >> b->have) & (((uint64_t)1 << k) - 1u));
    return 0;
}

/* The same for 0 <= k <= 64. */
static int h5l__bitin_get64(h5l__bitin *b, unsigned k, uint64_t *v)
{
    uint32_t hi = 0, lo = 0;
    if (k > 32) {
        if (h5l__bitin_get(b, k - 32, &hi) || h5l__bitin_get(b, 32, &lo)) return 1;
        *v = ((uint64_t)hi << 32) | lo;
        return 0;
    }
    if (h5l__bitin_get(b, k, &lo)) return 1;
    *v = lo;
    return 0;
}

/* ======================================================================
 * SHUFFLE (filter 2) — libhdf5 src/H5Zshuffle.c
 *
 *   cd_values: exactly 1 value. cd[0] = S, the element size in bytes
 *   (the dataset's datatype size), never 0.
 *
 * A chunk of n bytes holds N = n / S whole elements and R = n % S trailing
 * bytes. Stored, the chunk is S planes of N bytes, plane j holding byte j of
 * every element, then the R trailing bytes unchanged:
 *
 *   unshuffled  e0b0 e0b1 .. e0b(S-1) | e1b0 .. | .. | e(N-1)b(S-1) | r0 .. r(R-1)
 *   shuffled    e0b0 e1b0 .. e(N-1)b0 | e0b1 .. | .. | e(N-1)b(S-1) | r0 .. r(R-1)
 *
 *   i.e. unshuffled[i*S + j] = shuffled[j*N + i]    (0 <= i < N, 0 <= j < S)
 *
 * S = 1 or N <= 1 leaves the bytes as they are. The size never changes.
 *
 * Sizes 2, 4 and 8 (every numeric column) take 16 elements at a time. On
 * x86 (SSE2, part of every x86-64) the 16-byte vectors of the S planes are
 * "riffled": each round interleaves the bytes of the first half of the
 * vectors with those of the second half (unpacklo/unpackhi), which rotates
 * the bits of every byte's index by one; log2(S) rounds turn planes into
 * elements, 4 rounds elements into planes. Elsewhere (or with
 * -DH5L_NO_SIMD) plain loops over the S plane pointers, which gcc
 * vectorizes at -O2. Other sizes: a plane walk in blocks of 512 elements.
 * ====================================================================== */

#if !defined(H5L_NO_SIMD) && (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2))
#include <emmintrin.h>
#define H5L__SHUF_SSE2 1
#define H5L__V_LD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define H5L__V_ST(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
/* one riffle of 2, 4 or 8 vectors: out[2k] = lo(v[k], v[k+n/2]), out[2k+1] = hi(...) */
#define H5L__RIF2(a, b)                                                                  \
    do {                                                                                 \
        __m128i t0_ = _mm_unpacklo_epi8(a, b), t1_ = _mm_unpackhi_epi8(a, b);            \
        a = t0_;                                                                         \
        b = t1_;                                                                         \
    } while (0)
#define H5L__RIF4(a, b, c, d)                                                            \
    do {                                                                                 \
        __m128i t0_ = _mm_unpacklo_epi8(a, c), t1_ = _mm_unpackhi_epi8(a, c);            \
        __m128i t2_ = _mm_unpacklo_epi8(b, d), t3_ = _mm_unpackhi_epi8(b, d);            \
        a = t0_;                                                                         \
        b = t1_;                                                                         \
        c = t2_;                                                                         \
        d = t3_;                                                                         \
    } while (0)
#define H5L__RIF8(a, b, c, d, e, f, g, h)                                                \
    do {                                                                                 \
        __m128i t0_ = _mm_unpacklo_epi8(a, e), t1_ = _mm_unpackhi_epi8(a, e);            \
        __m128i t2_ = _mm_unpacklo_epi8(b, f), t3_ = _mm_unpackhi_epi8(b, f);            \
        __m128i t4_ = _mm_unpacklo_epi8(c, g), t5_ = _mm_unpackhi_epi8(c, g);            \
        __m128i t6_ = _mm_unpacklo_epi8(d, h), t7_ = _mm_unpackhi_epi8(d, h);            \
        a = t0_;                                                                         \
        b = t1_;                                                                         \
        c = t2_;                                                                         \
        d = t3_;                                                                         \
        e = t4_;                                                                         \
        f = t5_;                                                                         \
        g = t6_;                                                                         \
        h = t7_;                                                                         \
    } while (0)
#endif

/* Sizes 2, 4, 8, reverse (planes -> elements): elements i.. of ne. */
static void h5l__unshuffle2(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    const uint8_t *restrict s0 = s, *restrict s1 = s + ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        __m128i a = H5L__V_LD(s0 + i), b = H5L__V_LD(s1 + i);
        H5L__RIF2(a, b);
        H5L__V_ST(d + 2 * i, a);
        H5L__V_ST(d + 2 * i + 16, b);
    }
#endif
    for (; i < ne; i++) {
        d[2 * i] = s0[i];
        d[2 * i + 1] = s1[i];
    }
}

static void h5l__unshuffle4(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    const uint8_t *restrict s0 = s, *restrict s1 = s + ne, *restrict s2 = s + 2 * ne, *restrict s3 = s + 3 * ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        __m128i a = H5L__V_LD(s0 + i), b = H5L__V_LD(s1 + i), c = H5L__V_LD(s2 + i), e = H5L__V_LD(s3 + i);
        H5L__RIF4(a, b, c, e);
        H5L__RIF4(a, b, c, e);
        H5L__V_ST(d + 4 * i, a);
        H5L__V_ST(d + 4 * i + 16, b);
        H5L__V_ST(d + 4 * i + 32, c);
        H5L__V_ST(d + 4 * i + 48, e);
    }
#endif
    for (; i < ne; i++) {
        uint8_t *o = d + 4 * i;
        o[0] = s0[i];
        o[1] = s1[i];
        o[2] = s2[i];
        o[3] = s3[i];
    }
}

static void h5l__unshuffle8(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    const uint8_t *restrict s0 = s, *restrict s1 = s + ne, *restrict s2 = s + 2 * ne, *restrict s3 = s + 3 * ne;
    const uint8_t *restrict s4 = s + 4 * ne, *restrict s5 = s + 5 * ne, *restrict s6 = s + 6 * ne, *restrict s7 = s + 7 * ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        __m128i a = H5L__V_LD(s0 + i), b = H5L__V_LD(s1 + i), c = H5L__V_LD(s2 + i), e = H5L__V_LD(s3 + i);
        __m128i f = H5L__V_LD(s4 + i), g = H5L__V_LD(s5 + i), h = H5L__V_LD(s6 + i), k = H5L__V_LD(s7 + i);
        uint8_t *o = d + 8 * i;
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__V_ST(o, a);
        H5L__V_ST(o + 16, b);
        H5L__V_ST(o + 32, c);
        H5L__V_ST(o + 48, e);
        H5L__V_ST(o + 64, f);
        H5L__V_ST(o + 80, g);
        H5L__V_ST(o + 96, h);
        H5L__V_ST(o + 112, k);
    }
#endif
    for (; i < ne; i++) {
        uint8_t *o = d + 8 * i;
        o[0] = s0[i];
        o[1] = s1[i];
        o[2] = s2[i];
        o[3] = s3[i];
        o[4] = s4[i];
        o[5] = s5[i];
        o[6] = s6[i];
        o[7] = s7[i];
    }
}

/* Sizes 2, 4, 8, forward (elements -> planes). */
static void h5l__shuffle2(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    uint8_t *restrict d0 = d, *restrict d1 = d + ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        __m128i a = H5L__V_LD(s + 2 * i), b = H5L__V_LD(s + 2 * i + 16);
        H5L__RIF2(a, b);
        H5L__RIF2(a, b);
        H5L__RIF2(a, b);
        H5L__RIF2(a, b);
        H5L__V_ST(d0 + i, a);
        H5L__V_ST(d1 + i, b);
    }
#endif
    for (; i < ne; i++) {
        d0[i] = s[2 * i];
        d1[i] = s[2 * i + 1];
    }
}

static void h5l__shuffle4(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    uint8_t *restrict d0 = d, *restrict d1 = d + ne, *restrict d2 = d + 2 * ne, *restrict d3 = d + 3 * ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        const uint8_t *p = s + 4 * i;
        __m128i a = H5L__V_LD(p), b = H5L__V_LD(p + 16), c = H5L__V_LD(p + 32), e = H5L__V_LD(p + 48);
        H5L__RIF4(a, b, c, e);
        H5L__RIF4(a, b, c, e);
        H5L__RIF4(a, b, c, e);
        H5L__RIF4(a, b, c, e);
        H5L__V_ST(d0 + i, a);
        H5L__V_ST(d1 + i, b);
        H5L__V_ST(d2 + i, c);
        H5L__V_ST(d3 + i, e);
    }
#endif
    for (; i < ne; i++) {
        const uint8_t *p = s + 4 * i;
        d0[i] = p[0];
        d1[i] = p[1];
        d2[i] = p[2];
        d3[i] = p[3];
    }
}

static void h5l__shuffle8(uint8_t *restrict d, const uint8_t *restrict s, size_t ne)
{
    uint8_t *restrict d0 = d, *restrict d1 = d + ne, *restrict d2 = d + 2 * ne, *restrict d3 = d + 3 * ne;
    uint8_t *restrict d4 = d + 4 * ne, *restrict d5 = d + 5 * ne, *restrict d6 = d + 6 * ne, *restrict d7 = d + 7 * ne;
    size_t i = 0;
#ifdef H5L__SHUF_SSE2
    for (; i + 16 <= ne; i += 16) {
        const uint8_t *p = s + 8 * i;
        __m128i a = H5L__V_LD(p), b = H5L__V_LD(p + 16), c = H5L__V_LD(p + 32), e = H5L__V_LD(p + 48);
        __m128i f = H5L__V_LD(p + 64), g = H5L__V_LD(p + 80), h = H5L__V_LD(p + 96), k = H5L__V_LD(p + 112);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__RIF8(a, b, c, e, f, g, h, k);
        H5L__V_ST(d0 + i, a);
        H5L__V_ST(d1 + i, b);
        H5L__V_ST(d2 + i, c);
        H5L__V_ST(d3 + i, e);
        H5L__V_ST(d4 + i, f);
        H5L__V_ST(d5 + i, g);
        H5L__V_ST(d6 + i, h);
        H5L__V_ST(d7 + i, k);
    }
#endif
    for (; i < ne; i++) {
        const uint8_t *p = s + 8 * i;
        d0[i] = p[0];
        d1[i] = p[1];
        d2[i] = p[2];
        d3[i] = p[3];
        d4[i] = p[4];
        d5[i] = p[5];
        d6[i] = p[6];
        d7[i] = p[7];
    }
}

/* Any other size: the planes walked in blocks of elements that keep the
 * element side of the copy in L1. */
static void h5l__shuffle_generic(uint8_t *restrict dst, const uint8_t *restrict src, size_t ne, size_t size, int reverse)
{
    size_t i0, i, j;
    for (i0 = 0; i0 < ne; i0 += 512) {
        size_t i1 = ne - i0 > 512 ? i0 + 512 : ne;
        for (j = 0; j < size; j++) {
            if (reverse) {
                const uint8_t *s = src + j * ne;
                uint8_t *d = dst + j;
                for (i = i0; i < i1; i++) d[i * size] = s[i];
            } else {
                const uint8_t *s = src + j;
                uint8_t *d = dst + j * ne;
                for (i = i0; i < i1; i++) d[i] = s[i * size];
            }
        }
    }
}

/* Unshuffle n bytes of 'size'-byte elements: dst[i*size + j] = src[j*N + i],
 * the trailing n % size bytes copied. src and dst must not overlap. */
static void h5l__unshuffle_bytes(uint8_t *dst, const uint8_t *src, size_t n, size_t size)
{
    size_t ne = size ? n / size : 0;
    if (size <= 1 || ne <= 1) {
        if (n) memcpy(dst, src, n);
        return;
    }
    if (size == 8) h5l__unshuffle8(dst, src, ne);
    else if (size == 4) h5l__unshuffle4(dst, src, ne);
    else if (size == 2) h5l__unshuffle2(dst, src, ne);
    else h5l__shuffle_generic(dst, src, ne, size, 1);
    if (n > ne * size) memcpy(dst + ne * size, src + ne * size, n - ne * size);
}

/* Shuffle (the writer's direction): dst[j*N + i] = src[i*size + j]. */
static void h5l__shuffle_bytes(uint8_t *dst, const uint8_t *src, size_t n, size_t size)
{
    size_t ne = size ? n / size : 0;
    if (size <= 1 || ne <= 1) {
        if (n) memcpy(dst, src, n);
        return;
    }
    if (size == 8) h5l__shuffle8(dst, src, ne);
    else if (size == 4) h5l__shuffle4(dst, src, ne);
    else if (size == 2) h5l__shuffle2(dst, src, ne);
    else h5l__shuffle_generic(dst, src, ne, size, 0);
    if (n > ne * size) memcpy(dst + ne * size, src + ne * size, n - ne * size);
}

/* The shuffle filter's parameters: exactly one, the element size (not 0). */
static int h5l__shuffle_args(size_t n, size_t cap, const uint32_t *cd, size_t ncd, size_t *out_n, const char **why)
{
    if (ncd != 1) H5L__FILT_CORRUPT("shuffle needs exactly one parameter");
    if (cd[0] == 0) H5L__FILT_CORRUPT("shuffle element size is 0");
    if (n > cap) H5L__FILT_CORRUPT("shuffled chunk larger than the chunk");
    return 0;
}

/* Reverse the shuffle filter (reading): n bytes in, n bytes out. */
static int h5l__unshuffle(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd,
                          size_t *out_n, const char **why)
{
    int rc = h5l__shuffle_args(n, cap, cd, ncd, out_n, why);
    if (rc) return rc;
    h5l__unshuffle_bytes(dst, src, n, cd[0]);
    *out_n = n;
    return 0;
}

/* Apply the shuffle filter (writing): cd = {element size}. */
static int h5l__shuffle(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd,
                        size_t *out_n, const char **why)
{
    int rc = h5l__shuffle_args(n, cap, cd, ncd, out_n, why);
    if (rc) return rc;
    h5l__shuffle_bytes(dst, src, n, cd[0]);
    *out_n = n;
    return 0;
}

/* ======================================================================
 * FLETCHER32 (filter 3) — libhdf5 src/H5Zfletcher32.c (the filter) and
 * src/H5checksum.c H5_checksum_fletcher32 (the sum)
 *
 *   cd_values: none (any given are ignored, as libhdf5 ignores them).
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       n-4   the chunk as the previous filters left it
 *   n-4     4     checksum of bytes 0..n-5, LITTLE-endian
 *
 * The sum reads the bytes as BIG-endian 16-bit words w (a last odd byte b
 * counts as the word b*256). With A = B = 0, for each word: A += w; B += A.
 * The words go in blocks of 360 (the last block shorter), and after each
 * block, and again after the odd byte if any, both sums are folded once:
 * A = (A & 0xffff) + (A >> 16), same for B. After everything, one more fold
 * of each; the checksum is (B << 16) | A in 32 bits. The folds are not a
 * full reduction modulo 65535, so the block boundaries are part of the
 * format (every fold point must be kept).
 *
 * libhdf5 before 1.6.3 wrote the checksum with the bytes of each 16-bit half
 * swapped on little-endian machines; libhdf5 still accepts that form, and
 * so does this reader: stored == sum or stored == ((sum & 0x00ff00ff) << 8 |
 * (sum >> 8) & 0x00ff00ff).
 * ====================================================================== */

static uint32_t h5l__fletcher32(const uint8_t *p, size_t n)
{
    size_t words = n / 2;
    uint32_t a = 0, b = 0;
    while (words > 0) {
        size_t blk = words < 360 ? words : 360, k = 0;
        words -= blk;
        /* four words per step: B gains 4A + 4w0 + 3w1 + 2w2 + w3 (exact:
         * the same sums as one word at a time, in a shorter chain) */
        for (; k + 4 <= blk; k += 4, p += 8) {
            uint32_t w0 = ((uint32_t)p[0] << 8) | p[1], w1 = ((uint32_t)p[2] << 8) | p[3];
            uint32_t w2 = ((uint32_t)p[4] << 8) | p[5], w3 = ((uint32_t)p[6] << 8) | p[7];
            b += 4u * a + 4u * w0 + 3u * w1 + 2u * w2 + w3;
            a += w0 + w1 + w2 + w3;
        }
        for (; k < blk; k++, p += 2) {
            a += ((uint32_t)p[0] << 8) | p[1];
            b += a;
        }
        a = (a & 0xffffu) + (a >> 16);
        b = (b & 0xffffu) + (b >> 16);
    }
    if (n & 1) {
        a += (uint32_t)p[0] << 8;
        b += a;
        a = (a & 0xffffu) + (a >> 16);
        b = (b & 0xffffu) + (b >> 16);
    }
    a = (a & 0xffffu) + (a >> 16);
    b = (b & 0xffffu) + (b >> 16);
    return (b << 16) | a;
}

/* Verify (reading): the chunk's data is src[0..*out_n), *out_n = n - 4. */
static int h5l__fletcher32_check(const uint8_t *src, size_t n, size_t *out_n, const char **why)
{
    uint32_t stored, sum, swapped;
    if (n < 4) H5L__FILT_CORRUPT("fletcher32 chunk shorter than its checksum");
    stored = h5l__ld32(src + n - 4);
    sum = h5l__fletcher32(src, n - 4);
    swapped = ((sum & 0x00ff00ffu) << 8) | ((sum >> 8) & 0x00ff00ffu);
    if (stored != sum && stored != swapped) H5L__FILT_CORRUPT("fletcher32 mismatch");
    *out_n = n - 4;
    return 0;
}

/* Append the checksum (writing): buf[0..n) gains 4 bytes; *out_n = n + 4. */
static int h5l__fletcher32_append(uint8_t *buf, size_t n, size_t cap, size_t *out_n, const char **why)
{
    if (n > cap || cap - n < 4) H5L__FILT_FAIL(H5L__FILT_NOFIT, "no room for the fletcher32 checksum");
    h5l__st32(buf + n, h5l__fletcher32(buf, n));
    *out_n = n + 4;
    return 0;
}

/* ======================================================================
 * LZF (filter 32000) — h5py lzf/lzf_filter.c, liblzf lzf_d.c
 *
 *   cd_values (h5py's lzf_set_local): [0] h5py's LZF filter version (4),
 *   [1] liblzf's API version (0x0105), [2] the chunk size in bytes (a
 *   decompression buffer guess); more values, if present, are kept as they
 *   were. The decoder needs none of them: they are ignored (the caller's
 *   cap bounds the output).
 *
 *   h5py flags the filter optional and compresses into a buffer of the
 *   chunk's size: when the compressed form does not fit, the filter fails,
 *   and libhdf5 stores the chunk uncompressed with the filter's mask bit set.
 *
 * The stream is a sequence of items, each starting with a control byte C:
 *
 *   C = 000LLLLL            literal run: the next L+1 bytes (1..32) are output
 *   C = LLLOOOOO [X] Y      back reference (LLL != 000): copy len bytes from
 *                           dist bytes back in the output, where
 *                             len  = LLL + 2, or, if LLL = 7, 9 + X (9..264)
 *                             dist = OOOOO * 256 + Y + 1 (1..8192)
 *                           the copy may overlap its own output (dist < len)
 *
 * The stream ends exactly at the end of the input; there is no header, no
 * end marker, no checksum. A reference before the first output byte, an
 * item cut by the end of the input, or output past cap is an error. An
 * empty input is an error (liblzf reads past it; h5py never stores one).
 * ====================================================================== */

static int h5l__lzf_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd,
                           size_t *out_n, const char **why)
{
    const uint8_t *ip = src, *const iend = src + n;
    size_t op = 0;
    (void)cd;
    (void)ncd;
    if (n == 0) H5L__FILT_CORRUPT("LZF stream is empty");
    while (ip < iend) {
        unsigned c = *ip++;
        if (c < 32) {
            size_t len = (size_t)c + 1;
            if ((size_t)(iend - ip) < len) H5L__FILT_CORRUPT("LZF literal run past the end of the input");
            if (cap - op < len) H5L__FILT_CORRUPT("LZF output larger than the chunk");
            if ((size_t)(iend - ip) >= 32 && cap - op >= 32)
                memcpy(dst + op, ip, 32);          /* fixed size: two vector moves; the excess is rewritten */
            else
                memcpy(dst + op, ip, len);
            ip += len;
            op += len;
        } else {
            size_t len = c >> 5, dist;
            uint8_t *d;
            const uint8_t *s;
            if (ip == iend) H5L__FILT_CORRUPT("LZF back reference cut by the end of the input");
            if (len == 7) {
                len += *ip++;
                if (ip == iend) H5L__FILT_CORRUPT("LZF back reference cut by the end of the input");
            }
            dist = ((size_t)(c & 31u) << 8) + *ip++ + 1;
            len += 2;
            if (dist > op) H5L__FILT_CORRUPT("LZF back reference before the start");
            if (cap - op < len) H5L__FILT_CORRUPT("LZF output larger than the chunk");
            d = dst + op;
            s = d - dist;
            op += len;
            if (dist >= 8 && cap - (op - len) >= len + 8) {
                /* 8 bytes at a time; each source block lies wholly before
                 * its destination, so it is final; up to 7 bytes past the
                 * match are written and later overwritten (within cap) */
                size_t k;
                for (k = 0; k < len; k += 8) memcpy(d + k, s + k, 8);
            } else if (dist == 1) {
                memset(d, *s, len);
            } else {
                size_t k;
                for (k = 0; k < len; k++) d[k] = s[k];
            }
        }
    }
    *out_n = op;
    return 0;
}

/* ---- LZF encoder ---------------------------------------------------------
 * Greedy LZ77 with a hash table of the last position seen for each hash of
 * 3 bytes (no chains; like liblzf, only the last two positions of a match
 * enter the table). After 64 positions without a match it looks at every
 * second position, after 128 every third, ... (like LZ4), which keeps
 * incompressible chunks cheap. The caller provides the table: H5L__LZF_HTAB_LEN
 * uint32_t (64 KiB), contents irrelevant on entry. The input must be
 * shorter than 4 GiB (an HDF5 chunk always is). The output decodes with
 * liblzf (so with h5py) and with h5l__lzf_decode. Returns H5L__FILT_NOFIT
 * when the encoded form would not fit in cap: a writer following h5py
 * passes cap = n (h5py: a buffer of the chunk's size) and, on
 * H5L__FILT_NOFIT, stores the chunk raw with the filter's mask bit set. */

#define H5L__LZF_HBITS 14u
#define H5L__LZF_HTAB_LEN ((size_t)1 << H5L__LZF_HBITS)
#define H5L__LZF_MAX_DIST 8192u
#define H5L__LZF_MAX_LEN 264u

/* Hash of the 3 bytes held in the low 24 bits of x. */
static uint32_t h5l__lzf_hash(uint32_t x)
{
    return ((x & 0xffffffu) * 2654435761u) >> (32u - H5L__LZF_HBITS);
}

/* Emit src[from..to) as literal runs of at most 32 bytes; 1 if no room. */
static int h5l__lzf_literals(const uint8_t *src, size_t from, size_t to, uint8_t *dst, size_t cap, size_t *op)
{
    while (from < to) {
        size_t run = to - from > 32 ? 32 : to - from;
        if (cap - *op < run + 1) return 1;
        dst[(*op)++] = (uint8_t)(run - 1);
        memcpy(dst + *op, src + from, run);
        *op += run;
        from += run;
    }
    return 0;
}

static int h5l__lzf_encode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, uint32_t *htab, size_t *out_n,
                           const char **why)
{
    size_t ip = 0, lit = 0, op = 0, misses = 0;
    int full = 0;
    if (n >= 0xffffffffu) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "LZF input of 4 GiB or more");
    memset(htab, 0, H5L__LZF_HTAB_LEN * sizeof *htab);     /* entries are position + 1; 0 = none */
    while (n - ip >= 4) {                                  /* 4-byte loads, 3 bytes hashed */
        uint32_t x = h5l__ld32(src + ip) & 0xffffffu, h = h5l__lzf_hash(x);
        size_t cand = htab[h];
        htab[h] = (uint32_t)(ip + 1);
        if (cand != 0 && ip - (cand - 1) <= H5L__LZF_MAX_DIST && (h5l__ld32(src + cand - 1) & 0xffffffu) == x) {
            const uint8_t *a = src + cand - 1, *b = src + ip;
            size_t max = n - ip < H5L__LZF_MAX_LEN ? n - ip : H5L__LZF_MAX_LEN, len = 3, off = (size_t)(b - a) - 1;
            for (;;) {                                     /* 8 bytes at a time while equal */
                uint64_t u, w;
                if (max - len < 8) break;
                memcpy(&u, a + len, 8);
                memcpy(&w, b + len, 8);
                if (u != w) break;
                len += 8;
            }
            while (len < max && a[len] == b[len]) len++;
            if (h5l__lzf_literals(src, lit, ip, dst, cap, &op) || cap - op < (len - 2 < 7 ? 2u : 3u)) {
                full = 1;
                break;
            }
            if (len - 2 < 7) {
                dst[op++] = (uint8_t)(((len - 2) << 5) | (off >> 8));
            } else {
                dst[op++] = (uint8_t)((7u << 5) | (off >> 8));
                dst[op++] = (uint8_t)(len - 9);
            }
            dst[op++] = (uint8_t)off;
            ip += len;
            lit = ip;
            misses = 0;
            if (n - ip >= 4 && ip >= 2) {                  /* the match's last two positions */
                htab[h5l__lzf_hash(h5l__ld32(src + ip - 2))] = (uint32_t)(ip - 1);
                htab[h5l__lzf_hash(h5l__ld32(src + ip - 1))] = (uint32_t)ip;
            }
            continue;
        }
        {                                                  /* incompressible: look less often */
            size_t step = 1 + (misses++ >> 6);
            if (n - ip <= step + 3) break;                 /* the rest is literals */
            ip += step;
        }
    }
    if (full || h5l__lzf_literals(src, lit, n, dst, cap, &op)) H5L__FILT_FAIL(H5L__FILT_NOFIT, "LZF output does not fit");
    *out_n = op;
    return 0;
}

/* ======================================================================
 * SCALE-OFFSET (filter 6) — libhdf5 src/H5Zscaleoffset.c
 * (H5Z__set_local_scaleoffset: the parameters; H5Z__filter_scaleoffset:
 * the header; H5Z__scaleoffset_decompress*: the bit order;
 * H5Z__scaleoffset_postdecompress_i/_fd: the values)
 *
 *   cd_values: exactly 20 (libhdf5 rejects any other count)
 *   [0]  scale type: 0 float D-scaling, 1 float E-scaling (never written:
 *        libhdf5 refuses it), 2 integer
 *   [1]  scale factor, a signed 32-bit value: integers: the minimum bits
 *        (<= 0: computed per chunk; = 8*size: the filter does nothing);
 *        floats (D-scaling): D, the decimal digits kept
 *   [2]  number of elements in a chunk (whole chunk: edge chunks included)
 *   [3]  class: 0 integer, 1 float
 *   [4]  element size in bytes (integers 1, 2, 4, 8; floats 4, 8)
 *   [5]  integer sign: 0 unsigned, 1 two's complement
 *   [6]  byte order of the dataset's type: 0 little-endian, 1 big-endian
 *   [7]  fill value defined: 0 no, 1 yes (a dataset that never set one has
 *        the default fill 0 and counts as defined)
 *   [8.. the fill value's bits as a number, 32 bits per value, least
 *        significant first ([8] low, [9] high for 8-byte types; 1- and
 *        2-byte types zero-extended in [8]), whatever the byte orders
 *   [10..19] zeros
 *
 * Stored chunk:
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       4     minbits M, little-endian (0 <= M <= 8*size)
 *   4       1     size in bytes of the minimum that follows (8; only the
 *                 first min(this, 8) bytes are read, missing ones are 0)
 *   5       8     minimum, little-endian: integers: the chunk's minimum
 *                 (signed ones sign-extended); floats: the bits of the
 *                 minimum as a float of the element's size in the low bytes
 *   13      8     zeros
 *   21      ...   nelmts values of M bits each, most significant bit first,
 *                 packed without gaps from the top bit of byte 21 on (the
 *                 writer leaves a spare byte at the end)
 *
 * M = 8*size: the 21-byte header, then the elements unchanged in the
 * WRITER'S byte order (libhdf5 converts to native order before the filter
 * and back after it), which this reader takes as little-endian: the order
 * of every machine libhdf5 runs on today.
 *
 * Decoding element i from its packed value v (0 <= v < 2^M, M < 8*size):
 *   - fill defined and v = 2^M - 1 (all ones; with M = 0, v = 0 is all
 *     ones): the element is the fill value, exactly.
 *   - integers: (v + minimum) modulo 2^(8*size), signed or not.
 *   - floats: the element is (float)v / 10^D + min, computed in the
 *     element's precision (float or double), where 10^D is correctly
 *     rounded to that precision (libhdf5: powf / pow).
 * Values are then stored in the dataset's byte order.
 * ====================================================================== */

/* 10^d correctly rounded to a double (single = 0) or a float (single = 1),
 * returned as a double holding that value. Exact arithmetic where 10^|d| is
 * exact (|d| <= 22 in double, <= 10 in float: one correctly rounded
 * division for negative d); beyond that the C library's correctly rounding
 * decimal conversion (no libm), except where glibc's pow differs (below). */
static double h5l__pow10(int32_t d, int single)
{
    unsigned k, m = d < 0 ? (unsigned)(-(d + 1)) + 1u : (unsigned)d;
    if (m <= (single ? 10u : 22u)) {
        double p = 1.0;
        for (k = 0; k < m; k++) p *= 10.0;             /* exact: 10^m < 2^53 (2^24 in float) */
        if (single) {
            float pf = (float)p;
            return d < 0 ? (double)(1.0f / pf) : (double)pf;
        }
        return d < 0 ? 1.0 / p : p;
    } else if (single) {
        char buf[32];
        snprintf(buf, sizeof buf, "1e%ld", (long)d);
        return (double)strtof(buf, NULL);
    } else {
        char buf[32];
        double p;
        uint64_t bits;
        snprintf(buf, sizeof buf, "1e%ld", (long)d);
        p = strtod(buf, NULL);
        /* glibc's pow(10, D), which libhdf5 on Linux uses, is one unit in
         * the last place above the correctly rounded power for D = 23 and
         * D = 210 (and only those, checked over -400..400 in test.c):
         * follow it, so the decoded values are libhdf5's to the bit. */
        if (d == 23 || d == 210) {
            memcpy(&bits, &p, 8);
            bits++;
            memcpy(&p, &bits, 8);
        }
        return p;
    }
}

static int h5l__scaleoffset_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd,
                                   size_t ncd, size_t *out_n, const char **why)
{
    uint32_t stype, nelmts, cls, size, order, fill_on, minbits, msize, i, k;
    int32_t sf;
    uint64_t total, packed, minval = 0, fill = 0, mask, ones;
    h5l__bitin bits;

    if (ncd != 20) H5L__FILT_CORRUPT("scale-offset needs exactly 20 parameters");
    stype = cd[0];
    sf = cd[1] <= 0x7fffffffu ? (int32_t)cd[1] : -(int32_t)(0xffffffffu - cd[1]) - 1;
    nelmts = cd[2];
    cls = cd[3];
    size = cd[4];
    order = cd[6];
    fill_on = cd[7];
    if (cls == 0) {
        if (stype != 2) H5L__FILT_CORRUPT("scale-offset integer data without the integer scale type");
        if (cd[5] > 1) H5L__FILT_CORRUPT("scale-offset integer sign is neither unsigned nor two's complement");
        if (size != 1 && size != 2 && size != 4 && size != 8) H5L__FILT_CORRUPT("scale-offset integer size is not 1, 2, 4 or 8");
    } else if (cls == 1) {
        if (stype == 1) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "scale-offset E-scaling is not supported");
        if (stype != 0) H5L__FILT_CORRUPT("scale-offset float data without a float scale type");
        if (size != 4 && size != 8) H5L__FILT_CORRUPT("scale-offset float size is not 4 or 8");
    } else {
        H5L__FILT_CORRUPT("scale-offset class is neither integer nor float");
    }
    if (order > 1) H5L__FILT_CORRUPT("scale-offset byte order is neither little- nor big-endian");
    if (fill_on > 1) H5L__FILT_CORRUPT("scale-offset fill flag is neither 0 nor 1");
    total = (uint64_t)nelmts * size;
    if (total > cap) H5L__FILT_CORRUPT("scale-offset chunk larger than the output buffer");

    if (cls == 0) {
        if (sf > (int32_t)(8 * size)) H5L__FILT_CORRUPT("scale-offset minimum bits exceed the element size");
        if (sf == (int32_t)(8 * size)) {               /* the filter did nothing */
            if (n > cap) H5L__FILT_CORRUPT("scale-offset chunk larger than the output buffer");
            if (n) memcpy(dst, src, n);
            *out_n = n;
            return 0;
        }
    }
    if (n < 21) H5L__FILT_CORRUPT("scale-offset chunk shorter than its 21-byte header");
    minbits = h5l__ld32(src);
    if (minbits > 8 * size) H5L__FILT_CORRUPT("scale-offset minbits larger than the element");
    msize = src[4] < 8 ? src[4] : 8;
    for (k = 0; k < msize; k++) minval |= (uint64_t)src[5 + k] << (8 * k);

    if (minbits == 8 * size) {                         /* values stored whole, writer's (little-endian) order */
        if (n - 21 < total) H5L__FILT_CORRUPT("scale-offset chunk truncated");
        if (order == 0 || size == 1) {
            if (total) memcpy(dst, src + 21, (size_t)total);
        } else {
            for (i = 0; i < nelmts; i++)
                for (k = 0; k < size; k++) dst[(size_t)i * size + k] = src[21 + (size_t)i * size + (size - 1 - k)];
        }
        *out_n = (size_t)total;
        return 0;
    }

    packed = ((uint64_t)nelmts * minbits + 7) / 8;
    if (n - 21 < packed) H5L__FILT_CORRUPT("scale-offset chunk truncated");
    h5l__bitin_init(&bits, src + 21, (size_t)packed);
    mask = size == 8 ? ~(uint64_t)0 : (((uint64_t)1 << (8 * size)) - 1);
    ones = ((uint64_t)1 << minbits) - 1;               /* minbits < 64 here */
    if (fill_on) fill = ((uint64_t)cd[8] | ((uint64_t)cd[9] << 32)) & mask;

    if (cls == 0) {
        for (i = 0; i < nelmts; i++) {
            uint64_t v;
            if (h5l__bitin_get64(&bits, minbits, &v)) H5L__FILT_CORRUPT("scale-offset chunk truncated");
            h5l__f_stn(dst + (size_t)i * size, (fill_on && v == ones) ? fill : ((v + minval) & mask), size, (int)order);
        }
    } else if (size == 4) {
        uint32_t b32 = (uint32_t)minval;
        float mn, p = (float)h5l__pow10(sf, 1);
        memcpy(&mn, &b32, 4);
        if (!(p > 0.0f) || p - p != 0.0f) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "scale-offset decimal scale factor out of range");
        for (i = 0; i < nelmts; i++) {
            uint64_t v;
            if (h5l__bitin_get64(&bits, minbits, &v)) H5L__FILT_CORRUPT("scale-offset chunk truncated");
            if (fill_on && v == ones) {
                b32 = (uint32_t)fill;
            } else {
                /* one rounding to float per operation, as libhdf5 computes
                 * in float: the assignments round where float expressions
                 * are evaluated wider (FLT_EVAL_METHOD 1 on s390x, 2 on x87;
                 * a division rounded to double and then to float is the
                 * float division, exactly) */
                float q = (float)(int32_t)v / p;        /* v < 2^31 */
                float x = q + mn;
                memcpy(&b32, &x, 4);
            }
            h5l__f_stn(dst + (size_t)i * 4, b32, 4, (int)order);
        }
    } else {
        uint64_t b64 = minval;
        double mn, p = h5l__pow10(sf, 0);
        memcpy(&mn, &b64, 8);
        if (!(p > 0.0) || p - p != 0.0) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "scale-offset decimal scale factor out of range");
        for (i = 0; i < nelmts; i++) {
            uint64_t v;
            if (h5l__bitin_get64(&bits, minbits, &v)) H5L__FILT_CORRUPT("scale-offset chunk truncated");
            if (fill_on && v == ones) {
                b64 = fill;
            } else {
                double q = (double)(int64_t)v / p;      /* v < 2^63 */
                double x = q + mn;
                memcpy(&b64, &x, 8);
            }
            h5l__f_stn(dst + (size_t)i * 8, b64, 8, (int)order);
        }
    }
    *out_n = (size_t)total;
    return 0;
}

/* ======================================================================
 * N-BIT (filter 5) — libhdf5 src/H5Znbit.c (H5Z__set_local_nbit and
 * H5Z__set_parms_*: the parameters; H5Z__nbit_decompress*: the walk and
 * the bit order)
 *
 *   cd_values:
 *   [0]  the number of values, = ncd
 *   [1]  1: nothing to do (every atomic part is full precision, or the type
 *        is neither integer, float, array nor compound): chunk unchanged
 *   [2]  number of elements in a chunk
 *   [3.. the datatype, described recursively; the description of a type T
 *        is its class code then:
 *          1 atomic (integer, float)  size, order (0 LE, 1 BE), precision, offset
 *          2 array                    size, then the base type's description
 *          3 compound                 size, nmembers, then per member: its byte
 *                                     offset, then its type's description
 *          4 no-op (anything else)    size
 *        so cd[3] is the class of the element type and cd[4] its size.
 *
 * The stored chunk is one bit stream, most significant bit first, without
 * any header: for each element, its parts in description order; an atomic
 * part contributes its `precision` significant bits (bits offset ..
 * offset+precision-1 of the value), taken from its most significant byte
 * to its least significant one and within each byte from the top; a no-op
 * part contributes its bytes whole (8 bits each, in memory order, not byte
 * aligned in the stream). Decoding zeroes every other bit. The writer adds
 * one spare byte at the end; trailing bytes are ignored.
 *
 *   example: int32 little-endian, precision 12, offset 3 (value bits 3..14)
 *     element bytes  [0] ppppp---  [1] -ppppppp  [2] --------  [3] --------
 *                        (p: the part's bits; '-': not stored, decoded as 0)
 *     stream         |e0 bits 14..3|e1 bits 14..3|e2 ...      12 bits each,
 *                    from the top bit of the first byte on     MSB first
 *   a compound { a: int16 precision 5 offset 0, s: 3-byte string } gives
 *   5 bits of a, then 24 bits of s, per element, with no alignment.
 *
 * Replayed as libhdf5 (1.10 to 1.14) walks the description, quirks
 * included:
 *   - Within an array whose base is an array or a compound, the walk comes
 *     back to the start of the base's description after the items, so what
 *     follows (the next compound member) is read from inside the base's
 *     description. libhdf5's writer walks the same way, so the data it
 *     wrote is read back exactly so: for a compound { a: array of compound,
 *     b: int } member b reads cd values of a's base, is usually an empty
 *     array, and b is neither stored nor restored (libhdf5 reads it back
 *     as 0). Newer libhdf5 (1.14.4+) rejects such parameters; this reader
 *     follows what was written.
 *   - Each written byte of an atomic or no-op part is assigned, not OR-ed:
 *     bits of that byte outside the part become 0.
 *   - The compound's own size is read but not used.
 * Checked beyond libhdf5 1.10: parameter list long enough at every step,
 * atomic precision + offset <= 8 * size, sizes (divisors) not 0, every byte
 * written inside the chunk, input long enough, nesting depth <= 32, and a
 * bound on the steps of the walk (no endless walk of empty arrays).
 * ====================================================================== */

#define H5L__NBIT_ATOMIC 1u
#define H5L__NBIT_ARRAY 2u
#define H5L__NBIT_COMPOUND 3u
#define H5L__NBIT_NOOP 4u
#define H5L__NBIT_MAX_DEPTH 32u

typedef struct h5l__nbit {
    const uint32_t *cd;
    size_t ncd;
    h5l__bitin in;
    uint8_t *out;
    size_t out_len;            /* bytes of the decoded chunk */
    uint64_t steps;            /* walk steps left */
    const char *why;
} h5l__nbit;

/* 1 if cd[idx .. idx+k) exist. */
static int h5l__nbit_have(const h5l__nbit *w, size_t idx, size_t k)
{
    return idx <= w->ncd && w->ncd - idx >= k;
}

static int h5l__nbit_step(h5l__nbit *w)
{
    if (w->steps == 0) {
        w->why = "n-bit parameters describe an endless walk";
        return 1;
    }
    w->steps--;
    return 0;
}

/* One atomic part at byte `at` of the chunk. */
static int h5l__nbit_atomic(h5l__nbit *w, uint64_t at, uint32_t size, uint32_t order, uint32_t prec, uint32_t off)
{
    uint64_t top = (uint64_t)prec + off;
    uint32_t b, first, last;
    if (h5l__nbit_step(w)) return 1;
    if (size == 0) { w->why = "n-bit atomic size is 0"; return 1; }
    if (order > 1) { w->why = "n-bit byte order is neither little- nor big-endian"; return 1; }
    if (top > 8 * (uint64_t)size) { w->why = "n-bit precision and offset exceed the element"; return 1; }
    if (at > w->out_len || w->out_len - at < size) { w->why = "n-bit part outside the chunk"; return 1; }
    if (prec == 0) {                                   /* libhdf5: zeroes the byte holding a non-aligned offset */
        if (off % 8) w->out[at + (order ? size - 1 - off / 8 : off / 8)] = 0;
        return 0;
    }
    first = (uint32_t)((top - 1) / 8);                 /* the most significant byte holding part bits */
    last = off / 8;
    for (b = first + 1; b-- > last;) {
        uint64_t bit0 = (uint64_t)b * 8;               /* the byte's first bit */
        uint32_t lo = bit0 < off ? (uint32_t)(off - bit0) : 0;
        uint32_t hi = top < bit0 + 8 ? (uint32_t)(top - bit0) : 8;
        uint32_t v;
        if (h5l__bitin_get(&w->in, hi - lo, &v)) { w->why = "n-bit chunk truncated"; return 1; }
        w->out[at + (order ? size - 1 - b : b)] = (uint8_t)(v << lo);
    }
    return 0;
}

/* A no-op part: `size` bytes, 8 bits each. */
static int h5l__nbit_noop(h5l__nbit *w, uint64_t at, uint32_t size)
{
    uint32_t k, v;
    if (h5l__nbit_step(w)) return 1;
    if (at > w->out_len || w->out_len - at < size) { w->why = "n-bit part outside the chunk"; return 1; }
    for (k = 0; k < size; k++) {
        if (h5l__bitin_get(&w->in, 8, &v)) { w->why = "n-bit chunk truncated"; return 1; }
        w->out[at + k] = (uint8_t)v;
    }
    return 0;
}

static int h5l__nbit_compound(h5l__nbit *w, size_t *idx, uint64_t at, unsigned depth);

/* An array at byte `at`; *idx is the index of its size (its class read). */
static int h5l__nbit_array(h5l__nbit *w, size_t *idx, uint64_t at, unsigned depth)
{
    uint32_t total, base, bsize, count, i;
    size_t begin;
    if (h5l__nbit_step(w)) return 1;
    if (depth > H5L__NBIT_MAX_DEPTH) { w->why = "n-bit type nested too deeply"; return 1; }
    if (!h5l__nbit_have(w, *idx, 2)) { w->why = "n-bit parameters end inside the type description"; return 1; }
    total = w->cd[(*idx)++];
    base = w->cd[(*idx)++];
    switch (base) {
    case H5L__NBIT_ATOMIC: {
        const uint32_t *p = w->cd + *idx;
        if (!h5l__nbit_have(w, *idx, 4)) { w->why = "n-bit parameters end inside the type description"; return 1; }
        *idx += 4;
        if (p[0] == 0) { w->why = "n-bit atomic size is 0"; return 1; }
        count = total / p[0];
        for (i = 0; i < count; i++)
            if (h5l__nbit_atomic(w, at + (uint64_t)i * p[0], p[0], p[1], p[2], p[3])) return 1;
        return 0;
    }
    case H5L__NBIT_ARRAY:
    case H5L__NBIT_COMPOUND:
        if (!h5l__nbit_have(w, *idx, 1)) { w->why = "n-bit parameters end inside the type description"; return 1; }
        bsize = w->cd[*idx];
        if (bsize == 0) { w->why = "n-bit array base size is 0"; return 1; }
        count = total / bsize;
        begin = *idx;
        for (i = 0; i < count; i++) {
            *idx = begin;
            if (base == H5L__NBIT_ARRAY ? h5l__nbit_array(w, idx, at + (uint64_t)i * bsize, depth + 1)
                                        : h5l__nbit_compound(w, idx, at + (uint64_t)i * bsize, depth + 1))
                return 1;
        }
        *idx = begin;                                  /* libhdf5's walk: back to the base's description */
        return 0;
    case H5L__NBIT_NOOP:
        if (!h5l__nbit_have(w, *idx, 1)) { w->why = "n-bit parameters end inside the type description"; return 1; }
        (*idx)++;
        return h5l__nbit_noop(w, at, total);
    default:
        w->why = "n-bit array base of unknown class";
        return 1;
    }
}

/* A compound at byte `at`; *idx is the index of its size (its class read). */
static int h5l__nbit_compound(h5l__nbit *w, size_t *idx, uint64_t at, unsigned depth)
{
    uint32_t nmemb, m;
    if (h5l__nbit_step(w)) return 1;
    if (depth > H5L__NBIT_MAX_DEPTH) { w->why = "n-bit type nested too deeply"; return 1; }
    if (!h5l__nbit_have(w, *idx, 2)) { w->why = "n-bit parameters end inside the type description"; return 1; }
    nmemb = w->cd[*idx + 1];
    *idx += 2;
    for (m = 0; m < nmemb; m++) {
        uint32_t moff, mclass, msize;
        if (h5l__nbit_step(w)) return 1;
        if (!h5l__nbit_have(w, *idx, 3)) { w->why = "n-bit parameters end inside the type description"; return 1; }
        moff = w->cd[*idx];
        mclass = w->cd[*idx + 1];
        msize = w->cd[*idx + 2];
        *idx += 2;
        switch (mclass) {
        case H5L__NBIT_ATOMIC: {
            const uint32_t *p = w->cd + *idx;
            if (!h5l__nbit_have(w, *idx, 4)) { w->why = "n-bit parameters end inside the type description"; return 1; }
            *idx += 4;
            if (h5l__nbit_atomic(w, at + moff, msize, p[1], p[2], p[3])) return 1;
            break;
        }
        case H5L__NBIT_ARRAY:
            if (h5l__nbit_array(w, idx, at + moff, depth + 1)) return 1;
            break;
        case H5L__NBIT_COMPOUND:
            if (h5l__nbit_compound(w, idx, at + moff, depth + 1)) return 1;
            break;
        case H5L__NBIT_NOOP:
            (*idx)++;
            if (h5l__nbit_noop(w, at + moff, msize)) return 1;
            break;
        default:
            w->why = "n-bit compound member of unknown class";
            return 1;
        }
    }
    return 0;
}

static int h5l__nbit_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd,
                            size_t *out_n, const char **why)
{
    uint32_t nelmts, esize, i;
    uint64_t total;
    h5l__nbit w;

    if (ncd < 3 || cd[0] != ncd) H5L__FILT_CORRUPT("n-bit parameter count does not match its first value");
    if (cd[1] != 0) {                                  /* nothing to undo */
        if (n > cap) H5L__FILT_CORRUPT("n-bit chunk larger than the output buffer");
        if (n) memcpy(dst, src, n);
        *out_n = n;
        return 0;
    }
    if (ncd < 5) H5L__FILT_CORRUPT("n-bit parameters end inside the type description");
    nelmts = cd[2];
    esize = cd[4];
    if (esize == 0) H5L__FILT_CORRUPT("n-bit element size is 0");
    total = (uint64_t)nelmts * esize;
    if (total > cap) H5L__FILT_CORRUPT("n-bit chunk larger than the output buffer");
    if (total) memset(dst, 0, (size_t)total);

    w.cd = cd;
    w.ncd = ncd;
    h5l__bitin_init(&w.in, src, n);
    w.out = dst;
    w.out_len = (size_t)total;
    w.steps = 8 * total + 8 * (uint64_t)nelmts + 4 * (uint64_t)ncd + 65536;
    w.why = "n-bit chunk is corrupt";

    switch (cd[3]) {
    case H5L__NBIT_ATOMIC: {
        uint32_t order, prec, off;
        if (ncd < 8) H5L__FILT_CORRUPT("n-bit parameters end inside the type description");
        order = cd[5];
        prec = cd[6];
        off = cd[7];
        if (order > 1) H5L__FILT_CORRUPT("n-bit byte order is neither little- nor big-endian");
        if ((uint64_t)prec + off > 8 * (uint64_t)esize) H5L__FILT_CORRUPT("n-bit precision and offset exceed the element");
        if (esize <= 8 && prec > 0) {
            /* whole values: precision bits, placed at the offset */
            uint64_t need = (uint64_t)nelmts * prec;
            h5l__bitin_init(&w.in, src, n);
            if ((uint64_t)n * 8 < need) H5L__FILT_CORRUPT("n-bit chunk truncated");
            for (i = 0; i < nelmts; i++) {
                uint64_t v;
                if (h5l__bitin_get64(&w.in, prec, &v)) H5L__FILT_CORRUPT("n-bit chunk truncated");
                h5l__f_stn(dst + (size_t)i * esize, v << off, esize, (int)order);
            }
        } else {
            for (i = 0; i < nelmts; i++)
                if (h5l__nbit_atomic(&w, (uint64_t)i * esize, esize, order, prec, off)) H5L__FILT_CORRUPT(w.why);
        }
        break;
    }
    case H5L__NBIT_ARRAY:
    case H5L__NBIT_COMPOUND:
        for (i = 0; i < nelmts; i++) {
            size_t idx = 4;
            if (cd[3] == H5L__NBIT_ARRAY ? h5l__nbit_array(&w, &idx, (uint64_t)i * esize, 0)
                                         : h5l__nbit_compound(&w, &idx, (uint64_t)i * esize, 0))
                H5L__FILT_CORRUPT(w.why);
        }
        break;
    default:
        H5L__FILT_CORRUPT("n-bit element class is not atomic, array or compound");
    }
    *out_n = (size_t)total;
    return 0;
}

#if !defined(H5L_NO_EXTRA_CODECS)
static int h5l__zstd_decompress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, uint8_t *work, size_t work_cap, size_t *out_n,
                                const char **why);

/* ======================================================================
 * FILTERS 32004, 32008 — LZ4 (the HDF5 lz4 plugin) and bitshuffle: decoders
 * ======================================================================
 *
 * 1. One raw LZ4 block (no frame) is a run of sequences:
 *
 *   SIZE      DESCRIPTION
 *   1         token: high nibble = literal count L, low nibble = match
 *             length M - 4
 *   0..       if L == 15: more bytes, each added to L; a byte < 255 ends
 *   L         literal bytes, copied to the output
 *   2         match offset D, little-endian, 1 <= D <= bytes output so far
 *   0..       if M - 4 == 15: more bytes added to M as for L
 *
 *   The last sequence stops right after its literals: the block ends there.
 *   A match copies M bytes from D bytes back, byte by byte in effect, so
 *   D < M repeats a pattern.
 *
 * 2. Filter 32004 chunk (the HDF5 LZ4 plugin, H5Zlz4.c). All big-endian.
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       8     T = original (decoded) size of the chunk in bytes
 *   8       4     B = block size in bytes (of decoded data; > T means T)
 *   12      ...   ceil(T / B) blocks, each:
 *                   4  C = stored size of this block
 *                   C  the block: raw bytes if C equals its decoded size
 *                      (B, or T mod B for a shorter last block), otherwise
 *                      one LZ4 block decoding to exactly that size
 *   cd[0] = block size and cd[1] = level are encoder settings only.
 *
 * 3. Bitshuffle transposition of N elements of S bytes (N a multiple of 8):
 *   the output is 8*S bit planes of N/8 bytes each.  Plane p = 8*j + k
 *   holds bit k (0 = least significant) of byte j (memory order) of every
 *   element; element i sits at bit i%8 of byte i/8 of its plane.
 *
 * 4. Filter 32008 chunk (bitshuffle's bshuf_h5filter.c).
 *   cd[0..1] = bitshuffle version, cd[2] = S, cd[3] = block size in
 *   elements (0: 8192/S rounded down to a multiple of 8, at least 128),
 *   cd[4] = 0 none, 2 LZ4, 3 Zstd.  A chunk of N = bytes / S
 *   elements is cut into blocks of K elements, then one shorter block of
 *   (N mod K) rounded down to a multiple of 8, then the N mod 8 last
 *   elements are stored as they are.
 *
 *   Without compression (cd[4] = 0): no header, each block's transposition
 *   in order, then the leftover elements raw; the chunk keeps its size.
 *
 *   With compression (cd[4] = 2 or 3):
 *   OFFSET  SIZE  DESCRIPTION
 *   0       8     T = decoded size in bytes (big-endian)
 *   8       4     K*S = block size in bytes (big-endian); overrides cd[3]
 *   12      ...   for each block: 4-byte big-endian C, then C bytes of one
 *                 LZ4 block (or of zstd frames) that decode to the block's
 *                 transposition
 *   ...     ...   the (N mod 8) * S leftover bytes, raw
 */

/* Reads the 255-continued extension of a literal or match length.  Returns 0
 * when the input ends inside it or the length would not fit in size_t. */
static int h5l__lz4_extlen(const uint8_t **pip, const uint8_t *iend, size_t *len)
{
    const uint8_t *ip = *pip;
    size_t l = *len;
    unsigned b;
    do {
        if (ip >= iend) return 0;
        b = *ip++;
        if (l > (size_t)-1 - 255) return 0;
        l += b;
    } while (b == 255);
    *pip = ip;
    *len = l;
    return 1;
}

/* Decodes exactly one raw LZ4 block src[0..n) into dst[0..cap).  Returns 0 and
 * the decoded size in *out_n, nonzero when the block is malformed: truncated
 * sequence, offset 0 or before dst, output past cap, or the input not ending
 * right after the last literals.  dst bytes past *out_n may be overwritten
 * (wide copies) but never past cap. */
/* Match copies with a period off < 8 (LZ4 and Zstandard): after 8 bytes
 * copied one by one, h5l__period8[off] is the smallest multiple of off that
 * is >= 8, so the rest copies 8 bytes at a time from that far back. */
static const uint8_t h5l__period8[8] = {0, 8, 8, 9, 8, 10, 12, 14};

static int h5l__lz4_block(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *out_n)
{
    const uint8_t *ip = src;
    const uint8_t *const iend = src + n;
    uint8_t *op = dst;
    uint8_t *const oend = dst + cap;
    /* Hot-path limits: ip < ilim leaves a token and 16 more input bytes,
     * op <= olim leaves 40 output bytes. Both stay at the start (hot path
     * never taken) when the buffers are too small to form them. */
    const uint8_t *ilim = src;
    uint8_t *olim = dst;

    *out_n = 0;
    if (n == 0) return 1; /* a block has at least one token */
    if (n > 16 && cap >= 40) {
        ilim = iend - 16;
        olim = oend - 40;
    }
    for (;;) {
        unsigned token;
        size_t lit, ml, off;
        const uint8_t *m;

        if (H5L__LIKELY(ip < ilim && op <= olim)) {
            token = *ip++;
            lit = token >> 4;
            /* Hot path: short literals and a short match far from both ends. */
            if (H5L__LIKELY(lit != 15)) {
                memcpy(op, ip, 16);
                op += lit;
                ip += lit; /* ip + 2 <= iend still holds: lit <= 14 */
                off = (size_t)ip[0] | ((size_t)ip[1] << 8);
                ml = token & 15;
                if (H5L__LIKELY(ml != 15 && off >= 8 && off <= (size_t)(op - dst))) {
                    /* ml + 4 <= 18; op + 18 <= oend since oend - op >= 40 - 14 */
                    m = op - off;
                    memcpy(op, m, 8);
                    memcpy(op + 8, m + 8, 8);
                    memcpy(op + 16, m + 16, 8);
                    op += ml + 4;
                    ip += 2;
                    continue;
                }
                if (ml == 15 && off >= 16 && off <= (size_t)(op - dst)) {
                    /* Long match from far enough back for 16-byte moves. */
                    size_t room = (size_t)(oend - op);
                    ip += 2;
                    if (!h5l__lz4_extlen(&ip, iend, &ml)) return 1;
                    if (ml <= room && room - ml >= 36) { /* ml + 4 + 32 bytes */
                        uint8_t *const e = op + ml + 4;
                        m = op - off;
                        do {
                            memcpy(op, m, 16);
                            memcpy(op + 16, m + 16, 16);
                            op += 32;
                            m += 32;
                        } while (op < e);
                        op = e;
                        continue;
                    }
                    goto match_len;
                }
                goto match_off; /* ip points at the offset, off read */
            }
        } else {
            if (H5L__UNLIKELY(ip >= iend)) return 1; /* input ended after a match */
            token = *ip++;
            lit = token >> 4;
        }

        /* General literal path. */
        if (lit == 15 && !h5l__lz4_extlen(&ip, iend, &lit)) return 1;
        if (lit > (size_t)(iend - ip) || lit > (size_t)(oend - op)) return 1;
        if (lit > 64) {
            memcpy(op, ip, lit); /* long run: the C library's copy is fastest */
            op += lit;
            ip += lit;
        } else if ((size_t)(iend - ip) - lit >= 16 && (size_t)(oend - op) - lit >= 16) {
            /* Room for 16-byte over-copies on both sides. */
            uint8_t *const e = op + lit;
            do {
                memcpy(op, ip, 16);
                op += 16;
                ip += 16;
            } while (op < e);
            ip -= (size_t)(op - e);
            op = e;
        } else {
            memcpy(op, ip, lit);
            op += lit;
            ip += lit;
        }
        if (ip == iend) break; /* the last sequence ends after its literals */

        if ((size_t)(iend - ip) < 2) return 1;
        off = (size_t)ip[0] | ((size_t)ip[1] << 8);
    match_off:
        ip += 2;
        if (off == 0 || off > (size_t)(op - dst)) return 1;
        ml = token & 15;
        if (ml == 15 && !h5l__lz4_extlen(&ip, iend, &ml)) return 1;
    match_len: /* ip is past the match length; 0 < off <= op - dst */
        m = op - off;
        if (ml > (size_t)-1 - 4) return 1;
        ml += 4;
        if (ml > (size_t)(oend - op)) return 1;

        if (off >= ml && ml > 64) {
            memcpy(op, m, ml); /* long match that does not overlap itself */
            op += ml;
        } else if ((size_t)(oend - op) - ml >= 32) {
            /* Room for over-copies of up to 32 bytes past the match end. */
            uint8_t *const e = op + ml;
            if (off >= 16) {
                do { /* 32 bytes a step: two non-overlapping 16-byte moves */
                    memcpy(op, m, 16);
                    memcpy(op + 16, m + 16, 16);
                    op += 32;
                    m += 32;
                } while (op < e);
            } else if (off >= 8) {
                do {
                    memcpy(op, m, 8);
                    op += 8;
                    m += 8;
                } while (op < e);
            } else if (ml <= 32) {
                /* Short match, period < 8: seed 8 bytes one by one, then
                ** copy 8 at a time from a multiple of the period >= 8 back. */
                op[0] = m[0];
                op[1] = m[1];
                op[2] = m[2];
                op[3] = m[3];
                op[4] = m[4];
                op[5] = m[5];
                op[6] = m[6];
                op[7] = m[7];
                m = op + 8 - h5l__period8[off];
                op += 8;
                while (op < e) {
                    memcpy(op, m, 8);
                    op += 8;
                    m += 8;
                }
            } else {
                /* Period < 8: build 16 bytes of the pattern, then store them
                ** repeatedly, stepping by a whole number of periods. */
                uint8_t pat[32];
                size_t i, step = 32 - 32 % off;
                for (i = 0; i < off; i++) pat[i] = m[i];
                for (; i < 32; i++) pat[i] = pat[i - off];
                do {
                    memcpy(op, pat, 16);
                    memcpy(op + 16, pat + 16, 16);
                    op += step;
                } while (op < e);
            }
            op = e;
        } else {
            /* Near the end of dst (a Blosc stream's last match runs up to its
             * end): whole 16-byte pieces that stay inside the match, then the
             * rest byte by byte. Overlapping sources (off < 16) copy from
             * the period's pattern. */
            size_t i = 0;
            if (off >= 16) {
                for (; ml - i >= 16; i += 16) memcpy(op + i, m + i, 16);
            } else if (ml >= 16) {
                uint8_t pat[32];
                size_t k, step = 16 - 16 % off;
                for (k = 0; k < off; k++) pat[k] = m[k];
                for (; k < 32; k++) pat[k] = pat[k - off];
                for (; ml - i >= 16; i += step) memcpy(op + i, pat, 16);
            }
            for (; i < ml; i++) op[i] = m[i];
            op += ml;
        }
    }
    *out_n = (size_t)(op - dst);
    return 0;
}

/* Filter 32004: the HDF5 LZ4 plugin's chunk (see the drawing above). */
static int h5l__lz4_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                           const uint32_t *cd, size_t ncd, uint8_t *tmp, size_t tmpcap,
                           size_t *out_n, const char **why)
{
    uint64_t total64;
    size_t total, bsize, done = 0, pos = 12;

    (void)cd; (void)ncd; (void)tmp; (void)tmpcap; /* cd holds encoder settings only */
    *out_n = 0;
    if (n < 12) H5L__FILT_CORRUPT("chunk shorter than its 12-byte header");
    total64 = h5l__ld64be(src);
    if (total64 > (uint64_t)cap) H5L__FILT_CORRUPT("original size larger than the chunk");
    total = (size_t)total64;
    bsize = (size_t)h5l__ld32be(src + 8);
    if (bsize == 0 && total > 0) H5L__FILT_CORRUPT("block size is 0");
    if (bsize > total) bsize = total;
    while (done < total) {
        size_t this_n = total - done < bsize ? total - done : bsize;
        size_t c, got;
        if (n - pos < 4) H5L__FILT_CORRUPT("chunk ends inside a block header");
        c = (size_t)h5l__ld32be(src + pos);
        pos += 4;
        if (c > n - pos) H5L__FILT_CORRUPT("block extends past the end of the chunk");
        if (c == this_n) {
            memcpy(dst + done, src + pos, c); /* stored uncompressed */
        } else if (h5l__lz4_block(src + pos, c, dst + done, this_n, &got) != 0) {
            H5L__FILT_CORRUPT("malformed LZ4 block");
        } else if (got != this_n) {
            H5L__FILT_CORRUPT("LZ4 block decodes to the wrong size");
        }
        pos += c;
        done += this_n;
    }
    if (pos != n) H5L__FILT_CORRUPT("trailing bytes after the last block");
    *out_n = total;
    return 0;
}

/* 8x8 bit-matrix transpose: bit c of byte r <-> bit r of byte c (byte r =
 * bits 8r..8r+7 of the little-endian word). */
#define H5L__TRANS8X8(x, t)                                   \
    do {                                                      \
        t = ((x) ^ ((x) >> 7)) & 0x00AA00AA00AA00AAull;       \
        x = (x) ^ t ^ (t << 7);                               \
        t = ((x) ^ ((x) >> 14)) & 0x0000CCCC0000CCCCull;      \
        x = (x) ^ t ^ (t << 14);                              \
        t = ((x) ^ ((x) >> 28)) & 0x00000000F0F0F0F0ull;      \
        x = (x) ^ t ^ (t << 28);                              \
    } while (0)

/* Swaps the s-byte sub-blocks of two words (a gets b's low halves in its
 * high halves): one stage of an 8x8 byte-matrix transpose. */
#define H5L__BSWAP2(a, b, s, mlo)                                              \
    do {                                                                       \
        uint64_t a_ = (a), b_ = (b);                                           \
        (a) = (a_ & (mlo)) | ((b_ << (8 * (s))) & ~(uint64_t)(mlo));           \
        (b) = ((a_ >> (8 * (s))) & (mlo)) | (b_ & ~(uint64_t)(mlo));           \
    } while (0)

/* Stores word x (byte m = byte j of element e0 + m) into the elements. */
static void h5l__bs_store(uint8_t *dst, size_t e0, size_t esize, size_t j, uint64_t x)
{
    if (esize == 1) {
        h5l__st64(dst + e0, x);
    } else {
        uint8_t *p = dst + e0 * esize + j;
        p[0] = (uint8_t)x;
        p[esize] = (uint8_t)(x >> 8);
        p[2 * esize] = (uint8_t)(x >> 16);
        p[3 * esize] = (uint8_t)(x >> 24);
        p[4 * esize] = (uint8_t)(x >> 32);
        p[5 * esize] = (uint8_t)(x >> 40);
        p[6 * esize] = (uint8_t)(x >> 48);
        p[7 * esize] = (uint8_t)(x >> 56);
    }
}

#ifdef H5L__SHUF_SSE2
/* H5L__TRANS8X8 on both 64-bit lanes of a vector. */
#define H5L__VTRANS8X8(x, c1, c2, c3)                                                    \
    do {                                                                                 \
        __m128i t_ = _mm_and_si128(_mm_xor_si128(x, _mm_srli_epi64(x, 7)), c1);          \
        x = _mm_xor_si128(_mm_xor_si128(x, t_), _mm_slli_epi64(t_, 7));                  \
        t_ = _mm_and_si128(_mm_xor_si128(x, _mm_srli_epi64(x, 14)), c2);                 \
        x = _mm_xor_si128(_mm_xor_si128(x, t_), _mm_slli_epi64(t_, 14));                 \
        t_ = _mm_and_si128(_mm_xor_si128(x, _mm_srli_epi64(x, 28)), c3);                 \
        x = _mm_xor_si128(_mm_xor_si128(x, t_), _mm_slli_epi64(t_, 28));                 \
    } while (0)

/* SSE2, 128 elements per step (16 bytes of each plane).  For each byte j of
 * the element, its 8 planes are riffled three times (the byte transpose of
 * the byte shuffle), so vector q holds plane bytes g+2q (lane 0) and g+2q+1
 * (lane 1) of all 8 planes, as the scalar code's word x; the 8x8 bit
 * transpose of each lane then gives byte j of elements 8(g+2q) .. +15.
 * Size 1: that is the output.  Larger: the 128-element byte planes are
 * collected in buf and byte-unshuffled into place.  Returns the elements
 * done (a multiple of 128; 0 for elements over 32 bytes). */
static size_t h5l__bitunshuffle_sse2(const uint8_t *src, uint8_t *dst, size_t nelem, size_t esize)
{
    const size_t nr = nelem / 8;
    const __m128i c1 = _mm_set_epi32(0x00AA00AA, 0x00AA00AA, 0x00AA00AA, 0x00AA00AA);
    const __m128i c2 = _mm_set_epi32(0x0000CCCC, 0x0000CCCC, 0x0000CCCC, 0x0000CCCC);
    const __m128i c3 = _mm_set_epi32(0, (int)0xF0F0F0F0u, 0, (int)0xF0F0F0F0u);
    uint8_t buf[128 * 32];
    size_t g, j;
    int p;
    if (esize > 32) return 0;
    for (g = 0; g + 16 <= nr; g += 16) {
        uint8_t *out = esize == 1 ? dst + 8 * g : buf;
        for (j = 0; j < esize; j++) {
            const uint8_t *rows = src + j * 8 * nr + g;
            __m128i v[8];
            for (p = 0; p < 8; p++) v[p] = H5L__V_LD(rows + (size_t)p * nr);
            H5L__RIF8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            H5L__RIF8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            H5L__RIF8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            for (p = 0; p < 8; p++) {
                H5L__VTRANS8X8(v[p], c1, c2, c3);
                H5L__V_ST(out + j * 128 + 16 * (size_t)p, v[p]);
            }
        }
        if (esize > 1) h5l__unshuffle_bytes(dst + 8 * g * esize, buf, 128 * esize, esize);
    }
    return 8 * g;
}
#endif

/* Inverse bit transposition of nelem elements of esize bytes (nelem a
 * multiple of 8; src and dst nelem*esize bytes, not overlapping).  Same
 * result as bitshuffle's bshuf_untrans_bit_elem. */
static void h5l__bitunshuffle(const uint8_t *src, uint8_t *dst, size_t nelem, size_t esize)
{
    const size_t nr = nelem / 8; /* bytes per bit plane */
    size_t j, g, q, g0 = 0;
    uint64_t t;

#ifdef H5L__SHUF_SSE2
    g0 = h5l__bitunshuffle_sse2(src, dst, nelem, esize) / 8;
#endif
    for (j = 0; j < esize; j++) {
        const uint8_t *const rows = src + j * 8 * nr; /* planes 8j .. 8j+7 */
        /* 64 elements per step: 8 bytes from each of the 8 planes, an 8x8
        ** byte transpose so word q holds group g+q's byte of every plane,
        ** then an 8x8 bit transpose per word. */
        for (g = g0; g + 8 <= nr; g += 8) {
            uint64_t r0 = h5l__ld64(rows + g), r1 = h5l__ld64(rows + nr + g);
            uint64_t r2 = h5l__ld64(rows + 2 * nr + g), r3 = h5l__ld64(rows + 3 * nr + g);
            uint64_t r4 = h5l__ld64(rows + 4 * nr + g), r5 = h5l__ld64(rows + 5 * nr + g);
            uint64_t r6 = h5l__ld64(rows + 6 * nr + g), r7 = h5l__ld64(rows + 7 * nr + g);
            uint64_t w[8];
            H5L__BSWAP2(r0, r1, 1, 0x00FF00FF00FF00FFull);
            H5L__BSWAP2(r2, r3, 1, 0x00FF00FF00FF00FFull);
            H5L__BSWAP2(r4, r5, 1, 0x00FF00FF00FF00FFull);
            H5L__BSWAP2(r6, r7, 1, 0x00FF00FF00FF00FFull);
            H5L__BSWAP2(r0, r2, 2, 0x0000FFFF0000FFFFull);
            H5L__BSWAP2(r1, r3, 2, 0x0000FFFF0000FFFFull);
            H5L__BSWAP2(r4, r6, 2, 0x0000FFFF0000FFFFull);
            H5L__BSWAP2(r5, r7, 2, 0x0000FFFF0000FFFFull);
            H5L__BSWAP2(r0, r4, 4, 0x00000000FFFFFFFFull);
            H5L__BSWAP2(r1, r5, 4, 0x00000000FFFFFFFFull);
            H5L__BSWAP2(r2, r6, 4, 0x00000000FFFFFFFFull);
            H5L__BSWAP2(r3, r7, 4, 0x00000000FFFFFFFFull);
            w[0] = r0; w[1] = r1; w[2] = r2; w[3] = r3;
            w[4] = r4; w[5] = r5; w[6] = r6; w[7] = r7;
            for (q = 0; q < 8; q++) {
                uint64_t x = w[q];
                H5L__TRANS8X8(x, t);
                h5l__bs_store(dst, 8 * (g + q), esize, j, x);
            }
        }
        for (; g < nr; g++) { /* fewer than 64 elements left */
            uint64_t x = 0;
            for (q = 0; q < 8; q++) x |= (uint64_t)rows[q * nr + g] << (8 * q);
            H5L__TRANS8X8(x, t);
            h5l__bs_store(dst, 8 * g, esize, j, x);
        }
    }
}

/* Blosc's BITSHUFFLE block: nbytes at src, element size esize.  The first
 * floor(nbytes / esize) rounded down to a multiple of 8 elements are
 * untransposed as one unit; every byte after them (the nelem % 8 last
 * elements and the nbytes % esize tail bytes) is copied verbatim. */
static void h5l__bitunshuffle_block(const uint8_t *src, uint8_t *dst, size_t nbytes, size_t esize)
{
    size_t n8 = 0, done;
    if (esize > 0) n8 = (nbytes / esize) & ~(size_t)7;
    if (n8 > 0) h5l__bitunshuffle(src, dst, n8, esize);
    done = n8 * esize;
    if (nbytes > done) memcpy(dst + done, src + done, nbytes - done);
}

/* Filter 32008: bitshuffle, optionally with LZ4 or Zstd (drawing above). */
static int h5l__bshuf_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                             const uint32_t *cd, size_t ncd, uint8_t *tmp, size_t tmpcap,
                             size_t *out_n, const char **why)
{
    size_t esize, bs, comp = 0, total, nelem, nb, i, off = 0, pos = 0, last, rem;

    *out_n = 0;
    if (ncd < 3) H5L__FILT_CORRUPT("fewer than 3 bitshuffle parameters");
    esize = (size_t)cd[2];
    if (esize == 0) H5L__FILT_CORRUPT("element size 0");
    bs = ncd > 3 ? (size_t)cd[3] : 0;
    if (ncd > 4) comp = (size_t)cd[4];
    if (comp != 0 && comp != 2 && comp != 3)
        H5L__FILT_FAIL(H5L_EUNSUPPORTED, "unknown bitshuffle compression");

    if (comp == 0) {
        total = n;
    } else {
        uint64_t t64;
        size_t bsb;
        if (n < 12) H5L__FILT_CORRUPT("chunk shorter than its 12-byte header");
        t64 = h5l__ld64be(src);
        if (t64 > (uint64_t)cap) H5L__FILT_CORRUPT("decoded size larger than the chunk");
        total = (size_t)t64;
        bsb = (size_t)h5l__ld32be(src + 8);
        if (bsb % esize != 0) H5L__FILT_CORRUPT("block size not a whole number of elements");
        bs = bsb / esize;
        if (bs == 0) H5L__FILT_CORRUPT("block size 0");
        pos = 12;
    }
    if (total > cap) H5L__FILT_CORRUPT("chunk larger than the chunk buffer");
    if (total % esize != 0) H5L__FILT_CORRUPT("size not a whole number of elements");
    if (bs == 0) { /* bitshuffle's default: ~8 KiB blocks, >= 128 elements */
        bs = (8192 / esize) & ~(size_t)7;
        if (bs < 128) bs = 128;
    }
    if (bs % 8 != 0) H5L__FILT_CORRUPT("block size not a multiple of 8");
    nelem = total / esize;

    /* Blocks: nelem / bs full ones, then one of (nelem % bs) & ~7 if nonzero. */
    nb = nelem / bs;
    last = (nelem % bs) & ~(size_t)7;
    for (i = 0; i < nb + (last != 0); i++) {
        const size_t ne = i < nb ? bs : last;
        const size_t bb = ne * esize; /* <= total: no overflow */
        if (comp == 0) {
            h5l__bitunshuffle(src + off, dst + off, ne, esize);
        } else {
            size_t c, got = 0;
            if (tmpcap < bb) H5L__FILT_FAIL(H5L_EINVAL, "scratch buffer too small");
            if (n - pos < 4) H5L__FILT_CORRUPT("chunk ends inside a block header");
            c = (size_t)h5l__ld32be(src + pos);
            pos += 4;
            if (c > n - pos) H5L__FILT_CORRUPT("block extends past the end of the chunk");
            if (comp == 2) {
                if (h5l__lz4_block(src + pos, c, tmp, bb, &got) != 0)
                    H5L__FILT_CORRUPT("malformed LZ4 block");
            } else {
                /* zstd's window needs up to 136 KiB of work memory after the
                ** block, 64-byte aligned: tmpcap >= cap + 64 + 136 KiB. */
                size_t wofs = bb + ((64 - bb % 64) % 64);
                const char *zwhy = NULL;
                int rc;
                if (wofs > tmpcap) wofs = tmpcap;
                rc = h5l__zstd_decompress(src + pos, c, tmp, bb, tmp + wofs, tmpcap - wofs, &got, &zwhy);
                if (rc != 0) {
                    if (why) *why = zwhy ? zwhy : "malformed zstd block";
                    *out_n = 0;
                    return rc;
                }
            }
            if (got != bb) H5L__FILT_CORRUPT("block decodes to the wrong size");
            h5l__bitunshuffle(tmp, dst + off, ne, esize);
            pos += c;
        }
        off += bb;
    }
    /* The nelem % 8 last elements are stored as they are. */
    rem = total - off;
    if (comp == 0) {
        memcpy(dst + off, src + off, rem);
    } else {
        if (n - pos != rem) H5L__FILT_CORRUPT(n - pos < rem ? "chunk ends inside the leftover elements"
                                                          : "trailing bytes after the last block");
        memcpy(dst + off, src + pos, rem);
    }
    *out_n = total;
    return 0;
}
/* ======================================================================
 * FILTER 32001 — Blosc 1.x (HDF5 filter 32001: hdf5-blosc, hdf5plugin.Blosc, PyTables'
 * "blosc:*" complibs). One chunk = one Blosc buffer:
 *
 *   OFFSET  SIZE  DESCRIPTION (integers little-endian)
 *   0       1     format version, 2 (the only one c-blosc 1.x writes/reads)
 *   1       1     codec format version, 1 for every codec
 *   2       1     flags: 0x01 byte shuffle      0x02 memcpyed (stored raw)
 *                        0x04 bit shuffle       0x08 reserved, must be 0
 *                        0x10 blocks not split  0xE0 codec: 0 blosclz,
 *                        1 lz4/lz4hc, 2 snappy, 3 zlib, 4 zstd
 *   3       1     typesize (element size, 1..255)
 *   4       4     nbytes: decoded size
 *   8       4     blocksize: decoded size of every block but the last
 *   12      4     cbytes: size of the whole buffer, this header included
 *   16      ...   memcpyed: the nbytes decoded bytes, cbytes = nbytes + 16
 *
 * Otherwise, with nblocks = ceil(nbytes / blocksize):
 *   16      4*nblocks  bstarts[j]: offset of block j from byte 0 of the buffer
 *   bstarts[j]  per stream s < nsplits:
 *                 4      csize: stream size
 *                 csize  the stream: csize == neblock -> raw bytes, else one
 *                        codec stream decoding to exactly neblock bytes
 *
 *   bsize   = blocksize, or nbytes % blocksize for a short last block
 *   nsplits = typesize when the block is split, else 1; neblock = bsize/nsplits.
 *             Split iff flag 0x10 clear AND typesize <= 16 AND
 *             bsize / typesize >= 128 AND the block is not the short last one
 *             (the size rule is the pre-1.10 implicit rule, still applied).
 *   The decoded block (streams end to end) is then, in place of the block:
 *     byte shuffle (0x01, typesize > 1): HDF5's shuffle layout over bsize
 *       bytes, the bsize % typesize tail bytes as they are;
 *     else bit shuffle (0x04, bsize >= typesize): if bsize / typesize is a
 *       multiple of 8, bitshuffle's transposition of those elements and the
 *       bsize % typesize tail as is; otherwise the block is stored as is.
 *
 * Codec streams: blosclz (below), LZ4 raw block, snappy raw (below), zlib
 * (RFC 1950, bytes after it ignored), zstd frames.
 *
 * BloscLZ stream (FastLZ level 2 with Blosc's changes). The first byte's low
 * 5 bits are a literal instruction; then instructions, by the ctrl byte:
 *   000LLLLL            literal: L+1 bytes follow (1..32)
 *   LLLHHHHH [x..] c    match, LLL = 1..7; len = LLL + 2, and for LLL = 7
 *                       len += each x (x repeats while x == 255);
 *                       distance = H*256 + c + 1, but H = 31, c = 255 means
 *                       two more bytes hi lo: distance = hi*256 + lo + 8192
 *   Every byte read for a match must leave one byte after it (libblosc's
 *   bound), a match never ends the stream, and the stream is consumed whole.
 *
 * Snappy raw stream: varint decoded length, then tags t (t & 3):
 *   0 literal: len = (t>>2)+1, or for (t>>2) >= 60, (t>>2)-59 bytes LE len-1
 *   1 copy: len = 4 + ((t>>2)&7), offset = (t>>5)<<8 | next byte
 *   2 copy: len = (t>>2)+1, offset = next 2 bytes LE
 *   3 copy: len = (t>>2)+1, offset = next 4 bytes LE
 * ---------------------------------------------------------------------- */

#define H5L__BLOSC_HDR 16u
#define H5L__BLOSC_WORK 139264u             /* zstd work area: 136 KiB */
#define H5L__BLOSC_MAX_NBYTES 0x7fffffefu   /* INT_MAX - 16, c-blosc's limit */
#define H5L__BLOSC_MAX_BLOCK 715827541u     /* (INT_MAX - 255*4) / 3, c-blosc's */

/* Copy an LZ77 match: len bytes from dist back (1 <= dist <= bytes written,
 * len <= op_end - op) to op; returns op + len. Whole 8/16-byte pieces while
 * they fit before op_end (they may run past the match: later output
 * overwrites that), then bytes; a period below 8 repeats its pattern.
 * Shared by BloscLZ and Snappy. */
static uint8_t *h5l__lz_match(uint8_t *op, size_t dist, size_t len, const uint8_t *op_end)
{
    const uint8_t *ref = op - dist;
    uint8_t *const mend = op + len;
    if (dist >= 16) {
        while (op < mend && (size_t)(op_end - op) >= 16) {
            memcpy(op, ref, 16);
            op += 16;
            ref += 16;
        }
    } else if (dist >= 8) {
        while (op < mend && (size_t)(op_end - op) >= 8) {
            memcpy(op, ref, 8);
            op += 8;
            ref += 8;
        }
    } else if (dist == 1) {
        memset(op, *ref, len);
        return mend;
    } else {
        uint8_t pat[8];
        size_t k, step = 8 - 8 % dist;
        for (k = 0; k < 8; k++) pat[k] = ref[k % dist];
        while (op < mend && (size_t)(op_end - op) >= 8) {
            memcpy(op, pat, 8);
            op += step;
        }
        ref = op - dist;
    }
    if (op >= mend) return mend;
    while (op < mend) *op++ = *ref++;
    return mend;
}

/* ---- BloscLZ ----------------------------------------------------------- */

/* Decodes src[0..n) to exactly dst[0..cap); 0 or 1 (with *why). */
static int h5l__blosclz_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const char **why)
{
    const uint8_t *ip = src, *const ip_end = src + n;
    uint8_t *op = dst, *const op_end = dst + cap;
    unsigned ctrl;

    if (n == 0) goto truncated;
    ctrl = *ip++ & 31u;
    for (;;) {
        if (ctrl < 32u) {
            size_t run = (size_t)ctrl + 1;
            if (H5L__LIKELY((size_t)(ip_end - ip) >= 32 && (size_t)(op_end - op) >= 32)) {
                memcpy(op, ip, 16);
                memcpy(op + 16, ip + 16, 16);
            } else {
                if (run > (size_t)(op_end - op)) goto overrun;
                if (run > (size_t)(ip_end - ip)) goto truncated;
                memcpy(op, ip, run);
            }
            op += run;
            ip += run;
            if (ip >= ip_end) break;
            ctrl = *ip++;
        } else {
            size_t len = (ctrl >> 5) - 1, dist = (size_t)(ctrl & 31u) << 8;
            unsigned code;
            if (len == 6) {
                do {
                    if ((size_t)(ip_end - ip) < 2) goto truncated;
                    code = *ip++;
                    len += code;
                } while (code == 255u);
                if (len > cap) goto overrun; /* keeps len bounded on 32-bit hosts */
            } else if ((size_t)(ip_end - ip) < 2) {
                goto truncated;
            }
            code = *ip++;
            len += 3;
            if (H5L__UNLIKELY(code == 255u && dist == (31u << 8))) {
                if ((size_t)(ip_end - ip) < 2) goto truncated;
                dist = ((size_t)ip[0] << 8 | ip[1]) + 8192u;
                ip += 2;
            } else {
                dist += (size_t)code + 1;
            }
            if (len > (size_t)(op_end - op)) goto overrun;
            if (dist > (size_t)(op - dst)) {
                if (why) *why = "blosclz match before the start of the block";
                return 1;
            }
            if (ip >= ip_end) {
                if (why) *why = "blosclz stream ends with a match";
                return 1;
            }
            ctrl = *ip++;
            op = h5l__lz_match(op, dist, len, op_end);
        }
    }
    if (op != op_end) {
        if (why) *why = "blosclz stream shorter than its block";
        return 1;
    }
    return 0;
truncated:
    if (why) *why = "blosclz stream truncated";
    return 1;
overrun:
    if (why) *why = "blosclz stream longer than its block";
    return 1;
}

/* ---- Snappy (raw) ------------------------------------------------------ */

/* Decodes src[0..n) to exactly dst[0..cap); 0 or 1 (with *why). */
static int h5l__snappy_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const char **why)
{
    const uint8_t *ip = src, *const ip_end = src + n;
    uint8_t *op = dst, *op_end;
    uint32_t ulen = 0;
    unsigned shift = 0;

    for (;;) {
        unsigned b;
        if (ip >= ip_end) goto truncated;
        b = *ip++;
        if (shift == 28 && b > 15u) {
            if (why) *why = "snappy length preamble too long";
            return 1;
        }
        ulen |= (uint32_t)(b & 127u) << shift;
        if (b < 128u) break;
        shift += 7;
    }
    if (ulen != cap) {
        if (why) *why = "snappy decoded length is not the block size";
        return 1;
    }
    op_end = dst + cap;
    while (ip < ip_end) {
        unsigned t = *ip++;
        size_t len, off;
        if ((t & 3u) == 0) {
            len = (size_t)(t >> 2) + 1;
            if (len > 60) {
                size_t nb = len - 60, k;
                if (nb > (size_t)(ip_end - ip)) goto truncated;
                len = 0;
                for (k = 0; k < nb; k++) len |= (size_t)ip[k] << (8 * k);
                ip += nb;
                if (len > (size_t)(op_end - op)) goto overrun; /* len+1 below cannot wrap */
                len += 1;
            }
            if (len > (size_t)(op_end - op)) goto overrun;
            if (len > (size_t)(ip_end - ip)) goto truncated;
            if (len <= 16 && (size_t)(ip_end - ip) >= 16 && (size_t)(op_end - op) >= 16)
                memcpy(op, ip, 16);
            else
                memcpy(op, ip, len);
            op += len;
            ip += len;
            continue;
        }
        if ((t & 3u) == 1) {
            if (ip >= ip_end) goto truncated;
            len = 4 + ((t >> 2) & 7u);
            off = (size_t)(t >> 5) << 8 | *ip++;
        } else if ((t & 3u) == 2) {
            if ((size_t)(ip_end - ip) < 2) goto truncated;
            len = (size_t)(t >> 2) + 1;
            off = (size_t)ip[0] | (size_t)ip[1] << 8;
            ip += 2;
        } else {
            uint32_t o;
            if ((size_t)(ip_end - ip) < 4) goto truncated;
            len = (size_t)(t >> 2) + 1;
            o = h5l__ld32(ip);
            ip += 4;
            if (o > (size_t)(op - dst)) goto badoff;
            off = o;
        }
        if (off == 0 || off > (size_t)(op - dst)) goto badoff;
        if (len > (size_t)(op_end - op)) goto overrun;
        op = h5l__lz_match(op, off, len, op_end);
    }
    if (op != op_end) {
        if (why) *why = "snappy stream shorter than its length";
        return 1;
    }
    return 0;
truncated:
    if (why) *why = "snappy stream truncated";
    return 1;
overrun:
    if (why) *why = "snappy stream longer than its length";
    return 1;
badoff:
    if (why) *why = "snappy copy offset out of range";
    return 1;
}

/* ---- the container ----------------------------------------------------- */

/* One stream src[0..n) of codec `codec` to exactly dst[0..cap). */
static int h5l__blosc_stream(unsigned codec, const uint8_t *src, size_t n, uint8_t *dst, size_t cap, uint8_t *work,
                             size_t work_cap, const char **why)
{
    size_t got = 0;
    const char *w = "codec stream is corrupt";

    if (n == cap) { /* stored raw: never a codec stream of that size */
        memcpy(dst, src, n);
        return 0;
    }
    switch (codec) {
    case 0:
        return h5l__blosclz_decode(src, n, dst, cap, why);
    case 1:
        if (h5l__lz4_block(src, n, dst, cap, &got) != 0) {
            if (why) *why = "lz4 block is corrupt";
            return 1;
        }
        break;
    case 2:
        return h5l__snappy_decode(src, n, dst, cap, why);
    case 3:
        if (h5l__inflate(src, n, dst, cap, &got, &w) != 0) {
            if (why) *why = w;
            return 1;
        }
        break;
    default:
        if (h5l__zstd_decompress(src, n, dst, cap, work, work_cap, &got, &w) != 0) {
            if (why) *why = w;
            return 1;
        }
        break;
    }
    if (got != cap) {
        if (why) *why = "codec stream shorter than its block";
        return 1;
    }
    return 0;
}

/* cd[] (hdf5-blosc): 0 filter revision, 1 blosc format version, 2 typesize,
 * 3 chunk bytes, 4 clevel, 5 shuffle, 6 compressor. The buffer header is
 * self-describing, so cd is only checked for what would make no sense. */
static int h5l__blosc_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd,
                             uint8_t *tmp, size_t tmpcap, size_t *out_n, const char **why)
{
    unsigned flags, typesize, codec;
    size_t nbytes, bs, cbytes, nblocks, tail, j, bsmax, workoff;
    int dont_split;

    *out_n = 0;
    if (ncd >= 2 && cd != NULL && cd[1] > 2u) /* 0 or absent: not recorded */
        H5L__FILT_FAIL(H5L_EUNSUPPORTED, "blosc format version in the filter parameters above 2");
    if (n < H5L__BLOSC_HDR) H5L__FILT_CORRUPT("blosc header truncated");
    flags = src[2];
    typesize = src[3];
    nbytes = h5l__ld32(src + 4);
    bs = h5l__ld32(src + 8);
    cbytes = h5l__ld32(src + 12);
    if (nbytes == 0) return 0; /* an empty buffer, whatever follows */
    if (src[0] != 2u) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "blosc format version is not 2");
    if (nbytes > H5L__BLOSC_MAX_NBYTES || nbytes > cap) H5L__FILT_CORRUPT("blosc decoded size larger than the chunk");
    if (cbytes > n) H5L__FILT_CORRUPT("blosc compressed size larger than the stored chunk");
    if (bs == 0 || bs > cap || bs > H5L__BLOSC_MAX_BLOCK) H5L__FILT_CORRUPT("blosc block size is 0 or too large");
    if (typesize == 0) H5L__FILT_CORRUPT("blosc type size is 0");
    if (flags & 0x08u) H5L__FILT_CORRUPT("blosc reserved flag bit 3 is set");

    if (flags & 0x02u) { /* memcpyed: the data follows the header */
        if (cbytes != nbytes + H5L__BLOSC_HDR) H5L__FILT_CORRUPT("blosc stored-raw size does not match");
        memcpy(dst, src + H5L__BLOSC_HDR, nbytes);
        *out_n = nbytes;
        return 0;
    }
    codec = flags >> 5;
    if (codec > 4u) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "blosc codec not known (flags bits 5-7 above 4)");
    if (src[1] != 1u) H5L__FILT_FAIL(H5L_EUNSUPPORTED, "blosc codec format version is not 1");

    tail = nbytes % bs;
    nblocks = nbytes / bs + (tail != 0);
    if (cbytes < H5L__BLOSC_HDR || nblocks > (cbytes - H5L__BLOSC_HDR) / 4)
        H5L__FILT_CORRUPT("blosc block offsets past the buffer end");
    bsmax = bs < nbytes ? bs : nbytes;
    workoff = (bsmax + 63u) & ~(size_t)63u; /* tmp = [block | zstd work] */
    if (tmp == NULL || tmpcap < workoff || tmpcap - workoff < H5L__BLOSC_WORK)
        H5L__FILT_FAIL(H5L_EINVAL, "blosc scratch buffer too small");
    dont_split = (flags & 0x10u) != 0;

    for (j = 0; j < nblocks; j++) {
        size_t bsize = bs, nsplits = 1, neblock, s, pos, ne = 0;
        int last_short = 0, kind = 0; /* 0 none, 1 byte shuffle, 2 bit shuffle */
        uint8_t *bdst = dst + j * bs, *out;

        if (j == nblocks - 1 && tail != 0) {
            bsize = tail;
            last_short = 1;
        }
        if (!dont_split && !last_short && typesize <= 16u && bsize / typesize >= 128u) nsplits = typesize;
        neblock = bsize / nsplits;
        if (neblock * nsplits != bsize) H5L__FILT_CORRUPT("blosc split block not a multiple of the type size");
        if ((flags & 0x01u) && typesize > 1u) {
            kind = 1;
        } else if ((flags & 0x04u) && bsize >= typesize) {
            ne = bsize / typesize;
            if (ne % 8 == 0) kind = 2; /* otherwise c-blosc stores the block as is */
        }
        out = kind ? tmp : bdst;
        pos = h5l__ld32(src + H5L__BLOSC_HDR + 4 * j);
        for (s = 0; s < nsplits; s++) {
            size_t csize;
            if (pos > cbytes - 4) H5L__FILT_CORRUPT("blosc stream offset past the buffer end");
            csize = h5l__ld32(src + pos);
            pos += 4;
            if (csize > cbytes - pos) H5L__FILT_CORRUPT("blosc stream size past the buffer end");
            if (h5l__blosc_stream(codec, src + pos, csize, out + s * neblock, neblock, tmp + workoff,
                                  tmpcap - workoff, why) != 0) {
                *out_n = 0;
                return (int)H5L_ECORRUPT;
            }
            pos += csize;
        }
        if (kind == 1) {
            h5l__unshuffle_bytes(bdst, tmp, bsize, typesize);
        } else if (kind == 2) {
            h5l__bitunshuffle_block(tmp, bdst, ne * typesize, typesize);
            memcpy(bdst + ne * typesize, tmp + ne * typesize, bsize - ne * typesize);
        }
    }
    *out_n = nbytes;
    return 0;
}

/* ======================================================================
 * FILTER 32015 — Zstandard (RFC 8878): decoder
 * ======================================================================
 *
 * The HDF5 zstd plugin stores each chunk as the output of ZSTD_compress():
 * one Zstandard frame (we accept any sequence of frames and skippable
 * frames). All multi-byte fields are little-endian.
 *
 * FRAME
 *   OFFSET  SIZE   DESCRIPTION
 *   0       4      magic 0xFD2FB528 (0x184D2A50..5F: skippable frame,
 *                  followed by a 4-byte size and that many bytes to skip)
 *   4       1      frame header descriptor:
 *                    bits 7-6  FCS field size flag (0: 0 or 1 byte, 1: 2, 2: 4, 3: 8)
 *                    bit  5    single segment (no window descriptor; window = FCS)
 *                    bit  4    unused       bit 3  reserved, must be 0
 *                    bit  2    content checksum present
 *                    bits 1-0  dictionary ID size (0, 1, 2, 4 bytes)
 *   5       0-1    window descriptor: window = 2^(10+exp) * (1 + mantissa/8)
 *   ..      0-4    dictionary ID (non-zero: we cannot decode it)
 *   ..      0-8    frame content size (the 2-byte form adds 256)
 *   ..      ...    blocks, the last one flagged
 *   ..      0-4    low 32 bits of XXH64(content, seed 0)
 *
 * BLOCK: 3-byte header  bit 0 last, bits 2-1 type (0 raw, 1 RLE,
 *   2 compressed, 3 reserved), bits 23-3 size (RLE: regenerated size, body
 *   is one byte). Sizes <= min(window, 128 KiB).
 *
 * COMPRESSED BLOCK = literals section + sequences section
 *   literals header, byte 0 bits 1-0 type (0 raw, 1 RLE, 2 Huffman,
 *   3 Huffman with the previous table), bits 3-2 size format:
 *     raw/RLE  x0: 1 byte, size = b0>>3    01: 2 bytes, 12-bit size
 *              11: 3 bytes, 20-bit size
 *     Huffman  00: 3 bytes, 1 stream, 10-bit regenerated and compressed sizes
 *              01: 3 bytes, 4 streams, 10+10   10: 4 bytes, 14+14
 *              11: 5 bytes, 18+18  (both sizes follow the 4 header bits)
 *   Huffman body: [tree description] [6-byte jump table if 4 streams:
 *     three 2-byte stream sizes] streams. Tree description: byte h,
 *     h >= 128: h-127 4-bit weights follow (two per byte, high nibble first);
 *     h < 128: h bytes of FSE-compressed weights (table log <= 6, two
 *     interleaved states). The last symbol's weight is implied.
 *   Each stream is read backwards from its last byte, whose highest set bit
 *   is padding; it must be consumed exactly.
 *
 *   sequences header: count (1-3 bytes: <128; <255: ((b0-128)<<8)+b1;
 *   255: b1 + (b2<<8) + 0x7F00), then if count > 0 one mode byte
 *   (bits 7-6 literal lengths, 5-4 offsets, 3-2 match lengths, 1-0 reserved;
 *   modes 0 predefined, 1 RLE (one symbol byte), 2 FSE table description,
 *   3 repeat), the table descriptions, and a backward bitstream:
 *     initial states LL, OF, ML; per sequence: offset, match, literal
 *     extra bits, then LL, ML, OF state updates (not after the last one).
 *
 * Everything is decoded straight into dst: matches may reach back to the
 * start of the current frame (no dictionaries), so no window buffer is kept.
 * The work area holds the literals of one block plus slack for wide copies.
 * ========================================================================== */

#define H5L__ZSTD_BLOCK_MAX ((size_t)131072)
#define H5L__ZSTD_WORK_SIZE (131072 + 64) /* literals (<= 128 KiB) + over-read slack */

/* index of the highest set bit; v != 0 */
static unsigned h5l__zstd_hb(uint32_t v)
{
#if defined(__GNUC__)
    return 31u - (unsigned)__builtin_clz(v);
#else
    unsigned r = 0;
    while (v >>= 1) r++;
    return r;
#endif
}

/* index of the lowest set bit; v != 0 */
static unsigned h5l__zstd_ctz64(uint64_t v)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(v);
#else
    unsigned r = 0;
    while (!(v & 1)) {
        v >>= 1;
        r++;
    }
    return r;
#endif
}

/* ---- XXH64 (content checksum) ---- */
#define H5L__XXP1 0x9E3779B185EBCA87ull
#define H5L__XXP2 0xC2B2AE3D27D4EB4Full
#define H5L__XXP3 0x165667B19E3779F9ull
#define H5L__XXP4 0x85EBCA77C2B2AE63ull
#define H5L__XXP5 0x27D4EB2F165667C5ull
#define H5L__XXROTL(x, r) (((x) << (r)) | ((x) >> (64 - (r))))

static uint64_t h5l__zstd_xxround(uint64_t acc, uint64_t in)
{
    acc += in * H5L__XXP2;
    acc = H5L__XXROTL(acc, 31);
    return acc * H5L__XXP1;
}

static uint64_t h5l__zstd_xxmerge(uint64_t h, uint64_t v)
{
    h ^= h5l__zstd_xxround(0, v);
    return h * H5L__XXP1 + H5L__XXP4;
}

static uint64_t h5l__zstd_xxh64(const uint8_t *p, size_t n)
{
    const uint8_t *e = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t v1 = H5L__XXP1 + H5L__XXP2, v2 = H5L__XXP2, v3 = 0, v4 = 0 - H5L__XXP1;
        do {
            v1 = h5l__zstd_xxround(v1, h5l__ld64(p));
            v2 = h5l__zstd_xxround(v2, h5l__ld64(p + 8));
            v3 = h5l__zstd_xxround(v3, h5l__ld64(p + 16));
            v4 = h5l__zstd_xxround(v4, h5l__ld64(p + 24));
            p += 32;
        } while ((size_t)(e - p) >= 32);
        h = H5L__XXROTL(v1, 1) + H5L__XXROTL(v2, 7) + H5L__XXROTL(v3, 12) + H5L__XXROTL(v4, 18);
        h = h5l__zstd_xxmerge(h, v1);
        h = h5l__zstd_xxmerge(h, v2);
        h = h5l__zstd_xxmerge(h, v3);
        h = h5l__zstd_xxmerge(h, v4);
    } else {
        h = H5L__XXP5;
    }
    h += (uint64_t)n;
    for (; (size_t)(e - p) >= 8; p += 8) {
        h ^= h5l__zstd_xxround(0, h5l__ld64(p));
        h = H5L__XXROTL(h, 27) * H5L__XXP1 + H5L__XXP4;
    }
    if ((size_t)(e - p) >= 4) {
        h ^= (uint64_t)h5l__ld32(p) * H5L__XXP1;
        h = H5L__XXROTL(h, 23) * H5L__XXP2 + H5L__XXP3;
        p += 4;
    }
    for (; p < e; p++) {
        h ^= *p * H5L__XXP5;
        h = H5L__XXROTL(h, 11) * H5L__XXP1;
    }
    h ^= h >> 33;
    h *= H5L__XXP2;
    h ^= h >> 29;
    h *= H5L__XXP3;
    h ^= h >> 32;
    return h;
}

/* ---- backward bit reader ----
 * c holds the 8 bytes at p (streams shorter than 8 bytes: their bytes, with
 * the missing high bytes counted as consumed); bits are taken from the top.
 * used > 64 means the stream was over-read: shifts are masked so that this
 * yields junk, never UB, and the end checks reject it. */
typedef struct {
    uint64_t c;
    unsigned used;
    const uint8_t *p, *start;
} h5l__zbr;

static int h5l__zbr_init(h5l__zbr *b, const uint8_t *s, size_t n)
{
    if (n == 0 || s[n - 1] == 0) return -1;
    b->start = s;
    b->used = 8 - h5l__zstd_hb(s[n - 1]);
    if (n >= 8) {
        b->p = s + n - 8;
        b->c = h5l__ld64(b->p);
    } else {
        uint64_t c = 0;
        size_t i;
        for (i = 0; i < n; i++) c |= (uint64_t)s[i] << (8 * i);
        b->c = c;
        b->p = s;
        b->used += (unsigned)(8 - n) * 8;
    }
    return 0;
}

static uint64_t h5l__zbr_get(h5l__zbr *b, unsigned nb) /* nb <= 32 */
{
    uint64_t v = ((b->c << (b->used & 63)) >> 1) >> ((63 - nb) & 63);
    b->used += nb;
    return v;
}

static void h5l__zbr_reload(h5l__zbr *b)
{
    size_t nb = b->used >> 3, room = (size_t)(b->p - b->start);
    if (nb > room) nb = room;
    if (nb) {
        b->p -= nb;
        b->used -= (unsigned)nb * 8;
        b->c = h5l__ld64(b->p);
    }
}

/* the caller knows p - start >= 8 */
static void h5l__zbr_reload_fast(h5l__zbr *b)
{
    b->p -= b->used >> 3;
    b->used &= 7;
    b->c = h5l__ld64(b->p);
}

static int h5l__zbr_done(h5l__zbr *b)
{
    h5l__zbr_reload(b);
    return b->p == b->start && b->used == 64;
}

/* ---- FSE tables ----
 * One decoding-table cell: the symbol's value base and extra-bit count
 * (sequence codes) or the symbol itself (Huffman weights), the number of
 * state bits to read and the base of the next state. */
typedef struct {
    uint32_t base;
    uint8_t extra, bits;
    uint16_t next;
} h5l__zfse;

static const uint32_t h5l__zstd_ll_base[36] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40,
    48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
static const uint8_t h5l__zstd_ll_extra[36] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3,
    4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint32_t h5l__zstd_ml_base[53] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    30, 31, 32, 33, 34, 35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099,
    8195, 16387, 32771, 65539};
static const uint8_t h5l__zstd_ml_extra[53] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
/* predefined distributions (RFC 8878 3.1.1.3.2.2) */
static const int16_t h5l__zstd_ll_def[36] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1};
static const int16_t h5l__zstd_ml_def[53] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1};
static const int16_t h5l__zstd_of_def[29] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

enum { H5L__ZLL = 0, H5L__ZOF = 1, H5L__ZML = 2 };

/* Read an FSE table description from s[0..n): norm[0..*nsym) and *log.
   Returns the bytes used, 0 if corrupt, (size_t)-2 if it reads past n (bits
   past n read as 0 meanwhile; the total is checked at the end). */
static size_t h5l__zstd_ncount(const uint8_t *s, size_t n, int16_t *norm, unsigned maxsym,
                               unsigned maxlog, unsigned *nsym, unsigned *log)
{
    size_t bit = 4;
    unsigned sym = 0, nbits;
    int remaining, threshold, prev0 = 0;
#define H5L__ZGETBITS(v, k)                                                          \
    do {                                                                             \
        size_t i_ = bit >> 3;                                                        \
        uint32_t w_ = 0;                                                             \
        unsigned j_;                                                                 \
        for (j_ = 0; j_ < 4; j_++)                                                   \
            if (i_ + j_ < n) w_ |= (uint32_t)s[i_ + j_] << (8 * j_);                 \
        (v) = (w_ >> (bit & 7)) & ((1u << (k)) - 1u);                                \
    } while (0)
    if (n == 0) return 0;
    memset(norm, 0, (maxsym + 1) * sizeof(int16_t)); /* symbols skipped by zero runs */
    *log = (s[0] & 15u) + 5;
    if (*log > maxlog) return 0;
    remaining = (1 << *log) + 1; /* probability points left, plus one */
    threshold = 1 << *log;
    nbits = *log + 1;
    while (remaining > 1 && sym <= maxsym) {
        uint32_t v;
        int count, max;
        if (prev0) { /* 2-bit repeat fields of zero-probability symbols */
            unsigned rep;
            do {
                H5L__ZGETBITS(rep, 2);
                bit += 2;
                sym += rep;
                if (sym > maxsym + 1) goto done;
            } while (rep == 3);
            if (sym > maxsym) break;
        }
        H5L__ZGETBITS(v, nbits);
        max = 2 * threshold - 1 - remaining;
        if ((int)(v & (uint32_t)(threshold - 1)) < max) {
            count = (int)(v & (uint32_t)(threshold - 1));
            bit += nbits - 1;
        } else {
            count = (int)v;
            if (count >= threshold) count -= max;
            bit += nbits;
        }
        count--; /* -1 means "less than 1" and takes one point */
        remaining -= count < 0 ? 1 : count;
        norm[sym++] = (int16_t)count;
        prev0 = count == 0;
        if (remaining < threshold) {
            if (remaining <= 1) break;
            nbits = h5l__zstd_hb((uint32_t)remaining) + 1;
            threshold = 1 << (nbits - 1);
        }
    }
#undef H5L__ZGETBITS
done:
    /* Past its input first: libzstd reads on there (re-reading its last four
       bytes), so what it decodes may be consistent where zeros are not; RFC
       8878 has no bits there, and the caller names this case apart. */
    if (((bit + 7) >> 3) > n) return (size_t)-2;
    if (remaining != 1 || sym > maxsym + 1) return 0;
    *nsym = sym;
    return (bit + 7) >> 3;
}

/* Build the decoding table for norm[0..nsym) (sum 2^log). base/extra map
   symbols to sequence values (NULL: the cell's base is the symbol). */
static int h5l__zstd_fse_build(h5l__zfse *t, const int16_t *norm, unsigned nsym, unsigned log,
                               const uint32_t *base, const uint8_t *extra, int offsets)
{
    uint32_t size = 1u << log, mask = size - 1, pos = 0, u;
    uint32_t high = mask;      /* the "less than 1" symbols fill the table from its top */
    uint32_t step = (size >> 1) + (size >> 3) + 3;
    uint16_t next[256];
    uint8_t sym[512];
    unsigned s;
    for (s = 0; s < nsym; s++) {
        if (norm[s] == -1) {
            sym[high--] = (uint8_t)s;
            next[s] = 1;
        } else {
            next[s] = (uint16_t)norm[s];
        }
    }
    for (s = 0; s < nsym; s++) {
        int i;
        for (i = 0; i < norm[s]; i++) {
            sym[pos] = (uint8_t)s;
            do pos = (pos + step) & mask;
            while (pos > high);
        }
    }
    if (pos != 0) return -1; /* the counts did not fill the table */
    for (u = 0; u < size; u++) {
        unsigned v = sym[u], x = next[v]++;
        unsigned nb = log - h5l__zstd_hb(x);
        t[u].bits = (uint8_t)nb;
        t[u].next = (uint16_t)((x << nb) - size);
        if (offsets) {
            t[u].base = (uint32_t)1 << v;
            t[u].extra = (uint8_t)v;
        } else if (base) {
            t[u].base = base[v];
            t[u].extra = extra[v];
        } else {
            t[u].base = v;
            t[u].extra = 0;
        }
    }
    return 0;
}

/* ---- per-frame state (on the stack: ~19 KiB) ---- */
typedef struct {
    h5l__zfse ll[512], of[256], ml[512];
    uint16_t huf[4096]; /* (symbol << 8) | code length */
    unsigned huf_log, tlog[3];
    int huf_ok, t_ok[3];
    size_t rep[3];
    size_t fstart;   /* offset of the frame's first output byte in dst */
    uint64_t window; /* bytes a match may reach back */
} h5l__zst;

/* Huffman tree description -> st->huf. Returns bytes used, 0 if corrupt,
   (size_t)-2 if the weights' FSE table description runs past its bytes. */
static size_t h5l__zstd_huf_read(h5l__zst *st, const uint8_t *s, size_t n)
{
    uint8_t w[256];
    unsigned nw = 0, i, rank[13], total = 0, log, rest, start[13];
    size_t used;
    if (n < 1) return 0;
    if (s[0] >= 128) {
        nw = s[0] - 127u;
        used = 1 + (nw + 1) / 2;
        if (used > n) return 0;
        for (i = 0; i < nw; i++) w[i] = (uint8_t)((i & 1) ? s[1 + i / 2] & 15 : s[1 + i / 2] >> 4);
    } else { /* FSE-compressed weights, two states sharing one stream */
        h5l__zfse t[64];
        int16_t norm[256];
        unsigned nsym, flog;
        size_t d;
        h5l__zbr b;
        uint32_t s1, s2;
        used = 1 + (size_t)s[0];
        if (used > n) return 0;
        d = h5l__zstd_ncount(s + 1, s[0], norm, 255, 6, &nsym, &flog);
        if (d == (size_t)-2) return d;
        if (d == 0 || d >= s[0]) return 0;
        if (h5l__zstd_fse_build(t, norm, nsym, flog, NULL, NULL, 0)) return 0;
        if (h5l__zbr_init(&b, s + 1 + d, s[0] - d)) return 0;
        s1 = (uint32_t)h5l__zbr_get(&b, flog);
        s2 = (uint32_t)h5l__zbr_get(&b, flog);
        h5l__zbr_reload(&b);
        for (;;) {
            if (nw > 253) return 0;
            w[nw++] = (uint8_t)t[s1].base;
            s1 = t[s1].next + (uint32_t)h5l__zbr_get(&b, t[s1].bits);
            h5l__zbr_reload(&b);
            if (b.used > 64) { /* over-read: the other state holds the last symbol */
                w[nw++] = (uint8_t)t[s2].base;
                break;
            }
            if (nw > 253) return 0;
            w[nw++] = (uint8_t)t[s2].base;
            s2 = t[s2].next + (uint32_t)h5l__zbr_get(&b, t[s2].bits);
            h5l__zbr_reload(&b);
            if (b.used > 64) {
                w[nw++] = (uint8_t)t[s1].base;
                break;
            }
        }
    }
    memset(rank, 0, sizeof rank);
    for (i = 0; i < nw; i++) {
        if (w[i] > 11) return 0;
        rank[w[i]]++;
        total += (1u << w[i]) >> 1;
    }
    if (total == 0) return 0;
    log = h5l__zstd_hb(total) + 1;
    if (log > 12) return 0; /* RFC: 11; libzstd accepts 12 */
    rest = (1u << log) - total;
    if (rest & (rest - 1)) return 0; /* implied last weight must complete the tree */
    w[nw] = (uint8_t)(h5l__zstd_hb(rest) + 1);
    rank[w[nw]]++;
    if (rank[1] < 2 || (rank[1] & 1)) return 0;
    /* codes: lowest weights (longest codes) first, symbols in order */
    start[1] = 0;
    for (i = 1; i < 12; i++) start[i + 1] = start[i] + (rank[i] << (i - 1));
    for (i = 0; i <= nw; i++) {
        unsigned wi = w[i], k, len, e;
        if (!wi) continue;
        len = (1u << wi) >> 1;
        e = (i << 8) | (log + 1 - wi);
        for (k = 0; k < len; k++) st->huf[start[wi] + k] = (uint16_t)e;
        start[wi] += len;
    }
    st->huf_log = log;
    st->huf_ok = 1;
    return used;
}

#define H5L__ZHUF(b, o)                                                            \
    do {                                                                           \
        unsigned e_ = tab[((b).c << ((b).used & 63)) >> sh];                       \
        *(o)++ = (uint8_t)(e_ >> 8);                                               \
        (b).used += e_ & 255;                                                      \
    } while (0)

/* decode stream b into o[..oe) one symbol at a time, then check its end */
static int h5l__zstd_huf_tail(h5l__zbr *b, const uint16_t *tab, unsigned log, uint8_t *o,
                              uint8_t *oe)
{
    unsigned sh = 64 - log;
    while (oe - o >= 4 && b->p - b->start >= 8) {
        h5l__zbr_reload_fast(b);
        H5L__ZHUF(*b, o);
        H5L__ZHUF(*b, o);
        H5L__ZHUF(*b, o);
        H5L__ZHUF(*b, o);
    }
    while (o < oe) {
        h5l__zbr_reload(b);
        H5L__ZHUF(*b, o);
    }
    return h5l__zbr_done(b) ? 0 : -1;
}

/* Huffman-coded literals s[0..n) -> lit[0..cnt) with st's table */
static const char *h5l__zstd_huf_lits(const h5l__zst *st, const uint8_t *s, size_t n,
                                      uint8_t *lit, size_t cnt, int four)
{
    const uint16_t *tab = st->huf;
    unsigned log = st->huf_log, sh = 64 - log;
    h5l__zbr b1, b2, b3, b4;
    size_t z1, z2, z3, seg;
    uint8_t *o1, *o2, *o3, *o4, *e4;
    if (!four) {
        if (h5l__zbr_init(&b1, s, n)) return "Zstandard Huffman literal stream empty or without end marker";
        if (h5l__zstd_huf_tail(&b1, tab, log, lit, lit + cnt))
            return "Zstandard Huffman literal stream not consumed exactly";
        return NULL;
    }
    if (n < 10) return "Zstandard 4-stream literals too short";
    z1 = (size_t)s[0] | (size_t)s[1] << 8;
    z2 = (size_t)s[2] | (size_t)s[3] << 8;
    z3 = (size_t)s[4] | (size_t)s[5] << 8;
    if (z1 + z2 + z3 > n - 6) return "Zstandard literal jump table exceeds the literals";
    seg = (cnt + 3) / 4;
    if (cnt < 3 * seg) return "Zstandard too few literals for 4 streams";
    if (h5l__zbr_init(&b1, s + 6, z1) || h5l__zbr_init(&b2, s + 6 + z1, z2) ||
        h5l__zbr_init(&b3, s + 6 + z1 + z2, z3) ||
        h5l__zbr_init(&b4, s + 6 + z1 + z2 + z3, n - 6 - z1 - z2 - z3))
        return "Zstandard Huffman literal stream empty or without end marker";
    o1 = lit;
    o2 = o1 + seg;
    o3 = o2 + seg;
    o4 = o3 + seg;
    e4 = lit + cnt;
    /* Fast loop: all four streams in step. Each keeps its bits left-aligned
       in a register above a marker bit whose position counts the bits used
       since the last refill, so a stream is just (bits, p, o). A refill moves
       p back by <= 7 bytes; the batch size keeps every p >= start and the
       shortest (4th) segment from overflowing. 5 codes of <= 11 bits, or 4
       of 12, fit in the 56 bits a refill guarantees. */
    {
        unsigned per = log <= 11 ? 5 : 4;
        for (;;) {
            size_t k = (size_t)(e4 - o4) / per, r;
            const uint8_t *p1, *p2, *p3, *p4;
            uint64_t x1, x2, x3, x4;
            r = (size_t)(b1.p - b1.start) / 8; if (r < k) k = r;
            r = (size_t)(b2.p - b2.start) / 8; if (r < k) k = r;
            r = (size_t)(b3.p - b3.start) / 8; if (r < k) k = r;
            r = (size_t)(b4.p - b4.start) / 8; if (r < k) k = r;
            if (k < 2) break;
            k--; /* the first refill below may move p back 8 bytes */
#define H5L__ZIN(b, x, q)                                                          \
    do {                                                                           \
        (q) = (b).p - ((b).used >> 3);                                             \
        (x) = (h5l__ld64(q) | 1) << ((b).used & 7);                           \
    } while (0)
#define H5L__ZOUT(b, x, q)                                                         \
    do {                                                                           \
        (b).p = (q);                                                               \
        (b).c = h5l__ld64(q);                                                 \
        (b).used = h5l__zstd_ctz64(x);                                             \
    } while (0)
#define H5L__ZREFILL(x, p)                                                         \
    do {                                                                           \
        unsigned z_ = h5l__zstd_ctz64(x);                                          \
        (p) -= z_ >> 3;                                                            \
        (x) = (h5l__ld64(p) | 1) << (z_ & 7);                                 \
    } while (0)
#define H5L__ZSYM(x, o)                                                            \
    do {                                                                           \
        unsigned e_ = tab[(x) >> sh];                                              \
        *(o)++ = (uint8_t)(e_ >> 8);                                               \
        (x) <<= e_ & 255;                                                          \
    } while (0)
            H5L__ZIN(b1, x1, p1);
            H5L__ZIN(b2, x2, p2);
            H5L__ZIN(b3, x3, p3);
            H5L__ZIN(b4, x4, p4);
            if (per == 5) {
                do {
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZREFILL(x1, p1); H5L__ZREFILL(x2, p2); H5L__ZREFILL(x3, p3); H5L__ZREFILL(x4, p4);
                } while (--k);
            } else {
                do {
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZSYM(x1, o1); H5L__ZSYM(x2, o2); H5L__ZSYM(x3, o3); H5L__ZSYM(x4, o4);
                    H5L__ZREFILL(x1, p1); H5L__ZREFILL(x2, p2); H5L__ZREFILL(x3, p3); H5L__ZREFILL(x4, p4);
                } while (--k);
            }
            H5L__ZOUT(b1, x1, p1);
            H5L__ZOUT(b2, x2, p2);
            H5L__ZOUT(b3, x3, p3);
            H5L__ZOUT(b4, x4, p4);
#undef H5L__ZIN
#undef H5L__ZOUT
#undef H5L__ZREFILL
#undef H5L__ZSYM
        }
    }
    if (h5l__zstd_huf_tail(&b1, tab, log, o1, lit + seg) ||
        h5l__zstd_huf_tail(&b2, tab, log, o2, lit + 2 * seg) ||
        h5l__zstd_huf_tail(&b3, tab, log, o3, lit + 3 * seg) ||
        h5l__zstd_huf_tail(&b4, tab, log, o4, e4))
        return "Zstandard Huffman literal stream not consumed exactly";
    return NULL;
}

/* Literals section of a compressed block -> lit. *used = its size. */
static const char *h5l__zstd_literals(h5l__zst *st, const uint8_t *b, size_t n, uint8_t *lit,
                                      size_t *litn, size_t *used)
{
    unsigned type = b[0] & 3u, sf = (b[0] >> 2) & 3u;
    size_t hl, cnt, csz;
    if (type < 2) { /* raw or RLE */
        hl = sf == 1 ? 2 : sf == 3 ? 3 : 1;
        if (n < hl) return "Zstandard literals header truncated";
        cnt = sf == 1 ? (size_t)(b[0] >> 4) | (size_t)b[1] << 4
            : sf == 3 ? (size_t)(b[0] >> 4) | (size_t)b[1] << 4 | (size_t)b[2] << 12
                      : (size_t)(b[0] >> 3);
        if (cnt > H5L__ZSTD_BLOCK_MAX) return "Zstandard literals larger than a block";
        if (type == 0) {
            if (cnt > n - hl) return "Zstandard raw literals truncated";
            memcpy(lit, b + hl, cnt);
            *used = hl + cnt;
        } else {
            if (n - hl < 1) return "Zstandard RLE literals truncated";
            memset(lit, b[hl], cnt);
            *used = hl + 1;
        }
        *litn = cnt;
        return NULL;
    } else {
        unsigned nb = sf < 2 ? 10 : sf == 2 ? 14 : 18;
        uint64_t h = 0;
        size_t i, t = 0;
        const char *err;
        hl = sf < 2 ? 3 : sf == 2 ? 4 : 5;
        if (n < hl) return "Zstandard literals header truncated";
        for (i = 0; i < hl; i++) h |= (uint64_t)b[i] << (8 * i);
        cnt = (size_t)(h >> 4) & (((size_t)1 << nb) - 1);
        csz = (size_t)(h >> (4 + nb)) & (((size_t)1 << nb) - 1);
        if (cnt > H5L__ZSTD_BLOCK_MAX) return "Zstandard literals larger than a block";
        if (csz > n - hl) return "Zstandard compressed literals truncated";
        if (type == 2) {
            t = h5l__zstd_huf_read(st, b + hl, csz);
            if (t == 0) return "Zstandard Huffman tree description is corrupt";
            if (t == (size_t)-2) return "Zstandard Huffman weights' table description runs past the end of its bytes";
        } else if (!st->huf_ok) {
            return "Zstandard literals repeat a Huffman table that does not exist";
        }
        err = h5l__zstd_huf_lits(st, b + hl + t, csz - t, lit, cnt, sf != 0);
        if (err) return err;
        *litn = cnt;
        *used = hl + csz;
        return NULL;
    }
}

/* One of the three sequence tables per its mode. Returns bytes used or
   (size_t)-1 if corrupt. */
static size_t h5l__zstd_seq_table(h5l__zst *st, int which, unsigned mode, const uint8_t *s,
                                  size_t n)
{
    static const unsigned maxsym[3] = {35, 31, 52}, maxlog[3] = {9, 8, 9};
    h5l__zfse *t = which == H5L__ZLL ? st->ll : which == H5L__ZOF ? st->of : st->ml;
    const uint32_t *base = which == H5L__ZLL ? h5l__zstd_ll_base : h5l__zstd_ml_base;
    const uint8_t *extra = which == H5L__ZLL ? h5l__zstd_ll_extra : h5l__zstd_ml_extra;
    int16_t norm[53];
    unsigned nsym, log;
    size_t used = 0;
    if (mode == 0) { /* predefined */
        log = which == H5L__ZOF ? 5 : 6;
        nsym = which == H5L__ZLL ? 36 : which == H5L__ZOF ? 29 : 53;
        memcpy(norm, which == H5L__ZLL ? h5l__zstd_ll_def : which == H5L__ZOF ? h5l__zstd_of_def : h5l__zstd_ml_def,
               nsym * sizeof(int16_t));
    } else if (mode == 1) { /* RLE: one symbol, no state bits */
        if (n < 1 || s[0] > maxsym[which]) return (size_t)-1;
        memset(norm, 0, sizeof norm);
        norm[s[0]] = 1;
        nsym = s[0] + 1u;
        log = 0;
        used = 1;
    } else if (mode == 2) {
        used = h5l__zstd_ncount(s, n, norm, maxsym[which], maxlog[which], &nsym, &log);
        if (used == 0 || used == (size_t)-2) return used ? used : (size_t)-1;
    } else {
        return st->t_ok[which] ? 0 : (size_t)-1;
    }
    if (h5l__zstd_fse_build(t, norm, nsym, log, base, extra, which == H5L__ZOF)) return (size_t)-1;
    st->tlog[which] = log;
    st->t_ok[which] = 1;
    return used;
}

/* copy n bytes 16 at a time (the source at least 16 bytes behind, or apart);
   reads and writes up to 31 bytes past s + n and d + n */
static void h5l__zstd_wild(uint8_t *d, const uint8_t *s, size_t n)
{
    uint8_t *e = d + n;
    memcpy(d, s, 16);
    if (n <= 16) return;
    d += 16;
    s += 16;
    do {
        memcpy(d, s, 16);
        memcpy(d + 16, s + 16, 16);
        d += 32;
        s += 32;
    } while (d < e);
}

/* Decode one compressed block b[0..n) to dst at *op (cap bytes in all). */
static const char *h5l__zstd_block(h5l__zst *st, const uint8_t *b, size_t n, uint8_t *dst,
                                   size_t *op, size_t cap, uint8_t *lit)
{
    size_t litn, ip, nseq, r0, r1, r2, i, sl, so, sm;
    const char *err;
    const uint8_t *lp, *le;
    uint8_t *o, *oe, *fbase, *bstart;
    unsigned modes;
    h5l__zbr br;
    if (n < 1) return "Zstandard compressed block is empty";
    err = h5l__zstd_literals(st, b, n, lit, &litn, &ip);
    if (err) return err;
    if (ip >= n) return "Zstandard sequences section missing";
    nseq = b[ip++];
    if (nseq >= 128) {
        if (ip >= n) return "Zstandard sequences header truncated";
        if (nseq == 255) {
            if (n - ip < 2) return "Zstandard sequences header truncated";
            nseq = (size_t)b[ip] + ((size_t)b[ip + 1] << 8) + 0x7F00;
            ip += 2;
        } else {
            nseq = ((nseq - 128) << 8) + b[ip++];
        }
    }
    o = dst + *op;
    oe = dst + cap;
    if (nseq == 0) {
        if (ip != n) return "Zstandard block has bytes after an empty sequences section";
        if (litn > (size_t)(oe - o)) return "Zstandard output larger than the buffer";
        memcpy(o, lit, litn);
        *op += litn;
        return NULL;
    }
    if (ip >= n) return "Zstandard sequences header truncated";
    modes = b[ip++];
    if (modes & 3) return "Zstandard reserved bits set in the sequence modes";
    {
        static const unsigned shift[3] = {6, 4, 2};
        int k;
        for (k = 0; k < 3; k++) {
            size_t u = h5l__zstd_seq_table(st, k, (modes >> shift[k]) & 3, b + ip, n - ip);
            if (u == (size_t)-1) return "Zstandard sequence table description is corrupt";
            if (u == (size_t)-2) return "Zstandard sequence table description runs past the end of the block";
            ip += u;
        }
    }
    if (h5l__zbr_init(&br, b + ip, n - ip)) return "Zstandard sequences bitstream is corrupt";
    sl = (size_t)h5l__zbr_get(&br, st->tlog[H5L__ZLL]);
    so = (size_t)h5l__zbr_get(&br, st->tlog[H5L__ZOF]);
    sm = (size_t)h5l__zbr_get(&br, st->tlog[H5L__ZML]);
    h5l__zbr_reload(&br);
    lp = lit;
    le = lit + litn;
    fbase = dst + st->fstart;
    bstart = o;
    r0 = st->rep[0];
    r1 = st->rep[1];
    r2 = st->rep[2];
    {
        /* The bit reader and the three states live in locals here (the
           h5l__zbr functions' arithmetic, inlined): this loop is the hot one. */
        uint64_t bc = br.c;
        unsigned bu = br.used;
        const uint8_t *bp = br.p;
        const uint8_t *const bs = br.start;
        const uint64_t win = st->window;
#define H5L__ZGET(v, nb)                                                           \
    do {                                                                           \
        unsigned nb_ = (nb);                                                       \
        (v) = (size_t)(((bc << (bu & 63)) >> 1) >> ((63 - nb_) & 63));             \
        bu += nb_;                                                                 \
    } while (0)
#define H5L__ZRELOAD()                                                             \
    do {                                                                           \
        if (H5L__LIKELY((size_t)(bp - bs) >= 8)) { /* then bu <= 64 */            \
            bp -= bu >> 3;                                                         \
            bu &= 7;                                                               \
            bc = h5l__ld64(bp);                                                    \
        } else {                                                                   \
            size_t nb_ = bu >> 3, room_ = (size_t)(bp - bs);                       \
            if (nb_ > room_) nb_ = room_;                                          \
            if (nb_) { /* streams < 8 bytes never reload */                        \
                bp -= nb_;                                                         \
                bu -= (unsigned)nb_ * 8;                                           \
                bc = h5l__ld64(bp);                                                \
            }                                                                      \
        }                                                                          \
    } while (0)
        for (i = nseq; i; i--) {
            const h5l__zfse *eL = &st->ll[sl], *eO = &st->of[so], *eM = &st->ml[sm];
            unsigned ob = eO->extra, mb = eM->extra, lb = eL->extra;
            size_t off, ml, ll, x;
            uint8_t *m;
            H5L__ZGET(x, ob);
            off = eO->base + x;
            ml = eM->base;
            if (mb) {
                H5L__ZGET(x, mb);
                ml += x;
            }
            if (ob + mb + lb > 31) H5L__ZRELOAD(); /* else all fits with the state bits */
            ll = eL->base;
            if (lb) {
                H5L__ZGET(x, lb);
                ll += x;
            }
            if (off > 3) {
                r2 = r1;
                r1 = r0;
                r0 = off - 3;
                off = r0;
            } else {
                size_t idx = off - 1 + (eL->base == 0); /* ll == 0 */
                if (idx == 0) {
                    off = r0;
                } else {
                    off = idx == 1 ? r1 : idx == 2 ? r2 : r0 - 1;
                    off += !off; /* rep1 - 1 == 0: libzstd uses 1 */
                    if (idx != 1) r2 = r1;
                    r1 = r0;
                    r0 = off;
                }
            }
            if (i > 1) {
                H5L__ZGET(x, eL->bits);
                sl = eL->next + x;
                H5L__ZGET(x, eM->bits);
                sm = eM->next + x;
                H5L__ZGET(x, eO->bits);
                so = eO->next + x;
                H5L__ZRELOAD();
            }
            /* execute: ll literals, then ml bytes from off back. A bad value read
               after the bitstream ran out is reported as the over-read it is. */
            if (H5L__UNLIKELY(ll > (size_t)(le - lp) || ll + ml > (size_t)(oe - o) ||
                               off > (size_t)(o - fbase) + ll || (uint64_t)off > win)) {
                if (bu > 64) return "Zstandard sequences bitstream not consumed exactly";
                if (ll > (size_t)(le - lp)) return "Zstandard sequence uses more literals than decoded";
                if (ll + ml > (size_t)(oe - o)) return "Zstandard output larger than the buffer";
                if (off > (size_t)(o - fbase) + ll) return "Zstandard match offset before the start of the frame";
                return "Zstandard match offset larger than the window";
            }
            if (H5L__LIKELY((size_t)(oe - o) - ll - ml >= 32)) {
                /* 32 bytes of slack past the match: 16-byte over-copies */
                h5l__zstd_wild(o, lp, ll);
                o += ll;
                lp += ll;
                m = o - off;
                if (off >= 16) {
                    h5l__zstd_wild(o, m, ml);
                } else {
                    uint8_t *d = o, *e = o + ml;
                    if (off < 8) { /* seed 8 bytes, then copy from a distance >= 8 */
                        unsigned k;
                        for (k = 0; k < 8; k++) d[k] = m[k];
                        m = d + 8 - h5l__period8[off];
                        d += 8;
                    }
                    while (d < e) {
                        memcpy(d, m, 8);
                        d += 8;
                        m += 8;
                    }
                }
                o += ml;
            } else { /* near the end of dst: exact copies */
                memcpy(o, lp, ll);
                o += ll;
                lp += ll;
                m = o - off;
                while (ml) { /* o - m stays a multiple of off: copy what is known */
                    size_t c = (size_t)(o - m) < ml ? (size_t)(o - m) : ml;
                    memcpy(o, m, c);
                    o += c;
                    ml -= c;
                }
            }
        }
#undef H5L__ZGET
#undef H5L__ZRELOAD
        br.c = bc;
        br.used = bu;
        br.p = bp;
    }
    if (!h5l__zbr_done(&br)) return "Zstandard sequences bitstream not consumed exactly";
    if ((size_t)(le - lp) > (size_t)(oe - o)) return "Zstandard output larger than the buffer";
    memcpy(o, lp, (size_t)(le - lp));
    o += le - lp;
    if ((size_t)(o - bstart) > H5L__ZSTD_BLOCK_MAX || (uint64_t)(o - bstart) > st->window)
        return "Zstandard block larger than the maximum block size";
    st->rep[0] = r0;
    st->rep[1] = r1;
    st->rep[2] = r2;
    *op = (size_t)(o - dst);
    return NULL;
}

/* One frame at src[0..n) (magic checked by the caller). */
static int h5l__zstd_frame(h5l__zst *st, const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                           size_t *op, uint8_t *lit, size_t *consumed, const char **why)
{
    size_t ip = 5, fcs_len, did_len, bmax, fstart = *op;
    unsigned fhd;
    uint64_t fcs = 0;
    int has_fcs, single;
    if (n < 5) goto truncated;
    fhd = src[4];
    single = (fhd >> 5) & 1;
    if (fhd & 8) { *why = "Zstandard frame header reserved bit set"; return (int)H5L_ECORRUPT; }
    did_len = (fhd & 3) == 3 ? 4 : (fhd & 3);
    fcs_len = (fhd >> 6) == 0 ? (size_t)single : (size_t)1 << (fhd >> 6);
    has_fcs = fcs_len != 0;
    if (n - ip < (size_t)!single + did_len + fcs_len) goto truncated;
    if (!single) {
        unsigned e = src[ip] >> 3, mant = src[ip] & 7u;
        uint64_t w = (uint64_t)1 << (10 + e);
        st->window = w + (w >> 3) * mant;
        ip++;
    }
    if (did_len) {
        uint32_t d = 0;
        size_t i;
        for (i = 0; i < did_len; i++) d |= (uint32_t)src[ip + i] << (8 * i);
        if (d) { *why = "Zstandard frame needs a dictionary"; return (int)H5L_EUNSUPPORTED; }
        ip += did_len;
    }
    if (has_fcs) {
        size_t i;
        for (i = 0; i < fcs_len; i++) fcs |= (uint64_t)src[ip + i] << (8 * i);
        if (fcs_len == 2) fcs += 256;
        ip += fcs_len;
    }
    if (single) st->window = fcs;
    bmax = st->window < H5L__ZSTD_BLOCK_MAX ? (size_t)st->window : H5L__ZSTD_BLOCK_MAX;
    st->huf_ok = st->t_ok[0] = st->t_ok[1] = st->t_ok[2] = 0;
    st->rep[0] = 1;
    st->rep[1] = 4;
    st->rep[2] = 8;
    st->fstart = fstart;
    for (;;) {
        uint32_t bh;
        size_t bsz;
        unsigned type;
        if (n - ip < 3) goto truncated;
        bh = (uint32_t)src[ip] | (uint32_t)src[ip + 1] << 8 | (uint32_t)src[ip + 2] << 16;
        ip += 3;
        type = (bh >> 1) & 3;
        bsz = bh >> 3;
        if (type == 3) { *why = "Zstandard reserved block type"; return (int)H5L_ECORRUPT; }
        if (bsz > bmax) { *why = "Zstandard block larger than the maximum block size"; return (int)H5L_ECORRUPT; }
        if (type == 1) {
            if (n - ip < 1) goto truncated;
            if (bsz > cap - *op) goto too_big;
            memset(dst + *op, src[ip], bsz);
            *op += bsz;
            ip += 1;
        } else {
            if (bsz > n - ip) goto truncated;
            if (type == 0) {
                if (bsz > cap - *op) goto too_big;
                memcpy(dst + *op, src + ip, bsz);
                *op += bsz;
            } else {
                const char *err = h5l__zstd_block(st, src + ip, bsz, dst, op, cap, lit);
                if (err) { *why = err; return (int)H5L_ECORRUPT; }
            }
            ip += bsz;
        }
        if (has_fcs && (uint64_t)(*op - fstart) > fcs) {
            *why = "Zstandard frame larger than its content size";
            return (int)H5L_ECORRUPT;
        }
        if (bh & 1) break;
    }
    if (has_fcs && (uint64_t)(*op - fstart) != fcs) {
        *why = "Zstandard frame smaller than its content size";
        return (int)H5L_ECORRUPT;
    }
    if (fhd & 4) {
        if (n - ip < 4) goto truncated;
        if ((uint32_t)h5l__zstd_xxh64(dst + fstart, *op - fstart) != h5l__ld32(src + ip)) {
            *why = "Zstandard content checksum mismatch";
            return (int)H5L_ECORRUPT;
        }
        ip += 4;
    }
    *consumed = ip;
    return 0;
truncated:
    *why = "Zstandard frame truncated";
    return (int)H5L_ECORRUPT;
too_big:
    *why = "Zstandard output larger than the buffer";
    return (int)H5L_ECORRUPT;
}

/* Decode all frames in src[0..n) into dst[0..cap). work: H5L__ZSTD_WORK_SIZE bytes. */
static int h5l__zstd_decompress(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                uint8_t *work, size_t work_cap, size_t *out_n, const char **why)
{
    h5l__zst st;
    size_t pos = 0, op = 0;
    const char *w0 = NULL;
    if (!why) why = &w0;
    if (!work || work_cap < H5L__ZSTD_WORK_SIZE) H5L__FILT_CORRUPT("Zstandard work area too small");
    if ((!src && n) || (!dst && cap)) H5L__FILT_CORRUPT("Zstandard: NULL buffer");
    memset(work + H5L__ZSTD_BLOCK_MAX, 0, H5L__ZSTD_WORK_SIZE - H5L__ZSTD_BLOCK_MAX);
    while (pos < n) {
        uint32_t magic;
        size_t used = 0;
        int rc;
        if (n - pos < 4) H5L__FILT_CORRUPT("Zstandard trailing bytes after the last frame");
        magic = h5l__ld32(src + pos);
        if ((magic & 0xFFFFFFF0u) == 0x184D2A50u) { /* skippable frame */
            uint32_t len;
            if (n - pos < 8) H5L__FILT_CORRUPT("Zstandard skippable frame truncated");
            len = h5l__ld32(src + pos + 4);
            if (len > n - pos - 8) H5L__FILT_CORRUPT("Zstandard skippable frame truncated");
            pos += 8 + (size_t)len;
            continue;
        }
        if (magic == 0xFD2FB51Eu || (magic >= 0xFD2FB522u && magic <= 0xFD2FB527u))
            H5L__FILT_FAIL(H5L_EUNSUPPORTED, "Zstandard legacy (pre-v0.8) frame format");
        if (magic != 0xFD2FB528u) H5L__FILT_CORRUPT("not a Zstandard frame (bad magic number)");
        rc = h5l__zstd_frame(&st, src + pos, n - pos, dst, cap, &op, work, &used, why);
        if (rc) {
            *out_n = 0;
            return rc;
        }
        pos += used;
    }
    *out_n = op;
    return 0;
}

/* HDF5 filter 32015. cd[0] (the compression level) does not matter here. */
static int h5l__zstd_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                            const uint32_t *cd, size_t ncd, uint8_t *tmp, size_t tmpcap,
                            size_t *out_n, const char **why)
{
    (void)cd;
    (void)ncd;
    return h5l__zstd_decompress(src, n, dst, cap, tmp, tmpcap, out_n, why);
}
#endif /* !H5L_NO_EXTRA_CODECS */

/* ---- the pipeline ------------------------------------------------------------
 * A chunk was written through filters 0, 1, ... n-1 of the pipeline message
 * (those whose bit in the chunk's filter mask is clear); reading undoes them
 * from the last to the first. Each step reads its input (first the stored
 * bytes in the file) and writes at most the chunk's size into one of two
 * chunk-sized buffers, alternating so that the last lands in dst; fletcher32
 * only checks and drops its 4 bytes. A filter hdf5lite does not know is
 * EUNSUPPORTED, naming it; a step that fails or a result of another size
 * than the chunk's is ECORRUPT naming the filter and the chunk's offset. */

typedef int (*h5l__filter_fn)(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd, size_t *out_n,
                              const char **why);
/* The codecs of issue 17 also get a scratch area tmp[0..tmpcap), tmpcap >=
 * the chunk + H5L__PLINE_SLACK + H5L__FILT_TMP_EXTRA (a block to unshuffle
 * from, Zstandard's literals). */
typedef int (*h5l__filter_tfn)(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd, uint8_t *tmp,
                               size_t tmpcap, size_t *out_n, const char **why);
#define H5L__FILT_TMP_EXTRA ((size_t)136 * 1024)

static int h5l__deflate_decode(const uint8_t *src, size_t n, uint8_t *dst, size_t cap, const uint32_t *cd, size_t ncd, size_t *out_n,
                               const char **why)
{
    (void)cd;
    (void)ncd;
    return h5l__inflate(src, n, dst, cap, out_n, why);
}

enum { H5L__F_DEFLATE = 1, H5L__F_SHUFFLE = 2, H5L__F_FLETCHER32 = 3, H5L__F_SZIP = 4, H5L__F_NBIT = 5, H5L__F_SCALEOFFSET = 6,
       H5L__F_LZF = 32000, H5L__F_BLOSC = 32001, H5L__F_LZ4 = 32004, H5L__F_BSHUF = 32008, H5L__F_ZSTD = 32015 };

#if !defined(H5L_NO_EXTRA_CODECS)
#define H5L__CODEC(fn) fn
#else
#define H5L__CODEC(fn) NULL
#endif

/* max_expansion: the most output a decoder makes of one stored byte (plus
 * slack), for the decompression-bomb check of h5l__chunk_stored; 0 for
 * filters that do not shrink (shuffle, fletcher32). Zstandard's RLE blocks
 * reach 128 KiB from 4 bytes; n-bit and scale-offset keep the 1,100 every
 * filter had before (a scale-offset chunk of equal values is its header). */
static const struct h5l__filter_def {
    unsigned id;
    const char *name;
    h5l__filter_fn decode;     /* NULL: known by name only (or decode_t) */
    h5l__filter_tfn decode_t;  /* a decoder that needs scratch */
    uint32_t max_expansion;
} h5l__filter_defs[] = {
    {H5L__F_DEFLATE, "deflate", h5l__deflate_decode, NULL, 1100},
    {H5L__F_SHUFFLE, "shuffle", h5l__unshuffle, NULL, 0},
    {H5L__F_FLETCHER32, "fletcher32", NULL, NULL, 0},          /* checked in place */
    {H5L__F_SZIP, "szip", NULL, NULL, 0},
    {H5L__F_NBIT, "nbit", h5l__nbit_decode, NULL, 1100},
    {H5L__F_SCALEOFFSET, "scaleoffset", h5l__scaleoffset_decode, NULL, 1100},
    {H5L__F_LZF, "lzf", h5l__lzf_decode, NULL, 1100},
    {305, "lzo", NULL, NULL, 0},
    {307, "bzip2", NULL, NULL, 0},
    {H5L__F_BLOSC, "blosc", NULL, H5L__CODEC(h5l__blosc_decode), 40000},
    {H5L__F_LZ4, "lz4", NULL, H5L__CODEC(h5l__lz4_decode), 300},
    {H5L__F_BSHUF, "bitshuffle", NULL, H5L__CODEC(h5l__bshuf_decode), 40000},
    {32013, "zfp", NULL, NULL, 0},
    {H5L__F_ZSTD, "zstd", NULL, H5L__CODEC(h5l__zstd_decode), 40000},
    {32017, "sz", NULL, NULL, 0},
    {32026, "blosc2", NULL, NULL, 0},
};

static const struct h5l__filter_def *h5l__filter_find(unsigned id)
{
    size_t i;
    for (i = 0; i < sizeof h5l__filter_defs / sizeof *h5l__filter_defs; i++)
        if (h5l__filter_defs[i].id == id) return &h5l__filter_defs[i];
    return NULL;
}

/* 1 when hdf5lite undoes the filter (fletcher32 is only checked). */
static int h5l__filter_decodable(const struct h5l__filter_def *def)
{
    return def && (def->decode || def->decode_t || def->id == H5L__F_FLETCHER32);
}

/* The caller's decoder for filter id, given at open (h5l_open_options), or NULL. */
static const h5l_filter_hook *h5l__filter_hook(const h5l_file *f, unsigned id)
{
    unsigned i;
    for (i = 0; f && i < f->nhooks; i++)
        if (f->hooks[i].id == id) return &f->hooks[i];
    return NULL;
}

/* The filter's name as hdf5lite knows it (short: "lz4", not the plugin's
 * sentence), else as the pipeline stores it. */
static const char *h5l__filter_name(const h5l_filter *fl)
{
    const struct h5l__filter_def *def = h5l__filter_find(fl->id);
    if (def) return def->name;
    return fl->name && fl->name[0] ? fl->name : "unknown";
}

const char *h5l_filter_name(unsigned id, int *decodes)
{
    const struct h5l__filter_def *def = h5l__filter_find(id);
    if (decodes) *decodes = h5l__filter_decodable(def);
    return def ? def->name : NULL;
}

/* The most a stored chunk can grow through pipeline fl[0..nf): the product
 * of its decoders' expansions, 0 when a caller's hook or a filter hdf5lite
 * does not decode takes part (no bound known: the chunk's declared size is
 * the only limit; an undecoded filter fails later, as unsupported). */
static uint64_t h5l__pline_expansion(const h5l_file *f, const h5l_filter *fl, unsigned nf)
{
    uint64_t x = 1;
    unsigned i;
    for (i = 0; i < nf; i++) {
        const struct h5l__filter_def *def = h5l__filter_find(fl[i].id);
        if (h5l__filter_hook(f, fl[i].id)) return 0;
        if (!h5l__filter_decodable(def)) return 0;   /* decoding it fails as EUNSUPPORTED, naming it */
        if (def && def->max_expansion && x < ((uint64_t)1 << 40)) x *= def->max_expansion;
    }
    return x;
}

/* Buffers for the intermediate results of a pipeline: made when first
 * needed, `size` bytes each (a chunk plus H5L__PLINE_SLACK: scale-offset's
 * input is its output plus a header of up to 22 bytes, n-bit's plus 1). */
#define H5L__PLINE_SLACK 64u
typedef struct h5l__pbufs {
    uint8_t *b[2];
    size_t size;
    uint8_t *in;               /* a stored chunk read with pread (see h5l__chunk_decode) */
    size_t incap;
    uint8_t *tmp;              /* scratch of the codecs that need it: size + H5L__FILT_TMP_EXTRA */
    const h5l_allocator *a;
} h5l__pbufs;

static void h5l__pbufs_free(h5l__pbufs *pb)
{
    h5l__free(pb->a, pb->b[0]);
    h5l__free(pb->a, pb->b[1]);
    h5l__free(pb->a, pb->in);
    h5l__free(pb->a, pb->tmp);
    pb->b[0] = pb->b[1] = pb->in = pb->tmp = NULL;
    pb->incap = 0;
}

/* Can the filters that mask leaves applied be undone? EUNSUPPORTED naming
 * the first that cannot. *steps: how many decode; *check_last: a checksum
 * comes before every decoder. Asked before any chunk-sized buffer is made:
 * with a filter of unknown expansion nothing else bounds the chunk. */
static h5l_status h5l__pline_plan(const h5l_file *f, const h5l_dataset_info *di, uint32_t mask, uint64_t off, unsigned *steps_out,
                                  int *check_last_out, h5l_error *err)
{
    unsigned i, steps = 0;
    int check_last = 0;
    for (i = 0; i < di->nfilters; i++) {
        const h5l_filter *fl = &di->filters[i];
        const struct h5l__filter_def *def;
        if (i < 32 && (mask & (1u << i))) continue;
        def = h5l__filter_find(fl->id);
        if (h5l__filter_hook(f, fl->id)) {
            steps++;
            continue;
        }
        if (!h5l__filter_decodable(def))
            return h5l__fail_at(err, H5L_EUNSUPPORTED, off, "chunk", "filter %u (%s) is not supported%s", (unsigned)fl->id, h5l__filter_name(fl),
                                def && (def->id == H5L__F_BLOSC || def->id == H5L__F_LZ4 || def->id == H5L__F_BSHUF || def->id == H5L__F_ZSTD)
                                    ? " (this build leaves the extra codecs out: H5L_NO_EXTRA_CODECS)"
                                    : " (an h5l_filter_hook given to h5l_open can decode it)");
        if (def->decode || def->decode_t) steps++;
        else if (!steps) check_last = 1;      /* fletcher32 before every decoder (PyTables' order) */
    }
    if (steps_out) *steps_out = steps;
    if (check_last_out) *check_last_out = check_last;
    return H5L_OK;
}

/* Undo the pipeline of one chunk: src (n stored bytes at absolute offset
 * off), mask its filter mask. The last filter undone writes dst (cap bytes,
 * the chunk); the others write pb's buffers. *res receives the decoded
 * chunk: dst, or src itself when no filter was applied. */
static h5l_status h5l__pline_reverse(const h5l_file *f, const h5l_dataset_info *di, const uint8_t *src, size_t n, uint32_t mask,
                                     uint8_t *dst, size_t cap, h5l__pbufs *pb, const uint8_t **res, uint64_t off, h5l_error *err)
{
    const uint8_t *cur = src;
    size_t curn = n;
    unsigned i, steps = 0, j = 0;
    int rc, check_last = 0;    /* a checksum is verified after the last decoder: it works on chunk + 4 bytes */
    h5l_status pst = h5l__pline_plan(f, di, mask, off, &steps, &check_last, err);
    if (pst != H5L_OK) return pst;
    for (i = di->nfilters; i-- > 0;) {
        const h5l_filter *fl = &di->filters[i];
        const struct h5l__filter_def *def;
        const h5l_filter_hook *hook;
        const char *why = "corrupt data";
        size_t outn = 0, tocap = cap;
        uint8_t *to = dst;
        if (i < 32 && (mask & (1u << i))) continue;
        def = h5l__filter_find(fl->id);
        hook = h5l__filter_hook(f, fl->id);
        if (!hook && def->id == H5L__F_FLETCHER32) {
            if (h5l__fletcher32_check(cur, curn, &outn, &why) != 0) return h5l__fail_at(err, H5L_ECORRUPT, off, "chunk", "fletcher32: %s", why);
            curn = outn;
            continue;
        }
        if (++j < steps || check_last) { /* an intermediate result */
            uint8_t **b = &pb->b[j % 2];
            if (!*b && !(*b = (uint8_t *)h5l__malloc(pb->a, pb->size)))
                return h5l__fail_at(err, H5L_ENOMEM, off, "chunk", "no memory for %zu bytes", pb->size);
            to = *b;
            tocap = pb->size;
        }
        if (hook) {
            rc = hook->decode(hook->user, fl, cur, curn, to, tocap, &outn);
            if (rc == 0 && outn > tocap) rc = (int)H5L_ECORRUPT;
            if (rc != 0) {
                if (rc == (int)H5L_EUNSUPPORTED || rc == (int)H5L_ENOMEM)
                    return h5l__fail_at(err, (h5l_status)rc, off, "chunk", "%s: the filter hook returned %d", h5l__filter_name(fl), rc);
                return h5l__fail_at(err, H5L_ECORRUPT, off, "chunk", "%s: the filter hook failed (%d)", h5l__filter_name(fl), rc);
            }
            cur = to;
            curn = outn;
            continue;
        }
        if (def->decode_t) {
            if (!pb->tmp && !(pb->tmp = (uint8_t *)h5l__malloc(pb->a, pb->size + H5L__FILT_TMP_EXTRA)))
                return h5l__fail_at(err, H5L_ENOMEM, off, "chunk", "no memory for %zu bytes", pb->size + H5L__FILT_TMP_EXTRA);
            rc = def->decode_t(cur, curn, to, tocap, fl->cd, fl->ncd, pb->tmp, pb->size + H5L__FILT_TMP_EXTRA, &outn, &why);
        } else {
            rc = def->decode(cur, curn, to, tocap, fl->cd, fl->ncd, &outn, &why);
        }
        if (rc != 0)
            return h5l__fail_at(err, rc == (int)H5L_EUNSUPPORTED ? H5L_EUNSUPPORTED : H5L_ECORRUPT, off, "chunk", "%s: %s", h5l__filter_name(fl), why);
        cur = to;
        curn = outn;
    }
    if (curn != cap) return h5l__fail_at(err, H5L_ECORRUPT, off, "chunk", "decodes to %zu bytes, the chunk holds %zu", curn, cap);
    *res = cur;
    return H5L_OK;
}

/* ---- the pipeline forward (writing) -------------------------------------------
 * Writing runs filters 0, 1, ... n-1 in order. A compressor writes into a
 * buffer no larger than its input: output that would not be smaller does
 * not fit (H5L__FILT_NOFIT), and the filter, optional as hdf5lite writes
 * every compressor, is skipped with its bit set in the chunk's filter mask
 * (what libhdf5 does when an optional filter fails); a mandatory filter
 * that cannot run is an error. Fletcher32 appends its 4 bytes (the buffers
 * have H5L__PLINE_SLACK to spare). Work areas are made on first use and
 * kept for the next chunk. */
typedef struct h5l__ework {
    uint8_t *b[2];
    size_t size;               /* bytes of each of b: the chunk plus H5L__PLINE_SLACK */
    void *defl;                /* deflate's workspace, defl_size bytes */
    size_t defl_size;
    uint32_t *lzf;             /* LZF's hash table */
    const h5l_allocator *a;
} h5l__ework;

static void h5l__ework_init(h5l__ework *ew, const h5l_allocator *a, size_t chunk_bytes)
{
    memset(ew, 0, sizeof *ew);
    ew->a = a;
    ew->size = chunk_bytes + H5L__PLINE_SLACK;
}

static void h5l__ework_free(h5l__ework *ew)
{
    h5l__free(ew->a, ew->b[0]);
    h5l__free(ew->a, ew->b[1]);
    h5l__free(ew->a, ew->defl);
    h5l__free(ew->a, ew->lzf);
    ew->b[0] = ew->b[1] = NULL;
    ew->defl = NULL;
    ew->lzf = NULL;
}

/* 1 when hdf5lite can write the filter with these parameters. */
static int h5l__filter_encodable(const h5l_filter *fl)
{
    switch (fl->id) {
    case H5L__F_DEFLATE: return fl->ncd >= 1 && fl->cd[0] >= 1 && fl->cd[0] <= 9;
    case H5L__F_SHUFFLE: return fl->ncd >= 1 && fl->cd[0] >= 1;
    case H5L__F_FLETCHER32: case H5L__F_LZF: return 1;
    default: return 0;
    }
}

/* Run the pipeline fl[0..nf) over src[0..n) (a whole chunk). *res receives
 * the bytes to store (src itself when every filter was skipped, else one of
 * ew's buffers), *res_n their count and *mask the chunk's filter mask. */
static h5l_status h5l__pline_forward(const h5l_filter *fl, unsigned nf, const uint8_t *src, size_t n, h5l__ework *ew,
                                     const uint8_t **res, size_t *res_n, uint32_t *mask, h5l_error *err)
{
    const uint8_t *cur = src;
    size_t curn = n;
    unsigned i, j = 0;
    *mask = 0;
    if (n > ew->size - H5L__PLINE_SLACK) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "chunk of %zu bytes larger than declared", n);
    for (i = 0; i < nf; i++) {
        const char *why = "cannot encode";
        size_t outn = 0;
        uint8_t **b = &ew->b[j % 2];
        int rc;
        if (!h5l__filter_encodable(&fl[i]))
            return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "filter %u (%s) cannot be written", (unsigned)fl[i].id, h5l__filter_name(&fl[i]));
        if (*b == cur) b = &ew->b[++j % 2];
        if (!*b && !(*b = (uint8_t *)h5l__malloc(ew->a, ew->size)))
            return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for a chunk buffer of %zu bytes", ew->size);
        switch (fl[i].id) {
        case H5L__F_SHUFFLE:
            rc = h5l__shuffle(cur, curn, *b, ew->size, fl[i].cd, fl[i].ncd, &outn, &why);
            break;
        case H5L__F_FLETCHER32:
            if (cur != *b) memcpy(*b, cur, curn);
            rc = h5l__fletcher32_append(*b, curn, ew->size, &outn, &why);
            break;
        case H5L__F_DEFLATE: {
            size_t need = h5l__deflate_work_size((int)fl[i].cd[0], curn);
            if (need > ew->defl_size) {
                h5l__free(ew->a, ew->defl);
                ew->defl_size = 0;
                if (!(ew->defl = h5l__malloc(ew->a, need)))
                    return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for deflate's %zu-byte workspace", need);
                ew->defl_size = need;
            }
            rc = h5l__deflate(cur, curn, *b, curn ? curn - 1 : 0, (int)fl[i].cd[0], ew->defl, ew->defl_size, &outn, &why);
            break;
        }
        case H5L__F_LZF:
            if (!ew->lzf && !(ew->lzf = (uint32_t *)h5l__malloc(ew->a, H5L__LZF_HTAB_LEN * sizeof *ew->lzf)))
                return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for LZF's hash table");
            rc = h5l__lzf_encode(cur, curn, *b, curn ? curn - 1 : 0, ew->lzf, &outn, &why);
            break;
        default:
            rc = (int)H5L_EUNSUPPORTED;
        }
        if (rc == H5L__FILT_NOFIT && (fl[i].flags & H5L__FILTER_OPTIONAL) && i < 32) {
            *mask |= 1u << i;
            continue;
        }
        if (rc != 0)
            return h5l__fail(err, rc == H5L__FILT_NOFIT ? H5L_EINVAL : (h5l_status)rc, H5L_NO_OFFSET, "%s: %s", h5l__filter_name(&fl[i]), why);
        cur = *b;
        curn = outn;
    }
    *res = cur;
    *res_n = curn;
    return H5L_OK;
}

/* ======================================================================
 * SECTION D — Datasets and attributes (hdf5lite.h section 3, reading)
 *
 * Dataset values come from the storage the layout message describes
 * (contiguous or compact: in place); attributes from their messages, in
 * the header or in dense storage.
 * ====================================================================== */

/* ----------------------------------------------------------------------
 * D.1 Dataset values
 *
 *  Contiguous and compact data are read in place. A chunked dataset is a
 *  grid of chunks of the chunk dims, covering the dataset's dims; each
 *  chunk is stored whole (edge chunks padded) after the filter pipeline,
 *  found through the chunk index (C.7) and decoded by the filters (C.8).
 *  A read of rows [first, first + count) visits the chunks of the grid that
 *  overlap those rows (all of them along the other dimensions), decodes each
 *  (or takes the fill value for a chunk never written) and copies the part
 *  that overlaps into the output: a chunk that lies whole and contiguous in
 *  the output is decoded straight into it. With threads, worker w takes the
 *  chunks w, w + n, w + 2n, ... of the grid, each with its own two chunk
 *  buffers: memory is threads x 2 x chunk bytes plus the caller's output.
 * ---------------------------------------------------------------------- */

/* Rows of the first dimension and bytes per row. */
static h5l_status h5l__dset_rows(const h5l__dset *ds, uint64_t *rows, uint64_t *rowsz, h5l_error *err)
{
    const h5l_dataset_info *di = &ds->info;
    uint64_t total;
    if (di->space.kind == H5L_SPACE_SIMPLE && di->space.rank > 0) {
        *rows = di->space.dims[0];
        *rowsz = *rows ? di->space.npoints / *rows : 0;
    } else {
        *rows = di->space.kind == H5L_SPACE_NULL ? 0 : 1;
        *rowsz = 1;
    }
    if (h5l__mul_ovf(*rowsz, di->type->size, rowsz) || h5l__mul_ovf(di->space.npoints, di->type->size, &total))
        return h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(ds->f, ds->addr), "dataset", "size overflows");
    return H5L_OK;
}

/* Fill n bytes with the dataset's fill value (zeros when it has none). */
static void h5l__fill_bytes(const h5l_dataset_info *di, uint8_t *out, uint64_t n)
{
    uint64_t i, es = di->type->size;
    if (di->fill_value && di->fill_size == es && es) {
        for (i = 0; i + es <= n; i += es) memcpy(out + i, di->fill_value, (size_t)es);
    } else {
        memset(out, 0, (size_t)n);
    }
}

/* ---- chunked storage ------------------------------------------------------ */

/* The grid of a chunked dataset and the index that finds its chunks. */
typedef struct h5l__cgrid {
    const h5l__dset *ds;
    h5l__cidx ix;
    unsigned rank;
    uint64_t cdims[H5L_MAX_RANK];
    uint64_t nch[H5L_MAX_RANK];    /* chunks along each dimension */
    uint64_t esize;
    uint64_t chunk_bytes;          /* decoded bytes of a whole chunk */
    uint64_t hoff;                 /* the dataset's header, for messages */
    uint64_t max_exp;              /* the pipeline's largest expansion (0: unbounded) */
} h5l__cgrid;

/* A stored chunk that claims to decode to more than its pipeline's largest
 * expansion (h5l__pline_expansion: deflate 1032:1 plus slack, Zstandard's
 * 32768:1, ...) is refused before any buffer is allocated for it (a
 * decompression bomb). */

static h5l_status h5l__cgrid_init(const h5l__dset *ds, h5l__cgrid *g, h5l_error *err)
{
    const h5l_dataset_info *di = &ds->info;
    const h5l__layout *ly = ds->layout;
    unsigned d;
    memset(g, 0, sizeof *g);
    g->ds = ds;
    g->hoff = h5l__abs(ds->f, ds->addr);
    if (!ly) return h5l__fail_at(err, H5L_ECORRUPT, g->hoff, "dataset", "chunked without a layout");
    if (di->space.kind != H5L_SPACE_SIMPLE || di->space.rank == 0 || ly->ndims != di->space.rank + 1)
        return h5l__fail_at(err, H5L_ECORRUPT, g->hoff, "dataset", "chunk rank %u for a dataspace of rank %u", ly->ndims, di->space.rank);
    g->rank = di->space.rank;
    g->esize = di->type->size;
    if (ly->cdims[g->rank] != g->esize)
        return h5l__fail_at(err, H5L_ECORRUPT, g->hoff, "dataset", "chunk element size %llu for a type of %llu bytes",
                            h5l__ull(ly->cdims[g->rank]), h5l__ull(g->esize));
    g->chunk_bytes = g->esize;
    for (d = 0; d < g->rank; d++) {
        g->cdims[d] = ly->cdims[d];
        if (g->cdims[d] == 0) return h5l__fail_at(err, H5L_ECORRUPT, g->hoff, "dataset", "chunk dimension %u is 0", d);
        if (h5l__mul_ovf(g->chunk_bytes, g->cdims[d], &g->chunk_bytes))
            return h5l__fail_at(err, H5L_ECORRUPT, g->hoff, "dataset", "chunk size overflows");
        /* rows + a chunk must not wrap: the read arithmetic (the chunks rows
         * [first, first + count) overlap, a chunk's end) relies on it */
        if (di->space.dims[d] > UINT64_MAX - g->cdims[d])
            return h5l__fail_at(err, H5L_EUNSUPPORTED, g->hoff, "dataset", "dimension %u of %llu is within a chunk (%llu) of 2^64", d,
                                h5l__ull(di->space.dims[d]), h5l__ull(g->cdims[d]));
        g->nch[d] = di->space.dims[d] / g->cdims[d] + (di->space.dims[d] % g->cdims[d] != 0);
    }
    if (g->chunk_bytes > SIZE_MAX / 2) return h5l__fail_at(err, H5L_EFBIG, g->hoff, "dataset", "chunks too large for this platform");
    g->ix.f = ds->f;
    g->ix.lay = ly;
    g->ix.rank = g->rank;
    g->ix.dims = di->space.dims;
    g->ix.maxdims = di->space.maxdims;
    g->ix.elem_size = g->esize;
    g->ix.filtered = di->nfilters > 0;
    g->ix.hdr_off = g->hoff;
    g->max_exp = h5l__pline_expansion(ds->f, di->filters, di->nfilters);
    return H5L_OK;
}

/* The stored bytes of chunk c, checked against the file and the bomb limit. */
static h5l_status h5l__chunk_stored(const h5l__cgrid *g, const h5l__dchunk *c, const uint8_t **p, h5l_error *err)
{
    const h5l_file *f = g->ds->f;
    uint64_t off = h5l__abs(f, c->addr);
    *p = h5l__at(f, c->addr, c->size);
    if (!*p || c->size > SIZE_MAX) return h5l__fail_in(err, H5L_ECORRUPT, off, "dataset", g->hoff, "chunk at %llu of %llu bytes outside the file", h5l__ull(off), h5l__ull(c->size));
    if (g->ds->info.nfilters && g->max_exp && c->size < g->chunk_bytes / g->max_exp)
        return h5l__fail_in(err, H5L_ECORRUPT, off, "dataset", g->hoff, "chunk at %llu: %llu stored bytes cannot hold %llu", h5l__ull(off),
                            h5l__ull(c->size), h5l__ull(g->chunk_bytes));
    if (!g->ds->info.nfilters && c->size != g->chunk_bytes)
        return h5l__fail_in(err, H5L_ECORRUPT, off, "dataset", g->hoff, "unfiltered chunk at %llu of %llu bytes, the chunk holds %llu",
                            h5l__ull(off), h5l__ull(c->size), h5l__ull(g->chunk_bytes));
    if (g->ds->info.nfilters && !g->max_exp)   /* no bound from the stored size: can it be decoded at all? */
        return h5l__pline_plan(f, &g->ds->info, (c->flags & H5L__CK_NOFILTER) ? 0xffffffffu : c->mask, off, NULL, NULL, err);
    return H5L_OK;
}

/* Decode chunk c into a chunk-sized buffer: the result is dst, or the stored
 * bytes themselves when no filter applies (*res says which); pb holds the
 * intermediate results. */
static h5l_status h5l__chunk_decode(const h5l__cgrid *g, const h5l__dchunk *c, uint8_t *dst, h5l__pbufs *pb, const uint8_t **res,
                                    h5l_error *err)
{
    const uint8_t *src;
    const h5l_file *f = g->ds->f;
    h5l_status st = h5l__chunk_stored(g, c, &src, err);
    uint32_t mask = (c->flags & H5L__CK_NOFILTER) ? 0xffffffffu : c->mask;
    unsigned nf = g->ds->info.nfilters;
    if (st != H5L_OK) return st;
    /* A mapped file with a descriptor: copy the stored bytes with pread
     * rather than fault the mapping in a page at a time (libhdf5's way, and
     * ~3x faster for plain chunks on this kind of machine); an unfiltered
     * chunk goes straight to its destination. */
    if (f->fd >= 0) {
        uint64_t abs = h5l__abs(f, c->addr);
        int raw = nf == 0 || (nf <= 32 && (mask & (nf == 32 ? 0xffffffffu : ((1u << nf) - 1u))) == (nf == 32 ? 0xffffffffu : ((1u << nf) - 1u)));
        if (raw && c->size == g->chunk_bytes) {
            if (h5l__read_at(f, abs, dst, (size_t)c->size)) {
                *res = dst;
                return H5L_OK;
            }
        } else if (c->size <= 2 * g->chunk_bytes + ((uint64_t)1 << 20)) {
            if (pb->incap < c->size) {
                h5l__free(pb->a, pb->in);
                pb->incap = 0;
                if ((pb->in = (uint8_t *)h5l__malloc(pb->a, (size_t)c->size)) != NULL) pb->incap = (size_t)c->size;
            }
            if (pb->in && h5l__read_at(f, abs, pb->in, (size_t)c->size)) src = pb->in;
        }
    }
    st = h5l__pline_reverse(f, &g->ds->info, src, (size_t)c->size, mask, dst, (size_t)g->chunk_bytes, pb, res, h5l__abs(g->ds->f, c->addr), err);
    if (st != H5L_OK && err && err->offset == H5L_NO_OFFSET) err->offset = h5l__abs(g->ds->f, c->addr);
    return st;
}

/* Copy the box [lo, lo + ext) of a chunk (its bytes at src, origin `corner`)
 * into the output rows (origin row `first`, full extent in the other
 * dimensions): runs along the last dimension. src NULL: the chunk was never
 * written, the box takes the fill value (no chunk-sized buffer for it). */
static void h5l__chunk_copy_out(const h5l__cgrid *g, const uint8_t *src, const uint64_t *corner, const uint64_t *lo, const uint64_t *ext,
                                uint64_t first, uint8_t *out)
{
    const uint64_t *dims = g->ds->info.space.dims;
    unsigned R = g->rank, d;
    uint64_t idx[H5L_MAX_RANK], run = ext[R - 1] * g->esize;
    memset(idx, 0, sizeof idx);
    for (;;) {
        uint64_t so = 0, oo = 0;
        for (d = 0; d < R; d++) {
            uint64_t pos = lo[d] + idx[d];                   /* dataset coordinate */
            so = so * g->cdims[d] + (pos - corner[d]);
            oo = oo * (d ? dims[d] : 1) + (d ? pos : pos - first);
        }
        if (src) memcpy(out + oo * g->esize, src + so * g->esize, (size_t)run);
        else h5l__fill_bytes(&g->ds->info, out + oo * g->esize, run);
        /* next run: odometer over dimensions R-2 .. 0 */
        for (d = R - 1; d > 0; d--) {
            if (++idx[d - 1] < ext[d - 1]) break;
            idx[d - 1] = 0;
        }
        if (d == 0) break;
    }
}



/* One reader of a chunked dataset: its index state and buffers. */
typedef struct h5l__creader {
    const h5l__cgrid *g;
    h5l__cx cx;
    int cx_open;
    uint8_t *buf;                  /* a decoded chunk that is not copied whole: made on first use */
    h5l__pbufs pb;                 /* intermediate results of the filters */
    const h5l_allocator *a;
} h5l__creader;

static void h5l__creader_init(h5l__creader *r, const h5l__cgrid *g, const h5l_allocator *a)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->a = a;
    r->pb.a = a;
    r->pb.size = (size_t)g->chunk_bytes + H5L__PLINE_SLACK;
}

static void h5l__creader_free(h5l__creader *r)
{
    h5l__free(r->a, r->buf);
    r->buf = NULL;
    h5l__pbufs_free(&r->pb);
}

static h5l_status h5l__creader_bufs(h5l__creader *r, h5l_error *err)
{
    if (r->buf) return H5L_OK;
    r->buf = (uint8_t *)h5l__malloc(r->a, (size_t)r->g->chunk_bytes);
    if (!r->buf) return h5l__fail_at(err, H5L_ENOMEM, r->g->hoff, "dataset", "no memory for a chunk of %llu bytes", h5l__ull(r->g->chunk_bytes));
    return H5L_OK;
}

/* Read the part of grid chunk `gi` (row-major number in the grid of rows
 * [c0, c1) of chunks along dimension 0) that overlaps rows [first, first +
 * count) into out. */
static h5l_status h5l__creader_chunk(h5l__creader *r, uint64_t gi, uint64_t c0, uint64_t first, uint64_t count, uint8_t *out,
                                     h5l_error *err)
{
    const h5l__cgrid *g = r->g;
    const h5l_dataset_info *di = &g->ds->info;
    unsigned R = g->rank, d;
    uint64_t corner[H5L_MAX_RANK], lo[H5L_MAX_RANK], ext[H5L_MAX_RANK], rowsz = g->esize, whole = 1;
    h5l__dchunk c;
    int found = 0, direct;
    h5l_status st;
    const uint8_t *res = NULL;
    /* grid coordinates, last dimension fastest; dimension 0 counts from c0 */
    for (d = R; d-- > 0;) {
        uint64_t n = d ? g->nch[d] : UINT64_MAX, s = d ? gi % n : gi + c0;
        if (d) gi /= n;
        corner[d] = s * g->cdims[d];
        lo[d] = corner[d];
        ext[d] = g->cdims[d];
        if (d == 0) {
            if (lo[0] < first) lo[0] = first;
            if (corner[0] + g->cdims[0] > first + count) ext[0] = first + count - lo[0];
            else ext[0] = corner[0] + g->cdims[0] - lo[0];
        } else if (corner[d] + ext[d] > di->space.dims[d]) {
            ext[d] = di->space.dims[d] - corner[d];
        }
        if (lo[d] != corner[d] || ext[d] != g->cdims[d]) whole = 0;
        if (d) rowsz *= di->space.dims[d];
    }
    /* a whole chunk whose rows are whole output rows lands in one piece */
    direct = whole;
    for (d = 1; d < R && direct; d++) direct = g->cdims[d] == di->space.dims[d];
    if (!r->cx_open) {
        st = h5l__cx_open(&r->cx, &g->ix, err);
        if (st != H5L_OK) return st;
        r->cx_open = 1;
    }
    st = h5l__cx_find(&r->cx, corner, &c, &found, err);
    if (st != H5L_OK) return st;
    if (!found) {
        h5l__chunk_copy_out(g, NULL, corner, lo, ext, first, out);
        return H5L_OK;
    } else if (direct) {
        uint8_t *to = out + (corner[0] - first) * rowsz;
        st = h5l__chunk_decode(r->g, &c, to, &r->pb, &res, err);
        if (st == H5L_OK && res != to) memcpy(to, res, (size_t)g->chunk_bytes);
        return st;
    } else {
        const uint8_t *stored;
        /* the stored chunk is checked before a chunk-sized buffer is made for it */
        if ((st = h5l__chunk_stored(g, &c, &stored, err)) != H5L_OK || (st = h5l__creader_bufs(r, err)) != H5L_OK) return st;
        st = h5l__chunk_decode(r->g, &c, r->buf, &r->pb, &res, err);
        if (st != H5L_OK) return st;
    }
    h5l__chunk_copy_out(g, res, corner, lo, ext, first, out);
    return H5L_OK;
}

/* Chunks of the grid that rows [first, first + count) overlap. */
static void h5l__cgrid_range(const h5l__cgrid *g, uint64_t first, uint64_t count, uint64_t *c0, uint64_t *nchunks)
{
    uint64_t c1 = (first + count + g->cdims[0] - 1) / g->cdims[0], per = 1;
    unsigned d;
    *c0 = first / g->cdims[0];
    for (d = 1; d < g->rank; d++) per = per > UINT64_MAX / (g->nch[d] ? g->nch[d] : 1) ? UINT64_MAX : per * g->nch[d];
    *nchunks = (c1 - *c0) > UINT64_MAX / (per ? per : 1) ? UINT64_MAX : (c1 - *c0) * per;
    for (d = 1; d < g->rank; d++)
        if (g->nch[d] == 0) *nchunks = 0;
}

/* ---- running workers --------------------------------------------------------
 * A whole read is split between workers by chunk number; threads come from
 * the caller's callback (h5l_read_options.parallel), or are made here with
 * the platform's threads (none in a H5L_NO_POSIX build). */

typedef struct h5l__cjob {
    const h5l__cgrid *g;
    uint64_t first, count, c0, nchunks;
    uint8_t *out;
    unsigned nworkers;
    h5l_status *st;                /* one per worker */
    h5l_error *errs;               /* one per worker */
    const h5l_allocator *a;
} h5l__cjob;

static void h5l__cjob_worker(void *arg, unsigned w)
{
    h5l__cjob *j = (h5l__cjob *)arg;
    h5l__creader r;
    uint64_t i;
    h5l_status st = H5L_OK;
    h5l__creader_init(&r, j->g, j->a);
    for (i = w; i < j->nchunks && st == H5L_OK; i += j->nworkers)
        st = h5l__creader_chunk(&r, i, j->c0, j->first, j->count, j->out, j->errs ? &j->errs[w] : NULL);
    h5l__creader_free(&r);
    j->st[w] = st;
}

#if defined(H5L_OS_POSIX) && !defined(H5L_NO_THREADS)
#  define H5L__HAVE_THREADS 1
typedef struct h5l__thread_arg { void (*fn)(void *, unsigned); void *arg; unsigned w; } h5l__thread_arg;
static void *h5l__thread_main(void *p)
{
    h5l__thread_arg *t = (h5l__thread_arg *)p;
    t->fn(t->arg, t->w);
    return NULL;
}
#elif defined(H5L_OS_WIN32) && !defined(H5L_NO_THREADS)
#  define H5L__HAVE_THREADS 1
typedef struct h5l__thread_arg { void (*fn)(void *, unsigned); void *arg; unsigned w; } h5l__thread_arg;
static DWORD WINAPI h5l__thread_main(LPVOID p)
{
    h5l__thread_arg *t = (h5l__thread_arg *)p;
    t->fn(t->arg, t->w);
    return 0;
}
#endif

#define H5L__MAX_THREADS 256u

/* Run fn(arg, w) for w in [0, n): on the caller's pool, on new threads, or
 * in turn on this thread. Returns when all have run. */
static void h5l__run_workers(const h5l_read_options *opt, void (*fn)(void *, unsigned), void *arg, unsigned n)
{
    unsigned w;
    if (n > 1 && opt && opt->parallel) {
        opt->parallel(opt->parallel_ctx, fn, arg, n);
        return;
    }
#ifdef H5L__HAVE_THREADS
    if (n > 1) {
        h5l__thread_arg ta[H5L__MAX_THREADS];
#  if defined(H5L_OS_POSIX)
        pthread_t th[H5L__MAX_THREADS];
#  else
        HANDLE th[H5L__MAX_THREADS];
#  endif
        int started[H5L__MAX_THREADS];
        for (w = 1; w < n; w++) {
            ta[w].fn = fn;
            ta[w].arg = arg;
            ta[w].w = w;
#  if defined(H5L_OS_POSIX)
            started[w] = pthread_create(&th[w], NULL, h5l__thread_main, &ta[w]) == 0;
#  else
            th[w] = CreateThread(NULL, 0, h5l__thread_main, &ta[w], 0, NULL);
            started[w] = th[w] != NULL;
#  endif
        }
        fn(arg, 0);
        for (w = 1; w < n; w++) {
            if (!started[w]) {
                fn(arg, w);                /* could not start: run its share here */
                continue;
            }
#  if defined(H5L_OS_POSIX)
            pthread_join(th[w], NULL);
#  else
            WaitForSingleObject(th[w], INFINITE);
            CloseHandle(th[w]);
#  endif
        }
        return;
    }
#endif
    for (w = 0; w < n; w++) fn(arg, w);
}

/* Rows [first, first + count) of a chunked dataset into out. */
static h5l_status h5l__read_chunked(const h5l__dset *ds, uint64_t first, uint64_t count, uint8_t *out, const h5l_read_options *opt,
                                    h5l_error *err)
{
    h5l__cgrid g;
    h5l__cjob j;
    h5l_status sts[H5L__MAX_THREADS], st;
    h5l_error *errs;
    unsigned n = opt && opt->threads > 1 ? opt->threads : 1, w;
    st = h5l__cgrid_init(ds, &g, err);
    if (st != H5L_OK) return st;
    memset(&j, 0, sizeof j);
    j.g = &g;
    j.first = first;
    j.count = count;
    j.out = out;
    j.a = &ds->f->alloc;
    h5l__cgrid_range(&g, first, count, &j.c0, &j.nchunks);
    if (n > H5L__MAX_THREADS) n = H5L__MAX_THREADS;
    if ((uint64_t)n > j.nchunks) n = j.nchunks ? (unsigned)j.nchunks : 1;
    errs = n > 1 ? (h5l_error *)h5l__malloc(j.a, n * sizeof *errs) : err;
    if (n > 1 && !errs) n = 1, errs = err;
    j.nworkers = n;
    j.st = sts;
    j.errs = errs;
    if (n == 1) {
        h5l__cjob_worker(&j, 0);
        return sts[0];
    }
    for (w = 0; w < n; w++) h5l__clear(&errs[w]);
    h5l__run_workers(opt, h5l__cjob_worker, &j, n);
    st = H5L_OK;
    for (w = 0; w < n && st == H5L_OK; w++)
        if (sts[w] != H5L_OK) {
            st = sts[w];
            if (err) *err = errs[w];
        }
    h5l__free(j.a, errs);
    return st;
}

/* ---- the reading API ------------------------------------------------------- */

static h5l_status h5l__dset_read(const h5l__dset *ds, uint64_t first, uint64_t count, void *buf, size_t bufsize,
                                 const h5l_read_options *opt, h5l_error *err)
{
    const h5l_dataset_info *di = &ds->info;
    uint64_t rows, rowsz, need, total, hoff = h5l__abs(ds->f, ds->addr);
    uint8_t *out = (uint8_t *)buf;
    h5l_status st;
    if (di->layout == H5L_LAYOUT_VIRTUAL) return h5l__fail_at(err, H5L_EUNSUPPORTED, hoff, "dataset", "virtual storage cannot be read");
    if (di->external) return h5l__fail_at(err, H5L_EUNSUPPORTED, hoff, "dataset", "external storage cannot be read");
    st = h5l__dset_rows(ds, &rows, &rowsz, err);
    if (st != H5L_OK) return st;
    total = di->space.npoints * di->type->size;   /* no overflow: checked by h5l__dset_rows */
    if (first > rows || count > rows - first)
        return h5l__fail_at(err, H5L_EINVAL, hoff, "dataset", "rows %llu+%llu outside 0..%llu", h5l__ull(first), h5l__ull(count), h5l__ull(rows));
    need = count * rowsz; /* <= total: cannot overflow */
    if ((buf == NULL && need) || need > bufsize)
        return h5l__fail_at(err, H5L_EINVAL, hoff, "dataset", "buffer of %zu bytes < %llu needed", bufsize, h5l__ull(need));
    if (need == 0) return H5L_OK;
    if (di->layout == H5L_LAYOUT_CHUNKED) {
        if (!di->allocated) {
            h5l__fill_bytes(di, out, need);
            st = H5L_OK;
        } else {
            st = h5l__read_chunked(ds, first, count, out, opt, err);
        }
    } else if (di->layout == H5L_LAYOUT_CONTIGUOUS && !di->allocated) {
        h5l__fill_bytes(di, out, need);
        st = H5L_OK;
    } else {
        if (di->storage_size != total)
            return h5l__fail_at(err, H5L_ECORRUPT, hoff, "dataset", "storage of %llu bytes where %llu elements need %llu",
                                h5l__ull(di->storage_size), h5l__ull(di->space.npoints), h5l__ull(total));
        if (!di->data)
            return h5l__fail_in(err, H5L_ECORRUPT, di->offset != H5L_NO_OFFSET ? di->offset : hoff, "dataset", hoff,
                                "data at %llu+%llu outside the file", h5l__ull(di->offset), h5l__ull(di->storage_size));
        memcpy(out, (const uint8_t *)di->data + first * rowsz, (size_t)need);
        st = H5L_OK;
    }
    if (st == H5L_OK && opt && (opt->flags & H5L_READ_NATIVE)) h5l_to_native(di->type, out, need / di->type->size);
    return st;
}

h5l_status h5l_dataset_info_read(const h5l_dataset_info *d, uint64_t first, uint64_t count, void *buf, size_t bufsize,
                                 const h5l_read_options *opt, h5l_error *err)
{
    h5l__clear(err);
    if (!d || !d->type) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_info_read: no dataset");
    return h5l__dset_read(h5l__dset_of(d), first, count, buf, bufsize, opt, err);
}

h5l_status h5l_dataset_read_raw(const h5l_obj *d, uint64_t first, uint64_t count, void *buf, size_t bufsize, h5l_error *err)
{
    h5l__clear(err);
    if (!d || d->kind != H5L_OBJ_DATASET || !d->dset) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_read_raw: not a dataset");
    return h5l__dset_read(h5l__dset_of(d->dset), first, count, buf, bufsize, NULL, err);
}

h5l_status h5l_dataset_read(const h5l_obj *d, uint64_t first, uint64_t count, void *buf, size_t bufsize, h5l_error *err)
{
    h5l_read_options o;
    h5l__clear(err);
    if (!d || d->kind != H5L_OBJ_DATASET || !d->dset) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_read: not a dataset");
    memset(&o, 0, sizeof o);
    o.flags = H5L_READ_NATIVE;
    return h5l__dset_read(h5l__dset_of(d->dset), first, count, buf, bufsize, &o, err);
}

/* ---- typed reads: any numeric type into a native one -------------------------
 * What H5Dread does with a memory type, for numbers: the stored elements are
 * read in blocks (h5l__dset_read, any layout), made native (h5l__native:
 * byte order, n-bit values), then each is converted. Integers convert
 * exactly or are out of range; floats to integers truncate toward zero;
 * integers to floats and float64 to float32/16 round to nearest even, as
 * libhdf5 does. Out of range (and NaN to an integer) is H5L_ERANGE, or with
 * H5L_CONV_CLAMP the nearest value (NaN: 0), counted in the report. */

typedef struct h5l__num {
    int kind;          /* 0 signed, 1 unsigned, 2 float */
    int64_t i;
    uint64_t u;
    double d;
} h5l__num;

/* The type whose values are read: the base of an enum (bool included). NULL
 * if t is not a number. */
static const h5l_dtype *h5l__num_type(const h5l_dtype *t)
{
    if (t && t->cls == H5L_CLASS_ENUM) t = t->base;
    if (!t) return NULL;
    switch (t->cls) {
    case H5L_CLASS_INTEGER: case H5L_CLASS_BITFIELD: case H5L_CLASS_TIME:
        return t->size >= 1 && t->size <= 8 ? t : NULL;
    case H5L_CLASS_FLOAT:
        return t->size >= 1 && t->size <= 8 && t->mant_norm == 2 && t->exp_size >= 2 && t->exp_size <= 11 && t->mant_size >= 1 &&
               t->mant_size <= 52 && (unsigned)t->exp_pos + t->exp_size <= 8u * t->size &&
               (unsigned)t->mant_pos + t->mant_size <= 8u * t->size && t->sign_pos < 8u * t->size && t->exp_bias < 2048u
                   ? t : NULL;
    default: return NULL;
    }
}

/* One native element of numeric type t (from h5l__num_type). */
static void h5l__num_get(const h5l_dtype *t, const uint8_t *p, int host_be, h5l__num *v)
{
    unsigned n = (unsigned)t->size, k;
    uint64_t raw = 0;
    for (k = 0; k < n; k++) raw |= (uint64_t)p[host_be ? n - 1 - k : k] << (8 * k);
    if (t->cls == H5L_CLASS_FLOAT) {
        uint64_t m = (raw >> t->mant_pos) & (((uint64_t)1 << t->mant_size) - 1);
        uint64_t emax = ((uint64_t)1 << t->exp_size) - 1, e = (raw >> t->exp_pos) & emax, bits;
        uint64_t sign = (raw >> t->sign_pos) & 1u;
        int64_t de;
        v->kind = 2;
        if (e == emax) bits = ((uint64_t)0x7ff << 52) | (m ? (uint64_t)1 << 51 : 0);
        else if (e == 0 && m == 0) bits = 0;
        else {
            if (e == 0) {                    /* subnormal: normalise */
                de = 1 - (int64_t)t->exp_bias;
                while (!(m >> t->mant_size)) { m <<= 1; de--; }
                m &= ((uint64_t)1 << t->mant_size) - 1;
            } else {
                de = (int64_t)e - (int64_t)t->exp_bias;
            }
            de += 1023;
            if (de >= 2047) bits = (uint64_t)0x7ff << 52;
            else if (de <= 0) bits = 0;      /* beyond float64's range: not a layout anyone stores */
            else bits = ((uint64_t)de << 52) | (m << (52 - t->mant_size));
        }
        bits |= sign << 63;
        memcpy(&v->d, &bits, 8);
        return;
    }
    if (t->cls == H5L_CLASS_INTEGER && t->is_signed) {
        if (n < 8 && ((raw >> (8 * n - 1)) & 1u)) raw |= ~(uint64_t)0 << (8 * n);
        v->kind = 0;
        v->i = raw > (uint64_t)INT64_MAX ? -(int64_t)(~raw) - 1 : (int64_t)raw;
    } else {
        v->kind = 1;
        v->u = raw;
    }
}

/* float64 -> IEEE half bits, round to nearest even */
static uint16_t h5l__f64_to_f16(double d)
{
    uint64_t b;
    uint16_t sign;
    int e;
    uint64_t m;
    memcpy(&b, &d, 8);
    sign = (uint16_t)((b >> 48) & 0x8000u);
    e = (int)((b >> 52) & 0x7ff);
    m = b & (((uint64_t)1 << 52) - 1);
    if (e == 0x7ff) return (uint16_t)(sign | 0x7c00u | (m ? 0x200u : 0));
    if (e == 0 && m == 0) return sign;
    {
        int he = e - 1023 + 15, shift;
        uint64_t full = m | ((uint64_t)1 << 52), q, rem, half;
        if (he >= 31) return (uint16_t)(sign | 0x7c00u);
        shift = he >= 1 ? 42 : 42 + 1 - he;          /* bits dropped from the 53-bit significand */
        if (shift > 63) return sign;
        q = full >> shift;
        rem = full & (((uint64_t)1 << shift) - 1);
        half = (uint64_t)1 << (shift - 1);
        if (rem > half || (rem == half && (q & 1))) q++;
        if (he >= 1) {
            /* q holds 11 bits (hidden bit included); rounding may carry into the exponent */
            if (q >> 11) { q >>= 1; he++; }
            if (he >= 31) return (uint16_t)(sign | 0x7c00u);
            return (uint16_t)(sign | (uint16_t)(he << 10) | (uint16_t)(q & 0x3ffu));
        }
        return (uint16_t)(sign | (uint16_t)q);       /* subnormal; q == 0x400 is the smallest normal */
    }
}

static void h5l__put_uint(uint8_t *p, uint64_t v, unsigned n, int be)
{
    unsigned k;
    for (k = 0; k < n; k++) p[be ? n - 1 - k : k] = (uint8_t)(v >> (8 * k));
}

/* Convert n native elements of numeric type t at src into memory type mem
 * at dst; index0 numbers the first for messages and the report. */
static h5l_status h5l__num_convert(const h5l_dtype *t, const uint8_t *src, uint64_t n, h5l_type_code mem, uint8_t *dst, unsigned flags,
                                   h5l_conv_report *rep, uint64_t index0, h5l_error *err)
{
    unsigned base = H5L_T_BASE(mem), msz = (unsigned)h5l_type_code_size(mem), tsz = (unsigned)t->size;
    int host_be = h5l__host_be(), be = (mem & H5L_T_BE) != 0, clamp = (flags & H5L_CONV_CLAMP) != 0;
    uint64_t i;
    for (i = 0; i < n; i++) {
        h5l__num v;
        uint8_t *o = dst + i * msz;
        int bad = 0, nan = 0;
        memset(&v, 0, sizeof v);
        h5l__num_get(t, src + i * tsz, host_be, &v);
        if (base == H5L_T_F64 || base == H5L_T_F32 || base == H5L_T_F16) {
            double d = v.kind == 2 ? v.d : v.kind == 0 ? (double)v.i : (double)v.u;
            uint64_t bits;
            if (base == H5L_T_F64) {
                memcpy(&bits, &d, 8);
            } else if (base == H5L_T_F32) {
                /* from 2^128 - 2^103 on, a float64 rounds past FLT_MAX: +-inf (libhdf5's result), never a C cast out of range */
                if (d == d && (d >= 340282356779733661637539395458142568448.0 || d <= -340282356779733661637539395458142568448.0)) {
                    bad = d - d == 0;            /* a finite value too large (an infinity stays one) */
                    bits = d > 0 ? 0x7f800000u : 0xff800000u;
                } else {
                    float f = (float)d;
                    uint32_t b32;
                    memcpy(&b32, &f, 4);
                    bits = b32;
                }
            } else {
                bits = h5l__f64_to_f16(d);
                if (d == d && d - d == 0 && (bits & 0x7c00u) == 0x7c00u) bad = 1;
            }
            if (bad && !clamp) goto range;
            h5l__put_uint(o, bits, msz, be ? 1 : host_be);
        } else {
            int sgn = base >= H5L_T_I8 && base <= H5L_T_I64;
            unsigned bitsz = 8 * msz;
            int64_t lo = sgn ? (bitsz == 64 ? INT64_MIN : -((int64_t)1 << (bitsz - 1))) : 0;
            uint64_t hi = sgn ? (bitsz == 64 ? (uint64_t)INT64_MAX : ((uint64_t)1 << (bitsz - 1)) - 1)
                              : (bitsz == 64 ? UINT64_MAX : ((uint64_t)1 << bitsz) - 1);
            uint64_t out;                    /* two's complement bits of the result */
            if (v.kind == 2) {
                double d = v.d;
                int low = sgn ? (bitsz == 64 ? d < -9223372036854775808.0 : d <= (double)lo - 1.0) : d <= -1.0;
                int high = d >= (bitsz == 64 ? (sgn ? 9223372036854775808.0 : 18446744073709551616.0) : (double)hi + 1.0);
                if (d != d) { nan = bad = 1; out = 0; }
                else if (low) { bad = 1; out = (uint64_t)lo; }
                else if (high) { bad = 1; out = hi; }
                else if (sgn) out = (uint64_t)(int64_t)d;    /* in range: truncated toward zero */
                else out = d < 1.0 ? 0 : (uint64_t)d;
            } else if (v.kind == 0) {
                if (v.i < lo) { bad = 1; out = (uint64_t)lo; }
                else if (v.i > 0 && (uint64_t)v.i > hi) { bad = 1; out = hi; }
                else out = (uint64_t)v.i;
            } else {
                if (v.u > hi) { bad = 1; out = hi; }
                else out = v.u;
            }
            if (bad && !clamp) goto range;
            h5l__put_uint(o, out, msz, be ? 1 : host_be);
        }
        if (bad && rep) {
            if (rep->first_bad == UINT64_MAX) rep->first_bad = index0 + i;
            if (nan) rep->nan_to_int++;
            else rep->clamped++;
        }
        continue;
    range:
        if (v.kind == 2)
            return h5l__fail(err, H5L_ERANGE, H5L_NO_OFFSET, "element %llu: %s%.17g does not fit the requested %s%u (H5L_CONV_CLAMP clamps)",
                             h5l__ull(index0 + i), v.d != v.d ? "NaN " : "", v.d, base >= H5L_T_F16 ? "float" : base >= H5L_T_U8 ? "uint" : "int",
                             8 * msz);
        return h5l__fail(err, H5L_ERANGE, H5L_NO_OFFSET, "element %llu: %s%llu does not fit the requested %s%u (H5L_CONV_CLAMP clamps)",
                         h5l__ull(index0 + i), v.kind == 0 && v.i < 0 ? "-" : "",
                         h5l__ull(v.kind == 0 ? (v.i < 0 ? (uint64_t)0 - (uint64_t)v.i : (uint64_t)v.i) : v.u),
                         base >= H5L_T_F16 ? "float" : base >= H5L_T_U8 ? "uint" : "int", 8 * msz);
    }
    return H5L_OK;
}

static h5l_status h5l__check_mem(h5l_type_code mem, const char *who, h5l_error *err)
{
    unsigned base = H5L_T_BASE(mem);
    if ((mem & ~(h5l_type_code)(0xffu | H5L_T_BE)) != 0 || base < H5L_T_I8 || base > H5L_T_F64)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: memory type %llu is not H5L_T_I8..H5L_T_F64 (optionally | H5L_T_BE)", who,
                         h5l__ull(mem));
    return H5L_OK;
}

h5l_status h5l_dataset_info_read_as(const h5l_dataset_info *d, uint64_t first, uint64_t count, h5l_type_code mem, void *buf,
                                    size_t bufsize, unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep, h5l_error *err)
{
    const h5l__dset *ds;
    const h5l_dtype *t;
    h5l_read_options o;
    uint64_t per = 1, rows, need, rowbytes, block, done = 0;
    uint8_t *scratch;
    unsigned k, msz = (unsigned)h5l_type_code_size(mem);
    h5l_status st;
    h5l__clear(err);
    if (rep) { rep->clamped = rep->nan_to_int = 0; rep->first_bad = UINT64_MAX; }
    if (!d || !d->type) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_info_read_as: no dataset");
    if ((st = h5l__check_mem(mem, "h5l_dataset_info_read_as", err)) != H5L_OK) return st;
    if (flags & ~H5L_CONV_CLAMP) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_info_read_as: unknown flags %u", flags);
    t = h5l__num_type(d->type);
    if (!t) return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "dataset of class %u: not a number (integer, float, enum, bitfield)", (unsigned)d->type->cls);
    ds = h5l__dset_of(d);
    rows = d->space.kind == H5L_SPACE_SIMPLE && d->space.rank ? d->space.dims[0] : d->space.kind == H5L_SPACE_NULL ? 0 : 1;
    for (k = 1; d->space.kind == H5L_SPACE_SIMPLE && k < d->space.rank; k++)
        if (h5l__mul_ovf(per, d->space.dims[k], &per)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "dataset too large");
    if (h5l__add_ovf(first, count, &need) || need > rows)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "rows %llu+%llu outside 0..%llu", h5l__ull(first), h5l__ull(count), h5l__ull(rows));
    if (h5l__mul_ovf(count, per, &need) || h5l__mul_ovf(need, msz, &need) || need > bufsize || (!buf && need))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "buffer of %zu bytes for %llu rows of %llu elements of %u bytes", bufsize,
                         h5l__ull(count), h5l__ull(per), msz);
    if (count == 0 || per == 0) return H5L_OK;
    if (h5l__mul_ovf(per, d->type->size, &rowbytes) || rowbytes > SIZE_MAX / 2)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "rows too large");
    block = rowbytes >= 65536 ? 1 : 65536 / rowbytes;
    scratch = (uint8_t *)h5l__malloc(&ds->f->alloc, (size_t)(block * rowbytes));
    if (!scratch) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory for a block of %llu bytes", h5l__ull(block * rowbytes));
    if (opt) o = *opt;
    else memset(&o, 0, sizeof o);
    o.flags |= H5L_READ_NATIVE;
    while (done < count) {
        uint64_t nr = count - done < block ? count - done : block;
        st = h5l__dset_read(ds, first + done, nr, scratch, (size_t)(nr * rowbytes), &o, err);
        if (st == H5L_OK)
            st = h5l__num_convert(d->type->cls == H5L_CLASS_ENUM ? t : d->type, scratch, nr * per, mem, (uint8_t *)buf + done * per * msz, flags, rep,
                                  done * per, err);
        if (st != H5L_OK) break;
        done += nr;
    }
    h5l__free(&ds->f->alloc, scratch);
    return st;
}

h5l_status h5l_dataset_read_as(const h5l_obj *d, uint64_t first, uint64_t count, h5l_type_code mem, void *buf, size_t bufsize,
                               unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep, h5l_error *err)
{
    h5l__clear(err);
    if (!d || d->kind != H5L_OBJ_DATASET || !d->dset) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_read_as: not a dataset");
    return h5l_dataset_info_read_as(d->dset, first, count, mem, buf, bufsize, flags, opt, rep, err);
}

h5l_status h5l_attr_read_as(const h5l_obj *o, const char *name, h5l_type_code mem, void *buf, size_t bufsize, uint64_t *nelem,
                            unsigned flags, h5l_conv_report *rep, h5l_error *err)
{
    h5l_attrs *as;
    const h5l_attr *a;
    const h5l_dtype *t;
    h5l_status st;
    uint64_t need;
    unsigned msz = (unsigned)h5l_type_code_size(mem);
    uint8_t *tmp;
    h5l__clear(err);
    if (rep) { rep->clamped = rep->nan_to_int = 0; rep->first_bad = UINT64_MAX; }
    if (nelem) *nelem = 0;
    if (!o || !name) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_attr_read_as: NULL argument");
    if ((st = h5l__check_mem(mem, "h5l_attr_read_as", err)) != H5L_OK) return st;
    if (flags & ~H5L_CONV_CLAMP) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_attr_read_as: unknown flags %u", flags);
    st = h5l_attrs_open(o, &as, err);
    if (st != H5L_OK) return st;
    a = h5l_attrs_find(as, name);
    t = a ? h5l__num_type(a->type) : NULL;
    if (!a) st = h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "attribute %s: not found", name);
    else if (!t) st = h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "attribute %s: not a number", name);
    else if (a->space.kind == H5L_SPACE_NULL || h5l__mul_ovf(a->space.npoints, a->type->size, &need) || need > a->data_size || !a->data)
        st = h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "attribute %s: no values", name);
    else if (h5l__mul_ovf(a->space.npoints, msz, &need) || need > bufsize || !buf)
        st = h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: %llu values need %llu bytes, the buffer holds %zu", name,
                       h5l__ull(a->space.npoints), h5l__ull(a->space.npoints * (uint64_t)msz), bufsize);
    else if (!(tmp = (uint8_t *)h5l__malloc(&o->f->alloc, (size_t)(a->space.npoints * a->type->size) + 1)))
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    else {
        memcpy(tmp, a->data, (size_t)(a->space.npoints * a->type->size));
        h5l_to_native(a->type, tmp, a->space.npoints);
        st = h5l__num_convert(a->type->cls == H5L_CLASS_ENUM ? t : a->type, tmp, a->space.npoints, mem, (uint8_t *)buf, flags, rep, 0, err);
        if (st == H5L_OK && nelem) *nelem = a->space.npoints;
        h5l__free(&o->f->alloc, tmp);
    }
    h5l_attrs_close(as);
    return st;
}

/* Element 0 of a numeric attribute (scalar, or the first of several). */
static h5l_status h5l__attr_first(const h5l_obj *o, const char *name, h5l_type_code mem, void *v, h5l_error *err)
{
    uint8_t small[64 * 8], *buf = small;
    uint64_t n = 0;
    h5l_attrs *as;
    const h5l_attr *a;
    size_t need = sizeof small;
    h5l_status st;
    h5l__clear(err);
    if (!o || !name || !v) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "NULL argument");
    st = h5l_attrs_open(o, &as, err);
    if (st != H5L_OK) return st;
    a = h5l_attrs_find(as, name);
    if (a && a->space.npoints > 64) need = (size_t)(a->space.npoints < SIZE_MAX / 8 ? a->space.npoints * 8 : 0);
    h5l_attrs_close(as);
    if (need > sizeof small && !(buf = (uint8_t *)h5l__malloc(&o->f->alloc, need))) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    st = h5l_attr_read_as(o, name, mem, buf, need, &n, 0, NULL, err);
    if (st == H5L_OK && n == 0) st = h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "attribute %s: no values", name);
    if (st == H5L_OK) memcpy(v, buf, 8);
    if (buf != small) h5l__free(&o->f->alloc, buf);
    return st;
}

h5l_status h5l_attr_read_double(const h5l_obj *o, const char *name, double *v, h5l_error *err)
{
    return h5l__attr_first(o, name, H5L_T_F64, v, err);
}

h5l_status h5l_attr_read_int64(const h5l_obj *o, const char *name, int64_t *v, h5l_error *err)
{
    return h5l__attr_first(o, name, H5L_T_I64, v, err);
}

/* ---- chunks one at a time ------------------------------------------------------ */

struct h5l_chunk_iter {
    h5l__cgrid g;
    h5l__citer it;
    const h5l_allocator *a;
};

uint64_t h5l_chunk_bytes(const h5l_dataset_info *d)
{
    h5l__cgrid g;
    if (!d || d->layout != H5L_LAYOUT_CHUNKED || h5l__cgrid_init(h5l__dset_of(d), &g, NULL) != H5L_OK) return 0;
    return g.chunk_bytes;
}

h5l_status h5l_chunk_iter_open(const h5l_dataset_info *d, h5l_chunk_iter **out, h5l_error *err)
{
    h5l_chunk_iter *ci;
    const h5l__dset *ds;
    h5l_status st;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_iter_open: out is NULL");
    *out = NULL;
    if (!d || d->layout != H5L_LAYOUT_CHUNKED) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_iter_open: not a chunked dataset");
    ds = h5l__dset_of(d);
    ci = (h5l_chunk_iter *)h5l__calloc(&ds->f->alloc, sizeof *ci);
    if (!ci) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "h5l_chunk_iter_open: out of memory");
    ci->a = &ds->f->alloc;
    st = h5l__cgrid_init(ds, &ci->g, err);
    if (st == H5L_OK && d->allocated) st = h5l__citer_init(&ci->it, &ci->g.ix, err);
    if (st != H5L_OK) {
        h5l__free(ci->a, ci);
        return st;
    }
    if (!d->allocated) ci->g.ds = NULL;            /* no storage: no chunks */
    *out = ci;
    return H5L_OK;
}

h5l_status h5l_chunk_iter_next(h5l_chunk_iter *ci, h5l_chunk_info *c, int *done, h5l_error *err)
{
    h5l__dchunk dc;
    h5l_status st;
    unsigned d;
    h5l__clear(err);
    if (!ci || !c || !done) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_iter_next: NULL argument");
    *done = 1;
    if (!ci->g.ds) return H5L_OK;
    st = h5l__citer_next(&ci->it, &dc, done, err);
    if (st != H5L_OK || *done) return st;
    memset(c, 0, sizeof *c);
    c->rank = ci->g.rank;
    for (d = 0; d < ci->g.rank; d++) c->coord[d] = dc.coord[d];
    c->offset = h5l__abs(ci->g.ds->f, dc.addr);
    c->stored_size = dc.size;
    c->filter_mask = (dc.flags & H5L__CK_NOFILTER) ? 0xffffffffu : dc.mask;   /* an unfiltered edge chunk skipped them all */
    return H5L_OK;
}

void h5l_chunk_iter_close(h5l_chunk_iter *ci)
{
    if (ci) h5l__free(ci->a, ci);
}

h5l_status h5l_chunk_read(const h5l_dataset_info *d, const h5l_chunk_info *c, void *buf, size_t bufsize, h5l_error *err)
{
    const h5l__dset *ds;
    h5l__cgrid g;
    h5l__dchunk dc;
    h5l__pbufs pb;
    const uint8_t *res = NULL;
    h5l_status st;
    unsigned k;
    h5l__clear(err);
    if (!d || !c || !buf || d->layout != H5L_LAYOUT_CHUNKED) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_read: bad arguments");
    ds = h5l__dset_of(d);
    st = h5l__cgrid_init(ds, &g, err);
    if (st != H5L_OK) return st;
    if (bufsize < g.chunk_bytes)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_read: buffer of %zu bytes < chunk of %llu", bufsize, h5l__ull(g.chunk_bytes));
    if (c->offset < ds->f->base || c->offset == H5L_NO_OFFSET)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_chunk_read: chunk offset %llu before the file's base", h5l__ull(c->offset));
    memset(&dc, 0, sizeof dc);
    for (k = 0; k < g.rank; k++) dc.coord[k] = c->coord[k];
    dc.addr = c->offset - ds->f->base;
    dc.size = c->stored_size;
    dc.mask = c->filter_mask;
    memset(&pb, 0, sizeof pb);
    pb.a = &ds->f->alloc;
    pb.size = (size_t)g.chunk_bytes + H5L__PLINE_SLACK;
    st = h5l__chunk_decode(&g, &dc, (uint8_t *)buf, &pb, &res, err);
    if (st == H5L_OK && res != buf) memcpy(buf, res, (size_t)g.chunk_bytes);
    h5l__pbufs_free(&pb);
    return st;
}

/* ----------------------------------------------------------------------
 * D.2 Attributes
 *
 *  Attribute message (0x0C):
 *   OFFSET  SIZE  FIELD
 *   0       1     version (1, 2 or 3)
 *   1       1     v1: reserved; v2/v3: flags (0x01 shared datatype, 0x02 shared dataspace)
 *   2       2     name size, NUL included
 *   4       2     datatype size
 *   6       2     dataspace size
 *   8       1     version 3 only: name character set (0 ASCII, 1 UTF-8)
 *   then          name | datatype | dataspace (version 1: each padded to 8,
 *                 the sizes above unpadded) | data (elements x type size)
 *  In a v1 object header one message body holds at most 64 KiB.
 * ---------------------------------------------------------------------- */
#define H5L__ATTR_SHARED_TYPE 0x01u
#define H5L__ATTR_SHARED_SPACE 0x02u

struct h5l_attrs {
    const h5l_file *f;
    h5l__arena ar;
    h5l_attr *v;
    size_t n, cap;
};

static h5l_status h5l__attr_decode(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, h5l_attr *a, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, fl = 0, nsz, tsz, ssz;
    const uint8_t *np, *tp, *sp;
    h5l_dtype *t;
    h5l_status st;
    uint64_t need;
    memset(a, 0, sizeof *a);
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    fl = h5l__cur_u8(&c);
    if (ver == 1) fl = 0;
    nsz = h5l__cur_u16(&c);
    tsz = h5l__cur_u16(&c);
    ssz = h5l__cur_u16(&c);
    if (ver < 1 || ver > 3 || (fl & ~(H5L__ATTR_SHARED_TYPE | H5L__ATTR_SHARED_SPACE)))
        return h5l__fail_at(err, H5L_ECORRUPT, off, "attribute message", "bad version %u or flags 0x%x", ver, fl);
    if (ver == 3) a->name_cset = h5l__cur_u8(&c) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
    np = h5l__cur_take(&c, ver == 1 ? ((size_t)nsz + 7) & ~(size_t)7 : nsz);
    tp = h5l__cur_take(&c, ver == 1 ? ((size_t)tsz + 7) & ~(size_t)7 : tsz);
    sp = h5l__cur_take(&c, ver == 1 ? ((size_t)ssz + 7) & ~(size_t)7 : ssz);
    if (c.bad || nsz == 0 || np[nsz - 1] != 0 || memchr(np, 0, nsz) != np + nsz - 1)
        return h5l__fail_at(err, H5L_ECORRUPT, off, "attribute message", "truncated or bad name");
    a->name = (const char *)np;
    st = h5l__dtype_msg(f, ar, tp, tsz, off, (fl & H5L__ATTR_SHARED_TYPE) != 0, &t, err);
    if (st != H5L_OK) return st;
    a->type = t;
    if (fl & H5L__ATTR_SHARED_SPACE) { /* shared dataspace (in the SOHM heap or another header) */
        size_t sl = ssz;
        uint64_t soff = off;
        st = h5l__msg_unshare(f, H5L__M_SPACE, &sp, &sl, &soff, 0, err);
        if (st == H5L_OK) st = h5l__space_decode(f, ar, sp, sl, soff, &a->space, err);
    } else {
        st = h5l__space_decode(f, ar, sp, ssz, off, &a->space, err);
    }
    if (st != H5L_OK) return st;
    if (h5l__mul_ovf(a->space.npoints, t->size, &need) || need > h5l__cur_left(&c))
        return h5l__fail_at(err, H5L_ECORRUPT, off, "attribute message", "data of %llu elements overruns the message", h5l__ull(a->space.npoints));
    a->data = c.p;
    a->data_size = need;
    return H5L_OK;
}

/* Encode an attribute (not shared): version 1 or 2 with the type at the
 * lowest version that holds it and a version-1 dataspace (2 for a null
 * one), version 3 with a version-3 type and version-2 dataspace, as libhdf5
 * does for each format. a->data may be NULL (zeros); *data_at (if given)
 * receives where the data starts in the body. p == NULL: size only. */
static size_t h5l__attr_encode(uint8_t *p, const h5l_attr *a, unsigned version, unsigned so, unsigned sl, size_t *data_at)
{
    h5l__out o = h5l__o_start(p);
    size_t nsz = strlen(a->name) + 1, at;
    unsigned tver = version == 3 ? 3u : 0u, sver = version == 3 || a->space.kind == H5L_SPACE_NULL ? 2u : 1u;
    size_t tsz = h5l__dtype_encode(NULL, a->type, tver, so), ssz = h5l__space_encode(NULL, &a->space, sver, 1, sl);
    h5l__o_u8(&o, version);
    h5l__o_u8(&o, 0);
    h5l__o_u16(&o, (unsigned)nsz);
    h5l__o_u16(&o, (unsigned)tsz);
    h5l__o_u16(&o, (unsigned)ssz);
    if (version == 3) h5l__o_u8(&o, a->name_cset);
    at = o.n;
    h5l__o_bytes(&o, a->name, nsz);
    if (version == 1) h5l__o_pad8(&o, at);
    at = o.n;
    o.n += h5l__dtype_encode(o.p ? o.p + o.n : NULL, a->type, tver, so);
    if (version == 1) h5l__o_pad8(&o, at);
    at = o.n;
    o.n += h5l__space_encode(o.p ? o.p + o.n : NULL, &a->space, sver, 1, sl);
    if (version == 1) h5l__o_pad8(&o, at);
    if (data_at) *data_at = o.n;
    h5l__o_bytes(&o, a->data, (size_t)a->data_size);
    H5L__ENC_CHECK(o, h5l__attr_encode(NULL, a, version, so, sl, NULL));
    return o.n;
}

static h5l_status h5l__attrs_push(h5l_attrs *as, const uint8_t *p, size_t len, uint64_t off, int has_corder, uint16_t corder, int copy,
                                  h5l_error *err)
{
    h5l_attr a;
    h5l_status st;
    if (copy) {
        uint8_t *q = (uint8_t *)h5l__arena_alloc(&as->ar, len);
        if (!q) return h5l__fail(err, H5L_ENOMEM, off, "attributes: out of memory");
        memcpy(q, p, len);
        p = q;
    }
    st = h5l__attr_decode(as->f, &as->ar, p, len, off, &a, err);
    if (st != H5L_OK) return st;
    if (h5l__grow(&as->f->alloc, (void **)&as->v, &as->cap, as->n + 1, sizeof *as->v) != 0)
        return h5l__fail(err, H5L_ENOMEM, off, "attributes: out of memory");
    (void)has_corder;
    (void)corder;
    as->v[as->n++] = a;
    return H5L_OK;
}

static h5l_status h5l__attrs_dense_cb(void *ctx, const uint8_t *msg, size_t len, uint64_t off, int *stop, h5l_error *err)
{
    (void)stop;
    return h5l__attrs_push((h5l_attrs *)ctx, msg, len, off, 0, 0, 1, err);
}

typedef struct h5l__msgref { const h5l__msg *m; size_t i; } h5l__msgref;
static int h5l__cmp_msgref(const void *a, const void *b)
{
    const h5l__msgref *x = (const h5l__msgref *)a, *y = (const h5l__msgref *)b;
    if (x->m->corder != y->m->corder) return x->m->corder < y->m->corder ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Load the attributes of o into as (emptied first, its memory reused). On
 * error as holds what was loaded so far and can be reloaded or closed. */
static h5l_status h5l__attrs_load(h5l_attrs *as, const h5l_obj *o, h5l_error *err)
{
    const h5l_file *f = o->f;
    h5l_status st = H5L_OK;
    size_t i, n = 0;
    h5l__msgref *refs = NULL, local[8];
    as->n = 0;
    h5l__arena_reset(&as->ar);
    for (i = 0; i < o->oh.n; i++) if (o->oh.msgs[i].type == H5L__M_ATTR) n++;
    if (n && n <= sizeof local / sizeof *local) {
        refs = local;
    } else if (n) {
        refs = (h5l__msgref *)h5l__malloc(&f->alloc, n * sizeof *refs);
        if (!refs) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "attributes: out of memory");
    }
    if (st == H5L_OK && n) {
        size_t k = 0;
        for (i = 0; i < o->oh.n; i++)
            if (o->oh.msgs[i].type == H5L__M_ATTR) { refs[k].m = &o->oh.msgs[i]; refs[k].i = k; k++; }
        if ((o->oh.flags & H5L__OHF_CORDER) && n > 1) qsort(refs, n, sizeof *refs, h5l__cmp_msgref);
        for (k = 0; st == H5L_OK && k < n; k++) {
            const uint8_t *p;
            size_t len;
            uint64_t off;
            st = h5l__msg_body(f, refs[k].m, &p, &len, &off, err);
            if (st == H5L_OK) st = h5l__attrs_push(as, p, len, off, refs[k].m->has_corder, refs[k].m->corder, 0, err);
        }
    }
    if (refs != local) h5l__free(&f->alloc, refs);
    if (st == H5L_OK && o->has_ainfo && o->attr_fheap != H5L_UNDEF) {
        uint64_t bt = o->attr_corder_bt2 != H5L_UNDEF ? o->attr_corder_bt2 : o->attr_name_bt2;
        if (bt != H5L_UNDEF) st = h5l__dense_iterate(f, o->attr_fheap, bt, h5l__attrs_dense_cb, as, err);
    }
    return st;
}

static h5l_attrs *h5l__attrs_new(const h5l_file *f)
{
    h5l_attrs *as = (h5l_attrs *)h5l__calloc(&f->alloc, sizeof *as);
    if (!as) return NULL;
    as->f = f;
    h5l__arena_init(&as->ar, &f->alloc);
    return as;
}

h5l_status h5l_attrs_open(const h5l_obj *o, h5l_attrs **out, h5l_error *err)
{
    h5l_attrs *as;
    h5l_status st;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_attrs_open: out is NULL");
    *out = NULL;
    if (!o) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_attrs_open: NULL object");
    as = h5l__attrs_new(o->f);
    if (!as) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "attributes: out of memory");
    st = h5l__attrs_load(as, o, err);
    if (st != H5L_OK) {
        h5l_attrs_close(as);
        return st;
    }
    *out = as;
    return H5L_OK;
}

size_t h5l_attrs_count(const h5l_attrs *a) { return a ? a->n : 0; }
const h5l_attr *h5l_attrs_at(const h5l_attrs *a, size_t i) { return a && i < a->n ? &a->v[i] : NULL; }
const h5l_attr *h5l_attrs_find(const h5l_attrs *a, const char *name)
{
    size_t i;
    if (!a || !name) return NULL;
    for (i = 0; i < a->n; i++)
        if (strcmp(a->v[i].name, name) == 0) return &a->v[i];
    return NULL;
}

void h5l_attrs_close(h5l_attrs *a)
{
    h5l_allocator al;
    if (!a) return;
    al = a->f->alloc;
    h5l__free(&al, a->v);
    h5l__arena_free(&a->ar);
    h5l__free(&al, a);
}

h5l_status h5l_attr_read_string(const h5l_obj *o, const char *name, char *buf, size_t n, h5l_error *err)
{
    h5l_attrs *as;
    const h5l_attr *a;
    h5l_status st;
    const char *s;
    size_t len;
    h5l__clear(err);
    if (!o || !name || (!buf && n)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_attr_read_string: NULL argument");
    st = h5l_attrs_open(o, &as, err);
    if (st != H5L_OK) return st;
    a = h5l_attrs_find(as, name);
    if (!a) st = h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "attribute %s: not found", name);
    else if (!(a->type->cls == H5L_CLASS_STRING || (a->type->cls == H5L_CLASS_VLEN && a->type->is_vlen_string)) ||
             a->space.npoints < 1 || a->space.rank > 1)
        st = h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "attribute %s: not a scalar or 1-D string", name);
    else
        st = h5l_string_get(o->f, a->type, a->data, &s, &len, err);
    if (st == H5L_OK && n) {
        size_t k = len < n - 1 ? len : n - 1;
        memcpy(buf, s, k);
        buf[k] = 0;
    }
    h5l_attrs_close(as);
    return st;
}

/* ======================================================================
 * SECTION E — Writing: the general tree (hdf5lite.h section 5)
 *
 * Declarations build an in-memory tree (arena: memory proportional to the
 * metadata). h5l_writer_layout() then:
 *   1. sorts every group's children bytewise and packs the vlen strings of
 *      all attributes into global heap collections;
 *   2. assigns addresses: superblock, then for every object (depth first)
 *      its object header, and for symbol-table groups the B-tree nodes, the
 *      local heap and the symbol nodes; then the global heap collections;
 *      then every dataset's data region on a 64-byte boundary (declaration
 *      order);
 *   3. encodes the metadata in address order through a window that is
 *      written out as it fills, sizes the file (sparse) and maps it.
 *
 *   | superblock | root header, B-tree, heap, SNODs | /table header |
 *   | /table/columns header, B-tree, heap, SNODs | a header (links) |
 *   | a/data header | b header | b/data header | ... | GCOLs | data ... |
 *
 * The format is what h5py writes by default -- superblock v0 (sizes 8/8),
 * version-1 object headers, symbol-table groups (local heap, v1 B-tree type
 * 0, symbol nodes), dataspace v1, datatype v1, fill value v2, layout v3
 * contiguous, attribute v1, vlen strings in global heap collections, and
 * h5py's group node sizes (leaf K 4, internal K 16) -- with one difference
 * that any reader since libhdf5 1.8 (2008) follows: a group of at most 8
 * links other than the root keeps them in its object header (link info,
 * group info, link messages), as libhdf5 stores a group below its default
 * compact/dense phase change. A vaex column group is then one 88-byte
 * header instead of 960 bytes of header, B-tree node, local heap and
 * symbol node (with smaller nodes, leaf K 2 and internal K 8, still 544).
 * 10,000 columns: 12.7 MB of file with h5py's layout, 4.0 MB with this.
 * And one more: an object with an attribute too large for a version-1
 * header message keeps its attributes in dense storage, in a version-2
 * header ("dense attribute storage" below).
 * ====================================================================== */

#define H5L__W_LEAFK 4u                 /* group leaf node K: SNODs hold 2K = 8 entries (h5py's) */
#define H5L__W_NODEK 16u                /* group internal node K: B-tree nodes hold 2K = 32 children (h5py's) */
#define H5L__W_SNOD_ENTRIES (2u * H5L__W_LEAFK)
#define H5L__W_BT_CHILDREN (2u * H5L__W_NODEK)
#define H5L__W_SNOD_SIZE (8u + H5L__W_SNOD_ENTRIES * 40u)                      /* 328 */
#define H5L__W_BT_SIZE (24u + H5L__W_BT_CHILDREN * 8u + (H5L__W_BT_CHILDREN + 1u) * 8u) /* 544 */
#define H5L__W_SO 8u                    /* sizes of offsets and lengths (h5py's) */
#define H5L__W_SL 8u
#define H5L__W_SB_SIZE 96u              /* superblock v0 with 8-byte offsets and lengths */
#define H5L__W_GCOL_TARGET 65536u       /* start a new collection beyond this size */
#define H5L__W_ALIGN 64u
#define H5L__W_VLEN_T 0u                /* attribute type code meaning "vlen UTF-8 string" */

typedef struct h5l__wattr {
    struct h5l__wattr *next;
    const char *name;
    size_t name_len;
    h5l_type_code type;          /* H5L__W_VLEN_T: vlen UTF-8 strings */
    unsigned rank;               /* 0 scalar, 1 */
    uint64_t n;                  /* elements */
    uint8_t *data;               /* fixed types: n * size bytes (arena) */
    uint64_t data_size;
    const char **strs;           /* vlen: n strings (arena, or owned by a table) */
    size_t *lens;
    uint32_t *gcol;              /* vlen: collection number of each string (set at layout) */
    uint32_t *gidx;              /* vlen: object index inside it */
    /* h5l_writer_attr_t: any type and space */
    const h5l_dtype *dt;         /* NULL: the type code */
    struct h5l__wnode *named;    /* a committed type's node, or NULL */
    h5l_space_kind kind;         /* type-code attributes: SCALAR (rank 0) or SIMPLE */
    uint64_t *dims;              /* rank > 1 (arena); else &n stands for them */
    uint64_t vbase;              /* vlen: bytes per base element (1 for strings) */
    const char **refs;           /* object references: n paths (arena, NULL = null reference) */
    struct h5l__wnode **refn;    /* ... resolved at layout */
    /* vlen fields inside compounds or arrays (voff non-NULL): nv fields,
     * field k at byte voff[k] of the data, vcnt[k] base elements, its bytes
     * in strs[k] / lens[k] as for top-level vlen elements */
    uint64_t nv;
    uint64_t *voff;
    uint32_t *vcnt;
} h5l__wattr;

/* Vlen fields of an attribute (strs/lens/gcol/gidx entries). */
#define H5L__W_NV(a) ((a)->voff ? (a)->nv : (a)->n)

/* A group's symbol table as laid out (groups that are not compact). */
typedef struct h5l__wstab {
    uint64_t bt_addr, bt_count, bt_levels;
    uint64_t heap_addr, heap_seg;
    uint64_t snod_addr, snod_count;
} h5l__wstab;

/* One object of the tree: 160 bytes on LP64 (a vaex column is two). */
typedef struct h5l__wnode {
    struct h5l__wnode *parent, *next;   /* next: the parent's next child (declaration order) */
    const char *name;
    size_t name_len;
    int is_group;
    unsigned lkind;              /* H5L__WN_*: an object, or a link that is no object of its own */
    uint32_t xrefs;              /* links and type users beyond the first link (header refcount - 1) */
    uint32_t nmsgs;              /* header messages (set at layout) */
    h5l__wattr *attrs, *attrs_last;
    uint64_t nattrs;
    /* layout */
    uint64_t sidx;               /* position in the parent's sorted array */
    uint64_t oh_addr, oh_size, end;   /* end: past the header (and a group's B-tree, heap, symbol nodes) */
    uint64_t name_off;           /* in the parent's local heap */
    struct h5l__wdense *dense;   /* attributes in dense storage (layout), else NULL */
    union {
        struct {                 /* is_group */
            struct h5l__wnode *first, *last;   /* children (declaration order) */
            struct h5l__wnode **sorted;        /* children in bytewise name order (layout) */
            uint64_t nchildren;
            uint32_t serial;                   /* hash seed for children lookups */
            int compact;                       /* stored as link messages (layout) */
            h5l__wstab *st;                    /* otherwise its symbol table (layout) */
        } g;
        struct {                 /* a dataset */
            h5l_type_code type;
            unsigned rank;
            uint64_t *dims;
            uint64_t data_size;                /* nelmts * element size */
            uint64_t row_bytes;                /* bytes per row of the first dimension (scalar: data_size) */
            uint64_t rows;
            uint64_t data_addr;                /* H5L_UNDEF for empty datasets */
            struct h5l__wchunk *ck;            /* chunked storage; NULL: contiguous */
            const h5l_dtype *dt;               /* any type (arena), or NULL: the type code */
            struct h5l__wnode *named;          /* committed type node used, or NULL */
            uint64_t vbase;                    /* VLEN: bytes per base element; 0 otherwise */
            uint64_t vfields;                  /* VLEN fields per element (top-level or inside): memory form writes */
            int null_space;                    /* h5py.Empty: no data at all */
        } d;                                   /* also a committed type (lkind TYPE: dt) */
        struct {                 /* lkind SOFT, EXT, HARD */
            const char *target;                /* path (NUL-terminated, arena) */
            const char *file;                  /* EXT: the file */
            struct h5l__wnode *to;             /* HARD: resolved at layout */
        } l;
    } u;
} h5l__wnode;

#define H5L__WN_OBJ 0u                  /* group or dataset */
#define H5L__WN_TYPE 1u                 /* committed datatype */
#define H5L__WN_SOFT 2u
#define H5L__WN_EXT 3u
#define H5L__WN_HARD 4u
#define H5L__WN_IS_LINK(n) ((n)->lkind >= H5L__WN_SOFT)

/* A slot of the children hash: the node and its hash, so that probing and
 * growing touch neither the node nor its name until the hashes match. */
typedef struct h5l__wslot {
    h5l__wnode *n;
    uint32_t h;
} h5l__wslot;

typedef struct h5l__wgcol {
    uint64_t size;               /* collection size including the header */
    uint64_t used;               /* bytes used by objects after the 16-byte header */
    uint32_t nobj;
    uint64_t addr;
} h5l__wgcol;

typedef struct h5l__wgcols {
    h5l__wgcol *v;
    size_t n, cap;
} h5l__wgcols;

/* An attribute's message body; with p == NULL its size (E, "layout"). */
static size_t h5l__w_attr_encode(uint8_t *p, const struct h5l__wattr *a, const h5l__wgcols *gc);

/* Objects with dense attribute storage (E, "dense attribute storage"). */
static uint64_t h5l__w_oh2_size(const h5l__wnode *n, uint64_t *nmsgs);
static void h5l__w_dense_encode_node(uint8_t *o, const h5l__wnode *n, const h5l__wgcols *gc);

#define H5L__W_CHUNK_TARGET ((uint64_t)512 * 1024)   /* default chunk bytes */
#define H5L__W_CHUNK_MAX ((uint64_t)0xffffffffu)      /* a chunk's bytes fit the B-tree key's 32 bits */

typedef struct h5l__wband {
    struct h5l__wband *next;
    uint64_t idx;                /* rows [idx * band_rows, (idx + 1) * band_rows) */
    uint64_t filled;             /* rows written into it */
    uint8_t *buf;                /* band_rows x row_bytes, zeroed */
} h5l__wband;

typedef struct h5l__wchunk {
    struct h5l__wchunk *next;    /* the writer's list of chunked datasets */
    h5l__wnode *node;
    h5l__cgeom g;
    uint64_t *maxdims;           /* arena, rank entries; UINT64_MAX = unlimited */
    int extendible;
    h5l_filter fl[4];
    uint32_t cd[4][3];
    unsigned nf;
    uint64_t chunk_bytes;        /* product of the chunk dims and the element size */
    uint64_t band_rows, band_bytes, per_band;   /* chunks per band: product of nch[1..] */
    uint64_t space_rel, layout_rel;            /* message bodies inside the object header */
    uint64_t rows_hi;            /* highest row written + 1 */
    h5l__mutex mu;               /* guards bands, recs, rows_hi, ew_busy */
    int mu_ok;
    h5l__wband *bands;
    h5l__crec *recs;
    size_t nrecs, rcap;
    h5l__ework ew;               /* kept for the next band (one thread at a time) */
    int ew_busy;
} h5l__wchunk;

enum { H5L__W_DECLARING = 0, H5L__W_LAID_OUT = 1, H5L__W_FAILED = 2 };

struct h5l__wtable;

struct h5l_writer {
    h5l_allocator alloc;
    h5l__arena ar;
    unsigned flags;
    h5l__wfile wf;
    int file_open;
    char *target;
    char *tmp;
    int state;                   /* 0 declaring, 1 laid out, 2 failed */
    h5l_status fail_code;
    h5l__wnode *root;
    uint32_t next_serial;
    h5l__wslot *hash;            /* open addressing over (parent, name) */
    size_t hcap, hcount;
    h5l__wnode **dsets;
    size_t ndsets, dcap;
    uint64_t nnodes;
    h5l__wnode **sorted_all;     /* storage of every group's sorted array */
    uint8_t *map;
    uint64_t file_size;
    struct h5l__wtable *tables;  /* section G */
    /* chunked datasets: their chunks and B-trees go past the laid-out file */
    struct h5l__wchunk *chunked; /* every chunked dataset (a list) */
    h5l__mutex mu;               /* guards eof, state and fail_code once laid out */
    int mu_ok;
    uint64_t eof;                /* end of the file as written so far */
    /* VLEN datasets (h5l_writer_write_vlen): the global heap collection
     * being filled, written out when full and at finish */
    h5l__mutex vmu;
    int vmu_ok;
    uint8_t *vbuf;
    uint64_t vcap, vused, vaddr, vnext;
    uint32_t vnobj;
    h5l__wnode **types;          /* committed datatypes (h5l_writer_datatype) */
    size_t ntypes, tcap;
    int region_ok;               /* h5l_repack's writer: datasets of region references allowed */
};

static h5l_status h5l__w_resolve(h5l_writer *w, h5l_error *err);
static h5l_status h5l__w_vheap_flush(h5l_writer *w, h5l_error *err);

/* Section G frees what it allocated with the allocator. */
static void h5l__wtables_free(h5l_writer *w);

/* ---- type codes ---------------------------------------------------------- */

uint64_t h5l_type_code_size(h5l_type_code t)
{
    unsigned base = H5L_T_BASE(t);
    uint64_t low = t & 0xffffffffu;
    if (low & ~(uint64_t)(0xffu | H5L_T_BE | H5L_T_UTF8)) return 0;
    if (base == H5L_T_STRBASE) {
        uint64_t n = H5L_T_STRLEN(t);
        if (n == 0 || n > 0xffffffffu) return 0;
        return n;
    }
    if (t >> 32) return 0;
    if (t & H5L_T_UTF8) return 0;
    switch (base) {
    case H5L_T_I8: case H5L_T_U8: case H5L_T_BOOL: return 1;
    case H5L_T_I16: case H5L_T_U16: case H5L_T_F16: return 2;
    case H5L_T_I32: case H5L_T_U32: case H5L_T_F32: return 4;
    case H5L_T_I64: case H5L_T_U64: case H5L_T_F64: return 8;
    default: return 0;
    }
}

/* The h5l_dtype of a type code, in *wt (which it points into).
 * H5L__W_VLEN_T is h5py's vlen UTF-8 string; H5L_T_BOOL h5py's bool, an
 * enum {FALSE: 0, TRUE: 1} over a signed byte. */
typedef struct h5l__wtype {
    h5l_dtype t, base;
    h5l_member m[2];
} h5l__wtype;

static const uint8_t h5l__w_bool_values[2] = {0, 1};

static const h5l_dtype *h5l__w_type(h5l_type_code c, h5l__wtype *wt)
{
    unsigned base = H5L_T_BASE(c);
    h5l_dtype *t = &wt->t;
    memset(wt, 0, sizeof *wt);
    t->array_dims = h5l__zero_dims;
    t->tag = "";
    t->order = (c & H5L_T_BE) ? H5L_BE : H5L_LE;
    t->size = h5l_type_code_size(c);
    if (c == H5L__W_VLEN_T) {
        t->cls = H5L_CLASS_VLEN;
        t->size = 4u + H5L__W_SO + 4u;
        t->is_vlen_string = 1;
        t->pad = H5L_PAD_NULLTERM;
        t->cset = H5L_CSET_UTF8;
        t->base = &wt->base;
        wt->base.cls = H5L_CLASS_INTEGER;      /* unsigned char */
        wt->base.size = 1;
        wt->base.precision = 8;
        wt->base.array_dims = h5l__zero_dims;
        wt->base.tag = "";
        return t;
    }
    switch (base) {
    case H5L_T_BOOL:
        t->cls = H5L_CLASS_ENUM;
        t->base = &wt->base;
        wt->base.cls = H5L_CLASS_INTEGER;
        wt->base.size = 1;
        wt->base.is_signed = 1;
        wt->base.precision = 8;
        wt->base.array_dims = h5l__zero_dims;
        wt->base.tag = "";
        wt->m[0].name = "FALSE";
        wt->m[0].value = &h5l__w_bool_values[0];
        wt->m[1].name = "TRUE";
        wt->m[1].value = &h5l__w_bool_values[1];
        t->nmembers = 2;
        t->members = wt->m;
        t->is_bool = 1;
        break;
    case H5L_T_F16: case H5L_T_F32: case H5L_T_F64:
        t->cls = H5L_CLASS_FLOAT;
        t->precision = (uint16_t)(t->size * 8);
        t->mant_norm = 2;                          /* implied most significant bit */
        if (base == H5L_T_F16) { t->sign_pos = 15; t->exp_pos = 10; t->exp_size = 5; t->mant_size = 10; t->exp_bias = 15; }
        else if (base == H5L_T_F32) { t->sign_pos = 31; t->exp_pos = 23; t->exp_size = 8; t->mant_size = 23; t->exp_bias = 127; }
        else { t->sign_pos = 63; t->exp_pos = 52; t->exp_size = 11; t->mant_size = 52; t->exp_bias = 1023; }
        break;
    case H5L_T_STRBASE:
        t->cls = H5L_CLASS_STRING;
        t->pad = H5L_PAD_NULLPAD;
        t->cset = (c & H5L_T_UTF8) ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
        break;
    default:
        t->cls = H5L_CLASS_INTEGER;
        t->is_signed = base == H5L_T_I8 || base == H5L_T_I16 || base == H5L_T_I32 || base == H5L_T_I64;
        t->precision = (uint16_t)(t->size * 8);
        break;
    }
    return t;
}

/* ---- names, paths, errors ------------------------------------------------- */

/* "/a/b/c" of a node, truncated to fit. */
static void h5l__w_path(const h5l__wnode *n, char *buf, size_t cap)
{
    const h5l__wnode *chain[64];
    size_t depth = 0, len = 0, i;
    int trunc = 0;
    buf[0] = 0;
    if (!n || !n->parent) {
        snprintf(buf, cap, "/");
        return;
    }
    while (n && n->parent) {
        if (depth == 64) { trunc = 1; break; }
        chain[depth++] = n;
        n = n->parent;
    }
    if (trunc && cap > 4) { memcpy(buf, "...", 3); len = 3; buf[3] = 0; }
    for (i = depth; i-- > 0;) {
        size_t k = chain[i]->name_len;
        if (len + 1 + k + 1 > cap) {
            if (len + 4 < cap) memcpy(buf + len, "...", 4);
            return;
        }
        buf[len++] = '/';
        memcpy(buf + len, chain[i]->name, k);
        len += k;
        buf[len] = 0;
    }
}

/* Put "<prefix>: " in front of err->msg (truncating the end). */
static void h5l__w_prefix(h5l_error *err, const char *prefix)
{
    char tmp[sizeof err->msg];
    size_t pl, ml;
    if (!err || !prefix) return;
    pl = strlen(prefix);
    if (pl > sizeof tmp - 3) pl = sizeof tmp - 3;
    memcpy(tmp, prefix, pl);
    tmp[pl] = ':';
    tmp[pl + 1] = ' ';
    ml = strlen(err->msg);
    if (ml > sizeof tmp - pl - 3) ml = sizeof tmp - pl - 3;
    memcpy(tmp + pl + 2, err->msg, ml);
    tmp[pl + 2 + ml] = 0;
    memcpy(err->msg, tmp, sizeof tmp);
}

static h5l_status h5l__w_nomem(h5l_error *err, const char *what)
{
    return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", what);
}

/* ---- children lookup: a hash over (parent, name) ----------------------------
 * Only the children of groups with more than H5L__W_HASH_MIN of them are in
 * the hash; smaller groups (a vaex column group holds 1 to 4) are scanned. */
#define H5L__W_HASH_MIN 8u

static size_t h5l__w_hash_of(const h5l__wnode *parent, const char *name, size_t len)
{
    return (size_t)h5l__lookup3(name, len, parent->u.g.serial);
}

static h5l__wnode *h5l__w_lookup(const h5l_writer *w, const h5l__wnode *parent, const char *name, size_t len)
{
    size_t i, mask;
    uint32_t h;
    if (parent->u.g.nchildren <= H5L__W_HASH_MIN) {
        h5l__wnode *c;
        for (c = parent->u.g.first; c; c = c->next)
            if (c->name_len == len && memcmp(c->name, name, len) == 0) return c;
        return NULL;
    }
    if (!w->hcap) return NULL;
    mask = w->hcap - 1;
    h = (uint32_t)h5l__w_hash_of(parent, name, len);
    for (i = h & mask;; i = (i + 1) & mask) {
        const h5l__wnode *c = w->hash[i].n;
        if (!c) return NULL;
        if (w->hash[i].h == h && c->parent == parent && c->name_len == len && memcmp(c->name, name, len) == 0)
            return w->hash[i].n;
    }
}

static void h5l__w_hash_put(h5l__wslot *tab, size_t cap, h5l__wnode *n, uint32_t h)
{
    size_t mask = cap - 1, i;
    for (i = h & mask; tab[i].n; i = (i + 1) & mask) {
    }
    tab[i].n = n;
    tab[i].h = h;
}

/* Make room for `more` entries (load factor <= 1/2). */
static int h5l__w_hash_reserve(h5l_writer *w, size_t more)
{
    size_t ncap, i;
    h5l__wslot *nt;
    if ((w->hcount + more) * 2 <= w->hcap) return 0;
    ncap = w->hcap ? w->hcap * 2 : 64;
    while (ncap / 2 < w->hcount + more && ncap <= SIZE_MAX / 2) ncap *= 2;
    if (ncap > SIZE_MAX / sizeof *nt || ncap / 2 < w->hcount + more) return -1;
    nt = (h5l__wslot *)h5l__calloc(&w->alloc, ncap * sizeof *nt);
    if (!nt) return -1;
    for (i = 0; i < w->hcap; i++)
        if (w->hash[i].n) h5l__w_hash_put(nt, ncap, w->hash[i].n, w->hash[i].h);
    h5l__free(&w->alloc, w->hash);
    w->hash = nt;
    w->hcap = ncap;
    return 0;
}

/* A new child node of parent (name copied). */
static h5l_status h5l__w_new_child(h5l_writer *w, h5l__wnode *parent, const char *name, size_t len, int is_group,
                                   h5l__wnode **out, h5l_error *err)
{
    h5l__wnode *n;
    char *nm;
    /* entries the hash gains: none while the parent is small, all of them as it outgrows that */
    size_t more = parent->u.g.nchildren < H5L__W_HASH_MIN ? 0 : parent->u.g.nchildren == H5L__W_HASH_MIN ? H5L__W_HASH_MIN + 1 : 1;
    if (w->next_serial == UINT32_MAX) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "too many objects");
    if (more && h5l__w_hash_reserve(w, more) != 0) return h5l__w_nomem(err, "creating an object");
    n = (h5l__wnode *)h5l__arena_alloc(&w->ar, sizeof *n);
    nm = n ? h5l__arena_strndup(&w->ar, name, len) : NULL;
    if (!n || !nm) return h5l__w_nomem(err, "creating an object");
    n->name = nm;
    n->name_len = len;
    n->parent = parent;
    n->is_group = is_group;
    if (is_group) n->u.g.serial = w->next_serial++;
    else n->u.d.data_addr = H5L_UNDEF;
    if (parent->u.g.last) parent->u.g.last->next = n;
    else parent->u.g.first = n;
    parent->u.g.last = n;
    parent->u.g.nchildren++;
    if (more) {
        h5l__wnode *c = more == 1 ? n : parent->u.g.first;
        for (; c; c = c->next) h5l__w_hash_put(w->hash, w->hcap, c, (uint32_t)h5l__w_hash_of(parent, c->name, c->name_len));
        w->hcount += more;
    }
    w->nnodes++;
    *out = n;
    return H5L_OK;
}

/* Check one path component; 0 if valid. */
static int h5l__w_bad_component(const char *s, size_t len)
{
    if (len == 0) return 1;
    if (len == 1 && s[0] == '.') return 1;
    if (len > 0x7fffffffu) return 1;
    return 0;
}

static h5l_status h5l__w_check_open(h5l_writer *w, const char *what, h5l_error *err)
{
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: writer is NULL", what);
    if (w->state == H5L__W_LAID_OUT) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the writer is already laid out", what);
    if (w->state == H5L__W_FAILED) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the writer failed earlier", what);
    return H5L_OK;
}

/* Walk `path`; create missing groups when `create` (then the last component
 * is a group too, unless want_parent: then *out is the parent and
 * the final component is returned in last/last_len). */
static h5l_status h5l__w_walk(h5l_writer *w, const char *path, int create, int want_parent, h5l__wnode **out,
                              const char **last, size_t *last_len, h5l_error *err)
{
    h5l__wnode *cur = w->root;
    const char *p = path;
    char where[200];
    if (!path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "path is NULL");
    if (*p == '/') p++;
    if (*p && create) {
        /* check every component before creating any group */
        const char *q = p;
        for (;;) {
            const char *slash = strchr(q, '/');
            size_t len = slash ? (size_t)(slash - q) : strlen(q);
            if (h5l__w_bad_component(q, len))
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": invalid name (empty component or '.')", path);
            if (!slash) break;
            q = slash + 1;
        }
    }
    if (*p == 0) {
        if (want_parent) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": empty name", path);
        *out = cur;
        return H5L_OK;
    }
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        h5l__wnode *c;
        if (h5l__w_bad_component(p, len))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "\"%s\": invalid name (empty component or '.')", path);
        if (!slash && want_parent) {
            *out = cur;
            *last = p;
            *last_len = len;
            return H5L_OK;
        }
        c = h5l__w_lookup(w, cur, p, len);
        if (!c) {
            h5l_status st;
            if (!create) return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "\"%s\": no such object", path);
            st = h5l__w_new_child(w, cur, p, len, 1, &c, err);
            if (st != H5L_OK) return st;
        } else if (!c->is_group && (slash || create)) {
            h5l__w_path(c, where, sizeof where);
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: a dataset has that name (in \"%s\")", where, path);
        }
        cur = c;
        if (!slash) break;
        p = slash + 1;
    }
    *out = cur;
    return H5L_OK;
}

/* ---- open / declare ------------------------------------------------------ */

h5l_status h5l_writer_open(const char *path, const h5l_write_options *opt, h5l_writer **out, h5l_error *err)
{
    const h5l_allocator *a = h5l__alloc_or_default(opt ? opt->alloc : NULL);
    h5l_writer *w;
    h5l_status st;
    size_t n;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_open: out is NULL");
    *out = NULL;
    if (!path || !*path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_open: empty path");
    if (opt && (opt->flags & ~(H5L_WRITE_NO_MMAP | H5L_WRITE_NO_SYNC | H5L_WRITE_SPARSE | H5L_WRITE_NAMED_TEMP)))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: unknown flags 0x%x", path, opt->flags);
    w = (h5l_writer *)h5l__calloc(a, sizeof *w);
    if (!w) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    w->alloc = *a;
    if (h5l__mutex_init(&w->mu) != 0) {
        h5l__free(a, w);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: no mutex", path);
    }
    w->mu_ok = 1;
    h5l__arena_init(&w->ar, &w->alloc);
    h5l__arena_geometric(&w->ar);
    w->flags = opt ? opt->flags : 0;
    w->wf.hook = opt ? opt->io_hook : NULL;
    w->wf.hook_ctx = opt ? opt->io_ctx : NULL;
    n = strlen(path);
    w->target = (char *)h5l__malloc(&w->alloc, n + 1);
    w->root = (h5l__wnode *)h5l__arena_alloc(&w->ar, sizeof *w->root);
    if (!w->target || !w->root) {
        h5l__free(&w->alloc, w->target);
        h5l__arena_free(&w->ar);
        h5l__mutex_free(&w->mu);
        h5l__free(&w->alloc, w);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    }
    memcpy(w->target, path, n + 1);
    w->root->is_group = 1;
    w->root->name = "";
    w->root->u.g.serial = w->next_serial++;
    w->nnodes = 1;
    st = h5l__wf_create_temp(&w->wf, &w->alloc, path, (w->flags & H5L_WRITE_NAMED_TEMP) != 0, &w->tmp, err);
    if (st != H5L_OK) {
        h5l__free(&w->alloc, w->target);
        h5l__arena_free(&w->ar);
        h5l__mutex_free(&w->mu);
        h5l__free(&w->alloc, w);
        return st;
    }
    w->file_open = 1;
    *out = w;
    return H5L_OK;
}

h5l_status h5l_writer_group(h5l_writer *w, const char *path, h5l_error *err)
{
    h5l__wnode *n;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_group", err)) != H5L_OK) return st;
    return h5l__w_walk(w, path, 1, 0, &n, NULL, NULL, err);
}

/* Declare a dataset `name` in group `parent`. */
static h5l_status h5l__w_chunking(h5l_writer *w, struct h5l__wchunk *ck, h5l_type_code type, unsigned rank, const uint64_t *dims,
                                  const h5l_chunking *c, const char *where, h5l_error *err);

/* Declare a dataset in parent: contiguous (chunking NULL) or chunked. */
static h5l_status h5l__w_dataset_ck(h5l_writer *w, h5l__wnode *parent, const char *name, size_t len,
                                    h5l_type_code type, unsigned rank, const uint64_t *dims, const h5l_chunking *chunking,
                                    h5l_dset *out, h5l_error *err)
{
    struct h5l__wchunk *ck = NULL;
    uint64_t esz = h5l_type_code_size(type), nel = 1, total, row = 1;
    unsigned i;
    h5l__wnode *n;
    h5l_status st;
    char where[200];
    h5l__w_path(parent, where, sizeof where);
    if (h5l__w_bad_component(name, len) || memchr(name, '/', len))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid dataset name", where);
    if (!esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: invalid type code 0x%llx", where, (int)len, name, (unsigned long long)type);
    if (rank > H5L_MAX_RANK) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: rank %u > %d", where, (int)len, name, rank, H5L_MAX_RANK);
    if (rank && !dims) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: dims is NULL", where, (int)len, name);
    for (i = 0; i < rank; i++) {
        if (h5l__mul_ovf(nel, dims[i], &nel))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: too many elements", where, (int)len, name);
        if (i > 0 && h5l__mul_ovf(row, dims[i], &row))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s/%.*s: too many elements", where, (int)len, name);
    }
    if (h5l__mul_ovf(nel, esz, &total) || total > (uint64_t)INT64_MAX)
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s/%.*s: data size overflows", where, (int)len, name);
    if (h5l__w_lookup(w, parent, name, len))
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s%s%.*s: name already exists", where,
                         parent->parent ? "/" : "", (int)len, name);
    if (chunking) {
        char full[260];
        snprintf(full, sizeof full, "%s%s%.*s", where, parent->parent ? "/" : "", (int)(len > 200 ? 200 : len), name);
        ck = (struct h5l__wchunk *)h5l__arena_alloc(&w->ar, sizeof *ck);
        if (!ck) return h5l__w_nomem(err, where);
        memset(ck, 0, sizeof *ck);
        st = h5l__w_chunking(w, ck, type, rank, dims, chunking, full, err);
        if (ck->mu_ok) {           /* listed to be freed; a dataset only if declared below (node set) */
            ck->next = w->chunked;
            w->chunked = ck;
        }
        if (st != H5L_OK) return st;
    }
    if (w->ndsets >= (size_t)H5L_NO_DSET - 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "too many datasets");
    if (h5l__grow(&w->alloc, (void **)&w->dsets, &w->dcap, w->ndsets + 1, sizeof *w->dsets) != 0)
        return h5l__w_nomem(err, where);
    if (rank) {
        uint64_t *d = (uint64_t *)h5l__arena_alloc(&w->ar, rank * sizeof *d);
        if (!d) return h5l__w_nomem(err, where);
        memcpy(d, dims, rank * sizeof *d);
        st = h5l__w_new_child(w, parent, name, len, 0, &n, err);
        if (st != H5L_OK) return st;
        n->u.d.dims = d;
        n->u.d.rows = dims[0];
        n->u.d.row_bytes = row * esz;
    } else {
        st = h5l__w_new_child(w, parent, name, len, 0, &n, err);
        if (st != H5L_OK) return st;
        n->u.d.rows = 1;
        n->u.d.row_bytes = esz;
    }
    n->u.d.type = type;
    n->u.d.rank = rank;
    n->u.d.data_size = total;
    n->u.d.ck = ck;
    if (ck) ck->node = n;
    w->dsets[w->ndsets] = n;
    if (out) *out = (h5l_dset)w->ndsets;
    w->ndsets++;
    return H5L_OK;
}

/* h5l_writer_dataset and h5l_writer_dataset_chunked (chunking non-NULL):
 * the arguments checked before any parent group is created. */
static h5l_status h5l__w_dataset_api(h5l_writer *w, const char *fn, const char *path, h5l_type_code type, unsigned rank,
                                     const uint64_t *dims, const h5l_chunking *chunking, h5l_dset *out, h5l_error *err)
{
    h5l__wnode *parent;
    const char *name = NULL;
    size_t len = 0;
    h5l_status st;
    h5l__clear(err);
    if (out) *out = H5L_NO_DSET;
    if ((st = h5l__w_check_open(w, fn, err)) != H5L_OK) return st;
    if (!path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: path is NULL", fn);
    if (!h5l_type_code_size(type)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid type code 0x%llx", path, (unsigned long long)type);
    if (rank > H5L_MAX_RANK) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rank %u > %d", path, rank, H5L_MAX_RANK);
    if (rank && !dims) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dims is NULL", path);
    st = h5l__w_walk(w, path, 0, 1, &parent, &name, &len, err);   /* syntax check only */
    if (st != H5L_OK && st != H5L_ENOTFOUND) return st;
    st = h5l__w_walk(w, path, 1, 1, &parent, &name, &len, err);
    if (st != H5L_OK) return st;
    return h5l__w_dataset_ck(w, parent, name, len, type, rank, dims, chunking, out, err);
}

h5l_status h5l_writer_dataset(h5l_writer *w, const char *path, h5l_type_code type, unsigned rank,
                              const uint64_t *dims, h5l_dset *out, h5l_error *err)
{
    return h5l__w_dataset_api(w, "h5l_writer_dataset", path, type, rank, dims, NULL, out, err);
}

/* ---- chunked datasets: declaring ----------------------------------------------
 * A chunked dataset (h5l_writer_dataset_chunked) gathers rows into bands of
 * chunk[0] rows over the whole inner extent; a complete band is cut into its
 * chunks (one per inner chunk position), each run through the filter
 * pipeline and written at the end of the file, and remembered as a record
 * (h5l__crec). h5l_writer_finish() writes the bands still partial, builds
 * each dataset's B-tree (h5l__cbt_write) and patches the two fixed-size
 * message bodies that depend on them (dataspace: dims[0]; layout: the
 * B-tree's address) and the superblock's end of file. */

/* Check a chunking request against a dataset's shape, and set up ck
 * (zeroed by the caller) from it. */
static h5l_status h5l__w_chunking(h5l_writer *w, h5l__wchunk *ck, h5l_type_code type, unsigned rank, const uint64_t *dims,
                                  const h5l_chunking *c, const char *where, h5l_error *err)
{
    uint64_t esz = h5l_type_code_size(type), row = esz, cb = esz, k;
    unsigned d, lvl = c->level ? (unsigned)c->level : 6u;
    if (h5l__mutex_init(&ck->mu) != 0) return h5l__w_nomem(err, where);
    ck->mu_ok = 1;
    if (rank == 0) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a scalar cannot be chunked", where);
    if (c->flags & ~(H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE | H5L_CHUNK_FLETCHER32))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: unknown chunking flags 0x%x", where, c->flags);
    if (c->compress > H5L_COMPRESS_LZF) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: unknown compression %u", where, c->compress);
    if (c->level < 0 || c->level > 9) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: deflate level %d outside 1..9", where, c->level);
    ck->extendible = (c->flags & H5L_CHUNK_EXTENDIBLE) != 0;
    ck->g.rank = rank;
    ck->g.esize = esz;
    for (d = 1; d < rank; d++) (void)h5l__mul_ovf(row, dims[d], &row);   /* checked by the caller */
    if (c->chunk) {
        for (d = 0; d < rank; d++) ck->g.cdim[d] = c->chunk[d];
    } else {
        /* whole inner dims, halved (largest first) while a row of chunks exceeds the target */
        uint64_t inner = esz;
        for (d = 1; d < rank; d++) ck->g.cdim[d] = dims[d] ? dims[d] : 1;
        for (d = 1; d < rank; d++) inner *= ck->g.cdim[d];
        while (inner > H5L__W_CHUNK_TARGET) {
            unsigned big = 0;
            for (d = 1; d < rank; d++) if (!big || ck->g.cdim[d] > ck->g.cdim[big]) big = d;
            if (!big || ck->g.cdim[big] == 1) break;
            inner = inner / ck->g.cdim[big] * ((ck->g.cdim[big] + 1) / 2);
            ck->g.cdim[big] = (ck->g.cdim[big] + 1) / 2;
        }
        k = inner >= H5L__W_CHUNK_TARGET ? 1 : H5L__W_CHUNK_TARGET / inner;
        if (!ck->extendible && dims[0] && k > dims[0]) k = dims[0];
        ck->g.cdim[0] = k;
    }
    for (d = 0; d < rank; d++) {
        uint64_t cd = ck->g.cdim[d];
        if (cd == 0 || cd > 0xffffffffu)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: chunk dim %u is %llu (1..2^32-1)", where, d, (unsigned long long)cd);
        if ((d > 0 || !ck->extendible) && cd > dims[d])
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: chunk dim %u (%llu) exceeds the fixed dim (%llu)", where, d,
                             (unsigned long long)cd, (unsigned long long)dims[d]);
        if (h5l__mul_ovf(cb, cd, &cb) || cb > H5L__W_CHUNK_MAX)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a chunk of 4 GiB or more", where);
        ck->g.nch[d] = d ? (dims[d] + cd - 1) / cd : 0;
    }
    ck->chunk_bytes = cb;
    ck->band_rows = ck->g.cdim[0];
    ck->per_band = 1;
    for (d = 1; d < rank; d++) ck->per_band *= ck->g.nch[d];     /* <= elements of a row */
    if (h5l__mul_ovf(ck->band_rows, row, &ck->band_bytes) || ck->band_bytes > (uint64_t)SIZE_MAX / 2)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a band of %llu rows is too large", where, (unsigned long long)ck->band_rows);
    ck->maxdims = (uint64_t *)h5l__arena_alloc(&w->ar, rank * sizeof *ck->maxdims);
    if (!ck->maxdims) return h5l__w_nomem(err, where);
    for (d = 0; d < rank; d++) ck->maxdims[d] = dims[d];
    if (ck->extendible) ck->maxdims[0] = UINT64_MAX;
    /* the pipeline, in h5py's order */
    if ((c->flags & H5L_CHUNK_SHUFFLE) && esz > 1) {
        ck->cd[ck->nf][0] = (uint32_t)esz;
        ck->fl[ck->nf].id = H5L__F_SHUFFLE, ck->fl[ck->nf].name = "shuffle", ck->fl[ck->nf].flags = H5L__FILTER_OPTIONAL, ck->fl[ck->nf].ncd = 1;
        ck->nf++;
    }
    if (c->compress == H5L_COMPRESS_DEFLATE) {
        ck->cd[ck->nf][0] = lvl;
        ck->fl[ck->nf].id = H5L__F_DEFLATE, ck->fl[ck->nf].name = "deflate", ck->fl[ck->nf].flags = H5L__FILTER_OPTIONAL, ck->fl[ck->nf].ncd = 1;
        ck->nf++;
    } else if (c->compress == H5L_COMPRESS_LZF) {
        ck->cd[ck->nf][0] = 4;                 /* h5py's LZF filter version */
        ck->cd[ck->nf][1] = 0x0105;            /* liblzf's */
        ck->cd[ck->nf][2] = (uint32_t)cb;
        ck->fl[ck->nf].id = H5L__F_LZF, ck->fl[ck->nf].name = "lzf", ck->fl[ck->nf].flags = H5L__FILTER_OPTIONAL, ck->fl[ck->nf].ncd = 3;
        ck->nf++;
    }
    if (c->flags & H5L_CHUNK_FLETCHER32) {
        ck->fl[ck->nf].id = H5L__F_FLETCHER32, ck->fl[ck->nf].name = "fletcher32", ck->fl[ck->nf].flags = 0, ck->fl[ck->nf].ncd = 0;
        ck->nf++;
    }
    for (d = 0; d < ck->nf; d++) ck->fl[d].cd = ck->cd[d];
    return H5L_OK;
}

h5l_status h5l_writer_dataset_chunked(h5l_writer *w, const char *path, h5l_type_code type, unsigned rank, const uint64_t *dims,
                                      const h5l_chunking *chunking, h5l_dset *out, h5l_error *err)
{
    if (!chunking || rank == 0) {
        h5l__clear(err);
        if (out) *out = H5L_NO_DSET;
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: %s", path ? path : "h5l_writer_dataset_chunked",
                         chunking ? "a scalar cannot be chunked" : "chunking is NULL");
    }
    return h5l__w_dataset_api(w, "h5l_writer_dataset_chunked", path, type, rank, dims, chunking, out, err);
}

/* Attach an attribute to node n. type H5L__W_VLEN_T: strs/lens (n strings,
 * copied unless `borrow`); otherwise values (copied). */
static h5l_status h5l__w_attr_add(h5l_writer *w, h5l__wnode *o, const char *name, h5l_type_code type, unsigned rank,
                                  uint64_t n, const void *values, const char *const *strs, h5l__wattr **out,
                                  h5l_error *err)
{
    h5l__wattr *a, *it;
    size_t nl;
    uint64_t esz;
    char where[200];
    h5l__w_path(o, where, sizeof where);
    if (!name || !*name) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: empty attribute name", where);
    nl = strlen(name);
    if (o->nattrs >= 65000) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many attributes", where);
    if (nl > 65000) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute name too long", where);
    if (rank > 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: rank %u (0 or 1 allowed)", where, name, rank);
    if (rank == 0 && n != 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: scalar needs n = 1", where, name);
    esz = type == H5L__W_VLEN_T ? 16 : h5l_type_code_size(type);
    if (!esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: invalid type code 0x%llx", where, name, (unsigned long long)type);
    if (n && ((type != H5L__W_VLEN_T && !values) || (type == H5L__W_VLEN_T && !strs)))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: values is NULL", where, name);
    if (n > ((uint64_t)SIZE_MAX / 2 - nl) / esz) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: too large for memory", where, name);
    for (it = o->attrs; it; it = it->next)
        if (it->name_len == nl && memcmp(it->name, name, nl) == 0)
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: attribute %s already exists", where, name);
    a = (h5l__wattr *)h5l__arena_alloc(&w->ar, sizeof *a);
    if (!a || !(a->name = h5l__arena_strndup(&w->ar, name, nl))) return h5l__w_nomem(err, where);
    a->name_len = nl;
    a->type = type;
    a->rank = rank;
    a->n = n;
    if (type == H5L__W_VLEN_T) {
        uint64_t i;
        a->strs = (const char **)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->strs);
        a->lens = (size_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->lens);
        a->gcol = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gcol);
        a->gidx = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gidx);
        if (!a->strs || !a->lens || !a->gcol || !a->gidx) return h5l__w_nomem(err, where);
        for (i = 0; i < n; i++) {
            const char *s = strs[i] ? strs[i] : "";
            size_t sl = strlen(s);
            if (sl > 0xffffffffu) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: string too long", where, name);
            if (!(a->strs[i] = h5l__arena_strndup(&w->ar, s, sl))) return h5l__w_nomem(err, where);
            a->lens[i] = sl;
        }
    } else {
        a->data_size = n * esz;
        a->data = (uint8_t *)h5l__arena_alloc(&w->ar, (size_t)(a->data_size ? a->data_size : 1));
        if (!a->data) return h5l__w_nomem(err, where);
        if (a->data_size) memcpy(a->data, values, (size_t)a->data_size);
    }
    if (o->attrs_last) o->attrs_last->next = a;
    else o->attrs = a;
    o->attrs_last = a;
    o->nattrs++;
    if (out) *out = a;
    return H5L_OK;
}

static h5l_status h5l__w_attr_path(h5l_writer *w, const char *objpath, const char *name, h5l_type_code type,
                                   unsigned rank, uint64_t n, const void *values, const char *const *strs,
                                   h5l_error *err)
{
    h5l__wnode *o = NULL;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_attr", err)) != H5L_OK) return st;
    st = h5l__w_walk(w, objpath, 0, 0, &o, NULL, NULL, err);
    if (st != H5L_OK) return st;
    return h5l__w_attr_add(w, o, name, type, rank, n, values, strs, NULL, err);
}

h5l_status h5l_writer_attr(h5l_writer *w, const char *objpath, const char *name, h5l_type_code type, unsigned rank,
                           uint64_t n, const void *values, h5l_error *err)
{
    if (type == H5L__W_VLEN_T) {
        h5l__clear(err);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: invalid type code 0", name ? name : "?");
    }
    return h5l__w_attr_path(w, objpath, name, type, rank, n, values, NULL, err);
}

h5l_status h5l_writer_attr_string(h5l_writer *w, const char *objpath, const char *name, const char *utf8,
                                  h5l_error *err)
{
    const char *one[1];
    if (!utf8) {
        h5l__clear(err);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: string is NULL", name ? name : "?");
    }
    one[0] = utf8;
    return h5l__w_attr_path(w, objpath, name, H5L__W_VLEN_T, 0, 1, NULL, one, err);
}

h5l_status h5l_writer_attr_strings(h5l_writer *w, const char *objpath, const char *name, const char *const *utf8,
                                   size_t n, h5l_error *err)
{
    return h5l__w_attr_path(w, objpath, name, H5L__W_VLEN_T, 1, (uint64_t)n, NULL, utf8, err);
}

/* Compact groups: a group other than the root with at most
 * H5L__W_COMPACT_MAX children keeps its links in its object header, as
 * libhdf5 (1.8 and later) stores a group below its default phase change:
 *
 *   link info  (0x02, 24): version 0 | flags 0 | fractal heap UNDEF | name B-tree UNDEF
 *   group info (0x0A, 8):  version 0 | flags 0 (default 8/6 phase change)
 *   link       (0x06):     version 1 | flags (bits 0-1 name length width,
 *                          bit 4 charset present) | [charset 1 = UTF-8]
 *                          | name length | name | object header address
 *
 * A vaex column group (1 to 4 links) then costs one object header of 88
 * bytes instead of a header, B-tree node, local heap and symbol node (960). */
#define H5L__W_COMPACT_MAX 8u

static int h5l__w_ascii(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

/* Compact groups hold names up to this many bytes (1- or 2-byte lengths). */
#define H5L__W_COMPACT_NAME 4096u

/* Bytewise name order (strcmp's, as the symbol-table B-tree and libhdf5's
 * name index want), by sort keys: the first 8 bytes of a name, big-endian
 * and zero-padded, decide almost every comparison without touching the
 * nodes; equal keys fall back to the names. */
typedef struct h5l__wsortent {
    uint64_t key;
    h5l__wnode *n;
} h5l__wsortent;

static uint64_t h5l__w_name_key(const char *s, size_t n)
{
    uint64_t k = 0;
    size_t i;
    for (i = 0; i < 8; i++) k = (k << 8) | (i < n ? (uint64_t)(unsigned char)s[i] : 0u);
    return k;
}

static int h5l__w_name_cmp(const h5l__wnode *a, const h5l__wnode *b)
{
    size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    int c = memcmp(a->name, b->name, n);
    if (c) return c;
    return a->name_len < b->name_len ? -1 : a->name_len > b->name_len ? 1 : 0;
}

static int h5l__w_ent_le(const h5l__wsortent *a, const h5l__wsortent *b)
{
    if (a->key != b->key) return a->key < b->key;
    return h5l__w_name_cmp(a->n, b->n) <= 0;
}

/* Sort v[0..k) (k >= 1) into name order: insertion-sorted runs of 16, then
 * bottom-up merges between v and t; the result is left in v. */
static void h5l__w_sort_ents(h5l__wsortent *v, h5l__wsortent *t, size_t k)
{
    size_t run, i, j, lo;
    h5l__wsortent *src = v, *dst = t, *sw;
    for (lo = 0; lo < k; lo += 16) {
        size_t hi = lo + 16 < k ? lo + 16 : k;
        for (i = lo + 1; i < hi; i++) {
            h5l__wsortent x = v[i];
            for (j = i; j > lo && !h5l__w_ent_le(&v[j - 1], &x); j--) v[j] = v[j - 1];
            v[j] = x;
        }
    }
    for (run = 16; run < k; run *= 2) {
        for (lo = 0; lo < k; lo += 2 * run) {
            size_t mid = lo + run < k ? lo + run : k, hi = lo + 2 * run < k ? lo + 2 * run : k, o = lo;
            i = lo;
            j = mid;
            while (i < mid && j < hi) dst[o++] = h5l__w_ent_le(&src[i], &src[j]) ? src[i++] : src[j++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        sw = src;
        src = dst;
        dst = sw;
    }
    if (src != v) memcpy(v, src, k * sizeof *v);
}

/* Number of B-tree nodes and levels for nsnod symbol nodes. */
static void h5l__w_btree_shape(uint64_t nsnod, uint64_t *count, uint64_t *levels)
{
    uint64_t c = nsnod ? (nsnod + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN : 1, total = c, lv = 1;
    while (c > 1) {
        c = (c + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN;
        total += c;
        lv++;
    }
    *count = total;
    *levels = lv;
}

typedef struct h5l__wlay {
    uint64_t pos;                /* next free metadata address */
    int ovf;
} h5l__wlay;

static uint64_t h5l__w_take(h5l__wlay *L, uint64_t size)
{
    uint64_t at = L->pos;
    if (h5l__add_ovf(L->pos, h5l__pad8(size), &L->pos)) L->ovf = 1;
    return at;
}

/* Pre-order walk over the declaration-order child lists. */
static h5l__wnode *h5l__w_next_decl(h5l__wnode *n)
{
    if (n->is_group && n->u.g.first) return n->u.g.first;
    while (n && !n->next) n = n->parent;
    return n ? n->next : NULL;
}

/* Pre-order walk in bytewise name order (after sorting). */
static h5l__wnode *h5l__w_next_sorted(h5l__wnode *n)
{
    if (n->is_group && n->u.g.nchildren) return n->u.g.sorted[0];
    while (n->parent) {
        h5l__wnode *p = n->parent;
        if (n->sidx + 1 < p->u.g.nchildren) return p->u.g.sorted[n->sidx + 1];
        n = p;
    }
    return NULL;
}

/* 32^(l+1), saturating: the number of symbol nodes under a level-l B-tree node. */
static uint64_t h5l__w_span(uint64_t level)
{
    uint64_t s = H5L__W_BT_CHILDREN, i;
    for (i = 0; i < level; i++) {
        if (s > UINT64_MAX / H5L__W_BT_CHILDREN) return UINT64_MAX;
        s *= H5L__W_BT_CHILDREN;
    }
    return s;
}

/* Heap offset of the largest name in symbol node s. */
static uint64_t h5l__w_key_after_snod(const h5l__wnode *g, uint64_t s)
{
    uint64_t last = (s + 1) * H5L__W_SNOD_ENTRIES;
    if (last > g->u.g.nchildren) last = g->u.g.nchildren;
    return g->u.g.sorted[last - 1]->name_off;
}

/* ---- layout: what each object's metadata holds ------------------------------ */

/* The stored type of a dataset, committed type or attribute: its h5l_dtype
 * if declared with one, else its type code's (in *wt). */
static const h5l_dtype *h5l__w_dtype(const h5l_dtype *dt, h5l_type_code c, h5l__wtype *wt)
{
    return dt ? dt : h5l__w_type(c, wt);
}

/* A shared-message body (version 2, as libhdf5 writes for a committed type)
 * pointing at the object header at addr. p == NULL: size only. */
static size_t h5l__w_shared_encode(uint8_t *p, uint64_t addr)
{
    h5l__out o = h5l__o_start(p);
    h5l__o_u8(&o, 2);
    h5l__o_u8(&o, 2);                          /* committed: in another object header */
    h5l__o_un(&o, addr, H5L__W_SO);
    return o.n;
}

/* The h5l_attr of a declared attribute, for h5l__attr_encode (the values
 * of vlen strings are their heap references, put in by the caller). */
static void h5l__w_attr_view(const h5l__wattr *a, h5l__wtype *wt, h5l_attr *v)
{
    memset(v, 0, sizeof *v);
    v->name = a->name;
    v->name_cset = h5l__w_ascii(a->name, a->name_len) ? H5L_CSET_ASCII : H5L_CSET_UTF8;
    v->type = h5l__w_dtype(a->dt, a->type, wt);
    v->space.kind = a->dt ? a->kind : a->rank ? H5L_SPACE_SIMPLE : H5L_SPACE_SCALAR;
    v->space.rank = v->space.kind == H5L_SPACE_SIMPLE ? a->rank : 0;
    v->space.dims = v->space.maxdims = a->dims ? a->dims : &a->n;
    v->space.npoints = v->space.kind == H5L_SPACE_NULL ? 0 : a->n;
    v->data = (a->strs && !a->voff) || a->refs ? NULL : a->data;
    v->data_size = v->space.npoints * v->type->size;
}

/* The object header a link or reference leads to (a hard link's target). */
static const h5l__wnode *h5l__w_target(const h5l__wnode *n)
{
    return n->lkind == H5L__WN_HARD && n->u.l.to ? n->u.l.to : n;
}

/* Attribute message body (version 1, as h5py writes); vlen strings refer to
 * their objects in the collections gc (NULL: size only). */
static size_t h5l__w_attr_encode(uint8_t *p, const h5l__wattr *a, const h5l__wgcols *gc)
{
    h5l__wtype wt;
    h5l_attr v;
    size_t at = 0, n;
    uint64_t i;
    h5l__w_attr_view(a, &wt, &v);
    if (a->named) {
        /* a committed type: version 2 (version 1 cannot say the datatype is
         * shared), as libhdf5 writes it: no padding, flags bit 0 */
        h5l__out o = h5l__o_start(p);
        size_t tsz = h5l__w_shared_encode(NULL, 0), ssz;
        unsigned sver = v.space.kind == H5L_SPACE_NULL ? 2u : 1u;
        ssz = h5l__space_encode(NULL, &v.space, sver, 1, H5L__W_SL);
        h5l__o_u8(&o, 2);
        h5l__o_u8(&o, 0x01);
        h5l__o_u16(&o, (unsigned)(a->name_len + 1));
        h5l__o_u16(&o, (unsigned)tsz);
        h5l__o_u16(&o, (unsigned)ssz);
        h5l__o_bytes(&o, a->name, a->name_len + 1);
        o.n += h5l__w_shared_encode(h5l__o_here(&o), a->named->oh_addr);
        o.n += h5l__space_encode(h5l__o_here(&o), &v.space, sver, 1, H5L__W_SL);
        at = o.n;
        h5l__o_bytes(&o, v.data, (size_t)v.data_size);
        n = o.n;
    } else {
        n = h5l__attr_encode(p, &v, 1, H5L__W_SO, H5L__W_SL, &at);
    }
    if (p && gc && a->strs)
        for (i = 0; i < H5L__W_NV(a); i++) {
            h5l__out o = h5l__o_start(p + at + (a->voff ? a->voff[i] : i * v.type->size));
            h5l__o_u32(&o, a->voff ? a->vcnt[i] : (uint32_t)(a->vbase > 1 ? a->lens[i] / a->vbase : a->lens[i]));
            if (a->gidx[i]) {
                h5l__o_un(&o, gc->v[a->gcol[i]].addr, H5L__W_SO);
                h5l__o_u32(&o, a->gidx[i]);
            } else {
                h5l__o_un(&o, 0, H5L__W_SO);       /* an empty element: no heap object */
                h5l__o_u32(&o, 0);
            }
        }
    if (p && a->refs)
        for (i = 0; i < a->n; i++) {
            h5l__out o = h5l__o_start(p + at + i * v.type->size);
            h5l__o_un(&o, a->refn[i] ? h5l__w_target(a->refn[i])->oh_addr : 0, H5L__W_SO);
        }
    return n;
}

/* A child's link message body (compact groups). */
static size_t h5l__w_link_encode(uint8_t *p, const h5l__wnode *c)
{
    h5l__rawlink l;
    memset(&l, 0, sizeof l);
    l.name = (const uint8_t *)c->name;
    l.name_len = c->name_len;
    l.type = H5L_LINK_HARD;
    l.cset = h5l__w_ascii(c->name, c->name_len) ? H5L_CSET_ASCII : H5L_CSET_UTF8;
    l.addr = h5l__w_target(c)->oh_addr;
    if (c->lkind == H5L__WN_SOFT || c->lkind == H5L__WN_EXT) {
        l.type = c->lkind == H5L__WN_SOFT ? H5L_LINK_SOFT : H5L_LINK_EXTERNAL;
        l.target = (const uint8_t *)c->u.l.target;
        l.target_len = strlen(c->u.l.target);
        if (c->lkind == H5L__WN_EXT) {
            l.file = (const uint8_t *)c->u.l.file;
            l.file_len = strlen(c->u.l.file);
        }
    }
    return h5l__link_encode(p, &l, H5L__W_SO);
}

/* The dataspace of a dataset node: scalar, or simple with max = dims
 * (chunked: the declared max dims). */
static void h5l__w_space_view(const h5l__wnode *n, h5l_space *s)
{
    memset(s, 0, sizeof *s);
    s->kind = n->u.d.null_space ? H5L_SPACE_NULL : n->u.d.rank ? H5L_SPACE_SIMPLE : H5L_SPACE_SCALAR;
    s->rank = n->u.d.rank;
    s->dims = s->maxdims = n->u.d.dims;
    if (n->u.d.ck) s->maxdims = n->u.d.ck->maxdims;
}

/* The layout of a dataset node (version 3): contiguous at its data, or
 * chunked with its B-tree at bt (H5L_UNDEF: no chunk yet). */
static void h5l__w_layout_view(const h5l__wnode *n, uint64_t bt, h5l__layout *ly)
{
    const struct h5l__wchunk *ck = n->u.d.ck;
    unsigned d;
    memset(ly, 0, sizeof *ly);
    ly->version = 3;
    if (!ck) {
        ly->cls = H5L__LAYOUT_CONTIGUOUS;
        ly->addr = n->u.d.data_size ? n->u.d.data_addr : H5L_UNDEF;
        ly->size = n->u.d.data_size;
        return;
    }
    ly->cls = H5L__LAYOUT_CHUNKED;
    ly->addr = bt;
    ly->ndims = ck->g.rank + 1;
    for (d = 0; d < ck->g.rank; d++) ly->cdims[d] = ck->g.cdim[d];
    ly->cdims[ck->g.rank] = ck->g.esize;
}

static uint64_t h5l__w_root_bt(const h5l__wnode *g) { return g->u.g.st->bt_addr + (g->u.g.st->bt_count - 1) * H5L__W_BT_SIZE; }


/* Node n's object header (version 1) through o; NULL output counts.
 * *nmsgs (if given) receives its number of messages.
 *   group, compact: link info, group info, a link per child (name order)
 *   group:          symbol table (B-tree, local heap)
 *   dataset:        dataspace, datatype, fill value (v2: allocated late,
 *                   written if set, defined as the library default), layout
 *                   (v3 contiguous)
 *   then every attribute, in declaration order. */
static void h5l__w_oh_encode(h5l__out *o, const h5l__wnode *n, const h5l__wgcols *gc, uint64_t *nmsgs)
{
    size_t start = o->n, at;
    uint32_t m = 0;
    const h5l__wattr *a;
    h5l__oh_prefix_v1(o, 0, 1 + n->xrefs, 0);     /* count and size patched below */
    if (n->is_group && n->u.g.compact) {
        uint64_t k;
        at = h5l__oh_msg_begin(o, H5L__M_LINFO, 0);
        h5l__o_u8(o, 0);                           /* version 0, no creation order */
        h5l__o_u8(o, 0);
        h5l__o_un(o, H5L_UNDEF, H5L__W_SO);        /* no fractal heap: links in the header */
        h5l__o_un(o, H5L_UNDEF, H5L__W_SO);        /* no name index */
        h5l__oh_msg_end(o, at);
        at = h5l__oh_msg_begin(o, H5L__M_GINFO, 0);
        h5l__o_u8(o, 0);                           /* version 0, flags 0: default phase change */
        h5l__o_u8(o, 0);
        h5l__oh_msg_end(o, at);
        m = 2;
        for (k = 0; k < n->u.g.nchildren; k++, m++) {
            at = h5l__oh_msg_begin(o, H5L__M_LINK, 0);
            o->n += h5l__w_link_encode(h5l__o_here(o), n->u.g.sorted[k]);
            h5l__oh_msg_end(o, at);
        }
    } else if (n->is_group) {
        at = h5l__oh_msg_begin(o, H5L__M_STAB, 0);
        h5l__o_un(o, o->p ? h5l__w_root_bt(n) : 0, H5L__W_SO);
        h5l__o_un(o, o->p ? n->u.g.st->heap_addr : 0, H5L__W_SO);
        h5l__oh_msg_end(o, at);
        m = 1;
    } else if (n->lkind == H5L__WN_TYPE) {
        at = h5l__oh_msg_begin(o, H5L__M_DTYPE, H5L__MF_CONSTANT);
        o->n += h5l__dtype_encode(h5l__o_here(o), n->u.d.dt, 0, H5L__W_SO);
        h5l__oh_msg_end(o, at);
        m = 1;
    } else {
        h5l_space s;
        h5l__wtype wt;
        h5l__fill fv;
        h5l__layout ly;
        struct h5l__wchunk *ck = n->u.d.ck;
        h5l__w_space_view(n, &s);
        at = h5l__oh_msg_begin(o, H5L__M_SPACE, 0);
        if (ck) ck->space_rel = o->n - start;
        o->n += h5l__space_encode(h5l__o_here(o), &s, s.kind == H5L_SPACE_NULL ? 2u : 1u, 1, H5L__W_SL);
        h5l__oh_msg_end(o, at);
        if (n->u.d.named) {
            at = h5l__oh_msg_begin(o, H5L__M_DTYPE, H5L__MF_CONSTANT | H5L__MF_SHARED);
            o->n += h5l__w_shared_encode(h5l__o_here(o), n->u.d.named->oh_addr);
        } else {
            at = h5l__oh_msg_begin(o, H5L__M_DTYPE, H5L__MF_CONSTANT);
            o->n += h5l__dtype_encode(h5l__o_here(o), h5l__w_dtype(n->u.d.dt, n->u.d.type, &wt), 0, H5L__W_SO);
        }
        h5l__oh_msg_end(o, at);
        memset(&fv, 0, sizeof fv);
        fv.version = 2;
        fv.alloc_time = ck ? H5L__ALLOC_INCR : H5L__ALLOC_LATE;
        fv.fill_time = H5L__FILL_IFSET;
        fv.defined = 1;
        at = h5l__oh_msg_begin(o, H5L__M_FILL, H5L__MF_CONSTANT);
        o->n += h5l__fill_encode(h5l__o_here(o), &fv);
        h5l__oh_msg_end(o, at);
        m = 4;
        if (ck && ck->nf) {
            at = h5l__oh_msg_begin(o, H5L__M_PLINE, H5L__MF_CONSTANT);
            o->n += h5l__pline_encode(h5l__o_here(o), 1, ck->fl, ck->nf);
            h5l__oh_msg_end(o, at);
            m++;
        }
        h5l__w_layout_view(n, H5L_UNDEF, &ly);
        at = h5l__oh_msg_begin(o, H5L__M_LAYOUT, 0);
        if (ck) ck->layout_rel = o->n - start;
        o->n += h5l__layout_encode(h5l__o_here(o), &ly, H5L__W_SO, H5L__W_SL);
        h5l__oh_msg_end(o, at);
    }
    for (a = n->dense ? NULL : n->attrs; a; a = a->next, m++) {
        at = h5l__oh_msg_begin(o, H5L__M_ATTR, 0);
        o->n += h5l__w_attr_encode(h5l__o_here(o), a, gc);
        h5l__oh_msg_end(o, at);
    }
    if (o->p) {
        h5l__st16(o->p + start + 2, (uint16_t)m);
        h5l__st32(o->p + start + 8, (uint32_t)(o->n - start - H5L__OH_V1_PREFIX));
    }
    if (nmsgs) *nmsgs = m;
}

/* Object header size (no padding needed: all messages are multiples of 8);
 * *nmsgs = the number of messages. */
static uint64_t h5l__w_oh_size(const h5l__wnode *n, uint64_t *nmsgs)
{
    h5l__out o = h5l__o_start(NULL);
    if (n->dense) return h5l__w_oh2_size(n, nmsgs);
    h5l__w_oh_encode(&o, n, NULL, nmsgs);
    return o.n;
}

/* A symbol-table group's local heap, symbol nodes and B-tree nodes into o,
 * the zeroed bytes [n->oh_addr, n->end) of the file (the header first). */
static void h5l__w_stab_encode(uint8_t *o, const h5l__wnode *n)
{
    const h5l__wstab *st = n->u.g.st;
    uint8_t *p;
    uint64_t i, s, level, base = 0, cnt, prev_base = 0, prev_cnt = st->snod_count;
    h5l__lheap h;
    /* local heap: header, then the names at their offsets */
    memset(&h, 0, sizeof h);
    h.size = st->heap_seg;
    h.free_head = H5L__LHEAP_NO_FREE;
    h.data_addr = st->heap_addr + h5l__lheap_hdr_size(H5L__W_SO, H5L__W_SL);
    p = o + (st->heap_addr - n->oh_addr);
    p += h5l__lheap_encode(p, &h, H5L__W_SO, H5L__W_SL);
    for (i = 0; i < n->u.g.nchildren; i++) memcpy(p + n->u.g.sorted[i]->name_off, n->u.g.sorted[i]->name, n->u.g.sorted[i]->name_len);
    /* symbol nodes: the children in name order, 2K to a node */
    for (s = 0; s < st->snod_count; s++) {
        h5l__ent ents[H5L__W_SNOD_ENTRIES];
        h5l__snod sn;
        uint64_t k, first = s * H5L__W_SNOD_ENTRIES, last = first + H5L__W_SNOD_ENTRIES;
        if (last > n->u.g.nchildren) last = n->u.g.nchildren;
        memset(ents, 0, sizeof ents);
        for (k = first; k < last; k++) {
            const h5l__wnode *c = n->u.g.sorted[k];
            h5l__ent *e = &ents[k - first];
            e->name_off = c->name_off;
            e->addr = h5l__w_target(c)->oh_addr;
            if (c->is_group && !c->u.g.compact) {
                e->cache = H5L__CACHE_STAB;
                e->btree = h5l__w_root_bt(c);
                e->heap = c->u.g.st->heap_addr;
            }
        }
        memset(&sn, 0, sizeof sn);
        sn.n = (unsigned)(last - first);
        sn.ev = ents;
        sn.leaf_k = H5L__W_LEAFK;
        h5l__snod_encode(o + (st->snod_addr + s * H5L__W_SNOD_SIZE - n->oh_addr), &sn, H5L__W_SO, H5L__W_SL);
    }
    /* B-tree nodes, level 0 first, each level left to right; key i of a
     * node is the largest name before child i's range */
    cnt = st->snod_count ? (st->snod_count + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN : 1;
    for (level = 0; level < st->bt_levels; level++) {
        uint64_t j, span_child = level ? h5l__w_span(level - 1) : 1;
        for (j = 0; j < cnt; j++) {
            uint64_t keys[H5L__W_BT_CHILDREN + 1], kids[H5L__W_BT_CHILDREN];
            uint64_t c0 = j * H5L__W_BT_CHILDREN, c1 = c0 + H5L__W_BT_CHILDREN, c, first_snod;
            uint64_t addr = st->bt_addr + (base + j) * H5L__W_BT_SIZE;
            h5l__btnode b;
            if (c1 > prev_cnt) c1 = prev_cnt;
            if (c0 > prev_cnt) c0 = prev_cnt;
            first_snod = c0 * span_child;
            keys[0] = first_snod ? h5l__w_key_after_snod(n, first_snod - 1) : 0;
            for (c = c0; c < c1; c++) {
                uint64_t last_snod;
                if (level == 0) {
                    kids[c - c0] = st->snod_addr + c * H5L__W_SNOD_SIZE;
                    last_snod = c;
                } else {
                    kids[c - c0] = st->bt_addr + (prev_base + c) * H5L__W_BT_SIZE;
                    last_snod = (span_child != UINT64_MAX && (c + 1) * span_child < st->snod_count) ? (c + 1) * span_child - 1
                                                                                                   : st->snod_count - 1;
                }
                keys[c - c0 + 1] = h5l__w_key_after_snod(n, last_snod);
            }
            memset(&b, 0, sizeof b);
            b.type = H5L__BTREE_GROUP;
            b.level = (unsigned)level;
            b.n = (unsigned)(c1 - c0);
            b.left = j ? addr - H5L__W_BT_SIZE : H5L_UNDEF;
            b.right = j + 1 < cnt ? addr + H5L__W_BT_SIZE : H5L_UNDEF;
            b.k = H5L__W_NODEK;
            b.kv = keys;
            b.cv = kids;
            h5l__btnode_encode(o + (addr - n->oh_addr), &b, H5L__W_SO, H5L__W_SL);
        }
        prev_base = base;
        prev_cnt = cnt;
        base += cnt;
        cnt = (cnt + H5L__W_BT_CHILDREN - 1) / H5L__W_BT_CHILDREN;
    }
}

/* Node n's object header and, for a symbol-table group, its B-tree, heap
 * and symbol nodes, into o: the zeroed bytes [n->oh_addr, n->end). */
static void h5l__w_encode_node(uint8_t *o, const h5l__wnode *n, const h5l__wgcols *gc)
{
    h5l__out out = h5l__o_start(o);
    if (n->dense) {
        h5l__w_dense_encode_node(o, n, gc);
        return;
    }
    h5l__w_oh_encode(&out, n, gc, NULL);
#ifdef H5L_DEBUG
    assert(out.n == n->oh_size);
#endif
    if (n->is_group && !n->u.g.compact) h5l__w_stab_encode(o, n);
}

static void h5l__w_free_all(h5l_writer *w)
{
    h5l_allocator a = w->alloc;
    struct h5l__wchunk *ck;
    for (ck = w->chunked; ck; ck = ck->next) {
        while (ck->bands) {
            h5l__wband *b = ck->bands;
            ck->bands = b->next;
            h5l__free(&a, b->buf);
            h5l__free(&a, b);
        }
        h5l__free(&a, ck->recs);
        if (ck->ew.a) h5l__ework_free(&ck->ew);
        if (ck->mu_ok) h5l__mutex_free(&ck->mu);
    }
    if (w->mu_ok) h5l__mutex_free(&w->mu);
    if (w->vmu_ok) h5l__mutex_free(&w->vmu);
    h5l__free(&a, w->vbuf);
    h5l__free(&a, w->types);
    h5l__wtables_free(w);
    h5l__arena_free(&w->ar);
    h5l__free(&a, w->hash);
    h5l__free(&a, w->dsets);
    h5l__free(&a, w->sorted_all);
    h5l__free(&a, w->target);
    h5l__free(&a, w->tmp);
    h5l__free(&a, w);
}

/* Release the file after a failure: unmap, close, remove the temporary. */
static void h5l__w_discard(h5l_writer *w)
{
    if (w->map) {
        (void)h5l__wf_unmap(&w->wf, w->map, w->file_size, 0, NULL);
        w->map = NULL;
    }
    if (w->file_open) {
        (void)h5l__wf_close(&w->wf, NULL);
        w->file_open = 0;
    }
    if (w->tmp) h5l__wf_remove(&w->wf, w->tmp);
}

static h5l_status h5l__w_layout_fail(h5l_writer *w, h5l_status st)
{
    w->state = H5L__W_FAILED;
    w->fail_code = st;
    return st;
}

/* ---- dense attribute storage -----------------------------------------------------
 * An object whose attributes cannot all be messages of a version-1 header --
 * a message body over H5L__W_V1_MSG_MAX bytes (the v1 size field is 16 bits,
 * 8-aligned), or a header over 4 GiB or 65535 messages -- keeps every one of
 * its attributes in dense storage, as libhdf5 does past its phase change:
 * a fractal heap holds the attribute messages (version 1, as in headers),
 * a v2 B-tree indexes them by name (type 8: hash, then the names' bytes, as
 * H5A__dense_btree2_name_compare orders them) and one by creation order
 * (type 9: declaration order, which hdf5lite's reader and h5py then report).
 * Other objects keep compact attributes as before (libhdf5's 8-attribute
 * phase change is a default, not a rule of the format).
 *
 * libhdf5 reads the attribute info message only in version-2 object headers
 * (H5A__get_ainfo is called for oh->version > 1), so such an object gets a
 * version-2 header ("OHDR", attribute creation order tracked and indexed):
 * the messages of its version-1 encoding without attributes, bodies kept
 * (8-aligned sizes are valid in v2), then the attribute info message. The
 * rest of the file keeps version-1 headers and the v0 superblock, as libhdf5
 * 1.10 itself writes for h5py's track_order=True groups.
 *
 * The heap has libhdf5's parameters for attributes (H5Adense.c): 8-byte heap
 * IDs, width 4, 1 KiB starting blocks, 64 KiB largest direct block, 40 heap
 * bits, 4 KiB largest managed object, checksummed direct blocks; index trees
 * have 512-byte nodes. Laid out after the object's header (and a group's
 * symbol table):
 *
 *   | OHDR | [B-tree, heap, SNODs] | FRHP | [FHIB] | FHDB ... | huge objects |
 *   | [huge-object BTHD + nodes] | name BTHD + nodes | creation-order BTHD + nodes |
 *
 * Messages of at most 4 KiB are managed objects, packed in declaration order
 * into the root's direct blocks: the root is one 1 KiB direct block when they
 * fit it, else an indirect block of up to 8 rows (32 blocks, 512 KiB); a block
 * too small for the next message is left unallocated (libhdf5 skips blocks
 * too). Larger messages, and any past those 512 KiB, are huge objects stored
 * whole: with 8-byte heap IDs an address and a length do not fit in the ID
 * (H5HF__huge_init), so libhdf5 finds them through the huge-object B-tree
 * (type 1: address, length, key), keys 1, 2, ... in declaration order.
 * ---------------------------------------------------------------------------------- */

#define H5L__W_V1_MSG_MAX 65528u        /* largest message body of a version-1 header */
#define H5L__W_FH_ID_LEN 8u             /* heap ID bytes (libhdf5's H5O_FHEAP_ID_LEN) */
#define H5L__W_FH_WIDTH 4u
#define H5L__W_FH_START 1024u
#define H5L__W_FH_MAXDIRECT 65536u
#define H5L__W_FH_BITS 40u
#define H5L__W_FH_MAXMAN 4096u
#define H5L__W_FH_OFFSZ 5u              /* heap offsets: (40 + 7) / 8 bytes */
#define H5L__W_FH_LENSZ 2u              /* managed lengths: bytes to encode min(64 KiB, 4 KiB) */
#define H5L__W_FH_ROWS 8u               /* direct rows: log2(64 KiB) - log2(1 KiB) + 2 */
#define H5L__W_FH_BLOCKS (H5L__W_FH_ROWS * H5L__W_FH_WIDTH)
#define H5L__W_FH_FLAGS 0x02u           /* direct blocks checksummed */
#define H5L__W_BT2_NODE 512u
#define H5L__W_REC_HUGE (H5L__W_SO + 2u * H5L__W_SL)
#define H5L__W_REC_NAME 17u
#define H5L__W_REC_CORDER 13u
#define H5L__W_AINFO_FLAGS 0x03u        /* creation order tracked and indexed */
#define H5L__W_AINFO_MF 0x04u           /* message flags libhdf5 gives it (don't share) */

typedef struct h5l__wdattr {
    const h5l__wattr *a;
    uint64_t size;               /* message body bytes */
    uint64_t at;                 /* managed: heap offset; huge: offset in the dense region */
    uint64_t key;                /* huge: key in the huge-object tree; managed: 0 */
    uint32_t hash;
    unsigned blk;                /* managed: direct block */
} h5l__wdattr;

typedef struct h5l__wdense {
    h5l__wdattr *v;              /* declaration (creation) order */
    h5l__wdattr **by_name;       /* name index order */
    uint64_t n, nhuge, huge_bytes, nman;
    uint64_t blk_used[H5L__W_FH_BLOCKS];   /* bytes of messages in each direct block; 0: not allocated */
    uint64_t blk_rel[H5L__W_FH_BLOCKS];    /* an allocated block's offset in the region */
    unsigned nblk;               /* blocks spanned: last allocated + 1 */
    unsigned cur_rows;           /* root indirect block rows; 0: block 0 is the root (or no managed message) */
    uint64_t r_ib, r_huge_bt, r_name_bt, r_corder_bt, size;   /* the region: offsets, size */
    uint64_t base;               /* its address (layout) */
    uint8_t *recs;               /* n records of the largest kind, for the trees (arena) */
    uint8_t *v1;                 /* the version-1 encoding without attributes (arena) */
    uint64_t v1_size;
    h5l__msg *msgs;              /* its messages, then the attribute info message */
    uint64_t *v1_at;             /* each message body's offset in v1 */
    size_t nmsgs;
    uint8_t ainfo[2 + 2 + 3 * H5L__W_SO];
    uint8_t *oh;                 /* chunked datasets: the v2 header as written, patched at finish */
    uint64_t oh_size;
} h5l__wdense;

/* Direct block k of the root, in doubling-table order: size and heap offset. */
static uint64_t h5l__w_fh_bsize(unsigned k)
{
    unsigned row = k / H5L__W_FH_WIDTH;
    return row < 2 ? (uint64_t)H5L__W_FH_START : (uint64_t)H5L__W_FH_START << (row - 1);
}
static uint64_t h5l__w_fh_boff(unsigned k)
{
    unsigned row = k / H5L__W_FH_WIDTH, col = k % H5L__W_FH_WIDTH;
    uint64_t row_off = row == 0 ? 0 : (uint64_t)H5L__W_FH_WIDTH * H5L__W_FH_START << (row - 1);
    return row_off + col * h5l__w_fh_bsize(k);
}

/* Does node n need dense attribute storage? */
static int h5l__w_dense_needed(const h5l__wnode *n)
{
    const h5l__wattr *a;
    uint64_t nm, ohs;
    if (!n->attrs) return 0;
    for (a = n->attrs; a; a = a->next)
        if (h5l__pad8(h5l__w_attr_encode(NULL, a, NULL)) > H5L__W_V1_MSG_MAX) return 1;
    ohs = h5l__w_oh_size(n, &nm);
    return ohs - H5L__OH_V1_PREFIX > 0xffffffffu || nm > 65535;
}

/* Name index order: the hash, then the names' bytes (strcmp). */
static int h5l__w_dense_name_cmp(const void *x, const void *y)
{
    const h5l__wdattr *a = *(const h5l__wdattr *const *)x, *b = *(const h5l__wdattr *const *)y;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return strcmp(a->a->name, b->a->name);
}

/* The messages of the version-1 encoding in d->v1 (the attribute info
 * message, last, keeps its place). */
static void h5l__w_dense_parse_v1(h5l__wdense *d)
{
    uint64_t at = H5L__OH_V1_PREFIX;
    size_t i = 0;
    while (at + H5L__OH_V1_MSGHDR <= d->v1_size) {
        h5l__msg *m = &d->msgs[i];
        memset(m, 0, sizeof *m);
        m->type = h5l__ld16(d->v1 + at);
        m->size = h5l__ld16(d->v1 + at + 2);
        m->flags = d->v1[at + 4];
        m->p = d->v1 + at + H5L__OH_V1_MSGHDR;
        d->v1_at[i++] = at + H5L__OH_V1_MSGHDR;
        at += H5L__OH_V1_MSGHDR + m->size;
    }
}

/* The v2 header of a dense node as a decoded header, for h5l__oh_encode. */
static void h5l__w_dense_oh_view(const h5l__wdense *d, h5l__oh *oh)
{
    memset(oh, 0, sizeof *oh);
    oh->version = 2;
    oh->flags = H5L__OHF_CORDER | H5L__OHF_CORDER_IDX;
    oh->refcount = 1;
    oh->msgs = d->msgs;
    oh->n = d->nmsgs;
}

/* Node n's dense storage: which messages are managed or huge, where each
 * structure goes in the region, the header's messages. */
static h5l_status h5l__w_dense_make(h5l_writer *w, h5l__wnode *n, h5l_error *err)
{
    h5l__wdense *d;
    const h5l__wattr *a;
    h5l__oh oh;
    uint64_t i, r, used = 0, nm = 0, key = 0, nrec;
    unsigned k = 0;
    char where[200];
    if (!(d = (h5l__wdense *)h5l__arena_alloc(&w->ar, sizeof *d))) goto nomem;
    n->dense = d;
    d->n = n->nattrs;
    nrec = d->n ? d->n : 1;
    if (nrec > SIZE_MAX / (H5L__W_REC_HUGE + sizeof *d->v + sizeof *d->by_name)) goto nomem;
    d->v = (h5l__wdattr *)h5l__arena_alloc(&w->ar, (size_t)nrec * sizeof *d->v);
    d->by_name = (h5l__wdattr **)h5l__arena_alloc(&w->ar, (size_t)nrec * sizeof *d->by_name);
    d->recs = (uint8_t *)h5l__arena_alloc(&w->ar, (size_t)nrec * H5L__W_REC_HUGE);
    if (!d->v || !d->by_name || !d->recs) goto nomem;
    for (a = n->attrs, i = 0; a; a = a->next, i++) {
        h5l__wdattr *e = &d->v[i];
        e->a = a;
        e->size = h5l__w_attr_encode(NULL, a, NULL);
        e->hash = h5l__lookup3(a->name, a->name_len, 0);
        d->by_name[i] = e;
        if (e->size <= H5L__W_FH_MAXMAN) {
            uint64_t pre = h5l__fhdb_prefix(H5L__W_SO, H5L__W_FH_OFFSZ, 1);
            while (k < H5L__W_FH_BLOCKS && used + e->size > h5l__w_fh_bsize(k) - pre) {
                k++;
                used = 0;
            }
            if (k < H5L__W_FH_BLOCKS) {
                e->blk = k;
                e->at = h5l__w_fh_boff(k) + pre + used;
                used += e->size;
                d->blk_used[k] = used;
                d->nblk = k + 1;
                d->nman++;
                continue;
            }
        }
        e->key = ++key;
        d->nhuge++;
        d->huge_bytes += e->size;
    }
    if (d->n > 1) qsort(d->by_name, (size_t)d->n, sizeof *d->by_name, h5l__w_dense_name_cmp);
    d->cur_rows = d->nblk > 1 ? (d->nblk - 1) / H5L__W_FH_WIDTH + 1 : 0;
    /* the region */
    {
        h5l__fhdr fh;
        h5l__fhib ib;
        memset(&fh, 0, sizeof fh);
        r = h5l__pad8(h5l__fhdr_encode(NULL, &fh, H5L__W_SO, H5L__W_SL));
        if (d->cur_rows) {
            memset(&ib, 0, sizeof ib);
            ib.off_size = H5L__W_FH_OFFSZ;
            ib.nrows = d->cur_rows;
            ib.width = H5L__W_FH_WIDTH;
            d->r_ib = r;
            r += h5l__pad8(h5l__fhib_encode(NULL, &ib, H5L__W_SO));
        }
    }
    for (k = 0; k < d->nblk; k++)
        if (d->blk_used[k]) {
            d->blk_rel[k] = r;
            r += h5l__w_fh_bsize(k);
        }
    for (i = 0; i < d->n; i++)
        if (d->v[i].key) {
            d->v[i].at = r;
            r += h5l__pad8(d->v[i].size);
        }
    d->r_huge_bt = r;
    if (d->nhuge) r += h5l__bt2_tree_encode(NULL, 0, 1, H5L__W_BT2_NODE, H5L__W_REC_HUGE, NULL, d->nhuge, H5L__W_SO, H5L__W_SL);
    d->r_name_bt = r;
    r += h5l__bt2_tree_encode(NULL, 0, 8, H5L__W_BT2_NODE, H5L__W_REC_NAME, NULL, d->n, H5L__W_SO, H5L__W_SL);
    d->r_corder_bt = r;
    r += h5l__bt2_tree_encode(NULL, 0, 9, H5L__W_BT2_NODE, H5L__W_REC_CORDER, NULL, d->n, H5L__W_SO, H5L__W_SL);
    d->size = r;
    /* the header: the v1 encoding skips attributes now that n->dense is set */
    {
        h5l__out o = h5l__o_start(NULL);
        h5l__w_oh_encode(&o, n, NULL, &nm);
        d->v1_size = o.n;
    }
    d->v1 = (uint8_t *)h5l__arena_alloc(&w->ar, (size_t)d->v1_size);
    d->msgs = (h5l__msg *)h5l__arena_alloc(&w->ar, (size_t)(nm + 1) * sizeof *d->msgs);
    d->v1_at = (uint64_t *)h5l__arena_alloc(&w->ar, (size_t)(nm + 1) * sizeof *d->v1_at);
    if (!d->v1 || !d->msgs || !d->v1_at) goto nomem;
    {
        /* the bodies' sizes do not depend on addresses: a symbol-table group's
         * (assigned later) can be zeros here */
        h5l__out o = h5l__o_start(d->v1);
        h5l__wstab none;
        int stab = n->is_group && !n->u.g.compact && !n->u.g.st;
        memset(&none, 0, sizeof none);
        none.bt_count = 1;
        if (stab) n->u.g.st = &none;
        h5l__w_oh_encode(&o, n, NULL, NULL);
        if (stab) n->u.g.st = NULL;
    }
    h5l__w_dense_parse_v1(d);
    d->nmsgs = (size_t)nm + 1;
    d->msgs[nm].type = H5L__M_AINFO;
    d->msgs[nm].flags = H5L__W_AINFO_MF;
    d->msgs[nm].p = d->ainfo;
    d->msgs[nm].size = h5l__info_encode(NULL, 1, H5L__W_AINFO_FLAGS, 0, 0, 0, 0, H5L__W_SO);
    h5l__w_dense_oh_view(d, &oh);
    d->oh_size = h5l__oh_encode(NULL, &oh);
    if (!n->is_group && n->u.d.ck && !(d->oh = (uint8_t *)h5l__arena_alloc(&w->ar, (size_t)d->oh_size))) goto nomem;
    return H5L_OK;
nomem:
    h5l__w_path(n, where, sizeof where);
    return h5l__w_nomem(err, where);
}

/* Layout step: which objects keep their attributes in dense storage. */
static h5l_status h5l__w_dense_plan(h5l_writer *w, h5l_error *err)
{
    h5l__wnode *n;
    h5l_status st = H5L_OK;
    for (n = w->root; n && st == H5L_OK; n = h5l__w_next_decl(n)) {
        n->dense = NULL;
        if (h5l__w_dense_needed(n)) st = h5l__w_dense_make(w, n, err);
    }
    return st;
}

/* Header size of a dense node (h5l__w_oh_size's answer for it). */
static uint64_t h5l__w_oh2_size(const h5l__wnode *n, uint64_t *nmsgs)
{
    if (nmsgs) *nmsgs = n->dense->nmsgs;
    return n->dense->oh_size;
}

/* Layout: the region after the header (and a group's symbol table). */
static void h5l__w_dense_place(h5l__wnode *n, h5l__wlay *L)
{
    n->dense->base = h5l__w_take(L, n->dense->size);
    n->end = L->pos;
}

/* A whole tree of the dense region: records from d->recs. */
static void h5l__w_dense_tree(uint8_t *reg, const h5l__wdense *d, uint64_t rel, unsigned type, unsigned rec_size, uint64_t nrec)
{
    h5l__bt2_tree_encode(reg + rel, d->base + rel, type, H5L__W_BT2_NODE, rec_size, d->recs, nrec, H5L__W_SO, H5L__W_SL);
}

/* Heap ID of message e. */
static void h5l__w_dense_id(const h5l__wdattr *e, uint8_t *id)
{
    if (e->key) h5l__fhid_huge(id, H5L__W_FH_ID_LEN, e->key);
    else h5l__fhid_managed(id, H5L__W_FH_ID_LEN, e->at, H5L__W_FH_OFFSZ, e->size, H5L__W_FH_LENSZ);
}

/* Node n (dense) into o, the zeroed bytes [n->oh_addr, n->end): its v2
 * header, a group's symbol table, the heap and the trees. */
static void h5l__w_dense_encode_node(uint8_t *o, const h5l__wnode *n, const h5l__wgcols *gc)
{
    h5l__wdense *d = n->dense;
    uint8_t *reg = o + (d->base - n->oh_addr), id[H5L__W_FH_ID_LEN];
    uint64_t i, child[H5L__W_FH_BLOCKS], free_bytes = 0, alloc = 0, last = 0;
    unsigned k;
    h5l__oh oh;
    h5l__fhdr fh;
    struct h5l__wchunk *ck = n->is_group ? NULL : n->u.d.ck;
    /* the header: the v1 encoding's messages with their addresses, the
     * attribute info message, then a chunked dataset's bodies found in it */
    {
        h5l__out v = h5l__o_start(d->v1);
        memset(d->v1, 0, (size_t)d->v1_size);
        h5l__w_oh_encode(&v, n, gc, NULL);
    }
    h5l__info_encode(d->ainfo, 1, H5L__W_AINFO_FLAGS, d->n, d->base, d->base + d->r_name_bt, d->base + d->r_corder_bt, H5L__W_SO);
    h5l__w_dense_oh_view(d, &oh);
    h5l__oh_encode(o, &oh);
    if (ck) {
        /* bodies keep their order: message j's body at the same index in v2 */
        uint64_t at = 6u + ((uint64_t)1 << (o[5] & H5L__OHF_SIZE_MASK)), s1 = ck->space_rel, l1 = ck->layout_rel;
        size_t j;
        for (j = 0; j < d->nmsgs; j++) {
            uint64_t body = at + 6u;     /* type, size, flags, creation order */
            if (j + 1 < d->nmsgs && d->v1_at[j] == s1) ck->space_rel = body;
            if (j + 1 < d->nmsgs && d->v1_at[j] == l1) ck->layout_rel = body;
            at = body + d->msgs[j].size;
        }
        memcpy(d->oh, o, (size_t)d->oh_size);
    }
    if (n->is_group && !n->u.g.compact) h5l__w_stab_encode(o, n);
    /* messages, then the blocks around them */
    for (i = 0; i < d->n; i++) {
        const h5l__wdattr *e = &d->v[i];
        uint8_t *p = e->key ? reg + e->at : reg + d->blk_rel[e->blk] + (e->at - h5l__w_fh_boff(e->blk));
        h5l__w_attr_encode(p, e->a, gc);
    }
    for (k = 0; k < H5L__W_FH_BLOCKS; k++) child[k] = H5L_UNDEF;
    for (k = 0; k < d->nblk; k++) {
        h5l__fhdb b;
        if (!d->blk_used[k]) continue;
        memset(&b, 0, sizeof b);
        b.heap_addr = d->base;
        b.block_off = h5l__w_fh_boff(k);
        b.size = h5l__w_fh_bsize(k);
        b.off_size = H5L__W_FH_OFFSZ;
        b.checksum = 1;
        h5l__fhdb_encode(reg + d->blk_rel[k], &b, H5L__W_SO);
        child[k] = d->base + d->blk_rel[k];
        free_bytes += b.size - h5l__fhdb_prefix(H5L__W_SO, H5L__W_FH_OFFSZ, 1) - d->blk_used[k];
        alloc += b.size;
        last = b.block_off + b.size;
    }
    if (d->cur_rows) {
        h5l__fhib ib;
        memset(&ib, 0, sizeof ib);
        ib.heap_addr = d->base;
        ib.off_size = H5L__W_FH_OFFSZ;
        ib.nrows = d->cur_rows;
        ib.width = H5L__W_FH_WIDTH;
        ib.child = child;
        h5l__fhib_encode(reg + d->r_ib, &ib, H5L__W_SO);
    }
    memset(&fh, 0, sizeof fh);
    fh.id_len = H5L__W_FH_ID_LEN;
    fh.flags = H5L__W_FH_FLAGS;
    fh.max_man = H5L__W_FH_MAXMAN;
    fh.next_huge = d->nhuge;
    fh.huge_bt2 = d->nhuge ? d->base + d->r_huge_bt : H5L_UNDEF;
    fh.free_space = free_bytes;
    fh.fs_addr = H5L_UNDEF;
    for (k = 0; k < d->cur_rows; k++) fh.man_size += H5L__W_FH_WIDTH * h5l__w_fh_bsize(k * H5L__W_FH_WIDTH);
    if (!d->cur_rows && d->nblk) fh.man_size = H5L__W_FH_START;
    fh.man_alloc = alloc;
    fh.iter_off = d->cur_rows ? last : 0;
    fh.n_man = d->nman;
    fh.huge_size = d->huge_bytes;
    fh.n_huge = d->nhuge;
    fh.width = H5L__W_FH_WIDTH;
    fh.start_block = H5L__W_FH_START;
    fh.max_dblock = H5L__W_FH_MAXDIRECT;
    fh.heap_bits = H5L__W_FH_BITS;
    fh.start_rows = 1;
    fh.root_addr = d->cur_rows ? d->base + d->r_ib : d->nblk ? child[0] : H5L_UNDEF;
    fh.cur_rows = d->cur_rows;
    h5l__fhdr_encode(reg, &fh, H5L__W_SO, H5L__W_SL);
    /* the trees: huge objects by key, messages by name, by creation order */
    if (d->nhuge) {
        uint64_t j = 0;
        for (i = 0; i < d->n; i++)
            if (d->v[i].key)
                h5l__bt2rec_huge_encode(d->recs + (j++) * H5L__W_REC_HUGE, d->base + d->v[i].at, d->v[i].size, d->v[i].key, H5L__W_SO, H5L__W_SL);
        h5l__w_dense_tree(reg, d, d->r_huge_bt, 1, H5L__W_REC_HUGE, d->nhuge);
    }
    for (i = 0; i < d->n; i++) {
        const h5l__wdattr *e = d->by_name[i];
        h5l__w_dense_id(e, id);
        h5l__bt2rec_aname_encode(d->recs + i * H5L__W_REC_NAME, id, 0, (uint32_t)(e - d->v), e->hash);
    }
    h5l__w_dense_tree(reg, d, d->r_name_bt, 8, H5L__W_REC_NAME, d->n);
    for (i = 0; i < d->n; i++) {
        h5l__w_dense_id(&d->v[i], id);
        h5l__bt2rec_acorder_encode(d->recs + i * H5L__W_REC_CORDER, id, 0, (uint32_t)i);
    }
    h5l__w_dense_tree(reg, d, d->r_corder_bt, 9, H5L__W_REC_CORDER, d->n);
}

/* At finish, a chunked dataset with dense attributes: its header's new
 * dataspace and layout bodies (B-tree at bt) and checksum, written whole. */
static h5l_status h5l__w_dense_patch(h5l_writer *w, const h5l__wnode *n, uint64_t bt, h5l_error *err)
{
    h5l__wdense *d = n->dense;
    const struct h5l__wchunk *ck = n->u.d.ck;
    h5l_space sp;
    h5l__layout ly;
    h5l__w_space_view(n, &sp);
    h5l__space_encode(d->oh + ck->space_rel, &sp, 1, 1, H5L__W_SL);
    h5l__w_layout_view(n, bt, &ly);
    h5l__layout_encode(d->oh + ck->layout_rel, &ly, H5L__W_SO, H5L__W_SL);
    h5l__st32(d->oh + d->oh_size - 4, h5l__lookup3(d->oh, (size_t)d->oh_size - 4, 0));
    return h5l__wf_pwrite(&w->wf, d->oh, (size_t)d->oh_size, n->oh_addr, err);
}

/* ---- the encoding window ------------------------------------------------------
 * Metadata is encoded in address order into a window of the file,
 * [base, base + cap), zeroed; asking for bytes beyond it writes out
 * everything before them and slides the window there (growing it when one
 * object is larger). Memory stays at one window whatever the metadata
 * size, and each write is at most H5L__W_META_PIECE: a file system with
 * large page-cache folios (ext4, xfs) sizes them by the write, and a reader
 * that maps the file later gets a whole folio resident for each byte it
 * touches, so one 12 MB write would make every header cost megabytes of
 * resident memory. */
#define H5L__W_META_PIECE ((uint64_t)256 * 1024)

typedef struct h5l__wenc {
    h5l_writer *w;
    uint8_t *win;
    uint64_t base;               /* file address of win[0] */
    size_t cap;
    h5l_status st;
} h5l__wenc;

static void h5l__wenc_init(h5l__wenc *E, h5l_writer *w)
{
    E->w = w;
    E->win = NULL;
    E->base = 0;
    E->cap = 0;
    E->st = H5L_OK;
}

/* Write [base, upto) out, in pieces; what lies beyond the window was never
 * asked for and stays a hole (zeros) in the new file. */
static h5l_status h5l__wenc_flush(h5l__wenc *E, uint64_t upto, h5l_error *err)
{
    uint64_t at = E->base;
    if (upto - E->base > E->cap) upto = E->base + E->cap;
    while (E->st == H5L_OK && at < upto) {
        uint64_t piece = upto - at < H5L__W_META_PIECE ? upto - at : H5L__W_META_PIECE;
        E->st = h5l__wf_pwrite(&E->w->wf, E->win + (at - E->base), (size_t)piece, at, err);
        at += piece;
    }
    return E->st;
}

/* Zeroed bytes for [addr, addr + size), addr at or after every earlier
 * request's; NULL (and E->st set) on failure. */
static uint8_t *h5l__wenc_at(h5l__wenc *E, uint64_t addr, uint64_t size, h5l_error *err)
{
    if (E->st != H5L_OK) return NULL;
    if (!E->win || addr + size > E->base + E->cap) {
        size_t want = H5L__W_META_PIECE;
        if (E->win && h5l__wenc_flush(E, addr, err) != H5L_OK) return NULL;
        if (size > (uint64_t)SIZE_MAX - 4096u) {
            E->st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: metadata object of %llu bytes", E->w->target,
                              (unsigned long long)size);
            return NULL;
        }
        if (size > want) want = (size_t)size;
        if (want > E->cap) {
            h5l__free(&E->w->alloc, E->win);
            E->win = (uint8_t *)h5l__malloc(&E->w->alloc, want);
            E->cap = E->win ? want : 0;
            if (!E->win) {
                E->st = h5l__w_nomem(err, E->w->target);
                return NULL;
            }
        }
        memset(E->win, 0, E->cap);
        E->base = addr;
    }
    return E->win + (addr - E->base);
}

static void h5l__wenc_free(h5l__wenc *E)
{
    h5l__free(&E->w->alloc, E->win);
    E->win = NULL;
}


/* Layout step 1: every group's children in bytewise name order (the
 * sorted arrays share w->sorted_all); which groups keep their links in the
 * header (compact). */
static h5l_status h5l__w_sort_children(h5l_writer *w, h5l_error *err)
{
    h5l__wnode *n;
    size_t fill = 0, ents_cap = 0;
    h5l__wsortent *ents = NULL;
    if (w->nnodes > SIZE_MAX / sizeof(h5l__wnode *)) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: too many objects", w->target);
    h5l__free(&w->alloc, w->sorted_all);
    w->sorted_all = (h5l__wnode **)h5l__malloc(&w->alloc, (size_t)w->nnodes * sizeof(h5l__wnode *));
    if (!w->sorted_all) return h5l__w_nomem(err, w->target);
    for (n = w->root; n; n = h5l__w_next_decl(n)) {
        h5l__wnode *c;
        uint64_t k = 0;
        if (!n->is_group) continue;
        n->u.g.sorted = w->sorted_all + fill;
        if (n->u.g.nchildren > 1 && n->u.g.nchildren > ents_cap) {
            h5l__free(&w->alloc, ents);
            ents_cap = 0;
            ents = n->u.g.nchildren <= SIZE_MAX / (2 * sizeof *ents)
                       ? (h5l__wsortent *)h5l__malloc(&w->alloc, 2 * (size_t)n->u.g.nchildren * sizeof *ents) : NULL;
            if (!ents) return h5l__w_nomem(err, w->target);
            ents_cap = (size_t)n->u.g.nchildren;
        }
        if (n->u.g.nchildren > 1) {
            for (c = n->u.g.first; c; c = c->next, k++) {
                ents[k].key = h5l__w_name_key(c->name, c->name_len);
                ents[k].n = c;
            }
            h5l__w_sort_ents(ents, ents + ents_cap, (size_t)k);
            for (k = 0; k < n->u.g.nchildren; k++) n->u.g.sorted[k] = ents[k].n;
        } else if (n->u.g.first) {
            n->u.g.sorted[0] = n->u.g.first;
        }
        fill += (size_t)n->u.g.nchildren;
        n->u.g.compact = n != w->root && n->u.g.nchildren <= H5L__W_COMPACT_MAX;
        for (k = 0; k < n->u.g.nchildren; k++) {
            n->u.g.sorted[k]->sidx = k;
            if (n->u.g.sorted[k]->name_len > H5L__W_COMPACT_NAME) n->u.g.compact = 0;
        }
        for (k = 0; k < n->u.g.nchildren; k++)   /* soft and external links need link messages */
            if (n->u.g.sorted[k]->lkind == H5L__WN_SOFT || n->u.g.sorted[k]->lkind == H5L__WN_EXT) n->u.g.compact = 1;
    }
    h5l__free(&w->alloc, ents);
    return H5L_OK;
}

/* Layout step 2: the vlen strings of all attributes into global heap
 * collections of about H5L__W_GCOL_TARGET bytes (at least 4096 each). */
static h5l_status h5l__w_pack_gcols(h5l_writer *w, h5l__wgcols *gc, h5l_error *err)
{
    h5l__wnode *n;
    uint64_t i;
    for (n = w->root; n; n = h5l__w_next_sorted(n)) {
        h5l__wattr *a;
        for (a = n->attrs; a; a = a->next) {
            if (!a->strs) continue;
            for (i = 0; i < H5L__W_NV(a); i++) {
                uint64_t os = h5l__gcol_obj_encode(NULL, 1, a->lens[i], NULL, H5L__W_SL);
                h5l__wgcol *g = gc->n ? &gc->v[gc->n - 1] : NULL;
                if (a->dt && !a->strs[i]) {     /* a NULL element refers to no object */
                    a->gcol[i] = 0;
                    a->gidx[i] = 0;
                    continue;
                }
                if (!g || g->nobj >= 65535 || (g->nobj && g->used + os > H5L__W_GCOL_TARGET)) {
                    if (h5l__grow(&w->alloc, (void **)&gc->v, &gc->cap, gc->n + 1, sizeof *gc->v) != 0) return h5l__w_nomem(err, w->target);
                    g = &gc->v[gc->n++];
                    memset(g, 0, sizeof *g);
                }
                g->nobj++;
                g->used += os;
                a->gcol[i] = (uint32_t)(gc->n - 1);
                a->gidx[i] = g->nobj;
            }
        }
    }
    for (i = 0; i < gc->n; i++) {
        /* header, objects and at least the free-space object's header */
        uint64_t s = h5l__pad8(h5l__gcol_encode(NULL, 0, H5L__W_SL) + gc->v[i].used + h5l__gcol_obj_encode(NULL, 0, 0, NULL, H5L__W_SL));
        gc->v[i].size = s < H5L__GCOL_MIN ? H5L__GCOL_MIN : s;
    }
    return H5L_OK;
}

/* Layout step 3: addresses -- superblock, then every object (depth first,
 * name order) with a symbol-table group's B-tree nodes, local heap and
 * symbol nodes, then the collections, then every dataset's data on a
 * 64-byte boundary (declaration order). */
static h5l_status h5l__w_assign(h5l_writer *w, h5l__wgcols *gc, uint64_t *meta_end, uint64_t *file_end, h5l_error *err)
{
    h5l__wnode *n;
    h5l__wlay L;
    uint64_t pos, i;
    L.pos = H5L__W_SB_SIZE;
    L.ovf = 0;
    for (n = w->root; n; n = h5l__w_next_sorted(n)) {
        uint64_t nm, ohs;
        if (H5L__WN_IS_LINK(n)) {             /* no object of its own */
            n->oh_addr = H5L_UNDEF;
            n->end = L.pos;
            continue;
        }
        ohs = h5l__w_oh_size(n, &nm);
        if (ohs - H5L__OH_V1_PREFIX > 0xffffffffu || nm > 65535) {
            char where[200];
            h5l__w_path(n, where, sizeof where);
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: object header too large", where);
        }
        n->oh_addr = h5l__w_take(&L, ohs);
        n->oh_size = ohs;
        n->nmsgs = (uint32_t)nm;
        if (n->is_group && !n->u.g.compact) {
            uint64_t off = 8, k;
            h5l__wstab *st = (h5l__wstab *)h5l__arena_alloc(&w->ar, sizeof *st);
            if (!(n->u.g.st = st)) return h5l__w_nomem(err, w->target);
            st->snod_count = (n->u.g.nchildren + H5L__W_SNOD_ENTRIES - 1) / H5L__W_SNOD_ENTRIES;
            h5l__w_btree_shape(st->snod_count, &st->bt_count, &st->bt_levels);
            if (st->bt_levels > 255) L.ovf = 1;
            st->bt_addr = h5l__w_take(&L, st->bt_count * H5L__W_BT_SIZE);
            for (k = 0; k < n->u.g.nchildren; k++) {     /* offset 0 of the heap holds "" */
                n->u.g.sorted[k]->name_off = off;
                off += h5l__pad8(n->u.g.sorted[k]->name_len + 1);
            }
            st->heap_seg = off;
            st->heap_addr = h5l__w_take(&L, h5l__lheap_hdr_size(H5L__W_SO, H5L__W_SL) + off);
            st->snod_addr = h5l__w_take(&L, st->snod_count * H5L__W_SNOD_SIZE);
        }
        n->end = L.pos;
        if (n->dense) h5l__w_dense_place(n, &L);
    }
    for (i = 0; i < gc->n; i++) gc->v[i].addr = h5l__w_take(&L, gc->v[i].size);
    *meta_end = pos = L.pos;
    for (i = 0; i < w->ndsets && !L.ovf; i++) {
        h5l__wnode *d = w->dsets[i];
        if (!d->u.d.data_size || d->u.d.ck) {
            d->u.d.data_addr = H5L_UNDEF;
            continue;
        }
        if (h5l__add_ovf(pos, H5L__W_ALIGN - 1, &pos)) { L.ovf = 1; break; }
        pos &= ~(uint64_t)(H5L__W_ALIGN - 1);
        d->u.d.data_addr = pos;
        if (h5l__add_ovf(pos, d->u.d.data_size, &pos)) L.ovf = 1;
    }
    if (L.ovf || pos > (uint64_t)INT64_MAX)
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: the file would be larger than 2^63 bytes", w->target);
    *file_end = pos;
    return H5L_OK;
}

/* The superblock the writer writes: version 0, h5py's sizes and K values,
 * the root group's symbol table cached in its entry. */
static void h5l__w_superblock(const h5l_writer *w, uint64_t file_end, h5l__sb *sb)
{
    memset(sb, 0, sizeof *sb);
    sb->version = 0;
    sb->so = H5L__W_SO;
    sb->sl = H5L__W_SL;
    sb->leaf_k = H5L__W_LEAFK;
    sb->node_k = H5L__W_NODEK;
    sb->chunk_k = H5L__DEF_CHUNK_K;
    sb->base = 0;
    sb->ext_addr = H5L_UNDEF;
    sb->eof = file_end;
    sb->driver_addr = H5L_UNDEF;
    sb->root.name_off = 0;
    sb->root.addr = w->root->oh_addr;
    if (w->root->u.g.compact) {               /* links in the root's header: nothing to cache */
        sb->root.cache = H5L__CACHE_NONE;
        return;
    }
    sb->root.cache = H5L__CACHE_STAB;
    sb->root.btree = h5l__w_root_bt(w->root);
    sb->root.heap = w->root->u.g.st->heap_addr;
}

/* Layout step 4: the metadata in address order through the encoding
 * window: superblock, objects, then the collections (header, objects in
 * index order, free space). */
static h5l_status h5l__w_encode_meta(h5l_writer *w, h5l__wenc *E, const h5l__wgcols *gc, uint64_t file_end, h5l_error *err)
{
    h5l__wnode *n;
    h5l__sb sb;
    uint8_t *p, *g0 = NULL;
    size_t cur = (size_t)-1;
    uint64_t used = 0, i, gh = h5l__gcol_encode(NULL, 0, H5L__W_SL);
    h5l__w_superblock(w, file_end, &sb);
    if ((p = h5l__wenc_at(E, 0, H5L__W_SB_SIZE, err)) != NULL) h5l__superblock_encode(p, &sb);
    for (n = w->root; n && E->st == H5L_OK; n = h5l__w_next_sorted(n))
        if (!H5L__WN_IS_LINK(n) && (p = h5l__wenc_at(E, n->oh_addr, n->end - n->oh_addr, err)) != NULL) h5l__w_encode_node(p, n, gc);
    for (n = w->root; n && E->st == H5L_OK; n = h5l__w_next_sorted(n)) {
        h5l__wattr *a;
        for (a = n->attrs; a && E->st == H5L_OK; a = a->next) {
            if (!a->strs) continue;
            for (i = 0; i < H5L__W_NV(a) && E->st == H5L_OK; i++) {
                if (!a->gidx[i]) continue;
                if (a->gcol[i] != cur) {
                    if (g0) h5l__gcol_obj_encode(g0 + gh + used, 0, gc->v[cur].size - gh - used, NULL, H5L__W_SL);
                    cur = a->gcol[i];
                    used = 0;
                    g0 = h5l__wenc_at(E, gc->v[cur].addr, gc->v[cur].size, err);
                    if (!g0) break;
                    h5l__gcol_encode(g0, gc->v[cur].size, H5L__W_SL);
                }
                used += h5l__gcol_obj_encode(g0 + gh + used, a->gidx[i], a->lens[i], a->strs[i], H5L__W_SL);
            }
        }
    }
    if (g0 && E->st == H5L_OK) h5l__gcol_obj_encode(g0 + gh + used, 0, gc->v[cur].size - gh - used, NULL, H5L__W_SL);
    return E->st;
}

/* Layout step 5: write out what is left of the metadata, size the file,
 * reserve the data's blocks and map the file, as the flags ask. */
static h5l_status h5l__w_size_map(h5l_writer *w, h5l__wenc *E, uint64_t meta_end, uint64_t file_end, h5l_error *err)
{
    int reserved = 0;
    h5l_status st = h5l__wenc_flush(E, meta_end, err);
    if (st == H5L_OK) st = h5l__wf_set_size(&w->wf, file_end, err);
    w->file_size = file_end;
    if (st == H5L_OK && !(w->flags & H5L_WRITE_SPARSE) &&
        (!(w->flags & H5L_WRITE_NO_MMAP) || h5l__wf_allocates_blocks(&w->wf)))
        st = h5l__wf_reserve(&w->wf, meta_end, file_end - meta_end, &reserved, err);
    if (st == H5L_OK && !(w->flags & H5L_WRITE_NO_MMAP)) {
        void *m = NULL;
        if (!reserved) st = h5l__wf_space_check(&w->wf, file_end - meta_end, err);
        if (st == H5L_OK) st = h5l__wf_map(&w->wf, file_end, reserved, &m, err);
        w->map = (uint8_t *)m;
    }
    return st;
}

h5l_status h5l_writer_layout(h5l_writer *w, h5l_error *err)
{
    h5l__wgcols gc = {NULL, 0, 0};
    uint64_t meta_end = 0, file_end = 0;
    h5l__wenc E;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_layout", err)) != H5L_OK) return st;
    st = h5l__w_sort_children(w, err);
    if (st == H5L_OK) st = h5l__w_resolve(w, err);
    if (st == H5L_OK && !w->vmu_ok) {
        if (h5l__mutex_init(&w->vmu) != 0) st = h5l__w_nomem(err, w->target);
        else w->vmu_ok = 1;
    }
    if (st == H5L_OK) st = h5l__w_pack_gcols(w, &gc, err);
    if (st == H5L_OK) st = h5l__w_dense_plan(w, err);
    if (st == H5L_OK) st = h5l__w_assign(w, &gc, &meta_end, &file_end, err);
    if (st != H5L_OK) {
        h5l__free(&w->alloc, gc.v);
        return st;
    }
    h5l__wenc_init(&E, w);
    st = h5l__w_encode_meta(w, &E, &gc, file_end, err);
    h5l__free(&w->alloc, gc.v);
    if (st == H5L_OK) st = h5l__w_size_map(w, &E, meta_end, file_end, err);
    h5l__wenc_free(&E);
    if (st != H5L_OK) {
        h5l__w_prefix(err, w->target);
        return h5l__w_layout_fail(w, st);
    }
    w->eof = file_end;
    w->state = H5L__W_LAID_OUT;
    return H5L_OK;
}

/* ---- after layout ------------------------------------------------------------ */

static h5l__wnode *h5l__w_dset(const h5l_writer *w, h5l_dset d)
{
    if (!w || w->state != H5L__W_LAID_OUT || (size_t)d >= w->ndsets) return NULL;
    return w->dsets[d];
}

void *h5l_writer_ptr(h5l_writer *w, h5l_dset d)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    if (!n || !w->map || !n->u.d.data_size || n->u.d.ck || n->u.d.vfields) return NULL;   /* vlen: written through the heap only */
    return w->map + n->u.d.data_addr;
}

uint64_t h5l_writer_offset(const h5l_writer *w, h5l_dset d)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    if (!n || !n->u.d.data_size || n->u.d.ck) return H5L_NO_OFFSET;
    return n->u.d.data_addr;
}

uint64_t h5l_writer_size(const h5l_writer *w, h5l_dset d)
{
    if (!w || (size_t)d >= w->ndsets) return 0;
    return w->dsets[d]->u.d.data_size;
}

const char *h5l_writer_temp_path(const h5l_writer *w) { return w ? w->tmp : NULL; }

h5l_type_code h5l_writer_dset_type(const h5l_writer *w, h5l_dset d)
{
    if (!w || (size_t)d >= w->ndsets) return 0;
    return w->dsets[d]->u.d.type;          /* 0 when declared with an h5l_dtype */
}

/* ---- chunked datasets: rows into bands, bands into chunks --------------------- */

/* The writer has failed (a chunk could not be written): finish reports it. */
static void h5l__w_set_failed(h5l_writer *w, h5l_status st)
{
    h5l__mutex_lock(&w->mu);
    if (w->state != H5L__W_FAILED) {
        w->state = H5L__W_FAILED;
        w->fail_code = st;
    }
    h5l__mutex_unlock(&w->mu);
}

/* n bytes at the end of the file: their address in *addr. */
static h5l_status h5l__w_take_eof(void *ctx, uint64_t n, uint64_t *addr, h5l_error *err)
{
    h5l_writer *w = (h5l_writer *)ctx;
    h5l_status st = H5L_OK;
    h5l__mutex_lock(&w->mu);
    if (w->eof > (uint64_t)INT64_MAX - n) st = h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: the file would be larger than 2^63 bytes", w->target);
    else {
        *addr = w->eof;
        w->eof += n;
    }
    h5l__mutex_unlock(&w->mu);
    return st;
}

static h5l_status h5l__w_put(void *ctx, const void *p, size_t n, uint64_t addr, h5l_error *err)
{
    return h5l__wf_pwrite(&((h5l_writer *)ctx)->wf, p, n, addr, err);
}

/* Chunk number c of a band (its position among the band's chunks, row-major
 * over the inner dims) from the band's rows into dst (chunk_bytes); parts
 * past the dataset's inner dims are zeros. */
static void h5l__w_band_chunk(const h5l__wchunk *ck, const h5l__wnode *n, const uint8_t *band, uint64_t c, uint8_t *dst)
{
    const h5l__cgeom *g = &ck->g;
    unsigned r = g->rank, d;
    uint64_t s[H5L_MAX_RANK], idx[H5L_MAX_RANK], stride[H5L_MAX_RANK], lines = 1, line_el, l;
    uint64_t esz = g->esize, last_cd = g->cdim[r - 1];
    for (d = r; d-- > 1;) {
        s[d] = c % g->nch[d];
        c /= g->nch[d];
    }
    s[0] = 0;
    stride[r - 1] = esz;
    for (d = r - 1; d-- > 0;) stride[d] = stride[d + 1] * (d + 1 < r ? n->u.d.dims[d + 1] : 1);
    for (d = 0; d + 1 < r; d++) lines *= g->cdim[d];
    line_el = n->u.d.dims[r - 1] - s[r - 1] * last_cd;
    if (line_el > last_cd) line_el = last_cd;
    memset(dst, 0, (size_t)ck->chunk_bytes);
    memset(idx, 0, sizeof idx);
    for (l = 0; l < lines; l++) {
        int inside = 1;
        uint64_t off = s[r - 1] * last_cd * esz;
        for (d = 0; d + 1 < r; d++) {
            uint64_t e = s[d] * g->cdim[d] + idx[d];
            if (d > 0 && e >= n->u.d.dims[d]) inside = 0;
            off += e * stride[d];
        }
        if (inside) memcpy(dst + l * last_cd * esz, band + off, (size_t)(line_el * esz));
        for (d = r - 1; d-- > 0;) {           /* odometer over the chunk's lines */
            if (++idx[d] < g->cdim[d]) break;
            idx[d] = 0;
        }
    }
}

/* Filter and write every chunk of band b, and record them. */
static h5l_status h5l__w_band_write(h5l_writer *w, h5l__wchunk *ck, const h5l__wband *b, h5l_error *err)
{
    h5l__ework own, *ew = &own;
    uint8_t *cbuf = NULL;
    uint64_t c;
    unsigned d;
    int whole = 1;
    h5l_status st = H5L_OK;
    memset(&own, 0, sizeof own);
    for (d = 1; d < ck->g.rank; d++)
        if (ck->g.cdim[d] != ck->node->u.d.dims[d]) whole = 0;   /* one chunk per band: the band is the chunk */
    h5l__mutex_lock(&ck->mu);
    if (!ck->ew_busy) {
        ck->ew_busy = 1;
        ew = &ck->ew;
    }
    h5l__mutex_unlock(&ck->mu);
    if (ew == &own || !ew->a) h5l__ework_init(ew, &w->alloc, (size_t)ck->chunk_bytes);
    if (!whole && !(cbuf = (uint8_t *)h5l__malloc(&w->alloc, (size_t)ck->chunk_bytes)))
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for a chunk of %llu bytes", (unsigned long long)ck->chunk_bytes);
    for (c = 0; c < ck->per_band && st == H5L_OK; c++) {
        const uint8_t *res = b->buf;
        size_t resn = (size_t)ck->chunk_bytes;
        uint32_t mask = 0;
        uint64_t addr = 0;
        if (!whole) {
            h5l__w_band_chunk(ck, ck->node, b->buf, c, cbuf);
            res = cbuf;
        }
        if (ck->nf) st = h5l__pline_forward(ck->fl, ck->nf, res, resn, ew, &res, &resn, &mask, err);
        if (st == H5L_OK) st = h5l__w_take_eof(w, resn, &addr, err);
        if (st == H5L_OK) st = h5l__wf_pwrite(&w->wf, res, resn, addr, err);
        if (st != H5L_OK) break;
        h5l__mutex_lock(&ck->mu);
        if (h5l__grow(&w->alloc, (void **)&ck->recs, &ck->rcap, ck->nrecs + 1, sizeof *ck->recs) != 0) {
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for the chunk index");
        } else {
            h5l__crec *rc = &ck->recs[ck->nrecs++];
            rc->lin = b->idx * ck->per_band + c;
            rc->addr = addr;
            rc->size = (uint32_t)resn;
            rc->mask = mask;
        }
        h5l__mutex_unlock(&ck->mu);
    }
    h5l__free(&w->alloc, cbuf);
    if (ew == &own) h5l__ework_free(&own);
    else {
        h5l__mutex_lock(&ck->mu);
        ck->ew_busy = 0;
        h5l__mutex_unlock(&ck->mu);
    }
    return st;
}

static void h5l__w_band_free(h5l_writer *w, h5l__wband *b)
{
    if (!b) return;
    h5l__free(&w->alloc, b->buf);
    h5l__free(&w->alloc, b);
}

/* h5l_writer_write() into a chunked dataset. */
static h5l_status h5l__w_write_chunked(h5l_writer *w, h5l__wnode *n, uint64_t first, uint64_t count, const uint8_t *buf,
                                       h5l_error *err)
{
    h5l__wchunk *ck = n->u.d.ck;
    uint64_t R = ck->band_rows, rb = n->u.d.row_bytes, end, lim;
    char where[200];
    h5l_status st = H5L_OK;
    lim = ck->extendible ? (rb ? (uint64_t)INT64_MAX / rb : UINT64_MAX) : n->u.d.rows;
    if (h5l__add_ovf(first, count, &end) || end > lim) {
        h5l__w_path(n, where, sizeof where);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rows [%llu, +%llu) outside [0, %llu)", where,
                         (unsigned long long)first, (unsigned long long)count, (unsigned long long)lim);
    }
    if (count == 0) return H5L_OK;
    if (!buf) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: buf is NULL");
    while (first < end && st == H5L_OK) {
        uint64_t bi = first / R, r0 = first - bi * R, k = R - r0 < end - first ? R - r0 : end - first, need = R;
        h5l__wband *b, **pp;
        int complete = 0, twice = 0;
        if (!ck->extendible && n->u.d.rows - bi * R < R) need = n->u.d.rows - bi * R;
        h5l__mutex_lock(&ck->mu);
        for (pp = &ck->bands; *pp && (*pp)->idx != bi; pp = &(*pp)->next) {}
        if (!(b = *pp)) {
            b = (h5l__wband *)h5l__calloc(&w->alloc, sizeof *b);
            if (b && !(b->buf = (uint8_t *)h5l__calloc(&w->alloc, (size_t)ck->band_bytes))) {
                h5l__free(&w->alloc, b);
                b = NULL;
            }
            if (b) {
                b->idx = bi;
                b->next = ck->bands;
                ck->bands = b;
            }
        }
        h5l__mutex_unlock(&ck->mu);
        if (!b) {
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for a band of %llu bytes", (unsigned long long)ck->band_bytes);
            break;
        }
        memcpy(b->buf + r0 * rb, buf, (size_t)(k * rb));
        h5l__mutex_lock(&ck->mu);
        b->filled += k;
        if (end > ck->rows_hi) ck->rows_hi = first + k > ck->rows_hi ? first + k : ck->rows_hi;
        if (b->filled > need) twice = 1;
        else if (b->filled == need) {
            complete = 1;
            for (pp = &ck->bands; *pp != b; pp = &(*pp)->next) {}
            *pp = b->next;
        }
        h5l__mutex_unlock(&ck->mu);
        if (twice) {
            h5l__w_path(n, where, sizeof where);
            st = h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rows of band %llu written twice", where, (unsigned long long)bi);
        } else if (complete) {
            st = h5l__w_band_write(w, ck, b, err);
            h5l__w_band_free(w, b);
        }
        buf += k * rb;
        first += k;
    }
    if (st != H5L_OK) {
        if (err && st != H5L_EINVAL) {
            h5l__w_path(n, where, sizeof where);
            h5l__w_prefix(err, where);
        }
        h5l__w_set_failed(w, st);
    }
    return st;
}

static int h5l__w_crec_cmp(const void *a, const void *b)
{
    uint64_t x = ((const h5l__crec *)a)->lin, y = ((const h5l__crec *)b)->lin;
    return x < y ? -1 : x > y;
}

/* At finish: write the partial bands, the B-tree, and patch the dataspace
 * and layout message bodies of chunked dataset ck. */
static h5l_status h5l__w_chunked_close(h5l_writer *w, h5l__wchunk *ck, h5l_error *err)
{
    h5l__wnode *n = ck->node;
    h5l__cbt_sink sink;
    uint64_t root = H5L_UNDEF;
    uint8_t body[16 + 16 * H5L_MAX_RANK + 8];
    h5l_space sp;
    h5l__layout ly;
    size_t i, len;
    h5l_status st = H5L_OK;
    while (ck->bands && st == H5L_OK) {
        h5l__wband *b = ck->bands;
        ck->bands = b->next;
        st = h5l__w_band_write(w, ck, b, err);
        h5l__w_band_free(w, b);
    }
    if (st != H5L_OK) return st;
    if (ck->extendible && ck->rows_hi > n->u.d.dims[0]) {
        n->u.d.dims[0] = n->u.d.rows = ck->rows_hi;
        n->u.d.data_size = ck->rows_hi * n->u.d.row_bytes;
    }
    if (ck->nrecs > 1) qsort(ck->recs, ck->nrecs, sizeof *ck->recs, h5l__w_crec_cmp);   /* (qsort's base may not be NULL) */
    for (i = 1; i < ck->nrecs; i++)
        if (ck->recs[i].lin == ck->recs[i - 1].lin)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "rows of band %llu written twice",
                             (unsigned long long)(ck->recs[i].lin / ck->per_band));
    sink.ctx = w;
    sink.take = h5l__w_take_eof;
    sink.write = h5l__w_put;
    if (ck->nrecs && (st = h5l__cbt_write(&ck->g, ck->recs, ck->nrecs, &sink, &w->alloc, &root, err)) != H5L_OK) return st;
    h5l__w_space_view(n, &sp);
    len = h5l__space_encode(body, &sp, 1, 1, H5L__W_SL);
    st = h5l__wf_pwrite(&w->wf, body, len, n->oh_addr + ck->space_rel, err);
    h5l__w_layout_view(n, root, &ly);
    len = h5l__layout_encode(body, &ly, H5L__W_SO, H5L__W_SL);
    if (st == H5L_OK) st = h5l__wf_pwrite(&w->wf, body, len, n->oh_addr + ck->layout_rel, err);
    if (st == H5L_OK && n->dense) st = h5l__w_dense_patch(w, n, root, err);
    return st;
}

/* At finish: every chunked dataset closed, then the superblock's end of file. */
static h5l_status h5l__w_chunked_finish(h5l_writer *w, h5l_error *err)
{
    h5l__wchunk *ck;
    h5l__sb sb;
    uint8_t p[H5L__W_SB_SIZE];
    h5l_status st = H5L_OK;
    char where[200];
    if (w->vmu_ok) {                           /* the last collection of vlen values */
        h5l__mutex_lock(&w->vmu);
        st = h5l__w_vheap_flush(w, err);
        h5l__mutex_unlock(&w->vmu);
        if (st != H5L_OK) return st;
    }
    if (!w->chunked && w->eof == w->file_size) return H5L_OK;
    for (ck = w->chunked; ck && st == H5L_OK; ck = ck->next)
        if (ck->node && (st = h5l__w_chunked_close(w, ck, err)) != H5L_OK && err) {
            h5l__w_path(ck->node, where, sizeof where);
            h5l__w_prefix(err, where);
        }
    if (st != H5L_OK) return st;
    h5l__w_superblock(w, w->eof, &sb);
    h5l__superblock_encode(p, &sb);
    return h5l__wf_pwrite(&w->wf, p, sizeof p, 0, err);
}

static h5l_status h5l__w_write_raw(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const void *buf, h5l_error *err)
{
    h5l__wnode *n;
    uint64_t end, off, bytes;
    char where[200];
    h5l_status st;
    h5l__clear(err);
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: writer is NULL");
    if (w->state != H5L__W_LAID_OUT) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: call h5l_writer_layout first");
    if ((size_t)d >= w->ndsets) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: no dataset %u", (unsigned)d);
    n = w->dsets[d];
    if (n->u.d.ck) return h5l__w_write_chunked(w, n, first, count, (const uint8_t *)buf, err);
    if (h5l__add_ovf(first, count, &end) || end > n->u.d.rows) {
        h5l__w_path(n, where, sizeof where);
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: rows [%llu, +%llu) outside [0, %llu)", where,
                         (unsigned long long)first, (unsigned long long)count, (unsigned long long)n->u.d.rows);
    }
    if (count == 0 || n->u.d.data_size == 0) return H5L_OK;
    if (!buf) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: buf is NULL");
    bytes = count * n->u.d.row_bytes;        /* <= data_size: no overflow */
    off = n->u.d.data_addr + first * n->u.d.row_bytes;
    if (bytes > (uint64_t)SIZE_MAX) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: too many bytes at once");
    st = h5l__wf_pwrite(&w->wf, buf, (size_t)bytes, off, err);
    if (st != H5L_OK && err) {
        h5l__w_path(n, where, sizeof where);
        h5l__w_prefix(err, where);
    }
    return st;
}

/* ---- chunks filtered and placed by others (MPI ranks: examples/mpi_table.c) ---- */

/* The chunked dataset d of w (declared; laid out or not), or NULL. */
static h5l__wchunk *h5l__w_ck(const h5l_writer *w, h5l_dset d)
{
    if (!w || (size_t)d >= w->ndsets || !w->dsets[d]) return NULL;
    return w->dsets[d]->u.d.ck;
}

h5l_status h5l_writer_chunk_shape(const h5l_writer *w, h5l_dset d, uint64_t *rows, uint64_t *bytes, h5l_error *err)
{
    const h5l__wchunk *ck = h5l__w_ck(w, d);
    h5l__clear(err);
    if (!ck) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_shape: dataset %u is not a chunked one", (unsigned)d);
    if (rows) *rows = ck->band_rows;
    if (bytes) *bytes = ck->chunk_bytes;
    return H5L_OK;
}

h5l_status h5l_writer_chunk_filter(h5l_writer *w, h5l_dset d, const void *chunk, void *out, size_t cap, size_t *out_n,
                                   uint32_t *mask, h5l_error *err)
{
    h5l__wchunk *ck = h5l__w_ck(w, d);
    h5l__ework ew;
    const uint8_t *res = (const uint8_t *)chunk;
    size_t resn;
    uint32_t m = 0;
    h5l_status st = H5L_OK;
    h5l__clear(err);
    if (out_n) *out_n = 0;
    if (!ck) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_filter: dataset %u is not a chunked one", (unsigned)d);
    if (!chunk || !out || !out_n || !mask) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_filter: NULL argument");
    if (ck->chunk_bytes > (uint64_t)SIZE_MAX - 4 || cap < (size_t)ck->chunk_bytes + 4)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_filter: cap %zu < the chunk's %llu bytes + 4", cap,
                         (unsigned long long)ck->chunk_bytes);
    resn = (size_t)ck->chunk_bytes;
    memset(&ew, 0, sizeof ew);
    if (ck->nf) {
        h5l__ework_init(&ew, &w->alloc, resn);
        st = h5l__pline_forward(ck->fl, ck->nf, res, resn, &ew, &res, &resn, &m, err);
    }
    if (st == H5L_OK && resn > cap) st = h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_filter: %zu bytes > cap", resn);
    if (st == H5L_OK) {
        memmove(out, res, resn);
        *out_n = resn;
        *mask = m;
    }
    if (ck->nf) h5l__ework_free(&ew);
    return st;
}

h5l_status h5l_writer_reserve(h5l_writer *w, uint64_t n, uint64_t *addr, h5l_error *err)
{
    h5l__clear(err);
    if (!w || !addr) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_reserve: NULL argument");
    if (w->state != H5L__W_LAID_OUT) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_reserve: call h5l_writer_layout first");
    return h5l__w_take_eof(w, n, addr, err);
}

h5l_status h5l_writer_chunk_add(h5l_writer *w, h5l_dset d, uint64_t first_row, uint64_t addr, uint32_t size, uint32_t mask,
                                h5l_error *err)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    h5l__wchunk *ck = n ? n->u.d.ck : NULL;
    uint64_t end, eof;
    char where[200];
    h5l_status st = H5L_OK;
    h5l__clear(err);
    if (!ck) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_chunk_add: dataset %u is not a chunked one, or no layout yet", (unsigned)d);
    h5l__w_path(n, where, sizeof where);
    if (ck->per_band != 1) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: its chunks do not span the inner dimensions", where);
    if (first_row % ck->band_rows || (!ck->extendible && first_row >= n->u.d.dims[0]))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: row %llu does not start a chunk", where, (unsigned long long)first_row);
    h5l__mutex_lock(&w->mu);
    eof = w->eof;
    h5l__mutex_unlock(&w->mu);
    if (size == 0 || mask >= (1u << ck->nf) || h5l__add_ovf(addr, size, &end) || addr < H5L__W_SB_SIZE || end > eof)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: chunk at %llu (%u bytes, mask 0x%x) outside the file or pipeline", where,
                         (unsigned long long)addr, size, mask);
    h5l__mutex_lock(&ck->mu);
    if (h5l__grow(&w->alloc, (void **)&ck->recs, &ck->rcap, ck->nrecs + 1, sizeof *ck->recs) != 0) {
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: no memory for the chunk index", where);
    } else {
        h5l__crec *rc = &ck->recs[ck->nrecs++];
        uint64_t hi = first_row + ck->band_rows;
        rc->lin = first_row / ck->band_rows;
        rc->addr = addr;
        rc->size = size;
        rc->mask = mask;
        if (ck->extendible && hi > ck->rows_hi) ck->rows_hi = hi;
    }
    h5l__mutex_unlock(&ck->mu);
    return st;
}

/* ---- any type, any space, links, named types (hdf5lite.h section 5) ------------
 * A type given as an h5l_dtype is checked for shape (pointers, depth,
 * classes; a VLEN only at the top, object references only), encoded as it
 * will be stored, and decoded back into the writer's arena as a reader would
 * decode it: the copy is what the file will hold, and a type the reader
 * would refuse is refused here. */

/* in_vlen: t is (inside) the base of a VLEN. region_ok: a top-level
 * dataset-region reference is allowed (h5l_repack copies them). */
static h5l_status h5l__w_dtype_shape(const h5l_dtype *t, unsigned depth, int in_vlen, int region_ok, const char *where, h5l_error *err)
{
    uint32_t i;
    if (!t) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a datatype is NULL", where);
    if (depth > H5L__MAX_TYPE_DEPTH) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: datatype nested too deeply", where);
    if (t->size == 0 || t->size > 0xffffffffu)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: datatype size %llu", where, h5l__ull(t->size));
    switch (t->cls) {
    case H5L_CLASS_INTEGER: case H5L_CLASS_FLOAT: case H5L_CLASS_TIME: case H5L_CLASS_STRING: case H5L_CLASS_BITFIELD:
        return H5L_OK;
    case H5L_CLASS_OPAQUE:
        if (!t->tag) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: opaque type without a tag (use \"\")", where);
        return H5L_OK;
    case H5L_CLASS_REFERENCE:
        if (t->ref_type == 1 && region_ok && !depth && t->size == H5L__W_SO + 4u) return H5L_OK;
        if (t->ref_type != 0)
            return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: dataset-region references cannot be written", where);
        if (t->size != H5L__W_SO) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: an object reference is 8 bytes", where);
        return H5L_OK;
    case H5L_CLASS_COMPOUND:
    case H5L_CLASS_ENUM:
        if (t->nmembers && !t->members) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: members is NULL", where);
        if (t->nmembers > 65535) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: more than 65535 members", where);
        if (t->cls == H5L_CLASS_ENUM) {
            h5l_status st;
            if (!t->base || t->base->cls != H5L_CLASS_INTEGER || t->base->size != t->size)
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: an enum's base must be an integer of its size", where);
            if ((st = h5l__w_dtype_shape(t->base, depth + 1, in_vlen, 0, where, err)) != H5L_OK) return st;
        }
        for (i = 0; i < t->nmembers; i++) {
            const h5l_member *mb = &t->members[i];
            if (!mb->name) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: member %u has no name", where, i);
            if (t->cls == H5L_CLASS_ENUM) {
                if (!mb->value) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: enum member %s has no value", where, mb->name);
            } else {
                h5l_status st = h5l__w_dtype_shape(mb->type, depth + 1, in_vlen, 0, where, err);
                if (st != H5L_OK) return st;
                if (mb->offset > t->size || mb->type->size > t->size - mb->offset)
                    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: member %s does not fit the compound", where, mb->name);
            }
        }
        return H5L_OK;
    case H5L_CLASS_ARRAY: {
        uint64_t n = 1;
        unsigned k;
        h5l_status st;
        if (!t->base || (t->array_rank && !t->array_dims) || t->array_rank > H5L_MAX_RANK)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: array type without base or dims", where);
        if ((st = h5l__w_dtype_shape(t->base, depth + 1, in_vlen, 0, where, err)) != H5L_OK) return st;
        for (k = 0; k < t->array_rank; k++)
            if (h5l__mul_ovf(n, t->array_dims[k], &n)) n = UINT64_MAX;
        if (h5l__mul_ovf(n, t->base->size, &n) || n != t->size)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: array size is not dims x base size", where);
        return H5L_OK;
    }
    case H5L_CLASS_VLEN:
        if (in_vlen)
            return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: a variable-length type inside another cannot be written", where);
        if (t->size != 4u + H5L__W_SO + 4u) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a vlen element is 16 bytes", where);
        if (!t->base) {
            if (!t->is_vlen_string || depth)
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: vlen without base (only a top-level string may leave it out)", where);
            return H5L_OK;
        }
        return h5l__w_dtype_shape(t->base, depth + 1, 1, 0, where, err);
    default:
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: datatype class %u", where, (unsigned)t->cls);
    }
}

/* Check t and copy it (as a reader decodes its encoding) into the arena. */
static h5l_status h5l__w_dtype_copy(h5l_writer *w, const h5l_dtype *t, const char *where, const h5l_dtype **out, h5l_error *err)
{
    h5l_dtype top, uc, *res = NULL;
    h5l_file fake;
    uint8_t *buf;
    size_t n;
    h5l_status st = h5l__w_dtype_shape(t, 0, 0, w->region_ok, where, err);
    if (st != H5L_OK) return st;
    top = *t;
    if (top.cls == H5L_CLASS_VLEN && !top.base) {   /* a vlen string's base: unsigned char */
        memset(&uc, 0, sizeof uc);
        uc.cls = H5L_CLASS_INTEGER;
        uc.size = 1;
        uc.precision = 8;
        uc.array_dims = h5l__zero_dims;
        uc.tag = "";
        top.base = &uc;
    }
    n = h5l__dtype_encode(NULL, &top, 0, H5L__W_SO);
    if (n > 65000) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: datatype too large for a message (%zu bytes)", where, n);
    buf = (uint8_t *)h5l__arena_alloc(&w->ar, n);     /* kept: the decoded type points into it (enum values) */
    if (!buf) return h5l__w_nomem(err, where);
    h5l__dtype_encode(buf, &top, 0, H5L__W_SO);
    memset(&fake, 0, sizeof fake);
    fake.alloc = w->alloc;
    fake.so = H5L__W_SO;
    fake.sl = H5L__W_SL;
    st = h5l__dtype_decode(&fake, &w->ar, buf, n, H5L_NO_OFFSET, &res, err);
    if (st != H5L_OK) {
        if (err) h5l__w_prefix(err, where);
        if (st != H5L_ENOMEM) {
            st = H5L_EINVAL;
            if (err) err->code = st;
        }
        return st;
    }
    *out = res;
    return H5L_OK;
}

/* Every field of class cls (VLEN or REFERENCE) in one element of t at p --
 * the element itself, members of compounds, elements of arrays, at any
 * depth, never inside a VLEN's base: fn(ctx, field type, field bytes).
 * Stops at fn's first non-zero return and returns it. */
typedef int (*h5l__field_fn)(void *ctx, const h5l_dtype *t, uint8_t *p);
static int h5l__fields(const h5l_dtype *t, h5l_class cls, uint8_t *p, unsigned depth, h5l__field_fn fn, void *ctx)
{
    uint32_t i;
    int rc = 0;
    if (!t || depth > H5L__MAX_TYPE_DEPTH) return 0;
    if (t->cls == cls) return fn(ctx, t, p);
    if (t->cls == H5L_CLASS_COMPOUND) {
        for (i = 0; i < t->nmembers && !rc; i++)
            if (t->members[i].type && t->members[i].offset <= t->size) rc = h5l__fields(t->members[i].type, cls, p + t->members[i].offset, depth + 1, fn, ctx);
    } else if (t->cls == H5L_CLASS_ARRAY && t->base && t->base->size) {
        uint64_t k, n = t->size / t->base->size;
        for (k = 0; k < n && !rc; k++) rc = h5l__fields(t->base, cls, p + k * t->base->size, depth + 1, fn, ctx);
    }
    return rc;
}

/* Fields of class cls in one element of t (0: none), as h5l__fields visits them. */
static uint64_t h5l__nfields(const h5l_dtype *t, h5l_class cls, unsigned depth)
{
    uint64_t n = 0, k;
    uint32_t i;
    if (!t || depth > H5L__MAX_TYPE_DEPTH) return 0;
    if (t->cls == cls) return 1;
    if (t->cls == H5L_CLASS_COMPOUND) {
        for (i = 0; i < t->nmembers; i++)
            if (t->members[i].type && t->members[i].offset <= t->size) n += h5l__nfields(t->members[i].type, cls, depth + 1);
    } else if (t->cls == H5L_CLASS_ARRAY && t->base && t->base->size) {
        k = h5l__nfields(t->base, cls, depth + 1);
        n = k ? k * (t->size / t->base->size) : 0;
    }
    return n;
}

/* A VLEN field's value as the caller gave it: an h5l_vlen at the start of
 * the field's 16 bytes (memory form, see h5l_writer_write). */
typedef char h5l__vlen_fits_a_field[sizeof(h5l_vlen) <= 16 ? 1 : -1];

/* A committed type declared with h5l_writer_datatype: its node, or NULL. */
static h5l__wnode *h5l__w_named_of(const h5l_writer *w, const h5l_dtype *t)
{
    size_t i;
    for (i = 0; t && i < w->ntypes; i++)
        if (w->types[i]->u.d.dt == t) return w->types[i];
    return NULL;
}

/* The stored type of a declaration: a committed type's (shared), or a
 * checked copy of t. */
static h5l_status h5l__w_decl_type(h5l_writer *w, const h5l_dtype *t, const char *where, const h5l_dtype **out, h5l__wnode **named,
                                   h5l_error *err)
{
    *named = h5l__w_named_of(w, t);
    if (*named) {
        *out = t;
        return H5L_OK;
    }
    return h5l__w_dtype_copy(w, t, where, out, err);
}

/* Vlen fields given in memory form: checked, taken into an attribute, or
 * placed in heap collections for a dataset (h5l__fields callbacks). */
typedef struct h5l__wvc {
    h5l_writer *w;
    h5l__wattr *a;               /* take: the attribute, its data holding the fields */
    uint64_t k;                  /* take: next field */
    int bad;
    h5l_status st;               /* place */
    h5l_error *err;
} h5l__wvc;

/* The h5l_vlen in a field, and its bytes; 0 if it cannot be stored. */
static int h5l__wvc_get(const h5l_dtype *t, const uint8_t *p, h5l_vlen *v, uint64_t *bytes)
{
    memcpy(v, p, sizeof *v);
    if (v->len > 0xffffffffu || h5l__mul_ovf(v->len, t->base ? t->base->size : 1, bytes) || *bytes > (uint64_t)SIZE_MAX / 2 ||
        (*bytes && !v->p))
        return 0;
    return 1;
}

static int h5l__wvc_check(void *ctx, const h5l_dtype *t, uint8_t *p)
{
    h5l_vlen v;
    uint64_t b;
    if (!h5l__wvc_get(t, p, &v, &b)) ((h5l__wvc *)ctx)->bad = 1;
    return ((h5l__wvc *)ctx)->bad;
}

static int h5l__wvc_take(void *ctx, const h5l_dtype *t, uint8_t *p)
{
    h5l__wvc *c = (h5l__wvc *)ctx;
    h5l__wattr *a = c->a;
    h5l_vlen v;
    uint64_t b = 0, k = c->k++;
    (void)h5l__wvc_get(t, p, &v, &b);          /* checked before */
    a->voff[k] = (uint64_t)(p - a->data);
    a->vcnt[k] = (uint32_t)v.len;
    a->lens[k] = (size_t)b;
    a->strs[k] = NULL;
    if (v.p) {
        char *q = (char *)h5l__arena_alloc(&c->w->ar, b ? (size_t)b : 1);
        if (!q) return c->bad = 1;
        if (b) memcpy(q, v.p, (size_t)b);
        a->strs[k] = q;
    }
    memset(p, 0, 16);
    return 0;
}

static h5l_status h5l__w_vheap_put(h5l_writer *w, const void *p, uint64_t b, uint64_t *addr, uint32_t *idx, h5l_error *err);

/* A dataset's field: value into the heap, the reference in its place (caller holds vmu). */
static int h5l__wvc_place(void *ctx, const h5l_dtype *t, uint8_t *p)
{
    h5l__wvc *c = (h5l__wvc *)ctx;
    h5l_vlen v;
    uint64_t b, addr = 0;
    uint32_t idx = 0;
    h5l__out o = h5l__o_start(p);
    if (!h5l__wvc_get(t, p, &v, &b)) {
        c->st = h5l__fail(c->err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write: a vlen field too long or NULL");
        return 1;
    }
    if (v.p && (c->st = h5l__w_vheap_put(c->w, v.p, b, &addr, &idx, c->err)) != H5L_OK) return 1;
    h5l__o_u32(&o, (uint32_t)v.len);
    h5l__o_un(&o, addr, H5L__W_SO);
    h5l__o_u32(&o, idx);
    return 0;
}

static h5l_status h5l__w_write_raw(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const void *buf, h5l_error *err);

h5l_status h5l_writer_write(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const void *buf,
                            h5l_error *err)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    uint8_t *tmp;
    uint64_t per, rows_per, row = 0, e;
    h5l_status st = H5L_OK;
    if (!n || !n->u.d.vfields || !count || !buf) return h5l__w_write_raw(w, d, first, count, buf, err);
    /* memory form: vlen fields hold h5l_vlen values; placed, then written as references */
    h5l__clear(err);
    if (first > n->u.d.rows || count > n->u.d.rows - first)
        return h5l__w_write_raw(w, d, first, count, buf, err);   /* its range error */
    rows_per = ((uint64_t)1 << 20) / (n->u.d.row_bytes ? n->u.d.row_bytes : 1);
    if (!rows_per) rows_per = 1;
    if (rows_per > count) rows_per = count;
    if (rows_per * n->u.d.row_bytes > (uint64_t)SIZE_MAX / 2 || !(tmp = (uint8_t *)h5l__malloc(&w->alloc, (size_t)(rows_per * n->u.d.row_bytes))))
        return h5l__w_nomem(err, w->target);
    per = n->u.d.row_bytes / n->u.d.dt->size;
    while (row < count && st == H5L_OK) {
        uint64_t nr = count - row < rows_per ? count - row : rows_per;
        h5l__wvc c;
        memset(&c, 0, sizeof c);
        c.w = w;
        c.err = err;
        memcpy(tmp, (const uint8_t *)buf + row * n->u.d.row_bytes, (size_t)(nr * n->u.d.row_bytes));
        h5l__mutex_lock(&w->vmu);
        for (e = 0; e < nr * per && c.st == H5L_OK; e++) (void)h5l__fields(n->u.d.dt, H5L_CLASS_VLEN, tmp + e * n->u.d.dt->size, 0, h5l__wvc_place, &c);
        h5l__mutex_unlock(&w->vmu);
        st = c.st;
        if (st == H5L_OK) st = h5l__w_write_raw(w, d, first + row, nr, tmp, err);
        row += nr;
    }
    h5l__free(&w->alloc, tmp);
    if (st != H5L_OK) h5l__w_set_failed(w, st);
    return st;
}

h5l_status h5l_writer_datatype(h5l_writer *w, const char *path, const h5l_dtype *type, const h5l_dtype **out, h5l_error *err)
{
    h5l__wnode *parent, *n;
    const char *name = NULL;
    size_t len = 0;
    const h5l_dtype *copy;
    h5l_status st;
    h5l__clear(err);
    if (out) *out = NULL;
    if ((st = h5l__w_check_open(w, "h5l_writer_datatype", err)) != H5L_OK) return st;
    if (!path || !out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_datatype: path or out is NULL");
    if ((st = h5l__w_dtype_copy(w, type, path, &copy, err)) != H5L_OK) return st;
    st = h5l__w_walk(w, path, 0, 1, &parent, &name, &len, err);   /* syntax check only */
    if (st != H5L_OK && st != H5L_ENOTFOUND) return st;
    if ((st = h5l__w_walk(w, path, 1, 1, &parent, &name, &len, err)) != H5L_OK) return st;
    if (h5l__w_lookup(w, parent, name, len)) return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: name already exists", path);
    if (h5l__grow(&w->alloc, (void **)&w->types, &w->tcap, w->ntypes + 1, sizeof *w->types) != 0) return h5l__w_nomem(err, path);
    if ((st = h5l__w_new_child(w, parent, name, len, 0, &n, err)) != H5L_OK) return st;
    n->lkind = H5L__WN_TYPE;
    n->u.d.dt = copy;
    w->types[w->ntypes++] = n;
    *out = copy;
    return H5L_OK;
}

h5l_status h5l_writer_dataset_t(h5l_writer *w, const char *path, const h5l_dtype *type, const h5l_space *space,
                                const h5l_chunking *chunking, h5l_dset *out, h5l_error *err)
{
    const h5l_dtype *t = NULL;
    h5l__wnode *named = NULL, *n;
    h5l_status st;
    unsigned rank;
    h5l__clear(err);
    if (out) *out = H5L_NO_DSET;
    if ((st = h5l__w_check_open(w, "h5l_writer_dataset_t", err)) != H5L_OK) return st;
    if (!path || !space) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_dataset_t: path or space is NULL");
    if (space->kind != H5L_SPACE_SCALAR && space->kind != H5L_SPACE_NULL && space->kind != H5L_SPACE_SIMPLE)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: bad dataspace kind %d", path, (int)space->kind);
    rank = space->kind == H5L_SPACE_SIMPLE ? space->rank : 0;
    if (space->kind == H5L_SPACE_SIMPLE && (rank == 0 || rank > H5L_MAX_RANK || !space->dims))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a simple dataspace needs rank 1..%d and dims", path, H5L_MAX_RANK);
    if (space->kind == H5L_SPACE_NULL && chunking) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a null dataspace has no chunks", path);
    if ((st = h5l__w_decl_type(w, type, path, &t, &named, err)) != H5L_OK) return st;
    /* declared as raw bytes of the type's size, then given the type */
    st = h5l__w_dataset_api(w, "h5l_writer_dataset_t", path, H5L_T_STR(t->size), rank, space->dims, chunking, out, err);
    if (st != H5L_OK) return st;
    n = w->dsets[w->ndsets - 1];
    n->u.d.dt = t;
    n->u.d.named = named;
    if (named) named->xrefs++;
    n->u.d.vbase = t->cls == H5L_CLASS_VLEN ? (t->base ? t->base->size : 1) : 0;
    n->u.d.vfields = h5l__nfields(t, H5L_CLASS_VLEN, 0);
    if (space->kind == H5L_SPACE_NULL) {
        n->u.d.null_space = 1;
        n->u.d.data_size = 0;
        n->u.d.rows = 0;
    }
    return H5L_OK;
}

h5l_status h5l_writer_attr_t(h5l_writer *w, const char *objpath, const char *name, const h5l_dtype *type,
                             const h5l_space *space, const void *values, h5l_error *err)
{
    const h5l_dtype *t = NULL;
    h5l__wnode *named = NULL, *o = NULL;
    h5l__wattr *a = NULL;
    h5l_status st;
    uint64_t n = 1, i, nbytes;
    unsigned rank, k;
    int nested;
    char where[200];
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_attr_t", err)) != H5L_OK) return st;
    if (!objpath || !name || !space) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_attr_t: NULL argument");
    if ((st = h5l__w_walk(w, objpath, 0, 0, &o, NULL, NULL, err)) != H5L_OK) return st;
    if (H5L__WN_IS_LINK(o)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a link holds no attributes", objpath);
    h5l__w_path(o, where, sizeof where);
    if (space->kind != H5L_SPACE_SCALAR && space->kind != H5L_SPACE_NULL && space->kind != H5L_SPACE_SIMPLE)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: bad dataspace kind", where, name);
    rank = space->kind == H5L_SPACE_SIMPLE ? space->rank : 0;
    if (space->kind == H5L_SPACE_SIMPLE && (rank == 0 || rank > H5L_MAX_RANK || !space->dims))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: a simple dataspace needs rank 1..%d and dims", where, name,
                         H5L_MAX_RANK);
    for (k = 0; k < rank; k++)
        if (h5l__mul_ovf(n, space->dims[k], &n)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: too large", where, name);
    if (space->kind == H5L_SPACE_NULL) n = 0;
    if ((st = h5l__w_decl_type(w, type, where, &t, &named, err)) != H5L_OK) return st;
    if (h5l__mul_ovf(n, t->size, &nbytes) || nbytes > (uint64_t)SIZE_MAX / 2)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: too large for memory", where, name);
    if (n && !values) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: values is NULL", where, name);
    nested = t->cls != H5L_CLASS_VLEN && h5l__nfields(t, H5L_CLASS_VLEN, 0) > 0;
    if (t->cls != H5L_CLASS_REFERENCE && h5l__nfields(t, H5L_CLASS_REFERENCE, 0))
        return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: attribute %s: object references inside a compound or array attribute "
                         "cannot be written (their addresses are known only after layout)", where, name);
    if (nested) {                      /* memory form: each vlen field holds an h5l_vlen; checked first */
        h5l__wvc c;
        memset(&c, 0, sizeof c);
        c.err = err;
        for (i = 0; i < n && !c.bad; i++) (void)h5l__fields(t, H5L_CLASS_VLEN, (uint8_t *)values + i * t->size, 0, h5l__wvc_check, &c);
        if (c.bad) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: a vlen field too long or NULL", where, name);
    }
    if (t->cls == H5L_CLASS_VLEN) {   /* every element checked before anything is declared */
        const h5l_vlen *v = (const h5l_vlen *)values;
        uint64_t vb = t->base ? t->base->size : 1, b;
        for (i = 0; i < n; i++) {
            if (h5l__mul_ovf(v[i].len, vb, &b) || v[i].len > 0xffffffffu || b > (uint64_t)SIZE_MAX / 2)
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: element %llu too long", where, name, h5l__ull(i));
            if (b && !v[i].p) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: attribute %s: element %llu is NULL", where, name, h5l__ull(i));
        }
    }
    /* declared as a one-byte placeholder (name checks, order), then given its type, space and values */
    st = h5l__w_attr_add(w, o, name, H5L_T_STR(1), 0, 1, "", NULL, &a, err);
    if (st != H5L_OK) return st;
    a->type = H5L_T_STR(t->size);
    a->data = NULL;
    a->data_size = 0;
    a->dt = t;
    a->named = named;
    a->kind = space->kind;
    a->rank = rank;
    a->n = n;
    if (rank > 1) {
        if (!(a->dims = (uint64_t *)h5l__arena_alloc(&w->ar, rank * sizeof *a->dims))) return h5l__w_nomem(err, where);
        memcpy(a->dims, space->dims, rank * sizeof *a->dims);
    }
    if (t->cls == H5L_CLASS_VLEN) {
        const h5l_vlen *v = (const h5l_vlen *)values;
        a->vbase = t->base ? t->base->size : 1;
        a->strs = (const char **)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->strs);
        a->lens = (size_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->lens);
        a->gcol = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gcol);
        a->gidx = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->gidx);
        if (!a->strs || !a->lens || !a->gcol || !a->gidx) return h5l__w_nomem(err, where);
        for (i = 0; i < n; i++) {
            uint64_t b = v[i].len * a->vbase;   /* checked above */
            a->lens[i] = (size_t)b;
            a->strs[i] = NULL;                 /* NULL: a NULL element (no heap object) */
            if (!v[i].p) continue;
            if (!(a->strs[i] = (const char *)h5l__arena_alloc(&w->ar, b ? (size_t)b : 1))) return h5l__w_nomem(err, where);
            if (b) memcpy((char *)a->strs[i], v[i].p, (size_t)b);
        }
    } else if (t->cls == H5L_CLASS_REFERENCE) {
        const char *const *paths = (const char *const *)values;
        if (t->ref_type != 0) return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: attribute %s: region references cannot be written", where, name);
        a->refs = (const char **)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->refs);
        a->refn = (h5l__wnode **)h5l__arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *a->refn);
        if (!a->refs || !a->refn) return h5l__w_nomem(err, where);
        for (i = 0; i < n; i++) {
            a->refn[i] = NULL;
            a->refs[i] = paths[i] ? h5l__arena_strndup(&w->ar, paths[i], strlen(paths[i])) : NULL;
            if (paths[i] && !a->refs[i]) return h5l__w_nomem(err, where);
        }
    } else {
        a->data_size = nbytes;
        if (!(a->data = (uint8_t *)h5l__arena_alloc(&w->ar, nbytes ? (size_t)nbytes : 1))) return h5l__w_nomem(err, where);
        if (nbytes) memcpy(a->data, values, (size_t)nbytes);
        if (nested) {                  /* take the vlen fields out of the data */
            h5l__wvc c;
            uint64_t nv = n * h5l__nfields(t, H5L_CLASS_VLEN, 0);
            memset(&c, 0, sizeof c);
            c.w = w;
            c.a = a;
            a->nv = nv;
            a->strs = (const char **)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->strs);
            a->lens = (size_t *)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->lens);
            a->gcol = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->gcol);
            a->gidx = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->gidx);
            a->voff = (uint64_t *)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->voff);
            a->vcnt = (uint32_t *)h5l__arena_alloc(&w->ar, (size_t)(nv ? nv : 1) * sizeof *a->vcnt);
            if (!a->strs || !a->lens || !a->gcol || !a->gidx || !a->voff || !a->vcnt) return h5l__w_nomem(err, where);
            for (i = 0; i < n && !c.bad; i++) (void)h5l__fields(t, H5L_CLASS_VLEN, a->data + i * t->size, 0, h5l__wvc_take, &c);
            if (c.bad) return h5l__w_nomem(err, where);
        }
    }
    if (named) named->xrefs++;
    return H5L_OK;
}

h5l_status h5l_writer_link(h5l_writer *w, const char *path, h5l_link_type type, const char *target, const char *ext_file,
                           h5l_error *err)
{
    h5l__wnode *parent, *n;
    const char *name = NULL;
    size_t len = 0;
    h5l_status st;
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_writer_link", err)) != H5L_OK) return st;
    if (!path || !target || (type == H5L_LINK_EXTERNAL && !ext_file))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_link: NULL path, target or file");
    if (type != H5L_LINK_HARD && type != H5L_LINK_SOFT && type != H5L_LINK_EXTERNAL)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: link type %d cannot be written", path, (int)type);
    if (strlen(target) > 65000 || (ext_file && strlen(ext_file) > 65000))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: link target too long", path);
    st = h5l__w_walk(w, path, 0, 1, &parent, &name, &len, err);   /* syntax check only */
    if (st != H5L_OK && st != H5L_ENOTFOUND) return st;
    if ((st = h5l__w_walk(w, path, 1, 1, &parent, &name, &len, err)) != H5L_OK) return st;
    if (h5l__w_lookup(w, parent, name, len)) return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: name already exists", path);
    if ((st = h5l__w_new_child(w, parent, name, len, 0, &n, err)) != H5L_OK) return st;
    n->lkind = type == H5L_LINK_HARD ? H5L__WN_HARD : type == H5L_LINK_SOFT ? H5L__WN_SOFT : H5L__WN_EXT;
    n->u.l.target = h5l__arena_strndup(&w->ar, target, strlen(target));
    n->u.l.file = ext_file ? h5l__arena_strndup(&w->ar, ext_file, strlen(ext_file)) : NULL;
    if (!n->u.l.target || (ext_file && !n->u.l.file)) return h5l__w_nomem(err, path);
    return H5L_OK;
}

/* Layout step 1b: hard links and the object references of attributes find
 * their objects (every declaration is in by now). */
static h5l_status h5l__w_resolve(h5l_writer *w, h5l_error *err)
{
    h5l__wnode *n;
    for (n = w->root; n; n = h5l__w_next_decl(n)) {
        h5l__wattr *a;
        uint64_t i;
        h5l_status st;
        if (n->lkind == H5L__WN_HARD) {
            h5l__wnode *t = NULL;
            char where[200];
            h5l__w_path(n, where, sizeof where);
            if ((st = h5l__w_walk(w, n->u.l.target, 0, 0, &t, NULL, NULL, err)) != H5L_OK) {
                if (err) h5l__w_prefix(err, where);
                return st;
            }
            while (t->lkind == H5L__WN_HARD && t != n && t->u.l.to) t = t->u.l.to;
            if (t == n || H5L__WN_IS_LINK(t))
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: hard link to %s, which is no object", where, n->u.l.target);
            n->u.l.to = t;
            t->xrefs++;
        }
        for (a = n->attrs; a; a = a->next)
            for (i = 0; a->refs && i < a->n; i++) {
                h5l__wnode *t = NULL;
                if (!a->refs[i]) continue;
                if ((st = h5l__w_walk(w, a->refs[i], 0, 0, &t, NULL, NULL, err)) != H5L_OK) {
                    char where[200];
                    h5l__w_path(n, where, sizeof where);
                    if (err) h5l__w_prefix(err, a->name);
                    if (err) h5l__w_prefix(err, where);
                    return st;
                }
                if (t->lkind == H5L__WN_SOFT || t->lkind == H5L__WN_EXT)
                    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "attribute %s: reference to %s, a soft or external link", a->name, a->refs[i]);
                a->refn[i] = t;
            }
    }
    return H5L_OK;
}

uint64_t h5l_writer_object_addr(const h5l_writer *w, const char *path)
{
    h5l__wnode *t = NULL;
    if (!w || w->state != H5L__W_LAID_OUT || !path) return 0;
    if (h5l__w_walk((h5l_writer *)w, path, 0, 0, &t, NULL, NULL, NULL) != H5L_OK) return 0;
    t = (h5l__wnode *)h5l__w_target(t);
    return H5L__WN_IS_LINK(t) ? 0 : t->oh_addr;
}

/* ---- VLEN datasets: values into global heap collections --------------------
 * A collection is reserved at the end of the file when it starts (its
 * address goes into the references at once), filled in memory and written
 * when the next value does not fit, at most 65535 objects, and at finish:
 *
 *   | "GCOL" 1 res(3) size(L) | obj 1 | obj 2 | ... | free space (index 0) |
 *   obj: index(2) refcount(2) res(4) size(L) data padded to 8
 */
#define H5L__W_VHEAP ((uint64_t)1 << 20)    /* bytes of a collection unless one value needs more */

/* Write the collection being filled (caller holds vmu). */
static h5l_status h5l__w_vheap_flush(h5l_writer *w, h5l_error *err)
{
    h5l_status st;
    if (!w->vbuf || !w->vnobj) return H5L_OK;
    h5l__gcol_encode(w->vbuf, w->vcap, H5L__W_SL);
    h5l__gcol_obj_encode(w->vbuf + w->vused, 0, w->vcap - w->vused, NULL, H5L__W_SL);
    st = h5l__wf_pwrite(&w->wf, w->vbuf, (size_t)w->vcap, w->vaddr, err);
    w->vnobj = 0;
    w->vused = 0;
    return st;
}

/* Place one value of b bytes (count base elements); its heap address and index (caller holds vmu). */
static h5l_status h5l__w_vheap_put(h5l_writer *w, const void *p, uint64_t b, uint64_t *addr, uint32_t *idx, h5l_error *err)
{
    uint64_t hdr = h5l__gcol_encode(NULL, 0, H5L__W_SL), free_hdr = h5l__gcol_obj_encode(NULL, 0, 0, NULL, H5L__W_SL);
    uint64_t os = h5l__gcol_obj_encode(NULL, 1, b, NULL, H5L__W_SL);
    h5l_status st;
    if (!w->vnobj || w->vnobj >= 65535 || w->vused + os + free_hdr > w->vcap) {
        uint64_t cap = hdr + os + free_hdr;
        if ((st = h5l__w_vheap_flush(w, err)) != H5L_OK) return st;
        /* collections start at 4 KiB and double up to 1 MiB: a few values cost
         * a small collection, many values large ones */
        w->vnext = w->vnext ? (w->vnext < H5L__W_VHEAP ? w->vnext * 2 : H5L__W_VHEAP) : H5L__GCOL_MIN;
        if (cap < w->vnext) cap = w->vnext;
        cap = h5l__pad8(cap);
        if (cap > (uint64_t)SIZE_MAX / 2) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a vlen value too large", w->target);
        if (cap != w->vcap || !w->vbuf) {
            uint8_t *nb = (uint8_t *)h5l__realloc(&w->alloc, w->vbuf, (size_t)cap);
            if (!nb) return h5l__w_nomem(err, w->target);
            w->vbuf = nb;
            w->vcap = cap;
        }
        memset(w->vbuf, 0, (size_t)w->vcap);
        if ((st = h5l__w_take_eof(w, w->vcap, &w->vaddr, err)) != H5L_OK) return st;
        w->vused = hdr;
    }
    w->vnobj++;
    w->vused += h5l__gcol_obj_encode(w->vbuf + w->vused, w->vnobj, b, p, H5L__W_SL);
    *addr = w->vaddr;
    *idx = w->vnobj;
    return H5L_OK;
}

h5l_status h5l_writer_write_vlen(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const h5l_vlen *v, h5l_error *err)
{
    h5l__wnode *n = h5l__w_dset(w, d);
    uint8_t small[4096], *buf = small;
    uint64_t per, total, i, row = 0, rows_per;
    h5l_status st = H5L_OK;
    h5l__clear(err);
    if (!n) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write_vlen: no such dataset or not laid out");
    if (!n->u.d.vbase) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write_vlen: not a variable-length dataset");
    if (first > n->u.d.rows || count > n->u.d.rows - first || (count && !v))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write_vlen: rows outside the dataset");
    per = n->u.d.row_bytes / 16;               /* elements of a row */
    if (!per || !count) return H5L_OK;
    total = count * per;
    for (i = 0; i < total; i++) {
        uint64_t b;
        if (h5l__mul_ovf(v[i].len, n->u.d.vbase, &b) || v[i].len > 0xffffffffu || (b && !v[i].p))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_write_vlen: element %llu: too long or NULL", h5l__ull(i));
    }
    rows_per = sizeof small / 16 / per;
    if (!rows_per) {                           /* rows wider than 256 elements: one at a time */
        if (per > (uint64_t)SIZE_MAX / 16 || !(buf = (uint8_t *)h5l__malloc(&w->alloc, (size_t)(per * 16))))
            return h5l__w_nomem(err, w->target);
        rows_per = 1;
    }
    while (row < count && st == H5L_OK) {
        uint64_t nr = count - row < rows_per ? count - row : rows_per, k;
        const h5l_vlen *e = v + row * per;
        h5l__mutex_lock(&w->vmu);
        for (k = 0; k < nr * per && st == H5L_OK; k++) {
            uint64_t addr = 0;
            uint32_t idx = 0;
            h5l__out o = h5l__o_start(buf + k * 16);
            if (e[k].p) st = h5l__w_vheap_put(w, e[k].p, e[k].len * n->u.d.vbase, &addr, &idx, err);
            h5l__o_u32(&o, (uint32_t)e[k].len);
            h5l__o_un(&o, addr, H5L__W_SO);
            h5l__o_u32(&o, idx);
        }
        h5l__mutex_unlock(&w->vmu);
        if (st == H5L_OK) st = h5l__w_write_raw(w, d, first + row, nr, buf, err);
        row += nr;
    }
    if (buf != small) h5l__free(&w->alloc, buf);
    if (st != H5L_OK) h5l__w_set_failed(w, st);
    return st;
}
h5l_status h5l_writer_finish(h5l_writer *w, h5l_error *err)
{
    h5l_status st = H5L_OK;
    int sync;
    h5l__clear(err);
    if (!w) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_writer_finish: writer is NULL");
    sync = !(w->flags & H5L_WRITE_NO_SYNC);
    if (w->state == H5L__W_DECLARING) st = h5l_writer_layout(w, err);
    else if (w->state == H5L__W_FAILED)
        st = h5l__fail(err, w->fail_code ? w->fail_code : H5L_EIO, H5L_NO_OFFSET, "%s: the writer failed earlier", w->target);
    if (st == H5L_OK && w->map) {
        st = h5l__wf_unmap(&w->wf, w->map, w->file_size, sync, err);
        w->map = NULL;
    }
    if (st == H5L_OK) st = h5l__w_chunked_finish(w, err);
    if (st == H5L_OK && sync) st = h5l__wf_sync(&w->wf, err);
    if (st == H5L_OK) st = h5l__wf_name_unnamed(&w->wf, &w->alloc, w->target, &w->tmp, err);
    if (st == H5L_OK) {
        w->file_open = 0;
        st = h5l__wf_close(&w->wf, err);
    }
    if (st == H5L_OK) st = h5l__wf_rename(&w->wf, w->tmp, w->target, err);
    if (st != H5L_OK) {
        if (err && !strstr(err->msg, w->target)) h5l__w_prefix(err, w->target);
        h5l__w_discard(w);
    }
    h5l__w_free_all(w);
    return st;
}

void h5l_writer_abort(h5l_writer *w)
{
    if (!w) return;
    h5l__w_discard(w);
    h5l__w_free_all(w);
}

/* ======================================================================
 * E.2 Appending: rows added to extendible chunked datasets of an existing
 *     file, all or nothing (hdf5lite.h section 5b)
 *
 * Copy-on-write. Nothing reachable from the superblock is ever changed in
 * place. A commit writes, past the superblock's end-of-file address (EOA):
 *   1. the chunks of full row bands (written as they fill) and of the band
 *      holding the last row (rewritten whole: its old chunks are dropped)
 *   2. each dataset's chunk B-tree with its right edge rebuilt: the nodes
 *      on the path to the last kept chunk are copied, entries from the
 *      rewritten band on dropped, the new chunks appended, nodes split
 *      as they fill (h5l__ap_btree); nodes left of the path are shared
 *   3. a copy of each dataset's object header (dataspace dims, layout's
 *      B-tree address; PyTables' NROWS attribute), and of every group on
 *      the way to the root: its header, and for a symbol-table group the
 *      symbol nodes and B-tree nodes that point to a changed child
 * then syncs, writes the superblock (root address, its cached symbol
 * table, the new EOA) -- one write of at most 96 bytes inside one sector --
 * and syncs again. A crash before that write leaves the file as it was
 * (the bytes past the old EOA are unreferenced, and the next appender
 * writes over them); after it, the file holds every row of the commit.
 * The cost is the rows appended plus the changed metadata: a B-tree path
 * per dataset and a header and symbol node per group on the way.
 *
 * Copies leave the old versions behind: a reader that has the file open
 * keeps seeing the state it opened (nothing it reads changes), and each
 * commit leaves its superseded metadata as unreferenced bytes (about
 * 2 KiB per dataset and 1 KiB per group; `h5repack` or a rewrite reclaims
 * them). Moving an object header changes the object's address: objects
 * with more than one hard link are refused (EUNSUPPORTED), and object
 * references to the moved datasets keep pointing at their old state.
 * The left sibling of a copied B-tree node keeps its old right-sibling
 * pointer (libhdf5 since 1.10 walks B-trees from the root, never along
 * siblings).
 *
 * Supported: superblocks v0-v3, groups with a symbol table or with link
 * messages (not dense link storage), object headers v1 and v2, datasets
 * with layout v3 (the version-1 B-tree index: libhdf5's default, h5py's
 * and PyTables'), an unlimited first dimension, filters hdf5lite writes
 * (shuffle, deflate, LZF, fletcher32).
 * ====================================================================== */

typedef struct h5l__adset {
    char *path;
    uint64_t oh_addr;            /* relative */
    h5l__cgeom g;
    unsigned rank;
    uint64_t dims[H5L_MAX_RANK], maxdims[H5L_MAX_RANK];
    h5l_filter fl[8];
    uint32_t cd[8][8];
    unsigned nf;
    uint64_t chunk_bytes, row_bytes, band_rows, band_bytes, per_band;
    uint64_t rows;               /* committed */
    uint64_t rows_new;           /* with what is pending */
    uint64_t bt;                 /* B-tree root (relative), H5L_UNDEF: none */
    /* the band holding the last row */
    uint8_t *band;
    uint64_t tb;                 /* its number */
    int dirty;                   /* changed since the last commit */
    int direct;                  /* band tb went to the file straight from the caller's rows (d->band does not hold them): its chunk is at direct_addr */
    uint64_t direct_addr;        /* relative */
    uint64_t replace_from;       /* chunk numbers from here on are dropped from the tree at commit (UINT64_MAX: none) */
    h5l__crec *recs;             /* chunks written since the last commit */
    size_t nrecs, rcap;
    h5l__ework ew;
    int nrows_attr;              /* has PyTables' NROWS (int64 or int32 scalar) */
} h5l__adset;

struct h5l_appender {
    h5l_allocator alloc;
    char *path;
    h5l_file *f;                 /* the committed state, reopened after each commit */
    h5l__wfile wf;
    int file_open;
    unsigned flags;
    uint64_t wb_lo, wb_hi;       /* absolute: bytes written since the last writeback hint (h5l__ap_wrote) */
    uint64_t eoa;                /* relative: where the next bytes go */
    uint64_t commit_start;       /* eoa when the commit began: newer bytes are private until the superblock says so */
    uint64_t keep_size;          /* absolute: the file's size at open or after the last commit */
    uint8_t sb_bytes[256];       /* the superblock as committed: a commit first checks nobody changed it */
    size_t sb_len;
    uint8_t *wc;                 /* small writes that follow each other, gathered into one (H5L__AP_WC bytes) */
    uint64_t wc_addr;
    size_t wc_len;
    int wrote;                   /* bytes were written past keep_size */
    h5l__adset *ds;
    size_t nds, dscap;
    int failed;
};

/* ---- space past the EOA ---- */
static h5l_status h5l__ap_take(h5l_appender *a, uint64_t n, uint64_t *addr, h5l_error *err)
{
    uint64_t at = (a->eoa + 7) & ~(uint64_t)7, end;
    if (h5l__add_ovf(at, n, &end) || end > (uint64_t)INT64_MAX - a->f->base)
        return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: the file would be larger than 2^63 bytes", a->path);
    *addr = at;
    a->eoa = end;
    return H5L_OK;
}

/* A commit's metadata is a few dozen small structures written one after the
 * other past the EOA: they are gathered and written with one call. */
#define H5L__AP_WC ((size_t)64 * 1024)

/* Bytes [off, off + n) (absolute) went to the file: start their disk writes
 * once 1 MiB has gathered, so that the commit's fsync finds them on the way
 * (h5l__wf_writeback). Gathered, not per write: a hint per 16 KiB chunk made
 * small IOs of them, and appends of 16 KiB chunks ran 2.3x slower. Chunks
 * follow each other past the EOA (8-byte aligned), so the bytes of a batch
 * are one range; another range starts a new gathering. */
#define H5L__AP_WB ((uint64_t)1 << 20)
static void h5l__ap_wrote(h5l_appender *a, uint64_t off, uint64_t n)
{
    if (a->flags & H5L_WRITE_NO_SYNC) return;
    if (a->wb_hi > a->wb_lo && off >= a->wb_hi && off - a->wb_hi < 8) a->wb_hi = off + n;
    else {
        a->wb_lo = off;
        a->wb_hi = off + n;
    }
    if (a->wb_hi - a->wb_lo >= H5L__AP_WB) {
        h5l__wf_writeback(&a->wf, a->wb_lo, a->wb_hi - a->wb_lo);
        a->wb_lo = a->wb_hi;
    }
}

static h5l_status h5l__ap_flush(h5l_appender *a, h5l_error *err)
{
    h5l_status st = H5L_OK;
    if (a->wc_len) st = h5l__wf_pwrite(&a->wf, a->wc, a->wc_len, a->f->base + a->wc_addr, err);
    if (st == H5L_OK && a->wc_len) h5l__ap_wrote(a, a->f->base + a->wc_addr, a->wc_len);
    a->wc_len = 0;
    return st;
}

static h5l_status h5l__ap_put(h5l_appender *a, const void *p, size_t n, uint64_t addr, h5l_error *err)
{
    uint64_t end = a->wc_addr + a->wc_len;
    h5l_status st;
    a->wrote = 1;
    if (n < H5L__AP_WC / 4 && (a->wc || (a->wc = (uint8_t *)h5l__malloc(&a->alloc, H5L__AP_WC)) != NULL)) {
        if (a->wc_len && addr >= end && addr - end < 8 && a->wc_len + (size_t)(addr - end) + n <= H5L__AP_WC) {
            memset(a->wc + a->wc_len, 0, (size_t)(addr - end));      /* alignment padding */
            memcpy(a->wc + a->wc_len + (size_t)(addr - end), p, n);
            a->wc_len += (size_t)(addr - end) + n;
            return H5L_OK;
        }
        if ((st = h5l__ap_flush(a, err)) != H5L_OK) return st;
        memcpy(a->wc, p, n);
        a->wc_addr = addr;
        a->wc_len = n;
        return H5L_OK;
    }
    if ((st = h5l__ap_flush(a, err)) != H5L_OK) return st;
    st = h5l__wf_pwrite(&a->wf, p, n, a->f->base + addr, err);
    if (st == H5L_OK) h5l__ap_wrote(a, a->f->base + addr, n);
    return st;
}


/* ---- chunks ---- */

/* Write the chunks of band `bi` held in buf (the dataset's rows there, zeros past them). */
static h5l_status h5l__ap_band_write(h5l_appender *a, h5l__adset *d, uint64_t bi, const uint8_t *buf, h5l_error *err)
{
    uint8_t *cbuf = NULL;
    uint64_t c;
    unsigned k;
    int whole = 1;
    h5l_status st = H5L_OK;
    h5l__wnode fake;                               /* h5l__w_band_chunk reads dims from a node */
    h5l__wchunk ck;
    for (k = 0; k < d->nf; k++) d->fl[k].cd = d->cd[k];   /* d may have moved since (the array of datasets grows) */
    for (k = 1; k < d->rank; k++)
        if (d->g.cdim[k] != d->dims[k]) whole = 0;
    if (!whole) {
        memset(&fake, 0, sizeof fake);
        memset(&ck, 0, sizeof ck);
        fake.u.d.dims = d->dims;
        fake.u.d.rank = d->rank;
        ck.g = d->g;
        ck.chunk_bytes = d->chunk_bytes;
        if (!(cbuf = (uint8_t *)h5l__malloc(&a->alloc, (size_t)d->chunk_bytes)))
            return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for a chunk of %llu bytes", (unsigned long long)d->chunk_bytes);
    }
    if (!d->ew.a) h5l__ework_init(&d->ew, &a->alloc, (size_t)d->chunk_bytes);
    for (c = 0; c < d->per_band && st == H5L_OK; c++) {
        const uint8_t *res = buf;
        size_t resn = (size_t)d->chunk_bytes;
        uint32_t mask = 0;
        uint64_t addr = 0;
        if (!whole) {
            h5l__w_band_chunk(&ck, &fake, buf, c, cbuf);
            res = cbuf;
        }
        if (d->nf) st = h5l__pline_forward(d->fl, d->nf, res, resn, &d->ew, &res, &resn, &mask, err);
        if (st == H5L_OK) st = h5l__ap_take(a, resn, &addr, err);
        if (st == H5L_OK) st = h5l__ap_put(a, res, resn, addr, err);
        if (st == H5L_OK && h5l__grow(&a->alloc, (void **)&d->recs, &d->rcap, d->nrecs + 1, sizeof *d->recs) != 0)
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for the chunk index");
        if (st == H5L_OK) {
            h5l__crec *r = &d->recs[d->nrecs++];
            r->lin = bi * d->per_band + c;
            r->addr = addr;
            r->size = (uint32_t)resn;
            r->mask = mask;
        }
    }
    h5l__free(&a->alloc, cbuf);
    return st;
}

/* ---- the B-tree's right edge ---- */

typedef struct h5l__apitem {
    uint64_t addr;               /* child node or chunk */
    uint64_t key[3 + H5L_MAX_RANK];   /* size, mask, offsets (rank + 1) */
} h5l__apitem;

typedef struct h5l__apvec {
    h5l__apitem *v;
    size_t n, cap;
} h5l__apvec;

static h5l_status h5l__ap_vec_add(h5l_appender *a, h5l__apvec *vec, const h5l__apitem *it, h5l_error *err)
{
    if (h5l__grow(&a->alloc, (void **)&vec->v, &vec->cap, vec->n + 1, sizeof *vec->v) != 0)
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for the chunk index");
    vec->v[vec->n++] = *it;
    return H5L_OK;
}

/* Chunk number of a key's offsets (UINT64_MAX if not on the chunk grid). */
static uint64_t h5l__ap_key_lin(const h5l__adset *d, const uint64_t *key)
{
    uint64_t lin = 0;
    unsigned k;
    for (k = 0; k < d->rank; k++) {
        uint64_t s = key[2 + k] / d->g.cdim[k];
        if (key[2 + k] % d->g.cdim[k] || (k && s >= d->g.nch[k])) return UINT64_MAX;
        if (k && h5l__mul_ovf(lin, d->g.nch[k], &lin)) return UINT64_MAX;
        if (h5l__add_ovf(lin, s, &lin)) return UINT64_MAX;
    }
    return lin;
}

/* Write the items of one level as nodes of up to 2K (K = the file's chunk
 * K), left sibling `left` for the first; *out receives one item per node
 * (its address and first key). bound: the key past everything. */
static h5l_status h5l__ap_level(h5l_appender *a, const h5l__adset *d, unsigned level, const h5l__apvec *items, uint64_t left,
                                const uint64_t *bound, h5l__apvec *out, h5l_error *err)
{
    unsigned K = a->f->chunk_btree_k, fan = 2 * K, kw = d->rank + 3;
    uint64_t nsize = h5l__btnode_size(H5L__BTREE_CHUNK, d->rank + 1, K, a->f->so, a->f->sl), base = 0;
    size_t m = (items->n + fan - 1) / fan, j, i;
    uint64_t *keys = (uint64_t *)h5l__malloc(&a->alloc, (size_t)(fan + 1) * kw * sizeof *keys);
    uint64_t *kids = (uint64_t *)h5l__malloc(&a->alloc, (size_t)fan * sizeof *kids);
    uint8_t *buf = (uint8_t *)h5l__malloc(&a->alloc, (size_t)nsize);
    h5l_status st = H5L_OK;
    out->n = 0;
    if (!keys || !kids || !buf) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "no memory for B-tree nodes");
    if (st == H5L_OK) st = h5l__ap_take(a, m * nsize, &base, err);
    for (j = 0; j < m && st == H5L_OK; j++) {
        size_t c0 = j * fan, c1 = c0 + fan < items->n ? c0 + fan : items->n;
        h5l__btnode b;
        h5l__apitem it;
        for (i = c0; i < c1; i++) {
            memcpy(keys + (i - c0) * kw, items->v[i].key, kw * sizeof *keys);
            kids[i - c0] = items->v[i].addr;
        }
        if (c1 < items->n) {             /* the next node's first key, as a bound */
            memcpy(keys + (c1 - c0) * kw, items->v[c1].key, kw * sizeof *keys);
            keys[(c1 - c0) * kw] = keys[(c1 - c0) * kw + 1] = 0;
        } else memcpy(keys + (c1 - c0) * kw, bound, kw * sizeof *keys);
        memset(&b, 0, sizeof b);
        b.type = H5L__BTREE_CHUNK;
        b.level = level;
        b.n = (unsigned)(c1 - c0);
        b.left = j ? base + (j - 1) * nsize : left;
        b.right = j + 1 < m ? base + (j + 1) * nsize : H5L_UNDEF;
        b.ndims = d->rank + 1;
        b.k = K;
        b.kv = keys;
        b.cv = kids;
        h5l__btnode_encode(buf, &b, a->f->so, a->f->sl);
        st = h5l__ap_put(a, buf, (size_t)nsize, base + j * nsize, err);
        it.addr = base + j * nsize;
        memcpy(it.key, items->v[c0].key, kw * sizeof *it.key);
        if (st == H5L_OK) st = h5l__ap_vec_add(a, out, &it, err);
    }
    h5l__free(&a->alloc, keys);
    h5l__free(&a->alloc, kids);
    h5l__free(&a->alloc, buf);
    return st;
}

/* Decode node `addr` of the dataset's tree (level `want`, or any if < 0)
 * into items (every child with its left key); *left = its left sibling. */
static h5l_status h5l__ap_node_items(h5l_appender *a, const h5l__adset *d, uint64_t addr, int want, unsigned *level,
                                     uint64_t *left, h5l__apvec *items, h5l_error *err)
{
    const h5l_file *f = a->f;
    const uint8_t *p = h5l__at(f, addr, 8);
    h5l__btnode b;
    unsigned i, k, kw = d->rank + 3;
    h5l_status st = h5l__btnode_decode(f, p, p ? f->size - h5l__abs(f, addr) : 0, addr, H5L__BTREE_CHUNK, d->rank + 1, &b, err);
    items->n = 0;
    if (st != H5L_OK) return st;
    if (want >= 0 && b.level != (unsigned)want)
        return h5l__fail_at(err, H5L_ECORRUPT, b.off, "chunk B-tree", "level %u where %d was expected", b.level, want);
    *level = b.level;
    *left = b.left;
    for (i = 0; i < b.n && st == H5L_OK; i++) {
        h5l__apitem it;
        const uint8_t *q = b.ents + i * (b.ksz + f->so);
        it.key[0] = h5l__ld32(q);
        it.key[1] = h5l__ld32(q + 4);
        for (k = 0; k <= d->rank; k++) it.key[2 + k] = h5l__ldn(q + 8 + 8 * k, 8);
        it.addr = h5l__ld_addr(f, q + b.ksz);
        (void)kw;
        st = h5l__ap_vec_add(a, items, &it, err);
    }
    return st;
}

/* The new root after dropping chunks numbered >= from and appending the
 * new records (sorted; chunks at or past the first of them are dropped
 * too: they lie past the dataset's end). */
static h5l_status h5l__ap_btree(h5l_appender *a, h5l__adset *d, uint64_t from, uint64_t *root, h5l_error *err)
{
    uint64_t path[64], lefts[64], bound[3 + H5L_MAX_RANK];
    size_t keep[64], depth = 0, i;
    unsigned level = 0, lev;
    h5l__apvec items = {NULL, 0, 0}, next = {NULL, 0, 0}, up = {NULL, 0, 0};
    h5l_status st = H5L_OK;
    uint64_t addr = d->bt;
    int want = -1, fresh;
    if (d->nrecs == 0) {
        *root = d->bt;
        return H5L_OK;
    }
    if (d->recs[0].lin < from) from = d->recs[0].lin;
    h5l__cbt_key(&d->g, d->recs[d->nrecs - 1].lin, 0, 0, 1, bound);
    /* down the right edge of what is kept: at each level the children whose first chunk is < from */
    while (addr != H5L_UNDEF && st == H5L_OK) {
        size_t c = 0;
        if (depth >= 64) {
            st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: chunk B-tree deeper than 64 levels", d->path);
            break;
        }
        st = h5l__ap_node_items(a, d, addr, want, &level, &lefts[depth], &items, err);
        if (st != H5L_OK) break;
        /* Children after the kept ones are dropped as lying past the end: so
         * every key must be a chunk's, in increasing order, or chunks before
         * the end would go with them. */
        {
            uint64_t prev = 0;
            for (c = 0; c < items.n && st == H5L_OK; c++) {
                uint64_t lc = h5l__ap_key_lin(d, items.v[c].key);
                if (lc == UINT64_MAX || items.v[c].key[2 + d->rank] != 0 || (c && lc <= prev))
                    st = h5l__fail_at(err, H5L_ECORRUPT, h5l__abs(a->f, addr), "chunk B-tree node", "%s: key %zu is not a chunk's, or out of order",
                                      d->path, c);
                prev = lc;
            }
        }
        if (st != H5L_OK) break;
        c = 0;
        while (c < items.n && h5l__ap_key_lin(d, items.v[c].key) < from) c++;
        path[depth] = addr;
        keep[depth++] = c;
        if (level == 0 || c == 0) break;
        addr = items.v[c - 1].addr;      /* the last kept child may also hold chunks >= from */
        want = (int)level - 1;
    }
    if (st != H5L_OK) goto done;
    fresh = depth == 0 || keep[0] == 0;  /* nothing kept: a new tree */
    /* leaves: the kept chunks of the edge's leaf, then the new ones */
    items.n = 0;
    if (!fresh) {
        uint64_t lf;
        st = h5l__ap_node_items(a, d, path[depth - 1], 0, &level, &lf, &items, err);
        items.n = keep[depth - 1];
    }
    for (i = 0; i < d->nrecs && st == H5L_OK; i++) {
        h5l__apitem it;
        it.addr = d->recs[i].addr;
        h5l__cbt_key(&d->g, d->recs[i].lin, d->recs[i].size, d->recs[i].mask, 0, it.key);
        st = h5l__ap_vec_add(a, &items, &it, err);
    }
    if (st == H5L_OK) st = h5l__ap_level(a, d, 0, &items, fresh ? H5L_UNDEF : lefts[depth - 1], bound, &next, err);
    /* up the edge: each node's kept children but the last, then the rebuilt ones; new levels on top */
    lev = 0;
    i = fresh ? 0 : depth - 1;
    while (st == H5L_OK) {
        h5l__apvec t;
        lev++;
        if (i > 0) {
            uint64_t lf;
            unsigned lv;
            i--;
            st = h5l__ap_node_items(a, d, path[i], (int)lev, &lv, &lf, &up, err);
            if (st != H5L_OK) break;
            up.n = keep[i] - 1;
            for (size_t k = 0; k < next.n && st == H5L_OK; k++) st = h5l__ap_vec_add(a, &up, &next.v[k], err);
            if (st == H5L_OK) st = h5l__ap_level(a, d, lev, &up, lf, bound, &items, err);
        } else if (next.n == 1) {
            *root = next.v[0].addr;
            break;
        } else if (lev > 255) {
            st = h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "%s: chunk B-tree too deep", d->path);
            break;
        } else {
            st = h5l__ap_level(a, d, lev, &next, H5L_UNDEF, bound, &items, err);
        }
        t = next;
        next = items;
        items = t;
    }
done:
    h5l__free(&a->alloc, items.v);
    h5l__free(&a->alloc, next.v);
    h5l__free(&a->alloc, up.v);
    return st;
}

/* ---- object headers and groups ---- */

/* What a commit rewrote: the object once at old_addr is now at new_addr;
 * a symbol-table group's B-tree moved to btree (its heap stays). */
typedef struct h5l__apmove {
    char *path;
    uint64_t old_addr, new_addr;
    int stab;
    uint64_t btree, heap;
} h5l__apmove;

typedef struct h5l__apmoves {
    h5l__apmove *v;
    size_t n, cap;
} h5l__apmoves;

static const h5l__apmove *h5l__ap_moved(const h5l__apmoves *mv, uint64_t old_addr)
{
    size_t i;
    for (i = 0; i < mv->n; i++)
        if (mv->v[i].old_addr == old_addr) return &mv->v[i];
    return NULL;
}

/* A message replaced in a header copy: message index -> new body. */
typedef struct h5l__aprepl {
    size_t idx;
    const uint8_t *p;
    size_t size;
} h5l__aprepl;

/* Write a copy of o's header with some message bodies replaced; *addr
 * receives its address. One chunk, the same version. */
static h5l_status h5l__ap_oh_copy(h5l_appender *a, const h5l_obj *o, const h5l__aprepl *rp, size_t nrp, uint64_t *addr,
                                  h5l_error *err)
{
    h5l__oh oh = o->oh;
    h5l__msg *msgs;
    uint8_t *buf;
    size_t i, n;
    h5l_status st;
    if (o->oh.refcount > 1)
        return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: object at %llu has %u hard links: appending would move it under one only",
                         a->path, (unsigned long long)o->addr, (unsigned)o->oh.refcount);
    msgs = (h5l__msg *)h5l__malloc(&a->alloc, (oh.n ? oh.n : 1) * sizeof *msgs);
    if (!msgs) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    if (oh.n) memcpy(msgs, o->oh.msgs, oh.n * sizeof *msgs);   /* a header without messages has no array */
    for (i = 0; i < nrp; i++) {
        msgs[rp[i].idx].p = rp[i].p;
        msgs[rp[i].idx].size = rp[i].size;
    }
    oh.msgs = msgs;
    n = h5l__oh_encode(NULL, &oh);
    buf = (uint8_t *)h5l__calloc(&a->alloc, n);
    if (!buf) {
        h5l__free(&a->alloc, msgs);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    }
    h5l__oh_encode(buf, &oh);
    st = h5l__ap_take(a, n, addr, err);
    if (st == H5L_OK) st = h5l__ap_put(a, buf, n, *addr, err);
    h5l__free(&a->alloc, buf);
    h5l__free(&a->alloc, msgs);
    return st;
}

/* Symbol-table group: copy the symbol nodes holding moved children and the
 * B-tree nodes above them; *addr: the node's address after (unchanged if
 * nothing under it moved). */
static h5l_status h5l__ap_stab_node(h5l_appender *a, const h5l__apmoves *mv, uint64_t node, unsigned depth, uint64_t *addr,
                                    h5l_error *err)
{
    const h5l_file *f = a->f;
    const uint8_t *p = h5l__at(f, node, 8);
    h5l__btnode b;
    uint64_t *kids = NULL, *keys = NULL;
    size_t i;
    int changed = 0;
    h5l_status st;
    *addr = node;
    if (depth > 64) return h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "group B-tree deeper than 64 levels");
    st = h5l__btnode_decode(f, p, p ? f->size - h5l__abs(f, node) : 0, node, H5L__BTREE_GROUP, 0, &b, err);
    if (st != H5L_OK) return st;
    kids = (uint64_t *)h5l__malloc(&a->alloc, (b.n + 1) * sizeof *kids);
    keys = (uint64_t *)h5l__malloc(&a->alloc, (b.n + 1) * sizeof *keys);
    if (!kids || !keys) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    for (i = 0; i <= b.n && st == H5L_OK; i++) {
        const uint8_t *q = b.ents + i * (b.ksz + f->so);
        keys[i] = h5l__ld_addrw(q, f->sl);
        if (i == b.n) break;
        kids[i] = h5l__ld_addr(f, q + b.ksz);
        if (b.level > 0) {
            uint64_t na;
            st = h5l__ap_stab_node(a, mv, kids[i], depth + 1, &na, err);
            if (na != kids[i]) changed = 1, kids[i] = na;
        } else {
            /* a symbol node: its entries, with moved ones updated */
            const uint8_t *sp = h5l__at(f, kids[i], 8);
            h5l__snod sn;
            h5l__ent ents[2 * 64];
            unsigned k;
            int sch = 0;
            st = h5l__snod_decode(f, sp, sp ? f->size - h5l__abs(f, kids[i]) : 0, kids[i], &sn, err);
            if (st == H5L_OK && sn.n > 2 * 64) st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "symbol nodes of more than 128 entries");
            if (st != H5L_OK) break;
            {
                h5l__cur c;
                h5l__cur_init(&c, sn.ents, (size_t)sn.n * h5l__ent_size(f));
                for (k = 0; k < sn.n; k++) {
                    const h5l__apmove *m;
                    h5l__ent_decode(&c, f->so, f->sl, &ents[k]);
                    if ((m = h5l__ap_moved(mv, ents[k].addr)) != NULL) {
                        ents[k].addr = m->new_addr;
                        if (m->stab && ents[k].cache == H5L__CACHE_STAB) {
                            ents[k].btree = m->btree;
                            ents[k].heap = m->heap;
                        }
                        sch = 1;
                    }
                }
            }
            if (sch) {
                uint8_t *buf;
                size_t len;
                uint64_t na = 0;
                sn.ev = ents;
                sn.leaf_k = f->sym_leaf_k;
                len = h5l__snod_encode(NULL, &sn, f->so, f->sl);
                buf = (uint8_t *)h5l__calloc(&a->alloc, len);
                if (!buf) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
                else {
                    h5l__snod_encode(buf, &sn, f->so, f->sl);
                    st = h5l__ap_take(a, len, &na, err);
                    if (st == H5L_OK) st = h5l__ap_put(a, buf, len, na, err);
                    h5l__free(&a->alloc, buf);
                }
                kids[i] = na;
                changed = 1;
            }
        }
    }
    if (st == H5L_OK && changed) {
        uint64_t len = h5l__btnode_size(H5L__BTREE_GROUP, 0, f->btree_k, f->so, f->sl), na = 0;
        uint8_t *buf = (uint8_t *)h5l__calloc(&a->alloc, (size_t)len);
        h5l__btnode nb = b;
        nb.k = f->btree_k;
        nb.kv = keys;
        nb.cv = kids;
        if (!buf) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
        else {
            h5l__btnode_encode(buf, &nb, f->so, f->sl);
            st = h5l__ap_take(a, len, &na, err);
            if (st == H5L_OK) st = h5l__ap_put(a, buf, (size_t)len, na, err);
            h5l__free(&a->alloc, buf);
        }
        *addr = na;
    }
    h5l__free(&a->alloc, kids);
    h5l__free(&a->alloc, keys);
    return st;
}

/* Copy group g (path gp) with its moved children's new addresses; record its move. */
static h5l_status h5l__ap_group(h5l_appender *a, const char *gp, h5l__apmoves *mv, h5l_error *err)
{
    h5l_obj *g = NULL;
    h5l__aprepl *rp = NULL;
    uint8_t *bodies = NULL;
    size_t nrp = 0, i, used = 0, cap = 0;
    uint64_t new_bt = H5L_UNDEF, na = 0;
    h5l_status st = h5l_obj_open(a->f, gp, &g, err);
    if (st != H5L_OK) return st;
    if (g->has_linfo && g->link_fheap != H5L_UNDEF) {
        st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: group %s keeps its links in dense storage (a fractal heap): appending below it is not supported",
                       a->path, gp);
        goto done;
    }
    rp = (h5l__aprepl *)h5l__malloc(&a->alloc, (g->oh.n + 1) * sizeof *rp);
    for (i = 0; i < g->oh.n; i++) cap += g->oh.msgs[i].size + 16;
    bodies = (uint8_t *)h5l__malloc(&a->alloc, cap + 64);
    if (!rp || !bodies) {
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
        goto done;
    }
    if (g->has_stab) {
        st = h5l__ap_stab_node(a, mv, g->stab_btree, 0, &new_bt, err);
        for (i = 0; i < g->oh.n && st == H5L_OK; i++)
            if (g->oh.msgs[i].type == H5L__M_STAB) {
                h5l__out o = h5l__o_start(bodies + used);
                h5l__o_un(&o, new_bt, a->f->so);
                h5l__o_un(&o, g->stab_heap, a->f->so);
                rp[nrp].idx = i, rp[nrp].p = bodies + used, rp[nrp].size = o.n, nrp++;
                used += o.n;
            }
    }
    for (i = 0; i < g->oh.n && st == H5L_OK; i++) {
        const h5l__msg *m = &g->oh.msgs[i];
        h5l__rawlink l;
        const h5l__apmove *mm;
        if (m->type != H5L__M_LINK) continue;
        if ((st = h5l__link_decode(a->f, m->p, m->size, m->off, &l, err)) != H5L_OK) break;
        if (l.type != H5L_LINK_HARD || !(mm = h5l__ap_moved(mv, l.addr))) continue;
        l.addr = mm->new_addr;
        if (h5l__link_encode(NULL, &l, a->f->so) > cap - used) {
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "link message grew");
            break;
        }
        rp[nrp].idx = i, rp[nrp].p = bodies + used, rp[nrp].size = h5l__link_encode(bodies + used, &l, a->f->so), nrp++;
        used += rp[nrp - 1].size;
    }
    if (st == H5L_OK) st = h5l__ap_oh_copy(a, g, rp, nrp, &na, err);
    if (st == H5L_OK) {
        h5l__apmove m;
        memset(&m, 0, sizeof m);
        m.old_addr = g->addr;
        m.new_addr = na;
        m.stab = g->has_stab;
        m.btree = new_bt;
        m.heap = g->stab_heap;
        if (h5l__grow(&a->alloc, (void **)&mv->v, &mv->cap, mv->n + 1, sizeof *mv->v) != 0) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
        else mv->v[mv->n++] = m;
    }
done:
    h5l__free(&a->alloc, rp);
    h5l__free(&a->alloc, bodies);
    h5l_obj_close(g);
    return st;
}

/* Copy dataset d's header: new dims, B-tree root bt, NROWS. */
static h5l_status h5l__ap_dset_header(h5l_appender *a, h5l__adset *d, uint64_t bt, h5l__apmoves *mv, h5l_error *err)
{
    h5l_obj *o = NULL;
    h5l__aprepl rp[3];
    uint8_t sbody[16 + 16 * H5L_MAX_RANK], lbody[16 + 8 * H5L_MAX_RANK + 64], *abody = NULL;
    size_t nrp = 0, i;
    uint64_t na = 0;
    h5l_status st = h5l_obj_open(a->f, d->path, &o, err);
    if (st != H5L_OK) return st;
    for (i = 0; i < o->oh.n && st == H5L_OK; i++) {
        const h5l__msg *m = &o->oh.msgs[i];
        if (m->type == H5L__M_SPACE) {
            h5l_space sp;
            unsigned ver = m->size ? m->p[0] : 1;
            memset(&sp, 0, sizeof sp);
            sp.kind = H5L_SPACE_SIMPLE;
            sp.rank = d->rank;
            sp.dims = d->dims;
            sp.maxdims = d->maxdims;
            d->dims[0] = d->rows_new;
            rp[nrp].idx = i, rp[nrp].p = sbody, rp[nrp].size = h5l__space_encode(sbody, &sp, ver == 2 ? 2 : 1, 1, a->f->sl), nrp++;
        } else if (m->type == H5L__M_LAYOUT) {
            h5l__layout ly;
            if ((st = h5l__layout_decode(m->p, m->size, m->off, a->f->so, a->f->sl, &ly, err)) != H5L_OK) break;
            ly.addr = bt;
            rp[nrp].idx = i, rp[nrp].p = lbody, rp[nrp].size = h5l__layout_encode(lbody, &ly, a->f->so, a->f->sl), nrp++;
        } else if (m->type == H5L__M_ATTR && d->nrows_attr && !abody) {
            h5l_attr at;
            h5l__arena ar;
            h5l__arena_init(&ar, &a->alloc);
            if (h5l__attr_decode(a->f, &ar, m->p, m->size, m->off, &at, err) == H5L_OK && strcmp(at.name, "NROWS") == 0 && at.data &&
                at.type->cls == H5L_CLASS_INTEGER && (at.type->size == 8 || at.type->size == 4) && at.space.npoints == 1) {
                size_t off = (size_t)((const uint8_t *)at.data - m->p), k;
                uint64_t v = d->rows_new;
                if ((abody = (uint8_t *)h5l__malloc(&a->alloc, m->size)) != NULL) {
                    memcpy(abody, m->p, m->size);
                    for (k = 0; k < at.type->size; k++)
                        abody[off + (at.type->order == H5L_BE ? at.type->size - 1 - k : k)] = (uint8_t)(v >> (8 * k));
                    rp[nrp].idx = i, rp[nrp].p = abody, rp[nrp].size = m->size, nrp++;
                }
            }
            h5l__arena_free(&ar);
        }
    }
    if (st == H5L_OK) st = h5l__ap_oh_copy(a, o, rp, nrp, &na, err);
    if (st == H5L_OK) {
        h5l__apmove mm;
        memset(&mm, 0, sizeof mm);
        mm.old_addr = o->addr;
        mm.new_addr = na;
        if (h5l__grow(&a->alloc, (void **)&mv->v, &mv->cap, mv->n + 1, sizeof *mv->v) != 0) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
        else mv->v[mv->n++] = mm;
    }
    h5l__free(&a->alloc, abody);
    h5l_obj_close(o);
    return st;
}

/* ---- the API ---- */

static void h5l__ap_dset_free(h5l_appender *a, h5l__adset *d)
{
    h5l__free(&a->alloc, d->path);
    h5l__free(&a->alloc, d->band);
    h5l__free(&a->alloc, d->recs);
    if (d->ew.a) h5l__ework_free(&d->ew);
}

/* Keep the superblock's bytes as committed (from the file as opened). */
static void h5l__ap_keep_sb(h5l_appender *a)
{
    uint64_t n = a->f->size - a->f->sb_offset;
    a->sb_len = n < sizeof a->sb_bytes ? (size_t)n : sizeof a->sb_bytes;
    memcpy(a->sb_bytes, a->f->map + a->f->sb_offset, a->sb_len);
}

/* Has another program changed the file since it was opened or last committed
 * (its superblock, or its size below what is committed)? */
static h5l_status h5l__ap_unchanged(h5l_appender *a, h5l_error *err)
{
    uint8_t now[256];
    size_t got = 0;
    uint64_t size = 0;
    h5l_status st = h5l__wf_peek(&a->wf, now, a->sb_len, a->f->sb_offset, &got, &size, err);
    if (st == H5L_OK && (got != a->sb_len || size < a->f->base + a->f->eof || memcmp(now, a->sb_bytes, a->sb_len) != 0))
        st = h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: the file changed under the appender (another writer?): nothing committed", a->path);
    return st;
}

h5l_status h5l_append_open(const char *path, const h5l_write_options *opt, h5l_appender **out, h5l_error *err)
{
    const h5l_allocator *al = h5l__alloc_or_default(opt ? opt->alloc : NULL);
    h5l_open_options oo;
    h5l_appender *a;
    h5l_status st;
    size_t n;
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_open: out is NULL");
    *out = NULL;
    if (!path || !*path) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_open: empty path");
    if (opt && (opt->flags & ~(H5L_WRITE_NO_SYNC)))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: flags 0x%x do not apply to appending", path, opt->flags);
    a = (h5l_appender *)h5l__calloc(al, sizeof *a);
    if (!a) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    a->alloc = *al;
    a->flags = opt ? opt->flags : 0;
    a->wf.hook = opt ? opt->io_hook : NULL;
    a->wf.hook_ctx = opt ? opt->io_ctx : NULL;
    n = strlen(path);
    if (!(a->path = (char *)h5l__malloc(al, n + 1))) {
        h5l__free(al, a);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", path);
    }
    memcpy(a->path, path, n + 1);
    memset(&oo, 0, sizeof oo);
    oo.alloc = al;
    st = h5l__wf_open_rw(&a->wf, path, err);
    if (st == H5L_OK) {
        a->file_open = 1;
        st = h5l__wf_lock_append(&a->wf, path, err);
    }
    if (st == H5L_OK) st = h5l_open(path, &oo, &a->f, err);
    if (st == H5L_OK) {
        a->eoa = a->f->eof;
        a->keep_size = a->f->size;
        h5l__ap_keep_sb(a);
        /* bytes past the end-of-file address are left from a commit that never happened */
        if (a->f->base + a->f->eof > a->f->size)
            st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: the end-of-file address %llu lies past the file's %llu bytes",
                           path, (unsigned long long)a->f->eof, (unsigned long long)a->f->size);
    }
    if (st != H5L_OK) {
        h5l_append_close(a);
        return st;
    }
    *out = a;
    return H5L_OK;
}

h5l_status h5l_append_dataset(h5l_appender *a, const char *path, h5l_dset *out, h5l_error *err)
{
    h5l_obj *o = NULL;
    const h5l_dataset_info *di;
    h5l__adset *d;
    h5l_status st;
    unsigned k;
    size_t n;
    h5l__clear(err);
    if (out) *out = H5L_NO_DSET;
    if (!a || !path || !out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_dataset: NULL argument");
    if (a->failed) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the appender failed earlier", a->path);
    for (n = 0; n < a->nds; n++)
        if (strcmp(a->ds[n].path, path) == 0) {
            *out = (h5l_dset)n;
            return H5L_OK;
        }
    if ((st = h5l_obj_open(a->f, path, &o, err)) != H5L_OK) return st;
    di = h5l_obj_dataset(o);
    if (!di) st = h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: %s is not a dataset", a->path, path);
    else if (di->layout != H5L_LAYOUT_CHUNKED || di->chunk_index != 0)
        st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s is not chunked with a version-1 B-tree index (layout %d, index %u): "
                       "appending needs h5py's maxshape=(None, ...) as libhdf5 1.8-1.14 write it", a->path, path, (int)di->layout, di->chunk_index);
    else if (di->space.kind != H5L_SPACE_SIMPLE || di->space.rank < 1 || di->space.maxdims[0] != UINT64_MAX)
        st = h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: %s has no unlimited first dimension", a->path, path);
    else if (di->nfilters > 8)
        st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s has %u filters", a->path, path, di->nfilters);
    for (k = 0; st == H5L_OK && k < di->nfilters; k++)
        if (!h5l__filter_encodable(&di->filters[k]) || di->filters[k].ncd > 8)
            st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s: filter %u (%s) cannot be written", a->path, path,
                           (unsigned)di->filters[k].id, h5l__filter_name(&di->filters[k]));
    if (st == H5L_OK && (o->oh.refcount > 1))
        st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s has %u hard links", a->path, path, (unsigned)o->oh.refcount);
    if (st == H5L_OK && h5l__grow(&a->alloc, (void **)&a->ds, &a->dscap, a->nds + 1, sizeof *a->ds) != 0)
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    if (st != H5L_OK) {
        h5l_obj_close(o);
        return st;
    }
    d = &a->ds[a->nds];
    memset(d, 0, sizeof *d);
    d->rank = di->space.rank;
    d->g.rank = d->rank;
    d->g.esize = di->type->size;
    d->row_bytes = di->type->size;
    d->chunk_bytes = di->type->size;
    /* hostile input: every product checked (the reader accepted the layout, not these sums) */
    if (di->chunk_rank != d->rank + 1 || di->chunk_dims[d->rank] != di->type->size || !di->type->size)
        st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: %s: chunk dims do not match the dataspace and type", a->path, path);
    for (k = 0; k < d->rank && st == H5L_OK; k++) {
        d->dims[k] = di->space.dims[k];
        d->maxdims[k] = di->space.maxdims[k];
        d->g.cdim[k] = di->chunk_dims[k];
        if (d->g.cdim[k] == 0 || d->g.cdim[k] > 0xffffffffu ||
            (k && h5l__mul_ovf(d->row_bytes, d->dims[k], &d->row_bytes)) || h5l__mul_ovf(d->chunk_bytes, d->g.cdim[k], &d->chunk_bytes) ||
            d->chunk_bytes > 0xffffffffu || d->row_bytes > (uint64_t)INT64_MAX) {
            st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: %s: chunk dim %u (%llu) or sizes out of range", a->path, path, k,
                           (unsigned long long)d->g.cdim[k]);
            break;
        }
        d->g.nch[k] = k ? d->dims[k] / d->g.cdim[k] + (d->dims[k] % d->g.cdim[k] != 0) : 0;
        if (k && d->maxdims[k] != d->dims[k])
            st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s: only the first dimension may grow", a->path, path);
    }
    d->nf = di->nfilters;
    for (k = 0; k < d->nf; k++) {
        d->fl[k] = di->filters[k];
        memcpy(d->cd[k], di->filters[k].cd, di->filters[k].ncd * sizeof *d->cd[k]);
        d->fl[k].cd = d->cd[k];
        d->fl[k].name = "";
    }
    d->band_rows = d->g.cdim[0] ? d->g.cdim[0] : 1;
    d->per_band = 1;
    if (st == H5L_OK && h5l__mul_ovf(d->band_rows, d->row_bytes, &d->band_bytes))
        st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: %s: a chunk row band overflows", a->path, path);
    for (k = 1; k < d->rank && st == H5L_OK; k++)
        if (h5l__mul_ovf(d->per_band, d->g.nch[k], &d->per_band))
            st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: %s: too many chunks a row band", a->path, path);
    d->rows = d->rows_new = d->dims[0];
    d->oh_addr = o->addr;
    d->bt = h5l__dset_of(di)->data_addr;
    d->replace_from = UINT64_MAX;
    if (st == H5L_OK && d->rows > (uint64_t)INT64_MAX / (d->row_bytes ? d->row_bytes : 1))
        st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: %s: %llu rows of %llu bytes", a->path, path, (unsigned long long)d->rows,
                       (unsigned long long)d->row_bytes);
    d->tb = d->rows ? (d->rows - 1) / d->band_rows : 0;
    {
        const h5l_attr *at = NULL;
        h5l_attrs *as = NULL;
        if (h5l_attrs_open(o, &as, NULL) == H5L_OK) at = h5l_attrs_find(as, "NROWS");
        d->nrows_attr = at && at->type->cls == H5L_CLASS_INTEGER && at->space.npoints == 1;
        h5l_attrs_close(as);
    }
    if (st == H5L_OK && (d->band_bytes > (uint64_t)SIZE_MAX / 2 || !(d->band = (uint8_t *)h5l__calloc(&a->alloc, (size_t)d->band_bytes))))
        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: no memory for a band of %llu bytes", path, (unsigned long long)d->band_bytes);
    if (st == H5L_OK && d->rows > d->tb * d->band_rows)       /* the rows already in the last band */
        st = h5l_dataset_read_raw(o, d->tb * d->band_rows, d->rows - d->tb * d->band_rows, d->band, (size_t)d->band_bytes, err);
    if (st == H5L_OK && !(d->path = (char *)h5l__malloc(&a->alloc, strlen(path) + 1))) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    if (st == H5L_OK) strcpy(d->path, path);
    h5l_obj_close(o);
    if (st != H5L_OK) {
        h5l__ap_dset_free(a, d);
        return st;
    }
    *out = (h5l_dset)a->nds++;
    return H5L_OK;
}

uint64_t h5l_append_rows(const h5l_appender *a, h5l_dset d)
{
    return a && (size_t)d < a->nds ? a->ds[d].rows_new : 0;
}

/* Band d->tb's chunk, written straight from a caller's rows, is about to be
 * replaced: when not yet committed, its record (the last one) goes. */
static void h5l__ap_direct_drop(h5l__adset *d)
{
    if (d->direct && d->nrecs && d->recs[d->nrecs - 1].addr == d->direct_addr) d->nrecs--;
    d->direct = 0;
}

/* Read back the chunk of band d->tb that went to the file straight from a
 * caller's rows, into d->band, before some of its rows are written again.
 * Not yet committed: the new chunk will replace it (its record goes);
 * committed: the usual replacement of the last committed band applies. */
static h5l_status h5l__ap_band_load(h5l_appender *a, h5l__adset *d, h5l_error *err)
{
    uint64_t at = 0, size;
    h5l_status st = h5l__ap_flush(a, err);   /* a small chunk may still wait in the write cache */
    while (st == H5L_OK && at < d->band_bytes) {
        size_t got = 0, want = d->band_bytes - at > ((uint64_t)1 << 30) ? (size_t)1 << 30 : (size_t)(d->band_bytes - at);
        st = h5l__wf_peek(&a->wf, d->band + at, want, a->f->base + d->direct_addr + at, &got, &size, err);
        if (st == H5L_OK && got == 0)
            st = h5l__fail(err, H5L_EIO, H5L_NO_OFFSET, "%s: %s: the file ends inside a chunk just written", a->path, d->path);
        at += got;
    }
    if (st == H5L_OK) h5l__ap_direct_drop(d);
    return st;
}

h5l_status h5l_append_write(h5l_appender *a, h5l_dset di, uint64_t first, uint64_t count, const void *buf, h5l_error *err)
{
    h5l__adset *d;
    const uint8_t *p = (const uint8_t *)buf;
    uint64_t end;
    h5l_status st = H5L_OK;
    h5l__clear(err);
    if (!a || (size_t)di >= a->nds) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_write: no such dataset");
    if (a->failed) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the appender failed earlier", a->path);
    d = &a->ds[di];
    if (count == 0) return H5L_OK;
    if (!buf) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_write: buf is NULL");
    if (first < d->tb * d->band_rows || first > d->rows_new || h5l__add_ovf(first, count, &end) ||
        end > (uint64_t)INT64_MAX / (d->row_bytes ? d->row_bytes : 1))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: %s: rows [%llu, +%llu): writes start between row %llu (the last chunk's first) and %llu (the end)",
                         a->path, d->path, (unsigned long long)first, (unsigned long long)count,
                         (unsigned long long)(d->tb * d->band_rows), (unsigned long long)d->rows_new);
    while (first < end && st == H5L_OK) {
        uint64_t bi = first / d->band_rows, r0 = first - bi * d->band_rows;
        uint64_t k = d->band_rows - r0 < end - first ? d->band_rows - r0 : end - first;
        if (r0 == 0 && k == d->band_rows && first >= d->rows && d->nf == 0 && d->per_band == 1 && d->band_bytes == d->chunk_bytes) {
            /* A whole band of new rows that is one unfiltered chunk: written
             * from the caller's buffer as it is, neither copied into the
             * band nor the band zeroed (a tenth of an append's time). */
            if (bi != d->tb && d->dirty) st = h5l__ap_band_write(a, d, d->tb, d->band, err);
            if (st != H5L_OK) break;
            if (bi == d->tb) h5l__ap_direct_drop(d);   /* the same band again: the new chunk replaces it */
            if ((st = h5l__ap_band_write(a, d, bi, p, err)) != H5L_OK) break;
            d->tb = bi;
            d->dirty = 0;
            d->direct = 1;
            d->direct_addr = d->recs[d->nrecs - 1].addr;
            p += k * d->row_bytes;
            first += k;
            if (first > d->rows_new) d->rows_new = first;
            continue;
        }
        if (bi != d->tb) {                     /* past the band: it is complete */
            if (d->dirty) st = h5l__ap_band_write(a, d, d->tb, d->band, err);
            if (st != H5L_OK) break;
            memset(d->band, 0, (size_t)d->band_bytes);
            d->tb = bi;
            d->dirty = 0;
            d->direct = 0;
        } else if (d->direct) {                /* rows of a band written straight: its chunk back into the band */
            if ((st = h5l__ap_band_load(a, d, err)) != H5L_OK) break;
        }
        if (!d->dirty && d->tb * d->band_rows < d->rows && d->replace_from == UINT64_MAX)
            d->replace_from = d->tb * d->per_band;      /* its committed chunks will be replaced */
        d->dirty = 1;
        memcpy(d->band + r0 * d->row_bytes, p, (size_t)(k * d->row_bytes));
        p += k * d->row_bytes;
        first += k;
        if (first > d->rows_new) d->rows_new = first;
    }
    if (st != H5L_OK) a->failed = 1;
    return st;
}

static int h5l__ap_depth(const char *p)
{
    int n = 0;
    for (; *p; p++) n += *p == '/';
    return n;
}

/* The parent of path p in buf ("/" for top-level objects). */
static void h5l__ap_parent(const char *p, char *buf, size_t cap)
{
    const char *s = strrchr(p, '/');
    size_t n = s ? (size_t)(s - p) : 0;
    if (n == 0 || n >= cap) n = 0;
    if (n == 0) {
        buf[0] = '/';
        buf[1] = 0;
        return;
    }
    memcpy(buf, p, n);
    buf[n] = 0;
}

h5l_status h5l_append_commit(h5l_appender *a, h5l_error *err)
{
    h5l__apmoves mv = {NULL, 0, 0};
    char **groups = NULL;
    size_t ng = 0, i, j;
    uint64_t *roots = NULL;
    h5l_status st = H5L_OK;
    int any = 0;
    h5l__clear(err);
    if (!a) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_append_commit: appender is NULL");
    if (a->failed) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the appender failed earlier", a->path);
    a->commit_start = a->eoa;
    if ((st = h5l__ap_unchanged(a, err)) != H5L_OK) {      /* before writing anything more */
        a->failed = 1;
        return st;
    }
    roots = (uint64_t *)h5l__malloc(&a->alloc, (a->nds + 1) * sizeof *roots);
    groups = (char **)h5l__calloc(&a->alloc, (a->nds * 34 + 1) * sizeof *groups);
    if (!roots || !groups) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
    /* 1. the last bands' chunks, then (gathered into few writes) B-trees and dataset headers */
    for (i = 0; i < a->nds && st == H5L_OK; i++) {
        h5l__adset *d = &a->ds[i];
        roots[i] = d->bt;
        if (d->dirty) st = h5l__ap_band_write(a, d, d->tb, d->band, err);
        d->dirty = d->dirty ? 2 : 0;           /* 2: written, still to be marked clean after the switch */
    }
    for (i = 0; i < a->nds && st == H5L_OK; i++) {
        h5l__adset *d = &a->ds[i];
        if (!d->dirty && !d->nrecs && d->rows_new == d->rows) continue;
        any = 1;
        if (st == H5L_OK) {
            if (d->nrecs > 1) qsort(d->recs, d->nrecs, sizeof *d->recs, h5l__w_crec_cmp);
            st = h5l__ap_btree(a, d, d->replace_from, &roots[i], err);
        }
        if (st == H5L_OK) st = h5l__ap_dset_header(a, d, roots[i], &mv, err);
        /* its groups, deepest first later */
        if (st == H5L_OK) {
            char par[1024];
            const char *cur = d->path;
            char tmp[1024];
            snprintf(tmp, sizeof tmp, "%s", cur);
            while (st == H5L_OK) {
                int seen = 0;
                h5l__ap_parent(tmp, par, sizeof par);
                for (j = 0; j < ng; j++)
                    if (strcmp(groups[j], par) == 0) seen = 1;
                if (!seen) {
                    if (!(groups[ng] = (char *)h5l__malloc(&a->alloc, strlen(par) + 1))) {
                        st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "out of memory");
                        break;
                    }
                    strcpy(groups[ng++], par);
                }
                if (strcmp(par, "/") == 0) break;
                snprintf(tmp, sizeof tmp, "%s", par);
            }
        }
    }
    if (st == H5L_OK && any) {
        /* 2. groups, deepest first (a parent after all its children) */
        for (i = 0; i < ng; i++)
            for (j = i + 1; j < ng; j++)
                if (h5l__ap_depth(groups[j]) > h5l__ap_depth(groups[i]) || (strcmp(groups[i], "/") == 0 && strcmp(groups[j], "/") != 0)) {
                    char *t = groups[i];
                    groups[i] = groups[j];
                    groups[j] = t;
                }
        for (i = 0; i < ng && st == H5L_OK; i++) st = h5l__ap_group(a, groups[i], &mv, err);
    }
    if (st == H5L_OK && any) {
        /* 3. sync, superblock, sync */
        const h5l__apmove *root = h5l__ap_moved(&mv, a->f->root_addr);
        const uint8_t *sp = a->f->map + a->f->sb_offset;
        h5l__sb sb;
        uint8_t buf[256];
        size_t n = 0;
        int sync = !(a->flags & H5L_WRITE_NO_SYNC);
        st = h5l__ap_unchanged(a, err);
        if (st == H5L_OK) st = h5l__superblock_decode(sp, (size_t)(a->f->size - a->f->sb_offset), a->f->sb_offset, &sb, err);
        if (st == H5L_OK && !root) st = h5l__fail(err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: the root group was not rewritten", a->path);
        if (st == H5L_OK) {
            sb.eof = a->eoa;
            sb.root_addr = root->new_addr;
            sb.root.addr = root->new_addr;
            if (sb.version <= 1 && sb.root.cache == H5L__CACHE_STAB && root->stab) {
                sb.root.btree = root->btree;
                sb.root.heap = root->heap;
            }
            n = h5l__superblock_encode(NULL, &sb);
            if (n > sizeof buf) st = h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "superblock of %zu bytes", n);
        }
        if (st == H5L_OK) st = h5l__ap_flush(a, err);
        /* the file's bytes end where the new EOA says: left over bytes of a commit that never happened go */
        if (st == H5L_OK) {
            uint8_t b1;
            size_t got = 0;
            uint64_t size = 0;
            st = h5l__wf_peek(&a->wf, &b1, 0, 0, &got, &size, err);
            if (st == H5L_OK && size != a->f->base + a->eoa) st = h5l__wf_set_size(&a->wf, a->f->base + a->eoa, err);
        }
        if (st == H5L_OK && sync) st = h5l__wf_sync(&a->wf, err);
        if (st == H5L_OK) {
            h5l__superblock_encode(buf, &sb);
            st = h5l__wf_pwrite(&a->wf, buf, n, a->f->sb_offset, err);
            if (st == H5L_OK) a->keep_size = a->f->base + a->eoa;   /* switched: never cut these bytes off */
        }
        if (st == H5L_OK && sync) st = h5l__wf_sync(&a->wf, err);
        a->wb_lo = a->wb_hi = 0;                 /* all on the disk */
        if (st == H5L_OK) {
            /* 4. the committed state */
            h5l_open_options oo;
            h5l_file *nf = NULL;
            memset(&oo, 0, sizeof oo);
            oo.alloc = &a->alloc;
            st = h5l_open(a->path, &oo, &nf, err);
            if (st == H5L_OK) {
                h5l_close(a->f);
                a->f = nf;
                a->keep_size = nf->size;
                a->wrote = 0;
                h5l__ap_keep_sb(a);
                for (i = 0; i < a->nds; i++) {
                    h5l__adset *d = &a->ds[i];
                    const h5l__apmove *m = h5l__ap_moved(&mv, d->oh_addr);
                    if (m) d->oh_addr = m->new_addr;
                    d->bt = roots[i];
                    d->rows = d->rows_new;
                    d->nrecs = 0;
                    d->dirty = 0;
                    d->replace_from = UINT64_MAX;
                }
            }
        }
    }
    if (st != H5L_OK) a->failed = 1;
    for (i = 0; i < ng; i++) h5l__free(&a->alloc, groups[i]);
    h5l__free(&a->alloc, groups);
    h5l__free(&a->alloc, roots);
    h5l__free(&a->alloc, mv.v);
    return st;
}

void h5l_append_close(h5l_appender *a)
{
    size_t i;
    if (!a) return;
    for (i = 0; i < a->nds; i++) h5l__ap_dset_free(a, &a->ds[i]);
    h5l__free(&a->alloc, a->ds);
    h5l__free(&a->alloc, a->wc);
    /* rows never committed: their bytes go, the file is as it was byte for byte
     * (unless another program changed it meanwhile: then nothing is touched) */
    if (a->file_open && a->wrote && a->f && h5l__ap_unchanged(a, NULL) == H5L_OK) (void)h5l__wf_set_size(&a->wf, a->keep_size, NULL);
    if (a->f) h5l_close(a->f);
    if (a->file_open) (void)h5l__wf_close(&a->wf, NULL);
    h5l__free(&a->alloc, a->path);
    h5l__free(&a->alloc, a);
}

/* ======================================================================
 * SECTION F — Reading tables, vaex layout (hdf5lite.h section 4)
 *
 * Layouts, as vaex's hdf5 reader (vaex/hdf5/dataset.py) accepts them:
 *   version 2  <group>/columns/<name>/{data, indices, mask, null_bitmap}
 *              column_order on <group>/columns; metadata (unit, ucd,
 *              description, alias) on the column group; `dtype` (and
 *              `dlength`) on the `data` dataset; a column group with
 *              type = "dictionary_encoded" holds two column groups,
 *              `indices` (the codes) and `dictionary` (the values).
 *   version 1  <group>/<name> is the dataset itself (vaex's "/data" and
 *              datasets directly in the root group); its attributes carry
 *              the metadata and `dtype`.
 * Datasets reached by hard links (all of them in files vaex, h5py and
 * hdf5lite write) are loaded one after another into one reused object whose
 * dataset descriptions are made in the table's arena: a column costs its
 * h5l_column, its h5l_dataset_info (dims sized by rank) and its name, and
 * loading it allocates nothing else. Objects reached through soft links stay
 * open until h5l_table_close (their h5l_dataset_info is what the columns
 * point to).
 * ====================================================================== */

struct h5l_table {
    h5l_file *f;
    const h5l_allocator *a;
    h5l__arena ar;               /* names, metadata strings, h5l_column structs, dataset descriptions */
    h5l_obj *gscr;               /* reused: the column group being loaded */
    h5l_obj *dscr;               /* reused: the dataset being loaded (description made in ar) */
    h5l__tcache tc;              /* types decoded into ar, shared by the columns */
    h5l_attrs *ascr;             /* reused: the attributes being read */
    h5l_obj **objs;              /* every object kept open */
    size_t nobjs, capobjs;
    h5l_column **cols;           /* in final order */
    size_t ncols, capcols;
};

#define H5L__TR_MAX_DEPTH 4      /* dictionary nesting */

/* The attributes of o, loaded into the table's reused h5l_attrs (valid until
 * the next call; not closed by the caller). */
static h5l_status h5l__tr_attrs(h5l_table *t, const h5l_obj *o, h5l_attrs **out, h5l_error *err)
{
    *out = NULL;
    if (!t->ascr && !(t->ascr = h5l__attrs_new(t->f))) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    *out = t->ascr;
    return h5l__attrs_load(t->ascr, o, err);
}

static h5l_status h5l__tr_keep(h5l_table *t, h5l_obj *o, h5l_error *err)
{
    if (h5l__grow(t->a, (void **)&t->objs, &t->capobjs, t->nobjs + 1, sizeof *t->objs) != 0) {
        h5l_obj_close(o);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    }
    t->objs[t->nobjs++] = o;
    return H5L_OK;
}

/* Open `name` under group g and keep it. ENOTFOUND passes through. */
static h5l_status h5l__tr_open(h5l_table *t, const h5l_obj *g, const char *name, h5l_obj **out, h5l_error *err)
{
    h5l_obj *o = NULL;
    h5l_status st = h5l_obj_open_rel(g, name, &o, err);
    *out = NULL;
    if (st != H5L_OK) return st;
    st = h5l__tr_keep(t, o, err);
    if (st != H5L_OK) return st;
    *out = o;
    return H5L_OK;
}

/* Does group g have a link `name`? 1 yes, 0 no, -1 error (err set). */
static int h5l__tr_has(const h5l_obj *g, const char *name, h5l_error *err)
{
    h5l_link l;
    h5l_error e2;
    h5l_status st = h5l_group_find(g, name, &l, &e2);
    if (st == H5L_OK) return 1;
    if (st == H5L_ENOTFOUND) return 0;
    if (err) *err = e2;
    return -1;
}

/* Does group g hold at least one dataset (hard or soft link)? 1, 0, -1 on error. */
typedef struct h5l__tr_hd { const h5l_obj *g; int found; h5l_status st; h5l_error *err; } h5l__tr_hd;
static int h5l__tr_hd_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_hd *h = (h5l__tr_hd *)ctx;
    h5l_obj *o = NULL;
    if (l->type == H5L_LINK_EXTERNAL) return 0;
    if (l->type == H5L_LINK_SOFT) {
        char name[256];
        if (l->name_len >= sizeof name) return 0;
        memcpy(name, l->name, l->name_len);
        name[l->name_len] = 0;
        {
            h5l_error e2;
            h5l_status s2 = h5l_obj_open_rel(h->g, name, &o, &e2);
            if (s2 == H5L_ENOTFOUND || s2 == H5L_EUNSUPPORTED) return 0;   /* dangling, or through an external link */
            if (s2 != H5L_OK) {                                            /* out of memory, corrupt: report it */
                h->st = s2;
                if (h->err) *h->err = e2;
                return 1;
            }
        }
    } else {
        h->st = h5l_obj_open_addr(h5l_obj_get_file(h->g), l->addr, &o, h->err);
        if (h->st != H5L_OK) return 1;
    }
    h->found = h5l_obj_get_kind(o) == H5L_OBJ_DATASET;
    h5l_obj_close(o);
    return h->found;
}
static int h5l__tr_has_dataset(const h5l_obj *g, h5l_error *err)
{
    h5l__tr_hd h;
    h5l_status st;
    h.g = g; h.found = 0; h.st = H5L_OK; h.err = err;
    st = h5l_group_iterate(g, H5L_ITER_NATIVE, h5l__tr_hd_cb, &h, err);
    if (st != H5L_OK || h.st != H5L_OK) return -1;
    return h.found;
}

/* The links of a column group that a column uses, found in one pass over
 * the group (no lookups by name, no error messages made for absent ones). */
enum { H5L__TRM_DATA, H5L__TRM_INDICES, H5L__TRM_MASK, H5L__TRM_BITMAP, H5L__TRM_N };
static const char *const h5l__trm_names[H5L__TRM_N] = {"data", "indices", "mask", "null_bitmap"};
typedef struct h5l__tr_members {
    int state[H5L__TRM_N];          /* 0 absent, 1 hard link (addr), 2 another kind of link (open by name) */
    uint64_t addr[H5L__TRM_N];
} h5l__tr_members;

static int h5l__tr_members_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_members *m = (h5l__tr_members *)ctx;
    unsigned k;
    for (k = 0; k < H5L__TRM_N; k++)
        if (l->name_len == strlen(h5l__trm_names[k]) && memcmp(l->name, h5l__trm_names[k], l->name_len) == 0 && !m->state[k]) {
            m->state[k] = l->type == H5L_LINK_HARD ? 1 : 2;
            m->addr[k] = l->addr;
        }
    return 0;
}

static h5l_status h5l__tr_members_get(const h5l_obj *g, h5l__tr_members *m, h5l_error *err)
{
    memset(m, 0, sizeof *m);
    return h5l_group_iterate(g, H5L_ITER_NATIVE, h5l__tr_members_cb, m, err);
}

/* Load the object at addr into the reused dataset object t->dscr (its
 * dataset description lands in t->ar and outlives the next load). *out is
 * valid until the next call. */
static h5l_status h5l__tr_load_addr(h5l_table *t, uint64_t addr, h5l_obj **out, h5l_error *err)
{
    h5l_status st;
    *out = NULL;
    if (!t->dscr) {
        t->dscr = h5l__obj_new(t->f, addr);
        if (!t->dscr) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
        t->dscr->dar = &t->ar;
        t->dscr->tcache = &t->tc;
    }
    st = h5l__obj_reload(t->dscr, addr, err);
    if (st != H5L_OK) return st;
    *out = t->dscr;
    return H5L_OK;
}

/* Open member k (known to exist): a hard link loads into t->dscr (valid
 * until the next load), another kind of link opens an object kept open. */
static h5l_status h5l__tr_open_member(h5l_table *t, const h5l_obj *g, const h5l__tr_members *m, unsigned k, h5l_obj **out,
                                      h5l_error *err)
{
    if (m->state[k] != 1) return h5l__tr_open(t, g, h5l__trm_names[k], out, err);
    return h5l__tr_load_addr(t, m->addr[k], out, err);
}

/* Signed/unsigned integer of a stored element, as int64 (unsigned values
 * above INT64_MAX saturate). t must be INTEGER (or ENUM over one). */
static int h5l__tr_int_elem(const h5l_dtype *t, const uint8_t *p, int64_t *out)
{
    uint8_t tmp[8];
    uint64_t v;
    unsigned i, n;
    if (t->cls == H5L_CLASS_ENUM && t->base) t = t->base;
    if (t->cls != H5L_CLASS_INTEGER || t->size < 1 || t->size > 8) return -1;
    n = (unsigned)t->size;
    for (i = 0; i < n; i++) tmp[i] = t->order == H5L_BE ? p[n - 1 - i] : p[i];
    v = h5l__ldn(tmp, n);
    if (t->is_signed && n < 8 && (v >> (8 * n - 1)) & 1u) v |= ~(uint64_t)0 << (8 * n);
    if (t->is_signed) {
        *out = v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
    } else {
        *out = v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
    }
    return 0;
}

/* 1 when d's elements are in memory (contiguous or compact in the file's
 * mapping) or were never written (all fill value). */
static int h5l__tr_in_place(const h5l_dataset_info *d)
{
    return d->data != NULL || !d->allocated || d->layout != H5L_LAYOUT_CHUNKED;
}

/* Byte i of a 1-byte-element dataset (fill value when never allocated; a
 * chunked dataset decodes the chunk that holds it). */
static uint8_t h5l__tr_byte(const h5l_dataset_info *d, uint64_t i)
{
    uint8_t b = 0;
    if (d->data) return ((const uint8_t *)d->data)[i];
    if (!h5l__tr_in_place(d) && h5l_dataset_info_read(d, i, 1, &b, 1, NULL, NULL) == H5L_OK) return b;
    if (d->fill_value && d->fill_size >= 1) return ((const uint8_t *)d->fill_value)[0];
    return 0;
}

/* Integer element i of a dataset (fill value when never allocated; a
 * chunked dataset decodes the chunk that holds it). */
static int h5l__tr_int_at(const h5l_dataset_info *d, uint64_t i, int64_t *out)
{
    static const uint8_t zeros[8] = {0};
    uint8_t buf[8];
    const uint8_t *p;
    if (d->data) p = (const uint8_t *)d->data + i * d->type->size;
    else if (!h5l__tr_in_place(d) && d->type->size <= 8) {
        if (h5l_dataset_info_read(d, i, 1, buf, sizeof buf, NULL, NULL) != H5L_OK) return -1;
        p = buf;
    } else if (d->fill_value && d->fill_size >= d->type->size) p = (const uint8_t *)d->fill_value;
    else p = zeros;
    return h5l__tr_int_elem(d->type, p, out);
}

/* A string attribute of o as an arena string; *out NULL when absent or not
 * a string. */
static h5l_status h5l__tr_attr_str(h5l_table *t, const h5l_attrs *as, const char *name, const char **out, h5l_error *err)
{
    const h5l_attr *at = h5l_attrs_find(as, name);
    const char *s;
    size_t len;
    h5l_status st;
    *out = NULL;
    if (!at || !at->type) return H5L_OK;
    if (at->type->cls != H5L_CLASS_STRING && !(at->type->cls == H5L_CLASS_VLEN && at->type->is_vlen_string)) return H5L_OK;
    if (at->space.npoints < 1 || !at->data || at->data_size < at->type->size) return H5L_OK;
    st = h5l_string_get(t->f, at->type, at->data, &s, &len, err);
    if (st != H5L_OK) return st;
    if (!s) len = 0;
    *out = h5l__arena_strndup(&t->ar, s ? s : "", len);
    if (!*out) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    return H5L_OK;
}

/* Check a dataset a column uses: contiguous, compact or chunked, rank >= 1,
 * contiguous storage covering its elements. */
static h5l_status h5l__tr_check_ds(const h5l_obj *o, const char *col, const char *what, const h5l_dataset_info **out,
                                   h5l_error *err)
{
    const h5l_dataset_info *d = h5l_obj_dataset(o);
    uint64_t need;
    *out = NULL;
    if (!d || !d->type) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s is not a dataset", col, what);
    if (d->layout == H5L_LAYOUT_VIRTUAL || d->external)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(o), "column %s: %s is stored %s (contiguous, compact or chunked columns can be read)",
                         col, what, d->external ? "in an external file" : "virtual");
    if (d->space.kind != H5L_SPACE_SIMPLE || d->space.rank < 1)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(o), "column %s: %s is not an array (rank 0 or null dataspace)", col, what);
    if (d->type->size == 0 || h5l__mul_ovf(d->space.npoints, d->type->size, &need))
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s has an impossible size", col, what);
    if (d->data && d->storage_size < need)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: %s storage (%llu bytes) smaller than its %llu elements",
                         col, what, (unsigned long long)d->storage_size, (unsigned long long)d->space.npoints);
    *out = d;
    return H5L_OK;
}

static int h5l__tr_is_int(const h5l_dtype *t)
{
    return t && t->cls == H5L_CLASS_INTEGER && t->size >= 1 && t->size <= 8;
}

/* Validity datasets of a column group (v2) and the null count. */
static unsigned h5l__tr_popcount8(unsigned v)
{
    unsigned n = 0;
    for (; v; v &= v - 1) n++;
    return n;
}

/* Null rows of a column, from its validity bytes as stored: work bounded by
 * the stored bytes, not by the row count the file claims (storage never
 * written is all fill value, counted at once). Mask first, as vaex. */
/* ... of a chunked validity dataset: read in blocks of whole chunks. */
static uint64_t h5l__tr_count_nulls_read(const h5l_column *c, const h5l_dataset_info *d)
{
    uint8_t buf[65536];
    uint64_t n = c->mask ? (c->rows < d->space.npoints ? c->rows : d->space.npoints) : (c->rows + 7) / 8;
    uint64_t at = 0, nulls = 0, valid = 0, i;
    uint64_t step = d->chunk_rank > 1 && d->chunk_dims[0] && d->chunk_dims[0] <= sizeof buf ? sizeof buf / d->chunk_dims[0] * d->chunk_dims[0] : sizeof buf;
    if (n > d->space.npoints) n = d->space.npoints;
    while (at < n) {
        uint64_t k = n - at < step ? n - at : step;
        if (h5l_dataset_info_read(d, at, k, buf, sizeof buf, NULL, NULL) != H5L_OK) return 0;
        for (i = 0; i < k; i++) {
            if (c->mask) nulls += buf[i] != 0;
            else {
                unsigned b = buf[i];
                uint64_t row = (at + i) * 8;
                if (row + 8 > c->rows) b &= (1u << (c->rows - row)) - 1u;
                valid += h5l__tr_popcount8(b);
            }
        }
        at += k;
    }
    return c->mask ? nulls : c->rows - valid;
}

static uint64_t h5l__tr_count_nulls(const h5l_column *c)
{
    const h5l_dataset_info *d = c->mask ? c->mask : c->null_bitmap;
    const uint8_t *p;
    uint64_t i, full, nulls = 0, valid = 0;
    unsigned rem;
    if (!d) return 0;
    if (!h5l__tr_in_place(d)) return h5l__tr_count_nulls_read(c, d);
    p = (const uint8_t *)d->data;
    if (c->mask) {
        uint64_t n = c->rows < d->space.npoints ? c->rows : d->space.npoints;   /* as h5l_column_is_null */
        if (!p) return (d->fill_value && d->fill_size && *(const uint8_t *)d->fill_value) ? n : 0;
        for (i = 0; i < n; i++) nulls += p[i] != 0;
        return nulls;
    }
    full = c->rows / 8;
    rem = (unsigned)(c->rows % 8);
    if (!p) {
        unsigned fv = (d->fill_value && d->fill_size) ? *(const uint8_t *)d->fill_value : 0u;
        valid = (uint64_t)h5l__tr_popcount8(fv) * full + h5l__tr_popcount8(fv & ((1u << rem) - 1u));
    } else {
        for (i = 0; i < full; i++) valid += h5l__tr_popcount8(p[i]);
        if (rem) valid += h5l__tr_popcount8(p[full] & ((1u << rem) - 1u));
    }
    return c->rows - valid;
}

static h5l_status h5l__tr_validity(h5l_table *t, const h5l_obj *g, const h5l__tr_members *m, h5l_column *c, h5l_error *err)
{
    h5l_obj *o;
    int has;
    has = m->state[H5L__TRM_MASK] != 0;
    if (has) {
        h5l_status st = h5l__tr_open_member(t, g, m, H5L__TRM_MASK, &o, err);
        if (st == H5L_OK) st = h5l__tr_check_ds(o, c->name, "mask", &c->mask, err);
        if (st != H5L_OK) return st;
        if (c->mask->type->size != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask elements are %llu bytes, not 1", c->name,
                             (unsigned long long)c->mask->type->size);
        if (c->mask->space.dims[0] != c->rows)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: mask has %llu rows, data %llu", c->name,
                             (unsigned long long)c->mask->space.dims[0], (unsigned long long)c->rows);
    }
    has = m->state[H5L__TRM_BITMAP] != 0;
    if (has) {
        uint64_t need = c->rows / 8 + (c->rows % 8 != 0);
        h5l_status st = h5l__tr_open_member(t, g, m, H5L__TRM_BITMAP, &o, err);
        if (st == H5L_OK) st = h5l__tr_check_ds(o, c->name, "null_bitmap", &c->null_bitmap, err);
        if (st != H5L_OK) return st;
        if (c->null_bitmap->type->size != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: null_bitmap elements are %llu bytes, not 1", c->name,
                             (unsigned long long)c->null_bitmap->type->size);
        if (c->null_bitmap->space.npoints < need)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(o), "column %s: null_bitmap has %llu bytes, %llu rows need %llu",
                             c->name, (unsigned long long)c->null_bitmap->space.npoints, (unsigned long long)c->rows,
                             (unsigned long long)need);
    }
    c->null_count = h5l__tr_count_nulls(c);
    return H5L_OK;
}

/* Metadata attributes (from the column group in v2, the dataset in v1). */
static h5l_status h5l__tr_meta_from(h5l_table *t, const h5l_attrs *as, h5l_column *c, h5l_error *err)
{
    h5l_status st = h5l__tr_attr_str(t, as, "unit", &c->unit, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "ucd", &c->ucd, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "description", &c->description, err);
    if (st == H5L_OK) st = h5l__tr_attr_str(t, as, "alias", &c->alias, err);
    return st;
}

static h5l_status h5l__tr_meta(h5l_table *t, const h5l_obj *o, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    h5l_status st = h5l__tr_attrs(t, o, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_meta_from(t, as, c, err);
    return st;
}

/* `dtype` and `dlength` of a data dataset; sets the kind. */
static h5l_status h5l__tr_dtype(h5l_table *t, const h5l_obj *data, h5l_column *c, h5l_error *err)
{
    h5l_attrs *as = NULL;
    const h5l_attr *dl;
    h5l_status st = h5l__tr_attrs(t, data, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "dtype", &c->dtype_attr, err);
    if (st == H5L_OK && c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) {
        int64_t v = 0;
        dl = h5l_attrs_find(as, "dlength");
        if (!dl || !dl->data || dl->space.npoints < 1 || !h5l__tr_is_int(dl->type) || dl->data_size < dl->type->size ||
            h5l__tr_int_elem(dl->type, (const uint8_t *)dl->data, &v) != 0 || v <= 0)
            st = h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(data), "column %s: dtype utf32 without a positive integer dlength", c->name);
        else
            c->dlength = (uint64_t)v;
    }
    return st;
}

/* Load a version-2 column group g (not dictionary-encoded). */
static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, int *skip, h5l_error *err);

static h5l_status h5l__tr_col_dict(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, h5l_error *err)
{
    h5l_obj *ig, *dg;
    h5l_column *dict;
    h5l_column codes;
    h5l_status st;
    if (depth >= H5L__TR_MAX_DEPTH)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s: dictionaries nested too deeply", c->name);
    st = h5l__tr_open(t, g, "indices", &ig, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s has no indices", c->name);
    if (st != H5L_OK) return st;
    st = h5l__tr_open(t, g, "dictionary", &dg, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s has no dictionary", c->name);
    if (st != H5L_OK) return st;
    if (h5l_obj_get_kind(ig) != H5L_OBJ_GROUP || h5l_obj_get_kind(dg) != H5L_OBJ_GROUP)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "dictionary column %s: indices and dictionary must be groups", c->name);
    memset(&codes, 0, sizeof codes);
    codes.name = c->name;
    st = h5l__tr_col_v2(t, ig, &codes, depth + 1, NULL, err);
    if (st != H5L_OK) return st;
    if (codes.kind != H5L_COL_PRIMITIVE || !h5l__tr_is_int(codes.data->type) || codes.data->space.rank != 1)
        return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(ig), "dictionary column %s: codes are not 1-D integers", c->name);
    dict = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *dict);
    if (!dict) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    dict->name = c->name;
    st = h5l__tr_col_v2(t, dg, dict, depth + 1, NULL, err);
    if (st != H5L_OK) return st;
    if (dict->kind != H5L_COL_PRIMITIVE && dict->kind != H5L_COL_STRING)
        return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(dg), "dictionary column %s: dictionary of an unsupported kind", c->name);
    c->kind = H5L_COL_DICT;
    c->rows = codes.rows;
    c->data = codes.data;
    c->mask = codes.mask;
    c->null_bitmap = codes.null_bitmap;
    c->null_count = codes.null_count;
    c->dtype_attr = codes.dtype_attr;
    c->dictionary = dict;
    return H5L_OK;
}

/* With skip (top-level column groups): a group whose `type` attribute is
 * neither absent nor "dictionary_encoded" is not a column: *skip = 1. */
static h5l_status h5l__tr_col_v2(h5l_table *t, const h5l_obj *g, h5l_column *c, int depth, int *skip, h5l_error *err)
{
    h5l_obj *dobj, *iobj;
    const char *type = NULL;
    h5l_attrs *as = NULL;
    h5l__tr_members m;
    h5l_status st;

    st = h5l__tr_attrs(t, g, &as, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_attr_str(t, as, "type", &type, err);
    if (st == H5L_OK && skip) *skip = type && strcmp(type, "dictionary_encoded") != 0;
    if (st == H5L_OK && !(skip && *skip)) st = h5l__tr_meta_from(t, as, c, err);
    if (st != H5L_OK || (skip && *skip)) return st;
    if (type && strcmp(type, "dictionary_encoded") == 0) return h5l__tr_col_dict(t, g, c, depth, err);
    if (type) return h5l__fail(err, H5L_EUNSUPPORTED, h5l_obj_get_addr(g), "column %s: column type \"%s\" is not supported", c->name, type);

    st = h5l__tr_members_get(g, &m, err);
    if (st != H5L_OK) return st;
    if (!m.state[H5L__TRM_DATA]) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s has no data dataset", c->name);
    st = h5l__tr_open_member(t, g, &m, H5L__TRM_DATA, &dobj, err);
    if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "column %s has no data dataset", c->name);
    if (st != H5L_OK) return st;
    st = h5l__tr_check_ds(dobj, c->name, "data", &c->data, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_dtype(t, dobj, c, err);
    if (st != H5L_OK) return st;
    if (c->dtype_attr && strcmp(c->dtype_attr, "str") == 0) {
        const h5l_dataset_info *ix;
        c->kind = H5L_COL_STRING;
        if (c->data->type->size != 1 || c->data->space.rank != 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(dobj), "string column %s: data is not 1-D bytes", c->name);
        if (!m.state[H5L__TRM_INDICES]) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "string column %s has no indices", c->name);
        st = h5l__tr_open_member(t, g, &m, H5L__TRM_INDICES, &iobj, err);
        if (st == H5L_ENOTFOUND) return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(g), "string column %s has no indices", c->name);
        if (st != H5L_OK) return st;
        st = h5l__tr_check_ds(iobj, c->name, "indices", &ix, err);
        if (st != H5L_OK) return st;
        if (!h5l__tr_is_int(ix->type) || (ix->type->size != 4 && ix->type->size != 8) || ix->space.rank != 1 || ix->space.dims[0] < 1)
            return h5l__fail(err, H5L_ECORRUPT, h5l_obj_get_addr(iobj), "string column %s: indices must be 1-D int32/int64 with rows+1 entries", c->name);
        c->indices = ix;
        c->rows = ix->space.dims[0] - 1;
    } else if (c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) {
        c->kind = H5L_COL_STRING_UTF32;
        c->rows = c->data->space.dims[0];
    } else {
        c->kind = H5L_COL_PRIMITIVE;
        c->rows = c->data->space.dims[0];
    }
    return h5l__tr_validity(t, g, &m, c, err);
}

/* A version-1 column: the dataset itself. */
static h5l_status h5l__tr_col_v1(h5l_table *t, const h5l_obj *d, h5l_column *c, h5l_error *err)
{
    h5l_status st = h5l__tr_check_ds(d, c->name, "data", &c->data, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_meta(t, d, c, err);
    if (st != H5L_OK) return st;
    st = h5l__tr_dtype(t, d, c, err);
    if (st != H5L_OK) return st;
    c->kind = (c->dtype_attr && strcmp(c->dtype_attr, "utf32") == 0) ? H5L_COL_STRING_UTF32 : H5L_COL_PRIMITIVE;
    c->rows = c->data->space.dims[0];
    c->null_count = 0;
    return H5L_OK;
}

/* The name vaex gives a column, and column_order lists: the group's name
 * (an `alias` attribute is metadata: vaex maps it to that name). */
static const char *h5l__tr_vname(const h5l_column *c) { return c->name; }

/* ---- collecting the links of the columns group ---- */

#define H5L__TR_DROP_EVERY 512   /* links between two h5l__drop_pages while listing the columns */
#define H5L__TR_DROP_SHIFT 19    /* loading: drop when the headers reach the next 512 KiB of the file */
#define H5L__TR_PREFETCH 4096    /* loading: bytes of the next column's headers to prefetch */

typedef struct h5l__tr_names {
    h5l_table *t;
    const char **names;
    unsigned char *hard;
    uint64_t *addr;                /* of hard links: opened by address, not looked up again by name */
    size_t n, cap, caph, capa;
    int oom;
    int drop;                      /* give mapped pages back now and then (dense groups: nodes read in place) */
} h5l__tr_names;

static int h5l__tr_name_cb(void *ctx, const h5l_link *l)
{
    h5l__tr_names *nm = (h5l__tr_names *)ctx;
    char *s;
    if (h5l__grow(nm->t->a, (void **)&nm->names, &nm->cap, nm->n + 1, sizeof *nm->names) != 0 ||
        h5l__grow(nm->t->a, (void **)&nm->hard, &nm->caph, nm->n + 1, 1) != 0 ||
        h5l__grow(nm->t->a, (void **)&nm->addr, &nm->capa, nm->n + 1, sizeof *nm->addr) != 0 ||
        !(s = h5l__arena_strndup(&nm->t->ar, l->name, l->name_len))) {
        nm->oom = 1;
        return 1;
    }
    nm->names[nm->n] = s;
    nm->hard[nm->n] = l->type == H5L_LINK_HARD;
    nm->addr[nm->n] = l->addr;
    nm->n++;
    if (nm->drop && nm->n % H5L__TR_DROP_EVERY == 0) h5l__drop_pages(nm->t->f);   /* the group's nodes are all over the file */
    return 0;
}

void h5l_table_close(h5l_table *t)
{
    size_t i;
    const h5l_allocator *a;
    if (!t) return;
    a = t->a;
    h5l_obj_close(t->gscr);
    h5l_obj_close(t->dscr);
    h5l_attrs_close(t->ascr);
    for (i = t->nobjs; i > 0; i--) h5l_obj_close(t->objs[i - 1]);
    h5l__free(a, t->objs);
    h5l__free(a, t->cols);
    h5l__arena_free(&t->ar);
    h5l__free(a, t);
}

/* ---- column_order: match names through a hash table (linear time) ---- */

/* Move the columns named in `order` (comma-separated vaex names, each taken
 * once: the first not yet taken column of that name) to t->cols, in that
 * order; taken entries of loaded[] become NULL. Equal names are chained in
 * index order; a slot holds the first index of its name. */
static h5l_status h5l__tr_apply_order(h5l_table *t, const char *order, h5l_column **loaded, size_t nloaded, h5l_error *err)
{
    /* 32-bit indices: the table is transient but sized by the column count,
     * and sits on top of everything the table keeps (memory peak) */
    size_t cap = 16, mask, i;
    uint32_t *slot, *nxt, *cur, *last;
    const uint32_t none = UINT32_MAX;
    const char **names;
    const char *p = order;
    if (nloaded >= (size_t)UINT32_MAX / 4) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: too many columns");
    while (cap < nloaded * 2) cap *= 2;
    slot = (uint32_t *)h5l__malloc(t->a, (cap + 3 * nloaded) * sizeof *slot);
    names = (const char **)h5l__malloc(t->a, (nloaded ? nloaded : 1) * sizeof *names);
    if (!slot || !names) {
        h5l__free(t->a, slot);
        h5l__free(t->a, (void *)names);
        return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    }
    nxt = slot + cap;             /* next index with the same name, none at the end */
    cur = nxt + nloaded;          /* at a name's first index: its first index not yet taken */
    last = cur + nloaded;         /* at a name's first index: its last index so far */
    mask = cap - 1;
    for (i = 0; i < cap; i++) slot[i] = none;
    for (i = 0; i < nloaded; i++) {
        size_t h;
        names[i] = h5l__tr_vname(loaded[i]);
        nxt[i] = none;
        h = (size_t)h5l__lookup3(names[i], strlen(names[i]), 0) & mask;
        while (slot[h] != none && strcmp(names[slot[h]], names[i]) != 0) h = (h + 1) & mask;
        if (slot[h] == none) {
            slot[h] = (uint32_t)i;
            cur[i] = last[i] = (uint32_t)i;
        } else {
            nxt[last[slot[h]]] = (uint32_t)i;
            last[slot[h]] = (uint32_t)i;
        }
    }
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p), h = (size_t)h5l__lookup3(p, len, 0) & mask;
        /* p is not terminated after len: strncmp stops at a shorter name's NUL */
        while (slot[h] != none && !(strncmp(names[slot[h]], p, len) == 0 && names[slot[h]][len] == 0)) h = (h + 1) & mask;
        if (slot[h] != none) {
            uint32_t first = slot[h], j = cur[first];
            if (j != none) {
                cur[first] = nxt[j];
                t->cols[t->ncols++] = loaded[j];
                loaded[j] = NULL;
            }
        }
        if (!e) break;
        p = e + 1;
    }
    h5l__free(t->a, slot);
    h5l__free(t->a, (void *)names);
    return H5L_OK;
}

typedef struct h5l__tr_ord { uint64_t addr; size_t idx; } h5l__tr_ord;
static int h5l__tr_ord_cmp(const void *a, const void *b)
{
    const h5l__tr_ord *x = (const h5l__tr_ord *)a, *y = (const h5l__tr_ord *)b;
    if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}


/* Load every column of `cg` (version 2: groups; version 1: datasets). */
static h5l_status h5l__tr_load(h5l_table *t, const h5l_obj *cg, int v2, h5l_error *err)
{
    h5l__tr_names nm;
    h5l_attrs *as = NULL;
    const char *order = NULL;
    h5l_column **loaded = NULL;
    h5l__tr_ord *perm = NULL;
    size_t nloaded = 0, i, k;
    uint64_t region = UINT64_MAX;  /* 512 KiB region of the file the headers are in */
    h5l_status st;

    memset(&nm, 0, sizeof nm);
    nm.t = t;
    nm.drop = !cg->has_stab;       /* a symbol table's nodes are copied, not mapped (h5l__stab_visit) */
    st = h5l_group_iterate(cg, H5L_ITER_NAME, h5l__tr_name_cb, &nm, err);
    if (st == H5L_OK && nm.oom) st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    if (st != H5L_OK) goto done;
    st = h5l__tr_attrs(t, cg, &as, err);
    if (st != H5L_OK) goto done;
    st = h5l__tr_attr_str(t, as, "column_order", &order, err);
    if (st != H5L_OK) goto done;

    /* a plain column takes its h5l_column, one h5l_dataset_info and its dims */
    if (nm.n <= SIZE_MAX / 512) h5l__arena_expect(&t->ar, nm.n * (sizeof(h5l_column) + sizeof(h5l_dataset_info) + 48));
    if (nm.n) {
        if (nm.n <= SIZE_MAX / sizeof *loaded) loaded = (h5l_column **)h5l__calloc(t->a, nm.n * sizeof *loaded);
        if (!loaded) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
    }
    /* load in file order (hard links by address, then the others): headers
     * are read front to back, not all over the file in name order, so the
     * mapped pages can be given back whenever the headers move on to the
     * next 512 KiB of the file (the resident set stays within about two
     * such regions, or the large page-cache folios they touch, plus the
     * table), and the next column's headers, which lie between its address
     * and the one after, are prefetched while this one is decoded (on
     * libhdf5's files a column is five small structures: memory latency is
     * most of the time). loaded[] stays indexed by name */
    if (nm.n) {
        if (nm.n <= SIZE_MAX / sizeof *perm) perm = (h5l__tr_ord *)h5l__malloc(t->a, nm.n * sizeof *perm);
        if (!perm) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        for (i = 0; i < nm.n; i++) {
            perm[i].addr = nm.hard[i] ? nm.addr[i] : UINT64_MAX;
            perm[i].idx = i;
        }
        qsort(perm, nm.n, sizeof *perm, h5l__tr_ord_cmp);
        h5l__free(t->a, nm.addr);  /* perm holds the hard links' addresses now (memory peak) */
        nm.addr = NULL;
    }
    for (k = 0; k < nm.n; k++) {
        h5l_obj *o;
        h5l_column *c;
        i = perm[k].idx;
        if (perm[k].addr != UINT64_MAX && (perm[k].addr >> H5L__TR_DROP_SHIFT) != region) {
            if (region != UINT64_MAX || nm.n >= H5L__TR_DROP_EVERY) h5l__drop_pages(t->f);
            region = perm[k].addr >> H5L__TR_DROP_SHIFT;
        } else if (perm[k].addr == UINT64_MAX && k % H5L__TR_DROP_EVERY == H5L__TR_DROP_EVERY - 1) {
            h5l__drop_pages(t->f);          /* soft links: no address order */
        }
        if (k + 2 < nm.n && perm[k + 2].addr != UINT64_MAX && perm[k + 2].addr > perm[k + 1].addr) {
            uint64_t len = perm[k + 2].addr - perm[k + 1].addr, q;
            const uint8_t *pf;
            if (len > H5L__TR_PREFETCH) len = H5L__TR_PREFETCH;
            pf = h5l__at(t->f, perm[k + 1].addr, len);
            if (pf)
                for (q = 0; q < len; q += 64) H5L__PREFETCH(pf + q);
        }
        /* v1: the dataset is the column and stays open (kept); v2: the
         * column group is only needed while its column is loaded */
        o = NULL;
        if (nm.hard[i] && !v2) {
            st = h5l__tr_load_addr(t, perm[k].addr, &o, err);
        } else if (nm.hard[i]) {
            if (!t->gscr && !(t->gscr = h5l__obj_new(t->f, perm[k].addr)))
                st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
            else
                st = h5l__obj_reload(t->gscr, perm[k].addr, err);
            if (st == H5L_OK) o = t->gscr;
        } else {
            st = v2 ? h5l_obj_open_rel(cg, nm.names[i], &o, err) : h5l__tr_open(t, cg, nm.names[i], &o, err);
        }
        if (st != H5L_OK && !nm.hard[i] && (st == H5L_ENOTFOUND || st == H5L_EUNSUPPORTED)) {
            h5l__clear(err);                    /* dangling soft link, external link: not a column */
            continue;
        }
        if (st != H5L_OK) goto done;
        if (!v2 && h5l_obj_get_kind(o) != H5L_OBJ_DATASET) continue;
        if (v2 && h5l_obj_get_kind(o) != H5L_OBJ_GROUP) { if (o != t->gscr) h5l_obj_close(o); continue; }   /* not a column (vaex would fail; h5py-side views skip) */
        c = (h5l_column *)h5l__arena_alloc(&t->ar, sizeof *c);
        if (!c) {
            if (v2 && o != t->gscr) h5l_obj_close(o);
            st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
            goto done;
        }
        c->name = nm.names[i];
        if (v2) {
            int skip = 0;
            st = h5l__tr_col_v2(t, o, c, 0, &skip, err);
            if (o != t->gscr) h5l_obj_close(o);
            if (st != H5L_OK) goto done;
            if (skip) continue;                   /* e.g. csr_matrix groups: not a column */
        } else {
            st = h5l__tr_col_v1(t, o, c, err);
            if (st != H5L_OK) goto done;
        }
        loaded[i] = c;
    }
    if (nm.n >= H5L__TR_DROP_EVERY) h5l__drop_pages(t->f);
    /* what only the loading needed goes before column_order is matched:
     * these and the matcher's table would otherwise be the peak */
    h5l__free(t->a, perm);
    h5l__free(t->a, (void *)nm.names);
    h5l__free(t->a, nm.hard);
    perm = NULL;
    nm.names = NULL;
    nm.hard = NULL;
    for (i = 0; i < nm.n; i++)
        if (loaded[i]) loaded[nloaded++] = loaded[i];
    if (nloaded) {
        t->cols = (h5l_column **)h5l__malloc(t->a, nloaded * sizeof *t->cols);
        if (!t->cols) { st = h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory"); goto done; }
        t->capcols = nloaded;
    }
    /* column_order first (names that exist, once each), then the rest in name order */
    if (order && nloaded) {
        st = h5l__tr_apply_order(t, order, loaded, nloaded, err);
        if (st != H5L_OK) goto done;
    }
    for (i = 0; i < nloaded; i++)
        if (loaded[i]) t->cols[t->ncols++] = loaded[i];
    st = H5L_OK;
done:
    h5l__free(t->a, perm);
    h5l__free(t->a, loaded);
    h5l__free(t->a, (void *)nm.names);
    h5l__free(t->a, nm.hard);
    h5l__free(t->a, nm.addr);
    return st;
}

/* A column is mapped when every dataset it uses is in place (its
 * dictionary's too). */
static void h5l__tr_set_mapped(h5l_column *c)
{
    c->mapped = (!c->data || h5l__tr_in_place(c->data)) && (!c->indices || h5l__tr_in_place(c->indices)) &&
                (!c->null_bitmap || h5l__tr_in_place(c->null_bitmap)) && (!c->mask || h5l__tr_in_place(c->mask));
    if (c->dictionary) {
        h5l__tr_set_mapped((h5l_column *)c->dictionary);
        c->mapped = c->mapped && c->dictionary->mapped;
    }
}

h5l_status h5l_table_open(h5l_file *f, const char *group, h5l_table **out, h5l_error *err)
{
    h5l_table *t;
    h5l_obj *g = NULL, *cg = NULL;
    h5l_status st;
    int v2 = 0;

    h5l_error local;
    if (!err) err = &local;   /* the fallbacks below inspect err->code */
    h5l__clear(err);
    if (!out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_open: out is NULL");
    *out = NULL;
    if (!f) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_open: file is NULL");
    t = (h5l_table *)h5l__calloc(&f->alloc, sizeof *t);
    if (!t) return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "table: out of memory");
    t->f = f;
    t->a = &f->alloc;
    h5l__arena_init(&t->ar, t->a);

    if (group) {
        st = h5l_obj_open(f, group, &g, err);
    } else {
        /* vaex's order: /table (with columns), /data, datasets in the root, /columns */
        static const char *const cands[] = {"/table", "/data", "/", "/columns"};
        unsigned k;
        st = H5L_ENOTFOUND;
        for (k = 0; k < 4 && st == H5L_ENOTFOUND; k++) {
            int ok = 0;
            st = h5l_obj_open(f, cands[k], &g, err);
            if (st != H5L_OK) continue;
            if (h5l_obj_get_kind(g) == H5L_OBJ_GROUP) {
                if (k == 0) ok = h5l__tr_has(g, "columns", err);
                else if (k == 2) ok = h5l__tr_has_dataset(g, err);
                else ok = 1;
            }
            if (ok < 0) { h5l_obj_close(g); g = NULL; st = err ? err->code : H5L_ECORRUPT; break; }
            if (!ok) { h5l_obj_close(g); g = NULL; st = H5L_ENOTFOUND; }
        }
        if (st == H5L_ENOTFOUND) {
            st = h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "no vaex table: no /table/columns, /data, datasets in the root or /columns");
            goto fail;
        }
    }
    if (st != H5L_OK) goto fail;
    st = h5l__tr_keep(t, g, err);
    if (st != H5L_OK) goto fail;
    if (h5l_obj_get_kind(g) != H5L_OBJ_GROUP) {
        st = h5l__fail(err, H5L_ENOTFOUND, h5l_obj_get_addr(g), "%s is not a group, so not a table", group ? group : "/table");
        goto fail;
    }
    {
        int has = h5l__tr_has(g, "columns", err);
        if (has < 0) { st = err ? err->code : H5L_ECORRUPT; goto fail; }
        if (has) {
            st = h5l__tr_open(t, g, "columns", &cg, err);
            if (st != H5L_OK) goto fail;
            v2 = h5l_obj_get_kind(cg) == H5L_OBJ_GROUP;
        }
    }
    st = h5l__tr_load(t, v2 ? cg : g, v2, err);
    if (st != H5L_OK) goto fail;
    if (!v2 && t->ncols == 0) { /* (a table written with no columns yet has its columns group) */
        st = h5l__fail(err, H5L_ENOTFOUND, h5l_obj_get_addr(g), "%s holds no columns: not a table", group ? group : "/");
        goto fail;
    }
    {
        size_t i;
        for (i = 1; i < t->ncols; i++)
            if (t->cols[i]->rows != t->cols[0]->rows) {
                /* vaex's older layouts are any datasets side by side: of unequal length they are no table;
                   in /table/columns it is a broken table */
                st = h5l__fail(err, v2 ? H5L_ECORRUPT : H5L_ENOTFOUND, h5l_obj_get_addr(g),
                               "%s: column %s has %llu rows, column %s %llu: %s", group ? group : v2 ? "/table" : "/",
                               t->cols[i]->name, h5l__ull(t->cols[i]->rows), t->cols[0]->name, h5l__ull(t->cols[0]->rows),
                               v2 ? "columns of one table differ in length" : "datasets of unequal length are not a table");
                goto fail;
            }
        for (i = 0; i < t->ncols; i++) h5l__tr_set_mapped(t->cols[i]);
    }
    *out = t;
    return H5L_OK;
fail:
    h5l_table_close(t);
    return st;
}

size_t h5l_table_ncolumns(const h5l_table *t) { return t ? t->ncols : 0; }

const h5l_column *h5l_table_column(const h5l_table *t, size_t i)
{
    return (t && i < t->ncols) ? t->cols[i] : NULL;
}

const h5l_column *h5l_table_find(const h5l_table *t, const char *name)
{
    size_t i;
    if (!t || !name) return NULL;
    for (i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i]->name, name) == 0) return t->cols[i];
    for (i = 0; i < t->ncols; i++)
        if (t->cols[i]->alias && strcmp(t->cols[i]->alias, name) == 0) return t->cols[i];
    return NULL;
}

uint64_t h5l_table_rows(const h5l_table *t)
{
    return (t && t->ncols) ? t->cols[0]->rows : 0;
}

int h5l_column_is_null(const h5l_column *c, uint64_t row)
{
    if (!c || row >= c->rows) return 0;
    if (c->mask) return row < c->mask->space.npoints && h5l__tr_byte(c->mask, row) != 0;   /* mask wins, as in vaex */
    if (c->null_bitmap && row / 8 < c->null_bitmap->space.npoints &&
        !((h5l__tr_byte(c->null_bitmap, row / 8) >> (row % 8)) & 1u))
        return 1;
    return 0;
}

h5l_status h5l_column_read_as(const h5l_column *c, uint64_t first, uint64_t count, h5l_type_code mem, void *buf, size_t bufsize,
                              unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep, h5l_error *err)
{
    uint64_t end;
    h5l__clear(err);
    if (!c) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_column_read_as: NULL column");
    if (c->kind != H5L_COL_PRIMITIVE && c->kind != H5L_COL_DICT)
        return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s: a string column has no numbers", c->name);
    if (h5l__add_ovf(first, count, &end) || end > c->rows)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "column %s: rows %llu+%llu outside 0..%llu", c->name, h5l__ull(first),
                         h5l__ull(count), h5l__ull(c->rows));
    return h5l_dataset_info_read_as(c->data, first, count, mem, buf, bufsize, flags, opt, rep, err);
}

h5l_status h5l_column_read(const h5l_column *c, h5l_col_part part, uint64_t first, uint64_t count, void *buf, size_t bufsize,
                           const h5l_read_options *opt, h5l_error *err)
{
    uint64_t end, i;
    uint8_t *out = (uint8_t *)buf;
    h5l__clear(err);
    if (!c) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_column_read: NULL column");
    if (h5l__add_ovf(first, count, &end) || end > c->rows)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "column %s: rows %llu+%llu outside 0..%llu", c->name, h5l__ull(first),
                         h5l__ull(count), h5l__ull(c->rows));
    switch (part) {
    case H5L_PART_VALUES:
        if (c->kind == H5L_COL_STRING) return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s: a string column has offsets and bytes", c->name);
        return h5l_dataset_info_read(c->data, first, count, buf, bufsize, opt, err);
    case H5L_PART_OFFSETS:
        if (c->kind != H5L_COL_STRING || !c->indices) return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s is not a string column", c->name);
        return h5l_dataset_info_read(c->indices, first, count + 1, buf, bufsize, opt, err);
    case H5L_PART_BYTES: {
        int64_t a, b;
        if (c->kind != H5L_COL_STRING || !c->indices) return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s is not a string column", c->name);
        if (h5l__tr_int_at(c->indices, first, &a) != 0 || h5l__tr_int_at(c->indices, end, &b) != 0 || a < 0 || b < a ||
            (uint64_t)b > c->data->space.npoints)
            return h5l__fail(err, H5L_ECORRUPT, c->indices->offset, "column %s: offsets of rows %llu..%llu out of order or range", c->name,
                             h5l__ull(first), h5l__ull(end));
        return h5l_dataset_info_read(c->data, (uint64_t)a, (uint64_t)(b - a), buf, bufsize, opt, err);
    }
    case H5L_PART_VALID:
        if (bufsize < count || (!buf && count)) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "column %s: buffer of %zu bytes < %llu", c->name, bufsize, h5l__ull(count));
        if (!c->mask && !c->null_bitmap) {
            memset(out, 1, (size_t)count);
            return H5L_OK;
        }
        if (c->mask) {
            uint64_t n = c->mask->space.npoints, have = first < n ? (end < n ? count : n - first) : 0;
            h5l_status st = have ? h5l_dataset_info_read(c->mask, first, have, out, bufsize, NULL, err) : H5L_OK;
            if (st != H5L_OK) return st;
            for (i = 0; i < have; i++) out[i] = out[i] == 0;
            for (i = have; i < count; i++) out[i] = 1;
            return H5L_OK;
        }
        {
            /* the bitmap's bytes for these rows, a block at a time, then a
             * bit each (bits past the stored bitmap read as valid) */
            uint64_t n = c->null_bitmap->space.npoints, last = (end - 1) / 8;
            uint8_t tmp[4096];
            for (i = 0; i < count;) {
                uint64_t byte = (first + i) / 8, take = last - byte + 1, have;
                h5l_status st;
                if (take > sizeof tmp) take = sizeof tmp;
                have = byte < n ? (take <= n - byte ? take : n - byte) : 0;
                st = have ? h5l_dataset_info_read(c->null_bitmap, byte, have, tmp, sizeof tmp, NULL, err) : H5L_OK;
                if (st != H5L_OK) return st;
                for (; i < count && (first + i) / 8 < byte + take; i++) {
                    uint64_t row = first + i, at = row / 8 - byte;
                    out[i] = at < have ? (uint8_t)((tmp[at] >> (row % 8)) & 1u) : 1u;
                }
            }
            return H5L_OK;
        }
    }
    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_column_read: unknown part %d", (int)part);
}

h5l_status h5l_column_string(const h5l_column *c, uint64_t row, const char **s, size_t *len, h5l_error *err)
{
    int64_t a, b;
    uint64_t nbytes;
    h5l__clear(err);
    if (!c || !s || !len) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_column_string: NULL argument");
    *s = NULL;
    *len = 0;
    if (row >= c->rows)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "column %s: row %llu out of range (%llu rows)", c->name,
                         (unsigned long long)row, (unsigned long long)c->rows);
    if (c->kind == H5L_COL_DICT) {
        int64_t code;
        if (!c->dictionary || c->dictionary->kind != H5L_COL_STRING)
            return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s: dictionary values are not strings", c->name);
        if (h5l__tr_int_at(c->data, row, &code) != 0)
            return h5l__fail(err, H5L_ECORRUPT, c->data->offset, "column %s: codes are not integers", c->name);
        if (code < 0 || (uint64_t)code >= c->dictionary->rows)
            return h5l__fail(err, H5L_ECORRUPT, c->data->offset, "column %s: row %llu has code %lld outside the dictionary (%llu values)",
                             c->name, (unsigned long long)row, (long long)code, (unsigned long long)c->dictionary->rows);
        return h5l_column_string(c->dictionary, (uint64_t)code, s, len, err);
    }
    if (c->kind != H5L_COL_STRING || !c->indices)
        return h5l__fail(err, H5L_ETYPE, H5L_NO_OFFSET, "column %s is not a string column", c->name);
    if (h5l__tr_int_at(c->indices, row, &a) != 0 || h5l__tr_int_at(c->indices, row + 1, &b) != 0)
        return h5l__fail(err, H5L_ECORRUPT, c->indices->offset, "column %s: indices are not integers", c->name);
    nbytes = c->data->space.npoints;
    if (a < 0 || b < a || (uint64_t)b > nbytes)
        return h5l__fail(err, H5L_ECORRUPT, c->indices->offset, "column %s: row %llu has offsets [%lld, %lld) outside the %llu string bytes",
                         c->name, (unsigned long long)row, (long long)a, (long long)b, (unsigned long long)nbytes);
    if (!h5l__tr_in_place(c->data))
        return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "column %s: string bytes stored chunked: read them with h5l_column_read",
                         c->name);
    if (!c->data->data) {
        /* never allocated: fill bytes; only empty strings can be returned as pointers */
        if (b != a)
            return h5l__fail(err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "column %s: string bytes never written", c->name);
        *s = "";
        return H5L_OK;
    }
    *s = (const char *)c->data->data + a;
    *len = (size_t)(b - a);
    return H5L_OK;
}

/* ======================================================================
 * SECTION G — Writing tables, vaex layout (hdf5lite.h section 6)
 *
 * What vaex 4.x's hdf5 writer (vaex/hdf5/writer.py) creates:
 *   <group>                       attr type = "table"
 *   <group>/columns               attr column_order = "a,b,c"
 *   <group>/columns/<name>        one group per column; metadata attributes
 *                                 alias, ucd, unit, description on this group
 *     primitive: data (rows first), optional mask (bool) or null_bitmap (u8)
 *                datetime/timedelta: int64 data with attr dtype
 *     string:    data (S1, attr dtype = "str"), indices (rows+1, i4 or i8),
 *                optional null_bitmap
 *     dictionary: attr type = "dictionary_encoded", indices/data (codes),
 *                dictionary/ (a primitive or string column)
 * All string attributes are scalar vlen UTF-8, as h5py writes a Python str.
 * ====================================================================== */

typedef struct h5l__wtable {
    struct h5l__wtable *next;
    h5l__wnode *group, *columns;
    h5l__wattr *order_attr;     /* column_order; its string points at `order` */
    char *order;                /* allocator-owned, NUL-terminated */
    size_t len, cap;
} h5l__wtable;

static void h5l__wtables_free(h5l_writer *w)
{
    h5l__wtable *t;
    for (t = w->tables; t; t = t->next) {
        h5l__free(&w->alloc, t->order);
        t->order = NULL;
    }
    w->tables = NULL;
}

static h5l__wtable *h5l__wt_find(h5l_writer *w, const h5l__wnode *g)
{
    h5l__wtable *t;
    for (t = w->tables; t; t = t->next)
        if (t->group == g) return t;
    return NULL;
}

static h5l_status h5l__wt_attr_str(h5l_writer *w, h5l__wnode *o, const char *name, const char *value,
                                   h5l__wattr **out, h5l_error *err)
{
    const char *one[1];
    one[0] = value;
    return h5l__w_attr_add(w, o, name, H5L__W_VLEN_T, 0, 1, NULL, one, out, err);
}

h5l_status h5l_table_create(h5l_writer *w, const char *group, h5l_error *err)
{
    h5l__wnode *g, *cols;
    h5l__wtable *t;
    h5l_status st;
    char where[200];
    h5l__clear(err);
    if ((st = h5l__w_check_open(w, "h5l_table_create", err)) != H5L_OK) return st;
    if (!group) group = "/table";
    st = h5l__w_walk(w, group, 0, 0, &g, NULL, NULL, err);
    if (st == H5L_OK) {
        if (!g->is_group || h5l__wt_find(w, g)) {
            h5l__w_path(g, where, sizeof where);
            return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: %s", where,
                             g->is_group ? "a table already exists there" : "a dataset has that name");
        }
    } else if (st != H5L_ENOTFOUND) {
        return st;
    }
    st = h5l__w_walk(w, group, 1, 0, &g, NULL, NULL, err);
    if (st != H5L_OK) return st;
    cols = h5l__w_lookup(w, g, "columns", 7);
    if (cols && !cols->is_group) {
        h5l__w_path(cols, where, sizeof where);
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: a dataset has that name", where);
    }
    t = (h5l__wtable *)h5l__arena_alloc(&w->ar, sizeof *t);
    if (!t) return h5l__w_nomem(err, group);
    if (!cols && (st = h5l__w_new_child(w, g, "columns", 7, 1, &cols, err)) != H5L_OK) return st;
    if ((st = h5l__wt_attr_str(w, g, "type", "table", NULL, err)) != H5L_OK) return st;
    if ((st = h5l__wt_attr_str(w, cols, "column_order", "", &t->order_attr, err)) != H5L_OK) return st;
    t->group = g;
    t->columns = cols;
    t->next = w->tables;
    w->tables = t;
    return H5L_OK;
}

static int h5l__wt_is_int(h5l_type_code t)
{
    unsigned b = H5L_T_BASE(t);
    return h5l_type_code_size(t) && b >= H5L_T_I8 && b <= H5L_T_U64;
}

/* Check a PRIMITIVE or STRING spec (the values of a dictionary too). */
static h5l_status h5l__wt_check_plain(const h5l_column_spec *s, const char *where, h5l_error *err)
{
    if (s->kind == H5L_COL_PRIMITIVE) {
        unsigned i;
        if (!h5l_type_code_size(s->type))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid type code 0x%llx", where, (unsigned long long)s->type);
        if (s->inner_rank > H5L_MAX_RANK - 1)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: inner rank %u > %d", where, s->inner_rank, H5L_MAX_RANK - 1);
        if (s->inner_rank && !s->inner_dims)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: inner_dims is NULL", where);
        if (s->validity != H5L_VALID_NONE && s->validity != H5L_VALID_MASK && s->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid validity kind %d", where, (int)s->validity);
        if (s->dtype_attr && H5L_T_BASE(s->type) != H5L_T_I64)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a dtype attribute (%s) needs an int64 column", where, s->dtype_attr);
        {
            uint64_t nel = s->rows, total;
            for (i = 0; i < s->inner_rank; i++)
                if (h5l__mul_ovf(nel, s->inner_dims[i], &nel))
                    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many elements", where);
            if (h5l__mul_ovf(nel, h5l_type_code_size(s->type), &total) || total > (uint64_t)INT64_MAX)
                return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many elements", where);
        }
        return H5L_OK;
    }
    if (s->kind == H5L_COL_STRING) {
        if (s->validity != H5L_VALID_NONE && s->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: a string column takes no validity or a null_bitmap", where);
        if (s->rows >= (uint64_t)INT64_MAX / 8 || s->str_bytes > (uint64_t)INT64_MAX)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: too many rows or bytes", where);
        return H5L_OK;
    }
    return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid column kind %d", where, (int)s->kind);
}

/* One dataset of a column: contiguous, or chunked as spec->chunking asks
 * with `per_row` chunk-dim units per row of chunk[0] (a string's bytes: 8;
 * a null bitmap: 1/8, given as 0) and whole inner dims. A fixed dimension
 * of 0 rows stays contiguous (libhdf5 allows no chunk there). */
static h5l_status h5l__wt_dataset(h5l_writer *w, h5l__wnode *c, const char *name, h5l_type_code type, unsigned rank,
                                  const uint64_t *dims, const h5l_column_spec *s, uint64_t per_row, h5l_dset *out, h5l_error *err)
{
    const h5l_chunking *ck = s->chunking;
    h5l_chunking cc;
    uint64_t cd[H5L_MAX_RANK], rows;
    unsigned i;
    if (!ck || (!(ck->flags & H5L_CHUNK_EXTENDIBLE) && dims[0] == 0))
        return h5l__w_dataset_ck(w, c, name, strlen(name), type, rank, dims, NULL, out, err);
    cc = *ck;
    if (ck->chunk) {
        rows = ck->chunk[0] ? ck->chunk[0] : 1;
    } else {
        uint64_t row = h5l_type_code_size(s->type);
        for (i = 0; s->kind == H5L_COL_PRIMITIVE && i < s->inner_rank; i++) row *= s->inner_dims[i] ? s->inner_dims[i] : 1;
        if (s->kind != H5L_COL_PRIMITIVE || !row) row = 8;
        rows = H5L__W_CHUNK_TARGET / row ? H5L__W_CHUNK_TARGET / row : 1;
    }
    cd[0] = per_row ? rows * per_row : (rows + 7) / 8;
    if (!(ck->flags & H5L_CHUNK_EXTENDIBLE) && cd[0] > dims[0]) cd[0] = dims[0];
    for (i = 1; i < rank; i++) cd[i] = dims[i] ? dims[i] : 1;
    cc.chunk = cd;
    return h5l__w_dataset_ck(w, c, name, strlen(name), type, rank, dims, &cc, out, err);
}

/* Create the datasets of a PRIMITIVE or STRING column in group c. */
static h5l_status h5l__wt_fill(h5l_writer *w, h5l__wnode *c, const h5l_column_spec *s, h5l_dset *data,
                               h5l_dset *indices, h5l_dset *bitmap, h5l_dset *mask, h5l_error *err)
{
    h5l_status st;
    uint64_t dims[H5L_MAX_RANK], nb = s->rows / 8 + (s->rows % 8 ? 1 : 0);
    h5l__wnode *dn;
    if (s->kind == H5L_COL_STRING) {
        uint64_t n1 = s->rows + 1;
        h5l_type_code it = s->str_bytes > 2147483647u || (s->flags & H5L_COL_OFFSETS64) ? H5L_T_I64 : H5L_T_I32;
        dims[0] = s->chunking && (s->chunking->flags & H5L_CHUNK_EXTENDIBLE) ? 0 : s->str_bytes;   /* grows as written */
        if ((st = h5l__wt_dataset(w, c, "data", H5L_T_STR(1), 1, dims, s, 8, data, err)) != H5L_OK) return st;
        dn = c->u.g.last;
        if ((st = h5l__wt_attr_str(w, dn, "dtype", "str", NULL, err)) != H5L_OK) return st;
        if ((st = h5l__wt_dataset(w, c, "indices", it, 1, &n1, s, 1, indices, err)) != H5L_OK) return st;
    } else {
        unsigned i;
        dims[0] = s->rows;
        for (i = 0; i < s->inner_rank; i++) dims[1 + i] = s->inner_dims[i];
        if ((st = h5l__wt_dataset(w, c, "data", s->type, 1 + s->inner_rank, dims, s, 1, data, err)) != H5L_OK) return st;
        dn = c->u.g.last;
        if (s->dtype_attr && (st = h5l__wt_attr_str(w, dn, "dtype", s->dtype_attr, NULL, err)) != H5L_OK) return st;
        if (s->validity == H5L_VALID_MASK &&
            (st = h5l__wt_dataset(w, c, "mask", H5L_T_BOOL, 1 + s->inner_rank, dims, s, 1, mask, err)) != H5L_OK)
            return st;
    }
    if (s->validity == H5L_VALID_BITMAP &&
        (st = h5l__wt_dataset(w, c, "null_bitmap", H5L_T_U8, 1, &nb, s, 0, bitmap, err)) != H5L_OK)
        return st;
    return H5L_OK;
}

h5l_status h5l_table_add_column(h5l_writer *w, const char *group, const h5l_column_spec *spec,
                                h5l_column_dsets *out, h5l_error *err)
{
    h5l__wnode *g, *c;
    h5l__wtable *t;
    h5l_status st;
    h5l_column_dsets ds;
    char where[240];
    size_t nl;
    h5l__clear(err);
    ds.data = ds.indices = ds.null_bitmap = ds.mask = H5L_NO_DSET;
    ds.dict_data = ds.dict_indices = ds.dict_null_bitmap = ds.dict_mask = H5L_NO_DSET;
    if (out) *out = ds;
    if ((st = h5l__w_check_open(w, "h5l_table_add_column", err)) != H5L_OK) return st;
    if (!spec) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_table_add_column: spec is NULL");
    if (!group) group = "/table";
    st = h5l__w_walk(w, group, 0, 0, &g, NULL, NULL, err);
    if (st == H5L_ENOTFOUND || (st == H5L_OK && !(t = h5l__wt_find(w, g))))
        return h5l__fail(err, H5L_ENOTFOUND, H5L_NO_OFFSET, "%s: no table (call h5l_table_create first)", group);
    if (st != H5L_OK) return st;

    /* validate everything before creating anything */
    if (!spec->name || !*spec->name)
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: empty column name", group);
    nl = strlen(spec->name);
    h5l__w_path(t->columns, where, sizeof where - 1);
    {   /* append "/<name>", truncated to fit (no snprintf: this runs once per column) */
        size_t wl = strlen(where), k = nl < sizeof where - 1 - wl - 1 ? nl : sizeof where - 1 - wl - 1;
        where[wl] = '/';
        memcpy(where + wl + 1, spec->name, k);
        where[wl + 1 + k] = 0;
    }
    if (strchr(spec->name, '/') || strchr(spec->name, ',') || h5l__w_bad_component(spec->name, nl))
        return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid column name (no '/' or ',' allowed)", where);
    if (h5l__w_lookup(w, t->columns, spec->name, nl))
        return h5l__fail(err, H5L_EEXISTS, H5L_NO_OFFSET, "%s: column already exists", where);
    if (spec->kind == H5L_COL_DICT) {
        const h5l_column_spec *v = spec->dictionary;
        if (!h5l__wt_is_int(spec->type))
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dictionary codes need an integer type", where);
        if (spec->validity != H5L_VALID_NONE && spec->validity != H5L_VALID_MASK && spec->validity != H5L_VALID_BITMAP)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: invalid validity kind %d", where, (int)spec->validity);
        if (!v) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: dictionary spec is NULL", where);
        if (v->kind == H5L_COL_DICT)
            return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "%s: the dictionary must be a primitive or string column", where);
        if ((st = h5l__wt_check_plain(v, where, err)) != H5L_OK) return st;
        {
            h5l_column_spec codes = *spec;
            codes.kind = H5L_COL_PRIMITIVE;
            codes.inner_rank = 0;
            codes.dtype_attr = NULL;
            if ((st = h5l__wt_check_plain(&codes, where, err)) != H5L_OK) return st;
        }
    } else if ((st = h5l__wt_check_plain(spec, where, err)) != H5L_OK) {
        return st;
    }

    /* the column_order string grows first: nothing to undo if it fails */
    {
        size_t need = t->len + (t->len ? 1 : 0) + nl + 1;
        if (need < nl || h5l__grow(&w->alloc, (void **)&t->order, &t->cap, need, 1) != 0)
            return h5l__w_nomem(err, where);
    }

    if ((st = h5l__w_new_child(w, t->columns, spec->name, nl, 1, &c, err)) != H5L_OK) return st;
    if (spec->kind == H5L_COL_DICT) {
        h5l__wnode *ig, *dg;
        h5l_column_spec codes = *spec;
        codes.kind = H5L_COL_PRIMITIVE;
        codes.inner_rank = 0;
        codes.inner_dims = NULL;
        codes.dtype_attr = NULL;
        if ((st = h5l__wt_attr_str(w, c, "type", "dictionary_encoded", NULL, err)) != H5L_OK) return st;
        if ((st = h5l__w_new_child(w, c, "indices", 7, 1, &ig, err)) != H5L_OK) return st;
        if ((st = h5l__wt_fill(w, ig, &codes, &ds.data, &ds.indices, &ds.null_bitmap, &ds.mask, err)) != H5L_OK) return st;
        if ((st = h5l__w_new_child(w, c, "dictionary", 10, 1, &dg, err)) != H5L_OK) return st;
        if ((st = h5l__wt_fill(w, dg, spec->dictionary, &ds.dict_data, &ds.dict_indices, &ds.dict_null_bitmap,
                               &ds.dict_mask, err)) != H5L_OK)
            return st;
    } else if ((st = h5l__wt_fill(w, c, spec, &ds.data, &ds.indices, &ds.null_bitmap, &ds.mask, err)) != H5L_OK) {
        return st;
    }
    /* metadata on the column group, in the order vaex writes it */
    if (spec->alias && (st = h5l__wt_attr_str(w, c, "alias", spec->alias, NULL, err)) != H5L_OK) return st;
    if (spec->ucd && (st = h5l__wt_attr_str(w, c, "ucd", spec->ucd, NULL, err)) != H5L_OK) return st;
    if (spec->unit && (st = h5l__wt_attr_str(w, c, "unit", spec->unit, NULL, err)) != H5L_OK) return st;
    if (spec->description && (st = h5l__wt_attr_str(w, c, "description", spec->description, NULL, err)) != H5L_OK)
        return st;

    if (t->len) t->order[t->len++] = ',';
    memcpy(t->order + t->len, spec->name, nl);
    t->len += nl;
    t->order[t->len] = 0;
    t->order_attr->strs[0] = t->order;
    t->order_attr->lens[0] = t->len;
    if (out) *out = ds;
    return H5L_OK;
}

/* ======================================================================
 * SECTION H — Repacking (hdf5lite.h section 7)
 *
 * Two passes over the input and one writer:
 *   1. a walk from the root (breadth first, by name, as a queue of objects:
 *      no recursion, so a deep file costs no stack) lists every object once
 *      by header address with the first path that reaches it; a hard link
 *      to an object already listed is a second name (h5l_writer_link HARD);
 *      soft and external links are kept as links;
 *   2. declarations: committed types first (datasets refer to them), then
 *      groups, datasets (same type and shape, the storage asked for) and
 *      every object's attributes, then the links; layout;
 *   3. the values, dataset by dataset in blocks of rows: decoded straight
 *      into the mapping for contiguous output, through h5l_writer_write
 *      into chunks otherwise; vlen values resolved and written again,
 *      object references translated to the new addresses.
 * ====================================================================== */

typedef struct h5l__rpobj {
    uint64_t addr;               /* input header address */
    char *path;                  /* the first path that reaches it (allocator) */
    h5l_obj_kind kind;
    const h5l_dtype *wtype;      /* DATATYPE: the writer's committed copy */
    h5l_dset d;                  /* DATASET */
    uint64_t naddr;              /* output header address (after layout) */
} h5l__rpobj;

typedef struct h5l__rplink {
    char *path, *target, *file;  /* allocator */
    h5l_link_type type;          /* SOFT, EXTERNAL, or HARD (a second name of target) */
} h5l__rplink;

typedef struct h5l__rp {
    h5l_allocator a;
    const h5l_repack_options *opt;
    h5l_file *f;
    h5l_writer *w;
    h5l__rpobj *o;
    size_t n, cap;
    size_t *hash;                /* open addressing over addr: index + 1, 0 empty */
    size_t hcap;
    h5l__rplink *l;
    size_t nl, lcap;
    uint64_t total, done;
    const char *cur;             /* the object being walked (callback context) */
    h5l_status st;
    h5l_error *err;
} h5l__rp;

static size_t h5l__rp_slot(const h5l__rp *r, uint64_t addr)
{
    return (size_t)((addr * 0x9E3779B97F4A7C15ull) >> 17) & (r->hcap - 1);
}

/* The listed object at addr, or NULL. */
static h5l__rpobj *h5l__rp_find(const h5l__rp *r, uint64_t addr)
{
    size_t s;
    if (!r->hcap) return NULL;
    for (s = h5l__rp_slot(r, addr); r->hash[s]; s = (s + 1) & (r->hcap - 1))
        if (r->o[r->hash[s] - 1].addr == addr) return &r->o[r->hash[s] - 1];
    return NULL;
}

static char *h5l__rp_join(h5l__rp *r, const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = (char *)h5l__malloc(&r->a, a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    if (!a || dir[a - 1] != '/') p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

/* List an object (path is taken over). */
static h5l_status h5l__rp_add(h5l__rp *r, uint64_t addr, char *path)
{
    size_t s;
    if (r->n + 1 > r->hcap / 2) {
        size_t nc = r->hcap ? r->hcap * 2 : 64, i;
        size_t *nh = (size_t *)h5l__calloc(&r->a, nc * sizeof *nh);
        if (!nh) {
            h5l__free(&r->a, path);
            return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
        }
        h5l__free(&r->a, r->hash);
        r->hash = nh;
        r->hcap = nc;
        for (i = 0; i < r->n; i++) {
            for (s = h5l__rp_slot(r, r->o[i].addr); r->hash[s]; s = (s + 1) & (r->hcap - 1)) {}
            r->hash[s] = i + 1;
        }
    }
    if (h5l__grow(&r->a, (void **)&r->o, &r->cap, r->n + 1, sizeof *r->o) != 0) {
        h5l__free(&r->a, path);
        return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
    }
    memset(&r->o[r->n], 0, sizeof r->o[r->n]);
    r->o[r->n].addr = addr;
    r->o[r->n].path = path;
    r->o[r->n].d = H5L_NO_DSET;
    for (s = h5l__rp_slot(r, addr); r->hash[s]; s = (s + 1) & (r->hcap - 1)) {}
    r->hash[s] = ++r->n;
    return H5L_OK;
}

static h5l_status h5l__rp_add_link(h5l__rp *r, char *path, h5l_link_type type, const char *target, const char *file)
{
    h5l__rplink *k;
    if (h5l__grow(&r->a, (void **)&r->l, &r->lcap, r->nl + 1, sizeof *r->l) != 0) {
        h5l__free(&r->a, path);
        return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
    }
    k = &r->l[r->nl++];
    memset(k, 0, sizeof *k);
    k->path = path;
    k->type = type;
    k->target = h5l__rp_join(r, "", target);
    if (k->target) memmove(k->target, k->target + 1, strlen(k->target));   /* join put a '/' first */
    k->file = file ? h5l__rp_join(r, "", file) : NULL;
    if (k->file) memmove(k->file, k->file + 1, strlen(k->file));
    if (!k->target || (file && !k->file)) return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
    return H5L_OK;
}

static int h5l__rp_link_cb(void *ctx, const h5l_link *l)
{
    h5l__rp *r = (h5l__rp *)ctx;
    char *path;
    if (!l->name_len || strlen(l->name) != l->name_len || memchr(l->name, '/', l->name_len) || strcmp(l->name, ".") == 0) {
        /* no HDF5 library writes such a name; a path cannot say it */
        r->st = h5l__fail(r->err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: a link named \"%.100s\" (empty, \".\", or with '/' or NUL in it)",
                          r->cur, l->name);
        return 1;
    }
    path = h5l__rp_join(r, r->cur, l->name);
    if (!path) {
        r->st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
        return 1;
    }
    if (l->type == H5L_LINK_HARD) {
        h5l__rpobj *o = h5l__rp_find(r, l->addr);
        if (o) r->st = h5l__rp_add_link(r, path, H5L_LINK_HARD, o->path, NULL);
        else r->st = h5l__rp_add(r, l->addr, path);
    } else if (l->type == H5L_LINK_SOFT || l->type == H5L_LINK_EXTERNAL) {
        r->st = h5l__rp_add_link(r, path, l->type, l->target ? l->target : "", l->type == H5L_LINK_EXTERNAL ? (l->ext_file ? l->ext_file : "") : NULL);
    } else {
        r->st = h5l__fail(r->err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: user-defined link type %u cannot be copied", path, (unsigned)l->type);
        h5l__free(&r->a, path);
    }
    return r->st != H5L_OK;
}

/* Pass 1: every object reachable from the root, once. */
static h5l_status h5l__rp_walk(h5l__rp *r)
{
    h5l_file_info fi;
    size_t i;
    char *root;
    h5l_file_get_info(r->f, &fi);
    if (!(root = h5l__rp_join(r, "", ""))) return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "repack: out of memory");
    if ((r->st = h5l__rp_add(r, fi.root_addr, root)) != H5L_OK) return r->st;
    for (i = 0; i < r->n; i++) {
        h5l_obj *o;
        h5l_status st = h5l_obj_open_addr(r->f, r->o[i].addr, &o, r->err);
        if (st != H5L_OK) {
            h5l__w_prefix(r->err, r->o[i].path);
            return st;
        }
        r->o[i].kind = h5l_obj_get_kind(o);
        if (r->o[i].kind == H5L_OBJ_GROUP) {
            r->cur = r->o[i].path;
            r->st = H5L_OK;
            st = h5l_group_iterate(o, H5L_ITER_NAME, h5l__rp_link_cb, r, r->err);
            if (st == H5L_OK) st = r->st;
        }
        h5l_obj_close(o);
        if (st != H5L_OK) {
            if (r->err && !strstr(r->err->msg, r->o[i].path)) h5l__w_prefix(r->err, r->o[i].path);
            return st;
        }
    }
    return H5L_OK;
}

/* Why type t cannot be copied (NULL: it can). depth 0 is the dataset's or
 * attribute's own type; in_vlen: inside a vlen's base. */
static const char *h5l__rp_why(const h5l_dtype *t, unsigned depth, int in_vlen, int is_attr)
{
    uint32_t i;
    const char *why = NULL;
    if (!t || depth > H5L__MAX_TYPE_DEPTH) return NULL;
    switch (t->cls) {
    case H5L_CLASS_REFERENCE:
        if (t->ref_type == 1 && !depth && !is_attr) return NULL;   /* a dataset of region references: copied */
        if (t->ref_type != 0) return is_attr ? "region references in an attribute cannot be copied"
                                             : "region references inside a compound or array cannot be copied";
        if (in_vlen) return "object references inside variable-length data cannot be copied";
        if (depth && is_attr) return "object references inside a compound or array attribute cannot be copied";
        if (depth && t->size != 8) return "object references of a file with 4-byte offsets inside a compound cannot be copied";
        return NULL;
    case H5L_CLASS_VLEN:
        if (in_vlen) return "variable-length data inside variable-length data cannot be copied";
        if (depth && t->size != 16) return "variable-length data of a file with 4-byte offsets inside a compound cannot be copied";
        return h5l__rp_why(t->base, depth + 1, 1, is_attr);
    case H5L_CLASS_COMPOUND:
        for (i = 0; i < t->nmembers && !why; i++) why = h5l__rp_why(t->members[i].type, depth + 1, in_vlen, is_attr);
        return why;
    case H5L_CLASS_ARRAY:
        return h5l__rp_why(t->base, depth + 1, in_vlen, is_attr);
    default:
        return NULL;
    }
}

static h5l_status h5l__rp_check_type(h5l__rp *r, const h5l_dtype *t, const char *what, int is_attr)
{
    const char *why = h5l__rp_why(t, 0, 0, is_attr);
    return why ? h5l__fail(r->err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s", what, why) : H5L_OK;
}

/* The type written for input type t: the same, except a top-level vlen or
 * reference of a file with 4-byte offsets, which becomes the 16- or 8-byte
 * one of the output (in *tmp). */
static const h5l_dtype *h5l__rp_out_type(const h5l_dtype *t, h5l_dtype *tmp)
{
    uint64_t want = t->cls == H5L_CLASS_VLEN ? 16 : t->cls != H5L_CLASS_REFERENCE ? t->size : t->ref_type ? 12 : 8;
    if (want != t->size) {
        *tmp = *t;
        tmp->size = want;
        return tmp;
    }
    return t;
}

/* Vlen fields of input elements into memory form (h5l_vlen at each field), in place. */
typedef struct h5l__rpv {
    h5l__rp *r;
    h5l_status st;
} h5l__rpv;

static int h5l__rp_vlen_field(void *ctx, const h5l_dtype *t, uint8_t *p)
{
    h5l__rpv *c = (h5l__rpv *)ctx;
    h5l_vlen v;
    memset(&v, 0, sizeof v);
    c->st = h5l_vlen_get(c->r->f, t, p, &v.p, &v.len, c->r->err);
    if (c->st != H5L_OK) return 1;
    memcpy(p, &v, sizeof v);
    return 0;
}

static h5l_status h5l__rp_memform(h5l__rp *r, const h5l_dtype *t, uint8_t *data, uint64_t n)
{
    h5l__rpv c;
    uint64_t i;
    c.r = r;
    c.st = H5L_OK;
    for (i = 0; i < n && c.st == H5L_OK; i++) (void)h5l__fields(t, H5L_CLASS_VLEN, data + i * t->size, 0, h5l__rp_vlen_field, &c);
    return c.st;
}

/* The input address of an object reference as stored (8 bytes, or the file's size of offsets). */
static uint64_t h5l__rp_ref_addr(const h5l__rp *r, const h5l_dtype *t, const uint8_t *elem)
{
    uint64_t a = 0;
    unsigned k, so = r->f->so < t->size ? r->f->so : (unsigned)t->size;
    for (k = 0; k < so; k++) a |= (uint64_t)elem[k] << (8 * k);
    return a;
}

/* Copy the attributes of input object o to path. */
static h5l_status h5l__rp_attrs(h5l__rp *r, const h5l_obj *o, const char *path)
{
    h5l_attrs *as;
    size_t i, n;
    h5l_status st = h5l_attrs_open(o, &as, r->err);
    if (st != H5L_OK) return st;
    n = h5l_attrs_count(as);
    for (i = 0; i < n && st == H5L_OK; i++) {
        const h5l_attr *at = h5l_attrs_at(as, i);
        const void *values = at->data;
        void *tmp = NULL;
        uint64_t k, np = at->space.kind == H5L_SPACE_NULL ? 0 : at->space.npoints;
        char what[300];
        snprintf(what, sizeof what, "%s: attribute %s", path, at->name);
        if ((st = h5l__rp_check_type(r, at->type, what, 1)) != H5L_OK) break;
        if (at->type->cls != H5L_CLASS_VLEN && h5l__nfields(at->type, H5L_CLASS_VLEN, 0)) {
            /* vlen fields inside: memory form */
            if (np > (uint64_t)SIZE_MAX / at->type->size ||
                !(tmp = h5l__malloc(&r->a, np ? (size_t)(np * at->type->size) : 1))) { st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", what); break; }
            if (np) memcpy(tmp, at->data, (size_t)(np * at->type->size));
            st = h5l__rp_memform(r, at->type, (uint8_t *)tmp, np);
            values = tmp;
        } else if (at->type->cls == H5L_CLASS_VLEN || at->type->cls == H5L_CLASS_REFERENCE) {
            size_t es = at->type->cls == H5L_CLASS_VLEN ? sizeof(h5l_vlen) : sizeof(const char *);
            if (np > (uint64_t)SIZE_MAX / es) { st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: too many elements", what); break; }
            if (!(tmp = h5l__malloc(&r->a, np ? (size_t)np * es : 1))) { st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", what); break; }
            for (k = 0; k < np && st == H5L_OK; k++) {
                const uint8_t *elem = (const uint8_t *)at->data + k * at->type->size;
                if (at->type->cls == H5L_CLASS_VLEN) {
                    h5l_vlen *v = (h5l_vlen *)tmp + k;
                    st = h5l_vlen_get(r->f, at->type, elem, &v->p, &v->len, r->err);
                } else {
                    uint64_t ra = h5l__rp_ref_addr(r, at->type, elem);
                    h5l__rpobj *t = ra && ra != H5L_UNDEF ? h5l__rp_find(r, ra) : NULL;
                    ((const char **)tmp)[k] = t ? t->path : NULL;
                }
            }
            values = tmp;
        }
        if (st == H5L_OK) {
            h5l_dtype ot;
            st = h5l_writer_attr_t(r->w, path, at->name, h5l__rp_out_type(at->type, &ot), &at->space, np ? values : NULL, r->err);
        }
        h5l__free(&r->a, tmp);
        if (st != H5L_OK && r->err && !strstr(r->err->msg, at->name)) h5l__w_prefix(r->err, what);
    }
    h5l_attrs_close(as);
    return st;
}

/* Pass 2: declarations. */
static h5l_status h5l__rp_declare(h5l__rp *r)
{
    size_t i, pass;
    h5l_status st = H5L_OK;
    for (pass = 0; pass < 2 && st == H5L_OK; pass++)
        for (i = 0; i < r->n && st == H5L_OK; i++) {
            h5l__rpobj *p = &r->o[i];
            h5l_obj *o;
            if ((pass == 0) != (p->kind == H5L_OBJ_DATATYPE)) continue;
            if ((st = h5l_obj_open_addr(r->f, p->addr, &o, r->err)) != H5L_OK) break;
            if (p->kind == H5L_OBJ_DATATYPE) {
                st = h5l_writer_datatype(r->w, p->path, h5l_obj_datatype(o), &p->wtype, r->err);
            } else if (p->kind == H5L_OBJ_GROUP) {
                if (i) st = h5l_writer_group(r->w, p->path, r->err);
            } else {
                const h5l_dataset_info *di = h5l_obj_dataset(o);
                const h5l_dtype *t = di->type;
                h5l_chunking ck, *ckp = NULL;
                uint64_t cdims[H5L_MAX_RANK];
                h5l__rpobj *named = di->type_addr != H5L_NO_OFFSET ? h5l__rp_find(r, di->type_addr) : NULL;
                if (named && named->kind == H5L_OBJ_DATATYPE && named->wtype) t = named->wtype;
                if ((st = h5l__rp_check_type(r, di->type, p->path, 0)) != H5L_OK) { h5l_obj_close(o); break; }
                if (di->layout == H5L_LAYOUT_VIRTUAL || di->external) {
                    h5l_obj_close(o);
                    st = h5l__fail(r->err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: %s storage cannot be copied", p->path,
                                   di->external ? "external" : "virtual");
                    break;
                }
                if (di->layout == H5L_LAYOUT_CHUNKED) {   /* its filters must be decodable: say so now */
                    unsigned k;
                    for (k = 0; k < di->nfilters; k++) {
                        int dec = 0;
                        const char *nm = h5l_filter_name(di->filters[k].id, &dec);
                        if (!dec) {
                            h5l_obj_close(o);
                            st = h5l__fail(r->err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: filter %u (%s) is not decoded by hdf5lite", p->path,
                                           (unsigned)di->filters[k].id, nm ? nm : di->filters[k].name && *di->filters[k].name ? di->filters[k].name : "unknown");
                            break;
                        }
                    }
                    if (st != H5L_OK) break;
                }
                if (r->opt->layout == H5L_REPACK_CHUNKED && di->space.kind == H5L_SPACE_SIMPLE) {
                    unsigned k;
                    memset(&ck, 0, sizeof ck);
                    ck.flags = r->opt->chunk_flags;
                    ck.compress = r->opt->compress;
                    ck.level = r->opt->level;
                    if (di->space.maxdims[0] == UINT64_MAX) ck.flags |= H5L_CHUNK_EXTENDIBLE;
                    if (r->opt->chunk_rows) {
                        cdims[0] = r->opt->chunk_rows;
                        if (!(ck.flags & H5L_CHUNK_EXTENDIBLE) && cdims[0] > di->space.dims[0]) cdims[0] = di->space.dims[0] ? di->space.dims[0] : 1;
                        for (k = 1; k < di->space.rank; k++) cdims[k] = di->space.dims[k] ? di->space.dims[k] : 1;
                        ck.chunk = cdims;
                    }
                    for (k = 1; k < di->space.rank; k++)
                        if (!di->space.dims[k]) break;
                    /* an empty inner dimension, or no rows of a fixed first one: contiguous */
                    if (k == di->space.rank && (di->space.dims[0] || (ck.flags & H5L_CHUNK_EXTENDIBLE))) ckp = &ck;
                }
                {
                    h5l_dtype ot;
                    st = h5l_writer_dataset_t(r->w, p->path, named ? t : h5l__rp_out_type(t, &ot), &di->space, ckp, &p->d, r->err);
                }
                if (st == H5L_OK) r->total += di->space.kind == H5L_SPACE_NULL ? 0 : di->space.npoints * di->type->size;
            }
            if (st == H5L_OK) st = h5l__rp_attrs(r, o, p->path);
            h5l_obj_close(o);
        }
    for (i = 0; i < r->nl && st == H5L_OK; i++)
        st = h5l_writer_link(r->w, r->l[i].path, r->l[i].type, r->l[i].target, r->l[i].file, r->err);
    return st;
}

#define H5L__RP_BLOCK ((uint64_t)16 << 20)   /* bytes of rows a block */

/* The output address of the object an input reference (size bytes) leads to; 0 for none. */
static uint64_t h5l__rp_new_addr(const h5l__rp *r, const uint8_t *q, uint64_t size)
{
    uint64_t a = 0;
    unsigned k, so = r->f->so < size ? r->f->so : (unsigned)size;
    h5l__rpobj *t;
    for (k = 0; k < so; k++) a |= (uint64_t)q[k] << (8 * k);
    t = a && a != H5L_UNDEF && !(so < 8 && a == (((uint64_t)1 << (8 * so)) - 1)) ? h5l__rp_find(r, a) : NULL;
    return t ? t->naddr : 0;
}

/* One region reference (the input's heap ID at in) into a new heap object: its 12 bytes at out. */
static h5l_status h5l__rp_region(h5l__rp *r, const uint8_t *in, uint8_t *out, const char *where)
{
    unsigned so = r->f->so, k;
    uint64_t addr = 0, na, naddr = 0;
    uint32_t idx, nidx = 0;
    const uint8_t *obj;
    uint64_t osz, oaddr = 0;
    uint8_t *payload;
    h5l_status st;
    h5l__out o = h5l__o_start(out);
    for (k = 0; k < so; k++) addr |= (uint64_t)in[k] << (8 * k);
    idx = h5l__ld32(in + so);
    if (addr == 0 || h5l__ld_addr(r->f, in) == H5L_UNDEF) {   /* a null reference */
        memset(out, 0, 12);
        return H5L_OK;
    }
    if ((st = h5l__gcol_decode(r->f, addr, idx, &obj, &osz, r->err)) != H5L_OK) return st;
    if (osz < so) return h5l__fail(r->err, H5L_ECORRUPT, H5L_NO_OFFSET, "%s: a region reference's heap object of %llu bytes", where, h5l__ull(osz));
    for (k = 0; k < so; k++) oaddr |= (uint64_t)obj[k] << (8 * k);
    {
        h5l__rpobj *t = h5l__rp_find(r, oaddr);
        na = t ? t->naddr : 0;
    }
    if (!na) return h5l__fail(r->err, H5L_EUNSUPPORTED, H5L_NO_OFFSET, "%s: a region reference to an object the copy does not hold", where);
    if (osz - so > (uint64_t)SIZE_MAX / 2 || !(payload = (uint8_t *)h5l__malloc(&r->a, (size_t)(osz - so + 8))))
        return h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", where);
    h5l__st64(payload, na);
    memcpy(payload + 8, obj + so, (size_t)(osz - so));
    h5l__mutex_lock(&r->w->vmu);
    st = h5l__w_vheap_put(r->w, payload, osz - so + 8, &naddr, &nidx, r->err);
    h5l__mutex_unlock(&r->w->vmu);
    h5l__free(&r->a, payload);
    if (st != H5L_OK) return st;
    h5l__o_u64(&o, naddr);
    h5l__o_u32(&o, nidx);
    return H5L_OK;
}

typedef struct h5l__rpref {
    const h5l__rp *r;
} h5l__rpref;

/* An 8-byte reference field: rewritten with the new address. */
static int h5l__rp_ref_field(void *ctx, const h5l_dtype *t, uint8_t *p)
{
    if (t->size == 8) h5l__st64(p, h5l__rp_new_addr(((h5l__rpref *)ctx)->r, p, 8));
    return 0;
}

static void h5l__rp_progress(h5l__rp *r, uint64_t bytes)
{
    r->done += bytes;
    if (r->opt->progress) r->opt->progress(r->opt->progress_ctx, r->done, r->total);
}

/* Pass 3: one dataset's values. */
static h5l_status h5l__rp_copy(h5l__rp *r, h5l__rpobj *p)
{
    h5l_obj *o;
    const h5l_dataset_info *di;
    h5l_read_options ro;
    uint64_t rows, row_bytes, block, first;
    uint8_t *buf = NULL;
    void *vals = NULL;
    h5l_status st;
    unsigned k;
    int special, top_vlen;
    uint64_t nv, nref;
    if ((st = h5l_obj_open_addr(r->f, p->addr, &o, r->err)) != H5L_OK) return st;
    di = h5l_obj_dataset(o);
    memset(&ro, 0, sizeof ro);
    ro.threads = r->opt->threads;
    if (di->space.kind == H5L_SPACE_NULL || !di->space.npoints) {
        h5l_obj_close(o);
        return H5L_OK;
    }
    rows = di->space.kind == H5L_SPACE_SCALAR ? 1 : di->space.dims[0];
    row_bytes = di->type->size;
    for (k = 1; di->space.kind == H5L_SPACE_SIMPLE && k < di->space.rank; k++) row_bytes *= di->space.dims[k];
    nv = h5l__nfields(di->type, H5L_CLASS_VLEN, 0);
    nref = h5l__nfields(di->type, H5L_CLASS_REFERENCE, 0);
    special = nv || nref;
    if (!special && h5l_writer_ptr(r->w, p->d)) {     /* contiguous output, mapped: decode in place */
        uint8_t *dst = (uint8_t *)h5l_writer_ptr(r->w, p->d);
        block = H5L__RP_BLOCK / row_bytes ? H5L__RP_BLOCK / row_bytes : 1;
        if (ro.threads > 1 && di->layout == H5L_LAYOUT_CHUNKED) block = rows;   /* the threads split whole reads */
        for (first = 0; first < rows && st == H5L_OK; first += block) {
            uint64_t nr = rows - first < block ? rows - first : block;
            st = h5l_dataset_info_read(di, first, nr, dst + first * row_bytes, (size_t)(nr * row_bytes), &ro, r->err);
            if (st == H5L_OK) h5l__rp_progress(r, nr * row_bytes);
        }
        h5l_obj_close(o);
        return st;
    }
    block = H5L__RP_BLOCK / row_bytes ? H5L__RP_BLOCK / row_bytes : 1;
    if (block > rows) block = rows;
    buf = (uint8_t *)h5l__malloc(&r->a, (size_t)(block * row_bytes));
    top_vlen = di->type->cls == H5L_CLASS_VLEN;
    if (top_vlen) vals = h5l__malloc(&r->a, (size_t)(block * (row_bytes / di->type->size)) * sizeof(h5l_vlen));
    if (!buf || (top_vlen && !vals)) st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", p->path);
    for (first = 0; first < rows && st == H5L_OK; first += block) {
        uint64_t nr = rows - first < block ? rows - first : block, ne = nr * (row_bytes / di->type->size), e;
        st = h5l_dataset_info_read(di, first, nr, buf, (size_t)(nr * row_bytes), &ro, r->err);
        if (st != H5L_OK) break;
        if (nref) {                    /* object references: the objects' new addresses */
            h5l__rpref c;
            c.r = r;
            for (e = 0; e < ne; e++) (void)h5l__fields(di->type, H5L_CLASS_REFERENCE, buf + e * di->type->size, 0, h5l__rp_ref_field, &c);
        }
        if (top_vlen) {                /* elements of the input's size (12 bytes with 4-byte offsets) */
            h5l_vlen *v = (h5l_vlen *)vals;
            for (e = 0; e < ne && st == H5L_OK; e++) st = h5l_vlen_get(r->f, di->type, buf + e * di->type->size, &v[e].p, &v[e].len, r->err);
            if (st == H5L_OK) st = h5l_writer_write_vlen(r->w, p->d, first, nr, v, r->err);
        } else if (di->type->cls == H5L_CLASS_REFERENCE && di->type->ref_type == 1) {
            /* region references: each a heap object (the object's address, then
             * its selection) copied into a new one with the new address */
            uint8_t *q = (uint8_t *)h5l__malloc(&r->a, (size_t)(ne * 12));
            if (!q) st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", p->path);
            for (e = 0; q && e < ne && st == H5L_OK; e++) st = h5l__rp_region(r, buf + e * di->type->size, q + e * 12, p->path);
            if (q && st == H5L_OK) st = h5l_writer_write(r->w, p->d, first, nr, q, r->err);
            h5l__free(&r->a, q);
        } else if (di->type->cls == H5L_CLASS_REFERENCE && di->type->size != 8) {
            uint8_t *q = (uint8_t *)h5l__malloc(&r->a, (size_t)(ne * 8));
            if (!q) st = h5l__fail(r->err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory", p->path);
            for (e = 0; q && e < ne; e++) h5l__st64(q + e * 8, h5l__rp_new_addr(r, buf + e * di->type->size, di->type->size));
            if (q) st = h5l_writer_write(r->w, p->d, first, nr, q, r->err);
            h5l__free(&r->a, q);
        } else {
            if (nv) st = h5l__rp_memform(r, di->type, buf, ne);
            if (st == H5L_OK) st = h5l_writer_write(r->w, p->d, first, nr, buf, r->err);
        }
        if (st == H5L_OK) h5l__rp_progress(r, nr * row_bytes);
    }
    h5l__free(&r->a, vals);
    h5l__free(&r->a, buf);
    h5l_obj_close(o);
    return st;
}

h5l_status h5l_repack(const char *in, const char *out, const h5l_repack_options *opt, h5l_error *err)
{
    h5l__rp r;
    h5l_repack_options def;
    h5l_open_options oo;
    h5l_write_options wo;
    h5l_status st;
    size_t i;
    h5l__clear(err);
    if (!in || !out) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_repack: NULL path");
    if (!opt) {
        memset(&def, 0, sizeof def);
        opt = &def;
    }
    if (opt->layout > H5L_REPACK_CHUNKED) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_repack: unknown layout %u", opt->layout);
    memset(&r, 0, sizeof r);
    r.a = *h5l__alloc_or_default(opt->alloc);
    r.opt = opt;
    r.err = err;
    memset(&oo, 0, sizeof oo);
    oo.alloc = &r.a;
    memset(&wo, 0, sizeof wo);
    wo.alloc = &r.a;
    wo.flags = opt->write_flags;
    st = h5l_open(in, &oo, &r.f, err);
    if (st == H5L_OK) st = h5l__rp_walk(&r);
    if (st == H5L_OK) st = h5l_writer_open(out, &wo, &r.w, err);
    if (st == H5L_OK) r.w->region_ok = 1;
    if (st == H5L_OK) st = h5l__rp_declare(&r);
    if (st == H5L_OK) st = h5l_writer_layout(r.w, err);
    for (i = 0; st == H5L_OK && i < r.n; i++) r.o[i].naddr = h5l_writer_object_addr(r.w, r.o[i].path);
    for (i = 0; st == H5L_OK && i < r.n; i++)
        if (r.o[i].kind == H5L_OBJ_DATASET && r.o[i].d != H5L_NO_DSET) {
            st = h5l__rp_copy(&r, &r.o[i]);
            if (st != H5L_OK && err && !strstr(err->msg, r.o[i].path)) h5l__w_prefix(err, r.o[i].path);
        }
    if (r.w) {
        if (st == H5L_OK) st = h5l_writer_finish(r.w, err);
        else h5l_writer_abort(r.w);
    }
    if (r.f) h5l_close(r.f);
    for (i = 0; i < r.n; i++) h5l__free(&r.a, r.o[i].path);
    for (i = 0; i < r.nl; i++) {
        h5l__free(&r.a, r.l[i].path);
        h5l__free(&r.a, r.l[i].target);
        h5l__free(&r.a, r.l[i].file);
    }
    h5l__free(&r.a, r.o);
    h5l__free(&r.a, r.l);
    h5l__free(&r.a, r.hash);
    return st;
}
