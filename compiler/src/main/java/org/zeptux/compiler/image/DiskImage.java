package org.zeptux.compiler.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The raw disk image (docs/boot.md):
 *
 * <pre>
 *   LBA 0             MBR (stage 1), load table patched at 0x1A0, partition table
 *   LBA 1 ..          stage 2, padded to whole sectors (at most 64)
 *   LBA 1 + S2 ..     the flat kernel, padded to whole sectors
 *   then              the module archive (if any), padded to whole sectors; its LBA and
 *                     sector count at 0x1B0 of the MBR (u32 each)
 *   then              the initramfs (if any: a cpio newc archive), padded to whole sectors
 *   .. end            zeros up to a whole MiB
 * </pre>
 *
 * Stage 2's boot table (at {@link #BOOT_TABLE} in stage 2, magic "ZBTB"), patched here, says
 * where the initramfs is and holds the kernel command line:
 * <pre>
 *   +0 "ZBTB"  +4 u32 initramfs LBA  +8 u32 sectors  +12 u32 bytes  +16 u32 command line length
 *   +20 the command line, NUL-terminated ({@link #MAX_CMDLINE} bytes at most, without the NUL)
 * </pre>
 *
 * The same parts always give the same bytes.
 */
public final class DiskImage {
    public static final int SECTOR = 512;
    static final int LOAD_TABLE = 0x1A0;
    static final int DISK_SIGNATURE = 0x1B8;
    static final int PARTITION_TABLE = 0x1BE;
    static final int MAX_STAGE2_SECTORS = 64;
    /** Where linker.ld puts the kernel (virtual); stage 2 loads it at physical 1 MiB. */
    public static final long KERNEL_VMA = 0xffffffff80000000L;
    public static final long KERNEL_START = KERNEL_VMA + 0x100000;
    /**
     * Stage 2's page tables map virtual KERNEL_VMA + [0, 22 MiB); the kernel starts 1 MiB in, so
     * it may be 21 MiB long, .bss included. Stage 2 refuses anything larger, so this does too.
     */
    static final long MAX_KERNEL_BYTES = 21 << 20;
    private static final byte[] LOAD_TABLE_MAGIC = "ZLDT".getBytes(StandardCharsets.US_ASCII);
    private static final long KERNEL_MAGIC = 0x484b58555450455aL; // "ZEPTUXKH"

    private DiskImage() {}

    /** The fields of the kernel header that boot/entry.asm emits. */
    public record KernelHeader(long entry, long start, long fileEnd, long end, long stackGuard) {}

    /**
     * Reads the kernel header at the start of a flat kernel and checks it the way stage 2 will:
     * magic, link address, entry inside the image, ends in order, and the size the boot page
     * tables can map.
     */
    public static KernelHeader header(byte[] kernel) throws ImageException {
        if (kernel.length < 48) {
            throw new ImageException("the kernel is " + kernel.length + " bytes, too small for its 48-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(kernel).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != KERNEL_MAGIC) {
            throw new ImageException("the kernel does not start with the ZEPTUXKH header (is boot/entry.asm linked first?)");
        }
        KernelHeader h = new KernelHeader(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40));
        if (h.start() != KERNEL_START) {
            throw new ImageException("the kernel header's start is " + hex(h.start()) + "; stage 2 needs a kernel linked at "
                    + hex(KERNEL_START) + " (linker.ld)");
        }
        if (Long.compareUnsigned(h.fileEnd(), h.start()) < 0 || Long.compareUnsigned(h.end(), h.fileEnd()) < 0) {
            throw new ImageException("the kernel header's ends are out of order: start " + hex(h.start()) + ", file end "
                    + hex(h.fileEnd()) + ", end " + hex(h.end()));
        }
        if (Long.compareUnsigned(h.entry(), h.start()) < 0 || Long.compareUnsigned(h.entry(), h.end()) >= 0) {
            throw new ImageException("the kernel's entry " + hex(h.entry()) + " is outside the kernel");
        }
        if (kernel.length > MAX_KERNEL_BYTES || h.end() - h.start() > MAX_KERNEL_BYTES) {
            throw new ImageException("the kernel is larger than the " + (MAX_KERNEL_BYTES >> 20)
                    + " MiB the boot page tables map");
        }
        if (kernel.length > h.fileEnd() - h.start()) {
            throw new ImageException("the flat kernel is " + kernel.length + " bytes but its header says "
                    + (h.fileEnd() - h.start()) + " are loaded (a section outside linker.ld's layout?)");
        }
        return h;
    }

    /** Where stage 2's boot table is, in stage 2 (after a 3-byte jump and padding). */
    static final int BOOT_TABLE = 8;
    /** The longest kernel command line, in bytes (as Linux's x86 COMMAND_LINE_SIZE, less one for the NUL). */
    public static final int MAX_CMDLINE = 255;
    private static final byte[] BOOT_TABLE_MAGIC = "ZBTB".getBytes(StandardCharsets.US_ASCII);

    /** Builds the image from the assembled MBR, stage 2 and the flat kernel. */
    public static byte[] build(byte[] mbr, byte[] stage2, byte[] kernel) throws ImageException {
        return build(mbr, stage2, kernel, new byte[0]);
    }

    /** Where the module archive is: u32 LBA, u32 sectors, right after the load table (0 and 0: none). */
    static final int ARCHIVE = 0x1B0;

    /**
     * As above, with a module archive (ModuleArchive; may be empty) after the kernel, for the
     * kernel to read over ATA when it loads modules at run time.
     */
    public static byte[] build(byte[] mbr, byte[] stage2, byte[] kernel, byte[] archive) throws ImageException {
        return build(mbr, stage2, kernel, archive, new byte[0], "");
    }

    /**
     * As above, with an initramfs (a cpio newc archive; may be empty) after the module archive
     * and the kernel command line {@code cmdline} (printable ASCII, at most {@link #MAX_CMDLINE}
     * bytes), both in stage 2's boot table.
     */
    public static byte[] build(byte[] mbr, byte[] stage2, byte[] kernel, byte[] archive, byte[] initramfs, String cmdline)
            throws ImageException {
        byte[] line = cmdline.getBytes(StandardCharsets.US_ASCII);
        if (line.length > MAX_CMDLINE) {
            throw new ImageException("the kernel command line is " + line.length + " bytes; at most " + MAX_CMDLINE);
        }
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new ImageException("the kernel command line may hold printable ASCII only (character "
                        + (i + 1) + " is not)");
            }
        }
        if (mbr.length != SECTOR) {
            throw new ImageException("the MBR is " + mbr.length + " bytes; it must be exactly 512");
        }
        if ((mbr[510] & 0xFF) != 0x55 || (mbr[511] & 0xFF) != 0xAA) {
            throw new ImageException("the MBR does not end with the boot signature 0x55 0xAA");
        }
        for (int i = 0; i < LOAD_TABLE_MAGIC.length; i++) {
            if (mbr[LOAD_TABLE + i] != LOAD_TABLE_MAGIC[i]) {
                throw new ImageException("the MBR has no load table (magic ZLDT) at offset 0x1A0");
            }
        }
        int stage2Sectors = sectors(stage2.length);
        if (stage2Sectors == 0 || stage2Sectors > MAX_STAGE2_SECTORS) {
            throw new ImageException("stage 2 is " + stage2.length + " bytes; it must be 1 to "
                    + MAX_STAGE2_SECTORS * SECTOR + " bytes");
        }
        header(kernel);
        int kernelSectors = sectors(kernel.length);
        int kernelLba = 1 + stage2Sectors;
        int archiveLba = kernelLba + kernelSectors;
        int archiveSectors = sectors(archive.length);
        int initramfsLba = archiveLba + archiveSectors;
        int initramfsSectors = sectors(initramfs.length);
        long used = (long) (initramfsLba + initramfsSectors) * SECTOR;
        for (int i = 0; i < BOOT_TABLE_MAGIC.length; i++) {
            if (stage2.length < BOOT_TABLE + 20 + MAX_CMDLINE + 1 || stage2[BOOT_TABLE + i] != BOOT_TABLE_MAGIC[i]) {
                throw new ImageException("stage 2 has no boot table (magic ZBTB) at offset " + BOOT_TABLE);
            }
        }
        long total = (used + (1 << 20) - 1) & -(1L << 20);

        byte[] image = new byte[(int) total];
        System.arraycopy(mbr, 0, image, 0, SECTOR);
        System.arraycopy(stage2, 0, image, SECTOR, stage2.length);
        System.arraycopy(kernel, 0, image, kernelLba * SECTOR, kernel.length);
        System.arraycopy(archive, 0, image, archiveLba * SECTOR, archive.length);
        System.arraycopy(initramfs, 0, image, initramfsLba * SECTOR, initramfs.length);

        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(LOAD_TABLE + 4, (short) stage2Sectors);
        b.putShort(LOAD_TABLE + 6, (short) 0);
        b.putInt(LOAD_TABLE + 8, kernelLba);
        b.putInt(LOAD_TABLE + 12, kernelSectors);
        b.putInt(ARCHIVE, archiveSectors == 0 ? 0 : archiveLba);
        b.putInt(ARCHIVE + 4, archiveSectors);
        int table = SECTOR + BOOT_TABLE;
        b.putInt(table + 4, initramfsSectors == 0 ? 0 : initramfsLba);
        b.putInt(table + 8, initramfsSectors);
        b.putInt(table + 12, initramfs.length);
        b.putInt(table + 16, line.length);
        System.arraycopy(line, 0, image, table + 20, line.length);
        image[table + 20 + line.length] = 0;

        CRC32 crc = new CRC32();
        crc.update(image, SECTOR, image.length - SECTOR);
        b.putInt(DISK_SIGNATURE, (int) crc.getValue());
        b.putShort(DISK_SIGNATURE + 4, (short) 0);

        // One active partition covering everything after the MBR. CHS fields say "use LBA".
        int p = PARTITION_TABLE;
        for (int i = 0; i < 64; i++) {
            image[p + i] = 0;
        }
        image[p] = (byte) 0x80;
        image[p + 1] = (byte) 0xFE;
        image[p + 2] = (byte) 0xFF;
        image[p + 3] = (byte) 0xFF;
        image[p + 4] = (byte) 0x7F;
        image[p + 5] = (byte) 0xFE;
        image[p + 6] = (byte) 0xFF;
        image[p + 7] = (byte) 0xFF;
        b.putInt(p + 8, 1);
        b.putInt(p + 12, (int) (total / SECTOR - 1));
        return image;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static int sectors(long bytes) {
        return (int) ((bytes + SECTOR - 1) / SECTOR);
    }
}
