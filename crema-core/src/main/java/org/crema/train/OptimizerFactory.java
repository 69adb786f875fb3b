package org.crema.train;

import java.util.List;
import org.crema.Tensor;
import org.crema.optim.Optimizer;

/**
 * Makes the optimizer once the model's parameters exist, for models whose layers learn their input size
 * from the first batch: {@code model.compile(params -> new SGD(params, 0.1, 0.9), "mse")}.
 */
@FunctionalInterface
public interface OptimizerFactory {
    Optimizer create(List<Tensor> parameters);
}
