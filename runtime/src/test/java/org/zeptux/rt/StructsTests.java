package org.zeptux.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.zeptux.rt.host.Machine;

/** Struct views on the JVM: each field a load or store of its bytes in the simulated memory. */
class StructsTests {
    @Struct(size = 48)
    interface Node {
        @Offset(0) Node next();

        void next(Node v);

        @Offset(8) PhysAddr frame();

        void frame(PhysAddr v);

        @Offset(16) @Count(3) int word(int i);

        void word(int i, int v);

        @Offset(28) char tag();

        void tag(char v);

        @Offset(32) @Embedded @Count(2) Pair pair(int i);
    }

    @Struct(size = 8)
    interface Pair {
        @Offset(0) Pfn first();

        void first(Pfn v);
    }

    @Test
    void pointerFieldsLoadTheAddressAndGiveAView() {
        Machine m = new Machine();
        try (var ignored = Machine.install(m)) {
            Node a = Structs.at(Address.of(0x1000), Node.class);
            Node b = Structs.at(Address.of(0x2000), Node.class);
            assertNull(a.next(), "a zero pointer is null");
            a.next(b);
            assertEquals(0x2000, m.load(0x1000, 8));
            assertEquals(0x2000, Structs.addressOf(a.next()).toLong());
            a.next().tag('z');
            assertEquals('z', m.load(0x2000 + 28, 2));
            a.frame(PhysAddr.of(0x7654_3000L));
            assertEquals(0x7654_3000L, m.load(0x1008, 8));
            assertEquals(PhysAddr.of(0x7654_3000L), a.frame());
            a.next(null);
            assertEquals(0, m.load(0x1000, 8));
        }
    }

    @Test
    void indexedFieldsAreCheckedAsArraysAre() {
        Machine m = new Machine();
        try (var ignored = Machine.install(m)) {
            Node a = Structs.at(Address.of(0x1000), Node.class);
            for (int i = 0; i < 3; i++) {
                a.word(i, 0x100 + i);
            }
            assertEquals(0x102, m.load(0x1000 + 16 + 8, 4));
            assertEquals(0x101, a.word(1));
            var e = assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.word(3));
            assertEquals("Index 3 out of bounds for length 3", e.getMessage());
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.word(-1, 0));
            assertEquals(0, m.load(0x1000 + 12, 4), "nothing written before the field");
        }
    }

    @Test
    void aViewOverAnArraysElementsWritesWhereTheyAre() {
        Machine m = new Machine();
        try (var ignored = Machine.install(m)) {
            long[] storage = new long[6];
            Node n = Structs.over(storage, Node.class);
            n.word(2, 0x1234);
            assertEquals(0x1234, m.load(m.addressOf(storage) + 16 + 16 + 8, 4), "elements start 16 bytes in");
            assertThrows(IllegalArgumentException.class, () -> Structs.over(new long[5], Node.class));
        }
    }

    @Test
    void embeddedFieldsAreViewsInPlace() {
        Machine m = new Machine();
        try (var ignored = Machine.install(m)) {
            Node a = Structs.at(Address.of(0x1000), Node.class);
            a.pair(1).first(Pfn.of(0x99));
            assertEquals(0x99, m.load(0x1000 + 32 + 8, 8));
            assertEquals(0x1028, Structs.addressOf(a.pair(1)).toLong());
            assertEquals(Pfn.of(0x99), a.pair(1).first());
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.pair(2));
        }
    }
}
