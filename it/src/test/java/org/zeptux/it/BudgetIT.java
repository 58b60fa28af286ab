package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's budgets (budgets.properties at the repository's root): the image's size, the
 * kernel's .text, the boot time under TCG and the kernel's compile time. A figure above its
 * budget fails make test, naming the figure, the budget and the file, so a regression is caught
 * when it lands.
 */
class BudgetIT {
    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    /** The budgets in {@code file}. */
    static Properties budgets(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** Fails, naming everything, when {@code figure} is above budget {@code key} of {@code budgets}. */
    static void within(Properties budgets, String key, long figure, String what) {
        String value = budgets.getProperty(key);
        assertTrue(value != null, "budgets.properties has no " + key);
        long budget = Long.parseLong(value.strip());
        System.out.printf("[figure] %s: %d (budget %d, %s)%n", what, figure, budget, key);
        assertTrue(figure <= budget, what + " is " + figure + ", over its budget of " + budget + " (" + key
                + " in budgets.properties)");
    }

    /** The size of section {@code name} of the ELF64 file {@code elf} (section headers read directly). */
    static long sectionSize(Path elf, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xFFFF;
        int shnum = b.getShort(60) & 0xFFFF;
        int shstrndx = b.getShort(62) & 0xFFFF;
        long strings = b.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int nameAt = (int) (strings + b.getInt(h));
            StringBuilder s = new StringBuilder();
            for (int k = nameAt; b.get(k) != 0; k++) {
                s.append((char) b.get(k));
            }
            if (s.toString().equals(name)) {
                return b.getLong(h + 32);
            }
        }
        throw new AssertionError("no section " + name + " in " + elf);
    }

    @Test
    void theImageAndTheKernelsCodeAreWithinTheirBudgets() throws Exception {
        Properties b = budgets(root().resolve("budgets.properties"));
        within(b, "image.bytes", Files.size(BootIT.image()), "the disk image, bytes");
        within(b, "kernel.text.bytes", sectionSize(root().resolve("kernel/target/zeptux.elf"), ".text"),
                "the kernel's .text, bytes");
    }

    @Test
    void bootAndCompileTimesAreWithinTheirBudgets() throws Exception {
        Properties b = budgets(root().resolve("budgets.properties"));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (Qemu qemu = Qemu.boot(BootIT.image(), "128M")) {
                millis.add(qemu.expect("Zeptux ready", Duration.ofSeconds(60)).toMillis());
                qemu.send("poweroff");
                assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(60)), qemu.log());
            }
        }
        Collections.sort(millis);
        within(b, "boot.median.ms", millis.get(2), "QEMU start to 'Zeptux ready' under TCG, median of 5, ms");
        // As the kernel's build runs it (kernel/pom.xml): the client compiler alone, the serial collector.
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                root().resolve("compiler/target/zeptuxc.jar").toString(), "compile", "-cp",
                root().resolve("kernel/target/classes").toString(), "--parts", "2", "--emit", "obj", "-o", dir.resolve("kernel.o").toString());
        // The CPU time of zeptuxc and the tools it runs (opt, llc ...), which the shell's `times`
        // prints for its children: beside other builds on the shared machine the wall time varies
        // several times over, the CPU time far less.
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; s=$?; times; exit $s", "sh"));
        sh.addAll(cmd);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(sh).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "zeptuxc compile timed out");
        assertEquals(0, p.exitValue(), out);
        System.out.printf("[figure] zeptuxc compile of the kernel, wall ms: %d%n", (System.nanoTime() - t0) / 1_000_000);
        within(b, "compile.cpu.ms", childrenCpuMillis(out), "zeptuxc compile of the kernel, CPU ms (user + system)");
    }

    /** The user and system time of the shell's children from the last line `times` printed ("0m9.810000s 0m0.550000s"). */
    static long childrenCpuMillis(String shellOutput) {
        String[] lines = shellOutput.strip().split("\n");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)m([0-9.]+)s")
                .matcher(lines[lines.length - 1]);
        long ms = 0;
        int n = 0;
        while (m.find()) {
            ms += Long.parseLong(m.group(1)) * 60_000 + Math.round(Double.parseDouble(m.group(2)) * 1000);
            n++;
        }
        assertEquals(2, n, "the shell's times did not print user and system time: " + lines[lines.length - 1]);
        return ms;
    }

    @Test
    void aFigureOverItsBudgetFailsNamingTheBudget() throws Exception {
        Path file = dir.resolve("budgets.properties");
        Files.writeString(file, "# a budget today's kernel cannot meet\nimage.bytes=1000\n");
        Properties b = budgets(file);
        AssertionError e = assertThrows(AssertionError.class,
                () -> within(b, "image.bytes", Files.size(BootIT.image()), "the disk image, bytes"));
        assertTrue(e.getMessage().startsWith("the disk image, bytes is " + Files.size(BootIT.image())
                + ", over its budget of 1000 (image.bytes in budgets.properties)"), e.getMessage());
        assertThrows(AssertionError.class, () -> within(b, "boot.median.ms", 1, "missing"), "a budget that is not there fails");
        assertEquals(9_810 + 550 + 61_000, childrenCpuMillis("output\n0m0.004000s 0m0.000000s\n0m9.810000s 1m1.550000s\n"));
    }
}
