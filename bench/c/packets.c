#include "bench.h"

#define ROUNDS 600
#define LEN (1 << 16)
static int8_t BUF[LEN];
static int32_t PORTS[256];

static void init(void) {}

static int be16(const int8_t *b, int p) { return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff); }
static int be32(const int8_t *b, int p) { return (int)(((uint32_t)be16(b, p) << 16) | (uint32_t)be16(b, p + 2)); }
static void put16(int8_t *b, int p, int v) { b[p] = (int8_t)((unsigned)v >> 8); b[p + 1] = (int8_t)v; }
static void put32(int8_t *b, int p, int v) { put16(b, p, (int)((unsigned)v >> 16)); put16(b, p + 2, v); }

static int checksum(const int8_t *b, int p) {
    uint32_t s = 0;
    for (int i = 0; i < 20; i += 2)
        s += (uint32_t)be16(b, p + i);
    while ((s >> 16) != 0)
        s = (s & 0xffff) + (s >> 16);
    return (int)(~s & 0xffff);
}

static int build(int8_t *b) {
    int p = 0;
    while (p + 28 + 64 <= LEN) {
        int payload = next() & 63;
        int total = 28 + payload;
        b[p] = 0x45;
        b[p + 1] = 0;
        put16(b, p + 2, total);
        put16(b, p + 4, next() & 0xffff);
        put16(b, p + 6, 0);
        b[p + 8] = 64;
        b[p + 9] = (int8_t)((next() & 1) != 0 ? 17 : 6);
        put16(b, p + 10, 0);
        put32(b, p + 12, next());
        put32(b, p + 16, next());
        put16(b, p + 10, checksum(b, p));
        if ((next() & 15) == 0)
            b[p + 11] ^= 1;
        put16(b, p + 20, next() & 0xffff);
        put16(b, p + 22, next() & 0x3ff);
        put16(b, p + 24, 8 + payload);
        put16(b, p + 26, 0);
        for (int i = 0; i < payload; i++)
            b[p + 28 + i] = (int8_t)next();
        p += total;
    }
    return p;
}

static uint64_t parse(const int8_t *b, int end, int32_t *ports) {
    uint64_t acc = 0;
    int p = 0;
    while (p + 20 <= end) {
        int vihl = b[p] & 0xff;
        if ((vihl >> 4) != 4)
            break;
        int ihl = (vihl & 15) * 4;
        int total = be16(b, p + 2);
        if (total < ihl + 8 || p + total > end)
            break;
        if (checksum(b, p) == 0) {
            int protocol = b[p + 9];
            uint32_t src = (uint32_t)be32(b, p + 12);
            uint32_t dst = (uint32_t)be32(b, p + 16);
            int dport = be16(b, p + ihl + 2);
            ports[dport & 255]++;
            acc += (uint64_t)(src ^ dst);
            if (protocol == 17) {
                int length = be16(b, p + ihl + 4);
                int sum = 0;
                for (int i = p + ihl + 8; i < p + ihl + length; i++)
                    sum += b[i] & 0xff;
                acc += (uint64_t)(int64_t)sum;
            }
        } else {
            acc ^= (uint64_t)p;
        }
        p += total;
    }
    return acc;
}

static int64_t run(void) {
    seed = 31;
    for (int i = 0; i < 256; i++)
        PORTS[i] = 0;
    int end = build(BUF);
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++)
        acc = acc * 3 + parse(BUF, end, PORTS);
    for (int i = 0; i < 256; i++)
        acc += (uint64_t)((int64_t)PORTS[i] * i);
    return (int64_t)acc;
}
