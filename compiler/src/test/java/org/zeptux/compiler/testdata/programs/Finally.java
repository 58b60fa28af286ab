package org.zeptux.compiler.testdata.programs;

/**
 * try/finally without catch: the finally block runs on every normal way out of the try
 * (falling out, return, break, continue, nested tries), as on the JVM.
 */
public class Finally {
    static int depth;
    static int exits;

    static void enter() {
        depth++;
    }

    static void leave() {
        depth--;
        exits++;
    }

    static int returnInside(int v) {
        enter();
        try {
            if (v < 0) {
                return -1;
            }
            return v * 2;
        } finally {
            leave();
        }
    }

    static int fallOut(int v) {
        enter();
        try {
            v += 3;
        } finally {
            leave();
        }
        return v;
    }

    static int loops(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            enter();
            try {
                if (i == 2) {
                    continue;
                }
                if (i == 5) {
                    break;
                }
                sum += i;
            } finally {
                leave();
            }
        }
        return sum;
    }

    static int labelled() {
        int found = -1;
        outer:
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                enter();
                try {
                    if (i * j == 6) {
                        found = i * 10 + j;
                        break outer;
                    }
                    if (j > i) {
                        continue outer;
                    }
                } finally {
                    leave();
                }
            }
        }
        return found;
    }

    static int nested(int v) {
        enter();
        try {
            enter();
            try {
                if (v == 1) {
                    return 10;
                }
            } finally {
                System.out.println("inner finally");
                leave();
            }
            if (v == 2) {
                return 20;
            }
        } finally {
            System.out.println("outer finally");
            leave();
        }
        return 30;
    }

    /** The value returned is the one computed before the finally block changes the variable. */
    static int returnedBeforeFinally() {
        int x = 1;
        try {
            return x;
        } finally {
            x = 2;
            exits += x;
        }
    }

    public static void main(String[] args) {
        System.out.println(returnInside(4));
        System.out.println(returnInside(-4));
        System.out.println(fallOut(1));
        System.out.println(loops(10));
        System.out.println(labelled());
        System.out.println(nested(1));
        System.out.println(nested(2));
        System.out.println(nested(3));
        System.out.println(returnedBeforeFinally());
        System.out.print("depth ");
        System.out.println(depth);
        System.out.print("exits ");
        System.out.println(exits);
    }
}
