package org.zeptux.compiler.testdata.programs;

import java.util.Arrays;

/**
 * A kernel-style configuration reader: trims and splits {@code key = value} lines with String's
 * searches and Character's tests, parses numbers in several radices with exact sums, keeps the
 * values in a ring buffer moved with System.arraycopy; ends on a value that does not parse.
 */
public class Config {
    static final String[] LINES = {
        "  # boot options",
        "memory = 0x8000000",
        "cpus=4",
        "\tquantum_us = 10000  ",
        "label = z\u00e9ptux",
        "mask = 0b1011",
        "offset = -0o17",
        "limit = 9223372036854775807",
        "ratio = 1_000",
    };
    static final long[] RING = new long[4];
    static final long[] SNAPSHOT = new long[4];
    static int stored;

    static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int endOfValue(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    static long number(String s, int from, int to) {
        boolean negative = s.charAt(from) == '-';
        int at = negative ? from + 1 : from;
        int radix = 10;
        if (s.regionMatches(at, "0x", 0, 2)) {
            radix = 16;
        } else if (s.regionMatches(at, "0b", 0, 2)) {
            radix = 2;
        } else if (s.regionMatches(at, "0o", 0, 2)) {
            radix = 8;
        }
        long value = 0;
        for (int i = radix == 10 ? at : at + 2; i < to; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return Long.parseLong(valueOf(s), radix);   // throws, naming the value, as the JDK does
            }
            value = Math.addExact(Math.multiplyExact(value, radix), d);
        }
        return negative ? Math.negateExact(value) : value;
    }

    /** The line's value part, for parseLong's message: the original line (no substring without allocation). */
    static String valueOf(String line) {
        return line;
    }

    static void remember(long v) {
        if (stored == RING.length) {
            System.arraycopy(RING, 1, RING, 0, RING.length - 1);
            stored--;
        }
        RING[stored] = v;
        stored++;
    }

    public static void main(String[] args) {
        Arrays.fill(RING, -1L);
        for (int n = 0; n < LINES.length; n++) {
            String line = LINES[n];
            int start = skipSpaces(line, 0);
            if (start == line.length() || line.startsWith("#", start)) {
                System.out.println("comment");
                continue;
            }
            int eq = line.indexOf('=');
            int keyEnd = eq;
            while (keyEnd > start && Character.isWhitespace(line.charAt(keyEnd - 1))) {
                keyEnd--;
            }
            int valueStart = skipSpaces(line, eq + 1);
            int valueEnd = endOfValue(line);
            for (int i = start; i < keyEnd; i++) {
                System.out.print(Character.toUpperCase(line.charAt(i)));
            }
            System.out.print(" -> ");
            if (Character.isLetter(line.charAt(valueStart))) {
                for (int i = valueStart; i < valueEnd; i++) {
                    System.out.print(Character.toUpperCase(line.charAt(i)));
                }
                System.out.println();
                continue;
            }
            long v = number(line, valueStart, valueEnd);
            System.out.println(v);
            remember(v);
            System.arraycopy(RING, 0, SNAPSHOT, 0, RING.length);
            System.out.println(Arrays.equals(RING, SNAPSHOT));
        }
    }
}
