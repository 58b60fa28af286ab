package org.zeptux.userland.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole init (target/init, the hosted executable Maven builds) natively on this Linux host,
 * not as pid 1: a configuration in a temporary directory, the programs it starts are /bin/sh
 * scripts, and the signals busybox's poweroff, reboot and halt send come from kill(1). Not as
 * pid 1 init touches nothing outside its own children (docs/init.md), so this is safe to run
 * anywhere.
 */
class InitHostIT {
    @TempDir
    Path dir;

    private Process init;
    private final StringBuffer out = new StringBuffer();

    private static Path executable() {
        return Path.of(System.getProperty("zeptux.init", "target/init")).toAbsolutePath();
    }

    /** Starts init with {@code config} (written to dir/init.conf); stdin is empty, stdout and stderr one stream. */
    private void start(String config) throws IOException {
        Path conf = dir.resolve("init.conf");
        Files.writeString(conf, config);
        init = new ProcessBuilder(executable().toString(), conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        init.getOutputStream().close();
        InputStream in = init.getInputStream();
        Thread reader = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                for (int n; (n = in.read(b)) > 0; ) {
                    synchronized (out) {
                        out.append(new String(b, 0, n, StandardCharsets.UTF_8));
                        out.notifyAll();
                    }
                }
            } catch (IOException e) {
                // init is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until the output holds {@code text} {@code times} times. */
    private void expect(String text, int times, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (count(out.toString(), text) < times) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + times + " x '" + text + "' within " + timeout + "; init said:\n" + out);
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private static int count(String s, String text) {
        int n = 0;
        for (int at = s.indexOf(text); at >= 0; at = s.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(init.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    /** Waits for init to exit; its status. */
    private int exit() throws InterruptedException {
        assertTrue(init.waitFor(20, TimeUnit.SECONDS), "init did not exit; it said:\n" + out);
        Thread.sleep(100);                              // the reader takes the last bytes
        return init.exitValue();
    }

    @AfterEach
    void stop() {
        if (init != null && init.isAlive()) {
            init.descendants().forEach(ProcessHandle::destroyForcibly);
            init.destroyForcibly();
        }
    }

    @Test
    void runsInOrderRestartsServicesAndPowersOffOnSigusr2() throws Exception {
        start("""
                # a test
                mount proc /proc
                env GREETING="hello world"
                env HOME=/nowhere
                bogus line
                run /bin/sh -c "echo run: $GREETING $HOME; exit 3"
                service /bin/sh -c "echo service up; sleep 0.2; exit 1"
                console /bin/sh -c "echo console up; exec sleep 60"
                """);
        expect("service up", 2, Duration.ofSeconds(10));
        expect("console up", 1, Duration.ofSeconds(10));
        signal("USR2");
        assertEquals(0, exit(), out.toString());
        String said = out.toString();
        assertTrue(said.startsWith("init: Zeptux init (not pid 1: a test run; nothing outside its children is touched)\n"), said);
        assertTrue(said.contains("init.conf:5: unknown directive (mount, env, run, service or console) (line left out)\n"), said);
        assertTrue(said.contains("init: not pid 1: would mount proc on /proc\n"), said);
        assertTrue(said.contains("run: hello world /nowhere\n"), "env lines reach the programs, replacing init's own\n" + said);
        assertTrue(said.matches("(?s).*init: /bin/sh \\(pid \\d+\\) exited with status 3\n.*"), said);
        assertTrue(said.indexOf("run: hello world") < said.indexOf("service up"), "run waits before the next line\n" + said);
        assertTrue(said.matches("(?s).*init: /bin/sh \\(pid \\d+\\) exited with status 1\n.*"), "the service's end\n" + said);
        assertTrue(said.endsWith("init: poweroff: sending SIGTERM to every process\n"
                + "init: not pid 1: poweroff would call reboot(2) now\n"), said);
    }

    @Test
    void aQuickRespawnWaitsASecond() throws Exception {
        start("service /bin/sh -c \"date +%s.%N; exit 0\"\n");
        expect("\n", 4, Duration.ofSeconds(10));    // the banner and three starts
        signal("USR2");
        exit();
        List<Double> times = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.matches("\\d+\\.\\d+")) {
                times.add(Double.parseDouble(line));
            }
        }
        assertTrue(times.size() >= 3, out.toString());
        for (int i = 1; i < times.size(); i++) {
            double gap = times.get(i) - times.get(i - 1);
            assertTrue(gap >= 0.95 && gap < 3, "a program that ran less than a second restarts a second later: " + times);
        }
    }

    @Test
    void sigtermRebootsAfterSigkillForWhatIgnoresIt() throws Exception {
        start("service /bin/sh -c \"trap '' TERM; echo stubborn; while :; do sleep 0.1; done\"\n");
        expect("stubborn", 1, Duration.ofSeconds(10));
        long before = System.nanoTime();
        signal("TERM");
        assertEquals(0, exit());
        double seconds = (System.nanoTime() - before) / 1e9;
        assertTrue(out.toString().endsWith("init: reboot: sending SIGTERM to every process\n"
                + "init: sending SIGKILL to every process\n"
                + "init: not pid 1: reboot would call reboot(2) now\n"), out.toString());
        assertTrue(seconds >= 1 && seconds < 5, "a second for SIGTERM, then SIGKILL: " + seconds + " s");
    }

    @Test
    void sigusr1HaltsAndSighupIsNoted() throws Exception {
        start("service /bin/sh -c \"echo up; exec sleep 60\"\n");
        expect("up", 1, Duration.ofSeconds(10));
        signal("HUP");
        expect("init: SIGHUP: nothing to reload (the configuration is read once)\n", 1, Duration.ofSeconds(10));
        signal("USR1");
        assertEquals(0, exit());
        assertTrue(out.toString().endsWith("init: halt: sending SIGTERM to every process\n"
                + "init: not pid 1: halt would call reboot(2) now\n"), out.toString());
    }

    @Test
    void orphansAreReapedAndTheConsoleProgramLeadsItsSession() throws Exception {
        start("""
                run /bin/sh -c "sleep 0.3 & sleep 0.3 & echo parent gone"
                console /bin/sh -c "read pid comm state ppid pgrp session rest < /proc/self/stat; echo console $pid $ppid $pgrp $session; exec sleep 60"
                service /nonexistent/program
                """);
        expect("console ", 1, Duration.ofSeconds(10));
        expect("init: cannot run /nonexistent/program: error 2\n", 1, Duration.ofSeconds(10));
        Thread.sleep(1000);                             // the orphaned sleeps end under init
        assertEquals(List.of(), zombiesOf(init.pid()), "init reaped its adopted orphans\n" + out);
        String said = out.toString();
        String[] f = said.substring(said.indexOf("console ")).split("\n")[0].split(" ");
        assertEquals(Long.toString(init.pid()), f[2], "init's child: " + said);
        assertEquals(f[1], f[3], "its own process group: " + said);
        assertEquals(f[1], f[4], "its own session: " + said);
        assertTrue(said.matches("(?s).*init: /nonexistent/program \\(pid \\d+\\) exited with status 127\n.*"), said);
        signal("USR2");
        assertEquals(0, exit());
    }

    @Test
    void noConfigurationMeansTheDefaults() throws Exception {
        init = new ProcessBuilder(executable().toString(), dir.resolve("missing.conf").toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        init.getOutputStream().close();
        Thread.sleep(500);
        signal("USR2");
        assertTrue(init.waitFor(20, TimeUnit.SECONDS));
        String said = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(said.contains("init: cannot read " + dir.resolve("missing.conf") + " (error 2): using the defaults\n"
                + "init: not pid 1: would mount proc on /proc\ninit: not pid 1: would mount devtmpfs on /dev\n"), said);
    }

    /** The zombie children of {@code pid}, from /proc. */
    private static List<String> zombiesOf(long pid) throws IOException {
        List<String> zombies = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f[0].equals("Z") && f[1].equals(Long.toString(pid))) {
                    zombies.add(stat);
                }
            }
        }
        return zombies;
    }
}
