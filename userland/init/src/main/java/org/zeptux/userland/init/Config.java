package org.zeptux.userland.init;

/**
 * init's configuration ({@code /etc/init.conf}; docs/init.md), parsed from its bytes into
 * directives, each a kind and its words. Safe code with no system call, so the parser is tested
 * on the JVM (ConfigTests) and runs unchanged in init.
 *
 * <p>The format: one directive a line — {@code mount TYPE DIR [SOURCE]}, {@code env NAME=VALUE},
 * {@code run PATH [ARG...]}, {@code service PATH [ARG...]}, {@code console PATH [ARG...]}.
 * Words are separated by spaces and tabs; double quotes group words into one ({@code "a b"},
 * no escapes); {@code #} at the start of a word starts a comment that runs to the end of the
 * line; blank lines are ignored. A line that is wrong is reported ({@link #errors()}: its line
 * number and why) and left out; the rest still count.
 *
 * <p>Storage, all made at build time: each word is copied NUL-terminated into {@link #text()}
 * (what execve and mount take), {@link #word} gives where it starts; limits are
 * {@link #MAX_DIRECTIVES} directives, {@link #MAX_WORDS} words and {@link #MAX_TEXT} bytes of
 * words, beyond which lines are refused as "too many".
 */
public final class Config {
    public static final int MOUNT = 1;
    public static final int ENV = 2;
    public static final int RUN = 3;
    public static final int SERVICE = 4;
    public static final int CONSOLE = 5;

    public static final int MAX_DIRECTIVES = 32;
    public static final int MAX_WORDS = 256;
    public static final int MAX_TEXT = 8192;
    public static final int MAX_ERRORS = 16;
    /** The most words after the directive's name on one line (a program's arguments, its path included). */
    public static final int MAX_ARGUMENTS = 32;

    private final int[] kinds = new int[MAX_DIRECTIVES];
    private final int[] lines = new int[MAX_DIRECTIVES];
    private final int[] firstWords = new int[MAX_DIRECTIVES];
    private final int[] wordCounts = new int[MAX_DIRECTIVES];
    private final int[] wordAt = new int[MAX_WORDS];
    private final byte[] text = new byte[MAX_TEXT];
    private final int[] errorLines = new int[MAX_ERRORS];
    private final String[] errorWhat = new String[MAX_ERRORS];
    private int directives;
    private int words;
    private int textLength;
    private int errors;
    private int lostErrors;

    /** Parses {@code in[0, length)}, replacing what an earlier parse left. */
    public void parse(byte[] in, int length) {
        directives = 0;
        words = 0;
        textLength = 0;
        errors = 0;
        lostErrors = 0;
        int line = 1;
        int at = 0;
        while (at < length) {
            int end = at;
            while (end < length && in[end] != '\n') {
                end++;
            }
            parseLine(in, at, end, line);
            at = end + 1;
            line++;
        }
    }

    /** One line, {@code in[from, to)}: its words, then the directive they make. */
    private void parseLine(byte[] in, int from, int to, int line) {
        int savedWords = words;
        int savedText = textLength;
        int first = words;
        int count = 0;
        int at = from;
        String problem = null;
        while (problem == null) {
            while (at < to && (in[at] == ' ' || in[at] == '\t' || in[at] == '\r')) {
                at++;
            }
            if (at == to || in[at] == '#') {
                break;
            }
            if (words == MAX_WORDS) {
                problem = "too many words in the file";
                break;
            }
            wordAt[words] = textLength;
            boolean quoted = false;
            while (at < to && (quoted || in[at] != ' ' && in[at] != '\t' && in[at] != '\r')) {
                byte c = in[at];
                at++;
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == 0) {
                    problem = "a NUL byte";
                } else if (textLength < MAX_TEXT - 1) {
                    text[textLength] = c;
                    textLength++;
                } else {
                    problem = "too much text in the file";
                }
            }
            if (quoted && problem == null) {
                problem = "a quote is not closed";
            }
            if (problem == null) {
                text[textLength] = 0;
                textLength++;
                words++;
                count++;
            }
        }
        if (problem == null && count > 0) {
            problem = directive(first, count, line);
        }
        if (problem != null) {
            words = savedWords;                 // the line is left out
            textLength = savedText;
            error(line, problem);
        }
    }

    /** Records the directive whose name is word {@code first}, with {@code count - 1} words after it; null, or why not. */
    private String directive(int first, int count, int line) {
        int kind = kindOf(first);
        if (kind == 0) {
            return "unknown directive (mount, env, run, service or console)";
        }
        int arguments = count - 1;
        if (kind == MOUNT && (arguments < 2 || arguments > 3)) {
            return "mount takes TYPE DIR [SOURCE]";
        }
        if (kind == ENV && (arguments != 1 || !assignment(first + 1))) {
            return "env takes one NAME=VALUE";
        }
        if (kind != MOUNT && kind != ENV && arguments < 1) {
            return "a program's path is missing";
        }
        if (arguments > MAX_ARGUMENTS) {
            return "too many arguments";
        }
        if (kind == CONSOLE) {
            for (int i = 0; i < directives; i++) {
                if (kinds[i] == CONSOLE) {
                    return "a second console (there is one)";
                }
            }
        }
        if (directives == MAX_DIRECTIVES) {
            return "too many directives in the file";
        }
        kinds[directives] = kind;
        lines[directives] = line;
        firstWords[directives] = first + 1;
        wordCounts[directives] = arguments;
        directives++;
        return null;
    }

    private int kindOf(int w) {
        if (wordIs(w, "mount")) {
            return MOUNT;
        }
        if (wordIs(w, "env")) {
            return ENV;
        }
        if (wordIs(w, "run")) {
            return RUN;
        }
        if (wordIs(w, "service")) {
            return SERVICE;
        }
        if (wordIs(w, "console")) {
            return CONSOLE;
        }
        return 0;
    }

    /** Whether word {@code w} is {@code NAME=VALUE} with a name that is not empty. */
    private boolean assignment(int w) {
        int at = wordAt[w];
        if (text[at] == '=' || text[at] == 0) {
            return false;
        }
        while (text[at] != 0) {
            if (text[at] == '=') {
                return true;
            }
            at++;
        }
        return false;
    }

    private boolean wordIs(int w, String s) {
        int at = wordAt[w];
        for (int i = 0; i < s.length(); i++) {
            if (text[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return text[at + s.length()] == 0;
    }

    private void error(int line, String what) {
        if (errors == MAX_ERRORS) {
            lostErrors++;
            return;
        }
        errorLines[errors] = line;
        errorWhat[errors] = what;
        errors++;
    }

    /** How many directives were read. */
    public int directives() {
        return directives;
    }

    /** The kind of directive {@code d}: {@link #MOUNT}, {@link #ENV}, {@link #RUN}, {@link #SERVICE}, {@link #CONSOLE}. */
    public int kind(int d) {
        return kinds[d];
    }

    /** The line directive {@code d} came from (from 1). */
    public int line(int d) {
        return lines[d];
    }

    /** How many words follow directive {@code d}'s name (for a program: its path and arguments). */
    public int words(int d) {
        return wordCounts[d];
    }

    /** Where word {@code k} after directive {@code d}'s name starts in {@link #text()} (NUL-terminated). */
    public int word(int d, int k) {
        if (k < 0 || k >= wordCounts[d]) {
            throw new IndexOutOfBoundsException("no such word");
        }
        return wordAt[firstWords[d] + k];
    }

    /** The length of word {@code k} of directive {@code d}, without its NUL. */
    public int wordLength(int d, int k) {
        int at = word(d, k);
        int n = 0;
        while (text[at + n] != 0) {
            n++;
        }
        return n;
    }

    /** The words, each NUL-terminated. */
    public byte[] text() {
        return text;
    }

    /** How many lines were wrong (at most {@link #MAX_ERRORS} are kept; {@link #lostErrors()} counts the rest). */
    public int errors() {
        return errors;
    }

    public int errorLine(int e) {
        return errorLines[e];
    }

    public String errorWhat(int e) {
        return errorWhat[e];
    }

    public int lostErrors() {
        return lostErrors;
    }

    /** The directive of {@code kind} with the lowest index at or after {@code from}, or -1. */
    public int next(int kind, int from) {
        for (int d = Math.max(from, 0); d < directives; d++) {
            if (kinds[d] == kind) {
                return d;
            }
        }
        return -1;
    }
}
