package org.zeptux.kernel;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Cpu;

/**
 * The serial console: reads command lines by polling COM1 and runs them.
 *
 * <p>Input is echoed; backspace and DEL erase, CR or LF ends a line, empty lines are ignored,
 * and characters past {@link #MAX_LINE} are dropped (the line is then refused as too long).
 * Commands: {@code poweroff}; {@code crash divide|bounds|null|throw|panic} makes a Java check fail
 * (to test panics). Anything else gets {@code unknown command: LINE}.
 */
public final class Console {
    private Console() {}

    public static final String PROMPT = "zeptux> ";
    /** The longest command line, in characters. */
    public static final int MAX_LINE = 127;

    private static final byte[] LINE = new byte[MAX_LINE];
    private static int length;
    private static boolean overflow;

    /** Reads and runs commands until one stops the machine. Returns only if there is no UART. */
    public static void run() {
        while (true) {
            Print.str(PROMPT);
            if (!readLine()) {
                return;
            }
            if (length > 0 || overflow) {
                execute();
            }
        }
    }

    /** Reads one line into LINE; false if there is no UART to read from. */
    static boolean readLine() {
        length = 0;
        overflow = false;
        while (true) {
            int c = Uart.read();
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

    private static void execute() {
        if (overflow) {
            Print.str("line too long (at most ");
            Print.dec(MAX_LINE);
            Print.str(" characters)");
            Print.nl();
        } else if (is("poweroff")) {
            poweroff();
        } else if (is("crash divide")) {
            Crash.divide();
        } else if (is("crash bounds")) {
            Crash.bounds();
        } else if (is("crash null")) {
            Crash.nullString();
        } else if (is("crash throw")) {
            Crash.thrown();
        } else if (is("crash panic")) {
            Panic.panic("crash test");
        } else {
            Print.str("unknown command: ");
            for (int i = 0; i < length; i++) {
                Print.chr(LINE[i]);
            }
            Print.nl();
            Print.str("commands: poweroff, crash divide|bounds|null|throw|panic");
            Print.nl();
        }
    }

    /** Whether the current line is exactly {@code command}. */
    private static boolean is(String command) {
        if (command.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (LINE[i] != command.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void poweroff() {
        Print.str("Powering off");
        Print.nl();
        DebugExit.exit(DebugExit.POWEROFF);
        // Not QEMU: ACPI S5 needs the AML interpreter, which Zeptux does not have yet.
        Print.str("ACPI power-off is not implemented yet; halted. You can turn the machine off now.");
        Print.nl();
        while (true) {
            Cpu.cli();
            Cpu.hlt();
        }
    }
}
