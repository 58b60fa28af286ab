package org.zeptux.compiler.testdata.diff;

/** Primitive arrays: [bcszijz]aload/astore with sign and zero extension, arraylength, bounds and null checks. */
public final class Arrays {
    private Arrays() {}

    static final int[] INTS = {5, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
    static final byte[] BYTES = {0, 1, -1, 127, -128, (byte) 0xAB};
    static final short[] SHORTS = {0, -1, Short.MAX_VALUE, Short.MIN_VALUE, (short) 0xBEEF};
    static final char[] CHARS = {'a', '\u00ff', '\u0100', '\u8000', '\uffff'};
    static final long[] LONGS = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x123456789L};
    static final boolean[] BOOLS = {true, false, true};
    static final int[] WORK = new int[16];
    static final byte[] BYTE_WORK = new byte[8];
    static final char[] CHAR_WORK = new char[8];
    static final short[] SHORT_WORK = new short[8];
    static final long[] LONG_WORK = new long[8];
    static final boolean[] BOOL_WORK = new boolean[8];
    static int[] nullInts;
    static byte[] nullBytes;
    static long[] nullLongs;
    static int[] first = WORK;
    static int[] second = WORK;

    static int index(int i) {
        return i;
    }

    static int sum(int[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    static void fill(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            a[i] = v + i;
        }
    }

    public static void intArrayReads() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(INTS[i]);
            System.out.print(' ');
        }
        System.out.println(INTS.length);
        System.out.println(sum(INTS));
    }

    public static void byteLoadsSignExtend() {
        for (int i = 0; i < BYTES.length; i++) {
            int v = BYTES[i];
            System.out.print(v);
            System.out.print('/');
            System.out.print(BYTES[i] & 0xFF);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void byteStoresTruncate() {
        BYTE_WORK[0] = (byte) 300;
        BYTE_WORK[1] = (byte) -129;
        BYTE_WORK[2] = (byte) 0x7F;
        BYTE_WORK[3] = (byte) 0x80;
        BYTE_WORK[4] += 200;
        BYTE_WORK[5]--;
        for (int i = 0; i < BYTE_WORK.length; i++) {
            System.out.print(BYTE_WORK[i]);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void charLoadsZeroExtend() {
        for (int i = 0; i < CHARS.length; i++) {
            int v = CHARS[i];
            System.out.print(v);
            System.out.print(' ');
        }
        System.out.println();
        CHAR_WORK[0] = (char) -1;
        CHAR_WORK[1] = (char) 0x12345;
        CHAR_WORK[2]--;
        System.out.println((int) CHAR_WORK[0]);
        System.out.println((int) CHAR_WORK[1]);
        System.out.println((int) CHAR_WORK[2]);
    }

    public static void shortLoadsSignExtend() {
        for (int i = 0; i < SHORTS.length; i++) {
            int v = SHORTS[i];
            System.out.print(v);
            System.out.print(' ');
        }
        System.out.println();
        SHORT_WORK[0] = (short) 0x18000;
        SHORT_WORK[1] = (short) 65535;
        SHORT_WORK[2] += 40000;
        System.out.println(SHORT_WORK[0]);
        System.out.println(SHORT_WORK[1]);
        System.out.println(SHORT_WORK[2]);
    }

    public static void longArrays() {
        long s = 0;
        for (int i = 0; i < LONGS.length; i++) {
            s = s * 31 + LONGS[i];
            System.out.print(LONGS[i]);
            System.out.print(' ');
        }
        System.out.println(s);
        LONG_WORK[3] = Long.MIN_VALUE;
        LONG_WORK[3]--;
        LONG_WORK[4] = 1L << 63 >>> 1;
        System.out.println(LONG_WORK[3]);
        System.out.println(LONG_WORK[4]);
    }

    public static void booleanArrays() {
        for (int i = 0; i < BOOLS.length; i++) {
            System.out.print(BOOLS[i]);
            System.out.print(' ');
        }
        System.out.println();
        BOOL_WORK[1] = true;
        BOOL_WORK[2] = !BOOL_WORK[1];
        BOOL_WORK[3] = BOOL_WORK[1] ^ BOOLS[0];
        BOOL_WORK[4] |= BOOLS[2];
        for (int i = 0; i < 5; i++) {
            System.out.print(BOOL_WORK[i]);
        }
        System.out.println();
    }

    public static void arrayLengths() {
        System.out.println(INTS.length);
        System.out.println(BYTES.length);
        System.out.println(SHORTS.length);
        System.out.println(CHARS.length);
        System.out.println(LONGS.length);
        System.out.println(BOOLS.length);
        System.out.println(WORK.length);
        System.out.println(StaticInit.BYTES.length);
    }

    public static void storesAndCompoundAssign() {
        fill(WORK, 100);
        WORK[0] += 5;
        WORK[1] *= -3;
        WORK[2] <<= 33;
        WORK[3] >>>= 1;
        WORK[4] = WORK[5]++ + ++WORK[6];
        WORK[7] %= 7;
        for (int i = 0; i < 8; i++) {
            System.out.print(WORK[i]);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void arraySharedBetweenFields() {
        System.out.println(first == second);
        first[15] = 12345;
        System.out.println(second[15]);
        second[15]--;
        System.out.println(WORK[15]);
    }

    public static void arrayLocalAliases() {
        int[] a = WORK;
        int[] b = a;
        a[9] = 9;
        b[9] *= 9;
        System.out.println(WORK[9]);
    }

    public static void arrayIndexExpressions() {
        int i = 0;
        WORK[i++] = i;
        WORK[i++] = i;
        WORK[i] = WORK[i - 1] + WORK[i - 2];
        System.out.println(WORK[0]);
        System.out.println(WORK[1]);
        System.out.println(WORK[2]);
        System.out.println(i);
    }

    public static void arrayAsParameter() {
        fill(WORK, -8);
        System.out.println(sum(WORK));
        System.out.println(sum(INTS));
    }

    public static void reverseInPlace() {
        fill(WORK, 0);
        for (int i = 0, j = WORK.length - 1; i < j; i++, j--) {
            int t = WORK[i];
            WORK[i] = WORK[j];
            WORK[j] = t;
        }
        for (int i = 0; i < WORK.length; i++) {
            System.out.print(WORK[i]);
        }
        System.out.println();
    }

    public static void bubbleSort() {
        fill(WORK, 0);
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = (i * 7919) % 23 - 11;
        }
        for (int i = 0; i < WORK.length; i++) {
            for (int j = 0; j + 1 < WORK.length - i; j++) {
                if (WORK[j] > WORK[j + 1]) {
                    int t = WORK[j];
                    WORK[j] = WORK[j + 1];
                    WORK[j + 1] = t;
                }
            }
        }
        for (int i = 0; i < WORK.length; i++) {
            System.out.print(WORK[i]);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void nullArrayChecks() {
        System.out.println(nullInts == null);
        System.out.println(nullBytes == null ? 0 : nullBytes.length);
    }

    public static void failsIndexEqualsLength() {
        System.out.println(INTS[index(4)]);
        System.out.println(INTS[index(5)]);
    }

    public static void failsNegativeIndex() {
        System.out.println(INTS[index(-1)]);
    }

    public static void failsMinIndex() {
        System.out.println(LONGS[index(Integer.MIN_VALUE)]);
    }

    public static void failsByteStoreOutOfBounds() {
        BYTE_WORK[index(8)] = 1;
    }

    public static void failsCharLoadOutOfBounds() {
        System.out.println((int) CHARS[index(CHARS.length)]);
    }

    public static void failsShortStoreOutOfBounds() {
        SHORT_WORK[index(-2)] = 5;
    }

    public static void failsBooleanLoadOutOfBounds() {
        System.out.println(BOOLS[index(3)]);
    }

    public static void failsLongStoreOutOfBounds() {
        LONG_WORK[index(1 << 20)] = 5;
    }

    public static void failsNullIntLoad() {
        System.out.println(nullInts[0]);
    }

    public static void failsNullByteStore() {
        nullBytes[0] = 1;
    }

    public static void failsNullLength() {
        System.out.println(nullLongs.length);
    }

    public static void failsNullPassedToHelper() {
        System.out.println(sum(nullInts));
    }

    public static void failsAfterPartialOutput() {
        for (int i = 0; i < 10; i++) {
            System.out.println(BYTES[i]);
        }
    }

    public static void failsCompoundAssignOutOfBounds() {
        WORK[index(16)] += 1;
    }

    /** Reads a[x], a[x + 1], a[x + 2], a[x + 3]: a run zeptuxc checks once (CheckGroups). */
    static long word(byte[] b, int x) {
        return (b[x] & 0xff) | (b[x + 1] & 0xff) << 8 | (b[x + 2] & 0xff) << 16 | (long) (b[x + 3] & 0xff) << 24;
    }

    static final byte[] EIGHT = {1, 2, 3, 4, 5, 6, 7, -8};

    public static void neighbouringAccesses() {
        byte[] b = EIGHT;
        for (int x = 0; x + 3 < b.length; x++) {
            System.out.println(word(b, x));
        }
        int[] a = WORK;
        int x = index(3);
        a[x] = 10;
        System.out.println(a[x + 2]);            // a call between the accesses, and the stream on the stack
        a[x + 1] = a[x] + 1;
        a[x + 2] = a[x + 1] + 1;
        a[x - 1] = 7;
        System.out.println(a[x - 1] + a[x] + a[x + 1] + a[x + 2]);
        int c = 0;
        c += a[0] + a[1] + a[2];                 // constant indices into a local array
        System.out.println(c);
    }

    public static void failsNeighbourRunPastTheEnd() {
        int[] a = WORK;
        int x = index(14);
        a[x] = 1;
        System.out.println(a[x]);
        a[x + 1] = 2;
        System.out.println(a[x + 1]);
        a[x + 2] = 3;                            // Index 16 out of bounds for length 16, after two lines
        System.out.println(a[x + 2]);
    }

    public static void failsNeighbourRunBeforeTheStart() {
        int[] a = WORK;
        int x = index(-1);
        a[x + 2] = 5;
        a[x + 1] = 6;
        System.out.println(a[x + 1] + a[x + 2]);
        System.out.println(a[x]);               // Index -1
    }

    public static void failsNeighbourRunWrapping() {
        long[] a = LONG_WORK;
        int x = index(Integer.MAX_VALUE - 1);
        System.out.println(a[x] + a[x + 1] + a[x + 2]);   // Index 2147483646 (and x + 2 wraps)
    }

    public static void failsNeighbourRunOnNull() {
        System.out.println(word(nullBytes, index(0)));
    }

    static final long[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** Sums a[off .. off + len - 1]: a counted loop zeptuxc checks once, before it (LoopVersions). */
    static int range(int[] a, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += a[i];
            System.out.print(i);                 // each iteration's effect, before a failing access
            System.out.print(' ');
        }
        System.out.println();
        return s;
    }

    /** a[i * n + k] * b[k * n + j] over k: a stride, and an index built before the loop. */
    static long dot(long[] a, long[] b, int i, int j, int n) {
        long s = 0;
        for (int k = 0; k < n; k++) {
            s += a[i * n + k] * b[k * n + j];
        }
        return s;
    }

    /** Stores a[2 * i + 1] = i for i in [from, to): a stride of two and an offset. */
    static void odd(int[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[2 * i + 1] = i;
            System.out.print(a[2 * i + 1]);
        }
        System.out.println();
    }

    public static void versionedLoops() {
        System.out.println(range(INTS, 0, 5));
        System.out.println(range(INTS, 1, 3));
        System.out.println(range(INTS, 3, 0));          // no iteration
        System.out.println(range(nullInts, 2, 0));      // no iteration: null is never read
        System.out.println(range(INTS, 7, -3));         // no iteration, and the guard's indices out of range
        System.out.println(dot(LONGS, LONGS, 0, 1, 2));
        System.out.println(dot(NINE, NINE, 1, 2, 3));
        System.out.println(dot(NINE, NINE, 2, 0, 3));
        java.util.Arrays.fill(WORK, 0);
        odd(WORK, 2, 8);
        System.out.println(sum(WORK));
        odd(WORK, 7, 3);
        System.out.println(WORK[15]);
    }

    public static void failsVersionedLoopPastTheEnd() {
        System.out.println(range(INTS, 2, 4));          // prints 2 3 4, then Index 5 out of bounds for length 5
    }

    public static void failsVersionedLoopBeforeTheStart() {
        System.out.println(range(INTS, -1, 3));         // Index -1, before any iteration's effect
    }

    public static void failsVersionedLoopOnNull() {
        System.out.println(range(nullInts, 0, 2));
    }

    public static void failsVersionedLoopSecondArrayOnNull() {
        System.out.println(dot(LONGS, nullLongs, 0, 0, 1));
    }

    public static void failsVersionedLoopStrideWraps() {
        System.out.println(dot(NINE, NINE, 65536, 0, 65536));   // i * n wraps to 0: a[0 ..], b[0], b[65536]
    }

    public static void failsVersionedLoopStoreStride() {
        java.util.Arrays.fill(WORK, 0);
        odd(WORK, 5, 9);                                // a[11], a[13], a[15], then a[17]
    }

    /** Insertion sort: an inner loop going down (while j >= lo), checked once before it. */
    static void insertionSort(int[] a, int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Clears a[from], a[from + step] ... below n: a step the loop does not change. */
    static int clearEvery(int[] a, int from, int n, int step) {
        int cleared = 0;
        for (int j = from; j < n; j += step) {
            a[j] = 0;
            cleared++;
        }
        return cleared;
    }

    /** Sums a[j] + a[j + 1] for j from start down to lo. */
    static int downPairs(int[] a, int start, int lo) {
        int s = 0;
        for (int j = start; j >= lo; j--) {
            s += a[j] * 3 + a[j + 1];
            System.out.print(j);
            System.out.print(' ');
        }
        System.out.println();
        return s;
    }

    public static void versionedLoopsWithSteps() {
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = (i * 7 + 3) % 11 - 5;
        }
        insertionSort(WORK, 2, 14);
        for (int i = 0; i < WORK.length; i++) {
            System.out.print(WORK[i]);
            System.out.print(' ');
        }
        System.out.println();
        System.out.println(clearEvery(WORK, 1, 16, 3));
        System.out.println(clearEvery(WORK, 0, 16, 16));
        System.out.println(clearEvery(WORK, 5, 5, 2));
        System.out.println(sum(WORK));
        System.out.println(downPairs(INTS, 3, 0));
        System.out.println(downPairs(INTS, 1, 2));      // no iteration
        System.out.println(downPairs(nullInts, -1, 0)); // no iteration: null is never read
    }

    public static void failsDownLoopBeforeTheStart() {
        System.out.println(downPairs(INTS, 2, -1));    // 2 1 0, then Index -1 out of bounds for length 5
    }

    public static void failsDownLoopPastTheEnd() {
        System.out.println(downPairs(INTS, 4, 0));     // a[5] at once
    }

    public static void failsStepLoopWraps() {
        System.out.println(clearEvery(WORK, 10, Integer.MAX_VALUE, Integer.MAX_VALUE - 5));  // j wraps below 0
    }

    public static void failsStepLoopPastTheEnd() {
        System.out.println(clearEvery(WORK, 3, 20, 5));   // a[3], a[8], a[13], then a[18]
    }
}
