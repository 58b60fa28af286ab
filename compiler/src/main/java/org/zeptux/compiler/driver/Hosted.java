package org.zeptux.compiler.driver;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.dialect.Diagnostics;
import org.zeptux.compiler.ir.Block;
import org.zeptux.compiler.ir.Function;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Module;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;
import org.zeptux.compiler.load.ClassPath;
import org.zeptux.compiler.lower.Program;

/**
 * The hosted target's process around a program: its runtime (org.zeptux.rt.hosted, shipped
 * inside zeptuxc), the {@code _start} stub, and the function that hands the runtime the initial
 * stack (argv, envp, auxv), calls the main class's {@code main(String[])} (with null: there are
 * no argument objects; {@code Linux.arg} reads the arguments) and exits 0.
 */
final class Hosted {
    private Hosted() {}

    static final String RUNTIME = "org/zeptux/rt/hosted/HostedRuntime";
    static final String ENTRY = "zeptux_hosted_main";

    /** The runtime's classes: the process around the program, and the system calls it may make (Linux). */
    private static final List<String> CLASSES = List.of("HostedRuntime", "Linux", "Linux$Stat", "Mappings", "package-info");

    /** The runtime's class files, from zeptuxc's own class path. */
    static Map<String, byte[]> runtimeClasses() throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        String pkg = RUNTIME.substring(0, RUNTIME.lastIndexOf('/') + 1);
        for (String name : CLASSES) {
            try (InputStream in = Hosted.class.getResourceAsStream("/" + pkg + name + ".class")) {
                if (in == null) {
                    throw new IOException("the hosted runtime's " + pkg + name + ".class is missing from zeptuxc");
                }
                classes.put(pkg + name, in.readAllBytes());
            }
        }
        return classes;
    }

    /** Adds _start and the entry function calling {@code mainClass.main(String[])}; errors go to {@code diag}. */
    static void addEntry(Module module, ClassPath classPath, String mainClass, Diagnostics diag) {
        String internal = mainClass.replace('.', '/');
        ClassNode cls = classPath.get(internal);
        MethodNode main = null;
        if (cls != null) {
            for (MethodNode m : cls.methods) {
                if (m.name.equals("main") && m.desc.equals("([Ljava/lang/String;)V")
                        && (m.access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0) {
                    main = m;
                }
            }
        }
        if (main == null) {
            diag.error(cls != null ? cls : fake(internal), 0, (cls == null ? "no class " + mainClass
                    : mainClass + " has no public static void main(String[])") + " to run");
            return;
        }
        Function f = new Function(ENTRY, Type.VOID, Function.Ext.NONE, true);
        f.setSource("hosted entry: " + mainClass + ".main");
        Value.Param stack = f.addParam(Type.I64, Function.Ext.NONE);
        Block b = f.newBlock("entry");
        b.add(new Instr.Call(Type.VOID, Function.Ext.NONE, "zeptux_process_start", List.of(stack),
                List.of(Function.Ext.NONE), false));
        b.add(new Instr.Call(Type.VOID, Program.methodSymbol(cls, main), List.of(Value.nullPtr()), false));
        b.add(new Instr.Call(Type.VOID, Function.Ext.NONE, "zeptux_exit", List.of(Value.constant(Type.I32, 0)),
                List.of(Function.Ext.NONE), false));
        b.add(new Instr.Unreachable());
        module.add(f);
        // The kernel enters through boot/; a process enters here. RSP points at argc, argv[],
        // envp[] and the auxiliary vector (the System V ABI's initial stack): the entry gets it
        // as its argument, then RSP is aligned to 16 bytes for the call.
        module.addAssembly(".text");
        module.addAssembly(".globl _start");
        module.addAssembly("_start:");
        module.addAssembly("  movq %rsp, %rdi");
        module.addAssembly("  xorl %ebp, %ebp");
        module.addAssembly("  andq $-16, %rsp");
        module.addAssembly("  callq " + ENTRY);
        module.addAssembly("  ud2");
    }

    private static ClassNode fake(String internalName) {
        ClassNode n = new ClassNode();
        n.name = internalName;
        return n;
    }
}
