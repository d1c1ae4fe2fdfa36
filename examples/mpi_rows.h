/* The rows of the MPI table (examples/mpi_table.c and its benchmark peer
 * bench/bench_mpi.c generate them alike): column s holds "r<row>". */
#ifndef MPI_ROWS_H
#define MPI_ROWS_H
#include <stddef.h>
#include <stdint.h>

/* Bytes of the strings "r<row>" for rows [a, b). */
static uint64_t str_bytes(uint64_t a, uint64_t b)
{
    uint64_t total = 0, p = 1;
    unsigned d;
    for (d = 1; d <= 20 && a < b; d++, p *= 10) {
        uint64_t hi = d == 20 ? UINT64_MAX : p * 10; /* rows with d digits: [p, 10p), and 0 */
        uint64_t lo = d == 1 ? 0 : p;
        uint64_t s = a > lo ? a : lo, e = b < hi ? b : hi;
        if (s < e) total += (e - s) * (1 + d);
    }
    return total;
}

/* "r<row>" at p; returns its length (a hand-written utoa: sprintf would cost
   more than writing the row). */
static size_t put_rstr(char *p, uint64_t row)
{
    char d[20];
    size_t n = 0, i;
    do {
        d[n++] = (char)('0' + row % 10);
        row /= 10;
    } while (row);
    p[0] = 'r';
    for (i = 0; i < n; i++) p[1 + i] = d[n - 1 - i];
    return n + 1;
}
#endif
