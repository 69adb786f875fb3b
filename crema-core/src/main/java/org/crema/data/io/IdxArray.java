package org.crema.data.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One IDX file as read: element type, dimensions and the raw big-endian payload.
 *
 * <p>The payload stays in file form (1 byte per pixel for MNIST) and is converted on request, so a
 * 47 MB image file is not held as 188 MB of floats until someone asks for floats. The arrays are
 * shared, not copied: the record is a view of what the reader produced; callers that mutate them
 * own the consequences. Equality is identity of the arrays, as for any record holding arrays.
 *
 * @param source the file or source name it was read from (for messages)
 * @param type element type
 * @param dims dimensions, outermost first, each &gt;= 0
 * @param payload the elements, big-endian, {@code product(dims) * type.bytes()} bytes
 */
public record IdxArray(String source, IdxType type, int[] dims, byte[] payload) {

    public IdxArray {
        if (type == null || dims == null || payload == null) {
            throw new IllegalArgumentException("IdxArray: type, dims and payload must be non-null");
        }
        // A zero anywhere makes the array empty however large the other dimensions are.
        boolean empty = Arrays.stream(dims).anyMatch(d -> d == 0);
        long n = empty ? 0 : 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("IdxArray: negative dimension in " + Arrays.toString(dims));
            if (empty) continue;
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("IdxArray: dims " + Arrays.toString(dims) + " too large");
        }
        if (n * type.bytes() != payload.length) {
            throw new IllegalArgumentException("IdxArray: dims " + Arrays.toString(dims) + " of " + type
                    + " need " + n * type.bytes() + " bytes, payload has " + payload.length);
        }
    }

    /** Number of elements, the product of the dimensions. */
    public int size() {
        return payload.length / type.bytes();
    }

    /** The first dimension: the number of examples in a dataset file. */
    public int count() {
        return dims.length == 0 ? 1 : dims[0];
    }

    /** The values as floats, unscaled. */
    public float[] toFloatArray() {
        return toFloatArray(1f);
    }

    /** The values as floats, each multiplied by {@code scale} (1/255f maps unsigned bytes to [0,1]). */
    public float[] toFloatArray(float scale) {
        int n = size();
        float[] out = new float[n];
        switch (type) {
            case UBYTE -> { for (int i = 0; i < n; i++) out[i] = (payload[i] & 0xFF) * scale; }
            case BYTE -> { for (int i = 0; i < n; i++) out[i] = payload[i] * scale; }
            default -> {
                ByteBuffer b = buffer();
                for (int i = 0; i < n; i++) out[i] = (float) (read(b, i) * scale);
            }
        }
        return out;
    }

    /**
     * Unsigned-byte values divided by 255, so images land in [0,1] (each value correctly rounded).
     *
     * @throws IllegalStateException if the element type is not UBYTE
     */
    public float[] toUnitFloatArray() {
        if (type != IdxType.UBYTE) throw new IllegalStateException("IDX " + source + " holds " + type + ", not unsigned bytes");
        float[] unit = ImageArray.BYTE_TO_UNIT;
        float[] out = new float[payload.length];
        for (int i = 0; i < out.length; i++) out[i] = unit[payload[i] & 0xFF];
        return out;
    }

    /** The values as doubles, unscaled. */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) out[i] = read(b, i);
        return out;
    }

    /**
     * The values as longs, for label files.
     *
     * @throws IllegalStateException if the element type is FLOAT or DOUBLE
     */
    public long[] toLongArray() {
        requireInteger();
        int n = size();
        long[] out = new long[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) out[i] = (long) read(b, i);
        return out;
    }

    /**
     * The values as ints, for label files.
     *
     * @throws IllegalStateException if the element type is FLOAT or DOUBLE
     */
    public int[] toIntArray() {
        requireInteger();
        int n = size();
        int[] out = new int[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) out[i] = (int) read(b, i);
        return out;
    }

    @Override
    public String toString() {
        return "IdxArray[" + source + ", " + type + " " + Arrays.toString(dims) + "]";
    }

    private void requireInteger() {
        if (!type.isInteger()) {
            throw new IllegalStateException("IDX " + source + " holds " + type + " values, not integers");
        }
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
    }

    // All six types fit exactly in a double, so one reader serves every conversion.
    private double read(ByteBuffer b, int i) {
        return switch (type) {
            case UBYTE -> b.get(i) & 0xFF;
            case BYTE -> b.get(i);
            case SHORT -> b.getShort(2 * i);
            case INT -> b.getInt(4 * i);
            case FLOAT -> b.getFloat(4 * i);
            case DOUBLE -> b.getDouble(8 * i);
        };
    }
}
