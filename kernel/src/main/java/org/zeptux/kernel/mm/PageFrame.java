package org.zeptux.kernel.mm;

import org.zeptux.rt.Address;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

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
 * Records are read and written through the struct view {@link Record}; only {@link #record}
 * computes their addresses. Page frame numbers are below 2^31 (8 TiB of memory) so a link fits.
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

    /**
     * A record as a struct view: compiled, every call below is one load or store at its
     * offset from the record's address (docs/dialect.md, struct views).
     */
    @Struct(size = SIZE)
    public interface Record {
        @Offset(0) int next();

        void next(int v);

        @Offset(4) int prev();

        void prev(int v);

        @Offset(8) long head();                 // flags, order, owner and the spare word together

        void head(long v);

        @Offset(8) byte flags();

        void flags(byte v);

        @Offset(9) byte order();

        void order(byte v);

        @Offset(10) char owner();

        void owner(char v);

        @Offset(8) int headWord();              // flags, order and owner

        void headWord(int v);
    }

    /** Page {@code pfn}'s record. */
    public static Record at(long pfn) {
        return Structs.at(Address.of(record(pfn)), Record.class);
    }

    /** Sets the record to {@code flags}, everything else zero and the links NONE. */
    public static void clear(long pfn, int flags) {
        Record r = at(pfn);
        r.next((int) NONE);
        r.prev((int) NONE);
        r.head(flags);
    }

    public static long next(long pfn) {
        return at(pfn).next();
    }

    public static void setNext(long pfn, long next) {
        at(pfn).next((int) next);
    }

    public static long prev(long pfn) {
        return at(pfn).prev();
    }

    public static void setPrev(long pfn, long prev) {
        at(pfn).prev((int) prev);
    }

    public static int flags(long pfn) {
        return at(pfn).flags() & 0xFF;
    }

    public static void setFlags(long pfn, int flags) {
        at(pfn).flags((byte) flags);
    }

    public static int order(long pfn) {
        return at(pfn).order() & 0xFF;
    }

    public static void setOrder(long pfn, int order) {
        at(pfn).order((byte) order);
    }

    public static int owner(long pfn) {
        return at(pfn).owner();
    }

    public static void setOwner(long pfn, int owner) {
        at(pfn).owner((char) owner);
    }

    /** Sets flags, order and owner in one store. */
    public static void setHead(long pfn, int flags, int order, int owner) {
        at(pfn).headWord(flags | (order << 8) | (owner << 16));
    }
}
