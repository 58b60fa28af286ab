package org.zeptux.kernel.lib;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.rt.KernelApi;

/**
 * printf for kernel code, allocating nothing.
 *
 * <p>Conversions: {@code %d} (signed), {@code %u} (unsigned), {@code %x} / {@code %X} (hex),
 * {@code %o} (octal), {@code %c} (character), {@code %s} (string), {@code %p} (pointer:
 * {@code 0x} and 16 hex digits), {@code %%}. Flags and width: {@code -} (left-align),
 * {@code 0} (zero-pad), a decimal width. {@code l} (long) is accepted and ignored: every
 * argument is a {@code long}, and {@code %d}/{@code %u}/{@code %x}/{@code %o} without {@code l}
 * use its low 32 bits, as C's int does.
 *
 * <p>Call shape: the dialect has no varargs (they allocate), so there is one method per
 * argument count, up to six, all {@code long}; ints and chars widen. A string argument is
 * passed as {@link #s(String)}: the string goes into one of {@link #STRINGS} slots, and the
 * argument names the slot. A malformed directive prints as is.
 *
 * <p>Output goes to the console, or with {@link #format} to a buffer. Not reentrant (one static
 * argument list): interrupt handlers must not printf while other code does.
 */
public final class Printf {
    private Printf() {}

    private static final long[] ARGS = new long[6];
    /** Where {@link #format} writes; null-terminated nowhere, the length is returned. */
    private static final byte[] BUFFER = new byte[512];
    private static boolean toBuffer;
    private static int bufferLength;

    /**
     * The strings of {@code %s} arguments, reused round-robin: a printf takes at most six, so
     * each stays in its slot until well after the call that prints it.
     */
    static final int STRINGS = 16;
    private static final String[] STRING = new String[STRINGS];
    private static int nextString;
    /** An {@code %s} argument: this tag or'ed with the slot. */
    static final long STRING_TAG = 0x5354520000000000L;

    /** A string argument for {@code %s}. */
    @KernelApi
    public static long s(String s) {
        int slot = nextString;
        nextString = (slot + 1) & (STRINGS - 1);
        STRING[slot] = s;
        return STRING_TAG | slot;
    }

    @KernelApi
    public static void printf(String fmt) {
        run(fmt, 0);
    }

    @KernelApi
    public static void printf(String fmt, long a) {
        ARGS[0] = a;
        run(fmt, 1);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b) {
        ARGS[0] = a;
        ARGS[1] = b;
        run(fmt, 2);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c) {
        ARGS[0] = a;
        ARGS[1] = b;
        ARGS[2] = c;
        run(fmt, 3);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d) {
        ARGS[0] = a;
        ARGS[1] = b;
        ARGS[2] = c;
        ARGS[3] = d;
        run(fmt, 4);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d, long e) {
        ARGS[0] = a;
        ARGS[1] = b;
        ARGS[2] = c;
        ARGS[3] = d;
        ARGS[4] = e;
        run(fmt, 5);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d, long e, long f) {
        ARGS[0] = a;
        ARGS[1] = b;
        ARGS[2] = c;
        ARGS[3] = d;
        ARGS[4] = e;
        ARGS[5] = f;
        run(fmt, 6);
    }

    /**
     * Formats {@code fmt} with one argument into the internal buffer instead of the console;
     * returns the length (output past {@link #capacity()} bytes is dropped). Read it with {@link #at}.
     */
    public static int format(String fmt, long a) {
        ARGS[0] = a;
        toBuffer = true;
        bufferLength = 0;
        run(fmt, 1);
        toBuffer = false;
        return bufferLength;
    }

    /** Byte {@code i} of the last {@link #format} result. */
    public static int at(int i) {
        return BUFFER[i] & 0xFF;
    }

    public static int capacity() {
        return BUFFER.length;
    }

    /**
     * Prints the first {@code length} bytes of {@code bytes} as Linux's hex dumps do: per 16
     * bytes the offset, the bytes in hex, and the printable ones between bars.
     */
    public static void hexdump(FirmwareView bytes, int length) {
        for (int line = 0; line < length; line += 16) {
            Print.hex(line, 8);
            Print.str(": ");
            for (int i = 0; i < 16; i++) {
                if (line + i < length) {
                    Print.hex(bytes.load8(line + i), 2);
                    Print.chr(' ');
                } else {
                    Print.str("   ");
                }
            }
            Print.str(" |");
            for (int i = 0; i < 16 && line + i < length; i++) {
                int c = bytes.load8(line + i);
                Print.chr(c >= 0x20 && c < 0x7F ? c : '.');
            }
            Print.str("|");
            Print.nl();
        }
    }

    private static void run(String fmt, int argc) {
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out(c);
                i++;
                continue;
            }
            int start = i;
            i++;
            boolean left = false;
            boolean zero = false;
            while (i < fmt.length() && (fmt.charAt(i) == '-' || fmt.charAt(i) == '0')) {
                if (fmt.charAt(i) == '-') {
                    left = true;
                } else {
                    zero = true;
                }
                i++;
            }
            int width = 0;
            while (i < fmt.length() && fmt.charAt(i) >= '0' && fmt.charAt(i) <= '9') {
                width = Math.min(width * 10 + fmt.charAt(i) - '0', 64);
                i++;
            }
            boolean isLong = false;
            while (i < fmt.length() && fmt.charAt(i) == 'l') {
                isLong = true;
                i++;
            }
            if (i >= fmt.length()) {
                literal(fmt, start, i);
                break;
            }
            char conv = fmt.charAt(i);
            i++;
            if (conv == '%') {
                out('%');
                continue;
            }
            if (!isConversion(conv) || next >= argc) {
                literal(fmt, start, i);     // unknown directive or a missing argument: shown as written
                continue;
            }
            long v = ARGS[next];
            next++;
            convert(conv, isLong ? v : narrow(conv, v), width, left, zero && !left);
        }
    }

    private static boolean isConversion(char c) {
        switch (c) {
            case 'd', 'u', 's', 'x', 'X', 'o', 'c', 'p':
                return true;
            default:
                return false;
        }
    }

    /** Without 'l', integer conversions see C's int: the low 32 bits, signed for %d. */
    private static long narrow(char conv, long v) {
        if (conv == 'd') {
            return (int) v;
        }
        if (conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
            return v & 0xFFFFFFFFL;
        }
        return v;
    }

    private static void convert(char conv, long v, int width, boolean left, boolean zero) {
        if (conv == 's') {
            String str = (v & ~(STRINGS - 1L)) == STRING_TAG ? STRING[(int) v & (STRINGS - 1)] : "(not a string)";
            if (str == null) {
                str = "null";
            }
            int length = str.length();
            if (!left) {
                pad(width - length, ' ');
            }
            for (int k = 0; k < length; k++) {
                out(str.charAt(k));
            }
            if (left) {
                pad(width - length, ' ');
            }
            return;
        }
        if (conv == 'c') {
            if (!left) {
                pad(width - 1, ' ');
            }
            out((int) v & 0xFF);
            if (left) {
                pad(width - 1, ' ');
            }
            return;
        }
        boolean negative = conv == 'd' && v < 0;
        long magnitude = negative ? -v : v;        // read as unsigned: right for Long.MIN_VALUE too
        int base = conv == 'o' ? 8 : (conv == 'd' || conv == 'u') ? 10 : 16;
        int digits = conv == 'p' ? 16 : digitCount(magnitude, base);
        int length = digits + (negative ? 1 : 0) + (conv == 'p' ? 2 : 0);
        if (!left && !zero) {
            pad(width - length, ' ');
        }
        if (negative) {
            out('-');
        }
        if (conv == 'p') {
            out('0');
            out('x');
        }
        if (zero) {
            pad(width - length, '0');
        }
        for (int k = digits - 1; k >= 0; k--) {
            out(digit(magnitude, base, k, conv == 'X'));
        }
        if (left) {
            pad(width - length, ' ');
        }
    }

    private static int digitCount(long v, int base) {
        int n = 1;
        while (Long.compareUnsigned(v, base) >= 0) {
            v = Long.divideUnsigned(v, base);
            n++;
        }
        return n;
    }

    /** Digit {@code k} (0 = least significant) of the unsigned {@code v}. */
    private static int digit(long v, int base, int k, boolean upper) {
        for (int j = 0; j < k; j++) {
            v = Long.divideUnsigned(v, base);
        }
        int d = (int) Long.remainderUnsigned(v, base);
        return d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10;
    }

    /** Writes {@code c} {@code n} times (nothing if {@code n} is not positive). */
    private static void pad(int n, int c) {
        for (int k = 0; k < n; k++) {
            out(c);
        }
    }

    private static void literal(String fmt, int from, int to) {
        for (int k = from; k < to; k++) {
            out(fmt.charAt(k));
        }
    }

    private static void out(int c) {
        if (toBuffer) {
            if (bufferLength < BUFFER.length) {
                BUFFER[bufferLength] = (byte) c;
                bufferLength++;
            }
        } else {
            Uart.write(c);
        }
    }
}
