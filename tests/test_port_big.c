/*
 * test_port_big.c — offsets past 4 GiB on every target.
 *
 *   test_port_big DIR
 *
 * Writes DIR/big.h5 (sparse, ~5 GiB) with a U8 dataset of 5 GiB rows whose
 * last rows and a small dataset after it are filled through
 * h5l_writer_write() (positional writes at offsets > 2^32), with the writer
 * not mapping the file (H5L_WRITE_NO_MMAP) and then with the default (mapped)
 * writer. Then:
 *   - 64-bit hosts: the file opens, the values at the end read back exactly,
 *     the data offsets are > 2^32;
 *   - 32-bit hosts: the writer works without mapping; opening the file gives
 *     H5L_EFBIG (larger than the address space), never a crash or a
 *     truncated view; the mapped writer either works or fails with H5L_EFBIG.
 * Needs ~5 GiB of sparse file space (a few KiB on disk); the file is removed.
 */
#include "test_port_common.h"

#define BIG ((uint64_t)5 << 30)

static int write_big(const char *path, unsigned flags, h5l_status *layout_st)
{
    h5l_writer *w = NULL;
    h5l_write_options wo;
    h5l_error e;
    h5l_dset big, small;
    uint64_t dims[1];
    unsigned char tail[8] = {1, 2, 3, 4, 5, 6, 7, 0xff};
    unsigned char sm[16];
    memset(&wo, 0, sizeof wo);
    wo.flags = flags | H5L_WRITE_NO_SYNC | H5L_WRITE_SPARSE;   /* 5 GiB of holes */
    if (!PCALL(h5l_writer_open(path, &wo, &w, &e), &e)) return 0;
    dims[0] = BIG;
    PCALL(h5l_writer_dataset(w, "/big", H5L_T_U8, 1, dims, &big, &e), &e);
    dims[0] = 4;
    PCALL(h5l_writer_dataset(w, "/small", H5L_T_I32 | H5L_T_BE, 1, dims, &small, &e), &e);
    *layout_st = h5l_writer_layout(w, &e);
    if (*layout_st != H5L_OK) {
        PCHECK(*layout_st == H5L_EFBIG && e.code == H5L_EFBIG, "layout: %s: %s", h5l_status_name(*layout_st), e.msg);
        h5l_writer_abort(w);
        return 0;
    }
    PCHECK(h5l_writer_size(w, big) == BIG, "size of /big");
    PCALL(h5l_writer_write(w, big, BIG - 8, 8, tail, &e), &e);
    port_fill(sm, port_type_by_code(H5L_T_I32), 0, 4, 99, 1);
    PCALL(h5l_writer_write(w, small, 0, 4, sm, &e), &e);
    PCHECK(h5l_writer_write(w, big, BIG - 7, 8, tail, &e) == H5L_EINVAL, "write past the end not EINVAL");
    return PCALL(h5l_writer_finish(w, &e), &e);
}

static void check_big(const char *path, unsigned oflags)
{
    h5l_file *f = NULL;
    h5l_open_options oo;
    h5l_error e;
    h5l_status st;
    memset(&oo, 0, sizeof oo);
    oo.flags = oflags;
    st = h5l_open(path, &oo, &f, &e);
    if (sizeof(void *) < 8) {
        PCHECK(st == H5L_EFBIG && f == NULL && e.code == H5L_EFBIG, "32-bit open of a 5 GiB file: %s (%s)", h5l_status_name(st), e.msg);
        if (f) h5l_close(f);
        return;
    }
    if (!PCALL(st, &e)) return;
    {
        h5l_obj *o = NULL;
        unsigned char got[16], want[16];
        if (PCALL(h5l_obj_open(f, "/big", &o, &e), &e)) {
            const h5l_dataset_info *di = h5l_obj_dataset(o);
            PCHECK(di && di->space.dims[0] == BIG && di->storage_size == BIG, "/big info");
            if (PCALL(h5l_dataset_read(o, BIG - 8, 8, got, 8, &e), &e))
                PCHECK(memcmp(got, "\x01\x02\x03\x04\x05\x06\x07\xff", 8) == 0, "/big tail");
            if (PCALL(h5l_dataset_read(o, 1000, 8, got, 8, &e), &e))
                PCHECK(memcmp(got, "\0\0\0\0\0\0\0\0", 8) == 0, "/big hole reads zeros");
            h5l_obj_close(o);
        }
        if (PCALL(h5l_obj_open(f, "/small", &o, &e), &e)) {
            const h5l_dataset_info *di = h5l_obj_dataset(o);
            PCHECK(di && di->offset > ((uint64_t)1 << 32), "/small offset %llu not past 4 GiB", di ? (unsigned long long)di->offset : 0ull);
            port_fill(want, port_type_by_code(H5L_T_I32), 0, 4, 99, -1);
            if (PCALL(h5l_dataset_read(o, 0, 4, got, 16, &e), &e)) PCHECK(memcmp(got, want, 16) == 0, "/small values");
            h5l_obj_close(o);
        }
    }
    h5l_close(f);
}

int main(int argc, char **argv)
{
    char path[1024];
    h5l_status ls = H5L_OK;
    if (argc != 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
    snprintf(path, sizeof path, "%s/big.h5", argv[1]);
    if (write_big(path, H5L_WRITE_NO_MMAP, &ls)) {
        check_big(path, 0);
        /* the heap-copy path would need 5 GiB of memory on 64-bit: only try it where it must fail early */
        if (sizeof(void *) < 8) check_big(path, H5L_OPEN_NO_MMAP);
    } else PCHECK(0, "the unmapped writer must handle a 5 GiB file (layout %s)", h5l_status_name(ls));
    remove(path);
    if (write_big(path, 0, &ls)) check_big(path, 0);
    else PCHECK(sizeof(void *) < 8 && ls == H5L_EFBIG, "mapped writer failed on a 64-bit host");
    remove(path);
    if (port_failures) {
        fprintf(stderr, "test_port_big: %d check(s) FAILED\n", port_failures);
        return 1;
    }
    printf("test_port_big: ok (%u-bit: %s)\n", (unsigned)(8 * sizeof(void *)),
           sizeof(void *) < 8 ? "5 GiB written unmapped, open refused with H5L_EFBIG" : "5 GiB written and read back");
    return 0;
}
