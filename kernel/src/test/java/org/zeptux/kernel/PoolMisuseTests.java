package org.zeptux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.zeptux.rt.host.DebugExit;
import org.zeptux.rt.host.Machine;
import org.zeptux.rt.host.MachineExit;
import org.zeptux.rt.host.Uart16550;

/**
 * Pool misuse on the JVM: the kernel's own code (debug.Crash, as the monitor's {@code crash uaf}
 * and {@code crash doublefree} run it in the kernel) in a kernel class loader that makes the
 * use-after-free checks compiled code makes, over a simulated PC: each is one panic report.
 */
class PoolMisuseTests {
    /** Runs {@code Crash.method()} in a fresh kernel; returns what the console printed up to the panic. */
    private static String crash(String method) throws Exception {
        Uart16550 uart = new Uart16550();
        Machine machine = new Machine().attach(0x3F8, 8, uart).attach(0xF4, 4, new DebugExit());
        try (var ignored = Machine.install(machine); var loader = new KTestJvmTests.KernelLoader()) {
            loader.hookUseAfterFree(machine);
            loader.loadClass("org.zeptux.kernel.dev.Uart").getMethod("init").invoke(null);
            loader.loadClass("org.zeptux.kernel.mm.BuddyArena").getMethod("live").invoke(null);
            Method m = loader.loadClass("org.zeptux.kernel.debug.Crash").getDeclaredMethod(method);
            m.setAccessible(true);
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null));
            MachineExit exit = (MachineExit) e.getCause();
            assertEquals(35, exit.value() << 1 | 1, "the panic status (QEMU exits with value * 2 + 1)");
            return uart.transmitted().replace("\r\n", "\n");
        }
    }

    private static int line(String code) throws Exception {
        Path source = Path.of("src/main/java/org/zeptux/kernel/debug/Crash.java");
        return Files.readAllLines(source).stream().map(String::strip).toList().indexOf(code) + 1;
    }

    @Test
    void aUseAfterFreeIsOnePanicNamingThePoolAndTheUse() throws Exception {
        String out = crash("useAfterFree");
        assertTrue(out.matches("(?s).*\npanic: use after free: the object at 0x[0-9a-f]+ \\(pool crash-victims\\)\n"
                + "  used at org\\.zeptux\\.kernel\\.debug\\.Crash\\.useAfterFree\\(Crash\\.java:" + line("sink = v.value;") + "\\)\n"
                + "  freed at \\(not known\\)\n.*"), out);
    }

    @Test
    void aDoubleFreeIsOnePanicNamingThePool() throws Exception {
        String out = crash("doubleFree");
        assertTrue(out.matches("(?s).*\npanic: pool crash-victims: double free of the object at 0x[0-9a-f]+\n"
                + "  first freed at \\(not known\\)\n.*"), out);
    }
}
