package org.zeptux.kernel.lib;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/** printf's conversions, formatted into a buffer and compared with what C would print. */
public final class PrintfKTests {
    private PrintfKTests() {}

    private static final byte[] BUFFER = new byte[512];

    /** Checks that formatting {@code fmt} with {@code arg} gives {@code expected}. */
    static void expect(String expected, String fmt, long arg) {
        int n = Printf.format(BUFFER, fmt, arg);
        boolean same = n == expected.length();
        for (int i = 0; same && i < n; i++) {
            same = (BUFFER[i] & 0xFF) == expected.charAt(i);
        }
        if (!same) {
            Print.str("    # format \"");
            Print.str(fmt);
            Print.str("\": expected \"");
            Print.str(expected);
            Print.str("\", actual \"");
            for (int i = 0; i < n; i++) {
                Print.chr((BUFFER[i] & 0xFF));
            }
            Print.str("\"");
            Print.nl();
        }
        Check.isTrue(same, fmt);
    }

    @KTest
    static void integers() {
        expect("42", "%d", 42);
        expect("-42", "%d", -42);
        expect("-1", "%d", 0xFFFFFFFFL);
        expect("4294967295", "%u", -1);
        expect("18446744073709551615", "%lu", -1);
        expect("-9223372036854775808", "%ld", Long.MIN_VALUE);
        expect("ff", "%x", 255);
        expect("FF", "%X", 255);
        expect("ffffffff", "%x", -1);
        expect("ffffffffffffffff", "%lx", -1);
        expect("17", "%o", 15);
        expect("0", "%d", 0);
    }

    @KTest
    static void widthPaddingAlignment() {
        expect("   42", "%5d", 42);
        expect("00042", "%05d", 42);
        expect("-0042", "%05d", -42);
        expect("42   |", "%-5d|", 42);
        expect("42   |", "%-05d|", 42);
        expect("0x00000000000000ff", "%p", 255);
        expect("  x", "%3c", 'x');
        expect("x  |", "%-3c|", 'x');
        expect("12345", "%3d", 12345);
    }

    @KTest
    static void stringsPercentAndMalformedDirectives() {
        expect("[kernel]", "[%s]", Printf.s("kernel"));
        expect("[  abc]", "[%5s]", Printf.s("abc"));
        expect("[abc  ]", "[%-5s]", Printf.s("abc"));
        expect("100%", "100%%", 0);
        expect("%q", "%q", 1);
        expect("x=1 y=%d", "x=%d y=%d", 1);
        expect("trailing %", "trailing %", 1);
    }
}
