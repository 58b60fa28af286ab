package org.zeptux.compiler.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.image.ImageException;
import org.zeptux.compiler.load.LoadException;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeptuxc module}: a kernel module's classes to a module file (docs/modules.md). */
@Command(name = "module", mixinStandardHelpOptions = true,
        description = "Compiles a kernel module's classes against the kernel's into NAME.zm (a manifest and one "
                + "relocatable object); only the kernel's @KernelApi methods may be called.")
final class ModuleCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-cp", "--class-path"}, required = true, split = ":", paramLabel = "DIR|JAR",
            description = "The module's classes (one of them annotated @Module).")
    List<Path> classPath;

    @Option(names = "--kernel", required = true, split = ":", paramLabel = "DIR|JAR",
            description = "The kernel's classes, e.g. kernel/target/classes.")
    List<Path> kernel;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The module file to write (NAME.zm).")
    Path output;

    @Option(names = "--emit-ll", paramLabel = "FILE", description = "Also write the LLVM IR text here.")
    Path ll;

    @Option(names = "--unsafe", description = "Let the module use the raw API (Memory, Port, Cpu, Address arithmetic "
            + "and dereference, struct views, native methods); recorded in its manifest (unsafe=1), shown by lsmod "
            + "and insmod. Without it the module is held to the safe rules.")
    boolean unsafe;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            new Pipeline(new Toolchain(System.out, main.verbose)).module(kernel, classPath, output, ll, unsafe);
            return 0;
        } catch (CompileException e) {
            return Main.report(e, err);
        } catch (LoadException | ToolException | ImageException | IOException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }
}
