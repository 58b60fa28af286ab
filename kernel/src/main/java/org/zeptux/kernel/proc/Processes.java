package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Exceptions;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.Export;
import org.zeptux.rt.Platform;
import org.zeptux.rt.StackEntry;

/**
 * The process table and a process's life: made ({@link #create}), loaded ({@link Exec}),
 * started on a thread of its own ({@link #start}), ended by exit_group or a fatal signal
 * ({@link #exit}: every file closed, every page of its address space returned) and reaped by
 * whoever waits for it ({@link #waitFor}, {@link #release}).
 *
 * <p>Signals, for now (rt_sigaction records handlers; delivering them comes with the processes
 * issue): a fault in user mode, Ctrl-C on the console for the foreground process, and a kill
 * from the kernel all take the default action, which for each of them ends the process.
 * {@link #exitToUser} carries it out at the process's next return to user mode, so the kernel
 * never ends a process in the middle of a system call.
 */
public final class Processes {
    private Processes() {}

    public static final int MAX = 64;
    /** Bytes of a process's name (Linux's TASK_COMM_LEN, the NUL included). */
    public static final int NAME = 16;
    /** Pages (user and page tables) a process may hold unless told otherwise: 64 MiB. */
    public static final long DEFAULT_LIMIT_PAGES = 16384;

    public static final int SIGINT = 2;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGSEGV = 11;

    static final Pool<Process> POOL = Pool.of("processes", Process.class, Owner.KERNEL_HEAP);
    /** Bytes of a process's staging buffer: a page, and at least a path of PATH_MAX. */
    public static final int IO_BYTES = 4096;
    static final Pool<byte[]> IO = Pool.ofBytes("process buffers", IO_BYTES, Owner.KERNEL_HEAP);
    static final Pool<byte[]> FPU = Pool.ofBytes("fpu states", UserMode.FPU_BUFFER, Owner.KERNEL_HEAP);
    private static final Process[] SLOTS = new Process[MAX];
    static final byte[] NAMES = new byte[MAX * NAME];
    private static final SpinLock LOCK = new SpinLock("process table");
    private static final TaskBody START = new Start();
    private static long started;
    private static long faults;

    /** Prepares user mode (hw.UserMode), the clocks and the console's Ctrl-C; prints one line. Once, at boot, after the timer and the scheduler. */
    public static void init() {
        if (Platform.simulated()) {
            return;
        }
        UserMode.init();
        Clock.init();
        Terminal.init();
        Printf.printf("user mode: SYSCALL/SYSRET, SMEP %s, SMAP %s, %d processes of at most %lu KiB each\n",
                Printf.s(UserMode.smep() ? "on" : "off (no CPU support)"),
                Printf.s(UserMode.smap() ? "on" : "off (no CPU support)"), MAX, DEFAULT_LIMIT_PAGES * 4);
    }

    /** A new process with an empty address space of {@code limitPages}; null when the table, the pool or memory is full. */
    public static Process create(long limitPages) {
        Process p = POOL.alloc();
        if (p == null) {
            return null;
        }
        p.io = IO.alloc();
        if (p.io == null) {
            POOL.free(p);
            return null;
        }
        p.fpu = FPU.alloc();
        if (p.fpu == null) {
            IO.free(p.io);
            POOL.free(p);
            return null;
        }
        p.space = AddressSpace.create(limitPages);
        if (p.space == null) {
            IO.free(p.io);
            FPU.free(p.fpu);
            POOL.free(p);
            return null;
        }
        LOCK.lock();
        int slot = 0;
        while (slot < MAX && SLOTS[slot] != null) {
            slot++;
        }
        if (slot < MAX) {
            SLOTS[slot] = p;
            p.pid = newPid();
        }
        LOCK.unlock();
        if (slot == MAX) {
            p.space.destroy();
            IO.free(p.io);
            FPU.free(p.fpu);
            POOL.free(p);
            return null;
        }
        p.slot = slot;
        return p;
    }

    /** The most process ids; after it they wrap around to {@link #PID_WRAP} (Linux's pid_max and RESERVED_PIDS). */
    public static final int PID_MAX = 32768;
    static final int PID_WRAP = 300;
    private static int lastPid;

    /**
     * A process id no live process has: the next after the last one given, wrapping from
     * PID_MAX to PID_WRAP as Linux does (the first process, init when the command line names
     * one, is 1). Under {@link #LOCK}.
     */
    private static int newPid() {
        while (true) {
            lastPid = lastPid >= PID_MAX - 1 ? PID_WRAP : lastPid + 1;
            boolean used = false;
            for (int i = 0; i < MAX && !used; i++) {
                used = SLOTS[i] != null && SLOTS[i].pid == lastPid;
            }
            if (!used) {
                return lastPid;
            }
        }
    }

    /** The live process with id {@code pid}, or null. */
    public static Process byPid(int pid) {
        Process found = null;
        LOCK.lock();
        for (int i = 0; i < MAX; i++) {
            if (SLOTS[i] != null && SLOTS[i].pid == pid) {
                found = SLOTS[i];
            }
        }
        LOCK.unlock();
        return found;
    }

    /** Names {@code p} after the last component of {@code path}[0, length) (at most NAME - 1 bytes). */
    static void setName(Process p, byte[] path, int length) {
        setName(p, path, length, true);
    }

    /** Names {@code p} {@code name}[0, length) cut to NAME - 1 bytes; after its last '/' if {@code lastComponent}. */
    static void setName(Process p, byte[] path, int length, boolean lastComponent) {
        int from = length;
        while (lastComponent && from > 0 && path[from - 1] != '/') {
            from--;
        }
        if (!lastComponent) {
            from = 0;
        }
        int n = Math.min(length - from, NAME - 1);
        for (int i = 0; i < NAME; i++) {
            NAMES[p.slot * NAME + i] = i < n ? path[from + i] : 0;
        }
        p.nameLength = n;
    }

    /** Copies {@code p}'s name, NUL-padded to NAME bytes, into {@code dst}[0, NAME). */
    static void copyName(Process p, byte[] dst) {
        for (int i = 0; i < NAME; i++) {
            dst[i] = NAMES[p.slot * NAME + i];
        }
    }

    /** Prints {@code p}'s name. */
    public static void printName(Process p) {
        for (int i = 0; i < p.nameLength; i++) {
            Print.chr(NAMES[p.slot * NAME + i] & 0xFF);
        }
    }

    /** Its thread's entry: the loaded program's address space, then user mode. */
    private static final class Start implements TaskBody {
        public long run(Task self, long arg) {
            Process p = SLOTS[(int) arg];
            p.task = self;
            Scheduler.setUser(p, p.space, p.fpu);
            UserMode.start(self.stackTop(), Exec.entryOf(p), Exec.stackOf(p));
            return 0;                           // not reached: the process ends by exit()
        }
    }

    /** Starts loaded process {@code p} on a thread of its own; false when no thread could be made (then release it). */
    public static boolean start(Process p, int ppid) {
        p.ppid = ppid;
        Task t = Scheduler.spawn("user", START, p.slot, 0, false);
        if (t == null) {
            return false;
        }
        p.task = t;
        started++;
        return true;
    }

    /** Waits until {@code p} has ended; returns its wait status (exit code << 8, or the signal). */
    public static int waitFor(Process p) {
        Scheduler.join(p.task);
        p.task = null;
        return p.waitStatus;
    }

    /** Frees what is left of {@code p} (ended, or never started): its address space if any, its slot, the object. */
    public static void release(Process p) {
        if (p.space != null) {
            p.space.destroy();
            p.space = null;
        }
        Files.closeAll(p);
        Signals.release(p);
        LOCK.lock();
        SLOTS[p.slot] = null;
        LOCK.unlock();
        IO.free(p.io);
        FPU.free(p.fpu);
        POOL.free(p);
    }

    /** The process the running thread belongs to, or null (a kernel thread). */
    public static Process current() {
        Task t = Scheduler.current();
        return t == null ? null : t.process();
    }

    /**
     * Ends the running process with wait status {@code status}: closes its files, returns its
     * address space (after moving the thread back onto the kernel's page tables) and ends its
     * thread; whoever waits for it is woken. Never returns.
     */
    public static void exit(int status) {
        Process p = current();
        Processor.sti();
        Files.closeAll(p);
        Signals.release(p);
        AddressSpace space = p.space;
        Scheduler.setUser(p, null, null);
        p.space = null;
        space.destroy();
        p.waitStatus = status;
        Terminal.processEnded(p);
        Scheduler.exit(status);
    }

    /** Marks {@code p} to die of {@code signal} at its next return to user mode; wakes it if it waits for the console. */
    public static void kill(Process p, int signal) {
        if (p.killSignal == 0) {
            p.killSignal = signal;
        }
        if (p.readingConsole) {
            Terminal.wakeReader();
        }
    }

    /**
     * boot/trap.asm and boot/user.asm call this before every return to user mode (interrupts
     * off): a process marked to die ends here instead.
     */
    @Export("zeptux_exit_to_user")
    @StackEntry(bytes = 16384 - 256, interrupts = true)
    static void exitToUser(long frame) {
        Process p = current();
        if (p != null && p.killSignal != 0) {
            exit(p.killSignal);
        }
    }

    /**
     * An exception in user mode (from the trap dispatcher, interrupts off): prints one line as
     * Linux does ({@code NAME[PID]: segfault at ADDR ip IP sp SP error N}) and marks the
     * process to die of the exception's signal. The kernel goes on.
     */
    public static void fault(long frame, int vector, long address) {
        Process p = current();
        faults++;
        int signal = signalOf(vector);
        printName(p);
        Printf.printf("[%d]: ", p.pid);
        if (vector == Exceptions.PAGE_FAULT) {
            Printf.printf("segfault at %lx ip %016lx sp %016lx error %lx", address, TrapFrame.rip(frame),
                    TrapFrame.rsp(frame), TrapFrame.error(frame));
        } else if (vector == Exceptions.GENERAL_PROTECTION) {
            Printf.printf("general protection fault ip %016lx sp %016lx error %lx", TrapFrame.rip(frame),
                    TrapFrame.rsp(frame), TrapFrame.error(frame));
        } else {
            Printf.printf("trap %s ip %016lx sp %016lx", Printf.s(Exceptions.name(vector)), TrapFrame.rip(frame),
                    TrapFrame.rsp(frame));
        }
        long rip = TrapFrame.rip(frame);
        long start = p.space.mappingStart(rip);
        if (start >= 0) {
            Print.str(" in ");
            printName(p);
            Printf.printf("[%lx+%lx]", start, p.space.mappingEnd(rip) - start);
        }
        Printf.printf(" (%s)\n", Printf.s(signalName(signal)));
        kill(p, signal);
    }

    /** The signal Linux sends for exception {@code vector} in user mode. */
    static int signalOf(int vector) {
        switch (vector) {
            case 0: return SIGFPE;              // #DE
            case 1: return SIGTRAP;             // #DB
            case 3: return SIGTRAP;             // #BP
            case 6: return SIGILL;              // #UD
            case 16: return SIGFPE;             // #MF
            case 17: return SIGBUS;             // #AC
            case 19: return SIGFPE;             // #XM
            default: return SIGSEGV;            // #PF, #GP, #SS, #NP and the rest
        }
    }

    /** Linux's name of signal {@code s}. */
    public static String signalName(int s) {
        switch (s) {
            case 1: return "SIGHUP";
            case SIGINT: return "SIGINT";
            case 3: return "SIGQUIT";
            case SIGILL: return "SIGILL";
            case SIGTRAP: return "SIGTRAP";
            case 6: return "SIGABRT";
            case SIGBUS: return "SIGBUS";
            case SIGFPE: return "SIGFPE";
            case SIGKILL: return "SIGKILL";
            case SIGSEGV: return "SIGSEGV";
            case 13: return "SIGPIPE";
            case 15: return "SIGTERM";
            default: return "signal";
        }
    }

    /** Prints the process table ({@code procs}). */
    public static void print() {
        Print.str("  PID  PPID     PAGES      PEAK     LIMIT  NAME");
        Print.nl();
        LOCK.lock();
        for (int i = 0; i < MAX; i++) {
            Process p = SLOTS[i];
            if (p != null && p.space != null) {
                Printf.printf("%5d %5d %9lu %9lu %9lu  ", p.pid, p.ppid, p.space.pages(), p.space.peakPages(),
                        p.space.limitPages());
                printName(p);
                Print.nl();
            }
        }
        LOCK.unlock();
        Printf.printf("%lu started, %lu ended by a fault\n", started, faults);
    }
}
