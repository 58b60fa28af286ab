package org.zeptux.compiler.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.image.ImageException;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zeptuxc image}: kernel objects plus the boot code to a bootable raw disk image. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Links kernel objects with the boot code and writes a raw disk image (and the kernel ELF beside it).")
final class ImageCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--boot", required = true, paramLabel = "DIR",
            description = "The boot directory: mbr.asm, stage2.asm, and assembly linked into the kernel.")
    Path boot;

    @Option(names = "--linker-script", required = true, paramLabel = "FILE", description = "The kernel's linker.ld.")
    Path linkerScript;

    @Option(names = "--pad-kib", paramLabel = "N", defaultValue = "0",
            description = "Link N KiB of padding before the kernel's code (tests loading of large images).")
    int padKib;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "IMG", description = "The disk image to write.")
    Path output;

    @Option(names = "--module", paramLabel = "FILE.zm",
            description = "A kernel module to link in; its init runs at boot, after those it depends on (repeatable).")
    List<Path> modules = new java.util.ArrayList<>();

    @Option(names = "--pack", paramLabel = "FILE.zm",
            description = "A kernel module to put in the image's module archive, for insmod at run time (repeatable).")
    List<Path> packed = new java.util.ArrayList<>();

    @Option(names = "--pack-unchecked", paramLabel = "FILE",
            description = "A file to put in the module archive as it is, unchecked: malformed modules for testing "
                    + "the kernel's loader (repeatable).")
    List<Path> unchecked = new java.util.ArrayList<>();

    @Option(names = "--initramfs", paramLabel = "DIR",
            description = "A directory to pack as the initramfs (cpio newc); stage 2 loads it and the kernel mounts it as /.")
    Path initramfs;

    @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "",
            description = "The kernel command line, e.g. init=/bin/prog (printable ASCII, at most 255 bytes).")
    String cmdline;

    @Parameters(arity = "1..*", paramLabel = "OBJ", description = "Kernel object files.")
    List<Path> objects;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (padKib < 0 || padKib > 16 * 1024) {
            err.println("zeptuxc: error: --pad-kib must be between 0 and 16384");
            return Main.ERROR;
        }
        try {
            new Pipeline(new Toolchain(System.out, main.verbose)).initramfs(initramfs, cmdline).image(boot, linkerScript, objects,
                    output, padKib, modules, packed, unchecked);
            return 0;
        } catch (ToolException | ImageException | IOException e) {
            err.println("zeptuxc: error: " + e.getMessage());
            return Main.ERROR;
        }
    }
}
