package org.zeptux.compiler.testdata.diff;

/** The JDK's integer helpers that zeptuxc lowers itself (Integer, Long, Math), over edge values. */
public final class Helpers {
    private Helpers() {}

    static final int[] INTS = {0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 33, 255, 0x10000, 0x12345678, 0x80000001,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    static final long[] LONGS = {0, 1, -1, 2, -2, 7, 63, 64, 65, 0xFFFFFFFFL, 0x100000000L, 0x123456789abcdefL,
        Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
    static final int[] DISTANCES = {0, 1, 4, 31, 32, 33, 63, 64, -1, -4, -33, Integer.MIN_VALUE};

    static int zero() {
        return INTS[0];
    }

    public static void intBitCount() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.bitCount(INTS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void longBitCount() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.bitCount(LONGS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void intLeadingZeros() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.numberOfLeadingZeros(INTS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void intTrailingZeros() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.numberOfTrailingZeros(INTS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void longLeadingZeros() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.numberOfLeadingZeros(LONGS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void longTrailingZeros() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.numberOfTrailingZeros(LONGS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void intRotateLeft() {
        for (int d = 0; d < DISTANCES.length; d++) {
            System.out.print(Integer.rotateLeft(0x12345678, DISTANCES[d]));
            System.out.print(' ');
            System.out.println(Integer.rotateLeft(Integer.MIN_VALUE | 1, DISTANCES[d]));
        }
    }

    public static void intRotateRight() {
        for (int d = 0; d < DISTANCES.length; d++) {
            System.out.print(Integer.rotateRight(0x12345678, DISTANCES[d]));
            System.out.print(' ');
            System.out.println(Integer.rotateRight(3, DISTANCES[d]));
        }
    }

    public static void longRotateLeft() {
        for (int d = 0; d < DISTANCES.length; d++) {
            System.out.print(Long.rotateLeft(0x123456789abcdefL, DISTANCES[d]));
            System.out.print(' ');
            System.out.println(Long.rotateLeft(Long.MIN_VALUE | 1, DISTANCES[d]));
        }
    }

    public static void longRotateRight() {
        for (int d = 0; d < DISTANCES.length; d++) {
            System.out.print(Long.rotateRight(0x123456789abcdefL, DISTANCES[d]));
            System.out.print(' ');
            System.out.println(Long.rotateRight(3L, DISTANCES[d]));
        }
    }

    public static void intReverse() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.reverse(INTS[i]));
            System.out.print(' ');
            System.out.println(Integer.reverseBytes(INTS[i]));
        }
    }

    public static void longReverse() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.reverse(LONGS[i]));
            System.out.print(' ');
            System.out.println(Long.reverseBytes(LONGS[i]));
        }
    }

    public static void intHighestLowestOneBit() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.highestOneBit(INTS[i]));
            System.out.print(' ');
            System.out.println(Integer.lowestOneBit(INTS[i]));
        }
    }

    public static void longHighestLowestOneBit() {
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.highestOneBit(LONGS[i]));
            System.out.print(' ');
            System.out.println(Long.lowestOneBit(LONGS[i]));
        }
    }

    public static void signum() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.signum(INTS[i]));
        }
        System.out.println();
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Long.signum(LONGS[i]));
        }
        System.out.println();
    }

    public static void intCompare() {
        for (int i = 0; i < INTS.length; i++) {
            for (int j = 0; j < INTS.length; j++) {
                System.out.print(Integer.compare(INTS[i], INTS[j]) + 1);
                System.out.print(Integer.compareUnsigned(INTS[i], INTS[j]) + 1);
            }
            System.out.println();
        }
    }

    public static void longCompare() {
        for (int i = 0; i < LONGS.length; i++) {
            for (int j = 0; j < LONGS.length; j++) {
                System.out.print(Long.compare(LONGS[i], LONGS[j]) + 1);
                System.out.print(Long.compareUnsigned(LONGS[i], LONGS[j]) + 1);
            }
            System.out.println();
        }
    }

    public static void compareResultsAreExact() {
        System.out.println(Integer.compare(Integer.MIN_VALUE, Integer.MAX_VALUE));
        System.out.println(Integer.compareUnsigned(Integer.MIN_VALUE, Integer.MAX_VALUE));
        System.out.println(Long.compare(5, 5));
        System.out.println(Long.compareUnsigned(-1, 0));
    }

    public static void intDivideUnsigned() {
        for (int i = 0; i < INTS.length; i++) {
            for (int j = 0; j < INTS.length; j++) {
                if (INTS[j] != 0) {
                    System.out.print(Integer.divideUnsigned(INTS[i], INTS[j]));
                    System.out.print(' ');
                    System.out.print(Integer.remainderUnsigned(INTS[i], INTS[j]));
                    System.out.print(' ');
                }
            }
            System.out.println();
        }
    }

    public static void longDivideUnsigned() {
        for (int i = 0; i < LONGS.length; i++) {
            for (int j = 0; j < LONGS.length; j++) {
                if (LONGS[j] != 0) {
                    System.out.print(Long.divideUnsigned(LONGS[i], LONGS[j]));
                    System.out.print(' ');
                    System.out.print(Long.remainderUnsigned(LONGS[i], LONGS[j]));
                    System.out.print(' ');
                }
            }
            System.out.println();
        }
    }

    public static void toUnsignedLong() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Integer.toUnsignedLong(INTS[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void intMinMax() {
        for (int i = 0; i < INTS.length; i++) {
            for (int j = 0; j < INTS.length; j += 3) {
                System.out.print(Math.min(INTS[i], INTS[j]));
                System.out.print(' ');
                System.out.print(Math.max(INTS[i], INTS[j]));
                System.out.print(' ');
            }
            System.out.println();
        }
    }

    public static void longMinMax() {
        for (int i = 0; i < LONGS.length; i++) {
            for (int j = 0; j < LONGS.length; j += 3) {
                System.out.print(Math.min(LONGS[i], LONGS[j]));
                System.out.print(' ');
                System.out.print(Math.max(LONGS[i], LONGS[j]));
                System.out.print(' ');
            }
            System.out.println();
        }
    }

    public static void abs() {
        for (int i = 0; i < INTS.length; i++) {
            System.out.print(Math.abs(INTS[i]));
            System.out.print(' ');
        }
        System.out.println();
        for (int i = 0; i < LONGS.length; i++) {
            System.out.print(Math.abs(LONGS[i]));
            System.out.print(' ');
        }
        System.out.println();
        System.out.println(Math.abs(Integer.MIN_VALUE) == Integer.MIN_VALUE);
        System.out.println(Math.abs(Long.MIN_VALUE) < 0);
    }

    public static void intFloorDivMod() {
        for (int i = 0; i < INTS.length; i++) {
            for (int j = 0; j < INTS.length; j++) {
                if (INTS[j] != 0) {
                    System.out.print(Math.floorDiv(INTS[i], INTS[j]));
                    System.out.print(' ');
                    System.out.print(Math.floorMod(INTS[i], INTS[j]));
                    System.out.print(' ');
                }
            }
            System.out.println();
        }
    }

    public static void longFloorDivMod() {
        for (int i = 0; i < LONGS.length; i++) {
            for (int j = 0; j < LONGS.length; j++) {
                if (LONGS[j] != 0) {
                    System.out.print(Math.floorDiv(LONGS[i], LONGS[j]));
                    System.out.print(' ');
                    System.out.print(Math.floorMod(LONGS[i], LONGS[j]));
                    System.out.print(' ');
                }
            }
            System.out.println();
        }
    }

    public static void floorDivSmallCases() {
        System.out.println(Math.floorDiv(-7, 2));
        System.out.println(Math.floorMod(-7, 2));
        System.out.println(Math.floorDiv(7, -2));
        System.out.println(Math.floorMod(7, -2));
        System.out.println(Math.floorDiv(-7, -2));
        System.out.println(Math.floorMod(-7, -2));
        System.out.println(Math.floorDiv(-8, 2));
        System.out.println(Math.floorMod(-8, 2));
        System.out.println(Math.floorDiv(Integer.MIN_VALUE, -1));
        System.out.println(Math.floorMod(Integer.MIN_VALUE, -1));
        System.out.println(Math.floorDiv(Long.MIN_VALUE, -1L));
    }

    public static void floorLongByInt() {
        long[] xs = LONGS;
        for (int i = 0; i < xs.length; i++) {
            System.out.print(Math.floorDiv(xs[i], -3));
            System.out.print(' ');
            System.out.print(Math.floorMod(xs[i], -3));
            System.out.print(' ');
            System.out.print(Math.floorMod(xs[i], 1000));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void helpersCombined() {
        int x = 0x00F0_0000;
        System.out.println(31 - Integer.numberOfLeadingZeros(x));
        System.out.println(Integer.highestOneBit(x) == 1 << (31 - Integer.numberOfLeadingZeros(x)));
        System.out.println(Long.numberOfTrailingZeros(Long.lowestOneBit(0x5000L)));
        System.out.println(Integer.rotateLeft(Integer.rotateRight(0xCAFE, 13), 13) == 0xCAFE);
        System.out.println(Integer.reverse(Integer.reverse(0xBEEF)) == 0xBEEF);
    }

    public static void failsIntDivideUnsignedByZero() {
        System.out.println(Integer.divideUnsigned(-1, zero()));
    }

    public static void failsIntRemainderUnsignedByZero() {
        System.out.println(Integer.remainderUnsigned(5, zero()));
    }

    public static void failsLongDivideUnsignedByZero() {
        System.out.println(Long.divideUnsigned(-1L, zero()));
    }

    public static void failsLongRemainderUnsignedByZero() {
        System.out.println(Long.remainderUnsigned(Long.MIN_VALUE, zero()));
    }

    public static void failsIntFloorDivByZero() {
        System.out.println(Math.floorDiv(7, zero()));
    }

    public static void failsIntFloorModByZero() {
        System.out.println(Math.floorMod(-7, zero()));
    }

    public static void failsLongFloorDivByZero() {
        System.out.println(Math.floorDiv(7L, (long) zero()));
    }

    public static void failsLongFloorModByIntZero() {
        System.out.println(Math.floorMod(7L, zero()));
    }
}
