package org.zeptux.kernel.block;

import org.zeptux.kernel.sync.SpinLock;

/**
 * The registered block devices, by device number: drivers register what they find (a disk,
 * then its partitions), devtmpfs makes their nodes, and mount(2) finds the device a node names.
 * Registration happens while the kernel starts; lookups may come from any CPU afterwards.
 */
public final class BlockDevices {
    private BlockDevices() {}

    public static final int MAX = 64;
    private static final BlockDevice[] DEVICES = new BlockDevice[MAX];
    /** Written under the lock; a slot once filled is never changed, so readers need no lock. */
    private static volatile int count;
    private static final SpinLock LOCK = new SpinLock("block devices");

    /** Registers {@code d}; 0, or -1 when the table is full or its number or name is taken. */
    public static int register(BlockDevice d) {
        LOCK.lock();
        int result = -1;
        boolean taken = count == MAX;
        for (int i = 0; i < count && !taken; i++) {
            taken = DEVICES[i].dev() == d.dev() || DEVICES[i].name().equals(d.name());
        }
        if (!taken) {
            DEVICES[count] = d;
            count = count + 1;
            result = 0;
        }
        LOCK.unlock();
        return result;
    }

    /** The device with number {@code dev}, or null. */
    public static BlockDevice find(int dev) {
        for (int i = 0; i < count; i++) {
            if (DEVICES[i].dev() == dev) {
                return DEVICES[i];
            }
        }
        return null;
    }

    /** How many are registered; {@link #get} 0 .. count-1 are them, in registration order. */
    public static int count() {
        return count;
    }

    public static BlockDevice get(int i) {
        return i >= 0 && i < count ? DEVICES[i] : null;
    }
}
