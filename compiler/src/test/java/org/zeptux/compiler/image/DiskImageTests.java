package org.zeptux.compiler.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DiskImageTests {
    static byte[] mbr() {
        byte[] m = new byte[512];
        System.arraycopy("ZLDT".getBytes(StandardCharsets.US_ASCII), 0, m, 0x1A0, 4);
        m[510] = 0x55;
        m[511] = (byte) 0xAA;
        return m;
    }

    /** A stage 2 of {@code size} bytes of {@code fill} with an empty boot table (magic ZBTB at 8). */
    static byte[] stage2(int size, byte fill) {
        byte[] s = new byte[size];
        Arrays.fill(s, fill);
        Arrays.fill(s, 8, 8 + 20 + 256, (byte) 0);
        System.arraycopy("ZBTB".getBytes(StandardCharsets.US_ASCII), 0, s, 8, 4);
        return s;
    }

    static byte[] stage2(int size) {
        return stage2(size, (byte) 0);
    }

    static final long START = 0xffffffff80100000L;

    /** A flat kernel of {@code size} bytes with 0x11000 bytes of .bss. */
    static byte[] kernel(int size) {
        return kernel(size, START + 0x40, START, START + size, START + size + 0x11000);
    }

    static byte[] kernel(int size, long entry, long start, long fileEnd, long end) {
        byte[] k = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
        b.put("ZEPTUXKH".getBytes(StandardCharsets.US_ASCII));
        b.putLong(entry);
        b.putLong(start);
        b.putLong(fileEnd);
        b.putLong(end);
        b.putLong(fileEnd);
        for (int i = 48; i < size; i++) {
            k[i] = (byte) (i * 7);
        }
        return k;
    }

    @Test
    void partsArePlacedOnSectorsAndTheLoadTableIsPatched() throws Exception {
        byte[] stage2 = stage2(1000, (byte) 0x22);
        byte[] k = kernel(700 * 1024); // larger than 512 KiB
        byte[] img = DiskImage.build(mbr(), stage2, k);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, img.length % (1 << 20), "whole MiB");
        assertEquals(2, b.getShort(0x1A4), "stage 2 sectors");
        assertEquals(3, b.getInt(0x1A8), "kernel LBA");
        assertEquals(1400, b.getInt(0x1AC), "kernel sectors");
        assertArrayEquals(stage2, Arrays.copyOfRange(img, 512, 1512));
        assertEquals(0, img[1512], "stage 2 padded with zeros");
        assertArrayEquals(k, Arrays.copyOfRange(img, 3 * 512, 3 * 512 + k.length));
        assertEquals((byte) 0x80, img[0x1BE], "active partition");
        assertArrayEquals(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF}, Arrays.copyOfRange(img, 0x1BF, 0x1C2),
                "CHS start: LBA only");
        assertEquals(0x7F, img[0x1BE + 4]);
        assertArrayEquals(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF}, Arrays.copyOfRange(img, 0x1C3, 0x1C6),
                "CHS end: LBA only");
        assertEquals(1, b.getInt(0x1BE + 8));
        assertEquals(img.length / 512 - 1, b.getInt(0x1BE + 12));
        assertArrayEquals(new byte[48], Arrays.copyOfRange(img, 0x1CE, 0x1FE), "the other three entries are empty");
        assertEquals(0x55, img[510]);
        assertEquals((byte) 0xAA, img[511]);
    }

    @Test
    void theMbrKeepsItsCodeAndTheImageIsPaddedToWholeMiB() throws Exception {
        byte[] m = mbr();
        for (int i = 0; i < 0x1A0; i++) {
            m[i] = (byte) (i + 1);
        }
        byte[] img = DiskImage.build(m, stage2(512), kernel(4096));
        assertArrayEquals(Arrays.copyOf(m, 0x1A4), Arrays.copyOf(img, 0x1A4), "code and magic untouched");
        assertEquals(1 << 20, img.length);
        assertEquals(1, ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).getShort(0x1A4));
        // Exactly 1 MiB of parts stays 1 MiB; one byte more gives 2 MiB.
        int fits = (1 << 20) - 2 * 512;
        assertEquals(1 << 20, DiskImage.build(mbr(), stage2(512), kernel(fits)).length);
        assertEquals(2 << 20, DiskImage.build(mbr(), stage2(512), kernel(fits + 1)).length);
        byte[] odd = DiskImage.build(mbr(), stage2(512), kernel(fits - 511));
        assertEquals(0, odd[(1 << 20) - 1], "the last, partial kernel sector is padded with zeros");
    }

    @Test
    void sameInputSameBytesAndTheSignatureFollowsTheContent() throws Exception {
        byte[] a = DiskImage.build(mbr(), stage2(600), kernel(4096));
        assertArrayEquals(a, DiskImage.build(mbr(), stage2(600), kernel(4096)));
        byte[] k = kernel(4096);
        k[100] ^= 1;
        byte[] c = DiskImage.build(mbr(), stage2(600), k);
        assertEquals(false, Arrays.equals(Arrays.copyOfRange(a, 0x1B8, 0x1BC), Arrays.copyOfRange(c, 0x1B8, 0x1BC)));
    }

    @Test
    void badPartsAreRefusedWithOneLine() {
        byte[] shortMbr = new byte[511];
        assertEquals("the MBR is 511 bytes; it must be exactly 512",
                assertThrows(ImageException.class, () -> DiskImage.build(shortMbr, new byte[1], kernel(64))).getMessage());
        byte[] noSig = mbr();
        noSig[511] = 0;
        assertEquals("the MBR does not end with the boot signature 0x55 0xAA",
                assertThrows(ImageException.class, () -> DiskImage.build(noSig, new byte[1], kernel(64))).getMessage());
        byte[] noTable = mbr();
        noTable[0x1A0] = 0;
        assertEquals("the MBR has no load table (magic ZLDT) at offset 0x1A0",
                assertThrows(ImageException.class, () -> DiskImage.build(noTable, new byte[1], kernel(64))).getMessage());
        assertEquals("stage 2 is 32769 bytes; it must be 1 to 32768 bytes",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[32769], kernel(64))).getMessage());
        assertEquals("stage 2 is 0 bytes; it must be 1 to 32768 bytes",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[0], kernel(64))).getMessage());
        byte[] noHeader = kernel(64);
        noHeader[0] = 'X';
        assertEquals("the kernel does not start with the ZEPTUXKH header (is boot/entry.asm linked first?)",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1], noHeader)).getMessage());
        assertEquals("the kernel is 10 bytes, too small for its 48-byte header",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1], new byte[10])).getMessage());
        assertEquals("the kernel is larger than the 21 MiB the boot page tables map",
                assertThrows(ImageException.class,
                        () -> DiskImage.build(mbr(), new byte[1], kernel((21 << 20) + 1))).getMessage());
        // The file fits but .bss takes it past what stage 2 maps.
        assertEquals("the kernel is larger than the 21 MiB the boot page tables map",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1],
                        kernel(4096, START + 0x40, START, START + 4096, START + (21 << 20) + 4096))).getMessage());
    }

    @Test
    void headersStage2WouldRefuseAreRefused() throws Exception {
        assertEquals("the kernel header's start is 0xffffffff80000000; stage 2 needs a kernel linked at"
                        + " 0xffffffff80100000 (linker.ld)",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1],
                        kernel(4096, START + 0x40, START - 0x100000, START + 4096, START + 8192))).getMessage());
        assertEquals("the kernel header's ends are out of order: start 0xffffffff80100000, file end"
                        + " 0xffffffff80101000, end 0xffffffff80100800",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1],
                        kernel(4096, START + 0x40, START, START + 4096, START + 2048))).getMessage());
        assertEquals("the kernel's entry 0x100040 is outside the kernel",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1],
                        kernel(4096, 0x100040, START, START + 4096, START + 8192))).getMessage());
        assertEquals("the flat kernel is 8192 bytes but its header says 4096 are loaded"
                        + " (a section outside linker.ld's layout?)",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1],
                        kernel(8192, START + 0x40, START, START + 4096, START + 8192))).getMessage());
        // A flat kernel shorter than its header's file end is fine (objcopy drops an empty .data).
        DiskImage.build(mbr(), stage2(512), kernel(4000, START + 0x40, START, START + 4096, START + 8192));
    }

    @Test
    void headerFieldsAreRead() throws Exception {
        DiskImage.KernelHeader h = DiskImage.header(kernel(4096));
        assertEquals(0xffffffff80100040L, h.entry());
        assertEquals(0xffffffff80100000L, h.start());
        assertEquals(0xffffffff80101000L, h.fileEnd());
        assertEquals(0xffffffff80112000L, h.end());
        assertEquals(0xffffffff80101000L, h.stackGuard());
    }

    @Test
    void theInitramfsFollowsTheArchiveAndTheBootTableSaysWhereWithTheCommandLine() throws Exception {
        byte[] initramfs = new byte[1500];
        Arrays.fill(initramfs, (byte) 0x33);
        byte[] archive = new byte[700];
        byte[] img = DiskImage.build(mbr(), stage2(1000), kernel(4096), archive, initramfs, "init=/bin/sh quiet");
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int table = 512 + 8;
        assertEquals(1 + 2 + 8 + 2, b.getInt(table + 4), "initramfs LBA: after MBR, stage 2, kernel and archive");
        assertEquals(3, b.getInt(table + 8), "sectors");
        assertEquals(1500, b.getInt(table + 12), "bytes");
        assertEquals(18, b.getInt(table + 16), "command line length");
        assertEquals("init=/bin/sh quiet", new String(img, table + 20, 18, StandardCharsets.US_ASCII));
        assertEquals(0, img[table + 20 + 18], "NUL-terminated");
        assertArrayEquals(initramfs, Arrays.copyOfRange(img, 13 * 512, 13 * 512 + 1500));
        byte[] none = DiskImage.build(mbr(), stage2(1000), kernel(4096), archive, new byte[0], "");
        ByteBuffer n = ByteBuffer.wrap(none).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, n.getInt(table + 4), "no initramfs: LBA 0");
        assertEquals(0, n.getInt(table + 8), "and no sectors");
    }

    @Test
    void aBadCommandLineOrStage2WithoutABootTableIsRefused() {
        assertEquals("the kernel command line is 256 bytes; at most 255",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), stage2(1000), kernel(4096), new byte[0],
                        new byte[0], "x".repeat(256))).getMessage());
        assertEquals("the kernel command line may hold printable ASCII only (character 5 is not)",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), stage2(1000), kernel(4096), new byte[0],
                        new byte[0], "init\t=x")).getMessage());
        assertEquals("stage 2 has no boot table (magic ZBTB) at offset 8",
                assertThrows(ImageException.class, () -> DiskImage.build(mbr(), new byte[1000], kernel(4096))).getMessage());
    }
}
