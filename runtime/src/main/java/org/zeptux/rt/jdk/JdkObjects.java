package org.zeptux.rt.jdk;

/** {@code java.util.Objects}' checks: {@code requireNonNull}, {@code isNull}, {@code nonNull}, {@code checkIndex}. */
public final class JdkObjects {
    private JdkObjects() {}

    public static Object requireNonNull(Object obj, String where) {
        if (obj == null) {
            Fail.with("java.lang.NullPointerException", null, where);
        }
        return obj;
    }

    public static Object requireNonNull(Object obj, String message, String where) {
        if (obj == null) {
            Fail.with("java.lang.NullPointerException", message, where);
        }
        return obj;
    }

    public static boolean isNull(Object obj) {
        return obj == null;
    }

    public static boolean nonNull(Object obj) {
        return obj != null;
    }

    public static int checkIndex(int index, int length, String where) {
        if (index < 0 || index >= length) {
            Fail.format("java.lang.IndexOutOfBoundsException", "Index %d out of bounds for length %d", null, null,
                    index, length, where);
        }
        return index;
    }
}
