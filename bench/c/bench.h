/* Shared by the C benchmark kernels: the LCG every kernel draws its inputs from (the same as
 * the Java kernels' next()), and main() printing the checksum as Java's println(long) does. */
#include <stdint.h>
#include <stdio.h>

static uint64_t seed;

static int32_t next(void) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int32_t)(seed >> 33);
}

static int64_t run(void);
static void init(void);

int main(void) {
    init();
    printf("%lld\n", (long long)run());
    return 0;
}
