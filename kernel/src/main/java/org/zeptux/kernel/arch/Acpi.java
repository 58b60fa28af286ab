package org.zeptux.kernel.arch;

import org.zeptux.kernel.hw.FirmwareView;
import org.zeptux.kernel.hw.Paging;

/**
 * Finds ACPI tables (ACPI 6.5, chapter 5.2): the RSDP in the first KiB of the EBDA or in the
 * BIOS area 0xE0000..0xFFFFF on a 16-byte boundary, then the XSDT (ACPI 2.0+) or the RSDT,
 * whose entries point at the other tables. Every structure's checksum is verified; a table
 * that fails it is ignored. Everything is read through firmware views, which map the tables
 * as they are found (Paging.mapFirmware) and stop a malformed length at the structure's end.
 */
public final class Acpi {
    private Acpi() {}

    /** "RSD PTR ", little-endian. */
    static final long RSDP_SIGNATURE = 0x2052545020445352L;
    /** "APIC": the MADT. */
    public static final int MADT = 0x43495041;
    static final int HEADER = 36;
    /** Where the BIOS data area keeps the EBDA's segment. */
    static final long EBDA_SEGMENT = 0x40E;

    /** The first MiB while the RSDP is looked for; the RSDP; the root table; the table {@link #find} found. */
    private static final FirmwareView LOW = FirmwareView.empty();
    private static final FirmwareView RSDP = FirmwareView.empty();
    private static final FirmwareView ROOT = FirmwareView.empty();
    private static final FirmwareView TABLE = FirmwareView.empty();
    private static boolean found;

    /** Locates the RSDP; false if the firmware has none. Safe to call again. */
    public static boolean init() {
        found = false;
        long ebda = (long) LOW.mapLow(EBDA_SEGMENT, 2).load16(0) << 4;
        if (ebda >= 0x80000 && ebda < 0xA0000) {
            found = locate(ebda, 1024);
        }
        if (!found) {
            found = locate(0xE0000, 0x20000);
        }
        return found;
    }

    /** Looks for the RSDP in physical [{@code from}, +{@code length}) of the first MiB; points RSDP at it. */
    private static boolean locate(long from, long length) {
        long at = scan(LOW.mapLow(from, length));
        if (at < 0) {
            return false;
        }
        RSDP.mapLow(from + at, LOW.load8(at + 15) >= 2 ? HEADER : 20);
        return true;
    }

    /** The offset of the first valid RSDP in {@code view}, on 16-byte boundaries, or -1. */
    public static long scan(FirmwareView view) {
        for (long p = 0; p + 20 <= view.length(); p += 16) {
            if (view.load64(p) == RSDP_SIGNATURE && checksum(view, p, 20) == 0) {
                if (view.load8(p + 15) < 2) {
                    return p;
                }
                long length = view.load32u(p + 20);
                if (length >= 20 && length <= view.length() - p && checksum(view, p, length) == 0) {
                    return p;
                }
            }
        }
        return -1;
    }

    /** The table with {@code signature} (e.g. {@link #MADT}) whose checksum is right, or null. */
    public static FirmwareView find(int signature) {
        if (!found) {
            return null;
        }
        long root;
        int entrySize;
        if (RSDP.load8(15) >= 2 && RSDP.load64(24) != 0) {
            root = RSDP.load64(24);                     // XSDT: 64-bit entries
            entrySize = 8;
        } else {
            root = RSDP.load32u(16);                    // RSDT: 32-bit entries
            entrySize = 4;
        }
        if (!mapTable(ROOT, root)) {
            return null;
        }
        for (long e = HEADER; e + entrySize <= ROOT.length(); e += entrySize) {
            long phys = entrySize == 8 ? ROOT.load64(e) : ROOT.load32u(e);
            if (phys != 0 && mapTable(TABLE, phys) && TABLE.load32(0) == signature) {
                return TABLE;
            }
        }
        return null;
    }

    /** Points {@code view} at the table at physical {@code phys}; whether its length and checksum are right. */
    private static boolean mapTable(FirmwareView view, long phys) {
        long length = view.map(phys, HEADER).load32u(4);
        if (length < HEADER || length > (1 << 20)) {
            return false;
        }
        return checksum(view.map(phys, length), 0, length) == 0;
    }

    /** The byte sum of {@code length} bytes at {@code offset} of {@code view} modulo 256: 0 for a valid structure. */
    public static int checksum(FirmwareView view, long offset, long length) {
        int sum = 0;
        for (long i = 0; i < length; i++) {
            sum += view.load8(offset + i);
        }
        return sum & 0xFF;
    }
}
