package org.zeptux.compiler.testdata.diff;

/**
 * Static initialisers, which zeptuxc runs at build time on the JVM: the values they leave must be
 * the values the JVM computes when it runs them itself.
 */
public final class StaticInit {
    private StaticInit() {}

    static final int[] CRC_TABLE = new int[256];
    static final long[] FIBONACCI = new long[93];
    static final byte[] BYTES = new byte[300];
    static final short[] SHORTS = {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE};
    static final char[] CHARS = "h\u00e9llo \u20ac\ud83d\ude00".toCharArray();
    static final boolean[] FLAGS = new boolean[10];
    static final int[] SHARED = {1, 2, 3};
    static final int[] ALIAS = SHARED;
    static int[] another = SHARED;
    static final int[] EMPTY = {};
    static final String BUILT;
    static final String EMPTY_STRING = "";
    static final String NULL_STRING = null;
    static final int PRIMES_BELOW_1000;
    static final long MIXED;
    static int fromOtherClass = StaticFields.CONST + IntArith.EDGES.length;
    static boolean initialised;

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
        FIBONACCI[1] = 1;
        for (int n = 2; n < FIBONACCI.length; n++) {
            FIBONACCI[n] = FIBONACCI[n - 1] + FIBONACCI[n - 2];
        }
        for (int n = 0; n < BYTES.length; n++) {
            BYTES[n] = (byte) (n * 37);
        }
        for (int n = 0; n < FLAGS.length; n++) {
            FLAGS[n] = n % 3 == 0;
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < 5; n++) {
            sb.append(n).append(',');
        }
        BUILT = sb.toString() + "done";
        PRIMES_BELOW_1000 = countPrimes(1000);
        long m = 1;
        for (int n = 0; n < 50; n++) {
            m = m * 6364136223846793005L + 1442695040888963407L;
        }
        MIXED = m;
        initialised = true;
    }

    /** Called only from the static initialiser: runs at build time, so it may allocate. */
    static int countPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int count = 0;
        for (int n = 2; n < limit; n++) {
            if (!composite[n]) {
                count++;
                for (int k = n * n; k < limit; k += n) {
                    composite[k] = true;
                }
            }
        }
        return count;
    }

    static int crc(byte[] data, int length) {
        int c = -1;
        for (int n = 0; n < length; n++) {
            c = CRC_TABLE[(c ^ data[n]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }

    public static void crcTable() {
        System.out.println(CRC_TABLE[0]);
        System.out.println(CRC_TABLE[1]);
        System.out.println(CRC_TABLE[128]);
        System.out.println(CRC_TABLE[255]);
        long sum = 0;
        for (int n = 0; n < CRC_TABLE.length; n++) {
            sum = sum * 31 + CRC_TABLE[n];
        }
        System.out.println(sum);
    }

    public static void crcOfBytes() {
        System.out.println(crc(BYTES, BYTES.length));
        System.out.println(crc(BYTES, 10));
        System.out.println(crc(BYTES, 0));
    }

    public static void fibonacciTable() {
        System.out.println(FIBONACCI[10]);
        System.out.println(FIBONACCI[50]);
        System.out.println(FIBONACCI[92]);
        System.out.println(FIBONACCI.length);
    }

    public static void byteTable() {
        for (int n = 0; n < 12; n++) {
            System.out.print(BYTES[n]);
            System.out.print(' ');
        }
        System.out.println(BYTES[299]);
    }

    public static void shortAndCharTables() {
        for (int n = 0; n < SHORTS.length; n++) {
            System.out.print(SHORTS[n]);
            System.out.print(' ');
        }
        System.out.println();
        for (int n = 0; n < CHARS.length; n++) {
            System.out.print((int) CHARS[n]);
            System.out.print(' ');
        }
        System.out.println(CHARS.length);
    }

    public static void booleanTable() {
        for (int n = 0; n < FLAGS.length; n++) {
            System.out.print(FLAGS[n]);
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void sharedArrayIsOneObject() {
        System.out.println(ALIAS == SHARED);
        System.out.println(another == SHARED);
        ALIAS[0] = 100;
        System.out.println(SHARED[0]);
        System.out.println(another[0]);
        another[2] = -3;
        System.out.println(SHARED[2]);
    }

    public static void emptyArray() {
        System.out.println(EMPTY.length);
    }

    public static void stringsBuiltAtBuildTime() {
        System.out.println(BUILT);
        System.out.println(BUILT.length());
        System.out.println(BUILT.hashCode());
        System.out.println(EMPTY_STRING.isEmpty());
        System.out.println(NULL_STRING == null);
        System.out.println(NULL_STRING);
    }

    public static void valuesComputedByHelpers() {
        System.out.println(PRIMES_BELOW_1000);
        System.out.println(MIXED);
        System.out.println(fromOtherClass);
        System.out.println(initialised);
    }

    public static void failsEmptyArrayAccess() {
        System.out.println(EMPTY[0]);
    }
}
