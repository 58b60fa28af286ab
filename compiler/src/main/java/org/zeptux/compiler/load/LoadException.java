package org.zeptux.compiler.load;

/** A class path entry that cannot be read; the message is one line naming the file. */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }
}
