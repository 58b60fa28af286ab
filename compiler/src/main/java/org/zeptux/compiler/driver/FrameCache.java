package org.zeptux.compiler.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
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
        StringBuilder key = new StringBuilder("zeptuxc frame table 1\n");
        Path self = ContentHash.self();
        if (self != null && Files.isRegularFile(self)) {
            key.append("self ").append(ContentHash.of(self)).append('\n');
        } else if (self != null && Files.isDirectory(self)) {
            key.append("self\n").append(ContentHash.ofTree(self));   // zeptuxc run from its classes (the unit tests)
        }
        key.append("elf ").append(ContentHash.of(elf)).append('\n');
        Path parent = object.toAbsolutePath().getParent();
        return new FrameCache(parent.resolve("zeptuxc-cache"), ContentHash.ofText(key.toString()));
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
}
