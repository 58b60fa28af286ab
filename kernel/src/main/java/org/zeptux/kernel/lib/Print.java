package org.zeptux.kernel.lib;

import org.zeptux.rt.KernelApi;
import org.zeptux.kernel.dev.Uart;

/**
 * Formatted output to the console (COM1), allocating nothing: strings, characters, signed
 * and unsigned decimal, and zero-padded hexadecimal.
 */
public final class Print {
    private Print() {}

    /** Prints {@code s}; "null" for null, as Java does. */
    @KernelApi
    public static void str(String s) {
        if (s == null) {
            str("null");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            Uart.write(s.charAt(i));
        }
    }

    /** Prints one character (its low byte). */
    @KernelApi
    public static void chr(int c) {
        Uart.write(c & 0xFF);
    }

    /** Prints a newline. */
    @KernelApi
    public static void nl() {
        Uart.write('\n');
    }

    /** Prints {@code v} in signed decimal. */
    @KernelApi
    public static void dec(long v) {
        if (v < 0) {
            Uart.write('-');
            // -v overflows only for Long.MIN_VALUE, whose bits are its magnitude unsigned.
            udec(-v);
        } else {
            udec(v);
        }
    }

    /** Prints {@code v} as an unsigned decimal. */
    @KernelApi
    public static void udec(long v) {
        long power = 1;                 // the largest power of ten <= v (unsigned; at most 10^19)
        while (Long.compareUnsigned(Long.divideUnsigned(v, power), 10) >= 0) {
            power *= 10;
        }
        for (; power != 0; power = Long.divideUnsigned(power, 10)) {
            long digit = Long.divideUnsigned(v, power);
            Uart.write('0' + (int) digit);
            v -= digit * power;
        }
    }

    /** Prints the low {@code digits} hex digits of {@code v}, lower case, zero-padded (1..16). */
    @KernelApi
    public static void hex(long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            int d = (int) (v >>> shift) & 0xF;
            Uart.write(d < 10 ? '0' + d : 'a' + d - 10);
        }
    }
}
