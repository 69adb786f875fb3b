package org.crema.metrics;

/**
 * Confusion counts accumulated over batches for the streaming {@link Precision}, {@link Recall} and
 * {@link F1Score}. Binary outputs ([n] or [n, 1]) count label 1 against 0 with a threshold; [n, C] outputs fill
 * a C x C confusion matrix over classes 0..C-1 and are averaged as {@link ClassificationMetrics} does with
 * {@code numClasses = C}.
 */
final class ClassificationCounter {
    private final String name;
    private final double threshold;
    private int classes = -1;
    private long tp;
    private long predicted;
    private long actual;
    private long samples;
    private long[][] confusion;

    ClassificationCounter(String name, double threshold) {
        Batch.nonNull("metric", "name", name);
        if (Double.isNaN(threshold)) throw new IllegalArgumentException(name + ": threshold is NaN");
        this.name = name;
        this.threshold = threshold;
    }

    void update(float[] predictions, int[] shape, float[] targets) {
        Batch b = Batch.of(name, predictions, shape);
        classes = b.checkClasses(classes);
        if (b.c() == 1) {
            boolean[] positive = b.binaryTargets(targets);
            for (int i = 0; i < b.n(); i++) {
                boolean p = predictions[i] > threshold;
                if (p) predicted++;
                if (positive[i]) actual++;
                if (p && positive[i]) tp++;
            }
        } else {
            int[] t = b.classTargets(targets);
            if (confusion == null) confusion = new long[b.c()][b.c()];
            for (int i = 0; i < b.n(); i++) confusion[t[i]][b.predictedClass(i)]++;
        }
        samples += b.n();
    }

    private LabelCounts counts() {
        if (samples == 0) {
            throw new IllegalStateException(name + ": no samples since the last reset()");
        }
        if (classes == 1) return new LabelCounts(new int[] {1}, new long[] {tp}, new long[] {predicted},
                new long[] {actual});
        return LabelCounts.ofConfusion(confusion);
    }

    double precision(Average average) {
        return classes == 1 ? counts().precision(Average.MACRO) : counts().precision(average);
    }

    double recall(Average average) {
        return classes == 1 ? counts().recall(Average.MACRO) : counts().recall(average);
    }

    double f1(Average average) {
        return classes == 1 ? counts().f1(Average.MACRO) : counts().f1(average);
    }

    void reset() {
        classes = -1;
        tp = 0;
        predicted = 0;
        actual = 0;
        samples = 0;
        confusion = null;
    }
}
