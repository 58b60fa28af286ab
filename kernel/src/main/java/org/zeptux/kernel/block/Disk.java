package org.zeptux.kernel.block;

/**
 * A whole disk, as opposed to a {@link Partition} of one: what a driver registers for each
 * drive it finds, and what partitions pass their transfers to (never another partition, so a
 * transfer goes down one level at most).
 */
public abstract class Disk extends BlockDevice {
}
