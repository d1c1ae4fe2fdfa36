/*
 * test_port_common.h — deterministic test values shared by the portability
 * tests (test_port_roundtrip.c, test_threads.c, test_nommap.c, test_endian.c)
 * and mirrored, independently, by tests/cross/check_h5py.py.
 *
 * Every element value is defined as a bit pattern (port_value) computed with
 * unsigned 64-bit arithmetic only, so it is the same on every host. The
 * expected bytes of an element in a given byte order are derived from the
 * pattern with shifts (port_encode), never with the host's memory layout; the
 * host's native representation is obtained by storing the pattern into a
 * uintN_t (port_native), which for IEEE floats on all our targets is the same
 * as storing the float.
 */
#ifndef TEST_PORT_COMMON_H
#define TEST_PORT_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

static int port_failures;

#define PCHECK(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            port_failures++;                                                                       \
            if (port_failures <= 60) {                                                             \
                fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);          \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fputc('\n', stderr);                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* Check a call returning h5l_status; on failure print the error record. */
#define PCALL(call, errp)                                                                          \
    port_call_ok((call), (errp), #call, __FILE__, __LINE__)

static inline int port_call_ok(h5l_status st, const h5l_error *e, const char *what, const char *file, int line)
{
    if (st == H5L_OK) return 1;
    port_failures++;
    if (port_failures <= 60)
        fprintf(stderr, "%s:%d: %s -> %s (%s) errno=%d: %s\n", file, line, what, h5l_status_name(st),
                e ? h5l_status_name(e->code) : "?", e ? e->sys_errno : 0, e ? e->msg : "");
    return 0;
}

/* splitmix64 of (i, salt). */
static inline uint64_t port_mix(uint64_t i, uint64_t salt)
{
    uint64_t z = i * UINT64_C(0x9E3779B97F4A7C15) + salt * UINT64_C(0xD1B54A32D192ED03) + 1u;
    z ^= z >> 31;
    z *= UINT64_C(0xBF58476D1CE4E5B9);
    z ^= z >> 29;
    z *= UINT64_C(0x94D049BB133111EB);
    z ^= z >> 32;
    return z;
}

/* The numeric types the tests cover (the writer's base codes). */
typedef struct port_type {
    unsigned code;          /* H5L_T_* base */
    const char *name;       /* short name used for dataset/column names */
    unsigned size;
    h5l_class cls;
    int is_signed;
    const char *np;         /* numpy kind+size without the byte-order char, e.g. "i4" */
} port_type;

static const port_type port_types[] = {
    {H5L_T_I8, "i8", 1, H5L_CLASS_INTEGER, 1, "i1"},
    {H5L_T_I16, "i16", 2, H5L_CLASS_INTEGER, 1, "i2"},
    {H5L_T_I32, "i32", 4, H5L_CLASS_INTEGER, 1, "i4"},
    {H5L_T_I64, "i64", 8, H5L_CLASS_INTEGER, 1, "i8"},
    {H5L_T_U8, "u8", 1, H5L_CLASS_INTEGER, 0, "u1"},
    {H5L_T_U16, "u16", 2, H5L_CLASS_INTEGER, 0, "u2"},
    {H5L_T_U32, "u32", 4, H5L_CLASS_INTEGER, 0, "u4"},
    {H5L_T_U64, "u64", 8, H5L_CLASS_INTEGER, 0, "u8"},
    {H5L_T_F16, "f16", 2, H5L_CLASS_FLOAT, 1, "f2"},
    {H5L_T_F32, "f32", 4, H5L_CLASS_FLOAT, 1, "f4"},
    {H5L_T_F64, "f64", 8, H5L_CLASS_FLOAT, 1, "f8"},
    {H5L_T_BOOL, "bool", 1, H5L_CLASS_ENUM, 0, "b1"},
};
#define PORT_NTYPES (sizeof port_types / sizeof port_types[0])

static const uint64_t port_f16_special[8] = {0x3E00, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x7BFF, 0x2E66};
static const uint64_t port_f32_special[8] = {0x3FC00000, 0x80000000, 0x7F800000, 0xFF800000,
                                             0x7FC00000, 0x00000001, 0x7F7FFFFF, 0x3DCCCCCD};
static const uint64_t port_f64_special[8] = {
    UINT64_C(0x3FF8000000000000), UINT64_C(0x8000000000000000), UINT64_C(0x7FF0000000000000),
    UINT64_C(0xFFF0000000000000), UINT64_C(0x7FF8000000000000), UINT64_C(0x0000000000000001),
    UINT64_C(0x7FEFFFFFFFFFFFFF), UINT64_C(0x3FB999999999999A)};

/* Bit pattern of element i of a dataset of type t (salt distinguishes datasets). */
static inline uint64_t port_value(const port_type *t, uint64_t i, uint64_t salt)
{
    uint64_t mask = t->size == 8 ? UINT64_MAX : ((UINT64_C(1) << (8 * t->size)) - 1u);
    if (t->code == H5L_T_BOOL) return port_mix(i, salt) & 1u;
    if (t->cls == H5L_CLASS_FLOAT && i < 8)
        return t->size == 2 ? port_f16_special[i] : t->size == 4 ? port_f32_special[i] : port_f64_special[i];
    if (t->cls == H5L_CLASS_INTEGER && i < 4) {
        switch (i) {
        case 0: return 0;
        case 1: return mask;                                   /* -1 / max unsigned */
        case 2: return UINT64_C(1) << (8 * t->size - 1);       /* min signed */
        default: return mask >> 1;                             /* max signed */
        }
    }
    return port_mix(i, salt) & mask;
}

/* Store the low `size` bytes of v at p in byte order `be` (0 little, 1 big). */
static inline void port_encode(unsigned char *p, uint64_t v, unsigned size, int be)
{
    unsigned k;
    for (k = 0; k < size; k++) p[be ? size - 1 - k : k] = (unsigned char)(v >> (8 * k));
}

/* The host's representation of the pattern (what a typed read must give). */
static inline void port_native(unsigned char *p, uint64_t v, unsigned size)
{
    switch (size) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: { uint64_t x = v; memcpy(p, &x, 8); break; }
    }
}

/* Fill buf with n elements starting at row `first` in byte order be (-1: native). */
static inline void port_fill(unsigned char *buf, const port_type *t, uint64_t first, uint64_t n, uint64_t salt, int be)
{
    uint64_t i;
    for (i = 0; i < n; i++) {
        uint64_t v = port_value(t, first + i, salt);
        if (be < 0) port_native(buf + i * t->size, v, t->size);
        else port_encode(buf + i * t->size, v, t->size, be);
    }
}

/* Fixed string element i of an S<len> dataset: i % (len+1) letters, NUL padded. */
static inline void port_fixed_string(char *out, unsigned len, uint64_t i, uint64_t salt)
{
    unsigned n = (unsigned)(i % (len + 1u)), k;
    memset(out, 0, len);
    for (k = 0; k < n; k++) out[k] = (char)('a' + (port_mix(i * 31u + k, salt) % 26u));
}

/* Variable string row i (for string columns); writes at most 16 bytes, returns length.
 * Includes empty strings and multi-byte UTF-8. */
static inline size_t port_var_string(char *out, uint64_t i, uint64_t salt)
{
    static const char *const words[] = {"", "a", "hello", "caf\xc3\xa9", "\xe2\x82\xac\x35", "x,y", "q\"uote",
                                        "line\nbreak", "\xf0\x9f\x98\x80", "tab\there", "0123456789abcdef"};
    const char *w = words[port_mix(i, salt) % (sizeof words / sizeof words[0])];
    size_t n = strlen(w);
    memcpy(out, w, n);
    return n;
}

/* Whether row i of a column with validity is valid (1) or null (0). */
static inline int port_valid(uint64_t i, uint64_t salt) { return (port_mix(i, salt ^ 0x5a5a) % 5u) != 0; }

static inline const port_type *port_type_by_code(unsigned code)
{
    size_t k;
    for (k = 0; k < PORT_NTYPES; k++)
        if (port_types[k].code == code) return &port_types[k];
    return NULL;
}

/* The numpy dtype.str h5py reports for a port_type in order be. */
static inline void port_numpy_str(char *out, const port_type *t, int be)
{
    char bo = t->size == 1 ? '|' : be ? '>' : '<';
    sprintf(out, "%c%s", bo, t->np);
}

#endif
