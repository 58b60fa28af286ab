package org.zeptux.kernel.mm;

import org.zeptux.rt.PhysAddr;

/**
 * The kernel's physical page allocator: its one {@link Zone}, {@link #ZONE}, an image-heap
 * object made at build time, and static methods that delegate to it for the kernel's callers
 * (page tables, modules, pools). The allocator itself, its invariants and its failure contract
 * are {@link Zone}'s; tests build zones of their own ({@link BuddyArena}) instead of borrowing
 * this one.
 *
 * <p>Lifecycle: {@code MemInit} calls {@code ZONE.init} over the page frame database and
 * {@code ZONE.addFree} for every free range memblock hands over; from then on {@link #alloc}
 * and {@link #free}.
 */
public final class Buddy {
    private Buddy() {}

    /** Orders 0 .. MAX_ORDER - 1 ({@link Zone#MAX_ORDER}). */
    public static final int MAX_ORDER = Zone.MAX_ORDER;

    /** The kernel's zone: all RAM the direct map reaches. */
    public static final Zone ZONE = new Zone();

    /**
     * Allocates 2^{@code order} contiguous pages for {@code owner}: the physical address of the
     * first, or null over the owner's limit or with no block free ({@link Zone#alloc}); before
     * failing for want of memory it has the page cache give back clean pages ({@link Reclaim}).
     */
    public static PhysAddr alloc(int order, int owner) {
        PhysAddr p = ZONE.alloc(order, owner);
        if (p == null && owner != Owner.PAGE_CACHE && !overLimit(order, owner)
                && Reclaim.shrink((1L << order) + 32) > 0) {
            p = ZONE.alloc(order, owner);          // clean page-cache pages given back: once more
        }
        return p;
    }

    private static boolean overLimit(int order, int owner) {
        long limit = ZONE.limit(owner);
        return limit != Zone.NO_LIMIT && ZONE.used(owner) + (1L << order) > limit;
    }

    /** Frees what {@link #alloc} returned, with its order and owner; anything else panics ({@link Zone#free}). */
    public static void free(PhysAddr phys, int order, int owner) {
        ZONE.free(phys, order, owner);
    }

    /** How many user address spaces map the allocated page {@code phys} ({@link Zone#mapCount}). */
    public static int mapCount(PhysAddr phys) {
        return ZONE.mapCount(phys);
    }

    /** Sets {@link #mapCount}. */
    public static void setMapCount(PhysAddr phys, int count) {
        ZONE.setMapCount(phys, count);
    }

    /** Sets {@code owner}'s hard limit in pages ({@link Zone#NO_LIMIT} for none). */
    public static void setLimit(int owner, long pages) {
        ZONE.setLimit(owner, pages);
    }

    /** The pages {@code owner} holds. */
    public static long used(int owner) {
        return ZONE.used(owner);
    }

    /** The free pages. */
    public static long freePages() {
        return ZONE.freePages();
    }
}
