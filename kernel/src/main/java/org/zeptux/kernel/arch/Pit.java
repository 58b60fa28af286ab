package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Port;

/**
 * The 8254 programmable interval timer, 1.193182 MHz (8254 data sheet). Channel 2, whose
 * output can be read at port 0x61 bit 5, measures a fixed interval by polling (to calibrate
 * the other clocks); channel 0 on IRQ 0 is the periodic timer when there is no local APIC.
 */
public final class Pit {
    private Pit() {}

    public static final int FREQUENCY = 1193182;
    static final int CHANNEL0 = 0x40;
    static final int CHANNEL2 = 0x42;
    static final int COMMAND = 0x43;
    static final int PORT_B = 0x61;
    static final int GATE2 = 0x01;
    static final int SPEAKER = 0x02;
    static final int OUT2 = 0x20;
    /** Give up on a channel that never counts down after this many TSC cycles (seconds on any CPU). */
    static final long GIVE_UP = 1L << 36;

    /** Counts {@code count} PIT clocks (at most 65535) on channel 2 and waits until it is done. */
    public static void wait(int count) {
        Port.out8(PORT_B, (Port.in8(PORT_B) & ~SPEAKER) | GATE2);  // gate on, speaker off
        Port.out8(COMMAND, 0xB0);                       // channel 2, low then high byte, mode 0
        Port.out8(CHANNEL2, count & 0xFF);
        Port.out8(CHANNEL2, (count >>> 8) & 0xFF);      // counting starts; OUT2 rises at zero
        long start = Cpu.rdtsc();
        while ((Port.in8(PORT_B) & OUT2) == 0) {
            if (Cpu.rdtsc() - start > GIVE_UP) {
                Panic.panic("Pit.wait: PIT channel 2 does not count");
            }
            Cpu.pause();
        }
    }

    /** Starts channel 0 as a rate generator (mode 2) at {@code hz} interrupts a second. */
    public static void startPeriodic(int hz) {
        int divisor = (FREQUENCY + hz / 2) / hz;
        Port.out8(COMMAND, 0x34);                       // channel 0, low then high byte, mode 2
        Port.out8(CHANNEL0, divisor & 0xFF);
        Port.out8(CHANNEL0, (divisor >>> 8) & 0xFF);
    }
}
