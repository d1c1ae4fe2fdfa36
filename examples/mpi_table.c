/* N MPI ranks write one vaex table: rank 0 lays out, every rank fills its rows.
 *
 *   mpicc -O2 -o mpi_table examples/mpi_table.c hdf5lite.c
 *   mpirun -np 4 ./mpi_table out.hdf5 1000000
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
 * Test hooks (tests/check_mpi.py): MPI_TABLE_DIE_RANK=r makes rank r abort
 * halfway through its rows; MPI_TABLE_UNSHARED=1 makes ranks other than 0
 * write into a private file of their own, as on a file system that does not
 * share writes between nodes. Exit status 0 on success, 1 on failure (one
 * line on stderr from rank 0, or from the rank that failed). */
#define _POSIX_C_SOURCE 200809L
#include "hdf5lite.h"
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

/* Bytes of the strings "r<row>" for rows [a, b). */
static uint64_t str_bytes(uint64_t a, uint64_t b)
{
    uint64_t total = 0, p = 1;
    unsigned d;
    for (d = 1; d <= 20 && a < b; d++, p *= 10) {
        uint64_t hi = d == 20 ? UINT64_MAX : p * 10; /* rows with d digits: [p, 10p), and 0 */
        uint64_t lo = d == 1 ? 0 : p;
        uint64_t s = a > lo ? a : lo, e = b < hi ? b : hi;
        if (s < e) total += (e - s) * (1 + d);
    }
    return total;
}

/* "r<row>" at p; returns its length (a hand-written utoa: sprintf would cost
   more than writing the row). */
static size_t put_rstr(char *p, uint64_t row)
{
    char d[20];
    size_t n = 0, i;
    do {
        d[n++] = (char)('0' + row % 10);
        row /= 10;
    } while (row);
    p[0] = 'r';
    for (i = 0; i < n; i++) p[1 + i] = d[n - 1 - i];
    return n + 1;
}

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

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    if (argc != 3 || (rpr = strtoull(argv[2], NULL, 10)) == 0) {
        if (rank == 0) fprintf(stderr, "usage: mpirun -np N mpi_table OUT ROWS_PER_RANK\n");
        MPI_Finalize();
        return 1;
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
        h5l_column_spec spec;
        h5l_column_dsets c_id, c_x, c_s;
        memset(&o, 0, sizeof o);
        o.flags = H5L_WRITE_NAMED_TEMP | H5L_WRITE_NO_MMAP;
        L.status = 1;
        if (h5l_writer_open(argv[1], &o, &w, &err) == H5L_OK && h5l_table_create(w, NULL, &err) == H5L_OK) {
            memset(&spec, 0, sizeof spec);
            spec.kind = H5L_COL_PRIMITIVE;
            spec.rows = rows;
            spec.name = "id";
            spec.type = H5L_T_I64;
            if (h5l_table_add_column(w, NULL, &spec, &c_id, &err) == H5L_OK) {
                spec.name = "x";
                spec.type = H5L_T_F64;
                if (h5l_table_add_column(w, NULL, &spec, &c_x, &err) == H5L_OK) {
                    memset(&spec, 0, sizeof spec);
                    spec.name = "s";
                    spec.kind = H5L_COL_STRING;
                    spec.rows = rows;
                    spec.str_bytes = total_bytes;
                    if (h5l_table_add_column(w, NULL, &spec, &c_s, &err) == H5L_OK &&
                        h5l_writer_layout(w, &err) == H5L_OK) {
                        const char *tp = h5l_writer_temp_path(w);
                        L.off[D_ID] = h5l_writer_offset(w, c_id.data);
                        L.off[D_X] = h5l_writer_offset(w, c_x.data);
                        L.off[D_SDATA] = h5l_writer_offset(w, c_s.data);
                        L.off[D_SIDX] = h5l_writer_offset(w, c_s.indices);
                        L.idx_width = (uint32_t)(h5l_writer_size(w, c_s.indices) / (rows + 1));
                        if (tp && strlen(tp) < sizeof L.path) {
                            strcpy(L.path, tp);
                            L.status = 0;
                        } else {
                            snprintf(err.msg, sizeof err.msg, "temporary file path too long");
                        }
                    }
                }
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
    if (fd < 0) {
        snprintf(msg, sizeof msg, "rank %d cannot open the temporary file %s (%s): the output directory must be on a file system every rank shares",
                 rank, L.path, strerror(errno));
        bad = 1;
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
