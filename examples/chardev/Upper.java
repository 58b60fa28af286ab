package org.zeptux.examples.chardev;

import org.zeptux.kernel.dev.CharDevice;
import org.zeptux.kernel.dev.CharDevices;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Address;
import org.zeptux.rt.Module;

/**
 * A character device in a module: "upper" keeps what is written to it, in upper case, and
 * gives it back when read. The kernel calls it through its CharDevice interface.
 */
@Module(name = "chardev", version = "1.0", depends = {"hello"})
public final class Upper implements CharDevice {
    static final Upper DEVICE = new Upper();
    static final int SIZE = 128;

    private final byte[] data = new byte[SIZE];
    private int length;

    public String name() {
        return "upper";
    }

    public int write(Address from, int n) {
        int taken = Math.min(n, SIZE);
        for (int i = 0; i < taken; i++) {
            int c = from.load8(i);
            data[i] = (byte) (c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        length = taken;
        return taken;
    }

    public int read(Address to, int n) {
        int given = Math.min(n, length);
        for (int i = 0; i < given; i++) {
            to.store8(i, data[i]);
        }
        return given;
    }

    static int init() {
        if (CharDevices.register(DEVICE) != 0) {
            return 1;
        }
        Print.str("chardev: /dev/upper registered");
        Print.nl();
        return 0;
    }

    static void exit() {
        CharDevices.unregister(DEVICE);
        Print.str("chardev: /dev/upper removed");
        Print.nl();
    }
}
