package org.zeptux.rt.hosted;

import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Syscall;

/**
 * What a hosted program needs from its (absent) operating-system library. Output is buffered
 * per stream and encoded as UTF-8, as the JVM does on Linux; both buffers are flushed at exit
 * and before a failure is reported. A failure prints what the JVM prints first for an uncaught
 * exception ({@code Exception in thread "main" X: message}) and its location, then exits 1.
 */
public final class HostedRuntime {
    private HostedRuntime() {}

    private static final long SYS_WRITE = 1;
    private static final long SYS_EXIT_GROUP = 231;

    private static final byte[] OUT = new byte[4096];
    private static final byte[] ERR = new byte[4096];
    private static int outLength;
    private static int errLength;

    /** The address of element 0 of an array in the image heap (see the compiler's Layout). */
    static final long ELEMENTS = 16;

    /**
     * The stack pointer the process started with: argc, then argv[argc], a null, envp[], a
     * null, the auxiliary vector's (type, value) pairs up to AT_NULL (the System V ABI's initial
     * process stack). Only {@link #start} writes it; {@link Linux} reads it.
     */
    static long initialStack;

    /** The process entry hands over its initial stack pointer, before main runs. */
    @Export("zeptux_process_start")
    static void start(long stack) {
        initialStack = stack;
    }

    @Export("zeptux_out_string")
    static void string(int fd, String s) {
        if (s == null) {
            string(fd, "null");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length()
                    && s.charAt(i + 1) >= 0xDC00 && s.charAt(i + 1) <= 0xDFFF) {
                int cp = 0x10000 + ((c - 0xD800) << 10) + (s.charAt(i + 1) - 0xDC00);
                put(fd, 0xF0 | (cp >> 18));
                put(fd, 0x80 | ((cp >> 12) & 0x3F));
                put(fd, 0x80 | ((cp >> 6) & 0x3F));
                put(fd, 0x80 | (cp & 0x3F));
                i++;
            } else {
                character(fd, c);
            }
        }
    }

    @Export("zeptux_out_char")
    static void character(int fd, char c) {
        if (c < 0x80) {
            put(fd, c);
        } else if (c < 0x800) {
            put(fd, 0xC0 | (c >> 6));
            put(fd, 0x80 | (c & 0x3F));
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            put(fd, '?');                   // a lone surrogate, as the JVM's UTF-8 encoder writes it
        } else {
            put(fd, 0xE0 | (c >> 12));
            put(fd, 0x80 | ((c >> 6) & 0x3F));
            put(fd, 0x80 | (c & 0x3F));
        }
    }

    @Export("zeptux_out_long")
    static void number(int fd, long v) {
        if (v < 0) {
            put(fd, '-');
            unsigned(fd, -v);
        } else {
            unsigned(fd, v);
        }
    }

    private static void unsigned(int fd, long v) {
        long q = (v >>> 1) / 5;
        int digit = (int) (v - q * 10);
        if (q != 0) {
            unsigned(fd, q);
        }
        put(fd, '0' + digit);
    }

    @Export("zeptux_out_boolean")
    static void bool(int fd, boolean b) {
        string(fd, b ? "true" : "false");
    }

    @Export("zeptux_out_newline")
    static void newline(int fd) {
        put(fd, '\n');
    }

    /** The compiled program's main has returned: flush and exit 0. */
    @Export("zeptux_exit")
    static void exit(int status) {
        flush(1);
        flush(2);
        Syscall.call3(SYS_EXIT_GROUP, status, 0, 0);
    }

    /** A failed Java check or a throw: the JVM's first line for an uncaught exception, where, exit 1. */
    @Export("zeptux_throw")
    static void onThrow(String exception, String message, String where) {
        flush(1);
        string(2, "Exception in thread \"main\" ");
        string(2, exception);
        if (message != null) {
            string(2, ": ");
            string(2, message);
        }
        string(2, "\n\tat ");
        string(2, where);
        newline(2);
        exit(1);
    }

    /**
     * A failed check whose message holds values known at run time: {@code format} with each
     * {@code %s} replaced by the next of {@code s1}, {@code s2} ({@code %1} and {@code %2} by
     * that one) and each {@code %d} by the next of {@code n1}, {@code n2}; printed as
     * {@link #onThrow} prints.
     */
    @Export("zeptux_throw_format")
    static void onThrowFormat(String exception, String format, String s1, String s2, long n1, long n2, String where) {
        flush(1);
        string(2, "Exception in thread \"main\" ");
        string(2, exception);
        string(2, ": ");
        int strings = 0;
        int numbers = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            char next = i + 1 < format.length() ? format.charAt(i + 1) : 0;
            if (c == '%' && next == 's') {
                string(2, strings == 0 ? s1 : s2);
                strings++;
                i++;
            } else if (c == '%' && (next == '1' || next == '2')) {
                string(2, next == '1' ? s1 : s2);
                i++;
            } else if (c == '%' && next == 'd') {
                number(2, numbers == 0 ? n1 : n2);
                numbers++;
                i++;
            } else {
                character(2, c);
            }
        }
        string(2, "\n\tat ");
        string(2, where);
        newline(2);
        exit(1);
    }

    /** A freed pool object was used (compiled code's use-after-free check): reported as an exception. */
    @Export("zeptux_use_after_free")
    static void useAfterFree(Object object, String where) {
        onThrow("java.lang.IllegalStateException", "use of a freed pool object", where);
    }

    /**
     * Copies {@code n} bytes from {@code src} to {@code dst}; the regions may overlap (LLVM's
     * memmove calls it). Eight bytes at a time, in the direction that reads every byte before
     * it is overwritten.
     */
    @Export("memmove")
    static long memmove(long dst, long src, long n) {
        if (Long.compareUnsigned(dst - src, n) >= 0) {  // dst below src or past the source: copy upwards
            return memcpy(dst, src, n);
        }
        long i = n;
        while ((i & 7) != 0) {
            i--;
            Memory.store8(dst + i, Memory.load8(src + i));
        }
        while (i > 0) {
            i -= 8;
            Memory.store64(dst + i, Memory.load64(src + i));
        }
        return dst;
    }

    /**
     * Copies {@code n} bytes from {@code src} to {@code dst} (LLVM may call it for copy loops),
     * upwards, eight bytes at a time (so memmove uses it when dst is below src).
     */
    @Export("memcpy")
    static long memcpy(long dst, long src, long n) {
        long i = 0;
        for (; n - i >= 8; i += 8) {
            Memory.store64(dst + i, Memory.load64(src + i));
        }
        for (; i < n; i++) {
            Memory.store8(dst + i, Memory.load8(src + i));
        }
        return dst;
    }

    /** Sets {@code n} bytes at {@code dst} to the low byte of {@code c} (LLVM may call it for fill loops). */
    @Export("memset")
    static long memset(long dst, int c, long n) {
        long v = (c & 0xffL) * 0x0101010101010101L;
        long i = 0;
        for (; n - i >= 8; i += 8) {
            Memory.store64(dst + i, v);
        }
        for (; i < n; i++) {
            Memory.store8(dst + i, c);
        }
        return dst;
    }

    private static void put(int fd, int b) {
        if (fd == 2) {
            if (errLength == ERR.length) {
                flush(2);
            }
            ERR[errLength] = (byte) b;
            errLength++;
        } else {
            if (outLength == OUT.length) {
                flush(1);
            }
            OUT[outLength] = (byte) b;
            outLength++;
        }
    }

    /** Writes out what System.out and System.err hold, in that order (before a system call writes or exits). */
    static void flushOutput() {
        flush(1);
        flush(2);
    }

    private static void flush(int fd) {
        byte[] buffer = fd == 2 ? ERR : OUT;
        int length = fd == 2 ? errLength : outLength;
        long address = Memory.addressOf(buffer) + ELEMENTS;
        long done = 0;
        while (done < length) {
            long n = Syscall.call3(SYS_WRITE, fd, address + done, length - done);
            if (n <= 0) {
                break;                      // nowhere to report a failing stdout; drop the rest
            }
            done += n;
        }
        if (fd == 2) {
            errLength = 0;
        } else {
            outLength = 0;
        }
    }
}
