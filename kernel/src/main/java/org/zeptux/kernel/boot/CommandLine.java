package org.zeptux.kernel.boot;

import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Memory;

/**
 * The kernel command line (`zeptuxc image --cmdline TEXT`), copied at boot out of stage 2's
 * memory into the kernel: space-separated words, each {@code key=value} or a lone flag, as
 * Linux's. Read by what it configures ({@code init=} for the first program).
 */
public final class CommandLine {
    private CommandLine() {}

    private static final byte[] TEXT = new byte[BootInfo.CMDLINE_MAX];
    /** The line's length; written once, by {@link #init}. */
    private static int length;

    /** Copies the command line BootInfo names (printable ASCII up to the NUL, at most CMDLINE_MAX bytes). */
    public static void init(long bootInfo) {
        long at = BootInfo.cmdline(bootInfo);
        length = 0;
        if (at == 0) {
            return;
        }
        while (length < TEXT.length) {
            int c = Memory.load8(at + length);
            if (c < 0x20 || c > 0x7E) {
                break;
            }
            TEXT[length] = (byte) c;
            length++;
        }
    }

    /** The command line's length (0: none). */
    public static int length() {
        return length;
    }

    /** Character {@code i} of the command line. */
    public static int charAt(int i) {
        return TEXT[i] & 0xFF;
    }

    /**
     * Where the value of {@code key=} starts in the line (the first word that begins with it),
     * or -1; the value runs to the next space or the end ({@link #valueEnd}).
     */
    public static int value(String key) {
        int i = 0;
        while (i < length) {
            boolean match = i + key.length() < length && TEXT[i + key.length()] == '=';
            for (int k = 0; match && k < key.length(); k++) {
                match = TEXT[i + k] == key.charAt(k);
            }
            if (match) {
                return i + key.length() + 1;
            }
            while (i < length && TEXT[i] != ' ') {
                i++;
            }
            i++;
        }
        return -1;
    }

    /** The end of the word that starts at {@code from}: the next space, or the line's end. */
    public static int valueEnd(int from) {
        int i = from;
        while (i < length && TEXT[i] != ' ') {
            i++;
        }
        return i;
    }

    /** Prints {@code command line: TEXT} (nothing when there is none). */
    public static void print() {
        if (length == 0) {
            return;
        }
        Print.str("command line: ");
        for (int i = 0; i < length; i++) {
            Print.chr(TEXT[i] & 0xFF);
        }
        Print.nl();
    }
}
