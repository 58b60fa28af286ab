#include "bench.h"

#define ROUNDS 8
#define RUN 128
#define LEN 32768
static int32_t A[LEN];

static void init(void) {}

static void sort(int32_t *a, int lo, int hi) {
    for (int i = lo + 1; i < hi; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static int64_t run(void) {
    seed = 11;
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < LEN; i++)
            A[i] = next() - 0x40000000;
        for (int lo = 0; lo < LEN; lo += RUN)
            sort(A, lo, lo + RUN);
        for (int i = 0; i < LEN; i += 7)
            acc += (uint64_t)((int64_t)A[i] * (i + 1));
    }
    return (int64_t)acc;
}
