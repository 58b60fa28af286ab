package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.KernelApi;
import org.zeptux.kernel.lib.Printf;

/**
 * The kernel's clock: a periodic interrupt at {@link #HZ} counted into a monotonic tick, and
 * the uptime derived from it. With a local APIC the source is its timer, calibrated against
 * the PIT; without, PIT channel 0. The TSC rate is measured the same way (for benchmarks).
 *
 * <p>The tick is written only by the timer interrupt; readers see a plain 64-bit load, which
 * is atomic on x86-64.
 */
public final class Timer {
    private Timer() {}

    public static final int HZ = 100;
    /** The calibration interval: 10 ms of PIT clocks. */
    static final int CALIBRATION = Pit.FREQUENCY / 100;
    static final int CALIBRATION_RUNS = 3;

    private static long ticks;
    private static int lapicPerTick;
    private static long tscPerSecond;
    private static boolean lapic;

    /** Calibrates and starts the periodic timer; the interrupt must be registered and routed. */
    public static void start(boolean useLapic) {
        lapic = useLapic;
        long[] runs = RUNS;
        int[] counts = COUNTS;
        for (int r = 0; r < CALIBRATION_RUNS; r++) {
            if (useLapic) {
                Lapic.startMaskedOneShot(-1);
            }
            long tsc = Processor.rdtsc();
            Pit.wait(CALIBRATION);
            runs[r] = Processor.rdtsc() - tsc;
            counts[r] = useLapic ? -1 - Lapic.timerCount() : 0;
        }
        tscPerSecond = median(runs[0], runs[1], runs[2]) * 100;
        if (useLapic) {
            lapicPerTick = (int) median(counts[0] & 0xFFFFFFFFL, counts[1] & 0xFFFFFFFFL, counts[2] & 0xFFFFFFFFL)
                    * 100 / HZ;
            Lapic.startPeriodic(Interrupts.LAPIC_TIMER, lapicPerTick);
        } else {
            Pit.startPeriodic(HZ);
        }
    }

    private static final long[] RUNS = new long[CALIBRATION_RUNS];
    private static final int[] COUNTS = new int[CALIBRATION_RUNS];

    /** The median of three values. */
    public static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Run by every tick while set (tests: logging from interrupt context), or null. */
    private static volatile TickHook hook;

    /** Sets the code every tick runs from the timer interrupt ({@code null}: none). */
    public static void setHook(TickHook h) {
        hook = h;
    }

    /** Called by the timer interrupt. */
    static void tick() {
        ticks++;
        TickHook h = hook;
        if (h != null) {
            h.tick(ticks);
        }
        Scheduler.tick();
    }

    /** The TSC's rate, calibrated against the PIT at {@link #start}. */
    public static long tscPerSecond() {
        return tscPerSecond;
    }

    /** Timer interrupts since {@link #start}. */
    @KernelApi
    public static long ticks() {
        return ticks;
    }

    /** Milliseconds since {@link #start}, at the timer's resolution. */
    @KernelApi
    public static long uptimeMillis() {
        return ticks * 1000 / HZ;
    }

    /** Prints the source and the calibrated rates. */
    public static void print() {
        if (lapic) {
            Printf.printf("timer: local APIC timer at %d Hz, %d bus clocks / 16 a tick (bus %d kHz), calibrated against the PIT\n",
                    HZ, lapicPerTick, (long) lapicPerTick * 16 * HZ / 1000);
        } else {
            Printf.printf("timer: PIT channel 0 at %d Hz\n", HZ);
        }
        Printf.printf("timer: TSC %d kHz\n", tscPerSecond / 1000);
    }

    /** Prints {@code up S.mmm s (N ticks at HZ Hz)}. */
    public static void printUptime() {
        long ms = uptimeMillis();
        Printf.printf("up %d.%03d s (%d ticks at %d Hz)\n", ms / 1000, ms % 1000, ticks, HZ);
    }
}
