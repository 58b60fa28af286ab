package org.zeptux.compiler.testdata.diff;

/** throw new X(message) for several JDK exception classes: the failure line and where, as on the JVM. */
public final class Throws {
    private Throws() {}

    static final String MESSAGE = "constant message";
    static String variable = "variable message";
    static String nothing;

    static void check(int v) {
        if (v > 2) {
            throw new IllegalStateException("too big");
        }
        System.out.println(v);
    }

    public static void throwNotReached() {
        for (int i = 0; i < 3; i++) {
            check(i);
        }
        System.out.println("no throw");
    }

    public static void failsIllegalState() {
        for (int i = 0; i < 5; i++) {
            check(i);
        }
    }

    public static void failsIllegalArgumentWithoutMessage() {
        throw new IllegalArgumentException();
    }

    public static void failsUnsupportedOperation() {
        throw new UnsupportedOperationException("not yet");
    }

    public static void failsArithmetic() {
        throw new ArithmeticException("explicit");
    }

    public static void failsIndexOutOfBounds() {
        throw new IndexOutOfBoundsException("index 7");
    }

    public static void failsNullPointer() {
        throw new NullPointerException("explicit null");
    }

    public static void failsRuntimeException() {
        throw new RuntimeException(MESSAGE);
    }

    public static void failsError() {
        throw new Error("an error");
    }

    public static void failsAssertionError() {
        throw new AssertionError();
    }

    public static void failsInternalError() {
        throw new InternalError("internal");
    }

    public static void failsMessageFromField() {
        throw new IllegalStateException(variable);
    }

    public static void failsNullMessage() {
        throw new IllegalStateException(nothing);
    }

    public static void failsEmptyMessage() {
        throw new IllegalStateException("");
    }

    public static void failsUnicodeMessage() {
        throw new IllegalStateException("caf\u00e9 \u20ac\ud83d\ude00");
    }

    public static void failsNegativeArraySizeException() {
        throw new NegativeArraySizeException("-1");
    }

    public static void failsArrayIndexOutOfBounds() {
        throw new ArrayIndexOutOfBoundsException("Index 3 out of bounds for length 2");
    }

    public static void failsStringIndexOutOfBounds() {
        throw new StringIndexOutOfBoundsException("explicit");
    }

    public static void failsStackOverflowErrorLookalike() {
        throw new StackOverflowError("pretend");
    }

    public static void failsAfterOutputOnBothStreams() {
        System.out.println("some output");
        System.err.println("some error output");
        throw new IllegalStateException("after output");
    }

    public static void failsInsideLoopAndSwitch() {
        for (int i = 0; i < 10; i++) {
            switch (i) {
                case 4:
                    throw new IllegalStateException("four");
                default:
                    System.out.println(i);
            }
        }
    }
}
