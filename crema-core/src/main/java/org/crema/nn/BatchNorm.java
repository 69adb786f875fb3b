package org.crema.nn;

import java.util.Arrays;
import org.crema.DType;
import org.crema.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share (torch's _BatchNorm): per-channel
 * normalisation of dim 1 with an affine weight and bias, and running statistics.
 *
 * <p>In training mode the layer normalises with the batch's mean and biased variance and moves the
 * running statistics toward them: {@code running = (1 - momentum) * running + momentum * batch}, the
 * variance unbiased (n / (n - 1)) as PyTorch does. In eval mode it normalises with the running
 * statistics. State-dict names are PyTorch's: {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (INT64).
 */
public abstract class BatchNorm extends Module {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        String name = getClass().getSimpleName();
        if (numFeatures <= 0) throw new IllegalArgumentException(name + ": numFeatures must be positive, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException(name + ": eps must be positive, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            registerParameter("weight", Tensor.ones(numFeatures));
            registerParameter("bias", Tensor.zeros(numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(numFeatures));
            registerBuffer("running_var", Tensor.ones(numFeatures));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        }
    }

    public int numFeatures() { return numFeatures; }

    public double eps() { return eps; }

    public double momentum() { return momentum; }

    public boolean affine() { return affine; }

    public boolean trackRunningStats() { return trackRunningStats; }

    /** The scale gamma [C], or null without affine. */
    public Tensor weight() { return param("weight"); }

    /** The shift beta [C], or null without affine. */
    public Tensor bias() { return param("bias"); }

    public Tensor runningMean() { return buffer("running_mean"); }

    public Tensor runningVar() { return buffer("running_var"); }

    /** How many training batches have updated the running statistics (0 without them). */
    public long numBatchesTracked() {
        Tensor t = buffer("num_batches_tracked");
        return t == null ? 0 : (long) t.item();
    }

    /** Running statistics back to mean 0, variance 1, and no batches counted. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        Init.zeros(runningMean());
        Init.ones(runningVar());
        buffer("num_batches_tracked").set(0);
    }

    /** The input ranks this layer accepts, e.g. {2, 3} for BatchNorm1d; and their description for errors. */
    protected abstract boolean acceptsRank(int rank);

    protected abstract String expectedShape();

    @Override
    public Tensor forward(Tensor input) {
        if (!acceptsRank(input.dim()) || input.size(1) != numFeatures) throw shapeError(expectedShape(), input);
        // without running statistics a layer normalises with batch statistics in eval mode too, as PyTorch
        boolean useBatchStats = isTraining() || !trackRunningStats;
        Tensor rm = trackRunningStats ? runningMean() : null, rv = trackRunningStats ? runningVar() : null;
        if (useBatchStats && input.numel() / numFeatures <= 1) {
            throw new IllegalArgumentException(this + ": expected more than 1 value per channel when training, got input shape "
                    + Arrays.toString(input.shape()));
        }
        if (isTraining() && trackRunningStats) {
            Tensor nbt = buffer("num_batches_tracked");
            nbt.set(nbt.item() + 1);
        }
        return Functional.batchNorm(input, rm, rv, weight(), bias(), useBatchStats, momentum, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + affine + ", track_running_stats=" + trackRunningStats;
    }
}
