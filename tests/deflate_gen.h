/* Test inputs of tests/test_deflate.c: deterministic byte generators
 * (integer arithmetic and IEEE +,*,/ only, so every host makes the same bytes). */

static void g_st64(uint8_t *p, uint64_t v) { h5l__st32(p, (uint32_t)v); h5l__st32(p + 4, (uint32_t)(v >> 32)); }

static uint64_t g_rs = 0x243f6a8885a308d3ull;
static uint32_t g_rnd(void)
{
    g_rs ^= g_rs << 13;
    g_rs ^= g_rs >> 7;
    g_rs ^= g_rs << 17;
    return (uint32_t)(g_rs >> 16);
}

/* HDF5 shuffle filter: byte j of element i goes to j * nelem + i */
static void g_shuffle(uint8_t *dst, const uint8_t *src, size_t n, size_t esz)
{
    size_t ne = n / esz, i, j;
    for (i = 0; i < ne; i++)
        for (j = 0; j < esz; j++) dst[j * ne + i] = src[i * esz + j];
    memcpy(dst + ne * esz, src + ne * esz, n - ne * esz);
}

enum {
    G_ZEROS, G_RANDOM, G_TEXT, G_CSV, G_RUNS, G_F64SHUF, G_F64, G_I32SHUF, G_PERIODIC, G_MIXED, G_REPEAT32K,
    G_PTEXT, G_PTEXT2, G_PTEXT3, G_CSVQ, G_LOG, G_JSON,
    G_NKIND
};
static const char *g_names[G_NKIND] = {"zeros", "random", "text", "csv", "runs", "f64-shuffled", "f64", "i32-counter-shuffled",
                                       "periodic", "mixed", "repeat-32K", "ptext-7/89", "ptext-5/61", "ptext-1/1000",
                                       "csv-quoted", "log", "json"};

/* periodic text: line[(i * mul + i / div) % len] (a stride through one line, shifted by one every div bytes) */
static void g_ptext(uint8_t *d, size_t n, const char *line, size_t mul, size_t div)
{
    size_t i, len = strlen(line);
    for (i = 0; i < n; i++) d[i] = (uint8_t)line[(i * mul + i / div) % len];
}

/* append up to len bytes of line to d[*pos..n) */
static void g_put(uint8_t *d, size_t n, size_t *pos, const char *line, int len)
{
    int k;
    for (k = 0; k < len && *pos < n; k++) d[(*pos)++] = (uint8_t)line[k];
}
static const char *g_words[] = {"alpha", "beta", "gamma", "delta", "sensor", "north", "south", "pump", "valve", "ok",
                                "warning", "error", "timeout", "retry", "Smith, J.", "O'Neil", "x", "value"};

/* a smooth series with noise: x_i = 100 * s_i + 20 * c_i + noise, where
 * (s, c) rotates by a small angle each step (a sine without libm) */
static void g_f64(uint8_t *d, size_t n, int shuf)
{
    size_t ne = n / 8, i;
    uint8_t *tmp = malloc(n ? n : 1);
    double s = 0.0, c = 1.0, e = 1e-4, s2 = 0.3, c2 = 0.95393920141694566, e2 = 3e-6;
    for (i = 0; i < ne; i++) {
        double v, ns, ns2;
        ns = s + e * c;
        c = c - e * ns;
        s = ns;
        ns2 = s2 + e2 * c2;
        c2 = c2 - e2 * ns2;
        s2 = ns2;
        v = 100.0 * s + 20.0 * c2 + 0.01 * ((double)(g_rnd() % 20001) / 10000.0 - 1.0);
        {
            uint64_t u;
            memcpy(&u, &v, 8);
            g_st64(tmp + 8 * i, u);
        }
    }
    for (i = ne * 8; i < n; i++) tmp[i] = (uint8_t)g_rnd();
    if (shuf) g_shuffle(d, tmp, n, 8);
    else memcpy(d, tmp, n);
    free(tmp);
}

static void g_make(int kind, uint8_t *d, size_t n)
{
    size_t i;
    switch (kind) {
    case G_ZEROS:
        memset(d, 0, n);
        break;
    case G_RANDOM:
        for (i = 0; i < n; i++) d[i] = (uint8_t)g_rnd();
        break;
    case G_TEXT: {   /* Zipf-ish words */
        static const char *w[] = {"the ", "of ", "and ", "a ", "to ", "in ", "is ", "dataset ", "chunk ", "group ",
                                  "attribute ", "compression ", "float64 ", "shuffle ", "filter ", "HDF5 ", "value, ",
                                  "table. ", "column ", "vaex ", "\n", "lorem ", "ipsum ", "dolor ", "sit ", "amet "};
        size_t pos = 0;
        while (pos < n) {
            uint32_t r = g_rnd() % 1000, k = 0;
            const char *s;
            while (k < 25 && r > 1000u / (k + 2)) k++, r = g_rnd() % 1000;   /* skewed choice */
            s = w[k];
            while (*s && pos < n) d[pos++] = (uint8_t)*s++;
        }
        break;
    }
    case G_CSV: {   /* id,timestamp,value,flag lines */
        size_t pos = 0;
        unsigned long id = 1000, t = 1600000000;
        while (pos < n) {
            char line[96];
            int len = sprintf(line, "%lu,%lu,%d.%03u,%s\n", id++, t, (int)(g_rnd() % 200) - 100, g_rnd() % 1000,
                              g_rnd() % 7 ? "ok" : "flagged");
            int k;
            t += 1 + g_rnd() % 3;
            for (k = 0; k < len && pos < n; k++) d[pos++] = (uint8_t)line[k];
        }
        break;
    }
    case G_RUNS: {
        size_t pos = 0;
        while (pos < n) {
            size_t run = 1 + g_rnd() % (g_rnd() % 4 ? 8 : 600);
            uint8_t b = (uint8_t)(g_rnd() % 6);
            while (run-- && pos < n) d[pos++] = b;
        }
        break;
    }
    case G_F64SHUF:
        g_f64(d, n, 1);
        break;
    case G_F64:
        g_f64(d, n, 0);
        break;
    case G_I32SHUF: {
        uint8_t *tmp = malloc(n ? n : 1);
        uint32_t v = 1000000;
        for (i = 0; i + 4 <= n; i += 4) {
            h5l__st32(tmp + i, v);
            v += 1 + g_rnd() % 3;
        }
        for (; i < n; i++) tmp[i] = 0;
        g_shuffle(d, tmp, n, 4);
        free(tmp);
        break;
    }
    case G_PERIODIC: {   /* period 1..300 with occasional changes */
        size_t p = 1 + g_rnd() % 300;
        for (i = 0; i < n; i++) d[i] = i < p ? (uint8_t)g_rnd() : g_rnd() % 97 ? d[i - p] : (uint8_t)g_rnd();
        break;
    }
    case G_MIXED: {   /* stretches of random, text, zeros */
        size_t pos = 0;
        while (pos < n) {
            size_t k = 1 + g_rnd() % 40000, j;
            int which = (int)(g_rnd() % 3);
            if (k > n - pos) k = n - pos;
            if (which == 0) for (j = 0; j < k; j++) d[pos + j] = (uint8_t)g_rnd();
            else if (which == 1) g_make(G_TEXT, d + pos, k);
            else memset(d + pos, (int)(g_rnd() & 255), k);
            pos += k;
        }
        break;
    }
    case G_PTEXT:
        g_ptext(d, n, "1970-01-01,42,3.25,\"some text, quoted\",true\n", 7, 89);
        break;
    case G_PTEXT2:
        g_ptext(d, n, "2024-06-30T12:00:00Z INFO worker-3 request done in 12 ms\n", 5, 61);
        break;
    case G_PTEXT3:
        g_ptext(d, n, "{\"id\": 17, \"name\": \"probe\", \"ok\": false}\n", 1, 1000);
        break;
    case G_CSVQ: {   /* date,int,decimal,"quoted, text",bool */
        size_t pos = 0;
        unsigned day = 0;
        while (pos < n) {
            char line[160];
            unsigned r = g_rnd();
            int len = sprintf(line, "2023-%02u-%02u,%u,%d.%02u,\"%s %s, %s\",%s\n", 1 + day / 28 % 12, 1 + day % 28,
                              g_rnd() % 100000, (int)(g_rnd() % 2000) - 1000, g_rnd() % 100, g_words[r % 18],
                              g_words[(r >> 8) % 18], g_words[(r >> 16) % 18], (r >> 24) & 1 ? "true" : "false");
            if (g_rnd() % 8 == 0) day++;
            g_put(d, n, &pos, line, len);
        }
        break;
    }
    case G_LOG: {   /* timestamped log lines */
        size_t pos = 0;
        unsigned long t = 36000000;   /* ms of the day */
        while (pos < n) {
            char line[200];
            unsigned r = g_rnd();
            int len;
            t += g_rnd() % 250;
            if (r % 5 == 0)
                len = sprintf(line, "2024-03-17 %02lu:%02lu:%02lu.%03lu WARN  [worker-%u] %s after %u ms (attempt %u)\n",
                              t / 3600000 % 24, t / 60000 % 60, t / 1000 % 60, t % 1000, (r >> 4) % 8, g_words[10 + (r >> 8) % 4],
                              g_rnd() % 5000, 1 + (r >> 12) % 3);
            else
                len = sprintf(line, "2024-03-17 %02lu:%02lu:%02lu.%03lu INFO  [worker-%u] GET /api/v1/%s/%u 200 %u bytes\n",
                              t / 3600000 % 24, t / 60000 % 60, t / 1000 % 60, t % 1000, (r >> 4) % 8, g_words[(r >> 8) % 10],
                              g_rnd() % 10000, g_rnd() % 65536);
            g_put(d, n, &pos, line, len);
        }
        break;
    }
    case G_JSON: {   /* JSON-ish records */
        size_t pos = 0;
        unsigned long id = 500000;
        while (pos < n) {
            char line[240];
            unsigned r = g_rnd();
            int len = sprintf(line, "{\"id\": %lu, \"station\": \"%s-%u\", \"temp\": %d.%u, \"tags\": [\"%s\", \"%s\"], \"active\": %s}\n",
                              id++, g_words[r % 10], (r >> 8) % 50, (int)(g_rnd() % 60) - 20, g_rnd() % 10,
                              g_words[(r >> 16) % 18], g_words[(r >> 20) % 18], (r >> 28) & 1 ? "true" : "false");
            g_put(d, n, &pos, line, len);
        }
        break;
    }
    case G_REPEAT32K: {   /* random 32768-byte block, then copies at distance 32768 and 32769 */
        for (i = 0; i < n; i++) {
            if (i < 32768) d[i] = (uint8_t)g_rnd();
            else if ((i / 32768) % 2) d[i] = d[i - 32768];
            else d[i] = i >= 32769 ? d[i - 32769] : 0;
        }
        break;
    }
    }
}
