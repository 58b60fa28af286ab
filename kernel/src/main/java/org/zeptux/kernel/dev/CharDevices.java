package org.zeptux.kernel.dev;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.hw.Buffers;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Address;
import org.zeptux.rt.KernelApi;

/**
 * The registered character devices, by name: the monitor's {@code devices}, {@code devwrite}
 * and {@code devread} reach them through {@link CharDevice}.
 */
public final class CharDevices {
    private CharDevices() {}

    public static final int MAX = 8;
    /** The buffer devread and devwrite use. */
    public static final int BUFFER = 256;

    private static final CharDevice[] DEVICES = new CharDevice[MAX];
    /** The buffer devwrite and devread hand devices (DevCommands fills and prints it). */
    static final byte[] DATA = new byte[BUFFER];

    /** Registers {@code device}; 0, or -1 when the table is full or a device of that name exists. */
    @KernelApi
    public static int register(CharDevice device) {
        int free = -1;
        for (int i = MAX - 1; i >= 0; i--) {
            if (DEVICES[i] == null) {
                free = i;
            } else if (DEVICES[i].name().equals(device.name())) {
                return -1;
            }
        }
        if (free < 0) {
            return -1;
        }
        DEVICES[free] = device;
        return 0;
    }

    /** Removes {@code device} (a module's exit must, before its code goes away). */
    @KernelApi
    public static void unregister(CharDevice device) {
        for (int i = 0; i < MAX; i++) {
            if (DEVICES[i] == device) {
                DEVICES[i] = null;
            }
        }
    }

    /** The device named by the first {@code length} characters of {@code name}, or null. */
    public static CharDevice find(Args name, int length) {
        for (int i = 0; i < MAX; i++) {
            CharDevice d = DEVICES[i];
            if (d != null && d.name().length() == length) {
                boolean same = true;
                for (int k = 0; k < length; k++) {
                    same &= name.charAt(k) == d.name().charAt(k);
                }
                if (same) {
                    return d;
                }
            }
        }
        return null;
    }

    /** {@code devices}: one name a line. */
    public static void list() {
        for (int i = 0; i < MAX; i++) {
            if (DEVICES[i] != null) {
                Print.str(DEVICES[i].name());
                Print.nl();
            }
        }
    }

    /** The device buffer's address (devwrite copies the text there, devread reads into it). */
    public static Address buffer() {
        return Buffers.address(DATA, 0);
    }
}
