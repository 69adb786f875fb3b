package org.crema.optim.lr;

import org.crema.optim.Optimizer;

/**
 * Linear warm-up (or decay) as torch's LinearLR: the learning rate goes from base * startFactor at epoch 0 to
 * base * endFactor at epoch totalIters, and stays there. Defaults: startFactor 1/3, endFactor 1, 5 epochs.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
        if (totalIters < 1) throw new IllegalArgumentException("LinearLR: totalIters must be >= 1, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        int e = lastEpoch();
        if (e > totalIters) return lr;
        // torch's recursive form: the ratio of this epoch's factor to the previous one
        double ratio = e == 0 ? startFactor
                : 1 + (endFactor - startFactor) / (totalIters * startFactor + (e - 1) * (endFactor - startFactor));
        for (int i = 0; i < lr.length; i++) lr[i] *= ratio;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs();
        double f = startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters;
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }
}
