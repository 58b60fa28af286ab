package org.zeptux.compiler.testdata.diff;

/**
 * Method and field resolution as the JVM does it (JVMS §5.4.3): {@code super.m()} where the
 * superclass inherits {@code m} as a default method, {@code I.super.m()}, the maximally
 * specific default method of several, static methods and fields inherited from superclasses
 * and interfaces.
 */
public final class Inheritance {
    private Inheritance() {}

    interface Greeter {
        default int greet() {
            return 1;
        }
    }

    interface LoudGreeter extends Greeter {
        @Override
        default int greet() {
            return Greeter.super.greet() + 10;
        }
    }

    interface Tables {
        int[] PRIMES = {2, 3, 5, 7};
    }

    static class Plain implements Greeter {
        static int base() {
            return 100;
        }
    }

    /** Inherits greet() from Greeter through Plain: super.greet() is invokespecial Plain.greet. */
    static class Polite extends Plain {
        @Override
        public int greet() {
            return super.greet() + 1000;
        }
    }

    /** Greeter and LoudGreeter both: LoudGreeter's greet is the maximally specific one. */
    static class Both implements Greeter, LoudGreeter {
    }

    static class BothPolite extends Both implements Tables {
        @Override
        public int greet() {
            return super.greet() * 2;
        }

        int firstPrime() {
            return PRIMES[0];
        }
    }

    static final Greeter[] GREETERS = {new Plain(), new Polite(), new Both(), new BothPolite()};
    static final BothPolite BOTH_POLITE = new BothPolite();
    static final Both BOTH = new Both();

    public static void superCallsAnInheritedDefault() {
        for (int i = 0; i < GREETERS.length; i++) {
            System.out.println(GREETERS[i].greet());
        }
    }

    public static void theMaximallySpecificDefaultRuns() {
        System.out.println(BOTH.greet());
        System.out.println(BOTH_POLITE.greet());
    }

    public static void staticsThroughSubclassesAndInterfaces() {
        System.out.println(Polite.base());
        System.out.println(BothPolite.PRIMES.length);
        System.out.println(BOTH_POLITE.firstPrime());
    }
}
