package org.crema.metrics;

import java.util.Arrays;

/**
 * sklearn's {@code _binary_clf_curve}: for every distinct score t, from the highest down, how many negatives
 * (fps) and positives (tps) score at least t. Tied scores collapse into one threshold, which is why ties never
 * depend on the input order.
 */
record BinaryClfCurve(long[] fps, long[] tps, double[] thresholds) {

    static BinaryClfCurve of(boolean[] positive, double[] scores) {
        int nPos = 0;
        for (boolean p : positive) if (p) nPos++;
        double[] pos = new double[nPos];
        double[] neg = new double[scores.length - nPos];
        int ip = 0;
        int in = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) pos[ip++] = scores[i];
            else neg[in++] = scores[i];
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        // merge both ascending arrays from their top ends, one step per distinct value
        long[] fps = new long[scores.length];
        long[] tps = new long[scores.length];
        double[] th = new double[scores.length];
        int k = 0;
        int a = pos.length - 1;
        int b = neg.length - 1;
        long tp = 0;
        long fp = 0;
        while (a >= 0 || b >= 0) {
            double v = a < 0 ? neg[b] : b < 0 ? pos[a] : Math.max(pos[a], neg[b]);
            while (a >= 0 && pos[a] == v) {
                a--;
                tp++;
            }
            while (b >= 0 && neg[b] == v) {
                b--;
                fp++;
            }
            fps[k] = fp;
            tps[k] = tp;
            th[k] = v;
            k++;
        }
        return new BinaryClfCurve(Arrays.copyOf(fps, k), Arrays.copyOf(tps, k), Arrays.copyOf(th, k));
    }
}
