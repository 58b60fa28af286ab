package org.zeptux.kernel.hw;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.Count;
import org.zeptux.rt.Embedded;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * Struct views grown up: pointer fields, indexed fields, embedded structs and unboxed
 * physical types, over image-heap storage ({@code Structs.over}); the same results in both
 * worlds (compiled: loads and stores; on the JVM: proxies over simulated memory, where the
 * storage arrays are copied on first use, so they are read only through views and addresses).
 */
public final class StructKTests {
    private StructKTests() {}

    /** A list node: a link, a frame, a small table. */
    @Struct(size = 48)
    interface Node {
        @Offset(0) Node next();

        void next(Node v);

        @Offset(8) PhysAddr frame();

        void frame(PhysAddr v);

        @Offset(16) @Count(4) int word(int i);

        void word(int i, int v);

        @Offset(32) @Embedded @Count(2) Slot slot(int i);
    }

    /** Eight bytes inside a node. */
    @Struct(size = 8)
    interface Slot {
        @Offset(0) Pfn pfn();

        void pfn(Pfn v);
    }

    private static final long[] FIRST = new long[6];
    private static final long[] SECOND = new long[6];

    @KTest
    static void pointerFieldsLinkViews() {
        Node a = Structs.over(FIRST, Node.class);
        Node b = Structs.over(SECOND, Node.class);
        a.next(b);
        b.next(null);
        Check.isTrue(Structs.addressOf(a.next()).eq(Structs.addressOf(b)), "a's link is b");
        Check.isTrue(a.next().next() == null, "a zero link is null");
        a.next().word(3, 77);
        Check.equal(77, b.word(3), "written through the link");
        Check.equalHex(Structs.addressOf(b).toLong(), Structs.addressOf(a).load64(), "the link is b's address, in a's first word");
    }

    @KTest
    static void indexedAndEmbeddedFields() {
        Node n = Structs.over(FIRST, Node.class);
        for (int i = 0; i < 4; i++) {
            n.word(i, 100 + i);
        }
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += n.word(i);
        }
        Check.equal(406, sum, "four ints");
        Check.equalHex(101L << 32 | 100, Structs.addressOf(n).load64(16), "little-endian, packed two to a long");
        n.slot(1).pfn(Pfn.of(0x1234));
        Check.equalHex(0x1234, Structs.addressOf(n).load64(40), "the second embedded slot is the node's last word");
        Check.equalHex(0x1234000, n.slot(1).pfn().phys().toLong(), "a frame number read back, as an address");
        Check.equal(8, Structs.addressOf(n.slot(1)).diff(Structs.addressOf(n.slot(0))), "slots are 8 bytes apart");
    }

    @KTest
    static void physicalAddressFields() {
        Node n = Structs.over(SECOND, Node.class);
        PhysAddr p = PhysAddr.of(0x7654_3000L);
        n.frame(p.plus(0x10));
        Check.isTrue(n.frame().eq(PhysAddr.of(0x7654_3010L)), "stored and loaded as a number");
        Check.equalHex(0x76543, n.frame().pfn().toLong(), "its frame");
        Check.isTrue(n.frame().alignDown(4096).eq(p), "aligned back down");
    }
}
