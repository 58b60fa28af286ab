package org.zeptux.kernel.hw;

import org.zeptux.kernel.arch.Descriptors;
import org.zeptux.rt.Count;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * The kernel's GDTs and their 64-bit TSSs, one pair per CPU (the TSS holds a CPU's own
 * user-entry stack and interrupt stacks, and a busy TSS cannot be shared): the double fault,
 * NMI and machine check get their own interrupt stacks (IST), so a kernel stack overflow ends
 * in a readable panic. The boot CPU's interrupt stacks are in boot/trap.asm's .bss; an
 * application processor's are given to {@link #initCpu} (hw.ApStart allocates them).
 *
 * <p>The code and data selectors are those stage 2 left loaded (0x18 64-bit code, 0x20 data),
 * so loading this GDT needs no segment reload; the TSS takes selector 0x28 (a 16-byte
 * descriptor). Layouts: Intel SDM vol. 3, 3.4.5 (segment descriptors), 8.2.3 (the 64-bit TSS
 * descriptor) and 8.7 (the 64-bit TSS), each a struct view over an image-heap array.
 */
public final class Gdt {
    private Gdt() {}

    public static final int KERNEL_CODE = 0x18;
    public static final int KERNEL_DATA = 0x20;
    public static final int TSS = 0x28;
    /** User mode's selectors (RPL 3 included), in the order SYSRET wants them (SDM vol. 2, SYSRET): 32-bit code (unused), data, 64-bit code. */
    public static final int USER_BASE = 0x38;
    public static final int USER_DATA = 0x40 | 3;
    public static final int USER_CODE = 0x48 | 3;

    /** The interrupt stacks, by IST index (1..3), each IST_SIZE bytes (boot/trap.asm). */
    public static final int IST_DOUBLE_FAULT = 1;
    public static final int IST_NMI = 2;
    public static final int IST_MACHINE_CHECK = 3;
    public static final int IST_SIZE = 16384;

    /** The 64-bit TSS is 104 bytes; no I/O permission bitmap. */
    static final int TSS_LIMIT = 103;
    /** Descriptors in the table: five segments, the TSS's two quadwords, three user segments. */
    static final int ENTRIES = 10;

    /** The GDT: five segment descriptors (SDM 3.4.5), the 16-byte TSS descriptor (8.2.3), the user segments. */
    @Struct(size = ENTRIES * 8)
    interface Table {
        @Offset(0) @Count(5) long segment(int i);

        void segment(int i, long v);

        @Offset(TSS) long tssLow();

        void tssLow(long v);

        @Offset(TSS + 8) long tssHigh();

        void tssHigh(long v);

        @Offset(USER_BASE) @Count(3) long user(int i);

        void user(int i, long v);
    }

    /** The 64-bit TSS (SDM 8.7); the kernel uses only the interrupt stacks and the I/O map base. */
    @Struct(size = TSS_LIMIT + 1, packed = true)
    interface TaskState {
        /** The stack an interrupt or exception from user mode (CPL 3) switches to. */
        @Offset(0x04) long rsp0();

        void rsp0(long v);

        @Offset(0x24) @Count(7) long ist(int i);    // ist(0) is IST1

        void ist(int i, long v);

        @Offset(0x66) char ioMapBase();

        void ioMapBase(char v);
    }

    /** The 10-byte operand of lgdt and lidt: the table's limit, then its linear base (SDM 3.5.1). */
    @Struct(size = 10, packed = true)
    public interface Pointer {
        @Offset(0) char limit();

        void limit(char v);

        @Offset(2) long base();

        void base(long v);
    }

    /** The most CPUs the kernel runs (smp.PerCpu.MAX_CPUS). */
    public static final int MAX_CPUS = CpuLocal.MAX_CPUS;
    private static final long[][] TABLE = new long[MAX_CPUS][ENTRIES];
    private static final long[][] TASK_STATE = new long[MAX_CPUS][13];
    private static final long[][] DESCRIPTOR = new long[MAX_CPUS][2];

    @Export("zeptux_ist_stacks")
    private static native long istStacks();

    /** Loads the boot CPU's GDT and task register. Once, at boot, with interrupts off. */
    public static void init() {
        long base = istStacks();
        initCpu(0, base + IST_SIZE, base + 2 * IST_SIZE, base + 3 * IST_SIZE);
    }

    /**
     * Fills and loads CPU {@code cpu}'s GDT and TSS, with the tops of its double-fault, NMI and
     * machine-check stacks (IST_SIZE bytes each); on that CPU, with interrupts off, once.
     */
    public static void initCpu(int cpu, long doubleFaultTop, long nmiTop, long machineCheckTop) {
        TaskState tss = Structs.over(TASK_STATE[cpu], TaskState.class);
        tss.ist(IST_DOUBLE_FAULT - 1, doubleFaultTop);
        tss.ist(IST_NMI - 1, nmiTop);
        tss.ist(IST_MACHINE_CHECK - 1, machineCheckTop);
        tss.ioMapBase((char) (TSS_LIMIT + 1));              // beyond the limit: no I/O bitmap

        Table table = Structs.over(TABLE[cpu], Table.class);
        table.segment(0, 0);
        table.segment(1, 0x00CF9A000000FFFFL);              // 32-bit code (stage 2's)
        table.segment(2, 0x00CF92000000FFFFL);              // data
        table.segment(KERNEL_CODE / 8, 0x00AF9A000000FFFFL);  // 64-bit code: L=1, D=0
        table.segment(KERNEL_DATA / 8, 0x00CF92000000FFFFL);  // data
        table.user(0, 0x00CFFA000000FFFFL);                 // 32-bit user code, DPL 3 (SYSRET's base)
        table.user(1, 0x00CFF2000000FFFFL);                 // user data, DPL 3
        table.user(2, 0x00AFFA000000FFFFL);                 // 64-bit user code, DPL 3: L=1, D=0
        long base = Structs.addressOf(tss).toLong();
        table.tssLow(Descriptors.tssLow(base, TSS_LIMIT));
        table.tssHigh(base >>> 32);

        Pointer gdtr = Structs.over(DESCRIPTOR[cpu], Pointer.class);
        gdtr.limit((char) (ENTRIES * 8 - 1));
        gdtr.base(Structs.addressOf(table).toLong());
        Cpu.lgdt(Structs.addressOf(gdtr).toLong());
        Cpu.ltr(TSS);
    }

    /** Makes {@code top} the stack this CPU switches to on an interrupt or exception from user mode. */
    public static void setUserEntryStack(long top) {
        Structs.over(TASK_STATE[CpuLocal.index()], TaskState.class).rsp0(top);
    }
}
