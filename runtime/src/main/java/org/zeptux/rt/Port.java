package org.zeptux.rt;

import org.zeptux.rt.host.Machine;

/**
 * x86 port I/O. Ports are 16-bit; values are zero-extended to {@code int}.
 *
 * <p>Compiled to {@code in}/{@code out} instructions; on the JVM they go to the devices of
 * {@link Machine#current()}.
 */
public final class Port {
    private Port() {}

    /** Reads a byte from {@code port} ({@code inb}); returns 0..255. */
    public static int in8(int port) { return Machine.current().in(port, 1); }

    /** Reads a 16-bit word from {@code port} ({@code inw}); returns 0..65535. */
    public static int in16(int port) { return Machine.current().in(port, 2); }

    /** Reads a 32-bit doubleword from {@code port} ({@code inl}). */
    public static int in32(int port) { return Machine.current().in(port, 4); }

    /** Writes the low byte of {@code value} to {@code port} ({@code outb}). */
    public static void out8(int port, int value) { Machine.current().out(port, 1, value & 0xFF); }

    /** Writes the low 16 bits of {@code value} to {@code port} ({@code outw}). */
    public static void out16(int port, int value) { Machine.current().out(port, 2, value & 0xFFFF); }

    /** Writes {@code value} to {@code port} ({@code outl}). */
    public static void out32(int port, int value) { Machine.current().out(port, 4, value); }
}
