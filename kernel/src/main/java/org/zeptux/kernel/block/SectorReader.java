package org.zeptux.kernel.block;

/** Where {@link Mbr} reads sectors from: a disk in the kernel, a byte array in the tests. */
public interface SectorReader {
    /** Reads sector {@code sector} into {@code into}[0..512): 0, or -errno (past the end: -EINVAL). */
    int read(long sector, byte[] into);
}
