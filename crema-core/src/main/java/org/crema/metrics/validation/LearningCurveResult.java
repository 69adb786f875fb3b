package org.crema.metrics.validation;

import java.util.Arrays;
import java.util.Locale;

/**
 * Scores of a learning curve: {@code trainScores[s][f]} and {@code validationScores[s][f]} for training-set size
 * {@code trainSizes[s]} and fold f. Means and standard deviations (ddof = 0) are taken over folds.
 */
public record LearningCurveResult(int[] trainSizes, double[][] trainScores, double[][] validationScores) {

    public LearningCurveResult {
        if (trainSizes == null || trainScores == null || validationScores == null) {
            throw new IllegalArgumentException("LearningCurveResult: null array");
        }
        if (trainSizes.length == 0 || trainScores.length != trainSizes.length
                || validationScores.length != trainSizes.length) {
            throw new IllegalArgumentException("LearningCurveResult: " + trainSizes.length + " sizes but "
                    + trainScores.length + " train and " + validationScores.length + " validation score rows");
        }
        trainSizes = trainSizes.clone();
        trainScores = deepCopy(trainScores);
        validationScores = deepCopy(validationScores);
    }

    @Override
    public int[] trainSizes() {
        return trainSizes.clone();
    }

    @Override
    public double[][] trainScores() {
        return deepCopy(trainScores);
    }

    @Override
    public double[][] validationScores() {
        return deepCopy(validationScores);
    }

    public double[] trainMean() {
        return rowStat(trainScores, false);
    }

    public double[] trainStd() {
        return rowStat(trainScores, true);
    }

    public double[] validationMean() {
        return rowStat(validationScores, false);
    }

    public double[] validationStd() {
        return rowStat(validationScores, true);
    }

    /**
     * Reads the curve at its largest training size. With gap = how much better the mean training score is than
     * the mean validation score:
     * <ul>
     *   <li>training short of {@code desiredScore}, gap within {@code gapTolerance}: {@link FitDiagnosis#HIGH_BIAS};</li>
     *   <li>training meets it, gap beyond the tolerance: {@link FitDiagnosis#HIGH_VARIANCE};</li>
     *   <li>training short, gap beyond the tolerance: {@link FitDiagnosis#HIGH_BIAS_AND_VARIANCE};</li>
     *   <li>otherwise {@link FitDiagnosis#GOOD_FIT}.</li>
     * </ul>
     *
     * @param higherIsBetter true for accuracy-like scores, false for losses and errors
     */
    public FitDiagnosis diagnose(double desiredScore, double gapTolerance, boolean higherIsBetter) {
        if (!(gapTolerance >= 0)) {
            throw new IllegalArgumentException("LearningCurveResult: gapTolerance must be >= 0 but is " + gapTolerance);
        }
        int last = trainSizes.length - 1;
        double sign = higherIsBetter ? 1 : -1;
        double train = trainMean()[last];
        double gap = sign * (train - validationMean()[last]);
        boolean trainShort = sign * (train - desiredScore) < 0;
        boolean bigGap = gap > gapTolerance;
        if (trainShort) return bigGap ? FitDiagnosis.HIGH_BIAS_AND_VARIANCE : FitDiagnosis.HIGH_BIAS;
        return bigGap ? FitDiagnosis.HIGH_VARIANCE : FitDiagnosis.GOOD_FIT;
    }

    /** {@link #explain(double, double, boolean)} for accuracy-like scores with a gap tolerance of 0.05. */
    public String explain(double desiredScore) {
        return explain(desiredScore, 0.05, true);
    }

    /** A few sentences: the diagnosis, the numbers behind it, whether more data looks useful, what to try. */
    public String explain(double desiredScore, double gapTolerance, boolean higherIsBetter) {
        FitDiagnosis d = diagnose(desiredScore, gapTolerance, higherIsBetter);
        int last = trainSizes.length - 1;
        double train = trainMean()[last];
        double val = validationMean()[last];
        double sign = higherIsBetter ? 1 : -1;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "At %d training samples: training score %.4f, validation score %.4f (gap %.4f, target %.4f, "
                        + "tolerance %.4f). ",
                trainSizes[last], train, val, sign * (train - val), desiredScore, gapTolerance));
        sb.append(switch (d) {
            case HIGH_BIAS -> "High bias (underfitting): the model does not reach the target even on its training "
                    + "data, and validation is close behind, so more data will not help much. Try a larger model, "
                    + "better features, longer training or less regularization.";
            case HIGH_VARIANCE -> "High variance (overfitting): training meets the target but validation lags "
                    + "well behind. Try more training data, stronger regularization (weight decay, dropout, "
                    + "augmentation), early stopping or a smaller model.";
            case HIGH_BIAS_AND_VARIANCE -> "High bias and high variance: training misses the target and validation "
                    + "lags well behind it. Fix the bias first (larger model, better features, longer training), "
                    + "then regularize.";
            case GOOD_FIT -> "Good fit: training meets the target and validation is close to it.";
        });
        if (trainSizes.length >= 2) {
            double[] vm = validationMean();
            double gain = sign * (vm[last] - vm[last - 1]);
            if (gain > gapTolerance / 2) {
                sb.append(String.format(Locale.ROOT, " Validation is still improving (%+.4f over the last size step),"
                        + " so more data is likely to help.", gain));
            } else {
                sb.append(" Validation has levelled off over the last size step.");
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningCurveResult r && Arrays.equals(trainSizes, r.trainSizes)
                && Arrays.deepEquals(trainScores, r.trainScores) && Arrays.deepEquals(validationScores, r.validationScores);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(trainSizes) * 961 + Arrays.deepHashCode(trainScores) * 31
                + Arrays.deepHashCode(validationScores);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%10s %21s %21s%n", "train size",
                "train mean +- std", "validation mean +- std"));
        double[] tm = trainMean();
        double[] ts = trainStd();
        double[] vm = validationMean();
        double[] vs = validationStd();
        for (int s = 0; s < trainSizes.length; s++) {
            sb.append(String.format(Locale.ROOT, "%10d %10.4f +- %7.4f %10.4f +- %7.4f%n", trainSizes[s], tm[s], ts[s],
                    vm[s], vs[s]));
        }
        return sb.toString();
    }

    private static double[] rowStat(double[][] rows, boolean std) {
        double[] out = new double[rows.length];
        for (int s = 0; s < rows.length; s++) out[s] = std ? Stats.std(rows[s]) : Stats.mean(rows[s]);
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null || a[i].length == 0) {
                throw new IllegalArgumentException("LearningCurveResult: score row " + i + " is empty");
            }
            c[i] = a[i].clone();
        }
        return c;
    }
}
