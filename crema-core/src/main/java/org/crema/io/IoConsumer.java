package org.crema.io;

import java.io.IOException;

/** Writes a file's content to the stream it is given (the stream is closed by the caller). */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T t) throws IOException;
}
