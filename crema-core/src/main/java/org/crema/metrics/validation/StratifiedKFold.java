package org.crema.metrics.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * K-fold splitter that keeps each class's share roughly equal in every fold, with sklearn's
 * {@code StratifiedKFold} allocation: the labels sorted (classes numbered by first appearance) are dealt round
 * robin to the k folds, which fixes how many samples of each class every test fold gets; then each class's
 * samples, in index order, fill fold 0's quota, then fold 1's, and so on. Without a seed the folds equal sklearn's
 * {@code StratifiedKFold(k)} exactly; with a seed the fold assignment within each class is shuffled with
 * {@link SplittableRandom} (reproducible, not numpy's). Train and test indices are ascending.
 *
 * <p>A class with fewer than k members cannot appear in every fold (sklearn warns); if every class is smaller
 * than k the split is refused.
 */
public final class StratifiedKFold {
    private final int nSplits;
    private final Long seed;

    public StratifiedKFold(int nSplits) {
        this(nSplits, null);
    }

    public StratifiedKFold(int nSplits, long seed) {
        this(nSplits, Long.valueOf(seed));
    }

    private StratifiedKFold(int nSplits, Long seed) {
        if (nSplits < 2) {
            throw new IllegalArgumentException("StratifiedKFold: nSplits must be at least 2 but is " + nSplits);
        }
        this.nSplits = nSplits;
        this.seed = seed;
    }

    public int nSplits() {
        return nSplits;
    }

    /** The k folds for samples labelled {@code y}. */
    public List<Fold> split(int[] y) {
        if (y == null) throw new IllegalArgumentException("StratifiedKFold: labels are null");
        int n = y.length;
        if (nSplits > n) {
            throw new IllegalArgumentException("StratifiedKFold: cannot have nSplits=" + nSplits
                    + " greater than the number of samples: nSamples=" + n);
        }
        // classes numbered by order of first appearance, as sklearn encodes them
        int[] distinct = Arrays.stream(y).distinct().toArray();
        int nClasses = distinct.length;
        int[] sortedDistinct = distinct.clone();
        Arrays.sort(sortedDistinct);
        int[] codeOfSorted = new int[nClasses];
        for (int code = 0; code < nClasses; code++) codeOfSorted[Arrays.binarySearch(sortedDistinct, distinct[code])] = code;
        int[] encoded = new int[n];
        int[] counts = new int[nClasses];
        for (int i = 0; i < n; i++) {
            encoded[i] = codeOfSorted[Arrays.binarySearch(sortedDistinct, y[i])];
            counts[encoded[i]]++;
        }
        if (Arrays.stream(counts).allMatch(c -> c < nSplits)) {
            throw new IllegalArgumentException("StratifiedKFold: nSplits=" + nSplits
                    + " cannot be greater than the number of members in each class (largest class has "
                    + Arrays.stream(counts).max().orElse(0) + ")");
        }
        // allocation[f][k]: members of class k in test fold f, dealing sorted codes round robin
        int[][] allocation = new int[nSplits][nClasses];
        int pos = 0;
        for (int k = 0; k < nClasses; k++) {
            for (int m = 0; m < counts[k]; m++, pos++) allocation[pos % nSplits][k]++;
        }
        SplittableRandom rng = seed == null ? null : new SplittableRandom(seed);
        int[] testFold = new int[n];
        for (int k = 0; k < nClasses; k++) {
            int[] foldsForClass = new int[counts[k]];
            int p = 0;
            for (int f = 0; f < nSplits; f++) for (int r = 0; r < allocation[f][k]; r++) foldsForClass[p++] = f;
            if (rng != null) KFold.shuffle(foldsForClass, rng);
            p = 0;
            for (int i = 0; i < n; i++) if (encoded[i] == k) testFold[i] = foldsForClass[p++];
        }
        List<Fold> folds = new ArrayList<>(nSplits);
        for (int f = 0; f < nSplits; f++) {
            boolean[] inTest = new boolean[n];
            for (int i = 0; i < n; i++) inTest[i] = testFold[i] == f;
            folds.add(Fold.fromMask(inTest));
        }
        return List.copyOf(folds);
    }
}
