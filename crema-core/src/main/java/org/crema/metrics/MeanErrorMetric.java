package org.crema.metrics;

/**
 * Shared accumulator of the regression metrics: the mean over every predicted element of a per-element error,
 * so batches of any size combine exactly as one big batch would. Predictions may have any shape; targets must
 * have the same number of elements.
 */
abstract sealed class MeanErrorMetric implements Metric
        permits MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError {
    private final String name;
    private double sum;
    private long count;

    MeanErrorMetric(String name) {
        Batch.nonNull(getClass().getSimpleName(), "name", name);
        this.name = name;
    }

    /** Error of one element from its difference prediction - target. */
    abstract double error(double diff);

    /** Final transform of the mean error (identity except for RMSE). */
    double finish(double meanError) {
        return meanError;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void update(float[] predictions, int[] shape, float[] targets) {
        Batch.nonNull(name, "predictions", predictions);
        Batch.nonNull(name, "shape", shape);
        Batch.nonNull(name, "targets", targets);
        long size = 1;
        for (int d : shape) size *= d;
        if (size != predictions.length) {
            throw new IllegalArgumentException(name + ": predictions shape " + java.util.Arrays.toString(shape)
                    + " does not match " + predictions.length + " elements");
        }
        if (targets.length != predictions.length) {
            throw new IllegalArgumentException(name + ": predictions have " + predictions.length
                    + " elements but targets have " + targets.length);
        }
        double s = 0;
        for (int i = 0; i < predictions.length; i++) s += error((double) predictions[i] - targets[i]);
        sum += s;
        count += predictions.length;
    }

    @Override
    public final double result() {
        if (count == 0) throw new IllegalStateException(name + ": no samples since the last reset()");
        return finish(sum / count);
    }

    @Override
    public final void reset() {
        sum = 0;
        count = 0;
    }
}
