package org.zeptux.compiler.llvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Global;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The kernel module cut into parts (Partition): where functions and globals go, which get
 * internal copies, which keep external linkage, and that every part is a module opt accepts
 * and the same input gives the same parts.
 */
class PartitionTests {
    @TempDir
    Path dir;

    /**
     * {@code a} (exported) calls {@code big} (its only caller: they stay together) and the small
     * {@code s}; {@code c} (exported, as large as a and big) calls {@code s} too, and both read the
     * constant {@code k}. Two parts: a and big in one, s and c in the other. {@code u} and {@code v}
     * both store to the mutable {@code m}, so they share a part.
     */
    private static Module module() {
        Module m = new Module("cut");
        m.add(new Global("k", List.of(new Global.Scalar(Type.I64, 42)), true, false, 8));
        m.add(new Global("m", List.of(new Global.Scalar(Type.I64, 0)), false, false, 8));
        m.add(function("a", true, 10, List.of("big", "s"), "k", null));
        m.add(function("big", false, 100, List.of(), null, null));
        m.add(function("c", true, 110, List.of("s"), "k", null));
        m.add(function("s", false, 5, List.of(), null, null));
        m.add(function("u", true, 3, List.of(), null, "m"));
        m.add(function("v", true, 3, List.of(), null, "m"));
        return m;
    }

    /** A function of about {@code size} instructions that calls {@code calls}, loads {@code reads}, stores to {@code writes}. */
    private static Function function(String name, boolean exported, int size, List<String> calls, String reads,
            String writes) {
        Function f = new Function(name, Type.I64, Function.Ext.NONE, exported);
        Value.Param p = f.addParam(Type.I64, Function.Ext.NONE);
        Block b = f.newBlock("entry");
        Value acc = p;
        for (String callee : calls) {
            b.add(new Instr.Call(Type.I64, callee, List.of(acc), false));
        }
        if (reads != null) {
            acc = b.add(new Instr.Binary(Instr.Binary.Op.ADD, acc,
                    b.add(new Instr.Load(Type.I64, new Value.Symbol(reads), 8, false))));
        }
        if (writes != null) {
            b.add(new Instr.Store(acc, new Value.Symbol(writes), 8, false));
        }
        for (int i = b.instrs().size(); i < size - 1; i++) {
            acc = b.add(new Instr.Binary(Instr.Binary.Op.MUL, acc, Value.constant(Type.I64, i + 3)));
        }
        b.add(new Instr.Return(acc));
        return f;
    }

    private static Partition.Part partOf(Partition p, String function) {
        for (Partition.Part part : p.parts()) {
            if (part.functions().contains(function)) {
                return part;
            }
        }
        throw new AssertionError(function + " is in no part");
    }

    @Test
    void callChainsStayTogetherAndSmallCalleesAreCopied() {
        Partition p = Partition.cut(module(), 2, 40);
        assertEquals(2, p.parts().size());
        Partition.Part first = partOf(p, "a");
        Partition.Part second = partOf(p, "c");
        assertTrue(first != second, "a and c in different parts: " + p.parts());
        assertEquals(first, partOf(p, "big"), "big, called only by a, goes with it");
        // c (110) with s and u, v against a and big (110): the part of c is opt's longest run.
        long[] sizes = new long[2];
        for (Partition.Part part : p.parts()) {
            sizes[part.index()] = p.instructions(part.functions()) + p.instructions(part.copies());
        }
        assertTrue(sizes[0] != sizes[1], java.util.Arrays.toString(sizes));
        assertEquals(sizes[0] > sizes[1] ? 0 : 1, p.largest(), "the part with the most instructions: " + java.util.Arrays.toString(sizes));
        assertEquals(partOf(p, "c").index(), p.largest());
        assertEquals(partOf(p, "u"), partOf(p, "v"), "the users of the mutable m share a part");
        Partition.Part home = partOf(p, "s");
        Partition.Part other = home == first ? second : first;
        assertTrue(other.copies().contains("s"), "the small s is copied into the other part: " + other);
        assertFalse(p.shared("s"), "every other part has a copy: s stays internal");
        assertFalse(p.shared("m"), "m is used in one part only");
        assertFalse(p.shared("big"));
        // The constant k: defined where its first user is, available_externally (with its value) in the other.
        Partition.Part kHome = first.globals().contains("k") ? first : second;
        Partition.Part kOther = kHome == first ? second : first;
        assertTrue(kOther.constantCopies().contains("k"));
        assertTrue(p.shared("k"));
        String otherText = LlvmWriter.write(p, kOther.index(), Target.KERNEL);
        assertTrue(otherText.contains("@\"k\" = available_externally constant { i64 } { i64 42 }"), otherText);
        String homeText = LlvmWriter.write(p, home.index(), Target.KERNEL);
        assertTrue(homeText.contains("define internal i64 @\"s\"("), homeText);
        assertTrue(LlvmWriter.write(p, other.index(), Target.KERNEL).contains("define internal i64 @\"s\"("));
    }

    @Test
    void withoutCopiesACalleeOfAnotherPartIsDeclaredAndExternal() {
        Partition p = Partition.cut(module(), 2, 0);
        Partition.Part home = partOf(p, "s");
        Partition.Part other = home == partOf(p, "a") ? partOf(p, "c") : partOf(p, "a");
        assertTrue(other.copies().isEmpty());
        assertTrue(p.shared("s"));
        assertTrue(LlvmWriter.write(p, home.index(), Target.KERNEL).contains("define i64 @\"s\"("));
        assertTrue(LlvmWriter.write(p, other.index(), Target.KERNEL).contains("declare i64 @\"s\"(i64) #0"));
    }

    @Test
    void everyPartIsAModuleOptAcceptsAndTheCutIsDeterministic() throws Exception {
        List<String> texts = new ArrayList<>();
        Partition p = Partition.cut(module(), 3, 40);
        for (int i = 0; i < p.parts().size(); i++) {
            texts.add(LlvmWriter.write(p, i, Target.KERNEL));
        }
        Partition again = Partition.cut(module(), 3, 40);
        for (int i = 0; i < again.parts().size(); i++) {
            assertEquals(texts.get(i), LlvmWriter.write(again, i, Target.KERNEL), "part " + i);
        }
        int defined = 0;
        Toolchain tools = new Toolchain(System.out, false);
        for (int i = 0; i < texts.size(); i++) {
            Path ll = dir.resolve("part" + i + ".ll");
            Files.writeString(ll, texts.get(i), StandardCharsets.UTF_8);
            tools.run(Tool.OPT, List.of("-O2", "-mtriple=" + Target.KERNEL.triple, ll.toString(), "-o",
                    dir.resolve("part" + i + ".bc").toString()));
            defined += p.parts().get(i).functions().size();
        }
        assertEquals(module().functions().size(), defined, "each function has one home");
    }
}
