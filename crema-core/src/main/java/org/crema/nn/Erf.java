package org.crema.nn;

/**
 * The error function (Java has none), accurate to about 1e-16, for the exact GELU.
 *
 * <p>A table holds erf and exp(-x^2) at x0 = i/64 for x0 in [0, 6] (beyond 6, erf = 1 in double);
 * between grid points erf is the Taylor expansion around the nearest x0, whose derivatives are
 * erf^(k+1)(x0) = 2/sqrt(pi) (-1)^k H_k(x0) exp(-x0^2) with the Hermite polynomials H_k. With
 * |x - x0| <= 1/128 ten terms leave an error below 1e-17. The table itself comes from the
 * all-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (1*3*...*(2n+1)), which cannot
 * cancel (below 3), and erfc's continued fraction (from 3 on).
 */
final class Erf {
    private Erf() {}

    private static final int PER_UNIT = 64;
    private static final double LIMIT = 6.0;
    private static final int TERMS = 10;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double[] ERF = new double[(int) (LIMIT * PER_UNIT) + 1];
    private static final double[] GAUSS = new double[ERF.length];
    private static final double[] INV_FACT = new double[TERMS + 2];

    static {
        for (int i = 0; i < ERF.length; i++) {
            double x = i / (double) PER_UNIT;
            ERF[i] = reference(x);
            GAUSS[i] = TWO_OVER_SQRT_PI * Math.exp(-x * x);
        }
        INV_FACT[0] = 1;
        for (int k = 1; k < INV_FACT.length; k++) INV_FACT[k] = INV_FACT[k - 1] / k;
    }

    /**
     * The slow, exact-to-rounding erf the table is built from: below 3 the positive series, from 3 on
     * 1 - erfc with erfc's continued fraction
     * e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), which converges fast there.
     */
    static double reference(double x) {
        double a = Math.abs(x);
        if (a < 3) return series(x);
        double f = a;
        for (int k = 120; k >= 1; k--) f = a + (k / 2.0) / f;
        double r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        return x < 0 ? -r : r;
    }

    /** erf by the positive series (many terms for large x, where its rounding error grows). */
    static double series(double x) {
        double a = Math.abs(x);
        double term = a, sum = a, twoA2 = 2 * a * a;
        for (int n = 1; n < 400; n++) {
            term *= twoA2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        double r = Math.min(1, TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum);
        return x < 0 ? -r : r;
    }

    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a >= LIMIT) return x < 0 ? -1 : 1;
        int i = (int) Math.rint(a * PER_UNIT);
        double x0 = i / (double) PER_UNIT, d = a - x0;
        // sum_k (-1)^k H_k(x0) d^(k+1) / (k+1)!, H_{k+1} = 2 x0 H_k - 2 k H_{k-1}
        double hPrev = 1, h = 2 * x0;       // H_0, H_1
        double dp = d;                      // d^(k+1)
        double sum = d;                     // k = 0 term
        dp *= d;
        sum -= h * dp * INV_FACT[2];        // k = 1 term
        for (int k = 1; k < TERMS - 1; k++) {
            double hNext = 2 * x0 * h - 2 * k * hPrev;
            hPrev = h;
            h = hNext;
            dp *= d;
            double t = h * dp * INV_FACT[k + 2];
            sum += (k & 1) == 1 ? t : -t;   // sign (-1)^(k+1)
        }
        double r = ERF[i] + GAUSS[i] * sum;
        return x < 0 ? -r : r;
    }
}
