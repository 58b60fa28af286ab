package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.ByteSource;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Buddy;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.proc.Errno;

/**
 * Unpacks the initramfs into a tmpfs that becomes "/", as Linux's init/initramfs.c does: every
 * entry of the cpio archive ({@link Cpio}: each checked before it is used) becomes a directory,
 * a file with the entry's data copied in, a symbolic link, a character device or a FIFO, with
 * the entry's mode, owner and modification time. The archive is untrusted: a malformed one is
 * refused with one line naming the entry and why, the half-made tmpfs is unmounted (every
 * inode and page back) and "/" stays the empty tmpfs it was.
 *
 * <p>Linux's rules for the archive: each entry's directory must come before it (here: an entry
 * without one refuses the archive); a later entry with the same name replaces the earlier (a
 * directory only by a directory, unless it is empty); "." sets the root's attributes; sockets
 * are skipped; hard links (entries sharing an inode number) become separate files.
 */
public final class Initramfs {
    private Initramfs() {}

    private static final Cpio.Entry ENTRY = new Cpio.Entry();

    /** Entries unpacked by the last {@link #unpack}. */
    private static long entries;

    /**
     * Unpacks {@code archive} into a new tmpfs and makes it "/"; prints one line saying what was
     * unpacked or why not. Returns null, or the reason. The lock must not be held.
     */
    public static String unpack(ByteSource archive) {
        Vfs.lock();
        try {
            return unpackLocked(archive);
        } finally {
            Vfs.unlock();
        }
    }

    private static String unpackLocked(ByteSource archive) {
        long pagesBefore = Buddy.used(Owner.TMPFS);
        Mount m = Mounts.mount(TmpFs.ROOTFS, null, "rootfs", 0);
        if (m == null) {
            return refused(null, "no memory for the root");
        }
        String why = unpackInto(archive, m);
        if (why != null) {
            return refused(m, why);
        }
        Mount old = Vfs.rootMount();
        Vfs.setRootMount(m);
        if (old != null) {
            Mounts.unmount(old);
        }
        Printf.printf("initramfs: %lu entries, %lu bytes, unpacked into / (tmpfs, %lu KiB)\n", entries, archive.length(),
                (Buddy.used(Owner.TMPFS) - pagesBefore) * 4);
        return null;
    }

    /**
     * Unpacks {@code archive} into instance {@code m} (the VFS lock held); null, or why not as
     * {@code entry N at offset O: reason} — then what was made stays, for the caller to unmount.
     */
    static String unpackInto(ByteSource archive, Mount m) {
        entries = 0;
        Walk w = Walk.alloc(m.root);
        byte[] chunk = Walk.PATHS.alloc();
        if (w == null || chunk == null) {
            if (w != null) {
                w.free();
            }
            if (chunk != null) {
                Walk.PATHS.free(chunk);
            }
            return "no memory to unpack";
        }
        long offset = 0;
        long n = 0;
        Cpio.Entry e = ENTRY;
        String why;
        while (true) {
            why = Cpio.next(archive, offset, e);
            if (why != null || e.trailer) {
                break;
            }
            why = add(archive, e, m.root, w, chunk);
            if (why != null) {
                break;
            }
            n++;
            offset = e.next;
        }
        w.free();
        Walk.PATHS.free(chunk);
        failedEntry = n;
        failedOffset = offset;
        entries = why == null ? n : 0;
        return why;
    }

    /** Where the last unpack stopped: the entry and its offset. */
    private static long failedEntry;
    private static long failedOffset;

    private static String refused(Mount m, String why) {
        if (m != null) {
            Mounts.unmount(m);
        }
        Printf.printf("initramfs: entry %lu at offset %lu: %s; not unpacked\n", failedEntry, failedOffset, Printf.s(why));
        return why;
    }

    /** Entries the last unpack made. */
    public static long entries() {
        return entries;
    }

    /** Makes entry {@code e} under {@code root}; null, or why not. */
    private static String add(ByteSource archive, Cpio.Entry e, Inode root, Walk w, byte[] chunk) {
        int type = e.mode & Cpio.S_IFMT;
        if (type != Cpio.S_IFDIR && type != Cpio.S_IFREG && type != Cpio.S_IFLNK && type != Cpio.S_IFCHR
                && type != Cpio.S_IFIFO) {
            return null;                            // sockets, block devices: skipped
        }
        // The name, less its leading "/" and "./".
        long start = e.nameOffset;
        long end = e.nameOffset + e.nameLength;
        while (start < end && (archive.load8(start) == '/'
                || archive.load8(start) == '.' && start + 1 < end && archive.load8(start + 1) == '/')) {
            start += archive.load8(start) == '/' ? 1 : 2;
        }
        if (start == end || end - start == 1 && archive.load8(start) == '.') {
            root.mode = Vfs.S_IFDIR | (e.mode & 07777);    // "." sets the root's attributes
            root.uid = e.uid;
            root.gid = e.gid;
            return null;
        }
        int length = (int) (end - start);
        if (length >= Vfs.PATH_MAX) {
            return "a name too long";
        }
        archive.read(start, w.path, 0, length);
        w.length = length;
        int err = Vfs.walk(w, root, Vfs.PARENT);
        if (err < 0) {
            return err == -Errno.ENAMETOOLONG ? "a name too long" : "its directory is not in the archive before it";
        }
        if (w.lastType != Vfs.LAST_NORM) {
            return "a name that is empty, . or ..";
        }
        Inode existing = w.inode;
        if (existing != null) {
            if (existing.isDirectory() && type == Cpio.S_IFDIR) {
                return attributes(existing, e);    // a directory again: its attributes change
            }
            int gone = existing.isDirectory() ? Vfs.rmdir(w, root) : Vfs.unlink(w, root);
            if (gone < 0) {
                return gone == -Errno.ENOTEMPTY ? "it replaces a directory that is not empty" : "it cannot replace what is there";
            }
            archive.read(start, w.path, 0, length);    // the name again (a walk may splice a link into it)
            w.length = length;
            err = Vfs.walk(w, root, Vfs.PARENT);
            if (err < 0) {
                return "its directory is not in the archive before it";
            }
        }
        Inode dir = w.dir;
        Inode made;
        if (type == Cpio.S_IFDIR) {
            made = dir.fs.mkdir(dir, w.path, w.lastAt, w.lastLength, Vfs.S_IFDIR | (e.mode & 07777));
        } else if (type == Cpio.S_IFLNK) {
            if (e.dataLength == 0 || e.dataLength >= Vfs.PATH_MAX) {
                return "a symbolic link's target empty or too long";
            }
            archive.read(e.dataOffset, chunk, 0, (int) e.dataLength);
            made = dir.fs.symlink(dir, w.path, w.lastAt, w.lastLength, chunk, 0, (int) e.dataLength);
        } else {
            made = dir.fs.create(dir, w.path, w.lastAt, w.lastLength, type | (e.mode & 07777), e.rdev);
        }
        if (made == null) {
            return "out of memory";
        }
        Dcache.set(dir, w.path, w.lastAt, w.lastLength, made);
        String why = null;
        if (type == Cpio.S_IFREG) {
            long done = 0;
            while (done < e.dataLength && why == null) {
                int n = (int) Math.min(chunk.length, e.dataLength - done);
                archive.read(e.dataOffset + done, chunk, 0, n);
                if (Vfs.write(made, done, chunk, 0, n) != n) {
                    why = "out of memory (tmpfs's limit, or the machine's)";
                }
                done += n;
            }
        }
        if (why == null) {
            why = attributes(made, e);
        }
        Vfs.put(made);
        return why;
    }

    private static String attributes(Inode n, Cpio.Entry e) {
        n.mode = (n.mode & Vfs.S_IFMT) | (e.mode & 07777);
        n.uid = e.uid;
        n.gid = e.gid;
        n.mtime = e.mtime * 1_000_000_000L;
        return null;
    }
}
