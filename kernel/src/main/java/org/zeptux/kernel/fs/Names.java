package org.zeptux.kernel.fs;

import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * Buffers for one name (a path component: at most {@link Vfs#NAME_MAX} bytes), in four sizes so
 * short names take little room: a directory entry of tmpfs and a dentry-cache entry each keep
 * their name in one. {@link #alloc} gives the smallest that holds a name; {@link #free} returns
 * it by its length.
 */
final class Names {
    private Names() {}

    static final Pool<byte[]> N16 = Pool.ofBytes("names 16", 16, Owner.KERNEL_HEAP);
    static final Pool<byte[]> N32 = Pool.ofBytes("names 32", 32, Owner.KERNEL_HEAP);
    static final Pool<byte[]> N64 = Pool.ofBytes("names 64", 64, Owner.KERNEL_HEAP);
    static final Pool<byte[]> N256 = Pool.ofBytes("names 256", 256, Owner.KERNEL_HEAP);

    /** A buffer of at least {@code length} bytes (at most 256), or null when memory is out. */
    static byte[] alloc(int length) {
        if (length <= 16) {
            return N16.alloc();
        }
        if (length <= 32) {
            return N32.alloc();
        }
        if (length <= 64) {
            return N64.alloc();
        }
        return length <= 256 ? N256.alloc() : null;
    }

    /** A buffer holding a copy of {@code name}[at, at + length), or null when memory is out. */
    static byte[] copy(byte[] name, int at, int length) {
        byte[] b = alloc(length);
        if (b != null) {
            System.arraycopy(name, at, b, 0, length);
        }
        return b;
    }

    static void free(byte[] b) {
        switch (b.length) {
            case 16: N16.free(b); break;
            case 32: N32.free(b); break;
            case 64: N64.free(b); break;
            default: N256.free(b); break;
        }
    }

    /** Whether {@code a}[0, aLength) and {@code b}[at, at + length) are the same name. */
    static boolean same(byte[] a, int aLength, byte[] b, int at, int length) {
        if (aLength != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[i] != b[at + i]) {
                return false;
            }
        }
        return true;
    }
}
