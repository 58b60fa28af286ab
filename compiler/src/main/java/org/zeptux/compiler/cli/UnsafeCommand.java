package org.zeptux.compiler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeptux.compiler.driver.UnsafeShare;
import org.zeptux.compiler.load.LoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zeptuxc unsafe}: the share of the code in packages marked @Unsafe, per package and in total. */
@Command(name = "unsafe", mixinStandardHelpOptions = true,
        description = "Prints the lines of code per package, which packages are unsafe (@Unsafe) and the unsafe "
                + "share of all lines; with a budget, fails when the share is above it.")
final class UnsafeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-cp", "--class-path"}, required = true, split = ":", paramLabel = "DIR|JAR",
            description = "The compiled classes (their package-info says which packages are unsafe).")
    List<Path> classPath;

    @Option(names = "--sources", required = true, paramLabel = "DIR",
            description = "The source root whose lines are counted, e.g. kernel/src/main/java.")
    Path sources;

    @Option(names = "--budget", paramLabel = "PERCENT", description = "Fail (exit 1) when the share is above this.")
    String budget;

    @Option(names = "--budget-file", paramLabel = "FILE",
            description = "Read the budget from FILE: its first line that is not blank or a # comment.")
    Path budgetFile;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            if (budget != null && budgetFile != null) {
                err.println("zeptuxc: error: give --budget or --budget-file, not both");
                return Main.ERROR;
            }
            BigDecimal limit = budget != null ? UnsafeShare.parseBudget(budget, "--budget")
                    : budgetFile != null ? UnsafeShare.readBudget(budgetFile) : null;
            return report(UnsafeShare.measure(classPath, sources), limit, budgetFile, out, err);
        } catch (LoadException | IOException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }

    /**
     * Prints {@code share}'s table to {@code out}; with a {@code limit} (read from {@code budgetFile}
     * when not null) the share exceeds, an error to {@code err} and {@link Main#ERROR}, else 0.
     */
    static int report(UnsafeShare share, BigDecimal limit, Path budgetFile, PrintWriter out, PrintWriter err) {
        out.print(share.table());
        out.flush();
        if (limit != null && share.exceeds(limit)) {
            err.println("zeptuxc: error: the unsafe share is " + share.percent().toPlainString() + "% of "
                    + share.total() + " lines, above the budget of " + limit.toPlainString() + "%"
                    + (budgetFile != null ? " (" + budgetFile + ")" : "")
                    + "; move raw access behind a safe interface of an unsafe package, or raise the budget");
            return Main.ERROR;
        }
        return 0;
    }
}
