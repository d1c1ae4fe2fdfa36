/* The peers of examples/mpi_table.c in `make bench-mpi` (issue 20): the same
 * table -- /table/columns/{id,x,s} in vaex's layout, rank r writing rows
 * [r * RPR, (r + 1) * RPR) -- written
 *
 *   bench_mpi phdf5 OUT RPR   by parallel HDF5 (libhdf5-openmpi: H5Pset_fapl_mpio,
 *                             every rank's hyperslab written with a collective
 *                             H5Dwrite; contiguous datasets, as vaex maps them;
 *                             H5Fflush then H5Fclose), and
 *   bench_mpi init OUT RPR    MPI_Init and MPI_Finalize only: what every whole
 *                             mpirun run costs before any work (started, then
 *                             stopped), to tell the work from the start-up;
 *   bench_mpi raw OUT RPR     the limit: the same bytes pwrite()n by each rank
 *                             into one raw file at the same offsets as
 *                             mpi_table's (no HDF5 metadata), then fsync().
 *
 *   mpicc -O2 -I/usr/include/hdf5/openmpi bench/bench_mpi.c \
 *         -L/usr/lib/x86_64-linux-gnu/hdf5/openmpi -lhdf5 -o bench_mpi
 *
 * The rows are generated exactly as mpi_table generates them. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include "../examples/mpi_rows.h"
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 65536u

static void die(const char *what)
{
    fprintf(stderr, "bench_mpi: %s failed\n", what);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

/* The rank's rows, generated in blocks: ids, xs, the string bytes and their
 * offsets (int32 when the total allows, as hdf5lite and vaex choose). */
typedef struct gen {
    int64_t *id;
    double *x;
    char *s;
    unsigned char *off;
} gen;

static size_t fill(gen *g, uint64_t row0, uint32_t n, uint64_t sbyte, unsigned wd, int closing)
{
    size_t sl = 0;
    uint32_t i;
    for (i = 0; i <= n; i++) {
        uint64_t o = sbyte + sl;
        if (wd == 4) { uint32_t v = (uint32_t)o; memcpy(g->off + 4 * (size_t)i, &v, 4); }
        else memcpy(g->off + 8 * (size_t)i, &o, 8);
        if (i == n) break;
        g->id[i] = (int64_t)(row0 + i);
        g->x[i] = (double)(row0 + i) * 0.5;
        sl += put_rstr(g->s + sl, row0 + i);
    }
    (void)closing;
    return sl;
}

static hid_t dset(hid_t grp, const char *name, hid_t type, hsize_t n, hid_t dcpl)
{
    hid_t sp = H5Screate_simple(1, &n, NULL), d;
    d = H5Dcreate2(grp, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Sclose(sp);
    if (d < 0) die("H5Dcreate2");
    return d;
}

static void str_attr(hid_t obj, const char *name, const char *val)
{
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR), a;
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, &val) < 0) die("H5Acreate2");
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

/* Collective write of elements [first, first+n) of d from buf. */
static void put(hid_t d, hid_t mtype, hsize_t first, hsize_t n, const void *buf, hid_t xfer)
{
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &n, NULL);
    if (n) H5Sselect_hyperslab(fs, H5S_SELECT_SET, &first, NULL, &n, NULL);
    else { H5Sselect_none(fs); H5Sselect_none(ms); }
    if (H5Dwrite(d, mtype, ms, fs, xfer, buf) < 0) die("H5Dwrite");
    H5Sclose(ms);
    H5Sclose(fs);
}

int main(int argc, char **argv)
{
    int rank, np, phdf5;
    uint64_t rpr, first, rows, my_bytes, my_byte0 = 0, total_bytes = 0, r, sbyte;
    unsigned wd;
    gen g;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    if (argc != 4 || (strcmp(argv[1], "phdf5") && strcmp(argv[1], "raw") && strcmp(argv[1], "init")) ||
        (rpr = strtoull(argv[3], NULL, 10)) == 0) {
        if (rank == 0) fprintf(stderr, "usage: mpirun -np N bench_mpi phdf5|raw|init OUT ROWS_PER_RANK\n");
        MPI_Finalize();
        return 1;
    }
    if (!strcmp(argv[1], "init")) {
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_Finalize();
        return 0;
    }
    phdf5 = !strcmp(argv[1], "phdf5");
    first = (uint64_t)rank * rpr;
    rows = (uint64_t)np * rpr;
    my_bytes = str_bytes(first, first + rpr);
    MPI_Exscan(&my_bytes, &my_byte0, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) my_byte0 = 0;
    MPI_Allreduce(&my_bytes, &total_bytes, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    wd = total_bytes > 2147483647u ? 8 : 4;
    g.id = (int64_t *)malloc((size_t)BLOCK * 8);
    g.x = (double *)malloc((size_t)BLOCK * 8);
    g.s = (char *)malloc((size_t)BLOCK * 22);
    g.off = (unsigned char *)malloc((size_t)(BLOCK + 1) * 8);
    if (!g.id || !g.x || !g.s || !g.off) die("malloc");

    if (phdf5) {
        hid_t fapl = H5Pcreate(H5P_FILE_ACCESS), xfer = H5Pcreate(H5P_DATASET_XFER), f, t, c, gi, gx, gs;
        hid_t did, dx, dsd, dsi, s1 = H5Tcopy(H5T_C_S1), itype = wd == 4 ? H5T_STD_I32LE : H5T_STD_I64LE;
        hid_t mtype = wd == 4 ? H5T_NATIVE_INT32 : H5T_NATIVE_INT64;
        H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
        H5Pset_dxpl_mpio(xfer, H5FD_MPIO_COLLECTIVE);
        H5Tset_size(s1, 1);
        f = H5Fcreate(argv[2], H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        if (f < 0) die("H5Fcreate");
        t = H5Gcreate2(f, "table", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        str_attr(t, "type", "table");
        c = H5Gcreate2(t, "columns", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        str_attr(c, "column_order", "id,x,s");
        gi = H5Gcreate2(c, "id", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        gx = H5Gcreate2(c, "x", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        gs = H5Gcreate2(c, "s", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        {
            hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
            H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY); /* parallel HDF5 requires it for contiguous data */
            did = dset(gi, "data", H5T_STD_I64LE, rows, dcpl);
            dx = dset(gx, "data", H5T_IEEE_F64LE, rows, dcpl);
            dsd = dset(gs, "data", s1, total_bytes, dcpl);
            dsi = dset(gs, "indices", itype, rows + 1, dcpl);
            H5Pclose(dcpl);
        }
        str_attr(dsd, "dtype", "str");
        sbyte = my_byte0;
        /* collective: every rank makes the same number of calls */
        {
            uint64_t nblk = (rpr + BLOCK - 1) / BLOCK, k;
            for (k = 0; k < nblk; k++) {
                uint32_t n = rpr - k * BLOCK < BLOCK ? (uint32_t)(rpr - k * BLOCK) : BLOCK;
                int last = rank == np - 1 && k == nblk - 1;
                size_t sl = fill(&g, first + k * BLOCK, n, sbyte, wd, last);
                put(did, H5T_NATIVE_INT64, first + k * BLOCK, n, g.id, xfer);
                put(dx, H5T_NATIVE_DOUBLE, first + k * BLOCK, n, g.x, xfer);
                put(dsd, s1, sbyte, sl, g.s, xfer);
                put(dsi, mtype, first + k * BLOCK, n + (unsigned)last, g.off, xfer);
                sbyte += sl;
            }
        }
        H5Dclose(did);
        H5Dclose(dx);
        H5Dclose(dsd);
        H5Dclose(dsi);
        H5Gclose(gi);
        H5Gclose(gx);
        H5Gclose(gs);
        H5Gclose(c);
        H5Gclose(t);
        if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) die("H5Fflush");
        if (H5Fclose(f) < 0) die("H5Fclose");
        H5Pclose(fapl);
        H5Pclose(xfer);
        H5Tclose(s1);
    } else {
        /* the limit: the same bytes at the same places, no metadata */
        uint64_t off_id = 4096, off_x = off_id + 8 * rows, off_sd = off_x + 8 * rows, off_si = off_sd + total_bytes;
        int fd;
        if (rank == 0) {
            fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || ftruncate(fd, (off_t)(off_si + wd * (rows + 1))) != 0) die("create");
            close(fd);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        fd = open(argv[2], O_RDWR);
        if (fd < 0) die("open");
        sbyte = my_byte0;
        for (r = 0; r < rpr; r += BLOCK) {
            uint32_t n = rpr - r < BLOCK ? (uint32_t)(rpr - r) : BLOCK;
            int last = rank == np - 1 && r + n == rpr;
            size_t sl = fill(&g, first + r, n, sbyte, wd, last);
            if (pwrite(fd, g.id, 8 * (size_t)n, (off_t)(off_id + 8 * (first + r))) != (ssize_t)(8 * (size_t)n) ||
                pwrite(fd, g.x, 8 * (size_t)n, (off_t)(off_x + 8 * (first + r))) != (ssize_t)(8 * (size_t)n) ||
                pwrite(fd, g.s, sl, (off_t)(off_sd + sbyte)) != (ssize_t)sl ||
                pwrite(fd, g.off, wd * ((size_t)n + (size_t)last), (off_t)(off_si + wd * (first + r))) !=
                    (ssize_t)(wd * ((size_t)n + (size_t)last)))
                die("pwrite");
            sbyte += sl;
        }
        if (fsync(fd) != 0) die("fsync");
        close(fd);
        MPI_Barrier(MPI_COMM_WORLD);
    }
    free(g.id);
    free(g.x);
    free(g.s);
    free(g.off);
    MPI_Finalize();
    return 0;
}
