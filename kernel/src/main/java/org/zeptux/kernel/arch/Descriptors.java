package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.Gdt;

/**
 * The descriptor encodings hw's {@link Gdt} and {@code Idt} write into their tables: plain
 * arithmetic on numbers, kept out of the unsafe package. Layouts: Intel SDM vol. 3, 6.14.1
 * (the 64-bit interrupt gate) and 8.2.3 (the 64-bit TSS descriptor).
 */
public final class Descriptors {
    private Descriptors() {}

    /** The interrupt stack vector {@code v} runs on: 0 (the current stack) for most. */
    public static int ist(int v) {
        switch (v) {
            case Exceptions.DOUBLE_FAULT:
                return Gdt.IST_DOUBLE_FAULT;
            case Exceptions.NMI:
                return Gdt.IST_NMI;
            case Exceptions.MACHINE_CHECK:
                return Gdt.IST_MACHINE_CHECK;
            default:
                return 0;
        }
    }

    /**
     * The low quadword of a present 64-bit interrupt gate (type 1110b, DPL 0) to
     * {@code handler} in code segment {@code selector}, on interrupt stack {@code ist} (0: none).
     */
    public static long gateLow(long handler, int selector, int ist) {
        return (handler & 0xFFFF)
                | (long) (selector & 0xFFFF) << 16
                | (long) (ist & 7) << 32
                | 0x8EL << 40
                | ((handler >>> 16) & 0xFFFF) << 48;
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
