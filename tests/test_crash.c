/*
 * test_crash — a writer killed with SIGKILL at random points never leaves a
 * damaged file at the target path.
 *
 *   test_crash -d WORKDIR [-n RUNS] [-r ROWS] [-s SEED]
 *
 * A child process writes the representative table (fuzz/tablegen.h, ROWS
 * rows, fsync on) to WORKDIR/target.h5 while the parent kills it with SIGKILL
 * after a random delay in [0, the time a whole write takes]. Before
 * each run the target holds an older valid hdf5lite file (2 runs in 3) or
 * does not exist. Afterwards the target must be byte-identical to the old
 * file (or still absent), or be a complete new file: h5l_open + the table
 * read back identical + a walk with no contract violation. Temporary files:
 * on Linux the writer's temporary has no name (O_TMPFILE), so a kill leaves
 * nothing (at most one in a run: a kill between naming the finished file
 * and renaming it); with -N (H5L_WRITE_NAMED_TEMP) each kill may leave its
 * "target.h5.tmpXXXXXX". Either way a complete write afterwards must remove
 * every one of them (they are aged first: a fresh one could be a writer that
 * has just created it). POSIX only (fork/kill).
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
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "hdf5lite.h"
#include "../fuzz/walk.h"
#include "../fuzz/tablegen.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int save(const char *path, const unsigned char *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    if (n && fwrite(b, 1, n, fp) != n) { fclose(fp); return -1; }
    return fclose(fp);
}

/* Count every entry except target.h5: temporaries a killed writer left.
 * mode 0: count; 1: also age them by an hour (so that the next writer may
 * take them for abandoned); 2: remove them. */
static int debris(const char *dir, int mode, int *bad_names)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    char p[1200];
    if (!d) return 0;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "target.h5")) continue;
        if (strncmp(de->d_name, "target.h5.tmp", 13) != 0) {
            fprintf(stderr, "test_crash: FAIL: unexpected file %s/%s\n", dir, de->d_name);
            (*bad_names)++;
        }
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (mode == 1) {
            struct timespec ts[2];
            clock_gettime(CLOCK_REALTIME, &ts[0]);
            ts[0].tv_sec -= 3600;
            ts[1] = ts[0];
            (void)utimensat(AT_FDCWD, p, ts, 0);
        } else if (mode == 2) {
            remove(p);
        }
        n++;
    }
    closedir(d);
    return n;
}

static int named_temps;   /* -N: H5L_WRITE_NAMED_TEMP */

static void child_write(const char *target, const tg_table *t)
{
    h5l_write_options wo;
    tg_result res;
    memset(&wo, 0, sizeof wo);
    if (named_temps) wo.flags = H5L_WRITE_NAMED_TEMP;
    _exit(tg_write(target, t, &wo, &res) == 0 ? 0 : 3);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    unsigned runs = 30, seed = 0, i;
    uint64_t rows = 200000;
    tg_table t, old;
    char target[1024], why[400];
    unsigned char *oldb = NULL;
    size_t oldn = 0;
    double full;
    int failures = 0, bad_names = 0;
    unsigned n_old = 0, n_new = 0, n_absent = 0, n_debris = 0, n_completed = 0;
    for (i = 1; i < (unsigned)argc; i++) {
        if (!strcmp(argv[i], "-d") && i + 1 < (unsigned)argc) dir = argv[++i];
        else if (!strcmp(argv[i], "-n") && i + 1 < (unsigned)argc) runs = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-r") && i + 1 < (unsigned)argc) rows = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < (unsigned)argc) seed = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-N")) named_temps = 1;
    }
    if (!dir) {
        fprintf(stderr, "usage: test_crash -d WORKDIR [-n RUNS] [-r ROWS] [-s SEED] [-N]\n");
        return 2;
    }
    if (!seed) seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srand(seed);
    mkdir(dir, 0777);
    snprintf(target, sizeof target, "%s/target.h5", dir);
    remove(target);
    debris(dir, 2, &bad_names);

    /* the old file: a small valid table */
    if (tg_representative(&old, 10, 99) != 0 || tg_representative(&t, rows, 5) != 0) return 1;
    {
        h5l_write_options wo;
        tg_result res;
        memset(&wo, 0, sizeof wo);
        if (tg_write(target, &old, &wo, &res) != 0) {
            fprintf(stderr, "test_crash: FAIL: cannot write the old file: %s%s\n", res.err.msg, res.why);
            return 1;
        }
        oldb = walk_load_file(target, &oldn);
        if (!oldb) return 1;
    }
    /* how long a whole write takes (the fastest of three) */
    full = 1e9;
    for (i = 0; i < 3; i++) {
        double t0 = now(), d;
        pid_t pid = fork();
        int stt;
        if (pid < 0) return 1;
        if (pid == 0) child_write(target, &t);
        waitpid(pid, &stt, 0);
        d = now() - t0;
        if (d < full) full = d;
        if (!WIFEXITED(stt) || WEXITSTATUS(stt) != 0) {
            fprintf(stderr, "test_crash: FAIL: an uninterrupted write failed\n");
            return 1;
        }
        if (tg_verify_path(target, &t, why, sizeof why) != 0) {
            fprintf(stderr, "test_crash: FAIL: an uninterrupted write reads back differently: %s\n", why);
            return 1;
        }
    }
    printf("test_crash: seed %u, a whole write of %llu rows takes %.3f s\n", seed, (unsigned long long)rows, full);

    for (i = 0; i < runs; i++) {
        int had_old = i % 3 != 2, stt;
        double delay = full * ((double)rand() / RAND_MAX);
        struct timespec ts;
        pid_t pid;
        size_t n;
        unsigned char *b;
        remove(target);
        if (had_old && save(target, oldb, oldn) != 0) return 1;
        pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) child_write(target, &t);
        ts.tv_sec = (time_t)delay;
        ts.tv_nsec = (long)((delay - (double)ts.tv_sec) * 1e9);
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, &stt, 0);
        if (WIFEXITED(stt)) {
            n_completed++;
            if (WEXITSTATUS(stt) != 0) {
                fprintf(stderr, "test_crash: FAIL: run %u: the writer failed by itself\n", i);
                failures++;
            }
        }
        n_debris += (unsigned)debris(dir, 1, &bad_names);   /* left for the next writers to clean */
        b = walk_load_file(target, &n);
        if (!b) {
            if (had_old) {
                fprintf(stderr, "test_crash: FAIL: run %u (killed after %.3f s): the old file is gone and no new one is there\n", i, delay);
                failures++;
            } else {
                n_absent++;
            }
            continue;
        }
        if (had_old && n == oldn && memcmp(b, oldb, n) == 0) {
            n_old++;
        } else {
            h5l_file *f = NULL;
            h5l_error e;
            h5l_status st = h5l_open_memory(b, n, NULL, &f, &e);
            if (st != H5L_OK) {
                fprintf(stderr, "test_crash: FAIL: run %u (killed after %.3f s): target is damaged: %s: %s\n", i, delay,
                        h5l_status_name(st), e.msg);
                save("build/crash-damaged.h5", b, n);
                failures++;
            } else {
                walk_stats ws;
                if (tg_verify(f, &t, why, sizeof why) != 0) {
                    fprintf(stderr, "test_crash: FAIL: run %u (killed after %.3f s): target differs: %s\n", i, delay, why);
                    failures++;
                } else if (walk_file(f, NULL, &ws) == 0 && ws.violations) {
                    fprintf(stderr, "test_crash: FAIL: run %u: walk: %s\n", i, ws.violation);
                    failures++;
                } else {
                    n_new++;
                }
                h5l_close(f);
            }
        }
        free(b);
    }
    /* a writer that runs to the end removes what dead writers left (aged above) */
    {
        pid_t pid = fork();
        int stt, left;
        if (pid < 0) return 1;
        if (pid == 0) child_write(target, &t);
        waitpid(pid, &stt, 0);
        left = debris(dir, 2, &bad_names);
        if (left) {
            fprintf(stderr, "test_crash: FAIL: %d temporary file(s) of killed writers survived the next complete write\n", left);
            failures++;
        }
    }
    remove(target);
    printf("test_crash: %u runs (%s temporaries): old file kept %u, new file complete %u, still absent %u (writer finished before the kill: %u); "
           "%u temporary file(s) left by the kills, all removed by the next writer\n", runs, named_temps ? "named" : "default",
           n_old, n_new, n_absent, n_completed, n_debris);
#if defined(__linux__)
    /* unnamed temporaries: only a kill in the microseconds between naming the finished file and renaming it leaves one */
    if (!named_temps && n_debris > 1) {
        fprintf(stderr, "test_crash: FAIL: %u temporary files left by %u kills of writers with unnamed temporaries\n", n_debris, runs);
        failures++;
    }
#endif
    free(oldb);
    tg_free(&t);
    tg_free(&old);
    if (failures || bad_names) {
        fprintf(stderr, "test_crash: %d failure(s)\n", failures + bad_names);
        return 1;
    }
    printf("test_crash: passed\n");
    return 0;
}
