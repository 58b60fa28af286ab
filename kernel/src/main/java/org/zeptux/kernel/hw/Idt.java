package org.zeptux.kernel.hw;

import org.zeptux.kernel.arch.Exceptions;
import org.zeptux.rt.Count;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Embedded;
import org.zeptux.rt.Export;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * The interrupt descriptor table: 256 interrupt gates, each to its stub in boot/trap.asm,
 * which calls {@link Interrupts#trap}. Interrupt gates clear IF, so the dispatcher runs with
 * interrupts off. The double fault, NMI and machine check switch to their own stacks (IST).
 * Gate layout: Intel SDM vol. 3, 6.14.1; the table is a struct view over an image-heap array.
 */
public final class Idt {
    private Idt() {}

    public static final int VECTORS = 256;
    /** Each stub is this many bytes after the previous one (boot/trap.asm). */
    static final int STUB_SIZE = 16;

    /** A 64-bit interrupt gate (SDM 6.14.1): {@link #gateLow}, then the handler's bits 63..32. */
    @Struct(size = 16)
    interface Gate {
        @Offset(0) long low();

        void low(long v);

        @Offset(8) long high();

        void high(long v);
    }

    /** The table: a gate per vector. */
    @Struct(size = 16 * VECTORS)
    interface Table {
        @Offset(0) @Embedded @Count(VECTORS) Gate gate(int vector);
    }

    private static final long[] TABLE = new long[2 * VECTORS];
    private static final long[] DESCRIPTOR = new long[2];

    @Export("zeptux_trap_stubs")
    private static native long stubs();

    /** Fills and loads the IDT. Once, at boot, after {@link Gdt#init()}, with interrupts off. */
    public static void init() {
        Table table = Structs.over(TABLE, Table.class);
        long stubs = stubs();
        for (int v = 0; v < VECTORS; v++) {
            long handler = stubs + (long) v * STUB_SIZE;
            Gate gate = table.gate(v);
            gate.low(gateLow(handler, Gdt.KERNEL_CODE, ist(v)));
            gate.high(handler >>> 32);
        }
        Gdt.Pointer idtr = Structs.over(DESCRIPTOR, Gdt.Pointer.class);
        idtr.limit((char) (16 * VECTORS - 1));
        idtr.base(Structs.addressOf(table).toLong());
        Cpu.lidt(Structs.addressOf(idtr).toLong());
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
