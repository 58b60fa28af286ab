package org.zeptux.rt.jdk;

/**
 * {@code java.lang.String}'s searches and comparisons: {@code indexOf}, {@code lastIndexOf},
 * {@code startsWith}, {@code endsWith}, {@code compareTo} and {@code regionMatches}, with the
 * JDK's results for every argument (negative and too large indices, empty strings, code points
 * above the BMP) and its NullPointerException messages for a null argument. The receiver,
 * {@code s}, is never null: the caller checks it.
 */
public final class JdkString {
    private JdkString() {}

    private static final String NPE = "java.lang.NullPointerException";

    public static int indexOf(String s, int ch) {
        return indexOf(s, ch, 0);
    }

    public static int indexOf(String s, int ch, int fromIndex) {
        int length = s.length();
        int i = fromIndex < 0 ? 0 : fromIndex;
        if (ch < 0x10000) {
            for (; i < length; i++) {
                if (s.charAt(i) == ch) {
                    return i;
                }
            }
            return -1;
        }
        if (ch > 0x10FFFF) {
            return -1;
        }
        char high = highSurrogate(ch);
        char low = lowSurrogate(ch);
        for (; i < length - 1; i++) {
            if (s.charAt(i) == high && s.charAt(i + 1) == low) {
                return i;
            }
        }
        return -1;
    }

    public static int lastIndexOf(String s, int ch) {
        return lastIndexOf(s, ch, s.length() - 1);
    }

    public static int lastIndexOf(String s, int ch, int fromIndex) {
        int length = s.length();
        if (ch < 0x10000) {
            for (int i = Math.min(fromIndex, length - 1); i >= 0; i--) {
                if (s.charAt(i) == ch) {
                    return i;
                }
            }
            return -1;
        }
        if (ch > 0x10FFFF) {
            return -1;
        }
        char high = highSurrogate(ch);
        char low = lowSurrogate(ch);
        for (int i = Math.min(fromIndex, length - 2); i >= 0; i--) {
            if (s.charAt(i) == high && s.charAt(i + 1) == low) {
                return i;
            }
        }
        return -1;
    }

    public static int indexOf(String s, String str, String where) {
        if (str == null) {
            Fail.with(NPE, "Cannot invoke \"String.coder()\" because \"str\" is null", where);
        }
        return search(s, str, 0);
    }

    public static int indexOf(String s, String str, int fromIndex, String where) {
        if (str == null) {
            Fail.with(NPE, "Cannot read field \"value\" because \"tgtStr\" is null", where);
        }
        return search(s, str, fromIndex);
    }

    /** String.indexOf(value, coder, count, tgtStr, fromIndex). */
    private static int search(String s, String target, int fromIndex) {
        int length = s.length();
        int count = target.length();
        if (fromIndex >= length) {
            return count == 0 ? length : -1;
        }
        int from = fromIndex < 0 ? 0 : fromIndex;
        for (int i = from; i <= length - count; i++) {
            if (matches(s, i, target, 0, count)) {
                return i;
            }
        }
        return -1;
    }

    public static int lastIndexOf(String s, String str, String where) {
        return lastIndexOf(s, str, s.length(), where);
    }

    public static int lastIndexOf(String s, String str, int fromIndex, String where) {
        if (str == null) {
            Fail.with(NPE, "Cannot read field \"value\" because \"tgtStr\" is null", where);
        }
        int count = str.length();
        int i = Math.min(fromIndex, s.length() - count);
        for (; i >= 0; i--) {
            if (matches(s, i, str, 0, count)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean startsWith(String s, String prefix, String where) {
        return startsWith(s, prefix, 0, where);
    }

    public static boolean startsWith(String s, String prefix, int toffset, String where) {
        if (prefix == null) {
            Fail.with(NPE, "Cannot invoke \"String.length()\" because \"prefix\" is null", where);
        }
        if (toffset < 0 || toffset > s.length() - prefix.length()) {
            return false;
        }
        return matches(s, toffset, prefix, 0, prefix.length());
    }

    public static boolean endsWith(String s, String suffix, String where) {
        if (suffix == null) {
            Fail.with(NPE, "Cannot invoke \"String.length()\" because \"suffix\" is null", where);
        }
        int toffset = s.length() - suffix.length();
        return toffset >= 0 && matches(s, toffset, suffix, 0, suffix.length());
    }

    public static int compareTo(String s, String anotherString, String where) {
        if (anotherString == null) {
            Fail.with(NPE, "Cannot read field \"value\" because \"anotherString\" is null", where);
        }
        int length = s.length();
        int other = anotherString.length();
        int n = Math.min(length, other);
        for (int i = 0; i < n; i++) {
            char a = s.charAt(i);
            char b = anotherString.charAt(i);
            if (a != b) {
                return a - b;
            }
        }
        return length - other;
    }

    public static boolean regionMatches(String s, int toffset, String other, int ooffset, int len, String where) {
        if (other == null) {
            Fail.with(NPE, "Cannot read field \"value\" because \"other\" is null", where);
        }
        if (ooffset < 0 || toffset < 0 || toffset > (long) s.length() - len || ooffset > (long) other.length() - len) {
            return false;
        }
        return matches(s, toffset, other, ooffset, len);
    }

    /** Whether {@code n} chars of {@code a} from {@code i} equal those of {@code b} from {@code j} (all in bounds). */
    private static boolean matches(String a, int i, String b, int j, int n) {
        for (int k = 0; k < n; k++) {
            if (a.charAt(i + k) != b.charAt(j + k)) {
                return false;
            }
        }
        return true;
    }

    private static char highSurrogate(int codePoint) {
        return (char) ((codePoint >>> 10) + (0xD800 - (0x10000 >>> 10)));
    }

    private static char lowSurrogate(int codePoint) {
        return (char) ((codePoint & 0x3FF) + 0xDC00);
    }
}
