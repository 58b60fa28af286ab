package org.zeptux.kernel.mm;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Printf;

/**
 * The physical page allocator: a binary buddy allocator over the page frame database, with
 * deterministic accounting by owner.
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
 * <p>Accounting. Every allocation names an {@link Owner}; the allocator counts pages in use,
 * the peak, and failures per owner. An owner may have a hard limit in pages
 * ({@link #setLimit}). Nothing overcommits and nothing waits: an allocation over the owner's
 * limit, or with no free block large enough, returns {@link #FAIL} at once and counts a
 * failure. A free must name the owner and order of the allocation; anything else (a double
 * free, a page never allocated, a mismatch) is a panic that names both sides.
 * Invariant: {@code managedPages() == freePages() + allocatedPages()}, and
 * {@code freePages()} is the sum over the free lists of {@code freeBlocks(order) << order}.
 *
 * <p>Lifecycle: {@link #init} over the page frame database (every page reserved), then
 * {@link #addFree} for every free range memblock hands over; then {@link #alloc} and
 * {@link #free}. {@link #save}/{@link #restore} let tests run a private instance.
 *
 * <p>Notes and missing features: one zone, no per-CPU lists, no locking (single CPU, no
 * interrupts yet), no migrate types; a page's physical address must be below 2^43.
 */
public final class Buddy {
    private Buddy() {}

    /** Orders 0 .. MAX_ORDER - 1, as Linux's NR_PAGE_ORDERS. */
    public static final int MAX_ORDER = 11;
    /** What alloc returns on failure: not a page address (pages are 4 KiB aligned). */
    public static final long FAIL = -1L;
    /** An owner without a limit. */
    public static final long NO_LIMIT = -1L;

    /** Results of {@link #checkFree}. */
    public static final int OK = 0;
    public static final int NOT_A_PAGE = 1;
    public static final int NOT_ALLOCATED = 2;
    public static final int WRONG_ORDER = 3;
    public static final int WRONG_OWNER = 4;

    private static final long NONE = PageFrame.NONE;

    private static boolean ready;
    private static long firstPfn;
    private static long endPfn;
    private static long managed;
    private static long freePages;
    private static final long[] HEAD = new long[MAX_ORDER];
    private static final long[] BLOCKS = new long[MAX_ORDER];
    private static final long[] USED = new long[Owner.COUNT];
    private static final long[] PEAK = new long[Owner.COUNT];
    private static final long[] FAILS = new long[Owner.COUNT];
    private static final long[] LIMIT = new long[Owner.COUNT];

    /** The saved state (one slot). */
    private static boolean saved;
    private static boolean savedReady;
    private static long savedBase;
    private static long savedFirstPfn;
    private static long savedEndPfn;
    private static long savedManaged;
    private static long savedFreePages;
    private static final long[] SAVED_HEAD = new long[MAX_ORDER];
    private static final long[] SAVED_BLOCKS = new long[MAX_ORDER];
    private static final long[] SAVED_USED = new long[Owner.COUNT];
    private static final long[] SAVED_PEAK = new long[Owner.COUNT];
    private static final long[] SAVED_FAILS = new long[Owner.COUNT];
    private static final long[] SAVED_LIMIT = new long[Owner.COUNT];

    /**
     * Starts over with the page frame database at virtual {@code pfdb} describing pages
     * {@code first .. end - 1}, all reserved; free lists empty, counters zero, no limits.
     */
    public static void init(long pfdb, long first, long end) {
        if (first < 0 || end < first || end > (1L << 31)) {
            Panic.panic("buddy: page frame numbers out of range");
        }
        PageFrame.place(pfdb, first);
        firstPfn = first;
        endPfn = end;
        for (long p = first; p < end; p++) {
            PageFrame.clear(p, PageFrame.RESERVED);
        }
        for (int k = 0; k < MAX_ORDER; k++) {
            HEAD[k] = NONE;
            BLOCKS[k] = 0;
        }
        for (int o = 0; o < Owner.COUNT; o++) {
            USED[o] = 0;
            PEAK[o] = 0;
            FAILS[o] = 0;
            LIMIT[o] = NO_LIMIT;
        }
        managed = 0;
        freePages = 0;
        ready = true;
    }

    /** Whether {@link #init} ran. */
    public static boolean ready() {
        return ready;
    }

    /**
     * Gives pages {@code from .. to - 1} (clipped to the database) to the allocator as free
     * blocks, each as large as alignment allows, merged with free neighbours. The pages must be
     * reserved (not given before).
     */
    public static void addFree(long from, long to) {
        from = Math.max(from, firstPfn);
        to = Math.min(to, endPfn);
        for (long p = from; p < to; p++) {
            if (PageFrame.flags(p) != PageFrame.RESERVED) {
                Panic.panic("buddy: a page given to the allocator twice");
            }
            PageFrame.setFlags(p, 0);
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
     * of the first, aligned to the block's size, or {@link #FAIL} when the owner's limit would
     * be exceeded or no block is free. Panics on a bad order or owner.
     */
    public static long alloc(int order, int owner) {
        if (order < 0 || order >= MAX_ORDER) {
            Panic.panic("buddy: allocation order out of range");
        }
        if (!Owner.valid(owner)) {
            Panic.panic("buddy: allocation without a valid owner");
        }
        long pages = 1L << order;
        if (LIMIT[owner] != NO_LIMIT && USED[owner] + pages > LIMIT[owner]) {
            FAILS[owner]++;
            return FAIL;
        }
        int k = order;
        while (k < MAX_ORDER && HEAD[k] == NONE) {
            k++;
        }
        if (k == MAX_ORDER) {
            FAILS[owner]++;
            return FAIL;
        }
        long pfn = HEAD[k];
        unlink(pfn, k);
        while (k > order) {
            k--;
            long half = pfn + (1L << k);
            PageFrame.setHead(half, PageFrame.FREE, k, 0);
            push(half, k);
        }
        PageFrame.setHead(pfn, PageFrame.ALLOCATED, order, owner);
        freePages -= pages;
        long used = USED[owner] + pages;
        USED[owner] = used;
        if (used > PEAK[owner]) {
            PEAK[owner] = used;
        }
        return pfn << Phys.PAGE_SHIFT;
    }

    /**
     * Frees the block at {@code phys} that {@link #alloc} returned for {@code order} and
     * {@code owner}. Panics, naming both sides, if that is not what was allocated there.
     */
    public static void free(long phys, int order, int owner) {
        int check = checkFree(phys, order, owner);
        if (check != OK) {
            long pfn = phys >>> Phys.PAGE_SHIFT;
            Printf.printf("buddy: free of 0x%lx order %d by %s: ", phys, order, Printf.s(Owner.name(owner)));
            if (check == NOT_A_PAGE) {
                Printf.printf("not a page this allocator manages\n");
            } else if (check == NOT_ALLOCATED) {
                Printf.printf("not allocated (%s)\n", Printf.s(PageFrame.flags(pfn) == PageFrame.FREE ? "free"
                        : PageFrame.flags(pfn) == PageFrame.RESERVED ? "reserved" : "inside a block"));
            } else {
                Printf.printf("allocated order %d by %s\n", PageFrame.order(pfn),
                        Printf.s(Owner.name(PageFrame.owner(pfn))));
            }
            Panic.panic("buddy: the free does not match an allocation");
        }
        long pfn = phys >>> Phys.PAGE_SHIFT;
        PageFrame.setHead(pfn, 0, 0, 0);
        USED[owner] -= 1L << order;
        release(pfn, order);
    }

    /**
     * What {@link #free} would find wrong with freeing {@code phys} as {@code order} and
     * {@code owner}: {@link #OK}, {@link #NOT_A_PAGE} (unaligned or outside the allocator),
     * {@link #NOT_ALLOCATED} (free, reserved, or inside a block: a double free), {@link #WRONG_ORDER}
     * or {@link #WRONG_OWNER}.
     */
    public static int checkFree(long phys, int order, int owner) {
        if ((phys & (Phys.PAGE_SIZE - 1)) != 0 || phys < 0) {
            return NOT_A_PAGE;
        }
        long pfn = phys >>> Phys.PAGE_SHIFT;
        if (pfn < firstPfn || pfn >= endPfn) {
            return NOT_A_PAGE;
        }
        if (PageFrame.flags(pfn) != PageFrame.ALLOCATED) {
            return NOT_ALLOCATED;
        }
        if (PageFrame.order(pfn) != order) {
            return WRONG_ORDER;
        }
        if (PageFrame.owner(pfn) != owner) {
            return WRONG_OWNER;
        }
        return OK;
    }

    /** Sets {@code owner}'s hard limit in pages ({@link #NO_LIMIT} for none). */
    public static void setLimit(int owner, long pages) {
        if (!Owner.valid(owner)) {
            Panic.panic("buddy: limit for an invalid owner");
        }
        LIMIT[owner] = pages;
    }

    /** {@code owner}'s limit in pages, or {@link #NO_LIMIT}. */
    public static long limit(int owner) {
        return LIMIT[owner];
    }

    /** The pages {@code owner} holds. */
    public static long used(int owner) {
        return USED[owner];
    }

    /** The most pages {@code owner} held at once. */
    public static long peak(int owner) {
        return PEAK[owner];
    }

    /** How many of {@code owner}'s allocations failed. */
    public static long failures(int owner) {
        return FAILS[owner];
    }

    /** The number of free blocks of {@code order}. */
    public static long freeBlocks(int order) {
        return BLOCKS[order];
    }

    /** The free pages (the sum over the free lists). */
    public static long freePages() {
        return freePages;
    }

    /** The pages given to the allocator. */
    public static long managedPages() {
        return managed;
    }

    /** The pages allocated, all owners. */
    public static long allocatedPages() {
        long sum = 0;
        for (int o = 0; o < Owner.COUNT; o++) {
            sum += USED[o];
        }
        return sum;
    }

    /** The first page frame number the database describes. */
    public static long firstPfn() {
        return firstPfn;
    }

    /** The end of the page frame numbers the database describes (exclusive). */
    public static long endPfn() {
        return endPfn;
    }

    /**
     * Checks every invariant by walking the free lists and the whole database: each listed
     * block is free, of its list's order, aligned, inside the range, correctly linked; the list
     * lengths are the counters; every page is reserved or in exactly one block, pages inside
     * blocks are marked so; per-owner pages and totals agree. Returns 0, or the number of the
     * first broken invariant (1..12), for tests.
     */
    public static int verify() {
        long listed = 0;
        long listedBlocks = 0;
        for (int k = 0; k < MAX_ORDER; k++) {
            long n = 0;
            long prev = NONE;
            for (long p = HEAD[k]; p != NONE; p = PageFrame.next(p)) {
                if (p < firstPfn || p + (1L << k) > endPfn || (p & ((1L << k) - 1)) != 0) {
                    return 1;
                }
                if (PageFrame.flags(p) != PageFrame.FREE || PageFrame.order(p) != k) {
                    return 2;
                }
                if (PageFrame.prev(p) != prev) {
                    return 3;
                }
                prev = p;
                n++;
                if (n > endPfn - firstPfn) {
                    return 4;                       // a cycle
                }
            }
            if (n != BLOCKS[k]) {
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
        long p = firstPfn;
        while (p < endPfn) {
            int f = PageFrame.flags(p);
            if (f == PageFrame.RESERVED) {
                reserved++;
                p++;
                continue;
            }
            if (f != PageFrame.FREE && f != PageFrame.ALLOCATED) {
                return 7;                           // a page in no block
            }
            int k = PageFrame.order(p);
            long size = 1L << k;
            if (k >= MAX_ORDER || p + size > endPfn) {
                return 8;
            }
            for (long t = p + 1; t < p + size; t++) {
                if (PageFrame.flags(t) != 0) {
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
        if (allocatedTotal != allocatedPages() || free + allocatedTotal != managed) {
            return 11;
        }
        if (reserved != endPfn - firstPfn - managed) {
            return 12;
        }
        return 0;
    }

    /** The pages {@code owner} holds according to the database (a walk; for tests). */
    public static long countOwned(int owner) {
        long sum = 0;
        long p = firstPfn;
        while (p < endPfn) {
            int f = PageFrame.flags(p);
            if (f == PageFrame.FREE || f == PageFrame.ALLOCATED) {
                if (f == PageFrame.ALLOCATED && PageFrame.owner(p) == owner) {
                    sum += 1L << PageFrame.order(p);
                }
                p += 1L << PageFrame.order(p);
            } else {
                p++;
            }
        }
        return sum;
    }

    /** Saves the allocator's state (one slot; the database itself is not copied). */
    public static void save() {
        if (saved) {
            Panic.panic("buddy: save while a saved state exists");
        }
        savedReady = ready;
        savedBase = PageFrame.base();
        savedFirstPfn = firstPfn;
        savedEndPfn = endPfn;
        savedManaged = managed;
        savedFreePages = freePages;
        for (int k = 0; k < MAX_ORDER; k++) {
            SAVED_HEAD[k] = HEAD[k];
            SAVED_BLOCKS[k] = BLOCKS[k];
        }
        for (int o = 0; o < Owner.COUNT; o++) {
            SAVED_USED[o] = USED[o];
            SAVED_PEAK[o] = PEAK[o];
            SAVED_FAILS[o] = FAILS[o];
            SAVED_LIMIT[o] = LIMIT[o];
        }
        saved = true;
    }

    /** Restores what {@link #save} saved (the database must not have been changed meanwhile). */
    public static void restore() {
        if (!saved) {
            Panic.panic("buddy: restore without a saved state");
        }
        ready = savedReady;
        PageFrame.place(savedBase, savedFirstPfn);
        firstPfn = savedFirstPfn;
        endPfn = savedEndPfn;
        managed = savedManaged;
        freePages = savedFreePages;
        for (int k = 0; k < MAX_ORDER; k++) {
            HEAD[k] = SAVED_HEAD[k];
            BLOCKS[k] = SAVED_BLOCKS[k];
        }
        for (int o = 0; o < Owner.COUNT; o++) {
            USED[o] = SAVED_USED[o];
            PEAK[o] = SAVED_PEAK[o];
            FAILS[o] = SAVED_FAILS[o];
            LIMIT[o] = SAVED_LIMIT[o];
        }
        saved = false;
    }

    /** Whether a saved state is waiting for restore (a private instance is running). */
    public static boolean saved() {
        return saved;
    }

    /** Puts the block at {@code pfn} (page states: not marked) on a free list, merging buddies. */
    private static void release(long pfn, int order) {
        freePages += 1L << order;
        while (order < MAX_ORDER - 1) {
            long buddy = pfn ^ (1L << order);
            if (buddy < firstPfn || buddy >= endPfn) {
                break;
            }
            if (PageFrame.flags(buddy) != PageFrame.FREE || PageFrame.order(buddy) != order) {
                break;
            }
            unlink(buddy, order);
            PageFrame.setHead(buddy, 0, 0, 0);      // now inside the merged block
            pfn = Math.min(pfn, buddy);
            order++;
        }
        PageFrame.setHead(pfn, PageFrame.FREE, order, 0);
        push(pfn, order);
    }

    private static void push(long pfn, int order) {
        long head = HEAD[order];
        PageFrame.setNext(pfn, head);
        PageFrame.setPrev(pfn, NONE);
        if (head != NONE) {
            PageFrame.setPrev(head, pfn);
        }
        HEAD[order] = pfn;
        BLOCKS[order]++;
    }

    private static void unlink(long pfn, int order) {
        long next = PageFrame.next(pfn);
        long prev = PageFrame.prev(pfn);
        if (prev == NONE) {
            HEAD[order] = next;
        } else {
            PageFrame.setNext(prev, next);
        }
        if (next != NONE) {
            PageFrame.setPrev(next, prev);
        }
        BLOCKS[order]--;
    }
}
