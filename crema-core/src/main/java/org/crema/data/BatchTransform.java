package org.crema.data;

import org.crema.Generator;
import org.crema.Tensor;

/** A transform applied to each whole batch (vectorised, not per sample); random ones draw from g. */
@FunctionalInterface
public interface BatchTransform {
    Tensor[] apply(Tensor[] batch, Generator g);

    default BatchTransform andThen(BatchTransform next) {
        return (b, g) -> next.apply(apply(b, g), g);
    }
}
