/*
 * walkcli [-v] [-q] FILE... — open each file, walk it (fuzz/walk.h) and print
 * what was visited, the first error and any contract violation; with -v every
 * error; with -q only a summary of the reader's peak allocation against the
 * file size (the bound the README states). A debugging and measuring aid for
 * the fuzz targets. Exit 1 on a violation.
 */
#include <stdio.h>
#include <string.h>
#include "hdf5lite.h"
#include "walk.h"
#include "countalloc.h"

int main(int argc, char **argv)
{
    int i, verbose = 0, quiet = 0, rc = 0;
    unsigned long nfiles = 0;
    double worst_ratio = 0;
    unsigned long long worst_small = 0, worst_peak = 0, worst_over = 0;
    const char *worst_file = "";
    for (i = 1; i < argc; i++) {
        countalloc ca;
        h5l_allocator a;
        h5l_open_options oo;
        h5l_file *f = NULL;
        h5l_error e;
        h5l_status st;
        walk_stats ws;
        walk_opts wo;
        if (strcmp(argv[i], "-v") == 0) { verbose = 1; continue; }
        if (strcmp(argv[i], "-q") == 0) { quiet = 1; continue; }
        countalloc_init(&ca);
        a = countalloc_allocator(&ca);
        oo.alloc = &a;
        oo.flags = 0;
        st = h5l_open(argv[i], &oo, &f, &e);
        nfiles++;
        if (st != H5L_OK) {
            if (!quiet) printf("%s: open: %s: %s\n", argv[i], h5l_status_name(st), e.msg);
            continue;
        }
        memset(&wo, 0, sizeof wo);
        wo.verbose = verbose;
        walk_file_ex(f, &wo, &ws);
        h5l_close(f);
        {
            unsigned long long size, peak = ca.peak_bytes;
            {
                FILE *fp = fopen(argv[i], "rb");
                long l = 0;
                if (fp) { fseek(fp, 0, SEEK_END); l = ftell(fp); fclose(fp); }
                size = (unsigned long long)(l > 0 ? l : 0);
            }
            if (peak > worst_peak) worst_peak = peak;
            if (size >= 4096 && (double)peak / (double)size > worst_ratio) { worst_ratio = (double)peak / (double)size; worst_file = argv[i]; }
            if (size < 4096 && peak > worst_small) worst_small = peak;
            if (peak > 4 * size && peak - 4 * size > worst_over) worst_over = peak - 4 * size;
        }
        if (ws.violations) {
            printf("%s: VIOLATIONS %llu, first: %s\n", argv[i], (unsigned long long)ws.violations, ws.violation);
            rc = 1;
        }
        if (quiet) continue;
        printf("%s: objects %llu (groups %llu datasets %llu types %llu) links %llu attrs %llu tables %llu columns %llu "
               "rows %llu elems %llu bytes %llu calls %llu errors %llu%s peak %llu B, max request %llu B, leak %llu\n",
               argv[i], (unsigned long long)ws.objects, (unsigned long long)ws.groups, (unsigned long long)ws.datasets,
               (unsigned long long)ws.datatypes, (unsigned long long)ws.links, (unsigned long long)ws.attrs,
               (unsigned long long)ws.tables, (unsigned long long)ws.columns, (unsigned long long)ws.rows,
               (unsigned long long)ws.elems, (unsigned long long)ws.bytes_read, (unsigned long long)ws.calls,
               (unsigned long long)ws.errors, ws.truncated ? " (limits reached)" : "", (unsigned long long)ca.peak_bytes,
               (unsigned long long)ca.max_request, (unsigned long long)ca.live_blocks);
        if (ws.errors) printf("  first error: %s\n", ws.first_error);
    }
    if (quiet)
        printf("walkcli: %lu files: peak allocation max %llu B; max peak/size %.2f (files >= 4 KiB, %s); "
               "max peak for files < 4 KiB %llu B; max (peak - 4 x size) %llu B\n",
               nfiles, worst_peak, worst_ratio, worst_file, worst_small, worst_over);
    return rc;
}
