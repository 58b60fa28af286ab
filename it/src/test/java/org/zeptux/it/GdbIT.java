package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gdb attached to QEMU stops at a Java source line of the kernel and shows a backtrace of
 * Java frames: the DWARF line tables zeptuxc emits work end to end.
 */
class GdbIT {
    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    private static final String STOP_AT = "        Print.udec(usableBytes(info) >>> 10);";

    @Test
    void breakpointOnAJavaLineShowsJavaFrames() throws Exception {
        Path source = root().resolve("kernel/src/main/java/org/zeptux/kernel/mm/E820.java");
        // A call LLVM keeps (a line whose code is all inlined from elsewhere has no line-table row of its own).
        int line = Files.readAllLines(source).indexOf(STOP_AT) + 1;
        assertTrue(line > 0, "the line to stop at is in E820.java");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Qemu qemu = Qemu.boot(root().resolve("kernel/target/zeptux.img"), "128M",
                "-gdb", "tcp:127.0.0.1:" + port, "-S")) {
            // What `make gdb` runs: scripts/zeptux.gdb from the repository's root, then the connection.
            Process gdb = new ProcessBuilder(List.of("gdb", "-batch", "-nx",
                    "-x", "scripts/zeptux.gdb",
                    "-ex", "target remote 127.0.0.1:" + port,
                    "-ex", "hbreak E820.java:" + line,
                    "-ex", "continue",
                    "-ex", "bt",
                    "-ex", "kill")).directory(root().toFile()).redirectErrorStream(true).start();
            gdb.getOutputStream().close();
            String out = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gdb.waitFor(60, TimeUnit.SECONDS)) {
                gdb.destroyForcibly();
                throw new AssertionError("gdb timed out\n" + out);
            }
            assertEquals(0, gdb.exitValue(), out);
            // gdb writes "(void)" after a Java method it has a concrete subprogram for, and
            // nothing after one that was inlined: either is the Java frame.
            assertTrue(out.matches("(?s).*Breakpoint 1, E820\\.print(\\(void\\))? \\(\\) at org/zeptux/kernel/mm/E820\\.java:"
                    + line + "\n.*"),
                    "stopped at the Java line:\n" + out);
            assertTrue(out.contains(line + "\t" + STOP_AT), "gdb shows the Java source:\n" + out);
            assertTrue(out.matches("(?s).*#1 .*Kmain\\.main.* at org/zeptux/kernel/Kmain\\.java:\\d+.*"),
                    "the caller is a Java frame too:\n" + out);
        }
    }
}
