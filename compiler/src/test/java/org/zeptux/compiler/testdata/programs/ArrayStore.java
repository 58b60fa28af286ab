package org.zeptux.compiler.testdata.programs;

/** Arrays are covariant: storing a Node into an Object[] that is a String[] throws ArrayStoreException. */
public class ArrayStore {
    static class Node {
        int value = 1;
    }

    static final Object[] STRINGS = new String[] {"a", "b"};
    static final Object NODE = new Node();

    public static void main(String[] args) {
        STRINGS[0] = "c";
        System.out.println((String) STRINGS[0]);
        STRINGS[1] = null;
        System.out.println(STRINGS[1] == null);
        STRINGS[0] = NODE;
        System.out.println("not reached");
    }
}
