package org.zeptux.bench;

/** The sieve of Eratosthenes over a 128 Ki byte array, counting primes. */
public final class Sieve {
    static final int ROUNDS = 40;
    static final byte[] FLAGS = new byte[131072];

    static int sieve(byte[] f, int n) {
        for (int i = 0; i < n; i++) {
            f[i] = 1;
        }
        f[0] = 0;
        f[1] = 0;
        for (int i = 2; i * i < n; i++) {
            if (f[i] != 0) {
                for (int j = i * i; j < n; j += i) {
                    f[j] = 0;
                }
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += f[i];
        }
        return count;
    }

    public static long run() {
        long acc = 0;
        for (int r = 0; r < ROUNDS; r++) {
            acc = acc * 31 + sieve(FLAGS, FLAGS.length - r * 1000);
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
