package bad;

import org.zeptux.rt.Address;
import org.zeptux.rt.Count;
import org.zeptux.rt.Embedded;
import org.zeptux.rt.Offset;
import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Struct;

/** Every struct layout mistake the processor refuses, each marked with the error at its line. */
public class BadStructs {
    @Struct(size = 16)
    interface Layout {
        @Offset(0) long fine();

        @Offset(12) long pastTheEnd();                        // error: is outside struct Layout (bytes 0..15)

        @Offset(10) int misaligned();                         // error: at offset 10 is not naturally aligned

        @Offset(4) short overlapping();                       // error: overlaps field fine (bytes 0..7)

        @Offset(-8) byte negative();                          // error: is outside struct Layout

        int noOffset();                                       // error: has no @Offset

        @Offset(8) String text();                             // error: which a struct view cannot hold

        @Offset(8) int unindexed(int i);                      // error: takes parameters but has no @Count

        void fine(int v);                                     // error: does not match its getter; write void fine(long v)

        void orphan(long v);                                  // error: has no getter of the same name
    }

    @Struct(size = 64)
    interface Arrays {
        @Offset(0) @Count(8) long words(int i);

        void words(long v);                                   // error: write void words(int i, long v)

        @Offset(8) @Count(2) int overlapping(int i);          // error: overlaps field words (bytes 0..63)

        @Offset(0) @Count(0) byte empty(int i);               // error: has @Count(0)

        @Offset(0) @Count(2) byte longIndex(long i);          // error: must take the index as its one int parameter
    }

    @Struct(size = 40)
    interface Outer {
        @Offset(4) @Embedded Inner inner();                   // error: at offset 4 is not naturally aligned (an embedded Inner needs an offset that is a multiple of 8)

        @Offset(24) @Embedded @Count(2) Inner two(int i);     // error: is outside struct Outer (bytes 0..39)

        @Offset(16) @Embedded PhysAddr frame();               // error: not a struct view

        @Offset(20) Inner pointer();                          // error: at offset 20 is not naturally aligned (a pointer needs

        void inner(Inner v);                                  // error: writes an @Embedded struct
    }

    @Struct(size = 16)
    interface Inner {
        @Offset(0) Address at();

        @Offset(8) PhysAddr phys();
    }

    @Struct(size = 0)
    interface Empty {                                         // error: has size 0
    }

    @Struct(size = 8)
    static class NotAnInterface {                             // error: @Struct is only for interfaces
    }
}
