package org.crema.nn;

import java.util.Arrays;
import org.crema.Tensor;

/**
 * W^T of a Linear's FLOAT32 weight [out, in], kept between forward calls that record no graph, so that
 * inference multiplies x by a row-major [in, out] matrix (the GEMM's NN form, ~85 GFLOP/s at batch 256
 * on one core) instead of x W^T (NT: ~75 GFLOP/s for 256x256x784, ~57 for 256x128x256 by dot products).
 *
 * <p>Weights change in place (optimizers write their storage) and Tensor keeps no version counter, so
 * the entry also keeps a copy of W and every use compares W against it ({@code Arrays.mismatch},
 * vectorized: ~20 us for 784x256, against ~100-190 us saved): any change rebuilds the entry. The cost
 * is memory, two copies of the weight per layer used for inference (LinearOp uses it up to 4M elements).
 * A NaN weight replaced by a NaN of another payload counts as unchanged; the outputs it touches are NaN
 * either way.
 */
final class TransposedWeight {
    private record Entry(int out, int in, float[] copy, float[] transposed) {}

    private volatile Entry entry;

    /** W^T [in, out] for the contiguous FLOAT32 weight w [out, in] as it is now. */
    float[] of(Tensor w) {
        int out = w.size(0), in = w.size(1), len = out * in, off = w.storageOffset();
        float[] ws = w.storageFloats();
        Entry e = entry;
        if (e != null && e.out == out && e.in == in && Arrays.mismatch(ws, off, off + len, e.copy, 0, len) < 0) {
            return e.transposed;
        }
        float[] copy = Arrays.copyOfRange(ws, off, off + len);
        float[] t = new float[len];
        // row j of W^T gathers column j of W: written in order, read with a stride of `in`
        for (int j = 0; j < in; j++) {
            int dst = j * out;
            for (int i = 0; i < out; i++) t[dst + i] = copy[i * in + j];
        }
        entry = new Entry(out, in, copy, t);
        return t;
    }
}
