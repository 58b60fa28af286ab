package org.zeptux.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The static C test programs of {@code it/src/test/c} (issue #15), ready for a Zeptux image and
 * checked against Linux. {@link #shared()} compiles every program with {@code musl-gcc -static -O2}
 * into a tree laid out as the initramfs Zeptux boots with, {@code it/target/user/root}:
 *
 * <pre>
 *   bin/hello bin/files ... bin/tty     one program per C file
 *   data/hello.txt data/empty data/pages.bin data/link -&gt; hello.txt
 *   data/dir/one two three sub/ a-name-of-sixty-four-characters-...
 * </pre>
 *
 * <p>Each {@link Run} is a program with its arguments; its first argument is always the data
 * directory ({@code /data} on Zeptux, {@code root/data} on the host) and its working directory
 * is the root ({@code /} on Zeptux), so the same binary sees the same files in both places.
 * {@link #runOnLinux} runs it natively on this host and records its stdout and how it ended: that
 * is what Zeptux must print. {@code UserProgramsHostIT} checks on the host that every program
 * does what it is written to do; a Zeptux-side test boots one image with {@code --initramfs
 * root()}, sends {@link Run#command()} for each run to the monitor and compares:
 *
 * <pre>
 *   UserPrograms programs = UserPrograms.shared();
 *   Map&lt;String, Expected&gt; linux = programs.expectedOnLinux();
 *   for (Run r : UserPrograms.RUNS) {
 *       String out = qemu.command(r.command());           // "run /bin/files /data"
 *       // out after the echoed command line, with "\r\n" as "\n", up to the prompt, must be
 *       // linux.get(r.name()).stdout() + linux.get(r.name()).outcome().monitorLine()
 *   }
 * </pre>
 *
 * Runs in {@link Mode#INTERRUPT} need Ctrl-C (0x03 on the serial line) after their first line;
 * {@link Mode#ZEPTUX_ONLY} runs are not compared with Linux (see {@link Mode}). What Zeptux prints
 * on the console besides the program (a {@code segfault at ...} line, the ENOSYS log line of
 * {@code errors}) is the kernel's and not part of the program's stdout.
 */
public final class UserPrograms {
    /**
     * What every run's process gets as its environment, in this order (auxv prints it): Zeptux's
     * run passes Linux's environment for init, and the host runs start the program with
     * {@code env -i} and these, so the order is the same.
     */
    public static final List<String> ENVIRONMENT = List.of("HOME=/", "TERM=linux");
    /** The compiler and its flags (musl-tools; scripts/host-tools.sh installs it). */
    public static final List<String> CC = List.of("musl-gcc", "-static", "-O2", "-Wall", "-Wextra", "-Werror");
    /** The address-space limit of oom's host run (ulimit -v, KiB). */
    static final int OOM_HOST_LIMIT_KIB = 256 << 10;

    /** How a program ended: its exit status, or the signal that killed it (then status is -1). */
    public record Outcome(int status, int signal) {
        public static Outcome exit(int status) {
            return new Outcome(status, 0);
        }

        public static Outcome killed(int signal) {
            return new Outcome(-1, signal);
        }

        /** Java's exit value for a process: 128 + N when signal N killed it. */
        static Outcome ofExitValue(int value) {
            return value > 128 ? killed(value - 128) : exit(value);
        }

        /**
         * What the monitor's {@code run} prints after the program's output: nothing for exit
         * status 0, else {@code exit status N\n} or {@code killed by signal N (SIGNAME)\n}.
         */
        public String monitorLine() {
            if (signal != 0) {
                return "killed by signal " + signal + " (" + signalName(signal) + ")\n";
            }
            return status == 0 ? "" : "exit status " + status + "\n";
        }

        @Override
        public String toString() {
            return signal != 0 ? "killed by " + signalName(signal) : "exit " + status;
        }
    }

    /** How a run is made on the host and whether Linux's result is Zeptux's expectation. */
    public enum Mode {
        /** Stdin and stdout are pipes; the output and outcome are what Zeptux must give. */
        PIPE,
        /** Stdin and stdout are a pseudo-terminal (script(1)), as Zeptux's console is a terminal. */
        TERMINAL,
        /** Interrupted with SIGINT after its first line, as Ctrl-C on Zeptux's console does. */
        INTERRUPT,
        /**
         * Not compared with Linux, since its output depends on the kernel's memory: on the host it
         * runs under ulimit -v ({@link #OOM_HOST_LIMIT_KIB}); on Zeptux it must end with status 0
         * and print {@code oom: malloc failed after N MiB} and {@code oom: all 2 checks passed}.
         */
        ZEPTUX_ONLY
    }

    /** One run: PROGRAM from /bin with the data directory and ARGS; the outcome it is written to have. */
    public record Run(String program, List<String> args, Outcome intent, Mode mode) {
        /** The run's name, its program and arguments: {@code files}, {@code fault null}. */
        public String name() {
            return args.isEmpty() ? program : program + " " + String.join(" ", args);
        }

        /** The monitor command that runs it on Zeptux: {@code run /bin/auxv /data "two words" x}. */
        public String command() {
            StringBuilder s = new StringBuilder("run /bin/" + program + " /data");
            for (String a : args) {
                s.append(' ').append(a.contains(" ") ? '"' + a + '"' : a);
            }
            return s.toString();
        }
    }

    /** What a run printed on stdout (a terminal's "\r\n" as "\n") and how it ended. */
    public record Expected(String stdout, Outcome outcome) {}

    static final int SIGINT = 2;
    static final int SIGILL = 4;
    static final int SIGFPE = 8;
    static final int SIGSEGV = 11;
    static final int SIGPIPE = 13;

    /** auxv built as a static PIE (ET_DYN, no interpreter, relocating itself with musl's rcrt1.o). */
    public static final String STATIC_PIE = "pie-auxv";

    /** Every run, in the order a test makes them. */
    public static final List<Run> RUNS = List.of(
            run("hello"), run("files"), run("stat"), run("dirents"), run("memory"), run("ids"),
            run("signals"), run("tls"), run("time"), run("errors"), run("procs"), run("handlers"),
            run("sleeps"), run("jobs"), run("siginfo"), run("select"), run("fifo"), run("shared"),
            new Run("auxv", List.of("two words", "x"), Outcome.exit(0), Mode.PIPE),
            new Run(STATIC_PIE, List.of("two words", "x"), Outcome.exit(0), Mode.PIPE),
            fault("null", SIGSEGV), fault("kernel", SIGSEGV), fault("noncanonical", SIGSEGV),
            fault("readonly", SIGSEGV), fault("nx", SIGSEGV), fault("ud", SIGILL), fault("divide", SIGFPE),
            fault("cli", SIGSEGV),
            new Run("loop", List.of(), Outcome.killed(SIGINT), Mode.INTERRUPT),
            new Run("tty", List.of(), Outcome.exit(0), Mode.TERMINAL),
            run("fs"), run("pipes"), new Run("pipes", List.of("sigpipe"), Outcome.killed(SIGPIPE), Mode.PIPE),
            new Run("pipes", List.of("read"), Outcome.killed(SIGINT), Mode.INTERRUPT),
            new Run("pipes", List.of("poll"), Outcome.killed(SIGINT), Mode.INTERRUPT),
            run("devices"), run("procfs"), run("churn"), run("threads"), run("futex"),
            run("spread"), run("groupexit"), run("mtmem"), run("reapkill"),
            new Run("oom", List.of(), Outcome.exit(0), Mode.ZEPTUX_ONLY),
            new Run("forkbomb", List.of(), Outcome.exit(0), Mode.ZEPTUX_ONLY));

    private static Run run(String program) {
        return new Run(program, List.of(), Outcome.exit(0), Mode.PIPE);
    }

    private static Run fault(String kind, int signal) {
        return new Run("fault", List.of(kind), Outcome.killed(signal), Mode.PIPE);
    }

    private static UserPrograms shared;

    private final Path root;

    private UserPrograms(Path root) {
        this.root = root;
    }

    /** The programs and data built once per JVM into it/target/user/root. */
    public static synchronized UserPrograms shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = build(repositoryRoot().resolve("it/target/user/root"));
        }
        return shared;
    }

    /** Compiles every program into ROOT/bin and writes the data files into ROOT/data (ROOT emptied first). */
    public static UserPrograms build(Path root) throws IOException, InterruptedException {
        deleteTree(root);
        Files.createDirectories(root.resolve("bin"));
        for (String program : programs()) {
            compile(program, root.resolve("bin").resolve(program));
        }
        compileStaticPie("auxv", root.resolve("bin").resolve(STATIC_PIE));
        writeData(root.resolve("data"));
        return new UserPrograms(root);
    }

    /** A tree built before (or by hand), with bin/ and data/. */
    static UserPrograms existing(Path root) {
        return new UserPrograms(root);
    }

    /** The initramfs tree: bin/ and data/. */
    public Path root() {
        return root;
    }

    private Path image;

    /**
     * A kernel image whose initramfs is {@link #root()}, made once per JVM beside it: UserIT and
     * SmpIT boot the same one.
     */
    public synchronized Path image() throws IOException, InterruptedException {
        if (image == null) {
            Path out = root.resolveSibling("user.img");
            Path repo = repositoryRoot();
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    repo.resolve("compiler/target/zeptuxc.jar").toString(), "image", "--boot", repo.resolve("boot").toString(),
                    "--linker-script", repo.resolve("linker.ld").toString(), "--initramfs", root.toString(),
                    "-o", out.toString(), repo.resolve("kernel/target/kernel.o").toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("zeptuxc timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + log);
            }
            image = out;
        }
        return image;
    }

    /** The program's binary on the host. */
    public Path binary(String program) {
        return root.resolve("bin").resolve(program);
    }

    /** The directory of the C sources, it/src/test/c. */
    public static Path sources() {
        return repositoryRoot().resolve("it/src/test/c");
    }

    /** The program names: one per C file in {@link #sources()}, sorted. */
    public static List<String> programs() throws IOException {
        try (Stream<Path> s = Files.list(sources())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c"))
                    .map(n -> n.substring(0, n.length() - 2)).sorted().toList();
        }
    }

    /** Compiles it/src/test/c/PROGRAM.c into OUT; a missing musl-gcc or a compile error is an exception saying so. */
    public static void compile(String program, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(CC);
        // Relative source names, so nothing in the binary depends on where the repository is.
        cmd.addAll(List.of("-o", out.toAbsolutePath().toString(), program + ".c"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(sources().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("musl-gcc not found (" + e.getMessage() + "): run scripts/host-tools.sh,"
                    + " which installs Debian's musl-tools (make test does)");
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed in " + sources() + ":\n" + log);
        }
    }

    /** Where Debian's musl-dev keeps musl's start files and libc.a. */
    static final Path MUSL = Path.of("/usr/lib/x86_64-linux-musl");

    /**
     * Compiles PROGRAM.c as a static PIE into OUT: musl-gcc -fPIE -c, then ld -static -pie
     * --no-dynamic-linker with rcrt1.o (Debian's musl-gcc -static-pie would name an interpreter).
     */
    public static void compileStaticPie(String program, Path out) throws IOException, InterruptedException {
        Path object = out.resolveSibling(program + ".pie.o");
        List<String> cc = new ArrayList<>(CC.subList(0, 1));
        cc.addAll(List.of("-O2", "-Wall", "-Wextra", "-Werror", "-fPIE", "-c", "-o", object.toAbsolutePath().toString(),
                program + ".c"));
        run(cc, sources());
        String libgcc = run(List.of("gcc", "-print-libgcc-file-name"), sources()).strip();
        run(List.of("ld", "-static", "-pie", "--no-dynamic-linker", "-z", "text", "-o", out.toAbsolutePath().toString(),
                MUSL.resolve("rcrt1.o").toString(), MUSL.resolve("crti.o").toString(), object.toAbsolutePath().toString(),
                "-L" + MUSL, "-lc", libgcc, MUSL.resolve("crtn.o").toString()), sources());
        Files.delete(object);
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed in " + dir + ":\n" + log);
        }
        return log;
    }

    /** The 64-character name in data/dir (a long getdents64 record). */
    static final String LONG_NAME = "a-name-of-sixty-four-characters-" + "x".repeat(32);

    /** The data files the programs read, with the modes the initramfs gives them (0644 files, 0755 directories). */
    static void writeData(Path data) throws IOException {
        Files.createDirectories(data.resolve("dir/sub"));
        file(data.resolve("hello.txt"), "hello from the initramfs\n".getBytes(StandardCharsets.US_ASCII));
        file(data.resolve("empty"), new byte[0]);
        byte[] pages = new byte[10000];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = (byte) (i * 7 + i / 256); // check.h's pages_byte
        }
        file(data.resolve("pages.bin"), pages);
        Files.createSymbolicLink(data.resolve("link"), Path.of("hello.txt"));
        for (String name : List.of("one", "two", "three")) {
            file(data.resolve("dir").resolve(name), (name + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        file(data.resolve("dir").resolve(LONG_NAME), "long\n".getBytes(StandardCharsets.US_ASCII));
        for (Path d : List.of(data, data.resolve("dir"), data.resolve("dir/sub"))) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void file(Path p, byte[] content) throws IOException {
        Files.write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Every run but the {@link Mode#ZEPTUX_ONLY} ones, made natively: name to expectation. */
    public Map<String, Expected> expectedOnLinux() throws IOException, InterruptedException {
        Map<String, Expected> m = new LinkedHashMap<>();
        for (Run r : RUNS) {
            if (r.mode() != Mode.ZEPTUX_ONLY) {
                m.put(r.name(), runOnLinux(r));
            }
        }
        return m;
    }

    /** Runs R natively on this host (see {@link Mode}); at most 60 s. */
    public Expected runOnLinux(Run r) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("env", "-i"));
        argv.addAll(ENVIRONMENT);
        argv.addAll(List.of(binary(r.program()).toString(), root.resolve("data").toString()));
        argv.addAll(r.args());
        List<String> cmd = switch (r.mode()) {
            case PIPE, INTERRUPT -> argv;
            // script(1) runs the program on a new pseudo-terminal; -e returns its status.
            case TERMINAL -> List.of("script", "-qec", "exec " + shellWords(argv), "/dev/null");
            case ZEPTUX_ONLY -> List.of("sh", "-c", "ulimit -v " + OOM_HOST_LIMIT_KIB + " && exec " + shellWords(argv));
        };
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");     // for env(1), sh(1) and script(1); env -i clears it
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": cannot start (" + e.getMessage() + ")");
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), stdout), "user-program-stdout");
        reader.start();
        if (r.mode() != Mode.TERMINAL) {
            p.getOutputStream().close();
        }
        if (r.mode() == Mode.INTERRUPT) {
            awaitLine(stdout, p);
            Thread.sleep(200); // it is spinning now
            if (!p.isAlive()) {
                throw new AssertionError(r.name() + " ended by itself (" + Outcome.ofExitValue(p.exitValue()) + ")");
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(r.name() + " did not end within 60 s; its output:\n" + stdout);
        }
        reader.join();
        String out = stdout.toString(StandardCharsets.UTF_8);
        if (r.mode() == Mode.TERMINAL) {
            out = out.replace("\r\n", "\n");
        }
        return new Expected(out, Outcome.ofExitValue(p.exitValue()));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (10 s at most) until OUT holds a whole line. */
    private static void awaitLine(ByteArrayOutputStream out, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (out) {
            while (out.toString(StandardCharsets.UTF_8).indexOf('\n') < 0) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new AssertionError("no line from " + p.info().command().orElse("?") + ": " + out);
                }
                out.wait(50);
            }
        }
    }

    private static String shellWords(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            s.append(s.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return s.toString();
    }

    /** SIGSEGV for 11, and so on for the signals a test program can end with. */
    public static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("zeptux.root", "..")).toAbsolutePath().normalize();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
