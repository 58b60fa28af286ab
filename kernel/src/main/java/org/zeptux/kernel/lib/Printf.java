package org.zeptux.kernel.lib;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.rt.AtomicFlag;
import org.zeptux.rt.AtomicInt;
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
 * passed as {@link #s(String)}: the string goes into a slot of {@link #STRINGS}, and the
 * argument names the slot. A malformed directive prints as is.
 *
 * <p>Reentrant: an interrupt handler may printf (or {@link Log}) while a task is in the middle
 * of a printf. The arguments travel as parameters all the way down, number formatting needs
 * only locals, and each call formats into a line buffer of its own, taken from a small pool
 * ({@link #LINES} of {@link #LINE} bytes; when none is free, as in a fault inside a nested
 * printf, the call writes straight to the console). The buffer goes to the console in one
 * piece with interrupts disabled ({@link Console}), so a line logged by an interrupt handler
 * lands between two printf calls, never inside one (output longer than a buffer goes out a
 * buffer at a time). With {@link #format}, output goes to the caller's buffer.
 */
public final class Printf {
    private Printf() {}

    /** Bytes in a line buffer: longer output goes to the console a buffer at a time. */
    static final int LINE = 512;
    /**
     * Line buffers: one per printf in progress on a CPU — a task's, an interrupt handler's
     * and a fault's inside those — with room for more.
     */
    static final int LINES = 4;
    private static final byte[][] LINE_BUFFER = new byte[LINES][LINE];
    /** Whether {@link #LINE_BUFFER}{@code [i]} is taken; set and cleared atomically. */
    private static final AtomicFlag[] LINE_TAKEN = {new AtomicFlag(), new AtomicFlag(), new AtomicFlag(), new AtomicFlag()};

    /**
     * The strings of {@code %s} arguments, reused round-robin: each {@link #s} claims the next
     * slot atomically (interrupt handlers and other CPUs claim their own), and a slot is reused
     * only after {@code STRINGS} further claims, far more than a printf and the interrupts that
     * can arrive in the middle of it make.
     */
    static final int STRINGS = 64;
    private static final String[] STRING = new String[STRINGS];
    private static final AtomicInt NEXT_STRING = new AtomicInt();
    /** An {@code %s} argument: this tag or'ed with the slot. */
    static final long STRING_TAG = 0x5354520000000000L;

    /** A string argument for {@code %s}. */
    @KernelApi
    public static long s(String s) {
        int slot = NEXT_STRING.getAndIncrement() & (STRINGS - 1);
        STRING[slot] = s;
        return STRING_TAG | slot;
    }

    @KernelApi
    public static void printf(String fmt) {
        print(null, fmt, 0, 0, 0, 0, 0, 0, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a) {
        print(null, fmt, 1, a, 0, 0, 0, 0, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b) {
        print(null, fmt, 2, a, b, 0, 0, 0, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c) {
        print(null, fmt, 3, a, b, c, 0, 0, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d) {
        print(null, fmt, 4, a, b, c, d, 0, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d, long e) {
        print(null, fmt, 5, a, b, c, d, e, 0, false);
    }

    @KernelApi
    public static void printf(String fmt, long a, long b, long c, long d, long e, long f) {
        print(null, fmt, 6, a, b, c, d, e, f, false);
    }

    /**
     * Prints {@code prefix} (if not null), {@code fmt} with its {@code argc} arguments and, if
     * {@code newline}, a newline, as one piece: formatted into a line buffer of the pool and
     * written to the console with interrupts disabled (straight to the console if no buffer is free).
     */
    static void print(String prefix, String fmt, int argc, long a, long b, long c, long d, long e, long f, boolean newline) {
        int index = takeLine();
        byte[] line = index < 0 ? null : LINE_BUFFER[index];
        int length = 0;
        if (prefix != null) {
            length = literal(line, length, prefix, 0, prefix.length());
        }
        length = run(line, length, fmt, argc, a, b, c, d, e, f);
        if (newline) {
            length = out(line, length, '\n');
        }
        if (line != null) {
            Console.write(line, length);
            LINE_TAKEN[index].clear();
        }
    }

    /** Takes a free line buffer of the pool: its index, or -1 if all are taken. */
    private static int takeLine() {
        for (int i = 0; i < LINES; i++) {
            if (!LINE_TAKEN[i].testAndSet()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Formats {@code fmt} with one argument into {@code into} instead of the console; returns the
     * length (output past {@code into.length} bytes is dropped).
     */
    public static int format(byte[] into, String fmt, long a) {
        return Math.min(run(into, 0, fmt, 1, a, 0, 0, 0, 0, 0), into.length);
    }

    /** {@link #format(byte[], String, long)} with {@code argc} of six arguments (procfs's lines). */
    public static int format(byte[] into, String fmt, int argc, long a, long b, long c, long d, long e, long f) {
        return Math.min(run(into, 0, fmt, argc, a, b, c, d, e, f), into.length);
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

    /**
     * Formats {@code fmt} with its {@code argc} arguments {@code a..f}, appending to
     * {@code buffer} from {@code length} (or to the console if it is null); returns the new length.
     */
    private static int run(byte[] buffer, int length, String fmt, int argc, long a, long b, long c, long d, long e, long f) {
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char ch = fmt.charAt(i);
            if (ch != '%') {
                length = out(buffer, length, ch);
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
                length = literal(buffer, length, fmt, start, i);
                break;
            }
            char conv = fmt.charAt(i);
            i++;
            if (conv == '%') {
                length = out(buffer, length, '%');
                continue;
            }
            if (!isConversion(conv) || next >= argc) {
                length = literal(buffer, length, fmt, start, i);     // unknown directive or a missing argument: shown as written
                continue;
            }
            long v = argument(next, a, b, c, d, e, f);
            next++;
            length = convert(buffer, length, conv, isLong ? v : narrow(conv, v), width, left, zero && !left);
        }
        return length;
    }

    /** Argument {@code n} (0..5) of {@code a..f}. */
    private static long argument(int n, long a, long b, long c, long d, long e, long f) {
        switch (n) {
            case 0:
                return a;
            case 1:
                return b;
            case 2:
                return c;
            case 3:
                return d;
            case 4:
                return e;
            default:
                return f;
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

    private static int convert(byte[] buffer, int length, char conv, long v, int width, boolean left, boolean zero) {
        if (conv == 's') {
            String str = (v & ~(STRINGS - 1L)) == STRING_TAG ? STRING[(int) v & (STRINGS - 1)] : "(not a string)";
            if (str == null) {
                str = "null";
            }
            int chars = str.length();
            if (!left) {
                length = pad(buffer, length, width - chars, ' ');
            }
            length = literal(buffer, length, str, 0, chars);
            if (left) {
                length = pad(buffer, length, width - chars, ' ');
            }
            return length;
        }
        if (conv == 'c') {
            if (!left) {
                length = pad(buffer, length, width - 1, ' ');
            }
            length = out(buffer, length, (int) v & 0xFF);
            if (left) {
                length = pad(buffer, length, width - 1, ' ');
            }
            return length;
        }
        boolean negative = conv == 'd' && v < 0;
        long magnitude = negative ? -v : v;        // read as unsigned: right for Long.MIN_VALUE too
        int base = conv == 'o' ? 8 : (conv == 'd' || conv == 'u') ? 10 : 16;
        int digits = conv == 'p' ? 16 : digitCount(magnitude, base);
        int chars = digits + (negative ? 1 : 0) + (conv == 'p' ? 2 : 0);
        if (!left && !zero) {
            length = pad(buffer, length, width - chars, ' ');
        }
        if (negative) {
            length = out(buffer, length, '-');
        }
        if (conv == 'p') {
            length = out(buffer, length, '0');
            length = out(buffer, length, 'x');
        }
        if (zero) {
            length = pad(buffer, length, width - chars, '0');
        }
        for (int k = digits - 1; k >= 0; k--) {
            length = out(buffer, length, digit(magnitude, base, k, conv == 'X'));
        }
        if (left) {
            length = pad(buffer, length, width - chars, ' ');
        }
        return length;
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

    /** Writes {@code c} {@code n} times (nothing if {@code n} is not positive); returns the new length. */
    private static int pad(byte[] buffer, int length, int n, int c) {
        for (int k = 0; k < n; k++) {
            length = out(buffer, length, c);
        }
        return length;
    }

    private static int literal(byte[] buffer, int length, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            length = out(buffer, length, s.charAt(k));
        }
        return length;
    }

    /**
     * Appends byte {@code c} to {@code buffer} at {@code length}, or writes it to the console if
     * {@code buffer} is null; returns the new length. A full line buffer goes to the console
     * first; past the end of a {@link #format} buffer, only the length grows.
     */
    private static int out(byte[] buffer, int length, int c) {
        if (buffer == null) {
            Uart.write(c);
            return 0;
        }
        if (length >= buffer.length) {
            if (!isLine(buffer)) {
                return length + 1;
            }
            Console.write(buffer, length);
            length = 0;
        }
        buffer[length] = (byte) c;
        return length + 1;
    }

    private static boolean isLine(byte[] buffer) {
        for (int i = 0; i < LINES; i++) {
            if (buffer == LINE_BUFFER[i]) {
                return true;
            }
        }
        return false;
    }
}
