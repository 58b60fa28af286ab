package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.PageFrame;
import org.zeptux.kernel.hw.Paging;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;

/**
 * Memory at boot, in order: sanitise the e820 map, give its usable ranges to memblock,
 * reserve what is in use, build the kernel's page tables with the direct map of all RAM and
 * switch to them (Paging), allocate the page frame database, and hand every free page to the
 * buddy allocator (Linux's memblock_free_all).
 *
 * <pre>
 *   reservations at boot (docs/boot.md)       kind
 *   0x00001000-0x00001fff  BootInfo             boot info
 *   0x00008000-0x0000ffff  stage 2 (its GDT)    boot loader
 *   0x00010000-0x0001ffff  boot page tables     boot page tables
 *   kernel start - end     the kernel, .bss     kernel image
 *   rest of 0 - 1 MiB      IVT, BDA, EBDA, BIOS firmware (as Linux: all of low memory)
 *   top-down below 1 GiB   the page tables      kernel page tables
 *   top-down               page frame database  page frame db
 * </pre>
 *
 * The page frame database describes pages 0 up to the end of memory, 16 bytes per page.
 */
public final class MemInit {
    private MemInit() {}

    /** Where stage 2 leaves the BootInfo (identity-mapped). */
    public static final long BOOT_INFO = 0x1000;
    public static final long BOOT_LOADER = 0x8000;
    public static final long BOOT_PAGE_TABLES = 0x10000;
    public static final long BOOT_PAGE_TABLES_SIZE = 0x10000;
    public static final long LOW_MEMORY = 0x100000;

    private static boolean done;

    /**
     * Sets memory up from the BootInfo at {@code bootInfo} and prints the summary line:
     * {@code Memory: FREEK/USABLEK available (...)}. Call once, after the console is up.
     */
    public static void init(long bootInfo) {
        setup(bootInfo);
        printSummary();
    }

    /** As {@link #init}, silently. */
    public static void setup(long bootInfo) {
        E820Map.sanitize(bootInfo);
        Memblock memblock = Memblock.BOOT;
        memblock.reset();
        for (int i = 0; i < E820Map.count(); i++) {
            if (E820Map.type(i) != E820.USABLE) {
                continue;
            }
            long first = E820Map.first(i);
            long last = E820Map.last(i);
            if (Long.compareUnsigned(first, Phys.MAX_PHYS) >= 0) {
                continue;
            }
            long end = Long.compareUnsigned(last, Phys.MAX_PHYS) >= 0 ? Phys.MAX_PHYS : last + 1;
            memblock.addMemory(PhysAddr.of(first), end - first);
        }
        memblock.reserve(PhysAddr.of(BOOT_INFO), Phys.PAGE_SIZE, Memblock.BOOT_INFO);
        memblock.reserve(PhysAddr.of(BOOT_LOADER), BOOT_PAGE_TABLES - BOOT_LOADER, Memblock.BOOT_LOADER);
        memblock.reserve(PhysAddr.of(BOOT_PAGE_TABLES), BOOT_PAGE_TABLES_SIZE, Memblock.BOOT_PAGE_TABLES);
        long kernelStart = BootInfo.kernelStart(bootInfo);
        memblock.reserve(PhysAddr.of(kernelStart), BootInfo.kernelEnd(bootInfo) - kernelStart, Memblock.KERNEL);
        if (BootInfo.initramfsLength(bootInfo) > 0) {   // the root file system's bytes, for as long as it is mounted
            memblock.reserve(PhysAddr.of(BootInfo.initramfs(bootInfo)), Phys.pageUp(BootInfo.initramfsLength(bootInfo)),
                    Memblock.INITRAMFS);
        }
        memblock.reserve(PhysAddr.of(0), LOW_MEMORY, Memblock.FIRMWARE);
        Paging.init();                          // the direct map of all RAM: virt() reaches everything

        PhysAddr top = memblock.end().lt(Phys.mappedLimit()) ? memblock.end() : Phys.mappedLimit();
        Pfn endPfn = top.pfn();
        PhysAddr pfdb = memblock.alloc(endPfn.toLong() * PageFrame.SIZE, Phys.PAGE_SIZE, Phys.mappedLimit(),
                Memblock.PAGE_FRAME_DB);
        if (pfdb.eq(Memblock.FAIL)) {
            Panic.panic("mem: no memory for the page frame database");
        }
        Zone zone = Buddy.ZONE;
        zone.init(Phys.virt(pfdb), Pfn.of(0), endPfn);
        int n = memblock.freeRanges();
        for (int i = 0; i < n; i++) {
            zone.addFree(memblock.freeBase(i).pfn(), memblock.freeEnd(i).pfn());
        }
        memblock.handOver();
        done = true;
    }

    /** Whether memory was set up. */
    public static boolean done() {
        return done;
    }

    /**
     * The boot summary, after Linux's: {@code Memory: 125952K/130680K available (2048K kernel
     * image, 512K page frame db, ..., 4728K reserved)}: free and usable, then each kind reserved.
     */
    public static void printSummary() {
        Memblock memblock = Memblock.BOOT;
        Printf.printf("Memory: %luK/%luK available (", (Buddy.freePages() << Phys.PAGE_SHIFT) >>> 10,
                memblock.memoryBytes() >>> 10);
        for (int k = 0; k < Memblock.KINDS; k++) {
            long bytes = memblock.reservedBytes(k);
            if (bytes != 0) {
                Printf.printf("%luK %s, ", bytes >>> 10, Printf.s(Memblock.kindName(k)));
            }
        }
        Printf.printf("%luK reserved)\n", memblock.reservedBytes() >>> 10);
    }
}
