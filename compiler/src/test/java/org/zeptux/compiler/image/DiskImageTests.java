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

    static byte[] kernel(int size) {
        byte[] k = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
        b.put("ZEPTUXKH".getBytes(StandardCharsets.US_ASCII));
        b.putLong(0xffffffff80100040L);
        b.putLong(0xffffffff80100000L);
        b.putLong(0xffffffff80100000L + size);
        b.putLong(0xffffffff80100000L + size + 0x11000);
        b.putLong(0xffffffff80100000L + size);
        for (int i = 48; i < size; i++) {
            k[i] = (byte) (i * 7);
        }
        return k;
    }

    @Test
    void partsArePlacedOnSectorsAndTheLoadTableIsPatched() throws Exception {
        byte[] stage2 = new byte[1000];
        Arrays.fill(stage2, (byte) 0x22);
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
        assertEquals(0x7F, img[0x1BE + 4]);
        assertEquals(1, b.getInt(0x1BE + 8));
        assertEquals(img.length / 512 - 1, b.getInt(0x1BE + 12));
        assertEquals(0x55, img[510]);
        assertEquals((byte) 0xAA, img[511]);
    }

    @Test
    void sameInputSameBytesAndTheSignatureFollowsTheContent() throws Exception {
        byte[] a = DiskImage.build(mbr(), new byte[600], kernel(4096));
        assertArrayEquals(a, DiskImage.build(mbr(), new byte[600], kernel(4096)));
        byte[] k = kernel(4096);
        k[100] ^= 1;
        byte[] c = DiskImage.build(mbr(), new byte[600], k);
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
        assertEquals("the kernel is larger than the 22 MiB the boot page tables map",
                assertThrows(ImageException.class,
                        () -> DiskImage.build(mbr(), new byte[1], kernel((22 << 20) + 1))).getMessage());
    }

    @Test
    void headerFieldsAreRead() throws Exception {
        DiskImage.KernelHeader h = DiskImage.header(kernel(4096));
        assertEquals(0xffffffff80100040L, h.entry());
        assertEquals(0xffffffff80100000L, h.start());
        assertEquals(0xffffffff80101000L, h.fileEnd());
    }
}
