package org.zeptux.kernel.arch;

import org.zeptux.rt.Memory;

/**
 * The registers boot/trap.asm saves on an interrupt or exception, as offsets from the frame
 * address it passes to the dispatcher: the general registers it pushes, the vector and error
 * code (0 where the CPU pushes none), and what the CPU pushed (RIP, CS, RFLAGS, RSP, SS).
 */
public final class TrapFrame {
    private TrapFrame() {}

    public static final int R15 = 0;
    public static final int R14 = 8;
    public static final int R13 = 16;
    public static final int R12 = 24;
    public static final int R11 = 32;
    public static final int R10 = 40;
    public static final int R9 = 48;
    public static final int R8 = 56;
    public static final int RBP = 64;
    public static final int RDI = 72;
    public static final int RSI = 80;
    public static final int RDX = 88;
    public static final int RCX = 96;
    public static final int RBX = 104;
    public static final int RAX = 112;
    public static final int VECTOR = 120;
    public static final int ERROR = 128;
    public static final int RIP = 136;
    public static final int CS = 144;
    public static final int RFLAGS = 152;
    public static final int RSP = 160;
    public static final int SS = 168;
    /** The frame's size in bytes. */
    public static final int SIZE = 176;

    /** The register at {@code offset} in the frame at {@code frame}. */
    public static long get(long frame, int offset) {
        return Memory.load64(frame + offset);
    }

    public static int vector(long frame) {
        return (int) Memory.load64(frame + VECTOR);
    }

    public static long error(long frame) {
        return Memory.load64(frame + ERROR);
    }

    public static long rip(long frame) {
        return Memory.load64(frame + RIP);
    }
}
