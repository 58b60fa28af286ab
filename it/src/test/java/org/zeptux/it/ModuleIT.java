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
        assertTrue(manifest.contains("name=hello\nversion=1.0\napi=1\ninit=zmod_hello_init\nexit=zmod_hello_exit\n"
                + "depends=\nuses=class.java.lang.String,org.zeptux.kernel.arch.Timer.ticks()J,"), manifest.substring(0, 300));
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
        assertEquals("org/zeptux/examples/broken/Broken.java:18: error: org.zeptux.kernel.debug.Panic.panic(java.lang.String) "
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

    /** {@code bytes} with the first occurrence of {@code from} replaced by {@code to} (same length). */
    private static byte[] patch(byte[] bytes, String from, String to) {
        return patch(bytes, from, to, false);
    }

    /** {@code bytes} with the first (or last) occurrence of {@code from} replaced by {@code to} (same length). */
    private static byte[] patch(byte[] bytes, String from, String to, boolean last) {
        byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(f.length, t.length);
        byte[] out = bytes.clone();
        for (int k = 0; k + f.length <= out.length; k++) {
            int i = last ? out.length - f.length - k : k;
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                return out;
            }
        }
        throw new AssertionError("no '" + from + "' in the module file");
    }

    private static String free(Qemu qemu) throws Exception {
        String mem = qemu.command("mem");
        int at = mem.indexOf("\nfree: ") + "\nfree: ".length();
        return mem.substring(at, mem.indexOf(" KiB", at));
    }

    @Test
    void modulesLoadAndUnloadAtRunTimeAndBrokenOnesAreRefused() throws Exception {
        sh("javac --release 17 -cp runtime/target/classes:kernel/target/classes -d " + dir.resolve("hello")
                + " examples/hello/*.java", 0);
        sh("./zeptuxc module -cp " + dir.resolve("hello") + " --kernel kernel/target/classes -o " + dir.resolve("hello.zm"), 0);
        byte[] hello = Files.readAllBytes(dir.resolve("hello.zm"));
        // Three broken copies: another API version, a symbol the kernel does not export, an object for another machine.
        Files.write(dir.resolve("api.zm"), patch(patch(hello, "name=hello", "name=api9x"), "api=1", "api=9"));
        // The symbol's name in the object's string table (the last occurrence; the manifest's uses= names it too).
        Files.write(dir.resolve("symbol.zm"), patch(patch(hello, "name=hello", "name=symbl"),
                "org.zeptux.kernel.lib.Print.str(", "org.zeptux.kernel.lib.Print.stX(", true));
        byte[] machine = patch(hello, "name=hello", "name=machn");
        int elf = new String(machine, StandardCharsets.ISO_8859_1).indexOf("\u007fELF");
        machine[elf + 18] = 3;                              // e_machine: i386
        Files.write(dir.resolve("machine.zm"), machine);
        sh("./zeptuxc image --boot boot --linker-script linker.ld --pack " + dir.resolve("hello.zm") + " --pack "
                + dir.resolve("api.zm") + " --pack " + dir.resolve("symbol.zm") + " --pack " + dir.resolve("machine.zm")
                + " -o " + dir.resolve("packed.img") + " kernel/target/kernel.o", 0);
        try (Qemu qemu = Qemu.boot(dir.resolve("packed.img"), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String before = free(qemu);
            String load = qemu.command("insmod hello");
            assertTrue(load.matches("(?s)insmod hello\ninsmod: hello at 0xffffffffc0000000 \\(\\d+ KiB text, \\d+ KiB rodata, "
                    + "\\d+ KiB data\\): init\nhello from a module\nhello: init number 1, kernel tick \\d+\ninsmod: hello: live\n.*"), load);
            assertTrue(qemu.command("lsmod").contains("\nhello                1.0        live (loaded, "), qemu.log());
            assertTrue(qemu.command("insmod hello").contains("insmod: hello: already loaded\n"), qemu.log());
            assertTrue(qemu.command("rmmod hello").contains("hello: goodbye\nrmmod: hello: unloaded\n"), qemu.log());
            assertEquals(before, free(qemu), "rmmod returned every page");
            assertTrue(qemu.command("insmod api9x").contains("insmod: api9x: built for kernel API 9, this kernel has 1\n"), qemu.log());
            assertTrue(qemu.command("insmod symbl").contains("insmod: symbl: unknown symbol "
                    + "org.zeptux.kernel.lib.Print.stX(Ljava/lang/String;)V\n"), qemu.log());
            assertTrue(qemu.command("insmod machn").contains("insmod: machn: corrupt module: not an x86-64 relocatable object\n"),
                    qemu.log());
            assertTrue(qemu.command("insmod nothere").contains("insmod: nothere: no such module in the image\n"), qemu.log());
            assertTrue(qemu.command("rmmod nothere").contains("rmmod: nothere: not loaded\n"), qemu.log());
            assertEquals(before, free(qemu), "refused modules leave nothing allocated");
            for (int i = 0; i < 100; i++) {
                String out = qemu.command("insmod hello");
                // Every load starts from the module file's data: its counter is 1 again.
                assertTrue(out.contains("hello: init number 1,") && out.contains("insmod: hello: live"), out);
                assertTrue(qemu.command("rmmod hello").contains("rmmod: hello: unloaded"), qemu.log());
            }
            assertEquals(before, free(qemu), "100 insmod/rmmod cycles leave free memory exactly where it was");
            System.out.println("[figure] 100 insmod/rmmod cycles of hello: free memory " + before + " KiB before and after");
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
        }
    }

    @Test
    void aCharacterDeviceModuleIsCalledThroughTheKernelsInterfaceAndModulesStopInReverse() throws Exception {
        for (String m : List.of("hello", "chardev")) {
            sh("javac --release 17 -cp runtime/target/classes:kernel/target/classes -d " + dir.resolve(m)
                    + " examples/" + m + "/*.java", 0);
        }
        sh("./zeptuxc module -cp " + dir.resolve("hello") + " --kernel kernel/target/classes -o " + dir.resolve("hello.zm"), 0);
        // chardev reads and writes the kernel's buffer through an Address: refused unless built --unsafe.
        String refused = sh("./zeptuxc module -cp " + dir.resolve("chardev") + " --kernel kernel/target/classes -o "
                + dir.resolve("chardev.zm"), 1);
        assertTrue(refused.startsWith("org/zeptux/examples/chardev/Upper.java:28: error: Address.load8(long) is raw memory "
                + "access, allowed in a module only when it is built with 'zeptuxc module --unsafe'; use the kernel's API, "
                + "or build the module with --unsafe [in Upper.write]\n"), refused);
        assertTrue(refused.endsWith("\n2 errors\n"), refused);
        sh("./zeptuxc module --unsafe -cp " + dir.resolve("chardev") + " --kernel kernel/target/classes -o "
                + dir.resolve("chardev.zm"), 0);
        // chardev depends on hello: given first, it still starts second.
        sh("./zeptuxc image --boot boot --linker-script linker.ld --module " + dir.resolve("chardev.zm") + " --module "
                + dir.resolve("hello.zm") + " -o " + dir.resolve("linked.img") + " kernel/target/kernel.o", 0);
        try (Qemu qemu = Qemu.boot(dir.resolve("linked.img"), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String boot = qemu.output();
            assertTrue(boot.indexOf("module hello 1.0: live") < boot.indexOf("module chardev 1.0: init")
                    && boot.contains("chardev: /dev/upper registered\nmodule chardev 1.0: live\n"), qemu.log());
            assertTrue(qemu.command("devices").contains("devices\nupper\n"), qemu.log());
            String lsmod = qemu.command("lsmod");
            assertTrue(lsmod.contains("\nhello                1.0        live (linked in)\n")
                    && lsmod.contains("\nchardev              1.0        live (linked in, unsafe)\n"), lsmod);
            assertTrue(qemu.command("devwrite upper hello, world").contains("devwrite: 12 bytes written\n"), qemu.log());
            assertTrue(qemu.command("devread upper").contains("devread: 12 bytes: HELLO, WORLD\n"), qemu.log());
            assertTrue(qemu.command("devread nothing").contains("devread: no such device\n"), qemu.log());
            int mark = qemu.mark();
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(30)), qemu.log());
            String down = qemu.expectAfter(mark, "Powering off", Duration.ofSeconds(5));
            assertTrue(down.contains("module chardev 1.0: exit\nchardev: /dev/upper removed\nmodule hello 1.0: exit\n"
                    + "hello: goodbye\nPowering off\n"), "exits in reverse order\n" + down);
        }
        // Loaded at run time next to a linked-in hello: registered by init, gone after rmmod.
        sh("./zeptuxc image --boot boot --linker-script linker.ld --module " + dir.resolve("hello.zm") + " --pack "
                + dir.resolve("chardev.zm") + " -o " + dir.resolve("loadable.img") + " kernel/target/kernel.o", 0);
        try (Qemu qemu = Qemu.boot(dir.resolve("loadable.img"), "128M")) {
            qemu.expect("zeptux> ", Duration.ofSeconds(60));
            String before = free(qemu);
            String insmod = qemu.command("insmod chardev");
            assertTrue(insmod.matches("(?s)insmod chardev\ninsmod: chardev at 0xffffffffc0000000 \\(\\d+ KiB text, \\d+ KiB "
                    + "rodata, \\d+ KiB data, unsafe\\): init\n.*") && insmod.contains("chardev: /dev/upper registered\n"
                    + "insmod: chardev: live\n"), insmod);
            assertTrue(qemu.command("lsmod").contains("\nchardev              1.0        live (loaded, unsafe, "), qemu.log());
            assertTrue(qemu.command("devwrite upper loaded").contains("devwrite: 6 bytes written"), qemu.log());
            assertTrue(qemu.command("devread upper").contains("devread: 6 bytes: LOADED\n"), qemu.log());
            assertTrue(qemu.command("rmmod chardev").contains("chardev: /dev/upper removed\nrmmod: chardev: unloaded\n"),
                    qemu.log());
            assertTrue(qemu.command("devices").endsWith("devices\nzeptux> "), "no device left\n" + qemu.log());
            assertEquals(before, free(qemu), "every page back");
        }
    }
}
