import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark driver behind {@code make bench} (run from the repository root by
 * scripts/bench.sh, after the build): every kernel of bench/java is built by zeptuxc (hosted
 * target, with and without --no-checks) and its twin in bench/c by clang -O2; the three
 * executables and HotSpot must print the same checksum; then instructions retired (callgrind,
 * one {@code run()}) and wall time are measured — each measurement a run of at least 200 ms
 * (as many {@code run()} calls as that takes, built into the executables), the median of 5 with
 * the spread — and with the compile-speed and boot figures and the user-mode figures (the same
 * static programs on Zeptux and on Linux 6.1 under QEMU) written to build/bench/results.md,
 * results.csv and readme-table.md. {@code make bench-update} ({@code --update}) then copies them
 * into bench/ and README.md's table: the committed figures change only on purpose.
 *
 * <pre>
 *   java bench/Bench.java [--runs N] [--boots N] [--only Kernel,...]   measure, into build/bench
 *   java bench/Bench.java --user      only the user-mode figures, printed (nothing written)
 *   java bench/Bench.java --disk      only the disk figures (bench/user/diskbench.c), printed
 *   java bench/Bench.java --update    build/bench into bench/ and README.md
 * </pre>
 */
public final class Bench {
    /** Java class (org.zeptux.bench) and C file (bench/c) of each kernel. */
    static final String[][] KERNELS = {
        {"Crc32", "crc32"}, {"Fnv1a", "fnv1a"}, {"XxHash", "xxhash"}, {"MemOps", "memops"},
        {"InsertionSort", "insertionsort"}, {"QuickSort", "quicksort"}, {"Sieve", "sieve"},
        {"MatMul", "matmul"}, {"Bitmap", "bitmap"}, {"Buddy", "buddy"}, {"Format", "format"},
        {"Packets", "packets"}, {"Slab", "slab"}, {"PageWalk", "pagewalk"}, {"Ring", "ring"},
        {"Compare", "compare"},
    };
    static final String CLANG = "clang-19";
    static final List<String> CLANG_FLAGS = List.of("-O2", "-static");
    /** The shortest a timed run may be: a process (or a HotSpot batch of calls) of at least this. */
    static final long MIN_RUN_NS = 200_000_000L;

    static final Path ROOT = Path.of("").toAbsolutePath();
    /** Where make bench writes its results; bench/ and README.md change only with --update. */
    static final Path RESULTS = ROOT.resolve("build/bench");
    /** Scratch: classes, executables, a kernel build. */
    static final Path OUT = RESULTS.resolve("work");
    static final Path JAR = ROOT.resolve("compiler/target/zeptuxc.jar");

    int runs = 5;
    int boots = 10;
    List<String> only = null;
    boolean userOnly = false;
    boolean diskOnly = false;

    /**
     * One kernel's figures: instructions (callgrind, one run()), and per run() call the median,
     * fastest and slowest of the timed runs (nanoseconds), with the calls a timed run made.
     */
    static final class Row {
        String name;
        String checksum;
        long insClang, insZeptux, insNoChecks;
        long calls;
        long[] nsClang, nsZeptux, nsNoChecks, nsHotSpot;
        long hotSpotCalls;
        long nsHotSpotCold;
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        boolean update = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--boots" -> b.boots = Integer.parseInt(args[++i]);
                case "--only" -> b.only = List.of(args[++i].split(","));
                case "--user" -> b.userOnly = true;
                case "--disk" -> b.diskOnly = true;
                case "--update" -> update = true;
                default -> {
                    System.err.println("usage: java bench/Bench.java [--runs N] [--boots N] [--only K,...] | --user | --disk | --update");
                    System.exit(2);
                }
            }
        }
        if (update) {
            update();
        } else {
            b.run();
        }
    }

    void run() throws Exception {
        if (diskOnly) {
            String out = exec(List.of("scripts/linux-bench.sh", "--disk"));
            System.out.print(out);
            String z = zeptuxDiskFigures();
            List<Pattern> figures = List.of(DISK_WRITE, DISK_READ, DISK_CREATE, DISK_DELETE);
            List<String> names = List.of("sequential write, MB/s", "sequential read, MB/s", "files created/s", "files deleted/s");
            for (int i = 0; i < figures.size(); i++) {
                System.out.println("disk: " + names.get(i) + ": Zeptux " + figure(figures.get(i), z) + ", Linux "
                        + figure(figures.get(i), out));
            }
            return;
        }
        if (userOnly) {
            System.out.println();
            System.out.print(userTable(userFigures()));
            return;
        }
        if (!Files.isRegularFile(JAR) || !Files.isRegularFile(ROOT.resolve("kernel/target/zeptux.img"))) {
            throw new IllegalStateException("build first: mvn -B package -DskipTests (make bench does)");
        }
        Path classes = OUT.resolve("classes");
        Path harness = OUT.resolve("harness");
        Path bin = OUT.resolve("exe");
        deleteTree(OUT);
        Files.createDirectories(bin);
        compileJava(classes, harness);

        List<Row> rows = new ArrayList<>();
        for (String[] k : KERNELS) {
            if (only == null || only.contains(k[0])) {
                rows.add(kernel(k[0], k[1], classes, harness, bin));
            }
        }
        Map<String, String> system = new LinkedHashMap<>();
        compileSpeed(system, classes, harness);
        boot(system);
        kernelFigures(system);
        List<UserFigure> user = userFigures();
        write(rows, system, user);
    }

    /** The kernels (the hosted runtime has the memcpy/memmove/memset LLVM may call), and the two harnesses. */
    void compileJava(Path classes, Path harness) throws Exception {
        List<String> sources = new ArrayList<>(List.of("javac", "--release", "17", "-d", classes.toString()));
        try (Stream<Path> s = Files.walk(ROOT.resolve("bench/java"))) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> sources.add(p.toString()));
        }
        exec(sources);
        exec(List.of("javac", "--release", "17", "-cp", JAR.toString(), "-d", harness.toString(),
                ROOT.resolve("bench/harness/HotSpotRun.java").toString(),
                ROOT.resolve("bench/harness/FrontEndSpeed.java").toString()));
    }

    Row kernel(String name, String c, Path classes, Path harness, Path bin) throws Exception {
        String main = "org.zeptux.bench." + name;
        Path clang = bin.resolve(c + ".clang");
        Path zeptux = bin.resolve(c + ".zeptuxc");
        Path noChecks = bin.resolve(c + ".nochecks");
        build(main, c, classes, 1, clang, zeptux, noChecks);

        Row r = new Row();
        r.name = name;
        r.checksum = exec(List.of(clang.toString())).strip();
        String java = exec(List.of("java", "-cp", classes.toString(), main)).strip();
        checkChecksums(name, r.checksum, zeptux, noChecks);
        if (!java.equals(r.checksum)) {
            throw new IllegalStateException(name + ": java printed " + java + ", clang " + r.checksum);
        }
        // Instructions of one run(): deterministic, so the three callgrind runs may share the CPUs.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Long> a = pool.submit(() -> instructions(clang));
            Future<Long> b = pool.submit(() -> instructions(zeptux));
            Future<Long> n = pool.submit(() -> instructions(noChecks));
            r.insClang = a.get();
            r.insZeptux = b.get();
            r.insNoChecks = n.get();
        } finally {
            pool.shutdown();
        }
        // Wall time: executables that call run() enough times for a process of at least MIN_RUN_NS,
        // one process at a time, the three interleaved, `runs` each; more calls if one was shorter.
        long[] once = {fastest(clang, 3), fastest(zeptux, 3), fastest(noChecks, 3)};
        long shortest = Math.min(once[0], Math.min(once[1], once[2]));
        long calls = callsFor(shortest, 1);
        Path[] exes = {bin.resolve(c + ".clang.timed"), bin.resolve(c + ".zeptuxc.timed"),
            bin.resolve(c + ".nochecks.timed")};
        long[][] ns = new long[3][runs];
        for (int attempt = 0; ; attempt++) {
            build(main, c, classes, calls, exes[0], exes[1], exes[2]);
            checkChecksums(name, r.checksum, exes[0], exes[1], exes[2]);
            long least = Long.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                for (int v = 0; v < 3; v++) {
                    ns[v][i] = wall(exes[v]);
                    least = Math.min(least, ns[v][i]);
                }
            }
            if (least >= MIN_RUN_NS) {
                break;
            }
            if (attempt == 2) {
                throw new IllegalStateException(name + ": a run of " + calls + " calls took " + least / 1_000_000
                        + " ms, under " + MIN_RUN_NS / 1_000_000 + " ms, three times over");
            }
            calls = callsFor(least / calls, calls + 1);
        }
        r.calls = calls;
        r.nsClang = perCall(ns[0], calls);
        r.nsZeptux = perCall(ns[1], calls);
        r.nsNoChecks = perCall(ns[2], calls);
        String[] variants = {"clang", "zeptuxc", "zeptuxc --no-checks"};
        long[][] perCall = {r.nsClang, r.nsZeptux, r.nsNoChecks};
        for (int v = 0; v < 3; v++) {
            // The calls must each have done the work: repeated calls merged by a compiler would
            // show as far less time a call than one call took alone (start-up included).
            if (perCall[v][0] * 2 < once[v]) {
                throw new IllegalStateException(name + ": " + variants[v] + " took " + perCall[v][0] + " ns a call over "
                        + calls + " calls, under half of one call's " + once[v] + " ns: were the calls merged?");
            }
        }
        String[] hs = exec(List.of("java", "-cp", classes + ":" + harness, "HotSpotRun", main,
                Long.toString(MIN_RUN_NS), Integer.toString(runs))).strip().split(" ");
        if (!hs[0].equals(r.checksum)) {
            throw new IllegalStateException(name + ": HotSpot run() returned " + hs[0] + ", clang " + r.checksum);
        }
        r.nsHotSpot = new long[] {Long.parseLong(hs[1]), Long.parseLong(hs[2]), Long.parseLong(hs[3])};
        r.hotSpotCalls = Long.parseLong(hs[4]);
        r.nsHotSpotCold = Long.parseLong(hs[5]);
        System.out.printf(Locale.ROOT, "%-14s ins clang %,d zeptuxc %.2fx no-checks %.2fx | time (%d calls a run) clang %.2f ms "
                + "zeptuxc %.2fx no-checks %.2fx hotspot %.2fx (%d calls a run)%n", name, r.insClang,
                (double) r.insZeptux / r.insClang, (double) r.insNoChecks / r.insClang, r.calls, r.nsClang[0] / 1e6,
                (double) r.nsZeptux[0] / r.nsClang[0], (double) r.nsNoChecks[0] / r.nsClang[0],
                (double) r.nsHotSpot[0] / r.nsClang[0], r.hotSpotCalls);
        return r;
    }

    /** Builds the three executables of a kernel, each calling run() {@code calls} times. */
    static void build(String main, String c, Path classes, long calls, Path clang, Path zeptux, Path noChecks)
            throws Exception {
        String repeat = "-Dzeptux.bench.repeat=" + calls;
        exec(List.of("java", repeat, "-jar", JAR.toString(), "build", "--target", "hosted", "-cp", classes.toString(),
                "--main", main, "-o", zeptux.toString(), "--emit-ll", zeptux + ".ll"));
        exec(List.of("java", repeat, "-jar", JAR.toString(), "build", "--target", "hosted", "--no-checks", "-cp",
                classes.toString(), "--main", main, "-o", noChecks.toString(), "--emit-ll", noChecks + ".ll"));
        List<String> cc = new ArrayList<>(List.of(CLANG));
        cc.addAll(CLANG_FLAGS);
        cc.addAll(List.of("-DREPEAT=" + calls, "-o", clang.toString(), ROOT.resolve("bench/c/" + c + ".c").toString()));
        exec(cc);
    }

    /** Fails unless every executable prints {@code checksum}. */
    static void checkChecksums(String name, String checksum, Path... exes) throws Exception {
        for (Path exe : exes) {
            String out = exec(List.of(exe.toString())).strip();
            if (!out.equals(checksum)) {
                throw new IllegalStateException(name + ": " + exe.getFileName() + " printed " + out + ", clang " + checksum);
            }
        }
    }

    /** Calls enough for a run of MIN_RUN_NS and a fifth more (at least {@code least}), at {@code nsPerCall}. */
    static long callsFor(long nsPerCall, long least) {
        return Math.max(least, (MIN_RUN_NS * 6 / 5 + Math.max(1, nsPerCall) - 1) / Math.max(1, nsPerCall));
    }

    /** The median, fastest and slowest of {@code runs} nanoseconds, each divided by {@code calls}. */
    static long[] perCall(long[] runs, long calls) {
        long[] s = runs.clone();
        Arrays.sort(s);
        return new long[] {s[s.length / 2] / calls, s[0] / calls, s[s.length - 1] / calls};
    }

    /** The fastest of {@code n} runs of {@code exe}, in nanoseconds. */
    static long fastest(Path exe, int n) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, wall(exe));
        }
        return best;
    }

    static final Pattern COLLECTED = Pattern.compile("Collected : (\\d+)");

    static long instructions(Path exe) throws Exception {
        String out = exec(List.of("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe.toString()));
        Matcher m = COLLECTED.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no instruction count from callgrind:\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    static long wall(Path exe) throws Exception {
        long t0 = System.nanoTime();
        exec(List.of(exe.toString()));
        return System.nanoTime() - t0;
    }

    // ---- the toolchain: front-end speed and where a kernel build's time goes ----

    void compileSpeed(Map<String, String> out, Path benchClasses, Path harness) throws Exception {
        Path kernelClasses = ROOT.resolve("kernel/target/classes");
        String[] k = exec(List.of("java", "-cp", JAR + ":" + harness, "FrontEndSpeed", kernelClasses.toString(), "20"))
                .strip().split(" ");
        String[] b = exec(List.of("java", "-cp", JAR + ":" + harness, "FrontEndSpeed", benchClasses.toString(), "20"))
                .strip().split(" ");
        for (String[] f : new String[][] {{"kernel", k[0], k[1], k[2]}, {"benchmarks", b[0], b[1], b[2]}}) {
            long classes = Long.parseLong(f[1]);
            double cold = Long.parseLong(f[2]) / 1e9;
            double warm = Long.parseLong(f[3]) / 1e9;
            out.put("front end, " + f[0] + " (" + classes + " classes), first run in a fresh JVM",
                    String.format(Locale.ROOT, "%.0f ms = %.0f classes/s", cold * 1e3, classes / cold));
            out.put("front end, " + f[0] + " (" + classes + " classes), warmed up (median of 20)",
                    String.format(Locale.ROOT, "%.1f ms = %.0f classes/s", warm * 1e3, classes / warm));
        }
        // A full kernel build, stage by stage, as `mvn package` runs it (each a fresh process).
        Path work = OUT.resolve("kernel-build");
        Files.createDirectories(work);
        Path ll = work.resolve("kernel.ll");
        Path bc = work.resolve("kernel.bc");
        Path obj = work.resolve("kernel.o");
        long[] t = new long[4];
        int reps = 3;
        long[][] all = new long[4][reps];
        for (int i = 0; i < reps; i++) {
            all[0][i] = timed(List.of("java", "-jar", JAR.toString(), "compile", "-cp", kernelClasses.toString(),
                    "--emit", "ll", "-o", ll.toString()));
            all[1][i] = timed(List.of("opt-19", "-O2", "-mtriple=x86_64-unknown-none-elf", ll.toString(), "-o",
                    bc.toString()));
            all[2][i] = timed(List.of("llc-19", "-O2", "-filetype=obj", "-mtriple=x86_64-unknown-none-elf",
                    "--relocation-model=static", "--code-model=kernel", bc.toString(), "-o", obj.toString()));
            deleteTree(work.resolve("zeptuxc-cache"));     // a new kernel's image: its frame table made, not kept
            all[3][i] = timed(List.of("java", "-jar", JAR.toString(), "image", "--boot", "boot", "--linker-script",
                    "linker.ld", "-o", work.resolve("zeptux.img").toString(), obj.toString()));
        }
        long total = 0;
        for (int s = 0; s < 4; s++) {
            t[s] = median(all[s]);
            total += t[s];
        }
        String[] stages = {"zeptuxc compile (JVM start, front end, .ll written)", "opt -O2", "llc -O2",
            "zeptuxc image (JVM start, nasm, ld.lld twice, frame table, objcopy)"};
        for (int s = 0; s < 4; s++) {
            out.put("kernel build: " + stages[s], String.format(Locale.ROOT, "%.0f ms (%.0f%%)", t[s] / 1e6,
                    100.0 * t[s] / total));
        }
        out.put("kernel build: total of the stages (median of 3 each)", String.format(Locale.ROOT, "%.0f ms",
                total / 1e6));
        out.put("kernel .ll size", Files.size(ll) / 1024 + " KiB");
        // The module cut in two, opt and llc of the parts side by side (kernel/pom.xml's zeptuxc.parts=2).
        long[] parts = new long[reps];
        for (int i = 0; i < reps; i++) {
            parts[i] = timed(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString(),
                    "compile", "-cp", kernelClasses.toString(), "--parts", "2", "--emit", "obj", "-o",
                    work.resolve("kernel-parts.o").toString()));
        }
        out.put("kernel build: zeptuxc compile --parts 2 (front end, opt and llc of two parts side by side), wall, "
                + "median of 3", String.format(Locale.ROOT, "%.0f ms", median(parts) / 1e6));
        // From the sources to the image as the kernel's build makes it (README, "Where the kernel's build
        // spends its time"): javac, zeptuxc compile --parts 2, zeptuxc image of the new kernel, one after the other.
        Path sources = work.resolve("sources.txt");
        try (var files = Files.walk(ROOT.resolve("kernel/src/main/java"))) {
            Files.write(sources, files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList());
        }
        long[] whole = new long[reps];
        String[] client = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};
        for (int i = 0; i < reps; i++) {
            Path classes = work.resolve("classes");
            deleteTree(classes);
            deleteTree(work.resolve("zeptuxc-cache"));
            long t0 = System.nanoTime();
            exec(List.of("javac", "-J" + client[0], "-J" + client[1], "-g", "--release", "17", "-nowarn", "-cp",
                    ROOT.resolve("runtime/target/classes").toString(), "-d", classes.toString(), "@" + sources));
            exec(List.of("java", client[0], client[1], "-jar", JAR.toString(), "compile", "--parts", "2", "-cp",
                    classes.toString(), "--emit", "obj", "-o", work.resolve("kernel-parts.o").toString()));
            exec(List.of("java", client[0], client[1], "-jar", JAR.toString(), "image", "--boot", "boot",
                    "--linker-script", "linker.ld", "-o", work.resolve("zeptux-parts.img").toString(),
                    work.resolve("kernel-parts.o").toString()));
            whole[i] = System.nanoTime() - t0;
        }
        out.put("kernel build from javac to the image (javac, zeptuxc compile --parts 2, zeptuxc image), wall, "
                + "median of 3", String.format(Locale.ROOT, "%.0f ms", median(whole) / 1e6));
    }

    // ---- boot ----

    void boot(Map<String, String> out) throws Exception {
        Path image = ROOT.resolve("kernel/target/zeptux.img");
        long[] ms = new long[boots];
        for (int i = 0; i < boots; i++) {
            ms[i] = bootMillis(image);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        out.put("boot: QEMU start to 'Zeptux ready' under TCG, median of " + boots,
                median(ms) + " ms (min " + sorted[0] + ", max " + sorted[boots - 1] + ")");
        out.put("kernel image (zeptux.img: MBR, stage 2, flat kernel)", Files.size(image) + " bytes");
        out.put("kernel ELF (zeptux.elf, with symbols and DWARF line tables)",
                Files.size(ROOT.resolve("kernel/target/zeptux.elf")) + " bytes");
        String size = exec(List.of("llvm-size-19", ROOT.resolve("kernel/target/zeptux.elf").toString()));
        String[] cols = size.lines().skip(1).findFirst().orElse("").trim().split("\\s+");
        if (cols.length >= 3) {
            out.put("kernel ELF sections: text / data / bss", cols[0] + " / " + cols[1] + " / " + cols[2] + " bytes");
        }
        String share = exec(List.of("java", "-jar", JAR.toString(), "unsafe", "-cp",
                ROOT.resolve("kernel/target/classes").toString(), "--sources",
                ROOT.resolve("kernel/src/main/java").toString()));
        String total = share.lines().filter(l -> l.startsWith("total ")).findFirst().orElse("").substring(5).strip();
        out.put("kernel: lines of code in unsafe packages (zeptuxc unsafe)",
                total.replaceFirst("^(\\d+)\\s+(\\d+) in unsafe packages: ", "$2 of $1 lines: "));
    }

    /**
     * The kernel's own figures, from one boot: the monitor's {@code membench} (buddy allocator),
     * {@code poolbench} (object pools' fast path) and {@code schedtest yield} (context switches),
     * in TSC cycles under TCG (not native cycles: compare them with each other and over time).
     */
    void kernelFigures(Map<String, String> out) throws Exception {
        String text = monitorSession(ROOT.resolve("kernel/target/zeptux.img"),
                List.of("membench", "poolbench", "schedtest yield"));
        for (String line : text.split("\n")) {
            if (line.startsWith("bench: ")) {
                out.put("kernel (TCG): " + line.substring(7, line.indexOf(':', 7)),
                        line.substring(line.indexOf(':', 7) + 2));
            } else if (line.startsWith("schedtest yield: ")) {
                out.put("kernel (TCG): task switch (yield between two tasks)", line.substring(17));
            }
        }
    }

    /** QEMU (TCG, -M pc, 128 MiB) booting {@code image} from a snapshot, the serial port on its stdio. */
    static Process qemu(Path image) throws IOException {
        return qemu(image, 0);
    }

    /** As {@link #qemu(Path)}; with {@code smp} > 0, that many CPUs under multi-threaded TCG (as linux-bench.sh runs Linux). */
    static Process qemu(Path image, int smp) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64"));
        cmd.addAll(smp > 0 ? List.of("-accel", "tcg,thread=multi", "-smp", Integer.toString(smp)) : List.of("-accel", "tcg"));
        cmd.addAll(List.of("-M", "pc", "-m", smp > 0 ? "256M" : "128M",
                "-drive", "file=" + image + ",format=raw,snapshot=on", "-serial", "stdio", "-display", "none",
                "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /**
     * Boots {@code image} to the monitor, runs {@code commands} one after the other, powers off,
     * and returns what the commands printed (lines end in \n).
     */
    static String monitorSession(Path image, List<String> commands) throws Exception {
        return monitorSession(image, 0, commands);
    }

    /** {@link #monitorSession(Path, List)} with {@code smp} CPUs (0: QEMU's default, single-threaded TCG). */
    static String monitorSession(Path image, int smp, List<String> commands) throws Exception {
        Process p = qemu(image, smp);
        try {
            InputStream in = p.getInputStream();
            var cmd = p.getOutputStream();
            untilPrompt(in);
            StringBuilder text = new StringBuilder();
            for (String c : commands) {
                cmd.write((c + "\r").getBytes(StandardCharsets.US_ASCII));
                cmd.flush();
                text.append(untilPrompt(in));
            }
            cmd.write("poweroff\r".getBytes(StandardCharsets.US_ASCII));
            cmd.flush();
            return text.toString().replace("\r\n", "\n");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What QEMU's serial port prints up to the next monitor prompt (60 s at most). */
    static String untilPrompt(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        long t0 = System.nanoTime();
        int ch;
        while ((ch = in.read()) >= 0) {
            seen.append((char) ch);
            if (ch == ' ' && seen.toString().endsWith("zeptux> ")) {
                return seen.toString();
            }
            if (System.nanoTime() - t0 > 60_000_000_000L) {
                break;
            }
        }
        throw new IllegalStateException("no monitor prompt from QEMU:\n" + seen);
    }

    /** The median of {@code boots} boots of the system image {@code image}: ms from QEMU's start to busybox sh's prompt. */
    static long bootToPromptMillis(Path image, int boots) throws Exception {
        long[] ms = new long[boots];
        for (int i = 0; i < boots; i++) {
            long t0 = System.nanoTime();
            Process p = qemu(image);
            try {
                InputStream in = p.getInputStream();
                StringBuilder seen = new StringBuilder();
                int ch;
                while (ms[i] == 0 && (ch = in.read()) >= 0) {
                    seen.append((char) ch);
                    if (ch == ' ' && seen.toString().endsWith("# ")) {
                        ms[i] = (System.nanoTime() - t0) / 1_000_000;
                    } else if (System.nanoTime() - t0 > 120_000_000_000L) {
                        throw new IllegalStateException("no shell prompt from " + image + ":\n" + seen);
                    }
                }
                if (ms[i] == 0) {
                    throw new IllegalStateException("no shell prompt from " + image + ":\n" + seen);
                }
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return median(ms);
    }

    /** Milliseconds from starting QEMU to "Zeptux ready" on the serial port; then QEMU is ended. */
    static long bootMillis(Path image) throws Exception {
        long t0 = System.nanoTime();
        Process p = qemu(image);
        try {
            InputStream in = p.getInputStream();
            StringBuilder seen = new StringBuilder();
            int ch;
            while ((ch = in.read()) >= 0) {
                seen.append((char) ch);
                if (ch == 'y' && seen.indexOf("Zeptux ready") >= 0) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                if (System.nanoTime() - t0 > 60_000_000_000L) {
                    break;
                }
            }
            throw new IllegalStateException("no 'Zeptux ready' from QEMU:\n" + seen);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- user mode: the same static programs on Zeptux and on Linux 6.1, under QEMU TCG ----

    /** One user-mode figure: what is measured, Zeptux's value and Linux's (null: not measured yet). */
    record UserFigure(String name, String zeptux, String linux) {}

    static final Pattern NULL_SYSCALL = Pattern.compile("(?m)^bench: null system call \\(getpid\\): ([0-9.]+) ns/call");
    static final Pattern EXEC_TO_EXIT = Pattern.compile("(?m)^bench: exec-to-exit \\(posix_spawn and waitpid of /bin/nop\\): ([0-9.]+) us");
    static final Pattern FORK_EXIT = Pattern.compile("(?m)^bench: fork\\+exit\\+wait: ([0-9.]+) us");
    static final Pattern FORK_EXEC = Pattern.compile("(?m)^bench: fork\\+exec\\+wait of /bin/nop: ([0-9.]+) us");
    static final Pattern PIPE_PING = Pattern.compile("(?m)^bench: pipe round trip between two processes: ([0-9.]+) us");
    static final Pattern BOOT_PROMPT = Pattern.compile("(?m)^bench: boot to a shell prompt: (\\d+) ms");
    static final Pattern DISK_WRITE = Pattern.compile("(?m)^bench: disk sequential write \\([^)]*\\): ([0-9.]+) MB/s");
    static final Pattern DISK_READ = Pattern.compile("(?m)^bench: disk sequential read \\([^)]*\\): ([0-9.]+) MB/s");
    static final Pattern DISK_CREATE = Pattern.compile("(?m)^bench: disk small files created \\([^)]*\\): ([0-9.]+) files/s");
    static final Pattern DISK_DELETE = Pattern.compile("(?m)^bench: disk small files deleted \\([^)]*\\): ([0-9.]+) files/s");
    /** bench/user/crunch.c's line; linux-bench.sh puts "-smp N: " after "bench: ". */
    static final Pattern CRUNCH = Pattern.compile("(?m)^bench: (?:-smp (\\d+): )?4 processes of 30000000 xorshift steps: (\\d+) ms "
            + "\\(finished on (\\d+) CPUs\\)");
    static final Pattern LINUX_RELEASE = Pattern.compile("(?m)^linux: (\\S+) \\(Debian ([^)]+)\\)$");

    /** Linux's release and Debian version, as scripts/linux-bench.sh reports them. */
    String linux = "Linux";

    /**
     * The null system call (getpid, bench/user/nullsys.c) and exec-to-exit time (bench/user/exectime.c
     * starting bench/user/nop.c) under QEMU TCG: Linux's from scripts/linux-bench.sh, which boots
     * Debian's Linux 6.1 with busybox and these programs (built into build/bench/bin) as its initramfs.
     */
    List<UserFigure> userFigures() throws Exception {
        String out = exec(List.of("scripts/linux-bench.sh"));
        System.out.print(out);
        Matcher release = LINUX_RELEASE.matcher(out);
        if (release.find()) {
            linux = "Linux " + release.group(1);
        }
        String linuxNull = figure(NULL_SYSCALL, out);
        String linuxExec = figure(EXEC_TO_EXIT, out);
        String linuxFork = figure(FORK_EXIT, out);
        String linuxForkExec = figure(FORK_EXEC, out);
        String linuxPipe = figure(PIPE_PING, out);
        String linuxPrompt = figure(BOOT_PROMPT, out);

        // Zeptux: an image whose initramfs holds the very binaries Linux ran (build/bench/bin as /bin);
        // at the monitor, `run /bin/nullsys` prints the same line, and exec-to-exit is `exectime`
        // (Zeptux has no fork yet: the monitor execs nop, waits for its exit and reaps it, 200 times).
        String[] zeptux = zeptuxUserFigures();
        String zeptuxNull = zeptux[0];
        String zeptuxExec = zeptux[1];
        String zeptuxFork = zeptux[2];
        String zeptuxForkExec = zeptux[3];
        String zeptuxPipe = zeptux[4];
        String zeptuxPrompt = Long.toString(bootToPromptMillis(ROOT.resolve("kernel/target/zeptux-system.img"), 5));
        String zeptuxDisk = zeptuxDiskFigures();
        String[] zeptuxCrunch = {zeptuxCrunch(1), zeptuxCrunch(4)};


        return List.of(
                new UserFigure("null system call (getpid): ns per call, median of 7 runs of 200000", zeptuxNull,
                        linuxNull),
                new UserFigure("exec-to-exit of a static program (/bin/nop): us, median of 200", zeptuxExec,
                        linuxExec),
                new UserFigure("fork+exit+wait: us, median of 200", zeptuxFork, linuxFork),
                new UserFigure("fork+exec+wait of /bin/nop: us, median of 200", zeptuxForkExec, linuxForkExec),
                new UserFigure("pipe round trip between two processes (bench/user/pipeping.c): us, median of 7 runs of 10000",
                        zeptuxPipe, linuxPipe),
                new UserFigure("boot to a busybox sh prompt on the serial console: ms from QEMU's start, median of 5 "
                        + "(Zeptux: its init starts sh; Linux: -kernel, an /init that execs sh)", zeptuxPrompt, linuxPrompt),
                new UserFigure("ext2 on the second IDE disk (bench/user/diskbench.c, " + DISK_ARGS + "): sequential write "
                        + "of 32 MiB in 64 KiB writes + fsync, MB/s, median of 3", figure(DISK_WRITE, zeptuxDisk),
                        figure(DISK_WRITE, out)),
                new UserFigure("ext2: sequential read of it after umount, drop_caches and mount, MB/s, median of 3",
                        figure(DISK_READ, zeptuxDisk), figure(DISK_READ, out)),
                new UserFigure("ext2: 2000 files of 1 KiB created in one directory, then sync: files/s, median of 3",
                        figure(DISK_CREATE, zeptuxDisk), figure(DISK_CREATE, out)),
                new UserFigure("ext2: the 2000 files deleted, then sync: files/s, median of 3",
                        figure(DISK_DELETE, zeptuxDisk), figure(DISK_DELETE, out)),
                new UserFigure("crunch 4 (bench/user/crunch.c: 4 CPU-bound processes of 30 million xorshift steps), "
                        + "-smp 1, multi-threaded TCG: ms from the first fork to the last wait, median of 3",
                        zeptuxCrunch[0], crunchMedian(out, 1)),
                new UserFigure("crunch 4, -smp 4 (the host's cores bound the speed-up): ms, median of 3 (CPUs the "
                        + "children finished on)", zeptuxCrunch[1], crunchMedian(out, 4)));
    }

    /** diskbench's arguments on both kernels: the device, the mount point, MiB, files, runs. */
    static final String DISK_ARGS = "32 2000 3";

    /**
     * Zeptux's disk figures: bench/user/diskbench.c (built by scripts/linux-bench.sh) at the
     * monitor, on a copy of the ext2 image Linux had (build/bench/ext2-bench.img, made by
     * mke2fs there) attached as hdb, under the same QEMU (TCG, -M pc, 256 MiB); its output.
     */
    String zeptuxDiskFigures() throws Exception {
        Path root = ROOT.resolve("build/bench/zeptux-disk-root");
        Path bin = root.resolve("bin");
        Files.createDirectories(bin);
        Files.copy(ROOT.resolve("build/bench/bin/diskbench"), bin.resolve("diskbench"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path image = ROOT.resolve("build/bench/zeptux-disk.img");
        exec(List.of("java", "-jar", JAR.toString(), "image", "--boot", "boot", "--linker-script", "linker.ld",
                "--initramfs", root.toString(), "-o", image.toString(), "kernel/target/kernel.o"));
        Path disk = ROOT.resolve("build/bench/zeptux-ext2.img");
        Files.copy(ROOT.resolve("build/bench/ext2-bench.img"), disk, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder("qemu-system-x86_64", "-accel", "tcg", "-M", "pc", "-m", "256M",
                "-drive", "file=" + image + ",format=raw,snapshot=on",
                "-drive", "file=" + disk + ",if=ide,index=1,format=raw", "-serial", "stdio", "-display", "none",
                "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04")
                .redirectErrorStream(true).start();
        try {
            InputStream in = p.getInputStream();
            var cmd = p.getOutputStream();
            untilPrompt(in);
            cmd.write(("run /bin/diskbench /dev/hdb /mnt " + DISK_ARGS + "\r").getBytes(StandardCharsets.US_ASCII));
            cmd.flush();
            StringBuilder seen = new StringBuilder();
            long t0 = System.nanoTime();
            int ch;
            while ((ch = in.read()) >= 0 && System.nanoTime() - t0 < 900_000_000_000L) {
                seen.append((char) ch);
                if (ch == ' ' && seen.toString().endsWith("zeptux> ")) {
                    break;
                }
            }
            String out = seen.toString().replace("\r\n", "\n");
            System.out.print(out);
            if (!out.contains("\ndiskbench: ok")) {
                throw new IllegalStateException("diskbench failed on Zeptux:\n" + out);
            }
            cmd.write("poweroff\r".getBytes(StandardCharsets.US_ASCII));
            cmd.flush();
            return out;
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static final Pattern EXECTIME = Pattern.compile("(?m)^exectime: \\d+ runs, median (\\d+) us");

    /** Zeptux's null system call (ns per call) and exec-to-exit time (us), from one boot. */
    String[] zeptuxUserFigures() throws Exception {
        Path root = ROOT.resolve("build/bench/zeptux-root");
        Path bin = root.resolve("bin");
        Files.createDirectories(bin);
        for (String program : List.of("nullsys", "nop", "forkwait", "pipeping")) {
            Files.copy(ROOT.resolve("build/bench/bin").resolve(program), bin.resolve(program),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path image = ROOT.resolve("build/bench/zeptux-user.img");
        exec(List.of("java", "-jar", JAR.toString(), "image", "--boot", "boot", "--linker-script", "linker.ld",
                "--initramfs", root.toString(), "-o", image.toString(), "kernel/target/kernel.o"));
        String out = monitorSession(image, List.of("run /bin/nullsys 200000 7", "exectime 200 /bin/nop",
                "run /bin/forkwait 200", "run /bin/pipeping 10000 7"));
        System.out.print(out);
        return new String[] {figure(NULL_SYSCALL, out), figure(EXECTIME, out), figure(FORK_EXIT, out),
                figure(FORK_EXEC, out), figure(PIPE_PING, out)};
    }

    /**
     * Zeptux's crunch figure with {@code smp} CPUs: bench/user/crunch.c (built by linux-bench.sh)
     * run three times at the monitor of one boot; the median in ms and the CPUs of that run.
     */
    String zeptuxCrunch(int smp) throws Exception {
        Path root = ROOT.resolve("build/bench/zeptux-crunch-root");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(ROOT.resolve("build/bench/bin/crunch"), root.resolve("bin/crunch"), StandardCopyOption.REPLACE_EXISTING);
        Path image = ROOT.resolve("build/bench/zeptux-crunch.img");
        exec(List.of("java", "-jar", JAR.toString(), "image", "--boot", "boot", "--linker-script", "linker.ld",
                "--initramfs", root.toString(), "-o", image.toString(), "kernel/target/kernel.o"));
        String run = "run /bin/crunch 4 30000000";
        String out = monitorSession(image, smp, List.of(run, run, run));
        System.out.print(out.lines().filter(l -> l.startsWith("bench: ")).map(l -> "zeptux -smp " + smp + ": " + l + "\n")
                .collect(java.util.stream.Collectors.joining()));
        return crunchMedian(out, -1);
    }

    /** The median of the crunch lines in {@code out} (those of {@code smp} CPUs; -1: every one): "ms (on N CPUs)". */
    static String crunchMedian(String out, int smp) {
        List<long[]> runs = new ArrayList<>();
        Matcher m = CRUNCH.matcher(out);
        while (m.find()) {
            if (smp < 0 || m.group(1) != null && Integer.parseInt(m.group(1)) == smp) {
                runs.add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no crunch lines" + (smp < 0 ? "" : " for -smp " + smp) + " in:\n" + out);
        }
        runs.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] median = runs.get(runs.size() / 2);
        return median[0] + " (on " + median[1] + ")";
    }

    static String figure(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no '" + p.pattern() + "' in:\n" + out);
        }
        return m.group(1);
    }

    // ---- results ----

    /** A time cell: the ratio of two medians, and the numerator's spread over its runs. */
    static String timeCell(long[] ns, long[] clang) {
        return String.format(Locale.ROOT, "%.2f (%s)", (double) ns[0] / clang[0], spread(ns));
    }

    /** The spread of timed runs: (slowest - fastest) / median, in percent. */
    static String spread(long[] ns) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * (ns[2] - ns[1]) / ns[0]);
    }

    /**
     * Writes build/bench/results.md and results.csv, and for a run of every kernel
     * readme-table.md (the block --update puts into README.md); prints the tables.
     */
    void write(List<Row> rows, Map<String, String> system, List<UserFigure> user) throws IOException {
        StringBuilder csv = new StringBuilder("kernel,checksum,instructions_clang,instructions_zeptuxc,"
                + "instructions_zeptuxc_nochecks,wall_ns_clang,wall_ns_zeptuxc,wall_ns_zeptuxc_nochecks,"
                + "wall_ns_hotspot_steady,wall_ns_hotspot_first,calls_per_run,"
                + "wall_ns_clang_min,wall_ns_clang_max,wall_ns_zeptuxc_min,wall_ns_zeptuxc_max,"
                + "wall_ns_zeptuxc_nochecks_min,wall_ns_zeptuxc_nochecks_max,hotspot_calls_per_batch,"
                + "wall_ns_hotspot_min,wall_ns_hotspot_max\n");
        StringBuilder md = new StringBuilder();
        md.append("| kernel | clang -O2: instructions | zeptuxc | zeptuxc --no-checks | clang -O2: time | zeptuxc | "
                + "zeptuxc --no-checks | HotSpot |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        double[] logs = new double[5];
        for (Row r : rows) {
            csv.append(String.join(",", r.name, r.checksum, Long.toString(r.insClang), Long.toString(r.insZeptux),
                    Long.toString(r.insNoChecks), Long.toString(r.nsClang[0]), Long.toString(r.nsZeptux[0]),
                    Long.toString(r.nsNoChecks[0]), Long.toString(r.nsHotSpot[0]), Long.toString(r.nsHotSpotCold),
                    Long.toString(r.calls), Long.toString(r.nsClang[1]), Long.toString(r.nsClang[2]),
                    Long.toString(r.nsZeptux[1]), Long.toString(r.nsZeptux[2]), Long.toString(r.nsNoChecks[1]),
                    Long.toString(r.nsNoChecks[2]), Long.toString(r.hotSpotCalls), Long.toString(r.nsHotSpot[1]),
                    Long.toString(r.nsHotSpot[2]))).append('\n');
            double[] ratios = {(double) r.insZeptux / r.insClang, (double) r.insNoChecks / r.insClang,
                (double) r.nsZeptux[0] / r.nsClang[0], (double) r.nsNoChecks[0] / r.nsClang[0],
                (double) r.nsHotSpot[0] / r.nsClang[0]};
            for (int i = 0; i < 5; i++) {
                logs[i] += Math.log(ratios[i]);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f M | %.2f | %.2f | %.2f ms (%s) | %s | %s | %s |%n",
                    r.name, r.insClang / 1e6, ratios[0], ratios[1], r.nsClang[0] / 1e6, spread(r.nsClang),
                    timeCell(r.nsZeptux, r.nsClang), timeCell(r.nsNoChecks, r.nsClang), timeCell(r.nsHotSpot, r.nsClang)));
        }
        int n = rows.size();
        md.append(String.format(Locale.ROOT, "| **geometric mean** | | **%.2f** | **%.2f** | | **%.2f** | **%.2f** | **%.2f** |%n",
                Math.exp(logs[0] / n), Math.exp(logs[1] / n), Math.exp(logs[2] / n), Math.exp(logs[3] / n),
                Math.exp(logs[4] / n)));
        csv.append(String.format(Locale.ROOT, "geometric mean of the ratios to clang,,1,%.4f,%.4f,1,%.4f,%.4f,%.4f,%n",
                Math.exp(logs[0] / n), Math.exp(logs[1] / n), Math.exp(logs[2] / n), Math.exp(logs[3] / n),
                Math.exp(logs[4] / n)));
        StringBuilder sys = new StringBuilder("| figure | value |\n|---|---|\n");
        for (Map.Entry<String, String> e : system.entrySet()) {
            sys.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
            csv.append("# ").append(e.getKey().replace(',', ';')).append(",").append(e.getValue().replace(',', ';'))
                    .append('\n');
        }
        for (UserFigure f : user) {
            csv.append("# user: ").append(f.name().replace(',', ';')).append(",zeptux,")
                    .append(f.zeptux() == null ? "" : f.zeptux()).append(",").append(linux).append(",")
                    .append(f.linux()).append('\n');
        }
        String env = environment();
        String table = md + "\n" + sys + "\n" + userTable(user);
        String page = "# Benchmark results\n\n"
                + "Written by `make bench` (scripts/bench.sh → bench/Bench.java) on " + LocalDate.now() + "; "
                + env + (only == null ? "" : "; only " + String.join(", ", only)) + ".\n\n"
                + "Ratios are to clang -O2 (lower is better; 1.00 = as fast as C). Instructions: retired "
                + "instructions of the whole process calling `run()` once, under callgrind (deterministic). "
                + "Time: a `run()` call's wall time, from runs of the whole process of at least "
                + MIN_RUN_NS / 1_000_000 + " ms each (the executables call `run()` as many times as that takes, "
                + "the same number for the three; start-up included), the median of " + runs + " runs, the three "
                + "interleaved; in parentheses the spread of those runs, (slowest - fastest) / median. HotSpot: "
                + "`run()` after warm-up (JIT-compiled), timed inside the JVM in batches of calls of at least "
                + MIN_RUN_NS / 1_000_000 + " ms, the median of " + runs + " batches (no start-up, no JIT time). "
                + "Every variant printed the same checksum, with one call and with many. User mode: the same "
                + "musl-static binaries (bench/user) under the same QEMU (TCG, -M pc); Linux's exec-to-exit is "
                + "posix_spawn and waitpid from a parent, Zeptux's the monitor's run. Disk: bench/user/diskbench.c on a "
                + "copy of one ext2 image (mke2fs -t ext2 -b 4096, 128 MiB) as the second IDE disk of each (docs/ext2.md).\n\n"
                + table;
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve("results.md"), page);
        Files.writeString(RESULTS.resolve("results.csv"), csv.toString());
        Path readmeTable = RESULTS.resolve("readme-table.md");
        Files.deleteIfExists(readmeTable);
        System.out.println();
        System.out.println(table);
        System.out.println("wrote build/bench/results.md and build/bench/results.csv");
        if (only == null) {
            Files.writeString(readmeTable, "_" + LocalDate.now() + ", " + env + "_\n\n" + table);
            System.out.println("make bench-update copies them into bench/ and the table into README.md");
        }
    }

    /**
     * Copies build/bench/results.md and results.csv into bench/ and readme-table.md into README.md
     * between the bench markers; refuses results of a partial run (--only), which have no table.
     */
    static void update() throws IOException {
        Path readmeTable = RESULTS.resolve("readme-table.md");
        for (Path p : List.of(RESULTS.resolve("results.md"), RESULTS.resolve("results.csv"), readmeTable)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(ROOT.relativize(p) + " is missing: run make bench (every kernel) first");
            }
        }
        Path readmePath = ROOT.resolve("README.md");
        String text = Files.readString(readmePath);
        String begin = "<!-- bench:begin -->";
        String end = "<!-- bench:end -->";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalStateException("README.md has no " + begin + " ... " + end + " block");
        }
        Files.copy(RESULTS.resolve("results.md"), ROOT.resolve("bench/results.md"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(RESULTS.resolve("results.csv"), ROOT.resolve("bench/results.csv"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(readmePath, text.substring(0, b + begin.length()) + "\n" + Files.readString(readmeTable)
                + text.substring(e));
        System.out.println("updated bench/results.md, bench/results.csv and the table in README.md");
    }

    String userTable(List<UserFigure> user) {
        StringBuilder t = new StringBuilder("| user mode, the same static programs under QEMU TCG | Zeptux | " + linux
                + " |\n|---|--:|--:|\n");
        for (UserFigure f : user) {
            t.append("| ").append(f.name()).append(" | ").append(f.zeptux() == null ? "not yet" : f.zeptux())
                    .append(" | ").append(f.linux()).append(" |\n");
        }
        return t.toString();
    }

    static String environment() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        String clang = "clang";
        try {
            clang = exec(List.of(CLANG, "--version")).lines().findFirst().orElse(clang).strip();
        } catch (Exception ignored) {
            // reported when it is used
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + clang + ", Java "
                + Runtime.version().feature();
    }

    // ---- processes ----

    /** Runs {@code cmd} in the repository root; returns stdout and stderr; throws if it fails. */
    static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + status + "):\n" + out);
        }
        return out;
    }

    static long timed(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        exec(cmd);
        return System.nanoTime() - t0;
    }

    static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
