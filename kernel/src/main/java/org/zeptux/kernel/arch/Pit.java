package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.hw.Processor;

/**
 * The 8254 programmable interval timer, 1.193182 MHz on every PC-compatible (8254 data sheet).
 * Channel 2, whose gate is port 0x61 bit 0, counts down for {@link Calibration} to measure the
 * other clocks against; channel 0 on IRQ 0 is the periodic timer when there is no local APIC.
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
    /** Control word: counter 2, read/write the most significant byte only, mode 0, binary. */
    static final int CH2_MSB_MODE0 = 0xA0;
    /** Counter latch command for counter 2: the count is held until it is read. */
    static final int CH2_LATCH = 0x80;
    /** Read-back command: latch counter 2's status (not its count). */
    static final int CH2_READ_STATUS = 0xE8;
    /** Status bit: the count last written is not yet in the counting element. */
    static final int STATUS_NULL_COUNT = 0x40;
    /** Give up on a channel that never counts down after this many TSC cycles (seconds on any CPU). */
    static final long GIVE_UP = 1L << 36;

    /**
     * Starts channel 2 counting down from 0xFF00 in mode 0 and returns once that count is in the
     * counting element (the status's null count bit clear). From then on the count falls by one
     * a PIT clock, so {@link #latchedMsb} falls by one every 256 clocks, from 0xFF to 0 in 54.7 ms.
     */
    public static void startCountdown() {
        PORT_B.out8(0, (PORT_B.in8(0) & ~SPEAKER) | GATE2);  // gate on (counting enabled), speaker off
        PIT.out8(COMMAND, CH2_MSB_MODE0);
        PIT.out8(CHANNEL2, 0xFF);                      // the count: 0xFF00, loaded on the next clock
        long start = Processor.rdtsc();
        while (true) {
            PIT.out8(COMMAND, CH2_READ_STATUS);
            if ((PIT.in8(CHANNEL2) & STATUS_NULL_COUNT) == 0) {
                return;
            }
            if (Processor.rdtsc() - start > GIVE_UP) {
                Panic.panic("Pit.startCountdown: PIT channel 2 never loads its count");
            }
        }
    }

    /** Latches channel 2's count: it holds still, as of now, until {@link #latchedMsb} reads it. */
    public static void latch() {
        PIT.out8(COMMAND, CH2_LATCH);
    }

    /** The most significant byte of channel 2's count as {@link #latch} held it. */
    public static int latchedMsb() {
        return PIT.in8(CHANNEL2);
    }

    /** Starts channel 0 as a rate generator (mode 2) at {@code hz} interrupts a second. */
    public static void startPeriodic(int hz) {
        int divisor = (FREQUENCY + hz / 2) / hz;
        PIT.out8(COMMAND, 0x34);                       // channel 0, low then high byte, mode 2
        PIT.out8(CHANNEL0, divisor & 0xFF);
        PIT.out8(CHANNEL0, (divisor >>> 8) & 0xFF);
    }
}
