package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.programs.Checked;

/**
 * What lowering tells LLVM about arrays (the differential tests check it changes no result):
 * lengths never change, and a static final array field is a constant.
 */
class ArrayFactsTests {
    @TempDir
    Path dir;

    private String ir() throws Exception {
        return Pipeline.emitLlvm(List.of(TestClasses.copy(dir, Checked.class)), Target.KERNEL, "m");
    }

    @Test
    void lengthLoadsAreInvariant() throws Exception {
        String ir = ir();
        String mix = ir.substring(ir.indexOf("define internal i64 @\"org.zeptux.compiler.testdata.programs.Checked.mix"));
        mix = mix.substring(0, mix.indexOf("\n}\n"));
        assertTrue(mix.contains("load i32, ptr %t") && mix.contains(", align 4, !invariant.load !{}"), mix);
    }

    @Test
    void staticFinalArraysAreConstants() throws Exception {
        String ir = ir();
        String main = ir.substring(ir.indexOf("define internal void @\"org.zeptux.compiler.testdata.programs.Checked.main"));
        main = main.substring(0, main.indexOf("\n}\n"));
        assertFalse(main.contains("load ptr, ptr @\"org.zeptux.compiler.testdata.programs.Checked.TABLE\""), main);
        assertTrue(main.contains("@\"arr.org.zeptux.compiler.testdata.programs.Checked.TABLE\""), main);
        assertFalse(main.contains("icmp eq ptr"), "a constant array needs no null check:\n" + main);
        assertFalse(main.contains("!invariant.load"), "a constant array's length is a constant:\n" + main);
    }
}
