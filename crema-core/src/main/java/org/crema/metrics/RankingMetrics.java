package org.crema.metrics;

import java.util.Arrays;

/**
 * Threshold-free scores of ranked predictions, agreeing with scikit-learn 1.2.1's {@code roc_curve},
 * {@code roc_auc_score}, {@code precision_recall_curve} and {@code average_precision_score} (no sample weights).
 *
 * <p>Binary inputs are int labels plus one finite score per sample (a probability, logit or any monotone score of
 * the positive class). Without an explicit posLabel the labels must lie in {0, 1} or {-1, 1} and 1 is positive,
 * as in sklearn. Tied scores form a single threshold, so results do not depend on the order of tied samples.
 *
 * <p>Multi-class inputs are class indices 0..C-1 and [n, C] scores; the score of class c is treated as a binary
 * score for "c versus the rest", and the per-class results are averaged.
 *
 * <p>All functions reject null, empty, length-mismatched and non-finite inputs with an
 * {@link IllegalArgumentException}.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    // ------------------------------------------------------------------ ROC

    /** ROC curve of 0/1 (or -1/1) labels with positive label 1, dropping collinear points. */
    public static RocCurve rocCurve(int[] yTrue, double[] scores) {
        Checks.scores("rocCurve", yTrue, scores);
        return rocCurve(yTrue, scores, defaultPosLabel("rocCurve", yTrue), true);
    }

    /** ROC curve with an explicit positive label (any other label is negative), dropping collinear points. */
    public static RocCurve rocCurve(int[] yTrue, double[] scores, int posLabel) {
        return rocCurve(yTrue, scores, posLabel, true);
    }

    /**
     * ROC curve as sklearn's {@code roc_curve}. With {@code dropIntermediate} (sklearn's default) points that
     * lie on a straight segment between their neighbours are left out; they do not change the curve's shape or
     * area. A leading point (0, 0) with threshold +infinity is always added (sklearn &gt;= 1.3; 1.2 used
     * max(score) + 1). When yTrue has no negatives every fpr is NaN, and with no positives every tpr is NaN, as
     * in sklearn (which also warns).
     */
    public static RocCurve rocCurve(int[] yTrue, double[] scores, int posLabel, boolean dropIntermediate) {
        Checks.scores("rocCurve", yTrue, scores);
        BinaryClfCurve c = BinaryClfCurve.of(positives(yTrue, posLabel), scores);
        long[] fps = c.fps();
        long[] tps = c.tps();
        double[] th = c.thresholds();
        int m = fps.length;
        int[] keep = new int[m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            // keep the ends and every corner: a non-zero second difference of fps or tps
            boolean corner = !dropIntermediate || m <= 2 || i == 0 || i == m - 1
                    || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0;
            if (corner) keep[k++] = i;
        }
        double[] fpr = new double[k + 1];
        double[] tpr = new double[k + 1];
        double[] thresholds = new double[k + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        long negatives = fps[m - 1];
        long positives = tps[m - 1];
        for (int j = 0; j < k; j++) {
            int i = keep[j];
            fpr[j + 1] = negatives == 0 ? Double.NaN : (double) fps[i] / negatives;
            tpr[j + 1] = positives == 0 ? Double.NaN : (double) tps[i] / positives;
            thresholds[j + 1] = th[i];
        }
        if (negatives == 0) fpr[0] = Double.NaN;
        if (positives == 0) tpr[0] = Double.NaN;
        return new RocCurve(fpr, tpr, thresholds);
    }

    /**
     * Binary ROC AUC. yTrue must hold exactly two distinct labels; the larger one is positive (sklearn's
     * label_binarize order).
     *
     * @throws IllegalArgumentException if only one class is present (sklearn raises ValueError: the AUC is
     *     undefined) or more than two are (use the [n, C] overload)
     */
    public static double rocAuc(int[] yTrue, double[] scores) {
        String op = "rocAuc";
        Checks.scores(op, yTrue, scores);
        int[] present = Checks.uniqueLabels(yTrue);
        if (present.length == 1) {
            throw new IllegalArgumentException(op + ": only one class (label " + present[0]
                    + ") is present in yTrue; ROC AUC is not defined in that case");
        }
        if (present.length > 2) {
            throw new IllegalArgumentException(op + ": yTrue has " + present.length + " classes "
                    + Arrays.toString(present) + " but one score per sample; pass [n, C] scores for one-vs-rest AUC");
        }
        return rocCurve(yTrue, scores, present[1], true).auc();
    }

    /**
     * One-vs-rest ROC AUC of [n, C] class probabilities (sklearn's {@code roc_auc_score(multi_class="ovr",
     * labels=range(C))}), averaged with MACRO or WEIGHTED (by class support). With C = 2 this is the binary AUC
     * of column 1. For C &gt; 2 each row must sum to 1 (within sklearn's allclose tolerance), since one-vs-rest
     * AUC compares probabilities across samples; apply softmax to logits first.
     *
     * @throws IllegalArgumentException for MICRO, rows not summing to 1, or a class absent from yTrue (its
     *     one-vs-rest AUC is undefined; sklearn raises as well)
     */
    public static double rocAuc(int[] yTrue, double[][] scores, Average average) {
        String op = "rocAuc";
        int c = Checks.matrix(op, yTrue, scores);
        Checks.nonNull(op, "average", average);
        Checks.labelRange(op, "yTrue", yTrue, c);
        if (c == 2) return rocAuc(yTrue, column(scores, 1));
        if (average == Average.MICRO) {
            throw new IllegalArgumentException(op + ": one-vs-rest multi-class ROC AUC supports MACRO and WEIGHTED"
                    + " averages, not MICRO");
        }
        for (int i = 0; i < scores.length; i++) {
            double s = 0;
            for (double v : scores[i]) s += v;
            if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
                throw new IllegalArgumentException(op + ": scores row " + i + " sums to " + s
                        + "; multi-class ROC AUC needs probabilities that sum to 1 over the " + c + " classes");
            }
        }
        long[] support = support(yTrue, c);
        double[] perClass = new double[c];
        for (int j = 0; j < c; j++) {
            if (support[j] == 0) {
                throw new IllegalArgumentException(op + ": class " + j + " never occurs in yTrue, so its"
                        + " one-vs-rest ROC AUC is not defined");
            }
            perClass[j] = rocCurve(yTrue, column(scores, j), j, true).auc();
        }
        return average(perClass, support, average);
    }

    /** {@link #rocAuc(int[], double[][], Average)} on flat row-major [n, numClasses] scores. */
    public static double rocAuc(int[] yTrue, double[] flatScores, int numClasses, Average average) {
        return rocAuc(yTrue, rows("rocAuc", yTrue, flatScores, numClasses), average);
    }

    // ----------------------------------------------------- precision-recall

    /** Precision-recall curve of 0/1 (or -1/1) labels with positive label 1. */
    public static PrecisionRecallCurve precisionRecallCurve(int[] yTrue, double[] scores) {
        Checks.scores("precisionRecallCurve", yTrue, scores);
        return precisionRecallCurve(yTrue, scores, defaultPosLabel("precisionRecallCurve", yTrue));
    }

    /**
     * Precision-recall curve as sklearn 1.2.1's {@code precision_recall_curve}: one point per distinct score,
     * thresholds increasing, plus the final point (precision 1, recall 0). A threshold with no positive
     * predictions has precision 0; if yTrue has no positives every recall is 1 (sklearn warns).
     */
    public static PrecisionRecallCurve precisionRecallCurve(int[] yTrue, double[] scores, int posLabel) {
        Checks.scores("precisionRecallCurve", yTrue, scores);
        BinaryClfCurve c = BinaryClfCurve.of(positives(yTrue, posLabel), scores);
        int m = c.fps().length;
        long positives = c.tps()[m - 1];
        double[] precision = new double[m + 1];
        double[] recall = new double[m + 1];
        double[] thresholds = new double[m];
        for (int i = 0; i < m; i++) {
            int r = m - 1 - i; // reversed: increasing thresholds, decreasing recall
            long tp = c.tps()[i];
            long predicted = tp + c.fps()[i];
            precision[r] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[r] = positives == 0 ? 1 : (double) tp / positives;
            thresholds[r] = c.thresholds()[i];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /** Average precision of 0/1 labels with positive label 1. */
    public static double averagePrecision(int[] yTrue, double[] scores) {
        return averagePrecision(yTrue, scores, 1);
    }

    /**
     * Average precision as sklearn: the step-function sum over thresholds of (R_k - R_{k-1}) * P_k, with no
     * interpolation (so it is not the trapezoidal area under the PR curve). yTrue may hold at most two labels,
     * and posLabel must be one of them when there are two.
     */
    public static double averagePrecision(int[] yTrue, double[] scores, int posLabel) {
        String op = "averagePrecision";
        Checks.scores(op, yTrue, scores);
        int[] present = Checks.uniqueLabels(yTrue);
        if (present.length > 2) {
            throw new IllegalArgumentException(op + ": yTrue has " + present.length + " classes "
                    + Arrays.toString(present) + " but one score per sample; pass [n, C] scores");
        }
        if (present.length == 2 && Arrays.binarySearch(present, posLabel) < 0) {
            throw new IllegalArgumentException(op + ": posLabel " + posLabel + " is not one of the labels "
                    + Arrays.toString(present));
        }
        return precisionRecallCurve(yTrue, scores, posLabel).averagePrecision();
    }

    /**
     * One-vs-rest average precision of [n, C] scores against class indices, equal to sklearn's
     * {@code average_precision_score(one_hot(yTrue), scores, average=...)}: MACRO and WEIGHTED average the C
     * per-class values (a class absent from yTrue scores 0), MICRO pools all n * C (indicator, score) pairs.
     */
    public static double averagePrecision(int[] yTrue, double[][] scores, Average average) {
        String op = "averagePrecision";
        int c = Checks.matrix(op, yTrue, scores);
        Checks.nonNull(op, "average", average);
        Checks.labelRange(op, "yTrue", yTrue, c);
        int n = yTrue.length;
        if (average == Average.MICRO) {
            int[] indicator = new int[n * c];
            double[] flat = new double[n * c];
            for (int i = 0; i < n; i++) {
                indicator[i * c + yTrue[i]] = 1;
                System.arraycopy(scores[i], 0, flat, i * c, c);
            }
            return precisionRecallCurve(indicator, flat, 1).averagePrecision();
        }
        double[] perClass = new double[c];
        for (int j = 0; j < c; j++) perClass[j] = precisionRecallCurve(yTrue, column(scores, j), j).averagePrecision();
        return average(perClass, support(yTrue, c), average);
    }

    /** {@link #averagePrecision(int[], double[][], Average)} on flat row-major [n, numClasses] scores. */
    public static double averagePrecision(int[] yTrue, double[] flatScores, int numClasses, Average average) {
        return averagePrecision(yTrue, rows("averagePrecision", yTrue, flatScores, numClasses), average);
    }

    // ---------------------------------------------------------------- helpers

    /** Trapezoidal area under y(x) for x sorted ascending (numpy's trapz, term by term). */
    static double trapezoid(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) sum += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        return sum;
    }

    /** sklearn's pos_label=None rule: labels within {0, 1} or {-1, 1} and 1 is positive. */
    private static int defaultPosLabel(String op, int[] yTrue) {
        int[] present = Checks.uniqueLabels(yTrue);
        boolean zeroOne = Arrays.stream(present).allMatch(v -> v == 0 || v == 1);
        boolean signs = Arrays.stream(present).allMatch(v -> v == -1 || v == 1);
        if (!zeroOne && !signs) {
            throw new IllegalArgumentException(op + ": yTrue takes the values " + Arrays.toString(present)
                    + "; without posLabel they must lie in {0, 1} or {-1, 1}, else pass posLabel");
        }
        return 1;
    }

    private static boolean[] positives(int[] yTrue, int posLabel) {
        boolean[] out = new boolean[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) out[i] = yTrue[i] == posLabel;
        return out;
    }

    private static double[] column(double[][] scores, int j) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) out[i] = scores[i][j];
        return out;
    }

    private static long[] support(int[] yTrue, int c) {
        long[] s = new long[c];
        for (int y : yTrue) s[y]++;
        return s;
    }

    private static double average(double[] perClass, long[] support, Average average) {
        double sum = 0;
        if (average == Average.MACRO) {
            for (double v : perClass) sum += v;
            return sum / perClass.length;
        }
        long total = 0;
        for (int j = 0; j < perClass.length; j++) {
            sum += perClass[j] * support[j];
            total += support[j];
        }
        return total == 0 ? 0 : sum / total;
    }

    private static double[][] rows(String op, int[] yTrue, double[] flat, int numClasses) {
        Checks.nonNull(op, "yTrue", yTrue);
        int n = Predictions.rowsOf(op, flat, numClasses);
        Checks.sameLength(op, "yTrue", yTrue.length, "scores (rows of " + numClasses + ")", n);
        return Predictions.rows(flat, numClasses);
    }
}
