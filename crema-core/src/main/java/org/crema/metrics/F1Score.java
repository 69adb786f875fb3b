package org.crema.metrics;

/**
 * Streaming F1 score 2 tp / (2 tp + fp + fn).
 * Binary outputs ([n] or [n, 1] probabilities, 0/1 targets) score label 1 with a threshold (0.5 by default,
 * 0 for logits); [n, C] outputs (class-index or one-hot targets) score classes 0..C-1 by argmax and
 * combine them with an {@link Average} (MACRO by default). Zero division gives 0, as in
 * {@link ClassificationMetrics}.
 */
public final class F1Score implements Metric {
    private final String name;
    private final Average average;
    private final ClassificationCounter counter;

    public F1Score() {
        this("f1", 0.5, Average.MACRO);
    }

    /** Multi-class averaging for [n, C] outputs. */
    public F1Score(Average average) {
        this("f1", 0.5, average);
    }

    public F1Score(String name, double threshold, Average average) {
        Batch.nonNull("F1Score", "average", average);
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
        return counter.f1(average);
    }

    @Override
    public void reset() {
        counter.reset();
    }
}
