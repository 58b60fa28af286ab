package org.zeptux.kernel.hw;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Platform;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * Each CPU's raw per-CPU block, which the GS base points at while the CPU runs kernel code
 * (boot/user.asm and boot/trap.asm swap GS on every entry from and exit to user mode, as
 * Linux's, so in the kernel GS is always this block and KERNEL_GS_BASE the user's). The block
 * holds what assembly needs without a register to spare — the kernel stack of the running task
 * and a scratch slot for the user's RSP — and the CPU's index, which {@link #index} reads with
 * one {@code mov rax, [gs:16]}: safe code reaches its CPU's typed data through it
 * (smp.PerCpu.current()).
 *
 * <p>Each block is written only by its own CPU (the index once, by {@link #load}). Before the
 * boot CPU loads its block, {@link #index} is 0: there is one CPU then.
 */
public final class CpuLocal {
    private CpuLocal() {}

    /** The most CPUs the kernel runs; the MADT may list more (they stay off). */
    public static final int MAX_CPUS = 16;
    static final int GS_BASE = 0xC0000101;
    static final int KERNEL_GS_BASE = 0xC0000102;

    /** The block boot/user.asm reads at GS:0 and GS:8, and zeptux_cpu_index at GS:16. */
    @Struct(size = 32)
    interface Block {
        /** The running task's kernel stack top: where a system call's frame goes. */
        @Offset(0) long kernelStack();

        void kernelStack(long v);

        /** Scratch: the user RSP while the entry switches stacks. */
        @Offset(8) long userRsp();

        /** The CPU's index (0: the boot CPU). */
        @Offset(16) long index();

        void index(long v);
    }

    private static final long[][] BLOCKS = new long[MAX_CPUS][4];
    /** Set once the boot CPU's GS base points at its block. */
    private static boolean live;

    @Export("zeptux_cpu_index")
    private static native long nativeIndex();

    /** Points this CPU's GS base at block {@code cpu} (KERNEL_GS_BASE: the user's, 0). On that CPU, once, interrupts off. */
    public static void load(int cpu) {
        if (Platform.simulated()) {
            return;
        }
        Block block = Structs.over(BLOCKS[cpu], Block.class);
        block.index(cpu);
        Cpu.writeMsr(GS_BASE, Structs.addressOf(block).toLong());
        Cpu.writeMsr(KERNEL_GS_BASE, 0);
        live = true;
    }

    /** This CPU's index: 0 for the boot CPU, 1.. for the application processors in the order they started. */
    public static int index() {
        if (Platform.simulated() || !live) {
            return 0;
        }
        return (int) nativeIndex();
    }

    /** Makes {@code top} the kernel stack this CPU's system-call entry switches to. */
    static void setKernelStack(long top) {
        Structs.over(BLOCKS[index()], Block.class).kernelStack(top);
    }
}
