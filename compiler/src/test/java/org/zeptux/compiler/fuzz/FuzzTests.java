package org.zeptux.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.driver.Differential;

/**
 * Random programs from {@link ProgramGenerator}, each compiled by javac, run on the JVM and
 * built for the hosted target; they must agree. CI runs the seeds 1..25; run any range with
 * {@code mvn -pl compiler test -Dtest=FuzzTests -Dzeptux.fuzz.first=1000 -Dzeptux.fuzz.count=500}
 * (or {@code make fuzz FIRST=1000 COUNT=500}). A failing seed's source is printed with the failure.
 */
class FuzzTests {
    @TempDir
    Path dir;

    @Test
    void generatedProgramsAgreeWithTheJvm() throws Exception {
        long first = Long.getLong("zeptux.fuzz.first", 1);
        long count = Long.getLong("zeptux.fuzz.count", 25);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (long seed = first; seed < first + count; seed++) {
            ProgramGenerator.Program p = ProgramGenerator.generate(seed);
            assertEquals(p.source(), ProgramGenerator.generate(seed).source(), "the same seed, the same program");
            Path src = dir.resolve(seed + "/src/" + p.className() + ".java");
            Path classes = dir.resolve(seed + "/classes");
            Files.createDirectories(src.getParent());
            Files.createDirectories(classes);
            Files.writeString(src, p.source(), StandardCharsets.UTF_8);
            StringWriter javacOut = new StringWriter();
            boolean ok = javac.getTask(javacOut, null, null,
                    List.of("--release", "17", "-g", "-nowarn", "-d", classes.toString()), null,
                    javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                            .getJavaFileObjects(src.toFile())).call();
            assertTrue(ok, "seed " + seed + ": the generator wrote invalid Java:\n" + javacOut + "\n" + p.source());
            Differential.Outcome jvm;
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
                jvm = Differential.onJvm(loader.loadClass(p.className()));
            }
            Differential.Outcome hosted = Differential.natively(classes, p.className(), dir.resolve(seed + "/prog"));
            try {
                Differential.assertAgree(jvm, hosted, "seed " + seed);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n----- program -----\n" + p.source(), e);
            }
        }
        System.out.printf("fuzz: %d generated programs (seeds %d..%d) agree between the JVM and native code%n",
                count, first, first + count - 1);
    }
}
