package org.zeptux.kernel.fs;

import org.zeptux.kernel.hw.UserAccess;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;
import org.zeptux.kernel.proc.Errno;
import org.zeptux.rt.UserPtr;

/**
 * One path walk in progress (Linux's nameidata with its struct filename): the path, copied
 * into a buffer of PATH_MAX bytes, and what {@link Vfs#walk} found — the inode it names, or for
 * an operation that makes or removes a name, the directory and the last component. Following a
 * symbolic link splices its target into the path ({@link #spare}: target + the rest), so a walk
 * never recurses and needs two buffers however deep the links nest.
 *
 * <pre>
 *   Walk w = Walk.alloc(root);           // null: out of memory (ENOMEM)
 *   int error = w.user(pathPointer);     // or w.kernel(bytes, length)
 *   error = Vfs.walk(w, start, Vfs.FOLLOW);
 *   ... w.inode ...
 *   w.free();                            // drops w.inode and w.dir, frees the buffers
 * </pre>
 *
 * Used by one task, with the VFS lock held while it walks and while it holds inodes.
 */
public final class Walk {
    /** Path buffers, one per path in use (Linux's names_cache): PATH_MAX bytes. */
    public static final Pool<byte[]> PATHS = Pool.ofBytes("path buffers", Vfs.PATH_MAX, Owner.KERNEL_HEAP);
    static final Pool<Walk> POOL = Pool.of("path walks", Walk.class, Owner.KERNEL_HEAP);

    /** The path being walked: path[0, length). */
    byte[] path;
    int length;
    /** The second buffer, for splicing a link's target in (made on the first link). */
    byte[] spare;
    /** What "/" and a leading '/' mean: the root of the walk (not counted; its mount holds it). */
    Inode root;
    /** The result: the inode named (counted), or for a PARENT walk the last component's if it exists. */
    Inode inode;
    /** A PARENT walk's directory (counted) and last component path[lastAt, lastAt + lastLength). */
    Inode dir;
    int lastAt;
    int lastLength;
    /** {@link Vfs#LAST_NORM}, LAST_DOT, LAST_DOTDOT or LAST_ROOT ("/"). */
    int lastType;
    /** Whether the path had a '/' after its last component ("a/"). */
    boolean trailing;
    /** Symbolic links followed so far (Linux allows 40). */
    int links;

    /** A walk from {@code root}, or null when out of memory. */
    public static Walk alloc(Inode root) {
        Walk w = POOL.alloc();
        if (w == null) {
            return null;
        }
        w.path = PATHS.alloc();
        if (w.path == null) {
            POOL.free(w);
            return null;
        }
        w.root = root;
        return w;
    }

    /** Drops what the walk holds and frees it. */
    public void free() {
        release();
        PATHS.free(path);
        if (spare != null) {
            PATHS.free(spare);
        }
        POOL.free(this);
    }

    /** Drops the inodes it holds, so it can walk again. */
    public void release() {
        if (inode != null) {
            Vfs.put(inode);
            inode = null;
        }
        if (dir != null) {
            Vfs.put(dir);
            dir = null;
        }
        links = 0;
        trailing = false;
    }

    /**
     * Copies the NUL-terminated path at user {@code p}: 0, or -EFAULT, -ENAMETOOLONG (PATH_MAX
     * bytes or more) or -ENOENT (empty).
     */
    public int user(UserPtr p) {
        int n = UserAccess.string(path, p);
        if (n < 0) {
            return -Errno.EFAULT;
        }
        if (n >= path.length) {
            return -Errno.ENAMETOOLONG;
        }
        length = n;
        return n == 0 ? -Errno.ENOENT : 0;
    }

    /** As {@link #user}, but an empty path is 0 (for AT_EMPTY_PATH: the caller checks {@link #empty}). */
    public int userMaybeEmpty(UserPtr p) {
        int e = user(p);
        return e == -Errno.ENOENT ? 0 : e;
    }

    /** Takes the path {@code bytes}[0, length): 0, -ENAMETOOLONG or -ENOENT (empty). */
    public int kernel(byte[] bytes, int n) {
        if (n >= path.length) {
            return -Errno.ENAMETOOLONG;
        }
        System.arraycopy(bytes, 0, path, 0, n);
        length = n;
        return n == 0 ? -Errno.ENOENT : 0;
    }

    /** Takes an ASCII path. */
    public int kernel(String s) {
        if (s.length() >= path.length) {
            return -Errno.ENAMETOOLONG;
        }
        for (int i = 0; i < s.length(); i++) {
            path[i] = (byte) s.charAt(i);
        }
        length = s.length();
        return length == 0 ? -Errno.ENOENT : 0;
    }

    public boolean empty() {
        return length == 0;
    }

    /** The inode found (counted; still the walk's: {@link #take} it to keep it past {@link #free}). */
    public Inode inode() {
        return inode;
    }

    /** Takes the result's reference from the walk: the caller puts it. */
    public Inode take() {
        Inode n = inode;
        inode = null;
        return n;
    }

    public Inode dir() {
        return dir;
    }

    public int lastType() {
        return lastType;
    }

    public boolean trailing() {
        return trailing;
    }

    /** The path buffer and the last component's place in it (PARENT walks). */
    public byte[] path() {
        return path;
    }

    public int lastAt() {
        return lastAt;
    }

    public int lastLength() {
        return lastLength;
    }

    public int length() {
        return length;
    }
}
