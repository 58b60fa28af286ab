package org.zeptux.kernel.debug;

import org.zeptux.kernel.fs.FsCommands;
import org.zeptux.kernel.proc.ProcCommands;
import org.zeptux.kernel.sched.SchedCommands;
import org.zeptux.kernel.smp.SmpCommands;

import org.zeptux.kernel.arch.ArchCommands;
import org.zeptux.kernel.dev.DevCommands;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.mm.MmCommands;
import org.zeptux.kernel.module.ModuleCommands;

/**
 * The serial monitor: reads command lines from COM1 with line editing and runs them.
 *
 * <p>Editing: printable characters are inserted at the end and echoed; backspace and DEL erase
 * one, Ctrl-U the whole line, Ctrl-C abandons it; up and down arrows (ESC [ A / ESC [ B, or
 * ESC O A / B) step through the last {@link #HISTORY} lines; CR or LF runs the line. Empty
 * lines are ignored; characters past {@link #MAX_LINE} are dropped and the line is refused.
 *
 * <p>Where init runs instead (init= on the command line), the monitor is reached with the magic
 * SysRq key x ({@link SysRq}): a session on SysRq's thread, until {@code exit}.
 *
 * <p>Commands come from one table, {@link #COMMANDS}, joined at build time from the tables
 * each subsystem declares where it lives (see {@link Command}); {@code help} is generated from
 * it. Anything else gets {@code unknown command: LINE} and a hint.
 */
public final class Monitor {
    private Monitor() {}

    public static final String PROMPT = "zeptux> ";
    /** The longest command line, in characters. */
    public static final int MAX_LINE = 127;
    /** Lines kept for the arrow keys. */
    public static final int HISTORY = 16;

    static final int CTRL_C = 0x03;
    static final int CTRL_U = 0x15;
    static final int ESC = 0x1B;

    /** The line being edited or run; Args reads a command's arguments in place here. */
    static final byte[] LINE = new byte[MAX_LINE];
    private static int length;
    private static boolean overflow;
    private static final byte[] HISTORY_LINES = new byte[HISTORY * MAX_LINE];
    private static final int[] HISTORY_LENGTHS = new int[HISTORY];
    private static int historyCount;        // lines ever entered; the newest is historyCount - 1
    private static long bootInfo;
    /** Whether a SysRq session reads the console (only SysRq's thread runs one; {@code exit} ends it). */
    private static boolean session;
    /** The current command's arguments (one object, pointed at each line in turn). */
    private static final Args ARGS = new Args();

    /**
     * Every command, in the order {@code help} lists them: each subsystem's table, joined at
     * build time (this initialiser runs in zeptuxc), so dispatch is a search of one array.
     */
    static final Command[] COMMANDS = join(new Command[] {DebugCommands.HELP}, ArchCommands.ALL, MmCommands.ALL,
            SchedCommands.ALL, SmpCommands.ALL, FsCommands.ALL, ProcCommands.ALL, ModuleCommands.ALL, DevCommands.ALL, DebugCommands.ALL);

    /** Keeps the BootInfo block for {@code e820} where the monitor runs only in SysRq sessions. */
    public static void setBootInfo(long info) {
        bootInfo = info;
    }

    /** Reads and runs commands until one stops the machine. Returns only if there is no UART. */
    public static void run(long info) {
        bootInfo = info;
        historyCount = 0;                   // a new session (the JVM's simulated PC boots many times)
        while (true) {
            Print.str(PROMPT);
            if (!readLine()) {
                return;
            }
            if (length > 0 || overflow) {
                remember();
                execute();
            }
        }
    }

    /** Reads one line into LINE; false if there is no UART to read from. */
    static boolean readLine() {
        length = 0;
        overflow = false;
        int browsing = historyCount;        // the history line shown; historyCount: the new line
        while (true) {
            int c = input();
            if (c < 0) {
                return false;
            }
            if (c == '\r' || c == '\n') {
                Print.nl();
                return true;
            }
            if (c == 0x08 || c == 0x7F) {
                if (length > 0) {
                    length--;
                    Print.str("\b \b");
                }
            } else if (c == CTRL_U) {
                erase();
            } else if (c == CTRL_C) {
                Print.str("^C");
                Print.nl();
                Print.str(PROMPT);
                length = 0;
                overflow = false;
                browsing = historyCount;
            } else if (c == ESC) {
                int key = escape();
                if (key == 'A' && browsing > 0 && browsing > historyCount - HISTORY) {
                    browsing--;
                    recall(browsing);
                } else if (key == 'B' && browsing < historyCount) {
                    browsing++;
                    if (browsing == historyCount) {
                        erase();
                    } else {
                        recall(browsing);
                    }
                }
            } else if (c >= 0x20 && c < 0x7F) {
                if (length < MAX_LINE) {
                    LINE[length] = (byte) c;
                    length++;
                    Print.chr(c);
                } else {
                    overflow = true;
                }
            }
        }
    }

    /** Reads the rest of an escape sequence: returns the final letter of ESC [ X or ESC O X, else 0. */
    private static int escape() {
        int c = input();
        if (c != '[' && c != 'O') {
            return 0;
        }
        c = input();
        while (c >= '0' && c <= '9' || c == ';') {  // parameters, as in ESC [ 1 ; 5 A
            c = input();
        }
        return c;
    }

    /** The next byte typed: from the UART, or in a SysRq session from what SysRq takes for it. */
    private static int input() {
        return session ? SysRq.read() : Uart.read();
    }

    /**
     * A monitor session while user programs run (SysRq x, on SysRq's thread): the monitor's loop
     * with what is typed on the console, until {@code exit}. The programs keep running and
     * writing; they get no input until the session ends. Only where the boot thread does not
     * run the monitor itself (init runs instead).
     */
    static void session() {
        session = true;
        Print.str("monitor: user programs keep running; their input waits. 'exit' gives the console back.");
        Print.nl();
        while (session) {
            Print.str(PROMPT);
            readLine();
            if (length > 0 || overflow) {
                remember();
                execute();
            }
        }
        Print.str("monitor: the console is the programs' again");
        Print.nl();
    }

    /** {@code exit}: ends the SysRq session after this command; false when there is none. */
    static boolean leave() {
        boolean was = session;
        session = false;
        return was;
    }

    /** Whether a SysRq session has the console. */
    static boolean inSession() {
        return session;
    }

    /** Runs the command {@code name} that takes no arguments (a SysRq key's); false when there is none. */
    static boolean runCommand(String name, Args none) {
        for (int c = 0; c < COMMANDS.length; c++) {
            if (!COMMANDS[c].arguments && COMMANDS[c].name.equals(name)) {
                none.set(0, 0);
                return COMMANDS[c].run(none);
            }
        }
        return false;
    }

    /** Rubs out the line on the terminal and empties it. */
    private static void erase() {
        while (length > 0) {
            length--;
            Print.str("\b \b");
        }
        overflow = false;
    }

    /** Replaces the line with history line {@code n} (an absolute number), shown on the terminal. */
    private static void recall(int n) {
        erase();
        int slot = n % HISTORY;
        length = HISTORY_LENGTHS[slot];
        for (int i = 0; i < length; i++) {
            LINE[i] = HISTORY_LINES[slot * MAX_LINE + i];
            Print.chr(LINE[i]);
        }
    }

    /** Adds the line to the history unless it repeats the newest entry. */
    private static void remember() {
        if (overflow) {
            return;
        }
        if (historyCount > 0) {
            int last = (historyCount - 1) % HISTORY;
            if (HISTORY_LENGTHS[last] == length) {
                boolean same = true;
                for (int i = 0; i < length; i++) {
                    if (HISTORY_LINES[last * MAX_LINE + i] != LINE[i]) {
                        same = false;
                    }
                }
                if (same) {
                    return;
                }
            }
        }
        int slot = historyCount % HISTORY;
        for (int i = 0; i < length; i++) {
            HISTORY_LINES[slot * MAX_LINE + i] = LINE[i];
        }
        HISTORY_LENGTHS[slot] = length;
        historyCount++;
    }

    /**
     * Runs the line: the command the first word names, with the rest after one space as its
     * arguments. A command that takes none runs only when the line is its name alone; one that
     * takes some only when some follow; anything else, or arguments the command refuses, get
     * {@code unknown command}.
     */
    private static void execute() {
        if (overflow) {
            Print.str("line too long (at most ");
            Print.dec(MAX_LINE);
            Print.str(" characters)");
            Print.nl();
            return;
        }
        int end = 0;
        while (end < length && LINE[end] != ' ') {
            end++;
        }
        Command command = find(end, end + 1 < length);
        boolean ran = false;
        if (command != null && (command.arguments ? end + 1 < length : end == length)) {
            ARGS.set(end + 1, command.arguments ? length - end - 1 : 0);
            ran = command.run(ARGS);
        }
        if (!ran) {
            Print.str("unknown command: ");
            for (int i = 0; i < length; i++) {
                Print.chr(LINE[i]);
            }
            Print.nl();
            Print.str("type 'help' for the commands");
            Print.nl();
        }
    }

    /**
     * The command named by the first {@code n} characters of the line, or null; where a name
     * has two entries (with and without arguments, as {@code ls} and {@code ls PATH}), the one
     * that takes arguments if {@code withArguments}.
     */
    private static Command find(int n, boolean withArguments) {
        Command found = null;
        for (int c = 0; c < COMMANDS.length; c++) {
            String name = COMMANDS[c].name;
            if (name.length() == n) {
                boolean same = true;
                for (int i = 0; i < n; i++) {
                    same &= LINE[i] == name.charAt(i);
                }
                if (same && (found == null || COMMANDS[c].arguments == withArguments)) {
                    found = COMMANDS[c];
                }
            }
        }
        return found;
    }

    /** The BootInfo block (a direct-map address) the monitor was started with: for {@code e820}. */
    public static long bootInfo() {
        return bootInfo;
    }

    /** Joins the subsystems' command tables into one, in order (run at build time). */
    private static Command[] join(Command[]... tables) {
        int n = 0;
        for (Command[] t : tables) {
            n += t.length;
        }
        Command[] all = new Command[n];
        n = 0;
        for (Command[] t : tables) {
            System.arraycopy(t, 0, all, n, t.length);
            n += t.length;
        }
        return all;
    }
}
