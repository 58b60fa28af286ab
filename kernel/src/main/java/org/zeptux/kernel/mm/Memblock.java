package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.PhysAddr;

/**
 * The boot memory allocator, after Linux's memblock: the memory the kernel has and what of it
 * is taken, as two tables of physical ranges, until the buddy allocator takes over.
 *
 * <p>Concepts. <b>Memory</b> is the RAM the firmware reported usable (the sanitised e820 map),
 * as sorted, disjoint, merged ranges. <b>Reservations</b> are the parts of it in use, each with
 * a <b>kind</b> saying what for ({@link #FIRMWARE}, {@link #KERNEL}, {@link #PAGE_FRAME_DB},
 * ...). Everything else is free. Both tables hold whole pages: a reservation is widened to its
 * pages, memory is narrowed to them. A reservation only covers memory (the parts of a request
 * outside memory are dropped) and never another reservation (where a request overlaps an
 * earlier one, the earlier kind keeps those pages: the first reservation of a byte wins). So
 * every byte of memory is exactly one of: free, or reserved with one kind, and
 * {@code memoryBytes() == freeBytes() + reservedBytes()} always holds, to the byte.
 * Neighbouring reservations of the same kind are merged into one entry.
 *
 * <p>Lifecycle: {@link #reset}; {@link #addMemory} for every usable range; {@link #reserve} what
 * is already in use; {@link #alloc} early data (it reserves what it returns); then the free
 * ranges ({@link #freeRanges}) are handed to the buddy allocator and {@link #handOver} closes
 * memblock: allocating or reserving afterwards is a panic. The tables stay, read-only, as the
 * record of what the buddy allocator never got ({@link #print}, the {@code memblock} command).
 *
 * <p>Allocation is top-down ({@link #alloc}: the highest suitable address below a limit, as
 * Linux's default) or bottom-up ({@link #allocBottomUp}: the lowest at or above a minimum).
 * Nothing here touches the memory it manages: memblock only keeps tables.
 *
 * <p>Instances: the kernel's tables are {@link #BOOT}, made at build time; a test makes its
 * own {@code Memblock} (in a static initialiser) and never disturbs them. Addresses are
 * {@link PhysAddr}s; sizes and alignments are byte counts.
 *
 * <p>Failure: the tables have fixed sizes ({@link #MAX_MEMORY}, {@link #MAX_RESERVED}); filling
 * one is a panic ({@link #tryReserve} reports it instead). An allocation that finds no room
 * returns {@link #FAIL} (compare with {@code eq}: address 0 is a page memblock can hand out).
 */
public final class Memblock {
    /** The kernel's memblock: the machine's RAM at boot, and afterwards the record of it. */
    public static final Memblock BOOT = new Memblock();

    /** An empty memblock (made at build time: {@link #BOOT}, or a test's own tables). */
    public Memblock() {}

    /** Reservation kinds. */
    public static final int FIRMWARE = 0;
    public static final int BOOT_INFO = 1;
    public static final int BOOT_LOADER = 2;
    public static final int BOOT_PAGE_TABLES = 3;
    public static final int KERNEL = 4;
    public static final int ALLOC = 5;
    public static final int PAGE_FRAME_DB = 6;
    public static final int PAGE_TABLES = 7;
    public static final int TEST = 8;
    public static final int INITRAMFS = 9;
    /** The number of kinds. */
    public static final int KINDS = 10;

    public static final int MAX_MEMORY = 128;
    public static final int MAX_RESERVED = 128;
    /** What an allocation returns when there is no suitable free range (no page is at -1). */
    public static final PhysAddr FAIL = PhysAddr.of(-1L);

    private static final long PAGE = Phys.PAGE_SIZE;
    /** FAIL's number, inside. */
    private static final long NONE = -1L;
    private static final int MAX_FREE = MAX_MEMORY + MAX_RESERVED;

    private final long[] memBase = new long[MAX_MEMORY];
    private final long[] memEnd = new long[MAX_MEMORY];
    private int memCount;
    private final long[] resBase = new long[MAX_RESERVED];
    private final long[] resEnd = new long[MAX_RESERVED];
    private final int[] resKind = new int[MAX_RESERVED];
    private int resCount;
    private boolean handedOver;

    private final long[] freeBases = new long[MAX_FREE];
    private final long[] freeEnds = new long[MAX_FREE];

    /** The reservation table before a tryReserve, to undo one that does not fit. */
    private final long[] undoBase = new long[MAX_RESERVED];
    private final long[] undoEnd = new long[MAX_RESERVED];
    private final int[] undoKind = new int[MAX_RESERVED];
    private int undoCount;

    /** Forgets all memory and reservations; memblock is open again. */
    public void reset() {
        memCount = 0;
        resCount = 0;
        handedOver = false;
    }

    /**
     * Adds the memory {@code [base, base + size)}, narrowed to whole pages and cut at
     * {@link Phys#MAX_PHYS}; overlapping and touching ranges merge. Panics if the table is full.
     */
    public void addMemory(PhysAddr start, long size) {
        long base = start.toLong();
        if (handedOver) {
            Panic.panic("memblock: memory added after the handover to the buddy allocator");
        }
        if (size <= 0 || Long.compareUnsigned(base, Phys.MAX_PHYS) >= 0) {
            return;
        }
        long end = size > Phys.MAX_PHYS - base ? Phys.MAX_PHYS : base + size;
        long first = Phys.pageUp(base);
        end = Phys.pageDown(end);
        if (first >= end) {
            return;
        }
        int i = 0;
        while (i < memCount && memEnd[i] < first) {
            i++;
        }
        int j = i;
        while (j < memCount && memBase[j] <= end) {
            first = Math.min(first, memBase[j]);
            end = Math.max(end, memEnd[j]);
            j++;
        }
        if (j == i) {
            if (memCount == MAX_MEMORY) {
                Panic.panic("memblock: the memory table is full (MAX_MEMORY ranges)");
            }
            for (int k = memCount; k > i; k--) {
                memBase[k] = memBase[k - 1];
                memEnd[k] = memEnd[k - 1];
            }
            memCount++;
        } else {
            int gone = j - i - 1;           // ranges i+1 .. j-1 merged into i
            for (int k = i + 1; k + gone < memCount; k++) {
                memBase[k] = memBase[k + gone];
                memEnd[k] = memEnd[k + gone];
            }
            memCount -= gone;
        }
        memBase[i] = first;
        memEnd[i] = end;
    }

    /**
     * Reserves {@code [base, base + size)}, widened to whole pages, for {@code kind}: the parts
     * that are memory and not reserved yet. Panics if the reservation table is full.
     */
    public void reserve(PhysAddr base, long size, int kind) {
        if (!tryReserve(base, size, kind)) {
            Panic.panic("memblock: the reservation table is full (MAX_RESERVED ranges)");
        }
    }

    /** As {@link #reserve}, but returns false (and changes nothing) when the table is full. */
    public boolean tryReserve(PhysAddr base, long size, int kind) {
        if (handedOver) {
            Panic.panic("memblock: reservation after the handover to the buddy allocator");
        }
        if (kind < 0 || kind >= KINDS) {
            Panic.panic("memblock: no such reservation kind");
        }
        for (int i = 0; i < resCount; i++) {
            undoBase[i] = resBase[i];
            undoEnd[i] = resEnd[i];
            undoKind[i] = resKind[i];
        }
        undoCount = resCount;
        if (reserveRange(base.toLong(), size, kind)) {
            return true;
        }
        for (int i = 0; i < undoCount; i++) {
            resBase[i] = undoBase[i];
            resEnd[i] = undoEnd[i];
            resKind[i] = undoKind[i];
        }
        resCount = undoCount;
        return false;
    }

    /**
     * Allocates {@code size} bytes (rounded up to pages) aligned to {@code align} (a power of two;
     * at least a page), ending at or below {@code limit}: the highest such range (top-down).
     * Reserves it as {@code kind} and returns its physical address, or {@link #FAIL}.
     */
    public PhysAddr alloc(long size, long align, PhysAddr limit, int kind) {
        return PhysAddr.of(allocRange(size, align, 0, limit.toLong(), kind, true));
    }

    /** As {@link #alloc}, but the lowest suitable range starting at or above {@code min} (bottom-up). */
    public PhysAddr allocBottomUp(long size, long align, PhysAddr min, PhysAddr limit, int kind) {
        return PhysAddr.of(allocRange(size, align, min.toLong(), limit.toLong(), kind, false));
    }

    /** Closes memblock: the buddy allocator has its free ranges now. */
    public void handOver() {
        handedOver = true;
    }

    /** Whether memblock still allocates: not yet handed over to the buddy allocator. */
    public boolean open() {
        return !handedOver;
    }

    /** Whether the free ranges were handed to the buddy allocator. */
    public boolean handedOver() {
        return handedOver;
    }

    public int memoryCount() {
        return memCount;
    }

    public PhysAddr memoryBase(int i) {
        return PhysAddr.of(memBase[i]);
    }

    /** The end of memory range {@code i} (exclusive). */
    public PhysAddr memoryEnd(int i) {
        return PhysAddr.of(memEnd[i]);
    }

    public int reservedCount() {
        return resCount;
    }

    public PhysAddr reservedBase(int i) {
        return PhysAddr.of(resBase[i]);
    }

    /** The end of reservation {@code i} (exclusive). */
    public PhysAddr reservedEnd(int i) {
        return PhysAddr.of(resEnd[i]);
    }

    public int reservedKind(int i) {
        return resKind[i];
    }

    /** The end of the highest memory range, or 0 with no memory. */
    public PhysAddr end() {
        return PhysAddr.of(memCount == 0 ? 0 : memEnd[memCount - 1]);
    }

    /** The bytes of memory. */
    public long memoryBytes() {
        long sum = 0;
        for (int i = 0; i < memCount; i++) {
            sum += memEnd[i] - memBase[i];
        }
        return sum;
    }

    /** The bytes reserved, all kinds. */
    public long reservedBytes() {
        long sum = 0;
        for (int i = 0; i < resCount; i++) {
            sum += resEnd[i] - resBase[i];
        }
        return sum;
    }

    /** The bytes reserved as {@code kind}. */
    public long reservedBytes(int kind) {
        long sum = 0;
        for (int i = 0; i < resCount; i++) {
            if (resKind[i] == kind) {
                sum += resEnd[i] - resBase[i];
            }
        }
        return sum;
    }

    /** The bytes of memory not reserved (after the handover: what the buddy allocator got). */
    public long freeBytes() {
        return memoryBytes() - reservedBytes();
    }

    /**
     * Computes the free ranges (memory minus reservations), sorted; returns how many. Read them
     * with {@link #freeBase} and {@link #freeEnd} until the tables change.
     */
    public int freeRanges() {
        int n = 0;
        int r = 0;
        for (int m = 0; m < memCount; m++) {
            long cur = memBase[m];
            long end = memEnd[m];
            while (r < resCount && resEnd[r] <= cur) {
                r++;
            }
            while (r < resCount && resBase[r] < end) {
                if (resBase[r] > cur) {
                    freeBases[n] = cur;
                    freeEnds[n] = resBase[r];
                    n++;
                }
                cur = Math.max(cur, resEnd[r]);
                r++;
            }
            if (cur < end) {
                freeBases[n] = cur;
                freeEnds[n] = end;
                n++;
            }
        }
        return n;
    }

    public PhysAddr freeBase(int i) {
        return PhysAddr.of(freeBases[i]);
    }

    /** The end of free range {@code i} (exclusive). */
    public PhysAddr freeEnd(int i) {
        return PhysAddr.of(freeEnds[i]);
    }

    /** The name of a reservation kind, as the printers show it. */
    public static String kindName(int kind) {
        switch (kind) {
            case FIRMWARE: return "firmware";
            case BOOT_INFO: return "boot info";
            case BOOT_LOADER: return "boot loader";
            case BOOT_PAGE_TABLES: return "boot page tables";
            case KERNEL: return "kernel image";
            case ALLOC: return "memblock";
            case PAGE_FRAME_DB: return "page frame db";
            case PAGE_TABLES: return "kernel page tables";
            case TEST: return "test";
            case INITRAMFS: return "initramfs";
            default: return "unknown";
        }
    }

    /**
     * Prints the tables for the {@code memblock} command: one line per memory range and per
     * reservation (with its kind), the bytes per kind, and the totals.
     */
    public void print() {
        Printf.printf("memblock: memory: %d ranges, %lu KiB\n", memCount, memoryBytes() >>> 10);
        for (int i = 0; i < memCount; i++) {
            Printf.printf("  memory   %3d [mem 0x%016lx-0x%016lx] %10lu KiB\n", i, memBase[i], memEnd[i] - 1,
                    (memEnd[i] - memBase[i]) >>> 10);
        }
        Printf.printf("memblock: reserved: %d ranges, %lu KiB\n", resCount, reservedBytes() >>> 10);
        for (int i = 0; i < resCount; i++) {
            Printf.printf("  reserved %3d [mem 0x%016lx-0x%016lx] %10lu KiB %s\n", i, resBase[i], resEnd[i] - 1,
                    (resEnd[i] - resBase[i]) >>> 10, Printf.s(kindName(resKind[i])));
        }
        for (int k = 0; k < KINDS; k++) {
            Printf.printf("  kind %-16s %10lu KiB\n", Printf.s(kindName(k)), reservedBytes(k) >>> 10);
        }
        printSummary();
    }

    /** One line: {@code memblock: usable N KiB = free F KiB + reserved R KiB} (free: handed to buddy). */
    public void printSummary() {
        Printf.printf("memblock: usable %lu KiB = %s %lu KiB + reserved %lu KiB\n", memoryBytes() >>> 10,
                Printf.s(handedOver ? "handed to buddy" : "free"), freeBytes() >>> 10, reservedBytes() >>> 10);
    }

    private long allocRange(long size, long align, long min, long limit, int kind, boolean topDown) {
        if (handedOver) {
            Panic.panic("memblock: allocation after the handover to the buddy allocator");
        }
        if (align <= 0 || (align & (align - 1)) != 0 || align >= Phys.MAX_PHYS) {
            Panic.panic("memblock: the alignment is not a power of two");
        }
        if (size <= 0 || size >= Phys.MAX_PHYS) {
            return NONE;
        }
        size = Phys.pageUp(size);
        align = Math.max(align, PAGE);
        min = Math.max(min, 0);
        limit = Math.min(limit, Phys.MAX_PHYS);
        int n = freeRanges();
        long found = NONE;
        if (topDown) {
            for (int i = n - 1; i >= 0 && found == NONE; i--) {
                long lo = Math.max(freeBases[i], min);
                long hi = Math.min(freeEnds[i], limit);
                if (hi - lo >= size) {
                    long at = (hi - size) & -align;
                    if (at >= lo) {
                        found = at;
                    }
                }
            }
        } else {
            for (int i = 0; i < n && found == NONE; i++) {
                long lo = (Math.max(freeBases[i], min) + align - 1) & -align;
                long hi = Math.min(freeEnds[i], limit);
                if (lo < hi && hi - lo >= size) {
                    found = lo;
                }
            }
        }
        if (found != NONE) {
            reserve(PhysAddr.of(found), size, kind);
        }
        return found;
    }

    /** Reserves the unreserved memory in the pages of [base, base + size); false if the table fills. */
    private boolean reserveRange(long base, long size, int kind) {
        if (size <= 0 || Long.compareUnsigned(base, Phys.MAX_PHYS) >= 0) {
            return true;
        }
        long end = size > Phys.MAX_PHYS - base ? Phys.MAX_PHYS : Phys.pageUp(base + size);
        long first = Phys.pageDown(base);
        for (int m = 0; m < memCount; m++) {
            long hi = Math.min(end, memEnd[m]);
            long cur = Math.max(first, memBase[m]);
            while (cur < hi) {
                int r = 0;
                while (r < resCount && resEnd[r] <= cur) {
                    r++;
                }
                if (r < resCount && resBase[r] <= cur) {
                    cur = resEnd[r];                   // already reserved: the first kind wins
                    continue;
                }
                long gapEnd = r < resCount ? Math.min(hi, resBase[r]) : hi;
                if (!insertReserved(cur, gapEnd, kind)) {
                    return false;
                }
                cur = gapEnd;
            }
        }
        return true;
    }

    /** Inserts [base, end), which overlaps no reservation, merging with same-kind neighbours. */
    private boolean insertReserved(long base, long end, int kind) {
        int i = 0;
        while (i < resCount && resBase[i] < base) {
            i++;
        }
        boolean left = i > 0 && resEnd[i - 1] == base && resKind[i - 1] == kind;
        boolean right = i < resCount && resBase[i] == end && resKind[i] == kind;
        if (left && right) {
            resEnd[i - 1] = resEnd[i];
            for (int k = i; k + 1 < resCount; k++) {
                resBase[k] = resBase[k + 1];
                resEnd[k] = resEnd[k + 1];
                resKind[k] = resKind[k + 1];
            }
            resCount--;
        } else if (left) {
            resEnd[i - 1] = end;
        } else if (right) {
            resBase[i] = base;
        } else {
            if (resCount == MAX_RESERVED) {
                return false;
            }
            for (int k = resCount; k > i; k--) {
                resBase[k] = resBase[k - 1];
                resEnd[k] = resEnd[k - 1];
                resKind[k] = resKind[k - 1];
            }
            resBase[i] = base;
            resEnd[i] = end;
            resKind[i] = kind;
            resCount++;
        }
        return true;
    }
}
