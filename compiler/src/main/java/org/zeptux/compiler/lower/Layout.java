package org.zeptux.compiler.lower;

/**
 * Object layouts in the image heap. Every object starts with a 16-byte header:
 *
 * <pre>
 *   +0  u64 class word: strings point at class.java.lang.String; arrays 0 (until classes have vtables)
 *   +8  u32 length (array elements, string chars)
 *   +12 u32 String: the Java hash code; arrays: 0
 *   +16 elements (strings: UTF-16 chars), naturally aligned
 * </pre>
 */
public final class Layout {
    private Layout() {}

    public static final int HEADER = 16;
    public static final int LENGTH_OFFSET = 8;
    public static final int HASH_OFFSET = 12;
    public static final int ELEMENTS_OFFSET = 16;
}
