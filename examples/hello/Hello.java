package org.zeptux.examples.hello;

import org.zeptux.kernel.arch.Timer;
import org.zeptux.kernel.lib.Print;
import org.zeptux.kernel.lib.Printf;
import org.zeptux.rt.Module;

/** The smallest kernel module: it says hello when the kernel starts it and goodbye when it stops it. */
@Module(name = "hello", version = "1.0")
public final class Hello {
    private Hello() {}

    static final String GREETING = "hello from a module";
    private static int inits;

    /** Runs once when the kernel starts the module; 0 means it started. */
    static int init() {
        inits++;
        Print.str(GREETING);
        Print.nl();
        Printf.printf("hello: init number %d, kernel tick %d\n", inits, Timer.ticks());
        return 0;
    }

    /** Runs when the kernel stops the module. */
    static void exit() {
        Print.str("hello: goodbye");
        Print.nl();
    }
}
