package org.zeptux.userland.init;

import org.zeptux.rt.hosted.Linux;

/**
 * init's messages: a line is put together here (text, numbers, bytes of the configuration) and
 * written to the console (fd 1) in one write(2) when it ends, so init's lines never interleave
 * with a program's output mid-line and nothing waits in a buffer while init sleeps.
 */
final class Say {
    private Say() {}

    private static final byte[] LINE = new byte[512];
    private static int length;

    /** Appends {@code s} (ASCII). */
    static void str(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    /** Appends {@code v} in decimal. */
    static void num(long v) {
        if (v < 0) {
            put('-');
            if (v == Long.MIN_VALUE) {
                str("9223372036854775808");
                return;
            }
            v = -v;
        }
        if (v >= 10) {
            num(v / 10);
        }
        put((char) ('0' + v % 10));
    }

    /** Appends the NUL-terminated string at {@code b[at]}. */
    static void cstr(byte[] b, int at) {
        for (int i = at; i < b.length && b[i] != 0; i++) {
            put((char) (b[i] & 0xFF));
        }
    }

    /** Appends {@code b[at, at + n)}. */
    static void bytes(byte[] b, int at, int n) {
        for (int i = at; i < at + n; i++) {
            put((char) (b[i] & 0xFF));
        }
    }

    /** Ends the line and writes it out. */
    static void line() {
        LINE[length] = '\n';                   // put keeps this last byte free
        length++;
        Linux.write(1, LINE, 0, length);
        length = 0;
    }

    private static void put(char c) {
        if (length < LINE.length - 1) {
            LINE[length] = (byte) c;
            length++;
        }
    }
}
