package org.crema.metrics;

/** Streaming mean squared error over all predicted elements. */
public final class MeanSquaredError extends MeanErrorMetric {
    public MeanSquaredError() {
        this("mse");
    }

    public MeanSquaredError(String name) {
        super(name);
    }

    @Override
    double error(double diff) {
        return diff * diff;
    }
}
