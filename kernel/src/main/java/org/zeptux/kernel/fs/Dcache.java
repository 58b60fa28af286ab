package org.zeptux.kernel.fs;

import org.zeptux.kernel.lib.Printf;
import org.zeptux.kernel.mm.Owner;
import org.zeptux.kernel.mm.pool.Pool;

/**
 * The dentry cache: what a name in a directory resolved to, as Linux's dcache keeps it — a
 * positive entry names an inode, a negative one remembers that the name does not exist (a
 * shell's search of $PATH asks for many names that are not there). A path walk asks here
 * first ({@link Vfs#lookupChild}) and asks the file system only on a miss; every operation that
 * makes, removes or renames a name updates its entry ({@link #set}), so an entry is never stale.
 * File systems whose names change behind the VFS's back (procfs: processes come and go) are not
 * cached ({@link FileSystem#cacheable}).
 *
 * <p>Bounded: at most {@link #MAX} entries, from a pool; when full, the least recently used
 * entry goes. An entry holds no reference: when an inode is freed the VFS calls {@link #forget},
 * which drops every entry naming it (its {@link Inode#cached} count says whether there is any).
 * {@link #dropAll} empties the cache (the monitor's {@code dropcaches}, Linux's drop_caches),
 * after which every page the cache held is back.
 *
 * <pre>
 *   TABLE[hash(dir, name) % BUCKETS] → entry → entry (chain)       lookups
 *   newest ⇄ ... ⇄ oldest                                           the LRU list, evicted from the old end
 * </pre>
 *
 * <p>Written only with the VFS lock held.
 */
public final class Dcache {
    private Dcache() {}

    public static final int MAX = 2048;
    static final int BUCKETS = 1024;

    static final class Entry {
        Inode dir;
        /** The inode the name resolves to; null: a negative entry. */
        Inode inode;
        byte[] name;
        int length;
        int hash;
        Entry chain;
        Entry newer;
        Entry older;
    }

    static final Pool<Entry> ENTRIES = Pool.of("dentries", Entry.class, Owner.KERNEL_HEAP);
    private static final Entry[] TABLE = new Entry[BUCKETS];
    private static Entry newest;
    private static Entry oldest;
    private static int count;
    private static long hits;
    private static long negativeHits;
    private static long misses;
    private static long evictions;

    /** FNV-1a over the directory's identity and the name. */
    private static int hash(Inode dir, byte[] name, int at, int length) {
        int h = 0x811C9DC5 ^ (int) dir.ino ^ (dir.mount.dev << 20);
        for (int i = 0; i < length; i++) {
            h = (h ^ (name[at + i] & 0xFF)) * 0x01000193;
        }
        return h;
    }

    private static int bucket(int hash) {
        return (hash & 0x7FFFFFFF) % BUCKETS;
    }

    /** The entry for {@code name}[at, at + length) in {@code dir}, moved to the newest end; or null (a miss). */
    static Entry find(Inode dir, byte[] name, int at, int length) {
        int h = hash(dir, name, at, length);
        for (Entry e = TABLE[bucket(h)]; e != null; e = e.chain) {
            if (e.hash == h && e.dir == dir && Names.same(e.name, e.length, name, at, length)) {
                touch(e);
                if (e.inode == null) {
                    negativeHits++;
                } else {
                    hits++;
                }
                return e;
            }
        }
        misses++;
        return null;
    }

    /**
     * Records that {@code name} in {@code dir} resolves to {@code inode} (null: nothing):
     * updates the entry if there is one, else makes one (evicting the oldest when full). A name
     * that cannot be cached (no memory) is simply not cached.
     */
    static void set(Inode dir, byte[] name, int at, int length, Inode inode) {
        int h = hash(dir, name, at, length);
        for (Entry e = TABLE[bucket(h)]; e != null; e = e.chain) {
            if (e.hash == h && e.dir == dir && Names.same(e.name, e.length, name, at, length)) {
                if (e.inode != null) {
                    e.inode.cached--;
                }
                e.inode = inode;
                if (inode != null) {
                    inode.cached++;
                }
                touch(e);
                return;
            }
        }
        if (count >= MAX) {
            remove(oldest);
            evictions++;
        }
        Entry e = ENTRIES.alloc();
        if (e == null) {
            return;
        }
        e.name = Names.copy(name, at, length);
        if (e.name == null) {
            ENTRIES.free(e);
            return;
        }
        e.length = length;
        e.hash = h;
        e.dir = dir;
        e.inode = inode;
        dir.cached++;
        if (inode != null) {
            inode.cached++;
        }
        int b = bucket(h);
        e.chain = TABLE[b];
        TABLE[b] = e;
        e.older = newest;
        if (newest != null) {
            newest.newer = e;
        }
        newest = e;
        if (oldest == null) {
            oldest = e;
        }
        count++;
    }

    /** Drops the entry for {@code name} in {@code dir}, if there is one. */
    static void invalidate(Inode dir, byte[] name, int at, int length) {
        int h = hash(dir, name, at, length);
        for (Entry e = TABLE[bucket(h)]; e != null; e = e.chain) {
            if (e.hash == h && e.dir == dir && Names.same(e.name, e.length, name, at, length)) {
                remove(e);
                return;
            }
        }
    }

    /** Drops every entry that names {@code inode} as its directory or its target (it is being freed). */
    static void forget(Inode inode) {
        Entry e = newest;
        while (e != null && inode.cached > 0) {
            Entry next = e.older;
            if (e.dir == inode || e.inode == inode) {
                remove(e);
            }
            e = next;
        }
    }

    /** Drops every entry of file system instance {@code m} (it is being unmounted). */
    static void forgetMount(Mount m) {
        Entry e = newest;
        while (e != null) {
            Entry next = e.older;
            if (e.dir.mount == m) {
                remove(e);
            }
            e = next;
        }
    }

    /** Empties the cache; returns how many entries there were. */
    public static int dropAll() {
        int n = count;
        while (oldest != null) {
            remove(oldest);
        }
        return n;
    }

    private static void touch(Entry e) {
        if (e == newest) {
            return;
        }
        unlinkLru(e);
        e.older = newest;
        e.newer = null;
        newest.newer = e;
        newest = e;
    }

    private static void unlinkLru(Entry e) {
        if (e.newer != null) {
            e.newer.older = e.older;
        } else {
            newest = e.older;
        }
        if (e.older != null) {
            e.older.newer = e.newer;
        } else {
            oldest = e.newer;
        }
        e.newer = null;
        e.older = null;
    }

    private static void remove(Entry e) {
        int b = bucket(e.hash);
        if (TABLE[b] == e) {
            TABLE[b] = e.chain;
        } else {
            Entry p = TABLE[b];
            while (p.chain != e) {
                p = p.chain;
            }
            p.chain = e.chain;
        }
        unlinkLru(e);
        e.dir.cached--;
        if (e.inode != null) {
            e.inode.cached--;
        }
        Names.free(e.name);
        ENTRIES.free(e);
        count--;
    }

    /** Entries cached now. */
    public static int count() {
        return count;
    }

    /** {@code dcache}: entries, hits (positive, negative), misses, evictions. */
    public static void print() {
        int negative = 0;
        for (Entry e = newest; e != null; e = e.older) {
            if (e.inode == null) {
                negative++;
            }
        }
        Printf.printf("dentries: %d of at most %d (%d negative)\n", count, MAX, negative);
        Printf.printf("lookups: %lu hits, %lu negative hits, %lu misses; %lu evicted\n", hits, negativeHits, misses,
                evictions);
    }
}
