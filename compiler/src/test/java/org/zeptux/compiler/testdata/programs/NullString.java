package org.zeptux.compiler.testdata.programs;

/** A method call on a null string. */
public class NullString {
    static String name;

    public static void main(String[] args) {
        System.out.println("length of null:");
        System.out.println(name.length());
    }
}
