package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.BadField;
import org.zeptux.compiler.testdata.BadInit;
import org.zeptux.compiler.testdata.Init;

class ImageHeapTests {
    @TempDir
    Path dir;

    @Test
    void staticInitialisersRunAtBuildTimeAndTheirValuesAreFrozen() throws Exception {
        String ll = Pipeline.emitLlvm(List.of(TestClasses.copy(dir, Init.class)), Target.KERNEL, "init");
        assertTrue(ll.contains("@\"arr.org.zeptux.compiler.testdata.Init.SQUARES\" = internal global "
                + "{ ptr, i32, i32, [5 x i32] } { ptr @\"class.[I\", i32 5, i32 0, [5 x i32] [i32 0, i32 1, i32 4, i32 9, i32 16] }"),
                ll);
        // One array reached from two fields is one object.
        // A static final field is read-only data: only its static initialiser (build time) assigns it.
        assertTrue(ll.contains("@\"org.zeptux.compiler.testdata.Init.ALIAS\" = internal constant { ptr } "
                + "{ ptr @\"arr.org.zeptux.compiler.testdata.Init.SQUARES\" }"), ll);
        assertEquals(1, ll.split("= internal global \\{ ptr, i32, i32, \\[5 x i32\\]", -1).length - 1, ll);
        // Its class word: the class info of int[] (id, subtree end, no component, no interfaces, no itable, element size).
        assertTrue(ll.matches("(?s).*@\"class.\\[I\" = constant \\{ i32, i32, ptr, ptr, ptr, i64 \\} \\{ i32 \\d+, i32 \\d+, "
                + "ptr null, ptr null, ptr null, i64 4 \\}.*"), ll);  // exported, for modules
        assertTrue(ll.contains("@\"org.zeptux.compiler.testdata.Init.computed\" = internal global { i64 } { i64 "
                + (Long.MIN_VALUE + 42) + " }"), ll);
        assertTrue(ll.contains("@\"org.zeptux.compiler.testdata.Init.letter\" = internal global { i16 } { i16 90 }"), ll);
        assertTrue(ll.contains("@\"org.zeptux.compiler.testdata.Init.flag\" = internal global { i8 } { i8 1 }"), ll);
        assertTrue(ll.contains("@\"org.zeptux.compiler.testdata.Init.nothing\" = internal global { ptr } { ptr null }"), ll);
        assertTrue(ll.contains("; \"hi\"\n@\"str."), ll);
    }

    @Test
    void aFailingStaticInitialiserIsAnErrorAtTheClass() throws Exception {
        CompileException e = assertThrows(CompileException.class,
                () -> Pipeline.emitLlvm(List.of(TestClasses.copy(dir, BadInit.class)), Target.KERNEL, "bad"));
        assertEquals(1, e.errors().size(), e.errors().toString());
        String msg = e.errors().get(0).toString();
        int line = java.nio.file.Files.readAllLines(TestClasses.source(BadInit.class))
                .indexOf("    static int value = compute();") + 1;
        assertTrue(msg.startsWith("org/zeptux/compiler/testdata/BadInit.java:" + line + ": error: the static initialiser of "
                + "org.zeptux.compiler.testdata.BadInit failed at build time: java.lang.NumberFormatException"), msg);
    }

    /** Class files do not record where a field is declared; with the source beside them, the error is at its line. */
    @Test
    void aFieldHoldingAJdkObjectIsReportedAtItsDeclaration() throws Exception {
        Path classes = TestClasses.copy(dir, BadField.class);
        java.nio.file.Files.copy(TestClasses.source(BadField.class),
                classes.resolve("org/zeptux/compiler/testdata/BadField.java"));
        CompileException e = assertThrows(CompileException.class,
                () -> Pipeline.emitLlvm(List.of(classes), Target.KERNEL, "bad"));
        int line = java.nio.file.Files.readAllLines(TestClasses.source(BadField.class))
                .indexOf("    static final List<String> NAMES = new ArrayList<>();") + 1;
        assertTrue(e.errors().stream().anyMatch(d -> d.toString().startsWith("org/zeptux/compiler/testdata/BadField.java:"
                + line + ": error: static field NAMES holds a java.util.ArrayList")), e.errors().toString());
    }

    @Test
    void objectsNothingWritesAreReadOnlyAndTheOthersAreNot() throws Exception {
        Class<?> objects = org.zeptux.compiler.testdata.programs.Objects.class;
        String ll = Pipeline.emitLlvm(List.of(TestClasses.copy(dir.resolve("objects"), objects)), Target.HOSTED, "objects");
        // No run-time code writes a Circle or a Color: read-only. Nodes and Squares (their Base.id) are written.
        assertTrue(ll.matches("(?s).*\n@\"obj\\.Objects\\$Circle\\.\\d+\" = internal constant .*"), ll);
        assertTrue(ll.contains("@\"enum.org.zeptux.compiler.testdata.programs.Objects$Color.RED\" = internal constant "), ll);
        assertTrue(ll.matches("(?s).*\n@\"obj\\.Objects\\$Node\\.\\d+\" = internal global .*"), ll);
        assertTrue(ll.matches("(?s).*\n@\"obj\\.Objects\\$Square\\.\\d+\" = internal global .*"), ll);
    }
}
