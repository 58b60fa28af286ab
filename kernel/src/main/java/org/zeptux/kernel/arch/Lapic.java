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
    static final int ICR_LOW = 0x300;
    static final int ICR_HIGH = 0x310;
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

    /** ICR bits (SDM vol. 3, 11.6.1): delivery modes, level assert, the delivery status. */
    static final int ICR_FIXED = 0;
    static final int ICR_INIT = 5 << 8;
    static final int ICR_STARTUP = 6 << 8;
    static final int ICR_ASSERT = 1 << 14;
    static final int ICR_PENDING = 1 << 12;

    /** Enables an application processor's local APIC (the registers are mapped already: every CPU's are at the same address). */
    public static void initAp() {
        Processor.enableLocalApic();
        write(TPR, 0);
        write(LVT_ERROR, Interrupts.APIC_ERROR);
        write(ESR, 0);
        write(ESR, 0);
        write(SVR, SVR_ENABLE | Interrupts.SPURIOUS);
    }

    /**
     * Sends an inter-processor interrupt: {@code mode} (ICR_FIXED with a vector, ICR_INIT,
     * ICR_STARTUP with the start page) to the CPU with APIC ID {@code apicId}; the high half
     * first, since writing the low half sends (SDM vol. 3, 11.6.1). Interrupts must be off (a
     * handler's IPI between the two writes would change the destination).
     */
    public static void sendIpi(int apicId, int mode, int vector) {
        write(ICR_HIGH, apicId << 24);
        write(ICR_LOW, mode | ICR_ASSERT | (vector & 0xFF));
    }

    /** Whether the last IPI is still being sent (the ICR's delivery status). */
    public static boolean ipiPending() {
        return (read(ICR_LOW) & ICR_PENDING) != 0;
    }

    /** An INIT IPI to {@code apicId}: the CPU resets and waits for a start-up IPI. */
    public static void sendInit(int apicId) {
        sendIpi(apicId, ICR_INIT, 0);
    }

    /** A start-up IPI: the CPU starts in real mode at physical {@code page} * 4 KiB. */
    public static void sendStartup(int apicId, int page) {
        sendIpi(apicId, ICR_STARTUP, page);
    }

    /** A fixed interrupt on {@code vector} at the CPU with APIC ID {@code apicId}. */
    public static void sendFixed(int apicId, int vector) {
        sendIpi(apicId, ICR_FIXED, vector);
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

    /** Clears the error status register (before start-up IPIs, as the SDM's algorithm does). */
    public static void clearErrors() {
        write(ESR, 0);
        write(ESR, 0);
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
