package org.zeptux.kernel.arch;

import org.zeptux.kernel.mm.Paging;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * Finds ACPI tables (ACPI 6.5, chapter 5.2): the RSDP in the first KiB of the EBDA or in the
 * BIOS area 0xE0000..0xFFFFF on a 16-byte boundary, then the XSDT (ACPI 2.0+) or the RSDT,
 * whose entries point at the other tables. Every structure's checksum is verified; a table
 * that fails it is ignored. Tables are mapped into the direct-map window as they are found
 * (Paging.mapFirmware); every address this class returns is virtual.
 */
public final class Acpi {
    private Acpi() {}

    /** "RSD PTR ", little-endian. */
    static final long RSDP_SIGNATURE = 0x2052545020445352L;
    /** "APIC": the MADT. */
    public static final int MADT = 0x43495041;
    static final int HEADER = 36;

    private static long rsdp;

    /** Locates the RSDP; false if the firmware has none. Safe to call again. */
    public static boolean init() {
        rsdp = 0;
        long ebda = (long) Memory.load16(Phys.virt(PhysAddr.of(0x40E)).toLong()) << 4;  // the BIOS data area's EBDA segment
        if (ebda >= 0x80000 && ebda < 0xA0000) {
            rsdp = scan(Phys.virt(PhysAddr.of(ebda)).toLong(), Phys.virt(PhysAddr.of(ebda + 1024)).toLong());
        }
        if (rsdp == 0) {
            // the first MiB is direct-mapped
            rsdp = scan(Phys.virt(PhysAddr.of(0xE0000)).toLong(), Phys.virt(PhysAddr.of(0x100000)).toLong());
        }
        return rsdp != 0;
    }

    /** The RSDP's (virtual) address, or 0. */
    public static long rsdp() {
        return rsdp;
    }

    /** The first valid RSDP in [{@code from}, {@code to}) (virtual) on 16-byte boundaries, or 0. */
    public static long scan(long from, long to) {
        for (long p = from; p + 20 <= to; p += 16) {
            if (Memory.load64(p) == RSDP_SIGNATURE && checksum(p, 20) == 0) {
                if (Memory.load8(p + 15) < 2 || checksum(p, Memory.load32(p + 20)) == 0) {
                    return p;
                }
            }
        }
        return 0;
    }

    /** The (virtual) address of the table with {@code signature} (e.g. {@link #MADT}) whose checksum is right, or 0. */
    public static long find(int signature) {
        if (rsdp == 0) {
            return 0;
        }
        long root;
        int entrySize;
        if (Memory.load8(rsdp + 15) >= 2 && Memory.load64(rsdp + 24) != 0) {
            root = Memory.load64(rsdp + 24);               // XSDT: 64-bit entries
            entrySize = 8;
        } else {
            root = Memory.load32(rsdp + 16) & 0xFFFFFFFFL; // RSDT: 32-bit entries
            entrySize = 4;
        }
        root = mapTable(root);
        if (root == 0) {
            return 0;
        }
        long length = Memory.load32(root + 4) & 0xFFFFFFFFL;
        for (long e = root + HEADER; e + entrySize <= root + length; e += entrySize) {
            long phys = entrySize == 8 ? Memory.load64(e) : Memory.load32(e) & 0xFFFFFFFFL;
            long table = phys == 0 ? 0 : mapTable(phys);
            if (table != 0 && Memory.load32(table) == signature) {
                return table;
            }
        }
        return 0;
    }

    /** Maps the table at physical {@code phys}, checks its length and checksum; its virtual address or 0. */
    private static long mapTable(long phys) {
        long table = Paging.mapFirmware(phys, HEADER);
        long length = Memory.load32(table + 4) & 0xFFFFFFFFL;
        if (length < HEADER || length > (1 << 20)) {
            return 0;
        }
        Paging.mapFirmware(phys, length);
        return checksum(table, length) == 0 ? table : 0;
    }

    /** The byte sum of [{@code p}, {@code p + length}) modulo 256: 0 for a valid structure. */
    public static int checksum(long p, long length) {
        int sum = 0;
        for (long i = 0; i < length; i++) {
            sum += Memory.load8(p + i);
        }
        return sum & 0xFF;
    }
}
