package org.zeptux.kernel.lib;

import org.zeptux.rt.KernelApi;

/**
 * Kernel log messages with a level: each line starts with {@code [error] }, {@code [warn] },
 * {@code [info] } or {@code [debug] }; messages below {@link #threshold()} are dropped.
 * The format is printf's (up to two arguments here). A timestamp joins the prefix once the
 * kernel has a clock.
 *
 * <p>Reentrant, as printf is: interrupt handlers log, and each message goes to the console as
 * one whole line (prefix, message and newline), never inside a line another call prints.
 */
public final class Log {
    private Log() {}

    public static final int ERROR = 0;
    public static final int WARN = 1;
    public static final int INFO = 2;
    public static final int DEBUG = 3;

    private static int threshold = INFO;

    /** Shows messages of {@code level} and more severe ones. */
    public static void setThreshold(int level) {
        threshold = level;
    }

    public static int threshold() {
        return threshold;
    }

    @KernelApi
    public static void error(String fmt) { log(ERROR, fmt, 0, 0, 0); }

    @KernelApi
    public static void error(String fmt, long a) { log(ERROR, fmt, 1, a, 0); }

    @KernelApi
    public static void error(String fmt, long a, long b) { log(ERROR, fmt, 2, a, b); }

    @KernelApi
    public static void warn(String fmt) { log(WARN, fmt, 0, 0, 0); }

    @KernelApi
    public static void warn(String fmt, long a) { log(WARN, fmt, 1, a, 0); }

    @KernelApi
    public static void warn(String fmt, long a, long b) { log(WARN, fmt, 2, a, b); }

    @KernelApi
    public static void info(String fmt) { log(INFO, fmt, 0, 0, 0); }

    @KernelApi
    public static void info(String fmt, long a) { log(INFO, fmt, 1, a, 0); }

    @KernelApi
    public static void info(String fmt, long a, long b) { log(INFO, fmt, 2, a, b); }

    @KernelApi
    public static void debug(String fmt) { log(DEBUG, fmt, 0, 0, 0); }

    @KernelApi
    public static void debug(String fmt, long a) { log(DEBUG, fmt, 1, a, 0); }

    @KernelApi
    public static void debug(String fmt, long a, long b) { log(DEBUG, fmt, 2, a, b); }

    private static void log(int level, String fmt, int argc, long a, long b) {
        if (level > threshold) {
            return;
        }
        String prefix;
        switch (level) {
            case ERROR -> prefix = "[error] ";
            case WARN -> prefix = "[warn] ";
            case INFO -> prefix = "[info] ";
            default -> prefix = "[debug] ";
        }
        Printf.print(prefix, fmt, argc, a, b, 0, 0, 0, 0, true);     // one line, written whole
    }
}
