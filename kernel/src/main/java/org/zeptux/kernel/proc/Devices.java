package org.zeptux.kernel.proc;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.rt.UserPtr;

/**
 * The character devices a devtmpfs node opens, by Linux's numbers (Documentation/admin-guide/
 * devices.txt): the console (5:1) and the controlling terminal (5:0) — both the serial console,
 * through {@link Terminal} — and the memory devices: null (1:3: reads end at once, writes vanish),
 * zero (1:5: reads zeros), full (1:7: reads zeros, writes ENOSPC), random (1:8) and urandom
 * (1:9: {@link Random}'s bytes, getrandom's source; writes are taken and dropped). A node of any
 * other number opens as ENXIO, as a device without a driver does.
 */
final class Devices {
    private Devices() {}

    static final int TTY = 5 << 8;
    static final int CONSOLE = (5 << 8) | 1;
    static final int NULL = (1 << 8) | 3;
    static final int ZERO = (1 << 8) | 5;
    static final int FULL = (1 << 8) | 7;
    static final int RANDOM = (1 << 8) | 8;
    static final int URANDOM = (1 << 8) | 9;


    /** Whether a driver answers to device number {@code rdev}. */
    static boolean exists(int rdev) {
        switch (rdev) {
            case TTY:
            case CONSOLE:
            case NULL:
            case ZERO:
            case FULL:
            case RANDOM:
            case URANDOM:
                return true;
            default:
                return false;
        }
    }

    static boolean isTerminal(int rdev) {
        return rdev == TTY || rdev == CONSOLE;
    }

    /** read(2) of device {@code rdev}. */
    static long read(Process p, int rdev, UserPtr buf, long n, boolean nonblock) {
        switch (rdev) {
            case TTY:
            case CONSOLE:
                if (nonblock && !Terminal.readable()) {
                    return -Errno.EAGAIN;
                }
                return Terminal.read(p, buf, n);
            case NULL:
                return 0;
            case ZERO:
            case FULL:
                return copyOut(p, buf, n, false);
            case RANDOM:
            case URANDOM:
                return copyOut(p, buf, n, true);
            default:
                return -Errno.ENXIO;
        }
    }

    /** What /dev/zero and /dev/urandom give between looks for a signal. */
    private static final int CHUNK = 4096;

    /** n zeros, or random bytes, to user {@code buf}. */
    private static long copyOut(Process p, UserPtr buf, long n, boolean random) {
        long done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, CHUNK);
            boolean ok;
            if (random) {
                Random.fill(p.io, 0, chunk);
                ok = UserAccess.copyTo(buf.plus(done), p.io, 0, chunk);
            } else {
                ok = UserAccess.zero(buf.plus(done), chunk);
            }
            if (!ok) {
                return done > 0 ? done : -Errno.EFAULT;
            }
            done += chunk;
            if (Signals.interrupted(p)) {
                break;                              // a huge read of /dev/zero stops for a signal
            }
        }
        return done;
    }

    /** write(2) to device {@code rdev}. */
    static long write(Process p, int rdev, UserPtr buf, long n) {
        switch (rdev) {
            case TTY:
            case CONSOLE:
                return Terminal.write(p, buf, n);
            case NULL:
            case ZERO:
            case RANDOM:
            case URANDOM:
                return n;
            case FULL:
                return -Errno.ENOSPC;
            default:
                return -Errno.ENXIO;
        }
    }

    /** poll(2)'s events: a terminal is writable, and readable when input waits; the memory devices always both. */
    static int events(int rdev) {
        if (isTerminal(rdev)) {
            return Poll.POLLOUT | Poll.POLLWRNORM | (Terminal.readable() ? Poll.POLLIN | Poll.POLLRDNORM : 0);
        }
        return Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDNORM | Poll.POLLWRNORM;
    }

    /** Whether input waits on the console (for poll and O_NONBLOCK). */
    static boolean consoleInput() {
        return Uart.available();
    }
}
