package org.zeptux.kernel.hw;

import org.zeptux.rt.Address;
import org.zeptux.rt.Memory;

/**
 * Addresses of byte arrays, for the interfaces that take an {@link Address} (a character
 * device's buffer): the address of an element that exists, so what is read or written there
 * lies inside the array as long as the callee keeps to the length it is given.
 */
public final class Buffers {
    private Buffers() {}

    /** The address of {@code bytes[offset]} ({@code offset == bytes.length}: just past the end). */
    public static Address address(byte[] bytes, int offset) {
        if (offset < 0 || offset > bytes.length) {
            throw new ArrayIndexOutOfBoundsException("buffer offset outside the array");
        }
        return Address.of(Memory.addressOf(bytes) + 16 + offset);
    }
}
