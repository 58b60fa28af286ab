package org.zeptux.kernel.dev;

import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.sched.Scheduler;
import org.zeptux.rt.MaySleep;
import org.zeptux.kernel.sched.WaitQueue;

/**
 * The COM1 serial port, a 16550-compatible UART at I/O port 0x3F8: output by polling, input
 * by polling until {@link #enableReceiveInterrupts()}, then by interrupt into a ring buffer.
 *
 * <p>Hardware contract (the 16550 data sheet): registers at base+0..7; with LCR.DLAB set,
 * base+0/1 are the baud divisor (115200 / divisor). {@link #init()} programs 115200 baud,
 * 8 data bits, no parity, 1 stop bit, FIFOs on, interrupts off, OUT2 on (on a PC it gates
 * the UART's interrupt line to the interrupt controller). Output waits for the
 * transmit holding register to empty before every byte, so no byte is ever dropped. A
 * machine with no UART (the scratch register does not hold a value) gets no output.
 *
 * <p>Lifecycle: {@link #init()} once at boot, before any output.
 */
public final class Uart {
    private Uart() {}

    /** COM1's registers (0x3F8..0x3FF), at the offsets below. */
    static final PortRange COM1 = Ports.COM1;
    static final int DATA = 0;          // THR (write) / RBR (read); divisor low with DLAB
    static final int IER = 1;           // interrupt enable; divisor high with DLAB
    static final int FCR = 2;           // FIFO control (write)
    static final int LCR = 3;           // line control
    static final int MCR = 4;           // modem control
    static final int LSR = 5;           // line status
    static final int IIR = 2;           // interrupt identification (read)
    static final int IER_RECEIVED = 0x01;
    static final int IER_LINE_STATUS = 0x04;    // an interrupt for BI (and OE, PE, FE); reading LSR clears them
    static final int SCR = 7;           // scratch
    static final int LSR_DATA_READY = 0x01;
    static final int LSR_BREAK = 0x10;          // BI: a BREAK (the line held low for a character time); its byte is a 0
    static final int LSR_THR_EMPTY = 0x20;

    private static boolean present;
    private static boolean interrupts;

    /**
     * Received bytes, from the interrupt handler to {@link #read()}; a power of two. 4 KiB, as
     * Linux's N_TTY_BUF_SIZE: with 256, a line of a few hundred bytes pasted or sent at once
     * (QEMU delivers input as fast as the interrupt drains the FIFO) overflowed while the shell
     * was still echoing its start, and bytes were lost.
     */
    public static final int RING = 4096;
    private static final byte[] RX = new byte[RING];
    private static int head;                // next byte to read; only read() moves it
    private static int tail;                // next free slot; only the interrupt handler moves it
    private static long dropped;
    /**
     * Whether input is held back because the ring buffer was full: the received-data interrupt is
     * off and RTS is dropped, so the bytes wait in the UART (and, with hardware flow control, at the
     * sender) until a reader has emptied half of the ring (the tty "throttle" of Linux's n_tty).
     */
    private static boolean throttled;
    private static long throttles;

    /** Programs COM1 for 115200 8N1 with FIFOs; detects whether a UART is there at all. */
    public static void init() {
        COM1.out8(SCR, 0x5A);
        present = COM1.in8(SCR) == 0x5A;
        if (!present) {
            return;
        }
        COM1.out8(IER, 0x00);    // no interrupts: this driver polls
        COM1.out8(LCR, 0x80);    // DLAB: the next two registers are the divisor
        COM1.out8(DATA, 1);      // 115200 / 1
        COM1.out8(IER, 0);
        COM1.out8(LCR, 0x03);    // 8 data bits, no parity, 1 stop bit, DLAB off
        COM1.out8(FCR, 0xC7);    // FIFOs on, both cleared, 14-byte receive threshold
        COM1.out8(MCR, 0x0B);    // DTR, RTS, OUT2
    }

    /** Whether {@link #init()} found a UART. */
    public static boolean present() {
        return present;
    }

    /** Sends one byte, waiting until the transmitter can take it; '\n' goes out as "\r\n". */
    public static void write(int c) {
        if (!present) {
            return;
        }
        if (c == '\n') {
            send('\r');
        }
        send(c);
    }

    private static void send(int c) {
        while (true) {
            int lsr = COM1.in8(LSR);
            if ((lsr & LSR_BREAK) != 0) {
                breakSeen = true;               // reading LSR cleared BI: the receive interrupt must still know
            }
            if ((lsr & LSR_THR_EMPTY) != 0) {
                break;
            }
            Processor.pause();
        }
        COM1.out8(DATA, c);
    }

    /**
     * A BREAK that {@link #send}'s read of LSR saw (and so cleared) before the receive interrupt
     * could: its 0 byte is still in the FIFO, and the interrupt takes the next 0 byte as the break.
     */
    private static boolean breakSeen;

    /**
     * Waits for and returns the next received byte (0..255); -1 if there is no UART. With
     * receive interrupts on, it takes bytes from the ring buffer; while it is empty the task
     * sleeps on {@link #INPUT} (before the scheduler runs: halts, sti; hlt). The interrupt
     * flag is as it was when it returns.
     */
    public static int read() {
        if (!present) {
            return -1;
        }
        if (interrupts) {
            long flags = Scheduler.irqSave();
            while (true) {
                int c = take();
                if (c >= 0) {
                    Scheduler.irqRestore(flags);
                    return c;
                }
                if (Scheduler.running()) {
                    INPUT.waitLocked();     // the receive interrupt wakes it; none is lost in between
                } else {
                    Processor.stiHlt();           // sleeps until an interrupt; none is lost in between
                    Processor.cli();
                }
            }
        }
        while ((COM1.in8(LSR) & LSR_DATA_READY) == 0) {
            Processor.pause();
        }
        return COM1.in8(DATA);
    }

    /** Enables the received-data interrupt; from now on input arrives by {@link #onInterrupt()}. */
    public static void enableReceiveInterrupts() {
        interrupts = true;
        COM1.out8(IER, IER_RECEIVED);
    }

    /** The receive interrupt: moves every byte the UART holds into the ring buffer. */
    public static void onInterrupt() {
        COM1.in8(IIR);           // identifies (and for some causes clears) the interrupt
        while (true) {
            int lsr = COM1.in8(LSR);    // BI belongs to the byte at the head of the FIFO: read it first
            if ((lsr & LSR_DATA_READY) == 0) {
                break;
            }
            if (tail - head == RING) {
                throttle();             // the byte stays in the UART until a reader makes room
                break;
            }
            int c = COM1.in8(DATA);
            boolean lineBreak = (lsr & LSR_BREAK) != 0 || breakSeen && c == 0;
            breakSeen = false;
            if (magic != null && (lineBreak ? magic.lineBreak() : magic.taken(c))) {
                continue;                       // SysRq took it
            }
            if (controlC != null && controlC.pressed(c)) {
                continue;                       // the terminal took it (a signal key: Ctrl-C, Ctrl-Z, Ctrl-backslash)
            }
            put(c);
        }
        INPUT.wakeOneLocked();
        if (receiveHook != null) {
            receiveHook.received();
        }
    }


    /** What else wants to know that input arrived (poll(2)'s waiters). */
    public interface ReceiveHook {
        /** Bytes arrived (interrupt context). */
        void received();
    }

    private static ReceiveHook receiveHook;

    /** Sets who hears of input (null: nobody). */
    public static void setReceiveHook(ReceiveHook hook) {
        receiveHook = hook;
    }

    /** What a signal key (Ctrl-C, Ctrl-Z, ...) does before it is queued as input: the terminal signals the foreground group. */
    public interface ControlC {
        /** Byte {@code c} arrived (interrupt context); true when it was a signal key taken, not to be queued. */
        boolean pressed(int c);
    }

    private static ControlC controlC;

    /** Sets what Ctrl-C does (null: it is input like any byte). */
    public static void setControlC(ControlC hook) {
        controlC = hook;
    }

    /**
     * The line's BREAK and the bytes after it, before they are input: the magic SysRq key
     * (debug.SysRq). Interrupt context: neither method may sleep.
     */
    public interface Magic {
        /** A BREAK arrived (its 0 byte is never input); true. */
        boolean lineBreak();

        /** Byte {@code c} arrived; true when it was taken and is not input. */
        boolean taken(int c);
    }

    private static Magic magic;

    /**
     * Sets what sees every received byte and BREAK first (null: nothing; a BREAK is a 0 byte of
     * input). With a hook, a BREAK interrupts at once (the receiver line status interrupt):
     * otherwise, under the receive FIFO's threshold, it would wait for the next byte's timeout.
     */
    public static void setMagic(Magic hook) {
        magic = hook;
        if (present && interrupts) {
            COM1.out8(IER, interruptsEnabled());
        }
    }

    /** The interrupts the receive side wants: data unless throttled, line status with a magic hook. */
    private static int interruptsEnabled() {
        return (throttled ? 0 : IER_RECEIVED) | (magic != null ? IER_LINE_STATUS : 0);
    }

    /**
     * Stops taking input (the ring is full): no received-data interrupt, RTS dropped (16550: MCR
     * bit 1; a sender doing hardware flow control stops, QEMU's backend keeps the bytes).
     */
    private static void throttle() {
        throttled = true;
        throttles++;
        COM1.out8(IER, interruptsEnabled());
        COM1.out8(MCR, 0x09);    // DTR, OUT2; RTS off
    }

    /**
     * Takes input again once half the ring is free: RTS raised, the received-data interrupt
     * enabled — the 16550 raises it at once for the bytes already waiting in its FIFO.
     */
    private static void unthrottle() {
        throttled = false;
        COM1.out8(MCR, 0x0B);    // DTR, RTS, OUT2
        COM1.out8(IER, interruptsEnabled());
    }

    /** The task waiting in {@link #read} for input. */
    private static final WaitQueue INPUT = new WaitQueue("console input");

    /**
     * Sleeps until input arrives or {@link #wakeReaders} is called; with interrupts disabled, after
     * the caller found the ring empty (so no byte can arrive unseen in between).
     */
    @MaySleep
    public static void waitLocked() {
        INPUT.waitLocked();
    }

    /** Wakes every task waiting for input (a signal came for a reader: it looks again and stops). */
    public static void wakeReaders() {
        long flags = Scheduler.irqSave();
        INPUT.wakeAllLocked();
        Scheduler.irqRestore(flags);
    }

    /** Appends {@code c} to the ring buffer; a full buffer drops it and counts the loss. */
    public static void put(int c) {
        if (tail - head == RING) {
            dropped++;
            return;
        }
        RX[tail & (RING - 1)] = (byte) c;
        tail++;
    }

    /** Whether the ring buffer holds a byte (interrupts disabled by the caller). */
    public static boolean available() {
        return head != tail;
    }

    /** Takes the oldest byte from the ring buffer (0..255), or -1 if it is empty. */
    public static int take() {
        if (head == tail) {
            return -1;
        }
        int c = RX[head & (RING - 1)] & 0xFF;
        head++;
        if (throttled && tail - head <= RING / 2) {
            unthrottle();
        }
        return c;
    }

    /** Received bytes dropped because the ring buffer was full (only {@link #put} from elsewhere can). */
    public static long dropped() {
        return dropped;
    }

    /** How often input was held back because the ring buffer was full. */
    public static long throttles() {
        return throttles;
    }
}
