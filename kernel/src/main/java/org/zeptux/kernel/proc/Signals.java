package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.rt.BuildTime;
import org.zeptux.rt.UserPtr;

/**
 * Signals as Linux's x86-64 ABI has them: rt_sigaction (the 32-byte struct the kernel takes:
 * handler, flags, restorer, mask), rt_sigprocmask, kill/tkill/tgkill, rt_sigreturn, and
 * delivery at the return to user mode ({@link #deliver}): a handler runs on the user stack in
 * an rt_sigframe (pretcode = the restorer, ucontext with the saved registers, mask and FPU
 * state, siginfo), the default action ends the process (terminate and core signals), ignores
 * (SIGCHLD, SIGURG, SIGWINCH, SIGCONT) or stops it (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU).
 * A fault's signal is forced: blocked or ignored, it still kills.
 *
 * <p>Sleeping for a signal or a time (pause, rt_sigsuspend, rt_sigtimedwait, nanosleep,
 * clock_nanosleep): the process sleeps for the event of its table slot ({@link #sleep}), which
 * {@link #send} signals, and a deadline puts it on the scheduler's timer heap as well, to the
 * tick. A sleeping process costs nothing until one of the two happens; it takes the event's
 * ticket before it looks at its condition, so no wake-up from any CPU is lost between the look
 * and the sleep ({@link Event}). A thread running on another CPU is sent a reschedule IPI
 * ({@code Scheduler.kick}), so it meets the signal at its return to user mode at once.
 *
 * <p>Locking: pending signals (a thread's and its process's), their siginfo, {@code stopped},
 * {@code stateReport} and {@code sigwaitMask} change under the process table's lock
 * ({@link Processes#lockTree}); a thread's mask is written by the thread itself and read by
 * senders without it (a signal they find blocked waits, pending, for the thread's next look).
 *
 * <p>Job control: a stop signal's default action stops the process at its return to user mode
 * ({@link #stop}: it sleeps on its queue until SIGCONT or SIGKILL; a process is one thread, so
 * every thread of it stops), its parent told by SIGCHLD (CLD_STOPPED, unless the parent's
 * SIGCHLD action has SA_NOCLDSTOP) and by a stop report wait4's WUNTRACED and waitid's WSTOPPED
 * take once. SIGCONT continues it when it is sent, blocked or ignored or not ({@link #resume}:
 * pending stop signals are dropped, the parent told CLD_CONTINUED, a continue report for
 * WCONTINUED); a stop signal sent drops a pending SIGCONT. SIGTSTP, SIGTTIN and SIGTTOU do not
 * stop a process of an orphaned group (POSIX): they are discarded.
 */
public final class Signals {
    private Signals() {}

    public static final int SIGNALS = 64;
    static final int ACTION = 32;
    static final int SIGSTOP = 19;
    static final int SIG_BLOCK = 0;
    static final int SIG_UNBLOCK = 1;
    static final int SIG_SETMASK = 2;

    static final int SIGHUP = 1;
    static final int SIGKILL = 9;
    static final int SIGCHLD = 17;
    static final int SIGCONT = 18;
    static final int SIGTSTP = 20;
    static final int SIGTTIN = 21;
    static final int SIGTTOU = 22;
    /** The stop signals: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
    static final long STOP_SIGNALS = (1L << (SIGSTOP - 1)) | (1L << (SIGTSTP - 1)) | (1L << (SIGTTIN - 1)) | (1L << (SIGTTOU - 1));
    /** sa_flags of SIGCHLD: no SIGCHLD when a child stops or continues. */
    static final long SA_NOCLDSTOP = 1;
    /** si_code of SIGCHLD and waitid (include/uapi/asm-generic/siginfo.h). */
    static final int CLD_EXITED = 1;
    static final int CLD_KILLED = 2;
    static final int CLD_DUMPED = 3;
    static final int CLD_STOPPED = 5;
    static final int CLD_CONTINUED = 6;
    /** Process.stateReport of a continue (a stop's is its signal). */
    static final int CONTINUED = -1;
    static final int SIGURG = 23;
    static final int SIGWINCH = 28;
    static final long SIG_DFL = 0;
    static final long SIG_IGN = 1;
    static final long SA_NODEFER = 0x40000000L;
    static final long SA_RESETHAND = 0x80000000L;
    static final long SA_RESTORER = 0x04000000L;
    /** KILL and STOP: never blocked, caught or ignored. */
    static final long UNBLOCKABLE = (1L << (SIGKILL - 1)) | (1L << (SIGSTOP - 1));

    static final Pool<byte[]> ACTIONS = Pool.ofBytes("signal actions", SIGNALS * ACTION, Owner.KERNEL_HEAP);

    /**
     * What each pending signal carries, 16 bytes a signal (a process's {@code sigInfo}, allocated
     * with it): si_code (i32), si_pid (i32), and si_status or si_addr (i64). A signal already
     * pending keeps the first sender's, as Linux keeps one of each standard signal.
     */
    static final int INFO = 16;
    static final Pool<byte[]> INFOS = Pool.ofBytes("signal info", SIGNALS * INFO, Owner.KERNEL_HEAP);
    /** si_code values (include/uapi/asm-generic/siginfo.h). */
    static final int SI_USER = 0;
    static final int SI_KERNEL = 0x80;
    static final int SI_TKILL = -6;
    static final int SEGV_MAPERR = 1;
    static final int SEGV_ACCERR = 2;
    static final int ILL_ILLOPN = 2;
    static final int FPE_INTDIV = 1;
    static final int TRAP_BRKPT = 1;
    /** The fault signals, whose siginfo holds si_addr rather than si_pid and si_uid. */
    static final long FAULT_SIGNALS = (1L << (4 - 1)) | (1L << (5 - 1)) | (1L << (7 - 1)) | (1L << (8 - 1)) | (1L << (11 - 1));

    /** rt_sigaction(sig, act, oldact, sigsetsize). */
    static long action(Process p, long sig, UserPtr act, UserPtr old, long setSize) {
        if (setSize != 8 || sig < 1 || sig > SIGNALS) {
            return -Errno.EINVAL;
        }
        if (!act.eq(UserPtr.of(0)) && (sig == Processes.SIGKILL || sig == SIGSTOP)) {
            return -Errno.EINVAL;
        }
        int at = (int) (sig - 1) * ACTION;
        // The group's table is shared by its threads on several CPUs: it is read and written under
        // the process table's lock, through this thread's staging buffer (a user copy may fault).
        byte[] io = p.io;
        byte[] spare = null;
        if (!act.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(io, ACTION, act, ACTION)) {
                return -Errno.EFAULT;
            }
            if (p.group.actions == null) {
                spare = ACTIONS.alloc();            // outside the lock; the first thread to install it wins
                if (spare == null) {
                    return -Errno.ENOMEM;
                }
                for (int i = 0; i < spare.length; i++) {
                    spare[i] = 0;
                }
            }
        }
        Processes.lockTree();
        byte[] actions = p.group.actions;
        for (int i = 0; i < ACTION; i++) {
            io[i] = actions == null ? 0 : actions[at + i];
        }
        if (!act.eq(UserPtr.of(0))) {
            if (actions == null) {
                actions = spare;
                p.group.actions = spare;
                spare = null;
            }
            for (int i = 0; i < ACTION; i++) {
                actions[at + i] = io[ACTION + i];
            }
        }
        Processes.unlockTree();
        if (spare != null) {
            ACTIONS.free(spare);
        }
        if (!old.eq(UserPtr.of(0)) && !UserAccess.copyTo(old, io, 0, ACTION)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    /** rt_sigprocmask(how, set, oldset, sigsetsize); SIGKILL and SIGSTOP cannot be blocked. */
    static long mask(Process p, long how, UserPtr set, UserPtr old, long setSize) {
        if (setSize != 8) {
            return -Errno.EINVAL;
        }
        byte[] word = p.io;
        long mask = p.signalMask;
        if (!set.eq(UserPtr.of(0))) {
            if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) {
                return -Errno.EINVAL;
            }
            if (!UserAccess.copyFrom(word, 0, set, 8)) {
                return -Errno.EFAULT;
            }
        }
        if (!old.eq(UserPtr.of(0))) {
            Elf.put64(word, 0, mask);
            if (!UserAccess.copyTo(old, word, 0, 8)) {
                return -Errno.EFAULT;
            }
            if (!set.eq(UserPtr.of(0)) && !UserAccess.copyFrom(word, 0, set, 8)) {
                return -Errno.EFAULT;
            }
        }
        if (!set.eq(UserPtr.of(0))) {
            long s = Elf.u64(word, 0);
            mask = how == SIG_BLOCK ? mask | s : how == SIG_UNBLOCK ? mask & ~s : s;
            p.signalMask = mask & ~((1L << (Processes.SIGKILL - 1)) | (1L << (SIGSTOP - 1)));
        }
        return 0;
    }

    private static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** The handler recorded for {@code sig} (SIG_DFL with none). */
    static long handler(Process p, int sig) {
        return p.group.actions == null ? SIG_DFL : Elf.u64(p.group.actions, (sig - 1) * ACTION);
    }

    private static long flags(Process p, int sig) {
        return p.group.actions == null ? 0 : Elf.u64(p.group.actions, (sig - 1) * ACTION + 8);
    }

    /** Whether {@code sig}'s default action is to ignore it. */
    static boolean ignoredByDefault(int sig) {
        return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
    }

    /** Whether {@code sig} is a stop signal (its default action stops the process). */
    static boolean isStop(int sig) {
        return sig >= 1 && sig <= SIGNALS && (STOP_SIGNALS & bit(sig)) != 0;
    }

    /**
     * Sends {@code sig} (1..64) to {@code p}: discarded if it would be ignored, else pending
     * until {@code p} returns to user mode; wakes {@code p} if it sleeps interruptibly.
     */
    public static void send(Process p, int sig) {
        sendInfo(p, sig, SI_KERNEL, 0, 0);
    }

    /**
     * {@link #send} with the siginfo it carries: si_code {@code code}, si_pid {@code pid} and
     * {@code value} (a SIGCHLD's si_status, a fault's si_addr).
     */
    static void sendInfo(Process p, int sig, int code, int pid, long value) {
        Process g = p.group;
        if (sig < 1 || sig > SIGNALS || g.zombie) {
            return;
        }
        jobControl(g, sig);
        Processes.lockTree();                       // the thread picked cannot end before it is woken
        post(Processes.pickThreadLocked(g, sig), true, sig, code, pid, value);
        Processes.unlockTree();
    }

    /** What sending {@code sig} does to process {@code g} at once: SIGCONT continues it, a stop signal drops a pending SIGCONT. */
    private static void jobControl(Process g, int sig) {
        if (sig == SIGCONT) {
            resume(g);                              // continues it whatever its action and mask
        } else if (isStop(sig)) {
            Processes.dropPending(g, bit(SIGCONT));
        }
    }

    /**
     * {@link #send} after its job control: {@code sig} pending unless ignored — for the process
     * ({@code shared}: its leader's sharedPending, which any of its threads may take) or for thread
     * {@code p} alone — and {@code p}, the thread picked to take it, woken for it.
     */
    private static void post(Process p, boolean shared, int sig, int code, int pid, long value) {
        Process g = p.group;
        if (g.zombie || g.released || p.released) {
            return;                                 // ended: a held object is looked at, never woken
        }
        long h = handler(p, sig);
        boolean waitedFor = (p.sigwaitMask & bit(sig)) != 0;
        boolean blocked = (p.signalMask & bit(sig)) != 0 || waitedFor;
        if (sig != SIGKILL && !blocked && (h == SIG_IGN || h == SIG_DFL && ignoredByDefault(sig))) {
            return;                                 // a blocked signal is never ignored: rt_sigtimedwait may take it
        }
        Process holder = shared ? g : p;            // under the table's lock, as every change of pending signals
        if (((shared ? g.sharedPending : p.pendingSignals) & bit(sig)) == 0) {
            record(holder, sig, code, pid, value);
        }
        if (shared) {
            g.sharedPending |= bit(sig);
        } else {
            p.pendingSignals |= bit(sig);
        }
        if (sig == SIGKILL || (p.signalMask & bit(sig)) == 0 || waitedFor) {
            wake(p);
        }
    }

    private static void record(Process p, int sig, int code, int pid, long value) {
        byte[] info = p.sigInfo;
        int at = (sig - 1) * INFO;
        Elf.put32(info, at, code);
        Elf.put32(info, at + 4, pid);
        Elf.put64(info, at + 8, value);
    }

    /** The recorded si_code, si_pid and value of pending {@code sig} of {@code p}. */
    static int infoCode(Process p, int sig) {
        return Elf.i32(p.sigInfo, (sig - 1) * INFO);
    }

    static int infoPid(Process p, int sig) {
        return Elf.i32(p.sigInfo, (sig - 1) * INFO + 4);
    }

    static long infoValue(Process p, int sig) {
        return Elf.u64(p.sigInfo, (sig - 1) * INFO + 8);
    }

    /**
     * Writes the 128-byte siginfo of {@code sig} to {@code io} at {@code at}: si_signo, si_code,
     * then si_pid and si_uid (0: every process is root) and a SIGCHLD's si_status, or a fault's
     * si_addr ({@code value}).
     */
    static void siginfo(int sig, int code, int pid, long value, byte[] io, int at) {
        for (int i = 0; i < 128; i++) {
            io[at + i] = 0;
        }
        Elf.put32(io, at, sig);                                     // si_signo; si_errno 0
        Elf.put32(io, at + 8, code);                                // si_code
        if ((FAULT_SIGNALS & bit(sig)) != 0 && code > 0 && code < SI_KERNEL) {
            Elf.put64(io, at + 16, value);                          // si_addr
        } else {
            Elf.put32(io, at + 16, pid);                            // si_pid; si_uid 0
            if (sig == SIGCHLD && code >= CLD_EXITED && code <= CLD_CONTINUED) {
                Elf.put32(io, at + 24, (int) value);                // si_status
            }
        }
    }

    /** Whether {@code p} catches {@code sig} now: a handler set and the signal not blocked. */
    static boolean handles(Process p, int sig) {
        long h = handler(p, sig);
        return h != SIG_DFL && h != SIG_IGN && (p.signalMask & bit(sig)) == 0;
    }

    /**
     * A fault's signal (si_code {@code code}, si_addr {@code address}): delivered to a handler if
     * one is set and the signal is not blocked, else fatal.
     */
    static void force(Process p, int sig, int code, long address) {
        long h = handler(p, sig);
        if (h == SIG_DFL || h == SIG_IGN || (p.signalMask & bit(sig)) != 0) {
            if (p.killSignal == 0) {
                p.killSignal = sig;
            }
            return;
        }
        Processes.lockTree();
        record(p, sig, code, 0, address);
        p.pendingSignals |= bit(sig);
        Processes.unlockTree();
    }

    /** Wakes {@code p} from an interruptible sleep (console read, wait4, a pipe, poll, pause, nanosleep...). */
    static void wake(Process p) {
        SLEEPS[p.slot].signal();                // first: its lock orders the signal's pending bit before the reads below
        if (p.readingConsole) {
            Terminal.wakeReader();
        }
        Family.CHILDREN.signal();
        Files.interrupt(p);                     // a pipe or poll it waits in
        Scheduler.kick(p.task);                 // running on another CPU: it enters the kernel and sees it at once
    }

    /** Wakes {@code p} where it sleeps for a signal or a time (a futex wake). */
    static void wakeSleeper(Process p) {
        SLEEPS[p.slot].signal();
    }

    /** Whether a blocking system call of {@code p} must stop with -EINTR: a kill, or a signal it does not block. */
    public static boolean interrupted(Process p) {
        return p.killSignal != 0 || (pending(p) & ~(p.signalMask & ~UNBLOCKABLE)) != 0;
    }

    /** The signals pending for thread {@code p}: its own and its process's. */
    static long pending(Process p) {
        return p.pendingSignals | p.group.sharedPending;
    }

    /**
     * Takes pending {@code sig} for thread {@code p} (under the table's lock, {@link Processes#lockTree}):
     * its own if it has it, else its process's; returns the holder of its siginfo ({@code p} or its leader).
     */
    private static Process take(Process p, int sig) {
        if ((p.pendingSignals & bit(sig)) != 0) {
            p.pendingSignals &= ~bit(sig);
            return p;
        }
        p.group.sharedPending &= ~bit(sig);
        return p.group;
    }

    /** A forked child's copy of {@code parent}'s actions and mask (pending signals are not inherited). */
    static void copy(Process parent, Process child) {
        child.signalMask = parent.signalMask;
        if (parent.group.actions != null) {
            child.actions = ACTIONS.alloc();
            if (child.actions != null) {
                for (int i = 0; i < child.actions.length; i++) {
                    child.actions[i] = parent.group.actions[i];
                }
            }
        }
    }

    /** At execve: every handler back to the default; ignored signals stay ignored; mask and pending kept. */
    static void resetForExec(Process p) {
        if (p.group.actions == null) {
            return;
        }
        for (int sig = 1; sig <= SIGNALS; sig++) {
            int at = (sig - 1) * ACTION;
            if (Elf.u64(p.group.actions, at) != SIG_IGN) {
                for (int i = 0; i < ACTION; i++) {
                    p.group.actions[at + i] = 0;
                }
            }
        }
    }

    /**
     * kill(2) ({@code thread} false) and tkill/tgkill (a thread id, here a process id): pid > 0
     * one process, 0 the caller's group, -1 every process but init and the caller, < -1 group
     * -pid. Signal 0 only checks that the target exists.
     */
    static long kill(Process p, long pid, long sig, int code) {
        if (sig < 0 || sig > SIGNALS) {
            return -Errno.EINVAL;
        }
        int sender = p.group.pid;
        if (pid > 0) {
            // Held from the lookup to the post: a reap on another CPU meanwhile cannot free it.
            Process t = Processes.holdGroup((int) pid);    // a thread's id names its process too
            boolean live = t != null && !t.zombie;
            if (live) {
                sendInfo(t, (int) sig, code, sender, 0);
            }
            Processes.put(t);
            return live ? 0 : -Errno.ESRCH;
        }
        int group = pid == 0 ? p.group.pgid : (int) -pid;
        int sent = 0;
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process t = Processes.holdSlot(slot);
            if (t != null && !t.zombie && (pid == -1 ? t.pid != 1 && t != p.group : t.pgid == group)) {
                sendInfo(t, (int) sig, code, sender, 0);
                sent++;
            }
            Processes.put(t);
        }
        return sent > 0 ? 0 : -Errno.ESRCH;
    }

    /**
     * tkill ({@code tgid} -1) and tgkill: {@code sig} to thread {@code tid} alone (of process
     * {@code tgid}); signal 0 only checks that it exists. -ESRCH when it does not.
     */
    static long tkill(Process p, long tgid, long tid, long sig) {
        if (sig < 0 || sig > SIGNALS) {
            return -Errno.EINVAL;
        }
        Process g = Processes.holdGroup((int) tid);    // its process, held through the job control
        if (g == null || g.zombie || tgid != -1 && g.pid != tgid) {
            Processes.put(g);
            return -Errno.ESRCH;
        }
        if (sig != 0) {
            jobControl(g, (int) sig);
            Processes.lockTree();                   // found again under the lock: it may have ended meanwhile
            Process t = Processes.byPidLocked((int) tid);
            if (t != null && t.group == g) {
                post(t, false, (int) sig, SI_TKILL, p.group.pid, 0);
            }
            Processes.unlockTree();
        }
        Processes.put(g);
        return 0;
    }

    /** Sends {@code sig} to every process of group {@code pgid} (the terminal's Ctrl-C). */
    static void sendGroup(int pgid, int sig) {
        for (int slot = 0; slot < Processes.MAX; slot++) {
            Process t = Processes.holdSlot(slot);
            if (t != null && !t.zombie && t.pgid == pgid) {
                send(t, sig);
            }
            Processes.put(t);
        }
    }

    // ---- delivery ----

    /** struct rt_sigframe (arch/x86): pretcode, ucontext (flags, link, stack, sigcontext, mask), siginfo. */
    static final int FRAME = 440;
    static final int UC = 8;
    static final int MCONTEXT = 48;
    static final int SIGMASK = 304;
    static final int SIGINFO = 312;
    static final int FPSTATE = 512;
    static final int RED_ZONE = 128;
    /** RFLAGS bits a signal frame may restore: CF PF AF ZF SF TF DF OF AC (and IF is always set). */
    static final long USER_FLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000;

    /**
     * At the return to user mode (interrupts off): the lowest deliverable pending signal, if
     * any — its default action (the process ends; never returns then) or its handler (the frame
     * at {@code frame} now enters it). Returns whether the frame was changed.
     */
    static boolean deliver(Process p, long frame) {
        int sig;
        long h;
        int code;
        int pid;
        long value;
        while (true) {
            long deliverable = pending(p) & ~(p.signalMask & ~UNBLOCKABLE);
            if (deliverable == 0) {
                return false;
            }
            sig = Long.numberOfTrailingZeros(deliverable) + 1;
            Processes.lockTree();
            Process holder = take(p, sig);
            code = infoCode(holder, sig);           // taken under the lock: a new one may be recorded once it is let go
            pid = infoPid(holder, sig);
            value = infoValue(holder, sig);
            Processes.unlockTree();
            h = handler(p, sig);
            if (sig == SIGKILL) {
                Processes.exit(sig);
            }
            if (h == SIG_IGN || h == SIG_DFL && ignoredByDefault(sig)) {
                continue;
            }
            if (h == SIG_DFL && isStop(sig)) {
                if (sig == SIGSTOP || !Groups.orphaned(p.group.pgid, null)) {
                    stop(p, sig);                   // until SIGCONT or SIGKILL; then the next pending one
                }
                continue;
            }
            if (h == SIG_DFL) {
                Processes.exit(sig);                // terminate (core-less)
            }
            break;
        }
        Processor.sti();
        long f = flags(p, sig);
        restartOrInterrupt(p, frame, true, (f & SA_RESTART) != 0);
        byte[] io = p.io;
        // The FPU state first, 64-byte aligned below the red zone, then the frame below it.
        long sp = TrapFrame.rsp(frame) - RED_ZONE;
        long fpstate = (sp - FPSTATE) & -64L;
        int fpAt = UserMode.saveFpuInto(io, 1024);
        boolean ok = UserAccess.copyTo(UserPtr.of(fpstate), io, fpAt, FPSTATE);
        long at = ((fpstate - FRAME) & -16L) - 8;   // (rsp + 8) % 16 == 0 at the handler's entry, as after a call
        for (int i = 0; i < FRAME; i++) {
            io[i] = 0;
        }
        Elf.put64(io, 0, p.group.actions == null ? 0 : Elf.u64(p.group.actions, (sig - 1) * ACTION + 16));  // pretcode: sa_restorer
        TrapFrame.saveSigcontext(frame, io, MCONTEXT);
        Elf.put64(io, MCONTEXT + 184, fpstate);     // sigcontext.fpstate
        long restore = p.restoreSavedMask ? p.savedMask : p.signalMask;   // after rt_sigsuspend: the mask before it
        p.restoreSavedMask = false;
        Elf.put64(io, MCONTEXT + 168, restore);     // sigcontext.oldmask
        Elf.put64(io, SIGMASK, restore);
        siginfo(sig, code, pid, value, io, SIGINFO);
        ok = ok && UserAccess.copyTo(UserPtr.of(at), io, 0, FRAME);
        if (!ok || (f & SA_RESTORER) == 0) {
            p.killSignal = Processes.SIGSEGV;       // no room on its stack, or no way back: Linux kills it too
            Processes.exit(Processes.SIGSEGV);
        }
        long mask = p.signalMask | (p.group.actions == null ? 0 : Elf.u64(p.group.actions, (sig - 1) * ACTION + 24));
        if ((f & SA_NODEFER) == 0) {
            mask |= bit(sig);
        }
        p.signalMask = mask & ~UNBLOCKABLE;
        if ((f & SA_RESETHAND) != 0) {
            for (int i = 0; i < ACTION; i++) {
                p.group.actions[(sig - 1) * ACTION + i] = 0;
            }
        }
        TrapFrame.enterHandler(frame, h, at, sig, at + SIGINFO, at + UC);
        Processor.cli();
        delivered++;
        return true;
    }

    static final long SA_RESTART = 0x10000000L;

    /**
     * The default action of stop signal {@code sig} (interrupts disabled, at the return to user
     * mode): {@code p} is stopped, its parent told, and it sleeps on its queue until SIGCONT
     * ({@link #resume}) or SIGKILL wakes it.
     */
    private static void stop(Process p, int sig) {
        Process g = p.group;
        Processes.lockTree();
        boolean first = !g.stopped;
        if (first) {
            g.stopped = true;                       // every other thread stops at its return to user mode
            g.stateReport = sig;
            stops++;
        }
        Processes.unlockTree();
        if (first) {
            Processes.kickThreads(g);               // those running on other CPUs: now
            notifyParent(g, CLD_STOPPED, sig);
        }
        stopWithGroup(p);
    }

    /**
     * Thread {@code p} of a stopped process sleeps until SIGCONT ({@link #resume}) or SIGKILL
     * (interrupts disabled). Only SIGKILL ends a stop (Linux: no thread of a stopped process
     * wants any other signal, so a SIGTERM waits, pending, for the SIGCONT).
     */
    static void stopWithGroup(Process p) {
        Process g = p.group;
        while (true) {
            int ticket = sleepTicket(p);
            if (!g.stopped || p.killSignal != 0 || (pending(p) & bit(SIGKILL)) != 0) {
                break;
            }
            sleep(p, ticket, -1);
        }
        if (p.killSignal != 0 || (pending(p) & bit(SIGKILL)) != 0) {
            Processes.lockTree();
            g.stopped = false;
            Processes.unlockTree();
        }
    }

    /**
     * SIGCONT sent to {@code p} (any context): pending stop signals dropped; if it is stopped, it
     * continues, with a continue report for its parent's wait and a CLD_CONTINUED SIGCHLD.
     */
    private static void resume(Process p) {
        Processes.dropPending(p, STOP_SIGNALS);
        Processes.lockTree();
        boolean was = p.stopped;
        if (was) {
            p.stopped = false;
            p.stateReport = CONTINUED;
        }
        Processes.unlockTree();
        if (was) {
            notifyParent(p, CLD_CONTINUED, SIGCONT);
            Processes.wakeThreads(p);
        }
    }

    /** Tells {@code p}'s parent that it stopped or continued: SIGCHLD unless SA_NOCLDSTOP, and its wait woken. */
    private static void notifyParent(Process p, int code, int status) {
        Processes.lockTree();
        Process parent = p.parent;
        Processes.unlockTree();
        if (parent == null) {
            return;
        }
        if ((flags(parent, SIGCHLD) & SA_NOCLDSTOP) == 0) {
            Processes.lockTree();
            post(Processes.pickThreadLocked(parent, SIGCHLD), true, SIGCHLD, code, p.pid, status);
            Processes.unlockTree();
        }
        Family.CHILDREN.signal();
    }

    private static long stops;

    /** Processes stopped by a stop signal so far. */
    public static long stops() {
        return stops;
    }

    /**
     * A system call a signal interrupted, on its way back to user mode with {@code handler} (a
     * handler runs now, with SA_RESTART or not) or with none: -ERESTARTSYS is made again unless a
     * handler without SA_RESTART runs; -ERESTARTNOHAND is made again unless a handler runs;
     * -ERESTART_RESTARTBLOCK goes on as restart_syscall(2) unless a handler runs; each else
     * becomes -EINTR. Making it again is RAX back to the call's number (or restart_syscall's)
     * and RIP back over the 2-byte SYSCALL.
     */
    static void restartOrInterrupt(Process p, long frame, boolean handler, boolean saRestart) {
        if (TrapFrame.vector(frame) != TrapFrame.SYSCALL) {
            return;
        }
        long rax = TrapFrame.rax(frame);
        boolean again;
        long number = p.syscallNumber;
        if (rax == -Errno.ERESTARTSYS) {
            again = !handler || saRestart;
        } else if (rax == -Errno.ERESTARTNOHAND) {
            again = !handler;
        } else if (rax == -Errno.ERESTART_RESTARTBLOCK) {
            again = !handler;
            number = Syscalls.RESTART_SYSCALL;
        } else {
            return;
        }
        if (again) {
            TrapFrame.setResult(frame, number);
            TrapFrame.setRip(frame, TrapFrame.rip(frame) - 2);
            restarts++;
        } else {
            TrapFrame.setResult(frame, -Errno.EINTR);
        }
    }

    private static long restarts;

    /** System calls restarted after a signal. */
    public static long restarts() {
        return restarts;
    }

    private static long delivered;

    /** Signals delivered to handlers so far. */
    public static long delivered() {
        return delivered;
    }

    /**
     * rt_sigreturn: the registers, mask and FPU state of the rt_sigframe a handler returned
     * over (at the stack pointer minus the popped pretcode) back into the frame; a frame that
     * cannot be read kills the process with SIGSEGV. Returns the restored RAX.
     */
    static long sigreturn(Process p, long frame) {
        byte[] io = p.io;
        long at = TrapFrame.rsp(frame) - 8;
        if (!UserAccess.copyFrom(io, 0, UserPtr.of(at), FRAME)) {
            Processes.kill(p, Processes.SIGSEGV);
            return -Errno.EFAULT;
        }
        long fpstate = Elf.u64(io, MCONTEXT + 184);
        p.signalMask = Elf.u64(io, SIGMASK) & ~UNBLOCKABLE;
        TrapFrame.restoreSigcontext(frame, io, MCONTEXT, USER_FLAGS);
        long rax = TrapFrame.rax(frame);
        if (fpstate != 0) {
            int fpAt = UserMode.fpuOffset(io, 1024);
            if (!UserAccess.copyFrom(io, fpAt, UserPtr.of(fpstate), FPSTATE)) {
                Processes.kill(p, Processes.SIGSEGV);
                return rax;
            }
            UserMode.restoreFpuFrom(io, 1024);
        }
        return rax;
    }

    /** rt_sigpending: the pending signals that are blocked. */
    static long sigpending(Process p, UserPtr set, long setSize) {
        if (setSize != 8) {
            return -Errno.EINVAL;
        }
        Elf.put64(p.io, 0, pending(p) & p.signalMask);
        return UserAccess.copyTo(set, p.io, 0, 8) ? 0 : -Errno.EFAULT;
    }

    // ---- sleeping for a signal or a time ----

    /** An event per process slot: what its process sleeps for when it waits for a signal or a deadline. */
    private static final Event[] SLEEPS = sleepQueues();

    @BuildTime
    private static Event[] sleepQueues() {
        Event[] q = new Event[Processes.MAX];
        for (int i = 0; i < q.length; i++) {
            q[i] = new Event("signal or timer");
        }
        return q;
    }

    /** Nanoseconds of one timer tick. */
    static final long TICK_NANOS = 1_000_000_000L / Timer.HZ;

    /**
     * The ticket of {@code p}'s signal-or-timer event ({@link Event}): taken before the caller
     * looks at its condition, then given to {@link #sleep}.
     */
    static int sleepTicket(Process p) {
        return SLEEPS[p.slot].ticket();
    }

    /**
     * Sleeps once, the caller's condition found false after it took {@code ticket}
     * ({@link #sleepTicket}): until {@link #wake} (a signal for {@code p}, or a futex wake), at
     * once if one came since the ticket, or, when {@code deadline} is not -1, until the tick at
     * or after the monotonic time {@code deadline} (the tick may come early by a fraction of one:
     * callers look at the clock again). With interrupts enabled and no spinlock held.
     */
    static void sleep(Process p, int ticket, long deadline) {
        Event e = SLEEPS[p.slot];
        if (deadline == -1) {
            e.await(ticket);
        } else {
            long left = deadline - Clock.monotonicNanos();
            if (left > 0) {
                e.await(ticket, ticksFor(left));
            }
        }
    }

    /** Timer ticks to sleep for {@code nanos} (> 0), rounded up, never overflowing. */
    static long ticksFor(long nanos) {
        return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 4 : (nanos + TICK_NANOS - 1) / TICK_NANOS;
    }

    /** The monotonic deadline {@code nanos} from now (-1 stays -1: none), saturating. */
    static long deadlineIn(long nanos) {
        if (nanos < 0) {
            return -1;
        }
        long now = Clock.monotonicNanos();
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
    }

    /**
     * Sleeps until a signal interrupts (pause, rt_sigsuspend): -ERESTARTNOHAND, which is -EINTR
     * after a handler, and the call made again when none runs (a stop and SIGCONT).
     */
    static long sleepUntilSignal(Process p) {
        while (true) {
            int ticket = sleepTicket(p);
            if (interrupted(p)) {
                return -Errno.ERESTARTNOHAND;
            }
            sleep(p, ticket, -1);
        }
    }

    /**
     * Puts the sigset at {@code set} ({@code setSize} bytes, 8) in force as {@code p}'s mask for
     * the rest of the call (rt_sigsuspend, ppoll, pselect6); the mask before it comes back when
     * the call returns to user mode — after the handler a signal runs then (the signal frame
     * saves the old mask), or at once when none runs. 0, or -EINVAL / -EFAULT (nothing changed).
     */
    static long useMaskForCall(Process p, UserPtr set, long setSize) {
        if (setSize != 8) {
            return -Errno.EINVAL;
        }
        if (!UserAccess.copyFrom(p.io, 0, set, 8)) {
            return -Errno.EFAULT;
        }
        p.savedMask = p.signalMask;
        p.restoreSavedMask = true;
        p.signalMask = Elf.u64(p.io, 0) & ~UNBLOCKABLE;
        return 0;
    }

    /**
     * A call that used {@link #useMaskForCall} ends with {@code result}: unless a signal
     * interrupted it (-EINTR, -ERESTARTNOHAND), the old mask is back at once, so no signal that only the call's
     * mask let through is delivered after it (Linux's restore_saved_sigmask_unless).
     */
    static long endMaskForCall(Process p, long result) {
        if (p.restoreSavedMask && result != -Errno.EINTR && result != -Errno.ERESTARTNOHAND) {
            p.signalMask = p.savedMask;
            p.restoreSavedMask = false;
        }
        return result;
    }

    /**
     * rt_sigsuspend: waits with mask {@code set} until a signal is delivered; the mask before the
     * call comes back after the handler (it is what the signal frame saves).
     */
    static long sigsuspend(Process p, UserPtr set, long setSize) {
        long r = useMaskForCall(p, set, setSize);
        return r != 0 ? r : sleepUntilSignal(p);
    }

    /**
     * rt_sigtimedwait: takes the first pending signal of {@code set} (waiting up to
     * {@code timeout}, forever when null), fills the siginfo; the signal, -EAGAIN after the
     * timeout, -EINTR when another signal came. While it waits, a signal of the set wakes it
     * even though it is blocked ({@code Process.sigwaitMask}).
     */
    static long sigtimedwait(Process p, UserPtr set, UserPtr info, UserPtr timeout, long setSize) {
        if (setSize != 8) {
            return -Errno.EINVAL;
        }
        if (!UserAccess.copyFrom(p.io, 0, set, 8)) {
            return -Errno.EFAULT;
        }
        long wanted = Elf.u64(p.io, 0) & ~UNBLOCKABLE;
        long deadline = -1;
        if (!timeout.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, timeout, 16)) {
                return -Errno.EFAULT;
            }
            long sec = Elf.u64(p.io, 0);
            long nsec = Elf.u64(p.io, 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                return -Errno.EINVAL;
            }
            deadline = deadlineIn(Math.min(sec, 1L << 32) * 1_000_000_000L + nsec);
        }
        Processes.lockTree();
        p.sigwaitMask = wanted;                     // under the lock: a sender picks the thread by it
        Processes.unlockTree();
        int sig = 0;
        long result;
        while (true) {
            int ticket = sleepTicket(p);
            Processes.lockTree();
            long ready = pending(p) & wanted;
            if (ready != 0) {
                sig = Long.numberOfTrailingZeros(ready) + 1;
                Process holder = take(p, sig);
                siginfo(sig, infoCode(holder, sig), infoPid(holder, sig), infoValue(holder, sig), p.io, 0);
            }
            Processes.unlockTree();
            if (sig != 0) {
                result = sig;
                break;
            }
            if ((pending(p) & ~(p.signalMask & ~UNBLOCKABLE) & ~wanted) != 0 || p.killSignal != 0) {
                result = -Errno.EINTR;
                break;
            }
            if (deadline != -1 && Clock.monotonicNanos() >= deadline) {
                result = -Errno.EAGAIN;
                break;
            }
            sleep(p, ticket, deadline);
        }
        Processes.lockTree();
        p.sigwaitMask = 0;
        Processes.unlockTree();
        if (sig != 0) {
            if (!info.eq(UserPtr.of(0)) && !UserAccess.copyTo(info, p.io, 0, 128)) {
                return -Errno.EFAULT;
            }
        }
        return result;
    }

    /** Frees {@code p}'s recorded actions. */
    static void release(Process p) {
        if (p.group.actions != null) {
            ACTIONS.free(p.group.actions);
            p.group.actions = null;
        }
    }
}
