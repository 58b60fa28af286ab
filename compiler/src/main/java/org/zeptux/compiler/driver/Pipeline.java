package org.zeptux.compiler.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.dialect.Sources;
import org.zeptux.compiler.image.DiskImage;
import org.zeptux.compiler.image.ImageException;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.llvm.LlvmWriter;
import org.zeptux.compiler.llvm.Partition;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.load.ClassPath;
import org.zeptux.compiler.load.LoadException;
import org.zeptux.compiler.lower.JdkMethods;
import org.zeptux.compiler.lower.Options;
import org.zeptux.compiler.lower.Program;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * zeptuxc's stages, in order.
 *
 * <pre>
 *   load      class files            → ASM trees          (ClassPath)
 *   check     dialect rules           → diagnostics        (Rules, in Program.lower)
 *   lower     bytecode + build-time init → IR module       (Program, MethodLowering and its layers, ImageHeap)
 *   emit      IR                      → LLVM IR text       (LlvmWriter)
 *   optimise  .ll                     → optimised bitcode  (opt -O2)
 *   codegen   bitcode                 → ELF object         (llc -O2, target flags)
 *   assemble  boot/*.asm              → flat stages, ELF objects (nasm)
 *   link      objects + linker.ld     → kernel ELF         (ld.lld)
 *   frames    ELF (DWARF, calls)      → frame table, linked last; link again (FrameTable)
 *   flatten   kernel ELF              → flat binary        (llvm-objcopy -O binary)
 *   image     stages + flat kernel    → raw disk image     (DiskImage)
 * </pre>
 */
public final class Pipeline {
    private final Toolchain tools;
    /** The initramfs directory for {@link #image}, or null. */
    private Path initramfs;
    /** The kernel command line for {@link #image}. */
    private String cmdline = "";
    private boolean checks = true;

    /** {@link #image} packs {@code dir} (or nothing, if null) as the initramfs and stores {@code commandLine}. */
    public Pipeline initramfs(Path dir, String commandLine) {
        this.initramfs = dir;
        this.cmdline = commandLine == null ? "" : commandLine;
        return this;
    }

    public Pipeline(Toolchain tools) {
        this.tools = tools;
    }

    /**
     * Whether hosted builds keep the implicit null and bounds checks (the default); false is
     * {@code --no-checks}, for measuring what the checks cost. Returns this.
     */
    public Pipeline checks(boolean on) {
        this.checks = on;
        return this;
    }

    /** Front end: reads, checks and lowers the classes, and returns the module's LLVM text. */
    public static String emitLlvm(List<Path> classPath, Target target, String moduleName)
            throws LoadException, CompileException {
        return emitLlvm(classPath, target, moduleName, Options.DEFAULT);
    }

    /**
     * As above, as {@code options} say; for a test kernel ({@link Options#ktests}) static
     * initialisers see the system property {@code zeptux.ktest=true}.
     */
    public static String emitLlvm(List<Path> classPath, Target target, String moduleName, Options options)
            throws LoadException, CompileException {
        Module module = lower(classPath, moduleName, options);
        long t = Timings.begin();
        String text = LlvmWriter.write(module, target);
        Timings.end("emit LLVM text", t);
        return text;
    }

    /** The front end without the LLVM text: reads, checks and lowers the classes into a module. */
    public static Module lower(List<Path> classPath, String moduleName, Options options)
            throws LoadException, CompileException {
        boolean ktests = options.ktests();
        long t = Timings.begin();
        ClassPath cp = JdkMethods.withSupport(ClassPath.read(classPath));
        t = Timings.end("load (ASM)", t);
        Diagnostics diag = new Diagnostics();
        diag.setSources(Sources.near(classPath));
        String previous = System.getProperty("zeptux.ktest");
        Module module;
        try {
            System.setProperty("zeptux.ktest", Boolean.toString(ktests));
            module = Program.lower(cp, diag, moduleName, options);
        } finally {
            if (previous == null) {
                System.clearProperty("zeptux.ktest");
            } else {
                System.setProperty("zeptux.ktest", previous);
            }
        }
        if (diag.hasErrors()) {
            throw new CompileException(diag.errors());
        }
        return module;
    }

    /**
     * The kernel's back end in parts (Partition): cuts {@code module} into {@code n} parts along its
     * call graph, with internal copies of the called functions of at most {@code copyLimit}
     * instructions; each part's LLVM text is written, optimised ({@code opt -O2}) and compiled
     * ({@code llc}) on a CPU of its own (the largest part, the last out of opt, cut in two by
     * {@code llvm-split} for two llc), its optimised IR read for the stack proof's call graph
     * beside llc; {@code ld.lld -r} joins the objects into {@code obj}, which gets the merged call
     * graph. {@code ll} (when not null) gets the whole module's text, written beside the parts.
     */
    public void compileParts(Module module, Target target, Path ll, Path obj, int n, int copyLimit)
            throws ToolException, IOException {
        long t = Timings.begin();
        Partition cut = Partition.cut(module, n, copyLimit);
        t = Timings.end("cut into " + n + " parts", t);
        if (Timings.enabled()) {
            System.err.print(cut.summary());
        }
        createParent(obj);
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            List<Runnable> jobs = new ArrayList<>();
            StackDepth.Parsed[] graphs = new StackDepth.Parsed[n];
            List<Path> objects = new ArrayList<>();
            List<String> llc = new ArrayList<>(List.of("-O2", "-filetype=obj", "-mtriple=" + target.triple));
            llc.addAll(List.of(target.llcFlags()));
            llc.add("-stack-size-section");
            int largest = cut.largest();
            for (int i = 0; i < n; i++) {
                int k = i;
                Path text = work.resolve("part" + k + ".ll");
                Path bc = work.resolve("part" + k + ".bc");
                Path optimised = work.resolve("part" + k + ".opt.ll");
                // The largest part is the last to leave opt, when the others' llc is done or nearly:
                // llvm-split cuts its optimised module in two (after inlining, so the code is what
                // one llc would make) for two llc side by side.
                int pieces = k == largest && n > 1 ? CODEGEN_PARTS : 1;
                List<Runnable> codegen = new ArrayList<>();
                for (int j = 0; j < pieces; j++) {
                    Path in = pieces == 1 ? bc : work.resolve("part" + k + ".split" + j);
                    Path o = work.resolve("part" + k + "." + j + ".o");
                    objects.add(o);
                    List<String> llcArgs = new ArrayList<>(llc);
                    llcArgs.addAll(List.of(in.toString(), "-o", o.toString()));
                    String piece = pieces == 1 ? "part " + k : "part " + k + "." + j;
                    codegen.add(() -> {
                        long t0 = Timings.begin();
                        runTool(Tool.LLC, llcArgs);
                        Timings.end(piece + ": llc", t0);
                    });
                }
                codegen.add(() -> unchecked(() -> {
                    long t0 = Timings.begin();
                    tools.run(Tool.DIS, List.of(bc.toString(), "-o", optimised.toString()));
                    graphs[k] = StackDepth.parse(Files.readString(optimised, StandardCharsets.UTF_8));
                    Timings.end("part " + k + ": llvm-dis, call graph", t0);
                    return null;
                }));
                jobs.add(() -> {
                    unchecked(() -> {
                        long t0 = Timings.begin();
                        Files.writeString(text, LlvmWriter.write(cut, k, target), StandardCharsets.UTF_8);
                        t0 = Timings.end("part " + k + ": write .ll", t0);
                        tools.run(Tool.OPT, List.of("-O2", "-mtriple=" + target.triple, text.toString(), "-o",
                                bc.toString()));
                        t0 = Timings.end("part " + k + ": opt -O2", t0);
                        if (pieces > 1) {
                            tools.run(Tool.SPLIT, List.of("-j", Integer.toString(pieces), "-o",
                                    work.resolve("part" + k + ".split").toString(), bc.toString()));
                            Timings.end("part " + k + ": llvm-split", t0);
                        }
                        parallel(codegen);
                        return null;
                    });
                });
            }
            if (ll != null) {
                jobs.add(() -> unchecked(() -> {
                    createParent(ll);
                    Files.writeString(ll, LlvmWriter.write(module, target), StandardCharsets.UTF_8);
                    return null;
                }));
            }
            parallel(jobs);
            t = Timings.end("write, opt -O2, llc (" + n + " parts side by side)", t);
            List<String> join = new ArrayList<>(List.of("-r", "--build-id=none", "-o", obj.toString()));
            objects.forEach(o -> join.add(o.toString()));
            tools.run(Tool.LLD, join);
            String sizes = tools.output(Tool.READELF, List.of("--stack-sizes", obj.toString()));
            StringBuilder graph = new StringBuilder();
            for (StackDepth.Parsed g : graphs) {
                graph.append(g.graph(sizes));
            }
            Path graphFile = work.resolve("stack.txt");
            Files.writeString(graphFile, graph.toString(), StandardCharsets.UTF_8);
            tools.run(Tool.OBJCOPY, List.of("--remove-section", ".stack_sizes", "--add-section",
                    StackDepth.SECTION + "=" + graphFile, obj.toString()));
            Timings.end("ld.lld -r, stack graph", t);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Builds a static Linux executable (hosted target) from the classes on {@code classPath}
     * that runs {@code mainClass.main}; writes the LLVM text to {@code ll} too when not null.
     */
    public void buildHosted(List<Path> classPath, String mainClass, Path executable, Path ll)
            throws LoadException, CompileException, ToolException, IOException {
        buildHosted(classPath, mainClass, executable, ll, List.of());
    }

    /** As above, also linking {@code objects} (e.g. assembly implementing native methods). */
    public void buildHosted(List<Path> classPath, String mainClass, Path executable, Path ll, List<Path> objects)
            throws LoadException, CompileException, ToolException, IOException {
        for (Path o : objects) {
            requireFile(o);
        }
        ClassPath cp = JdkMethods.withSupport(ClassPath.read(classPath, Hosted.runtimeClasses()));
        Diagnostics diag = new Diagnostics();
        diag.setSources(Sources.near(classPath));
        Module module = Program.lower(cp, diag, executable.getFileName().toString(), Options.DEFAULT.withChecks(checks));
        if (!diag.hasErrors()) {
            Hosted.addEntry(module, cp, mainClass, diag);
        }
        if (diag.hasErrors()) {
            throw new CompileException(diag.errors());
        }
        String llvm = LlvmWriter.write(module, Target.HOSTED);
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            Path obj = work.resolve("program.o");
            compile(llvm, Target.HOSTED, ll, obj);
            createParent(executable);
            List<String> link = new ArrayList<>(List.of("-static", "-nostdlib", "--no-dynamic-linker",
                    "--build-id=none", "-e", "_start", "-o", executable.toString(), obj.toString()));
            for (Path o : objects) {
                link.add(o.toString());
            }
            tools.run(Tool.LLD, link);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Builds a kernel module: the classes under {@code moduleRoots} (one of them annotated
     * {@code @Module}) compiled against the kernel's classes under {@code kernelRoots}, into the
     * module file {@code out} (ModuleFile); the LLVM text also to {@code ll} when not null. The
     * module is held to the safe rules (no raw API, no native methods).
     */
    public void module(List<Path> kernelRoots, List<Path> moduleRoots, Path out, Path ll)
            throws LoadException, CompileException, ToolException, IOException, ImageException {
        module(kernelRoots, moduleRoots, out, ll, false);
    }

    /**
     * As above; {@code unsafe} ({@code zeptuxc module --unsafe}) lets all of the module's classes
     * use the raw API, and the manifest says so ({@code unsafe=1}).
     */
    public void module(List<Path> kernelRoots, List<Path> moduleRoots, Path out, Path ll, boolean unsafe)
            throws LoadException, CompileException, ToolException, IOException, ImageException {
        java.util.Set<String> only = new java.util.TreeSet<>(ClassPath.read(moduleRoots).classes().keySet());
        List<Path> all = new ArrayList<>(moduleRoots);
        all.addAll(kernelRoots);
        ClassPath cp = JdkMethods.withSupport(ClassPath.read(all));
        for (String c : cp.classes().keySet()) {
            if (c.startsWith("org/zeptux/rt/jdk/")) {
                only.add(c);                            // the module's own copy of the JDK methods it calls
            }
        }
        org.objectweb.asm.tree.ClassNode main = null;
        for (String name : only) {
            var c = cp.get(name);
            if (c.invisibleAnnotations != null && c.invisibleAnnotations.stream()
                    .anyMatch(a -> a.desc.equals("Lorg/zeptux/rt/Module;"))) {
                if (main != null) {
                    throw new ImageException("two classes declare a module: " + main.name.replace('/', '.') + " and "
                            + name.replace('/', '.') + " (one @Module class per module)");
                }
                main = c;
            }
        }
        if (main == null) {
            throw new ImageException("no class under " + moduleRoots + " is annotated @Module(name = ..., version = ...)");
        }
        var annotation = main.invisibleAnnotations.stream().filter(a -> a.desc.equals("Lorg/zeptux/rt/Module;"))
                .findFirst().orElseThrow();
        String name = null;
        String version = null;
        List<String> depends = new ArrayList<>();
        for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
            Object v = annotation.values.get(i + 1);
            switch ((String) annotation.values.get(i)) {
                case "name" -> name = (String) v;
                case "version" -> version = (String) v;
                case "depends" -> ((List<?>) v).forEach(d -> depends.add((String) d));
                default -> { }
            }
        }
        if (!org.zeptux.compiler.image.ModuleFile.validName(name)) {
            throw new ImageException("module name '" + name + "' must be 1 to 31 of a-z, 0-9, '-' and '_'");
        }
        boolean hasInit = false;
        boolean hasExit = false;
        for (var m : main.methods) {
            hasInit |= Program.isModuleEntry(main, m) && m.name.equals("init");
            hasExit |= Program.isModuleEntry(main, m) && m.name.equals("exit");
        }
        if (!hasInit || !hasExit) {
            throw new ImageException(main.name.replace('/', '.') + " needs 'static int init()' (0: success) and "
                    + "'static void exit()'");
        }
        var api = cp.get("org/zeptux/kernel/module/Api");
        Integer apiVersion = null;
        if (api != null) {
            for (var f : api.fields) {
                if (f.name.equals("VERSION") && f.value instanceof Integer v) {
                    apiVersion = v;
                }
            }
        }
        if (apiVersion == null) {
            throw new ImageException("the kernel classes " + kernelRoots + " have no org.zeptux.kernel.module.Api.VERSION");
        }
        Diagnostics diag = new Diagnostics();
        diag.setSources(Sources.near(all));
        Module module = Program.lower(cp, diag, name, Options.DEFAULT.module(only, unsafe));
        if (diag.hasErrors()) {
            throw new CompileException(diag.errors());
        }
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            Path obj = work.resolve(name + ".o");
            compile(LlvmWriter.write(module, Target.KERNEL), Target.KERNEL, ll, obj, false);
            List<String> uses = new ArrayList<>(module.declarations().keySet());
            uses.removeIf(u -> u.startsWith("llvm."));
            uses.addAll(module.externalGlobals());
            java.util.Collections.sort(uses);
            var file = new org.zeptux.compiler.image.ModuleFile(name, version, apiVersion,
                    Program.moduleEntrySymbol(name, "init"), Program.moduleEntrySymbol(name, "exit"), depends,
                    uses, unsafe, Files.readAllBytes(obj));
            write(out, file.bytes());
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Writes LLVM text to {@code ll} (when not null) and compiles it to the object {@code obj} (when not null);
     * a kernel object carries its call graph and frame sizes for the stack-depth proof (StackDepth).
     */
    public void compile(String llvm, Target target, Path ll, Path obj) throws ToolException, IOException {
        compile(llvm, target, ll, obj, target == Target.KERNEL);
    }

    /** As above; {@code stack}: with the call graph and frame sizes (not for modules, which the proof leaves out). */
    private void compile(String llvm, Target target, Path ll, Path obj, boolean stack) throws ToolException, IOException {
        if (ll != null) {
            createParent(ll);
            Files.writeString(ll, llvm, StandardCharsets.UTF_8);
        }
        if (obj == null) {
            return;
        }
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            long t = Timings.begin();
            Path in = ll;                           // opt reads the .ll asked for, else a temporary one
            if (in == null) {
                in = work.resolve("module.ll");
                Files.writeString(in, llvm, StandardCharsets.UTF_8);
            }
            t = Timings.end("write .ll", t);
            Path bc = work.resolve("module.bc");
            tools.run(Tool.OPT, List.of("-O2", "-mtriple=" + target.triple, in.toString(), "-o", bc.toString()));
            t = Timings.end("opt -O2", t);
            List<String> llc = new ArrayList<>(List.of("-O2", "-filetype=obj", "-mtriple=" + target.triple));
            llc.addAll(List.of(target.llcFlags()));
            if (stack) {
                llc.add("-stack-size-section");
            }
            createParent(obj);
            List<Runnable> jobs = new ArrayList<>();
            List<Path> parts = new ArrayList<>();
            Path optimised = work.resolve("module.opt.ll");
            StackDepth.Parsed[] callGraph = new StackDepth.Parsed[1];
            if (stack) {
                // The kernel: llvm-split cuts the optimised module in two (after inlining, so the
                // code is what one llc would make) while llvm-dis writes its text for the stack
                // proof; then llc compiles the halves on the two CPUs while zeptuxc reads that text
                // (the call graph), and ld.lld -r joins the halves.
                parallel(List.of(
                        () -> runTool(Tool.SPLIT, List.of("-j", Integer.toString(CODEGEN_PARTS), "-o",
                                work.resolve("part").toString(), bc.toString())),
                        () -> runTool(Tool.DIS, List.of(bc.toString(), "-o", optimised.toString()))));
                t = Timings.end("llvm-split, llvm-dis beside", t);
                for (int i = 0; i < CODEGEN_PARTS; i++) {
                    Path part = work.resolve("part" + i);
                    Path o = work.resolve("part" + i + ".o");
                    parts.add(o);
                    List<String> args = new ArrayList<>(llc);
                    args.addAll(List.of(part.toString(), "-o", o.toString()));
                    jobs.add(() -> runTool(Tool.LLC, args));
                }
                jobs.add(() -> {
                    try {
                        callGraph[0] = StackDepth.parse(Files.readString(optimised, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } else {
                List<String> args = new ArrayList<>(llc);
                args.addAll(List.of(bc.toString(), "-o", obj.toString()));
                jobs.add(() -> runTool(Tool.LLC, args));
            }
            parallel(jobs);
            if (stack) {
                List<String> join = new ArrayList<>(List.of("-r", "--build-id=none", "-o", obj.toString()));
                parts.forEach(o -> join.add(o.toString()));
                tools.run(Tool.LLD, join);
            }
            t = Timings.end(stack ? "llc -O2 (2 parts, the call graph read beside)" : "llc -O2", t);
            if (stack) {
                // Frame sizes and the call graph go into the object, for zeptuxc image to prove the bounds.
                String sizes = tools.output(Tool.READELF, List.of("--stack-sizes", obj.toString()));
                Path graph = work.resolve("stack.txt");
                Files.writeString(graph, callGraph[0].graph(sizes), StandardCharsets.UTF_8);
                tools.run(Tool.OBJCOPY, List.of("--remove-section", ".stack_sizes", "--add-section",
                        StackDepth.SECTION + "=" + graph, obj.toString()));
                Timings.end("stack graph", t);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** How many parts llc compiles the kernel in, side by side (the build machine has two CPUs). */
    static final int CODEGEN_PARTS = 2;

    private void runTool(Tool tool, List<String> args) {
        try {
            tools.run(tool, args);
        } catch (ToolException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** What runs a tool and returns a result, for {@link #unchecked}. */
    interface ToolCall<T> {
        T call() throws ToolException, IOException;
    }

    /** {@code call}'s result, for a job of {@link #parallel}: a tool's error travels to parallel's caller. */
    static <T> T unchecked(ToolCall<T> call) {
        try {
            return call.call();
        } catch (ToolException e) {
            throw new java.util.concurrent.CompletionException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code jobs} side by side and waits for all; a failed tool's error is thrown. */
    static void parallel(List<Runnable> jobs) throws ToolException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Runnable job : jobs.subList(1, jobs.size())) {
            Thread th = new Thread(() -> {
                try {
                    job.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        try {
            jobs.get(0).run();
        } catch (Throwable e) {
            failures.add(e);
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("interrupted waiting for " + jobs.size() + " tools");
            }
        }
        if (!failures.isEmpty()) {
            Throwable f = failures.get(0);
            if (f instanceof java.util.concurrent.CompletionException c && c.getCause() instanceof ToolException te) {
                throw te;
            }
            throw f instanceof RuntimeException r ? r : new IllegalStateException(f);
        }
    }

    /**
     * Assembles {@code bootDir} (mbr.asm and stage2.asm as flat binaries, every other .asm as
     * ELF objects linked into the kernel), links them with {@code objects} by {@code linkerScript}
     * into {@code image}'s sibling {@code .elf}, and writes the raw disk image. {@code padKib}
     * links that many KiB of padding before the kernel's code (to test large images).
     */
    public void image(Path bootDir, Path linkerScript, List<Path> objects, Path image, int padKib)
            throws ToolException, ImageException, IOException {
        image(bootDir, linkerScript, objects, image, padKib, List.of());
    }

    /**
     * As above, with kernel modules ({@code .zm} files) linked in: their objects join the link
     * and a module table (name, version, API version, init, exit; in dependency order) tells the
     * kernel which inits to run at boot.
     */
    public void image(Path bootDir, Path linkerScript, List<Path> objects, Path image, int padKib, List<Path> moduleFiles)
            throws ToolException, ImageException, IOException {
        image(bootDir, linkerScript, objects, image, padKib, moduleFiles, List.of());
    }

    /**
     * As above; the {@code packed} module files go into the disk image's module archive, for
     * the kernel to load at run time (insmod), after their format and names are checked.
     */
    public void image(Path bootDir, Path linkerScript, List<Path> objects, Path image, int padKib, List<Path> moduleFiles,
            List<Path> packed) throws ToolException, ImageException, IOException {
        image(bootDir, linkerScript, objects, image, padKib, moduleFiles, packed, List.of());
    }

    /**
     * As above, and the {@code unchecked} files go into the archive after the packed ones as
     * they are, unread: malformed modules for testing the kernel's loader (make fuzz-kernel).
     */
    public void image(Path bootDir, Path linkerScript, List<Path> objects, Path image, int padKib, List<Path> moduleFiles,
            List<Path> packed, List<Path> unchecked) throws ToolException, ImageException, IOException {
        List<byte[]> archive = new ArrayList<>();
        java.util.Set<String> packedNames = new java.util.HashSet<>();
        for (Path m : packed) {
            requireFile(m);
            byte[] bytes = Files.readAllBytes(m);
            var file = org.zeptux.compiler.image.ModuleFile.read(bytes, m.toString());
            if (!packedNames.add(file.name())) {
                throw new ImageException("module " + file.name() + " is packed twice");
            }
            archive.add(bytes);
        }
        for (Path m : unchecked) {
            requireFile(m);
            archive.add(Files.readAllBytes(m));
        }
        List<org.zeptux.compiler.image.ModuleFile> modules = new ArrayList<>();
        for (Path m : moduleFiles) {
            requireFile(m);
            modules.add(org.zeptux.compiler.image.ModuleFile.read(Files.readAllBytes(m), m.toString()));
        }
        modules = ModuleTable.order(modules);
        requireFile(bootDir.resolve("mbr.asm"));
        requireFile(bootDir.resolve("stage2.asm"));
        requireFile(linkerScript);
        for (Path o : objects) {
            requireFile(o);
        }
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            long t = Timings.begin();
            Path mbr = work.resolve("mbr.bin");
            Path stage2 = work.resolve("stage2.bin");
            nasm("bin", bootDir.resolve("mbr.asm"), mbr);
            nasm("bin", bootDir.resolve("stage2.asm"), stage2);
            List<String> link = new ArrayList<>(List.of("-T", linkerScript.toString(), "-nostdlib", "-static",
                    "--no-dynamic-linker", "-z", "max-page-size=4096", "--build-id=none"));
            for (Path asm : kernelAssembly(bootDir)) {
                Path o = work.resolve(asm.getFileName().toString().replaceFirst("\\.asm$", ".o"));
                nasm("elf64", asm, o);
                link.add(o.toString());
            }
            if (padKib > 0) {
                Path pad = work.resolve("pad.asm");
                Files.writeString(pad, "; " + padKib + " KiB of padding placed before the kernel's code\n"
                        + "section .zeptux.pad progbits alloc noexec nowrite align=16\n"
                        + "times " + padKib + " * 1024 db 0x5A\n");
                Path o = work.resolve("pad.o");
                nasmMade(work, pad, o);
                link.add(o.toString());
            }
            for (Path o : objects) {
                link.add(o.toString());
            }
            for (var m : modules) {
                Path o = work.resolve("module-" + m.name() + ".o");
                Files.write(o, m.object());
                link.add(o.toString());
            }
            Path table = work.resolve("modules.asm");
            Files.writeString(table, ModuleTable.assembly(modules));
            Path tableObj = work.resolve("modules.o");
            nasmMade(work, table, tableObj);
            link.add(tableObj.toString());
            Path elf = sibling(image, ".elf");
            createParent(elf);
            link.addAll(List.of("-o", elf.toString()));
            // Two links: the frame table (linked last, after all code) describes the first.
            Path frames = work.resolve("frames.asm");
            Path framesObj = work.resolve("frames.o");
            Files.writeString(frames, FrameTable.empty(work.resolve("frames.bin")));
            nasmMade(work, frames, framesObj);
            link.add(framesObj.toString());
            t = Timings.end("nasm", t);
            tools.run(Tool.LLD, link);
            t = Timings.end("link", t);
            String[] layout = new String[1];
            Path tableBin = work.resolve("frames.bin");
            // The same first link as an image made before (the kernel and the system image): its table.
            FrameCache cache = FrameCache.of(objects.isEmpty() ? image : objects.get(0), elf);
            byte[] cached = cache.find();
            if (cached != null) {
                layout[0] = FrameTable.layout(tools, elf);
                Files.write(tableBin, cached);
                Files.writeString(frames, FrameTable.include(tableBin));
                t = Timings.end("frames: from zeptuxc-cache", t);
            } else {
                FrameTable.Code[] code = new FrameTable.Code[1];
                parallel(List.of(() -> layout[0] = unchecked(() -> FrameTable.layout(tools, elf)),
                        () -> code[0] = unchecked(() -> FrameTable.code(tools, elf))));
                t = Timings.end("frames: objdump (nm beside)", t);
                Files.writeString(frames, FrameTable.build(tools, elf, code[0], work, tableBin));
                cache.put(Files.readAllBytes(tableBin));
                t = Timings.end("frames: symbolizer", t);
            }
            nasmMade(work, frames, framesObj);
            t = Timings.end("frames: nasm", t);
            tools.run(Tool.LLD, link);
            t = Timings.end("link again", t);
            if (!FrameTable.layout(tools, elf).equals(layout[0])) {
                throw new ToolException("the frame table moved the kernel's code (is it linked after all code?)");
            }
            t = Timings.end("frames: check", t);
            proveStackDepth(objects, work, image);
            t = Timings.end("stack-depth proof", t);
            Path flat = work.resolve("kernel.bin");
            tools.run(Tool.OBJCOPY, List.of("-O", "binary", elf.toString(), flat.toString()));
            byte[] disk = DiskImage.build(Files.readAllBytes(mbr), Files.readAllBytes(stage2),
                    Files.readAllBytes(flat), org.zeptux.compiler.image.ModuleArchive.pack(archive),
                    initramfs == null ? new byte[0] : org.zeptux.compiler.image.Initramfs.pack(initramfs), cmdline);
            write(image, disk);
            Timings.end("flatten, disk image", t);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The stack-depth proof over the kernel objects' call graphs (StackDepth; modules are left out): writes the report
     * beside the image ({@code stack-report.txt} for {@code zeptux.img}, else {@code NAME.stack-report.txt})
     * and fails with every error when a bound exceeds its stack or a recursion is reachable.
     */
    private void proveStackDepth(List<Path> objects, Path work, Path image) throws ToolException, IOException {
        List<String> sections = new ArrayList<>();
        for (Path o : objects) {
            Path out = work.resolve("stack-" + sections.size() + ".txt");
            try {
                tools.run(Tool.OBJCOPY, List.of("--dump-section", StackDepth.SECTION + "=" + out, o.toString(),
                        work.resolve("discard.o").toString()));
            } catch (ToolException e) {
                continue;                               // an object without a call graph (not compiled by zeptuxc)
            }
            sections.add(Files.readString(out, StandardCharsets.UTF_8));
        }
        if (sections.isEmpty()) {
            return;
        }
        StackDepth.Proof proof = StackDepth.prove(sections);
        String name = image.getFileName().toString();
        Path report = image.resolveSibling(name.equals("zeptux.img") ? "stack-report.txt"
                : sibling(image, ".stack-report.txt").getFileName().toString());
        write(report, proof.report().getBytes(StandardCharsets.UTF_8));
        if (!proof.errors().isEmpty()) {
            throw new ToolException("the stack-depth proof failed:\n" + String.join("\n", proof.errors())
                    + "\n" + proof.errors().size() + (proof.errors().size() == 1 ? " error" : " errors"));
        }
    }

    /**
     * Assembles {@code source}, a file this build made in {@code work}, into {@code out} there: run in
     * {@code work} under its own name, so the ELF's FILE symbol says "frames.asm", not a temporary
     * path that differs at every build (zeptux.elf stays byte-identical).
     */
    private void nasmMade(Path work, Path source, Path out) throws ToolException {
        tools.runIn(work, Tool.NASM, List.of("-f", "elf64", "-w+all", "-o", work.relativize(out).toString(),
                work.relativize(source).toString()));
    }

    private void nasm(String format, Path source, Path out) throws ToolException {
        tools.run(Tool.NASM, List.of("-f", format, "-w+all", "-o", out.toString(), source.toString()));
    }

    /** boot/*.asm other than the two stages, sorted by name so the link order is stable. */
    private static List<Path> kernelAssembly(Path bootDir) throws IOException {
        try (Stream<Path> s = Files.list(bootDir)) {
            return s.filter(p -> p.toString().endsWith(".asm"))
                    .filter(p -> !p.getFileName().toString().equals("mbr.asm")
                            && !p.getFileName().toString().equals("stage2.asm"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    /** {@code file} with its extension replaced by {@code ext}. */
    public static Path sibling(Path file, String ext) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
    }

    private static void requireFile(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": no such file");
        }
    }

    private static void createParent(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void write(Path p, byte[] bytes) throws IOException {
        createParent(p);
        Files.write(p, bytes);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is not worth failing the build for.
        }
    }
}
