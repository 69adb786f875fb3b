package org.crema.optim.lr;

import org.crema.optim.Optimizer;

/** Multiplies the learning rate by gamma every epoch: lr = base * gamma^epoch, as torch's ExponentialLR. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch() == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, lastEpoch());
        return lr;
    }
}
