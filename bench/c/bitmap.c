#include "bench.h"

#define OPS 120000
#define WORDS 1024
static uint64_t MAP[WORDS];
static int hint;

static void init(void) {}

static int alloc(uint64_t *map, int n) {
    for (int k = 0; k < n; k++) {
        int w = hint + k;
        if (w >= n)
            w -= n;
        uint64_t x = map[w];
        if (x != ~0ULL) {
            int b = __builtin_ctzll(~x);
            map[w] = x | (1ULL << b);
            hint = w;
            return w * 64 + b;
        }
    }
    return -1;
}

static int release(uint64_t *map, int bit) {
    uint64_t mask = 1ULL << (bit & 63);
    uint64_t x = map[(unsigned)bit >> 6];
    if ((x & mask) == 0)
        return 0;
    map[(unsigned)bit >> 6] = x & ~mask;
    return 1;
}

static int64_t run(void) {
    seed = 17;
    hint = 0;
    for (int i = 0; i < WORDS; i++)
        MAP[i] = 0;
    uint64_t acc = 0;
    for (int op = 0; op < OPS; op++) {
        if ((next() & 3) != 0) {
            acc += (uint64_t)(int64_t)alloc(MAP, WORDS);
        } else {
            int bit = next() & 65535;
            if (release(MAP, bit))
                acc ^= (uint64_t)bit;
        }
    }
    return (int64_t)acc;
}
