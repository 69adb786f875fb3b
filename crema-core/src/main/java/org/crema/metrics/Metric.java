package org.crema.metrics;

/**
 * A score accumulated over mini-batches: call {@link #update} once per batch, {@link #result()} at the end of the
 * epoch, then {@link #reset()} before the next one. The result equals the array function applied to all batches
 * concatenated (for example {@link Accuracy} over two batches equals
 * {@link ClassificationMetrics#accuracy(int[], int[])} over their union).
 *
 * <p><b>Shapes.</b> {@code predictions} is a row-major buffer of the given shape: [n] or [n, 1] for one score per
 * sample (regression output, or a binary probability), [n, C] with C &gt;= 2 for class scores (logits or
 * probabilities). Classification targets are either n class indices, n 0/1 labels for binary outputs, or n * C
 * one-hot (or soft) rows, told apart by their length. Regression targets have as many elements as predictions.
 *
 * <p>Implementations are not thread-safe; use one instance per training loop.
 */
public interface Metric {

    /** Name under which the value is logged, for example "accuracy" or "val_" + name() for validation. */
    String name();

    /** Adds one batch. */
    void update(float[] predictions, int[] shape, float[] targets);

    /** Adds one batch with integer targets (class indices or 0/1 labels). */
    default void update(float[] predictions, int[] shape, long[] targets) {
        Batch.nonNull(name(), "targets", targets);
        float[] f = new float[targets.length];
        for (int i = 0; i < targets.length; i++) f[i] = targets[i];
        update(predictions, shape, f);
    }

    /**
     * Value over every batch since the last reset.
     *
     * @throws IllegalStateException if no sample was added since construction or the last reset
     */
    double result();

    /** Forgets all batches. */
    void reset();
}
