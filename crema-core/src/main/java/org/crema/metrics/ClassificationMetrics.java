package org.crema.metrics;

/**
 * Classification scores on plain arrays, agreeing with scikit-learn (checked against 1.2.1).
 *
 * <p><b>Labels.</b> Label arrays hold arbitrary ints. Without {@code numClasses} the classes considered are the
 * sorted distinct labels of yTrue and yPred together (sklearn's default {@code labels=None}); with
 * {@code numClasses} they are 0..numClasses-1 and every label must lie in that range (sklearn's
 * {@code labels=range(numClasses)}), so a class that never occurs still counts in a macro average.
 *
 * <p><b>Scores.</b> Binary scores are one probability of the positive class per sample, cut at 0.5
 * (score &gt; 0.5 is positive); for logits or another cut use {@link Predictions#threshold}. Multi-class scores are
 * [n, C] matrices, as {@code double[][]} or flat row-major {@code double[]} with numClasses, turned into predictions
 * by {@link Predictions#argmax}; their targets are class indices 0..C-1.
 *
 * <p><b>Zero division.</b> As sklearn's default {@code zero_division="warn"}, a precision whose class was never
 * predicted, a recall whose class never occurs, and an F1 with neither, are 0 (sklearn also warns; we do not).
 *
 * <p>All functions reject null, empty and length-mismatched inputs with an {@link IllegalArgumentException}.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    private static final double BINARY_THRESHOLD = 0.5;

    // ---------------------------------------------------------------- accuracy

    /** Fraction of samples whose predicted label equals the true label. */
    public static double accuracy(int[] yTrue, int[] yPred) {
        int n = Checks.pair("accuracy", yTrue, yPred);
        long hits = 0;
        for (int i = 0; i < n; i++) if (yTrue[i] == yPred[i]) hits++;
        return (double) hits / n;
    }

    /** Accuracy of binary probabilities cut at 0.5 against 0/1 labels. */
    public static double accuracy(int[] yTrue, double[] binaryScores) {
        Checks.scores("accuracy", yTrue, binaryScores);
        Checks.labelRange("accuracy", "yTrue", yTrue, 2);
        return accuracy(yTrue, Predictions.threshold(binaryScores, BINARY_THRESHOLD));
    }

    /** Accuracy of the argmax of [n, C] scores against class indices. */
    public static double accuracy(int[] yTrue, double[][] scores) {
        Checks.matrix("accuracy", yTrue, scores);
        return accuracy(yTrue, Predictions.argmax(scores));
    }

    /** Accuracy of the argmax of flat row-major [n, numClasses] scores against class indices. */
    public static double accuracy(int[] yTrue, double[] flatScores, int numClasses) {
        return accuracy(yTrue, rows("accuracy", yTrue, flatScores, numClasses));
    }

    /**
     * Fraction of samples whose true class is among the k highest-scored classes (sklearn's
     * {@code top_k_accuracy_score} with {@code labels=range(C)}). Ties are broken as sklearn does (a stable sort
     * reversed): among equal scores the higher class index ranks first. k &gt;= C gives 1.
     */
    public static double topKAccuracy(int[] yTrue, double[][] scores, int k) {
        String op = "topKAccuracy";
        int c = Checks.matrix(op, yTrue, scores);
        if (k < 1) throw new IllegalArgumentException(op + ": k must be >= 1 but is " + k);
        Checks.labelRange(op, "yTrue", yTrue, c);
        long hits = 0;
        for (int i = 0; i < yTrue.length; i++) if (inTopK(scores[i], 0, c, yTrue[i], k)) hits++;
        return (double) hits / yTrue.length;
    }

    /** {@link #topKAccuracy(int[], double[][], int)} on flat row-major [n, numClasses] scores. */
    public static double topKAccuracy(int[] yTrue, double[] flatScores, int numClasses, int k) {
        return topKAccuracy(yTrue, rows("topKAccuracy", yTrue, flatScores, numClasses), k);
    }

    /** Rank of the target = classes scored higher, plus equal-scored classes with a higher index. */
    static boolean inTopK(double[] buf, int offset, int c, int target, int k) {
        double s = buf[offset + target];
        int rank = 0;
        for (int j = 0; j < c; j++) {
            double v = buf[offset + j];
            if (v > s || (v == s && j > target)) rank++;
        }
        return rank < k;
    }

    // ------------------------------------------------- precision, recall, F1

    /** Binary precision tp / (tp + fp) of label 1; labels must take at most two values. */
    public static double precision(int[] yTrue, int[] yPred) {
        return precision(yTrue, yPred, 1);
    }

    /** Binary precision of {@code posLabel} (sklearn {@code average="binary"}). */
    public static double precision(int[] yTrue, int[] yPred, int posLabel) {
        return binary("precision", yTrue, yPred, posLabel).precision(Average.MACRO);
    }

    /** Multi-class precision over the labels present in yTrue or yPred. */
    public static double precision(int[] yTrue, int[] yPred, Average average) {
        return counts("precision", yTrue, yPred, 0, average).precision(average);
    }

    /** Multi-class precision over labels 0..numClasses-1. */
    public static double precision(int[] yTrue, int[] yPred, int numClasses, Average average) {
        return counts("precision", yTrue, yPred, numClasses, average).precision(average);
    }

    /** Binary precision of probabilities cut at 0.5, positive label 1. */
    public static double precision(int[] yTrue, double[] binaryScores) {
        Checks.scores("precision", yTrue, binaryScores);
        Checks.labelRange("precision", "yTrue", yTrue, 2);
        return precision(yTrue, Predictions.threshold(binaryScores, BINARY_THRESHOLD));
    }

    /** Multi-class precision of argmax([n, C] scores) over classes 0..C-1. */
    public static double precision(int[] yTrue, double[][] scores, Average average) {
        int c = Checks.matrix("precision", yTrue, scores);
        return precision(yTrue, Predictions.argmax(scores), c, average);
    }

    /** Multi-class precision of argmax(flat [n, numClasses] scores) over classes 0..numClasses-1. */
    public static double precision(int[] yTrue, double[] flatScores, int numClasses, Average average) {
        return precision(yTrue, rows("precision", yTrue, flatScores, numClasses), average);
    }

    /** Per-class precision for labels 0..numClasses-1 (sklearn {@code average=None}). */
    public static double[] precisionPerClass(int[] yTrue, int[] yPred, int numClasses) {
        return counts("precisionPerClass", yTrue, yPred, numClasses, Average.MACRO).perClassPrecision();
    }

    /** Binary recall tp / (tp + fn) of label 1; labels must take at most two values. */
    public static double recall(int[] yTrue, int[] yPred) {
        return recall(yTrue, yPred, 1);
    }

    /** Binary recall of {@code posLabel}. */
    public static double recall(int[] yTrue, int[] yPred, int posLabel) {
        return binary("recall", yTrue, yPred, posLabel).recall(Average.MACRO);
    }

    /** Multi-class recall over the labels present in yTrue or yPred. */
    public static double recall(int[] yTrue, int[] yPred, Average average) {
        return counts("recall", yTrue, yPred, 0, average).recall(average);
    }

    /** Multi-class recall over labels 0..numClasses-1. */
    public static double recall(int[] yTrue, int[] yPred, int numClasses, Average average) {
        return counts("recall", yTrue, yPred, numClasses, average).recall(average);
    }

    /** Binary recall of probabilities cut at 0.5, positive label 1. */
    public static double recall(int[] yTrue, double[] binaryScores) {
        Checks.scores("recall", yTrue, binaryScores);
        Checks.labelRange("recall", "yTrue", yTrue, 2);
        return recall(yTrue, Predictions.threshold(binaryScores, BINARY_THRESHOLD));
    }

    /** Multi-class recall of argmax([n, C] scores) over classes 0..C-1. */
    public static double recall(int[] yTrue, double[][] scores, Average average) {
        int c = Checks.matrix("recall", yTrue, scores);
        return recall(yTrue, Predictions.argmax(scores), c, average);
    }

    /** Multi-class recall of argmax(flat [n, numClasses] scores) over classes 0..numClasses-1. */
    public static double recall(int[] yTrue, double[] flatScores, int numClasses, Average average) {
        return recall(yTrue, rows("recall", yTrue, flatScores, numClasses), average);
    }

    /** Per-class recall for labels 0..numClasses-1. */
    public static double[] recallPerClass(int[] yTrue, int[] yPred, int numClasses) {
        return counts("recallPerClass", yTrue, yPred, numClasses, Average.MACRO).perClassRecall();
    }

    /** Binary F1 (harmonic mean of precision and recall) of label 1. */
    public static double f1(int[] yTrue, int[] yPred) {
        return f1(yTrue, yPred, 1);
    }

    /** Binary F1 of {@code posLabel}. */
    public static double f1(int[] yTrue, int[] yPred, int posLabel) {
        return binary("f1", yTrue, yPred, posLabel).f1(Average.MACRO);
    }

    /**
     * Multi-class F1 over the labels present in yTrue or yPred. MACRO and WEIGHTED average the per-class F1
     * values (not the F1 of averaged precision and recall), as sklearn does.
     */
    public static double f1(int[] yTrue, int[] yPred, Average average) {
        return counts("f1", yTrue, yPred, 0, average).f1(average);
    }

    /** Multi-class F1 over labels 0..numClasses-1. */
    public static double f1(int[] yTrue, int[] yPred, int numClasses, Average average) {
        return counts("f1", yTrue, yPred, numClasses, average).f1(average);
    }

    /** Binary F1 of probabilities cut at 0.5, positive label 1. */
    public static double f1(int[] yTrue, double[] binaryScores) {
        Checks.scores("f1", yTrue, binaryScores);
        Checks.labelRange("f1", "yTrue", yTrue, 2);
        return f1(yTrue, Predictions.threshold(binaryScores, BINARY_THRESHOLD));
    }

    /** Multi-class F1 of argmax([n, C] scores) over classes 0..C-1. */
    public static double f1(int[] yTrue, double[][] scores, Average average) {
        int c = Checks.matrix("f1", yTrue, scores);
        return f1(yTrue, Predictions.argmax(scores), c, average);
    }

    /** Multi-class F1 of argmax(flat [n, numClasses] scores) over classes 0..numClasses-1. */
    public static double f1(int[] yTrue, double[] flatScores, int numClasses, Average average) {
        return f1(yTrue, rows("f1", yTrue, flatScores, numClasses), average);
    }

    /** Per-class F1 for labels 0..numClasses-1. */
    public static double[] f1PerClass(int[] yTrue, int[] yPred, int numClasses) {
        return counts("f1PerClass", yTrue, yPred, numClasses, Average.MACRO).perClassF1();
    }

    /**
     * Counts for sklearn's {@code average="binary"}: only {@code posLabel} is scored. Like sklearn it refuses
     * more than two distinct labels, and a posLabel that is not one of exactly two present labels.
     */
    private static LabelCounts binary(String op, int[] yTrue, int[] yPred, int posLabel) {
        Checks.pair(op, yTrue, yPred);
        int[] present = Checks.uniqueLabels(yTrue, yPred);
        if (present.length > 2) {
            throw new IllegalArgumentException(op + ": binary average but the labels take " + present.length
                    + " values " + java.util.Arrays.toString(present)
                    + "; pass an Average (MACRO, MICRO or WEIGHTED) for multi-class data");
        }
        if (present.length == 2 && java.util.Arrays.binarySearch(present, posLabel) < 0) {
            throw new IllegalArgumentException(op + ": posLabel " + posLabel + " is not one of the labels "
                    + java.util.Arrays.toString(present));
        }
        return LabelCounts.of(new int[] {posLabel}, yTrue, yPred);
    }

    static LabelCounts counts(String op, int[] yTrue, int[] yPred, int numClasses, Average average) {
        Checks.pair(op, yTrue, yPred);
        Checks.nonNull(op, "average", average);
        return LabelCounts.of(labels(op, yTrue, yPred, numClasses), yTrue, yPred);
    }

    /** 0..numClasses-1 after a range check, or the sorted labels present when numClasses is 0. */
    static int[] labels(String op, int[] yTrue, int[] yPred, int numClasses) {
        if (numClasses == 0) return Checks.uniqueLabels(yTrue, yPred);
        Checks.positiveClasses(op, numClasses);
        Checks.labelRange(op, "yTrue", yTrue, numClasses);
        Checks.labelRange(op, "yPred", yPred, numClasses);
        int[] labels = new int[numClasses];
        for (int i = 0; i < numClasses; i++) labels[i] = i;
        return labels;
    }

    private static double[][] rows(String op, int[] yTrue, double[] flat, int numClasses) {
        Checks.nonNull(op, "yTrue", yTrue);
        int n = Predictions.rowsOf(op, flat, numClasses);
        Checks.sameLength(op, "yTrue", yTrue.length, "scores (rows of " + numClasses + ")", n);
        return Predictions.rows(flat, numClasses);
    }

    // ------------------------------------------------------------ Cohen's kappa

    /** Cohen's kappa between two labelings over the labels present in either. */
    public static double cohenKappa(int[] y1, int[] y2) {
        return cohenKappa(y1, y2, 0, KappaWeighting.NONE);
    }

    /**
     * Cohen's kappa 1 - sum(w * observed) / sum(w * expected), as sklearn's {@code cohen_kappa_score}. With
     * numClasses 0 the labels are those present in y1 or y2, else 0..numClasses-1; LINEAR and QUADRATIC weights
     * use the position of a label in that list. When both raters use the same single label the ratio is 0/0 and,
     * like sklearn, the result is NaN.
     */
    public static double cohenKappa(int[] y1, int[] y2, int numClasses, KappaWeighting weighting) {
        String op = "cohenKappa";
        Checks.pair(op, y1, y2);
        Checks.nonNull(op, "weighting", weighting);
        int[] labels = labels(op, y1, y2, numClasses);
        long[][] cm = ConfusionMatrix.countMatrix(labels, y1, y2);
        int k = labels.length;
        long[] rowSum = new long[k];
        long[] colSum = new long[k];
        long total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                rowSum[i] += cm[i][j];
                colSum[j] += cm[i][j];
                total += cm[i][j];
            }
        }
        double observed = 0;
        double expected = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double w = switch (weighting) {
                    case NONE -> i == j ? 0 : 1;
                    case LINEAR -> Math.abs(i - j);
                    case QUADRATIC -> (double) (i - j) * (i - j);
                };
                observed += w * cm[i][j];
                // sklearn: outer(sum over axis 0, sum over axis 1) / total, i.e. colSum[i] * rowSum[j]
                expected += w * ((double) colSum[i] * rowSum[j] / total);
            }
        }
        return 1 - observed / expected;
    }

    // ------------------------------------------------------------------ log loss

    /** np.finfo(float64).eps, sklearn's default clipping for float64 probabilities. */
    static final double LOG_LOSS_EPS = Math.ulp(1.0);

    /**
     * Binary cross-entropy of positive-class probabilities against 0/1 labels, as sklearn's
     * {@code log_loss(y, p, labels=[0, 1])}. See {@link #logLoss(int[], double[][])} for the clipping rules.
     */
    public static double logLoss(int[] yTrue, double[] probabilities) {
        String op = "logLoss";
        int n = Checks.scores(op, yTrue, probabilities);
        Checks.labelRange(op, "yTrue", yTrue, 2);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = clip(probabilities[i]);
            double q0 = 1 - p;
            double s = q0 + p; // sklearn renormalizes the [1 - p, p] row; the sum can be 1 +- 1 ulp
            sum += -Math.log((yTrue[i] == 1 ? p : q0) / s);
        }
        return sum / n;
    }

    /**
     * Mean negative log-likelihood of the true class under [n, C] probabilities, as sklearn 1.2.1's
     * {@code log_loss(y, P, labels=range(C))} with {@code eps="auto"}: every probability is first clipped to
     * [eps, 1 - eps] with eps = 2.22e-16 (float64 machine epsilon) so that a confident wrong answer costs about
     * 36 rather than infinity, then each row is renormalized to sum to 1. sklearn 1.5 and later drop the
     * renormalization (and only warn about rows that do not sum to 1); the two agree whenever the rows are proper
     * probabilities, up to the ~1e-16 that clipping a 0 or 1 adds.
     */
    public static double logLoss(int[] yTrue, double[][] probabilities) {
        String op = "logLoss";
        int c = Checks.matrix(op, yTrue, probabilities);
        Checks.labelRange(op, "yTrue", yTrue, c);
        double sum = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double rowSum = 0;
            for (int j = 0; j < c; j++) rowSum += clip(probabilities[i][j]);
            sum += -Math.log(clip(probabilities[i][yTrue[i]]) / rowSum);
        }
        return sum / yTrue.length;
    }

    /** {@link #logLoss(int[], double[][])} on flat row-major [n, numClasses] probabilities. */
    public static double logLoss(int[] yTrue, double[] flatProbabilities, int numClasses) {
        return logLoss(yTrue, rows("logLoss", yTrue, flatProbabilities, numClasses));
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    }
}
