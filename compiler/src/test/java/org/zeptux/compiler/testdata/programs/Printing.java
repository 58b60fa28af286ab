package org.zeptux.compiler.testdata.programs;

/** Every print and println overload on both streams, with edge values and non-ASCII text. */
public class Printing {
    static final String NOTHING = null;

    public static void main(String[] args) {
        System.out.println("plain");
        System.out.print("no newline|");
        System.out.println();
        System.out.println(0);
        System.out.println(Integer.MIN_VALUE);
        System.out.println(Integer.MAX_VALUE);
        System.out.println(Long.MIN_VALUE);
        System.out.println(Long.MAX_VALUE);
        System.out.println(-1L);
        System.out.println((byte) -128);
        System.out.println((short) 40000);
        System.out.println('x');
        System.out.println((char) 0xe9);
        System.out.println((char) 0x20ac);
        System.out.println(true);
        System.out.println(false);
        System.out.println(NOTHING);
        System.out.println("Zeptux — ünïcödé € \uD83D\uDE80 and a lone \uD800 surrogate");
        System.out.print('a');
        System.out.print(1);
        System.out.print(2L);
        System.out.print(false);
        System.out.println("!");
        // The stream stays on the operand stack across the branches of these expressions
        // (the first random program the fuzzer generated found that this was refused).
        System.out.println(NOTHING == null ? "unset" : "set");
        System.out.println(Integer.MAX_VALUE > 0 && NOTHING == null);
        System.err.println("on stderr");
        for (int i = 0; i < 3000; i++) {
            System.out.print(i % 10);   // more than one buffer's worth
        }
        System.out.println();
    }
}
