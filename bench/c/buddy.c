#include "bench.h"

#define OPS 2000000
#define ORDERS 13
#define PAGES (1 << (ORDERS - 1))
static int32_t HEAD[ORDERS], NEXT[PAGES], PREV[PAGES], LIVE[1024];
static int8_t FREE_ORDER[PAGES];

static void init(void) {}

static void push(int b, int o) {
    int h = HEAD[o];
    NEXT[b] = h;
    PREV[b] = -1;
    if (h >= 0)
        PREV[h] = b;
    HEAD[o] = b;
    FREE_ORDER[b] = (int8_t)o;
}

static void unlink_block(int b, int o) {
    int n = NEXT[b], p = PREV[b];
    if (p >= 0)
        NEXT[p] = n;
    else
        HEAD[o] = n;
    if (n >= 0)
        PREV[n] = p;
    FREE_ORDER[b] = -1;
}

static int alloc(int o) {
    int k = o;
    while (k < ORDERS && HEAD[k] < 0)
        k++;
    if (k == ORDERS)
        return -1;
    int b = HEAD[k];
    unlink_block(b, k);
    while (k > o) {
        k--;
        push(b + (1 << k), k);
    }
    return b;
}

static void release(int b, int o) {
    while (o < ORDERS - 1) {
        int buddy = b ^ (1 << o);
        if (FREE_ORDER[buddy] != o)
            break;
        unlink_block(buddy, o);
        b &= ~(1 << o);
        o++;
    }
    push(b, o);
}

static int64_t run(void) {
    seed = 23;
    for (int i = 0; i < ORDERS; i++)
        HEAD[i] = -1;
    for (int i = 0; i < PAGES; i++)
        FREE_ORDER[i] = -1;
    for (int i = 0; i < 1024; i++)
        LIVE[i] = -1;
    push(0, ORDERS - 1);
    uint64_t acc = 0;
    for (int op = 0; op < OPS; op++) {
        int slot = next() & 1023;
        int live = LIVE[slot];
        if (live >= 0) {
            release(live & 0xffff, (int)((unsigned)live >> 16));
            LIVE[slot] = -1;
        } else {
            int o = next() & 3;
            int b = alloc(o);
            if (b >= 0) {
                LIVE[slot] = b | (o << 16);
                acc += (uint64_t)((int64_t)b * 31 + o);
            } else {
                acc ^= (uint64_t)op;
            }
        }
    }
    return (int64_t)acc;
}
