package org.zeptux.compiler.testdata.diff;

import org.zeptux.rt.PhysAddr;
import org.zeptux.rt.Pfn;
import org.zeptux.rt.UserPtr;

/** The unboxed PhysAddr, Pfn and UserPtr types: arithmetic, comparisons, conversions, fields. */
public final class Unboxed {
    private Unboxed() {}

    static final long[] VALUES = {0, 1, 0xfff, 0x1000, 0x1001, 0x12345678, 0xfffff000L, 0x100000000L,
        0x000fffffffffffffL, -1, -0x1000, Long.MIN_VALUE};
    static final PhysAddr BASE = PhysAddr.of(0x200000);
    static PhysAddr moving = PhysAddr.of(0x1000);
    static final Holder HOLDER = new Holder(PhysAddr.of(0x7000), Pfn.of(9), UserPtr.of(0x400000));

    /** An object with unboxed fields, made at build time. */
    static final class Holder {
        PhysAddr phys;
        Pfn pfn;
        UserPtr user;

        Holder(PhysAddr phys, Pfn pfn, UserPtr user) {
            this.phys = phys;
            this.pfn = pfn;
            this.user = user;
        }
    }

    private static void num(long v) {
        System.out.print(v);
        System.out.print(' ');
    }

    private static void bit(boolean b) {
        System.out.print(b ? '1' : '0');
    }

    public static void physArithmetic() {
        for (int i = 0; i < VALUES.length; i++) {
            PhysAddr p = PhysAddr.of(VALUES[i]);
            num(p.plus(0x10).toLong());
            num(p.minus(0x1001).toLong());
            num(p.alignDown(0x1000).toLong());
            num(p.alignUp(0x200000).toLong());
            num(p.diff(BASE));
        }
        System.out.println();
    }

    public static void physFrames() {
        for (int i = 0; i < VALUES.length; i++) {
            PhysAddr p = PhysAddr.of(VALUES[i]);
            num(p.pfn().toLong());
            num(p.pfn().phys().toLong());
            num(Pfn.of(VALUES[i]).phys().toLong());
            num(Pfn.of(VALUES[i]).plus(3).minus(1).diff(Pfn.of(2)));
        }
        System.out.println();
    }

    public static void unsignedComparisons() {
        for (int i = 0; i < VALUES.length; i++) {
            for (int j = 0; j < VALUES.length; j++) {
                PhysAddr a = PhysAddr.of(VALUES[i]);
                PhysAddr b = PhysAddr.of(VALUES[j]);
                bit(a.eq(b));
                bit(a.lt(b));
                bit(a.le(b));
                bit(a.gt(b));
                bit(a.ge(b));
                Pfn f = Pfn.of(VALUES[i]);
                Pfn g = Pfn.of(VALUES[j]);
                bit(f.eq(g) == a.eq(b) && f.lt(g) == a.lt(b) && f.ge(g) == a.ge(b));
                UserPtr u = UserPtr.of(VALUES[i]);
                UserPtr v = UserPtr.of(VALUES[j]);
                bit(u.le(v) == a.le(b) && u.gt(v) == a.gt(b) && u.eq(v) == a.eq(b));
                System.out.print(' ');
            }
            System.out.println();
        }
    }

    public static void userPointers() {
        UserPtr u = UserPtr.of(0x7fffffffe000L);
        num(u.plus(16).toLong());
        num(u.plus(-1).diff(u));
        System.out.println();
    }

    public static void staticAndInstanceFields() {
        num(BASE.toLong());
        for (int i = 0; i < 3; i++) {
            moving = moving.plus(moving.toLong());
            num(moving.toLong());
        }
        num(HOLDER.phys.toLong());
        num(HOLDER.pfn.phys().toLong());
        num(HOLDER.user.toLong());
        HOLDER.pfn = HOLDER.phys.pfn().plus(1);
        HOLDER.phys = HOLDER.pfn.phys();
        num(HOLDER.phys.toLong());
        System.out.println();
    }
}
