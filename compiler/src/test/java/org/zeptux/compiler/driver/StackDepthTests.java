package org.zeptux.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeptux.compiler.TestClasses;
import org.zeptux.compiler.llvm.Target;
import org.zeptux.compiler.testdata.Stacks;
import org.zeptux.compiler.toolchain.Tool;
import org.zeptux.compiler.toolchain.Toolchain;

/**
 * The stack-depth proof over a real object: testdata/Stacks compiled by opt and llc, its
 * {@code .zeptux.stack} section read back and proved. The report and the errors (an entry
 * whose worst case exceeds its stack, a recursion through an interface call) must match
 * {@code golden/Stacks.stack} byte for byte ({@code -Dzeptux.bless=true} rewrites it).
 */
class StackDepthTests {
    @TempDir
    Path dir;

    private StackDepth.Proof proof() throws Exception {
        Toolchain tools = new Toolchain(new PrintStream(System.err, true, StandardCharsets.UTF_8), false);
        String ir = Pipeline.emitLlvm(List.of(TestClasses.copy(dir.resolve("classes"), Stacks.class)), Target.KERNEL,
                "Stacks");
        Path obj = dir.resolve("stacks.o");
        new Pipeline(tools).compile(ir, Target.KERNEL, null, obj);
        Path section = dir.resolve("section.txt");
        tools.run(Tool.OBJCOPY, List.of("--dump-section", StackDepth.SECTION + "=" + section, obj.toString(),
                dir.resolve("discard.o").toString()));
        String readelf = tools.output(Tool.READELF, List.of("-S", obj.toString()));
        assertTrue(!readelf.contains(".stack_sizes"), "llc's section is replaced by the call graph:\n" + readelf);
        return StackDepth.prove(List.of(Files.readString(section, StandardCharsets.UTF_8)));
    }

    @Test
    void reportAndErrorsMatchTheGoldenFile() throws Exception {
        StackDepth.Proof p = proof();
        String actual = p.report() + "--\n" + String.join("\n", p.errors()) + "\n";
        Path golden = Path.of("src/test/resources/golden/Stacks.stack");
        if (Boolean.getBoolean("zeptux.bless")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "the proof changed; if on purpose, rerun with -Dzeptux.bless=true and review the diff");
    }

    @Test
    void theExceedingEntryAndTheRecursionAreErrors() throws Exception {
        List<String> errors = proof().errors();
        assertEquals(2, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("org/zeptux/compiler/testdata/Stacks.java:")
                && e.contains(": error: recursion: Stacks.Add.eval -> Stacks.Add.eval (")), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(e -> e.contains(": error: Stacks.tooSmall may need ")
                && e.contains(" bytes of stack, more than the 32 bytes it runs on")), String.join("\n", errors));
    }

    @Test
    void boundsAreSumsOfFramesAlongTheDeepestPath() throws Exception {
        StackDepth.Proof p = proof();
        StackDepth.Bound fits = p.bounds().stream().filter(b -> b.name().equals("Stacks.fits")).findFirst().orElseThrow();
        long sum = 0;
        for (String step : fits.path()) {
            sum += Long.parseLong(step.substring(step.lastIndexOf('(') + 1, step.length() - 1));
        }
        assertEquals(fits.bound(), sum, fits.path().toString());
        assertEquals(4096, fits.stack());
        StackDepth.Bound small = p.bounds().stream().filter(b -> b.name().equals("Stacks.tooSmall")).findFirst()
                .orElseThrow();
        StackDepth.Bound irq = p.bounds().stream().filter(b -> b.name().equals("Stacks.interrupt")).findFirst()
                .orElseThrow();
        assertTrue(small.bound() > StackDepth.TRAP_FRAME_BYTES + irq.bound(), "interrupts = true adds a trap frame and "
                + "the interrupt entry's bound: " + small);
        assertEquals("Stacks.tooSmall", p.bounds().get(0).name(), "worst first: " + p.report());
    }

    /** The proof over the kernel compiled in parts (Pipeline.compileParts): the same entries and errors. */
    @Test
    void theProofOverPartsFindsTheSameErrors() throws Exception {
        Toolchain tools = new Toolchain(new PrintStream(System.err, true, StandardCharsets.UTF_8), false);
        StackDepth.Proof whole = proof();
        var module = Pipeline.lower(List.of(dir.resolve("classes")), "Stacks", org.zeptux.compiler.lower.Options.DEFAULT);
        for (int limit : new int[] {0, 40}) {
            Path obj = dir.resolve("parts" + limit + ".o");
            new Pipeline(tools).compileParts(module, Target.KERNEL, null, obj, 2, limit);
            Path section = dir.resolve("parts" + limit + ".txt");
            tools.run(Tool.OBJCOPY, List.of("--dump-section", StackDepth.SECTION + "=" + section, obj.toString(),
                    dir.resolve("discard.o").toString()));
            StackDepth.Proof parts = StackDepth.prove(List.of(Files.readString(section, StandardCharsets.UTF_8)));
            assertEquals(whole.bounds().stream().map(StackDepth.Bound::name).sorted().toList(),
                    parts.bounds().stream().map(StackDepth.Bound::name).sorted().toList(), parts.report());
            assertEquals(whole.errors().size(), parts.errors().size(), String.join("\n", parts.errors()));
            assertTrue(parts.errors().stream().anyMatch(e -> e.contains("recursion: Stacks.Add.eval -> Stacks.Add.eval")),
                    String.join("\n", parts.errors()));
        }
    }

    /** A function with a copy in two parts has two records: the proof takes the larger frame. */
    @Test
    void aFunctionCopiedIntoTwoPartsCountsItsLargerFrame() {
        String first = "f\tentry\t16\tvoid()\t0\t-\tentry\nf\tg\t16\tvoid()\t0\t-\tg\nc\tentry\tg\ne\tentry\t4096\tfalse\tfalse\n";
        String second = "f\tg\t48\tvoid()\t0\t-\tg\n";
        StackDepth.Proof p = StackDepth.prove(List.of(first, second));
        assertEquals(8 + 16 + 8 + 48, p.bounds().get(0).bound(), p.report());
        assertEquals(8 + 16 + 8 + 48, StackDepth.prove(List.of(second, first)).bounds().get(0).bound());
    }
}
