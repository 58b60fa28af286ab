package org.zeptux.compiler.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 content hashes, in hex: what {@code --if-changed}'s stamps (cli.Stamp) and the frame-table
 * cache (FrameCache) name their inputs by, zeptuxc's own jar among them. Builds are deterministic,
 * so equal hashes mean equal outputs.
 */
public final class ContentHash {
    private ContentHash() {}

    /** The hash of {@code file}'s bytes. */
    public static String of(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The hash of {@code text} (UTF-8). */
    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A line {@code "  PATH HASH"} for each regular file below {@code root}, sorted, PATH relative to it. */
    public static String ofTree(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append("  ").append(root.relativize(f)).append(' ').append(of(f)).append('\n');
        }
        return sb.toString();
    }

    /** zeptuxc's own jar (or classes directory, run from its build), or null. */
    public static Path self() {
        try {
            return Paths.get(ContentHash.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
