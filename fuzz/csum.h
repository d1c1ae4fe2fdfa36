/*
 * csum.h — find the lookup3-checksummed structures of an HDF5 file
 * (superblock v2/3, OHDR, OCHK, BTHD, BTIN, BTLF, FRHP, FHIB, FSHD, FSSE) and
 * recompute their checksums, so that a mutation reaches the parser behind
 * the checksum. Used by tests/test_malformed.c and fuzz_read's custom
 * mutator. Header-only, no global state.
 */
#ifndef HDF5LITE_FUZZ_CSUM_H
#define HDF5LITE_FUZZ_CSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#  define CSUM_FN static __attribute__((unused))
#else
#  define CSUM_FN static
#endif

/* Bob Jenkins' lookup3 hashlittle (public domain), byte-wise, as HDF5 uses it. */
#define CSUM_ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))
CSUM_FN uint32_t csum_lookup3(const unsigned char *k, size_t length)
{
    uint32_t a, b, c;
    a = b = c = 0xdeadbeefu + (uint32_t)length;
    while (length > 12) {
        a += k[0] + ((uint32_t)k[1] << 8) + ((uint32_t)k[2] << 16) + ((uint32_t)k[3] << 24);
        b += k[4] + ((uint32_t)k[5] << 8) + ((uint32_t)k[6] << 16) + ((uint32_t)k[7] << 24);
        c += k[8] + ((uint32_t)k[9] << 8) + ((uint32_t)k[10] << 16) + ((uint32_t)k[11] << 24);
        a -= c; a ^= CSUM_ROT(c, 4); c += b;
        b -= a; b ^= CSUM_ROT(a, 6); a += c;
        c -= b; c ^= CSUM_ROT(b, 8); b += a;
        a -= c; a ^= CSUM_ROT(c, 16); c += b;
        b -= a; b ^= CSUM_ROT(a, 19); a += c;
        c -= b; c ^= CSUM_ROT(b, 4); b += a;
        length -= 12;
        k += 12;
    }
    switch (length) {
    case 12: c += (uint32_t)k[11] << 24; /* fall through */
    case 11: c += (uint32_t)k[10] << 16; /* fall through */
    case 10: c += (uint32_t)k[9] << 8; /* fall through */
    case 9: c += k[8]; /* fall through */
    case 8: b += (uint32_t)k[7] << 24; /* fall through */
    case 7: b += (uint32_t)k[6] << 16; /* fall through */
    case 6: b += (uint32_t)k[5] << 8; /* fall through */
    case 5: b += k[4]; /* fall through */
    case 4: a += (uint32_t)k[3] << 24; /* fall through */
    case 3: a += (uint32_t)k[2] << 16; /* fall through */
    case 2: a += (uint32_t)k[1] << 8; /* fall through */
    case 1: a += k[0]; break;
    default: return c;
    }
    c ^= b; c -= CSUM_ROT(b, 14);
    a ^= c; a -= CSUM_ROT(c, 11);
    b ^= a; b -= CSUM_ROT(a, 25);
    c ^= b; c -= CSUM_ROT(b, 16);
    a ^= c; a -= CSUM_ROT(c, 4);
    b ^= a; b -= CSUM_ROT(a, 14);
    c ^= b; c -= CSUM_ROT(b, 24);
    return c;
}

static uint32_t csum_ld32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

typedef struct csum_region {
    size_t start, len;           /* checksum of [start, start+len) stored at start+len */
} csum_region;

#define CSUM_MAX_REGIONS 512
#define CSUM_MAX_LEN 8192

/* Find up to `max` checksummed structures of p (whose checksum is valid):
 * a signature, then the first length <= max_len (<= CSUM_MAX_LEN) after
 * which the lookup3 of the bytes so far is stored. At most `tries`
 * signatures are searched (each costs up to max_len^2/2 byte operations). */
CSUM_FN size_t csum_find(const unsigned char *p, size_t n, csum_region *out, size_t max, size_t tries, size_t max_len)
{
    static const char *const sigs[] = {"OHDR", "OCHK", "BTHD", "BTIN", "BTLF", "FRHP", "FHIB", "FSHD", "FSSE", "\x89HDF"};
    size_t cnt = 0, pos, len;
    unsigned s;
    for (pos = 0; pos + 8 <= n && cnt < max && tries > 0; pos++) {
        for (s = 0; s < sizeof sigs / sizeof sigs[0]; s++)
            if (memcmp(p + pos, sigs[s], 4) == 0) break;
        if (s == sizeof sigs / sizeof sigs[0]) continue;
        if (s == 9 && (pos + 9 > n || (p[pos + 8] != 2 && p[pos + 8] != 3))) continue; /* superblock v2/v3 only */
        tries--;
        if (max_len > CSUM_MAX_LEN) max_len = CSUM_MAX_LEN;
        for (len = 8; len <= max_len && pos + len + 4 <= n; len++)
            if (csum_lookup3(p + pos, len) == csum_ld32(p + pos + len)) {
                out[cnt].start = pos;
                out[cnt].len = len;
                cnt++;
                break;
            }
    }
    return cnt;
}

/* Store the lookup3 of each region after it (after a same-size mutation). */
CSUM_FN void csum_fix(unsigned char *p, size_t n, const csum_region *r, size_t cnt)
{
    size_t i;
    for (i = 0; i < cnt; i++) {
        uint32_t ck;
        unsigned char *q;
        if (r[i].start + r[i].len + 4 > n) continue;
        ck = csum_lookup3(p + r[i].start, r[i].len);
        q = p + r[i].start + r[i].len;
        q[0] = (unsigned char)ck;
        q[1] = (unsigned char)(ck >> 8);
        q[2] = (unsigned char)(ck >> 16);
        q[3] = (unsigned char)(ck >> 24);
    }
}

#endif
