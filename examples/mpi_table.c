/* N MPI ranks write one vaex table: rank 0 lays out, every rank fills its rows.
 *
 *   mpicc -O2 -o mpi_table examples/mpi_table.c hdf5lite.c
 *   mpirun -np 4 ./mpi_table out.hdf5 1000000
 *   mpirun -np 4 ./mpi_table out.hdf5 1000000 --compress deflate
 *
 * writes /table with columns id (int64, the global row), x (float64, row * 0.5)
 * and s (string "r<row>"), rank r holding rows [r * ROWS_PER_RANK,
 * (r + 1) * ROWS_PER_RANK). hdf5lite itself knows nothing of MPI; the
 * protocol (README, "Many processes: MPI") is:
 *
 *   1. every rank counts the bytes of its strings; an exclusive prefix sum
 *      (MPI_Exscan) gives each rank where its bytes start, a sum the total;
 *   2. rank 0 declares the table (h5l_writer_open with H5L_WRITE_NAMED_TEMP:
 *      ranks on other nodes need a real file name) and lays it out; it
 *      broadcasts the temporary file's path and each dataset's file offset
 *      (h5l_writer_temp_path, h5l_writer_offset): the layout is decided in
 *      one place, so the ranks never have to agree on it by computation;
 *   3. every rank opens that path and pwrite()s its rows of every column at
 *      offset + first_row * element size (string offsets: its byte start
 *      plus the running length; the last rank writes the closing offset),
 *      then fsync()s and closes it;
 *   4. rank 0 checks that the file it sees holds what every rank wrote (a
 *      hash of the first and last 4 KiB of each rank's part of each dataset,
 *      gathered from the ranks): a directory that is not shared between the
 *      nodes, or not coherent, is reported as such and nothing is written;
 *   5. rank 0 finishes (fsync, atomic rename). If any rank dies first the
 *      job dies with it: nothing appears at the target path, and the next
 *      writer of that path removes the temporary file left behind (its
 *      writer's lock is gone).
 *
 * Chunked and compressed (--compress deflate[:L]|lzf|none, --chunk-rows N,
 * --shuffle; any of them makes every column chunked):
 *
 *   2'. rank 0 lays out as above (chunked datasets have no data region yet);
 *       every other rank declares the same table in a writer of its own that
 *       it never lays out: the same declarations give the same chunk shapes
 *       and filter pipelines, so any rank can filter chunks
 *       (h5l_writer_chunk_filter);
 *   3'. per dataset, collectively: a chunk belongs to the rank holding its
 *       first row; rows of a chunk held by later ranks come from their
 *       "heads" (their rows before their first chunk start), which every rank
 *       shares (MPI_Allgatherv: at most one chunk per rank). Each rank filters
 *       its chunks into one buffer; an exclusive prefix sum of the buffers'
 *       sizes places them one after another in a region rank 0 reserves at
 *       the end of the file (h5l_writer_reserve) and broadcasts: each rank
 *       pwrites its buffer there in one piece. Rank 0 gathers every chunk's
 *       (first row, address, size, filter mask) and adds it to the index
 *       (h5l_writer_chunk_add); h5l_writer_finish writes the B-tree.
 *   A rank failing in this path aborts the job (MPI_Abort): nothing appears
 *   at OUT, and the next run removes the temporary file.
 *
 * Test hooks (tests/check_mpi.py): MPI_TABLE_DIE_RANK=r makes rank r abort
 * halfway through its rows; MPI_TABLE_UNSHARED=1 makes ranks other than 0
 * write into a private file of their own, as on a file system that does not
 * share writes between nodes. Exit status 0 on success, 1 on failure (one
 * line on stderr from rank 0, or from the rank that failed). */
#define _POSIX_C_SOURCE 200809L
#include "hdf5lite.h"
#include "mpi_rows.h"
#include <errno.h>
#include <fcntl.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { D_ID, D_X, D_SDATA, D_SIDX, ND };
static const char *const dname[ND] = {"id", "x", "s (bytes)", "s (offsets)"};

#define BLOCK 65536u      /* rows generated and written per pwrite */
#define SAMPLE 4096u      /* bytes hashed at each end of a rank's part */

typedef struct layout {   /* what rank 0 broadcasts */
    int status;           /* 0 ok, else rank 0 failed to lay out */
    char path[4096];
    uint64_t off[ND];
    uint32_t idx_width;   /* string offsets: 4 or 8 bytes */
} layout;

typedef struct part {     /* one rank's part of one dataset, as it wrote it */
    uint64_t off, len, hash;
} part;

static int pwrite_all(int fd, const void *buf, size_t n, uint64_t off)
{
    const char *p = (const char *)buf;
    while (n) {
        ssize_t k = pwrite(fd, p, n, (off_t)off);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
        off += (uint64_t)k;
    }
    return 0;
}

static int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    char *p = (char *)buf;
    while (n) {
        ssize_t k = pread(fd, p, n, (off_t)off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
        off += (uint64_t)k;
    }
    return 0;
}

/* FNV-1a over the first and last SAMPLE bytes of [off, off+len) as fd shows them. */
static int sample_hash(int fd, uint64_t off, uint64_t len, uint64_t *h)
{
    unsigned char buf[2 * SAMPLE];
    size_t n1 = len < SAMPLE ? (size_t)len : SAMPLE, n2 = len - n1 < SAMPLE ? (size_t)(len - n1) : SAMPLE, i;
    uint64_t v = 1469598103934665603ull;
    if (n1 && pread_all(fd, buf, n1, off)) return -1;
    if (n2 && pread_all(fd, buf + n1, n2, off + len - n2)) return -1;
    for (i = 0; i < n1 + n2; i++) v = (v ^ buf[i]) * 1099511628211ull;
    *h = v;
    return 0;
}

static void put_le(unsigned char *p, uint64_t v, unsigned w)
{
    unsigned i;
    for (i = 0; i < w; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* The table every rank declares identically: contiguous, or chunked with ck. */
static h5l_status declare(h5l_writer *w, uint64_t rows, uint64_t total_bytes, const h5l_chunking *ck, h5l_dset ds[ND],
                          h5l_error *err)
{
    h5l_column_spec spec;
    h5l_column_dsets c;
    h5l_status st = h5l_table_create(w, NULL, err);
    memset(&spec, 0, sizeof spec);
    spec.kind = H5L_COL_PRIMITIVE;
    spec.rows = rows;
    spec.chunking = ck;
    spec.name = "id";
    spec.type = H5L_T_I64;
    if (st == H5L_OK && (st = h5l_table_add_column(w, NULL, &spec, &c, err)) == H5L_OK) ds[D_ID] = c.data;
    spec.name = "x";
    spec.type = H5L_T_F64;
    if (st == H5L_OK && (st = h5l_table_add_column(w, NULL, &spec, &c, err)) == H5L_OK) ds[D_X] = c.data;
    spec.name = "s";
    spec.kind = H5L_COL_STRING;
    spec.str_bytes = total_bytes;
    if (st == H5L_OK && (st = h5l_table_add_column(w, NULL, &spec, &c, err)) == H5L_OK) {
        ds[D_SDATA] = c.data;
        ds[D_SIDX] = c.indices;
    }
    return st;
}

static h5l_dset root_ds[ND]; /* rank 0's handles of its own declaration */

static void fatal(int rank, const char *what, const char *why)
{
    fprintf(stderr, "mpi_table: rank %d: %s: %s\n", rank, what, why);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

typedef struct crec { /* a chunk as placed by its rank */
    uint64_t row, addr;
    uint32_t size, mask;
} crec;

/* Chunked dataset ds[d], collectively: this rank holds its elements [e0, e1)
 * of E in buf. A chunk belongs to the rank holding its first element; the
 * elements of a chunk that lie in later ranks come from their "heads" (their
 * elements before their first chunk start), which every rank shares
 * (MPI_Allgatherv). Each rank filters its chunks with its own writer `mine`,
 * learns where its bytes go (MPI_Exscan of the sizes, base from rank 0's
 * h5l_writer_reserve), pwrites them in one piece, and rank 0 adds every
 * rank's chunks to the index of `w0`. *pt: the region this rank wrote. */
static void put_stream(int rank, int np, h5l_writer *mine, h5l_writer *w0, h5l_dset ds, int fd, uint64_t E, uint64_t e0,
                       uint64_t e1, const unsigned char *buf, part *pt)
{
    h5l_error err;
    uint64_t C, cb, es, k, head, total = 0, myoff = 0, base = 0, nout = 0;
    uint64_t *e0s = (uint64_t *)malloc((size_t)np * 2 * sizeof(uint64_t)), mine2[2];
    int *cnt = (int *)malloc((size_t)np * sizeof(int)), *dsp = (int *)malloc((size_t)np * sizeof(int)), q, nrec = 0, hb;
    unsigned char *heads, *chunk, *out = NULL;
    crec *recs = NULL;
    size_t cap = 0, rcap = 0;
    if (!e0s || !cnt || !dsp) fatal(rank, "chunks", "out of memory");
    if (h5l_writer_chunk_shape(mine, ds, &C, &cb, &err) != H5L_OK) fatal(rank, "chunk shape", err.msg);
    es = cb / C;
    k = (e0 + C - 1) / C; /* this rank's first chunk */
    head = (k * C < e1 ? k * C : e1) - e0;
    mine2[0] = e0;
    mine2[1] = head;
    MPI_Allgather(mine2, 2, MPI_UINT64_T, e0s, 2, MPI_UINT64_T, MPI_COMM_WORLD);
    for (q = 0, hb = 0; q < np; q++) {
        cnt[q] = (int)(e0s[2 * q + 1] * es);
        dsp[q] = hb;
        hb += cnt[q];
    }
    heads = (unsigned char *)malloc((size_t)hb + 1);
    chunk = (unsigned char *)malloc((size_t)cb);
    if (!heads || !chunk) fatal(rank, "chunks", "out of memory");
    MPI_Allgatherv(buf, (int)(head * es), MPI_BYTE, heads, cnt, dsp, MPI_BYTE, MPI_COMM_WORLD);
    for (; k * C < e1; k++) {
        uint64_t a = k * C, b = (k + 1) * C < E ? (k + 1) * C : E, have = (e1 < b ? e1 : b) - a;
        size_t n = 0;
        uint32_t m = 0;
        memset(chunk, 0, (size_t)cb);
        memcpy(chunk, buf + (a - e0) * es, (size_t)(have * es));
        for (q = rank + 1; a + have < b && q < np; q++) { /* the rest from the next ranks' heads */
            uint64_t take = e0s[2 * q + 1] < b - a - have ? e0s[2 * q + 1] : b - a - have;
            memcpy(chunk + have * es, heads + dsp[q], (size_t)(take * es));
            have += take;
        }
        if (nout + cb + 4 > cap) {
            cap = (size_t)(2 * (nout + cb + 4));
            if (!(out = (unsigned char *)realloc(out, cap))) fatal(rank, "chunks", "out of memory");
        }
        if (h5l_writer_chunk_filter(mine, ds, chunk, out + nout, cap - nout, &n, &m, &err) != H5L_OK) fatal(rank, "filter", err.msg);
        if ((size_t)nrec == rcap) {
            rcap = rcap ? 2 * rcap : 64;
            if (!(recs = (crec *)realloc(recs, rcap * sizeof *recs))) fatal(rank, "chunks", "out of memory");
        }
        recs[nrec].row = a;
        recs[nrec].addr = nout; /* relative until the base is known */
        recs[nrec].size = (uint32_t)n;
        recs[nrec].mask = m;
        nrec++;
        nout += n;
    }
    /* where the bytes go: rank 0 reserves them all, each rank its part */
    MPI_Exscan(&nout, &myoff, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) myoff = 0;
    MPI_Allreduce(&nout, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0 && total && h5l_writer_reserve(w0, total, &base, &err) != H5L_OK) fatal(rank, "reserve", err.msg);
    MPI_Bcast(&base, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (nout && pwrite_all(fd, out, (size_t)nout, base + myoff) != 0) fatal(rank, "pwrite", strerror(errno));
    for (q = 0; q < nrec; q++) recs[q].addr += base + myoff;
    pt->off = base + myoff;
    pt->len = nout;
    /* the index: every rank's chunks to rank 0 */
    MPI_Gather(&nrec, 1, MPI_INT, cnt, 1, MPI_INT, 0, MPI_COMM_WORLD);
    {
        crec *all = NULL;
        int tot = 0;
        if (rank == 0) {
            for (q = 0; q < np; q++) {
                dsp[q] = tot * (int)sizeof(crec);
                tot += cnt[q];
                cnt[q] *= (int)sizeof(crec);
            }
            all = (crec *)malloc((size_t)(tot ? tot : 1) * sizeof(crec));
            if (!all) fatal(rank, "chunks", "out of memory");
        }
        MPI_Gatherv(recs, nrec * (int)sizeof(crec), MPI_BYTE, all, cnt, dsp, MPI_BYTE, 0, MPI_COMM_WORLD);
        for (q = 0; q < tot; q++)
            if (h5l_writer_chunk_add(w0, ds, all[q].row, all[q].addr, all[q].size, all[q].mask, &err) != H5L_OK)
                fatal(rank, "chunk index", err.msg);
        free(all);
    }
    free(recs);
    free(out);
    free(chunk);
    free(heads);
    free(e0s);
    free(cnt);
    free(dsp);
}

/* The chunked table: every rank builds its rows in memory, then each
 * dataset goes through put_stream. Ranks other than 0 filter with a writer
 * of their own holding the same declarations (never laid out: aborted at the
 * end; on Linux its temporary file has no name and vanishes). */
static void write_chunked(int rank, int np, h5l_writer *w0, const char *out, uint64_t rows, uint64_t total_bytes,
                          const h5l_chunking *ck, uint64_t first, uint64_t rpr, uint64_t byte0, uint64_t nbytes, int fd,
                          const char *die, part mine[ND])
{
    h5l_writer *own = w0;
    h5l_dset ds[ND];
    h5l_error err;
    uint64_t C, cb, wd, i, sl = 0, nidx = rpr + (rank == np - 1);
    unsigned char *ib, *xb, *sb, *ob;
    if (rank != 0) {
        if (h5l_writer_open(out, NULL, &own, &err) != H5L_OK || declare(own, rows, total_bytes, ck, ds, &err) != H5L_OK)
            fatal(rank, "declaring the table", err.msg);
    } else {
        memcpy(ds, root_ds, sizeof ds);
    }
    if (h5l_writer_chunk_shape(own, ds[D_SIDX], &C, &cb, &err) != H5L_OK) fatal(rank, "chunk shape", err.msg);
    wd = cb / C;
    ib = (unsigned char *)malloc((size_t)(8 * rpr));
    xb = (unsigned char *)malloc((size_t)(8 * rpr));
    sb = (unsigned char *)malloc((size_t)nbytes + 24);
    ob = (unsigned char *)malloc((size_t)(wd * nidx));
    if (!ib || !xb || !sb || !ob) fatal(rank, "rows", "out of memory");
    for (i = 0; i < rpr; i++) {
        double x = (double)(first + i) * 0.5;
        uint64_t xbits;
        if (die && atoi(die) == rank && i == rpr / 2) abort(); /* test hook: a rank dies mid-way */
        put_le(ib + 8 * i, first + i, 8);
        memcpy(&xbits, &x, 8);
        put_le(xb + 8 * i, xbits, 8);
        put_le(ob + wd * i, byte0 + sl, (unsigned)wd);
        sl += put_rstr((char *)sb + sl, first + i);
    }
    if (nidx > rpr) put_le(ob + wd * rpr, byte0 + sl, (unsigned)wd); /* closing offset */
    put_stream(rank, np, own, w0, ds[D_ID], fd, rows, first, first + rpr, ib, &mine[D_ID]);
    put_stream(rank, np, own, w0, ds[D_X], fd, rows, first, first + rpr, xb, &mine[D_X]);
    put_stream(rank, np, own, w0, ds[D_SDATA], fd, total_bytes, byte0, byte0 + nbytes, sb, &mine[D_SDATA]);
    put_stream(rank, np, own, w0, ds[D_SIDX], fd, rows + 1, first, first + nidx, ob, &mine[D_SIDX]);
    free(ib);
    free(xb);
    free(sb);
    free(ob);
    if (own != w0) h5l_writer_abort(own);
}

int main(int argc, char **argv)
{
    int rank, nranks, bad = 0, anybad = 0;
    uint64_t rpr, first, rows, my_bytes, my_byte0 = 0, total_bytes = 0;
    layout L;
    h5l_writer *w = NULL;
    h5l_error err;
    part mine[ND];
    char msg[512] = "";
    int fd = -1;
    const char *die = getenv("MPI_TABLE_DIE_RANK");
    int unshared = getenv("MPI_TABLE_UNSHARED") != NULL;
    int chunked = 0;
    h5l_chunking ck;
    uint64_t chunk_rows[1] = {0};
    h5l_dset ds[ND];

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    memset(&ck, 0, sizeof ck);
    {
        int i, ok = argc >= 3 && (rpr = strtoull(argv[2], NULL, 10)) != 0;
        for (i = 3; ok && i < argc; i++) {
            if (!strcmp(argv[i], "--compress") && i + 1 < argc) {
                const char *c = argv[++i];
                chunked = 1;
                if (!strncmp(c, "deflate", 7)) {
                    ck.compress = H5L_COMPRESS_DEFLATE;
                    if (c[7] == ':') ck.level = atoi(c + 8);
                    else if (c[7]) ok = 0;
                } else if (!strcmp(c, "lzf")) {
                    ck.compress = H5L_COMPRESS_LZF;
                } else if (strcmp(c, "none") != 0) {
                    ok = 0;
                }
            } else if (!strcmp(argv[i], "--chunk-rows") && i + 1 < argc) {
                chunk_rows[0] = strtoull(argv[++i], NULL, 10);
                ok = chunk_rows[0] != 0;
                ck.chunk = chunk_rows;
                chunked = 1;
            } else if (!strcmp(argv[i], "--shuffle")) {
                ck.flags |= H5L_CHUNK_SHUFFLE;
                chunked = 1;
            } else {
                ok = 0;
            }
        }
        if (!ok) {
            if (rank == 0)
                fprintf(stderr, "usage: mpirun -np N mpi_table OUT ROWS_PER_RANK [--compress deflate[:L]|lzf|none] [--chunk-rows N] [--shuffle]\n");
            MPI_Finalize();
            return 1;
        }
    }
    first = (uint64_t)rank * rpr;
    rows = (uint64_t)nranks * rpr;

    /* 1. where each rank's string bytes go */
    my_bytes = str_bytes(first, first + rpr);
    MPI_Exscan(&my_bytes, &my_byte0, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) my_byte0 = 0; /* MPI_Exscan leaves rank 0's undefined */
    MPI_Allreduce(&my_bytes, &total_bytes, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);

    /* 2. rank 0 declares and lays out; the others learn the result */
    memset(&L, 0, sizeof L);
    if (rank == 0) {
        h5l_write_options o;
        memset(&o, 0, sizeof o);
        o.flags = H5L_WRITE_NAMED_TEMP | H5L_WRITE_NO_MMAP;
        L.status = 1;
        if (h5l_writer_open(argv[1], &o, &w, &err) == H5L_OK && declare(w, rows, total_bytes, chunked ? &ck : NULL, ds, &err) == H5L_OK &&
            h5l_writer_layout(w, &err) == H5L_OK) {
            memcpy(root_ds, ds, sizeof root_ds);
            const char *tp = h5l_writer_temp_path(w);
            if (!chunked) {
                L.off[D_ID] = h5l_writer_offset(w, ds[D_ID]);
                L.off[D_X] = h5l_writer_offset(w, ds[D_X]);
                L.off[D_SDATA] = h5l_writer_offset(w, ds[D_SDATA]);
                L.off[D_SIDX] = h5l_writer_offset(w, ds[D_SIDX]);
                L.idx_width = (uint32_t)(h5l_writer_size(w, ds[D_SIDX]) / (rows + 1));
            }
            if (tp && strlen(tp) < sizeof L.path) {
                strcpy(L.path, tp);
                L.status = 0;
            } else {
                snprintf(err.msg, sizeof err.msg, "temporary file path too long");
            }
        }
        if (L.status) {
            fprintf(stderr, "mpi_table: %s: %s\n", argv[1], err.msg);
            if (w) h5l_writer_abort(w);
        }
    }
    MPI_Bcast(&L, (int)sizeof L, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (L.status) {
        MPI_Finalize();
        return 1;
    }

    /* 3. every rank writes its rows */
    if (unshared && rank != 0) {
        char priv[4200];
        snprintf(priv, sizeof priv, "%s.rank%d", L.path, rank);
        fd = open(priv, O_RDWR | O_CREAT | O_TRUNC, 0644);
    } else {
        fd = open(L.path, O_RDWR);
    }
    if (fd < 0 && chunked) { /* the chunked path is collective throughout: a failing rank ends the job */
        snprintf(msg, sizeof msg, "cannot open the temporary file %s (%s): the output directory must be on a file system every rank shares",
                 L.path, strerror(errno));
        fatal(rank, "open", msg);
    }
    if (fd < 0) {
        snprintf(msg, sizeof msg, "rank %d cannot open the temporary file %s (%s): the output directory must be on a file system every rank shares",
                 rank, L.path, strerror(errno));
        bad = 1;
    } else if (chunked) {
        write_chunked(rank, nranks, w, argv[1], rows, total_bytes, &ck, first, rpr, my_byte0, my_bytes, fd, die, mine);
    } else {
        unsigned char *ib = (unsigned char *)malloc((size_t)BLOCK * 8), *xb = (unsigned char *)malloc((size_t)BLOCK * 8);
        unsigned char *ob = (unsigned char *)malloc((size_t)BLOCK * 8 + 8);
        char *sb = (char *)malloc((size_t)BLOCK * 22);
        uint64_t r = 0, sbyte = my_byte0, wd = L.idx_width;
        if (!ib || !xb || !ob || !sb) {
            snprintf(msg, sizeof msg, "rank %d: out of memory", rank);
            bad = 1;
        }
        while (!bad && r < rpr) {
            uint32_t n = rpr - r < BLOCK ? (uint32_t)(rpr - r) : BLOCK, i;
            size_t sl = 0;
            uint64_t row0 = first + r;
            if (die && atoi(die) == rank && r >= rpr / 2) abort(); /* test hook: a rank dies mid-way */
            for (i = 0; i < n; i++) {
                int64_t id = (int64_t)(row0 + i);
                double x = (double)(row0 + i) * 0.5;
                uint64_t xbits;
                put_le(ib + 8 * (size_t)i, (uint64_t)id, 8);
                memcpy(&xbits, &x, 8);
                put_le(xb + 8 * (size_t)i, xbits, 8); /* H5L_T_F64 is stored little-endian */
                put_le(ob + wd * i, sbyte + sl, (unsigned)wd);
                sl += put_rstr(sb + sl, row0 + i);
            }
            if (rank == nranks - 1 && r + n == rpr) put_le(ob + wd * n, sbyte + sl, (unsigned)wd); /* closing offset */
            if (pwrite_all(fd, ib, 8 * (size_t)n, L.off[D_ID] + 8 * row0) ||
                pwrite_all(fd, xb, 8 * (size_t)n, L.off[D_X] + 8 * row0) ||
                pwrite_all(fd, sb, sl, L.off[D_SDATA] + sbyte) ||
                pwrite_all(fd, ob, (size_t)wd * (n + (rank == nranks - 1 && r + n == rpr)), L.off[D_SIDX] + wd * row0)) {
                snprintf(msg, sizeof msg, "rank %d: writing %s: %s", rank, L.path, strerror(errno));
                bad = 1;
            }
            sbyte += sl;
            r += n;
        }
        free(ib);
        free(xb);
        free(ob);
        free(sb);
        /* what this rank wrote, as its own descriptor shows it */
        mine[D_ID].off = L.off[D_ID] + 8 * first;
        mine[D_ID].len = 8 * rpr;
        mine[D_X].off = L.off[D_X] + 8 * first;
        mine[D_X].len = 8 * rpr;
        mine[D_SDATA].off = L.off[D_SDATA] + my_byte0;
        mine[D_SDATA].len = my_bytes;
        mine[D_SIDX].off = L.off[D_SIDX] + wd * first;
        mine[D_SIDX].len = wd * (rpr + (rank == nranks - 1));
    }
    if (fd >= 0) {
        {
            int d;
            for (d = 0; d < ND && !bad; d++)
                if (sample_hash(fd, mine[d].off, mine[d].len, &mine[d].hash)) {
                    snprintf(msg, sizeof msg, "rank %d: reading back %s: %s", rank, L.path, strerror(errno));
                    bad = 1;
                }
        }
        if (!bad && fsync(fd) != 0) {
            snprintf(msg, sizeof msg, "rank %d: fsync %s: %s", rank, L.path, strerror(errno));
            bad = 1;
        }
        if (close(fd) != 0 && !bad) {
            snprintf(msg, sizeof msg, "rank %d: close %s: %s", rank, L.path, strerror(errno));
            bad = 1;
        }
    }
    if (bad) fprintf(stderr, "mpi_table: %s\n", msg);
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

    /* 4. rank 0 checks that it sees what every rank wrote */
    {
        part *all = rank == 0 ? (part *)calloc((size_t)nranks * ND, sizeof(part)) : NULL;
        int verdict = anybad;
        MPI_Gather(mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine, MPI_BYTE, 0, MPI_COMM_WORLD);
        if (rank == 0 && !verdict) {
            int rfd = open(L.path, O_RDONLY), q, d;
            if (rfd < 0 || !all) {
                fprintf(stderr, "mpi_table: %s: cannot reopen the temporary file %s\n", argv[1], L.path);
                verdict = 1;
            }
            for (q = 0; q < nranks && !verdict; q++)
                for (d = 0; d < ND && !verdict; d++) {
                    uint64_t h = 0;
                    const part *p = &all[(size_t)q * ND + d];
                    if (sample_hash(rfd, p->off, p->len, &h) || h != p->hash) {
                        fprintf(stderr,
                                "mpi_table: %s: rank %d's part of %s is not in the file as rank 0 sees it: the output "
                                "directory is not shared (or not coherent) between the ranks' nodes; nothing written\n",
                                argv[1], q, dname[d]);
                        verdict = 1;
                    }
                }
            if (rfd >= 0) close(rfd);
        }
        free(all);
        /* 5. finish, or give up: either way every rank learns the outcome */
        if (rank == 0) {
            if (verdict) {
                h5l_writer_abort(w);
            } else if (h5l_writer_finish(w, &err) != H5L_OK) {
                fprintf(stderr, "mpi_table: %s: %s\n", argv[1], err.msg);
                verdict = 1;
            }
        }
        MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        return verdict ? 1 : 0;
    }
}
