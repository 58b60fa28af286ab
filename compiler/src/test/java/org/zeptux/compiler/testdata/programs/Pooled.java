package org.zeptux.compiler.testdata.programs;

import org.zeptux.rt.Address;
import org.zeptux.rt.Memory;
import org.zeptux.rt.RawObjects;

/**
 * Objects made at run time, as the kernel's pools make them: placed in zeroed memory, used
 * through fields, virtual calls and type tests, then freed; the use after the free is caught.
 */
public final class Pooled {
    abstract static class Shape {
        abstract int area();
    }

    static final class Node extends Shape {
        int value;
        Node next;

        @Override
        int area() {
            return value * 2;
        }
    }

    static final class Square extends Shape {
        int side;

        @Override
        int area() {
            return side * side;
        }
    }

    static int area(Shape s) {
        return s.area();
    }

    static boolean isNode(Shape s) {
        return s instanceof Node;
    }

    static final byte[] ARENA = new byte[4096];
    /** Class values in the image heap: what a pool makes. */
    static final Class<Node> NODE = Node.class;
    static final Class<Square> SQUARE = Square.class;
    static final Class<long[]> LONGS = long[].class;

    public static void main(String[] args) {
        Address base = Address.of(Memory.addressOf(ARENA) + 16).alignUp(16);
        System.out.println(RawObjects.sizeOf(NODE));
        System.out.println(RawObjects.sizeOf(LONGS));
        Node a = RawObjects.place(base, NODE);
        Node b = RawObjects.place(base.plus(32), NODE);
        Square sq = RawObjects.place(base.plus(64), SQUARE);
        System.out.println(a.value);
        System.out.println(a.next == null);
        a.value = 20;
        a.next = b;
        b.value = 1;
        sq.side = 3;
        System.out.println(a.next.value);
        System.out.println(area(a) + area(sq));
        System.out.println(sq instanceof Shape);
        System.out.println(isNode(sq));
        long[] longs = RawObjects.placeArray(base.plus(128), LONGS, 4);
        longs[3] = 7;
        System.out.println(longs.length);
        System.out.println(longs[3]);
        System.out.println(RawObjects.classWord(a) == RawObjects.classWord(NODE));
        RawObjects.setClassWord(b, RawObjects.freedClassWord());
        System.out.println(RawObjects.classWord(b) == RawObjects.freedClassWord());
        System.out.println(a.value);
        System.out.println(a.next.value);
    }
}
