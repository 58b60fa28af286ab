package org.zeptux.compiler.toolchain;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs external tools found on {@code PATH}. With {@code verbose} every command line is printed
 * before it runs. A missing tool is one error naming it and the package to install; a failed
 * tool is one error with the tool's own output.
 */
public final class Toolchain {
    private final PrintStream log;
    private final boolean verbose;
    private final String path;
    private final Map<Tool, Path> found = new EnumMap<>(Tool.class);

    /** Uses the process's {@code PATH}. */
    public Toolchain(PrintStream log, boolean verbose) {
        this(log, verbose, System.getenv("PATH"));
    }

    public Toolchain(PrintStream log, boolean verbose, String path) {
        this.log = log;
        this.verbose = verbose;
        this.path = path == null ? "" : path;
    }

    /** The tool's executable, or an error saying how to install it. */
    public synchronized Path locate(Tool tool) throws ToolException {
        Path p = found.get(tool);
        if (p != null) {
            return p;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool.command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                found.put(tool, candidate);
                return candidate;
            }
        }
        throw new ToolException(tool.command + " not found on PATH; install it with: apt-get install "
                + tool.debianPackage + " (or run 'make tools')");
    }

    /** Runs {@code tool} with {@code args} and waits; throws with its output if it fails. */
    public void run(Tool tool, List<String> args) throws ToolException {
        runIn(null, tool, args);
    }

    /**
     * Runs {@code tool} in {@code directory} (this process's own if null), so relative file names
     * in {@code args} are found there and written as given into what the tool makes.
     */
    public void runIn(Path directory, Tool tool, List<String> args) throws ToolException {
        String output = output(tool, args, null, directory);
        if (!output.isEmpty() && verbose) {
            log.println(output);
        }
    }

    /** Runs {@code tool} and returns what it printed (stdout and stderr); throws if it fails. */
    public String output(Tool tool, List<String> args) throws ToolException {
        return output(tool, args, null);
    }

    /**
     * Runs {@code tool} with its standard input read from {@code input} (none if null) and
     * returns what it printed (stdout and stderr); throws if it fails.
     */
    public String output(Tool tool, List<String> args, Path input) throws ToolException {
        return output(tool, args, input, null);
    }

    private String output(Tool tool, List<String> args, Path input, Path directory) throws ToolException {
        List<String> cmd = new ArrayList<>();
        cmd.add(locate(tool).toString());
        cmd.addAll(args);
        if (verbose) {
            log.println((directory == null ? "" : "(in " + directory + ") ") + String.join(" ", cmd)
                    + (input == null ? "" : " < " + input));
        }
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (input != null) {
                pb.redirectInput(input.toFile());
            }
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            p = pb.start();
        } catch (IOException e) {
            throw new ToolException("cannot run " + tool.command + ": " + e.getMessage());
        }
        try {
            if (input == null) {
                p.getOutputStream().close();
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            // (stdout and stderr are merged; tools used for their output print nothing on stderr when they succeed)
            int status = p.waitFor();
            if (status != 0) {
                throw new ToolException(tool.command + " failed (exit " + status + ")"
                        + (output.isEmpty() ? "" : ":\n" + output));
            }
            return output;
        } catch (IOException e) {
            throw new ToolException("reading the output of " + tool.command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new ToolException(tool.command + " was interrupted");
        }
    }
}
