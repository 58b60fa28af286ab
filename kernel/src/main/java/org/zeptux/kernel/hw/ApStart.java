package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * The raw side of starting an application processor (smp.Smp has the algorithm): the real-mode
 * trampoline of boot/smp.asm copied to {@link #TRAMPOLINE}, a page below 1 MiB that memblock
 * keeps out of the allocator (it lies in the low-memory reservation, MemInit), and its parameter
 * block filled for each AP before its start-up IPI: the kernel's page tables, the boot CPU's CR4
 * and EFER bits, the AP's stack and index. The AP writes its "alive" word first thing, in real
 * mode, so the boot CPU can tell a CPU that never started from one that started and hung.
 *
 * <p>Only the boot CPU calls these, one AP at a time (the block is shared).
 */
public final class ApStart {
    private ApStart() {}

    /** The trampoline's physical page; boot/smp.asm's TRAMPOLINE must agree. */
    public static final long TRAMPOLINE = 0x7000;
    /** The start-up IPI's vector: the page number. */
    public static final int SIPI_PAGE = (int) (TRAMPOLINE >>> 12);
    static final int P_CR3 = 0;
    static final int P_CR4 = 8;
    static final int P_EFER = 16;
    static final int P_STACK = 24;
    static final int P_CPU = 32;
    static final int P_ENTRY = 40;
    static final int P_ALIVE = 48;
    static final int EFER = 0xC0000080;
    static final long EFER_LME = 1 << 8;
    static final long EFER_NXE = 1 << 11;

    /** boot/smp.asm: 0 the trampoline's start, 1 its end, 2 its parameter block, 3 zeptux_ap_entry. */
    @Export("zeptux_trampoline")
    private static native long trampoline(int which);

    private static long params() {
        return Phys.virt(PhysAddr.of(TRAMPOLINE)).toLong() + (trampoline(2) - trampoline(0));
    }

    /** Copies the trampoline to its page; false (nothing copied) if it does not fit the page. */
    public static boolean install() {
        long start = trampoline(0);
        long size = trampoline(1) - start;
        if (size <= 0 || size > Phys.PAGE_SIZE) {
            return false;
        }
        long to = Phys.virt(PhysAddr.of(TRAMPOLINE)).toLong();
        for (long i = 0; i < size; i++) {
            Memory.store8(to + i, Memory.load8(start + i));
        }
        return true;
    }

    /** Fills the parameter block for AP {@code cpu}, starting on the stack whose top is {@code stackTop}. */
    public static void prepare(int cpu, long stackTop) {
        long p = params();
        Memory.store64(p + P_CR3, Paging.kernelRoot().toLong());
        Memory.store64(p + P_CR4, Cpu.readCr4());
        Memory.store64(p + P_EFER, EFER_LME | (Cpu.readMsr(EFER) & EFER_NXE));
        Memory.store64(p + P_STACK, stackTop);
        Memory.store64(p + P_CPU, cpu);
        Memory.store64(p + P_ENTRY, trampoline(3));
        Memory.mmioStore64(p + P_ALIVE, 0);
        Cpu.mfence();                               // all of it in memory before the IPI
    }

    /** Whether the AP last prepared has run the trampoline's first instructions. */
    public static boolean alive() {
        return Memory.mmioLoad64(params() + P_ALIVE) != 0;
    }
}
