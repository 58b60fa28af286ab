package org.zeptux.compiler.testdata.diff;

/** getstatic and putstatic: every primitive type, strings, arrays, fields of other classes and inherited ones. */
public final class StaticFields {
    private StaticFields() {}

    static boolean z;
    static byte b;
    static short s;
    static char c;
    static int i;
    static long l;
    static String str;
    static int[] arr;

    static boolean zInit = true;
    static byte bInit = -100;
    static short sInit = -30000;
    static char cInit = '\u20ac';
    static int iInit = 0xCAFEBABE;
    static long lInit = 0xDEADBEEFCAFEBABEL;
    static final String NAME = "static final";
    static final int CONST = 42;
    static int counter;

    /** A class whose static fields another class reads and writes. */
    static final class Other {
        private Other() {}

        static int shared = 5;
        static long wide = -5;
        static String text = "other";

        static void bump() {
            shared++;
            wide <<= 1;
        }
    }

    /** A base class whose static field and method are reached through {@link Derived}. */
    static class Base {
        Base() {}

        static int inherited = 11;
        static long inheritedWide = 1L << 40;

        static int twice(int x) {
            return 2 * x;
        }
    }

    /** Declares nothing of its own for {@code inherited}: accesses through it resolve to Base's fields. */
    static final class Derived extends Base {
        private Derived() {}

        static int own = 3;
    }

    static int next() {
        return ++counter;
    }

    public static void defaultsAreZero() {
        System.out.println(z);
        System.out.println(b);
        System.out.println(s);
        System.out.println((int) c);
        System.out.println(i);
        System.out.println(l);
        System.out.println(str);
        System.out.println(arr == null);
    }

    public static void initialValues() {
        System.out.println(zInit);
        System.out.println(bInit);
        System.out.println(sInit);
        System.out.println(cInit);
        System.out.println(iInit);
        System.out.println(lInit);
        System.out.println(NAME);
        System.out.println(CONST);
    }

    public static void storeAndLoadEachType() {
        z = true;
        b = (byte) 200;
        s = (short) 40000;
        c = (char) -1;
        i = Integer.MIN_VALUE;
        l = Long.MIN_VALUE;
        str = "stored";
        System.out.println(z);
        System.out.println(b);
        System.out.println(s);
        System.out.println((int) c);
        System.out.println(i);
        System.out.println(l);
        System.out.println(str);
    }

    public static void valuesPersistBetweenCases() {
        System.out.println(b);
        System.out.println(s);
        System.out.println(str);
        z = !z;
        System.out.println(z);
    }

    public static void narrowFieldArithmetic() {
        b = 127;
        b++;
        System.out.println(b);
        s = -32768;
        s--;
        System.out.println(s);
        c = 0;
        c--;
        System.out.println((int) c);
        b += 300;
        System.out.println(b);
        s *= 3;
        System.out.println(s);
    }

    public static void booleanFieldLogic() {
        z = false;
        z |= true;
        System.out.println(z);
        z &= false;
        System.out.println(z);
        z ^= true;
        System.out.println(z);
        z = !z;
        System.out.println(z);
        z = (next() & 1) == 1;
        System.out.println(z);
    }

    public static void longFieldWrap() {
        l = Long.MAX_VALUE;
        l++;
        System.out.println(l);
        l >>>= 60;
        System.out.println(l);
        l = lInit;
        l ^= -1;
        System.out.println(l);
    }

    public static void fieldIncrementForms() {
        i = 0;
        int a = i++;
        int b2 = ++i;
        int c2 = i--;
        System.out.println(a);
        System.out.println(b2);
        System.out.println(c2);
        System.out.println(i);
        i += 1000000;
        System.out.println(i);
    }

    public static void counterAcrossCalls() {
        counter = 0;
        int sum = 0;
        for (int k = 0; k < 10; k++) {
            sum += next();
        }
        System.out.println(sum);
        System.out.println(counter);
    }

    public static void otherClassFields() {
        System.out.println(Other.shared);
        System.out.println(Other.wide);
        System.out.println(Other.text);
        Other.bump();
        Other.bump();
        System.out.println(Other.shared);
        System.out.println(Other.wide);
    }

    public static void writeOtherClassFields() {
        Other.shared = -1;
        Other.wide = Long.MIN_VALUE;
        Other.text = NAME;
        Other.bump();
        System.out.println(Other.shared);
        System.out.println(Other.wide);
        System.out.println(Other.text);
    }

    public static void inheritedStaticField() {
        System.out.println(Derived.inherited);
        Derived.inherited += 5;
        System.out.println(Base.inherited);
        Base.inherited *= 2;
        System.out.println(Derived.inherited);
        System.out.println(Derived.inheritedWide);
        Derived.inheritedWide--;
        System.out.println(Base.inheritedWide);
        System.out.println(Derived.own);
    }

    public static void inheritedStaticMethod() {
        System.out.println(Derived.twice(21));
        System.out.println(Derived.twice(Integer.MIN_VALUE + 1));
    }

    public static void stringFieldSwap() {
        String a = Other.text;
        Other.text = str;
        str = a;
        System.out.println(Other.text);
        System.out.println(str);
    }

    public static void arrayFieldAssignment() {
        arr = Arrays.INTS;
        System.out.println(arr.length);
        System.out.println(arr == Arrays.INTS);
        arr = null;
        System.out.println(arr == null);
    }

    public static void fieldInitialisedFromOtherField() {
        System.out.println(FROM_OTHER);
        System.out.println(FROM_CONST);
    }

    static final long FROM_OTHER = lInitValue() * 3;
    static final int FROM_CONST = CONST * CONST;

    static long lInitValue() {
        return 0x1234;
    }

    public static void failsNullStringField() {
        str = null;
        System.out.println(str);
        System.out.println(str.length());
    }

    public static void failsNullArrayField() {
        arr = null;
        System.out.println(arr.length);
    }
}
