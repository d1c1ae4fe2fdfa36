// test_port_cxx.cpp — hdf5lite.h compiles as C++ (extern "C", no C-only
// constructs) and the library links into a C++ program.
#include "hdf5lite.h"
#include <cstdio>
#include <cstring>

int main()
{
    h5l_error err;
    h5l_file *f = 0;
    std::memset(&err, 0, sizeof err);
    // A missing file must fail cleanly with an OS error code.
    h5l_status st = h5l_open("this/file/does/not/exist.h5", 0, &f, &err);
    if (st != H5L_EIO || f != 0 || err.code != H5L_EIO) {
        std::fprintf(stderr, "test_port_cxx: h5l_open of a missing file gave %s\n", h5l_status_name(st));
        return 1;
    }
    if (std::strcmp(h5l_version(), H5L_VERSION_STRING) != 0 || h5l_type_code_size(H5L_T_STR(5)) != 5 ||
        h5l_type_code_size(H5L_T_F64 | H5L_T_BE) != 8) {
        std::fprintf(stderr, "test_port_cxx: version/type sizes wrong\n");
        return 1;
    }
    std::printf("test_port_cxx: ok (%s)\n", h5l_version());
    return 0;
}
