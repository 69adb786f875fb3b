package org.crema.data.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception type the dataset readers in {@code org.crema.data.io} throw.
 *
 * <p>Every problem a reader meets while loading a dataset surfaces as this type: a file that is
 * missing or unreadable (the underlying {@link IOException} is the {@linkplain #getCause() cause}),
 * a corrupt or truncated file, a header that contradicts the file size, trailing garbage, a label
 * out of range, mismatched image and label counts, a ragged or non-numeric CSV row. Readers check
 * sizes before they allocate, so a corrupt header yields this exception rather than an
 * {@link OutOfMemoryError}. The message always names the file (or the source name the caller gave)
 * and says what is wrong, with the offending values.
 *
 * <p>It extends {@link IOException} so that code which already handles I/O failures needs nothing
 * more; catch this type to tell "the data is bad or absent" apart from other I/O in a program.
 * Caller mistakes that do not depend on any file (say, a negative {@code numClasses}) are
 * {@link IllegalArgumentException}s instead.
 */
public final class CremaDataException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file or source the problem is in, as the caller named it; may be null. */
    private final String source;

    /**
     * @param kind what the source is, for the message, e.g. {@code "IDX file"}; may be null
     * @param source the file or source name; may be null when the problem concerns no single file
     * @param message what is wrong, with the offending values
     */
    public CremaDataException(String kind, String source, String message) {
        this(kind, source, message, null);
    }

    public CremaDataException(String kind, String source, String message, Throwable cause) {
        super(prefix(kind, source) + message, cause);
        this.source = source;
    }

    /** The file or source name the problem was found in, or null if it concerns no single file. */
    public String source() {
        return source;
    }

    private static String prefix(String kind, String source) {
        if (source == null) return kind == null ? "" : kind + ": ";
        return (kind == null ? "" : kind + " ") + source + ": ";
    }
}
