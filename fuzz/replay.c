/*
 * replay — a main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput over every file named on the command line (a
 * directory: every regular file in it, sorted), or over stdin when there are
 * no arguments (AFL++ without persistent mode: `afl-fuzz ... -- prog @@` also
 * works, the file comes as an argument).
 * Each input has REPLAY_TIMEOUT seconds (default 25; alarm()): a slower one
 * is reported as a hang and aborts.
 * Exit status 0 when every input ran (a finding aborts the process).
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
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Targets with a custom mutator call libFuzzer's; replay never mutates. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    (void)data;
    (void)max_size;
    return size;
}

static char current[1024];      /* the input running, for the timeout message */
static unsigned timeout_s = 25;

static void on_alarm(int sig)
{
    (void)sig;
    (void)!write(2, "replay: TIMEOUT (hang) on ", 26);
    (void)!write(2, current, strlen(current));
    (void)!write(2, "\n", 1);
    abort();
}

static int run_stream(FILE *fp, const char *name, int quiet)
{
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = (unsigned char *)malloc(cap), *exact;
    if (!buf) return -1;
    for (;;) {
        size_t r;
        if (n == cap) {
            unsigned char *nb = (unsigned char *)realloc(buf, cap * 2);
            if (!nb) { free(buf); return -1; }
            buf = nb;
            cap *= 2;
        }
        r = fread(buf + n, 1, cap - n, fp);
        if (r == 0) break;
        n += r;
    }
    /* an exact-size copy, so that ASan sees reads past the end */
    exact = (unsigned char *)malloc(n ? n : 1);
    if (!exact) { free(buf); return -1; }
    memcpy(exact, buf, n);
    free(buf);
    if (!quiet) fprintf(stderr, "replay: %s (%zu bytes)\n", name, n);
    snprintf(current, sizeof current, "%s", name);
    alarm(timeout_s);
    LLVMFuzzerTestOneInput(exact, n);
    alarm(0);
    free(exact);
    return 0;
}

static int run_file(const char *path, int quiet)
{
    FILE *fp = fopen(path, "rb");
    int r;
    if (!fp) { perror(path); return -1; }
    r = run_stream(fp, path, quiet);
    fclose(fp);
    return r;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int run_dir(const char *dir, int quiet, unsigned long *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;
    if (!d) { perror(dir); return -1; }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            char **nn = (char **)realloc(names, (cap ? cap * 2 : 64) * sizeof *names);
            if (!nn) { rc = -1; break; }
            names = nn;
            cap = cap ? cap * 2 : 64;
        }
        names[n] = (char *)malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (!names[n]) { rc = -1; break; }
        sprintf(names[n], "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        struct stat sb;
        if (rc == 0 && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (run_file(names[i], quiet) != 0) rc = -1;
            else (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int i, quiet = 0, rc = 0;
    unsigned long count = 0;
    const char *to = getenv("REPLAY_TIMEOUT");
    if (to && atoi(to) > 0) timeout_s = (unsigned)atoi(to);
    signal(SIGALRM, on_alarm);
    if (argc < 2) return run_stream(stdin, "<stdin>", 1) == 0 ? 0 : 1;
    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-q") == 0) { quiet = 1; continue; }
        if (argv[i][0] == '-') continue; /* libFuzzer-style flags are ignored */
        if (stat(argv[i], &sb) != 0) { perror(argv[i]); rc = 1; continue; }
        if (S_ISDIR(sb.st_mode)) { if (run_dir(argv[i], quiet, &count) != 0) rc = 1; }
        else if (run_file(argv[i], quiet) != 0) rc = 1;
        else count++;
    }
    fprintf(stderr, "replay: %lu input(s) ran without a finding\n", count);
    return rc;
}
