package org.zeptux.kernel.mm.pool;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Address;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.RawObjects;

/**
 * Large byte buffers made at run time (a module archive read from disk, a module's image
 * being laid out): one {@code byte[]} per buddy block, charged to the caller's {@link Owner},
 * for sizes a {@link Pool}'s slabs do not suit. Safe code gets an ordinary Java array, so
 * every access is bounds-checked.
 *
 * <p>A buffer's header (class word, length) is at the start of its block and its elements
 * follow. {@link #free} sets the length to 0 before the block goes back, so a stale
 * reference's next access fails its bounds check, as long as the block has not been handed
 * out again: unlike a pool's slabs, buffer blocks are not type-stable, so keep a buffer's use
 * within the operation that allocated it.
 */
public final class Buffers {
    private Buffers() {}

    static final int HEADER = 16;
    static final int MAX_ORDER = Buddy.MAX_ORDER - 1;
    private static final Class<byte[]> BYTES = byte[].class;

    /** The largest buffer, in bytes: a block of the largest order less its header. */
    public static final int MAX_LENGTH = (int) ((Phys.PAGE_SIZE << MAX_ORDER) - HEADER);

    /**
     * A zeroed {@code byte[length]} charged to {@code owner}, or null when the owner's limit or
     * free memory does not allow it, or {@code length} is negative or above {@link #MAX_LENGTH}.
     */
    public static byte[] bytes(int length, int owner) {
        if (length < 0 || length > MAX_LENGTH) {
            return null;
        }
        int order = orderFor(length);
        PhysAddr phys = Buddy.alloc(order, owner);
        if (phys == null) {
            return null;
        }
        Address at = Phys.virt(phys);
        long end = HEADER + (long) length;
        for (long off = 0; off < end; off += 8) {
            at.store64(off, 0);
        }
        return RawObjects.placeArray(at, BYTES, length);
    }

    /** Returns {@code buffer}, which {@link #bytes} made for {@code owner}; a buffer freed already is a panic. */
    public static void free(byte[] buffer, int owner) {
        if (buffer == null) {
            Panic.panic("buffers: free of null");
        }
        int length = buffer.length;
        if (RawObjects.classWord(buffer) != RawObjects.classWord(BYTES) || (length == 0 && freed(buffer))) {
            Panic.panic("buffers: free of a buffer that is not live");
        }
        Address at = RawObjects.addressOf(buffer);
        RawObjects.setLength(buffer, 0);
        at.store32(12, 0xDEAD);                     // freed: a zero-length buffer of ours has 0 here
        Buddy.free(Phys.phys(at), orderFor(length), owner);
    }

    private static boolean freed(byte[] buffer) {
        return RawObjects.addressOf(buffer).load32(12) == 0xDEAD;
    }

    private static int orderFor(int length) {
        long pages = (HEADER + (long) length + Phys.PAGE_SIZE - 1) >>> Phys.PAGE_SHIFT;
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }
}
