package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.testdata.Semantics;

/**
 * Differential testing of whole programs: each runs on the JVM and, built by {@code zeptuxc
 * build --target hosted}, as a native process; {@link Differential#assertAgree} compares them.
 */
class HostedTests {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Printing", "Grid", "Checked", "WrappedIndex", "WrappedIndexBelow", "Strings", "DivideByZero", "OutOfBounds", "Thrown", "NullString", "Objects", "ArrayStore", "NullField", "Config", "Finally", "Atomics"})
    void nativeRunMatchesTheJvm(String name) throws Exception {
        Class<?> program = Class.forName("org.zeptux.compiler.testdata.programs." + name);
        Differential.Outcome jvm = Differential.onJvm(program);
        Path classes = TestClasses.copy(dir.resolve("classes"), program, Semantics.class);
        Differential.Outcome hosted = Differential.natively(classes, program.getName(), dir.resolve(name));
        Differential.assertAgree(jvm, hosted, name);
        if (jvm.status() != 0) {
            assertTrue(hosted.stderr().contains("\n\tat org.zeptux.compiler.testdata.programs." + name + "."),
                    "the failure names the program's method and line:\n" + hosted.stderr());
        }
    }
}
