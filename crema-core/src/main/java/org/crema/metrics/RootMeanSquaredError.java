package org.crema.metrics;

/** Streaming root mean squared error: the root of the mean over all batches, not a mean of per-batch roots. */
public final class RootMeanSquaredError extends MeanErrorMetric {
    public RootMeanSquaredError() {
        this("rmse");
    }

    public RootMeanSquaredError(String name) {
        super(name);
    }

    @Override
    double error(double diff) {
        return diff * diff;
    }

    @Override
    double finish(double meanError) {
        return Math.sqrt(meanError);
    }
}
