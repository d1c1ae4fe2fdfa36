/*
 * tests/alloc_audit.c -- an LD_PRELOAD shim (glibc) that audits a process's
 * heap: the largest single request and the peak of live bytes, and a cap on
 * any single request (tests/alloc_audit.sh runs every mmapcol read command
 * under it).
 *
 *   ALLOC_AUDIT_CAP=N   a single request of more than N bytes is refused:
 *                       NULL with errno ENOMEM, so the caller's clean failure
 *                       path runs -- and one line "over_cap request=N fn=F"
 *                       is appended to the log, so the test sees that it was
 *                       even attempted. Unset or 0: no cap.
 *   ALLOC_AUDIT_LOG=F   the log (appended with write(2), never stdio); at exit
 *                       "max_request=N peak=N" is appended.
 *
 * Forwards to glibc's __libc_malloc & co (exported by every glibc, and never
 * back through this shim: no dlsym, so no recursion at start-up). Live bytes
 * are counted with malloc_usable_size, the same figure at allocation and at
 * free. Counters are atomics: mmapcol reads on threads.
 *
 *   cc -shared -fPIC -o alloc_audit.so tests/alloc_audit.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static uint64_t max_request, live, peak;
static uint64_t cap;          /* 0: none */
static int cap_read;          /* 0: not yet, 1: read */

/* getenv does not allocate; read lazily (a constructor may run after the
 * first malloc of another library's constructor). */
static uint64_t get_cap(void)
{
    if (!__atomic_load_n(&cap_read, __ATOMIC_ACQUIRE)) {
        const char *s = getenv("ALLOC_AUDIT_CAP");
        uint64_t v = 0;
        for (; s && *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint64_t)(*s - '0');
        __atomic_store_n(&cap, v, __ATOMIC_RELAXED);
        __atomic_store_n(&cap_read, 1, __ATOMIC_RELEASE);
    }
    return __atomic_load_n(&cap, __ATOMIC_RELAXED);
}

static char *put_u64(char *p, uint64_t v)
{
    char t[24];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (n) *p++ = t[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s) *p++ = *s++;
    return p;
}

static void log_line(const char *line, size_t n)
{
    const char *path = getenv("ALLOC_AUDIT_LOG");
    int fd, e = errno;
    if (!path || !*path) return;
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) { errno = e; return; }
    while (n) {
        ssize_t w = write(fd, line, n);
        if (w <= 0) break;
        line += w;
        n -= (size_t)w;
    }
    close(fd);
    errno = e;
}

/* 1: the request of n bytes may go ahead (and counts as seen). */
static int admit(uint64_t n, const char *fn)
{
    uint64_t m = __atomic_load_n(&max_request, __ATOMIC_RELAXED), c;
    while (n > m && !__atomic_compare_exchange_n(&max_request, &m, n, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
    c = get_cap();
    if (c && n > c) {
        char line[96], *p = line;
        p = put_str(p, "over_cap request=");
        p = put_u64(p, n);
        p = put_str(p, " fn=");
        p = put_str(p, fn);
        *p++ = '\n';
        log_line(line, (size_t)(p - line));
        errno = ENOMEM;
        return 0;
    }
    return 1;
}

static void add_live(void *p)
{
    uint64_t n, now, pk;
    if (!p) return;
    n = malloc_usable_size(p);
    now = __atomic_add_fetch(&live, n, __ATOMIC_RELAXED);
    pk = __atomic_load_n(&peak, __ATOMIC_RELAXED);
    while (now > pk && !__atomic_compare_exchange_n(&peak, &pk, now, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
}

static void sub_live(void *p)
{
    if (p) __atomic_sub_fetch(&live, (uint64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
    void *p;
    if (!admit(n, "malloc")) return NULL;
    p = __libc_malloc(n);
    add_live(p);
    return p;
}

void *calloc(size_t k, size_t n)
{
    void *p;
    uint64_t t = (n && k > SIZE_MAX / n) ? UINT64_MAX : (uint64_t)k * n;
    if (!admit(t, "calloc")) return NULL;
    p = __libc_calloc(k, n);
    add_live(p);
    return p;
}

void *realloc(void *old, size_t n)
{
    void *p;
    size_t was;
    if (!old) return malloc(n);
    if (n == 0) {
        free(old);
        return NULL;
    }
    if (!admit(n, "realloc")) return NULL;     /* old stays valid, as realloc's failure leaves it */
    was = malloc_usable_size(old);
    p = __libc_realloc(old, n);
    if (p) {
        __atomic_sub_fetch(&live, (uint64_t)was, __ATOMIC_RELAXED);
        add_live(p);
    }
    return p;
}

void free(void *p)
{
    if (!p) return;
    sub_live(p);
    __libc_free(p);
}

static void *aligned(size_t al, size_t n, const char *fn)
{
    void *p;
    if (!admit(n, fn)) return NULL;
    p = __libc_memalign(al, n);
    add_live(p);
    return p;
}

void *memalign(size_t al, size_t n) { return aligned(al, n, "memalign"); }
void *aligned_alloc(size_t al, size_t n) { return aligned(al, n, "aligned_alloc"); }
void *valloc(size_t n) { return aligned((size_t)sysconf(_SC_PAGESIZE), n, "valloc"); }

int posix_memalign(void **out, size_t al, size_t n)
{
    void *p;
    if (al < sizeof(void *) || (al & (al - 1)) != 0) return EINVAL;
    p = aligned(al, n, "posix_memalign");
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

__attribute__((destructor)) static void alloc_audit_report(void)
{
    char line[96], *p = line;
    p = put_str(p, "max_request=");
    p = put_u64(p, __atomic_load_n(&max_request, __ATOMIC_RELAXED));
    p = put_str(p, " peak=");
    p = put_u64(p, __atomic_load_n(&peak, __ATOMIC_RELAXED));
    *p++ = '\n';
    log_line(line, (size_t)(p - line));
}
