package org.zeptux.bench;

/** 64-bit integer matrix multiply, 80 x 80, i-j-k order, the result fed back into the input. */
public final class MatMul {
    static final int ROUNDS = 40;
    static final int N = 80;
    static final long[] A = new long[N * N];
    static final long[] B = new long[N * N];
    static final long[] C = new long[N * N];
    static long seed;

    static int next() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) (seed >>> 33);
    }

    static void multiply(long[] a, long[] b, long[] c, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * b[k * n + j];
                }
                c[i * n + j] = s;
            }
        }
    }

    public static long run() {
        seed = 13;
        for (int i = 0; i < A.length; i++) {
            A[i] = next() - 0x40000000;
            B[i] = next() & 0xffff;
        }
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            multiply(A, B, C, N);
            long s = 0;
            for (int i = 0; i < C.length; i++) {
                s += C[i] * (i + 1);
            }
            acc ^= s;
            A[r] = s & 0xffff;
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
