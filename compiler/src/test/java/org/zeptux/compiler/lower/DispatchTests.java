package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Dispatch;

/** Devirtualisation over the closed world: one target is a direct call; two go through the itable or vtable. */
class DispatchTests {
    @TempDir
    Path dir;

    private static String body(String ll, String method) {
        int start = ll.indexOf("define internal i32 @\"org.zeptux.compiler.testdata.Dispatch." + method);
        assertTrue(start >= 0, method + " in\n" + ll);
        return ll.substring(start, ll.indexOf("\n}\n", start));
    }

    @Test
    void oneTargetIsADirectCallAndTwoAreDispatched() throws Exception {
        String ll = Pipeline.emitLlvm(List.of(TestClasses.copy(dir, Dispatch.class)), Target.KERNEL, "dispatch");
        String only = body(ll, "onlyOne");
        assertTrue(only.contains("call i32 @\"org.zeptux.compiler.testdata.Dispatch$OnlyImpl.value()I\"(ptr"), only);
        String iface = body(ll, "twoThroughTheInterface");
        assertTrue(iface.matches("(?s).*getelementptr i8, ptr %t\\d+, i64 24.*call i32 %t\\d+\\(ptr.*"),
                "the itable (class info +24), then an indirect call\n" + iface);
        String vtable = body(ll, "twoThroughTheVtable");
        assertTrue(vtable.matches("(?s).*getelementptr i8, ptr %t\\d+, i64 40.*call i32 %t\\d+\\(ptr.*"),
                "the vtable's first slot (class info +40), then an indirect call\n" + vtable);
        // Each class info holds its vtable: Tri's first slot is Tri.sides.
        assertTrue(ll.contains("@\"class.org.zeptux.compiler.testdata.Dispatch$Tri\" = internal constant "), ll);
        assertTrue(ll.matches("(?s).*@\"class\\.org\\.zeptux\\.compiler\\.testdata\\.Dispatch\\$Tri\" = internal constant \\{[^}]*\\} "
                + "\\{ i32 \\d+, i32 \\d+, ptr null, ptr null, ptr null, i64 \\d+, ptr @\"org\\.zeptux\\.compiler\\.testdata\\.Dispatch\\$Tri\\.sides\\(\\)I\" \\}.*"), ll);
    }

    @Test
    void thisAndAFixedArrayFieldAreNeverNullCheckedAndTheLengthIsKnown() throws Exception {
        String ll = Pipeline.emitLlvm(List.of(TestClasses.copy(dir, Dispatch.class)), Target.KERNEL, "dispatch");
        int start = ll.indexOf("define internal i32 @\"org.zeptux.compiler.testdata.Dispatch$Counter.bump(I)I\"");
        String bump = ll.substring(start, ll.indexOf("\n}\n", start));
        assertTrue(bump.contains("load ptr, ptr %t0"), "this is read for each field access:\n" + bump);
        assertTrue(!bump.contains("icmp eq ptr"), "neither this nor the final array every Counter holds is null-checked:\n"
                + bump);
        assertTrue(bump.matches("(?s).*icmp uge i32 %t\\d+, 4,.*"), "the index is checked against the known length:\n" + bump);
        assertTrue(!bump.contains("!invariant.load"), "no length is loaded:\n" + bump);
    }
}
