/*
 * The table reader (hdf5lite.c section 5) on the fixtures written by
 * tests/test_mmapcol_tables.py:  test_table FIXTURE_DIR
 * Expected values are the ones the generator wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hdf5lite.h"

static int failures, checks;
#define CHECK(c) do { checks++; if (!(c)) { failures++; fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #c); } } while (0)

static const char *dir;

static h5l_file *open_fixture(const char *name)
{
    char path[1024];
    h5l_file *f = NULL;
    h5l_error e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (h5l_open(path, NULL, &f, &e) != H5L_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, e.msg);
        exit(1);
    }
    return f;
}

static int str_is(const h5l_column *c, uint64_t row, const char *want)
{
    const char *s;
    size_t n;
    h5l_error e;
    if (h5l_column_string(c, row, &s, &n, &e) != H5L_OK) {
        fprintf(stderr, "row %llu: %s\n", (unsigned long long)row, e.msg);
        return 0;
    }
    return n == strlen(want) && memcmp(s, want, n) == 0;
}

static void test_kinds(void)
{
    h5l_file *f = open_fixture("kinds.h5");
    h5l_table *t = NULL;
    h5l_error e;
    const h5l_column *c;
    const char *s;
    size_t n;
    static const char *const order[] = {"n", "d", "s", "aliased", "dt", "s32", "u"};
    size_t i;
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (!t) { h5l_close(f); return; }
    CHECK(h5l_table_ncolumns(t) == 7);
    for (i = 0; i < 7 && i < h5l_table_ncolumns(t); i++) CHECK(strcmp(h5l_table_column(t, i)->name, order[i]) == 0);
    CHECK(h5l_table_column(t, 7) == NULL);
    CHECK(h5l_table_rows(t) == 5);

    c = h5l_table_find(t, "n");
    CHECK(c && c->kind == H5L_COL_PRIMITIVE && c->rows == 5 && c->mask && !c->null_bitmap && c->null_count == 2);
    CHECK(c && h5l_column_is_null(c, 1) && h5l_column_is_null(c, 4) && !h5l_column_is_null(c, 0) && !h5l_column_is_null(c, 5));
    CHECK(c && c->unit && strcmp(c->unit, "km/s") == 0 && c->ucd && strcmp(c->ucd, "phys.veloc") == 0);
    CHECK(c && c->description && strcmp(c->description, "a speed") == 0 && !c->alias);
    CHECK(c && c->data->data && c->data->type->cls == H5L_CLASS_FLOAT);
    if (c && c->data->data) {
        double v;
        memcpy(&v, (const char *)c->data->data + 16, 8);
        CHECK(v == -3.0);
    }
    CHECK(c && h5l_column_string(c, 0, &s, &n, &e) == H5L_ETYPE);

    c = h5l_table_find(t, "d");
    CHECK(c && c->kind == H5L_COL_DICT && c->rows == 5 && c->dictionary && c->dictionary->kind == H5L_COL_STRING);
    CHECK(c && c->dictionary && c->dictionary->rows == 3 && c->null_count == 0);
    CHECK(c && str_is(c, 0, "red") && str_is(c, 1, "green") && str_is(c, 3, "blue") && str_is(c, 4, "green"));
    CHECK(c && h5l_column_string(c, 5, &s, &n, &e) == H5L_EINVAL);

    c = h5l_table_find(t, "s");
    CHECK(c && c->kind == H5L_COL_STRING && c->rows == 5 && c->null_bitmap && c->null_count == 2);
    CHECK(c && c->indices && c->indices->type->size == 8 && c->indices->type->order == H5L_BE);
    CHECK(c && str_is(c, 0, "h\xc3\xa9llo") && str_is(c, 1, "") && str_is(c, 3, "long string"));
    CHECK(c && h5l_column_is_null(c, 1) && h5l_column_is_null(c, 4) && !h5l_column_is_null(c, 3));
    CHECK(c && c->dtype_attr && strcmp(c->dtype_attr, "str") == 0);

    c = h5l_table_find(t, "s32");
    CHECK(c && c->kind == H5L_COL_STRING && c->indices && c->indices->type->size == 4 && c->null_count == 0);
    CHECK(c && str_is(c, 2, "ccc") && str_is(c, 4, ""));

    c = h5l_table_find(t, "dt");
    CHECK(c && c->kind == H5L_COL_PRIMITIVE && c->dtype_attr && strcmp(c->dtype_attr, "datetime64[ns]") == 0);

    c = h5l_table_find(t, "u");
    CHECK(c && c->kind == H5L_COL_STRING_UTF32 && c->dlength == 3 && c->rows == 5);
    CHECK(c && h5l_column_string(c, 0, &s, &n, &e) == H5L_ETYPE);

    c = h5l_table_find(t, "A-1");          /* by alias */
    CHECK(c && strcmp(c->name, "aliased") == 0 && c->alias && strcmp(c->alias, "A-1") == 0);
    CHECK(c && c->data->type->order == H5L_BE && c->data->type->size == 2);
    CHECK(h5l_table_find(t, "gone") == NULL);
    h5l_table_close(t);

    CHECK(h5l_table_open(f, "/table", &t, &e) == H5L_OK && h5l_table_ncolumns(t) == 7);
    h5l_table_close(t);
    t = NULL;
    CHECK(h5l_table_open(f, "/nope", &t, &e) == H5L_ENOTFOUND && t == NULL);
    CHECK(h5l_table_open(f, "/table/columns/n/data", &t, &e) == H5L_ENOTFOUND && t == NULL);
    h5l_close(f);
}

static void test_legacy(void)
{
    h5l_file *f = open_fixture("v1_data.h5");
    h5l_table *t = NULL;
    h5l_error e;
    const h5l_column *c;
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (t) {
        CHECK(h5l_table_ncolumns(t) == 2);
        CHECK(strcmp(h5l_table_column(t, 0)->name, "x") == 0 && strcmp(h5l_table_column(t, 1)->name, "y") == 0);
        c = h5l_table_find(t, "x");
        CHECK(c && c->kind == H5L_COL_PRIMITIVE && c->rows == 2 && c->ucd && strcmp(c->ucd, "pos.x") == 0);
        CHECK(c && c->data->type->order == H5L_BE && c->null_count == 0);
        h5l_table_close(t);
    }
    h5l_close(f);
    f = open_fixture("v1_root.h5");
    t = NULL;
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (t) {
        CHECK(h5l_table_ncolumns(t) == 2);
        CHECK(strcmp(h5l_table_column(t, 0)->name, "a") == 0 && strcmp(h5l_table_column(t, 1)->name, "b") == 0);
        CHECK(h5l_table_rows(t) == 3);
        h5l_table_close(t);
    }
    h5l_close(f);
}

static void expect_open(const char *name, h5l_status want)
{
    h5l_file *f = open_fixture(name);
    h5l_table *t = (h5l_table *)&t;
    h5l_error e;
    h5l_status st = h5l_table_open(f, NULL, &t, &e);
    if (st != want) fprintf(stderr, "%s: %s (%s), expected %s\n", name, h5l_status_name(st), e.msg, h5l_status_name(want));
    CHECK(st == want);
    CHECK(st == H5L_OK ? t != NULL : t == NULL);
    CHECK(st == H5L_OK || (e.code == st && e.msg[0]));
    if (st == H5L_OK) h5l_table_close(t);
    h5l_close(f);
}

static void test_broken(void)
{
    h5l_file *f;
    h5l_table *t = NULL;
    h5l_error e;
    const char *s;
    size_t n;
    expect_open("mask_mismatch.h5", H5L_ECORRUPT);
    expect_open("short_bitmap.h5", H5L_ECORRUPT);
    f = open_fixture("chunked.h5");            /* a chunked column: opened, not mapped, read */
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (t) {
        const h5l_column *c = h5l_table_column(t, 0);
        double v[100];
        unsigned char ok[100];
        int k, same = 1;
        h5l_read_options native;
        memset(&native, 0, sizeof native);
        native.flags = H5L_READ_NATIVE;
        CHECK(c && c->rows == 100 && !c->mapped && c->null_count == 0);
        CHECK(c && h5l_column_read(c, H5L_PART_VALUES, 0, 100, v, sizeof v, &native, &e) == H5L_OK);
        CHECK(c && h5l_column_read(c, H5L_PART_VALID, 0, 100, ok, sizeof ok, NULL, &e) == H5L_OK);
        for (k = 0; k < 100; k++) same = same && v[k] == (double)k && ok[k] == 1;
        CHECK(same);
        CHECK(c && h5l_column_read(c, H5L_PART_VALUES, 95, 6, v, sizeof v, NULL, &e) == H5L_EINVAL);
        CHECK(c && h5l_column_read(c, H5L_PART_OFFSETS, 0, 1, v, sizeof v, NULL, &e) == H5L_ETYPE);
        h5l_table_close(t);
        t = NULL;
    }
    h5l_close(f);
    expect_open("no_table.h5", H5L_ENOTFOUND);
    f = open_fixture("bad_offsets.h5");
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (t) {
        const h5l_column *c = h5l_table_column(t, 0);
        CHECK(c && c->rows == 3);
        CHECK(c && str_is(c, 0, "abc"));
        CHECK(c && h5l_column_string(c, 1, &s, &n, &e) == H5L_ECORRUPT);   /* 3 > 2: out of order */
        CHECK(c && h5l_column_string(c, 2, &s, &n, &e) == H5L_ECORRUPT);   /* 99 > 6 bytes */
        h5l_table_close(t);
    }
    h5l_close(f);
    f = open_fixture("bad_code.h5");
    t = NULL;
    CHECK(h5l_table_open(f, NULL, &t, &e) == H5L_OK);
    if (t) {
        const h5l_column *c = h5l_table_column(t, 0);
        CHECK(c && c->kind == H5L_COL_DICT && str_is(c, 0, "p"));
        CHECK(c && h5l_column_string(c, 1, &s, &n, &e) == H5L_ECORRUPT);
        h5l_table_close(t);
    }
    h5l_close(f);
    CHECK(h5l_table_open(NULL, NULL, &t, &e) == H5L_EINVAL);
    CHECK(h5l_column_is_null(NULL, 0) == 0);
    CHECK(h5l_table_ncolumns(NULL) == 0 && h5l_table_column(NULL, 0) == NULL && h5l_table_rows(NULL) == 0);
    h5l_table_close(NULL);
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s FIXTURE_DIR\n", argv[0]); return 2; }
    dir = argv[1];
    test_kinds();
    test_legacy();
    test_broken();
    printf("test_table: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
