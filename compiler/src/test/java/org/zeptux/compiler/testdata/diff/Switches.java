package org.zeptux.compiler.testdata.diff;

/** tableswitch and lookupswitch (dense, sparse, negative keys, defaults, fallthrough), switch on chars and strings. */
public final class Switches {
    private Switches() {}

    static int dense(int x) {
        switch (x) {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            case 4: return 14;
            case 5: return 15;
            default: return -1;
        }
    }

    static int sparse(int x) {
        switch (x) {
            case -1000000: return 1;
            case -7: return 2;
            case 0: return 3;
            case 100: return 4;
            case 65536: return 5;
            case Integer.MAX_VALUE: return 6;
            case Integer.MIN_VALUE: return 7;
            default: return 0;
        }
    }

    static int negativeDense(int x) {
        switch (x) {
            case -3: return 30;
            case -2: return 20;
            case -1: return 10;
            case 0: return 0;
            case 1: return -10;
            default: return 99;
        }
    }

    static String fallthrough(int x) {
        String r = "";
        switch (x) {
            case 1:
                System.out.print("one ");
            case 2:
                System.out.print("two ");
                r = "a";
            case 3:
                System.out.print("three ");
                break;
            case 4:
                r = "four";
            default:
                System.out.print("default ");
        }
        return r;
    }

    static int noDefault(int x) {
        int r = 7;
        switch (x) {
            case 2:
                r = 2;
                break;
            case 9:
                r = 9;
                break;
        }
        return r;
    }

    static int onChar(char c) {
        switch (c) {
            case 'a': return 1;
            case 'z': return 26;
            case '\u00e9': return 233;
            case '\uffff': return -1;
            case '0': case '1': case '2': return 100;
            default: return 0;
        }
    }

    static int onByte(byte b) {
        switch (b) {
            case -128: return 1;
            case -1: return 2;
            case 127: return 3;
            default: return 0;
        }
    }

    static int onShort(short s) {
        switch (s) {
            case -32768: return 1;
            case 1000: return 2;
            case 32767: return 3;
            default: return 0;
        }
    }

    static int onString(String s) {
        switch (s) {
            case "Aa": return 1;
            case "BB": return 2;
            case "AaAa": return 3;
            case "BBBB": return 4;
            case "AaBB": return 5;
            case "": return 6;
            case "hello": return 7;
            default: return 0;
        }
    }

    static String arrow(int x) {
        return switch (x) {
            case 1, 2, 3 -> "small";
            case 10 -> "ten";
            case -5 -> "minus five";
            default -> "other";
        };
    }

    static int yielding(int x) {
        return switch (x & 3) {
            case 0 -> 100;
            case 1 -> {
                int y = x * 2;
                yield y + 1;
            }
            default -> {
                yield -x;
            }
        };
    }

    static int withHoles(int x) {
        switch (x) {
            case 1: return 1;
            case 2: return 2;
            case 4: return 4;
            case 5: return 5;
            case 7: return 7;
            case 8: return 8;
            default: return -1;
        }
    }

    public static void denseTable() {
        for (int i = -2; i <= 7; i++) {
            System.out.print(dense(i));
            System.out.print(' ');
        }
        System.out.println(dense(Integer.MIN_VALUE));
    }

    public static void sparseLookup() {
        int[] keys = SPARSE_KEYS;
        for (int i = 0; i < keys.length; i++) {
            System.out.print(sparse(keys[i]));
        }
        System.out.println();
    }

    static final int[] SPARSE_KEYS = {-1000000, -1000001, -7, -6, 0, 1, 100, 99, 65536, 65535,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1};

    public static void negativeKeys() {
        for (int i = -5; i <= 3; i++) {
            System.out.print(negativeDense(i));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void fallthroughPaths() {
        for (int i = 0; i <= 5; i++) {
            System.out.println(fallthrough(i));
        }
    }

    public static void switchWithoutDefault() {
        System.out.println(noDefault(2));
        System.out.println(noDefault(9));
        System.out.println(noDefault(3));
    }

    public static void switchOnChar() {
        System.out.println(onChar('a'));
        System.out.println(onChar('z'));
        System.out.println(onChar('\u00e9'));
        System.out.println(onChar('\uffff'));
        System.out.println(onChar('1'));
        System.out.println(onChar('3'));
    }

    public static void switchOnByteAndShort() {
        System.out.println(onByte((byte) 128));
        System.out.println(onByte((byte) 255));
        System.out.println(onByte((byte) 127));
        System.out.println(onByte((byte) 0));
        System.out.println(onShort((short) 32768));
        System.out.println(onShort((short) 1000));
        System.out.println(onShort((short) 0x17fff));
        System.out.println(onShort((short) 5));
    }

    public static void stringSwitch() {
        System.out.println(onString("hello"));
        System.out.println(onString(""));
        System.out.println(onString("help"));
        System.out.println(onString("Hello"));
    }

    public static void stringSwitchHashCollisions() {
        System.out.println("Aa".hashCode() == "BB".hashCode());
        System.out.println(onString("Aa"));
        System.out.println(onString("BB"));
        System.out.println(onString("AaAa"));
        System.out.println(onString("BBBB"));
        System.out.println(onString("AaBB"));
        System.out.println(onString("BBAa"));
    }

    public static void arrowSwitch() {
        for (int i = -5; i <= 11; i += 3) {
            System.out.println(arrow(i));
        }
        System.out.println(arrow(10));
        System.out.println(arrow(2));
    }

    public static void switchExpressionYield() {
        for (int i = -4; i < 4; i++) {
            System.out.print(yielding(i));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void tableWithHoles() {
        for (int i = 0; i <= 9; i++) {
            System.out.print(withHoles(i));
            System.out.print(' ');
        }
        System.out.println();
    }

    public static void switchInLoopWithContinue() {
        int sum = 0;
        for (int i = 0; i < 20; i++) {
            switch (i % 4) {
                case 0:
                    continue;
                case 1:
                    sum += i;
                    break;
                case 2:
                    sum -= 1;
                    // fall through
                default:
                    sum *= 2;
            }
            sum ^= 1;
        }
        System.out.println(sum);
    }

    public static void nestedSwitch() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                switch (i) {
                    case 0:
                        switch (j) {
                            case 0: System.out.print("00 "); break;
                            default: System.out.print("0x ");
                        }
                        break;
                    case 1:
                        System.out.print(j == 1 ? "11 " : "1x ");
                        break;
                    default:
                        System.out.print("xx ");
                }
            }
        }
        System.out.println();
    }

    public static void switchOnLongCast() {
        long[] values = LONG_KEYS;
        for (int i = 0; i < values.length; i++) {
            System.out.print(dense((int) values[i]));
            System.out.print(' ');
        }
        System.out.println();
    }

    static final long[] LONG_KEYS = {0x100000003L, -1L, 5L, 0xFFFFFFFF00000001L};

    public static void failsStringSwitchOnNull() {
        String s = Branches.nothing;
        System.out.println(onString("Aa"));
        System.out.println(onString(s));
    }
}
