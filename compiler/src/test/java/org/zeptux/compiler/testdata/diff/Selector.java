package org.zeptux.compiler.testdata.diff;

import org.zeptux.rt.Memory;
import org.zeptux.rt.Syscall;

/**
 * Which case the suite's hosted executable runs: the decimal number on its stdin, or -1 (every
 * case that does not fail) when stdin is empty. Hosted target only (it reads with a system call).
 */
final class Selector {
    private Selector() {}

    private static final byte[] BUFFER = new byte[16];

    static int read() {
        long n = Syscall.call3(0, 0, Memory.addressOf(BUFFER) + 16, BUFFER.length);
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
