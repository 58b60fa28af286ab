package org.zeptux.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU run of a Zeptux image: software emulation (TCG), the serial port on stdio, the
 * isa-debug-exit device for exit codes, no reboot on a triple fault, the disk in snapshot
 * mode (so parallel runs can share an image). Every wait has a hard timeout, and a failure
 * message carries the command line and the whole serial log.
 */
final class Qemu implements AutoCloseable {
    /** QEMU exits with (value &lt;&lt; 1) | 1 for a write of value to isa-debug-exit. */
    static final int POWEROFF = 33;
    static final int PANIC = 35;
    static final int BOOT_FAILURE = 37;

    private final List<String> command;
    private final Process process;
    private final StringBuffer serial = new StringBuffer();
    private final Thread reader;
    private final long startNanos = System.nanoTime();

    private Qemu(List<String> command) throws IOException {
        this.command = command;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        InputStream in = process.getInputStream();
        this.reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (serial) {
                        serial.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        serial.notifyAll();
                    }
                }
            } catch (IOException e) {
                // QEMU went away; the output so far stays.
            }
        }, "qemu-serial");
        reader.setDaemon(true);
        reader.start();
    }

    /** Boots {@code image} with {@code memory} (e.g. "128M") and any extra QEMU arguments. */
    static Qemu boot(Path image, String memory, String... extra) throws IOException {
        return boot(image, memory, false, extra);
    }

    /**
     * As {@link #boot(Path, String, String...)}, with the serial port behind QEMU's multiplexer
     * ({@code -serial mon:stdio}, as {@code make qemu} has it) so that {@link #sendBreak} can
     * send a BREAK; a Ctrl-A typed is then QEMU's escape key, not the guest's.
     */
    static Qemu bootWithBreak(Path image, String memory, String... extra) throws IOException {
        return boot(image, memory, true, extra);
    }

    /**
     * As {@link #boot(Path, String, String...)}, the boot disk given as QEMU's file name for it
     * (e.g. {@code blkdebug:CONFIG:IMAGE} to inject disk errors).
     */
    static Qemu bootFrom(String file, String memory, String... extra) throws IOException {
        return boot(file, memory, false, extra);
    }

    private static Qemu boot(Path image, String memory, boolean mux, String... extra) throws IOException {
        return boot(image.toString(), memory, mux, extra);
    }

    private static Qemu boot(String file, String memory, boolean mux, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("zeptux.qemu", "qemu-system-x86_64")));
        if (!List.of(extra).contains("-accel")) {
            cmd.addAll(List.of("-accel", "tcg"));          // one TCG thread; SmpIT asks for tcg,thread=multi
        }
        cmd.addAll(List.of("-m", memory,
                "-drive", "file=" + file + ",format=raw,snapshot=on",
                "-display", "none", "-no-reboot",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        cmd.addAll(mux ? List.of("-serial", "mon:stdio") : List.of("-serial", "stdio", "-monitor", "none"));
        if (!List.of(extra).contains("-M")) {
            cmd.addAll(List.of("-M", "pc"));
        }
        cmd.addAll(List.of(extra));
        return new Qemu(cmd);
    }

    /** Waits until the serial output contains {@code text}; returns the time since QEMU started. */
    Duration expect(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (serial) {
            while (serial.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no '" + text + "' on the serial console within " + timeout
                            + (process.isAlive() ? "" : " (QEMU exited with " + process.exitValue() + ")")
                            + "\n" + log());
                }
                serial.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Types {@code line} and a carriage return, as a serial terminal sends Enter. */
    void send(String line) throws IOException {
        type(line + "\r");
    }

    /** Types {@code keys} as they are (control characters and escape sequences included). */
    void type(String keys) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write(keys.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Types {@code command} at the monitor and waits (up to a minute) for the next prompt;
     * returns what came after the command was typed: its echo, its output and the prompt.
     */
    String command(String command) throws IOException, InterruptedException {
        int mark = mark();
        send(command);
        return expectAfter(mark, "zeptux> ", Duration.ofSeconds(60));
    }

    /** A BREAK on the serial line (QEMU's multiplexer: Ctrl-A b; only after {@link #bootWithBreak}). */
    void sendBreak() throws IOException {
        type("\u0001b");
    }

    /**
     * The magic SysRq key {@code key} (a BREAK, then the key; only after {@link #bootWithBreak}):
     * waits for {@code expected} after it and returns the output since the BREAK. When nothing
     * comes for 5 seconds, it says so on stdout and sends BREAK and key once more (a BREAK was
     * lost once in a whole {@code mvn verify} on a loaded host, and never since in many runs).
     */
    String sysrq(char key, String expected, Duration timeout) throws IOException, InterruptedException {
        int mark = mark();
        sendBreak();
        type(Character.toString(key));
        try {
            return expectAfter(mark, expected, Duration.ofSeconds(5));
        } catch (AssertionError lost) {
            System.out.println("[warning] no '" + expected.strip() + "' 5 s after BREAK " + key + ": sending it again");
            sendBreak();
            type(Character.toString(key));
            return expectAfter(mark, expected, timeout);
        }
    }

    /** How much serial output there is so far: a mark for {@link #expectAfter}. */
    int mark() {
        return serial.length();
    }

    /** Waits until {@code text} appears in the serial output after {@code mark}; returns the output after it. */
    String expectAfter(int mark, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (serial) {
            String raw = text.replace("\n", "\r\n");     // the console sends CR LF
            while (serial.indexOf(raw, mark) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no '" + text + "' on the serial console within " + timeout + "\n" + log());
                }
                serial.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
            return serial.substring(mark).replace("\r\n", "\n");
        }
    }

    /** The serial output after {@code mark} as it came, one char per byte (ISO-8859-1), CR LF and all. */
    String raw(int mark) {
        return serial.substring(mark);
    }

    /** QEMU's CPU time so far (user + system), in clock ticks of /proc (Linux only). */
    long cpuTicks() throws IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of stat(5)
    }

    /** Waits for QEMU to exit and returns its status; fails (and kills it) after {@code timeout}. */
    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("QEMU did not exit within " + timeout + "\n" + log());
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** The serial output so far, with CR LF as LF. */
    String output() {
        return serial.toString().replace("\r\n", "\n");
    }

    /** The command line and everything QEMU printed, for failure messages. */
    String log() {
        return "QEMU: " + String.join(" ", command) + "\n----- serial log -----\n" + output()
                + "\n----- end of serial log -----";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
