package org.crema.metrics.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningCurveTest {

    @Test
    void fractionSizesFollowSklearn() {
        // sklearn 1.2.1 learning_curve(cv=KFold(5)) on 23 samples, train_sizes=[0.1, 0.33, 0.5, 0.5, 0.999, 1.0]
        int[] sklearn = {1, 5, 9, 17, 18};
        List<Fold> folds = new KFold(5).split(23);
        assertArrayEquals(sklearn, LearningCurve.sizesFromFractions(folds, new double[] {0.1, 0.33, 0.5, 0.5, 0.999, 1.0}));
        assertArrayEquals(new int[] {3, 10}, LearningCurve.sizesFromCounts(folds, new int[] {10, 3, 10}));
        var e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurve.sizesFromFractions(folds, new double[] {0.5, 1.5}));
        assertEquals("LearningCurve: training-set fractions must lie in (0, 1] but fraction 1 is 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurve.sizesFromCounts(folds, new int[] {19}));
        assertEquals("LearningCurve: training-set sizes must lie in [1, 18] (the first fold's training samples) but one"
                + " is 19", e.getMessage());
    }

    @Test
    void trainsOnPrefixesOfEachFoldAndAggregates() {
        List<Fold> folds = new KFold(4).split(20);
        LearningCurveResult r = LearningCurve.run(folds, new int[] {5, 10, 15}, (train, val) -> {
            // a fake model whose training score falls and validation score rises with data, fold-dependent noise
            assertTrue(train.length <= 15);
            double noise = val[0] / 100.0;
            return new LearningCurve.Scores(1.0 - train.length / 100.0, 0.5 + train.length / 50.0 + noise);
        });
        assertArrayEquals(new int[] {5, 10, 15}, r.trainSizes());
        assertArrayEquals(new double[] {0.95, 0.90, 0.85}, r.trainMean(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, r.trainStd(), 1e-12);
        // noise over folds: first val indices 0, 5, 10, 15 -> mean 0.075, std sqrt(0.003125)
        assertArrayEquals(new double[] {0.675, 0.775, 0.875}, r.validationMean(), 1e-12);
        assertEquals(Math.sqrt(0.003125), r.validationStd()[0], 1e-12);
        assertEquals(4, r.trainScores()[0].length);
        assertTrue(r.toString().contains("train size"), r.toString());
    }

    @Test
    void usesTheFirstTrainingIndicesUnlessShuffled() {
        List<Fold> folds = new KFold(2).split(10);
        LearningCurveResult plain = LearningCurve.run(folds, new int[] {2}, (train, val) -> {
            assertEquals(train[0] + 1, train[1], "prefix of " + java.util.Arrays.toString(train));
            return new LearningCurve.Scores(train[0], 0);
        });
        assertArrayEquals(new double[] {5, 0}, plain.trainScores()[0]);
        LearningCurveResult a = LearningCurve.run(folds, new double[] {0.4}, 11L, (train, val) ->
                new LearningCurve.Scores(train[0] * 10 + train[1], 0));
        LearningCurveResult b = LearningCurve.run(folds, new double[] {0.4}, 11L, (train, val) ->
                new LearningCurve.Scores(train[0] * 10 + train[1], 0));
        assertEquals(a, b);
    }

    private static LearningCurveResult curve(double train, double val, double earlierVal) {
        return new LearningCurveResult(new int[] {50, 100}, new double[][] {{train, train}, {train, train}},
                new double[][] {{earlierVal, earlierVal}, {val, val}});
    }

    @Test
    void diagnosesBiasAndVariance() {
        assertEquals(FitDiagnosis.HIGH_BIAS, curve(0.70, 0.68, 0.67).diagnose(0.9, 0.05, true));
        assertEquals(FitDiagnosis.HIGH_VARIANCE, curve(0.99, 0.80, 0.70).diagnose(0.9, 0.05, true));
        assertEquals(FitDiagnosis.HIGH_BIAS_AND_VARIANCE, curve(0.80, 0.60, 0.60).diagnose(0.9, 0.05, true));
        assertEquals(FitDiagnosis.GOOD_FIT, curve(0.95, 0.93, 0.92).diagnose(0.9, 0.05, true));
        // losses: lower is better
        assertEquals(FitDiagnosis.HIGH_VARIANCE, curve(0.05, 0.40, 0.50).diagnose(0.1, 0.05, false));
        assertEquals(FitDiagnosis.HIGH_BIAS, curve(0.60, 0.62, 0.63).diagnose(0.1, 0.05, false));

        String text = curve(0.99, 0.80, 0.70).explain(0.9);
        assertTrue(text.startsWith("At 100 training samples: training score 0.9900, validation score 0.8000"
                + " (gap 0.1900, target 0.9000, tolerance 0.0500). High variance (overfitting)"), text);
        assertTrue(text.contains("more data is likely to help"), text);
        String bias = curve(0.70, 0.68, 0.68).explain(0.9);
        assertTrue(bias.contains("High bias (underfitting)") && bias.contains("levelled off"), bias);
    }
}
