package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.programs.Pooled;

/**
 * Objects made at run time (RawObjects, the kernel pools' primitives), compiled and run: placed
 * objects have their class's layout, fields, dispatch and type tests; a freed object's use is
 * caught at the using line; only types a pool makes pay for the check.
 */
class PoolObjectsTests {
    @TempDir
    Path dir;

    @Test
    void placedObjectsWorkAndAUseAfterFreeIsCaughtAtItsLine() throws Exception {
        Path classes = TestClasses.copy(dir.resolve("classes"), Pooled.class);
        Differential.Outcome run = Differential.natively(classes, Pooled.class.getName(), dir.resolve("pooled"));
        // Node: class word, int value at 8, Node next at 16 -> 24 bytes; long[]: 8-byte elements.
        assertEquals(String.join("\n", "24", "8", "0", "true", "1", "49", "true", "false", "4", "7", "true", "true", "20", ""),
                run.stdout(), run.stderr());
        assertEquals(1, run.status());
        List<String> source = Files.readAllLines(Path.of("src/test/java/org/zeptux/compiler/testdata/programs/Pooled.java"));
        int line = source.lastIndexOf("        System.out.println(a.next.value);") + 1;   // the last line of main
        assertEquals("Exception in thread \"main\" java.lang.IllegalStateException: use of a freed pool object\n"
                + "\tat org.zeptux.compiler.testdata.programs.Pooled.main(Pooled.java:" + line + ")\n", run.stderr());
    }

    @Test
    void onlyTypesAPoolMakesAreChecked() throws Exception {
        String ll = Pipeline.emitLlvm(List.of(TestClasses.copy(dir, Pooled.class)), Target.HOSTED, "pooled");
        assertTrue(ll.contains("@\"zeptux_freed_class\" = constant"), "the freed class info is defined and exported");
        String area = ll.substring(ll.indexOf("Pooled.area("), ll.indexOf("\n}\n", ll.indexOf("Pooled.area(")));
        assertTrue(area.contains("icmp eq ptr %") && area.contains("@\"zeptux_freed_class\""), area);
        assertTrue(area.contains("call void @\"zeptux_use_after_free\"("), area);
        // Objects no pool makes (NullField's Box, only in the image heap) are not checked.
        String plain = Pipeline.emitLlvm(List.of(TestClasses.copy(dir.resolve("plain"),
                org.zeptux.compiler.testdata.programs.NullField.class)), Target.HOSTED, "plain");
        assertTrue(plain.contains("NullField.main("), plain);
        assertEquals(-1, plain.indexOf("zeptux_use_after_free"), plain);
    }
}
