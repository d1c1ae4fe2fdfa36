/*
 * hdf5lite — write and read the columnar subset of HDF5 without libhdf5.
 *
 * Two files, hdf5lite.h and hdf5lite.c, plain C99. Drop them into a project or
 * link libhdf5lite.a. The files hdf5lite writes are ordinary HDF5 (superblock
 * version 0, version-1 object headers, contiguous storage, symbol-table
 * groups as h5py writes by default, and for groups of at most 8 links the
 * compact link storage of libhdf5 1.8 and later), laid out the way vaex lays
 * out a table:
 *
 *     /table                      group, attribute type = "table"
 *     /table/columns              group, attribute column_order = "a,b,c"
 *     /table/columns/a/data       the values (contiguous, 64-byte aligned)
 *     /table/columns/a/null_bitmap  or  mask          optional validity
 *     /table/columns/s/data       string bytes (S1, attribute dtype = "str")
 *     /table/columns/s/indices    rows+1 offsets (int32 or int64)
 *     /table/columns/d/indices/data + /table/columns/d/dictionary/...
 *
 * QUICK START
 *   Read (columns of a vaex table are pointers into the mapped file):
 *     h5l_file *f;  h5l_table *t;  h5l_error e;
 *     if (h5l_open("data.hdf5", NULL, &f, &e) != H5L_OK) { puts(e.msg); ... }
 *     if (h5l_table_open(f, NULL, &t, &e) == H5L_OK) {
 *         const h5l_column *c = h5l_table_find(t, "x");
 *         const double *x = (const double *)c->data->data;    (c->rows values; check
 *         ... h5l_table_close(t);                                c->data->type first)
 *     }
 *     h5l_close(f);
 *   Write (declare everything, lay out, fill in place, finish):
 *     h5l_writer *w;  h5l_column_dsets d;  h5l_column_spec s = {0};
 *     h5l_writer_open("out.hdf5", NULL, &w, &e);  h5l_table_create(w, NULL, &e);
 *     s.name = "x"; s.kind = H5L_COL_PRIMITIVE; s.type = H5L_T_F64; s.rows = n;
 *     h5l_table_add_column(w, NULL, &s, &d, &e);  h5l_writer_layout(w, &e);
 *     memcpy(h5l_writer_ptr(w, d.data), values, n * 8);   (or h5l_writer_write)
 *     h5l_writer_finish(w, &e);              (sync, then rename into place)
 *
 * This header is the manual. Its sections, and the sections of hdf5lite.c
 * that implement them:
 *
 *   1. Status codes, errors, allocator ......... hdf5lite.c A
 *   2. Datatypes and dataspaces ................ hdf5lite.c C.3
 *   3. Reading: files, objects, links, datasets, attributes
 *                                                hdf5lite.c B.1, C.4, D
 *   4. Reading tables (vaex layout) ............ hdf5lite.c F
 *   5. Writing: the general tree, two-phase (declare, lay out, fill, finish)
 *                                                hdf5lite.c B.2, E
 *   6. Writing tables (vaex layout) ............ hdf5lite.c G
 *
 * COMPILE-TIME OPTIONS (define them when compiling hdf5lite.c)
 *   H5L_NO_MMAP     POSIX without mmap: files are read into memory with pread;
 *                   the writer uses pwrite only (h5l_writer_ptr returns NULL).
 *   H5L_NO_POSIX    only the C library (fopen/fread/fwrite/fseek/rename):
 *                   implies H5L_NO_MMAP; fill a writer from one thread.
 *   H5L_BUILD_DLL   Windows: export the API from a DLL (H5L_API below).
 *   H5L_API         override the declaration prefix of every function.
 *   H5L_NO_THREADS  chunked reads run on the calling thread only (no
 *                   pthreads / Windows threads; a caller's pool still works).
 *   H5L_NO_SIMD     the shuffle filter without SSE2 intrinsics.
 *   H5L_NO_EXTRA_CODECS  leave out the LZ4, bitshuffle, Blosc and Zstandard
 *                   decoders (for the smallest embedded builds): their
 *                   datasets are EUNSUPPORTED unless a filter hook decodes
 *                   them. Deflate, shuffle, fletcher32, LZF, n-bit and
 *                   scale-offset stay.
 *   H5L_DEBUG       checks for development: every encoder asserts that it
 *                   wrote the size it announced (uses assert.h).
 *   Everything else is detected: Windows (CreateFileMapping, MoveFileEx),
 *   Linux extras (posix_fallocate, fstatfs, madvise), byte order at run time.
 *
 * ERROR MODEL
 *   Every function that can fail returns an h5l_status (H5L_OK == 0) and takes
 *   a last argument `h5l_error *err` that may be NULL. On failure *err receives
 *   the code, the errno of the failing OS call (or 0), the file offset of the
 *   structure at fault (or H5L_NO_OFFSET) and a one-line message naming the
 *   object and the cause. Nothing is global: no errno-style state, no locks.
 *
 * MEMORY
 *   Every allocation goes through the allocator given at open/create time
 *   (malloc/realloc/free by default). Objects returned by the library are
 *   owned by the library and released by the matching close function; pointers
 *   into a file (names, data) stay valid until the h5l_file is closed unless a
 *   function says otherwise (or the file was opened with H5L_OPEN_META_CACHE:
 *   metadata pointers then last until h5l_file_release_pages). Allocations
 *   made by the reader are bounded by a small multiple of the file's size.
 *
 * THREAD SAFETY
 *   - An open h5l_file is immutable: any number of threads may use one file
 *     handle at once (open objects, iterate, read) -- except one opened with
 *     H5L_OPEN_META_CACHE, whose cache makes it one thread's at a time.
 *   - An h5l_obj, h5l_attrs or h5l_table may be used by one thread at a time;
 *     open one per thread (cheap) to share work.
 *   - A writer is driven by one thread up to and including h5l_writer_layout();
 *     after that h5l_writer_ptr(), h5l_writer_offset(), h5l_writer_size() and
 *     h5l_writer_write() may be called from any number of threads (different
 *     datasets, or disjoint row ranges of one dataset); h5l_writer_finish() and
 *     h5l_writer_abort() again by one thread once the others are done.
 *   - Reads of chunked data may run on several threads of their own
 *     (h5l_read_options.threads): the allocator is then called from them.
 *     Threads use the platform's (POSIX or Windows; none with H5L_NO_POSIX
 *     or H5L_NO_THREADS), so link with -lpthread where the C library does
 *     not hold it (glibc before 2.34).
 *   - Distinct writers and files never share state.
 *   - Exception: a library built with -DH5L_NO_POSIX (stdio only) seeks and
 *     writes one FILE, so its writer must be filled from one thread.
 */
#ifndef HDF5LITE_H
#define HDF5LITE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define H5L_VERSION_MAJOR 0
#define H5L_VERSION_MINOR 1
#define H5L_VERSION_PATCH 0
#define H5L_VERSION_STRING "0.1.0"

#ifndef H5L_API
#  if defined(_WIN32) && defined(H5L_BUILD_DLL)
#    define H5L_API __declspec(dllexport)
#  elif defined(__GNUC__) && __GNUC__ >= 4
#    define H5L_API __attribute__((visibility("default")))
#  else
#    define H5L_API
#  endif
#endif

/* Returns H5L_VERSION_STRING of the compiled library. */
H5L_API const char *h5l_version(void);

/* ======================================================================
 * 1. Status codes, errors, allocator
 * ====================================================================== */

typedef enum h5l_status {
    H5L_OK = 0,
    H5L_EINVAL = 1,       /* bad argument, or call out of sequence */
    H5L_ENOTHDF5 = 2,     /* no HDF5 signature where one may stand */
    H5L_ECORRUPT = 3,     /* a structure fails a check (truncated, out of range, bad checksum...) */
    H5L_EUNSUPPORTED = 4, /* valid HDF5 outside the supported subset (virtual or external storage, an unknown filter, ...) */
    H5L_ENOTFOUND = 5,    /* no object, link, attribute or column of that name */
    H5L_EEXISTS = 6,      /* a name is already taken (writer) */
    H5L_EIO = 7,          /* an operating-system call failed (see h5l_error.sys_errno) */
    H5L_ENOMEM = 8,       /* the allocator returned NULL */
    H5L_ENOSPC = 9,       /* no space left on the device (writer) */
    H5L_EFBIG = 10,       /* file too large for the file system, the process limit or this platform */
    H5L_ETYPE = 11,       /* value of another type than the call asks for (e.g. string of a number) */
    H5L_ERANGE = 12       /* a value does not fit the type asked for (typed reads without H5L_CONV_CLAMP) */
} h5l_status;

#define H5L_NO_OFFSET UINT64_MAX

typedef struct h5l_error {
    h5l_status code;      /* H5L_OK when nothing failed */
    int sys_errno;        /* errno (or GetLastError) of the failing OS call, else 0 */
    uint64_t offset;      /* absolute file offset of the structure at fault, or H5L_NO_OFFSET */
    char msg[256];        /* one line, NUL-terminated: "<object>: <cause>" */
} h5l_error;

/* Name of a status code, e.g. "H5L_ECORRUPT"; "H5L_E?" for unknown values. */
H5L_API const char *h5l_status_name(h5l_status s);
/* A short English description of a status code, e.g. "file is corrupt". */
H5L_API const char *h5l_status_text(h5l_status s);

/* Custom allocator. All three functions must be given; ctx is passed back.
 * realloc_fn(ctx, NULL, n) must behave as malloc_fn; free_fn(ctx, NULL) as a no-op. */
typedef struct h5l_allocator {
    void *(*malloc_fn)(void *ctx, size_t size);
    void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
    void (*free_fn)(void *ctx, void *ptr);
    void *ctx;
} h5l_allocator;

/* ======================================================================
 * 2. Datatypes and dataspaces
 * ====================================================================== */

/* Datatype classes; the values are the class numbers stored in the file. */
typedef enum h5l_class {
    H5L_CLASS_INTEGER = 0,
    H5L_CLASS_FLOAT = 1,
    H5L_CLASS_TIME = 2,
    H5L_CLASS_STRING = 3,     /* fixed-length string */
    H5L_CLASS_BITFIELD = 4,
    H5L_CLASS_OPAQUE = 5,
    H5L_CLASS_COMPOUND = 6,
    H5L_CLASS_REFERENCE = 7,
    H5L_CLASS_ENUM = 8,
    H5L_CLASS_VLEN = 9,       /* variable-length string or sequence */
    H5L_CLASS_ARRAY = 10
} h5l_class;

typedef enum h5l_order { H5L_LE = 0, H5L_BE = 1 } h5l_order;
typedef enum h5l_strpad { H5L_PAD_NULLTERM = 0, H5L_PAD_NULLPAD = 1, H5L_PAD_SPACEPAD = 2 } h5l_strpad;
typedef enum h5l_cset { H5L_CSET_ASCII = 0, H5L_CSET_UTF8 = 1 } h5l_cset;

#define H5L_MAX_RANK 32

typedef struct h5l_dtype h5l_dtype;

/* A member of a compound or an enum type. */
typedef struct h5l_member {
    const char *name;          /* NUL-terminated */
    uint64_t offset;           /* COMPOUND: byte offset of the member inside the element */
    const h5l_dtype *type;     /* COMPOUND: the member's type */
    const void *value;         /* ENUM: the value, base->size bytes in the base type's byte order */
} h5l_member;

/* Full description of a stored element type. Owned by the object (or the
 * h5l_attrs) it came from. */
struct h5l_dtype {
    h5l_class cls;
    uint64_t size;             /* bytes per element */
    h5l_order order;           /* INTEGER, FLOAT, BITFIELD, TIME (ENUM: see base) */
    int is_signed;             /* INTEGER */
    uint16_t bit_offset;       /* INTEGER, FLOAT, BITFIELD */
    uint16_t precision;        /* INTEGER, FLOAT, BITFIELD: significant bits */
    /* FLOAT bit layout */
    uint8_t sign_pos, exp_pos, exp_size, mant_pos, mant_size;
    uint8_t mant_norm;         /* 0 none, 1 MSB set, 2 MSB implied */
    uint32_t exp_bias;
    /* STRING and VLEN strings */
    h5l_strpad pad;
    h5l_cset cset;
    int is_vlen_string;        /* VLEN: 1 string, 0 sequence of base */
    /* ENUM (underlying integer), VLEN (element), ARRAY (element) */
    const h5l_dtype *base;
    /* COMPOUND, ENUM */
    uint32_t nmembers;
    const h5l_member *members;
    int is_bool;               /* ENUM that h5py reads as numpy bool: exactly {FALSE:0, TRUE:1} */
    /* ARRAY */
    unsigned array_rank;
    const uint64_t *array_dims;   /* array_rank entries (never NULL; owned like the type) */
    /* OPAQUE */
    const char *tag;           /* NUL-terminated, may be "" */
    /* REFERENCE: 0 object, 1 dataset region */
    unsigned ref_type;
};

/* The numpy dtype.str h5py would report for this type, e.g. "<f8", ">i4",
 * "|b1", "|S5", "|O" (vlen), "|V12" (compound, opaque, array...).
 * Writes at most n bytes including the NUL; returns the length it needs. */
H5L_API size_t h5l_dtype_numpy(const h5l_dtype *t, char *buf, size_t n);

typedef enum h5l_space_kind { H5L_SPACE_SCALAR = 0, H5L_SPACE_SIMPLE = 1, H5L_SPACE_NULL = 2 } h5l_space_kind;

typedef struct h5l_space {
    h5l_space_kind kind;
    unsigned rank;                      /* 0 for SCALAR and NULL */
    /* rank entries each (never NULL; owned by what holds the space, like
     * the type): sized by rank, so index only below rank */
    const uint64_t *dims;
    const uint64_t *maxdims;            /* UINT64_MAX = unlimited; equal to dims when not stored */
    uint64_t npoints;                   /* product of dims; 1 for SCALAR, 0 for NULL */
} h5l_space;

/* ======================================================================
 * 3. Reading
 * ====================================================================== */

typedef struct h5l_file h5l_file;
typedef struct h5l_obj h5l_obj;

/* A decoder for a filter hdf5lite does not carry (bzip2 307, LZO 305, szip
 * 4, ZFP 32013, Blosc2 32026, ...), or one that replaces its own: a hook
 * given to h5l_open in h5l_open_options.filter_hooks. When a chunk's
 * pipeline reaches filter `id`, hdf5lite calls
 *     decode(user, fl, src, n, dst, cap, &out_n)
 * fl: the pipeline's entry (id, flags, name, client data cd[0..ncd) as
 * stored: hostile input); src[0..n): the stored chunk or the previous
 * filter's result; dst[0..cap): where the result goes (cap >= the decoded
 * chunk's size; the last filter must produce exactly the chunk); *out_n:
 * bytes written. Return 0 on success; H5L_EUNSUPPORTED or H5L_ENOMEM to
 * have the read fail with that code; anything else fails the read with
 * H5L_ECORRUPT naming the filter and the chunk's offset. Memory the hook
 * allocates is its own. Called from every thread a read runs on
 * (h5l_read_options.threads), concurrently: it must be thread-safe. The
 * writer and appender never call hooks (a dataset whose filters hdf5lite
 * cannot write is not appended to). hdf5lite does not bound what a hook's
 * chunk expands to beyond the chunk's declared size. Set
 * H5L_OPEN_FILTER_HOOKS in h5l_open_options.flags to have them used. */
struct h5l_filter;
typedef struct h5l_filter_hook {
    unsigned id;                 /* the filter id, 0..65535 */
    int (*decode)(void *user, const struct h5l_filter *fl, const void *src, size_t n, void *dst, size_t cap, size_t *out_n);
    void *user;                  /* passed to decode */
} h5l_filter_hook;

typedef struct h5l_open_options {
    const h5l_allocator *alloc;  /* NULL: the C library's malloc/realloc/free */
    unsigned flags;              /* H5L_OPEN_* */
    /* Read only with H5L_OPEN_FILTER_HOOKS in flags (so that programs
     * written before these fields, which set alloc and flags one by one,
     * keep working): */
    const h5l_filter_hook *filter_hooks; /* copied at open (EINVAL: NULL decode, id > 65535) */
    unsigned nfilter_hooks;      /* 0..4096 */
} h5l_open_options;

/* Read the file into memory instead of mapping it (also the only mode when
 * the library is built with H5L_NO_MMAP). Memory use = file size. */
#define H5L_OPEN_NO_MMAP 0x1u
/* Use filter_hooks / nfilter_hooks of the options. */
#define H5L_OPEN_FILTER_HOOKS 0x2u
/* For walks over many objects (what `mmapcol ls` uses): object headers,
 * local heaps, group B-tree nodes and symbol nodes are read as 32 KiB
 * blocks with pread (from the buffer, for h5l_open_memory) into a small
 * cache and decoded there, rather than touched through the mapping: no
 * page fault per first touch, and resident memory that stays at the cache
 * (8 blocks kept; at most 64 blocks and 1 MiB of copies between two
 * releases, beyond which the mapping is used as without the flag). Results
 * are the same. The price, which is why it is a flag:
 *   - the file handle is used by one thread at a time (reads of chunked
 *     data may still run on threads of their own);
 *   - pointers that come from those structures -- link names given to an
 *     iteration callback, datatype member names and attribute values of an
 *     object -- stay valid only until the next h5l_file_release_pages(f),
 *     not until h5l_close. Call it only when none is held (between
 *     objects: a walk opens one, describes it, closes it, then releases).
 * Data (contiguous datasets, chunks) is mapped as always. */
#define H5L_OPEN_META_CACHE 0x4u

/* Open an HDF5 file for reading. Maps it read-only (or reads it, see
 * H5L_OPEN_NO_MMAP), finds the superblock (offset 0, 512, 1024, ...), checks
 * it and its checksum. Nothing else is parsed until asked. On POSIX a mapped
 * file keeps its descriptor (close-on-exec) until h5l_close(): the nodes of
 * large symbol-table groups, which libhdf5 scatters over the file, are
 * listed with pread rather than by mapping 64 KiB around each.
 * Errors: EINVAL (NULL args), EIO (open/stat/mmap failed), ENOTHDF5,
 * ECORRUPT, EUNSUPPORTED (e.g. offsets wider than 8 bytes), EFBIG (larger
 * than the address space), ENOMEM. On error *out is NULL. */
H5L_API h5l_status h5l_open(const char *path, const h5l_open_options *opt, h5l_file **out, h5l_error *err);

/* Same, over a caller's buffer (not copied: it must outlive the file and not
 * change). Needs no operating system. This is the fuzzing entry point. */
H5L_API h5l_status h5l_open_memory(const void *data, size_t size, const h5l_open_options *opt,
                                   h5l_file **out, h5l_error *err);

/* Unmap/free everything. Objects, attribute lists and tables opened from f
 * must be closed first. NULL is a no-op. */
H5L_API void h5l_close(h5l_file *f);

/* Give back the resident pages of a mapped file (Linux: madvise
 * MADV_DONTNEED on the read-only mapping). Nothing is lost: the pages stay
 * in the page cache and are mapped again by the next access, so every
 * pointer into the file stays valid. For long walks over large files, whose
 * resident memory would otherwise grow to everything they touched
 * (h5l_table_open does this by itself). Thread-safe: other threads reading
 * f just fault their pages in again. A no-op for files read into memory or
 * given by the caller, on other systems, and for NULL.
 * With H5L_OPEN_META_CACHE it also ends the cache's epoch: pointers into
 * metadata obtained before the call become invalid (see the flag), the
 * cache's blocks may be reused, and the mapping's pages are given back on
 * every 16th call only (the cache makes the call cheap enough to make it
 * every few dozen objects). Then not thread-safe. */
H5L_API void h5l_file_release_pages(const h5l_file *f);

typedef struct h5l_file_info {
    unsigned superblock_version;   /* 0..3 */
    unsigned sizeof_offsets, sizeof_lengths;
    uint64_t superblock_offset;    /* where the signature was found (user block size) */
    uint64_t base_address;         /* absolute offset that file addresses are relative to */
    uint64_t eof_address;          /* end-of-file address stored in the superblock (relative) */
    uint64_t file_size;            /* bytes available */
    uint64_t root_addr;            /* root group object header address (relative) */
    const void *map;               /* the whole file in memory (mapped or read) */
} h5l_file_info;
H5L_API void h5l_file_get_info(const h5l_file *f, h5l_file_info *out);

/* ---- objects -------------------------------------------------------- */

typedef enum h5l_obj_kind { H5L_OBJ_GROUP = 1, H5L_OBJ_DATASET = 2, H5L_OBJ_DATATYPE = 3 } h5l_obj_kind;

/* Open the object at an absolute path ("/", "/table/columns/x/data"; a
 * missing leading '/' is allowed). Hard links are followed; soft links are
 * resolved inside the file (at most 16 in a chain); an external link gives
 * EUNSUPPORTED. Errors: EINVAL, ENOTFOUND, ECORRUPT, EUNSUPPORTED, ENOMEM. */
H5L_API h5l_status h5l_obj_open(h5l_file *f, const char *path, h5l_obj **out, h5l_error *err);

/* Open the object whose header is at `addr` (relative to the base address,
 * as in h5l_link.addr). */
H5L_API h5l_status h5l_obj_open_addr(h5l_file *f, uint64_t addr, h5l_obj **out, h5l_error *err);

/* Open `path` relative to group g (absolute paths start from the root). */
H5L_API h5l_status h5l_obj_open_rel(const h5l_obj *g, const char *path, h5l_obj **out, h5l_error *err);

H5L_API void h5l_obj_close(h5l_obj *o);
H5L_API h5l_obj_kind h5l_obj_get_kind(const h5l_obj *o);
H5L_API uint64_t h5l_obj_get_addr(const h5l_obj *o);     /* header address: identity of the object */
H5L_API h5l_file *h5l_obj_get_file(const h5l_obj *o);
/* Number of hard links to the object, from its header. */
H5L_API uint32_t h5l_obj_get_refcount(const h5l_obj *o);

/* ---- links (groups) -------------------------------------------------- */

/* Other values (65..255) are user-defined link types, reported with their
 * raw type number; paths through them give H5L_EUNSUPPORTED. */
typedef enum h5l_link_type { H5L_LINK_HARD = 0, H5L_LINK_SOFT = 1, H5L_LINK_EXTERNAL = 64 } h5l_link_type;

typedef struct h5l_link {
    const char *name;          /* NUL-terminated */
    size_t name_len;
    h5l_link_type type;
    h5l_cset cset;
    uint64_t addr;             /* HARD: object header address (relative) */
    const char *target;        /* SOFT: the path; EXTERNAL: the object path in the other file */
    const char *ext_file;      /* EXTERNAL: the other file's name */
    int has_corder;
    int64_t corder;            /* creation order, when the group tracks it */
} h5l_link;

/* Return 0 to continue, non-zero to stop (h5l_group_iterate then returns H5L_OK). */
typedef int (*h5l_link_fn)(void *ctx, const h5l_link *link);

#define H5L_ITER_NAME   0u     /* increasing bytewise name order (h5py's default) */
#define H5L_ITER_CORDER 1u     /* increasing creation order; EUNSUPPORTED if the group does not track it */
#define H5L_ITER_NATIVE 2u     /* storage order, fastest, no extra memory */

/* Call fn for every link in group g. The h5l_link and its strings are valid
 * during the call only. Errors: EINVAL (not a group), ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_group_iterate(const h5l_obj *g, unsigned order, h5l_link_fn fn, void *ctx, h5l_error *err);

/* Find one link by name using the group's index (B-tree, name hash).
 * *out's strings are valid until the next call on g or its close.
 * Errors: ENOTFOUND, EINVAL, ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_group_find(const h5l_obj *g, const char *name, h5l_link *out, h5l_error *err);

/* Element type codes (the writer's types, the typed reads' memory types): a
 * base code, optionally or'ed with
 * H5L_T_BE (big-endian storage) and, for strings, H5L_T_UTF8; fixed strings
 * carry their length: H5L_T_STR(n). */
typedef uint64_t h5l_type_code;
#define H5L_T_I8    1u
#define H5L_T_I16   2u
#define H5L_T_I32   3u
#define H5L_T_I64   4u
#define H5L_T_U8    5u
#define H5L_T_U16   6u
#define H5L_T_U32   7u
#define H5L_T_U64   8u
#define H5L_T_F16   9u
#define H5L_T_F32  10u
#define H5L_T_F64  11u
#define H5L_T_BOOL 12u          /* 1 byte, 0/1, h5py's enum: reads back as numpy bool */
#define H5L_T_STRBASE 13u
#define H5L_T_STR(n) ((h5l_type_code)H5L_T_STRBASE | ((h5l_type_code)(n) << 32)) /* S<n>, NULLPAD */
#define H5L_T_BE   0x100u
#define H5L_T_UTF8 0x200u
#define H5L_T_BASE(c) ((unsigned)((c) & 0xffu))
#define H5L_T_STRLEN(c) ((uint64_t)((c) >> 32))

/* Bytes per element of a type code, 0 if invalid. */
H5L_API uint64_t h5l_type_code_size(h5l_type_code t);

/* ---- datasets ---------------------------------------------------------- */

typedef enum h5l_layout { H5L_LAYOUT_COMPACT = 0, H5L_LAYOUT_CONTIGUOUS = 1, H5L_LAYOUT_CHUNKED = 2, H5L_LAYOUT_VIRTUAL = 3 } h5l_layout;

typedef struct h5l_filter {
    uint16_t id;               /* 1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 5 nbit, 6 scaleoffset, ... */
    uint16_t flags;
    const char *name;          /* may be "" */
    uint32_t ncd;
    const uint32_t *cd;        /* client data values */
} h5l_filter;

typedef struct h5l_dataset_info {
    const h5l_dtype *type;
    h5l_space space;
    h5l_layout layout;
    int allocated;             /* storage exists in the file (else reads give the fill value) */
    uint64_t offset;           /* CONTIGUOUS: absolute file offset of the data (h5py get_offset()); else H5L_NO_OFFSET */
    uint64_t storage_size;     /* CONTIGUOUS/COMPACT: bytes of storage */
    const void *data;          /* CONTIGUOUS (allocated) and COMPACT: the bytes, in the file's byte order; else NULL */
    unsigned data_align;       /* largest power of two <= 4096 dividing the address of data; 0 if data is NULL */
    int external;              /* external file list present: data not readable (EUNSUPPORTED) */
    uint64_t type_addr;        /* committed datatype's header address, or H5L_NO_OFFSET */
    /* CHUNKED */
    unsigned chunk_rank;       /* including the trailing element-size dimension as stored */
    const uint64_t *chunk_dims;  /* chunk_rank entries (never NULL) */
    unsigned chunk_index;      /* 0 v1 B-tree (layout v3); v4: 1 single, 2 implicit, 3 fixed array, 4 extensible array, 5 v2 B-tree */
    unsigned nfilters;
    const h5l_filter *filters;
    /* fill value */
    int fill_defined;
    const void *fill_value;    /* fill_size bytes, or NULL (= zeros) */
    uint64_t fill_size;
} h5l_dataset_info;

/* The dataset description, or NULL if o is not a dataset. Owned by o. */
H5L_API const h5l_dataset_info *h5l_obj_dataset(const h5l_obj *o);

/* The type of a committed (named) datatype object, or NULL. Owned by o. */
H5L_API const h5l_dtype *h5l_obj_datatype(const h5l_obj *o);

/* Copy rows [first, first+count) of the first dimension (a scalar dataset
 * has one row) into buf as stored (the file's byte order), from any layout:
 * h5l_dataset_info_read(h5l_obj_dataset(d), ..., NULL, err). Storage never
 * allocated reads as the fill value. Errors: EINVAL (range, bufsize <
 * needed, not a dataset), EUNSUPPORTED (virtual, external, a filter not
 * decoded here), ECORRUPT, ENOMEM (chunked data: see h5l_dataset_info_read). */
H5L_API h5l_status h5l_dataset_read_raw(const h5l_obj *d, uint64_t first, uint64_t count,
                                        void *buf, size_t bufsize, h5l_error *err);

/* As h5l_dataset_read_raw, then converted to the host's byte order: integer,
 * float, bitfield, enum and time values swapped, compound and array members
 * converted recursively; strings, opaque and vlen descriptors left as stored.
 * Integers that keep fewer bits than their size (n-bit: precision and bit
 * offset) become their value, sign-extended, as libhdf5 converts them.
 * The safe path when h5l_dataset_info.data is misaligned or foreign-endian. */
H5L_API h5l_status h5l_dataset_read(const h5l_obj *d, uint64_t first, uint64_t count,
                                    void *buf, size_t bufsize, h5l_error *err);

/* ---- reading datasets: any layout ------------------------------------------
 * Contiguous and compact data are copied from the file (or pointed to: see
 * h5l_dataset_info.data). Chunked data is decoded: the chunk index is
 * walked and each chunk's filters are undone by hdf5lite itself -- deflate,
 * shuffle, fletcher32 (checked), LZF, scale-offset, n-bit, and (unless built
 * with H5L_NO_EXTRA_CODECS) LZ4 32004, bitshuffle 32008 (alone, with LZ4 or
 * Zstandard), Blosc 1.x 32001 (blosclz, lz4, lz4hc, snappy, zlib, zstd;
 * byte and bit shuffle) and Zstandard 32015 (content checksum verified). A
 * chunk that skipped an optional filter (its filter mask) is read as stored.
 * A filter outside that set is decoded by a filter hook given at open (see
 * h5l_filter_hook), else H5L_EUNSUPPORTED naming its id and name; a chunk
 * that does not decode to its size is H5L_ECORRUPT with the chunk's offset. */

typedef struct h5l_read_options {
    unsigned flags;              /* H5L_READ_* */
    /* Chunked data: decode chunks on this many threads (0 or 1: only the
     * calling thread). Threads are made per call (POSIX threads, Windows
     * threads; none in a H5L_NO_POSIX or H5L_NO_THREADS build) unless
     * `parallel` is given: then it is called once to run task(arg, w) for
     * every w in [0, n) on the caller's own pool, in any order and
     * concurrently, and must return when all have returned. With threads the
     * allocator is called from all of them. */
    unsigned threads;
    void (*parallel)(void *ctx, void (*task)(void *arg, unsigned w), void *arg, unsigned n);
    void *parallel_ctx;
} h5l_read_options;

#define H5L_READ_NATIVE 0x1u     /* convert to the host's byte order (as h5l_dataset_read) */

/* Copy rows [first, first+count) of the first dimension of the dataset d
 * describes -- from h5l_obj_dataset() or a table column's parts (data,
 * indices, null_bitmap, mask) -- into buf, in the file's byte order unless
 * opt asks for native. Storage never written reads as the fill value (or
 * zeros). opt may be NULL. The description must come from an object or
 * table still open. Memory: for chunked data, per thread while the call
 * runs, one decoded chunk and one or two more for the filters' intermediate
 * results; nothing otherwise.
 * A chunk that claims to decode to more than its filters can expand it
 * (deflate 1,032 times, LZ4 ~255, Zstandard and Blosc ~32,768, multiplied
 * along the pipeline) is refused before anything is allocated; filters that
 * need scratch (bitshuffle, Blosc, Zstandard) take one more chunk + 136 KiB.
 * Errors: EINVAL (range, bufsize < needed), EUNSUPPORTED (virtual or
 * external storage, a filter hdf5lite does not decode), ECORRUPT, ENOMEM.
 * Thread-safe: any number of threads may read one file at once. */
H5L_API h5l_status h5l_dataset_info_read(const h5l_dataset_info *d, uint64_t first, uint64_t count, void *buf, size_t bufsize,
                                         const h5l_read_options *opt, h5l_error *err);

/* ---- typed reads: numbers converted to the type you ask for -----------------
 * What H5Dread does with a memory type, for numeric data: the elements of
 * rows [first, first+count) of the first dimension (all inner elements of
 * N-D data, a scalar's one element as row 0) converted to `mem`, one of
 * H5L_T_I8 .. H5L_T_F64 (not BOOL or strings), in the host's byte order, or
 * big-endian with H5L_T_BE. Sources: integers of 1-8 bytes (either order,
 * n-bit values as their value), IEEE floats (float16/32/64 and other
 * layouts with an implied bit, up to 11 exponent and 52 mantissa bits),
 * enums (their integer value; h5py's bool is 0/1), bitfields (unsigned),
 * time (integer). Integers convert exactly; floats to integers truncate
 * toward zero; integers to floats and wider to narrower floats round to
 * nearest (even) -- as libhdf5.
 * A value the memory type cannot hold (an integer out of range, a float
 * beyond it or infinite, NaN to an integer, a finite float64 beyond
 * float32/16) fails the call with H5L_ERANGE naming the first such element
 * -- unless flags has H5L_CONV_CLAMP: then it becomes the nearest value the
 * type holds (+-inf for floats, min/max for integers, 0 for NaN), as
 * libhdf5 converts by default (libhdf5 gives INT64_MIN for NaN to a 64-bit
 * integer; here it is 0), and rep (may be NULL) counts them.
 * Memory: one block of about 64 KiB of stored elements (the file's
 * allocator) plus what chunked reading needs (h5l_dataset_info_read).
 * Errors: EINVAL (rows, bufsize < count x elements per row x size of mem,
 * memory type, flags), ETYPE (not numeric: strings, compounds, arrays,
 * vlen, references, opaque), ERANGE (above), and those of
 * h5l_dataset_info_read. Thread-safe as h5l_dataset_info_read; on an error
 * part of buf may have been written. */
#define H5L_CONV_CLAMP 0x1u

typedef struct h5l_conv_report {
    uint64_t clamped;      /* values replaced by the nearest one the type holds */
    uint64_t nan_to_int;   /* NaNs stored as 0 in an integer type */
    uint64_t first_bad;    /* index (from the first element read) of the first of them, UINT64_MAX if none */
} h5l_conv_report;

H5L_API h5l_status h5l_dataset_info_read_as(const h5l_dataset_info *d, uint64_t first, uint64_t count, h5l_type_code mem, void *buf,
                                            size_t bufsize, unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep,
                                            h5l_error *err);
/* The same for a dataset object (h5l_obj_dataset(d)). */
H5L_API h5l_status h5l_dataset_read_as(const h5l_obj *d, uint64_t first, uint64_t count, h5l_type_code mem, void *buf, size_t bufsize,
                                       unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep, h5l_error *err);

/* The name hdf5lite knows a filter id by ("deflate", "shuffle", "lzf",
 * "blosc", ...), or NULL; *decodes (if given) is 1 when hdf5lite undoes it. */
H5L_API const char *h5l_filter_name(unsigned id, int *decodes);

/* ---- chunks one at a time (streaming a chunked dataset in bounded memory) -- */

typedef struct h5l_chunk_info {
    unsigned rank;                 /* the dataset's rank */
    uint64_t coord[H5L_MAX_RANK];  /* element offset of the chunk's first element in each dimension */
    uint64_t offset;               /* absolute file offset of the stored chunk */
    uint64_t stored_size;          /* bytes in the file, after the filters */
    uint32_t filter_mask;          /* bit i set: filter i of the pipeline was not applied */
} h5l_chunk_info;

typedef struct h5l_chunk_iter h5l_chunk_iter;

/* Bytes of one decoded chunk (the whole chunk shape, edge chunks too) of a
 * chunked dataset; 0 for other layouts or a corrupt layout. */
H5L_API uint64_t h5l_chunk_bytes(const h5l_dataset_info *d);

/* Iterate the chunks that exist in the file (never-written chunks are not
 * listed), in the index's order: B-trees by coordinates, arrays by chunk
 * number. open allocates the iterator (about 3 KiB); next fills *c and sets
 * *done = 0, or sets *done = 1 at the end. Errors: EINVAL (not chunked),
 * ECORRUPT (a bad index structure or checksum), ENOMEM. */
H5L_API h5l_status h5l_chunk_iter_open(const h5l_dataset_info *d, h5l_chunk_iter **out, h5l_error *err);
H5L_API h5l_status h5l_chunk_iter_next(h5l_chunk_iter *it, h5l_chunk_info *c, int *done, h5l_error *err);
H5L_API void h5l_chunk_iter_close(h5l_chunk_iter *it);

/* Decode one chunk (as h5l_chunk_iter_next gave it) into buf, at least
 * h5l_chunk_bytes(d) bytes: the whole chunk, row-major in the chunk's own
 * shape, file byte order. Allocates one chunk-sized scratch buffer for the
 * call. Errors: EINVAL, EUNSUPPORTED (filter), ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_chunk_read(const h5l_dataset_info *d, const h5l_chunk_info *c, void *buf, size_t bufsize, h5l_error *err);

/* Convert `count` elements of type t in buf, stored in the file's order, to
 * the host's byte order in place (what h5l_dataset_read does after copying). */
H5L_API void h5l_to_native(const h5l_dtype *t, void *buf, uint64_t count);

/* Resolve one variable-length element (as stored, t->size bytes) through the
 * global heap. *data points into the file (valid until h5l_close) and *count
 * is the number of base elements (bytes for strings). A NULL element gives
 * *data = NULL, *count = 0; an empty one (in the heap, 0 elements) a
 * non-NULL *data and *count = 0. Errors: EINVAL (t not VLEN), ECORRUPT. */
H5L_API h5l_status h5l_vlen_get(const h5l_file *f, const h5l_dtype *t, const void *elem,
                                const void **data, uint64_t *count, h5l_error *err);

/* The string in one element of a fixed-length STRING or a vlen string type,
 * cut as h5py returns it: NULLTERM and vlen strings end at the first NUL;
 * SPACEPAD loses its trailing spaces; then trailing NULs are removed.
 * *s points into the element or the file (not NUL-terminated).
 * Errors: ETYPE (not a string type), ECORRUPT. */
H5L_API h5l_status h5l_string_get(const h5l_file *f, const h5l_dtype *t, const void *elem,
                                  const char **s, size_t *len, h5l_error *err);

/* ---- attributes -------------------------------------------------------- */

typedef struct h5l_attr {
    const char *name;          /* NUL-terminated */
    h5l_cset name_cset;
    const h5l_dtype *type;
    h5l_space space;
    const void *data;          /* npoints * type->size bytes, as stored (file byte order) */
    uint64_t data_size;
} h5l_attr;

typedef struct h5l_attrs h5l_attrs;

/* Load every attribute of o (in the header and in dense storage), in
 * creation order where it is known, else storage order.
 * Errors: ECORRUPT, EUNSUPPORTED, ENOMEM. */
H5L_API h5l_status h5l_attrs_open(const h5l_obj *o, h5l_attrs **out, h5l_error *err);
H5L_API size_t h5l_attrs_count(const h5l_attrs *a);
H5L_API const h5l_attr *h5l_attrs_at(const h5l_attrs *a, size_t i);         /* NULL when out of range */
H5L_API const h5l_attr *h5l_attrs_find(const h5l_attrs *a, const char *name); /* NULL when absent */
H5L_API void h5l_attrs_close(h5l_attrs *a);

/* Convenience: the value of a string attribute (scalar, or element 0 of a
 * 1-D one; fixed or vlen) of object o, copied into buf (NUL-terminated,
 * truncated to n-1 bytes). Errors: ENOTFOUND, ETYPE, ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_attr_read_string(const h5l_obj *o, const char *name, char *buf, size_t n, h5l_error *err);

/* Every value of a numeric attribute of o converted to `mem` (as
 * h5l_dataset_read_as: flags, rep and H5L_ERANGE the same), *nelem (may be
 * NULL) set to their number. Errors: ENOTFOUND, ETYPE (not numeric, or a
 * null dataspace), EINVAL (bufsize < nelem x size of mem, memory type),
 * ERANGE, ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_attr_read_as(const h5l_obj *o, const char *name, h5l_type_code mem, void *buf, size_t bufsize, uint64_t *nelem,
                                    unsigned flags, h5l_conv_report *rep, h5l_error *err);
/* Conveniences: the first value (a scalar's, or element 0) of a numeric
 * attribute as a double or an int64 (a float truncated toward zero; one
 * beyond int64 or NaN is H5L_ERANGE). Errors as h5l_attr_read_as. */
H5L_API h5l_status h5l_attr_read_double(const h5l_obj *o, const char *name, double *v, h5l_error *err);
H5L_API h5l_status h5l_attr_read_int64(const h5l_obj *o, const char *name, int64_t *v, h5l_error *err);


/* ======================================================================
 * 4. Reading tables (vaex layout)
 * ====================================================================== */

typedef enum h5l_col_kind {
    H5L_COL_PRIMITIVE = 0,     /* numbers, bools, datetimes: `data` (+ mask or null_bitmap) */
    H5L_COL_STRING = 1,        /* `data` bytes + `indices` offsets (+ null_bitmap) */
    H5L_COL_DICT = 2,          /* dictionary-encoded: `indices/data` codes + `dictionary/` values */
    H5L_COL_STRING_UTF32 = 3   /* vaex's legacy fixed utf32 strings (`data` + dlength) */
} h5l_col_kind;

typedef struct h5l_column h5l_column;
struct h5l_column {
    const char *name;
    h5l_col_kind kind;
    uint64_t rows;
    const h5l_dataset_info *data;        /* PRIMITIVE/STRING: `data`; DICT: the codes (`indices/data`) */
    const h5l_dataset_info *indices;     /* STRING: offsets (rows+1 entries); else NULL */
    const h5l_dataset_info *null_bitmap; /* uint8, LSB first, 1 = valid; or NULL */
    const h5l_dataset_info *mask;        /* bool, 1 = missing; or NULL */
    const h5l_column *dictionary;        /* DICT: the distinct values (a PRIMITIVE or STRING column) */
    const char *dtype_attr;              /* the `dtype` attribute ("str", "datetime64[ns]", ...), or NULL */
    const char *unit, *ucd, *description, *alias;   /* metadata, or NULL */
    uint64_t dlength;                    /* STRING_UTF32: characters per row */
    uint64_t null_count;                 /* counted when the table is opened */
    int mapped;                          /* 1: every dataset of the column is in the file's mapping
                                            (contiguous or compact) or never written, so its `data`
                                            pointers hold the values; 0: stored chunked, read it with
                                            h5l_column_read() */
};

typedef struct h5l_table h5l_table;

/* Open the table in `group` (NULL: "/table", falling back to vaex's older
 * layouts: "/data", then datasets directly in the root group). A column is
 * named by its group (vaex keeps `alias` as metadata); columns come in
 * column_order, then the columns it does not list in name order, as vaex
 * does. Columns stored chunked are opened too (h5l_column.mapped is 0; their
 * null_count is counted by decoding their validity). Errors: ENOTFOUND (no
 * table there: not a group, a group without columns, or datasets side by
 * side -- vaex's older layouts -- of unequal length), ECORRUPT (a row-count
 * mismatch between a column's datasets, or between the columns of a
 * <group>/columns table),
 * EUNSUPPORTED (virtual or external storage), ENOMEM.
 * Memory: the table keeps, per column, its h5l_column, the h5l_dataset_info
 * of each dataset it uses (dims sized by rank, types shared between columns)
 * and its strings, about 300 bytes for a plain column. On a mapped file the
 * pages read while opening are handed back to the system as the open goes
 * (Linux; they stay in the page cache and pointers into the file stay
 * valid), so resident memory does not grow with the file. */
H5L_API h5l_status h5l_table_open(h5l_file *f, const char *group, h5l_table **out, h5l_error *err);
H5L_API void h5l_table_close(h5l_table *t);
H5L_API size_t h5l_table_ncolumns(const h5l_table *t);
H5L_API const h5l_column *h5l_table_column(const h5l_table *t, size_t i);       /* NULL out of range */
H5L_API const h5l_column *h5l_table_find(const h5l_table *t, const char *name);  /* by name, else by alias; NULL if absent */
H5L_API uint64_t h5l_table_rows(const h5l_table *t);                             /* of the first column */

/* The parts of a column h5l_column_read() copies. */
typedef enum h5l_col_part {
    H5L_PART_VALUES = 0,   /* PRIMITIVE values, DICT codes: count elements of data->type, file byte order */
    H5L_PART_OFFSETS = 1,  /* STRING: count + 1 offsets of indices->type (int32 or int64), file byte order */
    H5L_PART_BYTES = 2,    /* STRING: the bytes of the rows (offsets[count] - offsets[0] bytes) */
    H5L_PART_VALID = 3     /* count bytes, 1 valid / 0 null (mask or bitmap; all 1 without validity) */
} h5l_col_part;

/* Copy one part of rows [first, first+count) of a column into buf, whatever
 * its storage (chunked columns are decoded chunk by chunk: see
 * h5l_dataset_info_read for memory and threads; opt may be NULL). For a
 * DICT column read the codes here and the values from c->dictionary.
 * Errors: EINVAL (rows, bufsize), ETYPE (a part the kind does not have),
 * ECORRUPT, EUNSUPPORTED (a filter hdf5lite does not decode), ENOMEM. */
H5L_API h5l_status h5l_column_read(const h5l_column *c, h5l_col_part part, uint64_t first, uint64_t count, void *buf, size_t bufsize,
                                   const h5l_read_options *opt, h5l_error *err);

/* PRIMITIVE values (DICT codes) of rows [first, first+count) converted to
 * `mem`: h5l_dataset_info_read_as on the column's data; nulls are not
 * touched (read H5L_PART_VALID for them). Errors as there, ETYPE for a
 * string column. */
H5L_API h5l_status h5l_column_read_as(const h5l_column *c, uint64_t first, uint64_t count, h5l_type_code mem, void *buf, size_t bufsize,
                                      unsigned flags, const h5l_read_options *opt, h5l_conv_report *rep, h5l_error *err);


/* 1 if the row is null (mask set or bitmap bit clear), 0 otherwise or out of
 * range. On an unmapped column each call decodes the chunk holding the row:
 * read validity in blocks with h5l_column_read(H5L_PART_VALID) instead. */
H5L_API int h5l_column_is_null(const h5l_column *c, uint64_t row);

/* The bytes of one string row (STRING, STRING_UTF32 decoded is not
 * supported: ETYPE; DICT over strings resolves the code). *s points into the
 * file. Errors: EINVAL (row out of range), ETYPE, ECORRUPT (offsets out of
 * order or out of range), EUNSUPPORTED (bytes stored chunked: not in the
 * mapping; use h5l_column_read). */
H5L_API h5l_status h5l_column_string(const h5l_column *c, uint64_t row, const char **s, size_t *len, h5l_error *err);

/* ======================================================================
 * 5. Writing: the general tree
 *
 *   h5l_writer_open()                      temporary file next to path
 *   h5l_writer_group() / _dataset() / _attr*()   declare, final shapes
 *   h5l_writer_layout()                    metadata written, data reserved
 *   h5l_writer_ptr() / h5l_writer_write()  fill data, any order, any threads
 *   h5l_writer_finish()                    sync, rename into place
 *   h5l_writer_abort()                     or: remove the temporary file
 * ====================================================================== */

typedef struct h5l_writer h5l_writer;
typedef uint32_t h5l_dset;              /* a dataset declared in a writer */
#define H5L_NO_DSET UINT32_MAX

typedef struct h5l_write_options {
    const h5l_allocator *alloc;  /* NULL: malloc/realloc/free */
    unsigned flags;              /* H5L_WRITE_* */
    /* Testing hook (advanced; NULL in normal use): called before every
     * operating-system call the writer makes, with its name ("open",
     * "pwrite", "ftruncate", "fallocate", "mmap", "msync", "fsync", "close",
     * "rename").
     * A non-zero return is taken as that call failing with that errno. */
    int (*io_hook)(void *ctx, const char *op);
    void *io_ctx;
} h5l_write_options;

#define H5L_WRITE_NO_MMAP 0x1u   /* do not map: h5l_writer_ptr() returns NULL, fill with h5l_writer_write() */
#define H5L_WRITE_NO_SYNC 0x2u   /* skip fsync before the rename (faster, not crash-safe) */
#define H5L_WRITE_SPARSE  0x4u   /* do not reserve the data's disk space at layout (see below) */
#define H5L_WRITE_NAMED_TEMP 0x8u /* a named temporary file even where an unnamed one is possible (below) */

/* The temporary file. On Linux it has no name (O_TMPFILE in the target's
 * directory): a writer killed at any point leaves nothing behind, and
 * h5l_writer_temp_path() is "/proc/<pid>/fd/<n>", which other processes of
 * the same machine open. Elsewhere, where the file system refuses unnamed
 * files, or with H5L_WRITE_NAMED_TEMP (processes on other machines, e.g.
 * MPI ranks, need a real name) it is "<path>.tmpXXXXXX", locked by its
 * writer; the next writer of the same path removes those whose writer is
 * gone. */

/* Disk space. By default h5l_writer_layout() reserves the blocks of every
 * dataset's storage (posix_fallocate on Linux and FreeBSD), so a full disk
 * is reported there as H5L_ENOSPC, before any data is written, and filling
 * through h5l_writer_ptr() cannot later die of SIGBUS; streaming the data in
 * is also faster on ext4/xfs. One exception: with H5L_WRITE_NO_MMAP on a
 * file system held in memory (Linux tmpfs, ramfs) nothing is reserved, as
 * reserving there only zeroes the pages before the writes overwrite them; a
 * full tmpfs is then H5L_ENOSPC from h5l_writer_write(). Where the file
 * system cannot reserve (and on other systems) the file is sparse and a
 * mapped writer checks the free space at layout instead. H5L_WRITE_SPARSE
 * keeps the file sparse: for huge datasets that will be filled only in part. */

/* Start a new file that will appear at `path` when h5l_writer_finish()
 * succeeds. Until then everything goes to a temporary file in the same
 * directory; an existing file at `path` is not touched.
 * Errors: EINVAL, EIO (directory not writable...), ENOMEM. */
H5L_API h5l_status h5l_writer_open(const char *path, const h5l_write_options *opt, h5l_writer **out, h5l_error *err);

/* Create a group at an absolute path; missing parents are created. Creating
 * an existing group is not an error. A name is any UTF-8 without '/', not
 * empty and not "." (which paths reserve, as in libhdf5); a leading '/' may
 * be left out. Errors: EINVAL (bad name: empty or "." component, trailing
 * '/', or after layout), EEXISTS (a dataset has that name), ENOMEM. */
H5L_API h5l_status h5l_writer_group(h5l_writer *w, const char *path, h5l_error *err);

/* Declare a dataset at an absolute path with its final shape (rank 0..32;
 * rank 0 = scalar; a zero dimension = empty). Parents are created.
 * Storage is contiguous and 64-byte aligned. Errors: EINVAL, EEXISTS, ENOMEM. */
H5L_API h5l_status h5l_writer_dataset(h5l_writer *w, const char *path, h5l_type_code type,
                                      unsigned rank, const uint64_t *dims, h5l_dset *out, h5l_error *err);

/* Chunked storage (what h5py's chunks=/maxshape=/compression= and PyTables'
 * CArray/EArray write): the data is cut into chunks of `chunk` elements per
 * dimension, each stored (filtered) on its own and found through a
 * version-1 B-tree, as every libhdf5 since 1.8 reads and extends it.
 *   chunk     rank chunk dims, each >= 1 (and <= the dim for fixed dims);
 *             NULL: whole inner dims and about 512 KiB of rows (at most the
 *             rows of a fixed first dimension)
 *   flags     H5L_CHUNK_EXTENDIBLE: the first dimension is unlimited (max
 *             dims H5S_UNLIMITED): h5l_writer_write() may write rows past
 *             dims[0], which grows to the highest row written
 *             H5L_CHUNK_SHUFFLE: byte shuffle before compression
 *             H5L_CHUNK_FLETCHER32: a checksum after it
 *   compress  H5L_COMPRESS_NONE, _DEFLATE (h5py's "gzip"), _LZF (h5py's "lzf")
 *   level     deflate level 1..9 (0: 6, as h5py)
 * A chunk whose compressed form would not be smaller is stored as it is,
 * the compressor's bit set in its filter mask (as libhdf5 does for an
 * optional filter that fails); readers undo only the filters it went through. */
typedef struct h5l_chunking {
    const uint64_t *chunk;
    unsigned flags;
    unsigned compress;
    int level;
} h5l_chunking;

#define H5L_CHUNK_EXTENDIBLE 0x1u
#define H5L_CHUNK_SHUFFLE    0x2u
#define H5L_CHUNK_FLETCHER32 0x4u
#define H5L_COMPRESS_NONE    0u
#define H5L_COMPRESS_DEFLATE 1u
#define H5L_COMPRESS_LZF     2u

/* Declare a chunked dataset (rank 1..32; dims[0] may be 0 when extendible).
 * Its data goes in through h5l_writer_write() only (h5l_writer_ptr() is
 * NULL, h5l_writer_offset() H5L_NO_OFFSET). Rows are gathered into row
 * bands of chunk[0] rows; a band is filtered and written as soon as all its
 * rows have been written, so rows written in order keep one band per
 * dataset in memory (chunk[0] x row bytes); bands still partial at
 * h5l_writer_finish() are written then, unwritten rows reading as zeros.
 * Rows must not be written twice. h5l_writer_write() on one chunked dataset
 * is thread-safe for disjoint rows, and chunks are compressed by the thread
 * that completes their band. Errors: EINVAL (bad rank, dims, chunk dims,
 * flags, level; a chunk of 4 GiB or more), EEXISTS, ENOMEM. */
H5L_API h5l_status h5l_writer_dataset_chunked(h5l_writer *w, const char *path, h5l_type_code type, unsigned rank,
                                              const uint64_t *dims, const h5l_chunking *chunking, h5l_dset *out,
                                              h5l_error *err);

/* Attach an attribute to the group or dataset at objpath ("/" = root).
 * rank 0 (scalar, n must be 1) or 1 (n elements, n may be 0). values holds
 * n elements in the type's declared byte order (fixed strings: n*len bytes).
 * Any size is accepted (the values are copied, so memory is the limit).
 * Attributes live in the object header (version 1, as h5py writes) while
 * each message fits one: at most 65,528 bytes of name, type, shape and
 * values together. An object with a larger attribute keeps all its
 * attributes in dense storage instead (a fractal heap indexed by v2
 * B-trees, as libhdf5 stores many or large attributes) and gets a version-2
 * object header, which libhdf5 requires for that (libhdf5 1.8 and later
 * read both); h5py and hdf5lite then list its attributes in creation order
 * (declaration order), h5py those of other objects in name order.
 * At most 65,000 attributes per object.
 * Errors: EINVAL, ENOTFOUND (no such object), EEXISTS, ENOMEM. */
H5L_API h5l_status h5l_writer_attr(h5l_writer *w, const char *objpath, const char *name, h5l_type_code type,
                                   unsigned rank, uint64_t n, const void *values, h5l_error *err);

/* A scalar string attribute exactly as h5py writes a Python str:
 * variable-length UTF-8 (h5py returns str). */
H5L_API h5l_status h5l_writer_attr_string(h5l_writer *w, const char *objpath, const char *name,
                                          const char *utf8, h5l_error *err);

/* A 1-D attribute of n variable-length UTF-8 strings. The strings go to
 * global heap collections; the attribute message holds 16 bytes per string,
 * so past about 4,000 strings it is in dense storage (h5l_writer_attr). */
H5L_API h5l_status h5l_writer_attr_strings(h5l_writer *w, const char *objpath, const char *name,
                                           const char *const *utf8, size_t n, h5l_error *err);

/* ---- any type, any space, links, named types ---------------------------------
 * The calls above take type codes; these take any type the reader describes
 * (h5l_dtype, section 2): compound (nested, members at any offsets),
 * enum (any integer base), array, opaque (with its tag), bitfield, time,
 * integers and floats of any layout, fixed strings, object references and
 * variable-length strings and sequences, so that whatever h5l_open read can
 * be written back (h5l_repack does exactly that). The type is checked by
 * encoding it and decoding the result as a reader would (EINVAL naming the
 * fault); it is copied, the caller's stays the caller's.
 * Limits: no VLEN inside a VLEN's base (EUNSUPPORTED); references are
 * object references (ref_type 0; dataset-region references: EUNSUPPORTED);
 * an attribute cannot hold references inside a compound or array (their
 * addresses are known only after layout: EUNSUPPORTED).
 *
 * Memory form. Data of a type with VLEN fields inside compounds or arrays
 * (h5py's compound with a str field, say) is given element by element as
 * stored, except that each VLEN field's 16 bytes begin with an h5l_vlen
 * (memcpy it there; the rest of the 16 bytes is ignored): h5l_writer_write
 * and h5l_writer_attr_t take it so, and store the values in global heap
 * collections and references in their place. */

/* A variable-length element: len base elements (bytes for strings) at p.
 * p NULL (len 0) is a NULL element (no heap object; PyTables cannot read
 * those); len 0 with p non-NULL an empty one (h5py's ""). h5l_vlen_get
 * gives them back the same way. */
typedef struct h5l_vlen {
    uint64_t len;
    const void *p;
} h5l_vlen;

/* A committed (named) datatype at path, as h5py's `f["t"] = np.dtype(...)`.
 * *out receives the writer's own copy (valid until finish or abort): pass
 * that pointer as the type of h5l_writer_dataset_t / h5l_writer_attr_t and
 * the dataset or attribute refers to the named type (h5py then reports
 * `.dtype` as committed) instead of holding a copy. Attributes may be
 * attached to it (objpath = path). Errors: EINVAL (bad type, path, or after
 * layout), EEXISTS, EUNSUPPORTED (see the limits above), ENOMEM. */
H5L_API h5l_status h5l_writer_datatype(h5l_writer *w, const char *path, const h5l_dtype *type, const h5l_dtype **out,
                                       h5l_error *err);

/* A dataset of any type and space: space->kind SCALAR, NULL (h5py's
 * h5py.Empty: no data, nothing to write) or SIMPLE (rank 1..32, dims; maxdims
 * are ignored: chunking's H5L_CHUNK_EXTENDIBLE makes the first dim
 * unlimited). chunking NULL: contiguous; else as h5l_writer_dataset_chunked.
 * Fixed-size types are filled as with h5l_writer_dataset (the bytes in the
 * type's own byte order and layout). Object references: 8-byte addresses
 * little-endian, from h5l_writer_object_addr() (0 = a null reference).
 * A VLEN type is filled with h5l_writer_write_vlen() (an h5l_vlen per
 * element) or h5l_writer_write() in memory form; a type with VLEN fields
 * inside, with h5l_writer_write() in memory form (above).
 * Errors: EINVAL, EEXISTS, EUNSUPPORTED (see the limits above), EFBIG, ENOMEM. */
H5L_API h5l_status h5l_writer_dataset_t(h5l_writer *w, const char *path, const h5l_dtype *type, const h5l_space *space,
                                        const h5l_chunking *chunking, h5l_dset *out, h5l_error *err);

/* After layout: rows [first, first+count) of a VLEN dataset from count x
 * (row elements) h5l_vlen values (base elements in the base type's stored
 * byte order). The values go into global heap collections of about 1 MiB
 * written at the end of the file as they fill (memory: one collection), the
 * references into the dataset's storage. Thread-safe (values are placed
 * under a lock). Errors: EINVAL (not VLEN, rows out of range, NULL p with
 * len > 0, len >= 2^32), EIO, ENOSPC, EFBIG, ENOMEM. */
H5L_API h5l_status h5l_writer_write_vlen(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count, const h5l_vlen *v,
                                         h5l_error *err);

/* An attribute of any type and space (kind SCALAR, NULL -- h5py.Empty,
 * kept as null, not turned into a scalar -- or SIMPLE of rank 1..32) on the
 * object at objpath. values: fixed-size types npoints x size bytes as
 * stored (memory form where VLEN fields are inside); VLEN: npoints
 * h5l_vlen; object references: npoints `const char *`
 * paths of objects of this file (NULL: a null reference), resolved at
 * layout (a path that names nothing then fails layout with ENOTFOUND).
 * values may be NULL for a NULL space or npoints 0. Large attributes go
 * into dense storage as with h5l_writer_attr.
 * Errors: EINVAL, ENOTFOUND, EEXISTS, EUNSUPPORTED, ENOMEM. */
H5L_API h5l_status h5l_writer_attr_t(h5l_writer *w, const char *objpath, const char *name, const h5l_dtype *type,
                                     const h5l_space *space, const void *values, h5l_error *err);

/* A link at path (parents created): H5L_LINK_SOFT to `target` (any path,
 * resolved by readers when followed; need not exist); H5L_LINK_EXTERNAL to
 * object `target` in file `ext_file`; H5L_LINK_HARD: a second name for the
 * object at `target` (declared before or after; resolved at layout, ENOTFOUND
 * then if there is none), which keeps one header and a reference count of
 * its links, as h5py's `f["b"] = f["a"]`. A group holding soft or external
 * links stores its links in its header (link messages, as libhdf5 since 1.8
 * does), not in a symbol table. Errors: EINVAL (bad path, type, NULL
 * target), EEXISTS, ENOMEM. */
H5L_API h5l_status h5l_writer_link(h5l_writer *w, const char *path, h5l_link_type type, const char *target,
                                   const char *ext_file, h5l_error *err);

/* After layout: the object header address of the object at path (what an
 * object reference holds), or 0 if there is none. Thread-safe. */
H5L_API uint64_t h5l_writer_object_addr(const h5l_writer *w, const char *path);

/* Write all metadata and reserve every dataset's data region (the file is
 * sized, sparse where the OS allows). After this the tree is frozen.
 * Errors: EINVAL (called twice), EIO, ENOSPC, EFBIG, ENOMEM. */
H5L_API h5l_status h5l_writer_layout(h5l_writer *w, h5l_error *err);

/* After layout: a writable pointer to the dataset's data in a memory map of
 * the file (64-byte aligned), or NULL for an empty dataset, a chunked one, one
 * whose type holds vlen data (h5l_writer_write only), without mmap, or on
 * error. Thread-safe. */
H5L_API void *h5l_writer_ptr(h5l_writer *w, h5l_dset d);

/* After layout: absolute file offset of the data (H5L_NO_OFFSET for an empty
 * dataset) and its size in bytes. Other processes may pwrite there into
 * h5l_writer_temp_path() before finish. Thread-safe.
 * MPI ranks (no MPI in the library; examples/mpi_table.c, README "Many
 * processes"): one rank opens the writer with H5L_WRITE_NAMED_TEMP, declares,
 * lays out and broadcasts the temporary path and these offsets; every rank
 * pwrites its rows there, fsyncs and closes; that rank finishes. */
H5L_API uint64_t h5l_writer_offset(const h5l_writer *w, h5l_dset d);
H5L_API uint64_t h5l_writer_size(const h5l_writer *w, h5l_dset d);
H5L_API const char *h5l_writer_temp_path(const h5l_writer *w);
/* The element type code a dataset was declared with (H5L_T_I32 or H5L_T_I64
 * for a string column's offsets, chosen from str_bytes or forced by
 * H5L_COL_OFFSETS64), from declaration on; 0 for an invalid handle or a
 * dataset declared with an h5l_dtype (h5l_writer_dataset_t). */
H5L_API h5l_type_code h5l_writer_dset_type(const h5l_writer *w, h5l_dset d);

/* After layout: copy rows [first, first+count) of the first dimension (a
 * scalar has one row) from buf, in the declared byte order, with positional
 * writes (chunked datasets: into their row bands, see above). Thread-safe
 * for disjoint ranges. Errors: EINVAL (rows outside the dataset, or written
 * twice into a chunked one), EIO, ENOSPC, EFBIG, ENOMEM (a chunked dataset's
 * band). After an error of a chunked dataset the writer has failed:
 * h5l_writer_finish() reports it and leaves the target untouched.
 * A dataset whose type has VLEN fields (h5l_writer_dataset_t) takes buf in
 * memory form (above h5l_writer_datatype); its values go into global heap
 * collections (copied: buf is not changed), then the rows are written. */
H5L_API h5l_status h5l_writer_write(h5l_writer *w, h5l_dset d, uint64_t first, uint64_t count,
                                    const void *buf, h5l_error *err);

/* Chunks filtered and placed by other processes (MPI ranks writing one
 * chunked, compressed table: examples/mpi_table.c --compress). Every process
 * declares the same datasets in a writer of its own (identical declarations
 * give identical chunk shapes and pipelines; only one of them lays out and
 * finishes, the others h5l_writer_abort); each filters the chunks of its rows
 * with h5l_writer_chunk_filter; the one that laid out reserves room for them
 * at the end of the file (h5l_writer_reserve), the processes pwrite them
 * there into h5l_writer_temp_path(), and it records each with
 * h5l_writer_chunk_add; h5l_writer_finish writes the chunk index. */

/* Chunk geometry of chunked dataset d (declared; layout not needed): rows of
 * the first dimension per chunk and bytes of a whole chunk before filtering.
 * Errors: EINVAL (not a chunked dataset). Thread-safe. */
H5L_API h5l_status h5l_writer_chunk_shape(const h5l_writer *w, h5l_dset d, uint64_t *rows, uint64_t *bytes,
                                          h5l_error *err);

/* Filter one whole chunk of d (the bytes h5l_writer_chunk_shape gives, in the
 * declared byte order; a chunk past the dataset's end zero-padded, as the
 * writer pads its own) through d's pipeline into out (cap >= those bytes + 4):
 * *out_n bytes to store, *mask the chunk's filter mask (compression skipped
 * when it would not shrink the chunk, as h5l_writer_write does). Needs only
 * the declaration (before or without layout); allocates and frees work room
 * of about two chunks. Thread-safe. Errors: EINVAL (not chunked, NULL
 * argument, cap too small), ENOMEM. */
H5L_API h5l_status h5l_writer_chunk_filter(h5l_writer *w, h5l_dset d, const void *chunk, void *out, size_t cap,
                                           size_t *out_n, uint32_t *mask, h5l_error *err);

/* After layout: n bytes at the end of the file, their offset in *addr, for
 * anyone to fill through h5l_writer_temp_path() before finish. Thread-safe.
 * Errors: EINVAL (before layout, NULL addr), EFBIG. */
H5L_API h5l_status h5l_writer_reserve(h5l_writer *w, uint64_t n, uint64_t *addr, h5l_error *err);

/* After layout: record that the chunk of d starting at first_row (a multiple
 * of its chunk rows) is stored at addr, size bytes, with filter mask `mask`
 * (as h5l_writer_chunk_filter gave it) -- inside a reserved region; its bytes
 * are the caller's to write. Only datasets whose chunks span every inner
 * dimension (1-D columns always do). An extendible dataset grows to the end
 * of the highest chunk added. Chunks never added read as zeros; a chunk added
 * twice (or also written with h5l_writer_write) makes h5l_writer_finish fail
 * with EINVAL. Thread-safe. Errors: EINVAL (not chunked, before layout, row
 * not at a chunk start or past a fixed dataset's end, region outside the
 * file, mask naming filters the pipeline has not), ENOMEM. */
H5L_API h5l_status h5l_writer_chunk_add(h5l_writer *w, h5l_dset d, uint64_t first_row, uint64_t addr, uint32_t size,
                                        uint32_t mask, h5l_error *err);

/* Flush, sync, unmap, close and atomically rename the temporary file to the
 * target path (replacing what was there; on Windows this fails with EIO
 * while another handle has the target open or mapped). Frees w whether it succeeds or
 * not; on failure the temporary file is removed and the target untouched.
 * Calling it before layout lays out first.
 * Errors: EIO, ENOSPC, EFBIG, ENOMEM (and those of layout). */
H5L_API h5l_status h5l_writer_finish(h5l_writer *w, h5l_error *err);

/* Give up: remove the temporary file, free w. NULL is a no-op. */
H5L_API void h5l_writer_abort(h5l_writer *w);

/* ======================================================================
 * 5b. Appending to an existing file, all or nothing
 *
 *   h5l_append_open()       the file, read-write
 *   h5l_append_dataset()    an extendible chunked dataset in it
 *   h5l_append_write()      rows at its end (buffered by chunk rows)
 *   h5l_append_commit()     everything written so far becomes part of the
 *                           file at once, durably; any number of times
 *   h5l_append_close()      rows written after the last commit are dropped
 *
 * Files: hdf5lite's own (h5l_writer_dataset_chunked with
 * H5L_CHUNK_EXTENDIBLE, or tables with column chunking), h5py's datasets
 * made with maxshape=(None, ...) and PyTables' EArray and Table, under
 * libhdf5's default file format (version-1 B-tree chunk index; groups with
 * a symbol table or with link messages). A commit never changes a byte
 * the file's current state uses: it writes new chunks and copies of the
 * metadata they change past the end of the file, syncs, then switches the
 * superblock to them with one small write and syncs again. Killed at any
 * instant -- or the machine losing power, given that a disk writes one
 * 512-byte sector all or nothing -- the file holds the rows of the last
 * commit that returned, or of the one in progress, never a mix, and every
 * dataset of one commit changes together. A reader that has the file open
 * keeps reading the state it opened; one that opens it later sees the last
 * commit. Each commit leaves the metadata it replaced behind as unused bytes
 * (a few KiB); object headers move (objects with several hard links are
 * refused), so object references keep the old state. One appender at a
 * time per file: h5l_append_open takes a lock on one byte far past the data
 * (an OFD/POSIX record lock, LockFileEx on Windows), which libhdf5's
 * whole-file flock() never meets, so h5py and other readers keep opening
 * the file. A program that writes the file meanwhile without that lock
 * (h5py in "r+" mode) is noticed at the next commit, which then fails
 * rather than switch. Not thread-safe (one thread drives an appender). Memory:
 * one row band (chunk rows x row bytes) per dataset plus a record per chunk
 * written since the last commit.
 * ====================================================================== */

typedef struct h5l_appender h5l_appender;

/* Open `path` to append to it. opt may be NULL; of its flags only
 * H5L_WRITE_NO_SYNC applies (commits then skip fsync: still all or nothing
 * for a killed process, as the page cache keeps every write, but not for a
 * power loss or a crash of the system);
 * io_hook is honoured ("open", "pwrite", "ftruncate", "fsync", "close", and
 * on Linux "writeback": the start of the disk writes of chunks written
 * before a commit, so that its fsync waits less; a failure there is
 * ignored, as the fsync reports any).
 * Errors: EINVAL, EIO (cannot open read-write; another appender has the
 * file open), ENOTHDF5, ECORRUPT (the superblock's end of file lies past
 * the file), ENOMEM. */
H5L_API h5l_status h5l_append_open(const char *path, const h5l_write_options *opt, h5l_appender **out, h5l_error *err);

/* The dataset at `path`, to append to (the same handle for the same path).
 * Its last chunk row band is read into memory (it is rewritten by the
 * commit that extends it). Errors: ENOTFOUND, EINVAL (not a dataset, first
 * dim not unlimited), EUNSUPPORTED (not chunked with a version-1 B-tree
 * index -- h5py's libver='latest' files use other indexes; a dimension
 * other than the first that may grow; a filter hdf5lite cannot write; more
 * than one hard link), ECORRUPT, ENOMEM. */
H5L_API h5l_status h5l_append_dataset(h5l_appender *a, const char *path, h5l_dset *out, h5l_error *err);

/* Rows of dataset d, with those written since the last commit. */
H5L_API uint64_t h5l_append_rows(const h5l_appender *a, h5l_dset d);

/* Write rows [first, first+count) of d from buf (the file's byte order;
 * row = the element size times the other dims). first may be at most the
 * current row count (no gap) and at least the first row of the chunk row
 * band that holds the last row: new rows go at the end, and the rows of
 * the last chunk may be rewritten (a null bitmap's partial last byte).
 * Nothing is visible to readers before h5l_append_commit(). Errors: EINVAL
 * (rows out of that range), EIO, ENOSPC, EFBIG, ENOMEM; after an error
 * the appender has failed: close it (the file stays as last committed). */
H5L_API h5l_status h5l_append_write(h5l_appender *a, h5l_dset d, uint64_t first, uint64_t count, const void *buf,
                                    h5l_error *err);

/* Make every row written so far part of the file, durably, all datasets at
 * once. Costs the rows' chunks plus the changed metadata: one B-tree path
 * per dataset, a copy of each dataset's and each ancestor group's header,
 * never the size of the file. Errors: EIO (also: the file's superblock or
 * size changed since the last commit -- another writer), ENOSPC, EFBIG, ENOMEM,
 * EUNSUPPORTED (an ancestor group in dense link storage), ECORRUPT. On
 * error the appender has failed (close it) and the file is as it was
 * before this commit -- unless the error came after the superblock's
 * switch (the last sync, or re-reading the file): the commit then stands.
 * Either way the file holds the rows of one whole commit or the other. */
H5L_API h5l_status h5l_append_commit(h5l_appender *a, h5l_error *err);

/* Close; rows written since the last commit are dropped and the bytes they
 * took are cut off again: the file is as the last commit (or the open) left
 * it, byte for byte. NULL is a no-op. */
H5L_API void h5l_append_close(h5l_appender *a);

/* ======================================================================
 * 6. Writing tables (vaex layout)
 * ====================================================================== */

typedef enum h5l_validity {
    H5L_VALID_NONE = 0,
    H5L_VALID_MASK = 1,     /* `mask`: bool, same shape as data, 1 = missing (numpy masked arrays) */
    H5L_VALID_BITMAP = 2    /* `null_bitmap`: uint8, ceil(rows/8), LSB first, 1 = valid (Arrow) */
} h5l_validity;

typedef struct h5l_column_spec {
    const char *name;           /* UTF-8, no '/' and no ',' (column_order is comma-joined) */
    h5l_col_kind kind;          /* PRIMITIVE, STRING or DICT */
    h5l_type_code type;         /* PRIMITIVE: element type; DICT: the code type (integer); STRING: ignored
                                   (data is S1, indices int32 or int64 chosen from str_bytes) */
    uint64_t rows;
    unsigned inner_rank;        /* PRIMITIVE: N-D columns: dims after the row dimension */
    const uint64_t *inner_dims;
    h5l_validity validity;      /* STRING: NONE or BITMAP */
    uint64_t str_bytes;         /* STRING: total bytes of all rows (chunking with H5L_CHUNK_EXTENDIBLE: the bytes
                                   expected, which only chooses the offsets' width -- more than 2^31-1 asks for
                                   int64 -- while the data starts empty and grows as written) */
    const char *dtype_attr;     /* e.g. "datetime64[ns]" (type must be I64); NULL: none */
    const char *unit, *ucd, *description, *alias;   /* NULL: not written */
    const struct h5l_column_spec *dictionary;       /* DICT: the values (PRIMITIVE or STRING spec; its name is ignored) */
    const h5l_chunking *chunking; /* NULL: contiguous; else every dataset of the column chunked so (chunk dims:
                                   chunk[0] = rows per chunk, the rest chosen; a STRING's bytes in chunks of
                                   about the same size) */
    unsigned flags;             /* H5L_COL_OFFSETS64: a STRING's offsets are int64 whatever str_bytes (0: int32
                                   while the bytes fit, as vaex writes; learn which with h5l_writer_dset_type) */
} h5l_column_spec;

#define H5L_COL_OFFSETS64 0x1u

/* Dataset handles of one column; H5L_NO_DSET where absent. For a DICT
 * column `data` is the codes (`indices/data`) and dict_* the values. */
typedef struct h5l_column_dsets {
    h5l_dset data, indices, null_bitmap, mask;
    h5l_dset dict_data, dict_indices, dict_null_bitmap, dict_mask;
} h5l_column_dsets;

/* Create the table group (NULL: "/table") with type="table" and
 * <group>/columns. Errors: EINVAL, EEXISTS, ENOMEM. */
H5L_API h5l_status h5l_table_create(h5l_writer *w, const char *group, h5l_error *err);

/* Declare a column of the table in `group` (NULL: "/table"); it is appended
 * to column_order. Errors: EINVAL (bad spec or name), EEXISTS, ENOTFOUND (no
 * such table), ENOMEM. */
H5L_API h5l_status h5l_table_add_column(h5l_writer *w, const char *group, const h5l_column_spec *spec,
                                        h5l_column_dsets *out, h5l_error *err);

/* ======================================================================
 * 7. Repacking: any readable file rewritten, storage changed
 * ====================================================================== */

typedef struct h5l_repack_options {
    unsigned layout;            /* H5L_REPACK_CONTIGUOUS (0, mappable) or H5L_REPACK_CHUNKED */
    uint64_t chunk_rows;        /* CHUNKED: rows of the first dimension per chunk; 0: about 512 KiB */
    unsigned chunk_flags;       /* CHUNKED: H5L_CHUNK_SHUFFLE, H5L_CHUNK_FLETCHER32 */
    unsigned compress;          /* CHUNKED: H5L_COMPRESS_NONE, _DEFLATE, _LZF */
    int level;                  /* deflate level 1..9 (0: 6) */
    unsigned threads;           /* threads decoding the input's chunks (0 or 1: the caller's only) */
    unsigned write_flags;       /* H5L_WRITE_* for the output (e.g. H5L_WRITE_NO_SYNC) */
    const h5l_allocator *alloc; /* NULL: malloc/realloc/free */
    /* called after each block of data copied (done and total bytes of the
     * datasets' values); NULL: nothing */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
} h5l_repack_options;

#define H5L_REPACK_CONTIGUOUS 0u
#define H5L_REPACK_CHUNKED 1u

/* Copy the whole tree of `in` -- groups, datasets, attributes, committed
 * datatypes, soft and external links; an object with several hard links
 * stays one object with several names -- into a new file at `out`, changing
 * only the datasets' storage: contiguous (the default: every dataset then
 * maps, vaex tables included) or chunked as the options ask (scalars and
 * empty dataspaces stay contiguous). Types, shapes (h5py.Empty stays empty)
 * and values are kept: fixed-size data byte for byte, vlen strings and
 * sequences through new heap collections, object references pointing at
 * the same objects' new addresses. The output appears only when complete
 * (h5l_writer_finish): any failure leaves nothing at `out` and an existing
 * file there untouched. What it cannot copy fails naming the object:
 * EUNSUPPORTED for a filter hdf5lite does not decode, virtual or external
 * storage, dataset-region references in an attribute or inside a
 * compound (datasets of them are copied, each pointing at the same region
 * of the same object), object references inside a compound attribute or
 * inside vlen data, vlen data inside vlen data or inside a compound of a
 * file with 4-byte offsets, user-defined links. Memory: the metadata of both files plus one block
 * of rows (~16 MiB) and the threads' chunks. opt may be NULL.
 * Errors: those of h5l_open, the reads and the writer. Thread-safe for
 * different files. */
H5L_API h5l_status h5l_repack(const char *in, const char *out, const h5l_repack_options *opt, h5l_error *err);

#ifdef __cplusplus
}
#endif
#endif /* HDF5LITE_H */
