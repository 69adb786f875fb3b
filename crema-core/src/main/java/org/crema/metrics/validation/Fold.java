package org.crema.metrics.validation;

import java.util.Arrays;

/**
 * One cross-validation split: sample indices to train on and indices to score on, both ascending and disjoint.
 * The arrays are copied in and out.
 */
public record Fold(int[] train, int[] test) {

    public Fold {
        if (train == null || test == null) throw new IllegalArgumentException("Fold: train or test indices are null");
        train = train.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    public int trainSize() {
        return train.length;
    }

    public int testSize() {
        return test.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fold f && Arrays.equals(train, f.train) && Arrays.equals(test, f.test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Fold[train=" + Arrays.toString(train) + ", test=" + Arrays.toString(test) + "]";
    }

    /** Fold whose test set is the samples marked in {@code inTest} and whose train set is all others. */
    static Fold fromMask(boolean[] inTest) {
        int nTest = 0;
        for (boolean b : inTest) if (b) nTest++;
        int[] test = new int[nTest];
        int[] train = new int[inTest.length - nTest];
        int a = 0;
        int b = 0;
        for (int i = 0; i < inTest.length; i++) {
            if (inTest[i]) test[a++] = i;
            else train[b++] = i;
        }
        return new Fold(train, test);
    }
}
