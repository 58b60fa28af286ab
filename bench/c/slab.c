#include "bench.h"

#define OPS 2200000
#define SLABS 256
#define PER_SLAB 64
#define OBJECTS (SLABS * PER_SLAB)
static int32_t NEXT_FREE[OBJECTS];
static int8_t STATE[OBJECTS];
static int64_t PAYLOAD[OBJECTS];
static int32_t FREE_HEAD[SLABS], IN_USE[SLABS], PARTIAL_NEXT[SLABS], PARTIAL_PREV[SLABS];
static int partial;
static int32_t LIVE[8192];

static void init(void) {}

static void link_partial(int s) {
    PARTIAL_PREV[s] = -1;
    PARTIAL_NEXT[s] = partial;
    if (partial >= 0)
        PARTIAL_PREV[partial] = s;
    partial = s;
}

static void unlink_partial(int s) {
    int n = PARTIAL_NEXT[s], p = PARTIAL_PREV[s];
    if (p >= 0)
        PARTIAL_NEXT[p] = n;
    else
        partial = n;
    if (n >= 0)
        PARTIAL_PREV[n] = p;
}

static int alloc(void) {
    int s = partial;
    if (s < 0)
        return -1;
    int o = FREE_HEAD[s];
    FREE_HEAD[s] = NEXT_FREE[o];
    if (++IN_USE[s] == PER_SLAB)
        unlink_partial(s);
    STATE[o] = 1;
    return o;
}

static int release(int o) {
    if (STATE[o] != 1)
        return 0;
    STATE[o] = 0;
    int s = o / PER_SLAB;
    if (IN_USE[s]-- == PER_SLAB)
        link_partial(s);
    NEXT_FREE[o] = FREE_HEAD[s];
    FREE_HEAD[s] = o;
    return 1;
}

static int64_t run(void) {
    seed = 29;
    partial = -1;
    for (int s = SLABS - 1; s >= 0; s--) {
        for (int i = 0; i < PER_SLAB; i++) {
            int o = s * PER_SLAB + i;
            NEXT_FREE[o] = i + 1 < PER_SLAB ? o + 1 : -1;
            STATE[o] = 0;
        }
        FREE_HEAD[s] = s * PER_SLAB;
        IN_USE[s] = 0;
        link_partial(s);
    }
    for (int i = 0; i < 8192; i++)
        LIVE[i] = -1;
    uint64_t acc = 0;
    int stale = 0;
    for (int op = 0; op < OPS; op++) {
        int r = next();
        int slot = r & 8191;
        int o = LIVE[slot];
        if (o >= 0) {
            acc += (uint64_t)PAYLOAD[o];
            release(o);
            LIVE[slot] = -1;
            stale = o;
        } else if ((r & 0x70000) == 0) {
            if (!release(stale))
                acc += 7;
        } else {
            o = alloc();
            if (o >= 0) {
                PAYLOAD[o] = (int64_t)((uint64_t)op * 0x9E3779B9ULL);
                LIVE[slot] = o;
                acc ^= (uint64_t)o;
            } else {
                acc -= 1;
            }
        }
    }
    return (int64_t)acc;
}
