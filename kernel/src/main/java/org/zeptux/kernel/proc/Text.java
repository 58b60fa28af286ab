package org.zeptux.kernel.proc;

import org.zeptux.kernel.lib.Printf;

/**
 * Where a /proc file's text is written: the generator writes the whole file from its first
 * byte, and the bytes that fall in the window being read ([{@code from}, {@code from + room})
 * of the file) land in the reader's buffer — as Linux's seq_file regenerates a file for each
 * read. Nothing is allocated; a file of any length reads in pieces of any size. One object,
 * used with the VFS lock held ({@link ProcFs}).
 */
final class Text {
    private byte[] dst;
    private int at;
    private long from;
    private int room;
    /** Bytes generated so far (the file offset of the next byte). */
    private long position;
    private int copied;
    /** Where the current line started. */
    private long lineStart;

    /** Starts a read of at most {@code n} bytes at file offset {@code offset} into {@code dst[at..]}. */
    void begin(byte[] dst, int at, long offset, int n) {
        this.dst = dst;
        this.at = at;
        this.from = offset;
        this.room = n;
        this.position = 0;
        this.copied = 0;
        this.lineStart = 0;
    }

    /** The bytes copied into the reader's buffer. */
    int copied() {
        return copied;
    }

    /** Whether the window is full (the generator may stop). */
    boolean full() {
        return copied == room;
    }

    Text chr(int c) {
        if (position >= from && copied < room) {
            dst[at + copied] = (byte) c;
            copied++;
        }
        position++;
        if (c == '\n') {
            lineStart = position;
        }
        return this;
    }

    /** Spaces up to column {@code column} of the current line (nothing if it is there already). */
    Text padTo(int column) {
        while (position - lineStart < column) {
            chr(' ');
        }
        return this;
    }

    Text str(String s) {
        for (int i = 0; i < s.length(); i++) {
            chr(s.charAt(i));
        }
        return this;
    }

    Text bytes(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            chr(b[off + i] & 0xFF);
        }
        return this;
    }

    /** {@code s} padded with spaces to {@code width} on the right. */
    Text left(String s, int width) {
        str(s);
        for (int i = s.length(); i < width; i++) {
            chr(' ');
        }
        return this;
    }

    /** The unsigned decimal {@code v}, right-aligned in {@code width} (0: no padding). */
    Text udec(long v, int width) {
        int digits = 1;
        for (long x = Long.divideUnsigned(v, 10); x != 0; x = Long.divideUnsigned(x, 10)) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            chr(' ');
        }
        long div = 1;
        for (int i = 1; i < digits; i++) {
            div *= 10;
        }
        long x = v;
        for (int i = 0; i < digits; i++) {
            long d = Long.divideUnsigned(x, div);
            chr('0' + (int) d);
            x -= d * div;
            div = Long.divideUnsigned(div, 10);
        }
        return this;
    }

    Text udec(long v) {
        return udec(v, 0);
    }

    /** The signed decimal {@code v}. */
    Text dec(long v) {
        if (v < 0) {
            chr('-');
            return udec(-v, 0);
        }
        return udec(v, 0);
    }

    /** {@code v} in hexadecimal, lower case, at least {@code digits} digits (zero-padded). */
    Text hex(long v, int digits) {
        int n = 1;
        for (long x = v >>> 4; x != 0; x >>>= 4) {
            n++;
        }
        for (int i = n; i < digits; i++) {
            chr('0');
        }
        for (int i = n - 1; i >= 0; i--) {
            int d = (int) (v >>> (4 * i)) & 15;
            chr(d < 10 ? '0' + d : 'a' + d - 10);
        }
        return this;
    }

    /** {@code v} hundredths as "I.FF". */
    Text hundredths(long v) {
        udec(v / 100).chr('.');
        long f = v % 100;
        chr('0' + (int) (f / 10));
        return chr('0' + (int) (f % 10));
    }

    Text nl() {
        return chr('\n');
    }

    /** Room for one formatted piece (used with the VFS lock held, as the whole object is). */
    private final byte[] piece = new byte[256];

    /** {@code fmt} formatted by printf's rules ({@link Printf}) with up to six arguments, then added. */
    Text f(String fmt, long a, long b, long c, long d, long e, long f) {
        int n = Printf.format(piece, fmt, 6, a, b, c, d, e, f);
        return bytes(piece, 0, n);
    }

    Text f(String fmt, long a, long b, long c) {
        return f(fmt, a, b, c, 0, 0, 0);
    }

    Text f(String fmt, long a) {
        return f(fmt, a, 0, 0, 0, 0, 0);
    }
}
