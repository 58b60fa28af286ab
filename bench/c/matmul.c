#include "bench.h"

#define ROUNDS 40
#define N 80
static uint64_t A[N * N], B[N * N], C[N * N];

static void init(void) {}

static void multiply(const uint64_t *a, const uint64_t *b, uint64_t *c, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            uint64_t s = 0;
            for (int k = 0; k < n; k++)
                s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
}

static int64_t run(void) {
    seed = 13;
    for (int i = 0; i < N * N; i++) {
        A[i] = (uint64_t)(int64_t)(int32_t)((uint32_t)next() - 0x40000000u);
        B[i] = (uint64_t)(next() & 0xffff);
    }
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        multiply(A, B, C, N);
        uint64_t s = 0;
        for (int i = 0; i < N * N; i++)
            s += C[i] * (uint64_t)(int64_t)(i + 1);
        acc ^= s;
        A[r] = s & 0xffff;
    }
    return (int64_t)acc;
}
