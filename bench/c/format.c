#include "bench.h"

#define COUNT 200000
#define LEN 32
static int8_t BUF[LEN];
static const int8_t DIGITS[16] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

static void init(void) {}

static int decimal(int8_t *buf, int len, int64_t v) {
    int p = len;
    int negative = v < 0;
    if (!negative)
        v = -v;
    do {
        buf[--p] = (int8_t)('0' - (v % 10));
        v /= 10;
    } while (v != 0);
    if (negative)
        buf[--p] = '-';
    return p;
}

static int hex(int8_t *buf, int len, uint64_t v) {
    int p = len;
    do {
        buf[--p] = DIGITS[(int)v & 15];
        v >>= 4;
    } while (v != 0);
    return p;
}

static uint64_t digest(const int8_t *buf, int len, int from) {
    uint64_t h = 0;
    for (int i = from; i < len; i++)
        h = h * 131 + (uint64_t)(int64_t)buf[i];
    return h;
}

static int64_t run(void) {
    seed = 29;
    uint64_t acc = 0;
    for (int n = 0; n < COUNT; n++) {
        uint64_t a = (uint64_t)(int64_t)next() << 33;
        uint64_t b = (uint64_t)(int64_t)next() << 2;
        uint64_t c = (uint64_t)(int64_t)next();
        int shift = next() & 63;
        int64_t v = (int64_t)(a ^ b ^ c) >> shift;
        if (n & 1)
            v = (int64_t)(0 - (uint64_t)v);
        acc = acc * 7 + digest(BUF, LEN, decimal(BUF, LEN, v));
        acc = acc * 7 + digest(BUF, LEN, hex(BUF, LEN, (uint64_t)v));
    }
    return (int64_t)acc;
}
