package org.zeptux.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --if-changed} up-to-date check: skipped when nothing changed, rerun when anything did. */
class StampTests {
    @TempDir
    Path dir;

    private Path classes;
    private Path boot;
    private Path out;
    private Path self;

    private List<String> args(String... extra) {
        var l = new java.util.ArrayList<>(List.of("compile", "--if-changed", "-cp", classes.toString(), "--emit", "ll,obj",
                "-o", out.toString()));
        l.addAll(List.of(extra));
        return l;
    }

    /** Sets up inputs and outputs as a successful run leaves them, with its stamp. */
    private List<String> built(String... extra) throws Exception {
        classes = Files.createDirectories(dir.resolve("classes/org/x")).getParent().getParent();
        Files.write(classes.resolve("org/x/A.class"), new byte[] {1, 2, 3});
        boot = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(boot.resolve("mbr.asm"), "bits 16\n");
        self = Files.writeString(dir.resolve("zeptuxc.jar"), "jar v1");
        out = dir.resolve("target/kernel.o");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "object");
        Files.writeString(dir.resolve("target/kernel.ll"), "ir");
        List<String> a = args(extra);
        Stamp.write(out, Stamp.compute(a, out, self));
        return a;
    }

    private boolean upToDate(List<String> a) throws Exception {
        return Stamp.upToDate(out, Stamp.compute(a, out, self));
    }

    @Test
    void unchangedIsUpToDate() throws Exception {
        List<String> a = built("--boot", "BOOT");
        assertTrue(upToDate(a));
        assertTrue(Files.exists(dir.resolve("target/kernel.o.stamp")));
    }

    @Test
    void aChangedClassFileRebuilds() throws Exception {
        List<String> a = built();
        Files.write(classes.resolve("org/x/A.class"), new byte[] {1, 2, 4});
        assertFalse(upToDate(a));
    }

    @Test
    void anAddedOrRemovedClassFileRebuilds() throws Exception {
        List<String> a = built();
        Files.write(classes.resolve("org/x/B.class"), new byte[] {1});
        assertFalse(upToDate(a));
        Files.delete(classes.resolve("org/x/B.class"));
        assertTrue(upToDate(a));
        Files.delete(classes.resolve("org/x/A.class"));
        assertFalse(upToDate(a));
    }

    @Test
    void aChangedArgumentRebuilds() throws Exception {
        List<String> a = built();
        assertFalse(upToDate(args("--ktest")));
        assertFalse(upToDate(List.of("compile", "--if-changed", "-cp", classes.toString(), "--emit", "obj", "-o",
                out.toString())));
        assertTrue(upToDate(a));
    }

    @Test
    void aChangedInputNamedByAnOptionRebuilds() throws Exception {
        List<String> a = built("--boot", "IGNORED");
        a = new java.util.ArrayList<>(a);
        a.set(a.size() - 1, boot.toString());
        Stamp.write(out, Stamp.compute(a, out, self));
        assertTrue(upToDate(a));
        Files.writeString(boot.resolve("mbr.asm"), "bits 32\n");
        assertFalse(upToDate(a));
    }

    @Test
    void aChangedZeptuxcRebuilds() throws Exception {
        List<String> a = built();
        Files.writeString(self, "jar v2");
        assertFalse(upToDate(a));
    }

    @Test
    void aChangedOrMissingOutputRebuilds() throws Exception {
        List<String> a = built();
        Files.writeString(dir.resolve("target/kernel.ll"), "edited");
        assertFalse(upToDate(a));
        Files.writeString(dir.resolve("target/kernel.ll"), "ir");
        assertTrue(upToDate(a));
        Files.delete(out);
        assertFalse(upToDate(a));
    }

    @Test
    void outputsAreTheFilesSharingTheStem() throws Exception {
        built();
        Files.writeString(dir.resolve("target/kernel-ktest.o"), "other");
        assertEquals(List.of(dir.resolve("target/kernel.ll"), out), Stamp.outputs(out));
        assertNotEquals(-1, Stamp.compute(args(), out, self).indexOf("in " + classes));
    }

    @Test
    void aFailedRunLeavesNoStamp() throws Exception {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Path x = dir.resolve("x.o");
        Files.writeString(Stamp.stampFile(x), "stale");
        assertEquals(1, Main.run(new String[] {"compile", "--if-changed", "-cp", dir.resolve("nope").toString(), "-o",
                x.toString()}, new PrintWriter(o, true), new PrintWriter(e, true)));
        assertFalse(Files.exists(Stamp.stampFile(x)));
        assertTrue(e.toString().contains("no such directory or jar"), e.toString());
    }
}
