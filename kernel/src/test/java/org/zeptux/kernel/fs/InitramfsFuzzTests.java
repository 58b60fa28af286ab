package org.zeptux.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import org.zeptux.rt.host.Machine;

/**
 * Coverage-guided fuzzing of the initramfs unpacker with Jazzer: every input is an archive
 * unpacked by the kernel's own code ({@link Initramfs#unpackInto}, through the KTests' helper
 * {@code InitramfsKTests.fuzzOne}) into a fresh tmpfs over the simulated PC, in the kernel class
 * loader the JVM's KTests use, then unmounted. Any exception (in the kernel: a panic) is a crash;
 * a refusal is one line; nothing may be left behind — no inode, tmpfs page, dentry or path buffer.
 * The corpus ({@code src/test/resources/.../InitramfsFuzzTestsInputs/unpack/}: archives with
 * directories, files, links, a device, a replaced entry, names with ".", "..", "//" and a leading
 * "/") is replayed by {@code make test}; {@code make fuzz-loader TARGET=unpack} fuzzes it.
 */
class InitramfsFuzzTests {
    private static Machine machine;
    private static Method fuzzOne;

    private static synchronized void setUp() throws Exception {
        if (fuzzOne == null) {
            machine = new Machine();
            var loader = new org.zeptux.kernel.KTestJvmTests.KernelLoader();
            try (var ignored = Machine.install(machine)) {
                fuzzOne = loader.loadClass("org.zeptux.kernel.fs.InitramfsKTests").getMethod("fuzzOne", byte[].class);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void unpack(byte[] input) throws Exception {
        setUp();
        try (var ignored = Machine.install(machine)) {
            String why = (String) fuzzOne.invoke(null, (Object) input);
            assertTrue(why == null || !why.isEmpty() && why.indexOf('\n') < 0, why);
            assertFalse(why != null && why.startsWith("LEAK"), why);
        }
    }
}
