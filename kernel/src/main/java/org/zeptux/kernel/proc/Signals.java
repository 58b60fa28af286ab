package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.rt.UserPtr;

/**
 * rt_sigaction and rt_sigprocmask as Linux's x86-64 ABI has them: the actions a process sets
 * are recorded (the 32-byte struct the kernel takes: handler, flags, restorer, mask) and read
 * back, the mask is kept; delivery to handlers comes with the processes issue, so every signal
 * that reaches a process takes its default action (for those the kernel sends today: end it).
 */
public final class Signals {
    private Signals() {}

    public static final int SIGNALS = 64;
    static final int ACTION = 32;
    static final int SIGSTOP = 19;
    static final int SIG_BLOCK = 0;
    static final int SIG_UNBLOCK = 1;
    static final int SIG_SETMASK = 2;

    static final Pool<byte[]> ACTIONS = Pool.ofBytes("signal actions", SIGNALS * ACTION, Owner.KERNEL_HEAP);
    private static final byte[] DEFAULT = new byte[ACTION];

    /** rt_sigaction(sig, act, oldact, sigsetsize). */
    static long action(Process p, long sig, UserPtr act, UserPtr old, long setSize) {
        if (setSize != 8 || sig < 1 || sig > SIGNALS) {
            return -Errno.EINVAL;
        }
        if (!act.eq(UserPtr.of(0)) && (sig == Processes.SIGKILL || sig == SIGSTOP)) {
            return -Errno.EINVAL;
        }
        int at = (int) (sig - 1) * ACTION;
        if (!old.eq(UserPtr.of(0))) {
            boolean ok = p.actions == null ? UserAccess.copyTo(old, DEFAULT, 0, ACTION)
                    : UserAccess.copyTo(old, p.actions, at, ACTION);
            if (!ok) {
                return -Errno.EFAULT;
            }
        }
        if (!act.eq(UserPtr.of(0))) {
            if (p.actions == null) {
                p.actions = ACTIONS.alloc();
                if (p.actions == null) {
                    return -Errno.ENOMEM;
                }
                for (int i = 0; i < p.actions.length; i++) {
                    p.actions[i] = 0;
                }
            }
            if (!UserAccess.copyFrom(p.actions, at, act, ACTION)) {
                return -Errno.EFAULT;
            }
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

    /** Frees {@code p}'s recorded actions. */
    static void release(Process p) {
        if (p.actions != null) {
            ACTIONS.free(p.actions);
            p.actions = null;
        }
    }
}
