package org.crema.metrics;

import java.util.Arrays;

/**
 * Precision-recall pairs from {@link RankingMetrics#precisionRecallCurve}, in sklearn's layout: thresholds
 * increase; precision[i] and recall[i] belong to "positive when score &gt;= thresholds[i]"; one extra final point
 * (precision 1, recall 0) has no threshold, so precision and recall are one longer than thresholds.
 * The arrays are copied in and out.
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

    public PrecisionRecallCurve {
        if (precision.length != recall.length || precision.length != thresholds.length + 1) {
            throw new IllegalArgumentException("PrecisionRecallCurve: precision and recall need one more point than"
                    + " thresholds but have " + precision.length + ", " + recall.length + " and "
                    + thresholds.length);
        }
        precision = precision.clone();
        recall = recall.clone();
        thresholds = thresholds.clone();
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * Step-function area: sum over i of (recall[i] - recall[i+1]) * precision[i], which is
     * {@link RankingMetrics#averagePrecision} (no interpolation).
     */
    public double averagePrecision() {
        double sum = 0;
        for (int i = 0; i + 1 < recall.length; i++) sum += (recall[i + 1] - recall[i]) * precision[i];
        return -sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrecisionRecallCurve c && Arrays.equals(precision, c.precision)
                && Arrays.equals(recall, c.recall) && Arrays.equals(thresholds, c.thresholds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(precision) * 961 + Arrays.hashCode(recall) * 31 + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "PrecisionRecallCurve[precision=" + Arrays.toString(precision) + ", recall="
                + Arrays.toString(recall) + ", thresholds=" + Arrays.toString(thresholds) + "]";
    }
}
