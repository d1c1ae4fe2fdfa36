/*
 * mmapcol's number section (its own shortest float formatting and exact
 * parsing): against Python/numpy (tests/gen_num_cases.py), against glibc's
 * strtod / strtof / strtoll, and for being shortest.
 *
 *   test_num CASES_FILE [RANDOM_COUNT]
 */
#define MMAPCOL_NO_MAIN 1
#include "../mmapcol.c"

static long checks, failures;
#define CHECK(c, ...) do { checks++; if (!(c)) { if (failures++ < 20) { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } } while (0)

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* fewest %.*e digits that read back to v: what the shortest must not exceed */
static int min_digits(double v, int width)
{
    char t[64];
    int p;
    for (p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*e", p - 1, v);
        if (width == 8 ? strtod(t, NULL) == v : (float)strtod(t, NULL) == (float)v) return p;
    }
    return 17;
}

static int sig_digits(const char *s)
{
    int n = 0, lead = 1;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9') continue;
        if (lead && *s == '0') continue;
        lead = 0;
        n++;
    }
    /* trailing zeros of a fixed form ("100.0") are not significant */
    return n;
}

static int sig_trim(const char *s)
{
    char d[64];
    int n = 0, lead = 1;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9') continue;
        if (lead && *s == '0') continue;
        lead = 0;
        d[n++] = *s;
    }
    while (n > 1 && d[n - 1] == '0') n--;
    return n;
}

int main(int argc, char **argv)
{
    FILE *fp;
    char line[2048], kind[8], hex[32], text[1600], got[64];
    long nrand = argc > 2 ? atol(argv[2]) : 2000000, i, ncase = 0;
    if (argc < 2 || !(fp = fopen(argv[1], "r"))) { fprintf(stderr, "usage: test_num CASES_FILE [N]\n"); return 2; }
    /* 1. Python's answers */
    while (fgets(line, sizeof line, fp)) {
        uint64_t bits;
        if (sscanf(line, "%7s %31s %1599s", kind, hex, text) != 3) continue;
        bits = strtoull(hex, NULL, 16);
        ncase++;
        if (!strcmp(kind, "F64")) {
            double v;
            memcpy(&v, &bits, 8);
            fmt_f64(got, v);
            CHECK(!strcmp(got, text), "float64 %s: %s, Python %s", hex, got, text);
        } else if (!strcmp(kind, "F32")) {
            uint32_t b32 = (uint32_t)bits;
            float f;
            memcpy(&f, &b32, 4);
            fmt_f32(got, f);
            CHECK(!strcmp(got, text), "float32 %s: %s, numpy %s", hex, got, text);
        } else if (!strcmp(kind, "F16")) {
            fmt_f16(got, (uint16_t)bits);
            CHECK(!strcmp(got, text), "float16 %s: %s, numpy %s", hex, got, text);
        } else if (!strcmp(kind, "P64")) {
            double v = 0;
            uint64_t b2;
            int ok = is_float_text(text, strlen(text), &v);
            memcpy(&b2, &v, 8);
            CHECK(ok && b2 == bits, "parse %s: %016llx, Python %016llx", text, (unsigned long long)b2, (unsigned long long)bits);
        }
    }
    fclose(fp);
    CHECK(ncase > 100000, "only %ld reference cases read", ncase);
    /* 2. random bit patterns: reads back exactly, no longer than the fewest %.*e digits */
    for (i = 0; i < nrand; i++) {
        uint64_t b = next();
        double v, back;
        float f, fb;
        uint32_t b32 = (uint32_t)(b >> 32);
        if (i % 3 == 0) b >>= (b & 63);             /* small and subnormal ones too */
        memcpy(&v, &b, 8);
        if (v == v && !isinf(v)) {
            fmt_f64(got, v);
            back = strtod(got, NULL);
            CHECK(memcmp(&back, &v, 8) == 0, "float64 %016llx: %s reads back differently", (unsigned long long)b, got);
            CHECK(sig_trim(got) <= min_digits(v, 8), "float64 %016llx: %s is not the shortest (%d digits)", (unsigned long long)b, got,
                  min_digits(v, 8));
            (void)sig_digits;
        }
        memcpy(&f, &b32, 4);
        if (f == f && !isinf(f)) {
            fmt_f32(got, f);
            fb = strtof(got, NULL);
            CHECK(memcmp(&fb, &f, 4) == 0, "float32 %08x: %s reads back differently", (unsigned)b32, got);
            CHECK(sig_trim(got) <= min_digits((double)f, 4), "float32 %08x: %s is not the shortest", (unsigned)b32, got);
        }
    }
    /* 3. parsing against strtod: texts of random values at every precision, and odd ones */
    for (i = 0; i < nrand; i++) {
        uint64_t b = next() >> 1;
        double v, mine = 0, ref;
        char t[128];
        int ok;
        memcpy(&v, &b, 8);
        if (v != v || isinf(v)) continue;
        switch (i % 5) {
        case 0: snprintf(t, sizeof t, "%.*e", (int)(next() % 25), v); break;
        case 1: snprintf(t, sizeof t, "%.17g", v); break;
        case 2: snprintf(t, sizeof t, "%.*f", (int)(next() % 12), (double)(next() % 100000000) / 1000.0); break;
        case 3: snprintf(t, sizeof t, "%lld.%llde%d", (long long)(next() % 1000000), (long long)(next() % 100000), (int)(next() % 640) - 330); break;
        default: snprintf(t, sizeof t, "-%.*g", (int)(next() % 20) + 1, v * 1e-10);
        }
        ok = is_float_text(t, strlen(t), &mine);
        ref = strtod(t, NULL);
        CHECK(ok && memcmp(&mine, &ref, 8) == 0, "parse %s: %.17g, strtod %.17g", t, mine, ref);
    }
    {
        static const char *const bad[] = {"", "+", "-", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "1,5", "--1", ".", "+.", "1e5e5", "nan1", "in"};
        static const char *const good[] = {".5", "5.", "-0", "+7", "1E5", "1e-5", "NaN", "-inf", "Infinity", "00012", "0.0e0"};
        size_t k;
        double v;
        int64_t iv;
        for (k = 0; k < sizeof bad / sizeof *bad; k++) CHECK(!is_float_text(bad[k], strlen(bad[k]), &v), "'%s' accepted as a float", bad[k]);
        for (k = 0; k < sizeof good / sizeof *good; k++) CHECK(is_float_text(good[k], strlen(good[k]), &v), "'%s' refused as a float", good[k]);
        /* not NUL-terminated: the byte after the field is never read into it */
        CHECK(is_float_text("12345", 3, &v) && v == 123.0, "a field is its n bytes only");
        CHECK(is_int_text("9223372036854775807", 19, &iv) && iv == INT64_MAX, "INT64_MAX");
        CHECK(is_int_text("-9223372036854775808", 20, &iv) && iv == INT64_MIN, "INT64_MIN");
        CHECK(!is_int_text("9223372036854775808", 19, &iv) && !is_int_text("-9223372036854775809", 20, &iv), "int64 overflow refused");
        CHECK(!is_int_text("", 0, &iv) && !is_int_text("-", 1, &iv) && !is_int_text("1.0", 3, &iv) && !is_int_text("1e3", 3, &iv), "not ints");
        for (k = 0; k < 100000; k++) {
            int64_t x = (int64_t)next() >> (next() % 64), y = 0;
            char t[32];
            size_t len = fmt_i64(t, x);
            CHECK(len == strlen(t) && is_int_text(t, len, &y) && y == x && strtoll(t, NULL, 10) == x, "int %lld: %s", (long long)x, t);
        }
    }
    printf("test_num: %ld reference cases, %ld checks, %ld failed\n", ncase, checks, failures);
    return failures ? 1 : 0;
}
