/*
 * test_pathread — a file opened by path is mapped, and the nodes of a large
 * symbol-table group (root B-tree above the leaves) are then read with pread
 * ("copy mode" of h5l__stab_visit); the same bytes opened from memory are
 * read in place. Both must agree on every file, intact or corrupted.
 *
 *   test_pathread DIR CASES FILE...
 *
 * For a group of 300 datasets written by hdf5lite (its symbol nodes lie side
 * by side: read as one run per leaf) and for each FILE: the intact file, then CASES corruptions of bytes inside its
 * group B-tree nodes ("TREE") and symbol nodes ("SNOD") — xor 0xff, 0x00,
 * 0xff, a random byte, or a truncation inside a node — each written to
 * DIR/pathread.h5, opened with h5l_open (mapped) and with h5l_open_memory,
 * walked in full (fuzz/walk.h). The two must give the same status, the same
 * counts and the same digest of every value seen; neither may leak. Then
 * allocation failures injected into the mapped open of the intact file, at
 * every K-th allocation: a clean H5L_ENOMEM or the intact result, no leak.
 * A FILE without such a group fails the test (it would prove nothing).
 * Built with ASan + UBSan by tests/robust.mk.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"
#include "../fuzz/walk.h"
#include "../fuzz/countalloc.h"

static unsigned nfail, npass;
#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (cond) npass++;                                                                                             \
        else {                                                                                                         \
            nfail++;                                                                                                   \
            if (nfail <= 20) {                                                                                         \
                printf("FAIL: ");                                                                                      \
                printf(__VA_ARGS__);                                                                                   \
                printf("\n");                                                                                          \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)

typedef struct outcome {
    h5l_status open_st;
    walk_stats ws;
    uint64_t live_blocks;
    uint64_t enomem;             /* calls of the walk that returned H5L_ENOMEM */
} outcome;

static void log_enomem(void *ctx, uint64_t key, const char *where, const char *op, uint64_t idx, h5l_status st,
                       uint64_t digest)
{
    (void)key;
    (void)where;
    (void)op;
    (void)idx;
    (void)digest;
    if (st == H5L_ENOMEM) ((outcome *)ctx)->enomem++;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int save(const char *path, const unsigned char *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return 0;
    if (n && fwrite(b, 1, n, fp) != n) {
        fclose(fp);
        return 0;
    }
    return fclose(fp) == 0;
}

/* Open (by path when `path`, else from memory), walk, close. */
static void run(const char *path, const unsigned char *b, size_t n, countalloc *ca, outcome *o)
{
    h5l_allocator a = countalloc_allocator(ca);
    h5l_open_options oo;
    h5l_file *f = NULL;
    h5l_error e;
    memset(o, 0, sizeof *o);
    oo.alloc = &a;
    oo.flags = 0;
    o->open_st = path ? h5l_open(path, &oo, &f, &e) : h5l_open_memory(n ? (const void *)b : (const void *)"", n, &oo, &f, &e);
    if (o->open_st == H5L_OK) {
        walk_opts wo;
        memset(&wo, 0, sizeof wo);
        wo.log = log_enomem;
        wo.log_ctx = o;
        if (walk_file_ex(f, &wo, &o->ws) != 0) o->ws.violations++;
        h5l_close(f);
    }
    o->live_blocks = ca->live_blocks;
}

static int same(const outcome *x, const outcome *y)
{
    return x->open_st == y->open_st && x->ws.errors == y->ws.errors && x->ws.objects == y->ws.objects &&
           x->ws.links == y->ws.links && x->ws.attrs == y->ws.attrs && x->ws.datasets == y->ws.datasets &&
           x->ws.columns == y->ws.columns && x->ws.bytes_read == y->ws.bytes_read && x->ws.digest == y->ws.digest &&
           x->ws.truncated == y->ws.truncated;
}

typedef struct node { size_t at, len; } node;

/* Group B-tree nodes and symbol nodes of the intact file, by signature;
 * their sizes from the K of a version 0 superblock at offset 0 (8-byte
 * addresses and lengths). */
static size_t find_nodes(const unsigned char *b, size_t n, node *v, size_t cap, unsigned *big_roots)
{
    size_t i, k = 0, leafk = 4, nodek = 16;
    *big_roots = 0;
    if (n >= 20 && b[8] == 0) {
        leafk = (size_t)b[16] | (size_t)b[17] << 8;
        nodek = (size_t)b[18] | (size_t)b[19] << 8;
    }
    for (i = 0; i + 8 <= n && k < cap; i++) {
        if (!memcmp(b + i, "TREE", 4) && b[i + 4] == 0) {
            v[k].at = i;
            v[k].len = 24 + 2 * nodek * 8 + (2 * nodek + 1) * 8;
            if (b[i + 5] > 0) (*big_roots)++;        /* a node above the leaves */
            k++;
        } else if (!memcmp(b + i, "SNOD", 4) && b[i + 4] == 1) {
            v[k].at = i;
            v[k].len = 8 + 2 * leafk * 40;
            k++;
        }
    }
    for (i = 0; i < k; i++)
        if (v[i].at + v[i].len > n) v[i].len = n - v[i].at;
    return k;
}

static void one_file(const char *dir, const char *file, unsigned cases)
{
    char tmp[1024];
    size_t n, nn, c;
    unsigned char *orig = walk_load_file(file, &n), *work;
    node *nodes;
    unsigned big;
    outcome om, op, intact;
    countalloc ca;
    uint64_t calls, k, step, enomem = 0;
    if (!orig) {
        CHECK(0, "%s: cannot read", file);
        return;
    }
    snprintf(tmp, sizeof tmp, "%s/pathread.h5", dir);
    nodes = (node *)malloc(sizeof *nodes * 100000);
    work = (unsigned char *)malloc(n);
    if (!nodes || !work) exit(2);
    nn = find_nodes(orig, n, nodes, 100000, &big);
    CHECK(big > 0 && nn > 0, "%s: no symbol-table group with B-tree levels above the leaves: this file tests nothing", file);

    /* intact */
    CHECK(save(tmp, orig, n), "%s: cannot write %s", file, tmp);
    countalloc_init(&ca);
    run(tmp, NULL, 0, &ca, &op);
    calls = ca.calls;
    countalloc_init(&ca);
    run(NULL, orig, n, &ca, &om);
    CHECK(op.open_st == H5L_OK && !op.ws.violations && op.ws.links > 256, "%s intact by path: open %s, %llu links, %s",
          file, h5l_status_name(op.open_st), (unsigned long long)op.ws.links, op.ws.violation);
    CHECK(same(&op, &om), "%s intact: by path %llu links digest %016llx, from memory %llu links digest %016llx", file,
          (unsigned long long)op.ws.links, (unsigned long long)op.ws.digest, (unsigned long long)om.ws.links,
          (unsigned long long)om.ws.digest);
    intact = om;

    /* corrupted nodes */
    for (c = 0; c < cases && nn; c++) {
        const node *v = &nodes[rnd() % nn];
        size_t at = v->at + (size_t)(rnd() % v->len), len = n;
        unsigned op_kind = (unsigned)(rnd() % 5);
        memcpy(work, orig, n);
        switch (op_kind) {
        case 0: work[at] ^= 0xff; break;
        case 1: work[at] = 0x00; break;
        case 2: work[at] = 0xff; break;
        case 3: work[at] = (unsigned char)rnd(); break;
        default: len = at; break;                      /* truncated inside the node */
        }
        if (!save(tmp, work, len)) {
            CHECK(0, "%s: cannot write %s", file, tmp);
            break;
        }
        countalloc_init(&ca);
        run(tmp, NULL, 0, &ca, &op);
        CHECK(op.live_blocks == 0 && !op.ws.violations, "%s case %zu (byte %zu, op %u): by path: leak or contract violation %s",
              file, c, at, op_kind, op.ws.violation);
        countalloc_init(&ca);
        run(NULL, work, len, &ca, &om);
        CHECK(same(&op, &om),
              "%s case %zu (byte %zu, op %u): by path %s / %llu links / %llu errors / digest %016llx (%s); "
              "from memory %s / %llu links / %llu errors / digest %016llx (%s)",
              file, c, at, op_kind, h5l_status_name(op.open_st), (unsigned long long)op.ws.links,
              (unsigned long long)op.ws.errors, (unsigned long long)op.ws.digest, op.ws.first_error,
              h5l_status_name(om.open_st), (unsigned long long)om.ws.links, (unsigned long long)om.ws.errors,
              (unsigned long long)om.ws.digest, om.ws.first_error);
    }

    /* allocation failures in the mapped open of the intact file */
    CHECK(save(tmp, orig, n), "%s: cannot write %s", file, tmp);
    step = calls / 400 + 1;
    for (k = 1; k <= calls; k += step) {
        countalloc_init(&ca);
        ca.fail_at = k;
        run(tmp, NULL, 0, &ca, &op);
        CHECK(op.live_blocks == 0, "%s: allocation %llu failing: %llu blocks leaked", file, (unsigned long long)k,
              (unsigned long long)op.live_blocks);
        if (op.open_st == H5L_ENOMEM || op.enomem) {
            enomem++;
        } else {
            /* a buffer for the copies that could not be had: read in place, same result */
            CHECK(same(&op, &intact), "%s: allocation %llu failing: no error reported, yet a different result (%llu links, digest %016llx)",
                  file, (unsigned long long)k, (unsigned long long)op.ws.links, (unsigned long long)op.ws.digest);
        }
    }
    printf("test_pathread: %s: %zu nodes (%u above the leaves), %u corruptions, %llu allocations (every %llu-th failed: "
           "%llu runs reported it)\n",
           file, nn, big, cases, (unsigned long long)calls, (unsigned long long)step, (unsigned long long)enomem);
    remove(tmp);
    free(work);
    free(nodes);
    free(orig);
}

/* hdf5lite's own layout: a group of 300 datasets, its symbol nodes side by
 * side (read as one run per leaf). */
static void write_lite_group(const char *path)
{
    h5l_writer *w = NULL;
    h5l_write_options o;
    h5l_error e;
    unsigned i;
    memset(&o, 0, sizeof o);
    o.flags = H5L_WRITE_NO_SYNC;
    if (h5l_writer_open(path, &o, &w, &e) != H5L_OK) {
        CHECK(0, "writer: %s", e.msg);
        return;
    }
    for (i = 0; i < 300; i++) {
        char p[64];
        uint64_t n = i % 5;
        h5l_dset d;
        snprintf(p, sizeof p, "/g/d%03u", (i * 7u) % 300u);
        if (h5l_writer_dataset(w, p, H5L_T_I32, 1, &n, &d, &e) != H5L_OK) break;
    }
    if (i < 300 || h5l_writer_finish(w, &e) != H5L_OK) CHECK(0, "writer: %s", e.msg);
}

int main(int argc, char **argv)
{
    int i;
    unsigned cases;
    char lite[1024];
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR CASES [FILE...]\n", argv[0]);
        return 2;
    }
    cases = (unsigned)strtoul(argv[2], NULL, 10);
    snprintf(lite, sizeof lite, "%s/lite_group.h5", argv[1]);
    write_lite_group(lite);
    one_file(argv[1], lite, cases);
    remove(lite);
    for (i = 3; i < argc; i++) one_file(argv[1], argv[i], cases);
    printf("test_pathread: %u passed, %u failed\n", npass, nfail);
    return nfail ? 1 : 0;
}
