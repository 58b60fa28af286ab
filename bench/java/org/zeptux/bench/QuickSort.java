package org.zeptux.bench;

/** Quicksort (Hoare partition, middle pivot, recursion on the smaller side) of a 64 Ki int array. */
public final class QuickSort {
    static final int ROUNDS = 8;
    static final int[] A = new int[65536];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void sort(int[] a, int lo, int hi) {
        while (lo < hi) {
            int p = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < p) {
                    i++;
                }
                while (a[j] > p) {
                    j--;
                }
                if (i <= j) {
                    int t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                sort(a, lo, j);
                lo = i;
            } else {
                sort(a, i, hi);
                hi = j;
            }
        }
    }

    public static long run() {
        seed = 5;
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < A.length; i++) {
                A[i] = next() ^ (next() << 16);
            }
            sort(A, 0, A.length - 1);
            for (int i = 0; i < A.length; i += 5) {
                acc += (long) A[i] * (i + r);
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
