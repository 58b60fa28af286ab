package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.ByteSource;

/**
 * Reading a cpio "newc" archive (Linux's initramfs format, buffer-format.rst): a sequence of
 * entries, each a 110-byte ASCII header (magic {@code 070701} or {@code 070702}, then thirteen
 * 8-digit hexadecimal fields), the NUL-terminated name, padding to 4 bytes, the data, padding
 * to 4 bytes; the entry named {@code TRAILER!!!} ends it.
 *
 * <p>The archive is untrusted input: {@link #next} checks every field before it is used and
 * every extent against the archive's length, overflow-proof ({@code size <= length - offset}
 * after {@code offset <= length}), and answers with one reason when something is wrong. It
 * keeps no state between calls but the cursor it is given.
 */
public final class Cpio {
    private Cpio() {}

    public static final int HEADER = 110;
    /** Mode bits: the file type. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    /** The longest name, NUL included (Linux's PATH_MAX). */
    public static final int NAME_MAX = 4096;

    /** One entry as {@link #next} reads it: every extent is inside the archive. */
    public static final class Entry {
        public long ino;
        public int mode;
        public int uid;
        public int gid;
        public int nlink;
        public long mtime;
        /** A device's number (Linux's new_encode_dev of rdevmajor and rdevminor). */
        public int rdev;
        /** Where the name starts, and its length without the NUL. */
        public long nameOffset;
        public int nameLength;
        public long dataOffset;
        public long dataLength;
        /** Where the next entry starts. */
        public long next;
        /** Whether this is the trailer (the end). */
        public boolean trailer;
    }

    /**
     * Reads the entry at {@code offset} of {@code archive} into {@code e}; null, or why the
     * bytes there are not a valid entry.
     */
    public static String next(ByteSource archive, long offset, Entry e) {
        long length = archive.length();
        if (offset < 0 || offset > length || HEADER > length - offset) {
            return "an entry header runs past the end (no TRAILER!!!)";
        }
        for (int i = 0; i < 5; i++) {
            if (archive.load8(offset + i) != "07070".charAt(i)) {
                return "not a cpio newc entry (no magic 070701)";
            }
        }
        int last = archive.load8(offset + 5);
        if (last != '1' && last != '2') {
            return "not a cpio newc entry (no magic 070701)";
        }
        for (int i = 0; i < 13; i++) {
            if (hex(archive, offset + 6 + 8L * i) < 0) {
                return "a header field is not 8 hexadecimal digits";
            }
        }
        e.ino = field(archive, offset, 0);
        e.mode = (int) field(archive, offset, 1);
        e.uid = (int) field(archive, offset, 2);
        e.gid = (int) field(archive, offset, 3);
        e.nlink = (int) field(archive, offset, 4);
        e.mtime = field(archive, offset, 5);
        long major = field(archive, offset, 9);
        long minor = field(archive, offset, 10);
        e.rdev = (int) ((minor & 0xFF) | ((major & 0xFFF) << 8) | ((minor & ~0xFFL) << 12));
        long fileSize = field(archive, offset, 6);
        long nameSize = field(archive, offset, 11);
        if (nameSize < 2 || nameSize > NAME_MAX) {
            return "a name size out of range (1 to 4095 bytes and a NUL)";
        }
        long nameOffset = offset + HEADER;
        if (nameSize > length - nameOffset) {
            return "a name runs past the end";
        }
        if (archive.load8(nameOffset + nameSize - 1) != 0) {
            return "a name without its NUL";
        }
        for (long i = 0; i < nameSize - 1; i++) {
            if (archive.load8(nameOffset + i) == 0) {
                return "a name with a NUL inside";
            }
        }
        long dataOffset = align4(nameOffset + nameSize);
        if (dataOffset > length || fileSize > length - dataOffset) {
            return "file data runs past the end";
        }
        e.nameOffset = nameOffset;
        e.nameLength = (int) (nameSize - 1);
        e.dataOffset = dataOffset;
        e.dataLength = fileSize;
        e.next = align4(dataOffset + fileSize);
        e.trailer = nameIs(archive, e, "TRAILER!!!");
        int type = e.mode & S_IFMT;
        if (!e.trailer && type != S_IFDIR && type != S_IFREG && type != S_IFLNK) {
            return null;                            // devices, fifos, sockets: the caller decides
        }
        if (type == S_IFDIR && fileSize != 0) {
            return "a directory with data";
        }
        return null;
    }

    /** Header field {@code i} (0 ino .. 12 check) of the entry at {@code offset}, already checked to be hexadecimal. */
    private static long field(ByteSource archive, long offset, int i) {
        return hex(archive, offset + 6 + 8L * i);
    }

    /** Whether entry {@code e}'s name is {@code name}. */
    public static boolean nameIs(ByteSource archive, Entry e, String name) {
        if (e.nameLength != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (archive.load8(e.nameOffset + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The 8 hexadecimal digits at {@code at} (either case), or -1. */
    private static long hex(ByteSource archive, long at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int c = archive.load8(at + i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static long align4(long x) {
        return (x + 3) & -4L;
    }
}
