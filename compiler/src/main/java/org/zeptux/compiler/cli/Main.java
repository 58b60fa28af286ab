package org.zeptux.compiler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.driver.ContentHash;
import org.zeptux.compiler.driver.CompileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code zeptuxc}: the Zeptux compiler for the kernel's Java dialect. */
@Command(name = "zeptuxc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Compiles the Zeptux Java dialect to native x86-64 code and builds bootable images.",
        subcommands = {CompileCommand.class, BuildCommand.class, CheckCommand.class, ImageCommand.class, ModuleCommand.class, UnsafeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for input errors (dialect violations, bad files, failed tools). */
    static final int ERROR = 1;
    /** Exit status for a bug in zeptuxc itself. */
    static final int INTERNAL_ERROR = 3;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print every external command before it runs.")
    boolean verbose;

    @Option(names = Stamp.OPTION, scope = ScopeType.INHERIT,
            description = "Skip the command when its output (-o FILE) is up to date: FILE.stamp records the hashes of "
                    + "zeptuxc, of every file named on the command line (directories file by file), of the outputs, "
                    + "and the arguments; any difference runs the command in full.")
    boolean ifChanged;

    @Option(names = "--timings", scope = ScopeType.INHERIT,
            description = "Print each stage's wall time (JVM start, load, checks, lowering, opt, llc, linking ...) "
                    + "to standard error.")
    boolean timings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'zeptuxc --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs zeptuxc with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--timings")) {
            org.zeptux.compiler.driver.Timings.start(err);
        }
        try {
            return runTimed(args, argList, out, err);
        } finally {
            org.zeptux.compiler.driver.Timings.total();
            org.zeptux.compiler.driver.Timings.stop();
        }
    }

    private static int runTimed(String[] args, List<String> argList, PrintWriter out, PrintWriter err) {
        Path output = argList.contains(Stamp.OPTION) ? Stamp.output(argList) : null;
        if (output == null) {
            return execute(args, out, err);
        }
        String inputs;
        String stamp;
        try {
            inputs = Stamp.inputs(argList, output, ContentHash.self());
            stamp = inputs + Stamp.outputsPart(output);
        } catch (IOException | UncheckedIOException e) {
            inputs = null;
            stamp = null;
        }
        if (stamp != null && Stamp.upToDate(output, stamp)) {
            out.println("zeptuxc: " + output + " is up to date");
            return 0;
        }
        Stamp.delete(output);
        int status = execute(args, out, err);
        if (status == 0 && inputs != null) {
            try {
                Stamp.write(output, inputs + Stamp.outputsPart(output));
            } catch (IOException | UncheckedIOException e) {
                err.println("zeptuxc: warning: no stamp for " + output + ": " + e.getMessage());
            }
        }
        return status;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("zeptuxc: internal error: " + e);
            if (commandLine.getCommandSpec().root().userObject() instanceof Main m && m.verbose) {
                e.printStackTrace(err);
            } else {
                err.println("zeptuxc: (run with -v for the stack trace, and please report it)");
            }
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    /** Prints each dialect error like javac, then the count; returns the exit status for it. */
    static int report(CompileException e, PrintWriter err) {
        // As javac: file by file, in line order (the rule passes and lowering find them in turn).
        List<Diagnostics.Diagnostic> sorted = new java.util.ArrayList<>(e.errors());
        sorted.sort(java.util.Comparator.comparing(Diagnostics.Diagnostic::file)
                .thenComparingInt(Diagnostics.Diagnostic::line));
        for (Diagnostics.Diagnostic d : sorted) {
            err.println(d);
        }
        err.println(e.getMessage());
        return ERROR;
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zeptuxc " + version()};
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/zeptuxc.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
