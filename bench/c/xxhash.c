#include "bench.h"

#define ROUNDS 2000
#define LEN 8192
static const uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL, P3 = 0x165667B19E3779F9ULL;
static uint64_t DATA[LEN];

static void init(void) {}

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t round64(uint64_t acc, uint64_t input) {
    acc += input * P2;
    acc = rotl(acc, 31);
    return acc * P1;
}

static uint64_t hash(const uint64_t *d, int len, uint64_t s) {
    uint64_t v1 = s + P1 + P2, v2 = s + P2, v3 = s, v4 = s - P1;
    for (int i = 0; i + 4 <= len; i += 4) {
        v1 = round64(v1, d[i]);
        v2 = round64(v2, d[i + 1]);
        v3 = round64(v3, d[i + 2]);
        v4 = round64(v4, d[i + 3]);
    }
    uint64_t h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

static int64_t run(void) {
    seed = 99;
    for (int i = 0; i < LEN; i++) {
        uint64_t hi = (uint64_t)(int64_t)next() << 33;
        DATA[i] = hi ^ (uint64_t)(int64_t)next();
    }
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++)
        acc += hash(DATA, LEN - (r & 7), acc);
    return (int64_t)acc;
}
