package org.zeptux.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.driver.CompileException;
import org.zeptux.compiler.driver.Pipeline;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Sleepy;

/** Nothing reachable from an @InterruptContext method may be @MaySleep: each path is an error. */
class ContextChecksTests {
    @TempDir
    Path dir;

    @Test
    void eachPathFromInterruptContextToASleepIsAnError() throws Exception {
        Path classes = TestClasses.copy(dir, Sleepy.class);
        CompileException e = assertThrows(CompileException.class,
                () -> Pipeline.emitLlvm(List.of(classes), Target.KERNEL, "m"));
        String why = " (an interrupt handler has no thread to put to sleep; use a spinlock, or hand the work to a "
                + "thread) [in Sleepy.trap]";
        assertEquals(List.of(
                "org/zeptux/compiler/testdata/Sleepy.java:49: error: Sleepy.Mutex.lock may sleep, and interrupt context "
                        + "reaches it: Sleepy.trap -> Sleepy.Locking.handle -> Sleepy.Mutex.lock" + why,
                "org/zeptux/compiler/testdata/Sleepy.java:51: error: Sleepy.Mutex.sleep may sleep, and interrupt context "
                        + "reaches it: Sleepy.trap -> Sleepy.pause -> Sleepy.Mutex.sleep" + why),
                e.errors().stream().map(Object::toString).toList());
    }
}
