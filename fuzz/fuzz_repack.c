/*
 * fuzz_repack — libFuzzer/AFL++ target for h5l_repack (issue 18): the input
 * is an HDF5 file (seeds: tests/regress/repack/, files of every type and
 * link kind written by h5py, PyTables and hdf5lite), mutated, written to a
 * temporary file and repacked -- contiguous, or chunked with deflate or LZF
 * as the last input byte chooses. Properties, beyond "no crash, no hang, no
 * leak": a failure returns a status in 1..11 equal to err.code with a
 * message, and leaves no output file; a success leaves an output that opens
 * and whose every object, attribute, dataset value and table the walk
 * (walk.h) reads with no more errors than the input's walk met (an absent
 * table, say): repack read all of it, so the copy must read as well.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hdf5lite.h"
#include "walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[256], out[256];
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    h5l_repack_options o;
    h5l_error e;
    h5l_status st;
    FILE *fp;
    unsigned sel = size ? data[size - 1] : 0;
    snprintf(in, sizeof in, "%s/fuzz_repack.%ld.in.h5", dir, (long)getpid());
    snprintf(out, sizeof out, "%s/fuzz_repack.%ld.out.h5", dir, (long)getpid());
    unlink(out);
    fp = fopen(in, "wb");
    if (!fp) return 0;
    if (size && fwrite(data, 1, size, fp) != size) {
        fclose(fp);
        return 0;
    }
    fclose(fp);
    memset(&o, 0, sizeof o);
    o.write_flags = H5L_WRITE_NO_SYNC;
    o.threads = (sel & 0x10) ? 2 : 1;
    if (sel & 1) {
        o.layout = H5L_REPACK_CHUNKED;
        o.chunk_rows = 1 + (sel >> 5);
        o.compress = (sel & 2) ? H5L_COMPRESS_LZF : H5L_COMPRESS_DEFLATE;
        o.level = 1;
        o.chunk_flags = (sel & 4) ? H5L_CHUNK_SHUFFLE : 0;
    }
    memset(&e, 0, sizeof e);
    st = h5l_repack(in, out, &o, &e);
    if (st != H5L_OK) {
        if ((int)st < 1 || (int)st > 11 || e.code != st || !e.msg[0]) {
            fprintf(stderr, "fuzz_repack: status %d but err.code %d, message '%s'\n", (int)st, (int)e.code, e.msg);
            abort();
        }
        if (access(out, F_OK) == 0) {
            fprintf(stderr, "fuzz_repack: failed (%s) but left %s\n", e.msg, out);
            abort();
        }
    } else {
        h5l_file *f;
        walk_stats ws, wi;
        memset(&wi, 0, sizeof wi);
        if (h5l_open_memory(data, size, NULL, &f, &e) == H5L_OK) {
            walk_file(f, NULL, &wi);
            h5l_close(f);
        }
        if ((st = h5l_open(out, NULL, &f, &e)) != H5L_OK) {
            fprintf(stderr, "fuzz_repack: the output does not open: %s\n", e.msg);
            abort();
        }
        memset(&ws, 0, sizeof ws);
        walk_file(f, NULL, &ws);
        h5l_close(f);
        if (ws.violations || (ws.errors > wi.errors && !ws.truncated && !wi.truncated)) {
            fprintf(stderr, "fuzz_repack: the output reads with %llu errors (input %llu), %llu breaches: %s %s\n",
                    (unsigned long long)ws.errors, (unsigned long long)wi.errors, (unsigned long long)ws.violations, ws.first_error,
                    ws.violation);
            abort();
        }
    }
    unlink(in);
    unlink(out);
    return 0;
}
