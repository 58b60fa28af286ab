package org.zeptux.kernel.dev;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;

/**
 * The monitor's character-device commands: {@code devices}, {@code devwrite DEV TEXT} and
 * {@code devread DEV}, which reach a device through the {@link CharDevice} interface.
 */
public final class DevCommands extends Command {
    private static final int DEVICES = 0;
    private static final int DEVWRITE = 1;
    private static final int DEVREAD = 2;
    private static final int DISKS = 3;

    /** In the order {@code help} lists them; devwrite's line covers devread. */
    public static final Command[] ALL = {
        new DevCommands(DEVICES, "devices", false, "devices", "the character devices"),
        new DevCommands(DEVWRITE, "devwrite", true, "devwrite DEV TEXT, devread DEV",
                "write to / read from a character device"),
        new DevCommands(DEVREAD, "devread", true, null, null),
        new DevCommands(DISKS, "disks", false, "disks", "the disks and partitions: sizes, modes, request counts"),
    };

    private final int which;

    private DevCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (which == DEVICES) {
            CharDevices.list();
        } else if (which == DISKS) {
            Ata.list();
        } else if (which == DEVWRITE) {
            devwrite(args);
        } else {
            devread(args);
        }
        return true;
    }

    /** {@code devwrite DEV TEXT}: TEXT (everything after the space that ends DEV) to the device. */
    private static void devwrite(Args args) {
        int space = args.indexOf(' ', 0);
        CharDevice d = device("devwrite", args, space);
        if (d == null) {
            return;
        }
        int n = 0;
        for (int i = space + 1; i < args.length(); i++) {
            CharDevices.DATA[n] = (byte) args.charAt(i);
            n++;
        }
        Printf.printf("devwrite: %d bytes written\n", d.write(CharDevices.buffer(), n));
    }

    /** {@code devread DEV}: what the device gives. */
    private static void devread(Args args) {
        CharDevice d = device("devread", args, args.length());
        if (d == null) {
            return;
        }
        int n = d.read(CharDevices.buffer(), CharDevices.BUFFER);
        Printf.printf("devread: %d bytes: ", n);
        for (int i = 0; i < n; i++) {
            Print.chr(CharDevices.DATA[i] & 0xFF);
        }
        Print.nl();
    }

    /** The device named by the first {@code n} characters of the arguments, or null after saying there is none. */
    private static CharDevice device(String command, Args args, int n) {
        CharDevice d = CharDevices.find(args, n);
        if (d == null) {
            Print.str(command);
            Print.str(": no such device");
            Print.nl();
        }
        return d;
    }
}
