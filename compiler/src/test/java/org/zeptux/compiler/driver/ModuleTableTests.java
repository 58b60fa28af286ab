package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeptux.compiler.image.ImageException;
import org.zeptux.compiler.image.ModuleFile;

/** Module files and the order linked-in modules start in. */
class ModuleTableTests {
    private static final byte[] ELF = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};

    private static ModuleFile module(String name, String... depends) {
        return new ModuleFile(name, "1.0", 1, "zmod_" + name + "_init", "zmod_" + name + "_exit", List.of(depends),
                List.of("memcpy"), false, ELF);
    }

    private static List<String> names(List<ModuleFile> modules) {
        return modules.stream().map(ModuleFile::name).toList();
    }

    @Test
    void modulesStartAfterWhatTheyDependOn() throws Exception {
        List<ModuleFile> ordered = ModuleTable.order(List.of(module("c", "b"), module("a"), module("b", "a"), module("d", "a", "c")));
        assertEquals(List.of("a", "b", "c", "d"), names(ordered));
        assertEquals(List.of("x", "y"), names(ModuleTable.order(List.of(module("x"), module("y")))), "independent: as given");
    }

    @Test
    void cyclesMissingDependenciesAndDuplicatesAreRefused() {
        assertEquals("modules depend on each other in a cycle through a",
                assertThrows(ImageException.class, () -> ModuleTable.order(List.of(module("a", "b"), module("b", "a")))).getMessage());
        assertEquals("module a depends on zz, which is not linked in",
                assertThrows(ImageException.class, () -> ModuleTable.order(List.of(module("a", "zz")))).getMessage());
        assertEquals("module a is given twice",
                assertThrows(ImageException.class, () -> ModuleTable.order(List.of(module("a"), module("a")))).getMessage());
        assertThrows(ImageException.class, () -> ModuleTable.order(List.of(module("Bad Name"))));
    }

    @Test
    void aModuleFileReadsBackAndBadOnesAreOneLine() throws Exception {
        ModuleFile m = module("hello", "base");
        ModuleFile back = ModuleFile.read(m.bytes(), "hello.zm");
        assertEquals(m.name(), back.name());
        assertEquals(m.depends(), back.depends());
        assertEquals(m.init(), back.init());
        assertArrayEquals(m.object(), back.object());
        byte[] bytes = m.bytes();
        assertEquals("x.zm is truncated or has trailing bytes (object)",
                assertThrows(ImageException.class, () -> ModuleFile.read(Arrays.copyOf(bytes, bytes.length - 1), "x.zm")).getMessage());
        byte[] format = bytes.clone();
        format[4] = 9;
        assertEquals("x.zm: module format 9, this zeptuxc reads format 1",
                assertThrows(ImageException.class, () -> ModuleFile.read(format, "x.zm")).getMessage());
        assertEquals(List.of("memcpy"), back.uses());
        byte[] notElf = new ModuleFile("n", "1", 1, "i", "e", List.of(), List.of(), false, new byte[] {1, 2, 3, 4}).bytes();
        assertTrue(assertThrows(ImageException.class, () -> ModuleFile.read(notElf, "n.zm")).getMessage().contains("not an ELF"));
        assertEquals(false, back.unsafe());
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("\nunsafe=0\n"));
        ModuleFile raw = new ModuleFile("raw", "1", 1, "i", "e", List.of(), List.of(), true, ELF);
        assertEquals(true, ModuleFile.read(raw.bytes(), "raw.zm").unsafe());
        assertTrue(new String(raw.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("\nunsafe=1\n"));
        byte[] bad = new String(raw.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).replace("unsafe=1", "unsafe=x")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("bad.zm: unsafe is not 0 or 1: x",
                assertThrows(ImageException.class, () -> ModuleFile.read(bad, "bad.zm")).getMessage());
        assertTrue(ModuleTable.assembly(List.of(m)).contains("dq module_name_0, module_version_0, 1, zmod_hello_init, zmod_hello_exit, 0\n"));
        assertTrue(ModuleTable.assembly(List.of(raw)).contains("dq module_name_0, module_version_0, 1, i, e, 1\n"));
    }
}
