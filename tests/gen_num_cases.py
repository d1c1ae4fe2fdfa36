#!/usr/bin/python3
"""Reference cases for tests/test_num.c, from Python itself (repr is David
Gay's shortest-and-closest; Decimal gives exact halfway points):

  F64 <hex bits> <repr(float)>        shortest float64 text
  F32 <hex bits> <str(np.float32)>    numpy's shortest float32 text
  F16 <hex bits> <str(np.float16)>    numpy's float16 text (every pattern)
  P64 <hex bits> <decimal text>       the text must parse to exactly these bits
"""
import random
import struct
import sys
from decimal import Decimal, getcontext

import numpy as np

getcontext().prec = 1200
rnd = random.Random(19)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
out = sys.stdout
specials = [0x1, 0x2, 0x3, 0xfffffffffffff, 0x10000000000000, 0x7fefffffffffffff, 0x3ff0000000000000, 0x4340000000000000,
            0x433fffffffffffff, 0x3fb999999999999a, 0x44b52d02c7e14af6, 0x7e37e43c8800759c]
for i in range(n):
    if i < len(specials):
        b = specials[i]
    elif i % 4 == 0:
        b = rnd.getrandbits(64) & 0x7fffffffffffffff
    elif i % 4 == 1:    # decimal-looking values
        v = rnd.randint(1, 10 ** rnd.randint(1, 17)) * 10.0 ** rnd.randint(-30, 30)
        b = struct.unpack("<Q", struct.pack("<d", v))[0]
    elif i % 4 == 2:    # powers of two and their neighbours (the asymmetric intervals)
        e = rnd.randint(1, 2046)
        b = (e << 52) + rnd.choice((0, 1, 2, -1 & 0xfffffffffffff))
        b &= 0x7fffffffffffffff
    else:               # subnormals and small ones
        b = rnd.getrandbits(rnd.randint(1, 60))
    v = struct.unpack("<d", struct.pack("<Q", b))[0]
    if v != v or v in (float("inf"), float("-inf")):
        continue
    if rnd.random() < 0.5:
        v = -v
        b |= 1 << 63
    out.write("F64 %016x %s\n" % (b, repr(v)))
for i in range(n):
    b = rnd.getrandbits(32) if i % 2 else rnd.getrandbits(rnd.randint(1, 31))
    f = np.frombuffer(struct.pack("<I", b), dtype=np.float32)[0]
    if not np.isfinite(f):
        continue
    out.write("F32 %08x %s\n" % (b, str(f)))
for b in range(65536):
    h = np.frombuffer(struct.pack("<H", b), dtype=np.float16)[0]
    if not np.isfinite(h):
        continue
    out.write("F16 %04x %s\n" % (b, str(h)))
# parsing: halfway points between neighbours (exact, then nudged), long and odd texts
for i in range(n // 4):
    b = rnd.getrandbits(63)
    if (b >> 52) >= 2046:
        continue
    lo = struct.unpack("<d", struct.pack("<Q", b))[0]
    hi = struct.unpack("<d", struct.pack("<Q", b + 1))[0]
    mid = (Decimal(lo) + Decimal(hi)) / 2
    for txt in (format(mid, "e"), format(mid.next_plus(), "e"), format(mid.next_minus(), "e")):
        # the exact answer: Python's float() is correctly rounded
        out.write("P64 %016x %s\n" % (struct.unpack("<Q", struct.pack("<d", float(txt)))[0], txt))
    k = rnd.randint(1, 25)
    txt = "%.*e" % (k, lo)
    out.write("P64 %016x %s\n" % (struct.unpack("<Q", struct.pack("<d", float(txt)))[0], txt))
    txt = ("%.*f" % (rnd.randint(0, 30), lo * 10 ** rnd.randint(-300, -250))) if i % 7 == 0 else repr(lo)
    out.write("P64 %016x %s\n" % (struct.unpack("<Q", struct.pack("<d", float(txt)))[0], txt))
for txt in ("0e999999999", "1e-400", "1e309", "2.4703282292062328e-324", "2.4703282292062327e-324", "4.9406564584124654e-324",
            "1.7976931348623158e308", "1.7976931348623159e308", "0000.000001e5", ".5", "5.", "-0", "+7", "123456789012345678901234567890",
            "0.1000000000000000055511151231257827021181583404541015625", "9007199254740993", "9007199254740992.5",
            "1" + "0" * 400 + "e-400", "0." + "0" * 330 + "1e330", "3.14159265358979323846264338327950288419716939937510"):
    out.write("P64 %016x %s\n" % (struct.unpack("<Q", struct.pack("<d", float(txt)))[0], txt))
