package org.zeptux.compiler.driver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The kernel's frame table: for every return address in the kernel's code, the Java frames
 * it stands for, innermost first, inlined methods included ({@code pkg.Class.method(File.java:LINE)}).
 * The kernel reads it to print backtraces (org.zeptux.kernel.lib.Backtrace).
 *
 * <p>It is made after a first link, from the DWARF line tables (llvm-symbolizer --inlining)
 * and the call instructions (llvm-objdump), then assembled and linked last, so the kernel's
 * code does not move (the image builder checks that it did not). Layout (all little-endian):
 *
 * <pre>
 *   zeptux_frame_table:  u64 count
 *                        count × { u64 return address, u64 text offset, u64 text length }  (sorted)
 *                        text: the frames of each entry, one per line
 *   zeptux_frames():     returns the table's address
 * </pre>
 */
final class FrameTable {
    private FrameTable() {}

    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([0-9a-f]+):\\s+(\\S+)");

    /** An assembly file with an empty table, for the first link. */
    static String empty() {
        return assembly(new TreeMap<>());
    }

    /** The return address of every call instruction in {@code elf}, sorted. */
    static List<Long> returnAddresses(Toolchain tools, Path elf) throws ToolException {
        String dis = tools.output(Tool.OBJDUMP, List.of("-d", "--no-show-raw-insn", elf.toString()));
        TreeSet<Long> returns = new TreeSet<>();
        boolean afterCall = false;
        for (String line : dis.split("\n")) {
            Matcher m = INSTRUCTION.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (afterCall) {
                returns.add(Long.parseUnsignedLong(m.group(1), 16));
            }
            afterCall = m.group(2).startsWith("call");
        }
        return new ArrayList<>(returns);
    }

    /** The table for the code in {@code elf}, as NASM source. */
    static String build(Toolchain tools, Path elf, List<Long> returns) throws ToolException {
        TreeMap<Long, String> frames = new TreeMap<>(Long::compareUnsigned);
        if (!returns.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("--obj=" + elf, "--inlining", "--functions=short"));
            for (long r : returns) {
                args.add("0x" + Long.toHexString(r - 1)); // inside the call instruction
            }
            String out = tools.output(Tool.SYMBOLIZER, args);
            TreeMap<Long, String> symbols = codeSymbols(tools, elf);
            String[] blocks = out.split("\n\\s*\n");
            for (int i = 0; i < blocks.length && i < returns.size(); i++) {
                String text = frames(blocks[i]);
                if (text.isEmpty()) {
                    // No line table here (assembly): name the enclosing code symbol.
                    var below = symbols.floorEntry(returns.get(i) - 1);
                    text = below == null ? "" : below.getValue() + "(assembly)";
                }
                if (!text.isEmpty()) {
                    frames.put(returns.get(i), text);
                }
            }
        }
        return assembly(frames);
    }

    /** Global code symbols (nm type T) by address, in unsigned order. */
    private static TreeMap<Long, String> codeSymbols(Toolchain tools, Path elf) throws ToolException {
        TreeMap<Long, String> symbols = new TreeMap<>(Long::compareUnsigned);
        for (String line : tools.output(Tool.NM, List.of("--defined-only", elf.toString())).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && f[1].equals("T")) {
                symbols.put(Long.parseUnsignedLong(f[0], 16), f[2]);
            }
        }
        return symbols;
    }

    /** One symbolizer block (function and file:line:column pairs) as Java frame lines. */
    private static String frames(String block) {
        String[] lines = block.strip().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String function = lines[i].strip();
            String location = lines[i + 1].strip();
            if (function.equals("??")) {
                continue;
            }
            if (location.startsWith("??")) {
                continue;
            }
            int paren = function.indexOf('(');
            String name = paren > 0 ? function.substring(0, paren) : function;
            String[] parts = location.split(":");
            String file = parts[0].substring(parts[0].lastIndexOf('/') + 1);
            String line = parts.length > 1 ? parts[1] : "0";
            sb.append(sb.length() == 0 ? "" : "\n").append(name).append('(').append(file).append(':').append(line).append(')');
        }
        return sb.toString();
    }

    private static String assembly(TreeMap<Long, String> frames) {
        StringBuilder asm = new StringBuilder("; the kernel's frame table, generated by zeptuxc image\n");
        asm.append("bits 64\nsection .rodata\nalign 8\nzeptux_frame_table:\n");
        asm.append("    dq ").append(frames.size()).append('\n');
        long offset = 8 + 24L * frames.size();
        List<byte[]> texts = new ArrayList<>();
        for (var e : frames.entrySet()) {
            byte[] text = e.getValue().getBytes(StandardCharsets.UTF_8);
            asm.append("    dq 0x").append(Long.toHexString(e.getKey())).append(", ").append(offset).append(", ")
                    .append(text.length).append('\n');
            offset += text.length;
            texts.add(text);
        }
        for (byte[] text : texts) {
            StringBuilder db = new StringBuilder("    db ");
            for (int i = 0; i < text.length; i++) {
                db.append(i == 0 ? "" : ",").append(text[i] & 0xFF);
            }
            if (text.length > 0) {
                asm.append(db).append('\n');
            }
        }
        asm.append("section .text\nglobal zeptux_frames\nzeptux_frames:\n");
        asm.append("    lea rax, [rel zeptux_frame_table]\n    ret\n");
        return asm.toString();
    }
}
