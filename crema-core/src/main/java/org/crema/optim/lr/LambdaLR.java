package org.crema.optim.lr;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.crema.optim.Optimizer;

/**
 * lr = base * lambda(epoch), with one function for all groups or one per group, as torch's LambdaLR. The functions
 * are not part of the state dict: recreate the schedule with the same ones before loading it.
 */
public final class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> lambdas;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lambda) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), lambda));
    }

    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lambdas) {
        super(optimizer);
        if (lambdas.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("LambdaLR: expected " + optimizer.paramGroups().size() + " lambdas (one per param group), got "
                    + lambdas.size());
        }
        this.lambdas = List.copyOf(lambdas);
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = baseLrs();
        for (int i = 0; i < lr.length; i++) lr[i] *= lambdas.get(i).applyAsDouble(lastEpoch());
        return lr;
    }
}
