package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Exceptions;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.smp.Smp;
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
 * whoever waits for it ({@link #waitFor}, {@link #release}). The table holds threads too (a
 * thread group's other threads: {@link Process}); a thread ends by exit ({@link #exitThread}),
 * the last of a group ending the process, and execve in a group ends the others
 * ({@link #deThread}).
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
        Poll.init();                            // console input wakes poll(2)
        Printf.printf("user mode: SYSCALL/SYSRET, SMEP %s, SMAP %s, %d processes of at most %lu KiB each\n",
                Printf.s(UserMode.smep() ? "on" : "off (no CPU support)"),
                Printf.s(UserMode.smap() ? "on" : "off (no CPU support)"), MAX, DEFAULT_LIMIT_PAGES * 4);
    }

    /** A new process with an empty address space of {@code limitPages}; null when the table, the pool or memory is full. */
    public static Process create(long limitPages) {
        Process p = createEmpty();
        if (p == null) {
            return null;
        }
        p.space = AddressSpace.create(limitPages);
        if (p.space == null) {
            release(p);
            return null;
        }
        return p;
    }

    /**
     * A new process with a pid, a slot, its staging and FPU buffers, no address space (fork
     * gives it its parent's copy), in a session and group of its own; null when the table, the
     * pool or memory is full.
     */
    static Process createEmpty() {
        Process p = POOL.alloc();
        if (p == null) {
            return null;
        }
        p.io = IO.alloc();
        p.fpu = FPU.alloc();
        p.sigInfo = Signals.INFOS.alloc();
        LOCK.lock();
        int slot = 0;
        while (slot < MAX && SLOTS[slot] != null) {
            slot++;
        }
        if (slot < MAX && p.io != null && p.fpu != null && p.sigInfo != null) {
            SLOTS[slot] = p;
            p.pid = newPid();
            p.slot = slot;
        } else {
            slot = MAX;
        }
        LOCK.unlock();
        if (slot == MAX) {
            if (p.io != null) {
                IO.free(p.io);
            }
            if (p.fpu != null) {
                FPU.free(p.fpu);
            }
            if (p.sigInfo != null) {
                Signals.INFOS.free(p.sigInfo);
            }
            POOL.free(p);
            return null;
        }
        p.pgid = p.pid;
        p.sid = p.pid;
        p.group = p;
        p.threads = 1;
        return p;
    }

    /** The process in table slot {@code slot}. */
    static Process slot(int slot) {
        return SLOTS[slot];
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

    /** The live process or thread with id {@code pid}, or null. */
    public static Process byPid(int pid) {
        LOCK.lock();
        Process found = byPidLocked(pid);
        LOCK.unlock();
        return found;
    }

    /** {@link #byPid} under the table's lock ({@link #lockTree}). */
    static Process byPidLocked(int pid) {
        Process found = null;
        for (int i = 0; i < MAX; i++) {
            if (SLOTS[i] != null && SLOTS[i].pid == pid) {
                found = SLOTS[i];
            }
        }
        return found;
    }

    /** The process (thread group) of the live thread or process with id {@code pid}, or null. */
    public static Process byTgid(int pid) {
        Process t = byPid(pid);
        return t == null ? null : t.group;
    }

    /** Names {@code p} after the last component of {@code path}[0, length) (at most NAME - 1 bytes). */
    static void setName(Process p, byte[] path, int length) {
        setName(p, path, length, true);
    }

    /** Names {@code p} after the last component of {@code path}[at, at + length). */
    static void setName(Process p, byte[] path, int at, int length) {
        int from = at + length;
        while (from > at && path[from - 1] != '/') {
            from--;
        }
        int n = Math.min(at + length - from, NAME - 1);
        for (int i = 0; i < NAME; i++) {
            NAMES[p.slot * NAME + i] = i < n ? path[from + i] : 0;
        }
        p.nameLength = n;
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

    /** Gives {@code child} {@code parent}'s name (fork). */
    static void copyName(Process parent, Process child) {
        for (int i = 0; i < NAME; i++) {
            NAMES[child.slot * NAME + i] = NAMES[parent.slot * NAME + i];
        }
        child.nameLength = parent.nameLength;
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

    /**
     * Starts loaded process {@code p} on a thread of its own, with no parent: the kernel waits
     * for it ({@link #waitFor}); false when no thread could be made (then release it).
     */
    public static boolean start(Process p, int ppid) {
        p.ppid = ppid;
        p.kernelWaits = true;
        Task t = Scheduler.createOn("user", START, p.slot, 0, false, cpusOf(p));   // any CPU: placed by the scheduler
        if (t == null) {
            return false;
        }
        p.task = t;                                 // before it runs: it may end before spawnOn would return
        started++;
        Scheduler.start(t);
        return true;
    }

    /** Starts forked {@code child} on a thread of its own running {@code body}; false when no thread could be made. */
    static boolean startForked(Process child, TaskBody body) {
        Task t = Scheduler.createOn("user", body, child.slot, 0, false, cpusOf(child));
        if (t == null) {
            return false;
        }
        child.task = t;                             // before it runs: a thread may end, and its object be freed, at once
        started++;
        Scheduler.start(t);
        return true;
    }

    // ---- CPUs ----

    /**
     * The CPUs thread {@code t} may run on: those of its mask ({@code Process.cpus}) that are
     * online, else every CPU online. Threads of one process spread over them as any tasks do: its
     * address space and descriptor row have locks of their own (docs/smp.md).
     */
    static long cpusOf(Process t) {
        long online = Smp.taskCpus();
        long m = t.cpus & online;
        return m != 0 ? m : online;
    }

    /**
     * sched_setaffinity of thread {@code t} (found by the caller {@code self}'s search): its mask
     * becomes {@code wanted} (CPUs online, at least one) and the scheduler moves it if it must.
     */
    static void setCpus(Process self, Process t, long wanted) {
        if (t == self) {
            t.cpus = wanted;
            Scheduler.setAffinity(Scheduler.current(), cpusOf(t));
            return;
        }
        LOCK.lock();                                // t cannot be reaped meanwhile
        if (SLOTS[t.slot] == t) {
            t.cpus = wanted;
            if (t.task != null) {
                Scheduler.setAffinity(t.task, cpusOf(t));
            }
        }
        LOCK.unlock();
    }

    // ---- the tree: parent, children (Family) ----

    static void lockTree() {
        LOCK.lock();
    }

    static void unlockTree() {
        LOCK.unlock();
    }

    /** Makes {@code child} a child of {@code parent}. */
    static void link(Process parent, Process child) {
        LOCK.lock();
        linkLocked(parent, child);
        LOCK.unlock();
    }

    private static void linkLocked(Process parent, Process child) {
        child.parent = parent;
        child.nextSibling = parent.firstChild;
        parent.firstChild = child;
    }

    /** Takes {@code child} out of its parent's children. */
    static void unlink(Process child) {
        LOCK.lock();
        unlinkLocked(child);
        LOCK.unlock();
    }

    static void unlinkLocked(Process child) {
        Process parent = child.parent;
        if (parent == null) {
            return;
        }
        if (parent.firstChild == child) {
            parent.firstChild = child.nextSibling;
        } else {
            Process c = parent.firstChild;
            while (c != null && c.nextSibling != child) {
                c = c.nextSibling;
            }
            if (c != null) {
                c.nextSibling = child.nextSibling;
            }
        }
        child.parent = null;
        child.nextSibling = null;
    }

    /**
     * Waits until {@code p} has ended — every thread of it — and returns its wait status (exit
     * code << 8, or the signal).
     */
    public static int waitFor(Process p) {
        while (true) {
            int ticket = Family.CHILDREN.ticket();
            if (p.zombie) {                         // set under the table's lock, then CHILDREN signalled
                break;
            }
            Family.CHILDREN.await(ticket);
        }
        Scheduler.join(takeTask(p));
        return p.waitStatus;
    }

    /** Frees what is left of {@code p} (ended, or never started): its address space if any, its slot, the object. */
    public static void release(Process p) {
        if (p.space != null) {
            dropSpace(p.space);
            p.space = null;
        }
        Files.closeAll(p);
        Signals.release(p);
        unlink(p);
        unpublish(p);
    }

    /**
     * Takes {@code p} out of the table; its buffers and the object go now, or at the last
     * {@link #put} of a lookup that holds it (a kill on another CPU between its lookup and its post).
     */
    private static void unpublish(Process p) {
        LOCK.lock();
        SLOTS[p.slot] = null;
        p.released = true;
        boolean free = p.refs == 0;
        LOCK.unlock();
        if (free) {
            freeObject(p);
        }
    }

    private static void freeObject(Process p) {
        IO.free(p.io);
        FPU.free(p.fpu);
        Signals.INFOS.free(p.sigInfo);
        POOL.free(p);
    }

    /**
     * The live thread or process with id {@code pid} (a process's id names its leader), held: it
     * stays a valid object until {@link #put}, though it may end and be reaped meanwhile
     * ({@link Process#released}, {@link Process#zombie}: what acts on it checks those under the
     * table's lock). A thread's process (its {@code group}) is held with it. Null when there is none.
     */
    static Process hold(int pid) {
        LOCK.lock();
        Process t = byPidLocked(pid);
        if (t != null) {
            t.refs++;
            if (t.group != t) {
                t.group.refs++;
            }
        }
        LOCK.unlock();
        return t;
    }

    /** As {@link #hold}, the process (its group's leader) of the thread or process with id {@code pid}. */
    static Process holdGroup(int pid) {
        LOCK.lock();
        Process t = byPidLocked(pid);
        Process g = t == null ? null : t.group;
        if (g != null) {
            g.refs++;
        }
        LOCK.unlock();
        return g;
    }

    /**
     * Takes {@code p}'s task off it under the table's lock (before it is joined and freed), so
     * {@link #taskStat} never reads a freed task.
     */
    static Task takeTask(Process p) {
        LOCK.lock();
        Task t = p.task;
        p.task = null;
        LOCK.unlock();
        return t;
    }

    static final int TASK_STATE = 0;
    static final int TASK_CYCLES = 1;
    static final int TASK_SWITCHES = 2;

    /**
     * What /proc says of {@code p}'s thread, read under the table's lock (its task is freed only
     * after it is taken off the process or the process is out of the table, both under the lock):
     * TASK_STATE 'R', 'S' or 'Z' (ended, or no thread); TASK_CYCLES its CPU time in TSC cycles;
     * TASK_SWITCHES its context switches.
     */
    static long taskStat(Process p, int what) {
        LOCK.lock();
        Task task = p.released ? null : p.task;
        long r;
        if (what == TASK_STATE) {
            r = p.zombie || task == null || p.space == null || task.state() == Task.DEAD ? 'Z'
                    : task.state() == Task.SLEEPING ? 'S' : 'R';
        } else if (task == null) {
            r = 0;
        } else {
            r = what == TASK_CYCLES ? task.cpuCycles() : task.switches();
        }
        LOCK.unlock();
        return r;
    }

    /** The process in table slot {@code slot} if it leads its group, held (for a loop over the table), or null. */
    static Process holdSlot(int slot) {
        LOCK.lock();
        Process q = SLOTS[slot];
        if (q != null && q.group == q) {
            q.refs++;
        } else {
            q = null;
        }
        LOCK.unlock();
        return q;
    }

    /** Gives back a {@link #hold}; the last one frees a process reaped meanwhile. Null is nothing. */
    static void put(Process p) {
        if (p == null) {
            return;
        }
        Process g = p.group != p ? p.group : null;
        LOCK.lock();
        p.refs--;
        boolean free = p.refs == 0 && p.released;
        boolean freeGroup = false;
        if (g != null) {
            g.refs--;
            freeGroup = g.refs == 0 && g.released;
        }
        LOCK.unlock();
        if (free) {
            freeObject(p);
        }
        if (freeGroup) {
            freeObject(g);
        }
    }

    /**
     * Frees a thread that is not its group's leader once it has ended, or was never started:
     * its slot and buffers; the group's address space, files and actions stay the leader's.
     */
    static void releaseThread(Process t) {
        t.space = null;
        unpublish(t);
    }

    /** Adds thread {@code t} to {@code group}'s list (before it runs). */
    static void addThread(Process group, Process t) {
        LOCK.lock();
        t.group = group;
        t.nextThread = group.nextThread;
        group.nextThread = t;
        group.threads++;
        if (group.groupExit || group.execer != null) {
            // The group began to end (exit_group, a fatal signal, an execve) after the clone looked:
            // its threads were marked before this one was in the list, so it is marked here, under the
            // same lock (Linux's copy_process checks SIGNAL_GROUP_EXIT under siglock). It ends as it
            // starts, before user mode (Family's Forked), and never runs the caller's code.
            t.killSignal = SIGKILL;
        }
        LOCK.unlock();
    }

    /** Takes thread {@code t}, never started, out of its group's list again. */
    static void removeThread(Process t) {
        LOCK.lock();
        removeThreadLocked(t);
        t.group.threads--;
        LOCK.unlock();
    }

    /** Takes thread {@code t} (not a leader) out of its group's list; under LOCK. */
    private static void removeThreadLocked(Process t) {
        Process before = t.group;
        while (before != null && before.nextThread != t) {
            before = before.nextThread;
        }
        if (before != null) {
            before.nextThread = t.nextThread;
        }
        t.nextThread = null;
    }

    /** The threads of {@code p}'s group still running, the leader's included while it runs (/proc's Threads:). */
    static int threadCount(Process p) {
        return p.group.threads;
    }

    /**
     * The thread of {@code g}'s group to take a process-directed signal {@code sig}: the first
     * running one that does not block it, else the leader (or, when the leader's thread has
     * ended, another thread), as Linux's complete_signal picks. Under the table's lock
     * ({@link #lockTree}), which keeps the thread from ending until the signal is posted.
     */
    static Process pickThreadLocked(Process g, int sig) {
        long bit = 1L << (sig - 1);
        Process found = null;
        Process any = null;
        for (Process t = g; t != null && found == null; t = t.nextThread) {
            if (t == g && g.threadDone) {
                continue;
            }
            if (any == null) {
                any = t;
            }
            if ((t.signalMask & bit) == 0 || (t.sigwaitMask & bit) != 0) {
                found = t;                          // it does not block it, or waits for it (rt_sigtimedwait)
            }
        }
        return found != null ? found : any != null ? any : g;
    }

    /**
     * Ends every thread of {@code g}'s group but {@code self} (exit_group, a fatal signal, an
     * execve): each is marked to die at its next return to user mode and woken where it sleeps.
     */
    static void killOtherThreads(Process g, Process self) {
        LOCK.lock();
        for (Process t = g; t != null; t = t.nextThread) {
            if (t != self && !(t == g && g.threadDone)) {
                t.killSignal = SIGKILL;
                Signals.wake(t);
            }
        }
        LOCK.unlock();
    }

    /** Drops signals {@code bits} pending for any thread of {@code g}'s group. */
    static void dropPending(Process g, long bits) {
        LOCK.lock();
        g.sharedPending &= ~bits;
        for (Process t = g; t != null; t = t.nextThread) {
            t.pendingSignals &= ~bits;
        }
        LOCK.unlock();
    }

    /**
     * execve in thread {@code p} of a group with other threads (Linux's de_thread): every other
     * thread is killed and waited for; a thread that is not the leader then takes the leader's
     * place — the leader's object (the process: its pid, the tgid, its files, its place in the
     * tree) now runs on this thread, and the thread's own object and id are gone. Returns the
     * object that runs the calling thread afterwards.
     */
    static Process deThread(Process p) {
        Process g = p.group;
        if (g.threads == 1 && p == g) {
            return p;
        }
        LOCK.lock();
        g.execer = p;
        LOCK.unlock();
        killOtherThreads(g, p);
        while (true) {
            int ticket = Family.CHILDREN.ticket();
            if (g.threads <= 1) {                   // changed under the table's lock, then CHILDREN signalled
                break;
            }
            Family.CHILDREN.await(ticket);          // each thread's end signals it
        }
        if (p != g) {
            Scheduler.join(takeTask(g));            // the leader's thread has ended
            LOCK.lock();
            g.task = p.task;
            LOCK.unlock();
            g.signalMask = p.signalMask;
            g.pendingSignals = p.pendingSignals;
            byte[] info = g.sigInfo;
            g.sigInfo = p.sigInfo;
            p.sigInfo = info;
            g.killSignal = p.killSignal;
            g.savedMask = p.savedMask;
            g.restoreSavedMask = p.restoreSavedMask;
            g.syscallNumber = p.syscallNumber;
            g.entry = p.entry;
            g.stackPointer = p.stackPointer;
            g.argStart = p.argStart;
            g.argEnd = p.argEnd;
            copyName(p, g);
            LOCK.lock();
            removeThreadLocked(p);
            g.threadDone = false;
            LOCK.unlock();
            Scheduler.setUser(g, g.space, g.fpu);   // this thread is the leader's now
            releaseThread(p);
        }
        g.clearChildTid = 0;
        g.robustList = 0;
        LOCK.lock();
        g.execer = null;
        LOCK.unlock();
        return g;
    }

    /**
     * A process lets go of {@code space} (exit, execve, release): it is destroyed unless another
     * process shares it (clone with CLONE_VM, as vfork and posix_spawn make). It must not be the
     * running one.
     */
    static void dropSpace(AddressSpace space) {
        LOCK.lock();
        boolean last = space.unshare();
        LOCK.unlock();
        if (last) {
            space.destroy();
        }
    }

    /**
     * {@code p}'s address space with a reference of its own (a share), or null: /proc reads
     * another process's memory with it, so an exit or execve on another CPU meanwhile cannot
     * destroy it under the read (the last of exit's and the reader's {@link #dropSpace} does).
     */
    static AddressSpace holdSpace(Process p) {
        LOCK.lock();
        AddressSpace space = p.space;
        if (space != null) {
            space.share();
        }
        LOCK.unlock();
        return space;
    }

    /** Process {@code child} shares {@code space} with its parent (clone with CLONE_VM). */
    static void shareSpace(Process child, AddressSpace space) {
        LOCK.lock();
        space.share();
        LOCK.unlock();
        child.space = space;
    }

    /** Sends a reschedule IPI to every thread of {@code g}'s group running on another CPU (a stop). */
    static void kickThreads(Process g) {
        LOCK.lock();
        for (Process t = g; t != null; t = t.nextThread) {
            Scheduler.kick(t.task);
        }
        LOCK.unlock();
    }

    /** Wakes every thread of {@code g}'s group where it sleeps (SIGCONT). */
    static void wakeThreads(Process g) {
        LOCK.lock();
        for (Process t = g; t != null; t = t.nextThread) {
            Signals.wake(t);
        }
        LOCK.unlock();
    }

    /** The process the running thread belongs to, or null (a kernel thread). */
    public static Process current() {
        Task t = Scheduler.current();
        return t == null ? null : t.process();
    }

    /**
     * The process of the thread whose system call or trap saved {@code frame} on its kernel
     * stack: found from the frame's address, so a migration cannot change it (the system-call
     * path, with interrupts on, without saving the flags).
     */
    static Process ofFrame(long frame) {
        Task t = Scheduler.ofStack(frame);
        if (t == null) {
            t = Scheduler.current();
        }
        return t == null ? null : t.process();
    }

    /**
     * Ends the running process with wait status {@code status} (exit_group(2), a fatal signal):
     * every other thread of it is killed, then this one ends ({@link #exitThread}); the last to
     * end ends the process. Within an execve of another thread of the group (de_thread), only
     * this thread ends. Never returns.
     */
    public static void exit(int status) {
        Process p = current();
        Process g = p.group;
        boolean alone;
        LOCK.lock();
        alone = g.execer != null && g.execer != p;
        if (!alone && !g.groupExit) {
            g.groupExit = true;
            g.groupStatus = status;
        }
        LOCK.unlock();
        if (!alone) {
            killOtherThreads(g, p);
        }
        exitThread(status);
    }

    /**
     * Ends the running thread (exit(2)): its clear_child_tid word is set to 0 and a futex waiter
     * on it woken (pthread_join), its robust futexes released; the last thread of a group to end
     * ends the process ({@link #exitProcess}). A thread that is not the leader frees itself; a
     * leader's object stays as the process until it is reaped. Never returns.
     */
    public static void exitThread(int status) {
        Process p = current();
        Process g = p.group;
        Processor.sti();
        Futex.exitThread(p);
        // Off the group's address space, and its charge given back, while this thread still
        // counts: once it is uncounted, the last thread out (exitProcess, preempting it here or on
        // another CPU) or an execve waiting for this one (deThread) frees the space, and a switch
        // back to this task would load the freed page tables.
        Scheduler.setUser(p, null, null);
        if (p != g) {
            g.space.unchargeKernel(Family.THREAD_PAGES);
        }
        LOCK.lock();
        g.threads--;
        boolean last = g.threads == 0;
        if (p != g) {
            removeThreadLocked(p);
        } else {
            g.threadDone = true;
        }
        int code = g.groupExit ? g.groupStatus : status;
        LOCK.unlock();
        Family.CHILDREN.signal();                   // an execve waiting for the others to end
        if (last) {
            exitProcess(p, g, code);                // returns only for a thread that is not the leader
        }
        if (p != g) {
            Scheduler.detachSelf();
            releaseThread(p);
        }
        Scheduler.exit(code);
    }

    /**
     * The last thread {@code self} of process {@code p} ended: closes its files, returns its
     * address space (after moving the thread back onto the kernel's page tables), gives its
     * children to init (pid 1; with no init they reap themselves), becomes a zombie its parent
     * is told of (SIGCHLD) and reaps with wait4. A process with no parent that the kernel does
     * not wait for reaps itself (its leader's ended task with it).
     */
    private static void exitProcess(Process self, Process p, int status) {
        Files.closeAll(p);
        Signals.release(p);
        AddressSpace space = p.space;
        Scheduler.setUser(self, null, null);
        p.space = null;
        dropSpace(space);
        p.waitStatus = status;
        Terminal.processEnded(p);
        Family.releaseVfork(p);
        Process orphans = null;                     // zombie children no one will reap: we do
        LOCK.lock();
        Process init = null;
        for (int i = 0; i < MAX; i++) {
            if (SLOTS[i] != null && SLOTS[i].pid == 1 && SLOTS[i] != p && !SLOTS[i].zombie) {
                init = SLOTS[i];
            }
        }
        while (p.firstChild != null) {
            Process c = p.firstChild;
            unlinkLocked(c);
            c.formerParent = p.pid;                 // Groups.orphanedByExit looks at its group
            if (init != null) {
                linkLocked(init, c);
                c.ppid = 1;
            } else if (c.zombie) {
                c.nextSibling = orphans;
                orphans = c;
            } else {
                c.ppid = 0;                         // it reaps itself when it ends
            }
        }
        Process parent = p.parent;
        boolean selfReap = parent == null && !p.kernelWaits;
        // Held through what follows: once it is a zombie its parent may reap it on another CPU,
        // and the parent and init may end and be reaped too, while this still tells them.
        p.refs++;
        if (parent != null) {
            parent.refs++;
        }
        if (init != null) {
            init.refs++;
        }
        p.zombie = true;
        LOCK.unlock();
        while (orphans != null) {
            Process c = orphans;
            orphans = c.nextSibling;
            c.nextSibling = null;
            Family.reap(c);
        }
        Groups.orphanedByExit(p, parent);
        int code = (status & 0x7F) == 0 ? Signals.CLD_EXITED : Signals.CLD_KILLED;
        int childStatus = (status & 0x7F) == 0 ? status >> 8 & 0xFF : status & 0x7F;
        if (init != null) {
            Signals.sendInfo(init, Family.SIGCHLD, code, p.pid, childStatus);
        }
        if (parent != null) {
            Signals.sendInfo(parent, Family.SIGCHLD, code, p.pid, childStatus);
        }
        Family.CHILDREN.signal();
        put(init);
        put(parent);
        if (selfReap) {
            if (self == p) {
                Scheduler.detachSelf();
            } else {
                Scheduler.join(takeTask(p));        // the leader's thread ended before
            }
            release(p);
        }
        put(p);                                     // freed here if its parent reaped it meanwhile
    }

    /** Sends {@code signal} to {@code p} (Signals.send: a handler, or the default action, at its next return to user mode). */
    public static void kill(Process p, int signal) {
        Signals.send(p, signal);
    }

    /**
     * boot/trap.asm and boot/user.asm call this before every return to user mode (interrupts
     * off): a process marked to die ends here, a pending signal is delivered (its handler
     * entered, or its default action taken).
     */
    @Export("zeptux_exit_to_user")
    @StackEntry(bytes = 16384 - 256, interrupts = true)
    static void exitToUser(long frame) {
        Process p = ofFrame(frame);
        if (p == null) {
            return;
        }
        if (p.killSignal != 0) {
            exit(p.killSignal);
        }
        if (p.group.stopped) {
            Signals.stopWithGroup(p);               // another thread took a stop signal: all stop
        }
        if ((p.pendingSignals | p.group.sharedPending) != 0) {
            Signals.deliver(p, frame);
        }
        Signals.restartOrInterrupt(p, frame, false, false);     // no handler ran: the call is made again
        if (p.restoreSavedMask) {                   // rt_sigsuspend returned with no handler run
            p.signalMask = p.savedMask;
            p.restoreSavedMask = false;
        }
    }

    /**
     * An exception in user mode (from the trap dispatcher, interrupts off): prints one line as
     * Linux does ({@code NAME[PID]: segfault at ADDR ip IP sp SP error N}) and marks the
     * process to die of the exception's signal. The kernel goes on.
     */
    public static void fault(long frame, int vector, long address) {
        Process p = current();
        if (vector == Exceptions.PAGE_FAULT && (TrapFrame.error(frame) & PF_PRESENT_WRITE) == PF_PRESENT_WRITE
                && copyOnWrite(p, address)) {
            return;                                 // its own copy of the page now: the write runs again
        }
        int signal = signalOf(vector);
        int code = Signals.SI_KERNEL;
        long at = 0;
        if (vector == Exceptions.PAGE_FAULT) {
            code = (TrapFrame.error(frame) & 1) != 0 ? Signals.SEGV_ACCERR : Signals.SEGV_MAPERR;
            at = address;
        } else if (signal == SIGILL) {
            code = Signals.ILL_ILLOPN;
            at = TrapFrame.rip(frame);
        } else if (signal == SIGFPE) {
            code = Signals.FPE_INTDIV;
            at = TrapFrame.rip(frame);
        } else if (signal == SIGTRAP) {
            code = Signals.TRAP_BRKPT;
            at = TrapFrame.rip(frame);
        }
        if (Signals.handles(p, signal)) {
            Signals.force(p, signal, code, at);     // its handler runs; no line, as Linux prints only unhandled faults
            return;
        }
        faults++;
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
        Signals.force(p, signal, code, at);
    }

    static final long PF_PRESENT_WRITE = 3;

    /**
     * A write fault on a present page of {@code p}: resolves a copy-on-write (true), or says no
     * (false: a real fault). With no page left for the copy, the process dies of SIGKILL with a
     * line saying so.
     */
    private static boolean copyOnWrite(Process p, long address) {
        int r = p.space.writeFault(address);
        if (r == AddressSpace.NO_MEMORY) {
            printName(p);
            Printf.printf("[%d]: out of memory for a copy-on-write page at %lx (SIGKILL)\n", p.pid, address);
            p.killSignal = SIGKILL;
            return true;
        }
        return r == AddressSpace.RESOLVED;
    }

    /**
     * A page fault in the kernel's user-copy routine writing to user memory: a copy-on-write
     * page of the running process gets its copy and the copy goes on (true); false for every
     * other fault (the copy fails with -EFAULT at its fixup, or it is a kernel bug).
     */
    public static boolean kernelWriteFault(long frame, long address) {
        Process p = current();
        if (p == null || p.space == null || (TrapFrame.error(frame) & PF_PRESENT_WRITE) != PF_PRESENT_WRITE
                || !UserAccess.inCopy(frame) || address < 0 || address >= UserAccess.USER_END) {
            return false;
        }
        return copyOnWrite(p, address);
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

    // ---- read-only views for /proc (ProcFs) ----

    static int nextPid(int from) {
        return nextPid(from, null);
    }

    /**
     * The lowest id at or above {@code from} of a started process (a thread group's leader), or
     * with {@code group} not null of a thread of that group; -1 when there is none.
     */
    static int nextPid(int from, Process group) {
        int best = -1;
        LOCK.lock();
        for (int i = 0; i < MAX; i++) {
            Process p = SLOTS[i];
            boolean wanted = p != null && (group == null ? p.group == p : p.group == group && !(p == group && p.threadDone));
            if (wanted && p.pid > 0 && p.pid >= from && (best < 0 || p.pid < best)) {
                best = p.pid;
            }
        }
        LOCK.unlock();
        return best;
    }

    /** Processes in the table, and processes started since boot. */
    static int count() {
        int n = 0;
        for (int i = 0; i < MAX; i++) {
            if (SLOTS[i] != null) {
                n++;
            }
        }
        return n;
    }

    static long started() {
        return started;
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
