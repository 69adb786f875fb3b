package org.crema.metrics.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * K-fold splitter with sklearn's {@code KFold} fold sizes: n / k samples per test fold, the first n % k folds
 * one larger. Without a seed the test folds are consecutive index ranges, identical to sklearn's
 * {@code KFold(k)}; with a seed the indices are shuffled first (a Fisher-Yates shuffle from
 * {@link SplittableRandom}, so the same seed always gives the same folds, though not sklearn's numpy folds).
 * As in sklearn, train and test indices of each fold are listed in ascending order.
 */
public final class KFold {
    private final int nSplits;
    private final Long seed;

    /** Unshuffled k-fold. */
    public KFold(int nSplits) {
        this(nSplits, null);
    }

    /** Shuffled k-fold with a fixed seed. */
    public KFold(int nSplits, long seed) {
        this(nSplits, Long.valueOf(seed));
    }

    private KFold(int nSplits, Long seed) {
        if (nSplits < 2) throw new IllegalArgumentException("KFold: nSplits must be at least 2 but is " + nSplits);
        this.nSplits = nSplits;
        this.seed = seed;
    }

    public int nSplits() {
        return nSplits;
    }

    /** The k folds of samples 0..nSamples-1. */
    public List<Fold> split(int nSamples) {
        if (nSplits > nSamples) {
            throw new IllegalArgumentException("KFold: cannot have nSplits=" + nSplits
                    + " greater than the number of samples: nSamples=" + nSamples);
        }
        int[] order = new int[nSamples];
        for (int i = 0; i < nSamples; i++) order[i] = i;
        if (seed != null) shuffle(order, new SplittableRandom(seed));
        List<Fold> folds = new ArrayList<>(nSplits);
        int start = 0;
        for (int f = 0; f < nSplits; f++) {
            int size = nSamples / nSplits + (f < nSamples % nSplits ? 1 : 0);
            boolean[] inTest = new boolean[nSamples];
            for (int i = start; i < start + size; i++) inTest[order[i]] = true;
            folds.add(Fold.fromMask(inTest));
            start += size;
        }
        return List.copyOf(folds);
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
