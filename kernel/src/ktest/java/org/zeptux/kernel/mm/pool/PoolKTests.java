package org.zeptux.kernel.mm.pool;

import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.PoolStress;
import org.zeptux.kernel.mm.Zone;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;
import org.zeptux.rt.RawObjects;

/**
 * Kernel tests of the object pools and buffers, on the live allocator (pools touch their
 * pages, so a made-up BuddyArena range will not do) with the test owner, whose pages each
 * test gives back.
 */
public final class PoolKTests {
    private PoolKTests() {}

    /** A small object: class word, a long, an int and a reference (32 bytes compiled). */
    static final class Node {
        long stamp;
        int value;
        Node next;
    }

    static final Pool<Node> NODES = Pool.of("ktest-nodes", Node.class, Owner.TEST);
    static final Pool<byte[]> SECTORS = Pool.ofBytes("ktest-sectors", 512, Owner.TEST);

    @KTest
    static void objectsStartZeroedAndTheirSlabGoesBackWithTheLastFree() {
        BuddyArena.live();
        long before = Buddy.used(Owner.TEST);
        Node a = NODES.alloc();
        Check.isTrue(a != null, "allocated");
        Check.equal(0, a.stamp, "a new object's long is zero");
        Check.isTrue(a.next == null, "its reference is null");
        Check.equal(32, NODES.objectSize(), "class word, long, int (padded), reference");
        a.stamp = 7;
        a.value = -1;
        Node b = NODES.alloc();
        b.next = a;
        Check.equal(7, b.next.stamp, "objects hold their fields");
        Check.isTrue(RawObjects.addressOf(a).toLong() != RawObjects.addressOf(b).toLong(), "two objects, two places");
        Check.equal(2, NODES.active(), "two live objects");
        Check.equal(1, NODES.slabs(), "in one slab");
        Check.equal(before + (1L << NODES.order()), Buddy.used(Owner.TEST), "the slab's pages are the owner's");
        NODES.free(a);
        Node c = NODES.alloc();
        Check.equal(0, c.stamp, "a reused slot is zeroed again");
        Check.equal(0, c.value, "every field");
        NODES.free(b);
        NODES.free(c);
        Check.equal(0, NODES.active(), "nothing live");
        Check.equal(1, NODES.slabs(), "the freed objects wait in this CPU's cache, in their slab");
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        Check.equal(0, NODES.slabs(), "the empty slab went back");
        Check.equal(before, Buddy.used(Owner.TEST), "the owner holds no page");
        Check.equal(0, Buddy.ZONE.verify(), "verify");
    }

    @KTest
    static void aMillionMixedOperationsKeepEveryObjectIntactAndReturnEveryPage() {
        BuddyArena.live();
        long before = Buddy.used(Owner.TEST);
        Check.equal(0, PoolStress.run(1_000_000, 12345), "every invariant held");
        Check.equal(0, PoolStress.ITEMS.slabs(), "no slab left");
        Check.equal(before, Buddy.used(Owner.TEST), "every page returned");
        Check.equal(0, Buddy.ZONE.verify(), "verify");
    }

    @KTest
    static void theOwnersLimitFailsAnAllocationAtOnce() {
        BuddyArena.live();
        long before = Buddy.used(Owner.TEST);
        Node first = NODES.alloc();
        long pagesPerSlab = 1L << NODES.order();
        Buddy.setLimit(Owner.TEST, before + pagesPerSlab);
        int made = 1;
        Node last = first;
        while (made < 1000) {
            Node n = NODES.alloc();
            if (n == null) {
                break;
            }
            n.next = last;
            last = n;
            made++;
        }
        Check.equal(NODES.perSlab(), made, "one slab's worth, then the limit");
        Check.equal(1, NODES.failures(), "the refusal is counted");
        Node spare = last.next;
        NODES.free(last);
        Node again = NODES.alloc();
        Check.isTrue(again != null, "a freed slot is allocated again under the limit");
        again.next = spare;
        for (Node n = again; n != null; ) {
            Node next = n.next;
            NODES.free(n);
            n = next;
        }
        Check.equal(0, NODES.active(), "all freed");
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        Check.equal(before, Buddy.used(Owner.TEST), "every page returned");
        Buddy.setLimit(Owner.TEST, Zone.NO_LIMIT);
    }

    @KTest
    static void buffersHaveTheirLengthAndComeBack() {
        BuddyArena.live();
        long before = Buddy.used(Owner.TEST);
        byte[] sector = SECTORS.alloc();
        Check.equal(512, sector.length, "a pool's arrays have the pool's length");
        sector[511] = 5;
        Check.equal(5, sector[511], "elements hold their values");
        byte[] other = SECTORS.alloc();
        Check.equal(0, other[511], "another buffer starts zeroed");
        SECTORS.free(sector);
        SECTORS.free(other);
        Buddy.drainAll(Buddy.DRAIN_POOLS);
        byte[] big = Buffers.bytes(100_000, Owner.TEST);
        Check.equal(100_000, big.length, "a large buffer");
        Check.equal(0, big[99_999], "zeroed");
        Check.equal(before + 32, Buddy.used(Owner.TEST), "in one 128 KiB block");
        Buffers.free(big, Owner.TEST);
        Check.equal(before, Buddy.used(Owner.TEST), "every page returned");
        Check.isTrue(Buffers.bytes(Buffers.MAX_LENGTH + 1, Owner.TEST) == null, "too large: null");
        Check.isTrue(Buffers.bytes(-1, Owner.TEST) == null, "negative: null");
    }
}
