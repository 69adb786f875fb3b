package org.crema.metrics;

/** Streaming mean absolute error over all predicted elements. */
public final class MeanAbsoluteError extends MeanErrorMetric {
    public MeanAbsoluteError() {
        this("mae");
    }

    public MeanAbsoluteError(String name) {
        super(name);
    }

    @Override
    double error(double diff) {
        return Math.abs(diff);
    }
}
