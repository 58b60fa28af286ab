package org.zeptux.compiler.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory {@code testdata.linux.LinuxCalls} reads: {@code data/} under a root, with a
 * file, an empty file, a symbolic link and a subdirectory. Natively the program runs with the
 * root as its working directory; on Zeptux the root is the initramfs, {@code /}.
 */
public final class LinuxCallsFixture {
    private LinuxCallsFixture() {}

    /** The program's argument: the directory, relative to the working directory. */
    public static final String ARGUMENT = "data";

    /** What the program exits with (it ends with exit_group(3)). */
    public static final int STATUS = 3;

    /** Writes {@code data/} under {@code root}; returns {@code root}. */
    public static Path write(Path root) throws IOException {
        Path data = root.resolve(ARGUMENT);
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("hello.txt"), "Hello, Zeptux!\nSecond line.\n", StandardCharsets.US_ASCII);
        Files.write(data.resolve("empty"), new byte[0]);
        Files.writeString(data.resolve("sub/inner.txt"), "inner\n", StandardCharsets.US_ASCII);
        Files.createSymbolicLink(data.resolve("link"), Path.of("hello.txt"));
        return root;
    }
}
