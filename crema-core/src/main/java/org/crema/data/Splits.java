package org.crema.data;

import org.crema.Generator;

/** Seeded splits of a dataset into disjoint subsets. */
public final class Splits {
    private Splits() {}

    /** A seeded permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** Splits into subsets of the given lengths, which must add up to the dataset's size. */
    public static Subset[] randomSplit(Dataset d, int[] lengths, long seed) {
        long total = 0;
        for (int len : lengths) {
            if (len < 0) throw new IllegalArgumentException("randomSplit: negative length " + len);
            total += len;
        }
        if (total != d.size()) {
            throw new IllegalArgumentException("randomSplit: lengths " + java.util.Arrays.toString(lengths) + " add up to "
                    + total + " but the dataset has " + d.size() + " examples");
        }
        int[] p = permutation(d.size(), seed);
        Subset[] out = new Subset[lengths.length];
        int pos = 0;
        for (int i = 0; i < lengths.length; i++) {
            out[i] = new Subset(d, java.util.Arrays.copyOfRange(p, pos, pos + lengths[i]));
            pos += lengths[i];
        }
        return out;
    }

    /** Splits by fractions (summing to 1); rounding remainders go to the first subsets, as torch does. */
    public static Subset[] randomSplit(Dataset d, double[] fractions, long seed) {
        double sum = 0;
        for (double f : fractions) {
            if (f < 0 || f > 1) throw new IllegalArgumentException("randomSplit: fraction " + f + " outside [0, 1]");
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) throw new IllegalArgumentException("randomSplit: fractions add up to " + sum + ", not 1");
        int n = d.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % lengths.length, assigned++) lengths[i]++;
        return randomSplit(d, lengths, seed);
    }

    /** {train, test} with testFraction of the examples in test (rounded, at least one in each when possible). */
    public static Subset[] trainTestSplit(Dataset d, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("trainTestSplit: testFraction must be in (0, 1), got " + testFraction);
        }
        int n = d.size();
        int nTest = (int) Math.ceil(n * testFraction);
        if (n >= 2) nTest = Math.min(Math.max(nTest, 1), n - 1);
        return randomSplit(d, new int[] {n - nTest, nTest}, seed);
    }
}
