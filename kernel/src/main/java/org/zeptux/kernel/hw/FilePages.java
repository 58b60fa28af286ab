package org.zeptux.kernel.hw;

import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Address;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Platform;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.UserPtr;

/**
 * The bytes of the pages the kernel keeps data in — tmpfs file data and its index pages, pipe
 * buffers — reached through the direct map: copies between a block of 2^order pages and kernel
 * arrays or user memory, and the 512 words of an index page. Every offset and length is checked
 * against the block and the array, so a caller can at worst name the wrong block of its own;
 * which blocks it holds (allocated from the buddy allocator, charged to an owner) is the safe
 * caller's business ({@code fs.TmpFs}, {@code proc.Pipe}).
 */
public final class FilePages {
    private FilePages() {}

    public static final int PAGE = (int) Phys.PAGE_SIZE;
    /** Words in an index page. */
    public static final int WORDS = PAGE / 8;

    private static long at(PhysAddr block, int order, int offset, int n) {
        long size = (long) PAGE << order;
        if (order < 0 || order > 10 || offset < 0 || n < 0 || offset > size - n) {
            throw new ArrayIndexOutOfBoundsException("a page copy outside its block");
        }
        return Phys.virt(block).toLong() + offset;
    }

    private static long elements(byte[] array, int at, int n) {
        if (at < 0 || n < 0 || at > array.length - n) {
            throw new ArrayIndexOutOfBoundsException("a page copy outside the array");
        }
        return Memory.addressOf(array) + 16 + at;
    }

    /** Fills bytes [{@code offset}, {@code offset + n}) of the block with zeros. */
    public static void zero(PhysAddr block, int order, int offset, int n) {
        Builtins.memset(at(block, order, offset, n), 0, n);
    }

    /** Copies {@code n} bytes of the block from {@code offset} into {@code dst[at..]}. */
    public static void read(PhysAddr block, int order, int offset, byte[] dst, int at, int n) {
        long from = at(block, order, offset, n);
        if (Platform.simulated()) {
            // The JVM's simulated memory holds a copy of an array, not the array: element by element.
            for (int i = 0; i < n; i++) {
                dst[at + i] = (byte) Memory.load8(from + i);
            }
            return;
        }
        Builtins.memcpy(elements(dst, at, n), from, n);
    }

    /** Copies {@code src[at..at+n)} into the block at {@code offset}. */
    public static void write(PhysAddr block, int order, int offset, byte[] src, int at, int n) {
        long to = at(block, order, offset, n);
        if (Platform.simulated()) {
            if (at < 0 || n < 0 || at > src.length - n) {
                throw new ArrayIndexOutOfBoundsException("a page copy outside the array");
            }
            for (int i = 0; i < n; i++) {
                Memory.store8(to + i, src[at + i]);
            }
            return;
        }
        Builtins.memcpy(to, elements(src, at, n), n);
    }

    /**
     * Copies {@code n} bytes of the block from {@code offset} to user {@code dst}; returns how many
     * were copied before a fault (n: all; 0 at once: -EFAULT for the caller).
     */
    public static int copyToUser(UserPtr dst, PhysAddr block, int order, int offset, int n) {
        return UserAccess.copyToUser(dst, at(block, order, offset, n), n);
    }

    /** Copies {@code n} bytes from user {@code src} into the block at {@code offset}; how many before a fault. */
    public static int copyFromUser(PhysAddr block, int order, int offset, UserPtr src, int n) {
        return UserAccess.copyFromUser(at(block, order, offset, n), src, n);
    }

    /** Word {@code index} (0 .. 511) of index page {@code page}. */
    public static long load64(PhysAddr page, int index) {
        return Address.of(at(page, 0, 8 * checkIndex(index), 8)).load64();
    }

    /** Sets word {@code index} (0 .. 511) of index page {@code page}. */
    public static void store64(PhysAddr page, int index, long value) {
        Address.of(at(page, 0, 8 * checkIndex(index), 8)).store64(0, value);
    }

    private static int checkIndex(int index) {
        if (index < 0 || index >= WORDS) {
            throw new ArrayIndexOutOfBoundsException("an index-page word outside the page");
        }
        return index;
    }
}
