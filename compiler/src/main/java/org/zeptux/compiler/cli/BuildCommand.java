package org.zeptux.compiler.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.load.LoadException;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeptuxc build --target hosted}: a dialect program as a static Linux executable. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Builds a program's main(String[]) and everything it reaches into an executable.")
final class BuildCommand implements Callable<Integer> {
    /** The targets {@code build} makes executables for (the kernel is built with compile + image). */
    enum BuildTarget { hosted }

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "hosted: a static Linux x86-64 executable with no libc.")
    BuildTarget target;

    @Option(names = {"-cp", "--class-path"}, required = true, split = ":", paramLabel = "DIR|JAR",
            description = "Directories or jars holding the program's classes.")
    List<Path> classPath;

    @Option(names = "--main", required = true, paramLabel = "CLASS", description = "The class whose main(String[]) runs.")
    String mainClass;

    @Option(names = "--emit-ll", paramLabel = "FILE", description = "Also write the LLVM IR text here.")
    Path ll;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The executable to write.")
    Path output;

    @Option(names = "--obj", paramLabel = "FILE", description = "An object file to link in, e.g. assembly "
            + "implementing native methods (repeatable).")
    List<Path> objects = new java.util.ArrayList<>();

    @Option(names = "--no-checks", description = "Leave out the implicit null and bounds checks, for measuring "
            + "their cost only: such accesses become undefined behaviour (division by zero is still checked).")
    boolean noChecks;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            new Pipeline(new Toolchain(System.out, main.verbose)).checks(!noChecks).buildHosted(classPath, mainClass, output, ll, objects);
            return 0;
        } catch (CompileException e) {
            return Main.report(e, err);
        } catch (LoadException | ToolException | IOException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }
}
