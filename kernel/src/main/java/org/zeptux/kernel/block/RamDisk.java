package org.zeptux.kernel.block;

import org.zeptux.kernel.hw.FilePages;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.PhysAddr;

/**
 * A block device in memory (Linux's brd): up to {@link #maxPages} pages, each allocated from the
 * buddy allocator for {@link #owner} the first time a write reaches it. A page never written
 * reads as zeros and holds no memory, so a large, mostly empty disk costs what is on it.
 * {@link #discard} gives every page back. The pages are found through index pages (512 physical
 * addresses each, made as writes reach them, charged to the same owner) listed in a small array
 * made at build time, so a disk costs the image 8 bytes per 2 MiB of capacity; the lock guards
 * them, and copies are made outside it (a page, once there, stays until {@link #discard}).
 *
 * <p>Writes that find no memory for a new page fail with -EIO, as a failing disk's would.
 */
public final class RamDisk extends BlockDevice {
    private final String name;
    private final int dev;
    private final int owner;
    /** Physical address of each index page (512 words: the data pages' addresses, 0 for none), 0 for none; under {@link #lock}. */
    private final long[] index;
    private final int maxPages;
    /** Its size in sectors (at most maxPages * 8); set by {@link #resize}. */
    private long sectors;
    private final SpinLock lock;

    public RamDisk(String name, int dev, int maxPages, int owner) {
        this.name = name;
        this.dev = dev;
        this.owner = owner;
        this.maxPages = maxPages;
        this.index = new long[(maxPages + FilePages.WORDS - 1) / FilePages.WORDS];
        this.lock = new SpinLock("ramdisk");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dev() {
        return dev;
    }

    @Override
    public long sectors() {
        return sectors;
    }

    /** Its capacity in bytes. */
    public long capacity() {
        return (long) maxPages * FilePages.PAGE;
    }

    /** Sets its size to {@code bytes} (rounded down to sectors, at most the capacity); the pages past it go. */
    public void resize(long bytes) {
        long s = Math.min(bytes, capacity()) / SECTOR;
        lock.lock();
        sectors = s;
        lock.unlock();
        int keep = (int) ((s * SECTOR + FilePages.PAGE - 1) / FilePages.PAGE);
        for (int i = keep; i < maxPages; i++) {
            drop(i);
        }
    }

    /** Gives every page back and makes the size 0. */
    public void discard() {
        resize(0);
    }

    /** Pages it holds (data and index pages). */
    public long pagesHeld() {
        long n = 0;
        for (int k = 0; k < index.length; k++) {
            if (index[k] != 0) {
                n++;
                for (int i = 0; i < FilePages.WORDS; i++) {
                    if (FilePages.load64(PhysAddr.of(index[k]), i) != 0) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Frees data page {@code i} if there is one (its index page once it holds none). */
    private void drop(int i) {
        int k = i / FilePages.WORDS;
        lock.lock();
        long ix = index[k];
        long p = 0;
        boolean empty = false;
        if (ix != 0) {
            p = FilePages.load64(PhysAddr.of(ix), i % FilePages.WORDS);
            FilePages.store64(PhysAddr.of(ix), i % FilePages.WORDS, 0);
            empty = true;
            for (int w = 0; w < FilePages.WORDS && empty; w++) {
                empty = FilePages.load64(PhysAddr.of(ix), w) == 0;
            }
            if (empty) {
                index[k] = 0;
            }
        }
        lock.unlock();
        if (p != 0) {
            Buddy.free(PhysAddr.of(p), 0, owner);
        }
        if (empty) {
            Buddy.free(PhysAddr.of(ix), 0, owner);
        }
    }

    /** The page holding sector {@code sector}, made (zeroed, with its index page) when {@code make}; 0 when there is none. */
    private long page(long sector, boolean make) {
        int i = (int) (sector / (FilePages.PAGE / SECTOR));
        int k = i / FilePages.WORDS;
        lock.lock();
        long ix = index[k];
        long p = ix == 0 ? 0 : FilePages.load64(PhysAddr.of(ix), i % FilePages.WORDS);
        lock.unlock();
        if (p != 0 || !make) {
            return p;
        }
        PhysAddr fresh = Buddy.alloc(0, owner);
        PhysAddr freshIndex = ix == 0 ? Buddy.alloc(0, owner) : null;
        if (fresh == null || ix == 0 && freshIndex == null) {
            if (fresh != null) {
                Buddy.free(fresh, 0, owner);
            }
            if (freshIndex != null) {
                Buddy.free(freshIndex, 0, owner);
            }
            return 0;
        }
        FilePages.zero(fresh, 0, 0, FilePages.PAGE);
        if (freshIndex != null) {
            FilePages.zero(freshIndex, 0, 0, FilePages.PAGE);
        }
        lock.lock();
        if (index[k] == 0) {
            index[k] = freshIndex.toLong();
            freshIndex = null;
        }
        ix = index[k];
        p = FilePages.load64(PhysAddr.of(ix), i % FilePages.WORDS);
        if (p == 0) {
            FilePages.store64(PhysAddr.of(ix), i % FilePages.WORDS, fresh.toLong());
            p = fresh.toLong();
            fresh = null;
        }
        lock.unlock();
        if (fresh != null) {
            Buddy.free(fresh, 0, owner);            // another writer made it first
        }
        if (freshIndex != null) {
            Buddy.free(freshIndex, 0, owner);
        }
        return p;
    }

    @Override
    public int transfer(boolean write, long sector, PhysAddr page, int offset, int length) {
        int e = checkRange(sector, offset, length);
        if (e < 0) {
            return e;
        }
        int done = 0;
        while (done < length) {
            long s = sector + done / SECTOR;
            int within = (int) (s % (FilePages.PAGE / SECTOR)) * SECTOR;
            int n = Math.min(length - done, FilePages.PAGE - within);
            long p = page(s, write);
            if (write) {
                if (p == 0) {
                    return -5;                      // EIO: no memory for the page
                }
                copy(page, offset + done, PhysAddr.of(p), within, n);
            } else if (p == 0) {
                FilePages.zero(page, 0, offset + done, n);
            } else {
                copy(PhysAddr.of(p), within, page, offset + done, n);
            }
            done += n;
        }
        return 0;
    }

    /** Bounce buffer for page-to-page copies, one per disk; guarded by {@link #copyLock}. */
    private final byte[] bounce = new byte[SECTOR];
    private final SpinLock copyLock = new SpinLock("ramdisk copy");

    private void copy(PhysAddr from, int fromOffset, PhysAddr to, int toOffset, int n) {
        copyLock.lock();
        for (int k = 0; k < n; k += SECTOR) {
            FilePages.read(from, 0, fromOffset + k, bounce, 0, SECTOR);
            FilePages.write(to, 0, toOffset + k, bounce, 0, SECTOR);
        }
        copyLock.unlock();
    }
}
