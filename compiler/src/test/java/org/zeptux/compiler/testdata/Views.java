package org.zeptux.compiler.testdata;

import org.zeptux.rt.Address;
import org.zeptux.rt.Count;
import org.zeptux.rt.Embedded;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/**
 * Struct views with pointer, indexed and embedded fields, and the unboxed physical types;
 * the IR is a golden file (each access is one load or store, an index one bounds check).
 */
public class Views {
    /** A node of a list: a pointer to the next node, a physical address, a table of words. */
    @Struct(size = 48)
    interface Node {
        @Offset(0) Node next();

        void next(Node v);

        @Offset(8) PhysAddr frame();

        void frame(PhysAddr v);

        @Offset(16) @Count(4) long word(int i);

        void word(int i, long v);
    }

    @Struct(size = 16)
    interface Gate {
        @Offset(0) short low();

        void low(short v);

        @Offset(8) int high();

        void high(int v);
    }

    /** A table of embedded gates after a header byte, and one more gate. */
    @Struct(size = 8 + 16 * 5)
    interface Table {
        @Offset(0) byte count();

        @Offset(8) @Embedded @Count(4) Gate gate(int i);

        @Offset(72) @Embedded Gate last();
    }

    static long pointers(Address at) {
        Node n = Structs.at(at, Node.class);
        Node next = n.next();
        n.next(next.next());
        next.frame(n.frame().plus(4096));
        return Structs.addressOf(next).toLong();
    }

    static long indexed(Address at, int i) {
        Node n = Structs.at(at, Node.class);
        n.word(i, n.word(3) + 1);
        return n.word(i);
    }

    static int embedded(Address at, int i) {
        Table t = Structs.at(at, Table.class);
        Gate g = t.gate(i);
        g.low((short) 7);
        return g.high() + t.gate(3).low() + t.count() + t.last().high();
    }

    /** Storage for a Node in the image heap: a view over an array's elements. */
    static final long[] STORAGE = new long[6];

    static long over() {
        Node n = Structs.over(STORAGE, Node.class);
        n.word(2, 5);
        return n.word(2);
    }

    static long physical(long raw) {
        PhysAddr p = PhysAddr.of(raw).alignUp(4096);
        Pfn f = p.pfn().plus(1);
        PhysAddr q = f.phys();
        return q.diff(p) + (q.lt(p) ? 1 : 0) + f.toLong();
    }
}
