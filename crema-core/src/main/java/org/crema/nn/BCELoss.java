package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.BCELoss: -w (y log x + (1 - y) log(1 - x)) for probabilities x in [0, 1] (e.g. a sigmoid
 * output) and targets y of the same shape. Each log is clamped at -100 as torch does, so x = 0 or 1
 * gives a finite loss. Prefer {@link BCEWithLogitsLoss} on raw scores: it is stable for any score.
 * The optional weight broadcasts to the input's shape.
 */
public final class BCELoss extends Loss {
    private final Tensor weight;

    public BCELoss() { this(null, Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this(null, reduction); }

    /** weight (may be null) rescales each element; it must broadcast to the input's shape. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : weight.detach();
    }

    public Tensor weight() { return weight; }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.bce(input, target, weight, reduction()); }
}
