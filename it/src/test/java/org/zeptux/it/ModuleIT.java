package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel modules built with the CLI exactly as the README shows, linked into an image and
 * started at boot; a module that reaches past the kernel's API is refused with its lines.
 */
class ModuleIT {
    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    /** Runs a shell command line in the repository root; returns its output and asserts its exit status. */
    private static String sh(String line, int status) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", line).directory(root().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + line);
        }
        assertEquals(status, p.exitValue(), line + "\n" + out);
        return out;
    }

    /** The README's module workflow lines, with build/ in {@code build}. */
    private static List<String> readmeWorkflow(Path build) throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        int start = readme.indexOf("<!-- module workflow");
        int end = readme.indexOf("<!-- end of module workflow -->");
        assertTrue(start >= 0 && end > start, "the README shows the module workflow");
        String block = readme.substring(readme.indexOf("```\n", start) + 4, readme.lastIndexOf("```", end));
        return block.lines().filter(l -> !l.isBlank()).map(l -> l.replace("build/", build + "/")).toList();
    }

    @Test
    void theReadmeWorkflowBuildsHelloAndTheKernelStartsIt() throws Exception {
        List<String> commands = readmeWorkflow(dir);
        assertEquals(3, commands.size(), "three commands: " + commands);
        for (String c : commands) {
            sh(c, 0);
        }
        byte[] zm = Files.readAllBytes(dir.resolve("hello.zm"));
        assertEquals("ZMOD", new String(zm, 0, 4, StandardCharsets.US_ASCII));
        String manifest = new String(zm, StandardCharsets.ISO_8859_1);
        assertTrue(manifest.contains("name=hello\nversion=1.0\napi=1\ninit=zmod_hello_init\nexit=zmod_hello_exit\n"),
                manifest.substring(0, 200));
        try (Qemu qemu = Qemu.boot(dir.resolve("zeptux-hello.img"), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String boot = qemu.output();
            assertTrue(boot.contains("\nmodule hello 1.0: init\nhello from a module\nhello: init number 1, kernel tick ")
                    && boot.contains("\nmodule hello 1.0: live\nZeptux ready\n"), "hello started at boot\n" + qemu.log());
            int mark = qemu.mark();
            qemu.send("lsmod");
            String lsmod = qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(30));
            assertTrue(lsmod.contains("module               version    state\nhello                1.0        live (linked in)\n"),
                    lsmod);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void theKernelWithoutModulesListsNone() throws Exception {
        try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            assertTrue(!qemu.output().contains("module "), qemu.log());
            int mark = qemu.mark();
            qemu.send("lsmod");
            String lsmod = qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(30));
            assertTrue(lsmod.endsWith("lsmod\nmodule               version    state\nzeptux> "), lsmod);
        }
    }

    @Test
    void aModuleReachingPastTheApiIsRefusedWithItsLines() throws Exception {
        sh("javac --release 17 -cp runtime/target/classes:kernel/target/classes -d " + dir.resolve("broken")
                + " examples/broken/*.java", 0);
        String out = sh("./zeptuxc module -cp " + dir.resolve("broken") + " --kernel kernel/target/classes -o "
                + dir.resolve("broken.zm"), 1);
        assertEquals("org/zeptux/examples/broken/Broken.java:18: error: org.zeptux.kernel.Panic.panic(java.lang.String) "
                + "is not in the kernel's module API (methods marked @KernelApi); a module can call only those [in Broken.init]\n"
                + "org/zeptux/examples/broken/Broken.java:23: error: org.zeptux.kernel.lib.Log.setThreshold(int) is not in "
                + "the kernel's module API (methods marked @KernelApi); a module can call only those [in Broken.exit]\n"
                + "2 errors\n", out);
        assertTrue(Files.notExists(dir.resolve("broken.zm")), "no module file for a refused module");
        // What examples/broken/README.md shows is what zeptuxc prints.
        String readme = Files.readString(root().resolve("examples/broken/README.md"));
        assertTrue(readme.contains(out), readme);
    }

    @Test
    void corruptModuleFilesAreRefusedWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.zm");
        Files.writeString(bad, "not a module");
        String out = sh("./zeptuxc image --boot boot --linker-script linker.ld --module " + bad + " -o "
                + dir.resolve("x.img") + " kernel/target/kernel.o", 1);
        assertEquals("zeptuxc: error: " + bad + " is not a Zeptux module (no ZMOD magic)\n", out);
    }
}
