package org.crema.metrics;

/**
 * Regression scores on plain arrays, matching scikit-learn's {@code mean_squared_error},
 * {@code mean_absolute_error} and {@code r2_score} for a single output without sample weights.
 * Every function rejects null, empty and length-mismatched inputs with an {@link IllegalArgumentException}.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {}

    /** Mean squared error: mean of (yTrue - yPred)^2. */
    public static double mse(double[] yTrue, double[] yPred) {
        int n = Checks.pair("mse", yTrue, yPred);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = yTrue[i] - yPred[i];
            sum += d * d;
        }
        return sum / n;
    }

    /** Root of {@link #mse}, as sklearn's {@code mean_squared_error(squared=False)}. */
    public static double rmse(double[] yTrue, double[] yPred) {
        Checks.pair("rmse", yTrue, yPred);
        return Math.sqrt(mse(yTrue, yPred));
    }

    /** Mean absolute error: mean of |yTrue - yPred|. */
    public static double mae(double[] yTrue, double[] yPred) {
        int n = Checks.pair("mae", yTrue, yPred);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.abs(yTrue[i] - yPred[i]);
        return sum / n;
    }

    /**
     * Coefficient of determination 1 - SS_res / SS_tot with sklearn's conventions
     * ({@code force_finite=True}, the default since 1.1):
     * <ul>
     *   <li>constant yTrue (SS_tot = 0) and perfect predictions: 1.0;</li>
     *   <li>constant yTrue and imperfect predictions: 0.0 (the true value would be -infinity);</li>
     *   <li>a single sample: NaN, because R^2 is not defined for fewer than two samples
     *       (sklearn warns and returns nan).</li>
     * </ul>
     */
    public static double r2(double[] yTrue, double[] yPred) {
        int n = Checks.pair("r2", yTrue, yPred);
        if (n < 2) return Double.NaN;
        double mean = 0;
        for (double y : yTrue) mean += y;
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double r = yTrue[i] - yPred[i];
            double t = yTrue[i] - mean;
            ssRes += r * r;
            ssTot += t * t;
        }
        if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
        return 1 - ssRes / ssTot;
    }
}
