package org.zeptux.kernel.dev;

import org.zeptux.rt.Address;
import org.zeptux.rt.KernelApi;

/**
 * A character device: bytes in, bytes out. Part of the module API: a module implements it
 * and registers its device object ({@link CharDevices#register}); the kernel calls it through
 * this interface.
 */
@KernelApi
public interface CharDevice {
    /** The device's name (at most 15 characters), as {@code devices} lists it. */
    String name();

    /** Writes {@code length} bytes from {@code from}; returns how many it took, or a negative error. */
    int write(Address from, int length);

    /** Reads up to {@code length} bytes into {@code to}; returns how many, or a negative error. */
    int read(Address to, int length);
}
