package org.zeptux.kernel.boot;

import org.zeptux.kernel.lib.ByteSource;
import org.zeptux.kernel.hw.Builtins;
import org.zeptux.kernel.mm.Phys;
import org.zeptux.rt.Memory;
import org.zeptux.rt.PhysAddr;

/**
 * The initramfs stage 2 loaded, as bytes a parser reads by offset: every read is checked
 * against the archive's length, so the file system code above it never reads other memory.
 * One instance, made at build time, set at boot.
 */
public final class InitramfsBytes implements ByteSource {
    /** The archive's first byte in the direct map; set once, by {@link #set}. */
    private long base;
    private long length;

    public static final InitramfsBytes INSTANCE = new InitramfsBytes();

    private InitramfsBytes() {}

    /** Points it at the initramfs BootInfo describes; returns whether there is one. */
    public boolean set(long bootInfo) {
        long phys = BootInfo.initramfs(bootInfo);
        length = BootInfo.initramfsLength(bootInfo);
        base = length == 0 ? 0 : Phys.virt(PhysAddr.of(phys)).toLong();
        return length > 0;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int load8(long offset) {
        if (offset < 0 || offset >= length) {
            throw new IndexOutOfBoundsException("outside the initramfs");
        }
        return Memory.load8(base + offset);
    }

    @Override
    public void read(long offset, byte[] dst, int at, int n) {
        if (offset < 0 || n < 0 || offset > length - n || at < 0 || at > dst.length - n) {
            throw new IndexOutOfBoundsException("outside the initramfs or the buffer");
        }
        Builtins.memcpy(Memory.addressOf(dst) + 16 + at, base + offset, n);
    }
}
