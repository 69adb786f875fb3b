package org.crema.metrics;

/**
 * Streaming precision tp / (tp + fp).
 * Binary outputs ([n] or [n, 1] probabilities, 0/1 targets) score label 1 with a threshold (0.5 by default,
 * 0 for logits); [n, C] outputs (class-index or one-hot targets) score classes 0..C-1 by argmax and
 * combine them with an {@link Average} (MACRO by default). Zero division gives 0, as in
 * {@link ClassificationMetrics}.
 */
public final class Precision implements Metric {
    private final String name;
    private final Average average;
    private final ClassificationCounter counter;

    public Precision() {
        this("precision", 0.5, Average.MACRO);
    }

    /** Multi-class averaging for [n, C] outputs. */
    public Precision(Average average) {
        this("precision", 0.5, average);
    }

    public Precision(String name, double threshold, Average average) {
        Batch.nonNull("Precision", "average", average);
        this.counter = new ClassificationCounter(name, threshold);
        this.name = name;
        this.average = average;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(float[] predictions, int[] shape, float[] targets) {
        counter.update(predictions, shape, targets);
    }

    @Override
    public double result() {
        return counter.precision(average);
    }

    @Override
    public void reset() {
        counter.reset();
    }
}
