/* ======================================================================
 * SECTION 2 — Reading: superblock, object headers, messages, groups,
 * global heap and the public reading API (header section 3).
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
 * 2.1 Superblock
 *
 *  v0/v1 (at the signature, offset 0, 512, 1024, 2048, ...):
 *   0  \x89HDF\r\n\x1a\n
 *   8  version | free-space ver | root entry ver | res | shared hdr ver
 *  13  sizeof offsets O | sizeof lengths L | res
 *  16  group leaf K (u16) | group internal K (u16) | flags (u32)
 *  24  v1 only: indexed storage K (u16) | res (u16)
 *      base (O) | free-space/extension (O) | EOF (O) | driver info (O)
 *      root symbol table entry: name off (L) | header (O) | cache type (u32)
 *                               | res (u32) | scratch 16 (type 1: btree O, heap O)
 *  v2/v3:
 *   0  signature | version | O | L | flags (u8)
 *  12  base (O) | extension (O) | EOF (O) | root header (O) | lookup3 (u32)
 * ---------------------------------------------------------------------- */

static h5l_status h5l__sb_ext_read(h5l_file *f, h5l_error *err);

static h5l_status h5l__superblock_read(h5l_file *f, h5l_error *err)
{
    static const uint8_t sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    uint64_t pos = 0, base, eofa, absend;
    int found = 0;
    unsigned ver, so, sl;
    h5l__cur c;

    while (f->size >= 8 && pos <= f->size - 8) {
        if (memcmp(f->map + pos, sig, 8) == 0) { found = 1; break; }
        if (pos == 0) pos = 512;
        else if (pos > UINT64_MAX / 2) break;
        else pos *= 2;
    }
    if (!found) return h5l__fail(err, H5L_ENOTHDF5, H5L_NO_OFFSET, "file: no HDF5 signature at offset 0, 512, 1024, ...");
    f->sb_offset = pos;
    h5l__cur_init(&c, f->map + pos, (size_t)(f->size - pos));
    h5l__cur_skip(&c, 8);
    ver = h5l__cur_u8(&c);
    f->sb_version = ver;
    if (ver > 3) return h5l__fail(err, H5L_EUNSUPPORTED, pos, "superblock at %llu: version %u is not supported", h5l__ull(pos), ver);
    if (ver <= 1) {
        unsigned fsv = h5l__cur_u8(&c), rev = h5l__cur_u8(&c), shv;
        h5l__cur_skip(&c, 1);
        shv = h5l__cur_u8(&c);
        so = h5l__cur_u8(&c);
        sl = h5l__cur_u8(&c);
        if (c.bad) return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: truncated", h5l__ull(pos));
        if (fsv != 0 || rev != 0 || shv != 0)
            return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: bad free-space/root-entry/shared-header version (%u/%u/%u)", h5l__ull(pos), fsv, rev, shv);
    } else {
        so = h5l__cur_u8(&c);
        sl = h5l__cur_u8(&c);
    }
    if (so == 16 || so == 32 || sl == 16 || sl == 32)
        return h5l__fail(err, H5L_EUNSUPPORTED, pos, "superblock at %llu: sizes of offsets/lengths %u/%u wider than 8 bytes are not supported", h5l__ull(pos), so, sl);
    if ((so != 2 && so != 4 && so != 8) || (sl != 2 && sl != 4 && sl != 8))
        return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: invalid sizes of offsets/lengths %u/%u", h5l__ull(pos), so, sl);
    f->so = so;
    f->sl = sl;
    if (ver <= 1) {
        uint64_t name_off, root;
        uint32_t cache;
        const uint8_t *scratch;
        h5l__cur_skip(&c, 1);
        f->sym_leaf_k = h5l__cur_u16(&c);
        f->btree_k = h5l__cur_u16(&c);
        h5l__cur_skip(&c, 4);
        f->chunk_btree_k = 32;
        if (ver == 1) {
            f->chunk_btree_k = h5l__cur_u16(&c);
            h5l__cur_skip(&c, 2);
        }
        base = h5l__cur_addr(&c, f);
        f->ext_addr = h5l__cur_addr(&c, f);
        eofa = h5l__cur_addr(&c, f);
        (void)h5l__cur_addr(&c, f); /* driver info */
        name_off = h5l__cur_len(&c, f);
        (void)name_off;
        root = h5l__cur_addr(&c, f);
        cache = h5l__cur_u32(&c);
        h5l__cur_skip(&c, 4);
        scratch = h5l__cur_take(&c, 16);
        if (c.bad) return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: truncated", h5l__ull(pos));
        if (f->sym_leaf_k == 0 || f->btree_k == 0 || (ver == 1 && f->chunk_btree_k == 0))
            return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: B-tree K of 0", h5l__ull(pos));
        if (cache == 1 && scratch) {
            f->root_stab_btree = h5l__ld_addr(f, scratch);
            f->root_stab_heap = h5l__ld_addr(f, scratch + so);
        }
        f->root_addr = root;
        /* The v0/v1 "free-space" slot is the superblock extension address. */
        f->ext_addr = H5L_UNDEF;
    } else {
        const uint8_t *start = f->map + pos;
        size_t n;
        uint32_t stored;
        h5l__cur_skip(&c, 1); /* flags */
        base = h5l__cur_addr(&c, f);
        f->ext_addr = h5l__cur_addr(&c, f);
        eofa = h5l__cur_addr(&c, f);
        f->root_addr = h5l__cur_addr(&c, f);
        n = (size_t)(c.p - start);
        stored = h5l__cur_u32(&c);
        if (c.bad) return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: truncated", h5l__ull(pos));
        if (h5l__lookup3(start, n, 0) != stored)
            return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: checksum mismatch", h5l__ull(pos));
        f->sym_leaf_k = 4;
        f->btree_k = 16;
        f->chunk_btree_k = 32;
    }
    /* As libhdf5: addresses are relative to where the superblock stands. */
    f->base = pos;
    /* libhdf5 stores the end of file as an absolute size (user block included). */
    (void)base;
    if (eofa != H5L_UNDEF) {
        absend = eofa;
        if (absend > f->size)
            return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: truncated file (end of file address %llu, %llu bytes present)",
                             h5l__ull(pos), h5l__ull(eofa), h5l__ull(f->size));
    }
    f->eof = eofa;
    if (f->root_addr == H5L_UNDEF)
        return h5l__fail(err, H5L_ECORRUPT, pos, "superblock at %llu: undefined root group address", h5l__ull(pos));
    if (f->ext_addr != H5L_UNDEF) return h5l__sb_ext_read(f, err);
    return H5L_OK;
}

/* ----------------------------------------------------------------------
 * 2.2 Object headers
 *
 *  v1:  version=1 | res | #messages (u16) | refcount (u32) | chunk0 size (u32) | pad 4
 *       messages, 8-aligned: type (u16) | size (u16) | flags (u8) | res 3 | body
 *  v2:  "OHDR" | version=2 | flags | [4 x u32 times if 0x20] | [max compact,
 *       min dense u16 if 0x10] | chunk0 size (1/2/4/8 bytes, flags & 3)
 *       messages: type (u8) | size (u16) | flags (u8) | [corder u16 if 0x04] | body
 *       lookup3 checksum (u32)
 *  continuation (0x10): address (O) | length (L) -> v1: bare messages;
 *       v2: "OCHK" | messages | checksum
 * ---------------------------------------------------------------------- */

typedef struct h5l__msg {
    unsigned type, flags;
    const uint8_t *p;          /* body, inside the file */
    size_t size;
    uint64_t off;              /* absolute offset of the body */
    int has_corder;
    uint16_t corder;
} h5l__msg;

typedef struct h5l__chunk { uint64_t addr, len; } h5l__chunk;

/* msgs and chunks are kept (capacity) across h5l__oh_load calls on the same
 * h5l__oh: reloading headers one after another allocates nothing. */
typedef struct h5l__oh {
    unsigned version, flags;
    uint32_t refcount;
    h5l__msg *msgs;
    size_t n, cap;
    h5l__chunk *chunks;
    size_t chunkcap;
} h5l__oh;

static void h5l__oh_free(const h5l_file *f, h5l__oh *oh)
{
    h5l__free(&f->alloc, oh->msgs);
    h5l__free(&f->alloc, oh->chunks);
    oh->msgs = NULL;
    oh->chunks = NULL;
    oh->n = oh->cap = oh->chunkcap = 0;
}

enum {
    H5L__M_NIL = 0x00, H5L__M_SPACE = 0x01, H5L__M_LINFO = 0x02, H5L__M_DTYPE = 0x03, H5L__M_FILL_OLD = 0x04,
    H5L__M_FILL = 0x05, H5L__M_LINK = 0x06, H5L__M_EFL = 0x07, H5L__M_LAYOUT = 0x08, H5L__M_BOGUS = 0x09,
    H5L__M_GINFO = 0x0A, H5L__M_PLINE = 0x0B, H5L__M_ATTR = 0x0C, H5L__M_COMMENT = 0x0D, H5L__M_MTIME_OLD = 0x0E,
    H5L__M_SHMTABLE = 0x0F, H5L__M_CONT = 0x10, H5L__M_STAB = 0x11, H5L__M_MTIME = 0x12, H5L__M_BTREEK = 0x13,
    H5L__M_DRVINFO = 0x14, H5L__M_AINFO = 0x15, H5L__M_REFCOUNT = 0x16, H5L__M_FSINFO = 0x17, H5L__M_LAST_KNOWN = 0x18
};

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
                                uint64_t off, h5l__chunk **chunksp, size_t *nchunks, size_t *chunkcap, h5l_error *err)
{
    size_t pos = 0;
    unsigned hsz = oh->version == 1 ? 8u : ((oh->flags & 0x04) ? 6u : 4u);
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
            if (oh->flags & 0x04) { m.has_corder = 1; m.corder = h5l__ld16(h + 4); }
        }
        pos += hsz;
        if (m.size > len - pos)
            return h5l__fail(err, H5L_ECORRUPT, off + pos, "object header at %llu: message of %zu bytes at %llu overruns its chunk",
                             h5l__ull(hdr_off), m.size, h5l__ull(off + pos));
        m.p = p + pos;
        m.off = off + pos;
        pos += m.size;
        if (m.type == H5L__M_CONT) {
            h5l__cur c;
            uint64_t ca, cl;
            size_t i;
            h5l__chunk *chunks = *chunksp;
            h5l__cur_init(&c, m.p, m.size);
            ca = h5l__cur_addr(&c, f);
            cl = h5l__cur_len(&c, f);
            if (c.bad || ca == H5L_UNDEF || cl == 0)
                return h5l__fail(err, H5L_ECORRUPT, m.off, "object header at %llu: bad continuation message at %llu",
                                 h5l__ull(hdr_off), h5l__ull(m.off));
            if (!h5l__at(f, ca, cl))
                return h5l__fail(err, H5L_ECORRUPT, m.off, "object header at %llu: continuation chunk %llu+%llu outside the file",
                                 h5l__ull(hdr_off), h5l__ull(ca), h5l__ull(cl));
            for (i = 0; i < *nchunks; i++)
                if (chunks[i].addr == ca)
                    return h5l__fail(err, H5L_ECORRUPT, m.off, "object header at %llu: continuation cycle to %llu", h5l__ull(hdr_off), h5l__ull(ca));
            if (*nchunks >= H5L__MAX_CHUNKS)
                return h5l__fail(err, H5L_ECORRUPT, m.off, "object header at %llu: more than %d chunks", h5l__ull(hdr_off), H5L__MAX_CHUNKS);
            if (h5l__grow(&f->alloc, (void **)chunksp, chunkcap, *nchunks + 1, sizeof **chunksp) != 0)
                return h5l__fail(err, H5L_ENOMEM, m.off, "object header: out of memory");
            chunks = *chunksp;
            chunks[*nchunks].addr = ca;
            chunks[*nchunks].len = cl;
            (*nchunks)++;
            continue;
        }
        if (m.type == H5L__M_NIL) continue;
        if (m.type > H5L__M_LAST_KNOWN && (m.flags & 0x80))
            return h5l__fail(err, H5L_EUNSUPPORTED, m.off, "object header at %llu: unknown message type %u marked fail-if-unknown",
                             h5l__ull(hdr_off), m.type);
        if (m.type == H5L__M_REFCOUNT) {
            if (m.size >= 5 && m.p[0] == 0) oh->refcount = h5l__ld32(m.p + 1);
            continue;
        }
        st = h5l__oh_add(f, oh, &m, err);
        if (st != H5L_OK) return st;
    }
    if (oh->version == 1 && pos != len)
        return h5l__fail(err, H5L_ECORRUPT, off + pos, "object header at %llu: gap of %zu bytes at the end of a chunk",
                         h5l__ull(hdr_off), len - pos);
    return H5L_OK;
}

/* Read the header at addr into oh, reusing oh's buffers (oh zeroed or
 * loaded before). On error oh is freed. */
static h5l_status h5l__oh_load(const h5l_file *f, uint64_t addr, h5l__oh *oh, h5l_error *err)
{
    const uint8_t *p;
    uint64_t hoff = h5l__abs(f, addr);
    h5l__chunk *chunks = oh->chunks;
    size_t nchunks = 1, ci, chunkcap = oh->chunkcap;
    h5l_status st = H5L_OK;

    oh->chunks = NULL;
    oh->chunkcap = 0;
    oh->n = 0;
    oh->version = oh->flags = 0;
    oh->refcount = 0;
    p = h5l__at(f, addr, 16);
    if (!p) {
        st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: outside the file", h5l__ull(addr));
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
        if (!h5l__at(f, addr, 16 + c0)) {
            st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: chunk of %llu bytes outside the file", h5l__ull(hoff), h5l__ull(c0));
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
        if (oh->version != 2 || (oh->flags & 0xC0)) {
            st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: bad version %u or flags 0x%x", h5l__ull(hoff), oh->version, oh->flags);
            goto done;
        }
        h5l__cur_init(&c, p, (size_t)(have > SIZE_MAX ? SIZE_MAX : have));
        h5l__cur_skip(&c, 6);
        if (oh->flags & 0x20) h5l__cur_skip(&c, 16);
        if (oh->flags & 0x10) h5l__cur_skip(&c, 4);
        szw = 1u << (oh->flags & 3);
        c0 = h5l__cur_un(&c, szw);
        pre = (size_t)(c.p - p);
        if (c.bad || c0 > have || (uint64_t)pre + c0 + 4 > have) {
            st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: truncated", h5l__ull(hoff));
            goto done;
        }
        if (h5l__lookup3(p, pre + (size_t)c0, 0) != h5l__ld32(p + pre + (size_t)c0)) {
            st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: checksum mismatch", h5l__ull(hoff));
            goto done;
        }
        st = h5l__oh_chunk(f, oh, hoff, p + pre, (size_t)c0, hoff + pre, &chunks, &nchunks, &chunkcap, err);
    } else {
        st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: unknown version %u", h5l__ull(hoff), p[0]);
        goto done;
    }
    for (ci = 1; st == H5L_OK && ci < nchunks; ci++) {
        uint64_t ca = chunks[ci].addr, cl = chunks[ci].len, coff = h5l__abs(f, ca);
        const uint8_t *q = h5l__at(f, ca, cl);
        if (!q || cl > SIZE_MAX) {
            st = h5l__fail(err, H5L_ECORRUPT, coff, "object header at %llu: continuation chunk outside the file", h5l__ull(hoff));
            break;
        }
        if (oh->version == 1) {
            st = h5l__oh_chunk(f, oh, hoff, q, (size_t)cl, coff, &chunks, &nchunks, &chunkcap, err);
        } else {
            if (cl < 8 || memcmp(q, "OCHK", 4) != 0) {
                st = h5l__fail(err, H5L_ECORRUPT, coff, "object header at %llu: continuation chunk at %llu lacks OCHK", h5l__ull(hoff), h5l__ull(coff));
                break;
            }
            if (h5l__lookup3(q, (size_t)cl - 4, 0) != h5l__ld32(q + cl - 4)) {
                st = h5l__fail(err, H5L_ECORRUPT, coff, "object header continuation at %llu: checksum mismatch", h5l__ull(coff));
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
    return h5l__oh_load(f, addr, oh, err);
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
        return h5l__fail(err, H5L_ECORRUPT, id_off, "shared message at %llu: in the shared-message heap, but the file has no superblock extension",
                         h5l__ull(id_off));
    st = h5l__oh_read(f, f->ext_addr, &oh, err);
    if (st != H5L_OK) return st;
    for (i = 0; i < oh.n; i++) {
        const h5l__msg *m = &oh.msgs[i];
        if (m->type != H5L__M_SHMTABLE) continue;
        h5l__cur_init(&c, m->p, m->size);
        if (h5l__cur_u8(&c) != 0) {
            st = h5l__fail(err, H5L_ECORRUPT, m->off, "shared message table message at %llu: bad version", h5l__ull(m->off));
            break;
        }
        tab = h5l__cur_addr(&c, f);
        nidx = h5l__cur_u8(&c);
        if (c.bad || tab == H5L_UNDEF || nidx == 0 || nidx > H5L__SOHM_MAX_INDEXES)
            st = h5l__fail(err, H5L_ECORRUPT, m->off, "shared message table message at %llu: truncated, undefined address or %u indexes",
                           h5l__ull(m->off), nidx);
        break;
    }
    h5l__oh_free(f, &oh);
    if (st != H5L_OK) return st;
    if (tab == H5L_UNDEF)
        return h5l__fail(err, H5L_ECORRUPT, id_off, "shared message at %llu: in the shared-message heap, but the file has no shared message table",
                         h5l__ull(id_off));
    toff = h5l__abs(f, tab);
    tlen = 4 + (uint64_t)nidx * (14u + 2u * f->so) + 4;
    t = h5l__at(f, tab, tlen);
    if (!t) return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: outside the file", h5l__ull(toff));
    if (memcmp(t, "SMTB", 4) != 0)
        return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: bad signature", h5l__ull(toff));
    if (h5l__lookup3(t, (size_t)tlen - 4, 0) != h5l__ld32(t + tlen - 4))
        return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: checksum mismatch", h5l__ull(toff));
    h5l__cur_init(&c, t + 4, (size_t)tlen - 8);
    for (u = 0; u < nidx; u++) {
        unsigned ver = h5l__cur_u8(&c), itype = h5l__cur_u8(&c), flags = h5l__cur_u16(&c);
        uint64_t haddr;
        h5l__cur_skip(&c, 4 + 2 + 2 + 2);
        (void)h5l__cur_addr(&c, f); /* list or B-tree index: not needed to fetch a message by its heap ID */
        haddr = h5l__cur_addr(&c, f);
        if (c.bad || ver != 0 || itype > 1)
            return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: index %u has bad version %u or type %u", h5l__ull(toff),
                             u, ver, itype);
        if (type < 16 && (flags & (1u << type))) {
            if (found)
                return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: message type %u in two indexes", h5l__ull(toff), type);
            found = 1;
            heap = haddr;
        }
    }
    if (!found)
        return h5l__fail(err, H5L_ECORRUPT, id_off, "shared message at %llu: no shared-message index holds message type %u", h5l__ull(id_off),
                         type);
    if (heap == H5L_UNDEF)
        return h5l__fail(err, H5L_ECORRUPT, toff, "shared message table at %llu: undefined heap for message type %u", h5l__ull(toff), type);
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
                return h5l__fail(err, H5L_ECORRUPT, *poff, "shared message at %llu: truncated heap ID", h5l__ull(*poff));
            /* the heap holds the message body itself, never shared again */
            return h5l__sohm_get(f, type, id, *poff + 2, pp, plen, poff, err);
        } else if (ver != 2 && !(ver == 3 && kind == 2))
            return h5l__fail(err, H5L_ECORRUPT, *poff, "shared message at %llu: bad version %u / type %u", h5l__ull(*poff), ver, kind);
        a = h5l__cur_addr(&c, f);
        if (c.bad || a == H5L_UNDEF)
            return h5l__fail(err, H5L_ECORRUPT, *poff, "shared message at %llu: truncated or undefined address", h5l__ull(*poff));
        if (++depth > H5L__MAX_SHARED_DEPTH)
            return h5l__fail(err, H5L_ECORRUPT, *poff, "shared message at %llu: too many levels of sharing", h5l__ull(*poff));
        st = h5l__oh_read(f, a, &oh, err);
        if (st != H5L_OK) return st;
        for (i = 0; i < oh.n; i++)
            if (oh.msgs[i].type == type) {
                *pp = oh.msgs[i].p;
                *plen = oh.msgs[i].size;
                *poff = oh.msgs[i].off;
                found = !(oh.msgs[i].flags & 0x02) ? 1 : 2;
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
 * 2.3 Messages
 * ---------------------------------------------------------------------- */

/* Dataspace (0x01)
 *  v1: version | rank | flags (1 max dims, 2 perm) | res | res (u32) | dims (L) | [max (L)] | [perm (L)]
 *  v2: version | rank | flags | type (0 scalar, 1 simple, 2 null) | dims (L) | [max (L)]  */
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
        return h5l__fail(err, H5L_ECORRUPT, off, "dataspace at %llu: bad version %u", h5l__ull(off), ver);
    }
    if (rank > H5L_MAX_RANK) return h5l__fail(err, H5L_ECORRUPT, off, "dataspace at %llu: rank %u > 32", h5l__ull(off), rank);
    if (type > 2 || (type != 1 && rank != 0))
        return h5l__fail(err, H5L_ECORRUPT, off, "dataspace at %llu: bad type %u for rank %u", h5l__ull(off), type, rank);
    s->kind = type == 0 ? H5L_SPACE_SCALAR : type == 1 ? H5L_SPACE_SIMPLE : H5L_SPACE_NULL;
    s->rank = rank;
    s->npoints = type == 0 ? 1 : type == 2 ? 0 : 1;
    if (rank) {
        /* dims and maxdims sized by rank; maxdims shares dims when not stored */
        dims = (uint64_t *)h5l__arena_alloc(ar, (flags & 1 ? 2u : 1u) * rank * sizeof *dims);
        if (!dims) return h5l__fail(err, H5L_ENOMEM, off, "dataspace: out of memory");
        maxdims = flags & 1 ? dims + rank : dims;
        s->dims = dims;
        s->maxdims = maxdims;
    }
    for (i = 0; i < rank; i++) {
        dims[i] = h5l__cur_len(&c, f);
        if (h5l__mul_ovf(s->npoints, dims[i], &s->npoints))
            return h5l__fail(err, H5L_ECORRUPT, off, "dataspace at %llu: number of elements overflows", h5l__ull(off));
    }
    for (i = 0; (flags & 1) && i < rank; i++) {
        const uint8_t *q = h5l__cur_take(&c, f->sl);
        unsigned k, ones = 1;
        uint64_t v = q ? h5l__ldn(q, f->sl) : 0;
        for (k = 0; q && k < f->sl; k++) if (q[k] != 0xff) ones = 0;
        maxdims[i] = ones ? UINT64_MAX : v;
    }
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, off, "dataspace at %llu: truncated", h5l__ull(off));
    return H5L_OK;
}

/* Datatype (0x03)
 *  class+version (u8) | class bits (3 bytes) | size (u32) | properties by class:
 *  integer/bitfield: offset (u16) precision (u16); float: + exp pos, exp size,
 *  mant pos, mant size (u8 each), bias (u32); time: precision (u16);
 *  opaque: tag (bits&0xff bytes); compound: members (name, offset, [v1 dims], type);
 *  enum: base, names, values; vlen: base; array: rank, dims (u32), [v2 perm], base. */
typedef struct h5l__dctx {
    const h5l_file *f;
    h5l__arena *ar;
    h5l_error *err;
    uint64_t off;              /* absolute offset of the message, for errors */
} h5l__dctx;

static h5l_status h5l__dtype_corrupt(h5l__dctx *d, const char *why)
{
    return h5l__fail(d->err, H5L_ECORRUPT, d->off, "datatype at %llu: %s", h5l__ull(d->off), why);
}

static h5l_status h5l__dtype_nomem(h5l__dctx *d)
{
    return h5l__fail(d->err, H5L_ENOMEM, d->off, "datatype at %llu: out of memory", h5l__ull(d->off));
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

static h5l_status h5l__dtype_decode(h5l__dctx *d, h5l__cur *c, unsigned depth, h5l_dtype **out);

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

static h5l_status h5l__dtype_decode(h5l__dctx *d, h5l__cur *c, unsigned depth, h5l_dtype **out)
{
    unsigned b0, ver, cls, i;
    uint32_t bits;
    h5l_dtype *t;
    h5l_status st;
    if (depth > H5L__MAX_TYPE_DEPTH) return h5l__dtype_corrupt(d, "nested too deeply");
    b0 = h5l__cur_u8(c);
    bits = (uint32_t)h5l__cur_u8(c);
    bits |= (uint32_t)h5l__cur_u8(c) << 8;
    bits |= (uint32_t)h5l__cur_u8(c) << 16;
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
        t->order = (bits & 1) ? H5L_BE : H5L_LE;
        t->is_signed = cls == H5L_CLASS_INTEGER && (bits & 8) ? 1 : 0;
        t->bit_offset = h5l__cur_u16(c);
        t->precision = h5l__cur_u16(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated integer properties");
        if (t->size > 4096 || (uint64_t)t->bit_offset + t->precision > t->size * 8)
            return h5l__dtype_corrupt(d, "integer precision/offset exceed its size");
        break;
    case H5L_CLASS_FLOAT:
        if (bits & 0x40) return h5l__fail(d->err, H5L_EUNSUPPORTED, d->off, "datatype at %llu: VAX float order", h5l__ull(d->off));
        t->order = (bits & 1) ? H5L_BE : H5L_LE;
        t->mant_norm = (uint8_t)((bits >> 4) & 3);
        t->sign_pos = (uint8_t)((bits >> 8) & 0xff);
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
        t->order = (bits & 1) ? H5L_BE : H5L_LE;
        t->precision = h5l__cur_u16(c);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated time properties");
        break;
    case H5L_CLASS_STRING:
        t->pad = (h5l_strpad)((bits & 15) <= 2 ? (bits & 15) : 0);
        t->cset = ((bits >> 4) & 15) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
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
    case H5L_CLASS_COMPOUND: {
        unsigned n = bits & 0xffff;
        h5l_member *m;
        if (n == 0) return h5l__dtype_corrupt(d, "compound without members");
        if ((size_t)n > h5l__cur_left(c) / 8) return h5l__dtype_corrupt(d, "more compound members than bytes");
        m = (h5l_member *)h5l__arena_alloc(d->ar, n * sizeof *m);
        if (!m) return h5l__dtype_nomem(d);
        for (i = 0; i < n; i++) {
            h5l_dtype *mt;
            unsigned nd = 0, k;
            uint64_t dims[4];
            m[i].name = h5l__dtype_name(d, c, ver);
            if (!m[i].name) return c->bad ? h5l__dtype_corrupt(d, "bad member name") : h5l__dtype_nomem(d);
            if (ver >= 3) {
                unsigned w = 1;
                while (w < 8 && (t->size >> (8 * w)) != 0) w++;
                m[i].offset = h5l__cur_un(c, w);
            } else {
                m[i].offset = h5l__cur_u32(c);
            }
            if (ver == 1) {
                nd = h5l__cur_u8(c);
                h5l__cur_skip(c, 3 + 4 + 4);
                for (k = 0; k < 4; k++) dims[k] = h5l__cur_u32(c);
                if (nd > 4) return h5l__dtype_corrupt(d, "compound member rank > 4");
            }
            if (c->bad) return h5l__dtype_corrupt(d, "truncated compound member");
            st = h5l__dtype_decode(d, c, depth + 1, &mt);
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
        break;
    }
    case H5L_CLASS_REFERENCE:
        t->ref_type = bits & 15;
        break;
    case H5L_CLASS_ENUM: {
        unsigned n = bits & 0xffff;
        h5l_dtype *base;
        h5l_member *m;
        int has_f = 0, has_t = 0;
        st = h5l__dtype_decode(d, c, depth + 1, &base);
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
        break;
    }
    case H5L_CLASS_VLEN: {
        h5l_dtype *base;
        t->is_vlen_string = (bits & 15) == 1;
        t->pad = (h5l_strpad)(((bits >> 4) & 15) <= 2 ? ((bits >> 4) & 15) : 0);
        t->cset = ((bits >> 8) & 15) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
        st = h5l__dtype_decode(d, c, depth + 1, &base);
        if (st != H5L_OK) return st;
        t->base = base;
        if (t->size < 4u + d->f->so + 4u) return h5l__dtype_corrupt(d, "vlen element too small");
        break;
    }
    case H5L_CLASS_ARRAY: {
        unsigned rank;
        uint64_t dims[H5L_MAX_RANK], n;
        h5l_dtype *base, *arr;
        if (ver < 2) return h5l__dtype_corrupt(d, "array type of version 1");
        rank = h5l__cur_u8(c);
        if (rank == 0 || rank > H5L_MAX_RANK) return h5l__dtype_corrupt(d, "bad array rank");
        if (ver == 2) h5l__cur_skip(c, 3);
        for (i = 0; i < rank; i++) dims[i] = h5l__cur_u32(c);
        if (ver == 2) h5l__cur_skip(c, 4 * (size_t)rank);
        if (c->bad) return h5l__dtype_corrupt(d, "truncated array properties");
        st = h5l__dtype_decode(d, c, depth + 1, &base);
        if (st != H5L_OK) return st;
        st = h5l__dtype_array_of(d, base, rank, dims, &arr);
        if (st != H5L_OK) return st;
        n = arr->size;
        if (n != t->size) return h5l__dtype_corrupt(d, "array size differs from base size x dims");
        *out = arr;
        return H5L_OK;
    }
    default:
        if (cls == 11 && ver >= 5)
            return h5l__fail(d->err, H5L_EUNSUPPORTED, d->off, "datatype at %llu: complex number class is not supported", h5l__ull(d->off));
        return h5l__fail(d->err, H5L_ECORRUPT, d->off, "datatype at %llu: unknown class %u", h5l__ull(d->off), cls);
    }
    *out = t;
    return H5L_OK;
}

/* Decode a datatype message body (resolving a committed/shared type). */
static h5l_status h5l__dtype_msg(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, int shared,
                                 h5l_dtype **out, h5l_error *err)
{
    h5l__dctx d;
    h5l__cur c;
    if (shared) {
        h5l_status st = h5l__msg_unshare(f, H5L__M_DTYPE, &p, &len, &off, 0, err);
        if (st != H5L_OK) return st;
    }
    d.f = f;
    d.ar = ar;
    d.err = err;
    d.off = off;
    h5l__cur_init(&c, p, len);
    return h5l__dtype_decode(&d, &c, 0, out);
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

/* Convert count elements of t at p to host order (recursive, bounded by the type tree's depth). */
static void h5l__native(const h5l_dtype *t, uint8_t *p, uint64_t count, int host_be)
{
    uint64_t i;
    switch (t->cls) {
    case H5L_CLASS_INTEGER:
    case H5L_CLASS_FLOAT:
    case H5L_CLASS_BITFIELD:
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

/* Fill value. Old (0x04): size (u32) | value.
 * New (0x05) v1/v2: version | alloc time | fill time | defined | [size (u32) | value]
 *   (v1: size always present; v2: only when defined)
 * v3: version | flags (bit 4 undefined, bit 5 value present) | [size (u32) | value] */
static h5l_status h5l__fill_decode(const uint8_t *p, size_t len, uint64_t off, int old, h5l_dataset_info *di, h5l_error *err)
{
    h5l__cur c;
    uint32_t sz = 0;
    int has = 0;
    h5l__cur_init(&c, p, len);
    di->fill_defined = 0;
    di->fill_value = NULL;
    di->fill_size = 0;
    if (old) {
        has = 1;
    } else {
        unsigned ver = h5l__cur_u8(&c);
        if (ver == 1 || ver == 2) {
            unsigned defined;
            h5l__cur_skip(&c, 2);
            defined = h5l__cur_u8(&c);
            has = ver == 1 || defined;
            di->fill_defined = defined ? 1 : 0;
        } else if (ver == 3) {
            unsigned fl = h5l__cur_u8(&c);
            has = (fl & 0x20) != 0;
            di->fill_defined = !(fl & 0x10);
        } else {
            return h5l__fail(err, H5L_ECORRUPT, off, "fill value message at %llu: bad version %u", h5l__ull(off), ver);
        }
    }
    if (has) {
        sz = h5l__cur_u32(&c);
        if (sz) {
            const uint8_t *v = h5l__cur_take(&c, sz);
            if (!v) return h5l__fail(err, H5L_ECORRUPT, off, "fill value message at %llu: value overruns the message", h5l__ull(off));
            di->fill_value = v;
            di->fill_size = sz;
        }
        if (old) di->fill_defined = 1;
    }
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, off, "fill value message at %llu: truncated", h5l__ull(off));
    return H5L_OK;
}

/* Data layout (0x08)
 *  v1/v2: version | ndims | class | res 5 | [address (O) unless compact] | dims (u32 x ndims)
 *         | compact: size (u32) | data
 *  v3/v4: version | class | compact: size (u16) | data
 *                        | contiguous: address (O) | size (L)
 *                        | chunked v3: ndims | address (O) | dims (u32 x ndims)
 *                        | chunked v4/v5: flags | ndims | dim width | dims | index type | index info | address
 *                        | virtual (v4): heap address (O) | index (u32) */
static h5l_status h5l__layout_decode(const h5l_file *f, h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off,
                                     h5l_dataset_info *di, uint64_t *addr, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, cls, i;
    uint64_t *cd;
    di->chunk_dims = h5l__zero_dims;
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    *addr = H5L_UNDEF;
    di->offset = H5L_NO_OFFSET;
    if (ver == 1 || ver == 2) {
        unsigned nd = h5l__cur_u8(&c);
        cls = h5l__cur_u8(&c);
        h5l__cur_skip(&c, 5);
        if (cls > 2 || nd == 0 || nd > H5L_MAX_RANK + 1)
            return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: bad class %u or rank %u", h5l__ull(off), cls, nd);
        di->layout = (h5l_layout)cls;
        if (cls != 0) *addr = h5l__cur_addr(&c, f);
        if (cls == 1) di->storage_size = UINT64_MAX; /* computed by the caller */
        if (cls == 2) {
            di->chunk_rank = nd;
            if (!(cd = (uint64_t *)h5l__arena_alloc(ar, nd * sizeof *cd))) return h5l__fail(err, H5L_ENOMEM, off, "layout: out of memory");
            di->chunk_dims = cd;
            for (i = 0; i < nd; i++) cd[i] = h5l__cur_u32(&c);
            di->chunk_index = 0;
        } else {
            h5l__cur_skip(&c, 4 * (size_t)nd);
        }
        if (cls == 0) {
            uint32_t sz = h5l__cur_u32(&c);
            const uint8_t *d = h5l__cur_take(&c, sz);
            if (!d && sz) return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: compact data overruns", h5l__ull(off));
            di->data = d;
            di->storage_size = sz;
        }
    } else if (ver >= 3 && ver <= 5) {
        /* v5 (libhdf5 2.0, filtered chunked datasets) is laid out as v4; only
         * the chunk index records differ (filtered chunk sizes always 8 bytes). */
        cls = h5l__cur_u8(&c);
        if (cls > 3 || (cls == 3 && ver < 4))
            return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: bad class %u", h5l__ull(off), cls);
        di->layout = (h5l_layout)cls;
        if (cls == 0) {
            uint16_t sz = h5l__cur_u16(&c);
            const uint8_t *d = h5l__cur_take(&c, sz);
            if (!d && sz) return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: compact data overruns", h5l__ull(off));
            di->data = d;
            di->storage_size = sz;
        } else if (cls == 1) {
            *addr = h5l__cur_addr(&c, f);
            di->storage_size = h5l__cur_len(&c, f);
        } else if (cls == 2 && ver == 3) {
            unsigned nd = h5l__cur_u8(&c);
            if (nd == 0 || nd > H5L_MAX_RANK + 1)
                return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: bad chunk rank %u", h5l__ull(off), nd);
            *addr = h5l__cur_addr(&c, f);
            di->chunk_rank = nd;
            if (!(cd = (uint64_t *)h5l__arena_alloc(ar, nd * sizeof *cd))) return h5l__fail(err, H5L_ENOMEM, off, "layout: out of memory");
            di->chunk_dims = cd;
            for (i = 0; i < nd; i++) cd[i] = h5l__cur_u32(&c);
            di->chunk_index = 0;
        } else if (cls == 2) {
            unsigned fl, nd, w, it;
            fl = h5l__cur_u8(&c);
            nd = h5l__cur_u8(&c);
            w = h5l__cur_u8(&c);
            if (nd == 0 || nd > H5L_MAX_RANK + 1 || w == 0 || w > 8)
                return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: bad chunk rank %u / width %u", h5l__ull(off), nd, w);
            di->chunk_rank = nd;
            if (!(cd = (uint64_t *)h5l__arena_alloc(ar, nd * sizeof *cd))) return h5l__fail(err, H5L_ENOMEM, off, "layout: out of memory");
            di->chunk_dims = cd;
            for (i = 0; i < nd; i++) cd[i] = h5l__cur_un(&c, w);
            it = h5l__cur_u8(&c);
            di->chunk_index = it;
            switch (it) {
            case 1: if (fl & 2) { (void)h5l__cur_len(&c, f); h5l__cur_skip(&c, 4); } break;
            case 2: break;
            case 3: h5l__cur_skip(&c, 1); break;
            case 4: h5l__cur_skip(&c, 5); break;
            case 5: h5l__cur_skip(&c, 6); break;
            default:
                return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: unknown chunk index type %u", h5l__ull(off), it);
            }
            *addr = h5l__cur_addr(&c, f);
        } else {
            *addr = h5l__cur_addr(&c, f);
            h5l__cur_skip(&c, 4);
        }
    } else {
        return h5l__fail(err, H5L_EUNSUPPORTED, off, "layout message at %llu: version %u not supported", h5l__ull(off), ver);
    }
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, off, "layout message at %llu: truncated", h5l__ull(off));
    return H5L_OK;
}

/* Filter pipeline (0x0B)
 *  v1: version | n | res 6 | per filter: id (u16) | name len (u16) | flags (u16) | ncd (u16)
 *      | name (padded to 8) | cd (u32 x ncd) | [pad u32 if ncd odd]
 *  v2: version | n | per filter: id | [name len if id >= 256] | flags | ncd | [name] | cd */
static h5l_status h5l__pline_decode(h5l__arena *ar, const uint8_t *p, size_t len, uint64_t off, h5l_dataset_info *di, h5l_error *err)
{
    h5l__cur c;
    unsigned ver, n, i, k;
    h5l_filter *fl;
    h5l__cur_init(&c, p, len);
    ver = h5l__cur_u8(&c);
    n = h5l__cur_u8(&c);
    if (ver == 1) h5l__cur_skip(&c, 6);
    else if (ver != 2) return h5l__fail(err, H5L_ECORRUPT, off, "filter pipeline at %llu: bad version %u", h5l__ull(off), ver);
    if (n > 32) return h5l__fail(err, H5L_ECORRUPT, off, "filter pipeline at %llu: %u filters", h5l__ull(off), n);
    fl = (h5l_filter *)h5l__arena_alloc(ar, (n ? n : 1) * sizeof *fl);
    if (!fl) return h5l__fail(err, H5L_ENOMEM, off, "filter pipeline: out of memory");
    for (i = 0; i < n; i++) {
        unsigned nl = 0, ncd;
        uint32_t *cd;
        fl[i].id = h5l__cur_u16(&c);
        if (ver == 1 || fl[i].id >= 256) nl = h5l__cur_u16(&c);
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
            if (!fl[i].name) return h5l__fail(err, H5L_ENOMEM, off, "filter pipeline: out of memory");
        }
        if ((size_t)ncd > h5l__cur_left(&c) / 4) { c.bad = 1; break; }
        cd = (uint32_t *)h5l__arena_alloc(ar, (ncd ? ncd : 1) * sizeof *cd);
        if (!cd) return h5l__fail(err, H5L_ENOMEM, off, "filter pipeline: out of memory");
        for (k = 0; k < ncd; k++) cd[k] = h5l__cur_u32(&c);
        if (ver == 1 && (ncd & 1)) h5l__cur_skip(&c, 4);
        fl[i].ncd = ncd;
        fl[i].cd = cd;
    }
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, off, "filter pipeline at %llu: truncated", h5l__ull(off));
    di->nfilters = n;
    di->filters = fl;
    return H5L_OK;
}

/* Link (0x06): version=1 | flags (bits 0-1 name length width, 2 corder, 3 type, 4 cset)
 *  | [type u8] | [corder i64] | [cset u8] | name length | name
 *  | hard: address (O) | soft: len (u16) path | external/user: len (u16) data
 *  (external data: version/flags u8 | file NUL | object path NUL) */
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
    if (ver != 1 || (fl & 0xE0)) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: bad version %u or flags 0x%x", h5l__ull(off), ver, fl);
    if (fl & 0x08) l->type = h5l__cur_u8(&c);
    if (fl & 0x04) { l->has_corder = 1; l->corder = (int64_t)h5l__cur_u64(&c); }
    if (fl & 0x10) l->cset = h5l__cur_u8(&c) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
    nl = h5l__cur_un(&c, 1u << (fl & 3));
    if (nl == 0 || nl > h5l__cur_left(&c)) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: bad name length", h5l__ull(off));
    l->name = h5l__cur_take(&c, (size_t)nl);
    l->name_len = (size_t)nl;
    if (memchr(l->name, 0, l->name_len)) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: NUL in the name", h5l__ull(off));
    if (l->type == 0) {
        l->addr = h5l__cur_addr(&c, f);
    } else {
        unsigned vl = h5l__cur_u16(&c);
        const uint8_t *v = h5l__cur_take(&c, vl);
        if (!v) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: truncated link value", h5l__ull(off));
        if (l->type == 1) {
            l->target = v;
            l->target_len = vl;
        } else if (l->type == 64) {
            const uint8_t *z;
            if (vl < 1) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: empty external link", h5l__ull(off));
            z = (const uint8_t *)memchr(v + 1, 0, vl - 1u);
            if (!z) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: external link without file name end", h5l__ull(off));
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
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, off, "link message at %llu: truncated", h5l__ull(off));
    return H5L_OK;
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
 * 2.4 Objects and groups
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
typedef struct h5l__tcache {
    struct { const uint8_t *p; size_t len; unsigned flags; const h5l_dtype *t; } e[H5L__TCACHE_N];
    size_t n, next;
} h5l__tcache;

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
    h5l_dataset_info *dset;
    uint64_t data_addr;
    /* committed datatype */
    const h5l_dtype *dtype;
    h5l__scratch *scratch;
};

typedef struct h5l__lheap {
    const uint8_t *data;
    uint64_t size;
    uint64_t off;              /* absolute offset of the heap header */
} h5l__lheap;

static h5l_status h5l__lheap_load(const h5l_file *f, uint64_t addr, h5l__lheap *h, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 8 + 2 * (uint64_t)f->sl + f->so);
    uint64_t da;
    h5l__cur c;
    h->off = h5l__abs(f, addr);
    if (!p) return h5l__fail(err, H5L_ECORRUPT, h->off, "local heap at %llu: outside the file", h5l__ull(h->off));
    if (memcmp(p, "HEAP", 4) != 0 || p[4] != 0)
        return h5l__fail(err, H5L_ECORRUPT, h->off, "local heap at %llu: bad signature or version", h5l__ull(h->off));
    h5l__cur_init(&c, p + 8, 2 * (size_t)f->sl + f->so);
    h->size = h5l__cur_len(&c, f);
    (void)h5l__cur_len(&c, f);
    da = h5l__cur_addr(&c, f);
    h->data = h5l__at(f, da, h->size);
    if (!h->data || h->size == 0)
        return h5l__fail(err, H5L_ECORRUPT, h->off, "local heap at %llu: data segment %llu+%llu outside the file",
                         h5l__ull(h->off), h5l__ull(da), h5l__ull(h->size));
    return H5L_OK;
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

typedef struct h5l__btnode {
    unsigned level, n;
    const uint8_t *keys;       /* key i at keys + i * (L + O) ; child i at keys + L + i * (L + O) */
    uint64_t off;
} h5l__btnode;

static h5l_status h5l__btnode_load(const h5l_file *f, uint64_t addr, h5l__btnode *b, h5l_error *err)
{
    uint64_t hdr = 8 + 2 * (uint64_t)f->so, need;
    const uint8_t *p = h5l__at(f, addr, hdr);
    b->off = h5l__abs(f, addr);
    if (!p) return h5l__fail(err, H5L_ECORRUPT, b->off, "B-tree node at %llu: outside the file", h5l__ull(b->off));
    if (memcmp(p, "TREE", 4) != 0 || p[4] != 0)
        return h5l__fail(err, H5L_ECORRUPT, b->off, "B-tree node at %llu: bad signature or node type (group B-tree expected)", h5l__ull(b->off));
    b->level = p[5];
    b->n = h5l__ld16(p + 6);
    need = hdr + (uint64_t)b->n * (f->sl + f->so) + f->sl;
    p = h5l__at(f, addr, need);
    if (!p) return h5l__fail(err, H5L_ECORRUPT, b->off, "B-tree node at %llu: %u entries overrun the file", h5l__ull(b->off), b->n);
    b->keys = p + hdr;
    return H5L_OK;
}

static uint64_t h5l__bt_key(const h5l_file *f, const h5l__btnode *b, unsigned i)
{
    return h5l__ldn(b->keys + (size_t)i * (f->sl + f->so), f->sl);
}
static uint64_t h5l__bt_child(const h5l_file *f, const h5l__btnode *b, unsigned i)
{
    return h5l__ld_addr(f, b->keys + (size_t)i * (f->sl + f->so) + f->sl);
}

typedef struct h5l__snod {
    const uint8_t *ents;
    unsigned n;
    uint64_t off;
} h5l__snod;

static size_t h5l__ent_size(const h5l_file *f) { return (size_t)f->sl + f->so + 24; }

static h5l_status h5l__snod_load(const h5l_file *f, uint64_t addr, h5l__snod *s, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 8);
    s->off = h5l__abs(f, addr);
    if (!p || memcmp(p, "SNOD", 4) != 0 || p[4] != 1)
        return h5l__fail(err, H5L_ECORRUPT, s->off, "symbol node at %llu: bad signature, version or outside the file", h5l__ull(s->off));
    s->n = h5l__ld16(p + 6);
    if (s->n > 2u * f->sym_leaf_k)
        return h5l__fail(err, H5L_ECORRUPT, s->off, "symbol node at %llu: %u entries > %u", h5l__ull(s->off), s->n, 2u * f->sym_leaf_k);
    if (!h5l__at(f, addr, 8 + (uint64_t)s->n * h5l__ent_size(f)))
        return h5l__fail(err, H5L_ECORRUPT, s->off, "symbol node at %llu: entries overrun the file", h5l__ull(s->off));
    s->ents = p + 8;
    return H5L_OK;
}

/* A link from a symbol table entry (cache type 2 = soft link whose value is in the heap). */
static h5l_status h5l__ent_link(const h5l_file *f, const h5l__lheap *h, const uint8_t *e, uint64_t eoff, h5l_link *l, h5l_error *err)
{
    uint64_t no = h5l__ldn(e, f->sl);
    uint32_t cache = h5l__ld32(e + f->sl + f->so);
    memset(l, 0, sizeof *l);
    l->name = h5l__lheap_str(h, no, &l->name_len);
    if (!l->name || l->name_len == 0)
        return h5l__fail(err, H5L_ECORRUPT, eoff, "symbol table entry at %llu: name offset %llu outside the local heap at %llu",
                         h5l__ull(eoff), h5l__ull(no), h5l__ull(h->off));
    l->addr = h5l__ld_addr(f, e + f->sl);
    if (cache == 2) {
        uint32_t to = h5l__ld32(e + f->sl + f->so + 8);
        l->type = H5L_LINK_SOFT;
        l->target = h5l__lheap_str(h, to, NULL);
        l->addr = H5L_UNDEF;
        if (!l->target)
            return h5l__fail(err, H5L_ECORRUPT, eoff, "symbol table entry at %llu: soft link value outside the local heap", h5l__ull(eoff));
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
} h5l__stab_walk;

static h5l_status h5l__stab_visit(h5l__stab_walk *w, uint64_t addr, int expect_level, unsigned depth, h5l_error *err)
{
    const h5l_file *f = w->f;
    h5l__btnode b;
    h5l_status st;
    unsigned i;
    if (depth > H5L__MAX_BTREE_DEPTH || w->budget == 0)
        return h5l__fail(err, H5L_ECORRUPT, h5l__abs(f, addr), "group B-tree at %llu: too deep or too many nodes (cycle?)", h5l__ull(h5l__abs(f, addr)));
    w->budget--;
    st = h5l__btnode_load(f, addr, &b, err);
    if (st != H5L_OK) return st;
    if (expect_level >= 0 && b.level != (unsigned)expect_level)
        return h5l__fail(err, H5L_ECORRUPT, b.off, "B-tree node at %llu: level %u where %d expected", h5l__ull(b.off), b.level, expect_level);
    for (i = 0; i < b.n && !w->stop; i++) {
        uint64_t ch = h5l__bt_child(f, &b, i);
        if (b.level > 0) {
            st = h5l__stab_visit(w, ch, (int)b.level - 1, depth + 1, err);
            if (st != H5L_OK) return st;
        } else {
            h5l__snod s;
            unsigned k;
            if (w->budget == 0) return h5l__fail(err, H5L_ECORRUPT, b.off, "group B-tree at %llu: too many nodes", h5l__ull(b.off));
            w->budget--;
            st = h5l__snod_load(f, ch, &s, err);
            if (st != H5L_OK) return st;
            for (k = 0; k < s.n && !w->stop; k++) {
                h5l_link l;
                const uint8_t *e = s.ents + (size_t)k * h5l__ent_size(f);
                st = h5l__ent_link(f, &w->heap, e, s.off + 8 + (uint64_t)k * h5l__ent_size(f), &l, err);
                if (st != H5L_OK) return st;
                st = w->fn(w->ctx, &l, &w->stop, err);
                if (st != H5L_OK) return st;
            }
        }
    }
    return H5L_OK;
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
    st = h5l__lheap_load(f, heap, &w.heap, err);
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
    st = h5l__lheap_load(f, heap, &h, err);
    if (st != H5L_OK) return st;
    for (;;) {
        unsigned lo = 0, hi, found = UINT_MAX;
        if (++depth > H5L__MAX_BTREE_DEPTH)
            return h5l__fail(err, H5L_ECORRUPT, h5l__abs(f, addr), "group B-tree at %llu: too deep", h5l__ull(h5l__abs(f, addr)));
        st = h5l__btnode_load(f, addr, &b, err);
        if (st != H5L_OK) return st;
        if (expect >= 0 && b.level != (unsigned)expect)
            return h5l__fail(err, H5L_ECORRUPT, b.off, "B-tree node at %llu: level %u where %d expected", h5l__ull(b.off), b.level, expect);
        hi = b.n;
        /* child i holds names in (key i, key i+1] */
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            const char *kl = h5l__lheap_str(&h, h5l__bt_key(f, &b, mid), NULL);
            const char *kr = h5l__lheap_str(&h, h5l__bt_key(f, &b, mid + 1), NULL);
            if (!kl || !kr) return h5l__fail(err, H5L_ECORRUPT, b.off, "B-tree node at %llu: key outside the local heap", h5l__ull(b.off));
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
        return h5l__fail(err, H5L_ECORRUPT, m->off, "%s info message at %llu: bad version %u or flags 0x%x", is_attr ? "attribute" : "link",
                         h5l__ull(m->off), ver, fl);
    *corder = fl & 1;
    if (fl & 1) h5l__cur_skip(&c, is_attr ? 2 : 8);
    *heap = h5l__cur_addr(&c, f);
    *name_bt2 = h5l__cur_addr(&c, f);
    *corder_bt2 = (fl & 2) ? h5l__cur_addr(&c, f) : H5L_UNDEF;
    if (c.bad) return h5l__fail(err, H5L_ECORRUPT, m->off, "%s info message at %llu: truncated", is_attr ? "attribute" : "link", h5l__ull(m->off));
    return H5L_OK;
}

/* Message body, unshared when flagged (committed message in another header). */
static h5l_status h5l__msg_body(const h5l_file *f, const h5l__msg *m, const uint8_t **p, size_t *len, uint64_t *off, h5l_error *err)
{
    *p = m->p;
    *len = m->size;
    *off = m->off;
    if (m->flags & 0x02) return h5l__msg_unshare(f, m->type, p, len, off, 0, err);
    return H5L_OK;
}

static h5l_status h5l__dataset_setup(h5l_obj *o, h5l_error *err)
{
    const h5l_file *f = o->f;
    h5l_dataset_info *di;
    const h5l__msg *ms = NULL, *mt = NULL, *ml = NULL, *mf = NULL, *mfo = NULL, *mp = NULL;
    const uint8_t *p;
    size_t len, i;
    uint64_t off, hoff = h5l__abs(f, o->addr);
    h5l_dtype *t;
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
        return h5l__fail(err, H5L_ECORRUPT, hoff, "dataset at %llu: no %s message", h5l__ull(hoff), ms ? "datatype" : "dataspace");
    di = (h5l_dataset_info *)h5l__arena_alloc(o->dar, sizeof *di);
    if (!di) return h5l__fail(err, H5L_ENOMEM, hoff, "dataset: out of memory");
    di->offset = H5L_NO_OFFSET;
    di->type_addr = H5L_NO_OFFSET;
    st = h5l__msg_body(f, ms, &p, &len, &off, err);
    if (st == H5L_OK) st = h5l__space_decode(f, o->dar, p, len, off, &di->space, err);
    if (st != H5L_OK) return st;
    if (mt->flags & 0x02) {
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
    {
        h5l__tcache *tc = o->tcache;
        size_t k;
        const h5l_dtype *ct = NULL;
        for (k = 0; tc && k < tc->n; k++)
            if (tc->e[k].len == mt->size && tc->e[k].flags == (mt->flags & 0x02u) && memcmp(tc->e[k].p, mt->p, mt->size) == 0) {
                ct = tc->e[k].t;
                break;
            }
        if (ct) {
            di->type = ct;
        } else {
            st = h5l__dtype_msg(f, o->dar, mt->p, mt->size, mt->off, (mt->flags & 0x02) != 0, &t, err);
            if (st != H5L_OK) return st;
            di->type = t;
            if (tc) {
                k = tc->n < H5L__TCACHE_N ? tc->n++ : (tc->next++ % H5L__TCACHE_N);
                tc->e[k].p = mt->p;
                tc->e[k].len = mt->size;
                tc->e[k].flags = mt->flags & 0x02u;
                tc->e[k].t = t;
            }
        }
    }
    st = h5l__msg_body(f, ml, &p, &len, &off, err);
    if (st == H5L_OK) st = h5l__layout_decode(f, o->dar, p, len, off, di, &o->data_addr, err);
    if (st != H5L_OK) return st;
    if (mf) {
        st = h5l__msg_body(f, mf, &p, &len, &off, err);
        if (st == H5L_OK) st = h5l__fill_decode(p, len, off, 0, di, err);
        if (st != H5L_OK) return st;
    } else if (mfo) {
        st = h5l__msg_body(f, mfo, &p, &len, &off, err);
        if (st == H5L_OK) st = h5l__fill_decode(p, len, off, 1, di, err);
        if (st != H5L_OK) return st;
    }
    if (mp) {
        st = h5l__msg_body(f, mp, &p, &len, &off, err);
        if (st == H5L_OK) st = h5l__pline_decode(o->dar, p, len, off, di, err);
        if (st != H5L_OK) return st;
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
                return h5l__fail(err, H5L_ECORRUPT, hoff, "dataset at %llu: size overflows", h5l__ull(hoff));
            di->storage_size = need;
        }
        di->allocated = o->data_addr != H5L_UNDEF;
        if (di->allocated && !di->external) {
            di->offset = h5l__abs(f, o->data_addr);
            di->data = h5l__at(f, o->data_addr, di->storage_size);
        }
        break;
    }
    default:
        di->allocated = o->data_addr != H5L_UNDEF;
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
    o->data_addr = H5L_UNDEF;
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
    st = h5l__oh_load(f, addr, &o->oh, err);
    for (i = 0; st == H5L_OK && i < o->oh.n; i++) {
        const h5l__msg *m = &o->oh.msgs[i];
        switch (m->type) {
        case H5L__M_STAB: {
            h5l__cur c;
            h5l__cur_init(&c, m->p, m->size);
            o->stab_btree = h5l__cur_addr(&c, f);
            o->stab_heap = h5l__cur_addr(&c, f);
            if (c.bad) st = h5l__fail(err, H5L_ECORRUPT, m->off, "symbol table message at %llu: truncated", h5l__ull(m->off));
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
            st = h5l__dtype_msg(f, &o->ar, mt->p, mt->size, mt->off, (mt->flags & 0x02) != 0, &t, err);
            o->dtype = t;
        } else if (addr == f->root_addr && f->root_stab_btree != H5L_UNDEF) {
            o->kind = H5L_OBJ_GROUP;
            o->has_stab = 1;
            o->stab_btree = f->root_stab_btree;
            o->stab_heap = f->root_stab_heap;
        } else {
            st = h5l__fail(err, H5L_ECORRUPT, hoff, "object header at %llu: neither a group, a dataset nor a datatype", h5l__ull(hoff));
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
    h5l__arena_free(&s->ar);
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
        s.f = f;
        s.fn = fn;
        s.ctx = ctx;
        h5l__arena_init(&s.ar, &f->alloc);
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
 * 2.5 Dataset values
 * ---------------------------------------------------------------------- */

h5l_status h5l_dataset_read_raw(const h5l_obj *d, uint64_t first, uint64_t count, void *buf, size_t bufsize, h5l_error *err)
{
    const h5l_dataset_info *di;
    uint64_t rows, rowsz, need, start, total, hoff;
    uint8_t *out = (uint8_t *)buf;
    h5l__clear(err);
    if (!d || d->kind != H5L_OBJ_DATASET || !d->dset) return h5l__fail(err, H5L_EINVAL, H5L_NO_OFFSET, "h5l_dataset_read_raw: not a dataset");
    di = d->dset;
    hoff = h5l__abs(d->f, d->addr);
    if (di->layout == H5L_LAYOUT_CHUNKED || di->layout == H5L_LAYOUT_VIRTUAL)
        return h5l__fail(err, H5L_EUNSUPPORTED, hoff, "dataset at %llu: %s storage cannot be read", h5l__ull(hoff),
                         di->layout == H5L_LAYOUT_CHUNKED ? "chunked" : "virtual");
    if (di->external) return h5l__fail(err, H5L_EUNSUPPORTED, hoff, "dataset at %llu: external storage cannot be read", h5l__ull(hoff));
    if (di->space.kind == H5L_SPACE_SIMPLE && di->space.rank > 0) {
        rows = di->space.dims[0];
        rowsz = rows ? di->space.npoints / rows : 0;
    } else {
        rows = di->space.kind == H5L_SPACE_NULL ? 0 : 1;
        rowsz = 1;
    }
    if (h5l__mul_ovf(rowsz, di->type->size, &rowsz) || h5l__mul_ovf(di->space.npoints, di->type->size, &total))
        return h5l__fail(err, H5L_ECORRUPT, hoff, "dataset at %llu: size overflows", h5l__ull(hoff));
    if (first > rows || count > rows - first)
        return h5l__fail(err, H5L_EINVAL, hoff, "dataset at %llu: rows %llu+%llu outside 0..%llu", h5l__ull(hoff), h5l__ull(first), h5l__ull(count), h5l__ull(rows));
    need = count * rowsz; /* <= total: cannot overflow */
    if ((buf == NULL && need) || need > bufsize)
        return h5l__fail(err, H5L_EINVAL, hoff, "dataset at %llu: buffer of %zu bytes < %llu needed", h5l__ull(hoff), bufsize, h5l__ull(need));
    if (need == 0) return H5L_OK;
    start = first * rowsz;
    if (di->layout == H5L_LAYOUT_CONTIGUOUS && !di->allocated) {
        uint64_t i;
        if (di->fill_value && di->fill_size == di->type->size) {
            for (i = 0; i < need; i += di->type->size) memcpy(out + i, di->fill_value, (size_t)di->type->size);
        } else {
            memset(out, 0, (size_t)need);
        }
        return H5L_OK;
    }
    if (di->storage_size != total)
        return h5l__fail(err, H5L_ECORRUPT, hoff, "dataset at %llu: storage of %llu bytes where %llu elements need %llu", h5l__ull(hoff),
                         h5l__ull(di->storage_size), h5l__ull(di->space.npoints), h5l__ull(total));
    if (!di->data)
        return h5l__fail(err, H5L_ECORRUPT, di->offset != H5L_NO_OFFSET ? di->offset : hoff, "dataset at %llu: data at %llu+%llu outside the file",
                         h5l__ull(hoff), h5l__ull(di->offset), h5l__ull(di->storage_size));
    memcpy(out, (const uint8_t *)di->data + start, (size_t)need);
    return H5L_OK;
}

h5l_status h5l_dataset_read(const h5l_obj *d, uint64_t first, uint64_t count, void *buf, size_t bufsize, h5l_error *err)
{
    h5l_status st = h5l_dataset_read_raw(d, first, count, buf, bufsize, err);
    const h5l_dataset_info *di;
    uint64_t rows, n;
    if (st != H5L_OK) return st;
    di = d->dset;
    if (di->space.kind == H5L_SPACE_SIMPLE && di->space.rank > 0) {
        rows = di->space.dims[0];
        n = rows ? di->space.npoints / rows * count : 0;
    } else {
        n = count;
    }
    h5l_to_native(di->type, buf, n);
    return H5L_OK;
}

/* ----------------------------------------------------------------------
 * 2.6 Global heap
 *  collection: "GCOL" | version 1 | res 3 | size (L, including this header)
 *  objects from offset align8(8+L): index (u16) | refcount (u16) | res 4 | size (L)
 *  | pad to 8 | data padded to 8
 *  index 0 = free space (ends the walk)
 *  vlen element: count (u32) | collection address (O) | object index (u32)
 * ---------------------------------------------------------------------- */

static h5l_status h5l__gheap_get(const h5l_file *f, uint64_t addr, uint32_t index, const uint8_t **data, uint64_t *size, h5l_error *err)
{
    const uint8_t *p = h5l__at(f, addr, 8 + (uint64_t)f->sl);
    uint64_t csize, pos, hoff = h5l__abs(f, addr);
    if (!p || memcmp(p, "GCOL", 4) != 0 || p[4] != 1)
        return h5l__fail(err, H5L_ECORRUPT, hoff, "global heap at %llu: bad signature/version or outside the file", h5l__ull(hoff));
    csize = h5l__ldn(p + 8, f->sl);
    if (csize < 8 + (uint64_t)f->sl || !h5l__at(f, addr, csize)) {
        /* be lenient like libhdf5 with a collection cut by the end of the file */
        uint64_t have = f->size - hoff;
        if (csize < 8 + (uint64_t)f->sl || have < 8 + (uint64_t)f->sl)
            return h5l__fail(err, H5L_ECORRUPT, hoff, "global heap at %llu: size %llu outside the file", h5l__ull(hoff), h5l__ull(csize));
        csize = have;
    }
    pos = 8 + (uint64_t)f->sl;
    pos = (pos + 7) & ~(uint64_t)7;
    while (pos + ((8 + (uint64_t)f->sl + 7) & ~(uint64_t)7) <= csize) {
        const uint8_t *o = p + pos;
        uint32_t idx = h5l__ld16(o);
        uint64_t osz = h5l__ldn(o + 8, f->sl), dstart = pos + ((8 + (uint64_t)f->sl + 7) & ~(uint64_t)7);
        if (idx == 0) break;
        if (osz > csize - dstart)
            return h5l__fail(err, H5L_ECORRUPT, hoff + pos, "global heap at %llu: object %u of %llu bytes overruns the collection",
                             h5l__ull(hoff), idx, h5l__ull(osz));
        if (idx == index) {
            *data = p + dstart;
            *size = osz;
            return H5L_OK;
        }
        pos = dstart + ((osz + 7) & ~(uint64_t)7);
    }
    return h5l__fail(err, H5L_ECORRUPT, hoff, "global heap at %llu: no object %u", h5l__ull(hoff), index);
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
    if (addr == 0 || addr == H5L_UNDEF || n == 0) return H5L_OK;
    st = h5l__gheap_get(f, addr, idx, &obj, &osz, err);
    if (st != H5L_OK) return st;
    bsz = t->is_vlen_string ? 1 : (t->base ? t->base->size : 1);
    if (h5l__mul_ovf(n, bsz, &need) || need > osz)
        return h5l__fail(err, H5L_ECORRUPT, h5l__abs(f, addr), "global heap at %llu: object %u has %llu bytes, %u elements need more",
                         h5l__ull(h5l__abs(f, addr)), idx, h5l__ull(osz), n);
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

/* ----------------------------------------------------------------------
 * 2.7 Attributes (0x0C)
 *  v1: version | res | name size (u16, with NUL) | type size (u16) | space size (u16)
 *      | name | type | space (each padded to 8) | data
 *  v2: version | flags (1 shared type, 2 shared space) | sizes | name | type | space | data
 *  v3: v2 + name charset (u8) after the sizes
 * ---------------------------------------------------------------------- */

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
    if (ver < 1 || ver > 3 || (fl & ~3u))
        return h5l__fail(err, H5L_ECORRUPT, off, "attribute message at %llu: bad version %u or flags 0x%x", h5l__ull(off), ver, fl);
    if (ver == 3) a->name_cset = h5l__cur_u8(&c) == 1 ? H5L_CSET_UTF8 : H5L_CSET_ASCII;
    np = h5l__cur_take(&c, ver == 1 ? ((size_t)nsz + 7) & ~(size_t)7 : nsz);
    tp = h5l__cur_take(&c, ver == 1 ? ((size_t)tsz + 7) & ~(size_t)7 : tsz);
    sp = h5l__cur_take(&c, ver == 1 ? ((size_t)ssz + 7) & ~(size_t)7 : ssz);
    if (c.bad || nsz == 0 || np[nsz - 1] != 0 || memchr(np, 0, nsz) != np + nsz - 1)
        return h5l__fail(err, H5L_ECORRUPT, off, "attribute message at %llu: truncated or bad name", h5l__ull(off));
    a->name = (const char *)np;
    st = h5l__dtype_msg(f, ar, tp, tsz, off, (fl & 1) != 0, &t, err);
    if (st != H5L_OK) return st;
    a->type = t;
    if (fl & 2) { /* shared dataspace (in the SOHM heap or another header) */
        size_t sl = ssz;
        uint64_t soff = off;
        st = h5l__msg_unshare(f, H5L__M_SPACE, &sp, &sl, &soff, 0, err);
        if (st == H5L_OK) st = h5l__space_decode(f, ar, sp, sl, soff, &a->space, err);
    } else {
        st = h5l__space_decode(f, ar, sp, ssz, off, &a->space, err);
    }
    if (st != H5L_OK) return st;
    if (h5l__mul_ovf(a->space.npoints, t->size, &need) || need > h5l__cur_left(&c))
        return h5l__fail(err, H5L_ECORRUPT, off, "attribute message at %llu: data of %llu elements overruns the message", h5l__ull(off),
                         h5l__ull(a->space.npoints));
    a->data = c.p;
    a->data_size = need;
    return H5L_OK;
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
        if ((o->oh.flags & 0x04) && n > 1) qsort(refs, n, sizeof *refs, h5l__cmp_msgref);
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
