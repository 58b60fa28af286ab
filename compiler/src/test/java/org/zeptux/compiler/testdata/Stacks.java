package org.zeptux.compiler.testdata;

import org.zeptux.rt.Cpu;
import org.zeptux.rt.Export;
import org.zeptux.rt.InterruptContext;
import org.zeptux.rt.RecursionBound;
import org.zeptux.rt.StackEntry;
import org.zeptux.rt.StackUnbounded;

/**
 * Stack entries for the stack-depth proof (StackDepthTests): one that fits, one whose worst
 * case exceeds its stack, a recursion through an interface call, and the two exceptions.
 */
public class Stacks {
    interface Expr {
        int eval();
    }

    static final class Lit implements Expr {
        final int v;

        Lit(int v) {
            this.v = v;
        }

        @Override
        public int eval() {
            return v;
        }
    }

    static final class Add implements Expr {
        final Expr a;
        final Expr b;

        Add(Expr a, Expr b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public int eval() {
            return a.eval() + b.eval();         // recursion through the itable: Add.eval -> Add.eval
        }
    }

    static final Expr[] EXPRS = {new Lit(1), new Add(new Lit(2), new Lit(3))};
    static int sink;

    /** Never inlined (it reads its return address): a frame of its own on every path. */
    static int leaf(int x) {
        sink = x + (int) Cpu.returnAddress();
        return x + 1;
    }

    static int middle(int x) {
        return leaf(x) * leaf(x + 1);
    }

    /** Fits: a few frames. */
    @Export("stacks_fits")
    @StackEntry(bytes = 4096)
    static void fits(int x) {
        sink = middle(x);
    }

    /** Its worst case (its frame, leaf's, and an interrupt taken on its stack) exceeds 32 bytes. */
    @Export("stacks_too_small")
    @StackEntry(bytes = 32, interrupts = true)
    static void tooSmall(int x) {
        sink = middle(x) + middle(x + 2);
    }

    /** Reaches a recursion through an interface call. */
    @Export("stacks_evaluates")
    @StackEntry(bytes = 8192)
    static void evaluates(int i) {
        sink = EXPRS[i].eval();
    }

    /** Interrupt context: its bound joins the entries with interrupts = true. */
    @Export("stacks_interrupt")
    @StackEntry(bytes = 4096)
    @InterruptContext
    static void interrupt(int x) {
        sink = leaf(x);
        guarded(x);
        overflow(x);
    }

    /** Calls itself once more at most (a guard). */
    @RecursionBound(2)
    static void guarded(int x) {
        if (sink++ == 0) {
            guarded(x + 1);
        }
        sink += leaf(x);
    }

    @StackUnbounded("an example of an overflow on purpose")
    static long overflow(long depth) {
        sink = (int) depth;
        return overflow(depth + 1) + depth;
    }
}
