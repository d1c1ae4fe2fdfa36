/* Column statistics of a vaex table computed by N MPI ranks, printed by rank 0
 * exactly as `mmapcol stats FILE` prints them.
 *
 *   mpicc -O2 -o mpi_stats examples/mpi_stats.c hdf5lite.c
 *   mpirun -np 4 ./mpi_stats table.hdf5
 *
 * Every rank opens the file (mapped: contiguous columns are read in place)
 * and the table in /table (or vaex's older layouts), takes rows
 * [r * N / P, (r + 1) * N / P) of each column, and computes count, min, max
 * and a sum of its rows kept with its rounding errors; rank 0 gathers them and merges in rank
 * order. Numbers: integers, floats of 4 and 8 bytes, bools; strings: their
 * lengths in bytes; nulls and NaNs are skipped, as mmapcol does. Columns of
 * other kinds (dictionary-encoded, legacy utf32, float16, N-D) print "-" for
 * min, max and mean here (mmapcol computes some of them).
 * Exit status 0, or 1 with one line on stderr from rank 0. */
#include "hdf5lite.h"
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 65536u

enum { K_NONE = -1, K_FLOAT = 0, K_INT = 1, K_UINT = 2, K_STRLEN = 3, K_BOOL = 4 };

typedef struct partial {       /* one rank's statistics of one column */
    int32_t kind, status;      /* status: an h5l_status */
    uint64_t n;                /* values counted */
    double dmin, dmax, sum, comp; /* the sum is sum + comp */
    int64_t imin, imax;
    uint64_t umin, umax;
} partial;

static int kind_of(const h5l_column *c)
{
    const h5l_dtype *t, *it;
    if (c->kind == H5L_COL_STRING) return K_STRLEN;
    if (c->kind != H5L_COL_PRIMITIVE || !c->data || !c->data->type || c->data->space.rank != 1) return K_NONE;
    t = c->data->type;
    if (t->cls == H5L_CLASS_FLOAT) return (t->size == 8 || t->size == 4) ? K_FLOAT : K_NONE;
    it = t->cls == H5L_CLASS_ENUM ? t->base : t;
    if (!it || it->cls != H5L_CLASS_INTEGER || (it->size != 1 && it->size != 2 && it->size != 4 && it->size != 8)) return K_NONE;
    if (t->cls == H5L_CLASS_ENUM) return t->is_bool ? K_BOOL : K_NONE;
    return it->is_signed ? K_INT : K_UINT;
}

/* sum += v, the rounding error kept in *comp (TwoSum), as mmapcol stats
 * sums: sum + comp is the exact sum to ~2^-106, so splitting the rows
 * between ranks does not change the rounded mean. */
static void dd_add(double *sum, double *comp, double v)
{
    double t = *sum + v, bp = t - *sum;
    *comp += (*sum - (t - bp)) + (v - bp);
    *sum = t;
}

/* Integer element i of a native-order buffer of element size sz. */
static void int_at(const unsigned char *b, size_t i, unsigned sz, int sgn, int64_t *sv, uint64_t *uv)
{
    switch (sz) {
    case 1: if (sgn) *sv = ((const int8_t *)b)[i]; else *uv = b[i]; break;
    case 2: { uint16_t u; memcpy(&u, b + 2 * i, 2); if (sgn) *sv = (int16_t)u; else *uv = u; break; }
    case 4: { uint32_t u; memcpy(&u, b + 4 * i, 4); if (sgn) *sv = (int32_t)u; else *uv = u; break; }
    default: { uint64_t u; memcpy(&u, b + 8 * i, 8); if (sgn) *sv = (int64_t)u; else *uv = u; break; }
    }
}

/* Statistics of rows [a, b) of column c. */
static void column_part(const h5l_column *c, uint64_t a, uint64_t b, partial *p)
{
    h5l_error err;
    unsigned char *vb = NULL, *ok = NULL;
    int nullable = c->mask || c->null_bitmap;
    memset(p, 0, sizeof *p);
    p->kind = kind_of(c);
    p->dmin = INFINITY;
    p->dmax = -INFINITY;
    p->imin = INT64_MAX;
    p->imax = INT64_MIN;
    p->umin = UINT64_MAX;
    if (p->kind == K_NONE || a >= b) return;
    vb = (unsigned char *)malloc((size_t)(BLOCK + 1) * 8);
    ok = (unsigned char *)malloc(BLOCK);
    if (!vb || !ok) { p->status = H5L_ENOMEM; goto done; }
    while (a < b) {
        uint32_t n = b - a < BLOCK ? (uint32_t)(b - a) : BLOCK, i;
        if (nullable && h5l_column_read(c, H5L_PART_VALID, a, n, ok, BLOCK, NULL, &err) != H5L_OK) { p->status = err.code; break; }
        if (p->kind == K_STRLEN) {
            const h5l_dtype *it = c->indices->type;
            if (h5l_column_read(c, H5L_PART_OFFSETS, a, n, vb, (size_t)(BLOCK + 1) * 8, NULL, &err) != H5L_OK) { p->status = err.code; break; }
            h5l_to_native(it, vb, (uint64_t)n + 1);
            for (i = 0; i < n; i++) {
                int64_t s0 = 0, s1 = 0;
                uint64_t u0 = 0, u1 = 0, len;
                if (nullable && !ok[i]) continue;
                int_at(vb, i, (unsigned)it->size, it->is_signed, &s0, &u0);
                int_at(vb, i + 1, (unsigned)it->size, it->is_signed, &s1, &u1);
                len = it->is_signed ? (uint64_t)(s1 - s0) : u1 - u0;
                if (len < p->umin) p->umin = len;
                if (len > p->umax) p->umax = len;
                dd_add(&p->sum, &p->comp, (double)len);
                p->n++;
            }
        } else {
            const h5l_dtype *t = c->data->type, *it = t->cls == H5L_CLASS_ENUM ? t->base : t;
            if (h5l_column_read(c, H5L_PART_VALUES, a, n, vb, (size_t)(BLOCK + 1) * 8, NULL, &err) != H5L_OK) { p->status = err.code; break; }
            h5l_to_native(t, vb, n);
            for (i = 0; i < n; i++) {
                if (nullable && !ok[i]) continue;
                if (p->kind == K_FLOAT) {
                    double v;
                    if (t->size == 8) memcpy(&v, vb + 8 * (size_t)i, 8);
                    else { float f; memcpy(&f, vb + 4 * (size_t)i, 4); v = f; }
                    if (isnan(v)) continue;
                    if (v < p->dmin) p->dmin = v;
                    if (v > p->dmax) p->dmax = v;
                    dd_add(&p->sum, &p->comp, v);
                } else {
                    int64_t sv = 0;
                    uint64_t uv = 0;
                    int_at(vb, i, (unsigned)it->size, it->is_signed, &sv, &uv);
                    if (it->is_signed) {
                        if (sv < p->imin) p->imin = sv;
                        if (sv > p->imax) p->imax = sv;
                        dd_add(&p->sum, &p->comp, (double)sv);
                    } else {
                        if (uv < p->umin) p->umin = uv;
                        if (uv > p->umax) p->umax = uv;
                        dd_add(&p->sum, &p->comp, (double)uv);
                    }
                }
                p->n++;
            }
        }
        a += n;
    }
done:
    free(vb);
    free(ok);
}

/* Merge the ranks' partials in rank order into out. */
static void merge(const partial *ps, int np, partial *out)
{
    int r;
    double s = 0, cmp = 0;
    *out = ps[0];
    out->n = 0;
    for (r = 0; r < np; r++) {
        const partial *p = &ps[r];
        if (p->status && !out->status) out->status = p->status;
        if (!p->n) continue;
        out->n += p->n;
        if (p->dmin < out->dmin) out->dmin = p->dmin;
        if (p->dmax > out->dmax) out->dmax = p->dmax;
        if (p->imin < out->imin) out->imin = p->imin;
        if (p->imax > out->imax) out->imax = p->imax;
        if (p->umin < out->umin) out->umin = p->umin;
        if (p->umax > out->umax) out->umax = p->umax;
        dd_add(&s, &cmp, p->sum);
        cmp += p->comp;
    }
    out->sum = s;
    out->comp = cmp;
}

/* A float as Python's repr() writes it (mmapcol's form): the fewest digits
 * that read back to the same double; positional from 1e-4 to 1e16, with at
 * least one digit after the point; else d.ddde+XX. */
static void fmt_float(char *buf, size_t n, double v)
{
    char tmp[64], dg[32];
    int prec, e10, nd = 0, neg, i;
    size_t o = 0;
    char *ep;
    if (isnan(v)) { snprintf(buf, n, "nan"); return; }
    if (isinf(v)) { snprintf(buf, n, v < 0 ? "-inf" : "inf"); return; }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        if (strtod(tmp, NULL) == v) break;
    }
    neg = tmp[0] == '-';
    for (i = neg; tmp[i] && tmp[i] != 'e'; i++)
        if (tmp[i] >= '0' && tmp[i] <= '9') dg[nd++] = tmp[i];
    ep = strchr(tmp, 'e');
    e10 = ep ? atoi(ep + 1) : 0;
    while (nd > 1 && dg[nd - 1] == '0') nd--;
    if (neg) buf[o++] = '-';
    if (e10 >= -4 && e10 < 16) {
        if (e10 >= 0) {
            for (i = 0; i <= e10; i++) buf[o++] = i < nd ? dg[i] : '0';
            buf[o++] = '.';
            if (nd > e10 + 1) for (i = e10 + 1; i < nd; i++) buf[o++] = dg[i];
            else buf[o++] = '0';
        } else {
            buf[o++] = '0';
            buf[o++] = '.';
            for (i = 0; i < -e10 - 1; i++) buf[o++] = '0';
            for (i = 0; i < nd; i++) buf[o++] = dg[i];
        }
        buf[o] = 0;
    } else {
        buf[o++] = dg[0];
        if (nd > 1) {
            buf[o++] = '.';
            for (i = 1; i < nd; i++) buf[o++] = dg[i];
        }
        snprintf(buf + o, n - o, "e%c%02d", e10 < 0 ? '-' : '+', e10 < 0 ? -e10 : e10);
    }
}

static void type_text(const h5l_column *c, char *buf, size_t n)
{
    char sub[96];
    const uint16_t one = 1;
    unsigned char le;
    memcpy(&le, &one, 1);
    switch (c->kind) {
    case H5L_COL_STRING: snprintf(buf, n, "str"); return;
    case H5L_COL_DICT:
        if (c->dictionary) type_text(c->dictionary, sub, sizeof sub);
        else snprintf(sub, sizeof sub, "?");
        snprintf(buf, n, "dict:%s", sub);
        return;
    case H5L_COL_STRING_UTF32: snprintf(buf, n, "%cU%llu", le ? '<' : '>', (unsigned long long)c->dlength); return;
    default:
        if (c->dtype_attr) snprintf(buf, n, "%s", c->dtype_attr);
        else if (c->data && c->data->type) h5l_dtype_numpy(c->data->type, buf, n);
        else snprintf(buf, n, "?");
    }
}

static void print_cell(const partial *s, int which)
{
    char b[64];
    if (s->n == 0) { fputs("-", stdout); return; }
    switch (s->kind) {
    case K_FLOAT: fmt_float(b, sizeof b, which ? s->dmax : s->dmin); fputs(b, stdout); break;
    case K_INT: printf("%lld", (long long)(which ? s->imax : s->imin)); break;
    case K_UINT: printf("%llu", (unsigned long long)(which ? s->umax : s->umin)); break;
    case K_BOOL: {
        int64_t v = which ? s->imax : s->imin;
        uint64_t u = which ? s->umax : s->umin;
        fputs((s->imax != INT64_MIN ? v : (int64_t)u) ? "true" : "false", stdout);
        break;
    }
    default: fputs("-", stdout);
    }
}

int main(int argc, char **argv)
{
    int rank, np, rc = 0;
    h5l_file *f = NULL;
    h5l_table *t = NULL;
    h5l_error err;
    int opened;
    size_t i, nc = 0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    if (argc != 2) {
        if (rank == 0) fprintf(stderr, "usage: mpirun -np N mpi_stats FILE\n");
        MPI_Finalize();
        return 1;
    }
    opened = h5l_open(argv[1], NULL, &f, &err) == H5L_OK && h5l_table_open(f, NULL, &t, &err) == H5L_OK;
    if (!opened && rank == 0) fprintf(stderr, "mpi_stats: %s: %s\n", argv[1], err.msg);
    {
        int all = 0, mine = !opened;
        MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (all) {
            h5l_table_close(t);
            h5l_close(f);
            MPI_Finalize();
            return 1;
        }
    }
    nc = h5l_table_ncolumns(t);
    if (rank == 0) fputs("column\ttype\trows\tnulls\tmin\tmax\tmean\n", stdout);
    for (i = 0; i < nc && !rc; i++) {
        const h5l_column *c = h5l_table_column(t, i);
        uint64_t a = c->rows * (uint64_t)rank / (uint64_t)np, b = c->rows * (uint64_t)(rank + 1) / (uint64_t)np;
        partial mine, *all = rank == 0 ? (partial *)malloc((size_t)np * sizeof(partial)) : NULL;
        column_part(c, a, b, &mine);
        MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine, MPI_BYTE, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            partial s;
            char ty[128];
            merge(all, np, &s);
            if (s.status) {
                fflush(stdout);
                fprintf(stderr, "mpi_stats: %s: column %s: %s\n", argv[1], c->name, h5l_status_text((h5l_status)s.status));
                rc = 1;
            } else {
                type_text(c, ty, sizeof ty);
                printf("%s\t%s\t%llu\t%llu\t", c->name, ty, (unsigned long long)c->rows, (unsigned long long)c->null_count);
                if (s.kind == K_NONE) {
                    fputs("-\t-\t-\n", stdout);
                } else {
                    if (s.kind == K_STRLEN && s.n) {
                        printf("len %llu\tlen %llu\t", (unsigned long long)s.umin, (unsigned long long)s.umax);
                    } else {
                        print_cell(&s, 0);
                        putchar('\t');
                        print_cell(&s, 1);
                        putchar('\t');
                    }
                    if (s.n) {
                        char m[64];
                        fmt_float(m, sizeof m, (s.sum + s.comp) / (double)s.n);
                        if (s.kind == K_STRLEN) fputs("len ", stdout);
                        fputs(m, stdout);
                    } else {
                        fputs("-", stdout);
                    }
                    putchar('\n');
                }
            }
        }
        free(all);
        MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    }
    fflush(stdout);
    h5l_table_close(t);
    h5l_close(f);
    MPI_Finalize();
    return rc;
}
