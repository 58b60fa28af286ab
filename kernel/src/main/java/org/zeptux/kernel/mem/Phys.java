package org.zeptux.kernel.mem;

/**
 * Physical addresses and the one place they become virtual ones.
 *
 * <p>Today the boot page tables identity-map the first 1 GiB ({@link #MAPPED_LIMIT}), so
 * {@link #virt} is the identity below it. When the kernel gets a direct map of all RAM, this
 * class changes (an offset, a larger limit) and nothing else has to: every access of physical
 * memory by the memory code goes through {@link #virt}. Memory at or above the mapped limit is
 * accounted (memblock reserves it as {@link Memblock#UNMAPPED}) but never touched.
 */
public final class Phys {
    private Phys() {}

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    /** The end of the physical memory the kernel can reach through {@link #virt}. */
    public static final long MAPPED_LIMIT = 1L << 30;
    /** The architectural limit of physical addresses (52 bits); memory above is ignored. */
    public static final long MAX_PHYS = 1L << 52;

    /** The virtual address of physical {@code phys}; only valid below {@link #MAPPED_LIMIT}. */
    public static long virt(long phys) {
        return phys;
    }

    /** Rounds {@code bytes} up to whole pages (bytes below 2^63 - 4096). */
    public static long pageUp(long bytes) {
        return (bytes + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    /** Rounds {@code address} down to its page. */
    public static long pageDown(long address) {
        return address & -PAGE_SIZE;
    }
}
