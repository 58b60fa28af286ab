package org.zeptux.kernel;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.lib.Backtrace;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;

/**
 * Kernel panics: one report on the console, then the machine stops (QEMU exits with 35).
 *
 * <p>A report is {@code panic: EXCEPTION: MESSAGE}, {@code   at Class.method(File.java:LINE)},
 * the control registers and the frame address, and a backtrace of Java frames (Backtrace).
 *
 * <p>Compiled code calls {@link #onThrow} when a Java check fails (null, bounds, division by
 * zero); kernel code calls {@link #panic} when it cannot go on. Neither returns.
 */
public final class Panic {
    private Panic() {}

    /** Stops the kernel with {@code message}. */
    public static void panic(String message) {
        Print.str("\npanic: ");
        Print.str(message);
        Print.nl();
        long frame = Cpu.frameAddress();
        if (frame != 0) {
            Print.str("backtrace:");
            Print.nl();
            Backtrace.print(frame);
        }
        halt();
    }

    /**
     * The hook zeptuxc calls for a failed Java check: the exception's class name, its constant
     * message or null, and {@code Class.method(File.java:LINE)}.
     */
    @Export("zeptux_throw")
    static void onThrow(String exception, String message, String where) {
        Print.str("\npanic: ");
        Print.str(exception);
        if (message != null) {
            Print.str(": ");
            Print.str(message);
        }
        Print.nl();
        Print.str("  at ");
        Print.str(where);
        Print.nl();
        long frame = Cpu.frameAddress();
        Printf.printf("  cr0=%lx cr2=%lx cr3=%lx cr4=%lx\n", Cpu.readCr0(), Cpu.readCr2(), Cpu.readCr3(), Cpu.readCr4());
        Printf.printf("  frame=%p\n", frame);
        Print.str("backtrace:");
        Print.nl();
        Backtrace.print(frame);
        halt();
    }

    private static void halt() {
        DebugExit.exit(DebugExit.PANIC);
        while (true) {
            Cpu.cli();
            Cpu.hlt();
        }
    }
}
