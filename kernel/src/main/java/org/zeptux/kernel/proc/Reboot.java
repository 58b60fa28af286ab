package org.zeptux.kernel.proc;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.Reset;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.module.Modules;
import org.zeptux.rt.UserPtr;

/**
 * The machine's end — power off, restart, halt — for reboot(2), the monitor's {@code poweroff}
 * and {@code reboot}, and the SysRq keys; and reboot(2) itself, as Linux's (kernel/reboot.c):
 * both magic numbers must match, else -EINVAL; {@code LINUX_REBOOT_CMD_POWER_OFF},
 * {@code _RESTART}, {@code _RESTART2} (its argument string is read, then ignored) and
 * {@code _HALT} do not return; {@code _CAD_ON} and {@code _CAD_OFF} set what Ctrl-Alt-Del does
 * (recorded: a serial console has no such key) and return 0; anything else, suspend and kexec
 * included, is -EINVAL. Linux asks for CAP_SYS_BOOT; every Zeptux process is root and has it.
 *
 * <p>Each end first stops the kernel modules (their exit functions, newest first), then says
 * so in Linux's words ({@code reboot: Power down}, {@code reboot: Restarting system},
 * {@code reboot: System halted}); power off is QEMU's isa-debug-exit (status 33), since ACPI
 * S5 needs an AML interpreter Zeptux does not have, and elsewhere a halt.
 */
public final class Reboot {
    private Reboot() {}

    public static final int MAGIC1 = 0xFEE1DEAD;
    public static final int MAGIC2 = 672274793;
    public static final int MAGIC2A = 85072278;
    public static final int MAGIC2B = 369367448;
    public static final int MAGIC2C = 537993216;
    public static final int CMD_RESTART = 0x01234567;
    public static final int CMD_HALT = 0xCDEF0123;
    public static final int CMD_CAD_ON = 0x89ABCDEF;
    public static final int CMD_CAD_OFF = 0x00000000;
    public static final int CMD_POWER_OFF = 0x4321FEDC;
    public static final int CMD_RESTART2 = 0xA1B2C3D4;

    /** Whether Ctrl-Alt-Del restarts at once (CAD_ON, Linux's default) or signals init (CAD_OFF). */
    private static boolean ctrlAltDelRestarts = true;

    /** reboot(magic1, magic2, cmd, arg). */
    static long reboot(Process p, long magic1, long magic2, long cmd, UserPtr arg) {
        int m2 = (int) magic2;
        if ((int) magic1 != MAGIC1 || m2 != MAGIC2 && m2 != MAGIC2A && m2 != MAGIC2B && m2 != MAGIC2C) {
            return -Errno.EINVAL;
        }
        switch ((int) cmd) {
            case CMD_CAD_ON:
                ctrlAltDelRestarts = true;
                return 0;
            case CMD_CAD_OFF:
                ctrlAltDelRestarts = false;
                return 0;
            case CMD_POWER_OFF:
                powerOff("reboot: Power down");
                return 0;
            case CMD_RESTART:
                restart("reboot: Restarting system");
                return 0;
            case CMD_RESTART2:
                if (UserAccess.string(p.io, arg) < 0) {
                    return -Errno.EFAULT;
                }
                restart("reboot: Restarting system");
                return 0;
            case CMD_HALT:
                halt("reboot: System halted");
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }

    /** What Ctrl-Alt-Del does: true, restart at once; false, SIGINT to init (reboot(CAD_OFF)). */
    public static boolean ctrlAltDelRestarts() {
        return ctrlAltDelRestarts;
    }

    /** Stops the modules, prints {@code line}, powers the machine off (QEMU exits with 33); else halts. */
    public static void powerOff(String line) {
        Modules.exitAll();
        Print.str(line);
        Print.nl();
        DebugExit.exit(DebugExit.POWEROFF);
        // Not QEMU: ACPI S5 needs the AML interpreter, which Zeptux does not have yet.
        Print.str("ACPI power-off is not implemented yet; halted. You can turn the machine off now.");
        Print.nl();
        Processor.haltForever();
    }

    /** Stops the modules, prints {@code line} and resets the machine (hw.Reset). */
    public static void restart(String line) {
        Modules.exitAll();
        Print.str(line);
        Print.nl();
        Reset.machine();
    }

    /** Stops the modules, prints {@code line} and halts the processor for good. */
    public static void halt(String line) {
        Modules.exitAll();
        Print.str(line);
        Print.nl();
        Processor.haltForever();
    }
}
