package org.zeptux.compiler.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Module files packed into the disk image for loading at run time (insmod). Little-endian:
 *
 * <pre>
 *   "ZARC"                     magic
 *   u32 count
 *   count × { u32 offset, u32 length }   of each module file, from the archive's start
 *   the module files (ModuleFile), each 8-byte aligned
 * </pre>
 */
public final class ModuleArchive {
    private ModuleArchive() {}

    /** The archive of {@code modules} (module file bytes); empty (no bytes) for none. */
    public static byte[] pack(List<byte[]> modules) {
        if (modules.isEmpty()) {
            return new byte[0];
        }
        int offset = 8 + 8 * modules.size();
        int size = offset;
        for (byte[] m : modules) {
            size = (size + 7) & -8;
            size += m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'Z', 'A', 'R', 'C'}).putInt(modules.size());
        int at = offset;
        for (int i = 0; i < modules.size(); i++) {
            at = (at + 7) & -8;
            b.putInt(8 + 8 * i, at).putInt(12 + 8 * i, modules.get(i).length);
            b.put(at, modules.get(i));
            at += modules.get(i).length;
        }
        return b.array();
    }
}
