package org.zeptux.kernel.fs;

import org.zeptux.kernel.debug.Args;
import org.zeptux.kernel.debug.Command;

/** The monitor's file commands on the root file system: {@code ls [PATH]}, {@code cat PATH}. */
public final class FsCommands extends Command {
    private static final int LS = 0;
    private static final int LS_ROOT = 1;
    private static final int CAT = 2;

    /** In the order {@code help} lists them. */
    public static final Command[] ALL = {
        new FsCommands(LS_ROOT, "ls", false, null, ""),
        new FsCommands(LS, "ls", true, "ls [PATH]", "list a directory of the root file system (the initramfs)"),
        new FsCommands(CAT, "cat", true, "cat PATH", "print a file of the root file system"),
    };

    private final int which;

    private FsCommands(int which, String name, boolean arguments, String usage, String description) {
        super(name, arguments, usage, description);
        this.which = which;
    }

    @Override
    public boolean run(Args args) {
        if (!RootFs.mounted()) {
            org.zeptux.kernel.lib.Print.str("no root file system (the image has no initramfs)");
            org.zeptux.kernel.lib.Print.nl();
            return true;
        }
        byte[] path = RootFs.PATHS.alloc();
        if (path == null) {
            return true;
        }
        int length = 1;
        path[0] = '/';
        if (which != LS_ROOT) {
            length = Math.min(args.length(), path.length);
            for (int i = 0; i < length; i++) {
                path[i] = (byte) args.charAt(i);
            }
        }
        if (which == CAT) {
            RootFs.cat(path, length);
        } else {
            RootFs.ls(path, length);
        }
        RootFs.PATHS.free(path);
        return true;
    }
}
