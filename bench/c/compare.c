#include "bench.h"

#define LOOKUPS 16000
#define NAMES 128
static int8_t POOL[NAMES * 40];
static int32_t OFFSET[NAMES], LENGTH[NAMES];
static int8_t QUERY[40];

static void init(void) {}

static int compare(const int8_t *a, int a_off, int a_len, const int8_t *b, int b_off, int b_len) {
    int n = a_len < b_len ? a_len : b_len;
    for (int i = 0; i < n; i++) {
        int d = (a[a_off + i] & 0xff) - (b[b_off + i] & 0xff);
        if (d != 0)
            return d;
    }
    return a_len - b_len;
}

static int lookup(const int8_t *q, int len) {
    int below = 0;
    for (int i = 0; i < NAMES; i++) {
        int c = compare(POOL, OFFSET[i], LENGTH[i], q, 0, len);
        if (c == 0)
            return i;
        if (c < 0)
            below++;
    }
    return -below - 1;
}

static int64_t run(void) {
    seed = 41;
    int at = 0;
    for (int i = 0; i < NAMES; i++) {
        int len = 6 + (next() & 31);
        OFFSET[i] = at;
        LENGTH[i] = len;
        for (int k = 0; k < len; k++)
            POOL[at + k] = (int8_t)(k < 3 ? "lib"[k] : k == 3 ? '0' + (i & 7) : 'a' + (next() & 7));
        at += len;
    }
    uint64_t acc = 0;
    for (int op = 0; op < LOOKUPS; op++) {
        int r = next();
        int name = r & (NAMES - 1);
        int len = LENGTH[name];
        for (int k = 0; k < len; k++)
            QUERY[k] = POOL[OFFSET[name] + k];
        if ((r & 0x100) != 0)
            QUERY[((uint32_t)r >> 9) % (uint32_t)len] ^= 1;
        acc = acc * 31 + (uint64_t)(int64_t)lookup(QUERY, len);
    }
    return (int64_t)acc;
}
