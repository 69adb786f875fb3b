package org.crema.nn;

import org.crema.Tensor;

/** Mean absolute error: mean(|input - target|), as torch.nn.L1Loss; the gradient at input == target is 0. Input and target are floating-point tensors of the same shape. */
public final class L1Loss extends Loss {
    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.l1(input, target, reduction()); }
}
