package org.zeptux.kernel.debug;

/**
 * One monitor command: its name (the first word of the line), its line in {@code help}, and
 * what it does with the rest of the line.
 *
 * <p>Each subsystem declares its commands where it lives ({@code arch.ArchCommands},
 * {@code mm.MmCommands}, {@code module.ModuleCommands}, {@code dev.DevCommands},
 * {@link DebugCommands}), as objects made by static initialisers: they are built at build time
 * and frozen into the image, and {@link Monitor} joins them into one table. Commands hold no
 * state of their own; one subclass per subsystem tells its commands apart by a number.
 */
public abstract class Command {
    /** The first word of the line that runs this command. */
    final String name;
    /** Whether the command takes arguments: then it runs only with some, else only with none. */
    final boolean arguments;
    /** The command's form in {@code help} ({@code "insmod NAME, rmmod NAME"}), or null when another command's line covers it. */
    final String usage;
    /** What it does, after the usage in {@code help}. */
    final String description;

    protected Command(String name, boolean arguments, String usage, String description) {
        this.name = name;
        this.arguments = arguments;
        this.usage = usage;
        this.description = description;
    }

    /**
     * Runs the command with the rest of the line. Returns false if the arguments are not ones
     * it knows (then the monitor answers as for an unknown command), else true.
     */
    public abstract boolean run(Args args);
}
