package org.zeptux.kernel.debug;

import org.zeptux.kernel.arch.Interrupts;
import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.BuddyStress;
import org.zeptux.kernel.mm.E820;
import org.zeptux.kernel.mm.MemBench;
import org.zeptux.kernel.mm.MemInfo;
import org.zeptux.kernel.mm.Memblock;
import org.zeptux.kernel.module.ModuleLoader;
import org.zeptux.kernel.module.Modules;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Port;

/**
 * The serial monitor: reads command lines from COM1 with line editing and runs them.
 *
 * <p>Editing: printable characters are inserted at the end and echoed; backspace and DEL erase
 * one, Ctrl-U the whole line, Ctrl-C abandons it; up and down arrows (ESC [ A / ESC [ B, or
 * ESC O A / B) step through the last {@link #HISTORY} lines; CR or LF runs the line. Empty
 * lines are ignored; characters past {@link #MAX_LINE} are dropped and the line is refused.
 *
 * <p>Commands are listed by {@code help}; anything else gets {@code unknown command: LINE}
 * and a hint.
 */
public final class Monitor {
    private Monitor() {}

    public static final String PROMPT = "zeptux> ";
    /** The longest command line, in characters. */
    public static final int MAX_LINE = 127;
    /** Lines kept for the arrow keys. */
    public static final int HISTORY = 16;
    /** Operations of {@code memstress}. */
    static final long STRESS_OPS = 1000000;

    static final int CTRL_C = 0x03;
    static final int CTRL_U = 0x15;
    static final int ESC = 0x1B;

    private static final byte[] LINE = new byte[MAX_LINE];
    private static int length;
    private static boolean overflow;
    private static final byte[] HISTORY_LINES = new byte[HISTORY * MAX_LINE];
    private static final int[] HISTORY_LENGTHS = new int[HISTORY];
    private static int historyCount;        // lines ever entered; the newest is historyCount - 1
    private static long bootInfo;
    /** An IDT descriptor with limit 0: loaded, every interrupt faults. */
    private static final long[] EMPTY_IDT = new long[2];

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
        int c = Uart.read();
        if (c != '[' && c != 'O') {
            return 0;
        }
        c = Uart.read();
        while (c >= '0' && c <= '9' || c == ';') {  // parameters, as in ESC [ 1 ; 5 A
            c = Uart.read();
        }
        return c;
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

    private static void execute() {
        if (overflow) {
            Print.str("line too long (at most ");
            Print.dec(MAX_LINE);
            Print.str(" characters)");
            Print.nl();
        } else if (is("help")) {
            help();
        } else if (is("uptime")) {
            Timer.printUptime();
        } else if (is("irqs")) {
            Interrupts.print();
        } else if (is("mem")) {
            MemInfo.mem();
        } else if (is("memblock")) {
            Memblock.print();
        } else if (is("buddyinfo")) {
            MemInfo.buddyinfo();
        } else if (is("extfrag")) {
            MemInfo.extfrag();
        } else if (is("membench")) {
            MemBench.run();
        } else if (is("memstress")) {
            BuddyStress.run(STRESS_OPS, Cpu.rdtsc());
        } else if (is("lsmod")) {
            Modules.list();
        } else if (startsWith("insmod ")) {
            ModuleLoader.insmod(argument(7), length - 7);
        } else if (startsWith("rmmod ")) {
            ModuleLoader.rmmod(argument(6), length - 6);
        } else if (is("devices")) {
            org.zeptux.kernel.dev.CharDevices.list();
        } else if (startsWith("devwrite ")) {
            devwrite();
        } else if (startsWith("devread ")) {
            devread();
        } else if (is("e820")) {
            E820.print(bootInfo);
        } else if (is("fault ud")) {
            Faults.invalidOpcode();
        } else if (is("fault gp")) {
            Faults.generalProtection();
        } else if (is("fault pf")) {
            Faults.pageFault();
        } else if (is("fault wx")) {
            Faults.writeToText();
        } else if (is("fault de")) {
            Faults.divideError();
        } else if (is("fault stack")) {
            Faults.stackOverflow();
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
        } else if (is("poweroff")) {
            poweroff();
        } else if (is("reboot")) {
            reboot();
        } else {
            Print.str("unknown command: ");
            for (int i = 0; i < length; i++) {
                Print.chr(LINE[i]);
            }
            Print.nl();
            Print.str("type 'help' for the commands");
            Print.nl();
        }
    }

    private static void help() {
        Print.str("help                     this list\n"
                + "uptime                   time since the timer started\n"
                + "irqs                     interrupts and exceptions per vector\n"
                + "mem                      memory: usable, free, reserved, allocated by owner\n"
                + "memblock                 the boot allocator's memory and reservations\n"
                + "buddyinfo                free blocks per order (as /proc/buddyinfo)\n"
                + "extfrag                  fragmentation index per order (as Linux's extfrag_index)\n"
                + "membench                 cycles per page alloc+free, orders 0 and 9\n"
                + "memstress                1,000,000 random allocs/frees with invariants checked\n"
                + "e820                     the BIOS memory map\n"
                + "lsmod                    the kernel modules and their state\n"
                + "insmod NAME, rmmod NAME  load a module from the image's archive / unload it\n"
                + "devices                  the character devices\n"
                + "devwrite DEV TEXT, devread DEV  write to / read from a character device\n"
                + "fault ud|gp|pf|wx|de|stack  raise a CPU exception in the kernel (a panic)\n"
                + "crash divide|bounds|null|throw|panic  fail a Java check (a panic)\n"
                + "poweroff                 stop the machine\n"
                + "reboot                   reset the machine\n");
    }

    /** {@code devwrite DEV TEXT}: TEXT to the device, through the CharDevice interface. */
    private static void devwrite() {
        int space = 9;
        while (space < length && LINE[space] != ' ') {
            space++;
        }
        org.zeptux.kernel.dev.CharDevice d = device("devwrite", 9, space - 9);
        if (d == null) {
            return;
        }
        org.zeptux.rt.Address buffer = org.zeptux.kernel.dev.CharDevices.buffer();
        int n = 0;
        for (int i = space + 1; i < length; i++) {
            buffer.store8(n, LINE[i]);
            n++;
        }
        Printf.printf("devwrite: %d bytes written\n", d.write(buffer, n));
    }

    /** The device named at column {@code from} ({@code n} characters), or null after saying there is none. */
    private static org.zeptux.kernel.dev.CharDevice device(String command, int from, int n) {
        org.zeptux.kernel.dev.CharDevice d = org.zeptux.kernel.dev.CharDevices.find(argument(from), n);
        if (d == null) {
            Print.str(command);
            Print.str(": no such device");
            Print.nl();
        }
        return d;
    }

    /** {@code devread DEV}: what the device gives, through the CharDevice interface. */
    private static void devread() {
        org.zeptux.kernel.dev.CharDevice d = device("devread", 8, length - 8);
        if (d == null) {
            return;
        }
        org.zeptux.rt.Address buffer = org.zeptux.kernel.dev.CharDevices.buffer();
        int n = d.read(buffer, org.zeptux.kernel.dev.CharDevices.BUFFER);
        Printf.printf("devread: %d bytes: ", n);
        for (int i = 0; i < n; i++) {
            Print.chr(buffer.load8(i));
        }
        Print.nl();
    }

    /** Whether the current line starts with {@code prefix} and has more after it. */
    private static boolean startsWith(String prefix) {
        if (length <= prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (LINE[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The address of the line from column {@code from} on (an argument). */
    private static org.zeptux.rt.Address argument(int from) {
        return org.zeptux.rt.Address.of(Memory.addressOf(LINE) + 16 + from);
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
        Modules.exitAll();
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

    /**
     * Resets the machine: the 8042 keyboard controller's reset line (command 0xFE, after its
     * input buffer is empty), then, if that did nothing, a triple fault (an empty IDT).
     */
    private static void reboot() {
        Modules.exitAll();
        Print.str("Rebooting");
        Print.nl();
        Cpu.cli();
        for (int i = 0; i < 100000 && (Port.in8(0x64) & 0x02) != 0; i++) {
            Cpu.pause();
        }
        Port.out8(0x64, 0xFE);
        for (int i = 0; i < 100000; i++) {
            Port.in8(0x80);                 // about 100 ms for the reset to happen
        }
        Cpu.lidt(Memory.addressOf(EMPTY_IDT) + 16);
        Cpu.int3();                         // no IDT: #GP, #DF, then the shutdown that resets
        while (true) {
            Cpu.hlt();
        }
    }
}
