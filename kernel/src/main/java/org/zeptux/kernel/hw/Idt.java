package org.zeptux.kernel.hw;

import org.zeptux.kernel.arch.Descriptors;
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

    /** A 64-bit interrupt gate (SDM 6.14.1): {@link Descriptors#gateLow}, then the handler's bits 63..32. */
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
            gate.low(Descriptors.gateLow(handler, Gdt.KERNEL_CODE, Descriptors.ist(v)));
            gate.high(handler >>> 32);
        }
        Gdt.Pointer idtr = Structs.over(DESCRIPTOR, Gdt.Pointer.class);
        idtr.limit((char) (16 * VECTORS - 1));
        idtr.base(Structs.addressOf(table).toLong());
        load();
    }

    /** Loads the IDT {@link #init} filled on this CPU (every CPU shares it: it is never written again). */
    public static void load() {
        Cpu.lidt(Structs.addressOf(Structs.over(DESCRIPTOR, Gdt.Pointer.class)).toLong());
    }
}
