/* SOHM variants: every shareable message type indexed, dense attributes whose
 * messages live in the SOHM heap, attribute dataspaces shared. */
#include <hdf5.h>
#include <stdio.h>
#include <string.h>
static void mk(const char *fn, int nidx, int dense)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), f, sp, sps, dcpl, d, a;
    hsize_t n = 4, chunk = 2; long long v[4] = {10, -2, 30, 4}; double dv[4] = {0.5, 1.5, -2.5, 3.5};
    char name[32]; int i, k;
    H5Pset_shared_mesg_nindexes(fcpl, (unsigned)nidx);
    if (nidx == 1) H5Pset_shared_mesg_index(fcpl, 0, H5O_SHMESG_ALL_FLAG, 1);
    else {
        H5Pset_shared_mesg_index(fcpl, 0, H5O_SHMESG_SDSPACE_FLAG, 1);
        H5Pset_shared_mesg_index(fcpl, 1, H5O_SHMESG_DTYPE_FLAG, 1);
        H5Pset_shared_mesg_index(fcpl, 2, H5O_SHMESG_FILL_FLAG, 1);
        H5Pset_shared_mesg_index(fcpl, 3, H5O_SHMESG_PLINE_FLAG, 1);
        H5Pset_shared_mesg_index(fcpl, 4, H5O_SHMESG_ATTR_FLAG, 1);
    }
    H5Pset_shared_mesg_phase_change(fcpl, 2, 1); /* B-tree index early */
    f = H5Fcreate(fn, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    sp = H5Screate_simple(1, &n, NULL);
    sps = H5Screate(H5S_SCALAR);
    for (i = 0; i < 6; i++) {
        dcpl = H5Pcreate(H5P_DATASET_CREATE);
        if (dense) H5Pset_attr_phase_change(dcpl, 0, 0);
        { long long fv = 7; H5Pset_fill_value(dcpl, H5T_STD_I64LE, &fv); }
        snprintf(name, sizeof name, "%s%d", i % 2 ? "f" : "i", i);
        d = H5Dcreate2(f, name, i % 2 ? H5T_IEEE_F64BE : H5T_STD_I64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        if (i % 2) H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dv);
        else H5Dwrite(d, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
        for (k = 0; k < 3; k++) {
            int av[4] = {k, k + 1, k + 2, i};
            snprintf(name, sizeof name, "attr%d", k);
            a = H5Acreate2(d, name, H5T_STD_I32LE, k == 2 ? sps : sp, H5P_DEFAULT, H5P_DEFAULT);
            H5Awrite(a, H5T_NATIVE_INT, av);
            H5Aclose(a);
        }
        H5Dclose(d);
        H5Pclose(dcpl);
    }
    /* one chunked + filtered dataset: pline message shared */
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    H5Pset_deflate(dcpl, 4);
    d = H5Dcreate2(f, "z", H5T_STD_I64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    H5Dclose(d); H5Pclose(dcpl);
    H5Sclose(sp); H5Sclose(sps); H5Pclose(fcpl);
    H5Fclose(f);
}
int main(void)
{
    mk("sohm_all1.h5", 1, 0);
    mk("sohm_five.h5", 5, 0);
    mk("sohm_dense.h5", 5, 1);
    mk("sohm_dense1.h5", 1, 1);
    return 0;
}
