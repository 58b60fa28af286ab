package org.zeptux.kernel.hw;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Memblock;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Address;
import org.zeptux.rt.Count;
import org.zeptux.kernel.smp.Shootdown;
import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.Offset;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Platform;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

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

    /** The table {@link #layout} points to: the kernel's sections, virtual addresses (linker.ld). */
    @Struct(size = 40)
    interface Sections {
        @Offset(0) long text();

        @Offset(8) long rodata();

        @Offset(16) long data();

        @Offset(24) long end();

        /** The boot stack's guard page. */
        @Offset(32) long guard();
    }

    private static Sections sections() {
        return Structs.at(Address.of(layout()), Sections.class);
    }

    /** A page table of any level: 512 entries (physical address bits and flags). */
    @Struct(size = 4096)
    interface Table {
        @Offset(0) @Count(512) long entry(int i);

        void entry(int i, long v);
    }

    /** Physical addresses that no table maps (translate). */
    public static final PhysAddr NOT_MAPPED = PhysAddr.of(-1L);

    private static PhysAddr root;               // the PML4
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
        map(Phys.DIRECT_MAP, PhysAddr.of(0), 1L << 20, data);          // the BIOS area and BootInfo
        Memblock memblock = Memblock.BOOT;
        for (int i = 0; i < memblock.memoryCount(); i++) {
            PhysAddr base = memblock.memoryBase(i);
            map(Phys.DIRECT_MAP + base.toLong(), base, memblock.memoryEnd(i).diff(base), data);
        }
        Sections sections = sections();
        long text = sections.text();
        long rodata = sections.rodata();
        long dataStart = sections.data();
        long end = sections.end();
        long guard = sections.guard();
        map(text, image(text), rodata - text, GLOBAL);
        map(rodata, image(rodata), dataStart - rodata, GLOBAL | noExecute);
        map(dataStart, image(dataStart), guard - dataStart, GLOBAL | data);
        map(guard + Phys.PAGE_SIZE, image(guard + Phys.PAGE_SIZE), end - guard - Phys.PAGE_SIZE, GLOBAL | data);
        table(root, STACK_AREA, 39);                          // the kernel stacks' PML4 entry, made now: every
        kernelHalfDone = true;                                // kernel-half PML4 entry exists before any user root copies them
        for (int slot = 0; slot < MODULE_SLOTS; slot++) {      // the modules' page tables, made now:
            long virt = MODULE_AREA + (long) slot * MODULE_SLOT;  // loading one never allocates them
            table(table(table(root, virt, 39), virt, 30), virt, 21);
        }
        Cpu.writeCr3(root.toLong());
        Cpu.writeCr4(Cpu.readCr4() | CR4_PGE);
        Phys.directMapLive(Phys.DIRECT_MAP);
    }

    /** The kernel stacks' area (sched.Stacks): PML4 entry 402, as Linux's vmalloc area. */
    public static final long STACK_AREA = 0xFFFFC90000000000L;

    /** Set once init has made every PML4 entry of the kernel half: a user root copies them, so none may be added later. */
    private static boolean kernelHalfDone;

    /** The kernel's PML4: kernel threads run on it; every user root shares its upper half. */
    static PhysAddr kernelRoot() {
        return root;
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
    public static void mapModule(long virt, PhysAddr phys, long length, int rights) {
        long flags = rights == TEXT ? 0 : rights == RODATA ? noExecute : WRITABLE | noExecute;
        for (long off = 0; off < Phys.pageUp(length); off += Phys.PAGE_SIZE) {
            PhysAddr pt = table(table(table(root, virt + off, 39), virt + off, 30), virt + off, 21);
            tableAt(pt).entry(index(virt + off, 12), phys.plus(off).toLong() | flags | PRESENT);
            Cpu.invlpg(virt + off);
        }
    }

    /** Unmaps [{@code virt}, + {@code length}) of the module area (its page tables stay). */
    public static void unmapModule(long virt, long length) {
        for (long off = 0; off < Phys.pageUp(length); off += Phys.PAGE_SIZE) {
            PhysAddr pt = table(table(table(root, virt + off, 39), virt + off, 30), virt + off, 21);
            tableAt(pt).entry(index(virt + off, 12), 0);
            Cpu.invlpg(virt + off);
        }
        Shootdown.kernelRange(virt, Phys.pageUp(length) / Phys.PAGE_SIZE);   // the other CPUs' TLBs
    }

    /** Drops every user (non-global) TLB entry of this CPU: CR3 loaded again with its own value. */
    public static void flushUserLocal() {
        Cpu.writeCr3(Cpu.readCr3());
    }

    /** Invalidates this CPU's TLB entries for the {@code pages} pages from {@code virt} (a shootdown's receiving end). */
    public static void invalidateLocal(long virt, long pages) {
        for (long i = 0; i < pages; i++) {
            Cpu.invlpg(virt + i * Phys.PAGE_SIZE);
        }
    }

    /** Where the kernel's text starts (virtual). */
    public static long kernelText() {
        return sections().text();
    }

    /** Where the kernel's rodata starts (virtual). */
    public static long kernelRodata() {
        return sections().rodata();
    }

    /** The boot stack's guard page (virtual). */
    public static long stackGuard() {
        return sections().guard();
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
        // Device and firmware addresses still come as numbers from their drivers (arch/).
        if (Platform.simulated()) {
            return phys;
        }
        if (!Phys.directMap()) {
            Panic.panic("Paging: a device or firmware mapping before the kernel's page tables");
        }
        long first = Phys.pageDown(phys);
        long last = Phys.pageUp(phys + length);
        for (long p = first; p < last; p += Phys.PAGE_SIZE) {
            if (translate(Phys.DIRECT_MAP + p).eq(NOT_MAPPED)) {
                map(Phys.DIRECT_MAP + p, PhysAddr.of(p), Phys.PAGE_SIZE, flags);
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
    static void map(long virt, PhysAddr phys, long length, long flags) {
        long end = virt + Phys.pageUp(length);
        while (Long.compareUnsigned(virt, end) < 0) {
            PhysAddr pdAt = table(table(root, virt, 39), virt, 30);
            Table pd = tableAt(pdAt);
            int pde = index(virt, 21);
            if (((virt | phys.toLong()) & (LARGE_PAGE - 1)) == 0 && Long.compareUnsigned(end - virt, LARGE_PAGE) >= 0
                    && pd.entry(pde) == 0) {
                pd.entry(pde, phys.toLong() | flags | PRESENT | LARGE);
                largePages++;
                virt += LARGE_PAGE;
                phys = phys.plus(LARGE_PAGE);
                continue;
            }
            if ((pd.entry(pde) & LARGE) == 0) {
                Table pt = tableAt(table(pdAt, virt, 21));
                int pte = index(virt, 12);
                if (pt.entry(pte) == 0) {
                    pt.entry(pte, phys.toLong() | flags | PRESENT);
                    smallPages++;
                }
            }
            virt += Phys.PAGE_SIZE;
            phys = phys.plus(Phys.PAGE_SIZE);
        }
    }

    /**
     * The table the entry for {@code virt} at level {@code shift} (39 PML4, 30 PDPT, 21 PD) of
     * {@code table} points to, made if it is missing.
     */
    private static PhysAddr table(PhysAddr table, long virt, int shift) {
        Table t = tableAt(table);
        int i = index(virt, shift);
        long e = t.entry(i);
        if ((e & PRESENT) != 0) {
            if ((e & LARGE) != 0) {
                Panic.panic("Paging: a 4K mapping inside a large page");
            }
            return PhysAddr.of(e & ADDRESS);
        }
        if (shift == 39 && kernelHalfDone && table.eq(root)) {
            Panic.panic("Paging: a new kernel PML4 entry after user address spaces may have copied the kernel half");
        }
        PhysAddr made = newTable();
        t.entry(i, made.toLong() | PRESENT | WRITABLE);
        return made;
    }

    /** The page table at {@code table}, through the direct map. */
    private static Table tableAt(PhysAddr table) {
        return Structs.at(Phys.virt(table), Table.class);
    }

    /** The index of {@code virt}'s entry in a table of level {@code shift} (39, 30, 21, 12). */
    private static int index(long virt, int shift) {
        return (int) ((virt >>> shift) & 511);
    }

    /** The physical address of the kernel image's virtual {@code virt} (linker.ld). */
    private static PhysAddr image(long virt) {
        return PhysAddr.of(virt - KERNEL_VMA);
    }

    /** A zeroed page for a page table: from memblock until the handover, then from the buddy allocator. */
    private static PhysAddr newTable() {
        PhysAddr t;
        if (Memblock.BOOT.open()) {
            t = Memblock.BOOT.alloc(Phys.PAGE_SIZE, Phys.PAGE_SIZE, Phys.mappedLimit(), Memblock.PAGE_TABLES);
            t = t.eq(Memblock.FAIL) ? null : t;
        } else {
            t = Buddy.alloc(0, Owner.PAGE_TABLES);
        }
        if (t == null) {
            Panic.panic("Paging: no memory for a page table");
        }
        Table table = tableAt(t);
        for (int i = 0; i < 512; i++) {
            table.entry(i, 0);
        }
        tablePages++;
        return t;
    }

    /** The physical address {@code virt} maps to, or {@link #NOT_MAPPED}. */
    public static PhysAddr translate(long virt) {
        Address leaf = leaf(virt);
        if (leaf == null) {
            return NOT_MAPPED;
        }
        long e = leaf.load64();
        long size = (e & LARGE) != 0 && level != 12 ? 1L << level : Phys.PAGE_SIZE;
        return PhysAddr.of((e & ADDRESS & -size) | (virt & (size - 1)));
    }

    /** The flags of the entry that maps {@code virt} (PRESENT, WRITABLE, NO_EXECUTE, ...), or 0. */
    public static long flags(long virt) {
        Address leaf = leaf(virt);
        return leaf == null ? 0 : leaf.load64() & ~ADDRESS;
    }

    private static int level;

    /** The address of the present leaf entry mapping {@code virt} (its level in {@code level}), or null. */
    private static Address leaf(long virt) {
        PhysAddr table = PhysAddr.of(Cpu.readCr3() & ADDRESS);
        for (int shift = 39; shift >= 12; shift -= 9) {
            Address entry = Phys.virt(table).plus(8L * index(virt, shift));
            long e = entry.load64();
            if ((e & PRESENT) == 0) {
                return null;
            }
            if (shift == 12 || (shift <= 30 && (e & LARGE) != 0)) {
                level = shift;
                return entry;
            }
            table = PhysAddr.of(e & ADDRESS);
        }
        return null;
    }

    /**
     * The Address of virtual address {@code address} in the direct map: Phys.virt's door from a
     * physical address to memory (the direct map is this class's).
     */
    public static Address virtual(long address) {
        return Address.of(address);
    }
}
