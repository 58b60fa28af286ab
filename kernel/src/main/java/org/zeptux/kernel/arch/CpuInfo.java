package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.Processor;
import org.zeptux.kernel.lib.Print;

/**
 * What CPUID says about the processor (Intel SDM vol. 2A, CPUID): leaf 0 gives the highest
 * basic leaf and the 12-character vendor string in EBX, EDX, ECX.
 */
public final class CpuInfo {
    private CpuInfo() {}

    /** Prints {@code cpu: VENDOR} (e.g. GenuineIntel, AuthenticAMD). */
    public static void print() {
        Print.str("cpu: ");
        printRegister(Processor.cpuidEbx(0, 0));
        printRegister(Processor.cpuidEdx(0, 0));
        printRegister(Processor.cpuidEcx(0, 0));
        Print.nl();
    }

    /** The four bytes of a register, low byte first, as characters. */
    private static void printRegister(int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            int c = (value >>> shift) & 0xFF;
            Print.chr(c >= 0x20 && c < 0x7F ? c : '?');
        }
    }
}
