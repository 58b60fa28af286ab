package org.zeptux.kernel.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.PortDevice;

/**
 * {@link Calibration} on the JVM's simulated PC: CPUID leaf 0x15 where an Intel CPU has it, and
 * the measurement against a simulated 8254 channel 2 whose clock follows the simulated TSC
 * (which advances 1000 cycles a read; here 3 GHz): the rate is within the bound printed, even
 * when a poll is stalled as by an SMI.
 */
class CalibrationTests {
    static final long TSC_HZ = 3_000_000_000L;

    /**
     * Channel 2 of an 8254 at ports 0x40..0x43 as Calibration programs it (mode 0, MSB only,
     * latch and read-back commands), its clock at 1.193182 MHz of the simulated TSC's time. The
     * count is loaded on the first PIT clock after it is written; until then the read-back
     * status says null count and the count reads as junk.
     */
    static final class Channel2 implements PortDevice {
        final Machine machine;
        long loadClock = Long.MAX_VALUE;
        int initial;
        int latched = -1;
        int status = -1;
        int latches;
        /** Before latch number {@code stallAt}, stall the CPU for {@code stallCycles} (an SMI). */
        int stallAt = -1;
        long stallCycles;

        Channel2(Machine machine) {
            this.machine = machine;
        }

        /** The PIT clocks that have passed at TSC {@code tsc}. */
        static long clock(long tsc) {
            return Math.floorDiv(tsc * Pit.FREQUENCY, TSC_HZ);
        }

        int count(long tsc) {
            long now = clock(tsc);
            return now < loadClock ? 0x1234 : (int) ((initial - (now - loadClock)) & 0xFFFF);
        }

        @Override
        public int in(int offset, int size) {
            assertEquals(2, offset, "only channel 2 is read");
            int value;
            if (status >= 0) {
                value = status;
                status = -1;
            } else if (latched >= 0) {
                value = latched;
                latched = -1;
            } else {
                value = count(machine.rdtsc()) >>> 8;
            }
            return value;
        }

        @Override
        public void out(int offset, int size, int value) {
            if (offset == 3 && value == Pit.CH2_MSB_MODE0) {
                loadClock = Long.MAX_VALUE;
            } else if (offset == 3 && value == Pit.CH2_LATCH) {
                if (++latches == stallAt) {
                    for (long c = 0; c < stallCycles; c += 1000) {
                        machine.rdtsc();
                    }
                }
                if (latched < 0) {
                    latched = count(machine.rdtsc()) >>> 8;
                }
            } else if (offset == 3 && value == Pit.CH2_READ_STATUS) {
                boolean nullCount = clock(machine.rdtsc()) < loadClock;
                status = (nullCount ? Pit.STATUS_NULL_COUNT : 0) | 0x20;    // MSB only, mode 0, binary
            } else if (offset == 2) {
                initial = (value & 0xFF) << 8;
                loadClock = clock(machine.rdtsc()) + 1;
            } else {
                throw new AssertionError("unexpected write of 0x" + Integer.toHexString(value) + " to port 0x4" + offset);
            }
        }
    }

    /** Port 0x61: the gate of channel 2 (bit 0) and the speaker (bit 1) read back as written. */
    static final class PortB implements PortDevice {
        int value;

        @Override
        public int in(int offset, int size) {
            return value;
        }

        @Override
        public void out(int offset, int size, int v) {
            value = v;
        }
    }

    private final Machine machine = new Machine();
    private final Channel2 pit = new Channel2(machine);
    private final PortB portB = new PortB();

    CalibrationTests() {
        machine.attach(0x40, 4, pit).attach(0x61, 1, portB);
    }

    /** Says GenuineIntel with {@code maxLeaf} as the highest basic leaf. */
    private void intel(int maxLeaf) {
        machine.setCpuid(0, 0, maxLeaf, 0x756E6547, 0x6C65746E, 0x49656E69);
    }

    private static void assertMeasuredWithinBound(PortB portB) {
        assertEquals(Calibration.SOURCE_PIT, Calibration.source());
        assertEquals(Pit.GATE2, portB.value & (Pit.GATE2 | Pit.SPEAKER), "gate on, speaker off");
        long ppm = Calibration.tscPpm();
        long error = Math.abs(Calibration.tscHz() - TSC_HZ);
        System.out.printf("[figure] simulated calibration: TSC %d Hz, off by %d ppm, bound %d ppm, window %d PIT clocks%n",
                Calibration.tscHz(), error * 1_000_000 / TSC_HZ, ppm, Calibration.windowPitClocks());
        assertTrue(ppm <= Calibration.TARGET_PPM, "bound " + ppm + " ppm");
        assertTrue(error * 1_000_000 <= ppm * TSC_HZ, "off by " + error + " Hz, more than the bound of " + ppm + " ppm");
        assertTrue(Calibration.windowPitClocks() > 0 && Calibration.windowPitClocks() % 256 == 0, "whole MSB steps");
        assertTrue(Calibration.windowPitClocks() <= 256L * Calibration.MAX_STEPS, "at most 50 ms");
    }

    @Test
    void measuresTheTscAgainstThePitWithinTheBoundItGives() {
        try (var ignored = Machine.install(machine)) {
            Calibration.run(false);
            assertMeasuredWithinBound(portB);
            assertEquals(0, Calibration.lapicHz(), "no local APIC to measure");
        }
    }

    @Test
    void aStalledPollWidensItsBracketButNotTheError() {
        // Stalls of 3 ms: before the first latch, in the start edge's bracket, between edges, in a later edge's.
        for (int stallAt : new int[] {1, 2, 3, 50, 300, 900, 2000}) {
            Machine m = new Machine();
            Channel2 stalled = new Channel2(m);
            stalled.stallAt = stallAt;
            stalled.stallCycles = TSC_HZ / 1000 * 3;
            PortB b = new PortB();
            m.attach(0x40, 4, stalled).attach(0x61, 1, b);
            try (var ignored = Machine.install(m)) {
                Calibration.run(false);
                assertMeasuredWithinBound(b);
            }
        }
    }

    @Test
    void readsTheRatesFromLeaf15OnIntel() {
        intel(0x16);
        machine.setCpuid(0x15, 0, 2, 250, 24_000_000, 0);
        try (var ignored = Machine.install(machine)) {
            Calibration.run(true);
            assertEquals(Calibration.SOURCE_CPUID, Calibration.source());
            assertEquals(3_000_000_000L, Calibration.tscHz(), "24 MHz x 250 / 2");
            assertEquals(1_500_000L, Calibration.lapicHz(), "the crystal / 16");
            assertEquals(0, pit.latches, "the PIT is not used");
        }
    }

    @Test
    void measuresWhenLeaf15IsMissingIncompleteOrNotIntels() {
        // Beyond the highest leaf an Intel CPU repeats the highest leaf's data: not leaf 0x15's.
        intel(0x14);
        machine.setCpuid(0x15, 0, 2, 250, 24_000_000, 0);
        try (var ignored = Machine.install(machine)) {
            Calibration.run(false);
            assertMeasuredWithinBound(portB);
        }
        intel(0x16);
        machine.setCpuid(0x15, 0, 2, 250, 0, 0);     // the ratio, not the crystal (Skylake)
        try (var ignored = Machine.install(machine)) {
            Calibration.run(false);
            assertMeasuredWithinBound(portB);
        }
        machine.setCpuid(0, 0, 0x16, 0x68747541, 0x444D4163, 0x69746E65);   // AuthenticAMD
        machine.setCpuid(0x15, 0, 2, 250, 24_000_000, 0);
        try (var ignored = Machine.install(machine)) {
            Calibration.run(false);
            assertMeasuredWithinBound(portB);
        }
    }
}
