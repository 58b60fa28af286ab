package org.zeptux.compiler.toolchain;

/** A tool that is missing or failed; the message is what the user needs to see. */
public final class ToolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }
}
