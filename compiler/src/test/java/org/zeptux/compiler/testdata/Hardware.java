package org.zeptux.compiler.testdata;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Memory;
import org.zeptux.rt.Port;

/** Every runtime intrinsic, once; its IR is a golden file (what each lowers to is the contract). */
public class Hardware {
    static long ports(int port) {
        Port.out8(port, Port.in8(port) + 1);
        Port.out16(port, Port.in16(port));
        Port.out32(port, Port.in32(port));
        return port;
    }

    static long memory(long address) {
        Memory.store8(address, Memory.load8(address + 1));
        Memory.store16(address, Memory.load16(address + 2));
        Memory.store32(address, Memory.load32(address + 4));
        Memory.store64(address, Memory.load64(address + 8));
        Memory.mmioStore8(address, Memory.mmioLoad8(address + 1));
        Memory.mmioStore16(address, Memory.mmioLoad16(address + 2));
        Memory.mmioStore32(address, Memory.mmioLoad32(address + 4));
        Memory.mmioStore64(address, Memory.mmioLoad64(address + 8));
        return address;
    }

    static long cpu(long address) {
        Cpu.cli();
        Cpu.sti();
        Cpu.pause();
        Cpu.hlt();
        long t = Cpu.rdtsc();
        int v = Cpu.cpuidEax(0, 0) ^ Cpu.cpuidEbx(0, 0) ^ Cpu.cpuidEcx(1, 0) ^ Cpu.cpuidEdx(1, 0);
        Cpu.writeMsr(0xC0000080, Cpu.readMsr(0xC0000080) | 0x800);
        Cpu.writeCr0(Cpu.readCr0());
        Cpu.writeCr3(Cpu.readCr3());
        Cpu.writeCr4(Cpu.readCr4() ^ Cpu.readCr2());
        Cpu.invlpg(address);
        Cpu.lgdt(address);
        Cpu.lidt(address + 16);
        Cpu.mfence();
        Cpu.lfence();
        Cpu.sfence();
        if (!org.zeptux.rt.Platform.simulated()) {
            Cpu.ltr(0x28);
        }
        Cpu.stiHlt();
        Cpu.int3();
        Cpu.ud2();
        t += Cpu.udiv128(address, t, v) + Cpu.readFlags();
        return t + v + Memory.addressOf(TABLE) + Cpu.frameAddress();
    }

    static final int[] TABLE = new int[2];

    @org.zeptux.rt.Struct(size = 16)
    interface Pair {
        @org.zeptux.rt.Offset(0) long first();

        void first(long v);

        @org.zeptux.rt.Offset(8) char second();

        void second(char v);
    }

    static long address(long raw) {
        org.zeptux.rt.Address a = org.zeptux.rt.Address.of(raw).plus(8).alignUp(16);
        a.store32(4, a.load16() + a.load8(2));
        a.mmioStore64(a.mmioLoad64());
        Pair p = org.zeptux.rt.Structs.at(a, Pair.class);
        p.second((char) (p.first() + org.zeptux.rt.Structs.size(Pair.class)));
        return a.diff(org.zeptux.rt.Address.zero()) + (a.lt(a.minus(1)) ? 1 : 0) + p.second();
    }
}
