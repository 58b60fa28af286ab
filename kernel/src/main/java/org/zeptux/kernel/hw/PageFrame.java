package org.zeptux.kernel.hw;

import org.zeptux.rt.Address;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * The page frame database's record: 16 bytes per physical page of the range a {@link Zone}
 * manages, in an array memblock allocated ({@link Memblock#PAGE_FRAME_DB}) or, for a test's
 * zone, a block of the kernel's.
 *
 * <pre>
 * +0   i32  next   free-list link: the next free block's page frame number, or NONE
 * +4   i32  prev   the previous one, or NONE
 * +8   u8   flags  FREE (head of a free block), ALLOCATED (head of an allocated block),
 *                  RESERVED (never the buddy allocator's), PERCPU (a free page in a CPU's
 *                  list, Zone's per-CPU page lists), or 0 (a page inside a block)
 * +9   u8   order  of the block this page heads
 * +10  u16  owner  of the allocated block this page heads (Owner ids)
 * +12  u32  maps   of an allocated single page mapped into user address spaces: how many map
 *                  it (copy-on-write sharing); 0 otherwise
 * </pre>
 *
 * Records are read and written through the struct view {@link Record}; only the zone computes
 * their addresses ({@code Zone.frame}). Page frame numbers are below 2^31 (8 TiB of memory) so
 * a link fits.
 */
public final class PageFrame {
    private PageFrame() {}

    public static final int SIZE = 16;
    public static final int FREE = 1;
    public static final int ALLOCATED = 2;
    public static final int RESERVED = 4;
    public static final int PERCPU = 8;
    /** The end of a free list. */
    public static final long NONE = -1;

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

        @Offset(8) byte flags();

        void flags(byte v);

        @Offset(9) byte order();

        void order(byte v);

        @Offset(10) char owner();

        void owner(char v);

        @Offset(12) int spare();

        void spare(int v);
    }

    /** Record {@code index} of the database at {@code database}. */
    private static Record at(Address database, long index) {
        return Structs.at(database.plus(index * SIZE), Record.class);
    }

    /** The next block's frame number in record {@code index}'s free list (or NONE as an int). */
    public static int next(Address database, long index) {
        return at(database, index).next();
    }

    public static void setNext(Address database, long index, int next) {
        at(database, index).next(next);
    }

    /** The previous block's frame number in record {@code index}'s free list. */
    public static int prev(Address database, long index) {
        return at(database, index).prev();
    }

    public static void setPrev(Address database, long index, int prev) {
        at(database, index).prev(prev);
    }

    /** Record {@code index}'s flags (FREE, ALLOCATED, RESERVED), 0..255. */
    public static int flags(Address database, long index) {
        return at(database, index).flags() & 0xFF;
    }

    public static void setFlags(Address database, long index, int flags) {
        at(database, index).flags((byte) flags);
    }

    /** The order of the block record {@code index} heads, 0..255. */
    public static int order(Address database, long index) {
        return at(database, index).order() & 0xFF;
    }

    public static void setOrder(Address database, long index, int order) {
        at(database, index).order((byte) order);
    }

    /** The owner of the block record {@code index} heads. */
    public static int owner(Address database, long index) {
        return at(database, index).owner();
    }

    public static void setOwner(Address database, long index, int owner) {
        at(database, index).owner((char) owner);
    }

    public static void setSpare(Address database, long index, int spare) {
        at(database, index).spare(spare);
    }

    /** Record {@code index}'s mapping count (the spare word). */
    public static int spare(Address database, long index) {
        return at(database, index).spare();
    }
}
