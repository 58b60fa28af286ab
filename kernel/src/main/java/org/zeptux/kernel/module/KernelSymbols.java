package org.zeptux.kernel.module;

/**
 * What a module's undefined symbols are resolved against: in the kernel, its export table
 * (the {@code @KernelApi} methods and the runtime support compiled code calls); in tests, a
 * table of their own. {@link ModuleLayout#link} asks {@link #find} for each undefined symbol
 * a relocation names, and {@link #address} only for an index {@code find} returned, so "not
 * exported" is never confused with an address.
 */
public interface KernelSymbols {
    /**
     * The index of the kernel symbol whose name is the {@code length} bytes at {@code at} of
     * {@code object} (a range inside it, without its NUL), or -1 if there is none.
     */
    int find(byte[] object, int at, int length);

    /** The address of symbol {@code index}, one {@link #find} returned. */
    long address(int index);
}
