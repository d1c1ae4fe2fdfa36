/*
 * test_anomaly — failure injection, as SQLite's anomaly tests do it.
 *
 *   test_anomaly -d WORKDIR [-r FILE]... [-w ROWS]
 *
 * 1. Allocation failure while reading (every -r FILE): the N-th allocation
 *    fails, for N = 1, 2, ... until a run completes without reaching N; each
 *    N in two modes: only that allocation fails ("once"), or it and every
 *    later one ("persist"). The run is h5l_open_memory + a full walk
 *    (fuzz/walk.h) + h5l_close, and also h5l_open(path, NO_MMAP) + close.
 *    Every call must give H5L_ENOMEM or exactly what the clean run gave
 *    (same status, same values digest); H5L_ENOMEM only after a failure was
 *    injected; no contract violation; no live allocation after h5l_close.
 * 2. Allocation failure while writing the representative table
 *    (fuzz/tablegen.h): same loop over N and modes. Each failed attempt must
 *    give H5L_ENOMEM, free everything, leave no temporary file, and leave
 *    the pre-existing target byte-identical; a successful one must read
 *    back identical.
 * 3. Write-error injection through h5l_write_options.io_hook: the N-th OS
 *    call fails (errno EIO, or ENOSPC every third N), for every N until a
 *    write succeeds, with and without mmap and fsync; once, and with every
 *    later call failing too (close, rename...): the status is the errno's
 *    (H5L_EIO / H5L_ENOSPC), no temporary file, target untouched, no leak.
 * Exit 0 when all hold.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include "hdf5lite.h"
#include "../fuzz/walk.h"
#include "../fuzz/countalloc.h"
#include "../fuzz/tablegen.h"

static int failures;

#define FAIL(...) do { fprintf(stderr, "test_anomaly: FAIL: " __VA_ARGS__); fputc('\n', stderr); failures++; } while (0)

/* ---- the clean run's log ------------------------------------------------------- */
typedef struct logent {
    uint64_t key, digest;
    h5l_status st;
} logent;

typedef struct logbuf {
    logent *e;
    size_t n, cap;
    int oom;
} logbuf;

static void log_add(void *ctx, uint64_t key, const char *where, const char *op, uint64_t idx, h5l_status st, uint64_t digest)
{
    (void)where;
    (void)op;
    (void)idx;
    logbuf *l = (logbuf *)ctx;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 256;
        logent *ne = (logent *)realloc(l->e, nc * sizeof *ne);
        if (!ne) { l->oom = 1; return; }
        l->e = ne;
        l->cap = nc;
    }
    l->e[l->n].key = key;
    l->e[l->n].st = st;
    l->e[l->n].digest = digest;
    l->n++;
}

static int cmp_ent(const void *a, const void *b)
{
    uint64_t x = ((const logent *)a)->key, y = ((const logent *)b)->key;
    return x < y ? -1 : x > y;
}

typedef struct checker {
    const logbuf *base;
    countalloc *ca;
    const char *file;
    uint64_t n;
    const char *mode;
    uint64_t unmatched, enomem;
    int bad;
} checker;

static void log_check(void *ctx, uint64_t key, const char *where, const char *op, uint64_t idx, h5l_status st, uint64_t digest)
{
    checker *c = (checker *)ctx;
    logent k, *hit;
    if (st == H5L_ENOMEM) {
        c->enomem++;
        if (c->ca->failures == 0 && !c->bad) {
            FAIL("%s: N=%llu %s: H5L_ENOMEM with no allocation failed", c->file, (unsigned long long)c->n, c->mode);
            c->bad = 1;
        }
        return;
    }
    memset(&k, 0, sizeof k);
    k.key = key;
    hit = (logent *)bsearch(&k, c->base->e, c->base->n, sizeof k, cmp_ent);
    if (!hit) { c->unmatched++; return; }
    if ((hit->st != st || hit->digest != digest) && !c->bad) {
        FAIL("%s: N=%llu %s: %s %s #%llu gave %s (digest %llx) where the clean run gave %s (digest %llx)", c->file,
             (unsigned long long)c->n, c->mode, where, op, (unsigned long long)idx, h5l_status_name(st), (unsigned long long)digest, h5l_status_name(hit->st),
             (unsigned long long)hit->digest);
        c->bad = 1;
    }
}

/* ---- 1. reading ------------------------------------------------------------------ */
static void read_file_anomalies(const char *path)
{
    size_t size;
    unsigned char *buf = walk_load_file(path, &size);
    logbuf base;
    countalloc ca;
    h5l_allocator a;
    h5l_open_options oo;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    walk_stats ws;
    walk_opts wo;
    uint64_t n, runs = 0, base_calls, enomem_calls = 0;
    int mode;
    if (!buf) { FAIL("cannot read %s", path); return; }
    memset(&base, 0, sizeof base);
    countalloc_init(&ca);
    a = countalloc_allocator(&ca);
    oo.alloc = &a;
    oo.flags = 0;
    st = h5l_open_memory(buf, size, &oo, &f, &e);
    if (st != H5L_OK) { FAIL("%s: the clean open failed: %s: %s", path, h5l_status_name(st), e.msg); free(buf); return; }
    memset(&wo, 0, sizeof wo);
    wo.log = log_add;
    wo.log_ctx = &base;
    walk_file_ex(f, &wo, &ws);
    h5l_close(f);
    if (base.oom) { FAIL("out of memory"); free(buf); return; }
    if (ws.violations) FAIL("%s: clean run: %s", path, ws.violation);
    base_calls = ca.calls;
    qsort(base.e, base.n, sizeof *base.e, cmp_ent);

    for (mode = 0; mode < 2; mode++) {
        for (n = 1;; n++) {
            checker ck;
            countalloc_init(&ca);
            ca.fail_at = n;
            ca.fail_persist = mode;
            a = countalloc_allocator(&ca);
            memset(&ck, 0, sizeof ck);
            ck.base = &base;
            ck.ca = &ca;
            ck.file = path;
            ck.n = n;
            ck.mode = mode ? "persist" : "once";
            runs++;
            f = NULL;
            st = h5l_open_memory(buf, size, &oo, &f, &e);
            if (st != H5L_OK) {
                if (st != H5L_ENOMEM || ca.failures == 0)
                    FAIL("%s: N=%llu %s: open gave %s: %s", path, (unsigned long long)n, ck.mode, h5l_status_name(st), e.msg);
                if (f) FAIL("%s: open failed but set *out", path);
            } else {
                memset(&wo, 0, sizeof wo);
                wo.log = log_check;
                wo.log_ctx = &ck;
                walk_file_ex(f, &wo, &ws);
                h5l_close(f);
                if (ws.violations) FAIL("%s: N=%llu %s: %s", path, (unsigned long long)n, ck.mode, ws.violation);
                enomem_calls += ck.enomem;
            }
            if (ca.live_blocks || ca.bad_free)
                FAIL("%s: N=%llu %s: %llu allocations live after h5l_close%s", path, (unsigned long long)n, ck.mode,
                     (unsigned long long)ca.live_blocks, ca.bad_free ? " (and a foreign free)" : "");
            if (ca.failures == 0) break; /* N was past the last allocation: done */
            if (failures > 20) break;
        }
    }
    /* the path entry point (read into memory): open + close */
    for (n = 1;; n++) {
        countalloc_init(&ca);
        ca.fail_at = n;
        a = countalloc_allocator(&ca);
        oo.flags = H5L_OPEN_NO_MMAP;
        f = NULL;
        st = h5l_open(path, &oo, &f, &e);
        if (st == H5L_OK) h5l_close(f);
        else if (st != H5L_ENOMEM || ca.failures == 0) FAIL("%s: h5l_open N=%llu: %s: %s", path, (unsigned long long)n, h5l_status_name(st), e.msg);
        if (ca.live_blocks) FAIL("%s: h5l_open N=%llu: leak", path, (unsigned long long)n);
        runs++;
        if (ca.failures == 0) break;
    }
    oo.flags = 0;
    printf("test_anomaly: read %s: %llu allocations in a clean open+walk (%zu logged calls); %llu failure runs, %llu calls gave H5L_ENOMEM\n",
           path, (unsigned long long)base_calls, base.n, (unsigned long long)runs, (unsigned long long)enomem_calls);
    free(base.e);
    free(buf);
}

/* ---- helpers for the writer -------------------------------------------------------- */
static const char old_content[] = "a pre-existing file that a failed write must leave untouched\n";

static int write_old(const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    fwrite(old_content, 1, sizeof old_content - 1, fp);
    return fclose(fp);
}

static int is_old(const char *path)
{
    size_t n;
    unsigned char *b = walk_load_file(path, &n);
    int same = b && n == sizeof old_content - 1 && memcmp(b, old_content, n) == 0;
    free(b);
    return same;
}

/* Entries in dir other than `keep`; removes them (reports each). */
static int debris(const char *dir, const char *keep, const char *ctx)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    char p[1200];
    if (!d) return -1;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, keep)) continue;
        FAIL("%s: left %s/%s behind", ctx, dir, de->d_name);
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        remove(p);
        n++;
    }
    closedir(d);
    return n;
}

/* After a write attempt: rc 0 = must be the new table; rc -1 = must be the old file. */
static void check_outcome(const char *dir, const char *target, const tg_table *t, int rc, const tg_result *res,
                          h5l_status want_fail, const char *ctx)
{
    char why[400];
    if (rc == -2) {
        FAIL("%s: %s", ctx, res->why);
    } else if (rc == -1) {
        if (res->st != want_fail) FAIL("%s: failed with %s (%s), expected %s", ctx, h5l_status_name(res->st), res->err.msg, h5l_status_name(want_fail));
        if (res->err.code != res->st || !res->err.msg[0]) FAIL("%s: error record does not match the status", ctx);
        if (!is_old(target)) FAIL("%s: the pre-existing target was changed by a failed write", ctx);
    } else {
        if (tg_verify_path(target, t, why, sizeof why) != 0) FAIL("%s: written file differs: %s", ctx, why);
        if (write_old(target) != 0) FAIL("cannot restore %s", target);
    }
    debris(dir, "target.h5", ctx);
}

/* ---- 2. allocation failures while writing ------------------------------------------- */
static void write_alloc_anomalies(const char *dir, uint64_t rows)
{
    tg_table t;
    char target[1024], ctx[200];
    uint64_t n, runs = 0, clean_calls = 0;
    int mode, flags;
    if (tg_representative(&t, rows, 7) != 0) { FAIL("out of memory"); return; }
    snprintf(target, sizeof target, "%s/target.h5", dir);
    for (flags = 0; flags < 2; flags++)
        for (mode = 0; mode < 2; mode++)
            for (n = 1;; n++) {
                countalloc ca;
                h5l_allocator a;
                h5l_write_options wo;
                tg_result res;
                int rc;
                countalloc_init(&ca);
                ca.fail_at = n;
                ca.fail_persist = mode;
                a = countalloc_allocator(&ca);
                memset(&wo, 0, sizeof wo);
                wo.alloc = &a;
                wo.flags = H5L_WRITE_NO_SYNC | (flags ? H5L_WRITE_NO_MMAP : 0u);
                t.use_ptr = !flags;
                if (write_old(target) != 0) { FAIL("cannot create %s", target); tg_free(&t); return; }
                rc = tg_write(target, &t, &wo, &res);
                snprintf(ctx, sizeof ctx, "write alloc N=%llu %s%s", (unsigned long long)n, mode ? "persist" : "once", flags ? " no-mmap" : "");
                if (rc == -1 && ca.failures == 0) FAIL("%s: failed with no allocation failure: %s", ctx, res.err.msg);
                check_outcome(dir, target, &t, rc, &res, H5L_ENOMEM, ctx);
                if (ca.live_blocks || ca.bad_free) FAIL("%s: %llu allocations live after the writer returned", ctx, (unsigned long long)ca.live_blocks);
                runs++;
                if (ca.failures == 0) {
                    if (rc != 0) FAIL("%s: no failure injected but the write failed", ctx);
                    clean_calls = ca.calls;
                    break;
                }
                if (failures > 20) break;
            }
    printf("test_anomaly: write (%llu rows, %zu columns): %llu allocations in a clean write; %llu failure runs passed\n",
           (unsigned long long)rows, t.ncols, (unsigned long long)clean_calls, (unsigned long long)runs);
    tg_free(&t);
}

/* ---- 3. OS call failures while writing ------------------------------------------------ */
typedef struct iohook {
    uint64_t calls, fail_at;
    int persist;                 /* fail every call from fail_at on */
    int err;
    int failed;
    char failed_op[32];
    char ops[4096];              /* the clean run's sequence of calls */
} iohook;

static int io_hook(void *ctx, const char *op)
{
    iohook *h = (iohook *)ctx;
    h->calls++;
    if (h->fail_at == 0 && strlen(h->ops) + strlen(op) + 2 < sizeof h->ops) {
        strcat(h->ops, op);
        strcat(h->ops, " ");
    }
    if (h->fail_at && (h->calls == h->fail_at || (h->persist && h->calls > h->fail_at))) {
        if (!h->failed) snprintf(h->failed_op, sizeof h->failed_op, "%s", op);
        h->failed = 1;
        return h->err;
    }
    return 0;
}

static void write_io_anomalies(const char *dir, uint64_t rows)
{
    tg_table t;
    char target[1024], ctx[200];
    uint64_t n, runs = 0;
    int flags;
    if (tg_representative(&t, rows, 11) != 0) { FAIL("out of memory"); return; }
    snprintf(target, sizeof target, "%s/target.h5", dir);
    for (flags = 0; flags < 6; flags++) {
        iohook clean;
        int persist = flags >= 3;
        memset(&clean, 0, sizeof clean);
        for (n = 1;; n++) {
            iohook h;
            countalloc ca;
            h5l_allocator a;
            h5l_write_options wo;
            tg_result res;
            int rc;
            memset(&h, 0, sizeof h);
            h.fail_at = n;
            h.persist = persist;
            h.err = n % 3 == 0 ? ENOSPC : EIO;
            countalloc_init(&ca);
            a = countalloc_allocator(&ca);
            memset(&wo, 0, sizeof wo);
            wo.alloc = &a;
            /* 0: mmap + sync, 1: no mmap + sync, 2: mmap, no sync; 3..5 the same with every call from N on failing */
            wo.flags = flags % 3 == 1 ? H5L_WRITE_NO_MMAP : flags % 3 == 2 ? H5L_WRITE_NO_SYNC : 0u;
            wo.io_hook = io_hook;
            wo.io_ctx = &h;
            t.use_ptr = flags % 3 != 1;
            if (write_old(target) != 0) { FAIL("cannot create %s", target); tg_free(&t); return; }
            rc = tg_write(target, &t, &wo, &res);
            snprintf(ctx, sizeof ctx, "io failure N=%llu (%s of %s%s) flags %d", (unsigned long long)n, h.err == EIO ? "EIO" : "ENOSPC",
                     h.failed_op, persist ? " and every later call" : "", flags % 3);
            /* a failed OS call may only be survived when it was the mapping (a fallback to positional writes) */
            if (rc == 0 && h.failed && strcmp(h.failed_op, "mmap") != 0)
                FAIL("%s: the write reported success although the call failed", ctx);
            if (rc == -1 && !h.failed) FAIL("%s: failed with no call failed: %s: %s", ctx, h5l_status_name(res.st), res.err.msg);
            check_outcome(dir, target, &t, rc, &res, h.err == EIO ? H5L_EIO : H5L_ENOSPC, ctx);
            if (rc == -1 && res.err.sys_errno != h.err) FAIL("%s: sys_errno %d, injected %d", ctx, res.err.sys_errno, h.err);
            if (ca.live_blocks) FAIL("%s: %llu allocations live after the writer returned", ctx, (unsigned long long)ca.live_blocks);
            runs++;
            if (!h.failed) {
                if (rc != 0) FAIL("%s: nothing failed but the write did", ctx);
                break;
            }
            if (failures > 20) break;
        }
        /* the clean run's sequence, for the record */
        if (!persist) {
            h5l_write_options wo;
            tg_result res;
            memset(&wo, 0, sizeof wo);
            wo.flags = flags % 3 == 1 ? H5L_WRITE_NO_MMAP : flags % 3 == 2 ? H5L_WRITE_NO_SYNC : 0u;
            wo.io_hook = io_hook;
            wo.io_ctx = &clean;
            if (tg_write(target, &t, &wo, &res) != 0) FAIL("clean write failed");
            printf("test_anomaly: write flags %d: %llu OS calls: %s\n", flags, (unsigned long long)clean.calls, clean.ops);
        }
    }
    remove(target);
    printf("test_anomaly: io: %llu failure runs passed\n", (unsigned long long)runs);
    tg_free(&t);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    uint64_t rows = 100;
    int i, nread = 0;
    for (i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-d") && i + 1 < argc) dir = argv[++i];
        else if (!strcmp(argv[i], "-w") && i + 1 < argc) rows = strtoull(argv[++i], NULL, 10);
    if (!dir) {
        fprintf(stderr, "usage: test_anomaly -d WORKDIR [-r FILE]... [-w ROWS]\n");
        return 2;
    }
    mkdir(dir, 0777); /* the Makefile gives a fresh directory */
    failures = 0;
    for (i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-r") && i + 1 < argc) {
            read_file_anomalies(argv[++i]);
            nread++;
        }
    write_alloc_anomalies(dir, rows);
    write_io_anomalies(dir, rows);
    if (failures) {
        fprintf(stderr, "test_anomaly: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_anomaly: all passed (%d file(s) read)\n", nread);
    return 0;
}
