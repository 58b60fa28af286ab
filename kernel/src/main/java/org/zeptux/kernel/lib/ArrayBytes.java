package org.zeptux.kernel.lib;

/** A {@link ByteSource} over a Java byte array (its length, or a prefix of it). */
public final class ArrayBytes implements ByteSource {
    private byte[] bytes;
    private int length;

    /** Reads {@code bytes}[0, {@code length}); made at build time, or pointed at another array with {@link #set}. */
    public ArrayBytes(byte[] bytes, int length) {
        set(bytes, length);
    }

    /** Reads {@code bytes}[0, {@code length}) from now on ({@code length} at most the array's). */
    public void set(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = Math.min(length, bytes.length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int load8(long offset) {
        if (offset < 0 || offset >= length) {
            throw new IndexOutOfBoundsException("outside the bytes");
        }
        return bytes[(int) offset] & 0xFF;
    }
}
