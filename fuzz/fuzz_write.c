/*
 * fuzz_write — libFuzzer/AFL++ target for the general writer API: the input
 * bytes choose a tree of groups, datasets (element type and byte order,
 * fixed-string length, rank 0..4, dimensions, values) and attributes
 * (numbers, bools, fixed strings, scalar or 1-D; vlen UTF-8 strings and
 * string arrays) on any object; hdf5lite writes it (data through mmap
 * pointers or positional writes in several row ranges), reads it back with
 * h5l_open and compares every object, type, shape, value, attribute and
 * data offset. Any difference, a refused valid tree, a leak or a leftover
 * temporary file aborts.
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
#include <unistd.h>
#include <sys/stat.h>
#include "hdf5lite.h"
#include "walk.h"
#include "countalloc.h"
#include "tablegen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FW_MAXG 5
#define FW_MAXD 6
#define FW_MAXA 8

typedef struct fw_ds {
    char path[320];
    h5l_type_code type;
    unsigned rank;
    uint64_t dims[4];
    unsigned char *data;
    uint64_t bytes, rows, row_bytes;
    h5l_dset id;
} fw_ds;

typedef struct fw_attr {
    char obj[320];
    char name[40];
    int kind;                     /* 0 typed (h5l_writer_attr), 1 vlen string, 2 vlen string array */
    h5l_type_code type;
    unsigned rank;
    uint64_t n;
    unsigned char *vals;
    char *strs[6];
    size_t nstr;
} fw_attr;

typedef struct fw_tree {
    char groups[FW_MAXG][320];
    size_t ng;
    fw_ds ds[FW_MAXD];
    size_t nd;
    fw_attr at[FW_MAXA];
    size_t na;
    int use_ptr;
    unsigned flags;
} fw_tree;

static char fw_dir[512];

static void fw_cleanup(void)
{
    DIR *d;
    struct dirent *de;
    char p[1024];
    if (!fw_dir[0]) return;
    d = opendir(fw_dir);
    if (d) {
        while ((de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.') continue;
            snprintf(p, sizeof p, "%s/%s", fw_dir, de->d_name);
            remove(p);
        }
        closedir(d);
    }
    rmdir(fw_dir);
}

static void fw_init(void)
{
    const char *base = getenv("TMPDIR");
    struct stat sb;
    if (fw_dir[0]) return;
    if (!base || !*base) base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fw_dir, sizeof fw_dir, "%s/h5l_fw_XXXXXX", base);
    if (!mkdtemp(fw_dir)) {
        perror("fuzz_write: mkdtemp");
        abort();
    }
    atexit(fw_cleanup);
}

static void fw_free(fw_tree *t)
{
    size_t i, k;
    for (i = 0; i < t->nd; i++) free(t->ds[i].data);
    for (i = 0; i < t->na; i++) {
        free(t->at[i].vals);
        for (k = 0; k < t->at[i].nstr; k++) free(t->at[i].strs[k]);
    }
}

static void fw_name(tg_src *s, char *out, size_t n, const char *prefix, size_t idx)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. ";
    unsigned len = tg_pick(s, 8), k, o = 0;
    if (tg_pick(s, 5) == 0) { out[o++] = (char)0xe2; out[o++] = (char)0x82; out[o++] = (char)0xac; } /* euro sign */
    for (k = 0; k < len && o + 12 < n; k++) out[o++] = alpha[tg_pick(s, sizeof alpha - 1)];
    snprintf(out + o, n - o, "%s%u", prefix, (unsigned)idx); /* unique, never "." or ".." */
}

/* out = a "/" b (never truncated: the tree's depth keeps paths short). */
static void fw_join(char *out, size_t n, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 + lb + 1 > n) abort();
    memcpy(out, a, la);
    out[la] = '/';
    memcpy(out + la + 1, b, lb + 1);
}

/* An object path of the tree: "/" or a group or a dataset. */
static const char *fw_pick_obj(tg_src *s, const fw_tree *t)
{
    unsigned k = tg_pick(s, (unsigned)(1 + t->ng + t->nd));
    if (k == 0) return "/";
    if (k <= t->ng) return t->groups[k - 1];
    return t->ds[k - 1 - t->ng].path;
}

static int fw_generate(fw_tree *t, tg_src *s)
{
    size_t i;
    memset(t, 0, sizeof *t);
    t->use_ptr = tg_pick(s, 2);
    t->flags = H5L_WRITE_NO_SYNC | (tg_pick(s, 3) == 0 ? H5L_WRITE_NO_MMAP : 0u);
    t->ng = tg_pick(s, FW_MAXG + 1);
    for (i = 0; i < t->ng; i++) {
        char nm[48];
        const char *parent = i && tg_pick(s, 2) ? t->groups[tg_pick(s, (unsigned)i)] : "";
        fw_name(s, nm, sizeof nm, "_g", i);
        fw_join(t->groups[i], sizeof t->groups[i], parent, nm);
    }
    t->nd = tg_pick(s, FW_MAXD + 1);
    for (i = 0; i < t->nd; i++) {
        fw_ds *d = &t->ds[i];
        char nm[48];
        unsigned r;
        uint64_t k, esz;
        const char *parent = t->ng && tg_pick(s, 3) ? t->groups[tg_pick(s, (unsigned)t->ng)] : "";
        fw_name(s, nm, sizeof nm, "_d", i);
        fw_join(d->path, sizeof d->path, parent, nm);
        if (tg_pick(s, 6) == 0) d->type = H5L_T_STR(1 + tg_pick(s, 16)) | (tg_pick(s, 2) ? H5L_T_UTF8 : 0);
        else {
            d->type = tg_prim_types[tg_pick(s, 12)];
            if (d->type != H5L_T_BOOL && tg_pick(s, 3) == 0) d->type |= H5L_T_BE;
        }
        d->rank = tg_pick(s, 5);
        d->rows = 1;
        d->row_bytes = esz = tg_tsize(d->type);
        for (r = 0; r < d->rank; r++) {
            d->dims[r] = tg_pick(s, 10) == 0 ? 0 : 1 + tg_pick(s, r == 0 ? 40 : 4);
            if (r == 0) d->rows = d->dims[0];
            else d->row_bytes *= d->dims[r];
        }
        d->bytes = d->rows * d->row_bytes;
        d->data = (unsigned char *)malloc(d->bytes ? d->bytes : 1);
        if (!d->data) return -1;
        for (k = 0; k < d->bytes; k++) d->data[k] = tg_u8(s);
        if (H5L_T_BASE(d->type) == H5L_T_BOOL)
            for (k = 0; k < d->bytes; k++) d->data[k] &= 1;
    }
    t->na = tg_pick(s, FW_MAXA + 1);
    for (i = 0; i < t->na; i++) {
        fw_attr *a = &t->at[i];
        uint64_t k, bytes;
        snprintf(a->obj, sizeof a->obj, "%s", fw_pick_obj(s, t));
        fw_name(s, a->name, sizeof a->name, "_a", i);
        a->kind = tg_pick(s, 4) == 0 ? 1 : tg_pick(s, 5) == 0 ? 2 : 0;
        if (a->kind == 0) {
            if (tg_pick(s, 5) == 0) a->type = H5L_T_STR(1 + tg_pick(s, 10)) | (tg_pick(s, 2) ? H5L_T_UTF8 : 0);
            else {
                a->type = tg_prim_types[tg_pick(s, 12)];
                if (a->type != H5L_T_BOOL && tg_pick(s, 3) == 0) a->type |= H5L_T_BE;
            }
            a->rank = tg_pick(s, 2);
            a->n = a->rank == 0 ? 1 : tg_pick(s, 12);
            bytes = a->n * tg_tsize(a->type);
            a->vals = (unsigned char *)malloc(bytes ? bytes : 1);
            if (!a->vals) return -1;
            for (k = 0; k < bytes; k++) a->vals[k] = tg_u8(s);
            if (H5L_T_BASE(a->type) == H5L_T_BOOL)
                for (k = 0; k < bytes; k++) a->vals[k] &= 1;
        } else {
            static const char alpha[] = "abc xyz\xc3\xa9\xe2\x82\xac 0123456789";
            size_t m = a->kind == 1 ? 1 : tg_pick(s, 6);
            for (k = 0; k < m; k++) {
                unsigned len = tg_pick(s, 12), j;
                char *str = (char *)malloc(len + 1);
                if (!str) return -1;
                for (j = 0; j < len; j++) {
                    str[j] = alpha[tg_pick(s, sizeof alpha - 1)];
                    if (str[j] == 0) str[j] = 'x';
                }
                /* keep it valid UTF-8: only whole sequences */
                str[len] = 0;
                for (j = 0; j < len; j++)
                    if ((unsigned char)str[j] >= 0x80) str[j] = 'u';
                a->strs[a->nstr++] = str;
            }
        }
    }
    return 0;
}

static void fw_describe(const fw_tree *t)
{
    size_t i;
    fprintf(stderr, "tree: flags 0x%x use_ptr %d, %zu groups, %zu datasets, %zu attributes\n", t->flags, t->use_ptr, t->ng, t->nd, t->na);
    for (i = 0; i < t->ng; i++) fprintf(stderr, "  group %s\n", t->groups[i]);
    for (i = 0; i < t->nd; i++)
        fprintf(stderr, "  dataset %s type 0x%llx rank %u dims %llu %llu %llu %llu\n", t->ds[i].path, (unsigned long long)t->ds[i].type,
                t->ds[i].rank, (unsigned long long)t->ds[i].dims[0], (unsigned long long)t->ds[i].dims[1],
                (unsigned long long)t->ds[i].dims[2], (unsigned long long)t->ds[i].dims[3]);
    for (i = 0; i < t->na; i++)
        fprintf(stderr, "  attribute %s @ %s kind %d type 0x%llx rank %u n %llu nstr %zu\n", t->at[i].name, t->at[i].obj, t->at[i].kind,
                (unsigned long long)t->at[i].type, t->at[i].rank, (unsigned long long)t->at[i].n, t->at[i].nstr);
}

#define FW_FAIL(...) do { fw_describe(t); fprintf(stderr, "fuzz_write: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static void fw_write(const fw_tree *tc, const char *path, countalloc *ca)
{
    fw_tree *t = (fw_tree *)tc; /* ids are filled in */
    h5l_writer *w = NULL;
    h5l_write_options wo;
    h5l_allocator al = countalloc_allocator(ca);
    h5l_error e;
    h5l_status st;
    size_t i;
    memset(&wo, 0, sizeof wo);
    wo.alloc = &al;
    wo.flags = t->flags;
    st = h5l_writer_open(path, &wo, &w, &e);
    if (st != H5L_OK) FW_FAIL("writer_open: %s: %s", h5l_status_name(st), e.msg);
    for (i = 0; i < t->ng; i++)
        if ((st = h5l_writer_group(w, t->groups[i], &e)) != H5L_OK) FW_FAIL("writer_group(%s): %s: %s", t->groups[i], h5l_status_name(st), e.msg);
    for (i = 0; i < t->nd; i++) {
        fw_ds *d = &t->ds[i];
        if ((st = h5l_writer_dataset(w, d->path, d->type, d->rank, d->dims, &d->id, &e)) != H5L_OK)
            FW_FAIL("writer_dataset(%s): %s: %s", d->path, h5l_status_name(st), e.msg);
    }
    for (i = 0; i < t->na; i++) {
        fw_attr *a = &t->at[i];
        if (a->kind == 0) st = h5l_writer_attr(w, a->obj, a->name, a->type, a->rank, a->n, a->vals, &e);
        else if (a->kind == 1) st = h5l_writer_attr_string(w, a->obj, a->name, a->strs[0], &e);
        else st = h5l_writer_attr_strings(w, a->obj, a->name, (const char *const *)a->strs, a->nstr, &e);
        if (st != H5L_OK) FW_FAIL("writer_attr(%s @ %s): %s: %s", a->name, a->obj, h5l_status_name(st), e.msg);
    }
    if ((st = h5l_writer_layout(w, &e)) != H5L_OK) FW_FAIL("writer_layout: %s: %s", h5l_status_name(st), e.msg);
    for (i = 0; i < t->nd; i++) {
        fw_ds *d = &t->ds[i];
        void *p;
        uint64_t first = 0;
        if (h5l_writer_size(w, d->id) != d->bytes)
            FW_FAIL("%s: writer_size %llu, expected %llu", d->path, (unsigned long long)h5l_writer_size(w, d->id), (unsigned long long)d->bytes);
        if (d->bytes == 0) {
            if (h5l_writer_offset(w, d->id) != H5L_NO_OFFSET) FW_FAIL("%s: empty dataset with an offset", d->path);
            continue;
        }
        if (h5l_writer_offset(w, d->id) % 64 != 0) FW_FAIL("%s: data offset %llu not 64-aligned", d->path, (unsigned long long)h5l_writer_offset(w, d->id));
        p = t->use_ptr ? h5l_writer_ptr(w, d->id) : NULL;
        if (p) {
            if (((uintptr_t)p) % 64 != 0) FW_FAIL("%s: writer_ptr not 64-aligned", d->path);
            memcpy(p, d->data, d->bytes);
            continue;
        }
        /* positional writes in up to three row ranges, last range first */
        {
            uint64_t cut1 = d->rows / 3, cut2 = 2 * d->rows / 3;
            uint64_t ranges[3][2];
            int r;
            ranges[0][0] = cut2; ranges[0][1] = d->rows - cut2;
            ranges[1][0] = 0; ranges[1][1] = cut1;
            ranges[2][0] = cut1; ranges[2][1] = cut2 - cut1;
            for (r = 0; r < 3; r++) {
                if (!ranges[r][1]) continue;
                first = ranges[r][0];
                st = h5l_writer_write(w, d->id, first, ranges[r][1], d->data + first * d->row_bytes, &e);
                if (st != H5L_OK) FW_FAIL("%s: writer_write(%llu, %llu): %s: %s", d->path, (unsigned long long)first,
                                          (unsigned long long)ranges[r][1], h5l_status_name(st), e.msg);
            }
            /* a range past the end must be refused */
            st = h5l_writer_write(w, d->id, d->rows, 1, d->data, &e);
            if (st != H5L_EINVAL) FW_FAIL("%s: writer_write past the end gave %s", d->path, h5l_status_name(st));
        }
    }
    if ((st = h5l_writer_finish(w, &e)) != H5L_OK) FW_FAIL("writer_finish: %s: %s", h5l_status_name(st), e.msg);
}

static void fw_verify(const fw_tree *t, const char *path)
{
    h5l_file *f = NULL;
    h5l_error e;
    h5l_status st;
    size_t i, k;
    char why[400];
    walk_stats ws;
    st = h5l_open(path, NULL, &f, &e);
    if (st != H5L_OK) FW_FAIL("open: %s: %s", h5l_status_name(st), e.msg);
    for (i = 0; i < t->ng; i++) {
        h5l_obj *o = NULL;
        st = h5l_obj_open(f, t->groups[i], &o, &e);
        if (st != H5L_OK) FW_FAIL("obj_open(%s): %s: %s", t->groups[i], h5l_status_name(st), e.msg);
        if (h5l_obj_get_kind(o) != H5L_OBJ_GROUP) FW_FAIL("%s is not a group", t->groups[i]);
        h5l_obj_close(o);
    }
    for (i = 0; i < t->nd; i++) {
        const fw_ds *d = &t->ds[i];
        h5l_obj *o = NULL;
        const h5l_dataset_info *di;
        unsigned r;
        st = h5l_obj_open(f, d->path, &o, &e);
        if (st != H5L_OK) FW_FAIL("obj_open(%s): %s: %s", d->path, h5l_status_name(st), e.msg);
        di = h5l_obj_dataset(o);
        if (!di) FW_FAIL("%s is not a dataset", d->path);
        if (tg_check_type(di->type, d->type, why, sizeof why, d->path)) FW_FAIL("%s", why);
        if (di->space.rank != d->rank || (d->rank == 0 && di->space.kind != H5L_SPACE_SCALAR))
            FW_FAIL("%s: rank %u, wrote %u", d->path, di->space.rank, d->rank);
        for (r = 0; r < d->rank; r++)
            if (di->space.dims[r] != d->dims[r]) FW_FAIL("%s: dims[%u] %llu, wrote %llu", d->path, r, (unsigned long long)di->space.dims[r], (unsigned long long)d->dims[r]);
        if (d->bytes) {
            unsigned char *buf = (unsigned char *)malloc(d->bytes);
            if (!buf) abort();
            if (di->layout != H5L_LAYOUT_CONTIGUOUS && di->layout != H5L_LAYOUT_COMPACT) FW_FAIL("%s: layout %d", d->path, (int)di->layout);
            st = h5l_dataset_read_raw(o, 0, d->rows, buf, d->bytes, &e);
            if (st != H5L_OK) FW_FAIL("%s: read_raw: %s: %s", d->path, h5l_status_name(st), e.msg);
            if (memcmp(buf, d->data, d->bytes) != 0) FW_FAIL("%s: values differ", d->path);
            if (!di->data || memcmp(di->data, d->data, d->bytes) != 0) FW_FAIL("%s: info.data differs", d->path);
            if (di->layout == H5L_LAYOUT_CONTIGUOUS && di->data_align < 64) FW_FAIL("%s: data_align %u", d->path, di->data_align);
            /* the native read: byte-swapped for big-endian numbers */
            st = h5l_dataset_read(o, 0, d->rows, buf, d->bytes, &e);
            if (st != H5L_OK) FW_FAIL("%s: read: %s: %s", d->path, h5l_status_name(st), e.msg);
            {
                uint64_t esz = tg_tsize(d->type), n = d->bytes / esz, j, b;
                int swap = (d->type & H5L_T_BE) && H5L_T_BASE(d->type) != H5L_T_STRBASE && esz > 1;
                for (j = 0; j < n; j++)
                    for (b = 0; b < esz; b++) {
                        unsigned char want = d->data[j * esz + (swap ? esz - 1 - b : b)];
                        if (buf[j * esz + b] != want) FW_FAIL("%s: native value %llu differs", d->path, (unsigned long long)j);
                    }
            }
            free(buf);
        }
        h5l_obj_close(o);
    }
    for (i = 0; i < t->na; i++) {
        const fw_attr *a = &t->at[i];
        h5l_obj *o = NULL;
        h5l_attrs *as = NULL;
        const h5l_attr *ha;
        st = h5l_obj_open(f, a->obj, &o, &e);
        if (st != H5L_OK) FW_FAIL("obj_open(%s): %s: %s", a->obj, h5l_status_name(st), e.msg);
        st = h5l_attrs_open(o, &as, &e);
        if (st != H5L_OK) FW_FAIL("attrs_open(%s): %s: %s", a->obj, h5l_status_name(st), e.msg);
        ha = h5l_attrs_find(as, a->name);
        if (!ha) FW_FAIL("attribute %s @ %s not found", a->name, a->obj);
        if (a->kind == 0) {
            uint64_t bytes = a->n * tg_tsize(a->type);
            if (tg_check_type(ha->type, a->type, why, sizeof why, a->name)) FW_FAIL("%s", why);
            if (ha->space.rank != a->rank || ha->space.npoints != a->n) FW_FAIL("%s: rank/npoints differ", a->name);
            if (ha->data_size < bytes || (bytes && memcmp(ha->data, a->vals, bytes) != 0)) FW_FAIL("%s: values differ", a->name);
        } else if (a->kind == 1) {
            char buf[64];
            st = h5l_attr_read_string(o, a->name, buf, sizeof buf, &e);
            if (st != H5L_OK) FW_FAIL("attr_read_string(%s): %s: %s", a->name, h5l_status_name(st), e.msg);
            if (strcmp(buf, a->strs[0]) != 0) FW_FAIL("%s: '%s', wrote '%s'", a->name, buf, a->strs[0]);
            if (ha->type->cls != H5L_CLASS_VLEN || !ha->type->is_vlen_string || ha->type->cset != H5L_CSET_UTF8)
                FW_FAIL("%s: not a vlen UTF-8 string", a->name);
        } else {
            if (ha->space.npoints != a->nstr || ha->space.rank != 1) FW_FAIL("%s: %llu strings, wrote %zu", a->name, (unsigned long long)ha->space.npoints, a->nstr);
            for (k = 0; k < a->nstr; k++) {
                const char *sp = NULL;
                size_t len = 0;
                st = h5l_string_get(f, ha->type, (const unsigned char *)ha->data + k * ha->type->size, &sp, &len, &e);
                if (st != H5L_OK) FW_FAIL("%s[%zu]: string_get: %s: %s", a->name, k, h5l_status_name(st), e.msg);
                if (len != strlen(a->strs[k]) || (len && memcmp(sp, a->strs[k], len) != 0)) FW_FAIL("%s[%zu] differs", a->name, k);
            }
        }
        h5l_attrs_close(as);
        h5l_obj_close(o);
    }
    if (walk_file(f, NULL, &ws) == 0 && ws.violations) FW_FAIL("walk: %s", ws.violation);
    if (ws.objects != 1 + t->ng + t->nd && !ws.truncated)
        FW_FAIL("walk found %llu objects, wrote %zu", (unsigned long long)ws.objects, 1 + t->ng + t->nd);
    h5l_close(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fw_tree tree, *t = &tree;
    tg_src s;
    countalloc ca;
    char path[700];
    DIR *d;
    struct dirent *de;
    fw_init();
    s = tg_src_bytes(data, size);
    if (fw_generate(t, &s) != 0) {
        fw_free(t);
        return 0;
    }
    snprintf(path, sizeof path, "%s/w.h5", fw_dir);
    countalloc_init(&ca);
    fw_write(t, path, &ca);
    if (ca.live_blocks || ca.bad_free) FW_FAIL("writer leak: %llu blocks live after finish", (unsigned long long)ca.live_blocks);
    d = opendir(fw_dir);
    if (d) {
        while ((de = readdir(d)) != NULL)
            if (de->d_name[0] != '.' && strcmp(de->d_name, "w.h5") != 0) FW_FAIL("leftover file %s", de->d_name);
        closedir(d);
    }
    fw_verify(t, path);
    remove(path);
    fw_free(t);
    return 0;
}
