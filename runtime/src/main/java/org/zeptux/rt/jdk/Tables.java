package org.zeptux.rt.jdk;

/**
 * Tables of Unicode properties, built by static initialisers at build time from the JDK that
 * runs zeptuxc (so they hold exactly what its {@code Character} says for every code point) and
 * searched at run time. A property is the sorted array of the code points where it changes; a
 * mapping is a sorted array of runs {start, end, stride, delta}: {@code map(cp) = cp + delta}
 * for the code points from start below end at the stride (a stride of 2 holds Unicode's
 * alternating upper- and lower-case pairs in one run).
 */
final class Tables {
    private Tables() {}

    static final int DIGIT = 0;
    static final int LETTER = 1;
    static final int LETTER_OR_DIGIT = 2;
    static final int ALPHABETIC = 3;
    static final int UPPER_CASE = 4;
    static final int LOWER_CASE = 5;
    static final int WHITESPACE = 6;
    static final int SPACE_CHAR = 7;

    static final int DIGIT_VALUE = 0;
    static final int TO_UPPER = 1;
    static final int TO_LOWER = 2;

    private static boolean property(int kind, int cp) {
        return switch (kind) {
            case DIGIT -> Character.isDigit(cp);
            case LETTER -> Character.isLetter(cp);
            case LETTER_OR_DIGIT -> Character.isLetterOrDigit(cp);
            case ALPHABETIC -> Character.isAlphabetic(cp);
            case UPPER_CASE -> Character.isUpperCase(cp);
            case LOWER_CASE -> Character.isLowerCase(cp);
            case WHITESPACE -> Character.isWhitespace(cp);
            default -> Character.isSpaceChar(cp);
        };
    }

    /** {@code map(cp)}, or -1 where the mapping leaves cp alone (no digit; the same case). */
    private static int map(int kind, int cp) {
        int m = switch (kind) {
            case DIGIT_VALUE -> Character.digit(cp, 36);
            case TO_UPPER -> Character.toUpperCase(cp);
            default -> Character.toLowerCase(cp);
        };
        return kind != DIGIT_VALUE && m == cp ? -1 : m;
    }

    /** The code points from 0 to 0x10FFFF where property {@code kind} changes (it is false at 0 for all). */
    static int[] boundaries(int kind) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        boolean previous = false;
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            boolean p = property(kind, cp);
            if (p != previous) {
                out.add(cp);
                previous = p;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the property given by {@code boundaries} holds for {@code cp}: an odd number of them lie at or below it. */
    static boolean holds(int[] boundaries, int cp) {
        int low = 0;
        int high = boundaries.length;
        while (low < high) {                    // low: the number of boundaries <= cp
            int mid = (low + high) >>> 1;
            if (boundaries[mid] <= cp) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return (low & 1) != 0;
    }

    /** The runs of mapping {@code kind} over 0 to 0x10FFFF, as {start, end, stride, delta} quadruples. */
    static int[] runs(int kind) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int cp = 0;
        while (cp <= 0x10FFFF) {
            int m = map(kind, cp);
            if (m < 0) {
                cp++;
                continue;
            }
            int delta = m - cp;
            int end = cp + 1;
            while (end <= 0x10FFFF && map(kind, end) >= 0 && map(kind, end) - end == delta) {
                end++;
            }
            int stride = 1;
            if (end == cp + 1) {
                int next = cp + 2;
                while (next <= 0x10FFFF && map(kind, next) >= 0 && map(kind, next) - next == delta
                        && map(kind, next - 1) < 0) {
                    next += 2;
                }
                if (next > cp + 2) {
                    stride = 2;
                    end = next - 1;
                }
            }
            out.add(cp);
            out.add(end);
            out.add(stride);
            out.add(delta);
            cp = end;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The mapping of {@code cp} by {@code runs}, or {@code outside} where no run holds it. */
    static int lookup(int[] runs, int cp, int outside) {
        int low = 0;
        int high = runs.length / 4;
        while (low < high) {                    // low: the number of runs starting at or below cp
            int mid = (low + high) >>> 1;
            if (runs[4 * mid] <= cp) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        if (low == 0) {
            return outside;
        }
        int run = 4 * (low - 1);
        if (cp < runs[run + 1] && (cp - runs[run]) % runs[run + 2] == 0) {
            return cp + runs[run + 3];
        }
        return outside;
    }
}
