package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.BlockDevice;
import org.zeptux.kernel.block.RamDisk;
import org.zeptux.kernel.block.Request;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.Zone;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * The page cache over a RAM disk of the tests' own (1 MiB, owner test): pages read from the
 * device, written back when dirty, kept to the owner's limit by reclaim (dirty pages written
 * before they go, nothing lost), a page used twice promoted to the active list, pinned pages
 * never taken, everything given back by invalidate; a sequential reader's windows read ahead
 * asynchronously over a disk that queues its reads; in both worlds.
 */
public final class PageCacheKTests {
    private PageCacheKTests() {}

    static final RamDisk DISK = new RamDisk("pcktest", (254 << 8) | 1, 256, Owner.TEST);
    private static final byte[] BUF = new byte[64];

    private static void fresh() {
        BuddyArena.live();
        DISK.discard();
        DISK.resize(256L * 4096);
    }

    @KTest
    static void reclaimKeepsTheLimitAndLosesNoWrite() {
        fresh();
        long before = Buddy.used(Owner.PAGE_CACHE);
        long steal = PageCache.pgsteal();
        Buddy.setLimit(Owner.PAGE_CACHE, before + 16);
        for (int i = 0; i < 64; i++) {              // four times the limit, every page written
            PageCache.Page p = PageCache.get(DISK, i, true);
            Check.isTrue(p != null, "a page under the limit, by reclaim");
            if (p == null) {
                break;
            }
            BUF[0] = (byte) i;
            BUF[1] = (byte) (i * 3);
            PageCache.write(p, 100, BUF, 0, 2);
            PageCache.put(p);
            Check.isTrue(Buddy.used(Owner.PAGE_CACHE) <= before + 16, "the limit holds");
        }
        Check.isTrue(PageCache.pgsteal() - steal >= 48, "pages were reclaimed");
        for (int i = 0; i < 64; i++) {              // every write is on the disk or in the cache
            PageCache.Page p = PageCache.get(DISK, i, true);
            PageCache.read(p, 100, BUF, 0, 2);
            Check.equal(i & 0xFF, BUF[0] & 0xFF, "first byte back");
            Check.equal((i * 3) & 0xFF, BUF[1] & 0xFF, "second byte back");
            PageCache.put(p);
        }
        Check.equal(0, PageCache.invalidate(DISK, true), "nothing pinned stays");
        Check.equal(before, Buddy.used(Owner.PAGE_CACHE), "every page back");
        Buddy.setLimit(Owner.PAGE_CACHE, Zone.NO_LIMIT);
        DISK.discard();
    }

    @KTest
    static void aSecondUsePromotesAndPinnedPagesStay() {
        fresh();
        long before = Buddy.used(Owner.PAGE_CACHE);
        long active = PageCache.activePages();
        PageCache.Page a = PageCache.get(DISK, 0, true);
        PageCache.put(a);
        Check.equal(active, PageCache.activePages(), "a new page is inactive");
        a = PageCache.get(DISK, 0, true);
        PageCache.put(a);
        a = PageCache.get(DISK, 0, true);
        PageCache.put(a);
        Check.equal(active + 1, PageCache.activePages(), "used again: active");
        PageCache.Page pinned = PageCache.get(DISK, 1, true);
        PageCache.shrink(1000);
        Check.isTrue(Buddy.used(Owner.PAGE_CACHE) >= before + 1, "the pinned page stays through reclaim");
        PageCache.Page again = PageCache.get(DISK, 1, true);
        Check.isTrue(again == pinned, "the same page");
        PageCache.put(again);
        PageCache.put(pinned);
        PageCache.shrink(1000);
        Check.equal(before, Buddy.used(Owner.PAGE_CACHE), "reclaim takes the rest once unpinned");
        DISK.discard();
    }

    @KTest
    static void syncWritesDirtyPagesToTheDevice() {
        fresh();
        long dirty = PageCache.dirtyPages();
        PageCache.Page p = PageCache.get(DISK, 7, false);
        for (int i = 0; i < BUF.length; i++) {
            BUF[i] = (byte) (0xA0 + i);
        }
        PageCache.write(p, 4000, BUF, 0, BUF.length - 8);
        PageCache.put(p);
        Check.equal(dirty + 1, PageCache.dirtyPages(), "dirty");
        Check.equal(0, PageCache.sync(DISK, Long.MAX_VALUE, true), "synced");
        Check.equal(dirty, PageCache.dirtyPages(), "clean again");
        PageCache.invalidate(DISK, false);
        p = PageCache.get(DISK, 7, true);             // read from the device
        PageCache.read(p, 4000, BUF, 0, 8);
        Check.equal(0xA0, BUF[0] & 0xFF, "the device has it");
        Check.equal(0xA7, BUF[7] & 0xFF, "all of it");
        PageCache.put(p);
        PageCache.invalidate(DISK, false);
        DISK.discard();
    }

    /**
     * {@link #DISK} behind a request queue, as a disk controller has one: {@code startRead} takes a
     * request and moves nothing yet; {@code awaitRead} moves the pages then, or fails them with
     * EIO when {@link #failNext} says so. Synchronous transfers go straight to the RAM disk.
     */
    static final class QueuedDisk extends BlockDevice {
        final Request[] requests = {new Request(), new Request(), new Request(), new Request(), new Request()};
        int started;
        int awaited;
        int inFlight;
        int mostInFlight;
        boolean failNext;

        @Override
        public String name() {
            return "pcqueued";
        }

        @Override
        public int dev() {
            return (254 << 8) | 2;
        }

        @Override
        public long sectors() {
            return DISK.sectors();
        }

        @Override
        public int transfer(boolean write, long sector, org.zeptux.rt.PhysAddr page, int offset, int length) {
            return DISK.transfer(write, sector, page, offset, length);
        }

        @Override
        public Request startRead(long sector, long[] pages, int count) {
            if (checkPages(sector, pages, count) != 0) {
                return null;
            }
            for (int i = 0; i < requests.length; i++) {
                Request r = requests[i];
                if (r.state == Request.FREE) {
                    r.state = Request.ACTIVE;
                    r.lba = sector;
                    r.count = count;
                    r.pages = pages;
                    started++;
                    inFlight++;
                    mostInFlight = Math.max(mostInFlight, inFlight);
                    return r;
                }
            }
            return null;
        }

        @Override
        public int awaitRead(Request r) {
            Check.isTrue(r.state == Request.ACTIVE, "a request awaited once");
            int e = failNext ? -5 : DISK.transferPages(false, r.lba, r.pages, r.count);
            failNext = false;
            r.state = Request.FREE;
            r.pages = null;
            awaited++;
            inFlight--;
            return e;
        }
    }

    static final QueuedDisk QUEUED = new QueuedDisk();
    static final Inode READER = new Inode();

    /** Writes page i's first word as i + 1000 on the RAM disk, for pages [0, n). */
    private static void numberPages(int n) {
        for (int i = 0; i < n; i++) {
            PageCache.Page p = PageCache.get(DISK, i, false);
            BUF[0] = (byte) (i + 1000);
            BUF[1] = (byte) ((i + 1000) >> 8);
            PageCache.write(p, 0, BUF, 0, 2);
            PageCache.put(p);
        }
        Check.equal(0, PageCache.sync(DISK, Long.MAX_VALUE, false), "numbered");
        Check.equal(0, PageCache.invalidate(DISK, false), "the RAM disk's pages out of the cache");
    }

    /** A reader that has read nothing, and the queued disk's counts at 0. */
    private static void freshReader() {
        READER.forgetReads();
        QUEUED.started = 0;
        QUEUED.awaited = 0;
        QUEUED.mostInFlight = 0;
    }

    /** Page {@code i} of the queued disk for the sequential reader: its number checked. */
    private static boolean readNumbered(int i) {
        PageCache.Page p = PageCache.getSequential(QUEUED, i, READER, i == 0);
        if (p == null) {
            Check.isTrue(false, "a page for the sequential reader");
            return false;
        }
        PageCache.read(p, 0, BUF, 0, 2);
        PageCache.put(p);
        Check.equal(i + 1000, (BUF[0] & 0xFF) | (BUF[1] & 0xFF) << 8, "the page's own bytes");
        return true;
    }

    @KTest
    static void readaheadReadsAheadOfASequentialReaderWithoutWaiting() {
        fresh();
        long before = Buddy.used(Owner.PAGE_CACHE);
        numberPages(200);
        freshReader();
        long requests = PageCache.readRequests();
        for (int i = 0; i < 200; i++) {
            if (!readNumbered(i)) {
                break;
            }
            // Every window but the first was started before the reader needed it, and at most one is out.
            Check.isTrue(QUEUED.started - QUEUED.awaited <= 1, "one window ahead at a time");
        }
        Check.isTrue(QUEUED.started >= 6, "the windows after the first went without waiting");
        Check.equal(1, QUEUED.mostInFlight, "a reader has one window in flight");
        Check.isTrue(PageCache.readRequests() - requests <= 1 + QUEUED.started, "one request a window");
        Check.isTrue(QUEUED.awaited >= QUEUED.started - 1, "every window needed was waited for once");
        Check.equal(0, PageCache.invalidate(QUEUED, false), "invalidate settles the window in flight first");
        Check.equal(QUEUED.started, QUEUED.awaited, "every request awaited");
        Check.equal(before, Buddy.used(Owner.PAGE_CACHE), "every page back");
        DISK.discard();
    }

    @KTest
    static void aFailedWindowIsDroppedAndItsPagesReadAgain() {
        fresh();
        long before = Buddy.used(Owner.PAGE_CACHE);
        numberPages(64);
        freshReader();
        readNumbered(0);                            // the first window read at once, the second started
        Check.equal(1, QUEUED.started - QUEUED.awaited, "a window in flight");
        QUEUED.failNext = true;
        long errors = PageCache.misses();
        for (int i = 1; i < 64; i++) {              // its failure is not the reader's: the pages come again
            if (!readNumbered(i)) {
                break;
            }
        }
        Check.isTrue(PageCache.misses() > errors, "the failed window's pages were read again");
        Check.equal(0, PageCache.invalidate(QUEUED, false), "nothing stays");
        Check.equal(QUEUED.started, QUEUED.awaited, "every request awaited");
        Check.equal(before, Buddy.used(Owner.PAGE_CACHE), "the failed window's pages were given back");
        DISK.discard();
    }
}
