package org.zeptux.compiler.testdata;

/**
 * Several refusals in one method, in one basic block, after one another: every one is reported
 * in the same run, each at its line (lowering walks the rest of a method after a refusal; what
 * only uses a refused value is not reported again). Each marked line ("error:", the expected
 * text) must match one diagnostic.
 */
public class RefusedTogether {
    static Object sink;
    static int count;

    static int calls(int x) {
        int h = sink.hashCode(); // error: java.lang.Object.hashCode() is not in the dialect
        String s = String.valueOf(x); // error: java.lang.String.valueOf(int) is not in the dialect
        long t = System.currentTimeMillis(); // error: java.lang.System.currentTimeMillis() is not in the dialect
        count += s.length();
        return h + (int) t;
    }

    static int afterARule(int x) {
        float y = x * 1.5f; // error: float and double are not in the dialect
        long n = System.nanoTime(); // error: java.lang.System.nanoTime() is not in the dialect
        return (int) n + (sink instanceof Runnable ? 1 : 0); // error: instanceof and casts to java.lang.Runnable are not in the dialect
    }

    static String used(int x) {
        StringBuilder b = new StringBuilder(); // error: 'new java.lang.StringBuilder' at run time is not in the dialect
        b.append(x);
        sink = b;
        return String.valueOf(x) + b; // error: string concatenation is not in the dialect // error: java.lang.String.valueOf(int) is not in the dialect
    }

    static void twoClasses() {
        count = Integer.parseUnsignedInt("7") + Later.value(); // error: java.lang.Integer.parseUnsignedInt(java.lang.String) is not in the dialect
    }

    static final class Later {
        static int value() {
            return (int) Thread.currentThread().getId(); // error: java.lang.Thread.currentThread() is not in the dialect
        }
    }
}
