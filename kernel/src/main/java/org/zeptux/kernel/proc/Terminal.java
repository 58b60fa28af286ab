package org.zeptux.kernel.proc;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.lib.Elf;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.UserPtr;

/**
 * The console (COM1) as a process's terminal: writes go to the UART; reads are canonical, as
 * a Linux tty's default line discipline: a line is edited (backspace, Ctrl-U) and echoed as
 * it is typed and handed over at Enter; Ctrl-D at the start of a line is end of file; Ctrl-C
 * kills the foreground process (SIGINT's default action), whether it reads or runs.
 *
 * <p>One console, so one line buffer; the reader and the foreground process are set and
 * cleared with interrupts disabled (the receive interrupt looks at them).
 */
public final class Terminal {
    private Terminal() {}

    static final int TCGETS = 0x5401;
    static final int TCSETS = 0x5402;
    static final int TIOCGPGRP = 0x540F;
    static final int TIOCGWINSZ = 0x5413;
    static final int CTRL_C = 3;
    static final int CTRL_D = 4;
    static final int CTRL_U = 0x15;
    static final int MAX_LINE = 4096;

    private static final byte[] LINE = new byte[MAX_LINE];
    /** The line handed over at Enter: LINE[taken, ready) is still to be read. */
    private static int ready;
    private static int taken;
    /** The process started from the monitor that Ctrl-C kills, or null. */
    private static Process foreground;
    private static final ControlC HOOK = new ControlC();

    /** Connects Ctrl-C on the console to the foreground process. Once, at boot. */
    public static void init() {
        Uart.setControlC(HOOK);
    }

    /** Makes {@code p} the process Ctrl-C kills (null: none). */
    public static void setForeground(Process p) {
        long flags = Scheduler.irqSave();
        foreground = p;
        ready = 0;
        taken = 0;
        Scheduler.irqRestore(flags);
    }

    /** A process ended: it is no longer the foreground. */
    static void processEnded(Process p) {
        long flags = Scheduler.irqSave();
        if (foreground == p) {
            foreground = null;
        }
        Scheduler.irqRestore(flags);
    }

    /** Ctrl-C from the receive interrupt. */
    private static final class ControlC implements Uart.ControlC {
        public boolean pressed() {
            Process p = foreground;
            if (p == null) {
                return false;                   // the monitor's own line editing sees it
            }
            boolean reading = p.readingConsole;
            Signals.sendGroup(p.pgid, Processes.SIGINT);
            return !reading;                    // a reader takes the byte and stops reading
        }
    }

    /** Wakes the process reading the console (it was killed). */
    static void wakeReader() {
        Uart.put(CTRL_C);
    }

    /** write(2) to the console: {@code n} bytes from user {@code buf}. */
    static long write(Process p, UserPtr buf, long n) {
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

    /** Writes {@code bytes}[0, n) of a kernel buffer to the console (sendfile). */
    static void writeKernel(byte[] bytes, int n) {
        long flags = Scheduler.irqSave();
        for (int i = 0; i < n; i++) {
            Uart.write(bytes[i] & 0xFF);
        }
        Scheduler.irqRestore(flags);
    }

    /** read(2) from the console: the rest of the current line, or the next line typed; 0 at Ctrl-D; -EINTR when killed. */
    static long read(Process p, UserPtr buf, long n) {
        if (n == 0) {
            return 0;
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

    private static long readLine(Process p) {
        ready = 0;
        taken = 0;
        p.readingConsole = true;
        long result;
        while (true) {
            if (Signals.interrupted(p)) {
                result = -Errno.EINTR;
                break;
            }
            int c = Uart.read();
            if (c < 0 || c == CTRL_D && ready == 0) {
                result = 0;
                break;
            }
            if (c == CTRL_C) {
                continue;                       // the kill is marked: the loop ends above
            }
            if (c == CTRL_D) {
                result = ready;
                break;
            }
            if (c == '\r' || c == '\n') {
                Uart.write('\n');
                if (ready < MAX_LINE) {
                    LINE[ready] = '\n';
                    ready++;
                }
                result = ready;
                break;
            }
            if (c == 0x08 || c == 0x7F) {
                if (ready > 0) {
                    ready--;
                    echo('\b');
                    echo(' ');
                    echo('\b');
                }
            } else if (c == CTRL_U) {
                while (ready > 0) {
                    ready--;
                    echo('\b');
                    echo(' ');
                    echo('\b');
                }
            } else if (ready < MAX_LINE - 1) {
                LINE[ready] = (byte) c;
                ready++;
                echo(c);
            }
        }
        p.readingConsole = false;
        return result;
    }

    private static void echo(int c) {
        long flags = Scheduler.irqSave();
        Uart.write(c);
        Scheduler.irqRestore(flags);
    }

    /** ioctl(2) on the console: TCGETS (canonical, echo, signals), TIOCGWINSZ (80x24), TIOCGPGRP; else -ENOTTY. */
    static long ioctl(Process p, long request, UserPtr arg) {
        byte[] io = p.io;
        if (request == TCGETS) {
            for (int i = 0; i < 36; i++) {
                io[i] = 0;
            }
            Elf.put32(io, 0, 0x500);            // c_iflag: ICRNL | IXON
            Elf.put32(io, 4, 0x5);              // c_oflag: OPOST | ONLCR
            Elf.put32(io, 8, 0xBF);             // c_cflag: B38400 | CS8 | CREAD
            Elf.put32(io, 12, 0x8A3B);          // c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
            io[17 + 0] = CTRL_C;                // c_cc[VINTR]
            io[17 + 1] = 0x1C;                  // VQUIT
            io[17 + 2] = 0x7F;                  // VERASE
            io[17 + 3] = CTRL_U;                // VKILL
            io[17 + 4] = CTRL_D;                // VEOF
            io[17 + 6] = 1;                     // VMIN
            return UserAccess.copyTo(arg, io, 0, 36) ? 0 : -Errno.EFAULT;
        }
        if (request == TIOCGWINSZ) {
            for (int i = 0; i < 8; i++) {
                io[i] = 0;
            }
            io[0] = 24;                         // ws_row
            io[2] = 80;                         // ws_col
            return UserAccess.copyTo(arg, io, 0, 8) ? 0 : -Errno.EFAULT;
        }
        if (request == TIOCGPGRP) {
            Elf.put32(io, 0, p.pid);
            return UserAccess.copyTo(arg, io, 0, 4) ? 0 : -Errno.EFAULT;
        }
        return -Errno.ENOTTY;
    }
}
