/*
 * gen_csv — write a deterministic sample CSV for the demo (no dependencies).
 *
 *   gen_csv ROWS > sample.csv
 *
 * Columns: id (int64), x (float64), y (float64 with empty cells = nulls),
 * count (int64 with nulls), name (strings, some with commas, quotes and
 * UTF-8), flag (bool), note (mostly empty strings = nulls).
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"alpha", "beta", "gamma", "delta, with comma", "say \"hi\"",
                                        "Zürich", "東京", "line\nbreak", "epsilon", "zeta"};
    long rows = argc > 1 ? atol(argv[1]) : 1000000;
    long i;
    if (rows < 0) rows = 0;
    fputs("id,x,y,count,name,flag,note\n", stdout);
    for (i = 0; i < rows; i++) {
        uint64_t r = next();
        double x = (double)(r >> 11) / 9007199254740992.0 * 200.0 - 100.0;
        const char *nm = names[(r >> 3) % 10];
        printf("%ld,%.17g,", i, x);
        if (r % 10 != 0) printf("%.6f", (double)(r % 100000) / 1000.0);
        putchar(',');
        if (r % 7 != 0) printf("%lld", (long long)(r % 1000) - 500);
        putchar(',');
        if (nm[0] == 'd' || nm[0] == 's' || nm[0] == 'l') {       /* needs quoting */
            const char *p;
            putchar('"');
            for (p = nm; *p; p++) {
                if (*p == '"') putchar('"');
                putchar(*p);
            }
            putchar('"');
        } else {
            fputs(nm, stdout);
        }
        printf(",%s,", (r >> 20) & 1 ? "true" : "false");
        if (r % 50 == 0) printf("note %ld", i);
        putchar('\n');
    }
    return ferror(stdout) ? 1 : 0;
}
