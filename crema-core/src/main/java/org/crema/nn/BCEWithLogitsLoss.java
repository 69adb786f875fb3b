package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.BCEWithLogitsLoss: sigmoid and binary cross-entropy in one stable formula,
 * w ((1 - y) x + (1 + (p - 1) y) log(1 + exp(-x))) with log(1 + exp(-x)) evaluated without overflow,
 * finite for any score. posWeight p (one per class, broadcast over the last dim as torch) trades
 * recall for precision in multi-label problems; weight rescales each element. Both may be null.
 */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    public BCEWithLogitsLoss() { this(null, Reduction.MEAN, null); }

    public BCEWithLogitsLoss(Reduction reduction) { this(null, reduction, null); }

    /** The full form, in torch's argument order; weight and posWeight may be null. */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        this.weight = weight == null ? null : weight.detach();
        this.posWeight = posWeight == null ? null : posWeight.detach();
    }

    /** A loss with per-class positive weights and otherwise the defaults. */
    public static BCEWithLogitsLoss withPosWeight(Tensor posWeight) { return new BCEWithLogitsLoss(null, Reduction.MEAN, posWeight); }

    public Tensor weight() { return weight; }

    public Tensor posWeight() { return posWeight; }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction());
    }
}
