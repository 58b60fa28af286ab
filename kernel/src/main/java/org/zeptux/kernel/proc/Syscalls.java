package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.Export;
import org.zeptux.rt.StackEntry;
import org.zeptux.rt.UserPtr;

/**
 * The system-call dispatcher: boot/user.asm's SYSCALL entry calls {@link #syscall} with the
 * saved registers, interrupts on, on the calling thread's kernel stack. Numbers, arguments
 * and results are Linux's x86-64 ABI (arch/x86/entry/syscalls/syscall_64.tbl): the number in
 * RAX, arguments in RDI, RSI, RDX, R10, R8, R9, the result in RAX, an error as -errno. A
 * number the kernel does not implement returns -ENOSYS and logs one line naming it and the
 * program. Pointer arguments are {@link UserPtr}s: only copied from and to, never dereferenced.
 */
public final class Syscalls {
    private Syscalls() {}

    static final int READ = 0;
    static final int WRITE = 1;
    static final int OPEN = 2;
    static final int CLOSE = 3;
    static final int STAT = 4;
    static final int FSTAT = 5;
    static final int LSTAT = 6;
    static final int LSEEK = 8;
    static final int MMAP = 9;
    static final int MPROTECT = 10;
    static final int MUNMAP = 11;
    static final int BRK = 12;
    static final int RT_SIGACTION = 13;
    static final int RT_SIGPROCMASK = 14;
    static final int RT_SIGRETURN = 15;
    static final int IOCTL = 16;
    static final int PREAD64 = 17;
    static final int READV = 19;
    static final int WRITEV = 20;
    static final int ACCESS = 21;
    static final int SCHED_YIELD = 24;
    static final int SCHED_SETAFFINITY = 203;
    static final int SCHED_GETAFFINITY = 204;
    static final int GETCPU = 309;
    static final int MADVISE = 28;
    static final int DUP = 32;
    static final int DUP2 = 33;
    static final int NANOSLEEP = 35;
    static final int GETPID = 39;
    static final int CLONE = 56;
    static final int CLONE3 = 435;
    static final int FORK = 57;
    static final int VFORK = 58;
    static final int EXECVE = 59;
    static final int WAIT4 = 61;
    static final int KILL = 62;
    static final int PAUSE = 34;
    static final int POLL = 7;
    static final int PPOLL = 271;
    static final int RT_SIGPENDING = 127;
    static final int RT_SIGTIMEDWAIT = 128;
    static final int RT_SIGSUSPEND = 130;
    static final int SETPGID = 109;
    static final int GETPGRP = 111;
    static final int SETSID = 112;
    static final int GETPGID = 121;
    static final int GETSID = 124;
    static final int TKILL = 200;
    static final int TGKILL = 234;
    static final int WAITID = 247;
    static final int SENDFILE = 40;
    static final int READLINK = 89;
    static final int PRCTL = 157;
    static final int READLINKAT = 267;
    static final int SET_ROBUST_LIST = 273;
    static final int GET_ROBUST_LIST = 274;
    static final int FUTEX = 202;
    static final int RSEQ = 334;
    static final int EXIT = 60;
    static final int UNAME = 63;
    static final int FCNTL = 72;
    static final int GETCWD = 79;
    static final int GETTIMEOFDAY = 96;
    static final int GETRLIMIT = 97;
    static final int GETUID = 102;
    static final int GETGID = 104;
    static final int GETEUID = 107;
    static final int GETEGID = 108;
    static final int GETPPID = 110;
    static final int ARCH_PRCTL = 158;
    static final int GETTID = 186;
    static final int TIME = 201;
    static final int GETDENTS64 = 217;
    static final int SET_TID_ADDRESS = 218;
    static final int CLOCK_GETTIME = 228;
    static final int CLOCK_GETRES = 229;
    static final int CLOCK_NANOSLEEP = 230;
    static final int RESTART_SYSCALL = 219;
    static final int SELECT = 23;
    static final int PSELECT6 = 270;
    static final int EXIT_GROUP = 231;
    static final int OPENAT = 257;
    static final int NEWFSTATAT = 262;
    static final int FACCESSAT = 269;
    static final int DUP3 = 292;
    static final int PRLIMIT64 = 302;
    static final int GETRANDOM = 318;
    // init and the machine (proc.Init, proc.Reboot)
    static final int REBOOT = 169;

    // ---- the file-system calls (FileCalls, PathCalls, Poll, ProcFs) ----
    static final int PWRITE64 = 18;
    static final int PIPE = 22;
    static final int FSYNC = 74;
    static final int FDATASYNC = 75;
    static final int TRUNCATE = 76;
    static final int FTRUNCATE = 77;
    static final int CHDIR = 80;
    static final int FCHDIR = 81;
    static final int RENAME = 82;
    static final int MKDIR = 83;
    static final int RMDIR = 84;
    static final int CREAT = 85;
    static final int LINK = 86;
    static final int UNLINK = 87;
    static final int SYMLINK = 88;
    static final int CHMOD = 90;
    static final int FCHMOD = 91;
    static final int CHOWN = 92;
    static final int FCHOWN = 93;
    static final int LCHOWN = 94;
    static final int UMASK = 95;
    static final int SYSINFO = 99;
    static final int MKNOD = 133;
    static final int STATFS = 137;
    static final int FSTATFS = 138;
    static final int SYNC = 162;
    static final int MOUNT = 165;
    static final int UMOUNT2 = 166;
    static final int MKDIRAT = 258;
    static final int MKNODAT = 259;
    static final int FCHOWNAT = 260;
    static final int UNLINKAT = 263;
    static final int RENAMEAT = 264;
    static final int LINKAT = 265;
    static final int SYMLINKAT = 266;
    static final int FCHMODAT = 268;
    static final int UTIMENSAT = 280;
    static final int PIPE2 = 293;
    static final int PREADV = 295;
    static final int PWRITEV = 296;
    static final int SYNCFS = 306;
    static final int RENAMEAT2 = 316;
    static final int STATX = 332;
    static final int FACCESSAT2 = 439;
    static final int SETRLIMIT = 160;

    static final long AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;

    /** Whether every system call is logged with its first arguments and result (the monitor's {@code systrace on}). */
    static volatile boolean trace;
    private static long calls;
    private static long unimplemented;

    /** The dispatcher (boot/user.asm). */
    @Export("zeptux_syscall")
    @StackEntry(bytes = 16384 - 256, interrupts = true)
    static void syscall(long frame) {
        calls++;
        Process p = Processes.ofFrame(frame);      // not current(): with interrupts on it could move CPUs in between
        long nr = TrapFrame.rax(frame);
        p.syscallNumber = nr;
        long a0 = TrapFrame.argument(frame, 0);
        long a1 = TrapFrame.argument(frame, 1);
        long a2 = TrapFrame.argument(frame, 2);
        long a3 = TrapFrame.argument(frame, 3);
        long a4 = TrapFrame.argument(frame, 4);
        long a5 = TrapFrame.argument(frame, 5);
        long result;
        switch ((int) nr == nr ? (int) nr : -1) {
            case FORK: result = Family.clone(p, frame, Family.SIGCHLD, 0, user(0), user(0), 0); break;
            case VFORK: result = Family.clone(p, frame, Family.CLONE_VFORK | Family.CLONE_VM | Family.SIGCHLD, 0, user(0),
                    user(0), 0); break;
            // clone(flags, stack, parent_tid, child_tid, tls): x86-64's order
            case CLONE: result = Family.clone(p, frame, a0, a1, user(a2), user(a3), a4); break;
            case CLONE3: result = Family.clone3(p, frame, user(a0), a1); break;
            case EXECVE: result = ExecCalls.execve(p, frame, user(a0), user(a1), user(a2)); break;
            case RT_SIGRETURN: result = Signals.sigreturn(p, frame); break;
            default: result = dispatch(p, nr, a0, a1, a2, a3, a4, a5); break;
        }
        if (nr == EXECVE) {
            p = Processes.ofFrame(frame);           // an execve of a thread took over its leader's
        }

        if (trace) {
            Processes.printName(p);
            Printf.printf("[%d]: system call %ld (0x%lx, 0x%lx, 0x%lx) = %ld\n", p.pid, nr, a0, a1, a2, result);
        }
        TrapFrame.setResult(frame, result);
    }

    /** System calls made, and those answered -ENOSYS. */
    public static long calls() {
        return calls;
    }

    public static long unimplemented() {
        return unimplemented;
    }

    private static UserPtr user(long a) {
        return UserPtr.of(a);
    }

    /**
     * An argument the Linux prototype declares {@code int} (pid_t, a descriptor of the *at
     * calls, flags): its low 32 bits, sign-extended. Callers (glibc) leave the upper half of
     * the register undefined, so it must not count: wait4(-1) may arrive as 0xffffffff.
     */
    static long i32(long a) {
        return (int) a;
    }

    /** An argument the prototype declares {@code unsigned int} (most descriptors, whence, cmd): its low 32 bits. */
    static long u32(long a) {
        return a & 0xFFFFFFFFL;
    }

    static long dispatch(Process p, long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        switch ((int) nr == nr ? (int) nr : -1) {
            // ---- the file-system calls (FileCalls: descriptors, PathCalls: paths) ----
            case READ: return FileCalls.read(p, u32(a0), user(a1), a2, -1);
            case PREAD64: return FileCalls.read(p, u32(a0), user(a1), a2, a3 < 0 ? -2 : a3);
            case WRITE: return FileCalls.write(p, u32(a0), user(a1), a2, -1);
            case PWRITE64: return FileCalls.write(p, u32(a0), user(a1), a2, a3 < 0 ? -2 : a3);
            case READV: return FileCalls.vector(p, u32(a0), user(a1), i32(a2), false, -1);
            case WRITEV: return FileCalls.vector(p, u32(a0), user(a1), i32(a2), true, -1);
            case PREADV: return FileCalls.vector(p, u32(a0), user(a1), i32(a2), false, a3 < 0 ? -2 : a3);
            case PWRITEV: return FileCalls.vector(p, u32(a0), user(a1), i32(a2), true, a3 < 0 ? -2 : a3);
            case OPEN: return PathCalls.open(p, AT_FDCWD, user(a0), i32(a1), u32(a2));
            case OPENAT: return PathCalls.open(p, i32(a0), user(a1), i32(a2), u32(a3));
            case CREAT: return PathCalls.open(p, AT_FDCWD, user(a0), Files.O_CREAT | Files.O_WRONLY | Files.O_TRUNC, u32(a1));
            case CLOSE: return Files.close(p, u32(a0));
            case LSEEK: return FileCalls.lseek(p, u32(a0), a1, u32(a2));
            case FSTAT: return FileCalls.fstat(p, u32(a0), user(a1));
            case STAT: return PathCalls.stat(p, AT_FDCWD, user(a0), user(a1), 0);
            case LSTAT: return PathCalls.stat(p, AT_FDCWD, user(a0), user(a1), AT_SYMLINK_NOFOLLOW);
            case NEWFSTATAT: return PathCalls.stat(p, i32(a0), user(a1), user(a2), i32(a3));
            case STATX: return PathCalls.statx(p, i32(a0), user(a1), i32(a2), u32(a3), user(a4));
            case ACCESS: return PathCalls.access(p, AT_FDCWD, user(a0), i32(a1), 0);
            case FACCESSAT: return PathCalls.access(p, i32(a0), user(a1), i32(a2), 0);
            case FACCESSAT2: return PathCalls.access(p, i32(a0), user(a1), i32(a2), i32(a3));
            case GETDENTS64: return FileCalls.getdents(p, u32(a0), user(a1), u32(a2));
            case IOCTL: return FileCalls.ioctl(p, u32(a0), u32(a1), user(a2));
            case FCNTL: return FileCalls.fcntl(p, u32(a0), u32(a1), a2);
            case DUP: return FileCalls.dup(p, u32(a0), -1, 0);
            case DUP2: return FileCalls.dup(p, u32(a0), u32(a1), 0);
            case DUP3: return u32(a0) == u32(a1) ? -Errno.EINVAL : FileCalls.dup(p, u32(a0), u32(a1), i32(a2));
            case PIPE: return FileCalls.pipe(p, user(a0), 0);
            case PIPE2: return FileCalls.pipe(p, user(a0), i32(a1));
            case POLL: return Poll.pollMillis(p, user(a0), u32(a1), i32(a2));
            case PPOLL: return Poll.ppoll(p, user(a0), u32(a1), user(a2), user(a3), a4);
            case SELECT: return Poll.selectCall(p, i32(a0), user(a1), user(a2), user(a3), user(a4));
            case PSELECT6: return Poll.pselect6(p, i32(a0), user(a1), user(a2), user(a3), user(a4), user(a5));
            case FSYNC:
            case FDATASYNC:
            case SYNCFS:
                return FileCalls.fsync(p, u32(a0));
            case SYNC:
                org.zeptux.kernel.fs.Ext2.syncAll();      // sync(2) reports nothing
                return 0;
            case TRUNCATE: return PathCalls.truncate(p, user(a0), a1);
            case FTRUNCATE: return FileCalls.ftruncate(p, u32(a0), a1);
            case GETCWD: return PathCalls.getcwd(p, user(a0), a1);
            case CHDIR: return PathCalls.chdir(p, user(a0));
            case FCHDIR: return FileCalls.fchdir(p, u32(a0));
            case MKDIR: return PathCalls.mkdir(p, AT_FDCWD, user(a0), u32(a1));
            case MKDIRAT: return PathCalls.mkdir(p, i32(a0), user(a1), u32(a2));
            case MKNOD: return PathCalls.mknod(p, AT_FDCWD, user(a0), u32(a1), u32(a2));
            case MKNODAT: return PathCalls.mknod(p, i32(a0), user(a1), u32(a2), u32(a3));
            case UNLINK: return PathCalls.unlinkat(p, AT_FDCWD, user(a0), 0);
            case RMDIR: return PathCalls.unlinkat(p, AT_FDCWD, user(a0), PathCalls.AT_REMOVEDIR);
            case UNLINKAT: return PathCalls.unlinkat(p, i32(a0), user(a1), i32(a2));
            case RENAME: return PathCalls.rename(p, AT_FDCWD, user(a0), AT_FDCWD, user(a1), 0);
            case RENAMEAT: return PathCalls.rename(p, i32(a0), user(a1), i32(a2), user(a3), 0);
            case RENAMEAT2: return PathCalls.rename(p, i32(a0), user(a1), i32(a2), user(a3), u32(a4));
            case LINK: return PathCalls.link(p, AT_FDCWD, user(a0), AT_FDCWD, user(a1), 0);
            case LINKAT: return PathCalls.link(p, i32(a0), user(a1), i32(a2), user(a3), i32(a4));
            case SYMLINK: return PathCalls.symlink(p, user(a0), AT_FDCWD, user(a1));
            case SYMLINKAT: return PathCalls.symlink(p, user(a0), i32(a1), user(a2));
            case READLINK: return PathCalls.readlink(p, AT_FDCWD, user(a0), user(a1), i32(a2));
            case READLINKAT: return PathCalls.readlink(p, i32(a0), user(a1), user(a2), i32(a3));
            case CHMOD: return PathCalls.attributes(p, AT_FDCWD, user(a0), false, u32(a1), 0, 0);
            case FCHMODAT: return PathCalls.attributes(p, i32(a0), user(a1), false, u32(a2), 0, 0);
            case FCHMOD: return FileCalls.fattr(p, u32(a0), false, u32(a1), 0);
            case CHOWN: return PathCalls.attributes(p, AT_FDCWD, user(a0), true, i32(a1), i32(a2), 0);
            case LCHOWN: return PathCalls.attributes(p, AT_FDCWD, user(a0), true, i32(a1), i32(a2), AT_SYMLINK_NOFOLLOW);
            case FCHOWNAT: return PathCalls.attributes(p, i32(a0), user(a1), true, i32(a2), i32(a3), i32(a4));
            case FCHOWN: return FileCalls.fattr(p, u32(a0), true, i32(a1), i32(a2));
            case UTIMENSAT: return PathCalls.utimensat(p, i32(a0), user(a1), user(a2), i32(a3));
            case UMASK: return PathCalls.umask(p, u32(a0));
            case MOUNT: return PathCalls.mount(p, user(a0), user(a1), user(a2), a3, user(a4));
            case UMOUNT2: return PathCalls.umount(p, user(a0), i32(a1));
            case STATFS: return PathCalls.statfs(p, user(a0), -1, user(a1));
            case FSTATFS: return PathCalls.statfs(p, UserPtr.of(0), u32(a0), user(a1));
            case SYSINFO: return ProcFs.sysinfo(p, user(a0));
            case SENDFILE: return FileCalls.sendfile(p, i32(a0), i32(a1), user(a2), a3);
            case SETRLIMIT: return TimeCalls.prlimit(p, 0, u32(a0), user(a1), user(0));
            case SET_ROBUST_LIST: return Futex.setRobustList(p, a0, a1);
            case GET_ROBUST_LIST: return Futex.getRobustList(p, i32(a0), user(a1), user(a2));
            case FUTEX: return Futex.futex(p, user(a0), i32(a1), u32(a2), a3, user(a4), u32(a5));
            case PRCTL: return prctl(p, i32(a0), a1);
            case RSEQ: return rseq(p, a0, u32(a1), i32(a2), u32(a3));
            case EXIT:
                Processes.exitThread(((int) a0 & 0xFF) << 8);   // int status: its low byte
                return 0;
            case EXIT_GROUP:
                Processes.exit(((int) a0 & 0xFF) << 8);
                return 0;
            case GETPID: return p.group.pid;           // the thread group's id: its leader's
            case GETTID: return p.pid;
            case GETPPID: return p.group.ppid;
            case GETUID:
            case GETGID:
            case GETEUID:
            case GETEGID:
                return 0;
            case SET_TID_ADDRESS:
                p.clearChildTid = a0;
                return p.pid;
            case ARCH_PRCTL: return archPrctl(p, i32(a0), a1);
            case BRK: return p.space.moveBreak(a0);          // brk(0), below the start: the break unchanged
            case MMAP: return MemoryCalls.mmap(p, a0, a1, a2, a3, u32(a4), a5);
            case MUNMAP: return MemoryCalls.munmap(p, a0, a1);
            case MPROTECT: return MemoryCalls.mprotect(p, a0, a1, a2);
            case MADVISE: return 0;                   // advice: nothing to do with eager, private memory
            case RT_SIGACTION: return Signals.action(p, i32(a0), user(a1), user(a2), a3);
            case RT_SIGPROCMASK: return Signals.mask(p, i32(a0), user(a1), user(a2), a3);
            case WAIT4: return Family.wait4(p, i32(a0), user(a1), i32(a2), user(a3));
            case WAITID: return Family.waitid(p, i32(a0), i32(a1), user(a2), i32(a3));
            case KILL: return Signals.kill(p, i32(a0), i32(a1), Signals.SI_USER);
            case TKILL: return i32(a0) <= 0 ? -Errno.EINVAL : Signals.tkill(p, -1, i32(a0), i32(a1));
            case TGKILL: return i32(a0) <= 0 || i32(a1) <= 0 ? -Errno.EINVAL : Signals.tkill(p, i32(a0), i32(a1), i32(a2));
            case PAUSE: return Signals.sleepUntilSignal(p);
            case RT_SIGPENDING: return Signals.sigpending(p, user(a0), a1);
            case RT_SIGSUSPEND: return Signals.sigsuspend(p, user(a0), a1);
            case RT_SIGTIMEDWAIT: return Signals.sigtimedwait(p, user(a0), user(a1), user(a2), a3);
            case SETPGID: return Groups.setpgid(p.group, i32(a0), i32(a1));
            case GETPGID: return Groups.getpgid(p.group, i32(a0));
            case GETPGRP: return p.group.pgid;
            case SETSID: return Groups.setsid(p.group);
            case GETSID: return Groups.getsid(p.group, i32(a0));
            case SCHED_YIELD:
                Scheduler.yield();
                return 0;
            case SCHED_SETAFFINITY: return CpuCalls.setaffinity(p, (int) a0, u32(a1), user(a2));
            case SCHED_GETAFFINITY: return CpuCalls.getaffinity(p, (int) a0, u32(a1), user(a2));
            case GETCPU: return CpuCalls.getcpu(p, user(a0), user(a1));
            case UNAME: return TimeCalls.uname(p, user(a0));
            case CLOCK_GETTIME: return TimeCalls.clockGettime(p, i32(a0), user(a1));
            case CLOCK_GETRES: return TimeCalls.clockGetres(p, i32(a0), user(a1));
            case GETTIMEOFDAY: return TimeCalls.gettimeofday(p, user(a0), user(a1));
            case TIME: return TimeCalls.time(p, user(a0));
            case NANOSLEEP: return TimeCalls.nanosleep(p, 1, 0, user(a0), user(a1));
            case CLOCK_NANOSLEEP: return TimeCalls.nanosleep(p, i32(a0), i32(a1), user(a2), user(a3));
            case RESTART_SYSCALL: return TimeCalls.restart(p);
            case GETRANDOM: return TimeCalls.getrandom(p, user(a0), a1, u32(a2));
            case PRLIMIT64: return TimeCalls.prlimit(p, i32(a0), u32(a1), user(a2), user(a3));
            case GETRLIMIT: return TimeCalls.prlimit(p, 0, u32(a0), user(0), user(a1));
            // init and the machine
            case REBOOT: return Reboot.reboot(p, i32(a0), i32(a1), u32(a2), user(a3));
            default:
                unimplemented++;
                Processes.printName(p);
                Printf.printf("[%d]: unimplemented system call %ld\n", p.pid, nr);
                return -Errno.ENOSYS;
        }
    }

    /** sizeof(struct robust_list_head) on x86-64. */
    static final long ROBUST_LIST_HEAD = 24;
    static final int PR_SET_NAME = 15;
    static final int PR_GET_NAME = 16;

    /** prctl(2): PR_SET_NAME and PR_GET_NAME (the 16-byte name {@code procs} and fault lines show); else -EINVAL. */
    private static long prctl(Process p, long option, long arg) {
        if (option == PR_SET_NAME) {
            int n = UserAccess.string(p.io, user(arg));
            if (n < 0) {
                return -Errno.EFAULT;
            }
            Processes.setName(p, p.io, Math.min(n, Processes.NAME - 1), false);
            return 0;
        }
        if (option == PR_GET_NAME) {
            Processes.copyName(p, p.io);
            return UserAccess.copyTo(user(arg), p.io, 0, Processes.NAME) ? 0 : -Errno.EFAULT;
        }
        return -Errno.EINVAL;
    }

    /** sizeof(struct rseq) as registered by glibc 2.35+ (the original 32-byte layout). */
    static final long RSEQ_SIZE = 32;
    static final int RSEQ_FLAG_UNREGISTER = 1;

    /**
     * rseq(2): registers the thread's struct rseq (32 bytes, 32-byte aligned) and writes its
     * cpu_id_start and cpu_id (0: one CPU; the SMP issue keeps them current across migrations).
     * No restartable sequence is ever aborted: with one CPU and preemption only at the return
     * to user mode of an interrupt, the kernel clears rseq_cs as Linux does on preemption only
     * where the SMP issue needs it. Unregistering takes the same pointer and signature.
     */
    private static long rseq(Process p, long address, long length, long flags, long signature) {
        if ((flags & ~RSEQ_FLAG_UNREGISTER) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & RSEQ_FLAG_UNREGISTER) != 0) {
            if (p.rseq == 0 || p.rseq != address) {
                return -Errno.EINVAL;
            }
            if (p.rseqSignature != signature) {
                return -Errno.EPERM;
            }
            p.rseq = 0;
            return 0;
        }
        if (p.rseq != 0) {
            return p.rseq == address && p.rseqSignature == signature ? -Errno.EBUSY : -Errno.EINVAL;
        }
        if (length != RSEQ_SIZE || (address & 31) != 0) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < 8; i++) {
            p.io[i] = 0;                            // cpu_id_start, cpu_id: CPU 0
        }
        if (!UserAccess.copyTo(user(address), p.io, 0, 8)) {
            return -Errno.EFAULT;
        }
        p.rseq = address;
        p.rseqSignature = signature;
        return 0;
    }

    static final int ARCH_SET_FS = 0x1002;
    static final int ARCH_GET_FS = 0x1003;

    private static long archPrctl(Process p, long code, long address) {
        if (code == ARCH_SET_FS) {
            if (address < 0 || address >= UserAccess.USER_END) {
                return -Errno.EPERM;
            }
            Scheduler.setFsBase(address);
            return 0;
        }
        if (code == ARCH_GET_FS) {
            Elf.put64(p.io, 0, p.task.fsBase());
            return UserAccess.copyTo(user(address), p.io, 0, 8) ? 0 : -Errno.EFAULT;
        }
        return -Errno.EINVAL;
    }

    /** Prints the counters ({@code procs}). */
    public static void print() {
        Printf.printf("%lu system calls, %lu unimplemented\n", calls, unimplemented);
    }
}
