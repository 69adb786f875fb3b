package org.crema.metrics.validation;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Learning-curve driver after sklearn's {@code learning_curve}: for every training-set size and every fold, the
 * user function trains a fresh model on the first {@code size} training indices of the fold and returns its score
 * on those training samples and on the fold's test samples.
 *
 * <p>Sizes follow sklearn: fractions in (0, 1] are of the first fold's training-set size, rounded down and
 * clipped to at least 1; counts must lie in [1, that size]; duplicates are dropped and sizes sorted. Because fold
 * train indices are ascending, "the first size indices" are the lowest-numbered samples unless a shuffle seed is
 * given (then each fold's training indices are permuted first, like sklearn's {@code shuffle=True}).
 */
public final class LearningCurve {
    private LearningCurve() {}

    /** Scores of one model, on its own training subset and on the validation fold. */
    public record Scores(double train, double validation) {}

    /** Trains a fresh model on {@code train} and scores it on {@code train} and on {@code validation}. */
    @FunctionalInterface
    public interface Trainer {
        Scores fitAndScore(int[] train, int[] validation);
    }

    /** Curve at training-set sizes given as fractions in (0, 1] of the largest training set. */
    public static LearningCurveResult run(List<Fold> folds, double[] trainFractions, Trainer trainer) {
        return execute(folds, sizesFromFractions(folds, trainFractions), null, trainer);
    }

    /** As {@link #run(List, double[], Trainer)}, permuting each fold's training indices with the seed first. */
    public static LearningCurveResult run(List<Fold> folds, double[] trainFractions, long shuffleSeed,
            Trainer trainer) {
        return execute(folds, sizesFromFractions(folds, trainFractions), shuffleSeed, trainer);
    }

    /** Curve at absolute training-set sizes. */
    public static LearningCurveResult run(List<Fold> folds, int[] trainSizes, Trainer trainer) {
        return execute(folds, sizesFromCounts(folds, trainSizes), null, trainer);
    }

    /** As {@link #run(List, int[], Trainer)}, permuting each fold's training indices with the seed first. */
    public static LearningCurveResult run(List<Fold> folds, int[] trainSizes, long shuffleSeed, Trainer trainer) {
        return execute(folds, sizesFromCounts(folds, trainSizes), shuffleSeed, trainer);
    }

    private static LearningCurveResult execute(List<Fold> folds, int[] sizes, Long seed, Trainer trainer) {
        if (trainer == null) throw new IllegalArgumentException("LearningCurve: trainer is null");
        double[][] train = new double[sizes.length][folds.size()];
        double[][] val = new double[sizes.length][folds.size()];
        SplittableRandom rng = seed == null ? null : new SplittableRandom(seed);
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            int[] order = fold.train();
            if (rng != null) KFold.shuffle(order, rng);
            for (int s = 0; s < sizes.length; s++) {
                if (sizes[s] > order.length) {
                    throw new IllegalArgumentException("LearningCurve: fold " + f + " has only " + order.length
                            + " training samples but size " + sizes[s] + " was asked for");
                }
                int[] subset = Arrays.copyOf(order, sizes[s]);
                Arrays.sort(subset);
                Scores sc = trainer.fitAndScore(subset, fold.test());
                if (sc == null) throw new IllegalStateException("LearningCurve: trainer returned null for fold " + f);
                train[s][f] = sc.train();
                val[s][f] = sc.validation();
            }
        }
        return new LearningCurveResult(sizes, train, val);
    }

    /** sklearn's _translate_train_sizes for fractions. */
    static int[] sizesFromFractions(List<Fold> folds, double[] fractions) {
        int max = maxTrain(folds);
        if (fractions == null || fractions.length == 0) {
            throw new IllegalArgumentException("LearningCurve: no training-set fractions given");
        }
        int[] sizes = new int[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            double f = fractions[i];
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("LearningCurve: training-set fractions must lie in (0, 1] but "
                        + "fraction " + i + " is " + f);
            }
            sizes[i] = Math.max(1, Math.min(max, (int) (f * max)));
        }
        return Arrays.stream(sizes).sorted().distinct().toArray();
    }

    static int[] sizesFromCounts(List<Fold> folds, int[] counts) {
        int max = maxTrain(folds);
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("LearningCurve: no training-set sizes given");
        }
        for (int c : counts) {
            if (c < 1 || c > max) {
                throw new IllegalArgumentException("LearningCurve: training-set sizes must lie in [1, " + max
                        + "] (the first fold's training samples) but one is " + c);
            }
        }
        return Arrays.stream(counts).sorted().distinct().toArray();
    }

    private static int maxTrain(List<Fold> folds) {
        if (folds == null || folds.isEmpty()) throw new IllegalArgumentException("LearningCurve: no folds");
        int max = folds.get(0).trainSize();
        if (max == 0) throw new IllegalArgumentException("LearningCurve: the first fold has no training samples");
        return max;
    }
}
