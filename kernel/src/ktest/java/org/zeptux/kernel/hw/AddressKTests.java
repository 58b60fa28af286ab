package org.zeptux.kernel.hw;

import org.zeptux.kernel.test.Check;
import org.zeptux.rt.Address;
import org.zeptux.rt.KTest;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Offset;
import org.zeptux.rt.Struct;
import org.zeptux.rt.Structs;

/** The unboxed Address type and struct views, on a buffer of the image heap: the same results in both worlds. */
public final class AddressKTests {
    private AddressKTests() {}

    private static final long[] BUFFER = new long[8];

    /** An e820-style record, to show a C layout with mixed widths. */
    @Struct(size = 24)
    interface Entry {
        @Offset(0) long base();

        void base(long v);

        @Offset(8) long length();

        void length(long v);

        @Offset(16) int type();

        void type(int v);

        @Offset(20) short flags();

        void flags(short v);

        @Offset(22) boolean valid();

        void valid(boolean v);

        @Offset(23) byte tag();

        void tag(byte v);
    }

    private static Address buffer() {
        return Address.of(Memory.addressOf(BUFFER) + 16);
    }

    @KTest
    static void addressArithmeticAndComparisons() {
        Address a = buffer();
        Address b = a.plus(24);
        Check.equal(24, b.diff(a), "plus and diff");
        Check.equal(8, b.minus(16).diff(a), "minus");
        Check.isTrue(a.lt(b) && a.le(b) && b.gt(a) && b.ge(a) && !a.eq(b) && a.eq(b.minus(24)), "unsigned order");
        Check.isTrue(Address.of(-1).gt(a), "0xffff... is the highest address");
        Check.equalHex(a.toLong() & -64, a.plus(3).alignDown(64).toLong() & -64, "alignDown");
        Check.equalHex(0x2000, Address.of(0x1001).alignUp(0x1000).toLong(), "alignUp");
        Check.equal(0, Address.toLong(Address.zero()), "zero");
    }

    @KTest
    static void addressLoadsAndStoresEveryWidth() {
        Address a = buffer();
        a.store64(0x1122334455667788L);
        Check.equalHex(0x88, a.load8(), "byte 0, little-endian");
        Check.equalHex(0x7788, a.load16(), "16 bits");
        Check.equalHex(0x55667788, a.load32(), "32 bits");
        Check.equalHex(0x1122334455667788L, a.load64(), "64 bits");
        Check.equalHex(0x11, a.load8(7), "byte 7 by offset");
        a.store8(1, 0xAB);
        a.store16(2, 0xCDEF);
        a.store32(4, 0x01020304);
        Check.equalHex(0x01020304CDEFAB88L, a.load64(), "stores at offsets");
        a.plus(8).storeAddress(a);
        Check.isTrue(a.plus(8).loadAddress().eq(a), "an address stored and loaded");
        
        a.store8(0xFF);
        Check.equal(255, a.load8(), "a byte loads as 0..255");
        a.mmioStore32(0xDEADBEEF);
        Check.equalHex(0xDEADBEEFL, a.mmioLoad32() & 0xFFFFFFFFL, "volatile accesses");
    }

    @KTest
    static void structViewsReadAndWriteTheirLayout() {
        Address a = buffer().plus(16);
        Entry e = Structs.at(a, Entry.class);
        e.base(0x100000);
        e.length(0x7EE0000);
        e.type(1);
        e.flags((short) -2);
        e.valid(true);
        e.tag((byte) 0x80);
        Check.equal(24, Structs.size(Entry.class), "size");
        Check.equalHex(0x100000, a.load64(), "base at +0");
        Check.equalHex(0x7EE0000, a.load64(8), "length at +8");
        Check.equal(1, a.load32(16), "type at +16");
        Check.equalHex(0xFFFE, a.load16(20), "flags at +20");
        Check.equal(1, a.load8(22), "valid at +22");
        Check.equalHex(0x80, a.load8(23), "tag at +23");
        Check.equal(-2, e.flags(), "a short reads sign-extended");
        Check.equal(-128, e.tag(), "a byte too");
        Check.isTrue(e.valid(), "a boolean");
        Entry next = Structs.at(a.plus(Structs.size(Entry.class)), Entry.class);
        next.base(e.base() + e.length());
        Check.equalHex(0x7FE0000, a.load64(24), "the next record of an array of records");
    }
}
