package org.crema.data.io;

import java.util.Arrays;

/**
 * A batch of images as one flat float array plus its shape, outermost dimension = image count
 * ({@code [n, rows, cols]} for MNIST, {@code [n, 3, 32, 32]} NCHW for CIFAR). Shaped to go straight
 * into {@code Tensor.of(data, shape)}. Arrays are shared, not copied.
 */
public record ImageArray(float[] data, int[] shape) {

    /** {@code v / 255f} for every unsigned byte v: correctly rounded, unlike {@code v * (1 / 255f)}. */
    static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) BYTE_TO_UNIT[v] = v / 255f;
    }

    public ImageArray {
        if (data == null || shape == null || shape.length == 0) {
            throw new IllegalArgumentException("ImageArray: data and a non-empty shape are required");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("ImageArray: negative dimension in " + Arrays.toString(shape));
            n = n > Integer.MAX_VALUE ? n : n * d; // saturates past any array length; a later 0 still gives 0
            if (d == 0) n = 0;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("ImageArray: shape " + Arrays.toString(shape) + " needs " + n
                    + " values, data has " + data.length);
        }
    }

    /** Number of images, {@code shape[0]}. */
    public int count() {
        return shape[0];
    }

    @Override
    public String toString() {
        return "ImageArray" + Arrays.toString(shape);
    }
}
