package org.crema.data.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files for the reader tests, independently of the readers. */
final class TestData {
    private TestData() {}

    /** IDX header for {@code type} and {@code dims}. */
    static byte[] idxHeader(int typeCode, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    /** A complete IDX file of unsigned bytes. */
    static byte[] idxUbyte(byte[] data, int... dims) {
        return concat(idxHeader(0x08, dims), data);
    }

    /** A complete IDX file of the given type holding {@code values} (cast to the type). */
    static byte[] idx(IdxType type, double[] values, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes());
        for (double v : values) {
            switch (type) {
                case UBYTE, BYTE -> b.put((byte) (long) v);
                case SHORT -> b.putShort((short) (long) v);
                case INT -> b.putInt((int) (long) v);
                case FLOAT -> b.putFloat((float) v);
                case DOUBLE -> b.putDouble(v);
            }
        }
        return concat(idxHeader(type.code(), dims), b.array());
    }

    /** One CIFAR-10 record: label then 3072 pixel bytes where pixel p is {@code (seed + p) & 0xFF}. */
    static byte[] cifarRecord(int label, int seed) {
        byte[] r = new byte[Cifar10Reader.RECORD_BYTES];
        r[0] = (byte) label;
        for (int p = 0; p < Cifar10Reader.PIXELS; p++) r[1 + p] = (byte) (seed + p);
        return r;
    }

    static byte[] cifarBatch(int... labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) out.writeBytes(cifarRecord(labels[i], i * 7));
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
