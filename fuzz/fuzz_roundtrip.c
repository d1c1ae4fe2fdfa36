/*
 * fuzz_roundtrip — libFuzzer/AFL++ target: the input bytes choose a table
 * (fuzz/tablegen.h: column kinds, element types and byte orders, names,
 * row count, values, validity, metadata, dictionaries, fill through mmap
 * pointers or positional writes); hdf5lite writes it to a temporary
 * directory (under $TMPDIR, default /dev/shm or /tmp), reads it back with
 * h5l_open + h5l_table_open and compares everything. Any difference, a
 * rejected valid table, a leak, a leftover temporary file or a walk
 * contract violation aborts.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hdf5lite.h"
#include "walk.h"
#include "countalloc.h"
#include "tablegen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char rt_dir[512];

static void rt_cleanup(void)
{
    DIR *d;
    struct dirent *de;
    char p[1024];
    if (!rt_dir[0]) return;
    d = opendir(rt_dir);
    if (d) {
        while ((de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.') continue;
            snprintf(p, sizeof p, "%s/%s", rt_dir, de->d_name);
            remove(p);
        }
        closedir(d);
    }
    rmdir(rt_dir);
}

static void rt_init(void)
{
    const char *base = getenv("TMPDIR");
    struct stat sb;
    if (rt_dir[0]) return;
    if (!base || !*base) base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(rt_dir, sizeof rt_dir, "%s/h5l_rt_XXXXXX", base);
    if (!mkdtemp(rt_dir)) {
        perror("fuzz_roundtrip: mkdtemp");
        abort();
    }
    atexit(rt_cleanup);
}

/* Names in the directory other than `keep`: how many. */
static int rt_debris(const char *keep)
{
    DIR *d = opendir(rt_dir);
    struct dirent *de;
    int n = 0;
    if (!d) return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && (de->d_name[1] == 0 || (de->d_name[1] == '.' && de->d_name[2] == 0))) continue;
        if (keep && strcmp(de->d_name, keep) == 0) continue;
        fprintf(stderr, "fuzz_roundtrip: leftover file %s/%s\n", rt_dir, de->d_name);
        n++;
    }
    closedir(d);
    return n;
}

/* Keep the file that failed beside the temporary directory, for the report. */
static void rt_keep(const char *path)
{
    char keep[700], *slash;
    snprintf(keep, sizeof keep, "%s", rt_dir);
    slash = strrchr(keep, '/');
    if (!slash) return;
    snprintf(slash, sizeof keep - (size_t)(slash - keep), "/h5l-roundtrip-failure.h5");
    if (rename(path, keep) == 0) fprintf(stderr, "fuzz_roundtrip: the file is kept as %s\n", keep);
}

static void rt_describe(const tg_table *t)
{
    size_t i;
    fprintf(stderr, "table %s, %zu columns, use_ptr %d:\n", t->group ? t->group : "/table", t->ncols, t->use_ptr);
    for (i = 0; i < t->ncols; i++) {
        const tg_col *c = &t->cols[i];
        fprintf(stderr, "  '%s' kind %d type 0x%llx rows %llu inner %u validity %d bytes %llu%s\n", c->name, (int)c->kind,
                (unsigned long long)c->type, (unsigned long long)c->rows, c->inner_rank, (int)c->validity,
                (unsigned long long)c->data_bytes, c->dict ? (c->dict->kind == H5L_COL_STRING ? " dict:strings" : " dict:numbers") : "");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tg_table t;
    tg_src s;
    tg_result res;
    countalloc wa, ra;
    h5l_allocator wal, ral;
    h5l_write_options wo;
    h5l_open_options oo;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    char path[700], why[400];
    int rc;
    walk_stats ws;

    rt_init();
    s = tg_src_bytes(data, size);
    if (tg_generate(&t, &s, 300) != 0) return 0; /* harness out of memory */
    snprintf(path, sizeof path, "%s/rt.h5", rt_dir);

    countalloc_init(&wa);
    wal = countalloc_allocator(&wa);
    memset(&wo, 0, sizeof wo);
    wo.alloc = &wal;
    wo.flags = H5L_WRITE_NO_SYNC | (size && (data[size - 1] & 1) ? H5L_WRITE_NO_MMAP : 0u);
    rc = tg_write(path, &t, &wo, &res);
    if (rc != 0) {
        rt_describe(&t);
        if (rc == -1) fprintf(stderr, "fuzz_roundtrip: the writer refused a valid table: %s: %s\n", h5l_status_name(res.st), res.err.msg);
        else fprintf(stderr, "fuzz_roundtrip: %s\n", res.why);
        abort();
    }
    if (wa.live_blocks || wa.bad_free) {
        fprintf(stderr, "fuzz_roundtrip: writer leak: %llu blocks live after finish\n", (unsigned long long)wa.live_blocks);
        abort();
    }
    if (rt_debris("rt.h5") != 0) abort();

    countalloc_init(&ra);
    ral = countalloc_allocator(&ra);
    oo.alloc = &ral;
    oo.flags = size && (data[0] & 1) ? H5L_OPEN_NO_MMAP : 0u;
    st = h5l_open(path, &oo, &f, &e);
    if (st != H5L_OK) {
        rt_describe(&t);
        fprintf(stderr, "fuzz_roundtrip: cannot open what was written: %s: %s\n", h5l_status_name(st), e.msg);
        rt_keep(path);
        abort();
    }
    if (tg_verify(f, &t, why, sizeof why) != 0) {
        rt_describe(&t);
        fprintf(stderr, "fuzz_roundtrip: read back differs: %s\n", why);
        rt_keep(path);
        abort();
    }
    if (walk_file(f, NULL, &ws) == 0 && ws.violations) {
        rt_describe(&t);
        fprintf(stderr, "fuzz_roundtrip: walk: %s\n", ws.violation);
        rt_keep(path);
        abort();
    }
    h5l_close(f);
    if (ra.live_blocks || ra.bad_free) {
        fprintf(stderr, "fuzz_roundtrip: reader leak: %llu blocks live after h5l_close\n", (unsigned long long)ra.live_blocks);
        abort();
    }
    remove(path);
    tg_free(&t);
    return 0;
}
