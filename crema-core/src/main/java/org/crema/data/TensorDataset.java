package org.crema.data;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;

/** A dataset over tensors that share their first dim (e.g. images [N,...] and labels [N]). */
public final class TensorDataset implements Dataset {
    private final Tensor[] tensors;
    private final int n;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset: needs at least one tensor");
        n = tensors[0].dim() == 0 ? -1 : tensors[0].shape()[0];
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i].dim() == 0 || tensors[i].shape()[0] != n) {
                throw new IllegalArgumentException("TensorDataset: all tensors need the same first dim; tensor 0 has shape "
                        + Arrays.toString(tensors[0].shape()) + ", tensor " + i + " has " + Arrays.toString(tensors[i].shape()));
            }
        }
        this.tensors = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) this.tensors[i] = tensors[i].detach().contiguous();
    }

    public Tensor tensor(int i) { return tensors[i]; }

    @Override
    public int size() { return n; }

    @Override
    public Tensor[] get(int index) {
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException("TensorDataset: index " + index + " outside [0, " + n + ")");
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) out[i] = tensors[i].select(0, index);
        return out;
    }

    @Override
    public Tensor[] getBatch(int[] indices) {
        long[] idx = new long[indices.length];
        boolean consecutive = true;
        for (int i = 0; i < indices.length; i++) {
            idx[i] = indices[i];
            if (i > 0 && indices[i] != indices[i - 1] + 1) consecutive = false;
        }
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = consecutive
                    ? tensors[i].narrow(0, indices[0], indices.length)
                    : tensors[i].indexSelect(0, Tensor.wrap(idx, idx.length));
        }
        return out;
    }

    /** Convenience: features as FLOAT32 and labels as INT64. */
    public static TensorDataset ofClassification(Tensor x, Tensor labels) {
        return new TensorDataset(x.to(DType.FLOAT32), labels.to(DType.INT64));
    }
}
