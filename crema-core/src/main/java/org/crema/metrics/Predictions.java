package org.crema.metrics;

/**
 * Turns model outputs into hard class predictions, and flat row-major score buffers into rows, so that every
 * label-based metric can be fed from scores.
 */
public final class Predictions {
    private Predictions() {}

    /**
     * Index of the largest score in each row; ties go to the lowest index (numpy's {@code argmax}).
     *
     * @throws IllegalArgumentException on a null/empty matrix, ragged rows or NaN scores
     */
    public static int[] argmax(double[][] scores) {
        String op = "argmax";
        Checks.nonNull(op, "scores", scores);
        Checks.nonEmpty(op, scores.length);
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double[] row = scores[i];
            if (row == null || row.length == 0 || row.length != scores[0].length) {
                throw new IllegalArgumentException(op + ": row " + i + " has "
                        + (row == null ? "no" : row.length) + " columns but row 0 has " + scores[0].length);
            }
            out[i] = argmax(row, 0, row.length, op, i);
        }
        return out;
    }

    /** Row-wise argmax of a flat row-major [n, numClasses] buffer. */
    public static int[] argmax(double[] flatScores, int numClasses) {
        String op = "argmax";
        int n = rowsOf(op, flatScores, numClasses);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = argmax(flatScores, i * numClasses, numClasses, op, i);
        return out;
    }

    static int argmax(double[] buf, int offset, int len, String op, int row) {
        int best = 0;
        double bestValue = buf[offset];
        for (int j = 0; j < len; j++) {
            double v = buf[offset + j];
            if (Double.isNaN(v)) throw new IllegalArgumentException(op + ": score [" + row + ", " + j + "] is NaN");
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    /**
     * 1 where score &gt; threshold, else 0. Use 0.5 for probabilities and 0 for logits; a score exactly at the
     * threshold is negative, as in Keras' binary accuracy.
     */
    public static int[] threshold(double[] scores, double threshold) {
        Checks.nonNull("threshold", "scores", scores);
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("threshold: scores[" + i + "] is NaN");
            out[i] = scores[i] > threshold ? 1 : 0;
        }
        return out;
    }

    /** Copies a flat row-major [n, numClasses] buffer into n rows. */
    public static double[][] rows(double[] flatScores, int numClasses) {
        int n = rowsOf("rows", flatScores, numClasses);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flatScores, i * numClasses, (i + 1) * numClasses);
        }
        return out;
    }

    static int rowsOf(String op, double[] flat, int numClasses) {
        Checks.nonNull(op, "scores", flat);
        if (numClasses < 1) throw new IllegalArgumentException(op + ": numClasses must be >= 1 but is " + numClasses);
        if (flat.length % numClasses != 0) {
            throw new IllegalArgumentException(op + ": flat scores have " + flat.length
                    + " elements, not a multiple of numClasses " + numClasses);
        }
        return flat.length / numClasses;
    }
}
