package org.zeptux.kernel.dev;

import org.zeptux.kernel.hw.Ports;

/**
 * QEMU's isa-debug-exit device at port 0xF4 (QEMU runs with
 * {@code -device isa-debug-exit,iobase=0xf4,iosize=0x04}). Writing V makes QEMU exit with
 * status (V &lt;&lt; 1) | 1. On other machines the port is unused and the write does nothing,
 * so callers must go on to halt.
 */
public final class DebugExit {
    private DebugExit() {}

    /** Clean power-off: QEMU exits with 33. */
    public static final int POWEROFF = 0x10;
    /** Kernel panic or failed test: QEMU exits with 35. */
    public static final int PANIC = 0x11;

    /** Asks QEMU to exit with status (code &lt;&lt; 1) | 1; returns if this is not QEMU. */
    public static void exit(int code) {
        Ports.DEBUG_EXIT.out8(0, code);
    }
}
