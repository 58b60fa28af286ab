package org.zeptux.rt.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A 16550A UART (attach at its base port, 8 ports) that transmits instantly into a buffer
 * and receives from a scripted input queue. It keeps the registers a driver programs (divisor
 * latch, LCR, FCR, MCR, IER, scratch) so tests can check them.
 *
 * <p>Fed bytes are "on the wire": each arrives in the receive FIFO when the driver polls the
 * line status and the FIFO is empty, so a FIFO reset during initialisation does not lose a
 * script fed before boot. A kernel that polls for input after the script is exhausted would spin forever; after
 * {@link #IDLE_POLLS} polls of the line status with nothing to read, the model stops the
 * simulation with {@link MachineStopped} ("input exhausted").
 */
public final class Uart16550 implements PortDevice {
    public static final int IDLE_POLLS = 100_000;

    private final ByteArrayOutputStream transmitted = new ByteArrayOutputStream();
    private final ArrayDeque<Integer> wire = new ArrayDeque<>();
    private final ArrayDeque<Integer> input = new ArrayDeque<>();
    private int ier;
    private int lcr;
    private int mcr;
    private int fcr;
    private int scratch;
    private int divisor;
    private int idlePolls;

    /** Queues {@code text} (ISO-8859-1) as received bytes. */
    public Uart16550 feed(String text) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            wire.add(b & 0xFF);
        }
        return this;
    }

    /** Everything the kernel sent, as ISO-8859-1. */
    public String transmitted() {
        return transmitted.toString(StandardCharsets.ISO_8859_1);
    }

    public void clear() {
        transmitted.reset();
    }

    public int divisor() {
        return divisor;
    }

    public int lineControl() {
        return lcr;
    }

    public int fifoControl() {
        return fcr;
    }

    public int modemControl() {
        return mcr;
    }

    public int interruptEnable() {
        return ier;
    }

    private boolean dlab() {
        return (lcr & 0x80) != 0;
    }

    @Override
    public int in(int offset, int size) {
        switch (offset) {
            case 0:
                if (dlab()) {
                    return divisor & 0xFF;
                }
                idlePolls = 0;
                return input.isEmpty() ? 0 : input.poll();
            case 1:
                return dlab() ? (divisor >> 8) & 0xFF : ier;
            case 2:
                return (fcr & 1) != 0 ? 0xC1 : 0x01;     // IIR: no interrupt pending, FIFOs as set
            case 3:
                return lcr;
            case 4:
                return mcr;
            case 5: {
                if (input.isEmpty() && !wire.isEmpty()) {
                    input.add(wire.poll());
                }
                if (input.isEmpty() && ++idlePolls > IDLE_POLLS) {
                    throw new MachineStopped("input exhausted");
                }
                return 0x60 | (input.isEmpty() ? 0 : 0x01); // THRE and TEMT always: instant transmit
            }
            case 6:
                return 0xB0;                                // MSR: CTS, DSR, DCD
            default:
                return scratch;
        }
    }

    @Override
    public void out(int offset, int size, int value) {
        value &= 0xFF;
        switch (offset) {
            case 0 -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF00) | value;
                } else {
                    transmitted.write(value);
                }
            }
            case 1 -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF) | (value << 8);
                } else {
                    ier = value;
                }
            }
            case 2 -> {
                fcr = value;
                if ((value & 0x02) != 0) {
                    input.clear();                          // "clear receive FIFO"
                }
            }
            case 3 -> lcr = value;
            case 4 -> mcr = value;
            case 7 -> scratch = value;
            default -> { }
        }
    }
}
