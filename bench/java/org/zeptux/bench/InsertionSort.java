package org.zeptux.bench;

/** Insertion sort of every 128-element run of a 32 Ki int array, refilled each round. */
public final class InsertionSort {
    static final int ROUNDS = 8;
    static final int RUN = 128;
    static final int[] A = new int[32768];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void sort(int[] a, int lo, int hi) {
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

    public static long run() {
        seed = 11;
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < A.length; i++) {
                A[i] = next() - 0x40000000;
            }
            for (int lo = 0; lo < A.length; lo += RUN) {
                sort(A, lo, lo + RUN);
            }
            for (int i = 0; i < A.length; i += 7) {
                acc += (long) A[i] * (i + 1);
            }
        }
        return acc;
    }

    public static void main(String[] args) {
        long r = 0;
        for (int i = 0; i < Repeat.TIMES; i++) {
            r = run();
        }
        System.out.println(r);
    }
}
