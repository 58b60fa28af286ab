package org.zeptux.kernel.debug;

import org.zeptux.kernel.dev.DebugExit;
import org.zeptux.kernel.hw.Backtrace;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Export;
import org.zeptux.rt.RecursionBound;

/**
 * Kernel panics: one report on the console, then the machine stops (QEMU exits with 35).
 *
 * <p>A report is {@code panic: WHAT}, {@code   at Class.method(File.java:LINE)}, the registers
 * and a backtrace of Java frames (Backtrace). WHAT is the Java exception and message for a
 * failed check ({@link #onThrow}), the message of {@link #panic}, or the CPU exception for a
 * fault (org.zeptux.kernel.arch.Exceptions, which prints every general register from the trap
 * frame too). A panic while panicking prints one line and stops at once.
 */
public final class Panic {
    private Panic() {}

    private static boolean panicking;

    /** Stops the kernel with {@code message}. */
    public static void panic(String message) {
        begin();
        Print.str(message);
        Print.nl();
        backtraceAndHalt();
    }

    /**
     * Ends a report the caller started with {@link #begin} and printed itself (one or more
     * lines): the backtrace of the caller's frames, then the machine stops. Does not return.
     */
    public static void finish() {
        backtraceAndHalt();
    }

    /**
     * The backtrace of the code that called into Panic (none on the JVM), then the machine stops.
     * Panic's own frames are left out, however its methods were inlined into each other or into
     * the caller, so the report starts at the same Java frame whatever the compiler decided.
     */
    private static void backtraceAndHalt() {
        if (Processor.frameAddress() != 0) {
            Print.str("backtrace:");
            Print.nl();
            Backtrace.printCallers(OWN_FRAMES);
        }
        halt();
    }

    /** How Panic's own frames start in a backtrace ({@code Panic.method(Panic.java:LINE)}). */
    private static final String OWN_FRAMES = "Panic.";

    /**
     * The hook zeptuxc calls for a failed Java check: the exception's class name, its constant
     * message or null, and {@code Class.method(File.java:LINE)}.
     */
    @Export("zeptux_throw")
    @RecursionBound(2)                  // a failed check in the report: begin() prints one line and stops
    static void onThrow(String exception, String message, String where) {
        begin();
        Print.str(exception);
        if (message != null) {
            Print.str(": ");
            Print.str(message);
        }
        report(where);
    }

    /**
     * The hook zeptuxc calls for a failed Java check whose message holds values known at run
     * time (an index and a length, class names): {@code format} with each {@code %s} replaced by
     * the next of {@code s1}, {@code s2} ({@code %1} and {@code %2} by that one) and each
     * {@code %d} by the next of {@code n1}, {@code n2}.
     */
    @Export("zeptux_throw_format")
    @RecursionBound(2)                  // as onThrow: a panic while panicking stops in begin()
    static void onThrowFormat(String exception, String format, String s1, String s2, long n1, long n2, String where) {
        begin();
        Print.str(exception);
        Print.str(": ");
        int strings = 0;
        int numbers = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            char next = i + 1 < format.length() ? format.charAt(i + 1) : 0;
            if (c == '%' && next == 's') {
                Print.str(strings == 0 ? s1 : s2);
                strings++;
                i++;
            } else if (c == '%' && (next == '1' || next == '2')) {
                Print.str(next == '1' ? s1 : s2);
                i++;
            } else if (c == '%' && next == 'd') {
                Print.dec(numbers == 0 ? n1 : n2);
                numbers++;
                i++;
            } else {
                Print.chr(c);
            }
        }
        report(where);
    }

    /**
     * The rest of a failed check's report after its first line: where, the registers, the frame
     * address of the hook's code, and the backtrace (the hook's caller first).
     */
    private static void report(String where) {
        Print.nl();
        Print.str("  at ");
        Print.str(where);
        Print.nl();
        controlRegisters();
        Printf.printf("  frame=%p\n", Processor.frameAddress());
        Print.str("backtrace:");
        Print.nl();
        Backtrace.printCallers(OWN_FRAMES);
        halt();
    }

    /**
     * Starts a report: interrupts off, {@code "\npanic: "}. A second panic (the report itself
     * failed) prints one line and stops.
     */
    public static void begin() {
        Processor.cli();
        if (panicking) {
            Print.str("\npanic while panicking; stopped");
            Print.nl();
            halt();
        }
        panicking = true;
        org.zeptux.kernel.lib.Console.panicking();
        Print.str("\npanic: ");
    }

    /**
     * Ends the report of a CPU exception after its first line: the Java frame of the faulting
     * instruction, every register in the trap frame at {@code frame}, the control registers and
     * the backtrace from the faulting instruction. Does not return.
     */
    public static void trapReport(long frame) {
        long rip = TrapFrame.rip(frame);
        Print.str("  at ");
        Backtrace.printWhere(rip);
        Print.nl();
        TrapFrame.print(frame);
        controlRegisters();
        Print.str("backtrace:");
        Print.nl();
        Backtrace.printInstruction(rip);
        Backtrace.print(TrapFrame.rbp(frame));
        halt();
    }

    private static void controlRegisters() {
        Printf.printf("  cr0=%lx cr2=%lx cr3=%lx cr4=%lx\n", Processor.readCr0(), Processor.readCr2(),
                Processor.readCr3(), Processor.readCr4());
    }

    private static void halt() {
        panicking = false;                      // the JVM's simulated PC boots again in the same JVM
        DebugExit.exit(DebugExit.PANIC);
        while (true) {
            Processor.cli();
            Processor.hlt();
        }
    }
}
