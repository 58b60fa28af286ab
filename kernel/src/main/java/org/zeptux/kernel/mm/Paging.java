package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;

/**
 * The kernel's page tables (4-level, Intel SDM vol. 3, chapter 4.5), built by the kernel at
 * boot to replace stage 2's:
 *
 * <ul>
 *   <li>a direct map of all RAM (every memblock memory range, and the first MiB for the BIOS
 *       data) at {@link Phys#DIRECT_MAP} + physical, read-write, never executable, with 2 MiB
 *       pages where a range allows and 4 KiB pages at its edges;</li>
 *   <li>the kernel image at its link address with each section's rights: text read+execute,
 *       rodata read-only, data and .bss read-write, both no-execute (W^X), global; the boot
 *       stack's guard page not present;</li>
 *   <li>nothing else: no identity mapping, so address 0 faults.</li>
 * </ul>
 *
 * <p>Device registers and firmware tables outside RAM are mapped on demand into the same
 * direct-map window ({@link #mapDevice}, uncached; {@link #mapFirmware}, cached), both never
 * executable. Page-table pages come from memblock (kind {@link Memblock#PAGE_TABLES}) at boot
 * and from the buddy allocator (owner {@link Owner#PAGE_TABLES}) afterwards.
 */
public final class Paging {
    private Paging() {}

    public static final long PRESENT = 1;
    public static final long WRITABLE = 1 << 1;
    public static final long WRITE_THROUGH = 1 << 3;
    public static final long CACHE_DISABLE = 1 << 4;
    public static final long LARGE = 1 << 7;
    public static final long GLOBAL = 1 << 8;
    public static final long NO_EXECUTE = 1L << 63;
    /** Bits 51..12 of an entry: the physical address it points to. */
    public static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;
    static final long LARGE_PAGE = 2L << 20;
    /** Virtual = physical + this in the kernel image (linker.ld). */
    public static final long KERNEL_VMA = 0xFFFFFFFF80000000L;
    static final int EFER = 0xC0000080;
    static final long EFER_NXE = 1 << 11;
    static final long CR4_PGE = 1 << 7;

    /** Where the kernel's sections are (boot/entry.asm): text, rodata, data, end, guard. */
    @Export("zeptux_kernel_layout")
    private static native long layout();

    private static long root;                   // physical address of the PML4
    private static long noExecute;              // NO_EXECUTE if EFER.NXE is on, else 0
    private static long tablePages;
    private static long largePages;
    private static long smallPages;

    /**
     * Builds the kernel's page tables from memblock's memory and switches to them. Call once,
     * after memblock knows the memory and its reservations, before anything is allocated above
     * the first GiB. On the JVM's simulated PC it only marks all memory reachable.
     */
    public static void init() {
        if (Platform.simulated()) {
            Phys.directMapLive(0);
            return;
        }
        noExecute = (Cpu.readMsr(EFER) & EFER_NXE) != 0 ? NO_EXECUTE : 0;
        root = newTable();
        long data = WRITABLE | noExecute;
        map(Phys.DIRECT_MAP, 0, 1L << 20, data);                       // the BIOS area and BootInfo
        for (int i = 0; i < Memblock.memoryCount(); i++) {
            long base = Memblock.memoryBase(i);
            map(Phys.DIRECT_MAP + base, base, Memblock.memoryEnd(i) - base, data);
        }
        long l = layout();
        long text = Memory.load64(l);
        long rodata = Memory.load64(l + 8);
        long dataStart = Memory.load64(l + 16);
        long end = Memory.load64(l + 24);
        long guard = Memory.load64(l + 32);
        map(text, text - KERNEL_VMA, rodata - text, GLOBAL);
        map(rodata, rodata - KERNEL_VMA, dataStart - rodata, GLOBAL | noExecute);
        map(dataStart, dataStart - KERNEL_VMA, guard - dataStart, GLOBAL | data);
        map(guard + Phys.PAGE_SIZE, guard + Phys.PAGE_SIZE - KERNEL_VMA, end - guard - Phys.PAGE_SIZE, GLOBAL | data);
        for (int slot = 0; slot < MODULE_SLOTS; slot++) {      // the modules' page tables, made now:
            long virt = MODULE_AREA + (long) slot * MODULE_SLOT;  // loading one never allocates them
            table(table(table(root, virt, 39), virt, 30), virt, 21);
        }
        Cpu.writeCr3(root);
        Cpu.writeCr4(Cpu.readCr4() | CR4_PGE);
        Phys.directMapLive(Phys.DIRECT_MAP);
    }

    /** Modules loaded at run time live here, one 2 MiB slot each (in the top 2 GiB: kernel code model). */
    public static final long MODULE_AREA = 0xFFFFFFFFC0000000L;
    public static final long MODULE_SLOT = 2L << 20;
    public static final int MODULE_SLOTS = 8;

    /** Rights of module pages. */
    public static final int TEXT = 0;
    public static final int RODATA = 1;
    public static final int DATA = 2;

    /**
     * Maps physical [{@code phys}, + {@code length}) at {@code virt} in the module area with 4 KiB
     * pages: text read+execute, rodata read-only, data read-write, the last two no-execute.
     */
    public static void mapModule(long virt, long phys, long length, int rights) {
        long flags = rights == TEXT ? 0 : rights == RODATA ? noExecute : WRITABLE | noExecute;
        for (long off = 0; off < Phys.pageUp(length); off += Phys.PAGE_SIZE) {
            long pt = table(table(table(root, virt + off, 39), virt + off, 30), virt + off, 21);
            Memory.store64(Phys.virt(pt) + 8 * (((virt + off) >>> 12) & 511), (phys + off) | flags | PRESENT);
            Cpu.invlpg(virt + off);
        }
    }

    /** Unmaps [{@code virt}, + {@code length}) of the module area (its page tables stay). */
    public static void unmapModule(long virt, long length) {
        for (long off = 0; off < Phys.pageUp(length); off += Phys.PAGE_SIZE) {
            long pt = table(table(table(root, virt + off, 39), virt + off, 30), virt + off, 21);
            Memory.store64(Phys.virt(pt) + 8 * (((virt + off) >>> 12) & 511), 0);
            Cpu.invlpg(virt + off);
        }
    }

    /** Where the kernel's text starts (virtual). */
    public static long kernelText() {
        return Memory.load64(layout());
    }

    /** Where the kernel's rodata starts (virtual). */
    public static long kernelRodata() {
        return Memory.load64(layout() + 8);
    }

    /** The boot stack's guard page (virtual). */
    public static long stackGuard() {
        return Memory.load64(layout() + 32);
    }

    /** Whether mappings are made no-execute (the CPU has NX and EFER.NXE is on). */
    public static boolean noExecute() {
        return noExecute != 0;
    }

    /** Prints what the page tables map and what they cost. */
    public static void printSummary() {
        if (Platform.simulated()) {
            return;                             // no page tables to describe
        }
        Printf.printf("paging: direct map at 0x%lx, %lu 2M + %lu 4K pages in %lu page-table pages; NX %s\n",
                Phys.DIRECT_MAP, largePages, smallPages, tablePages, Printf.s(noExecute != 0 ? "on" : "off (no CPU support)"));
    }

    /**
     * Maps the device registers at physical [{@code phys}, {@code phys + length}) uncached
     * (PCD|PWT: UC with the default PAT) and not executable; returns their virtual address.
     */
    public static long mapDevice(long phys, long length) {
        return mapOutsideRam(phys, length, WRITABLE | CACHE_DISABLE | WRITE_THROUGH | noExecute);
    }

    /** Maps firmware data (ACPI tables) at physical [{@code phys}, +{@code length}) cached, not executable. */
    public static long mapFirmware(long phys, long length) {
        return mapOutsideRam(phys, length, WRITABLE | noExecute);
    }

    private static long mapOutsideRam(long phys, long length, long flags) {
        if (Platform.simulated()) {
            return phys;
        }
        if (!Phys.directMap()) {
            Panic.panic("Paging: a device or firmware mapping before the kernel's page tables");
        }
        long first = Phys.pageDown(phys);
        long last = Phys.pageUp(phys + length);
        for (long p = first; p < last; p += Phys.PAGE_SIZE) {
            if (translate(Phys.DIRECT_MAP + p) == -1) {
                map(Phys.DIRECT_MAP + p, p, Phys.PAGE_SIZE, flags);
                Cpu.invlpg(Phys.DIRECT_MAP + p);
            }
        }
        return Phys.DIRECT_MAP + phys;
    }

    /**
     * Maps [{@code virt}, {@code virt + length}) to physical {@code phys} with {@code flags}
     * (PRESENT added), 2 MiB pages where both addresses are aligned and a whole one fits.
     * Pages already mapped are left as they are.
     */
    static void map(long virt, long phys, long length, long flags) {
        long end = virt + Phys.pageUp(length);
        while (Long.compareUnsigned(virt, end) < 0) {
            long pd = table(table(root, virt, 39), virt, 30);
            long pde = Phys.virt(pd) + 8 * ((virt >>> 21) & 511);
            if (((virt | phys) & (LARGE_PAGE - 1)) == 0 && Long.compareUnsigned(end - virt, LARGE_PAGE) >= 0
                    && Memory.load64(pde) == 0) {
                Memory.store64(pde, phys | flags | PRESENT | LARGE);
                largePages++;
                virt += LARGE_PAGE;
                phys += LARGE_PAGE;
                continue;
            }
            if ((Memory.load64(pde) & LARGE) == 0) {
                long pt = table(pd, virt, 21);
                long pte = Phys.virt(pt) + 8 * ((virt >>> 12) & 511);
                if (Memory.load64(pte) == 0) {
                    Memory.store64(pte, phys | flags | PRESENT);
                    smallPages++;
                }
            }
            virt += Phys.PAGE_SIZE;
            phys += Phys.PAGE_SIZE;
        }
    }

    /**
     * The table the entry for {@code virt} at level {@code shift} (39 PML4, 30 PDPT, 21 PD) of
     * {@code table} points to, made if it is missing; physical addresses.
     */
    private static long table(long table, long virt, int shift) {
        long entry = Phys.virt(table) + 8 * ((virt >>> shift) & 511);
        long e = Memory.load64(entry);
        if ((e & PRESENT) != 0) {
            if ((e & LARGE) != 0) {
                Panic.panic("Paging: a 4K mapping inside a large page");
            }
            return e & ADDRESS;
        }
        long t = newTable();
        Memory.store64(entry, t | PRESENT | WRITABLE);
        return t;
    }

    /** A zeroed page for a page table: from memblock until the handover, then from the buddy allocator. */
    private static long newTable() {
        long t;
        if (Memblock.open()) {
            t = Memblock.alloc(Phys.PAGE_SIZE, Phys.PAGE_SIZE, Phys.mappedLimit(), Memblock.PAGE_TABLES);
        } else {
            t = Buddy.alloc(0, Owner.PAGE_TABLES);
        }
        if (t == Memblock.FAIL) {
            Panic.panic("Paging: no memory for a page table");
        }
        for (long i = 0; i < Phys.PAGE_SIZE; i += 8) {
            Memory.store64(Phys.virt(t) + i, 0);
        }
        tablePages++;
        return t;
    }

    /** The physical address {@code virt} maps to, or -1 if it is not mapped. */
    public static long translate(long virt) {
        long leaf = leaf(virt);
        if (leaf == 0) {
            return -1;
        }
        long e = Memory.load64(leaf);
        long size = (e & LARGE) != 0 && level != 12 ? 1L << level : Phys.PAGE_SIZE;
        return (e & ADDRESS & -size) | (virt & (size - 1));
    }

    /** The flags of the entry that maps {@code virt} (PRESENT, WRITABLE, NO_EXECUTE, ...), or 0. */
    public static long flags(long virt) {
        long leaf = leaf(virt);
        return leaf == 0 ? 0 : Memory.load64(leaf) & ~ADDRESS;
    }

    private static int level;

    /** The address of the present leaf entry mapping {@code virt} (its level in {@code level}), or 0. */
    private static long leaf(long virt) {
        long table = Cpu.readCr3() & ADDRESS;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long entry = Phys.virt(table) + 8 * ((virt >>> shift) & 511);
            long e = Memory.load64(entry);
            if ((e & PRESENT) == 0) {
                return 0;
            }
            if (shift == 12 || (shift <= 30 && (e & LARGE) != 0)) {
                level = shift;
                return entry;
            }
            table = e & ADDRESS;
        }
        return 0;
    }
}
