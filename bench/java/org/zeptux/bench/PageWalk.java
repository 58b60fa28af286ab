package org.zeptux.bench;

/**
 * x86-64 four-level page-table walks over simulated memory: 4 KiB and 2 MiB pages mapped into
 * tables allocated as needed, then translations of random addresses, mapped or not (present
 * bits, the page-size bit, the address fields of each level's entry).
 */
public final class PageWalk {
    static final int MAPPINGS = 24000;
    static final int LOOKUPS = 1500000;
    static final int TABLES = 600;
    static final long PRESENT = 1;
    static final long WRITABLE = 2;
    static final long HUGE = 0x80;
    static final long ADDRESS = 0x000FFFFFFFFFF000L;
    static final long ADDRESS_2M = 0x000FFFFFFFE00000L;
    /** The page tables: table t's 512 entries from t * 512; table 0 is the PML4. */
    static final long[] MEM = new long[TABLES * 512];
    static int tables;
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    /** A virtual address in 4 PML4 slots x 8 PDPT slots x 16 PD slots x 512 PT slots. */
    static long address() {
        int r = next();
        int offset = next() & 0xff8;
        return ((long) (r & 3) << 39) | ((long) ((r >>> 2) & 7) << 30) | ((long) ((r >>> 5) & 15) << 21)
                | ((long) ((r >>> 9) & 511) << 12) | offset;
    }

    /** The index of the table entry {@code e} points to, allocating a table when it is not present. */
    static int table(int entry) {
        long e = MEM[entry];
        if ((e & PRESENT) == 0) {
            int t = tables++;
            for (int i = 0; i < 512; i++) {
                MEM[t * 512 + i] = 0;
            }
            e = ((long) t << 12) | PRESENT | WRITABLE;
            MEM[entry] = e;
        }
        return (int) ((e & ADDRESS) >>> 3);
    }

    static void map(long va, long pa, boolean huge) {
        int pdpt = table((int) ((va >>> 39) & 511));
        int pd = table(pdpt + (int) ((va >>> 30) & 511));
        int pde = pd + (int) ((va >>> 21) & 511);
        if (huge) {
            if ((MEM[pde] & PRESENT) == 0) {
                MEM[pde] = (pa & ADDRESS_2M) | PRESENT | WRITABLE | HUGE;
            }
            return;
        }
        if ((MEM[pde] & HUGE) != 0) {
            return;                                 // inside a 2 MiB page already
        }
        int pt = table(pde);
        MEM[pt + (int) ((va >>> 12) & 511)] = (pa & ADDRESS) | PRESENT | WRITABLE;
    }

    /** The physical address {@code va} maps to, or -1. */
    static long translate(long va) {
        long e = MEM[(int) ((va >>> 39) & 511)];
        if ((e & PRESENT) == 0) {
            return -1;
        }
        e = MEM[(int) ((e & ADDRESS) >>> 3) + (int) ((va >>> 30) & 511)];
        if ((e & PRESENT) == 0) {
            return -1;
        }
        e = MEM[(int) ((e & ADDRESS) >>> 3) + (int) ((va >>> 21) & 511)];
        if ((e & PRESENT) == 0) {
            return -1;
        }
        if ((e & HUGE) != 0) {
            return (e & ADDRESS_2M) | (va & 0x1FFFFF);
        }
        e = MEM[(int) ((e & ADDRESS) >>> 3) + (int) ((va >>> 12) & 511)];
        if ((e & PRESENT) == 0) {
            return -1;
        }
        return (e & ADDRESS) | (va & 0xFFF);
    }

    public static long run() {
        seed = 31;
        for (int i = 0; i < 512; i++) {
            MEM[i] = 0;
        }
        tables = 1;
        for (int i = 0; i < MAPPINGS; i++) {
            long pa = ((long) next() << 12) & 0xFFFFFFFFFFL;
            long va = address();
            boolean huge = (next() & 63) == 0;
            map(va, pa, huge);
        }
        long acc = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            long pa = translate(address());
            acc = acc * 31 + pa;
        }
        return acc + tables;
    }

    public static void main(String[] args) {
        long r = 0;
        for (int i = 0; i < Repeat.TIMES; i++) {
            r = run();
        }
        System.out.println(r);
    }
}
