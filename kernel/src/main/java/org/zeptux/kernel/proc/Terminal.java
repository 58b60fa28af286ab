package org.zeptux.kernel.proc;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.UserPtr;

/**
 * The console (COM1) as the terminal of one session, with Linux's tty semantics where programs
 * look: termios (TCGETS/TCSETS*: ICANON, ECHO, ISIG, ICRNL, VMIN, the control characters),
 * the foreground process group (TIOCGPGRP/TIOCSPGRP), the controlling terminal (TIOCSCTTY,
 * TIOCGSID), the window size (80x24).
 *
 * <p>Canonical mode (the default): a line is edited (VERASE, VKILL) and echoed as it is typed
 * and handed over at Enter; VEOF at the start of a line is end of file. Raw mode (no ICANON): a
 * read returns as soon as a byte is there, with whatever else has arrived (VMIN 1, VTIME 0 —
 * what shells' line editors ask for). With ISIG, VINTR (Ctrl-C) sends SIGINT, VQUIT (Ctrl-\)
 * SIGQUIT and VSUSP (Ctrl-Z) SIGTSTP to the foreground group, whether it reads or runs; the
 * input not yet read is dropped (no NOFLSH). Output: '\n' goes out as "\r\n" (OPOST, ONLCR).
 *
 * <p>Job control: a process of the terminal's session outside the foreground group that reads
 * gets SIGTTIN (its whole group), and one that writes with TOSTOP set, or changes the termios or
 * the foreground group, gets SIGTTOU — the call is made again once the group is continued in the
 * foreground (-ERESTARTSYS). A process that ignores or blocks the signal reads -EIO and writes
 * (or sets) at once; in an orphaned group the read and the write with TOSTOP are -EIO (Linux's
 * tty_check_change and job_control).
 *
 * <p>One console: the line buffer, the termios and the session/group are shared; they are
 * changed under the spinlock "terminal" ({@link #LOCK}), which the receive interrupt's signal
 * keys take too, and every byte taken from the UART's input ring is taken under it (the ring has
 * one producer, the receive interrupt, and so one consumer at a time). A reader sleeps for the
 * event {@link #INPUT}, signalled by each receive interrupt (Poll's hook) and by a signal for
 * it ({@link #wakeReader}); it takes the ticket before it looks ({@link Event}), so input or a
 * signal from any CPU between the look and the sleep is never lost.
 */
public final class Terminal {
    private Terminal() {}

    static final int TCGETS = 0x5401;
    static final int TCSETS = 0x5402;
    static final int TCSETSW = 0x5403;
    static final int TCSETSF = 0x5404;
    static final int TIOCSCTTY = 0x540E;
    static final int TIOCGPGRP = 0x540F;
    static final int TIOCSPGRP = 0x5410;
    static final int TIOCGWINSZ = 0x5413;
    static final int TIOCSWINSZ = 0x5414;
    static final int TIOCGSID = 0x5429;
    static final int TIOCNOTTY = 0x5422;
    static final int FIONREAD = 0x541B;
    static final int CTRL_C = 3;
    static final int CTRL_D = 4;
    static final int CTRL_U = 0x15;
    static final int MAX_LINE = 4096;
    /** termios bits (asm-generic/termbits.h). */
    static final int ICRNL = 0x100;
    static final int ISIG = 0x1;
    static final int ICANON = 0x2;
    static final int ECHO = 0x8;
    static final int NOFLSH = 0x80;
    static final int TOSTOP = 0x100;
    static final int VINTR = 0;
    static final int VQUIT = 1;
    static final int VSUSP = 10;
    static final int VERASE = 2;
    static final int VKILL = 3;
    static final int VEOF = 4;
    static final int VMIN = 6;
    static final int NCCS = 19;
    static final int TERMIOS = 36;

    private static final byte[] LINE = new byte[MAX_LINE];
    /** The line handed over at Enter: LINE[taken, ready) is still to be read. */
    private static int ready;
    private static int taken;
    /** The session the console is the controlling terminal of, and its foreground group (0: none). */
    private static int session;
    private static int foregroundGroup;
    /** The process sleeping in a read of the console, or null. */
    private static Process reader;
    private static int iflag;
    private static int oflag;
    private static int cflag;
    private static int lflag;
    private static final byte[] CC = new byte[NCCS];
    private static final ControlC HOOK = new ControlC();
    /** Guards the line, the termios, the session, the foreground group, the reader and the UART ring's consumer side. */
    private static final SpinLock LOCK = new SpinLock("terminal");
    /** Keeps each write's bytes together on the line when processes on several CPUs write at once. */
    private static final SpinLock OUTPUT = new SpinLock("terminal output");
    /** Input arrived, or a signal came for the reader. */
    private static final Event INPUT = new Event("console input");

    /** Connects Ctrl-C on the console to the foreground group; the default termios. Once, at boot. */
    public static void init() {
        defaults();
        Uart.setControlC(HOOK);
    }

    /** Linux's defaults for a tty: cooked, echo, signals. */
    private static void defaults() {
        iflag = 0x500;                      // ICRNL | IXON
        oflag = 0x5;                        // OPOST | ONLCR
        cflag = 0xBF;                       // B38400 | CS8 | CREAD
        lflag = 0x8A3B;                     // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
        for (int i = 0; i < NCCS; i++) {
            CC[i] = 0;
        }
        CC[VINTR] = CTRL_C;
        CC[VQUIT] = 0x1C;                   // Ctrl-\
        CC[VSUSP] = 0x1A;                   // Ctrl-Z
        CC[VERASE] = 0x7F;
        CC[VKILL] = CTRL_U;
        CC[VEOF] = CTRL_D;
        CC[VMIN] = 1;
    }

    /**
     * Makes the console the controlling terminal of {@code p}'s session with {@code p}'s group
     * in the foreground, in cooked mode (the monitor's run and init's first process); null:
     * no session, Ctrl-C goes to the monitor again.
     */
    public static void setForeground(Process p) {
        LOCK.lock();
        session = p == null ? 0 : p.group.sid;
        foregroundGroup = p == null ? 0 : p.group.pgid;
        ready = 0;
        taken = 0;
        defaults();
        LOCK.unlock();
    }

    /** The console's foreground process group (/proc/PID/stat's tpgid), or -1. */
    static int foregroundGroupOrNone() {
        return foregroundGroup == 0 ? -1 : foregroundGroup;
    }

    /** A process ended: if it led the console's session, the session loses its terminal. */
    static void processEnded(Process p) {
        LOCK.lock();
        if (p.pid == session) {
            session = 0;
            foregroundGroup = 0;
        }
        if (reader == p) {
            reader = null;
        }
        LOCK.unlock();
    }

    /** The signal keys from the receive interrupt: VINTR, VQUIT, VSUSP with ISIG. */
    private static final class ControlC implements Uart.ControlC {
        public boolean pressed(int c) {
            LOCK.lock();
            int group = foregroundGroup;
            int sig = 0;
            if (group != 0 && (lflag & ISIG) != 0 && c != 0) {     // else the monitor's line editing, or a byte like any other
                if (c == (CC[VINTR] & 0xFF)) {
                    sig = Processes.SIGINT;
                } else if (c == (CC[VQUIT] & 0xFF)) {
                    sig = SIGQUIT;
                } else if (c == (CC[VSUSP] & 0xFF)) {
                    sig = Signals.SIGTSTP;
                }
            }
            if (sig != 0 && (lflag & NOFLSH) == 0) {
                ready = 0;                      // the line being typed and what was not yet read are dropped
                taken = 0;
                while (Uart.take() >= 0) {
                    // dropped
                }
            }
            LOCK.unlock();
            if (sig == 0) {
                return false;
            }
            Signals.sendGroup(group, sig);
            return true;                        // a reader is woken by the signal and stops reading
        }
    }

    static final int SIGQUIT = 3;

    /**
     * Job control before a read ({@code sig} SIGTTIN) or a write or a change ({@code sig}
     * SIGTTOU) of the console by {@code p}: 0 to go on, -ERESTARTSYS after signalling its group
     * (it runs again when continued in the foreground), or -EIO.
     */
    static long jobControl(Process p, int sig) {
        int fg = foregroundGroup;
        if (fg == 0 || p.group.sid != session || p.group.pgid == fg) {
            return 0;                           // not our terminal's session, or in the foreground
        }
        boolean refused = Signals.handler(p, sig) == Signals.SIG_IGN || (p.signalMask & (1L << (sig - 1))) != 0;
        if (refused) {
            return sig == Signals.SIGTTIN ? -Errno.EIO : 0;
        }
        if (Groups.orphaned(p.group.pgid, null)) {
            return -Errno.EIO;
        }
        Signals.sendGroup(p.group.pgid, sig);
        return -Errno.ERESTARTSYS;
    }

    /** Wakes the process reading the console (a signal came for it): it looks again and stops. */
    static void wakeReader() {
        INPUT.signal();
    }

    /** Input arrived (the receive interrupt, through Poll's hook): the reader looks again. */
    static void inputArrived() {
        INPUT.signal();
    }

    /** Writes {@code bytes}[0, n) of a kernel buffer to the console. */
    static void writeKernel(byte[] bytes, int n) {
        OUTPUT.lock();
        for (int i = 0; i < n; i++) {
            Uart.write(bytes[i] & 0xFF);
        }
        OUTPUT.unlock();
    }

    /** write(2) to the console: {@code n} bytes from user {@code buf}. */
    static long write(Process p, UserPtr buf, long n) {
        if ((lflag & TOSTOP) != 0) {
            long r = jobControl(p, Signals.SIGTTOU);
            if (r != 0) {
                return r;
            }
        }
        byte[] io = p.io;
        long done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, io.length);
            if (!UserAccess.copyFrom(io, 0, buf.plus(done), chunk)) {
                return done > 0 ? done : -Errno.EFAULT;
            }
            writeKernel(io, chunk);
            done += chunk;
        }
        return done;
    }

    /** Whether a read would return at once: a line (canonical: one is buffered or typed up to Enter) or a byte (raw). */
    static boolean readable() {
        if (taken < ready) {
            return true;
        }
        LOCK.lock();
        boolean any = taken < ready || Uart.available();
        LOCK.unlock();
        return any;
    }

    /** read(2) from the console: canonical (a line) or raw (what is there, at least a byte); 0 at VEOF; -ERESTARTSYS on a signal. */
    static long read(Process p, UserPtr buf, long n) {
        long r = jobControl(p, Signals.SIGTTIN);
        if (r != 0) {
            return r;
        }
        if (n == 0) {
            return 0;
        }
        if ((lflag & ICANON) == 0) {
            return readRaw(p, buf, n);
        }
        if (taken == ready) {
            long got = readLine(p);
            if (got <= 0) {
                return got;
            }
        }
        int chunk = (int) Math.min(n, ready - taken);
        if (!UserAccess.copyTo(buf, LINE, taken, chunk)) {
            return -Errno.EFAULT;
        }
        taken += chunk;
        return chunk;
    }

    /** The next input byte, waiting for one; -1 when a signal came for {@code p} first. */
    private static int next(Process p) {
        LOCK.lock();
        reader = p;
        LOCK.unlock();
        p.readingConsole = true;                // before the ticket: a signal from now on signals INPUT
        int c;
        while (true) {
            int ticket = INPUT.ticket();
            if (Signals.interrupted(p)) {
                c = -1;
                break;
            }
            c = take();
            if (c >= 0) {
                break;
            }
            INPUT.await(ticket);                // input, or a signal's wakeReader
        }
        p.readingConsole = false;
        LOCK.lock();
        if (reader == p) {
            reader = null;
        }
        LOCK.unlock();
        if (c == '\r' && (iflag & ICRNL) != 0) {
            c = '\n';
        }
        return c;
    }

    private static long readRaw(Process p, UserPtr buf, long n) {
        int count = 0;
        int c = next(p);
        if (c < 0) {
            return -Errno.ERESTARTSYS;
        }
        byte[] io = p.io;
        io[count] = (byte) c;
        count++;
        while (count < n && count < io.length) {
            c = take();
            if (c < 0) {
                break;
            }
            io[count] = (byte) (c == '\r' && (iflag & ICRNL) != 0 ? '\n' : c);
            count++;
        }
        if ((lflag & ECHO) != 0) {
            writeKernel(io, count);
        }
        return UserAccess.copyTo(buf, io, 0, count) ? count : -Errno.EFAULT;
    }

    private static long readLine(Process p) {
        ready = 0;
        taken = 0;
        boolean echo = (lflag & ECHO) != 0;
        while (true) {
            int c = next(p);
            if (c < 0) {
                return -Errno.ERESTARTSYS;
            }
            if (c == (CC[VEOF] & 0xFF)) {
                return ready;                   // at the start of a line: 0, end of file
            }
            if (c == (CC[VINTR] & 0xFF) && (lflag & ISIG) != 0) {
                continue;                       // the signal is sent: the next call of next() sees it
            }
            if (c == '\n') {
                if (echo) {
                    echo('\n');
                }
                if (ready < MAX_LINE) {
                    LINE[ready] = '\n';
                    ready++;
                }
                return ready;
            }
            if (c == (CC[VERASE] & 0xFF) || c == 0x08) {
                if (ready > 0) {
                    ready--;
                    if (echo) {
                        echo('\b');
                        echo(' ');
                        echo('\b');
                    }
                }
            } else if (c == (CC[VKILL] & 0xFF)) {
                while (ready > 0) {
                    ready--;
                    if (echo) {
                        echo('\b');
                        echo(' ');
                        echo('\b');
                    }
                }
            } else if (ready < MAX_LINE - 1) {
                LINE[ready] = (byte) c;
                ready++;
                if (echo) {
                    echo(c);
                }
            }
        }
    }

    private static void echo(int c) {
        OUTPUT.lock();
        Uart.write(c);
        OUTPUT.unlock();
    }

    /** The next byte of the UART's input ring, or -1: under {@link #LOCK}, the ring's one consumer at a time. */
    private static int take() {
        LOCK.lock();
        int c = Uart.take();
        LOCK.unlock();
        return c;
    }

    /** ioctl(2) on the console. */
    static long ioctl(Process p, long request, UserPtr arg) {
        byte[] io = p.io;
        switch ((int) request) {
            case TCGETS:
                for (int i = 0; i < TERMIOS; i++) {
                    io[i] = 0;
                }
                Elf.put32(io, 0, iflag);
                Elf.put32(io, 4, oflag);
                Elf.put32(io, 8, cflag);
                Elf.put32(io, 12, lflag);
                for (int i = 0; i < NCCS; i++) {
                    io[17 + i] = CC[i];
                }
                return UserAccess.copyTo(arg, io, 0, TERMIOS) ? 0 : -Errno.EFAULT;
            case TCSETS:
            case TCSETSW:
            case TCSETSF: {
                long r = jobControl(p, Signals.SIGTTOU);
                if (r != 0) {
                    return r;
                }
                if (!UserAccess.copyFrom(io, 0, arg, TERMIOS)) {
                    return -Errno.EFAULT;
                }
                LOCK.lock();
                iflag = Elf.i32(io, 0);
                oflag = Elf.i32(io, 4);
                cflag = Elf.i32(io, 8);
                lflag = Elf.i32(io, 12);
                for (int i = 0; i < NCCS; i++) {
                    CC[i] = io[17 + i];
                }
                if (request == TCSETSF) {
                    ready = 0;
                    taken = 0;
                    while (Uart.take() >= 0) {
                        // input not yet read is dropped
                    }
                }
                LOCK.unlock();
                return 0;
            }
            case TIOCGWINSZ:
                for (int i = 0; i < 8; i++) {
                    io[i] = 0;
                }
                io[0] = 24;                     // ws_row
                io[2] = 80;                     // ws_col
                return UserAccess.copyTo(arg, io, 0, 8) ? 0 : -Errno.EFAULT;
            case TIOCSWINSZ:
                return 0;
            case TIOCGPGRP:
                if (session != 0 && p.group.sid != session) {
                    return -Errno.ENOTTY;       // not our controlling terminal
                }
                Elf.put32(io, 0, foregroundGroup != 0 ? foregroundGroup : p.group.pgid);
                return UserAccess.copyTo(arg, io, 0, 4) ? 0 : -Errno.EFAULT;
            case TIOCSPGRP: {
                if (!UserAccess.copyFrom(io, 0, arg, 4)) {
                    return -Errno.EFAULT;
                }
                int group = Elf.i32(io, 0);
                if (group < 0) {
                    return -Errno.EINVAL;
                }
                if (session != 0 && p.group.sid != session) {
                    return -Errno.ENOTTY;
                }
                long r = jobControl(p, Signals.SIGTTOU);
                if (r != 0) {
                    return r;
                }
                if (!Groups.exists(group, p.group.sid)) {
                    return -Errno.EPERM;
                }
                LOCK.lock();
                session = p.group.sid;
                foregroundGroup = group;
                LOCK.unlock();
                return 0;
            }
            case TIOCSCTTY: {
                if (p.group.sid != p.group.pid) {
                    return -Errno.EPERM;        // only a session leader acquires a terminal
                }
                LOCK.lock();
                session = p.group.sid;
                foregroundGroup = p.group.pgid;
                LOCK.unlock();
                return 0;
            }
            case TIOCNOTTY:
                LOCK.lock();
                if (p.group.sid == session && p.group.pid == session) {
                    session = 0;
                    foregroundGroup = 0;
                }
                LOCK.unlock();
                return 0;
            case TIOCGSID:
                if (session == 0 || p.group.sid != session) {
                    return -Errno.ENOTTY;
                }
                Elf.put32(io, 0, session);
                return UserAccess.copyTo(arg, io, 0, 4) ? 0 : -Errno.EFAULT;
            case FIONREAD:
                Elf.put32(io, 0, ready - taken);
                return UserAccess.copyTo(arg, io, 0, 4) ? 0 : -Errno.EFAULT;
            default:
                return -Errno.ENOTTY;
        }
    }
}
