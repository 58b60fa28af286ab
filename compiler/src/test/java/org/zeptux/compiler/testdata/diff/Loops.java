package org.zeptux.compiler.testdata.diff;

/** Loops: for, while, do, nested loops, labelled break and continue, loops that wrap, early returns. */
public final class Loops {
    private Loops() {}

    static int firstPairSum(int target) {
        for (int i = 0; i < 20; i++) {
            for (int j = i; j < 20; j++) {
                if (i * j == target) {
                    return i * 100 + j;
                }
            }
        }
        return -1;
    }

    public static void forLoop() {
        int sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += i * i;
        }
        System.out.println(sum);
    }

    public static void whileLoop() {
        int n = 27;
        int steps = 0;
        while (n != 1) {
            n = (n & 1) == 0 ? n / 2 : 3 * n + 1;
            steps++;
        }
        System.out.println(steps);
    }

    public static void doWhileRunsOnce() {
        int i = 100;
        int runs = 0;
        do {
            runs++;
            i++;
        } while (i < 50);
        System.out.println(runs);
        System.out.println(i);
    }

    public static void countDown() {
        for (int i = 10; i > 0; i -= 3) {
            System.out.print(i);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void labelledBreak() {
        int found = -1;
        outer:
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                if (i * j == 42) {
                    found = i * 10 + j;
                    break outer;
                }
            }
        }
        System.out.println(found);
    }

    public static void labelledContinue() {
        int count = 0;
        outer:
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                if (j > i) {
                    continue outer;
                }
                count++;
            }
        }
        System.out.println(count);
    }

    public static void labelledBlockBreak() {
        int r = 0;
        block:
        {
            for (int i = 0; i < 5; i++) {
                r += i;
                if (r > 5) {
                    break block;
                }
            }
            r = -1;
        }
        System.out.println(r);
    }

    public static void tripleNested() {
        long acc = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                for (int k = 0; k < 7; k++) {
                    if ((i + j + k) % 3 == 0) {
                        continue;
                    }
                    acc = acc * 7 + (i ^ j ^ k);
                }
            }
        }
        System.out.println(acc);
    }

    public static void breakFromWhileTrue() {
        int i = 0;
        while (true) {
            i += 7;
            if (i % 5 == 0) {
                break;
            }
        }
        System.out.println(i);
    }

    public static void continueInDoWhile() {
        int i = 0;
        int odd = 0;
        do {
            i++;
            if ((i & 1) == 0) {
                continue;
            }
            odd += i;
        } while (i < 20);
        System.out.println(odd);
    }

    public static void earlyReturnFromNestedLoops() {
        System.out.println(firstPairSum(42));
        System.out.println(firstPairSum(361));
        System.out.println(firstPairSum(0));
        System.out.println(firstPairSum(17 * 19));
    }

    public static void loopAcrossIntBoundary() {
        int count = 0;
        for (int i = Integer.MAX_VALUE - 3; i > 0; i++) {
            count++;
        }
        System.out.println(count);
    }

    public static void longLoopCounter() {
        long sum = 0;
        for (long l = 0xFFFFFFF0L; l < 0x100000010L; l++) {
            sum += l;
        }
        System.out.println(sum);
    }

    public static void multipleLoopVariables() {
        for (int i = 0, j = 10; i < j; i++, j--) {
            System.out.print(i * j);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void emptyBodyLoop() {
        int i;
        for (i = 1; i < 1000; i <<= 1) {
            // nothing
        }
        System.out.println(i);
    }

    public static void primeSieveWithoutArrays() {
        int primes = 0;
        outer:
        for (int n = 2; n < 200; n++) {
            for (int d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    continue outer;
                }
            }
            primes++;
        }
        System.out.println(primes);
    }

    public static void gcdLoop() {
        int a = 1071;
        int b = 462;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        System.out.println(a);
    }

    public static void bitLoop() {
        int x = 0xDEADBEEF;
        int bits = 0;
        while (x != 0) {
            x &= x - 1;
            bits++;
        }
        System.out.println(bits);
    }

    public static void nestedLabelsSameLoop() {
        int r = 0;
        a:
        for (int i = 0; i < 4; i++) {
            b:
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    if (k == 2) {
                        continue b;
                    }
                    if (j == 3) {
                        continue a;
                    }
                    if (i == 3) {
                        break a;
                    }
                    r = r * 3 + i + j + k;
                }
            }
        }
        System.out.println(r);
    }

    public static void failsLoopRunsIntoBounds() {
        int[] a = Arrays.INTS;
        int sum = 0;
        for (int i = 0; i <= a.length; i++) {
            sum += a[i];
        }
        System.out.println(sum);
    }
}
