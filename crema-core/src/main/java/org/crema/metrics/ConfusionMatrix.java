package org.crema.metrics;

import java.util.Arrays;

/**
 * Confusion matrix as sklearn's {@code confusion_matrix}: {@code counts[i][j]} is the number of samples whose
 * true label is {@code labels[i]} and whose predicted label is {@code labels[j]} (rows true, columns predicted).
 * The arrays are copied in and out, so a matrix never changes.
 */
public record ConfusionMatrix(int[] labels, int[][] counts) {

    public ConfusionMatrix {
        Checks.nonNull("ConfusionMatrix", "labels", labels);
        Checks.nonNull("ConfusionMatrix", "counts", counts);
        labels = labels.clone();
        if (counts.length != labels.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + labels.length + " labels but " + counts.length
                    + " rows of counts");
        }
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == null || counts[i].length != labels.length) {
                throw new IllegalArgumentException("ConfusionMatrix: row " + i + " has "
                        + (counts[i] == null ? "no" : counts[i].length) + " counts but there are "
                        + labels.length + " labels");
            }
            for (int j = 0; j < labels.length; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("ConfusionMatrix: count [" + i + "][" + j + "] is negative: "
                            + counts[i][j]);
                }
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** Matrix over the sorted labels present in yTrue or yPred. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        Checks.pair("confusionMatrix", yTrue, yPred);
        return build(Checks.uniqueLabels(yTrue, yPred), yTrue, yPred);
    }

    /** Matrix over labels 0..numClasses-1, so classes that never occur still get a (zero) row and column. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, int numClasses) {
        Checks.pair("confusionMatrix", yTrue, yPred);
        return build(ClassificationMetrics.labels("confusionMatrix", yTrue, yPred, numClasses), yTrue, yPred);
    }

    private static ConfusionMatrix build(int[] labels, int[] yTrue, int[] yPred) {
        long[][] wide = countMatrix(labels, yTrue, yPred);
        int[][] counts = new int[labels.length][labels.length];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) counts[i][j] = Math.toIntExact(wide[i][j]);
        }
        return new ConfusionMatrix(labels, counts);
    }

    /** Counts over sorted labels; samples with an unlisted true or predicted label are skipped, as in sklearn. */
    static long[][] countMatrix(int[] labels, int[] yTrue, int[] yPred) {
        long[][] cm = new long[labels.length][labels.length];
        for (int i = 0; i < yTrue.length; i++) {
            int t = Arrays.binarySearch(labels, yTrue[i]);
            int p = Arrays.binarySearch(labels, yPred[i]);
            if (t >= 0 && p >= 0) cm[t][p]++;
        }
        return cm;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) copy[i] = counts[i].clone();
        return copy;
    }

    /** Number of classes (rows). */
    public int size() {
        return labels.length;
    }

    /** Count for true label position {@code row} and predicted label position {@code col}. */
    public int count(int row, int col) {
        return counts[row][col];
    }

    /** Total number of samples counted. */
    public long total() {
        long t = 0;
        for (int[] row : counts) for (int v : row) t += v;
        return t;
    }

    /**
     * Each row divided by its sum (sklearn {@code normalize="true"}): the diagonal becomes per-class recall.
     * A row with no samples stays all zeros.
     */
    public double[][] normalizedByTrue() {
        double[][] out = new double[counts.length][counts.length];
        for (int i = 0; i < counts.length; i++) {
            long rowSum = 0;
            for (int v : counts[i]) rowSum += v;
            for (int j = 0; j < counts.length; j++) out[i][j] = rowSum == 0 ? 0 : (double) counts[i][j] / rowSum;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.equals(labels, m.labels) && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.deepHashCode(counts);
    }

    /** Table with the labels as names, rows true and columns predicted. */
    @Override
    public String toString() {
        String[] names = new String[labels.length];
        for (int i = 0; i < names.length; i++) names[i] = Integer.toString(labels[i]);
        return toString(names);
    }

    /**
     * Table with the given class names (one per label), for example:
     * <pre>
     * true\pred  cat  dog
     *       cat    5    1
     *       dog    2    7
     * </pre>
     */
    public String toString(String[] classNames) {
        Checks.nonNull("ConfusionMatrix.toString", "classNames", classNames);
        if (classNames.length != labels.length) {
            throw new IllegalArgumentException("ConfusionMatrix.toString: " + classNames.length
                    + " class names for " + labels.length + " labels");
        }
        String corner = "true\\pred";
        int rowHead = corner.length();
        int[] width = new int[labels.length];
        for (int j = 0; j < labels.length; j++) {
            rowHead = Math.max(rowHead, classNames[j].length());
            width[j] = classNames[j].length();
            for (int[] row : counts) width[j] = Math.max(width[j], Integer.toString(row[j]).length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad(corner, rowHead));
        for (int j = 0; j < labels.length; j++) sb.append("  ").append(pad(classNames[j], width[j]));
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(pad(classNames[i], rowHead));
            for (int j = 0; j < labels.length; j++) sb.append("  ").append(pad(Integer.toString(counts[i][j]), width[j]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
