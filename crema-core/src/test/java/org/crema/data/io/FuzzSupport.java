package org.crema.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one fuzz case under the contract "return a value or throw {@link CremaDataException};
 * anything else (another exception, an error such as OOM, or a hang) fails the test".
 */
final class FuzzSupport {
    /** Generous: a case takes microseconds; only a real hang comes near this. */
    private static final long HANG_SECONDS = 20;

    private static final ExecutorService EXEC = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    interface Case<T> {
        T run() throws CremaDataException;
    }

    private FuzzSupport() {}

    /** The case's result, or null if it threw {@link CremaDataException}. */
    static <T> T outcome(Case<T> c) {
        Future<T> f = EXEC.submit(() -> {
            try {
                return c.run();
            } catch (CremaDataException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("empty message", e);
                return null;
            }
        });
        try {
            return f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("fuzz case did not finish in " + HANG_SECONDS + " s: a hang");
        } catch (ExecutionException e) {
            throw new AssertionError("only CremaDataException may escape, got " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
