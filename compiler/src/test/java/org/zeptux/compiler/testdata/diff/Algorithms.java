package org.zeptux.compiler.testdata.diff;

/** Small whole algorithms mixing every family: sorting, searching, hashing, bit tricks, state machines. */
public final class Algorithms {
    private Algorithms() {}

    static final int[] DATA = new int[64];
    static final long[] WIDE = new long[32];
    static final byte[] TEXT = "The quick brown fox jumps over the lazy dog".getBytes();
    static final char[] BUFFER = new char[32];
    static final int[] HEAP = new int[33];
    static int heapSize;
    static long seed = 42;

    static int random() {
        seed = seed * 0x5DEECE66DL + 0xBL & (1L << 48) - 1;
        return (int) (seed >>> 16);
    }

    static void randomise() {
        seed = 42;
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = random();
        }
    }

    static void print(int[] a, int n) {
        for (int i = 0; i < n; i++) {
            System.out.print(a[i]);
            System.out.print(' ');
        }
        System.out.println();
    }

    static void quicksort(int[] a, int lo, int hi) {
        if (lo >= hi) {
            return;
        }
        int pivot = a[lo + (hi - lo) / 2];
        int i = lo;
        int j = hi;
        while (i <= j) {
            while (a[i] < pivot) {
                i++;
            }
            while (a[j] > pivot) {
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
        quicksort(a, lo, j);
        quicksort(a, i, hi);
    }

    static int binarySearch(int[] a, int key) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else if (a[mid] > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    static void heapPush(int v) {
        heapSize++;
        int i = heapSize;
        HEAP[i] = v;
        while (i > 1 && HEAP[i / 2] > HEAP[i]) {
            int t = HEAP[i / 2];
            HEAP[i / 2] = HEAP[i];
            HEAP[i] = t;
            i /= 2;
        }
    }

    static int heapPop() {
        int top = HEAP[1];
        HEAP[1] = HEAP[heapSize];
        heapSize--;
        int i = 1;
        while (true) {
            int l = 2 * i;
            int r = l + 1;
            int m = i;
            if (l <= heapSize && HEAP[l] < HEAP[m]) {
                m = l;
            }
            if (r <= heapSize && HEAP[r] < HEAP[m]) {
                m = r;
            }
            if (m == i) {
                return top;
            }
            int t = HEAP[i];
            HEAP[i] = HEAP[m];
            HEAP[m] = t;
            i = m;
        }
    }

    static int toDecimal(long v) {
        int n = 0;
        boolean negative = v < 0;
        do {
            long digit = v % 10;
            BUFFER[n++] = (char) ('0' + (negative ? -digit : digit));
            v /= 10;
        } while (v != 0);
        if (negative) {
            BUFFER[n++] = '-';
        }
        return n;
    }

    public static void quicksortRandom() {
        randomise();
        quicksort(DATA, 0, DATA.length - 1);
        boolean sorted = true;
        for (int i = 1; i < DATA.length; i++) {
            sorted &= DATA[i - 1] <= DATA[i];
        }
        System.out.println(sorted);
        print(DATA, 8);
    }

    public static void binarySearchSorted() {
        randomise();
        quicksort(DATA, 0, DATA.length - 1);
        System.out.println(binarySearch(DATA, DATA[17]));
        System.out.println(binarySearch(DATA, DATA[0] - 1));
        System.out.println(binarySearch(DATA, Integer.MAX_VALUE));
        System.out.println(binarySearch(DATA, DATA[40] + 1) < 0);
    }

    public static void heapSort() {
        heapSize = 0;
        for (int i = 0; i < 32; i++) {
            heapPush((i * 37 + 11) % 32 - 16);
        }
        for (int i = 0; i < 32; i++) {
            System.out.print(heapPop());
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void fnvHashOfBytes() {
        int h = 0x811c9dc5;
        for (int i = 0; i < TEXT.length; i++) {
            h ^= TEXT[i] & 0xFF;
            h *= 0x01000193;
        }
        System.out.println(h);
        System.out.println(Integer.toUnsignedLong(h));
    }

    public static void letterHistogram() {
        for (int i = 0; i < 26; i++) {
            DATA[i] = 0;
        }
        for (int i = 0; i < TEXT.length; i++) {
            int c = TEXT[i] | 0x20;
            if (c >= 'a' && c <= 'z') {
                DATA[c - 'a']++;
            }
        }
        print(DATA, 26);
    }

    public static void decimalConversion() {
        long[] values = Helpers.LONGS;
        for (int k = 0; k < values.length; k++) {
            int n = toDecimal(values[k]);
            for (int i = n - 1; i >= 0; i--) {
                System.out.print(BUFFER[i]);
            }
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void hexConversion() {
        int x = 0xCAFEBABE;
        for (int shift = 28; shift >= 0; shift -= 4) {
            int nibble = x >>> shift & 0xF;
            System.out.print((char) (nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
        }
        System.out.println();
    }

    public static void bitSetOperations() {
        for (int i = 0; i < WIDE.length; i++) {
            WIDE[i] = 0;
        }
        for (int bit = 0; bit < 2048; bit += 7) {
            WIDE[bit >>> 6] |= 1L << bit;
        }
        int count = 0;
        for (int i = 0; i < WIDE.length; i++) {
            count += Long.bitCount(WIDE[i]);
        }
        System.out.println(count);
        System.out.println(WIDE[3]);
        System.out.println((WIDE[5] & 1L << (353 & 63)) != 0);
    }

    public static void isqrt() {
        long[] xs = Helpers.LONGS;
        for (int k = 0; k < xs.length; k++) {
            long x = xs[k];
            if (x < 0) {
                continue;
            }
            long r = 0;
            for (long bit = 1L << 62; bit != 0; bit >>>= 2) {
                if (x >= r + bit) {
                    x -= r + bit;
                    r = (r >> 1) + bit;
                } else {
                    r >>= 1;
                }
            }
            System.out.print(r);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void stateMachine() {
        String input = "ab1c22d333e";
        int state = 0;
        int numbers = 0;
        int letters = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            switch (state) {
                case 0:
                    if (digit) {
                        numbers++;
                        state = 1;
                    } else {
                        letters++;
                    }
                    break;
                case 1:
                    if (!digit) {
                        letters++;
                        state = 0;
                    }
                    break;
                default:
                    throw new IllegalStateException("bad state");
            }
        }
        System.out.println(numbers);
        System.out.println(letters);
    }

    public static void modularPower() {
        long base = 2;
        long exp = 1_000_000_006L;
        long mod = 1_000_000_007L;
        long result = 1;
        base %= mod;
        while (exp > 0) {
            if ((exp & 1) == 1) {
                result = result * base % mod;
            }
            base = base * base % mod;
            exp >>= 1;
        }
        System.out.println(result);
    }

    public static void collatzMax() {
        int best = 0;
        int bestStart = 0;
        for (int start = 1; start < 1000; start++) {
            long n = start;
            int steps = 0;
            while (n != 1) {
                n = (n & 1) == 0 ? n >> 1 : 3 * n + 1;
                steps++;
            }
            if (steps > best) {
                best = steps;
                bestStart = start;
            }
        }
        System.out.println(bestStart);
        System.out.println(best);
    }

    public static void randomSequence() {
        seed = 7;
        for (int i = 0; i < 6; i++) {
            System.out.print(random());
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void failsHeapUnderflow() {
        heapSize = 0;
        heapPush(5);
        System.out.println(heapPop());
        heapSize = -1;
        System.out.println(heapPop());
    }
}
