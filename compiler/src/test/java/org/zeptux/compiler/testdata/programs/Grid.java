package org.zeptux.compiler.testdata.programs;

import org.zeptux.compiler.testdata.Semantics;

/** Calls every non-throwing arithmetic case of Semantics over a grid of edge values and prints the results. */
public class Grid {
    static final int[] INTS = {0, 1, -1, 2, -2, 3, 7, 31, 32, 33, 63, 64, 127, -128, 255, 65535, 65536,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0x12345678};
    static final long[] LONGS = {0, 1, -1, 2, 31, 32, 63, 64, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE, 0x123456789abcdefL};

    public static void main(String[] args) {
        for (int i = 0; i < INTS.length; i++) {
            int x = INTS[i];
            System.out.print(Semantics.i2b(x));
            System.out.print(' ');
            System.out.print(Semantics.i2c(x));
            System.out.print(' ');
            System.out.print(Semantics.i2s(x));
            System.out.print(' ');
            System.out.print(Semantics.bitCount(x));
            System.out.print(' ');
            System.out.print(Semantics.unsignedLong(x));
            System.out.print(' ');
            System.out.println(Semantics.loop(x));
            for (int j = 0; j < INTS.length; j++) {
                int y = INTS[j];
                System.out.print(Semantics.shl(x, y) ^ Semantics.shr(x, y) ^ Semantics.ushr(x, y));
                System.out.print(' ');
                System.out.print(Semantics.mulAdd(x, y));
                System.out.print(' ');
                System.out.print(Semantics.rotate(x, y));
                System.out.print(' ');
                System.out.print(Semantics.compares(x, y));
                System.out.print(' ');
                System.out.print(Semantics.minMaxAbs(x, y));
                if (y != 0) {
                    System.out.print(' ');
                    System.out.print(Semantics.idiv(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.irem(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.floorDiv(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.floorMod(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.udiv(x, y));
                }
                System.out.println();
            }
        }
        for (int i = 0; i < LONGS.length; i++) {
            long x = LONGS[i];
            System.out.print(Semantics.zeros(x));
            System.out.print(' ');
            System.out.print(Semantics.reverse(x));
            System.out.print(' ');
            System.out.println(Semantics.oneBits(x));
            for (int j = 0; j < LONGS.length; j++) {
                long y = LONGS[j];
                System.out.print(Semantics.lmulAdd(x, y));
                System.out.print(' ');
                System.out.print(Semantics.lcompares(x, y));
                System.out.print(' ');
                System.out.print(Semantics.lminMaxAbs(x, y));
                System.out.print(' ');
                System.out.print(Semantics.lrotate(x, (int) y));
                if (y != 0) {
                    System.out.print(' ');
                    System.out.print(Semantics.ldiv(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.lrem(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.lfloorMod(x, y));
                    System.out.print(' ');
                    System.out.print(Semantics.ludiv(x, y));
                }
                System.out.println();
            }
        }
    }
}
