package org.zeptux.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PhysAddr, Pfn, UserPtr and Address are different types to javac: each mix-up is a compile
 * error, and the conversions that exist are the only ones. On the JVM their arithmetic is the
 * compiled code's (the differential suite checks that).
 */
class UnboxedTypesTests {
    @TempDir
    Path dir;

    /** javac's errors for a method body, as "LINE: message" (line 1 is the first body line). */
    private List<String> errors(String body) throws IOException {
        Path source = dir.resolve("Mix.java");
        Files.writeString(source, "import org.zeptux.rt.*;\nclass Mix {\n    static long sink;\n"
                + "    static void virt(PhysAddr p) {}\n    static void m(PhysAddr p, Pfn f, UserPtr u, Address a, long n) {\n"
                + body + "\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, List.of("-classpath", Path.of("target/classes").toAbsolutePath().toString(),
                    "-d", dir.resolve("out").toString(), "-proc:none"), null, files.getJavaFileObjects(source)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> (d.getLineNumber() - 5) + ": " + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                .collect(Collectors.toList());
    }

    @Test
    void mixUpsAreJavacErrors() throws IOException {
        List<String> e = errors(String.join("\n",
                "        virt(f);",                        // a frame number is not an address
                "        virt(n);",                        // nor is a long
                "        Address x = p;",                  // nor is a physical address a virtual one
                "        p.load64();",                      // a physical address has no loads
                "        u.store64(0);",                    // nor has a user pointer stores
                "        Address y = u;",                   // nor does it become an Address
                "        long z = p;",                      // nor a long without toLong()
                "        Pfn g = p.plus(1);",              // arithmetic stays within the type
                "        boolean b = p.lt(f.phys()) && f.lt(p);")); // comparisons too
        assertEquals(9, e.size(), String.join("\n", e));
        assertTrue(e.get(0).startsWith("1: incompatible types: org.zeptux.rt.Pfn cannot be converted to org.zeptux.rt.PhysAddr"), e.get(0));
        assertTrue(e.get(1).startsWith("2: incompatible types: long cannot be converted to org.zeptux.rt.PhysAddr"), e.get(1));
        assertTrue(e.get(2).startsWith("3: incompatible types: org.zeptux.rt.PhysAddr cannot be converted to org.zeptux.rt.Address"), e.get(2));
        assertTrue(e.get(3).startsWith("4: cannot find symbol"), e.get(3));
        assertTrue(e.get(4).startsWith("5: cannot find symbol"), e.get(4));
        assertTrue(e.get(5).startsWith("6: incompatible types: org.zeptux.rt.UserPtr cannot be converted to org.zeptux.rt.Address"), e.get(5));
        assertTrue(e.get(6).startsWith("7: incompatible types: org.zeptux.rt.PhysAddr cannot be converted to long"), e.get(6));
        assertTrue(e.get(7).startsWith("8: incompatible types: org.zeptux.rt.PhysAddr cannot be converted to org.zeptux.rt.Pfn"), e.get(7));
        assertTrue(e.get(8).startsWith("9: incompatible types: org.zeptux.rt.PhysAddr cannot be converted to org.zeptux.rt.Pfn"), e.get(8));
    }

    @Test
    void theExplicitConversionsCompile() throws IOException {
        assertEquals(List.of(), errors(String.join("\n",
                "        virt(f.phys());",
                "        virt(PhysAddr.of(n));",
                "        Pfn g = p.pfn().plus(1);",
                "        sink = p.toLong() + f.toLong() + u.toLong() + a.toLong() + p.diff(g.phys()) + u.plus(8).diff(u);",
                "        boolean b = p.alignUp(4096).ge(p) && g.gt(f) && u.le(u);")));
    }

    @Test
    void onTheJvmTheyComputeAsCompiledCodeDoes() {
        PhysAddr p = PhysAddr.of(0x12345);
        assertEquals(0x12, p.pfn().toLong());
        assertEquals(0x12000, p.pfn().phys().toLong());
        assertEquals(0x13000, p.alignUp(4096).toLong());
        assertTrue(PhysAddr.of(-1).gt(p), "unsigned");
        assertEquals(3, Pfn.of(5).diff(Pfn.of(2)));
        assertEquals(PhysAddr.of(0x12345), p, "equal values");
    }
}
