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

    /**
     * Copies bytes [{@code offset}, {@code offset + n}) into {@code dst[at..at+n)}: the whole
     * range must lie inside both (else an IndexOutOfBoundsException and nothing copied).
     */
    default void read(long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0 || offset > length() - n || at < 0 || at > dst.length - n) {
            throw new IndexOutOfBoundsException("a read outside the bytes or the buffer");
        }
        for (int i = 0; i < n; i++) {
            dst[at + i] = (byte) load8(offset + i);
        }
    }
}
