package org.zeptux.kernel.proc;

import org.zeptux.kernel.fs.Inode;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.WaitQueue;

/**
 * A user thread, and — for the first thread of a thread group, its leader — the process: an
 * address space, open files and signal dispositions. Made from a pool by
 * {@link Processes#createEmpty}; the slot it takes in the process table also indexes its name,
 * and for a leader its file descriptors, there.
 *
 * <p>Thread groups (clone with CLONE_THREAD) split the state as Linux does. Each thread has its
 * own object: its tid ({@link #pid}), task, staging and FPU buffers, signal mask, thread-directed
 * pending signals, FS base, clear_child_tid, robust list, restart and wait bookkeeping. What the
 * process owns is read through {@link #group} (the leader, itself for a leader): the tgid (the
 * leader's pid), the descriptor table, cwd and umask, signal actions, the parent, children,
 * process group and session, the exit status, the stop state. Only leaders are in the process
 * tree and in process-group loops; a group's threads are listed from its leader
 * ({@link #nextThread}) under the process table's lock.
 *
 * <p>Its fields are written by its own thread (system calls) or, before it runs and after it
 * ends, by the thread that made it and reaps it; the group's thread list, {@link #threads},
 * {@link #groupExit} and {@link #execer} under the process table's lock.
 */
public final class Process {
    int pid;
    int ppid;
    int slot;
    Task task;
    // ---- the thread group (Processes' lock) ----
    /** The group's leader: the process (itself for a leader, never null). */
    Process group;
    /** The next thread of the group (a leader heads the list of its other threads). */
    Process nextThread;
    /** On a leader: its threads still running (itself included until its thread ends). */
    int threads;
    /** On a leader: its own thread has ended (pthread_exit of main) while others run on. */
    boolean threadDone;
    /** On a leader: exit_group or a fatal signal is ending every thread; its status in {@link #groupStatus}. */
    boolean groupExit;
    int groupStatus;
    /** On a leader: the thread of its group in execve, waiting for the others to end (Linux's de_thread). */
    Process execer;
    /** set_robust_list's head (0: none) and its length. */
    long robustList;
    long robustLength;
    // ---- a futex wait (Futex, under its bucket's lock) ----
    /** Queued on a futex: the key (address space, or null for a shared page; address) and bitset. */
    boolean futexQueued;
    Object futexSpace;
    long futexAddress;
    int futexBitset;
    Process futexNext;
    int futexBucket;
    /** What the last futex key lookup found (Futex.key): the space (null: a physical address) and address. */
    Object futexKeySpace;
    long futexKeyAddress;
    AddressSpace space;
    /**
     * References taken by lookups by pid (Processes.hold, under the table's lock): while any is
     * held, a reap or a thread's end takes it out of the table ({@link #released}) but leaves the
     * object and its buffers to the last Processes.put (Linux's get_task_struct).
     */
    int refs;
    /** Out of the table (reaped, or a thread that ended): a holder may still look, never post or wake. */
    boolean released;
    /** The fatal signal it is to die of at its next return to user mode (0: none). */
    int killSignal;
    /** Linux's wait status, once it ended: exit code << 8, or the signal that killed it. */
    int waitStatus;
    /** set_tid_address's (or CLONE_CHILD_CLEARTID's) pointer: 0 written there and a futex waiter woken when the thread ends. */
    long clearChildTid;
    /** rt_sigaction's records, 32 bytes a signal (struct sigaction as the kernel takes it), or null (all default). */
    byte[] actions;
    /** Its system calls' staging buffer ({@link Processes#IO_BYTES}): paths, chunks of reads and writes, structs. */
    byte[] io;
    /** Its thread's x87/SSE registers while switched out (hw.UserMode.FPU_BUFFER bytes). */
    byte[] fpu;
    /** What each pending signal carries (Signals.INFOS: si_code, si_pid, si_status or si_addr). */
    byte[] sigInfo;
    /** The blocked-signal mask rt_sigprocmask keeps. */
    long signalMask;
    int nameLength;
    // ---- the process tree (Family), written under Processes' lock ----
    /** Its parent, or null (started by the kernel: the monitor's run, or init). */
    Process parent;
    Process firstChild;
    Process nextSibling;
    /** Ended, its status kept until its parent (or the kernel) reaps it. */
    boolean zombie;
    /** Started by the kernel (the monitor's run): the kernel waits for it, not a parent. */
    boolean kernelWaits;
    /** Its process group and session (setpgid, setsid). */
    int pgid;
    int sid;
    /** A vfork child that has not yet exec'd or exited: its parent waits for this to become true. */
    boolean vforkReleased;
    /** Signals sent to this thread (tkill, tgkill, its faults) and not yet delivered, bit N-1 for signal N. */
    long pendingSignals;
    /**
     * On a leader: signals sent to the process and not yet delivered, which any of its threads
     * that does not block them takes (their siginfo in the leader's sigInfo).
     */
    long sharedPending;
    /** Stopped by a stop signal: its thread sleeps at its return to user mode until SIGCONT or SIGKILL (Signals.stop). */
    boolean stopped;
    /** The pid of the parent that ended and gave it to init, until Groups.orphanedByExit has looked at its group (0: none). */
    int formerParent;
    /** What its parent's wait has not yet been told: the signal that stopped it, Signals.CONTINUED, or 0. */
    int stateReport;
    /** The signals rt_sigtimedwait waits for now (blocked, yet they wake it and are never ignored); 0 otherwise. */
    long sigwaitMask;
    /** The mask before rt_sigsuspend, ppoll or pselect6 put theirs in force: back after the handler, when {@code restoreSavedMask}. */
    long savedMask;
    boolean restoreSavedMask;
    /** The number of its system call in progress (a restart runs it again). */
    long syscallNumber;
    /** The registered struct rseq (0: none) and its abort signature. */
    long rseq;
    long rseqSignature;
    /** A forked child's FS base until its thread starts. */
    long forkFsBase;
    /**
     * The CPUs this thread asked to run on (sched_setaffinity; inherited by fork and clone), or
     * 0: every CPU online. Written by sched_setaffinity under the process table's lock.
     */
    long cpus;
    /**
     * What restart_syscall continues (TimeCalls.restart): nothing, an interrupted relative
     * nanosleep (its clock, end and rem pointer), or a poll with a timeout (its records' pointer
     * in restartRem, their count in restartClock, its monotonic deadline in restartUntil).
     */
    int restartKind;
    static final int RESTART_NONE = 0;
    static final int RESTART_NANOSLEEP = 1;
    static final int RESTART_POLL = 2;
    long restartClock;
    long restartUntil;
    long restartRem;
    /** A futex wait's flags for restart_syscall (Futex.restart: shared 1, real-time clock 2). */
    int restartFlags;
    /** What its last wait found (Family.ENDED, STOPPED, CONTINUED) and, for a stop, the signal. */
    int waitKind;
    int waitSignal;
    /** Why its last wait found no child to reap (0: none yet, -ECHILD, -ERESTARTSYS). */
    long waitError;

    /** Where it starts in user mode, and its initial stack pointer (Exec). */
    long entry;
    long stackPointer;
    /** Why its last path lookup in a system call failed (-errno). */
    long lookupError;
    /** A FIFO open(2) found, pinned, between the path's walk and the wait for its other end (PathCalls.open). */
    Inode openingFifo;
    /** Whether it sits in a read of the console (Ctrl-C must wake it). */
    boolean readingConsole;

    // ---- its file-system state (proc.Files, fs.Vfs): written by its own thread, by fork before it runs, by exit ----
    /** The working directory (pinned: Files.forkFs shares it, Files.closeAll drops it); null reads as "/". */
    Inode cwd;
    /** The file-mode creation mask (umask(2)); Files.initFs sets Linux's 022. */
    int umask;
    /** RLIMIT_NOFILE: descriptors at or above it are refused (EMFILE); 0 reads as Files.MAX_FDS. */
    int fileLimit;
    /** One past its highest descriptor in use since its table was last emptied: all from here up are free (under Files' lock). */
    int fdTop;
    /**
     * A group's: its descriptor row has been shared by threads (set by its first clone of a
     * thread, before that thread exists; never cleared), so lookups take references (Files.get).
     */
    boolean filesShared;
    /**
     * The event a blocking file operation sleeps for (a pipe, poll), for kill to signal
     * (Files.interrupt); or null. Written by its own thread before its ticket, read by a sender
     * after the signal is pending (Event: both sides pass a full barrier in between).
     */
    Event blockedOn;
    /** When it started (monotonic nanoseconds since boot; /proc/PID/stat's starttime): set by Files.initFs and forkFs. */
    long startTime;
    /** Where exec put its argument strings in its address space ([argStart, argEnd): /proc/PID/cmdline). */
    long argStart;
    long argEnd;

    public int pid() {
        return pid;
    }

    public AddressSpace space() {
        return space;
    }

    /** The wait status once it ended (exit code << 8 | signal). */
    public int waitStatus() {
        return waitStatus;
    }
}
