package org.zeptux.compiler.lower;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;
import org.zeptux.compiler.ir.Instr;
import org.zeptux.compiler.ir.Instr.Convert;
import org.zeptux.compiler.ir.Type;
import org.zeptux.compiler.ir.Value;

/**
 * Calls into {@code org.zeptux.rt} replaced by the code they stand for: port I/O and CPU
 * instructions as inline assembly, memory access as loads and stores. docs/dialect.md lists
 * each with what it lowers to.
 */
final class Intrinsics {
    private static final String RT = "org/zeptux/rt/";

    private Intrinsics() {}

    static boolean handles(String owner) {
        // The API classes themselves; sub-packages (host, hosted) are ordinary code.
        return owner.startsWith(RT) && owner.indexOf('/', RT.length()) < 0;
    }

    static void lower(MethodInsnNode call, MethodLowering l) {
        String key = call.owner.substring(RT.length()) + "." + call.name + call.desc;
        switch (key) {
            case "Port.in8(I)I" -> portIn(l, Type.I8, "inb %dx, %al", "={al},{dx},~{memory}");
            case "Port.in16(I)I" -> portIn(l, Type.I16, "inw %dx, %ax", "={ax},{dx},~{memory}");
            case "Port.in32(I)I" -> portIn(l, Type.I32, "inl %dx, %eax", "={eax},{dx},~{memory}");
            case "Port.out8(II)V" -> portOut(l, Type.I8, "outb %al, %dx", "{al},{dx},~{memory}");
            case "Port.out16(II)V" -> portOut(l, Type.I16, "outw %ax, %dx", "{ax},{dx},~{memory}");
            case "Port.out32(II)V" -> portOut(l, Type.I32, "outl %eax, %dx", "{eax},{dx},~{memory}");
            case "Memory.load8(J)I" -> load(l, Type.I8, false);
            case "Memory.load16(J)I" -> load(l, Type.I16, false);
            case "Memory.load32(J)I" -> load(l, Type.I32, false);
            case "Memory.load64(J)J" -> load(l, Type.I64, false);
            case "Memory.store8(JI)V" -> store(l, Type.I8, false);
            case "Memory.store16(JI)V" -> store(l, Type.I16, false);
            case "Memory.store32(JI)V" -> store(l, Type.I32, false);
            case "Memory.store64(JJ)V" -> store(l, Type.I64, false);
            case "Memory.addressOf(Ljava/lang/Object;)J" ->
                    l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64)));
            case "Syscall.call0(J)J" -> syscall(l, 0);
            case "Syscall.call1(JJ)J" -> syscall(l, 1);
            case "Syscall.call2(JJJ)J" -> syscall(l, 2);
            case "Syscall.call3(JJJJ)J" -> syscall(l, 3);
            case "Syscall.call4(JJJJJ)J" -> syscall(l, 4);
            case "Syscall.call5(JJJJJJ)J" -> syscall(l, 5);
            case "Syscall.call6(JJJJJJJ)J" -> syscall(l, 6);
            case "Memory.mmioLoad8(J)I" -> load(l, Type.I8, true);
            case "Memory.mmioLoad16(J)I" -> load(l, Type.I16, true);
            case "Memory.mmioLoad32(J)I" -> load(l, Type.I32, true);
            case "Memory.mmioLoad64(J)J" -> load(l, Type.I64, true);
            case "Memory.mmioStore8(JI)V" -> store(l, Type.I8, true);
            case "Memory.mmioStore16(JI)V" -> store(l, Type.I16, true);
            case "Memory.mmioStore32(JI)V" -> store(l, Type.I32, true);
            case "Memory.mmioStore64(JJ)V" -> store(l, Type.I64, true);
            case "Cpu.rdtsc()J" -> l.pushValue(l.add(new Instr.Asm(Type.I64,
                    "rdtsc\n\tshlq $$32, %rdx\n\torq %rdx, %rax", "={rax},~{rdx}", List.of())));
            case "Cpu.cpuidEax(II)I" -> cpuid(l, "eax");
            case "Cpu.cpuidEbx(II)I" -> cpuid(l, "ebx");
            case "Cpu.cpuidEcx(II)I" -> cpuid(l, "ecx");
            case "Cpu.cpuidEdx(II)I" -> cpuid(l, "edx");
            case "Cpu.readMsr(I)J" -> l.pushValue(l.add(new Instr.Asm(Type.I64,
                    "rdmsr\n\tshlq $$32, %rdx\n\torq %rdx, %rax", "={rax},{ecx},~{rdx}", List.of(l.popValue()))));
            case "Cpu.writeMsr(IJ)V" -> {
                Value value = l.popValue();
                Value msr = l.popValue();
                l.add(new Instr.Asm(Type.VOID, "movq $1, %rax\n\tmovq $1, %rdx\n\tshrq $$32, %rdx\n\twrmsr",
                        "{ecx},r,~{rax},~{rdx},~{memory}", List.of(msr, value)));
            }
            case "Cpu.readCr0()J" -> readCr(l, 0);
            case "Cpu.readCr2()J" -> readCr(l, 2);
            case "Cpu.readCr3()J" -> readCr(l, 3);
            case "Cpu.readCr4()J" -> readCr(l, 4);
            case "Cpu.writeCr0(J)V" -> withAddress(l, "movq $0, %cr0");
            case "Cpu.writeCr3(J)V" -> withAddress(l, "movq $0, %cr3");
            case "Cpu.writeCr4(J)V" -> withAddress(l, "movq $0, %cr4");
            case "Cpu.invlpg(J)V" -> withAddress(l, "invlpg ($0)");
            case "Cpu.lgdt(J)V" -> withAddress(l, "lgdt ($0)");
            case "Cpu.lidt(J)V" -> withAddress(l, "lidt ($0)");
            case "Cpu.frameAddress()J" -> {
                // Frame pointers are kept everywhere (frame-pointer=all), so RBP is the frame chain;
                // the calling method keeps a frame of its own (never inlined), so the frame read is
                // the same one whatever the inliner or the cut into parts decides.
                l.function().setNoInline(true);
                l.pushValue(l.add(new Instr.Asm(Type.I64, "movq %rbp, $0", "=r", List.of())));
            }
            case "Cpu.returnAddress()J" -> {
                // Only meaningful in a function of its own: the caller's frame is who called it.
                l.function().setNoInline(true);
                l.declare(new org.zeptux.compiler.ir.Module.Declaration("llvm.returnaddress", Type.PTR,
                        List.of(Type.I32), false));
                Value ra = l.add(new Instr.Call(Type.PTR, "llvm.returnaddress", List.of(Value.constant(Type.I32, 0)), false));
                l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, ra, Type.I64)));
            }
            case "RawObjects.sizeOf(Ljava/lang/Class;)I" -> l.pushValue(l.add(new Convert(Convert.Op.TRUNC,
                    l.add(new Instr.Load(Type.I64, l.add(new Instr.Offset(l.popValue(),
                            Value.constant(Type.I64, ObjectModel.SIZE_OFFSET))), 8, false)), Type.I32)));
            case "RawObjects.place(Lorg/zeptux/rt/Address;Ljava/lang/Class;)Ljava/lang/Object;" -> {
                Value type = l.popValue();
                Value at = l.popValue();
                l.add(new Instr.Store(type, at, 8, false));
                l.pushValue(at);
            }
            case "RawObjects.placeArray(Lorg/zeptux/rt/Address;Ljava/lang/Class;I)Ljava/lang/Object;" -> {
                Value length = l.popValue();
                Value type = l.popValue();
                Value at = l.popValue();
                l.add(new Instr.Store(type, at, 8, false));
                l.add(new Instr.Store(length, l.add(new Instr.Offset(at, Value.constant(Type.I64, Layout.LENGTH_OFFSET))), 4, false));
                l.pushValue(at);
            }
            case "RawObjects.addressOf(Ljava/lang/Object;)Lorg/zeptux/rt/Address;" -> { }   // the same pointer
            case "RawObjects.classWord(Ljava/lang/Object;)J" -> l.pushValue(l.add(new Instr.Load(Type.I64, l.popValue(), 8, false)));
            case "RawObjects.classWord(Ljava/lang/Class;)J" ->
                    l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64)));
            case "RawObjects.freedClassWord()J" ->
                    l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, l.freedClass(), Type.I64)));
            case "RawObjects.setClassWord(Ljava/lang/Object;J)V" -> {
                Value word = l.popValue();
                l.add(new Instr.Store(word, l.popValue(), 8, false));
            }
            case "RawObjects.setLength(Ljava/lang/Object;I)V" -> {
                Value length = l.popValue();
                l.add(new Instr.Store(length, l.add(new Instr.Offset(l.popValue(),
                        Value.constant(Type.I64, Layout.LENGTH_OFFSET))), 4, false));
            }
            case "Cpu.mfence()V" -> instruction(l, "mfence");
            case "Cpu.lfence()V" -> instruction(l, "lfence");
            case "Cpu.sfence()V" -> instruction(l, "sfence");
            case "Cpu.hlt()V" -> instruction(l, "hlt");
            case "Cpu.pause()V" -> instruction(l, "pause");
            case "Cpu.cli()V" -> instruction(l, "cli");
            case "Cpu.sti()V" -> instruction(l, "sti");
            case "Structs.at(Lorg/zeptux/rt/Address;Ljava/lang/Class;)Ljava/lang/Object;" -> l.views.popStructType();
            case "Structs.addressOf(Ljava/lang/Object;)Lorg/zeptux/rt/Address;" -> { }   // a view is its address
            case "Structs.over([JLjava/lang/Class;)Ljava/lang/Object;" -> l.views.structOver();
            case "Structs.size(Ljava/lang/Class;)I" -> l.pushValue(Value.constant(Type.I32, l.views.structSize(l.views.popStructType())));
            case "Platform.simulated()Z" -> l.pushValue(Value.constant(Type.I32, 0));
            case "Cpu.stiHlt()V" -> instruction(l, "sti\n\thlt");
            case "Cpu.ud2()V" -> instruction(l, "ud2");
            case "Cpu.int3()V" -> instruction(l, "int3");
            case "Cpu.ltr(I)V" -> l.add(new Instr.Asm(Type.VOID, "ltr $0", "r,~{memory}",
                    List.of(l.add(new Convert(Convert.Op.TRUNC, l.popValue(), Type.I16)))));
            case "Cpu.readFlags()J" -> l.pushValue(l.add(new Instr.Asm(Type.I64, "pushfq\n\tpopq $0", "=r,~{memory}",
                    List.of())));
            case "Cpu.udiv128(JJJ)J" -> {
                // The operands go to RDX:RAX and a register of the compiler's choice; the
                // clobbers keep inputs out of RAX and RDX. divq faults (#DE) as documented.
                Value divisor = l.popValue();
                Value low = l.popValue();
                Value high = l.popValue();
                l.pushValue(l.add(new Instr.Asm(Type.I64,
                        "movq $1, %rdx\n\tmovq $2, %rax\n\tdivq $3\n\tmovq %rax, $0",
                        "=r,r,r,r,~{rax},~{rdx},~{dirflag},~{fpsr},~{flags}", List.of(high, low, divisor))));
            }
            default -> {
                if (!address(key, l) && !physical(key, l) && !Atomics.lower(key, l)) {
                    throw new MethodLowering.Unsupported(call.owner.replace('/', '.') + "." + call.name
                            + " is not an intrinsic zeptuxc knows (see docs/dialect.md for the runtime API)");
                }
            }
        }
    }

    /** The registers of a Linux system call's arguments, in order (the number goes in RAX). */
    private static final List<String> SYSCALL_ARGUMENTS = List.of("rdi", "rsi", "rdx", "r10", "r8", "r9");

    /**
     * {@code Syscall.callN}: one {@code syscall} instruction with the number in RAX and {@code n}
     * arguments in Linux's registers; the result in RAX. The instruction itself overwrites RCX
     * (the return address) and R11 (RFLAGS), and the kernel may write memory through any argument.
     */
    private static void syscall(MethodLowering l, int n) {
        Value[] operands = new Value[n + 1];
        for (int i = n; i >= 0; i--) {
            operands[i] = l.popValue();
        }
        StringBuilder constraints = new StringBuilder("={rax},{rax}");
        for (int i = 0; i < n; i++) {
            constraints.append(",{").append(SYSCALL_ARGUMENTS.get(i)).append('}');
        }
        constraints.append(",~{rcx},~{r11},~{memory}");
        l.pushValue(l.add(new Instr.Asm(Type.I64, "syscall", constraints.toString(), List.of(operands))));
    }

    private static final String ADDR = "Lorg/zeptux/rt/Address;";

    /** The unboxed Address type: values are pointers; its methods are plain pointer arithmetic, loads and stores. */
    private static boolean address(String key, MethodLowering l) {
        if (!key.startsWith("Address.")) {
            return false;
        }
        String m = key.substring("Address.".length());
        switch (m) {
            case "of(J)" + ADDR -> l.pushValue(l.add(new Convert(Convert.Op.INT_TO_PTR, l.popValue(), Type.PTR)));
            case "zero()" + ADDR -> l.pushValue(Value.nullPtr());
            case "toLong(" + ADDR + ")J", "toLong()J" ->
                    l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64)));
            case "plus(J)" + ADDR -> {
                Value n = l.popValue();
                l.pushValue(l.add(new Instr.Offset(l.popValue(), n)));
            }
            case "minus(J)" + ADDR -> {
                Value n = l.add(new Instr.Binary(Instr.Binary.Op.SUB, Value.constant(Type.I64, 0), l.popValue()));
                l.pushValue(l.add(new Instr.Offset(l.popValue(), n)));
            }
            case "diff(" + ADDR + ")J" -> {
                Value b = l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64));
                Value a = l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64));
                l.pushValue(l.add(new Instr.Binary(Instr.Binary.Op.SUB, a, b)));
            }
            case "eq(" + ADDR + ")Z" -> compareAddresses(l, Instr.Compare.Pred.EQ);
            case "lt(" + ADDR + ")Z" -> compareAddresses(l, Instr.Compare.Pred.ULT);
            case "le(" + ADDR + ")Z" -> compareAddresses(l, Instr.Compare.Pred.ULE);
            case "gt(" + ADDR + ")Z" -> compareAddresses(l, Instr.Compare.Pred.UGT);
            case "ge(" + ADDR + ")Z" -> compareAddresses(l, Instr.Compare.Pred.UGE);
            case "alignDown(J)" + ADDR, "alignUp(J)" + ADDR -> {
                Value align = l.popValue();
                Value a = l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64));
                if (m.startsWith("alignUp")) {
                    a = l.add(new Instr.Binary(Instr.Binary.Op.ADD, a,
                            l.add(new Instr.Binary(Instr.Binary.Op.SUB, align, Value.constant(Type.I64, 1)))));
                }
                Value mask = l.add(new Instr.Binary(Instr.Binary.Op.SUB, Value.constant(Type.I64, 0), align));
                l.pushValue(l.add(new Convert(Convert.Op.INT_TO_PTR, l.add(new Instr.Binary(Instr.Binary.Op.AND, a, mask)),
                        Type.PTR)));
            }
            case "load8()I" -> loadAt(l, Type.I8, false, false);
            case "load16()I" -> loadAt(l, Type.I16, false, false);
            case "load32()I" -> loadAt(l, Type.I32, false, false);
            case "load64()J" -> loadAt(l, Type.I64, false, false);
            case "loadAddress()" + ADDR -> loadAt(l, Type.PTR, false, false);
            case "load8(J)I" -> loadAt(l, Type.I8, false, true);
            case "load16(J)I" -> loadAt(l, Type.I16, false, true);
            case "load32(J)I" -> loadAt(l, Type.I32, false, true);
            case "load64(J)J" -> loadAt(l, Type.I64, false, true);
            case "mmioLoad8()I" -> loadAt(l, Type.I8, true, false);
            case "mmioLoad16()I" -> loadAt(l, Type.I16, true, false);
            case "mmioLoad32()I" -> loadAt(l, Type.I32, true, false);
            case "mmioLoad64()J" -> loadAt(l, Type.I64, true, false);
            case "store8(I)V" -> storeAt(l, Type.I8, false, false);
            case "store16(I)V" -> storeAt(l, Type.I16, false, false);
            case "store32(I)V" -> storeAt(l, Type.I32, false, false);
            case "store64(J)V" -> storeAt(l, Type.I64, false, false);
            case "storeAddress(" + ADDR + ")V" -> storeAt(l, Type.PTR, false, false);
            case "store8(JI)V" -> storeAt(l, Type.I8, false, true);
            case "store16(JI)V" -> storeAt(l, Type.I16, false, true);
            case "store32(JI)V" -> storeAt(l, Type.I32, false, true);
            case "store64(JJ)V" -> storeAt(l, Type.I64, false, true);
            case "mmioStore8(I)V" -> storeAt(l, Type.I8, true, false);
            case "mmioStore16(I)V" -> storeAt(l, Type.I16, true, false);
            case "mmioStore32(I)V" -> storeAt(l, Type.I32, true, false);
            case "mmioStore64(J)V" -> storeAt(l, Type.I64, true, false);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The unboxed PhysAddr, Pfn and UserPtr types: bare 64-bit values like Address (pointers in
     * the IR, never loaded from or stored through); arithmetic within a type, unsigned
     * comparisons, and the two conversions between physical addresses and frame numbers.
     */
    private static boolean physical(String key, MethodLowering l) {
        int dot = key.indexOf('.');
        String type = key.substring(0, dot);
        if (!type.equals("PhysAddr") && !type.equals("Pfn") && !type.equals("UserPtr")) {
            return false;
        }
        String self = "L" + RT + type + ";";
        String m = key.substring(dot + 1);
        if (m.equals("of(J)" + self)) {
            l.pushValue(l.add(new Convert(Convert.Op.INT_TO_PTR, l.popValue(), Type.PTR)));
        } else if (m.equals("toLong()J")) {
            l.pushValue(l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64)));
        } else if (m.equals("plus(J)" + self) || m.equals("minus(J)" + self) || m.equals("diff(" + self + ")J")
                || m.startsWith("alignDown(J)") || m.startsWith("alignUp(J)") || m.endsWith("(" + self + ")Z")) {
            return address("Address." + m.replace(self, ADDR), l);     // the same arithmetic as on an Address
        } else if (m.equals("pfn()L" + RT + "Pfn;")) {
            shiftBits(l, Instr.Binary.Op.LSHR);
        } else if (m.equals("phys()L" + RT + "PhysAddr;")) {
            shiftBits(l, Instr.Binary.Op.SHL);
        } else {
            return false;
        }
        return true;
    }

    /** A PhysAddr to its frame number or back: the value shifted by the page size's logarithm. */
    private static void shiftBits(MethodLowering l, Instr.Binary.Op op) {
        Value v = l.add(new Convert(Convert.Op.PTR_TO_INT, l.popValue(), Type.I64));
        Value shifted = l.add(new Instr.Binary(op, v, Value.constant(Type.I64, org.zeptux.rt.PhysAddr.PAGE_SHIFT)));
        l.pushValue(l.add(new Convert(Convert.Op.INT_TO_PTR, shifted, Type.PTR)));
    }

    private static void compareAddresses(MethodLowering l, Instr.Compare.Pred pred) {
        Value b = l.popValue();
        Value a = l.popValue();
        l.pushValue(l.add(new Convert(Convert.Op.ZEXT, l.add(new Instr.Compare(pred, a, b)), Type.I32)));
    }

    /** A load through an Address (and a byte offset from it, if {@code withOffset}). */
    private static void loadAt(MethodLowering l, Type width, boolean isVolatile, boolean withOffset) {
        Value offset = withOffset ? l.popValue() : null;
        Value address = l.popValue();
        if (offset != null) {
            address = l.add(new Instr.Offset(address, offset));
        }
        Value v = l.add(new Instr.Load(width, address, isVolatile ? width.size : 1, isVolatile));
        l.pushValue(width.size >= 4 || width == Type.PTR ? v : l.add(new Convert(Convert.Op.ZEXT, v, Type.I32)));
    }

    /** A store through an Address (and a byte offset from it, if {@code withOffset}). */
    private static void storeAt(MethodLowering l, Type width, boolean isVolatile, boolean withOffset) {
        Value value = l.popValue();
        Value offset = withOffset ? l.popValue() : null;
        Value address = l.popValue();
        if (offset != null) {
            address = l.add(new Instr.Offset(address, offset));
        }
        if (value.type() != width) {
            value = l.add(new Convert(Convert.Op.TRUNC, value, width));
        }
        l.add(new Instr.Store(value, address, isVolatile ? width.size : 1, isVolatile));
    }

    private static void portIn(MethodLowering l, Type width, String asm, String constraints) {
        Value port = l.add(new Convert(Convert.Op.TRUNC, l.popValue(), Type.I16));
        Value v = l.add(new Instr.Asm(width, asm, constraints, List.of(port)));
        l.pushValue(width == Type.I32 ? v : l.add(new Convert(Convert.Op.ZEXT, v, Type.I32)));
    }

    private static void portOut(MethodLowering l, Type width, String asm, String constraints) {
        Value value = l.popValue();
        Value port = l.add(new Convert(Convert.Op.TRUNC, l.popValue(), Type.I16));
        if (width != Type.I32) {
            value = l.add(new Convert(Convert.Op.TRUNC, value, width));
        }
        l.add(new Instr.Asm(Type.VOID, asm, constraints, List.of(value, port)));
    }

    private static void load(MethodLowering l, Type width, boolean isVolatile) {
        Value address = l.add(new Convert(Convert.Op.INT_TO_PTR, l.popValue(), Type.PTR));
        Value v = l.add(new Instr.Load(width, address, isVolatile ? width.size : 1, isVolatile));
        l.pushValue(width.size >= 4 ? v : l.add(new Convert(Convert.Op.ZEXT, v, Type.I32)));
    }

    private static void store(MethodLowering l, Type width, boolean isVolatile) {
        Value value = l.popValue();
        Value address = l.add(new Convert(Convert.Op.INT_TO_PTR, l.popValue(), Type.PTR));
        if (value.type() != width) {
            value = l.add(new Convert(Convert.Op.TRUNC, value, width));
        }
        l.add(new Instr.Store(value, address, isVolatile ? width.size : 1, isVolatile));
    }

    /** cpuid with EAX = leaf, ECX = subleaf, returning one register (moved out before the clobbers). */
    private static void cpuid(MethodLowering l, String register) {
        Value subleaf = l.popValue();
        Value leaf = l.popValue();
        l.pushValue(l.add(new Instr.Asm(Type.I32,
                "movl $1, %eax\n\tmovl $2, %ecx\n\tcpuid\n\tmovl %" + register + ", $0",
                "=r,r,r,~{eax},~{ebx},~{ecx},~{edx}", List.of(leaf, subleaf))));
    }

    private static void readCr(MethodLowering l, int n) {
        l.pushValue(l.add(new Instr.Asm(Type.I64, "movq %cr" + n + ", $0", "=r,~{memory}", List.of())));
    }

    /** An instruction taking one 64-bit register operand (an address or a value), with a memory clobber. */
    private static void withAddress(MethodLowering l, String template) {
        l.add(new Instr.Asm(Type.VOID, template, "r,~{memory}", List.of(l.popValue())));
    }

    private static void instruction(MethodLowering l, String mnemonic) {
        l.add(new Instr.Asm(Type.VOID, mnemonic, "~{memory}", List.of()));
    }
}
