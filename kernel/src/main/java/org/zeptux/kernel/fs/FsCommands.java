package org.zeptux.kernel.fs;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Buffers;

/**
 * The monitor's file commands, over the VFS from "/": {@code ls [PATH]} (a directory's entries,
 * sorted, or one file: type and permissions, links, size, name, a link's target), {@code cat
 * PATH}, {@code dcache} (the dentry cache's figures) and {@code dropcaches} (empties it, as
 * Linux's drop_caches: afterwards every page the cache held is back).
 */
public final class FsCommands extends Command {
    private static final int LS = 0;
    private static final int LS_ROOT = 1;
    private static final int CAT = 2;
    private static final int DCACHE = 3;
    private static final int DROP = 4;
    /** Room for the names ls sorts: beyond it, the rest come unsorted. */
    static final int LS_BYTES = 64 * 1024;
    static final int LS_NAMES = 4096;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new FsCommands(LS_ROOT, "ls", false, null, ""),
        new FsCommands(LS, "ls", true, "ls [PATH]", "list a directory (or a file) of the file system"),
        new FsCommands(CAT, "cat", true, "cat PATH", "print a file"),
        new FsCommands(DCACHE, "dcache", false, "dcache", "the dentry cache: entries, hits, misses"),
        new FsCommands(DROP, "dropcaches", false, "dropcaches", "empty the dentry cache (Linux's drop_caches)"),
    };

    private final int which;

    private FsCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == DCACHE || which == DROP) {
            Vfs.lock();
            if (which == DROP) {
                Printf.printf("dropped %d dentries\n", Dcache.dropAll());
            } else {
                Dcache.print();
            }
            Vfs.unlock();
            return true;
        }
        if (Vfs.root() == null) {
            Print.str("no root file system");
            Print.nl();
            return true;
        }
        Walk w = Walk.alloc(Vfs.root());
        if (w == null) {
            Print.str("out of memory");
            Print.nl();
            return true;
        }
        w.length = 1;
        w.path[0] = '/';
        if (which != LS_ROOT) {
            w.length = Math.min(args.length(), w.path.length - 1);
            for (int i = 0; i < w.length; i++) {
                w.path[i] = (byte) args.charAt(i);
            }
        }
        int length = w.length;
        Vfs.lock();
        try {
            int e = Vfs.walk(w, Vfs.root(), Vfs.FOLLOW);
            if (e < 0) {
                failed(which == CAT ? "cat" : "ls", args, which == LS_ROOT, e);
            } else if (which == CAT) {
                if (w.inode().isDirectory()) {
                    failed("cat", args, false, -org.zeptux.kernel.proc.Errno.EISDIR);
                } else {
                    cat(w);
                }
            } else {
                ls(w.inode(), w.links == 0 ? w.path : null, length);
            }
        } finally {
            Vfs.unlock();
            w.free();
        }
        return true;
    }

    /** {@code COMMAND: PATH: why}, with the path as typed. */
    private static void failed(String command, Args args, boolean root, int error) {
        Print.str(command);
        Print.str(": ");
        for (int i = 0; i < args.length() && !root; i++) {
            Print.chr(args.charAt(i));
        }
        if (root) {
            Print.chr('/');
        }
        Print.str(": ");
        Print.str(error == -org.zeptux.kernel.proc.Errno.ENOENT ? "no such file or directory"
                : error == -org.zeptux.kernel.proc.Errno.ENOTDIR ? "not a directory"
                : error == -org.zeptux.kernel.proc.Errno.EISDIR ? "is a directory"
                : error == -org.zeptux.kernel.proc.Errno.ELOOP ? "too many levels of symbolic links" : "cannot open");
        Print.nl();
    }

    private static void cat(Walk w) {
        Inode n = w.inode();
        byte[] buf = w.spare != null ? w.spare : Walk.PATHS.alloc();
        if (buf == null) {
            return;
        }
        long offset = 0;
        while (true) {
            long got = Vfs.read(n, offset, buf, 0, buf.length);
            if (got <= 0) {
                break;
            }
            for (int i = 0; i < got; i++) {
                Print.chr(buf[i] & 0xFF);
            }
            offset += got;
        }
        if (buf != w.spare) {
            Walk.PATHS.free(buf);
        }
    }

    /** One line per entry of directory {@code dir}, sorted by name (or the line of a file). */
    private static void ls(Inode dir, byte[] typed, int typedLength) {
        DirEntry e = DirEntry.alloc();
        if (e == null) {
            return;
        }
        if (!dir.isDirectory()) {
            line(dir, typed, typedLength, e);
            e.free();
            return;
        }
        byte[] names = Buffers.bytes(LS_BYTES, Owner.KERNEL_HEAP);
        byte[] starts = Buffers.bytes(4 * LS_NAMES, Owner.KERNEL_HEAP);
        int count = 0;
        int used = 0;
        long position = 2;
        while (names != null && starts != null) {
            long next = Vfs.readdir(dir, position, e, Vfs.root());
            if (next <= 0) {
                break;
            }
            position = next;
            if (count == LS_NAMES || used + e.length() + 1 > LS_BYTES) {
                print(dir, e.name(), e.length(), e);        // no room to sort: as it comes
                continue;
            }
            starts[4 * count] = (byte) used;
            starts[4 * count + 1] = (byte) (used >> 8);
            starts[4 * count + 2] = (byte) (used >> 16);
            count++;
            names[used] = (byte) e.length();
            System.arraycopy(e.name(), 0, names, used + 1, e.length());
            used += 1 + e.length();
        }
        // Insertion sort of the name offsets, then a line each.
        for (int a = 1; a < count; a++) {
            int t = start(starts, a);
            int b = a - 1;
            while (b >= 0 && compare(names, start(starts, b), t) > 0) {
                setStart(starts, b + 1, start(starts, b));
                b--;
            }
            setStart(starts, b + 1, t);
        }
        for (int i = 0; i < count; i++) {
            int at = start(starts, i);
            print(dir, copyName(names, at, e), names[at] & 0xFF, e);
        }
        if (names != null) {
            Buffers.free(names, Owner.KERNEL_HEAP);
        }
        if (starts != null) {
            Buffers.free(starts, Owner.KERNEL_HEAP);
        }
        e.free();
    }

    private static byte[] copyName(byte[] names, int at, DirEntry e) {
        System.arraycopy(names, at + 1, e.name(), 0, names[at] & 0xFF);
        return e.name();
    }

    private static int start(byte[] starts, int i) {
        return (starts[4 * i] & 0xFF) | (starts[4 * i + 1] & 0xFF) << 8 | (starts[4 * i + 2] & 0xFF) << 16;
    }

    private static void setStart(byte[] starts, int i, int v) {
        starts[4 * i] = (byte) v;
        starts[4 * i + 1] = (byte) (v >> 8);
        starts[4 * i + 2] = (byte) (v >> 16);
    }

    private static int compare(byte[] names, int a, int b) {
        int la = names[a] & 0xFF;
        int lb = names[b] & 0xFF;
        for (int i = 0; i < Math.min(la, lb); i++) {
            int d = (names[a + 1 + i] & 0xFF) - (names[b + 1 + i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return la - lb;
    }

    /** The line of entry {@code name}[0, length) of {@code dir}. */
    private static void print(Inode dir, byte[] name, int length, DirEntry scratch) {
        Inode n = Vfs.crossMounts(Vfs.lookupChild(dir, name, 0, length));
        if (n == null) {
            return;                                 // gone meanwhile (a process's /proc directory)
        }
        line(n, name, length, scratch);
        Vfs.put(n);
    }

    /** {@code drwxr-xr-x   2       60 name} and {@code -> target} for a link. */
    private static void line(Inode n, byte[] name, int length, DirEntry scratch) {
        int type = n.mode & Vfs.S_IFMT;
        Print.chr(type == Vfs.S_IFDIR ? 'd' : type == Vfs.S_IFLNK ? 'l' : type == Vfs.S_IFCHR ? 'c'
                : type == Vfs.S_IFBLK ? 'b' : type == Vfs.S_IFIFO ? 'p' : '-');
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (n.mode >>> shift) & 7;
            Print.chr((bits & 4) != 0 ? 'r' : '-');
            Print.chr((bits & 2) != 0 ? 'w' : '-');
            Print.chr((bits & 1) != 0 ? 'x' : '-');
        }
        if (type == Vfs.S_IFCHR || type == Vfs.S_IFBLK) {
            Printf.printf(" %3d %3d, %3d ", n.nlink, n.rdev >> 8 & 0xFFF, n.rdev & 0xFF);
        } else {
            Printf.printf(" %3d %8lu ", n.nlink, n.size);
        }
        for (int i = 0; name != null && i < length; i++) {
            Print.chr(name[i] & 0xFF);
        }
        if (n.isSymlink()) {
            Print.str(" -> ");
            int t = n.fs.readlink(n, scratch.name(), 0, Vfs.NAME_MAX);
            for (int i = 0; i < t; i++) {
                Print.chr(scratch.name()[i] & 0xFF);
            }
        }
        Print.nl();
    }
}
