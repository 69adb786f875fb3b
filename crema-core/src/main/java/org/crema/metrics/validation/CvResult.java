package org.crema.metrics.validation;

import java.util.Arrays;
import java.util.Locale;

/**
 * Scores of a cross-validation run, one per fold, with their mean and population standard deviation
 * (ddof = 0, numpy's default, as in sklearn's examples {@code scores.mean(), scores.std()}).
 */
public record CvResult(double[] scores, double mean, double std) {

    public CvResult {
        if (scores == null || scores.length == 0) throw new IllegalArgumentException("CvResult: no fold scores");
        scores = scores.clone();
    }

    /** Result with mean and std computed from the fold scores. */
    public static CvResult of(double[] scores) {
        if (scores == null || scores.length == 0) throw new IllegalArgumentException("CvResult: no fold scores");
        return new CvResult(scores, Stats.mean(scores), Stats.std(scores));
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    public int folds() {
        return scores.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CvResult r && Arrays.equals(scores, r.scores) && Double.compare(mean, r.mean) == 0
                && Double.compare(std, r.std) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scores) * 31 + Double.hashCode(mean);
    }

    /** For example "0.8133 +- 0.0212 over 5 folds [0.8, 0.83, ...]". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f +- %.4f over %d folds %s", mean, std, scores.length,
                Arrays.toString(scores));
    }
}
