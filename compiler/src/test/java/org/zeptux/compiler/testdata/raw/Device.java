package org.zeptux.compiler.testdata.raw;

import org.zeptux.rt.Address;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Port;
import org.zeptux.rt.Struct;

/** A device behind a safe interface: safe code calls these methods, the raw API stays in here. */
public final class Device {
    private Device() {}

    /** The device's status register. */
    public static int status() {
        return Port.in8(0x3f8 + 5);
    }

    /** The device's buffer: safe code may hold it and pass it back, not dereference it. */
    public static Address buffer() {
        return Address.of(0x1000);
    }

    /** The first byte at {@code a}. */
    public static int first(Address a) {
        return a.load8();
    }

    /** A struct view safe code must not call. */
    @Struct(size = 16)
    public interface Header {
        @Offset(0) long magic();

        void magic(long v);
    }
}
