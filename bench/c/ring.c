#include "bench.h"

#define OPS 100000
#define SIZE 4096
#define MASK (SIZE - 1)
static int8_t RING[SIZE];
static int8_t SOURCE[512];
static int head, tail;

static void init(void) {}

static int put(const int8_t *from, int n) {
    int room = SIZE - (head - tail);
    if (n > room)
        n = room;
    int at = head & MASK;
    int first = n < SIZE - at ? n : SIZE - at;
    for (int i = 0; i < first; i++)
        RING[at + i] = from[i];
    for (int i = first; i < n; i++)
        RING[i - first] = from[i];
    head += n;
    return n;
}

static int64_t take(int n, int64_t sum) {
    int available = head - tail;
    if (n > available)
        n = available;
    uint64_t s = (uint64_t)sum;
    for (int i = 0; i < n; i++)
        s = s * 31 + (uint64_t)(RING[(tail + i) & MASK] & 0xff);
    tail += n;
    return (int64_t)s;
}

static int64_t run(void) {
    seed = 37;
    head = 0;
    tail = 0;
    for (int i = 0; i < 512; i++)
        SOURCE[i] = (int8_t)next();
    int64_t sum = 0;
    uint64_t moved = 0;
    for (int op = 0; op < OPS; op++) {
        int r = next();
        if ((r & 1) == 0)
            moved += (uint64_t)put(SOURCE, (r >> 1) & 511);
        else
            sum = take((r >> 1) & 511, sum);
        SOURCE[op & 511] ^= (int8_t)r;
    }
    return (int64_t)((uint64_t)sum + moved);
}
