package org.crema.metrics.validation;

import java.util.List;

/**
 * Runs a user-supplied "train on these indices, score on those" function over cross-validation folds. The
 * function owns everything model-specific (building a fresh model, training, choosing the score), so this driver
 * works for any model and any metric. Folds run one after another, in order.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Trains a fresh model on {@code train} and returns its score on {@code test}. */
    @FunctionalInterface
    public interface FoldScorer {
        double score(int[] train, int[] test);
    }

    /** Scores every fold. A fold scoring NaN (a diverged run, say) makes the mean NaN, as in sklearn. */
    public static CvResult run(List<Fold> folds, FoldScorer scorer) {
        if (folds == null || folds.isEmpty()) throw new IllegalArgumentException("CrossValidation: no folds");
        if (scorer == null) throw new IllegalArgumentException("CrossValidation: scorer is null");
        double[] scores = new double[folds.size()];
        for (int f = 0; f < scores.length; f++) {
            Fold fold = folds.get(f);
            scores[f] = scorer.score(fold.train(), fold.test());
        }
        return CvResult.of(scores);
    }

    /** {@code kFold.split(nSamples)}, scored. */
    public static CvResult run(int nSamples, KFold kFold, FoldScorer scorer) {
        if (kFold == null) throw new IllegalArgumentException("CrossValidation: kFold is null");
        return run(kFold.split(nSamples), scorer);
    }

    /** Stratified folds of labels {@code y}, scored. */
    public static CvResult run(int[] y, StratifiedKFold folds, FoldScorer scorer) {
        if (folds == null) throw new IllegalArgumentException("CrossValidation: folds is null");
        return run(folds.split(y), scorer);
    }

    /** Shuffled k-fold with a seed: the usual choice when samples may be ordered (for example by class). */
    public static CvResult run(int nSamples, int k, long seed, FoldScorer scorer) {
        return run(new KFold(k, seed).split(nSamples), scorer);
    }
}
