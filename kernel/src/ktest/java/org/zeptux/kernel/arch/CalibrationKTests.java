package org.zeptux.kernel.arch;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** The clock rates' arithmetic: CPUID leaf 0x15, the PIT measurement's rates and error bounds; and the boot's figures. */
public final class CalibrationKTests {
    private CalibrationKTests() {}

    @KTest
    static void leaf15GivesTheTscAsCrystalTimesRatio() {
        Check.equal(2_400_000_000L, Calibration.tscFromLeaf15(2, 200, 24_000_000), "24 MHz x 200 / 2");
        Check.equal(3_000_000_000L, Calibration.tscFromLeaf15(2, 250, 24_000_000), "24 MHz x 250 / 2");
        Check.equal(1_804_800_000L, Calibration.tscFromLeaf15(1, 47, 38_400_000), "38.4 MHz x 47");
        Check.equal(2_596_000_000L, Calibration.tscFromLeaf15(1000, 2596, 1_000_000_000), "a 1 GHz crystal, rounded down");
        Check.equal(4_294_967_295L * 3 / 7, Calibration.tscFromLeaf15(7, 3, -1), "registers are unsigned");
    }

    @KTest
    static void leaf15WithoutTheCrystalOrTheRatioGivesNothing() {
        Check.equal(0, Calibration.tscFromLeaf15(2, 200, 0), "no crystal (Skylake): measured instead");
        Check.equal(0, Calibration.tscFromLeaf15(0, 200, 24_000_000), "no denominator");
        Check.equal(0, Calibration.tscFromLeaf15(2, 0, 24_000_000), "no numerator");
        Check.equal(0, Calibration.tscFromLeaf15(1, -1, -1), "a product beyond 2^63: not a real processor");
    }

    @KTest
    static void rateCountsASecondOfPitClocks() {
        Check.equal(Pit.FREQUENCY, Calibration.rate(256, 256), "one count a PIT clock");
        Check.equal(3_000_000_000L, Calibration.rate(3_000_000_000L, Pit.FREQUENCY), "a second of PIT clocks");
        // 6 steps of 256 PIT clocks are 1287.3 us, in which a 62.5 MHz clock counts 80,456 whole times.
        Check.equal(62_499_121L, Calibration.rate(80_456, 6 * 256), "a 6-step window, rounded down");
        Check.equal(2 * Pit.FREQUENCY, Calibration.rate(2 * 2 * 1536, 2 * 1536), "twice the sum over twice the span");
    }

    @KTest
    static void theTscBoundIsTheBracketsOverTheShortestPossibleSpan() {
        // Brackets of 100 cycles each, midpoints 1,000,000 cycles apart: 200 / (2,000,000 - 200), rounded up.
        Check.equal(101, Calibration.tscBoundPpm(100, 100, 2_000_000), "200 of 1,999,800, rounded up");
        Check.equal(100, Calibration.tscBoundPpm(100, 100, 2_000_200), "exactly 100 ppm");
        Check.equal(1_000_000, Calibration.tscBoundPpm(500, 500, 1000), "brackets as wide as the span: no bound");
        Check.equal(1_000_000, Calibration.tscBoundPpm(0, 1, 0), "no span");
        Check.equal(0, Calibration.tscBoundPpm(0, 0, 5000), "exact edges");
    }

    @KTest
    static void theApicBoundIsTwiceTheBracketsPlusOneCount() {
        Check.equal(201 + 1, Calibration.lapicBoundPpm(100, 100, 2_000_000, 1_000_000), "each count off by a bracket, and one count");
        Check.equal(201 + 10, Calibration.lapicBoundPpm(100, 100, 2_000_000, 100_000), "one count in 100,000");
        Check.equal(201 + 2, Calibration.lapicBoundPpm(100, 100, 2_000_000, 999_999), "the count's part rounded up");
        Check.equal(1_000_000, Calibration.lapicBoundPpm(100, 100, 2_000_000, 0), "a timer that did not count");
    }

    @KTest(only = KTest.World.KERNEL, reason = "the boot found the rates of the real (or emulated) clocks")
    static void theBootFoundTheRatesWithinTheTarget() {
        Check.isTrue(Calibration.source() == Calibration.SOURCE_CPUID || Calibration.source() == Calibration.SOURCE_PIT,
                "the rates were found");
        Check.isTrue(Calibration.tscHz() >= 100_000_000L, "the TSC runs at 100 MHz or more");
        Check.isTrue(Calibration.tscPpm() <= Calibration.TARGET_PPM, "the TSC's bound is within the target");
        Check.isTrue(Calibration.lapicPpm() <= Calibration.TARGET_PPM, "the local APIC's bound is within the target");
        Check.isTrue(Calibration.windowPitClocks() <= 256L * Calibration.MAX_STEPS, "the window is at most 50 ms");
        if (Interrupts.mode() == Interrupts.MODE_APIC) {
            Check.isTrue(Calibration.lapicHz() > 0, "the local APIC timer's rate was found");
        }
    }
}
