package org.zeptux.compiler.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.DifferentialSuite.Case;
import org.zeptux.compiler.fuzz.ProgramGenerator;
import org.zeptux.compiler.testdata.Semantics;
import org.zeptux.compiler.testdata.linux.LinuxCalls;
import org.zeptux.compiler.testdata.process.ProcessCalls;
import org.zeptux.compiler.testdata.programs.Printing;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * Writes the compiler's hosted test programs and the differential suite as static executables
 * into a directory, with what each run prints natively on this host (x86-64 Linux), so that the
 * same executables can run inside Zeptux and be compared byte for byte ({@code it/.../HostedOnZeptuxIT}):
 *
 * <pre>
 * DIR/manifest.txt          one run a line: NAME STATUS OUTPUT PATH [ARG...]
 * DIR/expected/NAME.out     what the run wrote to fds 1 and 2, in the order it wrote it
 * DIR/root/bin/...          the executables: the root of the initramfs
 * DIR/root/data/...         the files LinuxCalls reads (LinuxCallsFixture)
 * </pre>
 *
 * <p>The programs are every class with a main in {@code testdata.programs} (Natives with its
 * assembly) and {@code testdata.linux}, {@link ProcessCalls} (fork, execve of itself, wait4,
 * sessions, signals and their siginfo), the differential suite (one run of every passing case,
 * one run per failing case, as {@link DifferentialSuiteTests} runs them) and the first
 * {@code --fuzz} random programs of {@link ProgramGenerator} (25 by default, the seeds CI runs).
 * Each run has {@code root/} as its working directory and an empty stdin, and its stdout and
 * stderr are one stream: under Zeptux's {@code run} both are the console, and the runtime's
 * writes come in the same order either way. Usage (the compiler's test classes and zeptuxc on the
 * class path; {@code mvn verify -Dzeptux.hostedOnZeptux} runs it into
 * {@code compiler/target/hosted-suite}):
 *
 * <pre>
 * java -cp compiler/target/zeptuxc.jar:compiler/target/test-classes org.zeptux.compiler.driver.HostedSuite DIR [--fuzz N]
 * </pre>
 */
public final class HostedSuite {
    private HostedSuite() {}

    /** The manifest's name in DIR. */
    public static final String MANIFEST = "manifest.txt";

    /** One run of an executable: its name, its path in the root, its arguments. */
    private record Run(String name, String path, List<String> args) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--fuzz"))) {
            System.err.println("usage: HostedSuite DIR [--fuzz COUNT]");
            System.exit(2);
        }
        long start = System.nanoTime();
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        int fuzz = args.length == 3 ? Integer.parseInt(args[2]) : 25;
        List<String> manifest = write(dir, fuzz);
        long bytes;
        try (Stream<Path> files = Files.walk(dir.resolve("root"))) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("hosted suite: %d runs of the hosted test programs and the differential suite, %d KiB in "
                + "root/, %d s -> %s%n", manifest.size(), bytes >> 10, (System.nanoTime() - start) / 1_000_000_000L, dir);
    }

    /** Builds and runs everything into {@code dir} (emptied first); returns the manifest's lines. */
    public static List<String> write(Path dir, int fuzz) throws Exception {
        return write(dir, fuzz, name -> true);
    }

    /**
     * As above, with only the programs of testdata whose names (lower case, as in bin/)
     * {@code only} accepts, and the differential suite only if it accepts {@code diffsuite}.
     */
    static List<String> write(Path dir, int fuzz, Predicate<String> only) throws Exception {
        refuseForeign(dir);
        // Everything is made in a sibling and renamed into place at the end, so a run cut short
        // (^C, a failed build) leaves no half-written suite in DIR, only the sibling the next run empties.
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        List<String> lines = writeInto(partial, fuzz, only);
        deleteTree(dir);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        return lines;
    }

    private static List<String> writeInto(Path dir, int fuzz, Predicate<String> only) throws Exception {
        Path root = dir.resolve("root");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path work = Files.createDirectories(dir.resolve(".work"));    // in DIR: the object NASM writes names its source
        Files.createDirectories(dir.resolve("expected"));
        List<Run> runs = new ArrayList<>();
        Toolchain tools = new Toolchain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        try {
            for (Class<?> program : programs()) {
                String name = program.getSimpleName().toLowerCase(Locale.ROOT);
                if (!only.test(name)) {
                    continue;
                }
                Path classes = TestClasses.copy(work.resolve(name), program, Semantics.class);
                List<Path> objects = new ArrayList<>();
                if (program.getSimpleName().equals("Natives")) {
                    Path asm = work.resolve("natives.asm");
                    Files.writeString(asm, NativesTests.ASSEMBLY);
                    objects.add(work.resolve("natives.o"));
                    tools.run(Tool.NASM, List.of("-f", "elf64", "-o", objects.get(0).toString(), asm.toString()));
                }
                build(tools, classes, program.getName(), bin.resolve(name), objects);
                runs.add(new Run(name, "/bin/" + name, program == LinuxCalls.class
                        ? List.of(LinuxCallsFixture.ARGUMENT) : List.of()));
            }
            if (only.test("diffsuite")) {
                List<Case> cases = DifferentialSuite.cases();
                List<Case> passing = cases.stream().filter(c -> !c.fails()).toList();
                List<Case> failing = cases.stream().filter(Case::fails).toList();
                Path suite = DifferentialSuite.classes(work.resolve("diffsuite"), passing, failing);
                build(tools, suite, DifferentialSuite.DRIVER.replace('/', '.'), bin.resolve("diffsuite"), List.of());
                runs.add(new Run("diffsuite", "/bin/diffsuite", List.of()));
                for (int i = 0; i < failing.size(); i++) {
                    runs.add(new Run("diffsuite-" + failing.get(i).name(), "/bin/diffsuite",
                            List.of(Integer.toString(i))));
                }
            }
            for (int seed = 1; seed <= fuzz; seed++) {
                String name = "fuzz" + seed;
                ProgramGenerator.Program p = ProgramGenerator.generate(seed);
                build(tools, javac(work.resolve(name), p), p.className(), bin.resolve(name), List.of());
                runs.add(new Run(name, "/bin/" + name, List.of()));
            }
        } finally {
            deleteTree(work);
        }
        LinuxCallsFixture.write(root);
        List<String> lines = new ArrayList<>();
        for (Run r : runs) {
            Path out = dir.resolve("expected/" + r.name() + ".out");
            int status = runNatively(root, r, out);
            lines.add(r.name() + " " + status + " expected/" + r.name() + ".out " + r.path()
                    + (r.args().isEmpty() ? "" : " " + String.join(" ", r.args())));
        }
        List<String> text = new ArrayList<>(List.of(
                "# The hosted test programs and the differential suite (zeptuxc build --target hosted) and what each",
                "# run printed natively on x86-64 Linux. One run a line: NAME STATUS OUTPUT PATH [ARG...]",
                "#   STATUS  its exit status",
                "#   OUTPUT  what it wrote to fds 1 and 2, in order (both are the console under Zeptux's run)",
                "#   PATH    the executable in root/, the initramfs; the working directory is root/, stdin empty"));
        text.addAll(lines);
        Files.write(dir.resolve(MANIFEST), text, StandardCharsets.UTF_8);
        return lines;
    }

    /** Refuses a {@code dir} that holds anything but a previous suite (it is replaced at the end). */
    private static void refuseForeign(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.anyMatch(e -> !e.getFileName().toString().equals(".work"))  // older runs cut short left it
                        && !Files.exists(dir.resolve(MANIFEST))) {
                    throw new IOException(dir + " is not empty and holds no " + MANIFEST + ": not overwriting it");
                }
            }
        }
    }

    /** The classes with a main in testdata.programs and testdata.linux, by name, then ProcessCalls. */
    private static List<Class<?>> programs() throws Exception {
        List<Class<?>> programs = new ArrayList<>();
        for (Class<?> anchor : List.of(Printing.class, LinuxCalls.class)) {
            Path pkg;
            try {
                pkg = Path.of(anchor.getResource(anchor.getSimpleName() + ".class").toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(pkg)) {
                files = s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                        .sorted(Comparator.comparing(Path::toString)).toList();
            }
            for (Path f : files) {
                ClassNode cls = new ClassNode();
                try (InputStream in = Files.newInputStream(f)) {
                    new ClassReader(in).accept(cls, ClassReader.SKIP_CODE);
                }
                for (MethodNode m : cls.methods) {
                    if (m.name.equals("main") && m.desc.equals("([Ljava/lang/String;)V") && (m.access & Opcodes.ACC_STATIC) != 0) {
                        programs.add(Class.forName(cls.name.replace('/', '.')));
                    }
                }
            }
        }
        programs.add(ProcessCalls.class);          // it executes itself through argument 0: /bin/processcalls under Zeptux
        return programs;
    }

    private static void build(Toolchain tools, Path classes, String mainClass, Path exe, List<Path> objects) throws Exception {
        try {
            new Pipeline(tools).buildHosted(List.of(classes), mainClass, exe, null, objects);
        } catch (CompileException e) {
            throw new IOException("zeptuxc refused " + mainClass + ":\n" + e.errors().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("\n")), e);
        }
    }

    /** A generated program compiled by javac into {@code dir/classes}. */
    private static Path javac(Path dir, ProgramGenerator.Program p) throws IOException {
        Path src = dir.resolve("src/" + p.className() + ".java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, p.source(), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean ok = javac.getTask(out, null, null, List.of("--release", "17", "-g", "-nowarn", "-d", classes.toString()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(src.toFile())).call();
        if (!ok) {
            throw new IOException("javac refused the generated program " + p.className() + ":\n" + out);
        }
        return classes;
    }

    /** Runs {@code r} in {@code root} with stdout and stderr as one stream into {@code out}; its exit status. */
    private static int runNatively(Path root, Run r, Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve(r.path().substring(1)).toString()));
        command.addAll(r.args());
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(r.name() + " did not finish within 60 s");
        }
        return p.exitValue();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
