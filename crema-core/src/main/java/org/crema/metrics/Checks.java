package org.crema.metrics;

import java.util.Arrays;

/** Argument validation shared by the metric functions; every message names the operation and the bad values. */
final class Checks {
    private Checks() {}

    static void nonNull(String op, String what, Object array) {
        if (array == null) throw new IllegalArgumentException(op + ": " + what + " is null");
    }

    static void sameLength(String op, String aName, int aLen, String bName, int bLen) {
        if (aLen != bLen) {
            throw new IllegalArgumentException(op + ": " + aName + " has " + aLen + " elements but "
                    + bName + " has " + bLen);
        }
    }

    static void nonEmpty(String op, int n) {
        if (n == 0) throw new IllegalArgumentException(op + ": empty input (0 samples)");
    }

    /** Checks non-null, equal lengths and at least one sample; returns the sample count. */
    static int pair(String op, int[] yTrue, int[] yPred) {
        nonNull(op, "yTrue", yTrue);
        nonNull(op, "yPred", yPred);
        sameLength(op, "yTrue", yTrue.length, "yPred", yPred.length);
        nonEmpty(op, yTrue.length);
        return yTrue.length;
    }

    static int pair(String op, double[] yTrue, double[] yPred) {
        nonNull(op, "yTrue", yTrue);
        nonNull(op, "yPred", yPred);
        sameLength(op, "yTrue", yTrue.length, "yPred", yPred.length);
        nonEmpty(op, yTrue.length);
        return yTrue.length;
    }

    static int scores(String op, int[] yTrue, double[] scores) {
        nonNull(op, "yTrue", yTrue);
        nonNull(op, "scores", scores);
        sameLength(op, "yTrue", yTrue.length, "scores", scores.length);
        nonEmpty(op, yTrue.length);
        finite(op, "scores", scores);
        return yTrue.length;
    }

    static void finite(String op, String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(op + ": " + what + "[" + i + "] is " + values[i]
                        + " (scores must be finite)");
            }
        }
    }

    /**
     * Validates a [n, C] score matrix against n targets: rectangular, C >= 2, all finite.
     * Returns C.
     */
    static int matrix(String op, int[] yTrue, double[][] scores) {
        nonNull(op, "yTrue", yTrue);
        nonNull(op, "scores", scores);
        sameLength(op, "yTrue", yTrue.length, "scores (rows)", scores.length);
        nonEmpty(op, yTrue.length);
        int c = -1;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == null) throw new IllegalArgumentException(op + ": scores row " + i + " is null");
            if (c < 0) c = scores[i].length;
            else if (scores[i].length != c) {
                throw new IllegalArgumentException(op + ": scores row 0 has " + c + " columns but row " + i
                        + " has " + scores[i].length);
            }
            finite(op, "scores row " + i, scores[i]);
        }
        if (c < 2) {
            throw new IllegalArgumentException(op + ": scores need at least 2 columns (classes) but have " + c
                    + "; use the binary overload for a single score per sample");
        }
        return c;
    }

    /** Every label must lie in [0, numClasses). */
    static void labelRange(String op, String what, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(op + ": " + what + "[" + i + "] = " + labels[i]
                        + " is outside [0, " + numClasses + ")");
            }
        }
    }

    static void positiveClasses(String op, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException(op + ": numClasses must be >= 1 but is " + numClasses);
    }

    /** Sorted distinct values of the union of the given label arrays (sklearn's unique_labels). */
    static int[] uniqueLabels(int[]... arrays) {
        int total = 0;
        for (int[] a : arrays) total += a.length;
        int[] all = new int[total];
        int pos = 0;
        for (int[] a : arrays) {
            System.arraycopy(a, 0, all, pos, a.length);
            pos += a.length;
        }
        return Arrays.stream(all).sorted().distinct().toArray();
    }
}
