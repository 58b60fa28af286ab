package org.zeptux.compiler.testdata.diff;

/**
 * Objects of the image heap: getfield/putfield of every width, invokevirtual (one and many
 * targets), invokeinterface with default methods, invokespecial (super, private), instanceof
 * and checkcast (classes, interfaces, arrays), aaload/aastore with the store check, enums and
 * their switch maps, final array fields of a known length; and the failures: null receivers
 * and fields, failed casts, array stores, an index past a known length.
 */
public final class Objects {
    private Objects() {}

    interface Counter {
        int next();

        default int twice() {
            return next() + next();
        }
    }

    interface Labelled {
        String label();
    }

    abstract static class Base implements Counter {
        int count;
        long total;

        abstract int step();

        public int next() {
            count += step();
            total += count;
            return count;
        }

        private int secret() {
            return 7;
        }

        int callsPrivate() {
            return secret() * 2;
        }
    }

    static class ByOne extends Base {
        int step() {
            return 1;
        }
    }

    static class ByTwo extends Base implements Labelled {
        int step() {
            return 2;
        }

        public String label() {
            return "two";
        }

        @Override
        public int next() {
            return super.next() * 10;
        }

        @Override
        public int twice() {
            return next() - 1;
        }
    }

    static final class Fields {
        boolean z;
        byte b;
        char c;
        short s;
        int i;
        long j;
        String str;
        Fields self;
        int[] ints;
    }

    enum Colour {
        RED, GREEN, BLUE {
            @Override
            String describe() {
                return "deep";
            }
        };

        String describe() {
            return name();
        }
    }

    static final ByOne ONE = new ByOne();
    static final ByTwo TWO = new ByTwo();
    static final Counter[] COUNTERS = {ONE, TWO, new ByOne()};
    static final Base[] BASES = {ONE, TWO};
    static final Fields FIELDS = new Fields();
    static final Object[] THINGS = {ONE, TWO, "text", new int[2], new Counter[1], Colour.GREEN, null};
    static final Colour[] COLOURS = {Colour.RED, Colour.GREEN, Colour.BLUE};
    static final Object[] STRINGS = new String[2];
    static Fields nothing;
    static Counter noCounter;

    public static void virtualCallsPickTheOverride() {
        for (int i = 0; i < COUNTERS.length; i++) {
            System.out.println(COUNTERS[i].next());
            System.out.println(COUNTERS[i].twice());
        }
        System.out.println(ONE.total);
        System.out.println(TWO.total);
    }

    /** A default method called on a class type, with two implementations: dispatched through the itable. */
    public static void defaultMethodsOnAClassType() {
        for (int i = 0; i < BASES.length; i++) {
            System.out.println(BASES[i].twice());
        }
    }

    public static void privateAndSuperCalls() {
        System.out.println(ONE.callsPrivate());
        System.out.println(TWO.next());
        System.out.println(TWO.label());
    }

    public static void fieldsOfEveryWidth() {
        Fields f = FIELDS;
        f.z = true;
        f.b = (byte) 0x80;
        f.c = (char) 0xFFFF;
        f.s = (short) 0x8000;
        f.i = Integer.MIN_VALUE;
        f.j = Long.MAX_VALUE;
        f.str = "in a field";
        f.self = f;
        f.ints = null;
        System.out.println(f.z);
        System.out.println(f.b);
        System.out.println(f.c);
        System.out.println(f.s);
        System.out.println(f.i);
        System.out.println(f.j);
        System.out.println(f.self.self.str);
        System.out.println(f.ints == null);
        f.b++;
        f.c++;
        f.s--;
        f.i--;
        f.j++;
        System.out.println(f.b);
        System.out.println((int) f.c);
        System.out.println(f.s);
        System.out.println(f.i);
        System.out.println(f.j);
    }

    public static void typeTests() {
        for (int i = 0; i < THINGS.length; i++) {
            Object o = THINGS[i];
            System.out.print(o instanceof Base);
            System.out.print(o instanceof ByTwo);
            System.out.print(o instanceof Counter);
            System.out.print(o instanceof Labelled);
            System.out.print(o instanceof String);
            System.out.print(o instanceof int[]);
            System.out.print(o instanceof Object[]);
            System.out.print(o instanceof Counter[]);
            System.out.println(o instanceof Colour);
        }
    }

    public static void castsThatHold() {
        Object o = THINGS[1];
        System.out.println(((Labelled) o).label());
        System.out.println(((Base) o).step());
        System.out.println(((Counter[]) THINGS[4]).length);
        System.out.println(((String) THINGS[2]).length());
        System.out.println((Base) THINGS[6] == null);
    }

    public static void enumsAndTheirSwitches() {
        for (int i = 0; i < COLOURS.length; i++) {
            Colour c = COLOURS[i];
            System.out.println(c.ordinal());
            System.out.println(c.name());
            System.out.println(c.describe());
            switch (c) {
                case RED -> System.out.println("warm");
                case BLUE -> System.out.println("cold");
                default -> System.out.println("neither");
            }
            System.out.println(c.compareTo(Colour.GREEN));
        }
    }

    public static void arrayStoresThatHold() {
        Counter[] cs = (Counter[]) THINGS[4];
        cs[0] = TWO;
        System.out.println(cs[0].next());
        STRINGS[0] = "fits";
        STRINGS[1] = null;
        System.out.println((String) STRINGS[0]);
    }

    public static void failsOnANullReceiver() {
        System.out.println(noCounter.next());
    }

    public static void failsOnANullField() {
        System.out.println(nothing.i);
    }

    public static void failsOnAFailedCast() {
        System.out.println(((ByTwo) THINGS[0]).label());
    }

    public static void failsOnACastToAnInterface() {
        System.out.println(((Labelled) THINGS[0]).label());
    }

    public static void failsOnAnArrayStore() {
        STRINGS[0] = ONE;
    }

    /** Every Table in the image heap holds a 3-long array: zeptuxc knows the length (and non-null). */
    static final class Table {
        final long[] slots = new long[3];
        long[] spare;

        long sum() {
            long s = 0;
            for (int i = 0; i < slots.length; i++) {
                slots[i] += i + 1;
                s += slots[i];
            }
            return s;
        }
    }

    static final Table[] TABLES = {new Table(), new Table()};

    public static void fixedArrayFields() {
        System.out.println(TABLES[0].sum() + TABLES[1].sum() + TABLES[0].sum());
        System.out.println(TABLES[1].slots.length);
    }

    public static void failsOnAFixedArrayFieldIndex() {
        int i = TABLES.length + 1;
        TABLES[0].slots[i] = 1;
    }

    public static void failsOnANullArrayField() {
        TABLES[0].spare[0] = 1;
    }
}
