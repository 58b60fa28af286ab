package org.zeptux.kernel.mm;

import org.zeptux.kernel.boot.BootInfo;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;

/**
 * The BIOS e820 memory map, as stage 2 collected it (unsorted, possibly overlapping: the
 * memory issue sanitises it). Printed exactly as Linux prints it at boot:
 * {@code e820: [mem 0x0000000000000000-0x000000000009fbff] usable}.
 */
public final class E820 {
    private E820() {}

    public static final int USABLE = 1;
    public static final int RESERVED = 2;
    public static final int ACPI_DATA = 3;
    public static final int ACPI_NVS = 4;
    public static final int UNUSABLE = 5;

    /** An entry as the BIOS writes it (INT 15h, AX=E820h; ACPI 3.0 extended attributes). */
    @Struct(size = BootInfo.E820_ENTRY_SIZE)
    public interface Entry {
        @Offset(0) long base();

        @Offset(8) long length();

        @Offset(16) int type();

        @Offset(20) int attributes();
    }

    /** The entry's base address. */
    public static long base(long entry) {
        return BootInfo.e820Base(entry);
    }

    /** The entry's length in bytes. */
    public static long length(long entry) {
        return BootInfo.e820Length(entry);
    }

    /** The entry's type (1 usable, 2 reserved, ...). */
    public static int type(long entry) {
        return BootInfo.e820Type(entry);
    }

    /** Prints one line per entry and then {@code memory: N KiB usable}. */
    public static void print(long info) {
        int n = BootInfo.e820Count(info);
        for (int i = 0; i < n; i++) {
            long e = BootInfo.e820Entry(info, i);
            Print.str("e820: [mem 0x");
            Print.hex(base(e), 16);
            Print.str("-0x");
            Print.hex(base(e) + length(e) - 1, 16);
            Print.str("] ");
            printType(type(e));
            Print.nl();
        }
        Print.str("memory: ");
        Print.udec(usableBytes(info) >>> 10);
        Print.str(" KiB usable");
        Print.nl();
    }

    /** The sum of the lengths of the usable entries. */
    public static long usableBytes(long info) {
        long sum = 0;
        int n = BootInfo.e820Count(info);
        for (int i = 0; i < n; i++) {
            long e = BootInfo.e820Entry(info, i);
            if (type(e) == USABLE) {
                sum += length(e);
            }
        }
        return sum;
    }

    /** Prints Linux's name for an e820 type, or {@code type N}. */
    public static void printType(int type) {
        switch (type) {
            case USABLE -> Print.str("usable");
            case RESERVED -> Print.str("reserved");
            case ACPI_DATA -> Print.str("ACPI data");
            case ACPI_NVS -> Print.str("ACPI NVS");
            case UNUSABLE -> Print.str("unusable");
            default -> {
                Print.str("type ");
                Print.udec(type & 0xFFFFFFFFL);
            }
        }
    }
}
