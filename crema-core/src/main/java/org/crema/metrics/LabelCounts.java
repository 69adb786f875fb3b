package org.crema.metrics;

/**
 * Per-label true-positive, predicted and actual counts (sklearn's multilabel confusion matrix, reduced to what
 * precision, recall and F1 need). Shared by the array functions and the streaming metrics.
 *
 * <p>Zero division follows sklearn's default {@code zero_division="warn"}: a ratio whose denominator is 0
 * (precision of a never-predicted class, recall of a class absent from the targets) is 0; we do not warn.
 */
record LabelCounts(int[] labels, long[] tp, long[] predicted, long[] actual) {

    /** Counts for the given sorted labels; samples whose labels are not listed count for no class. */
    static LabelCounts of(int[] labels, int[] yTrue, int[] yPred) {
        int k = labels.length;
        long[] tp = new long[k];
        long[] pred = new long[k];
        long[] act = new long[k];
        for (int i = 0; i < yTrue.length; i++) {
            int t = java.util.Arrays.binarySearch(labels, yTrue[i]);
            int p = java.util.Arrays.binarySearch(labels, yPred[i]);
            if (t >= 0) act[t]++;
            if (p >= 0) pred[p]++;
            if (t >= 0 && t == p) tp[t]++;
        }
        return new LabelCounts(labels, tp, pred, act);
    }

    /** Counts from a square confusion matrix (rows = true, columns = predicted) over labels 0..C-1. */
    static LabelCounts ofConfusion(long[][] cm) {
        int k = cm.length;
        int[] labels = new int[k];
        long[] tp = new long[k];
        long[] pred = new long[k];
        long[] act = new long[k];
        for (int t = 0; t < k; t++) {
            labels[t] = t;
            tp[t] = cm[t][t];
            for (int p = 0; p < k; p++) {
                act[t] += cm[t][p];
                pred[p] += cm[t][p];
            }
        }
        return new LabelCounts(labels, tp, pred, act);
    }

    static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }

    /** F1 = 2tp / (2tp + fp + fn) = 2tp / (predicted + actual); 0 when both are 0. */
    static double f1(long tp, long predicted, long actual) {
        return ratio(2 * tp, predicted + actual);
    }

    double[] perClassPrecision() {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) out[i] = ratio(tp[i], predicted[i]);
        return out;
    }

    double[] perClassRecall() {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) out[i] = ratio(tp[i], actual[i]);
        return out;
    }

    double[] perClassF1() {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) out[i] = f1(tp[i], predicted[i], actual[i]);
        return out;
    }

    double precision(Average average) {
        return switch (average) {
            case MICRO -> ratio(sum(tp), sum(predicted));
            default -> combine(perClassPrecision(), average);
        };
    }

    double recall(Average average) {
        return switch (average) {
            case MICRO -> ratio(sum(tp), sum(actual));
            default -> combine(perClassRecall(), average);
        };
    }

    double f1(Average average) {
        return switch (average) {
            case MICRO -> f1(sum(tp), sum(predicted), sum(actual));
            default -> combine(perClassF1(), average);
        };
    }

    private double combine(double[] perClass, Average average) {
        double s = 0;
        if (average == Average.MACRO) {
            for (double v : perClass) s += v;
            return s / perClass.length;
        }
        long total = sum(actual);
        // sklearn returns 0 (its zero_division value) when no listed class has any true sample
        if (total == 0) return 0.0;
        for (int i = 0; i < perClass.length; i++) s += perClass[i] * actual[i];
        return s / total;
    }

    static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }
}
