package org.crema.io;

/**
 * The one exception type {@code org.crema.io} throws for file <em>content</em> it refuses: malformed
 * JSON, a corrupt or truncated safetensors file (a header length past the end of the file, an unknown
 * dtype, a shape whose byte count disagrees with its offsets, overlapping or out-of-file offsets), an
 * architecture naming an unregistered layer type, or weights whose names or shapes do not fit the model
 * (the message then names the parameter and both shapes).
 *
 * <p>Unchecked, so that it can surface from lambdas and parsers alike. The message always says what is
 * wrong with the offending values and, where there is one, the file and the byte offset. Real I/O
 * failures (a missing file, a full disk) stay {@link java.io.IOException}s. Loaders check sizes before
 * they allocate, so a corrupt header yields this exception rather than an {@link OutOfMemoryError}.
 */
public class CremaFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CremaFormatException(String message) {
        super(message);
    }

    public CremaFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same problem, its message prefixed with where it was found (e.g. the file name). */
    static CremaFormatException in(String where, CremaFormatException e) {
        return new CremaFormatException(where + ": " + e.getMessage(), e);
    }
}
