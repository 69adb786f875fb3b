package org.crema.cli;

/** A runtime failure with a message written for the user (exit code 1, printed as one line). */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
