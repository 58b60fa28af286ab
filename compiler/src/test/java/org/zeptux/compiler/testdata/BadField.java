package org.zeptux.compiler.testdata;

import java.util.ArrayList;
import java.util.List;

/** A static field holding an object the image heap cannot hold: the error points at the field's declaration. */
public class BadField {
    static int count = 3;

    static final List<String> NAMES = new ArrayList<>();

    public static int get() {
        return count + NAMES.size();
    }
}
