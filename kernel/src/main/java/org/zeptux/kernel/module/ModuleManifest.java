package org.zeptux.kernel.module;

/**
 * A module file's manifest (docs/modules.md): UTF-8 {@code key=value} lines, read from
 * untrusted bytes into fixed fields. Safe code.
 *
 * <p>{@link #parse} accepts the manifest only if: it has no NUL byte and is at most
 * {@link #MAX_LENGTH} bytes; every non-empty line is {@code key=value} with a key of
 * {@code a-z}; no key is given twice; {@code name}, {@code version}, {@code api},
 * {@code init}, {@code exit} and {@code depends} are all there; the name is a module name
 * (1 to 31 of {@code a-z 0-9 - _}), the version 1 to 31 printable characters, api a decimal
 * number of at most 9 digits (so it cannot wrap), init and exit 1 to {@link #MAX_SYMBOL}
 * printable characters, depends a comma-separated list of module names, and every other
 * value printable ASCII. Anything else is refused with one of the reason strings below, and
 * the fields then mean nothing.
 *
 * <p>State: {@code parse} sets every field, so nothing of an earlier manifest survives it.
 */
public final class ModuleManifest {
    /** The longest manifest read. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** The longest module name and version (a name buffer holds one more byte: a NUL). */
    public static final int MAX_NAME = 31;
    /** The longest init or exit symbol name. */
    public static final int MAX_SYMBOL = 127;

    public static final String TOO_LONG = "corrupt manifest: longer than 64 KiB";
    public static final String NUL = "corrupt manifest: a NUL byte";
    public static final String BAD_LINE = "corrupt manifest: a line that is not key=value";
    public static final String TWICE = "corrupt manifest: a key given twice";
    public static final String NO_NAME = "corrupt manifest: no valid name=";
    public static final String NO_VERSION = "corrupt manifest: no valid version=";
    public static final String NO_API = "corrupt manifest: api= is not a number of up to 9 digits";
    public static final String NO_INIT = "corrupt manifest: no valid init=";
    public static final String NO_EXIT = "corrupt manifest: no valid exit=";
    public static final String NO_DEPENDS = "corrupt manifest: no valid depends=";
    public static final String BAD_UNSAFE = "corrupt manifest: unsafe= is not 0 or 1";
    public static final String BAD_VALUE = "corrupt manifest: a value with a character that is not printable ASCII";

    public final byte[] name = new byte[MAX_NAME + 1];
    public int nameLength;
    public final byte[] version = new byte[MAX_NAME + 1];
    public int versionLength;
    public int api;
    public final byte[] init = new byte[MAX_SYMBOL + 1];
    public int initLength;
    public final byte[] exit = new byte[MAX_SYMBOL + 1];
    public int exitLength;
    /** Whether the module was built with zeptuxc module --unsafe (unsafe=1; optional, 0 when absent). */
    public boolean unsafe;

    /** Keys, in the order of the bits {@link #parse} keeps for "seen". */
    private static final String[] KEYS = {"name", "version", "api", "init", "exit", "depends", "unsafe"};
    private static final int REQUIRED = (1 << 6) - 1;

    /**
     * Reads the {@code length} bytes at {@code at} of {@code file} (a range inside it) into
     * this manifest: null, or why it is refused.
     */
    public String parse(byte[] file, int at, int length) {
        clear();
        if (length > MAX_LENGTH) {
            return TOO_LONG;
        }
        for (int i = 0; i < length; i++) {
            if (file[at + i] == 0) {
                return NUL;
            }
        }
        int seen = 0;
        int end = at + length;
        for (int line = at; line < end; ) {
            int eol = line;
            while (eol < end && file[eol] != '\n') {
                eol++;
            }
            if (eol > line) {
                int eq = line;
                while (eq < eol && file[eq] >= 'a' && file[eq] <= 'z') {
                    eq++;
                }
                if (eq == line || eq == eol || file[eq] != '=') {
                    return BAD_LINE;
                }
                int key = key(file, line, eq - line);
                if (key >= 0 && (seen & 1 << key) != 0) {
                    return TWICE;
                }
                if (key >= 0) {
                    seen |= 1 << key;
                }
                String why = value(key, file, eq + 1, eol - eq - 1);
                if (why != null) {
                    return why;
                }
            }
            line = eol + 1;
        }
        if ((seen & REQUIRED) != REQUIRED) {
            return missing(seen);
        }
        return null;
    }

    /** The reason naming the first required key of {@code KEYS} not in {@code seen}. */
    private static String missing(int seen) {
        if ((seen & 1) == 0) {
            return NO_NAME;
        } else if ((seen & 2) == 0) {
            return NO_VERSION;
        } else if ((seen & 4) == 0) {
            return NO_API;
        } else if ((seen & 8) == 0) {
            return NO_INIT;
        } else if ((seen & 16) == 0) {
            return NO_EXIT;
        }
        return NO_DEPENDS;
    }

    private void clear() {
        nameLength = 0;
        versionLength = 0;
        api = -1;
        initLength = 0;
        exitLength = 0;
        unsafe = false;
        for (int i = 0; i < name.length; i++) {
            name[i] = 0;
            version[i] = 0;
        }
        for (int i = 0; i < init.length; i++) {
            init[i] = 0;
            exit[i] = 0;
        }
    }

    /** The index in {@code KEYS} of the {@code length}-byte key at {@code at}, or -1 for a key this kernel does not read. */
    private static int key(byte[] file, int at, int length) {
        for (int k = 0; k < KEYS.length; k++) {
            String key = KEYS[k];
            boolean same = key.length() == length;
            for (int i = 0; same && i < length; i++) {
                same = file[at + i] == key.charAt(i);
            }
            if (same) {
                return k;
            }
        }
        return -1;
    }

    /** Checks and keeps the value of key {@code key} ({@code length} bytes at {@code at}); null or why not. */
    private String value(int key, byte[] file, int at, int length) {
        switch (key) {
            case 0 -> {
                if (!isName(file, at, length)) {
                    return NO_NAME;
                }
                nameLength = copy(file, at, length, name);
            }
            case 1 -> {
                if (length == 0 || length > MAX_NAME || !printable(file, at, length)) {
                    return NO_VERSION;
                }
                versionLength = copy(file, at, length, version);
            }
            case 2 -> {
                if (length == 0 || length > 9) {
                    return NO_API;
                }
                int v = 0;
                for (int i = 0; i < length; i++) {
                    int c = file[at + i];
                    if (c < '0' || c > '9') {
                        return NO_API;
                    }
                    v = v * 10 + (c - '0');
                }
                api = v;
            }
            case 3, 4 -> {
                if (length == 0 || length > MAX_SYMBOL || !printable(file, at, length)) {
                    return key == 3 ? NO_INIT : NO_EXIT;
                }
                if (key == 3) {
                    initLength = copy(file, at, length, init);
                } else {
                    exitLength = copy(file, at, length, exit);
                }
            }
            case 6 -> {
                if (length != 1 || (file[at] != '0' && file[at] != '1')) {
                    return BAD_UNSAFE;
                }
                unsafe = file[at] == '1';
            }
            case 5 -> {
                int item = at;
                for (int i = at; i <= at + length; i++) {
                    if (i == at + length || file[i] == ',') {
                        if (length > 0 && !isName(file, item, i - item)) {
                            return NO_DEPENDS;
                        }
                        item = i + 1;
                    }
                }
            }
            default -> {
                if (!printable(file, at, length)) {
                    return BAD_VALUE;
                }
            }
        }
        return null;
    }

    /** Whether the {@code length} bytes at {@code at} are a module name: 1 to 31 of {@code a-z 0-9 - _}. */
    public static boolean isName(byte[] b, int at, int length) {
        if (length < 1 || length > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[at + i];
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(byte[] b, int at, int length) {
        for (int i = 0; i < length; i++) {
            if (b[at + i] < 0x20 || b[at + i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static int copy(byte[] from, int at, int length, byte[] to) {
        for (int i = 0; i < length; i++) {
            to[i] = from[at + i];
        }
        return length;
    }

    /**
     * Whether the manifest ({@code length} bytes at {@code at}) has the line {@code name=NAME}
     * for the {@code nameLength} bytes of {@code name}: finds a module's manifest by name
     * even when the rest of it is refused, so the refusal can say why.
     */
    public static boolean names(byte[] file, int at, int length, byte[] name, int nameLength) {
        int end = at + length;
        for (int line = at; line < end; ) {
            int eol = line;
            while (eol < end && file[eol] != '\n') {
                eol++;
            }
            boolean same = eol - line == 5 + nameLength && file[line] == 'n' && file[line + 1] == 'a'
                    && file[line + 2] == 'm' && file[line + 3] == 'e' && file[line + 4] == '=';
            for (int i = 0; same && i < nameLength; i++) {
                same = file[line + 5 + i] == name[i];
            }
            if (same) {
                return true;
            }
            line = eol + 1;
        }
        return false;
    }
}
