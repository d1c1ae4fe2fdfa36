/*
 * h5walk — the libhdf5 peer of `mmapcol ls` for bench/bench_cli.sh: open the
 * file, visit every link, open every dataset and print its path, type size,
 * rank and data offset (H5Dget_offset), as a program using libhdf5 would
 * to list a table's columns and where their data lies.
 *
 *   h5walk FILE > listing
 */
#include <hdf5.h>
#include <stdio.h>

static herr_t cb(hid_t root, const char *name, const H5L_info_t *info, void *ctx)
{
    H5O_info_t oi;
    (void)info;
    (void)ctx;
    if (H5Oget_info_by_name2(root, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return 0;
    if (oi.type == H5O_TYPE_DATASET) {
        hid_t d = H5Dopen2(root, name, H5P_DEFAULT), t, s;
        if (d < 0) return 0;
        t = H5Dget_type(d);
        s = H5Dget_space(d);
        printf("/%s\tdataset\t%zu\t%d\t%llu\n", name, H5Tget_size(t), H5Sget_simple_extent_ndims(s),
               (unsigned long long)H5Dget_offset(d));
        H5Sclose(s);
        H5Tclose(t);
        H5Dclose(d);
    } else {
        printf("/%s\t%s\n", name, oi.type == H5O_TYPE_GROUP ? "group" : "other");
    }
    return 0;
}

int main(int argc, char **argv)
{
    hid_t f;
    if (argc != 2) { fprintf(stderr, "usage: h5walk FILE\n"); return 2; }
    f = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return 1;
    H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, cb, NULL);
    H5Fclose(f);
    return 0;
}
