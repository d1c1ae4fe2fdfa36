/* ======================================================================
 * SECTION 0 — Portability, errors, allocation, bytes and checks
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
#endif

#if defined(H5L_OS_STDIO) && !defined(H5L_NO_MMAP)
#  define H5L_NO_MMAP 1
#endif

#define H5L_UNDEF UINT64_MAX   /* the undefined address, after decoding */

/* ---- errors ------------------------------------------------------------ */

static const char *const h5l__status_names[] = {
    "H5L_OK", "H5L_EINVAL", "H5L_ENOTHDF5", "H5L_ECORRUPT", "H5L_EUNSUPPORTED", "H5L_ENOTFOUND",
    "H5L_EEXISTS", "H5L_EIO", "H5L_ENOMEM", "H5L_ENOSPC", "H5L_EFBIG", "H5L_ETYPE"};
static const char *const h5l__status_texts[] = {
    "success", "invalid argument", "not an HDF5 file", "file is corrupt",
    "unsupported HDF5 feature", "not found", "name already exists", "I/O error",
    "out of memory", "no space left on device", "file too large", "wrong type"};

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

#if defined(__MINGW32__) && defined(__MINGW_PRINTF_FORMAT)
#  define H5L_PRINTF(a, b) __attribute__((format(__MINGW_PRINTF_FORMAT, a, b)))
#elif defined(__GNUC__)
#  define H5L_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define H5L_PRINTF(a, b)
#endif

/* Record an error and return its code: `return h5l__fail(err, H5L_ECORRUPT,
 * off, "symbol node at %llu: %u entries > %u", ...)`. err may be NULL. */
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
    /* data follows, 16-aligned */
} h5l__arena_block;

typedef struct h5l__arena {
    const h5l_allocator *a;
    h5l__arena_block *head;
} h5l__arena;

#define H5L__ARENA_HDR ((sizeof(h5l__arena_block) + 15u) & ~(size_t)15u)

static void h5l__arena_init(h5l__arena *ar, const h5l_allocator *a)
{
    ar->a = a;
    ar->head = NULL;
}

/* Zeroed memory of n bytes, 16-aligned; NULL on failure. */
static void *h5l__arena_alloc(h5l__arena *ar, size_t n)
{
    h5l__arena_block *b = ar->head;
    void *p;
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0) n = 16;
    if (!b || b->size - b->used < n) {
        /* the first block is 1.5 KiB, the next ones 4 KiB: most arenas (one per open
         * object) hold a single dataset description (~1.3 KiB) */
        size_t want = (b ? 4096 : 1536) - H5L__ARENA_HDR;
        size_t sz = n > want ? n : want;
        if (sz > SIZE_MAX - H5L__ARENA_HDR) return NULL;
        b = (h5l__arena_block *)h5l__malloc(ar->a, H5L__ARENA_HDR + sz);
        if (!b) return NULL;
        b->size = sz;
        b->used = 0;
        b->next = ar->head;
        ar->head = b;
    }
    p = (unsigned char *)b + H5L__ARENA_HDR + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

/* What empty dims/array_dims/chunk_dims point to (never NULL). */
static const uint64_t h5l__zero_dims[H5L_MAX_RANK + 1] = {0};

/* Copy of s[0..n) plus a NUL, in the arena. */
static char *h5l__arena_strndup(h5l__arena *ar, const char *s, size_t n)
{
    char *p;
    if (n == SIZE_MAX) return NULL;
    p = (char *)h5l__arena_alloc(ar, n + 1);
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
        h5l__free(ar->a, b);
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
        h5l__free(ar->a, b);
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
static void h5l__st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void h5l__st32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static void h5l__st64(uint8_t *p, uint64_t v) { h5l__st32(p, (uint32_t)v); h5l__st32(p + 4, (uint32_t)(v >> 32)); }

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

/* ---- Jenkins lookup3 (hashlittle), the checksum of every v2+ structure ---- */

#define H5L__ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

static uint32_t h5l__lookup3(const void *key, size_t length, uint32_t initval)
{
    const uint8_t *k = (const uint8_t *)key;
    uint32_t a, b, c;
    a = b = c = 0xdeadbeefu + (uint32_t)length + initval;
    while (length > 12) {
        a += h5l__ld32(k);
        b += h5l__ld32(k + 4);
        c += h5l__ld32(k + 8);
        a -= c; a ^= H5L__ROT(c, 4);  c += b;
        b -= a; b ^= H5L__ROT(a, 6);  a += c;
        c -= b; c ^= H5L__ROT(b, 8);  b += a;
        a -= c; a ^= H5L__ROT(c, 16); c += b;
        b -= a; b ^= H5L__ROT(a, 19); a += c;
        c -= b; c ^= H5L__ROT(b, 4);  b += a;
        length -= 12;
        k += 12;
    }
    switch (length) {
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

/* ======================================================================
 * SECTION 1 — File access (reading)
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
#if defined(H5L_OS_WIN32)
    HANDLE win_mapping;
#endif
    /* superblock (filled by h5l__superblock_read) */
    unsigned sb_version;
    unsigned so, sl;           /* size of offsets, size of lengths */
    uint64_t sb_offset;        /* absolute offset of the signature */
    uint64_t base;             /* absolute offset addresses are relative to */
    uint64_t eof;              /* end-of-file address (relative) */
    uint64_t root_addr;        /* root group object header (relative) */
    uint64_t ext_addr;         /* superblock extension (v2+), or H5L_UNDEF */
    unsigned sym_leaf_k;       /* group leaf node K (v0/1; 4 by default) */
    unsigned btree_k;          /* group internal node K (16 by default) */
    unsigned chunk_btree_k;    /* indexed storage internal node K (32 by default) */
    uint64_t root_stab_btree;  /* root entry's cached symbol table (v0/1), or H5L_UNDEF */
    uint64_t root_stab_heap;
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

/* Decode a file address of f->so bytes; all-ones becomes H5L_UNDEF. */
static uint64_t h5l__ld_addr(const h5l_file *f, const uint8_t *p)
{
    uint64_t v = h5l__ldn(p, f->so);
    uint64_t ones = f->so >= 8 ? UINT64_MAX : (((uint64_t)1 << (8 * f->so)) - 1);
    return v == ones ? H5L_UNDEF : v;
}
static uint64_t h5l__cur_addr(h5l__cur *c, const h5l_file *f)
{
    const uint8_t *p = h5l__cur_take(c, f->so);
    return p ? h5l__ld_addr(f, p) : H5L_UNDEF;
}
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
    f->ext_addr = H5L_UNDEF;
    f->root_stab_btree = f->root_stab_heap = H5L_UNDEF;
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
    fd = open(path, O_RDONLY);
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
        close(fd);
        f->map = (const uint8_t *)p;
        f->size = (uint64_t)stt.st_size;
        f->map_kind = H5L__MAP_MMAP;
        return H5L_OK;
    }
#endif
    {
        size_t len = (size_t)stt.st_size, got = 0;
        uint8_t *buf = h5l__heap_map_alloc(f, len);
        (void)flags;
        if (!buf) {
            close(fd);
            return h5l__fail(err, H5L_ENOMEM, H5L_NO_OFFSET, "%s: out of memory reading %zu bytes", path, len);
        }
        while (got < len) {
            ssize_t r = pread(fd, buf + got, len - got > (size_t)1 << 30 ? (size_t)1 << 30 : len - got, (off_t)got);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                int e = r < 0 ? errno : EIO;
                close(fd);
                h5l__free(&f->alloc, f->heap_block);
                f->heap_block = NULL;
                return h5l__fail_os(err, e, "%s: read", path);
            }
            got += (size_t)r;
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
    h5l__unmap(f);
    a = f->alloc;
    h5l__free(&a, f);
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
 * SECTION 1b — File access (writing)
 *
 * The writer's only OS needs: create a unique temporary file beside the
 * target, positional writes, set the size (sparse), map read-write, sync,
 * close, rename over the target, remove. Each call first asks the testing
 * hook (h5l_write_options.io_hook), which can make it fail.
 * ====================================================================== */

typedef struct h5l__wfile {
#if defined(H5L_OS_POSIX)
    int fd;
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

/* Create "<target>.tmpXXXXXX" (POSIX: mkstemp; mode 0666 & ~umask as for a
 * new file). *tmp_out is allocated with `a` and owned by the caller. */
static h5l_status h5l__wf_create_temp(h5l__wfile *w, const h5l_allocator *a, const char *target, char **tmp_out,
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
        w->fd = mkstemp(tmp);
        if (w->fd < 0) {
            e = errno;
            h5l__free(a, tmp);
            return h5l__fail_os(err, e, "%s: cannot create a temporary file", target);
        }
        /* mkstemp makes 0600; give the file the mode open(O_CREAT, 0666) would. */
        um = umask(022);
        umask(um);
        (void)fchmod(w->fd, (mode_t)(0666 & ~um));
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
        if (off > (uint64_t)INT64_MAX) return h5l__fail(err, H5L_EFBIG, off, "write at %llu: offset too large", (unsigned long long)off);
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

/* Map [0, size) read-write; *p = NULL when mapping is unavailable. */
static h5l_status h5l__wf_map(h5l__wfile *w, uint64_t size, void **p, h5l_error *err)
{
    int e;
    *p = NULL;
    if (size == 0) return H5L_OK;
    if ((e = h5l__hook(w, "mmap")) != 0) return h5l__fail_os(err, e, "cannot map the file");
    if (size > (uint64_t)SIZE_MAX) return h5l__fail(err, H5L_EFBIG, H5L_NO_OFFSET, "file of %llu bytes larger than the address space", (unsigned long long)size);
#if defined(H5L_OS_POSIX) && !defined(H5L_NO_MMAP)
    {
        void *m = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
        if (m == MAP_FAILED) return h5l__fail_os(err, errno, "cannot map %llu bytes", (unsigned long long)size);
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

static void h5l__wf_remove(const char *path)
{
    if (path) (void)remove(path);
}

/* ---- the interface between sections ---------------------------------------
 * Dense storage (fractal heap + version-2 B-tree, section "dense") serves
 * groups and attributes (section "read"): it hands out the stored link or
 * attribute *message bodies*; the read section decodes them. */

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
