package org.crema.metrics;

/**
 * Streaming accuracy for the three usual output layouts:
 * <ul>
 *   <li>[n, C] logits or probabilities with class-index targets: argmax of each row against the index;</li>
 *   <li>[n, C] with one-hot targets (n * C values): argmax of both;</li>
 *   <li>[n] or [n, 1] binary probabilities with 0/1 targets: positive when the score is above the threshold
 *       (0.5 by default; use 0 for logits).</li>
 * </ul>
 */
public final class Accuracy implements Metric {
    private final String name;
    private final double threshold;
    private int classes = -1;
    private long correct;
    private long total;

    public Accuracy() {
        this("accuracy", 0.5);
    }

    /** Accuracy whose binary threshold is {@code threshold}. */
    public Accuracy(double threshold) {
        this("accuracy", threshold);
    }

    public Accuracy(String name, double threshold) {
        Batch.nonNull("Accuracy", "name", name);
        if (Double.isNaN(threshold)) throw new IllegalArgumentException(name + ": threshold is NaN");
        this.name = name;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(float[] predictions, int[] shape, float[] targets) {
        Batch b = Batch.of(name, predictions, shape);
        classes = b.checkClasses(classes);
        long hits = 0;
        if (b.c() == 1) {
            boolean[] positive = b.binaryTargets(targets);
            for (int i = 0; i < b.n(); i++) if ((predictions[i] > threshold) == positive[i]) hits++;
        } else {
            int[] t = b.classTargets(targets);
            for (int i = 0; i < b.n(); i++) if (b.predictedClass(i) == t[i]) hits++;
        }
        correct += hits;
        total += b.n();
    }

    @Override
    public double result() {
        if (total == 0) throw new IllegalStateException(name + ": no samples since the last reset()");
        return (double) correct / total;
    }

    @Override
    public void reset() {
        classes = -1;
        correct = 0;
        total = 0;
    }
}
