package org.zeptux.kernel.hw;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;

/**
 * The CPU instructions safe code may use: none of them can write memory or change how memory
 * is mapped. Interrupt control is here (a kernel without threads has no other lock); the
 * instructions that load descriptor tables, switch page tables, write MSRs or flush the TLB
 * stay with the unsafe code that owns those structures.
 */
public final class Processor {
    private Processor() {}

    /** Disables interrupts. */
    public static void cli() {
        Cpu.cli();
    }

    /** Enables interrupts. */
    public static void sti() {
        Cpu.sti();
    }

    /**
     * Enables interrupts and halts in one step: an interrupt that arrives between the two
     * instructions still wakes the CPU (STI's interrupt shadow covers HLT), so none is lost.
     */
    public static void stiHlt() {
        Cpu.stiHlt();
    }

    /** Halts until the next interrupt. */
    public static void hlt() {
        Cpu.hlt();
    }

    /** Stops this CPU for good: interrupts off, halted. */
    public static void haltForever() {
        while (true) {
            Cpu.cli();
            Cpu.hlt();
        }
    }

    /** A spin-wait hint. */
    public static void pause() {
        Cpu.pause();
    }

    /** The time-stamp counter. */
    public static long rdtsc() {
        return Cpu.rdtsc();
    }

    /** CPUID leaf {@code leaf}, subleaf {@code subleaf}: EAX. */
    public static int cpuidEax(int leaf, int subleaf) {
        return Cpu.cpuidEax(leaf, subleaf);
    }

    /** CPUID: EBX. */
    public static int cpuidEbx(int leaf, int subleaf) {
        return Cpu.cpuidEbx(leaf, subleaf);
    }

    /** CPUID: ECX. */
    public static int cpuidEcx(int leaf, int subleaf) {
        return Cpu.cpuidEcx(leaf, subleaf);
    }

    /** CPUID: EDX. */
    public static int cpuidEdx(int leaf, int subleaf) {
        return Cpu.cpuidEdx(leaf, subleaf);
    }

    /** RFLAGS (bit 9 is IF). */
    public static long readFlags() {
        return Cpu.readFlags();
    }

    /** CR0. */
    public static long readCr0() {
        return Cpu.readCr0();
    }

    /** CR2: the address of the last page fault. */
    public static long readCr2() {
        return Cpu.readCr2();
    }

    /** CR3: the page-table root. */
    public static long readCr3() {
        return Cpu.readCr3();
    }

    /** CR4. */
    public static long readCr4() {
        return Cpu.readCr4();
    }

    /** IA32_APIC_BASE and its global enable bit (Intel SDM vol. 3, 11.4.4). */
    static final int APIC_BASE_MSR = 0x1B;
    static final long APIC_GLOBAL_ENABLE = 1 << 11;

    /** Sets the local APIC's global enable bit in IA32_APIC_BASE, if it is clear. */
    public static void enableLocalApic() {
        long msr = Cpu.readMsr(APIC_BASE_MSR);
        if ((msr & APIC_GLOBAL_ENABLE) == 0) {
            Cpu.writeMsr(APIC_BASE_MSR, msr | APIC_GLOBAL_ENABLE);
        }
    }

    /** {@code int3}: a breakpoint exception, which the kernel counts and returns from. */
    public static void breakpoint() {
        Cpu.int3();
    }

    /**
     * {@code divq}: the 128-bit value {@code high:low} divided by {@code divisor}. Like the
     * instruction it raises #DE (a panic) when the divisor is 0 or the quotient needs more than 64 bits.
     */
    public static long udiv128(long high, long low, long divisor) {
        return Cpu.udiv128(high, low, divisor);
    }

    /**
     * The frame address (RBP) of the code that called this: the frame of the caller, or of the
     * method the caller was inlined into; 0 on the JVM.
     */
    public static long frameAddress() {
        long own = Cpu.frameAddress();          // this method's own frame: it is never inlined
        return own == 0 ? 0 : Memory.load64(own);
    }
}
