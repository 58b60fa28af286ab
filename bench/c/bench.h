/* Shared by the C benchmark kernels: the LCG every kernel draws its inputs from (the same as
 * the Java kernels' next()), and main() calling run() REPEAT times (-DREPEAT=N; 1 by default,
 * as org.zeptux.bench.Repeat) and printing the checksum as Java's println(long) does. */
#include <stdint.h>
#include <stdio.h>

#ifndef REPEAT
#define REPEAT 1
#endif

static uint64_t seed;

static int32_t next(void) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int32_t)(seed >> 33);
}

static int64_t run(void);
static void init(void);

int main(void) {
    init();
    int64_t r = 0;
    for (int i = 0; i < REPEAT; i++)
        r = run();
    printf("%lld\n", (long long)r);
    return 0;
}
