package org.zeptux.kernel.mm;

import org.zeptux.kernel.hw.Paging;
import org.zeptux.rt.Address;
import org.zeptux.rt.PhysAddr;

/**
 * Physical addresses and the one place they become virtual ones.
 *
 * <p>At boot the boot page tables identity-map the first 1 GiB, so {@link #virt} is the
 * identity and only memory below {@link #mappedLimit()} can be touched. Once the kernel's own
 * page tables are live (Paging), all RAM is mapped at {@link #DIRECT_MAP} + physical and
 * there is no identity mapping any more: every access of physical memory goes through
 * {@link #virt}. On the JVM's simulated PC memory is simulated and the identity throughout.
 *
 * <p>Physical addresses are {@link PhysAddr}s and frame numbers {@link org.zeptux.rt.Pfn}s,
 * types javac keeps apart from virtual {@link Address}es and from each other; {@link #virt}
 * is the only conversion to an address that can be dereferenced.
 */
public final class Phys {
    private Phys() {}

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    /** What the boot page tables identity-map. */
    public static final long BOOT_MAPPED = 1L << 30;
    /** The architectural limit of physical addresses (52 bits); memory above is ignored. */
    public static final long MAX_PHYS = 1L << 52;
    /** The direct map: physical address p is at DIRECT_MAP + p (PML4 entry 273, as in Linux). */
    public static final long DIRECT_MAP = 0xFFFF888000000000L;

    private static long offset;
    private static boolean direct;

    /**
     * The virtual address of physical {@code phys}; only valid below {@link #mappedLimit()}.
     * The one door from a {@link PhysAddr} to memory: nothing else turns one into an Address.
     */
    public static Address virt(PhysAddr phys) {
        return Paging.virtual(phys.toLong() + offset);
    }

    /** The physical address of {@code virt}, an address {@link #virt} returned (the way back). */
    public static PhysAddr phys(Address virt) {
        return PhysAddr.of(virt.toLong() - offset);
    }

    /** Where the memory {@link #virt} can reach ends: 1 GiB at boot, then all RAM. */
    public static PhysAddr mappedLimit() {
        return PhysAddr.of(direct ? MAX_PHYS : BOOT_MAPPED);
    }

    /** Whether the kernel's page tables, with the direct map, are live. */
    public static boolean directMap() {
        return direct;
    }

    /** Paging calls this once the direct map is live (with {@code DIRECT_MAP}; 0 on the JVM). */
    public static void directMapLive(long directMapOffset) {
        offset = directMapOffset;
        direct = true;
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
