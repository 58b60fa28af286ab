package org.zeptux.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.zeptux.kernel.lib.Elf;

/**
 * A seeded generator of malformed kernel modules: mutants of one module file (examples/hello's),
 * each with a name of its own ({@code f0000}, {@code f0001}, ...) and one kind of damage, in
 * turn: an ELF header field, a section header field, a symbol field, a relocation field, the
 * manifest (a line deleted, doubled, emptied, given a wrapping number, a NUL, a missing '='),
 * bit flips in the object's metadata, a truncation (of the file, or of the object with its
 * length fixed up), or two field mutations at once. Fields get the values that break bounds
 * checks: 0, 1, all ones, the sign bit, 2^32, huge 64-bit values, neighbours of the original.
 * The same seed and index always give the same mutant.
 */
final class ModuleMutator {
    /** A mutant: its module name, its file and what was done to it. */
    record Mutant(String name, byte[] file, String damage) {}

    private final String manifest;
    private final byte[] object;
    private final int shoff;
    private final int sections;
    private final int symtab;
    private final List<Integer> relocations = new ArrayList<>();
    /** [start, end) ranges of the object that are metadata: header, section headers, symbols, relocations, strings. */
    private final List<int[]> metadata = new ArrayList<>();
    private final long seed;

    ModuleMutator(byte[] file, long seed) {
        this.seed = seed;
        int m = (int) Elf.u32(file, 8);
        manifest = new String(file, 12, m, StandardCharsets.ISO_8859_1);
        object = Arrays.copyOfRange(file, 16 + m, file.length);
        if (Elf.check(object, Elf.ET_REL, 64) != null) {
            throw new IllegalArgumentException("not a module file with a valid object");
        }
        shoff = (int) Elf.u64(object, 40);
        sections = Elf.sections(object);
        metadata.add(new int[] {0, 64});
        metadata.add(new int[] {shoff, shoff + 64 * sections});
        int found = -1;
        for (int s = 1; s < sections; s++) {
            int type = Elf.sectionType(object, s);
            int at = (int) Elf.sectionOffset(object, s);
            int size = (int) Elf.sectionSize(object, s);
            if (type == Elf.SHT_SYMTAB) {
                found = s;
            }
            if (type == Elf.SHT_SYMTAB || type == Elf.SHT_STRTAB || type == Elf.SHT_RELA) {
                metadata.add(new int[] {at, at + size});
            }
            long target = Elf.sectionInfo(object, s);
            if (type == Elf.SHT_RELA && (Elf.sectionFlags(object, (int) target) & Elf.SHF_ALLOC) != 0) {
                for (int r = 0; r < size / 24; r++) {
                    relocations.add(at + 24 * r);
                }
            }
        }
        symtab = found;
    }

    /** Mutant {@code i}. */
    Mutant mutant(int i) {
        Random r = new Random(seed * 1_000_003L + i);
        String name = String.format("f%04d", i);
        String text = manifest.replaceFirst("(?m)^name=.*$", "name=" + name);
        byte[] obj = object.clone();
        StringBuilder damage = new StringBuilder();
        int kind = i % 8;
        switch (kind) {
            case 0 -> header(obj, r, damage);
            case 1 -> section(obj, r, damage);
            case 2 -> symbol(obj, r, damage);
            case 3 -> relocation(obj, r, damage);
            case 4 -> text = manifest(text, r, damage);
            case 5 -> flips(obj, r, damage);
            case 6 -> {
                byte[] file = file(text, obj);
                if (r.nextBoolean()) {
                    int length = r.nextInt(file.length);
                    damage.append("file truncated to ").append(length).append(" bytes");
                    return new Mutant(name, Arrays.copyOf(file, length), damage.toString());
                }
                int length = r.nextInt(obj.length);
                damage.append("object truncated to ").append(length).append(" bytes");
                obj = Arrays.copyOf(obj, length);
            }
            default -> {
                for (int k = 0; k < 2; k++) {
                    switch (r.nextInt(4)) {
                        case 0 -> header(obj, r, damage);
                        case 1 -> section(obj, r, damage);
                        case 2 -> symbol(obj, r, damage);
                        default -> relocation(obj, r, damage);
                    }
                    damage.append("; ");
                }
            }
        }
        return new Mutant(name, file(text, obj), damage.toString());
    }

    private static byte[] file(String manifest, byte[] object) {
        byte[] m = manifest.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(16 + m.length + object.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("ZMOD".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(m.length).put(m)
                .putInt(object.length).put(object).array();
    }

    /** ELF header fields: offset, width, name. */
    private static final Object[][] HEADER = {
        {4, 1, "EI_CLASS"}, {5, 1, "EI_DATA"}, {6, 1, "EI_VERSION"}, {16, 2, "e_type"}, {18, 2, "e_machine"},
        {20, 4, "e_version"}, {40, 8, "e_shoff"}, {48, 4, "e_flags"}, {52, 2, "e_ehsize"}, {58, 2, "e_shentsize"},
        {60, 2, "e_shnum"}, {62, 2, "e_shstrndx"},
    };
    private static final Object[][] SECTION = {
        {0, 4, "sh_name"}, {4, 4, "sh_type"}, {8, 8, "sh_flags"}, {16, 8, "sh_addr"}, {24, 8, "sh_offset"},
        {32, 8, "sh_size"}, {40, 4, "sh_link"}, {44, 4, "sh_info"}, {48, 8, "sh_addralign"}, {56, 8, "sh_entsize"},
    };
    private static final Object[][] SYMBOL = {
        {0, 4, "st_name"}, {4, 1, "st_info"}, {6, 2, "st_shndx"}, {8, 8, "st_value"}, {16, 8, "st_size"},
    };
    private static final Object[][] RELOCATION = {
        {0, 8, "r_offset"}, {8, 4, "r_type"}, {12, 4, "r_sym"}, {16, 8, "r_addend"},
    };

    private void header(byte[] obj, Random r, StringBuilder damage) {
        field(obj, 0, HEADER[r.nextInt(HEADER.length)], r, damage.append("ELF header "));
    }

    private void section(byte[] obj, Random r, StringBuilder damage) {
        int s = 1 + r.nextInt(sections - 1);
        field(obj, shoff + 64 * s, SECTION[r.nextInt(SECTION.length)], r, damage.append("section ").append(s).append(' '));
    }

    private void symbol(byte[] obj, Random r, StringBuilder damage) {
        int count = (int) (Elf.sectionSize(object, symtab) / 24);
        int i = 1 + r.nextInt(count - 1);
        int at = (int) Elf.sectionOffset(object, symtab) + 24 * i;
        field(obj, at, SYMBOL[r.nextInt(SYMBOL.length)], r, damage.append("symbol ").append(i).append(' '));
    }

    private void relocation(byte[] obj, Random r, StringBuilder damage) {
        int at = relocations.get(r.nextInt(relocations.size()));
        field(obj, at, RELOCATION[r.nextInt(RELOCATION.length)], r, damage.append("relocation at ").append(at).append(' '));
    }

    /** Sets one field to a value that tests bounds checks. */
    private static void field(byte[] obj, int base, Object[] field, Random r, StringBuilder damage) {
        int at = base + (int) field[0];
        int width = (int) field[1];
        long old = 0;
        for (int b = width - 1; b >= 0; b--) {
            old = old << 8 | (obj[at + b] & 0xFF);
        }
        long[] values = {0, 1, -1, old + 1, old - 1, old ^ (1L << r.nextInt(width * 8)), 1L << (width * 8 - 1),
            (1L << (width * 8 - 1)) - 1, 1L << 32, 1L << 40, -64, -4096, r.nextLong(), old * 2, old + 4096};
        long value = values[r.nextInt(values.length)];
        for (int b = 0; b < width; b++) {
            obj[at + b] = (byte) (value >>> (8 * b));
        }
        damage.append(field[2]).append(" 0x").append(Long.toHexString(old)).append(" -> 0x")
                .append(width == 8 ? Long.toHexString(value) : Long.toHexString(value & ((1L << (width * 8)) - 1)));
    }

    private void flips(byte[] obj, Random r, StringBuilder damage) {
        int n = 1 + r.nextInt(4);
        damage.append("bit flips at");
        for (int k = 0; k < n; k++) {
            int[] range = metadata.get(r.nextInt(metadata.size()));
            int at = range[0] + r.nextInt(range[1] - range[0]);
            int bit = r.nextInt(8);
            obj[at] ^= (byte) (1 << bit);
            damage.append(' ').append(at).append('.').append(bit);
        }
    }

    private static String manifest(String text, Random r, StringBuilder damage) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1);                     // after the final newline
        int line = 1 + r.nextInt(lines.size() - 1);         // not the name: the mutant must still be found by it
        String l = lines.get(line);
        String key = l.substring(0, Math.max(0, l.indexOf('=')));
        String[] values = {"", "4294967297", "99999999999999999999", "-1", "2", "a\u0000b", "\u00ff\u00fe",
            "x".repeat(200), "zmod_hello_exit", "zmod_hello_init", "class.java.lang.String", "nope"};
        switch (r.nextInt(6)) {
            case 0 -> {
                lines.remove(line);
                damage.append("manifest: no ").append(key).append('=');
            }
            case 1 -> {
                lines.add(line, l);
                damage.append("manifest: ").append(key).append("= twice");
            }
            case 2 -> {
                String v = values[r.nextInt(values.length)];
                lines.set(line, key + "=" + v);
                damage.append("manifest: ").append(key).append('=').append(v.length() > 20 ? v.substring(0, 20) + "..." : v);
            }
            case 3 -> {
                int at = r.nextInt(l.length() + 1);
                lines.set(line, l.substring(0, at) + "\u0000" + l.substring(at));
                damage.append("manifest: a NUL in ").append(key).append('=');
            }
            case 4 -> {
                lines.set(line, l.replace("=", ""));
                damage.append("manifest: ").append(key).append(" without '='");
            }
            default -> {
                lines.add(line, "rubbish");
                damage.append("manifest: a line 'rubbish'");
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
