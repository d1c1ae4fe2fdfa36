/* wall RUNS CMD [ARGS...] -- run a command RUNS times as a whole process
 * (fork, execvp, wait4; its output to /dev/null) and print two numbers:
 * the median wall time in microseconds and the largest peak resident set
 * (ru_maxrss, KiB) of the runs. Used by bench/bench_cli.sh for commands
 * that take a few milliseconds, where timing through `date` processes in
 * the shell would measure the shell. Exit 1 if a run fails. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs, i;
    long long *us;
    long maxrss = 0;
    if (argc < 3 || (runs = atoi(argv[1])) < 1) {
        fprintf(stderr, "usage: wall RUNS CMD [ARGS...]\n");
        return 2;
    }
    us = (long long *)calloc((size_t)runs, sizeof *us);
    if (!us) return 1;
    for (i = 0; i < runs; i++) {
        struct timespec a, b;
        struct rusage ru;
        int status;
        pid_t pid;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "wall: %s failed\n", argv[2]);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        us[i] = (long long)(b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000;
        if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
    }
    qsort(us, (size_t)runs, sizeof *us, cmp);
    printf("%lld %ld\n", us[(runs - 1) / 2], maxrss);
    free(us);
    return 0;
}
