package org.zeptux.kernel.lib;

/**
 * Bytes a parser reads by offset, checked: an archive in memory, a file's contents, a test's
 * array. Every read names an offset below {@link #length}; a read outside is a caller's bug
 * (an IndexOutOfBoundsException), never a read of other memory.
 */
public interface ByteSource {
    /** The number of bytes. */
    long length();

    /** The byte at {@code offset} (0 .. 255). */
    int load8(long offset);
}
