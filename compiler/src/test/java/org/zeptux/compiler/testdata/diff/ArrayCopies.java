package org.zeptux.compiler.testdata.diff;

/**
 * System.arraycopy for every array kind (overlapping ranges too, in both directions), and
 * Arrays.fill and Arrays.equals for primitive arrays; the failures with HotSpot's messages:
 * null arrays, type mismatches, negative and too large positions and lengths, elements that do
 * not fit the destination's component type.
 */
public final class ArrayCopies {
    private ArrayCopies() {}

    static final int[] INTS = {1, 2, 3, 4, 5, 6, 7, 8};
    static final long[] LONGS = {-1L, Long.MAX_VALUE, Long.MIN_VALUE, 4, 5};
    static final byte[] BYTES = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17};
    static final char[] CHARS = {'a', 'b', 'c', 'd', '\uffff'};
    static final short[] SHORTS = {1, -1, Short.MIN_VALUE, Short.MAX_VALUE};
    static final boolean[] BOOLEANS = {true, false, true};
    static final String[] WORDS = {"one", "two", "three", "four"};
    static final Object[] OBJECTS = {"a", "b", null, "d"};
    static final Object[] MIXED = {"s", WORDS, null, INTS};
    static final CharSequence[] SEQUENCES = new CharSequence[4];
    static final int[] INTS2 = new int[8];
    static final long[] LONGS2 = new long[5];
    static final byte[] BYTES2 = new byte[17];
    static final char[] CHARS2 = new char[5];
    static final short[] SHORTS2 = new short[4];
    static final boolean[] BOOLEANS2 = new boolean[3];
    static final String[] WORDS2 = new String[4];
    static final Object[] OBJECTS2 = new Object[6];
    static final int[][] GRID = {{1}, {2, 3}, {4, 5, 6}};
    static final int[][] GRID2 = new int[3][];
    static final boolean[] NO_BOOLEANS = {};
    static int[] noInts;
    static Object notAnArray = "text";
    static Object ints = INTS;
    static Object longs = LONGS;
    static Object words = WORDS;

    static void print(int[] a) {
        for (int i = 0; i < a.length; i++) {
            System.out.print(a[i]);
            System.out.print(' ');
        }
        System.out.println();
    }

    static void print(Object[] a) {
        for (int i = 0; i < a.length; i++) {
            System.out.print(a[i] == null ? "null" : a[i] instanceof String ? (String) a[i] : "array");
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void copiesEveryPrimitiveKind() {
        System.arraycopy(INTS, 0, INTS2, 0, 8);
        print(INTS2);
        System.arraycopy(LONGS, 1, LONGS2, 0, 4);
        for (int i = 0; i < LONGS2.length; i++) {
            System.out.println(LONGS2[i]);
        }
        System.arraycopy(BYTES, 3, BYTES2, 5, 12);
        for (int i = 0; i < BYTES2.length; i++) {
            System.out.print(BYTES2[i]);
        }
        System.out.println();
        System.arraycopy(CHARS, 2, CHARS2, 0, 3);
        for (int i = 0; i < CHARS2.length; i++) {
            System.out.println((int) CHARS2[i]);
        }
        System.arraycopy(SHORTS, 0, SHORTS2, 0, 4);
        System.out.println(SHORTS2[2]);
        System.arraycopy(BOOLEANS, 0, BOOLEANS2, 0, 3);
        System.out.println(BOOLEANS2[0] && !BOOLEANS2[1] && BOOLEANS2[2]);
    }

    public static void overlappingRangesInBothDirections() {
        int[] a = INTS2;
        System.arraycopy(INTS, 0, a, 0, 8);
        System.arraycopy(a, 0, a, 2, 6);
        print(a);
        System.arraycopy(INTS, 0, a, 0, 8);
        System.arraycopy(a, 3, a, 1, 5);
        print(a);
        System.arraycopy(a, 2, a, 2, 4);
        print(a);
    }

    public static void emptyCopiesAtTheEnds() {
        System.arraycopy(INTS, 8, INTS2, 8, 0);
        System.arraycopy(INTS, 0, INTS2, 0, 0);
        System.arraycopy(ints, 8, INTS2, 0, 0);
        print(INTS2);
    }

    public static void referenceArrays() {
        System.arraycopy(WORDS, 0, WORDS2, 0, 4);
        print(WORDS2);
        System.arraycopy(WORDS, 1, OBJECTS2, 2, 3);
        print(OBJECTS2);
        System.arraycopy(OBJECTS, 0, WORDS2, 0, 4);     // Object[] to String[]: each element is checked
        print(WORDS2);
        System.arraycopy(WORDS, 0, SEQUENCES, 0, 4);    // String[] to an interface's array
        System.out.println(SEQUENCES[3] == WORDS[3]);
        System.arraycopy(GRID, 0, GRID2, 0, 3);
        System.out.println(GRID2[2][2]);
        System.arraycopy(WORDS2, 0, WORDS2, 1, 3);
        print(WORDS2);
    }

    public static void fillsEveryPrimitiveKind() {
        int[] a = INTS2;
        java.util.Arrays.fill(a, 7);
        print(a);
        java.util.Arrays.fill(a, 2, 5, -1);
        print(a);
        java.util.Arrays.fill(a, 8, 8, 0);
        java.util.Arrays.fill(BYTES2, (byte) -3);
        System.out.println(BYTES2[16]);
        java.util.Arrays.fill(LONGS2, 1, 3, Long.MIN_VALUE);
        System.out.println(LONGS2[0]);
        System.out.println(LONGS2[2]);
        java.util.Arrays.fill(CHARS2, '\u20ac');
        System.out.println((int) CHARS2[4]);
        java.util.Arrays.fill(SHORTS2, 0, 2, (short) -7);
        System.out.println(SHORTS2[1] + SHORTS2[2]);
        java.util.Arrays.fill(BOOLEANS2, true);
        System.out.println(BOOLEANS2[1]);
    }

    public static void equalsOfPrimitiveArrays() {
        System.arraycopy(INTS, 0, INTS2, 0, 8);
        System.out.println(java.util.Arrays.equals(INTS, INTS2));
        INTS2[7] = 0;
        System.out.println(java.util.Arrays.equals(INTS, INTS2));
        System.out.println(java.util.Arrays.equals(INTS, INTS));
        System.out.println(java.util.Arrays.equals(noInts, INTS));
        System.out.println(java.util.Arrays.equals(noInts, noInts));
        System.out.println(java.util.Arrays.equals(INTS, GRID[0]));
        System.arraycopy(BYTES, 0, BYTES2, 0, 17);
        System.out.println(java.util.Arrays.equals(BYTES, BYTES2));
        System.out.println(java.util.Arrays.equals(LONGS, LONGS2));
        System.out.println(java.util.Arrays.equals(CHARS, CHARS));
        System.out.println(java.util.Arrays.equals(SHORTS, SHORTS2));
        System.out.println(java.util.Arrays.equals(BOOLEANS, NO_BOOLEANS));
    }

    public static void failsOnANullSource() {
        System.arraycopy(noInts, 0, INTS2, 0, 1);
    }

    public static void failsOnANullDestination() {
        System.arraycopy(INTS, 0, noInts, 0, 1);
    }

    public static void failsOnPrimitiveTypesThatDiffer() {
        System.arraycopy(ints, 0, longs, 0, 1);
    }

    public static void failsOnReferencesIntoPrimitives() {
        System.arraycopy(words, 0, ints, 0, 1);
    }

    public static void failsOnPrimitivesIntoReferences() {
        System.arraycopy(ints, 0, words, 0, 1);
    }

    public static void failsOnANegativeSourceIndex() {
        System.arraycopy(INTS, -1, INTS2, 0, 1);
    }

    public static void failsOnANegativeDestinationIndex() {
        System.arraycopy(BYTES, 0, BYTES2, -5, 1);
    }

    public static void failsOnANegativeLength() {
        System.arraycopy(INTS, 0, INTS2, 0, -1);
    }

    public static void failsPastTheSourceEnd() {
        System.arraycopy(INTS, 3, INTS2, 0, 6);
    }

    public static void failsPastTheDestinationEnd() {
        System.arraycopy(WORDS, 0, OBJECTS2, 3, 4);
    }

    public static void failsOnALengthThatWouldWrap() {
        System.arraycopy(CHARS, 1, CHARS2, 0, Integer.MAX_VALUE);
    }

    public static void failsOnAnElementThatDoesNotFit() {
        System.arraycopy(MIXED, 0, WORDS2, 0, 4);
    }

    public static void failsOnASourceThatIsNotAnArray() {
        System.arraycopy(notAnArray, 0, INTS2, 0, 1);
    }

    public static void failsToFillANullArray() {
        java.util.Arrays.fill(noInts, 3);
    }

    public static void failsToFillAReversedRange() {
        java.util.Arrays.fill(INTS2, 5, 4, 3);
    }

    public static void failsToFillFromANegativeIndex() {
        java.util.Arrays.fill(BYTES2, -1, 4, (byte) 3);
    }

    public static void failsToFillPastTheEnd() {
        java.util.Arrays.fill(LONGS2, 0, 6, 3L);
    }
}
