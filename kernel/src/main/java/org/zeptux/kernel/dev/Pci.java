package org.zeptux.kernel.dev;

import org.zeptux.kernel.hw.PortRange;
import org.zeptux.kernel.hw.Ports;
import org.zeptux.kernel.sync.SpinLock;
import org.zeptux.rt.Platform;

/**
 * PCI configuration space through configuration mechanism #1 (PCI Local Bus Specification 3.0,
 * 3.2.2.3.2): a dword address written to CONFIG_ADDRESS (0xCF8: bit 31 enable, bus 23..16,
 * device 15..11, function 10..8, register 7..2), then the dword read or written at CONFIG_DATA
 * (0xCFC). The pair is one step under {@link #LOCK}, so callers on any CPU may use it. Only what
 * the disk driver needs: finding a function by class, its BARs, its command register.
 */
public final class Pci {
    private Pci() {}

    static final PortRange CONFIG = Ports.PCI_CONFIG;
    private static final SpinLock LOCK = new SpinLock("pci config");

    /** Configuration registers (type 0 header). */
    public static final int VENDOR = 0x00;
    public static final int COMMAND = 0x04;
    public static final int CLASS = 0x08;       // revision 7..0, prog-if 15..8, subclass 23..16, class 31..24
    public static final int HEADER = 0x0C;      // header type in bits 23..16 (bit 23: multi-function)
    public static final int BAR0 = 0x10;
    public static final int INTERRUPT = 0x3C;   // interrupt line 7..0, pin 15..8
    /** Command register bits. */
    public static final int IO_SPACE = 0x1;
    public static final int BUS_MASTER = 0x4;

    /** The address of a function: bus, device, function as CONFIG_ADDRESS has them. */
    public static int address(int bus, int device, int function) {
        return (bus & 0xFF) << 16 | (device & 0x1F) << 11 | (function & 7) << 8;
    }

    /** The dword at {@code register} (a multiple of 4) of function {@code fn}; all ones when none answers. */
    public static int read32(int fn, int register) {
        if (Platform.simulated()) {
            return -1;
        }
        LOCK.lock();
        CONFIG.out32(0, 0x80000000 | fn | (register & 0xFC));
        int v = CONFIG.in32(4);
        LOCK.unlock();
        return v;
    }

    /** Writes the dword at {@code register} of function {@code fn}. */
    public static void write32(int fn, int register, int value) {
        if (Platform.simulated()) {
            return;
        }
        LOCK.lock();
        CONFIG.out32(0, 0x80000000 | fn | (register & 0xFC));
        CONFIG.out32(4, value);
        LOCK.unlock();
    }

    /**
     * The first function on bus 0 of class {@code cls} and subclass {@code subclass}, as
     * {@link #address} gives it, or -1 when there is none (devices answer all ones when absent;
     * functions 1..7 are looked at only on multi-function devices).
     */
    public static int find(int cls, int subclass) {
        for (int d = 0; d < 32; d++) {
            for (int f = 0; f < 8; f++) {
                int fn = address(0, d, f);
                int id = read32(fn, VENDOR);
                if ((id & 0xFFFF) == 0xFFFF) {
                    if (f == 0) {
                        break;
                    }
                    continue;
                }
                int c = read32(fn, CLASS);
                if ((c >>> 24) == cls && (c >>> 16 & 0xFF) == subclass) {
                    return fn;
                }
                if (f == 0 && (read32(fn, HEADER) & 0x800000) == 0) {
                    break;                          // a single-function device
                }
            }
        }
        return -1;
    }

    /** The I/O port base of BAR {@code n} (0..5) of {@code fn}, or 0 when it is not an I/O BAR. */
    public static int ioBar(int fn, int n) {
        int bar = read32(fn, BAR0 + 4 * n);
        return (bar & 1) == 0 ? 0 : bar & 0xFFFC;
    }
}
