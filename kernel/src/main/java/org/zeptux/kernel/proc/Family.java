package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.hw.UserMode;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.Stacks;
import org.zeptux.kernel.sched.Task;
import org.zeptux.kernel.sched.TaskBody;
import org.zeptux.rt.UserPtr;

/**
 * Processes making processes and threads: fork, vfork and clone (a new process, or with
 * CLONE_THREAD a thread of the caller's: {@link #cloneThread}), wait4 and
 * waitid, and what an exit does to the tree: the children go to init (pid 1) or, with no init,
 * reap themselves; the parent is told (SIGCHLD) and woken; a zombie keeps its wait status until
 * reaped.
 *
 * <p>A child's address space is its parent's, copy-on-write ({@link AddressSpace#fork}); its
 * descriptors share the parent's open files; its registers are the parent's at the system
 * call with RAX 0 (and the stack clone names), its x87/SSE state and FS base the parent's.
 *
 * <p>Locking: the tree's links, a child's {@code zombie}, its stop and continue reports and a
 * group's thread count are changed under the process table's lock; a wait sleeps for
 * {@link #CHILDREN}, an {@link Event} every exit, stop, continue and signal signals after its
 * change: the waiter takes its ticket before it looks, so no change on any CPU is missed.
 */
public final class Family {
    private Family() {}

    static final int CLONE_VM = 0x00000100;
    static final int CLONE_FS = 0x00000200;
    static final int CLONE_FILES = 0x00000400;
    static final int CLONE_SIGHAND = 0x00000800;
    static final int CLONE_VFORK = 0x00004000;
    static final int CLONE_SYSVSEM = 0x00040000;
    static final int CLONE_DETACHED = 0x00400000;
    static final int CLONE_PARENT = 0x00008000;
    static final int CLONE_THREAD = 0x00010000;
    static final int CLONE_SETTLS = 0x00080000;
    static final int CLONE_PARENT_SETTID = 0x00100000;
    static final int CLONE_CHILD_CLEARTID = 0x00200000;
    static final int CLONE_CHILD_SETTID = 0x01000000;
    static final int CSIGNAL = 0xFF;
    static final int SIGCHLD = 17;
    static final int WNOHANG = 1;
    static final int WUNTRACED = 2;
    static final int WEXITED = 4;
    static final int WCONTINUED = 8;
    static final int WNOWAIT = 0x01000000;
    static final int WALL = 0x40000000;
    static final int WCLONE = 0x80000000;

    /** Signalled by every exit and exec of a vfork child (and every signal): waiting parents look again. */
    static final Event CHILDREN = new Event("children");
    private static final TaskBody FORKED = new Forked();
    private static long forks;

    /** A forked child's thread: its parent's registers (saved in its staging buffer), then user mode. */
    private static final class Forked implements TaskBody {
        public long run(Task self, long arg) {
            Process p = Processes.slot((int) arg);
            p.task = self;
            Scheduler.setUserForked(p, p.space, p.fpu, p.forkFsBase);
            if (p.killSignal != 0) {
                Processes.exit(p.killSignal);       // its group began to end while it was made: it never runs
            }
            UserMode.resume(self.stackTop(), p.io);
            return 0;                               // not reached
        }
    }

    /**
     * fork, vfork and clone without CLONE_THREAD: a new process, a copy of {@code parent} at the
     * system call whose frame is {@code frame}. Returns the child's pid, or -errno.
     */
    static long clone(Process parent, long frame, long flags, long newStack, UserPtr parentTid, UserPtr childTid,
            long tls) {
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0
                || (flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) {
            return -Errno.EINVAL;                   // clone(2)'s rules: a thread shares handlers, handlers the memory
        }
        if ((flags & CLONE_SETTLS) != 0 && (tls < 0 || tls >= UserAccess.USER_END)) {
            return -Errno.EPERM;
        }
        if ((flags & CLONE_THREAD) != 0) {
            return cloneThread(parent, frame, flags, newStack, parentTid, childTid, tls);
        }
        Process child = Processes.createEmpty();
        if (child == null) {
            return -Errno.EAGAIN;
        }
        child.cpus = parent.cpus;                   // the affinity is inherited, as Linux's
        if ((flags & CLONE_VM) != 0) {
            Processes.shareSpace(child, parent.space);  // vfork, posix_spawn: the same memory until it execs
        } else {
            child.space = parent.space.fork(parent.space.limitPages());
        }
        if (child.space == null) {
            Processes.release(child);
            return -Errno.ENOMEM;
        }
        Processes.copyName(parent, child);
        Files.copyTable(parent, child);
        Files.forkFs(parent, child);                // the working directory, umask, descriptor limit
        Signals.copy(parent, child);
        child.rseq = parent.rseq;                   // the registration is inherited, as Linux's
        child.rseqSignature = parent.rseqSignature;
        child.pgid = parent.group.pgid;
        child.sid = parent.group.sid;
        child.forkFsBase = (flags & CLONE_SETTLS) != 0 ? tls : parent.task.fsBase();
        TrapFrame.save(frame, child.io);
        Elf.put64(child.io, TrapFrame.RAX, 0);
        if (newStack != 0) {
            Elf.put64(child.io, TrapFrame.RSP, newStack);
        }
        UserMode.saveFpu(child.fpu);                // the parent's registers now: the kernel never touches them
        if ((flags & CLONE_CHILD_SETTID) != 0) {
            Elf.put32(parent.io, 0, child.pid);
            if (!child.space.writeCopy(childTid.toLong(), parent.io, 0, 4)) {
                Processes.release(child);
                return -Errno.EFAULT;
            }
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            child.clearChildTid = childTid.toLong();
        }
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            Elf.put32(parent.io, 0, child.pid);
            if (!UserAccess.copyTo(parentTid, parent.io, 0, 4)) {
                Processes.release(child);
                return -Errno.EFAULT;
            }
        }
        Process process = parent.group;             // the caller is a thread: the child is its process's
        Process adopter = (flags & CLONE_PARENT) != 0 && process.parent != null ? process.parent : process;
        Processes.link(adopter, child);
        child.ppid = adopter.pid;
        boolean vfork = (flags & CLONE_VFORK) != 0;
        child.vforkReleased = !vfork;
        int pid = child.pid;
        if (!Processes.startForked(child, FORKED)) {
            Processes.unlink(child);
            Processes.release(child);
            return -Errno.EAGAIN;
        }
        forks++;
        if (vfork) {
            while (true) {                          // until it execs or exits (it stays our child until reaped)
                int ticket = CHILDREN.ticket();
                if (child.vforkReleased) {
                    break;
                }
                CHILDREN.await(ticket);
            }
        }
        return pid;
    }

    /** struct clone_args: its first version's size, and the largest this kernel knows (with cgroup). */
    static final int CLONE_ARGS_VER0 = 64;
    static final int CLONE_ARGS_KNOWN = 88;
    /** clone3's flags it does not take: CLONE_PIDFD, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, the namespaces. */
    static final long CLONE3_UNSUPPORTED = 0x00001000L | 0x100000000L | 0x200000000L | 0x7E020080L;

    /**
     * clone3(args, size) (glibc's pthread_create and posix_spawn try it first): struct clone_args
     * as Linux reads it — a size of at least its first version, bytes past what the kernel knows
     * all zero (else E2BIG), no CSIGNAL bits in flags, an exit signal of at most 64, a stack given
     * with its size — then {@link #clone} with the stack's top. Pid file descriptors, set_tid,
     * cgroups and namespaces are -EINVAL.
     */
    static long clone3(Process p, long frame, UserPtr args, long size) {
        if (size < CLONE_ARGS_VER0) {
            return -Errno.EINVAL;
        }
        if (size > AddressSpace.PAGE) {
            return -Errno.E2BIG;
        }
        byte[] io = p.io;
        if (!UserAccess.copyFrom(io, 0, args, (int) size)) {
            return -Errno.EFAULT;
        }
        for (int i = CLONE_ARGS_KNOWN; i < size; i++) {
            if (io[i] != 0) {
                return -Errno.E2BIG;
            }
        }
        if (size < CLONE_ARGS_KNOWN) {
            for (int i = (int) size; i < CLONE_ARGS_KNOWN; i++) {
                io[i] = 0;
            }
        }
        long flags = Elf.u64(io, 0);
        long childTid = Elf.u64(io, 16);
        long parentTid = Elf.u64(io, 24);
        long exitSignal = Elf.u64(io, 32);
        long stack = Elf.u64(io, 40);
        long stackSize = Elf.u64(io, 48);
        long tls = Elf.u64(io, 56);
        long setTid = Elf.u64(io, 64);
        long setTidSize = Elf.u64(io, 72);
        if ((flags & CSIGNAL) != 0 || exitSignal < 0 || exitSignal > Signals.SIGNALS || (flags & CLONE3_UNSUPPORTED) != 0
                || setTid != 0 || setTidSize != 0 || (stack == 0) != (stackSize == 0)
                || stack != 0 && (stackSize < 0 || stack + stackSize < stack || stack + stackSize > UserAccess.USER_END)) {
            return -Errno.EINVAL;
        }
        return clone(p, frame, flags | exitSignal, stack == 0 ? 0 : stack + stackSize, UserPtr.of(parentTid),
                UserPtr.of(childTid), tls);
    }

    /**
     * clone with CLONE_THREAD (pthread_create: CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND,
     * CLONE_THREAD, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
     * CLONE_DETACHED): a new thread of the caller's process, on its address space, with its
     * descriptors, working directory and signal actions (all read through the group's leader),
     * the caller's signal mask, registers at the system call with RAX 0 and the stack named,
     * and the FS base named. Returns the new thread's id, or -errno (-EAGAIN: no slot, buffer or
     * task; the process is ending).
     */
    private static long cloneThread(Process parent, long frame, long flags, long newStack, UserPtr parentTid,
            UserPtr childTid, long tls) {
        Process g = parent.group;
        if (g.groupExit || g.execer != null || parent.killSignal != 0) {
            return -Errno.EAGAIN;
        }
        if (!g.space.chargeKernel(THREAD_PAGES)) {
            return -Errno.EAGAIN;                   // the process's limit: its threads' kernel memory counts
        }
        Process t = Processes.createEmpty();
        if (t == null) {
            g.space.unchargeKernel(THREAD_PAGES);
            return -Errno.EAGAIN;
        }
        t.space = g.space;
        t.group = g;
        t.pgid = g.pgid;
        t.sid = g.sid;
        t.ppid = g.ppid;
        t.startTime = Clock.monotonicNanos();
        Processes.copyName(parent, t);
        t.signalMask = parent.signalMask;
        t.forkFsBase = (flags & CLONE_SETTLS) != 0 ? tls : parent.task.fsBase();
        TrapFrame.save(frame, t.io);
        Elf.put64(t.io, TrapFrame.RAX, 0);
        if (newStack != 0) {
            Elf.put64(t.io, TrapFrame.RSP, newStack);
        }
        UserMode.saveFpu(t.fpu);
        Elf.put32(parent.io, 0, t.pid);
        if ((flags & CLONE_CHILD_SETTID) != 0 && !UserAccess.copyTo(childTid, parent.io, 0, 4)
                || (flags & CLONE_PARENT_SETTID) != 0 && !UserAccess.copyTo(parentTid, parent.io, 0, 4)) {
            Processes.releaseThread(t);
            g.space.unchargeKernel(THREAD_PAGES);
            return -Errno.EFAULT;
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            t.clearChildTid = childTid.toLong();
        }
        t.cpus = parent.cpus;                       // placed by the scheduler within it, as any task
        Files.shareRow(g);                          // lookups in its descriptor row take references from now on
        Processes.addThread(g, t);
        int tid = t.pid;
        if (!Processes.startForked(t, FORKED)) {
            Processes.removeThread(t);
            Processes.releaseThread(t);
            g.space.unchargeKernel(THREAD_PAGES);
            return -Errno.EAGAIN;
        }
        threads++;
        return tid;
    }

    private static long threads;
    /**
     * Pages a thread other than the leader is charged against its process's limit: its kernel
     * stack, and a page for its task, staging, FPU and signal buffers.
     */
    static final long THREAD_PAGES = Stacks.STACK_PAGES + 1;

    /** Threads made by clone(CLONE_THREAD) so far. */
    public static long threads() {
        return threads;
    }

    /** A vfork child exec'd or ended: its parent goes on. */
    static void releaseVfork(Process p) {
        if (!p.vforkReleased) {                     // only the child itself sets it
            p.vforkReleased = true;
            CHILDREN.signal();
        }
    }

    /** Whether {@code child} is one {@code pid} names for wait4 of {@code parent} (-1 any, 0 its group, < -1 group -pid). */
    private static boolean matches(Process parent, Process child, long pid) {
        if (pid == -1) {
            return true;
        }
        if (pid == 0) {
            return child.pgid == parent.pgid;
        }
        if (pid < -1) {
            return child.pgid == -pid;
        }
        return child.pid == pid;
    }

    static final int P_ALL = 0;
    static final int P_PID = 1;
    static final int P_PGID = 2;

    /** What {@link #waitFor} found: a child that ended, stopped, or continued. */
    static final int ENDED = 0;
    static final int STOPPED = 1;
    static final int CONTINUED = 2;

    /**
     * wait4(2): waits for a child {@code pid} names to end (and reaps it), or with WUNTRACED to
     * stop, or with WCONTINUED to continue (reported once each: status sig << 8 | 0x7f, 0xffff);
     * its pid, 0 (WNOHANG and none ready), -ECHILD (no such child), -ERESTARTSYS (a signal came:
     * -EINTR, or restarted).
     */
    static long wait4(Process p, long pid, UserPtr status, long options, UserPtr rusage) {
        // p is the waiting thread (its buffer, its signals); the children are its process's
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WALL | WCLONE)) != 0) {
            return -Errno.EINVAL;
        }
        Process done = waitFor(p, pid, (int) options | WEXITED, false);
        if (done == null) {
            return p.waitError;
        }
        int kind = p.waitKind;
        int ws = kind == STOPPED ? p.waitSignal << 8 | 0x7F : kind == CONTINUED ? 0xFFFF : done.waitStatus;
        int donePid = done.pid;
        if (kind == ENDED) {
            reap(done);
        }
        if (!status.eq(UserPtr.of(0))) {
            Elf.put32(p.io, 0, ws);
            if (!UserAccess.copyTo(status, p.io, 0, 4)) {
                return -Errno.EFAULT;
            }
        }
        if (!rusage.eq(UserPtr.of(0))) {
            for (int i = 0; i < 144; i++) {
                p.io[i] = 0;
            }
            if (!UserAccess.copyTo(rusage, p.io, 0, 144)) {
                return -Errno.EFAULT;
            }
        }
        return donePid;
    }

    /**
     * waitid(2): P_ALL, P_PID, P_PGID; WEXITED, WSTOPPED, WCONTINUED (at least one), WNOHANG,
     * WNOWAIT; fills the siginfo (si_code CLD_EXITED, CLD_KILLED, CLD_STOPPED or CLD_CONTINUED,
     * si_pid, si_uid, si_status).
     */
    static long waitid(Process p, long idType, long id, UserPtr info, long options) {
        if ((options & ~(WNOHANG | WEXITED | WUNTRACED | WCONTINUED | WNOWAIT | WALL | WCLONE)) != 0
                || (options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) {
            return -Errno.EINVAL;
        }
        long pid;
        if (idType == P_ALL) {
            pid = -1;
        } else if (idType == P_PID && id > 0) {
            pid = id;
        } else if (idType == P_PGID && id >= 0) {
            pid = id == 0 ? 0 : -id;
        } else {
            return -Errno.EINVAL;
        }
        Process done = waitFor(p, pid, (int) options, (options & WNOWAIT) != 0);
        byte[] io = p.io;
        for (int i = 0; i < 128; i++) {
            io[i] = 0;
        }
        if (done == null) {
            if (p.waitError != 0) {
                return p.waitError;
            }
        } else {
            int ws = done.waitStatus;
            int code;
            int st;
            if (p.waitKind == STOPPED) {
                code = Signals.CLD_STOPPED;
                st = p.waitSignal;
            } else if (p.waitKind == CONTINUED) {
                code = Signals.CLD_CONTINUED;
                st = Signals.SIGCONT;
            } else {
                code = (ws & 0x7F) == 0 ? Signals.CLD_EXITED : Signals.CLD_KILLED;
                st = (ws & 0x7F) == 0 ? ws >> 8 & 0xFF : ws & 0x7F;
            }
            Elf.put32(io, 0, SIGCHLD);                      // si_signo
            Elf.put32(io, 8, code);                         // si_code
            Elf.put32(io, 16, done.pid);                    // si_pid
            Elf.put32(io, 20, 0);                           // si_uid
            Elf.put32(io, 24, st);                          // si_status
            if ((options & WNOWAIT) == 0 && p.waitKind == ENDED) {
                reap(done);
            }
        }
        if (!info.eq(UserPtr.of(0)) && !UserAccess.copyTo(info, io, 0, 128)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    /**
     * A child of {@code p} that {@code pid} names with something to report under {@code options}
     * (WEXITED: it ended — unlinked from the tree unless {@code peek}; WUNTRACED: it stopped;
     * WCONTINUED: it continued — the report taken unless {@code peek}), what it is in
     * {@code p.waitKind} (and the stop signal in {@code p.waitSignal}); waiting for one unless
     * WNOHANG. Null with {@code p.waitError} set to 0 (none yet, WNOHANG), -ECHILD or -ERESTARTSYS.
     */
    private static Process waitFor(Process p, long pid, int options, boolean peek) {
        boolean noHang = (options & WNOHANG) != 0;
        while (true) {
            int ticket = CHILDREN.ticket();     // before looking: a change after it ends the await at once
            boolean any = false;
            Process found = null;
            int kind = ENDED;
            Processes.lockTree();
            for (Process c = p.group.firstChild; c != null && found == null; c = c.nextSibling) {
                if (!matches(p.group, c, pid)) {
                    continue;
                }
                any = true;
                if (c.zombie) {
                    if ((options & WEXITED) != 0) {
                        found = c;
                        kind = ENDED;
                    }
                } else if (c.stateReport > 0 && c.stopped && (options & WUNTRACED) != 0) {
                    found = c;
                    kind = STOPPED;
                } else if (c.stateReport == Signals.CONTINUED && (options & WCONTINUED) != 0) {
                    found = c;
                    kind = CONTINUED;
                }
            }
            if (found != null) {
                p.waitKind = kind;
                p.waitSignal = kind == STOPPED ? found.stateReport : 0;
                if (!peek) {
                    if (kind == ENDED) {
                        Processes.unlinkLocked(found);
                    } else {
                        found.stateReport = 0;
                    }
                }
            }
            Processes.unlockTree();
            if (found != null) {
                return found;
            }
            if (!any) {
                p.waitError = -Errno.ECHILD;
                return null;
            }
            if (noHang) {
                p.waitError = 0;
                return null;
            }
            if (Signals.interrupted(p)) {
                p.waitError = -Errno.ERESTARTSYS;
                return null;
            }
            CHILDREN.await(ticket);
        }
    }

    /** Frees a zombie no one else can reach any more: its thread (once it has switched away for good) and its process. */
    static void reap(Process zombie) {
        Scheduler.join(Processes.takeTask(zombie));   // off the process first: /proc reads it under the table's lock
        Processes.release(zombie);
    }

    /** Forks so far. */
    public static long forks() {
        return forks;
    }
}
