package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.Processor;

/**
 * Bytes for getrandom(2) and AT_RANDOM: a SplitMix64 sequence reseeded from the TSC at each
 * call. Not cryptographic: enough for musl's and glibc's stack canaries and hash seeds in a
 * test kernel; a real entropy pool (RDRAND/RDSEED, interrupt timing) is a later issue.
 */
public final class Random {
    private Random() {}

    private static long state;

    /** Fills {@code dst[at..at+n)}. */
    static void fill(byte[] dst, int at, int n) {
        long s = state ^ Processor.rdtsc();
        for (int i = 0; i < n; i++) {
            if ((i & 7) == 0) {
                s += 0x9E3779B97F4A7C15L;
            }
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            dst[at + i] = (byte) (z >>> (8 * (i & 7)));
        }
        state = s;
    }
}
