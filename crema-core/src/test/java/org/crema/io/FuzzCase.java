package org.crema.io;

import java.util.Random;
import org.crema.testing.FuzzOutcome;

/**
 * Fuzz cases of the io readers: {@link FuzzOutcome} with {@link CremaFormatException} as the documented
 * exception, and byte mutations of valid files.
 */
final class FuzzCase {
    interface Body<T> {
        T run() throws Exception;
    }

    private FuzzCase() {}

    /** The case's result, or null if it threw {@link CremaFormatException}. */
    static <T> T outcome(Body<T> body) {
        return FuzzOutcome.of(CremaFormatException.class, body::run);
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
