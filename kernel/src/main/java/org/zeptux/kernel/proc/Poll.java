package org.zeptux.kernel.proc;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.sched.WaitQueue;
import org.zeptux.rt.UserPtr;

/**
 * poll(2) and ppoll(2): which of a process's descriptors are ready — a pipe with data or room,
 * the console with input, a file always — waiting until one is, the timeout passes, or the
 * process is killed (EINTR). Waiters sleep on one queue, {@link #QUEUE}, which every change
 * that can make a descriptor ready wakes (a pipe's read, write or close; console input through
 * {@link Uart}'s receive hook, a signal through {@link Files#interrupt}); each woken waiter looks
 * at its descriptors again. The check and the sleep happen with interrupts disabled, so a wake-up
 * in between cannot be lost. A signal it does not block ends the wait with EINTR (Linux's
 * ERESTARTNOHAND: with a handler, EINTR); ppoll's mask is in force while it waits.
 */
public final class Poll {
    private Poll() {}

    public static final int POLLIN = 0x001;
    public static final int POLLPRI = 0x002;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;
    public static final int POLLRDNORM = 0x040;
    public static final int POLLRDBAND = 0x080;
    public static final int POLLWRNORM = 0x100;
    public static final int POLLWRBAND = 0x200;
    /** What every file without a poll method of its own is: readable and writable (Linux's DEFAULT_POLLMASK). */
    static final int DEFAULT = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    static final int POLLFD = 8;
    /** The most records one call takes (Linux: RLIMIT_NOFILE, 1024 by default). */
    static final int MAX = 1024;

    static final WaitQueue QUEUE = new WaitQueue("poll");
    private static final Hook HOOK = new Hook();

    /** Connects console input to the waiters. Once, at boot. */
    public static void init() {
        Uart.setReceiveHook(HOOK);
    }

    private static final class Hook implements Uart.ReceiveHook {
        public void received() {
            wake();
        }
    }

    /** Wakes every waiter (any context). */
    static void wake() {
        if (!QUEUE.isEmpty()) {
            QUEUE.wakeAll();
        }
    }

    /** The events {@code f} has now. */
    static int events(Files.File f) {
        switch (f.kind) {
            case Files.PIPE:
                return f.pipe.events((f.flags & Files.O_ACCMODE) != Files.O_RDONLY);
            case Files.CHAR:
                return Devices.events(f.device);
            default:
                return DEFAULT;
        }
    }

    /**
     * poll(2): {@code nfds} pollfd records at {@code fds}, waiting at most {@code timeoutNanos}
     * (-1: for ever). The number of descriptors with events, 0 at the timeout, or -errno.
     */
    static long poll(Process p, UserPtr fds, long nfds, long timeoutNanos) {
        if (nfds < 0 || nfds > MAX) {
            return -Errno.EINVAL;
        }
        long deadline = timeoutNanos < 0 ? -1 : Clock.monotonicNanos() + timeoutNanos;
        while (true) {
            long ready = scan(p, fds, (int) nfds, false);
            if (ready != 0) {
                return ready;
            }
            long left = deadline < 0 ? -1 : deadline - Clock.monotonicNanos();
            if (deadline >= 0 && left <= 0) {
                return scan(p, fds, (int) nfds, true);     // writes the zero revents back
            }
            long flags = Scheduler.irqSave();
            if (Signals.interrupted(p)) {
                Scheduler.irqRestore(flags);
                return -Errno.EINTR;
            }
            if (scan(p, fds, (int) nfds, false) != 0) {    // ready meanwhile: look again with interrupts on
                Scheduler.irqRestore(flags);
                continue;
            }
            p.blockedOn = QUEUE;
            if (left < 0) {
                QUEUE.waitLocked();
            } else {
                QUEUE.waitLockedTimeout((left * Timer.HZ + 999_999_999L) / 1_000_000_000L);
            }
            p.blockedOn = null;
            Scheduler.irqRestore(flags);
        }
    }

    /**
     * Looks at every record: how many have events (their revents written back when some have,
     * or when {@code always}), or -EFAULT. Records are read and written through the staging
     * buffer, 512 at a time.
     */
    private static long scan(Process p, UserPtr fds, int nfds, boolean always) {
        byte[] io = p.io;
        int perChunk = io.length / POLLFD;
        long ready = 0;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1 && ready == 0 && !always) {
                return 0;
            }
            for (int from = 0; from < nfds; from += perChunk) {
                int count = Math.min(perChunk, nfds - from);
                UserPtr at = fds.plus((long) from * POLLFD);
                if (!UserAccess.copyFrom(io, 0, at, count * POLLFD)) {
                    return -Errno.EFAULT;
                }
                for (int i = 0; i < count; i++) {
                    int fd = Elf.i32(io, i * POLLFD);
                    int wanted = Elf.u16(io, i * POLLFD + 4);
                    int revents = 0;
                    if (fd >= 0) {
                        Files.File f = Files.get(p, fd);
                        revents = f == null ? POLLNVAL : events(f) & (wanted | POLLERR | POLLHUP | POLLNVAL);
                    }
                    if (pass == 0) {
                        if (revents != 0) {
                            ready++;
                        }
                    } else {
                        io[i * POLLFD + 6] = (byte) revents;
                        io[i * POLLFD + 7] = (byte) (revents >> 8);
                    }
                }
                if (pass == 1 && !UserAccess.copyTo(at, io, 0, count * POLLFD)) {
                    return -Errno.EFAULT;
                }
            }
        }
        return ready;
    }

    /** poll(2) with a timeout in milliseconds (negative: for ever). */
    static long pollMillis(Process p, UserPtr fds, long nfds, long millis) {
        return poll(p, fds, nfds, (int) millis < 0 ? -1 : (long) (int) millis * 1_000_000L);
    }

    /**
     * ppoll(2): the timeout a struct timespec (null: for ever), written back with the time left;
     * {@code sigmask} (if not null) is the signal mask while it waits, the old one back afterwards
     * (after a handler runs, as rt_sigsuspend's).
     */
    static long ppoll(Process p, UserPtr fds, long nfds, UserPtr timeout, UserPtr sigmask, long sigsetSize) {
        long nanos = -1;
        if (!timeout.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, timeout, 16)) {
                return -Errno.EFAULT;
            }
            long s = Elf.u64(p.io, 0);
            long ns = Elf.u64(p.io, 8);
            if (s < 0 || ns < 0 || ns >= 1_000_000_000L) {
                return -Errno.EINVAL;
            }
            nanos = s > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + ns;
        }
        if (!sigmask.eq(UserPtr.of(0))) {
            long r = Signals.useMaskForCall(p, sigmask, sigsetSize);
            if (r != 0) {
                return r;
            }
        }
        long start = Clock.monotonicNanos();
        long result = Signals.endMaskForCall(p, poll(p, fds, nfds, nanos));
        if (nanos >= 0 && result != -Errno.EFAULT) {
            long left = Math.max(0, nanos - (Clock.monotonicNanos() - start));
            Elf.put64(p.io, 0, left / 1_000_000_000L);
            Elf.put64(p.io, 8, left % 1_000_000_000L);
            if (!UserAccess.copyTo(timeout, p.io, 0, 16) && result >= 0) {
                return -Errno.EFAULT;
            }
        }
        return result;
    }
}
