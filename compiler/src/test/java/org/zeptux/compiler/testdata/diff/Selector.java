package org.zeptux.compiler.testdata.diff;

import org.zeptux.rt.hosted.Linux;

/**
 * Which case the suite's hosted executable runs: the decimal number that is its first argument,
 * or -1 (every case that does not fail) without one. Hosted target only: it reads the argument
 * with {@code Linux.arg} (an argument, not stdin, so the executable runs the same under Zeptux's
 * {@code run}, where stdin is the console).
 */
final class Selector {
    private Selector() {}

    private static final byte[] BUFFER = new byte[16];

    static int read() {
        int n = Linux.argLength(1);
        if (n < 0 || n > BUFFER.length) {
            return -1;
        }
        Linux.arg(1, BUFFER, 0);
        int value = -1;
        for (int i = 0; i < n; i++) {
            int digit = BUFFER[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = (value < 0 ? 0 : value * 10) + digit;
        }
        return value;
    }
}
