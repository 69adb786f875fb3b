package org.crema.data;

import org.crema.Tensor;

/** The examples of a dataset at the given indices, in that order. */
public final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    public Subset(Dataset base, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= base.size()) {
                throw new IndexOutOfBoundsException("Subset: index " + i + " outside the dataset's [0, " + base.size() + ")");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    public int[] indices() { return indices.clone(); }

    @Override
    public int size() { return indices.length; }

    @Override
    public Tensor[] get(int index) { return base.get(indices[index]); }

    @Override
    public Tensor[] getBatch(int[] idx) {
        int[] mapped = new int[idx.length];
        for (int i = 0; i < idx.length; i++) mapped[i] = indices[idx[i]];
        return base.getBatch(mapped);
    }
}
