package org.zeptux.kernel.proc;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.mm.AddressSpace;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.kernel.Version;
import org.zeptux.rt.UserPtr;

/**
 * Clocks, sleeping, identity and limits: clock_gettime, clock_getres, gettimeofday, time,
 * nanosleep, clock_nanosleep, uname, getrandom, prlimit64 and getrlimit.
 */
final class TimeCalls {
    private TimeCalls() {}

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4;
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    static final int CLOCK_BOOTTIME = 7;
    static final int TIMER_ABSTIME = 1;
    static final long NANOS = 1_000_000_000L;
    static final int UTS = 65;

    /** The clock's reading in nanoseconds, or -1 for a clock that does not exist. */
    private static long now(Process p, long clock) {
        switch ((int) clock == clock ? (int) clock : -1) {
            case CLOCK_REALTIME:
            case CLOCK_REALTIME_COARSE:
                return Clock.realtimeNanos();
            case CLOCK_MONOTONIC:
            case CLOCK_MONOTONIC_RAW:
            case CLOCK_MONOTONIC_COARSE:
            case CLOCK_BOOTTIME:
                return Clock.monotonicNanos();
            case CLOCK_PROCESS_CPUTIME_ID:
            case CLOCK_THREAD_CPUTIME_ID:
                return Clock.cyclesToNanos(p.task.cpuCycles());
            default:
                return -1;
        }
    }

    private static long pair(Process p, UserPtr to, long first, long second) {
        Elf.put64(p.io, 0, first);
        Elf.put64(p.io, 8, second);
        return UserAccess.copyTo(to, p.io, 0, 16) ? 0 : -Errno.EFAULT;
    }

    static long clockGettime(Process p, long clock, UserPtr tp) {
        long ns = now(p, clock);
        if (ns < 0) {
            return -Errno.EINVAL;
        }
        return pair(p, tp, ns / NANOS, ns % NANOS);
    }

    static long clockGetres(Process p, long clock, UserPtr res) {
        if (now(p, clock) < 0) {
            return -Errno.EINVAL;
        }
        return res.eq(UserPtr.of(0)) ? 0 : pair(p, res, 0, 1);
    }

    static long gettimeofday(Process p, UserPtr tv, UserPtr tz) {
        long ns = Clock.realtimeNanos();
        if (!tv.eq(UserPtr.of(0)) && pair(p, tv, ns / NANOS, ns % NANOS / 1000) != 0) {
            return -Errno.EFAULT;
        }
        if (!tz.eq(UserPtr.of(0)) && pair(p, tz, 0, 0) != 0) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    static long time(Process p, UserPtr tloc) {
        long seconds = Clock.realtimeNanos() / NANOS;
        if (!tloc.eq(UserPtr.of(0))) {
            Elf.put64(p.io, 0, seconds);
            if (!UserAccess.copyTo(tloc, p.io, 0, 8)) {
                return -Errno.EFAULT;
            }
        }
        return seconds;
    }

    /**
     * nanosleep and clock_nanosleep: sleeps until the clock reaches the time (to the tick). A
     * signal ends the sleep: a relative one writes the time left to {@code rem} and returns
     * -ERESTART_RESTARTBLOCK (-EINTR after a handler; with none — a stop and SIGCONT — it goes on
     * through restart_syscall for the time it had left, {@link #restart}); an absolute one
     * returns -ERESTARTNOHAND (made again as it was when no handler runs). The process sleeps on
     * its wait queue ({@link Signals#sleep}), not in a loop of ticks.
     */
    static long nanosleep(Process p, long clock, long flags, UserPtr req, UserPtr rem) {
        if (!UserAccess.copyFrom(p.io, 0, req, 16)) {
            return -Errno.EFAULT;
        }
        long seconds = Elf.u64(p.io, 0);
        long nanos = Elf.u64(p.io, 8);
        if (seconds < 0 || nanos < 0 || nanos >= NANOS) {
            return -Errno.EINVAL;
        }
        long start = now(p, clock);
        if (start < 0 || clock == CLOCK_THREAD_CPUTIME_ID) {
            return -Errno.EINVAL;
        }
        boolean absolute = (flags & TIMER_ABSTIME) != 0;
        long request = seconds > Long.MAX_VALUE / NANOS - 1 ? Long.MAX_VALUE : seconds * NANOS + nanos;
        long until = absolute ? request : start + request < start ? Long.MAX_VALUE : start + request;
        p.restartKind = Process.RESTART_NONE;
        return sleepUntil(p, clock, until, absolute, rem);
    }

    /** Sleeps until {@code clock} reads {@code until} or a signal comes; what {@link #nanosleep} returns. */
    private static long sleepUntil(Process p, long clock, long until, boolean absolute, UserPtr rem) {
        long left;
        while (true) {
            int ticket = Signals.sleepTicket(p);
            left = until - now(p, clock);
            if (left <= 0 || Signals.interrupted(p)) {
                break;
            }
            Signals.sleep(p, ticket, Signals.deadlineIn(left));   // the clock's time left, as monotonic time
        }
        if (left <= 0) {
            return 0;
        }
        if (absolute) {
            return -Errno.ERESTARTNOHAND;
        }
        if (!rem.eq(UserPtr.of(0)) && pair(p, rem, left / NANOS, left % NANOS) != 0) {
            return -Errno.EFAULT;
        }
        p.restartKind = Process.RESTART_NANOSLEEP;
        p.restartClock = clock;
        p.restartUntil = until;
        p.restartRem = rem.toLong();
        return -Errno.ERESTART_RESTARTBLOCK;
    }

    /**
     * restart_syscall(2): an interrupted relative nanosleep, or poll with a timeout, goes on to
     * its end; anything else -EINTR (Linux's do_no_restart_syscall).
     */
    static long restart(Process p) {
        int kind = p.restartKind;
        p.restartKind = Process.RESTART_NONE;
        if (kind == Process.RESTART_NANOSLEEP) {
            return sleepUntil(p, p.restartClock, p.restartUntil, false, UserPtr.of(p.restartRem));
        }
        if (kind == Process.RESTART_POLL) {
            return Poll.restart(p);
        }
        if (kind == Futex.RESTART_WAIT) {
            return Futex.restart(p);
        }
        return -Errno.EINTR;
    }

    private static int putString(byte[] io, int at, String s) {
        for (int i = 0; i < UTS; i++) {
            io[at + i] = i < s.length() ? (byte) s.charAt(i) : 0;
        }
        return at + UTS;
    }

    /** uname(2): Linux's ABI names (programs test sysname and release), the version naming Zeptux. */
    static long uname(Process p, UserPtr buf) {
        byte[] io = p.io;
        int at = putString(io, 0, "Linux");
        at = putString(io, at, "zeptux");
        at = putString(io, at, "6.1.0-zeptux");
        at = putString(io, at, Version.UNAME);
        at = putString(io, at, "x86_64");
        at = putString(io, at, "(none)");
        return UserAccess.copyTo(buf, io, 0, at) ? 0 : -Errno.EFAULT;
    }

    static final int GRND_NONBLOCK = 1;
    static final int GRND_RANDOM = 2;
    static final int GRND_INSECURE = 4;

    static long getrandom(Process p, UserPtr buf, long n, long flags) {
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0 || n < 0) {
            return -Errno.EINVAL;
        }
        long done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, p.io.length);
            Random.fill(p.io, 0, chunk);
            if (!UserAccess.copyTo(buf.plus(done), p.io, 0, chunk)) {
                return done > 0 ? done : -Errno.EFAULT;
            }
            done += chunk;
        }
        return done;
    }

    static final int RLIMIT_DATA = 2;
    static final int RLIMIT_STACK = 3;
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_AS = 9;
    static final int RLIMITS = 16;
    static final long INFINITY = -1;

    /**
     * prlimit64, getrlimit and setrlimit: the limits the kernel enforces; only RLIMIT_NOFILE can
     * be set, and only at or below its hard limit, Files.MAX_FDS (else -EPERM).
     */
    static long prlimit(Process p, long pid, long resource, UserPtr limit, UserPtr old) {
        if (pid != 0 && pid != p.pid) {
            return -Errno.ESRCH;
        }
        if (resource < 0 || resource >= RLIMITS) {
            return -Errno.EINVAL;
        }
        long newSoft = -1;
        if (!limit.eq(UserPtr.of(0))) {
            if (resource != RLIMIT_NOFILE) {
                return -Errno.EPERM;
            }
            if (!UserAccess.copyFrom(p.io, 0, limit, 16)) {
                return -Errno.EFAULT;
            }
            long soft = Elf.u64(p.io, 0);
            long hard = Elf.u64(p.io, 8);
            if (Long.compareUnsigned(soft, hard) > 0) {
                return -Errno.EINVAL;
            }
            if (Long.compareUnsigned(hard, Files.MAX_FDS) > 0) {
                return -Errno.EPERM;                // the descriptor limit may only go down (Files.setLimit)
            }
            newSoft = soft;
        }
        if (old.eq(UserPtr.of(0))) {
            return newSoft >= 0 ? Files.setLimit(p, newSoft) : 0;
        }
        if (resource == RLIMIT_NOFILE) {
            long r = pair(p, old, Math.max(0, Files.limit(p)), Files.MAX_FDS);
            return r == 0 && newSoft >= 0 ? Files.setLimit(p, newSoft) : r;
        }
        long value;
        switch ((int) resource) {
            case RLIMIT_STACK: value = AddressSpace.STACK_BYTES; break;
            case RLIMIT_DATA:
            case RLIMIT_AS: value = p.space.limitPages() * AddressSpace.PAGE; break;
            case RLIMIT_NOFILE: value = Files.MAX_FDS; break;
            case RLIMIT_NPROC: value = Processes.MAX; break;
            default: value = INFINITY; break;
        }
        return pair(p, old, value, value);
    }
}
