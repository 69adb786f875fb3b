package org.crema.io;

import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case under the contract "return a value or throw {@link CremaFormatException} with a
 * message; anything else (another exception, an error such as OOM or stack overflow, a hang) fails".
 */
final class FuzzCase {
    /** A case takes microseconds to milliseconds; only a real hang comes near this. */
    private static final long HANG_SECONDS = 20;

    private static final ExecutorService EXEC = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "io-fuzz-case");
        t.setDaemon(true);
        return t;
    });

    interface Body<T> {
        T run() throws Exception;
    }

    private FuzzCase() {}

    /** The case's result, or null if it threw {@link CremaFormatException}. */
    static <T> T outcome(Body<T> body) {
        Future<T> f = EXEC.submit(() -> {
            try {
                return body.run();
            } catch (CremaFormatException e) {
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
            throw new AssertionError("only CremaFormatException may escape, got " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Flips, overwrites, inserts or deletes a few bytes, or writes a large little-endian number somewhere. */
    static byte[] mutate(Random r, byte[] in, int mutations) {
        byte[] b = in.clone();
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b[at] = (byte) "{}[]\",:0123456789-e. ".charAt(r.nextInt(21));
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 4 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> {
                    long big = switch (r.nextInt(4)) {
                        case 0 -> Long.MAX_VALUE;
                        case 1 -> -1L;
                        case 2 -> 1L << (32 + r.nextInt(30));
                        default -> Integer.MAX_VALUE;
                    };
                    for (int i = 0; i < 8 && at + i < b.length; i++) b[at + i] = (byte) (big >>> (8 * i));
                }
            }
        }
        return b;
    }
}
