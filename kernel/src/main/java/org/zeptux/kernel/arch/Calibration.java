package org.zeptux.kernel.arch;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;

/**
 * The rates of the two clocks the kernel's time is built on: the TSC (cycles a second) and the
 * local APIC timer (its clock divided by 16, counts a second). {@link #run} finds them once at
 * boot, before the timer starts, in one of two ways.
 *
 * <p><b>Read from CPUID</b>, where an Intel processor enumerates them: leaf 0x15 gives the TSC's
 * ratio to the core crystal clock (EBX / EAX) and the crystal's frequency (ECX, in Hz), so
 * TSC = ECX × EBX / EAX (Intel SDM vol. 3, "Determining the Processor Base Frequency"), and
 * the local APIC timer counts that crystal clock (vol. 3, "APIC Timer"). Nothing is measured.
 * Leaf 0x15 is read only when leaf 0 says it exists (beyond the highest leaf, an Intel CPU
 * answers with the highest leaf's data) and only on Intel (AMD reserves it). A processor that
 * enumerates the ratio but not the crystal (ECX = 0: Skylake, Kaby Lake) is measured: leaf
 * 0x16's base frequency would give the crystal, but the SDM says that leaf's data "should not
 * be used" other than for display.
 *
 * <p><b>Measured against PIT channel 2</b> everywhere else: its clock is 1.193182 MHz on every
 * PC-compatible (8254 data sheet), a fixed fraction of the 14.31818 MHz crystal. The channel
 * counts down from 0xFF00 in mode 0 (MSB-only access), and the kernel polls it: read the TSC,
 * the local APIC timer's count, latch the PIT's count, read the TSC again, read the latched
 * MSB. An <em>edge</em> is a change of the MSB between two polls; it happened on a PIT clock
 * edge (the count became {@code msb * 256 + 255}) after the earlier poll's latch and before the
 * later one's, so between the TSC read that began the earlier poll and the one just after the
 * later latch: a bracket of known width (the latch is an OUT, and I/O instructions are not
 * reordered with the instructions around them: Intel SDM vol. 3, "Strengthening or Weakening
 * the Memory-Ordering Model"). Two edges {@code n} MSB steps apart are exactly {@code 256 n}
 * PIT clocks apart, so
 *
 * <pre>
 *   TSC Hz = (midpoint B - midpoint A) * 1193182 / (256 n)
 *   |error| <= (width A + width B) / 2 TSC cycles over that span
 * </pre>
 *
 * and the local APIC counts read inside the brackets are off by at most a bracket each, plus
 * one count. The bound is computed, not assumed: a poll slowed by an SMI or (under emulation)
 * a descheduled host thread widens its bracket and so the bound, never silently the rate. The
 * window grows an edge at a time until the bound of both rates is at most {@link #TARGET_PPM}
 * or {@link #MAX_STEPS} steps (50 ms) have passed: about 1.3 ms under QEMU, and of the order of
 * 10 ms on hardware, where an I/O port access takes about a microsecond, so a bracket about
 * five. The start edge moves to any later edge whose bracket is less than half as wide (a
 * stalled first poll costs a step, not the bound). The PIT's crystal tolerance (that of a PC's
 * oscillator, typically tens of ppm) comes on top of the printed bound.
 *
 * <p>Run once, at boot, with interrupts off; written only by {@link #run}.
 */
public final class Calibration {
    private Calibration() {}

    /** Stop measuring once the error bound of both rates is this small, in parts per million. */
    static final int TARGET_PPM = 500;
    /** Or once the edges are this many MSB steps (256 PIT clocks each) apart: 50 ms. */
    static final int MAX_STEPS = 233;
    /** Where the rates came from. */
    static final int SOURCE_NONE = 0;
    static final int SOURCE_CPUID = 1;
    static final int SOURCE_PIT = 2;

    private static int source;
    private static long tscHz;
    /** The local APIC timer's counts a second at divide-by-16 (0: not measured). */
    private static long lapicHz;
    /** CPUID leaf 0x15: the TSC's ratio to the crystal and the crystal's Hz (when read from CPUID). */
    private static int ratioNumerator;
    private static int ratioDenominator;
    private static long crystalHz;
    /** The measurement: its span in PIT clocks, and the bounds of the TSC and APIC rates in ppm. */
    private static long windowPitClocks;
    private static long tscPpm;
    private static long lapicPpm;

    /** Finds the rates: from CPUID leaf 0x15 when it has them, else against the PIT (and the local APIC when {@code lapic}). */
    public static void run(boolean lapic) {
        source = SOURCE_NONE;
        tscHz = 0;
        lapicHz = 0;
        ratioNumerator = 0;
        ratioDenominator = 0;
        crystalHz = 0;
        windowPitClocks = 0;
        tscPpm = 0;
        lapicPpm = 0;
        int maxLeaf = Processor.cpuidEax(0, 0);
        boolean intel = Processor.cpuidEbx(0, 0) == 0x756E6547          // "Genu"
                && Processor.cpuidEdx(0, 0) == 0x49656E69                 // "ineI"
                && Processor.cpuidEcx(0, 0) == 0x6C65746E;                // "ntel"
        if (intel && maxLeaf >= 0x15) {
            long tsc = tscFromLeaf15(Processor.cpuidEax(0x15, 0), Processor.cpuidEbx(0x15, 0),
                    Processor.cpuidEcx(0x15, 0));
            if (tsc != 0) {
                source = SOURCE_CPUID;
                ratioDenominator = Processor.cpuidEax(0x15, 0);
                ratioNumerator = Processor.cpuidEbx(0x15, 0);
                crystalHz = Processor.cpuidEcx(0x15, 0) & 0xFFFFFFFFL;
                tscHz = tsc;
                lapicHz = crystalHz / 16;
                return;
            }
        }
        measure(lapic);
    }

    /**
     * The TSC's nominal rate from CPUID leaf 0x15's registers: crystal {@code ecx} Hz times
     * {@code ebx / eax}; 0 when the leaf leaves the ratio or the crystal out (a field of 0).
     */
    static long tscFromLeaf15(int eax, int ebx, int ecx) {
        long denominator = eax & 0xFFFFFFFFL;
        long numerator = ebx & 0xFFFFFFFFL;
        long crystal = ecx & 0xFFFFFFFFL;
        if (denominator == 0 || numerator == 0 || crystal == 0) {
            return 0;
        }
        if (numerator > Long.MAX_VALUE / crystal) {
            return 0;                               // no real crystal and ratio come near this
        }
        return crystal * numerator / denominator;
    }

    /** Measures the TSC (and the local APIC timer when {@code lapic}) against PIT channel 2. */
    static void measure(boolean lapic) {
        Pit.startCountdown();
        if (lapic) {
            Lapic.startMaskedOneShot(-1);           // counts down from 2^32 - 1: minutes at any bus clock
        }
        long started = Processor.rdtsc();
        long before = started;
        Pit.latch();
        int msb = Pit.latchedMsb();
        // The start edge: its MSB, bracket (sum and width of the ends), APIC count. -1: none yet.
        int startMsb = -1;
        long startSum = 0;
        long startWidth = 0;
        int startLapic = 0;
        while (true) {
            long pollStart = Processor.rdtsc();
            int count = lapic ? Lapic.timerCount() : 0;
            Pit.latch();                            // the instant this poll's count belongs to
            long pollEnd = Processor.rdtsc();
            int m = Pit.latchedMsb();
            if (m != msb) {
                if (m > msb) {
                    Panic.panic("Calibration: PIT channel 2 wrapped around");
                }
                long width = pollEnd - before;      // the edge is between the two latches: inside [before, pollEnd]
                long sum = pollEnd + before;
                if (startMsb >= 0) {
                    int steps = startMsb - m;
                    long tscPpmNow = tscBoundPpm(startWidth, width, sum - startSum);
                    long lapicPpmNow = lapic
                            ? lapicBoundPpm(startWidth, width, sum - startSum, (startLapic - count) & 0xFFFFFFFFL) : 0;
                    if (Math.max(tscPpmNow, lapicPpmNow) <= TARGET_PPM || steps >= MAX_STEPS || m <= 1) {
                        source = SOURCE_PIT;
                        windowPitClocks = 256L * steps;
                        tscHz = rate(sum - startSum, 2 * windowPitClocks);
                        lapicHz = lapic ? rate((startLapic - count) & 0xFFFFFFFFL, windowPitClocks) : 0;
                        tscPpm = tscPpmNow;
                        lapicPpm = lapicPpmNow;
                        return;
                    }
                }
                if (startMsb < 0 || 2 * width < startWidth) {
                    startMsb = m;
                    startSum = sum;
                    startWidth = width;
                    startLapic = count;
                }
                msb = m;
            }
            before = pollStart;
            if (pollEnd - started > Pit.GIVE_UP) {
                Panic.panic("Calibration: PIT channel 2 does not count");
            }
        }
    }

    /** Counts a second of a clock that advanced {@code counts} over {@code pitClocks} PIT clocks. */
    static long rate(long counts, long pitClocks) {
        return counts * Pit.FREQUENCY / pitClocks;
    }

    /**
     * The TSC rate's error bound in ppm: edges bracketed {@code widthA} and {@code widthB} TSC
     * cycles wide, whose brackets' midpoints are {@code sum2 / 2} cycles apart. The span is off by
     * at most half the widths, and is at least the estimate less that (rounded up; no span: a
     * bound of a million).
     */
    static long tscBoundPpm(long widthA, long widthB, long sum2) {
        long error2 = widthA + widthB;              // twice the largest error of the span
        if (sum2 <= error2) {
            return 1_000_000;
        }
        return (error2 * 1_000_000 + (sum2 - error2) - 1) / (sum2 - error2);
    }

    /**
     * The local APIC rate's error bound in ppm: its counts, read inside the two brackets, are
     * each off from the edge by at most the bracket's width, and by one count for the counter's
     * resolution; over a span of at least {@code (sum2 - widthA - widthB) / 2} TSC cycles.
     */
    static long lapicBoundPpm(long widthA, long widthB, long sum2, long counts) {
        long error2 = widthA + widthB;
        if (sum2 <= error2 || counts == 0) {
            return 1_000_000;
        }
        return (2 * error2 * 1_000_000 + (sum2 - error2) - 1) / (sum2 - error2) + (1_000_000 + counts - 1) / counts;
    }

    /** TSC cycles a second. */
    public static long tscHz() {
        return tscHz;
    }

    /** The local APIC timer's counts a second, at divide-by-16. */
    public static long lapicHz() {
        return lapicHz;
    }

    /** Where the rates came from: {@link #SOURCE_CPUID} or {@link #SOURCE_PIT} ({@link #SOURCE_NONE} before {@link #run}). */
    static int source() {
        return source;
    }

    /** The measurement's span in PIT clocks (0 when read from CPUID). */
    static long windowPitClocks() {
        return windowPitClocks;
    }

    /** The TSC rate's error bound in ppm, without the PIT crystal's tolerance (0 when read from CPUID). */
    static long tscPpm() {
        return tscPpm;
    }

    /** The local APIC rate's error bound in ppm (0 when read from CPUID or not measured). */
    static long lapicPpm() {
        return lapicPpm;
    }

    /** Prints where the rates came from: {@code timer: TSC N kHz, ...}. */
    public static void print() {
        if (source == SOURCE_CPUID) {
            Printf.printf("timer: TSC %d kHz, local APIC timer %d kHz: crystal %d kHz x %d / %d (CPUID leaf 0x15)\n",
                    tscHz / 1000, lapicHz / 1000, crystalHz / 1000, ratioNumerator & 0xFFFFFFFFL,
                    ratioDenominator & 0xFFFFFFFFL);
        } else if (lapicHz != 0) {
            Printf.printf("timer: TSC %d kHz +-%d ppm, local APIC timer %d kHz +-%d ppm: against PIT channel 2 for %d us\n",
                    tscHz / 1000, tscPpm, lapicHz / 1000, lapicPpm, windowPitClocks * 1_000_000 / Pit.FREQUENCY);
        } else {
            Printf.printf("timer: TSC %d kHz +-%d ppm: against PIT channel 2 for %d us\n",
                    tscHz / 1000, tscPpm, windowPitClocks * 1_000_000 / Pit.FREQUENCY);
        }
    }
}
