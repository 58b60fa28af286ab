package org.zeptux.kernel.mm;

/**
 * What the buddy allocator does before an allocation fails for want of free memory (not for an
 * owner's limit): it asks the registered {@link Shrinker} — the page cache — to give back clean
 * pages, without sleeping and without waiting for a lock, then tries once more. A shrinker is
 * registered by its class's static initialiser (at build time); the allocator may be called with
 * interrupts disabled and from any context, so a shrinker never sleeps, never does I/O and gives
 * up at once when its own lock is taken.
 */
public final class Reclaim {
    private Reclaim() {}

    /** Gives back up to {@code pages} pages at once: how many it gave. */
    public interface Shrinker {
        long dropClean(long pages);
    }

    private static Shrinker shrinker;

    /** Registers the shrinker (one: the page cache's), at build time. */
    public static void register(Shrinker s) {
        shrinker = s;
    }

    /** Asks the shrinker for {@code pages} pages: how many it freed. */
    static long shrink(long pages) {
        Shrinker s = shrinker;
        return s == null ? 0 : s.dropClean(pages);
    }
}
