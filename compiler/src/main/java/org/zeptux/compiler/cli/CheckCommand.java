package org.zeptux.compiler.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.load.LoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeptuxc check}: the dialect checks alone (including build-time initialisation), no output files. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks the classes on the class path against the dialect; writes nothing.")
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-cp", "--class-path"}, required = true, split = ":", paramLabel = "DIR|JAR",
            description = "Directories or jars holding the classes to check (':'-separated; repeatable).")
    List<Path> classPath;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            Pipeline.emitLlvm(classPath, Target.KERNEL, "check");
            return 0;
        } catch (CompileException e) {
            return Main.report(e, err);
        } catch (LoadException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }
}
