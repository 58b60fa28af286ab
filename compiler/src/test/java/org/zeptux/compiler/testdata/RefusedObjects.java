package org.zeptux.compiler.testdata;

/** Object constructs outside the dialect; each marked line ("error:", the expected text) must match one diagnostic. */
public class RefusedObjects {
    static class Plain {
        int value = 1;
    }

    static class Worker extends Thread { } // error: extends java.lang.Thread: of the JDK's classes only Object and Enum

    enum Level { LOW, HIGH }

    static final Plain PLAIN = new Plain();

    static int hash() {
        return PLAIN.hashCode(); // error: java.lang.Object.hashCode() is not in the dialect (objects have no identity hash codes
    }

    static boolean same(Object o) {
        return PLAIN.equals(o); // error: java.lang.Object.equals(java.lang.Object) is not in the dialect (objects have no identity hash codes
    }

    static int count() {
        return Level.values().length; // error: it copies the array of constants at run time
    }

    static Level named(String n) {
        return Level.valueOf(n); // error: it finds constants by reflection
    }

    static String text(Object o) {
        return o.toString(); // error: java.lang.Object.toString() is not in the dialect (objects have no identity hash codes
    }

    static Object type(Object o) {
        return o.getClass(); // error: java.lang.Object.getClass() is not in the dialect
    }
}
