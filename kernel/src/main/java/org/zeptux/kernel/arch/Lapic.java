package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.Mmio;
import org.zeptux.kernel.hw.MmioRegion;
import org.zeptux.kernel.hw.Processor;

/**
 * The local APIC in xAPIC mode: 32-bit registers in a 4 KiB page of memory-mapped I/O
 * (Intel SDM vol. 3, chapter 11). Enabled through IA32_APIC_BASE and the spurious-interrupt
 * vector register; its timer counts down from an initial count at the bus clock divided by
 * 16, one-shot (for calibration) or periodic.
 */
public final class Lapic {
    private Lapic() {}

    static final int ID = 0x20;
    static final int VERSION = 0x30;
    static final int TPR = 0x80;
    static final int EOI = 0xB0;
    static final int SVR = 0xF0;
    static final int ESR = 0x280;
    static final int LVT_TIMER = 0x320;
    static final int LVT_ERROR = 0x370;
    static final int TIMER_INITIAL = 0x380;
    static final int TIMER_CURRENT = 0x390;
    static final int TIMER_DIVIDE = 0x3E0;

    static final int SVR_ENABLE = 1 << 8;
    public static final int LVT_MASKED = 1 << 16;
    public static final int LVT_PERIODIC = 1 << 17;
    /** TIMER_DIVIDE value for dividing the bus clock by 16 (SDM vol. 3, figure 11-10). */
    static final int DIVIDE_BY_16 = 0x3;

    /** The registers: a 4 KiB page, mapped by {@link #init}. */
    static final MmioRegion REGISTERS = Mmio.LAPIC;

    /** Enables the local APIC at physical {@code phys}, with all interrupts accepted (TPR 0). */
    public static void init(long phys) {
        Processor.enableLocalApic();                    // IA32_APIC_BASE's global enable
        REGISTERS.map(phys);
        write(TPR, 0);
        write(LVT_ERROR, Interrupts.APIC_ERROR);
        write(ESR, 0);                                  // ESR is rewritten before reading
        write(ESR, 0);
        write(SVR, SVR_ENABLE | Interrupts.SPURIOUS);
    }

    /** This CPU's APIC ID. */
    public static int id() {
        return read(ID) >>> 24;
    }

    /** Ends the interrupt being serviced. */
    public static void eoi() {
        write(EOI, 0);
    }

    /** Reads and clears the error status register. */
    public static int errorStatus() {
        write(ESR, 0);
        return read(ESR);
    }

    /** Starts the timer one-shot from {@code count}, its interrupt masked (for calibration). */
    public static void startMaskedOneShot(int count) {
        write(TIMER_DIVIDE, DIVIDE_BY_16);
        write(LVT_TIMER, LVT_MASKED | Interrupts.LAPIC_TIMER);
        write(TIMER_INITIAL, count);
    }

    /** The timer's current count. */
    public static int timerCount() {
        return read(TIMER_CURRENT);
    }

    /** Starts the periodic timer: an interrupt on {@code vector} every {@code count} divided clocks. */
    public static void startPeriodic(int vector, int count) {
        write(TIMER_DIVIDE, DIVIDE_BY_16);
        write(LVT_TIMER, LVT_PERIODIC | vector);
        write(TIMER_INITIAL, count);
    }

    static int read(int register) {
        return REGISTERS.load32(register);
    }

    static void write(int register, int value) {
        REGISTERS.store32(register, value);
    }
}
