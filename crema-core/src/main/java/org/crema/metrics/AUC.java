package org.crema.metrics;

import java.util.Arrays;

/**
 * Streaming ROC AUC, exact: it keeps every score of the epoch (8 bytes per score) and computes
 * {@link RankingMetrics#rocAuc} at {@link #result()}, unlike Keras' AUC which buckets scores into 200 thresholds.
 * Binary outputs ([n] or [n, 1], 0/1 targets) give the binary AUC; [n, C] probabilities (rows summing to 1, so
 * apply softmax to logits) give the one-vs-rest AUC averaged with MACRO (default) or WEIGHTED.
 *
 * <p>{@link #result()} throws {@link IllegalArgumentException} when a class is missing from the targets seen,
 * because the AUC is then undefined.
 */
public final class AUC implements Metric {
    private final String name;
    private final Average average;
    private int classes = -1;
    private double[] scores = new double[1024];
    private int[] labels = new int[1024];
    private int samples;

    public AUC() {
        this("auc", Average.MACRO);
    }

    public AUC(Average average) {
        this("auc", average);
    }

    public AUC(String name, Average average) {
        Batch.nonNull("AUC", "name", name);
        Batch.nonNull(name, "average", average);
        if (average == Average.MICRO) {
            throw new IllegalArgumentException(name + ": ROC AUC averages one-vs-rest curves with MACRO or WEIGHTED,"
                    + " not MICRO");
        }
        this.name = name;
        this.average = average;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(float[] predictions, int[] shape, float[] targets) {
        Batch b = Batch.of(name, predictions, shape);
        classes = b.checkClasses(classes);
        int[] t;
        if (b.c() == 1) {
            boolean[] positive = b.binaryTargets(targets);
            t = new int[b.n()];
            for (int i = 0; i < t.length; i++) t[i] = positive[i] ? 1 : 0;
        } else {
            t = b.classTargets(targets);
        }
        int needScores = Math.multiplyExact(Math.addExact(samples, b.n()), b.c());
        if (needScores > scores.length) scores = Arrays.copyOf(scores, Math.max(needScores, 2 * scores.length));
        if (samples + b.n() > labels.length) {
            labels = Arrays.copyOf(labels, Math.max(samples + b.n(), 2 * labels.length));
        }
        for (int i = 0; i < predictions.length; i++) scores[samples * b.c() + i] = predictions[i];
        System.arraycopy(t, 0, labels, samples, b.n());
        samples += b.n();
    }

    @Override
    public double result() {
        if (samples == 0) throw new IllegalStateException(name + ": no samples since the last reset()");
        int[] y = Arrays.copyOf(labels, samples);
        double[] s = Arrays.copyOf(scores, samples * classes);
        return classes == 1 ? RankingMetrics.rocAuc(y, s) : RankingMetrics.rocAuc(y, s, classes, average);
    }

    @Override
    public void reset() {
        classes = -1;
        samples = 0;
    }
}
