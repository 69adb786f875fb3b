package org.crema.optim.lr;

import java.util.Arrays;
import org.crema.optim.Optimizer;

/** Multiplies the learning rate by gamma at each milestone epoch, as torch's MultiStepLR. */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int hits = 0;
        for (int m : milestones) if (m == lastEpoch()) hits++;
        double[] lr = currentLrs();
        if (hits == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, hits);
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) if (m <= lastEpoch()) passed++;
        double[] lr = baseLrs();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, passed);
        return lr;
    }
}
