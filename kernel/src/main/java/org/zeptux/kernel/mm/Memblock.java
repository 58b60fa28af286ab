package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Printf;

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
 * <p>Failure: the tables have fixed sizes ({@link #MAX_MEMORY}, {@link #MAX_RESERVED}); filling
 * one is a panic ({@link #tryReserve} reports it instead). An allocation that finds no room
 * returns {@link #FAIL}.
 */
public final class Memblock {
    private Memblock() {}

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
    /** The number of kinds. */
    public static final int KINDS = 9;

    public static final int MAX_MEMORY = 128;
    public static final int MAX_RESERVED = 128;
    /** What an allocation returns when there is no suitable free range (no page is at -1). */
    public static final long FAIL = -1L;

    private static final long PAGE = Phys.PAGE_SIZE;
    private static final int MAX_FREE = MAX_MEMORY + MAX_RESERVED;

    private static final long[] MEM_BASE = new long[MAX_MEMORY];
    private static final long[] MEM_END = new long[MAX_MEMORY];
    private static int memCount;
    private static final long[] RES_BASE = new long[MAX_RESERVED];
    private static final long[] RES_END = new long[MAX_RESERVED];
    private static final int[] RES_KIND = new int[MAX_RESERVED];
    private static int resCount;
    private static boolean handedOver;

    private static final long[] FREE_BASE = new long[MAX_FREE];
    private static final long[] FREE_END = new long[MAX_FREE];

    /** The reservation table before a tryReserve, to undo one that does not fit. */
    private static final long[] UNDO_BASE = new long[MAX_RESERVED];
    private static final long[] UNDO_END = new long[MAX_RESERVED];
    private static final int[] UNDO_KIND = new int[MAX_RESERVED];
    private static int undoCount;

    /** One saved state (save/restore), so tests can use memblock and give the live one back. */
    private static final long[] SAVED_MEM_BASE = new long[MAX_MEMORY];
    private static final long[] SAVED_MEM_END = new long[MAX_MEMORY];
    private static final long[] SAVED_RES_BASE = new long[MAX_RESERVED];
    private static final long[] SAVED_RES_END = new long[MAX_RESERVED];
    private static final int[] SAVED_RES_KIND = new int[MAX_RESERVED];
    private static int savedMemCount;
    private static int savedResCount;
    private static boolean savedHandedOver;
    private static boolean saved;

    /** Forgets all memory and reservations; memblock is open again. */
    public static void reset() {
        memCount = 0;
        resCount = 0;
        handedOver = false;
    }

    /**
     * Adds the memory {@code [base, base + size)}, narrowed to whole pages and cut at
     * {@link Phys#MAX_PHYS}; overlapping and touching ranges merge. Panics if the table is full.
     */
    public static void addMemory(long base, long size) {
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
        while (i < memCount && MEM_END[i] < first) {
            i++;
        }
        int j = i;
        while (j < memCount && MEM_BASE[j] <= end) {
            first = Math.min(first, MEM_BASE[j]);
            end = Math.max(end, MEM_END[j]);
            j++;
        }
        if (j == i) {
            if (memCount == MAX_MEMORY) {
                Panic.panic("memblock: the memory table is full (MAX_MEMORY ranges)");
            }
            for (int k = memCount; k > i; k--) {
                MEM_BASE[k] = MEM_BASE[k - 1];
                MEM_END[k] = MEM_END[k - 1];
            }
            memCount++;
        } else {
            int gone = j - i - 1;           // ranges i+1 .. j-1 merged into i
            for (int k = i + 1; k + gone < memCount; k++) {
                MEM_BASE[k] = MEM_BASE[k + gone];
                MEM_END[k] = MEM_END[k + gone];
            }
            memCount -= gone;
        }
        MEM_BASE[i] = first;
        MEM_END[i] = end;
    }

    /**
     * Reserves {@code [base, base + size)}, widened to whole pages, for {@code kind}: the parts
     * that are memory and not reserved yet. Panics if the reservation table is full.
     */
    public static void reserve(long base, long size, int kind) {
        if (!tryReserve(base, size, kind)) {
            Panic.panic("memblock: the reservation table is full (MAX_RESERVED ranges)");
        }
    }

    /** As {@link #reserve}, but returns false (and changes nothing) when the table is full. */
    public static boolean tryReserve(long base, long size, int kind) {
        if (handedOver) {
            Panic.panic("memblock: reservation after the handover to the buddy allocator");
        }
        if (kind < 0 || kind >= KINDS) {
            Panic.panic("memblock: no such reservation kind");
        }
        for (int i = 0; i < resCount; i++) {
            UNDO_BASE[i] = RES_BASE[i];
            UNDO_END[i] = RES_END[i];
            UNDO_KIND[i] = RES_KIND[i];
        }
        undoCount = resCount;
        if (reserveRange(base, size, kind)) {
            return true;
        }
        for (int i = 0; i < undoCount; i++) {
            RES_BASE[i] = UNDO_BASE[i];
            RES_END[i] = UNDO_END[i];
            RES_KIND[i] = UNDO_KIND[i];
        }
        resCount = undoCount;
        return false;
    }

    /**
     * Allocates {@code size} bytes (rounded up to pages) aligned to {@code align} (a power of two;
     * at least a page), ending at or below {@code limit}: the highest such range (top-down).
     * Reserves it as {@code kind} and returns its physical address, or {@link #FAIL}.
     */
    public static long alloc(long size, long align, long limit, int kind) {
        return allocRange(size, align, 0, limit, kind, true);
    }

    /** As {@link #alloc}, but the lowest suitable range starting at or above {@code min} (bottom-up). */
    public static long allocBottomUp(long size, long align, long min, long limit, int kind) {
        return allocRange(size, align, min, limit, kind, false);
    }

    /** Closes memblock: the buddy allocator has its free ranges now. */
    public static void handOver() {
        handedOver = true;
    }

    /** Whether memblock still allocates: not yet handed over to the buddy allocator. */
    public static boolean open() {
        return !handedOver;
    }

    /** Whether the free ranges were handed to the buddy allocator. */
    public static boolean handedOver() {
        return handedOver;
    }

    public static int memoryCount() {
        return memCount;
    }

    public static long memoryBase(int i) {
        return MEM_BASE[i];
    }

    /** The end of memory range {@code i} (exclusive). */
    public static long memoryEnd(int i) {
        return MEM_END[i];
    }

    public static int reservedCount() {
        return resCount;
    }

    public static long reservedBase(int i) {
        return RES_BASE[i];
    }

    /** The end of reservation {@code i} (exclusive). */
    public static long reservedEnd(int i) {
        return RES_END[i];
    }

    public static int reservedKind(int i) {
        return RES_KIND[i];
    }

    /** The end of the highest memory range, or 0 with no memory. */
    public static long end() {
        return memCount == 0 ? 0 : MEM_END[memCount - 1];
    }

    /** The bytes of memory. */
    public static long memoryBytes() {
        long sum = 0;
        for (int i = 0; i < memCount; i++) {
            sum += MEM_END[i] - MEM_BASE[i];
        }
        return sum;
    }

    /** The bytes reserved, all kinds. */
    public static long reservedBytes() {
        long sum = 0;
        for (int i = 0; i < resCount; i++) {
            sum += RES_END[i] - RES_BASE[i];
        }
        return sum;
    }

    /** The bytes reserved as {@code kind}. */
    public static long reservedBytes(int kind) {
        long sum = 0;
        for (int i = 0; i < resCount; i++) {
            if (RES_KIND[i] == kind) {
                sum += RES_END[i] - RES_BASE[i];
            }
        }
        return sum;
    }

    /** The bytes of memory not reserved (after the handover: what the buddy allocator got). */
    public static long freeBytes() {
        return memoryBytes() - reservedBytes();
    }

    /**
     * Computes the free ranges (memory minus reservations), sorted; returns how many. Read them
     * with {@link #freeBase} and {@link #freeEnd} until the tables change.
     */
    public static int freeRanges() {
        int n = 0;
        int r = 0;
        for (int m = 0; m < memCount; m++) {
            long cur = MEM_BASE[m];
            long end = MEM_END[m];
            while (r < resCount && RES_END[r] <= cur) {
                r++;
            }
            while (r < resCount && RES_BASE[r] < end) {
                if (RES_BASE[r] > cur) {
                    FREE_BASE[n] = cur;
                    FREE_END[n] = RES_BASE[r];
                    n++;
                }
                cur = Math.max(cur, RES_END[r]);
                r++;
            }
            if (cur < end) {
                FREE_BASE[n] = cur;
                FREE_END[n] = end;
                n++;
            }
        }
        return n;
    }

    public static long freeBase(int i) {
        return FREE_BASE[i];
    }

    /** The end of free range {@code i} (exclusive). */
    public static long freeEnd(int i) {
        return FREE_END[i];
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
            default: return "unknown";
        }
    }

    /**
     * Prints the tables for the {@code memblock} command: one line per memory range and per
     * reservation (with its kind), the bytes per kind, and the totals.
     */
    public static void print() {
        Printf.printf("memblock: memory: %d ranges, %lu KiB\n", memCount, memoryBytes() >>> 10);
        for (int i = 0; i < memCount; i++) {
            Printf.printf("  memory   %3d [mem 0x%016lx-0x%016lx] %10lu KiB\n", i, MEM_BASE[i], MEM_END[i] - 1,
                    (MEM_END[i] - MEM_BASE[i]) >>> 10);
        }
        Printf.printf("memblock: reserved: %d ranges, %lu KiB\n", resCount, reservedBytes() >>> 10);
        for (int i = 0; i < resCount; i++) {
            Printf.printf("  reserved %3d [mem 0x%016lx-0x%016lx] %10lu KiB %s\n", i, RES_BASE[i], RES_END[i] - 1,
                    (RES_END[i] - RES_BASE[i]) >>> 10, Printf.s(kindName(RES_KIND[i])));
        }
        for (int k = 0; k < KINDS; k++) {
            Printf.printf("  kind %-16s %10lu KiB\n", Printf.s(kindName(k)), reservedBytes(k) >>> 10);
        }
        printSummary();
    }

    /** One line: {@code memblock: usable N KiB = free F KiB + reserved R KiB} (free: handed to buddy). */
    public static void printSummary() {
        Printf.printf("memblock: usable %lu KiB = %s %lu KiB + reserved %lu KiB\n", memoryBytes() >>> 10,
                Printf.s(handedOver ? "handed to buddy" : "free"), freeBytes() >>> 10, reservedBytes() >>> 10);
    }

    /** Saves the tables (one slot; tests save the live state and restore it afterwards). */
    public static void save() {
        if (saved) {
            Panic.panic("memblock: save while a saved state exists");
        }
        for (int i = 0; i < memCount; i++) {
            SAVED_MEM_BASE[i] = MEM_BASE[i];
            SAVED_MEM_END[i] = MEM_END[i];
        }
        for (int i = 0; i < resCount; i++) {
            SAVED_RES_BASE[i] = RES_BASE[i];
            SAVED_RES_END[i] = RES_END[i];
            SAVED_RES_KIND[i] = RES_KIND[i];
        }
        savedMemCount = memCount;
        savedResCount = resCount;
        savedHandedOver = handedOver;
        saved = true;
    }

    /** Restores the tables {@link #save} saved. */
    public static void restore() {
        if (!saved) {
            Panic.panic("memblock: restore without a saved state");
        }
        for (int i = 0; i < savedMemCount; i++) {
            MEM_BASE[i] = SAVED_MEM_BASE[i];
            MEM_END[i] = SAVED_MEM_END[i];
        }
        for (int i = 0; i < savedResCount; i++) {
            RES_BASE[i] = SAVED_RES_BASE[i];
            RES_END[i] = SAVED_RES_END[i];
            RES_KIND[i] = SAVED_RES_KIND[i];
        }
        memCount = savedMemCount;
        resCount = savedResCount;
        handedOver = savedHandedOver;
        saved = false;
    }

    private static long allocRange(long size, long align, long min, long limit, int kind, boolean topDown) {
        if (handedOver) {
            Panic.panic("memblock: allocation after the handover to the buddy allocator");
        }
        if (align <= 0 || (align & (align - 1)) != 0 || align >= Phys.MAX_PHYS) {
            Panic.panic("memblock: the alignment is not a power of two");
        }
        if (size <= 0 || size >= Phys.MAX_PHYS) {
            return FAIL;
        }
        size = Phys.pageUp(size);
        align = Math.max(align, PAGE);
        min = Math.max(min, 0);
        limit = Math.min(limit, Phys.MAX_PHYS);
        int n = freeRanges();
        long found = FAIL;
        if (topDown) {
            for (int i = n - 1; i >= 0 && found == FAIL; i--) {
                long lo = Math.max(FREE_BASE[i], min);
                long hi = Math.min(FREE_END[i], limit);
                if (hi - lo >= size) {
                    long at = (hi - size) & -align;
                    if (at >= lo) {
                        found = at;
                    }
                }
            }
        } else {
            for (int i = 0; i < n && found == FAIL; i++) {
                long lo = (Math.max(FREE_BASE[i], min) + align - 1) & -align;
                long hi = Math.min(FREE_END[i], limit);
                if (lo < hi && hi - lo >= size) {
                    found = lo;
                }
            }
        }
        if (found != FAIL) {
            reserve(found, size, kind);
        }
        return found;
    }

    /** Reserves the unreserved memory in the pages of [base, base + size); false if the table fills. */
    private static boolean reserveRange(long base, long size, int kind) {
        if (size <= 0 || Long.compareUnsigned(base, Phys.MAX_PHYS) >= 0) {
            return true;
        }
        long end = size > Phys.MAX_PHYS - base ? Phys.MAX_PHYS : Phys.pageUp(base + size);
        long first = Phys.pageDown(base);
        for (int m = 0; m < memCount; m++) {
            long hi = Math.min(end, MEM_END[m]);
            long cur = Math.max(first, MEM_BASE[m]);
            while (cur < hi) {
                int r = 0;
                while (r < resCount && RES_END[r] <= cur) {
                    r++;
                }
                if (r < resCount && RES_BASE[r] <= cur) {
                    cur = RES_END[r];                   // already reserved: the first kind wins
                    continue;
                }
                long gapEnd = r < resCount ? Math.min(hi, RES_BASE[r]) : hi;
                if (!insertReserved(cur, gapEnd, kind)) {
                    return false;
                }
                cur = gapEnd;
            }
        }
        return true;
    }

    /** Inserts [base, end), which overlaps no reservation, merging with same-kind neighbours. */
    private static boolean insertReserved(long base, long end, int kind) {
        int i = 0;
        while (i < resCount && RES_BASE[i] < base) {
            i++;
        }
        boolean left = i > 0 && RES_END[i - 1] == base && RES_KIND[i - 1] == kind;
        boolean right = i < resCount && RES_BASE[i] == end && RES_KIND[i] == kind;
        if (left && right) {
            RES_END[i - 1] = RES_END[i];
            for (int k = i; k + 1 < resCount; k++) {
                RES_BASE[k] = RES_BASE[k + 1];
                RES_END[k] = RES_END[k + 1];
                RES_KIND[k] = RES_KIND[k + 1];
            }
            resCount--;
        } else if (left) {
            RES_END[i - 1] = end;
        } else if (right) {
            RES_BASE[i] = base;
        } else {
            if (resCount == MAX_RESERVED) {
                return false;
            }
            for (int k = resCount; k > i; k--) {
                RES_BASE[k] = RES_BASE[k - 1];
                RES_END[k] = RES_END[k - 1];
                RES_KIND[k] = RES_KIND[k - 1];
            }
            RES_BASE[i] = base;
            RES_END[i] = end;
            RES_KIND[i] = kind;
            resCount++;
        }
        return true;
    }
}
