/*
 * test_write_fail.c — injected failures in the writer. After every failure:
 * the documented error code (and the injected errno in sys_errno), a message,
 * no temporary file left in the directory, and a file that was at the target
 * path before byte-identical (or still absent if there was none).
 *
 *   RLIMIT_FSIZE (child process, SIGXFSZ ignored)          -> H5L_EFBIG
 *   a 1 MiB tmpfs (mount needs root; else io_hook ENOSPC)   -> H5L_ENOSPC
 *   io_hook returning EIO / ENOSPC / EFBIG at the first and
 *   the last call of every operation the writer makes      -> EIO / ENOSPC / EFBIG
 *
 * Usage: test_write_fail DIR
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#define _FILE_OFFSET_BITS 64
#include "hdf5lite.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned npass, nfail;

static void check(int ok, const char *fmt, const char *a, const char *b)
{
    if (ok) {
        npass++;
        return;
    }
    nfail++;
    printf("FAIL: ");
    printf(fmt, a, b);
    printf("\n");
    fflush(stdout);
}

static const char *const OPS[] = {"open", "pwrite", "ftruncate", "fallocate", "mmap", "msync", "fsync", "close", "rename", "link"};
#define NOPS 10

typedef struct hook {
    const char *fail_op;   /* NULL: count only */
    unsigned fail_at;      /* 1-based call number of fail_op to fail; 0 = never */
    int err;
    unsigned counts[NOPS];
} hook;

static int hook_fn(void *ctx, const char *op)
{
    hook *h = (hook *)ctx;
    unsigned i;
    for (i = 0; i < NOPS; i++) {
        if (!strcmp(op, OPS[i])) {
            h->counts[i]++;
            if (h->fail_op && !strcmp(op, h->fail_op) && h->counts[i] == h->fail_at) return h->err;
            return 0;
        }
    }
    return 0;
}

static const unsigned char *old_content(size_t *n)
{
    static unsigned char buf[5000];
    size_t i;
    for (i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + 3);
    memcpy(buf, "OLD FILE, must survive", 22);
    *n = sizeof buf;
    return buf;
}

static void put_old(const char *path)
{
    size_t n;
    const unsigned char *c = old_content(&n);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(c, 1, n, f) != n) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

static int same_as_old(const char *path)
{
    size_t n, i;
    const unsigned char *c = old_content(&n);
    FILE *f = fopen(path, "rb");
    int ch, ok = 1;
    if (!f) return 0;
    for (i = 0; i < n; i++) {
        ch = fgetc(f);
        if (ch != c[i]) {
            ok = 0;
            break;
        }
    }
    if (ok && fgetc(f) != EOF) ok = 0;
    fclose(f);
    return ok;
}

/* Number of entries "<base>.tmp*" in dir. */
static int temp_files(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    char pre[256];
    snprintf(pre, sizeof pre, "%s.tmp", base);
    if (!d) return -1;
    while ((de = readdir(d)) != NULL)
        if (!strncmp(de->d_name, pre, strlen(pre))) n++;
    closedir(d);
    return n;
}

/* Write a small file: groups, attributes, datasets of `data_bytes` bytes.
 * Fill with the pointer (if any) or with writes. Returns the first failing status. */
static h5l_status write_file(const char *path, unsigned flags, hook *h, uint64_t data_bytes, unsigned ngroups,
                             h5l_error *e, const char **where)
{
    h5l_write_options o;
    h5l_writer *w = NULL;
    h5l_status st;
    h5l_dset d1, d2, d3;
    h5l_chunking ck;
    uint64_t n1 = data_bytes / 8, n2 = 100, n3 = 0, c3 = 512;
    unsigned i;
    double *buf;
    memset(&o, 0, sizeof o);
    o.flags = flags;
    if (h) {
        o.io_hook = hook_fn;
        o.io_ctx = h;
    }
    *where = "h5l_writer_open";
    if ((st = h5l_writer_open(path, &o, &w, e)) != H5L_OK) return st;
    *where = "declare";
    if ((st = h5l_writer_attr_string(w, "/", "type", "table", e)) != H5L_OK) goto abort;
    if ((st = h5l_writer_dataset(w, "/g/big", H5L_T_F64, 1, &n1, &d1, e)) != H5L_OK) goto abort;
    if ((st = h5l_writer_dataset(w, "/g/small", H5L_T_I32 | H5L_T_BE, 1, &n2, &d2, e)) != H5L_OK) goto abort;
    /* chunked, compressed, extendible: its chunks, B-tree and patches are writes after layout */
    memset(&ck, 0, sizeof ck);
    ck.chunk = &c3;
    ck.flags = H5L_CHUNK_EXTENDIBLE | H5L_CHUNK_SHUFFLE;
    ck.compress = H5L_COMPRESS_DEFLATE;
    if ((st = h5l_writer_dataset_chunked(w, "/g/chunked", H5L_T_F64, 1, &n3, &ck, &d3, e)) != H5L_OK) goto abort;
    for (i = 0; i < ngroups; i++) {
        char p[64];
        snprintf(p, sizeof p, "/many/group_with_a_long_name_%06u", i);
        if ((st = h5l_writer_group(w, p, e)) != H5L_OK) goto abort;
    }
    *where = "h5l_writer_layout";
    if ((st = h5l_writer_layout(w, e)) != H5L_OK) goto abort;
    *where = "fill";
    buf = (double *)malloc((size_t)(n1 ? n1 * 8 : 8));
    if (!buf) exit(2);
    for (i = 0; i < n1; i++) buf[i] = i * 0.5;
    {
        double *p = (double *)h5l_writer_ptr(w, d1);
        if (p) memcpy(p, buf, (size_t)(n1 * 8));
        else st = h5l_writer_write(w, d1, 0, n1, buf, e);
    }
    if (st == H5L_OK) st = h5l_writer_write(w, d2, 0, n2, buf, e);
    for (i = 0; st == H5L_OK && i * 1000 < n1; i++)          /* in batches: chunks go out as they fill */
        st = h5l_writer_write(w, d3, i * 1000, n1 - i * 1000 < 1000 ? n1 - i * 1000 : 1000, buf + i * 1000, e);
    free(buf);
    if (st != H5L_OK) goto abort;
    *where = "h5l_writer_finish";
    return h5l_writer_finish(w, e);
abort:
    h5l_writer_abort(w);
    return st;
}

/* One scenario: run, then check code, no temp, old file intact. */
static void scenario(const char *label, const char *dir, const char *base, int preexisting, h5l_status got,
                     h5l_status want, const h5l_error *e, const char *where, int want_errno)
{
    char path[1024], msg[1400];
    snprintf(path, sizeof path, "%s/%s", dir, base);
    snprintf(msg, sizeof msg, "%s: %s returned %s (%s), expected %s", label, where, h5l_status_name(got),
             got ? e->msg : "", h5l_status_name(want));
    check(got == want, "%s%s", msg, "");
    if (got != H5L_OK) {
        check(e->code == got, "%s: err.code differs from the returned status%s", label, "");
        check(e->msg[0] != 0, "%s: empty error message%s", label, "");
        if (want_errno) {
            snprintf(msg, sizeof msg, "%s: sys_errno %d, expected %d", label, e->sys_errno, want_errno);
            check(e->sys_errno == want_errno, "%s%s", msg, "");
        }
    }
    check(temp_files(dir, base) == 0, "%s: temporary file left in %s", label, dir);
    if (preexisting) check(same_as_old(path), "%s: pre-existing %s changed", label, path);
    else check(access(path, F_OK) != 0, "%s: %s exists after a failure", label, path);
}

static void rlimit_test(const char *dir, unsigned flags, const char *label)
{
    char path[1024];
    pid_t pid;
    int status;
    snprintf(path, sizeof path, "%s/fsize.h5", dir);
    put_old(path);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        struct rlimit rl;
        h5l_error e;
        const char *where;
        h5l_status st;
        signal(SIGXFSZ, SIG_IGN);
        rl.rlim_cur = rl.rlim_max = 256 * 1024;
        setrlimit(RLIMIT_FSIZE, &rl);
        memset(&e, 0, sizeof e);
        st = write_file(path, flags, NULL, 4u << 20, 0, &e, &where);
        npass = nfail = 0;
        scenario(label, dir, "fsize.h5", 1, st, H5L_EFBIG, &e, where, EFBIG);
        fflush(stdout);
        _exit(nfail ? 1 : 0);
    }
    waitpid(pid, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child failed or crashed (see above)%s", label, "");
    remove(path);
}

/* Fill through the map on a full file system, in a child: SIGBUS is a
 * crash (the space was neither reserved nor checked at layout). */
static void mapped_enospc(const char *path, const char *mnt, unsigned flags, const char *label)
{
    pid_t pid;
    int status;
    h5l_error e;
    const char *where;
    h5l_status st;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        npass = nfail = 0;
        st = write_file(path, flags, NULL, 4u << 20, 0, &e, &where);
        scenario(label, mnt, "full.h5", 1, st, H5L_ENOSPC, &e, where, ENOSPC);
        fflush(stdout);
        _exit(nfail ? 1 : 0);
    }
    waitpid(pid, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child %s", label,
          WIFSIGNALED(status) ? (WTERMSIG(status) == SIGBUS ? "killed by SIGBUS (space not reserved at layout)"
                                                             : "killed by a signal")
                              : "failed (see above)");
}

static void enospc_tmpfs(const char *dir)
{
    char mnt[1024], path[1100];
    h5l_error e;
    const char *where;
    h5l_status st;
    snprintf(mnt, sizeof mnt, "%s/tmpfs1m", dir);
    mkdir(mnt, 0777);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=1m") != 0) {
        hook h;
        printf("test_write_fail: cannot mount a 1 MiB tmpfs (%s): using io_hook ENOSPC instead\n", strerror(errno));
        snprintf(path, sizeof path, "%s/nospc.h5", dir);
        put_old(path);
        memset(&h, 0, sizeof h);
        h.fail_op = "pwrite";
        h.fail_at = 1;
        h.err = ENOSPC;
        st = write_file(path, 0, &h, 4u << 20, 0, &e, &where);
        scenario("ENOSPC (io_hook)", dir, "nospc.h5", 1, st, H5L_ENOSPC, &e, where, ENOSPC);
        remove(path);
        return;
    }
    printf("test_write_fail: mounted a 1 MiB tmpfs at %s\n", mnt);
    snprintf(path, sizeof path, "%s/full.h5", mnt);
    /* data through positional writes: the writes hit the full file system */
    put_old(path);
    st = write_file(path, H5L_WRITE_NO_MMAP, NULL, 4u << 20, 0, &e, &where);
    scenario("ENOSPC tmpfs, data by h5l_writer_write", mnt, "full.h5", 1, st, H5L_ENOSPC, &e, where, ENOSPC);
    /* metadata alone larger than the file system */
    st = write_file(path, 0, NULL, 8, 12000, &e, &where);
    scenario("ENOSPC tmpfs, metadata larger than the fs", mnt, "full.h5", 1, st, H5L_ENOSPC, &e, where, ENOSPC);
    /* data through the map on a full fs */
    mapped_enospc(path, mnt, 0, "ENOSPC tmpfs, data by h5l_writer_ptr");
    /* the same with H5L_WRITE_SPARSE: no reservation, the free-space check
     * at layout must refuse instead */
    mapped_enospc(path, mnt, H5L_WRITE_SPARSE, "ENOSPC tmpfs, SPARSE, data by h5l_writer_ptr");
    remove(path);
    umount(mnt);
    rmdir(mnt);
}

/* Layout reserves the data's blocks (Linux: posix_fallocate) unless
 * H5L_WRITE_SPARSE, and for positional writes (H5L_WRITE_NO_MMAP) only on
 * file systems that allocate blocks: on tmpfs reserving just zeroes the
 * memory once more. st_blocks after layout, before any data is written.
 * `in_memory`: dir is a tmpfs. */
static void reserve_test(const char *dir, int in_memory)
{
#if defined(__linux__)
    static const unsigned flags[4] = {0, H5L_WRITE_SPARSE, H5L_WRITE_NO_MMAP, H5L_WRITE_NO_MMAP | H5L_WRITE_SPARSE};
    static const char *const names[4] = {"default", "H5L_WRITE_SPARSE", "H5L_WRITE_NO_MMAP",
                                         "H5L_WRITE_NO_MMAP|H5L_WRITE_SPARSE"};
    unsigned k;
    for (k = 0; k < 4; k++) {
        char path[1024];
        h5l_write_options o;
        h5l_writer *w = NULL;
        h5l_error e;
        h5l_dset d;
        uint64_t n = (uint64_t)4 << 20;   /* 32 MiB of f64 */
        struct stat sb;
        const char *tmp;
        int want_sparse = (flags[k] & H5L_WRITE_SPARSE) || ((flags[k] & H5L_WRITE_NO_MMAP) && in_memory);
        snprintf(path, sizeof path, "%s/reserve.h5", dir);
        memset(&o, 0, sizeof o);
        o.flags = flags[k] | H5L_WRITE_NO_SYNC;
        if (h5l_writer_open(path, &o, &w, &e) || h5l_writer_dataset(w, "/d", H5L_T_F64, 1, &n, &d, &e) ||
            h5l_writer_layout(w, &e)) {
            check(0, "reserve test: %s%s", e.msg, "");
            h5l_writer_abort(w);
            return;
        }
        tmp = h5l_writer_temp_path(w);
        if (tmp && stat(tmp, &sb) == 0) {
            uint64_t on_disk = (uint64_t)sb.st_blocks * 512;
            char msg[300];
            snprintf(msg, sizeof msg, "%s%s: %llu bytes allocated after layout for 32 MiB of data", names[k],
                     in_memory ? " on tmpfs" : "", (unsigned long long)on_disk);
            printf("test_write_fail: %s\n", msg);
            if (want_sparse) check(on_disk < ((uint64_t)1 << 20), "%s (expected a sparse file)%s", msg, "");
            /* file systems without fallocate stay sparse: tmpfs has it, elsewhere either is fine */
            else if (in_memory) check(on_disk >= n * 8, "%s (expected the data reserved)%s", msg, "");
            else check(on_disk >= n * 8 || on_disk < ((uint64_t)1 << 20), "%s (neither reserved nor sparse)%s", msg, "");
        } else {
            check(0, "reserve test: cannot stat the temporary file%s%s", "", "");
        }
        h5l_writer_abort(w);
    }
#else
    (void)dir;
    (void)in_memory;
#endif
}

/* A tmpfs directory to run reserve_test in: /dev/shm where it is one. */
static int is_tmpfs(const char *dir)
{
#if defined(__linux__)
    struct statfs sf;
    return statfs(dir, &sf) == 0 && (unsigned long)sf.f_type == 0x01021994ul;
#else
    (void)dir;
    return 0;
#endif
}

static void hook_tests(const char *dir)
{
    static const struct { int err; h5l_status code; } ERRS[] = {{EIO, H5L_EIO}, {ENOSPC, H5L_ENOSPC}, {EFBIG, H5L_EFBIG}};
    unsigned flags_list[2] = {0, H5L_WRITE_NO_MMAP};
    unsigned fi, oi, ei, which;
    char path[1024], label[256];
    for (fi = 0; fi < 2; fi++) {
        hook base;
        h5l_error e;
        const char *where;
        h5l_status st;
        snprintf(path, sizeof path, "%s/hook.h5", dir);
        remove(path);
        memset(&base, 0, sizeof base);
        st = write_file(path, flags_list[fi], &base, 1u << 16, 3, &e, &where);
        check(st == H5L_OK, "baseline write with a counting hook failed: %s %s", where, e.msg);
        for (oi = 0; oi < NOPS; oi++) {
            int expect_called = !(fi == 1 && (!strcmp(OPS[oi], "mmap") || !strcmp(OPS[oi], "msync")));
            printf("  %s: %s called %u times\n", fi ? "NO_MMAP" : "mmap", OPS[oi], base.counts[oi]);
            if (expect_called && !(!strcmp(OPS[oi], "msync") || !strcmp(OPS[oi], "mmap")))
                check(base.counts[oi] > 0, "writer never calls %s%s", OPS[oi], "");
        }
        for (oi = 0; oi < NOPS; oi++) {
            for (which = 0; which < 3; which++) {     /* the first, the last and the middle call */
                unsigned at = which == 0 ? 1 : which == 1 ? base.counts[oi] : (base.counts[oi] + 1) / 2;
                if (base.counts[oi] == 0 || (which == 1 && at == 1) || (which == 2 && (at == 1 || at == base.counts[oi]))) continue;
                for (ei = 0; ei < 3; ei++) {
                    hook h;
                    int pre = (ei + which) % 2 == 0;
                    memset(&h, 0, sizeof h);
                    h.fail_op = OPS[oi];
                    h.fail_at = at;
                    h.err = ERRS[ei].err;
                    remove(path);
                    if (pre) put_old(path);
                    memset(&e, 0, sizeof e);
                    st = write_file(path, flags_list[fi], &h, 1u << 16, 3, &e, &where);
                    snprintf(label, sizeof label, "%s: %s call %u fails with %s", fi ? "NO_MMAP" : "mmap", OPS[oi], at,
                             strerror(ERRS[ei].err));
                    if (!strcmp(OPS[oi], "mmap") && st == H5L_OK) {
                        /* falling back to positional writes is allowed */
                        printf("  note: %s: writer fell back to positional writes\n", label);
                        npass++;
                        continue;
                    }
                    scenario(label, dir, "hook.h5", pre, st, ERRS[ei].code, &e, where, ERRS[ei].err);
                }
            }
        }
    }
    remove(path);
}

int main(int argc, char **argv)
{
    const char *dir;
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    dir = argv[1];
    mkdir(dir, 0777);
    rlimit_test(dir, 0, "RLIMIT_FSIZE 256 KiB (mmap writer)");
    rlimit_test(dir, H5L_WRITE_NO_MMAP, "RLIMIT_FSIZE 256 KiB (NO_MMAP writer)");
    enospc_tmpfs(dir);
    reserve_test(dir, is_tmpfs(dir));
    if (!is_tmpfs(dir) && is_tmpfs("/dev/shm")) reserve_test("/dev/shm", 1);
    hook_tests(dir);
    printf("test_write_fail: %u passed, %u failed\n", npass, nfail);
    return nfail ? 1 : 0;
}
