#include "bench.h"

#define ROUNDS 1500
#define LEN 16384
static int32_t SRC[LEN], DST[LEN];

static void init(void) {}

static void fill(int32_t *a, int from, int to, int32_t v) {
    for (int i = from; i < to; i++)
        a[i] = v;
}

static void copy(const int32_t *src, int sp, int32_t *dst, int dp, int n) {
    for (int i = 0; i < n; i++)
        dst[dp + i] = src[sp + i];
}

static int64_t run(void) {
    seed = 3;
    for (int i = 0; i < LEN; i++)
        SRC[i] = next();
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        fill(DST, 0, LEN, r);
        copy(SRC, r & 255, DST, (r * 7) & 255, LEN - 256);
        acc += (uint64_t)(int64_t)(int32_t)((uint32_t)DST[r & 16383]) + (uint64_t)(int64_t)DST[(r * 31) & 16383];
        SRC[r & 16383] ^= (int32_t)acc;
    }
    return (int64_t)acc;
}
