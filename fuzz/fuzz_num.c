/*
 * libFuzzer target for mmapcol's number section: any bytes as a CSV field
 * must parse exactly as strtod / strtoll read the same text (when our
 * grammar accepts it, strtod must consume all of it); any 8/4/2 bytes as a
 * float64/32/16 must format to text that reads back to the same value.
 */
#define MMAPCOL_NO_MAIN 1
#include "../hdf5lite.c"   /* mmapcol.c's other parts call the library */
#include "../mmapcol.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[4200], out[64];
    double v = 0, ref;
    int64_t iv = 0;
    char *end;
    if (size < sizeof buf) {
        memcpy(buf, data, size);
        buf[size] = 0;
        if (strlen(buf) == size && is_float_text(buf, size, &v)) {
            ref = strtod(buf, &end);
            if (end != buf + size) __builtin_trap();
            if (!(v != v && ref != ref) && memcmp(&v, &ref, 8) != 0) __builtin_trap();
        }
        if (strlen(buf) == size && is_int_text(buf, size, &iv)) {
            errno = 0;
            if (strtoll(buf, &end, 10) != iv || errno || end != buf + size) __builtin_trap();
        }
    }
    if (size >= 8) {
        double d;
        memcpy(&d, data, 8);
        if (d == d) {
            fmt_f64(out, d);
            ref = strtod(out, NULL);
            if (memcmp(&ref, &d, 8) != 0) __builtin_trap();
        }
    }
    if (size >= 4) {
        float f, fb;
        memcpy(&f, data, 4);
        if (f == f) {
            fmt_f32(out, f);
            fb = strtof(out, NULL);
            if (memcmp(&fb, &f, 4) != 0) __builtin_trap();
        }
    }
    if (size >= 2) {
        uint16_t h;
        memcpy(&h, data, 2);
        if ((h & 0x7c00) != 0x7c00) {
            fmt_f16(out, h);
            if (double_to_half(strtod(out, NULL)) != h) __builtin_trap();
        }
    }
    return 0;
}
