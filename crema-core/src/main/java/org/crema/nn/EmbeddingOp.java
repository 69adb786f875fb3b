package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.autograd.Node;

/**
 * Row lookup weight[indices] as one graph node; the weight gradient scatter-adds each output row's
 * gradient back into the row it came from (an index seen twice gets both), skipping the padding row.
 */
final class EmbeddingOp {
    private EmbeddingOp() {}

    /** paddingIdx < 0 means none (callers normalise torch's negative padding_idx first). */
    static Tensor apply(Tensor indices, Tensor weight, int paddingIdx) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding: expected INT64 indices, got " + indices.dtype()
                    + "; convert with to(DType.INT64)");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight must be 2-D [numEmbeddings, embeddingDim], got "
                    + Arrays.toString(weight.shape()));
        }
        int num = weight.size(0), dim = weight.size(1);
        long[] idx = indices.toLongArray();
        for (long i : idx) {
            if (i < 0 || i >= num) {
                throw new IndexOutOfBoundsException("embedding: index " + i + " is out of range [0, " + num + ") for a table of "
                        + num + " rows");
            }
        }
        int[] inShape = indices.shape();
        int[] outShape = Arrays.copyOf(inShape, inShape.length + 1);
        outShape[inShape.length] = dim;
        Tensor w = weight.contiguous().detach();
        int wo = w.storageOffset();
        Tensor y;
        if (w.dtype() == DType.FLOAT32) {
            float[] src = w.storageFloats(), out = new float[idx.length * dim];
            for (int r = 0; r < idx.length; r++) System.arraycopy(src, wo + (int) idx[r] * dim, out, r * dim, dim);
            y = Tensor.wrap(out, outShape);
        } else {
            double[] src = w.storageDoubles(), out = new double[idx.length * dim];
            for (int r = 0; r < idx.length; r++) System.arraycopy(src, wo + (int) idx[r] * dim, out, r * dim, dim);
            y = Tensor.wrap(out, outShape);
        }
        return Node.record(y, "embedding", new Tensor[] {weight}, g -> {
            Tensor gc = g.contiguous();
            int go = gc.storageOffset();
            if (w.dtype() == DType.FLOAT32) {
                float[] gs = gc.storageFloats(), dw = new float[num * dim];
                for (int r = 0; r < idx.length; r++) {
                    if (idx[r] == paddingIdx) continue;
                    int dst = (int) idx[r] * dim, src = go + r * dim;
                    for (int j = 0; j < dim; j++) dw[dst + j] += gs[src + j];
                }
                return new Tensor[] {Tensor.wrap(dw, num, dim)};
            }
            double[] gs = gc.storageDoubles(), dw = new double[num * dim];
            for (int r = 0; r < idx.length; r++) {
                if (idx[r] == paddingIdx) continue;
                int dst = (int) idx[r] * dim, src = go + r * dim;
                for (int j = 0; j < dim; j++) dw[dst + j] += gs[src + j];
            }
            return new Tensor[] {Tensor.wrap(dw, num, dim)};
        });
    }
}
