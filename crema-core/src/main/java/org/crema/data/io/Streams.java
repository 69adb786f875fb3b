package org.crema.data.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Size-checked, incremental reading shared by the binary readers. */
final class Streams {
    /** Largest array the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Deflate cannot expand more than 1032:1 (a 258-byte match coded in 2 bits), so a gzip file of
     * C bytes decompresses to at most about 1032*C bytes. A header that claims more is corrupt, and
     * we can say so before reading or allocating anything.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    /** First chunk when the true size is not yet proven by the bytes read so far. */
    private static final int FIRST_CHUNK = 1 << 20;

    private Streams() {}

    static long size(Path file, String kind) throws CremaDataException {
        try {
            if (Files.isDirectory(file)) {
                throw new CremaDataException(kind, file.toString(), "is a directory, expected a file");
            }
            return Files.size(file);
        } catch (CremaDataException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new CremaDataException(kind, file.toString(), "not found", e);
        } catch (IOException e) {
            throw new CremaDataException(kind, file.toString(), "cannot read: " + e, e);
        }
    }

    static BufferedInputStream open(Path file, String kind) throws CremaDataException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new CremaDataException(kind, file.toString(), "not found", e);
        } catch (IOException e) {
            throw new CremaDataException(kind, file.toString(), "cannot open: " + e, e);
        }
    }

    /** True if the stream starts with the gzip magic 1f 8b; the stream is left where it was. */
    static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }

    static InputStream gunzip(InputStream in, String kind, String src) throws CremaDataException {
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            throw gzipError(kind, src, e);
        }
    }

    /** Maps a failure inside decompression to a data error; other I/O failures keep their cause. */
    static CremaDataException gzipError(String kind, String src, IOException e) {
        if (e instanceof CremaDataException c) return c;
        if (e instanceof ZipException || e instanceof EOFException) {
            return new CremaDataException(kind, src, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
        return new CremaDataException(kind, src, "cannot read: " + e, e);
    }

    /**
     * Reads exactly {@code n} bytes. The buffer starts small and doubles as data actually arrives,
     * so a header that lies about {@code n} costs at most twice the bytes really present, never a
     * giant up-front allocation.
     *
     * @param what describes the expected bytes for the truncation message, e.g. "data for dims [..]"
     */
    static byte[] readExactly(InputStream in, int n, String kind, String src, String what) throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
        int have = 0;
        while (have < n) {
            if (have == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            int r = in.read(buf, have, buf.length - have);
            if (r < 0) {
                throw new CremaDataException(kind, src, "truncated: expected " + n + " bytes of " + what
                        + " but only " + have + " follow");
            }
            have += r;
        }
        return buf;
    }

    /** Counts the bytes left in the stream, stopping at {@code cap}. */
    static long countRemaining(InputStream in, long cap) throws IOException {
        byte[] sink = new byte[8192];
        long total = 0;
        int r;
        while (total < cap && (r = in.read(sink, 0, (int) Math.min(sink.length, cap - total))) > 0) total += r;
        return total;
    }
}
