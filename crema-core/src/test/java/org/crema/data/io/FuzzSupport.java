package org.crema.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.crema.testing.FuzzOutcome;

/**
 * Fuzz cases of the data readers: {@link FuzzOutcome} with {@link CremaDataException} as the documented
 * exception, plus random bytes and temporary files.
 */
final class FuzzSupport {
    interface Case<T> {
        T run() throws CremaDataException;
    }

    private FuzzSupport() {}

    /** The case's result, or null if it threw {@link CremaDataException}. */
    static <T> T outcome(Case<T> c) {
        return FuzzOutcome.of(CremaDataException.class, c::run);
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
