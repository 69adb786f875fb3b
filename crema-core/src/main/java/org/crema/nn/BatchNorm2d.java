package org.crema.nn;

/**
 * Batch normalisation of [N, C, H, W] inputs per channel, as torch.nn.BatchNorm2d (eps 1e-5,
 * momentum 0.1, affine, running statistics by default). See {@link BatchNorm}.
 *
 * <pre>{@code
 * Sequential block = new Sequential(new Conv2d(3, 16, 3, 1, 1), new BatchNorm2d(16), new ReLU());
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) { this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true); }

    public BatchNorm2d(int numFeatures, double eps, double momentum) { this(numFeatures, eps, momentum, true, true); }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected boolean acceptsRank(int rank) { return rank == 4; }

    @Override
    protected String expectedShape() { return "[N, " + numFeatures() + ", H, W]"; }
}
