package org.zeptux.compiler.testdata.diff;

/**
 * The failures whose HotSpot messages name classes: casts between compiled classes, String and
 * arrays (each class's module and loader, as {@code java -cp} runs the program), and array
 * stores.
 */
public final class ClassNamesInFailures {
    private ClassNamesInFailures() {}

    static class Shape {
    }

    static final class Circle extends Shape {
    }

    interface Named {
    }

    static final Object CIRCLE = new Circle();
    static final Object TEXT = "text";
    static final Object INTS = new int[2];
    static final Object OBJECTS = new Object[2];
    static final Object[] STRINGS = new String[2];
    static final Object[] SHAPES = new Shape[2];

    public static void castsThatHold() {
        System.out.println(((Shape) CIRCLE) != null);
        System.out.println(((String) TEXT).length());
        System.out.println(((int[]) INTS).length);
    }

    public static void failsCastingAStringToACompiledClass() {
        System.out.println((Shape) TEXT != null);
    }

    public static void failsCastingACompiledClassToString() {
        System.out.println(((String) CIRCLE).length());
    }

    public static void failsCastingAnIntArrayToALongArray() {
        System.out.println(((long[]) INTS).length);
    }

    public static void failsCastingObjectsToStrings() {
        System.out.println(((String[]) OBJECTS).length);
    }

    public static void failsCastingToAnInterface() {
        System.out.println((Named) CIRCLE != null);
    }

    public static void failsStoringAnArrayIntoStrings() {
        STRINGS[0] = INTS;
    }

    public static void failsStoringAStringIntoShapes() {
        SHAPES[1] = TEXT;
    }
}
