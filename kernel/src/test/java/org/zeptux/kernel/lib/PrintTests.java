package org.zeptux.kernel.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.zeptux.kernel.dev.Uart;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.Uart16550;

class PrintTests {
    private String capture(Runnable r) {
        Uart16550 uart = new Uart16550();
        try (var ignored = Machine.install(new Machine().attach(0x3F8, 8, uart))) {
            Uart.init();
            r.run();
        }
        return uart.transmitted();
    }

    @Test
    void decimal() {
        assertEquals("0 -1 42 -9223372036854775808 9223372036854775807", capture(() -> {
            Print.dec(0);
            Print.chr(' ');
            Print.dec(-1);
            Print.chr(' ');
            Print.dec(42);
            Print.chr(' ');
            Print.dec(Long.MIN_VALUE);
            Print.chr(' ');
            Print.dec(Long.MAX_VALUE);
        }));
    }

    @Test
    void unsignedDecimal() {
        assertEquals("18446744073709551615 9223372036854775808 10", capture(() -> {
            Print.udec(-1);
            Print.chr(' ');
            Print.udec(Long.MIN_VALUE);
            Print.chr(' ');
            Print.udec(10);
        }));
    }

    @Test
    void hexIsZeroPaddedToTheWidth() {
        assertEquals("0000000000000000 ffffffffffffffff 00ab f 8000000000000000", capture(() -> {
            Print.hex(0, 16);
            Print.chr(' ');
            Print.hex(-1, 16);
            Print.chr(' ');
            Print.hex(0xab, 4);
            Print.chr(' ');
            Print.hex(0x1f, 1);
            Print.chr(' ');
            Print.hex(Long.MIN_VALUE, 16);
        }));
    }

    @Test
    void stringsNullAndNewlines() {
        assertEquals("null\r\nok", capture(() -> {
            Print.str(null);
            Print.nl();
            Print.str("ok");
        }));
    }
}
