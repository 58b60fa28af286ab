package org.zeptux.kernel.mem;

import org.zeptux.rt.Memory;

/**
 * The page frame database: one 16-byte record per physical page of the range the buddy
 * allocator manages, in an array memblock allocated ({@link Memblock#PAGE_FRAME_DB}).
 *
 * <pre>
 * +0   i32  next   free-list link: the next free block's page frame number, or NONE
 * +4   i32  prev   the previous one, or NONE
 * +8   u8   flags  FREE (head of a free block), ALLOCATED (head of an allocated block),
 *                  RESERVED (never the buddy allocator's), or 0 (a page inside a block)
 * +9   u8   order  of the block this page heads
 * +10  u16  owner  of the allocated block this page heads (Owner ids)
 * +12  u32  zero   (room for later: a reference count, a mapping count)
 * </pre>
 *
 * Only these accessors compute record addresses, so the class can become a struct view when
 * the dialect has them. Page frame numbers are below 2^31 (8 TiB of memory) so a link fits.
 */
public final class PageFrame {
    private PageFrame() {}

    public static final int SIZE = 16;
    public static final int FREE = 1;
    public static final int ALLOCATED = 2;
    public static final int RESERVED = 4;
    /** The end of a free list. */
    public static final long NONE = -1;

    private static long base;
    private static long firstPfn;

    /** Places the database at virtual {@code address}; its first record is page {@code pfn}'s. */
    public static void place(long address, long pfn) {
        base = address;
        firstPfn = pfn;
    }

    /** The database's virtual address. */
    public static long base() {
        return base;
    }

    /** The page frame number of the first record. */
    public static long firstPfn() {
        return firstPfn;
    }

    /** The address of page {@code pfn}'s record. */
    public static long record(long pfn) {
        return base + ((pfn - firstPfn) << 4);
    }

    /** Sets the record to {@code flags}, everything else zero and the links NONE. */
    public static void clear(long pfn, int flags) {
        long r = record(pfn);
        Memory.store64(r, -1L);
        Memory.store64(r + 8, flags);
    }

    public static long next(long pfn) {
        return Memory.load32(record(pfn));
    }

    public static void setNext(long pfn, long next) {
        Memory.store32(record(pfn), (int) next);
    }

    public static long prev(long pfn) {
        return Memory.load32(record(pfn) + 4);
    }

    public static void setPrev(long pfn, long prev) {
        Memory.store32(record(pfn) + 4, (int) prev);
    }

    public static int flags(long pfn) {
        return Memory.load8(record(pfn) + 8);
    }

    public static void setFlags(long pfn, int flags) {
        Memory.store8(record(pfn) + 8, flags);
    }

    public static int order(long pfn) {
        return Memory.load8(record(pfn) + 9);
    }

    public static void setOrder(long pfn, int order) {
        Memory.store8(record(pfn) + 9, order);
    }

    public static int owner(long pfn) {
        return Memory.load16(record(pfn) + 10);
    }

    public static void setOwner(long pfn, int owner) {
        Memory.store16(record(pfn) + 10, owner);
    }

    /** Sets flags, order and owner in one store. */
    public static void setHead(long pfn, int flags, int order, int owner) {
        Memory.store32(record(pfn) + 8, flags | (order << 8) | (owner << 16));
    }
}
