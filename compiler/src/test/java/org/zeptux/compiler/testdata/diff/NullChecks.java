package org.zeptux.compiler.testdata.diff;

/**
 * HotSpot's helpful NullPointerException messages, which zeptuxc makes at compile time: what
 * failed and what was null — locals, parameters and {@code this}, static and instance fields,
 * chains of them, array elements with constant and local indices, and the results of calls.
 * The suite strips this class's local variable names, so the messages say {@code <local1>} and
 * {@code <parameter1>} (other families keep them: javac's names).
 */
public final class NullChecks {
    private NullChecks() {}

    static final class Node {
        int value;
        Node next;
        int[] values;

        int nextValue() {
            return next.value;
        }
    }

    static final Node HEAD = new Node();
    static final int[][] GRID = {{1}, null};
    static final Node[] NODES = {HEAD, null};
    static Node nothing;

    static {
        HEAD.next = new Node();
    }

    static Node none() {
        return nothing;
    }

    static int valueOf(Node node) {
        return node.value;
    }

    public static void nothingFailsWhereNothingIsNull() {
        System.out.println(HEAD.next.value);
        System.out.println(GRID[0][0]);
        System.out.println(valueOf(NODES[0]));
    }

    public static void failsOnAChainOfFields() {
        System.out.println(HEAD.next.next.value);
    }

    public static void failsOnAnArrayElementWithAConstantIndex() {
        System.out.println(GRID[1][0]);
    }

    public static void failsOnAnArrayElementWithALocalIndex() {
        int row = 1;
        System.out.println(GRID[row].length);
    }

    public static void failsOnAStoreIntoANullArray() {
        HEAD.values[0] = 3;
    }

    public static void failsOnAnAssignedField() {
        nothing.value = 3;
    }

    public static void failsOnTheResultOfACall() {
        System.out.println(none().value);
    }

    public static void failsOnAParameter() {
        System.out.println(valueOf(NODES[1]));
    }

    public static void failsOnALocal() {
        Node local = NODES[1];
        System.out.println(local.next == null);
    }

    public static void failsInAnInstanceMethodOnThisField() {
        System.out.println(HEAD.next.nextValue());
    }

    public static void failsOnACallOnAnArrayElement() {
        System.out.println(NODES[1].nextValue());
    }
}
