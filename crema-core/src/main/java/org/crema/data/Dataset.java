package org.crema.data;

import org.crema.Tensor;

/**
 * An indexed, sized collection of examples; each example is a tuple of tensors (usually input and
 * target). Datasets that can fetch many examples at once override {@link #getBatch} for speed.
 */
public interface Dataset {
    int size();

    /** Example i: e.g. {x, y}, each without a batch dim. */
    Tensor[] get(int index);

    /** The examples at indices, each tensor with a leading batch dim. Default: stacks get(i). */
    default Tensor[] getBatch(int[] indices) {
        if (indices.length == 0) throw new IllegalArgumentException("getBatch: no indices given");
        Tensor[] first = get(indices[0]);
        Tensor[][] parts = new Tensor[first.length][indices.length];
        for (int j = 0; j < first.length; j++) parts[j][0] = first[j];
        for (int i = 1; i < indices.length; i++) {
            Tensor[] ex = get(indices[i]);
            if (ex.length != first.length) {
                throw new IllegalStateException("dataset example " + indices[i] + " has " + ex.length
                        + " tensors but example " + indices[0] + " has " + first.length);
            }
            for (int j = 0; j < ex.length; j++) parts[j][i] = ex[j];
        }
        Tensor[] out = new Tensor[first.length];
        for (int j = 0; j < out.length; j++) out[j] = Tensor.stack(0, parts[j]);
        return out;
    }
}
