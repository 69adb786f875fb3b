package org.crema.nn;

import org.crema.Tensor;

/** Mean squared error: mean((input - target)^2), as torch.nn.MSELoss. Input and target are floating-point tensors of the same shape. */
public final class MSELoss extends Loss {
    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.mse(input, target, reduction()); }
}
