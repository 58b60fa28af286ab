package org.zeptux.compiler.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Frame tables already made, kept for the next image of the same kernel: the kernel image and the
 * system image (and the boot tests' images) link the same objects, and their tables differ only if
 * their first links differ. An entry is named by the SHA-256 of zeptuxc itself and of the first
 * link's ELF (the table is a function of that file alone: objdump and llvm-symbolizer read nothing
 * else), so a hit is the table the symbolizer would make again, byte for byte.
 *
 * <p>The entries live in {@code zeptuxc-cache/} beside the first kernel object (kernel/target for the
 * kernel's build), written to a temporary file and moved into place, so builds side by side never
 * read half an entry; the {@link #KEEP} newest are kept.
 */
final class FrameCache {
    /** How many tables the directory keeps (a table is a few hundred KiB). */
    static final int KEEP = 8;

    private final Path dir;
    private final String key;

    private FrameCache(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    /** The cache entry for the first link {@code elf} of an image whose first kernel object is {@code object}. */
    static FrameCache of(Path object, Path elf) throws IOException {
        MessageDigest md = sha256();
        md.update("zeptuxc frame table 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path self = self();
        if (self != null && Files.isRegularFile(self)) {
            update(md, self);
        } else if (self != null && Files.isDirectory(self)) {
            try (Stream<Path> files = Files.walk(self)) {    // zeptuxc run from its classes (the unit tests)
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    md.update(self.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    update(md, f);
                }
            }
        }
        update(md, elf);
        Path parent = object.toAbsolutePath().getParent();
        return new FrameCache(parent.resolve("zeptuxc-cache"), HexFormat.of().formatHex(md.digest()));
    }

    private Path entry() {
        return dir.resolve("frames-" + key + ".bin");
    }

    /** The table made before for this link, or null. */
    byte[] find() throws IOException {
        Path e = entry();
        try {
            byte[] table = Files.readAllBytes(e);
            Files.setLastModifiedTime(e, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            return table;
        } catch (java.nio.file.NoSuchFileException absent) {
            return null;                        // not made yet, or pruned by a build beside this one
        }
    }

    /** Keeps {@code table} for this link, and the {@link #KEEP} newest entries. */
    void put(byte[] table) throws IOException {
        Files.createDirectories(dir);
        Path temporary = dir.resolve("frames-" + key + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".part");
        try {
            Files.write(temporary, table);
            Files.move(temporary, entry(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("frames-") && p.getFileName().toString().endsWith(".bin"))
                    .forEach(entries::add);
        }
        entries.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException gone) {
                return 0L;                      // removed by a build beside this one
            }
        }).reversed().thenComparing(Comparator.naturalOrder()));
        for (Path old : entries.subList(Math.min(KEEP, entries.size()), entries.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, Path file) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }

    /** zeptuxc's own jar (or classes directory), or null. */
    private static Path self() {
        try {
            return Paths.get(FrameCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
