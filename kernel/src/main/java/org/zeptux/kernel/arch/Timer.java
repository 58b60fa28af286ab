package org.zeptux.kernel.arch;

import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.rt.KernelApi;
import org.zeptux.kernel.lib.Printf;

/**
 * The kernel's clock: a periodic interrupt at {@link #HZ} counted into a monotonic tick, and
 * the uptime derived from it. With a local APIC the source is its timer, at the rate
 * {@link Calibration} finds (from CPUID or against the PIT); without, PIT channel 0. The TSC
 * rate is found at the same time (for CPU time and benchmarks).
 *
 * <p>The tick is written only by the timer interrupt; readers see a plain 64-bit load, which
 * is atomic on x86-64.
 */
public final class Timer {
    private Timer() {}

    public static final int HZ = 100;

    private static long ticks;
    private static int lapicPerTick;
    private static boolean lapic;

    /**
     * Finds the clocks' rates ({@link Calibration}) and starts the periodic timer; the interrupt
     * must be registered and routed.
     */
    public static void start(boolean useLapic) {
        lapic = useLapic;
        Calibration.run(useLapic);
        if (useLapic) {
            lapicPerTick = (int) ((Calibration.lapicHz() + HZ / 2) / HZ);
            Lapic.startPeriodic(Interrupts.LAPIC_TIMER, lapicPerTick);
        } else {
            Pit.startPeriodic(HZ);
        }
    }

    /** Starts this application processor's local APIC timer at the boot CPU's rate (its ticks are only counted per CPU). */
    public static void startAp() {
        if (lapic) {
            Lapic.startPeriodic(Interrupts.LAPIC_TIMER, lapicPerTick);
        }
    }

    /**
     * Spins for at least {@code micros} microseconds by the TSC at its calibrated rate (the
     * start-up IPIs' delays; nothing else may be waited for this way).
     */
    public static void delayMicros(long micros) {
        long hz = Calibration.tscHz();
        long end = Processor.rdtsc() + micros * (hz / 1000) / 1000 + 1;
        while (Processor.rdtsc() - end < 0) {
            Processor.pause();
        }
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

    /** The TSC's rate, found at {@link #start}. */
    public static long tscPerSecond() {
        return Calibration.tscHz();
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

    /** Prints the clocks' rates and where they came from, then the timer. */
    public static void print() {
        Calibration.print();
        if (lapic) {
            Printf.printf("timer: local APIC timer at %d Hz, %d counts (bus clocks / 16) a tick\n", HZ, lapicPerTick);
        } else {
            Printf.printf("timer: PIT channel 0 at %d Hz\n", HZ);
        }
    }

    /** Prints {@code up S.mmm s (N ticks at HZ Hz)}. */
    public static void printUptime() {
        long ms = uptimeMillis();
        Printf.printf("up %d.%03d s (%d ticks at %d Hz)\n", ms / 1000, ms % 1000, ticks, HZ);
    }
}
