#include "bench.h"

#define ROUNDS 300
static int8_t DATA[1 << 16];

static void init(void) {}

static uint64_t hash(const int8_t *buf, int off, int len) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = off; i < off + len; i++) {
        h ^= (uint8_t)buf[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int64_t run(void) {
    seed = 7;
    for (int i = 0; i < (int)sizeof DATA; i++)
        DATA[i] = (int8_t)next();
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++)
        acc ^= hash(DATA, r & 1023, (int)sizeof DATA - 1024) + (uint64_t)r;
    return (int64_t)acc;
}
