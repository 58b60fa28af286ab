package org.zeptux.compiler.testdata.linux;

import org.zeptux.rt.hosted.Linux;

/** A buffer range past the end of its array: the call throws as the array access would, before any system call. */
public final class BadRange {
    private BadRange() {}

    private static final byte[] BUFFER = {'o', 'k', '\n', 0, 0, 0, 0, 0};

    public static void main(String[] args) {
        System.out.println("before");
        Linux.write(1, BUFFER, 0, 3);
        Linux.write(1, BUFFER, 6, 3);
        System.out.println("not reached");
    }
}
