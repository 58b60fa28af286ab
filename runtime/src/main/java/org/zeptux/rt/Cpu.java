package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * CPU instructions that have no Java equivalent.
 *
 * <p>Each compiles to the one instruction it is named after. On the JVM, {@link #hlt()} with
 * interrupts disabled stops the simulated machine by throwing
 * {@link org.zeptux.rt.host.MachineStopped}.
 */
public final class Cpu {
    private Cpu() {}

    /** Halts until the next interrupt ({@code hlt}). */
    public static void hlt() { Machine.current().hlt(); }

    /** Spin-loop hint ({@code pause}). */
    public static void pause() { Machine.current().pause(); }

    /** Disables maskable interrupts ({@code cli}). */
    public static void cli() { Machine.current().setInterruptsEnabled(false); }

    /** Enables maskable interrupts ({@code sti}). */
    public static void sti() { Machine.current().setInterruptsEnabled(true); }

    /** Reads the time-stamp counter ({@code rdtsc}). */
    public static long rdtsc() { return Machine.current().rdtsc(); }

    /** {@code cpuid} with EAX = {@code leaf}, ECX = {@code subleaf}; returns EAX. */
    public static int cpuidEax(int leaf, int subleaf) { return Machine.current().cpuid(leaf, subleaf)[0]; }

    /** {@code cpuid} with EAX = {@code leaf}, ECX = {@code subleaf}; returns EBX. */
    public static int cpuidEbx(int leaf, int subleaf) { return Machine.current().cpuid(leaf, subleaf)[1]; }

    /** {@code cpuid} with EAX = {@code leaf}, ECX = {@code subleaf}; returns ECX. */
    public static int cpuidEcx(int leaf, int subleaf) { return Machine.current().cpuid(leaf, subleaf)[2]; }

    /** {@code cpuid} with EAX = {@code leaf}, ECX = {@code subleaf}; returns EDX. */
    public static int cpuidEdx(int leaf, int subleaf) { return Machine.current().cpuid(leaf, subleaf)[3]; }

    /** Reads model-specific register {@code msr} ({@code rdmsr}). */
    public static long readMsr(int msr) { return Machine.current().readMsr(msr); }

    /** Writes model-specific register {@code msr} ({@code wrmsr}). */
    public static void writeMsr(int msr, long value) { Machine.current().writeMsr(msr, value); }

    /** Reads CR0. */
    public static long readCr0() { return Machine.current().controlRegister(0); }

    /** Reads CR2, the faulting address of the last page fault. */
    public static long readCr2() { return Machine.current().controlRegister(2); }

    /** Reads CR3, the page-table root. */
    public static long readCr3() { return Machine.current().controlRegister(3); }

    /** Reads CR4. */
    public static long readCr4() { return Machine.current().controlRegister(4); }

    /** Writes CR0. */
    public static void writeCr0(long value) { Machine.current().setControlRegister(0, value); }

    /** Writes CR3 (switches page tables and flushes non-global TLB entries). */
    public static void writeCr3(long value) { Machine.current().setControlRegister(3, value); }

    /** Writes CR4. */
    public static void writeCr4(long value) { Machine.current().setControlRegister(4, value); }

    /** Invalidates the TLB entry for the page containing {@code address} ({@code invlpg}). */
    public static void invlpg(long address) { Machine.current().invlpg(address); }

    /** Loads the GDT register from the 10-byte descriptor (limit, base) at {@code descriptor} ({@code lgdt}). */
    public static void lgdt(long descriptor) { Machine.current().lgdt(descriptor); }

    /** Loads the IDT register from the 10-byte descriptor (limit, base) at {@code descriptor} ({@code lidt}). */
    public static void lidt(long descriptor) { Machine.current().lidt(descriptor); }

    /**
     * Enables interrupts and halts, as one {@code sti; hlt} pair: the interrupt shadow of
     * {@code sti} holds interrupts off until {@code hlt} has started, so an interrupt that
     * arrives in between still wakes the CPU (the race-free way to wait with interrupts off).
     */
    public static void stiHlt() { Machine.current().stiHlt(); }

    /** Loads the task register with the TSS selector {@code selector} ({@code ltr}). */
    public static void ltr(int selector) { Machine.current().ltr(selector); }

    /** Reads RFLAGS ({@code pushfq; pop}). Bit 9 is IF. */
    public static long readFlags() { return Machine.current().flags(); }

    /** Raises an invalid-opcode exception, #UD ({@code ud2}). */
    public static void ud2() { Machine.current().exception(6, "ud2"); }

    /** Raises a breakpoint exception, #BP ({@code int3}); handled, execution continues after it. */
    public static void int3() { Machine.current().exception(3, "int3"); }

    /**
     * Divides the unsigned 128-bit value {@code high:low} by {@code divisor} ({@code div}) and
     * returns the quotient. Like the instruction, it raises a divide error (#DE) when
     * {@code divisor} is 0 or the quotient does not fit in 64 bits ({@code high >= divisor},
     * unsigned): there is no Java check here.
     */
    public static long udiv128(long high, long low, long divisor) {
        if (divisor == 0 || Long.compareUnsigned(high, divisor) >= 0) {
            Machine.current().exception(0, "div");
        }
        java.math.BigInteger n = new java.math.BigInteger(Long.toUnsignedString(high))
                .shiftLeft(64).add(new java.math.BigInteger(Long.toUnsignedString(low)));
        return n.divide(new java.math.BigInteger(Long.toUnsignedString(divisor))).longValue();
    }

    /** Full memory barrier ({@code mfence}). */
    public static void mfence() { Machine.current().fence(); }

    /** Load barrier ({@code lfence}). */
    public static void lfence() { Machine.current().fence(); }

    /** Store barrier ({@code sfence}). */
    public static void sfence() { Machine.current().fence(); }

    /** The frame pointer (RBP) of the calling method; 0 on the JVM, which has no such frames. */
    public static long frameAddress() { return 0; }

    /**
     * The address the calling method returns to: a place in its caller, for naming who called
     * (e.g. who freed a pool object). The calling method is never inlined, so this is its own
     * caller. 0 on the JVM.
     */
    public static long returnAddress() { return 0; }
}
