package org.zeptux.bench;

/**
 * How many times each kernel's {@code main} calls {@code run()}: the system property
 * {@code zeptux.bench.repeat} (default 1), read by a static initialiser, so at build time under
 * zeptuxc (the count is a constant in the executable, as {@code -DREPEAT=N} makes it for the C
 * twin) and at class loading on HotSpot. The benchmark driver counts instructions with 1 and
 * times with enough calls that one run of the process lasts at least 200 ms.
 */
public final class Repeat {
    private Repeat() {}

    public static final int TIMES = Math.max(1, Integer.getInteger("zeptux.bench.repeat", 1));
}
