package org.zeptux.kernel.arch;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * The kernel's GDT and its 64-bit TSS, which gives the double fault, NMI and machine check
 * their own interrupt stacks (IST), so a kernel stack overflow ends in a readable panic.
 *
 * <p>The code and data selectors are those stage 2 left loaded (0x18 64-bit code, 0x20 data),
 * so loading this GDT needs no segment reload; the TSS takes selector 0x28 (a 16-byte
 * descriptor). Layouts: Intel SDM vol. 3, 3.4.5 (segment descriptors), 8.2.3 (the 64-bit TSS
 * descriptor) and 8.7 (the 64-bit TSS).
 */
public final class Gdt {
    private Gdt() {}

    public static final int KERNEL_CODE = 0x18;
    public static final int KERNEL_DATA = 0x20;
    public static final int TSS = 0x28;

    /** The interrupt stacks, by IST index (1..3), each IST_SIZE bytes (boot/trap.asm). */
    public static final int IST_DOUBLE_FAULT = 1;
    public static final int IST_NMI = 2;
    public static final int IST_MACHINE_CHECK = 3;
    public static final int IST_SIZE = 16384;

    /** The 64-bit TSS is 104 bytes; no I/O permission bitmap. */
    static final int TSS_LIMIT = 103;
    static final int TSS_IST1 = 0x24;
    static final int TSS_IOMAP = 0x66;

    private static final long[] TABLE = new long[7];
    private static final long[] TASK_STATE = new long[13];
    private static final long[] DESCRIPTOR = new long[2];

    @Export("zeptux_ist_stacks")
    private static native long istStacks();

    /** Loads the GDT and the task register. Once, at boot, with interrupts off. */
    public static void init() {
        long tss = Memory.addressOf(TASK_STATE) + 16;
        for (int ist = 1; ist <= 3; ist++) {
            Memory.store64(tss + TSS_IST1 + 8 * (ist - 1), istTop(ist));
        }
        Memory.store16(tss + TSS_IOMAP, TSS_LIMIT + 1);   // beyond the limit: no I/O bitmap

        long table = Memory.addressOf(TABLE) + 16;
        Memory.store64(table, 0);
        Memory.store64(table + 0x08, 0x00CF9A000000FFFFL);  // 32-bit code (stage 2's)
        Memory.store64(table + 0x10, 0x00CF92000000FFFFL);  // data
        Memory.store64(table + KERNEL_CODE, 0x00AF9A000000FFFFL);  // 64-bit code: L=1, D=0
        Memory.store64(table + KERNEL_DATA, 0x00CF92000000FFFFL);  // data
        Memory.store64(table + TSS, tssLow(tss, TSS_LIMIT));
        Memory.store64(table + TSS + 8, tss >>> 32);

        long descriptor = Memory.addressOf(DESCRIPTOR) + 16;
        Memory.store16(descriptor, 7 * 8 - 1);
        Memory.store64(descriptor + 2, table);
        Cpu.lgdt(descriptor);
        Cpu.ltr(TSS);
    }

    /** The top (first address above) of interrupt stack {@code ist}, 16-byte aligned. */
    public static long istTop(int ist) {
        return istStacks() + (long) ist * IST_SIZE;
    }

    /**
     * The low quadword of an available 64-bit TSS descriptor (type 9, present, DPL 0) for a
     * TSS at {@code base} with byte limit {@code limit}; the high quadword is base bits 63..32.
     */
    public static long tssLow(long base, int limit) {
        return (limit & 0xFFFFL)
                | (base & 0xFFFFFFL) << 16
                | 0x89L << 40                           // P=1, DPL=0, type 1001b
                | ((long) (limit >>> 16) & 0xF) << 48
                | ((base >>> 24) & 0xFF) << 56;
    }
}
