package org.crema.metrics;

import java.util.Arrays;

/**
 * Receiver operating characteristic from {@link RankingMetrics#rocCurve}: point i is (fpr[i], tpr[i]) for
 * "positive when score &gt;= thresholds[i]". Thresholds decrease; the first one is +infinity (nothing positive,
 * the point (0, 0)) as in sklearn &gt;= 1.3, where sklearn 1.2 used max(score) + 1.
 * The arrays are copied in and out.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

    public RocCurve {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("RocCurve: fpr, tpr and thresholds have " + fpr.length + ", "
                    + tpr.length + " and " + thresholds.length + " points");
        }
        fpr = fpr.clone();
        tpr = tpr.clone();
        thresholds = thresholds.clone();
    }

    @Override
    public double[] fpr() {
        return fpr.clone();
    }

    @Override
    public double[] tpr() {
        return tpr.clone();
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Number of points. */
    public int size() {
        return fpr.length;
    }

    /** Area under this curve by the trapezoidal rule (sklearn's {@code auc(fpr, tpr)}). */
    public double auc() {
        return RankingMetrics.trapezoid(fpr, tpr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve c && Arrays.equals(fpr, c.fpr) && Arrays.equals(tpr, c.tpr)
                && Arrays.equals(thresholds, c.thresholds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fpr) * 961 + Arrays.hashCode(tpr) * 31 + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "RocCurve[fpr=" + Arrays.toString(fpr) + ", tpr=" + Arrays.toString(tpr) + ", thresholds="
                + Arrays.toString(thresholds) + "]";
    }
}
