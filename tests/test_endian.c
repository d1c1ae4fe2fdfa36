/*
 * test_endian.c — h5l_to_native() on hand-built types, checked against byte
 * patterns computed independently of the host's byte order: integers and
 * floats of both orders, bitfield, time, enum over a big-endian base, a
 * compound mixing little- and big-endian members with a string and a nested
 * array, an array of big-endian integers; strings, opaque and vlen
 * descriptors must be left as stored. Meaningful on both little- and
 * big-endian hosts (run on x86-64, armhf and s390x).
 */
#include "test_port_common.h"

static h5l_dtype mk_num(h5l_class cls, unsigned size, h5l_order order)
{
    h5l_dtype t;
    memset(&t, 0, sizeof t);
    t.cls = cls;
    t.size = size;
    t.order = order;
    t.is_signed = 1;
    t.precision = (uint16_t)(8 * size);
    return t;
}

/* The native representation of pattern v (host order). */
static void nat(unsigned char *p, uint64_t v, unsigned size) { port_native(p, v, size); }

static void check_scalar_types(void)
{
    static const h5l_class classes[4] = {H5L_CLASS_INTEGER, H5L_CLASS_FLOAT, H5L_CLASS_BITFIELD, H5L_CLASS_TIME};
    static const unsigned sizes[4] = {1, 2, 4, 8};
    unsigned c, s, o, i;
    for (c = 0; c < 4; c++)
        for (s = 0; s < 4; s++)
            for (o = 0; o < 2; o++) {
                h5l_dtype t;
                unsigned char buf[8 * 9], want[8 * 9];
                unsigned size = sizes[s];
                if (classes[c] == H5L_CLASS_FLOAT && size == 1) continue;
                if (classes[c] == H5L_CLASS_TIME && size < 4) continue;
                t = mk_num(classes[c], size, o ? H5L_BE : H5L_LE);
                for (i = 0; i < 9; i++) {
                    uint64_t v = port_mix(i, c * 100u + s * 10u + o);
                    port_encode(buf + i * size, v, size, (int)o);
                    nat(want + i * size, v, size);
                }
                h5l_to_native(&t, buf, 9);
                PCHECK(memcmp(buf, want, 9u * size) == 0, "class %u size %u order %u", (unsigned)classes[c], size, o);
            }
}

static void check_compound(void)
{
    /* struct { i32 BE a; f64 LE b; S3 s; u16 BE arr[2][2]; enum(i16 BE) e; opaque4 op; } : size 4+8+3+8+2+4 = 29 */
    h5l_dtype ti32be = mk_num(H5L_CLASS_INTEGER, 4, H5L_BE);
    h5l_dtype tf64le = mk_num(H5L_CLASS_FLOAT, 8, H5L_LE);
    h5l_dtype ts3, tu16be = mk_num(H5L_CLASS_INTEGER, 2, H5L_BE), tarr, ti16be = mk_num(H5L_CLASS_INTEGER, 2, H5L_BE),
              tenum, top, tcomp, tcarr;
    h5l_member em[2], cm[6];
    unsigned char ev0[2] = {0x00, 0x07}, ev1[2] = {0xff, 0xfe}; /* 7, -2 in big-endian */
    unsigned char buf[3 * 29], want[3 * 29];
    static const uint64_t arr_dims[2] = {2, 2};
    unsigned i, k;

    memset(&ts3, 0, sizeof ts3);
    ts3.cls = H5L_CLASS_STRING;
    ts3.size = 3;
    ts3.pad = H5L_PAD_NULLPAD;
    memset(&tarr, 0, sizeof tarr);
    tarr.cls = H5L_CLASS_ARRAY;
    tarr.size = 8;
    tarr.base = &tu16be;
    tarr.array_rank = 2;
    tarr.array_dims = arr_dims;
    memset(em, 0, sizeof em);
    em[0].name = "seven"; em[0].value = ev0;
    em[1].name = "minus_two"; em[1].value = ev1;
    memset(&tenum, 0, sizeof tenum);
    tenum.cls = H5L_CLASS_ENUM;
    tenum.size = 2;
    tenum.base = &ti16be;
    tenum.nmembers = 2;
    tenum.members = em;
    memset(&top, 0, sizeof top);
    top.cls = H5L_CLASS_OPAQUE;
    top.size = 4;
    top.tag = "raw";
    memset(cm, 0, sizeof cm);
    cm[0].name = "a"; cm[0].offset = 0; cm[0].type = &ti32be;
    cm[1].name = "b"; cm[1].offset = 4; cm[1].type = &tf64le;
    cm[2].name = "s"; cm[2].offset = 12; cm[2].type = &ts3;
    cm[3].name = "arr"; cm[3].offset = 15; cm[3].type = &tarr;
    cm[4].name = "e"; cm[4].offset = 23; cm[4].type = &tenum;
    cm[5].name = "op"; cm[5].offset = 25; cm[5].type = &top;
    memset(&tcomp, 0, sizeof tcomp);
    tcomp.cls = H5L_CLASS_COMPOUND;
    tcomp.size = 29;
    tcomp.nmembers = 6;
    tcomp.members = cm;

    for (i = 0; i < 3; i++) {
        unsigned char *b = buf + 29 * i, *w = want + 29 * i;
        uint64_t a = port_mix(i, 1), f = port_mix(i, 2);
        port_encode(b + 0, a, 4, 1);      nat(w + 0, a, 4);
        port_encode(b + 4, f, 8, 0);      nat(w + 4, f, 8);
        memcpy(b + 12, "xy\0", 3);        memcpy(w + 12, "xy\0", 3);
        for (k = 0; k < 4; k++) {
            uint64_t v = port_mix(i * 4 + k, 3);
            port_encode(b + 15 + 2 * k, v, 2, 1);
            nat(w + 15 + 2 * k, v, 2);
        }
        port_encode(b + 23, i & 1 ? 0xfffe : 7, 2, 1);
        nat(w + 23, i & 1 ? 0xfffe : 7, 2);
        memcpy(b + 25, "\x01\x02\x03\x04", 4);
        memcpy(w + 25, "\x01\x02\x03\x04", 4);
    }
    h5l_to_native(&tcomp, buf, 3);
    for (i = 0; i < 3; i++)
        for (k = 0; k < 29; k++)
            PCHECK(buf[29 * i + k] == want[29 * i + k], "compound element %u byte %u: %02x != %02x", i, k,
                   buf[29 * i + k], want[29 * i + k]);
    {
        /* typed look at element 1 */
        int32_t a;
        uint16_t arr0;
        int16_t e;
        memcpy(&a, buf + 29, 4);
        memcpy(&arr0, buf + 29 + 15, 2);
        memcpy(&e, buf + 29 + 23, 2);
        PCHECK((uint32_t)a == (uint32_t)port_mix(1, 1), "compound a");
        PCHECK(arr0 == (uint16_t)port_mix(4, 3), "compound arr[0][0]");
        PCHECK(e == -2, "compound enum member = %d", (int)e);
    }

    /* an array type at top level: 3 elements of u16 BE [2][2] */
    tcarr = tarr;
    for (i = 0; i < 12; i++) {
        port_encode(buf + 2 * i, port_mix(i, 9), 2, 1);
        nat(want + 2 * i, port_mix(i, 9), 2);
    }
    h5l_to_native(&tcarr, buf, 3);
    PCHECK(memcmp(buf, want, 24) == 0, "array of big-endian u16");
}

static void check_untouched(void)
{
    h5l_dtype ts, top, tv, tvb = mk_num(H5L_CLASS_INTEGER, 4, H5L_BE), tu8 = mk_num(H5L_CLASS_INTEGER, 1, H5L_BE);
    unsigned char buf[64], orig[64];
    unsigned i;
    for (i = 0; i < 64; i++) orig[i] = (unsigned char)(port_mix(i, 77) & 0xff);
    memset(&ts, 0, sizeof ts);
    ts.cls = H5L_CLASS_STRING;
    ts.size = 8;
    memcpy(buf, orig, 64);
    h5l_to_native(&ts, buf, 8);
    PCHECK(memcmp(buf, orig, 64) == 0, "fixed string modified");
    memset(&top, 0, sizeof top);
    top.cls = H5L_CLASS_OPAQUE;
    top.size = 16;
    top.tag = "";
    h5l_to_native(&top, buf, 4);
    PCHECK(memcmp(buf, orig, 64) == 0, "opaque modified");
    memset(&tv, 0, sizeof tv);
    tv.cls = H5L_CLASS_VLEN;
    tv.size = 16;     /* length(4) + heap address(8) + index(4) */
    tv.base = &tvb;
    h5l_to_native(&tv, buf, 4);
    PCHECK(memcmp(buf, orig, 64) == 0, "vlen descriptor modified");
    h5l_to_native(&tu8, buf, 64);
    PCHECK(memcmp(buf, orig, 64) == 0, "1-byte integers modified");
    h5l_to_native(&tvb, buf, 0);
    PCHECK(memcmp(buf, orig, 64) == 0, "count 0 modified the buffer");
}

int main(void)
{
    uint16_t one = 1;
    unsigned char c0;
    check_scalar_types();
    check_compound();
    check_untouched();
    memcpy(&c0, &one, 1);
    if (port_failures) {
        fprintf(stderr, "test_endian: %d check(s) FAILED\n", port_failures);
        return 1;
    }
    printf("test_endian: ok (%s-endian host)\n", c0 ? "little" : "big");
    return 0;
}
