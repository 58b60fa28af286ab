package org.zeptux.kernel.proc;

import org.zeptux.kernel.mm.BuddyArena;
import org.zeptux.kernel.test.Check;
import org.zeptux.rt.KTest;

/**
 * /proc's text: a file read in pieces of any size at any offset is the file read whole (as
 * seq_file gives it), and lines have Linux's layout.
 */
public final class ProcFsKTests {
    private ProcFsKTests() {}

    private static final byte[] WHOLE = new byte[8192];
    private static final byte[] PIECE = new byte[8192];
    private static final Text TEXT = new Text();

    @KTest
    static void piecesAtAnyOffsetMakeTheWholeFile() {
        BuddyArena.live();
        Text t = TEXT;
        t.begin(WHOLE, 0, 0, WHOLE.length);
        ProcFs.meminfo(t);
        int length = t.copied();
        Check.isTrue(length > 500 && length < WHOLE.length, "meminfo is some lines");
        Check.isTrue(WHOLE[0] == 'M' && WHOLE[9] == ' ' && WHOLE[23] >= '0' && WHOLE[24] == ' ' && WHOLE[25] == 'k'
                && WHOLE[27] == '\n', "MemTotal:, the value ending in column 24, then \" kB\"");
        int at = 0;
        int size = 1;
        while (at < length) {
            t.begin(PIECE, at, at, size);
            ProcFs.meminfo(t);
            Check.isTrue(t.copied() > 0, "a piece");
            if (t.copied() == 0) {
                break;
            }
            at += t.copied();
            size = size * 3 + 1;
        }
        boolean same = at == length;
        for (int i = 0; i < length; i++) {
            same &= PIECE[i] == WHOLE[i];
        }
        Check.isTrue(same, "the pieces are the whole");
        t.begin(PIECE, 0, length, 10);
        ProcFs.meminfo(t);
        Check.equal(0, t.copied(), "nothing past the end");
    }

    @KTest
    static void numbersAreFormattedAsLinuxDoes() {
        Text t = TEXT;
        t.begin(PIECE, 0, 0, 64);
        t.udec(42, 6).chr('|').hex(0x1f, 4).chr('|').hundredths(12345).chr('|').dec(-7).chr('|').udec(-1L);
        String want = "    42|001f|123.45|-7|18446744073709551615";
        boolean same = t.copied() == want.length();
        for (int i = 0; i < want.length() && same; i++) {
            same = PIECE[i] == want.charAt(i);
        }
        Check.isTrue(same, "%6lu, %04x, two decimals, signed, unsigned 64-bit");
    }
}
