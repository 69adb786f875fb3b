package org.crema.train;

/**
 * Thrown by {@link Model#fit} when the loss becomes NaN or infinite (the NaN/Inf guard, on by default,
 * see {@link Fit#nanGuard}). It names the epoch and step, and for a {@link org.crema.nn.Sequential} the
 * first layer whose output was not finite when the failing batch was run again layer by layer.
 *
 * <p>The optimizer step of the failing batch is not taken, so the model holds the weights that produced it.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int step;
    private final int layerIndex;
    private final String layer;
    private final double loss;

    TrainingDivergedException(String message, int epoch, int step, int layerIndex, String layer, double loss) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.layerIndex = layerIndex;
        this.layer = layer;
        this.loss = loss;
    }

    /** The epoch, 1-based as the progress bar counts ("Epoch 3/10"). */
    public int epoch() { return epoch; }

    /** The step within the epoch, 1-based as the progress bar counts. */
    public int step() { return step; }

    /** Index of the first layer with a non-finite output among the Sequential's layers, or -1 if none was found. */
    public int layerIndex() { return layerIndex; }

    /** Description of that layer (e.g. "Dense(in_features=4, units=1)"), or null. */
    public String layer() { return layer; }

    /** The non-finite loss value. */
    public double loss() { return loss; }
}
