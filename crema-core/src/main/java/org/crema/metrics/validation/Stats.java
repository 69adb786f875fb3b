package org.crema.metrics.validation;

/** Mean and population standard deviation (ddof = 0) as numpy computes them for short arrays. */
final class Stats {
    private Stats() {}

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
