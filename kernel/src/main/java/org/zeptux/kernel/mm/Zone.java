package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.hw.PageFrame;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.smp.PerCpu;
import org.zeptux.rt.Address;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Structs;

/**
 * A zone of physical pages under a binary buddy allocator, with its own page frame database
 * and deterministic accounting by owner. The kernel has one ({@link Buddy#ZONE}, made at build
 * time); a test makes its own over made-up pages ({@link BuddyArena}) and never touches the
 * kernel's.
 *
 * <p>Memory is handed out in blocks of 2^order pages, order 0 to {@link #MAX_ORDER} - 1 (4 KiB
 * to 4 MiB), each aligned to its size. A free block is on the free list of its order; an
 * allocation takes the smallest free block that fits and splits it, putting the upper halves
 * on the lists below (Linux's expand()); a free merges the block with its buddy (the block at
 * {@code pfn ^ (1 << order)}) for as long as the buddy is free and whole. Free lists are doubly
 * linked through the page frame database, so the allocator never touches the pages it manages
 * (memory above the mapped limit could be handed out without a mapping).
 *
 * <pre>
 *   page states (PageFrame flags of a block's first page; other pages of a block are 0)
 *
 *      RESERVED ──addFree──▶ FREE ──alloc──▶ ALLOCATED(order, owner)
 *                             ▲                   │
 *                             └──free(owner, order)┘  (merges with free buddies)
 * </pre>
 *
 * <p>Accounting. Every allocation names an {@link Owner}; the zone counts pages in use, the
 * peak, and failures per owner. An owner may have a hard limit in pages ({@link #setLimit}).
 * Nothing overcommits and nothing waits: an allocation over the owner's limit, or with no free
 * block large enough, returns null at once and counts a failure. A free must name the owner
 * and order of the allocation; anything else (a double free, a page never allocated, a
 * mismatch) is a panic that names both sides.
 * Invariant: {@code managedPages() == freePages() + allocatedPages()}, and
 * {@code freePages() - percpuPages()} is the sum over the free lists of {@code freeBlocks(order) << order}.
 *
 * <p>Lifecycle: {@link #init} over a page frame database (every page reserved), then
 * {@link #addFree} for the free ranges; then {@link #alloc} and {@link #free}. Frame 0 is never
 * handed out (a null PhysAddr is address 0, the failure value).
 *
 * <p>Types: what crosses the API is typed (a {@link PhysAddr} per block, {@link Pfn}s for the
 * range); inside, buddy arithmetic ({@code pfn ^ 1 << order}) is on frame numbers as longs.
 *
 * <p>Per-CPU page lists (Linux's per_cpu_pages): each CPU has a short list of free order-0
 * pages of this zone ({@link #PCP_HIGH} at most; pages marked PERCPU in the database, never
 * merged), and per-owner counts of the pages it charged and uncharged through them.
 * {@link #pcpAlloc} and {@link #pcpFree} touch only the calling CPU's list and counts and must
 * run with interrupts off on that CPU (no lock, no atomic); {@link #pcpRefill} and
 * {@link #pcpDrain} move a batch between the list and the free lists and run under the
 * zone's lock (Buddy's), on the list's own CPU. Pages in lists are free: {@link #freePages}
 * counts them, {@link #freeBlocks} (buddyinfo) does not; an owner's pages are its locked
 * count plus every CPU's count ({@link #used}). Only owners without a limit use the lists, so
 * a limit is checked against exact figures under the lock.
 *
 * <p>Notes and missing features: no locking of its own (Buddy holds its lock around every
 * call but the per-CPU fast path), no migrate types, per-CPU lists of order 0 only; page
 * frame numbers below 2^31 (the database's links).
 */
public final class Zone {
    /** Orders 0 .. MAX_ORDER - 1, as Linux's NR_PAGE_ORDERS. */
    public static final int MAX_ORDER = 11;
    /** An owner without a limit. */
    public static final long NO_LIMIT = -1L;

    /** Results of {@link #checkFree}. */
    public static final int OK = 0;
    public static final int NOT_A_PAGE = 1;
    public static final int NOT_ALLOCATED = 2;
    public static final int WRONG_ORDER = 3;
    public static final int WRONG_OWNER = 4;

    private static final long NONE = PageFrame.NONE;

    private boolean ready;
    private Address database;                   // record of page firstPfn
    private long firstPfn;
    private long endPfn;
    private long managed;
    private long freePages;
    private final long[] head = new long[MAX_ORDER];
    private final long[] blocks = new long[MAX_ORDER];
    private final long[] used = new long[Owner.COUNT];
    private final long[] peak = new long[Owner.COUNT];
    private final long[] fails = new long[Owner.COUNT];
    private final long[] limit = new long[Owner.COUNT];

    /** The most pages a CPU's list holds; above it, {@link #PCP_BATCH} go back to the free lists. */
    public static final int PCP_HIGH = 64;
    /** Pages moved between a CPU's list and the free lists at once. */
    public static final int PCP_BATCH = 16;
    static final int CPUS = PerCpu.MAX_CPUS;
    /** Longs per CPU in {@link #pcpUsed}, ints in {@link #pcpCount}: whole cache lines, so CPUs do not share one. */
    static final int USED_STRIDE = 16;
    static final int COUNT_STRIDE = 16;
    /** CPU c's list: page frame numbers at [c * PCP_HIGH, + pcpCount[c * COUNT_STRIDE]), the most recently freed last. */
    private final long[] pcp = new long[CPUS * PCP_HIGH];
    private final int[] pcpCount = new int[CPUS * COUNT_STRIDE];
    /** CPU c's net pages charged to owner o through its list: pcpUsed[c * USED_STRIDE + o] (may be negative). */
    private final long[] pcpUsed = new long[CPUS * USED_STRIDE];

    /**
     * Starts over with the page frame database at {@code pfdb} describing pages
     * {@code first .. end - 1}, all reserved; free lists empty, counters zero, no limits.
     */
    public void init(Address pfdb, Pfn first, Pfn end) {
        if (end.lt(first) || end.gt(Pfn.of(1L << 31))) {
            Panic.panic("buddy: page frame numbers out of range");
        }
        database = pfdb;
        firstPfn = first.toLong();
        endPfn = end.toLong();
        for (long p = firstPfn; p < endPfn; p++) {
            PageFrame.setNext(database, p - firstPfn, (int) NONE);
            PageFrame.setPrev(database, p - firstPfn, (int) NONE);
            setHead(p, PageFrame.RESERVED, 0, 0);
            PageFrame.setSpare(database, p - firstPfn, 0);
        }
        for (int k = 0; k < MAX_ORDER; k++) {
            head[k] = NONE;
            blocks[k] = 0;
        }
        for (int o = 0; o < Owner.COUNT; o++) {
            used[o] = 0;
            peak[o] = 0;
            fails[o] = 0;
            limit[o] = NO_LIMIT;
        }
        for (int c = 0; c < CPUS; c++) {
            pcpCount[c * COUNT_STRIDE] = 0;
            for (int o = 0; o < Owner.COUNT; o++) {
                pcpUsed[c * USED_STRIDE + o] = 0;
            }
        }
        managed = 0;
        freePages = 0;
        ready = true;
    }

    /** Whether {@link #init} ran. */
    public boolean ready() {
        return ready;
    }

    /**
     * Gives pages {@code from .. to - 1} (clipped to the database, and above frame 0) to the
     * zone as free blocks, each as large as alignment allows, merged with free neighbours. The
     * pages must be reserved (not given before).
     */
    public void addFree(Pfn fromPfn, Pfn toPfn) {
        long from = Math.max(Math.max(fromPfn.toLong(), firstPfn), 1);
        long to = Math.min(toPfn.toLong(), endPfn);
        for (long p = from; p < to; p++) {
            if (flags(p) != PageFrame.RESERVED) {
                Panic.panic("buddy: a page given to the allocator twice");
            }
            PageFrame.setFlags(database, p - firstPfn, 0);
        }
        long p = from;
        while (p < to) {
            int order = Math.min(Long.numberOfTrailingZeros(p), MAX_ORDER - 1);
            while (p + (1L << order) > to) {
                order--;
            }
            managed += 1L << order;
            release(p, order);
            p += 1L << order;
        }
    }

    /**
     * Allocates 2^{@code order} contiguous pages for {@code owner}; returns the physical address
     * of the first, aligned to the block's size, or null when the owner's limit would be
     * exceeded or no block is free. Panics on a bad order or owner.
     */
    public PhysAddr alloc(int order, int owner) {
        if (order < 0 || order >= MAX_ORDER) {
            Panic.panic("buddy: allocation order out of range");
        }
        if (!Owner.valid(owner)) {
            Panic.panic("buddy: allocation without a valid owner");
        }
        long pages = 1L << order;
        if (limit[owner] != NO_LIMIT && used(owner) + pages > limit[owner]) {
            fails[owner]++;
            return null;
        }
        long pfn = take(order);
        if (pfn == NONE) {
            fails[owner]++;
            return null;
        }
        setHead(pfn, PageFrame.ALLOCATED, order, owner);
        long now = used[owner] + pages;
        used[owner] = now;
        if (now > peak[owner]) {
            peak[owner] = now;                      // the CPUs' counts join at their next batch (fold)
        }
        return Pfn.of(pfn).phys();
    }

    /** Takes a block of {@code order} off the free lists (splitting a larger one): its first page, unmarked, or NONE. */
    private long take(int order) {
        int k = order;
        while (k < MAX_ORDER && head[k] == NONE) {
            k++;
        }
        if (k == MAX_ORDER) {
            return NONE;
        }
        long pfn = head[k];
        unlink(pfn, k);
        while (k > order) {
            k--;
            long half = pfn + (1L << k);
            setHead(half, PageFrame.FREE, k, 0);
            push(half, k);
        }
        freePages -= 1L << order;
        return pfn;
    }

    private void notePeak(int owner) {
        long now = used(owner);
        if (now > peak[owner]) {
            peak[owner] = now;
        }
    }

    /** Whether a free block of {@code order} or larger is on the free lists. */
    public boolean hasFree(int order) {
        for (int k = order; k < MAX_ORDER; k++) {
            if (head[k] != NONE) {
                return true;
            }
        }
        return false;
    }

    // ---- per-CPU page lists ----

    /** Whether {@code owner}'s order-0 pages may go through the per-CPU lists (it has no limit). */
    public boolean pcpOwner(int owner) {
        return Owner.valid(owner) && limit[owner] == NO_LIMIT;
    }

    /**
     * An order-0 page from CPU {@code cpu}'s list, charged to {@code owner}, or null when the
     * list is empty. With interrupts off on {@code cpu}; no lock.
     */
    public PhysAddr pcpAlloc(int cpu, int owner) {
        int n = pcpCount[cpu * COUNT_STRIDE];
        if (n == 0) {
            return null;
        }
        n--;
        long pfn = pcp[cpu * PCP_HIGH + n];
        pcpCount[cpu * COUNT_STRIDE] = n;
        setHead(pfn, PageFrame.ALLOCATED, 0, owner);
        pcpUsed[cpu * USED_STRIDE + owner]++;
        return Pfn.of(pfn).phys();
    }

    /**
     * Frees the order-0 page {@code phys} of {@code owner} onto CPU {@code cpu}'s list (checked
     * as {@link #free} checks: a mismatch or a double free panics). Returns whether the list is
     * now full ({@link #PCP_HIGH}): the caller drains it under the lock. With interrupts off on
     * {@code cpu}; no lock.
     */
    public boolean pcpFree(int cpu, PhysAddr phys, int owner) {
        int check = checkFree(phys, 0, owner);
        if (check != OK) {
            refuseFree(phys, 0, owner, check);
        }
        long pfn = phys.pfn().toLong();
        setHead(pfn, PageFrame.PERCPU, 0, 0);
        int n = pcpCount[cpu * COUNT_STRIDE];
        pcp[cpu * PCP_HIGH + n] = pfn;
        pcpCount[cpu * COUNT_STRIDE] = n + 1;
        pcpUsed[cpu * USED_STRIDE + owner]--;
        return n + 1 >= PCP_HIGH;
    }

    /**
     * Fills CPU {@code cpu}'s list with up to {@link #PCP_BATCH} pages from the free lists (and
     * folds its owner counts into the zone's): how many it took. Under the zone's lock, on
     * {@code cpu}.
     */
    public int pcpRefill(int cpu) {
        fold(cpu);
        int took = 0;
        int n = pcpCount[cpu * COUNT_STRIDE];
        while (took < PCP_BATCH && n < PCP_HIGH) {
            long pfn = take(0);
            if (pfn == NONE) {
                break;
            }
            setHead(pfn, PageFrame.PERCPU, 0, 0);
            pcp[cpu * PCP_HIGH + n] = pfn;
            n++;
            took++;
        }
        pcpCount[cpu * COUNT_STRIDE] = n;
        return took;
    }

    /**
     * Gives the {@code pages} least recently freed pages of CPU {@code cpu}'s list (at most all)
     * back to the free lists, merging, and folds its owner counts: how many. Under the zone's
     * lock, on {@code cpu} (or for a CPU that cannot run: it is not online).
     */
    public int pcpDrain(int cpu, int pages) {
        fold(cpu);
        int n = pcpCount[cpu * COUNT_STRIDE];
        int k = Math.min(pages, n);
        int base = cpu * PCP_HIGH;
        for (int i = 0; i < k; i++) {
            long pfn = pcp[base + i];
            setHead(pfn, 0, 0, 0);
            release(pfn, 0);
        }
        for (int i = k; i < n; i++) {
            pcp[base + i - k] = pcp[base + i];
        }
        pcpCount[cpu * COUNT_STRIDE] = n - k;
        return k;
    }

    /** Moves CPU {@code cpu}'s owner counts into the zone's and notes the peaks (under the lock). */
    private void fold(int cpu) {
        int base = cpu * USED_STRIDE;
        for (int o = 1; o < Owner.COUNT; o++) {
            long d = pcpUsed[base + o];
            if (d != 0) {
                pcpUsed[base + o] = 0;
                used[o] += d;
                notePeak(o);
            }
        }
    }

    /** The pages in CPU {@code cpu}'s list. */
    public int pcpPages(int cpu) {
        return pcpCount[cpu * COUNT_STRIDE];
    }

    /** The free pages in every CPU's list (free, but not on the free lists). */
    public long percpuPages() {
        long sum = 0;
        for (int c = 0; c < CPUS; c++) {
            sum += pcpCount[c * COUNT_STRIDE];
        }
        return sum;
    }

    /**
     * Frees the block at {@code phys} that {@link #alloc} returned for {@code order} and
     * {@code owner}. Panics, naming both sides, if that is not what was allocated there.
     */
    public void free(PhysAddr phys, int order, int owner) {
        int check = checkFree(phys, order, owner);
        if (check != OK) {
            refuseFree(phys, order, owner, check);
        }
        long pfn = phys.pfn().toLong();
        setHead(pfn, 0, 0, 0);
        used[owner] -= 1L << order;
        release(pfn, order);
    }

    /** The panic of a free that {@link #checkFree} refused with {@code check}, naming both sides. */
    private void refuseFree(PhysAddr phys, int order, int owner, int check) {
        long pfn = phys.pfn().toLong();
        Printf.printf("buddy: free of 0x%lx order %d by %s: ", phys.toLong(), order, Printf.s(Owner.name(owner)));
        if (check == NOT_A_PAGE) {
            Printf.printf("not a page this allocator manages\n");
        } else if (check == NOT_ALLOCATED) {
            int f = flags(pfn);
            Printf.printf("not allocated (%s)\n", Printf.s(f == PageFrame.FREE ? "free"
                    : f == PageFrame.PERCPU ? "free, in a CPU's list"
                    : f == PageFrame.RESERVED ? "reserved" : "inside a block"));
        } else {
            Printf.printf("allocated order %d by %s\n", order(pfn), Printf.s(Owner.name(owner(pfn))));
        }
        Panic.panic("buddy: the free does not match an allocation");
    }

    /**
     * What {@link #free} would find wrong with freeing {@code phys} as {@code order} and
     * {@code owner}: {@link #OK}, {@link #NOT_A_PAGE} (unaligned or outside the zone),
     * {@link #NOT_ALLOCATED} (free, reserved, or inside a block: a double free), {@link #WRONG_ORDER}
     * or {@link #WRONG_OWNER}.
     */
    public int checkFree(PhysAddr phys, int order, int owner) {
        if (!phys.alignDown(Phys.PAGE_SIZE).eq(phys)) {
            return NOT_A_PAGE;
        }
        long pfn = phys.pfn().toLong();
        if (pfn < firstPfn || pfn >= endPfn) {
            return NOT_A_PAGE;
        }
        if (flags(pfn) != PageFrame.ALLOCATED) {
            return NOT_ALLOCATED;
        }
        if (order(pfn) != order) {
            return WRONG_ORDER;
        }
        if (owner(pfn) != owner) {
            return WRONG_OWNER;
        }
        return OK;
    }

    /** Sets {@code owner}'s hard limit in pages ({@link #NO_LIMIT} for none). */
    public void setLimit(int owner, long pages) {
        if (!Owner.valid(owner)) {
            Panic.panic("buddy: limit for an invalid owner");
        }
        limit[owner] = pages;
    }

    /** {@code owner}'s limit in pages, or {@link #NO_LIMIT}. */
    public long limit(int owner) {
        return limit[owner];
    }

    /**
     * The pages {@code owner} holds: its count under the lock plus what every CPU charged through
     * its list (exact when no CPU is allocating; otherwise a moment's mix).
     */
    public long used(int owner) {
        long sum = used[owner];
        for (int c = 0; c < CPUS; c++) {
            sum += pcpUsed[c * USED_STRIDE + owner];
        }
        return sum;
    }

    /**
     * The most pages {@code owner} held at once: noted at every locked allocation and whenever a
     * CPU's list exchanges a batch (allocations from the lists in between are seen at the next).
     */
    public long peak(int owner) {
        return Math.max(peak[owner], used(owner));
    }

    /** How many of {@code owner}'s allocations failed. */
    public long failures(int owner) {
        return fails[owner];
    }

    /** The number of free blocks of {@code order}. */
    public long freeBlocks(int order) {
        return blocks[order];
    }

    /** The free pages: the sum over the free lists, plus the pages in the CPUs' lists ({@link #percpuPages}). */
    public long freePages() {
        return freePages + percpuPages();
    }

    /** The pages given to the zone. */
    public long managedPages() {
        return managed;
    }

    /** The pages allocated, all owners. */
    public long allocatedPages() {
        long sum = 0;
        for (int o = 0; o < Owner.COUNT; o++) {
            sum += used(o);
        }
        return sum;
    }

    /** The first page frame number the database describes. */
    public Pfn firstPfn() {
        return Pfn.of(firstPfn);
    }

    /** The end of the page frame numbers the database describes (exclusive). */
    public Pfn endPfn() {
        return Pfn.of(endPfn);
    }

    /** Page {@code pfn}'s flags in the database (FREE, ALLOCATED, RESERVED; the zone's range only). */
    public int flags(Pfn pfn) {
        return flags(pfn.toLong());
    }

    /** The order of the block page {@code pfn} heads (the zone's range only). */
    public int order(Pfn pfn) {
        return order(pfn.toLong());
    }

    /**
     * Checks every invariant by walking the free lists and the whole database: each listed
     * block is free, of its list's order, aligned, inside the range, correctly linked; the list
     * lengths are the counters; every page is reserved or in exactly one block, pages inside
     * blocks are marked so; per-owner pages and totals agree; the pages marked as in a CPU's
     * list are the lists' pages. Returns 0, or the number of the first broken invariant
     * (1..13), for tests. Exact only while no CPU uses its list (the caller holds the lock and
     * the others are quiet).
     */
    public int verify() {
        long listed = 0;
        long listedBlocks = 0;
        for (int k = 0; k < MAX_ORDER; k++) {
            long n = 0;
            long prev = NONE;
            for (long p = head[k]; p != NONE; p = PageFrame.next(database, p - firstPfn)) {
                if (p < firstPfn || p + (1L << k) > endPfn || (p & ((1L << k) - 1)) != 0) {
                    return 1;
                }
                if (flags(p) != PageFrame.FREE || order(p) != k) {
                    return 2;
                }
                if (PageFrame.prev(database, p - firstPfn) != prev) {
                    return 3;
                }
                prev = p;
                n++;
                if (n > endPfn - firstPfn) {
                    return 4;                       // a cycle
                }
            }
            if (n != blocks[k]) {
                return 5;
            }
            listed += n << k;
            listedBlocks += n;
        }
        if (listed != freePages) {
            return 6;
        }
        long free = 0;
        long freeHeads = 0;
        long reserved = 0;
        long allocatedTotal = 0;
        long inLists = 0;
        long p = firstPfn;
        while (p < endPfn) {
            int f = flags(p);
            if (f == PageFrame.RESERVED) {
                reserved++;
                p++;
                continue;
            }
            if (f == PageFrame.PERCPU) {
                if (order(p) != 0) {
                    return 13;
                }
                inLists++;
                p++;
                continue;
            }
            if (f != PageFrame.FREE && f != PageFrame.ALLOCATED) {
                return 7;                           // a page in no block
            }
            int k = order(p);
            long size = 1L << k;
            if (k >= MAX_ORDER || p + size > endPfn) {
                return 8;
            }
            for (long t = p + 1; t < p + size; t++) {
                if (flags(t) != 0) {
                    return 9;                       // blocks overlap
                }
            }
            if (f == PageFrame.FREE) {
                free += size;
                freeHeads++;
            } else {
                allocatedTotal += size;
            }
            p += size;
        }
        if (free != freePages || freeHeads != listedBlocks) {
            return 10;
        }
        if (inLists != percpuPages()) {
            return 13;
        }
        if (allocatedTotal != allocatedPages() || free + inLists + allocatedTotal != managed) {
            return 11;
        }
        if (reserved != endPfn - firstPfn - managed) {
            return 12;
        }
        return 0;
    }

    /** The pages {@code owner} holds according to the database (a walk; for tests). */
    public long countOwned(int owner) {
        long sum = 0;
        long p = firstPfn;
        while (p < endPfn) {
            int f = flags(p);
            if (f == PageFrame.FREE || f == PageFrame.ALLOCATED) {
                if (f == PageFrame.ALLOCATED && owner(p) == owner) {
                    sum += 1L << order(p);
                }
                p += 1L << order(p);
            } else {
                p++;
            }
        }
        return sum;
    }

    /** Puts the block at {@code pfn} (page states: not marked) on a free list, merging buddies. */
    private void release(long pfn, int order) {
        freePages += 1L << order;
        while (order < MAX_ORDER - 1) {
            long buddy = pfn ^ (1L << order);
            if (buddy < firstPfn || buddy >= endPfn) {
                break;
            }
            if (flags(buddy) != PageFrame.FREE || order(buddy) != order) {
                break;
            }
            unlink(buddy, order);
            setHead(buddy, 0, 0, 0);                // now inside the merged block
            pfn = Math.min(pfn, buddy);
            order++;
        }
        setHead(pfn, PageFrame.FREE, order, 0);
        push(pfn, order);
    }

    private void push(long pfn, int order) {
        long first = head[order];
        PageFrame.setNext(database, pfn - firstPfn, (int) first);
        PageFrame.setPrev(database, pfn - firstPfn, (int) NONE);
        if (first != NONE) {
            PageFrame.setPrev(database, first - firstPfn, (int) pfn);
        }
        head[order] = pfn;
        blocks[order]++;
    }

    private void unlink(long pfn, int order) {
        long next = PageFrame.next(database, pfn - firstPfn);
        long prev = PageFrame.prev(database, pfn - firstPfn);
        if (prev == NONE) {
            head[order] = next;
        } else {
            PageFrame.setNext(database, prev - firstPfn, (int) next);
        }
        if (next != NONE) {
            PageFrame.setPrev(database, next - firstPfn, (int) prev);
        }
        blocks[order]--;
    }

    private int flags(long pfn) {
        return PageFrame.flags(database, pfn - firstPfn);
    }

    private int order(long pfn) {
        return PageFrame.order(database, pfn - firstPfn);
    }

    private int owner(long pfn) {
        return PageFrame.owner(database, pfn - firstPfn);
    }

    /** Sets a page's flags, order and owner (a block's head). */
    /**
     * How many user address spaces map the allocated page {@code phys} (copy-on-write sharing;
     * mm.AddressSpace keeps it). Panics for a page that is not an allocated block's head.
     */
    public int mapCount(PhysAddr phys) {
        return PageFrame.spare(database, headOf(phys) - firstPfn);
    }

    /** Sets {@link #mapCount} of the allocated page {@code phys}. */
    public void setMapCount(PhysAddr phys, int count) {
        PageFrame.setSpare(database, headOf(phys) - firstPfn, count);
    }

    private long headOf(PhysAddr phys) {
        long pfn = phys.pfn().toLong();
        if (pfn < firstPfn || pfn >= endPfn || flags(pfn) != PageFrame.ALLOCATED) {
            Panic.panic("buddy: a mapping count of a page that is not allocated");
        }
        return pfn;
    }

    private void setHead(long pfn, int flags, int order, int owner) {
        PageFrame.setSpare(database, pfn - firstPfn, 0);
        PageFrame.setFlags(database, pfn - firstPfn, flags);
        PageFrame.setOrder(database, pfn - firstPfn, order);
        PageFrame.setOwner(database, pfn - firstPfn, owner);
    }
}
