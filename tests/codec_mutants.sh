#!/bin/sh
# Break one encoder or decoder of hdf5lite.c at a time and check that
# test_codec notices each: a codec test that passes on broken code is a defect.
# Usage: codec_mutants.sh WORKDIR   (CC from the environment, default cc)
set -u
dir=$1
CC=${CC:-cc}
if ! command -v python3 >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then echo "codec mutants: python3 is required in CI"; exit 1; fi
    echo "*** codec mutants: no python3 to apply them: SKIPPED ***"; exit 0
fi
rm -rf "$dir" && mkdir -p "$dir"
cp hdf5lite.h "$dir/"
killed=0 total=0
mutant() {   # name, python expression of the edit (old, new): the edit must apply exactly once
    total=$((total + 1))
    name=$1 old=$2 new=$3
    if ! OLD="$old" NEW="$new" SRC=hdf5lite.c DST="$dir/hdf5lite.c" python3 -c '
import os, sys
s = open(os.environ["SRC"]).read()
o, n = os.environ["OLD"], os.environ["NEW"]
if s.count(o) != 1: sys.exit("mutant: the text to break occurs %d times" % s.count(o))
open(os.environ["DST"], "w").write(s.replace(o, n))'; then
        echo "codec mutant '$name': could not be applied (hdf5lite.c changed?)"; return
    fi
    sed 's|#include "../hdf5lite.c"|#include "hdf5lite.c"|' tests/test_codec.c > "$dir/test_codec.c"
    if ! $CC -std=c99 -O0 -Wno-unused-function -DH5L_DEBUG -I"$dir" -o "$dir/t" "$dir/test_codec.c" -lm 2> "$dir/cc.log"; then
        echo "codec mutant '$name': does not compile"; cat "$dir/cc.log"; return
    fi
    if "$dir/t" > "$dir/out.log" 2>&1; then
        echo "codec mutant '$name': NOT detected"
    else
        killed=$((killed + 1))
        echo "codec mutant '$name': detected ($(grep -c '^FAIL' "$dir/out.log") failures)"
    fi
}
mutant "link encoder: character-set flag lost" \
    '(l->cset != H5L_CSET_ASCII ? H5L__LINK_CSET : 0u);' '0u;'
mutant "datatype decoder: precision off by one" \
    '        t->bit_offset = h5l__cur_u16(c);
        t->precision = h5l__cur_u16(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated integer properties");' \
    '        t->bit_offset = h5l__cur_u16(c);
        t->precision = (uint16_t)(h5l__cur_u16(c) + 1);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated integer properties");'
mutant "layout encoder: extensible-array parameters swapped" \
    '                h5l__o_u8(&o, ly->ea_idx_blk_elmts);
                h5l__o_u8(&o, ly->ea_sup_blk_min_data_ptrs);' \
    '                h5l__o_u8(&o, ly->ea_sup_blk_min_data_ptrs);
                h5l__o_u8(&o, ly->ea_idx_blk_elmts);'
mutant "superblock encoder: leaf and internal K swapped" \
    '        h5l__o_u16(&o, sb->leaf_k);
        h5l__o_u16(&o, sb->node_k);' \
    '        h5l__o_u16(&o, sb->node_k);
        h5l__o_u16(&o, sb->leaf_k);'
mutant "symbol node encoder: count one short" \
    '    h5l__o_u16(&o, s->n);
    for (i = 0; i < s->n; i++) h5l__ent_encode(&o, so, sl, &s->ev[i]);' \
    '    h5l__o_u16(&o, s->n ? s->n - 1 : 0);
    for (i = 0; i < s->n; i++) h5l__ent_encode(&o, so, sl, &s->ev[i]);'
mutant "fill value encoder: v2 writes a size when undefined" \
    '            value = fv->version == 1 || fv->defined;' '            value = 1;'
mutant "object header decoder: v2 times skipped wrongly" \
    '            for (k = 0; k < 4; k++) oh->times[k] = h5l__cur_u32(&c);' \
    '            for (k = 0; k < 3; k++) oh->times[k] = h5l__cur_u32(&c);'
mutant "v2 B-tree builder: a separator record taken from its left child" \
    '            if (i + 1 < k) idx[i] = pos++;' '            if (i + 1 < k) idx[i] = pos++ - 1;'
mutant "fractal heap header encoder: huge object count and size swapped" \
    '    h5l__o_un(&o, h->huge_size, sl);
    h5l__o_un(&o, h->n_huge, sl);' \
    '    h5l__o_un(&o, h->n_huge, sl);
    h5l__o_un(&o, h->huge_size, sl);'
mutant "attribute info encoder: creation order as wide as a link's" \
    '    if (flags & 1) h5l__o_un(&o, max_corder, is_attr ? 2 : 8);' '    if (flags & 1) h5l__o_un(&o, max_corder, 8);'
echo "codec mutants: $killed of $total detected"
rm -rf "$dir"
[ "$killed" -eq "$total" ]
