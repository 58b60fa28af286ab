package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.dev.Rtc;
import org.zeptux.kernel.hw.Processor;

/**
 * The clocks system calls read: CLOCK_MONOTONIC from the TSC (calibrated by arch.Timer) since
 * {@link #init}, CLOCK_REALTIME that plus the real-time clock's reading at {@link #init}.
 * Nanoseconds throughout.
 */
public final class Clock {
    private Clock() {}

    private static long baseTsc;
    private static long epochSeconds;

    /** Reads the real-time clock and starts the monotonic one. Once, at boot, after the timer is calibrated. */
    public static void init() {
        baseTsc = Processor.rdtsc();
        epochSeconds = Rtc.epochSeconds();
    }

    /** Nanoseconds since {@link #init}. */
    public static long monotonicNanos() {
        long hz = Timer.tscPerSecond();
        if (hz <= 0) {
            return Timer.uptimeMillis() * 1_000_000L;
        }
        long delta = Processor.rdtsc() - baseTsc;
        long seconds = delta / hz;
        long rest = delta - seconds * hz;
        return seconds * 1_000_000_000L + rest * 1_000_000_000L / hz;
    }

    /** {@code cycles} of the TSC in nanoseconds. */
    public static long cyclesToNanos(long cycles) {
        long hz = Timer.tscPerSecond();
        if (hz <= 0) {
            return 0;
        }
        long seconds = cycles / hz;
        return seconds * 1_000_000_000L + (cycles - seconds * hz) * 1_000_000_000L / hz;
    }

    /** Nanoseconds since 1970-01-01 00:00 UTC. */
    public static long realtimeNanos() {
        return epochSeconds * 1_000_000_000L + monotonicNanos();
    }
}
