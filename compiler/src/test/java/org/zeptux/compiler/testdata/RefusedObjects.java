package org.zeptux.compiler.testdata;

/**
 * Constructs refused until objects come to the dialect (instance fields and methods, virtual and
 * interface calls, instanceof and casts, arrays of references, enums). Marked like {@link Refused};
 * when objects land, these expectations change with them.
 */
public class RefusedObjects {
    int count;
    static RefusedObjects one;
    static Object any;
    static String[] names;
    static Shape shape;

    /** An interface: refused as a whole, at its first line. */
    interface Shape {
        int sides();

        static int twice(int x) {
            return 2 * x; // error: interfaces are not in the dialect yet
        }
    }

    /** An abstract class with an abstract method, reported at the class's first line of code. */
    abstract static class Figure {
        Figure() { // error: instance method area is not in the dialect yet // error: abstract method area is not in the dialect yet
        }

        abstract int area();

        static int zero() {
            return 0;
        }
    }

    /** An enum: its synthetic members are refused, each at the declaration. */
    enum Colour { RED, GREEN } // error: casts and instanceof on objects are not in the dialect yet (there are no objects at run time) [in RefusedObjects$Colour.values] // error: casts and instanceof on objects are not in the dialect yet (there are no objects at run time) [in RefusedObjects$Colour.valueOf] // error: class literals and dynamic constants are not in the dialect // error: static field RED holds a org.zeptux.compiler.testdata.RefusedObjects$Colour // error: static field GREEN holds // error: static field $VALUES holds // error: .clone() is not in the dialect yet

    int instanceMethod() {
        return count; // error: instance field count is not in the dialect yet // error: instance method instanceMethod is not in the dialect yet // error: instance fields are not in the dialect yet
    }

    static int readField() {
        return one.count; // error: instance fields are not in the dialect yet
    }

    static void writeField() {
        one.count = 5; // error: instance fields are not in the dialect yet
    }

    static int virtualCall() {
        return one.instanceMethod(); // error: is not in the dialect yet
    }

    static int interfaceCall() {
        return shape.sides(); // error: calls on objects are not in the dialect yet
    }

    static boolean isString() {
        return any instanceof String; // error: casts and instanceof on objects are not in the dialect yet
    }

    static String cast() {
        return (String) any; // error: casts and instanceof on objects are not in the dialect yet
    }

    static String referenceArrayLoad() {
        return names[0]; // error: arrays of references are not in the dialect yet
    }

    static void referenceArrayStore() {
        names[0] = "x"; // error: arrays of references are not in the dialect yet
    }

    static int enumOrdinal() {
        return Colour.GREEN.ordinal(); // error: is not in the dialect
    }

    static int hashOfObject() {
        return any.hashCode(); // error: is not in the dialect yet
    }
}
