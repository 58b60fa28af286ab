package org.zeptux.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The JVM's half of the use-after-free check compiled code makes (docs/dialect.md, "Objects
 * made at run time"): the kernel's classes, as {@link KTestJvmTests}'s loader defines them,
 * get a call of {@link org.zeptux.rt.host.Machine#checkLive} before every instance field
 * access, with the accessing method and line, so a freed pool object's use reaches the
 * kernel's hook on the JVM as it does compiled. (Calls need no check of their own here: the
 * callee's first field access makes it.)
 */
final class UseAfterFreeChecks {
    private UseAfterFreeChecks() {}

    private static final String MACHINE = "org/zeptux/rt/host/Machine";
    private static final String CHECK_DESC = "(Ljava/lang/Object;Ljava/lang/String;)V";

    /** {@code classFile} with the checks added. */
    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        String[] source = new String[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String className;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                className = name.replace('/', '.');
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public void visitSource(String file, String debug) {
                source[0] = file;
                super.visitSource(file, debug);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if (name.equals("<init>") || name.equals("<clinit>")) {
                    return mv;                      // build time only: no pool objects yet
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private int line;

                    @Override
                    public void visitLineNumber(int l, Label start) {
                        line = l;
                        super.visitLineNumber(l, start);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDesc) {
                        String where = className + "." + name + "(" + (source[0] == null ? "Unknown Source" : source[0])
                                + ":" + line + ")";
                        if (opcode == Opcodes.GETFIELD) {
                            super.visitInsn(Opcodes.DUP);
                            check(where);
                        } else if (opcode == Opcodes.PUTFIELD) {
                            if (Type.getType(fieldDesc).getSize() == 2) {
                                super.visitInsn(Opcodes.DUP2_X1);   // obj v -> v obj v
                                super.visitInsn(Opcodes.POP2);      // v obj
                                super.visitInsn(Opcodes.DUP_X2);    // obj v obj
                            } else {
                                super.visitInsn(Opcodes.SWAP);      // v obj
                                super.visitInsn(Opcodes.DUP_X1);    // obj v obj
                            }
                            check(where);
                        }
                        super.visitFieldInsn(opcode, owner, field, fieldDesc);
                    }

                    private void check(String where) {
                        super.visitLdcInsn(where);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, MACHINE, "checkLive", CHECK_DESC, false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
