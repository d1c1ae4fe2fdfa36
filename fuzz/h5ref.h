/* libhdf5 as the reference for the fuzz targets: an in-memory file (core
 * driver, no backing store) with one chunked dataset of one chunk, chunk
 * cache disabled so that every read goes through the filter pipeline. */
#include <hdf5.h>

typedef struct ref_ds {
    hid_t file, dset, type;
    size_t nbytes;            /* bytes of the one chunk */
} ref_ds;

static void ref_init(void)
{
    static int done;
    if (!done) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        done = 1;
    }
}

/* Create the dataset (nelmts elements, one chunk) with type and dcpl
 * (dcpl: filters and fill value set, chunk set here). 0 on success. One
 * in-memory file serves the whole run: dataset "d" is created and unlinked
 * for each input (a file per input costs 10x the time). */
static int ref_create(ref_ds *r, hid_t type, hid_t dcpl, hsize_t nelmts)
{
    static hid_t file = -1;
    hid_t space, dapl;
    ref_init();
    memset(r, 0, sizeof *r);
    if (file < 0) {
        hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_fapl_core(fapl, 1 << 20, 0);
        file = H5Fcreate("fuzz-ref.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        H5Pclose(fapl);
        if (file < 0) return -1;
    }
    r->file = file;
    if (H5Pset_chunk(dcpl, 1, &nelmts) < 0) return -1;
    space = H5Screate_simple(1, &nelmts, NULL);
    dapl = H5Pcreate(H5P_DATASET_ACCESS);
    H5Pset_chunk_cache(dapl, 0, 0, 1.0);
    r->dset = H5Dcreate2(r->file, "d", type, space, H5P_DEFAULT, dcpl, dapl);
    H5Pclose(dapl);
    H5Sclose(space);
    if (r->dset < 0) return -1;
    r->type = H5Dget_type(r->dset);
    r->nbytes = (size_t)nelmts * H5Tget_size(r->type);
    return 0;
}

static void ref_close(ref_ds *r)
{
    if (r->type > 0) H5Tclose(r->type);
    if (r->dset > 0) {
        H5Dclose(r->dset);
        H5Ldelete(r->file, "d", H5P_DEFAULT);
    }
    memset(r, 0, sizeof *r);
}

/* The dataset's pipeline values of filter fid (as libhdf5 stored them). */
static int ref_cd(ref_ds *r, H5Z_filter_t fid, uint32_t *cd, size_t *ncd)
{
    hid_t dcpl = H5Dget_create_plist(r->dset);
    unsigned flags, v[256];
    size_t n = 256, i;
    herr_t e = H5Pget_filter_by_id2(dcpl, fid, &flags, &n, v, 0, NULL, NULL);
    H5Pclose(dcpl);
    if (e < 0 || n > 256) return -1;
    for (i = 0; i < n; i++) cd[i] = v[i];
    *ncd = n;
    return 0;
}

/* The stored bytes of the chunk (after H5Dwrite): malloc'ed, or NULL. */
static uint8_t *ref_read_chunk(ref_ds *r, size_t *n, uint32_t *mask)
{
    hsize_t off = 0, sz = 0;
    uint8_t *buf;
    H5Dflush(r->dset);
    if (H5Dget_chunk_storage_size(r->dset, &off, &sz) < 0 || sz == 0) return NULL;
    buf = (uint8_t *)malloc((size_t)sz);
    if (H5Dread_chunk(r->dset, H5P_DEFAULT, &off, mask, buf) < 0) {
        free(buf);
        return NULL;
    }
    *n = (size_t)sz;
    return buf;
}

/* Store src[0..n) as the chunk (filter mask 0) and read the dataset back
 * through the pipeline with the file's type as memory type (no conversion).
 * 0 and out[0..nbytes) on success. */
static int ref_decode(ref_ds *r, const uint8_t *src, size_t n, uint8_t *out)
{
    hsize_t off = 0;
    if (H5Dwrite_chunk(r->dset, H5P_DEFAULT, 0, &off, n, src) < 0) return -1;
    return H5Dread(r->dset, r->type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0 ? -1 : 0;
}

static void ref_dump(const char *what, const uint8_t *p, size_t n)
{
    size_t i;
    fprintf(stderr, "%s (%zu):", what, n);
    for (i = 0; i < n && i < 96; i++) fprintf(stderr, " %02x", p[i]);
    fprintf(stderr, "\n");
}

/* Counters, printed at exit (FUZZ_STATS=1): how often each path ran. */
static unsigned long ref_stat[8];
static void ref_stats_print(void)
{
    fprintf(stderr, "stats: created %lu, ours refused %lu, compared %lu, libhdf5 chunks %lu, mutated compared %lu\n",
            ref_stat[0], ref_stat[1], ref_stat[2], ref_stat[3], ref_stat[4]);
}
static void ref_stats_init(void)
{
    static int done;
    if (!done && getenv("FUZZ_STATS")) atexit(ref_stats_print);
    done = 1;
}
