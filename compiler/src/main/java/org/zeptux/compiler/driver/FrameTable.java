package org.zeptux.compiler.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.ToolException;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The kernel's frame table: for every instruction in the kernel's code that can fault or call, the Java frames it
 * stands for, innermost first, inlined methods included ({@code pkg.Class.method(File.java:LINE)}).
 * The kernel reads it to print backtraces (a return address minus one: inside the call) and to
 * name the instruction a CPU exception stopped at (org.zeptux.kernel.debug.Backtrace).
 *
 * <p>It is made after a first link, from the DWARF line tables (llvm-symbolizer --inlining over
 * every instruction llvm-objdump finds), then assembled and linked last, so the kernel's code
 * does not move (the image builder checks that it did not). Runs of instructions with the same
 * frames share one entry; code without line tables (assembly) is named by its symbol. Layout
 * (all little-endian):
 *
 * <pre>
 *   zeptux_frame_table:  u64 count
 *                        count × { u64 first address, u32 list offset, u32 frames }
 *                            (sorted; an entry covers the addresses up to the next one; the
 *                             last entry, at the end of .text, has no frames)
 *                        lists: u32 frame offsets, innermost first (each list stored once)
 *                        frames: { u16 length, bytes } "Class.method(File.java:LINE)" (each stored once)
 *   zeptux_frames():     returns the table's address
 *
 * Offsets count from zeptux_frame_table.
 * </pre>
 */
final class FrameTable {
    private FrameTable() {}

    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([0-9a-f]+):\\s+(\\S+)(.*)$");
    private static final Pattern TEXT_SECTION =
            Pattern.compile("^\\s*\\d+\\s+\\.text\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s");

    /**
     * The addresses of a linked kernel's instructions, those of them that can fault or call
     * (the only ones a panic or a backtrace looks up), and where its .text ends.
     */
    record Code(List<Long> instructions, List<Long> lookedUp, long textEnd) {}

    /**
     * Whether an instruction (objdump's AT&T text) can raise an exception or is a call: a
     * memory operand, the stack, a divide, a trap or a privileged register access. Only
     * these get frames of their own; the others belong to the run before them.
     */
    static boolean canFaultOrCall(String mnemonic, String operands) {
        if (operands.contains("(") || operands.contains("%cr")) {
            return true;
        }
        String m = mnemonic.replaceFirst("[bwlq]$", "");
        return m.startsWith("call") || m.startsWith("push") || m.startsWith("pop") || m.startsWith("ret")
                || m.equals("div") || m.equals("idiv") || m.equals("ud2") || m.equals("int3") || m.startsWith("iret")
                || m.equals("rdmsr") || m.equals("wrmsr") || m.startsWith("lgdt") || m.startsWith("lidt")
                || m.equals("ltr") || m.startsWith("movs") || m.startsWith("stos") || m.equals("leave")
                || m.equals("jmp") && operands.contains("*");
    }

    /** An assembly file with an empty table, for the first link. */
    static String empty(Path table) throws IOException {
        return assembly(new TreeMap<>(), table);
    }

    /**
     * Every instruction address in {@code elf}'s code from {@code _start} on (before it, .text
     * holds the kernel header and test padding: data), sorted, and the end of .text.
     */
    static Code code(Toolchain tools, Path elf) throws ToolException {
        String dis = tools.output(Tool.OBJDUMP, List.of("-d", "--no-show-raw-insn", elf.toString()));
        List<Long> addresses = new ArrayList<>();
        List<Long> lookedUp = new ArrayList<>();
        boolean code = false;
        boolean symbolStart = false;
        // objdump's lines, read by hand (108,000 lines for the kernel; a regular expression a line
        // took a second): "  ADDR:\tMNEMONIC\tOPERANDS", symbols as "ADDR <name>:".
        for (int at = 0, next; at < dis.length(); at = next + 1) {
            next = dis.indexOf('\n', at);
            if (next < 0) {
                next = dis.length();
            }
            if (next - at >= 2 && dis.charAt(next - 1) == ':' && dis.charAt(next - 2) == '>') {
                code |= dis.startsWith(" <_start>:", next - 10);
                symbolStart = true;
                continue;
            }
            if (!code) {
                continue;
            }
            int start = at;
            while (start < next && dis.charAt(start) == ' ') {
                start++;
            }
            int colon = start;
            while (colon < next && Character.digit(dis.charAt(colon), 16) >= 0) {
                colon++;
            }
            if (colon == start || colon >= next || dis.charAt(colon) != ':') {
                continue;
            }
            int m0 = colon + 1;
            while (m0 < next && Character.isWhitespace(dis.charAt(m0))) {
                m0++;
            }
            if (m0 >= next) {
                continue;
            }
            int m1 = m0;
            while (m1 < next && !Character.isWhitespace(dis.charAt(m1))) {
                m1++;
            }
            long a = Long.parseUnsignedLong(dis, start, colon, 16);
            addresses.add(a);
            // A symbol's first instruction starts a run too: assembly is named by its symbol.
            if (symbolStart || canFaultOrCall(dis.substring(m0, m1), dis.substring(m1, next))) {
                lookedUp.add(a);
            }
            symbolStart = false;
        }
        addresses.sort(Long::compareUnsigned);
        lookedUp.sort(Long::compareUnsigned);
        return new Code(distinct(addresses), distinct(lookedUp), textEnd(tools, elf));
    }

    /** A sorted list without repeats. */
    private static List<Long> distinct(List<Long> sorted) {
        List<Long> out = new ArrayList<>(sorted.size());
        for (Long a : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Where {@code elf}'s .text ends. */
    private static long textEnd(Toolchain tools, Path elf) throws ToolException {
        long end = 0;
        for (String line : tools.output(Tool.OBJDUMP, List.of("-h", elf.toString())).split("\n")) {
            Matcher m = TEXT_SECTION.matcher(line);
            if (m.find()) {
                end = Long.parseUnsignedLong(m.group(2), 16) + Long.parseUnsignedLong(m.group(1), 16);
            }
        }
        if (end == 0) {
            throw new ToolException("the kernel has no .text section");
        }
        return end;
    }

    /**
     * The layout of {@code elf}'s code: every code symbol's address and size, and the end of .text.
     * Equal layouts before and after the frame table is linked in mean the code did not move (its
     * instructions are the same objects' and only the displacements to data may differ), which is
     * what {@link #code}'s addresses would show, without disassembling the kernel again.
     */
    static String layout(Toolchain tools, Path elf) throws ToolException {
        StringBuilder sb = new StringBuilder();
        for (String line : tools.output(Tool.NM, List.of("-S", "--defined-only", elf.toString())).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4 && (f[2].equals("T") || f[2].equals("t"))) {
                sb.append(line.strip()).append('\n');
            }
        }
        return sb.append("end of .text ").append(Long.toHexString(textEnd(tools, elf))).toString();
    }

    /** How many llvm-symbolizer processes share the addresses (the build machine has two CPUs). */
    static final int SYMBOLIZERS = 2;

    /**
     * The table for {@code code} in {@code elf}, as NASM source that includes {@code table};
     * {@code scratch} (a directory) holds the symbolizers' input. The addresses are cut into
     * {@link #SYMBOLIZERS} runs symbolized side by side (and nm beside them), answers in order.
     */
    static String build(Toolchain tools, Path elf, Code code, Path scratch, Path table) throws ToolException, IOException {
        TreeMap<Long, String> frames = new TreeMap<>(Long::compareUnsigned);
        List<Long> addresses = code.lookedUp();
        if (!addresses.isEmpty()) {
            int runs = Math.min(SYMBOLIZERS, addresses.size());
            String[] answers = new String[runs];
            List<Runnable> jobs = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                StringBuilder in = new StringBuilder();
                for (long a : addresses.subList(r * addresses.size() / runs, (r + 1) * addresses.size() / runs)) {
                    in.append("0x").append(Long.toHexString(a)).append('\n');
                }
                Path input = scratch.resolve("addresses" + r + ".txt");
                Files.writeString(input, in.toString(), StandardCharsets.US_ASCII);
                int run = r;
                jobs.add(() -> answers[run] = Pipeline.unchecked(() -> tools.output(Tool.SYMBOLIZER,
                        List.of("--obj=" + elf, "--inlining", "--functions=short"), input)));
            }
            @SuppressWarnings("unchecked")
            TreeMap<Long, String>[] symbolsOf = new TreeMap[1];
            jobs.add(() -> symbolsOf[0] = Pipeline.unchecked(() -> codeSymbols(tools, elf)));
            Pipeline.parallel(jobs);
            TreeMap<Long, String> symbols = symbolsOf[0];
            List<String> blocks = new ArrayList<>(addresses.size());
            for (String out : answers) {
                blocks.addAll(List.of(out.split("\n\\s*\n")));
            }
            if (blocks.size() != addresses.size()) {
                throw new ToolException("llvm-symbolizer answered " + blocks.size() + " of "
                        + addresses.size() + " addresses");
            }
            String previous = null;
            for (int i = 0; i < blocks.size(); i++) {
                var below = symbols.floorEntry(addresses.get(i));
                String symbol = below == null ? "" : below.getValue();
                String text = frames(blocks.get(i), javaName(symbol));
                if (text.isEmpty() && !symbol.isEmpty()) {
                    text = symbol + "(assembly)";  // no line table here: name the code symbol
                }
                if (!text.equals(previous)) {
                    frames.put(addresses.get(i), text);
                    previous = text;
                }
            }
        }
        frames.put(code.textEnd(), "");
        return assembly(frames, table);
    }

    /** Code symbols (nm type T or t) by address, in unsigned order. */
    private static TreeMap<Long, String> codeSymbols(Toolchain tools, Path elf) throws ToolException {
        TreeMap<Long, String> symbols = new TreeMap<>(Long::compareUnsigned);
        for (String line : tools.output(Tool.NM, List.of("--defined-only", elf.toString())).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && (f[1].equals("T") || f[1].equals("t"))) {
                symbols.put(Long.parseUnsignedLong(f[0], 16), f[2]);
            }
        }
        return symbols;
    }

    /**
     * {@code Class.method} for a compiled method's symbol ({@code pkg.Class.method(DESC)RET}),
     * the way the DWARF names it; "??" for any other symbol.
     */
    static String javaName(String symbol) {
        int paren = symbol.indexOf('(');
        if (paren < 0) {
            return "??";
        }
        String qualified = symbol.substring(0, paren);
        int method = qualified.lastIndexOf('.');
        int type = method < 0 ? -1 : qualified.lastIndexOf('.', method - 1);
        return method < 0 ? "??" : qualified.substring(type + 1);
    }

    /**
     * One symbolizer block (function and file:line:column pairs) as Java frame lines; a frame
     * whose function the DWARF does not name (LLVM keeps no subprogram for some functions in
     * line-tables-only debug info) takes {@code outer}, the enclosing symbol's Java name.
     */
    private static String frames(String block, String outer) {
        String[] lines = block.strip().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String function = lines[i].strip();
            String location = lines[i + 1].strip();
            if (function.equals("??") && i + 2 >= lines.length) {
                function = outer;                  // only the outermost frame can be the symbol's
            }
            if (function.equals("??") || location.startsWith("??")) {
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

    /**
     * The table as NASM source that includes its bytes from {@code table} (written here): the table
     * holds only numbers and offsets from its own start, so it is data, and NASM reads it in one
     * piece instead of assembling a line per entry.
     */
    private static String assembly(TreeMap<Long, String> frames, Path table) throws IOException {
        // Intern the single frames and the lists of them: inlined methods repeat in many entries.
        Map<String, Integer> frameIds = new LinkedHashMap<>();
        Map<String, List<Integer>> lists = new LinkedHashMap<>();
        for (String text : frames.values()) {
            if (text.isEmpty() || lists.containsKey(text)) {
                continue;
            }
            List<Integer> ids = new ArrayList<>();
            for (String frame : text.split("\n")) {
                ids.add(frameIds.computeIfAbsent(frame, f -> frameIds.size()));
            }
            lists.put(text, ids);
        }
        long listsStart = 8 + 16L * frames.size();
        Map<String, Long> listOffsets = new LinkedHashMap<>();
        long at = listsStart;
        for (var e : lists.entrySet()) {
            listOffsets.put(e.getKey(), at);
            at += 4L * e.getValue().size();
        }
        at = (at + 1) & -2;                                 // frames start 2-aligned
        long[] frameOffsets = new long[frameIds.size()];
        int n = 0;
        for (String frame : frameIds.keySet()) {
            frameOffsets[n++] = at;
            at += 2 + frame.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(at)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(frames.size());
        for (var e : frames.entrySet()) {
            List<Integer> ids = lists.get(e.getValue());
            out.putLong(e.getKey());
            out.putInt(ids == null ? 0 : Math.toIntExact(listOffsets.get(e.getValue())));
            out.putInt(ids == null ? 0 : ids.size());
        }
        for (List<Integer> ids : lists.values()) {
            for (int id : ids) {
                out.putInt(Math.toIntExact(frameOffsets[id]));
            }
        }
        out.position(Math.toIntExact(frameIds.isEmpty() ? out.position() : frameOffsets[0]));
        for (String frame : frameIds.keySet()) {
            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) bytes.length);
            out.put(bytes);
        }
        Files.write(table, out.array());
        return include(table);
    }

    /** NASM source for the table whose bytes are in {@code table}. */
    static String include(Path table) {
        StringBuilder asm = new StringBuilder("; the kernel's frame table, generated by zeptuxc image\n");
        asm.append("bits 64\nsection .rodata\nalign 8\nzeptux_frame_table:\n");
        asm.append("    incbin \"").append(table.toAbsolutePath()).append("\"\n");
        asm.append("section .text\nglobal zeptux_frames\nzeptux_frames:\n");
        asm.append("    lea rax, [rel zeptux_frame_table]\n    ret\n");
        return asm.toString();
    }
}
