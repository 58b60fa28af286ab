package org.zeptux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of {@code mvn verify} (skip it with {@code -Dzeptux.skipHostedOnZeptux}): the profile
 * {@code hosted-on-zeptux} of compiler/ writes {@code compiler/target/hosted-suite} and that of it/
 * points the system property {@code zeptux.hostedSuite} at it; {@code -Dzeptux.hostedSuite=DIR}
 * names a directory written before ({@code make test-hosted} runs this test alone).
 *
 * <p>The compiler's hosted test programs, the differential suite and the random programs of its
 * fuzz test, built with {@code zeptuxc build --target hosted}, run inside one Zeptux boot: the
 * directory's {@code root/} is the image's initramfs, and for each line of its manifest the test
 * types {@code run PATH [ARG...]} at the monitor. What the console shows between the command's
 * echo and the next prompt must be, byte for byte, what the executable wrote to fds 1 and 2 on
 * Linux — with each {@code \n} as {@code \r\n}, as the UART sends it — followed by
 * {@code exit status N} when N is not 0. Every run is compared, and a failure lists each that
 * differs with the first difference.
 */
class HostedOnZeptuxIT {
    @TempDir
    Path dir;

    /** One line of the manifest: a run, its exit status on Linux, its output file, its command. */
    private record Entry(String name, int status, Path output, String command) {}

    private static Path root() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    @Test
    void everyProgramPrintsOnZeptuxWhatItPrintsOnLinux() throws Exception {
        String where = System.getProperty("zeptux.hostedSuite");
        assertTrue(where != null && !where.isEmpty(), "no zeptux.hostedSuite: build with the hosted-on-zeptux profiles "
                + "(on unless -Dzeptux.skipHostedOnZeptux), or pass -Dzeptux.hostedSuite=DIR");
        Path suite = Path.of(where).toAbsolutePath().normalize();
        List<Entry> entries = manifest(suite);
        Path img = image(suite.resolve("root"));
        List<String> problems = new ArrayList<>();
        long bytes = 0;
        try (Qemu qemu = Qemu.boot(img, "256M")) {
            Duration boot = qemu.expect("zeptux> ", Duration.ofSeconds(120));
            long start = System.nanoTime();
            for (Entry e : entries) {
                String expected = new String(Files.readAllBytes(e.output()), StandardCharsets.ISO_8859_1)
                        .replace("\n", "\r\n") + (e.status() == 0 ? "" : "exit status " + e.status() + "\r\n");
                bytes += expected.length();
                String actual = run(qemu, e);
                if (!actual.equals(expected)) {
                    problems.add(difference(e, expected, actual));
                }
            }
            System.out.printf("hosted on Zeptux: %d runs from %s, %d bytes of console output compared, boot %d ms, "
                    + "the runs %d ms%n", entries.size(), suite, bytes, boot.toMillis(),
                    (System.nanoTime() - start) / 1_000_000);
            qemu.send("poweroff");
            assertEquals(Qemu.POWEROFF, qemu.waitForExit(Duration.ofSeconds(60)), "poweroff");
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + entries.size() + " runs differ from Linux:\n"
                    + String.join("\n", problems.subList(0, Math.min(problems.size(), 20)))
                    + (problems.size() > 20 ? "\n... and " + (problems.size() - 20) + " more" : ""));
        }
    }

    /** Types {@code run COMMAND} and returns what the console showed after its echo, up to the next prompt. */
    private static String run(Qemu qemu, Entry e) throws Exception {
        int mark = qemu.mark();
        String line = "run " + e.command();
        qemu.send(line);
        try {
            qemu.expectAfter(mark, "zeptux> ", Duration.ofSeconds(120));
        } catch (AssertionError timeout) {
            String raw = qemu.raw(mark);
            throw new AssertionError(e.name() + ": no prompt within 120 s after '" + line + "'; the console after it"
                    + " (the last 4000 bytes):\n" + show(raw.substring(Math.max(0, raw.length() - 4000))), null);
        }
        String raw = qemu.raw(mark);
        String echo = line + "\r\n";
        if (!raw.startsWith(echo)) {
            return "(the command's echo differs: " + show(raw.substring(0, Math.min(raw.length(), 200))) + ")";
        }
        return raw.substring(echo.length(), raw.indexOf("zeptux> ", echo.length()));
    }

    /** The run's name and command, and the first byte where the console differs from Linux, with context. */
    private static String difference(Entry e, String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 80);
        String cut = from > 0 ? "..." : "";
        return e.name() + " (run " + e.command() + "): differs at byte " + at + " of " + expected.length()
                + " (Zeptux printed " + actual.length() + ")\n  Linux:  " + cut + show(expected.substring(from,
                Math.min(expected.length(), at + 120))) + "\n  Zeptux: " + cut + show(actual.substring(from,
                Math.min(actual.length(), at + 120)));
    }

    /** Control characters, backslashes and bytes above 0x7e as escapes, so a difference in them shows. */
    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    /** The manifest's runs: {@code NAME STATUS OUTPUT PATH [ARG...]} a line, # comments. */
    private static List<Entry> manifest(Path suite) throws Exception {
        Path file = suite.resolve("manifest.txt");
        assertTrue(Files.isRegularFile(file), file + " is missing: write the directory with HostedSuite "
                + "(mvn verify -Dzeptux.hostedOnZeptux)");
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 4);
            assertEquals(4, f.length, file + ": not NAME STATUS OUTPUT COMMAND: " + line);
            entries.add(new Entry(f[0], Integer.parseInt(f[1]), suite.resolve(f[2]), f[3]));
        }
        assertTrue(entries.size() > 100, file + " lists only " + entries.size() + " runs");
        return entries;
    }

    /** The kernel of this build with {@code rootfs} as its initramfs. */
    private Path image(Path rootfs) throws Exception {
        Path img = dir.resolve("hosted.img");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root().resolve("compiler/target/zeptuxc.jar").toString(), "image",
                "--boot", root().resolve("boot").toString(), "--linker-script", root().resolve("linker.ld").toString(),
                "--initramfs", rootfs.toString(), "-o", img.toString(), root().resolve("kernel/target/kernel.o").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "zeptuxc image timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return img;
    }
}
