package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.hw.Processor;

/**
 * The 8254 programmable interval timer, 1.193182 MHz (8254 data sheet). Channel 2, whose
 * output can be read at port 0x61 bit 5, measures a fixed interval by polling (to calibrate
 * the other clocks); channel 0 on IRQ 0 is the periodic timer when there is no local APIC.
 */
public final class Pit {
    private Pit() {}

    public static final int FREQUENCY = 1193182;
    /** The PIT's ports (0x40..0x43) and system control port B (0x61). */
    static final PortRange PIT = Ports.PIT;
    static final PortRange PORT_B = Ports.PORT_B;
    static final int CHANNEL0 = 0;
    static final int CHANNEL2 = 2;
    static final int COMMAND = 3;
    static final int GATE2 = 0x01;
    static final int SPEAKER = 0x02;
    static final int OUT2 = 0x20;
    /** Give up on a channel that never counts down after this many TSC cycles (seconds on any CPU). */
    static final long GIVE_UP = 1L << 36;

    /** Counts {@code count} PIT clocks (at most 65535) on channel 2 and waits until it is done. */
    public static void wait(int count) {
        PORT_B.out8(0, (PORT_B.in8(0) & ~SPEAKER) | GATE2);  // gate on, speaker off
        PIT.out8(COMMAND, 0xB0);                       // channel 2, low then high byte, mode 0
        PIT.out8(CHANNEL2, count & 0xFF);
        PIT.out8(CHANNEL2, (count >>> 8) & 0xFF);      // counting starts; OUT2 rises at zero
        long start = Processor.rdtsc();
        while ((PORT_B.in8(0) & OUT2) == 0) {
            if (Processor.rdtsc() - start > GIVE_UP) {
                Panic.panic("Pit.wait: PIT channel 2 does not count");
            }
            Processor.pause();
        }
    }

    /** Starts channel 0 as a rate generator (mode 2) at {@code hz} interrupts a second. */
    public static void startPeriodic(int hz) {
        int divisor = (FREQUENCY + hz / 2) / hz;
        PIT.out8(COMMAND, 0x34);                       // channel 0, low then high byte, mode 2
        PIT.out8(CHANNEL0, divisor & 0xFF);
        PIT.out8(CHANNEL0, (divisor >>> 8) & 0xFF);
    }
}
