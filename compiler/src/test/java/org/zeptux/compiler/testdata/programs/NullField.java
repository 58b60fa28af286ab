package org.zeptux.compiler.testdata.programs;

/** A field of a null reference: NullPointerException. */
public class NullField {
    static class Box {
        int value = 5;
        Box next;
    }

    static final Box BOX = new Box();

    public static void main(String[] args) {
        System.out.println(BOX.value);
        System.out.println(BOX.next == null);
        System.out.println(BOX.next.value);
    }
}
