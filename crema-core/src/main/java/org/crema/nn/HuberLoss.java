package org.crema.nn;

import org.crema.Tensor;

/**
 * torch.nn.HuberLoss: with d = input - target, 0.5 d^2 where |d| < delta and delta (|d| - delta/2)
 * elsewhere, so large errors are penalised linearly. delta defaults to 1.
 */
public final class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    public HuberLoss(double delta) { this(Reduction.MEAN, delta); }

    public HuberLoss(Reduction reduction) { this(reduction, 1.0); }

    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive and finite, got " + delta);
        }
        this.delta = delta;
    }

    public double delta() { return delta; }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.huber(input, target, delta, reduction()); }

    @Override
    protected String extraRepr() {
        String r = super.extraRepr();
        return delta == 1.0 ? r : (r.isEmpty() ? "" : r + ", ") + "delta=" + delta;
    }
}
