package org.crema.data;

import java.util.List;
import org.crema.Tensor;

/** Inputs x (first dim = examples), INT64 class labels y, and the class names. */
public record Labeled(Tensor x, Tensor y, List<String> classNames) {
    public Labeled {
        if (x.dim() == 0 || y.dim() != 1 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("Labeled: x " + java.util.Arrays.toString(x.shape()) + " and labels "
                    + java.util.Arrays.toString(y.shape()) + " need the same number of examples");
        }
        classNames = List.copyOf(classNames);
    }

    public TensorDataset dataset() { return new TensorDataset(x, y); }

    public int size() { return x.size(0); }

    public int numClasses() { return classNames.size(); }

    /** The first n examples (a view). */
    public Labeled head(int n) {
        int k = Math.min(n, size());
        return new Labeled(x.narrow(0, 0, k), y.narrow(0, 0, k), classNames);
    }
}
