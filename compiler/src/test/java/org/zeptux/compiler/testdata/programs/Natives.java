package org.zeptux.compiler.testdata.programs;

import org.zeptux.rt.Export;

/** Native methods bound to assembly symbols (NativesTests links an object defining them). */
public class Natives {
    @Export("zeptux_test_add")
    static native long add(long a, long b);

    @Export("zeptux_test_low_byte")
    static native byte lowByte(int v);

    public static void main(String[] args) {
        System.out.println(add(40, 2));
        System.out.println(add(Long.MAX_VALUE, 1));
        System.out.println(lowByte(0x1ff));
        System.out.println(lowByte(0x17f) + 1);
    }
}
