package org.zeptux.compiler.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.driver.UnsafeShare;
import org.zeptux.compiler.lower.Options;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.load.LoadException;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeptuxc compile}: class files to LLVM IR and an ELF object. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compiles every class on the class path into one LLVM module and object file.")
final class CompileCommand implements Callable<Integer> {
    /** What {@code --emit} can ask for. */
    enum Emit { ll, obj }

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-cp", "--class-path"}, required = true, split = ":", paramLabel = "DIR|JAR",
            description = "Directories or jars holding the classes to compile (':'-separated; repeatable).")
    List<Path> classPath;

    @Option(names = "--emit", split = ",", paramLabel = "KIND", defaultValue = "obj",
            description = "What to write: ll (LLVM IR text), obj (ELF object), or both: ll,obj. Default: obj.")
    Set<Emit> emit;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The output file; with --emit ll,obj the .ll is written beside it.")
    Path output;

    @Option(names = "--ktest", description = "Build a test kernel: every @KTest method in the kernel-test table, "
            + "and zeptux.ktest=true for static initialisers (the kernel then runs its tests and reports KTAP).")
    boolean ktest;

    @Option(names = "--no-checks", description = "Leave out the implicit null and bounds checks, for measuring "
            + "their cost only: such accesses become undefined behaviour (division by zero is still checked).")
    boolean noChecks;

    @Option(names = "--unsafe-sources", paramLabel = "DIR",
            description = "Also measure the unsafe share of the code (as zeptuxc unsafe --sources DIR does), "
                    + "beside the front end, and print its table.")
    Path unsafeSources;

    @Option(names = "--unsafe-budget-file", paramLabel = "FILE",
            description = "With --unsafe-sources: fail when the unsafe share is above the budget in FILE "
                    + "(as zeptuxc unsafe --budget-file FILE does).")
    Path unsafeBudgetFile;

    @Option(names = "--parts", paramLabel = "N", defaultValue = "1",
            description = "Cut the kernel module along its call graph into N parts that opt and llc compile side by "
                    + "side (one process per part); 1: one module (the default).")
    int parts;

    @Option(names = "--copy-limit", paramLabel = "N", defaultValue = "40",
            description = "With --parts: a part gets an internal copy of each function of at most N IR "
                    + "instructions it calls from another part, so inlining crosses the cut (default: 40).")
    int copyLimit;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            if (unsafeBudgetFile != null && unsafeSources == null) {
                err.println("zeptuxc: error: --unsafe-budget-file needs --unsafe-sources");
                return Main.ERROR;
            }
            // The unsafe share is measured on the other CPU while the front end runs on this one.
            FutureTask<UnsafeShare> unsafe = null;
            if (unsafeSources != null) {
                unsafe = new FutureTask<>(() -> UnsafeShare.measure(classPath, unsafeSources));
                Thread t = new Thread(unsafe, "unsafe share");
                t.setDaemon(true);
                t.start();
            }
            if (parts < 1 || parts > 64 || copyLimit < 0) {
                err.println("zeptuxc: error: --parts must be 1 to 64 and --copy-limit at least 0");
                return Main.ERROR;
            }
            String name = output.getFileName().toString();
            Options options = Options.DEFAULT.withKtests(ktest).withChecks(!noChecks);
            boolean obj = emit.contains(Emit.obj);
            org.zeptux.compiler.ir.Module module = null;
            String llvm = null;
            if (parts > 1 && obj) {
                module = Pipeline.lower(classPath, name, options);
            } else {
                llvm = Pipeline.emitLlvm(classPath, Target.KERNEL, name, options);
            }
            if (unsafe != null) {
                BigDecimal limit = unsafeBudgetFile == null ? null : UnsafeShare.readBudget(unsafeBudgetFile);
                UnsafeShare share;
                try {
                    share = unsafe.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LoadException l) {
                        throw l;
                    }
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    err.println("zeptuxc: error: interrupted measuring the unsafe share");
                    return Main.ERROR;
                }
                int status = UnsafeCommand.report(share, limit, unsafeBudgetFile, spec.commandLine().getOut(), err);
                if (status != 0) {
                    return status;
                }
            }
            Path ll = emit.contains(Emit.ll) ? (obj ? Pipeline.sibling(output, ".ll") : output) : null;
            Pipeline pipeline = new Pipeline(new Toolchain(System.out, main.verbose));
            if (module != null) {
                pipeline.compileParts(module, Target.KERNEL, ll, output, parts, copyLimit);
            } else {
                pipeline.compile(llvm, Target.KERNEL, ll, obj ? output : null);
            }
            return 0;
        } catch (CompileException e) {
            return Main.report(e, err);
        } catch (LoadException | ToolException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        } catch (IOException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }
}
