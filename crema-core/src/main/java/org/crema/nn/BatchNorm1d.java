package org.crema.nn;

/**
 * Batch normalisation of [N, C] or [N, C, L] inputs over C features, as torch.nn.BatchNorm1d
 * (eps 1e-5, momentum 0.1, affine, running statistics by default). See {@link BatchNorm}.
 */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) { this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true); }

    public BatchNorm1d(int numFeatures, double eps, double momentum) { this(numFeatures, eps, momentum, true, true); }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected boolean acceptsRank(int rank) { return rank == 2 || rank == 3; }

    @Override
    protected String expectedShape() { return "[N, " + numFeatures() + "] or [N, " + numFeatures() + ", L]"; }
}
