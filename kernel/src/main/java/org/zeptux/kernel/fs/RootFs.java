package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.ByteSource;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.rt.RecursionBound;

/**
 * The root file system: the initramfs, mounted read-only. {@link #mount} reads the whole cpio
 * archive once ({@link Cpio}: every entry checked), makes an {@link Inode} per file, directory
 * and symbolic link, and links them into a tree; file data stays in the archive, read in place.
 * A malformed archive is refused with one line naming the entry and why, and nothing is
 * mounted (every inode goes back). Paths are absolute, '/'-separated; {@code .} and {@code ..}
 * are understood; symbolic links are followed (at most {@link #MAX_LINKS} on one lookup).
 *
 * <p>Linux's rules for the archive: each entry's directory must come before it; a later entry
 * with the same name replaces the earlier one; device, FIFO and socket entries are skipped.
 *
 * <p>State: written only by {@link #mount} and {@link #unmount}, at boot, before any lookup.
 */
public final class RootFs {
    private RootFs() {}

    public static final int MAX_LINKS = 8;
    static final Pool<Inode> INODES = Pool.of("initramfs inodes", Inode.class, Owner.KERNEL_HEAP);
    private static final Cpio.Entry ENTRY = new Cpio.Entry();

    private static ByteSource archive;
    private static Inode root;
    private static long files;

    /**
     * Mounts {@code bytes} (a cpio newc archive) as the root; prints one line saying what was
     * mounted or why not, and returns null on success, or the reason.
     */
    public static String mount(ByteSource bytes) {
        unmount();
        archive = bytes;
        root = newInode(null, 0, 0);
        if (root == null) {
            return refused(0, 0, "no memory for the root inode");
        }
        root.mode = Cpio.S_IFDIR | 0755;
        root.nlink = 2;
        long offset = 0;
        long entries = 0;
        Cpio.Entry e = ENTRY;
        while (true) {
            String why = Cpio.next(bytes, offset, e);
            if (why != null) {
                return refused(entries, offset, why);
            }
            if (e.trailer) {
                break;
            }
            int type = e.mode & Cpio.S_IFMT;
            if (type == Cpio.S_IFDIR || type == Cpio.S_IFREG || type == Cpio.S_IFLNK) {
                why = add(e);
                if (why != null) {
                    return refused(entries, offset, why);
                }
            }
            entries++;
            offset = e.next;
        }
        files = entries;
        Printf.printf("initramfs: %lu entries, %lu bytes, mounted read-only on /\n", entries, bytes.length());
        return null;
    }

    private static String refused(long entry, long offset, String why) {
        unmount();
        Printf.printf("initramfs: entry %lu at offset %lu: %s; not mounted\n", entry, offset, Printf.s(why));
        return why;
    }

    /** Frees every inode; nothing is mounted afterwards. */
    public static void unmount() {
        if (root != null) {
            freeTree(root);
        }
        root = null;
        archive = null;
        files = 0;
    }

    /**
     * Frees {@code top} and everything under it, children before their directory, without
     * recursion (the stack-depth proof bounds every kernel stack; a tree may be deep): down to
     * a leaf, free it, then on to its next sibling or up to its parent, now one child fewer.
     */
    private static void freeTree(Inode top) {
        Inode at = top;
        while (true) {
            while (at.firstChild != null) {
                at = at.firstChild;
            }
            if (at == top) {
                INODES.free(at);
                return;
            }
            Inode parent = at.parent;
            Inode next = at.nextSibling;
            parent.firstChild = next;
            INODES.free(at);
            at = next != null ? next : parent;
        }
    }

    /** Enters entry {@code e} into the tree; null, or why it cannot. */
    private static String add(Cpio.Entry e) {
        // The name, less a leading "./" or "/", split at its last '/'.
        long start = e.nameOffset;
        long end = e.nameOffset + e.nameLength;
        while (start < end && (archive.load8(start) == '/'
                || archive.load8(start) == '.' && start + 1 < end && archive.load8(start + 1) == '/')) {
            start += archive.load8(start) == '/' ? 1 : 2;
        }
        if (start == end || end - start == 1 && archive.load8(start) == '.') {
            root.mode = Cpio.S_IFDIR | (e.mode & 07777);    // "." sets the root's attributes
            return null;
        }
        long slash = end - 1;
        while (slash >= start && archive.load8(slash) != '/') {
            slash--;
        }
        Inode dir = root;
        if (slash >= start) {
            dir = walk(root, start, slash);
            if (dir == null || !dir.isDirectory()) {
                return "its directory is not in the archive before it";
            }
        }
        long nameStart = slash + 1;
        int nameLength = (int) (end - nameStart);
        if (nameLength == 0 || nameLength == 1 && archive.load8(nameStart) == '.'
                || nameLength == 2 && archive.load8(nameStart) == '.' && archive.load8(nameStart + 1) == '.') {
            return "a name that is empty, . or ..";
        }
        Inode existing = child(dir, nameStart, nameLength);
        Inode node = existing;
        if (node == null) {
            node = newInode(dir, nameStart, nameLength);
            if (node == null) {
                return "no memory for its inode";
            }
        } else if (node.isDirectory() && node.firstChild != null && (e.mode & Cpio.S_IFMT) != Cpio.S_IFDIR) {
            return "it replaces a directory that is not empty";
        }
        node.ino = e.ino;
        node.mode = e.mode;
        node.uid = e.uid;
        node.gid = e.gid;
        node.nlink = Math.max(1, e.nlink);
        node.mtime = e.mtime;
        node.size = e.dataLength;
        node.dataOffset = e.dataOffset;
        return null;
    }

    private static Inode newInode(Inode parent, long nameOffset, int nameLength) {
        Inode n = INODES.alloc();
        if (n == null) {
            return null;
        }
        n.parent = parent == null ? n : parent;
        n.nameOffset = nameOffset;
        n.nameLength = nameLength;
        if (parent != null) {
            n.nextSibling = parent.firstChild;
            parent.firstChild = n;
        }
        return n;
    }

    /** The child of {@code dir} named by the archive's bytes [{@code at}, + {@code length}), or null. */
    private static Inode child(Inode dir, long at, int length) {
        for (Inode c = dir.firstChild; c != null; c = c.nextSibling) {
            if (c.nameLength == length && sameBytes(c.nameOffset, at, length)) {
                return c;
            }
        }
        return null;
    }

    private static boolean sameBytes(long a, long b, int length) {
        for (int i = 0; i < length; i++) {
            if (archive.load8(a + i) != archive.load8(b + i)) {
                return false;
            }
        }
        return true;
    }

    /** Walks the archive-held path [{@code from}, {@code to}) from {@code dir} (no link following: for mount). */
    private static Inode walk(Inode dir, long from, long to) {
        Inode at = dir;
        long i = from;
        while (i < to && at != null) {
            long j = i;
            while (j < to && archive.load8(j) != '/') {
                j++;
            }
            if (j > i) {
                at = child(at, i, (int) (j - i));
            }
            i = j + 1;
        }
        return at;
    }

    // ---- lookups by path (a Java string or bytes in an array) ----

    /** Whether a root file system is mounted. */
    public static boolean mounted() {
        return root != null;
    }

    /**
     * Path buffers, one per lookup in progress (as Linux's names_cache): a lookup copies its path
     * into one, and following a link reads the target into another, so lookups share no buffer.
     */
    public static final Pool<byte[]> PATHS = Pool.ofBytes("path buffers", Cpio.NAME_MAX, Owner.KERNEL_HEAP);

    /** The inode at absolute path {@code path} (links followed), or null (also when no path buffer is free). */
    public static Inode lookup(String path) {
        byte[] buffer = PATHS.alloc();
        if (buffer == null) {
            return null;
        }
        int n = Math.min(path.length(), buffer.length);
        for (int i = 0; i < n; i++) {
            buffer[i] = (byte) path.charAt(i);
        }
        Inode found = lookup(buffer, n);
        PATHS.free(buffer);
        return found;
    }

    /** The inode at the absolute path in {@code path}[0, {@code length}) (links followed), or null. */
    public static Inode lookup(byte[] path, int length) {
        if (root == null || length == 0 || path[0] != '/') {
            return null;
        }
        return resolve(root, path, length, 0);
    }

    /**
     * The inode at {@code path}[0, {@code length}) (links followed): an absolute path from the
     * root, a relative one from directory {@code dir}; null when there is none.
     */
    public static Inode lookupFrom(Inode dir, byte[] path, int length) {
        if (root == null || length == 0) {
            return null;
        }
        return resolve(path[0] == '/' ? root : dir, path, length, 0);
    }

    /** As {@link #lookupFrom}, for the path at {@code path}[at, at + length) (copied to a path buffer first). */
    public static Inode lookupFrom(Inode dir, byte[] path, int at, int length) {
        if (at == 0) {
            return lookupFrom(dir, path, length);
        }
        if (length > Cpio.NAME_MAX) {
            return null;
        }
        byte[] buffer = PATHS.alloc();
        if (buffer == null) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            buffer[i] = path[at + i];
        }
        Inode found = lookupFrom(dir, buffer, length);
        PATHS.free(buffer);
        return found;
    }

    /**
     * Why {@code path}[0, {@code length}) from {@code dir} names nothing: true when a directory
     * on the way is a file (ENOTDIR), false when a name is missing (ENOENT). For the error of a
     * failed lookup, so it walks again.
     */
    public static boolean throughNonDirectory(Inode dir, byte[] path, int length) {
        Inode start = length > 0 && path[0] == '/' ? root : dir;
        for (int j = 1; j < length; j++) {
            if (path[j] != '/' || path[j - 1] == '/') {
                continue;
            }
            Inode prefix = resolve(start, path, j, 0);
            if (prefix == null) {
                return false;
            }
            if (!prefix.isDirectory()) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #lookupFrom}, but a symbolic link as the last component is the result itself,
     * not its target (lstat, readlink).
     */
    public static Inode lookupNoFollow(Inode dir, byte[] path, int length) {
        if (root == null || length == 0) {
            return null;
        }
        int end = length;
        while (end > 1 && path[end - 1] == '/') {
            end--;                                  // "a/b/" names b
        }
        int slash = end - 1;
        while (slash >= 0 && path[slash] != '/') {
            slash--;
        }
        int nameAt = slash + 1;
        int nameLength = end - nameAt;
        Inode parent = slash < 0 ? dir : slash == 0 ? root : resolve(path[0] == '/' ? root : dir, path, slash, 0);
        if (parent == null || nameLength == 0 || nameLength == 1 && path[nameAt] == '.'
                || nameLength == 2 && path[nameAt] == '.' && path[nameAt + 1] == '.') {
            return lookupFrom(dir, path, length);   // "/", ".", "..": no link to stop at
        }
        if (!parent.isDirectory()) {
            return null;
        }
        return childNamed(parent, path, nameAt, nameLength);
    }

    /** Reads symbolic link {@code link}'s target into {@code dst}[0, n); returns the bytes copied (at most n). */
    public static int readLink(Inode link, byte[] dst, int n) {
        int count = (int) Math.min(n, link.size);
        archive.read(link.dataOffset, dst, 0, count);
        return count;
    }

    /** Resolves {@code path}[0, {@code to}) from {@code dir}, following symbolic links ({@code links} so far). */
    @RecursionBound(MAX_LINKS + 1)      // one activation per link followed, MAX_LINKS at most
    private static Inode resolve(Inode dir, byte[] path, int to, int links) {
        Inode at = dir;
        int i = 0;
        while (i < to) {
            int j = i;
            while (j < to && path[j] != '/') {
                j++;
            }
            int length = j - i;
            if (length == 0 || length == 1 && path[i] == '.') {
                i = j + 1;
                continue;
            }
            if (!at.isDirectory()) {
                return null;                        // ENOTDIR
            }
            Inode next;
            if (length == 2 && path[i] == '.' && path[i + 1] == '.') {
                next = at.parent;
            } else {
                next = childNamed(at, path, i, length);
            }
            if (next == null) {
                return null;                        // ENOENT
            }
            if (next.isSymlink()) {
                if (links >= MAX_LINKS) {
                    return null;                    // ELOOP
                }
                next = followLink(at, next, links + 1);
                if (next == null) {
                    return null;
                }
            }
            at = next;
            i = j + 1;
        }
        return at;
    }

    private static Inode childNamed(Inode dir, byte[] path, int at, int length) {
        for (Inode c = dir.firstChild; c != null; c = c.nextSibling) {
            if (c.nameLength != length) {
                continue;
            }
            boolean same = true;
            for (int k = 0; same && k < length; k++) {
                same = archive.load8(c.nameOffset + k) == (path[at + k] & 0xFF);
            }
            if (same) {
                return c;
            }
        }
        return null;
    }

    /** Follows symbolic link {@code link} found in {@code dir}: its target, absolute or relative to dir. */
    private static Inode followLink(Inode dir, Inode link, int links) {
        if (link.size == 0 || link.size > Cpio.NAME_MAX) {
            return null;
        }
        byte[] target = PATHS.alloc();
        if (target == null) {
            return null;
        }
        int n = (int) link.size;
        for (int k = 0; k < n; k++) {
            target[k] = (byte) archive.load8(link.dataOffset + k);
        }
        Inode found = resolve(target[0] == '/' ? root : dir, target, n, links);
        PATHS.free(target);
        return found;
    }

    /**
     * Reads up to {@code n} bytes of {@code file}'s data from {@code offset} into
     * {@code dst[at..]}; returns how many (0 at or past the end).
     */
    public static int read(Inode file, long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0) {
            throw new IndexOutOfBoundsException("a negative offset or count");
        }
        if (offset >= file.size) {
            return 0;
        }
        int count = (int) Math.min(n, file.size - offset);
        archive.read(file.dataOffset + offset, dst, at, count);
        return count;
    }

    /** The root directory, or null when nothing is mounted. */
    public static Inode root() {
        return root;
    }

    /** Copies the last component of {@code node}'s name into {@code dst[at..]} (it must fit); returns its length. */
    public static int name(Inode node, byte[] dst, int at) {
        archive.read(node.nameOffset, dst, at, node.nameLength);
        return node.nameLength;
    }

    /** Byte {@code offset} of {@code file}'s data (offset below its size). */
    public static int dataByte(Inode file, long offset) {
        if (offset < 0 || offset >= file.size) {
            throw new IndexOutOfBoundsException("past the file's end");
        }
        return archive.load8(file.dataOffset + offset);
    }

    // ---- the console ----

    /** {@code ls PATH}: one line per entry of a directory (or the file itself): mode, links, size, name. */
    public static void ls(byte[] path, int length) {
        Inode n = lookup(path, length);
        if (n == null) {
            noSuchFile("ls", path, length, null);
            return;
        }
        if (!n.isDirectory()) {
            lsLine(n);
            return;
        }
        // Children in name order (the list is newest first): print the smallest not yet printed each time.
        Inode last = null;
        while (true) {
            Inode best = null;
            for (Inode c = n.firstChild; c != null; c = c.nextSibling) {
                if ((last == null || compare(c, last) > 0) && (best == null || compare(c, best) < 0)) {
                    best = c;
                }
            }
            if (best == null) {
                break;
            }
            lsLine(best);
            last = best;
        }
    }

    private static int compare(Inode a, Inode b) {
        int n = Math.min(a.nameLength, b.nameLength);
        for (int i = 0; i < n; i++) {
            int d = archive.load8(a.nameOffset + i) - archive.load8(b.nameOffset + i);
            if (d != 0) {
                return d;
            }
        }
        return a.nameLength - b.nameLength;
    }

    private static void lsLine(Inode n) {
        Print.chr(n.isDirectory() ? 'd' : n.isSymlink() ? 'l' : '-');
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (n.mode >>> shift) & 7;
            Print.chr((bits & 4) != 0 ? 'r' : '-');
            Print.chr((bits & 2) != 0 ? 'w' : '-');
            Print.chr((bits & 1) != 0 ? 'x' : '-');
        }
        Printf.printf(" %3d %8lu ", n.nlink, n.size);
        printName(n);
        if (n.isSymlink()) {
            Print.str(" -> ");
            for (long k = 0; k < n.size; k++) {
                Print.chr(archive.load8(n.dataOffset + k));
            }
        }
        Print.nl();
    }

    private static void printName(Inode n) {
        for (int i = 0; i < n.nameLength; i++) {
            Print.chr(archive.load8(n.nameOffset + i));
        }
    }

    /** {@code cat PATH}: a regular file's bytes on the console. */
    public static void cat(byte[] path, int length) {
        Inode n = lookup(path, length);
        if (n == null || !n.isRegular()) {
            noSuchFile("cat", path, length, n);
            return;
        }
        for (long k = 0; k < n.size; k++) {
            Print.chr(archive.load8(n.dataOffset + k));
        }
    }

    /** {@code COMMAND: PATH: no such file or directory}, or {@code not a regular file} when {@code found} is not null. */
    private static void noSuchFile(String command, byte[] path, int length, Inode found) {
        Print.str(command);
        Print.str(": ");
        for (int i = 0; i < length; i++) {
            Print.chr(path[i] & 0xFF);
        }
        Print.str(found == null ? ": no such file or directory" : ": not a regular file");
        Print.nl();
    }

    /** Entries in the mounted archive. */
    public static long entries() {
        return files;
    }
}
