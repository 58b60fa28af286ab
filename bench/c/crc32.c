#include "bench.h"

#define ROUNDS 160
static uint32_t TABLE[256];
static int8_t DATA[1 << 16];

static void init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        TABLE[n] = c;
    }
}

static uint32_t update(uint32_t crc, const int8_t *buf, int off, int len) {
    uint32_t c = ~crc;
    for (int i = off; i < off + len; i++)
        c = TABLE[(c ^ (uint32_t)buf[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

static int64_t run(void) {
    seed = 42;
    for (int i = 0; i < (int)sizeof DATA; i++)
        DATA[i] = (int8_t)next();
    uint32_t crc = 0;
    uint64_t sum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        crc = update(crc, DATA, r & 255, (int)sizeof DATA - 256);
        sum += crc;
        DATA[r] ^= (int8_t)crc;
    }
    return (int64_t)sum;
}
