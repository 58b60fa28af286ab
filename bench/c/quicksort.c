#include "bench.h"

#define ROUNDS 8
#define LEN 65536
static int32_t A[LEN];

static void init(void) {}

static void sort(int32_t *a, int lo, int hi) {
    while (lo < hi) {
        int32_t p = a[(int)((unsigned)(lo + hi) >> 1)];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i <= j) {
                int32_t t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            sort(a, lo, j);
            lo = i;
        } else {
            sort(a, i, hi);
            hi = j;
        }
    }
}

static int64_t run(void) {
    seed = 5;
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < LEN; i++) {
            uint32_t lo = (uint32_t)next();
            uint32_t hi = (uint32_t)next() << 16;
            A[i] = (int32_t)(lo ^ hi);
        }
        sort(A, 0, LEN - 1);
        for (int i = 0; i < LEN; i += 5)
            acc += (uint64_t)((int64_t)A[i] * (i + r));
    }
    return (int64_t)acc;
}
