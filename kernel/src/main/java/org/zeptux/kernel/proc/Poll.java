package org.zeptux.kernel.proc;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.rt.UserPtr;

/**
 * poll(2) and ppoll(2): which of a process's descriptors are ready — a pipe with data or room,
 * the console with input, a file always — waiting until one is, the timeout passes, or the
 * process is killed (EINTR). Waiters sleep for one event, {@link #QUEUE}, which every change
 * that can make a descriptor ready signals (a pipe's read, write or close; console input through
 * {@link Uart}'s receive hook, a signal through {@link Files#interrupt}); each woken waiter looks
 * at its descriptors again. A waiter takes the event's ticket before it looks, so a change on any
 * CPU between the look and the sleep ends the sleep at once ({@link Event}). A signal it does not block ends the wait with EINTR (Linux's
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

    static final Event QUEUE = new Event("poll");
    private static final Hook HOOK = new Hook();

    /** Connects console input to the waiters. Once, at boot. */
    public static void init() {
        Uart.setReceiveHook(HOOK);
    }

    private static final class Hook implements Uart.ReceiveHook {
        public void received() {
            Terminal.inputArrived();
            wake();
        }
    }

    /** Wakes every waiter (any context). */
    static void wake() {
        QUEUE.signal();
    }

    /** The events {@code f} has now. */
    static int events(Files.File f) {
        switch (f.kind) {
            case Files.PIPE: {
                int access = f.flags & Files.O_ACCMODE;     // a FIFO opened O_RDWR is both ends
                return (access != Files.O_WRONLY ? f.pipe.events(false) : 0) | (access != Files.O_RDONLY ? f.pipe.events(true) : 0);
            }
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
        return pollUntil(p, fds, nfds, Signals.deadlineIn(timeoutNanos));
    }

    /** {@link #poll} until the monotonic {@code deadline} (-1: none); a signal is -ERESTARTNOHAND. */
    private static long pollUntil(Process p, UserPtr fds, long nfds, long deadline) {
        while (true) {
            p.blockedOn = QUEUE;                           // before the ticket: a kill from now on signals it
            int ticket = QUEUE.ticket();
            long ready = scan(p, fds, (int) nfds, false);
            long left = deadline < 0 ? -1 : deadline - Clock.monotonicNanos();
            if (ready != 0 || deadline >= 0 && left <= 0 || Signals.interrupted(p)) {
                p.blockedOn = null;
                if (ready != 0) {
                    return ready;
                }
                if (deadline >= 0 && left <= 0) {
                    return scan(p, fds, (int) nfds, true); // writes the zero revents back
                }
                return -Errno.ERESTARTNOHAND;              // -EINTR after a handler; made again after a stop
            }
            if (left < 0) {
                QUEUE.await(ticket);
            } else {
                QUEUE.await(ticket, Signals.ticksFor(left));
            }
            p.blockedOn = null;
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
                        Files.put(p, f);
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

    // ---- select and pselect6 ----

    /** What select counts for each set (Linux's POLLIN_SET, POLLOUT_SET, POLLEX_SET). */
    static final int IN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
    static final int OUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
    static final int EX_SET = POLLPRI;
    /** The 64-bit words of an fd_set that cover every descriptor a process may have (FD_SETSIZE 1024). */
    static final int WORDS = Files.MAX_FDS / 64;
    static final int SET_BYTES = WORDS * 8;
    /** Where select keeps its sets in the staging buffer while it waits: asked (in, out, ex), then found. */
    private static final int ASKED = 64;
    private static final int FOUND = ASKED + 3 * SET_BYTES;

    /**
     * select(2) and pselect6(2) over poll's events: {@code n} descriptors (above Files.MAX_FDS,
     * the table's size, as Linux caps it), each set (null: none) the fd_set's words that cover
     * them, a timeout in nanoseconds (-1: for ever). The number of set bits ready (each set
     * written back with only those, all zero at the timeout), -EBADF for a set bit of a closed
     * descriptor, -EFAULT, or -ERESTARTNOHAND (a signal: -EINTR after a handler, the sets left as
     * they were).
     */
    private static long select(Process p, long n, UserPtr in, UserPtr out, UserPtr ex, long timeoutNanos) {
        if ((int) n < 0) {
            return -Errno.EINVAL;
        }
        int count = (int) Math.min(n, Files.MAX_FDS);
        int words = (count + 63) / 64;                  // whole longs, as Linux's FDS_BYTES
        byte[] io = p.io;
        for (int set = 0; set < 3; set++) {
            UserPtr at = set == 0 ? in : set == 1 ? out : ex;
            for (int w = 0; w < WORDS; w++) {
                Elf.put64(io, ASKED + set * SET_BYTES + w * 8, 0);
            }
            if (words > 0 && !at.eq(UserPtr.of(0))) {
                if (!UserAccess.copyFrom(io, ASKED + set * SET_BYTES, at, words * 8)) {
                    return -Errno.EFAULT;
                }
                int last = ASKED + set * SET_BYTES + (words - 1) * 8;
                int tail = count - (words - 1) * 64;        // bits of the last word below n
                if (tail < 64) {
                    Elf.put64(io, last, Elf.u64(io, last) & ((1L << tail) - 1));
                }
            }
        }
        for (int w = 0; w < words; w++) {
            long all = Elf.u64(io, ASKED + w * 8) | Elf.u64(io, ASKED + SET_BYTES + w * 8)
                    | Elf.u64(io, ASKED + 2 * SET_BYTES + w * 8);
            for (long bits = all; bits != 0; bits &= bits - 1) {
                if (!Files.isOpen(p, w * 64 + Long.numberOfTrailingZeros(bits))) {
                    return -Errno.EBADF;
                }
            }
        }
        long deadline = timeoutNanos < 0 ? -1 : Signals.deadlineIn(timeoutNanos);
        long ready;
        while (true) {
            p.blockedOn = QUEUE;                           // before the ticket: a kill from now on signals it
            int ticket = QUEUE.ticket();
            ready = selectScan(p, words);
            if (ready != 0 || deadline >= 0 && Clock.monotonicNanos() >= deadline) {
                p.blockedOn = null;
                break;
            }
            if (Signals.interrupted(p)) {
                p.blockedOn = null;
                return -Errno.ERESTARTNOHAND;
            }
            if (deadline < 0) {
                QUEUE.await(ticket);
            } else {
                long left = deadline - Clock.monotonicNanos();
                if (left > 0) {
                    QUEUE.await(ticket, Signals.ticksFor(left));
                }
            }
            p.blockedOn = null;
        }
        for (int set = 0; set < 3; set++) {
            UserPtr at = set == 0 ? in : set == 1 ? out : ex;
            if (words > 0 && !at.eq(UserPtr.of(0)) && !UserAccess.copyTo(at, io, FOUND + set * SET_BYTES, words * 8)) {
                return -Errno.EFAULT;
            }
        }
        return ready;
    }

    /** Looks at every descriptor select asked about: the found sets in the staging buffer, and their bits' count. */
    private static long selectScan(Process p, int words) {
        byte[] io = p.io;
        long ready = 0;
        for (int w = 0; w < words; w++) {
            long asked0 = Elf.u64(io, ASKED + w * 8);
            long asked1 = Elf.u64(io, ASKED + SET_BYTES + w * 8);
            long asked2 = Elf.u64(io, ASKED + 2 * SET_BYTES + w * 8);
            long found0 = 0;
            long found1 = 0;
            long found2 = 0;
            for (long bits = asked0 | asked1 | asked2; bits != 0; bits &= bits - 1) {
                int bit = Long.numberOfTrailingZeros(bits);
                Files.File f = Files.get(p, w * 64 + bit);
                int ev = f == null ? POLLNVAL : events(f);
                Files.put(p, f);
                long mask = 1L << bit;
                if ((ev & IN_SET) != 0) {
                    found0 |= asked0 & mask;
                }
                if ((ev & OUT_SET) != 0) {
                    found1 |= asked1 & mask;
                }
                if ((ev & EX_SET) != 0) {
                    found2 |= asked2 & mask;
                }
            }
            Elf.put64(io, FOUND + w * 8, found0);
            Elf.put64(io, FOUND + SET_BYTES + w * 8, found1);
            Elf.put64(io, FOUND + 2 * SET_BYTES + w * 8, found2);
            ready += Long.bitCount(found0) + Long.bitCount(found1) + Long.bitCount(found2);
        }
        return ready;
    }

    /**
     * select(2): the timeout a struct timeval (null: for ever; microseconds past a second carry
     * into the seconds, as Linux's), written back with the time left unless it was zero.
     */
    static long selectCall(Process p, long n, UserPtr in, UserPtr out, UserPtr ex, UserPtr timeout) {
        long nanos = -1;
        if (!timeout.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, timeout, 16)) {
                return -Errno.EFAULT;
            }
            long s = Elf.u64(p.io, 0);
            long us = Elf.u64(p.io, 8);
            s += us / 1_000_000L;
            us %= 1_000_000L;
            if (s < 0 || us < 0) {
                return -Errno.EINVAL;
            }
            nanos = s > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + us * 1000;
        }
        long start = Clock.monotonicNanos();
        long result = select(p, n, in, out, ex, nanos);
        if (nanos > 0 && result != -Errno.EFAULT) {
            long left = Math.max(0, nanos - (Clock.monotonicNanos() - start));
            Elf.put64(p.io, 0, left / 1_000_000_000L);
            Elf.put64(p.io, 8, left % 1_000_000_000L / 1000);
            UserAccess.copyTo(timeout, p.io, 0, 16);          // Linux: a timeout it cannot write back is not an error
        }
        return result;
    }

    /**
     * pselect6(2): the timeout a struct timespec, written back with the time left; the sixth
     * argument points to {sigset pointer, its size}, the mask in force while it waits (as ppoll's).
     */
    static long pselect6(Process p, long n, UserPtr in, UserPtr out, UserPtr ex, UserPtr timeout, UserPtr sig) {
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
        if (!sig.eq(UserPtr.of(0))) {
            if (!UserAccess.copyFrom(p.io, 0, sig, 16)) {
                return -Errno.EFAULT;
            }
            UserPtr set = UserPtr.of(Elf.u64(p.io, 0));
            long size = Elf.u64(p.io, 8);
            if (!set.eq(UserPtr.of(0))) {
                long r = Signals.useMaskForCall(p, set, size);
                if (r != 0) {
                    return r;
                }
            }
        }
        long start = Clock.monotonicNanos();
        long result = Signals.endMaskForCall(p, select(p, n, in, out, ex, nanos));
        if (nanos > 0 && result != -Errno.EFAULT) {
            long left = Math.max(0, nanos - (Clock.monotonicNanos() - start));
            Elf.put64(p.io, 0, left / 1_000_000_000L);
            Elf.put64(p.io, 8, left % 1_000_000_000L);
            UserAccess.copyTo(timeout, p.io, 0, 16);
        }
        return result;
    }

    /**
     * poll(2) with a timeout in milliseconds (negative: for ever). Interrupted with a timeout and
     * no handler run (a stop and SIGCONT), it goes on through restart_syscall until the deadline it
     * had ({@link #restart}), as Linux's do_restart_poll.
     */
    static long pollMillis(Process p, UserPtr fds, long nfds, long millis) {
        if (nfds < 0 || nfds > MAX) {
            return -Errno.EINVAL;
        }
        long deadline = Signals.deadlineIn((int) millis < 0 ? -1 : (long) (int) millis * 1_000_000L);
        long r = pollUntil(p, fds, nfds, deadline);
        if (r == -Errno.ERESTARTNOHAND && deadline != -1) {
            p.restartKind = Process.RESTART_POLL;
            p.restartUntil = deadline;
            p.restartRem = fds.toLong();
            p.restartClock = nfds;
            return -Errno.ERESTART_RESTARTBLOCK;
        }
        return r;
    }

    /** restart_syscall(2) of an interrupted poll: the same records, the deadline it had. */
    static long restart(Process p) {
        return pollMillisUntil(p, UserPtr.of(p.restartRem), p.restartClock, p.restartUntil);
    }

    private static long pollMillisUntil(Process p, UserPtr fds, long nfds, long deadline) {
        long r = pollUntil(p, fds, nfds, deadline);
        if (r == -Errno.ERESTARTNOHAND) {
            p.restartKind = Process.RESTART_POLL;
            return -Errno.ERESTART_RESTARTBLOCK;    // the same fields again
        }
        return r;
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
