#include "bench.h"

#define MAPPINGS 24000
#define LOOKUPS 1500000
#define TABLES 600
#define PRESENT 1ULL
#define WRITABLE 2ULL
#define HUGE 0x80ULL
#define ADDRESS 0x000FFFFFFFFFF000ULL
#define ADDRESS_2M 0x000FFFFFFFE00000ULL
static uint64_t MEM[TABLES * 512];
static int tables;

static void init(void) {}

static uint64_t address(void) {
    int r = next();
    int offset = next() & 0xff8;
    return ((uint64_t)(r & 3) << 39) | ((uint64_t)((r >> 2) & 7) << 30) | ((uint64_t)((r >> 5) & 15) << 21)
        | ((uint64_t)((r >> 9) & 511) << 12) | (uint64_t)offset;
}

static int table(int entry) {
    uint64_t e = MEM[entry];
    if ((e & PRESENT) == 0) {
        int t = tables++;
        for (int i = 0; i < 512; i++)
            MEM[t * 512 + i] = 0;
        e = ((uint64_t)t << 12) | PRESENT | WRITABLE;
        MEM[entry] = e;
    }
    return (int)((e & ADDRESS) >> 3);
}

static void map(uint64_t va, uint64_t pa, int huge) {
    int pdpt = table((int)((va >> 39) & 511));
    int pd = table(pdpt + (int)((va >> 30) & 511));
    int pde = pd + (int)((va >> 21) & 511);
    if (huge) {
        if ((MEM[pde] & PRESENT) == 0)
            MEM[pde] = (pa & ADDRESS_2M) | PRESENT | WRITABLE | HUGE;
        return;
    }
    if ((MEM[pde] & HUGE) != 0)
        return;
    int pt = table(pde);
    MEM[pt + (int)((va >> 12) & 511)] = (pa & ADDRESS) | PRESENT | WRITABLE;
}

static int64_t translate(uint64_t va) {
    uint64_t e = MEM[(va >> 39) & 511];
    if ((e & PRESENT) == 0)
        return -1;
    e = MEM[(int)((e & ADDRESS) >> 3) + (int)((va >> 30) & 511)];
    if ((e & PRESENT) == 0)
        return -1;
    e = MEM[(int)((e & ADDRESS) >> 3) + (int)((va >> 21) & 511)];
    if ((e & PRESENT) == 0)
        return -1;
    if ((e & HUGE) != 0)
        return (int64_t)((e & ADDRESS_2M) | (va & 0x1FFFFF));
    e = MEM[(int)((e & ADDRESS) >> 3) + (int)((va >> 12) & 511)];
    if ((e & PRESENT) == 0)
        return -1;
    return (int64_t)((e & ADDRESS) | (va & 0xFFF));
}

static int64_t run(void) {
    seed = 31;
    for (int i = 0; i < 512; i++)
        MEM[i] = 0;
    tables = 1;
    for (int i = 0; i < MAPPINGS; i++) {
        uint64_t pa = ((uint64_t)next() << 12) & 0xFFFFFFFFFFULL;
        uint64_t va = address();
        int huge = (next() & 63) == 0;
        map(va, pa, huge);
    }
    uint64_t acc = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        int64_t pa = translate(address());
        acc = acc * 31 + (uint64_t)pa;
    }
    return (int64_t)(acc + (uint64_t)tables);
}
