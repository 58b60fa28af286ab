package org.zeptux.kernel.arch;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * The interrupt descriptor table: 256 interrupt gates, each to its stub in boot/trap.asm,
 * which calls {@link Interrupts#trap}. Interrupt gates clear IF, so the dispatcher runs with
 * interrupts off. The double fault, NMI and machine check switch to their own stacks (IST).
 * Gate layout: Intel SDM vol. 3, 6.14.1.
 */
public final class Idt {
    private Idt() {}

    public static final int VECTORS = 256;
    /** Each stub is this many bytes after the previous one (boot/trap.asm). */
    static final int STUB_SIZE = 16;

    private static final long[] TABLE = new long[2 * VECTORS];
    private static final long[] DESCRIPTOR = new long[2];

    @Export("zeptux_trap_stubs")
    private static native long stubs();

    /** Fills and loads the IDT. Once, at boot, after {@link Gdt#init()}, with interrupts off. */
    public static void init() {
        long table = Memory.addressOf(TABLE) + 16;
        long stubs = stubs();
        for (int v = 0; v < VECTORS; v++) {
            long handler = stubs + (long) v * STUB_SIZE;
            Memory.store64(table + 16L * v, gateLow(handler, Gdt.KERNEL_CODE, ist(v)));
            Memory.store64(table + 16L * v + 8, handler >>> 32);
        }
        long descriptor = Memory.addressOf(DESCRIPTOR) + 16;
        Memory.store16(descriptor, 16 * VECTORS - 1);
        Memory.store64(descriptor + 2, table);
        Cpu.lidt(descriptor);
    }

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
}
