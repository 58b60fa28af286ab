package org.zeptux.kernel.arch;

import org.zeptux.kernel.Panic;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;

/**
 * Identity mappings of physical memory above the first GiB, until the kernel has page tables
 * of its own: the ACPI tables (at the top of RAM below 4 GiB) and the interrupt controllers'
 * registers (0xFEC00000, 0xFEE00000). The boot page tables identity-map the first GiB with
 * 2 MiB pages; this adds 2 MiB pages in further GiBs, each GiB taking one page directory
 * from a pool of four in boot/trap.asm's .bss.
 *
 * <p>Device registers are mapped uncached (PCD and PWT: SDM vol. 3, 11.12.3 — with the
 * default PAT that is UC), and no mapping made here is executable when NX is on.
 */
public final class EarlyMap {
    private EarlyMap() {}

    public static final long PRESENT = 1;
    public static final long WRITABLE = 1 << 1;
    public static final long WRITE_THROUGH = 1 << 3;
    public static final long CACHE_DISABLE = 1 << 4;
    public static final long LARGE = 1 << 7;
    public static final long NO_EXECUTE = 1L << 63;
    /** Bits 51..12 of an entry: the physical address it points to. */
    public static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;
    static final long LARGE_PAGE = 2L << 20;
    /** Virtual = physical + this, for the kernel image (linker.ld). */
    static final long KERNEL_VMA = 0xFFFFFFFF80000000L;
    static final long EFER = 0xC0000080L;
    static final int POOL_PAGES = 4;

    private static int poolUsed;

    @Export("zeptux_early_tables")
    private static native long pool();

    /**
     * Identity-maps the physical range [{@code phys}, {@code phys + length}) with 2 MiB pages,
     * uncached if {@code device}. Ranges already mapped are left as they are.
     */
    public static void identity(long phys, long length, boolean device) {
        long end = phys + length;
        for (long page = phys & -LARGE_PAGE; Long.compareUnsigned(page, end) < 0; page += LARGE_PAGE) {
            map(page, device);
        }
    }

    private static void map(long page, boolean device) {
        if (Long.compareUnsigned(page, 512L << 30) >= 0) {
            Panic.panic("EarlyMap: physical addresses above 512 GiB are not mapped before the kernel's page tables");
        }
        long pml4 = Cpu.readCr3() & ADDRESS;
        long pdpt = Memory.load64(pml4) & ADDRESS;         // PML4[0]: the low 512 GiB
        long pdpte = pdpt + 8 * (page >>> 30);
        long pd;
        if ((Memory.load64(pdpte) & PRESENT) == 0) {
            if (poolUsed == POOL_PAGES) {
                Panic.panic("EarlyMap: no page directory left for another GiB");
            }
            long table = pool() + 4096L * poolUsed;
            poolUsed++;
            Memory.store64(pdpte, (table - KERNEL_VMA) | PRESENT | WRITABLE);
            pd = table;
        } else if ((Memory.load64(pdpte) & LARGE) != 0) {
            return;                                        // a 1 GiB page already maps it
        } else {
            pd = Memory.load64(pdpte) & ADDRESS;           // every table is below 1 GiB: identity-mapped
        }
        long pde = pd + 8 * ((page >>> 21) & 511);
        if ((Memory.load64(pde) & PRESENT) != 0) {
            return;
        }
        Memory.store64(pde, entry(page, device, (Cpu.readMsr((int) EFER) & (1 << 11)) != 0));
        Cpu.invlpg(page);
    }

    /** The page-directory entry for a 2 MiB page at {@code page}. */
    public static long entry(long page, boolean device, boolean nx) {
        long e = page | PRESENT | WRITABLE | LARGE;
        if (device) {
            e |= CACHE_DISABLE | WRITE_THROUGH;
        }
        if (nx) {
            e |= NO_EXECUTE;
        }
        return e;
    }
}
