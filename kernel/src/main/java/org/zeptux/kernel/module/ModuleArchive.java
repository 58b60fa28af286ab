package org.zeptux.kernel.module;

import org.zeptux.kernel.lib.Elf;

/**
 * Finding a module file by name in the module archive {@code zeptuxc image --pack} writes
 * (docs/modules.md), read from untrusted bytes. Safe code.
 *
 * <pre>
 *   archive:  "ZARC"  u32 count  count x { u32 offset, u32 length }  the files
 *   file:     "ZMOD"  u32 1  u32 M  M bytes of manifest  u32 N  N bytes of ELF object
 * </pre>
 *
 * <p>{@link #find} walks the table: an entry outside the archive, or a table longer than the
 * archive, makes the whole archive corrupt. A file that is not a module of format 1 or whose
 * manifest is refused is passed over, unless its manifest has the line {@code name=NAME}:
 * then the refusal is the file's. The first file whose manifest is accepted and names the
 * module is the one found; its object must fill the rest of the file exactly. On success
 * {@link #objectAt} and {@link #objectLength} say where the object is and the manifest
 * passed in holds the file's manifest.
 *
 * <p>State: {@code find} sets both fields, so nothing of an earlier lookup survives it.
 */
public final class ModuleArchive {
    public static final int MAGIC = 0x4352415A;               // "ZARC"
    public static final int MODULE_MAGIC = 0x444F4D5A;        // "ZMOD"
    public static final int FORMAT = 1;

    public static final String CORRUPT = "the module archive is corrupt";
    public static final String NOT_FOUND = "no such module in the image";
    public static final String TRUNCATED = "corrupt module file (its object is truncated or has trailing bytes)";

    /** Where the found module's ELF object starts in the archive, and its length. */
    public int objectAt;
    public int objectLength;

    /**
     * Finds the module named by the {@code nameLength} bytes of {@code name} in {@code archive}:
     * null (and the object's place, and {@code manifest} filled), or why not.
     */
    public String find(byte[] archive, byte[] name, int nameLength, ModuleManifest manifest) {
        objectAt = 0;
        objectLength = 0;
        if (archive.length < 8 || Elf.i32(archive, 0) != MAGIC) {
            return CORRUPT;
        }
        long count = Elf.u32(archive, 4);
        if (count > (archive.length - 8) / 8) {
            return CORRUPT;
        }
        for (int i = 0; i < count; i++) {
            long offset = Elf.u32(archive, 8 + 8 * i);
            long length = Elf.u32(archive, 12 + 8 * i);
            if (!Elf.inside(offset, length, archive.length)) {
                return CORRUPT;
            }
            int at = (int) offset;
            if (length < 16 || Elf.i32(archive, at) != MODULE_MAGIC || Elf.i32(archive, at + 4) != FORMAT) {
                continue;
            }
            long manifestLength = Elf.u32(archive, at + 8);
            if (manifestLength > length - 16) {
                continue;
            }
            int m = (int) manifestLength;
            if (!ModuleManifest.names(archive, at + 12, m, name, nameLength)) {
                continue;
            }
            String why = manifest.parse(archive, at + 12, m);
            if (why != null) {
                return why;
            }
            if (Elf.u32(archive, at + 12 + m) != length - 16 - m) {
                return TRUNCATED;
            }
            objectAt = at + 16 + m;
            objectLength = (int) (length - 16 - m);
            return null;
        }
        return NOT_FOUND;
    }

    /** Copies the object {@link #find} found out of {@code archive} into {@code object} ({@link #objectLength} bytes). */
    public void copyObject(byte[] archive, byte[] object) {
        for (int i = 0; i < objectLength; i++) {
            object[i] = archive[objectAt + i];
        }
    }
}
