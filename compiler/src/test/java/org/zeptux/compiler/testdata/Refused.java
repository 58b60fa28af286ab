package org.zeptux.compiler.testdata;

/**
 * Every construct the skeleton dialect refuses. Each marker comment on a line (two slashes,
 * "error:", the expected text) must match one diagnostic at that line; unmarked lines get none.
 */
public class Refused { // error: native method unbound needs @Export("symbol") naming the assembly symbol that implements it
    static Object sink;
    static Class<?> type() {
        return Refused.class; // error: class literals and dynamic constants are not in the dialect
    }

    static float ratio; // error: field ratio is a float: float and double are not in the dialect

    static void scale() {
        ratio = 2; // error: float and double are not in the dialect
    }

    static void allocate() {
        sink = new StringBuilder(); // error: 'new java.lang.StringBuilder' at run time is not in the dialect
    }

    static void array() {
        int[] a = new int[4]; // error: creating an array at run time is not in the dialect
        sink = a;
    }

    static String concat(String s, int i) {
        return s + i; // error: string concatenation is not in the dialect
    }

    static Runnable lambda() {
        return () -> { }; // error: lambdas and method references are not in the dialect
    }

    static int tryCatch(int a, int b) {
        try {
            return a / b;
        } catch (ArithmeticException e) { // error: try/catch is not in the dialect
            return 0;
        }
    }

    static void lock() {
        synchronized (sink) { // error: synchronized is not in the dialect
            sink = null;
        }
    }

    static int jdk(String digits) {
        return Integer.parseUnsignedInt(digits); // error: java.lang.Integer.parseUnsignedInt(java.lang.String) is not in the dialect
    }

    static void thrower(int x) {
        if (x < 0) {
            throw new IllegalStateException("negative"); // fine: a panic with this message
        }
        throw new IllegalStateException();
    }

    static void rethrow(RuntimeException e) {
        throw e; // error: only 'throw new X(message)' is in the dialect
    }

    static void keep() {
        RuntimeException e = new RuntimeException("kept"); // error: an exception can only be thrown where it is created
        throw e;
    }

    static void notAnException() {
        throw new IllegalStateException("x", null); // error: only the constructors X() and X(String message)
    }

    static int[][] grid;
    static double half = 0.5; // error: field half is a double: float and double are not in the dialect

    static void newObject() {
        sink = new Object(); // error: 'new java.lang.Object' at run time is not in the dialect
    }

    static void newOwnClass() {
        sink = new Refused(); // error: 'new org.zeptux.compiler.testdata.Refused' at run time is not in the dialect
    }

    static void newLongArray() {
        sink = new long[2]; // error: creating an array at run time is not in the dialect
    }

    static void newReferenceArray() {
        sink = new String[3]; // error: creating an array at run time is not in the dialect
    }

    static void newMultiArray() {
        grid = new int[2][3]; // error: creating an array at run time is not in the dialect
    }

    static void arrayInitialiser() {
        sink = new byte[] {1, 2}; // error: creating an array at run time is not in the dialect
    }

    static int sum(int... values) {
        int s = 0;
        for (int i = 0; i < values.length; i++) {
            s += values[i];
        }
        return s;
    }

    static int varargs() {
        return sum(1, 2, 3); // error: creating an array at run time is not in the dialect
    }

    static void boxing(int i) {
        sink = i; // error: boxing (java.lang.Integer.valueOf) is not in the dialect
    }

    static int unboxing(Integer i) {
        return i; // error: unboxing (java.lang.Integer.intValue) is not in the dialect
    }

    static void boxLong(long l) {
        sink = l; // error: boxing (java.lang.Long.valueOf) is not in the dialect
    }

    static String concatConstants(String s) {
        return "<" + s + ">"; // error: string concatenation is not in the dialect
    }

    static Runnable methodReference() {
        return Refused::newObject; // error: lambdas and method references are not in the dialect
    }

    static int tryCatchFinally(int a) {
        try {
            return 10 / a;
        } catch (ArithmeticException e) { // error: try/catch is not in the dialect
            return 0;
        } finally { // the finally part alone is in the dialect
            sink = null;
        }
    }

    static synchronized void lockedMethod() { // reported at the method's first line of code
        sink = null; // error: synchronized method lockedMethod is not in the dialect
    }

    static float floatResult() { // errors about a method's signature are at its first line of code:
        return 1; // error: the result of floatResult is a float: float and double are not in the dialect // error: float and double are not in the dialect
    }

    static int doubleParameter(double d) {
        return (int) d; // error: a parameter of doubleParameter is a double: float and double are not in the dialect // error: float and double are not in the dialect
    }

    static long floatLocal(long x) {
        float f = x; // error: float and double are not in the dialect
        return (long) (f * 2); // error: float and double are not in the dialect
    }

    static int doubleField() {
        return (int) half; // error: float and double are not in the dialect
    }

    static int doubleConstant(int x) {
        return x * (int) 2.5; // fine: javac folds the constant to an int
    }

    static boolean doubleCompare(long x) {
        double d = x; // error: float and double are not in the dialect
        return d < 0.25; // error: float and double are not in the dialect
    }

    static String reflection() {
        return Refused.class.getName(); // error: class literals and dynamic constants are not in the dialect
    }

    static native int unbound(int x); // reported at the class: a native method has no line

    static void throwParameter(Error e) {
        throw e; // error: only 'throw new X(message)' is in the dialect
    }

    static void notAThrowable() {
        sink = new Thread(); // error: 'new java.lang.Thread' at run time is not in the dialect
    }

    static int otherJdkCall(int x) {
        return Integer.toString(x).length(); // error: java.lang.Integer.toString(int) is not in the dialect
    }

    static long otherMathCall(long x) {
        return Math.multiplyHigh(x, x); // error: java.lang.Math.multiplyHigh(long, long) is not in the dialect
    }

    static boolean stringMethod(String s) {
        return s.contains("a"); // error: java.lang.String.contains(java.lang.CharSequence) is not in the dialect
    }

    static void printFloat() {
        System.out.println(half); // error: float and double are not in the dialect
    }

    static void printObject() {
        System.out.println(sink); // error: PrintStream.println(java.lang.Object) is not in the dialect
    }

    static void keepStream() {
        java.io.PrintStream p = System.out; // error: System.out
        p.println(1);
    }

    /** A 16-byte struct view. */
    @org.zeptux.rt.Struct(size = 16)
    interface Pair {
        @org.zeptux.rt.Offset(8) long second();
    }

    static final long[] ONE_LONG = new long[1];

    static long tooSmallStorage() {
        return org.zeptux.rt.Structs.over(ONE_LONG, Pair.class).second(); // error: Structs.over: 1 longs cannot hold a
    }

    static int[] cloned(int[] a) {
        return a.clone(); // error: clone() is not in the dialect (it allocates the copy at run time)
    }

    static void fillReferences(Object[] a) {
        java.util.Arrays.fill(a, sink); // error: java.util.Arrays.fill(java.lang.Object[], java.lang.Object) is not in the dialect (of java.util.Arrays, only fill and equals of primitive arrays are)
    }

    static void assertObject() {
        assert sink != null : sink; // error: the detail of an assert must be a string literal or an integer
    }

    static void throwEither(boolean c) {
        throw c ? new IllegalStateException("a") : new IllegalArgumentException("b"); // error: only 'throw new X(message)' is in the dialect
    }

    static void eitherStream(boolean c) {
        (c ? System.out : System.err).println(1); // error: System.out and System.err can only be used directly
    }

    static void printTo(java.io.PrintStream out) {
        out.println(1); // error: print and println are in the dialect on System.out and System.err only
    }

    static int notAStruct() {
        return org.zeptux.rt.Structs.size(Refused.class); // error: org.zeptux.compiler.testdata.Refused is not a @Struct interface
    }

    static void keptBeforeABranch() {
        RuntimeException e = new RuntimeException(); // error: an exception can only be thrown where it is created
        throw new IllegalStateException(e == null ? "x" : "y");
    }
}
