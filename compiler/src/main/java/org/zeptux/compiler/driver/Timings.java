package org.zeptux.compiler.driver;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * {@code zeptuxc --timings}: each stage's wall time, printed to standard error as it ends
 * ({@code zeptuxc: time: opt 1234 ms}), from the JVM's start (how long the JVM took to reach
 * main) to the last tool. Off unless asked for; then a stage costs one clock read.
 */
public final class Timings {
    private Timings() {}

    private static volatile PrintWriter sink;
    private static long started;

    /** Prints the stages' times to {@code err} from now on, starting with the JVM's own start-up. */
    public static void start(PrintWriter err) {
        sink = err;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        started = System.nanoTime();
        print("jvm start", uptime);
    }

    public static boolean enabled() {
        return sink != null;
    }

    /** A stage's start, for {@link #end}. */
    public static long begin() {
        return System.nanoTime();
    }

    /** Ends the stage {@code name} begun at {@code t0}; returns the time now, for the next stage. */
    public static long end(String name, long t0) {
        long now = System.nanoTime();
        if (sink != null) {
            print(name, (now - t0) / 1_000_000);
        }
        return now;
    }

    /** The total since {@link #start}, when enabled. */
    public static void total() {
        if (sink != null) {
            print("total after jvm start", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Stops printing (the end of a run). */
    public static void stop() {
        sink = null;
    }

    private static void print(String name, long ms) {
        PrintWriter w = sink;
        synchronized (Timings.class) {
            w.println(String.format(Locale.ROOT, "zeptuxc: time: %-24s %6d ms", name, ms));
            w.flush();
        }
    }
}
