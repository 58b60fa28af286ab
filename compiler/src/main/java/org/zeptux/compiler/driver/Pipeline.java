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
import org.zeptux.compiler.image.DiskImage;
import org.zeptux.compiler.image.ImageException;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.llvm.LlvmWriter;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.load.ClassPath;
import org.zeptux.compiler.load.LoadException;
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
 *   lower     bytecode + build-time init → IR module       (Program, MethodLowering, ImageHeap)
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
    private boolean checks = true;

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
        return emitLlvm(classPath, target, moduleName, false);
    }

    /**
     * As above; {@code ktests} builds a test kernel: static initialisers see the system property
     * {@code zeptux.ktest=true} and the kernel-test table lists every {@code @KTest} method.
     */
    public static String emitLlvm(List<Path> classPath, Target target, String moduleName, boolean ktests)
            throws LoadException, CompileException {
        return emitLlvm(classPath, target, moduleName, ktests, true);
    }

    /** As above; without {@code checks} the implicit null and bounds checks are left out (--no-checks). */
    public static String emitLlvm(List<Path> classPath, Target target, String moduleName, boolean ktests,
            boolean checks) throws LoadException, CompileException {
        ClassPath cp = ClassPath.read(classPath);
        Diagnostics diag = new Diagnostics();
        String previous = System.getProperty("zeptux.ktest");
        Module module;
        try {
            System.setProperty("zeptux.ktest", Boolean.toString(ktests));
            module = Program.lower(cp, diag, moduleName, ktests, checks);
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
        return LlvmWriter.write(module, target);
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
        ClassPath cp = ClassPath.read(classPath, Hosted.runtimeClasses());
        Diagnostics diag = new Diagnostics();
        Module module = Program.lower(cp, diag, executable.getFileName().toString(), false, checks);
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

    /** Writes LLVM text to {@code ll} (when not null) and compiles it to the object {@code obj} (when not null). */
    public void compile(String llvm, Target target, Path ll, Path obj) throws ToolException, IOException {
        if (ll != null) {
            write(ll, llvm.getBytes(StandardCharsets.UTF_8));
        }
        if (obj == null) {
            return;
        }
        Path work = Files.createTempDirectory("zeptuxc");
        try {
            Path in = work.resolve("module.ll");
            Files.writeString(in, llvm, StandardCharsets.UTF_8);
            Path bc = work.resolve("module.bc");
            tools.run(Tool.OPT, List.of("-O2", "-mtriple=" + target.triple, in.toString(), "-o", bc.toString()));
            List<String> llc = new ArrayList<>(List.of("-O2", "-filetype=obj", "-mtriple=" + target.triple));
            llc.addAll(List.of(target.llcFlags()));
            llc.addAll(List.of(bc.toString(), "-o", obj.toString()));
            createParent(obj);
            tools.run(Tool.LLC, llc);
        } finally {
            deleteTree(work);
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
        requireFile(bootDir.resolve("mbr.asm"));
        requireFile(bootDir.resolve("stage2.asm"));
        requireFile(linkerScript);
        for (Path o : objects) {
            requireFile(o);
        }
        Path work = Files.createTempDirectory("zeptuxc");
        try {
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
                nasm("elf64", pad, o);
                link.add(o.toString());
            }
            for (Path o : objects) {
                link.add(o.toString());
            }
            Path elf = sibling(image, ".elf");
            createParent(elf);
            link.addAll(List.of("-o", elf.toString()));
            // Two links: the frame table (linked last, after all code) describes the first.
            Path frames = work.resolve("frames.asm");
            Path framesObj = work.resolve("frames.o");
            Files.writeString(frames, FrameTable.empty());
            nasm("elf64", frames, framesObj);
            link.add(framesObj.toString());
            tools.run(Tool.LLD, link);
            FrameTable.Code code = FrameTable.code(tools, elf);
            Files.writeString(frames, FrameTable.build(tools, elf, code, work.resolve("addresses.txt")));
            nasm("elf64", frames, framesObj);
            tools.run(Tool.LLD, link);
            FrameTable.Code relinked = FrameTable.code(tools, elf);
            if (!relinked.equals(code)) {
                throw new ToolException("the frame table moved the kernel's code (is it linked after all code?)");
            }
            Path flat = work.resolve("kernel.bin");
            tools.run(Tool.OBJCOPY, List.of("-O", "binary", elf.toString(), flat.toString()));
            byte[] disk = DiskImage.build(Files.readAllBytes(mbr), Files.readAllBytes(stage2),
                    Files.readAllBytes(flat));
            write(image, disk);
        } finally {
            deleteTree(work);
        }
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
