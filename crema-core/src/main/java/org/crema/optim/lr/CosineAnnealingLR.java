package org.crema.optim.lr;

import org.crema.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR, without restarts) in closed form:
 * lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2. It reaches etaMin at epoch tMax and, as the
 * cosine does, rises again after it (torch's CosineAnnealingLR follows the same curve).
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = baseLrs();
        double c = (1 + Math.cos(Math.PI * lastEpoch() / tMax)) / 2;
        for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (lr[i] - etaMin) * c;
        return lr;
    }
}
