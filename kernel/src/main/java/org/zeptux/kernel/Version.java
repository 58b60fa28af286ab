package org.zeptux.kernel;

/** The kernel's version, printed in the boot banner. */
public final class Version {
    private Version() {}

    /** Kept equal to the Maven project version. */
    public static final String VERSION = "0.1.0";
    /** uname(2)'s version field. */
    public static final String UNAME = "#1 Zeptux 0.1.0";
}
