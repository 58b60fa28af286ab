package org.zeptux.compiler.testdata.programs;

/** switch on strings (with a hash collision), equals, hashCode, isEmpty; ends with a null switch. */
public class Strings {
    static String unset;

    static String pick(int i) {
        switch (i % 5) {
            case 0: return "alpha";
            case 1: return "beta";
            case 2: return "Aa";        // "Aa" and "BB" have the same hashCode
            case 3: return "BB";
            default: return "";
        }
    }

    static int classify(String s) {
        switch (s) {
            case "alpha": return 1;
            case "beta": return 2;
            case "Aa": return 3;
            case "BB": return 4;
            default: return 0;
        }
    }

    public static void main(String[] args) {
        for (int i = 0; i < 10; i++) {
            String s = pick(i);
            System.out.print(classify(s));
            System.out.print(' ');
            System.out.print(s.equals("beta"));
            System.out.print(' ');
            System.out.print(s.equals("bet"));
            System.out.print(' ');
            System.out.print(s.equals(unset));
            System.out.print(' ');
            System.out.print(s.hashCode());
            System.out.print(' ');
            System.out.println(s.isEmpty());
        }
        System.out.println("Aa".equals("BB"));
        System.out.println(classify(unset));
    }
}
