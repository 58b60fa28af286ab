package org.zeptux.compiler.testdata.programs;

/**
 * Objects in the image heap: instance fields, virtual, interface, default and super calls,
 * instanceof and casts, enums with bodies and switches, linked objects, reference and
 * multi-dimensional arrays; it ends in a ClassCastException.
 */
public class Objects {
    interface Shape {
        int area();

        default String kind() {
            return "shape";
        }
    }

    interface Named {
        String name();
    }

    abstract static class Base implements Shape {
        int id;

        Base(int id) {
            this.id = id;
        }

        abstract int sides();

        int describe() {
            return id * 100 + sides();
        }
    }

    static final class Square extends Base implements Named {
        final int side;

        Square(int id, int side) {
            super(id);
            this.side = side;
        }

        public int area() {
            return side * side;
        }

        int sides() {
            return 4;
        }

        public String name() {
            return "square";
        }

        public String kind() {
            return "polygon";
        }
    }

    static class Tri extends Base {
        int b;
        int h;
        byte small = -3;
        char letter = 'T';
        boolean flag = true;
        long big = 1L << 40;

        Tri(int id, int b, int h) {
            super(id);
            this.b = b;
            this.h = h;
        }

        public int area() {
            return b * h / 2;
        }

        int sides() {
            return 3;
        }
    }

    static class Right extends Tri {
        Right(int id, int a) {
            super(id, a, a);
        }

        @Override
        public int area() {
            return super.area() + 1;
        }
    }

    static class Circle implements Shape {
        final int r;

        Circle(int r) {
            this.r = r;
        }

        public int area() {
            return 3 * r * r;
        }
    }

    static class Node {
        int value;
        Node next;

        Node(int value, Node next) {
            this.value = value;
            this.next = next;
        }
    }

    enum Color {
        RED, GREEN, BLUE {
            @Override
            int shade() {
                return 7;
            }
        };

        int shade() {
            return ordinal();
        }
    }

    enum Op { ADD, SUB, MUL }

    static final Shape[] SHAPES = {new Square(1, 3), new Tri(2, 4, 5), new Circle(2), new Right(3, 6)};
    static final Base[] BASES = {(Base) SHAPES[0], (Base) SHAPES[1], (Base) SHAPES[3]};
    static final Node LIST = new Node(1, new Node(2, new Node(3, null)));
    static final int[][] GRID = {{1, 2}, {3, 4, 5}, {}};
    static final Object[] MIXED = {"str", new int[] {1}, new Square(9, 1), null, Color.GREEN};
    static final Square SQ = (Square) SHAPES[0];
    static final Color[] COLORS = Color.values();
    static Shape current = SHAPES[0];
    static Base[] slots = new Base[2];
    static Object[] strings = new String[2];
    static Color favourite = Color.BLUE;
    static final Object[] ARRAYS = {SHAPES, BASES, GRID, MIXED, COLORS, strings};

    static int apply(Op op, int a, int b) {
        switch (op) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            default:
                return a * b;
        }
    }

    public static void main(String[] args) {
        int total = 0;
        for (int i = 0; i < SHAPES.length; i++) {
            Shape s = SHAPES[i];
            System.out.println(s.area());
            System.out.println(s.kind());
            System.out.println(s instanceof Named);
            System.out.println(s instanceof Base);
            System.out.println(s instanceof Tri);
            total += s.area();
        }
        System.out.println(total);
        for (int i = 0; i < BASES.length; i++) {
            System.out.println(BASES[i].describe());
            System.out.println(BASES[i].id);
        }
        System.out.println(((Named) SHAPES[0]).name());
        System.out.println(SQ.side);
        SQ.id = 42;
        System.out.println(BASES[0].id);
        Tri t = (Tri) SHAPES[1];
        System.out.println(t.small);
        System.out.println(t.letter);
        System.out.println(t.flag);
        System.out.println(t.big);
        t.small = (byte) 200;
        t.letter++;
        t.flag = !t.flag;
        t.big = t.big * 3 + t.small;
        System.out.println(t.small);
        System.out.println(t.letter);
        System.out.println(t.flag);
        System.out.println(t.big);
        int sum = 0;
        for (Node n = LIST; n != null; n = n.next) {
            sum = sum * 10 + n.value;
        }
        System.out.println(sum);
        LIST.next.value = 9;
        System.out.println(LIST.next.value);
        for (int i = 0; i < GRID.length; i++) {
            System.out.println(GRID[i].length);
            for (int j = 0; j < GRID[i].length; j++) {
                System.out.print(GRID[i][j]);
            }
            System.out.println();
        }
        GRID[1][2] = 50;
        System.out.println(GRID[1][2]);
        for (int i = 0; i < MIXED.length; i++) {
            Object o = MIXED[i];
            System.out.println(o instanceof String);
            System.out.println(o instanceof int[]);
            System.out.println(o instanceof Shape);
            System.out.println(o instanceof Color);
            System.out.println(o == null);
        }
        System.out.println(((String) MIXED[0]).length());
        for (int i = 0; i < ARRAYS.length; i++) {
            Object a = ARRAYS[i];
            System.out.println(a instanceof Shape[]);
            System.out.println(a instanceof Base[]);
            System.out.println(a instanceof Object[]);
            System.out.println(a instanceof int[][]);
            System.out.println(a instanceof String[]);
            System.out.println(a instanceof Enum[]);
        }
        System.out.println(((Shape[]) ARRAYS[1]).length);
        System.out.println(Color.RED.ordinal());
        System.out.println(Color.BLUE.name());
        System.out.println(favourite.shade());
        System.out.println(Color.GREEN.shade());
        System.out.println(Color.RED.compareTo(Color.BLUE));
        System.out.println(favourite == Color.BLUE);
        System.out.println(Color.RED.equals(Color.GREEN));
        System.out.println(Color.GREEN.toString());
        System.out.println(COLORS.length);
        System.out.println(COLORS[2] == favourite);
        switch (favourite) {
            case RED:
                System.out.println("r");
                break;
            case BLUE:
                System.out.println("b");
                break;
            default:
                System.out.println("?");
        }
        System.out.println(apply(Op.ADD, 3, 4));
        System.out.println(apply(Op.SUB, 3, 4));
        System.out.println(apply(Op.MUL, 3, 4));
        slots[0] = SQ;
        slots[1] = (Base) SHAPES[1];
        System.out.println(slots[1].describe());
        strings[0] = "ok";
        System.out.println(strings[0] == "ok");
        current = SHAPES[2];
        System.out.println(current.area());
        Object o = MIXED[2];
        System.out.println(((Tri) o).b);
    }
}
