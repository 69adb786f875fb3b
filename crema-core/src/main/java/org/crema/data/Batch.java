package org.crema.data;

import org.crema.Tensor;

/** One mini-batch: the dataset's tensors with a leading batch dim; x() and y() for the usual pair. */
public record Batch(Tensor[] tensors) {
    public Tensor x() { return tensors[0]; }

    public Tensor y() {
        if (tensors.length < 2) throw new IllegalStateException("Batch.y: this batch has only " + tensors.length + " tensor(s)");
        return tensors[1];
    }

    public int size() { return tensors[0].size(0); }
}
