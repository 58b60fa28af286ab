package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.TrapFrame;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.UserPtr;

/**
 * execve(2): the calling process becomes the program at the path, with the argument and
 * environment strings it passes (copied in first, at most {@link #ARG_MAX} bytes together). The
 * new program is loaded into a new address space; only when that has worked does the process
 * let go of the old one, so a failed execve returns its error to a process that is as it was.
 * Then descriptors with FD_CLOEXEC close, caught signals go back to their default (ignored ones
 * stay ignored), the FPU state and FS base are reset, a vfork parent goes on, and the system
 * call returns into the new program's entry.
 */
final class ExecCalls {
    private ExecCalls() {}

    /** Bytes of path, arguments and environment together (Linux allows far more: a later issue). */
    static final int ARG_MAX = 32768;
    static final Pool<byte[]> ARGS = Pool.ofBytes("exec arguments", ARG_MAX, Owner.KERNEL_HEAP);

    /**
     * Copies the NULL-terminated vector of strings at user {@code vector} into {@code b} from
     * {@code at}; returns the count << 32 | the bytes used, or -errno.
     */
    private static long strings(Process p, UserPtr vector, byte[] b, int at) {
        int used = 0;
        int count = 0;
        if (vector.eq(UserPtr.of(0))) {
            return 0;
        }
        while (true) {
            if (!UserAccess.copyFrom(p.io, 0, vector.plus(8L * count), 8)) {
                return -Errno.EFAULT;
            }
            long s = Elf.u64(p.io, 0);
            if (s == 0) {
                return (long) count << 32 | used;
            }
            if (count >= Exec.MAX_STRINGS) {
                return -Errno.E2BIG;
            }
            int n = UserAccess.string(b, at + used, b.length - at - used, UserPtr.of(s));
            if (n < 0) {
                return -Errno.EFAULT;
            }
            if (n >= b.length - at - used) {
                return -Errno.E2BIG;
            }
            used += n + 1;
            count++;
        }
    }

    static long execve(Process p, long frame, UserPtr path, UserPtr argv, UserPtr envp) {
        byte[] b = ARGS.alloc();
        if (b == null) {
            return -Errno.ENOMEM;
        }
        try {
            return execveWith(p, frame, b, path, argv, envp);
        } finally {
            ARGS.free(b);
        }
    }

    private static long execveWith(Process p, long frame, byte[] b, UserPtr path, UserPtr argv, UserPtr envp) {
        int pathLength = UserAccess.string(b, 0, b.length, path);
        if (pathLength < 0) {
            return -Errno.EFAULT;
        }
        if (pathLength >= 4096) {
            return -Errno.ENAMETOOLONG;
        }
        if (pathLength == 0) {
            return -Errno.ENOENT;
        }
        int argsAt = pathLength + 1;
        long args = strings(p, argv, b, argsAt);
        if (args < 0) {
            return args;
        }
        int argBytes = (int) args;
        int argc = (int) (args >>> 32);
        long env = strings(p, envp, b, argsAt + argBytes);
        if (env < 0) {
            return env;
        }
        int envBytes = (int) env;
        int envc = (int) (env >>> 32);
        AddressSpace fresh = AddressSpace.create(p.space.limitPages());
        if (fresh == null) {
            return -Errno.ENOMEM;
        }
        String why = Exec.loadInto(p, fresh, b, 0, pathLength, argsAt, argBytes, argc, envBytes, envc);
        if (why != null) {
            fresh.destroy();
            return -errnoOf(why);
        }
        p = Processes.deThread(p);                  // the other threads end; this one leads
        AddressSpace old = p.space;
        p.space = fresh;
        Scheduler.setUser(p, fresh, p.fpu);
        Processes.dropSpace(old);                   // a vfork parent sharing it (CLONE_VM) keeps it
        Files.closeOnExec(p);
        Signals.resetForExec(p);
        p.rseq = 0;                                 // a new program registers its own
        Family.releaseVfork(p);
        TrapFrame.resetForExec(frame, p.entry, p.stackPointer);
        return 0;
    }

    /** The errno of one of Exec's reasons (ENOEXEC for the executable reader's). */
    static int errnoOf(String why) {
        if (why == Exec.NOT_FOUND) {
            return Errno.ENOENT;
        }
        if (why == Exec.NOT_REGULAR || why == Exec.NOT_PERMITTED) {
            return Errno.EACCES;
        }
        if (why == Exec.NO_MEMORY) {
            return Errno.ENOMEM;
        }
        if (why == Exec.TOO_BIG) {
            return Errno.E2BIG;
        }
        return Errno.ENOEXEC;
    }
}
