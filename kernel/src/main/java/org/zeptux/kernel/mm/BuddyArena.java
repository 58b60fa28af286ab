package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.rt.Address;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Platform;

/**
 * A private zone for tests, the stress and the console: {@link #ZONE}, a {@link Zone} of its
 * own (made at build time like the kernel's), over a made-up range of pages (by default from
 * 4 GiB up, so its addresses are clearly not the kernel's; a zone never touches its pages,
 * only its page frame database). The kernel's zone is never borrowed: it only lends the block
 * that holds the private database.
 *
 * <p>The private database (16 bytes per page, at most {@link #MAX_PAGES} pages) is an order-6
 * block of the kernel's zone, owned by {@link Owner#TEST}, in the kernel; on the JVM it is
 * simulated memory. Also {@link #live}: the kernel's memory set up as at boot, in both worlds.
 */
public final class BuddyArena {
    private BuddyArena() {}

    /** The private zone: between {@link #begin} and {@link #end}, tests allocate from it. */
    public static final Zone ZONE = new Zone();
    /** The first page of the made-up range: 4 GiB. */
    public static final Pfn FIRST_PFN = Pfn.of(0x100000);
    /** The most pages a private zone can have. */
    public static final int MAX_PAGES = 16384;
    private static final int PFDB_ORDER = 6;
    /** The private database on the JVM: simulated memory nothing else uses. */
    private static final long JVM_PFDB = 0x200000000L;
    private static final long JVM_BOOT_INFO = MemInit.BOOT_INFO;

    private static PhysAddr pfdbPhys;
    private static boolean active;
    /** Whether this code runs on the JVM over the simulated machine. */
    public static boolean onJvm() {
        return Platform.simulated();
    }

    /**
     * Makes sure the live allocator is set up as at boot. In the kernel, from the real BootInfo,
     * once (a no-op when Kmain already did it). On the JVM, every time, from a BootInfo written
     * into the simulated machine: QEMU's -M pc -m 128M map and a 128 KiB kernel at 1 MiB.
     */
    public static void live() {
        if (!onJvm()) {
            if (!MemInit.done()) {
                MemInit.setup(MemInit.BOOT_INFO);
            }
            return;
        }
        long info = JVM_BOOT_INFO;
        BootInfo.write(info, 0x100000, 0x120000);
        BootInfo.addE820(info, 0, 0x9fc00, E820.USABLE);
        BootInfo.addE820(info, 0x9fc00, 0x400, E820.RESERVED);
        BootInfo.addE820(info, 0xf0000, 0x10000, E820.RESERVED);
        BootInfo.addE820(info, 0x100000, 0x7ee0000, E820.USABLE);
        BootInfo.addE820(info, 0x7fe0000, 0x20000, E820.RESERVED);
        BootInfo.addE820(info, 0xfffc0000L, 0x40000, E820.RESERVED);
        MemInit.setup(info);
    }

    /**
     * Starts the private zone over pages {@code first .. first + pages - 1}, all free if
     * {@code free}, else all reserved (give pages with {@code ZONE.addFree}). Returns false if
     * the kernel's zone has no memory for the database. Panics if one is running already or on
     * too many pages.
     */
    public static boolean begin(Pfn first, long pages, boolean free) {
        if (active) {
            Panic.panic("buddy arena: already in use");
        }
        if (pages <= 0 || pages > MAX_PAGES) {
            Panic.panic("buddy arena: too many pages");
        }
        Address pfdb = Phys.virt(PhysAddr.of(JVM_PFDB));   // the JVM's simulated memory: virt is the identity
        if (!onJvm()) {
            live();
            pfdbPhys = Buddy.alloc(PFDB_ORDER, Owner.TEST);
            if (pfdbPhys == null) {
                return false;
            }
            pfdb = Phys.virt(pfdbPhys);
        }
        ZONE.init(pfdb, first, first.plus(pages));
        if (free) {
            ZONE.addFree(first, first.plus(pages));
        }
        active = true;
        return true;
    }

    /** As begin(FIRST_PFN, pages, true). */
    public static boolean begin(long pages) {
        return begin(FIRST_PFN, pages, true);
    }

    /** Ends the private zone and returns its database's block to the kernel's zone. */
    public static void end() {
        if (!active) {
            Panic.panic("buddy arena: end without begin");
        }
        if (pfdbPhys != null) {
            Buddy.free(pfdbPhys, PFDB_ORDER, Owner.TEST);
            pfdbPhys = null;
        }
        active = false;
    }
}
