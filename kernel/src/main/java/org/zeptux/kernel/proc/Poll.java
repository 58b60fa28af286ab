package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.UserPtr;

/**
 * poll(2) and ppoll(2) over the descriptors there are: the console is readable when a line
 * (canonical) or a byte (raw) is there and always writable; files and directories are always
 * both. Waits by looking again every tick until a descriptor is ready, the timeout passes, or a
 * signal comes (-EINTR).
 */
final class Poll {
    private Poll() {}

    static final int POLLIN = 0x1;
    static final int POLLPRI = 0x2;
    static final int POLLOUT = 0x4;
    static final int POLLNVAL = 0x20;
    static final int MAX = 1024;

    /** poll(fds, nfds, timeout ms; negative: forever). */
    static long poll(Process p, UserPtr fds, long count, long timeoutMs) {
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : Clock.monotonicNanos() + Math.min(timeoutMs, 1L << 40) * 1_000_000L;
        return wait(p, fds, count, deadline);
    }

    /** ppoll(fds, nfds, timespec or null, sigmask or null, sigsetsize): the mask is used while waiting. */
    static long ppoll(Process p, UserPtr fds, long count, UserPtr timeout, UserPtr mask, long setSize) {
        long deadline = Long.MAX_VALUE;
        if (!timeout.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, timeout, 16)) {
                return -Errno.EFAULT;
            }
            long sec = Elf.u64(p.io, 0);
            long nsec = Elf.u64(p.io, 8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                return -Errno.EINVAL;
            }
            deadline = Clock.monotonicNanos() + Math.min(sec, 1L << 30) * 1_000_000_000L + nsec;
        }
        if (!mask.eq(UserPtr.of(0))) {
            if (setSize != 8) {
                return -Errno.EINVAL;
            }
            if (!UserAccess.copyFrom(p.io, 0, mask, 8)) {
                return -Errno.EFAULT;
            }
            p.savedMask = p.signalMask;
            p.restoreSavedMask = true;
            p.signalMask = Elf.u64(p.io, 0) & ~Signals.UNBLOCKABLE;
        }
        return wait(p, fds, count, deadline);
    }

    private static long wait(Process p, UserPtr fds, long count, long deadline) {
        if (count < 0 || count > MAX) {
            return -Errno.EINVAL;
        }
        byte[] io = p.io;
        while (true) {
            int readyCount = 0;
            for (long i = 0; i < count; i += 256) {
                int n = (int) Math.min(256, count - i);
                if (!UserAccess.copyFrom(io, 0, fds.plus(8 * i), 8 * n)) {
                    return -Errno.EFAULT;
                }
                for (int k = 0; k < n; k++) {
                    int fd = Elf.i32(io, 8 * k);
                    int events = (Elf.i32(io, 8 * k + 4) & 0xFFFF) | POLLNVAL;
                    int revents = fd < 0 ? 0 : ready(p, fd) & events;
                    io[8 * k + 6] = (byte) revents;
                    io[8 * k + 7] = (byte) (revents >> 8);
                    if (revents != 0) {
                        readyCount++;
                    }
                }
                if (!UserAccess.copyTo(fds.plus(8 * i), io, 0, 8 * n)) {
                    return -Errno.EFAULT;
                }
            }
            if (readyCount > 0) {
                return readyCount;
            }
            if (Clock.monotonicNanos() >= deadline) {
                return 0;
            }
            if (Signals.interrupted(p)) {
                return -Errno.EINTR;
            }
            Scheduler.sleep(10);
        }
    }

    /** What descriptor {@code fd} of {@code p} is ready for now (POLLNVAL when it is not open). */
    private static int ready(Process p, int fd) {
        Files.File f = Files.get(p, fd);
        if (f == null) {
            return POLLNVAL;
        }
        if (f.kind == Files.CONSOLE) {
            return (Terminal.readable() ? POLLIN : 0) | POLLOUT;
        }
        return POLLIN | POLLOUT;
    }
}
