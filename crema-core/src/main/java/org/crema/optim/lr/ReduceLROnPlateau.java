package org.crema.optim.lr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crema.DType;
import org.crema.Tensor;
import org.crema.optim.Optimizer;
import org.crema.optim.ParamGroup;

/**
 * Lowers the learning rate when a metric stops improving, as torch's ReduceLROnPlateau: after more than
 * {@code patience} epochs without an improvement by more than {@code threshold} (relative by default), every
 * group's lr becomes max(lr * factor, minLr), then {@code cooldown} epochs pass before bad epochs count again.
 *
 * <pre>{@code
 * var plateau = new ReduceLROnPlateau(opt, "min", 0.1, 10, 1e-4, 0, 0);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     trainOneEpoch(model, opt);
 *     plateau.step(validationLoss(model));
 * }
 * }</pre>
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean maximize, relative;
    private final double factor, threshold, minLr, eps;
    private final int patience, cooldown;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private double[] lastLr;

    /** torch's defaults: mode "min", factor 0.1, patience 10, threshold 1e-4 (relative), no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, "min", 0.1, 10, 1e-4, 0, 0); }

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold, int cooldown, double minLr) {
        this(optimizer, mode, factor, patience, threshold, "rel", cooldown, minLr, 1e-8);
    }

    /**
     * @param mode "min" (a loss) or "max" (an accuracy)
     * @param thresholdMode "rel": improving means beating best * (1 -+ threshold); "abs": best -+ threshold
     * @param eps a reduction smaller than this is not applied
     */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold, String thresholdMode,
            int cooldown, double minLr, double eps) {
        if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("ReduceLROnPlateau: mode must be \"min\" or \"max\", got \"" + mode + "\"");
        if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: thresholdMode must be \"rel\" or \"abs\", got \"" + thresholdMode + "\"");
        }
        if (!(factor < 1 && factor >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + factor);
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, got " + patience + " and " + cooldown);
        }
        if (!(minLr >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        this.optimizer = optimizer;
        this.maximize = mode.equals("max");
        this.relative = thresholdMode.equals("rel");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.lastLr = lrs();
    }

    /** Records one epoch's metric and lowers the learning rates if it has not improved for too long. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr(), lower = Math.max(old * factor, minLr);
                if (old - lower > eps) g.setLr(lower);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = lrs();
    }

    private boolean isBetter(double a) {
        // NaN never improves
        if (maximize) return relative ? a > best * (1 + threshold) : a > best + threshold;
        return relative ? a < best * (1 - threshold) : a < best - threshold;
    }

    private double[] lrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    public double[] getLastLr() { return lastLr.clone(); }

    /** The best metric so far. */
    public double best() { return best; }

    /** Epochs since the last improvement (reset by a reduction and during cooldown). */
    public int numBadEpochs() { return numBadEpochs; }

    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", Tensor.scalar(best, DType.FLOAT64));
        out.put("num_bad_epochs", Tensor.scalar(numBadEpochs, DType.FLOAT64));
        out.put("cooldown_counter", Tensor.scalar(cooldownCounter, DType.FLOAT64));
        out.put("last_epoch", Tensor.scalar(lastEpoch, DType.FLOAT64));
        out.put("last_lr", Tensor.of(lastLr.clone(), lastLr.length));
        return out;
    }

    public void loadStateDict(Map<String, Tensor> state) {
        String me = "ReduceLROnPlateau";
        double b = LRScheduler.scalar(me, state, "best");
        double bad = LRScheduler.scalar(me, state, "num_bad_epochs");
        double cool = LRScheduler.scalar(me, state, "cooldown_counter");
        double epoch = LRScheduler.scalar(me, state, "last_epoch");
        double[] last = LRScheduler.vector(me, state, "last_lr", lastLr.length);
        best = b;
        numBadEpochs = (int) bad;
        cooldownCounter = (int) cool;
        lastEpoch = (int) epoch;
        lastLr = last;
    }
}
