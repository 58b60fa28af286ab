package org.zeptux.kernel.debug;

import org.zeptux.kernel.hw.Faults;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.proc.Reboot;

/**
 * The monitor's own commands: {@code help} (generated from the command table), the provoked
 * failures {@code fault} and {@code crash}, {@code poweroff} and {@code reboot}, and
 * {@code exit}, which ends a monitor session SysRq x started (debug.SysRq).
 */
final class DebugCommands extends Command {
    private static final int SHOW_HELP = 0;
    private static final int FAULT = 1;
    private static final int CRASH = 2;
    private static final int POWEROFF = 3;
    private static final int REBOOT = 4;
    private static final int EXIT = 5;

    /** {@code help}, first in the table. */
    static final Command HELP = new DebugCommands(SHOW_HELP, "help", false, "help", "this list");
    /** The rest, last in the table. */
    static final Command[] ALL = {
        new DebugCommands(FAULT, "fault", true, "fault ud|gp|pf|wx|de|stack|taskstack",
                "raise a CPU exception in the kernel (a panic)"),
        new DebugCommands(CRASH, "crash", true, "crash divide|bounds|null|throw|panic|uaf|doublefree", "fail a Java check (a panic)"),
        new DebugCommands(POWEROFF, "poweroff", false, "poweroff", "stop the machine"),
        new DebugCommands(REBOOT, "reboot", false, "reboot", "reset the machine"),
        new DebugCommands(EXIT, "exit", false, "exit", "leave a SysRq monitor session: the console goes back to the programs"),
    };

    /** The width of the usage column in {@code help}; a longer usage is followed by two spaces. */
    static final int USAGE_WIDTH = 25;

    private final int which;

    private DebugCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        switch (which) {
            case SHOW_HELP:
                help();
                return true;
            case FAULT:
                return fault(args);
            case CRASH:
                return crash(args);
            case POWEROFF:
                poweroff();
                return true;
            case EXIT:
                if (!Monitor.leave()) {
                    Print.str("exit: not in a SysRq session (the monitor is the console's program: poweroff or reboot end it)");
                    Print.nl();
                }
                return true;
            default:
                reboot();
                return true;
        }
    }

    /** A line per command of the table, in its order: usage, padded to USAGE_WIDTH, and description. */
    private static void help() {
        Command[] commands = Monitor.COMMANDS;
        for (int i = 0; i < commands.length; i++) {
            Command c = commands[i];
            if (c.usage == null) {
                continue;
            }
            Print.str(c.usage);
            int n = c.usage.length();
            do {
                Print.chr(' ');
                n++;
            } while (n < USAGE_WIDTH || n < c.usage.length() + 2);
            Print.str(c.description);
            Print.nl();
        }
    }

    private static boolean fault(Args args) {
        if (args.is("ud")) {
            Faults.invalidOpcode();
        } else if (args.is("gp")) {
            Faults.generalProtection();
        } else if (args.is("pf")) {
            Faults.pageFault();
        } else if (args.is("wx")) {
            Faults.writeToText();
        } else if (args.is("de")) {
            Faults.divideError();
        } else if (args.is("stack")) {
            Faults.stackOverflow();
        } else if (args.is("taskstack")) {
            Faults.taskStackOverflow();
        } else {
            return false;
        }
        return true;
    }

    private static boolean crash(Args args) {
        if (args.is("divide")) {
            Crash.divide();
        } else if (args.is("bounds")) {
            Crash.bounds();
        } else if (args.is("null")) {
            Crash.nullString();
        } else if (args.is("throw")) {
            Crash.thrown();
        } else if (args.is("panic")) {
            Panic.panic("crash test");
        } else if (args.is("uaf")) {
            Crash.useAfterFree();
        } else if (args.is("doublefree")) {
            Crash.doubleFree();
        } else {
            return false;
        }
        return true;
    }

    private static void poweroff() {
        Reboot.powerOff("Powering off");
    }

    /** Resets the machine (proc.Reboot: the 8042's reset line, then a triple fault). */
    private static void reboot() {
        Reboot.restart("Rebooting");
    }
}
