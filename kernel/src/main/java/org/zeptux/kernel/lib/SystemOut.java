package org.zeptux.kernel.lib;

import org.zeptux.kernel.dev.Uart;
import org.zeptux.rt.Export;

/**
 * The kernel's console functions behind {@code System.out} and {@code System.err}: zeptuxc
 * compiles {@code System.out.println(x)} into calls of these (docs/dialect.md), so kernel code
 * and tests can print the same way on the JVM and in the kernel. Both streams go to COM1.
 */
public final class SystemOut {
    private SystemOut() {}

    @Export("zeptux_out_string")
    static void string(int fd, String s) {
        Print.str(s);
    }

    @Export("zeptux_out_char")
    static void character(int fd, char c) {
        // The serial console is 8-bit: characters past Latin-1 print as '?'.
        Uart.write(c < 0x100 ? c : '?');
    }

    @Export("zeptux_out_long")
    static void number(int fd, long v) {
        Print.dec(v);
    }

    @Export("zeptux_out_boolean")
    static void bool(int fd, boolean b) {
        Print.str(b ? "true" : "false");
    }

    @Export("zeptux_out_newline")
    static void newline(int fd) {
        Print.nl();
    }
}
