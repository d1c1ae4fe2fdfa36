/* ======================================================================
 * SECTION 3 — Dense storage: fractal heap + version-2 B-tree
 *
 * Groups with many links and objects with many attributes keep their link /
 * attribute messages in a fractal heap, indexed by one or two v2 B-trees.
 * This section hands the stored message bodies to the read section; it never
 * allocates: every object is a pointer into the mapped file.
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
static unsigned long long h5l__dn_abs(const h5l_file *f, uint64_t addr)
{
    return (unsigned long long)(addr == H5L_UNDEF ? addr : addr + f->base);
}

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

/* lookup3 of p[0..n) where the 4 bytes at `hole` read as zeros (direct block
 * checksums are computed that way). Same algorithm as h5l__lookup3. */
static uint32_t h5l__dn_lookup3_hole(const uint8_t *p, size_t n, size_t hole)
{
    uint32_t a, b, c;
    size_t pos = 0;
    uint8_t k[12];
    a = b = c = 0xdeadbeefu + (uint32_t)n;
    if (n == 0) return c;
    for (;;) {
        size_t take = n - pos > 12 ? 12 : n - pos, i;
        memset(k, 0, sizeof k);
        memcpy(k, p + pos, take);
        for (i = 0; i < 4; i++)
            if (hole + i >= pos && hole + i < pos + take) k[hole + i - pos] = 0;
        if (n - pos > 12) {
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
            continue;
        }
        /* last 1..12 bytes: the zero padding of k adds nothing */
        a += h5l__ld32(k);
        b += h5l__ld32(k + 4);
        c += h5l__ld32(k + 8);
        break;
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

static h5l_status h5l__bt2_open(const h5l_file *f, uint64_t addr, h5l__bt2 *bt, h5l_error *err)
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
        return h5l__fail(err, H5L_ECORRUPT, addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + addr,
                         "v2 B-tree header at %llu: outside the file", h5l__dn_abs(f, addr));
    if (memcmp(p, "BTHD", 4) != 0)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: bad signature",
                         h5l__dn_abs(f, addr));
    if (h5l__ld32(p + hdr_len - 4) != h5l__lookup3(p, (size_t)hdr_len - 4, 0))
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: checksum mismatch",
                         h5l__dn_abs(f, addr));
    h5l__cur_init(&c, p + 4, (size_t)hdr_len - 4);
    if (h5l__cur_u8(&c) != 0)
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + addr, "v2 B-tree header at %llu: version %u",
                         h5l__dn_abs(f, addr), (unsigned)p[4]);
    bt->type = h5l__cur_u8(&c);
    bt->node_size = h5l__cur_u32(&c);
    bt->rec_size = h5l__cur_u16(&c);
    bt->depth = h5l__cur_u16(&c);
    (void)h5l__cur_u8(&c); /* split percent */
    (void)h5l__cur_u8(&c); /* merge percent */
    bt->root_addr = h5l__cur_addr(&c, f);
    bt->root_nrec = h5l__cur_u16(&c);
    bt->total = h5l__cur_len(&c, f);
    want = h5l__bt2_expected_rec_size(f, bt->type);
    if (!want)
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + addr, "v2 B-tree header at %llu: tree type %u not supported here",
                         h5l__dn_abs(f, addr), bt->type);
    if (bt->rec_size != want)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: record size %u, type %u needs %u",
                         h5l__dn_abs(f, addr), bt->rec_size, bt->type, want);
    if (bt->depth > H5L__BT2_MAX_DEPTH)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: depth %u > %u",
                         h5l__dn_abs(f, addr), bt->depth, (unsigned)H5L__BT2_MAX_DEPTH);
    if (bt->node_size <= 10u + bt->rec_size)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: node size %lu too small",
                         h5l__dn_abs(f, addr), (unsigned long)bt->node_size);
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
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                             "v2 B-tree header at %llu: node size %lu holds no record at depth %u",
                             h5l__dn_abs(f, addr), (unsigned long)bt->node_size, u);
        if (h5l__mul_ovf(bt->max_nrec[u] + 1, bt->cum_max[u - 1], &m) || h5l__add_ovf(m, bt->max_nrec[u], &t))
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: depth %u too large",
                             h5l__dn_abs(f, addr), bt->depth);
        bt->cum_max[u] = t;
        bt->cum_size[u] = h5l__dn_enc_size(t);
    }
    if (bt->root_addr == H5L_UNDEF) {
        if (bt->total != 0 || bt->root_nrec != 0)
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "v2 B-tree header at %llu: %llu records but no root",
                             h5l__dn_abs(f, addr), (unsigned long long)bt->total);
    } else {
        if (bt->root_nrec > bt->max_nrec[bt->depth] || bt->total > bt->cum_max[bt->depth] || bt->total < bt->root_nrec)
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                             "v2 B-tree header at %llu: record counts (root %u, total %llu) impossible", h5l__dn_abs(f, addr),
                             bt->root_nrec, (unsigned long long)bt->total);
        if (bt->depth == 0 && bt->total != bt->root_nrec)
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                             "v2 B-tree header at %llu: total %llu != root records %u at depth 0", h5l__dn_abs(f, addr),
                             (unsigned long long)bt->total, bt->root_nrec);
    }
    /* Nodes of a valid tree do not overlap: the file bounds their number. */
    bt->node_budget = f->size / bt->node_size + 1;
    return H5L_OK;
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
static h5l_status h5l__bt2_node(h5l__bt2_walk *w, uint64_t addr, uint64_t nrec, unsigned depth, uint64_t all,
                                h5l_error *err)
{
    h5l__bt2 *bt = w->bt;
    const h5l_file *f = bt->f;
    const char *what = depth ? "v2 B-tree internal node" : "v2 B-tree leaf node";
    uint64_t ptr_size = depth ? (uint64_t)f->so + bt->nrec_size + (depth > 1 ? bt->cum_size[depth - 1] : 0) : 0;
    uint64_t used, i, sum;
    const uint8_t *p, *ptrs;
    h5l_status st;

    if (bt->node_budget == 0)
        return h5l__fail(err, H5L_ECORRUPT, f->base + bt->addr, "v2 B-tree at %llu: more nodes than the file can hold (cycle?)",
                         h5l__dn_abs(f, bt->addr));
    bt->node_budget--;
    if (nrec > bt->max_nrec[depth])
        return h5l__fail(err, H5L_ECORRUPT, addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + addr,
                         "%s at %llu: %llu records > %llu", what, h5l__dn_abs(f, addr), (unsigned long long)nrec,
                         (unsigned long long)bt->max_nrec[depth]);
    used = 6 + nrec * bt->rec_size + (depth ? (nrec + 1) * ptr_size : 0) + 4;
    if (used > bt->node_size)
        return h5l__fail(err, H5L_ECORRUPT, addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + addr,
                         "%s at %llu: %llu records overflow the node", what, h5l__dn_abs(f, addr), (unsigned long long)nrec);
    p = h5l__at(f, addr, used);
    if (!p)
        return h5l__fail(err, H5L_ECORRUPT, addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + addr,
                         "%s at %llu: outside the file", what, h5l__dn_abs(f, addr));
    if (memcmp(p, depth ? "BTIN" : "BTLF", 4) != 0)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: bad signature", what, h5l__dn_abs(f, addr));
    if (p[4] != 0)
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + addr, "%s at %llu: version %u", what, h5l__dn_abs(f, addr), p[4]);
    if (p[5] != bt->type)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: type %u in a type %u tree", what,
                         h5l__dn_abs(f, addr), p[5], bt->type);
    if (h5l__ld32(p + used - 4) != h5l__lookup3(p, (size_t)used - 4, 0))
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: checksum mismatch", what, h5l__dn_abs(f, addr));

    if (depth == 0) {
        if (all != nrec)
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: %llu records, parent says %llu", what,
                             h5l__dn_abs(f, addr), (unsigned long long)nrec, (unsigned long long)all);
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

    /* Internal: check the counts first, then walk in order. */
    ptrs = p + 6 + nrec * bt->rec_size;
    sum = nrec;
    for (i = 0; i <= nrec; i++) {
        const uint8_t *q = ptrs + i * ptr_size;
        uint64_t cn = h5l__ldn(q + f->so, bt->nrec_size);
        uint64_t ca = depth > 1 ? h5l__ldn(q + f->so + bt->nrec_size, bt->cum_size[depth - 1]) : cn;
        if (cn > bt->max_nrec[depth - 1] || ca > bt->cum_max[depth - 1] || ca < cn || h5l__add_ovf(sum, ca, &sum))
            return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: child %llu record counts impossible", what,
                             h5l__dn_abs(f, addr), (unsigned long long)i);
    }
    if (sum != all)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "%s at %llu: subtree holds %llu records, parent says %llu", what,
                         h5l__dn_abs(f, addr), (unsigned long long)sum, (unsigned long long)all);
    for (i = 0; i <= nrec; i++) {
        const uint8_t *q = ptrs + i * ptr_size;
        uint64_t caddr = h5l__ld_addr(f, q);
        uint64_t cn = h5l__ldn(q + f->so, bt->nrec_size);
        uint64_t ca = depth > 1 ? h5l__ldn(q + f->so + bt->nrec_size, bt->cum_size[depth - 1]) : cn;
        int go = 1, here = 0;
        const uint8_t *r = i < nrec ? p + 6 + i * bt->rec_size : NULL;
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

static unsigned long long h5l__fh_abs(const h5l__fheap *h) { return h5l__dn_abs(h->f, h->addr); }

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
        return h5l__fail(err, H5L_ECORRUPT, addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + addr,
                         "fractal heap at %llu: outside the file", h5l__dn_abs(f, addr));
    if (memcmp(p, "FRHP", 4) != 0)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: bad signature", h5l__dn_abs(f, addr));
    h5l__cur_init(&c, p + 4, (size_t)base_len - 4);
    ver = h5l__cur_u8(&c);
    if (ver != 0)
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + addr, "fractal heap at %llu: version %u", h5l__dn_abs(f, addr), ver);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: header runs past the end of the file",
                         h5l__dn_abs(f, addr));
    if (h5l__ld32(p + len) != h5l__lookup3(p, (size_t)len, 0))
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: checksum mismatch", h5l__dn_abs(f, addr));
    if (h->id_len < 2 || h->id_len > 4096)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: heap ID length %u", h5l__dn_abs(f, addr),
                         h->id_len);
    if (!h5l__dn_pow2(h->width) || !h5l__dn_pow2(h->start_block) || !h5l__dn_pow2(h->max_dblock) ||
        h->max_dblock < h->start_block || h->heap_bits == 0 || h->heap_bits > 64)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                         "fractal heap at %llu: bad doubling table (width %u, start %llu, max direct %llu, heap bits %u)",
                         h5l__dn_abs(f, addr), h->width, (unsigned long long)h->start_block,
                         (unsigned long long)h->max_dblock, h->heap_bits);
    h->start_bits = h5l__dn_log2(h->start_block);
    h->first_row_bits = h->start_bits + h5l__dn_log2(h->width);
    if (h5l__dn_log2(h->max_dblock) >= h->heap_bits || h->first_row_bits > h->heap_bits)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                         "fractal heap at %llu: blocks larger than the heap (start %llu x %u, max direct %llu, heap bits %u)",
                         h5l__dn_abs(f, addr), (unsigned long long)h->start_block, h->width,
                         (unsigned long long)h->max_dblock, h->heap_bits);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: root indirect block has %u rows > %u",
                         h5l__dn_abs(f, addr), h->cur_rows, h->max_root_rows);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: %s at %llu: bad signature", h5l__fh_abs(h),
                         what, h5l__dn_abs(f, addr));
    if (p[4] != 0)
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + addr, "fractal heap at %llu: %s at %llu: version %u",
                         h5l__fh_abs(h), what, h5l__dn_abs(f, addr), p[4]);
    hdr = h5l__ld_addr(f, p + 5);
    if (hdr != h->addr)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr, "fractal heap at %llu: %s at %llu belongs to heap %llu",
                         h5l__fh_abs(h), what, h5l__dn_abs(f, addr), h5l__dn_abs(f, hdr));
    off = h5l__ldn(p + 5 + f->so, h->off_size);
    if (off != block_off)
        return h5l__fail(err, H5L_ECORRUPT, f->base + addr,
                         "fractal heap at %llu: %s at %llu: block offset %llu, expected %llu", h5l__fh_abs(h), what,
                         h5l__dn_abs(f, addr), (unsigned long long)off, (unsigned long long)block_off);
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
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + h->addr,
                         "fractal heap at %llu: filtered direct blocks are not supported", h5l__fh_abs(h));
    if (len == 0 || h5l__add_ovf(off, len, &end) || (h->heap_bits < 64 && end > ((uint64_t)1 << h->heap_bits)))
        return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr,
                         "fractal heap at %llu: object at heap offset %llu, %llu bytes, outside the heap", h5l__fh_abs(h),
                         (unsigned long long)off, (unsigned long long)len);
    if (blk_addr == H5L_UNDEF)
        return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr, "fractal heap at %llu: object in an empty heap",
                         h5l__fh_abs(h));
    blk_size = h->start_block;
    /* Walk indirect blocks down to the direct block holding `off`. */
    for (level = 0; nrows > 0; level++) {
        unsigned row, ndrows;
        uint64_t col, entry, ent_size, ib_size, rel, eaddr;
        if (level > H5L__FH_MAX_ROWS)
            return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr, "fractal heap at %llu: indirect blocks nested too deep",
                             h5l__fh_abs(h));
        ndrows = nrows < h->max_direct_rows ? nrows : h->max_direct_rows;
        ent_size = (uint64_t)f->so + (h->filter_len ? f->sl + 4u : 0u);
        ib_size = 5 + (uint64_t)f->so + h->off_size + (uint64_t)ndrows * h->width * ent_size +
                  (uint64_t)(nrows - ndrows) * h->width * f->so + 4;
        p = h5l__at(f, blk_addr, ib_size);
        if (!p)
            return h5l__fail(err, H5L_ECORRUPT, blk_addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + blk_addr,
                             "fractal heap at %llu: indirect block at %llu outside the file", h5l__fh_abs(h),
                             h5l__dn_abs(f, blk_addr));
        if (!h5l__fh_seen(h, blk_addr, blk_off, ib_size | ((uint64_t)1 << 63))) {
            st = h5l__fh_block_prefix(h, p, blk_addr, "FHIB", "indirect block", blk_off, err);
            if (st != H5L_OK) return st;
            if (ib_size <= h->hash_budget) {
                h->hash_budget -= ib_size;
                if (h5l__ld32(p + ib_size - 4) != h5l__lookup3(p, (size_t)ib_size - 4, 0))
                    return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr, "fractal heap at %llu: indirect block at %llu: checksum mismatch",
                                     h5l__fh_abs(h), h5l__dn_abs(f, blk_addr));
            }
            h5l__fh_mark(h, blk_addr, blk_off, ib_size | ((uint64_t)1 << 63));
        }
        rel = off - blk_off;
        h5l__fh_lookup(h, rel, &row, &col);
        if (row >= nrows || col >= h->width)
            return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr,
                             "fractal heap at %llu: heap offset %llu beyond indirect block at %llu (%u rows)", h5l__fh_abs(h),
                             (unsigned long long)off, h5l__dn_abs(f, blk_addr), nrows);
        entry = (uint64_t)row * h->width + col;
        if (row < h->max_direct_rows) {
            eaddr = h5l__ld_addr(f, p + 5 + f->so + h->off_size + entry * ent_size);
        } else {
            eaddr = h5l__ld_addr(f, p + 5 + f->so + h->off_size + (uint64_t)ndrows * h->width * ent_size +
                                        (entry - (uint64_t)ndrows * h->width) * f->so);
        }
        if (eaddr == H5L_UNDEF)
            return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr,
                             "fractal heap at %llu: heap offset %llu lies in an unallocated block (indirect block at %llu)",
                             h5l__fh_abs(h), (unsigned long long)off, h5l__dn_abs(f, blk_addr));
        blk_off += h->row_off[row] + col * h->row_size[row];
        blk_addr = eaddr;
        blk_size = h->row_size[row];
        if (row < h->max_direct_rows) {
            nrows = 0;
        } else {
            unsigned lb = h5l__dn_log2(h->row_size[row]), n;
            if (lb < h->first_row_bits || (n = lb - h->first_row_bits + 1) >= nrows)
                return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr, "fractal heap at %llu: indirect block rows do not shrink",
                                 h5l__fh_abs(h));
            nrows = n;
        }
    }
    /* direct block */
    hdr_size = 5 + (uint64_t)f->so + h->off_size + ((h->flags & 2) ? 4 : 0);
    p = h5l__at(f, blk_addr, blk_size);
    if (!p || blk_size > SIZE_MAX)
        return h5l__fail(err, H5L_ECORRUPT, blk_addr == H5L_UNDEF ? H5L_NO_OFFSET : f->base + blk_addr,
                         "fractal heap at %llu: direct block at %llu (%llu bytes) outside the file", h5l__fh_abs(h),
                         h5l__dn_abs(f, blk_addr), (unsigned long long)blk_size);
    if (blk_size < hdr_size)
        return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr, "fractal heap at %llu: direct block at %llu smaller than its header",
                         h5l__fh_abs(h), h5l__dn_abs(f, blk_addr));
    if (!h5l__fh_seen(h, blk_addr, blk_off, blk_size)) {
        st = h5l__fh_block_prefix(h, p, blk_addr, "FHDB", "direct block", blk_off, err);
        if (st != H5L_OK) return st;
        if ((h->flags & 2) && blk_size <= h->hash_budget) {
            size_t ck = (size_t)(hdr_size - 4);
            h->hash_budget -= blk_size;
            if (h5l__ld32(p + ck) != h5l__dn_lookup3_hole(p, (size_t)blk_size, ck))
                return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr,
                                 "fractal heap at %llu: direct block at %llu: checksum mismatch", h5l__fh_abs(h),
                                 h5l__dn_abs(f, blk_addr));
        }
        h5l__fh_mark(h, blk_addr, blk_off, blk_size);
    }
    if (off - blk_off < hdr_size || off - blk_off > blk_size || len > blk_size - (off - blk_off))
        return h5l__fail(err, H5L_ECORRUPT, f->base + blk_addr,
                         "fractal heap at %llu: object at heap offset %llu, %llu bytes, outside its direct block at %llu",
                         h5l__fh_abs(h), (unsigned long long)off, (unsigned long long)len, h5l__dn_abs(f, blk_addr));
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
        return h5l__fail(err, H5L_EUNSUPPORTED, f->base + h->addr, "fractal heap at %llu: heap ID version %u",
                         h5l__fh_abs(h), (unsigned)(id[0] >> 6));
    if (kind == 0) {
        uint64_t off, len;
        if (1u + h->off_size + h->len_size > h->id_len)
            return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr, "fractal heap at %llu: heap ID of %u bytes too short",
                             h5l__fh_abs(h), h->id_len);
        off = h5l__ldn(id + 1, h->off_size > 8 ? 8 : h->off_size);
        len = h5l__ldn(id + 1 + h->off_size, h->len_size > 8 ? 8 : h->len_size);
        if (len > h->max_man || len > SIZE_MAX)
            return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr,
                             "fractal heap at %llu: managed object of %llu bytes > maximum %lu", h5l__fh_abs(h),
                             (unsigned long long)len, (unsigned long)h->max_man);
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
            return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr,
                             "fractal heap at %llu: tiny object of %zu bytes in a %u-byte heap ID", h5l__fh_abs(h), n,
                             h->id_len);
        *obj = id + start;
        *olen = n;
        *ooff = H5L_NO_OFFSET; /* caller fixes: the ID lives in a B-tree record */
        return H5L_OK;
    }
    if (kind == 1) {
        uint64_t addr, len;
        const uint8_t *p;
        if (h->filter_len)
            return h5l__fail(err, H5L_EUNSUPPORTED, f->base + h->addr,
                             "fractal heap at %llu: filtered huge objects are not supported", h5l__fh_abs(h));
        if (h->huge_direct) {
            addr = h5l__ld_addr(f, id + 1);
            len = h5l__ldn(id + 1 + f->so, f->sl);
        } else {
            h5l__bt2 bt;
            h5l__huge_ctx hc;
            h5l_status st;
            if (h->huge_bt2 == H5L_UNDEF)
                return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr,
                                 "fractal heap at %llu: huge object but no huge-object B-tree", h5l__fh_abs(h));
            st = h5l__bt2_open(f, h->huge_bt2, &bt, err);
            if (st != H5L_OK) return st;
            if (bt.type != 1)
                return bt.type == 2 ? h5l__fail(err, H5L_EUNSUPPORTED, f->base + h->huge_bt2,
                                                "fractal heap at %llu: filtered huge objects are not supported", h5l__fh_abs(h))
                                    : h5l__fail(err, H5L_ECORRUPT, f->base + h->huge_bt2,
                                                "fractal heap at %llu: huge-object B-tree at %llu has type %u", h5l__fh_abs(h),
                                                h5l__dn_abs(f, h->huge_bt2), bt.type);
            memset(&hc, 0, sizeof hc);
            hc.f = f;
            hc.k.id = h5l__ldn(id + 1, h->huge_id_size);
            st = h5l__bt2_walk_tree(&bt, h5l__huge_cmp, &hc, h5l__huge_rec, &hc, err);
            if (st != H5L_OK) return st;
            if (!hc.k.found)
                return h5l__fail(err, H5L_ECORRUPT, f->base + h->huge_bt2,
                                 "fractal heap at %llu: huge object %llu missing from its B-tree", h5l__fh_abs(h),
                                 (unsigned long long)hc.k.id);
            addr = hc.k.addr;
            len = hc.k.len;
        }
        if (len == 0 || len > SIZE_MAX || !(p = h5l__at(f, addr, len)))
            return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr,
                             "fractal heap at %llu: huge object at %llu, %llu bytes, outside the file", h5l__fh_abs(h),
                             h5l__dn_abs(f, addr), (unsigned long long)len);
        *obj = p;
        *olen = (size_t)len;
        *ooff = f->base + addr;
        return H5L_OK;
    }
    return h5l__fail(err, H5L_ECORRUPT, f->base + h->addr, "fractal heap at %llu: heap ID of unknown type 3", h5l__fh_abs(h));
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + heap_addr, "fractal heap at %llu: heap ID length %u, but the reference holds %zu bytes",
                         h5l__fh_abs(&heap), heap.id_len, id_len);
    return h5l__fh_object(&heap, id, obj, olen, ooff, err);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + d->heap->addr,
                         "fractal heap at %llu: heap ID length %u does not fit the %u-byte index records", h5l__fh_abs(d->heap),
                         d->heap->id_len, id_field);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + bt2_addr, "v2 B-tree header at %llu: type %u is not a link or attribute index",
                         h5l__dn_abs(f, bt2_addr), bt->type);
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
        return h5l__fail(err, H5L_ECORRUPT, f->base + bt2_addr, "v2 B-tree header at %llu: type %u is not a name index",
                         h5l__dn_abs(f, bt2_addr), bt.type);
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
