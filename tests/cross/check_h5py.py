#!/usr/bin/python3
"""Check, with h5py, the files tests/test_port_roundtrip.c writes (typically on a
big-endian s390x under qemu, or on armhf / Windows).

Usage: /usr/bin/python3 tests/cross/check_h5py.py DIR [LABEL]

The expected values are computed here from the definitions in
tests/test_port_common.h (an independent re-implementation, not the library's
output), then compared with what h5py reads: dtypes (byte order included),
shapes, every value bit for bit, attributes, and the vaex table layout
(column_order, data, indices, null_bitmap, mask, dictionary encoding) read the
way vaex's hdf5 reader reads it (h5py + numpy views of the datasets).
Exit 0 when everything matches, 1 otherwise.
"""
import sys

import h5py
import numpy as np

M64 = (1 << 64) - 1
FAIL = []


def check(cond, msg):
    if not cond:
        FAIL.append(msg)


def mix(i, salt):
    z = (i * 0x9E3779B97F4A7C15 + salt * 0xD1B54A32D192ED03 + 1) & M64
    z ^= z >> 31
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 29
    z = (z * 0x94D049BB133111EB) & M64
    z ^= z >> 32
    return z


# name, code, size, kind ('i','u','f','b')
TYPES = [("i8", 1, 1, "i"), ("i16", 2, 2, "i"), ("i32", 3, 4, "i"), ("i64", 4, 8, "i"),
         ("u8", 5, 1, "u"), ("u16", 6, 2, "u"), ("u32", 7, 4, "u"), ("u64", 8, 8, "u"),
         ("f16", 9, 2, "f"), ("f32", 10, 4, "f"), ("f64", 11, 8, "f"), ("bool", 12, 1, "b")]
BYCODE = {t[1]: t for t in TYPES}
F_SPECIAL = {
    2: [0x3E00, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x7BFF, 0x2E66],
    4: [0x3FC00000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x00000001, 0x7F7FFFFF, 0x3DCCCCCD],
    8: [0x3FF8000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
        0x7FF8000000000000, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF, 0x3FB999999999999A],
}
N_ROWS = 37
T_ROWS = 41


def value(t, i, salt):
    _, code, size, kind = t
    mask = (1 << (8 * size)) - 1
    if kind == "b":
        return mix(i, salt) & 1
    if kind == "f" and i < 8:
        return F_SPECIAL[size][i]
    if kind in "iu" and i < 4:
        return [0, mask, 1 << (8 * size - 1), mask >> 1][i]
    return mix(i, salt) & mask


def uint_dtype(size):
    return {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[size]


def expected_bits(t, first, n, salt):
    return np.array([value(t, first + i, salt) for i in range(n)], dtype=uint_dtype(t[2]))


def np_str(t, be):
    name, code, size, kind = t
    if kind == "b":
        return "|b1"
    bo = "|" if size == 1 else (">" if be else "<")
    return bo + {"i": "i", "u": "u", "f": "f"}[kind] + str(size)


def bits_of(arr, size):
    """The stored values of a numeric array as native unsigned bit patterns."""
    a = np.ascontiguousarray(arr)
    if a.dtype.kind == "b":
        return a.astype(np.uint8)
    return a.astype(a.dtype.newbyteorder("=")).view(uint_dtype(size))


def check_array(label, arr, t, be, first, shape, salt, stored_dtype=None):
    """stored_dtype: the dtype h5py reports for the dataset/attribute (numpy
    scalars, what h5py returns for scalar data, are always native-order)."""
    dt = stored_dtype if stored_dtype is not None else arr.dtype
    check(dt.str == np_str(t, be), "%s: dtype %s != %s" % (label, dt.str, np_str(t, be)))
    check(arr.shape == shape, "%s: shape %s != %s" % (label, arr.shape, shape))
    n = int(np.prod(shape)) if shape else 1
    want = expected_bits(t, first, n, salt)
    got = bits_of(arr, t[2]).reshape(-1)
    if got.shape != want.shape or not np.array_equal(got, want):
        bad = [i for i in range(min(len(got), len(want))) if got[i] != want[i]][:5]
        FAIL.append("%s: values differ (first bad rows %s)" % (label, bad))
    # typed spot checks, independent of the bit comparison
    flat = np.asarray(arr).reshape(-1)
    if t[3] == "f" and first == 0 and n >= 8:
        check(flat[0] == 1.5 and np.isinf(flat[2]) and flat[2] > 0 and np.isnan(flat[4]),
              "%s: special floats wrong: %r" % (label, flat[:8]))
    if t[3] == "i" and first == 0 and n >= 4:
        check(flat[1] == -1 and flat[2] == np.iinfo(arr.dtype).min and flat[3] == np.iinfo(arr.dtype).max,
              "%s: special ints wrong: %r" % (label, flat[:4]))


def fixed_string(length, i, salt):
    n = i % (length + 1)
    return bytes(ord("a") + mix(i * 31 + k, salt) % 26 for k in range(n))


WORDS = [b"", b"a", b"hello", "caf\u00e9".encode(), "\u20ac5".encode(), b"x,y", b'q"uote',
         b"line\nbreak", "\U0001F600".encode(), b"tab\there", b"0123456789abcdef"]


def var_string(i, salt):
    return WORDS[mix(i, salt) % len(WORDS)]


def valid(i, salt):
    return mix(i, salt ^ 0x5A5A) % 5 != 0


def ds_salt(t, be):
    return t[1] + 16 * be


def check_types(path):
    with h5py.File(path, "r") as f:
        for be in (0, 1):
            for t in TYPES:
                p = "/%s/%s" % ("be" if be else "le", t[0])
                if p not in f:
                    FAIL.append(p + ": missing")
                    continue
                d = f[p]
                check_array(p, d[()], t, be and t[3] != "b", 0, (N_ROWS,), ds_salt(t, be))
                check(d.id.get_offset() is not None and d.id.get_offset() % 64 == 0, p + ": offset not 64-aligned")
        check_array("/nd/i32be", f["/nd/i32be"][()], BYCODE[3], 1, 0, (7, 3), 500)
        check_array("/nd/f64le", f["/nd/f64le"][()], BYCODE[11], 0, 0, (4, 5), 501)
        check_array("/nd/u16be", f["/nd/u16be"][()], BYCODE[6], 1, 0, (2, 3, 4), 502)
        check_array("/scalar/f64be", np.asarray(f["/scalar/f64be"][()]), BYCODE[11], 1, 0, (), 503, f["/scalar/f64be"].dtype)
        check_array("/scalar/i16le", np.asarray(f["/scalar/i16le"][()]), BYCODE[2], 0, 3, (), 504, f["/scalar/i16le"].dtype)
        e = f["/empty/f32be"]
        check(e.shape == (0,) and e.dtype.str == ">f4", "/empty/f32be: %s %s" % (e.shape, e.dtype.str))
        e = f["/empty/u8_2d"]
        check(e.shape == (0, 4) and e.dtype.str == "|u1", "/empty/u8_2d: %s %s" % (e.shape, e.dtype.str))
        for p, ln, salt in (("/str/s5", 5, 600), ("/str/u7", 7, 601)):
            a = f[p][()]
            check(a.dtype.str == "|S%d" % ln, "%s: dtype %s" % (p, a.dtype.str))
            check(list(a) == [fixed_string(ln, i, salt) for i in range(N_ROWS)], p + ": values differ")
        check(f["/str/u7"].id.get_type().get_cset() == h5py.h5t.CSET_UTF8, "/str/u7: cset not UTF-8")
        at = f["/attrs"].attrs
        for be in (0, 1):
            for t in TYPES:
                n = "v_%s_%s" % (t[0], "be" if be else "le")
                check_array("attr " + n, at[n], t, be and t[3] != "b", 0, (3,), 1000 + ds_salt(t, be))
                n = "s_%s_%s" % (t[0], "be" if be else "le")
                check_array("attr " + n, np.asarray(f["/le/f64"].attrs[n]), t, be and t[3] != "b", 5, (), 2000 + ds_salt(t, be),
                            f["/le/f64"].attrs.get_id(n).dtype)
        check(at["title"] == "hdf5lite \u2713 port", "attr title = %r" % (at["title"],))
        check(list(at["names"]) == ["a", "b\u00e9", ""], "attr names = %r" % (at["names"],))
        check(list(f.attrs["fixed"]) == [b"abc", b"xyzuvw"], "attr fixed = %r" % (f.attrs["fixed"],))
        check(at["empty"].shape == (0,) and at["empty"].dtype.str == "<i4", "attr empty = %r" % (at["empty"],))


def read_strings(g):
    """A vaex string column: (bytes of `data`, offsets from `indices`)."""
    data = g["data"][()].tobytes() if g["data"].shape[0] else b""
    idx = g["indices"][()]
    return data, [int(x) for x in idx]


def check_table(path, be):
    tnames = ["c_" + t[0] for t in TYPES]
    with h5py.File(path, "r") as f:
        check(f["/table"].attrs.get("type") in ("table", b"table"), path + ": /table type attr")
        cols = f["/table/columns"]
        order = cols.attrs["column_order"]
        if isinstance(order, bytes):
            order = order.decode()
        want_order = tnames + ["s", "s_plain", "d_str", "d_num", "vec", "when"]
        check(order.split(",") == want_order, "%s: column_order %r" % (path, order))
        for k, t in enumerate(TYPES):
            g = cols[tnames[k]]
            salt = 100 + k
            check_array("%s %s/data" % (path, tnames[k]), g["data"][()], t, be and t[3] != "b", 0, (T_ROWS,), salt + 16 * be)
            if k % 3 == 1:
                m = g["mask"][()]
                check(m.dtype.str == "|b1" and list(m) == [not valid(i, salt) for i in range(T_ROWS)],
                      "%s %s/mask wrong" % (path, tnames[k]))
                check("null_bitmap" not in g, "%s %s: unexpected null_bitmap" % (path, tnames[k]))
            elif k % 3 == 2:
                bm = g["null_bitmap"][()]
                bits = np.unpackbits(bm, bitorder="little")[:T_ROWS]
                check(bm.dtype.str == "|u1" and list(bits) == [int(valid(i, salt)) for i in range(T_ROWS)],
                      "%s %s/null_bitmap wrong" % (path, tnames[k]))
            else:
                check("mask" not in g and "null_bitmap" not in g, "%s %s: unexpected validity" % (path, tnames[k]))
        for name, salt, nulls in (("s", 200, True), ("s_plain", 201, False)):
            g = cols[name]
            check(g["data"].dtype.str == "|S1" and g["data"].attrs.get("dtype") in ("str", b"str"),
                  "%s %s/data not S1 with dtype=str" % (path, name))
            data, offs = read_strings(g)
            check(len(offs) == T_ROWS + 1 and offs[0] == 0 and offs[-1] == len(data), "%s %s/indices" % (path, name))
            for i in range(T_ROWS):
                ok = not nulls or valid(i, salt)
                want = var_string(i, salt) if ok else b""
                if i + 1 < len(offs):
                    check(data[offs[i]:offs[i + 1]] == want, "%s %s[%d]: %r != %r" % (path, name, i, data[offs[i]:offs[i + 1]], want))
            if nulls:
                bits = np.unpackbits(g["null_bitmap"][()], bitorder="little")[:T_ROWS]
                check(list(bits) == [int(valid(i, salt)) for i in range(T_ROWS)], "%s s/null_bitmap" % path)
        check(cols["s"].attrs.get("description") in ("strings with nulls", b"strings with nulls"), "s description")
        g = cols["d_str"]
        check(g.attrs.get("type") in ("dictionary_encoded", b"dictionary_encoded"), "d_str: type attr")
        codes = g["indices/data"][()]
        check(codes.dtype.str == (">i4" if be else "<i4"), "d_str codes dtype %s" % codes.dtype.str)
        check(list(codes) == [mix(i, 210) % 4 for i in range(T_ROWS)], "d_str codes")
        data, offs = read_strings(g["dictionary"])
        words = [b"red", "gr\u00fcn".encode(), b"", b"blue"]
        check([data[offs[i]:offs[i + 1]] for i in range(4)] == words, "d_str dictionary")
        g = cols["d_num"]
        codes = g["indices/data"][()]
        check(codes.dtype.str == "|u1" and list(codes) == [mix(i, 211) % 3 for i in range(T_ROWS)], "d_num codes")
        dv = g["dictionary/data"][()]
        check(dv.dtype.str == (">f8" if be else "<f8") and list(dv) == [0.5, -2.0, 1e300], "d_num dictionary %r" % (dv,))
        check_array(path + " vec/data", cols["vec/data"][()], BYCODE[10], be, 0, (T_ROWS, 3), 300)
        w = cols["when"]
        check_array(path + " when/data", w["data"][()], BYCODE[4], be, 0, (T_ROWS,), 301)
        check(w["data"].attrs.get("dtype") in ("datetime64[ns]", b"datetime64[ns]"), "when dtype attr")
        for k, v in (("unit", "ns"), ("ucd", "time.epoch"), ("description", "timestamps"), ("alias", "t")):
            got = w.attrs.get(k)
            if isinstance(got, bytes):
                got = got.decode()
            check(got == v, "when %s = %r" % (k, got))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    d = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else d
    for fn, args in ((check_types, (d + "/port_types.h5",)), (check_table, (d + "/port_table_le.h5", 0)),
                     (check_table, (d + "/port_table_be.h5", 1))):
        try:
            fn(*args)
        except Exception as e:  # a missing dataset or attribute, unreadable file...
            FAIL.append("%s: %s: %s" % (args[0], type(e).__name__, e))
    if FAIL:
        for m in FAIL[:40]:
            print("check_h5py %s: FAIL %s" % (label, m), file=sys.stderr)
        print("check_h5py %s: %d failure(s)" % (label, len(FAIL)), file=sys.stderr)
        return 1
    print("check_h5py %s: h5py reads every value, dtype and shape as expected" % label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
