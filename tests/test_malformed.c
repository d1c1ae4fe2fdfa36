/*
 * test_malformed — every prefix truncation and every single-byte change of
 * the metadata bytes of small valid files, each opened from memory and fully
 * walked (fuzz/walk.h). Built with ASan + UBSan (-fno-sanitize-recover=all)
 * by tests/robust.mk.
 *
 *   test_malformed [-s STRIDE] [-c CASE_SECONDS] [-t TOTAL_SECONDS] [-o CRASHFILE] FILE...
 *
 * -s applies to the files after it: 1 = every position (the default),
 * K = every K-th position (with a per-file phase so that runs differ little).
 * Metadata bytes = every byte outside the raw-data regions of the intact
 * file's contiguous datasets (h5l_dataset_info offset/storage_size). Each
 * metadata byte is changed three ways: xor 0xff, set to 0x00, set to 0xff.
 * Inside a checksummed structure (superblock v2/3, OHDR, OCHK, BTHD, BTIN,
 * BTLF, FRHP, FHIB, FSHD, FSSE: found in the intact file by their signature
 * and the length at which a lookup3 checksum follows) each change is also
 * run with the checksum recomputed, so that the parser behind the checksum
 * sees it too.
 *
 * Every intact file must open and walk with no contract violation. Every
 * case must give a clean error (status 1..11 equal to err.code, non-empty
 * message) or a valid result, no sanitizer report, no leak (the counting
 * allocator: live blocks 0 after h5l_close), no allocation beyond
 * 16 x size + 1 MiB, within CASE_SECONDS (alarm) — and the whole run within
 * TOTAL_SECONDS. A failing case is written to CRASHFILE (default
 * build/malformed-failure.h5) for tests/regress/.
 * Prints per file: cases, how many opened, peak allocation / file size.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include "hdf5lite.h"
#include "../fuzz/walk.h"
#include "../fuzz/countalloc.h"

#define MEM_FACTOR 16u

/* The case being run, for the crash handlers (test-program state only). */
static const unsigned char *cur_buf;
static size_t cur_len;
static char cur_desc[512];
static const char *crash_path = "build/malformed-failure.h5";

static void save_case(void)
{
    int fd;
    if (!cur_buf) return;
    fd = open(crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        size_t off = 0;
        while (off < cur_len) {
            ssize_t r = write(fd, cur_buf + off, cur_len - off);
            if (r <= 0) break;
            off += (size_t)r;
        }
        close(fd);
    }
    (void)!write(2, "test_malformed: FAILING CASE: ", 30);
    (void)!write(2, cur_desc, strlen(cur_desc));
    (void)!write(2, "\ntest_malformed: input saved to ", 32);
    (void)!write(2, crash_path, strlen(crash_path));
    (void)!write(2, "\n", 1);
}

#if defined(TEST_SANITIZED)
void __sanitizer_set_death_callback(void (*callback)(void));
#endif

static void on_signal(int sig)
{
    if (sig == SIGALRM) (void)!write(2, "test_malformed: TIMEOUT (case took too long)\n", 45);
    save_case();
    signal(sig, SIG_DFL);
    if (sig == SIGALRM) abort();
    raise(sig);
}

static void fail_case(const char *why)
{
    fprintf(stderr, "test_malformed: FAIL: %s\n", why);
    save_case();
    exit(1);
}

/* ---- raw-data regions ---------------------------------------------------------- */
typedef struct regions {
    unsigned char *is_data;      /* one flag per file byte */
    size_t size;
} regions;

static void on_dataset(void *ctx, const h5l_dataset_info *di)
{
    regions *r = (regions *)ctx;
    uint64_t i, end;
    if (di->layout != H5L_LAYOUT_CONTIGUOUS || !di->allocated || di->offset == H5L_NO_OFFSET) return;
    end = di->offset + di->storage_size;
    if (end < di->offset || end > r->size) return;
    for (i = di->offset; i < end; i++) r->is_data[i] = 1;
}

#include "../fuzz/csum.h"

/* The region whose checksummed bytes contain pos, or NULL. */
static const csum_region *csum_at(const csum_region *r, size_t n, size_t pos)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (pos >= r[i].start && pos < r[i].start + r[i].len) return &r[i];
    return NULL;
}

/* ---- one case -------------------------------------------------------------------- */
typedef struct totals {
    uint64_t cases, opened, clean_errors, peak_max;
    double peak_ratio;           /* max peak / size over cases */
    uint64_t max_request;
    uint64_t max_calls;
} totals;

static void run_case(const unsigned char *buf, size_t len, totals *tt)
{
    countalloc ca;
    h5l_allocator a;
    h5l_open_options oo;
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    walk_stats ws;
    char why[700];
    uint64_t bound = (uint64_t)MEM_FACTOR * len + ((uint64_t)1 << 20);

    countalloc_init(&ca);
    a = countalloc_allocator(&ca);
    oo.alloc = &a;
    oo.flags = 0;
    tt->cases++;
    st = h5l_open_memory(len ? (const void *)buf : (const void *)"", len, &oo, &f, &e);
    if (st != H5L_OK) {
        if (f) fail_case("open failed but set *out");
        if ((unsigned)st > (unsigned)H5L_ETYPE || e.code != st || !memchr(e.msg, 0, sizeof e.msg) || e.msg[0] == 0) {
            snprintf(why, sizeof why, "open returned %d with err.code %d and a bad message", (int)st, (int)e.code);
            fail_case(why);
        }
        tt->clean_errors++;
    } else {
        tt->opened++;
        if (walk_file(f, NULL, &ws) != 0) fail_case("walk: out of memory");
        if (ws.violations) {
            snprintf(why, sizeof why, "contract violation: %s", ws.violation);
            fail_case(why);
        }
        if (ws.calls > tt->max_calls) tt->max_calls = ws.calls;
        h5l_close(f);
    }
    if (ca.live_blocks || ca.live_bytes) {
        snprintf(why, sizeof why, "leak: %llu blocks (%llu bytes) live after h5l_close", (unsigned long long)ca.live_blocks,
                 (unsigned long long)ca.live_bytes);
        fail_case(why);
    }
    if (ca.bad_free) fail_case("the library freed a block it did not allocate");
    if (ca.peak_bytes > bound) {
        snprintf(why, sizeof why, "peak allocation %llu bytes for %zu bytes of input", (unsigned long long)ca.peak_bytes, len);
        fail_case(why);
    }
    if (ca.peak_bytes > tt->peak_max) tt->peak_max = ca.peak_bytes;
    /* the ratio only means something above the fixed costs (handles, first arena blocks) */
    if (len >= 4096 && (double)ca.peak_bytes / (double)len > tt->peak_ratio) tt->peak_ratio = (double)ca.peak_bytes / (double)len;
    if (ca.max_request > tt->max_request) tt->max_request = ca.max_request;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned stride = 1, case_seconds = 10, total_seconds = 600;
    int i, nfiles = 0;
    double t0 = now();
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    signal(SIGABRT, on_signal);
    signal(SIGALRM, on_signal);
#if defined(TEST_SANITIZED)
    __sanitizer_set_death_callback(save_case);
#endif
    for (i = 1; i < argc; i++) {
        unsigned char *orig, *work;
        size_t n, pos, len, nmeta = 0;
        regions rg;
        totals tt;
        walk_stats ws;
        walk_opts wo;
        h5l_file *f = NULL;
        h5l_error e;
        h5l_status st;
        unsigned phase;
        double tf = now();
        static csum_region csr[CSUM_MAX_REGIONS];
        size_t ncsr = 0;
        uint64_t fixed_cases = 0;
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) { stride = (unsigned)atoi(argv[++i]); if (!stride) stride = 1; continue; }
        if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) { case_seconds = (unsigned)atoi(argv[++i]); continue; }
        if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) { total_seconds = (unsigned)atoi(argv[++i]); continue; }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) { crash_path = argv[++i]; continue; }
        orig = walk_load_file(argv[i], &n);
        if (!orig) {
            fprintf(stderr, "test_malformed: FAIL: cannot read %s\n", argv[i]);
            exit(1);
        }
        nfiles++;
        /* the intact file: opens, walks cleanly; find its raw-data regions */
        rg.size = n;
        rg.is_data = (unsigned char *)calloc(n ? n : 1, 1);
        work = (unsigned char *)malloc(n ? n : 1);
        if (!rg.is_data || !work) {
            fprintf(stderr, "test_malformed: out of memory\n");
            free(rg.is_data);
            free(work);
            free(orig);
            exit(1);
        }
        st = h5l_open_memory(orig, n, NULL, &f, &e);
        if (st != H5L_OK) {
            fprintf(stderr, "test_malformed: FAIL: %s: the intact file does not open: %s: %s\n", argv[i], h5l_status_name(st), e.msg);
            exit(1);
        }
        memset(&wo, 0, sizeof wo);
        wo.on_dataset = on_dataset;
        wo.on_dataset_ctx = &rg;
        walk_file_ex(f, &wo, &ws);
        h5l_close(f);
        if (ws.violations) {
            fprintf(stderr, "test_malformed: FAIL: %s: intact file: %s\n", argv[i], ws.violation);
            exit(1);
        }
        for (pos = 0; pos < n; pos++) nmeta += !rg.is_data[pos];
        ncsr = csum_find(orig, n, csr, CSUM_MAX_REGIONS, (size_t)-1, CSUM_MAX_LEN);
        memset(&tt, 0, sizeof tt);
        phase = (unsigned)(n % stride);

        /* every prefix truncation */
        for (len = 0; len < n; len++) {
            unsigned char *tb;
            if (stride > 1 && len % stride != phase && len + 1 != n && len > 128) continue;
            tb = (unsigned char *)malloc(len ? len : 1); /* exact size: ASan sees overreads */
            if (!tb) exit(1);
            memcpy(tb, orig, len);
            cur_buf = tb;
            cur_len = len;
            snprintf(cur_desc, sizeof cur_desc, "%s truncated to %zu bytes", argv[i], len);
            alarm(case_seconds);
            run_case(tb, len, &tt);
            alarm(0);
            free(tb);
        }
        /* every metadata byte, three ways */
        memcpy(work, orig, n);
        for (pos = 0; pos < n; pos++) {
            static const char *const opname[3] = {"xor 0xff", "set 0x00", "set 0xff"};
            unsigned op;
            if (rg.is_data[pos]) continue;
            if (stride > 1 && pos % stride != phase) continue;
            for (op = 0; op < 3; op++) {
                unsigned char v = op == 0 ? (unsigned char)(orig[pos] ^ 0xff) : op == 1 ? 0x00 : 0xff;
                if (v == orig[pos]) continue;
                work[pos] = v;
                cur_buf = work;
                cur_len = n;
                snprintf(cur_desc, sizeof cur_desc, "%s byte %zu (0x%02x) %s", argv[i], pos, orig[pos], opname[op]);
                alarm(case_seconds);
                run_case(work, n, &tt);
                alarm(0);
                {
                    /* the same change behind a recomputed checksum */
                    const csum_region *cr = csum_at(csr, ncsr, pos);
                    if (cr) {
                        uint32_t ck = csum_lookup3(work + cr->start, cr->len);
                        unsigned char *q = work + cr->start + cr->len;
                        q[0] = (unsigned char)ck; q[1] = (unsigned char)(ck >> 8);
                        q[2] = (unsigned char)(ck >> 16); q[3] = (unsigned char)(ck >> 24);
                        snprintf(cur_desc, sizeof cur_desc, "%s byte %zu (0x%02x) %s, checksum at %zu recomputed", argv[i], pos,
                                 orig[pos], opname[op], cr->start + cr->len);
                        alarm(case_seconds);
                        run_case(work, n, &tt);
                        alarm(0);
                        memcpy(q, orig + cr->start + cr->len, 4);
                        fixed_cases++;
                    }
                }
            }
            work[pos] = orig[pos];
            if (now() - t0 > total_seconds) {
                fprintf(stderr, "test_malformed: FAIL: over the total time bound of %u s (at %s byte %zu)\n", total_seconds, argv[i], pos);
                exit(1);
            }
        }
        cur_buf = NULL;
        printf("test_malformed: %s: %zu checksummed structures, %llu cases behind a recomputed checksum\n", argv[i], ncsr,
               (unsigned long long)fixed_cases);
        printf("test_malformed: %s: %zu bytes (%zu metadata), stride %u: %llu cases, %llu opened, %llu clean errors, "
               "peak alloc %llu B (max %.1f x size for inputs >= 4 KiB), largest request %llu B, max calls/walk %llu, %.1f s\n",
               argv[i], n, nmeta, stride, (unsigned long long)tt.cases, (unsigned long long)tt.opened,
               (unsigned long long)tt.clean_errors, (unsigned long long)tt.peak_max, tt.peak_ratio,
               (unsigned long long)tt.max_request, (unsigned long long)tt.max_calls, now() - tf);
        fflush(stdout);
        free(rg.is_data);
        free(work);
        free(orig);
    }
    if (nfiles == 0) {
        fprintf(stderr, "test_malformed: FAIL: no input files\n");
        return 1;
    }
    printf("test_malformed: %d file(s) passed in %.1f s\n", nfiles, now() - t0);
    return 0;
}
