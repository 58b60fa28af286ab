package org.zeptux.kernel.debug;

/**
 * The arguments of the monitor's current command: the characters after its name and the one
 * space that ends it, read in place in the monitor's line buffer (nothing is copied). There is
 * one instance, made at build time; {@link Monitor} points it at each line before running the
 * command, and it is valid only while that command runs.
 */
public final class Args {
    /** Where the arguments start in the line; only Monitor sets it. */
    private int start;
    /** How many characters they have; only Monitor sets it. */
    private int length;

    Args() {}

    void set(int start, int length) {
        this.start = start;
        this.length = length;
    }

    /** The number of characters of the arguments (0: none). */
    public int length() {
        return length;
    }

    /** Argument character {@code i} (0 &lt;= i &lt; length()). */
    public int charAt(int i) {
        return Monitor.LINE[start + i] & 0xFF;
    }

    /** The index of the first {@code c} at or after {@code from}, or length() if there is none. */
    public int indexOf(int c, int from) {
        int i = from;
        while (i < length && charAt(i) != c) {
            i++;
        }
        return i;
    }

    /** Whether the arguments are exactly {@code text}. */
    public boolean is(String text) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (charAt(i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
