package org.zeptux.compiler.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The initramfs: a directory packed as a cpio "newc" archive, the format of Linux's initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst), written with Apache Commons
 * Compress. The same directory always gives the same bytes: entries in sorted path order
 * (each directory before what it holds), owner and group 0, modification time 0, inode numbers
 * counted from 1, and modes from what git keeps: directories 0755, executable files 0755,
 * other files 0644, symbolic links 0777 with their target as data.
 */
public final class Initramfs {
    private Initramfs() {}

    /** The largest archive stage 2 loads (it must fit below 4 GiB in one usable e820 range). */
    public static final long MAX_BYTES = 256L << 20;

    /** Packs {@code dir} (its contents, not the directory itself) as a newc archive. */
    public static byte[] pack(Path dir) throws ImageException {
        if (!Files.isDirectory(dir)) {
            throw new ImageException("--initramfs " + dir + ": not a directory");
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir)).forEach(paths::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ImageException("--initramfs " + dir + ": cannot read: " + e.getMessage());
        }
        paths.sort((a, b) -> dir.relativize(a).toString().replace('\\', '/')
                .compareTo(dir.relativize(b).toString().replace('\\', '/')));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW,
                CpioConstants.BLOCK_SIZE, "US-ASCII")) {
            long inode = 1;
            for (Path p : paths) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
                e.setInode(inode++);
                e.setUID(0);
                e.setGID(0);
                e.setTime(0);
                byte[] data = new byte[0];
                if (Files.isSymbolicLink(p)) {
                    e.setMode(CpioConstants.C_ISLNK | 0777);
                    data = Files.readSymbolicLink(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    e.setNumberOfLinks(1);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    e.setMode(CpioConstants.C_ISDIR | 0755);
                    e.setNumberOfLinks(2);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    e.setMode(CpioConstants.C_ISREG | (executable(p) ? 0755 : 0644));
                    data = Files.readAllBytes(p);
                    e.setNumberOfLinks(1);
                } else {
                    throw new ImageException("--initramfs: " + name + " is not a file, directory or symbolic link");
                }
                e.setSize(data.length);
                cpio.putArchiveEntry(e);
                cpio.write(data);
                cpio.closeArchiveEntry();
            }
            cpio.finish();
        } catch (IOException e) {
            throw new ImageException("--initramfs " + dir + ": " + e.getMessage());
        }
        byte[] archive = bytes.toByteArray();
        if (archive.length > MAX_BYTES) {
            throw new ImageException("--initramfs " + dir + ": the archive is " + archive.length + " bytes; at most "
                    + MAX_BYTES + " are loaded");
        }
        return archive;
    }

    private static boolean executable(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(p);
        }
    }
}
