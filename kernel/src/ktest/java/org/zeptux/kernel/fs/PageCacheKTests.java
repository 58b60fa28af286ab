package org.zeptux.kernel.fs;

import org.zeptux.kernel.block.RamDisk;
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
 * never taken, everything given back by invalidate; in both worlds.
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
}
