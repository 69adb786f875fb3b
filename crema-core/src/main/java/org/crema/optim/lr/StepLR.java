package org.crema.optim.lr;

import org.crema.optim.Optimizer;

/** Multiplies the learning rate by gamma every stepSize epochs: lr = base * gamma^(epoch / stepSize), as torch's StepLR. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        int e = lastEpoch();
        if (e == 0 || e % stepSize != 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, lastEpoch() / stepSize);
        return lr;
    }
}
