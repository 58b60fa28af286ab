package org.zeptux.compiler.image;

/** The parts given to the image builder are not what the boot protocol needs; one line says why. */
public final class ImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }
}
