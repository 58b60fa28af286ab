package org.zeptux.kernel.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The MBR parser ({@link Mbr}) on tables written here: primaries, an extended chain, refusals. */
class MbrTests {
    private final Mbr mbr = new Mbr();

    private String found() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < mbr.count; i++) {
            s.append(String.format("%d:%d+%d/%02x ", mbr.number[i], mbr.start[i], mbr.sectors[i], mbr.type[i]));
        }
        for (int i = 0; i < mbr.refused; i++) {
            s.append(String.format("!%d:%d+%d %s ", mbr.refusedNumber[i], mbr.refusedStart[i], mbr.refusedSectors[i],
                    Mbr.REASONS[mbr.reason[i]]));
        }
        return s.toString().trim();
    }

    @Test
    void noSignatureIsNoTable() {
        byte[] d = Disks.disk(16);
        assertEquals(Mbr.NO_TABLE, mbr.scan(new Disks.Reader(d), 16));
        assertEquals(0, mbr.count);
    }

    @Test
    void unreadableSectorZero() {
        assertEquals(Mbr.READ_ERROR, mbr.scan(new Disks.Reader(new byte[0]), 16));
    }

    @Test
    void primariesInTableOrderTypeZeroAndEmptySkipped() {
        byte[] d = Disks.disk(4096);
        Disks.entry(d, 0, 0, 0x83, 2048, 1000);
        Disks.entry(d, 0, 1, 0x00, 100, 100);          // unused: type 0
        Disks.entry(d, 0, 2, 0x82, 64, 0);             // unused: no sectors
        Disks.entry(d, 0, 3, 0x0C, 64, 1984);
        assertEquals(Mbr.OK, mbr.scan(new Disks.Reader(d), 4096));
        assertEquals("1:2048+1000/83 4:64+1984/0c", found());
    }

    @Test
    void extendedChainGivesLogicalsFromFive() {
        byte[] d = Disks.disk(4096);
        Disks.entry(d, 0, 0, 0x83, 64, 1000);
        Disks.entry(d, 0, 1, 0x05, 2048, 2048);
        Disks.entry(d, 2048, 0, 0x83, 16, 500);         // first logical, relative to its record
        Disks.entry(d, 2048, 1, 0x05, 1024, 1024);      // link, relative to the extended partition
        Disks.entry(d, 3072, 0, 0x82, 16, 200);
        assertEquals(Mbr.OK, mbr.scan(new Disks.Reader(d), 4096));
        assertEquals("1:64+1000/83 2:2048+2/05 5:2064+500/83 6:3088+200/82", found());
    }

    @Test
    void outsideTheDiskIsRefused() {
        byte[] d = Disks.disk(16);
        Disks.entry(d, 0, 0, 0x83, 1, 15);
        Disks.entry(d, 0, 1, 0x83, 8, 100);
        Disks.entry(d, 0, 2, 0x83, 0xFFFFFFFFL, 0xFFFFFFFFL);
        assertEquals(Mbr.OK, mbr.scan(new Disks.Reader(d), 16));
        assertEquals("1:1+15/83 !2:8+100 lies outside the disk !3:4294967295+4294967295 lies outside the disk", found());
    }

    @Test
    void brokenChainsAreRefusedWithTheirReason() {
        byte[] d = Disks.disk(4096);
        Disks.entry(d, 0, 0, 0x0F, 1024, 1024);
        Disks.entry(d, 1024, 0, 0x83, 16, 2000);        // outside its extended partition
        Disks.entry(d, 1024, 1, 0x05, 100, 100);        // next record: no signature
        assertEquals(Mbr.OK, mbr.scan(new Disks.Reader(d), 4096));
        assertEquals("1:1024+2/0f !5:1040+2000 lies outside its extended partition"
                + " !6:1124+0 has an extended boot record without the 0x55AA signature", found());
    }

    @Test
    void aLoopEndsTheChain() {
        byte[] d = Disks.disk(64);
        Disks.entry(d, 0, 0, 0x85, 8, 56);
        Disks.entry(d, 8, 0, 0x83, 1, 3);
        Disks.entry(d, 8, 1, 0x05, 8, 8);               // the next record
        Disks.entry(d, 16, 0, 0x83, 1, 3);
        Disks.entry(d, 16, 1, 0x05, 0, 8);              // back to the first: a loop
        Disks.Reader r = new Disks.Reader(d);
        assertEquals(Mbr.OK, mbr.scan(r, 64));
        assertEquals("1:8+2/85 5:9+3/83 6:17+3/83 !7:8+0 is in an extended partition chain that loops", found());
    }

    @Test
    void theNumbersRunOutAtFifteen() {
        byte[] d = Disks.disk(64);
        Disks.entry(d, 0, 0, 0x05, 8, 56);
        Disks.entry(d, 8, 0, 0x83, 1, 3);
        Disks.entry(d, 8, 1, 0x05, 8, 8);
        Disks.entry(d, 16, 0, 0x83, 1, 3);
        Disks.entry(d, 16, 1, 0x05, 8, 8);              // 16 links to itself: logicals without end
        Disks.Reader r = new Disks.Reader(d);
        assertEquals(Mbr.OK, mbr.scan(r, 64));
        assertEquals(Mbr.MAX, mbr.number[mbr.count - 1]);
        assertEquals(1, mbr.refused);
        assertEquals(Mbr.TOO_MANY, mbr.reason[0]);
        assertEquals(Mbr.MAX + 1, mbr.refusedNumber[0]);
        assertEquals(1 + (Mbr.MAX - 4) + 1, r.reads);
    }

    @Test
    void aChainOfLinksOnlyStopsAtTheRecordLimit() {
        byte[] d = Disks.disk(64);
        Disks.entry(d, 0, 0, 0x05, 8, 56);
        Disks.entry(d, 8, 1, 0x05, 8, 8);
        Disks.entry(d, 16, 1, 0x05, 8, 8);              // a record with a link to itself and nothing else
        Disks.Reader r = new Disks.Reader(d);
        assertEquals(Mbr.OK, mbr.scan(r, 64));
        assertEquals(1 + Mbr.MAX_RECORDS, r.reads);
        assertEquals("1:8+2/05 !5:16+0 is in an extended partition chain that loops", found());
    }
}
