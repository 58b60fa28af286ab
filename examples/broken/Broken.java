package org.zeptux.examples.broken;

import org.zeptux.kernel.debug.Panic;
import org.zeptux.kernel.lib.Print;
import org.zeptux.rt.Module;

/**
 * A module that reaches past the kernel's API (Panic.panic and Log.setThreshold are not
 * marked @KernelApi): zeptuxc refuses it, naming each call and line.
 * The tests build it to check exactly that.
 */
@Module(name = "broken", version = "0.1")
public final class Broken {
    private Broken() {}

    static int init() {
        Print.str("broken: starting");
        Panic.panic("a module may not call this");
        return 0;
    }

    static void exit() {
        org.zeptux.kernel.lib.Log.setThreshold(0);
    }
}
