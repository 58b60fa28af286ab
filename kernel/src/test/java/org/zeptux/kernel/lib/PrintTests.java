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

    @Test
    void hexdumpIsLinuxStyle() {
        String out = capture(() -> {
            long at = 0x5000;
            for (int i = 0; i < 20; i++) {
                org.zeptux.rt.Memory.store8(at + i, "Hello, Zeptux!\n\0\1\2\3\377".charAt(i));
            }
            Printf.hexdump(org.zeptux.kernel.hw.FirmwareView.empty().map(at, 20), 20);
        });
        assertEquals("00000000: 48 65 6c 6c 6f 2c 20 5a 65 70 74 75 78 21 0a 00  |Hello, Zeptux!..|\r\n"
                + "00000010: 01 02 03 ff                                      |....|\r\n", out);
    }

    @Test
    void printfGoesToTheConsoleWithUpToSixArguments() {
        String out = capture(() -> Printf.printf("boot: %s at %p, %d MiB, %x/%X, %c\n", Printf.s("zeptux"),
                0xffffffff80100000L, 128, 255, 255, 'o'));
        assertEquals("boot: zeptux at 0xffffffff80100000, 128 MiB, ff/FF, o\r\n", out);
        assertEquals("1 %d\r\n", capture(() -> Printf.printf("%d %d\n", 1)), "a missing argument prints as written");
    }

    @Test
    void printfOutputLongerThanALineBufferComesOutWhole() {
        String long1 = "0123456789abcdef".repeat(40);      // 640 bytes: more than one line buffer
        String out = capture(() -> {
            Printf.printf("%s|%700d|%s\n", Printf.s(long1), 7, Printf.s(long1));
            Log.info("%s", Printf.s(long1));
        });
        String padded = " ".repeat(63) + "7";             // widths stop at 64
        assertEquals(long1 + "|" + padded + "|" + long1 + "\r\n[info] " + long1 + "\r\n", out);
    }

    @Test
    void logLinesCarryTheirLevelAndLowerLevelsAreDropped() {
        String out = capture(() -> {
            Log.setThreshold(Log.INFO);
            Log.error("disk %d failed", 2);
            Log.warn("low memory: %d KiB free", 512);
            Log.info("%s ready", Printf.s("console"));
            Log.debug("not shown");
            Log.setThreshold(Log.DEBUG);
            Log.debug("now shown: %x/%x", 10, 11);
            Log.setThreshold(Log.INFO);
        });
        assertEquals("[error] disk 2 failed\r\n[warn] low memory: 512 KiB free\r\n[info] console ready\r\n"
                + "[debug] now shown: a/b\r\n", out);
    }
}
