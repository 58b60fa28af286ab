package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.proc.Processes;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Stacks;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Log;
import org.zeptux.kernel.lib.Print;

/**
 * The 32 CPU exceptions (Intel SDM vol. 3, 6.3.1 and table 6-1): names, the decoding of their
 * error codes, and what the kernel does with them. An exception in user mode ends the process
 * (proc.Processes.fault: one line, the signal's default action); a page fault at one of the
 * user-copy instructions resumes at its fixup (hw.UserAccess). In the kernel, a breakpoint (#BP) and an NMI are logged
 * and the kernel goes on; every other exception in the kernel is a panic naming the exception,
 * its error code decoded (#PF with CR2 and the cause), the Java frame of the faulting
 * instruction, the registers and the backtrace.
 */
public final class Exceptions {
    private Exceptions() {}

    public static final int DIVIDE_ERROR = 0;
    public static final int DEBUG = 1;
    public static final int NMI = 2;
    public static final int BREAKPOINT = 3;
    public static final int INVALID_OPCODE = 6;
    public static final int DOUBLE_FAULT = 8;
    public static final int GENERAL_PROTECTION = 13;
    public static final int PAGE_FAULT = 14;
    public static final int MACHINE_CHECK = 18;

    /** #PF error code bits (SDM vol. 3, 4.7). */
    public static final int PF_PRESENT = 1;
    public static final int PF_WRITE = 1 << 1;
    public static final int PF_USER = 1 << 2;
    public static final int PF_RESERVED = 1 << 3;
    public static final int PF_FETCH = 1 << 4;
    public static final int PF_KEY = 1 << 5;
    public static final int PF_SHADOW_STACK = 1 << 6;

    /** The mnemonic of exception {@code vector}, e.g. {@code #PF}; "#??" for reserved vectors. */
    public static String mnemonic(int vector) {
        switch (vector) {
            case 0: return "#DE";
            case 1: return "#DB";
            case 2: return "NMI";
            case 3: return "#BP";
            case 4: return "#OF";
            case 5: return "#BR";
            case 6: return "#UD";
            case 7: return "#NM";
            case 8: return "#DF";
            case 9: return "#CSO";
            case 10: return "#TS";
            case 11: return "#NP";
            case 12: return "#SS";
            case 13: return "#GP";
            case 14: return "#PF";
            case 16: return "#MF";
            case 17: return "#AC";
            case 18: return "#MC";
            case 19: return "#XM";
            case 20: return "#VE";
            case 21: return "#CP";
            case 28: return "#HV";
            case 29: return "#VC";
            case 30: return "#SX";
            default: return "#??";
        }
    }

    /** The name of exception {@code vector}, e.g. {@code page fault}. */
    public static String name(int vector) {
        switch (vector) {
            case 0: return "divide error";
            case 1: return "debug";
            case 2: return "non-maskable interrupt";
            case 3: return "breakpoint";
            case 4: return "overflow";
            case 5: return "bound range exceeded";
            case 6: return "invalid opcode";
            case 7: return "device not available";
            case 8: return "double fault";
            case 9: return "coprocessor segment overrun";
            case 10: return "invalid TSS";
            case 11: return "segment not present";
            case 12: return "stack-segment fault";
            case 13: return "general protection";
            case 14: return "page fault";
            case 16: return "x87 floating-point error";
            case 17: return "alignment check";
            case 18: return "machine check";
            case 19: return "SIMD floating-point exception";
            case 20: return "virtualization exception";
            case 21: return "control protection";
            case 28: return "hypervisor injection";
            case 29: return "VMM communication";
            case 30: return "security exception";
            default: return "reserved exception";
        }
    }

    /** Whether exception {@code vector}'s error code is a segment selector (#TS #NP #SS #GP). */
    public static boolean hasSelectorError(int vector) {
        return vector == 10 || vector == 11 || vector == 12 || vector == GENERAL_PROTECTION;
    }

    /** Handles exception {@code vector} with the saved registers at {@code frame}. */
    static void handle(long frame, int vector) {
        if (TrapFrame.fromUser(frame) && vector != NMI && vector != MACHINE_CHECK && vector != DOUBLE_FAULT) {
            Processes.fault(frame, vector, vector == PAGE_FAULT ? Processor.readCr2() : 0);
            return;                             // the process dies on its way back to user mode
        }
        if (vector == PAGE_FAULT && Processes.kernelWriteFault(frame, Processor.readCr2())) {
            return;                             // a copy to a copy-on-write user page: copied, the copy goes on
        }
        if (vector == PAGE_FAULT && UserAccess.fixup(frame)) {
            return;                             // a bad user pointer in a copy: the copy fails, -EFAULT
        }
        if (vector == BREAKPOINT) {
            Log.warn("breakpoint (int3) at %p", TrapFrame.rip(frame) - 1);
            return;
        }
        if (vector == NMI) {
            Log.warn("NMI received; going on");
            return;
        }
        Panic.begin();
        Print.str(mnemonic(vector));
        Print.chr(' ');
        Print.str(name(vector));
        long error = TrapFrame.error(frame);
        if (vector == PAGE_FAULT) {
            Print.str(": ");
            printPageFault(error, Processor.readCr2());
        } else if (hasSelectorError(vector) && error != 0) {
            Print.str(": ");
            printSelectorError(error);
        } else if (vector == DOUBLE_FAULT && isStackGuard(Processor.readCr2())) {
            Print.str(": kernel stack overflow (the guard page at 0x");
            Print.hex(Paging.stackGuard(), 16);
            Print.str(" below the boot stack was hit)");
        } else if (vector == DOUBLE_FAULT && Stacks.guardOwner(Processor.readCr2()) != null) {
            Task t = Stacks.guardOwner(Processor.readCr2());
            Printf.printf(": kernel stack overflow (the guard page at 0x%lx below the stack of task %d %s was hit)",
                    Processor.readCr2() & -4096L, t.tid(), Printf.s(t.name()));
        }
        Print.nl();
        Panic.trapReport(frame);
    }

    /** Whether {@code address} lies in the unmapped guard page below the boot stack. */
    static boolean isStackGuard(long address) {
        long guard = Paging.stackGuard();
        return Long.compareUnsigned(address, guard) >= 0 && Long.compareUnsigned(address, guard + 4096) < 0;
    }

    /**
     * Prints a #PF error code and faulting address: {@code not present, write, kernel mode,
     * address 0x...} (SDM vol. 3, 4.7).
     */
    public static void printPageFault(long error, long address) {
        Print.str((error & PF_PRESENT) != 0 ? "protection violation" : "not present");
        if ((error & PF_FETCH) != 0) {
            Print.str(", instruction fetch");
        } else {
            Print.str((error & PF_WRITE) != 0 ? ", write" : ", read");
        }
        Print.str((error & PF_USER) != 0 ? ", user mode" : ", kernel mode");
        if ((error & PF_RESERVED) != 0) {
            Print.str(", reserved bit set");
        }
        if ((error & PF_KEY) != 0) {
            Print.str(", protection key");
        }
        if ((error & PF_SHADOW_STACK) != 0) {
            Print.str(", shadow stack");
        }
        Print.str(", address 0x");
        Print.hex(address, 16);
        if (isStackGuard(address)) {
            Print.str(" (the boot stack's guard page: stack overflow)");
        }
    }

    /**
     * Prints a selector error code (SDM vol. 3, 6.13): {@code GDT selector 0x28}, with
     * {@code external} if bit 0 is set; an IDT entry is named by its vector.
     */
    public static void printSelectorError(long error) {
        long index = (error >>> 3) & 0x1FFF;
        if ((error & 2) != 0) {
            Print.str("IDT vector ");
            Print.dec(index);
        } else {
            Print.str((error & 4) != 0 ? "LDT selector 0x" : "GDT selector 0x");
            Print.hex(error & 0xFFF8, 4);
        }
        if ((error & 1) != 0) {
            Print.str(", external");
        }
    }
}
