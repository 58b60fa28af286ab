package org.zeptux.kernel.block;

/**
 * The partitions of a disk from its master boot record, as Linux's msdos partition parser finds
 * them: the table of four primary entries at byte 446 of sector 0 (16 bytes each: status, CHS
 * start, type at +4, CHS end, first sector at +8, sector count at +12, little-endian), valid when
 * bytes 510..511 are 0x55 0xAA. An entry of type 0 or with no sectors is unused. An extended
 * partition (type 0x05, 0x0F or 0x85) holds a chain of extended boot records, each with the
 * same signature: its first entry that is not an extended type is a logical partition (its
 * start relative to that record), its first extended entry links to the next record (its
 * start relative to the extended partition's). Primary partitions are numbers 1..4, logical
 * ones 5, 6 … in chain order; an extended partition is itself numbered, two sectors long (Linux
 * keeps it so: nothing fits a file system there).
 *
 * <p>What is refused is noted with a reason ({@link #refused}): a partition that does not lie
 * inside the disk, a logical one outside its extended partition, a broken record, a chain that
 * loops or passes {@link #MAX} partitions. The parser is safe code over byte arrays: any input
 * ends in at most {@link #MAX_RECORDS} reads, with a result and no exception
 * ({@code MbrFuzzTests}). One instance is used by one caller at a time.
 */
public final class Mbr {
    /** Partition numbers 1..MAX. */
    public static final int MAX = 15;
    /** Extended boot records read per extended partition at most (Linux's loop limit too). */
    public static final int MAX_RECORDS = 100;
    static final int SIGNATURE = 510;
    static final int TABLE = 446;
    static final int ENTRY = 16;

    /** Results of {@link #scan}. */
    public static final int OK = 0;
    public static final int NO_TABLE = 1;
    public static final int READ_ERROR = 2;

    /** Why a partition was refused: an index into {@link #REASONS}. */
    public static final int OUTSIDE_DISK = 0;
    public static final int OUTSIDE_EXTENDED = 1;
    public static final int BAD_RECORD = 2;
    public static final int UNREADABLE = 3;
    public static final int TOO_MANY = 4;
    public static final int LOOP = 5;
    public static final String[] REASONS = {
        "lies outside the disk",
        "lies outside its extended partition",
        "has an extended boot record without the 0x55AA signature",
        "has an extended boot record that cannot be read",
        "is past the last partition number",
        "is in an extended partition chain that loops",
    };

    /** Partitions found: {@link #count} of them, numbered {@link #number} in ascending order. */
    public int count;
    public final int[] number = new int[MAX];
    public final long[] start = new long[MAX];
    public final long[] sectors = new long[MAX];
    public final int[] type = new int[MAX];
    /** Refusals: {@link #refused} of them (at most MAX + 4). */
    public int refused;
    public final int[] refusedNumber = new int[MAX + 4];
    public final long[] refusedStart = new long[MAX + 4];
    public final long[] refusedSectors = new long[MAX + 4];
    public final int[] reason = new int[MAX + 4];

    private final byte[] sector = new byte[512];
    private final long[] extStart = new long[4];
    private final long[] extSectors = new long[4];

    /** Whether {@code type} is an extended partition's (DOS 0x05, Windows 0x0F, Linux 0x85). */
    public static boolean extended(int type) {
        return type == 0x05 || type == 0x0F || type == 0x85;
    }

    /**
     * Finds the partitions of a disk of {@code diskSectors} sectors read through {@code disk}:
     * OK, NO_TABLE (sector 0 has no signature: no partitions), or READ_ERROR (sector 0 cannot
     * be read).
     */
    public int scan(SectorReader disk, long diskSectors) {
        count = 0;
        refused = 0;
        if (disk.read(0, sector) != 0) {
            return READ_ERROR;
        }
        if (!signed(sector)) {
            return NO_TABLE;
        }
        int extended = 0;
        for (int i = 0; i < 4; i++) {
            int e = TABLE + ENTRY * i;
            int t = sector[e + 4] & 0xFF;
            long first = u32(sector, e + 8);
            long n = u32(sector, e + 12);
            if (t == 0 || n == 0) {
                continue;
            }
            if (first >= diskSectors || n > diskSectors - first) {
                refuse(i + 1, first, n, OUTSIDE_DISK);
            } else if (extended(t)) {
                add(i + 1, first, Math.min(n, 2), t);
                extStart[extended] = first;
                extSectors[extended] = n;
                extended++;
            } else {
                add(i + 1, first, n, t);
            }
        }
        int next = 5;
        for (int x = 0; x < extended; x++) {
            next = logical(disk, diskSectors, extStart[x], extSectors[x], next);
        }
        return OK;
    }

    /** Walks the chain of the extended partition at {@code base} ({@code size} sectors); returns the next free number. */
    private int logical(SectorReader disk, long diskSectors, long base, long size, int next) {
        long record = base;
        for (int loops = 0; ; loops++) {
            if (loops == MAX_RECORDS) {
                refuse(next, record, 0, LOOP);
                return next;
            }
            if (disk.read(record, sector) != 0) {
                refuse(next, record, 0, UNREADABLE);
                return next;
            }
            if (!signed(sector)) {
                refuse(next, record, 0, BAD_RECORD);
                return next;
            }
            long link = -1;
            boolean found = false;
            for (int i = 0; i < 4; i++) {
                int e = TABLE + ENTRY * i;
                int t = sector[e + 4] & 0xFF;
                long first = u32(sector, e + 8);
                long n = u32(sector, e + 12);
                if (t == 0 || n == 0) {
                    continue;
                }
                if (extended(t)) {
                    if (link < 0) {
                        link = first;
                    }
                } else if (!found) {
                    found = true;
                    long at = record + first;
                    if (next > MAX) {
                        refuse(next, at, n, TOO_MANY);   // numbers run out: the rest of the chain is not read
                        return next;
                    } else if (at >= diskSectors || n > diskSectors - at) {
                        refuse(next, at, n, OUTSIDE_DISK);
                    } else if (at < base || at - base >= size || n > size - (at - base)) {
                        refuse(next, at, n, OUTSIDE_EXTENDED);
                    } else {
                        add(next, at, n, t);
                    }
                    next++;
                }
            }
            if (link < 0) {
                return next;
            }
            if (link == 0 || link >= size) {
                refuse(next, base + link, 0, link == 0 ? LOOP : OUTSIDE_EXTENDED);
                return next;
            }
            record = base + link;
        }
    }

    private void add(int n, long first, long length, int t) {
        if (count < MAX) {
            number[count] = n;
            start[count] = first;
            sectors[count] = length;
            type[count] = t;
            count++;
        }
    }

    private void refuse(int n, long first, long length, int why) {
        if (refused < reason.length) {
            refusedNumber[refused] = n;
            refusedStart[refused] = first;
            refusedSectors[refused] = length;
            reason[refused] = why;
            refused++;
        }
    }

    private static boolean signed(byte[] s) {
        return (s[SIGNATURE] & 0xFF) == 0x55 && (s[SIGNATURE + 1] & 0xFF) == 0xAA;
    }

    private static long u32(byte[] s, int at) {
        return (s[at] & 0xFFL) | (s[at + 1] & 0xFFL) << 8 | (s[at + 2] & 0xFFL) << 16 | (s[at + 3] & 0xFFL) << 24;
    }
}
