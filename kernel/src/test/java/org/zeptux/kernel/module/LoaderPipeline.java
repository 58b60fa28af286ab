package org.zeptux.kernel.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.zeptux.kernel.lib.Elf;

/**
 * What {@code insmod} does with the bytes it reads, on the JVM: find the module in an
 * archive, copy its object out, plan, link into an image of the planned size, exactly the
 * steps of {@link ModuleLoader} with {@code new byte[]} for its buffers. Also the oracle the
 * loader's tests and fuzz tests share: the result is null or one of the parser's reason
 * strings (one line), an accepted module's layout is sane, and the same input gives the same
 * result and image again (no state from one load to the next).
 */
final class LoaderPipeline {
    private LoaderPipeline() {}

    static final long SLOT = 2L << 20;
    static final long VA = 0xFFFFFFFFC0000000L;

    /** Every reason string of the parser (the public static final Strings of its classes). */
    static final Set<String> REASONS = reasons(Elf.class, ModuleArchive.class, ModuleManifest.class, ModuleLayout.class);

    private static Set<String> reasons(Class<?>... classes) {
        Set<String> all = new HashSet<>();
        for (Class<?> c : classes) {
            for (Field f : c.getFields()) {
                if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                    try {
                        all.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return all;
    }

    /**
     * Kernel symbols for tests: every name a zeptuxc module may import (the module API's
     * {@code org.zeptux.kernel.} methods, {@code class.} infos, {@code zeptux_} runtime
     * functions and the C builtins) at an address made from the name, in the kernel's top 2 GiB;
     * anything else is unknown.
     */
    static final KernelSymbols KERNEL = new KernelSymbols() {
        @Override
        public int find(byte[] object, int at, int length) {
            String name = new String(object, at, length, StandardCharsets.ISO_8859_1);
            boolean api = name.startsWith("org.zeptux.kernel.") || name.startsWith("class.") || name.startsWith("zeptux_")
                    || name.startsWith("mem");
            return api ? name.hashCode() & 0xFFFFF : -1;
        }

        @Override
        public long address(int index) {
            return 0xFFFFFFFF80100000L + ((long) index << 4);
        }
    };

    /** The outcome of one load: the reason (null: loaded) and the image. */
    record Result(String why, byte[] image, long init, long exit) {}

    /** Loads module {@code name} from {@code archive} as insmod does, up to the image. */
    static Result load(byte[] archive, String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        ModuleArchive finder = new ModuleArchive();
        ModuleManifest manifest = new ModuleManifest();
        String why = finder.find(archive, n, n.length, manifest);
        if (why != null) {
            return new Result(why, null, -1, -1);
        }
        byte[] object = new byte[finder.objectLength];
        finder.copyObject(archive, object);
        ModuleLayout layout = new ModuleLayout();
        why = layout.plan(object, manifest, SLOT);
        if (why != null) {
            return new Result(why, null, -1, -1);
        }
        assertTrue(layout.size > 0 && layout.size <= SLOT && layout.size % 4096 == 0, "size " + layout.size);
        assertTrue(layout.base[ModuleLayout.RODATA] <= layout.base[ModuleLayout.DATA] && layout.base[ModuleLayout.DATA] <= layout.size);
        assertTrue(layout.init >= 0 && layout.init < layout.base[ModuleLayout.RODATA], "init in text");
        assertTrue(layout.exit >= 0 && layout.exit < layout.base[ModuleLayout.RODATA], "exit in text");
        byte[] image = new byte[(int) layout.size];
        why = layout.link(object, image, VA, KERNEL);
        if (why == ModuleLayout.UNKNOWN_SYMBOL) {
            assertTrue(layout.unknownAt >= 0 && layout.unknownLength >= 0 && layout.unknownAt + layout.unknownLength < object.length);
        }
        return new Result(why, why == null ? image : null, layout.init, layout.exit);
    }

    /** {@link #load}, checked: a known reason or a sane image, and the same again on a second run. */
    static Result check(byte[] archive, String name) {
        Result first = load(archive, name);
        assertTrue(first.why() == null || REASONS.contains(first.why()), "an unknown reason: " + first.why());
        assertFalse(first.why() != null && first.why().indexOf('\n') >= 0, "one line");
        Result second = load(archive, name);
        assertEquals(first.why(), second.why(), "the same input, the same result");
        if (first.image() != null) {
            assertArrayEquals(first.image(), second.image(), "the same image");
        }
        return first;
    }

    /** An archive holding the given module files, as zeptuxc image --pack lays it out. */
    static byte[] archive(byte[]... files) {
        int size = 8 + 8 * files.length;
        for (byte[] f : files) {
            size = (size + 7 & -8) + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ModuleArchive.MAGIC).putInt(files.length);
        int at = 8 + 8 * files.length;
        for (int i = 0; i < files.length; i++) {
            at = at + 7 & -8;
            b.putInt(8 + 8 * i, at).putInt(12 + 8 * i, files[i].length);
            b.put(at, files[i]);
            at += files[i].length;
        }
        return b.array();
    }

    /** The name a module file's manifest gives (its first name= line), or "hello". */
    static String nameOf(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("name=");
        if (at < 0) {
            return "hello";
        }
        int end = at + 5;
        while (end < text.length() && end < at + 5 + 31 && text.charAt(end) != '\n') {
            end++;
        }
        return text.substring(at + 5, end);
    }
}
