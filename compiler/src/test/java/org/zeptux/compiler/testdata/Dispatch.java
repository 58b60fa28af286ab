package org.zeptux.compiler.testdata;

/** Calls on objects, one with a single possible target and ones with two (DispatchTests reads the IR). */
public class Dispatch {
    interface Only {
        int value();
    }

    interface Two {
        int value();
    }

    static final class OnlyImpl implements Only {
        public int value() {
            return 1;
        }
    }

    static final class TwoA implements Two {
        public int value() {
            return 2;
        }
    }

    static final class TwoB implements Two {
        public int value() {
            return 3;
        }
    }

    abstract static class Shape {
        abstract int sides();
    }

    static final class Tri extends Shape {
        int sides() {
            return 3;
        }
    }

    static final class Quad extends Shape {
        int sides() {
            return 4;
        }
    }

    /**
     * Fields read through this: every caller null-checks the receiver, so this needs no check;
     * every Counter is in the image heap with a 4-int array in hits, so hits is never null and
     * has length 4.
     */
    static final class Counter {
        int count;
        final int[] hits = new int[4];

        int bump(int i) {
            count++;
            hits[i]++;
            return count + hits[i];
        }
    }

    static final Counter COUNTER = new Counter();

    static int counted(int i) {
        return COUNTER.bump(i);
    }

    static final Only ONLY = new OnlyImpl();
    static final Two[] TWOS = {new TwoA(), new TwoB()};
    static final Shape[] SHAPES = {new Tri(), new Quad()};

    static int onlyOne() {
        return ONLY.value();
    }

    static int twoThroughTheInterface(int i) {
        return TWOS[i].value();
    }

    static int twoThroughTheVtable(int i) {
        return SHAPES[i].sides();
    }
}
