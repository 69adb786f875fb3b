package org.crema.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed.
 *
 * <p>Layout: bytes 0 and 1 are zero, byte 2 is the {@linkplain IdxType type code}, byte 3 the number
 * of dimensions d; then d big-endian 32-bit sizes; then the elements, big-endian, row-major.
 * Compression is detected from the gzip magic {@code 1f 8b}, never from the file name.
 *
 * <p>Strictness, all reported as {@link CremaDataException} naming the file: a bad magic, an
 * unknown type code, zero dimensions, a negative size (read as signed; sizes of 2^31 or more are
 * rejected as absurd), a total beyond the largest Java array, fewer bytes than the header promises,
 * and <b>trailing bytes after the data, which are an error</b> (real IDX files have none, and extra
 * bytes usually mean the header is wrong). For raw files the size is checked against the header
 * before anything is allocated; for gzip files the header is first checked against the most that
 * deflate can expand the compressed size, then data is read in growing chunks so a lying header is
 * caught as truncation without a giant allocation. Bytes after the end of the gzip stream itself
 * are ignored, as {@link java.util.zip.GZIPInputStream} does.
 */
public final class IdxReader {
    static final String KIND = "IDX file";
    private static final long SATURATED = Long.MAX_VALUE / 16;

    private IdxReader() {}

    /** Reads a whole IDX file. */
    public static IdxArray read(Path file) throws CremaDataException {
        String src = file.toString();
        long size = Streams.size(file, KIND);
        try (BufferedInputStream in = Streams.open(file, KIND)) {
            return parse(in, size, src);
        } catch (IOException e) {
            throw Streams.gzipError(KIND, src, e);
        }
    }

    /**
     * Reads an IDX array from a stream whose length is unknown; {@code sourceName} names it in
     * messages. The stream is read to its end (to detect trailing bytes) but not closed.
     */
    public static IdxArray read(InputStream in, String sourceName) throws CremaDataException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        try {
            return parse(bin, -1, sourceName);
        } catch (IOException e) {
            throw Streams.gzipError(KIND, sourceName, e);
        }
    }

    /**
     * Reads an image file: unsigned bytes, at least 2 dimensions ({@code [n, rows, cols]} for
     * MNIST), scaled to [0,1] by 1/255.
     */
    public static ImageArray readImages(Path file) throws CremaDataException {
        IdxArray a = read(file);
        if (a.type() != IdxType.UBYTE) {
            throw new CremaDataException(KIND, a.source(), "expected unsigned-byte (0x08) images, found " + a.type()
                    + " (0x" + hex(a.type().code()) + ")");
        }
        if (a.dims().length < 2) {
            throw new CremaDataException(KIND, a.source(), "expected images with at least 2 dimensions [n, ...], found "
                    + Arrays.toString(a.dims()));
        }
        return new ImageArray(a.toUnitFloatArray(), a.dims().clone());
    }

    /** Reads a label file: one dimension, integer type, every value &gt;= 0. */
    public static long[] readLabels(Path file) throws CremaDataException {
        return readLabels(file, Integer.MAX_VALUE);
    }

    /** Reads a label file and checks every label is in {@code [0, numClasses)}. */
    public static long[] readLabels(Path file, int numClasses) throws CremaDataException {
        if (numClasses < 1) throw new IllegalArgumentException("readLabels: numClasses must be >= 1, got " + numClasses);
        IdxArray a = read(file);
        if (!a.type().isInteger()) {
            throw new CremaDataException(KIND, a.source(), "expected integer labels, found " + a.type() + " values");
        }
        if (a.dims().length != 1) {
            throw new CremaDataException(KIND, a.source(), "expected a 1-dimensional label file, found dims "
                    + Arrays.toString(a.dims()));
        }
        long[] labels = a.toLongArray();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new CremaDataException(KIND, a.source(), "label " + labels[i] + " at index " + i + " is outside [0, "
                        + (numClasses == Integer.MAX_VALUE ? "inf" : numClasses) + ")");
            }
        }
        return labels;
    }

    /**
     * Reads an image file and its label file as one dataset, checking the counts agree and every
     * label indexes {@code classNames}.
     */
    public static LabeledImages readLabeled(Path images, Path labels, List<String> classNames) throws CremaDataException {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("readLabeled: classNames must be non-empty");
        }
        long[] y = readLabels(labels, classNames.size());
        ImageArray x = readImages(images);
        if (x.count() != y.length) {
            throw new CremaDataException(KIND, images.toString(), "holds " + x.count() + " images but label file "
                    + labels + " holds " + y.length + " labels");
        }
        return new LabeledImages(x, y, classNames);
    }

    private static IdxArray parse(BufferedInputStream file, long fileSize, String src) throws IOException {
        boolean gz = Streams.startsWithGzipMagic(file);
        InputStream in = gz ? Streams.gunzip(file, KIND, src) : file;
        String where = gz ? "the decompressed data" : "the file";

        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new CremaDataException(KIND, src, where + " is only " + magic.length
                    + " bytes long, too short for the 4-byte IDX magic");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new CremaDataException(KIND, src, "bad magic " + hex(magic)
                    + ": an IDX file starts with two zero bytes, a type code and the number of dimensions");
        }
        IdxType type = IdxType.ofCode(magic[2]);
        if (type == null) {
            throw new CremaDataException(KIND, src, "unknown type code 0x" + hex(magic[2])
                    + " (known: 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double)");
        }
        int nd = magic[3] & 0xFF;
        if (nd == 0) throw new CremaDataException(KIND, src, "header says 0 dimensions");

        byte[] dimBytes = in.readNBytes(4 * nd);
        if (dimBytes.length < 4 * nd) {
            throw new CremaDataException(KIND, src, "truncated header: " + nd + " dimensions need " + 4 * nd
                    + " bytes after the magic, only " + dimBytes.length + " follow");
        }
        ByteBuffer db = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[nd];
        long elements = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = db.getInt();
            if (dims[i] < 0) {
                throw new CremaDataException(KIND, src, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", absurdly large (2^31 or more): corrupt header");
            }
            // Saturate instead of overflowing: any total past the array limit is rejected below
            // anyway, while a zero dimension still makes the whole array legitimately empty.
            elements = dims[i] == 0 ? 0 : (elements > SATURATED / dims[i] ? SATURATED : elements * dims[i]);
        }
        long dataBytes = elements * type.bytes();
        String claim = "header says " + type + " " + Arrays.toString(dims);
        if (dataBytes > Streams.MAX_ARRAY) {
            throw new CremaDataException(KIND, src, claim + ", " + (elements == SATURATED ? "more than 2^59 elements" : elements + " elements ("
                    + dataBytes + " bytes)") + ", more than the largest Java array (" + Streams.MAX_ARRAY + " bytes)");
        }
        long headerBytes = 4 + 4L * nd;
        if (!gz && fileSize >= 0) {
            long follow = fileSize - headerBytes;
            if (follow < dataBytes) {
                throw new CremaDataException(KIND, src, claim + " (" + dataBytes + " bytes of data) but only "
                        + follow + " bytes follow the " + headerBytes + "-byte header: truncated file or corrupt header");
            }
            if (follow > dataBytes) {
                throw new CremaDataException(KIND, src, claim + " (" + dataBytes + " bytes of data) but " + follow
                        + " bytes follow the header: " + (follow - dataBytes) + " bytes of trailing garbage");
            }
        }
        if (gz && fileSize >= 0 && headerBytes + dataBytes > fileSize * Streams.MAX_DEFLATE_RATIO) {
            throw new CremaDataException(KIND, src, claim + " (" + dataBytes + " bytes of data), more than a "
                    + fileSize + "-byte gzip file can hold (deflate expands at most " + Streams.MAX_DEFLATE_RATIO
                    + ":1): corrupt header or truncated file");
        }

        byte[] payload = Streams.readExactly(in, (int) dataBytes, KIND, src, "data (" + claim + ")");
        long extra = Streams.countRemaining(in, 1 << 20);
        if (extra > 0) {
            throw new CremaDataException(KIND, src, (extra >= 1 << 20 ? "more than " : "") + extra
                    + " bytes of trailing garbage after the data (" + claim + ", " + dataBytes + " bytes)");
        }
        return new IdxArray(src, type, dims, payload);
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : b) s.append(hex(x));
        return s.toString();
    }
}
