#include "bench.h"

#define ROUNDS 40
#define LEN 131072
static int8_t FLAGS[LEN];

static void init(void) {}

static int sieve(int8_t *f, int n) {
    for (int i = 0; i < n; i++)
        f[i] = 1;
    f[0] = 0;
    f[1] = 0;
    for (int i = 2; i * i < n; i++)
        if (f[i] != 0)
            for (int j = i * i; j < n; j += i)
                f[j] = 0;
    int count = 0;
    for (int i = 0; i < n; i++)
        count += f[i];
    return count;
}

static int64_t run(void) {
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++)
        acc = acc * 31 + (uint64_t)(int64_t)sieve(FLAGS, LEN - r * 1000);
    return (int64_t)acc;
}
