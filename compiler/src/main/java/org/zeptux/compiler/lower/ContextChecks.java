package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.zeptux.compiler.ir.Module;

/**
 * What the runtime's context annotations ask of the whole program:
 *
 * <ul>
 *   <li>{@code @StackEntry(bytes, interrupts)}: recorded in the module as a stack entry, whose
 *       depth {@code zeptuxc image} bounds after code generation (driver/StackDepth), with
 *       {@code @RecursionBound(n)} and {@code @StackUnbounded(why)} as that proof's exceptions;
 * </ul>
 */
final class ContextChecks {
    static final String STACK_ENTRY = "Lorg/zeptux/rt/StackEntry;";
    static final String INTERRUPT_CONTEXT = "Lorg/zeptux/rt/InterruptContext;";
    static final String RECURSION_BOUND = "Lorg/zeptux/rt/RecursionBound;";
    static final String STACK_UNBOUNDED = "Lorg/zeptux/rt/StackUnbounded;";

    private ContextChecks() {}

    static void run(Module module, List<ClassNode> classes, org.zeptux.compiler.dialect.Diagnostics diag) {
        for (ClassNode cls : classes) {
            for (MethodNode m : cls.methods) {
                String symbol = Program.methodSymbol(cls, m);
                Object depth = ObjectModel.annotationValue(m.invisibleAnnotations, RECURSION_BOUND, "value");
                if (depth instanceof Integer d && d > 0) {
                    module.addRecursionBound(symbol, d);
                } else if (has(m, STACK_UNBOUNDED)) {
                    module.addRecursionBound(symbol, 0);
                }
                Object bytes = ObjectModel.annotationValue(m.invisibleAnnotations, STACK_ENTRY, "bytes");
                if (bytes instanceof Long b && module.functions().containsKey(symbol)) {
                    Object interrupts = ObjectModel.annotationValue(m.invisibleAnnotations, STACK_ENTRY, "interrupts");
                    module.addStackEntry(new Module.StackEntry(symbol, b, Boolean.TRUE.equals(interrupts),
                            has(m, INTERRUPT_CONTEXT)));
                }
            }
        }
    }

    private static boolean has(MethodNode m, String desc) {
        if (m.invisibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode a : m.invisibleAnnotations) {
            if (a.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }
}
