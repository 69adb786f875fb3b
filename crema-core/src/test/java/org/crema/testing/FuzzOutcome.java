package org.crema.testing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case under the contract "return a value or throw the parser's documented exception with
 * a message; anything else (another exception, an error such as OOM or stack overflow, a hang) fails".
 * Shared by the fuzz tests of every reader (data.io, io).
 */
public final class FuzzOutcome {
    /** A case takes microseconds to milliseconds; only a real hang comes near this. */
    private static final long HANG_SECONDS = 20;

    private static final ExecutorService EXEC = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    public interface Body<T> {
        T run() throws Exception;
    }

    private FuzzOutcome() {}

    /** The case's result, or null if it threw {@code documented} (with a non-blank message). */
    public static <T> T of(Class<? extends Exception> documented, Body<T> body) {
        Future<T> f = EXEC.submit(() -> {
            try {
                return body.run();
            } catch (Exception e) {
                if (!documented.isInstance(e)) throw e;
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
            throw new AssertionError("only " + documented.getSimpleName() + " may escape, got " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
