package org.zeptux.rt.jdk;

import org.zeptux.rt.Export;

/** The throw hooks compiled code calls (docs/dialect.md), for the failures of this package's methods. */
final class Fail {
    private Fail() {}

    /** Throws {@code exception} with {@code message} (or none, for null) at {@code where}; does not return. */
    @Export("zeptux_throw")
    static native void with(String exception, String message, String where);

    /** Throws {@code exception} with {@code format}'s message (%s: s1, s2; %d: n1, n2) at {@code where}; does not return. */
    @Export("zeptux_throw_format")
    static native void format(String exception, String format, String s1, String s2, long n1, long n2, String where);
}
