package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame tables zeptuxc image keeps for the next image of the same kernel (FrameCache). */
class FrameCacheTests {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aTableIsFoundForTheSameLinkOnly() throws Exception {
        Path object = file("kernel.o", "object");
        Path elf = file("first.elf", "the first link");
        FrameCache cache = FrameCache.of(object, elf);
        assertNull(cache.find(), "nothing kept yet");
        byte[] table = {1, 2, 3, 4};
        cache.put(table);
        assertArrayEquals(table, FrameCache.of(object, elf).find(), "the same link: the table kept");
        assertArrayEquals(table, FrameCache.of(object, file("again.elf", "the first link")).find(),
                "the key is the link's bytes, not its name");
        assertNull(FrameCache.of(object, file("other.elf", "another link")).find(), "a different link: none");
        try (Stream<Path> s = Files.list(dir.resolve("zeptuxc-cache"))) {
            assertEquals(1, s.count(), "one entry, no temporary file left");
        }
    }

    @Test
    void theNewestTablesAreKept() throws Exception {
        Path object = file("kernel.o", "object");
        for (int i = 0; i < FrameCache.KEEP + 3; i++) {
            FrameCache.of(object, file("link" + i + ".elf", "link " + i)).put(new byte[] {(byte) i});
            // Entries are ordered by their times: a second apart, whatever the file system's resolution.
            try (Stream<Path> s = Files.list(dir.resolve("zeptuxc-cache"))) {
                for (Path p : s.toList()) {
                    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(
                            Files.getLastModifiedTime(p).toMillis() - 1000));
                }
            }
        }
        try (Stream<Path> s = Files.list(dir.resolve("zeptuxc-cache"))) {
            assertEquals(FrameCache.KEEP, s.count());
        }
        assertNull(FrameCache.of(object, dir.resolve("link0.elf")).find(), "the oldest is gone");
        assertArrayEquals(new byte[] {(byte) (FrameCache.KEEP + 2)},
                FrameCache.of(object, dir.resolve("link" + (FrameCache.KEEP + 2) + ".elf")).find(), "the newest is kept");
    }
}
