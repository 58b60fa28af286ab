package org.zeptux.kernel.fs;

import org.zeptux.kernel.proc.Errno;
import org.zeptux.kernel.proc.ProcFs;
import org.zeptux.rt.BuildTime;

/**
 * The mount table: every file system instance in use, where it is mounted, how. A mount covers
 * a directory (its mountpoint: the inode's {@link Inode#mounted} leads a path walk to the
 * mount's root) and holds a reference to it, so a mountpoint cannot be removed (EBUSY). The
 * kinds of file system mount(2) knows are {@link #TYPES}: "tmpfs", "devtmpfs" (also "devfs": a
 * tmpfs made with the console, tty, null, zero, full, random and urandom nodes in it) and
 * "proc". Each mount is its own instance: mounting proc twice makes two.
 *
 * <p>umount2(2) takes a mount away when nothing of it is in use — no open file, working
 * directory or program being loaded on it ({@link Mount#users}), no mount on top of one of its
 * directories — and frees every inode and page of it; else EBUSY. Flags of propagation (MS_PRIVATE, MS_SHARED,
 * ...) are accepted and change nothing; MS_BIND and MS_MOVE are EINVAL (not implemented). "/" is never unmounted.
 * MNT_DETACH (lazy unmount) is accepted only when the mount is not busy: Zeptux does not keep
 * a detached instance alive (a documented difference from Linux).
 *
 * <p>The table is {@link #MAX} objects made at build time; written with the VFS lock held.
 */
public final class Mounts {
    private Mounts() {}

    public static final int MAX = 32;
    public static final int SOURCE_MAX = 64;

    public static final int MS_RDONLY = 1;
    public static final int MS_NOSUID = 2;
    public static final int MS_NODEV = 4;
    public static final int MS_NOEXEC = 8;
    public static final int MS_SYNCHRONOUS = 16;
    public static final int MS_REMOUNT = 32;
    public static final int MS_MANDLOCK = 64;
    public static final int MS_DIRSYNC = 128;
    public static final int MS_NOSYMFOLLOW = 256;
    public static final int MS_NOATIME = 1024;
    public static final int MS_NODIRATIME = 2048;
    public static final int MS_BIND = 4096;
    public static final int MS_MOVE = 8192;
    public static final int MS_REC = 16384;
    public static final int MS_SILENT = 32768;
    public static final int MS_RELATIME = 1 << 21;
    public static final int MS_STRICTATIME = 1 << 24;
    public static final int MS_LAZYTIME = 1 << 25;
    /** The flags a mount keeps (what /proc/mounts shows). */
    static final int KEPT = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC | MS_NOATIME
            | MS_NODIRATIME | MS_STRICTATIME | MS_NOSYMFOLLOW;
    /** MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED: mount propagation, which Zeptux's mounts never do. */
    static final long PROPAGATION = (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20);
    /** mount(2)'s old magic in the upper half of the flags, ignored as Linux does. */
    static final long MS_MGC_MSK = 0xFFFF0000L;
    static final long MS_MGC_VAL = 0xC0ED0000L;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int MNT_EXPIRE = 4;
    public static final int UMOUNT_NOFOLLOW = 8;

    private static final Mount[] TABLE = table();
    /** The kinds of file system mount(2) knows, and the names it knows them by. */
    static final FileSystem[] TYPES = {TmpFs.TMPFS, TmpFs.DEVTMPFS, TmpFs.DEVTMPFS, ProcFs.PROC, Ext2.EXT2};
    static final String[] TYPE_NAMES = {"tmpfs", "devtmpfs", "devfs", "proc", "ext2"};
    private static long sequence;

    @BuildTime
    private static Mount[] table() {
        Mount[] t = new Mount[MAX];
        for (int i = 0; i < MAX; i++) {
            t[i] = new Mount();
        }
        return t;
    }

    /** Whether the kind of file system named {@code name}[0, length) lives on a block device (mount(2)'s source is one). */
    public static boolean needsDevice(byte[] name, int length) {
        return type(name, length) == Ext2.EXT2;
    }

    /** Whether a live mount is on {@code dev} (a second mount of it is EBUSY). */
    public static boolean deviceMounted(org.zeptux.kernel.block.BlockDevice dev) {
        for (int i = 0; i < MAX; i++) {
            if (TABLE[i].used && TABLE[i].device == dev) {
                return true;
            }
        }
        return false;
    }

    /** The kind of file system named {@code name}[0, length), or null (ENODEV). */
    static FileSystem type(byte[] name, int length) {
        for (int i = 0; i < TYPES.length; i++) {
            String n = TYPE_NAMES[i];
            if (n.length() != length) {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < length && same; k++) {
                same = name[k] == n.charAt(k);
            }
            if (same) {
                return TYPES[i];
            }
        }
        return null;
    }

    /** A new instance of {@code fs} on {@code mountpoint} (null: mounted nowhere), with source {@code source}. */
    public static Mount mount(FileSystem fs, Inode mountpoint, String source, int flags) {
        return mount(fs, mountpoint, source, flags, null);
    }

    /** A new instance of {@code fs} on block device {@code device} (ext2), mounted on {@code mountpoint} (null: nowhere). */
    public static Mount mount(FileSystem fs, Inode mountpoint, String source, int flags,
            org.zeptux.kernel.block.BlockDevice device) {
        byte[] b = Walk.PATHS.alloc();
        if (b == null) {
            Vfs.failure = Errno.ENOMEM;
            return null;
        }
        int n = Math.min(source.length(), SOURCE_MAX);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) source.charAt(i);
        }
        Mount m = mount(fs, mountpoint, b, n, flags, device);
        Walk.PATHS.free(b);
        return m;
    }

    /**
     * A new instance of {@code fs} mounted on directory {@code mountpoint} (null: mounted
     * nowhere, as the root and the tests' instances), named {@code source}[0, length) (cut to
     * SOURCE_MAX bytes); null with ENOMEM (no root inode) or EMFILE... in {@link Vfs#failure}.
     */
    static Mount mount(FileSystem fs, Inode mountpoint, byte[] source, int length, int flags,
            org.zeptux.kernel.block.BlockDevice device) {
        Mount m = null;
        for (int i = 0; i < MAX && m == null; i++) {
            if (!TABLE[i].used) {
                m = TABLE[i];
            }
        }
        if (m == null) {
            Vfs.failure = Errno.ENOMEM;
            return null;
        }
        m.fs = fs;
        m.dev = freeDevice();
        m.flags = flags & KEPT;
        m.nextIno = 1;
        m.users = 0;
        m.sourceLength = Math.min(length, SOURCE_MAX);
        System.arraycopy(source, 0, m.source, 0, m.sourceLength);
        m.device = device;
        m.state = null;
        m.used = true;
        m.root = fs.mountRoot(m);
        if (m.root == null) {
            m.used = false;
            m.device = null;
            m.state = null;
            return null;
        }
        sequence++;
        m.sequence = sequence;
        m.mountpoint = mountpoint;
        if (mountpoint != null) {
            Vfs.get(mountpoint);
            mountpoint.mounted = m;
        }
        return m;
    }

    /** The lowest anonymous device minor no live mount has (Linux's get_anon_bdev). */
    private static int freeDevice() {
        for (int d = 1; ; d++) {
            boolean taken = false;
            for (int i = 0; i < MAX && !taken; i++) {
                taken = TABLE[i].used && TABLE[i].dev == d;
            }
            if (!taken) {
                return d;
            }
        }
    }

    /** Takes mount {@code m} away and frees everything of it: 0, or -EBUSY (in use, or something is mounted on it). */
    public static int unmount(Mount m) {
        if (m.users > 0) {
            return -Errno.EBUSY;
        }
        for (int i = 0; i < MAX; i++) {
            Mount o = TABLE[i];
            if (o.used && o.mountpoint != null && o.mountpoint.mount == m) {
                return -Errno.EBUSY;
            }
        }
        Dcache.forgetMount(m);
        m.fs.unmount(m);
        m.root = null;
        if (m.mountpoint != null) {
            Inode mp = m.mountpoint;
            m.mountpoint = null;
            mp.mounted = null;
            Vfs.put(mp);
        }
        m.used = false;
        m.fs = null;
        m.device = null;
        m.state = null;
        return 0;
    }

    /**
     * mount(2) of a new instance: the file system {@code type}[0, tlength) named
     * {@code source}[0, slength) on the directory at {@code w}'s path (links followed), or with
     * MS_REMOUNT new flags for the mount whose root that is. 0 or -errno: ENODEV (unknown
     * type), ENOTDIR, ENOENT, EINVAL (MS_BIND, MS_MOVE and propagation flags, which Zeptux does
     * not have; a remount of what is not a mount's root), ENOMEM.
     */
    public static int mount(Walk w, Inode start, byte[] type, int tlength, byte[] source, int slength, long flags,
            org.zeptux.kernel.block.BlockDevice device) {
        if ((flags & MS_MGC_MSK) == MS_MGC_VAL) {
            flags &= ~MS_MGC_MSK;
        }
        int e = Vfs.walk(w, start, Vfs.FOLLOW);
        if (e < 0) {
            return e;
        }
        Inode target = w.inode;
        if ((flags & MS_REMOUNT) != 0) {
            if (target != target.mount.root) {
                return -Errno.EINVAL;
            }
            target.mount.flags = (int) flags & KEPT;
            return 0;
        }
        if ((flags & PROPAGATION) != 0) {
            return 0;                               // every mount is private already: nothing to change
        }
        if ((flags & (MS_BIND | MS_MOVE)) != 0) {
            return -Errno.EINVAL;
        }
        FileSystem fs = type(type, tlength);
        if (fs == null) {
            return -Errno.ENODEV;
        }
        if (!target.isDirectory()) {
            return -Errno.ENOTDIR;
        }
        if (!target.fs.cacheable()) {
            return -Errno.EINVAL;                   // a procfs node is made anew by each lookup: nothing could find the mount
        }
        if (needsDevice(type, tlength) && device == null) {
            return -Errno.ENOTBLK;
        }
        if (device != null && deviceMounted(device)) {
            return -Errno.EBUSY;
        }
        Mount m = mount(fs, target, source, slength, (int) flags, device);
        if (m == null) {
            return -Vfs.failure;
        }
        return 0;
    }

    /** umount2(2) of the mount whose root is at {@code w}'s path: 0, or -EINVAL (not a mount's root, bad flags), -EBUSY, -ENOENT. */
    public static int umount(Walk w, Inode start, int flags) {
        if ((flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) != 0
                || (flags & MNT_EXPIRE) != 0 && (flags & (MNT_FORCE | MNT_DETACH)) != 0) {
            return -Errno.EINVAL;
        }
        int e = Vfs.walk(w, start, (flags & UMOUNT_NOFOLLOW) != 0 ? 0 : Vfs.FOLLOW);
        if (e < 0) {
            return e;
        }
        Inode target = w.inode;
        Mount m = target.mount;
        if (target != m.root) {
            return -Errno.EINVAL;
        }
        if (m == Vfs.rootMount() || m.mountpoint == null) {
            return -Errno.EBUSY;
        }
        if ((flags & MNT_EXPIRE) != 0) {
            return -Errno.EAGAIN;
        }
        w.release();                                // the walk's own reference is not a use
        return unmount(m);
    }

    /** The live mount mounted after sequence number {@code after} (0: the first), in mount order; or null. */
    public static Mount next(long after) {
        Mount best = null;
        for (int i = 0; i < MAX; i++) {
            Mount m = TABLE[i];
            boolean visible = m.mountpoint != null || m == Vfs.rootMount();
            if (m.used && visible && m.sequence > after && (best == null || m.sequence < best.sequence)) {
                best = m;
            }
        }
        return best;
    }

    /** Live mounts, the unmounted test instances included. */
    public static int count() {
        int n = 0;
        for (int i = 0; i < MAX; i++) {
            if (TABLE[i].used) {
                n++;
            }
        }
        return n;
    }

    public static long sequenceOf(Mount m) {
        return m.sequence;
    }

    /** {@code m}'s source into {@code dst[at..]}; its length. */
    public static int source(Mount m, byte[] dst, int at) {
        System.arraycopy(m.source, 0, dst, at, m.sourceLength);
        return m.sourceLength;
    }

    /** The name /proc/mounts gives {@code m}'s kind ("rootfs" for the root's tmpfs). */
    public static String typeName(Mount m) {
        return m.fs.name();
    }

    public static int flags(Mount m) {
        return m.flags;
    }
}
